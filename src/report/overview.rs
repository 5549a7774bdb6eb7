//! The figures behind the overview screen, as plain data: this period's counts per topic,
//! the last weeks' totals, and target progress. No terminal, no clock: the caller passes the
//! period and today.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::config::Config;
use crate::store::Store;

use super::{Counts, Dim, Period, PeriodKind, Query, ReportError, TargetProgress};

/// Contacts about one topic in a period (a contact with two topics counts under both).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopicCount {
    pub code: String,
    pub contacts: u64,
}

/// Contacts in one ISO week (each contact once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekCount {
    /// The ISO week, e.g. `2026-W47`.
    pub week: String,
    /// Its Monday.
    pub from: NaiveDate,
    pub contacts: u64,
}

/// Everything the overview screen shows for one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    pub period: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub total: Counts,
    pub topics: Vec<TopicCount>,
    pub weeks: Vec<WeekCount>,
    pub targets: Vec<TargetProgress>,
    /// The figures on coming back (see [`super::residents`]), for the one-line summary.
    pub coming_back: super::residents::ResidentFigures,
    /// The three largest knowledge-base gaps: topics with contacts that had no article
    /// linked, most such contacts first.
    pub kb_gaps: Vec<super::Gap>,
}

/// Contacts per topic in `period`: every visible topic in config order (zeros included),
/// then any other topic that occurs.
pub fn topic_counts(
    store: &Store,
    config: &Config,
    period: &Period,
    desk: Option<&str>,
) -> Result<Vec<TopicCount>, ReportError> {
    let q = Query {
        period: *period,
        by: vec![Dim::Topic],
        desk: desk.map(str::to_string),
    };
    let report = super::run(store, config, &q)?;
    Ok(report
        .rows
        .into_iter()
        .map(|r| TopicCount {
            code: r.keys.into_iter().next().unwrap_or_default(),
            contacts: r.counts.contacts,
        })
        .collect())
}

/// Contacts per ISO week for the `n` weeks ending with the week that holds `end`'s last day,
/// oldest first, zeros included.
pub fn recent_weeks(
    store: &Store,
    config: &Config,
    end: &Period,
    n: usize,
    desk: Option<&str>,
) -> Result<Vec<WeekCount>, ReportError> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let last = Period::containing(PeriodKind::Week, end.to());
    let first_monday = last.from() - Duration::weeks(n as i64 - 1);
    let span = Period::range(first_monday, last.to())?;
    let q = Query {
        period: span,
        by: vec![Dim::Week],
        desk: desk.map(str::to_string),
    };
    let report = super::run(store, config, &q)?;
    Ok(span
        .weeks()
        .into_iter()
        .map(|(label, monday)| WeekCount {
            contacts: report.get(&[&label]).map_or(0, |c| c.contacts),
            week: label,
            from: monday,
        })
        .collect())
}

/// The overview of `period`: totals, topics, the 12 weeks up to its end, and the targets of
/// its year paced against `today`.
pub fn overview(
    store: &Store,
    config: &Config,
    period: &Period,
    desk: Option<&str>,
    today: NaiveDate,
) -> Result<Overview, ReportError> {
    let total = super::run(
        store,
        config,
        &Query {
            period: *period,
            by: Vec::new(),
            desk: desk.map(str::to_string),
        },
    )?
    .total;
    Ok(Overview {
        period: period.label(),
        from: period.from(),
        to: period.to(),
        total,
        topics: topic_counts(store, config, period, desk)?,
        weeks: recent_weeks(store, config, period, 12, desk)?,
        targets: super::target_progress(store, config, period.year(), today, desk)?,
        coming_back: super::residents::residents(store, period, desk, false)?.total,
        kb_gaps: super::top_gaps(&super::kb_gaps(store, config, period, desk)?, 3),
    })
}
