//! The document as data: every figure it shows, counted by the same report functions as
//! `balie report` (so the two can never disagree), and nothing else. No notes, no resident
//! codes: only counts and the labels of codes.

use chrono::{Datelike, Months, NaiveDate};

use crate::config::{Config, Labelled};
use crate::report::query::value_label;
use crate::report::signals::Signal;
use crate::report::{
    Counts, Dim, Period, Query, ReportError, TargetProgress, run, target_progress,
};
use crate::store::Store;

use super::DocumentOptions;

/// One row of a breakdown table: a code, its label in the document's language, its counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub key: String,
    pub label: String,
    pub counts: Counts,
}

/// Contacts and residents per value of one dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    pub dim: Dim,
    /// The rows with contacts, in the report's order.
    pub lines: Vec<Line>,
    /// How many rows of `balie report` had no contacts and are left out here.
    pub left_out: usize,
    /// Every contact once (for shares; not the sum of the rows for topics).
    pub total: Counts,
}

/// The same period a year earlier, and its figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Earlier {
    pub period: Period,
    pub total: Counts,
}

/// The key figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub total: Counts,
    /// Whether any contact in the period has a resident code (else residents are not shown).
    pub residents_used: bool,
    pub help_questions: u64,
    pub short_contacts: u64,
    /// The desks with contacts in the period (or the one asked for).
    pub desks: Vec<String>,
    /// `None` when the period has no counterpart a year earlier (ISO week 53).
    pub earlier: Option<Earlier>,
}

/// Referrals in and out for one partner.
#[derive(Debug, Clone, PartialEq)]
pub struct Referral {
    pub code: String,
    pub label: String,
    /// Contacts this partner referred to the desk.
    pub referred_in: u64,
    /// Contacts the desk referred to this partner.
    pub referred_out: u64,
}

/// Open follow-ups among the period's contacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowUps {
    pub open: u64,
    /// Of those, the ones whose day is the day the document was made or earlier.
    pub due: u64,
}

/// Target progress, and the day it was measured on.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    pub as_of: NaiveDate,
    pub progress: Vec<TargetProgress>,
}

/// The week-by-week contacts.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    pub label: String,
    pub monday: NaiveDate,
    pub contacts: u64,
    /// The week reaches outside the period (only its days inside count).
    pub partial: bool,
}

/// Everything the document shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub period: Period,
    pub desk: Option<String>,
    pub made_on: NaiveDate,
    pub summary: Summary,
    pub desks: Option<Breakdown>,
    pub topics: Option<Breakdown>,
    pub landlord_groups: Option<Breakdown>,
    pub landlords: Option<Breakdown>,
    pub weeks: Vec<Week>,
    pub targets: Option<Targets>,
    pub referrals: Vec<Referral>,
    pub follow_ups: FollowUps,
    pub signals: Vec<Signal>,
    /// The knowledge-base gaps (`balie report --kb-gaps`): the topics with contacts, the
    /// largest gap first; empty (and the section left out) when no topic has contacts.
    pub kb_gaps: Vec<KbGap>,
    /// The figures on coming back (`balie report --residents`); the section is left out when
    /// no contact of the period has a resident code.
    pub coming_back: crate::report::residents::ResidentsReport,
}

/// One topic of the knowledge-base gaps: the gap report's row with the topic's label.
#[derive(Debug, Clone, PartialEq)]
pub struct KbGap {
    pub topic: String,
    pub label: String,
    /// Contacts in the period about this topic.
    pub contacts: u64,
    /// Of those, the ones with an article linked.
    pub with_article: u64,
    /// Articles in the knowledge base about the topic.
    pub articles: u64,
}

impl Document {
    /// A period without a single contact: the document says so and shows nothing else.
    pub fn is_empty(&self) -> bool {
        self.summary.total.contacts == 0
    }
}

