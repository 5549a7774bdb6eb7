//! A resident's thread: the panel beside the form (while a code is typed) and beside the
//! selected contact on the main screen, with this desk's earlier contacts for that code (how
//! many, the last few with date, topics and note, open follow-ups, linked articles); and the
//! thread screen (`t`, or F3 in the form), which lists them all, newest first, with the main
//! list's keys. Only this desk's contacts are ever asked for (the store's query binds the
//! desk), so another desk's notes never show. Its state, keys, update and drawing; the store
//! is read by the runner.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

use crate::domain::{Contact, ContactId, normalize_resident};
use crate::store::Thread;
use crate::tui::action::{Action, Effect};
use crate::tui::keymap::{
    Binding, DELETE_SELECTED, EDIT_SELECTED, ESC_Q_BACK, HELP_KEYS, MOVE_IN_LIST,
};
use crate::tui::screens::confirm::{Confirm, OnYes};
use crate::tui::state::{Overlay, Screen, State, Tone, list_move};
use crate::tui::strings::fill;
use crate::tui::view::fit;

/// The thread screen: one resident's contacts at this desk, as last loaded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThreadScreen {
    /// The code as typed or stored.
    pub code: String,
    pub contacts: Vec<Contact>,
    pub selected: usize,
    /// Opened from the form (Esc goes back there) rather than from the main screen.
    pub from_form: bool,
}

/// Which resident's thread the panel shows, and the thread once loaded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThreadPanel {
    /// The code asked for and the contact left out (the one being edited or selected).
    pub wanted: Option<(String, Option<ContactId>)>,
    /// The answer for `wanted`; `None` while loading.
    pub thread: Option<Thread>,
}

/// The resident code the panel should show now, and the contact to leave out of it.
fn wanted(state: &State) -> Option<(String, Option<ContactId>)> {
    match &state.screen {
        Screen::Form => {
            let form = state.form.as_ref()?;
            let code = normalize_resident(&form.resident.text)?;
            Some((code, form.editing.as_ref().map(|c| c.id.clone())))
        }
        Screen::Main => {
            let c = state.selected_contact()?;
            Some((c.resident.clone()?, Some(c.id.clone())))
        }
        // other screens keep what the panel showed, so coming back shows it at once
        _ => state.thread.wanted.clone(),
    }
}

/// After every change: ask for the thread when what the panel should show has changed.
pub fn sync(state: &mut State) -> Vec<Effect> {
    let now = wanted(state);
    if now == state.thread.wanted {
        return vec![];
    }
    state.thread.thread = None;
    state.thread.wanted = now.clone();
    match now {
        Some((code, except)) => vec![Effect::LoadThread { code, except }],
        None => vec![],
    }
}

/// The store changed: read the panel's thread again.
pub fn stale(state: &mut State) {
    state.thread.wanted = None;
    state.thread.thread = None;
}

/// A thread came back; kept only if it is still the one asked for.
pub fn loaded(state: &mut State, code: &str, thread: Thread) {
    if state.thread.wanted.as_ref().is_some_and(|(c, _)| c == code) {
        state.thread.thread = Some(thread);
    }
}

/// `t` / F3: the full thread of the code in the form or of the selected contact.
pub fn open(state: &mut State) -> Vec<Effect> {
    let from_form = state.screen == Screen::Form;
    let code = if from_form {
        state
            .form
            .as_ref()
            .and_then(|f| normalize_resident(&f.resident.text))
    } else {
        state.selected_contact().and_then(|c| c.resident.clone())
    };
    let Some(code) = code else {
        state.say(Tone::Info, state.strings().thread_no_code.to_string());
        return vec![];
    };
    state.screen = Screen::Thread(ThreadScreen {
        code: code.clone(),
        from_form,
        ..ThreadScreen::default()
    });
    vec![Effect::LoadThreadList(code)]
}

pub fn list_loaded(state: &mut State, code: &str, contacts: Vec<Contact>) {
    if let Screen::Thread(t) = &mut state.screen
        && t.code == code
    {
        t.selected = t.selected.min(contacts.len().saturating_sub(1));
        t.contacts = contacts;
    }
}

/// The thread screen's keys: the main list's.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let Screen::Thread(t) = &mut state.screen else {
        return vec![];
    };
    let n = t.contacts.len();
    match action {
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Home
        | Action::End => t.selected = list_move(t.selected, n, &action),
        Action::EditSelected => {
            if let Some(c) = t.contacts.get(t.selected) {
                // Opened from a form with typed input: that input is not thrown away unasked.
                if t.from_form && state.form.as_ref().is_some_and(|f| f.dirty) {
                    let id = c.id.clone();
                    state.overlay = Some(Overlay::Confirm(Confirm {
                        question: state.strings().confirm_open_other.to_string(),
                        on_yes: OnYes::Open(id),
                    }));
                    return vec![];
                }
                return vec![Effect::Open(c.id.clone())];
            }
        }
        Action::DeleteSelected => {
            if let Some(c) = t.contacts.get(t.selected).cloned() {
                let (what, when) = state.describe(&c);
                state.overlay = Some(Overlay::Confirm(Confirm {
                    question: fill(state.strings().confirm_delete, &[&what, &when]),
                    on_yes: OnYes::Delete(Box::new(c)),
                }));
            }
        }
        Action::Help => state.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Back => {
            state.screen = if t.from_form && state.form.is_some() {
                Screen::Form
            } else {
                Screen::Main
            };
        }
        _ => {}
    }
    vec![]
}

