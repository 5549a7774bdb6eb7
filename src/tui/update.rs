//! `update(&mut State, Action) -> Vec<Effect>`: every state change of the desk screen, pure.
//! It never touches the terminal, the store or the clock; effects come back as data.

use super::action::{Action, Done, Effect};
pub use super::draft::{draft_json, restore_draft};
use super::draft::{draft_left, draft_now};
use super::form::{Field, Form};
use super::input::rank;
use super::keymap::Context;
#[cfg(test)]
use super::state::ThreadPanel;
use super::state::{Confirm, Message, OnYes, Op, Overlay, Screen, SetupForm, State, Tone};
use super::strings::fill;
use crate::domain::{Contact, normalize_initials};

/// Which key bindings apply now.
pub fn context(state: &State) -> Context {
    if state.lock.is_some() {
        return Context::Locked;
    }
    match (&state.overlay, &state.screen) {
        (Some(Overlay::Confirm(_)), _) => Context::Confirm,
        (Some(Overlay::Channel { .. }), _) => Context::Channel,
        (Some(Overlay::Help { .. }), _) => Context::Help,
        (Some(Overlay::Kb(v)), _) if v.reading.is_some() => Context::KbArticle,
        (Some(Overlay::Kb(_)), _) => Context::Kb,
        (None, Screen::Setup(_)) => Context::Setup,
        (None, Screen::Main) => Context::Main,
        (None, Screen::Form) => Context::Form,
        (None, Screen::Overview) => Context::Overview,
        (None, Screen::FollowUps) => Context::FollowUps,
        (None, Screen::Thread(_)) => Context::Thread,
    }
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let screen_before = std::mem::discriminant(&state.screen);
    let message_before = state.message.clone();
    let stored = matches!(action, Action::Done(_));
    let mut effects = update_inner(state, action);
    if stored {
        // a contact changed: the thread beside it (and the thread screen) is read again
        super::thread::stale(state);
        effects.extend(super::thread::reload(state));
    }
    effects.extend(super::thread::sync(state));
    // a message belongs to the screen it was said on: moving on clears it, unless the move
    // itself said something
    if std::mem::discriminant(&state.screen) != screen_before && state.message == message_before {
        state.message = None;
    }
    effects
}

