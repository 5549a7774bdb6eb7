//! Update tests of the overview: the period shown, stepping, exporting, the 12 weeks.

use crate::tui::test_util::prelude::*;

#[test]
fn the_overview_opens_on_this_week_and_steps_by_period() {
    use crate::report::{Period, PeriodKind};
    let mut s = state();
    let effects = update(&mut s, Action::OpenOverview);
    assert!(matches!(s.screen, Screen::Overview(_)));
    let week = Period::containing(PeriodKind::Week, now().date());
    assert_eq!(week.label(), "2026-W48");
    assert_eq!(
        effects,
        vec![Effect::LoadOverview {
            period: week,
            desk: Some("Buurtwerkkamer MultiBron".into())
        }]
    );
    update(&mut s, Action::Right);
    assert_eq!(overview(&s).period.label(), "2026-W49");
    update(&mut s, Action::PeriodKind(PeriodKind::Tertiaal));
    assert_eq!(
        overview(&s).period.label(),
        "2026-T3",
        "the tertiaal holding the shown week"
    );
    update(&mut s, Action::PeriodKind(PeriodKind::Year));
    update(&mut s, Action::Left);
    assert_eq!(overview(&s).period.label(), "2025");
    let effects = update(&mut s, Action::ToggleDesks);
    assert!(matches!(
        &effects[..],
        [Effect::LoadOverview { desk: None, .. }]
    ));
    let effects = update(&mut s, Action::Export);
    assert!(matches!(
        &effects[..],
        [Effect::ExportPeriod { desk: None, .. }]
    ));
    let effects = update(&mut s, Action::ExportDocument);
    let year = Period::parse("2025").unwrap();
    assert_eq!(
        effects,
        vec![Effect::DocumentPeriod {
            period: year,
            desk: None
        }]
    );
    update(&mut s, Action::Back);
    assert_eq!(s.screen, Screen::Main);
}

#[test]
fn the_overview_counts_and_exports_the_shown_period() {
    let mut app = test_util::app();
    for k in ['1', '1', '3'] {
        key(&mut app, KeyCode::Char(k));
    }
    key(&mut app, KeyCode::Char('o'));
    let data = overview(&app.state).data.clone().unwrap();
    assert_eq!(data.total.contacts, 3);
    let formulieren = data
        .topics
        .iter()
        .find(|t| t.code == "formulieren")
        .unwrap();
    assert_eq!(formulieren.contacts, 2);
    assert_eq!(data.weeks.len(), 12);
    assert_eq!(data.weeks.last().unwrap().contacts, 3);
    let dir = tempfile::tempdir().unwrap();
    app.set_export_dir(dir.path().to_path_buf());
    key(&mut app, KeyCode::Char('x'));
    let file = dir.path().join("balie-2026-W48.xlsx");
    assert!(file.exists(), "{:?}", app.state.message);
    assert!(
        app.state
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("balie-2026-W48.xlsx")
    );
    // `r`: the same period's report document, beside it
    key(&mut app, KeyCode::Char('r'));
    let doc = dir.path().join("balie-rapport-2026-W48.html");
    let page =
        std::fs::read_to_string(&doc).unwrap_or_else(|e| panic!("{e}: {:?}", app.state.message));
    assert!(
        page.contains("id=\"topics\"") && page.contains("Formulieren"),
        "{page}"
    );
    assert!(
        app.state
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("balie-rapport-2026-W48.html")
    );
}

#[test]
fn the_year_overview_shows_the_12_weeks_up_to_this_week_not_the_future() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('o'));
    key(&mut app, KeyCode::Char('j'));
    let data = overview(&app.state).data.clone().unwrap();
    assert_eq!(data.weeks.last().unwrap().week, "2026-W48");
    assert_eq!(data.weeks.last().unwrap().contacts, 1);
}
