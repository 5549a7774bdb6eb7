//! Writing bundles, reading them back, refusing damaged and foreign files, and merging
//! several desks into one database, repeatedly and in any order.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::{at, desk, local_article};
use crate::config::{Config, SHIPPED};
use crate::desks::bundle::{self, Bundle, BundleError, BundleOptions};
use crate::desks::merge::{MergeCounts, merge};
use crate::domain::{Contact, ContactId};
use crate::report::{Dim, Period, Query};
use crate::store::{Filter, Store, audit};

fn write(store: &Store, dir: &TempDir, name: &str, opts: &BundleOptions) -> PathBuf {
    let path = dir.path().join(name);
    bundle::write(
        store,
        &Config::shipped(),
        opts,
        &path,
        false,
        "KL",
        at("2026-11-25 11:42"),
    )
    .unwrap();
    path
}

fn read(path: &Path) -> Bundle {
    bundle::read(path, &Config::shipped()).unwrap()
}

fn merged(store: &mut Store, paths: &[&Path]) -> Vec<MergeCounts> {
    let bundles: Vec<Bundle> = paths.iter().map(|p| read(p)).collect();
    merge(store, &bundles, "KL", at("2026-11-26 09:00")).unwrap()
}

fn everything(store: &Store) -> Vec<Contact> {
    let mut all = store.list(&Filter::default()).unwrap();
    all.sort_by(|a, b| a.id.cmp(&b.id));
    all
}

fn counts(added: u64, updated: u64, skipped: u64, deleted: u64) -> (u64, u64, u64, u64) {
    (added, updated, skipped, deleted)
}

fn of(n: &MergeCounts) -> (u64, u64, u64, u64) {
    (n.added, n.updated, n.skipped, n.deleted)
}

#[test]
fn a_bundle_reads_back_exactly_what_was_written() {
    let dir = TempDir::new().unwrap();
    let (mut a, contacts) = desk("Noord", 12);
    let now = at("2026-11-20 12:00");
    crate::kb::save_local(
        &mut a,
        &local_article("eigen-afspraken", "Eigen afspraken"),
        now,
    )
    .unwrap();
    a.link_article(&contacts[0].id, "eigen-afspraken", now)
        .unwrap();
    a.delete(&contacts[11].id, "AB", at("2026-11-21 10:00"))
        .unwrap();
    let path = write(&a, &dir, "noord.balie", &BundleOptions::default());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let b = read(&path);
    assert_eq!(b.contacts, everything(&a));
    assert_eq!(b.contacts.len(), 11);
    let m = &b.manifest;
    assert_eq!(m.desks, vec!["Noord".to_string()]);
    assert_eq!(
        (m.rows.contacts, m.rows.contact_articles, m.rows.articles),
        (11, 1, 1)
    );
    assert_eq!(m.rows.deleted_contacts, 1);
    assert_eq!(m.created_by, "KL");
    assert_eq!(m.period, None);
    assert!(
        m.topics
            .iter()
            .any(|t| t.code == "huur" && t.nl.starts_with("Huur"))
    );
    assert_eq!(b.links[0].contact, contacts[0].id);
    assert_eq!(
        b.articles[0].article,
        local_article("eigen-afspraken", "Eigen afspraken")
    );
    assert_eq!(b.articles[0].updated_at, now);
    assert_eq!(b.tombstones[0].id, contacts[11].id);
    // Never over an existing file, unless asked.
    let again = bundle::write(
        &a,
        &Config::shipped(),
        &BundleOptions::default(),
        &path,
        false,
        "",
        now,
    );
    assert!(matches!(again, Err(BundleError::Exists(_))));
    bundle::write(
        &a,
        &Config::shipped(),
        &BundleOptions::default(),
        &path,
        true,
        "",
        now,
    )
    .unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");
}

