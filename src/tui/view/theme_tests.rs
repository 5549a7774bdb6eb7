//! The screens without colour (`NO_COLOR`, a monochrome terminal) and in high contrast:
//! focus and placeholders are seen by a marker and text attributes, never by colour alone.

use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use crate::tui::App;
use crate::tui::test_util::{self, key, lines, render, type_text};
use crate::tui::theme::Theme;

fn app_in(theme: Theme) -> App {
    let mut app = test_util::app();
    app.state.theme = theme;
    app
}

/// Every cell's colours, to show none is set.
fn colours(buf: &Buffer) -> Vec<(u16, u16, Color, Color)> {
    let mut out = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            if c.fg != Color::Reset || c.bg != Color::Reset {
                out.push((x, y, c.fg, c.bg));
            }
        }
    }
    out
}

/// The row holding `text`, and the column it starts at.
fn find(buf: &Buffer, text: &str) -> (u16, u16) {
    for y in 0..buf.area.height {
        let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        if let Some(i) = row.find(text) {
            return (row[..i].chars().count() as u16, y);
        }
    }
    panic!("`{text}` not on the screen");
}

#[test]
fn without_colour_the_focused_field_is_marked_and_reversed_and_placeholders_differ_from_text() {
    let mut app = app_in(Theme::NoColour);
    key(&mut app, KeyCode::Char('n'));
    // in the note: a few words typed; the language left empty (its placeholder shows)
    app.state.form.as_mut().unwrap().focus = crate::tui::screens::form::Field::Note;
    type_text(&mut app, "nl en tr");
    let backend = render(&app, 80, 24);
    let buf = backend.buffer();
    assert_eq!(colours(buf), vec![], "no colour anywhere");

    let screen = lines(&app, 80, 24);
    let focused: Vec<&String> = screen.iter().filter(|l| l.contains('▶')).collect();
    assert_eq!(focused.len(), 1, "one field marked: {screen:#?}");
    assert!(focused[0].contains("▶ Notitie"), "{}", focused[0]);
    let (x, y) = find(buf, "▶ Notitie");
    for dx in 0..9 {
        let m = buf[(x + dx, y)].modifier;
        assert!(
            m.contains(Modifier::REVERSED | Modifier::BOLD),
            "{dx}: {m:?}"
        );
    }
    let (x, y) = find(buf, "Taal gesprek");
    assert!(!buf[(x, y)].modifier.contains(Modifier::REVERSED));

    // typed text: plain; a placeholder: in parentheses, dim and italic
    let (x, y) = find(buf, "nl en tr");
    assert_eq!(buf[(x, y)].modifier, Modifier::empty());
    let (x, y) = find(buf, "(nl, en, tr, ar, ...)");
    for dx in 0..5 {
        let m = buf[(x + dx, y)].modifier;
        assert!(m.contains(Modifier::DIM | Modifier::ITALIC), "{dx}: {m:?}");
    }
    insta::assert_snapshot!(backend);
}

#[test]
fn without_colour_every_screen_draws_no_colour() {
    let mut app = app_in(Theme::NoColour);
    key(&mut app, KeyCode::Char('1'));
    let mut screens = vec![("main", render(&app, 80, 24))];
    key(&mut app, KeyCode::Char('?'));
    screens.push(("help", render(&app, 80, 24)));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('/'));
    screens.push(("kb", render(&app, 80, 24)));
    type_text(&mut app, "huur");
    screens.push(("kb results", render(&app, 80, 24)));
    key(&mut app, KeyCode::Enter);
    screens.push(("article", render(&app, 80, 24)));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('o'));
    screens.push(("overview", render(&app, 80, 24)));
    for (name, backend) in &screens {
        assert_eq!(colours(backend.buffer()), vec![], "{name}");
    }
    // the search's placeholder is in parentheses and dim, so never taken for a query
    let mut app = app_in(Theme::NoColour);
    key(&mut app, KeyCode::Char('/'));
    let backend = render(&app, 80, 24);
    let (x, y) = find(backend.buffer(), "(typ een woord");
    assert!(
        backend.buffer()[(x + 1, y)]
            .modifier
            .contains(Modifier::DIM | Modifier::ITALIC)
    );
}

#[test]
fn high_contrast_uses_no_grey_and_marks_the_focus_too() {
    let mut app = app_in(Theme::HighContrast);
    key(&mut app, KeyCode::Char('n'));
    let backend = render(&app, 80, 24);
    let greys: Vec<_> = colours(backend.buffer())
        .into_iter()
        .filter(|(_, _, fg, bg)| {
            [fg, bg]
                .iter()
                .any(|c| matches!(c, Color::DarkGray | Color::Gray))
        })
        .collect();
    assert_eq!(greys, vec![]);
    let screen = lines(&app, 80, 24).join("\n");
    assert!(screen.contains("▶ Onderwerpen"), "{screen}");
}
