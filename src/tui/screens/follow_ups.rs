//! The follow-up screen: the referrals and promises due today or overdue at this desk, oldest
//! first, so nothing falls silent; one key marks one done (audited). Each is shown with whom
//! the resident was referred to and the note. Its state, keys, update and drawing.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

use crate::domain::Contact;
use crate::tui::action::{Action, Effect};
use crate::tui::keymap::{Binding, ESC_Q_BACK, Key, OPEN_KB, UP_DOWN_PAGE};
use crate::tui::state::{Overlay, Screen, State, Tone};
use crate::tui::strings::fill;
use crate::tui::view::fit;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FollowUpsScreen {
    /// Also the follow-ups that are not due yet.
    pub all: bool,
    pub items: Vec<Contact>,
    pub selected: usize,
    pub loaded: bool,
}

fn load(f: &FollowUpsScreen) -> Vec<Effect> {
    vec![Effect::LoadFollowUps { all: f.all }]
}

pub fn open(state: &mut State) -> Vec<Effect> {
    let f = FollowUpsScreen::default();
    let effects = load(&f);
    state.screen = Screen::FollowUps(f);
    effects
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let Screen::FollowUps(f) = &mut state.screen else {
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
            return load(f);
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
        Action::Help => state.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::OpenKb => return crate::tui::screens::kb::open(state),
        _ => {}
    }
    vec![]
}

pub fn loaded(state: &mut State, items: Vec<Contact>) {
    if let Screen::FollowUps(f) = &mut state.screen {
        f.items = items;
        f.selected = f.selected.min(f.items.len().saturating_sub(1));
        f.loaded = true;
    }
}

/// A follow-up was marked done: say which, and read the list again.
pub fn done(state: &mut State, c: &Contact) -> Vec<Effect> {
    let (what, when) = state.describe(c);
    let text = fill(state.strings().follow_up_marked, &[&what, &when]);
    state.say(Tone::Good, text);
    match &state.screen {
        Screen::FollowUps(f) => load(f),
        _ => vec![Effect::LoadFollowUps { all: false }],
    }
}

pub const KEYS: &[Binding] = &[
    OPEN_KB,
    Binding {
        keys: UP_DOWN_PAGE,
        label: |s| s.key_move,
        footer: true,
    },
    Binding {
        keys: &[
            (Key::new(KeyCode::Enter), Action::MarkDone),
            (Key::char('x'), Action::MarkDone),
        ],
        label: |s| s.key_mark_done,
        footer: true,
    },
    Binding {
        keys: &[(Key::char('e'), Action::EditSelected)],
        label: |s| s.key_edit,
        footer: true,
    },
    Binding {
        keys: &[(Key::char('a'), Action::ToggleUpcoming)],
        label: |s| s.key_upcoming,
        footer: true,
    },
    Binding {
        keys: ESC_Q_BACK,
        label: |s| s.key_back,
        footer: true,
    },
];

pub fn draw(frame: &mut Frame, state: &State, f: &FollowUpsScreen, area: Rect) {
    let th = state.theme;
    let s = state.strings();
    let title = if f.all {
        s.fu_title_all
    } else {
        s.fu_title_due
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} · {} ", state.desk))
        .border_style(th.frame());
    if f.loaded && f.items.is_empty() {
        frame.render_widget(
            Paragraph::new(s.fu_none)
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    let today = state.now.date();
    let width = area.width.saturating_sub(3) as usize;
    let items: Vec<ListItem> = f
        .items
        .iter()
        .map(|c| {
            let day = c.follow_up.unwrap_or(today);
            let (when, color) = if day < today {
                (s.fu_overdue, th.bad())
            } else if day == today {
                (s.fu_due_today, th.warn().add_modifier(Modifier::BOLD))
            } else {
                (s.fu_upcoming, th.dim().add_modifier(Modifier::BOLD))
            };
            let partner = c
                .referred_to
                .as_deref()
                .map(|p| {
                    state
                        .config
                        .partner(p)
                        .map_or(p.to_string(), |x| x.name.clone())
                })
                .map(|p| format!(" → {p}"))
                .unwrap_or_default();
            let head = format!("{} {:<8} ", day.format("%d-%m-%Y"), when);
            let rest = fit(
                &format!("{}{partner}", state.topic_labels(c)),
                width.saturating_sub(head.chars().count()),
            );
            // the note on a line of its own, so the topics never push it off the screen
            let mut lines = vec![Line::from(vec![
                Span::styled(head.clone(), color),
                Span::raw(rest),
            ])];
            if !c.note.is_empty() {
                let indent = " ".repeat(head.chars().count());
                let note = fit(&c.note, width.saturating_sub(indent.len()));
                lines.push(Line::from(format!("{indent}{note}")));
            }
            ListItem::new(lines)
        })
        .collect();
    let list = List::new(items)
        .block(block)
        .highlight_style(th.selected())
        .highlight_symbol("▸");
    let mut ls = ListState::default().with_selected(Some(f.selected));
    frame.render_stateful_widget(list, area, &mut ls);
}

#[cfg(test)]
mod tests;
