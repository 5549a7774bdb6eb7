//! The knowledge base's tables: `articles` with its full-text index `articles_fts`, the
//! earlier texts in `article_versions`, and how often contacts link each article. The
//! knowledge base ([`crate::kb`]) decides what to store and when; the SQL for it is here, and
//! every statement binds its parameters.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};

use super::audit::{self, AuditKind};
use super::{Result, Setting, Store, StoreError};
use crate::domain::STAMP_FORMAT;
use crate::kb::article::Article;
use crate::kb::versions::{Change, Version};
use crate::kb::{ArticleMerge, Origin, StoredArticle, markdown};

const COLUMNS: &str = "id, title, aliases, topics, source, facts_from, valid_from, valid_until, \
                       last_checked, checked_against, review_by, body, origin, content_hash, \
                       shipped_hash, updated_at";

/// What the searcher keeps in memory of an article.
pub(crate) struct Summary {
    pub id: String,
    pub title: String,
    pub aliases: Vec<String>,
}

/// How an article is stored, without its text.
pub(crate) struct Hashes {
    pub id: String,
    pub content: String,
    pub shipped: Option<String>,
    /// Stored as shipped and unchanged since: a newer shipped version may replace it.
    pub pristine: bool,
}

/// One full-text hit: the article and the indexed text to cut a snippet from.
#[derive(Debug, Clone)]
pub(crate) struct BodyHit {
    pub id: String,
    pub title: String,
    /// The aliases and the plain-text body as indexed.
    pub aliases: String,
    pub body: String,
}

/// At most this many matching articles are ranked per keystroke: a word in thousands of
/// articles ranks the first ones stored, so a keystroke stays within a few milliseconds.
pub(crate) const BODY_RANK_CAP: usize = 500;

fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt(what)
}

fn date(s: &str) -> Result<NaiveDate> {
    s.parse()
        .map_err(|e| corrupt(format!("bad article date `{s}`: {e}")))
}

fn list(json: &str) -> Result<Vec<String>> {
    serde_json::from_str(json).map_err(|e| corrupt(format!("bad article list `{json}`: {e}")))
}

fn to_json(items: &[String]) -> String {
    serde_json::to_string(items).expect("a list of strings serialises")
}

fn stamp(at: NaiveDateTime) -> String {
    at.format(STAMP_FORMAT).to_string()
}

fn from_row(r: &Row) -> Result<StoredArticle> {
    let opt_date = |i: usize| -> Result<Option<NaiveDate>> {
        r.get::<_, Option<String>>(i)?
            .as_deref()
            .map(date)
            .transpose()
    };
    let article = Article {
        id: r.get(0)?,
        title: r.get(1)?,
        aliases: list(&r.get::<_, String>(2)?)?,
        topics: list(&r.get::<_, String>(3)?)?,
        source: r.get(4)?,
        facts_from: opt_date(5)?,
        valid_from: opt_date(6)?,
        valid_until: opt_date(7)?,
        last_checked: opt_date(8)?,
        checked_against: r.get(9)?,
        review_by: opt_date(10)?,
        body: r.get(11)?,
    };
    let origin: String = r.get(12)?;
    let content_hash: String = r.get(13)?;
    let shipped_hash: Option<String> = r.get(14)?;
    // A shipped article whose text no longer matches what was shipped was edited here.
    let origin = match origin.as_str() {
        "shipped" if shipped_hash.as_deref() == Some(content_hash.as_str()) => Origin::Shipped,
        "shipped" | "local" => Origin::Local,
        other => return Err(corrupt(format!("bad article origin `{other}`"))),
    };
    let updated: String = r.get(15)?;
    Ok(StoredArticle {
        article,
        origin,
        content_hash,
        shipped_hash,
        updated_at: NaiveDateTime::parse_from_str(&updated, STAMP_FORMAT)
            .map_err(|e| corrupt(format!("bad article time `{updated}`: {e}")))?,
    })
}

fn get(conn: &Connection, id: &str) -> Result<Option<StoredArticle>> {
    let sql = format!("SELECT {COLUMNS} FROM articles WHERE id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![id])?;
    match rows.next()? {
        Some(row) => Ok(Some(from_row(row)?)),
        None => Ok(None),
    }
}

/// The statements of one change to the knowledge base, inside its transaction (see
/// [`Store::change_articles`]).
pub(crate) struct ArticleTx<'c> {
    conn: &'c Connection,
}

