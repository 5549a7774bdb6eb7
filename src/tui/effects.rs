//! Carrying out effects against the store, and reporting each result back as an action.
//! This is the only part of the desk screen that reads or writes the database.

use chrono::{Duration, NaiveDateTime, NaiveTime};

use super::action::{Action, Done, Effect};
use super::messages;
use super::state::{Op, State, TODAY_LIMIT, Today};
use crate::kb;
use crate::report;
use crate::store::{Filter, Store, StoreError, UndoCheck};
use std::collections::HashMap;
use std::path::PathBuf;

use crate::domain::{Contact, ContactId};
/// How many earlier signal labels the form's picker is offered (the most used).
pub const SIGNAL_SUGGESTIONS: usize = 500;

pub struct Runner {
    /// `PRAGMA data_version` when we last loaded: it changes when another process commits.
    seen_version: Option<i64>,
    /// Changes this process made (which `data_version` does not count).
    own_writes: u64,
    /// The last target progress computed, and for what.
    targets: Option<(TargetKey, Vec<report::TargetProgress>)>,
    /// Article links of contacts deleted in this session, so undo can restore them.
    deleted_links: HashMap<ContactId, Vec<String>>,
    /// The knowledge-base search index, loaded the first time it is needed.
    searcher: Option<kb::search::Searcher>,
    /// Where the overview's export key writes files.
    pub export_dir: PathBuf,
    /// The key file whose passphrase unlocks the locked screen (encrypted databases).
    pub key_file: Option<PathBuf>,
    /// Starting `balie sync` in the background, when sync is set up.
    pub background_sync: Option<super::sync_process::BackgroundSync>,
}

impl Runner {
    pub fn new(export_dir: PathBuf) -> Runner {
        Runner {
            seen_version: None,
            own_writes: 0,
            deleted_links: HashMap::new(),
            targets: None,
            searcher: None,
            key_file: None,
            export_dir,
            background_sync: None,
        }
    }

    /// An article changed outside the runner (edited in the user's editor): search anew.
    pub fn kb_changed(&mut self) {
        self.searcher = None;
    }

    /// Carry out one effect. `state` is read for the desk, volunteer and time only.
    pub fn run(&mut self, effect: Effect, store: &mut Store, state: &State) -> Vec<Action> {
        if matches!(
            effect,
            Effect::Apply(_) | Effect::Undo(_) | Effect::Redo(_) | Effect::SetLinks { .. }
        ) {
            self.own_writes += 1;
        }
        match self.try_run(effect, store, state) {
            Ok(actions) => actions,
            Err(e) => vec![Action::Failed(super::messages::store_error(
                state.config.lang,
                &e,
            ))],
        }
    }

