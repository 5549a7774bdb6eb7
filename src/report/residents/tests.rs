//! The figures on coming back, on a distribution worked out by hand, and on a real store
//! where their total must equal the distinct residents of `balie report`.

use std::collections::HashSet;

use chrono::NaiveDateTime;

use super::*;
use crate::config::Config;
use crate::domain::{AT_FORMAT, Contact};
use crate::report::{Period, Query};

fn visit(resident: Option<&str>, topics: &[&str], minutes: Option<u32>) -> Visit {
    Visit {
        desk: "A".into(),
        resident: resident.map(str::to_string),
        topics: topics.iter().map(|t| t.to_string()).collect(),
        minutes,
    }
}

/// 100 residents: 40 come once, 30 twice, 20 four times, 10 twelve times; and 7 contacts
/// without a code.
///
/// | group            | residents | contacts each | topics over their contacts        | services |
/// |------------------|-----------|---------------|-----------------------------------|----------|
/// | once             | 40        | 1             | formulieren                       | 1        |
/// | twice, one topic | 15        | 2             | formulieren, formulieren          | 1        |
/// | twice, two       | 15        | 2             | formulieren, taal                 | 2        |
/// | four, three      | 10        | 4             | formulieren, taal, computer, form.| 3        |
/// | four, one        | 10        | 4             | taal x4                           | 1        |
/// | twelve           | 10        | 12            | klussen + formulieren, 30 min each| 2        |
///
/// Contacts: 40 + 60 + 80 + 120 = 300, over 100 residents: mean 3; the 50th and 51st of the
/// sorted counts are both 2: median 2. Services: 1 = 40 + 15 + 10 = 65, 2 = 15 + 10 = 25,
/// 3+ = 10. Minutes: only the twelve-timers, 12 x 30 = 360 each.
fn distribution() -> Vec<Visit> {
    let mut v = Vec::new();
    let code = |i: usize| format!("K-{i:04}");
    for i in 0..40 {
        v.push(visit(Some(&code(i)), &["formulieren"], None));
    }
    for i in 40..55 {
        v.push(visit(Some(&code(i)), &["formulieren"], None));
        // the same resident written another way
        v.push(visit(
            Some(&code(i).replace('-', "").to_lowercase()),
            &["formulieren"],
            None,
        ));
    }
    for i in 55..70 {
        v.push(visit(Some(&code(i)), &["formulieren"], None));
        v.push(visit(Some(&code(i).replace('-', " ")), &["taal"], None));
    }
    for i in 70..80 {
        for t in ["formulieren", "taal", "computer", "formulieren"] {
            v.push(visit(Some(&code(i)), &[t], None));
        }
    }
    for i in 80..90 {
        for _ in 0..4 {
            v.push(visit(Some(&code(i)), &["taal"], None));
        }
    }
    for i in 90..100 {
        for _ in 0..12 {
            v.push(visit(Some(&code(i)), &["klussen", "formulieren"], Some(30)));
        }
    }
    for _ in 0..7 {
        v.push(visit(None, &["taal"], Some(10)));
    }
    v
}

#[test]
fn every_cell_of_a_known_distribution() {
    // The previous period saw residents 0-24 (all back now) and five who did not come back.
    let mut previous: HashSet<String> = (0..25)
        .map(|i| resident_key(&format!("K-{i:04}")))
        .collect();
    previous.extend((0..5).map(|i| format!("OLD{i}")));
    let f = figures(&distribution(), &previous);
    assert_eq!(f.residents, 100);
    assert_eq!(f.by_contacts, [40, 30, 20, 0, 10]);
    assert_eq!(f.by_services, [65, 25, 10]);
    let combos: Vec<(String, u64)> = f
        .combinations
        .iter()
        .map(|(c, n)| (c.join("+"), *n))
        .collect();
    assert_eq!(
        combos,
        [
            ("formulieren+taal".to_string(), 15),
            ("computer+formulieren+taal".to_string(), 10),
            ("formulieren+klussen".to_string(), 10),
        ]
    );
    assert_eq!(f.moments_mean, 3.0);
    assert_eq!(f.moments_median, 2.0);
    assert_eq!(f.minutes_per_resident, Some(360.0));
    assert_eq!(f.previous_residents, 30);
    assert_eq!(f.returned, 25);
    assert_eq!(f.without_code, 7);
    // The buckets add up to the residents.
    assert_eq!(f.by_contacts.iter().sum::<u64>(), f.residents);
    assert_eq!(f.by_services.iter().sum::<u64>(), f.residents);
}

