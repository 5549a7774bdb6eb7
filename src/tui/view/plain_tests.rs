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

/// A contact of `days_ago` days before the test's today, stored and shown.
fn stored_contact(app: &mut App, topic: &str, note: &str, follow_up_days_ago: Option<i64>) {
    use crate::domain::{Contact, ContactId};
    let now = test_util::now();
    let mut c = Contact::draft(
        now - chrono::Duration::hours(1),
        "Buurtwerkkamer MultiBron",
        "AB",
        vec![topic.into()],
        now,
    );
    c.resident = Some("K0042".into());
    c.note = note.into();
    c.follow_up = follow_up_days_ago.map(|d| now.date() - chrono::Duration::days(d));
    c.validate(&app.state.config).unwrap();
    c.id = ContactId::new();
    app.store.insert(&c).unwrap();
    app.reload();
}

#[test]
fn a_move_in_the_form_or_a_list_is_said_on_the_first_line() {
    let mut app = plain_app();
    stored_contact(&mut app, "taal", "", None);
    stored_contact(&mut app, "huur", "", None);
    // the list: where you are and the highlighted contact, then the next one after ↓
    let (lines, _) = shown(&app);
    assert_eq!(
        lines[0],
        "Vandaag: 2 contacten. Gekozen: 09:42, Huurprijs en servicekosten, Inloop"
    );
    key(&mut app, KeyCode::Down);
    assert_eq!(
        shown(&app).0[0],
        "Vandaag: 2 contacten. Gekozen: 09:42, Taal, Inloop"
    );
    // after a tally the first line says it; the next move says where it went instead
    key(&mut app, KeyCode::Char('3'));
    assert!(shown(&app).0[0].starts_with("Geturfd: "));
    key(&mut app, KeyCode::Down);
    assert!(
        shown(&app).0[0].starts_with("Vandaag: 3 contacten. Gekozen: 09:42"),
        "{:#?}",
        shown(&app).0
    );
    // the form: Tab moves the focus, and the first line names the field that has it
    key(&mut app, KeyCode::Char('n'));
    assert!(
        shown(&app).0[0].starts_with("Nieuw contact. Hier, Onderwerpen:"),
        "{:#?}",
        shown(&app).0
    );
    type_text(&mut app, "schimm");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Tab);
    let (lines, _) = shown(&app);
    assert!(
        lines[0].starts_with("Nieuw contact. Hier, ") && !lines[0].contains("Onderwerpen"),
        "{lines:#?}"
    );
    // what the first line says is not said again right below it
    assert_ne!(lines[1], lines[2], "{lines:#?}");
}

#[test]
fn the_keys_line_names_every_key_of_the_screen_not_only_the_footers() {
    let app = plain_app();
    let (lines, _) = shown(&app);
    let keys: String = lines
        .iter()
        .skip_while(|l| !l.starts_with("Toetsen:"))
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    for said in [
        "c kanaal turven",
        "t eerdere contacten",
        "b balie/vrijwilliger",
        "r/Ctrl-R/Ctrl-Y opnieuw",
        "pijl omhoog/pijl omlaag/j/k",
        "Ctrl-G/F12 scherm vergrendelen",
    ] {
        assert!(keys.contains(said), "{said} not in: {keys}");
    }
}

#[test]
fn set_up_follow_ups_a_thread_help_and_the_channel_list_are_said_in_lines() {
    let mut app = plain_app();
    stored_contact(&mut app, "taal", "zoekt taalles", Some(2));
    // set-up (b): the field with the focus and the highlighted desk on the first line
    key(&mut app, KeyCode::Char('b'));
    app.state.screen = match app.state.screen.clone() {
        crate::tui::state::Screen::Setup(mut f) => {
            f.desk.clear();
            crate::tui::state::Screen::Setup(f)
        }
        other => panic!("not set-up: {other:?}"),
    };
    type_text(&mut app, "noord");
    key(&mut app, KeyCode::Down);
    let (setup, _) = shown(&app);
    assert!(
        setup[0].starts_with("Balie of vrijwilliger wijzigen. Hier, Balie: noord. Gekozen: "),
        "{setup:#?}"
    );
    assert!(
        setup.iter().any(|l| l == "Jouw initialen: AB"),
        "{setup:#?}"
    );
    key(&mut app, KeyCode::Esc);
    // follow-ups: day with year, how due, topics and the note on one line
    key(&mut app, KeyCode::Char('f'));
    let (fu, _) = shown(&app);
    // (the announcement wraps onto a second row at 80 columns)
    let said = fu[..2].join(" ");
    assert_eq!(
        said,
        "Op te volgen: vandaag en eerder, Buurtwerkkamer MultiBron. Gekozen: 23-11-2026, te laat: Taal, zoekt taalles",
        "{fu:#?}"
    );
    key(&mut app, KeyCode::Esc);
    // the resident's thread
    key(&mut app, KeyCode::Char('t'));
    let (thread, _) = shown(&app);
    assert!(thread[0].contains("K0042"), "{thread:#?}");
    assert!(
        thread
            .iter()
            .any(|l| l
                .contains("25-11-2026 09:42, Taal, Inloop, zoekt taalles, opvolgen op 23-11-2026")),
        "{thread:#?}"
    );
    key(&mut app, KeyCode::Esc);
    // help: every key, arrows in words, and a scroll moves where the reading starts
    key(&mut app, KeyCode::Char('?'));
    let (help, _) = shown(&app);
    assert_eq!(help[0], "Toetsen");
    assert!(
        help.iter()
            .any(|l| l.ends_with(":") && l.starts_with("Hoofdscherm")),
        "{help:#?}"
    );
    key(&mut app, KeyCode::Down);
    assert!(
        shown(&app).0[0].starts_with("Hulp, vanaf regel 2"),
        "{:#?}",
        shown(&app).0
    );
    key(&mut app, KeyCode::Esc);
    // the channel list: the highlighted channel and the one in use
    key(&mut app, KeyCode::Char('c'));
    key(&mut app, KeyCode::Down);
    let (channel, _) = shown(&app);
    assert!(
        channel[0].starts_with("Kanaal voor het turven. Gekozen: 2 "),
        "{channel:#?}"
    );
    assert!(
        channel.iter().any(|l| l == "1 Inloop, nu in gebruik"),
        "{channel:#?}"
    );
    for (name, lines) in [
        ("setup", &setup),
        ("follow-ups", &fu),
        ("thread", &thread),
        ("help", &help),
        ("channel", &channel),
    ] {
        no_drawing(name, lines);
    }
}

#[test]
fn the_overview_heading_is_said_once_and_a_tiny_window_says_its_size() {
    let mut app = plain_app();
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('o'));
    let (lines, _) = shown(&app);
    let heading = lines.iter().filter(|l| l.starts_with("Overzicht ")).count();
    assert_eq!(heading, 1, "{lines:#?}");
    // below 20x4 even plain lines cannot be read: say so, with the size it needs
    let mut terminal = Terminal::new(TestBackend::new(16, 3)).unwrap();
    terminal.draw(|f| super::draw(f, &app.state)).unwrap();
    let buf = terminal.backend().buffer();
    let text: String = (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("Te klein") && text.contains("20x4"), "{text}");
}
