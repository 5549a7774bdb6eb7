//! Update tests of the help session and the resident's thread: a state and an action in, the
//! new state and the effects out; then the thread panel through [`App`] on a store holding two
//! desks' contacts for one code.

use chrono::Duration;

use crate::tui::test_util::lines;
use crate::tui::test_util::prelude::*;

fn later(s: &mut State, minutes: i64) {
    let at = s.now + Duration::minutes(minutes);
    update(s, Action::Tick(at));
}

/// A new contact's form during a session, with a topic typed.
fn session_form(s: &mut State) {
    update(s, Action::ToggleSession);
    update(s, Action::NewContact);
    for c in "taal".chars() {
        update(s, Action::Input(c));
    }
    update(s, Action::Save); // picks the topic
}

fn saved(effects: &[Effect]) -> &Contact {
    match effects {
        [Effect::Apply(Op::Insert(c)), ..] => c,
        other => panic!("expected an insert, got {other:?}"),
    }
}

#[test]
fn a_session_starts_now_and_is_written_into_the_draft_at_once() {
    let mut s = state();
    let effects = update(&mut s, Action::ToggleSession);
    assert_eq!(s.session.map(|x| x.start), Some(now()));
    match effects.as_slice() {
        [Effect::SaveDraft(json), ..] => assert!(json.contains("\"session\""), "{json}"),
        other => panic!("expected the draft, got {other:?}"),
    }
    assert!(s.message.as_ref().unwrap().text.contains("10:42"));
}

#[test]
fn the_form_of_a_session_has_its_start_and_on_save_its_minutes() {
    let mut s = state();
    session_form(&mut s);
    assert_eq!(s.form.as_ref().unwrap().at.text, "10:42");
    later(&mut s, 25);
    let effects = update(&mut s, Action::Save);
    let c = saved(&effects);
    assert_eq!(c.minutes, Some(25));
    assert_eq!(c.at, now());
    assert_eq!(c.topics, ["taal"]);
    // once stored, the session is over and nothing is left in the draft
    let op = Op::Insert(c.clone());
    let after = update(&mut s, Action::Done(Box::new(Done::Stored(op))));
    assert_eq!(s.session, None);
    assert!(after.contains(&Effect::ClearDraft), "{after:?}");
}

#[test]
fn minutes_typed_in_the_form_win_over_the_session() {
    let mut s = state();
    session_form(&mut s);
    s.form.as_mut().unwrap().focus = Field::Minutes;
    for c in "15".chars() {
        update(&mut s, Action::Input(c));
    }
    later(&mut s, 40);
    assert_eq!(saved(&update(&mut s, Action::Save)).minutes, Some(15));
}

#[test]
fn past_four_hours_a_save_asks_first() {
    let mut s = state();
    session_form(&mut s);
    later(&mut s, 4 * 60 + 18);
    assert_eq!(update(&mut s, Action::Save), vec![]);
    match &s.overlay {
        Some(Overlay::Confirm(c)) => {
            assert_eq!(c.on_yes, OnYes::SaveSessionMinutes(258));
            assert!(c.question.contains("4 uur en 18 min"), "{}", c.question);
        }
        other => panic!("expected a question, got {other:?}"),
    }
    // No: the minutes are to be typed; nothing is saved
    assert_eq!(update(&mut s, Action::No), vec![]);
    assert_eq!(s.form.as_ref().unwrap().focus, Field::Minutes);
    assert!(s.session.is_some());
    // asked again, Yes saves the long session as it is
    update(&mut s, Action::Save);
    assert_eq!(saved(&update(&mut s, Action::Yes)).minutes, Some(258));
}

