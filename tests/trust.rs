//! End-to-end tests of the trust promises through the real binary: personal data refused,
//! purge, forget, audit, backups and restore, owner-only files, and bad databases or data
//! folders refused with a clear message and left byte for byte as they were.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

const NOW: &str = "2026-11-25 11:42:00";

/// A `balie` command on the data folder `data` with a fixed clock and no user config.
fn balie_at(home: &Path, data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("balie").unwrap();
    cmd.env("BALIE_DATA_DIR", data)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("share"))
        .env("BALIE_NOW", NOW)
        .env_remove("BALIE_CONFIG");
    cmd
}

fn data(dir: &TempDir) -> PathBuf {
    dir.path().join("data")
}

fn balie(dir: &TempDir) -> Command {
    balie_at(dir.path(), &data(dir))
}

fn log_ok(dir: &TempDir, args: &[&str]) -> String {
    let out = balie(dir)
        .args([
            "log",
            "--desk",
            "Buurtwerkkamer MultiBron",
            "--volunteer",
            "ab",
        ])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap().trim().to_string()
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// id and note of every contact, oldest first.
fn contacts(dir: &TempDir) -> Vec<(String, String, String)> {
    let out = stdout(balie(dir).args([
        "list",
        "--format",
        "csv",
        "--from",
        "2000-01-01",
        "--to",
        "2030-01-01",
    ]));
    let mut r = csv::Reader::from_reader(out.as_bytes());
    r.records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[9].to_string(), r[13].to_string())
        })
        .collect()
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn log_refuses_personal_data_and_stores_nothing_unless_allowed() {
    let dir = TempDir::new().unwrap();
    let cases = [
        ("bsn 123456782 gecontroleerd", "a BSN"),
        ("rekening NL91 ABNA 0417 1643 00", "an IBAN"),
        ("bel dochter 06-12345678", "a phone number"),
        ("mailt naar f.yilmaz@hotmail.com", "an e-mail address"),
        ("lekkage op 1102 AB 12", "a postcode with a house number"),
    ];
    for (note, what) in cases {
        balie(&dir)
            .args([
                "log",
                "--desk",
                "D",
                "--volunteer",
                "AB",
                "--topic",
                "huur",
                "--note",
                note,
            ])
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(what))
            .stderr(predicate::str::contains("Nothing was stored"))
            .stderr(predicate::str::contains("--allow-personal-data"))
            // the message names the kind, never repeats the data
            .stderr(predicate::str::contains(note).not());
    }
    balie(&dir)
        .args([
            "log",
            "--desk",
            "D",
            "--volunteer",
            "AB",
            "--topic",
            "huur",
            "--resident",
            "111222333",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("resident code looks like a BSN"));
    assert!(contacts(&dir).is_empty());

    // a number that is not personal data passes; an allowed one is stored
    log_ok(
        &dir,
        &[
            "--topic",
            "huur",
            "--note",
            "huur 650 euro sinds 01-07-2025, melding 123456789",
        ],
    );
    let id = log_ok(
        &dir,
        &[
            "--topic",
            "huur",
            "--note",
            "bel 06-12345678",
            "--allow-personal-data",
        ],
    );
    let all = contacts(&dir);
    assert_eq!(all.len(), 2);
    assert_eq!(all[1], (id, "bel 06-12345678".into(), String::new()));
}

