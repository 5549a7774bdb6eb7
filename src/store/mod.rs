//! The contact store: one SQLite file in WAL mode with durable commits. It never loads every
//! contact: callers ask for a time range, a page, or a count.

pub(crate) mod articles;
pub mod audit;
pub(crate) mod bulk;
pub mod columns;
mod demo_load;
pub mod erase;
mod export_rows;
pub mod follow_up;
pub mod header;
mod links;
pub mod merge;
pub mod migrations;
mod outgoing;
mod reads;
mod restore;
pub mod scope;
mod settings;
mod signals;
pub mod sync_queue;
pub mod thread;
mod trust;

pub(crate) use demo_load::DemoLoad;
pub use export_rows::{Cell, ExportedRow};
pub use follow_up::{FollowUpDone, FollowUps};
pub use reads::{ContactField, MAX_FIELDS};
pub(crate) use restore::copy_database;
pub use scope::{Only, Scope};
pub use settings::Setting;
pub use signals::SignalLabel;
pub use thread::{Thread, ThreadArticle};

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::Value;
use rusqlite::{
    Connection, OpenFlags, OptionalExtension, TransactionBehavior, params, params_from_iter,
};

use crate::crypt::DbKey;
use crate::domain::{AT_FORMAT, Contact, ContactId, STAMP_FORMAT};

/// Marks a SQLite file as balie's (`PRAGMA application_id`), ASCII "BALI".
pub const APPLICATION_ID: i32 = 0x4241_4C49;

/// The file name of the database in the data directory.
pub const DB_FILE: &str = "balie.sqlite";

/// How long a writer waits for another process's write to finish.
const BUSY_TIMEOUT_MS: u64 = 10_000;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path} is not a balie database ({why}); it was left untouched. Point --data-dir at \
         another folder, or put a backup in place with `balie restore FILE`"
    )]
    NotBalie { path: PathBuf, why: String },
    #[error(
        "{path} was written by a newer balie (schema {found}, this balie knows up to {known}); \
         it was left untouched. Install the newer balie, or use another --data-dir"
    )]
    Newer {
        path: PathBuf,
        found: usize,
        known: usize,
    },
    #[error(
        "cannot open the database {path}; check that its folder can be written to and the \
         disk is not full"
    )]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "cannot create or read {path}; give a folder balie can write to with --data-dir or \
         BALIE_DATA_DIR"
    )]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{0} is encrypted; balie asks for its passphrase (or reads it from the file named by \
         BALIE_PASSPHRASE_FILE)"
    )]
    Encrypted(PathBuf),
    #[error("{0} is not encrypted, but a key was given for it; nothing was changed")]
    NotEncrypted(PathBuf),
    #[error(
        "the key does not open {0}; nothing was changed. If the key file was replaced, set a \
         new passphrase with the recovery key: `balie recover`"
    )]
    WrongKey(PathBuf),
    #[error("the database schema could not be upgraded: {}", migrate_cause(.0))]
    Migrate(#[from] rusqlite_migration::Error),
    #[error(
        "{path} says it holds schema version {found}, but {why}; it was left untouched. Put a \
         backup in place with `balie restore FILE` (the daily backups are in backups/ in the \
         data folder)"
    )]
    Schema {
        path: PathBuf,
        found: i64,
        why: String,
    },
    #[error("the database is busy in another balie for too long; try again")]
    Busy,
    #[error("the database is read-only or the disk is full: {0}")]
    CannotWrite(rusqlite::Error),
    #[error("{0}")]
    Invalid(String),
    /// A bundle a merge refuses (said in Dutch and English).
    #[error("{0}")]
    Refused(Box<crate::desks::merge::refusal::Refusal>),
    #[error("there is no contact with id {0}")]
    NoSuchContact(String),
    #[error("there is no knowledge-base article `{0}`; see `balie kb list`")]
    NoSuchArticle(String),
    /// Stored data that cannot be read as balie wrote it. Only for damage: never for an
    /// error of the output a listing is written to.
    #[error(
        "stored data is damaged ({0}); put a backup in place with `balie restore FILE` (the \
         daily backups are in backups/ in the data folder)"
    )]
    Corrupt(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Busy,
            Some(C::ReadOnly | C::DiskFull | C::CannotOpen | C::PermissionDenied) => {
                StoreError::CannotWrite(e)
            }
            Some(C::DatabaseCorrupt | C::NotADatabase) => StoreError::Corrupt(e.to_string()),
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The cause of a failed migration without the page of SQL it was running.
fn migrate_cause(e: &rusqlite_migration::Error) -> String {
    let text = match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => err.to_string(),
        other => other.to_string(),
    };
    // SQLite quotes the statement after " in "; the first line says what went wrong
    let first = text.lines().next().unwrap_or_default();
    first.trim_end().trim_end_matches(" in").to_string()
}

