//! Pulling from the server: a coordinator's incremental pull of every desk's contacts and
//! deletions, the published articles every login pulls, and a coordinator publishing its own.
//!
//! Why a pull never skips a row: a sequence number handed out while a transaction runs is not
//! the order in which transactions commit, so "everything after the last number I saw" misses
//! a slow transaction that took a lower number and committed later. Instead every row records
//! the transaction that wrote it (`changed_by_tx`, set by a trigger), and a pull reads in one
//! repeatable-read snapshot and remembers that snapshot's `xmin`: every transaction below it
//! had finished (committed, so its rows were in this pull, or rolled back). The next pull asks
//! for rows written by `xmin` or later, so a transaction still running during this pull is
//! read next time. Rows at or above `xmin` that were already read come again; merging is
//! idempotent, so they change nothing.

use chrono::{NaiveDate, NaiveDateTime};
use postgres::{Client, IsolationLevel, Row};

use super::{SyncError, SyncUrl};
use crate::config::Config;
use crate::desks::bundle::{Link, Tombstone};
use crate::desks::merge::{Pulled, merge_pulled};
use crate::desks::{MergeCounts, is_contact_id};
use crate::domain::{Contact, ContactId, Kind};
use crate::kb::{self, Article, ArticleMerge, Origin};
use crate::store::Store;

/// Contacts held in memory at once during a pull.
const BATCH: i32 = 10_000;

const CONTACTS: &str = "SELECT id, desk, at, volunteer, channel, kind, topics, landlord, \
     minutes, referred_from, referred_to, language, resident, postcode, follow_up, \
     follow_up_done, signal, note, articles, created_at, updated_at \
     FROM balie.contacts WHERE changed_by_tx >= $1";

/// The settings key of a watermark for `what` on the server `instance`: a database that
/// syncs with another server starts from the beginning there.
fn watermark_key(what: &str, instance: &str) -> String {
    format!("sync.watermark.{what}.{instance}")
}

/// The server's own id (so a watermark is never used against another server).
pub fn instance(client: &mut Client, url: &SyncUrl) -> Result<String, SyncError> {
    client
        .query_one("SELECT id::text FROM balie.instance", &[])
        .map(|r| r.get(0))
        .map_err(|e| SyncError::from_session(url, e))
}

fn watermark(store: &Store, key: &str) -> Result<i64, SyncError> {
    Ok(store
        .setting(key)?
        .and_then(|s| s.parse().ok())
        .unwrap_or(0))
}

/// Pull every contact and deletion written since the last pull into `store`, by the bundle
/// merge's rules, as volunteer `by` at `now`. The watermark moves only when everything was
/// stored; after a fault the next pull reads the same rows again.
pub fn pull_contacts(
    client: &mut Client,
    url: &SyncUrl,
    store: &mut Store,
    by: &str,
    now: NaiveDateTime,
) -> Result<MergeCounts, SyncError> {
    let err = |e| SyncError::from_session(url, e);
    let key = watermark_key("contacts", &instance(client, url)?);
    let from = watermark(store, &key)?;
    let source = format!("server {url}");
    let (mut tx, next) = snapshot(client).map_err(err)?;
    let mut counts = MergeCounts::default();
    let portal = tx.bind(CONTACTS, &[&from]).map_err(err)?;
    loop {
        let rows = tx.query_portal(&portal, BATCH).map_err(err)?;
        if rows.is_empty() {
            break;
        }
        let mut pulled = Pulled::default();
        for r in &rows {
            let (c, articles) = contact_from_row(r)?;
            for article in articles {
                pulled.links.push(Link {
                    contact: c.id.clone(),
                    article,
                    linked_at: c.updated_at,
                });
            }
            pulled.contacts.push(c);
        }
        drop(rows);
        counts += merge_pulled(store, &pulled, &source, by, now)?;
    }
    let mut pulled = Pulled::default();
    for r in tx
        .query(
            "SELECT id, deleted_at FROM balie.deleted_contacts WHERE changed_by_tx >= $1",
            &[&from],
        )
        .map_err(err)?
    {
        let id: String = r.get(0);
        if !is_contact_id(&id) {
            return Err(SyncError::BadRow(format!("contact id `{id}`")));
        }
        pulled.tombstones.push(Tombstone {
            id: ContactId(id),
            deleted_at: r.get(1),
        });
    }
    counts += merge_pulled(store, &pulled, &source, by, now)?;
    tx.commit().map_err(err)?;
    if counts.changed() {
        store.audit(
            now,
            by,
            crate::store::audit::AuditKind::Merge,
            &[],
            &format!("{source}: {}", counts.summary()),
        )?;
    }
    store.set_setting(&key, &next.to_string())?;
    Ok(counts)
}