/// After a change went through on the thread screen: list the thread again.
pub fn reload(state: &State) -> Vec<Effect> {
    match &state.screen {
        Screen::Thread(t) => vec![Effect::LoadThreadList(t.code.clone())],
        _ => vec![],
    }
}

/// The thread screen: the main list's keys over one resident's contacts.
pub const KEYS: &[Binding] = &[
    EDIT_SELECTED,
    DELETE_SELECTED,
    MOVE_IN_LIST,
    Binding {
        keys: ESC_Q_BACK,
        label: |s| s.key_back,
        footer: true,
    },
    HELP_KEYS,
];

/// Whether the panel has something to show (a code is typed or selected, and its thread read).
pub fn has_panel(state: &State) -> bool {
    state.thread.wanted.is_some() && state.thread.thread.is_some()
}

/// The panel's lines for `width` columns.
pub fn panel_lines(state: &State, width: usize) -> Vec<Line<'static>> {
    let th = state.theme;
    let s = state.strings();
    let Some(t) = &state.thread.thread else {
        return Vec::new();
    };
    let dim = th.dim();
    let mut lines = Vec::new();
    if t.contacts == 0 {
        lines.push(Line::from(s.thread_none));
        return lines;
    }
    lines.push(Line::from(Span::styled(
        fit(
            &crate::text::counted(t.contacts as u64, s.thread_count.0, s.thread_count.1),
            width,
        ),
        Style::new().add_modifier(Modifier::BOLD),
    )));
    for c in &t.recent {
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", c.at.format("%d-%m")), th.accent()),
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
            th.warn(),
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
    let th = state.theme;
    let s = state.strings();
    let code = state.thread.wanted.as_ref().map_or("", |(c, _)| c.as_str());
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} · {code} ", s.thread_title))
        .border_style(th.frame());
    let width = area.width.saturating_sub(2) as usize;
    frame.render_widget(Paragraph::new(panel_lines(state, width)).block(block), area);
}

/// The thread screen: every contact of the resident here, newest first.
pub fn draw(frame: &mut Frame, state: &State, t: &ThreadScreen, area: Rect) {
    let th = state.theme;
    let s = state.strings();
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(
            " {} · {} ",
            fill(s.thread_screen_title, &[&t.code]),
            state.desk
        ))
        .border_style(th.frame());
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
                Line::from(vec![Span::styled(head, th.accent()), Span::raw(topics)]),
                Line::from(Span::styled(fit(&format!("  {note}"), width), th.dim())),
            ])
        })
        .collect();
    let list = List::new(items)
        .block(block)
        .highlight_style(th.selected())
        .highlight_symbol("▸");
    let mut list_state = ListState::default().with_selected(Some(t.selected - first));
    frame.render_stateful_widget(list, area, &mut list_state);
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use crate::domain::{Contact, ContactId};
    use crate::tui::state::{Overlay, Screen};
    use crate::tui::test_util::{self, key, now, type_text};

    /// From the form (F3), Enter on an earlier contact of the resident asks before the typed
    /// form is thrown away: `n` keeps it as typed, `j` opens the earlier contact.
    #[test]
    fn opening_an_earlier_contact_from_the_form_asks_before_the_typed_form_goes() {
        let mut app = test_util::app();
        let mut c = Contact::draft(
            now(),
            "Buurtwerkkamer MultiBron",
            "AB",
            vec!["taal".into()],
            now(),
        );
        c.resident = Some("K0042".into());
        c.note = "taalles gezocht".into();
        c.validate(&app.state.config).unwrap();
        c.id = ContactId::new();
        app.store.insert(&c).unwrap();
        app.reload();
        key(&mut app, KeyCode::Char('n'));
        type_text(&mut app, "huur");
        app.state.form.as_mut().unwrap().focus = crate::tui::screens::form::Field::Resident;
        type_text(&mut app, "K0042");
        key(&mut app, KeyCode::F(3));
        assert!(
            matches!(&app.state.screen, Screen::Thread(t) if t.from_form && t.contacts.len() == 1)
        );
        key(&mut app, KeyCode::Enter);
        assert!(
            matches!(&app.state.overlay, Some(Overlay::Confirm(q)) if q.question.contains("nog niet opgeslagen")),
            "{:?}",
            app.state.overlay
        );
        key(&mut app, KeyCode::Char('n'));
        assert_eq!(app.state.overlay, None);
        assert_eq!(app.state.form.as_ref().unwrap().resident.text, "K0042");
        assert!(
            app.state.form.as_ref().unwrap().editing.is_none(),
            "still the new contact"
        );
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::Char('j'));
        assert_eq!(app.state.screen, Screen::Form);
        let form = app.state.form.as_ref().unwrap();
        assert_eq!(form.note.text, "taalles gezocht");
        assert_eq!(form.editing.as_ref().map(|e| &e.id), Some(&c.id));
    }
}
