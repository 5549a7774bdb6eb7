//! End-to-end tests of the several-desks commands through the real binary: follow-ups,
//! signals, bundles merged into a coordinator's database, and CSV import.

use std::path::{Path, PathBuf};

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

/// A `balie` command on the data folder `data` (inside `home`), with a fixed clock and no
/// user config.
fn balie_at(home: &TempDir, data: &str, now: &str) -> Command {
    let mut cmd = common::isolated(home.path(), now);
    cmd.env("BALIE_DATA_DIR", home.path().join(data));
    cmd
}

/// Wednesday 25 November 2026.
const NOW: &str = "2026-11-25 11:42:00";

fn balie(home: &TempDir, data: &str) -> Command {
    balie_at(home, data, NOW)
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

fn log(home: &TempDir, data: &str, desk: &str, args: &[&str]) -> String {
    stdout(
        balie(home, data)
            .args(["log", "--desk", desk, "--volunteer", "ab"])
            .args(args),
    )
    .trim()
    .to_string()
}

/// Every contact of November 2026 as CSV rows (header first), sorted, for comparing
/// databases.
fn all_rows(home: &TempDir, data: &str) -> Vec<String> {
    let out = stdout(balie(home, data).args([
        "list",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--format",
        "csv",
    ]));
    let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
    lines[1..].sort();
    lines
}

fn path(home: &TempDir, name: &str) -> PathBuf {
    home.path().join(name)
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_referral_shows_up_when_due_and_one_command_marks_it_done() {
    let home = TempDir::new().unwrap();
    let id = log(
        &home,
        "desk",
        "Noord",
        &[
            "--topic",
            "huur",
            "--referred-to",
            "huurteam",
            "--follow-up",
            "over 3 dagen",
            "--at",
            "10:30",
        ],
    );
    log(
        &home,
        "desk",
        "Noord",
        &["--topic", "onderhoud", "--at", "10:40"],
    );
    // Wednesday: due on Saturday, so nothing is due yet, but --all shows it.
    let today = stdout(balie(&home, "desk").args(["follow-ups"]));
    assert!(today.contains("0 follow-ups due by 2026-11-25"), "{today}");
    let all = stdout(balie(&home, "desk").args(["follow-ups", "--all"]));
    assert!(
        all.contains("2026-11-28") && all.contains("in 3d") && all.contains("Huurteam"),
        "{all}"
    );

    // Monday 30 November: two days late, listed with its id.
    let monday = "2026-11-30 09:00:00";
    let due = stdout(balie_at(&home, "desk", monday).args(["follow-ups"]));
    assert!(due.contains("2d late") && due.contains(&id), "{due}");
    assert!(due.contains("1 follow-up due by 2026-11-30"), "{due}");
    let csv = stdout(balie_at(&home, "desk", monday).args(["follow-ups", "--format", "csv"]));
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (&rows[0][0], &rows[0][1], &rows[0][2]),
        (id.as_str(), "2026-11-28", "2")
    );

    // Marking it done needs initials (it is audited); the first characters of the id do.
    balie_at(&home, "desk", monday)
        .args(["follow-ups", "done", &id[..10]])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--volunteer"));
    let done = stdout(balie_at(&home, "desk", monday).args([
        "follow-ups",
        "done",
        &id[..10],
        "--volunteer",
        "cd",
    ]));
    assert!(
        done.contains("marked done") && done.contains("due 2026-11-28"),
        "{done}"
    );
    let after = stdout(balie_at(&home, "desk", monday).args(["follow-ups", "--all"]));
    assert!(after.contains("0 open follow-ups"), "{after}");
    let again = stdout(balie_at(&home, "desk", monday).args([
        "follow-ups",
        "done",
        &id,
        "--volunteer",
        "cd",
    ]));
    assert!(again.contains("marked done before"), "{again}");
    let audit = stdout(balie_at(&home, "desk", monday).args(["audit", "--format", "csv"]));
    assert!(
        audit
            .lines()
            .any(|l| l.contains("CD,follow-up") && l.contains(&id)),
        "{audit}"
    );
    // The list shows when it was done.
    let rows = all_rows(&home, "desk");
    let header: Vec<&str> = rows[0].split(',').collect();
    assert_eq!(&header[18..], ["signal", "follow_up_done"]);
    assert!(
        rows.iter()
            .any(|r| r.starts_with(&id) && r.ends_with(",2026-11-30 09:00:00"))
    );
    // Reopen puts it back.
    stdout(balie_at(&home, "desk", monday).args([
        "follow-ups",
        "reopen",
        &id,
        "--volunteer",
        "cd",
    ]));
    let back = stdout(balie_at(&home, "desk", monday).args(["follow-ups"]));
    assert!(back.contains(&id), "{back}");
    // An unknown id says so.
    balie_at(&home, "desk", monday)
        .args(["follow-ups", "done", "ZZZZZZZZ", "--volunteer", "cd"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no contact with an id starting with ZZZZZZZZ",
        ));
}

#[test]
fn signals_are_listed_with_desks_and_dates_and_reported_by_label() {
    let home = TempDir::new().unwrap();
    for (at, signal) in [
        ("2026-11-20 10:00", "Kolenkit renovatie"),
        ("2026-11-23 10:00", "kolenkit  RENOVATIE"),
        ("2026-11-24 10:00", "Splitsing Bos en Lommerweg"),
    ] {
        log(
            &home,
            "desk",
            "Noord",
            &["--topic", "onderhoud", "--at", at, "--signal", signal],
        );
    }
    log(
        &home,
        "desk",
        "Noord",
        &["--topic", "huur", "--at", "2026-11-24 11:00"],
    );
    balie(&home, "desk")
        .args([
            "log",
            "--desk",
            "Noord",
            "--volunteer",
            "ab",
            "--topic",
            "huur",
        ])
        .args(["--signal", "bel 0612345678"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("looks like a phone number"));
    let table = stdout(balie(&home, "desk").args(["signals"]));
    let words = |label: &str, text: &str| -> Vec<String> {
        let line = text
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_default();
        line[label.len().min(line.len())..]
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    // The second spelling was taken for the first: one label, two contacts.
    assert_eq!(
        words("Kolenkit renovatie", &table)[..6],
        ["2", "0", "2026-11-20", "2026-11-23", "Noord", "2"],
        "{table}"
    );
    let csv = stdout(balie(&home, "desk").args(["signals", "--format", "csv"]));
    assert_eq!(
        csv.lines().next().unwrap(),
        "signal,contacts,residents,desks,topics,first,last"
    );
    assert!(
        csv.contains(
            "Kolenkit renovatie,2,0,Noord:2,onderhoud:2,2026-11-20 10:00,2026-11-23 10:00"
        ),
        "{csv}"
    );
    let by = stdout(balie(&home, "desk").args([
        "report", "--by", "signal", "--period", "2026-11", "--format", "csv",
    ]));
    assert_eq!(
        by.lines().collect::<Vec<_>>(),
        vec![
            "from,to,signal,contacts",
            "2026-11-01,2026-11-30,Kolenkit renovatie,2",
            "2026-11-01,2026-11-30,Splitsing Bos en Lommerweg,1",
            "2026-11-01,2026-11-30,,1",
            "2026-11-01,2026-11-30,,4",
        ]
    );
    let week = stdout(balie(&home, "desk").args(["signals", "--period", "2026-W48"]));
    assert_eq!(words("Kolenkit renovatie", &week)[0], "1", "{week}");
    assert!(week.contains("Splitsing"), "{week}");
}

#[test]
fn two_desks_bundles_give_the_coordinator_the_city_wide_picture() {
    let home = TempDir::new().unwrap();
    for i in 0..4 {
        log(
            &home,
            "noord",
            "Noord",
            &["--topic", "huur", "--at", &format!("2026-11-2{i} 10:00")],
        );
    }
    for i in 0..3 {
        log(
            &home,
            "zuidoost",
            "Zuidoost",
            &[
                "--topic",
                "onderhoud",
                "--referred-to",
                "madi",
                "--at",
                &format!("2026-11-2{i} 14:00"),
            ],
        );
    }
    let (a, b) = (path(&home, "noord.balie"), path(&home, "zuidoost.balie"));
    let written = stdout(balie(&home, "noord").args(["export", "--bundle", arg(&a)]));
    assert!(
        written.contains("desk Noord, all days, 4 contacts"),
        "{written}"
    );
    stdout(balie(&home, "zuidoost").args(["export", "--bundle", arg(&b), "--volunteer", "ef"]));
    // Not over an existing file without --force; not with CSV options.
    balie(&home, "noord")
        .args(["export", "--bundle", arg(&a)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists; add --force"));
    stdout(balie(&home, "noord").args(["export", "--bundle", arg(&a), "--force"]));
    balie(&home, "noord")
        .args(["export", "--bundle", arg(&a), "--dialect", "excel-nl"])
        .assert()
        .code(2);

    // Merging needs initials: the audit log records who merged.
    balie(&home, "city")
        .args(["merge", arg(&a)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--volunteer"));
    let first = stdout(balie(&home, "city").args(["merge", arg(&a), arg(&b), "--volunteer", "kl"]));
    assert!(
        first.contains("merged: added 7, updated 0, skipped 0, deleted 0"),
        "{first}"
    );
    let second =
        stdout(balie(&home, "city").args(["merge", arg(&a), arg(&b), "--volunteer", "kl"]));
    assert!(
        second.contains("merged: added 0, updated 0, skipped 7, deleted 0"),
        "{second}"
    );
    let by_desk = stdout(balie(&home, "city").args([
        "report", "--by", "desk", "--period", "2026-11", "--format", "csv",
    ]));
    assert_eq!(
        by_desk.lines().collect::<Vec<_>>(),
        vec![
            "from,to,desk,contacts",
            "2026-11-01,2026-11-30,Noord,4",
            "2026-11-01,2026-11-30,Zuidoost,3",
            "2026-11-01,2026-11-30,,7",
        ]
    );
    let one = stdout(balie(&home, "city").args([
        "report",
        "--by",
        "referred-to",
        "--period",
        "2026-11",
        "--desk",
        "Zuidoost",
        "--format",
        "csv",
    ]));
    assert!(one.contains("2026-11-01,2026-11-30,madi,3"), "{one}");

    // In reverse order, into another database: the same contacts.
    stdout(balie(&home, "other").args(["merge", arg(&b), "--volunteer", "kl"]));
    stdout(balie(&home, "other").args(["merge", arg(&a), "--volunteer", "kl"]));
    let city = all_rows(&home, "city");
    assert_eq!(city.len(), 8);
    assert_eq!(all_rows(&home, "other"), city);

    // A cut-off bundle next to a good one: both refused, nothing changes.
    let bytes = std::fs::read(&a).unwrap();
    let cut = path(&home, "cut.balie");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    log(
        &home,
        "noord",
        "Noord",
        &["--topic", "huur", "--at", "2026-11-25 09:00"],
    );
    let fresh = path(&home, "fresh.balie");
    stdout(balie(&home, "noord").args(["export", "--bundle", arg(&fresh)]));
    balie(&home, "city")
        .args(["merge", arg(&fresh), arg(&cut), "--volunteer", "kl"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "cut.balie is damaged: it is cut off",
        ))
        .stderr(predicate::str::contains("Nothing was merged"))
        .stderr(predicate::str::contains(
            "the other file is fine, but was not merged",
        ));
    assert_eq!(all_rows(&home, "city"), city);
    // A CSV file is not a bundle; a bundle is not a backup.
    let csv = path(&home, "x.csv");
    std::fs::write(&csv, "id,at\n").unwrap();
    balie(&home, "city")
        .args(["merge", arg(&csv), "--volunteer", "kl"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "is not a balie bundle: it is not a SQLite file",
        ));
    balie(&home, "city")
        .args(["restore", arg(&a), "--volunteer", "kl"])
        .assert()
        .code(1);
    // The dry run says what the fresh one would add, and adds nothing.
    let dry = stdout(balie(&home, "city").args(["merge", arg(&fresh), "--dry-run"]));
    assert!(
        dry.contains("merging would make: added 1, updated 0, skipped 4"),
        "{dry}"
    );
    assert_eq!(all_rows(&home, "city"), city);
}

#[test]
fn an_export_imported_elsewhere_gives_the_same_reports_and_importing_twice_adds_nothing() {
    let home = TempDir::new().unwrap();
    for (i, topics) in [
        ["huur", "onderhoud"],
        ["splitsing", "huur"],
        ["formulieren", "taal"],
    ]
    .iter()
    .enumerate()
    {
        log(
            &home,
            "desk",
            "Noord",
            &[
                "--topic",
                topics[0],
                "--topic",
                topics[1],
                "--at",
                &format!("2026-11-2{i} 10:00"),
                "--note",
                "=brief; \"huurverhoging\"",
                "--resident",
                &format!("R-00{i}"),
                "--signal",
                "Kolenkit",
            ],
        );
    }
    let file = path(&home, "noord.csv");
    stdout(balie(&home, "desk").args([
        "export",
        "--period",
        "2026-11",
        "--dialect",
        "excel-nl",
        "-o",
        arg(&file),
    ]));
    let dry = stdout(balie(&home, "copy").args(["import", arg(&file), "--dry-run"]));
    assert!(
        dry.contains("3 rows, Dutch Excel") && dry.contains("would add 3 contacts"),
        "{dry}"
    );
    assert!(
        all_rows(&home, "copy").len() == 1,
        "a dry run imports nothing"
    );
    let added = stdout(balie(&home, "copy").args(["import", arg(&file), "--volunteer", "kl"]));
    assert!(
        added.contains("added 3 contacts, skipped 0 already here"),
        "{added}"
    );
    assert_eq!(all_rows(&home, "copy"), all_rows(&home, "desk"));
    for by in ["topic", "week,channel", "signal", "landlord-group"] {
        let report = |data: &str| {
            stdout(balie(&home, data).args([
                "report", "--by", by, "--period", "2026-11", "--format", "csv",
            ]))
        };
        assert_eq!(report("copy"), report("desk"), "--by {by}");
    }
    let again = stdout(balie(&home, "copy").args(["import", arg(&file), "--volunteer", "kl"]));
    assert!(
        again.contains("added 0 contacts, skipped 3 already here"),
        "{again}"
    );
    // The list's CSV imports too.
    let list = path(&home, "list.csv");
    let rows = stdout(balie(&home, "desk").args([
        "list",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--format",
        "csv",
    ]));
    std::fs::write(&list, rows).unwrap();
    let from_list = stdout(balie(&home, "third").args(["import", arg(&list), "--volunteer", "kl"]));
    assert!(from_list.contains("added 3 contacts"), "{from_list}");
}

#[test]
fn a_tally_with_one_bad_row_imports_nothing_until_it_is_fixed() {
    let home = TempDir::new().unwrap();
    let file = path(&home, "turf.csv");
    std::fs::write(
        &file,
        "at;topics\n20-11-2026 10:00;huur\n20-11-2026 10:30;hur\n21-11-2026 9:15;schimmel\n",
    )
    .unwrap();
    balie(&home, "desk")
        .args(["import", arg(&file), "--desk", "Noord", "--volunteer", "kl"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "line 3, field `topics`: unknown topic `hur`",
        ))
        .stderr(predicate::str::contains("nothing was imported"));
    assert_eq!(all_rows(&home, "desk").len(), 1);
    std::fs::write(
        &file,
        "at;topics\n20-11-2026 10:00;huur\n20-11-2026 10:30;huur\n21-11-2026 9:15;schimmel\n",
    )
    .unwrap();
    let ok = stdout(balie(&home, "desk").args([
        "import",
        arg(&file),
        "--desk",
        "Noord",
        "--volunteer",
        "kl",
    ]));
    assert!(
        ok.contains("added 3 contacts") && ok.contains("3 rows without an id"),
        "{ok}"
    );
    let again = stdout(balie(&home, "desk").args([
        "import",
        arg(&file),
        "--desk",
        "Noord",
        "--volunteer",
        "kl",
    ]));
    assert!(
        again.contains("added 0 contacts, skipped 3 already here"),
        "{again}"
    );
    let report = stdout(balie(&home, "desk").args([
        "report", "--by", "topic", "--period", "2026-W47", "--format", "csv",
    ]));
    assert!(
        report.contains(",huur,2") && report.contains(",onderhoud,1"),
        "{report}"
    );
}

/// A bundle over the documented 256 MiB is refused by its size alone (a sparse file here, so
/// the test writes nothing to disk): one sentence naming the file and the limit, and nothing
/// merged, not even the good bundle given with it.
#[test]
fn a_bundle_over_the_size_limit_is_refused_and_nothing_is_merged() {
    let home = TempDir::new().unwrap();
    log(
        &home,
        "noord",
        "Noord",
        &["--topic", "huur", "--at", "2026-11-24 10:00"],
    );
    log(
        &home,
        "city",
        "Stad",
        &["--topic", "taal", "--at", "2026-11-24 11:00"],
    );
    let good = path(&home, "noord.balie");
    stdout(balie(&home, "noord").args(["export", "--bundle", arg(&good)]));
    let huge = path(&home, "huge.balie");
    let limit = balie::desks::bundle::BUNDLE_MAX_BYTES;
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(limit + 1024 * 1024)
        .unwrap();
    let city = all_rows(&home, "city");
    let out = balie(&home, "city")
        .args(["merge", arg(&good), arg(&huge), "--volunteer", "kl"])
        .assert()
        .code(1)
        .stdout("")
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("huge.balie"), "{err}");
    assert!(
        err.contains("257") && err.contains("256"),
        "size and limit: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("damaged"), "too large is not damage: {err}");
    assert_eq!(all_rows(&home, "city"), city, "nothing merged");
    // The good bundle on its own merges.
    stdout(balie(&home, "city").args(["merge", arg(&good), "--volunteer", "kl"]));
    assert_eq!(all_rows(&home, "city").len(), city.len() + 1);
}
