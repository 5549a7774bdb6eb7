//! End-to-end tests of `balie kb` through the real binary on an empty data folder.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

/// A `balie` command on a fresh data folder with a fixed clock and no user config.
fn balie(dir: &TempDir) -> Command {
    balie_at(dir, "2026-11-25 11:42:00")
}

fn balie_at(dir: &TempDir, now: &str) -> Command {
    let mut cmd = common::isolated(dir.path(), now);
    // the articles are read in the default language, Dutch
    cmd.env("BALIE_DATA_DIR", dir.path().join("data"))
        .env_remove("BALIE_LANG");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

fn search_json(dir: &TempDir, args: &[&str]) -> Vec<serde_json::Value> {
    let out = stdout(
        balie(dir)
            .args(["kb", "search", "--format", "json"])
            .args(args),
    );
    serde_json::from_str(&out).unwrap()
}

const ARTICLE: &str = "+++
id = \"fietsenmaker\"
title = \"Fietsenmaker in de buurt\"
aliases = [\"fiets\", \"lekke band\"]
topics = [\"klussen\"]
source = \"Eigen ervaring van de balie (2026)\"
facts_from = 2026-01-01
review_by = 2027-05-01
+++
# Fietsenmaker

Op **dinsdag** plakt een vrijwilliger banden. Zie ook de [klussendienst](klussendienst).
";

#[test]
fn search_finds_typos_first_and_prints_json_with_id_title_score_and_snippet() {
    let dir = TempDir::new().unwrap();
    let hits = search_json(&dir, &["groot", "naar", "beter"]);
    assert_eq!(hits[0]["id"], "van-groot-naar-beter");
    assert_eq!(hits[0]["title"], "Van groot naar beter");
    assert!(hits[0]["score"].as_u64().unwrap() > hits[1]["score"].as_u64().unwrap());
    assert!(hits[0]["snippet"].is_string());
    let hits = search_json(&dir, &["urgntie"]);
    assert_eq!(hits[0]["id"], "urgentie");
    let hits = search_json(&dir, &["schimel"]);
    assert!(hits[0]["id"].as_str().unwrap().contains("schimmel"));
    let hits = search_json(&dir, &["woonduur", "--limit", "2"]);
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0]["tier"], "body");
    assert_eq!(hits[0]["matches"][0], "woonduur");
}

#[test]
fn search_as_a_table_says_why_each_article_matched() {
    let dir = TempDir::new().unwrap();
    let out = stdout(balie(&dir).args(["kb", "search", "deurwaarder"]));
    let lines: Vec<&str> = out.lines().collect();
    // Per hit: title and id, how old the facts are, the stale warning, why it matched.
    assert_eq!(
        lines[0], "Huurachterstand en huisuitzetting  (huurachterstand-en-huisuitzetting)",
        "{out}"
    );
    assert_eq!(
        lines[1], "  Feiten uit 2014, sindsdien niet gecontroleerd",
        "{out}"
    );
    assert!(
        lines[2].starts_with("  LET OP: deze feiten zijn meer dan 2 jaar oud"),
        "{out}"
    );
    assert!(lines[3].contains("[deurwaarder]"), "{out}");
    balie(&dir)
        .args(["kb", "search", "qqxqq"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Geen artikel past bij `qqxqq`"));
    // FTS5 syntax is just text.
    for q in ["\"", "huur*", "(", "NOT"] {
        balie(&dir)
            .args(["kb", "search", "--", q])
            .assert()
            .success();
    }
}

#[test]
fn list_shows_every_shipped_article_in_three_formats() {
    let dir = TempDir::new().unwrap();
    let json: Vec<serde_json::Value> = serde_json::from_str(&stdout(
        balie(&dir).args(["kb", "list", "--format", "json"]),
    ))
    .unwrap();
    assert!(json.len() >= 20, "{}", json.len());
    assert!(json.iter().all(|a| a["origin"] == "shipped"));
    let urgentie = json.iter().find(|a| a["id"] == "urgentie").unwrap();
    assert_eq!(urgentie["title"], "Urgentie (voorrang op een woning)");
    assert_eq!(urgentie["facts_from"], "2014-10-01");
    assert_eq!(urgentie["last_checked"], serde_json::Value::Null);
    assert_eq!(
        urgentie["age"],
        "Feiten uit 2014, sindsdien niet gecontroleerd"
    );
    assert_eq!(
        urgentie["warnings"],
        serde_json::json!([{"kind": "stale", "date": "2014-10-01"}])
    );
    let csv = stdout(balie(&dir).args(["kb", "list", "--format", "csv"]));
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(&r.headers().unwrap()[0], "id");
    assert_eq!(r.records().count(), json.len());
    let table = stdout(balie(&dir).args(["kb", "list"]));
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("urgentie ") && l.contains("meegeleverd")),
        "{table}"
    );
}

#[test]
fn show_prints_the_age_of_the_facts_first_under_the_title_and_warns_when_stale() {
    let dir = TempDir::new().unwrap();
    let out = stdout(balie(&dir).args(["kb", "show", "van-groot-naar-beter"]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Van groot naar beter", "{out}");
    assert_eq!(lines[1], "====================");
    assert_eq!(lines[2], "Feiten uit 2014, sindsdien niet gecontroleerd");
    assert_eq!(
        lines[3],
        "LET OP: deze feiten zijn meer dan 2 jaar oud en nooit gecontroleerd. Vraag na wat nu \
         geldt voor je het doorgeeft."
    );
    assert!(
        out.contains("bron: Cebeon, Inzet WSWonen in Samen DOEN (2014)"),
        "{out}"
    );
    assert!(
        !out.contains("laatst gecontroleerd"),
        "no check is claimed: {out}"
    );
    let kort = out.find("Kort\n----").expect("a Kort block");
    let background = out.find("Achtergrond\n-----------").expect("a background");
    assert!(kort < background, "the short answer comes first: {out}");
    assert!(!out.contains("**"), "Markdown is rendered: {out}");

    let en = stdout(balie(&dir).args(["--lang", "en", "kb", "show", "van-groot-naar-beter"]));
    let lines: Vec<&str> = en.lines().collect();
    assert_eq!(lines[2], "Facts from 2014, not checked since");
    assert!(
        lines[3].starts_with("WARNING: these facts are more than 2 years old"),
        "{en}"
    );

    // A desk that sets the warning further off sees the age line without the warning.
    let config = dir.path().join("balie.toml");
    std::fs::write(&config, "[kb]\nstale_after_years = 20\n").unwrap();
    let calm = stdout(balie(&dir).arg("--config").arg(&config).args([
        "kb",
        "show",
        "van-groot-naar-beter",
    ]));
    assert_eq!(
        calm.lines().nth(2),
        Some("Feiten uit 2014, sindsdien niet gecontroleerd")
    );
    assert!(!calm.contains("LET OP"), "{calm}");

    balie(&dir)
        .args(["kb", "show", "urgenti"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains(
            "er is geen artikel `urgenti`; bedoelt u `urgentie`",
        ));
}

/// An article in the format before `facts_from`: quoted dates and a `last_checked` that was
/// the day it was written.
const OLD_ARTICLE: &str = "+++
id = \"fietsenmaker\"
title = \"Fietsenmaker in de buurt\"
aliases = [\"fiets\"]
topics = [\"klussen\"]
source = \"Eigen ervaring van de balie (2026)\"
valid_from = \"2026-01-01\"
last_checked = \"2026-11-01\"
review_by = \"2027-05-01\"
+++
# Fietsenmaker

Op **dinsdag** plakt een vrijwilliger banden.
";

#[test]
fn an_old_article_still_imports_and_shows_that_its_facts_have_no_date() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("fietsenmaker.md");
    std::fs::write(&file, OLD_ARTICLE).unwrap();
    balie(&dir)
        .args(["kb", "import"])
        .arg(&file)
        .assert()
        .success()
        .stdout("ingelezen: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd\n");
    let out = stdout(balie(&dir).args(["kb", "show", "fietsenmaker"]));
    assert_eq!(
        out.lines().nth(2),
        Some("Datum van de feiten onbekend; laatst gecontroleerd op 1-11-2026"),
        "{out}"
    );
    assert!(out.contains("geldig: vanaf 1-1-2026"), "{out}");
    assert!(out.contains("opnieuw bekijken voor: 1-5-2027"), "{out}");
    let late = stdout(balie_at(&dir, "2029-01-02 09:00").args(["kb", "show", "fietsenmaker"]));
    assert!(
        late.lines()
            .nth(3)
            .unwrap()
            .starts_with("LET OP: dit artikel is al meer dan 2 jaar niet gecontroleerd"),
        "{late}"
    );
    assert!(
        late.contains("LET OP: dit artikel had voor 1-5-2027 opnieuw bekeken moeten worden"),
        "{late}"
    );
}

#[test]
fn check_lists_what_needs_review_and_a_review_takes_an_article_off_the_list() {
    let dir = TempDir::new().unwrap();
    let all: Vec<serde_json::Value> = serde_json::from_str(&stdout(
        balie(&dir).args(["kb", "list", "--format", "json"]),
    ))
    .unwrap();
    let check = |dir: &TempDir| -> Vec<serde_json::Value> {
        serde_json::from_str(&stdout(
            balie(dir).args(["kb", "check", "--format", "json"]),
        ))
        .unwrap()
    };
    // Every shipped article has facts from 2008-2019 that nobody checked since.
    let due = check(&dir);
    assert_eq!(due.len(), all.len());
    let stale = |a: &serde_json::Value| {
        a["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] == "stale")
    };
    assert!(
        due.iter().all(|a| stale(a) && a["links_12_months"] == 0),
        "{due:?}"
    );
    let table = stdout(balie(&dir).args(["kb", "check"]));
    assert!(
        table.starts_with("Na te kijken, meest gebruikte eerst"),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.split_whitespace().take(2).eq(["0", "urgentie"])
                && l.contains("verouderd: feiten van 2014-10-01, nooit gecontroleerd")),
        "{table}"
    );

    balie(&dir)
        .args(["--volunteer", "AB", "kb", "review", "urgentie", "--against"])
        .arg("Gemeente Amsterdam, urgentieregels 2026")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "vastgelegd: `urgentie` op 2026-11-25 door AB gecontroleerd aan Gemeente Amsterdam",
        ));
    let due = check(&dir);
    assert_eq!(due.len(), all.len() - 1);
    assert!(due.iter().all(|a| a["id"] != "urgentie"));
    let out = stdout(balie(&dir).args(["kb", "show", "urgentie"]));
    assert_eq!(
        out.lines().nth(2),
        Some("Gecontroleerd op 25-11-2026 tegen Gemeente Amsterdam, urgentieregels 2026"),
        "{out}"
    );
    assert!(!out.contains("LET OP: deze feiten"), "{out}");

    // With the warning turned off, only what the sources say has ended is due (some
    // programmes ran until the end of 2022).
    let config = dir.path().join("balie.toml");
    std::fs::write(&config, "[kb]\nstale_after_years = 0\n").unwrap();
    let calm = stdout(
        balie(&dir)
            .arg("--config")
            .arg(&config)
            .args(["kb", "check"]),
    );
    let rows: Vec<&str> = calm.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{calm}");
    assert!(
        rows.iter().all(|l| l.contains("verlopen 2022-12-31")),
        "{calm}"
    );
    let early = stdout(
        balie_at(&dir, "2020-06-01 09:00")
            .arg("--config")
            .arg(&config)
            .args(["kb", "check"]),
    );
    assert_eq!(
        early,
        "Niets na te kijken: elk artikel is gecontroleerd en actueel.\n"
    );
}

#[test]
fn import_validates_everything_first_and_twice_changes_nothing() {
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("gedeeld");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("fietsenmaker.md"), ARTICLE).unwrap();
    std::fs::write(
        folder.join("kapot.md"),
        ARTICLE
            .replace("fietsenmaker", "kapot")
            .replace("klussen", "fietsen"),
    )
    .unwrap();

    let err = balie(&dir)
        .args(["kb", "import"])
        .arg(&folder)
        .assert()
        .failure()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    let bad = folder.join("kapot.md").display().to_string();
    assert!(
        // the article's mistake is said in Dutch, and so is the message around it
        err.starts_with(&format!("fout: {bad}:5: Onbekend onderwerp `fietsen`")),
        "{err}"
    );
    assert!(err.contains("er is niets ingelezen"), "{err}");
    balie(&dir)
        .args(["kb", "show", "fietsenmaker"])
        .assert()
        .failure();

    std::fs::remove_file(folder.join("kapot.md")).unwrap();
    balie(&dir)
        .args(["kb", "import"])
        .arg(&folder)
        .assert()
        .success()
        .stdout("ingelezen: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd\n");
    balie(&dir)
        .args(["kb", "import"])
        .arg(folder.join("fietsenmaker.md"))
        .assert()
        .success()
        .stdout("ingelezen: 0 nieuw, 0 bijgewerkt, 1 ongewijzigd\n");
    let hits = search_json(&dir, &["lekke", "band"]);
    assert_eq!(hits[0]["id"], "fietsenmaker");
    let list: Vec<serde_json::Value> = serde_json::from_str(&stdout(
        balie(&dir).args(["kb", "list", "--format", "json"]),
    ))
    .unwrap();
    let mine = list.iter().find(|a| a["id"] == "fietsenmaker").unwrap();
    assert_eq!(mine["origin"], "local");
}

#[test]
fn export_then_import_round_trips_every_article_unchanged() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("fietsenmaker.md"), ARTICLE).unwrap();
    balie(&dir)
        .args(["kb", "import"])
        .arg(dir.path().join("fietsenmaker.md"))
        .assert()
        .success();
    let out = dir.path().join("export").join("kb");
    let said = stdout(balie(&dir).args(["kb", "export"]).arg(&out));
    let n = std::fs::read_dir(&out).unwrap().count();
    assert_eq!(
        said,
        format!("{n} artikelen geschreven naar {}\n", out.display())
    );
    // The exported file of an imported article is the file as written.
    assert_eq!(
        std::fs::read_to_string(out.join("fietsenmaker.md")).unwrap(),
        ARTICLE
    );

    let before = stdout(balie(&dir).args(["kb", "list", "--format", "json"]));
    balie(&dir)
        .args(["kb", "import"])
        .arg(&out)
        .assert()
        .success()
        .stdout(format!(
            "ingelezen: 0 nieuw, 0 bijgewerkt, {n} ongewijzigd\n"
        ));
    assert_eq!(
        stdout(balie(&dir).args(["kb", "list", "--format", "json"])),
        before
    );

    // Another desk gets exactly the same articles.
    let other = TempDir::new().unwrap();
    balie(&other)
        .args(["kb", "import"])
        .arg(&out)
        .assert()
        .success();
    let theirs = stdout(balie(&other).args(["kb", "list", "--format", "json"]));
    assert_eq!(
        theirs.replace("\"local\"", "\"shipped\""),
        before.replace("\"local\"", "\"shipped\"")
    );
    let again = dir.path().join("again");
    balie(&other)
        .args(["kb", "export"])
        .arg(&again)
        .assert()
        .success();
    for entry in std::fs::read_dir(&out).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap();
        assert_eq!(
            std::fs::read(&p).unwrap(),
            std::fs::read(again.join(name)).unwrap(),
            "{name:?}"
        );
    }
}

#[test]
fn a_missing_import_path_is_a_clear_error() {
    let dir = TempDir::new().unwrap();
    balie(&dir)
        .args(["kb", "import", "nergens"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::starts_with(
            "fout: kan nergens niet lezen: dat bestand of die map bestaat niet",
        ));
}
