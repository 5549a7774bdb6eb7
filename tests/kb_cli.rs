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
    cmd.env("BALIE_DATA_DIR", dir.path().join("data"));
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
valid_from = \"2026-01-01\"
last_checked = \"2026-11-01\"
review_by = \"2027-05-01\"
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
    let mut lines = out.lines();
    assert!(lines.next().unwrap().starts_with("score"));
    let first = lines.next().unwrap();
    assert!(
        first.contains("huurachterstand-en-huisuitzetting") && first.ends_with("[deurwaarder]"),
        "{out}"
    );
    balie(&dir)
        .args(["kb", "search", "qqxqq"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("No article matches `qqxqq`"));
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
    assert_eq!(urgentie["review_by"], "2027-11-25");
    assert!(urgentie["warnings"].as_array().unwrap().is_empty());
    let csv = stdout(balie(&dir).args(["kb", "list", "--format", "csv"]));
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(&r.headers().unwrap()[0], "id");
    assert_eq!(r.records().count(), json.len());
    let table = stdout(balie(&dir).args(["kb", "list"]));
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("urgentie ") && l.contains("shipped")),
        "{table}"
    );
}

#[test]
fn show_prints_the_article_with_its_source_and_warns_when_out_of_date() {
    let dir = TempDir::new().unwrap();
    let out = stdout(balie(&dir).args(["kb", "show", "van-groot-naar-beter"]));
    assert!(
        out.starts_with("Van groot naar beter\n====================\n"),
        "{out}"
    );
    assert!(
        out.contains("bron: Cebeon, Inzet WSWonen in Samen DOEN (2014)"),
        "{out}"
    );
    assert!(out.contains("laatst gecontroleerd: 2026-11-25"), "{out}");
    assert!(!out.contains("LET OP: dit artikel"), "{out}");
    assert!(out.contains("Wat is het?\n-----------"), "{out}");
    assert!(!out.contains("**"), "Markdown is rendered: {out}");

    let later = stdout(balie_at(&dir, "2028-01-02 09:00").args([
        "--lang",
        "en",
        "kb",
        "show",
        "van-groot-naar-beter",
    ]));
    assert!(later.contains("last checked: 2026-11-25"), "{later}");
    assert!(
        later.contains("WARNING: this article should have been reviewed by 2027-11-25"),
        "{later}"
    );

    balie(&dir)
        .args(["kb", "show", "urgenti"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains(
            "there is no article `urgenti`; did you mean `urgentie`",
        ));
}

#[test]
fn check_lists_articles_past_their_review_date_or_validity() {
    let dir = TempDir::new().unwrap();
    let early = stdout(balie_at(&dir, "2020-06-01 09:00").args(["kb", "check"]));
    assert_eq!(
        early,
        "Every article is within its review date and validity.\n"
    );
    // Some shipped articles describe a programme that ran until the end of 2022.
    let now = stdout(balie(&dir).args(["kb", "check"]));
    assert!(now.starts_with("id "), "{now}");
    assert!(
        now.lines().skip(1).all(|l| l.contains("expired 20")),
        "{now}"
    );
    let later: Vec<serde_json::Value> = serde_json::from_str(&stdout(
        balie_at(&dir, "2100-01-01 09:00").args(["kb", "check", "--format", "json"]),
    ))
    .unwrap();
    let all: Vec<serde_json::Value> = serde_json::from_str(&stdout(
        balie(&dir).args(["kb", "list", "--format", "json"]),
    ))
    .unwrap();
    assert_eq!(
        later.len(),
        all.len(),
        "by 2100 every shipped article is due for review"
    );
    assert!(
        later
            .iter()
            .any(|a| a["warnings"][0]["kind"] == "review_overdue"),
        "{later:?}"
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
        err.starts_with(&format!("error: {bad}:5: unknown topic `fietsen`")),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
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
        .stdout("imported 1 new, 0 updated, 0 unchanged\n");
    balie(&dir)
        .args(["kb", "import"])
        .arg(folder.join("fietsenmaker.md"))
        .assert()
        .success()
        .stdout("imported 0 new, 0 updated, 1 unchanged\n");
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
    assert_eq!(said, format!("wrote {n} articles to {}\n", out.display()));
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
        .stdout(format!("imported 0 new, 0 updated, {n} unchanged\n"));
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
        .stderr(predicate::str::starts_with("error: cannot read nergens"));
}
