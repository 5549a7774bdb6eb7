//! A desk's upload: what its queue holds goes to the server in batches, each batch in one
//! server transaction; a batch leaves the queue only after the server committed it. A kill, a
//! power cut or a cut connection at any moment means the next sync sends it again, and the
//! server stores each contact once: matched by id, the version with the greater
//! (`updated_at`, change number) wins, so a repeat or an older copy changes nothing.
//!
//! Notes stay at the desk unless `[sync] notes = true`; everything else a contact holds is
//! codes, times, the desk, volunteer initials and resident codes. An erasure (`forget`, the
//! retention purge) is an edit like any other, so it reaches the server at the next sync.

use chrono::{NaiveDate, NaiveDateTime};
use postgres::Client;

use super::{SyncError, SyncUrl};
use crate::store::Store;
use crate::store::sync_queue::QueuedState;

/// Contacts per server transaction.
const BATCH: usize = 2000;

/// What an upload sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Uploaded {
    pub contacts: u64,
    pub deletions: u64,
    /// Queued changes to contacts of other desks: not this desk's to send.
    pub not_ours: u64,
}

/// Upsert every contact, newest version wins. The topics and article ids travel as one
/// `|`-separated text each (codes never hold a `|`), so a whole batch is one statement.
const UPSERT: &str = r#"
WITH u AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp[], $4::text[], $5::text[],
        $6::text[], $7::text[], $8::text[], $9::integer[], $10::text[], $11::text[],
        $12::text[], $13::text[], $14::text[], $15::date[], $16::timestamp[], $17::text[],
        $18::text[], $19::text[], $20::timestamp[], $21::timestamp[], $22::bigint[])
    AS u(id, desk, at, volunteer, channel, kind, topics, landlord, minutes, referred_from,
         referred_to, language, resident, postcode, follow_up, follow_up_done, signal, note,
         articles, created_at, updated_at, rev)
), revived AS (
    DELETE FROM balie.deleted_contacts d USING u WHERE d.id = u.id
)
INSERT INTO balie.contacts AS c (id, desk, at, volunteer, channel, kind, topics, landlord,
    minutes, referred_from, referred_to, language, resident, postcode, follow_up,
    follow_up_done, signal, note, articles, created_at, updated_at, rev)
SELECT id, desk, at, volunteer, channel, kind, string_to_array(topics, '|'), landlord,
    minutes, referred_from, referred_to, language, resident, postcode, follow_up,
    follow_up_done, signal, note, string_to_array(articles, '|'), created_at, updated_at, rev
FROM u
ON CONFLICT (id) DO UPDATE SET
    desk = EXCLUDED.desk, at = EXCLUDED.at, volunteer = EXCLUDED.volunteer,
    channel = EXCLUDED.channel, kind = EXCLUDED.kind, topics = EXCLUDED.topics,
    landlord = EXCLUDED.landlord, minutes = EXCLUDED.minutes,
    referred_from = EXCLUDED.referred_from, referred_to = EXCLUDED.referred_to,
    language = EXCLUDED.language, resident = EXCLUDED.resident,
    postcode = EXCLUDED.postcode, follow_up = EXCLUDED.follow_up,
    follow_up_done = EXCLUDED.follow_up_done, signal = EXCLUDED.signal, note = EXCLUDED.note,
    articles = EXCLUDED.articles, created_at = EXCLUDED.created_at,
    updated_at = EXCLUDED.updated_at, rev = EXCLUDED.rev
WHERE (c.updated_at, c.rev) < (EXCLUDED.updated_at, EXCLUDED.rev)
"#;

