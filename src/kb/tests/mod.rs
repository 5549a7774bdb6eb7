//! Knowledge-base tests, each on a fresh in-memory database.

mod files;
mod keep;
mod matcher;
mod ranking;
mod sync;

/// nucleo-matcher, the engine the ranking tests compare with the shipped one.
#[path = "../../../benches/support/nucleo.rs"]
mod nucleo;

use chrono::{NaiveDate, NaiveDateTime};

use super::*;
use crate::config::Config;
use crate::kb::matcher::Matcher;

pub(super) fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-25 11:42:00", "%Y-%m-%d %H:%M:%S").unwrap()
}

pub(super) fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A store with the shipped articles loaded.
pub(super) fn shipped_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let report = sync_shipped(&mut store, now()).unwrap();
    assert!(report.added >= 20, "{report:?}");
    store
}

/// A valid article file; `fields` replaces or adds front matter lines by key.
pub(super) fn article_text(id: &str, fields: &[(&str, &str)], body: &str) -> String {
    let mut lines: Vec<(String, String)> = [
        ("id", format!("\"{id}\"")),
        ("title", "\"Financiële hulp bij één brief\"".to_string()),
        (
            "aliases",
            "[\"geldzorgen\", \"brief van de gemeente\"]".to_string(),
        ),
        ("topics", "[\"schulden\", \"formulieren\"]".to_string()),
        (
            "source",
            "\"Tussenevaluatie Buurtwerkkamers Amsterdam Zuidoost (2017)\"".to_string(),
        ),
        ("valid_from", "\"2017-01-01\"".to_string()),
        ("last_checked", "\"2026-11-25\"".to_string()),
        ("review_by", "\"2027-11-25\"".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for (k, v) in fields {
        match lines.iter_mut().find(|(key, _)| key == k) {
            Some(line) => line.1 = v.to_string(),
            None => lines.push((k.to_string(), v.to_string())),
        }
    }
    let mut text = String::from("+++\n");
    for (k, v) in lines.iter().filter(|(_, v)| !v.is_empty()) {
        text.push_str(&format!("{k} = {v}\n"));
    }
    text.push_str("+++\n");
    text.push_str(body);
    text
}

pub(super) const BODY: &str = "# Financiële hulp\n\n**Let op:** uit 2017; controleer of het nog zo is.\n\n\
                               - Help met de **formulieren**.\n- Verwijs naar [schuldhulp](https://example.org/schuldhulp).\n";

#[test]
#[ignore = "exploration: Q=\"schimel,urgntie\" cargo test --lib kb::tests::explore -- --ignored --nocapture"]
fn explore() {
    let store = shipped_store();
    let mut s = Searcher::load(&store).unwrap();
    let q = std::env::var("Q").unwrap_or_default();
    for q in q.split(',') {
        println!("== {q}");
        for h in s.search(&store, q, 8).unwrap() {
            println!(
                "{:5} {:?} {:40} {}",
                h.score,
                h.tier,
                h.id,
                h.snippet.marked("[", "]")
            );
        }
    }
}

#[test]
fn the_bundled_sqlite_has_fts5_with_diacritics_folding() {
    let store = Store::open_in_memory().unwrap();
    let n: i64 = store
        .conn()
        .query_row("SELECT sqlite_compileoption_used('ENABLE_FTS5')", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(n, 1);
    let mut store = store;
    let a = Article::parse("a.md", &article_text("geld", &[], BODY), &Config::shipped()).unwrap();
    import_articles(&mut store, &[a], now()).unwrap();
    let n: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"financiele\" \"een\"'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1, "financiele finds financiële and een finds één");
}

#[test]
fn warnings_follow_the_dates() {
    let mut a =
        Article::parse("a.md", &article_text("geld", &[], BODY), &Config::shipped()).unwrap();
    assert_eq!(
        a.warnings(day("2027-11-25"), 2),
        vec![],
        "the review day itself is still current"
    );
    assert_eq!(
        a.warnings(day("2027-11-26"), 2),
        vec![Warning::ReviewOverdue(day("2027-11-25"))]
    );
    a.valid_until = Some(day("2026-12-31"));
    assert_eq!(
        a.warnings(day("2028-01-01"), 2),
        vec![
            Warning::Expired(day("2026-12-31")),
            Warning::ReviewOverdue(day("2027-11-25"))
        ]
    );
    assert_eq!(
        a.warnings(day("2016-06-01"), 2),
        vec![Warning::NotYetValid(day("2017-01-01"))]
    );
}

#[test]
fn check_lists_only_expired_and_overdue_articles_and_not_future_ones() {
    let mut store = Store::open_in_memory().unwrap();
    let config = Config::shipped();
    let current = Article::parse("a.md", &article_text("actueel", &[], BODY), &config).unwrap();
    let overdue = Article::parse(
        "b.md",
        &article_text("te-laat", &[("review_by", "\"2026-01-01\"")], BODY),
        &config,
    )
    .unwrap();
    let expired = Article::parse(
        "c.md",
        &article_text("verlopen", &[("valid_until", "\"2025-12-31\"")], BODY),
        &config,
    )
    .unwrap();
    let future = Article::parse(
        "d.md",
        &article_text("straks", &[("valid_from", "\"2027-01-01\"")], BODY),
        &config,
    )
    .unwrap();
    import_articles(&mut store, &[current, overdue, expired, future], now()).unwrap();
    let found: Vec<(String, Vec<Warning>)> = check(&store, now(), 2)
        .unwrap()
        .into_iter()
        .map(|r| (r.stored.article.id, r.warnings))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "te-laat".to_string(),
                vec![Warning::ReviewOverdue(day("2026-01-01"))]
            ),
            (
                "verlopen".to_string(),
                vec![Warning::Expired(day("2025-12-31"))]
            ),
        ]
    );
}

