//! Backups: consistent copies of the open database (`VACUUM INTO`) in `backups/` in the data
//! folder, owner-only, the oldest removed beyond the configured number; and restoring one
//! after checking it is a balie database, keeping a copy of the database it replaces.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::config::Config;
use crate::crypt::DbKey;
use crate::domain::AT_FORMAT;
use crate::files;
use crate::store::audit;
use crate::store::erase::{Erasure, purge_in, retention_cutoff};
use crate::store::header::{self, is_plain_sqlite as is_plain};
use crate::store::{DB_FILE, Identity, Store, StoreError, copy_database, migrations};

mod restore;
pub use restore::{Restored, remove_stale_staging, restore};

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
    write_with(dest, |temp| store.copy_to(temp))
}

/// [`write`], the copy made by `copy` into the file it is given (the temporary name).
fn write_with(dest: &Path, copy: impl FnOnce(&str) -> rusqlite::Result<()>) -> Result<()> {
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
    let copied = copy(temp_text)
        .map_err(|source| BackupError::Copy {
            path: dest.clone(),
            source,
        })
        .and_then(|()| {
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
    check_keyed(path, None)
}

/// [`check`] for a backup that may be encrypted with `key` (the database's own key).
pub fn check_keyed(path: &Path, key: Option<&DbKey>) -> Result<Checked> {
    let conn = open_checked_file(path, key)?;
    check_conn(&conn, path, key.is_some())
}

/// Open `path` read-only after checking it is a SQLite file at all, with `key` applied.
fn open_checked_file(path: &Path, key: Option<&DbKey>) -> Result<Connection> {
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
    let start = header::file_start(path).map_err(|source| BackupError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let plain = start == header::Start::Plain;
    let key = if plain { None } else { key };
    if !plain && key.is_none() {
        return Err(not_balie(if start == header::Start::Empty {
            "it is empty".into()
        } else {
            "it is not a SQLite file".into()
        }));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| not_balie(format!("it cannot be opened: {e}")))?;
    if let Some(k) = key {
        k.apply(&conn)
            .map_err(|e| not_balie(format!("it cannot be opened: {e}")))?;
    }
    Ok(conn)
}

/// The checks of [`check`] on an open database (`path` names it in messages; `keyed` when
/// it was opened with a key).
fn check_conn(conn: &Connection, path: &Path, keyed: bool) -> Result<Checked> {
    let not_balie = |why: String| BackupError::NotBalie {
        path: path.to_path_buf(),
        why,
    };
    let unreadable = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) if keyed => {
            not_balie("it is not SQLite, or encrypted with another key than this database's".into())
        }
        _ => not_balie(format!("it cannot be read: {e}")),
    };
    let schema = match crate::store::identify(conn).map_err(unreadable)? {
        Identity::Balie { schema } if schema > 0 => schema,
        Identity::Balie { .. } | Identity::NoVersion(_) => {
            return Err(not_balie("it holds no balie data".into()));
        }
        Identity::Newer { schema } => {
            return Err(BackupError::Newer {
                path: path.to_path_buf(),
                found: schema,
                known: migrations::latest_version(),
            });
        }
        Identity::Empty | Identity::Foreign => {
            return Err(not_balie("it belongs to another program".into()));
        }
    };
    let problems = crate::store::integrity_check(conn, 1).map_err(unreadable)?;
    if problems.first().map(String::as_str) != Some("ok") {
        return Err(not_balie(format!(
            "it is damaged: {}",
            problems.first().map_or("no answer", String::as_str)
        )));
    }
    let (contacts, newest) = crate::store::contacts_and_newest(conn).map_err(unreadable)?;
    Ok(Checked {
        schema,
        contacts,
        newest: newest.and_then(|s| NaiveDateTime::parse_from_str(&s, AT_FORMAT).ok()),
    })
}

#[cfg(test)]
mod tests;
