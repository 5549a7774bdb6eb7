//! The coordinator's overview screen: one period's counts per topic, the last 12 weeks and the
//! year's targets, stepped back and forth by period; one key exports the shown period's
//! contacts (xlsx), another writes its report document (HTML). Its state, keys, update and
//! drawing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, LineGauge, Paragraph, Sparkline, Wrap};

use crossterm::event::KeyCode;

use crate::config::Labelled;
use crate::report::{Overview, Period, PeriodKind};
use crate::tui::action::{Action, Effect};
use crate::tui::keymap::{Binding, ESC_Q_BACK, HELP_KEY_LIST, Key, OPEN_KB};
use crate::tui::state::{Overlay, Screen, State, Tone};
use crate::tui::strings::fill;
use crate::tui::view::fit;

/// What the overview shows and the figures last loaded for it.
#[derive(Debug, Clone, PartialEq)]
pub struct OverviewScreen {
    pub period: Period,
    /// All desks in the database, or only this desk.
    pub all_desks: bool,
    pub data: Option<Overview>,
}

impl OverviewScreen {
    pub fn new(period: Period) -> OverviewScreen {
        OverviewScreen {
            period,
            all_desks: false,
            data: None,
        }
    }

    pub fn desk<'a>(&self, state: &'a State) -> Option<&'a str> {
        (!self.all_desks).then_some(state.desk.as_str())
    }
}

/// The effect that (re)loads the figures of what the overview shows.
fn load(state: &State, o: &OverviewScreen) -> Vec<Effect> {
    vec![Effect::LoadOverview {
        period: o.period,
        desk: o.desk(state).map(str::to_string),
    }]
}

/// Open the overview on this week, or on the period and desks it showed when last left.
pub fn open(state: &mut State) -> Vec<Effect> {
    let o = match state.overview_left {
        Some((period, all_desks)) => OverviewScreen {
            all_desks,
            ..OverviewScreen::new(period)
        },
        None => OverviewScreen::new(Period::containing(PeriodKind::Week, state.now.date())),
    };
    let effects = load(state, &o);
    state.screen = Screen::Overview(Box::new(o));
    effects
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let today = state.now.date();
    let Screen::Overview(o) = &mut state.screen else {
        return vec![];
    };
    match action {
        Action::Left | Action::Up => o.period = o.period.prev(),
        Action::Right | Action::Down => o.period = o.period.next(),
        Action::Home => {
            o.period = Period::containing(o.period.kind().unwrap_or(PeriodKind::Week), today)
        }
        Action::PeriodKind(kind) => {
            // the period of that kind holding the first day shown now (or today, if shown)
            let day = if o.period.contains(today) {
                today
            } else {
                o.period.from()
            };
            o.period = Period::containing(kind, day);
        }
        Action::ToggleDesks => o.all_desks = !o.all_desks,
        Action::Export => {
            let period = o.period;
            let desk = (!o.all_desks).then(|| state.desk.clone());
            return vec![Effect::ExportPeriod { period, desk }];
        }
        Action::ExportDocument => {
            let period = o.period;
            let desk = (!o.all_desks).then(|| state.desk.clone());
            return vec![Effect::DocumentPeriod { period, desk }];
        }
        Action::Back | Action::Quit => {
            // opened again, it shows the same period
            state.overview_left = Some((o.period, o.all_desks));
            state.screen = Screen::Main;
            return vec![];
        }
        Action::Help => {
            state.overlay = Some(Overlay::Help { scroll: 0 });
            return vec![];
        }
        Action::OpenKb => return crate::tui::screens::kb::open(state),
        _ => return vec![],
    }
    o.data = None;
    let o = o.clone();
    load(state, &o)
}

/// The figures arrived: keep them if they are for what is shown now.
pub fn loaded(state: &mut State, data: Overview) {
    if let Screen::Overview(o) = &mut state.screen
        && o.period.from() == data.from
        && o.period.to() == data.to
    {
        o.data = Some(data);
    }
}

pub fn exported(state: &mut State, path: &str) {
    let text = fill(state.strings().exported, &[path]);
    state.say(Tone::Good, text);
}

pub const KEYS: &[Binding] = &[
    OPEN_KB,
    Binding {
        keys: &[
            (Key::new(KeyCode::Left), Action::Left),
            (Key::new(KeyCode::Right), Action::Right),
            (Key::new(KeyCode::Up), Action::Left),
            (Key::new(KeyCode::Down), Action::Right),
            (Key::new(KeyCode::Home), Action::Home),
        ],
        label: |s| s.key_period_step,
        footer: true,
    },
    Binding {
        keys: &[
            (Key::char('w'), Action::PeriodKind(PeriodKind::Week)),
            (Key::char('m'), Action::PeriodKind(PeriodKind::Month)),
            (Key::char('t'), Action::PeriodKind(PeriodKind::Tertiaal)),
            (Key::char('j'), Action::PeriodKind(PeriodKind::Year)),
            (Key::char('y'), Action::PeriodKind(PeriodKind::Year)),
        ],
        label: |s| s.key_period_kind,
        footer: true,
    },
    Binding {
        keys: &[(Key::char('a'), Action::ToggleDesks)],
        label: |s| s.key_all_desks,
        footer: true,
    },
    Binding {
        keys: &[
            (Key::char('x'), Action::Export),
            (Key::char('e'), Action::Export),
        ],
        label: |s| s.key_export,
        footer: true,
    },
    Binding {
        keys: &[(Key::char('r'), Action::ExportDocument)],
        label: |s| s.key_export_document,
        footer: true,
    },
    Binding {
        keys: HELP_KEY_LIST,
        label: |s| s.key_help,
        footer: false,
    },
    Binding {
        keys: ESC_Q_BACK,
        label: |s| s.key_back,
        footer: true,
    },
];

