//! The follow-up screen: the referrals and promises due today or overdue at this desk, oldest
//! first, so nothing falls silent; one key marks one done (audited).

use super::action::{Action, Effect};
use super::state::{Message, Screen, State, Tone};
use super::strings::fill;
use crate::domain::Contact;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FollowUpsScreen {
    /// Also the follow-ups that are not due yet.
    pub all: bool,
    pub items: Vec<Contact>,
    pub selected: usize,
    pub loaded: bool,
}

fn load(state: &State) -> Vec<Effect> {
    let all = state.follow_ups.as_ref().is_some_and(|f| f.all);
    vec![Effect::LoadFollowUps { all }]
}

pub fn open(state: &mut State) -> Vec<Effect> {
    state.follow_ups = Some(FollowUpsScreen::default());
    state.screen = Screen::FollowUps;
    load(state)
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(f) = state.follow_ups.as_mut() else {
        state.screen = Screen::Main;
        return vec![];
    };
    let n = f.items.len();
    match action {
        Action::Up => f.selected = f.selected.saturating_sub(1),
        Action::Down => f.selected = (f.selected + 1).min(n.saturating_sub(1)),
        Action::PageUp => f.selected = f.selected.saturating_sub(10),
        Action::PageDown => f.selected = (f.selected + 10).min(n.saturating_sub(1)),
        Action::ToggleUpcoming => {
            f.all = !f.all;
            return load(state);
        }
        Action::MarkDone => {
            if let Some(c) = f.items.get(f.selected) {
                return vec![Effect::MarkFollowUpDone(c.id.clone())];
            }
        }
        Action::EditSelected => {
            if let Some(c) = f.items.get(f.selected) {
                return vec![Effect::Open(c.id.clone())];
            }
        }
        Action::Back | Action::Quit => {
            state.screen = Screen::Main;
            return vec![Effect::Reload];
        }
        Action::Help => state.overlay = Some(super::state::Overlay::Help { scroll: 0 }),
        Action::OpenKb => return super::kb::open(state),
        _ => {}
    }
    vec![]
}

pub fn loaded(state: &mut State, items: Vec<Contact>) {
    if let Some(f) = &mut state.follow_ups {
        f.items = items;
        f.selected = f.selected.min(f.items.len().saturating_sub(1));
        f.loaded = true;
    }
}

/// A follow-up was marked done: say which, and read the list again.
pub fn done(state: &mut State, c: &Contact) -> Vec<Effect> {
    let (what, when) = super::update::describe(state, c);
    state.message = Some(Message {
        text: fill(state.strings().follow_up_marked, &[&what, &when]),
        tone: Tone::Good,
    });
    load(state)
}
