//! Erasing personal details while the counts stay: the retention purge (notes and resident
//! codes of contacts older than the retention period) and the right to erasure (forget one
//! resident code). Each erasure is audited in the same transaction, by contact id only.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{Connection, TransactionBehavior, params};
use serde::Serialize;

use super::{Result, Store, StoreError, audit, parse_at};
use crate::domain::{AT_FORMAT, ContactId, STAMP_FORMAT};

/// How long the checkpoint after an erasure or restore waits for readers, in milliseconds.
const SHRINK_WAIT_MS: u64 = 500;

/// What an erasure touched (or, in a preview, would touch). Counts and dates only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Erasure {
    /// Contacts that had a note or a resident code to erase.
    pub contacts: u64,
    /// Of those, how many had a note.
    pub notes: u64,
    /// Of those, how many had a resident code.
    pub residents: u64,
    /// When the earliest and latest of them happened.
    pub first: Option<NaiveDateTime>,
    pub last: Option<NaiveDateTime>,
    #[serde(skip)]
    pub ids: Vec<ContactId>,
}

impl Erasure {
    /// "12 contacts (10 notes, 4 resident codes) from 2025-01-02 to 2025-11-20".
    pub fn summary(&self) -> String {
        let range = match (self.first, self.last) {
            (Some(f), Some(l)) => {
                format!(" from {} to {}", f.format("%Y-%m-%d"), l.format("%Y-%m-%d"))
            }
            _ => String::new(),
        };
        format!(
            "{} contact(s) ({} note(s), {} resident code(s)){range}",
            self.contacts, self.notes, self.residents
        )
    }
}

/// The first moment whose contacts keep their notes: contacts before it happened more than
/// `note_days` days before `today`. `None` when that lies before the calendar starts.
pub fn retention_cutoff(today: NaiveDate, note_days: u32) -> Option<NaiveDateTime> {
    today
        .checked_sub_days(Days::new(u64::from(note_days)))
        .map(|d| d.and_time(NaiveTime::MIN))
}

/// Which contacts an erasure is about.
enum Which<'a> {
    /// Those that happened before this moment.
    Before(NaiveDateTime),
    /// Those carrying this resident code, however it was written (`K-0042`, `K0042`): the
    /// code's [`crate::domain::resident_key`].
    Resident(&'a str),
}

/// The contacts selected by `which` that still hold a note or a resident code.
fn find(conn: &Connection, which: Which) -> Result<Erasure> {
    let (sql, arg) = match which {
        Which::Before(t) => (
            "SELECT id, at, note != '', resident IS NOT NULL FROM contacts
             WHERE at < ?1 AND (note != '' OR resident IS NOT NULL) ORDER BY at, id",
            t.format(AT_FORMAT).to_string(),
        ),
        // Stored codes are upper-case letters, digits and dashes: without the dashes, their key.
        Which::Resident(code) => (
            "SELECT id, at, note != '', resident IS NOT NULL FROM contacts
             WHERE resident IS NOT NULL AND upper(replace(resident, '-', '')) = ?1
             ORDER BY at, id",
            crate::domain::resident_key(code),
        ),
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params![arg])?;
    let mut e = Erasure::default();
    while let Some(r) = rows.next()? {
        let at = parse_at(&r.get::<_, String>(1)?, AT_FORMAT)?;
        e.ids.push(ContactId(r.get(0)?));
        e.contacts += 1;
        e.notes += u64::from(r.get::<_, bool>(2)?);
        e.residents += u64::from(r.get::<_, bool>(3)?);
        e.first = Some(e.first.map_or(at, |f| f.min(at)));
        e.last = Some(e.last.map_or(at, |l| l.max(at)));
    }
    Ok(e)
}

/// Erase the note and resident code of each of `ids`, stamping them updated at `now`, and
/// remember that they were erased (see [`erased`]).
fn erase(conn: &Connection, ids: &[ContactId], now: NaiveDateTime) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE contacts SET note = '', resident = NULL, updated_at = ?2 WHERE id = ?1",
    )?;
    let stamp = now.format(STAMP_FORMAT).to_string();
    for id in ids {
        stmt.execute(params![id.0, stamp])?;
    }
    record_erasures(conn, ids, now)
}