#[test]
fn purge_says_what_it_will_erase_then_erases_it_and_keeps_the_counts() {
    let dir = TempDir::new().unwrap();
    let old = log_ok(
        &dir,
        &[
            "--topic",
            "huur",
            "--note",
            "oud",
            "--resident",
            "K-0042",
            "--at",
            "2025-06-01 10:00",
        ],
    );
    let recent = log_ok(
        &dir,
        &[
            "--topic",
            "huur",
            "--note",
            "nieuw",
            "--at",
            "2026-11-01 10:00",
        ],
    );
    // the daily purge already ran on the first command of the day (nothing was old then);
    // this contact was logged after it, so `purge` is what erases it
    let out = stdout(balie(&dir).args(["purge", "--dry-run"]));
    assert!(out.contains("would erase"), "{out}");
    assert!(out.contains("before 2025-11-25"), "{out}");
    assert!(
        out.contains("1 contact(s) (1 note(s), 1 resident code(s)) from 2025-06-01 to 2025-06-01"),
        "{out}"
    );
    assert!(
        !out.contains("oud") && !out.contains("K-0042"),
        "no contents: {out}"
    );
    assert_eq!(contacts(&dir)[0].1, "oud", "a dry run erases nothing");

    balie(&dir)
        .args(["purge"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--volunteer"));
    let out = stdout(balie(&dir).args(["--volunteer", "cd", "purge"]));
    assert!(out.starts_with("erased the notes"), "{out}");
    let all = contacts(&dir);
    assert_eq!(all[0], (old, String::new(), String::new()));
    assert_eq!(all[1], (recent, "nieuw".into(), String::new()));
    let out = stdout(balie(&dir).args(["--volunteer", "cd", "purge"]));
    assert!(out.starts_with("nothing to erase"), "{out}");
}

#[test]
fn the_daily_purge_runs_on_the_first_command_of_a_day() {
    let dir = TempDir::new().unwrap();
    let old = log_ok(
        &dir,
        &[
            "--topic",
            "huur",
            "--note",
            "oud",
            "--at",
            "2025-06-01 10:00",
        ],
    );
    // a day later the first command purges it, with a custom retention period
    let config = dir.path().join("desk.toml");
    std::fs::write(&config, "[retention]\nnote_days = 30\n").unwrap();
    balie(&dir)
        .env("BALIE_NOW", "2026-11-26 08:00:00")
        .env("BALIE_CONFIG", &config)
        .args(["topics"])
        .assert()
        .success();
    assert_eq!(
        contacts(&dir)[0].1,
        "oud",
        "`topics` does not open the store"
    );
    balie(&dir)
        .env("BALIE_NOW", "2026-11-26 08:00:00")
        .env("BALIE_CONFIG", &config)
        .args(["list"])
        .assert()
        .success();
    assert_eq!(contacts(&dir)[0], (old, String::new(), String::new()));
    let log = stdout(balie(&dir).args(["audit", "--format", "csv"]));
    assert!(log.contains(",(auto),purge,"), "{log}");
}

#[test]
fn forget_erases_one_resident_and_reports_how_many_contacts() {
    let dir = TempDir::new().unwrap();
    let a = log_ok(
        &dir,
        &["--topic", "huur", "--note", "brief", "--resident", "K-0042"],
    );
    let b = log_ok(&dir, &["--topic", "taal", "--resident", "k-0042"]);
    let other = log_ok(
        &dir,
        &["--topic", "taal", "--note", "ander", "--resident", "K-0099"],
    );
    let out = stdout(balie(&dir).args(["forget", "--resident", "K-0042", "--dry-run"]));
    assert!(
        out.starts_with("would erase the resident code and notes of 2 contact(s)"),
        "{out}"
    );
    let out = stdout(balie(&dir).args(["--volunteer", "cd", "forget", "--resident", "K-0042"]));
    assert!(
        out.starts_with("erased the resident code and notes of 2 contact(s)"),
        "{out}"
    );
    let all = contacts(&dir);
    assert_eq!(all[0], (a.clone(), String::new(), String::new()));
    assert_eq!(all[1], (b.clone(), String::new(), String::new()));
    assert_eq!(all[2], (other, "ander".into(), "K-0099".into()));
    let out = stdout(balie(&dir).args(["--volunteer", "cd", "forget", "--resident", "K-0042"]));
    assert!(
        out.starts_with("no contact carries resident code K-0042"),
        "{out}"
    );
    balie(&dir)
        .args(["--volunteer", "cd", "forget", "--resident", "Fatima"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a resident code"));

    let log = stdout(balie(&dir).args(["audit", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&log).unwrap();
    let forget = v
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "forget")
        .unwrap();
    assert_eq!(forget["volunteer"], "CD");
    assert_eq!(forget["contact_ids"], serde_json::json!([a, b]));
    assert!(
        !log.contains("K-0042"),
        "the audit log never holds the code: {log}"
    );
}

#[test]
fn audit_lists_exports_and_erasures_by_day_in_each_format() {
    let dir = TempDir::new().unwrap();
    log_ok(
        &dir,
        &[
            "--topic",
            "huur",
            "--resident",
            "K-0042",
            "--note",
            "geheim",
        ],
    );
    stdout(balie(&dir).args(["--volunteer", "ab", "list", "--format", "csv"]));
    stdout(balie(&dir).env("BALIE_NOW", "2026-11-27 09:00:00").args([
        "--volunteer",
        "cd",
        "forget",
        "--resident",
        "K-0042",
    ]));
    let table = stdout(
        balie(&dir)
            .env("BALIE_NOW", "2026-11-27 09:00:00")
            .args(["audit"]),
    );
    assert!(table.contains("AB   export"), "{table}");
    assert!(table.contains("CD   forget"), "{table}");
    assert!(table.ends_with("2 entries\n"), "{table}");
    let one_day = stdout(balie(&dir).env("BALIE_NOW", "2026-11-27 09:00:00").args([
        "audit",
        "--from",
        "2026-11-26",
        "--to",
        "vandaag",
        "--format",
        "csv",
    ]));
    let mut r = csv::Reader::from_reader(one_day.as_bytes());
    assert_eq!(
        r.headers().unwrap(),
        vec!["seq", "at", "volunteer", "action", "contact_ids", "detail"]
    );
    let rows: Vec<_> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][3], "forget");
    assert!(!one_day.contains("geheim"));
    balie(&dir)
        .args(["audit", "--from", "2026-11-27", "--to", "2026-11-20"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("after --to"));
    balie(&dir)
        .args(["audit", "--from", "gisteravond"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--from"));
}

#[test]
fn backups_are_daily_private_and_restorable() {
    let dir = TempDir::new().unwrap();
    let first = log_ok(&dir, &["--topic", "huur"]);
    // the first command of the day backs up what was there before it
    let daily = data(&dir).join("backups/balie-2026-11-25.sqlite");
    assert!(daily.exists());
    let second = log_ok(&dir, &["--topic", "taal"]);
    let backups = || {
        std::fs::read_dir(data(&dir).join("backups"))
            .unwrap()
            .count()
    };
    assert_eq!(backups(), 1, "once a day");

    let out = stdout(balie(&dir).args(["backup"]));
    assert!(
        out.starts_with("backup of 2 contact(s) written to"),
        "{out}"
    );
    let manual = PathBuf::from(out.trim().rsplit(" written to ").next().unwrap());
    assert!(
        manual.starts_with(data(&dir).join("backups")),
        "{}",
        manual.display()
    );
    assert_eq!(backups(), 2);
    let file = dir.path().join("usb.sqlite");
    balie(&dir)
        .args(["backup", "--output", file.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--volunteer"));
    stdout(balie(&dir).args([
        "--volunteer",
        "cd",
        "backup",
        "--output",
        file.to_str().unwrap(),
    ]));
    balie(&dir)
        .args([
            "--volunteer",
            "cd",
            "backup",
            "--output",
            file.to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    #[cfg(unix)]
    {
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(&daily), 0o600);
        assert_eq!(mode(&manual), 0o600);
        assert_eq!(mode(&data(&dir).join("backups")), 0o700);
        assert_eq!(mode(&data(&dir).join("balie.sqlite")), 0o600);
        assert_eq!(mode(&data(&dir)), 0o700);
    }

    // a third contact, then restore the backup holding the first two
    let third = log_ok(&dir, &["--topic", "klussen"]);
    let out = stdout(balie(&dir).args(["--volunteer", "cd", "restore", manual.to_str().unwrap()]));
    assert!(out.contains(": 2 contact(s)"), "{out}");
    assert!(out.contains("-before-restore.sqlite"), "{out}");
    let ids: Vec<String> = contacts(&dir).into_iter().map(|c| c.0).collect();
    assert_eq!(ids, vec![first, second]);
    // the replaced database, third contact included, was kept
    let kept = out
        .lines()
        .find_map(|l| l.strip_prefix("the database it replaced is kept as "))
        .unwrap();
    let kept_ids = balie::store::Store::open(Path::new(kept))
        .unwrap()
        .list(&Default::default())
        .unwrap();
    assert!(kept_ids.iter().any(|c| c.id.0 == third));
    let log = stdout(balie(&dir).args(["audit", "--format", "csv"]));
    assert!(log.contains(",CD,backup,"), "{log}");
    assert!(log.contains(",CD,restore,"), "{log}");
}

#[test]
fn restore_refuses_what_is_not_a_balie_backup_and_changes_nothing() {
    let dir = TempDir::new().unwrap();
    log_ok(&dir, &["--topic", "huur"]);
    let db = data(&dir).join("balie.sqlite");
    let before = std::fs::read(&db).unwrap();
    let foreign = dir.path().join("recipes.sqlite");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE recipes (name TEXT)")
        .unwrap();
    let junk = dir.path().join("junk.sqlite");
    std::fs::write(&junk, vec![7u8; 5000]).unwrap();
    for (file, why) in [
        (&foreign, "belongs to another program"),
        (&junk, "not a SQLite file"),
        (&dir.path().join("missing.sqlite"), "cannot read"),
    ] {
        balie(&dir)
            .args(["--volunteer", "cd", "restore", file.to_str().unwrap()])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(why));
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

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
            let s = balie::store::Store::open_dir(&dir).unwrap();
            s.conn().pragma_update(None, "user_version", 99).unwrap();
            s.conn()
                .pragma_update(None, "journal_mode", "DELETE")
                .unwrap();
            drop(s);
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
    for i in 0..20 {
        let c = contact(i);
        store.insert(&c).unwrap();
        confirmed.push(c.id);
    }
    let filler = fill(&fs.0, 64 * 1024);
    let mut failed = None;
    for i in 20..5000 {
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
    let ok: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    drop(store);
    let listed = balie_at(dir.path(), &data)
        .args(["list", "--format", "csv"])
        .output()
        .unwrap();
    assert!(listed.status.success());
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
    fs.remount("rw");
    let listed = balie_at(dir.path(), &data)
        .args(["list", "--format", "csv"])
        .output()
        .unwrap();
    assert!(String::from_utf8(listed.stdout).unwrap().contains(&id));
    eprintln!("read-only data folder: {}", err.trim());
}
