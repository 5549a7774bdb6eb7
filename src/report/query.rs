//! Reports: contacts and distinct residents per combination of dimensions over a period
//! (counted in [`super::tally`]), completed with the zero rows a coordinator expects to see
//! (every topic, every week of the period), in a stable order.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::config::{Config, LANDLORD_GROUPS};
use crate::store::{Scope, Store};

use super::{Period, ReportError};

/// What a report can be broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dim {
    Topic,
    Desk,
    Channel,
    Kind,
    Landlord,
    LandlordGroup,
    Volunteer,
    Week,
    Month,
    /// The signal label a contact carries (an open list: the labels that occur).
    Signal,
    /// The partner a resident was referred to (the partners that occur).
    ReferredTo,
    /// The partner that referred the resident (the partners that occur).
    ReferredFrom,
}

/// How an empty value (no signal, not referred) is shown in a table.
pub const NONE_LABEL: &str = "(none)";

impl Dim {
    /// Every dimension, once.
    pub const ALL: [Dim; 12] = [
        Dim::Topic,
        Dim::Desk,
        Dim::Channel,
        Dim::Kind,
        Dim::Landlord,
        Dim::LandlordGroup,
        Dim::Volunteer,
        Dim::Week,
        Dim::Month,
        Dim::Signal,
        Dim::ReferredTo,
        Dim::ReferredFrom,
    ];

    /// The column name in CSV and the key in JSON.
    pub fn column(self) -> &'static str {
        match self {
            Dim::Topic => "topic",
            Dim::Desk => "desk",
            Dim::Channel => "channel",
            Dim::Kind => "kind",
            Dim::Landlord => "landlord",
            Dim::LandlordGroup => "landlord_group",
            Dim::Volunteer => "volunteer",
            Dim::Week => "week",
            Dim::Month => "month",
            Dim::Signal => "signal",
            Dim::ReferredTo => "referred_to",
            Dim::ReferredFrom => "referred_from",
        }
    }

    /// Whether the dimension has a fixed list of values (shown with zero counts when no
    /// contact has them). Desks, volunteers, signals and partners show only the ones that
    /// occur (with contacts without one under an empty value, listed last).
    fn closed(self) -> bool {
        !matches!(
            self,
            Dim::Desk | Dim::Volunteer | Dim::Signal | Dim::ReferredTo | Dim::ReferredFrom
        )
    }
}

/// Which contacts to count, and how to break them down.
#[derive(Debug, Clone)]
pub struct Query {
    pub period: Period,
    pub by: Vec<Dim>,
    /// Count only this desk's contacts.
    pub desk: Option<String>,
}

impl Query {
    pub fn new(period: Period) -> Query {
        Query {
            period,
            by: Vec::new(),
            desk: None,
        }
    }
}

/// Contacts, and distinct resident codes among them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub contacts: u64,
    pub residents: u64,
}

/// One combination of dimension values (stable codes, in the order of `by`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub keys: Vec<String>,
    pub counts: Counts,
}

/// The counts for a period.
#[derive(Debug, Clone)]
pub struct Report {
    pub period: Period,
    pub by: Vec<Dim>,
    pub desk: Option<String>,
    pub rows: Vec<Row>,
    /// Every contact in the period once, whatever its topics.
    pub total: Counts,
}

impl Report {
    /// Whether any contact in the period carries a resident code (the residents column is
    /// shown only then).
    pub fn residents_used(&self) -> bool {
        self.total.residents > 0
    }

    /// The counts of the row with these keys.
    pub fn get(&self, keys: &[&str]) -> Option<Counts> {
        self.rows
            .iter()
            .find(|r| r.keys.iter().map(String::as_str).eq(keys.iter().copied()))
            .map(|r| r.counts)
    }
}

/// The contacts of the days of `period` at `desk` (every desk when `None`).
pub(crate) fn period_scope(period: &Period, desk: Option<&str>) -> Scope {
    Scope::days(period.from(), period.to()).at_desk(desk)
}

/// Count the contacts of `q.period`, broken down by `q.by`.
pub fn run(store: &Store, config: &Config, q: &Query) -> Result<Report, ReportError> {
    for (i, d) in q.by.iter().enumerate() {
        if q.by[..i].contains(d) {
            return Err(ReportError::DuplicateDim(d.column()));
        }
    }
    let tally = super::tally::tally(store, config, q)?;
    let rows = if q.by.is_empty() {
        Vec::new()
    } else {
        complete(config, q, tally.found)
    };
    Ok(Report {
        period: q.period,
        by: q.by.clone(),
        desk: q.desk.clone(),
        rows,
        total: tally.total,
    })
}