/// Which contacts to fetch.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Inclusive lower bound of `at`.
    pub from: Option<NaiveDateTime>,
    /// Exclusive upper bound of `at`.
    pub until: Option<NaiveDateTime>,
    pub desk: Option<String>,
    pub newest_first: bool,
    pub limit: Option<usize>,
    pub offset: usize,
}

impl Filter {
    /// Every contact on the days `from..=to`.
    pub fn days(from: NaiveDate, to: NaiveDate) -> Filter {
        Filter {
            from: Some(from.and_time(chrono::NaiveTime::MIN)),
            until: to.succ_opt().map(|d| d.and_time(chrono::NaiveTime::MIN)),
            ..Filter::default()
        }
    }

    /// The contacts this filter covers, whatever their order and paging.
    pub fn scope(&self) -> Scope {
        Scope {
            from: self.from,
            until: self.until,
            desk: self.desk.clone(),
            only: Vec::new(),
        }
    }
}

/// What a checked undo or redo ([`Store::update_if_unchanged`]) did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoCheck {
    /// Applied; `erased_kept`: the note and resident code stayed erased.
    Applied { erased_kept: bool },
    /// The contact no longer exists.
    Gone,
    /// The contact changed meanwhile, in these fields: nothing was done.
    ChangedMeanwhile(Vec<&'static str>),
}

/// Indexes taken away for a bulk load: the statements that build them again.
#[must_use = "give the indexes back with Store::restore_indexes"]
#[derive(Debug)]
pub struct DroppedIndexes(Vec<String>);

/// The contact store. Writes take the write lock up front (`BEGIN IMMEDIATE`, also the default
/// for the store's own transactions), wait up to 10 s for another balie to finish, and commit
/// durably before returning; reads never take the write lock. Edits and deletions are
/// recorded in the audit log in the same transaction as the change.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

/// Every value of a contact `c`, in [`columns::COLUMNS`] order (read by [`contact_from_row`]).
pub(crate) static CONTACT_COLUMNS: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| columns::select_list(migrations::latest_version()));

impl Store {
    /// Open (creating if needed) `balie.sqlite` in `data_dir`. A file that is not a balie
    /// database, or one from a newer balie, is refused before anything is written to it.
    pub fn open_dir(data_dir: &Path) -> Result<Store> {
        crate::files::private_dir(data_dir).map_err(|source| StoreError::Folder {
            path: data_dir.to_path_buf(),
            source,
        })?;
        Store::open(&data_dir.join(DB_FILE))
    }

    pub fn open(path: &Path) -> Result<Store> {
        Store::open_keyed(path, None)
    }

    /// Open (creating if needed) the database in `data_dir`, encrypted with `key` if given.
    pub fn open_dir_keyed(data_dir: &Path, key: Option<&DbKey>) -> Result<Store> {
        crate::files::private_dir(data_dir).map_err(|source| StoreError::Folder {
            path: data_dir.to_path_buf(),
            source,
        })?;
        Store::open_keyed(&data_dir.join(DB_FILE), key)
    }

