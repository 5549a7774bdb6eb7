//! The document's model against the report functions, its escaping, and the empty period.

use chrono::{NaiveDate, NaiveDateTime};

use super::model::year_before;
use super::*;
use crate::config::{Config, SHIPPED};
use crate::domain::{AT_FORMAT, Contact, Kind};
use crate::i18n::Lang;
use crate::report::{Dim, Query, run};

const CONFIG: &str = r#"
[[topics]]
code = "huur"
nl = "Huur <script>alert(1)</script>"
en = "Rent <script>"
group = "wonen"

[[targets]]
year = 2026
name = "Huur & <b>onderhoud</b>"
topics = ["huur", "onderhoud"]
count = "contacts"
value = 40
"#;

fn config(lang: Lang) -> Config {
    let mut c = Config::layered(&[("<shipped>", SHIPPED), ("test.toml", CONFIG)]).unwrap();
    c.lang = lang;
    c
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

struct C {
    when: &'static str,
    desk: &'static str,
    topics: &'static [&'static str],
    kind: Kind,
    landlord: &'static str,
    resident: Option<&'static str>,
    from: Option<&'static str>,
    to: Option<&'static str>,
    signal: Option<&'static str>,
    follow_up: Option<&'static str>,
}

const BASE: C = C {
    when: "2026-05-04 10:00",
    desk: "Noord",
    topics: &["huur"],
    kind: Kind::Kort,
    landlord: "onbekend",
    resident: None,
    from: None,
    to: None,
    signal: None,
    follow_up: None,
};

/// Seven contacts in 2026-T2 at two desks, one in 2025-T2, one in T3.
fn store() -> Store {
    let cs = [
        C {
            topics: &["huur", "onderhoud"],
            kind: Kind::Hulpvraag,
            landlord: "ymere",
            resident: Some("R-01"),
            to: Some("huurteam"),
            signal: Some("Kolenkit <lekt>"),
            follow_up: Some("2026-05-10"),
            ..BASE
        },
        C {
            when: "2026-05-05 11:00",
            resident: Some("R-01"),
            landlord: "particulier",
            from: Some("madi"),
            ..BASE
        },
        C {
            when: "2026-06-01 09:00",
            desk: "Zuidoost",
            topics: &["onderhoud"],
            resident: Some("R-02"),
            signal: Some("Kolenkit <lekt>"),
            follow_up: Some("2026-09-30"),
            kind: Kind::Hulpvraag,
            ..BASE
        },
        C {
            when: "2026-06-02 09:00",
            desk: "Zuidoost",
            topics: &["formulieren"],
            ..BASE
        },
        C {
            when: "2026-07-15 09:00",
            topics: &["formulieren"],
            to: Some("madi"),
            ..BASE
        },
        C {
            when: "2026-08-31 23:59",
            ..BASE
        },
        C {
            when: "2026-05-01 00:00",
            ..BASE
        },
        // a year earlier, and after the period
        C {
            when: "2025-06-01 09:00",
            ..BASE
        },
        C {
            when: "2026-09-01 00:00",
            ..BASE
        },
    ];
    let config = config(Lang::Nl);
    let mut store = Store::open_in_memory().unwrap();
    for c in cs {
        let mut contact = Contact::bare(
            at(c.when),
            c.desk,
            "AB",
            c.topics.iter().map(|t| t.to_string()).collect(),
            at(c.when),
        );
        contact.kind = c.kind;
        contact.landlord = c.landlord.into();
        contact.resident = c.resident.map(Into::into);
        contact.referred_from = c.from.map(Into::into);
        contact.referred_to = c.to.map(Into::into);
        contact.signal = c.signal.map(Into::into);
        contact.follow_up = c.follow_up.map(day);
        contact.note = "Mevrouw Jansen, geheim".into();
        contact.validate(&config).unwrap();
        store.insert(&contact).unwrap();
    }
    store
}

fn opts(today: &str) -> DocumentOptions {
    DocumentOptions {
        period: Period::parse("2026-T2").unwrap(),
        desk: None,
        today: day(today),
    }
}

