//! One test harness for the desk screen: an [`App`] on a fresh in-memory store with the
//! shipped config and a fixed clock, keys sent as a person types them, and the screen drawn
//! into a `TestBackend`.

use chrono::NaiveDateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::App;
use crate::config::Config;
use crate::store::Store;

/// Wednesday 25 November 2026, 10:42.
pub fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-25 10:42", crate::domain::AT_FORMAT).unwrap()
}

/// An app that is set up (desk and volunteer known), on the main screen.
pub fn app() -> App {
    app_with(Config::shipped())
}

pub fn app_with(config: Config) -> App {
    let mut store = Store::open_in_memory().unwrap();
    crate::kb::sync_shipped(&mut store, now()).unwrap();
    App::new(
        config,
        store,
        Some("Buurtwerkkamer MultiBron".into()),
        Some("AB".into()),
        now(),
    )
    .unwrap()
}

pub fn key(app: &mut App, code: KeyCode) {
    app.key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn ctrl(app: &mut App, c: char) {
    app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Type text one key at a time.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// Draw the app at `width` x `height` and return the screen as text lines.
pub fn render(app: &App, width: u16, height: u16) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| super::view::draw(f, &app.state)).unwrap();
    terminal.backend().clone()
}

/// The screen as plain lines, for exact line asserts.
pub fn lines(app: &App, width: u16, height: u16) -> Vec<String> {
    let backend = render(app, width, height);
    let buf = backend.buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

/// How many contacts the store holds.
pub fn stored(app: &App) -> u64 {
    app.store.count(&crate::store::Filter::default()).unwrap()
}

// The helpers the screens' update tests share (each screen's tests are next to it, in
// `screens/<screen>/tests.rs`), and what they all import.

use crossterm::event::KeyCode as Code;
use prelude::*;

pub fn state() -> State {
    let mut s = State::new(
        crate::config::Config::shipped(),
        Some("Buurtwerkkamer MultiBron".into()),
        Some("AB".into()),
        now(),
    );
    s.today.date = Some(now().date());
    s
}

/// Put the focus on `field` as Tab would (which also forgets what was typed in a choice).
pub fn focus(s: &mut State, field: Field) {
    let form = s.form.as_mut().unwrap();
    form.focus = field;
    form.choice_query.clear();
}

/// The overview screen's state, when it is the screen shown.
pub fn overview(s: &State) -> &crate::tui::screens::overview::OverviewScreen {
    match &s.screen {
        Screen::Overview(o) => o,
        other => panic!("not the overview: {other:?}"),
    }
}

/// The follow-up screen's state, when it is the screen shown.
pub fn follow_ups(s: &State) -> &crate::tui::screens::follow_ups::FollowUpsScreen {
    match &s.screen {
        Screen::FollowUps(f) => f,
        other => panic!("not the follow-ups: {other:?}"),
    }
}

pub fn insert_of(effects: &[Effect]) -> &Contact {
    match effects {
        [Effect::Apply(Op::Insert(c))] => c,
        other => panic!("expected one insert, got {other:?}"),
    }
}

pub fn kb_view(app: &crate::tui::App) -> &crate::tui::screens::kb::KbView {
    match &app.state.overlay {
        Some(Overlay::Kb(v)) => v,
        other => panic!("the knowledge base is not open: {other:?}"),
    }
}

/// Open the newest contact in the form, replace its note with `note` and save.
pub fn edit_note(app: &mut crate::tui::App, note: &str) {
    key(app, Code::Enter);
    assert_eq!(app.state.screen, Screen::Form);
    for _ in 0..6 {
        key(app, Code::Tab);
    }
    for _ in 0..40 {
        key(app, Code::Backspace);
    }
    type_text(app, note);
    key(app, Code::Enter);
}

/// What every screen's update tests use: `use crate::tui::test_util::prelude::*;`.
pub mod prelude {
    pub use super::{
        ctrl, edit_note, focus, follow_ups, insert_of, kb_view, key, now, overview, state, stored,
        type_text,
    };
    pub use crate::config::Config;
    pub use crate::domain::Contact;
    pub use crate::tui::action::{Action, Done, Effect};
    pub use crate::tui::draft::{draft_json, restore_draft};
    pub use crate::tui::input::{EditOp, TextInput};
    pub use crate::tui::screens::confirm::OnYes;
    pub use crate::tui::screens::form::Field;
    pub use crate::tui::screens::thread::ThreadPanel;
    pub use crate::tui::state::{Message, Op, Overlay, Screen, State, Tone};
    pub use crate::tui::test_util;
    pub use crate::tui::update::update;
    pub use crossterm::event::KeyCode;
}
