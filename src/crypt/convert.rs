//! Turning a database's encryption on (`balie encrypt`) and off (`balie decrypt`), and its
//! backups with it. A conversion writes a new file beside the database, checks it (the same
//! rows in every table, `integrity_check` ok), then renames it over the old one; the key
//! file follows in a second rename. [`settle`], run before every open, finishes or undoes a
//! conversion a kill cut short, so the folder always holds one whole database and the key
//! that opens it. The plain file is overwritten before it goes.

use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};

use super::keyfile::sibling;
use super::{CryptError, DbKey, KEY_FILE, Kdf, KeyFile, Secret, attach};
use crate::backup;
use crate::store::{APPLICATION_ID, DB_FILE, Store, StoreError};

/// The new database while a conversion writes it.
const CONVERTING: &str = ".converting";

#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    #[error("the database is already encrypted; to change the passphrase use `balie passphrase`")]
    AlreadyEncrypted,
    #[error("the database is not encrypted; nothing to do")]
    NotEncrypted,
    #[error(
        "another balie has the database open (a desk screen, or its upkeep); close it and try \
         again. Nothing was changed"
    )]
    InUse,
    #[error(
        "the converted copy of {path} does not match it ({why}); the original was kept \
         unchanged"
    )]
    Mismatch { path: PathBuf, why: String },
    #[error("cannot write {path} (is the disk full?); the original was kept unchanged")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot convert {path}; the original was kept unchanged")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error(transparent)]
    Crypt(#[from] CryptError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Backup(#[from] backup::BackupError),
}

/// What a conversion carried over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Converted {
    pub contacts: u64,
    pub article_links: u64,
    pub audit_entries: u64,
    /// Backups converted along with the database.
    pub backups: usize,
}

/// The paths of a data folder's database, key file and their in-between names.
struct Paths {
    db: PathBuf,
    converting: PathBuf,
    key: PathBuf,
    key_new: PathBuf,
}

impl Paths {
    fn of(data_dir: &Path) -> Paths {
        let db = data_dir.join(DB_FILE);
        let key = data_dir.join(KEY_FILE);
        Paths {
            converting: sibling(&db, CONVERTING),
            key_new: sibling(&key, ".new"),
            db,
            key,
        }
    }
}

/// Does `path` start with SQLite's plain header? (An encrypted file starts with random bytes.)
pub use crate::store::header::is_plain_sqlite;

/// The key file of the data folder `data_dir`.
pub fn key_path(data_dir: &Path) -> PathBuf {
    data_dir.join(KEY_FILE)
}

/// Finish or undo a conversion a kill cut short (see the module doc). Cheap when there is
/// none: two `stat`s.
pub fn settle(data_dir: &Path) -> Result<(), ConvertError> {
    let p = Paths::of(data_dir);
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ConvertError::Write { path, source }
    };
    if p.key_new.exists() {
        if p.db.exists() && !is_plain_sqlite(&p.db) {
            // `encrypt` renamed the new database into place: the new key file goes with it.
            std::fs::rename(&p.key_new, &p.key).map_err(write_err(&p.key))?;
        } else {
            std::fs::remove_file(&p.key_new).map_err(write_err(&p.key_new))?;
        }
        crate::files::sync_dir(data_dir).map_err(write_err(data_dir))?;
    } else if p.key.exists() && is_plain_sqlite(&p.db) && !p.converting.exists() {
        // `decrypt` renamed the plain database into place: its key file is no longer needed,
        // but it is kept aside rather than removed.
        let aside = sibling(&p.key, ".old");
        std::fs::rename(&p.key, &aside).map_err(write_err(&p.key))?;
        crate::files::sync_dir(data_dir).map_err(write_err(data_dir))?;
    }
    if p.converting.exists() {
        remove_db_files(&p.converting);
    }
    Ok(())
}

/// Encrypt the plain database in `data_dir` (and its backups) under a new random key wrapped
/// under `passphrase`. Returns the key, so its recovery key can be shown once.
pub fn encrypt(
    data_dir: &Path,
    passphrase: &Secret,
    kdf: Kdf,
) -> Result<(DbKey, Converted), ConvertError> {
    settle(data_dir)?;
    let p = Paths::of(data_dir);
    if p.key.exists() {
        return Err(ConvertError::AlreadyEncrypted);
    }
    // Opening creates the database if needed and brings its schema up to date.
    drop(Store::open_dir(data_dir)?);
    let key = DbKey::generate();
    // Wrap first: the slow key derivation happens before the database is locked.
    let key_file = KeyFile::wrap(&key, passphrase, kdf)?;
    let old = lock_exclusive(&p.db, None)?;
    let mut converted = convert_file(&old, &p.db, &p.converting, Some(&key))?;
    key_file.write_new(&p.key_new)?;
    let mut plain = std::fs::OpenOptions::new()
        .write(true)
        .open(&p.db)
        .map_err(|source| ConvertError::Write {
            path: p.db.clone(),
            source,
        })?;
    commit_rename(&p.converting, &p.db)?;
    std::fs::rename(&p.key_new, &p.key).map_err(|source| ConvertError::Write {
        path: p.key.clone(),
        source,
    })?;
    sync_dir(data_dir)?;
    drop(old);
    overwrite(&mut plain);
    drop(plain);
    converted.backups = convert_backups(data_dir, &key, true)?;
    Ok((key, converted))
}

