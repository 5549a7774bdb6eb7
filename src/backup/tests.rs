//! Backup and restore tests, each on a fresh data folder.

use super::*;
use crate::domain::Contact;
use crate::store::Filter;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
}

fn log(store: &mut Store, when: &str, note: &str, resident: Option<&str>) -> Contact {
    let mut c = Contact::bare(at(when), "D", "AB", vec!["huur".into()], at(when));
    c.note = note.into();
    c.resident = resident.map(str::to_string);
    c.validate(&Config::shipped()).unwrap();
    store.insert(&c).unwrap();
    c
}

fn ids(store: &Store) -> Vec<String> {
    store
        .list(&Filter::default())
        .unwrap()
        .into_iter()
        .map(|c| c.id.0)
        .collect()
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_backup_is_a_private_checked_copy_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let c = log(&mut store, "2026-11-20 09:00", "brief", None);
    let path = write_in(&store, dir.path(), at("2026-11-25 11:42"), None).unwrap();
    assert_eq!(
        path,
        dir.path().join("backups/balie-2026-11-25-114200.sqlite")
    );
    #[cfg(unix)]
    {
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&backup_dir(dir.path())), 0o700);
    }
    let checked = check(&path).unwrap();
    assert_eq!(checked.contacts, 1);
    assert_eq!(checked.newest, Some(c.at));
    assert_eq!(checked.schema, migrations::latest_version());
    // one self-contained file: no write-ahead log needed to read it
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    drop(conn);
    let e = write(&store, &path).unwrap_err();
    assert!(matches!(e, BackupError::Exists(_)), "{e}");
    assert_eq!(
        check(&path).unwrap().contacts,
        1,
        "the existing file is untouched"
    );
}

#[test]
fn a_failed_backup_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(&dir.path().join("data")).unwrap();
    // the parent of the destination is a regular file
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").unwrap();
    assert!(matches!(
        write(&store, &blocker.join("b.sqlite")),
        Err(BackupError::Write { .. })
    ));
    // VACUUM INTO itself fails (here: a connection that may not write)
    let gone = dir.path().join("gone");
    std::fs::create_dir(&gone).unwrap();
    let dest = gone.join("b.sqlite");
    let store2 = Store::open_in_memory().unwrap();
    store2
        .conn()
        .execute_batch("PRAGMA query_only = ON")
        .unwrap();
    let e = write(&store2, &dest).unwrap_err();
    assert!(matches!(e, BackupError::Copy { .. }), "{e}");
    assert_eq!(
        std::fs::read_dir(&gone).unwrap().count(),
        0,
        "no temporary file left"
    );
    assert!(!dest.exists(), "the partial file was removed");
}

#[test]
fn the_daily_backup_has_a_dated_name_and_prune_keeps_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    let mut made = Vec::new();
    for day in 1..=5 {
        let now = at(&format!("2026-11-0{day} 09:00"));
        made.push(write_daily(&store, dir.path(), now).unwrap());
        // distinct modification times, oldest first
        let t = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000 + day);
        std::fs::File::options()
            .write(true)
            .open(made.last().unwrap())
            .unwrap()
            .set_modified(t)
            .unwrap();
    }
    assert!(made[0].ends_with("balie-2026-11-01.sqlite"));
    // a second one the same day gets a number
    let again = write_daily(&store, dir.path(), at("2026-11-05 10:00")).unwrap();
    assert!(
        again.ends_with("balie-2026-11-05-2.sqlite"),
        "{}",
        again.display()
    );
    std::fs::remove_file(&again).unwrap();
    // files that are not balie backups are left alone; a crash's leftover goes when stale
    let other = backup_dir(dir.path()).join("notes.txt");
    std::fs::write(&other, b"mine").unwrap();
    let leftover = backup_dir(dir.path()).join(".balie-2026-10-01.sqlite.partial-99");
    std::fs::write(&leftover, b"half").unwrap();
    let fresh_leftover = backup_dir(dir.path()).join(".balie-2026-11-05.sqlite.partial-98");
    std::fs::write(&fresh_leftover, b"being written").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&leftover)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200))
        .unwrap();
    let removed = prune(dir.path(), 3).unwrap();
    assert_eq!(removed, made[..2].to_vec());
    assert_eq!(list(dir.path()).unwrap(), made[2..].to_vec());
    assert!(other.exists());
    assert!(!leftover.exists());
    assert!(fresh_leftover.exists(), "another balie may be writing it");
    assert!(prune(dir.path(), 3).unwrap().is_empty());
}

fn bad_file(dir: &Path, name: &str, make: impl FnOnce(&Path)) -> PathBuf {
    let p = dir.join(name);
    make(&p);
    p
}

