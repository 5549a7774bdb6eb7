//! Update tests of set-up: desk and initials on first run and after `b`.

use crate::tui::test_util::prelude::*;

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
