//! Plain mode (`--plain`) in a real terminal, as a screen-reader user works: a tally, a full
//! form, the knowledge base and the overview, each screen one column of lines with no
//! drawing characters, each change said in one sentence on the first line (where the
//! cursor is), and the database holding what was logged.

mod support;

use support::{Tui, list_csv};

use tempfile::TempDir;

const TAB: &str = "\t";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";

/// The screen has no box-drawing, block or sparkline character, and the cursor is on the
/// first line, the announcement.
fn plain(tui: &Tui) -> String {
    let screen = tui.screen();
    let drawn: Vec<char> = screen
        .chars()
        .filter(|c| ('\u{2500}'..='\u{259F}').contains(c))
        .collect();
    assert!(
        drawn.is_empty(),
        "drawing characters {drawn:?} in:\n{screen}"
    );
    assert_eq!(
        tui.cursor().0,
        0,
        "the cursor is on the announcement:\n{screen}"
    );
    screen
}

fn first_line(tui: &Tui) -> String {
    tui.screen().lines().next().unwrap_or("").to_string()
}

#[test]
fn plain_mode_logs_a_tally_and_a_form_looks_up_an_article_and_shows_the_overview() {
    let home = TempDir::new().unwrap();
    let mut tui = Tui::start(
        home.path(),
        &["--plain", "--desk", "WSWonen Noord", "--volunteer", "cd"],
        &[],
    );
    tui.wait_for("Toets 1: Formulieren en post, vandaag 0");
    let screen = plain(&tui);
    assert!(screen.contains("WSWonen Noord, CD"), "{screen}");
    assert!(screen.contains("Toetsen: "), "the keys said: {screen}");

    // a tally: said in one sentence on the first line
    tui.send_then("2", "Toets 2: Huurprijs en servicekosten, vandaag 1");
    assert_eq!(
        first_line(&tui).trim(),
        "Geturfd: Huurprijs en servicekosten om 10:42 (Inloop)"
    );
    plain(&tui);

    // the form, field by field, the focused one said as "Hier"
    tui.send_then("n", "Hier, Onderwerpen: (typ om te zoeken");
    tui.send_then("schimm", "Onderhoud en gebreken (onderhoud)");
    plain(&tui);
    tui.send_then(TAB, "Hier, Tijd:");
    for _ in 0..5 {
        tui.send(TAB);
    }
    tui.wait_for("Hier, Notitie:");
    tui.send_then("lekkage badkamer", "Hier, Notitie: lekkage badkamer");
    let screen = plain(&tui);
    assert!(screen.contains("Onderwerpen: [Onderhoud en"), "{screen}");
    tui.send(ENTER);
    tui.wait_for("Opgeslagen");
    assert!(first_line(&tui).contains("Opgeslagen"), "{}", tui.screen());
    assert!(first_line(&tui).contains("Onderhoud en gebreken"));
    tui.wait_for("Vandaag: 2 contacten");
    plain(&tui);

    // the knowledge base: a search, then an article
    tui.send_then("/", "Kennisbank, zoeken naar: leeg");
    tui.send_then("huurverhoging", "Kennisbank, zoeken naar: huurverhoging");
    tui.wait_for("resultaten");
    let screen = plain(&tui);
    assert!(screen.contains("Gekozen: 1. "), "{screen}");
    tui.send_then(ENTER, "terug naar zoeken");
    let screen = plain(&tui);
    assert!(
        !screen.contains("Gekozen: 1. "),
        "the article, not the list: {screen}"
    );
    tui.send_then(ESC, "Kennisbank, zoeken naar: huurverhoging");
    tui.send_then(ESC, "Vandaag: 2 contacten");

    // the overview: counts as lines, no bars
    tui.send_then("o", "Overzicht ");
    tui.wait_for("Per onderwerp:");
    let screen = plain(&tui);
    assert!(screen.contains("Huurprijs en servicekosten: 1"), "{screen}");
    assert!(screen.contains("Onderhoud en gebreken: 1"), "{screen}");
    assert!(screen.contains("Laatste 12 weken:"), "{screen}");
    tui.send_then(ESC, "Vandaag: 2 contacten");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let rows = list_csv(home.path());
    assert_eq!(rows.len(), 2, "{rows:?}");
    let all = rows
        .iter()
        .map(|r| r.iter().collect::<Vec<_>>().join(","))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(all.contains("huur"), "{all}");
    assert!(
        all.contains("onderhoud") && all.contains("lekkage badkamer"),
        "{all}"
    );
}

#[test]
fn plain_true_in_the_config_is_plain_mode_too() {
    let home = TempDir::new().unwrap();
    let config = home.path().join("desk.toml");
    std::fs::write(&config, "plain = true\n").unwrap();
    let config = config.display().to_string();
    let mut tui = Tui::start(
        home.path(),
        &["--desk", "WSWonen Noord", "--volunteer", "cd"],
        &[("BALIE_CONFIG", &config)],
    );
    tui.wait_for("Toets 1: Formulieren en post, vandaag 0");
    plain(&tui);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