#[test]
fn linked_articles_keep_their_order_and_survive_a_missing_article() {
    use crate::domain::Contact;
    let mut store = shipped_store();
    let c = Contact::bare(
        now(),
        "Buurtwerkkamer MultiBron",
        "AB",
        vec!["huur".into()],
        now(),
    );
    store.insert(&c).unwrap();
    assert!(store.link_article(&c.id, "urgentie", now()).unwrap());
    let later = now() + chrono::Duration::minutes(1);
    assert_eq!(
        store
            .link_articles(&c.id, &["splitsing", "urgentie"], later)
            .unwrap(),
        1
    );
    assert!(
        !store.link_article(&c.id, "splitsing", later).unwrap(),
        "already linked"
    );
    let linked = linked_articles(&store, &c.id).unwrap();
    assert_eq!(
        linked.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
        vec!["urgentie", "splitsing"]
    );
    assert_eq!(
        linked[0].title.as_deref(),
        Some("Urgentie (voorrang op een woning)")
    );

    // An unknown article links nothing, not even the valid ones before it.
    let e = store
        .link_articles(&c.id, &["woningdelen", "bestaat-niet"], later)
        .unwrap_err();
    assert!(e.to_string().contains("bestaat-niet"), "{e}");
    assert_eq!(store.linked_article_ids(&c.id).unwrap().len(), 2);
    let e = store
        .link_article(&crate::domain::ContactId::new(), "urgentie", later)
        .unwrap_err();
    assert!(
        matches!(e, crate::store::StoreError::NoSuchContact(_)),
        "{e}"
    );

    // A link outlives its article; the title is then unknown.
    store
        .conn()
        .execute("DELETE FROM articles WHERE id = 'splitsing'", [])
        .unwrap();
    let linked = linked_articles(&store, &c.id).unwrap();
    assert_eq!(
        linked[1],
        Linked {
            id: "splitsing".into(),
            title: None
        }
    );

    assert!(store.unlink_article(&c.id, "urgentie").unwrap());
    assert!(!store.unlink_article(&c.id, "urgentie").unwrap());
    // Deleting the contact deletes its links.
    store.delete(&c.id, "AB", later).unwrap();
    let links: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM contact_articles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(links, 0);
}