#[test]
fn a_period_and_a_desk_choose_the_contacts() {
    let dir = TempDir::new().unwrap();
    let (a, contacts) = desk("Noord", 40);
    let week = Period::parse("2026-W46").unwrap();
    let path = write(
        &a,
        &dir,
        "w46.balie",
        &BundleOptions {
            period: Some(week),
            desk: None,
            seal_to: None,
        },
    );
    let b = read(&path);
    let expected: Vec<&ContactId> = contacts
        .iter()
        .filter(|c| week.contains(c.at.date()))
        .map(|c| &c.id)
        .collect();
    assert!(!expected.is_empty() && expected.len() < contacts.len());
    assert_eq!(
        b.contacts.iter().map(|c| &c.id).collect::<Vec<_>>(),
        expected
    );
    assert_eq!(b.manifest.period, Some((week.from(), week.to())));
    assert!(
        b.manifest.describe().contains("2026-W46"),
        "{}",
        b.manifest.describe()
    );
    let other = write(
        &a,
        &dir,
        "other.balie",
        &BundleOptions {
            period: None,
            desk: Some("Zuidoost".into()),
            seal_to: None,
        },
    );
    let b = read(&other);
    assert!(b.contacts.is_empty());
    assert_eq!(b.manifest.desks, vec!["Zuidoost".to_string()]);
}

#[test]
fn two_desks_merge_into_a_third_twice_and_in_reverse_order() {
    let dir = TempDir::new().unwrap();
    let (a, ca) = desk("Noord", 10);
    let (b, cb) = desk("Zuidoost", 7);
    let pa = write(&a, &dir, "noord.balie", &BundleOptions::default());
    let pb = write(&b, &dir, "zuidoost.balie", &BundleOptions::default());

    let mut city = Store::open_in_memory().unwrap();
    let first = merged(&mut city, &[&pa, &pb]);
    assert_eq!(of(&first[0]), counts(10, 0, 0, 0));
    assert_eq!(of(&first[1]), counts(7, 0, 0, 0));
    let all = everything(&city);
    assert_eq!(all.len(), ca.len() + cb.len(), "the sum of both desks");
    let mut ids: Vec<&ContactId> = all.iter().map(|c| &c.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), 17, "ids are unique");
    let audit_before = city.audit_entries(None, None).unwrap().len();

    // Twice: nothing changes, not even the audit log.
    let second = merged(&mut city, &[&pa, &pb]);
    assert_eq!(of(&second[0]), counts(0, 0, 10, 0));
    assert_eq!(of(&second[1]), counts(0, 0, 7, 0));
    assert!(!second[0].changed() && !second[1].changed());
    assert_eq!(everything(&city), all);
    assert_eq!(city.audit_entries(None, None).unwrap().len(), audit_before);

    // In reverse order, one at a time, into another database: the same contacts.
    let mut other = Store::open_in_memory().unwrap();
    merged(&mut other, &[&pb]);
    merged(&mut other, &[&pa]);
    assert_eq!(everything(&other), all);

    // The city-wide picture: by desk, and one desk at a time, as at the desks themselves.
    let config = Config::shipped();
    let period = Period::parse("2026").unwrap();
    let q = |by: Vec<Dim>, desk: Option<&str>| Query {
        period,
        by,
        desk: desk.map(str::to_string),
    };
    let r = crate::report::run(&city, &config, &q(vec![Dim::Desk], None)).unwrap();
    assert_eq!(r.get(&["Noord"]).unwrap().contacts, 10);
    assert_eq!(r.get(&["Zuidoost"]).unwrap().contacts, 7);
    assert_eq!(r.total.contacts, 17);
    for (store, name) in [(&a, "Noord"), (&b, "Zuidoost")] {
        for by in [
            vec![Dim::Topic],
            vec![Dim::Week, Dim::Channel],
            vec![Dim::Signal],
        ] {
            let here = crate::report::run(store, &config, &q(by.clone(), None)).unwrap();
            let there = crate::report::run(&city, &config, &q(by, Some(name))).unwrap();
            assert_eq!(here.rows, there.rows);
            assert_eq!(here.total, there.total);
        }
    }
}

