//! End-to-end tests of `balie demo` through the real binary: the same seed gives the same
//! CSV, real data is never touched, and the output is a single summary line.

use std::path::Path;

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

/// A Wednesday afternoon.
const NOW: &str = "2026-11-25 15:42:00";

/// A `balie` command with a fixed clock and no user config (the home folders point into the
/// temporary folder), without a data folder unless the test gives one.
fn balie(home: &TempDir) -> Command {
    common::isolated(home.path(), NOW)
}

fn demo(home: &TempDir, data: &Path, args: &[&str]) -> String {
    let out = balie(home)
        .arg("--data-dir")
        .arg(data)
        .arg("demo")
        .args(args)
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        out.stderr.is_empty(),
        "no progress noise when stderr is not a terminal: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every contact from `from` to today, as `balie list --format csv` writes them.
fn csv_of(home: &TempDir, data: &Path, from: &str) -> String {
    let out = balie(home)
        .arg("--data-dir")
        .arg(data)
        .args(["list", "--format", "csv", "--from", from, "--to", "vandaag"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_same_seed_gives_the_same_csv_and_another_seed_does_not() {
    let home = TempDir::new().unwrap();
    let (a, b, c) = (
        home.path().join("a"),
        home.path().join("b"),
        home.path().join("c"),
    );
    let summary = demo(&home, &a, &["--contacts", "3000", "--seed", "11"]);
    demo(&home, &b, &["--contacts", "3000", "--seed", "11"]);
    demo(&home, &c, &["--contacts", "3000", "--seed", "12"]);

    let csv_a = csv_of(&home, &a, "2025-01-01");
    assert_eq!(csv_a.lines().count(), 3001, "a header and every contact");
    assert_eq!(csv_a, csv_of(&home, &b, "2025-01-01"));
    assert_ne!(csv_a, csv_of(&home, &c, "2025-01-01"));

    // One summary line: count, desks, the day range ending today, the time, the file.
    assert_eq!(summary.lines().count(), 1, "{summary}");
    assert!(
        summary.starts_with("3000 made-up contacts at 16 desks, "),
        "{summary}"
    );
    assert!(summary.contains(" .. 2026-11-25, in "), "{summary}");
    assert!(summary.trim_end().ends_with("balie.sqlite"), "{summary}");
}

#[test]
fn demo_contacts_are_marked_and_read_like_real_ones() {
    let home = TempDir::new().unwrap();
    let data = home.path().join("demo");
    demo(
        &home,
        &data,
        &["--contacts", "500", "--desks", "2", "--years", "1"],
    );
    let csv = csv_of(&home, &data, "2025-11-26");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 500);
    let desks: std::collections::BTreeSet<&str> = rows.iter().map(|r| &r[2]).collect();
    assert_eq!(
        desks.into_iter().collect::<Vec<_>>(),
        ["WSWonen Binnenstad", "WSWonen De Baarsjes/Bos en Lommer"]
    );
    // The database says it is demo data.
    let conn = rusqlite::Connection::open(data.join("balie.sqlite")).unwrap();
    let mark: String = conn
        .query_row("SELECT value FROM settings WHERE key = 'demo'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(mark.contains("500 made-up contacts"), "{mark}");
}

#[test]
fn a_folder_with_real_contacts_is_refused_and_left_as_it_was() {
    let home = TempDir::new().unwrap();
    let data = home.path().join("desk");
    balie(&home)
        .arg("--data-dir")
        .arg(&data)
        .args([
            "log",
            "--desk",
            "WSWonen Noord",
            "--volunteer",
            "AB",
            "--topic",
            "huur",
        ])
        .assert()
        .success();
    let before = csv_of(&home, &data, "2026-11-25");
    balie(&home)
        .arg("--data-dir")
        .arg(&data)
        .args(["demo", "--contacts", "100"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("already holds 1 contact;")
                .and(predicate::str::contains("--data-dir")),
        );
    assert_eq!(csv_of(&home, &data, "2026-11-25"), before);
    assert_eq!(before.lines().count(), 2);
}

#[test]
fn without_an_explicit_data_folder_nothing_is_written() {
    let home = TempDir::new().unwrap();
    balie(&home)
        .args(["demo", "--contacts", "100"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--data-dir"));
    assert!(
        !home.path().join("share").exists(),
        "the user's data folder was not created"
    );
}

#[test]
fn bad_numbers_are_refused_with_a_clear_message() {
    let home = TempDir::new().unwrap();
    let data = home.path().join("demo");
    balie(&home)
        .arg("--data-dir")
        .arg(&data)
        .args(["demo", "--contacts", "100", "--desks", "40"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--desks 40: the config lists 16 desks",
        ));
    balie(&home)
        .arg("--data-dir")
        .arg(&data)
        .args(["demo", "--contacts", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--contacts"));
    // Nothing was made, so a demo can still go there.
    demo(&home, &data, &["--contacts", "10"]);
}

/// A `balie demo` killed halfway leaves no half demo behind: the folder holds no contact and
/// no demo mark, so the next `balie demo` simply runs (it used to say "already holds a demo").
#[test]
fn a_demo_killed_halfway_leaves_nothing_and_can_be_made_again() {
    let home = TempDir::new().unwrap();
    let data = home.path().join("demo");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_balie"))
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("share"))
        .env("BALIE_NOW", NOW)
        .env_remove("BALIE_CONFIG")
        .arg("--data-dir")
        .arg(&data)
        .args(["demo", "--contacts", "2000000"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // until the fill is well under way: the write-ahead log has grown past a few MiB
    let wal = data.join("balie.sqlite-wal");
    let started = std::time::Instant::now();
    while std::fs::metadata(&wal).map_or(0, |m| m.len()) < 4 << 20 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the demo of two million contacts ended before it could be killed"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(120));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let store = balie::store::Store::open_dir(&data).unwrap();
    assert_eq!(store.count(&balie::store::Filter::default()).unwrap(), 0);
    assert_eq!(store.setting("demo").unwrap(), None);
    drop(store);
    let out = demo(&home, &data, &["--contacts", "300"]);
    assert!(out.contains("300"), "{out}");
}
