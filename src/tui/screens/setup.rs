//! The set-up screen: which desk this is and the volunteer's initials, asked once (and again
//! with `b`); known desks are offered as they are typed, a new name only after a question.
//! Its state, keys, update and drawing.

use crate::tui::theme::field_label;
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::confirm::{Confirm, OnYes};
use crate::domain::normalize_initials;
use crate::tui::action::{Action, Effect};
use crate::tui::input::{TextInput, rank};
use crate::tui::keymap::{BACK, Binding, Key, UP_DOWN};
use crate::tui::state::{Overlay, Screen, State};
use crate::tui::strings::fill;
use crate::tui::view::fit;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SetupForm {
    pub desk: TextInput,
    pub volunteer: TextInput,
    /// 0 = desk, 1 = volunteer.
    pub focus: u8,
    /// Highlighted known desk, if any.
    pub cursor: Option<usize>,
    pub error: Option<String>,
    /// Set-up was opened from the main screen (Esc goes back) rather than on first run.
    pub can_cancel: bool,
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

/// The first match is highlighted as soon as there is one, so Enter and Tab take it.
fn highlight_first(state: &State, form: &SetupForm) -> Option<usize> {
    (!form.desk.text.trim().is_empty() && !desk_matches(state, form).is_empty()).then_some(0)
}

/// Set-up done with `desk` if the initials are right (else the form says what is wrong).
pub(super) fn finish(state: &mut State, form: &mut SetupForm, desk: String) -> Vec<Effect> {
    let s = state.strings();
    let Some(initials) = normalize_initials(&form.volunteer.text) else {
        form.desk = TextInput::new(&desk);
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

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
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
        Action::Edit(op) => {
            let input = if form.focus == 0 {
                &mut form.desk
            } else {
                &mut form.volunteer
            };
            if input.apply(op) && form.focus == 0 {
                form.cursor = highlight_first(state, &form);
            }
        }
        Action::NextField | Action::PrevField => {
            if form.focus == 0
                && let Some(i) = form.cursor
                && let Some(d) = desk_matches(state, &form).get(i)
            {
                form.desk = TextInput::new(d);
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
                    let effects = finish(state, &mut form, desk);
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
                    let effects = finish(state, &mut form, typed);
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

pub const KEYS: &[Binding] = &[
    Binding {
        keys: &[(Key::new(KeyCode::Enter), Action::Save)],
        label: |s| s.key_setup_save,
        footer: true,
    },
    Binding {
        keys: &[
            (Key::new(KeyCode::Tab), Action::NextField),
            (Key::new(KeyCode::BackTab), Action::PrevField),
        ],
        label: |s| s.key_next_field,
        footer: true,
    },
    Binding {
        keys: UP_DOWN,
        label: |s| s.key_move,
        footer: true,
    },
    BACK,
];

/// Width of the label column (the focus marker, the label, a space).
const LABEL: usize = 20;

pub fn draw(frame: &mut Frame, state: &State, setup: &SetupForm, area: Rect) {
    let th = state.theme;
    let s = state.strings();
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(
            " {} ",
            // `b` changes what was set up: no welcome again
            if setup.can_cancel {
                s.setup_title_change
            } else {
                s.setup_title
            }
        ))
        .border_style(th.frame_form());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let label = |text: &str, focused: bool| field_label(th, text, LABEL, focused, th.strong());
    let mut lines = vec![
        Line::from(s.setup_intro),
        Line::from(""),
        Line::from(vec![
            label(s.setup_desk, setup.focus == 0),
            Span::raw(fit(&setup.desk.text, width.saturating_sub(LABEL))),
        ]),
        Line::from(vec![
            label(s.setup_volunteer, setup.focus == 1),
            Span::raw(setup.volunteer.text.clone()),
        ]),
        Line::from(""),
    ];
    if let Some(e) = &setup.error {
        lines.push(Line::from(Span::styled(format!("⚠ {e}"), th.bad())));
    } else {
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled(s.setup_known_desks, th.dim())));
    // the intro may wrap onto more rows: measure it, so the highlighted desk is never below
    // the bottom edge
    let intro_rows = (s.setup_intro.chars().count() as u16).div_ceil(inner.width.max(1));
    let used = lines.len() as u16 + intro_rows.saturating_sub(1);
    let room = inner.height.saturating_sub(used) as usize;
    let matches = desk_matches(state, setup);
    let first = setup
        .cursor
        .unwrap_or(0)
        .saturating_sub(room.saturating_sub(1));
    for (i, d) in matches.iter().enumerate().skip(first).take(room) {
        let line = if setup.cursor == Some(i) {
            Line::from(Span::styled(format!("▸ {d}"), th.highlight()))
        } else {
            Line::from(format!("  {d}"))
        };
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    let (row, col) = if setup.focus == 0 {
        (1 + intro_rows, LABEL + setup.desk.cursor)
    } else {
        (2 + intro_rows, LABEL + setup.volunteer.cursor)
    };
    if state.overlay.is_none() {
        frame.set_cursor_position(Position::new(
            inner.x + (col as u16).min(inner.width.saturating_sub(1)),
            inner.y + row,
        ));
    }
}

#[cfg(test)]
mod tests;
