//! Honest dates, the Kort block, and keeping articles current: versions, reviews, reverts,
//! what `kb check` lists, and the audit log.

use super::*;
use crate::domain::Contact;
use crate::i18n::Lang;
use crate::store::audit::AuditKind;

/// A new-format article file: `facts_from`, no check; `extra` lines are added to the front
/// matter.
pub(crate) fn new_text(id: &str, extra: &str, kort: &str) -> String {
    format!(
        "+++\nid = \"{id}\"\ntitle = \"Huurtoeslag aanvragen\"\naliases = [\"toeslag\"]\n\
         topics = [\"huur\", \"formulieren\"]\nsource = \"Tussenevaluatie Buurtwerkkamers (2017)\"\n\
         facts_from = 2017-03-01\n{extra}+++\n# Huurtoeslag aanvragen\n\n## Kort\n{kort}\n\n\
         ## Achtergrond\nIn 2017 hielpen de buurtwerkkamers vooral met brieven.\n\n## Bron\n- Tussenevaluatie (2017)\n"
    )
}

const KORT: &str = "Help met de aanvraag op de website. Verwijs bij schulden naar **Madi**. \
                    Laat meenemen: huurcontract en inkomen.";

fn parse(text: &str) -> Result<Article, ArticleError> {
    Article::parse("kb/x.md", text, &Config::shipped())
}

#[test]
fn the_new_front_matter_parses_with_a_bare_toml_date_and_round_trips() {
    let a = parse(&new_text("toeslag", "", KORT)).unwrap();
    assert_eq!(a.facts_from, Some(day("2017-03-01")));
    assert_eq!((a.valid_from, a.last_checked), (None, None));
    assert_eq!(a.checked_against, None);
    let checked = parse(&new_text(
        "toeslag",
        "valid_from = 2017-01-01\nlast_checked = 2026-12-03\nchecked_against = \"Belastingdienst.nl, december 2026\"\n",
        KORT,
    ))
    .unwrap();
    assert_eq!(checked.last_checked, Some(day("2026-12-03")));
    assert_eq!(checked.valid_from, Some(day("2017-01-01")));
    assert_eq!(
        checked.checked_against.as_deref(),
        Some("Belastingdienst.nl, december 2026")
    );
    let again = parse(&checked.render()).unwrap();
    assert_eq!(again, checked, "render then parse gives the same article");
    assert!(checked.render().contains("facts_from = 2017-03-01\n"));
}

#[test]
fn an_old_article_still_imports_and_reads_as_facts_of_an_unknown_date() {
    let old = parse(&article_text("geld", &[], BODY)).unwrap();
    assert_eq!(old.facts_from, None);
    assert_eq!(old.last_checked, Some(day("2026-11-25")));
    assert_eq!(
        old.age_line(Lang::Nl),
        "Datum van de feiten onbekend; laatst gecontroleerd op 25-11-2026"
    );
    assert_eq!(
        old.age_line(Lang::En),
        "Facts of unknown date; last checked on 25 Nov 2026"
    );
    let mut store = Store::open_in_memory().unwrap();
    import_articles(&mut store, std::slice::from_ref(&old), now()).unwrap();
    assert_eq!(get(&store, "geld").unwrap().unwrap().article, old);
}

#[test]
fn dates_that_contradict_each_other_or_are_missing_are_refused_with_the_line() {
    let no_date = new_text("toeslag", "", KORT).replace("facts_from = 2017-03-01\n", "");
    let e = parse(&no_date).unwrap_err().to_string();
    assert!(e.contains("missing `facts_from`"), "{e}");
    let e = parse(&new_text(
        "toeslag",
        "checked_against = \"website\"\n",
        KORT,
    ))
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("kb/x.md:8: `checked_against` needs `last_checked`"),
        "{e}"
    );
    let e = parse(&new_text("toeslag", "last_checked = 2016-01-01\n", KORT))
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("kb/x.md:8: `last_checked` (2016-01-01) is before `facts_from`"),
        "{e}"
    );
    let e = parse(&new_text("toeslag", "facts_from = 2017\n", KORT))
        .unwrap_err()
        .to_string();
    assert!(e.contains("duplicate key"), "{e}");
}

