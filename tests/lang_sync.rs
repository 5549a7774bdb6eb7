//! `balie server ...` and `balie sync` in the volunteer's language: Dutch by default, English
//! with `--lang en`; the status CSV the same in both. Each test starts its own throwaway
//! PostgreSQL cluster (see `pg/mod.rs`).

mod common;
mod pg;

use assert_cmd::Command;
use pg::Pg;
use pg::city::{NOORD, city, server, stdout};

/// `cmd` in its default language (the helpers ask for English).
fn dutch(mut cmd: Command) -> Command {
    cmd.env_remove("BALIE_LANG");
    cmd
}

fn english(mut cmd: Command) -> Command {
    cmd.args(["--lang", "en"]);
    cmd
}

#[test]
fn the_server_commands_speak_dutch_by_default_and_english_on_request() {
    let Some(pg) = Pg::start("the_server_commands_speak_dutch_by_default_and_english_on_request")
    else {
        return;
    };
    let first = stdout(dutch(server(&pg, &["init"])));
    assert!(
        first.starts_with("het balie-schema (versie 1) is gemaakt op ")
            && first.contains("; voeg balies toe met `balie server add-desk NAAM --admin-url URL`"),
        "{first}"
    );
    let again = stdout(dutch(server(&pg, &["init"])));
    assert!(
        again.starts_with("het balie-schema op ")
            && again.ends_with(" is bij (versie 1); er is niets veranderd\n"),
        "{again}"
    );
    let en = stdout(english(server(&pg, &["init"])));
    assert!(
        en.contains(" is up to date (version 1); nothing changed"),
        "{en}"
    );

    let added = stdout(dutch(server(&pg, &["add-desk", NOORD])));
    assert!(
        added.starts_with("login `") && added.contains(&format!(" voor balie `{NOORD}` is klaar")),
        "{added}"
    );
    assert!(added.contains("hij wordt alleen nu getoond:\n"), "{added}");
    let added = stdout(english(server(&pg, &["add-coordinator", "Coordinatie"])));
    assert!(
        added.contains(" for coordinator `Coordinatie` is ready"),
        "{added}"
    );

    let status = stdout(dutch(server(&pg, &["status"])));
    let header = status.lines().next().unwrap();
    assert!(
        header.starts_with("naam") && header.contains("laatste sync"),
        "{status}"
    );
    assert!(status.contains("nooit"), "{status}");
    let en = stdout(english(server(&pg, &["status"])));
    assert!(en.starts_with("name") && en.contains("never"), "{en}");
    let csv_nl = stdout(dutch(server(&pg, &["status", "--format", "csv"])));
    let csv_en = stdout(english(server(&pg, &["status", "--format", "csv"])));
    assert_eq!(csv_nl, csv_en);
    assert!(csv_nl.starts_with("name,kind,login,last_sync,"), "{csv_nl}");
    assert!(csv_nl.contains(",never,"), "{csv_nl}");
}

#[test]
fn a_desks_sync_says_what_it_did_in_dutch() {
    let Some(city) = city("a_desks_sync_says_what_it_did_in_dutch") else {
        return;
    };
    city.log(NOORD, &["--topic", "huur"]);
    let nl = stdout(dutch(city.balie(NOORD)).arg("sync"));
    assert!(
        nl.starts_with(&format!(
            "balie `{NOORD}` gesynchroniseerd: 1 contact en 0 verwijderingen verstuurd, "
        )),
        "{nl}"
    );
    assert!(nl.contains(" ontvangen"), "{nl}");
    let en = stdout(english(city.balie(NOORD)).arg("sync"));
    assert!(
        en.starts_with(&format!(
            "synchronised desk `{NOORD}`: 0 contacts and 0 deletions sent, "
        )),
        "{en}"
    );
    let coordinator = stdout(dutch(city.balie("Coordinatie")).arg("sync"));
    assert!(
        coordinator.starts_with("gesynchroniseerd als coördinator `Coordinatie`: 1 toegevoegd, "),
        "{coordinator}"
    );
}

#[test]
fn a_published_article_left_out_is_said_in_dutch_by_default_and_english_on_request() {
    let Some(city) = city("a_published_article_left_out_is_said_in_dutch") else {
        return;
    };
    // an article with a mistake (no title), as a faulty publisher might leave on the server
    city.server_sql(
        "INSERT INTO balie.articles (id, text, updated_at, received_at) \
         VALUES ('kapot', E'+++\\nid = \"kapot\"\\n+++\\ntekst\\n', now(), now())",
    );
    let stderr = |cmd: &mut Command| {
        String::from_utf8(cmd.assert().success().get_output().stderr.clone()).unwrap()
    };
    let nl = stderr(dutch(city.balie(NOORD)).arg("sync"));
    assert!(
        nl.contains(
            "waarschuwing: een gepubliceerd artikel is weggelaten, want het klopt niet: \
             kapot.md:1: `title` ontbreekt in de front matter: voeg een regel toe zoals title = "
        ),
        "{nl}"
    );
    assert!(!nl.contains("warning") && !nl.contains("missing"), "{nl}");
    // published again (a new transaction), so the next sync reads it again
    city.server_sql("UPDATE balie.articles SET updated_at = now() WHERE id = 'kapot'");
    let en = stderr(english(city.balie(NOORD)).arg("sync"));
    assert!(
        en.contains(
            "warning: a published article was left out, as it has a mistake: kapot.md:1: \
             missing `title` in the front matter"
        ),
        "{en}"
    );
}
