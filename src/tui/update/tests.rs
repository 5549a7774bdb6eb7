//! Update tests: given a state and an action, the new state and the effects asked for. The
//! second half runs the same through [`App`] on an in-memory store.

use super::*;
use crate::config::Config;
use crate::tui::action::{Action, Effect};
use crate::tui::input::EditOp;
use crate::tui::screens::form::Field;
use crate::tui::test_util::{self, ctrl, key, now, stored, type_text};
use crossterm::event::KeyCode;

pub(super) fn state() -> State {
    let mut s = State::new(
        Config::shipped(),
        Some("Buurtwerkkamer MultiBron".into()),
        Some("AB".into()),
        now(),
    );
    s.today.date = Some(now().date());
    s
}

/// Put the focus on `field` as Tab would (which also forgets what was typed in a choice).
fn focus(s: &mut State, field: Field) {
    let form = s.form.as_mut().unwrap();
    form.focus = field;
    form.choice_query.clear();
}

/// The overview screen's state, when it is the screen shown.
fn overview(s: &State) -> &crate::tui::screens::overview::OverviewScreen {
    match &s.screen {
        Screen::Overview(o) => o,
        other => panic!("not the overview: {other:?}"),
    }
}

/// The follow-up screen's state, when it is the screen shown.
fn follow_ups(s: &State) -> &crate::tui::screens::follow_ups::FollowUpsScreen {
    match &s.screen {
        Screen::FollowUps(f) => f,
        other => panic!("not the follow-ups: {other:?}"),
    }
}

fn insert_of(effects: &[Effect]) -> &Contact {
    match effects {
        [Effect::Apply(Op::Insert(c))] => c,
        other => panic!("expected one insert, got {other:?}"),
    }
}

#[test]
fn a_tally_key_logs_a_bare_contact_with_the_slot_topic_and_last_channel() {
    let mut s = state();
    s.tally_channel = "telefoon".into();
    let effects = update(&mut s, Action::Tally(2));
    let c = insert_of(&effects);
    assert_eq!(c.topics, vec![s.config.tally[1].clone()]);
    assert_eq!(c.channel, "telefoon");
    assert_eq!(c.desk, "Buurtwerkkamer MultiBron");
    assert_eq!(c.volunteer, "AB");
    assert_eq!(c.at, now());
    assert_eq!(c.kind, crate::domain::Kind::Kort);
    assert!(
        c.id.is_unassigned(),
        "update reads no clock: the runner gives the id"
    );
}

#[test]
fn a_tally_slot_without_topic_says_so_and_logs_nothing() {
    let mut config = Config::shipped();
    config.tally.truncate(3);
    let mut s = State::new(config, Some("D".into()), Some("AB".into()), now());
    assert!(update(&mut s, Action::Tally(7)).is_empty());
    assert!(s.message.unwrap().text.contains('7'));
}

#[test]
fn the_form_saves_with_only_a_topic_typed_as_a_synonym() {
    let mut s = state();
    update(&mut s, Action::NewContact);
    assert_eq!(s.screen, Screen::Form);
    for c in "schimm".chars() {
        update(&mut s, Action::Input(c));
    }
    // Enter on the search picks the highlighted topic; Enter again saves
    assert_eq!(update(&mut s, Action::Save), vec![]);
    let form = s.form.as_ref().unwrap();
    assert_eq!(
        (form.topics.clone(), form.topic_query.text.as_str()),
        (vec!["onderhoud".to_string()], "")
    );
    let effects = update(&mut s, Action::Save);
    let c = insert_of(&effects);
    assert_eq!(c.topics, vec!["onderhoud"]);
    assert_eq!(c.channel, "inloop");
    assert_eq!(c.landlord, "onbekend");
    assert!(
        s.form.as_ref().unwrap().saving,
        "stays open until the store confirms"
    );
}

#[test]
fn saving_without_a_topic_points_at_the_topic_field() {
    let mut s = state();
    update(&mut s, Action::NewContact);
    update(&mut s, Action::NextField);
    assert!(update(&mut s, Action::Save).is_empty());
    let form = s.form.as_ref().unwrap();
    assert_eq!(form.focus, Field::Topics);
    assert!(form.error.as_ref().unwrap().1.contains("onderwerp"));
}

#[test]
fn an_unreadable_time_points_at_the_time_field_in_dutch() {
    let mut s = state();
    update(&mut s, Action::NewContact);
    update(&mut s, Action::Input('h'));
    update(&mut s, Action::Input('u'));
    update(&mut s, Action::NextField); // picks "huur"
    for c in "morgen 9:00".chars() {
        update(&mut s, Action::Input(c));
    }
    assert!(update(&mut s, Action::Save).is_empty());
    let form = s.form.as_ref().unwrap();
    assert_eq!(form.topics, vec!["huur"]);
    let (field, why) = form.error.clone().unwrap();
    assert_eq!(field, Field::At);
    assert!(why.contains("geen tijdstip"), "{why}");
}