fn update_inner(state: &mut State, action: Action) -> Vec<Effect> {
    if let Some(effects) = super::lock::update(state, &action) {
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
            say(state, Tone::Bad, state.strings().contact_gone.to_string());
            return vec![Effect::Reload];
        }
        Action::OpRefused(op, why) => {
            state.undo.retain(|o| o != op.as_ref());
            state.redo.retain(|o| o != op.as_ref());
            say(state, Tone::Bad, why);
            return vec![Effect::Reload];
        }
        Action::Said(what) => {
            say(state, Tone::Info, what);
            return vec![];
        }
        Action::Failed(why) => {
            if let Some(form) = &mut state.form {
                form.saving = false;
            }
            say(state, Tone::Bad, fill(state.strings().not_saved, &[&why]));
            return vec![];
        }
        Action::Opened(contact, links) => {
            let mut form = Form::edit(&contact, links.iter().map(|(id, _)| id.clone()).collect());
            form.article_titles = links.into_iter().collect();
            state.form = Some(form);
            state.screen = Screen::Form;
            return vec![Effect::LoadSignalLabels];
        }
        Action::SignalLabels(labels) => {
            if let Some(form) = &mut state.form {
                form.signal_suggestions = labels;
            }
            return vec![];
        }
        Action::DraftNotSaved(why) => {
            state.draft_dirty = true;
            let text = fill(state.strings().draft_not_saved, &[&why]);
            if state.message.as_ref().map(|m| &m.text) != Some(&text) {
                say(state, Tone::Bad, text);
            }
            return vec![];
        }
        Action::Problem(why) => {
            say(state, Tone::Bad, format!("✗ {why}"));
            return vec![];
        }
        Action::KbResults { query, hits } => return super::kb::results(state, &query, hits),
        Action::KbLoaded(article) => {
            super::kb::loaded(state, *article);
            return vec![];
        }
        Action::KbLinkedIds(ids) => {
            super::kb::linked(state, ids);
            return vec![];
        }
        Action::ArticleEdited { id, outcome } => return super::kb::edited(state, &id, outcome),
        Action::FollowUpsLoaded(items) => {
            super::follow_ups::loaded(state, items);
            return vec![];
        }
        Action::FollowUpMarked(c) => return super::follow_ups::done(state, &c),
        Action::OverviewLoaded(data) => {
            super::overview::loaded(state, *data);
            return vec![];
        }
        Action::Exported(path) => {
            super::overview::exported(state, &path);
            return vec![];
        }
        Action::ThreadLoaded(code, thread) => {
            super::thread::loaded(state, &code, *thread);
            return vec![];
        }
        Action::ThreadListLoaded(code, contacts) => {
            super::thread::list_loaded(state, &code, contacts);
            return vec![];
        }
        _ => {}
    }
    match context(state) {
        Context::Confirm => confirm(state, action),
        Context::Channel => channel_picker(state, action),
        Context::Help => help(state, action),
        Context::Kb | Context::KbArticle => super::kb::update(state, action),
        Context::Setup => setup(state, action),
        Context::Main => main_screen(state, action),
        Context::Form => form(state, action),
        Context::Overview => super::overview::update(state, action),
        Context::FollowUps => super::follow_ups::update(state, action),
        // the lock takes every key it is given before this point
        Context::Locked => vec![],
        Context::Thread => super::thread::update(state, action),
    }
}

fn say(state: &mut State, tone: Tone, text: String) {
    state.message = Some(Message { text, tone });
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

/// "Huur, Onderhoud (10:41)": how an op's contact is named in undo hints.
pub fn describe(state: &State, c: &Contact) -> (String, String) {
    let time = c.at.format("%H:%M").to_string();
    let when = if c.at.date() == state.now.date() {
        time
    } else {
        fill(
            state.strings().saved_on,
            &[&c.at.format("%d-%m-%Y").to_string(), &time],
        )
    };
    (state.topic_labels(c), when)
}

/// The plain description of what undoing (or redoing) `op` would revert.
pub fn op_description(state: &State, op: &Op) -> String {
    let s = state.strings();
    let (what, when) = describe(state, op.contact());
    let template = match op {
        Op::Insert(_) => s.undo_insert,
        Op::Update { .. } => s.undo_update,
        Op::Delete(_) => s.undo_delete,
    };
    fill(template, &[&what, &when])
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
            let (what, when) = describe(state, op.contact());
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
            say(state, Tone::Good, text);
        }
        Done::Undone(op) => {
            if state.undo.last() == Some(&op) {
                state.undo.pop();
            }
            let text = fill(s.undone, &[&op_description(state, &op)]);
            state.redo.push(op);
            say(state, Tone::Good, text);
        }
        Done::Redone(op) => {
            if state.redo.last() == Some(&op) {
                state.redo.pop();
            }
            let text = fill(s.redone, &[&op_description(state, &op)]);
            state.undo.push(op);
            say(state, Tone::Good, text);
        }
    }
    effects
}