#[test]
fn an_edited_contact_updates_once_and_an_older_bundle_does_not_undo_it() {
    let dir = TempDir::new().unwrap();
    let (mut a, ca) = desk("Noord", 6);
    let old = write(&a, &dir, "maandag.balie", &BundleOptions::default());
    let mut city = Store::open_in_memory().unwrap();
    merged(&mut city, &[&old]);

    let mut edited = ca[2].clone();
    edited.note = "huurteam belt terug".into();
    edited.updated_at = at("2026-11-24 15:00");
    assert!(a.update(&edited, "AB").unwrap());
    let new = write(&a, &dir, "dinsdag.balie", &BundleOptions::default());
    let n = merged(&mut city, &[&new]);
    assert_eq!(of(&n[0]), counts(0, 1, 5, 0));
    assert_eq!(city.get(&edited.id).unwrap(), Some(edited.clone()));
    let log = city.audit_entries(None, None).unwrap();
    let update = log
        .iter()
        .find(|e| e.contact_ids == vec![edited.id.0.clone()])
        .expect("the update is audited");
    assert_eq!(
        (&update.action, update.volunteer.as_str()),
        (&audit::AuditKind::Merge, "KL")
    );
    assert!(update.detail.contains("changed note"), "{}", update.detail);
    assert!(
        !update.detail.contains("huurteam belt"),
        "never the contents"
    );

    // The older bundle again, or both in either order: the edit stands.
    assert_eq!(of(&merged(&mut city, &[&old])[0]), counts(0, 0, 6, 0));
    let mut other = Store::open_in_memory().unwrap();
    merged(&mut other, &[&new, &old]);
    assert_eq!(everything(&other), everything(&city));
}

#[test]
fn the_same_second_on_two_desks_ends_the_same_in_either_order() {
    let dir = TempDir::new().unwrap();
    let (mut a, ca) = desk("Noord", 3);
    let base = write(&a, &dir, "base.balie", &BundleOptions::default());
    let mut b = Store::open_in_memory().unwrap();
    merged(&mut b, &[&base]);
    let stamp = at("2026-11-24 15:00");
    let mut here = ca[1].clone();
    here.note = "versie A".into();
    here.updated_at = stamp;
    a.update(&here, "AB").unwrap();
    let mut there = ca[1].clone();
    there.note = "versie B".into();
    there.updated_at = stamp;
    b.update(&there, "CD").unwrap();
    let pa = write(&a, &dir, "a.balie", &BundleOptions::default());
    let pb = write(&b, &dir, "b.balie", &BundleOptions::default());
    // b passes Noord's contacts on under its own key: trusted by hand for Noord, beside
    // Noord's own (otherwise the second bundle is refused as not Noord's)
    let trust_both = |s: &Store| {
        for st in [&a, &b] {
            let key = crate::desks::bundle::sign::public_key(st).unwrap();
            s.trust_key("Noord", &key).unwrap();
        }
    };
    let mut x = Store::open_in_memory().unwrap();
    trust_both(&x);
    merged(&mut x, &[&pa, &pb]);
    let mut y = Store::open_in_memory().unwrap();
    trust_both(&y);
    merged(&mut y, &[&pb, &pa]);
    assert_eq!(everything(&x), everything(&y));
    assert_eq!(x.get(&ca[1].id).unwrap().unwrap().note, "versie B");
}

#[test]
fn a_deletion_travels_and_an_older_bundle_cannot_bring_it_back() {
    let dir = TempDir::new().unwrap();
    let (mut a, ca) = desk("Noord", 5);
    let before = write(&a, &dir, "voor.balie", &BundleOptions::default());
    a.delete(&ca[4].id, "AB", at("2026-11-24 10:00")).unwrap();
    let after = write(&a, &dir, "na.balie", &BundleOptions::default());

    let mut city = Store::open_in_memory().unwrap();
    merged(&mut city, &[&before]);
    assert_eq!(of(&merged(&mut city, &[&after])[0]), counts(0, 0, 4, 1));
    assert_eq!(city.get(&ca[4].id).unwrap(), None);
    let log = city.audit_entries(None, None).unwrap();
    assert!(log.iter().any(|e| e.action == audit::AuditKind::Merge
        && e.contact_ids == vec![ca[4].id.0.clone()]
        && e.detail.starts_with("deleted")));
    assert_eq!(of(&merged(&mut city, &[&before])[0]), counts(0, 0, 5, 0));
    assert_eq!(city.get(&ca[4].id).unwrap(), None, "not brought back");

    let mut other = Store::open_in_memory().unwrap();
    merged(&mut other, &[&after, &before]);
    assert_eq!(everything(&other), everything(&city));
}

