//! Update tests of the help overlay: scrolling stops at the end.

use crate::tui::test_util::prelude::*;

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
