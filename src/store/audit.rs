//! The audit log: an append-only record (triggers refuse updates and deletes) of who edited,
//! deleted, erased, restored or exported contacts, when, and which contact ids. Never note
//! contents, never resident codes.

use chrono::NaiveDateTime;
use rusqlite::{Connection, params};
use serde::Serialize;

use super::{Result, Store, parse_at};
use crate::domain::{Contact, ContactId, STAMP_FORMAT};

/// What an audit entry records. Stored as its text (`edit`, `follow-up`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AuditKind {
    /// A contact's fields were changed.
    Edit,
    /// A contact was deleted.
    Delete,
    /// A deleted contact was put back (undo).
    Undelete,
    /// Notes and resident codes older than the retention period were erased.
    Purge,
    /// A resident's code and the notes of their contacts were erased on request.
    Forget,
    /// The database was replaced by a backup.
    Restore,
    /// A copy of the whole database was written to a file of the user's choosing.
    Backup,
    /// Contacts were written out (CSV, JSON, a report, a bundle).
    Export,
    /// A contact's follow-up was marked done, or opened again.
    FollowUp,
    /// Another desk's bundle was merged in: a contact was updated or deleted by it, or
    /// (without contact ids) what the merge added, updated and skipped.
    Merge,
    /// Contacts were imported from a CSV file.
    Import,
    /// A knowledge-base article was edited at this desk (`balie kb edit`, or `e` in the reader).
    KbEdit,
    /// A knowledge-base article was checked against a current source (`balie kb review`).
    KbReview,
    /// A knowledge-base article went back to an earlier version (`balie kb revert`).
    KbRevert,
    /// A desk's bundle signing key was trusted: learned from its first signed bundle, or
    /// given with `balie keys trust`.
    BundleKey,
    /// A kind this balie does not know (written by a newer one): kept as it is.
    Other(String),
}

impl AuditKind {
    const KNOWN: [AuditKind; 15] = [
        AuditKind::Edit,
        AuditKind::Delete,
        AuditKind::Undelete,
        AuditKind::Purge,
        AuditKind::Forget,
        AuditKind::Restore,
        AuditKind::Backup,
        AuditKind::Export,
        AuditKind::FollowUp,
        AuditKind::Merge,
        AuditKind::Import,
        AuditKind::KbEdit,
        AuditKind::KbReview,
        AuditKind::KbRevert,
        AuditKind::BundleKey,
    ];

    pub fn as_str(&self) -> &str {
        match self {
            AuditKind::Edit => "edit",
            AuditKind::Delete => "delete",
            AuditKind::Undelete => "undelete",
            AuditKind::Purge => "purge",
            AuditKind::Forget => "forget",
            AuditKind::Restore => "restore",
            AuditKind::Backup => "backup",
            AuditKind::Export => "export",
            AuditKind::FollowUp => "follow-up",
            AuditKind::Merge => "merge",
            AuditKind::Import => "import",
            AuditKind::KbEdit => "kb-edit",
            AuditKind::KbReview => "kb-review",
            AuditKind::KbRevert => "kb-revert",
            AuditKind::BundleKey => "bundle-key",
            AuditKind::Other(s) => s,
        }
    }

    /// The kind stored as `text`.
    pub fn parse(text: &str) -> AuditKind {
        Self::KNOWN
            .into_iter()
            .find(|k| k.as_str() == text)
            .unwrap_or_else(|| AuditKind::Other(text.to_string()))
    }
}

impl std::fmt::Display for AuditKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for AuditKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Who did it when nobody did: the automatic daily purge. Initials are upper case, so this
/// can never be a volunteer's.
pub const AUTOMATIC: &str = "(auto)";

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    #[serde(serialize_with = "stamp")]
    pub at: NaiveDateTime,
    /// Initials, [`AUTOMATIC`], or empty when nobody was set.
    pub volunteer: String,
    pub action: AuditKind,
    pub contact_ids: Vec<String>,
    pub detail: String,
}

fn stamp<S: serde::Serializer>(at: &NaiveDateTime, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&at.format(STAMP_FORMAT).to_string())
}

/// Append one entry on `conn` (a transaction, when it records a change made in it).
pub(crate) fn append(
    conn: &Connection,
    at: NaiveDateTime,
    volunteer: &str,
    action: AuditKind,
    ids: &[&ContactId],
    detail: &str,
) -> Result<()> {
    let ids = ids
        .iter()
        .map(|i| i.0.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    conn.execute(
        "INSERT INTO audit (at, volunteer, action, contact_ids, detail)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            at.format(STAMP_FORMAT).to_string(),
            volunteer,
            action.as_str(),
            ids,
            detail
        ],
    )?;
    Ok(())
}

/// The names of the fields that differ between two versions of a contact (never the values).
pub fn changed_fields(old: &Contact, new: &Contact) -> Vec<&'static str> {
    super::columns::changed(old, new)
}

pub(crate) fn all_entries(conn: &Connection) -> Result<Vec<AuditEntry>> {
    entries(conn, None, None)
}