impl ArticleTx<'_> {
    /// The stored article `id`.
    pub fn get(&self, id: &str) -> Result<Option<StoredArticle>> {
        get(self.conn, id)
    }

    /// The hashes and origin of every article.
    pub fn hashes(&self) -> Result<Vec<Hashes>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, content_hash, shipped_hash, origin FROM articles")?;
        let rows = stmt.query_map([], |r| {
            let content: String = r.get(1)?;
            let shipped: Option<String> = r.get(2)?;
            let origin: String = r.get(3)?;
            Ok(Hashes {
                id: r.get(0)?,
                pristine: origin == "shipped" && shipped.as_deref() == Some(content.as_str()),
                content,
                shipped,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Insert or replace article `a` with its origin and the hash of the shipped version it
    /// stands for, and refresh its full-text row.
    pub fn write(
        &self,
        a: &Article,
        origin: Origin,
        shipped_hash: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<()> {
        let seq: i64 = self.conn.query_row(
            "INSERT INTO articles (id, title, aliases, topics, source, facts_from, valid_from,
                 valid_until, last_checked, checked_against, review_by, body, origin,
                 content_hash, shipped_hash, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
             ON CONFLICT (id) DO UPDATE SET title = excluded.title, aliases = excluded.aliases,
                 topics = excluded.topics, source = excluded.source,
                 facts_from = excluded.facts_from, valid_from = excluded.valid_from,
                 valid_until = excluded.valid_until, last_checked = excluded.last_checked,
                 checked_against = excluded.checked_against, review_by = excluded.review_by,
                 body = excluded.body, origin = excluded.origin,
                 content_hash = excluded.content_hash, shipped_hash = excluded.shipped_hash,
                 updated_at = excluded.updated_at
             RETURNING seq",
            params![
                a.id,
                a.title,
                to_json(&a.aliases),
                to_json(&a.topics),
                a.source,
                a.facts_from.map(|d| d.to_string()),
                a.valid_from.map(|d| d.to_string()),
                a.valid_until.map(|d| d.to_string()),
                a.last_checked.map(|d| d.to_string()),
                a.checked_against,
                a.review_by.map(|d| d.to_string()),
                a.body,
                origin.code(),
                a.content_hash(),
                shipped_hash,
                stamp(now),
            ],
            |r| r.get(0),
        )?;
        self.conn
            .execute("DELETE FROM articles_fts WHERE rowid = ?1", params![seq])?;
        self.conn.execute(
            "INSERT INTO articles_fts (rowid, title, aliases, body) VALUES (?1, ?2, ?3, ?4)",
            params![
                seq,
                a.title,
                a.aliases.join(", "),
                markdown::plain_text(&a.body)
            ],
        )?;
        Ok(())
    }

    /// Remove an article (its full-text row goes with it, by trigger). Links to it stay.
    pub fn delete(&self, id: &str) -> Result<bool> {
        Ok(self
            .conn
            .execute("DELETE FROM articles WHERE id = ?1", params![id])?
            > 0)
    }

    /// The highest version of article `id` kept, if any.
    pub fn last_version(&self, id: &str) -> Result<Option<u32>> {
        Ok(self
            .conn
            .query_row(
                "SELECT max(version) FROM article_versions WHERE article_id = ?1",
                params![id],
                |r| r.get::<_, Option<u32>>(0),
            )
            .optional()?
            .flatten())
    }

    /// Keep `v` as a version of article `id`.
    pub fn insert_version(&self, id: &str, v: &Version) -> Result<()> {
        self.conn.execute(
            "INSERT INTO article_versions
                 (article_id, version, text, origin, change, note, volunteer, saved_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id,
                v.version,
                v.text,
                v.origin.code(),
                v.change.code(),
                v.note,
                v.volunteer,
                stamp(v.saved_at)
            ],
        )?;
        Ok(())
    }

    /// Remember `set_hash` as the shipped set now loaded.
    pub fn set_shipped_set(&self, set_hash: &str) -> Result<()> {
        super::put_setting(self.conn, Setting::KbShippedHash.key(), set_hash)
    }

    /// Forget which shipped set was loaded, so the next start compares the articles with what
    /// its binary ships.
    pub fn forget_shipped_set(&self) -> Result<()> {
        self.conn.execute(
            "DELETE FROM settings WHERE key = ?1",
            params![Setting::KbShippedHash.key()],
        )?;
        Ok(())
    }

    /// One line in the audit log about this change.
    pub fn audit(
        &self,
        at: NaiveDateTime,
        volunteer: &str,
        action: AuditKind,
        detail: &str,
    ) -> Result<()> {
        audit::append(self.conn, at, volunteer, action, &[], detail)
    }
}

/// Merge a desk's own article (from a bundle, last written at `updated_at`) inside the
/// caller's transaction `conn`. A new id is added; an article stored here exactly as shipped
/// gives way to the desk's version; between two local versions the later wins (on the same
/// second, the one with the greater content hash, so the order of merging never matters).
/// It is stored as local, so no shipped version overwrites it.
pub(crate) fn merge_article(
    conn: &Connection,
    article: &Article,
    updated_at: NaiveDateTime,
) -> crate::kb::Result<ArticleMerge> {
    crate::kb::merge_into(&ArticleTx { conn }, article, updated_at)
}

impl Store {
    /// One stored article by id.
    pub(crate) fn article(&self, id: &str) -> Result<Option<StoredArticle>> {
        get(&self.conn, id)
    }

    /// Every stored article, by id.
    pub(crate) fn articles(&self) -> Result<Vec<StoredArticle>> {
        let sql = format!("SELECT {COLUMNS} FROM articles ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(from_row(row)?);
        }
        Ok(out)
    }

    /// Id, title and aliases of every article, by id.
    pub(crate) fn article_summaries(&self) -> Result<Vec<Summary>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, title, aliases FROM articles ORDER BY id")?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(Summary {
                id: r.get(0)?,
                title: r.get(1)?,
                aliases: list(&r.get::<_, String>(2)?)?,
            });
        }
        Ok(out)
    }

    /// The title of an article, if it exists.
    pub(crate) fn article_title(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT title FROM articles WHERE id = ?1",
                params![id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The best `limit` articles matching the FTS5 expression `fts_query` (bm25, with a word
    /// in the title counting ten times and in an alias five times a word in the body).
    pub(crate) fn search_article_bodies(
        &self,
        fts_query: &str,
        limit: usize,
    ) -> Result<Vec<BodyHit>> {
        let mut rank = self.conn.prepare_cached(
            "SELECT rowid, bm25(articles_fts, 10.0, 5.0, 1.0) FROM articles_fts
             WHERE articles_fts MATCH ?1 LIMIT ?2",
        )?;
        let mut ranked = rank
            .query_map(params![fts_query, BODY_RANK_CAP as i64], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, f64>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        ranked.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);
        let mut article = self
            .conn
            .prepare_cached("SELECT id, title FROM articles WHERE seq = ?1")?;
        let mut text = self
            .conn
            .prepare_cached("SELECT aliases, body FROM articles_fts WHERE rowid = ?1")?;
        let mut hits = Vec::with_capacity(ranked.len());
        for (seq, _) in ranked {
            let Some((id, title)) = article
                .query_row(params![seq], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
            else {
                continue;
            };
            let (aliases, body) = text.query_row(params![seq], |r| Ok((r.get(0)?, r.get(1)?)))?;
            hits.push(BodyHit {
                id,
                title,
                aliases,
                body,
            });
        }
        Ok(hits)
    }

    /// How often each article was linked to a contact at or after `since`, by article id
    /// (links of erased or deleted contacts are gone with them).
    pub(crate) fn article_link_counts(&self, since: NaiveDateTime) -> Result<HashMap<String, u64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT article_id, count(*) FROM contact_articles WHERE linked_at >= ?1
             GROUP BY article_id",
        )?;
        let rows = stmt.query_map(params![stamp(since)], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (id, n) = row?;
            out.insert(id, n.max(0) as u64);
        }
        Ok(out)
    }

    /// Every kept version of article `id`, oldest first.
    pub(crate) fn article_versions(&self, id: &str) -> Result<Vec<Version>> {
        let mut stmt = self.conn.prepare_cached(
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

    /// Run `change` in one immediate transaction, committed when it returns `Ok` and rolled
    /// back when it fails.
    pub(crate) fn change_articles<T, E: From<StoreError>>(
        &mut self,
        change: impl FnOnce(&ArticleTx<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let out = change(&ArticleTx { conn: &tx })?;
        tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    const TEXT: &str = "+++\nid = \"geld\"\ntitle = \"Hulp bij geldzorgen\"\n\
                        aliases = [\"schulden\"]\ntopics = [\"schulden\"]\n\
                        source = \"Buurtwerkkamers Zuidoost (2017)\"\nvalid_from = \"2017-01-01\"\n\
                        last_checked = \"2026-11-25\"\nreview_by = \"2027-11-25\"\n+++\n\
                        # Geldzorgen\n\nVerwijs naar de schuldhulp.\n";

    fn now() -> NaiveDateTime {
        NaiveDateTime::parse_from_str("2026-11-25 11:42:00", STAMP_FORMAT).unwrap()
    }

    #[test]
    fn a_change_that_fails_stores_nothing_and_one_that_succeeds_is_searchable() {
        let mut store = Store::open_in_memory().unwrap();
        let article = Article::parse("geld.md", TEXT, &Config::shipped()).unwrap();
        let failed: Result<()> = store.change_articles(|tx| {
            tx.write(&article, Origin::Local, None, now())?;
            assert!(tx.get("geld")?.is_some(), "visible inside the change");
            Err(StoreError::Invalid("stop".into()))
        });
        assert!(matches!(failed, Err(StoreError::Invalid(_))));
        assert!(store.article("geld").unwrap().is_none());
        assert!(
            store
                .search_article_bodies("schuldhulp", 5)
                .unwrap()
                .is_empty()
        );

        store
            .change_articles(|tx| tx.write(&article, Origin::Local, None, now()))
            .unwrap();
        let stored = store.article("geld").unwrap().unwrap();
        assert_eq!((stored.article, stored.updated_at), (article, now()));
        let hits = store.search_article_bodies("schuldhulp", 5).unwrap();
        assert_eq!(
            hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
            ["geld"]
        );
        assert_eq!(
            store.article_title("geld").unwrap().as_deref(),
            Some("Hulp bij geldzorgen")
        );
    }
}
