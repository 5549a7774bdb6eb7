//! Putting a backup's rows in place of the database's (see [`crate::backup::restore`]): one
//! transaction under the write lock, in which the copy of what is replaced is kept, the
//! backup's tables are copied in, the audit log and the erasures only grow, what was erased
//! since is erased again, and the retention period applied.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::Connection;

use super::audit::{self, AuditEntry};
use super::erase::{Erasure, purge_in, reapply_in};
use super::{Result, Store, StoreError};
use crate::domain::ContactId;

/// What putting a backup in place did besides copying it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Replaced {
    /// Audit entries written after the backup was made, carried over into the restored log.
    pub audit_carried: usize,
    /// Contacts whose erasure (`balie forget`, the purge) the backup predates, erased again.
    pub forgets_reapplied: u64,
    /// What the retention period erased from the restored contacts.
    pub purged: Erasure,
}

impl Store {
    /// Replace this database's rows by those of `staged` (a checked backup at this schema),
    /// in one transaction under the write lock: first `keep` (which keeps a copy of the
    /// database as it is, reading through a connection of its own: nobody can commit
    /// meanwhile), then the copy-in, the audit log and the erasures merged (they only grow),
    /// the contacts erased since the backup erased again, the notes before `purge_before`
    /// purged, and the restore audited as `by` at `now` with the words `detail` gives for
    /// what `keep` kept. All or nothing.
    pub(crate) fn replace_with<K, E: From<StoreError>>(
        &mut self,
        staged: &Connection,
        purge_before: Option<NaiveDateTime>,
        by: &str,
        now: NaiveDateTime,
        keep: impl FnOnce() -> std::result::Result<K, E>,
        detail: impl FnOnce(&K) -> String,
    ) -> std::result::Result<(K, Replaced), E> {
        let conn = &mut self.conn;
        // plain (`KEY ''`): an attached database otherwise takes the main one's key, and the
        // online backup does not copy between a plain and an encrypted database
        crate::crypt::attach(conn, Path::new(":memory:"), "staged", None)
            .map_err(StoreError::from)?;
        let result = (|| -> std::result::Result<(K, Replaced), E> {
            copy_database(staged, "main", conn, "staged")?;
            conn.execute_batch("BEGIN IMMEDIATE")
                .map_err(StoreError::from)?;
            let done = (|| -> std::result::Result<(K, Replaced), E> {
                let kept = keep()?;
                let replaced = replace_in_transaction(conn, purge_before, by, now, &detail(&kept))?;
                Ok((kept, replaced))
            })();
            match done {
                Ok(r) => {
                    conn.execute_batch("COMMIT").map_err(StoreError::from)?;
                    Ok(r)
                }
                Err(e) => {
                    let _ = conn.execute_batch("ROLLBACK");
                    Err(e)
                }
            }
        })();
        let _ = conn.execute_batch("DETACH DATABASE staged");
        let done = result?;
        self.shrink_wal();
        Ok(done)
    }
}

/// Inside the write transaction: copy the backup in, carry the audit log over, erase again
/// what was erased, purge, and audit the restore.
fn replace_in_transaction(
    conn: &Connection,
    purge_before: Option<NaiveDateTime>,
    by: &str,
    now: NaiveDateTime,
    detail: &str,
) -> Result<Replaced> {
    let previous_log = audit::all_entries(conn)?;
    let restored_log = staged_audit(conn)?;
    copy_tables(conn)?;
    // The audit log and the erasures only grow: what the backup holds is added to what is
    // here, nothing here is removed.
    let audit_carried = merge_audit(conn, &restored_log, &previous_log)?;
    conn.execute(
        "INSERT INTO main.erasures (contact_id, erased_at)
         SELECT contact_id, erased_at FROM staged.erasures WHERE true
         ON CONFLICT (contact_id) DO NOTHING",
        [],
    )?;
    let forgotten: BTreeSet<ContactId> = previous_log
        .iter()
        .filter(|e| e.action == audit::AuditKind::Forget)
        .flat_map(|e| e.contact_ids.iter().map(|i| ContactId(i.clone())))
        .collect();
    let forgotten: Vec<ContactId> = forgotten.into_iter().collect();
    let forgets_reapplied = reapply_in(conn, &forgotten, now)?;
    let purged = match purge_before {
        Some(cutoff) => purge_in(conn, cutoff, audit::AUTOMATIC, now)?,
        None => Erasure::default(),
    };
    audit::append(conn, now, by, audit::AuditKind::Restore, &[], detail)?;
    Ok(Replaced {
        audit_carried,
        forgets_reapplied,
        purged,
    })
}

