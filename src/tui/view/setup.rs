//! The set-up screen: which desk this is and the volunteer's initials, asked once.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::fit;
use crate::tui::state::{SetupForm, State};
use crate::tui::update::desk_matches;

pub fn draw(frame: &mut Frame, state: &State, setup: &SetupForm, area: Rect) {
    let s = state.strings();
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", s.setup_title))
        .border_style(Style::new().fg(Color::Yellow));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let label_style = |focused: bool| {
        if focused {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    };
    let mut lines = vec![
        Line::from(s.setup_intro),
        Line::from(""),
        Line::from(vec![
            Span::styled(
                format!("{:<18}", s.setup_desk),
                label_style(setup.focus == 0),
            ),
            Span::raw(fit(&setup.desk.text, width.saturating_sub(18))),
        ]),
        Line::from(vec![
            Span::styled(
                format!("{:<18}", s.setup_volunteer),
                label_style(setup.focus == 1),
            ),
            Span::raw(setup.volunteer.text.clone()),
        ]),
        Line::from(""),
    ];
    if let Some(e) = &setup.error {
        lines.push(Line::from(Span::styled(
            format!("⚠ {e}"),
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        )));
    } else {
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled(
        s.setup_known_desks,
        Style::new().fg(Color::DarkGray),
    )));
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
            Line::from(Span::styled(
                format!("▸ {d}"),
                Style::new().fg(Color::Black).bg(Color::Cyan),
            ))
        } else {
            Line::from(format!("  {d}"))
        };
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    let (row, col) = if setup.focus == 0 {
        (1 + intro_rows, 18 + setup.desk.cursor)
    } else {
        (2 + intro_rows, 18 + setup.volunteer.cursor)
    };
    if state.overlay.is_none() {
        frame.set_cursor_position(Position::new(
            inner.x + (col as u16).min(inner.width.saturating_sub(1)),
            inner.y + row,
        ));
    }
}