#[test]
fn ctrl_s_saves_at_once_taking_the_highlighted_topic_as_enter_did_before() {
    let mut s = state();
    update(&mut s, Action::NewContact);
    for c in "van groot naar".chars() {
        update(&mut s, Action::Input(c));
    }
    assert_eq!(
        s.form.as_ref().unwrap().topic_query.text,
        "van groot naar",
        "spaces are typed"
    );
    let effects = update(&mut s, Action::SaveNow);
    assert_eq!(insert_of(&effects).topics, vec!["woningzoeken"]);
    // nothing matches: said, nothing saved
    let mut s = state();
    update(&mut s, Action::NewContact);
    for c in "zzqx".chars() {
        update(&mut s, Action::Input(c));
    }
    assert_eq!(update(&mut s, Action::SaveNow), vec![]);
    assert_eq!(update(&mut s, Action::Save), vec![]);
    assert_eq!(
        s.form.as_ref().unwrap().error.as_ref().unwrap().0,
        Field::Topics
    );
}

#[test]
fn several_topics_are_picked_with_enter_and_removed_with_backspace() {
    let mut s = state();
    update(&mut s, Action::NewContact);
    for c in "split".chars() {
        update(&mut s, Action::Input(c));
    }
    update(&mut s, Action::Save);
    for c in "huur".chars() {
        update(&mut s, Action::Input(c));
    }
    update(&mut s, Action::Down); // second match: not plain "huur"
    update(&mut s, Action::Save);
    let topics = s.form.as_ref().unwrap().topics.clone();
    assert_eq!(topics[0], "splitsing");
    assert_eq!(topics.len(), 2);
    assert_ne!(topics[1], "huur");
    update(&mut s, Action::Edit(EditOp::Backspace));
    assert_eq!(s.form.as_ref().unwrap().topics, vec!["splitsing"]);
}

#[test]
fn choice_fields_cycle_and_filter_by_typing() {
    let mut s = state();
    update(&mut s, Action::NewContact);
    focus(&mut s, Field::Channel);
    update(&mut s, Action::Edit(EditOp::Right));
    assert_eq!(s.form.as_ref().unwrap().channel, "telefoon");
    update(&mut s, Action::Edit(EditOp::Left));
    update(&mut s, Action::Edit(EditOp::Left));
    assert_eq!(s.form.as_ref().unwrap().channel, "groep", "wraps around");
    focus(&mut s, Field::Landlord);
    for c in "eigen".chars() {
        update(&mut s, Action::Input(c));
    }
    assert_eq!(s.form.as_ref().unwrap().landlord, "eigen-haard");
    focus(&mut s, Field::ReferredTo);
    for c in "madi".chars() {
        update(&mut s, Action::Input(c));
    }
    assert_eq!(
        s.form.as_ref().unwrap().referred_to.as_deref(),
        Some("madi")
    );
    focus(&mut s, Field::Kind);
    update(&mut s, Action::Input('h'));
    assert_eq!(
        s.form.as_ref().unwrap().kind,
        crate::domain::Kind::Hulpvraag
    );
}

#[test]
fn minutes_take_digits_only() {
    let mut s = state();
    update(&mut s, Action::NewContact);
    focus(&mut s, Field::Minutes);
    update(&mut s, Action::Input('1'));
    update(&mut s, Action::Input('x'));
    update(&mut s, Action::Input('5'));
    let form = s.form.as_ref().unwrap();
    assert_eq!(form.minutes.text, "15");
}

#[test]
fn esc_asks_before_throwing_away_typed_input() {
    let mut s = state();
    update(&mut s, Action::NewContact);
    update(&mut s, Action::Back);
    assert_eq!(s.screen, Screen::Main, "an untouched form just closes");
    update(&mut s, Action::NewContact);
    update(&mut s, Action::Input('h'));
    assert!(update(&mut s, Action::Back).is_empty());
    assert!(matches!(s.overlay, Some(Overlay::Confirm(_))));
    update(&mut s, Action::No);
    assert_eq!(s.screen, Screen::Form);
    assert_eq!(s.form.as_ref().unwrap().topic_query.text, "h");
    update(&mut s, Action::Back);
    assert_eq!(update(&mut s, Action::Yes), vec![Effect::ClearDraft]);
    assert_eq!(s.screen, Screen::Main);
    assert!(s.form.is_none());
}

#[test]
fn the_draft_is_written_on_the_next_tick_after_a_change_and_on_quit() {
    let mut s = state();
    update(&mut s, Action::NewContact);
    update(&mut s, Action::Input('t'));
    let effects = update(&mut s, Action::Tick(now()));
    assert!(matches!(effects.first(), Some(Effect::SaveDraft(json)) if json.contains("\"t\"")));
    let effects = update(&mut s, Action::Tick(now()));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::SaveDraft(_))),
        "once per change"
    );
    update(&mut s, Action::Input('a'));
    let effects = update(&mut s, Action::ForceQuit);
    assert!(s.quit);
    assert!(matches!(effects.as_slice(), [Effect::SaveDraft(json)] if json.contains("\"ta\"")));
}

