//! End-to-end tests of bad input through the real binary: databases that are not balie's,
//! damaged, or newer are refused with a clear message and left byte for byte as they were;
//! a data folder that cannot be created, a read-only one and a full disk give clear errors
//! and lose nothing confirmed.

mod common;
mod support;

use std::path::{Path, PathBuf};

use common::*;
use predicates::prelude::*;
use tempfile::TempDir;

/// Write `make`'s file as the database of a fresh data folder, run a command that opens the
/// store, and check it is refused with a clear message and left exactly as it was.
fn refused_untouched(make: impl FnOnce(&Path), expect: &str) {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir(data(&dir)).unwrap();
    let db = data(&dir).join("balie.sqlite");
    make(&db);
    let before = std::fs::read(&db).unwrap();
    for args in [
        vec!["list"],
        vec!["log", "--desk", "D", "--volunteer", "AB", "--topic", "huur"],
        vec!["audit"],
    ] {
        balie(&dir)
            .args(&args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::starts_with("error: "))
            .stderr(predicate::str::contains(db.to_str().unwrap()))
            .stderr(predicate::str::contains(expect));
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "byte for byte");
    assert!(!data(&dir).join("backups").exists(), "no upkeep ran on it");
    assert!(!data(&dir).join("balie.sqlite-wal").exists());
}

#[test]
fn random_bytes_as_the_database_are_refused_untouched() {
    refused_untouched(
        |p| {
            let bytes: Vec<u8> = (0..16_384u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 9) as u8)
                .collect();
            std::fs::write(p, bytes).unwrap();
        },
        "not a balie database (it is not a SQLite file)",
    );
}

#[test]
fn another_programs_sqlite_file_is_refused_untouched() {
    refused_untouched(
        |p| {
            rusqlite::Connection::open(p)
                .unwrap()
                .execute_batch(
                    "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('erwtensoep');",
                )
                .unwrap();
        },
        "belongs to another program",
    );
}

#[test]
fn a_newer_balie_schema_is_refused_untouched() {
    refused_untouched(
        |p| {
            let dir = p.parent().unwrap().parent().unwrap().join("other");
            drop(balie::store::Store::open_dir(&dir).unwrap());
            // as another program, or a newer balie, would leave it
            let conn = rusqlite::Connection::open(dir.join("balie.sqlite")).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
            conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
            drop(conn);
            std::fs::copy(dir.join("balie.sqlite"), p).unwrap();
        },
        "written by a newer balie (schema 99",
    );
}

#[test]
fn a_truncated_sqlite_header_is_refused_untouched() {
    refused_untouched(
        |p| std::fs::write(p, b"SQLite format 3\0\x10\x00").unwrap(),
        "not a balie database",
    );
}