#[test]
fn check_refuses_what_is_not_a_whole_balie_database() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let why = |p: &Path| check(p).unwrap_err().to_string();

    let random = bad_file(d, "random.sqlite", |p| {
        let bytes: Vec<u8> = (0..8192u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
            .collect();
        std::fs::write(p, bytes).unwrap();
    });
    assert!(
        why(&random).contains("not a SQLite file"),
        "{}",
        why(&random)
    );

    let empty = bad_file(d, "empty.sqlite", |p| std::fs::write(p, b"").unwrap());
    assert!(why(&empty).contains("it is empty"));

    let other = bad_file(d, "recipes.sqlite", |p| {
        Connection::open(p)
            .unwrap()
            .execute_batch("CREATE TABLE recipes (name TEXT)")
            .unwrap();
    });
    assert!(why(&other).contains("another program"));

    let newer = bad_file(d, "newer.sqlite", |p| {
        let s = Store::open(p).unwrap();
        s.conn().pragma_update(None, "user_version", 99).unwrap();
    });
    assert!(matches!(
        check(&newer),
        Err(BackupError::Newer { found: 99, .. })
    ));

    let no_schema = bad_file(d, "no-schema.sqlite", |p| {
        let c = Connection::open(p).unwrap();
        c.pragma_update(None, "application_id", crate::store::APPLICATION_ID)
            .unwrap();
        c.execute_batch("CREATE TABLE x (y)").unwrap();
    });
    assert!(
        why(&no_schema).contains("holds no balie data"),
        "{}",
        why(&no_schema)
    );

    let missing = d.join("missing.sqlite");
    assert!(matches!(check(&missing), Err(BackupError::Read { .. })));
    assert!(why(d).contains("folder"));

    // a damaged balie database: overwrite the middle of an index page
    let damaged = bad_file(d, "damaged.sqlite", |p| {
        let data = d.join("src");
        let mut s = Store::open_dir(&data).unwrap();
        for i in 0..300 {
            log(
                &mut s,
                "2026-11-20 09:00",
                &format!("notitie nummer {i} met wat tekst"),
                None,
            );
        }
        write(&s, p).unwrap();
    });
    let mut bytes = std::fs::read(&damaged).unwrap();
    let page = 4096;
    assert!(bytes.len() > 8 * page);
    for b in &mut bytes[3 * page..3 * page + 200] {
        *b = 0x5a;
    }
    std::fs::write(&damaged, &bytes).unwrap();
    let e = why(&damaged);
    assert!(e.contains("damaged") || e.contains("cannot be read"), "{e}");
}

#[test]
fn restore_puts_the_backup_back_and_keeps_the_current_database() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let config = Config::shipped();
    let mut store = Store::open_dir(data).unwrap();
    let first = log(&mut store, "2026-11-20 09:00", "eerste", Some("K-0042"));
    let backup = write_in(&store, data, at("2026-11-20 18:00"), None).unwrap();
    let later = log(&mut store, "2026-11-21 09:00", "later", None);
    // after the backup: an edit audited, and the resident forgotten
    store
        .forget_resident("K-0042", "CD", at("2026-11-21 10:00"))
        .unwrap();
    let before = ids(&store);
    // another balie has the database open during the restore
    let other = Store::open_dir(data).unwrap();
    drop(store);

    let done = restore(data, &backup, &config, "CD", at("2026-11-22 09:00"), None).unwrap();
    assert_eq!(done.checked.contacts, 1);
    assert_eq!(
        done.forgets_reapplied, 1,
        "the forget made after the backup still holds"
    );
    assert_eq!(done.audit_carried, 1);
    let store = Store::open_dir(data).unwrap();
    assert_eq!(ids(&store), vec![first.id.0.clone()]);
    let got = store.get(&first.id).unwrap().unwrap();
    assert_eq!((got.note.as_str(), got.resident.as_deref()), ("", None));
    // the other connection sees the restored database
    assert_eq!(ids(&other), vec![first.id.0.clone()]);

    // the kept copy holds everything from before the restore
    let kept = done.kept.unwrap();
    assert!(
        kept.file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .ends_with("-before-restore.sqlite")
    );
    let kept_store = Store::open(&kept).unwrap();
    assert_eq!(ids(&kept_store), before);
    assert!(kept_store.get(&later.id).unwrap().is_some());

    let log = store.audit_entries(None, None).unwrap();
    let actions: Vec<_> = log.iter().map(|e| e.action.clone()).collect();
    assert_eq!(
        actions,
        vec![audit::AuditKind::Forget, audit::AuditKind::Restore]
    );
    assert_eq!(log[1].volunteer, "CD");
    assert!(
        log[1].detail.contains("before-restore"),
        "{}",
        log[1].detail
    );
    // the backup file itself was not changed
    assert_eq!(check(&backup).unwrap().contacts, 1);
}

#[test]
fn restore_applies_the_retention_period_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    log(&mut store, "2025-01-10 09:00", "oude notitie", None);
    let backup = write_in(&store, dir.path(), at("2025-01-10 18:00"), None).unwrap();
    drop(store);
    let done = restore(
        dir.path(),
        &backup,
        &Config::shipped(),
        "CD",
        at("2026-11-22 09:00"),
        None,
    )
    .unwrap();
    assert_eq!(done.purged.notes, 1);
    let store = Store::open_dir(dir.path()).unwrap();
    assert_eq!(store.list(&Filter::default()).unwrap()[0].note, "");
}

