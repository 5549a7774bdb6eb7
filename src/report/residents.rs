//! Figures on coming back: how often residents came in a period, how many services (distinct
//! topics) they used and in which combinations, contact moments and minutes per resident, and
//! how many of the previous period's residents returned. Counted over resident codes only;
//! contacts without a code are counted apart, so a report can say how many it left out.
//!
//! The counting is a pure function over [`Visit`]s, so it is tested on a known distribution
//! without a database; [`residents`] reads the visits of a period from the store.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Serialize;

use crate::store::Store;

use super::{Period, ReportError};

/// The buckets of "residents by number of contacts", as the CSV names them.
pub const CONTACT_BUCKETS: [&str; 5] = ["1", "2", "3-5", "6-10", ">10"];
/// The buckets of "residents by number of services", as the CSV names them.
pub const SERVICE_BUCKETS: [&str; 3] = ["1", "2", "3+"];

/// One contact as these figures see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub desk: String,
    /// The resident code as stored; `None` for a contact without one.
    pub resident: Option<String>,
    pub topics: Vec<String>,
    pub minutes: Option<u32>,
}

/// The figures for one scope (all desks, or one desk).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ResidentFigures {
    /// Distinct residents with at least one contact in the period.
    pub residents: u64,
    /// Residents per bucket of [`CONTACT_BUCKETS`].
    pub by_contacts: [u64; 5],
    /// Residents per bucket of [`SERVICE_BUCKETS`].
    pub by_services: [u64; 3],
    /// Residents per combination of two or more services (topic codes, sorted), most common
    /// first, then by the codes.
    pub combinations: Vec<(Vec<String>, u64)>,
    /// Contact moments per resident.
    pub moments_mean: f64,
    pub moments_median: f64,
    /// Logged minutes per resident, over the residents with minutes logged on any contact;
    /// `None` when no contact of a resident has minutes.
    pub minutes_per_resident: Option<f64>,
    /// The residents with minutes logged on at least one contact.
    pub with_minutes: u64,
    /// Residents of the previous period of the same length.
    pub previous_residents: u64,
    /// Of those, how many came back in this period.
    pub returned: u64,
    /// Contacts in the period without a resident code (not in any figure above).
    pub without_code: u64,
}

/// The figures of a period, for all desks and (when asked) per desk.
#[derive(Debug, Clone, PartialEq)]
pub struct ResidentsReport {
    pub period: Period,
    pub previous: Period,
    pub desk: Option<String>,
    pub total: ResidentFigures,
    /// Per desk, in name order; empty unless asked for.
    pub desks: Vec<(String, ResidentFigures)>,
}

pub use crate::domain::resident_key;

fn contacts_bucket(n: u64) -> usize {
    match n {
        0 | 1 => 0,
        2 => 1,
        3..=5 => 2,
        6..=10 => 3,
        _ => 4,
    }
}

fn median(sorted: &[u64]) -> f64 {
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2] as f64,
        n => (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0,
    }
}

#[derive(Default)]
struct PerResident {
    contacts: u64,
    topics: BTreeSet<String>,
    minutes: Option<u64>,
}

/// The figures being counted, one contact at a time: memory grows with the residents, not
/// with the contacts (a year of a city's desks streams by without being held).
#[derive(Default)]
pub struct Tally {
    per: HashMap<String, PerResident>,
    without_code: u64,
}

impl Tally {
    /// Count one contact: its resident code as stored (matched by [`resident_key`]), its
    /// topic codes and its minutes.
    pub fn add<'t>(
        &mut self,
        resident: Option<&str>,
        topics: impl IntoIterator<Item = &'t str>,
        minutes: Option<u32>,
    ) {
        let Some(code) = resident else {
            self.without_code += 1;
            return;
        };
        let r = self.per.entry(resident_key(code)).or_default();
        r.contacts += 1;
        for t in topics {
            if !r.topics.contains(t) {
                r.topics.insert(t.to_string());
            }
        }
        if let Some(m) = minutes {
            *r.minutes.get_or_insert(0) += u64::from(m);
        }
    }

    /// The figures; `previous` holds the resident keys of the previous period.
    pub fn finish(self, previous: &HashSet<String>) -> ResidentFigures {
        let per = self.per;
        let mut f = ResidentFigures {
            residents: per.len() as u64,
            without_code: self.without_code,
            previous_residents: previous.len() as u64,
            returned: previous.iter().filter(|k| per.contains_key(*k)).count() as u64,
            ..ResidentFigures::default()
        };
        let mut combinations: BTreeMap<Vec<String>, u64> = BTreeMap::new();
        let mut moments: Vec<u64> = Vec::with_capacity(per.len());
        let (mut minutes, mut with_minutes) = (0u64, 0u64);
        for r in per.into_values() {
            f.by_contacts[contacts_bucket(r.contacts)] += 1;
            f.by_services[r.topics.len().clamp(1, 3) - 1] += 1;
            if r.topics.len() >= 2 {
                *combinations
                    .entry(r.topics.into_iter().collect())
                    .or_default() += 1;
            }
            moments.push(r.contacts);
            if let Some(m) = r.minutes {
                minutes += m;
                with_minutes += 1;
            }
        }
        moments.sort_unstable();
        if !moments.is_empty() {
            f.moments_mean = moments.iter().sum::<u64>() as f64 / moments.len() as f64;
            f.moments_median = median(&moments);
        }
        f.with_minutes = with_minutes;
        f.minutes_per_resident = (with_minutes > 0).then(|| minutes as f64 / with_minutes as f64);
        let mut combinations: Vec<(Vec<String>, u64)> = combinations.into_iter().collect();
        combinations.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        f.combinations = combinations;
        f
    }
}

