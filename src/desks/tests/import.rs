//! CSV import: exports round-trip, a bad row stops the whole file, importing twice is safe.

use super::{at, desk};
use crate::config::Config;
use crate::desks::import::{self, ImportError, ImportOptions, ImportPlan};
use crate::domain::Contact;
use crate::report::export::{Dialect, ExportOptions, write_csv};
use crate::report::{Dim, Period, Query};
use crate::store::{Filter, Store};

fn now() -> chrono::NaiveDateTime {
    at("2026-11-25 11:42")
}

fn plan(store: &Store, csv: &[u8], opts: &ImportOptions) -> Result<ImportPlan, ImportError> {
    import::plan(store, &Config::shipped(), csv, opts, now())
}

fn import_all(store: &mut Store, csv: &[u8], opts: &ImportOptions) -> u64 {
    let p = plan(store, csv, opts).unwrap();
    import::apply(store, &p, "test.csv", "KL", now()).unwrap()
}

fn everything(store: &Store) -> Vec<Contact> {
    let mut all = store.list(&Filter::default()).unwrap();
    all.sort_by(|a, b| a.id.cmp(&b.id));
    all
}

fn defaults() -> ImportOptions {
    ImportOptions {
        desk: Some("Buurtwerkkamer MultiBron".into()),
        volunteer: Some("kl".into()),
        allow_personal_data: false,
    }
}

/// Two desks' contacts in one database.
fn two_desks() -> Store {
    let (mut store, _) = desk("Noord", 30);
    let (_, more) = desk("Zuidoost", 12);
    for c in &more {
        store.insert(c).unwrap();
    }
    store
}

#[test]
fn an_export_imported_into_an_empty_database_gives_identical_reports() {
    let source = two_desks();
    let config = Config::shipped();
    for dialect in [Dialect::Rfc, Dialect::ExcelNl] {
        let mut csv = Vec::new();
        let opts = ExportOptions {
            dialect,
            ..ExportOptions::default()
        };
        write_csv(&source, &config, &opts, &mut csv).unwrap();
        let mut copy = Store::open_in_memory().unwrap();
        let p = plan(&copy, &csv, &ImportOptions::default()).unwrap();
        assert_eq!((p.rows, p.new.len(), p.derived_ids), (42, 42, 0));
        assert_eq!(p.excel, dialect == Dialect::ExcelNl);
        assert_eq!(
            import::apply(&mut copy, &p, "x.csv", "KL", now()).unwrap(),
            42
        );
        // Every field of every contact, the neutralised `=SOM(A1)` note included.
        assert_eq!(everything(&copy), everything(&source), "{dialect:?}");
        let period = Period::parse("2026").unwrap();
        for by in [
            vec![Dim::Topic],
            vec![Dim::Desk, Dim::Week],
            vec![Dim::Channel, Dim::Kind],
            vec![Dim::Landlord, Dim::Volunteer],
            vec![Dim::Month, Dim::LandlordGroup],
            vec![Dim::Signal],
            vec![Dim::ReferredTo, Dim::ReferredFrom],
        ] {
            for desk in [None, Some("Zuidoost".to_string())] {
                let q = Query {
                    period,
                    by: by.clone(),
                    desk,
                };
                let a = crate::report::run(&source, &config, &q).unwrap();
                let b = crate::report::run(&copy, &config, &q).unwrap();
                assert_eq!((a.rows, a.total), (b.rows, b.total), "{by:?}");
            }
        }
        // And importing the same export again adds nothing.
        let again = plan(&copy, &csv, &ImportOptions::default()).unwrap();
        assert_eq!((again.new.len(), again.existing), (0, 42));
    }
}

