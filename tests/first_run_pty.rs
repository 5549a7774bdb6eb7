//! The first start of the desk screen in a pseudo-terminal: the offer to encrypt, the
//! passphrase typed twice unseen, the recovery key shown once and wiped, and what then lies
//! on disk; a "no" starts plain, and nothing is written before the answer.

mod support;

use std::path::Path;

use support::Tui;
use tempfile::TempDir;

const ENTER: &str = "\r";
const PASSPHRASE: &str = "een lange wachtwoordzin";

fn first_start(home: &Path) -> Tui {
    Tui::start(home, &[], &[("BALIE_ENCRYPT", "ask")])
}

fn header_is_plain_sqlite(file: &Path) -> bool {
    std::fs::read(file)
        .unwrap()
        .starts_with(b"SQLite format 3\0")
}

#[test]
fn yes_encrypts_the_new_database_and_shows_the_recovery_key_once() {
    let home = TempDir::new().unwrap();
    let data = home.path().join("data");
    let mut tui = first_start(home.path());
    tui.wait_for("Gegevens versleutelen? [J/n]");
    assert!(
        !data.join("balie.sqlite").exists(),
        "nothing is written before the answer"
    );
    // an answer that is neither yes nor no is asked again
    tui.send("misschien\r");
    tui.wait_for("Typ j (ja) of n (nee)");
    tui.send(ENTER);
    tui.wait_for("Nieuwe wachtwoordzin");
    // too short: said, and asked again
    tui.send("kort\r");
    tui.wait_for("te kort");
    tui.send(&format!("{PASSPHRASE}\r"));
    tui.wait_for("Nog een keer");
    tui.send(&format!("{PASSPHRASE}\r"));
    tui.wait_for("HERSTELSLEUTEL");
    let screen = tui.screen();
    assert!(
        !screen.contains(PASSPHRASE),
        "the passphrase was echoed:\n{screen}"
    );
    let recovery = screen
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 64 && l.split('-').count() == 13)
        .expect("the recovery key is on the screen")
        .to_string();
    tui.send(ENTER);
    tui.wait_for("Welkom bij balie");
    let screen = tui.screen();
    assert!(
        !screen.contains(&recovery),
        "the recovery key stayed on screen"
    );
    // the database is there, encrypted, with its key file
    assert!(data.join("balie.key").exists());
    assert!(!header_is_plain_sqlite(&data.join("balie.sqlite")));
    tui.send("\x03");
    tui.wait_exit();

    // the next start asks the passphrase, not the question
    let mut tui = first_start(home.path());
    tui.wait_for("Wachtwoordzin van balie");
    assert!(!tui.screen().contains("versleutelen?"));
    tui.send(&format!("{PASSPHRASE}\r"));
    tui.wait_for("Welkom bij balie");
    tui.send("\x03");
    tui.wait_exit();

    // and the recovery key shown opens it
    let key_file = home.path().join("recovery");
    std::fs::write(&key_file, format!("{recovery}\n")).unwrap();
    let new_pass = home.path().join("new");
    std::fs::write(&new_pass, "nog een lange wachtwoordzin\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_balie"))
        .arg("recover")
        .envs(support::env(home.path()))
        .env("BALIE_RECOVERY_KEY_FILE", &key_file)
        .env("BALIE_NEW_PASSPHRASE_FILE", &new_pass)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn no_starts_plain_and_is_not_asked_again() {
    let home = TempDir::new().unwrap();
    let data = home.path().join("data");
    let mut tui = first_start(home.path());
    tui.wait_for("Gegevens versleutelen? [J/n]");
    tui.send("nee\r");
    tui.wait_for("Welkom bij balie");
    assert!(!data.join("balie.key").exists());
    assert!(header_is_plain_sqlite(&data.join("balie.sqlite")));
    tui.send("\x03");
    tui.wait_exit();
    let mut tui = first_start(home.path());
    tui.wait_for("Welkom bij balie");
    assert!(!tui.screen().contains("versleutelen?"));
    tui.send("\x03");
    tui.wait_exit();
}

#[test]
fn english_on_request() {
    let home = TempDir::new().unwrap();
    let mut tui = Tui::start(home.path(), &["--lang", "en"], &[("BALIE_ENCRYPT", "ask")]);
    tui.wait_for("Encrypt the data? [Y/n]");
    tui.send("n\r");
    tui.wait_for("Welcome to balie");
    tui.send("\x03");
    tui.wait_exit();
}