    fn try_run(
        &mut self,
        effect: Effect,
        store: &mut Store,
        state: &State,
    ) -> Result<Vec<Action>, StoreError> {
        let done = |d: Done| vec![Action::Done(Box::new(d))];
        let lang = state.config.lang;
        Ok(match effect {
            Effect::Apply(op) => {
                // a new contact gets its id here, not in `update` (ids read the clock)
                // and a signal takes the spelling used before (`kolenkit renovatie` counts
                // with `Kolenkit renovatie`)
                let op = match op {
                    Op::Insert(mut c) => {
                        if c.id.is_unassigned() {
                            c.id = ContactId::new();
                        }
                        canonical_signal(store, &mut c)?;
                        Op::Insert(c)
                    }
                    Op::Update {
                        before,
                        mut after,
                        links,
                    } => {
                        canonical_signal(store, &mut after)?;
                        Op::Update {
                            before,
                            after,
                            links,
                        }
                    }
                    op => op,
                };
                if apply(store, state, &op, Mode::Do, &mut self.deleted_links)? == Outcome::Gone {
                    return Ok(vec![Action::Failed(
                        state.strings().contact_gone.to_string(),
                    )]);
                }
                done(Done::Stored(op))
            }
            Effect::Undo(op) => self.undo_or_redo(store, state, op, Mode::Undo)?,
            Effect::Redo(op) => self.undo_or_redo(store, state, op, Mode::Redo)?,
            Effect::Reload => {
                let mut actions = vec![self.load(store, state)?];
                if let Some(bg) = &self.background_sync {
                    actions.push(Action::SyncStatus(
                        super::sync_process::status(store),
                        bg.running(),
                    ));
                }
                actions
            }
            // A sync that cannot start shows as ended; the next one is tried when due.
            Effect::StartSync => match self.background_sync.as_mut().map(|bg| bg.start()) {
                Some(false) => vec![Action::SyncStatus(
                    super::sync_process::status(store),
                    false,
                )],
                _ => vec![],
            },
            Effect::PollSync => match self.background_sync.as_mut().map(|bg| bg.ended()) {
                Some(true) => vec![Action::SyncStatus(
                    super::sync_process::status(store),
                    false,
                )],
                _ => vec![],
            },
            Effect::CheckForChanges => {
                let v = store.data_version()?;
                if self.seen_version.is_some_and(|seen| seen != v) {
                    vec![self.load(store, state)?]
                } else {
                    vec![]
                }
            }
            Effect::Open(id) => match store.get(&id)? {
                Some(c) => {
                    let links = kb::linked_articles(store, &id)?
                        .into_iter()
                        .map(|l| {
                            let title = l.title.unwrap_or_else(|| l.id.clone());
                            (l.id, title)
                        })
                        .collect();
                    vec![Action::Opened(Box::new(c), links)]
                }
                None => vec![Action::Problem(state.strings().contact_gone.to_string())],
            },
            Effect::SaveDraft(json) => {
                match store.set_setting(crate::store::Setting::Draft.key(), &json) {
                    Ok(()) => vec![],
                    Err(e) => vec![Action::DraftNotSaved(e.to_string())],
                }
            }
            Effect::Unlock(typed) => {
                let secret = crate::crypt::Secret::new(typed.0.to_string());
                drop(typed);
                match crate::crypt::pin::unlock(store, self.key_file.as_deref(), &secret) {
                    Ok(result) => vec![Action::UnlockResult(result)],
                    Err(e) => vec![
                        Action::UnlockResult(crate::crypt::pin::Unlock::WrongPassphrase),
                        Action::Problem(e.to_string()),
                    ],
                }
            }
            Effect::ClearDraft => {
                store.clear_setting(crate::store::Setting::Draft.key())?;
                vec![]
            }
            Effect::SaveSetting(key, value) => {
                store.set_setting(key, &value)?;
                vec![]
            }
            Effect::KbSearch(query) => {
                let searcher = match &mut self.searcher {
                    Some(s) => s,
                    None => match kb::search::Searcher::load(store) {
                        Ok(s) => self.searcher.insert(s),
                        Err(e) => return Ok(vec![Action::Problem(messages::kb_error(lang, &e))]),
                    },
                };
                match searcher.search(store, &query, crate::tui::screens::kb::HIT_LIMIT) {
                    Ok(hits) => vec![Action::KbResults { query, hits }],
                    Err(e) => vec![Action::Problem(messages::kb_error(lang, &e))],
                }
            }
            Effect::KbLoad(id) => match kb::get(store, &id) {
                Ok(Some(article)) => vec![Action::KbLoaded(Box::new(article))],
                Ok(None) => vec![],
                Err(e) => vec![Action::Problem(messages::kb_error(lang, &e))],
            },
            Effect::KbLinked(contact) => {
                vec![Action::KbLinkedIds(store.linked_article_ids(&contact)?)]
            }
            Effect::LinkArticle {
                contact,
                article,
                link,
            } => {
                if link {
                    store.link_article(&contact, &article, state.now)?;
                } else {
                    store.unlink_article(&contact, &article)?;
                }
                vec![]
            }
            Effect::SetLinks { contact, articles } => {
                set_links(store, &contact, &articles, state.now)?;
                vec![]
            }
            Effect::LoadFollowUps { all } => {
                let which = if all {
                    crate::store::FollowUps::All
                } else {
                    crate::store::FollowUps::Due
                };
                let items = store.follow_ups(which, state.now.date(), Some(&state.desk))?;
                vec![Action::FollowUpsLoaded(items)]
            }
            Effect::MarkFollowUpDone(id) => {
                match store.mark_follow_up_done(&id, &state.volunteer, state.now)? {
                    crate::store::FollowUpDone::Marked(c) => vec![Action::FollowUpMarked(c)],
                    _ => vec![Action::FollowUpsLoaded(store.follow_ups(
                        crate::store::FollowUps::Due,
                        state.now.date(),
                        Some(&state.desk),
                    )?)],
                }
            }
            Effect::LoadOverview { period, desk } => {
                match self.overview(store, state, period, desk) {
                    Ok(data) => vec![Action::OverviewLoaded(Box::new(data))],
                    Err(e) => vec![Action::Problem(messages::report_error(lang, &e))],
                }
            }
            // a thread that cannot be read is said, never called "not saved"
            Effect::LoadThread { code, except } => {
                match store.resident_thread(&state.desk, &code, except.as_ref()) {
                    Ok(t) => vec![Action::ThreadLoaded(code, Box::new(t))],
                    Err(e) => vec![Action::Problem(super::messages::store_error(lang, &e))],
                }
            }
            Effect::LoadThreadList(code) => {
                match store.resident_contacts(&state.desk, &code, None) {
                    Ok(list) => vec![Action::ThreadListLoaded(code, list)],
                    Err(e) => vec![Action::Problem(super::messages::store_error(lang, &e))],
                }
            }
            Effect::DocumentPeriod { period, desk } => {
                let opts = report::document::DocumentOptions {
                    period,
                    desk,
                    today: state.now.date(),
                };
                match report::document::write_to_folder(
                    store,
                    &state.config,
                    &opts,
                    &self.export_dir,
                ) {
                    Ok(path) => vec![Action::Exported(path.display().to_string())],
                    Err(e) => vec![Action::Problem(messages::export_error(lang, &e))],
                }
            }
            // the loop runs the editor: it must leave the screen first (see `tui::edit`)
            Effect::EditArticle(_) => vec![],
            Effect::LoadSignalLabels => {
                let labels = store.signal_labels("", SIGNAL_SUGGESTIONS)?;
                vec![Action::SignalLabels(
                    labels.into_iter().map(|l| l.label).collect(),
                )]
            }
            Effect::ExportPeriod { period, desk } => {
                let opts = report::export::ExportOptions {
                    format: report::export::ExportFormat::Xlsx,
                    dialect: report::export::Dialect::default(),
                    period: Some(period),
                    desk,
                };
                let written =
                    report::export::export_to_folder(store, &state.config, &opts, &self.export_dir);
                match written {
                    Ok((path, _rows)) => {
                        store.audit(
                            state.now,
                            &state.volunteer,
                            crate::store::audit::AuditKind::Export,
                            &[],
                            &path.display().to_string(),
                        )?;
                        vec![Action::Exported(path.display().to_string())]
                    }
                    Err(e) => vec![Action::Problem(messages::export_error(lang, &e))],
                }
            }
        })
    }

