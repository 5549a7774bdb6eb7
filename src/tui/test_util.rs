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