/// A read-only transaction in one snapshot, and that snapshot's `xmin`: the watermark the
/// next pull starts from. (The first statement takes the snapshot every later one reads.)
fn snapshot(client: &mut Client) -> Result<(postgres::Transaction<'_>, i64), postgres::Error> {
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let xmin: i64 = tx
        .query_one(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
            &[],
        )?
        .get(0);
    Ok((tx, xmin))
}

fn contact_from_row(r: &Row) -> Result<(Contact, Vec<String>), SyncError> {
    let id: String = r.get(0);
    if !is_contact_id(&id) {
        return Err(SyncError::BadRow(format!("contact id `{id}`")));
    }
    let kind: String = r.get(5);
    let minutes: Option<i32> = r.get(8);
    let note: Option<String> = r.get(17);
    let follow_up: Option<NaiveDate> = r.get(14);
    let follow_up_done: Option<NaiveDateTime> = r.get(15);
    let contact = Contact {
        id: ContactId(id.clone()),
        desk: r.get(1),
        at: r.get(2),
        volunteer: r.get(3),
        channel: r.get(4),
        kind: Kind::parse(&kind)
            .ok_or_else(|| SyncError::BadRow(format!("kind `{kind}` of contact {id}")))?,
        topics: r.get(6),
        landlord: r.get(7),
        minutes: minutes.map(|m| m.max(0) as u32),
        referred_from: r.get(9),
        referred_to: r.get(10),
        language: r.get(11),
        resident: r.get(12),
        postcode: r.get(13),
        follow_up,
        follow_up_done,
        signal: r.get(16),
        note: note.unwrap_or_default(),
        created_at: r.get(19),
        updated_at: r.get(20),
    };
    Ok((contact, r.get(18)))
}

/// Pull the articles published (or changed) since the last pull into the knowledge base, by
/// the bundle rules for a desk's own articles. Returns how many were added or replaced. An
/// article this balie's config cannot read is left out, and named on stderr by the caller.
pub fn pull_articles(
    client: &mut Client,
    url: &SyncUrl,
    store: &mut Store,
    config: &Config,
) -> Result<(u64, Vec<String>), SyncError> {
    let err = |e| SyncError::from_session(url, e);
    let key = watermark_key("articles", &instance(client, url)?);
    let from = watermark(store, &key)?;
    let (mut tx, next) = snapshot(client).map_err(err)?;
    let rows = tx
        .query(
            "SELECT id, text, updated_at FROM balie.articles WHERE changed_by_tx >= $1",
            &[&from],
        )
        .map_err(err)?;
    tx.commit().map_err(err)?;
    let mut articles = Vec::new();
    let mut unreadable = Vec::new();
    for r in &rows {
        let id: String = r.get(0);
        let text: String = r.get(1);
        match Article::parse(&format!("{id}.md"), &text, config) {
            Ok(a) => articles.push((a, r.get::<_, NaiveDateTime>(2))),
            Err(e) => unreadable.push(format!("article `{id}`: {e}")),
        }
    }
    let stored = {
        let tx = store
            .conn_mut()
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(crate::store::StoreError::from)?;
        let mut n = 0;
        for (a, at) in &articles {
            if kb::merge_article(&tx, a, *at).map_err(kb_error)? != ArticleMerge::Kept {
                n += 1;
            }
        }
        tx.commit().map_err(crate::store::StoreError::from)?;
        n
    };
    store.set_setting(&key, &next.to_string())?;
    Ok((stored, unreadable))
}

/// Publish this coordinator's own articles (those written or imported here) on the server;
/// a version there edited later stays. Returns how many the server took.
pub fn publish_articles(
    client: &mut Client,
    url: &SyncUrl,
    store: &Store,
) -> Result<u64, SyncError> {
    let err = |e| SyncError::from_session(url, e);
    let own: Vec<_> = kb::list(store)
        .map_err(kb_error)?
        .into_iter()
        .filter(|a| a.origin == Origin::Local)
        .collect();
    if own.is_empty() {
        return Ok(0);
    }
    let ids: Vec<String> = own.iter().map(|a| a.article.id.clone()).collect();
    let texts: Vec<String> = own.iter().map(|a| a.article.render()).collect();
    let times: Vec<NaiveDateTime> = own.iter().map(|a| a.updated_at).collect();
    let n = client
        .execute(
            "INSERT INTO balie.articles AS a (id, text, updated_at)
             SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp[])
             ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text,
                 updated_at = EXCLUDED.updated_at, published_by = session_user
             WHERE a.updated_at < EXCLUDED.updated_at
                OR (a.updated_at = EXCLUDED.updated_at AND a.text < EXCLUDED.text)",
            &[&ids, &texts, &times],
        )
        .map_err(err)?;
    Ok(n)
}

fn kb_error(e: kb::KbError) -> SyncError {
    match e {
        kb::KbError::Store(s) => SyncError::Store(s),
        other => SyncError::BadRow(other.to_string()),
    }
}
