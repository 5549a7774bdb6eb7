//! The overview screen: the period and its totals, a bar per topic, the last 12 weeks as a
//! sparkline, and a gauge per target of the year.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, LineGauge, Paragraph, Sparkline, Wrap};

use super::fit;
use crate::config::Labelled;
use crate::tui::overview::OverviewScreen;
use crate::tui::state::State;
use crate::tui::strings::fill;

pub fn draw(frame: &mut Frame, state: &State, area: Rect) {
    let Some(o) = &state.overview else {
        return;
    };
    let s = state.strings();
    let scope = if o.all_desks {
        s.ov_all_desks.to_string()
    } else {
        state.desk.clone()
    };
    let title = format!(" {} {} · {} ", s.ov_title, o.period.describe(), scope);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(fit(&title, area.width.saturating_sub(4) as usize))
        .border_style(Style::new().fg(Color::Cyan));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(data) = &o.data else {
        frame.render_widget(Paragraph::new(s.ov_loading), inner);
        return;
    };
    let [head, rest] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(inner);
    let mut totals = vec![Span::styled(
        fill(s.ov_totals, &[&data.total.contacts.to_string()]),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if data.total.residents > 0 {
        totals.push(Span::raw(format!(
            " · {}",
            fill(s.ov_residents, &[&data.total.residents.to_string()])
        )));
    }
    let head_lines = vec![
        Line::from(totals),
        // how often residents came back (`balie report --residents` says it in words)
        Line::from(fit(
            &crate::report::residents::text::overview_line(state.config.lang, &data.coming_back),
            inner.width as usize,
        )),
        Line::from(Span::styled(
            s.ov_multi_topic,
            Style::new().fg(Color::DarkGray),
        )),
    ];
    frame.render_widget(Paragraph::new(head_lines), head);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(rest);
    topics(frame, state, data, left);
    let [weeks_area, targets_area, gaps_area] = Layout::vertical([
        Constraint::Length(6),
        Constraint::Min(1),
        Constraint::Length(4),
    ])
    .areas(right);
    weeks(frame, state, data, weeks_area);
    targets(frame, state, o, data, targets_area);
    kb_gaps(frame, state, data, gaps_area);
}

/// The three topics asked about most often without an article linked.
fn kb_gaps(frame: &mut Frame, state: &State, data: &crate::report::Overview, area: Rect) {
    let s = state.strings();
    let block = Block::default()
        .borders(Borders::TOP)
        .title(format!(" {} ", s.ov_kb_gaps));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let lines: Vec<Line> = if data.kb_gaps.is_empty() {
        vec![Line::from(Span::styled(
            fit(s.ov_no_kb_gaps, width),
            Style::new().fg(Color::DarkGray),
        ))]
    } else {
        data.kb_gaps
            .iter()
            .map(|g| {
                let label = state
                    .config
                    .topic(&g.topic)
                    .map_or(g.topic.as_str(), |t| t.label(state.config.lang));
                let label = format!("{:<16}", fit(label, 16));
                Line::from(fit(
                    &fill(
                        s.ov_kb_gap_line,
                        &[
                            &label,
                            &g.without_article().to_string(),
                            &g.contacts.to_string(),
                            &g.articles.to_string(),
                        ],
                    ),
                    width,
                ))
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), inner);
}

fn topics(frame: &mut Frame, state: &State, data: &crate::report::Overview, area: Rect) {
    let s = state.strings();
    let lang = state.config.lang;
    let block = Block::default()
        .borders(Borders::TOP)
        .title(format!(" {} ", s.ov_per_topic));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut rows: Vec<&crate::report::TopicCount> =
        data.topics.iter().filter(|t| t.contacts > 0).collect();
    rows.sort_by(|a, b| b.contacts.cmp(&a.contacts).then(a.code.cmp(&b.code)));
    let max = rows.first().map_or(1, |t| t.contacts.max(1));
    let width = inner.width as usize;
    let label_w = 16.min(width / 2);
    let num_w = max.to_string().len();
    let bar_w = width.saturating_sub(label_w + num_w + 2);
    let lines: Vec<Line> = rows
        .iter()
        .take(inner.height as usize)
        .map(|t| {
            let label = state
                .config
                .topic(&t.code)
                .map_or(t.code.as_str(), |x| x.label(lang));
            let len = ((t.contacts as f64 / max as f64) * bar_w as f64).round() as usize;
            Line::from(vec![
                Span::raw(format!("{:<label_w$} ", fit(label, label_w))),
                Span::styled("█".repeat(len.max(1)), Style::new().fg(Color::Green)),
                Span::raw(format!(" {:>num_w$}", t.contacts)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn weeks(frame: &mut Frame, state: &State, data: &crate::report::Overview, area: Rect) {
    let s = state.strings();
    let block = Block::default()
        .borders(Borders::TOP)
        .title(format!(" {} ", s.ov_weeks));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let values: Vec<u64> = data.weeks.iter().map(|w| w.contacts).collect();
    let [spark, labels] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
    frame.render_widget(
        Sparkline::default()
            .data(&values)
            .style(Style::new().fg(Color::Cyan)),
        spark,
    );
    let first = data.weeks.first().map_or(String::new(), |w| w.week.clone());
    let last = data
        .weeks
        .last()
        .map_or(String::new(), |w| format!("{}: {}", w.week, w.contacts));
    let max = values.iter().max().copied().unwrap_or(0);
    let text = vec![
        Line::from(format!("{first} .. {last}")),
        Line::from(Span::styled(
            fill(state.strings().ov_max, &[&max.to_string()]),
            Style::new().fg(Color::DarkGray),
        )),
    ];
    frame.render_widget(Paragraph::new(text), labels);
}

fn targets(
    frame: &mut Frame,
    state: &State,
    o: &OverviewScreen,
    data: &crate::report::Overview,
    area: Rect,
) {
    let s = state.strings();
    let year = o.period.year().to_string();
    let block = Block::default()
        .borders(Borders::TOP)
        .title(format!(" {} ", fill(s.ov_targets, &[&year])));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if data.targets.is_empty() {
        frame.render_widget(
            Paragraph::new(fill(s.ov_no_targets, &[&year]))
                .wrap(Wrap { trim: true })
                .style(Style::new().fg(Color::DarkGray)),
            inner,
        );
        return;
    }
    let mut y = inner.y;
    for t in &data.targets {
        if y + 2 > inner.y + inner.height {
            break;
        }
        let color = if t.ahead() >= 0 {
            Color::Green
        } else {
            Color::Yellow
        };
        let gauge = LineGauge::default()
            .ratio(t.ratio())
            .label(fit(&t.name, 18))
            .filled_style(Style::new().fg(color))
            .unfilled_style(Style::new().fg(Color::DarkGray));
        frame.render_widget(gauge, Rect::new(inner.x, y, inner.width, 1));
        let line = fill(
            s.ov_target_line,
            &[
                &t.actual.to_string(),
                &t.target.to_string(),
                &format!("{:.0}", t.percent),
                &t.expected_by_today.to_string(),
            ],
        );
        frame.render_widget(
            Paragraph::new(fit(&format!("  {line}"), inner.width as usize))
                .style(Style::new().fg(Color::DarkGray)),
            Rect::new(inner.x, y + 1, inner.width, 1),
        );
        y += 2;
    }
}