#[test]
fn the_figures_are_those_of_the_report_functions() {
    let store = store();
    let config = config(Lang::Nl);
    let doc = build(&store, &config, &opts("2026-12-03")).unwrap();
    let s = &doc.summary;
    assert_eq!((s.total.contacts, s.total.residents), (7, 2));
    assert_eq!((s.help_questions, s.short_contacts), (2, 5));
    assert_eq!(s.desks, vec!["Noord", "Zuidoost"]);
    let earlier = s.earlier.as_ref().unwrap();
    assert_eq!(earlier.period.label(), "2025-T2");
    assert_eq!(earlier.total.contacts, 1);

    // Every breakdown row equals the report's row; the rows left out are the zero ones.
    for (dim, b) in [
        (Dim::Desk, doc.desks.as_ref()),
        (Dim::Topic, doc.topics.as_ref()),
        (Dim::LandlordGroup, doc.landlord_groups.as_ref()),
        (Dim::Landlord, doc.landlords.as_ref()),
    ] {
        let b = b.unwrap();
        let q = Query {
            period: doc.period,
            by: vec![dim],
            desk: None,
        };
        let report = run(&store, &config, &q).unwrap();
        assert_eq!(b.total, report.total);
        let nonzero: Vec<_> = report
            .rows
            .iter()
            .filter(|r| r.counts.contacts > 0)
            .collect();
        assert_eq!(b.lines.len(), nonzero.len(), "{dim:?}");
        assert_eq!(b.left_out, report.rows.len() - nonzero.len());
        for (line, row) in b.lines.iter().zip(nonzero) {
            assert_eq!((&line.key, line.counts), (&row.keys[0], row.counts));
        }
    }
    // the contact with two topics counts under both
    let topics = doc.topics.as_ref().unwrap();
    let get = |k: &str| topics.lines.iter().find(|l| l.key == k).unwrap().counts;
    assert_eq!(get("huur").contacts, 4);
    assert_eq!(get("onderhoud").contacts, 2);
    assert_eq!(get("formulieren").contacts, 2);

    // weeks: 2026-W18 (Mon 27 April) to W36 (Mon 31 August), the first partial
    assert_eq!(doc.weeks.first().unwrap().label, "2026-W18");
    assert!(doc.weeks.first().unwrap().partial);
    assert_eq!(doc.weeks.last().unwrap().label, "2026-W36");
    assert_eq!(doc.weeks.iter().map(|w| w.contacts).sum::<u64>(), 7);

    // referrals per partner; the follow-ups of the period's contacts
    let r: Vec<_> = doc
        .referrals
        .iter()
        .map(|r| (r.code.as_str(), r.referred_in, r.referred_out))
        .collect();
    assert!(
        r.contains(&("huurteam", 0, 1)) && r.contains(&("madi", 1, 1)),
        "{r:?}"
    );
    assert_eq!((doc.follow_ups.open, doc.follow_ups.due), (2, 2));
    let early = build(&store, &config, &opts("2026-06-01")).unwrap();
    assert_eq!((early.follow_ups.open, early.follow_ups.due), (2, 1));

    // Targets as they stood at the end of T2 (31 August): the September contact does not count.
    let t = doc.targets.as_ref().unwrap();
    assert_eq!(t.as_of, day("2026-08-31"));
    assert_eq!(t.progress[0].actual, 5);
    // While the period runs, the figures are those of `balie report --targets`.
    let running = build(&store, &config, &opts("2026-06-01")).unwrap();
    let t = running.targets.unwrap();
    let cli =
        crate::report::target_progress(&store, &config, 2026, day("2026-06-01"), None).unwrap();
    assert_eq!(t.progress, cli);

    assert_eq!(doc.signals.len(), 1);
    assert_eq!(doc.signals[0].contacts, 2);
    // the gaps: the topics with contacts, as the gap report counts them
    let gaps = crate::report::kb_gaps(&store, &config, &doc.period, None).unwrap();
    let with: Vec<_> = gaps.iter().filter(|g| g.contacts > 0).collect();
    assert_eq!(doc.kb_gaps.len(), with.len());
    for (mine, theirs) in doc.kb_gaps.iter().zip(with) {
        assert_eq!(
            (&mine.topic, mine.contacts, mine.with_article, mine.articles),
            (
                &theirs.topic,
                theirs.contacts,
                theirs.with_article,
                theirs.articles
            )
        );
    }
}

#[test]
fn one_desk_only_counts_that_desk_and_has_no_desk_table() {
    let store = store();
    let config = config(Lang::Nl);
    let mut o = opts("2026-12-03");
    o.desk = Some("Zuidoost".into());
    let doc = build(&store, &config, &o).unwrap();
    assert_eq!(doc.summary.total.contacts, 2);
    assert_eq!(doc.summary.desks, vec!["Zuidoost"]);
    assert!(doc.desks.is_none());
    assert_eq!(doc.summary.earlier.as_ref().unwrap().total.contacts, 0);
}

#[test]
fn labels_are_escaped_and_notes_and_resident_codes_never_appear() {
    let store = store();
    for lang in [Lang::Nl, Lang::En] {
        let config = config(lang);
        let page = html(
            &store,
            &config,
            &opts("2026-12-03"),
            Some("Hallo <script>x()</script>"),
        )
        .unwrap();
        assert!(!page.contains("<script"), "{lang:?}");
        assert!(page.contains("&lt;script&gt;"));
        assert!(page.contains("Kolenkit &lt;lekt&gt;"));
        assert!(page.contains("Huur &amp; &lt;b&gt;onderhoud&lt;/b&gt;"));
        assert!(!page.contains("Jansen"), "a note leaked");
        assert!(
            !page.contains(">R01<") && !page.contains("\"R01\""),
            "a resident code leaked"
        );
        // nothing from outside: no links to load, no sources, no imports (the SVG namespace
        // is a name, not a load)
        for load in [" src=", "<link", "@import", "url(", "href=\"http"] {
            assert!(!page.contains(load), "{load}");
        }
    }
}

