//! Update tests of the main screen: tallies, undo and redo, deleting, the day's list and
//! what other processes change meanwhile; first on a state, then through [`App`](crate::tui::App)
//! on an in-memory store.

use crate::tui::test_util::prelude::*;

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
        "het nieuwe contact over Huurprijs en servicekosten (10:42)"
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
fn a_paste_outside_the_form_is_typed_as_keys() {
    let mut s = state();
    s.screen = Screen::Setup(Default::default());
    update(&mut s, Action::Paste("ab\ncd".into()));
    let Screen::Setup(form) = &s.screen else {
        panic!("still the set-up screen");
    };
    assert_eq!(form.desk.text, "abcd");
}