#[test]
fn the_age_line_says_how_old_the_facts_are_and_stale_facts_carry_a_warning() {
    let a = parse(&new_text("toeslag", "", KORT)).unwrap();
    assert_eq!(
        a.age_line(Lang::Nl),
        "Feiten uit 2017, sindsdien niet gecontroleerd"
    );
    assert_eq!(a.age_line(Lang::En), "Facts from 2017, not checked since");
    let warning = a.stale_warning(day("2026-12-03"), 2, Lang::Nl).unwrap();
    assert!(
        warning.starts_with("LET OP: deze feiten zijn meer dan 2 jaar oud en nooit gecontroleerd"),
        "{warning}"
    );
    assert_eq!(
        a.warnings(day("2026-12-03"), 2),
        vec![Warning::Stale(day("2017-03-01"))]
    );
    // Two years to the day is not older than two years; 0 turns the warning off.
    assert_eq!(a.stale_warning(day("2019-03-01"), 2, Lang::Nl), None);
    assert!(a.stale_warning(day("2019-03-02"), 2, Lang::Nl).is_some());
    assert_eq!(a.stale_warning(day("2040-01-01"), 0, Lang::Nl), None);

    let mut checked = a.clone();
    checked.last_checked = Some(day("2026-12-03"));
    checked.checked_against = Some("Belastingdienst.nl".into());
    assert_eq!(
        checked.age_line(Lang::Nl),
        "Gecontroleerd op 3-12-2026 tegen Belastingdienst.nl"
    );
    assert_eq!(checked.stale_warning(day("2027-01-01"), 2, Lang::En), None);
    let later = checked
        .stale_warning(day("2029-01-01"), 2, Lang::En)
        .unwrap();
    assert!(
        later.starts_with("WARNING: this article has not been checked for more than 2 years"),
        "{later}"
    );
}

#[test]
fn the_kort_block_is_the_section_under_its_heading_and_its_words_are_counted() {
    let a = parse(&new_text("toeslag", "", KORT)).unwrap();
    let kort = a.kort().unwrap();
    assert_eq!(kort.len(), 1, "{kort:?}");
    assert!(kort[0].text().starts_with("Help met de aanvraag"));
    assert_eq!(markdown::word_count(&kort), 17);
    assert_eq!(
        parse(&article_text("geld", &[], BODY)).unwrap().kort(),
        None
    );
}

fn edited(store: &Store, id: &str, f: impl FnOnce(&mut Article)) -> Article {
    let mut a = get(store, id).unwrap().unwrap().article;
    f(&mut a);
    a
}

#[test]
fn an_edit_keeps_the_text_before_it_is_the_desks_own_and_is_in_the_audit_log() {
    let mut store = shipped_store();
    let shipped = get(&store, "urgentie").unwrap().unwrap();
    assert_eq!(shipped.origin, Origin::Shipped);
    let mine = edited(&store, "urgentie", |a| {
        a.body.push_str("\nBel eerst het buurtteam.\n")
    });
    assert_eq!(
        save_edit(&mut store, &mine, "AB", now()).unwrap(),
        Saved::Version(2)
    );
    assert_eq!(
        save_edit(&mut store, &mine, "AB", now()).unwrap(),
        Saved::Unchanged,
        "saving the same text again stores nothing"
    );
    let stored = get(&store, "urgentie").unwrap().unwrap();
    assert_eq!(stored.origin, Origin::Local);
    assert_eq!(stored.article, mine);
    let h = history(&store, "urgentie").unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!((h[0].version, h[0].change), (1, Change::Before));
    assert_eq!(h[0].origin, Origin::Shipped);
    assert_eq!(h[0].text, shipped.article.render());
    assert_eq!((h[1].change, h[1].volunteer.as_str()), (Change::Edit, "AB"));
    let log = store.audit_entries(None, None).unwrap();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].action, AuditKind::KbEdit);
    assert_eq!(log[0].volunteer, "AB");
    assert_eq!(log[0].detail, "article urgentie version 2");

    // A newer balie shipping another urgentie leaves the desk's version alone.
    let mut next = shipped_articles().unwrap();
    for a in next.iter_mut().filter(|a| a.id == "urgentie") {
        a.body.push_str("\nNieuw in de volgende balie.\n");
    }
    let report = shipped::sync_from(&mut store, &next, "next", now()).unwrap();
    assert_eq!(report.kept_local, vec!["urgentie".to_string()]);
    assert_eq!(get(&store, "urgentie").unwrap().unwrap().article, mine);
}

