//! Storage tests, each on a fresh database.

use super::*;
use crate::config::Config;
use crate::domain::Kind;
use std::collections::BTreeMap;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
}

fn contact(when: &str, topics: &[&str]) -> Contact {
    let mut c = Contact::bare(
        at(when),
        "Buurtwerkkamer MultiBron",
        "AB",
        topics.iter().map(|t| t.to_string()).collect(),
        at(when),
    );
    c.validate(&Config::shipped()).unwrap();
    c
}

#[test]
fn a_contact_round_trips_with_every_field() {
    let mut store = Store::open_in_memory().unwrap();
    let mut c = contact("2026-11-20 10:30", &["splitsing", "huur"]);
    c.channel = "telefoon".into();
    c.kind = Kind::Hulpvraag;
    c.landlord = "ymere".into();
    c.minutes = Some(25);
    c.referred_from = Some("samen-doen".into());
    c.referred_to = Some("huurteam".into());
    c.language = Some("tr".into());
    c.resident = Some("K-0042".into());
    c.postcode = Some("1102".into());
    c.follow_up = Some("2026-11-27".parse().unwrap());
    c.note = "brief van verhuurder, \"splitsingsvergunning\"; komt terug".into();
    c.signal = Some("Splitsing Kolenkitbuurt".into());
    c.follow_up_done = Some(at("2026-11-27 11:00"));
    store.insert(&c).unwrap();
    assert_eq!(store.get(&c.id).unwrap(), Some(c.clone()));
    // topic order is kept as chosen
    assert_eq!(
        store.get(&c.id).unwrap().unwrap().topics,
        vec!["splitsing", "huur"]
    );
}

#[test]
fn list_is_oldest_first_and_limited_to_the_range() {
    let mut store = Store::open_in_memory().unwrap();
    let late = contact("2026-11-20 16:00", &["taal"]);
    let early = contact("2026-11-20 09:00", &["huur"]);
    let other_day = contact("2026-11-21 09:00", &["huur"]);
    for c in [&late, &early, &other_day] {
        store.insert(c).unwrap();
    }
    let day = "2026-11-20".parse().unwrap();
    let got = store.list(&Filter::days(day, day)).unwrap();
    assert_eq!(
        got.iter().map(|c| &c.id).collect::<Vec<_>>(),
        vec![&early.id, &late.id]
    );
    let mut newest = Filter::days(day, day);
    newest.newest_first = true;
    newest.limit = Some(1);
    assert_eq!(store.list(&newest).unwrap()[0].id, late.id);
    assert_eq!(store.count(&Filter::days(day, day)).unwrap(), 2);
}

#[test]
fn the_desk_filter_keeps_other_desks_out() {
    let mut store = Store::open_in_memory().unwrap();
    let mine = contact("2026-11-20 09:00", &["huur"]);
    let mut theirs = contact("2026-11-20 09:05", &["huur"]);
    theirs.desk = "WSWonen Noord".into();
    store.insert(&mine).unwrap();
    store.insert(&theirs).unwrap();
    let filter = Filter {
        desk: Some("WSWonen Noord".into()),
        ..Filter::default()
    };
    let got = store.list(&filter).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].id, theirs.id);
}

#[test]
fn topic_counts_count_a_contact_once_per_topic() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert(&contact("2026-11-20 09:00", &["huur", "onderhoud"]))
        .unwrap();
    store
        .insert(&contact("2026-11-20 10:00", &["huur"]))
        .unwrap();
    store
        .insert(&contact("2026-11-19 10:00", &["taal"]))
        .unwrap();
    let day = "2026-11-20".parse().unwrap();
    let counts = store.topic_counts(&Filter::days(day, day)).unwrap();
    assert_eq!(
        counts,
        vec![("huur".to_string(), 2), ("onderhoud".to_string(), 1)]
    );
}