#[test]
fn one_bad_row_imports_nothing_and_names_the_line_and_field() {
    let csv = "at,topics,minutes,note\n\
               2026-11-20 10:00,huur,5,\n\
               2026-11-20 10:30,huurr,,\n\
               2026-11-20 11:00,onderhoud,veel,\n\
               2027-01-01 09:00,huur,,\n\
               2026-11-20 11:30,huur,,bel 06-12345678\n\
               2026-11-20 12:00,,,\n";
    let mut store = Store::open_in_memory().unwrap();
    let e = plan(&store, csv.as_bytes(), &defaults()).unwrap_err();
    let ImportError::Rows { count, problems } = &e else {
        panic!("expected bad rows, got {e}");
    };
    let lines: Vec<String> = problems
        .iter()
        .map(|p| p.say(crate::i18n::Lang::En).unwrap())
        .collect();
    assert_eq!(*count, 5);
    assert!(
        lines[0].starts_with("line 3, field `topics`: unknown topic `huurr`"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("`huur`"),
        "suggests the closest code: {}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("line 4, field `minutes`"),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with("line 5, field `at`") && lines[2].contains("future"));
    assert!(lines[3].starts_with("line 6, field `note`") && lines[3].contains("phone number"));
    assert!(
        lines[4].starts_with("line 7, field `topics`"),
        "{}",
        lines[4]
    );
    assert!(e.to_string().contains("nothing was imported"));
    assert_eq!(store.count(&Filter::default()).unwrap(), 0);
    // Allowed personal data is the volunteer's call, as with `balie log`.
    let fixed = "at,topics,note\n2026-11-20 11:30,huur,bel 06-12345678\n";
    let allow = ImportOptions {
        allow_personal_data: true,
        ..defaults()
    };
    assert_eq!(import_all(&mut store, fixed.as_bytes(), &allow), 1);
}

#[test]
fn an_old_tally_with_only_a_moment_and_topics_imports_once() {
    // Dutch Excel: byte order mark, semicolons, day-month-year, labels instead of codes.
    let mut csv = crate::report::export::BOM.to_vec();
    csv.extend_from_slice(
        "at;topics\r\n\
         20-11-2026 10:30;Huurprijs en servicekosten\r\n\
         20-11-2026 10:30;Huurprijs en servicekosten\r\n\
         21/11/2026 9.15;schimmel|huur\r\n\
         2026-11-22;formulieren\r\n"
            .as_bytes(),
    );
    let mut store = Store::open_in_memory().unwrap();
    let p = plan(&store, &csv, &defaults()).unwrap();
    assert!(p.excel);
    assert_eq!((p.rows, p.new.len(), p.derived_ids), (4, 4, 4));
    let c = &p.new[2];
    assert_eq!(c.at, at("2026-11-21 09:15"));
    assert_eq!(c.topics, vec!["onderhoud", "huur"]);
    assert_eq!(
        (c.desk.as_str(), c.volunteer.as_str()),
        ("Buurtwerkkamer MultiBron", "KL")
    );
    assert_eq!(
        (c.channel.as_str(), c.landlord.as_str()),
        ("inloop", "onbekend")
    );
    assert_eq!(p.new[3].at, at("2026-11-22 00:00"));
    assert_ne!(
        p.new[0].id, p.new[1].id,
        "two identical lines are two contacts"
    );
    assert_eq!(
        import::apply(&mut store, &p, "tally.csv", "KL", now()).unwrap(),
        4
    );
    // The same file again: the derived ids are found, nothing is added.
    let again = plan(&store, &csv, &defaults()).unwrap();
    assert_eq!((again.new.len(), again.existing), (0, 4));
    assert_eq!(import_all(&mut store, &csv, &defaults()), 0);
    assert_eq!(store.count(&Filter::default()).unwrap(), 4);
    let log = store.audit_entries(None, None).unwrap();
    assert_eq!(
        log.len(),
        1,
        "one import entry, for the import that added something"
    );
    assert_eq!(log[0].detail, "tally.csv: 4 contact(s) added, 0 skipped");
    // Without --desk, a tally without a desk column says what to do.
    let e = plan(&store, &csv, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("field `desk`: no desk") && e.contains("--desk"),
        "{e}"
    );
}

#[test]
fn a_contact_deleted_here_is_not_imported_again() {
    let (mut store, contacts) = desk("Noord", 3);
    let mut csv = Vec::new();
    write_csv(
        &store,
        &Config::shipped(),
        &ExportOptions::default(),
        &mut csv,
    )
    .unwrap();
    store
        .delete(&contacts[1].id, "AB", at("2026-11-24 10:00"))
        .unwrap();
    let p = plan(&store, &csv, &ImportOptions::default()).unwrap();
    assert_eq!((p.new.len(), p.existing, p.deleted), (0, 2, 1));
}

#[test]
fn columns_it_does_not_know_or_needs_are_refused() {
    let store = Store::open_in_memory().unwrap();
    let e = |csv: &str| {
        plan(&store, csv.as_bytes(), &defaults())
            .unwrap_err()
            .to_string()
    };
    let unknown = e("at,topics,opmerking\n2026-11-20 10:00,huur,x\n");
    assert!(
        unknown.contains("column `opmerking` is not one balie knows"),
        "{unknown}"
    );
    assert!(
        unknown.contains("referred_to"),
        "lists the columns: {unknown}"
    );
    let missing = e("at,note\n2026-11-20 10:00,x\n");
    assert!(missing.contains("no column `topics`"), "{missing}");
    let twice = e("at,topics,topics\n2026-11-20 10:00,huur,huur\n");
    assert!(twice.contains("`topics` is there twice"), "{twice}");
    let ragged = e("at,topics\n2026-11-20 10:00,huur,extra\n");
    assert!(ragged.contains("cannot be read as CSV"), "{ragged}");
    let latin1 = plan(
        &store,
        b"at,topics,note\n2026-11-20 10:00,huur,caf\xe9\n",
        &defaults(),
    )
    .unwrap_err();
    assert!(
        matches!(latin1, ImportError::NotUtf8 { line: 2 }),
        "{latin1}"
    );
    assert!(latin1.to_string().contains("CSV UTF-8"));
    // The derived export columns are read past.
    let ok = plan(
        &store,
        b"at,topics,week,month,landlord_group\n2026-11-20 10:00,huur,2026-W47,2026-11,x\n",
        &defaults(),
    )
    .unwrap();
    assert_eq!(ok.new.len(), 1);
}

#[test]
fn signals_and_follow_ups_come_in_checked() {
    let store = Store::open_in_memory().unwrap();
    let ok = plan(
        &store,
        b"at,topics,follow_up,follow_up_done,signal,referred_to\n\
          2026-11-20 10:00,huur,2026-11-27,2026-11-27 09:30:00,  Kolenkit   renovatie ,Huurteam\n",
        &defaults(),
    )
    .unwrap();
    let c = &ok.new[0];
    assert_eq!(c.signal.as_deref(), Some("Kolenkit renovatie"));
    assert_eq!(c.follow_up_done, Some(at("2026-11-27 09:30")));
    assert_eq!(
        c.referred_to.as_deref(),
        Some("huurteam"),
        "a partner's name is taken"
    );
    let e = plan(
        &store,
        b"at,topics,follow_up_done,signal\n2026-11-20 10:00,huur,2026-11-27 09:30,\n\
          2026-11-20 10:00,huur,,x\n",
        &defaults(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("line 2, field `follow_up_done`"), "{e}");
    assert!(e.contains("line 3, field `signal`"), "{e}");
}