/// Encrypt the plain backups left in the backup folder of an encrypted database (after a
/// conversion was cut short while converting them).
pub fn encrypt_backups(data_dir: &Path, key: &DbKey) -> Result<usize, ConvertError> {
    convert_backups(data_dir, key, true)
}

/// Decrypt the database in `data_dir` (and its backups) that `key` opens; the key file is
/// removed.
pub fn decrypt(data_dir: &Path, key: &DbKey) -> Result<Converted, ConvertError> {
    settle(data_dir)?;
    let p = Paths::of(data_dir);
    if !p.key.exists() {
        return Err(ConvertError::NotEncrypted);
    }
    drop(Store::open_dir_keyed(data_dir, Some(key))?);
    let old = lock_exclusive(&p.db, Some(key))?;
    let backups = convert_backups(data_dir, key, false)?;
    let mut converted = convert_file(&old, &p.db, &p.converting, None)?;
    commit_rename(&p.converting, &p.db)?;
    drop(old);
    std::fs::remove_file(&p.key).map_err(|source| ConvertError::Write {
        path: p.key.clone(),
        source,
    })?;
    sync_dir(data_dir)?;
    converted.backups = backups;
    Ok(converted)
}

/// Open `db` and make sure no other connection has it: leaving WAL mode needs the only
/// connection (and folds the log into the file). The lock is then held until the connection
/// is dropped, so nobody writes to the old file while it is converted.
fn lock_exclusive(db: &Path, key: Option<&DbKey>) -> Result<Connection, ConvertError> {
    let sql = |source| ConvertError::Sqlite {
        path: db.to_path_buf(),
        source,
    };
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(sql)?;
    if let Some(k) = key {
        k.apply(&conn).map_err(sql)?;
    }
    conn.busy_timeout(std::time::Duration::from_millis(1500))
        .map_err(sql)?;
    let busy = |e: &rusqlite::Error| {
        matches!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        )
    };
    let mode: String = match conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0)) {
        Ok(m) => m,
        Err(e) if busy(&e) => return Err(ConvertError::InUse),
        Err(e) => return Err(sql(e)),
    };
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(ConvertError::InUse);
    }
    conn.pragma_update(None, "locking_mode", "EXCLUSIVE")
        .map_err(sql)?;
    match conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;") {
        Ok(()) => Ok(conn),
        Err(e) if busy(&e) => Err(ConvertError::InUse),
        Err(e) => Err(sql(e)),
    }
}

/// Write `src` (open on `src_path`) into the new file `dest`, encrypted with `key` or plain,
/// synced, and check it against `src`.
fn convert_file(
    src: &Connection,
    src_path: &Path,
    dest: &Path,
    key: Option<&DbKey>,
) -> Result<Converted, ConvertError> {
    let sql = |source| ConvertError::Sqlite {
        path: src_path.to_path_buf(),
        source,
    };
    remove_db_files(dest);
    crate::files::create_private(dest).map_err(|source| ConvertError::Write {
        path: dest.to_path_buf(),
        source,
    })?;
    let dest = std::path::absolute(dest).map_err(|source| ConvertError::Write {
        path: dest.to_path_buf(),
        source,
    })?;
    attach(src, &dest, "converted", key).map_err(sql)?;
    let exported = (|| -> rusqlite::Result<()> {
        src.query_row("SELECT sqlcipher_export('converted')", [], |_| Ok(()))?;
        for pragma in ["user_version", "application_id"] {
            let v: i64 = src.pragma_query_value(Some("main"), pragma, |r| r.get(0))?;
            src.pragma_update(Some("converted"), pragma, v)?;
        }
        Ok(())
    })();
    let detached = src.execute_batch("DETACH DATABASE converted");
    exported.map_err(sql)?;
    detached.map_err(sql)?;
    std::fs::File::open(&dest)
        .and_then(|f| f.sync_all())
        .map_err(|source| ConvertError::Write {
            path: dest.clone(),
            source,
        })?;
    let copy = Connection::open_with_flags(&dest, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(sql)?;
    if let Some(k) = key {
        k.apply(&copy).map_err(sql)?;
    }
    let mismatch = |why: String| ConvertError::Mismatch {
        path: src_path.to_path_buf(),
        why,
    };
    let check: String = copy
        .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
        .map_err(sql)?;
    if check != "ok" {
        return Err(mismatch(format!("integrity_check says {check}")));
    }
    let app: i32 = copy
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(sql)?;
    if app != APPLICATION_ID {
        return Err(mismatch("it lost its application id".into()));
    }
    let before = fingerprint(src).map_err(sql)?;
    let after = fingerprint(&copy).map_err(sql)?;
    if before != after {
        return Err(mismatch("its tables differ".into()));
    }
    Ok(Converted {
        contacts: before.rows("contacts"),
        article_links: before.rows("contact_articles"),
        audit_entries: before.rows("audit"),
        backups: 0,
    })
}

/// Every table's name, row count, and a SHA-256 of all its rows in a fixed order.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Fingerprint(Vec<(String, u64, [u8; 32])>);

impl Fingerprint {
    pub(crate) fn rows(&self, table: &str) -> u64 {
        self.0
            .iter()
            .find(|(t, _, _)| t == table)
            .map_or(0, |(_, n, _)| *n)
    }
}

pub(crate) fn fingerprint(conn: &Connection) -> rusqlite::Result<Fingerprint> {
    let tables: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT name FROM main.sqlite_master WHERE type = 'table'
               AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut out = Vec::new();
    for table in tables {
        let quoted = format!("\"{}\"", table.replace('"', "\"\""));
        let columns: i64 = conn.query_row(
            "SELECT count(*) FROM pragma_table_info(?1)",
            [&table],
            |r| r.get(0),
        )?;
        // Names from the schema itself, quoted; the order covers every column.
        let order: Vec<String> = (1..=columns.max(1)).map(|i| i.to_string()).collect();
        let mut stmt = conn.prepare(&format!(
            "SELECT * FROM main.{quoted} ORDER BY {}",
            order.join(", ")
        ))?;
        let n = stmt.column_count();
        let mut rows = stmt.query([])?;
        let mut hash = Sha256::new();
        let mut count = 0u64;
        while let Some(r) = rows.next()? {
            count += 1;
            for i in 0..n {
                use rusqlite::types::ValueRef;
                match r.get_ref(i)? {
                    ValueRef::Null => hash.update([0]),
                    ValueRef::Integer(v) => {
                        hash.update([1]);
                        hash.update(v.to_le_bytes());
                    }
                    ValueRef::Real(v) => {
                        hash.update([2]);
                        hash.update(v.to_le_bytes());
                    }
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        hash.update([3]);
                        hash.update((t.len() as u64).to_le_bytes());
                        hash.update(t);
                    }
                }
            }
        }
        out.push((table, count, hash.finalize().into()));
    }
    Ok(Fingerprint(out))
}