#[test]
fn a_damaged_database_says_so_and_points_to_the_backups() {
    let dir = TempDir::new().unwrap();
    // enough data for several pages
    let store = balie::store::Store::open_dir(&data(&dir)).unwrap();
    for i in 0..200 {
        store
            .set_setting(&format!("k{i}"), &"x".repeat(200))
            .unwrap();
    }
    drop(store);
    log_ok(&dir, &["--topic", "huur", "--note", "vóór de schade"]);
    let db = data(&dir).join("balie.sqlite");
    let mut bytes = std::fs::read(&db).unwrap();
    // page 2 onwards: overwrite the b-tree pages, keep the header
    for b in &mut bytes[4096..4096 * 6] {
        *b = 0xa5;
    }
    std::fs::write(&db, &bytes).unwrap();
    let out = balie(&dir).args(["list"]).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("damaged"), "{err}");
    assert!(err.contains("balie restore"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    eprintln!("damaged database: {}", err.trim());
    // and the way out it names works
    let daily = data(&dir).join("backups/balie-2026-11-25.sqlite");
    let out = stdout(balie(&dir).args(["--volunteer", "cd", "restore", daily.to_str().unwrap()]));
    assert!(out.contains("-before-restore.sqlite"), "{out}");
    let kept = out
        .lines()
        .find_map(|l| l.strip_prefix("the database it replaced is kept as "))
        .unwrap();
    assert_eq!(
        std::fs::read(kept).unwrap(),
        bytes,
        "the damaged file is kept as it was"
    );
    stdout(balie(&dir).args(["list"]));
}

#[test]
fn a_data_folder_that_cannot_be_created_is_a_clear_error() {
    let dir = TempDir::new().unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, b"not a folder").unwrap();
    let data = blocker.join("data");
    balie_at(dir.path(), &data)
        .args(["list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "cannot create or read {}",
            data.display()
        )))
        .stderr(predicate::str::contains("Not a directory"));
    assert_eq!(std::fs::read(&blocker).unwrap(), b"not a folder");
    // a folder where the database file should be
    let dir2 = TempDir::new().unwrap();
    std::fs::create_dir_all(dir2.path().join("data/balie.sqlite")).unwrap();
    balie_at(dir2.path(), &dir2.path().join("data"))
        .args(["list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("it is a folder"));
}

/// A tiny tmpfs mounted for one test, unmounted on drop. `None` where mounting is not
/// allowed (not root, or no mount namespace); the tests using it then say so and stop.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).unwrap();
        let ok = std::process::Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }

    fn remount(&self, opts: &str) {
        let ok = std::process::Command::new("mount")
            .args(["-o", &format!("remount,{opts}")])
            .arg(&self.0)
            .status()
            .unwrap()
            .success();
        assert!(ok, "remount {opts}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

/// Fill the file system holding `dir` with a file, then give back `room` bytes.
fn fill(dir: &Path, room: u64) -> PathBuf {
    use std::io::Write;
    let filler = dir.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let block = vec![0u8; 1024];
    while f.write_all(&block).is_ok() {}
    let len = f.metadata().unwrap().len();
    f.set_len(len.saturating_sub(room)).unwrap();
    filler
}

#[test]
fn a_full_disk_is_a_clear_error_and_loses_nothing_confirmed() {
    use balie::store::{Store, StoreError};
    let dir = TempDir::new().unwrap();
    let Some(fs) = Tmpfs::mount(&dir.path().join("mnt"), "1m") else {
        eprintln!("SKIPPED: mounting a tmpfs needs root; see RELIABILITY.md");
        return;
    };
    let data = fs.0.join("data");
    let config = balie::config::Config::shipped();
    let contact = |i: usize| {
        let at =
            chrono::NaiveDateTime::parse_from_str("2026-11-25 10:00", "%Y-%m-%d %H:%M").unwrap();
        let mut c = balie::domain::Contact::bare(at, "D", "AB", vec!["huur".into()], at);
        c.note = format!("notitie {i} {}", "x".repeat(400));
        c.validate(&config).unwrap();
        c
    };
    // In a running balie (the TUI): a save fails with a clear error once the disk is full,
    // every save that returned Ok is kept, and the same save succeeds once there is room.
    let mut store = Store::open_dir(&data).unwrap();
    let mut confirmed = Vec::new();
    // (Few: every commit adds its pages to the write-ahead log, about 50 KB each with the
    // indexes and the upload queue, and the log is not reused before a checkpoint.)
    for i in 0..10 {
        let c = contact(i);
        store.insert(&c).unwrap();
        confirmed.push(c.id);
    }
    let filler = fill(&fs.0, 64 * 1024);
    let mut failed = None;
    for i in 10..5000 {
        let c = contact(i);
        match store.insert(&c) {
            Ok(()) => confirmed.push(c.id.clone()),
            Err(e) => {
                failed = Some((c, e));
                break;
            }
        }
    }
    let (draft, e) = failed.expect("the disk filled up");
    assert!(matches!(e, StoreError::CannotWrite(_)), "{e}");
    assert!(e.to_string().contains("disk is full"), "{e}");

    // A new `balie log` on the full disk: exit 1, a clear message, no id printed.
    let out = balie_at(dir.path(), &data)
        .args(["log", "--desk", "D", "--volunteer", "AB", "--topic", "huur"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        out.stdout.is_empty(),
        "no id printed for what was not stored"
    );
    // the daily jobs warn and step aside; the command's own error comes last
    assert!(
        err.lines()
            .last()
            .unwrap()
            .starts_with("error: the database is read-only or the disk is full"),
        "{err}"
    );
    assert!(
        err.lines()
            .all(|l| l.starts_with("error: ") || l.starts_with("warning: ")),
        "{err}"
    );
    let partial = std::fs::read_dir(data.join("backups")).map_or(0, |d| d.count());
    assert_eq!(partial, 0, "a backup that failed half-way leaves no file");

    std::fs::remove_file(&filler).unwrap();
    store
        .insert(&draft)
        .expect("the kept draft saves once there is room");
    confirmed.push(draft.id.clone());
    for id in &confirmed {
        assert!(store.get(id).unwrap().is_some(), "confirmed {id} lost");
    }
    assert_eq!(store.integrity().unwrap(), "ok");
    drop(store);
    let listed = balie_at(dir.path(), &data)
        .args(["list", "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    eprintln!(
        "full disk: {} saves confirmed before it filled, all kept; library error: {e}; `balie log`: {}",
        confirmed.len() - 1,
        err.trim()
    );
}

#[test]
fn a_read_only_data_folder_is_a_clear_error_and_reading_still_works() {
    let dir = TempDir::new().unwrap();
    let Some(fs) = Tmpfs::mount(&dir.path().join("mnt"), "2m") else {
        eprintln!("SKIPPED: mounting a tmpfs needs root; see RELIABILITY.md");
        return;
    };
    let data = fs.0.join("data");
    let first = balie_at(dir.path(), &data)
        .args(["log", "--desk", "D", "--volunteer", "AB", "--topic", "huur"])
        .output()
        .unwrap();
    assert!(first.status.success());
    let id = String::from_utf8(first.stdout).unwrap().trim().to_string();
    let db = data.join("balie.sqlite");
    let before = std::fs::read(&db).unwrap();
    fs.remount("ro");
    let out = balie_at(dir.path(), &data)
        .args(["log", "--desk", "D", "--volunteer", "AB", "--topic", "taal"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(out.stdout.is_empty());
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("cannot open the database"), "{err}");
    assert!(err.contains("can be written to"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
    // reading still works, and says why nothing can be changed
    for args in [
        vec!["list"],
        vec!["audit"],
        vec!["report", "--period", "2026"],
    ] {
        let out = balie_at(dir.path(), &data).args(&args).output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.contains("cannot be written to"), "{args:?}: {err}");
        if args[0] == "list" {
            let listed = String::from_utf8(out.stdout).unwrap();
            assert!(listed.contains("1 contact,"), "{listed}");
        }
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
    fs.remount("rw");
    let listed = balie_at(dir.path(), &data)
        .args(["list", "--format", "csv"])
        .output()
        .unwrap();
    assert!(String::from_utf8(listed.stdout).unwrap().contains(&id));
    eprintln!("read-only data folder: {}", err.trim());
}

/// A balie database of today's schema whose `user_version` was set to `version`.
fn balie_db_claiming(p: &Path, version: i64) {
    balie::store::Store::open(p).unwrap();
    let conn = rusqlite::Connection::open(p).unwrap();
    conn.pragma_update(None, "user_version", version).unwrap();
    let _: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .unwrap();
}

#[test]
fn a_wrong_or_invalid_schema_version_is_one_sentence_not_a_page_of_sql() {
    for (version, expect) in [
        (
            1,
            "says it holds schema version 1, but its tables do not match that version",
        ),
        (
            -1,
            "says it holds schema version -1, but that is no schema version at all",
        ),
    ] {
        let dir = TempDir::new().unwrap();
        std::fs::create_dir(data(&dir)).unwrap();
        balie_db_claiming(&data(&dir).join("balie.sqlite"), version);
        let out = balie(&dir)
            .arg("list")
            .assert()
            .code(1)
            .get_output()
            .stderr
            .clone();
        let err = String::from_utf8(out).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expect), "{err}");
        assert!(
            !err.contains("CREATE") && !err.contains("invalid user version"),
            "{err}"
        );
    }
}

#[test]
fn an_xlsx_export_to_a_full_disk_is_a_clear_error_and_leaves_no_file() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    for i in 0..300 {
        let note = format!("notitie {i} over de huur en het onderhoud van de woning");
        let ok = balie_at(dir.path(), &data)
            .args(["log", "--desk", "D", "--volunteer", "AB", "--topic", "huur"])
            .args(["--note", &note])
            .output()
            .unwrap();
        assert!(ok.status.success());
        if i == 20 {
            break;
        }
    }
    let Some(fs) = Tmpfs::mount(&dir.path().join("mnt"), "64k") else {
        eprintln!("SKIPPED: mounting a tmpfs needs root; see RELIABILITY.md");
        return;
    };
    let _filler = fill(&fs.0, 2048);
    let file = fs.0.join("contacten.xlsx");
    let out = balie_at(dir.path(), &data)
        .args(["export", "--format", "xlsx", "--output"])
        .arg(&file)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("error: ") && !err.contains("panicked"),
        "{err}"
    );
    assert!(!file.exists(), "no half file");
    eprintln!("xlsx to a full disk: {}", err.trim());
}

/// A contact whose time another program wrote unreadably falls out of every list and report:
/// `balie check` names it (exit 1, one sentence), and says all is well when it is.
#[test]
fn balie_check_names_a_contact_whose_time_cannot_be_read() {
    let dir = TempDir::new().unwrap();
    let data = data(&dir);
    for topic in ["huur", "taal"] {
        balie(&dir)
            .args([
                "log",
                "--desk",
                "WSWonen Noord",
                "--volunteer",
                "ab",
                "--topic",
                topic,
            ])
            .assert()
            .success();
    }
    let out = stdout(balie(&dir).arg("check"));
    assert!(out.contains("integrity check: ok (2 contacts)"), "{out}");
    assert!(out.contains("every contact's moments can be read"), "{out}");
    let conn = rusqlite::Connection::open(data.join("balie.sqlite")).unwrap();
    let id: String = conn
        .query_row("SELECT id FROM contacts ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    conn.execute(
        "UPDATE contacts SET at = '25-11-2026 10:42' WHERE id = ?1",
        [&id],
    )
    .unwrap();
    drop(conn);
    assert_eq!(contacts(&dir).len(), 1, "the row is in no list");
    balie(&dir)
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "contact {id}: its at `25-11-2026 10:42` cannot be read"
        )))
        .stderr(predicate::str::contains(
            "1 contact hold a moment balie cannot read",
        ))
        .stderr(predicate::str::contains("nothing else is wrong"));
}

