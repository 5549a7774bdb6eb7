//! Reports on a small hand-made fixture. Every expected count is worked out by hand in the
//! comments next to it, from the table of contacts in [`fixture`].

use chrono::{NaiveDate, NaiveDateTime};

use super::*;
use crate::config::Config;
use crate::domain::{AT_FORMAT, Contact};
use crate::store::Store;

const A: &str = "Buurtwerkkamer MultiBron";
const B: &str = "WSWonen Noord";

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// One contact: when, desk, topics, resident code; channel and landlord by default.
fn contact(when: &str, desk: &str, topics: &[&str], resident: Option<&str>) -> Contact {
    let mut c = Contact::bare(
        at(when),
        desk,
        "AB",
        topics.iter().map(|t| t.to_string()).collect(),
        at("2027-01-05 09:00"),
    );
    c.resident = resident.map(str::to_string);
    c
}

/// The fixture, by hand:
///
/// | #  | at (local wall time)  | day       | ISO week | desk | topics                | resident | other            |
/// |----|-----------------------|-----------|----------|------|-----------------------|----------|------------------|
/// | 1  | 2026-12-27 23:59      | Sunday    | 2026-W52 | A    | huur                  | R-001    |                  |
/// | 2  | 2026-12-28 00:00      | Monday    | 2026-W53 | A    | huur, onderhoud       | R-001    |                  |
/// | 3  | 2027-01-03 23:59      | Sunday    | 2026-W53 | B    | taal                  |          |                  |
/// | 4  | 2027-01-04 00:00      | Monday    | 2027-W01 | A    | formulieren           |          |                  |
/// | 5  | 2026-03-29 01:30      | Sunday*   | 2026-W13 | A    | schulden              | R-002    | channel telefoon |
/// | 6  | 2026-03-29 03:30      | Sunday*   | 2026-W13 | B    | schulden, formulieren | R-002    |                  |
/// | 7  | 2026-03-30 00:00      | Monday    | 2026-W14 | A    | taal                  |          |                  |
/// | 8  | 2026-10-25 02:30      | Sunday**  | 2026-W43 | A    | klussen               |          | landlord ymere   |
/// | 9  | 2026-10-25 02:30      | Sunday**  | 2026-W43 | A    | klussen               | R-003    | landlord ymere   |
/// | 10 | 2026-10-26 00:00      | Monday    | 2026-W44 | B    | huur                  |          | landlord particulier |
///
/// \* 29 March 2026: clocks go forward at 02:00; 01:30 and 03:30 are one hour apart.
/// \*\* 25 October 2026: clocks go back at 03:00; 02:30 happens twice (contacts 8 and 9).
fn fixture() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let config = Config::shipped();
    let mut all = vec![
        contact("2026-12-27 23:59", A, &["huur"], Some("R-001")),
        contact("2026-12-28 00:00", A, &["huur", "onderhoud"], Some("R-001")),
        contact("2027-01-03 23:59", B, &["taal"], None),
        contact("2027-01-04 00:00", A, &["formulieren"], None),
        contact("2026-03-29 01:30", A, &["schulden"], Some("R-002")),
        contact(
            "2026-03-29 03:30",
            B,
            &["schulden", "formulieren"],
            Some("R-002"),
        ),
        contact("2026-03-30 00:00", A, &["taal"], None),
        contact("2026-10-25 02:30", A, &["klussen"], None),
        contact("2026-10-25 02:30", A, &["klussen"], Some("R-003")),
        contact("2026-10-26 00:00", B, &["huur"], None),
    ];
    all[4].channel = "telefoon".into();
    all[7].landlord = "ymere".into();
    all[8].landlord = "ymere".into();
    all[9].landlord = "particulier".into();
    for mut c in all {
        c.validate(&config).unwrap();
        store.insert(&c).unwrap();
    }
    store
}

fn report(store: &Store, period: &str, by: &[Dim], desk: Option<&str>) -> Report {
    let q = Query {
        period: Period::parse(period).unwrap(),
        by: by.to_vec(),
        desk: desk.map(str::to_string),
    };
    run(store, &Config::shipped(), &q).unwrap()
}

fn counts(contacts: u64, residents: u64) -> Counts {
    Counts {
        contacts,
        residents,
    }
}

