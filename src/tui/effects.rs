//! Carrying out effects against the store, and reporting each result back as an action.
//! This is the only part of the desk screen that reads or writes the database.

use chrono::{Duration, NaiveTime};

use super::action::{Action, Done, Effect};
use super::state::{Op, State, TODAY_LIMIT, Today};
use super::update::SETTING_DRAFT;
use crate::store::{Filter, Store, StoreError};

pub struct Runner {
    /// `PRAGMA data_version` when we last loaded: it changes when another process commits.
    seen_version: Option<i64>,
}

impl Default for Runner {
    fn default() -> Self {
        Self::new()
    }
}

impl Runner {
    pub fn new() -> Runner {
        Runner { seen_version: None }
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
                if !apply(store, state, &op, false)? {
                    return Ok(vec![Action::Failed(
                        state.strings().contact_gone.to_string(),
                    )]);
                }
                done(Done::Stored(op))
            }
            Effect::Undo(op) => {
                if !apply(store, state, &op, true)? {
                    return Ok(vec![Action::Failed(
                        state.strings().contact_gone.to_string(),
                    )]);
                }
                done(Done::Undone(op))
            }
            Effect::Redo(op) => {
                if !apply(store, state, &op, false)? {
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

/// Carry out `op` (or its inverse). False when the contact it needs is gone.
fn apply(store: &mut Store, state: &State, op: &Op, inverse: bool) -> Result<bool, StoreError> {
    let now = state.now;
    let who = state.volunteer.as_str();
    match (op, inverse) {
        (Op::Insert(c), false) | (Op::Delete(c), true) => {
            if store.get(&c.id)?.is_some() {
                return Ok(true);
            }
            store.restore_contact(c)?;
            if inverse {
                store.audit(now, who, "undo-delete", &[&c.id], "")?;
            }
            Ok(true)
        }
        (Op::Insert(c), true) | (Op::Delete(c), false) => {
            let gone = store.delete(&c.id, now)?.is_some();
            store.audit(
                now,
                who,
                if inverse { "undo-insert" } else { "delete" },
                &[&c.id],
                "",
            )?;
            Ok(gone)
        }
        (Op::Update { before, after }, inverse) => {
            let target = if inverse { before } else { after };
            let ok = store.update(target)?;
            if ok {
                store.audit(
                    now,
                    who,
                    if inverse { "undo-edit" } else { "edit" },
                    &[&target.id],
                    "",
                )?;
            }
            Ok(ok)
        }
    }
}
