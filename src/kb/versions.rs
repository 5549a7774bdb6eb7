//! Keeping articles current from inside balie: an edit, a review (a check against a current
//! source, without editing) and a revert each store the article as the desk's own version,
//! keep the text it replaced in `article_versions`, and write one line in the audit log, all
//! in one transaction. A desk's own version is never overwritten by a newer balie.

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use super::article::Article;
use super::{KbError, Origin, Result, StoredArticle, db};
use crate::config::Config;
use crate::domain::STAMP_FORMAT;
use crate::store::audit::{self, AuditKind};
use crate::store::{Store, StoreError};

/// What made a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// The text as it was before the first edit, review or revert (often the shipped one).
    Before,
    Edit,
    Review,
    Revert,
}

impl Change {
    pub fn code(self) -> &'static str {
        match self {
            Change::Before => "before",
            Change::Edit => "edit",
            Change::Review => "review",
            Change::Revert => "revert",
        }
    }

    fn parse(s: &str) -> Option<Change> {
        Some(match s {
            "before" => Change::Before,
            "edit" => Change::Edit,
            "review" => Change::Review,
            "revert" => Change::Revert,
            _ => return None,
        })
    }
}

/// One stored version of an article: the whole file as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    pub version: u32,
    pub change: Change,
    /// For a review: what it was checked against; for a revert: the version gone back to.
    pub note: String,
    /// Initials of who made it (empty for [`Change::Before`]).
    pub volunteer: String,
    #[serde(serialize_with = "stamp")]
    pub saved_at: NaiveDateTime,
    pub origin: Origin,
    /// The article as a file ([`Article::render`]).
    #[serde(skip)]
    pub text: String,
}

fn stamp<S: serde::Serializer>(at: &NaiveDateTime, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&at.format(STAMP_FORMAT).to_string())
}

/// What a save did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// Stored as this version.
    Version(u32),
    /// The text is the same as stored: nothing was written.
    Unchanged,
}

fn corrupt(what: String) -> KbError {
    KbError::Store(StoreError::Corrupt(what))
}

/// Every version of article `id`, oldest first (empty when it was never edited here).
pub fn history(store: &Store, id: &str) -> Result<Vec<Version>> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT version, change, note, volunteer, saved_at, origin, text
         FROM article_versions WHERE article_id = ?1 ORDER BY version",
    )?;
    let mut rows = stmt.query(params![id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let change: String = r.get(1)?;
        let saved: String = r.get(4)?;
        let origin: String = r.get(5)?;
        out.push(Version {
            version: r.get(0)?,
            change: Change::parse(&change)
                .ok_or_else(|| corrupt(format!("bad article version change `{change}`")))?,
            note: r.get(2)?,
            volunteer: r.get(3)?,
            saved_at: NaiveDateTime::parse_from_str(&saved, STAMP_FORMAT)
                .map_err(|e| corrupt(format!("bad article version time `{saved}`: {e}")))?,
            origin: if origin == "shipped" {
                Origin::Shipped
            } else {
                Origin::Local
            },
            text: r.get(6)?,
        });
    }
    Ok(out)
}

fn last_version(conn: &Connection, id: &str) -> Result<Option<u32>> {
    Ok(conn
        .query_row(
            "SELECT max(version) FROM article_versions WHERE article_id = ?1",
            params![id],
            |r| r.get::<_, Option<u32>>(0),
        )
        .optional()?
        .flatten())
}

struct NewVersion<'a> {
    change: Change,
    note: &'a str,
    volunteer: &'a str,
    now: NaiveDateTime,
    audit_action: AuditKind,
    audit_detail: String,
}

