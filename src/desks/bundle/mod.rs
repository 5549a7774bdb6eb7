//! A desk's bundle: its contacts (with topics and links to articles), its own knowledge-base
//! articles and the tombstones of contacts it deleted, in one SQLite file with a manifest
//! (format and schema version, desks, period, row counts, a checksum). A SQLite file can be
//! opened with any SQLite tool, checks its own pages, and is read back with the same code
//! the store uses. Written atomically and readable by its owner only; read back in full and
//! checked (see [`read`]) before anything of it is merged.

mod manifest;
mod read;
pub mod refusal;
pub mod sign;

use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::domain::{Contact, STAMP_FORMAT};
use crate::files::{self, AtomicError};
use crate::kb::{self, Article, Origin};
use crate::report::Period;
use crate::store::{self, Filter, Store, StoreError, migrations};

pub use crate::store::merge::{Erased, Link, Tombstone};
pub use manifest::{
    DESCRIBE_EN, DescribeWords, FORMAT, FORMAT_VERSION, Manifest, RowCounts, TopicLabel,
};
pub use read::{BUNDLE_MAX_BYTES, read, read_any};
pub use refusal::{BadRow, Damage, Foreign, Newer};

/// Marks a SQLite file as a balie bundle (`PRAGMA application_id`), ASCII "BALB". A balie
/// database ("BALI") is not a bundle, and a bundle is not a database: `restore` and `merge`
/// each refuse the other's file.
pub const BUNDLE_APPLICATION_ID: i32 = 0x4241_4C42;

/// The first schema version bundles exist for: older rows never need reading.
const FIRST_SCHEMA: usize = 3;

/// The bundle's tables besides `contacts` (made from [`store::columns`]). `contacts` and
/// `contact_topics` have the columns of the store's tables of the same name, so the store's
/// own code writes and reads them.
const SCHEMA: &str = r#"
CREATE TABLE manifest (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE contact_topics (
    contact_id TEXT NOT NULL,
    topic      TEXT NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (contact_id, topic)
) STRICT, WITHOUT ROWID;
CREATE TABLE contact_articles (
    contact_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    linked_at  TEXT NOT NULL,
    PRIMARY KEY (contact_id, article_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE articles (
    id         TEXT PRIMARY KEY NOT NULL,
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE deleted_contacts (
    id         TEXT PRIMARY KEY NOT NULL,
    deleted_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE erasures (
    contact_id TEXT PRIMARY KEY NOT NULL,
    erased_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
"#;

/// The tables the checksum covers, in order: name, columns, canonical row order. (Constants,
/// and for `contacts` the names in [`store::columns`] of the bundle's schema: the only text
/// ever spliced into these statements.)
const TABLES: [(&str, &str, &str); 6] = [
    ("contacts", CONTACT_COLUMNS_OF_SCHEMA, "id"),
    (
        "contact_topics",
        "contact_id, topic, position",
        "contact_id, position, topic",
    ),
    (
        "contact_articles",
        "contact_id, article_id, linked_at",
        "contact_id, article_id",
    ),
    ("articles", "id, text, updated_at", "id"),
    ("deleted_contacts", "id, deleted_at", "id"),
    ("erasures", "contact_id, erased_at", "contact_id"),
];

/// Stands in [`TABLES`] for the `contacts` columns of the bundle's schema.
const CONTACT_COLUMNS_OF_SCHEMA: &str = "(the contact columns of its schema)";

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("{0} already exists; add --force to replace it, or choose another file name")]
    Exists(PathBuf),
    #[error("cannot write the bundle {path}")]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot write the bundle {path}: {source}")]
    Fill {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{path}: {source}")]
    Sealed {
        path: PathBuf,
        #[source]
        source: crate::crypt::seal::SealError,
    },
    #[error(transparent)]
    Seal(#[from] crate::crypt::seal::SealError),
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path} is not a balie bundle: {why}. Nothing was merged")]
    Foreign { path: PathBuf, why: Foreign },
    #[error(
        "{path} is damaged: {why}. Nothing was merged; ask the desk for a new bundle \
         (`balie export --bundle FILE`)"
    )]
    Damaged { path: PathBuf, why: Damage },
    #[error(
        "{path} is {mib} MiB, and a bundle holds at most {} MiB (a year of a busy desk is a few \
         MiB). Nothing was merged; make bundles per period with `balie export --bundle FILE \
         --period ...`",
        BUNDLE_MAX_BYTES / (1024 * 1024)
    )]
    TooLarge { path: PathBuf, mib: u64 },
    #[error(
        "{path} was written by a newer balie ({what}). Nothing was merged; install the newer \
         balie to merge it"
    )]
    Newer { path: PathBuf, what: Newer },
    #[error(
        "{path} holds data this balie's config cannot take. Nothing was merged:\n{}",
        .problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
    )]
    Invalid {
        path: PathBuf,
        problems: Vec<BadRow>,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Kb(kb::KbError),
}

