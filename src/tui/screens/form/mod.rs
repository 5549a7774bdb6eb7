//! The contact entry form: its keys and what each does to the form being typed (the draft in
//! [`State::form`]). The form's fields and turning them into a contact are in [`fields`], its
//! drawing in [`draw`].

pub mod draw;
mod fields;

pub use fields::{FIELDS, Field, Form};

use crossterm::event::KeyCode;

use super::confirm::{Confirm, OnYes};
use crate::domain::Contact;
use crate::tui::action::{Action, Effect};
use crate::tui::draft::{draft_left, draft_now};
use crate::tui::input::{EditOp, TextInput};
use crate::tui::keymap::{BACK, Binding, Key, UP_DOWN};
use crate::tui::state::{Op, Overlay, Screen, State, Tone};
use crate::tui::strings::fill;

/// A contact was opened for editing (with its linked articles): the form shows it.
pub fn opened(
    state: &mut State,
    contact: &crate::domain::Contact,
    links: Vec<(String, String)>,
) -> Vec<Effect> {
    let mut form = Form::edit(contact, links.iter().map(|(id, _)| id.clone()).collect());
    form.article_titles = links.into_iter().collect();
    state.form = Some(form);
    state.screen = Screen::Form;
    vec![Effect::LoadSignalLabels]
}

/// The signal labels used before arrived, for the signal field's picker.
pub fn signal_labels(state: &mut State, labels: Vec<String>) {
    if let Some(form) = &mut state.form {
        form.signal_suggestions = labels;
    }
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let s = state.strings();
    let config = &state.config;
    let session = state.session;
    let Some(form) = state.form.as_mut() else {
        state.screen = Screen::Main;
        return vec![];
    };
    let mut changed = false;
    match action {
        // Enter on a topic search picks the highlighted match (so a phrase can be typed and
        // picked with one key); Ctrl-S, and Enter once nothing is typed there, save
        Action::Save if form.focus == Field::Topics && !form.topic_query.is_empty() => {
            if !form.pick_topic(config) {
                form.error = Some((Field::Topics, s.no_match.to_string()));
                return vec![];
            }
            changed = true;
        }
        Action::Save | Action::SaveNow => {
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
                form.minutes = TextInput::new(&logged);
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
                    // an edit that changes nothing is no change: no undo step, no audit row
                    if let Some(before) = &form.editing
                        && form.articles_before == form.articles
                        && (Contact {
                            updated_at: before.updated_at,
                            ..c.clone()
                        }) == *before
                    {
                        state.form = None;
                        state.screen = Screen::Main;
                        state.say(Tone::Info, s.nothing_changed.to_string());
                        return vec![draft_left(state)];
                    }
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
        Action::Edit(op @ (EditOp::Left | EditOp::Right)) if form.focus.is_choice() => {
            form.cycle(config, op == EditOp::Right);
            changed = true;
        }
        // Space steps a choice on, as → does (a space filters nothing there)
        Action::Input(' ') if form.focus.is_choice() => {
            form.cycle(config, true);
            changed = true;
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
        Action::Paste(text) => return paste(state, &text),
        // with the search empty, deleting back takes off the last topic picked
        Action::Edit(EditOp::Backspace)
            if form.focus == Field::Topics && form.topic_query.is_empty() =>
        {
            changed = form.topics.pop().is_some();
        }
        Action::Edit(EditOp::Backspace) if form.focus.is_choice() => {
            form.type_in_choice(config, None);
            changed = true;
        }
        Action::Edit(op) => {
            if let Some(t) = form.text_mut() {
                changed = t.apply(op);
                if changed && form.focus == Field::Topics {
                    form.topic_cursor = 0;
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

pub const KEYS: &[Binding] = &[
    Binding {
        keys: &[(Key::new(KeyCode::Enter), Action::Save)],
        label: |s| s.key_save_or_pick,
        footer: true,
    },
    Binding {
        keys: &[(Key::ctrl('s'), Action::SaveNow)],
        label: |s| s.key_save,
        footer: true,
    },
    Binding {
        keys: &[(Key::new(KeyCode::Tab), Action::NextField)],
        label: |s| s.key_next_field,
        footer: true,
    },
    Binding {
        keys: &[(Key::new(KeyCode::BackTab), Action::PrevField)],
        label: |s| s.key_prev_field,
        footer: false,
    },
    Binding {
        keys: &[
            (Key::new(KeyCode::Left), Action::Edit(EditOp::Left)),
            (Key::new(KeyCode::Right), Action::Edit(EditOp::Right)),
        ],
        label: |s| s.key_choose,
        footer: true,
    },
    Binding {
        keys: UP_DOWN,
        label: |s| s.key_move,
        footer: false,
    },
    // every typed character is text in the form (`Flat A/B` is a signal), so the knowledge
    // base opens with Ctrl-K or F4 (F3 is the resident's thread), and the footer says so
    Binding {
        keys: &[
            (Key::ctrl('k'), Action::OpenKb),
            (Key::new(KeyCode::F(4)), Action::OpenKb),
        ],
        label: |s| s.key_kb,
        footer: true,
    },
    Binding {
        keys: &[
            (Key::new(KeyCode::F(3)), Action::OpenThread),
            (Key::ctrl('t'), Action::OpenThread),
        ],
        label: |s| s.key_thread,
        footer: false,
    },
    BACK,
];

/// The most characters a pasted piece puts in `field`: what the field may hold, so nothing
/// past it waits unseen to be refused at saving (other fields take a line's worth).
fn paste_room(field: Field) -> usize {
    match field {
        Field::Note => crate::domain::NOTE_MAX_CHARS,
        Field::Signal => crate::domain::SIGNAL_MAX_CHARS,
        _ => 200,
    }
}

/// A paste into the form: taken whole into the field being typed in (line breaks and tabs
/// become spaces, other control characters are left out), cut at what the field holds with
/// a word saying so, and written to the draft at once.
fn paste(state: &mut State, text: &str) -> Vec<Effect> {
    let s = state.strings();
    let Some(form) = state.form.as_mut() else {
        return vec![];
    };
    let focus = form.focus;
    let clean: String = text
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control())
        .filter(|c| focus != Field::Minutes || c.is_ascii_digit())
        .collect();
    let Some(input) = form.text_mut() else {
        return vec![];
    };
    let room = paste_room(focus).saturating_sub(input.text.chars().count());
    let total = clean.chars().count();
    let taken: String = clean.chars().take(room).collect();
    input.insert_str(&taken);
    if focus == Field::Topics {
        form.topic_cursor = 0;
    }
    form.dirty = true;
    if total > room {
        let message = fill(
            s.paste_cut,
            &[
                &taken.chars().count().to_string(),
                &total.to_string(),
                &paste_room(focus).to_string(),
            ],
        );
        form.error = Some((focus, message));
    } else if form.error.as_ref().is_some_and(|(f, _)| *f == focus) {
        form.error = None;
    }
    draft_now(state)
}

#[cfg(test)]
mod tests;
