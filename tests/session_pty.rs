//! End-to-end: the help session and the resident's thread in the real binary in a
//! pseudo-terminal. The clock is a file (`BALIE_NOW_FILE`) the test rewrites, so minutes pass
//! without waiting for them.

mod support;

use std::path::Path;

use assert_cmd::Command;
use support::{Tui, eventually};
use tempfile::TempDir;

const ENTER: &str = "\r";
const DESK: &str = "Buurtwerkkamer MultiBron";

/// Set the clock every balie of this test reads (written whole, then renamed into place, so a
/// reader never sees half a line).
fn set_clock(home: &Path, at: &str) {
    let tmp = home.join("clock.tmp");
    std::fs::write(&tmp, at).unwrap();
    std::fs::rename(&tmp, home.join("clock")).unwrap();
}

fn clock_env(home: &Path) -> [(String, String); 1] {
    [(
        "BALIE_NOW_FILE".into(),
        home.join("clock").display().to_string(),
    )]
}

fn start(home: &Path) -> Tui {
    let env = clock_env(home);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let tui = Tui::start(home, &["--desk", DESK, "--volunteer", "cd"], &env);
    tui.wait_for("Buurtwerkkamer MultiBron · CD");
    tui
}

fn balie(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("balie").unwrap();
    for (k, v) in support::env(home) {
        cmd.env(k, v);
    }
    for (k, v) in clock_env(home) {
        cmd.env(k, v);
    }
    cmd
}

/// at, minutes and note of the contacts of 25 November 2026, oldest first.
fn listed(home: &Path) -> Vec<(String, String, String)> {
    let out = balie(home)
        .args(["list", "--date", "2026-11-25", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    csv::Reader::from_reader(out.as_slice())
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].to_string(), r[8].to_string(), r[9].to_string())
        })
        .collect()
}

fn draft(home: &Path) -> Option<String> {
    let store = balie::store::Store::open_dir(&home.join("data")).unwrap();
    store.setting("draft").unwrap()
}

#[test]
fn a_session_gives_the_form_its_start_and_on_save_its_minutes() {
    let home = TempDir::new().unwrap();
    set_clock(home.path(), "2026-11-25 10:00:00");
    let mut tui = start(home.path());
    tui.send_then("s", "sessie 10:00 · 0 min");
    set_clock(home.path(), "2026-11-25 10:25:00");
    tui.wait_for("sessie 10:00 · 25 min");
    tui.send_then("n", "Nieuw contact");
    tui.wait_for("(sessie: 25 min, wordt ingevuld)");
    tui.send_then("taal", "taal");
    tui.send_then("\x13", "Opgeslagen, "); // Ctrl-S: picks the match and saves
    tui.wait_for(": Taal");
    assert!(!tui.screen().contains("⏱"), "{}", tui.screen());
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(
        listed(home.path()),
        [(
            "2026-11-25 10:00".to_string(),
            "25".to_string(),
            String::new()
        )]
    );
    assert_eq!(draft(home.path()), None);
}

#[test]
fn a_session_survives_kill_9_and_runs_on_from_the_same_start() {
    let home = TempDir::new().unwrap();
    set_clock(home.path(), "2026-11-25 09:30:00");
    let mut tui = start(home.path());
    tui.send_then("s", "sessie 09:30 · 0 min");
    eventually("the session is in the draft", || {
        draft(home.path()).is_some_and(|d| d.contains("2026-11-25 09:30:00"))
    });
    tui.signal("KILL");
    tui.wait_exit();

    set_clock(home.path(), "2026-11-25 10:10:00");
    let mut tui = start(home.path());
    tui.wait_for("sessie 09:30 · 40 min");
    tui.send_then("n", "Nieuw contact");
    tui.send_then("formul", "formul");
    tui.send_then("\x13", "Opgeslagen, "); // Ctrl-S
    tui.wait_for(": Formulieren");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(
        listed(home.path()),
        [(
            "2026-11-25 09:30".to_string(),
            "40".to_string(),
            String::new()
        )]
    );
}

