//! End-to-end tests of `balie report` and `balie export` through the real binary, on a data
//! folder filled with `balie log` the way a desk would.

use std::io::Read;
use std::process::Stdio;

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

/// A `balie` command on a fresh data folder with a fixed clock (Sunday 10 January 2027) and no
/// user config.
fn balie(dir: &TempDir) -> Command {
    let mut cmd = common::isolated(dir.path(), "2027-01-10 12:00:00");
    cmd.env("BALIE_DATA_DIR", dir.path().join("data"));
    cmd
}

fn log(dir: &TempDir, desk: &str, at: &str, extra: &[&str]) {
    balie(dir)
        .args(["log", "--desk", desk, "--volunteer", "ab", "--at", at])
        .args(extra)
        .assert()
        .success();
}

const A: &str = "Buurtwerkkamer MultiBron";
const B: &str = "WSWonen Noord";

/// Around week 53 of 2026 (28 Dec 2026 - 3 Jan 2027):
///
/// | at               | week     | desk | topics          | resident | note                   |
/// |------------------|----------|------|-----------------|----------|------------------------|
/// | 2026-12-27 23:59 | 2026-W52 | A    | huur            | R-001    |                        |
/// | 2026-12-28 00:00 | 2026-W53 | A    | huur, onderhoud | R-001    | `=1+1`, with "quotes"  |
/// | 2026-12-30 10:00 | 2026-W53 | A    | taal            | R-002    |                        |
/// | 2027-01-03 23:59 | 2026-W53 | B    | huur            |          | two lines              |
/// | 2027-01-04 00:00 | 2027-W01 | A    | formulieren     |          |                        |
fn fixture() -> TempDir {
    let dir = TempDir::new().unwrap();
    log(
        &dir,
        A,
        "2026-12-27 23:59",
        &["--topic", "huur", "--resident", "R-001"],
    );
    log(
        &dir,
        A,
        "2026-12-28 00:00",
        &[
            "--topic",
            "huur",
            "--topic",
            "onderhoud",
            "--resident",
            "R-001",
            "--note",
            "=1+1, \"quotes\"",
        ],
    );
    log(
        &dir,
        A,
        "2026-12-30 10:00",
        &[
            "--topic",
            "taal",
            "--resident",
            "r-002",
            "--landlord",
            "ymere",
        ],
    );
    log(
        &dir,
        B,
        "2027-01-03 23:59",
        &["--topic", "huur", "--note", "eerste regel\ntweede; regel"],
    );
    log(&dir, A, "2027-01-04 00:00", &["--topic", "formulieren"]);
    dir
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

fn records(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn a_weekly_report_by_topic_states_its_days_and_counts_by_hand() {
    let dir = fixture();
    let out = stdout(balie(&dir).args(["report", "--period", "2026-W53", "--by", "topic"]));
    assert!(
        out.starts_with("2026-W53 (2026-12-28 .. 2027-01-03), all desks\n"),
        "{out}"
    );
    // W53: huur (28 Dec, 3 Jan) 2 contacts, resident R-001 -> 1; onderhoud 1; taal 1
    // . Total: 3 contacts (28 Dec counted once), 2 residents.
    assert!(out.contains("\nRent level and service costs  "), "{out}");
    let line = |label: &str| {
        out.lines()
            .find(|l| l.starts_with(label))
            .unwrap()
            .split_whitespace()
            .rev()
            .take(2)
            .collect::<Vec<_>>()
    };
    assert_eq!(line("Rent level"), ["1", "2"]);
    assert_eq!(line("Maintenance"), ["1", "1"]);
    assert_eq!(line("Language"), ["1", "1"]);
    assert_eq!(line("Splitting"), ["0", "0"]);
    assert_eq!(line("total"), ["2", "3"]);
    assert!(out.contains("note: a contact with several topics counts once under each of its topics, and once in every total"));
}

#[test]
fn report_csv_has_stable_codes_and_a_total_row() {
    let dir = fixture();
    let out = stdout(balie(&dir).args([
        "report",
        "--period",
        "2026-W53",
        "--by",
        "desk,topic",
        "--format",
        "csv",
    ]));
    let rows = records(&out);
    assert_eq!(
        rows[0],
        ["from", "to", "desk", "topic", "contacts", "residents"]
    );
    let find = |desk: &str, topic: &str| {
        rows.iter()
            .find(|r| r[2] == desk && r[3] == topic)
            .map(|r| (r[4].as_str(), r[5].as_str()))
    };
    assert_eq!(find(A, "huur"), Some(("1", "1")));
    assert_eq!(find(A, "onderhoud"), Some(("1", "1")));
    assert_eq!(find(A, "taal"), Some(("1", "1")));
    assert_eq!(find(B, "huur"), Some(("1", "0")));
    assert_eq!(find(B, "taal"), Some(("0", "0")));
    assert!(
        rows[1..]
            .iter()
            .all(|r| r[0] == "2026-12-28" && r[1] == "2027-01-03")
    );
    // The last row is the total: empty dimension cells, every contact once.
    assert_eq!(
        rows.last().unwrap(),
        &["2026-12-28", "2027-01-03", "", "", "3", "2"]
    );
}

#[test]
fn report_json_and_the_desk_filter() {
    let dir = fixture();
    let out = stdout(balie(&dir).args([
        "--desk",
        B,
        "report",
        "--from",
        "2026-12-01",
        "--to",
        "2027-01-31",
        "--by",
        "week",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["from"], "2026-12-01");
    assert_eq!(v["to"], "2027-01-31");
    assert_eq!(v["desk"], B);
    // Desk B has one contact, on 3 January 2027 (2026-W53); no resident codes at all.
    assert_eq!(v["total"], serde_json::json!({ "contacts": 1 }));
    let w53 = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["week"] == "2026-W53")
        .unwrap();
    assert_eq!(w53["contacts"], 1);
    assert!(w53.get("residents").is_none());
    assert_eq!(
        v["rows"][0]["week"], "2026-W49",
        "weeks from the one holding 1 December"
    );
}

#[test]
fn periods_are_checked_before_anything_is_read() {
    let dir = fixture();
    balie(&dir)
        .args(["report", "--period", "2025-W53"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2025 has 52 ISO weeks"));
    balie(&dir)
        .args(["report", "--period", "2026-T4"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("T3 (Sep-Dec)"));
    balie(&dir)
        .args(["report", "--period", "volgende week"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give a week 2026-W47"));
    balie(&dir)
        .args(["report", "--from", "2027-01-05", "--to", "2026-12-01"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("give the earlier day first"));
    balie(&dir)
        .args(["report", "--by", "planet"])
        .assert()
        .code(2);
}

#[test]
fn without_a_period_a_report_is_this_week() {
    let dir = fixture();
    // BALIE_NOW is Sunday 10 January 2027: 2027-W01 (4-10 Jan) holds the 4 January contact.
    let out = stdout(balie(&dir).args(["report"]));
    assert!(
        out.starts_with("2027-W01 (2027-01-04 .. 2027-01-10), all desks"),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["total", "1"]),
        "{out}"
    );
}

#[test]
fn targets_show_progress_and_pace() {
    let dir = fixture();
    let config = dir.path().join("desk.toml");
    std::fs::write(
        &config,
        "[[targets]]\nyear = 2026\nname = \"Wonen\"\ntopics = [\"huur\", \"onderhoud\"]\ncount = \"contacts\"\nvalue = 4\n\n\
         [[targets]]\nyear = 2026\nname = \"Taal\"\ntopics = [\"taal\"]\ncount = \"residents\"\nvalue = 10\n",
    )
    .unwrap();
    let out = stdout(balie(&dir).env("BALIE_CONFIG", &config).args([
        "report",
        "--targets",
        "--period",
        "2026",
        "--format",
        "csv",
    ]));
    let rows = records(&out);
    assert_eq!(
        rows[0],
        [
            "year",
            "name",
            "topics",
            "count",
            "actual",
            "target",
            "percent",
            "expected_by_today",
            "ahead"
        ]
    );
    // Wonen in 2026: 27 Dec (huur) and 28 Dec (huur + onderhoud, once) = 2 of 4 = 50%; the
    // year is over on 10 Jan 2027, so the pace expects all 4: behind by 2.
    assert_eq!(
        rows[1],
        [
            "2026",
            "Wonen",
            "huur|onderhoud",
            "contacts",
            "2",
            "4",
            "50.0",
            "4",
            "-2"
        ]
    );
    // Taal: one resident of 10.
    assert_eq!(
        rows[2],
        [
            "2026",
            "Taal",
            "taal",
            "residents",
            "1",
            "10",
            "10.0",
            "10",
            "-9"
        ]
    );
    let table = stdout(balie(&dir).env("BALIE_CONFIG", &config).args([
        "report",
        "--targets",
        "--period",
        "2026",
    ]));
    assert!(table.contains("day 365 of 365"), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("Wonen") && l.contains("50%") && l.ends_with("-2")),
        "{table}"
    );
    balie(&dir)
        .env("BALIE_CONFIG", &config)
        .args(["report", "--targets", "--period", "2026-W53"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("give --period 2026"));
    // No targets for 2027 (the default year on 10 Jan 2027): say how to add them.
    balie(&dir)
        .env("BALIE_CONFIG", &config)
        .args(["report", "--targets"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no targets for 2027"));
}

#[test]
fn export_csv_round_trips_and_the_excel_dialect_opens_in_dutch_excel() {
    let dir = fixture();
    let out = balie(&dir)
        .args(["export", "--period", "2026-W53"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut r = csv::Reader::from_reader(out.as_slice());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(&header[..3], ["id", "at", "desk"]);
    assert_eq!(
        &header[18..],
        [
            "week",
            "month",
            "landlord_group",
            "signal",
            "follow_up_done"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][9], "=1+1, \"quotes\"");
    assert_eq!(&rows[2][9], "eerste regel\ntweede; regel");
    assert_eq!(&rows[1][13], "R002");
    assert_eq!(&rows[1][20], "corporatie");
    assert_eq!(&rows[2][18], "2026-W53");
    assert_eq!(&rows[2][19], "2027-01");
    let nl = balie(&dir)
        .args(["export", "--period", "2026-W53", "--dialect", "excel-nl"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(nl.starts_with(b"\xEF\xBB\xBFid;at;desk;"));
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&nl[3..]);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][9], "'=1+1, \"quotes\"");
    assert_eq!(&rows[2][9], "eerste regel\ntweede; regel");
}

#[test]
fn export_to_a_file_is_private_and_never_overwrites_without_force() {
    let dir = fixture();
    let file = dir.path().join("week53.csv");
    let file_arg = file.to_str().unwrap();
    balie(&dir)
        .args(["export", "--period", "2026-W53", "--output", file_arg])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "3 contacts, 2026-W53 (2026-12-28 .. 2027-01-03)",
        ));
    let first = std::fs::read(&file).unwrap();
    assert_eq!(
        csv::Reader::from_reader(first.as_slice()).records().count(),
        3
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    balie(&dir)
        .args(["export", "--period", "2026", "-o", file_arg])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists; add --force"));
    assert_eq!(std::fs::read(&file).unwrap(), first);
    balie(&dir)
        .args(["export", "--period", "2026", "-o", file_arg, "--force"])
        .assert()
        .success();
    // 2026: the three December contacts (27, 28 and 30 December).
    let second = std::fs::read(&file).unwrap();
    assert_eq!(
        csv::Reader::from_reader(second.as_slice())
            .records()
            .count(),
        3
    );
    assert_ne!(second, first);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.to_string_lossy().contains(".balie-export-")),
        "{names:?}"
    );
}

/// Tests run as root, for whom a read-only folder is writable; a path whose parent is a
/// regular file cannot be written by anyone.
#[test]
fn an_export_into_an_unwritable_folder_fails_cleanly_and_leaves_nothing() {
    let dir = fixture();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let before: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    balie(&dir)
        .args(["export", "-o", blocker.join("out.csv").to_str().unwrap()])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: cannot create the export in the folder",
        ))
        .stderr(predicate::str::contains("not-a-folder"));
    let after: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before, after);
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "x");
}

#[test]
fn export_xlsx_to_a_file() {
    let dir = fixture();
    let file = dir.path().join("balie.xlsx");
    balie(&dir)
        .args([
            "--lang",
            "nl",
            "export",
            "--format",
            "xlsx",
            "--period",
            "2026-W53",
            "-o",
            file.to_str().unwrap(),
        ])
        .assert()
        .success();
    let bytes = std::fs::read(&file).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut workbook = String::new();
    zip.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut workbook)
        .unwrap();
    assert!(
        workbook.contains("name=\"contacten\"") && workbook.contains("name=\"contacten per week\"")
    );
    assert!(zip.by_name("xl/charts/chart1.xml").is_ok());
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let dir = fixture();
    // Enough contacts to fill the pipe: add them through the library, quickly.
    {
        let config = balie::config::Config::shipped();
        let mut store = balie::store::Store::open_dir(&dir.path().join("data")).unwrap();
        let at =
            chrono::NaiveDateTime::parse_from_str("2026-06-01 10:00", "%Y-%m-%d %H:%M").unwrap();
        for i in 0..3000 {
            let mut c = balie::domain::Contact::bare(
                at + chrono::Duration::minutes(i),
                A,
                "AB",
                vec!["huur".into()],
                at,
            );
            c.note = "een notitie die de regel wat langer maakt".into();
            c.validate(&config).unwrap();
            store.insert(&c).unwrap();
        }
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("balie"))
        .env("BALIE_DATA_DIR", dir.path().join("data"))
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("BALIE_NOW", "2027-01-10 12:00:00")
        .env_remove("BALIE_CONFIG")
        .arg("export")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 100];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut head)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn every_export_of_contact_rows_is_audited_to_a_file_or_to_standard_output() {
    let dir = fixture();
    let csv_file = dir.path().join("rows.csv");
    let xlsx_file = dir.path().join("rows.xlsx");
    stdout(
        balie(&dir)
            .args([
                "--volunteer",
                "cd",
                "export",
                "--period",
                "2026-W53",
                "--output",
            ])
            .arg(&csv_file),
    );
    stdout(
        balie(&dir)
            .args([
                "--volunteer",
                "cd",
                "export",
                "--format",
                "xlsx",
                "--output",
            ])
            .arg(&xlsx_file),
    );
    let to_stdout = stdout(balie(&dir).args(["--volunteer", "ef", "export"]));
    assert!(to_stdout.starts_with("id,at,desk"), "{to_stdout}");
    let log = stdout(balie(&dir).args(["audit", "--format", "csv"]));
    let exports: Vec<&str> = log.lines().filter(|l| l.contains(",export,")).collect();
    assert_eq!(exports.len(), 3, "{log}");
    assert!(
        exports[0].contains(",CD,")
            && exports[0].contains("csv")
            && exports[0].contains("3 contact(s)"),
        "{}",
        exports[0]
    );
    assert!(
        exports[1].contains("xlsx") && exports[1].contains("rows.xlsx"),
        "{}",
        exports[1]
    );
    assert!(
        exports[2].contains(",EF,") && exports[2].contains("standard output"),
        "{}",
        exports[2]
    );
}
