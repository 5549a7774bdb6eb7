//! The entry form: one line per field, the topic matches under the topic field, and the
//! problem with the last save attempt at the bottom.

use crate::tui::theme::{Theme, field_label, placeholder as placeholder_span};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{FIELDS, Field, Form};
use crate::config::Labelled;
use crate::domain::Kind;
use crate::tui::input::TextInput;
use crate::tui::state::State;
use crate::tui::strings::fill;
use crate::tui::view::fit;

/// Width of the label column.
const LABEL: usize = 24;
/// Widest topic label in a chip at 80 columns (a quarter of the row where it is wider), so
/// several topics and the search fit on the row.
const CHIP: usize = 14;
/// Rows of topic matches shown under the topic field.
const MATCH_ROWS: usize = 3;

pub fn draw(frame: &mut Frame, state: &State, area: Rect) {
    let th = state.theme;
    let Some(form) = &state.form else {
        return;
    };
    let s = state.strings();
    let title = if form.editing.is_some() {
        s.form_edit
    } else {
        s.form_new
    };
    // the resident's earlier contacts here, beside the fields, once a code is typed
    let area = if crate::tui::screens::thread::has_panel(state) {
        let [form_area, panel] = ratatui::layout::Layout::horizontal([
            ratatui::layout::Constraint::Min(48),
            ratatui::layout::Constraint::Length(30),
        ])
        .areas(area);
        crate::tui::screens::thread::panel(frame, state, panel);
        form_area
    } else {
        area
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .border_style(th.frame_form());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<Position> = None;
    for field in FIELDS {
        let focused = form.focus == field;
        let other = if form.error.as_ref().is_some_and(|(f, _)| *f == field) {
            th.bad()
        } else {
            Style::new()
        };
        let label = field_label(th, field.label(s), LABEL, focused, other);
        let (value, cursor_col) = value_spans(state, form, field, width.saturating_sub(LABEL));
        if focused && let Some(col) = cursor_col {
            cursor = Some(Position::new(
                inner.x + (LABEL + col).min(width.saturating_sub(1)) as u16,
                inner.y + lines.len() as u16,
            ));
        }
        let mut spans = vec![label];
        spans.extend(value);
        lines.push(Line::from(spans));
        if field == Field::Topics && focused {
            lines.extend(topic_matches(state, form, width));
        }
        if field == Field::ReferredTo
            && let Some(reach) = form
                .referred_to
                .as_deref()
                .and_then(|c| state.config.partner(c))
                .and_then(|p| crate::kb::partners::reach_line(p, state.config.lang))
        {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(LABEL)),
                dim(th, &fit(&reach, width.saturating_sub(LABEL))),
            ]));
        }
        if field == Field::Signal && focused {
            let matches = form.signal_matches();
            if !matches.is_empty() {
                let shown: Vec<&str> = matches.into_iter().take(3).collect();
                let hint = fill(s.signal_hint, &[&shown.join(" · ")]);
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(LABEL)),
                    dim(th, &fit(&hint, width.saturating_sub(LABEL))),
                ]));
            }
        }
    }
    if !form.articles.is_empty() {
        lines.push(Line::from(vec![
            field_label(th, s.kb_articles_linked, LABEL, false, Style::new()),
            Span::styled(
                fit(
                    &form
                        .articles
                        .iter()
                        .map(|id| form.article_titles.get(id).unwrap_or(id).as_str())
                        .collect::<Vec<_>>()
                        .join(" · "),
                    width.saturating_sub(LABEL),
                ),
                th.accent(),
            ),
        ]));
    }
    if let Some((_, why)) = &form.error {
        let style = th.bad();
        for part in wrap_words(&format!("⚠ {why}"), width).into_iter().take(3) {
            lines.push(Line::from(Span::styled(part, style)));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(p) = cursor
        && state.overlay.is_none()
    {
        frame.set_cursor_position(p);
    }
}

/// Break `text` into lines of at most `width` characters, at spaces where possible (a
/// longer word is cut to fit).
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let wrapped = crate::text::wrap(text, width);
    let mut lines: Vec<String> = wrapped.lines().map(|l| fit(l, width)).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

fn dim(th: Theme, s: &str) -> Span<'static> {
    Span::styled(s.to_string(), th.dim())
}

fn text_value(
    th: Theme,
    input: &TextInput,
    placeholder: &str,
    width: usize,
) -> (Vec<Span<'static>>, Option<usize>) {
    if input.is_empty() {
        return (vec![placeholder_span(th, placeholder, width)], Some(0));
    }
    // keep the cursor in view for long text
    let chars: Vec<char> = input.text.chars().collect();
    let start = input.cursor.saturating_sub(width.saturating_sub(1));
    let shown: String = chars.iter().skip(start).take(width).collect();
    (vec![Span::raw(shown)], Some(input.cursor - start))
}

/// `vr 04-12-2026`: a day as the form shows what it understood.
fn day_shown(state: &State, day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let weekday = state.strings().weekdays[day.weekday().num_days_from_monday() as usize];
    format!("{weekday} {}", day.format("%d-%m-%Y"))
}

