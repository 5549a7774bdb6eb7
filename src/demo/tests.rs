//! Tests of the demo generator: determinism, the shape of the data, and refusing real data.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDateTime, Timelike, Weekday};

use super::*;
use crate::domain::AT_FORMAT;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
}

/// A Thursday afternoon.
const NOW: &str = "2026-11-19 15:30";

fn spec(contacts: u64, seed: u64) -> Spec {
    Spec {
        contacts,
        desks: None,
        years: Spec::default_years(contacts),
        seed,
        now: at(NOW),
    }
}

fn make(config: &Config, spec: &Spec) -> Vec<Contact> {
    Generator::new(config, spec).unwrap().collect()
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole as f64
}

#[test]
fn the_same_seed_makes_the_same_contacts_ids_included() {
    let config = Config::shipped();
    let a = make(&config, &spec(3_000, 7));
    let b = make(&config, &spec(3_000, 7));
    assert_eq!(a.len(), 3_000);
    assert_eq!(a, b);
    let c = make(&config, &spec(3_000, 8));
    assert_ne!(a, c, "another seed makes other contacts");
    let ids: HashSet<_> = a.iter().map(|c| &c.id).collect();
    assert_eq!(ids.len(), a.len(), "ids are unique");
}

#[test]
fn contacts_come_oldest_first_and_end_today_before_now() {
    let config = Config::shipped();
    let contacts = make(&config, &spec(5_000, 1));
    assert!(
        contacts
            .windows(2)
            .all(|w| (w[0].at, &w[0].id) <= (w[1].at, &w[1].id))
    );
    let now = at(NOW);
    let last = contacts.last().unwrap();
    assert_eq!(last.at.date(), now.date(), "the demo ends today");
    assert!(contacts.iter().all(|c| c.at < now && c.created_at <= now));
    let first = contacts[0].at.date();
    assert!(
        first > now.date() - chrono::Months::new(12),
        "one year for 5,000 contacts"
    );
    assert!(contacts.iter().all(|c| (9..17).contains(&c.at.hour())));
}

#[test]
fn a_clock_before_opening_time_puts_nothing_today() {
    let config = Config::shipped();
    let mut s = spec(2_000, 3);
    s.now = at("2026-11-19 08:15");
    let contacts = make(&config, &s);
    assert_eq!(contacts.len(), 2_000);
    assert!(contacts.iter().all(|c| c.at.date() < s.now.date()));
}

