//! Restoring a backup: checked, staged in memory, and put in place as one all-or-nothing step
//! under the write lock, keeping a copy of the database it replaces, the later audit entries
//! and every erasure.

use super::*;

/// What a restore did.
#[derive(Debug, Clone, Serialize)]
pub struct Restored {
    pub checked: Checked,
    /// The copy kept of the database that was replaced (none when there was none).
    pub kept: Option<PathBuf>,
    /// Audit entries written after the backup was made, carried over into the restored log.
    pub audit_carried: usize,
    /// Contacts whose erasure (`balie forget`, the purge) the backup predates, erased again.
    pub forgets_reapplied: u64,
    /// What the retention period erased from the restored contacts.
    pub purged: Erasure,
}

/// Replace the database in `data_dir` with the backup `file`, after checking it. The audit log
/// keeps its later entries, erasures made after the backup stay erased, and the retention
/// period is applied at once. Audited as volunteer `by`.
///
/// On a database balie can open, all of it is one step under the write lock: the copy kept of
/// the current database (in the backup folder), the copy-in, the audit carry-over, erasing
/// again and the purge happen in one transaction, so a contact another balie confirmed is
/// either in the kept copy or in the restored database, and a crash at any moment leaves the
/// database as it was or wholly restored. The backup is read into memory: nothing half-staged
/// is left on disk.
pub fn restore(
    data_dir: &Path,
    file: &Path,
    config: &Config,
    by: &str,
    now: NaiveDateTime,
    key: Option<&DbKey>,
) -> Result<Restored> {
    let db = data_dir.join(DB_FILE);
    if same_file(file, &db) {
        return Err(BackupError::InUse(file.to_path_buf()));
    }
    // Check the file, then work from a private copy of it in memory, checked again, so what
    // is restored is exactly what was checked.
    check_keyed(file, key)?;
    let mut staged = load_in_memory(file, key)?;
    let checked = check_conn(&staged, file, false)?;
    // an older schema is upgraded to ours
    migrations::migrations()
        .to_latest(&mut staged)
        .map_err(StoreError::from)?;
    files::private_dir(data_dir).map_err(|source| BackupError::Write {
        path: data_dir.to_path_buf(),
        source,
    })?;
    remove_stale_staging(data_dir);
    let detail = |kept: &Option<PathBuf>| {
        let kept_text = kept
            .as_ref()
            .map_or("none".to_string(), |k| k.display().to_string());
        format!(
            "from {} ({} contacts); previous database kept as {kept_text}",
            file.display(),
            checked.contacts
        )
    };
    if db.exists() {
        match Store::open_keyed(&db, key) {
            Ok(store) => {
                match restore_live(
                    store,
                    &staged,
                    checked.clone(),
                    data_dir,
                    config,
                    by,
                    now,
                    file,
                    key,
                ) {
                    // It opens but cannot be copied whole (damaged): keep its bytes instead.
                    Err(BackupError::Copy { .. }) => {}
                    done => return done,
                }
            }
            Err(
                StoreError::NotBalie { .. }
                | StoreError::Newer { .. }
                | StoreError::Corrupt(_)
                | StoreError::Migrate(_)
                | StoreError::Schema { .. }
                | StoreError::Sqlite(_),
            ) => {}
            Err(e) => return Err(e.into()),
        }
    }
    // No database, or one balie cannot open: keep its bytes as they are, finish the restored
    // copy (purge, audit) in memory, then move it into place in one rename.
    let kept = if db.exists() {
        Some(keep_raw(data_dir, &db, now)?)
    } else {
        None
    };
    let purged = match retention_cutoff(now.date(), config.retention_note_days) {
        Some(cutoff) => purge_in(&staged, cutoff, audit::AUTOMATIC, now)?,
        None => Erasure::default(),
    };
    audit::append(
        &staged,
        now,
        by,
        audit::AuditKind::Restore,
        &[],
        &detail(&kept),
    )?;
    let temp = data_dir.join(format!(".{DB_FILE}{STAGING}{}", std::process::id()));
    let guard = Cleanup(temp.clone());
    write_conn(&staged, &temp, key)?;
    swap_in(&temp, &db)?;
    drop(guard);
    Ok(Restored {
        checked,
        kept,
        audit_carried: 0,
        forgets_reapplied: 0,
        purged,
    })
}

