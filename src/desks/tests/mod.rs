//! Bundles, merges and CSV imports, on fresh databases and files in a temporary folder.

mod bundle;
mod forged;
mod import;
mod pulled;

use chrono::{NaiveDate, NaiveDateTime};

use crate::config::Config;
use crate::domain::{AT_FORMAT, Contact, Kind};
use crate::kb::Article;
use crate::store::Store;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A desk's database: `n` contacts from 2026-11-02 on, one every few hours, with every
/// kind of field filled in on some of them.
fn desk(name: &str, n: usize) -> (Store, Vec<Contact>) {
    let mut store = Store::open_in_memory().unwrap();
    let config = Config::shipped();
    let topics = [
        &["huur"][..],
        &["onderhoud", "huur"],
        &["splitsing"],
        &["formulieren"],
        &["schulden", "formulieren"],
    ];
    let start = at("2026-11-02 09:00");
    let mut out = Vec::new();
    for i in 0..n {
        let when = start + chrono::Duration::hours(5 * i as i64 + 1);
        let mut c = Contact::bare(
            when,
            name,
            ["AB", "CD", "EF"][i % 3],
            topics[i % topics.len()]
                .iter()
                .map(|t| t.to_string())
                .collect(),
            when,
        );
        c.kind = if i % 2 == 0 {
            Kind::Kort
        } else {
            Kind::Hulpvraag
        };
        c.channel = ["inloop", "telefoon", "afspraak"][i % 3].into();
        c.landlord = ["ymere", "onbekend", "particulier", "eigen-haard"][i % 4].into();
        if i % 3 == 0 {
            c.resident = Some(format!("R-{:03}", i % 7));
            c.minutes = Some(10 + i as u32);
        }
        if i % 4 == 1 {
            c.referred_to = Some("huurteam".into());
            c.follow_up = Some(when.date() + chrono::Duration::days(3));
            c.note = "brief, \"huurverhoging\"; komt terug".into();
        }
        if i % 5 == 2 {
            c.referred_from = Some("samen-doen".into());
            c.signal = Some(format!("{name} renovatie"));
            c.language = Some("tr".into());
            c.postcode = Some("1102".into());
        }
        if i % 8 == 5 {
            c.follow_up_done = Some(when + chrono::Duration::days(2));
        }
        if i == 3 {
            c.note = "=SOM(A1)".into();
        }
        c.validate(&config).unwrap();
        store.insert(&c).unwrap();
        out.push(c);
    }
    (store, out)
}

/// An article written at the desk.
fn local_article(id: &str, title: &str) -> Article {
    Article {
        id: id.into(),
        title: title.into(),
        aliases: vec!["lokaal".into()],
        topics: vec!["huur".into()],
        source: "Eigen notitie van de balie, 2026".into(),
        facts_from: Some(day("2026-01-01")),
        valid_from: None,
        valid_until: None,
        last_checked: None,
        checked_against: None,
        review_by: None,
        body: "Bel eerst het huurteam.\n".into(),
    }
}