#[test]
fn twenty_thousand_contacts_look_like_the_seed_reports() {
    let config = Config::shipped();
    let mut contacts = make(&config, &spec(20_000, 42));
    let n = contacts.len();
    assert_eq!(n, 20_000);
    for c in &mut contacts {
        let before = c.clone();
        c.validate(&config).unwrap();
        assert_eq!(*c, before, "made-up contacts are already normalised");
    }

    // Landlords: 68% private, 20% corporations (spread over them), 1% owners, 11% unknown.
    let group_of = |code: &str| config.landlord(code).unwrap().group.clone();
    let mut groups: HashMap<String, usize> = HashMap::new();
    let mut corporations: HashSet<&str> = HashSet::new();
    for c in &contacts {
        let g = group_of(&c.landlord);
        if g == "corporatie" {
            corporations.insert(&c.landlord);
        }
        *groups.entry(g).or_default() += 1;
    }
    for (group, target) in [
        ("particulier", 0.68),
        ("corporatie", 0.20),
        ("koop", 0.01),
        ("onbekend", 0.11),
    ] {
        let got = share(groups.get(group).copied().unwrap_or(0), n);
        assert!(
            (got - target).abs() < 0.02,
            "{group}: {got:.3}, expected about {target}"
        );
    }
    assert_eq!(corporations.len(), 7, "every corporation gets tenants");

    // About three short contacts to one help question; minutes only on help questions.
    let hulp = contacts
        .iter()
        .filter(|c| c.kind == Kind::Hulpvraag)
        .count();
    let ratio = (n - hulp) as f64 / hulp as f64;
    assert!((2.7..3.3).contains(&ratio), "kort:hulpvraag is {ratio:.2}");
    assert!(
        contacts
            .iter()
            .all(|c| c.minutes.is_some() == (c.kind == Kind::Hulpvraag))
    );

    // Weekdays carry the work: weekends together under 3%, Friday below Tuesday.
    let on = |d: Weekday| contacts.iter().filter(|c| c.at.weekday() == d).count();
    let weekend = share(on(Weekday::Sat) + on(Weekday::Sun), n);
    assert!(weekend < 0.03, "weekend share {weekend:.3}");
    assert!(
        on(Weekday::Fri) * 3 < on(Weekday::Tue) * 2,
        "Friday is quieter"
    );
    // Mornings peak at 10, lunch is quiet.
    let at_hour = |h: u32| contacts.iter().filter(|c| c.at.hour() == h).count();
    assert!(at_hour(10) > at_hour(12) * 3 / 2);

    // About one in five is about more than one topic, never the same topic twice.
    let multi = share(contacts.iter().filter(|c| c.topics.len() > 1).count(), n);
    assert!(
        (0.17..0.23).contains(&multi),
        "multi-topic share {multi:.3}"
    );

    // Channels: mostly walk-in and phone.
    let walk_or_phone = contacts
        .iter()
        .filter(|c| c.channel == "inloop" || c.channel == "telefoon")
        .count();
    assert!(share(walk_or_phone, n) > 0.65);

    // Resident codes on about 30%, and residents come back.
    let coded: Vec<&str> = contacts
        .iter()
        .filter_map(|c| c.resident.as_deref())
        .collect();
    let coded_share = share(coded.len(), n);
    assert!(
        (0.25..0.35).contains(&coded_share),
        "resident share {coded_share:.3}"
    );
    let distinct: HashSet<_> = coded.iter().collect();
    assert!(distinct.len() * 2 < coded.len(), "residents return");

    // Housing desks talk about housing, buurtwerkkamers about forms and activities.
    let top_topic = |desk_word: &str| {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for c in contacts.iter().filter(|c| c.desk.contains(desk_word)) {
            *counts.entry(&c.topics[0]).or_default() += 1;
        }
        counts
            .into_iter()
            .max_by_key(|(_, n)| *n)
            .unwrap()
            .0
            .to_string()
    };
    assert!(["onderhoud", "huur"].contains(&top_topic("WSWonen Oud-Zuid").as_str()));
    assert!(["formulieren", "sociaal"].contains(&top_topic("Buurtwerkkamer").as_str()));

    // Every desk of the config is used; notes are from the harmless list.
    let desks: HashSet<&str> = contacts.iter().map(|c| c.desk.as_str()).collect();
    assert_eq!(desks.len(), config.desks.len());
    assert!(
        contacts
            .iter()
            .all(|c| c.note.is_empty() || profile::NOTES.contains(&c.note.as_str()))
    );
}

#[test]
fn desks_are_the_first_of_the_config_and_a_wrong_number_is_refused() {
    let config = Config::shipped();
    let mut s = spec(1_000, 1);
    s.desks = Some(3);
    let desks: HashSet<String> = make(&config, &s).into_iter().map(|c| c.desk).collect();
    let expected: HashSet<String> = config.desks[..3].iter().cloned().collect();
    assert_eq!(desks, expected);
    for bad in [0, config.desks.len() + 1] {
        s.desks = Some(bad);
        let err = Generator::new(&config, &s).err().unwrap();
        assert!(matches!(err, DemoError::Desks { asked, .. } if asked == bad));
    }
}

#[test]
fn a_config_with_its_own_desks_and_hidden_codes_still_gets_valid_contacts() {
    let own = r#"
        [[desks]]
        name = "Inloop Oost"
        [[landlords]]
        code = "particulier"
        nl = "Particulier"
        en = "Private"
        group = "particulier"
        hidden = true
        [[topics]]
        code = "formulieren"
        nl = "Formulieren"
        en = "Forms"
        group = "hulp"
        hidden = true
    "#;
    let config =
        Config::layered(&[("<shipped>", crate::config::SHIPPED), ("own.toml", own)]).unwrap();
    let mut s = spec(3_000, 5);
    s.desks = Some(config.desks.len());
    let contacts = make(&config, &s);
    assert!(contacts.iter().any(|c| c.desk == "Inloop Oost"));
    assert!(contacts.iter().all(|c| c.landlord != "particulier"));
    assert!(
        contacts
            .iter()
            .all(|c| !c.topics.iter().any(|t| t == "formulieren"))
    );
    for mut c in contacts {
        c.validate(&config).unwrap();
    }
}

