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
use crate::i18n::Lang;
use crate::tui::keymap;
use crate::tui::screens::kb::KbView;
use crate::tui::screens::overview::OverviewScreen;
use crate::tui::screens::{form, kb};
use crate::tui::state::{Overlay, Screen, State};
use crate::tui::strings::fill;

/// The words plain mode adds, per language.
struct Words {
    here: &'static str,
    selected: &'static str,
    keys: &'static str,
    empty: &'static str,
    tally_key: &'static str,
    tally_channel: &'static str,
    contacts_today: &'static str,
    results: &'static str,
    search: &'static str,
    no_results: &'static str,
    overview: &'static str,
    residents: &'static str,
    target: &'static str,
    arrows: [(&'static str, &'static str); 4],
}

const NL: Words = Words {
    here: "Hier",
    selected: "Gekozen",
    keys: "Toetsen",
    empty: "leeg",
    tally_key: "Toets {}: {}, vandaag {}",
    tally_channel: "Turven gaat via kanaal: {} (toets c)",
    contacts_today: "Contacten van vandaag, nieuwste eerst",
    results: "{} resultaten",
    search: "Kennisbank, zoeken naar",
    no_results: "Niets gevonden.",
    overview: "Overzicht {}, {}",
    residents: "bewoners",
    target: "{}: {} van {}",
    arrows: [
        ("↑", "pijl omhoog"),
        ("↓", "pijl omlaag"),
        ("←", "pijl links"),
        ("→", "pijl rechts"),
    ],
};

