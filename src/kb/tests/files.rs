//! Parsing, import and export of article files.

use std::path::Path;

use super::*;

fn parse(text: &str) -> Result<Article, ArticleError> {
    Article::parse("kb/geld.md", text, &Config::shipped())
}

fn error(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn count(store: &Store) -> usize {
    list(store).unwrap().len()
}

#[test]
fn a_good_file_parses_every_field() {
    let a = parse(&article_text(
        "geld",
        &[("valid_until", "\"2030-12-31\"")],
        BODY,
    ))
    .unwrap();
    assert_eq!(a.id, "geld");
    assert_eq!(a.title, "Financiële hulp bij één brief");
    assert_eq!(a.aliases, vec!["geldzorgen", "brief van de gemeente"]);
    assert_eq!(a.topics, vec!["schulden", "formulieren"]);
    assert_eq!(
        a.source,
        "Tussenevaluatie Buurtwerkkamers Amsterdam Zuidoost (2017)"
    );
    assert_eq!(a.valid_from, Some(day("2017-01-01")));
    assert_eq!(a.valid_until, Some(day("2030-12-31")));
    assert_eq!(a.last_checked, Some(day("2026-11-25")));
    assert_eq!(a.review_by, Some(day("2027-11-25")));
    assert_eq!(a.body, BODY);
}

#[test]
fn optional_fields_may_be_left_out_and_dates_may_be_bare() {
    let a = parse(&article_text(
        "geld",
        &[
            ("review_by", ""),
            ("aliases", ""),
            ("valid_from", "2017-01-01"),
        ],
        BODY,
    ))
    .unwrap();
    assert_eq!((a.review_by, a.valid_until), (None, None));
    assert!(a.aliases.is_empty());
    assert_eq!(a.valid_from, Some(day("2017-01-01")));
}

#[test]
fn broken_front_matter_names_the_file_line() {
    // Line 1 is +++, so the front matter's line 3 is the file's line 4. The unclosed list
    // on line 4 is noticed where the next key starts, on line 5.
    let text = article_text("geld", &[("aliases", "[\"geldzorgen\", \"brief\"")], BODY);
    let e = error(&text);
    assert!(e.starts_with("kb/geld.md:5: front matter:"), "{e}");
    let e = error(&text.replace("title = ", "title "));
    assert!(e.starts_with("kb/geld.md:3: front matter:"), "{e}");
    let e = error("# Geen front matter\n");
    assert!(
        e.starts_with("kb/geld.md:1: the file must start with a line `+++`"),
        "{e}"
    );
    let e = error("+++\nid = \"geld\"\n# nooit gesloten\n");
    assert!(
        e.starts_with("kb/geld.md:1:") && e.contains("never closed"),
        "{e}"
    );
    let e = error(&article_text("geld", &[("colour", "\"rood\"")], BODY));
    assert!(
        e.starts_with("kb/geld.md:10: front matter: unknown field `colour`"),
        "{e}"
    );
}

#[test]
fn each_field_mistake_has_its_own_message_and_line() {
    let e = error(&article_text("geld", &[("title", "")], BODY));
    assert_eq!(
        e,
        "kb/geld.md:1: missing `title` in the front matter: add a line like title = \"Van groot naar beter\""
    );
    let e = error(&article_text("geld", &[("title", "\"  \"")], BODY));
    assert_eq!(
        e,
        "kb/geld.md:3: `title` is empty: every article needs a title"
    );
    let e = error(&article_text(
        "geld",
        &[("topics", "[\"schulden\",\n  \"schuldn\"]")],
        BODY,
    ));
    assert!(
        e.starts_with("kb/geld.md:6: unknown topic `schuldn`; did you mean `schulden`?"),
        "{e}"
    );
    let e = error(&article_text("geld", &[("topics", "[]")], BODY));
    assert!(e.starts_with("kb/geld.md:5: `topics` is empty"), "{e}");
    let e = error(&article_text("Geld Zaken", &[], BODY));
    assert!(
        e.starts_with("kb/geld.md:2: id `Geld Zaken` is not a slug") && e.contains("`geld-zaken`"),
        "{e}"
    );
    let e = error(&article_text("geld--zaken", &[], BODY));
    assert!(e.contains("is not a slug"), "{e}");
    let e = error(&article_text(
        "geld",
        &[("valid_from", "\"2019-13-01\"")],
        BODY,
    ));
    assert!(
        e.starts_with("kb/geld.md:7: `valid_from` is \"2019-13-01\", which is not a date"),
        "{e}"
    );
    let e = error(&article_text(
        "geld",
        &[("review_by", "\"1-1-2027\"")],
        BODY,
    ));
    assert!(e.starts_with("kb/geld.md:9: `review_by`"), "{e}");
    let e = error(&article_text("geld", &[("last_checked", "2026")], BODY));
    assert!(
        e.starts_with("kb/geld.md:8: `last_checked` must be a date"),
        "{e}"
    );
    let e = error(&article_text(
        "geld",
        &[("valid_until", "\"2016-01-01\"")],
        BODY,
    ));
    assert!(
        e.starts_with("kb/geld.md:10: `valid_until` (2016-01-01) is before `valid_from`"),
        "{e}"
    );
    let e = error(&article_text("geld", &[("source", "")], BODY));
    assert!(e.starts_with("kb/geld.md:1: missing `source`"), "{e}");
    let e = error(&article_text("geld", &[], "\n  \n"));
    assert!(
        e.starts_with("kb/geld.md:10: the article has no text"),
        "{e}"
    );
}

#[test]
fn render_and_parse_round_trip_tricky_text() {
    let mut a = parse(&article_text("geld", &[], BODY)).unwrap();
    a.title = "Quote \" backslash \\ tab\t and ĳ".into();
    a.aliases = vec!["a, b".into(), "'single'".into(), "\u{7f}ctl".into()];
    a.source = "Bron: \"rapport\" (2019)\\n".into();
    a.body = "Windows\r\nregels\r\n\n+++ niet het einde\n".into();
    a.review_by = None;
    let text = a.render();
    assert_eq!(parse(&text).unwrap(), a, "{text}");
    // Every shipped article survives a round trip too.
    for shipped in shipped_articles().unwrap() {
        assert_eq!(parse(&shipped.render()).unwrap(), shipped);
    }
}

#[test]
fn importing_a_good_file_stores_it_as_local() {
    let mut store = shipped_store();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "geld.md", &article_text("geld", &[], BODY));
    let report = import(
        &mut store,
        &dir.path().join("geld.md"),
        &Config::shipped(),
        now(),
    )
    .unwrap();
    assert_eq!(
        report,
        ImportReport {
            added: 1,
            updated: 0,
            unchanged: 0
        }
    );
    let got = get(&store, "geld").unwrap().unwrap();
    assert_eq!(got.origin, Origin::Local);
    assert_eq!(got.article.title, "Financiële hulp bij één brief");
    // and it is searchable at once, in a reloaded searcher
    let mut s = Searcher::load(&store).unwrap();
    assert_eq!(s.search(&store, "geldzorgen", 5).unwrap()[0].id, "geld");
}