/// Convert every backup in the backup folder that is not yet as wanted (encrypted with
/// `db_key`, or plain). Each is written new, checked, renamed over the old, and the old
/// overwritten. Returns how many were converted.
fn convert_backups(data_dir: &Path, db_key: &DbKey, encrypt: bool) -> Result<usize, ConvertError> {
    let mut n = 0;
    for path in backup::list(data_dir)? {
        let plain = is_plain_sqlite(&path);
        if plain != encrypt {
            continue;
        }
        // Backups are encrypted with the database's own key.
        let (from_key, key) = if plain {
            (None, Some(db_key))
        } else {
            (Some(db_key), None)
        };
        let sql = |source| ConvertError::Sqlite {
            path: path.clone(),
            source,
        };
        let src =
            Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(sql)?;
        if let Some(k) = from_key {
            k.apply(&src).map_err(sql)?;
        }
        // A backup may have a log of its own (made by an older balie): fold it in.
        src.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))
            .map_err(sql)?;
        let dest = sibling(&path, CONVERTING);
        convert_file(&src, &path, &dest, key)?;
        let mut old = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .map_err(|source| ConvertError::Write {
                path: path.clone(),
                source,
            })?;
        commit_rename(&dest, &path)?;
        drop(src);
        if plain {
            overwrite(&mut old);
        }
        n += 1;
    }
    Ok(n)
}

/// Rename the checked new file over `db` (after removing any log files of the old one, which
/// must never be applied to the new) and make the rename durable.
fn commit_rename(new: &Path, db: &Path) -> Result<(), ConvertError> {
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sibling(db, suffix));
    }
    std::fs::rename(new, db).map_err(|source| ConvertError::Write {
        path: db.to_path_buf(),
        source,
    })?;
    if let Some(dir) = db.parent() {
        sync_dir(dir)?;
    }
    Ok(())
}

fn sync_dir(dir: &Path) -> Result<(), ConvertError> {
    crate::files::sync_dir(dir).map_err(|source| ConvertError::Write {
        path: dir.to_path_buf(),
        source,
    })
}

/// Overwrite a file's bytes with zeros through `f` (its name may already be gone) and sync.
/// Best effort: a flash drive may keep old copies of its blocks; see the README.
fn overwrite(f: &mut std::fs::File) {
    let Ok(len) = f.metadata().map(|m| m.len()) else {
        return;
    };
    if f.rewind().is_err() {
        return;
    }
    let zeros = vec![0u8; 64 * 1024];
    let mut left = len;
    while left > 0 {
        let n = left.min(zeros.len() as u64) as usize;
        if f.write_all(&zeros[..n]).is_err() {
            return;
        }
        left -= n as u64;
    }
    let _ = f.sync_all();
}

fn remove_db_files(path: &Path) {
    let _ = std::fs::remove_file(path);
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sibling(path, suffix));
    }
}
