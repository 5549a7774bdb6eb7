//! Coordinator reports: counts of contacts and distinct residents per period and dimension,
//! progress against the year's targets, the figures the overview screen shows, and exports of
//! the contacts themselves (CSV and xlsx). Pure data in, data out: the command line and the
//! TUI render what these functions return.

pub mod document;
pub mod export;
pub mod kb_gaps;
pub mod overview;
pub mod period;
pub mod query;
pub mod residents;
pub mod sheet;
pub mod signals;
pub(crate) mod tally;
pub mod targets;
pub mod words;
mod xlsx;

#[cfg(test)]
mod export_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod xlsx_tests;

pub use kb_gaps::{GAPS_NOTE, Gap, kb_gaps, top_gaps};
pub use overview::{Overview, TopicCount, WeekCount, overview, recent_weeks, topic_counts};
pub use period::{Period, PeriodError, PeriodKind};
pub use query::{Counts, Dim, Query, Report, Row, run};
pub use signals::{Signal, signals};
pub use targets::{TargetProgress, target_progress};

use crate::store::StoreError;

/// Why a report cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Period(#[from] PeriodError),
    #[error("--by {0} is given twice")]
    DuplicateDim(&'static str),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The note every breakdown by topic carries.
pub const TOPIC_NOTE: &str = "a contact with several topics counts once under each of its topics, \
                              and once in every total";

/// What `residents` means, for notes and help.
pub const RESIDENTS_NOTE: &str = "residents = distinct resident codes; contacts logged without a \
                                  code are not in that count";