impl From<rusqlite::Error> for BundleError {
    fn from(e: rusqlite::Error) -> Self {
        BundleError::Store(StoreError::from(e))
    }
}

impl From<kb::KbError> for BundleError {
    fn from(e: kb::KbError) -> Self {
        match e {
            kb::KbError::Store(s) => BundleError::Store(s),
            other => BundleError::Kb(other),
        }
    }
}

/// What to put in a bundle.
#[derive(Debug, Clone, Default)]
pub struct BundleOptions {
    /// Only the contacts of these days; `None` for every contact.
    pub period: Option<Period>,
    /// Only this desk's contacts; `None` for every desk in the database.
    pub desk: Option<String>,
    /// Seal the bundle to this coordinator's age public key (`[bundles] recipient`).
    pub seal_to: Option<String>,
}

/// A desk's own article, and when it was last written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundledArticle {
    pub article: Article,
    pub updated_at: NaiveDateTime,
}

/// A bundle read back in full, every row checked against this balie's config.
#[derive(Debug, Clone)]
pub struct Bundle {
    pub path: PathBuf,
    pub manifest: Manifest,
    /// Validated (and normalised) against the config, by id.
    pub contacts: Vec<Contact>,
    pub links: Vec<Link>,
    pub articles: Vec<BundledArticle>,
    pub tombstones: Vec<Tombstone>,
    pub erasures: Vec<Erased>,
    /// The public key whose signature the bundle carries (checked), or `None` when it is
    /// not signed (written by a balie before signatures).
    pub signer: Option<String>,
}

/// The row counts and the checksum of the bundle on `conn`: SHA-256 over each table's name
/// and then its rows in canonical order, every value tagged with its type and text and
/// blobs with their length, so no two different contents hash alike. From format 2 on it
/// covers the erasures and the manifest too (every key but the checksum itself), so a
/// changed manifest is found like a changed row. (Anyone with balie can compute it again:
/// it finds damage and careless edits; which desk wrote a bundle is proven by its signature
/// over this checksum: see [`sign`].)
pub fn digest(conn: &Connection) -> rusqlite::Result<(RowCounts, String)> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    // the schema the manifest names (this balie's while the bundle is written)
    let schema: usize = conn
        .query_row(
            "SELECT value FROM manifest WHERE key = 'schema_version'",
            [],
            |r| r.get::<_, String>(0),
        )
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(migrations::latest_version);
    let mut hash = Sha256::new();
    let mut counts = RowCounts::default();
    for (table, columns, order) in TABLES {
        if table == "erasures" && version < 2 {
            continue;
        }
        hash.update(table.as_bytes());
        hash.update([0xff]);
        let columns = if columns == CONTACT_COLUMNS_OF_SCHEMA {
            store::columns::table_column_names(schema)
        } else {
            columns.to_string()
        };
        let ncols = columns.split(',').count();
        let mut stmt = conn.prepare(&format!("SELECT {columns} FROM {table} ORDER BY {order}"))?;
        let mut rows = stmt.query([])?;
        let n = counts.slot(table);
        while let Some(r) = rows.next()? {
            *n += 1;
            for i in 0..ncols {
                hash_value(&mut hash, r.get_ref(i)?);
            }
        }
    }
    if version >= 2 {
        hash.update(b"manifest");
        hash.update([0xff]);
        let mut stmt =
            conn.prepare("SELECT key, value FROM manifest WHERE key != 'checksum' ORDER BY key")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            hash_value(&mut hash, r.get_ref(0)?);
            hash_value(&mut hash, r.get_ref(1)?);
        }
    }
    Ok((counts, crate::kb::article::hex(&hash.finalize())))
}

