//! The knowledge base: articles about rules and schemes that a volunteer looks up during a
//! conversation. Shipped articles are embedded in the binary and loaded into the database;
//! desks can import, edit and export their own. Search is per keystroke ([`Searcher`]).
//!
//! What the TUI calls:
//! - [`sync_shipped`] once at start-up;
//! - [`Searcher::load`], then [`Searcher::search`] on every keystroke;
//! - [`get`] for the article view, with [`Article::warnings`] and [`markdown::blocks`];
//! - [`Store::link_article`](crate::store::Store::link_article) and [`linked_articles`].

pub mod age;
pub mod article;
pub mod body;
pub mod edit;
mod files;
pub mod markdown;
pub mod matcher;
pub mod partners;
pub mod problem;
pub mod search;
mod shipped;
pub mod versions;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::domain::ContactId;
use crate::store::articles::ArticleTx;
use crate::store::{Store, StoreError};

pub use article::{Article, ArticleError};
pub use files::{ImportReport, export, import, import_articles, read_articles};
pub use problem::Problem;
pub use search::{Field, Hit, Searcher, Snippet, Tier};
pub use shipped::{SHIPPED_HASH, SyncReport, shipped_articles, sync_shipped};
pub use versions::{Change, Saved, Version, history, revert, review, save_edit};

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
    #[error("there is no article `{0}`; find one with `balie kb search WORDS`")]
    NoSuchArticle(String),
    #[error("{}", no_such_version(id, *version, *last))]
    NoSuchVersion {
        id: String,
        version: u32,
        last: Option<u32>,
    },
    #[error(
        "say what you checked the article against, e.g. --against \"Rijksoverheid.nl, huurcommissie, december 2026\""
    )]
    EmptyReviewSource,
}

fn no_such_version(id: &str, version: u32, last: Option<u32>) -> String {
    match last {
        None => format!("article `{id}` has no earlier versions: it was never edited here"),
        Some(last) => format!(
            "article `{id}` has no version {version}; its versions are 1 to {last} \
             (see `balie kb history {id}`)"
        ),
    }
}

