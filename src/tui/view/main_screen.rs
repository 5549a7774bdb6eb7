//! The main screen: today's contacts at this desk (newest first) and today's count per topic,
//! with the tally keys beside the topics they log.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

use super::fit;
use crate::config::Labelled;
use crate::tui::state::State;
use crate::tui::strings::fill;
use crate::tui::update::op_description;

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
    let s = state.strings();
    let mut parts = Vec::new();
    if state.today.follow_ups_due > 0 {
        parts.push(fill(
            s.fu_main_hint,
            &[&state.today.follow_ups_due.to_string()],
        ));
    }
    if let Some(op) = state.undo.last() {
        parts.push(fill(s.undo_hint, &[&op_description(state, op)]));
    }
    if let Some(op) = state.redo.last() {
        parts.push(fill(s.redo_hint, &[&op_description(state, op)]));
    }
    let text = fit(&format!(" {}", parts.join("  ·  ")), area.width as usize);
    frame.render_widget(
        Paragraph::new(text).style(Style::new().fg(Color::DarkGray)),
        area,
    );
}

fn contacts(frame: &mut Frame, state: &State, area: Rect) {
    let s = state.strings();
    let title = format!(
        " {}: {} ",
        s.today,
        fill(s.today_count, &[&state.today.total.to_string()])
    );
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
                Span::styled(head, Style::new().fg(Color::Cyan)),
                Span::raw(format!("{middle:<middle_width$}")),
                Span::styled(tail, Style::new().fg(Color::DarkGray)),
            ]))
        })
        .collect();
    let list = List::new(items)
        .block(block)
        .highlight_style(Style::new().add_modifier(Modifier::REVERSED))
        .highlight_symbol("▸");
    let mut list_state = ListState::default().with_selected(Some(state.selected - first));
    frame.render_stateful_widget(list, area, &mut list_state);
}

fn topics(frame: &mut Frame, state: &State, area: Rect) {
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
            Span::styled(
                key,
                Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            ),
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
        .title_bottom(
            Line::from(format!(" {}: {} (c) ", s.f_channel, channel))
                .style(Style::new().fg(Color::DarkGray)),
        );
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