#[test]
fn editing_an_old_contact_during_a_session_leaves_its_minutes_and_the_session() {
    let mut s = state();
    update(&mut s, Action::ToggleSession);
    let mut old = Contact::draft(
        now(),
        "Buurtwerkkamer MultiBron",
        "AB",
        vec!["huur".into()],
        now(),
    );
    old.validate(&s.config).unwrap();
    update(&mut s, Action::Opened(Box::new(old.clone()), vec![]));
    later(&mut s, 30);
    // a change, so the save is one (an unchanged edit saves nothing)
    s.form.as_mut().unwrap().note = crate::tui::input::TextInput::new("nagebeld");
    let effects = update(&mut s, Action::Save);
    match effects.as_slice() {
        [Effect::Apply(Op::Update { after, .. })] => assert_eq!(after.minutes, None),
        other => panic!("expected an update, got {other:?}"),
    }
    let done = Done::Stored(Op::Update {
        before: old.clone(),
        after: old,
        links: None,
    });
    let after = update(&mut s, Action::Done(Box::new(done)));
    assert!(s.session.is_some());
    assert!(
        after
            .iter()
            .any(|e| matches!(e, Effect::SaveDraft(j) if j.contains("session"))),
        "the draft keeps the session: {after:?}"
    );
}

#[test]
fn the_session_key_again_asks_to_stop_it() {
    let mut s = state();
    update(&mut s, Action::ToggleSession);
    later(&mut s, 12);
    update(&mut s, Action::ToggleSession);
    assert!(matches!(
        &s.overlay,
        Some(Overlay::Confirm(c)) if c.on_yes == OnYes::StopSession && c.question.contains("12 min")
    ));
    assert_eq!(update(&mut s, Action::Yes), vec![Effect::ClearDraft]);
    assert_eq!(s.session, None);
}

#[test]
fn a_session_comes_back_from_the_draft_with_the_same_start() {
    let mut s = state();
    update(&mut s, Action::ToggleSession);
    let only_session = draft_json(&s).unwrap();
    update(&mut s, Action::NewContact);
    update(&mut s, Action::Input('t'));
    let with_form = draft_json(&s).unwrap();

    let mut again = state();
    again.now = now() + Duration::minutes(50);
    assert!(restore_draft(&mut again, &only_session));
    assert_eq!(again.session.map(|x| x.start), Some(now()));
    assert_eq!(
        (again.screen.clone(), again.form.is_none()),
        (Screen::Main, true)
    );

    let mut again = state();
    assert!(restore_draft(&mut again, &with_form));
    assert_eq!(again.session.map(|x| x.start), Some(now()));
    assert_eq!(again.form.as_ref().unwrap().topic_query.text, "t");
    // a draft from before sessions (a bare form) still loads, without a session
    let mut old = state();
    let bare = serde_json::to_string(again.form.as_ref().unwrap()).unwrap();
    assert!(restore_draft(&mut old, &bare));
    assert_eq!(old.session, None);
}

#[test]
fn typing_a_resident_code_asks_for_its_thread_at_this_desk() {
    let mut s = state();
    update(&mut s, Action::NewContact);
    s.form.as_mut().unwrap().focus = Field::Resident;
    let mut asked = Vec::new();
    for c in "k-0042".chars() {
        asked.extend(update(&mut s, Action::Input(c)));
    }
    let loads: Vec<&Effect> = asked
        .iter()
        .filter(|e| matches!(e, Effect::LoadThread { .. }))
        .collect();
    // codes are read without their dashes: "k-00" is the first that is a code (three
    // characters, a digit); every keystroke after asks again
    assert_eq!(loads.len(), 3, "{asked:?}");
    assert_eq!(
        loads.last().unwrap(),
        &&Effect::LoadThread {
            code: "K0042".into(),
            except: None
        }
    );
    // an answer for an older code is dropped
    update(&mut s, Action::ThreadLoaded("K004".into(), Box::default()));
    assert_eq!(s.thread.thread, None);
    update(&mut s, Action::ThreadLoaded("K0042".into(), Box::default()));
    assert!(s.thread.thread.is_some());
    // no code, no panel
    for _ in 0..6 {
        update(&mut s, Action::Edit(EditOp::Backspace));
    }
    assert_eq!(s.thread, ThreadPanel::default());
}

