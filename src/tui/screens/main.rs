//! The main screen: today's contacts at this desk (newest first) and today's count per topic,
//! with the tally keys beside the topics they log; from here every other screen opens. Its
//! keys, update and drawing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

use super::confirm::{Confirm, OnYes};
use super::form::Form;
use super::setup::SetupForm;
use crate::config::Labelled;
use crate::domain::Contact;
use crate::tui::action::{Action, Effect};
use crate::tui::draft::draft_now;
use crate::tui::input::TextInput;
use crate::tui::keymap::{
    Binding, DELETE_SELECTED, DIGITS, EDIT_SELECTED, HELP_KEYS, KB_KEYS, Key, MOVE_IN_LIST,
};
use crate::tui::state::{Op, Overlay, Screen, State, Tone, list_move};
use crate::tui::strings::fill;
use crate::tui::view::fit;

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let s = state.strings();
    let n = state.today.contacts.len();
    match action {
        Action::Quit => state.quit = true,
        Action::Help => state.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Tally(k) => {
            let Some(code) = state.config.tally.get(usize::from(k) - 1).cloned() else {
                state.say(Tone::Bad, fill(s.tally_empty_slot, &[&k.to_string()]));
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
                state.say(
                    Tone::Bad,
                    crate::tui::messages::invalid(state.config.lang, &e),
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
                    form.at = TextInput::new(&session.start_text(state.now));
                }
                state.form = Some(form);
            }
            state.screen = Screen::Form;
            state.message = None;
            return vec![Effect::LoadSignalLabels];
        }
        Action::EditSelected => match state.selected_contact() {
            Some(c) => return vec![Effect::Open(c.id.clone())],
            None => state.say(Tone::Info, s.nothing_selected.to_string()),
        },
        Action::DeleteSelected => match state.selected_contact().cloned() {
            Some(c) => {
                let (what, when) = state.describe(&c);
                state.overlay = Some(Overlay::Confirm(Confirm {
                    question: fill(s.confirm_delete, &[&what, &when]),
                    on_yes: OnYes::Delete(Box::new(c)),
                }));
            }
            None => state.say(Tone::Info, s.nothing_selected.to_string()),
        },
        Action::Undo => match state.undo.last() {
            Some(op) => return vec![Effect::Undo(op.clone())],
            None => state.say(Tone::Info, s.nothing_to_undo.to_string()),
        },
        Action::Redo => match state.redo.last() {
            Some(op) => return vec![Effect::Redo(op.clone())],
            None => state.say(Tone::Info, s.nothing_to_redo.to_string()),
        },
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Home
        | Action::End => state.selected = list_move(state.selected, n, &action),
        Action::CycleChannel => super::channel::open(state),
        Action::ToggleSession => match state.session {
            None => {
                let session = crate::tui::session::Session::started(state.now);
                state.session = Some(session);
                state.draft_dirty = true;
                let start = session.start.format("%H:%M").to_string();
                state.say(Tone::Good, fill(s.session_started, &[&start]));
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
                desk: TextInput::new(&state.desk),
                volunteer: TextInput::new(&state.volunteer),
                can_cancel: true,
                ..SetupForm::default()
            });
        }
        _ => {}
    }
    vec![]
}

pub const KEYS: &[Binding] = &[
    Binding {
        keys: DIGITS,
        label: |s| s.key_tally,
        footer: true,
    },
    Binding {
        keys: &[
            (Key::char('n'), Action::NewContact),
            (Key::char('+'), Action::NewContact),
        ],
        label: |s| s.key_new,
        footer: true,
    },
    EDIT_SELECTED,
    DELETE_SELECTED,
    Binding {
        keys: &[
            (Key::char('u'), Action::Undo),
            (Key::ctrl('z'), Action::Undo),
        ],
        label: |s| s.key_undo,
        footer: true,
    },
    Binding {
        keys: &[
            (Key::char('r'), Action::Redo),
            (Key::ctrl('r'), Action::Redo),
            (Key::ctrl('y'), Action::Redo),
        ],
        label: |s| s.key_redo,
        footer: false,
    },
    MOVE_IN_LIST,
    Binding {
        keys: &[(Key::char('s'), Action::ToggleSession)],
        label: |s| s.key_session,
        footer: true,
    },
    Binding {
        keys: &[(Key::char('t'), Action::OpenThread)],
        label: |s| s.key_thread,
        footer: false,
    },
    Binding {
        keys: &[(Key::char('o'), Action::OpenOverview)],
        label: |s| s.key_overview,
        footer: true,
    },
    Binding {
        keys: &[(Key::char('f'), Action::OpenFollowUps)],
        label: |s| s.key_follow_ups,
        footer: true,
    },
    Binding {
        keys: &[(Key::char('c'), Action::CycleChannel)],
        label: |s| s.key_channel,
        footer: false,
    },
    Binding {
        keys: &[(Key::char('b'), Action::ChangeDesk)],
        label: |s| s.key_desk,
        footer: false,
    },
    Binding {
        keys: KB_KEYS,
        label: |s| s.key_kb,
        footer: true,
    },
    HELP_KEYS,
    Binding {
        keys: &[(Key::char('q'), Action::Quit)],
        label: |s| s.key_quit,
        footer: true,
    },
];

