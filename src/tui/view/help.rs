//! The help overlay: every key of every screen, written from the keymap itself.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::keymap;
use crate::tui::state::State;

pub fn draw(frame: &mut Frame, state: &State, scroll: u16, area: Rect) {
    let s = state.strings();
    let sections = keymap::help_sections(s);
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
                Span::styled(
                    format!("  {:<key_width$}", b.keys_label()),
                    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                ),
                Span::raw((b.label)(s).to_string()),
            ]));
        }
        lines.push(Line::from(""));
    }
    let max_scroll = (lines.len() as u16).saturating_sub(area.height.saturating_sub(2));
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", s.help_title))
        .border_style(Style::new().fg(Color::Cyan));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(max_scroll), 0)),
        area,
    );
}