    /// The overview of a period. The year's target progress (a pass over the whole year) is
    /// kept until the data or the day changes, so stepping through periods stays quick.
    fn overview(
        &mut self,
        store: &Store,
        state: &State,
        period: report::Period,
        desk: Option<String>,
    ) -> Result<report::Overview, report::ReportError> {
        let config = &state.config;
        let today = state.now.date();
        let version = store.data_version().map_err(report::ReportError::from)?;
        let key = TargetKey {
            year: period.year(),
            desk: desk.clone(),
            today,
            data: (version, self.own_writes),
        };
        let targets = match &self.targets {
            Some((k, t)) if *k == key => t.clone(),
            _ => {
                let t = report::target_progress(store, config, key.year, today, desk.as_deref())?;
                self.targets = Some((key, t.clone()));
                t
            }
        };
        let query = report::Query {
            period,
            by: Vec::new(),
            desk: desk.clone(),
        };
        Ok(report::Overview {
            period: period.label(),
            from: period.from(),
            to: period.to(),
            total: report::run(store, config, &query)?.total,
            topics: report::topic_counts(store, config, &period, desk.as_deref())?,
            // the 12 weeks end with this week while the period is still running
            weeks: report::recent_weeks(
                store,
                config,
                &if period.contains(today) {
                    report::Period::containing(report::PeriodKind::Week, today)
                } else {
                    period
                },
                12,
                desk.as_deref(),
            )?,
            targets,
            coming_back: report::residents::residents(store, &period, desk.as_deref(), false)?
                .total,
            kb_gaps: report::top_gaps(
                &report::kb_gaps(store, config, &period, desk.as_deref())?,
                3,
            ),
        })
    }

    /// Today's contacts at this desk, newest first, with the counts per topic.
    fn load(&mut self, store: &Store, state: &State) -> Result<Action, StoreError> {
        self.seen_version = Some(store.data_version()?);
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
        let follow_ups_due = store.follow_ups_due_count(date, Some(&state.desk))?;
        let with_links = match (filter.from, filter.until) {
            (Some(from), Some(until)) => store.contacts_with_links(&state.desk, from, until)?,
            _ => Vec::new(),
        };
        Ok(Action::Loaded(Box::new(Today {
            date: Some(date),
            contacts,
            total,
            counts,
            follow_ups_due,
            with_links,
        })))
    }
}

/// What a cached target progress was computed for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TargetKey {
    year: i32,
    desk: Option<String>,
    today: chrono::NaiveDate,
    data: (i64, u64),
}

