//! End-to-end tests of encryption at rest and sealed bundles through the real binary:
//! `encrypt`, `decrypt`, `passphrase`, `recover`, `pin`, `keys`, and what lies on disk.

mod common;
mod support;

use std::path::{Path, PathBuf};

use common::*;
use predicates::prelude::*;
use tempfile::TempDir;

const NOTE: &str = "lekkage keukenplafond zevende verdieping";
const RESIDENT: &str = "R-4711";
const TOPIC: &str = "splitsing";

fn secret_file(dir: &TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, format!("{text}\n")).unwrap();
    p
}

/// `balie` on the test's data folder with the passphrase read from `pass`.
fn with_pass(dir: &TempDir, pass: &Path) -> assert_cmd::Command {
    let mut cmd = balie(dir);
    cmd.env("BALIE_PASSPHRASE_FILE", pass);
    cmd
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Every file under `dir` whose bytes hold `needle`.
fn files_with(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            found.extend(files_with(&p, needle));
        } else if contains(&std::fs::read(&p).unwrap(), needle) {
            found.push(p);
        }
    }
    found
}

/// Every file under `dir` with its bytes, sorted by path.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            all.extend(snapshot(&p));
        } else {
            all.push((p.clone(), std::fs::read(&p).unwrap()));
        }
    }
    all.sort();
    all
}

/// Can the sqlite3 shell (or, without it, SQLite without a key) read `file`?
fn plain_sqlite_reads(file: &Path) -> bool {
    if let Ok(out) = std::process::Command::new("sqlite3")
        .arg(file)
        .arg("SELECT count(*) FROM sqlite_master;")
        .output()
    {
        return out.status.success();
    }
    rusqlite::Connection::open(file)
        .and_then(|c| {
            c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
        })
        .is_ok()
}

fn log_three(cmd: impl Fn() -> assert_cmd::Command) {
    for (topic, note, resident) in [
        (TOPIC, NOTE, Some(RESIDENT)),
        ("huur", "huurverhoging gevraagd", None),
        ("taal", "", None),
    ] {
        let mut c = cmd();
        c.args([
            "log",
            "--desk",
            "Buurtwerkkamer MultiBron",
            "--volunteer",
            "ab",
        ])
        .args(["--topic", topic, "--note", note]);
        if let Some(r) = resident {
            c.args(["--resident", r]);
        }
        c.assert().success();
    }
}

fn recovery_key(out: &str) -> String {
    let i = out.find("RECOVERY KEY").expect("the recovery key is shown");
    out[i..]
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 64 && l.split('-').count() == 13)
        .expect("a recovery key line")
        .to_string()
}