fn entries(
    conn: &Connection,
    from: Option<NaiveDateTime>,
    until: Option<NaiveDateTime>,
) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, at, volunteer, action, contact_ids, detail FROM audit
         WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR at < ?2)
         ORDER BY at, seq",
    )?;
    let mut rows = stmt.query(params![
        from.map(|t| t.format(STAMP_FORMAT).to_string()),
        until.map(|t| t.format(STAMP_FORMAT).to_string()),
    ])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let ids: String = r.get(4)?;
        out.push(AuditEntry {
            seq: r.get(0)?,
            at: parse_at(&r.get::<_, String>(1)?, STAMP_FORMAT)?,
            volunteer: r.get(2)?,
            action: AuditKind::parse(&r.get::<_, String>(3)?),
            contact_ids: ids.split_whitespace().map(str::to_string).collect(),
            detail: r.get(5)?,
        });
    }
    Ok(out)
}

impl Store {
    /// The audit log from `from` (inclusive) until `until` (exclusive), oldest first.
    pub fn audit_entries(
        &self,
        from: Option<NaiveDateTime>,
        until: Option<NaiveDateTime>,
    ) -> Result<Vec<AuditEntry>> {
        entries(&self.conn, from, until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_audit_kind_reads_back_as_written_and_an_unknown_one_is_kept() {
        for k in AuditKind::KNOWN {
            assert_eq!(AuditKind::parse(k.as_str()), k);
        }
        assert_eq!(AuditKind::FollowUp.as_str(), "follow-up");
        assert_eq!(
            AuditKind::parse("sync"),
            AuditKind::Other("sync".to_string())
        );
        assert_eq!(AuditKind::parse("sync").as_str(), "sync");
    }
    use crate::config::Config;
    use crate::domain::AT_FORMAT;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
    }

    fn stored(store: &mut Store, when: &str, note: &str) -> Contact {
        let mut c = Contact::bare(at(when), "D", "AB", vec!["huur".into()], at(when));
        c.note = note.into();
        c.validate(&Config::shipped()).unwrap();
        store.insert(&c).unwrap();
        c
    }

    #[test]
    fn an_edit_is_audited_with_field_names_and_never_contents() {
        let mut store = Store::open_in_memory().unwrap();
        let mut c = stored(&mut store, "2026-11-20 09:00", "oude notitie");
        c.note = "geheime nieuwe notitie".into();
        c.topics = vec!["onderhoud".into()];
        c.updated_at = at("2026-11-20 09:30");
        assert!(store.update(&c, "CD").unwrap());
        let log = store.audit_entries(None, None).unwrap();
        assert_eq!(log.len(), 1);
        let e = &log[0];
        assert_eq!((&e.action, e.volunteer.as_str()), (&AuditKind::Edit, "CD"));
        assert_eq!(e.at, at("2026-11-20 09:30"));
        assert_eq!(e.contact_ids, vec![c.id.0.clone()]);
        assert_eq!(e.detail, "changed topics, note");
        assert!(!e.detail.contains("geheime") && !e.detail.contains("oude"));
    }

    #[test]
    fn saving_unchanged_writes_nothing_and_a_missing_contact_is_not_audited() {
        let mut store = Store::open_in_memory().unwrap();
        let c = stored(&mut store, "2026-11-20 09:00", "");
        assert!(store.update(&c, "CD").unwrap());
        let mut gone = c.clone();
        gone.id = ContactId::new();
        gone.note = "x".into();
        assert!(!store.update(&gone, "CD").unwrap());
        assert!(store.audit_entries(None, None).unwrap().is_empty());
    }

    #[test]
    fn delete_and_undo_are_audited_in_order() {
        let mut store = Store::open_in_memory().unwrap();
        let c = stored(&mut store, "2026-11-20 09:00", "");
        store
            .delete(&c.id, "AB", at("2026-11-20 10:00"))
            .unwrap()
            .unwrap();
        store
            .restore_contact(&c, "AB", at("2026-11-20 10:01"))
            .unwrap();
        assert!(
            store
                .delete(&ContactId::new(), "AB", at("2026-11-20 10:02"))
                .unwrap()
                .is_none()
        );
        let log = store.audit_entries(None, None).unwrap();
        let actions: Vec<_> = log.iter().map(|e| e.action.clone()).collect();
        assert_eq!(actions, vec![AuditKind::Delete, AuditKind::Undelete]);
        assert_eq!(log[0].detail, "contact of 2026-11-20 09:00");
    }

    #[test]
    fn a_failed_change_leaves_no_audit_entry() {
        let mut store = Store::open_in_memory().unwrap();
        let mut c = stored(&mut store, "2026-11-20 09:00", "");
        // the schema refuses this kind, so the update fails after the audit check
        store
            .conn()
            .execute_batch("CREATE TRIGGER no_edits BEFORE UPDATE ON contacts BEGIN SELECT RAISE(ABORT, 'no'); END;")
            .unwrap();
        c.note = "iets".into();
        assert!(store.update(&c, "AB").is_err());
        assert!(store.audit_entries(None, None).unwrap().is_empty());
    }

    #[test]
    fn entries_are_filtered_by_time() {
        let store = Store::open_in_memory().unwrap();
        for (t, a) in [
            ("2026-11-01 09:00", AuditKind::Export),
            ("2026-11-10 09:00", AuditKind::Purge),
            ("2026-11-20 09:00", AuditKind::Forget),
        ] {
            store.audit(at(t), "AB", a, &[], "").unwrap();
        }
        let got = store
            .audit_entries(Some(at("2026-11-05 00:00")), Some(at("2026-11-20 09:00")))
            .unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].action, AuditKind::Purge);
    }
}
