//! Plain mode, for screen readers (`--plain`, `plain = true`): every screen as lines read in
//! order, one column. The first line is the announcement: the last change said in one full
//! sentence ("Geturfd: Huurprijs en servicekosten om 10:42 (Inloop)"), or where you are when
//! nothing changed; the cursor stays on it, so a reader's focus lands there. The second line
//! is the status (desk, volunteer, day). Then the screen as "label: value" lines, and last
//! the keys said in words. No frames, no panels side by side, no bars or sparklines: nothing
//! from U+2500 to U+259F is ever drawn.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::config::Labelled;
use crate::domain::Contact;
use crate::tui::keymap::{self, Binding};
use crate::tui::screens::follow_ups::FollowUpsScreen;
use crate::tui::screens::kb::KbView;
use crate::tui::screens::overview::OverviewScreen;
use crate::tui::screens::setup::{self, SetupForm};
use crate::tui::screens::thread::ThreadScreen;
use crate::tui::screens::{form, help, kb};
use crate::tui::state::{Overlay, Screen, State};
use crate::tui::strings::{Plain, Strings, fill};

/// The smallest window plain mode can say anything useful in: the announcement, the status
/// and two rows of keys. (Plain mode wraps, so it works far below the drawn screens' size.)
pub const MIN_SIZE: (u16, u16) = (20, 4);

/// A screen said in plain lines: `here` is what the first line says when nothing else is to
/// be announced (where you are, and what has the focus), `body` the rest in reading order.
struct Said {
    here: String,
    body: Vec<String>,
}

/// Whether `c` is a box-drawing, block or sparkline character, which plain mode never shows.
pub fn is_graphic(c: char) -> bool {
    ('\u{2500}'..='\u{259F}').contains(&c)
}

/// `text` with the drawing characters and the small pointers taken out.
fn clean(text: &str) -> String {
    let out: String = text
        .chars()
        .map(|c| if is_graphic(c) { ' ' } else { c })
        .filter(|c| !matches!(c, '◂' | '▸' | '✓' | '⚠' | '⏱'))
        .collect();
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn line_text(line: &Line) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

pub fn draw(frame: &mut Frame, state: &State) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let text = super::too_small_text(state.strings().plain.too_small, area, MIN_SIZE);
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        frame.set_cursor_position(Position::new(area.x, area.y));
        return;
    }
    let mut lines = lines(state, area);
    // the keys stay on the last rows, however long the screen above them
    let keys = lines.pop().unwrap_or_default();
    let key_rows = (keys.chars().count() as u16)
        .div_ceil(area.width.max(1))
        .clamp(1, area.height.saturating_sub(2).max(1));
    let top = Rect::new(
        area.x,
        area.y,
        area.width,
        area.height.saturating_sub(key_rows),
    );
    let bottom = Rect::new(area.x, area.y + top.height, area.width, key_rows);
    let lines: Vec<Line> = lines.into_iter().map(Line::from).collect();
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), top);
    frame.render_widget(Paragraph::new(keys).wrap(Wrap { trim: true }), bottom);
    frame.set_cursor_position(Position::new(area.x, area.y));
}

/// The screen as plain lines: the announcement first, the status second, the keys last.
pub fn lines(state: &State, area: Rect) -> Vec<String> {
    let s = state.strings();
    let p = &s.plain;
    if state.lock.is_some() {
        // nothing of the desk's data while locked: no status, no message, only the lock
        let mut out = fallback(state, area);
        out.push(keys_line(state, p));
        return out;
    }
    let screen = match &state.screen {
        Screen::Main => main_lines(state, p),
        Screen::Form => form_lines(state, p),
        Screen::Overview(o) => overview_lines(state, o, p),
        Screen::Setup(setup) => setup_lines(state, setup, p),
        Screen::FollowUps(f) => follow_ups_lines(state, f, p),
        Screen::Thread(t) => thread_lines(state, t, p),
    };
    let said = match &state.overlay {
        Some(Overlay::Kb(v)) => kb_lines(state, v, p),
        Some(Overlay::Help { scroll }) => help_lines(s, *scroll),
        Some(Overlay::Channel { cursor }) => channel_lines(state, *cursor, p),
        // a question is asked over the screen it is about, which stays readable below it
        Some(Overlay::Confirm(c)) => Said {
            here: format!("{} {}", c.question, s.confirm_keys),
            body: screen.body,
        },
        None => screen,
    };
    // a message (what just happened) comes first; where you are is then the next line
    let mut out = match &state.message {
        Some(m) if !matches!(state.overlay, Some(Overlay::Confirm(_))) => {
            vec![m.text.clone(), status(state), said.here]
        }
        _ => vec![said.here, status(state)],
    };
    out.extend(said.body);
    out.push(keys_line(state, p));
    out.into_iter()
        .map(|l| clean(&l))
        .filter(|l| !l.is_empty())
        .collect()
}

