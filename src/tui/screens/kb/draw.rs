//! The knowledge-base overlay: the search line, the hits with why they matched, a preview of
//! the highlighted article, and the article itself with its source, date and warnings.

use crate::tui::theme::Theme;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{KbView, LinkTarget};
use crate::config::Config;
use crate::kb::markdown::{self, Block as MdBlock};
use crate::kb::{StoredArticle, Warning};
use crate::tui::state::State;
use crate::tui::strings::{Strings, fill};
use crate::tui::view::fit;

pub fn draw(frame: &mut Frame, state: &State, v: &KbView, area: Rect) {
    let th = state.theme;
    let s = state.strings();
    frame.render_widget(Clear, area);
    let target = match &v.target {
        LinkTarget::Form => s.kb_target_form.to_string(),
        LinkTarget::Contact(_, name) => fill(s.kb_target_contact, &[name]),
        LinkTarget::None => String::new(),
    };
    let title = if target.is_empty() {
        format!(" {} ", s.kb_title)
    } else {
        format!(" {} · {} ", s.kb_title, target)
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(fit(&title, area.width.saturating_sub(4) as usize))
        .border_style(th.frame_kb());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if v.reading.is_some() {
        reading(frame, state, v, inner);
        return;
    }
    let [search, rest] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    let prompt = "› ";
    let query = if v.query.is_empty() {
        crate::tui::theme::placeholder(
            th,
            s.kb_placeholder,
            (inner.width as usize).saturating_sub(2),
        )
    } else {
        Span::styled(
            v.query.text.clone(),
            Style::new().add_modifier(Modifier::BOLD),
        )
    };
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![Span::styled(prompt, th.frame_kb()), query]),
            Line::from(Span::styled("─".repeat(inner.width as usize), th.dim())),
        ]),
        search,
    );
    if state.overlay.is_some() {
        frame.set_cursor_position(Position::new(
            search.x + 2 + v.query.cursor as u16,
            search.y,
        ));
    }
    let [list, preview] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(rest);
    hits(th, frame, s, v, list, state.config.lang);
    if let Some(article) = &v.article
        && v.hits
            .get(v.selected)
            .is_some_and(|h| h.id == article.article.id)
    {
        let lines = preview_lines(th, s, article, state.now.date(), &state.config);
        let block = Block::default()
            .borders(Borders::LEFT)
            .border_style(th.dim());
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            preview,
        );
    }
}

fn hits(
    th: Theme,
    frame: &mut Frame,
    s: &Strings,
    v: &KbView,
    area: Rect,
    lang: crate::i18n::Lang,
) {
    let width = area.width as usize;
    let cards: Vec<Line> = v
        .partners
        .iter()
        .flat_map(|p| {
            let card = crate::kb::partners::card(p, lang);
            let mut lines: Vec<Line> = card
                .into_iter()
                .enumerate()
                .map(|(i, l)| {
                    let style = if i == 0 { th.key() } else { th.accent() };
                    Line::from(Span::styled(fit(&l, width), style))
                })
                .collect();
            lines.push(Line::from(""));
            lines
        })
        .collect();
    let area = if cards.is_empty() {
        area
    } else {
        let height = (cards.len() as u16).min(area.height / 2);
        let [top, rest] =
            Layout::vertical([Constraint::Length(height), Constraint::Min(1)]).areas(area);
        frame.render_widget(Paragraph::new(cards), top);
        rest
    };
    if v.hits.is_empty() {
        frame.render_widget(
            Paragraph::new(s.kb_no_hits)
                .wrap(Wrap { trim: true })
                .style(th.dim()),
            area,
        );
        return;
    }
    let width = area.width as usize;
    let rows = (area.height as usize / 2).max(1);
    let first = v.selected.saturating_sub(rows - 1);
    let mut lines = Vec::new();
    for (i, hit) in v.hits.iter().enumerate().skip(first).take(rows) {
        let mark = if v.linked.contains(&hit.id) {
            s.kb_linked_mark
        } else {
            " "
        };
        let title = fit(&hit.title, width.saturating_sub(4));
        let style = if i == v.selected {
            th.kb_title()
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        };
        lines.push(Line::from(vec![Span::styled(
            format!("{mark} {title:<w$}", w = width.saturating_sub(3)),
            style,
        )]));
        // a snippet that is the title says nothing new: the line stays empty
        let text = hit.snippet.marked("", "");
        let repeats = hit.snippet.field == crate::kb::search::Field::Title
            || crate::text::fold(&text) == crate::text::fold(&hit.title);
        let snippet = if repeats {
            String::new()
        } else {
            fit(&text, width.saturating_sub(4))
        };
        lines.push(Line::from(Span::styled(format!("    {snippet}"), th.dim())));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The lines of the article being read, as shown.
pub(crate) fn reading_lines(state: &State, v: &KbView) -> Option<Vec<Line<'static>>> {
    let th = state.theme;
    let s = state.strings();
    let article = v.article.as_ref()?;
    let mut lines = article_lines(th, s, article, state.now.date(), &state.config);
    if v.linked.contains(&article.article.id) {
        lines.insert(0, Line::from(Span::styled(s.kb_linked_mark, th.good())));
    }
    Some(lines)
}

/// How far the article can scroll in a terminal of `size`: its wrapped rows minus the rows
/// that show (the reading area is the body inside its border).
pub fn max_scroll(state: &State, v: &KbView) -> u16 {
    let (w, h) = state.size;
    let (width, height) = (w.saturating_sub(2), h.saturating_sub(6));
    let rows = reading_lines(state, v).map_or(0, |lines| {
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .line_count(width.max(1))
    });
    rows.saturating_sub(usize::from(height))
        .min(usize::from(u16::MAX)) as u16
}

fn reading(frame: &mut Frame, state: &State, v: &KbView, area: Rect) {
    let Some(lines) = reading_lines(state, v) else {
        return;
    };
    // never past the end, even after the window was made larger
    let scroll = v.reading.unwrap_or(0).min(max_scroll(state, v));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

/// The preview beside the results: the title, the age of the facts (and the warning), then
/// the Kort block and a hint that Enter reads the rest; an article without a Kort block shows
/// all of it.
pub fn preview_lines(
    th: Theme,
    s: &Strings,
    stored: &StoredArticle,
    today: NaiveDate,
    config: &Config,
) -> Vec<Line<'static>> {
    let Some(kort) = stored.article.kort() else {
        return article_lines(th, s, stored, today, config);
    };
    let mut lines = head_lines(th, stored, today, config);
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        markdown::KORT,
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
    )));
    for block in &kort {
        lines.extend(block_lines(th, block));
    }
    lines.push(Line::from(Span::styled(s.kb_more, th.dim())));
    lines
}

