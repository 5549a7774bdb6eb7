//! Loading the shipped articles and refreshing them without touching a desk's own.

use super::*;
use crate::kb::shipped::sync_from;

#[test]
fn the_shipped_articles_are_valid_and_name_their_source_and_year() {
    let articles = shipped_articles().unwrap();
    assert!(articles.len() >= 20, "{}", articles.len());
    let mut ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), articles.len(), "ids are unique");
    for a in &articles {
        assert!(
            a.source.chars().filter(char::is_ascii_digit).count() >= 4,
            "{}: {}",
            a.id,
            a.source
        );
        assert!(!a.aliases.is_empty(), "{} has no aliases", a.id);
        assert!(
            a.facts_from.is_some(),
            "{} does not say when its facts are from",
            a.id
        );
    }
}

#[test]
fn first_run_loads_every_shipped_article_and_the_next_run_does_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let report = sync_shipped(&mut store, now()).unwrap();
    let n = shipped_articles().unwrap().len();
    assert_eq!((report.added, report.updated, report.removed), (n, 0, 0));
    assert!(
        list(&store)
            .unwrap()
            .iter()
            .all(|a| a.origin == Origin::Shipped)
    );
    assert_eq!(
        store
            .setting(crate::store::Setting::KbShippedHash.key())
            .unwrap()
            .as_deref(),
        Some(SHIPPED_HASH)
    );
    let again = sync_shipped(&mut store, now()).unwrap();
    assert!(again.unchanged, "{again:?}");
}

#[test]
fn a_newer_binary_refreshes_shipped_articles_but_never_a_desk_s_own() {
    let mut store = shipped_store();
    let mut shipped = shipped_articles().unwrap();

    // The desk edits one shipped article and writes its own.
    let mut edited = get(&store, "urgentie").unwrap().unwrap().article;
    edited
        .body
        .push_str("\nOnze desk: bel eerst het wijkteam.\n");
    save_local(&mut store, &edited, now()).unwrap();
    let own = Article::parse(
        "eigen.md",
        &article_text("eigen", &[], BODY),
        &Config::shipped(),
    )
    .unwrap();
    import_articles(&mut store, std::slice::from_ref(&own), now()).unwrap();
    // Someone edited a row by hand: content no longer matches what was shipped.
    store
        .conn()
        .execute(
            "UPDATE articles SET content_hash = 'x' WHERE id = 'regiobinding'",
            [],
        )
        .unwrap();

    // The next binary ships new versions of urgentie, splitsing and regiobinding, and stops
    // shipping woningdelen and statushouders.
    for a in shipped
        .iter_mut()
        .filter(|a| ["urgentie", "splitsing", "regiobinding"].contains(&a.id.as_str()))
    {
        a.last_checked = Some(day("2027-06-01"));
        a.body.push_str("\nNieuw in deze versie.\n");
    }
    shipped.retain(|a| a.id != "woningdelen" && a.id != "statushouders");
    // statushouders was edited here, so it stays.
    let mut mine = get(&store, "statushouders").unwrap().unwrap().article;
    mine.title = "Statushouders (onze aanvulling)".into();
    save_local(&mut store, &mine, now()).unwrap();

    let report = sync_from(&mut store, &shipped, "next-version", now()).unwrap();
    assert_eq!(report.updated, 1, "{report:?}");
    assert_eq!(report.removed, 1, "{report:?}");
    let mut kept = report.kept_local.clone();
    kept.sort();
    assert_eq!(kept, vec!["regiobinding", "urgentie"]);

    assert_eq!(
        get(&store, "urgentie").unwrap().unwrap().article,
        edited,
        "the desk's edit stays"
    );
    assert_eq!(
        get(&store, "urgentie").unwrap().unwrap().origin,
        Origin::Local
    );
    let splitsing = get(&store, "splitsing").unwrap().unwrap();
    assert!(splitsing.article.body.ends_with("Nieuw in deze versie.\n"));
    assert_eq!(splitsing.origin, Origin::Shipped);
    assert!(
        !get(&store, "regiobinding")
            .unwrap()
            .unwrap()
            .article
            .body
            .contains("Nieuw")
    );
    assert_eq!(
        get(&store, "woningdelen").unwrap(),
        None,
        "no longer shipped, not edited: removed"
    );
    assert_eq!(get(&store, "statushouders").unwrap().unwrap().article, mine);
    assert_eq!(get(&store, "eigen").unwrap().unwrap().article, own);
    // The search index follows: the removed article is gone, the new text is found.
    let mut s = Searcher::load(&store).unwrap();
    assert!(
        s.search(&store, "woningdelen", 10)
            .unwrap()
            .iter()
            .all(|h| h.id != "woningdelen")
    );
    assert!(
        s.search(&store, "nieuw in deze versie", 10)
            .unwrap()
            .iter()
            .any(|h| h.id == "splitsing")
    );
    assert_eq!(
        store
            .setting(crate::store::Setting::KbShippedHash.key())
            .unwrap()
            .as_deref(),
        Some("next-version")
    );
}

#[test]
fn a_local_copy_identical_to_the_shipped_version_becomes_shipped_again() {
    let mut store = shipped_store();
    let original = get(&store, "urgentie").unwrap().unwrap().article;
    save_local(&mut store, &original, now()).unwrap();
    assert_eq!(
        get(&store, "urgentie").unwrap().unwrap().origin,
        Origin::Local
    );
    sync_from(&mut store, &shipped_articles().unwrap(), "again", now()).unwrap();
    assert_eq!(
        get(&store, "urgentie").unwrap().unwrap().origin,
        Origin::Shipped
    );
}
