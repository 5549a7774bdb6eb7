//! Update tests of the follow-up list: a referral with a day, marked done.

use crate::tui::test_util::prelude::*;

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