/// Count the figures of `visits`; `previous` holds the resident keys of the previous period.
pub fn figures<'a>(
    visits: impl IntoIterator<Item = &'a Visit>,
    previous: &HashSet<String>,
) -> ResidentFigures {
    let mut tally = Tally::default();
    for v in visits {
        tally.add(
            v.resident.as_deref(),
            v.topics.iter().map(String::as_str),
            v.minutes,
        );
    }
    tally.finish(previous)
}

/// Stream the contacts of a period (optionally one desk) to `f`: desk, resident code, minutes
/// and topic codes. Only the contacts with a resident code when `coded_only`.
fn each_visit(
    store: &Store,
    period: &Period,
    desk: Option<&str>,
    coded_only: bool,
    f: impl FnMut(&str, Option<&str>, Option<u32>, Option<&str>),
) -> Result<(), ReportError> {
    let mut scope = super::query::period_scope(period, desk);
    if coded_only {
        scope = scope.only(crate::store::Only::Resident);
    }
    Ok(store.each_visit(&scope, f)?)
}

/// The figures of `period` for `desk` (or all desks), and per desk when `by_desk`.
pub fn residents(
    store: &Store,
    period: &Period,
    desk: Option<&str>,
    by_desk: bool,
) -> Result<ResidentsReport, ReportError> {
    // The previous period of the same length: the week, month, tertiaal or year before; for a
    // range of days, as many days before it.
    let previous = period.prev();
    let mut before: HashSet<String> = HashSet::new();
    let mut before_at: HashMap<String, HashSet<String>> = HashMap::new();
    each_visit(store, &previous, desk, true, |d, resident, _, _| {
        if let Some(code) = resident {
            let key = resident_key(code);
            if by_desk {
                before_at
                    .entry(d.to_string())
                    .or_default()
                    .insert(key.clone());
            }
            before.insert(key);
        }
    })?;
    let mut total = Tally::default();
    let mut at: BTreeMap<String, Tally> = BTreeMap::new();
    each_visit(
        store,
        period,
        desk,
        false,
        |d, resident, minutes, topics| {
            let topics = || topics.into_iter().flat_map(|t| t.split('\u{1f}'));
            total.add(resident, topics(), minutes);
            if by_desk {
                if !at.contains_key(d) {
                    at.insert(d.to_string(), Tally::default());
                }
                if let Some(t) = at.get_mut(d) {
                    t.add(resident, topics(), minutes);
                }
            }
        },
    )?;
    let empty = HashSet::new();
    let desks = at
        .into_iter()
        .map(|(name, tally)| {
            let f = tally.finish(before_at.get(&name).unwrap_or(&empty));
            (name, f)
        })
        .collect();
    Ok(ResidentsReport {
        period: *period,
        previous,
        desk: desk.map(str::to_string),
        total: total.finish(&before),
        desks,
    })
}

/// One CSV row of the figures: `measure,bucket,value`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    pub measure: &'static str,
    pub bucket: String,
    pub value: String,
}

/// A figure as the CSV writes it: whole numbers without decimals, others with two.
fn number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

impl ResidentFigures {
    /// The figures as `measure,bucket,value` rows, in the documented order.
    pub fn measures(&self) -> Vec<Measure> {
        let m = |measure: &'static str, bucket: &str, value: String| Measure {
            measure,
            bucket: bucket.to_string(),
            value,
        };
        let mut out = vec![m("residents", "", self.residents.to_string())];
        for (b, n) in CONTACT_BUCKETS.iter().zip(self.by_contacts) {
            out.push(m("contacts", b, n.to_string()));
        }
        for (b, n) in SERVICE_BUCKETS.iter().zip(self.by_services) {
            out.push(m("services", b, n.to_string()));
        }
        for (codes, n) in &self.combinations {
            out.push(m("combination", &codes.join("+"), n.to_string()));
        }
        out.push(m("moments_mean", "", number(self.moments_mean)));
        out.push(m("moments_median", "", number(self.moments_median)));
        if let Some(min) = self.minutes_per_resident {
            out.push(m("minutes_per_resident", "", number(min)));
        }
        out.push(m(
            "previous_residents",
            "",
            self.previous_residents.to_string(),
        ));
        out.push(m("returned", "", self.returned.to_string()));
        out.push(m("without_code", "", self.without_code.to_string()));
        out
    }
}

mod render;
pub mod text;

pub use render::{to_json, write_csv};
pub use text::write_table;

#[cfg(test)]
mod tests;
