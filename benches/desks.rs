//! A city's year in one database: 13 desks of 5,000 contacts each (the seeds: 12
//! wijksteunpunten wonen and a city desk), written as bundles, read back and checked, merged
//! into a coordinator's database file, merged again, then the queries a coordinator and the
//! follow-up screen run on the result.
//!
//! Run: `cargo bench --bench desks` (release build). Prints one line per step. Without
//! `--bench` (as `cargo test --all-targets` runs it) it makes a small smoke run instead.

use std::time::{Duration, Instant};

use balie::config::Config;
use balie::desks::bundle::{self, Bundle, BundleOptions};
use balie::desks::merge;
use balie::domain::{AT_FORMAT, Contact, Kind};
use balie::report::{self, Dim, Period, Query};
use balie::store::Store;
use chrono::NaiveDateTime;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
}

/// One desk's year: contacts spread over 2026, some referred with a follow-up, some with a
/// signal, a few with a note and a resident code.
fn desk(name: &str, config: &Config, contacts: usize) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let topics: Vec<&str> = config.topics.iter().map(|t| t.code.as_str()).collect();
    let start = at("2026-01-02 09:00");
    for i in 0..contacts {
        let when = start + chrono::Duration::minutes((i as i64 * 100_003) % (360 * 24 * 60));
        let mut c = Contact::bare(
            when,
            name,
            "AB",
            vec![topics[i % topics.len()].to_string()],
            when,
        );
        c.kind = if i % 3 == 0 {
            Kind::Hulpvraag
        } else {
            Kind::Kort
        };
        if i % 4 == 0 {
            c.referred_to = Some("huurteam".into());
            c.follow_up = Some(when.date() + chrono::Duration::days(7));
        }
        if i % 25 == 0 {
            c.signal = Some(format!("{name} signaal {}", i % 40));
        }
        if i % 5 == 0 {
            c.note = "brief van de verhuurder meegenomen".into();
            c.resident = Some(format!("R-{:04}", i % 900));
        }
        c.validate(config).unwrap();
        store.insert(&c).unwrap();
    }
    store
}

fn time<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let value = f();
    report(what, started.elapsed());
    value
}

fn report(what: &str, took: Duration) {
    println!("{what:<58} {:>9.1} ms", took.as_secs_f64() * 1000.0);
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this without it.
    let full = std::env::args().any(|a| a == "--bench");
    let (desks, per_desk) = if full { (13, 5_000) } else { (2, 300) };
    let config = Config::shipped();
    let dir = tempfile::tempdir().unwrap();
    let now = at("2026-12-31 12:00");
    let stores: Vec<Store> = (0..desks)
        .map(|i| desk(&format!("Desk {i:02}"), &config, per_desk))
        .collect();
    let mut paths = Vec::new();
    let mut write_total = Duration::ZERO;
    for (i, s) in stores.iter().enumerate() {
        let path = dir.path().join(format!("desk-{i:02}.balie"));
        let started = Instant::now();
        bundle::write(
            s,
            &config,
            &BundleOptions::default(),
            &path,
            false,
            "AB",
            now,
        )
        .unwrap();
        write_total += started.elapsed();
        paths.push(path);
    }
    let size = std::fs::metadata(&paths[0]).unwrap().len();
    report(
        &format!(
            "write one bundle of {per_desk} contacts ({} KiB)",
            size / 1024
        ),
        write_total / desks as u32,
    );
    let bundles: Vec<Bundle> = time(
        &format!(
            "read and check {desks} bundles ({} contacts)",
            desks * per_desk
        ),
        || {
            paths
                .iter()
                .map(|p| bundle::read(p, &config).unwrap())
                .collect()
        },
    );
    let mut city = Store::open(&dir.path().join("city.sqlite")).unwrap();
    let first = time("merge them into an empty database file", || {
        merge::merge(&mut city, &bundles, "KL", now).unwrap()
    });
    assert_eq!(
        first.iter().map(|n| n.added).sum::<u64>() as usize,
        desks * per_desk
    );
    let again = time("merge the same bundles again (nothing changes)", || {
        merge::merge(&mut city, &bundles, "KL", now).unwrap()
    });
    assert!(again.iter().all(|n| !n.changed()));
    let year = Period::parse("2026").unwrap();
    for by in [
        vec![Dim::Desk, Dim::Topic],
        vec![Dim::Week],
        vec![Dim::Signal],
        vec![Dim::ReferredTo, Dim::Desk],
    ] {
        let q = Query {
            period: year,
            by: by.clone(),
            desk: None,
        };
        time(&format!("report the year by {by:?}"), || {
            report::run(&city, &config, &q).unwrap()
        });
    }
    let signals = time("signals view of the year", || {
        report::signals(&city, Some(&year), None).unwrap()
    });
    assert!(!signals.is_empty());
    let due = time("follow-ups due (all desks)", || {
        city.follow_ups_due(now.date(), None).unwrap()
    });
    time("follow-ups due at one desk", || {
        city.follow_ups_due(now.date(), Some("Desk 01")).unwrap()
    });
    time("signal labels for the form's picker", || {
        city.signal_labels("", 500).unwrap()
    });
    println!(
        "({} open follow-ups due, {} signal labels)",
        due.len(),
        signals.len()
    );
}