#[test]
fn a_draft_round_trips_through_json() {
    let mut s = state();
    update(&mut s, Action::NewContact);
    for c in "split".chars() {
        update(&mut s, Action::Input(c));
    }
    update(&mut s, Action::Save);
    focus(&mut s, Field::Note);
    for c in "brief van de eigenaar".chars() {
        update(&mut s, Action::Input(c));
    }
    let json = serde_json::to_string(s.form.as_ref().unwrap()).unwrap();
    let mut fresh = state();
    assert!(restore_draft(&mut fresh, &json));
    assert_eq!(fresh.screen, Screen::Form);
    let form = fresh.form.as_ref().unwrap();
    assert_eq!(form.topics, vec!["splitsing"]);
    assert_eq!(form.note.text, "brief van de eigenaar");
    assert_eq!(form.note.cursor, 21);
    assert!(!restore_draft(&mut fresh, "{not json"));
}

#[test]
fn a_stored_op_can_be_undone_and_redone_with_a_description() {
    let mut s = state();
    let effects = update(&mut s, Action::Tally(2));
    let Effect::Apply(op) = effects[0].clone() else {
        panic!()
    };
    update(&mut s, Action::Done(Box::new(Done::Stored(op.clone()))));
    assert!(
        s.message
            .as_ref()
            .unwrap()
            .text
            .starts_with("✓ Geturfd: Huurprijs")
    );
    assert_eq!(
        s.op_description(&op),
        "het nieuwe contact Huurprijs en servicekosten (10:42)"
    );
    assert_eq!(update(&mut s, Action::Undo), vec![Effect::Undo(op.clone())]);
    update(&mut s, Action::Done(Box::new(Done::Undone(op.clone()))));
    assert!(s.undo.is_empty());
    assert_eq!(s.redo, vec![op.clone()]);
    assert_eq!(update(&mut s, Action::Redo), vec![Effect::Redo(op.clone())]);
    update(&mut s, Action::Done(Box::new(Done::Redone(op.clone()))));
    assert_eq!(s.undo, vec![op]);
    assert!(s.redo.is_empty());
}

#[test]
fn enter_on_a_contact_with_a_dropped_channel_marks_the_channel_field_in_dutch() {
    // A contact logged under a channel the config has since dropped, opened for editing on
    // the Dutch screen: Enter does not save, the focus and the mark go to the channel field,
    // and the screen says so in Dutch.
    let mut app = test_util::app();
    let mut c = Contact::bare(
        now(),
        "Buurtwerkkamer MultiBron",
        "AB",
        vec!["huur".into()],
        now(),
    );
    c.channel = "fax".into();
    app.handle(Action::Opened(Box::new(c), Vec::new()));
    assert_eq!(app.state.screen, Screen::Form);
    key(&mut app, KeyCode::Enter);
    let form = app.state.form.as_ref().unwrap();
    assert!(!form.saving, "nothing was sent to the store");
    assert_eq!(form.focus, Field::Channel);
    let (field, why) = form.error.clone().unwrap();
    assert_eq!(field, Field::Channel);
    assert!(why.starts_with("Onbekend kanaal `fax`"), "{why}");
    let screen = test_util::lines(&app, 80, 24).join("\n");
    assert!(screen.contains("Onbekend kanaal `fax`"), "{screen}");
    assert!(!screen.contains("unknown channel"), "{screen}");
}

#[test]
fn a_failed_save_keeps_the_form_and_says_why() {
    let mut s = state();
    update(&mut s, Action::NewContact);
    update(&mut s, Action::Input('h'));
    update(&mut s, Action::Save);
    update(&mut s, Action::Failed("de schijf is vol".into()));
    let form = s.form.as_ref().unwrap();
    assert!(!form.saving);
    assert_eq!(form.topics, vec!["huur"]);
    assert_eq!(s.screen, Screen::Form);
    assert!(
        s.message
            .as_ref()
            .unwrap()
            .text
            .contains("de schijf is vol")
    );
}

#[test]
fn first_run_asks_for_desk_and_initials_once() {
    let mut s = State::new(Config::shipped(), None, None, now());
    assert!(matches!(s.screen, Screen::Setup(_)));
    assert!(update(&mut s, Action::Save).is_empty(), "nothing typed yet");
    for c in "handr".chars() {
        update(&mut s, Action::Input(c));
    }
    update(&mut s, Action::Down);
    update(&mut s, Action::NextField);
    for c in "m.k.".chars() {
        update(&mut s, Action::Input(c));
    }
    let effects = update(&mut s, Action::Save);
    assert_eq!(s.screen, Screen::Main);
    assert_eq!(s.desk, "Buurtwerkkamer De Handreiking");
    assert_eq!(s.volunteer, "MK");
    assert!(effects.contains(&Effect::SaveSetting(
        crate::store::Setting::Desk.key(),
        "Buurtwerkkamer De Handreiking".into()
    )));
    assert!(effects.contains(&Effect::SaveSetting(
        crate::store::Setting::Volunteer.key(),
        "MK".into()
    )));
}

#[test]
fn setup_refuses_a_name_instead_of_initials() {
    let mut s = State::new(Config::shipped(), Some("Balie Noord".into()), None, now());
    let Screen::Setup(setup) = &mut s.screen else {
        panic!()
    };
    setup.focus = 1;
    for c in "Jan de Vries".chars() {
        update(&mut s, Action::Input(c));
    }
    assert!(update(&mut s, Action::Save).is_empty());
    let Screen::Setup(setup) = &s.screen else {
        panic!()
    };
    assert!(setup.error.as_ref().unwrap().contains("initialen"));
}

