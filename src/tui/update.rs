//! `update(&mut State, Action) -> Vec<Effect>`: every state change of the desk screen, pure.
//! It never touches the terminal, the store or the clock; effects come back as data. This is
//! the dispatch: the lock first, then what the effect runner reported back (stored, loaded,
//! failed), then the action goes to the screen or overlay that has the keyboard, whose module
//! under [`screens`](super::screens) says what it does.

use super::action::{Action, Done, Effect};
use super::draft::{draft_left, draft_now};
use super::keymap::Context;
use super::screens::{
    channel, confirm, follow_ups, form, help, kb, lock, main, overview, setup, thread,
};
use super::state::{Op, Screen, State, Tone};
use super::strings::fill;

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let screen_before = std::mem::discriminant(&state.screen);
    let message_before = state.message.clone();
    let stored = matches!(action, Action::Done(_));
    // in plain mode the first line says what a move reached, so what was said before goes
    let moved = state.plain
        && matches!(
            action,
            Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Home
                | Action::End
                | Action::NextField
                | Action::PrevField
        );
    let mut effects = update_inner(state, action);
    if stored {
        // a contact changed: the thread beside it (and the thread screen) is read again
        thread::stale(state);
        effects.extend(thread::reload(state));
    }
    effects.extend(thread::sync(state));
    // a message belongs to the screen it was said on: moving on clears it, unless the move
    // itself said something
    if (moved || std::mem::discriminant(&state.screen) != screen_before)
        && state.message == message_before
    {
        state.message = None;
    }
    effects
}

fn update_inner(state: &mut State, action: Action) -> Vec<Effect> {
    // A paste is the form's to take whole; elsewhere (the set-up screen, a search, the lock)
    // it is typed as keys, its line breaks and other control characters left out.
    if let Action::Paste(text) = &action
        && state.context() != Context::Form
    {
        let mut effects = Vec::new();
        for c in text.chars().filter(|c| !c.is_control()) {
            effects.extend(update_inner(state, Action::Input(c)));
        }
        return effects;
    }
    if let Some(effects) = lock::update(state, &action) {
        return effects;
    }
    match action {
        Action::ForceQuit | Action::Terminate => {
            state.quit = true;
            return draft_now(state);
        }
        Action::Tick(now) => return tick(state, now),
        Action::Resize(w, h) => {
            state.size = (w, h);
            return vec![];
        }
        Action::SyncStatus(status, running) => {
            super::sync::finished(state, status, running);
            return vec![];
        }
        Action::Loaded(today) => {
            state.today = *today;
            state.selected = state
                .selected
                .min(state.today.contacts.len().saturating_sub(1));
            return vec![];
        }
        Action::Done(done) => return done_(state, *done),
        Action::OpGone(op) => {
            state.undo.retain(|o| o != op.as_ref());
            state.redo.retain(|o| o != op.as_ref());
            state.say(Tone::Bad, state.strings().contact_gone.to_string());
            return vec![Effect::Reload];
        }
        Action::OpRefused(op, why) => {
            state.undo.retain(|o| o != op.as_ref());
            state.redo.retain(|o| o != op.as_ref());
            state.say(Tone::Bad, why);
            return vec![Effect::Reload];
        }
        Action::Said(what) => {
            state.say(Tone::Info, what);
            return vec![];
        }
        Action::Failed(why) => {
            if let Some(form) = &mut state.form {
                form.saving = false;
            }
            state.say(Tone::Bad, fill(state.strings().not_saved, &[&why]));
            return vec![];
        }
        Action::Opened(contact, links) => return form::opened(state, &contact, links),
        Action::SignalLabels(labels) => {
            form::signal_labels(state, labels);
            return vec![];
        }
        Action::DraftNotSaved(why) => {
            state.draft_dirty = true;
            let text = fill(state.strings().draft_not_saved, &[&why]);
            if state.message.as_ref().map(|m| &m.text) != Some(&text) {
                state.say(Tone::Bad, text);
            }
            return vec![];
        }
        Action::Problem(why) => {
            state.say(Tone::Bad, format!("✗ {why}"));
            return vec![];
        }
        Action::KbResults { query, hits } => return kb::results(state, &query, hits),
        Action::KbLoaded(article) => {
            kb::loaded(state, *article);
            return vec![];
        }
        Action::KbLinkedIds(ids) => {
            kb::linked(state, ids);
            return vec![];
        }
        Action::ArticleEdited { id, outcome } => return kb::edited(state, &id, outcome),
        Action::FollowUpsLoaded(items) => {
            follow_ups::loaded(state, items);
            return vec![];
        }
        Action::FollowUpMarked(c) => return follow_ups::done(state, &c),
        Action::OverviewLoaded(data) => {
            overview::loaded(state, *data);
            return vec![];
        }
        Action::Exported(path) => {
            overview::exported(state, &path);
            return vec![];
        }
        Action::ThreadLoaded(code, thread) => {
            thread::loaded(state, &code, *thread);
            return vec![];
        }
        Action::ThreadListLoaded(code, contacts) => {
            thread::list_loaded(state, &code, contacts);
            return vec![];
        }
        _ => {}
    }
    match state.context() {
        Context::Confirm => confirm::update(state, action),
        Context::Channel => channel::update(state, action),
        Context::Help => help::update(state, action),
        Context::Kb | Context::KbArticle => kb::update(state, action),
        Context::Setup => setup::update(state, action),
        Context::Main => main::update(state, action),
        Context::Form => form::update(state, action),
        Context::Overview => overview::update(state, action),
        Context::FollowUps => follow_ups::update(state, action),
        // the lock takes every key it is given before this point
        Context::Locked => vec![],
        Context::Thread => thread::update(state, action),
    }
}

