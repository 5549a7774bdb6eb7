//! The follow-up screen: due and overdue follow-ups, oldest first, with whom the resident was
//! referred to and the note.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

use super::fit;
use crate::tui::state::State;

pub fn draw(frame: &mut Frame, state: &State, area: Rect) {
    let Some(f) = &state.follow_ups else {
        return;
    };
    let s = state.strings();
    let title = if f.all {
        s.fu_title_all
    } else {
        s.fu_title_due
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} · {} ", state.desk))
        .border_style(Style::new().fg(Color::Cyan));
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
                (s.fu_overdue, Color::Red)
            } else if day == today {
                (s.fu_due_today, Color::Yellow)
            } else {
                (s.fu_upcoming, Color::DarkGray)
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
                Span::styled(
                    head.clone(),
                    Style::new().fg(color).add_modifier(Modifier::BOLD),
                ),
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
        .highlight_style(Style::new().add_modifier(Modifier::REVERSED))
        .highlight_symbol("▸");
    let mut ls = ListState::default().with_selected(Some(f.selected));
    frame.render_stateful_widget(list, area, &mut ls);
}
