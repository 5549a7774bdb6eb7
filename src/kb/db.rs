//! The knowledge base's tables: reading and writing articles, keeping the full-text index in
//! step with them, and the body search itself. Every statement binds its parameters.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::article::Article;
use super::markdown;
use super::{KbError, Origin, StoredArticle};
use crate::domain::STAMP_FORMAT;
use crate::store::StoreError;

const COLUMNS: &str = "id, title, aliases, topics, source, facts_from, valid_from, valid_until, \
                       last_checked, checked_against, review_by, body, origin, content_hash, \
                       shipped_hash, updated_at";

/// What the searcher keeps in memory of an article.
pub(crate) struct Summary {
    pub id: String,
    pub title: String,
    pub aliases: Vec<String>,
}

fn corrupt(what: String) -> KbError {
    KbError::Store(StoreError::Corrupt(what))
}

fn date(s: &str) -> Result<NaiveDate, KbError> {
    s.parse()
        .map_err(|e| corrupt(format!("bad article date `{s}`: {e}")))
}

fn list(json: &str) -> Result<Vec<String>, KbError> {
    serde_json::from_str(json).map_err(|e| corrupt(format!("bad article list `{json}`: {e}")))
}

fn to_json(items: &[String]) -> String {
    serde_json::to_string(items).expect("a list of strings serialises")
}

fn from_row(r: &Row) -> Result<StoredArticle, KbError> {
    let opt_date = |i: usize| -> Result<Option<NaiveDate>, KbError> {
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

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Option<StoredArticle>, KbError> {
    let sql = format!("SELECT {COLUMNS} FROM articles WHERE id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![id])?;
    match rows.next()? {
        Some(row) => Ok(Some(from_row(row)?)),
        None => Ok(None),
    }
}

/// Every article, by id.
pub(crate) fn all(conn: &Connection) -> Result<Vec<StoredArticle>, KbError> {
    let sql = format!("SELECT {COLUMNS} FROM articles ORDER BY id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(from_row(row)?);
    }
    Ok(out)
}

/// Id, title and aliases of every article, by id.
pub(crate) fn summaries(conn: &Connection) -> Result<Vec<Summary>, KbError> {
    let mut stmt = conn.prepare_cached("SELECT id, title, aliases FROM articles ORDER BY id")?;
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

/// How an article is stored, without its text.
pub(crate) struct Hashes {
    pub id: String,
    pub content: String,
    pub shipped: Option<String>,
    /// Stored as shipped and unchanged since: a newer shipped version may replace it.
    pub pristine: bool,
}

/// The hashes and origin of every article.
pub(crate) fn hashes(conn: &Connection) -> Result<Vec<Hashes>, KbError> {
    let mut stmt =
        conn.prepare_cached("SELECT id, content_hash, shipped_hash, origin FROM articles")?;
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
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Insert or replace article `a` with its origin and the hash of the shipped version it
/// stands for, and refresh its full-text row. Call inside a transaction.
pub(crate) fn write(
    conn: &Connection,
    a: &Article,
    origin: Origin,
    shipped_hash: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), KbError> {
    let seq: i64 = conn.query_row(
        "INSERT INTO articles (id, title, aliases, topics, source, facts_from, valid_from,
             valid_until, last_checked, checked_against, review_by, body, origin, content_hash,
             shipped_hash, updated_at)
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
            now.format(STAMP_FORMAT).to_string(),
        ],
        |r| r.get(0),
    )?;
    conn.execute("DELETE FROM articles_fts WHERE rowid = ?1", params![seq])?;
    conn.execute(
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
pub(crate) fn delete(conn: &Connection, id: &str) -> Result<bool, KbError> {
    Ok(conn.execute("DELETE FROM articles WHERE id = ?1", params![id])? > 0)
}

/// The title of an article, if it exists.
pub(crate) fn title(conn: &Connection, id: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT title FROM articles WHERE id = ?1",
            params![id],
            |r| r.get(0),
        )
        .optional()?)
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

/// The best `limit` articles matching the FTS5 expression `fts_query` (bm25, with a word in
/// the title counting ten times and in an alias five times a word in the body).
pub(crate) fn body_search(
    conn: &Connection,
    fts_query: &str,
    limit: usize,
) -> Result<Vec<BodyHit>, KbError> {
    let mut rank = conn.prepare_cached(
        "SELECT rowid, bm25(articles_fts, 10.0, 5.0, 1.0) FROM articles_fts
         WHERE articles_fts MATCH ?1 LIMIT ?2",
    )?;
    let mut ranked = rank
        .query_map(params![fts_query, BODY_RANK_CAP as i64], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, f64>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    ranked.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    ranked.truncate(limit);
    let mut article = conn.prepare_cached("SELECT id, title FROM articles WHERE seq = ?1")?;
    let mut text =
        conn.prepare_cached("SELECT aliases, body FROM articles_fts WHERE rowid = ?1")?;
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

/// How often each article was linked to a contact at or after `since`, by article id (links
/// of erased or deleted contacts are gone with them).
pub(crate) fn link_counts(
    conn: &Connection,
    since: NaiveDateTime,
) -> Result<std::collections::HashMap<String, u64>, KbError> {
    let mut stmt = conn.prepare_cached(
        "SELECT article_id, count(*) FROM contact_articles WHERE linked_at >= ?1
         GROUP BY article_id",
    )?;
    let rows = stmt.query_map(params![since.format(STAMP_FORMAT).to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut out = std::collections::HashMap::new();
    for row in rows {
        let (id, n) = row?;
        out.insert(id, n.max(0) as u64);
    }
    Ok(out)
}