#[test]
fn revert_goes_back_to_a_version_and_back_to_the_shipped_text_is_shipped_again() {
    let mut store = shipped_store();
    let config = Config::shipped();
    let original = get(&store, "splitsing").unwrap().unwrap().article;
    let v2 = edited(&store, "splitsing", |a| a.title = "Splitsing (ons)".into());
    save_edit(&mut store, &v2, "AB", now()).unwrap();
    let v3 = edited(&store, "splitsing", |a| {
        a.title = "Splitsing (nog eens)".into()
    });
    save_edit(&mut store, &v3, "CD", now()).unwrap();

    assert_eq!(
        revert(&mut store, "splitsing", 2, &config, "EF", now()).unwrap(),
        Saved::Version(4)
    );
    assert_eq!(get(&store, "splitsing").unwrap().unwrap().article, v2);
    assert_eq!(
        revert(&mut store, "splitsing", 2, &config, "EF", now()).unwrap(),
        Saved::Unchanged
    );
    revert(&mut store, "splitsing", 1, &config, "EF", now()).unwrap();
    let back = get(&store, "splitsing").unwrap().unwrap();
    assert_eq!(back.article, original);
    assert_eq!(
        back.origin,
        Origin::Shipped,
        "the shipped text again: newer versions flow in"
    );
    let h = history(&store, "splitsing").unwrap();
    assert_eq!(
        h.iter().map(|v| v.change).collect::<Vec<_>>(),
        [
            Change::Before,
            Change::Edit,
            Change::Edit,
            Change::Revert,
            Change::Revert
        ]
    );
    assert_eq!(h[3].note, "2");
    let reverts: Vec<String> = store
        .audit_entries(None, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditKind::KbRevert)
        .map(|e| e.detail)
        .collect();
    assert_eq!(
        reverts,
        [
            "article splitsing version 4, back to version 2",
            "article splitsing version 5, back to version 1"
        ]
    );
    let e = revert(&mut store, "splitsing", 9, &config, "EF", now()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "article `splitsing` has no version 9; its versions are 1 to 5 (see `balie kb history splitsing`)"
    );
    let e = revert(&mut store, "urgentie", 1, &config, "EF", now()).unwrap_err();
    assert!(e.to_string().contains("never edited here"), "{e}");
}

#[test]
fn a_review_records_who_when_and_against_what_without_changing_the_text() {
    let mut store = Store::open_in_memory().unwrap();
    let a = parse(&new_text("toeslag", "", KORT)).unwrap();
    import_articles(&mut store, std::slice::from_ref(&a), now()).unwrap();
    assert_eq!(
        review(
            &mut store,
            "toeslag",
            "  Belastingdienst.nl, nov 2026 ",
            "AB",
            now()
        )
        .unwrap(),
        Saved::Version(2)
    );
    let r = get(&store, "toeslag").unwrap().unwrap().article;
    assert_eq!(r.last_checked, Some(now().date()));
    assert_eq!(
        r.checked_against.as_deref(),
        Some("Belastingdienst.nl, nov 2026")
    );
    assert_eq!((&r.body, r.facts_from), (&a.body, a.facts_from));
    assert_eq!(
        r.age_line(Lang::Nl),
        "Gecontroleerd op 25-11-2026 tegen Belastingdienst.nl, nov 2026"
    );
    let log = store.audit_entries(None, None).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (&log[0].action, log[0].volunteer.as_str()),
        (&AuditKind::KbReview, "AB")
    );
    assert_eq!(
        log[0].detail,
        "article toeslag version 2, checked against: Belastingdienst.nl, nov 2026"
    );
    assert_eq!(log[0].at, now());
    assert!(matches!(
        review(&mut store, "toeslag", " ", "AB", now()),
        Err(KbError::EmptyReviewSource)
    ));
    assert!(matches!(
        review(&mut store, "bestaat-niet", "x", "AB", now()),
        Err(KbError::NoSuchArticle(_))
    ));
}

#[test]
fn check_puts_the_stale_articles_linked_most_in_the_last_year_first() {
    let mut store = Store::open_in_memory().unwrap();
    let config = Config::shipped();
    let articles: Vec<Article> = ["weinig", "veel", "nooit", "vers"]
        .iter()
        .map(|id| {
            let extra = if *id == "vers" {
                "last_checked = 2026-06-01\nchecked_against = \"x\"\n"
            } else {
                ""
            };
            Article::parse("a.md", &new_text(id, extra, KORT), &config).unwrap()
        })
        .collect();
    import_articles(&mut store, &articles, now()).unwrap();
    let link = |store: &mut Store, id: &str, at: NaiveDateTime| {
        let c = Contact::bare(at, "D", "AB", vec!["huur".into()], at);
        store.insert(&c).unwrap();
        store.link_article(&c.id, id, at).unwrap();
    };
    let recent = now() - chrono::Duration::days(30);
    let long_ago = now() - chrono::Duration::days(400);
    link(&mut store, "weinig", recent);
    for _ in 0..3 {
        link(&mut store, "veel", recent);
        link(&mut store, "nooit", long_ago);
    }
    link(&mut store, "vers", recent);
    let found: Vec<(String, u64)> = check(&store, now(), 2)
        .unwrap()
        .into_iter()
        .map(|r| (r.stored.article.id, r.links))
        .collect();
    assert_eq!(
        found,
        [
            ("veel".to_string(), 3),
            ("weinig".to_string(), 1),
            ("nooit".to_string(), 0)
        ],
        "links older than 12 months do not count; a fresh check is not listed"
    );
}

