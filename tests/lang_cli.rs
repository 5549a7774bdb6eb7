//! The command line speaks the volunteer's language: Dutch by default (no `--lang`, no
//! `BALIE_LANG`), English with `--lang en` or `lang = "en"` in the config. Table headers,
//! counts and messages follow it; CSV and JSON keep their stable column names.

mod common;

use common::{dutch, log_ok, stderr_of_failure as err, stdout as out};
use tempfile::TempDir;

fn two_contacts() -> TempDir {
    let dir = TempDir::new().unwrap();
    log_ok(
        &dir,
        &["--topic", "huur", "--at", "10:00", "--signal", "schimmel"],
    );
    log_ok(
        &dir,
        &[
            "--topic",
            "onderhoud",
            "--at",
            "11:00",
            "--follow-up",
            "2026-11-24",
        ],
    );
    dir
}

#[test]
fn list_says_its_headers_and_count_in_dutch_by_default_and_in_english_on_request() {
    let dir = two_contacts();
    let nl = out(dutch(&dir).arg("list"));
    assert!(nl.starts_with("moment "), "{nl}");
    assert!(nl.contains("balie") && nl.contains("onderwerpen"), "{nl}");
    assert!(nl.ends_with("2 contacten, 2026-11-25\n"), "{nl}");
    let en = out(dutch(&dir).args(["--lang", "en", "list"]));
    assert!(en.starts_with("at "), "{en}");
    assert!(en.ends_with("2 contacts, 2026-11-25\n"), "{en}");
    // one is singular in both
    let one = out(dutch(&dir).args(["list", "--date", "2026-11-24"]));
    assert!(one.ends_with("0 contacten, 2026-11-24\n"), "{one}");
    let dir1 = TempDir::new().unwrap();
    log_ok(&dir1, &["--topic", "huur"]);
    assert!(out(dutch(&dir1).arg("list")).ends_with("1 contact, 2026-11-25\n"));
    assert!(out(dutch(&dir1).args(["--lang", "en", "list"])).ends_with("1 contact, 2026-11-25\n"));
}

#[test]
fn the_config_lang_sets_the_language_and_the_flag_wins() {
    let dir = two_contacts();
    let config = dir.path().join("balie.toml");
    std::fs::write(&config, "lang = \"en\"\n").unwrap();
    let en = out(dutch(&dir).arg("--config").arg(&config).arg("list"));
    assert!(en.ends_with("2 contacts, 2026-11-25\n"), "{en}");
    let nl = out(dutch(&dir)
        .arg("--config")
        .arg(&config)
        .args(["--lang", "nl", "list"]));
    assert!(nl.ends_with("2 contacten, 2026-11-25\n"), "{nl}");
}

#[test]
fn csv_and_json_are_byte_identical_in_both_languages() {
    let dir = two_contacts();
    for args in [
        &["list", "--format", "csv"][..],
        &["list", "--format", "json"],
        &["report", "--format", "csv", "--by", "topic"],
        &["topics", "--format", "csv"],
        &["signals", "--format", "csv"],
        &["follow-ups", "--format", "csv"],
        &["export", "--from", "2026-11-01", "--to", "2026-11-30"],
    ] {
        let nl = out(dutch(&dir).args(args));
        let en = out(dutch(&dir).args(["--lang", "en"]).args(args));
        assert_eq!(nl, en, "{args:?}");
    }
    let csv = out(dutch(&dir).args(["list", "--format", "csv"]));
    assert!(csv.starts_with("id,"), "{csv}");
}

#[test]
fn report_headers_and_totals_follow_the_language() {
    let dir = two_contacts();
    let nl = out(dutch(&dir).args(["report", "--by", "topic"]));
    let lines: Vec<&str> = nl.lines().collect();
    assert!(lines[0].ends_with("alle balies"), "{nl}");
    assert!(
        lines[1].starts_with("onderwerp") && lines[1].ends_with("contacten"),
        "{nl}"
    );
    assert!(nl.lines().any(|l| l.starts_with("totaal")), "{nl}");
    assert!(nl.contains("\nlet op: "), "{nl}");
    let en = out(dutch(&dir).args(["--lang", "en", "report", "--by", "topic"]));
    assert!(en.lines().nth(1).unwrap().starts_with("topic"), "{en}");
    assert!(en.lines().any(|l| l.starts_with("total")), "{en}");
    assert!(en.contains("\nnote: "), "{en}");
}

