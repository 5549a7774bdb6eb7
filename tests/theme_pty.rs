//! `NO_COLOR` in a real terminal: balie writes no colour escape at all, on any screen, while
//! the focused field and placeholders stay visible by their marker and parentheses.

mod support;

use support::Tui;
use tempfile::TempDir;

/// Every SGR parameter that sets a colour (foreground, background, bright, 256 or RGB) in
/// `raw`, with the sequence it was in. The defaults (39, 49, 59) choose no colour and are
/// not counted.
fn colour_sequences(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    let mut found = Vec::new();
    let mut rest = text.as_ref();
    while let Some(i) = rest.find("\x1b[") {
        rest = &rest[i + 2..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'))
            .unwrap_or(rest.len());
        let (params, after) = rest.split_at(end);
        if after.starts_with('m') {
            let colour = params.split([';', ':']).any(|p| {
                matches!(
                    p.parse::<u32>(),
                    Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)
                )
            });
            if colour {
                found.push(format!("ESC[{params}m"));
            }
        }
        rest = after;
    }
    found
}

/// The main screen, a tally, the form, the knowledge base with an article, the overview
/// and the help, with `env` set.
fn every_screen(env: &[(&str, &str)]) -> Tui {
    let home = TempDir::new().unwrap();
    let mut tui = Tui::start(
        home.path(),
        &["--desk", "WSWonen Noord", "--volunteer", "cd"],
        env,
    );
    tui.wait_for("WSWonen Noord · CD");
    tui.send_then("2", "Geturfd: Huurprijs en servicekosten");
    tui.send_then("n", "Nieuw contact");
    // the focus is marked and the empty fields' hints are in parentheses
    tui.wait_for("▶ Onderwerpen");
    tui.wait_for("(een paar woorden, geen namen of adressen)");
    tui.send_then("\t", "▶ Tijd");
    tui.send_then("\x1b", "Vandaag per onderwerp");
    tui.send_then("/", "(typ een woord");
    tui.send_then("huurverhoging", "huurverhoging");
    tui.send_then("\r", "terug naar zoeken");
    tui.send_then("\x1b", "› huurverhoging");
    tui.send_then("\x1b", "Vandaag per onderwerp");
    tui.send_then("o", "r rapport (html)");
    tui.send_then("\x1b", "Vandaag per onderwerp");
    tui.send_then("?", "Toetsen");
    tui.send_then("\x1b", "Vandaag per onderwerp");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    tui
}

#[test]
fn with_no_color_no_screen_writes_a_colour_escape() {
    let tui = every_screen(&[("NO_COLOR", "1")]);
    assert_eq!(colour_sequences(&tui.raw()), Vec::<String>::new());
    // the focus is still drawn in reverse video
    let raw = String::from_utf8_lossy(&tui.raw()).to_string();
    assert!(raw.contains("\x1b[7m"), "reverse video for the focus");
}

#[test]
fn without_no_color_the_screens_are_in_colour_and_an_empty_no_color_changes_nothing() {
    // the check above finds colours when there are some
    let tui = every_screen(&[]);
    assert!(!colour_sequences(&tui.raw()).is_empty());
    let tui = every_screen(&[("NO_COLOR", "")]);
    assert!(!colour_sequences(&tui.raw()).is_empty());
}

#[test]
fn the_colour_check_reads_sgr_parameters() {
    assert_eq!(
        colour_sequences(b"\x1b[1m\x1b[39m\x1b[49m\x1b[59m\x1b[0m\x1b[7mx\x1b[2;3m"),
        Vec::<String>::new()
    );
    assert_eq!(
        colour_sequences(b"a\x1b[38;5;3mb\x1b[41mc\x1b[1;92m\x1b[2J"),
        vec!["ESC[38;5;3m", "ESC[41m", "ESC[1;92m"]
    );
}