pub fn draw(frame: &mut Frame, state: &State, area: Rect) {
    let [panels, hints] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Min(40), Constraint::Length(34)]).areas(panels);
    contacts(frame, state, left);
    if super::thread::has_panel(state) {
        // the selected contact's resident: their earlier contacts here, under the tallies
        let tallies = state.config.tally.len() as u16 + 2;
        let [top, bottom] =
            Layout::vertical([Constraint::Length(tallies), Constraint::Min(3)]).areas(right);
        topics(frame, state, top);
        super::thread::panel(frame, state, bottom);
    } else {
        topics(frame, state, right);
    }
    undo_hints(frame, state, hints);
}

/// What `u` and `r` would revert, in plain words.
fn undo_hints(frame: &mut Frame, state: &State, area: Rect) {
    let th = state.theme;
    let s = state.strings();
    let mut parts = Vec::new();
    if state.today.follow_ups_due > 0 {
        parts.push(fill(
            s.fu_main_hint,
            &[&state.today.follow_ups_due.to_string()],
        ));
    }
    if let Some(op) = state.undo.last() {
        parts.push(fill(s.undo_hint, &[&state.op_description(op)]));
    }
    if let Some(op) = state.redo.last() {
        parts.push(fill(s.redo_hint, &[&state.op_description(op)]));
    }
    let text = fit(&format!(" {}", parts.join("  ·  ")), area.width as usize);
    frame.render_widget(Paragraph::new(text).style(th.dim()), area);
}

fn contacts(frame: &mut Frame, state: &State, area: Rect) {
    let th = state.theme;
    let s = state.strings();
    let title = format!(" {}: {} ", s.today, s.contacts(state.today.total));
    let block = Block::default().borders(Borders::ALL).title(title);
    if state.today.contacts.is_empty() {
        let p = Paragraph::new(s.no_contacts_yet)
            .wrap(Wrap { trim: true })
            .block(block);
        frame.render_widget(p, area);
        return;
    }
    let inner_width = area.width.saturating_sub(2) as usize;
    let lang = state.config.lang;
    // only the rows that fit are built (up to 500 of today's contacts are loaded)
    let rows = area.height.saturating_sub(2).max(1) as usize;
    let first = state.selected.saturating_sub(rows - 1);
    let items: Vec<ListItem> = state
        .today
        .contacts
        .iter()
        .skip(first)
        .take(rows)
        .map(|c| {
            let channel = state
                .config
                .channel(&c.channel)
                .map_or(c.channel.as_str(), |ch| ch.label(lang));
            let kind = match c.kind {
                crate::domain::Kind::Kort => "",
                crate::domain::Kind::Hulpvraag => "+",
            };
            let note = if c.note.is_empty() {
                String::new()
            } else {
                format!(" · {}", c.note)
            };
            let linked = if state.today.with_links.contains(&c.id) {
                "§ "
            } else {
                ""
            };
            let head = format!("{} ", c.at.format("%H:%M"));
            let tail = format!(" {:<10}", fit(channel, 10));
            let middle_width =
                inner_width.saturating_sub(head.chars().count() + tail.chars().count() + 1);
            let middle = fit(
                &format!("{linked}{}{kind}{note}", state.topic_labels(c)),
                middle_width,
            );
            ListItem::new(Line::from(vec![
                Span::styled(head, th.accent()),
                Span::raw(format!("{middle:<middle_width$}")),
                Span::styled(tail, th.dim()),
            ]))
        })
        .collect();
    let list = List::new(items)
        .block(block)
        .highlight_style(th.selected())
        .highlight_symbol("▸");
    let mut list_state = ListState::default().with_selected(Some(state.selected - first));
    frame.render_stateful_widget(list, area, &mut list_state);
}

fn topics(frame: &mut Frame, state: &State, area: Rect) {
    let th = state.theme;
    let s = state.strings();
    let lang = state.config.lang;
    let width = area.width.saturating_sub(2) as usize;
    let count_of = |code: &str| {
        state
            .today
            .counts
            .iter()
            .find(|(c, _)| c == code)
            .map_or(0, |(_, n)| *n)
    };
    let row = |key: String, label: &str, n: u64| {
        let n = if n == 0 { String::new() } else { n.to_string() };
        let label_width = width.saturating_sub(key.chars().count() + n.chars().count() + 1);
        Line::from(vec![
            Span::styled(key, th.key()),
            Span::raw(format!("{:<label_width$} ", fit(label, label_width))),
            Span::styled(n, Style::new().add_modifier(Modifier::BOLD)),
        ])
    };
    let mut lines = Vec::new();
    for (i, code) in state.config.tally.iter().enumerate() {
        lines.push(row(
            format!("{} ", i + 1),
            state.config.topic_label(code, lang),
            count_of(code),
        ));
    }
    let others: Vec<&(String, u64)> = state
        .today
        .counts
        .iter()
        .filter(|(c, _)| !state.config.tally.contains(c))
        .collect();
    if !others.is_empty() {
        lines.push(Line::from(""));
        for (code, n) in others {
            lines.push(row("  ".into(), state.config.topic_label(code, lang), *n));
        }
    }
    let channel = state
        .config
        .channel(&state.tally_channel)
        .map_or(state.tally_channel.as_str(), |c| c.label(lang));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", s.per_topic))
        .title_bottom(Line::from(format!(" {}: {} (c) ", s.f_channel, channel)).style(th.dim()));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

#[cfg(test)]
mod tests;
