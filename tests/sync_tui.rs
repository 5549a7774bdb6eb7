//! The desk screen syncing in the background, through the real binary in a pseudo-terminal
//! against a real PostgreSQL: the status bar says how it went, and a tally reaches the server
//! without the volunteer doing anything.

mod common;
mod pg;
mod support;

use pg::city::{NOORD, city};
use support::{Tui, eventually};
use tempfile::TempDir;

#[test]
fn the_desk_screen_syncs_in_the_background_and_says_so() {
    let Some(city) = city("the_desk_screen_syncs_in_the_background_and_says_so") else {
        return;
    };
    let home = TempDir::new().unwrap();
    let mut tui = Tui::start(
        home.path(),
        &["--desk", NOORD, "--volunteer", "cd"],
        &[("BALIE_SYNC_URL", city.noord_url.as_str())],
    );
    // The clock stands at 10:42 in these tests.
    tui.wait_for("gesynchroniseerd 10:42");
    tui.send_then("2", "Geturfd: Huurprijs en servicekosten");
    // The day's first contact starts a sync of its own.
    eventually("the tally reaches the server", || {
        city.server_sql("SELECT count(*) FROM balie.contacts") == "1"
    });
    tui.wait_for("gesynchroniseerd 10:42");
    assert!(
        !tui.screen()
            .contains(city.noord_url.split('@').next().unwrap())
    );
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn an_unreachable_server_shows_offline_and_keeps_the_contact_waiting() {
    // No server needed: nothing listens on the port.
    let home = TempDir::new().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://balie_noord:geheim@127.0.0.1:{port}/balie?sslmode=disable");
    let mut tui = Tui::start(
        home.path(),
        &["--desk", NOORD, "--volunteer", "cd"],
        &[("BALIE_SYNC_URL", url.as_str())],
    );
    tui.wait_for("offline sinds 10:42");
    tui.send_then("2", "Geturfd: Huurprijs en servicekosten");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let store = balie::store::Store::open_dir(&home.path().join("data")).unwrap();
    assert_eq!(store.sync_waiting().unwrap().contacts, 1);
    let log = std::fs::read_to_string(home.path().join("data").join("balie.log")).unwrap();
    assert!(log.contains("cannot reach the sync server"), "{log}");
    assert!(!log.contains("geheim"), "the password is in the log: {log}");
}

/// An encrypted desk: the background sync started by the desk screen gets the key from it
/// (through a pipe), so its contacts reach the server with nobody typing a passphrase twice.
#[test]
fn an_encrypted_desk_screen_syncs_in_the_background_too() {
    let Some(city) = city("an_encrypted_desk_screen_syncs_in_the_background_too") else {
        return;
    };
    let home = TempDir::new().unwrap();
    let data = home.path().join("data");
    let pass = home.path().join("pass");
    std::fs::write(&pass, "wachtwoordzin van de balie\n").unwrap();
    let cli = || {
        // yesterday, so the tally below is the day's first contact, which syncs at once
        let mut cmd = common::isolated(home.path(), "2026-11-24 10:30:00");
        cmd.env("BALIE_DATA_DIR", &data)
            .env("BALIE_PASSPHRASE_FILE", &pass);
        cmd
    };
    cli()
        .args([
            "log",
            "--desk",
            NOORD,
            "--volunteer",
            "cd",
            "--topic",
            "huur",
        ])
        .assert()
        .success();
    cli().arg("encrypt").assert().success();
    // typed on the terminal, as a volunteer does: the background sync has no file to read it
    // from, only what the desk screen hands it
    let mut tui = Tui::start(
        home.path(),
        &["--desk", NOORD, "--volunteer", "cd"],
        &[("BALIE_SYNC_URL", city.noord_url.as_str())],
    );
    tui.wait_for("Wachtwoordzin van balie");
    tui.send("wachtwoordzin van de balie\r");
    tui.wait_for("gesynchroniseerd 10:42");
    assert_eq!(city.server_sql("SELECT count(*) FROM balie.contacts"), "1");
    tui.send_then("2", "Geturfd: Huurprijs en servicekosten");
    eventually("the tally reaches the server", || {
        city.server_sql("SELECT count(*) FROM balie.contacts") == "2"
    });
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let log = std::fs::read_to_string(data.join("balie.log")).unwrap_or_default();
    assert!(!log.contains("passphrase"), "{log}");
}