    /// Open (creating if needed) the database `path`: plain without a key, encrypted with
    /// SQLCipher under `key` with one. A wrong key is refused before anything is written.
    pub fn open_keyed(path: &Path, key: Option<&DbKey>) -> Result<Store> {
        check_existing(path, key)?;
        crate::files::ensure_private(path).map_err(|source| StoreError::Folder {
            path: path.to_path_buf(),
            source,
        })?;
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        if let Some(key) = key {
            key.apply(&conn)?;
        } else {
            // The SQLCipher build keeps temporary sorts in memory, so that an encrypted
            // database's rows never reach a plain temporary file. A plain database has no such
            // secret from its own temporary files: large sorts (the indexes built again after
            // a pull of a million contacts) spill to disk as in any SQLite, which keeps a pull
            // at about 20 MB instead of 95 MB.
            conn.pragma_update(None, "temp_store", "FILE")?;
        }
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
        };
        store.prepare()?;
        Ok(store)
    }

    /// Open `balie.sqlite` in `data_dir` for reading only, for when the folder or disk cannot
    /// be written to: listing, reports and the audit log still work; every write fails with
    /// [`StoreError::CannotWrite`]. The schema must be this balie's (an upgrade needs writing).
    pub fn open_read_only(data_dir: &Path, key: Option<&DbKey>) -> Result<Store> {
        let path = data_dir.join(DB_FILE);
        match check_existing(&path, key) {
            // a WAL database in a folder where its shared-memory file cannot be made: read as
            // immutable below
            Ok(()) | Err(StoreError::Open { .. }) => {}
            Err(e) => return Err(e),
        }
        if !path.is_file() {
            return Err(StoreError::Open {
                path: path.clone(),
                source: rusqlite::Error::InvalidPath(path.clone()),
            });
        }
        let open = |flags| {
            Connection::open_with_flags(&path, flags).map_err(|source| StoreError::Open {
                path: path.clone(),
                source,
            })
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = open(flags)?;
        if let Some(key) = key {
            key.apply(&conn)?;
        }
        // A WAL database needs its shared-memory file; where that cannot be made, read the
        // file as it is (its log was folded in when the last balie closed it).
        if conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })
            .is_err()
        {
            let uri = format!("file:{}?immutable=1", path.display());
            conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI).map_err(
                |source| StoreError::Open {
                    path: path.clone(),
                    source,
                },
            )?;
            if let Some(key) = key {
                key.apply(&conn)?;
            }
        }
        conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS))?;
        let found = match identify(&conn)? {
            Identity::Balie { schema } if schema == migrations::latest_version() => None,
            Identity::Balie { schema } | Identity::Newer { schema } => Some(schema as i64),
            Identity::NoVersion(v) => Some(v),
            Identity::Empty | Identity::Foreign => {
                return Err(StoreError::NotBalie {
                    path,
                    why: "it belongs to another program".into(),
                });
            }
        };
        if let Some(found) = found {
            return Err(StoreError::Schema {
                path,
                found,
                why: format!(
                    "this balie reads schema {} and the upgrade needs a folder it can write to",
                    migrations::latest_version()
                ),
            });
        }
        Ok(Store {
            conn,
            path: Some(path),
        })
    }

    /// A fresh in-memory store, for tests.
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: None,
        };
        store.prepare()?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The connection: SQL lives in the store's own modules, so outside `store/` only the
    /// crate's unit tests may look into the database with it.
    #[cfg(not(test))]
    pub(in crate::store) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection, for the crate's unit tests (which check what is stored).
    #[cfg(test)]
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    fn prepare(&mut self) -> Result<()> {
        self.conn
            .busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS))?;
        // A deferred transaction that reads first cannot wait for the write lock; an
        // immediate one can. Every transaction here writes.
        self.conn
            .set_transaction_behavior(TransactionBehavior::Immediate);
        // WAL: readers never block the writer; synchronous=FULL: a contact confirmed on
        // screen survives a power cut; secure_delete: erased notes are overwritten, not
        // left in free pages.
        set_wal(&self.conn)?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        self.conn.pragma_update(None, "secure_delete", "ON")?;
        let app: i32 = self
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))?;
        if app == 0 {
            self.conn
                .pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        if let Err(e) = migrations::migrations().to_latest(&mut self.conn) {
            // Another balie may have created or upgraded the schema between our version
            // check and our write; then there is nothing left to do.
            let version: i64 = self
                .conn
                .pragma_query_value(None, "user_version", |r| r.get(0))?;
            if version as usize != migrations::latest_version() {
                return Err(match &self.path {
                    Some(path) => StoreError::Schema {
                        path: path.clone(),
                        found: version,
                        why: format!(
                            "its tables do not match that version ({})",
                            migrate_cause(&e)
                        ),
                    },
                    None => e.into(),
                });
            }
        }
        self.restore_audit_triggers()?;
        Ok(())
    }

    /// Put back the triggers that keep the audit log append-only, if someone dropped them, and
    /// record that in the log itself.
    fn restore_audit_triggers(&mut self) -> Result<()> {
        const TRIGGERS: [(&str, &str); 2] = [
            (
                "audit_append_only_update",
                "CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
                 BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
            ),
            (
                "audit_append_only_delete",
                "CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
                 BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
            ),
        ];
        let present = |conn: &Connection, name: &str| -> rusqlite::Result<bool> {
            conn.prepare_cached("SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?1")?
                .exists(params![name])
        };
        if TRIGGERS
            .iter()
            .all(|(name, _)| present(&self.conn, name).unwrap_or(true))
        {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut restored = Vec::new();
        for (name, sql) in TRIGGERS {
            if !present(&tx, name)? {
                tx.execute_batch(sql)?;
                restored.push(name);
            }
        }
        if !restored.is_empty() {
            let now = chrono::Local::now().naive_local();
            audit::append(
                &tx,
                now,
                audit::AUTOMATIC,
                audit::AuditKind::Restore,
                &[],
                &format!(
                    "the audit log's protection was missing and was put back: {}",
                    restored.join(", ")
                ),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The moment of the newest stored change: a contact created or edited, or an audit
    /// entry.
    pub fn newest_change(&self) -> Result<Option<NaiveDateTime>> {
        let newest: Option<String> = self.conn.query_row(
            "SELECT max(t) FROM (
                 SELECT max(created_at) AS t FROM contacts
                 UNION ALL SELECT max(updated_at) FROM contacts
                 UNION ALL SELECT max(at) FROM audit)",
            [],
            |r| r.get(0),
        )?;
        Ok(newest.and_then(|t| NaiveDateTime::parse_from_str(&t, STAMP_FORMAT).ok()))
    }

    /// A number that changes when another connection (another balie) commits a change.
    /// Cheap: poll it about once a second and reload the screen when it differs.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Store a new contact (already validated) with its topics, durably.
    pub fn insert(&mut self, c: &Contact) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        insert_contact(&tx, c)?;
        tx.commit()?;
        Ok(())
    }

    /// Store many new contacts (already validated) in one transaction: for demo data and
    /// imports, where one commit per contact would be needlessly slow. All or nothing.
    pub fn insert_batch(&mut self, contacts: &[Contact]) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for c in contacts {
            insert_contact(&tx, c)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Drop the indexes of the contact tables, to load many contacts into an empty store:
    /// building an index once at the end costs less than keeping it in order row by row (a
    /// million demo contacts: about 7 s of CPU instead of 10). Primary keys stay. Give the
    /// result back to [`Store::restore_indexes`] when done, also after an error.
    pub fn drop_contact_indexes(&mut self) -> Result<DroppedIndexes> {
        let tx = self.conn.transaction()?;
        let dropped = bulk::drop_contact_indexes_in(&tx)?;
        tx.commit()?;
        Ok(dropped)
    }

    /// Build again the indexes [`Store::drop_contact_indexes`] dropped, in one transaction.
    pub fn restore_indexes(&mut self, dropped: DroppedIndexes) -> Result<()> {
        let tx = self.conn.transaction()?;
        bulk::restore_indexes_in(&tx, dropped)?;
        tx.commit()?;
        Ok(())
    }

    /// Replace a stored contact's fields and topics, and record the edit (which fields
    /// changed, never their contents) in the audit log as volunteer `by` at `c.updated_at`,
    /// in the same transaction. Returns false, changing nothing, if the contact no longer
    /// exists. Saving a contact unchanged writes nothing.
    pub fn update(&mut self, c: &Contact, by: &str) -> Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(old) = get_contact(&tx, &c.id)? else {
            return Ok(false);
        };
        let changed = audit::changed_fields(&old, c);
        if changed.is_empty() {
            return Ok(true);
        }
        replace_contact(&tx, c)?;
        audit::append(
            &tx,
            c.updated_at,
            by,
            audit::AuditKind::Edit,
            &[&c.id],
            &format!("changed {}", changed.join(", ")),
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Undo or redo an edit: replace the contact by `target` only if it is still as `expected`
    /// (what the edit left, or what the undo left); otherwise change nothing and say which
    /// fields changed meanwhile (in another balie, `follow-ups done`, ...). Erased fields stay
    /// erased: when the contact's note and resident code were erased, `target` gets none, and
    /// that alone does not count as a change meanwhile.
    pub fn update_if_unchanged(
        &mut self,
        expected: &Contact,
        target: &Contact,
        by: &str,
    ) -> Result<UndoCheck> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(current) = get_contact(&tx, &target.id)? else {
            return Ok(UndoCheck::Gone);
        };
        let was_erased = erase::erased(&tx, &target.id)?;
        let mut expected = expected.clone();
        let mut target = target.clone();
        if was_erased {
            for c in [&mut expected, &mut target] {
                c.note.clear();
                c.resident = None;
            }
        }
        let meanwhile = audit::changed_fields(&expected, &current);
        if !meanwhile.is_empty() {
            return Ok(UndoCheck::ChangedMeanwhile(meanwhile));
        }
        let changed = audit::changed_fields(&current, &target);
        if !changed.is_empty() {
            replace_contact(&tx, &target)?;
            audit::append(
                &tx,
                target.updated_at,
                by,
                audit::AuditKind::Edit,
                &[&target.id],
                &format!("changed {}", changed.join(", ")),
            )?;
            tx.commit()?;
        }
        Ok(UndoCheck::Applied {
            erased_kept: was_erased,
        })
    }

    /// Delete a contact, leaving a tombstone, and record the deletion in the audit log as
    /// volunteer `by` at `now`, in the same transaction. Returns the contact as it was, for
    /// undo ([`Store::restore_contact`]), or `None` if it did not exist.
    pub fn delete(
        &mut self,
        id: &ContactId,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<Option<Contact>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(old) = get_contact(&tx, id)? else {
            return Ok(None);
        };
        tx.execute("DELETE FROM contacts WHERE id = ?1", params![id.0])?;
        tx.execute(
            "INSERT OR REPLACE INTO deleted_contacts (id, deleted_at) VALUES (?1, ?2)",
            params![id.0, now.format(STAMP_FORMAT).to_string()],
        )?;
        audit::append(
            &tx,
            now,
            by,
            audit::AuditKind::Delete,
            &[id],
            &format!("contact of {}", old.at.format(AT_FORMAT)),
        )?;
        tx.commit()?;
        Ok(Some(old))
    }

    /// Put back a contact deleted earlier (undo), removing its tombstone, and record it in
    /// the audit log as volunteer `by` at `now`, in the same transaction. An erasure is final:
    /// the note and resident code stay empty when they were erased, or when a resident was
    /// forgotten while the contact was deleted (the forget could not see it, and its code may
    /// be the one). Returns whether that happened.
    pub fn restore_contact(&mut self, c: &Contact, by: &str, now: NaiveDateTime) -> Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let deleted_at: Option<String> = tx
            .query_row(
                "SELECT deleted_at FROM deleted_contacts WHERE id = ?1",
                params![c.id.0],
                |r| r.get(0),
            )
            .optional()?;
        let forgotten_since: bool = match &deleted_at {
            Some(t) => tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM audit WHERE action = ?1 AND at >= ?2)",
                params![audit::AuditKind::Forget.as_str(), t],
                |r| r.get(0),
            )?,
            None => false,
        };
        let has_text = !c.note.is_empty() || c.resident.is_some();
        let keep_erased = has_text && (forgotten_since || erase::erased(&tx, &c.id)?);
        let mut c = c.clone();
        if keep_erased {
            c.note.clear();
            c.resident = None;
            erase::record_erasures(&tx, std::slice::from_ref(&c.id), now)?;
        }
        let c = &c;
        tx.execute(
            "DELETE FROM deleted_contacts WHERE id = ?1",
            params![c.id.0],
        )?;
        insert_contact(&tx, c)?;
        audit::append(
            &tx,
            now,
            by,
            audit::AuditKind::Undelete,
            &[&c.id],
            &format!("contact of {}", c.at.format(AT_FORMAT)),
        )?;
        tx.commit()?;
        Ok(keep_erased)
    }

    pub fn get(&self, id: &ContactId) -> Result<Option<Contact>> {
        get_contact(&self.conn, id)
    }

    /// Contacts matching `filter`, oldest first unless `newest_first`.
    pub fn list(&self, filter: &Filter) -> Result<Vec<Contact>> {
        let mut out = Vec::new();
        self.for_each(filter, |c| {
            out.push(c);
            Ok::<_, StoreError>(())
        })?;
        Ok(out)
    }

    /// Stream the contacts matching `filter` to `f`, one at a time (exports never hold them
    /// all in memory). The first error of `f` stops the stream and is returned as it is, so
    /// a writer's error (a closed pipe, a full disk) keeps its cause.
    pub fn for_each<E: From<StoreError>>(
        &self,
        filter: &Filter,
        mut f: impl FnMut(Contact) -> Result<(), E>,
    ) -> Result<(), E> {
        let (sql, values) = Query::List.sql(filter);
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::from)?;
        let mut rows = stmt
            .query(params_from_iter(values))
            .map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            f(contact_from_row(row)?)?;
        }
        Ok(())
    }

    /// How many contacts match `filter` (limit and offset ignored).
    pub fn count(&self, filter: &Filter) -> Result<u64> {
        let (sql, values) = Query::Count.sql(filter);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let n: i64 = stmt.query_row(params_from_iter(values), |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Count per topic of the contacts matching `filter`, most first, then by code.
    pub fn topic_counts(&self, filter: &Filter) -> Result<Vec<(String, u64)>> {
        let (sql, values) = Query::TopicCounts.sql(filter);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(values), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How SQLite will run `query` for `filter` (`EXPLAIN QUERY PLAN`, one line per step),
    /// to check that the screens' queries search an index rather than scan every contact.
    pub fn query_plan(&self, query: Query, filter: &Filter) -> Result<Vec<String>> {
        let (sql, values) = query.sql(filter);
        let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(params_from_iter(values), |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether any contact was logged at `desk` (its name exactly).
    pub fn has_desk(&self, desk: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM contacts WHERE desk = ?1 LIMIT 1",
                params![desk],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// The names of the desks that have contacts, in order.
    pub fn desk_names(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT desk FROM contacts ORDER BY desk")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A remembered setting (desk, volunteer, last channel, draft, ...).
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        get_setting(&self.conn, key)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        put_setting(&self.conn, key, value)
    }

    /// Set `key` to `value` unless it holds that already, in one transaction under the write
    /// lock, so of several balies doing this at once exactly one does it. `Some(previous
    /// value)` when this call set it (to put back if what it claimed fails); `None` when the
    /// key held `value` already.
    pub fn claim_setting(&mut self, key: &str, value: &str) -> Result<Option<Option<String>>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let previous = get_setting(&tx, key)?;
        if previous.as_deref() == Some(value) {
            return Ok(None);
        }
        put_setting(&tx, key, value)?;
        tx.commit()?;
        Ok(Some(previous))
    }

    pub fn clear_setting(&self, key: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM settings WHERE key = ?1", params![key])?;
        Ok(())
    }

    /// Append to the audit log: when, who, what kind (one of the names in [`audit`]), which
    /// contacts; never note contents. For changes made by the store itself the entry is
    /// written in the same transaction; use this for things outside it, such as exports.
    pub fn audit(
        &self,
        at: NaiveDateTime,
        volunteer: &str,
        action: audit::AuditKind,
        ids: &[&ContactId],
        detail: &str,
    ) -> Result<()> {
        audit::append(&self.conn, at, volunteer, action, ids, detail)
    }
}

/// The contact queries whose plans can be inspected with [`Store::query_plan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Query {
    /// [`Store::list`] and [`Store::for_each`].
    List,
    /// [`Store::count`].
    Count,
    /// [`Store::topic_counts`].
    TopicCounts,
}

impl Query {
    /// The statement for `filter` and the values it binds, in order.
    fn sql(self, filter: &Filter) -> (String, Vec<Value>) {
        let (mut clause, mut values) = (String::new(), Vec::new());
        filter.scope().write_where(&mut clause, &mut values);
        let sql = match self {
            Query::List => {
                let order = if filter.newest_first { "DESC" } else { "ASC" };
                values.push(Value::Integer(filter.limit.map_or(-1, |l| l as i64)));
                values.push(Value::Integer(filter.offset as i64));
                format!(
                    "SELECT {} FROM contacts c{clause}
                     ORDER BY c.at {order}, c.id {order} LIMIT ? OFFSET ?",
                    *CONTACT_COLUMNS
                )
            }
            Query::Count => format!("SELECT count(*) FROM contacts c{clause}"),
            Query::TopicCounts => format!(
                "SELECT t.topic, count(*) AS n FROM contacts c
                 JOIN contact_topics t ON t.contact_id = c.id{clause}
                 GROUP BY t.topic ORDER BY n DESC, t.topic"
            ),
        };
        (sql, values)
    }
}

/// Store a new contact and its topics on `conn` (a transaction). Works on any database with
/// balie's `contacts` and `contact_topics` tables, such as a bundle.
pub(crate) fn insert_contact(conn: &Connection, c: &Contact) -> Result<()> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let names: Vec<&str> = columns::table_columns().map(|col| col.name).collect();
        let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
        format!(
            "INSERT INTO contacts ({}) VALUES ({})",
            names.join(", "),
            marks.join(", ")
        )
    });
    let mut stmt = conn.prepare_cached(&SQL)?;
    stmt.execute(params_from_iter(
        columns::table_columns().map(|col| (col.write)(c)),
    ))?;
    insert_topics(conn, c)
}