/// The values a dimension always shows, in display order.
fn domain(config: &Config, period: &Period, dim: Dim) -> Vec<String> {
    let visible = |items: Vec<(&String, bool)>| -> Vec<String> {
        items
            .into_iter()
            .filter(|(_, hidden)| !hidden)
            .map(|(c, _)| c.clone())
            .collect()
    };
    match dim {
        Dim::Topic => visible(config.topics.iter().map(|t| (&t.code, t.hidden)).collect()),
        Dim::Channel => visible(
            config
                .channels
                .iter()
                .map(|t| (&t.code, t.hidden))
                .collect(),
        ),
        Dim::Landlord => visible(
            config
                .landlords
                .iter()
                .map(|t| (&t.code, t.hidden))
                .collect(),
        ),
        Dim::Kind => vec!["kort".into(), "hulpvraag".into()],
        Dim::LandlordGroup => LANDLORD_GROUPS.iter().map(|g| g.to_string()).collect(),
        Dim::Week => period.weeks().into_iter().map(|(l, _)| l).collect(),
        Dim::Month => period.months(),
        Dim::Desk | Dim::Volunteer | Dim::Signal | Dim::ReferredTo | Dim::ReferredFrom => {
            Vec::new()
        }
    }
}

/// Every combination a coordinator expects: the closed dimensions in full, the open ones
/// (desk, volunteer) as they occur; sorted by each dimension's display order.
fn complete(config: &Config, q: &Query, found: HashMap<Vec<String>, Counts>) -> Vec<Row> {
    let n = q.by.len();
    // Per dimension: its values in order (the fixed list, then others that occur, sorted).
    let mut orders: Vec<Vec<String>> = Vec::with_capacity(n);
    for (i, &dim) in q.by.iter().enumerate() {
        let mut values = domain(config, &q.period, dim);
        let extra: BTreeSet<&String> = found
            .keys()
            .map(|k| &k[i])
            .filter(|v| !values.contains(v))
            .collect();
        // The empty value (no signal, not referred) goes after the named ones.
        let (empty, named): (Vec<&String>, Vec<&String>) =
            extra.into_iter().partition(|v| v.is_empty());
        values.extend(named.into_iter().chain(empty).cloned());
        orders.push(values);
    }
    let rank: Vec<HashMap<&str, usize>> = orders
        .iter()
        .map(|vals| {
            vals.iter()
                .enumerate()
                .map(|(i, v)| (v.as_str(), i))
                .collect()
        })
        .collect();
    let open: Vec<usize> = (0..n).filter(|&i| !q.by[i].closed()).collect();
    let mut open_tuples: BTreeSet<Vec<&str>> = found
        .keys()
        .map(|k| open.iter().map(|&i| k[i].as_str()).collect())
        .collect();
    if open.is_empty() {
        // Only fixed lists: the full grid, even for a period without contacts.
        open_tuples.insert(Vec::new());
    }
    let mut keys: Vec<Vec<String>> = Vec::new();
    for tuple in &open_tuples {
        let mut partial: Vec<Vec<String>> = vec![Vec::with_capacity(n)];
        for (i, values) in orders.iter().enumerate() {
            if let Some(pos) = open.iter().position(|&o| o == i) {
                for p in &mut partial {
                    p.push(tuple[pos].to_string());
                }
            } else {
                partial = partial
                    .into_iter()
                    .flat_map(|p| {
                        values.iter().map(move |v| {
                            let mut p = p.clone();
                            p.push(v.clone());
                            p
                        })
                    })
                    .collect();
            }
        }
        keys.extend(partial);
    }
    let mut rows: Vec<Row> = keys
        .into_iter()
        .map(|k| {
            let counts = found.get(&k).copied().unwrap_or_default();
            Row { keys: k, counts }
        })
        .collect();
    rows.sort_by_cached_key(|r| {
        r.keys
            .iter()
            .enumerate()
            .map(|(i, v)| rank[i].get(v.as_str()).copied().unwrap_or(usize::MAX))
            .collect::<Vec<_>>()
    });
    rows
}

/// A dimension value as people read it: the label in the configured language for topics,
/// channels and landlords, the code otherwise.
pub fn value_label<'a>(config: &'a Config, dim: Dim, code: &'a str) -> &'a str {
    use crate::config::Labelled;
    match dim {
        Dim::Topic => config.topic(code).map_or(code, |t| t.label(config.lang)),
        Dim::Channel => config.channel(code).map_or(code, |t| t.label(config.lang)),
        Dim::Landlord => config.landlord(code).map_or(code, |t| t.label(config.lang)),
        Dim::Signal | Dim::ReferredTo | Dim::ReferredFrom if code.is_empty() => NONE_LABEL,
        Dim::ReferredTo | Dim::ReferredFrom => {
            config.partner(code).map_or(code, |p| p.label(config.lang))
        }
        _ => code,
    }
}