fn confirm(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(Overlay::Confirm(Confirm { on_yes, .. })) = state.overlay.clone() else {
        return vec![];
    };
    match action {
        Action::Yes => {
            state.overlay = None;
            match on_yes {
                OnYes::DiscardForm => {
                    state.form = None;
                    state.screen = Screen::Main;
                    vec![draft_left(state)]
                }
                OnYes::Delete(c) => vec![Effect::Apply(Op::Delete(*c))],
                OnYes::NewDesk(desk) => match state.screen.clone() {
                    Screen::Setup(mut form) => {
                        let effects = finish_setup(state, &mut form, desk);
                        if matches!(state.screen, Screen::Setup(_)) {
                            state.screen = Screen::Setup(form);
                        }
                        effects
                    }
                    _ => vec![],
                },
                OnYes::StopSession => {
                    state.session = None;
                    say(
                        state,
                        Tone::Info,
                        state.strings().session_stopped.to_string(),
                    );
                    vec![draft_left(state)]
                }
                OnYes::SaveSessionMinutes(n) => {
                    if let Some(form) = &mut state.form {
                        form.minutes = super::input::TextInput::new(&n.to_string());
                    }
                    form(state, Action::Save)
                }
            }
        }
        Action::No | Action::Back => {
            state.overlay = None;
            if let OnYes::SaveSessionMinutes(_) = on_yes
                && let Some(form) = &mut state.form
            {
                // the minutes are for the volunteer to type; the form stays as it was
                form.focus = Field::Minutes;
                let hint = state.strings().session_type_minutes.to_string();
                say(state, Tone::Info, hint);
            }
            vec![]
        }
        _ => vec![],
    }
}

/// The channels a volunteer can pick, in the config's order.
pub fn visible_channels(state: &State) -> Vec<String> {
    state
        .config
        .channels
        .iter()
        .filter(|c| !c.hidden)
        .map(|c| c.code.clone())
        .collect()
}

/// The channel picker: a digit picks that channel at once, ↑↓ and Enter pick too.
fn channel_picker(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(Overlay::Channel { cursor }) = state.overlay.clone() else {
        return vec![];
    };
    let channels = visible_channels(state);
    let n = channels.len();
    let picked = match action {
        Action::Up => {
            state.overlay = Some(Overlay::Channel {
                cursor: cursor.saturating_sub(1),
            });
            None
        }
        Action::Down => {
            state.overlay = Some(Overlay::Channel {
                cursor: (cursor + 1).min(n.saturating_sub(1)),
            });
            None
        }
        Action::Tally(k) => channels.get(usize::from(k).saturating_sub(1)).cloned(),
        Action::Save => channels.get(cursor).cloned(),
        Action::Back => {
            state.overlay = None;
            None
        }
        _ => None,
    };
    let Some(next) = picked else {
        return vec![];
    };
    state.overlay = None;
    state.tally_channel = next.clone();
    let label = state.config.channel(&next).map_or(next.clone(), |c| {
        crate::config::Labelled::label(c, state.config.lang).to_string()
    });
    let s = state.strings();
    say(state, Tone::Info, fill(s.channel_now, &[&label]));
    vec![Effect::SaveSetting(
        crate::store::Setting::TallyChannel.key(),
        next,
    )]
}

fn help(state: &mut State, action: Action) -> Vec<Effect> {
    // scrolling stops at the last line (the body shows about 16 at 80x24)
    let last = super::keymap::help_line_count(state.strings()).saturating_sub(16);
    let Some(Overlay::Help { scroll }) = &mut state.overlay else {
        return vec![];
    };
    match action {
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll = scroll.saturating_add(1).min(last),
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::PageDown => *scroll = scroll.saturating_add(10).min(last),
        Action::Back | Action::Help => state.overlay = None,
        _ => {}
    }
    vec![]
}

/// The first match is highlighted as soon as there is one, so Enter and Tab take it.
fn highlight_first(state: &State, form: &SetupForm) -> Option<usize> {
    (!form.desk.text.trim().is_empty() && !desk_matches(state, form).is_empty()).then_some(0)
}

