//! Backups: consistent copies of the open database (`VACUUM INTO`) in `backups/` in the data
//! folder, owner-only, the oldest removed beyond the configured number; and restoring one
//! after checking it is a balie database, keeping a copy of the database it replaces.

use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::config::Config;
use crate::domain::{AT_FORMAT, ContactId};
use crate::files;
use crate::store::audit::{self, AuditEntry};
use crate::store::erase::{Erasure, purge_in, reapply_in, retention_cutoff};
use crate::store::{APPLICATION_ID, DB_FILE, Store, StoreError, migrations};

/// The folder in the data folder that holds the backups.
pub const BACKUP_DIR: &str = "backups";

/// What a backup file's name starts and ends with; other files there are left alone.
const PREFIX: &str = "balie-";
const SUFFIX: &str = ".sqlite";

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists; choose another file name or move it away first")]
    Exists(PathBuf),
    #[error("cannot write the backup {path}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot copy the database to {path} (is the disk full?)")]
    Copy {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a balie backup ({why}); nothing was changed")]
    NotBalie { path: PathBuf, why: String },
    #[error(
        "{path} was written by a newer balie (schema {found}, this balie knows up to {known}); \
         nothing was changed. Install the newer balie to restore it"
    )]
    Newer {
        path: PathBuf,
        found: usize,
        known: usize,
    },
    #[error("{0} is the database in use; give a backup file instead")]
    InUse(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type Result<T, E = BackupError> = std::result::Result<T, E>;

/// The backup folder of a data folder.
pub fn backup_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(BACKUP_DIR)
}

/// Write a consistent copy of the open database to `dest`, a new owner-only file, synced to
/// disk. Writers in other processes are not held up. The copy is written under a temporary
/// name and appears under `dest` only when complete, so a crash or a full disk never leaves
/// a half backup that looks whole; an existing `dest` is never overwritten.
pub fn write(store: &Store, dest: &Path) -> Result<()> {
    write_from(store.conn(), dest)
}

/// [`write`] from any connection to a balie database.
fn write_from(conn: &Connection, dest: &Path) -> Result<()> {
    let write_err = |source| BackupError::Write {
        path: dest.to_path_buf(),
        source,
    };
    // An absolute path, so SQLite can never read it as a `file:` URI.
    let dest = std::path::absolute(dest).map_err(write_err)?;
    if dest.exists() {
        return Err(BackupError::Exists(dest));
    }
    let (Some(dir), Some(name)) = (dest.parent(), dest.file_name()) else {
        return Err(write_err(std::io::Error::other("not a file name")));
    };
    let temp = dir.join(format!(
        ".{}{PARTIAL}{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let Some(temp_text) = temp.to_str() else {
        return Err(write_err(std::io::Error::other(
            "the file name is not valid UTF-8",
        )));
    };
    let _ = std::fs::remove_file(&temp);
    files::create_private(&temp).map_err(write_err)?;
    let copied = conn
        .execute("VACUUM INTO ?1", [temp_text])
        .map_err(|source| BackupError::Copy {
            path: dest.clone(),
            source,
        })
        .and_then(|_| {
            std::fs::File::open(&temp)
                .and_then(|f| f.sync_all())
                .map_err(write_err)
        })
        .and_then(|()| put_in_place(&temp, &dest));
    let _ = std::fs::remove_file(&temp);
    copied?;
    files::sync_dir(dir).map_err(write_err)
}

/// Give `temp` the name `dest` unless that exists (a hard link fails rather than replace;
/// where links are not supported, such as a FAT memory stick, check then rename).
fn put_in_place(temp: &Path, dest: &Path) -> Result<()> {
    match std::fs::hard_link(temp, dest) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(BackupError::Exists(dest.to_path_buf()))
        }
        Err(_) if dest.exists() => Err(BackupError::Exists(dest.to_path_buf())),
        Err(_) => std::fs::rename(temp, dest).map_err(|source| BackupError::Write {
            path: dest.to_path_buf(),
            source,
        }),
    }
}

/// Marks a backup being written (`.balie-2026-11-25.sqlite.partial-1234`).
const PARTIAL: &str = ".partial-";