/// Marks the restored database being written before it is moved into place.
const STAGING: &str = ".restoring-";

/// Remove what a restore cut short left (an older balie staged `balie.sqlite.restoring`).
pub fn remove_stale_staging(data_dir: &Path) {
    remove_with_siblings(&data_dir.join(format!("{DB_FILE}.restoring")));
    let Ok(entries) = std::fs::read_dir(data_dir) else {
        return;
    };
    let mine = format!(".{DB_FILE}{STAGING}{}", std::process::id());
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with(&format!(".{DB_FILE}{STAGING}")) && !name.starts_with(&mine) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The restore onto a database balie can open, as one transaction (see [`restore`]).
#[allow(clippy::too_many_arguments)]
fn restore_live(
    mut store: Store,
    staged: &Connection,
    checked: Checked,
    data_dir: &Path,
    config: &Config,
    by: &str,
    now: NaiveDateTime,
    file: &Path,
    key: Option<&DbKey>,
) -> Result<Restored> {
    let db = data_dir.join(DB_FILE);
    let conn = store.conn_mut();
    // plain (`KEY ''`): an attached database otherwise takes the main one's key, and the
    // online backup does not copy between a plain and an encrypted database
    crate::crypt::attach(conn, Path::new(":memory:"), "staged", None).map_err(StoreError::from)?;
    let result = (|| {
        copy_into_attached(staged, conn)?;
        conn.execute_batch("BEGIN IMMEDIATE")
            .map_err(StoreError::from)?;
        let done =
            restore_in_transaction(conn, &db, &checked, data_dir, config, by, now, file, key);
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
    let (kept, audit_carried, forgets_reapplied, purged) = result?;
    store.shrink_wal();
    Ok(Restored {
        checked,
        kept: Some(kept),
        audit_carried,
        forgets_reapplied,
        purged,
    })
}

/// Inside the write transaction: keep a copy, copy the backup in, carry the audit log over,
/// erase again what was erased, purge, and audit the restore.
#[allow(clippy::too_many_arguments)]
fn restore_in_transaction(
    conn: &Connection,
    db: &Path,
    checked: &Checked,
    data_dir: &Path,
    config: &Config,
    by: &str,
    now: NaiveDateTime,
    file: &Path,
    key: Option<&DbKey>,
) -> Result<(PathBuf, usize, u64, Erasure)> {
    let kept = keep_copy(db, data_dir, now, key)?;
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
    )
    .map_err(StoreError::from)?;
    let forgotten: BTreeSet<ContactId> = previous_log
        .iter()
        .filter(|e| e.action == audit::AuditKind::Forget)
        .flat_map(|e| e.contact_ids.iter().map(|i| ContactId(i.clone())))
        .collect();
    let forgotten: Vec<ContactId> = forgotten.into_iter().collect();
    let forgets_reapplied = reapply_in(conn, &forgotten, now)?;
    let purged = match retention_cutoff(now.date(), config.retention_note_days) {
        Some(cutoff) => purge_in(conn, cutoff, audit::AUTOMATIC, now)?,
        None => Erasure::default(),
    };
    let detail = format!(
        "from {} ({} contacts); previous database kept as {}",
        file.display(),
        checked.contacts,
        kept.display()
    );
    audit::append(conn, now, by, audit::AuditKind::Restore, &[], &detail)?;
    Ok((kept, audit_carried, forgets_reapplied, purged))
}

/// Read `file` (and its write-ahead log, if any) into a private plain database in memory;
/// an encrypted `file` is opened with `key`.
fn load_in_memory(file: &Path, key: Option<&DbKey>) -> Result<Connection> {
    let mut mem = Connection::open_in_memory().map_err(StoreError::from)?;
    if is_plain(file) {
        let src = open_checked_file(file, None)?;
        backup_all(&src, "main", &mut mem, "main")?;
    } else {
        // the online backup does not read an encrypted database into a plain one
        let file = std::path::absolute(file).map_err(|source| BackupError::Read {
            path: file.to_path_buf(),
            source,
        })?;
        crate::crypt::attach(&mem, &file, "src", key).map_err(StoreError::from)?;
        let copied = export(&mem, "src", "main");
        let detached = mem.execute_batch("DETACH DATABASE src");
        copied.map_err(StoreError::from)?;
        detached.map_err(StoreError::from)?;
    }
    Ok(mem)
}

/// Copy every table, index and trigger of schema `from` of `conn` into the empty schema
/// `to`, with the schema version and application id: SQLCipher's export, which (unlike the
/// online backup) copies between a plain and an encrypted database.
fn export(conn: &Connection, from: &str, to: &str) -> rusqlite::Result<()> {
    conn.query_row("SELECT sqlcipher_export(?1, ?2)", [to, from], |_| Ok(()))?;
    for pragma in ["user_version", "application_id"] {
        let v: i64 = conn.pragma_query_value(Some(from), pragma, |r| r.get(0))?;
        conn.pragma_update(Some(to), pragma, v)?;
    }
    Ok(())
}

/// Copy database `from_name` of `from` into `to_name` of `to`, all pages in one step.
fn backup_all(
    from: &Connection,
    from_name: &str,
    to: &mut Connection,
    to_name: &str,
) -> Result<()> {
    use rusqlite::backup::{Backup, StepResult};
    let backup = Backup::new_with_names(from, from_name, to, to_name).map_err(StoreError::from)?;
    loop {
        match backup.step(-1).map_err(StoreError::from)? {
            StepResult::Done => return Ok(()),
            StepResult::More => continue,
            _ => return Err(StoreError::Busy.into()),
        }
    }
}

/// Put the staged backup into the schema `staged` attached to `conn`.
fn copy_into_attached(staged: &Connection, conn: &mut Connection) -> Result<()> {
    backup_all(staged, "main", conn, "staged")
}

/// Write the whole of `conn`'s main database to the new owner-only file `dest` (one file, no
/// write-ahead log, encrypted with `key` if given), synced to disk.
fn write_conn(conn: &Connection, dest: &Path, key: Option<&DbKey>) -> Result<()> {
    let write_err = |source| BackupError::Write {
        path: dest.to_path_buf(),
        source,
    };
    let copy_err = |source| BackupError::Copy {
        path: dest.to_path_buf(),
        source,
    };
    let _ = std::fs::remove_file(dest);
    files::create_private(dest).map_err(write_err)?;
    if key.is_some() {
        let dest = std::path::absolute(dest).map_err(write_err)?;
        crate::crypt::attach(conn, &dest, "out", key).map_err(copy_err)?;
        let copied = export(conn, "main", "out");
        let detached = conn.execute_batch("DETACH DATABASE out");
        copied.map_err(copy_err)?;
        detached.map_err(copy_err)?;
    } else {
        let mut out = Connection::open(dest).map_err(copy_err)?;
        backup_all(conn, "main", &mut out, "main")?;
        let _: String = out
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
            .map_err(copy_err)?;
    }
    std::fs::File::open(dest)
        .and_then(|f| f.sync_all())
        .map_err(write_err)
}

/// The copy of the current database kept before a restore. Called while the restore holds
/// the write lock (nobody can commit), it reads through a connection of its own: it holds
/// everything confirmed before the lock was taken.
fn keep_copy(
    db: &Path,
    data_dir: &Path,
    now: NaiveDateTime,
    key: Option<&DbKey>,
) -> Result<PathBuf> {
    let dir = backup_dir(data_dir);
    files::private_dir(&dir).map_err(|source| BackupError::Write {
        path: dir.clone(),
        source,
    })?;
    let stem = format!("{PREFIX}{}-before-restore", now.format("%Y-%m-%d-%H%M%S"));
    let mut dest = dir.join(format!("{stem}{SUFFIX}"));
    let mut n = 2;
    while dest.exists() {
        dest = dir.join(format!("{stem}-{n}{SUFFIX}"));
        n += 1;
    }
    let reader = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(StoreError::from)?;
    if let Some(k) = key {
        k.apply(&reader).map_err(StoreError::from)?;
    }
    reader
        .busy_timeout(std::time::Duration::from_secs(10))
        .map_err(StoreError::from)?;
    write_from(&reader, &dest)?;
    Ok(dest)
}

/// The tables a restore replaces: every table of the staged schema but the audit log and the
/// erasures (which only grow and are merged), the full-text index's own shadow tables, and the
/// upload queue, which stays this database's own: the contact triggers queue every contact the
/// copy removes or puts back, so the next sync makes the server follow the restored state.
fn tables_to_copy(conn: &Connection) -> Result<Vec<(String, bool)>> {
    let mut stmt = conn
        .prepare(
            "SELECT name, sql LIKE 'CREATE VIRTUAL TABLE%' FROM staged.sqlite_schema
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
               AND name NOT IN ('audit', 'erasures', 'sync_counter', 'sync_queue', 'sync_paused')
             ORDER BY name",
        )
        .map_err(StoreError::from)?;
    let all: Vec<(String, bool)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .and_then(|rows| rows.collect())
        .map_err(StoreError::from)?;
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
    conn.execute_batch("PRAGMA defer_foreign_keys = ON")
        .map_err(StoreError::from)?;
    let tables = tables_to_copy(conn)?;
    for (name, _) in &tables {
        conn.execute_batch(&format!("DELETE FROM main.{}", quoted(name)))
            .map_err(StoreError::from)?;
    }
    for (name, is_virtual) in &tables {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT name FROM pragma_table_info({}, 'staged')",
                { format!("'{}'", name.replace('\'', "''")) }
            ))
            .map_err(StoreError::from)?;
        let columns: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect())
            .map_err(StoreError::from)?;
        let mut columns: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
        if *is_virtual {
            columns.insert(0, "rowid".into());
        }
        let list = columns.join(", ");
        conn.execute_batch(&format!(
            "INSERT INTO main.{t} ({list}) SELECT {list} FROM staged.{t}",
            t = quoted(name)
        ))
        .map_err(StoreError::from)?;
    }
    Ok(())
}

