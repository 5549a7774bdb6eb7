//! Follow-ups due around weekends, month ends and the turn of the year; marking them done.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};

use super::*;
use crate::config::Config;
use crate::domain::AT_FORMAT;
use crate::when::parse_day;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
}

/// Log a contact at `when` at `desk` whose follow-up was typed as `typed` at that moment.
fn referred(store: &mut Store, when: &str, desk: &str, typed: &str) -> Contact {
    let when = at(when);
    let mut c = Contact::bare(when, desk, "AB", vec!["huur".into()], when);
    c.referred_to = Some("huurteam".into());
    c.follow_up = Some(parse_day(typed, when.date()).unwrap());
    c.validate(&Config::shipped()).unwrap();
    store.insert(&c).unwrap();
    c
}

fn due_ids(store: &Store, today: &str) -> Vec<ContactId> {
    store
        .follow_ups_due(day(today), None)
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect()
}

#[test]
fn a_follow_up_is_due_on_its_day_and_stays_due_until_done() {
    let mut store = Store::open_in_memory().unwrap();
    // Wednesday 25 November: "vrijdag" is Friday the 27th.
    let c = referred(&mut store, "2026-11-25 10:00", "D", "vrijdag");
    assert_eq!(c.follow_up, Some(day("2026-11-27")));
    assert!(
        due_ids(&store, "2026-11-26").is_empty(),
        "not before its day"
    );
    for today in ["2026-11-27", "2026-11-28", "2026-11-30", "2027-01-04"] {
        assert_eq!(due_ids(&store, today), vec![c.id.clone()], "{today}");
    }
    assert_eq!(
        store.follow_ups_due_count(day("2026-11-30"), None).unwrap(),
        1
    );
}

#[test]
fn a_follow_up_on_a_weekend_day_is_overdue_on_monday_and_listed_first() {
    let mut store = Store::open_in_memory().unwrap();
    // Thursday: "zaterdag" lands on Saturday 28 November, a day the desk is closed.
    let saturday = referred(&mut store, "2026-11-26 15:00", "D", "zaterdag");
    assert_eq!(saturday.follow_up.unwrap().weekday(), Weekday::Sat);
    // Friday 27 November: "over 3 dagen" is Monday the 30th, also the last day of the month.
    let monday = referred(&mut store, "2026-11-27 09:30", "D", "over 3 dagen");
    assert_eq!(monday.follow_up, Some(day("2026-11-30")));
    // Friday itself: "maandag" is the next Monday, not three days back.
    let said_monday = referred(&mut store, "2026-11-27 16:00", "D", "maandag");
    assert_eq!(said_monday.follow_up, Some(day("2026-11-30")));
    assert!(
        due_ids(&store, "2026-11-27").is_empty(),
        "Friday: nothing due yet"
    );
    assert_eq!(due_ids(&store, "2026-11-28"), vec![saturday.id.clone()]);
    // Monday: Saturday's is overdue and comes first; then Monday's, in the order logged.
    assert_eq!(
        due_ids(&store, "2026-11-30"),
        vec![
            saturday.id.clone(),
            monday.id.clone(),
            said_monday.id.clone()
        ]
    );
    // The first of December, across the month end, all three are still there.
    assert_eq!(due_ids(&store, "2026-12-01").len(), 3);
}

#[test]
fn follow_up_days_across_month_and_year_ends() {
    let mut store = Store::open_in_memory().unwrap();
    let feb = referred(&mut store, "2027-02-26 10:00", "D", "over 3 dagen");
    assert_eq!(
        feb.follow_up,
        Some(day("2027-03-01")),
        "2027 is no leap year"
    );
    let leap = referred(&mut store, "2028-02-27 10:00", "D", "over 3 dagen");
    assert_eq!(
        leap.follow_up,
        Some(day("2028-03-01")),
        "29 February 2028 counts"
    );
    let year = referred(&mut store, "2026-12-30 10:00", "D", "over 3 dagen");
    assert_eq!(year.follow_up, Some(day("2027-01-02")));
    let jan = referred(&mut store, "2027-01-31 10:00", "D", "morgen");
    assert_eq!(jan.follow_up, Some(day("2027-02-01")));
    assert!(
        due_ids(&store, "2027-01-01").is_empty(),
        "31 December is not 2 January"
    );
    assert_eq!(due_ids(&store, "2027-01-02"), vec![year.id.clone()]);
    assert_eq!(due_ids(&store, "2027-01-31"), vec![year.id.clone()]);
    assert_eq!(
        due_ids(&store, "2027-02-28"),
        vec![year.id.clone(), jan.id.clone()]
    );
    assert_eq!(
        due_ids(&store, "2027-03-01"),
        vec![year.id.clone(), jan.id.clone(), feb.id.clone()]
    );
    assert_eq!(due_ids(&store, "2028-03-01").len(), 4);
}