/// Remove what a crash left of backups being written, once they are an hour old.
fn remove_stale_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let stale = name
            .to_str()
            .is_some_and(|n| n.starts_with('.') && n.contains(PARTIAL))
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < hour_ago);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A new backup in the backup folder, named after `now` (`balie-2026-11-25-114200.sqlite`,
/// with `-label` before `.sqlite` when given).
pub fn write_in(
    store: &Store,
    data_dir: &Path,
    now: NaiveDateTime,
    label: Option<&str>,
) -> Result<PathBuf> {
    let stem = match label {
        Some(l) => format!("{PREFIX}{}-{l}", now.format("%Y-%m-%d-%H%M%S")),
        None => format!("{PREFIX}{}", now.format("%Y-%m-%d-%H%M%S")),
    };
    write_named(store, data_dir, &stem)
}

/// Today's automatic backup, `balie-2026-11-25.sqlite` (`-2`, `-3` ... if that exists).
pub fn write_daily(store: &Store, data_dir: &Path, now: NaiveDateTime) -> Result<PathBuf> {
    write_named(
        store,
        data_dir,
        &format!("{PREFIX}{}", now.format("%Y-%m-%d")),
    )
}

fn write_named(store: &Store, data_dir: &Path, stem: &str) -> Result<PathBuf> {
    let dir = backup_dir(data_dir);
    files::private_dir(&dir).map_err(|source| BackupError::Write {
        path: dir.clone(),
        source,
    })?;
    let mut path = dir.join(format!("{stem}{SUFFIX}"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem}-{n}{SUFFIX}"));
        n += 1;
    }
    write(store, &path)?;
    Ok(path)
}

/// The backups in the backup folder, oldest first.
pub fn list(data_dir: &Path) -> Result<Vec<PathBuf>> {
    let dir = backup_dir(data_dir);
    let read_err = |source| BackupError::Read {
        path: dir.clone(),
        source,
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(read_err(e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(read_err)?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(PREFIX) && name.ends_with(SUFFIX)) {
            continue;
        }
        let meta = entry.metadata().map_err(read_err)?;
        if meta.is_file() {
            found.push((meta.modified().ok(), entry.path()));
        }
    }
    found.sort();
    Ok(found.into_iter().map(|(_, p)| p).collect())
}

/// What kind of backup a file in the backup folder is, from its name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// The automatic daily backup of this day (`balie-2026-11-25.sqlite`, `-2` after it when
    /// a second one was made that day).
    Daily(String),
    /// A backup made with `balie backup` (`balie-2026-11-25-114200.sqlite`).
    Manual,
    /// Anything with a label, such as the copy kept before a restore: never removed
    /// automatically.
    Labelled,
}

fn kind_of(path: &Path) -> Kind {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = name
        .strip_prefix(PREFIX)
        .and_then(|n| n.strip_suffix(SUFFIX))
        .unwrap_or("");
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let is_date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok();
    if stem.len() < 10 || !stem.is_char_boundary(10) || !is_date(&stem[..10]) {
        return Kind::Labelled;
    }
    let (day, rest) = stem.split_at(10);
    let parts: Vec<&str> = rest.split('-').skip(1).collect();
    match parts.as_slice() {
        [] => Kind::Daily(day.to_string()),
        [n] if digits(n) && n.len() < 6 => Kind::Daily(day.to_string()),
        [t] if digits(t) && t.len() == 6 => Kind::Manual,
        [t, n] if digits(t) && t.len() == 6 && digits(n) => Kind::Manual,
        _ => Kind::Labelled,
    }
}

/// Rotate the backups (and remove leftovers of backups a crash cut short): the daily backups
/// of the newest `keep` days stay, and the newest `keep` backups made with `balie backup`.
/// A manual backup never pushes out a daily one, and a labelled backup (such as the copy
/// kept before a restore, the only copy of what came after the backup restored) is never
/// removed automatically. Returns the backups removed.
pub fn prune(data_dir: &Path, keep: usize) -> Result<Vec<PathBuf>> {
    remove_stale_partials(&backup_dir(data_dir));
    let all = list(data_dir)?;
    let mut days: Vec<String> = all
        .iter()
        .filter_map(|p| match kind_of(p) {
            Kind::Daily(d) => Some(d),
            _ => None,
        })
        .collect();
    days.sort();
    days.dedup();
    let old_days = &days[..days.len().saturating_sub(keep)];
    let mut manual: Vec<&PathBuf> = all.iter().filter(|p| kind_of(p) == Kind::Manual).collect();
    // the names sort by the moment they were made
    manual.sort_by_key(|p| p.file_name().map(|n| n.to_os_string()));
    let old_manual = &manual[..manual.len().saturating_sub(keep)];
    let mut removed = Vec::new();
    for path in &all {
        let old = match kind_of(path) {
            Kind::Daily(d) => old_days.contains(&d),
            Kind::Manual => old_manual.contains(&path),
            Kind::Labelled => false,
        };
        if !old {
            continue;
        }
        std::fs::remove_file(path).map_err(|source| BackupError::Write {
            path: path.clone(),
            source,
        })?;
        let _ = std::fs::remove_file(sibling(path, "-wal"));
        removed.push(path.clone());
    }
    Ok(removed)
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// What a checked backup holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checked {
    pub schema: usize,
    pub contacts: u64,
    /// When its latest contact happened.
    #[serde(serialize_with = "opt_at")]
    pub newest: Option<NaiveDateTime>,
}

fn opt_at<S: serde::Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&t.format(AT_FORMAT).to_string()),
        None => s.serialize_none(),
    }
}

/// Check that `path` is a whole balie database this balie can read: SQLite, balie's
/// application id, a schema not newer than ours, and `PRAGMA integrity_check` ok. Opened
/// read-only; nothing is written to it.
pub fn check(path: &Path) -> Result<Checked> {
    let conn = open_checked_file(path)?;
    check_conn(&conn, path)
}

