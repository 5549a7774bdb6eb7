//! The knowledge base: articles about rules and schemes that a volunteer looks up during a
//! conversation. Shipped articles are embedded in the binary and loaded into the database;
//! desks can import, edit and export their own. Search is per keystroke ([`Searcher`]).
//!
//! What the TUI calls:
//! - [`sync_shipped`] once at start-up;
//! - [`Searcher::load`], then [`Searcher::search`] on every keystroke;
//! - [`get`] for the article view, with [`Article::warnings`] and [`markdown::blocks`];
//! - [`Store::link_article`](crate::store::Store::link_article) and [`linked_articles`].

pub mod article;
pub mod body;
mod db;
mod files;
pub mod markdown;
pub mod matcher;
pub mod search;
mod shipped;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::domain::ContactId;
use crate::store::{Store, StoreError};

pub use article::{Article, ArticleError};
pub use files::{ImportReport, export, import, import_articles, read_articles};
pub use search::{Field, Hit, Searcher, Snippet, Tier};
pub use shipped::{SHIPPED_HASH, SyncReport, shipped_articles, sync_shipped};

#[derive(Debug, thiserror::Error)]
pub enum KbError {
    #[error(transparent)]
    Article(#[from] ArticleError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot read {path}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot write {path}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    /// Import refused: every problem found, one `file:line: what is wrong` per line.
    #[error("{}", list_errors(.0))]
    Invalid(Vec<ArticleError>),
    #[error("{path} holds no article files (*.md); give a file or a folder of .md files")]
    NoArticles { path: String },
    #[error("a shipped article is broken; this build of balie is faulty: {0}")]
    Shipped(ArticleError),
}

fn list_errors(errors: &[ArticleError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl From<rusqlite::Error> for KbError {
    fn from(e: rusqlite::Error) -> Self {
        KbError::Store(StoreError::from(e))
    }
}

pub type Result<T, E = KbError> = std::result::Result<T, E>;

/// Where the stored version of an article comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Exactly as shipped with balie; refreshed when a newer balie ships a newer version.
    Shipped,
    /// Written, imported or edited at this desk; never overwritten by a shipped version.
    Local,
}

impl Origin {
    pub fn code(self) -> &'static str {
        match self {
            Origin::Shipped => "shipped",
            Origin::Local => "local",
        }
    }
}

/// An article as stored, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredArticle {
    pub article: Article,
    pub origin: Origin,
    pub content_hash: String,
    /// The hash of the shipped version this article was loaded from, if any.
    pub shipped_hash: Option<String>,
    pub updated_at: NaiveDateTime,
}

/// Why an article should be read with care today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "date", rename_all = "snake_case")]
pub enum Warning {
    /// Its facts stopped holding after `valid_until`.
    Expired(NaiveDate),
    /// It should have been checked again by `review_by`.
    ReviewOverdue(NaiveDate),
    /// Its facts only hold from `valid_from`.
    NotYetValid(NaiveDate),
}

impl Article {
    /// What is wrong with relying on this article on `today`, most serious first; empty when
    /// it is current. The day of `valid_until` and of `review_by` still count as current.
    pub fn warnings(&self, today: NaiveDate) -> Vec<Warning> {
        let mut w = Vec::new();
        if let Some(until) = self.valid_until.filter(|&d| today > d) {
            w.push(Warning::Expired(until));
        }
        if let Some(review) = self.review_by.filter(|&d| today > d) {
            w.push(Warning::ReviewOverdue(review));
        }
        if today < self.valid_from {
            w.push(Warning::NotYetValid(self.valid_from));
        }
        w
    }
}

/// One stored article by id.
pub fn get(store: &Store, id: &str) -> Result<Option<StoredArticle>> {
    db::get(store.conn(), id)
}

/// Every stored article, by id.
pub fn list(store: &Store) -> Result<Vec<StoredArticle>> {
    db::all(store.conn())
}

/// The stored articles that are past `valid_until` or `review_by` on `today`, by id, each with
/// its warnings.
pub fn check(store: &Store, today: NaiveDate) -> Result<Vec<(StoredArticle, Vec<Warning>)>> {
    Ok(list(store)?
        .into_iter()
        .filter_map(|a| {
            let w: Vec<Warning> = a
                .article
                .warnings(today)
                .into_iter()
                .filter(|w| !matches!(w, Warning::NotYetValid(_)))
                .collect();
            (!w.is_empty()).then_some((a, w))
        })
        .collect())
}

/// Store an article written or edited at this desk (origin local: never overwritten by a
/// shipped version). The TUI's search must be reloaded afterwards.
pub fn save_local(store: &mut Store, article: &Article, now: NaiveDateTime) -> Result<()> {
    let tx = store.conn_mut().transaction()?;
    let shipped_hash = db::get(&tx, &article.id)?.and_then(|a| a.shipped_hash);
    db::write(&tx, article, Origin::Local, shipped_hash.as_deref(), now)?;
    tx.commit()?;
    Ok(())
}

/// What merging an article from another desk's bundle did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArticleMerge {
    Added,
    Replaced,
    Kept,
}

/// Merge a desk's own article (from a bundle, last written at `updated_at`) inside the
/// caller's transaction `conn`. A new id is added; an article stored here exactly as shipped
/// gives way to the desk's version; between two local versions the later wins (on the same
/// second, the one with the greater content hash, so the order of merging never matters).
/// It is stored as local, so no shipped version overwrites it.
pub(crate) fn merge_article(
    conn: &rusqlite::Connection,
    article: &Article,
    updated_at: NaiveDateTime,
) -> Result<ArticleMerge> {
    let hash = article.content_hash();
    let (outcome, shipped_hash) = match db::get(conn, &article.id)? {
        None => (ArticleMerge::Added, None),
        Some(here) if here.content_hash == hash => return Ok(ArticleMerge::Kept),
        Some(here) => {
            let newer = here.origin == Origin::Shipped
                || (updated_at, hash.as_str()) > (here.updated_at, here.content_hash.as_str());
            if !newer {
                return Ok(ArticleMerge::Kept);
            }
            (ArticleMerge::Replaced, here.shipped_hash)
        }
    };
    db::write(
        conn,
        article,
        Origin::Local,
        shipped_hash.as_deref(),
        updated_at,
    )?;
    Ok(outcome)
}

/// An article linked to a contact; `title` is `None` when the article is no longer in the
/// knowledge base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Linked {
    pub id: String,
    pub title: Option<String>,
}

/// The articles linked to a contact, oldest link first, with their titles.
pub fn linked_articles(store: &Store, contact: &ContactId) -> Result<Vec<Linked>, StoreError> {
    store
        .linked_article_ids(contact)?
        .into_iter()
        .map(|id| {
            let title = db::title(store.conn(), &id)?;
            Ok(Linked { id, title })
        })
        .collect()
}

#[cfg(test)]
mod tests;