#[test]
fn the_thread_key_without_a_code_says_so_and_with_one_opens_the_screen() {
    let mut s = state();
    assert_eq!(update(&mut s, Action::OpenThread), vec![]);
    assert_eq!(s.message.as_ref().unwrap().text, s.strings().thread_no_code);
    update(&mut s, Action::NewContact);
    s.form.as_mut().unwrap().resident = crate::tui::input::TextInput::new("k0042");
    assert_eq!(
        update(&mut s, Action::OpenThread),
        vec![Effect::LoadThreadList("K0042".into())]
    );
    assert!(matches!(&s.screen, Screen::Thread(t) if t.from_form));
    update(&mut s, Action::Back);
    assert_eq!(s.screen, Screen::Form);
}

const OTHER_DESK: &str = "WSWonen Noord";

/// Two desks' contacts for one code in one database, as after merging a bundle.
fn two_desks() -> crate::tui::App {
    let mut app = test_util::app();
    let rows = [
        (
            "2026-11-02 10:00",
            "Buurtwerkkamer MultiBron",
            "K-0042",
            "formulieren",
            "toeslag aangevraagd",
        ),
        (
            "2026-11-16 10:00",
            "Buurtwerkkamer MultiBron",
            "k0042",
            "taal",
            "taalles gezocht",
        ),
        (
            "2026-11-03 10:00",
            OTHER_DESK,
            "K-0042",
            "schulden",
            "GEHEIM andere balie",
        ),
        (
            "2026-11-25 09:00",
            "Buurtwerkkamer MultiBron",
            "K-0042",
            "huur",
            "vandaag",
        ),
    ];
    for (at, desk, code, topic, note) in rows {
        let at = chrono::NaiveDateTime::parse_from_str(at, crate::domain::AT_FORMAT).unwrap();
        let mut c = Contact::draft(at, desk, "AB", vec![topic.into()], at);
        c.resident = Some(code.into());
        c.note = note.into();
        c.validate(&app.state.config).unwrap();
        c.id = crate::domain::ContactId::new();
        app.store.insert(&c).unwrap();
    }
    app.reload();
    app
}

#[test]
fn the_panel_beside_the_selected_contact_shows_this_desks_thread_only() {
    let app = two_desks();
    let screen = lines(&app, 80, 24).join("\n");
    assert!(screen.contains("Eerder hier · K0042"), "{screen}");
    assert!(screen.contains("2 eerdere contacten"), "{screen}");
    assert!(screen.contains("16-11 Taal"), "{screen}");
    assert!(screen.contains("taalles gezocht"), "{screen}");
    assert!(!screen.contains("GEHEIM"), "{screen}");
}

#[test]
fn the_thread_screen_lists_this_desks_contacts_newest_first() {
    let mut app = two_desks();
    key(&mut app, KeyCode::Char('t'));
    let screen = lines(&app, 80, 24).join("\n");
    let order: Vec<usize> = ["25-11-2026 09:00", "16-11-2026 10:00", "02-11-2026 10:00"]
        .iter()
        .map(|d| {
            screen
                .find(d)
                .unwrap_or_else(|| panic!("{d} not in\n{screen}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{screen}");
    assert!(!screen.contains("GEHEIM"), "{screen}");
    // the main list's keys: down, then Enter edits that contact
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.state.screen, Screen::Form);
    assert_eq!(
        app.state.form.as_ref().unwrap().note.text,
        "taalles gezocht"
    );
}

#[test]
fn a_forgotten_resident_shows_no_notes() {
    let mut app = two_desks();
    app.store.forget_resident("K-0042", "CD", now()).unwrap();
    app.reload();
    key(&mut app, KeyCode::Char('n'));
    app.state.form.as_mut().unwrap().focus = Field::Resident;
    type_text(&mut app, "K-0042");
    let screen = lines(&app, 80, 24).join("\n");
    assert!(screen.contains("Nog geen contacten hier."), "{screen}");
    for note in ["toeslag", "taalles", "GEHEIM", "vandaag"] {
        assert!(!screen.contains(note), "{note} in\n{screen}");
    }
}