/// The non-zero rows as (keys joined with `/`, contacts).
fn nonzero(r: &Report) -> Vec<(String, u64)> {
    r.rows
        .iter()
        .filter(|r| r.counts.contacts > 0)
        .map(|r| (r.keys.join("/"), r.counts.contacts))
        .collect()
}

fn pairs(v: &[(&str, u64)]) -> Vec<(String, u64)> {
    v.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

#[test]
fn a_report_by_ten_dimensions_counts_every_contact_once() {
    let store = fixture();
    // `column` names each kind once, so a kind missing from ALL shows up here
    let mut names: Vec<&str> = Dim::ALL.iter().map(|d| d.column()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), Dim::ALL.len());
    // Ten dimensions used to run past the tally's key of nine (a panic). The closed ones with
    // short lists, so the grid of zeros stays small.
    let by = [
        Dim::Desk,
        Dim::Volunteer,
        Dim::Signal,
        Dim::ReferredTo,
        Dim::ReferredFrom,
        Dim::Kind,
        Dim::Week,
        Dim::Month,
        Dim::LandlordGroup,
        Dim::Channel,
    ];
    let r = report(&store, "2026-W53", &by, None);
    assert_eq!(r.total, counts(2, 1));
    assert!(r.rows.iter().all(|row| row.keys.len() == by.len()));
    let counted: u64 = r.rows.iter().map(|row| row.counts.contacts).sum();
    assert_eq!(counted, 2);
}

#[test]
fn week_53_holds_monday_28_december_to_sunday_3_january() {
    let store = fixture();
    // 2026-W53 = 28 Dec 2026 .. 3 Jan 2027: contacts 2 (Mon 00:00) and 3 (Sun 23:59).
    let r = report(&store, "2026-W53", &[], None);
    assert_eq!(
        (r.period.from(), r.period.to()),
        (day("2026-12-28"), day("2027-01-03"))
    );
    // Residents: contact 2 has R-001, contact 3 none -> 1.
    assert_eq!(r.total, counts(2, 1));
    // Contact 1 (Sun 27 Dec 23:59) is the last of W52; contact 4 (Mon 4 Jan 00:00) the first
    // of 2027-W01.
    assert_eq!(report(&store, "2026-W52", &[], None).total, counts(1, 1));
    assert_eq!(report(&store, "2027-W01", &[], None).total, counts(1, 0));
    // W53 split by month: contact 2 in December, contact 3 in January.
    let by_month = report(&store, "2026-W53", &[Dim::Month], None);
    assert_eq!(nonzero(&by_month), pairs(&[("2026-12", 1), ("2027-01", 1)]));
}

#[test]
fn sunday_23_59_and_monday_00_00_fall_in_different_weeks() {
    let store = fixture();
    // Over 2026-12-21 .. 2027-01-10, by week: W52 {1}, W53 {2, 3}, 2027-W01 {4}.
    let mut q = Query::new(Period::range(day("2026-12-21"), day("2027-01-10")).unwrap());
    q.by = vec![Dim::Week];
    let r = run(&store, &Config::shipped(), &q).unwrap();
    assert_eq!(
        nonzero(&r),
        pairs(&[("2026-W52", 1), ("2026-W53", 2), ("2027-W01", 1)])
    );
    // The same boundary in spring: contacts 5 and 6 (Sunday 29 March) in W13, 7 (Monday) in W14.
    assert_eq!(report(&store, "2026-W13", &[], None).total.contacts, 2);
    assert_eq!(report(&store, "2026-W14", &[], None).total.contacts, 1);
}

#[test]
fn daylight_saving_weekends_keep_contacts_on_their_day() {
    let store = fixture();
    // 29 March 2026 (clocks forward): contacts 5 (01:30) and 6 (03:30) on the Sunday; contact 7
    // at Monday 00:00 on the Monday. Residents on the Sunday: R-002 twice -> 1.
    assert_eq!(report(&store, "2026-03-29", &[], None).total, counts(2, 1));
    assert_eq!(report(&store, "2026-03-30", &[], None).total, counts(1, 0));
    assert_eq!(report(&store, "2026-03-28", &[], None).total, counts(0, 0));
    // 25 October 2026 (clocks back): both 02:30 contacts (8, 9) on the Sunday, contact 10 on
    // the Monday; none spills over.
    assert_eq!(report(&store, "2026-10-25", &[], None).total, counts(2, 1));
    assert_eq!(report(&store, "2026-10-26", &[], None).total, counts(1, 0));
    assert_eq!(report(&store, "2026-10-24", &[], None).total, counts(0, 0));
    assert_eq!(
        report(&store, "2026-W43", &[Dim::Topic], None).get(&["klussen"]),
        Some(counts(2, 1))
    );
}

