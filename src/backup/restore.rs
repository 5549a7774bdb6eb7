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
    let (kept, replaced) = store.replace_with(
        staged,
        retention_cutoff(now.date(), config.retention_note_days),
        by,
        now,
        || keep_copy(&db, data_dir, now, key),
        |kept: &PathBuf| {
            format!(
                "from {} ({} contacts); previous database kept as {}",
                file.display(),
                checked.contacts,
                kept.display()
            )
        },
    )?;
    Ok(Restored {
        checked,
        kept: Some(kept),
        audit_carried: replaced.audit_carried,
        forgets_reapplied: replaced.forgets_reapplied,
        purged: replaced.purged,
    })
}

/// Read `file` (and its write-ahead log, if any) into a private plain database in memory;
/// an encrypted `file` is opened with `key`.
fn load_in_memory(file: &Path, key: Option<&DbKey>) -> Result<Connection> {
    let mut mem = Connection::open_in_memory().map_err(StoreError::from)?;
    if is_plain(file) {
        let src = open_checked_file(file, None)?;
        copy_database(&src, "main", &mut mem, "main")?;
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
        copy_database(conn, "main", &mut out, "main")?;
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
    write_with(&dest, |temp| crate::store::vacuum_into(&reader, temp))?;
    Ok(dest)
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
