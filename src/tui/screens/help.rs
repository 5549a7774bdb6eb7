//! The help overlay: every key of every screen, written from the screens' own key bindings,
//! scrolled with ↑↓. Its keys, update and drawing.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::action::{Action, Effect};
use crate::tui::keymap::{self, Binding, Key, UP_DOWN_PAGE};
use crate::tui::state::{Overlay, State};
use crate::tui::strings::Strings;

/// The help screen's sections, in order: a title and the bindings it lists.
pub fn sections(s: &Strings) -> [(&'static str, &'static [Binding]); 12] {
    [
        (s.help_main, super::main::KEYS),
        (s.help_form, super::form::KEYS),
        (s.help_thread, super::thread::KEYS),
        (s.help_kb, super::kb::KEYS),
        (s.help_text, keymap::TEXT),
        (s.help_kb_article, super::kb::ARTICLE_KEYS),
        (s.help_overview, super::overview::KEYS),
        (s.help_follow_ups, super::follow_ups::KEYS),
        (s.help_everywhere, keymap::EVERYWHERE),
        (s.help_setup, super::setup::KEYS),
        (s.help_confirm, super::confirm::KEYS),
        (s.help_title, KEYS),
    ]
}

/// How many lines the help screen has (a title, its bindings and a blank line per section,
/// then the marks).
pub fn line_count(s: &Strings) -> u16 {
    sections(s)
        .iter()
        .map(|(_, b)| b.len() as u16 + 2)
        .sum::<u16>()
        + 1
        + s.help_marks_lines.len() as u16
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    // scrolling stops at the last line (the body shows about 16 at 80x24)
    let last = line_count(state.strings()).saturating_sub(16);
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

pub const KEYS: &[Binding] = &[
    Binding {
        keys: UP_DOWN_PAGE,
        label: |s| s.key_scroll,
        footer: true,
    },
    Binding {
        keys: &[
            (Key::new(KeyCode::Esc), Action::Back),
            (Key::char('q'), Action::Back),
            (Key::char('?'), Action::Back),
        ],
        label: |s| s.key_back,
        footer: true,
    },
];

pub fn draw(frame: &mut Frame, state: &State, scroll: u16, area: Rect) {
    let th = state.theme;
    let s = state.strings();
    let sections = sections(s);
    let key_width = sections
        .iter()
        .flat_map(|(_, b)| b.iter().map(|b| b.keys_label().chars().count()))
        .max()
        .unwrap_or(8)
        + 2;
    let mut lines = Vec::new();
    for (title, bindings) in sections {
        lines.push(Line::from(Span::styled(
            title.to_string(),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )));
        for b in bindings {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<key_width$}", b.keys_label()), th.key()),
                Span::raw((b.label)(s).to_string()),
            ]));
        }
        lines.push(Line::from(""));
    }
    // the marks before a contact on the main screen
    lines.push(Line::from(Span::styled(
        s.help_marks.to_string(),
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
    )));
    for mark in s.help_marks_lines {
        lines.push(Line::from(format!("  {mark}")));
    }
    let max_scroll = (lines.len() as u16).saturating_sub(area.height.saturating_sub(2));
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", s.help_title))
        .border_style(th.frame());
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(max_scroll), 0)),
        area,
    );
}

#[cfg(test)]
mod tests;
