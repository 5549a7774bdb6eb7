//! Reading a bundle back, checking everything before anything is merged: that it is a
//! complete SQLite file (not cut off), a bundle (not a database or another program's file),
//! of a format and schema this balie knows, that SQLite finds its pages sound, that the row
//! counts and the checksum match the manifest, and that every row is valid under this
//! balie's config. Any problem refuses the whole file, with the reason.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Read;
use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};

use super::manifest::ManifestProblem;
use super::refusal::{BadRow, Damage, Foreign, UnknownCode};
use super::{
    BUNDLE_APPLICATION_ID, Bundle, BundleError, BundledArticle, Erased, FIRST_SCHEMA, Link,
    Manifest, Tombstone, digest,
};
use crate::config::Config;
use crate::desks::is_contact_id;
use crate::domain::{Contact, ContactId, STAMP_FORMAT};
use crate::kb::Article;
use crate::store::{self, APPLICATION_ID, Store, migrations};

/// How many problems a refusal lists before it says how many more there are.
const SHOWN_PROBLEMS: usize = 12;

/// Read the bundle at `path` in full and check it (see the module doc). The contacts come
/// back validated and normalised against `config`.
pub fn read(path: &Path, config: &Config) -> Result<Bundle, BundleError> {
    let damaged = |why: Damage| BundleError::Damaged {
        path: path.to_path_buf(),
        why,
    };
    check_file(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| damaged(Damage::CannotOpen(e.to_string())))?;
    read_conn(path, &conn, config)
}

/// Read the bundle at `path`, sealed or plain: a sealed one is opened with `store`'s bundle
/// key (`balie keys init`) in memory, then checked like a plain one.
pub fn read_any(path: &Path, config: &Config, store: &Store) -> Result<Bundle, BundleError> {
    let mut head = [0u8; 32];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    if !crate::crypt::seal::is_sealed(&head[..n]) {
        return read(path, config);
    }
    let sealed = std::fs::read(path).map_err(|source| BundleError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let plain = crate::crypt::seal::open(store, &sealed).map_err(|source| BundleError::Sealed {
        path: path.to_path_buf(),
        source,
    })?;
    let damaged = |why: Damage| BundleError::Damaged {
        path: path.to_path_buf(),
        why,
    };
    if plain.len() < 100 || !crate::store::header::starts_plain(&plain) {
        return Err(damaged(Damage::SealedNotABundle));
    }
    let mut conn =
        Connection::open_in_memory().map_err(|e| damaged(Damage::CannotOpen(e.to_string())))?;
    conn.deserialize_read_exact("main", &plain[..], plain.len(), true)
        .map_err(|e| damaged(Damage::CannotOpen(e.to_string())))?;
    read_conn(path, &conn, config)
}

/// Check and read the bundle open on `conn` (from `path`).
fn read_conn(path: &Path, conn: &Connection, config: &Config) -> Result<Bundle, BundleError> {
    let damaged = |why: Damage| BundleError::Damaged {
        path: path.to_path_buf(),
        why,
    };
    let foreign = |why: Foreign| BundleError::Foreign {
        path: path.to_path_buf(),
        why,
    };
    let sql = |e: rusqlite::Error| damaged(Damage::CannotRead(e.to_string()));
    let app: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(sql)?;
    if app == APPLICATION_ID {
        return Err(foreign(Foreign::Database));
    }
    if app != BUNDLE_APPLICATION_ID {
        return Err(foreign(Foreign::OtherProgram));
    }
    let check: String = conn
        .query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))
        .map_err(sql)?;
    if check != "ok" {
        return Err(damaged(Damage::Inconsistent(check)));
    }
    let manifest = read_manifest(path, conn)?;
    let (rows, checksum) = digest(conn).map_err(sql)?;
    if let Some((table, here, said)) = rows.first_difference(&manifest.rows) {
        return Err(damaged(Damage::RowCount {
            table: table.to_string(),
            here,
            manifest: said,
        }));
    }
    if checksum != manifest.checksum {
        return Err(damaged(Damage::Checksum));
    }
    let signer = super::sign::signer(conn, &checksum).map_err(|e| damaged(Damage::Other(e)))?;
    for (table, column) in [
        ("contact_topics", "contact_id"),
        ("contact_articles", "contact_id"),
    ] {
        let orphans: i64 = conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM {table} WHERE {column} NOT IN (SELECT id FROM contacts)"
                ),
                [],
                |r| r.get(0),
            )
            .map_err(sql)?;
        if orphans > 0 {
            return Err(damaged(Damage::Orphans {
                rows: orphans,
                table: table.to_string(),
            }));
        }
    }
    let mut raw = Vec::with_capacity(manifest.rows.contacts as usize);
    store::contacts_by_id(conn, manifest.schema_version, |c| {
        raw.push(c);
        Ok(())
    })
    .map_err(|e| damaged(Damage::Other(e.to_string())))?;

    let mut problems = Problems::default();
    let contacts = validate_contacts(raw, config, &manifest, &mut problems);
    let links = read_links(conn, &mut problems).map_err(sql)?;
    let articles = read_articles(path, conn, config, &mut problems).map_err(sql)?;
    let tombstones = read_tombstones(conn, &mut problems).map_err(sql)?;
    let erasures = if manifest.format_version >= 2 {
        read_erasures(conn, &mut problems).map_err(sql)?
    } else {
        Vec::new()
    };
    for c in &contacts {
        if !manifest.desks.contains(&c.desk) {
            problems.lines.push(BadRow::OtherDesk {
                id: c.id.to_string(),
                desk: c.desk.clone(),
                named: manifest.desks.clone(),
            });
        }
    }
    if !problems.is_empty() {
        return Err(BundleError::Invalid {
            path: path.to_path_buf(),
            problems: problems.into_lines(),
        });
    }
    Ok(Bundle {
        path: path.to_path_buf(),
        manifest,
        contacts,
        links,
        articles,
        tombstones,
        erasures,
        signer,
    })
}