#[test]
fn one_code_in_three_spellings_is_one_resident() {
    for spelling in ["K-0042", "k0042", "K 0042", " k-00 42 "] {
        assert_eq!(resident_key(spelling), "K0042", "{spelling:?}");
    }
}

#[test]
fn the_median_of_an_even_count_is_the_middle_pair_averaged() {
    let v = [
        visit(Some("A1"), &["taal"], None),
        visit(Some("B1"), &["taal"], None),
        visit(Some("B1"), &["taal"], None),
        visit(Some("B1"), &["taal"], None),
    ];
    let f = figures(&v, &HashSet::new());
    assert_eq!((f.moments_mean, f.moments_median), (2.0, 2.0));
    assert_eq!(f.minutes_per_resident, None);
}

#[test]
fn the_csv_measures_are_the_documented_ones_in_order() {
    let f = figures(&distribution(), &HashSet::new());
    let rows: Vec<String> = f
        .measures()
        .iter()
        .map(|m| format!("{},{},{}", m.measure, m.bucket, m.value))
        .collect();
    assert_eq!(
        rows,
        [
            "residents,,100",
            "contacts,1,40",
            "contacts,2,30",
            "contacts,3-5,20",
            "contacts,6-10,0",
            "contacts,>10,10",
            "services,1,65",
            "services,2,25",
            "services,3+,10",
            "combination,formulieren+taal,15",
            "combination,computer+formulieren+taal,10",
            "combination,formulieren+klussen,10",
            "moments_mean,,3",
            "moments_median,,2",
            "minutes_per_resident,,360",
            "previous_residents,,0",
            "returned,,0",
            "without_code,,7",
        ]
    );
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
}

/// Contacts in November 2026 at two desks, and October for the previous period.
fn store() -> Store {
    let config = Config::shipped();
    let mut store = Store::open_in_memory().unwrap();
    // at, desk, topics, resident code, minutes
    type Row<'a> = (
        &'a str,
        &'a str,
        &'a [&'a str],
        Option<&'a str>,
        Option<u32>,
    );
    let rows: &[Row] = &[
        ("2026-10-05 10:00", "A", &["huur"], Some("R-001"), None),
        ("2026-10-06 10:00", "A", &["huur"], Some("R-009"), None),
        ("2026-10-06 11:00", "B", &["taal"], Some("R-002"), None),
        ("2026-11-02 10:00", "A", &["huur"], Some("R-001"), Some(20)),
        (
            "2026-11-03 10:00",
            "A",
            &["formulieren"],
            Some("R-001"),
            Some(40),
        ),
        (
            "2026-11-04 10:00",
            "B",
            &["taal", "computer"],
            Some("R-001"),
            None,
        ),
        ("2026-11-05 10:00", "B", &["taal"], Some("R-002"), None),
        ("2026-11-06 10:00", "B", &["taal"], None, None),
        ("2026-12-01 10:00", "B", &["taal"], Some("R-003"), None),
    ];
    for (when, desk, topics, resident, minutes) in rows {
        let mut c = Contact::bare(
            at(when),
            desk,
            "AB",
            topics.iter().map(|t| t.to_string()).collect(),
            at("2026-12-05 09:00"),
        );
        c.resident = resident.map(str::to_string);
        c.minutes = *minutes;
        c.validate(&config).unwrap();
        store.insert(&c).unwrap();
    }
    store
}

#[test]
fn a_month_from_the_store_all_desks_and_per_desk() {
    let store = store();
    let period = Period::parse("2026-11").unwrap();
    let r = residents(&store, &period, None, true).unwrap();
    assert_eq!(r.previous, Period::parse("2026-10").unwrap());
    // R-001 (3 contacts: huur, formulieren, taal+computer) and R-002 (1: taal).
    assert_eq!(r.total.residents, 2);
    assert_eq!(r.total.by_contacts, [1, 0, 1, 0, 0]);
    assert_eq!(r.total.by_services, [1, 0, 1]);
    assert_eq!(r.total.without_code, 1);
    // October; came back.
    assert_eq!((r.total.previous_residents, r.total.returned), (3, 2));
    assert_eq!(r.total.minutes_per_resident, Some(60.0));
    let desks: Vec<&str> = r.desks.iter().map(|(d, _)| d.as_str()).collect();
    assert_eq!(desks, ["A", "B"]);
    let (a, b) = (&r.desks[0].1, &r.desks[1].1);
    // At A: R-001 twice (huur, formulieren); October at A.
    assert_eq!((a.residents, a.by_contacts[1], a.by_services[1]), (1, 1, 1));
    assert_eq!((a.previous_residents, a.returned), (2, 1));
    // At B: R-001 once (taal+computer), R-002 once (taal), one contact without a code.
    assert_eq!((b.residents, b.by_contacts[0], b.without_code), (2, 2, 1));
    assert_eq!((b.previous_residents, b.returned), (1, 1));

    // The total equals the distinct residents `balie report` counts for the same scope.
    let counted = crate::report::run(&store, &Config::shipped(), &Query::new(period)).unwrap();
    assert_eq!(counted.total.residents, r.total.residents);
    let one = residents(&store, &period, Some("B"), false).unwrap();
    assert_eq!(one.total.residents, 2);
    assert!(one.desks.is_empty());
}