#[test]
fn update_replaces_fields_and_topics() {
    let mut store = Store::open_in_memory().unwrap();
    let mut c = contact("2026-11-20 09:00", &["huur"]);
    store.insert(&c).unwrap();
    c.topics = vec!["onderhoud".into(), "overlast".into()];
    c.note = "lekkage bij de buren".into();
    c.updated_at = at("2026-11-20 09:10");
    assert!(store.update(&c, "AB").unwrap());
    assert_eq!(store.get(&c.id).unwrap(), Some(c.clone()));
    let mut gone = contact("2026-11-20 09:00", &["huur"]);
    gone.id = ContactId::new();
    assert!(!store.update(&gone, "AB").unwrap());
}

#[test]
fn delete_leaves_a_tombstone_and_restore_brings_it_back() {
    let mut store = Store::open_in_memory().unwrap();
    let c = contact("2026-11-20 09:00", &["huur", "taal"]);
    store.insert(&c).unwrap();
    let old = store.delete(&c.id, "AB", at("2026-11-20 09:30")).unwrap();
    assert_eq!(old, Some(c.clone()));
    assert_eq!(store.get(&c.id).unwrap(), None);
    let tombstones: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM deleted_contacts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tombstones, 1);
    // the topics went with it (foreign key cascade)
    let topics: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM contact_topics", [], |r| r.get(0))
        .unwrap();
    assert_eq!(topics, 0);
    store
        .restore_contact(&c, "AB", at("2026-11-20 09:31"))
        .unwrap();
    assert_eq!(store.get(&c.id).unwrap(), Some(c));
    assert_eq!(
        store
            .delete(&ContactId::new(), "AB", at("2026-11-20 09:30"))
            .unwrap(),
        None
    );
}

#[test]
fn a_duplicate_id_is_refused_and_stores_nothing_twice() {
    let mut store = Store::open_in_memory().unwrap();
    let c = contact("2026-11-20 09:00", &["huur"]);
    store.insert(&c).unwrap();
    assert!(store.insert(&c).is_err());
    assert_eq!(store.count(&Filter::default()).unwrap(), 1);
}

#[test]
fn settings_are_remembered_and_cleared() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.setting("desk").unwrap(), None);
    store.set_setting("desk", "WSWonen Noord").unwrap();
    store.set_setting("desk", "WSWonen Oost").unwrap();
    assert_eq!(
        store.setting("desk").unwrap().as_deref(),
        Some("WSWonen Oost")
    );
    store.clear_setting("desk").unwrap();
    assert_eq!(store.setting("desk").unwrap(), None);
}

#[test]
fn the_audit_log_is_append_only() {
    let store = Store::open_in_memory().unwrap();
    let id = ContactId::new();
    store
        .audit(
            at("2026-11-20 09:00"),
            "AB",
            audit::AuditKind::Delete,
            &[&id],
            "",
        )
        .unwrap();
    assert!(
        store
            .conn()
            .execute("UPDATE audit SET action = 'x'", [])
            .is_err()
    );
    assert!(store.conn().execute("DELETE FROM audit", []).is_err());
    let ids: String = store
        .conn()
        .query_row("SELECT contact_ids FROM audit", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ids, id.0);
}

#[test]
fn a_file_store_is_wal_durable_and_private() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut store = Store::open_dir(&data).unwrap();
    store
        .insert(&contact("2026-11-20 09:00", &["huur"]))
        .unwrap();
    let mode: String = store
        .conn()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = store
        .conn()
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
    let fk: i64 = store
        .conn()
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    drop(store);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let file = std::fs::metadata(data.join(DB_FILE))
            .unwrap()
            .permissions()
            .mode();
        let folder = std::fs::metadata(&data).unwrap().permissions().mode();
        assert_eq!(file & 0o777, 0o600);
        assert_eq!(folder & 0o777, 0o700);
    }
    // reopening keeps what was stored
    let store = Store::open_dir(&data).unwrap();
    assert_eq!(store.count(&Filter::default()).unwrap(), 1);
}

