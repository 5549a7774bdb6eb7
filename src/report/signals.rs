//! The signals view: each signal label with how many contacts carry it, at which desks, over
//! which dates and about which topics, so a coordinator can take recurring problems (one
//! landlord's buildings, a renovation, a splitting case) to the partners' meeting.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use super::{Period, ReportError};
use crate::domain::AT_FORMAT;
use crate::store::{Scope, Store};
use crate::text::{label_key, preferred_spelling};

/// One signal label and where and when it came up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signal {
    pub label: String,
    pub contacts: u64,
    /// Distinct resident codes among them.
    pub residents: u64,
    /// The desks it came up at, with their contacts, most first.
    pub desks: Vec<Counted>,
    /// The topics of those contacts, most first.
    pub topics: Vec<Counted>,
    #[serde(serialize_with = "at_text")]
    pub first: NaiveDateTime,
    #[serde(serialize_with = "at_text")]
    pub last: NaiveDateTime,
}

/// A value with how many contacts have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counted {
    pub name: String,
    pub contacts: u64,
}

fn at_text<S: serde::Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.format(AT_FORMAT).to_string())
}

/// The contacts of `period` (every day when `None`) at `desk` (every desk when `None`); the
/// store's signal reads take those that carry a signal.
fn scope(period: Option<&Period>, desk: Option<&str>) -> Scope {
    period
        .map_or_else(Scope::all, |p| Scope::days(p.from(), p.to()))
        .at_desk(desk)
}

fn sorted(counts: BTreeMap<String, u64>) -> Vec<Counted> {
    let mut v: Vec<Counted> = counts
        .into_iter()
        .map(|(name, contacts)| Counted { name, contacts })
        .collect();
    v.sort_by(|a, b| {
        b.contacts
            .cmp(&a.contacts)
            .then_with(|| a.name.cmp(&b.name))
    });
    v
}

