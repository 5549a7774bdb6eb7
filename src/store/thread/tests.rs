//! The thread of one resident at one desk, on a database holding two desks' contacts for the
//! same code (as after merging another desk's bundle).

use chrono::NaiveDateTime;

use crate::config::Config;
use crate::domain::{AT_FORMAT, Contact};
use crate::store::Store;

const A: &str = "Buurtwerkkamer MultiBron";
const B: &str = "WSWonen Noord";

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
}

fn stored(
    store: &mut Store,
    when: &str,
    desk: &str,
    code: &str,
    topic: &str,
    note: &str,
) -> Contact {
    let mut c = Contact::bare(at(when), desk, "AB", vec![topic.to_string()], at(when));
    c.resident = Some(code.to_string());
    c.note = note.to_string();
    c.validate(&Config::shipped()).unwrap();
    c.id = crate::domain::ContactId::new();
    store.insert(&c).unwrap();
    c
}

/// K-0042 three times at A (written three ways), twice at B; another resident at A.
fn two_desks() -> (Store, Vec<Contact>) {
    let mut store = Store::open_in_memory().unwrap();
    crate::kb::sync_shipped(&mut store, at("2026-11-01 09:00")).unwrap();
    let a1 = stored(
        &mut store,
        "2026-11-02 10:00",
        A,
        "K-0042",
        "formulieren",
        "toeslag aangevraagd",
    );
    let a2 = stored(
        &mut store,
        "2026-11-09 10:00",
        A,
        "k0042",
        "taal",
        "taalles gezocht",
    );
    let mut a3 = stored(
        &mut store,
        "2026-11-16 10:00",
        A,
        "K-00-42",
        "huur",
        "brief verhuurder",
    );
    a3.follow_up = Some("2026-11-23".parse().unwrap());
    store.update(&a3, "AB").unwrap();
    stored(
        &mut store,
        "2026-11-03 10:00",
        B,
        "K-0042",
        "schulden",
        "B's own note",
    );
    stored(
        &mut store,
        "2026-11-17 10:00",
        B,
        "K0042",
        "schulden",
        "B's second note",
    );
    stored(
        &mut store,
        "2026-11-10 10:00",
        A,
        "K-0043",
        "taal",
        "someone else",
    );
    store
        .link_article(&a2.id, "urgentie", at("2026-11-09 10:05"))
        .unwrap();
    (store, vec![a1, a2, a3])
}

#[test]
fn a_thread_holds_this_desks_contacts_newest_first_and_never_another_desks() {
    let (store, a) = two_desks();
    for spelling in ["K-0042", "k 0042", "K0042"] {
        let t = store.resident_thread(A, spelling, None).unwrap();
        assert_eq!(t.key, "K0042");
        assert_eq!(t.contacts, 3, "{spelling}");
        let notes: Vec<&str> = t.recent.iter().map(|c| c.note.as_str()).collect();
        assert_eq!(
            notes,
            ["brief verhuurder", "taalles gezocht", "toeslag aangevraagd"]
        );
        assert!(t.recent.iter().all(|c| c.desk == A));
        assert_eq!(t.open_follow_ups.len(), 1);
        assert_eq!(t.open_follow_ups[0].id, a[2].id);
        let articles: Vec<&str> = t.articles.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(articles, ["urgentie"]);
        assert!(!t.articles[0].title.is_empty());
    }
    let b = store.resident_thread(B, "K-0042", None).unwrap();
    assert_eq!(b.contacts, 2);
    assert!(b.recent.iter().all(|c| c.note.starts_with("B's")));
    assert!(b.articles.is_empty(), "the article was linked at A");
}

#[test]
fn the_contact_being_edited_is_not_its_own_history() {
    let (store, a) = two_desks();
    let t = store.resident_thread(A, "K-0042", Some(&a[2].id)).unwrap();
    assert_eq!(t.contacts, 2);
    assert_eq!(t.recent[0].id, a[1].id);
    assert!(t.open_follow_ups.is_empty());
    let all = store
        .resident_contacts(A, "K-0042", Some(&a[0].id))
        .unwrap();
    let ids: Vec<_> = all.iter().map(|c| c.id.clone()).collect();
    assert_eq!(ids, [a[2].id.clone(), a[1].id.clone()]);
}

#[test]
fn a_forgotten_resident_has_no_thread_and_no_notes() {
    let (mut store, _) = two_desks();
    store
        .forget_resident("K-0042", "CD", at("2026-11-25 11:00"))
        .unwrap();
    let t = store.resident_thread(A, "K-0042", None).unwrap();
    assert_eq!((t.contacts, t.recent.len()), (0, 0));
    assert!(t.articles.is_empty() && t.open_follow_ups.is_empty());
    // The other spellings were erased too: every contact with the code lost its note.
    let left = store.resident_thread(A, "K0042", None).unwrap();
    assert_eq!(left.contacts, 0);
    assert_eq!(
        store.resident_thread(A, "K-0043", None).unwrap().contacts,
        1
    );
}

#[test]
fn an_empty_code_has_no_thread() {
    let (store, _) = two_desks();
    assert!(store.resident_contacts(A, " - ", None).unwrap().is_empty());
}