#[test]
fn delete_asks_first() {
    let mut s = state();
    let c = Contact::bare(now(), "D", "AB", vec!["huur".into()], now());
    s.today.contacts = vec![c.clone()];
    assert!(update(&mut s, Action::DeleteSelected).is_empty());
    assert!(matches!(s.overlay, Some(Overlay::Confirm(_))));
    assert_eq!(
        update(&mut s, Action::Yes),
        vec![Effect::Apply(Op::Delete(c))]
    );
}

#[test]
fn a_new_day_reloads_and_other_ticks_check_for_changes() {
    let mut s = state();
    assert_eq!(
        update(&mut s, Action::Tick(now())),
        vec![Effect::CheckForChanges]
    );
    let tomorrow = now() + chrono::Duration::days(1);
    assert_eq!(update(&mut s, Action::Tick(tomorrow)), vec![Effect::Reload]);
}

// ---- through the App, on an in-memory store ----

#[test]
fn tally_undo_redo_reach_the_store() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(stored(&app), 2);
    let ids: Vec<_> = app
        .state
        .today
        .contacts
        .iter()
        .map(|c| c.id.clone())
        .collect();
    assert!(
        ids.iter().all(|id| id.0.len() == 26) && ids[0] != ids[1],
        "{ids:?}"
    );
    assert_eq!(app.state.today.total, 2);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(stored(&app), 1);
    assert_eq!(app.state.today.total, 1);
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(stored(&app), 2);
    key(&mut app, KeyCode::Char('u'));
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(stored(&app), 0);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(
        app.state.message.as_ref().unwrap().text,
        "Er is niets om ongedaan te maken."
    );
}

#[test]
fn a_full_contact_typed_in_the_form_is_stored_as_typed() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "split");
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "huurverh");
    key(&mut app, KeyCode::Tab); // picks huur, to time
    type_text(&mut app, "9:15");
    key(&mut app, KeyCode::Tab); // channel
    key(&mut app, KeyCode::Right); // telefoon
    key(&mut app, KeyCode::Tab); // kind
    key(&mut app, KeyCode::Right); // hulpvraag
    key(&mut app, KeyCode::Tab); // landlord
    type_text(&mut app, "roch");
    key(&mut app, KeyCode::Tab); // minutes
    type_text(&mut app, "20");
    key(&mut app, KeyCode::Tab); // note
    type_text(&mut app, "brief nieuwe eigenaar");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.state.screen, Screen::Main);
    let c = &app.store.list(&crate::store::Filter::default()).unwrap()[0];
    assert_eq!(c.topics, vec!["splitsing", "huur"]);
    assert_eq!(c.at.format("%H:%M").to_string(), "09:15");
    assert_eq!(c.channel, "telefoon");
    assert_eq!(c.kind, crate::domain::Kind::Hulpvraag);
    assert_eq!(c.landlord, "rochdale");
    assert_eq!(c.minutes, Some(20));
    assert_eq!(c.note, "brief nieuwe eigenaar");
    assert_eq!(
        app.state.tally_channel, "inloop",
        "a form's channel is its contact's only; tallies keep theirs"
    );
    assert_eq!(
        app.store
            .setting(crate::store::Setting::Draft.key())
            .unwrap(),
        None,
        "draft cleared"
    );
}

#[test]
fn editing_a_contact_updates_it_and_undo_restores_it() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('3'));
    let before = app.store.list(&crate::store::Filter::default()).unwrap()[0].clone();
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.state.screen, Screen::Form);
    for _ in 0..6 {
        key(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "lekkage keuken");
    key(&mut app, KeyCode::Enter);
    let after = app.store.get(&before.id).unwrap().unwrap();
    assert_eq!(after.note, "lekkage keuken");
    assert_eq!(after.topics, before.topics);
    assert_eq!(stored(&app), 1);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(app.store.get(&before.id).unwrap().unwrap().note, "");
}

#[test]
fn deleting_asks_then_deletes_and_undo_brings_it_back() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('5'));
    key(&mut app, KeyCode::Char('d'));
    assert_eq!(stored(&app), 1, "not before the answer");
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(stored(&app), 0);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(stored(&app), 1);
}

#[test]
fn a_draft_left_in_the_store_comes_back_on_the_next_start() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "taal");
    ctrl(&mut app, 'c');
    assert!(app.state.quit);
    let store = app.store;
    let again = crate::tui::App::new(
        Config::shipped(),
        store,
        Some("X".into()),
        Some("AB".into()),
        now(),
    )
    .unwrap();
    assert_eq!(again.state.screen, Screen::Form);
    assert_eq!(again.state.form.as_ref().unwrap().topic_query.text, "taal");
}

#[test]
fn contacts_logged_by_another_process_show_up_on_the_next_tick() {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::store::Store::open_dir(dir.path()).unwrap();
    let mut app = crate::tui::App::new(
        Config::shipped(),
        store,
        Some("Buurtwerkkamer MultiBron".into()),
        Some("AB".into()),
        now(),
    )
    .unwrap();
    assert_eq!(app.state.today.total, 0);
    let mut other = crate::store::Store::open_dir(dir.path()).unwrap();
    let mut c = Contact::bare(
        now(),
        "Buurtwerkkamer MultiBron",
        "CD",
        vec!["taal".into()],
        now(),
    );
    c.validate(&Config::shipped()).unwrap();
    other.insert(&c).unwrap();
    app.handle(Action::Tick(now()));
    assert_eq!(app.state.today.total, 1);
}