pub fn draw(frame: &mut Frame, state: &State, o: &OverviewScreen, area: Rect) {
    let th = state.theme;
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
        .border_style(th.frame());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(data) = &o.data else {
        frame.render_widget(Paragraph::new(s.ov_loading), inner);
        return;
    };
    let [head, rest] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(inner);
    let mut totals = vec![Span::styled(
        s.contacts(data.total.contacts),
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
        Line::from(Span::styled(s.ov_multi_topic, th.dim())),
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
fn kb_gaps<'a>(frame: &mut Frame, state: &'a State, data: &'a crate::report::Overview, area: Rect) {
    let th = state.theme;
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
            th.dim(),
        ))]
    } else {
        let label_of = |code: &'a str| {
            state
                .config
                .topic(code)
                .map_or(code, |t| t.label(state.config.lang))
        };
        let label_w = data
            .kb_gaps
            .iter()
            .map(|g| label_of(&g.topic).chars().count())
            .max()
            .unwrap_or(0)
            .min(width / 2);
        data.kb_gaps
            .iter()
            .map(|g| {
                let label = format!("{:<label_w$}", fit(label_of(&g.topic), label_w));
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

fn topics<'a>(frame: &mut Frame, state: &'a State, data: &'a crate::report::Overview, area: Rect) {
    let th = state.theme;
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
    // a column kept free at the right, so a count never touches the panel beside it
    let width = (inner.width as usize).saturating_sub(1);
    let label_of = |code: &'a str| state.config.topic(code).map_or(code, |x| x.label(lang));
    let rows: Vec<&crate::report::TopicCount> =
        rows.into_iter().take(inner.height as usize).collect();
    // the labels as long as they are, up to half the width
    let longest = rows
        .iter()
        .map(|t| label_of(&t.code).chars().count())
        .max()
        .unwrap_or(0);
    let label_w = longest.min(width / 2);
    let num_w = max.to_string().len();
    let bar_w = width.saturating_sub(label_w + num_w + 2);
    let lines: Vec<Line> = rows
        .iter()
        .map(|t| {
            let label = label_of(&t.code);
            let len = ((t.contacts as f64 / max as f64) * bar_w as f64).round() as usize;
            Line::from(vec![
                Span::raw(format!("{:<label_w$} ", fit(label, label_w))),
                Span::styled("█".repeat(len.max(1)), th.good()),
                Span::raw(format!(" {:>num_w$}", t.contacts)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn weeks(frame: &mut Frame, state: &State, data: &crate::report::Overview, area: Rect) {
    let th = state.theme;
    let s = state.strings();
    let block = Block::default()
        .borders(Borders::TOP)
        .title(format!(" {} ", s.ov_weeks));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let values: Vec<u64> = data.weeks.iter().map(|w| w.contacts).collect();
    let [spark, labels] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
    // a column between the topics' counts and the first week's bar
    let spark = Rect {
        x: spark.x + 1,
        width: spark.width.saturating_sub(1),
        ..spark
    };
    frame.render_widget(Sparkline::default().data(&values).style(th.accent()), spark);
    // the line says what the sparkline adds up to: the twelve weeks' total
    let first = data.weeks.first().map_or(String::new(), |w| w.week.clone());
    let total: u64 = values.iter().sum();
    let last = data
        .weeks
        .last()
        .map_or(String::new(), |w| format!("{}: {total}", w.week));
    let max = values.iter().max().copied().unwrap_or(0);
    let text = vec![
        Line::from(format!("{first} .. {last}")),
        Line::from(Span::styled(
            fill(state.strings().ov_max, &[&max.to_string()]),
            th.dim(),
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
    let th = state.theme;
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
                .style(th.dim()),
            inner,
        );
        return;
    }
    let mut y = inner.y;
    for t in &data.targets {
        if y + 2 > inner.y + inner.height {
            break;
        }
        let filled = if t.ahead() >= 0 {
            th.filled()
        } else {
            th.warn()
        };
        // whose contacts count: a city-wide target says so beside one desk's figures, a
        // desk's target names its desk beside all desks' figures
        let name = match (&t.desk, o.all_desks) {
            (None, false) => format!("{} · {}", t.name, s.ov_city_wide),
            (Some(desk), true) => format!("{} · {desk}", t.name),
            _ => t.name.clone(),
        };
        let gauge = LineGauge::default()
            .ratio(t.ratio())
            .label(fit(&name, (inner.width as usize * 2 / 3).max(18)))
            .filled_style(filled)
            .unfilled_style(th.unfilled());
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
            Paragraph::new(fit(&format!("  {line}"), inner.width as usize)).style(th.dim()),
            Rect::new(inner.x, y + 1, inner.width, 1),
        );
        y += 2;
    }
}

#[cfg(test)]
mod tests;