#[test]
fn a_multi_topic_contact_counts_under_each_topic_and_once_in_the_total() {
    let store = fixture();
    // Year 2026 = contacts 1, 2, 5, 6, 7, 8, 9, 10 (3 and 4 are in January 2027): 8 contacts.
    // Residents: R-001 (1, 2), R-002 (5, 6), R-003 (9) -> 3.
    let r = report(&store, "2026", &[Dim::Topic], None);
    assert_eq!(r.total, counts(8, 3));
    // huur: 1, 2, 10 = 3 (residents R-001 -> 1); onderhoud: 2 = 1; schulden: 5, 6 = 2;
    // formulieren: 6 = 1; taal: 7 = 1; klussen: 8, 9 = 2.
    assert_eq!(r.get(&["huur"]), Some(counts(3, 1)));
    assert_eq!(r.get(&["onderhoud"]), Some(counts(1, 1)));
    assert_eq!(r.get(&["schulden"]), Some(counts(2, 1)));
    assert_eq!(r.get(&["formulieren"]), Some(counts(1, 1)));
    assert_eq!(r.get(&["taal"]), Some(counts(1, 0)));
    assert_eq!(r.get(&["klussen"]), Some(counts(2, 1)));
    // The topic rows add up to 10 mentions, two more than the 8 contacts: contacts 2 and 6
    // have two topics each.
    let mentions: u64 = r.rows.iter().map(|r| r.counts.contacts).sum();
    assert_eq!(mentions, 10);
    // Every visible topic has a row, in config order, zeros included.
    let config = Config::shipped();
    let visible: Vec<&str> = config
        .topics
        .iter()
        .filter(|t| !t.hidden)
        .map(|t| t.code.as_str())
        .collect();
    let codes: Vec<&str> = r.rows.iter().map(|r| r.keys[0].as_str()).collect();
    assert_eq!(codes, visible);
    assert_eq!(r.get(&["splitsing"]), Some(counts(0, 0)));
}

#[test]
fn the_desk_filter_counts_one_desk_only() {
    let store = fixture();
    // Desk B in 2026: contacts 6 and 10 -> 2 contacts, 1 resident. Contact 3 is 2027.
    let r = report(&store, "2026", &[Dim::Topic], Some(B));
    assert_eq!(r.total, counts(2, 1));
    assert_eq!(
        nonzero(&r),
        pairs(&[("huur", 1), ("formulieren", 1), ("schulden", 1)])
    );
    // By desk over 2026: A has 1, 2, 5, 7, 8, 9 = 6; B has 6, 10 = 2. Only desks that occur.
    let by_desk = report(&store, "2026", &[Dim::Desk], None);
    assert_eq!(nonzero(&by_desk), pairs(&[(A, 6), (B, 2)]));
    assert_eq!(by_desk.rows.len(), 2);
}

#[test]
fn resident_codes_count_distinct_residents() {
    let store = fixture();
    // T1 2026 (Jan-Apr): contacts 5, 6, 7; R-002 twice -> 1 resident.
    assert_eq!(report(&store, "2026-T1", &[], None).total, counts(3, 1));
    // T2: nothing. T3 (Sep-Dec): 8, 9, 10, 1, 2 -> 5 contacts; R-003, R-001 -> 2 residents.
    assert_eq!(report(&store, "2026-T2", &[], None).total, counts(0, 0));
    assert!(!report(&store, "2026-T2", &[], None).residents_used());
    assert_eq!(report(&store, "2026-T3", &[], None).total, counts(5, 2));
    // Q1 (Jan-Mar) = contacts 5, 6 and 7 (30 March); R-002 -> 1 resident. H2 = T3 here.
    assert_eq!(report(&store, "2026-Q1", &[], None).total, counts(3, 1));
    assert_eq!(report(&store, "2026-H2", &[], None).total, counts(5, 2));
    // 2027-01 has contacts 3 and 4, neither with a code.
    let jan = report(&store, "2027-01", &[Dim::Topic], None);
    assert_eq!(jan.total, counts(2, 0));
    assert!(!jan.residents_used());
}