fn hash_value(hash: &mut Sha256, v: ValueRef<'_>) {
    match v {
        ValueRef::Null => hash.update([0]),
        ValueRef::Integer(v) => {
            hash.update([1]);
            hash.update(v.to_le_bytes());
        }
        ValueRef::Real(v) => {
            hash.update([2]);
            hash.update(v.to_bits().to_le_bytes());
        }
        ValueRef::Text(b) | ValueRef::Blob(b) => {
            hash.update([3]);
            hash.update((b.len() as u64).to_le_bytes());
            hash.update(b);
        }
    }
}

/// Write a bundle of `store`'s data chosen by `opts` to `path`: through a temporary file in
/// the same folder, renamed into place only once complete and on disk, readable by its owner
/// only. Without `force` an existing `path` is refused. `by` (initials, may be empty) and
/// `now` go into the manifest. Returns the manifest written.
pub fn write(
    store: &Store,
    config: &Config,
    opts: &BundleOptions,
    path: &Path,
    force: bool,
    by: &str,
    now: NaiveDateTime,
) -> Result<Manifest, BundleError> {
    let write_err = |source| BundleError::Write {
        path: path.to_path_buf(),
        source,
    };
    // made (and stored) before the bundle's read transaction, at the first bundle
    let key = sign::signing_key(store)?;
    let written = files::write_atomically(path, force, ".balie-bundle-", |file, tmp| {
        match &opts.seal_to {
            None => fill(store, config, opts, tmp, by, now, &key),
            Some(recipient) => {
                // Built in memory and written sealed: no plain byte of it touches the disk.
                let recipient = crate::crypt::seal::parse_recipient(recipient)?;
                let fill_err = |source| BundleError::Fill {
                    path: path.to_path_buf(),
                    source,
                };
                let mut conn = Connection::open_in_memory().map_err(fill_err)?;
                let manifest = fill_conn(&mut conn, store, config, opts, path, by, now, &key)?;
                let plain =
                    zeroize::Zeroizing::new(conn.serialize("main").map_err(fill_err)?.to_vec());
                drop(conn);
                let sealed = crate::crypt::seal::seal(&recipient, &plain)?;
                use std::io::Write;
                file.write_all(&sealed).map_err(write_err)?;
                Ok(manifest)
            }
        }
    });
    written.map_err(|e| match e {
        AtomicError::Exists(p) => BundleError::Exists(p),
        AtomicError::Create { source, .. } | AtomicError::Write(source) => write_err(source),
        AtomicError::Fill(e) => e,
    })
}

/// Create the bundle's tables in the empty file `file` and copy the data in, reading the
/// store in one read transaction (one consistent moment, without blocking the desk).
fn fill(
    store: &Store,
    config: &Config,
    opts: &BundleOptions,
    file: &Path,
    by: &str,
    now: NaiveDateTime,
    key: &ed25519_dalek::SigningKey,
) -> Result<Manifest, BundleError> {
    let fill_err = |source| BundleError::Fill {
        path: file.to_path_buf(),
        source,
    };
    let mut conn = Connection::open(file).map_err(fill_err)?;
    let manifest = fill_conn(&mut conn, store, config, opts, file, by, now, key)?;
    conn.close().map_err(|(_, e)| fill_err(e))?;
    Ok(manifest)
}