#[test]
fn links_and_the_desks_own_articles_travel_once() {
    let dir = TempDir::new().unwrap();
    let (mut a, ca) = desk("Noord", 2);
    let now = at("2026-11-20 12:00");
    crate::kb::save_local(
        &mut a,
        &local_article("eigen-afspraken", "Eigen afspraken"),
        now,
    )
    .unwrap();
    a.link_article(&ca[1].id, "eigen-afspraken", now).unwrap();
    let path = write(&a, &dir, "a.balie", &BundleOptions::default());
    let mut city = Store::open_in_memory().unwrap();
    let n = merged(&mut city, &[&path]);
    assert_eq!((n[0].links, n[0].articles), (1, 1));
    assert_eq!(
        city.linked_article_ids(&ca[1].id).unwrap(),
        vec!["eigen-afspraken"]
    );
    let art = crate::kb::get(&city, "eigen-afspraken").unwrap().unwrap();
    assert_eq!(art.origin, crate::kb::Origin::Local);
    assert_eq!(art.updated_at, now);
    let again = merged(&mut city, &[&path]);
    assert_eq!((again[0].links, again[0].articles), (0, 0));

    // A later edit at the desk replaces it; the earlier text does not come back.
    let mut newer = local_article("eigen-afspraken", "Eigen afspraken (nieuw)");
    newer.body = "Bel eerst het huurteam, dan de corporatie.\n".into();
    crate::kb::save_local(&mut a, &newer, at("2026-11-22 12:00")).unwrap();
    let later = write(&a, &dir, "b.balie", &BundleOptions::default());
    assert_eq!(merged(&mut city, &[&later, &path])[0].articles, 1);
    let art = crate::kb::get(&city, "eigen-afspraken").unwrap().unwrap();
    assert_eq!(art.article, newer);
}

/// Copy `path` to a new file in `dir` with `change` applied to its bytes.
fn damaged_copy(
    dir: &TempDir,
    path: &Path,
    name: &str,
    change: impl FnOnce(&mut Vec<u8>),
) -> PathBuf {
    let mut bytes = std::fs::read(path).unwrap();
    change(&mut bytes);
    let out = dir.path().join(name);
    std::fs::write(&out, bytes).unwrap();
    out
}

#[test]
fn a_truncated_bundle_is_refused_whole() {
    let dir = TempDir::new().unwrap();
    let (a, _) = desk("Noord", 300);
    let good = write(&a, &dir, "a.balie", &BundleOptions::default());
    let len = std::fs::metadata(&good).unwrap().len() as usize;
    assert!(len > 8192, "a bundle of several pages ({len} bytes)");
    for cut in [len / 2, len - 4096, len - 1, 50] {
        let bad = damaged_copy(&dir, &good, &format!("cut-{cut}.balie"), |b| {
            b.truncate(cut)
        });
        let e = bundle::read(&bad, &Config::shipped()).unwrap_err();
        assert!(matches!(e, BundleError::Damaged { .. }), "{cut}: {e}");
        let text = e.to_string();
        assert!(
            text.contains("cut off") && text.contains("Nothing was merged"),
            "{text}"
        );
    }
}

#[test]
fn a_bundle_changed_after_it_was_written_is_refused() {
    let dir = TempDir::new().unwrap();
    let (a, ca) = desk("Noord", 5);
    let good = write(&a, &dir, "a.balie", &BundleOptions::default());
    let edit = |name: &str, sql: &str| {
        let p = damaged_copy(&dir, &good, name, |_| {});
        let conn = rusqlite::Connection::open(&p).unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        bundle::read(&p, &Config::shipped())
            .unwrap_err()
            .to_string()
    };
    let e = edit("note.balie", "UPDATE contacts SET note = 'anders'");
    assert!(e.contains("checksum does not match"), "{e}");
    let e = edit(
        "gone.balie",
        &format!("DELETE FROM contacts WHERE id = '{}'", ca[0].id),
    );
    assert!(
        e.contains("contacts holds 4 rows, its manifest says 5"),
        "{e}"
    );
    let e = edit(
        "newer.balie",
        "UPDATE manifest SET value = '3' WHERE key = 'format_version'",
    );
    assert!(
        e.contains("newer balie") && e.contains("bundle format 3"),
        "{e}"
    );
    let e = edit(
        "schema.balie",
        "UPDATE manifest SET value = '99' WHERE key = 'schema_version'",
    );
    assert!(e.contains("schema 99"), "{e}");
    let e = edit("nomanifest.balie", "DROP TABLE manifest");
    assert!(
        e.contains("not a balie bundle") && e.contains("manifest"),
        "{e}"
    );
    // One letter of a note changed in the file itself, behind SQLite's back.
    let flipped = damaged_copy(&dir, &good, "flip.balie", |b| {
        let i = b
            .windows(10)
            .position(|w| w == b"komt terug")
            .expect("the note is in the file");
        b[i] = b'K';
    });
    let e = bundle::read(&flipped, &Config::shipped()).unwrap_err();
    assert!(matches!(e, BundleError::Damaged { .. }), "{e}");
}