fn list_errors(errors: &[ArticleError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
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
    /// Its facts (dated as given) are older than `[kb] stale_after_years` and were never
    /// checked.
    Stale(NaiveDate),
    /// Its last check (the date given) is older than `[kb] stale_after_years`.
    CheckStale(NaiveDate),
    /// It should have been checked again by `review_by`.
    ReviewOverdue(NaiveDate),
    /// Its facts only hold from `valid_from`.
    NotYetValid(NaiveDate),
}

impl Article {
    /// What is wrong with relying on this article on `today`, most serious first; empty when
    /// it is current. The day of `valid_until` and of `review_by` still count as current.
    /// Facts are stale after `stale_after_years` years without a check (0: never).
    pub fn warnings(&self, today: NaiveDate, stale_after_years: u32) -> Vec<Warning> {
        let mut w = Vec::new();
        if let Some(until) = self.valid_until.filter(|&d| today > d) {
            w.push(Warning::Expired(until));
        }
        if self.is_stale(today, stale_after_years) {
            match (self.last_checked, self.facts_from) {
                (Some(checked), _) => w.push(Warning::CheckStale(checked)),
                (None, Some(facts)) => w.push(Warning::Stale(facts)),
                // the parser refuses an article with neither date
                (None, None) => {}
            }
        }
        if let Some(review) = self.review_by.filter(|&d| today > d) {
            w.push(Warning::ReviewOverdue(review));
        }
        if let Some(from) = self.valid_from.filter(|&d| today < d) {
            w.push(Warning::NotYetValid(from));
        }
        w
    }

    /// The short answer the article opens with (the blocks under `## Kort`), if it has one.
    pub fn kort(&self) -> Option<Vec<markdown::Block>> {
        let blocks = markdown::blocks(&self.body);
        markdown::section(&blocks, markdown::KORT).map(<[markdown::Block]>::to_vec)
    }
}

/// One stored article by id.
pub fn get(store: &Store, id: &str) -> Result<Option<StoredArticle>> {
    Ok(store.article(id)?)
}

/// Every stored article, by id.
pub fn list(store: &Store) -> Result<Vec<StoredArticle>> {
    Ok(store.articles()?)
}

/// An article that needs a look, with why.
#[derive(Debug, Clone)]
pub struct ToReview {
    pub stored: StoredArticle,
    /// Its warnings today (never [`Warning::NotYetValid`]: that is not a reason to review).
    pub warnings: Vec<Warning>,
    /// How often it was linked to a contact in the last 12 months.
    pub links: u64,
    /// The desk edited a shipped article, and this balie ships another text of it.
    pub shipped_changed: bool,
    /// The desk edited a shipped article that this balie no longer ships.
    pub no_longer_shipped: bool,
}

/// What needs review on `now`, most important first: the articles with a warning (stale,
/// expired, overdue) or whose shipped text changed since the desk edited it, ordered by how
/// often they were linked to contacts in the last 12 months (then by id).
pub fn check(store: &Store, now: NaiveDateTime, stale_after_years: u32) -> Result<Vec<ToReview>> {
    let today = now.date();
    let since = now
        .checked_sub_months(chrono::Months::new(12))
        .unwrap_or(NaiveDateTime::MIN);
    let links = store.article_link_counts(since)?;
    let shipped: std::collections::HashMap<String, String> = shipped_articles()?
        .into_iter()
        .map(|a| {
            let h = a.content_hash();
            (a.id, h)
        })
        .collect();
    let mut out: Vec<ToReview> = list(store)?
        .into_iter()
        .filter_map(|s| {
            let warnings: Vec<Warning> = s
                .article
                .warnings(today, stale_after_years)
                .into_iter()
                .filter(|w| !matches!(w, Warning::NotYetValid(_)))
                .collect();
            let edited_shipped = s.origin == Origin::Local && s.shipped_hash.is_some();
            let now_shipped = shipped.get(&s.article.id);
            let shipped_changed =
                edited_shipped && now_shipped.is_some_and(|h| Some(h) != s.shipped_hash.as_ref());
            let no_longer_shipped = edited_shipped && now_shipped.is_none();
            let needed = !warnings.is_empty() || shipped_changed || no_longer_shipped;
            needed.then(|| ToReview {
                links: links.get(&s.article.id).copied().unwrap_or(0),
                stored: s,
                warnings,
                shipped_changed,
                no_longer_shipped,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.links
            .cmp(&a.links)
            .then_with(|| a.stored.article.id.cmp(&b.stored.article.id))
    });
    Ok(out)
}

/// The shipped text of article `id` in this balie, if it ships one.
pub fn shipped_text(id: &str) -> Result<Option<Article>> {
    Ok(shipped_articles()?.into_iter().find(|a| a.id == id))
}

/// Store an article written or edited at this desk (origin local: never overwritten by a
/// shipped version). The TUI's search must be reloaded afterwards.
pub fn save_local(store: &mut Store, article: &Article, now: NaiveDateTime) -> Result<()> {
    store.change_articles(|tx| {
        let shipped_hash = tx.get(&article.id)?.and_then(|a| a.shipped_hash);
        Ok(tx.write(article, Origin::Local, shipped_hash.as_deref(), now)?)
    })
}

/// What merging an article from another desk's bundle did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArticleMerge {
    Added,
    Replaced,
    Kept,
}

/// The choice of [`crate::store::articles::merge_article`], made and stored through `tx`.
pub(crate) fn merge_into(
    tx: &ArticleTx<'_>,
    article: &Article,
    updated_at: NaiveDateTime,
) -> Result<ArticleMerge> {
    let hash = article.content_hash();
    let (outcome, shipped_hash) = match tx.get(&article.id)? {
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
    tx.write(article, Origin::Local, shipped_hash.as_deref(), updated_at)?;
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
            let title = store.article_title(&id)?;
            Ok(Linked { id, title })
        })
        .collect()
}

#[cfg(test)]
mod tests;