/// Create the bundle's tables on the empty database `conn`, copy the data in, and sign it
/// with `key`.
#[allow(clippy::too_many_arguments)]
fn fill_conn(
    conn: &mut Connection,
    store: &Store,
    config: &Config,
    opts: &BundleOptions,
    file: &Path,
    by: &str,
    now: NaiveDateTime,
    key: &ed25519_dalek::SigningKey,
) -> Result<Manifest, BundleError> {
    let fill_err = |source| BundleError::Fill {
        path: file.to_path_buf(),
        source,
    };
    conn.pragma_update(None, "application_id", BUNDLE_APPLICATION_ID)
        .map_err(fill_err)?;
    conn.pragma_update(None, "user_version", FORMAT_VERSION)
        .map_err(fill_err)?;
    conn.pragma_update(None, "journal_mode", "MEMORY")
        .map_err(fill_err)?;
    conn.execute_batch(&store::columns::create_table("STRICT, WITHOUT ROWID"))
        .map_err(fill_err)?;
    conn.execute_batch(SCHEMA).map_err(fill_err)?;
    let tx = conn.transaction().map_err(fill_err)?;

    let mut filter = match opts.period {
        Some(p) => Filter::days(p.from(), p.to()),
        None => Filter::default(),
    };
    filter.desk = opts.desk.clone();
    store.snapshot(|store| {
        store.for_each(&filter, |c| store::insert_contact(&tx, &c))?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO contact_articles (contact_id, article_id, linked_at)
                 VALUES (?1, ?2, ?3)",
            )?;
            store.each_link(&filter, |l| {
                insert.execute(params![l.contact.0, l.article, stamp(l.linked_at)])?;
                Ok::<_, StoreError>(())
            })?;
        }
        for a in kb::list(store)? {
            if a.origin == Origin::Local {
                tx.execute(
                    "INSERT INTO articles (id, text, updated_at) VALUES (?1, ?2, ?3)",
                    params![a.article.id, a.article.render(), stamp(a.updated_at)],
                )
                .map_err(fill_err)?;
            }
        }
        let mut insert = tx
            .prepare("INSERT INTO deleted_contacts (id, deleted_at) VALUES (?1, ?2)")
            .map_err(fill_err)?;
        store.each_tombstone(|t| {
            insert
                .execute(params![t.id.0, stamp(t.deleted_at)])
                .map_err(fill_err)?;
            Ok::<_, BundleError>(())
        })?;
        // the erasures of the contacts in the bundle, and of contacts deleted since
        let mut insert = tx
            .prepare(
                "INSERT INTO erasures (contact_id, erased_at) SELECT ?1, ?2
                 WHERE EXISTS (SELECT 1 FROM contacts WHERE id = ?1)
                    OR EXISTS (SELECT 1 FROM deleted_contacts WHERE id = ?1)",
            )
            .map_err(fill_err)?;
        store.each_erasure(|e| {
            insert
                .execute(params![e.id.0, stamp(e.erased_at)])
                .map_err(fill_err)?;
            Ok::<_, BundleError>(())
        })
    })?;

    let (rows, _) = digest(&tx).map_err(fill_err)?;
    let mut desks: Vec<String> =
        column(&tx, "SELECT DISTINCT desk FROM contacts ORDER BY desk").map_err(fill_err)?;
    if desks.is_empty()
        && let Some(d) = &opts.desk
    {
        desks.push(d.clone());
    }
    let topics = column(
        &tx,
        "SELECT DISTINCT topic FROM contact_topics ORDER BY topic",
    )
    .map_err(fill_err)?
    .into_iter()
    .map(|code| {
        let (nl, en) = config
            .topic(&code)
            .map_or((code.clone(), code.clone()), |t| {
                (t.nl.clone(), t.en.clone())
            });
        TopicLabel { code, nl, en }
    })
    .collect();
    let manifest = Manifest {
        format_version: FORMAT_VERSION,
        schema_version: migrations::latest_version(),
        desks,
        period: opts.period.map(|p| (p.from(), p.to())),
        period_label: opts.period.map(|p| p.label()),
        created_at: now,
        created_by: by.to_string(),
        balie_version: env!("CARGO_PKG_VERSION").to_string(),
        rows,
        checksum: String::new(),
        topics,
        demo: store.setting(crate::store::Setting::Demo.key())?.is_some(),
    };
    let mut manifest = manifest;
    for (key, value) in manifest.to_rows() {
        if key == "checksum" {
            continue;
        }
        tx.execute(
            "INSERT INTO manifest (key, value) VALUES (?1, ?2)",
            params![key, value],
        )
        .map_err(fill_err)?;
    }
    // the checksum covers the rows and the manifest written above
    manifest.checksum = digest(&tx).map_err(fill_err)?.1;
    tx.execute(
        "INSERT INTO manifest (key, value) VALUES ('checksum', ?1)",
        params![manifest.checksum],
    )
    .map_err(fill_err)?;
    sign::sign(&tx, key, &manifest.checksum).map_err(fill_err)?;
    tx.commit().map_err(fill_err)?;
    Ok(manifest)
}

/// `t` as the store writes a moment (`YYYY-MM-DD HH:MM:SS`).
fn stamp(t: NaiveDateTime) -> String {
    t.format(STAMP_FORMAT).to_string()
}

fn column(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    rows.collect()
}