/// The overview's `x` writes the shown period's xlsx into the documents folder. With that
/// folder on a full disk the desk screen says so in one line and stays up: no half file, the
/// next tally is logged and the volunteer quits normally.
#[test]
fn the_desk_screens_xlsx_export_to_a_full_disk_is_a_message_and_the_screen_stays_up() {
    let home = TempDir::new().unwrap();
    let docs = home.path().join("docs");
    let Some(fs) = Tmpfs::mount(&docs, "64k") else {
        eprintln!("SKIPPED: mounting a tmpfs needs root; see RELIABILITY.md");
        return;
    };
    // The documents folder as the desktop names it (XDG user dirs).
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/user-dirs.dirs"),
        format!("XDG_DOCUMENTS_DIR=\"{}\"\n", docs.display()),
    )
    .unwrap();
    let mut tui = support::Tui::start(
        home.path(),
        &["--desk", "WSWonen Noord", "--volunteer", "ab"],
        &[],
    );
    tui.wait_for("WSWonen Noord · AB");
    for _ in 0..30 {
        tui.send("1");
    }
    tui.wait_for("30 contacten");
    let _filler = fill(&fs.0, 1024);
    tui.send_then("o", "exporteer (xlsx)");
    tui.send("x");
    tui.wait_for("✗ de schijf is vol: de export is niet gemaakt");
    let shown = tui.screen();
    assert!(!shown.contains("panicked"), "{shown}");
    let left: Vec<_> = std::fs::read_dir(&fs.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "filler")
        .collect();
    assert!(left.is_empty(), "no half file: {left:?}");
    // Still up: back to the main screen, one more tally, and a normal quit.
    tui.send_then("\x1b", "Vandaag per onderwerp");
    tui.send_then("1", "31 contacten");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let n = stdout(balie(&home).args([
        "list",
        "--from",
        "2026-11-25",
        "--to",
        "2026-11-25",
        "--format",
        "csv",
    ]))
    .lines()
    .count();
    assert_eq!(n, 32, "header and 31 contacts");
}
