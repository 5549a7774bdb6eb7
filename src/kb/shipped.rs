//! The articles shipped in `config/kb/`, embedded in the binary by `build.rs`, and keeping the
//! database in step with them without touching what a desk wrote or edited itself.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;

use super::article::Article;
use super::{KbError, Origin, Result};
use crate::config::Config;
use crate::store::Store;
use crate::store::articles::Hashes;

include!(concat!(env!("OUT_DIR"), "/kb_shipped.rs"));

/// What [`sync_shipped`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Nothing to do: the shipped articles are the ones loaded last time.
    pub unchanged: bool,
    pub added: usize,
    pub updated: usize,
    /// Shipped articles no longer shipped, removed (links to them stay).
    pub removed: usize,
    /// Articles with a newer shipped version that were left alone because the desk wrote or
    /// edited its own version.
    pub kept_local: Vec<String>,
}

/// Every shipped article, parsed and validated against the shipped topics.
pub fn shipped_articles() -> Result<Vec<Article>> {
    let config = Config::shipped();
    SHIPPED_ARTICLES
        .iter()
        .map(|(name, text)| {
            Article::parse(&format!("config/kb/{name}"), text, &config).map_err(KbError::Shipped)
        })
        .collect()
}

/// Load the shipped articles into the database on first run, and refresh them when this
/// binary ships other versions than the last one that ran. An article the desk wrote or
/// edited itself is never overwritten; a shipped article this binary no longer ships is
/// removed unless the desk edited it. Cheap when nothing changed: one settings lookup.
pub fn sync_shipped(store: &mut Store, now: NaiveDateTime) -> Result<SyncReport> {
    if store
        .setting(crate::store::Setting::KbShippedHash.key())?
        .as_deref()
        == Some(SHIPPED_HASH)
    {
        return Ok(SyncReport {
            unchanged: true,
            ..SyncReport::default()
        });
    }
    sync_from(store, &shipped_articles()?, SHIPPED_HASH, now)
}

/// Bring the database in step with `articles` as the shipped set whose hash is `set_hash`.
pub(crate) fn sync_from(
    store: &mut Store,
    articles: &[Article],
    set_hash: &str,
    now: NaiveDateTime,
) -> Result<SyncReport> {
    store.change_articles(|tx| {
        let mut report = SyncReport::default();
        let stored: HashMap<String, Hashes> = tx
            .hashes()?
            .into_iter()
            .map(|h| (h.id.clone(), h))
            .collect();
        let mut shipped_ids = HashSet::new();
        for a in articles {
            shipped_ids.insert(a.id.as_str());
            let hash = a.content_hash();
            match stored.get(&a.id) {
                None => {
                    tx.write(a, Origin::Shipped, Some(&hash), now)?;
                    report.added += 1;
                }
                Some(h) if h.content == hash => {
                    // The same text as shipped: (re)mark it shipped so later versions flow in.
                    if !h.pristine || h.shipped.as_deref() != Some(hash.as_str()) {
                        tx.write(a, Origin::Shipped, Some(&hash), now)?;
                    }
                }
                Some(h) if h.pristine => {
                    tx.write(a, Origin::Shipped, Some(&hash), now)?;
                    report.updated += 1;
                }
                Some(_) => report.kept_local.push(a.id.clone()),
            }
        }
        for (id, h) in &stored {
            if h.pristine && !shipped_ids.contains(id.as_str()) {
                tx.delete(id)?;
                report.removed += 1;
            }
        }
        tx.set_shipped_set(set_hash)?;
        Ok(report)
    })
}