const EN: Words = Words {
    here: "Here",
    selected: "Selected",
    keys: "Keys",
    empty: "empty",
    tally_key: "Key {}: {}, today {}",
    tally_channel: "Tallies use the channel: {} (key c)",
    contacts_today: "Today's contacts, newest first",
    results: "{} results",
    search: "Knowledge base, searching for",
    no_results: "Nothing found.",
    overview: "Overview {}, {}",
    residents: "residents",
    target: "{}: {} of {}",
    arrows: [
        ("↑", "arrow up"),
        ("↓", "arrow down"),
        ("←", "arrow left"),
        ("→", "arrow right"),
    ],
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
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
    let mut lines = lines(state, area);
    // the keys stay on the last rows, however long the screen above them
    let keys = lines.pop().unwrap_or_default();
    let key_rows = (keys.chars().count() as u16)
        .div_ceil(area.width.max(1))
        .clamp(1, area.height.saturating_sub(1).max(1));
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

/// The screen as plain lines: the announcement first, the keys last.
pub fn lines(state: &State, area: Rect) -> Vec<String> {
    let s = state.strings();
    let w = words(state.config.lang);
    if state.lock.is_some() {
        // nothing of the desk's data while locked: no status, no message, only the lock
        let mut out = fallback(state, area);
        out.push(keys_line(state, w));
        return out;
    }
    let mut body = match (&state.overlay, &state.screen) {
        (Some(Overlay::Kb(v)), _) => kb_lines(state, v, w),
        (None, Screen::Main) => main_lines(state, w),
        (None, Screen::Form) => form_lines(state, w),
        (None, Screen::Overview(o)) => overview_lines(state, o, w),
        _ => fallback(state, area),
    };
    let announcement = match (&state.overlay, &state.message) {
        (Some(Overlay::Confirm(c)), _) => format!("{} {}", c.question, s.confirm_keys),
        (_, Some(m)) => m.text.clone(),
        _ => body.first().cloned().unwrap_or_default(),
    };
    let status = format!(
        "{}{}, {}, {}, {}",
        s.app,
        if state.demo { s.demo_marker } else { "" },
        state.desk,
        state.volunteer,
        state.now.format("%d-%m-%Y %H:%M")
    );
    let mut out = vec![clean(&announcement), clean(&status)];
    out.append(&mut body);
    out.push(keys_line(state, w));
    out.into_iter().map(|l| clean(&l)).collect()
}

/// "Toetsen: n nieuw contact; 1-9 turven; ...": this context's keys, arrows in words.
fn keys_line(state: &State, w: &Words) -> String {
    let s = state.strings();
    let keys: Vec<String> = keymap::bindings(state.context())
        .iter()
        .filter(|b| b.footer)
        .map(|b| {
            let mut k = b.keys_label();
            for (sym, word) in w.arrows {
                k = k.replace(sym, &format!(" {word} "));
            }
            format!("{} {}", k.trim(), (b.label)(s))
        })
        .collect();
    format!("{}: {}.", w.keys, keys.join("; "))
}

fn main_lines(state: &State, w: &Words) -> Vec<String> {
    let s = state.strings();
    let lang = state.config.lang;
    let mut out = vec![format!(
        "{}: {}",
        s.today,
        fill(s.today_count, &[&state.today.total.to_string()])
    )];
    let channel = state
        .config
        .channel(&state.tally_channel)
        .map_or(state.tally_channel.as_str(), |c| c.label(lang));
    out.push(fill(w.tally_channel, &[channel]));
    for (i, code) in state.config.tally.iter().enumerate() {
        let n = state
            .today
            .counts
            .iter()
            .find(|(c, _)| c == code)
            .map_or(0, |(_, n)| *n);
        out.push(fill(
            w.tally_key,
            &[
                &(i + 1).to_string(),
                state.config.topic_label(code, lang),
                &n.to_string(),
            ],
        ));
    }
    if state.today.contacts.is_empty() {
        out.push(s.no_contacts_yet.to_string());
    } else {
        out.push(format!("{}:", w.contacts_today));
        for (i, c) in state.today.contacts.iter().enumerate().take(20) {
            let channel = state
                .config
                .channel(&c.channel)
                .map_or(c.channel.as_str(), |ch| ch.label(lang));
            let mut line = format!(
                "{}, {}, {channel}",
                c.at.format("%H:%M"),
                state.topic_labels(c)
            );
            if !c.note.is_empty() {
                line.push_str(&format!(", {}", c.note));
            }
            if i == state.selected {
                line = format!("{}: {line}", w.selected);
            }
            out.push(line);
        }
    }
    if let Some(op) = state.undo.last() {
        out.push(fill(s.undo_hint, &[&state.op_description(op)]));
    }
    out
}

fn form_lines(state: &State, w: &Words) -> Vec<String> {
    let s = state.strings();
    let Some(f) = &state.form else {
        return Vec::new();
    };
    let mut out = vec![
        if f.editing.is_some() {
            s.form_edit
        } else {
            s.form_new
        }
        .to_string(),
    ];
    for field in form::FIELDS {
        let (spans, _) = form::draw::value_spans(state, f, field, 200);
        let mut value: String = spans.iter().map(|s| s.content.as_ref()).collect();
        if value.trim().is_empty() {
            value = w.empty.to_string();
        }
        let line = format!("{}: {}", field.label(s), value.trim());
        if f.focus == field {
            out.push(format!("{}, {line}", w.here));
            if field == form::Field::Topics {
                for m in form::draw::topic_matches(state, f, 200) {
                    out.push(line_text(&m));
                }
            }
        } else {
            out.push(line);
        }
    }
    if let Some((_, why)) = &f.error {
        out.push(why.clone());
    }
    out
}

fn kb_lines(state: &State, v: &KbView, w: &Words) -> Vec<String> {
    if v.reading.is_some() {
        let lines = kb::draw::reading_lines(state, v).unwrap_or_default();
        let skip = v.reading.unwrap_or(0) as usize;
        return lines
            .iter()
            .skip(skip)
            .map(line_text)
            .filter(|l| !clean(l).is_empty())
            .collect();
    }
    let query = if v.query.is_empty() {
        w.empty.to_string()
    } else {
        v.query.text.clone()
    };
    let mut out = vec![format!("{}: {query}", w.search)];
    if v.hits.is_empty() && v.partners.is_empty() {
        if !v.query.is_empty() {
            out.push(w.no_results.to_string());
        }
        return out;
    }
    for p in &v.partners {
        out.push(p.name.clone());
    }
    out.push(fill(w.results, &[&v.hits.len().to_string()]));
    for (i, h) in v.hits.iter().enumerate().take(15) {
        let line = format!("{}. {}", i + 1, h.title);
        out.push(if i == v.selected {
            format!("{}: {line}", w.selected)
        } else {
            line
        });
    }
    out
}

fn overview_lines(state: &State, o: &OverviewScreen, w: &Words) -> Vec<String> {
    let s = state.strings();
    let lang = state.config.lang;
    let scope = if o.all_desks {
        s.ov_all_desks.to_string()
    } else {
        state.desk.clone()
    };
    let mut out = vec![fill(w.overview, &[&o.period.label(), &scope])];
    let Some(data) = &o.data else {
        return out;
    };
    out.push(format!(
        "{}, {} {}",
        s.contacts(data.total.contacts),
        data.total.residents,
        w.residents
    ));
    out.push(format!("{}:", s.ov_per_topic));
    let mut rows: Vec<_> = data.topics.iter().filter(|t| t.contacts > 0).collect();
    rows.sort_by(|a, b| b.contacts.cmp(&a.contacts).then(a.code.cmp(&b.code)));
    for t in rows {
        out.push(format!(
            "{}: {}",
            state.config.topic_label(&t.code, lang),
            t.contacts
        ));
    }
    out.push(format!("{}:", s.ov_weeks));
    for wk in &data.weeks {
        out.push(format!("{}: {}", wk.week, wk.contacts));
    }
    for t in &data.targets {
        out.push(fill(
            w.target,
            &[&t.name, &t.actual.to_string(), &t.target.to_string()],
        ));
    }
    out
}

/// The screens without a plain layout of their own (set-up, help, follow-ups, thread, the
/// lock): drawn as usual off screen, then read row by row without the drawing characters.
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
    // the status bar and the footer are said in lines of their own
    (1..rows.saturating_sub(3))
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .map(|l| clean(&l))
        .filter(|l| !l.is_empty())
        .collect()
}
