//! End-to-end tests of keeping the knowledge base current through the real binary: `kb edit`
//! with a stand-in `$EDITOR` script, `kb history`, `kb revert`, `kb review`, the audit log,
//! `balie partners`, the partner card in `kb search`, and `report --kb-gaps`.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

fn balie(dir: &TempDir) -> Command {
    let mut cmd = common::isolated(dir.path(), common::NOW);
    cmd.env("BALIE_DATA_DIR", dir.path().join("data"))
        .env_remove("BALIE_LANG") // the default language, Dutch
        .env_remove("VISUAL")
        .env_remove("EDITOR");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// A shell script standing in for the user's editor: it is given the file to edit as `$1`.
fn editor(dir: &TempDir, name: &str, body: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, format!("#!/bin/sh\nset -e\n{body}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path
}

/// An editor that breaks the article once (an unknown topic); every later opening changes
/// nothing.
fn breaks_once(dir: &TempDir) -> PathBuf {
    editor(
        dir,
        "ed.sh",
        &format!(
            r#"if [ ! -e "{flag}" ]; then touch "{flag}"; sed -i 's/^topics = .*/topics = ["fietsen"]/' "$1"; fi"#,
            flag = dir.path().join("broke-it").display()
        ),
    )
}

fn edit(dir: &TempDir, editor: &Path, id: &str) -> assert_cmd::assert::Assert {
    balie(dir)
        .env("EDITOR", editor)
        .args(["--volunteer", "AB", "kb", "edit", id])
        .assert()
}

fn audit(dir: &TempDir) -> Vec<serde_json::Value> {
    serde_json::from_str(&stdout(balie(dir).args(["audit", "--format", "json"]))).unwrap()
}

#[test]
#[cfg(unix)]
fn a_valid_edit_is_stored_as_the_desks_own_version_with_its_history_and_audit_line() {
    let dir = TempDir::new().unwrap();
    let ed = editor(
        &dir,
        "ed.sh",
        r#"sed -i 's/^title = .*/title = "Urgentie (onze versie)"/' "$1""#,
    );
    edit(&dir, &ed, "urgentie")
        .success()
        .stdout(predicate::str::starts_with(
            "`urgentie` bewaard als versie 2, de eigen tekst van deze balie",
        ));
    let out = stdout(balie(&dir).args(["kb", "show", "urgentie"]));
    assert!(out.starts_with("Urgentie (onze versie)\n"), "{out}");
    assert!(out.contains("id: urgentie (van deze balie)"), "{out}");

    let history: Vec<serde_json::Value> = serde_json::from_str(&stdout(
        balie(&dir).args(["kb", "history", "urgentie", "--format", "json"]),
    ))
    .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["change"], "before");
    assert_eq!(history[0]["origin"], "shipped");
    assert_eq!(history[0]["current"], false);
    assert_eq!(history[1]["change"], "edit");
    assert_eq!(history[1]["volunteer"], "AB");
    assert_eq!(history[1]["current"], true);
    let log = audit(&dir);
    assert!(
        log.iter().any(|e| e["action"] == "kb-edit"
            && e["volunteer"] == "AB"
            && e["detail"] == "article urgentie version 2"),
        "{log:?}"
    );
    // No draft is left behind.
    assert!(!dir.path().join("data/kb-drafts/urgentie.md").exists());

    // Back to the shipped text: it is shipped again, and the revert is audited.
    balie(&dir)
        .args(["--volunteer", "CD", "kb", "revert", "urgentie", "1"])
        .assert()
        .success()
        .stdout("`urgentie` luidt weer als versie 1 (bewaard als versie 3)\n");
    let out = stdout(balie(&dir).args(["kb", "show", "urgentie"]));
    assert!(
        out.starts_with("Urgentie (voorrang op een woning)\n"),
        "{out}"
    );
    assert!(out.contains("(meegeleverd met balie)"), "{out}");
    assert!(audit(&dir).iter().any(|e| e["action"] == "kb-revert"
        && e["volunteer"] == "CD"
        && e["detail"] == "article urgentie version 3, back to version 1"));
    let table = stdout(balie(&dir).args(["kb", "history", "urgentie"]));
    assert!(table.starts_with("versie  bewaard"), "{table}");
    assert!(table.contains("  meegeleverd  "), "{table}");
    assert_eq!(table.lines().count(), 4, "{table}");
    balie(&dir)
        .args(["--volunteer", "CD", "kb", "revert", "urgentie", "7"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "article `urgentie` has no version 7; its versions are 1 to 3",
        ));
}

#[test]
#[cfg(unix)]
fn a_mistake_reopens_the_editor_with_the_message_and_the_fix_is_stored() {
    let dir = TempDir::new().unwrap();
    // First run: break the date. Second run: the message must be in the file; fix the date.
    let ed = editor(
        &dir,
        "ed.sh",
        &format!(
            r#"count="{count}"
if [ ! -e "$count" ]; then
  touch "$count"
  sed -i 's/^facts_from = .*/facts_from = "oktober 2014"/' "$1"
else
  grep -q '^# balie: regel .*facts_from' "$1"
  cp "$1" "{seen}"
  sed -i 's/^facts_from = .*/facts_from = 2014-10-01/; s/^title = .*/title = "Urgentie (gecorrigeerd)"/' "$1"
fi"#,
            count = dir.path().join("opened-once").display(),
            seen = dir.path().join("seen.md").display(),
        ),
    );
    let out = edit(&dir, &ed, "urgentie").success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("`facts_from` is \"oktober 2014\", en dat is geen datum")
            && stderr.contains("(de editor gaat opnieuw open met deze melding)"),
        "{stderr}"
    );
    let seen = std::fs::read_to_string(dir.path().join("seen.md")).unwrap();
    assert!(
        seen.starts_with("+++\n# balie: regel 10: `facts_from`"),
        "{seen}"
    );
    assert!(
        seen.contains("facts_from = \"oktober 2014\""),
        "what was typed is kept: {seen}"
    );
    let show = stdout(balie(&dir).args(["kb", "show", "urgentie"]));
    assert!(show.starts_with("Urgentie (gecorrigeerd)\n"), "{show}");
    let stored = stdout(balie(&dir).args(["kb", "export"]).arg(dir.path().join("x")));
    assert!(stored.contains(" geschreven naar "), "{stored}");
    let file = std::fs::read_to_string(dir.path().join("x/urgentie.md")).unwrap();
    assert!(
        !file.contains("# balie:"),
        "balie's notes are not stored: {file}"
    );
}