#[test]
fn contacts_of_other_desks_and_days_stay_off_the_main_screen() {
    let mut app = test_util::app();
    let config = Config::shipped();
    for (desk, at) in [
        ("WSWonen Noord", now()),
        (
            "Buurtwerkkamer MultiBron",
            now() - chrono::Duration::days(1),
        ),
    ] {
        let mut c = Contact::bare(at, desk, "CD", vec!["taal".into()], at);
        c.validate(&config).unwrap();
        app.store.insert(&c).unwrap();
    }
    app.handle(Action::Tick(now()));
    key(&mut app, KeyCode::Char('6'));
    assert_eq!(app.state.today.total, 1);
    assert_eq!(app.state.today.counts, vec![("taal".to_string(), 1)]);
}

// ---- the overview ----

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
fn logging_is_not_audited_but_changes_are_once_each() {
    let mut app = test_util::app();
    let audited = |app: &crate::tui::App| -> Vec<String> {
        let mut stmt = app
            .store
            .conn()
            .prepare("SELECT action FROM audit ORDER BY seq")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    key(&mut app, KeyCode::Char('1'));
    assert!(audited(&app).is_empty());
    key(&mut app, KeyCode::Char('d'));
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(audited(&app).len(), 1);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(audited(&app).len(), 2);
}

#[test]
fn personal_data_in_the_note_is_warned_about_once() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "huur");
    for _ in 0..6 {
        key(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "bel 06-12345678");
    key(&mut app, KeyCode::Enter);
    assert_eq!(stored(&app), 0, "not saved on the first Enter");
    let form = app.state.form.as_ref().unwrap();
    let (field, why) = form.error.clone().unwrap();
    assert_eq!(field, Field::Note);
    assert!(why.contains("telefoonnummer"), "{why}");
    // editing it away and saving works at once
    for _ in 0.."06-12345678".len() {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "terug");
    key(&mut app, KeyCode::Enter);
    assert_eq!(stored(&app), 1);
    // leaving it in and pressing Enter again saves it too (the volunteer decided)
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "taal");
    for _ in 0..6 {
        key(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "mail a.b@example.nl");
    key(&mut app, KeyCode::Enter);
    assert_eq!(stored(&app), 1);
    key(&mut app, KeyCode::Enter);
    assert_eq!(stored(&app), 2);
}

// ---- the knowledge base ----

fn kb_view(app: &crate::tui::App) -> &crate::tui::screens::kb::KbView {
    match &app.state.overlay {
        Some(Overlay::Kb(v)) => v,
        other => panic!("the knowledge base is not open: {other:?}"),
    }
}

#[test]
fn the_knowledge_base_finds_as_you_type_and_links_to_the_selected_contact() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('5'));
    let contact = app.state.today.contacts[0].id.clone();
    key(&mut app, KeyCode::Char('/'));
    assert!(
        kb_view(&app).hits.len() >= 20,
        "an empty query lists the articles"
    );
    type_text(&mut app, "groot naar beter");
    assert_eq!(kb_view(&app).hits[0].id, "van-groot-naar-beter");
    assert_eq!(
        kb_view(&app)
            .article
            .as_ref()
            .map(|a| a.article.id.as_str()),
        Some("van-groot-naar-beter"),
        "the preview shows the highlighted hit"
    );
    ctrl(&mut app, 'l');
    assert_eq!(
        app.store.linked_article_ids(&contact).unwrap(),
        vec!["van-groot-naar-beter"]
    );
    ctrl(&mut app, 'l');
    assert!(
        app.store.linked_article_ids(&contact).unwrap().is_empty(),
        "the same key unlinks"
    );
    key(&mut app, KeyCode::Esc);
    assert!(app.state.overlay.is_none());
    assert_eq!(app.state.screen, Screen::Main);
}

#[test]
fn the_knowledge_base_opens_from_the_form_without_losing_the_draft() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "huur");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'k');
    type_text(&mut app, "urgntie");
    let first = kb_view(&app).hits[0].id.clone();
    assert!(first.contains("urgentie"), "{first}");
    key(&mut app, KeyCode::Enter);
    assert!(kb_view(&app).reading.is_some(), "Enter opens the article");
    key(&mut app, KeyCode::Char('l'));
    key(&mut app, KeyCode::Esc);
    assert!(
        kb_view(&app).reading.is_none(),
        "Esc goes back to the results"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.state.screen, Screen::Form);
    let form = app.state.form.as_ref().unwrap();
    assert_eq!(form.topics, vec!["huur"]);
    assert_eq!(form.articles, vec![first.clone()]);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.state.screen, Screen::Main);
    let saved = &app.store.list(&crate::store::Filter::default()).unwrap()[0];
    assert_eq!(
        app.store.linked_article_ids(&saved.id).unwrap(),
        vec![first.clone()]
    );
    // editing the contact shows the link, and keeps it when saved again
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.state.form.as_ref().unwrap().articles,
        vec![first.clone()]
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.store.linked_article_ids(&saved.id).unwrap(),
        vec![first]
    );
}