#[test]
fn encrypt_hides_everything_on_disk_and_decrypt_brings_back_every_row() {
    let dir = TempDir::new().unwrap();
    let data = data(&dir);
    log_three(|| balie(&dir));
    let plain_rows = contacts(&dir);
    let plain_audit = stdout(balie(&dir).args(["audit", "--format", "csv"]));
    assert_eq!(plain_rows.len(), 3);
    assert!(
        !files_with(&data, NOTE).is_empty(),
        "plain files hold the note"
    );
    assert!(std::fs::read_dir(data.join("backups")).unwrap().count() >= 1);

    let pass = secret_file(&dir, "pass", "een lange wachtwoordzin");
    let out = stdout(with_pass(&dir, &pass).arg("encrypt"));
    assert!(out.contains("3 contacts"), "{out}");
    let recovery = recovery_key(&out);

    // what lies on disk: no note, resident code or topic code; SQLite cannot read it
    for needle in [NOTE, RESIDENT, TOPIC, "SQLite format 3"] {
        assert_eq!(files_with(&data, needle), Vec::<PathBuf>::new(), "{needle}");
    }
    assert!(!plain_sqlite_reads(&data.join("balie.sqlite")));
    for b in std::fs::read_dir(data.join("backups")).unwrap() {
        assert!(!plain_sqlite_reads(&b.unwrap().path()));
    }

    // with the passphrase everything is there, and new contacts go in encrypted (WAL too)
    let listed = |cmd: &mut assert_cmd::Command| {
        stdout(cmd.args([
            "list",
            "--format",
            "csv",
            "--from",
            "2000-01-01",
            "--to",
            "2030-01-01",
        ]))
    };
    let out = listed(&mut with_pass(&dir, &pass));
    assert!(out.contains(NOTE), "{out}");
    with_pass(&dir, &pass)
        .args([
            "log",
            "--desk",
            "Buurtwerkkamer MultiBron",
            "--volunteer",
            "ab",
        ])
        .args(["--topic", "huur", "--note", "schimmel in de badkamer"])
        .assert()
        .success();
    assert_eq!(files_with(&data, "schimmel"), Vec::<PathBuf>::new());
    if let Ok(log) = std::fs::read(data.join("balie.log")) {
        for needle in [NOTE, RESIDENT, recovery.as_str()] {
            assert!(!contains(&log, needle), "balie.log holds {needle}");
        }
    }

    // without a passphrase there is no way in, and one sentence says why
    balie(&dir)
        .args(["list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("BALIE_PASSPHRASE_FILE"));

    // back to plain: every contact and audit entry, plus the one logged meanwhile
    let out = stdout(with_pass(&dir, &pass).arg("decrypt"));
    assert!(out.contains("4 contacts"), "{out}");
    assert!(!data.join("balie.key").exists());
    let rows = contacts(&dir);
    assert_eq!(rows.len(), 4);
    for r in &plain_rows {
        assert!(rows.contains(r), "{r:?} kept");
    }
    let audit = stdout(balie(&dir).args(["audit", "--format", "csv"]));
    for line in plain_audit.lines() {
        assert!(audit.contains(line), "audit entry {line} kept");
    }
    assert!(plain_sqlite_reads(&data.join("balie.sqlite")));
}

#[test]
fn a_wrong_passphrase_changes_no_byte_and_the_recovery_key_sets_a_new_one() {
    let dir = TempDir::new().unwrap();
    let data = data(&dir);
    log_three(|| balie(&dir));
    let pass = secret_file(&dir, "pass", "een lange wachtwoordzin");
    let recovery = recovery_key(&stdout(with_pass(&dir, &pass).arg("encrypt")));
    let wrong = secret_file(&dir, "wrong", "een andere wachtwoordzin");

    let before = snapshot(&data);
    for args in [
        &["list"][..],
        &["decrypt"],
        &["passphrase"],
        &["log", "--topic", "huur"],
    ] {
        with_pass(&dir, &wrong)
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("the passphrase is wrong"))
            .stderr(predicate::str::contains("balie recover"));
    }
    assert_eq!(snapshot(&data), before, "files unchanged byte for byte");

    // the passphrase is lost: the recovery key sets a new one
    let rk = secret_file(&dir, "recovery", &recovery.to_lowercase());
    let new = secret_file(&dir, "new", "nieuwe wachtwoordzin hier");
    let bad_rk = secret_file(&dir, "bad", &recovery.replace(&recovery[..4], "AAAA"));
    balie(&dir)
        .arg("recover")
        .env("BALIE_RECOVERY_KEY_FILE", &bad_rk)
        .env("BALIE_NEW_PASSPHRASE_FILE", &new)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("recovery key is wrong"));
    assert_eq!(snapshot(&data), before);
    stdout(
        balie(&dir)
            .arg("recover")
            .env("BALIE_RECOVERY_KEY_FILE", &rk)
            .env("BALIE_NEW_PASSPHRASE_FILE", &new),
    );
    with_pass(&dir, &pass).arg("list").assert().code(1);
    assert!(stdout(with_pass(&dir, &new).args(["list", "--date", "2026-11-25"])).contains("huur"));

    // a damaged key file says so and points to the recovery key, which still works
    std::fs::write(
        data.join("balie.key"),
        b"{\"format\": \"balie-key\", \"vers",
    )
    .unwrap();
    with_pass(&dir, &new)
        .arg("list")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("damaged"))
        .stderr(predicate::str::contains("balie recover"));
    std::fs::remove_file(data.join("balie.key")).unwrap();
    stdout(
        balie(&dir)
            .arg("recover")
            .env("BALIE_RECOVERY_KEY_FILE", &rk)
            .env("BALIE_NEW_PASSPHRASE_FILE", &pass),
    );
    assert_eq!(contacts_with(&dir, &pass), 3);

    // balie passphrase: current from one file, new from another
    stdout(
        with_pass(&dir, &pass)
            .arg("passphrase")
            .env("BALIE_NEW_PASSPHRASE_FILE", &new),
    );
    assert_eq!(contacts_with(&dir, &new), 3);
    // too short a passphrase is refused
    let short = secret_file(&dir, "short", "kort");
    with_pass(&dir, &new)
        .arg("passphrase")
        .env("BALIE_NEW_PASSPHRASE_FILE", &short)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("at least 8"));
}

