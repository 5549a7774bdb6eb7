//! End-to-end tests of the command line through the real binary on an empty data folder.

mod common;

use assert_cmd::Command;
use common::{balie, log_ok, stdout};
use predicates::prelude::*;
use tempfile::TempDir;

/// Write a desk config and return a command that uses it.
fn balie_with_config(dir: &TempDir, toml: &str) -> Command {
    let path = dir.path().join("desk.toml");
    std::fs::write(&path, toml).unwrap();
    let mut cmd = balie(dir);
    cmd.env("BALIE_CONFIG", &path);
    cmd
}

fn csv_rows(dir: &TempDir, args: &[&str]) -> Vec<csv::StringRecord> {
    let out = balie(dir)
        .args(["list", "--format", "csv"])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut r = csv::Reader::from_reader(out.as_slice());
    let header = r.headers().unwrap().clone();
    assert_eq!(
        &header.iter().take(10).collect::<Vec<_>>(),
        &[
            "id",
            "at",
            "desk",
            "volunteer",
            "channel",
            "kind",
            "topics",
            "landlord",
            "minutes",
            "note"
        ]
    );
    r.records().map(Result::unwrap).collect()
}

#[test]
fn log_prints_an_id_and_list_shows_the_contact() {
    let dir = TempDir::new().unwrap();
    let id = log_ok(
        &dir,
        &[
            "--topic",
            "huur",
            "--topic",
            "onderhoud",
            "--channel",
            "telefoon",
            "--kind",
            "hulpvraag",
            "--landlord",
            "ymere",
            "--minutes",
            "20",
            "--note",
            "brief, \"huurverhoging\"",
            "--at",
            "2026-11-25 10:30",
        ],
    );
    assert_eq!(id.len(), 26, "a ULID: {id}");
    let rows = csv_rows(&dir, &[]);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(&r[0], id);
    assert_eq!(&r[1], "2026-11-25 10:30");
    assert_eq!(&r[2], "Buurtwerkkamer MultiBron");
    assert_eq!(&r[3], "AB");
    assert_eq!(&r[4], "telefoon");
    assert_eq!(&r[5], "hulpvraag");
    assert_eq!(&r[6], "huur|onderhoud");
    assert_eq!(&r[7], "ymere");
    assert_eq!(&r[8], "20");
    assert_eq!(&r[9], "brief, \"huurverhoging\"");
}

