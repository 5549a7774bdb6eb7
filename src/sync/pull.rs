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

use chrono::NaiveDateTime;
use postgres::binary_copy::{BinaryCopyOutIter, BinaryCopyOutRow};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::Type;
use postgres::{Client, IsolationLevel};

use super::{SyncError, SyncUrl};
use crate::config::Config;
use crate::desks::bundle::Tombstone;
use crate::desks::pulled::merge_pull;
use crate::desks::{MergeCounts, is_contact_id};
use crate::domain::{Contact, ContactId, Kind};
use crate::kb::{self, Article, ArticleMerge, Origin};
use crate::store::Store;

/// The contact columns a pull reads, in the order [`contact_from_row`] takes them, with
/// their server types (the binary COPY format carries no types of its own).
const COLUMNS: &str = "id, desk, at, volunteer, channel, kind, topics, landlord, minutes, \
     referred_from, referred_to, language, resident, postcode, follow_up, follow_up_done, \
     signal, note, articles, created_at, updated_at";
const TYPES: [Type; 21] = [
    Type::TEXT,
    Type::TEXT,
    Type::TIMESTAMP,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT_ARRAY,
    Type::TEXT,
    Type::INT4,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::DATE,
    Type::TIMESTAMP,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT_ARRAY,
    Type::TIMESTAMP,
    Type::TIMESTAMP,
];

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
/// merge's rules, as volunteer `by` at `now`, in one SQLite transaction that also moves the
/// watermark: after a fault nothing of this pull is kept, and the next pull reads the same
/// rows again. The rows stream in (`COPY ... TO STDOUT` in PostgreSQL's binary format), so
/// memory stays flat however many there are.
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
    let next = next.to_string();
    let counts = merge_pull(store, &source, by, now, (&key, &next), |merge| {
        // COPY takes no parameters; `from` is a number this balie wrote.
        let copy = format!(
            "COPY (SELECT {COLUMNS} FROM balie.contacts WHERE changed_by_tx >= {from}) \
             TO STDOUT (FORMAT binary)"
        );
        // One thread reads and decodes the rows while this one stores them.
        let copy = &copy;
        let reading = &mut tx;
        std::thread::scope(|scope| {
            let (send, receive) = std::sync::mpsc::sync_channel(QUEUED);
            let reader = scope.spawn(move || read_contacts(reading, copy, url, &send));
            for chunk in receive {
                for (c, articles) in chunk {
                    merge.contact(c, &articles)?;
                }
            }
            reader.join().expect("the reading thread does not panic")
        })?;
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
            merge.tombstone(&Tombstone {
                id: ContactId(id),
                deleted_at: r.get(1),
            })?;
        }
        Ok::<(), SyncError>(())
    })?;
    tx.commit().map_err(err)?;
    Ok(counts)
}

/// Decoded contacts sent at once from the reading thread, and how many such chunks may wait:
/// what a pull holds in memory.
const CHUNK: usize = 1_000;
const QUEUED: usize = 4;

/// A contact the server sent, with the ids of the articles it is linked to.
type Received = (Contact, Vec<String>);

/// Read the rows of `copy` (binary COPY of [`COLUMNS`]) and send them, decoded, in chunks; stop
/// early, without an error, when nobody receives any more (the storing side failed).
fn read_contacts(
    tx: &mut postgres::Transaction<'_>,
    copy: &str,
    url: &SyncUrl,
    send: &std::sync::mpsc::SyncSender<Vec<Received>>,
) -> Result<(), SyncError> {
    let err = |e| SyncError::from_session(url, e);
    let mut rows = BinaryCopyOutIter::new(tx.copy_out(copy).map_err(err)?, &TYPES);
    let mut chunk = Vec::with_capacity(CHUNK);
    while let Some(row) = rows.next().map_err(err)? {
        chunk.push(contact_from_row(&row)?);
        if chunk.len() == CHUNK && send.send(std::mem::take(&mut chunk)).is_err() {
            return Ok(());
        }
    }
    // A receiver gone now failed on its own error, which it reports.
    let _ = send.send(chunk);
    Ok(())
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

/// A value of `row` as `T`; a value of another type is a row this balie cannot read.
fn get<'a, T: postgres::types::FromSql<'a>>(
    row: &'a BinaryCopyOutRow,
    i: usize,
) -> Result<T, SyncError> {
    row.try_get(i)
        .map_err(|e| SyncError::BadRow(format!("column {} of a contact: {e}", i + 1)))
}

fn contact_from_row(r: &BinaryCopyOutRow) -> Result<(Contact, Vec<String>), SyncError> {
    let id: String = get(r, 0)?;
    if !is_contact_id(&id) {
        return Err(SyncError::BadRow(format!("contact id `{id}`")));
    }
    let kind: &str = get(r, 5)?;
    let kind = Kind::parse(kind)
        .ok_or_else(|| SyncError::BadRow(format!("kind `{kind}` of contact {id}")))?;
    let minutes: Option<i32> = get(r, 8)?;
    let note: Option<String> = get(r, 17)?;
    let contact = Contact {
        desk: get(r, 1)?,
        at: get(r, 2)?,
        volunteer: get(r, 3)?,
        channel: get(r, 4)?,
        kind,
        topics: get(r, 6)?,
        landlord: get(r, 7)?,
        minutes: minutes.map(|m| m.max(0) as u32),
        referred_from: get(r, 9)?,
        referred_to: get(r, 10)?,
        language: get(r, 11)?,
        resident: get(r, 12)?,
        postcode: get(r, 13)?,
        follow_up: get(r, 14)?,
        follow_up_done: get(r, 15)?,
        signal: get(r, 16)?,
        note: note.unwrap_or_default(),
        created_at: get(r, 19)?,
        updated_at: get(r, 20)?,
        id: ContactId(id),
    };
    Ok((contact, get(r, 18)?))
}

/// Pull the articles published (or changed) since the last pull into the knowledge base, by
/// the bundle rules for a desk's own articles. Returns how many were added or replaced. An
/// article this balie's config cannot read is left out, and named on stderr by the caller.
pub fn pull_articles(
    client: &mut Client,
    url: &SyncUrl,
    store: &mut Store,
    config: &Config,
) -> Result<(u64, Vec<crate::kb::ArticleError>), SyncError> {
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
            Err(e) => unreadable.push(e),
        }
    }
    let stored = {
        let tx = store.incoming()?;
        let mut n = 0;
        for (a, at) in &articles {
            if tx.merge_article(a, *at).map_err(kb_error)? != ArticleMerge::Kept {
                n += 1;
            }
        }
        tx.commit()?;
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