/// The audit log of the staged backup.
fn staged_audit(conn: &Connection) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn
        .prepare(
            "SELECT seq, at, volunteer, action, contact_ids, detail FROM staged.audit
             ORDER BY at, seq",
        )
        .map_err(StoreError::from)?;
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
        .and_then(|rows| rows.collect())
        .map_err(StoreError::from)?;
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

/// Keep the bytes of a database balie cannot open (and its write-ahead log) in the backup
/// folder.
fn keep_raw(data_dir: &Path, db: &Path, now: NaiveDateTime) -> Result<PathBuf> {
    let dir = backup_dir(data_dir);
    let write_err = |path: &Path, source| BackupError::Write {
        path: path.to_path_buf(),
        source,
    };
    files::private_dir(&dir).map_err(|e| write_err(&dir, e))?;
    let kept = dir.join(format!(
        "{PREFIX}{}-before-restore{SUFFIX}",
        now.format("%Y-%m-%d-%H%M%S")
    ));
    files::copy_private(db, &kept).map_err(|e| write_err(&kept, e))?;
    let wal = sibling(db, "-wal");
    if wal.exists() {
        let kept_wal = sibling(&kept, "-wal");
        files::copy_private(&wal, &kept_wal).map_err(|e| write_err(&kept_wal, e))?;
    }
    files::sync_dir(&dir).map_err(|e| write_err(&dir, e))?;
    Ok(kept)
}

/// Move the restored copy into place, dropping the old database's log files first (an old
/// write-ahead log must never be applied to the new file).
fn swap_in(staged: &Path, db: &Path) -> Result<()> {
    let write_err = |source| BackupError::Write {
        path: db.to_path_buf(),
        source,
    };
    for suffix in ["-wal", "-shm", "-journal"] {
        match std::fs::remove_file(sibling(db, suffix)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(write_err(e)),
        }
    }
    std::fs::rename(staged, db).map_err(write_err)?;
    if let Some(dir) = db.parent() {
        files::sync_dir(dir).map_err(write_err)?;
    }
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn remove_with_siblings(path: &Path) {
    let _ = std::fs::remove_file(path);
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sibling(path, suffix));
    }
}

/// Removes a staged file when a restore stops half-way.
struct Cleanup(PathBuf);

impl Drop for Cleanup {
    fn drop(&mut self) {
        remove_with_siblings(&self.0);
    }
}