/// Overwrite a stored contact's fields and topics with `c` on `conn` (a transaction); the
/// id and `created_at` stay. Not audited: the caller records why.
pub(crate) fn replace_contact(conn: &Connection, c: &Contact) -> Result<()> {
    /// The columns an edit leaves as they are.
    const KEPT: [&str; 2] = ["id", "created_at"];
    let changed = || columns::table_columns().filter(|col| !KEPT.contains(&col.name));
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let set: Vec<String> = columns::table_columns()
            .filter(|col| !KEPT.contains(&col.name))
            .enumerate()
            .map(|(i, col)| format!("{} = ?{}", col.name, i + 2))
            .collect();
        format!("UPDATE contacts SET {} WHERE id = ?1", set.join(", "))
    });
    let values = std::iter::once(rusqlite::types::ToSqlOutput::from(c.id.0.as_str()))
        .chain(changed().map(|col| (col.write)(c)));
    conn.prepare_cached(&SQL)?
        .execute(params_from_iter(values))?;
    conn.execute(
        "DELETE FROM contact_topics WHERE contact_id = ?1",
        params![c.id.0],
    )?;
    insert_topics(conn, c)
}

/// Every contact on `conn`, by id, streamed to `f`. Works on any database with balie's
/// `contacts` and `contact_topics` tables of schema `schema` or later, such as a bundle
/// (columns added since read as none); a value that cannot be read is
/// [`StoreError::Corrupt`], naming it.
pub(crate) fn contacts_by_id(
    conn: &Connection,
    schema: usize,
    mut f: impl FnMut(Contact) -> Result<()>,
) -> Result<()> {
    let sql = format!(
        "SELECT {} FROM contacts c ORDER BY c.id",
        columns::select_list(schema)
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        f(contact_from_row(row)?)?;
    }
    Ok(())
}

