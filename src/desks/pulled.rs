//! Storing what a sync server sent a coordinator, by the bundle merge's rules (so a contact
//! that arrives both by bundle and by sync is stored once), in one transaction per pull: a
//! pull cut at any moment (a kill, a power cut, the network) leaves the database as it was,
//! and its watermark, written in the same transaction, still points before it.
//!
//! A contact not here yet (the bulk of a first pull) is inserted directly, fifty to a
//! statement ([`crate::store::bulk`]); one that is here,
//! or that has a tombstone here, goes through [`super::merge`]'s rules. In a database that
//! held no contacts when the pull began, no lookup is needed at all: the server's primary key
//! sends each id once. Once a pull has brought at least [`BULK`] new contacts, and as many as
//! were here, the contact indexes are dropped and built again once at the end, inside the same
//! transaction (a rollback keeps them): building an index once costs far less than keeping it
//! in order row by row.

use super::bundle::{Link, Tombstone};
use super::merge::{MergeCounts, merge_contact, merge_link, merge_tombstone};
use crate::domain::Contact;
use crate::store::merge::Incoming;
use crate::store::{DroppedIndexes, Result, Store, StoreError, audit, bulk};
use chrono::NaiveDateTime;

/// New contacts a pull brings before the indexes are dropped for the rest of it.
pub const BULK: u64 = 20_000;

/// Where a pull's rows go: one open transaction on the coordinator's database.
pub struct PullMerge<'t> {
    tx: &'t Incoming<'t>,
    source: String,
    by: String,
    now: NaiveDateTime,
    counts: MergeCounts,
    /// Whether no contact was here when the pull began: then every contact the server sends
    /// is new.
    empty: bool,
    /// How many were here, counted once the pull has brought [`BULK`] new ones.
    held: Option<u64>,
    /// Whether any tombstone or erasure is here (else their lookups are skipped).
    tombstones: bool,
    erasures: bool,
    /// Contacts inserted directly so far.
    direct: u64,
    dropped: Option<DroppedIndexes>,
    /// New contacts (with their article ids) not yet written: they go in [`bulk::ROWS`] at a
    /// time.
    pending: Vec<Contact>,
    pending_links: Vec<(usize, Vec<String>)>,
}

/// Merge a pull into `store` in one transaction: `feed` hands the rows to the [`PullMerge`]
/// as they arrive (so the pull is never all in memory); when it returns without an error,
/// the indexes are whole again, the merge is audited (as `by` at `now`, naming `source`), the
/// setting `watermark` takes its value and everything commits. The rows came from the server,
/// so they are not put in the upload queue. On any error nothing is kept.
pub fn merge_pull<E: From<StoreError>>(
    store: &mut Store,
    source: &str,
    by: &str,
    now: NaiveDateTime,
    watermark: (&str, &str),
    feed: impl FnOnce(&mut PullMerge<'_>) -> std::result::Result<(), E>,
) -> std::result::Result<MergeCounts, E> {
    let (key, value) = watermark;
    let tx = store.incoming()?;
    let mut merge = PullMerge::begin(&tx, source, by, now)?;
    feed(&mut merge)?;
    let counts = merge.finish()?;
    tx.set_setting(key, value)?;
    tx.commit()?;
    Ok(counts)
}

impl<'t> PullMerge<'t> {
    fn begin(tx: &'t Incoming<'t>, source: &str, by: &str, now: NaiveDateTime) -> Result<Self> {
        tx.pause_queue()?;
        let held = tx.held()?;
        Ok(PullMerge {
            tx,
            source: source.to_string(),
            by: by.to_string(),
            now,
            counts: MergeCounts::default(),
            empty: !held.contacts,
            held: None,
            tombstones: held.tombstones,
            erasures: held.erasures,
            direct: 0,
            dropped: None,
            pending: Vec::with_capacity(bulk::ROWS),
            pending_links: Vec::new(),
        })
    }

    /// Store one contact the server sent, with the ids of the articles it is linked to.
    pub fn contact(&mut self, mut c: Contact, articles: &[String]) -> Result<()> {
        // Erased here (purge, forget, or another desk's erasure from a bundle): stays erased.
        if self.erasures && (!c.note.is_empty() || c.resident.is_some()) && self.tx.erased(&c.id)? {
            c.note.clear();
            c.resident = None;
        }
        let new = !(self.tombstones && self.tx.tombstone(&c.id)?.is_some())
            && (self.empty || !self.tx.exists(&c.id)?);
        if !new {
            self.flush()?;
            merge_contact(
                self.tx,
                &c,
                &self.source,
                &self.by,
                self.now,
                &mut self.counts,
            )?;
            for article in articles {
                let link = Link {
                    contact: c.id.clone(),
                    article: article.clone(),
                    linked_at: c.updated_at,
                };
                merge_link(self.tx, &link, &mut self.counts)?;
            }
            return Ok(());
        }
        if !articles.is_empty() {
            self.pending_links
                .push((self.pending.len(), articles.to_vec()));
        }
        self.pending.push(c);
        if self.pending.len() == bulk::ROWS {
            self.flush()?;
        }
        Ok(())
    }

    /// Write the new contacts waiting in `pending`, with their links to articles.
    fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        self.tx.insert_new(&self.pending)?;
        for (i, articles) in self.pending_links.drain(..) {
            let c = &self.pending[i];
            self.counts.links += self.tx.add_links(&c.id, &articles, c.updated_at)?;
        }
        let n = self.pending.len() as u64;
        self.pending.clear();
        self.counts.added += n;
        self.direct += n;
        if self.dropped.is_none() && self.direct >= BULK {
            let held = match self.held {
                Some(held) => held,
                None if self.empty => 0,
                None => {
                    // (counted after this pull's own, which are not held)
                    let held = self.tx.contact_count()?.saturating_sub(self.direct);
                    *self.held.insert(held)
                }
            };
            if self.direct >= held {
                self.dropped = Some(self.tx.drop_contact_indexes()?);
            }
        }
        Ok(())
    }

    /// Store one deletion the server sent (after the contacts, as a bundle's).
    pub fn tombstone(&mut self, t: &Tombstone) -> Result<()> {
        self.flush()?;
        merge_tombstone(
            self.tx,
            t,
            &self.source,
            &self.by,
            self.now,
            &mut self.counts,
        )
    }

    fn finish(mut self) -> Result<MergeCounts> {
        self.flush()?;
        if let Some(dropped) = self.dropped {
            self.tx.restore_indexes(dropped)?;
        }
        self.tx.resume_queue()?;
        if self.counts.changed() {
            self.tx.audit(
                self.now,
                &self.by,
                audit::AuditKind::Merge,
                &[],
                &format!("{}: {}", self.source, self.counts.summary()),
            )?;
        }
        Ok(self.counts)
    }
}
