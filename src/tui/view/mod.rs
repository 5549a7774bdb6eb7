//! Drawing: a pure function of `&State`. No queries, no clock, no mutation. The frame every
//! screen shares (status bar, message line, footer) and small layout helpers live here; each
//! screen and overlay draws itself in its module under [`screens`](super::screens).

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::keymap;
use super::screens::{
    channel, confirm, follow_ups, form, help, kb, lock, main, overview, setup, thread,
};
use super::state::{MIN_SIZE, Overlay, Screen, State};
use super::strings::fill;

pub mod plain;

pub fn draw(frame: &mut Frame, state: &State) {
    if state.plain {
        plain::draw(frame, state);
    } else {
        draw_screen(frame, state);
    }
}

/// The screens as drawn with frames and panels (all but plain mode).
fn draw_screen(frame: &mut Frame, state: &State) {
    let area = frame.area();
    if let Some(locked) = &state.lock {
        // nothing of the desk's data: no status bar, no screen, no message
        lock::draw(frame, state, locked, area);
        return;
    }
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        too_small(frame, state, area);
        return;
    }
    let [top, body, message, footer_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(2),
    ])
    .areas(area);
    status_bar(frame, state, top);
    match &state.screen {
        Screen::Setup(setup) => setup::draw(frame, state, setup, body),
        Screen::Main => main::draw(frame, state, body),
        Screen::Form => form::draw::draw(frame, state, body),
        Screen::Overview(o) => overview::draw(frame, state, o, body),
        Screen::FollowUps(f) => follow_ups::draw(frame, state, f, body),
        Screen::Thread(t) => thread::draw(frame, state, t, body),
    }
    message_line(frame, state, message);
    footer(frame, state, footer_area);
    match &state.overlay {
        Some(Overlay::Help { scroll }) => help::draw(frame, state, *scroll, body),
        Some(Overlay::Confirm(c)) => confirm::draw(frame, state, &c.question, body),
        Some(Overlay::Channel { cursor }) => channel::draw(frame, state, *cursor, body),
        Some(Overlay::Kb(v)) => kb::draw::draw(frame, state, v, body),
        None => {}
    }
}

/// `template` ("... ({}x{}). Make it at least {}x{}.") filled with the window's size and `min`.
fn too_small_text(template: &str, area: Rect, min: (u16, u16)) -> String {
    fill(
        template,
        &[
            &area.width.to_string(),
            &area.height.to_string(),
            &min.0.to_string(),
            &min.1.to_string(),
        ],
    )
}

fn too_small(frame: &mut Frame, state: &State, area: Rect) {
    let text = too_small_text(state.strings().too_small, area, MIN_SIZE);
    let p = Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .alignment(Alignment::Center);
    let y = area.height / 2 - area.height.min(2) / 2;
    let rect = Rect::new(area.x, area.y + y, area.width, area.height - y);
    frame.render_widget(p, rect);
}

fn status_bar(frame: &mut Frame, state: &State, area: Rect) {
    let s = state.strings();
    let weekday = s.weekdays[state.now.weekday().num_days_from_monday() as usize];
    let left = format!(
        " {}{} · {} · {} ",
        s.app,
        if state.demo { s.demo_marker } else { "" },
        if state.desk.is_empty() {
            "…"
        } else {
            &state.desk
        },
        if state.volunteer.is_empty() {
            "…"
        } else {
            &state.volunteer
        },
    );
    let synced = super::sync::status_text(state.sync.as_ref(), s)
        .map(|t| format!("{t} · "))
        .unwrap_or_default();
    // while a session runs its minutes take the date's place (the time stays)
    let right = match state.session {
        Some(sess) => {
            let start = sess.start.format("%H:%M").to_string();
            let minutes = sess.minutes(state.now).to_string();
            format!(
                "{synced}⏱ {} · {} ",
                fill(s.session_running, &[&start, &minutes]),
                state.now.format("%H:%M")
            )
        }
        None => format!("{synced}{weekday} {} ", state.now.format("%d-%m-%Y %H:%M")),
    };
    let left = fit(
        &left,
        (area.width as usize).saturating_sub(right.chars().count() + 1),
    );
    let style = state.theme.bar();
    frame.render_widget(
        Paragraph::new(left).style(style.add_modifier(Modifier::BOLD)),
        area,
    );
    frame.render_widget(
        Paragraph::new(right)
            .style(style)
            .alignment(Alignment::Right),
        area,
    );
}

fn message_line(frame: &mut Frame, state: &State, area: Rect) {
    let Some(m) = &state.message else {
        return;
    };
    frame.render_widget(
        Paragraph::new(format!(" {}", m.text)).style(state.theme.tone(m.tone)),
        area,
    );
}

/// The footer: this context's keys, from the keymap, wrapped over two lines.
fn footer(frame: &mut Frame, state: &State, area: Rect) {
    let s = state.strings();
    let ctx = state.context();
    let mut lines = vec![Line::from(" ")];
    let mut width = 1;
    for b in keymap::all_bindings(ctx).filter(|b| b.footer) {
        let keys = b.keys_label();
        let label = format!(" {}  ", (b.label)(s));
        let w = keys.chars().count() + label.chars().count();
        if width + w > area.width as usize && lines.len() < 2 {
            lines.push(Line::from(" "));
            width = 1;
        }
        width += w;
        let line = lines.last_mut().expect("one line at least");
        line.push_span(Span::styled(keys, state.theme.key()));
        line.push_span(Span::raw(label));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// A `width` x `height` rectangle in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Cut `s` to `width` characters, ending in `…` when cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else if width == 0 {
        String::new()
    } else {
        let mut out: String = s.chars().take(width - 1).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod theme_tests;

#[cfg(test)]
mod plain_tests;
