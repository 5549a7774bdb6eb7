//! Bundles that lie: rows of desks the bundle does not name, deletions of other desks'
//! contacts, impossible moments, a changed manifest; and erasures, which travel both ways and
//! are never undone by a merge; signatures by a key the desk does not own.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::{at, desk};
use crate::config::Config;
use crate::desks::bundle::{self, Bundle, BundleOptions};
use crate::desks::merge::merge;
use crate::domain::Contact;
use crate::store::{Store, StoreError};

fn write(store: &Store, dir: &TempDir, name: &str) -> PathBuf {
    let path = dir.path().join(name);
    bundle::write(
        store,
        &Config::shipped(),
        &BundleOptions::default(),
        &path,
        false,
        "KL",
        at("2026-11-25 11:42"),
    )
    .unwrap();
    path
}

/// The merge's clock.
fn now() -> chrono::NaiveDateTime {
    at("2026-11-26 09:00")
}

fn merge_files(store: &mut Store, paths: &[&Path]) -> Result<(), String> {
    let bundles: Vec<Bundle> = paths
        .iter()
        .map(|p| bundle::read(p, &Config::shipped()).map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
    merge(store, &bundles, "KL", now())
        .map(|_| ())
        .map_err(|e: StoreError| e.to_string())
}

/// A copy of `good` changed with `sql`, its row counts and checksum made to match again, as
/// anyone can who has the (public) code: only a signature could tell.
fn forged(dir: &TempDir, good: &Path, name: &str, sql: &str) -> PathBuf {
    let out = dir.path().join(name);
    std::fs::copy(good, &out).unwrap();
    let conn = rusqlite::Connection::open(&out).unwrap();
    conn.execute_batch(sql).unwrap();
    let (rows, _) = bundle::digest(&conn).unwrap();
    for (table, n) in [
        ("contacts", rows.contacts),
        ("deleted_contacts", rows.deleted_contacts),
    ] {
        conn.execute(
            "UPDATE manifest SET value = ?1 WHERE key = ?2",
            rusqlite::params![n.to_string(), format!("rows.{table}")],
        )
        .unwrap();
    }
    let (_, checksum) = bundle::digest(&conn).unwrap();
    conn.execute(
        "UPDATE manifest SET value = ?1 WHERE key = 'checksum'",
        [&checksum],
    )
    .unwrap();
    // signed again with a key of the forger's own: the desk's key is not theirs to use
    conn.execute_batch("DROP TABLE signature").unwrap();
    bundle::sign::sign(&conn, &forger_key(), &checksum).unwrap();
    out
}

fn forger_key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::from_bytes(&[9u8; 32])
}

fn note_of(store: &Store, c: &Contact) -> (String, Option<String>) {
    let c = store.get(&c.id).unwrap().unwrap();
    (c.note, c.resident)
}

#[test]
fn a_bundle_may_not_add_or_delete_contacts_of_a_desk_it_does_not_name() {
    let dir = TempDir::new().unwrap();
    let (noord, cn) = desk("Noord", 4);
    let (zuid, cz) = desk("Zuid", 4);
    let mut city = Store::open_in_memory().unwrap();
    let z = write(&zuid, &dir, "zuid.balie");
    merge_files(&mut city, &[&z]).unwrap();
    let n = write(&noord, &dir, "noord.balie");

    let other_desk = forged(
        &dir,
        &n,
        "desk.balie",
        &format!(
            "UPDATE contacts SET desk = 'Zuid' WHERE id = '{}'",
            cn[0].id
        ),
    );
    let e = merge_files(&mut city, &[&other_desk]).unwrap_err();
    assert!(e.contains("Zuid") && e.contains("does not name"), "{e}");

    let takeover = forged(
        &dir,
        &n,
        "takeover.balie",
        &format!(
            "UPDATE contacts SET id = '{z}', desk = 'Noord' WHERE id = '{n}';
             UPDATE contact_topics SET contact_id = '{z}' WHERE contact_id = '{n}'",
            z = cz[1].id,
            n = cn[1].id
        ),
    );
    let e = merge_files(&mut city, &[&takeover]).unwrap_err();
    assert!(
        e.contains("Zuid") && e.contains("Nothing was merged"),
        "{e}"
    );

    let tombstone = forged(
        &dir,
        &n,
        "tomb.balie",
        &format!(
            "INSERT INTO deleted_contacts (id, deleted_at) VALUES ('{}', '2026-11-24 10:00:00')",
            cz[2].id
        ),
    );
    let e = merge_files(&mut city, &[&tombstone]).unwrap_err();
    assert!(
        e.contains("Zuid") && e.contains("Nothing was merged"),
        "{e}"
    );
    assert!(city.get(&cz[2].id).unwrap().is_some(), "not deleted");
    assert_eq!(city.get(&cz[1].id).unwrap().unwrap().desk, "Zuid");
    // the honest bundle still merges
    merge_files(&mut city, &[&n]).unwrap();
}