#[test]
fn topics_signals_and_follow_ups_speak_dutch() {
    let dir = two_contacts();
    let topics = out(dutch(&dir).arg("topics"));
    assert!(
        topics.starts_with("code ") && topics.contains(" naam "),
        "{topics}"
    );
    assert!(topics.lines().next().unwrap().contains("andere taal"));
    let signals = out(dutch(&dir).arg("signals"));
    assert!(
        signals.starts_with("signalen, alle dagen, alle balies\n"),
        "{signals}"
    );
    assert!(signals.contains("\nsignaal "), "{signals}");
    assert!(signals.contains("1 signaal; bewoners = "), "{signals}");
    let en = out(dutch(&dir).args(["--lang", "en", "signals"]));
    assert!(en.contains("1 signal; residents = "), "{en}");
    let fu = out(dutch(&dir).arg("follow-ups"));
    assert!(
        fu.contains("1 opvolging op of voor 2026-11-25, alle balies"),
        "{fu}"
    );
    assert!(fu.contains("1d te laat"), "{fu}");
    let fu = out(dutch(&dir).args(["--lang", "en", "follow-ups"]));
    assert!(
        fu.contains("1 follow-up due by 2026-11-25, all desks"),
        "{fu}"
    );
    assert!(fu.contains("1d late"), "{fu}");
}

#[test]
fn backup_check_and_restore_confirm_in_dutch() {
    let dir = two_contacts();
    let file = dir.path().join("kopie.sqlite");
    let said = out(dutch(&dir)
        .args(["backup", "--volunteer", "ab", "--output"])
        .arg(&file));
    assert!(
        said.starts_with("reservekopie van 2 contacten geschreven naar "),
        "{said}"
    );
    let said = out(dutch(&dir).arg("check"));
    assert!(
        said.starts_with("de integriteitscontrole van SQLite: in orde (2 contacten)"),
        "{said}"
    );
    let said = out(dutch(&dir).args(["--lang", "en", "check"]));
    assert!(
        said.starts_with("SQLite's integrity check: ok (2 contacts)"),
        "{said}"
    );
    let said = out(dutch(&dir)
        .args(["restore", "--volunteer", "ab"])
        .arg(&file));
    assert!(said.contains(" teruggezet: 2 contacten"), "{said}");
    assert!(
        said.contains("de database die het verving is bewaard als"),
        "{said}"
    );
}

#[test]
fn common_errors_are_one_dutch_sentence_and_english_on_request() {
    let dir = two_contacts();
    let nl = err(dutch(&dir).args(["--desk", "MultiBon", "report"]));
    assert!(
        nl.starts_with(
            "fout: er is geen balie `MultiBon` in de config of de gegevens; bedoelt u \
             `Buurtwerkkamer MultiBron`?"
        ),
        "{nl}"
    );
    let en = err(dutch(&dir).args(["--lang", "en", "--desk", "MultiBon", "report"]));
    assert!(en.starts_with("error: there is no desk `MultiBon`"), "{en}");
    let nl = err(dutch(&dir).args([
        "log",
        "--desk",
        "Noord",
        "--volunteer",
        "ab",
        "--topic",
        "huurr",
    ]));
    assert!(
        nl.starts_with("fout: Onbekend onderwerp `huurr`; bedoelt u `huur`"),
        "{nl}"
    );
    let nl = err(dutch(&dir).args([
        "log",
        "--desk",
        "Noord",
        "--volunteer",
        "ab",
        "--topic",
        "huur",
        "--at",
        "25:00",
    ]));
    assert!(nl.starts_with("fout: "), "{nl}");
    assert!(!nl.contains("error"), "{nl}");
}