#[test]
#[cfg(unix)]
fn closing_the_editor_without_changes_stores_nothing() {
    let dir = TempDir::new().unwrap();
    let ed = editor(&dir, "ed.sh", "true");
    edit(&dir, &ed, "splitsing")
        .success()
        .stdout("niets veranderd: er is niets bewaard\n");
    assert!(audit(&dir).iter().all(|e| e["action"] != "kb-edit"));
    let out = stdout(balie(&dir).args(["kb", "history", "splitsing"]));
    assert!(out.contains("is hier nooit bewerkt"), "{out}");
}

#[test]
#[cfg(unix)]
fn giving_up_after_a_mistake_keeps_the_text_and_the_next_edit_continues_from_it() {
    let dir = TempDir::new().unwrap();
    let ed = breaks_once(&dir);
    let out = edit(&dir, &ed, "splitsing").failure().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("Onbekend onderwerp `fietsen`"), "{stderr}");
    assert!(
        stderr.contains("er is niets bewaard; je tekst staat in"),
        "{stderr}"
    );
    let draft = dir.path().join("data/kb-drafts/splitsing.md");
    let kept = std::fs::read_to_string(&draft).unwrap();
    assert!(
        kept.contains("topics = [\"fietsen\"]") && !kept.contains("# balie:"),
        "{kept}"
    );
    let show = stdout(balie(&dir).args(["kb", "show", "splitsing"]));
    assert!(
        show.contains("(meegeleverd met balie)"),
        "nothing stored: {show}"
    );

    // The next edit opens the draft; this editor fixes the topic.
    let fix = editor(
        &dir,
        "fix.sh",
        r#"grep -q 'fietsen' "$1"; sed -i 's/^topics = .*/topics = ["splitsing"]/' "$1""#,
    );
    let done = edit(&dir, &fix, "splitsing").success();
    let stderr = String::from_utf8(done.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("let op: je gaat verder met de bewerking die nog open stond"),
        "{stderr}"
    );
    assert!(!draft.exists());
}