#[test]
fn importing_the_same_files_twice_changes_nothing() {
    let mut store = shipped_store();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "geld.md", &article_text("geld", &[], BODY));
    write(
        dir.path(),
        "brief.md",
        &article_text("brief", &[("title", "\"Een brief\"")], BODY),
    );
    let config = Config::shipped();
    import(&mut store, dir.path(), &config, now()).unwrap();
    let before = list(&store).unwrap();
    let later = now() + chrono::Duration::days(1);
    let report = import(&mut store, dir.path(), &config, later).unwrap();
    assert_eq!(
        report,
        ImportReport {
            added: 0,
            updated: 0,
            unchanged: 2
        }
    );
    assert_eq!(list(&store).unwrap(), before, "not even updated_at changed");

    // A changed file updates its article, matched by id.
    write(
        dir.path(),
        "brief.md",
        &article_text("brief", &[("title", "\"Een andere brief\"")], BODY),
    );
    let report = import(&mut store, dir.path(), &config, later).unwrap();
    assert_eq!(
        report,
        ImportReport {
            added: 0,
            updated: 1,
            unchanged: 1
        }
    );
    assert_eq!(
        get(&store, "brief").unwrap().unwrap().article.title,
        "Een andere brief"
    );
}

#[test]
fn a_folder_with_one_bad_file_imports_nothing() {
    let mut store = shipped_store();
    let before = list(&store).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a-goed.md", &article_text("goed", &[], BODY));
    write(
        dir.path(),
        "b-fout.md",
        &article_text("fout", &[("topics", "[\"fietsen\"]")], BODY),
    );
    write(
        dir.path(),
        "c-goed.md",
        &article_text("ook-goed", &[], BODY),
    );
    write(dir.path(), "notities.txt", "not an article");
    write(dir.path(), ".verborgen.md", "not an article either");
    let e = import(&mut store, dir.path(), &Config::shipped(), now())
        .unwrap_err()
        .to_string();
    let bad = dir.path().join("b-fout.md").display().to_string();
    assert!(
        e.starts_with(&format!("{bad}:5: unknown topic `fietsen`")),
        "{e}"
    );
    assert_eq!(e.lines().count(), 1, "only the bad file is named: {e}");
    assert_eq!(list(&store).unwrap(), before);

    // Every bad file is listed, and a duplicate id is one of them.
    write(dir.path(), "d-dubbel.md", &article_text("goed", &[], BODY));
    write(
        dir.path(),
        "e-leeg.md",
        &article_text("leeg", &[("title", "")], BODY),
    );
    let e = import(&mut store, dir.path(), &Config::shipped(), now())
        .unwrap_err()
        .to_string();
    assert_eq!(e.lines().count(), 3, "{e}");
    assert!(
        e.contains("d-dubbel.md:2: id `goed` is also used by"),
        "{e}"
    );
    assert!(e.contains("e-leeg.md:1: missing `title`"), "{e}");
    assert_eq!(count(&store), before.len());
}

