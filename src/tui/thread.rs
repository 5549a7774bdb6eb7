//! A resident's thread: the panel beside the form (while a code is typed) and beside the
//! selected contact on the main screen, with this desk's earlier contacts for that code; and
//! the thread screen (`t`, or F3 in the form), which lists them all, newest first, with the
//! main list's keys. Only this desk's contacts are ever asked for (the store's query binds
//! the desk), so another desk's notes never show. Pure: the store is read by the runner.

use super::action::{Action, Effect};
use super::state::{Confirm, OnYes, Overlay, Screen, State, ThreadScreen, Tone};
use super::strings::fill;
use crate::domain::{Contact, ContactId, normalize_resident};

/// The resident code the panel should show now, and the contact to leave out of it.
fn wanted(state: &State) -> Option<(String, Option<ContactId>)> {
    match &state.screen {
        Screen::Form => {
            let form = state.form.as_ref()?;
            let code = normalize_resident(&form.resident.text)?;
            Some((code, form.editing.as_ref().map(|c| c.id.clone())))
        }
        Screen::Main => {
            let c = state.selected_contact()?;
            Some((c.resident.clone()?, Some(c.id.clone())))
        }
        // other screens keep what the panel showed, so coming back shows it at once
        _ => state.thread.wanted.clone(),
    }
}

/// After every change: ask for the thread when what the panel should show has changed.
pub fn sync(state: &mut State) -> Vec<Effect> {
    let now = wanted(state);
    if now == state.thread.wanted {
        return vec![];
    }
    state.thread.thread = None;
    state.thread.wanted = now.clone();
    match now {
        Some((code, except)) => vec![Effect::LoadThread { code, except }],
        None => vec![],
    }
}

/// The store changed: read the panel's thread again.
pub fn stale(state: &mut State) {
    state.thread.wanted = None;
    state.thread.thread = None;
}

/// A thread came back; kept only if it is still the one asked for.
pub fn loaded(state: &mut State, code: &str, thread: crate::store::Thread) {
    if state.thread.wanted.as_ref().is_some_and(|(c, _)| c == code) {
        state.thread.thread = Some(thread);
    }
}

/// `t` / F3: the full thread of the code in the form or of the selected contact.
pub fn open(state: &mut State) -> Vec<Effect> {
    let from_form = state.screen == Screen::Form;
    let code = if from_form {
        state
            .form
            .as_ref()
            .and_then(|f| normalize_resident(&f.resident.text))
    } else {
        state.selected_contact().and_then(|c| c.resident.clone())
    };
    let Some(code) = code else {
        state.message = Some(super::state::Message {
            text: state.strings().thread_no_code.to_string(),
            tone: Tone::Info,
        });
        return vec![];
    };
    state.screen = Screen::Thread(ThreadScreen {
        code: code.clone(),
        from_form,
        ..ThreadScreen::default()
    });
    vec![Effect::LoadThreadList(code)]
}

pub fn list_loaded(state: &mut State, code: &str, contacts: Vec<Contact>) {
    if let Screen::Thread(t) = &mut state.screen
        && t.code == code
    {
        t.selected = t.selected.min(contacts.len().saturating_sub(1));
        t.contacts = contacts;
    }
}

/// The thread screen's keys: the main list's.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let Screen::Thread(t) = &mut state.screen else {
        return vec![];
    };
    let n = t.contacts.len();
    match action {
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Home
        | Action::End => t.selected = super::update::list_move(t.selected, n, &action),
        Action::EditSelected => {
            if let Some(c) = t.contacts.get(t.selected) {
                return vec![Effect::Open(c.id.clone())];
            }
        }
        Action::DeleteSelected => {
            if let Some(c) = t.contacts.get(t.selected).cloned() {
                let (what, when) = super::update::describe(state, &c);
                state.overlay = Some(Overlay::Confirm(Confirm {
                    question: fill(state.strings().confirm_delete, &[&what, &when]),
                    on_yes: OnYes::Delete(Box::new(c)),
                }));
            }
        }
        Action::Help => state.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Back => {
            state.screen = if t.from_form && state.form.is_some() {
                Screen::Form
            } else {
                Screen::Main
            };
        }
        _ => {}
    }
    vec![]
}

/// After a change went through on the thread screen: list the thread again.
pub fn reload(state: &State) -> Vec<Effect> {
    match &state.screen {
        Screen::Thread(t) => vec![Effect::LoadThreadList(t.code.clone())],
        _ => vec![],
    }
}