/// The same days a year earlier: the same week number (none for a week 53 the earlier
/// year lacks), month, tertiaal, quarter, half, year, or the range moved back a year.
pub fn year_before(p: &Period) -> Option<Period> {
    Some(match *p {
        Period::Week { year, week } => {
            if week > crate::report::period::iso_weeks_in(year - 1) {
                return None;
            }
            Period::Week {
                year: year - 1,
                week,
            }
        }
        Period::Month { year, month } => Period::Month {
            year: year - 1,
            month,
        },
        Period::Tertiaal { year, n } => Period::Tertiaal { year: year - 1, n },
        Period::Quarter { year, n } => Period::Quarter { year: year - 1, n },
        Period::Half { year, n } => Period::Half { year: year - 1, n },
        Period::Year(y) => Period::Year(y - 1),
        Period::Range { from, to } => Period::Range {
            from: from.checked_sub_months(Months::new(12))?,
            to: to.checked_sub_months(Months::new(12))?,
        },
    })
}

fn query(opts: &DocumentOptions, period: Period, by: Vec<Dim>) -> Query {
    Query {
        period,
        by,
        desk: opts.desk.clone(),
    }
}

/// A breakdown with the zero rows left out; `None` when no row has contacts.
fn breakdown(
    store: &Store,
    config: &Config,
    opts: &DocumentOptions,
    dim: Dim,
) -> Result<Option<Breakdown>, ReportError> {
    let report = run(store, config, &query(opts, opts.period, vec![dim]))?;
    let all = report.rows.len();
    let lines: Vec<Line> = report
        .rows
        .into_iter()
        .filter(|r| r.counts.contacts > 0)
        .map(|r| {
            let key = r.keys.into_iter().next().unwrap_or_default();
            Line {
                label: label(config, dim, &key),
                key,
                counts: r.counts,
            }
        })
        .collect();
    if lines.is_empty() {
        return Ok(None);
    }
    Ok(Some(Breakdown {
        dim,
        left_out: all - lines.len(),
        lines,
        total: report.total,
    }))
}

/// The label of a code in the document's language (config labels for topics, channels,
/// landlords and partners; the Dutch or English word for a landlord group).
fn label(config: &Config, dim: Dim, key: &str) -> String {
    if dim == Dim::LandlordGroup {
        return group_label(config.lang, key).to_string();
    }
    value_label(config, dim, key).to_string()
}

fn group_label(lang: crate::i18n::Lang, group: &str) -> &str {
    use crate::i18n::Lang::*;
    match (lang, group) {
        (Nl, "corporatie") => "Woningcorporatie",
        (Nl, "particulier") => "Particuliere verhuurder",
        (Nl, "koop") => "Koopwoning",
        (Nl, "onbekend") => "Onbekend",
        (En, "corporatie") => "Housing corporation",
        (En, "particulier") => "Private landlord",
        (En, "koop") => "Owner-occupied",
        (En, "onbekend") => "Unknown",
        (_, other) => other,
    }
}

fn referrals(
    store: &Store,
    config: &Config,
    opts: &DocumentOptions,
) -> Result<Vec<Referral>, ReportError> {
    let mut out: Vec<Referral> = Vec::new();
    for dim in [Dim::ReferredFrom, Dim::ReferredTo] {
        let report = run(store, config, &query(opts, opts.period, vec![dim]))?;
        for row in report.rows {
            let code = &row.keys[0];
            if code.is_empty() || row.counts.contacts == 0 {
                continue;
            }
            let i = match out.iter().position(|r| &r.code == code) {
                Some(i) => i,
                None => {
                    out.push(Referral {
                        code: code.clone(),
                        label: value_label(config, dim, code).to_string(),
                        referred_in: 0,
                        referred_out: 0,
                    });
                    out.len() - 1
                }
            };
            match dim {
                Dim::ReferredFrom => out[i].referred_in = row.counts.contacts,
                _ => out[i].referred_out = row.counts.contacts,
            }
        }
    }
    // The config's partner order, then partners it no longer lists.
    let rank = |code: &str| {
        config
            .partners
            .iter()
            .position(|p| p.code() == code)
            .unwrap_or(usize::MAX)
    };
    out.sort_by(|a, b| {
        rank(&a.code)
            .cmp(&rank(&b.code))
            .then_with(|| a.code.cmp(&b.code))
    });
    Ok(out)
}