#[test]
fn foreign_files_are_refused_with_the_reason() {
    let dir = TempDir::new().unwrap();
    let reason = |p: &Path| bundle::read(p, &Config::shipped()).unwrap_err().to_string();
    let csv = dir.path().join("export.csv");
    std::fs::write(&csv, "id,at,desk\n").unwrap();
    assert!(reason(&csv).contains("not a SQLite file"));
    let empty = dir.path().join("empty.balie");
    std::fs::write(&empty, "").unwrap();
    assert!(reason(&empty).contains("not a SQLite file"));
    let db = dir.path().join("balie.sqlite");
    drop(Store::open(&db).unwrap());
    assert!(
        reason(&db).contains("is a balie database, not a bundle"),
        "{}",
        reason(&db)
    );
    let other = dir.path().join("other.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    assert!(reason(&other).contains("another program"));
    assert!(matches!(
        bundle::read(&dir.path().join("missing.balie"), &Config::shipped()),
        Err(BundleError::Read { .. })
    ));
    // And a bundle is not a database: `balie restore` and opening it as one refuse it.
    let (a, _) = desk("Noord", 1);
    let b = write(&a, &dir, "a.balie", &BundleOptions::default());
    assert!(Store::open(&b).is_err());
}

#[test]
fn a_topic_this_config_lacks_is_refused_naming_the_code_and_where_to_add_it() {
    let dir = TempDir::new().unwrap();
    let extra = r#"
[[topics]]
code = "koffie"
nl = "Koffie-uurtje"
en = "Coffee morning"
group = "overig"
"#;
    let desk_config = Config::layered(&[("shipped", SHIPPED), ("desk.toml", extra)]).unwrap();
    let mut a = Store::open_in_memory().unwrap();
    for (i, topics) in [vec!["koffie"], vec!["huur"], vec!["koffie", "huur"]]
        .into_iter()
        .enumerate()
    {
        let when = at("2026-11-20 10:00") + chrono::Duration::minutes(i as i64);
        let mut c = Contact::bare(
            when,
            "Noord",
            "AB",
            topics.into_iter().map(String::from).collect(),
            when,
        );
        c.validate(&desk_config).unwrap();
        a.insert(&c).unwrap();
    }
    let path = dir.path().join("a.balie");
    bundle::write(
        &a,
        &desk_config,
        &BundleOptions::default(),
        &path,
        false,
        "",
        at("2026-11-25 10:00"),
    )
    .unwrap();
    let e = bundle::read(&path, &Config::shipped()).unwrap_err();
    let BundleError::Invalid { problems, .. } = &e else {
        panic!("expected Invalid, got {e}");
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = problems[0].to_string();
    assert!(p.contains("topic `koffie` (2 contacts)"), "{p}");
    let nl = problems[0].say(crate::i18n::Lang::Nl);
    assert!(
        nl.contains("onderwerp `koffie` (2 contacten) staat niet in de config"),
        "{nl}"
    );
    assert!(
        p.contains("[[topics]]") && p.contains("Koffie-uurtje"),
        "{p}"
    );
    assert!(e.to_string().contains("Nothing was merged"));
    // With the code added, it merges.
    let b = bundle::read(&path, &desk_config).unwrap();
    assert_eq!(b.contacts.len(), 3);
}

#[test]
fn a_bundle_carries_every_column_of_the_column_table() {
    use crate::store::columns::{COLUMNS, Stored, table_columns};
    let dir = TempDir::new().unwrap();
    let (a, _) = desk("Noord", 3);
    let path = write(&a, &dir, "noord.balie", &BundleOptions::default());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let names = |table: &str| -> Vec<String> {
        conn.prepare(&format!(
            "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
        ))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    let table: Vec<String> = table_columns().map(|c| c.name.to_string()).collect();
    assert_eq!(names("contacts"), table);
    assert!(COLUMNS.iter().any(|c| c.stored == Stored::Topics));
    assert_eq!(names("contact_topics"), ["contact_id", "topic", "position"]);
    // and what it carries reads back whole
    assert_eq!(read(&path).contacts, everything(&a));
}