#[test]
fn a_slash_in_the_note_is_a_slash() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('n'));
    for _ in 0..6 {
        key(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "1/2 huur");
    assert!(app.state.overlay.is_none());
    assert_eq!(app.state.form.as_ref().unwrap().note.text, "1/2 huur");
}

#[test]
fn when_the_disk_refuses_writes_nothing_typed_is_lost_and_the_draft_is_retried() {
    let mut app = test_util::app();
    app.store
        .conn()
        .pragma_update(None, "query_only", true)
        .unwrap();
    key(&mut app, KeyCode::Char('1'));
    assert!(
        app.state
            .message
            .as_ref()
            .unwrap()
            .text
            .starts_with("✗ Niet opgeslagen")
    );
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "taal");
    ctrl(&mut app, 's');
    assert_eq!(app.state.screen, Screen::Form, "the form stays open");
    assert!(!app.state.form.as_ref().unwrap().saving);
    key(&mut app, KeyCode::Char('x'));
    app.handle(Action::Tick(now()));
    assert!(app.state.draft_dirty, "the draft will be tried again");
    assert!(
        app.state
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("niet bewaard")
    );
    // room again: the next tick keeps the draft, and saving works
    app.store
        .conn()
        .pragma_update(None, "query_only", false)
        .unwrap();
    app.handle(Action::Tick(now()));
    assert!(!app.state.draft_dirty);
    assert!(
        app.store
            .setting(crate::store::Setting::Draft.key())
            .unwrap()
            .is_some()
    );
    ctrl(&mut app, 's');
    assert_eq!(stored(&app), 1);
    assert_eq!(app.state.screen, Screen::Main);
}

#[test]
fn undoing_a_delete_brings_the_article_links_back() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('5'));
    let id = app.state.today.contacts[0].id.clone();
    app.store.link_article(&id, "urgentie", now()).unwrap();
    key(&mut app, KeyCode::Char('d'));
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(stored(&app), 0);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(app.store.linked_article_ids(&id).unwrap(), vec!["urgentie"]);
}

#[test]
fn a_tally_updates_the_screen_exactly_as_a_reload_would() {
    let mut app = test_util::app();
    for k in ['1', '2', '2', '3', '1', '9'] {
        key(&mut app, KeyCode::Char(k));
    }
    let shown = app.state.today.clone();
    assert_eq!(shown.total, 6);
    app.reload();
    assert_eq!(shown, app.state.today);
}

// ---- referrals, follow-ups and signals ----

#[test]
fn a_referral_with_a_follow_up_shows_in_the_follow_up_list_and_is_marked_done() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "schuld");
    for _ in 0..8 {
        key(&mut app, KeyCode::Tab); // to "verwezen naar"
    }
    assert_eq!(app.state.form.as_ref().unwrap().focus, Field::ReferredTo);
    type_text(&mut app, "madi");
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab); // to "opvolgen op"
    }
    assert_eq!(app.state.form.as_ref().unwrap().focus, Field::FollowUp);
    type_text(&mut app, "vandaag");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.state.screen, Screen::Main);
    assert_eq!(app.state.today.follow_ups_due, 1);
    key(&mut app, KeyCode::Char('f'));
    assert!(matches!(app.state.screen, Screen::FollowUps(_)));
    let f = follow_ups(&app.state);
    assert_eq!(f.items.len(), 1);
    assert_eq!(f.items[0].referred_to.as_deref(), Some("madi"));
    let id = f.items[0].id.clone();
    key(&mut app, KeyCode::Enter);
    assert!(follow_ups(&app.state).items.is_empty());
    assert!(
        app.state
            .message
            .as_ref()
            .unwrap()
            .text
            .starts_with("✓ Afgehandeld")
    );
    assert!(
        app.store
            .get(&id)
            .unwrap()
            .unwrap()
            .follow_up_done
            .is_some()
    );
    let audited: i64 = app
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE contact_ids = ?1",
            [&id.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.state.today.follow_ups_due, 0);
}

#[test]
fn a_signal_is_typed_or_picked_from_earlier_labels() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "renov");
    for _ in 0..13 {
        key(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.state.form.as_ref().unwrap().focus, Field::Signal);
    type_text(&mut app, "Kolenkit renovatie");
    key(&mut app, KeyCode::Enter);
    assert_eq!(stored(&app), 1);
    // the next contact offers it again
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "renov");
    for _ in 0..13 {
        key(&mut app, KeyCode::Tab);
    }
    key(&mut app, KeyCode::Down);
    assert_eq!(
        app.state.form.as_ref().unwrap().signal.text,
        "Kolenkit renovatie"
    );
    key(&mut app, KeyCode::Enter);
    let all = app.store.list(&crate::store::Filter::default()).unwrap();
    assert!(
        all.iter()
            .all(|c| c.signal.as_deref() == Some("Kolenkit renovatie"))
    );
}

// ---- found in review ----