fn tick(state: &mut State, now: chrono::NaiveDateTime) -> Vec<Effect> {
    let new_day = state.today.date.is_some_and(|d| d != now.date());
    state.now = now;
    let mut effects = Vec::new();
    if state.draft_dirty {
        effects.extend(draft_now(state));
    }
    effects.push(if new_day {
        Effect::Reload
    } else {
        Effect::CheckForChanges
    });
    effects.extend(super::sync::on_tick(state, now));
    effects
}

fn done_(state: &mut State, done: Done) -> Vec<Effect> {
    let s = state.strings();
    // A new contact is added to what the main screen shows without asking the store again
    // (this is every tally keystroke); any other change reloads today's list.
    let mut effects = match &done {
        Done::Stored(Op::Insert(c)) if state.today.add(c, &state.desk) => vec![],
        _ => vec![Effect::Reload],
    };
    match done {
        Done::Stored(op) => {
            let from_form = state.form.as_ref().is_some_and(|f| f.saving);
            let (what, when) = state.describe(op.contact());
            let text = match &op {
                Op::Insert(c) if !from_form => {
                    let channel = state
                        .config
                        .channel(&c.channel)
                        .map_or(c.channel.as_str(), |ch| {
                            crate::config::Labelled::label(ch, state.config.lang)
                        });
                    fill(s.logged, &[&what, &when, channel])
                }
                Op::Delete(_) => fill(s.deleted, &[&what, &when]),
                // the moment first: at 80 columns a long list of topics must not push it off
                _ => fill(s.saved, &[&when, &what]),
            };
            if from_form {
                // a new contact's links are stored once it exists (an edit's are part of it)
                if let (Some(form), Op::Insert(c)) = (&state.form, &op)
                    && !form.articles.is_empty()
                {
                    effects.push(Effect::SetLinks {
                        contact: c.id.clone(),
                        articles: form.articles.clone(),
                    });
                    // the main screen marks contacts with links: read them after linking
                    effects.push(Effect::Reload);
                }
                // the form's channel is that contact's only: tallies keep theirs (`c`)
                if matches!(op, Op::Insert(_)) {
                    // the session's contact is saved: the session is over
                    state.session = None;
                }
                state.form = None;
                state.screen = Screen::Main;
                effects.push(draft_left(state));
            }
            state.undo.push(op);
            state.redo.clear();
            state.selected = 0;
            state.say(Tone::Good, text);
        }
        Done::Undone(op) => {
            if state.undo.last() == Some(&op) {
                state.undo.pop();
            }
            let text = fill(s.undone, &[&state.op_description(&op)]);
            state.redo.push(op);
            state.say(Tone::Good, text);
        }
        Done::Redone(op) => {
            if state.redo.last() == Some(&op) {
                state.redo.pop();
            }
            let text = fill(s.redone, &[&state.op_description(&op)]);
            state.undo.push(op);
            state.say(Tone::Good, text);
        }
    }
    effects
}

#[cfg(test)]
mod session_tests;