/// Make a contact's article links exactly `articles`.
fn set_links(
    store: &mut Store,
    contact: &ContactId,
    articles: &[String],
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    for old in store.linked_article_ids(contact)? {
        if !articles.contains(&old) {
            store.unlink_article(contact, &old)?;
        }
    }
    let ids: Vec<&str> = articles.iter().map(String::as_str).collect();
    store.link_articles(contact, &ids, now)?;
    Ok(())
}

/// Give a contact's signal the spelling it was stored with before, if any.
fn canonical_signal(store: &Store, c: &mut Contact) -> Result<(), StoreError> {
    if let Some(label) = &c.signal {
        c.signal = Some(store.canonical_signal(label)?);
    }
    Ok(())
}

impl Runner {
    /// An undo or redo: applied only if the contact is still as the step left it; erased
    /// fields stay erased (and the status line says so).
    fn undo_or_redo(
        &mut self,
        store: &mut Store,
        state: &State,
        op: Op,
        mode: Mode,
    ) -> Result<Vec<Action>, StoreError> {
        let outcome = apply(store, state, &op, mode, &mut self.deleted_links)?;
        let s = state.strings();
        Ok(match outcome {
            Outcome::Gone => vec![Action::OpGone(Box::new(op))],
            Outcome::ChangedMeanwhile(fields) => vec![Action::OpRefused(
                Box::new(op),
                super::strings::fill(s.changed_meanwhile, &[&fields.join(", ")]),
            )],
            Outcome::Done { erased_kept } => {
                let d = if mode == Mode::Undo {
                    Done::Undone(op)
                } else {
                    Done::Redone(op)
                };
                let mut out = vec![Action::Done(Box::new(d))];
                if erased_kept {
                    out.push(Action::Said(s.erasure_final.to_string()));
                }
                out
            }
        })
    }
}

/// What carrying out a step did.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Done {
        erased_kept: bool,
    },
    /// The contact it needs is gone.
    Gone,
    /// The contact changed meanwhile (these fields): nothing was done.
    ChangedMeanwhile(Vec<&'static str>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The first time.
    Do,
    Undo,
    Redo,
}

/// Carry out `op` (or its inverse), audited in the same transaction as the change.
fn apply(
    store: &mut Store,
    state: &State,
    op: &Op,
    mode: Mode,
    links: &mut HashMap<ContactId, Vec<String>>,
) -> Result<Outcome, StoreError> {
    let now = state.now;
    let who = state.volunteer.as_str();
    let done = Outcome::Done { erased_kept: false };
    if let (Op::Insert(c), Mode::Do) = (op, mode) {
        // a new contact: logging is not audited, only changes to what was logged
        store.insert(c)?;
        return Ok(done);
    }
    match (op, mode == Mode::Undo) {
        (Op::Insert(c), false) | (Op::Delete(c), true) => {
            let mut erased_kept = false;
            if store.get(&c.id)?.is_none() {
                // a restore is a change: newer than the deletion, so it travels in bundles
                let mut c = c.clone();
                c.updated_at = now;
                erased_kept = store.restore_contact(&c, who, now)?;
                // deleting took the article links with it: put them back too
                if let Some(ids) = links.remove(&c.id) {
                    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                    store.link_articles(&c.id, &ids, now)?;
                }
            }
            Ok(Outcome::Done { erased_kept })
        }
        (Op::Insert(c), true) | (Op::Delete(c), false) => {
            let linked = store.linked_article_ids(&c.id)?;
            if !linked.is_empty() {
                links.insert(c.id.clone(), linked);
            }
            Ok(match store.delete(&c.id, who, now)? {
                Some(_) => done,
                None => Outcome::Gone,
            })
        }
        (
            Op::Update {
                before,
                after,
                links: changed_links,
            },
            inverse,
        ) => {
            let (mut target, expected) = if inverse {
                (before.clone(), after)
            } else {
                (after.clone(), before)
            };
            target.updated_at = now;
            if mode == Mode::Do {
                let ok = store.update(&target, who)?;
                if ok && let Some((_, new)) = changed_links {
                    set_links(store, &target.id, new, now)?;
                }
                return Ok(if ok { done } else { Outcome::Gone });
            }
            // an undo or redo: only onto the contact as the step left it
            let outcome = match store.update_if_unchanged(expected, &target, who)? {
                UndoCheck::Applied { erased_kept } => Outcome::Done { erased_kept },
                UndoCheck::Gone => Outcome::Gone,
                UndoCheck::ChangedMeanwhile(fields) => Outcome::ChangedMeanwhile(fields),
            };
            if matches!(outcome, Outcome::Done { .. })
                && let Some((old, new)) = changed_links
            {
                set_links(store, &target.id, if inverse { old } else { new }, now)?;
            }
            Ok(outcome)
        }
    }
}