/// Open `path` read-only after checking it is a SQLite file at all.
fn open_checked_file(path: &Path) -> Result<Connection> {
    let not_balie = |why: String| BackupError::NotBalie {
        path: path.to_path_buf(),
        why,
    };
    let meta = std::fs::metadata(path).map_err(|source| BackupError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_dir() {
        return Err(not_balie("it is a folder".into()));
    }
    let mut header = [0u8; 16];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut header))
        .map_err(|source| BackupError::Read {
            path: path.to_path_buf(),
            source,
        })?;
    if n < 16 || &header != b"SQLite format 3\0" {
        return Err(not_balie(if n == 0 {
            "it is empty".into()
        } else {
            "it is not a SQLite file".into()
        }));
    }
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| not_balie(format!("it cannot be opened: {e}")))
}

/// The checks of [`check`] on an open database (`path` names it in messages).
fn check_conn(conn: &Connection, path: &Path) -> Result<Checked> {
    let not_balie = |why: String| BackupError::NotBalie {
        path: path.to_path_buf(),
        why,
    };
    let unreadable = |e: rusqlite::Error| not_balie(format!("it cannot be read: {e}"));
    let app: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(unreadable)?;
    if app != APPLICATION_ID {
        return Err(not_balie("it belongs to another program".into()));
    }
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(unreadable)?;
    let schema = version.max(0) as usize;
    if schema == 0 {
        return Err(not_balie("it holds no balie data".into()));
    }
    if schema > migrations::latest_version() {
        return Err(BackupError::Newer {
            path: path.to_path_buf(),
            found: schema,
            known: migrations::latest_version(),
        });
    }
    let mut stmt = conn.prepare("PRAGMA integrity_check").map_err(unreadable)?;
    let problems: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .and_then(|rows| rows.collect())
        .map_err(unreadable)?;
    if problems.first().map(String::as_str) != Some("ok") {
        return Err(not_balie(format!(
            "it is damaged: {}",
            problems.first().map_or("no answer", String::as_str)
        )));
    }
    let (contacts, newest): (i64, Option<String>) = conn
        .query_row("SELECT count(*), max(at) FROM contacts", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(unreadable)?;
    Ok(Checked {
        schema,
        contacts: contacts as u64,
        newest: newest.and_then(|s| NaiveDateTime::parse_from_str(&s, AT_FORMAT).ok()),
    })
}

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
) -> Result<Restored> {
    let db = data_dir.join(DB_FILE);
    if same_file(file, &db) {
        return Err(BackupError::InUse(file.to_path_buf()));
    }
    // Check the file, then work from a private copy of it in memory, checked again, so what
    // is restored is exactly what was checked.
    check(file)?;
    let mut staged = load_in_memory(file)?;
    let checked = check_conn(&staged, file)?;
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
        match Store::open(&db) {
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
    write_conn(&staged, &temp)?;
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
) -> Result<Restored> {
    let db = data_dir.join(DB_FILE);
    let conn = store.conn_mut();
    conn.execute_batch("ATTACH DATABASE ':memory:' AS staged")
        .map_err(StoreError::from)?;
    let result = (|| {
        copy_into_attached(staged, conn)?;
        conn.execute_batch("BEGIN IMMEDIATE")
            .map_err(StoreError::from)?;
        let done = restore_in_transaction(conn, &db, &checked, data_dir, config, by, now, file);
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
) -> Result<(PathBuf, usize, u64, Erasure)> {
    let kept = keep_copy(db, data_dir, now)?;
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

/// Read `file` (and its write-ahead log, if any) into a private database in memory.
fn load_in_memory(file: &Path) -> Result<Connection> {
    let src = open_checked_file(file)?;
    let mut mem = Connection::open_in_memory().map_err(StoreError::from)?;
    backup_all(&src, "main", &mut mem, "main")?;
    Ok(mem)
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
/// write-ahead log), synced to disk.
fn write_conn(conn: &Connection, dest: &Path) -> Result<()> {
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
    {
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
fn keep_copy(db: &Path, data_dir: &Path, now: NaiveDateTime) -> Result<PathBuf> {
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
    reader
        .busy_timeout(std::time::Duration::from_secs(10))
        .map_err(StoreError::from)?;
    write_from(&reader, &dest)?;
    Ok(dest)
}

/// The tables a restore replaces: every table of the staged schema but the audit log and the
/// erasures (which only grow) and the full-text index's own shadow tables.
fn tables_to_copy(conn: &Connection) -> Result<Vec<(String, bool)>> {
    let mut stmt = conn
        .prepare(
            "SELECT name, sql LIKE 'CREATE VIRTUAL TABLE%' FROM staged.sqlite_schema
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
               AND name NOT IN ('audit', 'erasures') ORDER BY name",
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

#[cfg(test)]
mod tests;