#[test]
fn a_draft_restored_before_set_up_comes_back_after_it() {
    let mut s = State::new(Config::shipped(), None, None, now());
    let mut draft = crate::tui::screens::form::Form::new("inloop");
    draft.note = crate::tui::input::TextInput::new("bijna klaar");
    draft.dirty = true;
    assert!(restore_draft(
        &mut s,
        &serde_json::to_string(&draft).unwrap()
    ));
    assert!(matches!(s.screen, Screen::Setup(_)));
    for c in "multi".chars() {
        update(&mut s, Action::Input(c));
    }
    update(&mut s, Action::Down);
    update(&mut s, Action::NextField);
    update(&mut s, Action::Input('a'));
    update(&mut s, Action::Save);
    assert_eq!(s.screen, Screen::Form);
    assert_eq!(s.form.as_ref().unwrap().note.text, "bijna klaar");
    update(&mut s, Action::Back);
    update(&mut s, Action::No);
    // n opens the waiting draft, it does not replace it
    s.screen = Screen::Main;
    update(&mut s, Action::NewContact);
    assert_eq!(s.form.as_ref().unwrap().note.text, "bijna klaar");
}

#[test]
fn undo_of_a_contact_deleted_elsewhere_is_dropped_not_stuck() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('2'));
    let second = app.state.today.contacts[0].id.clone();
    app.store.delete(&second, "ZZ", now()).unwrap();
    key(&mut app, KeyCode::Char('u'));
    assert!(
        app.state
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("bestaat niet meer")
    );
    assert_eq!(app.state.undo.len(), 1, "the gone one is dropped");
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(stored(&app), 0, "the older one can still be undone");
}

#[test]
fn keys_do_nothing_while_the_terminal_is_too_small() {
    let mut app = test_util::app();
    app.handle(Action::Resize(60, 15));
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(stored(&app), 0);
    app.handle(Action::Resize(80, 24));
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(stored(&app), 1);
}

#[test]
fn help_stops_scrolling_at_its_end_and_messages_stay_with_their_screen() {
    let mut s = state();
    update(&mut s, Action::Help);
    for _ in 0..50 {
        update(&mut s, Action::PageDown);
    }
    let Some(Overlay::Help { scroll }) = s.overlay else {
        panic!()
    };
    update(&mut s, Action::Up);
    let Some(Overlay::Help { scroll: after }) = s.overlay else {
        panic!()
    };
    assert_eq!(after + 1, scroll, "one step up moves at once");
    s.overlay = None;
    s.message = Some(Message {
        text: "oud bericht".into(),
        tone: Tone::Info,
    });
    update(&mut s, Action::OpenOverview);
    assert_eq!(s.message, None);
}

#[test]
fn the_main_screen_marks_contacts_with_a_linked_article() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('5'));
    key(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "urgentie");
    ctrl(&mut app, 'l');
    key(&mut app, KeyCode::Esc);
    app.reload();
    let id = app.state.today.contacts[0].id.clone();
    assert_eq!(app.state.today.with_links, vec![id]);
    let screen = test_util::lines(&app, 80, 24).join("\n");
    assert!(screen.contains("10:42 § Woning zoeken"), "{screen}");
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

#[test]
fn undoing_an_edit_also_undoes_the_links_it_changed() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('5'));
    let id = app.state.today.contacts[0].id.clone();
    key(&mut app, KeyCode::Enter); // edit it
    ctrl(&mut app, 'k');
    type_text(&mut app, "urgentie");
    let article = kb_view(&app).hits[0].id.clone();
    ctrl(&mut app, 'l');
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Enter); // save the edit (only the link changed)
    assert_eq!(
        app.store.linked_article_ids(&id).unwrap(),
        vec![article.clone()]
    );
    key(&mut app, KeyCode::Char('u'));
    assert!(app.store.linked_article_ids(&id).unwrap().is_empty());
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(app.store.linked_article_ids(&id).unwrap(), vec![article]);
}

/// Open the newest contact in the form, replace its note with `note` and save.
fn edit_note(app: &mut crate::tui::App, note: &str) {
    key(app, KeyCode::Enter);
    assert_eq!(app.state.screen, Screen::Form);
    for _ in 0..6 {
        key(app, KeyCode::Tab);
    }
    for _ in 0..40 {
        key(app, KeyCode::Backspace);
    }
    type_text(app, note);
    key(app, KeyCode::Enter);
}

#[test]
fn undo_does_not_overwrite_what_another_process_changed_meanwhile() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('3'));
    let id = app.store.list(&crate::store::Filter::default()).unwrap()[0]
        .id
        .clone();
    edit_note(&mut app, "lekkage keuken");
    // elsewhere (`balie follow-ups done`, another desk screen): the contact changes
    let mut elsewhere = app.store.get(&id).unwrap().unwrap();
    elsewhere.follow_up = Some(now().date());
    elsewhere.follow_up_done = Some(now());
    assert!(app.store.update(&elsewhere, "ZZ").unwrap());
    key(&mut app, KeyCode::Char('u'));
    let msg = &app.state.message.as_ref().unwrap().text;
    assert!(
        msg.contains("intussen") && msg.contains("follow_up_done"),
        "{msg}"
    );
    let c = app.store.get(&id).unwrap().unwrap();
    assert_eq!(c.note, "lekkage keuken", "the undo changed nothing");
    assert_eq!(c.follow_up_done, Some(now()));
}