#[test]
fn check_says_when_the_shipped_text_changed_since_the_desk_edited_it() {
    let mut store = shipped_store();
    let mine = edited(&store, "regiobinding", |a| {
        a.body.push_str("\nOnze aanvulling.\n")
    });
    save_edit(&mut store, &mine, "AB", now()).unwrap();
    // Whether kb check says regiobinding's shipped text changed (None: not listed).
    let listed = |store: &Store| -> Option<bool> {
        check(store, now(), 0)
            .unwrap()
            .into_iter()
            .find(|r| r.stored.article.id == "regiobinding")
            .map(|r| r.shipped_changed)
    };
    assert_ne!(
        listed(&store),
        Some(true),
        "edited from the text this balie ships: nothing changed since"
    );
    // As if the edit was made on the text an older balie shipped.
    store
        .conn()
        .execute(
            "UPDATE articles SET shipped_hash = 'older' WHERE id = 'regiobinding'",
            [],
        )
        .unwrap();
    assert_eq!(listed(&store), Some(true));
}

/// Whether `a` is in the format agreed for shipped articles: `facts_from`, and no claim of a
/// check (`last_checked`, `checked_against`, `review_by`, `valid_from`).
fn new_shipped_format(a: &Article) -> bool {
    a.facts_from.is_some()
        && a.last_checked.is_none()
        && a.checked_against.is_none()
        && a.review_by.is_none()
        && a.valid_from.is_none()
}

/// What is wrong with a shipped article's opening, if anything: the first heading after the
/// title must be `## Kort`, of at most [`markdown::KORT_MAX_WORDS`] words.
fn kort_problem(a: &Article) -> Option<String> {
    let blocks = markdown::blocks(&a.body);
    let first_h2 = blocks
        .iter()
        .find(|b| matches!(b, markdown::Block::Heading { level: 2, .. }))
        .map(|b| b.text());
    if first_h2.as_deref().map(str::trim) != Some(markdown::KORT) {
        return Some(format!(
            "{}: the first heading is {first_h2:?}, not `## Kort`",
            a.id
        ));
    }
    let n = markdown::word_count(&a.kort().unwrap_or_default());
    (n == 0 || n > markdown::KORT_MAX_WORDS)
        .then(|| format!("{}: the Kort block has {n} words", a.id))
}

#[test]
fn the_kort_check_catches_a_missing_late_or_long_block() {
    let good = parse(&new_text("toeslag", "", KORT)).unwrap();
    assert_eq!(kort_problem(&good), None);
    let long = parse(&new_text("toeslag", "", &"woord ".repeat(61))).unwrap();
    assert_eq!(
        kort_problem(&long).as_deref(),
        Some("toeslag: the Kort block has 61 words")
    );
    let late = parse(&article_text(
        "geld",
        &[],
        "# Geld

## Achtergrond
x

## Kort
y
",
    ))
    .unwrap();
    assert!(kort_problem(&late).unwrap().contains("not `## Kort`"));
    assert!(!new_shipped_format(&late));
    assert!(new_shipped_format(&good));
}

/// The shipped set is converted as a whole (branch `kbart`): until then every shipped article
/// is in the old format and this checks that the set is not half converted; once converted,
/// every article must be in the new format and open with a Kort block of at most 60 words.
#[test]
fn every_shipped_article_opens_with_a_short_kort_block_once_the_set_is_in_the_new_format() {
    let articles = shipped_articles().unwrap();
    let (new, old): (Vec<&Article>, Vec<&Article>) =
        articles.iter().partition(|a| a.facts_from.is_some());
    if new.is_empty() {
        eprintln!(
            "note: all {} shipped articles are still in the old format (no facts_from); \
             the Kort check applies once they are converted",
            old.len()
        );
        assert!(old.iter().all(|a| a.last_checked.is_some()));
        return;
    }
    let old_ids: Vec<&str> = old.iter().map(|a| a.id.as_str()).collect();
    assert!(old_ids.is_empty(), "still in the old format: {old_ids:?}");
    let claims: Vec<&str> = new
        .iter()
        .filter(|a| !new_shipped_format(a))
        .map(|a| a.id.as_str())
        .collect();
    assert!(
        claims.is_empty(),
        "shipped articles claiming a check: {claims:?}"
    );
    let problems: Vec<String> = new.iter().filter_map(|a| kort_problem(a)).collect();
    assert!(problems.is_empty(), "{problems:#?}");
}
