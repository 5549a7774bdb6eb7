//! A yes/no question over any screen (throw the form away, delete a contact, take a new desk
//! name, stop or save a help session) and what a yes does. Its state, keys, update and drawing.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::form::Field;
use crate::domain::{Contact, ContactId};
use crate::tui::action::{Action, Effect};
use crate::tui::draft::draft_left;
use crate::tui::input::TextInput;
use crate::tui::keymap::{Binding, Key};
use crate::tui::state::{Op, Overlay, Screen, State, Tone};
use crate::tui::view::centered;

/// A yes/no question and what a yes does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub question: String,
    pub on_yes: OnYes,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnYes {
    DiscardForm,
    Delete(Box<Contact>),
    /// Set-up: take this desk name, which matches no known desk.
    NewDesk(String),
    /// Stop the running help session without saving a contact.
    StopSession,
    /// Save the session's form with this many minutes (a session past the limit).
    SaveSessionMinutes(u32),
    /// Throw away the form's typed input and open this contact (from the resident's thread).
    Open(ContactId),
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
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
                OnYes::Open(id) => vec![Effect::Open(id)],
                OnYes::NewDesk(desk) => match state.screen.clone() {
                    Screen::Setup(mut form) => {
                        let effects = super::setup::finish(state, &mut form, desk);
                        if matches!(state.screen, Screen::Setup(_)) {
                            state.screen = Screen::Setup(form);
                        }
                        effects
                    }
                    _ => vec![],
                },
                OnYes::StopSession => {
                    state.session = None;
                    state.say(Tone::Info, state.strings().session_stopped.to_string());
                    vec![draft_left(state)]
                }
                OnYes::SaveSessionMinutes(n) => {
                    if let Some(form) = &mut state.form {
                        form.minutes = TextInput::new(&n.to_string());
                    }
                    super::form::update(state, Action::Save)
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
                state.say(Tone::Info, hint);
            }
            vec![]
        }
        _ => vec![],
    }
}

pub const KEYS: &[Binding] = &[
    Binding {
        keys: &[
            (Key::char('j'), Action::Yes),
            (Key::char('J'), Action::Yes),
            (Key::char('y'), Action::Yes),
            (Key::char('Y'), Action::Yes),
        ],
        label: |s| s.confirm_keys,
        footer: true,
    },
    Binding {
        keys: &[
            (Key::char('n'), Action::No),
            (Key::char('N'), Action::No),
            (Key::new(KeyCode::Esc), Action::No),
        ],
        label: |s| s.key_back,
        footer: false,
    },
];

pub fn draw(frame: &mut Frame, state: &State, question: &str, body: Rect) {
    let th = state.theme;
    let width = (question.chars().count() as u16 + 6).clamp(30, body.width.saturating_sub(4));
    let rect = centered(body, width, 5);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(th.frame_form());
    let text = vec![
        Line::from(question.to_string()).bold(),
        Line::from(""),
        Line::from(state.strings().confirm_keys).style(th.accent()),
    ];
    frame.render_widget(
        Paragraph::new(text)
            .block(block)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rect,
    );
}