/// Store `article` in place of `old` inside `conn` (a transaction): the text before it goes
/// into the history if it is not there yet, then the new text as the next version, then the
/// audit line. A text equal to the shipped one is stored as shipped again, so newer shipped
/// versions flow in; anything else is the desk's own.
fn store_version(
    conn: &Connection,
    old: &StoredArticle,
    article: &Article,
    v: NewVersion<'_>,
) -> Result<Saved> {
    let id = &article.id;
    if old.content_hash == article.content_hash() {
        return Ok(Saved::Unchanged);
    }
    let last = match last_version(conn, id)? {
        Some(n) => n,
        None => {
            insert(
                conn,
                id,
                1,
                &old.article.render(),
                old.origin,
                Change::Before,
                "",
                "",
                old.updated_at,
            )?;
            1
        }
    };
    let hash = article.content_hash();
    let origin = if old.shipped_hash.as_deref() == Some(hash.as_str()) {
        // Back to the shipped text: let the next start compare it with what this binary ships.
        conn.execute(
            "DELETE FROM settings WHERE key = ?1",
            params![crate::store::Setting::KbShippedHash.key()],
        )?;
        Origin::Shipped
    } else {
        Origin::Local
    };
    db::write(conn, article, origin, old.shipped_hash.as_deref(), v.now)?;
    let version = last + 1;
    insert(
        conn,
        id,
        version,
        &article.render(),
        origin,
        v.change,
        v.note,
        v.volunteer,
        v.now,
    )?;
    audit::append(
        conn,
        v.now,
        v.volunteer,
        v.audit_action,
        &[],
        &format!("article {id} version {version}{}", v.audit_detail),
    )?;
    Ok(Saved::Version(version))
}

#[allow(clippy::too_many_arguments)]
fn insert(
    conn: &Connection,
    id: &str,
    version: u32,
    text: &str,
    origin: Origin,
    change: Change,
    note: &str,
    volunteer: &str,
    at: NaiveDateTime,
) -> Result<()> {
    conn.execute(
        "INSERT INTO article_versions
             (article_id, version, text, origin, change, note, volunteer, saved_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            version,
            text,
            origin.code(),
            change.code(),
            note,
            volunteer,
            at.format(STAMP_FORMAT).to_string()
        ],
    )?;
    Ok(())
}

/// The stored article `id`, or [`KbError::NoSuchArticle`].
fn current(conn: &Connection, id: &str) -> Result<StoredArticle> {
    db::get(conn, id)?.ok_or_else(|| KbError::NoSuchArticle(id.to_string()))
}

/// Store an edited article (validated already) as the desk's own version, by `volunteer`.
/// The article must exist and keep its id.
pub fn save_edit(
    store: &mut Store,
    article: &Article,
    volunteer: &str,
    now: NaiveDateTime,
) -> Result<Saved> {
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let old = current(&tx, &article.id)?;
    let v = store_version(
        &tx,
        &old,
        article,
        NewVersion {
            change: Change::Edit,
            note: "",
            volunteer,
            now,
            audit_action: AuditKind::KbEdit,
            audit_detail: String::new(),
        },
    )?;
    tx.commit()?;
    Ok(v)
}

/// Record that `volunteer` checked article `id` against `against` today: `last_checked` and
/// `checked_against` are set, nothing else changes. Stored as the desk's own version;
/// [`Saved::Unchanged`] when the same check was recorded today already.
pub fn review(
    store: &mut Store,
    id: &str,
    against: &str,
    volunteer: &str,
    now: NaiveDateTime,
) -> Result<Saved> {
    let against = against.trim();
    if against.is_empty() {
        return Err(KbError::EmptyReviewSource);
    }
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let old = current(&tx, id)?;
    let mut article = old.article.clone();
    article.last_checked = Some(now.date());
    article.checked_against = Some(against.to_string());
    let v = store_version(
        &tx,
        &old,
        &article,
        NewVersion {
            change: Change::Review,
            note: against,
            volunteer,
            now,
            audit_action: AuditKind::KbReview,
            audit_detail: format!(", checked against: {against}"),
        },
    )?;
    tx.commit()?;
    Ok(v)
}

/// Go back to `version` of article `id`: its text is stored again as a new version (so the
/// revert itself can be undone). The old text must still pass validation against `config`
/// (a topic it names may have been removed since).
pub fn revert(
    store: &mut Store,
    id: &str,
    version: u32,
    config: &Config,
    volunteer: &str,
    now: NaiveDateTime,
) -> Result<Saved> {
    let versions = history(store, id)?;
    let Some(target) = versions.iter().find(|v| v.version == version) else {
        return Err(KbError::NoSuchVersion {
            id: id.to_string(),
            version,
            last: versions.last().map(|v| v.version),
        });
    };
    let article = Article::parse(&format!("{id} version {version}"), &target.text, config)?;
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let old = current(&tx, id)?;
    let v = store_version(
        &tx,
        &old,
        &article,
        NewVersion {
            change: Change::Revert,
            note: &version.to_string(),
            volunteer,
            now,
            audit_action: AuditKind::KbRevert,
            audit_detail: format!(", back to version {version}"),
        },
    )?;
    tx.commit()?;
    Ok(v)
}