/// Set-up done with `desk` if the initials are right (else the form says what is wrong).
fn finish_setup(state: &mut State, form: &mut SetupForm, desk: String) -> Vec<Effect> {
    let s = state.strings();
    let Some(initials) = normalize_initials(&form.volunteer.text) else {
        form.desk = super::input::TextInput::new(&desk);
        form.cursor = None;
        form.error = Some(s.setup_need_volunteer.to_string());
        form.focus = 1;
        return vec![];
    };
    state.desk = desk.clone();
    state.volunteer = initials.clone();
    // a draft restored before set-up comes back now
    state.screen = if state.form.is_some() {
        Screen::Form
    } else {
        Screen::Main
    };
    vec![
        Effect::SaveSetting(crate::store::Setting::Desk.key(), desk),
        Effect::SaveSetting(crate::store::Setting::Volunteer.key(), initials),
        Effect::Reload,
    ]
}

/// The known desks matching what is typed in the set-up desk field.
pub fn desk_matches<'a>(state: &'a State, setup: &SetupForm) -> Vec<&'a str> {
    let desks = state
        .config
        .desks
        .iter()
        .map(|d| (d.as_str(), vec![d.as_str()]));
    rank(&setup.desk.text, desks)
}

fn setup(state: &mut State, action: Action) -> Vec<Effect> {
    let Screen::Setup(mut form) = state.screen.clone() else {
        return vec![];
    };
    let s = state.strings();
    match action {
        Action::Input(c) => {
            form.error = None;
            if form.focus == 0 {
                form.desk.insert(c);
                form.cursor = highlight_first(state, &form);
            } else {
                form.volunteer.insert(c);
            }
        }
        Action::Backspace | Action::Delete | Action::Left | Action::Right => {
            let input = if form.focus == 0 {
                &mut form.desk
            } else {
                &mut form.volunteer
            };
            match action {
                Action::Backspace => input.backspace(),
                Action::Delete => input.delete(),
                Action::Left => input.left(),
                _ => input.right(),
            }
            if form.focus == 0 {
                form.cursor = highlight_first(state, &form);
            }
        }
        Action::NextField | Action::PrevField => {
            if form.focus == 0
                && let Some(i) = form.cursor
                && let Some(d) = desk_matches(state, &form).get(i)
            {
                form.desk = super::input::TextInput::new(d);
                form.cursor = None;
            }
            form.focus = 1 - form.focus.min(1);
        }
        Action::Up | Action::Down if form.focus == 0 => {
            // the matches; Up from the first is the text as typed (a new desk)
            let n = desk_matches(state, &form).len();
            if n > 0 {
                form.cursor = match (form.cursor, action == Action::Down) {
                    (None, true) => Some(0),
                    (None, false) => Some(n - 1),
                    (Some(i), true) => Some((i + 1).min(n - 1)),
                    (Some(0), false) if !form.desk.text.trim().is_empty() => None,
                    (Some(i), false) => Some(i.saturating_sub(1)),
                };
            }
        }
        Action::Save => {
            let picked = form
                .cursor
                .and_then(|i| desk_matches(state, &form).get(i).map(|d| d.to_string()));
            let typed = form.desk.text.trim().to_string();
            let known = state.config.desks.contains(&typed) || typed == state.desk;
            match picked {
                Some(desk) => {
                    let effects = finish_setup(state, &mut form, desk);
                    if matches!(state.screen, Screen::Setup(_)) {
                        state.screen = Screen::Setup(form);
                    }
                    return effects;
                }
                None if typed.is_empty() || typed.chars().count() > 60 => {
                    form.error = Some(s.setup_need_desk.to_string());
                    form.focus = 0;
                }
                None if known => {
                    let effects = finish_setup(state, &mut form, typed);
                    if matches!(state.screen, Screen::Setup(_)) {
                        state.screen = Screen::Setup(form);
                    }
                    return effects;
                }
                // a name no known desk has: only after a clear question
                None if normalize_initials(&form.volunteer.text).is_none() => {
                    form.error = Some(s.setup_need_volunteer.to_string());
                    form.focus = 1;
                }
                None => {
                    state.overlay = Some(Overlay::Confirm(Confirm {
                        question: fill(s.setup_confirm_new_desk, &[&typed]),
                        on_yes: OnYes::NewDesk(typed),
                    }));
                }
            }
        }
        Action::Back if form.can_cancel => {
            state.screen = Screen::Main;
            return vec![];
        }
        // on first run there is nothing to go back to: Esc leaves balie
        Action::Back => state.quit = true,
        Action::Quit => state.quit = true,
        _ => {}
    }
    if matches!(state.screen, Screen::Setup(_)) {
        state.screen = Screen::Setup(form);
    }
    vec![]
}