/// After what was typed, how it was understood (`→ vr 04-12-2026`), or that it was not,
/// before it is saved.
fn understood_as(
    th: Theme,
    (mut spans, col): (Vec<Span<'static>>, Option<usize>),
    input: &TextInput,
    understood: Option<String>,
    s: &crate::tui::strings::Strings,
) -> (Vec<Span<'static>>, Option<usize>) {
    if !input.text.trim().is_empty() {
        let shown = understood.unwrap_or_else(|| s.understood_unclear.to_string());
        spans.push(dim(th, &format!("  → {shown}")));
    }
    (spans, col)
}

fn choice(th: Theme, label: &str, focused: bool) -> (Vec<Span<'static>>, Option<usize>) {
    if focused {
        (
            vec![
                Span::styled("◂ ", th.accent()),
                Span::styled(label.to_string(), Style::new().add_modifier(Modifier::BOLD)),
                Span::styled(" ▸", th.accent()),
            ],
            None,
        )
    } else {
        (vec![Span::raw(label.to_string())], None)
    }
}

pub(crate) fn value_spans(
    state: &State,
    form: &Form,
    field: Field,
    width: usize,
) -> (Vec<Span<'static>>, Option<usize>) {
    let th = state.theme;
    let s = state.strings();
    let config = &state.config;
    let lang = config.lang;
    let focused = form.focus == field;
    match field {
        Field::Topics => {
            let mut spans = Vec::new();
            let mut used = 0;
            for code in &form.topics {
                // a quarter of the row each on a wide screen
                let chip_w = CHIP.max(width / 4);
                let chip = format!("[{}] ", fit(config.topic_label(code, lang), chip_w));
                used += chip.chars().count();
                spans.push(Span::styled(chip, th.good().add_modifier(Modifier::BOLD)));
            }
            let rest = width.saturating_sub(used);
            let (query, col) = if form.topics.is_empty() || !form.topic_query.is_empty() || focused
            {
                text_value(
                    th,
                    &form.topic_query,
                    if form.topics.is_empty() {
                        s.topics_placeholder
                    } else {
                        ""
                    },
                    rest,
                )
            } else {
                (vec![], Some(0))
            };
            spans.extend(query);
            (spans, col.map(|c| c + used))
        }
        Field::At => {
            let now = fill(s.at_now, &[&state.now.format("%H:%M").to_string()]);
            let understood = crate::when::parse_moment(&form.at.text, state.now)
                .ok()
                .map(|t| format!("{} {}", day_shown(state, t.date()), t.format("%H:%M")));
            understood_as(
                th,
                text_value(th, &form.at, &now, width),
                &form.at,
                understood,
                s,
            )
        }
        Field::Channel => {
            let label = config
                .channel(&form.channel)
                .map_or(form.channel.as_str(), |c| c.label(lang));
            choice(th, label, focused)
        }
        Field::Kind => choice(
            th,
            match form.kind {
                Kind::Kort => s.kind_kort,
                Kind::Hulpvraag => s.kind_hulpvraag,
            },
            focused,
        ),
        Field::Landlord => {
            let label = config
                .landlord(&form.landlord)
                .map_or(form.landlord.as_str(), |c| c.label(lang));
            choice(th, label, focused)
        }
        Field::ReferredFrom | Field::ReferredTo => {
            let code = if field == Field::ReferredFrom {
                &form.referred_from
            } else {
                &form.referred_to
            };
            let label = match code {
                Some(c) => config.partner(c).map_or(c.clone(), |p| p.name.clone()),
                None => s.none.to_string(),
            };
            choice(th, &fit(&label, width.saturating_sub(4)), focused)
        }
        Field::Minutes => {
            // during a session the minutes so far, filled in on save unless typed
            let hint = match state.session {
                Some(sess) if form.editing.is_none() => fill(
                    s.session_minutes_hint,
                    &[&sess.minutes(state.now).to_string()],
                ),
                _ => String::new(),
            };
            text_value(th, &form.minutes, &hint, width)
        }
        Field::Note => text_value(th, &form.note, s.note_placeholder, width),
        Field::Language => text_value(th, &form.language, s.language_placeholder, width),
        Field::Resident => text_value(th, &form.resident, "", width),
        Field::Postcode => text_value(th, &form.postcode, "", width),
        Field::FollowUp => {
            let understood = crate::when::parse_day(&form.follow_up.text, state.now.date())
                .ok()
                .map(|d| day_shown(state, d));
            understood_as(
                th,
                text_value(th, &form.follow_up, "", width),
                &form.follow_up,
                understood,
                s,
            )
        }
        Field::Signal => text_value(th, &form.signal, s.signal_placeholder, width),
    }
}

pub(crate) fn topic_matches(state: &State, form: &Form, width: usize) -> Vec<Line<'static>> {
    let th = state.theme;
    let s = state.strings();
    let lang = state.config.lang;
    let indent = " ".repeat(LABEL);
    let matches = form.topic_matches(&state.config);
    if matches.is_empty() {
        let mut lines = vec![Line::from(vec![
            Span::raw(indent.clone()),
            dim(th, s.no_match),
        ])];
        lines.resize(MATCH_ROWS, Line::from(""));
        return lines;
    }
    // scroll so the highlighted match is visible
    let first = form.topic_cursor.saturating_sub(MATCH_ROWS - 1);
    let mut lines: Vec<Line> = matches
        .iter()
        .enumerate()
        .skip(first)
        .take(MATCH_ROWS)
        .map(|(i, code)| {
            let label = state.config.topic_label(code, lang);
            let text = fit(
                &format!("{label}  ({code})"),
                width.saturating_sub(LABEL + 2),
            );
            if i == form.topic_cursor {
                Line::from(vec![
                    Span::raw(indent.clone()),
                    Span::styled(format!("▸ {text}"), th.highlight()),
                ])
            } else {
                Line::from(vec![
                    Span::raw(indent.clone()),
                    Span::raw(format!("  {text}")),
                ])
            }
        })
        .collect();
    lines.resize(MATCH_ROWS, Line::from(""));
    lines
}