#[test]
fn an_unknown_topic_stores_nothing_and_names_the_closest_codes() {
    let dir = TempDir::new().unwrap();
    balie(&dir)
        .args([
            "log",
            "--desk",
            "D",
            "--volunteer",
            "AB",
            "--topic",
            "schimmel",
        ])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: unknown topic `schimmel`",
        ))
        .stderr(predicate::str::contains("`onderhoud`"));
    balie(&dir)
        .args([
            "log",
            "--desk",
            "D",
            "--volunteer",
            "AB",
            "--topic",
            "huur",
            "--channel",
            "telefon",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("`telefoon`"));
    balie(&dir)
        .args([
            "log",
            "--desk",
            "D",
            "--volunteer",
            "AB",
            "--topic",
            "huur",
            "--landlord",
            "eigen haard",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("`eigen-haard`"));
    assert!(csv_rows(&dir, &[]).is_empty());
}

#[test]
fn list_defaults_to_today_and_takes_a_date_or_a_range_oldest_first() {
    let dir = TempDir::new().unwrap();
    let today_late = log_ok(&dir, &["--topic", "taal", "--at", "11:00"]);
    let today_early = log_ok(&dir, &["--topic", "huur", "--at", "09:00"]);
    let yesterday = log_ok(&dir, &["--topic", "klussen", "--at", "gisteren 14:00"]);
    let ids =
        |rows: Vec<csv::StringRecord>| rows.iter().map(|r| r[0].to_string()).collect::<Vec<_>>();
    assert_eq!(
        ids(csv_rows(&dir, &[])),
        vec![today_early.clone(), today_late.clone()]
    );
    assert_eq!(
        ids(csv_rows(&dir, &["--date", "2026-11-24"])),
        vec![yesterday.clone()]
    );
    assert_eq!(
        ids(csv_rows(
            &dir,
            &["--from", "2026-11-24", "--to", "2026-11-25"]
        )),
        vec![yesterday, today_early, today_late]
    );
}

#[test]
fn list_json_and_table_show_the_same_contact() {
    let dir = TempDir::new().unwrap();
    let id = log_ok(&dir, &["--topic", "formulieren", "--note", "toeslag"]);
    let out = balie(&dir)
        .args(["list", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v[0]["id"], id.as_str());
    assert_eq!(v[0]["topics"][0], "formulieren");
    assert_eq!(v[0]["at"], "2026-11-25 11:42");
    balie(&dir)
        .args(["list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Forms and letters"))
        .stdout(predicate::str::contains("1 contact, 2026-11-25"));
}

#[test]
fn topics_lists_codes_and_labels_in_each_format() {
    let dir = TempDir::new().unwrap();
    balie(&dir)
        .args(["topics"])
        .assert()
        .success()
        .stdout(predicate::str::contains("onderhoud"))
        .stdout(predicate::str::contains("Onderhoud en gebreken"));
    balie(&dir)
        .args(["--lang", "en", "topics"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"onderhoud\s+Maintenance and repairs").unwrap());
    let out = balie(&dir)
        .args(["topics", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|t| t["code"] == "splitsing")
    );
    let out = balie(&dir)
        .args(["topics", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(
        String::from_utf8(out)
            .unwrap()
            .starts_with("code,nl,en,group,synonyms\n")
    );
}

#[test]
fn a_desk_config_adds_topics_and_sets_the_desk() {
    let dir = TempDir::new().unwrap();
    let config = "desk = \"Buurtwerkkamer De Handreiking\"\nvolunteer = \"MK\"\n\n[[topics]]\ncode = \"fietsen\"\nnl = \"Fietsenmaker\"\nen = \"Bike repair\"\ngroup = \"hulp\"\n";
    balie_with_config(&dir, config)
        .args(["log", "--topic", "fietsen"])
        .assert()
        .success();
    let rows = csv_rows(&dir, &[]);
    assert_eq!(&rows[0][2], "Buurtwerkkamer De Handreiking");
    assert_eq!(&rows[0][3], "MK");
    assert_eq!(&rows[0][6], "fietsen");
}

#[test]
fn a_bad_config_stops_with_file_and_line() {
    let dir = TempDir::new().unwrap();
    balie_with_config(&dir, "lang = \"nl\"\ntally = [\"huur\", \"schuld\"]\n")
        .args(["topics"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("desk.toml:2:"))
        .stderr(predicate::str::contains("unknown topic `schuld`"));
}

#[test]
fn a_named_config_file_that_is_missing_is_an_error() {
    let dir = TempDir::new().unwrap();
    balie(&dir)
        .args([
            "--config",
            dir.path().join("missing.toml").to_str().unwrap(),
            "topics",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing.toml"));
}

#[test]
fn missing_desk_or_volunteer_says_how_to_set_it() {
    let dir = TempDir::new().unwrap();
    balie(&dir)
        .args(["log", "--topic", "huur"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no desk is set"));
    balie(&dir)
        .args(["log", "--topic", "huur", "--desk", "X"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no volunteer is set"));
}

#[test]
fn bad_values_are_refused_with_what_to_type() {
    let dir = TempDir::new().unwrap();
    let fail = |args: &[&str], msg: &str| {
        balie(&dir)
            .args(["log", "--desk", "D", "--volunteer", "AB", "--topic", "huur"])
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(msg));
    };
    fail(&["--at", "morgen"], "cannot read `morgen`");
    fail(&["--at", "2026-13-01 10:00"], "not a date");
    fail(&["--at", "23:00"], "in the future");
    fail(&["--postcode", "1102AB"], "4 digits");
    fail(&["--resident", "Fatima"], "card");
    balie(&dir)
        .args([
            "log",
            "--desk",
            "D",
            "--volunteer",
            "Jan Jansen",
            "--topic",
            "huur",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("initials"));
    assert!(csv_rows(&dir, &[]).is_empty());
}

#[test]
fn usage_errors_exit_2() {
    let dir = TempDir::new().unwrap();
    balie(&dir).args(["log"]).assert().code(2);
    balie(&dir)
        .args(["list", "--format", "xml"])
        .assert()
        .code(2);
    balie(&dir).args(["frobnicate"]).assert().code(2);
}

#[test]
fn help_and_version() {
    let dir = TempDir::new().unwrap();
    balie(&dir)
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("log"));
    balie(&dir)
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("balie "));
}

#[test]
fn a_foreign_database_file_is_refused_and_untouched() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let junk = b"this is not a database, it is a shopping list: bread, milk\n".repeat(40);
    std::fs::write(data.join("balie.sqlite"), &junk).unwrap();
    balie(&dir)
        .args(["list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a balie database"))
        .stderr(predicate::str::contains("balie restore"));
    assert_eq!(std::fs::read(data.join("balie.sqlite")).unwrap(), junk);
}

#[test]
fn the_desk_screen_without_a_terminal_says_what_to_use_instead() {
    let dir = TempDir::new().unwrap();
    balie(&dir)
        .args(["--desk", "X", "--volunteer", "AB"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("needs a terminal"))
        .stderr(predicate::str::contains("balie --help"));
}

/// Run `balie ARGS` with its standard output a pipe whose reading end is already closed, as
/// `balie list | head` is once `head` has read its lines.
fn into_a_closed_pipe(dir: &TempDir, args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    std::process::Command::new(assert_cmd::cargo::cargo_bin("balie"))
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_DATA_HOME", dir.path().join("share"))
        .env("BALIE_NOW", common::NOW)
        .env("BALIE_DATA_DIR", common::data(dir))
        .env_remove("BALIE_CONFIG")
        .args(args)
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn a_closed_pipe_on_every_listing_command_exits_0_without_a_message() {
    let dir = TempDir::new().unwrap();
    // More contacts than any buffer holds, so the pipe is met in the middle of the rows.
    balie(&dir)
        .args(["--data-dir"])
        .arg(common::data(&dir))
        .args(["demo", "--contacts", "3000", "--years", "1"])
        .assert()
        .success();
    log_ok(
        &dir,
        &[
            "--topic",
            "huur",
            "--note",
            "huurverhoging",
            "--signal",
            "Kolenkit renovatie",
            "--follow-up",
            "2026-11-25",
        ],
    );
    // An entry for `audit`: an export is recorded.
    balie(&dir)
        .args(["list", "--format", "csv"])
        .assert()
        .success();
    let listings: &[&[&str]] = &[
        &["list"],
        &["list", "--from", "2025-01-01", "--to", "2026-12-31"],
        &[
            "list",
            "--from",
            "2025-01-01",
            "--to",
            "2026-12-31",
            "--format",
            "csv",
        ],
        &[
            "list",
            "--from",
            "2025-01-01",
            "--to",
            "2026-12-31",
            "--format",
            "json",
        ],
        &[
            "report",
            "--from",
            "2025-01-01",
            "--to",
            "2026-12-31",
            "--by",
            "week",
            "--by",
            "topic",
        ],
        &["report"],
        &["report", "--format", "csv"],
        &["report", "--format", "json"],
        &["kb", "list"],
        &["kb", "list", "--format", "csv"],
        &["kb", "search", "huur"],
        &["signals"],
        &["signals", "--format", "csv"],
        &["audit"],
        &["audit", "--format", "json"],
        &["follow-ups"],
        &["follow-ups", "--format", "csv"],
        &["follow-ups", "--all", "--format", "json"],
        &["topics"],
        &["topics", "--format", "csv"],
        &["partners"],
        &["partners", "--format", "json"],
        &["export"],
        &["export", "--dialect", "excel-nl"],
        &["report", "--targets"],
        &["report", "--kb-gaps"],
        &["report", "--kb-gaps", "--format", "csv"],
        &["report", "--residents", "--period", "2026-11"],
        &[
            "report",
            "--by",
            "topic",
            "--format",
            "csv",
            "--dialect",
            "excel-nl",
        ],
        &["kb", "search", "huur", "--format", "json"],
        &["kb", "show", "urgentie"],
        &["kb", "check"],
        &["kb", "check", "--format", "csv"],
        &["kb", "history", "urgentie", "--format", "csv"],
        &["signals", "--format", "json"],
    ];
    for args in listings {
        // The command does write something, so the closed pipe is met.
        let normal = stdout(balie(&dir).args(*args));
        assert!(!normal.trim().is_empty(), "{args:?} wrote nothing");
        let out = into_a_closed_pipe(&dir, args);
        assert!(
            out.status.success(),
            "{args:?}: {:?}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}