fn main_screen(state: &mut State, action: Action) -> Vec<Effect> {
    let s = state.strings();
    let n = state.today.contacts.len();
    match action {
        Action::Quit => state.quit = true,
        Action::Help => state.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Tally(k) => {
            let Some(code) = state.config.tally.get(usize::from(k) - 1).cloned() else {
                say(
                    state,
                    Tone::Bad,
                    fill(s.tally_empty_slot, &[&k.to_string()]),
                );
                return vec![];
            };
            let mut c = Contact::draft(
                state.now,
                &state.desk,
                &state.volunteer,
                vec![code],
                state.now,
            );
            c.at = crate::when::parse_moment("", state.now).unwrap_or(state.now);
            c.channel = state.tally_channel.clone();
            if let Err(e) = c.validate(&state.config) {
                say(
                    state,
                    Tone::Bad,
                    super::messages::invalid(state.config.lang, &e),
                );
                return vec![];
            }
            return vec![Effect::Apply(Op::Insert(c))];
        }
        Action::NewContact => {
            // a draft that is still waiting is opened, never replaced
            if state.form.as_ref().is_none_or(|f| !f.dirty) {
                let mut form = Form::new(&state.tally_channel);
                if let Some(session) = state.session {
                    // the resident sat down at the session's start
                    form.at = super::input::TextInput::new(&session.start_text(state.now));
                }
                state.form = Some(form);
            }
            state.screen = Screen::Form;
            state.message = None;
            return vec![Effect::LoadSignalLabels];
        }
        Action::EditSelected => match state.selected_contact() {
            Some(c) => return vec![Effect::Open(c.id.clone())],
            None => say(state, Tone::Info, s.nothing_selected.to_string()),
        },
        Action::DeleteSelected => match state.selected_contact().cloned() {
            Some(c) => {
                let (what, when) = describe(state, &c);
                state.overlay = Some(Overlay::Confirm(Confirm {
                    question: fill(s.confirm_delete, &[&what, &when]),
                    on_yes: OnYes::Delete(Box::new(c)),
                }));
            }
            None => say(state, Tone::Info, s.nothing_selected.to_string()),
        },
        Action::Undo => match state.undo.last() {
            Some(op) => return vec![Effect::Undo(op.clone())],
            None => say(state, Tone::Info, s.nothing_to_undo.to_string()),
        },
        Action::Redo => match state.redo.last() {
            Some(op) => return vec![Effect::Redo(op.clone())],
            None => say(state, Tone::Info, s.nothing_to_redo.to_string()),
        },
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Home
        | Action::End => state.selected = list_move(state.selected, n, &action),
        Action::CycleChannel => {
            let cursor = visible_channels(state)
                .iter()
                .position(|c| *c == state.tally_channel)
                .unwrap_or(0);
            state.overlay = Some(Overlay::Channel { cursor });
        }
        Action::ToggleSession => match state.session {
            None => {
                let session = super::session::Session::started(state.now);
                state.session = Some(session);
                state.draft_dirty = true;
                let start = session.start.format("%H:%M").to_string();
                say(state, Tone::Good, fill(s.session_started, &[&start]));
                // the session is part of the draft at once, so a crash cannot lose its start
                return draft_now(state);
            }
            Some(session) => {
                let start = session.start.format("%H:%M").to_string();
                let minutes = session.minutes(state.now).to_string();
                state.overlay = Some(Overlay::Confirm(Confirm {
                    question: fill(s.confirm_stop_session, &[&start, &minutes]),
                    on_yes: OnYes::StopSession,
                }));
            }
        },
        Action::OpenThread => return super::thread::open(state),
        Action::OpenOverview => return super::overview::open(state),
        Action::OpenFollowUps => return super::follow_ups::open(state),
        Action::OpenKb => return super::kb::open(state),
        Action::ChangeDesk => {
            state.screen = Screen::Setup(SetupForm {
                desk: super::input::TextInput::new(&state.desk),
                volunteer: super::input::TextInput::new(&state.volunteer),
                can_cancel: true,
                ..SetupForm::default()
            });
        }
        _ => {}
    }
    vec![]
}