#[test]
fn undo_and_redo_never_bring_back_an_erased_note_or_resident_code() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('3'));
    let id = app.store.list(&crate::store::Filter::default()).unwrap()[0]
        .id
        .clone();
    edit_note(&mut app, "eerste verhaal");
    edit_note(&mut app, "tweede verhaal");
    assert_eq!(app.store.get(&id).unwrap().unwrap().note, "tweede verhaal");
    // the purge (or a forget) erases the note in another balie
    let later = now() + chrono::Duration::days(1);
    app.store.purge(later, "ZZ", now()).unwrap();
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(
        app.store.get(&id).unwrap().unwrap().note,
        "",
        "undo of an edit"
    );
    let msg = &app.state.message.as_ref().unwrap().text;
    assert!(msg.contains("blijven gewist"), "{msg}");

    // a deleted contact, then a resident is forgotten while it is deleted
    let mut other = Contact::bare(now(), "D", "AB", vec!["huur".into()], now());
    other.note = "na het wissen".into();
    other.resident = Some("K0042".into());
    other.validate(&crate::config::Config::shipped()).unwrap();
    app.store.insert(&other).unwrap();
    // deleted in this desk screen: its undo step holds the contact as it was
    let snapshot = app.store.delete(&other.id, "AB", now()).unwrap().unwrap();
    app.state.undo.push(crate::tui::state::Op::Delete(snapshot));
    app.store.forget_resident("K0042", "ZZ", now()).unwrap();
    key(&mut app, KeyCode::Char('u'));
    let back = app.store.get(&other.id).unwrap().unwrap();
    assert_eq!((back.note.as_str(), back.resident.as_deref()), ("", None));
}

#[test]
fn a_paste_is_taken_whole_cut_at_the_note_limit_and_written_to_the_draft_at_once() {
    use crate::domain::NOTE_MAX_CHARS;
    let mut s = state();
    update(&mut s, Action::NewContact);
    focus(&mut s, Field::Note);
    let pasted = format!("regel een\nregel twee\t{}", "x".repeat(3_000));
    let effects = update(&mut s, Action::Paste(pasted));
    let form = s.form.as_ref().unwrap();
    assert_eq!(form.note.text.chars().count(), NOTE_MAX_CHARS);
    assert!(
        form.note.text.starts_with("regel een regel twee x"),
        "{}",
        form.note.text
    );
    let (field, why) = form.error.as_ref().expect("the cut is said");
    assert_eq!(*field, Field::Note);
    assert!(why.contains("500") && why.contains("3021"), "{why}");
    // the draft now, not at the next tick: a kill straight after loses nothing pasted
    assert!(
        matches!(effects.as_slice(), [Effect::SaveDraft(json), ..] if json.contains(&"x".repeat(400))),
        "{effects:?}"
    );
    // a small paste goes in where the cursor is, no word about a cut
    let mut s = state();
    update(&mut s, Action::NewContact);
    focus(&mut s, Field::Note);
    update(&mut s, Action::Input('a'));
    update(&mut s, Action::Input('d'));
    update(&mut s, Action::Edit(EditOp::Left));
    update(&mut s, Action::Paste("bc".into()));
    let form = s.form.as_ref().unwrap();
    assert_eq!(form.note.text, "abcd");
    assert!(form.error.is_none());
    // minutes keep the digits of a paste
    focus(&mut s, Field::Minutes);
    update(&mut s, Action::Paste("15 min".into()));
    assert_eq!(s.form.as_ref().unwrap().minutes.text, "15");
}

#[test]
fn a_paste_outside_the_form_is_typed_as_keys() {
    let mut s = state();
    s.screen = Screen::Setup(Default::default());
    update(&mut s, Action::Paste("ab\ncd".into()));
    let Screen::Setup(form) = &s.screen else {
        panic!("still the set-up screen");
    };
    assert_eq!(form.desk.text, "abcd");
}

/// Saving an edit that changes nothing adds no undo step and writes nothing.
#[test]
fn saving_an_unchanged_edit_adds_no_undo_step() {
    let mut app = test_util::app();
    key(&mut app, KeyCode::Char('n'));
    type_text(&mut app, "taal");
    ctrl(&mut app, 's');
    assert_eq!(stored(&app), 1);
    let undo_before = app.state.undo.len();
    key(&mut app, KeyCode::Enter); // open the selected contact
    assert_eq!(app.state.screen, Screen::Form);
    key(&mut app, KeyCode::Enter); // save as it is
    assert_eq!(app.state.screen, Screen::Main);
    assert_eq!(app.state.undo.len(), undo_before, "no undo step");
    assert!(
        app.state
            .message
            .as_ref()
            .unwrap()
            .text
            .starts_with("Niets gewijzigd"),
        "{:?}",
        app.state.message
    );
    // one u undoes the new contact itself, described plainly
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(stored(&app), 0);
    let said = &app.state.message.as_ref().unwrap().text;
    assert!(said.contains("het nieuwe contact Taal"), "{said}");
    assert!(!said.contains("het loggen van"), "{said}");
}
