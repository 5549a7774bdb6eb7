//! Bringing in what came from elsewhere (another desk's bundle, a sync server's pull, a CSV
//! file) in one write transaction, [`Incoming`]: its rows are typed here, the rules of which
//! version wins live with the caller ([`crate::desks::merge`]), the SQL here. Dropped without
//! [`Incoming::commit`], it rolls back: all or nothing.

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::{
    DroppedIndexes, Result, Store, audit, bulk, erase, get_contact, insert_contact, parse_at,
    replace_contact, stamp_text, sync_queue, trust,
};
use crate::domain::{Contact, ContactId, STAMP_FORMAT};

/// A link between a contact and a knowledge-base article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub contact: ContactId,
    pub article: String,
    pub linked_at: NaiveDateTime,
}

/// A contact whose note and resident code were erased at a desk, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erased {
    pub id: ContactId,
    pub erased_at: NaiveDateTime,
}

/// A contact deleted at a desk, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tombstone {
    pub id: ContactId,
    pub deleted_at: NaiveDateTime,
}

/// What the database held when an [`Incoming`] began (so the lookups a pull makes for each
/// contact can be skipped where nothing can be found).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    pub contacts: bool,
    pub tombstones: bool,
    pub erasures: bool,
}

/// One write transaction bringing rows in (see the module). Every write is on the store's
/// connection inside it; nothing is visible to another balie before [`Incoming::commit`].
pub struct Incoming<'s> {
    tx: Transaction<'s>,
}

impl Store {
    /// Begin bringing rows in: one transaction holding the write lock until it commits or is
    /// dropped (rolled back).
    pub fn incoming(&mut self) -> Result<Incoming<'_>> {
        Ok(Incoming {
            tx: self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?,
        })
    }

    /// Whether contact `id` was deleted here (it has a tombstone).
    pub fn is_deleted(&self, id: &ContactId) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM deleted_contacts WHERE id = ?1")?
            .exists(params![id.0])?)
    }
}

