//! The draft: what is being typed in the form and the running help session, kept in the
//! store so that a killed balie, a closed window or a power cut loses neither. Pure: the
//! effect runner writes it.

use super::action::Effect;
use super::screens::form::Form;
use super::state::{Message, Screen, State, Tone};

/// Write the form and the running session as a draft now, if there is one worth keeping.
pub(super) fn draft_now(state: &mut State) -> Vec<Effect> {
    state.draft_dirty = false;
    draft_json(state)
        .map(Effect::SaveDraft)
        .into_iter()
        .collect()
}

/// The draft: the form being typed (JSON of a [`Form`]) with the running help session under
/// `session`, or only the session; `None` when there is neither.
pub fn draft_json(state: &State) -> Option<String> {
    let form = state.form.as_ref().filter(|f| f.dirty);
    if form.is_none() && state.session.is_none() {
        return None;
    }
    let mut v = match form {
        Some(f) => serde_json::to_value(f).ok()?,
        None => serde_json::json!({}),
    };
    if let (Some(session), Some(map)) = (&state.session, v.as_object_mut()) {
        map.insert("session".into(), serde_json::to_value(session).ok()?);
    }
    Some(v.to_string())
}

/// After the form is saved or thrown away: keep what is left (a running session), or clear.
pub(super) fn draft_left(state: &mut State) -> Effect {
    state.draft_dirty = false;
    match draft_json(state) {
        Some(json) => Effect::SaveDraft(json),
        None => Effect::ClearDraft,
    }
}

/// Restore a draft written by an earlier run (see [`draft_json`]): the running session, and
/// the form when there was one.
pub fn restore_draft(state: &mut State, json: &str) -> bool {
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(json) else {
        return false;
    };
    let session = value
        .as_object_mut()
        .and_then(|m| m.remove("session"))
        .and_then(|v| serde_json::from_value::<super::session::Session>(v).ok());
    if session.is_some() {
        state.session = session;
    }
    if value.as_object().is_some_and(|m| m.is_empty()) {
        return session.is_some();
    }
    match serde_json::from_value::<Form>(value) {
        Ok(mut form) => {
            form.fix_cursors();
            state.form = Some(form);
            if state.screen == Screen::Main {
                state.screen = Screen::Form;
            }
            state.message = Some(Message {
                text: state.strings().draft_restored.to_string(),
                tone: Tone::Info,
            });
            true
        }
        Err(_) => false,
    }
}
