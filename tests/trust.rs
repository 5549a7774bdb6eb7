//! End-to-end tests of the trust promises through the real binary: personal data refused,
//! purge, forget, audit, backups and restore, owner-only files.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use predicates::prelude::*;
use tempfile::TempDir;

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
        out.contains("1 contact (1 note, 1 resident code) from 2025-06-01 to 2025-06-01"),
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
    let b = log_ok(&dir, &["--topic", "taal", "--resident", "k0042"]);
    let other = log_ok(
        &dir,
        &["--topic", "taal", "--note", "ander", "--resident", "K-0099"],
    );
    let out = stdout(balie(&dir).args(["forget", "--resident", "K-0042", "--dry-run"]));
    assert!(
        out.starts_with("would erase the resident code and notes of 2 contacts"),
        "{out}"
    );
    let out = stdout(balie(&dir).args(["--volunteer", "cd", "forget", "--resident", "K-0042"]));
    assert!(
        out.starts_with("erased the resident code and notes of 2 contacts"),
        "{out}"
    );
    let all = contacts(&dir);
    assert_eq!(all[0], (a.clone(), String::new(), String::new()));
    assert_eq!(all[1], (b.clone(), String::new(), String::new()));
    assert_eq!(all[2], (other, "ander".into(), "K0099".into()));
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
    assert!(out.starts_with("backup of 2 contacts written to"), "{out}");
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
    assert!(out.contains(": 2 contacts"), "{out}");
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

#[test]
fn control_characters_and_impossible_dates_are_refused_with_the_field() {
    let dir = TempDir::new().unwrap();
    let out = balie(&dir)
        .args(["log", "--desk", "D", "--volunteer", "ab", "--topic", "huur"])
        .args(["--note", "a\x1b]0;pwned\x07b"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("note holds a control character (U+001B"),
        "{err}"
    );
    assert!(!err.contains('\x1b'), "the message does not repeat it raw");
    let out = balie(&dir)
        .args(["log", "--desk", "D", "--volunteer", "ab", "--topic", "huur"])
        .args(["--at", "1026-11-20 10:30"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("at `1026-11-20 10:30` cannot be right"),
        "{err}"
    );
    assert!(contacts(&dir).is_empty(), "nothing was stored");
}
