//! The counting pass behind every report. The store streams the contacts of the period (one
//! query, using the index on `at` or on `(desk, at)`), joined to their topics when the
//! breakdown is by topic ([`Store::each_tallied`]); the counts are tallied here as the rows go
//! by.
//!
//! Why not `GROUP BY` in SQL: SQLite sorts every joined row before grouping, and
//! `count(DISTINCT resident)` sorts again. For a year's week x topic grid over 1,000,000
//! contacts (130,000 rows) that took about 200 ms; hashing the rows as they arrive takes a
//! few milliseconds on top of reading them (see BENCHMARKS.md).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::config::Config;
use crate::store::{ContactField, Scope, Store, StoreError};

use super::ReportError;
use super::export::landlord_group;
use super::period::iso_week_label;
use super::query::{Counts, Dim, Query};

/// More dimensions than there are kinds cannot be asked for (duplicates are refused).
const MAX_DIMS: usize = Dim::ALL.len();

type Key = [u32; MAX_DIMS];

/// Strings to small numbers, so a row's key is a fixed array and nothing is allocated for a
/// value seen before.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(s.to_string());
        self.ids.insert(s.to_string(), id);
        id
    }
}

#[derive(Default)]
struct Cell {
    contacts: u64,
    residents: HashSet<u32>,
}

/// The total over the period (every contact once) and the counts per combination that
/// occurs, keyed by the stable codes in the order of `q.by`.
pub(super) struct Tally {
    pub total: Counts,
    pub found: HashMap<Vec<String>, Counts>,
}

/// The stored value a dimension counts by.
fn field(dim: Dim) -> ContactField {
    match dim {
        Dim::Topic => ContactField::Topic,
        Dim::Desk => ContactField::Desk,
        Dim::Channel => ContactField::Channel,
        Dim::Kind => ContactField::Kind,
        Dim::Landlord | Dim::LandlordGroup => ContactField::Landlord,
        Dim::Volunteer => ContactField::Volunteer,
        Dim::Week | Dim::Month => ContactField::At,
        Dim::Signal => ContactField::Signal,
        Dim::ReferredTo => ContactField::ReferredTo,
        Dim::ReferredFrom => ContactField::ReferredFrom,
    }
}

/// The contacts a report counts, and the value of each of its dimensions.
pub(super) fn tallied(q: &Query) -> (Scope, Vec<ContactField>) {
    (
        super::query::period_scope(&q.period, q.desk.as_deref()),
        q.by.iter().map(|&d| field(d)).collect(),
    )
}

/// The ISO week of a stored moment `YYYY-MM-DD HH:MM`.
fn week_of(at: &str) -> Result<String, ReportError> {
    let day = at
        .get(..10)
        .and_then(|d| d.parse::<NaiveDate>().ok())
        .ok_or_else(|| StoreError::Corrupt(format!("bad time `{at}`")))?;
    Ok(iso_week_label(day))
}

pub(super) fn tally(store: &Store, config: &Config, q: &Query) -> Result<Tally, ReportError> {
    let n = q.by.len();
    debug_assert!(n <= MAX_DIMS);
    let (scope, fields) = tallied(q);

    let mut values: Vec<Interner> = (0..n).map(|_| Interner::default()).collect();
    let mut residents = Interner::default();
    // A contact's moments arrive in order, so the last day's week is nearly always the next.
    let mut last_day: Vec<(String, u32)> = vec![(String::new(), 0); n];
    let mut cells: HashMap<Key, Cell> = HashMap::new();
    let mut contacts: HashSet<i64> = HashSet::new();
    let mut all_residents: HashSet<u32> = HashSet::new();
    // a signal's key by its spelling, and each key's spellings with their use
    let mut signal_ids: HashMap<String, u32> = HashMap::new();
    let mut spellings: HashMap<u32, HashMap<String, u64>> = HashMap::new();
    store.each_tallied(&scope, &fields, |raw_values, rowid, resident| {
        let mut key: Key = [0; MAX_DIMS];
        for (i, &dim) in q.by.iter().enumerate() {
            let raw = raw_values[i];
            key[i] = match dim {
                Dim::Week => {
                    let day = raw.get(..10).unwrap_or(raw);
                    if last_day[i].0 != day || last_day[i].0.is_empty() {
                        let id = values[i].id(&week_of(raw)?);
                        last_day[i] = (day.to_string(), id);
                    }
                    last_day[i].1
                }
                Dim::Month => values[i].id(raw.get(..7).unwrap_or(raw)),
                Dim::LandlordGroup => values[i].id(landlord_group(config, raw)),
                // spellings of one signal (case, spacing, accents) count together
                Dim::Signal => {
                    let id = match signal_ids.get(raw) {
                        Some(&id) => id,
                        None => {
                            let id = values[i].id(&crate::text::label_key(raw));
                            signal_ids.insert(raw.to_string(), id);
                            id
                        }
                    };
                    *spellings
                        .entry(id)
                        .or_default()
                        .entry(raw.to_string())
                        .or_default() += 1;
                    id
                }
                _ => values[i].id(raw),
            };
        }
        // One resident however the code was written (`K-0042`, `k0042`): the same key the
        // figures on coming back use.
        let resident = resident.map(|r| residents.id(&super::residents::resident_key(r)));
        contacts.insert(rowid);
        let cell = cells.entry(key).or_default();
        cell.contacts += 1;
        if let Some(r) = resident {
            cell.residents.insert(r);
            all_residents.insert(r);
        }
        Ok::<_, ReportError>(())
    })?;
    let total = Counts {
        contacts: contacts.len() as u64,
        residents: all_residents.len() as u64,
    };
    let found = if n == 0 {
        HashMap::new()
    } else {
        cells
            .into_iter()
            .map(|(key, cell)| {
                let keys = (0..n)
                    .map(|i| match spellings.get(&key[i]) {
                        Some(s) if q.by[i] == Dim::Signal => crate::text::preferred_spelling(s),
                        _ => values[i].names[key[i] as usize].clone(),
                    })
                    .collect();
                let counts = Counts {
                    contacts: cell.contacts,
                    residents: cell.residents.len() as u64,
                };
                (keys, counts)
            })
            .collect()
    };
    Ok(Tally { total, found })
}