#[test]
fn other_dimensions_use_codes_and_fixed_lists() {
    let store = fixture();
    // Landlord groups in 2026: ymere (8, 9) -> corporatie 2; particulier (10) 1; the other
    // five default to `onbekend`; koop 0 but listed.
    let r = report(&store, "2026", &[Dim::LandlordGroup], None);
    assert_eq!(
        r.rows
            .iter()
            .map(|r| (r.keys[0].as_str(), r.counts.contacts))
            .collect::<Vec<_>>(),
        vec![
            ("corporatie", 2),
            ("particulier", 1),
            ("koop", 0),
            ("onbekend", 5)
        ]
    );
    // Channel: telefoon 1 (contact 5), inloop 7.
    let r = report(&store, "2026", &[Dim::Channel], None);
    assert_eq!(nonzero(&r), pairs(&[("inloop", 7), ("telefoon", 1)]));
    // Kind: all eight `kort`; `hulpvraag` listed with 0.
    let r = report(&store, "2026", &[Dim::Kind], None);
    assert_eq!(r.rows.len(), 2);
    assert_eq!(r.get(&["kort"]), Some(counts(8, 3)));
    assert_eq!(r.get(&["hulpvraag"]), Some(counts(0, 0)));
    // Volunteer: all AB.
    assert_eq!(
        nonzero(&report(&store, "2026", &[Dim::Volunteer], None)),
        pairs(&[("AB", 8)])
    );
}

#[test]
fn a_week_by_topic_grid_over_the_year() {
    let store = fixture();
    let r = report(&store, "2026", &[Dim::Week, Dim::Topic], None);
    let config = Config::shipped();
    let topics = config.topics.iter().filter(|t| !t.hidden).count();
    // 53 weeks (W01 starts 29 Dec 2025) x every visible topic.
    assert_eq!(r.rows.len(), 53 * topics);
    assert_eq!(
        r.rows[0].keys,
        vec!["2026-W01".to_string(), config.topics[0].code.clone()]
    );
    // W53 inside the year 2026 holds only contact 2 (28 Dec): huur 1, onderhoud 1; contact 3
    // (3 Jan 2027) is outside the year.
    assert_eq!(
        nonzero(&r),
        pairs(&[
            ("2026-W13/formulieren", 1),
            ("2026-W13/schulden", 2),
            ("2026-W14/taal", 1),
            ("2026-W43/klussen", 2),
            ("2026-W44/huur", 1),
            ("2026-W52/huur", 1),
            ("2026-W53/onderhoud", 1),
            ("2026-W53/huur", 1),
        ])
    );
}

#[test]
fn a_dimension_given_twice_is_refused() {
    let store = fixture();
    let mut q = Query::new(Period::Year(2026));
    q.by = vec![Dim::Topic, Dim::Week, Dim::Topic];
    let e = run(&store, &Config::shipped(), &q).unwrap_err();
    assert_eq!(e.to_string(), "--by topic is given twice");
}

#[test]
fn an_empty_period_still_lists_every_topic_with_zero() {
    let store = Store::open_in_memory().unwrap();
    let r = report(&store, "2026-W47", &[Dim::Topic], None);
    assert_eq!(r.total, counts(0, 0));
    assert!(!r.rows.is_empty());
    assert!(r.rows.iter().all(|r| r.counts.contacts == 0));
    // Desks are only listed when they occur.
    assert!(
        report(&store, "2026-W47", &[Dim::Desk, Dim::Topic], None)
            .rows
            .is_empty()
    );
}