#[test]
fn an_empty_folder_or_a_missing_path_is_an_error() {
    let mut store = Store::open_in_memory().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let e = import(&mut store, dir.path(), &Config::shipped(), now()).unwrap_err();
    assert!(matches!(e, KbError::NoArticles { .. }), "{e}");
    let e = import(
        &mut store,
        &dir.path().join("nope.md"),
        &Config::shipped(),
        now(),
    )
    .unwrap_err();
    assert!(matches!(e, KbError::Read { .. }), "{e}");
    write(dir.path(), "latin1.md", "");
    std::fs::write(
        dir.path().join("latin1.md"),
        b"+++\nid = \"caf\xe9\"\n+++\n",
    )
    .unwrap();
    let e = import(&mut store, dir.path(), &Config::shipped(), now())
        .unwrap_err()
        .to_string();
    assert!(e.contains("latin1.md:1: the file is not UTF-8"), "{e}");
}

#[test]
fn export_then_import_is_lossless() {
    let mut store = shipped_store();
    let config = Config::shipped();
    let extra = parse(&article_text(
        "geld",
        &[("valid_until", "\"2030-01-01\""), ("review_by", "")],
        BODY,
    ))
    .unwrap();
    import_articles(&mut store, &[extra], now()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gedeeld").join("kb");
    let written = export(&store, &out).unwrap();
    let stored: Vec<Article> = list(&store)
        .unwrap()
        .into_iter()
        .map(|a| a.article)
        .collect();
    assert_eq!(written.len(), stored.len());
    assert!(
        written
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "md"))
    );

    // Read back: identical articles.
    assert_eq!(read_articles(&out, &config).unwrap(), stored);
    // Into the same store: nothing changes, shipped articles stay shipped.
    let report = import(&mut store, &out, &config, now()).unwrap();
    assert_eq!(report.unchanged, stored.len());
    assert!(
        list(&store)
            .unwrap()
            .iter()
            .any(|a| a.origin == Origin::Shipped)
    );
    // Into another desk's store: the same articles.
    let mut other = Store::open_in_memory().unwrap();
    import(&mut other, &out, &config, now()).unwrap();
    let theirs: Vec<Article> = list(&other)
        .unwrap()
        .into_iter()
        .map(|a| a.article)
        .collect();
    assert_eq!(theirs, stored);
}

#[test]
fn control_characters_in_an_article_are_refused_with_the_line() {
    let text = article_text(
        "geld",
        &[],
        "Eerste regel.\n\nDan \x1b]0;titel\x07 en meer.\n",
    );
    let e = parse(&text).unwrap_err().to_string();
    assert!(e.contains("control character (U+001B)"), "{e}");
    let line = text.lines().position(|l| l.contains('\x1b')).unwrap() + 1;
    assert!(e.contains(&format!(":{line}:")), "{e}");
}

#[test]
fn an_article_over_the_size_limit_is_refused() {
    let body = "Een lange regel tekst over huur.\n".repeat(9_000);
    let e = parse(&article_text("geld", &[], &body))
        .unwrap_err()
        .to_string();
    assert!(e.contains("holds at most 256 KiB"), "{e}");
}

#[cfg(unix)]
#[test]
fn kb_export_never_follows_a_planted_link_and_writes_owner_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let store = shipped_store();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("kb");
    let written = export(&store, &out).unwrap();
    for p in &written {
        let mode = std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", p.display());
    }
    // plant a link where the next export writes its first article
    let outside = dir.path().join("buiten.txt");
    std::fs::write(&outside, b"van iemand anders").unwrap();
    std::fs::remove_file(&written[0]).unwrap();
    std::os::unix::fs::symlink(&outside, &written[0]).unwrap();
    let e = export(&store, &out).unwrap_err();
    let e = format!("{e}: {}", std::error::Error::source(&e).unwrap());
    assert!(e.contains("symbolic link"), "{e}");
    assert_eq!(std::fs::read(&outside).unwrap(), b"van iemand anders");
}