#[test]
fn dutch_by_default_with_dutch_numbers_english_on_request() {
    let store = store();
    let page = html(&store, &config(Lang::Nl), &opts("2026-12-03"), None).unwrap();
    assert!(page.contains("<html lang=\"nl\">"));
    assert!(page.contains("Samenvatting"));
    assert!(page.contains("1 mei 2026 t/m 31 augustus 2026"));
    // 4 of 7 contacts about huur
    assert!(page.contains("57,1%"), "{page}");
    // +6 against one contact a year earlier
    assert!(page.contains("+6 (+600,0%)"));
    let en = html(&store, &config(Lang::En), &opts("2026-12-03"), None).unwrap();
    assert!(en.contains("<html lang=\"en\">") && en.contains("Summary") && en.contains("57.1%"));
    assert!(en.contains("1 May 2026 to 31 August 2026"));
}

#[test]
fn every_section_with_data_is_there_each_with_its_chart() {
    let store = store();
    let page = html(&store, &config(Lang::Nl), &opts("2026-12-03"), None).unwrap();
    for id in [
        "summary",
        "desks",
        "topics",
        "landlord-groups",
        "landlords",
        "weeks",
        "targets",
        "referrals",
        "signals",
        "methods",
    ] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert!(page.contains("id=\"kb-gaps\""));
    // coming back: the two residents of the period, in the words of `report --residents`
    assert!(page.contains("id=\"coming-back\""));
    assert!(page.contains("2 bewoners met een bewonerscode."), "{page}");
    let doc = build(&store, &config(Lang::Nl), &opts("2026-12-03")).unwrap();
    let direct = crate::report::residents::residents(&store, &doc.period, None, false).unwrap();
    assert_eq!(doc.coming_back.total, direct.total);

    // the gaps section as it renders a row
    let mut doc = build(&store, &config(Lang::Nl), &opts("2026-12-03")).unwrap();
    doc.kb_gaps = vec![super::model::KbGap {
        topic: "huur".into(),
        label: "Huur <i>".into(),
        contacts: 1234,
        with_article: 34,
        articles: 2,
    }];
    let page = render::page(&doc, Lang::Nl, None);
    assert!(page.contains("id=\"kb-gaps\""));
    assert!(page.contains(
        "<td>Huur &lt;i&gt;</td><td class=\"n\">1.234</td><td class=\"n\">34</td>\
                           <td class=\"n\">1.200</td><td class=\"n\">2</td>"
    ));
    // desks, topics, landlord groups, landlords, weeks, targets
    assert_eq!(page.matches("<svg class=\"chart").count(), 6);
}

#[test]
fn a_period_without_contacts_says_so_briefly() {
    let store = store();
    let config = config(Lang::Nl);
    let mut o = opts("2026-12-03");
    o.period = Period::parse("2024").unwrap();
    let doc = build(&store, &config, &o).unwrap();
    assert!(doc.is_empty());
    let page = render::page(&doc, Lang::Nl, None);
    assert!(page.contains("In deze periode zijn geen contacten geregistreerd."));
    assert!(!page.contains("<svg"));
    assert!(!page.contains("id=\"summary\""));
    assert!(page.contains("1 januari 2024 t/m 31 december 2024"));
}

#[test]
fn the_same_period_a_year_earlier() {
    let p = |s| Period::parse(s).unwrap();
    assert_eq!(year_before(&p("2026-T2")), Some(p("2025-T2")));
    assert_eq!(year_before(&p("2026-W10")), Some(p("2025-W10")));
    assert_eq!(year_before(&p("2026-11")), Some(p("2025-11")));
    assert_eq!(year_before(&p("2026")), Some(p("2025")));
    // 2026 has a week 53, 2025 has not
    assert_eq!(year_before(&p("2026-W53")), None);
    let r = Period::range(day("2024-02-29"), day("2024-03-10")).unwrap();
    assert_eq!(
        year_before(&r),
        Some(Period::range(day("2023-02-28"), day("2023-03-10")).unwrap())
    );
}

#[test]
fn written_into_a_folder_never_over_an_earlier_file() {
    let store = store();
    let dir = tempfile::TempDir::new().unwrap();
    let config = config(Lang::Nl);
    let first = write_to_folder(&store, &config, &opts("2026-12-03"), dir.path()).unwrap();
    let second = write_to_folder(&store, &config, &opts("2026-12-03"), dir.path()).unwrap();
    assert_eq!(first, dir.path().join("balie-rapport-2026-T2.html"));
    assert_eq!(second, dir.path().join("balie-rapport-2026-T2-2.html"));
    let page = std::fs::read_to_string(&second).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("id=\"topics\""));
}