fn with_targets() -> Config {
    let extra = "\
[[targets]]
year = 2026
name = \"Formulieren\"
topics = [\"formulieren\", \"schulden\"]
count = \"residents\"
value = 4

[[targets]]
year = 2026
name = \"Wonen\"
topics = [\"huur\", \"onderhoud\"]
count = \"contacts\"
value = 10

[[targets]]
year = 2027
name = \"Later\"
topics = [\"taal\"]
count = \"contacts\"
value = 5
";
    Config::layered(&[("shipped", crate::config::SHIPPED), ("desk.toml", extra)]).unwrap()
}

#[test]
fn targets_show_actual_percentage_and_pace() {
    let store = fixture();
    let config = with_targets();
    // Today 2 July 2026 = day 183 of 365.
    let p = target_progress(&store, &config, 2026, day("2026-07-02"), None).unwrap();
    assert_eq!(p.len(), 2, "only the 2026 targets");
    // Formulieren: contacts with formulieren or schulden in 2026 are 5 and 6, both R-002
    // -> 1 resident of 4 = 25%. Pace: 4 * 183 / 365 = 2.005 -> 2; behind by 1.
    assert_eq!(p[0].name, "Formulieren");
    assert_eq!(p[0].actual, 1);
    assert_eq!(p[0].percent, 25.0);
    assert_eq!((p[0].days_elapsed, p[0].days_in_year), (183, 365));
    assert_eq!(p[0].expected_by_today, 2);
    assert_eq!(p[0].ahead(), -1);
    // Wonen: contacts with huur or onderhoud in 2026 are 1, 2, 10 -> 3 (contact 2 has both
    // topics and counts once) of 10 = 30%. Pace: 10 * 183 / 365 = 5.01 -> 5; behind by 2.
    assert_eq!(p[1].actual, 3);
    assert_eq!(p[1].percent, 30.0);
    assert_eq!(p[1].expected_by_today, 5);
    assert_eq!(p[1].ahead(), -2);
    // After the year the pace is the full target; before it, zero.
    let after = target_progress(&store, &config, 2026, day("2027-02-01"), None).unwrap();
    assert_eq!(after[1].expected_by_today, 10);
    let before = target_progress(&store, &config, 2026, day("2025-12-31"), None).unwrap();
    assert_eq!(before[1].expected_by_today, 0);
    // Desk B selected: the city-wide Wonen still counts every desk, never B's 1 against the
    // city's 10.
    let b = target_progress(&store, &config, 2026, day("2026-07-02"), Some(B)).unwrap();
    assert_eq!((b[1].actual, b[1].desk.as_deref()), (3, None));
    // A target that names desk B counts B's contacts (Wonen: contact 10 -> 1), whichever
    // desk is selected; with another desk selected it is not shown.
    let desk_b = format!(
        "[[targets]]\nyear = 2026\nname = \"Wonen B\"\ndesk = \"{B}\"\ntopics = [\"huur\", \"onderhoud\"]\ncount = \"contacts\"\nvalue = 10\n"
    );
    let config_b =
        Config::layered(&[("shipped", crate::config::SHIPPED), ("desk.toml", &desk_b)]).unwrap();
    for desk in [None, Some(B)] {
        let p = target_progress(&store, &config_b, 2026, day("2026-07-02"), desk).unwrap();
        assert_eq!(
            (p[0].actual, p[0].desk.as_deref()),
            (1, Some(B)),
            "{desk:?}"
        );
    }
    let other =
        target_progress(&store, &config_b, 2026, day("2026-07-02"), Some("elders")).unwrap();
    assert!(other.is_empty());
    // 2027: `Later` counts taal contacts in 2027: contact 3 -> 1 of 5.
    let later = target_progress(&store, &config, 2027, day("2027-01-05"), None).unwrap();
    assert_eq!((later.len(), later[0].actual), (1, 1));
    assert!((later[0].ratio() - 0.2).abs() < 1e-9);
}

#[test]
fn the_overview_gives_topics_weeks_and_targets() {
    let store = fixture();
    let config = with_targets();
    let w53 = Period::parse("2026-W53").unwrap();
    let topics = topic_counts(&store, &config, &w53, None).unwrap();
    let get = |code: &str| topics.iter().find(|t| t.code == code).map(|t| t.contacts);
    // W53: contact 2 (huur, onderhoud), contact 3 (taal).
    assert_eq!(
        (get("huur"), get("onderhoud"), get("taal"), get("klussen")),
        (Some(1), Some(1), Some(1), Some(0))
    );
    // 12 weeks ending with 2027-W01, oldest first: 2026-W43 has 8, 9; W44 has 10; W52 has 1;
    // W53 has 2, 3; 2027-W01 has 4.
    let end = Period::parse("2027-W01").unwrap();
    let weeks = recent_weeks(&store, &config, &end, 12, None).unwrap();
    assert_eq!(weeks.len(), 12);
    assert_eq!(weeks[0].week, "2026-W43");
    assert_eq!(weeks[0].from, day("2026-10-19"));
    assert_eq!(weeks[11].week, "2027-W01");
    let got: Vec<(&str, u64)> = weeks
        .iter()
        .filter(|w| w.contacts > 0)
        .map(|w| (w.week.as_str(), w.contacts))
        .collect();
    assert_eq!(
        got,
        vec![
            ("2026-W43", 2),
            ("2026-W44", 1),
            ("2026-W52", 1),
            ("2026-W53", 2),
            ("2027-W01", 1)
        ]
    );
    // A month ends in the week holding its last day: 2026-10 ends Sat 31 Oct, in W44.
    let oct = recent_weeks(&store, &config, &Period::parse("2026-10").unwrap(), 2, None).unwrap();
    assert_eq!(
        oct.iter()
            .map(|w| (w.week.as_str(), w.contacts))
            .collect::<Vec<_>>(),
        vec![("2026-W43", 2), ("2026-W44", 1)]
    );
    let o = overview(
        &store,
        &config,
        &Period::Year(2026),
        Some(A),
        day("2026-07-02"),
    )
    .unwrap();
    // Desk A in 2026: contacts 1, 2, 5, 7, 8, 9 = 6; residents, R-003 = 3.
    assert_eq!(o.total, counts(6, 3));
    assert_eq!(o.weeks.last().unwrap().week, "2026-W53");
    assert_eq!(o.targets.len(), 2);
}

#[test]
fn sqlite_iso_weeks_agree_with_chrono_for_twenty_years() {
    // The week dimension is computed in SQL (strftime %G-W%V, SQLite 3.46+); it must match
    // the ISO weeks periods are made of, on every day, at the first and last minute.
    let store = Store::open_in_memory().unwrap();
    let mut stmt = store
        .conn()
        .prepare("SELECT strftime('%G-W%V', ?1)")
        .unwrap();
    let mut d = day("2015-01-01");
    while d <= day("2035-12-31") {
        for time in ["00:00", "23:59"] {
            let at = format!("{d} {time}");
            let sql: String = stmt.query_row([&at], |r| r.get(0)).unwrap();
            assert_eq!(sql, period::iso_week_label(d), "{at}");
        }
        d = d.succ_opt().unwrap();
    }
}

/// The query plan of the report `q`'s read, one detail per line.
fn plan(store: &Store, q: &Query) -> String {
    let (scope, fields) = tally::tallied(q);
    store.tallied_plan(&scope, &fields)
}

#[test]
fn reports_and_exports_read_through_the_indexes() {
    let store = fixture();
    let mut q = Query::new(Period::Year(2026));
    q.by = vec![Dim::Week, Dim::Topic];
    let p = plan(&store, &q);
    assert!(
        p.contains("SEARCH c USING INDEX contacts_at (at>? AND at<?)"),
        "{p}"
    );
    assert!(
        p.contains("SEARCH t USING PRIMARY KEY (contact_id=?)"),
        "{p}"
    );
    assert!(!p.contains("TEMP B-TREE"), "{p}");
    q.desk = Some(B.to_string());
    let p = plan(&store, &q);
    assert!(
        p.contains("USING INDEX contacts_desk_at (desk=? AND at>? AND at<?)"),
        "{p}"
    );
    let opts = export::ExportOptions {
        period: Some(Period::Year(2026)),
        ..Default::default()
    };
    let p = store.exported_plan(&opts.scope());
    assert!(
        p.contains("SEARCH c USING INDEX contacts_at (at>? AND at<?)"),
        "{p}"
    );
    assert!(
        p.contains("SEARCH contact_topics USING PRIMARY KEY (contact_id=?)"),
        "{p}"
    );
}
