//! A pull stored the fast way (new contacts inserted directly, many to a statement, the
//! indexes dropped and built again) ends exactly as the same rows merged one by one by the
//! bundle rules; contacts already here, tombstones and erasures are respected; a failed pull
//! keeps nothing.

use chrono::NaiveDateTime;
use rusqlite::Connection;

use super::at;
use crate::desks::bundle::{Link, Tombstone};
use crate::desks::merge::{self, MergeCounts};
use crate::desks::pulled::{BULK, merge_pull};
use crate::domain::{Contact, ContactId, Kind};
use crate::store::{Store, StoreError};

const KEY: &str = "sync.watermark.contacts.test";

fn now() -> NaiveDateTime {
    at("2026-12-01 10:00")
}

/// What a server sends: `n` contacts of two desks with every kind of field on some, every
/// seventh linked to two articles; and three deletions.
fn server(n: usize) -> (Vec<(Contact, Vec<String>)>, Vec<Tombstone>) {
    let start = at("2026-01-05 09:00");
    let contacts = (0..n)
        .map(|i| {
            let when = start + chrono::Duration::minutes(13 * i as i64);
            let topics = if i % 3 == 0 {
                vec!["huur".to_string(), "onderhoud".to_string()]
            } else {
                vec!["taal".to_string()]
            };
            let desk = ["WSWonen Noord", "WSWonen Oost"][i % 2];
            let mut c = Contact::bare(when, desk, "AB", topics, when);
            c.id = id(i);
            c.kind = if i % 2 == 0 {
                Kind::Kort
            } else {
                Kind::Hulpvraag
            };
            c.updated_at = when + chrono::Duration::minutes(5);
            if i % 4 == 0 {
                c.resident = Some(format!("R{:03}", i % 900));
                c.note = "komt terug".into();
                c.minutes = Some((i % 60) as u32);
            }
            if i % 5 == 1 {
                c.referred_to = Some("huurteam".into());
                c.follow_up = Some(when.date() + chrono::Duration::days(3));
                c.signal = Some("renovatie".into());
                c.postcode = Some("1102".into());
            }
            if i % 10 == 1 {
                c.follow_up_done = Some(when + chrono::Duration::days(2));
            }
            let articles = if i % 7 == 0 {
                vec!["huurtoeslag".to_string(), "bezwaar".to_string()]
            } else {
                Vec::new()
            };
            (c, articles)
        })
        .collect();
    let tombstones = vec![
        // deleted after its last edit: goes
        Tombstone {
            id: id(10),
            deleted_at: at("2026-12-01 09:00"),
        },
        // deleted before its last edit: the edit stands
        Tombstone {
            id: id(11),
            deleted_at: at("2026-01-01 09:00"),
        },
        // never here
        Tombstone {
            id: ContactId("01NEVERHERE".into()),
            deleted_at: at("2026-06-01 09:00"),
        },
    ];
    (contacts, tombstones)
}

fn id(i: usize) -> ContactId {
    ContactId(format!("01PULL{i:020}"))
}

/// A coordinator's database with no contacts, but an erasure (contact 4: its note and
/// resident code stay erased) and two tombstones of its own (contact 6, deleted after the
/// server's edit: stays deleted; contact 8, deleted before it: comes back).
fn coordinator() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let tx = store.incoming().unwrap();
    tx.record_erasures(&[id(4)], at("2026-11-01 10:00"))
        .unwrap();
    for (i, when) in [(6, "2026-11-01 10:00"), (8, "2026-01-01 10:00")] {
        tx.keep_tombstone(&Tombstone {
            id: id(i),
            deleted_at: at(when),
        })
        .unwrap();
    }
    tx.commit().unwrap();
    store
}

/// The same rows stored one by one, as a bundle of them would be merged.
fn one_by_one(
    store: &mut Store,
    contacts: &[(Contact, Vec<String>)],
    tombstones: &[Tombstone],
) -> MergeCounts {
    let tx = store.incoming().unwrap();
    tx.pause_queue().unwrap();
    let mut n = MergeCounts::default();
    for (c, articles) in contacts {
        let mut c = c.clone();
        if tx.erased(&c.id).unwrap() {
            c.note.clear();
            c.resident = None;
        }
        merge::merge_contact(&tx, &c, "server", "co", now(), &mut n).unwrap();
        for a in articles {
            let link = Link {
                contact: c.id.clone(),
                article: a.clone(),
                linked_at: c.updated_at,
            };
            merge::merge_link(&tx, &link, &mut n).unwrap();
        }
    }
    for t in tombstones {
        merge::merge_tombstone(&tx, t, "server", "co", now(), &mut n).unwrap();
    }
    tx.resume_queue().unwrap();
    tx.commit().unwrap();
    n
}