/// Record each deletion (keeping the latest time) and delete the contact unless it was edited
/// after the deletion.
const DELETE: &str = r#"
WITH t AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp[]) AS t(id, desk, deleted_at)
), tomb AS (
    INSERT INTO balie.deleted_contacts AS d (id, desk, deleted_at)
    SELECT id, desk, deleted_at FROM t
    ON CONFLICT (id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at
    WHERE d.deleted_at < EXCLUDED.deleted_at
)
DELETE FROM balie.contacts c USING t WHERE c.id = t.id AND c.updated_at <= t.deleted_at
"#;

/// The columns of one batch of contacts, in [`UPSERT`]'s order.
#[derive(Default)]
struct Columns {
    id: Vec<String>,
    desk: Vec<String>,
    at: Vec<NaiveDateTime>,
    volunteer: Vec<String>,
    channel: Vec<String>,
    kind: Vec<String>,
    topics: Vec<String>,
    landlord: Vec<String>,
    minutes: Vec<Option<i32>>,
    referred_from: Vec<Option<String>>,
    referred_to: Vec<Option<String>>,
    language: Vec<Option<String>>,
    resident: Vec<Option<String>>,
    postcode: Vec<Option<String>>,
    follow_up: Vec<Option<NaiveDate>>,
    follow_up_done: Vec<Option<NaiveDateTime>>,
    signal: Vec<Option<String>>,
    note: Vec<Option<String>>,
    articles: Vec<String>,
    created_at: Vec<NaiveDateTime>,
    updated_at: Vec<NaiveDateTime>,
    rev: Vec<i64>,
}

/// Send everything queued at `store` for desk `desk` over `client`, batch by batch. Stops at
/// the first fault, keeping in the queue whatever the server did not commit.
pub fn upload(
    client: &mut Client,
    url: &SyncUrl,
    store: &mut Store,
    desk: &str,
    notes: bool,
) -> Result<Uploaded, SyncError> {
    let err = |e| SyncError::from_session(url, e);
    let mut done = Uploaded::default();
    // Contacts changed while this runs are queued again with a new number; they go in a
    // later batch (or the next sync), never twice in one.
    let mut last_seq = i64::MIN;
    loop {
        let batch = store.sync_queue_batch(BATCH)?;
        let batch: Vec<_> = batch
            .into_iter()
            .filter(|(q, _)| q.seq > last_seq)
            .collect();
        if batch.is_empty() {
            break;
        }
        last_seq = batch.iter().map(|(q, _)| q.seq).max().unwrap_or(last_seq);
        let mut cols = Columns::default();
        let (mut del_id, mut del_desk, mut del_at) = (Vec::new(), Vec::new(), Vec::new());
        let mut sent = Vec::with_capacity(batch.len());
        let mut not_ours = Vec::new();
        for (q, state) in batch {
            if q.desk != desk {
                not_ours.push(q);
                continue;
            }
            match state {
                QueuedState::Stored { contact, articles } => {
                    cols.push(&contact, &articles, q.seq, notes);
                }
                QueuedState::Deleted { at } => {
                    del_id.push(q.id.0.clone());
                    del_desk.push(q.desk.clone());
                    del_at.push(at);
                }
                QueuedState::Gone => {}
            }
            sent.push(q);
        }
        let (contacts, deletions) = (cols.id.len() as u64, del_id.len() as u64);
        if contacts + deletions > 0 {
            let mut tx = client.transaction().map_err(err)?;
            if contacts > 0 {
                tx.execute(
                    UPSERT,
                    &[
                        &cols.id,
                        &cols.desk,
                        &cols.at,
                        &cols.volunteer,
                        &cols.channel,
                        &cols.kind,
                        &cols.topics,
                        &cols.landlord,
                        &cols.minutes,
                        &cols.referred_from,
                        &cols.referred_to,
                        &cols.language,
                        &cols.resident,
                        &cols.postcode,
                        &cols.follow_up,
                        &cols.follow_up_done,
                        &cols.signal,
                        &cols.note,
                        &cols.articles,
                        &cols.created_at,
                        &cols.updated_at,
                        &cols.rev,
                    ],
                )
                .map_err(err)?;
            }
            if deletions > 0 {
                tx.execute(DELETE, &[&del_id, &del_desk, &del_at])
                    .map_err(err)?;
            }
            tx.commit().map_err(err)?;
        }
        // Committed on the server: only now may they leave the queue.
        store.sync_queue_ack(&sent)?;
        store.sync_queue_ack(&not_ours)?;
        done.contacts += contacts;
        done.deletions += deletions;
        done.not_ours += not_ours.len() as u64;
    }
    Ok(done)
}

impl Columns {
    fn push(&mut self, c: &crate::domain::Contact, articles: &[String], rev: i64, notes: bool) {
        self.id.push(c.id.0.clone());
        self.desk.push(c.desk.clone());
        self.at.push(c.at);
        self.volunteer.push(c.volunteer.clone());
        self.channel.push(c.channel.clone());
        self.kind.push(c.kind.code().to_string());
        self.topics.push(c.topics.join("|"));
        self.landlord.push(c.landlord.clone());
        self.minutes.push(c.minutes.map(|m| m as i32));
        self.referred_from.push(c.referred_from.clone());
        self.referred_to.push(c.referred_to.clone());
        self.language.push(c.language.clone());
        self.resident.push(c.resident.clone());
        self.postcode.push(c.postcode.clone());
        self.follow_up.push(c.follow_up);
        self.follow_up_done.push(c.follow_up_done);
        self.signal.push(c.signal.clone());
        self.note
            .push((notes && !c.note.is_empty()).then(|| c.note.clone()));
        self.articles.push(articles.join("|"));
        self.created_at.push(c.created_at);
        self.updated_at.push(c.updated_at);
        self.rev.push(rev);
    }
}
