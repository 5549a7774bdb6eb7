//! The rest of the command line in the volunteer's language (see tests/lang_cli.rs for the
//! everyday commands): `kb`, `audit`, `purge`, `forget`, restore's erasure line, `demo`,
//! `encrypt`/`decrypt`/`pin`/`keys`, `export --bundle` and `merge`, the `report --targets`
//! and `--kb-gaps` headings, and how an error is put together: Dutch by default, English with
//! `--lang en`, one language per message, CSV and JSON the same in both (but for the kb's
//! JSON, whose `age` line is in the interface language by design).

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{dutch, log_ok, stderr_of_failure as err, stdout as out};
use tempfile::TempDir;

/// `balie --lang en` on `dir`.
fn english(dir: &TempDir) -> Command {
    let mut cmd = dutch(dir);
    cmd.args(["--lang", "en"]);
    cmd
}

fn one_contact() -> TempDir {
    let dir = TempDir::new().unwrap();
    log_ok(
        &dir,
        &[
            "--topic",
            "huur",
            "--at",
            "10:00",
            "--note",
            "lekkage",
            "--resident",
            "ABC123",
        ],
    );
    dir
}

fn file(dir: &TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn kb_commands_speak_dutch_by_default_and_english_on_request() {
    let dir = one_contact();
    let nl = out(dutch(&dir).args(["kb", "list"]));
    let header = nl.lines().next().unwrap();
    assert!(
        header.starts_with("id") && header.contains("herkomst") && header.ends_with("titel"),
        "{nl}"
    );
    assert!(nl.contains("meegeleverd"), "{nl}");
    assert!(nl.contains("verouderd: feiten van"), "{nl}");
    let en = out(english(&dir).args(["kb", "list"]));
    assert!(en.lines().next().unwrap().contains("origin"), "{en}");
    assert!(
        en.contains("shipped") && en.contains("stale: facts from"),
        "{en}"
    );

    let nl = out(dutch(&dir).args(["kb", "search", "zzzqqq"]));
    assert!(nl.starts_with("Geen artikel past bij `zzzqqq`."), "{nl}");
    let en = out(english(&dir).args(["kb", "search", "zzzqqq"]));
    assert!(en.starts_with("No article matches `zzzqqq`."), "{en}");

    let nl = err(dutch(&dir).args(["kb", "show", "huurcommissie"]));
    assert!(
        nl.starts_with("fout: er is geen artikel `huurcommissie`; bedoelt u `"),
        "{nl}"
    );
    let en = err(english(&dir).args(["kb", "show", "huurcommissie"]));
    assert!(
        en.starts_with("error: there is no article `huurcommissie`; did you mean `"),
        "{en}"
    );

    let nl = out(dutch(&dir).args(["kb", "check"]));
    assert!(
        nl.starts_with("Na te kijken, meest gebruikte eerst"),
        "{nl}"
    );
    assert!(nl.contains("koppelingen") && nl.contains("waarom"), "{nl}");
    let en = out(english(&dir).args(["kb", "check"]));
    assert!(en.starts_with("To review, most used first"), "{en}");

    let to = dir.path().join("artikelen");
    let nl = out(dutch(&dir).args(["kb", "export"]).arg(&to));
    assert!(nl.contains(" artikelen geschreven naar "), "{nl}");
    let en = out(english(&dir).args(["kb", "export"]).arg(&to));
    assert!(
        en.starts_with("wrote ") && en.contains(" articles to "),
        "{en}"
    );
    let nl = out(dutch(&dir).args(["kb", "import"]).arg(&to));
    assert!(nl.starts_with("ingelezen: 0 nieuw, 0 bijgewerkt, "), "{nl}");
    assert!(nl.trim_end().ends_with(" ongewijzigd"), "{nl}");
    let en = out(english(&dir).args(["kb", "import"]).arg(&to));
    assert!(en.starts_with("imported 0 new, 0 updated, "), "{en}");
}

#[test]
fn kb_review_history_and_revert_confirm_in_dutch() {
    let dir = one_contact();
    let id = "huurachterstand-en-huisuitzetting";
    let nl = out(dutch(&dir).args(["kb", "history", id]));
    assert!(
        nl.contains(
            "is hier nooit bewerkt, gecontroleerd of teruggezet: het staat erin als \
             meegeleverd."
        ),
        "{nl}"
    );
    let review = || {
        out(dutch(&dir).args([
            "--volunteer",
            "ab",
            "kb",
            "review",
            id,
            "--against",
            "juridisch loket",
        ]))
    };
    let nl = review();
    assert!(
        nl.starts_with(&format!(
            "vastgelegd: `{id}` op 2026-11-25 door AB gecontroleerd aan juridisch loket (versie"
        )),
        "{nl}"
    );
    let nl = review();
    assert_eq!(
        nl,
        "deze controle is vandaag al vastgelegd: er is niets veranderd\n"
    );
    let history = out(dutch(&dir).args(["kb", "history", id]));
    assert!(
        history.starts_with("versie") && history.contains("door") && history.contains("huidig"),
        "{history}"
    );
    let en = out(english(&dir).args(["kb", "history", id]));
    assert!(en.starts_with("version") && en.contains("current"), "{en}");
    let nl = out(dutch(&dir).args(["--volunteer", "ab", "kb", "revert", id, "1"]));
    assert!(
        nl.starts_with(&format!("`{id}` luidt weer als versie 1")),
        "{nl}"
    );
    let nl = out(dutch(&dir).args(["--volunteer", "ab", "kb", "revert", id, "1"]));
    assert!(
        nl.starts_with(&format!(
            "`{id}` luidt al als versie 1: er is niets veranderd"
        )),
        "{nl}"
    );
}

#[test]
fn audit_speaks_dutch_and_its_refusal_too() {
    let dir = one_contact();
    out(dutch(&dir).args(["--volunteer", "ab", "export", "--format", "csv"]));
    let nl = out(dutch(&dir).arg("audit"));
    assert!(
        nl.starts_with("moment ") && nl.contains("handeling") && nl.contains("toelichting"),
        "{nl}"
    );
    assert!(nl.ends_with("\n1 vermelding\n"), "{nl}");
    let en = out(english(&dir).arg("audit"));
    assert!(en.starts_with("at ") && en.ends_with("\n1 entry\n"), "{en}");
    let nl = err(dutch(&dir).args(["audit", "--from", "2026-11-25", "--to", "2026-11-01"]));
    assert_eq!(
        nl,
        "fout: --from 2026-11-25 ligt na --to 2026-11-01: geef de vroegste dag eerst\n"
    );
    let en = err(english(&dir).args(["audit", "--from", "2026-11-25", "--to", "2026-11-01"]));
    assert_eq!(
        en,
        "error: --from 2026-11-25 is after --to 2026-11-01: give the earlier day first\n"
    );
}

#[test]
fn purge_forget_and_the_restores_erasure_speak_dutch() {
    let dir = TempDir::new().unwrap();
    log_ok(
        &dir,
        &[
            "--topic",
            "huur",
            "--at",
            "2026-10-01 10:00",
            "--note",
            "lekkage",
        ],
    );
    log_ok(&dir, &["--topic", "huur", "--resident", "ABC123"]);
    let nl = out(dutch(&dir).args(["purge", "--dry-run"]));
    assert_eq!(
        nl,
        "niets te wissen: er zijn geen notities en bewonerscodes van contacten van voor \
         2025-11-25 (retention.note_days = 365)\n"
    );
    let en = out(english(&dir).args(["purge", "--dry-run"]));
    assert!(
        en.starts_with("nothing to erase: no notes and resident codes"),
        "{en}"
    );

    let nl = out(dutch(&dir).args(["forget", "--resident", "abc123", "--dry-run"]));
    assert_eq!(
        nl,
        "zou de bewonerscode en notities wissen van 1 contact (0 notities, 1 bewonerscode) van \
         2026-11-25 tot 2026-11-25\n"
    );
    let en = out(english(&dir).args(["forget", "--resident", "abc123", "--dry-run"]));
    assert!(
        en.starts_with("would erase the resident code and notes of 1 contact (0 notes, 1"),
        "{en}"
    );
    let nl = out(dutch(&dir).args(["--volunteer", "ab", "forget", "--resident", "XYZ789"]));
    assert_eq!(
        nl,
        "geen enkel contact heeft bewonerscode XYZ789; er is niets veranderd\n"
    );

    // a backup with a note older than a shorter retention: the restore erases it
    let backup = dir.path().join("kopie.sqlite");
    out(dutch(&dir)
        .args(["backup", "--volunteer", "ab", "--output"])
        .arg(&backup));
    let config = file(&dir, "balie.toml", "[retention]\nnote_days = 30\n");
    let nl = out(dutch(&dir)
        .arg("--config")
        .arg(&config)
        .args(["restore", "--volunteer", "ab"])
        .arg(&backup));
    assert!(
        nl.contains(
            "\ngewist wat over de bewaartermijn is: 1 contact (1 notitie, 0 bewonerscodes) van \
             2026-10-01 tot 2026-10-01\n"
        ),
        "{nl}"
    );
    let nl = out(dutch(&dir)
        .arg("--config")
        .arg(&config)
        .args(["purge", "--dry-run"]));
    assert!(nl.starts_with("niets te wissen: "), "{nl}");
}

#[test]
fn demo_speaks_dutch_and_refuses_in_dutch() {
    let dir = TempDir::new().unwrap();
    let nl = err(dutch(&dir)
        .env_remove("BALIE_DATA_DIR")
        .args(["demo", "--contacts", "5"]));
    assert!(
        nl.starts_with("fout: balie demo verzint contacten; geef het een eigen datamap"),
        "{nl}"
    );
    let five = ["demo", "--contacts", "5", "--desks", "1"];
    let nl = out(dutch(&dir)
        .arg("--data-dir")
        .arg(dir.path().join("demo"))
        .args(five));
    assert!(
        nl.starts_with("5 contacten verzonnen bij 1 balie, "),
        "{nl}"
    );
    let en = out(english(&dir)
        .arg("--data-dir")
        .arg(dir.path().join("demo-en"))
        .args(five));
    assert!(en.starts_with("5 made-up contacts at 1 desk, "), "{en}");
}

/// `balie` on `dir` in Dutch, with the passphrase read from `pass`.
fn with_pass(dir: &TempDir, pass: &Path) -> Command {
    let mut cmd = dutch(dir);
    cmd.env("BALIE_PASSPHRASE_FILE", pass)
        .env("BALIE_NEW_PASSPHRASE_FILE", pass);
    cmd
}

#[test]
fn encrypt_decrypt_pin_and_keys_speak_dutch() {
    let dir = one_contact();
    let pass = file(&dir, "pass", "lange wachtwoordzin voor de test\n");
    let nl = err(dutch(&dir).arg("decrypt"));
    assert_eq!(
        nl,
        "fout: de database is niet versleuteld; er is niets te doen\n"
    );
    let en = err(english(&dir).arg("decrypt"));
    assert_eq!(en, "error: the database is not encrypted; nothing to do\n");

    let nl = out(with_pass(&dir, &pass).arg("encrypt"));
    assert!(
        nl.starts_with("De database is versleuteld: 1 contact, 0 koppelingen aan artikelen"),
        "{nl}"
    );
    assert!(
        nl.contains("\nHERSTELSLEUTEL - wordt alleen deze ene keer getoond."),
        "{nl}"
    );
    let nl = err(with_pass(&dir, &pass).arg("encrypt"));
    assert!(
        nl.starts_with("fout: de database is al versleuteld; "),
        "{nl}"
    );

    let pin = file(&dir, "pin", "123456\n");
    let nl = out(with_pass(&dir, &pass)
        .env("BALIE_PIN_FILE", &pin)
        .arg("pin"));
    assert!(
        nl.starts_with("De pincode van de balie is ingesteld. "),
        "{nl}"
    );
    let nl = out(with_pass(&dir, &pass).args(["pin", "--clear"]));
    assert_eq!(
        nl,
        "De pincode van de balie is verwijderd; de wachtwoordzin ontgrendelt het scherm.\n"
    );

    let nl = err(with_pass(&dir, &pass).args(["keys", "show"]));
    assert!(
        nl.starts_with("fout: deze database heeft nog geen bundelsleutel;"),
        "{nl}"
    );
    let nl = out(with_pass(&dir, &pass).args(["keys", "init"]));
    assert!(
        nl.starts_with("Het sleutelpaar voor bundels is gemaakt; ")
            && nl.contains("(versleuteld)")
            && nl.contains("\nZet deze twee regels in het configbestand van elke balie:\n"),
        "{nl}"
    );
    let nl = out(with_pass(&dir, &pass).args(["keys", "trusted"]));
    assert!(
        nl.starts_with("Nog van geen enkele balie wordt de sleutel vertrouwd"),
        "{nl}"
    );
    let nl = err(with_pass(&dir, &pass).args([
        "--volunteer",
        "ab",
        "keys",
        "trust",
        "--desk",
        "Noord",
        "abc",
    ]));
    assert!(
        nl.starts_with("fout: `abc` is geen ondertekensleutel voor bundels"),
        "{nl}"
    );

    let nl = out(with_pass(&dir, &pass).arg("decrypt"));
    assert!(
        nl.starts_with("De database is niet meer versleuteld: 1 contact, ")
            && nl.contains("Het sleutelbestand is verwijderd."),
        "{nl}"
    );
}

#[test]
fn the_bundle_and_merge_lines_speak_dutch_and_english() {
    let dir = one_contact();
    let bundle = dir.path().join("noord.balie");
    let nl = out(dutch(&dir)
        .args(["--volunteer", "ab", "export", "--bundle"])
        .arg(&bundle));
    assert!(
        nl.starts_with(
            "balie Buurtwerkkamer MultiBron, alle dagen, 1 contact, geschreven 2026-11-25 11:42 \
             door AB: geschreven naar "
        ),
        "{nl}"
    );
    let en = out(english(&dir)
        .args(["--volunteer", "ab", "export", "--force", "--bundle"])
        .arg(&bundle));
    assert!(
        en.starts_with(
            "desk Buurtwerkkamer MultiBron, all days, 1 contact, written 2026-11-25 11:42 by AB: \
             written to "
        ),
        "{en}"
    );
    let other = TempDir::new().unwrap();
    let nl = out(dutch(&other).args(["merge", "--dry-run"]).arg(&bundle));
    let first = nl.lines().next().unwrap();
    assert!(
        first.ends_with(
            ": balie Buurtwerkkamer MultiBron, alle dagen, 1 contact, geschreven \
             2026-11-25 11:42 door AB"
        ),
        "{nl}"
    );
    assert!(
        nl.contains("\n  1 toegevoegd, 0 bijgewerkt, 0 overgeslagen"),
        "{nl}"
    );
    let en = out(english(&other).args(["merge", "--dry-run"]).arg(&bundle));
    assert!(
        en.lines().next().unwrap().ends_with(
            ": desk Buurtwerkkamer MultiBron, all days, 1 contact, written 2026-11-25 11:42 by AB"
        ),
        "{en}"
    );
}

#[test]
fn the_targets_and_kb_gaps_headings_follow_the_language() {
    let dir = one_contact();
    let config = file(
        &dir,
        "balie.toml",
        "[[targets]]\nyear = 2026\nname = \"Wonen\"\ntopics = [\"huur\"]\ncount = \
         \"contacts\"\nvalue = 4\n",
    );
    let targets = |cmd: &mut Command| {
        out(cmd
            .arg("--config")
            .arg(&config)
            .args(["report", "--targets"]))
    };
    let nl = targets(&mut dutch(&dir));
    assert!(
        nl.starts_with(
            "doelen 2026 (2026-01-01 .. 2026-12-31), alle balies; tempo op 2026-11-25: \
             dag 329 van 365\n"
        ),
        "{nl}"
    );
    assert!(nl.contains("\nWonen  contacten  huur"), "{nl}");
    assert!(
        nl.contains("\nlet op: `tot vandaag` is waar de telling staat"),
        "{nl}"
    );
    let en = targets(&mut english(&dir));
    assert!(
        en.starts_with("targets 2026 (2026-01-01 .. 2026-12-31), all desks; pace"),
        "{en}"
    );
    assert!(en.contains("\nnote: `by today` is where"), "{en}");
    let nl = out(dutch(&dir).args(["report", "--targets", "--period", "2025"]));
    assert_eq!(
        nl,
        "geen doelen voor 2025 in de config; voeg [[targets]] toe met year = 2025 (zie README)\n"
    );
    let nl = err(dutch(&dir).args(["report", "--targets", "--period", "2026-11"]));
    assert_eq!(
        nl,
        "fout: doelen gelden per jaar: geef --period 2026 in plaats van 2026-11\n"
    );

    let nl = out(dutch(&dir).args(["report", "--kb-gaps"]));
    assert!(
        nl.starts_with(
            "Gaten in de kennisbank, 2026 (2026-01-01 .. 2026-12-31), alle balies: \
             grootste gat eerst\nonderwerp "
        ),
        "{nl}"
    );
    assert!(
        nl.contains("\nlet op: een contact met meer onderwerpen telt"),
        "{nl}"
    );
    let en = out(english(&dir).args(["report", "--kb-gaps"]));
    assert!(en.starts_with("Knowledge-base gaps, 2026"), "{en}");
    assert!(en.contains("\nnote: a contact with several topics"), "{en}");
}

#[test]
fn machine_formats_are_byte_identical_in_both_languages() {
    let dir = one_contact();
    out(dutch(&dir).args(["--volunteer", "ab", "export", "--format", "csv"]));
    let config = file(
        &dir,
        "balie.toml",
        "[[targets]]\nyear = 2026\nname = \"Wonen\"\ntopics = [\"huur\"]\ncount = \
         \"contacts\"\nvalue = 4\n",
    );
    for args in [
        &["kb", "list", "--format", "csv"][..],
        &["kb", "check", "--format", "csv"],
        &["kb", "history", "urgentie", "--format", "csv"],
        &["audit", "--format", "csv"],
        &["audit", "--format", "json"],
        &["partners", "--format", "csv"],
        &["report", "--targets", "--format", "csv"],
        &["report", "--targets", "--format", "json"],
        &["report", "--kb-gaps", "--format", "csv"],
        &["report", "--kb-gaps", "--format", "json"],
    ] {
        let nl = out(dutch(&dir).arg("--config").arg(&config).args(args));
        let en = out(english(&dir).arg("--config").arg(&config).args(args));
        assert_eq!(nl, en, "{args:?}");
    }
    let csv = out(dutch(&dir).args(["kb", "check", "--format", "csv"]));
    assert!(
        csv.starts_with("links,id,why,title\n") && csv.contains("stale: "),
        "{csv}"
    );
    let csv = out(dutch(&dir).arg("--config").arg(&config).args([
        "report",
        "--targets",
        "--format",
        "csv",
    ]));
    assert!(csv.contains(",contacts,"), "{csv}");
}

#[test]
fn an_error_is_one_language_from_start_to_end() {
    let dir = one_contact();
    let missing = dir.path().join("bestaat-niet.csv");
    // a context of balie's own over an everyday cause: Dutch throughout
    let nl = err(dutch(&dir).arg("import").arg(&missing));
    assert_eq!(
        nl,
        format!(
            "fout: kan {} niet lezen: dat bestand of die map bestaat niet; kijk of de naam \
             klopt\n",
            missing.display()
        )
    );
    let en = err(english(&dir).arg("import").arg(&missing));
    assert!(
        en.starts_with(&format!("error: cannot read {}: ", missing.display())),
        "{en}"
    );
    // a flag over a Dutch cause stays Dutch
    let nl = err(dutch(&dir).args(["list", "--from", "gisteren?", "--to", "2026-11-25"]));
    assert!(nl.starts_with("fout: --from: "), "{nl}");
    assert!(!nl.contains("error"), "{nl}");
    // a cause with English words only (a bundle whose rows SQLite cannot read is said in
    // SQLite's words) is English throughout: see app/errors.rs's tests
    // personal data in a note is refused in the volunteer's words
    let log = [
        "log",
        "--desk",
        "Noord",
        "--volunteer",
        "ab",
        "--topic",
        "huur",
    ];
    let nl = err(dutch(&dir).args(log).args(["--note", "bel 0612345678"]));
    assert!(
        nl.starts_with(
            "fout: de notitie bevat iets dat lijkt op een telefoonnummer. Er is niets bewaard."
        ),
        "{nl}"
    );
    let en = err(english(&dir).args(log).args(["--note", "bel 0612345678"]));
    assert!(
        en.starts_with("error: the note holds what looks like a phone number. Nothing was stored."),
        "{en}"
    );
    // a contact id that is not one, in both languages
    let nl = err(dutch(&dir).args(["follow-ups", "done", "x!"]));
    assert_eq!(
        nl,
        "fout: `X!` is geen contact-id; kopieer het uit `balie follow-ups` of `balie list`\n"
    );
    let en = err(english(&dir).args(["follow-ups", "done", "x!"]));
    assert_eq!(
        en,
        "error: `X!` is not a contact id; copy it from `balie follow-ups` or `balie list`\n"
    );
}

#[test]
fn an_articles_mistakes_are_said_in_dutch_by_default_and_english_on_request() {
    let dir = one_contact();
    let articles = dir.path().join("kapot");
    std::fs::create_dir(&articles).unwrap();
    file(&dir, "kapot/a.md", "---\ntitle: zonder id\n---\ntekst\n");
    file(
        &dir,
        "kapot/b.md",
        "+++\nid = \"b\"\ntitle = \"B\"\ntopics = [\"koffie\"]\nsource = \"S (2020)\"\n\
         facts_from = \"2020-13-01\"\n+++\ntekst\n",
    );
    let nl = err(dutch(&dir).args(["kb", "import"]).arg(&articles));
    assert!(nl.starts_with("fout: "), "{nl}");
    assert!(
        nl.contains("a.md:1: het bestand moet beginnen met een regel `+++`"),
        "{nl}"
    );
    assert!(nl.contains("b.md:4: Onbekend onderwerp `koffie`"), "{nl}");
    assert!(nl.contains("(zie `balie topics` voor de codes)"), "{nl}");
    assert!(
        nl.ends_with(
            "er is niets ingelezen: verbeter de bestanden hierboven en lees ze opnieuw in\n"
        ),
        "{nl}"
    );
    let en = err(english(&dir).args(["kb", "import"]).arg(&articles));
    assert!(
        en.contains("a.md:1: the file must start with a line `+++`"),
        "{en}"
    );
    assert!(en.contains("b.md:4: unknown topic `koffie`"), "{en}");
    assert!(
        en.ends_with("nothing was imported: correct the files above and import again\n"),
        "{en}"
    );
    // a date that is not one, in one file: the singular
    std::fs::remove_file(articles.join("a.md")).unwrap();
    file(
        &dir,
        "kapot/b.md",
        "+++\nid = \"b\"\ntitle = \"B\"\ntopics = [\"huur\"]\nsource = \"S (2020)\"\n\
         facts_from = \"2020-13-01\"\n+++\ntekst\n",
    );
    let nl = err(dutch(&dir).args(["kb", "import"]).arg(&articles));
    assert!(
        nl.contains(
            "b.md:6: `facts_from` is \"2020-13-01\", en dat is geen datum: schrijf \"JJJJ-MM-DD\""
        ),
        "{nl}"
    );
    assert!(
        nl.ends_with("verbeter het bestand hierboven en lees het opnieuw in\n"),
        "{nl}"
    );
    let list = out(english(&dir).args(["kb", "list", "--format", "csv"]));
    assert!(!list.contains("\nb,"), "nothing was imported: {list}");
}

#[test]
fn merges_refusals_are_said_in_dutch_by_default_and_english_on_request() {
    let dir = one_contact();
    let good = dir.path().join("noord.balie");
    out(dutch(&dir)
        .args(["--volunteer", "ab", "export", "--bundle"])
        .arg(&good));
    let text = file(&dir, "notitie.balie", "geen bundel\n");
    let bytes = std::fs::read(&good).unwrap();
    let cut = dir.path().join("half.balie");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let other = TempDir::new().unwrap();
    let nl = err(dutch(&other)
        .args(["merge", "--dry-run"])
        .arg(&text)
        .arg(&good));
    assert_eq!(
        nl,
        format!(
            "fout: {} is geen bundel van balie: het is geen SQLite-bestand (een bundel maak je \
             met `balie export --bundle BESTAND`). Er is niets samengevoegd\nhet andere bestand \
             is in orde, maar is ook niet samengevoegd: voeg alles samen als elk bestand in orde \
             is, of laat het geweigerde weg\n",
            text.display()
        )
    );
    // one file cut off, two sound ones
    let cut_and_two =
        |mut cmd: Command| err(cmd.args(["merge", "--dry-run"]).args([&cut, &good, &good]));
    let nl = cut_and_two(dutch(&other));
    assert!(
        nl.starts_with(&format!(
            "fout: {} is beschadigd: het is afgebroken: ",
            cut.display()
        )),
        "{nl}"
    );
    assert!(
        nl.contains("de andere 2 bestanden zijn in orde, maar zijn ook niet samengevoegd"),
        "{nl}"
    );
    let en = cut_and_two(english(&other));
    assert!(
        en.starts_with(&format!(
            "error: {} is damaged: it is cut off: ",
            cut.display()
        )),
        "{en}"
    );
    assert!(
        en.contains("the other 2 files are fine, but were not merged either"),
        "{en}"
    );
}

#[test]
fn the_upkeep_speaks_dutch_and_its_warning_too() {
    let dir = one_contact();
    // the first command of the day did the jobs
    let nl = out(dutch(&dir).arg("upkeep"));
    assert_eq!(
        nl,
        "opruimen: vandaag al gedaan\nreservekopie: vandaag al gemaakt (of uitgezet)\n"
    );
    let en = out(english(&dir).arg("upkeep"));
    assert_eq!(
        en,
        "purge: already done today\nbackup: already made today (or turned off)\n"
    );
    // a year later by the clock, with nothing stored since: the purge waits, and says so
    let later = |lang: Option<&str>| {
        let mut cmd = common::isolated(dir.path(), "2027-12-01 09:00:00");
        cmd.env("BALIE_DATA_DIR", common::data(&dir));
        match lang {
            Some(l) => cmd.args(["--lang", l]),
            None => cmd.env_remove("BALIE_LANG"),
        };
        cmd
    };
    let done = later(None).arg("upkeep").assert().failure();
    let output = done.get_output();
    let said = String::from_utf8(output.stdout.clone()).unwrap();
    assert!(
        said.starts_with("reservekopie: ") && said.ends_with(" (0 reservekopieën verwijderd)\n"),
        "{said}"
    );
    let nl = String::from_utf8(output.stderr.clone()).unwrap();
    assert!(
        nl.starts_with(
            "fout: het automatisch opruimen is niet gedaan: de klok zegt 2027-12-01 09:00, maar \
             de laatste bewaarde wijziging is van 2026-11-25 "
        ),
        "{nl}"
    );
    // on any other command it is a warning, in the same words
    let warned = |cmd: &mut Command| {
        String::from_utf8(cmd.assert().success().get_output().stderr.clone()).unwrap()
    };
    let nl = warned(later(None).arg("list"));
    assert!(
        nl.starts_with("waarschuwing: het automatisch opruimen is niet gedaan: de klok zegt "),
        "{nl}"
    );
    let en = warned(later(Some("en")).arg("list"));
    assert!(
        en.starts_with("warning: the automatic purge did not run: the clock says 2027-12-01"),
        "{en}"
    );
}

#[test]
fn imports_refusals_are_said_in_dutch_by_default_and_english_on_request() {
    let dir = TempDir::new().unwrap();
    let rows = file(
        &dir,
        "rijen.csv",
        "at,topics,desk,volunteer,kind\n2026-11-20 10:30,hur,Centrum,ab,kort\nxx,huur,Centrum,\
         ab,kort\n2026-11-20 10:30,huur,Centrum,ab,raar\n",
    );
    let import = |mut cmd: Command, f: &Path| err(cmd.arg("import").arg(f));
    let nl = import(dutch(&dir), &rows);
    assert_eq!(
        nl,
        format!(
            "fout: {}: 3 rijen kunnen niet geïmporteerd worden; er is niets geïmporteerd. \
             Herstel ze en importeer opnieuw:\nregel 2, veld `topics`: Onbekend onderwerp `hur`; \
             bedoelt u `huur`?\nregel 3, veld `at`: `xx` is geen moment: schrijf 2026-11-20 \
             10:30 of 20-11-2026 10:30\nregel 4, veld `kind`: `raar`: geef kort of hulpvraag\n",
            rows.display()
        )
    );
    let en = import(english(&dir), &rows);
    assert!(
        en.starts_with(&format!(
            "error: {}: 3 rows cannot be imported; nothing was imported. Fix them and import \
             again:\nline 2, field `topics`: unknown topic `hur`; did you mean `huur`?\nline 3, \
             field `at`: `xx` is not a moment",
            rows.display()
        )),
        "{en}"
    );
    assert!(
        en.ends_with("line 4, field `kind`: `raar`: give kort or hulpvraag\n"),
        "{en}"
    );

    let columns = file(&dir, "kolommen.csv", "at,topics,kleur\n");
    let nl = import(dutch(&dir), &columns);
    assert!(
        nl.starts_with(&format!(
            "fout: {}: kolom `kleur` kent balie niet; hernoem of verwijder hem. De kolommen \
             zijn: id, at,",
            columns.display()
        )),
        "{nl}"
    );
    assert!(nl.ends_with(". Er is niets geïmporteerd\n"), "{nl}");
    let en = import(english(&dir), &columns);
    assert!(en.contains("column `kleur` is not one balie knows"), "{en}");
    assert!(en.ends_with(". Nothing was imported\n"), "{en}");

    let missing = file(&dir, "zonder.csv", "topics\nhuur\n");
    let nl = import(dutch(&dir), &missing);
    assert!(
        nl.contains(
            "het bestand heeft geen kolom `at`; de eerste regel moet de kolommen noemen, \
             minstens `at` en `topics` (zie `balie export`). Er is niets geïmporteerd"
        ),
        "{nl}"
    );
    let en = import(english(&dir), &missing);
    assert!(en.contains("the file has no column `at`;"), "{en}");

    let latin1 = dir.path().join("latin1.csv");
    std::fs::write(&latin1, b"at,topics\n2026-11-20 10:30,caf\xe9\n").unwrap();
    let nl = import(dutch(&dir), &latin1);
    assert!(
        nl.contains("het bestand is geen UTF-8-tekst (regel 2); sla het in Excel op als"),
        "{nl}"
    );
    let en = import(english(&dir), &latin1);
    assert!(en.contains("the file is not UTF-8 text (line 2)"), "{en}");
    assert!(
        out(english(&dir).args(["list", "--format", "csv"]))
            .lines()
            .count()
            <= 1
    );
}

#[test]
fn demos_refusals_are_said_in_dutch_by_default_and_english_on_request() {
    let dir = TempDir::new().unwrap();
    let demo = dir.path().join("demo");
    let run = |mut cmd: Command, desks: &str| {
        cmd.arg("--data-dir")
            .arg(&demo)
            .args(["demo", "--contacts", "5", "--desks", desks]);
        cmd
    };
    let nl = err(&mut run(dutch(&dir), "99"));
    assert!(nl.starts_with("fout: --desks 99: de config noemt "), "{nl}");
    assert!(
        nl.contains(" balies; geef een getal van 1 tot en met "),
        "{nl}"
    );
    let en = err(&mut run(english(&dir), "99"));
    assert!(
        en.starts_with("error: --desks 99: the config lists "),
        "{en}"
    );
    out(&mut run(dutch(&dir), "1"));
    let nl = err(&mut run(dutch(&dir), "1"));
    assert_eq!(
        nl,
        format!(
            "fout: {} bevat al een demo (5 verzonnen contacten); verwijder die map om er een \
             nieuwe te maken, of geef --data-dir een andere lege map\n",
            demo.join("balie.sqlite").display()
        )
    );
    let en = err(&mut run(english(&dir), "1"));
    assert!(
        en.contains("already holds a demo (5 made-up contacts)"),
        "{en}"
    );
}

#[test]
fn a_merge_refuses_a_strange_signer_and_a_future_moment_in_dutch_and_english() {
    let first = one_contact();
    let bundle = |dir: &TempDir, cmd: &mut Command| {
        let b = dir.path().join("bundel.balie");
        out(cmd
            .args(["--volunteer", "ab", "export", "--bundle"])
            .arg(&b));
        b
    };
    let trusted = bundle(&first, &mut dutch(&first));
    let impostor = one_contact();
    let strange = bundle(&impostor, &mut dutch(&impostor));
    let coord = TempDir::new().unwrap();
    let merge = |mut cmd: Command, b: &Path| {
        cmd.args(["merge", "--volunteer", "cd"]).arg(b);
        cmd
    };
    out(&mut merge(dutch(&coord), &trusted));
    let nl = err(&mut merge(dutch(&coord), &strange));
    assert!(
        nl.starts_with("fout: bundel.balie is ondertekend met de sleutel ed25519:"),
        "{nl}"
    );
    assert!(
        nl.contains("maar de bundels van balie `Buurtwerkkamer MultiBron` zijn ondertekend met"),
        "{nl}"
    );
    assert!(nl.contains("Er is niets samengevoegd."), "{nl}");
    assert!(
        nl.contains("`balie keys trust --desk BALIE SLEUTEL`"),
        "{nl}"
    );
    let en = err(&mut merge(english(&coord), &strange));
    assert!(en.contains(" is signed by the key ed25519:"), "{en}");
    assert!(en.contains("Nothing was merged."), "{en}");

    // a desk whose clock runs years ahead
    let ahead = TempDir::new().unwrap();
    let at_ahead = || {
        let mut cmd = common::isolated(ahead.path(), "2030-01-01 10:00:00");
        cmd.env("BALIE_DATA_DIR", common::data(&ahead));
        cmd
    };
    at_ahead()
        .args([
            "log",
            "--desk",
            "Noord",
            "--volunteer",
            "xy",
            "--topic",
            "huur",
        ])
        .assert()
        .success();
    let future = bundle(&ahead, &mut at_ahead());
    let nl = err(&mut merge(dutch(&coord), &future));
    assert!(nl.starts_with("fout: bundel.balie geeft contact "), "{nl}");
    assert!(
        nl.contains(
            " de at 2030-01-01 10:00:00, buiten 1990-01-01 .. 2026-11-26 11:42 (een dag na de \
             klok van deze computer). Er is niets samengevoegd; vraag de balie om een nieuwe \
             bundel (`balie export --bundle BESTAND`)"
        ),
        "{nl}"
    );
    let en = err(&mut merge(english(&coord), &future));
    assert!(
        en.contains(" the at 2030-01-01 10:00:00, outside 1990-01-01 .. 2026-11-26 11:42"),
        "{en}"
    );
    let list = out(english(&coord).args(["list", "--format", "csv"]));
    assert_eq!(
        list.lines().count(),
        2,
        "only the trusted bundle's contact: {list}"
    );
}