fn pull(
    store: &mut Store,
    contacts: &[(Contact, Vec<String>)],
    tombstones: &[Tombstone],
) -> MergeCounts {
    merge_pull(store, "server", "co", now(), (KEY, "42"), |m| {
        for (c, articles) in contacts {
            m.contact(c.clone(), articles)?;
        }
        for t in tombstones {
            m.tombstone(t)?;
        }
        Ok::<(), StoreError>(())
    })
    .unwrap()
}

/// Every row of the tables a pull writes, and the schema (the indexes must be back).
fn content(conn: &Connection) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT * FROM contacts ORDER BY id",
        "SELECT * FROM contact_topics ORDER BY contact_id, topic",
        "SELECT * FROM contact_articles ORDER BY contact_id, article_id",
        "SELECT * FROM deleted_contacts ORDER BY id",
        "SELECT * FROM erasures ORDER BY contact_id",
        "SELECT * FROM sync_queue ORDER BY contact_id",
        "SELECT * FROM sync_paused",
        "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let values: Vec<String> = (0..columns)
                .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                .collect();
            out.push(format!("{sql}: {}", values.join("|")));
        }
    }
    out
}

#[test]
fn a_first_pull_stored_in_bulk_equals_the_rows_merged_one_by_one() {
    let n = BULK as usize + 1_234; // past the point where the indexes are dropped
    let (contacts, tombstones) = server(n);
    let mut fast = coordinator();
    let mut slow = coordinator();
    let counts = pull(&mut fast, &contacts, &tombstones);
    let expected = one_by_one(&mut slow, &contacts, &tombstones);
    assert_eq!(counts, expected);
    // 6 stays deleted; 10 is deleted by the server's tombstone
    assert_eq!(counts.added, n as u64 - 1);
    assert_eq!(counts.skipped, 1);
    assert_eq!(counts.deleted, 1);
    assert_eq!(counts.links, 2 * n.div_ceil(7) as u64);
    let (fast_rows, slow_rows) = (content(fast.conn()), content(slow.conn()));
    assert_eq!(fast_rows.len(), slow_rows.len());
    for (f, s) in fast_rows.iter().zip(&slow_rows) {
        assert_eq!(f, s);
    }
    let got = |c: &Store, i| c.get(&id(i)).unwrap();
    let erased = got(&fast, 4).unwrap();
    assert_eq!((erased.note.as_str(), erased.resident), ("", None));
    assert!(got(&fast, 6).is_none() && got(&fast, 10).is_none());
    assert!(got(&fast, 8).is_some() && got(&fast, 11).is_some());
    assert_eq!(fast.setting(KEY).unwrap().as_deref(), Some("42"));
    assert_eq!(fast.sync_waiting().unwrap().contacts, 0);
    let integrity: String = fast
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
}

#[test]
fn contacts_already_here_keep_their_newer_version_and_take_a_newer_one() {
    let (mut contacts, _) = server(50);
    let mut store = coordinator();
    let mut newer_here = contacts[1].0.clone();
    newer_here.updated_at = at("2026-11-30 10:00");
    newer_here.channel = "telefoon".into();
    let mut older_here = contacts[2].0.clone();
    older_here.updated_at = at("2026-01-01 10:00");
    older_here.topics = vec!["schulden".into()];
    store.insert(&newer_here).unwrap();
    store.insert(&older_here).unwrap();
    let waiting = store.sync_waiting().unwrap().contacts;
    contacts[3].0.note = "van de server".into();
    let counts = pull(&mut store, &contacts, &[]);
    assert_eq!((counts.added, counts.updated, counts.skipped), (47, 1, 2));
    assert_eq!(store.get(&id(1)).unwrap().unwrap(), newer_here);
    assert_eq!(store.get(&id(2)).unwrap().unwrap(), contacts[2].0);
    assert_eq!(store.get(&id(3)).unwrap().unwrap().note, "van de server");
    // What came from the server is not queued to be sent back.
    assert_eq!(store.sync_waiting().unwrap().contacts, waiting);
    // Pulled again: nothing changes.
    let again = pull(&mut store, &contacts, &[]);
    assert_eq!((again.added, again.updated, again.skipped), (0, 0, 50));
}

#[test]
fn a_pull_that_fails_halfway_keeps_nothing_and_its_indexes() {
    let (contacts, _) = server(BULK as usize + 500);
    let mut store = coordinator();
    let before = content(store.conn());
    let result = merge_pull(&mut store, "server", "co", now(), (KEY, "42"), |m| {
        for (c, articles) in &contacts {
            m.contact(c.clone(), articles)?;
        }
        Err(StoreError::Invalid("the connection was cut".into()))
    });
    assert!(matches!(result, Err(StoreError::Invalid(_))), "{result:?}");
    assert_eq!(content(store.conn()), before);
    assert_eq!(store.setting(KEY).unwrap(), None);
    // And the next pull completes.
    let counts = pull(&mut store, &contacts, &[]);
    assert_eq!(counts.added, contacts.len() as u64 - 1);
}