#[test]
fn past_four_hours_the_save_asks_and_no_lets_the_minutes_be_typed() {
    let home = TempDir::new().unwrap();
    set_clock(home.path(), "2026-11-25 08:00:00");
    let mut tui = start(home.path());
    tui.send_then("s", "sessie 08:00");
    set_clock(home.path(), "2026-11-25 12:30:00");
    tui.wait_for("270 min");
    tui.send_then("n", "Nieuw contact");
    tui.send_then("taal", "taal");
    tui.send_then(ENTER, "[Taal"); // picks it
    tui.send_then(ENTER, "4 uur en 30 min");
    tui.send_then("n", "Typ hoeveel minuten");
    tui.send_then("45", "45");
    tui.send_then(ENTER, "Opgeslagen, ");
    tui.wait_for(": Taal");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(listed(home.path())[0].1, "45");
}

/// Desk Noord's contact for K-0042 comes in through a bundle; this desk has two of its own.
fn two_desks(home: &Path) {
    let noord = home.join("noord");
    let bundle = home.join("noord.balie");
    balie(home)
        .env("BALIE_DATA_DIR", &noord)
        .args([
            "log",
            "--desk",
            "WSWonen Noord",
            "--volunteer",
            "ef",
            "--topic",
            "schulden",
            "--resident",
            "K-0042",
            "--note",
            "geheim van noord",
            "--at",
            "2026-11-24 11:00",
        ])
        .assert()
        .success();
    balie(home)
        .env("BALIE_DATA_DIR", &noord)
        .arg("export")
        .arg("--bundle")
        .arg(&bundle)
        .assert()
        .success();
    for (at, topic, code, note) in [
        ("2026-11-23 10:00", "huur", "K-0042", "brief verhuurder"),
        ("2026-11-25 09:00", "taal", "k0042", "taalles gezocht"),
    ] {
        balie(home)
            .args([
                "log",
                "--desk",
                DESK,
                "--volunteer",
                "cd",
                "--topic",
                topic,
                "--resident",
                code,
                "--note",
                note,
                "--at",
                at,
            ])
            .assert()
            .success();
    }
    balie(home)
        .args(["merge", "--volunteer", "cd"])
        .arg(&bundle)
        .assert()
        .success();
}

#[test]
fn the_thread_beside_a_contact_shows_this_desks_notes_only_and_none_once_forgotten() {
    let home = TempDir::new().unwrap();
    set_clock(home.path(), "2026-11-25 10:42:00");
    two_desks(home.path());
    let mut tui = start(home.path());
    // today's contact is selected: its resident's earlier contact here is beside it
    tui.wait_for("Eerder hier · K0042");
    tui.wait_for("1 eerder contact");
    tui.wait_for("brief verhuurder");
    assert!(!tui.screen().contains("geheim"), "{}", tui.screen());
    // t: the whole thread at this desk, newest first, with the main list's keys
    tui.send_then("t", "contacten hier, nieuwste eerst");
    tui.wait_for("25-11-2026 09:00");
    let screen = tui.screen();
    let (newest, older) = (
        screen.find("25-11-2026 09:00").unwrap(),
        screen.find("23-11-2026 10:00").unwrap(),
    );
    assert!(newest < older, "{screen}");
    assert!(!screen.contains("geheim"), "{screen}");
    tui.send_then("\x1b[B", "▸");
    tui.send_then(ENTER, "Contact wijzigen");
    tui.wait_for("brief verhuurder");
    tui.send_then("\x1b", "Vandaag per onderwerp");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    balie(home.path())
        .args(["forget", "--resident", "K-0042", "--volunteer", "cd"])
        .assert()
        .success();
    let mut tui = start(home.path());
    tui.wait_for("Taal");
    tui.send_then("n", "Nieuw contact");
    // to the resident field (the eleventh), then the code
    for _ in 0..10 {
        tui.send("\t");
    }
    tui.send_then("K-0042", "Nog geen contacten hier.");
    let screen = tui.screen();
    for note in ["brief verhuurder", "taalles", "geheim"] {
        assert!(!screen.contains(note), "{note} in\n{screen}");
    }
    tui.send("\x03");
    tui.wait_exit();
}