#[test]
#[cfg(unix)]
fn an_editor_that_cannot_start_is_one_clear_sentence_and_nothing_is_stored() {
    let dir = TempDir::new().unwrap();
    balie(&dir)
        .env("EDITOR", dir.path().join("geen-editor"))
        .args(["--volunteer", "AB", "kb", "edit", "urgentie"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("stopped with an error"));
    balie(&dir)
        .env("EDITOR", "true")
        .args(["kb", "edit", "urgentie"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "er is geen vrijwilliger ingesteld",
        ));
}

#[test]
fn a_review_is_in_the_audit_log_with_who_and_against_what() {
    let dir = TempDir::new().unwrap();
    balie(&dir)
        .args(["--volunteer", "EF", "kb", "review", "regiobinding"])
        .args(["--against", "Woonruimteverordening Amsterdam 2026"])
        .assert()
        .success();
    let log = audit(&dir);
    let e = log
        .iter()
        .find(|e| e["action"] == "kb-review")
        .expect("the review is audited");
    assert_eq!(e["volunteer"], "EF");
    assert_eq!(e["at"], "2026-11-25 11:42:00");
    assert_eq!(
        e["detail"],
        "article regiobinding version 2, checked against: Woonruimteverordening Amsterdam 2026"
    );
    balie(&dir)
        .args([
            "--volunteer",
            "EF",
            "kb",
            "review",
            "regiobinding",
            "--against",
            " ",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "say what you checked the article against",
        ));
}

const DESK_CONFIG: &str = r#"
[[partners]]
code = "wswonen"
phone = "020 555 0101"
hours = "ma-vr 9-17"
refer_when = "Huurprijs, onderhoud of een huurcontract"
"#;

#[test]
fn partners_lists_the_desks_contact_details_and_kb_search_shows_the_card() {
    let dir = TempDir::new().unwrap();
    let shipped = stdout(balie(&dir).args(["partners", "--format", "json"]));
    let shipped: Vec<serde_json::Value> = serde_json::from_str(&shipped).unwrap();
    assert!(shipped.len() >= 10);
    assert!(
        shipped
            .iter()
            .all(|p| p["address"].is_null() && p["phone"].is_null()),
        "the shipped config has no addresses or numbers"
    );
    let config = dir.path().join("balie.toml");
    std::fs::write(&config, DESK_CONFIG).unwrap();
    let table = stdout(balie(&dir).arg("--config").arg(&config).arg("partners"));
    assert!(
        table.contains(
            "Partner: Wijksteunpunt Wonen (wswonen)\n  Telefoon: 020 555 0101\n  Open: ma-vr 9-17\n  Verwijs als: Huurprijs, onderhoud of een huurcontract\n  Advies over huur, onderhoud, splitsing en huurrecht\n"
        ),
        "{table}"
    );
    let search =
        stdout(
            balie(&dir)
                .arg("--config")
                .arg(&config)
                .args(["kb", "search", "wijksteunpunt"]),
        );
    assert!(
        search.starts_with("Partner: Wijksteunpunt Wonen (wswonen)\n"),
        "{search}"
    );
    assert!(search.contains("  Telefoon: 020 555 0101\n"), "{search}");
    assert!(
        search.contains("(wijksteunpunt-wonen)"),
        "the article follows: {search}"
    );
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[partners]]\ncode = \"nieuw\"\nphone = \"1\"\n").unwrap();
    balie(&dir)
        .arg("--config")
        .arg(&bad)
        .arg("partners")
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "partner `nieuw` is new: give it a name",
        ));
}

#[test]
fn the_gap_report_counts_contacts_per_topic_and_the_articles_for_it() {
    let dir = TempDir::new().unwrap();
    for topics in [&["huur", "taal"][..], &["taal"], &["huur"]] {
        let mut cmd = balie(&dir);
        cmd.args([
            "log",
            "--desk",
            "Buurtwerkkamer MultiBron",
            "--volunteer",
            "AB",
        ]);
        for t in topics {
            cmd.args(["--topic", t]);
        }
        cmd.assert().success();
    }
    let json: serde_json::Value = serde_json::from_str(&stdout(balie(&dir).args([
        "report",
        "--kb-gaps",
        "--period",
        "2026-11",
        "--format",
        "json",
    ])))
    .unwrap();
    let topic = |code: &str| {
        json["topics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["topic"] == code)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        topic("huur")["contacts"],
        2,
        "the two-topic contact counts under huur"
    );
    assert_eq!(topic("taal")["contacts"], 2, "and once under taal");
    assert_eq!(topic("huur")["with_article"], 0);
    assert!(topic("huur")["articles"].as_u64().unwrap() >= 1);
    let table = stdout(balie(&dir).args(["report", "--kb-gaps", "--period", "2026-11"]));
    assert!(table.starts_with("Gaten in de kennisbank, "), "{table}");
    assert!(
        table.contains("let op: een contact met meer onderwerpen telt één keer"),
        "{table}"
    );
}

#[test]
#[cfg(unix)]
fn an_edits_mistake_is_said_in_english_with_lang_en() {
    let dir = TempDir::new().unwrap();
    let ed = breaks_once(&dir);
    let out = balie(&dir)
        .env("EDITOR", &ed)
        .args([
            "--lang",
            "en",
            "--volunteer",
            "AB",
            "kb",
            "edit",
            "splitsing",
        ])
        .assert()
        .failure()
        .code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.starts_with("error: splitsing.md:5: unknown topic `fietsen`")
            && stderr.contains("(the editor opens again with this message)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("nothing was stored; your text is kept in"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("fout") && !stderr.contains("niets"),
        "{stderr}"
    );
}