/// "balie, Buurtwerkkamer MultiBron, AB, 25-11-2026 10:42": the status line.
fn status(state: &State) -> String {
    let s = state.strings();
    let app = format!("{}{}", s.app, if state.demo { s.demo_marker } else { "" });
    let now = state.now.format("%d-%m-%Y %H:%M").to_string();
    // before the set-up, no desk or volunteer yet: leave them out rather than say blanks
    [app.as_str(), &state.desk, &state.volunteer, &now]
        .iter()
        .filter(|part| !part.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Toetsen: n nieuw contact; 1-9 turven; ...": every key of this context (the drawn footer
/// has room for only some; here nothing is left out), then the ones that work everywhere,
/// arrows said in words.
fn keys_line(state: &State, p: &Plain) -> String {
    let s = state.strings();
    let ctx = state.context();
    let everywhere: &[Binding] = if state.lock.is_some() {
        &[]
    } else {
        keymap::EVERYWHERE
    };
    let keys: Vec<String> = keymap::bindings(ctx)
        .iter()
        .chain(everywhere)
        .filter(|b| !b.keys.is_empty())
        .map(|b| format!("{} {}", say_keys(&b.keys_label(), p), (b.label)(s)))
        .collect();
    format!("{}: {}.", p.keys, keys.join("; "))
}

/// A key label with its arrows said in words: "↑↓/j/k" is "pijl omhoog/pijl omlaag/j/k",
/// "Ctrl-←" is "Ctrl-pijl links".
fn say_keys(label: &str, p: &Plain) -> String {
    let mut out = String::new();
    for c in label.chars() {
        match p.arrows.iter().find(|(sym, _)| sym.starts_with(c)) {
            Some((_, word)) => {
                if !(out.is_empty() || out.ends_with(['/', '-', ' ', '('])) {
                    out.push('/');
                }
                out.push_str(word);
            }
            None => out.push(c),
        }
    }
    out
}

/// Put a list's `rows` into `body`, `Gekozen:` before the highlighted one, which is returned
/// for the first line.
fn push_rows(
    p: &Plain,
    body: &mut Vec<String>,
    rows: impl IntoIterator<Item = String>,
    selected: Option<usize>,
) -> Option<String> {
    let mut chosen = None;
    for (i, row) in rows.into_iter().enumerate() {
        if selected == Some(i) {
            let row = format!("{}: {row}", p.selected);
            chosen = Some(row.clone());
            body.push(row);
        } else {
            body.push(row);
        }
    }
    chosen
}

/// `first`, and the highlighted row after it, as one sentence for the first line.
fn with_selected(first: String, selected: Option<&String>) -> String {
    match selected {
        Some(row) => format!("{first}. {row}"),
        None => first,
    }
}

fn contact_line(state: &State, c: &Contact, at: &str) -> String {
    let lang = state.config.lang;
    let channel = state
        .config
        .channel(&c.channel)
        .map_or(c.channel.as_str(), |ch| ch.label(lang));
    let mut line = format!("{at}, {}, {channel}", state.topic_labels(c));
    if !c.note.is_empty() {
        line.push_str(&format!(", {}", c.note));
    }
    line
}

fn main_lines(state: &State, p: &Plain) -> Said {
    let s = state.strings();
    let lang = state.config.lang;
    let today = format!("{}: {}", s.today, s.contacts(state.today.total));
    let mut body = Vec::new();
    let channel = state
        .config
        .channel(&state.tally_channel)
        .map_or(state.tally_channel.as_str(), |c| c.label(lang));
    body.push(fill(p.tally_channel, &[channel]));
    for (i, code) in state.config.tally.iter().enumerate() {
        let n = state
            .today
            .counts
            .iter()
            .find(|(c, _)| c == code)
            .map_or(0, |(_, n)| *n);
        body.push(fill(
            p.tally_key,
            &[
                &(i + 1).to_string(),
                state.config.topic_label(code, lang),
                &n.to_string(),
            ],
        ));
    }
    let mut selected = None;
    if state.today.contacts.is_empty() {
        body.push(s.no_contacts_yet.to_string());
    } else {
        body.push(format!("{}:", p.contacts_today));
        let rows = state
            .today
            .contacts
            .iter()
            .take(20)
            .map(|c| contact_line(state, c, &c.at.format("%H:%M").to_string()));
        selected = push_rows(p, &mut body, rows, Some(state.selected));
    }
    if let Some(op) = state.undo.last() {
        body.push(fill(s.undo_hint, &[&state.op_description(op)]));
    }
    Said {
        here: with_selected(today, selected.as_ref()),
        body,
    }
}

fn form_lines(state: &State, p: &Plain) -> Said {
    let s = state.strings();
    let Some(f) = &state.form else {
        return Said {
            here: s.form_new.to_string(),
            body: Vec::new(),
        };
    };
    let title = if f.editing.is_some() {
        s.form_edit
    } else {
        s.form_new
    };
    let mut here = title.to_string();
    let mut body = Vec::new();
    for field in form::FIELDS {
        let (spans, _) = form::draw::value_spans(state, f, field, 200);
        let mut value: String = spans.iter().map(|s| s.content.as_ref()).collect();
        if value.trim().is_empty() {
            value = p.empty.to_string();
        }
        let line = format!("{}: {}", field.label(s), value.trim());
        if f.focus == field {
            // a Tab to the next field is announced: the first line names the field now
            let line = format!("{}, {line}", p.here);
            here = format!("{title}. {line}");
            body.push(line);
            if field == form::Field::Topics {
                for m in form::draw::topic_matches(state, f, 200) {
                    body.push(line_text(&m));
                }
            }
        } else {
            body.push(line);
        }
    }
    if let Some((_, why)) = &f.error {
        body.push(why.clone());
    }
    Said { here, body }
}

fn kb_lines(state: &State, v: &KbView, p: &Plain) -> Said {
    if v.reading.is_some() {
        let lines: Vec<String> = kb::draw::reading_lines(state, v)
            .unwrap_or_default()
            .iter()
            .map(line_text)
            .filter(|l| !clean(l).is_empty())
            .collect();
        let skip = (v.reading.unwrap_or(0) as usize).min(lines.len().saturating_sub(1));
        let mut rest = lines.iter().skip(skip).cloned();
        let first = rest.next().unwrap_or_default();
        let here = if skip == 0 {
            first
        } else {
            // scrolled: say where in the article the reading goes on
            format!(
                "{}: {first}",
                fill(
                    p.article_line,
                    &[&(skip + 1).to_string(), &lines.len().to_string()]
                )
            )
        };
        return Said {
            here,
            body: rest.collect(),
        };
    }
    let query = if v.query.is_empty() {
        p.empty.to_string()
    } else {
        v.query.text.clone()
    };
    let search = format!("{}: {query}", p.search);
    let mut body = Vec::new();
    if v.hits.is_empty() && v.partners.is_empty() {
        if !v.query.is_empty() {
            body.push(p.no_results.to_string());
        }
        return Said { here: search, body };
    }
    for partner in &v.partners {
        body.push(partner.name.clone());
    }
    body.push(fill(p.results, &[&v.hits.len().to_string()]));
    let rows = v
        .hits
        .iter()
        .take(15)
        .enumerate()
        .map(|(i, h)| format!("{}. {}", i + 1, h.title));
    let selected = push_rows(p, &mut body, rows, Some(v.selected));
    Said {
        here: with_selected(search, selected.as_ref()),
        body,
    }
}

fn overview_lines(state: &State, o: &OverviewScreen, p: &Plain) -> Said {
    let s = state.strings();
    let lang = state.config.lang;
    let scope = if o.all_desks {
        s.ov_all_desks.to_string()
    } else {
        state.desk.clone()
    };
    let here = fill(p.overview, &[&o.period.label(), &scope]);
    let Some(data) = &o.data else {
        return Said {
            here,
            body: Vec::new(),
        };
    };
    let mut body = vec![format!(
        "{}, {} {}",
        s.contacts(data.total.contacts),
        data.total.residents,
        p.residents
    )];
    body.push(format!("{}:", s.ov_per_topic));
    let mut rows: Vec<_> = data.topics.iter().filter(|t| t.contacts > 0).collect();
    rows.sort_by(|a, b| b.contacts.cmp(&a.contacts).then(a.code.cmp(&b.code)));
    for t in rows {
        body.push(format!(
            "{}: {}",
            state.config.topic_label(&t.code, lang),
            t.contacts
        ));
    }
    body.push(format!("{}:", s.ov_weeks));
    for wk in &data.weeks {
        body.push(format!("{}: {}", wk.week, wk.contacts));
    }
    for t in &data.targets {
        body.push(fill(
            p.target,
            &[&t.name, &t.actual.to_string(), &t.target.to_string()],
        ));
    }
    Said { here, body }
}

fn setup_lines(state: &State, setup: &SetupForm, p: &Plain) -> Said {
    let s = state.strings();
    let title = if setup.can_cancel {
        s.setup_title_change
    } else {
        s.setup_title
    };
    let value = |text: &str| {
        if text.is_empty() {
            p.empty.to_string()
        } else {
            text.to_string()
        }
    };
    let fields = [
        (s.setup_desk, value(&setup.desk.text)),
        (s.setup_volunteer, value(&setup.volunteer.text)),
    ];
    let mut here = title.to_string();
    let mut body = vec![s.setup_intro.to_string()];
    for (i, (label, value)) in fields.iter().enumerate() {
        let line = format!("{label}: {value}");
        if usize::from(setup.focus) == i {
            let line = format!("{}, {line}", p.here);
            here = format!("{title}. {line}");
            body.push(line);
        } else {
            body.push(line);
        }
    }
    if let Some(e) = &setup.error {
        body.push(e.clone());
    }
    let matches = setup::desk_matches(state, setup);
    if !matches.is_empty() {
        body.push(say_keys(s.setup_known_desks, p));
    }
    let rows = matches.iter().map(|d| d.to_string());
    let selected = push_rows(p, &mut body, rows, setup.cursor);
    Said {
        here: with_selected(here, selected.as_ref()),
        body,
    }
}

fn follow_ups_lines(state: &State, f: &FollowUpsScreen, p: &Plain) -> Said {
    let s = state.strings();
    let title = format!(
        "{}, {}",
        if f.all {
            s.fu_title_all
        } else {
            s.fu_title_due
        },
        state.desk
    );
    if f.loaded && f.items.is_empty() {
        return Said {
            here: title,
            body: vec![s.fu_none.to_string()],
        };
    }
    let today = state.now.date();
    let rows = f.items.iter().map(|c| {
        let day = c.follow_up.unwrap_or(today);
        let when = if day < today {
            s.fu_overdue
        } else if day == today {
            s.fu_due_today
        } else {
            s.fu_upcoming
        };
        let mut line = fill(
            p.follow_up,
            &[
                &day.format("%d-%m-%Y").to_string(),
                when,
                &state.topic_labels(c),
            ],
        );
        if let Some(partner) = &c.referred_to {
            let name = state
                .config
                .partner(partner)
                .map_or(partner.clone(), |x| x.name.clone());
            line.push_str(&format!(", {}", fill(p.referred, &[&name])));
        }
        line.push_str(&format!(
            ", {}",
            if c.note.is_empty() {
                p.no_note
            } else {
                &c.note
            }
        ));
        line
    });
    let mut body = Vec::new();
    let selected = push_rows(p, &mut body, rows, Some(f.selected));
    Said {
        here: with_selected(title, selected.as_ref()),
        body,
    }
}

fn thread_lines(state: &State, t: &ThreadScreen, p: &Plain) -> Said {
    let s = state.strings();
    let title = format!(
        "{}, {}",
        fill(s.thread_screen_title, &[&t.code]),
        state.desk
    );
    if t.contacts.is_empty() {
        return Said {
            here: title,
            body: vec![s.thread_none.to_string()],
        };
    }
    let rows = t.contacts.iter().map(|c| {
        let mut line = contact_line(state, c, &c.at.format("%d-%m-%Y %H:%M").to_string());
        if let (Some(day), None) = (c.follow_up, c.follow_up_done) {
            line.push_str(&format!(
                ", {}",
                fill(p.follow_up_on, &[&day.format("%d-%m-%Y").to_string()])
            ));
        }
        line
    });
    let mut body = Vec::new();
    let selected = push_rows(p, &mut body, rows, Some(t.selected));
    Said {
        here: with_selected(title, selected.as_ref()),
        body,
    }
}

/// The help as lines: each section's title, then its keys and what they do, from `scroll`.
fn help_lines(s: &Strings, scroll: u16) -> Said {
    let p = &s.plain;
    // the same rows as the drawn help, so a scroll there is a scroll here
    let mut rows = Vec::new();
    for (title, bindings) in help::sections(s) {
        rows.push(format!("{title}:"));
        for b in bindings {
            rows.push(format!("{}: {}", b.keys_label(), (b.label)(s)));
        }
        rows.push(String::new());
    }
    rows.push(format!("{}:", s.help_marks));
    rows.extend(s.help_marks_lines.iter().map(|m| m.to_string()));
    let skip = usize::from(scroll).min(rows.len().saturating_sub(1));
    let here = if skip == 0 {
        s.help_title.to_string()
    } else {
        fill(p.help_scrolled, &[&(skip + 1).to_string()])
    };
    let body = rows
        .into_iter()
        .skip(skip)
        .map(|row| say_keys(&row, p))
        .collect();
    Said { here, body }
}

fn channel_lines(state: &State, cursor: usize, p: &Plain) -> Said {
    let s = state.strings();
    let lang = state.config.lang;
    let rows = state.visible_channels().into_iter().map(|code| {
        let label = state
            .config
            .channel(&code)
            .map_or(code.clone(), |c| c.label(lang).to_string());
        if code == state.tally_channel {
            format!("{label}, {}", p.channel_in_use)
        } else {
            label
        }
    });
    let rows = rows.enumerate().map(|(i, row)| format!("{} {row}", i + 1));
    let mut body = Vec::new();
    let selected = push_rows(p, &mut body, rows, Some(cursor));
    Said {
        here: with_selected(s.channel_title.to_string(), selected.as_ref()),
        body,
    }
}

/// The lock screen: drawn as usual off screen, then read row by row without the drawing
/// characters (it shows nothing of the desk's data, only how to unlock).
fn fallback(state: &State, area: Rect) -> Vec<String> {
    let size = (
        area.width.max(super::MIN_SIZE.0),
        area.height.max(super::MIN_SIZE.1),
    );
    let Ok(mut terminal) =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(size.0, size.1));
    if terminal.draw(|f| super::draw_screen(f, state)).is_err() {
        return Vec::new();
    }
    let buf = terminal.backend().buffer();
    let rows = buf.area.height;
    (0..rows)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .map(|l| clean(&l))
        .filter(|l| !l.is_empty())
        .collect()
}