fn insert_topics(conn: &Connection, c: &Contact) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO contact_topics (contact_id, topic, position) VALUES (?1, ?2, ?3)",
    )?;
    for (i, t) in c.topics.iter().enumerate() {
        stmt.execute(params![c.id.0, t, i as i64])?;
    }
    Ok(())
}

pub(crate) fn get_contact(conn: &Connection, id: &ContactId) -> Result<Option<Contact>> {
    let sql = format!(
        "SELECT {} FROM contacts c WHERE c.id = ?1",
        *CONTACT_COLUMNS
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![id.0])?;
    match rows.next()? {
        Some(row) => Ok(Some(contact_from_row(row)?)),
        None => Ok(None),
    }
}

/// `t` as [`AT_FORMAT`] (`YYYY-MM-DD HH:MM`), without chrono's format parser: storing a
/// million demo contacts spent a tenth of its time there.
fn at_text(t: &NaiveDateTime) -> String {
    let mut s = stamp_text(t);
    s.truncate(16);
    s
}

/// `t` as [`STAMP_FORMAT`] (`YYYY-MM-DD HH:MM:SS`); years outside 0-9999 go through chrono.
fn stamp_text(t: &NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    let year = t.year();
    if !(0..=9999).contains(&year) {
        return t.format(STAMP_FORMAT).to_string();
    }
    let mut b = *b"0000-00-00 00:00:00";
    let mut put = |at: usize, width: usize, mut v: u32| {
        for i in (at..at + width).rev() {
            b[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, 4, year as u32);
    put(5, 2, t.month());
    put(8, 2, t.day());
    put(11, 2, t.hour());
    put(14, 2, t.minute());
    put(17, 2, t.second());
    String::from_utf8(b.to_vec()).expect("ASCII digits")
}

pub(crate) use columns::contact_from_row;

fn parse_at(s: &str, format: &str) -> Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, format)
        .map_err(|e| StoreError::Corrupt(format!("bad time `{s}`: {e}")))
}