#[test]
fn all_includes_upcoming_and_the_desk_filter_narrows() {
    let mut store = Store::open_in_memory().unwrap();
    let due = referred(&mut store, "2026-11-23 10:00", "Noord", "over 2 dagen");
    let later = referred(&mut store, "2026-11-24 10:00", "Noord", "over 2 weken");
    let other = referred(&mut store, "2026-11-24 11:00", "Zuidoost", "morgen");
    // A contact without a follow-up is never listed.
    let mut plain = Contact::bare(
        at("2026-11-24 12:00"),
        "Noord",
        "AB",
        vec!["huur".into()],
        at("2026-11-24 12:00"),
    );
    plain.validate(&Config::shipped()).unwrap();
    store.insert(&plain).unwrap();
    let today = day("2026-11-25");
    let ids = |v: Vec<Contact>| v.into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.follow_ups_due(today, None).unwrap()),
        vec![due.id.clone(), other.id.clone()]
    );
    assert_eq!(
        ids(store.follow_ups(FollowUps::All, today, None).unwrap()),
        vec![due.id.clone(), other.id.clone(), later.id.clone()]
    );
    assert_eq!(
        ids(store
            .follow_ups(FollowUps::All, today, Some("Noord"))
            .unwrap()),
        vec![due.id.clone(), later.id.clone()]
    );
    assert_eq!(
        store.follow_ups_due_count(today, Some("Zuidoost")).unwrap(),
        1
    );
}

#[test]
fn marking_done_is_audited_takes_it_off_the_list_and_can_be_undone() {
    let mut store = Store::open_in_memory().unwrap();
    let c = referred(&mut store, "2026-11-25 10:00", "D", "vrijdag");
    let now = at("2026-11-27 09:15");
    let done = match store.mark_follow_up_done(&c.id, "CD", now).unwrap() {
        FollowUpDone::Marked(done) => *done,
        other => panic!("expected it marked, got {other:?}"),
    };
    assert_eq!(done.follow_up_done, Some(now));
    assert_eq!(done.updated_at, now, "an edit, so merges carry it along");
    assert_eq!(store.get(&c.id).unwrap(), Some(done.clone()));
    assert!(due_ids(&store, "2026-11-30").is_empty());
    assert_eq!(
        store
            .mark_follow_up_done(&c.id, "CD", at("2026-11-27 09:20"))
            .unwrap(),
        FollowUpDone::AlreadyDone(now)
    );
    let log = store.audit_entries(None, None).unwrap();
    assert_eq!(log.len(), 1, "marking twice records it once");
    assert_eq!(
        (
            &log[0].action,
            log[0].volunteer.as_str(),
            log[0].detail.as_str()
        ),
        (&audit::AuditKind::FollowUp, "CD", "done (due 2026-11-27)")
    );
    assert_eq!(log[0].contact_ids, vec![c.id.0.clone()]);

    assert!(
        store
            .reopen_follow_up(&c.id, "CD", at("2026-11-27 09:30"))
            .unwrap()
    );
    assert_eq!(due_ids(&store, "2026-11-30"), vec![c.id.clone()]);
    assert!(
        !store
            .reopen_follow_up(&c.id, "CD", at("2026-11-27 09:31"))
            .unwrap()
    );
    assert_eq!(store.audit_entries(None, None).unwrap().len(), 2);
}

#[test]
fn marking_what_cannot_be_marked_changes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let mut plain = Contact::bare(
        at("2026-11-24 12:00"),
        "D",
        "AB",
        vec!["huur".into()],
        at("2026-11-24 12:00"),
    );
    plain.validate(&Config::shipped()).unwrap();
    store.insert(&plain).unwrap();
    let now = at("2026-11-25 09:00");
    assert_eq!(
        store.mark_follow_up_done(&plain.id, "AB", now).unwrap(),
        FollowUpDone::NoFollowUp
    );
    assert!(matches!(
        store.mark_follow_up_done(&ContactId::new(), "AB", now),
        Err(StoreError::NoSuchContact(_))
    ));
    assert_eq!(store.get(&plain.id).unwrap(), Some(plain));
    assert!(store.audit_entries(None, None).unwrap().is_empty());
}