/// Every signal label on the contacts of `period` (all days when `None`) at `desk` (all
/// desks when `None`): the most contacts first, then the most recent, then by label.
/// Labels that differ only in case, spacing or accents (two desks' spellings, merged) are one
/// signal, shown in its most used spelling.
pub fn signals(
    store: &Store,
    period: Option<&Period>,
    desk: Option<&str>,
) -> Result<Vec<Signal>, ReportError> {
    struct Acc {
        contacts: u64,
        /// The spellings that share this label's key, with their contacts.
        spellings: BTreeMap<String, u64>,
        residents: std::collections::BTreeSet<String>,
        desks: BTreeMap<String, u64>,
        topics: BTreeMap<String, u64>,
        first: NaiveDateTime,
        last: NaiveDateTime,
    }
    let mut by_label: BTreeMap<String, Acc> = BTreeMap::new();

    let scope = scope(period, desk);
    store.each_signal_at_desk(&scope, |label, desk, n, first, last| {
        let acc = by_label.entry(label_key(label)).or_insert_with(|| Acc {
            contacts: 0,
            spellings: BTreeMap::new(),
            residents: Default::default(),
            desks: BTreeMap::new(),
            topics: BTreeMap::new(),
            first,
            last,
        });
        acc.contacts += n;
        *acc.spellings.entry(label.to_string()).or_default() += n;
        *acc.desks.entry(desk.to_string()).or_default() += n;
        acc.first = acc.first.min(first);
        acc.last = acc.last.max(last);
        Ok::<_, ReportError>(())
    })?;
    store.each_signal_resident(&scope, |label, resident| {
        if let Some(acc) = by_label.get_mut(&label_key(label)) {
            acc.residents.insert(resident.to_string());
        }
        Ok::<_, ReportError>(())
    })?;
    store.each_signal_topic(&scope, |label, topic, n| {
        if let Some(acc) = by_label.get_mut(&label_key(label)) {
            *acc.topics.entry(topic.to_string()).or_default() += n;
        }
        Ok::<_, ReportError>(())
    })?;

    let mut out: Vec<Signal> = by_label
        .into_values()
        .map(|a| Signal {
            label: preferred_spelling(&a.spellings),
            contacts: a.contacts,
            residents: a.residents.len() as u64,
            desks: sorted(a.desks),
            topics: sorted(a.topics),
            first: a.first,
            last: a.last,
        })
        .collect();
    out.sort_by(|a, b| {
        b.contacts
            .cmp(&a.contacts)
            .then(b.last.cmp(&a.last))
            .then_with(|| a.label.cmp(&b.label))
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::domain::Contact;
    use crate::report::{Dim, Query, run};

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
    }

    struct Spec<'a> {
        when: &'a str,
        desk: &'a str,
        topics: &'a [&'a str],
        signal: Option<&'a str>,
        to: Option<&'a str>,
        from: Option<&'a str>,
        resident: Option<&'a str>,
    }

    /// | # | at               | desk     | topics          | signal       | to       | from       | resident |
    /// |---|------------------|----------|-----------------|--------------|----------|------------|----------|
    /// | 1 | 2026-11-02 10:00 | Noord    | onderhoud       | Kolenkit     | huurteam |            | R-1      |
    /// | 2 | 2026-11-09 10:00 | Zuidoost | onderhoud, huur | Kolenkit     | huurteam | samen-doen | R-2      |
    /// | 3 | 2026-11-20 10:00 | Noord    | onderhoud       | Kolenkit     |          |            | R-1      |
    /// | 4 | 2026-11-10 10:00 | Noord    | splitsing       | Splitsing Bos|          | madi       |          |
    /// | 5 | 2026-11-11 10:00 | Noord    | huur            |              | madi     |            |          |
    /// | 6 | 2026-12-01 10:00 | Zuidoost | onderhoud       | Kolenkit     |          |            |          |
    fn fixture() -> Store {
        let specs = [
            Spec {
                when: "2026-11-02 10:00",
                desk: "Noord",
                topics: &["onderhoud"],
                signal: Some("Kolenkit"),
                to: Some("huurteam"),
                from: None,
                resident: Some("R-01"),
            },
            Spec {
                when: "2026-11-09 10:00",
                desk: "Zuidoost",
                topics: &["onderhoud", "huur"],
                signal: Some("Kolenkit"),
                to: Some("huurteam"),
                from: Some("samen-doen"),
                resident: Some("R-02"),
            },
            Spec {
                when: "2026-11-20 10:00",
                desk: "Noord",
                topics: &["onderhoud"],
                signal: Some("Kolenkit"),
                to: None,
                from: None,
                resident: Some("R-01"),
            },
            Spec {
                when: "2026-11-10 10:00",
                desk: "Noord",
                topics: &["splitsing"],
                signal: Some("Splitsing Bos"),
                to: None,
                from: Some("madi"),
                resident: None,
            },
            Spec {
                when: "2026-11-11 10:00",
                desk: "Noord",
                topics: &["huur"],
                signal: None,
                to: Some("madi"),
                from: None,
                resident: None,
            },
            Spec {
                when: "2026-12-01 10:00",
                desk: "Zuidoost",
                topics: &["onderhoud"],
                signal: Some("Kolenkit"),
                to: None,
                from: None,
                resident: None,
            },
        ];
        let mut store = Store::open_in_memory().unwrap();
        for s in specs {
            let mut c = Contact::bare(
                at(s.when),
                s.desk,
                "AB",
                s.topics.iter().map(|t| t.to_string()).collect(),
                at(s.when),
            );
            c.signal = s.signal.map(str::to_string);
            c.referred_to = s.to.map(str::to_string);
            c.referred_from = s.from.map(str::to_string);
            c.resident = s.resident.map(str::to_string);
            c.validate(&Config::shipped()).unwrap();
            store.insert(&c).unwrap();
        }
        store
    }

    fn counted(v: &[Counted]) -> Vec<(&str, u64)> {
        v.iter().map(|c| (c.name.as_str(), c.contacts)).collect()
    }

    #[test]
    fn each_label_with_its_desks_dates_topics_and_residents() {
        let store = fixture();
        let all = signals(&store, None, None).unwrap();
        assert_eq!(all.len(), 2);
        let k = &all[0];
        assert_eq!(
            (k.label.as_str(), k.contacts, k.residents),
            ("Kolenkit", 4, 2)
        );
        assert_eq!(counted(&k.desks), vec![("Noord", 2), ("Zuidoost", 2)]);
        // contacts 1, 2, 3, 6 have onderhoud; contact 2 also huur
        assert_eq!(counted(&k.topics), vec![("onderhoud", 4), ("huur", 1)]);
        assert_eq!(
            (k.first, k.last),
            (at("2026-11-02 10:00"), at("2026-12-01 10:00"))
        );
        assert_eq!(
            (all[1].label.as_str(), all[1].contacts),
            ("Splitsing Bos", 1)
        );

        // November only: contact 6 falls out, and the range shrinks.
        let nov = Period::parse("2026-11").unwrap();
        let k = &signals(&store, Some(&nov), None).unwrap()[0];
        assert_eq!((k.contacts, k.last), (3, at("2026-11-20 10:00")));
        // One desk only.
        let zo = signals(&store, None, Some("Zuidoost")).unwrap();
        assert_eq!(zo.len(), 1);
        assert_eq!(counted(&zo[0].desks), vec![("Zuidoost", 2)]);
        // No signals at all in a period without them.
        let oct = Period::parse("2026-10").unwrap();
        assert!(signals(&store, Some(&oct), None).unwrap().is_empty());
    }

    #[test]
    fn reports_break_down_by_signal_and_partner_as_open_lists() {
        let store = fixture();
        let config = Config::shipped();
        let report = |by: Dim| {
            let q = Query {
                period: Period::parse("2026").unwrap(),
                by: vec![by],
                desk: None,
            };
            run(&store, &config, &q)
                .unwrap()
                .rows
                .into_iter()
                .map(|r| (r.keys[0].clone(), r.counts.contacts))
                .collect::<Vec<_>>()
        };
        let s = |v: &[(&str, u64)]| {
            v.iter()
                .map(|(k, n)| (k.to_string(), *n))
                .collect::<Vec<_>>()
        };
        // Only the labels that occur, then the contacts without one; the rows add up to 6.
        assert_eq!(
            report(Dim::Signal),
            s(&[("Kolenkit", 4), ("Splitsing Bos", 1), ("", 1)])
        );
        assert_eq!(
            report(Dim::ReferredTo),
            s(&[("huurteam", 2), ("madi", 1), ("", 3)])
        );
        assert_eq!(
            report(Dim::ReferredFrom),
            s(&[("madi", 1), ("samen-doen", 1), ("", 4)])
        );
        // Combined with a closed dimension, the open one still lists only what occurs.
        let q = Query {
            period: Period::parse("2026-11").unwrap(),
            by: vec![Dim::Signal, Dim::Desk],
            desk: None,
        };
        let r = run(&store, &config, &q).unwrap();
        assert_eq!(r.get(&["Kolenkit", "Noord"]).unwrap().contacts, 2);
        assert_eq!(r.get(&["Kolenkit", "Zuidoost"]).unwrap().contacts, 1);
        assert_eq!(r.total.contacts, 5);
        assert_eq!(
            crate::report::query::value_label(&config, Dim::ReferredTo, "madi"),
            "Madi (maatschappelijke dienstverlening)"
        );
        assert_eq!(
            crate::report::query::value_label(&config, Dim::Signal, ""),
            crate::report::query::NONE_LABEL
        );
    }
}