/// The largest bundle read.
pub const BUNDLE_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// A file, complete as far as its SQLite header says, before SQLite itself opens it.
fn check_file(path: &Path) -> Result<(), BundleError> {
    let read_err = |source| BundleError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    let foreign = |why: Foreign| BundleError::Foreign {
        path: path.to_path_buf(),
        why,
    };
    if meta.is_dir() {
        return Err(foreign(Foreign::Folder));
    }
    if meta.len() > BUNDLE_MAX_BYTES {
        return Err(BundleError::TooLarge {
            path: path.to_path_buf(),
            mib: meta.len() / (1024 * 1024),
        });
    }
    let mut header = [0u8; 100];
    let mut f = std::fs::File::open(path).map_err(read_err)?;
    let mut n = 0;
    while n < header.len() {
        match f.read(&mut header[n..]).map_err(read_err)? {
            0 => break,
            k => n += k,
        }
    }
    if !crate::store::header::starts_plain(&header[..n]) {
        return Err(foreign(Foreign::NotSqlite));
    }
    let cut = |have: u64, want: u64| BundleError::Damaged {
        path: path.to_path_buf(),
        why: Damage::Cut { have, want },
    };
    if n < header.len() {
        return Err(cut(meta.len(), 100));
    }
    let page = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536u64,
        p => u64::from(p),
    };
    let pages = u64::from(u32::from_be_bytes([
        header[28], header[29], header[30], header[31],
    ]));
    if meta.len() < page * pages {
        return Err(cut(meta.len(), page * pages));
    }
    Ok(())
}

fn read_manifest(path: &Path, conn: &Connection) -> Result<Manifest, BundleError> {
    let foreign = |why: Foreign| BundleError::Foreign {
        path: path.to_path_buf(),
        why,
    };
    let mut rows = BTreeMap::new();
    let mut read = || -> rusqlite::Result<()> {
        let mut stmt = conn.prepare("SELECT key, value FROM manifest")?;
        let mut r = stmt.query([])?;
        while let Some(row) = r.next()? {
            rows.insert(row.get::<_, String>(0)?, row.get::<_, String>(1)?);
        }
        Ok(())
    };
    read().map_err(|e| foreign(Foreign::NoManifest(e.to_string())))?;
    let manifest =
        Manifest::from_rows(&rows, migrations::latest_version()).map_err(|p| match p {
            ManifestProblem::Foreign(why) => foreign(why),
            ManifestProblem::Newer(what) => BundleError::Newer {
                path: path.to_path_buf(),
                what,
            },
            ManifestProblem::Damaged(why) => BundleError::Damaged {
                path: path.to_path_buf(),
                why,
            },
        })?;
    if manifest.schema_version < FIRST_SCHEMA {
        return Err(BundleError::Damaged {
            path: path.to_path_buf(),
            why: Damage::OldSchema(manifest.schema_version),
        });
    }
    Ok(manifest)
}

/// Problems found in the rows: codes the config lacks (once per code, with a count), and
/// everything else one line each.
#[derive(Default)]
struct Problems {
    /// (what, code) -> contacts
    unknown: BTreeMap<(&'static str, String), u64>,
    lines: Vec<BadRow>,
    /// Topic labels from the manifest, for the hint.
    labels: BTreeMap<String, (String, String)>,
}

impl Problems {
    fn is_empty(&self) -> bool {
        self.unknown.is_empty() && self.lines.is_empty()
    }