#[test]
fn moments_outside_1990_to_a_day_ahead_are_refused() {
    let dir = TempDir::new().unwrap();
    let (noord, cn) = desk("Noord", 3);
    let n = write(&noord, &dir, "noord.balie");
    let mut city = Store::open_in_memory().unwrap();
    merge_files(&mut city, &[&n]).unwrap();
    for (name, sql) in [
        (
            "edit.balie",
            "UPDATE contacts SET updated_at = '9999-12-31 23:59:59'",
        ),
        ("year1.balie", "UPDATE contacts SET at = '0001-01-01 10:00'"),
        ("far.balie", "UPDATE contacts SET at = '9999-01-01 10:00'"),
        (
            "early.balie",
            "UPDATE contacts SET created_at = '1900-05-01 10:00:00'",
        ),
        (
            "ahead.balie",
            "UPDATE contacts SET updated_at = '2026-11-27 09:01:00'",
        ),
    ] {
        let bad = forged(&dir, &n, name, sql);
        let e = merge_files(&mut city, &[&bad]).unwrap_err();
        assert!(
            e.contains("1990") && e.contains("Nothing was merged"),
            "{name}: {e}"
        );
    }
    assert_eq!(city.get(&cn[0].id).unwrap().unwrap(), cn[0]);
}

#[test]
fn the_checksum_covers_the_manifest() {
    let dir = TempDir::new().unwrap();
    let (noord, _) = desk("Noord", 3);
    let n = write(&noord, &dir, "noord.balie");
    let out = dir.path().join("desks.balie");
    std::fs::copy(&n, &out).unwrap();
    let conn = rusqlite::Connection::open(&out).unwrap();
    conn.execute_batch(r#"UPDATE manifest SET value = '["Noord","Zuid"]' WHERE key = 'desks'"#)
        .unwrap();
    drop(conn);
    let e = bundle::read(&out, &Config::shipped())
        .unwrap_err()
        .to_string();
    assert!(e.contains("checksum does not match"), "{e}");
}

#[test]
fn a_merge_never_brings_back_what_was_erased_here_and_the_desks_erasures_travel() {
    let dir = TempDir::new().unwrap();
    let (mut noord, cn) = desk("Noord", 12);
    // cn[0], cn[3], cn[6], cn[9] carry resident codes; cn[1], cn[5], cn[9] a note
    let first = write(&noord, &dir, "eerste.balie");
    let mut city = Store::open_in_memory().unwrap();
    merge_files(&mut city, &[&first]).unwrap();
    let code = cn[9].resident.clone().unwrap();
    city.forget_resident(&code, "KL", at("2026-11-25 12:00"))
        .unwrap();
    // later the desk edits that contact (its note and code still there)
    let mut edited = noord.get(&cn[9].id).unwrap().unwrap();
    edited.minutes = Some(55);
    edited.updated_at = at("2026-11-25 14:00");
    noord.update(&edited, "AB").unwrap();
    let second = write(&noord, &dir, "tweede.balie");
    merge_files(&mut city, &[&second]).unwrap();
    let got = city.get(&cn[9].id).unwrap().unwrap();
    assert_eq!(got.minutes, Some(55), "the edit came");
    assert_eq!(
        (got.note.as_str(), got.resident.as_deref()),
        ("", None),
        "the erasure stands"
    );

    // the desk forgets a resident; the coordinator had edited that contact later still
    let code = cn[3].resident.clone().unwrap();
    let mut at_city = city.get(&cn[3].id).unwrap().unwrap();
    at_city.minutes = Some(5);
    at_city.updated_at = at("2026-11-25 20:00");
    city.update(&at_city, "KL").unwrap();
    assert!(note_of(&city, &cn[3]).1.is_some());
    noord
        .forget_resident(&code, "AB", at("2026-11-25 15:00"))
        .unwrap();
    let third = write(&noord, &dir, "derde.balie");
    merge_files(&mut city, &[&third]).unwrap();
    assert_eq!(
        note_of(&city, &cn[3]),
        (String::new(), None),
        "the desk's erasure travelled"
    );
    assert_eq!(city.get(&cn[3].id).unwrap().unwrap().minutes, Some(5));
    // and an older bundle cannot bring anything erased back
    merge_files(&mut city, &[&first]).unwrap();
    assert_eq!(note_of(&city, &cn[3]), (String::new(), None));
    assert_eq!(note_of(&city, &cn[9]), (String::new(), None));
}

#[test]
fn a_bundle_with_an_article_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = TempDir::new().unwrap();
    let (noord, _) = desk("Noord", 2);
    let n = write(&noord, &dir, "noord.balie");
    let big = forged(
        &dir,
        &n,
        "big.balie",
        "INSERT INTO articles (id, text, updated_at)
         VALUES ('groot', printf('%.*c', 3000000, 'x'), '2026-11-20 10:00:00')",
    );
    // the forger's helper fixes counts of contacts and deletions only: fix the articles too
    let conn = rusqlite::Connection::open(&big).unwrap();
    conn.execute(
        "UPDATE manifest SET value = '1' WHERE key = 'rows.articles'",
        [],
    )
    .unwrap();
    let (_, checksum) = bundle::digest(&conn).unwrap();
    conn.execute(
        "UPDATE manifest SET value = ?1 WHERE key = 'checksum'",
        [&checksum],
    )
    .unwrap();
    conn.execute_batch("DROP TABLE signature").unwrap();
    bundle::sign::sign(&conn, &forger_key(), &checksum).unwrap();
    drop(conn);
    let e = bundle::read(&big, &Config::shipped())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("article `groot`") && e.contains("at most 256 KiB"),
        "{e}"
    );
}

