//! A resident's thread: the panel beside the form and the selected contact (how many earlier
//! contacts here, the last few with date, topics and note, open follow-ups, linked articles),
//! and the thread screen listing every contact of the resident at this desk, newest first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

use super::fit;
use crate::tui::state::{State, ThreadScreen};
use crate::tui::strings::fill;

/// Whether the panel has something to show (a code is typed or selected, and its thread read).
pub fn has_panel(state: &State) -> bool {
    state.thread.wanted.is_some() && state.thread.thread.is_some()
}

/// The panel's lines for `width` columns.
pub fn panel_lines(state: &State, width: usize) -> Vec<Line<'static>> {
    let s = state.strings();
    let Some(t) = &state.thread.thread else {
        return Vec::new();
    };
    let dim = Style::new().fg(Color::DarkGray);
    let mut lines = Vec::new();
    if t.contacts == 0 {
        lines.push(Line::from(s.thread_none));
        return lines;
    }
    lines.push(Line::from(Span::styled(
        fit(&fill(s.thread_count, &[&t.contacts.to_string()]), width),
        Style::new().add_modifier(Modifier::BOLD),
    )));
    for c in &t.recent {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} ", c.at.format("%d-%m")),
                Style::new().fg(Color::Cyan),
            ),
            Span::raw(fit(&state.topic_labels(c), width.saturating_sub(6))),
        ]));
        if !c.note.is_empty() {
            lines.push(Line::from(Span::styled(
                fit(&format!("  {}", c.note), width),
                dim,
            )));
        }
    }
    if !t.open_follow_ups.is_empty() {
        let days: Vec<String> = t
            .open_follow_ups
            .iter()
            .filter_map(|c| c.follow_up.map(|d| d.format("%d-%m").to_string()))
            .collect();
        lines.push(Line::from(Span::styled(
            fit(&fill(s.thread_follow_ups, &[&days.join(", ")]), width),
            Style::new().fg(Color::Yellow),
        )));
    }
    if !t.articles.is_empty() {
        let titles: Vec<&str> = t.articles.iter().map(|a| a.title.as_str()).collect();
        lines.push(Line::from(fit(
            &fill(s.thread_articles, &[&titles.join(", ")]),
            width,
        )));
    }
    lines.push(Line::from(Span::styled(fit(s.thread_more, width), dim)));
    lines
}

/// The panel in its own box.
pub fn panel(frame: &mut Frame, state: &State, area: Rect) {
    let s = state.strings();
    let code = state.thread.wanted.as_ref().map_or("", |(c, _)| c.as_str());
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} · {code} ", s.thread_title))
        .border_style(Style::new().fg(Color::Cyan));
    let width = area.width.saturating_sub(2) as usize;
    frame.render_widget(Paragraph::new(panel_lines(state, width)).block(block), area);
}

/// The thread screen: every contact of the resident here, newest first.
pub fn draw(frame: &mut Frame, state: &State, t: &ThreadScreen, area: Rect) {
    let s = state.strings();
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(
            " {} · {} ",
            fill(s.thread_screen_title, &[&t.code]),
            state.desk
        ))
        .border_style(Style::new().fg(Color::Cyan));
    if t.contacts.is_empty() {
        frame.render_widget(
            Paragraph::new(s.thread_none)
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    let width = area.width.saturating_sub(3) as usize;
    let rows = area.height.saturating_sub(2).max(1) as usize;
    // two lines a contact: its day and topics, then its note
    let per_screen = (rows / 2).max(1);
    let first = t.selected.saturating_sub(per_screen - 1);
    let items: Vec<ListItem> = t
        .contacts
        .iter()
        .skip(first)
        .take(per_screen)
        .map(|c| {
            let head = format!("{} ", c.at.format("%d-%m-%Y %H:%M"));
            let follow = match (c.follow_up, c.follow_up_done) {
                (Some(d), None) => format!(" · → {}", d.format("%d-%m")),
                _ => String::new(),
            };
            let topics = fit(
                &format!("{}{follow}", state.topic_labels(c)),
                width.saturating_sub(head.chars().count()),
            );
            let note = if c.note.is_empty() { "—" } else { &c.note };
            ListItem::new(vec![
                Line::from(vec![
                    Span::styled(head, Style::new().fg(Color::Cyan)),
                    Span::raw(topics),
                ]),
                Line::from(Span::styled(
                    fit(&format!("  {note}"), width),
                    Style::new().fg(Color::DarkGray),
                )),
            ])
        })
        .collect();
    let list = List::new(items)
        .block(block)
        .highlight_style(Style::new().add_modifier(Modifier::REVERSED))
        .highlight_symbol("▸");
    let mut list_state = ListState::default().with_selected(Some(t.selected - first));
    frame.render_stateful_widget(list, area, &mut list_state);
}
