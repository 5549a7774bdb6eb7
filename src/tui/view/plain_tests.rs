//! Plain mode drawn into a `TestBackend`: one column, the announcement on the first line
//! with the cursor on it, no drawing characters on any screen, nothing of the desk's data
//! while locked.

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::plain::is_graphic;
use crate::tui::App;
use crate::tui::test_util::{self, key, type_text};

fn plain_app() -> App {
    let mut app = test_util::app();
    app.state.plain = true;
    app
}

/// The screen's lines and the cursor's row.
fn shown(app: &App) -> (Vec<String>, u16) {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| super::draw(f, &app.state)).unwrap();
    let cursor = terminal.get_cursor_position().unwrap();
    let buf = terminal.backend().buffer();
    let lines = (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect();
    (lines, cursor.y)
}

fn no_drawing(name: &str, lines: &[String]) {
    let drawn: String = lines.concat().chars().filter(|c| is_graphic(*c)).collect();
    assert_eq!(drawn, "", "{name}: {lines:#?}");
}

#[test]
fn a_tally_is_announced_on_the_first_line_where_the_cursor_is() {
    let mut app = plain_app();
    key(&mut app, KeyCode::Char('3'));
    let (lines, cursor) = shown(&app);
    assert_eq!(lines[0], "Geturfd: Onderhoud en gebreken om 10:42 (Inloop)");
    assert_eq!(cursor, 0);
    assert_eq!(
        lines[1],
        "balie, Buurtwerkkamer MultiBron, AB, 25-11-2026 10:42"
    );
    assert!(lines.contains(&"Toets 3: Onderhoud en gebreken, vandaag 1".to_string()));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Gekozen: 10:42, Onderhoud en gebreken")),
        "{lines:#?}"
    );
    no_drawing("main", &lines);
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn no_screen_in_plain_mode_draws_a_frame_a_bar_or_a_sparkline() {
    let mut app = plain_app();
    key(&mut app, KeyCode::Char('1'));
    let mut screens = vec![("main", shown(&app).0)];
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "schimm");
    screens.push(("form", shown(&app).0));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('y'));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('?'));
    screens.push(("help", shown(&app).0));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('o'));
    screens.push(("overview", shown(&app).0));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('f'));
    screens.push(("follow-ups", shown(&app).0));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('d'));
    screens.push(("question", shown(&app).0));
    for (name, lines) in &screens {
        no_drawing(name, lines);
    }
    let form = &screens[1].1;
    assert!(
        form.iter()
            .any(|l| l.starts_with("Hier, Onderwerpen: schimm")),
        "{form:#?}"
    );
    let overview = &screens[3].1;
    assert!(
        overview.iter().any(|l| l == "Formulieren en post: 1"),
        "{overview:#?}"
    );
    // a question is the announcement, with its keys
    let question = &screens[5].1;
    assert!(question[0].contains("Formulieren en post"), "{question:#?}");
}

#[test]
fn locked_in_plain_mode_shows_nothing_of_the_desk() {
    let mut app = plain_app();
    key(&mut app, KeyCode::Char('1'));
    app.state.lock = Some(crate::tui::screens::lock::Locked::default());
    let (lines, _) = shown(&app);
    let text = lines.join("\n");
    assert!(!text.contains("Formulieren"), "{text}");
    assert!(!text.contains("MultiBron"), "{text}");
    no_drawing("lock", &lines);
}
