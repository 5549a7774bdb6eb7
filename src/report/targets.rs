//! Progress against the year's targets from the config: the count so far, the percentage of
//! the target, and where an even pace through the year says the count should be by today.
//! A contact counts once for a target however many of the target's topics it has.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::config::{Config, Target, TargetCount};
use crate::store::Store;

use super::{Period, ReportError};

/// One target's standing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetProgress {
    pub year: i32,
    pub name: String,
    /// The desk the target is for; `None`: city-wide, counted over every desk.
    pub desk: Option<String>,
    pub topics: Vec<String>,
    pub count: TargetCount,
    /// Contacts with any of the topics (each once), or distinct resident codes among them.
    pub actual: u64,
    pub target: u32,
    /// `actual` as a percentage of `target`.
    pub percent: f64,
    /// Days of the year up to and including today (0 before the year, all after it).
    pub days_elapsed: i64,
    pub days_in_year: i64,
    /// Where an even pace through the year puts the count by today, rounded.
    pub expected_by_today: u64,
}

impl TargetProgress {
    /// Ahead (positive) or behind (negative) the pace.
    pub fn ahead(&self) -> i64 {
        self.actual as i64 - self.expected_by_today as i64
    }

    /// The fraction of the target reached, clamped to 0..=1 (for a gauge).
    pub fn ratio(&self) -> f64 {
        if self.target == 0 {
            return 1.0;
        }
        (self.actual as f64 / f64::from(self.target)).clamp(0.0, 1.0)
    }
}

/// The progress of every target the config sets for `year`, in config order, counting the
/// contacts of the calendar year. A target that names a desk counts that desk's contacts, a
/// city-wide one every desk's: never one desk's count against a city's target. With `desk`
/// given, only the targets of that desk and the city-wide ones. `today` sets the pace.
pub fn target_progress(
    store: &Store,
    config: &Config,
    year: i32,
    today: NaiveDate,
    desk: Option<&str>,
) -> Result<Vec<TargetProgress>, ReportError> {
    progress(store, config, year, today, Period::Year(year), desk)
}

/// The progress as it stood at the end of `as_of` (a day in `year`): the contacts from the
/// first of January up to and including `as_of`, paced to that day. For a report on a
/// period that is over, so later contacts do not count.
pub fn target_progress_until(
    store: &Store,
    config: &Config,
    year: i32,
    as_of: NaiveDate,
    desk: Option<&str>,
) -> Result<Vec<TargetProgress>, ReportError> {
    let whole = Period::Year(year);
    let until = as_of.clamp(whole.from(), whole.to());
    let counted = Period::range(whole.from(), until)?;
    progress(store, config, year, as_of, counted, desk)
}

/// The targets of `year`, counting the contacts of `counted`, paced to `today`.
fn progress(
    store: &Store,
    config: &Config,
    year: i32,
    today: NaiveDate,
    counted: Period,
    desk: Option<&str>,
) -> Result<Vec<TargetProgress>, ReportError> {
    let period = Period::Year(year);
    let days_in_year = period.days();
    let days_elapsed = if today < period.from() {
        0
    } else if today > period.to() {
        days_in_year
    } else {
        i64::from(today.ordinal())
    };
    let targets: Vec<&Target> = config
        .targets
        .iter()
        .filter(|t| t.year == year)
        .filter(|t| desk.is_none() || t.desk.is_none() || t.desk.as_deref() == desk)
        .collect();
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let mut contacts: Vec<HashSet<i64>> = vec![HashSet::new(); targets.len()];
    let mut residents: Vec<HashSet<String>> = vec![HashSet::new(); targets.len()];
    // One pass over the year's contact-topic rows per scope (city-wide, or one desk) serves
    // every target of that scope: each keeps the contacts (by rowid) and resident codes that
    // have one of its topics.
    let mut scopes: Vec<Option<&str>> = targets.iter().map(|t| t.desk.as_deref()).collect();
    scopes.sort();
    scopes.dedup();
    for scope in scopes {
        store.each_contact_topic(
            &super::query::period_scope(&counted, scope),
            |rowid, topic, resident| {
                for (k, t) in targets.iter().enumerate() {
                    if t.desk.as_deref() == scope && t.topics.iter().any(|code| code == topic) {
                        contacts[k].insert(rowid);
                        if let Some(r) = resident
                            && !residents[k].contains(r)
                        {
                            residents[k].insert(r.to_string());
                        }
                    }
                }
            },
        )?;
    }
    let mut out = Vec::new();
    for (k, t) in targets.iter().enumerate() {
        let actual = match t.count {
            TargetCount::Contacts => contacts[k].len(),
            TargetCount::Residents => residents[k].len(),
        } as u64;
        let target = t.value;
        let percent = if target == 0 {
            100.0
        } else {
            actual as f64 * 100.0 / f64::from(target)
        };
        let expected =
            (f64::from(target) * days_elapsed as f64 / days_in_year as f64).round() as u64;
        out.push(TargetProgress {
            year,
            name: t.name.clone(),
            desk: t.desk.clone(),
            topics: t.topics.clone(),
            count: t.count,
            actual,
            target,
            percent,
            days_elapsed,
            days_in_year,
            expected_by_today: expected,
        });
    }
    Ok(out)
}
