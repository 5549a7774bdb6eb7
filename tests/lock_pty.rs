//! The screen lock through the real binary in a pseudo-terminal: idle, Ctrl-G, what the
//! locked screen shows (nothing of the desk's data), the PIN and the passphrase, and the
//! half-typed draft coming back.

mod common;
mod support;

use std::path::Path;

use support::Tui;
use tempfile::TempDir;

const ENTER: &str = "\r";
const NOTE: &str = "kapotte verwarming in de flat";

fn cli(home: &Path) -> assert_cmd::Command {
    let mut cmd = common::isolated(home, "2026-11-25 10:42:00");
    cmd.env("BALIE_DATA_DIR", home.join("data"));
    cmd
}

fn config(home: &Path, after: &str) -> String {
    let p = home.join("balie-lock.toml");
    std::fs::write(&p, format!("[lock]\nafter = \"{after}\"\n")).unwrap();
    p.display().to_string()
}

/// Nothing of the desk's day is on the locked screen, once it has settled (the terminal
/// gets a new frame in pieces, so the first piece can arrive before the rest is cleared).
fn shows_nothing_of_the_desk(tui: &Tui) {
    let words = [
        "WSWonen",
        "kapotte",
        "Onderhoud",
        "taalles",
        "contacten",
        "onderwerp",
        "CD",
    ];
    support::eventually("the locked screen shows nothing of the desk", || {
        let screen = tui.screen();
        words.iter().all(|w| !screen.contains(w))
    });
}

#[test]
fn idle_locks_the_screen_and_the_pin_brings_back_the_half_typed_draft() {
    let home = TempDir::new().unwrap();
    cli(home.path())
        .args([
            "log",
            "--desk",
            "WSWonen Noord",
            "--volunteer",
            "cd",
            "--topic",
            "onderhoud",
        ])
        .args(["--note", NOTE, "--at", "2026-11-25 10:30"])
        .assert()
        .success();
    let pin = home.path().join("pin");
    std::fs::write(&pin, "246810\n").unwrap();
    cli(home.path())
        .arg("pin")
        .env("BALIE_PIN_FILE", &pin)
        .assert()
        .success();
    let cfg = config(home.path(), "3s");
    let mut tui = Tui::start(
        home.path(),
        &["--desk", "WSWonen Noord", "--volunteer", "cd"],
        &[("BALIE_CONFIG", &cfg)],
    );
    tui.wait_for("WSWonen Noord · CD");
    tui.wait_for("Onderhoud");
    tui.send_then("n", "Nieuw contact");
    tui.send_then("taalles", "taalles");
    // no key for three seconds
    tui.wait_for("balie is vergrendeld");
    tui.wait_for("pincode");
    shows_nothing_of_the_desk(&tui);
    // a wrong PIN is counted; what is typed shows as dots only
    tui.send("111111");
    tui.wait_for("••••••");
    assert!(!tui.screen().contains("111111"));
    tui.send_then(ENTER, "Nog 4 pogingen,");
    shows_nothing_of_the_desk(&tui);
    tui.send("246810");
    tui.send(ENTER);
    tui.wait_for("Nieuw contact");
    tui.wait_for("taalles");
    // Ctrl-G locks at once, from the form too
    tui.send("\x07");
    tui.wait_for("balie is vergrendeld");
    shows_nothing_of_the_desk(&tui);
    tui.send("246810\r");
    tui.wait_for("taalles");
    tui.send("\x03");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn an_encrypted_desk_locks_by_default_and_its_passphrase_unlocks() {
    let home = TempDir::new().unwrap();
    let pass = home.path().join("pass");
    std::fs::write(&pass, "wachtwoordzin van de balie\n").unwrap();
    cli(home.path())
        .args([
            "log",
            "--desk",
            "WSWonen Noord",
            "--volunteer",
            "cd",
            "--topic",
            "onderhoud",
        ])
        .args(["--note", NOTE, "--at", "2026-11-25 10:30"])
        .assert()
        .success();
    cli(home.path())
        .arg("encrypt")
        .env("BALIE_PASSPHRASE_FILE", &pass)
        .assert()
        .success();
    let pass_text = pass.display().to_string();
    let mut tui = Tui::start(
        home.path(),
        &["--desk", "WSWonen Noord", "--volunteer", "cd"],
        &[("BALIE_PASSPHRASE_FILE", &pass_text)],
    );
    tui.wait_for("Onderhoud");
    tui.send("\x07");
    tui.wait_for("wachtwoordzin van balie");
    shows_nothing_of_the_desk(&tui);
    tui.send_then("verkeerd1\r", "niet de wachtwoordzin");
    tui.send("wachtwoordzin van de balie\r");
    tui.wait_for("Onderhoud");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