/// The gap report's topics that had contacts, in its order (the largest gap first).
fn kb_gaps(
    store: &Store,
    config: &Config,
    opts: &DocumentOptions,
) -> Result<Vec<KbGap>, ReportError> {
    let gaps = crate::report::kb_gaps(store, config, &opts.period, opts.desk.as_deref())?;
    Ok(gaps
        .into_iter()
        .filter(|g| g.contacts > 0)
        .map(|g| KbGap {
            label: value_label(config, Dim::Topic, &g.topic).to_string(),
            topic: g.topic,
            contacts: g.contacts,
            with_article: g.with_article,
            articles: g.articles,
        })
        .collect())
}

fn follow_ups(store: &Store, opts: &DocumentOptions) -> Result<FollowUps, ReportError> {
    let (open, due) = store.count_follow_ups_due(
        &crate::report::query::period_scope(&opts.period, opts.desk.as_deref())
            .only(crate::store::Only::OpenFollowUp),
        opts.today,
    )?;
    Ok(FollowUps {
        open: open as u64,
        due: due as u64,
    })
}

/// The targets of the year the period ends in, as they stood at its end (or today, while it
/// runs: then the figures are those of `balie report --targets`). `None` before the year or
/// when the config sets no targets for it.
fn targets(
    store: &Store,
    config: &Config,
    opts: &DocumentOptions,
) -> Result<Option<Targets>, ReportError> {
    let end = opts.period.to();
    let year = end.year();
    if opts.today < NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(end) {
        return Ok(None);
    }
    let desk = opts.desk.as_deref();
    let (as_of, progress) = if opts.today <= end {
        (
            opts.today,
            target_progress(store, config, year, opts.today, desk)?,
        )
    } else {
        (
            end,
            crate::report::targets::target_progress_until(store, config, year, end, desk)?,
        )
    };
    if progress.is_empty() {
        return Ok(None);
    }
    Ok(Some(Targets { as_of, progress }))
}

/// Count everything the document shows.
pub fn build(
    store: &Store,
    config: &Config,
    opts: &DocumentOptions,
) -> Result<Document, ReportError> {
    let total = run(store, config, &query(opts, opts.period, Vec::new()))?.total;
    let kinds = run(store, config, &query(opts, opts.period, vec![Dim::Kind]))?;
    let kind = |k: &str| kinds.get(&[k]).map_or(0, |c| c.contacts);
    let earlier = match year_before(&opts.period) {
        Some(p) => Some(Earlier {
            period: p,
            total: run(store, config, &query(opts, p, Vec::new()))?.total,
        }),
        None => None,
    };
    let desks = breakdown(store, config, opts, Dim::Desk)?;
    let desk_names = match (&opts.desk, &desks) {
        (Some(d), _) => vec![d.clone()],
        (None, Some(b)) => b.lines.iter().map(|l| l.key.clone()).collect(),
        (None, None) => Vec::new(),
    };
    let summary = Summary {
        total,
        residents_used: total.residents > 0,
        help_questions: kind("hulpvraag"),
        short_contacts: kind("kort"),
        desks: desk_names,
        earlier,
    };
    let weeks = if total.contacts == 0 {
        Vec::new()
    } else {
        let report = run(store, config, &query(opts, opts.period, vec![Dim::Week]))?;
        opts.period
            .weeks()
            .into_iter()
            .map(|(label, monday)| Week {
                contacts: report.get(&[&label]).map_or(0, |c| c.contacts),
                partial: monday < opts.period.from()
                    || monday + chrono::Duration::days(6) > opts.period.to(),
                label,
                monday,
            })
            .collect()
    };
    Ok(Document {
        period: opts.period,
        desk: opts.desk.clone(),
        made_on: opts.today,
        // One desk's document needs no table of one row.
        desks: desks.filter(|b| opts.desk.is_none() && b.lines.len() > 1),
        topics: breakdown(store, config, opts, Dim::Topic)?,
        landlord_groups: breakdown(store, config, opts, Dim::LandlordGroup)?,
        landlords: breakdown(store, config, opts, Dim::Landlord)?,
        weeks,
        targets: targets(store, config, opts)?,
        referrals: referrals(store, config, opts)?,
        follow_ups: follow_ups(store, opts)?,
        signals: crate::report::signals(store, Some(&opts.period), opts.desk.as_deref())?,
        kb_gaps: kb_gaps(store, config, opts)?,
        coming_back: crate::report::residents::residents(
            store,
            &opts.period,
            opts.desk.as_deref(),
            false,
        )?,
        summary,
    })
}
