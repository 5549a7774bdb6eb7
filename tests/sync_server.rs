//! Desks syncing to a real PostgreSQL server, through the real binary: the administrator's
//! commands, two desks and a coordinator end to end, repeats, edits, deletions, erasures and
//! notes. Each test starts its own throwaway cluster (see `pg/mod.rs`).

mod common;
mod pg;

use pg::Pg;
use pg::city::{NOORD, OOST, at, city, id, server, stdout};

#[test]
fn init_twice_changes_nothing_and_reports_the_version() {
    let Some(pg) = Pg::start("init_twice_changes_nothing_and_reports_the_version") else {
        return;
    };
    let first = stdout(server(&pg, &["init"]));
    assert!(
        first.contains("created the balie schema (version 1)"),
        "{first}"
    );
    let second = stdout(server(&pg, &["init"]));
    assert!(
        second.contains("up to date (version 1); nothing changed"),
        "{second}"
    );
    assert!(!first.contains(pg::ADMIN_PASSWORD) && !second.contains(pg::ADMIN_PASSWORD));
    assert_eq!(
        pg.admin_sql("SELECT count(*) FROM balie.schema_version"),
        "1"
    );
}

#[test]
fn two_desks_and_a_coordinator_end_to_end() {
    let Some(city) = city("two_desks_and_a_coordinator_end_to_end") else {
        return;
    };
    let a = city.log(
        NOORD,
        &[
            "--topic",
            "huur",
            "--landlord",
            "ymere",
            "--note",
            "brief van ymere",
        ],
    );
    let b = city.log(NOORD, &["--topic", "onderhoud", "--topic", "huur"]);
    let c = city.log(OOST, &["--topic", "taal", "--resident", "K-0042"]);
    let noord = city.sync_json(NOORD);
    assert_eq!(
        (noord["sent"].as_u64(), noord["coordinator"].as_bool()),
        (Some(2), Some(false))
    );
    let oost = city.sync(OOST);
    assert!(oost.contains("1 contact and 0 deletions sent"), "{oost}");

    // On the server: three contacts, each desk's own, topics in order, no notes.
    assert_eq!(
        city.server_sql("SELECT string_agg(desk || ':' || array_to_string(topics, '+'), ' ' ORDER BY desk, at, id) FROM balie.contacts"),
        format!("{NOORD}:huur {NOORD}:onderhoud+huur {OOST}:taal")
    );
    assert_eq!(
        city.server_sql("SELECT count(*) FROM balie.contacts WHERE note IS NOT NULL"),
        "0"
    );
    assert_eq!(
        city.server_sql(&format!(
            "SELECT resident FROM balie.contacts WHERE id = '{c}'"
        )),
        "K0042"
    );

    // The coordinator pulls all three and reports over them as over merged bundles.
    let co = city.sync_json("Coordinatie");
    assert_eq!(co["coordinator"].as_bool(), Some(true));
    assert_eq!(co["pulled"]["added"].as_u64(), Some(3));
    assert_eq!(city.local_count("Coordinatie"), 3);
    let report = stdout(city.balie("Coordinatie").args([
        "report",
        "--by",
        "desk",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--format",
        "csv",
    ]));
    assert!(report.contains(NOORD) && report.contains(OOST), "{report}");
    let shown = stdout(city.balie("Coordinatie").args(["list", "--format", "json"]));
    for id in [&a, &b, &c] {
        assert!(shown.contains(id.as_str()), "{id} missing from {shown}");
    }
    // The pulled contacts are not the coordinator's to send back.
    let again = city.sync_json("Coordinatie");
    assert_eq!(again["pulled"]["added"].as_u64(), Some(0));

    // The server knows when each desk last synced and how much it holds.
    let status = stdout(server(&city.pg, &["status", "--format", "csv"]));
    let noord_line = status.lines().find(|l| l.starts_with(NOORD)).unwrap();
    assert!(
        noord_line.contains(",desk,balie_wswonen_noord,2026")
            || noord_line.contains(",desk,balie_wswonen_noord,20"),
        "{status}"
    );
    assert!(noord_line.ends_with(",2,2,0,"), "{status}");
}

