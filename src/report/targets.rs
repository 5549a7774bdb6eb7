//! Progress against the year's targets from the config: the count so far, the percentage of
//! the target, and where an even pace through the year says the count should be by today.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::config::{Config, TargetCount};
use crate::store::Store;

use super::query::Sql;
use super::{Period, ReportError};

/// One target's standing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetProgress {
    pub year: i32,
    pub name: String,
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
/// contacts of the calendar year (of `desk` only, when given). `today` sets the pace.
pub fn target_progress(
    store: &Store,
    config: &Config,
    year: i32,
    today: NaiveDate,
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
    let mut out = Vec::new();
    for t in config.targets.iter().filter(|t| t.year == year) {
        let mut sql = Sql::default();
        let what = match t.count {
            TargetCount::Contacts => "count(*)",
            TargetCount::Residents => "count(DISTINCT c.resident)",
        };
        sql.text = format!("SELECT {what} FROM contacts c");
        sql.period_and_desk(&period, desk);
        let marks: Vec<String> = t.topics.iter().map(|code| sql.bind(code.clone())).collect();
        sql.text.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM contact_topics t WHERE t.contact_id = c.id AND t.topic IN ({}))",
            marks.join(", ")
        ));
        let mut stmt = store.conn().prepare_cached(&sql.text)?;
        let actual: i64 = stmt.query_row(rusqlite::params_from_iter(&sql.params), |r| r.get(0))?;
        let actual = actual as u64;
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