    fn into_lines(self) -> Vec<BadRow> {
        let mut out = Vec::new();
        for ((what, code), n) in &self.unknown {
            let labels = match *what {
                "topic" => self.labels.get(code).cloned(),
                _ => None,
            };
            out.push(BadRow::Unknown(UnknownCode {
                what,
                code: code.clone(),
                contacts: *n,
                labels,
            }));
        }
        let more = self.lines.len().saturating_sub(SHOWN_PROBLEMS);
        out.extend(self.lines.into_iter().take(SHOWN_PROBLEMS));
        if more > 0 {
            out.push(BadRow::More(more));
        }
        out
    }
}

/// Check every contact against `config`, normalising it as the store would. A desk may use
/// topic (or channel, landlord, partner) codes of its own: those must be added to this
/// config before the bundle can be merged, so the counts mean the same everywhere.
fn validate_contacts(
    raw: Vec<Contact>,
    config: &Config,
    manifest: &Manifest,
    problems: &mut Problems,
) -> Vec<Contact> {
    problems.labels = manifest
        .topics
        .iter()
        .map(|t| (t.code.clone(), (t.nl.clone(), t.en.clone())))
        .collect();
    let mut out = Vec::with_capacity(raw.len());
    for mut c in raw {
        if !is_contact_id(&c.id.0) {
            problems.lines.push(BadRow::NotAnId(c.id.to_string()));
            continue;
        }
        let mut unknown = false;
        let mut note = |what: &'static str, code: &str| {
            *problems
                .unknown
                .entry((what, code.to_string()))
                .or_default() += 1;
            unknown = true;
        };
        for t in c.topics.iter().collect::<BTreeSet<_>>() {
            if config.topic(t).is_none() {
                note("topic", t);
            }
        }
        if config.channel(&c.channel).is_none() {
            note("channel", &c.channel);
        }
        if config.landlord(&c.landlord).is_none() {
            note("landlord", &c.landlord);
        }
        for p in [&c.referred_from, &c.referred_to].into_iter().flatten() {
            if config.partner(p).is_none() {
                note("partner", p);
            }
        }
        if unknown {
            continue;
        }
        match c.validate(config) {
            Ok(()) => out.push(c),
            Err(invalid) => problems.lines.push(BadRow::Contact {
                id: c.id.to_string(),
                invalid,
            }),
        }
    }
    out
}

fn stamp(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, STAMP_FORMAT).ok()
}

fn read_links(conn: &Connection, problems: &mut Problems) -> rusqlite::Result<Vec<Link>> {
    let mut stmt = conn.prepare(
        "SELECT contact_id, article_id, linked_at FROM contact_articles
         ORDER BY contact_id, article_id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let (contact, article, at): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        match stamp(&at) {
            Some(linked_at) if (1..=crate::kb::article::MAX_ID_LEN).contains(&article.len()) => out
                .push(Link {
                    contact: ContactId(contact),
                    article,
                    linked_at,
                }),
            _ => problems.lines.push(BadRow::Link { contact, article }),
        }
    }
    Ok(out)
}

fn read_articles(
    path: &Path,
    conn: &Connection,
    config: &Config,
    problems: &mut Problems,
) -> rusqlite::Result<Vec<BundledArticle>> {
    // an article over the limit is refused without reading it into memory
    let mut stmt = conn.prepare(
        "SELECT id, CASE WHEN length(CAST(text AS BLOB)) > ?1 THEN '' ELSE text END, updated_at,
                length(CAST(text AS BLOB))
         FROM articles ORDER BY id",
    )?;
    let mut rows = stmt.query([crate::kb::article::ARTICLE_MAX_BYTES as i64])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let (id, text, at): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let len: i64 = r.get(3)?;
        if len as usize > crate::kb::article::ARTICLE_MAX_BYTES {
            let len = len as usize;
            problems.lines.push(BadRow::ArticleTooLong { id, len });
            continue;
        }
        let name = format!("{} (article {id})", path.display());
        match (Article::parse(&name, &text, config), stamp(&at)) {
            (Ok(article), Some(updated_at)) if article.id == id => out.push(BundledArticle {
                article,
                updated_at,
            }),
            (Ok(article), Some(_)) => problems.lines.push(BadRow::ArticleHolds {
                id,
                other: article.id,
            }),
            (Ok(_), None) => problems.lines.push(BadRow::ArticleTime { id, at }),
            (Err(e), _) => problems.lines.push(BadRow::Article(e)),
        }
    }
    Ok(out)
}

fn read_tombstones(conn: &Connection, problems: &mut Problems) -> rusqlite::Result<Vec<Tombstone>> {
    let mut stmt = conn.prepare("SELECT id, deleted_at FROM deleted_contacts ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    while let Some(r) = rows.next()? {
        let (id, at): (String, String) = (r.get(0)?, r.get(1)?);
        match stamp(&at) {
            Some(deleted_at) if is_contact_id(&id) && seen.insert(id.clone()) => {
                out.push(Tombstone {
                    id: ContactId(id),
                    deleted_at,
                })
            }
            _ => problems.lines.push(BadRow::Deletion(id)),
        }
    }
    Ok(out)
}

fn read_erasures(conn: &Connection, problems: &mut Problems) -> rusqlite::Result<Vec<Erased>> {
    let mut stmt =
        conn.prepare("SELECT contact_id, erased_at FROM erasures ORDER BY contact_id")?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let (id, at): (String, String) = (r.get(0)?, r.get(1)?);
        match stamp(&at) {
            Some(erased_at) if is_contact_id(&id) => out.push(Erased {
                id: ContactId(id),
                erased_at,
            }),
            _ => problems.lines.push(BadRow::Erasure(id)),
        }
    }
    Ok(out)
}