/// A stored moment to check: its column, its place in the query, whether it must be there,
/// and whether a value reads.
type MomentCheck = (&'static str, usize, bool, fn(&str) -> bool);

/// A contact whose stored moment cannot be read: it is in no list or report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub id: String,
    /// The column (`at`, `created_at`, `updated_at`, `follow_up`, `follow_up_done`).
    pub column: &'static str,
    /// What is stored there.
    pub value: String,
}

impl Store {
    /// SQLite's `integrity_check`: `ok`, or what it found (at most 20 lines).
    pub fn integrity(&self) -> Result<String> {
        Ok(integrity_check(&self.conn, 20)?.join("; "))
    }

    /// Write a consistent copy of the database to the new file `path` (`VACUUM INTO`),
    /// without holding up writers in other processes.
    pub(crate) fn copy_to(&self, path: &str) -> rusqlite::Result<()> {
        vacuum_into(&self.conn, path)
    }

    /// Every contact with a moment that cannot be read (a hand edit, another program): such
    /// a row falls out of every period, so lists and reports cannot say it is there.
    pub fn unreadable_moments(&self) -> Result<Vec<Unreadable>> {
        use chrono::NaiveDate;
        let mut stmt = self.conn.prepare(
            "SELECT id, at, created_at, updated_at, follow_up, follow_up_done FROM contacts",
        )?;
        let mut rows = stmt.query([])?;
        let mut found = Vec::new();
        let text = |v: rusqlite::types::ValueRef<'_>| -> Option<String> {
            match v {
                rusqlite::types::ValueRef::Null => None,
                rusqlite::types::ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into()),
                other => Some(format!("{other:?}")),
            }
        };
        while let Some(r) = rows.next()? {
            let id = text(r.get_ref(0)?).unwrap_or_default();
            let checks: [MomentCheck; 5] = [
                ("at", 1, true, |s| {
                    NaiveDateTime::parse_from_str(s, AT_FORMAT).is_ok()
                }),
                ("created_at", 2, true, |s| {
                    NaiveDateTime::parse_from_str(s, STAMP_FORMAT).is_ok()
                }),
                ("updated_at", 3, true, |s| {
                    NaiveDateTime::parse_from_str(s, STAMP_FORMAT).is_ok()
                }),
                ("follow_up", 4, false, |s| {
                    NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
                }),
                ("follow_up_done", 5, false, |s| {
                    NaiveDateTime::parse_from_str(s, STAMP_FORMAT).is_ok()
                }),
            ];
            for (column, i, required, ok) in checks {
                match text(r.get_ref(i)?) {
                    Some(v) if !ok(&v) => found.push(Unreadable {
                        id: id.clone(),
                        column,
                        value: v,
                    }),
                    None if required => found.push(Unreadable {
                        id: id.clone(),
                        column,
                        value: "(nothing)".into(),
                    }),
                    _ => {}
                }
            }
        }
        Ok(found)
    }
}