#[test]
fn a_repeat_sync_sends_nothing_and_edits_and_deletions_follow() {
    let Some(city) = city("a_repeat_sync_sends_nothing_and_edits_and_deletions_follow") else {
        return;
    };
    let a = city.log(NOORD, &["--topic", "huur"]);
    let b = city.log(NOORD, &["--topic", "taal"]);
    city.sync(NOORD);
    city.sync("Coordinatie");
    let stamp = city
        .server_sql("SELECT string_agg(changed_by_tx::text, ',' ORDER BY id) FROM balie.contacts");
    let again = city.sync_json(NOORD);
    assert_eq!(
        (again["sent"].as_u64(), again["deletions"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(
        city.server_sql(
            "SELECT string_agg(changed_by_tx::text, ',' ORDER BY id) FROM balie.contacts"
        ),
        stamp,
        "a repeat sync rewrote rows"
    );

    // A forget (an erasure) and a deletion at the desk reach the server and the coordinator.
    let c = city.log(NOORD, &["--topic", "schulden", "--resident", "K-0077"]);
    city.sync(NOORD);
    assert_eq!(
        city.server_sql(&format!(
            "SELECT resident FROM balie.contacts WHERE id = '{c}'"
        )),
        "K0077"
    );
    stdout(city.balie(NOORD).args(["forget", "--resident", "K-0077"]));
    // Deleting and editing happen on the desk screen; here through the same store calls.
    let mut store = balie::store::Store::open_dir(&city.data(NOORD)).unwrap();
    let noon = at("2026-11-25 12:00");
    store.delete(&id(&a), "ab", noon).unwrap();
    let mut edited = store.get(&id(&b)).unwrap().unwrap();
    edited.minutes = Some(25);
    edited.updated_at = noon;
    assert!(store.update(&edited, "ab").unwrap());
    drop(store);
    let sent = city.sync_json(NOORD);
    assert_eq!(
        (sent["sent"].as_u64(), sent["deletions"].as_u64()),
        (Some(2), Some(1)),
        "{sent}"
    );
    assert_eq!(
        city.server_sql(&format!(
            "SELECT minutes FROM balie.contacts WHERE id = '{b}'"
        )),
        "25"
    );
    assert_eq!(
        city.server_sql(&format!(
            "SELECT coalesce(resident, 'none') FROM balie.contacts WHERE id = '{c}'"
        )),
        "none"
    );
    assert_eq!(
        city.server_sql(&format!(
            "SELECT count(*) FROM balie.contacts WHERE id = '{a}'"
        )),
        "0"
    );
    assert_eq!(
        city.server_sql(&format!(
            "SELECT count(*) FROM balie.deleted_contacts WHERE id = '{a}'"
        )),
        "1"
    );
    let co = city.sync_json("Coordinatie");
    assert_eq!(co["pulled"]["deleted"].as_u64(), Some(1), "{co}");
    let list = stdout(city.balie("Coordinatie").args(["list", "--format", "json"]));
    assert!(!list.contains(&a) && list.contains(&b), "{list}");
    let store = balie::store::Store::open_dir(&city.data("Coordinatie")).unwrap();
    assert_eq!(store.get(&id(&b)).unwrap().unwrap().minutes, Some(25));
    assert_eq!(store.get(&id(&c)).unwrap().unwrap().resident, None);
}

const ARTICLE: &str = "+++
id = \"fietsenmaker\"
title = \"Fietsenmaker in de buurt\"
aliases = [\"fiets\", \"lekke band\"]
topics = [\"klussen\"]
source = \"Coordinatie wonen (2026)\"
valid_from = \"2026-01-01\"
last_checked = \"2026-11-01\"
review_by = \"2027-05-01\"
+++
# Fietsenmaker

Op **dinsdag** plakt een vrijwilliger banden.
";

#[test]
fn a_coordinators_article_reaches_every_desk() {
    let Some(city) = city("a_coordinators_article_reaches_every_desk") else {
        return;
    };
    let file = city.home.path().join("fietsenmaker.md");
    std::fs::write(&file, ARTICLE).unwrap();
    stdout(city.balie("Coordinatie").args(["kb", "import"]).arg(&file));
    let co = city.sync_json("Coordinatie");
    assert_eq!(co["published"].as_u64(), Some(1), "{co}");
    let desk = city.sync_json(NOORD);
    assert_eq!(desk["articles"].as_u64(), Some(1), "{desk}");
    let shown = stdout(city.balie(NOORD).args(["kb", "show", "fietsenmaker"]));
    assert!(shown.contains("plakt een vrijwilliger banden"), "{shown}");
    // Nothing new the second time.
    assert_eq!(city.sync_json(NOORD)["articles"].as_u64(), Some(0));
    assert_eq!(city.sync_json("Coordinatie")["published"].as_u64(), Some(0));
}

#[test]
fn a_contact_that_arrives_by_bundle_and_by_sync_is_stored_once() {
    let Some(city) = city("a_contact_that_arrives_by_bundle_and_by_sync_is_stored_once") else {
        return;
    };
    let a = city.log(NOORD, &["--topic", "huur"]);
    let bundle = city.home.path().join("noord.balie");
    stdout(city.balie(NOORD).args(["export", "--bundle"]).arg(&bundle));
    stdout(city.balie("Coordinatie").arg("merge").arg(&bundle));
    city.sync(NOORD);
    let co = city.sync_json("Coordinatie");
    assert_eq!(
        (
            co["pulled"]["added"].as_u64(),
            co["pulled"]["skipped"].as_u64()
        ),
        (Some(0), Some(1)),
        "{co}"
    );
    assert_eq!(city.local_count("Coordinatie"), 1);
    // And the other way round: by sync first, then the bundle adds nothing.
    let b = city.log(NOORD, &["--topic", "taal"]);
    city.sync(NOORD);
    city.sync("Coordinatie");
    let later = city.home.path().join("noord-2.balie");
    stdout(city.balie(NOORD).args(["export", "--bundle"]).arg(&later));
    let merged = stdout(city.balie("Coordinatie").arg("merge").arg(&later));
    assert!(merged.contains("added 0"), "{merged}");
    assert_eq!(city.local_count("Coordinatie"), 2);
    let list = stdout(city.balie("Coordinatie").args(["list", "--format", "json"]));
    assert!(list.contains(&a) && list.contains(&b));
}
