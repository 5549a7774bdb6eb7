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
const DOWN: &str = "\x1b[B";

/// The screen has no box-drawing, block or sparkline character, and the cursor is on the
/// first line, the announcement.
fn plain(tui: &Tui) -> String {
    // the frame settled: the cursor back on the first line and the screen unchanged for a
    // moment (a loaded machine writes a frame in more than one go)
    let start = std::time::Instant::now();
    let mut screen = tui.screen();
    while start.elapsed() < std::time::Duration::from_secs(3) {
        std::thread::sleep(std::time::Duration::from_millis(60));
        let now = tui.screen();
        if now == screen && tui.cursor().0 == 0 {
            break;
        }
        screen = now;
    }
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

/// A screen-reader user's first start: the set-up says on its first line which field has the
/// focus and which known desk is highlighted, Enter takes that desk; then the channel list
/// (c) is read the same way, and the tallies land in the database with the desk and channel
/// that were said.
#[test]
fn a_first_start_in_plain_mode_is_set_up_and_the_tally_channel_picked_by_ear() {
    let home = TempDir::new().unwrap();
    let mut tui = Tui::start(home.path(), &["--plain"], &[]);
    tui.wait_for("Welkom bij balie. Hier, Balie: leeg");
    let screen = plain(&tui);
    // nothing set up yet: the status says no blanks for desk and volunteer
    assert!(screen.contains("balie, 25-11-2026 10:42"), "{screen}");
    tui.send_then(
        "multi",
        "Welkom bij balie. Hier, Balie: multi. Gekozen: Buurtwerkkamer MultiBron",
    );
    tui.send_then(TAB, "Welkom bij balie. Hier, Jouw initialen: leeg");
    tui.send_then("ef", "Hier, Jouw initialen: ef");
    tui.send_then(ENTER, "Toets 1: Formulieren en post, vandaag 0");
    let screen = plain(&tui);
    assert!(screen.contains("Buurtwerkkamer MultiBron, EF"), "{screen}");
    // every key of the main screen is said, not only the footer's
    assert!(screen.contains("c kanaal turven"), "{screen}");

    tui.send_then(
        "c",
        "Kanaal voor het turven. Gekozen: 1 Inloop, nu in gebruik",
    );
    plain(&tui);
    tui.send_then(DOWN, "Kanaal voor het turven. Gekozen: 2 Telefoon");
    tui.send_then(ENTER, "Turven telt als kanaal: Telefoon.");
    tui.send_then("6", "Geturfd: Taal om 10:42 (Telefoon)");
    assert!(
        first_line(&tui).starts_with("Geturfd: Taal"),
        "{}",
        tui.screen()
    );
    plain(&tui);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let rows = list_csv(home.path());
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(&rows[0][2], "Buurtwerkkamer MultiBron");
    assert_eq!(&rows[0][3], "EF");
    assert_eq!(&rows[0][6], "taal");
    // the channel stored is the one the list said was highlighted
    assert_eq!(&rows[0][4], "telefoon");
}
