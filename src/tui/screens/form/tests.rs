//! Update tests of the entry form: picking topics, the fields, saving, the draft, pasting
//! and the warnings; first on a state, then through [`App`](crate::tui::App) on an in-memory
//! store.

use crate::tui::test_util::prelude::*;

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
    assert!(said.contains("het nieuwe contact over Taal"), "{said}");
    assert!(!said.contains("het loggen van"), "{said}");
}