#[test]
fn after_a_desks_first_signed_bundle_only_its_key_is_believed() {
    let dir = TempDir::new().unwrap();
    let (noord, cn) = desk("Noord", 3);
    let first = write(&noord, &dir, "first.balie");
    let mut city = Store::open_in_memory().unwrap();
    merge_files(&mut city, &[&first]).unwrap();
    let key = bundle::sign::public_key(&noord).unwrap();
    assert_eq!(city.trusted_keys("Noord").unwrap(), vec![key.clone()]);
    let log = city.audit_entries(None, None).unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == crate::store::audit::AuditKind::BundleKey
                && e.detail.contains(&key)),
        "the trusted key is audited"
    );
    let before = note_of(&city, &cn[0]);

    // changed and signed with a key of the forger's own
    let sql = format!(
        "UPDATE contacts SET note = 'vervalst' WHERE id = '{}'",
        cn[0].id
    );
    let other_key = forged(&dir, &first, "other-key.balie", &sql);
    let e = merge_files(&mut city, &[&other_key]).unwrap_err();
    assert!(
        e.contains("is signed by the key") && e.contains(&key) && e.contains("Nothing was merged"),
        "{e}"
    );
    assert_eq!(note_of(&city, &cn[0]), before);

    // changed, its checksum made to match, the desk's signature left as it was
    let kept_signature = dir.path().join("kept-signature.balie");
    std::fs::copy(&other_key, &kept_signature).unwrap();
    {
        let conn = rusqlite::Connection::open(&kept_signature).unwrap();
        let first_conn = rusqlite::Connection::open(&first).unwrap();
        let (signer, signature): (String, String) = first_conn
            .query_row("SELECT signer, signature FROM signature", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        conn.execute(
            "UPDATE signature SET signer = ?1, signature = ?2",
            rusqlite::params![signer, signature],
        )
        .unwrap();
    }
    let e = merge_files(&mut city, &[&kept_signature]).unwrap_err();
    assert!(e.contains("signature does not match"), "{e}");

    // no signature at all (as an older balie wrote): refused for a desk with a known key,
    // taken for a desk with none
    let unsigned = dir.path().join("unsigned.balie");
    std::fs::copy(&first, &unsigned).unwrap();
    rusqlite::Connection::open(&unsigned)
        .unwrap()
        .execute_batch("DROP TABLE signature")
        .unwrap();
    let e = merge_files(&mut city, &[&unsigned]).unwrap_err();
    assert!(e.contains("is not signed"), "{e}");
    let mut fresh = Store::open_in_memory().unwrap();
    merge_files(&mut fresh, &[&unsigned]).unwrap();
    assert!(fresh.trusted_keys("Noord").unwrap().is_empty());

    // a desk's new PC: its key trusted by hand, then its bundles are taken
    let forger = bundle::sign::public_text(&forger_key().verifying_key());
    city.trust_key("Noord", &forger).unwrap();
    merge_files(&mut city, &[&other_key]).unwrap();
    assert_eq!(note_of(&city, &cn[0]).0, "vervalst");
}