#[test]
fn a_bad_backup_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut store = Store::open_dir(&data).unwrap();
    log(&mut store, "2026-11-20 09:00", "", None);
    drop(store);
    let db = data.join(DB_FILE);
    let before = std::fs::read(&db).unwrap();
    let junk = dir.path().join("junk.sqlite");
    std::fs::write(&junk, b"not a database at all, just text".repeat(100)).unwrap();
    let e = restore(
        &data,
        &junk,
        &Config::shipped(),
        "CD",
        at("2026-11-22 09:00"),
        None,
    )
    .unwrap_err();
    assert!(e.to_string().contains("not a balie backup"), "{e}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert!(
        list(&data).unwrap().is_empty(),
        "no copy made for a refused restore"
    );
    assert!(!data.join("balie.sqlite.restoring").exists());
    // the database in use cannot be restored onto itself
    assert!(matches!(
        restore(
            &data,
            &db,
            &Config::shipped(),
            "CD",
            at("2026-11-22 09:00"),
            None
        ),
        Err(BackupError::InUse(_))
    ));
}

#[test]
fn restore_replaces_a_database_balie_cannot_open_and_keeps_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    let mut store = Store::open_dir(&src).unwrap();
    let c = log(&mut store, "2026-11-20 09:00", "", None);
    let backup = write_in(&store, &src, at("2026-11-20 18:00"), None).unwrap();
    drop(store);

    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let junk = b"this was overwritten by accident".repeat(200);
    std::fs::write(data.join(DB_FILE), &junk).unwrap();
    std::fs::write(data.join("balie.sqlite-wal"), b"stale log").unwrap();
    let done = restore(
        &data,
        &backup,
        &Config::shipped(),
        "CD",
        at("2026-11-22 09:00"),
        None,
    )
    .unwrap();
    assert_eq!(std::fs::read(done.kept.as_ref().unwrap()).unwrap(), junk);
    let store = Store::open_dir(&data).unwrap();
    assert_eq!(ids(&store), vec![c.id.0]);
    #[cfg(unix)]
    assert_eq!(mode(&data.join(DB_FILE)), 0o600);

    // and into an empty data folder: nothing to keep
    let fresh = dir.path().join("fresh");
    let done = restore(
        &fresh,
        &backup,
        &Config::shipped(),
        "CD",
        at("2026-11-22 09:00"),
        None,
    )
    .unwrap();
    assert!(done.kept.is_none());
    assert_eq!(
        Store::open_dir(&fresh)
            .unwrap()
            .count(&Filter::default())
            .unwrap(),
        1
    );
}

#[test]
fn a_live_copy_with_its_write_ahead_log_restores_whole() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    let mut store = Store::open_dir(&src).unwrap();
    store
        .conn()
        .pragma_update(None, "wal_autocheckpoint", 0)
        .unwrap();
    for i in 0..5 {
        log(&mut store, "2026-11-20 09:00", &format!("n{i}"), None);
    }
    // copy the files while the store is open: the contacts are still in the log
    let copy = dir.path().join("copy.sqlite");
    std::fs::copy(src.join(DB_FILE), &copy).unwrap();
    std::fs::copy(
        src.join("balie.sqlite-wal"),
        dir.path().join("copy.sqlite-wal"),
    )
    .unwrap();
    drop(store);
    let data = dir.path().join("data");
    let done = restore(
        &data,
        &copy,
        &Config::shipped(),
        "CD",
        at("2026-11-22 09:00"),
        None,
    )
    .unwrap();
    assert_eq!(done.checked.contacts, 5);
    assert_eq!(
        Store::open_dir(&data)
            .unwrap()
            .count(&Filter::default())
            .unwrap(),
        5
    );
}

#[test]
fn manual_backups_never_rotate_away_the_daily_ones_or_a_before_restore_copy() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    let mut daily = Vec::new();
    for day in 1..=3 {
        daily.push(write_daily(&store, dir.path(), at(&format!("2026-11-0{day} 09:00"))).unwrap());
    }
    let kept = write_in(
        &store,
        dir.path(),
        at("2026-11-03 10:00"),
        Some("before-restore"),
    )
    .unwrap();
    let mut manual = Vec::new();
    for i in 0..14 {
        let now = at("2026-11-03 11:00") + chrono::Duration::seconds(i);
        manual.push(write_in(&store, dir.path(), now, None).unwrap());
        prune(dir.path(), 7).unwrap();
    }
    let left = list(dir.path()).unwrap();
    for p in daily.iter().chain([&kept]) {
        assert!(left.contains(p), "{} was removed", p.display());
    }
    let manual_left: Vec<&PathBuf> = manual.iter().filter(|p| left.contains(p)).collect();
    assert_eq!(manual_left, manual[7..].iter().collect::<Vec<_>>());
    // the daily ones are kept by day: the newest `keep` days stay
    for day in 4..=9 {
        write_daily(&store, dir.path(), at(&format!("2026-11-0{day} 09:00"))).unwrap();
    }
    let removed = prune(dir.path(), 7).unwrap();
    assert_eq!(removed, daily[..2].to_vec());
    assert!(kept.exists());
}
