//! Keeping articles current from inside balie: an edit, a review (a check against a current
//! source, without editing) and a revert each store the article as the desk's own version,
//! keep the text it replaced in `article_versions`, and write one line in the audit log, all
//! in one transaction. A desk's own version is never overwritten by a newer balie.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::article::Article;
use super::{KbError, Origin, Result, StoredArticle};
use crate::config::Config;
use crate::domain::STAMP_FORMAT;
use crate::store::Store;
use crate::store::articles::ArticleTx;
use crate::store::audit::AuditKind;

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

    pub(crate) fn parse(s: &str) -> Option<Change> {
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

/// Every version of article `id`, oldest first (empty when it was never edited here).
pub fn history(store: &Store, id: &str) -> Result<Vec<Version>> {
    Ok(store.article_versions(id)?)
}

struct NewVersion<'a> {
    change: Change,
    note: &'a str,
    volunteer: &'a str,
    now: NaiveDateTime,
    audit_action: AuditKind,
    audit_detail: String,
}

/// Store `article` in place of `old` through `tx`: the text before it goes into the history
/// if it is not there yet, then the new text as the next version, then the audit line. A text
/// equal to the shipped one is stored as shipped again, so newer shipped versions flow in;
/// anything else is the desk's own.
fn store_version(
    tx: &ArticleTx<'_>,
    old: &StoredArticle,
    article: &Article,
    v: NewVersion<'_>,
) -> Result<Saved> {
    let id = &article.id;
    if old.content_hash == article.content_hash() {
        return Ok(Saved::Unchanged);
    }
    let last = match tx.last_version(id)? {
        Some(n) => n,
        None => {
            tx.insert_version(
                id,
                &Version {
                    version: 1,
                    change: Change::Before,
                    note: String::new(),
                    volunteer: String::new(),
                    saved_at: old.updated_at,
                    origin: old.origin,
                    text: old.article.render(),
                },
            )?;
            1
        }
    };
    let hash = article.content_hash();
    let origin = if old.shipped_hash.as_deref() == Some(hash.as_str()) {
        // Back to the shipped text: let the next start compare it with what this binary ships.
        tx.forget_shipped_set()?;
        Origin::Shipped
    } else {
        Origin::Local
    };
    tx.write(article, origin, old.shipped_hash.as_deref(), v.now)?;
    let version = last + 1;
    tx.insert_version(
        id,
        &Version {
            version,
            change: v.change,
            note: v.note.to_string(),
            volunteer: v.volunteer.to_string(),
            saved_at: v.now,
            origin,
            text: article.render(),
        },
    )?;
    tx.audit(
        v.now,
        v.volunteer,
        v.audit_action,
        &format!("article {id} version {version}{}", v.audit_detail),
    )?;
    Ok(Saved::Version(version))
}

/// The stored article `id`, or [`KbError::NoSuchArticle`].
fn current(tx: &ArticleTx<'_>, id: &str) -> Result<StoredArticle> {
    tx.get(id)?
        .ok_or_else(|| KbError::NoSuchArticle(id.to_string()))
}

/// Store an edited article (validated already) as the desk's own version, by `volunteer`.
/// The article must exist and keep its id.
pub fn save_edit(
    store: &mut Store,
    article: &Article,
    volunteer: &str,
    now: NaiveDateTime,
) -> Result<Saved> {
    store.change_articles(|tx| {
        let old = current(tx, &article.id)?;
        store_version(
            tx,
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
        )
    })
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
    store.change_articles(|tx| {
        let old = current(tx, id)?;
        let mut article = old.article.clone();
        article.last_checked = Some(now.date());
        article.checked_against = Some(against.to_string());
        store_version(
            tx,
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
        )
    })
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
    store.change_articles(|tx| {
        let old = current(tx, id)?;
        store_version(
            tx,
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
        )
    })
}