impl Incoming<'_> {
    /// Keep everything written, durably.
    pub fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }

    /// What the database holds (any contacts, tombstones, erasures).
    pub fn held(&self) -> Result<Held> {
        let any = |sql: &str| -> Result<bool> { Ok(self.tx.prepare(sql)?.exists([])?) };
        Ok(Held {
            contacts: any("SELECT 1 FROM contacts")?,
            tombstones: any("SELECT 1 FROM deleted_contacts")?,
            erasures: any("SELECT 1 FROM erasures")?,
        })
    }

    /// How many contacts are stored.
    pub fn contact_count(&self) -> Result<u64> {
        let n: i64 = self
            .tx
            .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// The stored contact `id`.
    pub fn contact(&self, id: &ContactId) -> Result<Option<Contact>> {
        get_contact(&self.tx, id)
    }

    /// Whether contact `id` is stored.
    pub fn exists(&self, id: &ContactId) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT 1 FROM contacts WHERE id = ?1")?
            .exists(params![id.0])?)
    }

    /// Whether contact `id` is stored or was deleted here.
    pub fn here_or_deleted(&self, id: &ContactId) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT 1 FROM contacts WHERE id = ?1 UNION ALL
                 SELECT 1 FROM deleted_contacts WHERE id = ?1",
            )?
            .exists(params![id.0])?)
    }

    /// When contact `id` was deleted here, if it was (its tombstone).
    pub fn tombstone(&self, id: &ContactId) -> Result<Option<NaiveDateTime>> {
        let at: Option<String> = self
            .tx
            .prepare_cached("SELECT deleted_at FROM deleted_contacts WHERE id = ?1")?
            .query_row(params![id.0], |r| r.get(0))
            .optional()?;
        at.map(|s| parse_at(&s, STAMP_FORMAT)).transpose()
    }

    /// Store a new contact (already validated) with its topics.
    pub fn insert(&self, c: &Contact) -> Result<()> {
        insert_contact(&self.tx, c)
    }

    /// Store new contacts (already validated, none of them here), many to a statement.
    pub fn insert_new(&self, contacts: &[Contact]) -> Result<()> {
        bulk::insert_contacts(&self.tx, contacts)
    }

    /// Overwrite a stored contact's fields and topics with `c` (not audited: the caller
    /// records why).
    pub fn replace(&self, c: &Contact) -> Result<()> {
        replace_contact(&self.tx, c)
    }

    /// Delete stored contact `id` (without a tombstone: see [`Incoming::keep_tombstone`]).
    pub fn delete(&self, id: &ContactId) -> Result<()> {
        self.tx
            .execute("DELETE FROM contacts WHERE id = ?1", params![id.0])?;
        Ok(())
    }

    /// Forget the tombstone of contact `id`, which comes back.
    pub fn drop_tombstone(&self, id: &ContactId) -> Result<()> {
        self.tx
            .execute("DELETE FROM deleted_contacts WHERE id = ?1", params![id.0])?;
        Ok(())
    }

    /// Keep the tombstone `t`; of two for one contact the later deletion stays.
    pub fn keep_tombstone(&self, t: &Tombstone) -> Result<()> {
        self.tx.execute(
            "INSERT INTO deleted_contacts (id, deleted_at) VALUES (?1, ?2)
             ON CONFLICT (id) DO UPDATE SET deleted_at = max(deleted_at, excluded.deleted_at)",
            params![t.id.0, stamp_text(&t.deleted_at)],
        )?;
        Ok(())
    }

    /// Link stored contact `contact` to the articles `articles` at `linked_at`, but for the
    /// links that are here (their first link time stays). Returns how many are new.
    pub fn add_links(
        &self,
        contact: &ContactId,
        articles: &[String],
        linked_at: NaiveDateTime,
    ) -> Result<u64> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO contact_articles (contact_id, article_id, linked_at)
             VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        )?;
        let linked_at = stamp_text(&linked_at);
        let mut n = 0;
        for article in articles {
            n += stmt.execute(params![contact.0, article, linked_at])? as u64;
        }
        Ok(n)
    }

    /// Append to the audit log, in this transaction (see [`Store::audit`]).
    pub fn audit(
        &self,
        at: NaiveDateTime,
        volunteer: &str,
        action: audit::AuditKind,
        ids: &[&ContactId],
        detail: &str,
    ) -> Result<()> {
        audit::append(&self.tx, at, volunteer, action, ids, detail)
    }

    /// Remember that the notes and resident codes of `ids` were erased at `now` (the first
    /// erasure counts); [`Incoming::erase_again`] erases them.
    pub fn record_erasures(&self, ids: &[ContactId], now: NaiveDateTime) -> Result<()> {
        erase::record_erasures(&self.tx, ids, now)
    }

    /// Whether the note and resident code of contact `id` were erased: they stay empty.
    pub fn erased(&self, id: &ContactId) -> Result<bool> {
        erase::erased(&self.tx, id)
    }

    /// Erase again every contact recorded as erased that has a note or resident code.
    /// Returns how many had.
    pub fn erase_again(&self, now: NaiveDateTime) -> Result<u64> {
        erase::reapply_in(&self.tx, &[], now)
    }

    /// The keys trusted for `desk` (see [`Store::trusted_keys`]).
    pub fn trusted_keys(&self, desk: &str) -> Result<Vec<String>> {
        trust::trusted_in(&self.tx, desk)
    }

    /// Trust `key` for `desk` (see [`Store::trust_key`]).
    pub fn trust_key(&self, desk: &str, key: &str) -> Result<bool> {
        trust::trust_in(&self.tx, desk, key)
    }

    /// Remember `value` under `key` (see [`Store::set_setting`]).
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        super::put_setting(&self.tx, key, value)
    }

    /// Take another desk's or the server's version of an article by the knowledge base's
    /// rules ([`crate::kb`]: a later local edit wins over an earlier one and over a shipped
    /// text).
    pub(crate) fn merge_article(
        &self,
        article: &crate::kb::Article,
        updated_at: NaiveDateTime,
    ) -> Result<crate::kb::ArticleMerge, crate::kb::KbError> {
        super::articles::merge_article(&self.tx, article, updated_at)
    }

    /// Stop queueing changes for upload until [`Incoming::resume_queue`]: rows that came
    /// from the server are not this database's to send.
    pub fn pause_queue(&self) -> Result<()> {
        sync_queue::pause_queue(&self.tx)
    }

    /// Queue changes again (before the commit).
    pub fn resume_queue(&self) -> Result<()> {
        sync_queue::resume_queue(&self.tx)
    }

    /// Drop the contact indexes for a bulk load in this transaction; build them again with
    /// [`Incoming::restore_indexes`] before the commit (a rollback keeps them).
    pub fn drop_contact_indexes(&self) -> Result<DroppedIndexes> {
        bulk::drop_contact_indexes_in(&self.tx)
    }

    /// Build again the indexes [`Incoming::drop_contact_indexes`] dropped.
    pub fn restore_indexes(&self, dropped: DroppedIndexes) -> Result<()> {
        bulk::restore_indexes_in(&self.tx, dropped)
    }
}
