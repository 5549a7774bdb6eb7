//! Carrying out effects against the store, and reporting each result back as an action.
//! This is the only part of the desk screen that reads or writes the database.

use chrono::{Duration, NaiveTime};

use super::action::{Action, Done, Effect};
use super::state::{Op, State, TODAY_LIMIT, Today};
use super::update::SETTING_DRAFT;
use crate::report;
use crate::store::{Filter, Store, StoreError};
use std::path::PathBuf;

/// How many earlier signal labels the form's picker is offered (the most used).
pub const SIGNAL_SUGGESTIONS: usize = 500;

pub struct Runner {
    /// `PRAGMA data_version` when we last loaded: it changes when another process commits.
    seen_version: Option<i64>,
    /// Where the overview's export key writes files.
    pub export_dir: PathBuf,
}

impl Runner {
    pub fn new(export_dir: PathBuf) -> Runner {
        Runner {
            seen_version: None,
            export_dir,
        }
    }

    /// Carry out one effect. `state` is read for the desk, volunteer and time only.
    pub fn run(&mut self, effect: Effect, store: &mut Store, state: &State) -> Vec<Action> {
        match self.try_run(effect, store, state) {
            Ok(actions) => actions,
            Err(e) => vec![Action::Failed(e.to_string())],
        }
    }

    fn try_run(
        &mut self,
        effect: Effect,
        store: &mut Store,
        state: &State,
    ) -> Result<Vec<Action>, StoreError> {
        let done = |d: Done| vec![Action::Done(Box::new(d))];
        Ok(match effect {
            Effect::Apply(op) => {
                if !apply(store, state, &op, Mode::Do)? {
                    return Ok(vec![Action::Failed(
                        state.strings().contact_gone.to_string(),
                    )]);
                }
                done(Done::Stored(op))
            }
            Effect::Undo(op) => {
                if !apply(store, state, &op, Mode::Undo)? {
                    return Ok(vec![Action::Failed(
                        state.strings().contact_gone.to_string(),
                    )]);
                }
                done(Done::Undone(op))
            }
            Effect::Redo(op) => {
                if !apply(store, state, &op, Mode::Redo)? {
                    return Ok(vec![Action::Failed(
                        state.strings().contact_gone.to_string(),
                    )]);
                }
                done(Done::Redone(op))
            }
            Effect::Reload => vec![self.load(store, state)?],
            Effect::CheckForChanges => {
                let v = data_version(store)?;
                if self.seen_version.is_some_and(|seen| seen != v) {
                    vec![self.load(store, state)?]
                } else {
                    vec![]
                }
            }
            Effect::Open(id) => match store.get(&id)? {
                Some(c) => vec![Action::Opened(Box::new(c), Vec::new())],
                None => vec![Action::Failed(state.strings().contact_gone.to_string())],
            },
            Effect::SaveDraft(json) => {
                store.set_setting(SETTING_DRAFT, &json)?;
                vec![]
            }
            Effect::ClearDraft => {
                store.clear_setting(SETTING_DRAFT)?;
                vec![]
            }
            Effect::SaveSetting(key, value) => {
                store.set_setting(key, &value)?;
                vec![]
            }
            Effect::LoadOverview { period, desk } => {
                match report::overview(
                    store,
                    &state.config,
                    &period,
                    desk.as_deref(),
                    state.now.date(),
                ) {
                    Ok(data) => vec![Action::OverviewLoaded(Box::new(data))],
                    Err(e) => vec![Action::Problem(e.to_string())],
                }
            }
            Effect::LoadSignalLabels => {
                let labels = store.signal_labels("", SIGNAL_SUGGESTIONS)?;
                vec![Action::SignalLabels(
                    labels.into_iter().map(|l| l.label).collect(),
                )]
            }
            Effect::ExportPeriod { period, desk } => {
                let written = report::export::export_period_to_folder(
                    store,
                    &state.config,
                    &period,
                    desk.as_deref(),
                    report::export::ExportFormat::Xlsx,
                    report::export::Dialect::default(),
                    &self.export_dir,
                );
                match written {
                    Ok(path) => {
                        store.audit(
                            state.now,
                            &state.volunteer,
                            "export",
                            &[],
                            &path.display().to_string(),
                        )?;
                        vec![Action::Exported(path.display().to_string())]
                    }
                    Err(e) => vec![Action::Problem(e.to_string())],
                }
            }
        })
    }

    /// Today's contacts at this desk, newest first, with the counts per topic.
    fn load(&mut self, store: &Store, state: &State) -> Result<Action, StoreError> {
        self.seen_version = Some(data_version(store)?);
        let date = state.now.date();
        let mut filter = Filter {
            from: Some(date.and_time(NaiveTime::MIN)),
            until: Some((date + Duration::days(1)).and_time(NaiveTime::MIN)),
            desk: Some(state.desk.clone()),
            newest_first: true,
            limit: Some(TODAY_LIMIT),
            offset: 0,
        };
        let contacts = store.list(&filter)?;
        filter.limit = None;
        let total = store.count(&filter)?;
        let counts = store.topic_counts(&filter)?;
        Ok(Action::Loaded(Box::new(Today {
            date: Some(date),
            contacts,
            total,
            counts,
        })))
    }
}

fn data_version(store: &Store) -> Result<i64, StoreError> {
    Ok(store
        .conn()
        .pragma_query_value(None, "data_version", |r| r.get(0))?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The first time.
    Do,
    Undo,
    Redo,
}

/// Carry out `op` (or its inverse), audited in the same transaction as the change. False
/// when the contact it needs is gone.
fn apply(store: &mut Store, state: &State, op: &Op, mode: Mode) -> Result<bool, StoreError> {
    let now = state.now;
    let who = state.volunteer.as_str();
    if let (Op::Insert(c), Mode::Do) = (op, mode) {
        // a new contact: logging is not audited, only changes to what was logged
        store.insert(c)?;
        return Ok(true);
    }
    match (op, mode == Mode::Undo) {
        (Op::Insert(c), false) | (Op::Delete(c), true) => {
            if store.get(&c.id)?.is_none() {
                store.restore_contact(c, who, now)?;
            }
            Ok(true)
        }
        (Op::Insert(c), true) | (Op::Delete(c), false) => {
            Ok(store.delete(&c.id, who, now)?.is_some())
        }
        (Op::Update { before, after }, inverse) => {
            let mut target = if inverse {
                before.clone()
            } else {
                after.clone()
            };
            target.updated_at = now;
            store.update(&target, who)
        }
    }
}