#[test]
fn random_bytes_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &bytes).unwrap();
    let e = Store::open_dir(dir.path()).err().unwrap();
    assert!(matches!(e, StoreError::NotBalie { .. }), "{e}");
    assert!(e.to_string().contains("balie restore"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn another_programs_sqlite_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soep');",
        )
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let e = Store::open_dir(dir.path()).err().unwrap();
    assert!(e.to_string().contains("another program"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    drop(Store::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let e = Store::open(&path).err().unwrap();
    assert!(matches!(e, StoreError::Newer { found: 99, .. }), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_reader_mid_query_never_blocks_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = Store::open_dir(dir.path()).unwrap();
    for i in 0..3 {
        writer
            .insert(&contact(&format!("2026-11-20 09:0{i}"), &["huur"]))
            .unwrap();
    }
    let reader = Store::open_dir(dir.path()).unwrap();
    // the writer may not wait at all: any lock held by the reader would fail it at once
    writer
        .conn()
        .busy_timeout(std::time::Duration::ZERO)
        .unwrap();
    let mut seen = 0;
    reader
        .for_each(&Filter::default(), |_| {
            seen += 1;
            writer.insert(&contact("2026-11-20 10:00", &["taal"]))?;
            writer.set_setting("desk", "WSWonen Noord")?;
            writer.audit(
                at("2026-11-20 10:00"),
                "AB",
                audit::AuditKind::Export,
                &[],
                "",
            )
        })
        .unwrap();
    // the reader's snapshot did not move under it
    assert_eq!(seen, 3);
    assert_eq!(reader.count(&Filter::default()).unwrap(), 6);
}

#[test]
fn connections_opening_and_writing_at_once_never_see_a_lock_error() {
    let dir = tempfile::tempdir().unwrap();
    let threads = 4;
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let path = dir.path().to_path_buf();
            let barrier = barrier.clone();
            std::thread::spawn(move || -> Result<()> {
                // all open a database that does not exist yet at the same moment
                barrier.wait();
                let mut store = Store::open_dir(&path)?;
                for i in 0..25 {
                    let mut c = contact("2026-11-20 09:00", &["huur"]);
                    store.insert(&c)?;
                    store.set_setting(&format!("thread{t}"), &i.to_string())?;
                    c.note = format!("bewerkt {i}");
                    c.updated_at = at("2026-11-20 09:30");
                    assert!(store.update(&c, "AB")?);
                    if i % 5 == 0 {
                        store.delete(&c.id, "AB", at("2026-11-20 09:31"))?;
                    }
                }
                Ok(())
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap().unwrap();
    }
    let store = Store::open_dir(dir.path()).unwrap();
    assert_eq!(
        store.count(&Filter::default()).unwrap(),
        (threads * 20) as u64
    );
    assert_eq!(store.audit_entries(None, None).unwrap().len(), threads * 30);
}

#[test]
fn data_version_changes_when_another_connection_commits() {
    let dir = tempfile::tempdir().unwrap();
    let watcher = Store::open_dir(dir.path()).unwrap();
    let mut other = Store::open_dir(dir.path()).unwrap();
    let v0 = watcher.data_version().unwrap();
    assert_eq!(
        watcher.data_version().unwrap(),
        v0,
        "no change, same number"
    );
    other
        .insert(&contact("2026-11-20 09:00", &["huur"]))
        .unwrap();
    assert_ne!(watcher.data_version().unwrap(), v0);
}

#[test]
fn two_balies_creating_the_same_database_at_once_both_open_it() {
    // Switching a new file to WAL while the other creates the schema used to fail at once
    // with "database is locked" in about one race in seven.
    for _ in 0..40 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DB_FILE);
        let go = std::sync::Arc::new(std::sync::Barrier::new(2));
        let openers: Vec<_> = (0..2)
            .map(|_| {
                let (path, go) = (path.clone(), go.clone());
                std::thread::spawn(move || {
                    go.wait();
                    Store::open(&path).map(|_| ()).map_err(|e| e.to_string())
                })
            })
            .collect();
        for o in openers {
            o.join().unwrap().unwrap();
        }
    }
}

#[test]
fn every_filter_combination_matches_a_plain_check() {
    let mut store = Store::open_in_memory().unwrap();
    let mut all = Vec::new();
    for (i, (when, desk, topics)) in [
        ("2026-11-18 09:00", "WSWonen Noord", &["huur"][..]),
        (
            "2026-11-18 16:59",
            "Buurtwerkkamer MultiBron",
            &["taal", "huur"][..],
        ),
        ("2026-11-19 00:00", "WSWonen Noord", &["onderhoud"][..]),
        (
            "2026-11-19 12:30",
            "Buurtwerkkamer MultiBron",
            &["huur"][..],
        ),
        (
            "2026-11-20 10:00",
            "WSWonen Noord",
            &["taal", "onderhoud", "huur"][..],
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let mut c = contact(when, topics);
        c.desk = desk.to_string();
        c.id = ContactId(format!("01K{i:023}"));
        store.insert(&c).unwrap();
        all.push(c);
    }
    let day = |s: &str| {
        s.parse::<NaiveDate>()
            .unwrap()
            .and_time(chrono::NaiveTime::MIN)
    };
    for from in [None, Some(day("2026-11-19"))] {
        for until in [None, Some(day("2026-11-20"))] {
            for desk in [None, Some("WSWonen Noord".to_string())] {
                let filter = Filter {
                    from,
                    until,
                    desk: desk.clone(),
                    ..Filter::default()
                };
                let expected: Vec<&Contact> = all
                    .iter()
                    .filter(|c| from.is_none_or(|f| c.at >= f))
                    .filter(|c| until.is_none_or(|u| c.at < u))
                    .filter(|c| desk.as_ref().is_none_or(|d| &c.desk == d))
                    .collect();
                let got = store.list(&filter).unwrap();
                assert_eq!(got.iter().collect::<Vec<_>>(), expected, "{filter:?}");
                assert_eq!(store.count(&filter).unwrap(), expected.len() as u64);
                let mut per_topic: BTreeMap<String, u64> = BTreeMap::new();
                for c in &expected {
                    for t in &c.topics {
                        *per_topic.entry(t.clone()).or_default() += 1;
                    }
                }
                let counted: BTreeMap<String, u64> =
                    store.topic_counts(&filter).unwrap().into_iter().collect();
                assert_eq!(counted, per_topic, "{filter:?}");
                let mut newest = filter.clone();
                newest.newest_first = true;
                newest.limit = Some(2);
                let got = store.list(&newest).unwrap();
                let want: Vec<&Contact> = expected.iter().rev().take(2).copied().collect();
                assert_eq!(got.iter().collect::<Vec<_>>(), want, "{newest:?}");
            }
        }
    }
}

/// The main screen's queries (today's contacts at one desk, newest first; today's topic
/// counts) and a week's report must search an index: a scan reads a million contacts.
#[test]
fn the_screens_queries_search_an_index() {
    let store = Store::open_in_memory().unwrap();
    let day: NaiveDate = "2026-11-19".parse().unwrap();
    let mut today_at_desk = Filter::days(day, day);
    today_at_desk.desk = Some("WSWonen Noord".into());
    today_at_desk.newest_first = true;
    today_at_desk.limit = Some(50);
    let week = Filter::days(day - chrono::Duration::days(6), day);
    let plan = |q, f: &Filter| store.query_plan(q, f).unwrap().join("\n");
    for (q, f, index) in [
        (Query::List, &today_at_desk, "contacts_desk_at"),
        (Query::TopicCounts, &today_at_desk, "contacts_desk_at"),
        (Query::Count, &today_at_desk, "contacts_desk_at"),
        (Query::List, &week, "contacts_at"),
        (Query::TopicCounts, &week, "contacts_at"),
    ] {
        let p = plan(q, f);
        let searches = p
            .lines()
            .any(|l| l.starts_with("SEARCH c USING") && l.contains(&format!("INDEX {index} (")));
        assert!(searches, "{q:?} does not search {index}:\n{p}");
        assert!(!p.contains("SCAN"), "{q:?} scans:\n{p}");
        if q == Query::TopicCounts {
            assert!(
                p.contains("SEARCH t USING PRIMARY KEY (contact_id=?)"),
                "{p}"
            );
        }
    }
}

#[test]
fn a_batch_is_stored_whole_or_not_at_all() {
    let mut store = Store::open_in_memory().unwrap();
    let a = contact("2026-11-19 10:00", &["huur"]);
    let b = contact("2026-11-19 11:00", &["taal", "huur"]);
    store.insert_batch(&[a.clone(), b.clone()]).unwrap();
    assert_eq!(store.list(&Filter::default()).unwrap(), vec![a.clone(), b]);
    let c = contact("2026-11-19 12:00", &["onderhoud"]);
    let err = store.insert_batch(&[c, a]).unwrap_err();
    assert!(matches!(err, StoreError::Sqlite(_)), "{err:?}");
    assert_eq!(
        store.count(&Filter::default()).unwrap(),
        2,
        "the failed batch left nothing"
    );
}

#[test]
fn times_are_written_exactly_as_chrono_formats_them() {
    let times = [
        "0000-01-01 00:00:00",
        "0999-12-31 23:59:59",
        "2026-11-19 09:05:07",
        "2027-02-28 16:59:00",
        "9999-12-31 23:59:59",
    ];
    for t in times {
        let t = NaiveDateTime::parse_from_str(t, STAMP_FORMAT).unwrap();
        assert_eq!(stamp_text(&t), t.format(STAMP_FORMAT).to_string());
        assert_eq!(at_text(&t), t.format(AT_FORMAT).to_string());
    }
    let far = NaiveDate::from_ymd_opt(12345, 6, 7)
        .unwrap()
        .and_hms_opt(8, 9, 10)
        .unwrap();
    assert_eq!(stamp_text(&far), far.format(STAMP_FORMAT).to_string());
}

#[cfg(unix)]
#[test]
fn the_write_ahead_log_files_are_private_too() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    store
        .insert(&contact("2026-11-20 09:00", &["huur"]))
        .unwrap();
    for name in ["balie.sqlite-wal", "balie.sqlite-shm"] {
        let mode = std::fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}");
    }
}

#[test]
fn a_setting_is_claimed_once_and_says_what_it_held() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(
        store.claim_setting("job", "2026-11-25").unwrap(),
        Some(None)
    );
    assert_eq!(store.claim_setting("job", "2026-11-25").unwrap(), None);
    assert_eq!(
        store.claim_setting("job", "2026-11-26").unwrap(),
        Some(Some("2026-11-25".into()))
    );
    assert_eq!(store.setting("job").unwrap().as_deref(), Some("2026-11-26"));
}

#[test]
fn a_snapshot_reads_one_moment_whatever_another_balie_commits() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    let mut other = Store::open_dir(dir.path()).unwrap();
    let seen = store
        .snapshot(|s| {
            let before = s.count(&Filter::default())?;
            other.insert(&contact("2026-11-20 10:30", &["huur"]))?;
            let after = s.count(&Filter::default())?;
            Ok::<_, StoreError>((before, after))
        })
        .unwrap();
    assert_eq!(seen, (0, 0));
    // the snapshot is over: the other balie's contact is there
    assert_eq!(store.count(&Filter::default()).unwrap(), 1);
}

/// Temporary sorts: to files for a plain database (as any SQLite; a pull's index builds would
/// otherwise hold about 90 MB), in memory for an encrypted one (its rows never reach a plain
/// temporary file).
#[test]
fn temporary_sorts_go_to_disk_only_for_a_plain_database() {
    let temp_store = |store: &Store| -> i64 {
        store
            .conn()
            .pragma_query_value(None, "temp_store", |r| r.get(0))
            .unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let plain = Store::open_dir(&dir.path().join("plain")).unwrap();
    assert_eq!(temp_store(&plain), 1, "temp_store=FILE");
    let key = crate::crypt::DbKey::generate();
    let sealed = Store::open_dir_keyed(&dir.path().join("sealed"), Some(&key)).unwrap();
    // 0: the build's default, which for SQLCipher is memory (SQLITE_TEMP_STORE=2)
    assert_eq!(temp_store(&sealed), 0, "temp_store=DEFAULT");
}