/// Copy database `from_name` of `from` into `to_name` of `to`, all pages in one step (the
/// online backup).
pub(crate) fn copy_database(
    from: &Connection,
    from_name: &str,
    to: &mut Connection,
    to_name: &str,
) -> Result<()> {
    use rusqlite::backup::{Backup, StepResult};
    let backup = Backup::new_with_names(from, from_name, to, to_name)?;
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => continue,
            _ => return Err(StoreError::Busy),
        }
    }
}

/// The tables a restore replaces: every table of the staged schema but the audit log and the
/// erasures (which only grow and are merged), the full-text index's own shadow tables, and the
/// upload queue, which stays this database's own: the contact triggers queue every contact the
/// copy removes or puts back, so the next sync makes the server follow the restored state.
fn tables_to_copy(conn: &Connection) -> Result<Vec<(String, bool)>> {
    let mut stmt = conn.prepare(
        "SELECT name, sql LIKE 'CREATE VIRTUAL TABLE%' FROM staged.sqlite_schema
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
               AND name NOT IN ('audit', 'erasures', 'sync_counter', 'sync_queue', 'sync_paused')
             ORDER BY name",
    )?;
    let all: Vec<(String, bool)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .and_then(|rows| rows.collect())?;
    let virtuals: Vec<String> = all
        .iter()
        .filter(|(_, v)| *v)
        .map(|(n, _)| format!("{n}_"))
        .collect();
    Ok(all
        .into_iter()
        .filter(|(n, _)| !virtuals.iter().any(|v| n.starts_with(v.as_str())))
        .collect())
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Replace the rows of each table in `main` by those in `staged` (same schema: both are at
/// the latest version). The names come from the schema itself, quoted as identifiers.
fn copy_tables(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    let tables = tables_to_copy(conn)?;
    for (name, _) in &tables {
        conn.execute_batch(&format!("DELETE FROM main.{}", quoted(name)))?;
    }
    for (name, is_virtual) in &tables {
        let mut stmt = conn.prepare(&format!(
            "SELECT name FROM pragma_table_info({}, 'staged')",
            { format!("'{}'", name.replace('\'', "''")) }
        ))?;
        let columns: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect())?;
        let mut columns: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
        if *is_virtual {
            columns.insert(0, "rowid".into());
        }
        let list = columns.join(", ");
        conn.execute_batch(&format!(
            "INSERT INTO main.{t} ({list}) SELECT {list} FROM staged.{t}",
            t = quoted(name)
        ))?;
    }
    Ok(())
}

/// The audit log of the staged backup.
fn staged_audit(conn: &Connection) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, volunteer, action, contact_ids, detail FROM staged.audit
             ORDER BY at, seq",
    )?;
    let rows: Vec<(i64, String, String, String, String, String)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .and_then(|rows| rows.collect())?;
    Ok(rows
        .into_iter()
        .filter_map(|(seq, at, volunteer, action, ids, detail)| {
            Some(AuditEntry {
                seq,
                at: NaiveDateTime::parse_from_str(&at, crate::domain::STAMP_FORMAT).ok()?,
                volunteer,
                action: audit::AuditKind::parse(&action),
                contact_ids: ids.split_whitespace().map(str::to_string).collect(),
                detail,
            })
        })
        .collect())
}

type AuditKey = (NaiveDateTime, String, String, Vec<String>, String);

fn audit_key(e: &AuditEntry) -> AuditKey {
    (
        e.at,
        e.volunteer.clone(),
        e.action.to_string(),
        e.contact_ids.clone(),
        e.detail.clone(),
    )
}

/// Add to the log in `main` the entries of the restored log it lacks. Returns how many of
/// the current entries the restored log lacked (carried over).
fn merge_audit(
    conn: &Connection,
    restored: &[AuditEntry],
    current: &[AuditEntry],
) -> Result<usize> {
    let mut present: HashMap<AuditKey, usize> = HashMap::new();
    for e in current {
        *present.entry(audit_key(e)).or_default() += 1;
    }
    let mut in_restored: HashMap<AuditKey, usize> = HashMap::new();
    for e in restored {
        *in_restored.entry(audit_key(e)).or_default() += 1;
        match present.get_mut(&audit_key(e)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => {
                let ids: Vec<ContactId> =
                    e.contact_ids.iter().map(|i| ContactId(i.clone())).collect();
                let ids: Vec<&ContactId> = ids.iter().collect();
                audit::append(conn, e.at, &e.volunteer, e.action.clone(), &ids, &e.detail)?;
            }
        }
    }
    let mut carried = 0;
    for e in current {
        match in_restored.get_mut(&audit_key(e)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => carried += 1,
        }
    }
    Ok(carried)
}