#[test]
fn fill_stores_every_contact_and_marks_the_database_as_demo() {
    let config = Config::shipped();
    let mut store = Store::open_in_memory().unwrap();
    let s = spec(4_321, 9);
    let mut seen = Vec::new();
    let summary = fill(&mut store, &config, &s, &mut |p| seen.push(p)).unwrap();
    assert_eq!(summary.contacts, 4_321);
    assert_eq!(summary.desks, config.desks);
    assert_eq!(summary.last, Some(s.now.date()));
    assert_eq!(store.count(&Filter::default()).unwrap(), 4_321);
    let stored = |done| Progress::Stored { done, total: 4_321 };
    assert_eq!(seen.first(), Some(&stored(0)));
    assert_eq!(seen[seen.len() - 2], stored(4_321));
    assert_eq!(seen.last(), Some(&Progress::Indexing));
    assert!(
        store
            .setting(crate::store::Setting::Demo.key())
            .unwrap()
            .unwrap()
            .contains("seed 9")
    );
    let sync: i64 = store
        .conn()
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "synchronous is FULL again after the fill");
    // What is stored is what was made, and every index is back.
    let made = make(&config, &s);
    let stored = store.list(&Filter::default()).unwrap();
    assert_eq!(stored, made);
    let fresh = Store::open_in_memory().unwrap();
    assert_eq!(indexes(&store), indexes(&fresh));
    assert!(
        indexes(&store)
            .iter()
            .any(|(name, _)| name == "contacts_desk_at")
    );
}

/// Every index in the schema, by name, with its statement.
fn indexes(store: &Store) -> Vec<(String, Option<String>)> {
    let mut stmt = store
        .conn()
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn the_indexes_come_back_when_a_fill_fails() {
    // A config whose only desk has a name too long to store: the first batch is refused.
    let own = format!("[[desks]]\nname = \"{}\"\n", "x".repeat(61));
    let mut config = Config::layered(&[("own.toml", own.as_str())]).unwrap();
    config.topics = Config::shipped().topics;
    config.channels = Config::shipped().channels;
    config.landlords = Config::shipped().landlords;
    let mut store = Store::open_in_memory().unwrap();
    let before = indexes(&store);
    let err = fill(&mut store, &config, &spec(100, 1), &mut |_| {}).unwrap_err();
    assert!(matches!(err, DemoError::Invalid(Invalid::Desk)), "{err:?}");
    assert_eq!(indexes(&store), before);
    assert_eq!(store.count(&Filter::default()).unwrap(), 0);
}

#[test]
fn a_store_with_contacts_is_refused_and_keeps_them() {
    let config = Config::shipped();
    let mut store = Store::open_in_memory().unwrap();
    let mut real = Contact::bare(
        at("2026-11-19 10:00"),
        "WSWonen Noord",
        "AB",
        vec!["huur".into()],
        at(NOW),
    );
    real.validate(&config).unwrap();
    store.insert(&real).unwrap();
    let err = fill(&mut store, &config, &spec(100, 1), &mut |_| {}).unwrap_err();
    assert!(matches!(err, DemoError::NotEmpty { count: 1, .. }));
    assert!(err.to_string().contains("--data-dir"));
    assert_eq!(store.list(&Filter::default()).unwrap(), vec![real]);
    assert_eq!(
        store.setting(crate::store::Setting::Demo.key()).unwrap(),
        None
    );
}

#[test]
fn a_second_demo_in_the_same_store_is_refused() {
    let config = Config::shipped();
    let mut store = Store::open_in_memory().unwrap();
    fill(&mut store, &config, &spec(50, 1), &mut |_| {}).unwrap();
    let err = fill(&mut store, &config, &spec(50, 2), &mut |_| {}).unwrap_err();
    assert!(
        matches!(err, DemoError::AlreadyDemo { count: 50, .. }),
        "{err:?}"
    );
    assert_eq!(store.count(&Filter::default()).unwrap(), 50);
}

#[test]
fn zero_years_means_one() {
    let config = Config::shipped();
    let mut s = spec(100, 1);
    s.years = 0;
    assert_eq!(make(&config, &s).len(), 100);
}

#[test]
fn default_years_grow_with_the_count() {
    assert_eq!(Spec::default_years(1), 1);
    assert_eq!(Spec::default_years(100_000), 1);
    assert_eq!(Spec::default_years(1_000_000), 10);
    assert_eq!(Spec::default_years(u64::MAX), 30);
}