fn distribution_report() -> ResidentsReport {
    let mut previous: HashSet<String> = (0..25)
        .map(|i| resident_key(&format!("K-{i:04}")))
        .collect();
    previous.extend((0..5).map(|i| format!("OLD{i}")));
    let period = Period::parse("2026-11").unwrap();
    ResidentsReport {
        period,
        previous: period.prev(),
        desk: None,
        total: figures(&distribution(), &previous),
        desks: Vec::new(),
    }
}

#[test]
fn the_table_says_it_in_plain_dutch() {
    let mut out = Vec::new();
    write_table(&mut out, &Config::shipped(), &distribution_report()).unwrap();
    let text = String::from_utf8(out).unwrap();
    let expected = "\
Terugkomen: 2026-11 (2026-11-01 .. 2026-11-30), alle balies; vergeleken met 2026-10 (2026-10-01 .. 2026-10-31)

100 bewoners met een bewonerscode.

Hoe vaak kwamen ze?
  1 keer            40   40%
  2 keer            30   30%
  3-5 keer          20   20%
  6-10 keer          0    0%
  meer dan 10 keer  10   10%
Ongeveer een derde kwam drie keer of vaker (30 van de 100).

Hoeveel diensten gebruikten ze?
  1 dienst    65   65%
  2 diensten  25   25%
  3 of meer   10   10%
Ongeveer een derde gebruikte twee of meer diensten (35 van de 100).
Een dienst is een onderwerp: wie voor formulieren en voor taal kwam, gebruikte er twee.

Meest voorkomende combinaties
  Formulieren en post + Taal                         15   15%
  Computer en internet + Formulieren en post + Taal  10   10%
  Formulieren en post + Klussendienst                10   10%

Contactmomenten per bewoner: gemiddeld 3, mediaan 2.
Minuten per bewoner: gemiddeld 360, over de 10 bewoners bij wie minuten zijn genoteerd.
Van de 30 bewoners van 2026-10 kwamen er 25 terug (83%).
Let op: 7 contacten zonder bewonerscode tellen in geen van deze cijfers mee.
";
    assert_eq!(text, expected);
}

#[test]
fn the_table_in_english_and_a_period_without_residents() {
    let mut config = Config::shipped();
    config.lang = crate::i18n::Lang::En;
    let mut out = Vec::new();
    write_table(&mut out, &config, &distribution_report()).unwrap();
    let text = String::from_utf8(out).unwrap();
    for line in [
        "Coming back: 2026-11 (2026-11-01 .. 2026-11-30), all desks; compared with 2026-10",
        "  more than 10 times  10   10%",
        "About a third came three times or more (30 of 100).",
        "About a third used two or more services (35 of 100).",
        "Contact moments per resident: mean 3, median 2.",
        "Of the 30 residents of 2026-10, 25 came back (83%).",
        "Note: 7 contacts without a resident code are not in any of these figures.",
    ] {
        assert!(text.contains(line), "{line:?} not in:\n{text}");
    }
    let empty = ResidentsReport {
        total: figures(&[visit(None, &["taal"], None)], &HashSet::new()),
        ..distribution_report()
    };
    let mut out = Vec::new();
    write_table(&mut out, &config, &empty).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("No contacts with a resident code in this period."),
        "{text}"
    );
    assert!(
        text.contains("2026-10 had no residents with a code."),
        "{text}"
    );
    assert!(
        text.contains("Note: 1 contact without a resident code"),
        "{text}"
    );
    assert!(!text.contains("How often"), "{text}");
}