/// Remember that the note and resident code of `ids` were erased at `now` (the first erasure
/// counts).
pub(crate) fn record_erasures(
    conn: &Connection,
    ids: &[ContactId],
    now: NaiveDateTime,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO erasures (contact_id, erased_at) VALUES (?1, ?2)
         ON CONFLICT (contact_id) DO NOTHING",
    )?;
    let stamp = now.format(STAMP_FORMAT).to_string();
    for id in ids {
        stmt.execute(params![id.0, stamp])?;
    }
    Ok(())
}

/// Whether the note and resident code of contact `id` were erased (by the purge, `forget`,
/// or another desk's erasure that came with a bundle): then they stay empty, whatever an undo,
/// a bundle or a restore brings.
pub(crate) fn erased(conn: &Connection, id: &ContactId) -> Result<bool> {
    let mut stmt = conn.prepare_cached("SELECT 1 FROM erasures WHERE contact_id = ?1")?;
    Ok(stmt.exists(params![id.0])?)
}

/// The retention purge on `conn`, inside the caller's transaction.
pub(crate) fn purge_in(
    conn: &Connection,
    before: NaiveDateTime,
    by: &str,
    now: NaiveDateTime,
) -> Result<Erasure> {
    let found = find(conn, Which::Before(before))?;
    if found.contacts > 0 {
        erase(conn, &found.ids, now)?;
        let ids: Vec<&ContactId> = found.ids.iter().collect();
        let detail = format!(
            "notes before {}: {}",
            before.format("%Y-%m-%d"),
            found.summary()
        );
        audit::append(conn, now, by, audit::AuditKind::Purge, &ids, &detail)?;
    }
    Ok(found)
}

/// Erase again, inside the caller's transaction, every contact recorded as erased and those
/// of `ids` (named by earlier `forget` entries, from before erasures were recorded). Returns
/// how many contacts had something to erase.
pub(crate) fn reapply_in(conn: &Connection, ids: &[ContactId], now: NaiveDateTime) -> Result<u64> {
    record_erasures(conn, ids, now)?;
    let n = conn.execute(
        "UPDATE contacts SET note = '', resident = NULL, updated_at = ?1
         WHERE (note != '' OR resident IS NOT NULL)
           AND id IN (SELECT contact_id FROM erasures)",
        params![now.format(STAMP_FORMAT).to_string()],
    )?;
    Ok(n as u64)
}

impl Store {
    /// What [`Store::purge`] would erase, without erasing anything.
    pub fn purge_preview(&self, before: NaiveDateTime) -> Result<Erasure> {
        find(&self.conn, Which::Before(before))
    }

    /// Erase the notes and resident codes of contacts that happened before `before`; the
    /// contacts, their topics and counts stay. Audited as volunteer `by` (or
    /// [`audit::AUTOMATIC`]) when anything was erased.
    pub fn purge(
        &mut self,
        before: NaiveDateTime,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<Erasure> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found = purge_in(&tx, before, by, now)?;
        tx.commit()?;
        if found.contacts > 0 {
            self.shrink_wal();
        }
        Ok(found)
    }

    /// The contacts [`Store::forget_resident`] would touch, without erasing anything.
    pub fn forget_preview(&self, resident: &str) -> Result<Erasure> {
        find(&self.conn, Which::Resident(&normalized_resident(resident)?))
    }