/// The value remembered under `key` on `conn` (see [`Store::setting`]).
fn get_setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            params![key],
            |r| r.get(0),
        )
        .optional()?)
}

/// Remember `value` under `key` on `conn` (for a caller inside its own transaction; see
/// [`Store::set_setting`]).
pub(crate) fn put_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Switch to WAL. The switch does not wait for a busy database the way other statements do
/// (another balie creating the same file at this moment gets "database is locked" at once), so
/// it is retried until the busy timeout.
fn set_wal(conn: &Connection) -> Result<()> {
    let started = std::time::Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Ok(()) => return Ok(()),
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && started.elapsed() < std::time::Duration::from_millis(BUSY_TIMEOUT_MS) =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// SQLite's `integrity_check` of the database on `conn`: `ok`, or what it found (at most
/// `max` lines). For a file that is not open as a store too, such as a backup.
pub(crate) fn integrity_check(conn: &Connection, max: u32) -> rusqlite::Result<Vec<String>> {
    // (a number, not input: a pragma's argument cannot be bound)
    let mut stmt = conn.prepare(&format!("PRAGMA integrity_check({max})"))?;
    let lines = stmt.query_map([], |r| r.get(0))?;
    lines.collect()
}

/// [`Store::copy_to`] from any connection to a balie database (a reader of its own).
pub(crate) fn vacuum_into(conn: &Connection, path: &str) -> rusqlite::Result<()> {
    conn.execute("VACUUM INTO ?1", [path])?;
    Ok(())
}

/// How many contacts the database on `conn` holds and when the newest happened (the stored
/// `at` text): for checking a backup that is not open as a store.
pub(crate) fn contacts_and_newest(conn: &Connection) -> rusqlite::Result<(u64, Option<String>)> {
    conn.query_row("SELECT count(*), max(at) FROM contacts", [], |r| {
        Ok((r.get::<_, i64>(0)? as u64, r.get(1)?))
    })
}

/// What a SQLite database says it is (its `application_id`, `user_version` and tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Identity {
    /// No tables and no mark: a new file, balie's once it is opened.
    Empty,
    /// Balie's, at this schema version (0: marked, but no schema yet).
    Balie { schema: usize },
    /// Balie's, from a newer balie.
    Newer { schema: usize },
    /// Balie's, with a negative schema version.
    NoVersion(i64),
    /// Another program's.
    Foreign,
}