/// Where a list's selection goes on a move key (one, ten, to the ends), kept in the list.
pub(super) fn list_move(selected: usize, n: usize, action: &Action) -> usize {
    let last = n.saturating_sub(1);
    match action {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (selected + 1).min(last),
        Action::PageUp => selected.saturating_sub(10),
        Action::PageDown => (selected + 10).min(last),
        Action::Home => 0,
        Action::End => last,
        _ => selected,
    }
}

fn form(state: &mut State, action: Action) -> Vec<Effect> {
    let s = state.strings();
    let config = &state.config;
    let session = state.session;
    let Some(form) = state.form.as_mut() else {
        state.screen = Screen::Main;
        return vec![];
    };
    let mut changed = false;
    match action {
        Action::Save => {
            if form.saving {
                return vec![];
            }
            if !form.topic_query.is_empty() && !form.pick_topic(config) {
                form.error = Some((Field::Topics, s.no_match.to_string()));
                form.focus = Field::Topics;
                return vec![];
            }
            // A new contact during a session gets the session's minutes, unless typed; past
            // the limit it asks first.
            if let Some(session) = session
                && form.editing.is_none()
                && form.minutes.is_empty()
            {
                let minutes = session.minutes(state.now);
                if session.too_long(state.now) {
                    let (h, m) = ((minutes / 60).to_string(), (minutes % 60).to_string());
                    state.overlay = Some(Overlay::Confirm(Confirm {
                        question: fill(s.confirm_long_session, &[&h, &m, &minutes.to_string()]),
                        on_yes: OnYes::SaveSessionMinutes(minutes),
                    }));
                    return vec![];
                }
                let logged = session.logged_minutes(state.now).to_string();
                form.minutes = super::input::TextInput::new(&logged);
            }
            match form.to_contact(config, s, &state.desk, &state.volunteer, state.now) {
                Ok(c) => {
                    // Personal data in the note or as a resident code: warn once, save on the
                    // second Enter if the volunteer leaves it as it is.
                    let resident = c.resident.clone().unwrap_or_default();
                    let findings = crate::privacy::scan(&format!("{}\n{resident}", c.note));
                    let seen = Some((c.note.clone(), resident));
                    if !findings.is_empty() && form.personal_data_confirmed != seen {
                        let what = crate::privacy::describe(&findings, config.lang);
                        form.personal_data_confirmed = seen;
                        form.focus = Field::Note;
                        form.error = Some((Field::Note, fill(s.personal_data, &[&what])));
                        return vec![];
                    }
                    form.error = None;
                    form.saving = true;
                    let op = match &form.editing {
                        Some(before) => Op::Update {
                            before: before.clone(),
                            after: c,
                            links: (form.articles_before != form.articles)
                                .then(|| (form.articles_before.clone(), form.articles.clone())),
                        },
                        None => Op::Insert(c),
                    };
                    return vec![Effect::Apply(op)];
                }
                Err((field, why)) => {
                    form.focus = field;
                    form.error = Some((field, why));
                }
            }
        }
        Action::Back => {
            if form.dirty {
                state.overlay = Some(Overlay::Confirm(Confirm {
                    question: s.confirm_discard.to_string(),
                    on_yes: OnYes::DiscardForm,
                }));
            } else {
                state.form = None;
                state.screen = Screen::Main;
                return vec![draft_left(state)];
            }
        }
        Action::OpenKb => return super::kb::open(state),
        Action::OpenThread => return super::thread::open(state),
        Action::NextField | Action::PrevField => {
            // Leaving the topic field with something typed picks the highlighted match.
            if form.focus == Field::Topics
                && !form.topic_query.is_empty()
                && !form.pick_topic(config)
            {
                form.error = Some((Field::Topics, s.no_match.to_string()));
                return vec![];
            }
            form.move_focus(action == Action::NextField);
        }
        Action::Up | Action::Down
            if form.focus == Field::Topics && !form.topic_query.is_empty() =>
        {
            let n = form.topic_matches(config).len();
            if n > 0 {
                form.topic_cursor = if action == Action::Down {
                    (form.topic_cursor + 1).min(n - 1)
                } else {
                    form.topic_cursor.saturating_sub(1)
                };
            }
        }
        Action::Up | Action::Down
            if form.focus == Field::Signal && !form.signal_suggestions.is_empty() =>
        {
            // step through the labels used before; from a partly typed one, take the best match
            let all = &form.signal_suggestions;
            let next = match all.iter().position(|l| *l == form.signal.text) {
                Some(i) if action == Action::Down => all[(i + 1) % all.len()].clone(),
                Some(i) => all[(i + all.len() - 1) % all.len()].clone(),
                None => form
                    .signal_matches()
                    .first()
                    .map_or_else(|| all[0].clone(), |l| l.to_string()),
            };
            form.pick_signal(&next);
            changed = true;
        }
        Action::Up => form.move_focus(false),
        Action::Down => form.move_focus(true),
        Action::Left | Action::Right if form.focus.is_choice() => {
            form.cycle(config, action == Action::Right);
            changed = true;
        }
        Action::Pick if form.focus == Field::Topics => {
            if !form.pick_topic(config) {
                form.error = Some((Field::Topics, s.no_match.to_string()));
            }
            changed = true;
        }
        Action::Pick if form.focus.is_choice() => {
            form.cycle(config, true);
            changed = true;
        }
        Action::Pick => {
            if let Some(t) = form.text_mut() {
                t.insert(' ');
                changed = true;
            }
        }
        Action::Input(c) => {
            if form.focus.is_choice() {
                form.type_in_choice(config, Some(c));
            } else if form.focus == Field::Minutes && !c.is_ascii_digit() {
                form.error = Some((Field::Minutes, s.minutes_digits.to_string()));
                return vec![];
            } else if let Some(t) = form.text_mut() {
                t.insert(c);
                if form.focus == Field::Topics {
                    form.topic_cursor = 0;
                }
            }
            changed = true;
        }
        Action::Backspace => {
            if form.focus == Field::Topics && form.topic_query.is_empty() {
                form.topics.pop();
            } else if form.focus.is_choice() {
                form.type_in_choice(config, None);
            } else if let Some(t) = form.text_mut() {
                t.backspace();
            }
            changed = true;
        }
        Action::Delete | Action::Home | Action::End | Action::Left | Action::Right => {
            if let Some(t) = form.text_mut() {
                match action {
                    Action::Delete => {
                        t.delete();
                        changed = true;
                    }
                    Action::Home => t.home(),
                    Action::End => t.end(),
                    Action::Left => t.left(),
                    _ => t.right(),
                }
            }
        }
        _ => {}
    }
    if changed {
        form.dirty = true;
        if form.error.as_ref().is_some_and(|(f, _)| *f == form.focus) {
            form.error = None;
        }
        state.draft_dirty = true;
    }
    vec![]
}

#[cfg(test)]
mod session_tests;
#[cfg(test)]
mod tests;