    /// The right to erasure: erase resident code `resident` and the notes of its contacts.
    /// The audit entry names the contacts, never the code. Returns what was touched (nothing
    /// when no contact carries the code).
    pub fn forget_resident(
        &mut self,
        resident: &str,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<Erasure> {
        let code = normalized_resident(resident)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found = find(&tx, Which::Resident(&code))?;
        if found.contacts > 0 {
            erase(&tx, &found.ids, now)?;
        }
        // audited even when no stored contact carries the code: a contact deleted meanwhile
        // and put back later by an undo then comes back without its note and code
        let ids: Vec<&ContactId> = found.ids.iter().collect();
        audit::append(
            &tx,
            now,
            by,
            audit::AuditKind::Forget,
            &ids,
            &found.summary(),
        )?;
        tx.commit()?;
        if found.contacts > 0 {
            self.shrink_wal();
        }
        Ok(found)
    }

    /// Copy the write-ahead log into the database and truncate it, so erased text does not
    /// linger in old log frames. Best effort: a reader in another balie may hold it back, and
    /// then the log is reused (overwritten) later.
    pub(crate) fn shrink_wal(&self) {
        // A truncating checkpoint keeps every other writer out while it waits for readers:
        // it may wait briefly, never the full busy timeout a saving desk screen waits. When
        // it cannot get through, the next checkpoint overwrites the old pages.
        let wait = |ms| self.conn.busy_timeout(std::time::Duration::from_millis(ms));
        if wait(SHRINK_WAIT_MS).is_ok() {
            let _ = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
        let _ = wait(super::BUSY_TIMEOUT_MS);
    }
}

fn normalized_resident(code: &str) -> Result<String> {
    crate::domain::normalize_resident(code).ok_or_else(|| {
        StoreError::Invalid(format!(
            "`{code}` is not a resident code: give the 3-12 letters and digits from the card"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::domain::Contact;
    use crate::store::Filter;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
    }

    fn stored(store: &mut Store, when: &str, note: &str, resident: Option<&str>) -> Contact {
        let mut c = Contact::bare(
            at(when),
            "D",
            "AB",
            vec!["huur".into(), "taal".into()],
            at(when),
        );
        c.note = note.into();
        c.resident = resident.map(str::to_string);
        c.validate(&Config::shipped()).unwrap();
        store.insert(&c).unwrap();
        c
    }

    #[test]
    fn the_cutoff_is_the_start_of_the_day_note_days_ago() {
        let today = "2026-11-25".parse().unwrap();
        assert_eq!(retention_cutoff(today, 365), Some(at("2025-11-25 00:00")));
        assert_eq!(retention_cutoff(today, 0), Some(at("2026-11-25 00:00")));
        assert_eq!(retention_cutoff(NaiveDate::MIN, 1), None);
    }

    #[test]
    fn purge_erases_old_notes_and_codes_and_keeps_the_counts() {
        let mut store = Store::open_in_memory().unwrap();
        let old = stored(
            &mut store,
            "2025-11-24 16:00",
            "oud verhaal",
            Some("K-0042"),
        );
        let old_code_only = stored(&mut store, "2025-03-01 10:00", "", Some("K-0043"));
        let _old_empty = stored(&mut store, "2025-02-01 10:00", "", None);
        let kept = stored(
            &mut store,
            "2025-11-25 09:00",
            "net binnen de termijn",
            Some("K-0042"),
        );
        let before = retention_cutoff("2026-11-25".parse().unwrap(), 365).unwrap();
        let preview = store.purge_preview(before).unwrap();
        assert_eq!(
            (preview.contacts, preview.notes, preview.residents),
            (2, 1, 2)
        );
        assert_eq!(preview.first, Some(at("2025-03-01 10:00")));
        assert_eq!(preview.last, Some(at("2025-11-24 16:00")));
        // the preview changed nothing
        assert_eq!(store.get(&old.id).unwrap().unwrap().note, "oud verhaal");

        let now = at("2026-11-25 08:00");
        let done = store.purge(before, audit::AUTOMATIC, now).unwrap();
        assert_eq!(done.summary(), preview.summary());
        let got = store.get(&old.id).unwrap().unwrap();
        assert_eq!((got.note.as_str(), got.resident.as_deref()), ("", None));
        assert_eq!(got.topics, old.topics, "the contact and its topics stay");
        assert_eq!(got.updated_at, now);
        assert_eq!(
            store.get(&old_code_only.id).unwrap().unwrap().resident,
            None
        );
        assert_eq!(store.get(&kept.id).unwrap().unwrap(), kept);
        assert_eq!(store.count(&Filter::default()).unwrap(), 4);
        assert_eq!(
            store.topic_counts(&Filter::default()).unwrap()[0],
            ("huur".into(), 4)
        );

        let log = store.audit_entries(None, None).unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].action, audit::AuditKind::Purge);
        assert_eq!(log[0].volunteer, audit::AUTOMATIC);
        assert_eq!(log[0].contact_ids.len(), 2);
        assert!(!log[0].detail.contains("oud verhaal") && !log[0].detail.contains("K-00"));
        // a second purge finds nothing and writes no audit entry
        assert_eq!(store.purge(before, "AB", now).unwrap().contacts, 0);
        assert_eq!(store.audit_entries(None, None).unwrap().len(), 1);
    }

    #[test]
    fn forget_erases_one_residents_code_and_notes_only() {
        let mut store = Store::open_in_memory().unwrap();
        let a = stored(
            &mut store,
            "2026-11-20 09:00",
            "huurachterstand",
            Some("K-0042"),
        );
        let b = stored(&mut store, "2026-11-21 09:00", "", Some("k-0042"));
        // the same card written without its dash is the same resident
        let c = stored(&mut store, "2026-11-22 09:00", "belt terug", Some("K0042"));
        let other = stored(
            &mut store,
            "2026-11-21 10:00",
            "ander verhaal",
            Some("K-0099"),
        );
        assert_eq!(store.forget_preview(" k-0042 ").unwrap().contacts, 3);
        let done = store
            .forget_resident("k-0042", "CD", at("2026-11-25 11:00"))
            .unwrap();
        assert_eq!((done.contacts, done.notes, done.residents), (3, 2, 3));
        for id in [&a.id, &b.id, &c.id] {
            let c = store.get(id).unwrap().unwrap();
            assert_eq!((c.note.as_str(), c.resident.as_deref()), ("", None));
        }
        assert_eq!(store.get(&other.id).unwrap().unwrap(), other);
        let log = store.audit_entries(None, None).unwrap();
        assert_eq!(log[0].action, audit::AuditKind::Forget);
        assert_eq!(log[0].volunteer, "CD");
        assert_eq!(
            log[0].contact_ids,
            vec![a.id.0.clone(), b.id.0.clone(), c.id.0.clone()]
        );
        assert!(!log[0].detail.contains("0042"), "{}", log[0].detail);
        assert_eq!(
            store
                .forget_resident("K-0042", "CD", at("2026-11-25 11:01"))
                .unwrap()
                .contacts,
            0
        );
        assert!(matches!(
            store.forget_resident("Fatima", "CD", at("2026-11-25 11:01")),
            Err(StoreError::Invalid(_))
        ));
    }

    #[test]
    fn one_resident_code_is_one_resident_however_it_is_spelled() {
        let mut store = Store::open_in_memory().unwrap();
        let spellings = ["K-0042", "k0042", "K 0042", "k\u{2013}0042", " K - 00 42 "];
        for s in spellings {
            stored(&mut store, "2026-11-20 09:00", "notitie", Some(s));
        }
        let other = stored(&mut store, "2026-11-20 09:00", "ander", Some("K-0043"));
        let codes: std::collections::BTreeSet<Option<String>> = store
            .list(&Filter::default())
            .unwrap()
            .into_iter()
            .map(|c| c.resident)
            .collect();
        assert_eq!(codes.len(), 2, "{codes:?}");
        let done = store
            .forget_resident("K-0042", "CD", at("2026-11-25 11:00"))
            .unwrap();
        assert_eq!(done.residents, spellings.len() as u64);
        assert_eq!(store.get(&other.id).unwrap().unwrap(), other);
    }

    #[test]
    fn forgotten_text_is_gone_from_the_database_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(dir.path()).unwrap();
        let secret = "Xq7-unieke-notitie-Zw9";
        stored(&mut store, "2026-11-20 09:00", secret, Some("K-0042"));
        // fill a few pages so the note is not simply the last write
        for i in 0..50 {
            stored(
                &mut store,
                "2026-11-20 10:00",
                &format!("notitie {i}"),
                None,
            );
        }
        store
            .conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        let db = dir.path().join(crate::store::DB_FILE);
        let contains = |hay: &[u8]| hay.windows(secret.len()).any(|w| w == secret.as_bytes());
        assert!(
            contains(&std::fs::read(&db).unwrap()),
            "the test note is on disk first"
        );
        store
            .forget_resident("K-0042", "AB", at("2026-11-25 11:00"))
            .unwrap();
        assert!(!contains(&std::fs::read(&db).unwrap()));
        let wal = std::fs::read(dir.path().join("balie.sqlite-wal")).unwrap_or_default();
        assert!(!contains(&wal));
    }
}