fn contacts_with(dir: &TempDir, pass: &Path) -> usize {
    let out = stdout(with_pass(dir, pass).args([
        "list",
        "--format",
        "csv",
        "--from",
        "2000-01-01",
        "--to",
        "2030-01-01",
    ]));
    out.lines().count() - 1
}

#[test]
fn pins_are_six_digits_or_more_and_never_on_the_command_line() {
    let dir = TempDir::new().unwrap();
    log_three(|| balie(&dir));
    let short = secret_file(&dir, "pin", "12345");
    balie(&dir)
        .arg("pin")
        .env("BALIE_PIN_FILE", &short)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("6 digits or more"));
    let good = secret_file(&dir, "pin2", "246810");
    let out = stdout(balie(&dir).arg("pin").env("BALIE_PIN_FILE", &good));
    assert!(out.contains("five") || out.contains("5 wrong"), "{out}");
    assert!(
        files_with(&data(&dir), "246810").is_empty(),
        "only a hash is stored"
    );
    balie(&dir).args(["pin", "246810"]).assert().code(2);
}

#[test]
fn a_sealed_bundle_opens_only_at_its_coordinator() {
    let home = TempDir::new().unwrap();
    let at = |name: &str| {
        let mut cmd = balie_at(home.path(), &home.path().join(name));
        cmd.env_remove("BALIE_PASSPHRASE_FILE");
        cmd
    };
    // the coordinator makes a key pair; its public key is one line for the desk's config
    let out = stdout(at("coord").args(["keys", "init"]));
    let line = out
        .lines()
        .find(|l| l.starts_with("recipient = "))
        .expect("a config line")
        .to_string();
    at("coord")
        .args(["keys", "init"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already has a bundle key"));
    let config = home.path().join("desk.toml");
    std::fs::write(&config, format!("[bundles]\n{line}\n")).unwrap();
    let desk = || {
        let mut cmd = at("desk");
        cmd.env("BALIE_CONFIG", &config);
        cmd
    };
    log_three(desk);
    let bundle = home.path().join("maand.balie");
    let out = stdout(desk().args(["export", "--bundle"]).arg(&bundle));
    assert!(out.contains("sealed"), "{out}");
    let bytes = std::fs::read(&bundle).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
    for needle in [NOTE, RESIDENT, TOPIC, "SQLite format 3", "Buurtwerkkamer"] {
        assert!(!contains(&bytes, needle), "{needle}");
    }
    assert!(!plain_sqlite_reads(&bundle));
    // no plain copy was left beside it
    let beside: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    for p in &beside {
        if p.is_file() {
            assert!(
                !contains(&std::fs::read(p).unwrap(), NOTE),
                "{}",
                p.display()
            );
        }
    }

    // another coordinator: refused, nothing merged
    stdout(at("other").args(["keys", "init"]));
    at("other")
        .args(["merge", "--volunteer", "cd"])
        .arg(&bundle)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("sealed for another coordinator"))
        .stderr(predicate::str::contains("nothing was merged"));
    at("none")
        .args(["merge", "--volunteer", "cd"])
        .arg(&bundle)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no bundle key"));
    let listed = |name: &str| {
        stdout(at(name).args([
            "list",
            "--format",
            "csv",
            "--from",
            "2000-01-01",
            "--to",
            "2030-01-01",
        ]))
    };
    assert_eq!(listed("other").lines().count(), 1, "only the header");

    // its own coordinator merges it, and a plain bundle alike
    stdout(
        at("coord")
            .args(["merge", "--volunteer", "cd"])
            .arg(&bundle),
    );
    assert!(listed("coord").contains(NOTE));
    let plain = home.path().join("plain.balie");
    stdout(at("desk").args(["export", "--bundle"]).arg(&plain));
    assert!(
        std::fs::read(&plain)
            .unwrap()
            .starts_with(b"SQLite format 3\0")
    );
    stdout(at("other").args(["merge", "--volunteer", "cd"]).arg(&plain));
    assert_eq!(listed("other").lines().count(), 4);

    // a recipient that is not a key is a config error with its line
    std::fs::write(&config, "[bundles]\nrecipient = \"geen sleutel\"\n").unwrap();
    desk()
        .args(["export", "--bundle"])
        .arg(home.path().join("x.balie"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not an age public key"));
}

#[test]
fn the_passphrase_is_typed_unseen_and_a_wrong_one_can_be_typed_again() {
    let home = TempDir::new().unwrap();
    let typed = "geheime zin van de balie";
    let mut t = support::Tui::start(home.path(), &["encrypt"], &[]);
    t.wait_for("Nieuwe wachtwoordzin");
    t.send(&format!("{typed}\r"));
    t.wait_for("Nog een keer");
    t.send(&format!("{typed}\r"));
    t.wait_for("HERSTELSLEUTEL");
    assert_eq!(t.wait_exit(), 0);
    let seen = String::from_utf8_lossy(&t.raw()).to_string();
    assert!(!seen.contains(typed), "the passphrase was echoed:\n{seen}");

    let mut t = support::Tui::start(home.path(), &["list", "--format", "csv"], &[]);
    t.wait_for("Wachtwoordzin van balie");
    t.send("verkeerd geraden\r");
    t.wait_for("Verkeerde wachtwoordzin");
    t.send(&format!("{typed}\r"));
    t.wait_for("id,");
    assert_eq!(t.wait_exit(), 0);
    let seen = String::from_utf8_lossy(&t.raw()).to_string();
    assert!(
        !seen.contains(typed) && !seen.contains("verkeerd geraden"),
        "{seen}"
    );
}

/// `balie restore` on an encrypted database: an encrypted backup (the daily one) and a plain
/// one left from before `balie encrypt` both restore, and what is restored lies encrypted on
/// disk; the copy kept of the replaced database is encrypted too.
#[test]
fn restore_on_an_encrypted_database_keeps_everything_encrypted() {
    let dir = TempDir::new().unwrap();
    let data = data(&dir);
    log_three(|| balie(&dir));
    let plain_backup = dir.path().join("plain-backup.sqlite");
    balie(&dir)
        .args(["--volunteer", "ab", "backup", "-o"])
        .arg(&plain_backup)
        .assert()
        .success();
    let pass = secret_file(&dir, "pass", "een lange wachtwoordzin");
    with_pass(&dir, &pass).arg("encrypt").assert().success();
    let encrypted_backup = dir.path().join("encrypted-backup.sqlite");
    with_pass(&dir, &pass)
        .args(["--volunteer", "ab", "backup", "-o"])
        .arg(&encrypted_backup)
        .assert()
        .success();
    assert!(!plain_sqlite_reads(&encrypted_backup));
    let count = |dir: &TempDir| {
        stdout(with_pass(dir, &pass).args([
            "list",
            "--format",
            "csv",
            "--from",
            "2000-01-01",
            "--to",
            "2030-01-01",
        ]))
        .lines()
        .count()
            - 1
    };
    for backup in [&encrypted_backup, &plain_backup] {
        // one contact more than the backup holds, so the restore visibly replaces it
        with_pass(&dir, &pass)
            .args([
                "log",
                "--desk",
                "Buurtwerkkamer MultiBron",
                "--volunteer",
                "ab",
            ])
            .args(["--topic", "huur", "--note", "schimmel in de badkamer"])
            .assert()
            .success();
        assert_eq!(count(&dir), 4);
        let out = stdout(
            with_pass(&dir, &pass)
                .args(["restore", "--volunteer", "ab"])
                .arg(backup),
        );
        assert!(out.contains("3"), "{out}");
        assert_eq!(count(&dir), 3, "restored from {}", backup.display());
        for needle in [NOTE, RESIDENT, "schimmel", "SQLite format 3"] {
            assert_eq!(files_with(&data, needle), Vec::<PathBuf>::new(), "{needle}");
        }
        assert!(!plain_sqlite_reads(&data.join("balie.sqlite")));
    }
    let kept: Vec<PathBuf> = std::fs::read_dir(data.join("backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("before-restore"))
        .collect();
    assert_eq!(kept.len(), 2, "{kept:?}");
    // without the passphrase the restore is refused and nothing changes
    let before = snapshot(&data);
    balie(&dir)
        .args(["restore", "--volunteer", "ab"])
        .arg(&encrypted_backup)
        .assert()
        .code(1);
    assert_eq!(snapshot(&data), before);
}

/// Signed bundles through the binary: the desk's key (`keys signing`), trusted at the
/// coordinator from its first bundle (`keys trusted`), a bundle by another balie claiming
/// the same desk refused until its key is trusted by hand (`keys trust`), audited.
#[test]
fn a_desks_first_bundle_makes_its_key_trusted_and_another_key_is_refused() {
    let home = TempDir::new().unwrap();
    let at = |name: &str| balie_at(home.path(), &home.path().join(name));
    log_three(|| at("desk"));
    let key = stdout(at("desk").args(["keys", "signing"]))
        .trim()
        .to_string();
    assert!(key.starts_with("ed25519:") && key.len() == 72, "{key}");
    assert_eq!(stdout(at("desk").args(["keys", "signing"])).trim(), key);
    let first = home.path().join("eerste.balie");
    stdout(at("desk").args(["export", "--bundle"]).arg(&first));
    let out = stdout(at("coord").args(["keys", "trusted"]));
    assert!(out.contains("No desk"), "{out}");
    let out = stdout(at("coord").args(["merge", "--volunteer", "cd"]).arg(&first));
    assert!(
        out.contains(&format!("its key {key} is trusted from now on")),
        "{out}"
    );
    let out = stdout(at("coord").args(["keys", "trusted"]));
    assert_eq!(out.trim(), format!("Buurtwerkkamer MultiBron: {key}"));

    // another PC that logs for the same desk: its bundle is refused at the coordinator
    at("impostor")
        .args([
            "log",
            "--desk",
            "Buurtwerkkamer MultiBron",
            "--volunteer",
            "xy",
        ])
        .args(["--topic", "huur", "--note", "niet van deze balie"])
        .assert()
        .success();
    let other = home.path().join("ander.balie");
    stdout(at("impostor").args(["export", "--bundle"]).arg(&other));
    let before = snapshot(&home.path().join("coord"));
    at("coord")
        .args(["merge", "--volunteer", "cd"])
        .arg(&other)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is signed by the key"))
        .stderr(predicate::str::contains(key.as_str()))
        .stderr(predicate::str::contains("balie keys trust --desk"));
    let after = snapshot(&home.path().join("coord"));
    let db = |s: &[(PathBuf, Vec<u8>)]| {
        s.iter()
            .filter(|(p, _)| p.ends_with("balie.sqlite"))
            .map(|(_, b)| b.len())
            .sum::<usize>()
    };
    assert_eq!(db(&before), db(&after));
    let listed = || {
        stdout(at("coord").args([
            "list",
            "--format",
            "csv",
            "--from",
            "2000-01-01",
            "--to",
            "2030-01-01",
        ]))
    };
    assert!(!listed().contains("niet van deze balie"));

    // a key that is not one is refused in one sentence
    at("coord")
        .args([
            "--volunteer",
            "cd",
            "keys",
            "trust",
            "--desk",
            "Buurtwerkkamer MultiBron",
        ])
        .arg("ed25519:1234")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a bundle signing key"));
    // trusted by hand (the desk's new PC), then merged; the trust is audited
    let impostor_key = stdout(at("impostor").args(["keys", "signing"]))
        .trim()
        .to_string();
    let out = stdout(
        at("coord")
            .args([
                "--volunteer",
                "cd",
                "keys",
                "trust",
                "--desk",
                "Buurtwerkkamer MultiBron",
            ])
            .arg(&impostor_key),
    );
    assert!(out.contains("trusted now"), "{out}");
    stdout(at("coord").args(["merge", "--volunteer", "cd"]).arg(&other));
    assert!(listed().contains("niet van deze balie"));
    let audit = stdout(at("coord").args(["audit", "--format", "csv"]));
    assert!(audit.contains("bundle-key"), "{audit}");
    assert!(audit.contains(&impostor_key), "{audit}");
}