/// The one answer to "is this a balie database": the store's open, its read-only open and
/// the backup check each turn it into their own refusal.
pub(crate) fn identify(conn: &Connection) -> rusqlite::Result<Identity> {
    let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    Ok(match app {
        0 if tables == 0 => Identity::Empty,
        APPLICATION_ID if version < 0 => Identity::NoVersion(version),
        APPLICATION_ID if version as usize > migrations::latest_version() => Identity::Newer {
            schema: version as usize,
        },
        APPLICATION_ID => Identity::Balie {
            schema: version as usize,
        },
        _ => Identity::Foreign,
    })
}

/// Refuse, without writing a byte, a file that is not a balie database or is newer, or an
/// encrypted one that `key` does not open.
fn check_existing(path: &Path, key: Option<&DbKey>) -> Result<()> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(_) => return Ok(()),
    };
    let not_balie = |why: &str| StoreError::NotBalie {
        path: path.to_path_buf(),
        why: why.to_string(),
    };
    if meta.is_dir() {
        return Err(not_balie("it is a folder"));
    }
    if meta.len() == 0 {
        return Ok(());
    }
    let start = header::file_start(path).map_err(|source| StoreError::Folder {
        path: path.to_path_buf(),
        source,
    })?;
    match (start, key) {
        (header::Start::Plain, Some(_)) => return Err(StoreError::NotEncrypted(path.into())),
        (header::Start::Other, None) if crate::crypt::looks_encrypted(path) => {
            return Err(StoreError::Encrypted(path.into()));
        }
        (header::Start::Plain, None) => {}
        (_, None) => return Err(not_balie("it is not a SQLite file")),
        _ => {}
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    if let Some(key) = key {
        key.apply(&conn)?;
    }
    let identity = identify(&conn).map_err(|e| {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            // The file is SQLite, but the folder or disk does not let us in (a read-only
            // folder cannot hold the shared-memory file a WAL database needs).
            Some(C::CannotOpen | C::ReadOnly | C::PermissionDenied | C::SystemIoFailure) => {
                StoreError::Open {
                    path: path.to_path_buf(),
                    source: e,
                }
            }
            Some(C::NotADatabase) if key.is_some() => StoreError::WrongKey(path.to_path_buf()),
            _ => not_balie(&format!("it cannot be read: {e}")),
        }
    })?;
    match identity {
        Identity::Empty | Identity::Balie { .. } => Ok(()),
        Identity::Foreign => Err(not_balie("it belongs to another program")),
        Identity::NoVersion(found) => Err(StoreError::Schema {
            path: path.to_path_buf(),
            found,
            why: "that is no schema version at all".into(),
        }),
        Identity::Newer { schema } => Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: schema,
            known: migrations::latest_version(),
        }),
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod trigger_tests {
    use super::*;

    #[test]
    fn dropped_audit_triggers_are_put_back_at_open_and_that_is_audited() {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::open_dir(dir.path()).unwrap());
        let path = dir.path().join(DB_FILE);
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("DROP TRIGGER audit_append_only_delete")
            .unwrap();
        drop(conn);
        let store = Store::open_dir(dir.path()).unwrap();
        let e = store.conn().execute("DELETE FROM audit", []).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
        let log = store.audit_entries(None, None).unwrap();
        assert_eq!(log.len(), 1);
        assert!(
            log[0].detail.contains("audit_append_only_delete"),
            "{}",
            log[0].detail
        );
        // once put back, the next open writes nothing
        drop(store);
        let store = Store::open_dir(dir.path()).unwrap();
        assert_eq!(store.audit_entries(None, None).unwrap().len(), 1);
    }
}