/// The title, then how old the facts are, then the warning when they are stale.
fn head_lines(
    th: Theme,
    stored: &StoredArticle,
    today: NaiveDate,
    config: &Config,
) -> Vec<Line<'static>> {
    let a = &stored.article;
    let mut lines = vec![
        Line::from(Span::styled(
            a.title.clone(),
            th.frame_kb().add_modifier(Modifier::BOLD),
        )),
        Line::from(Span::styled(a.age_line(config.lang), th.warn())),
    ];
    if let Some(stale) = a.stale_warning(today, config.kb_stale_after_years, config.lang) {
        lines.push(Line::from(Span::styled(format!("⚠ {stale}"), th.bad())));
    }
    lines
}

/// The article as lines: title, then how old its facts are (and the warning when they are
/// stale), the other warnings, the source, then the body.
pub fn article_lines(
    th: Theme,
    s: &Strings,
    stored: &StoredArticle,
    today: NaiveDate,
    config: &Config,
) -> Vec<Line<'static>> {
    let a = &stored.article;
    let years = config.kb_stale_after_years;
    let mut lines = head_lines(th, stored, today, config);
    lines.push(Line::from(Span::styled(
        fill(s.kb_source, &[&a.source]),
        th.dim(),
    )));
    for w in a.warnings(today, years) {
        let text = match w {
            Warning::Expired(d) => fill(s.kb_expired, &[&d.format("%d-%m-%Y").to_string()]),
            Warning::ReviewOverdue(d) => fill(s.kb_review, &[&d.format("%d-%m-%Y").to_string()]),
            Warning::NotYetValid(d) => fill(s.kb_not_yet, &[&d.format("%d-%m-%Y").to_string()]),
            Warning::Stale(_) | Warning::CheckStale(_) => continue,
        };
        lines.push(Line::from(Span::styled(text, th.bad())));
    }
    lines.push(Line::from(""));
    for block in markdown::blocks(&a.body) {
        lines.extend(block_lines(th, &block));
    }
    lines
}

fn spans(th: Theme, block: &MdBlock) -> Vec<Span<'static>> {
    block
        .spans()
        .iter()
        .map(|sp| {
            let mut style = Style::new();
            if sp.bold {
                style = style.add_modifier(Modifier::BOLD);
            }
            if sp.italic {
                style = style.add_modifier(Modifier::ITALIC);
            }
            if sp.link.is_some() {
                style = style.patch(th.accent()).add_modifier(Modifier::UNDERLINED);
            }
            Span::styled(sp.text.clone(), style)
        })
        .collect()
}

fn block_lines(th: Theme, block: &MdBlock) -> Vec<Line<'static>> {
    match block {
        MdBlock::Heading { level, .. } => {
            // the article's own title heading repeats the title shown above it
            if *level == 1 {
                return vec![];
            }
            vec![
                Line::from(""),
                Line::from(
                    spans(th, block)
                        .into_iter()
                        .map(|sp| {
                            sp.style(
                                Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                            )
                        })
                        .collect::<Vec<_>>(),
                ),
            ]
        }
        MdBlock::Paragraph(_) => vec![Line::from(spans(th, block)), Line::from("")],
        MdBlock::Item { depth, marker, .. } => {
            let bullet = if marker == "-" || marker == "*" {
                "•".to_string()
            } else {
                marker.clone()
            };
            let mut line = vec![Span::raw(format!("{}{bullet} ", "  ".repeat(*depth + 1)))];
            line.extend(spans(th, block));
            vec![Line::from(line)]
        }
        MdBlock::Quote(_) => {
            let mut line = vec![Span::styled("│ ", th.dim())];
            line.extend(spans(th, block));
            vec![Line::from(line)]
        }
        MdBlock::Code(code) => code
            .lines()
            .map(|l| Line::from(format!("    {l}")))
            .collect(),
        MdBlock::Rule => vec![Line::from("────")],
    }
}
