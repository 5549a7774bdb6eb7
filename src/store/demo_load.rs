//! Filling an empty store in one go (`balie demo`): every contact in one transaction, the
//! contact indexes built once at its end, without waiting for the disk at each statement.

use rusqlite::{Connection, TransactionBehavior};

use super::{Result, Setting, Store, StoreError, bulk};
use crate::domain::Contact;

/// Stores contacts inside [`Store::load_demo`]'s transaction.
pub(crate) struct DemoLoad<'c> {
    conn: &'c Connection,
}

impl DemoLoad<'_> {
    /// Store new contacts (already validated) and their topics.
    pub fn insert(&self, contacts: &[Contact]) -> Result<()> {
        bulk::insert_contacts(self.conn, contacts)
    }
}

impl Store {
    /// Whether a commit waits until it is on the disk (`synchronous=FULL`, how every store
    /// opens) or only hands it to the operating system (`OFF`: a power cut may then lose the
    /// last commits, never corrupt the file). Only for filling a store with data that can be
    /// made again, such as demo data or a benchmark's; set it back to `true` afterwards.
    pub fn set_durable(&mut self, durable: bool) -> Result<()> {
        let value = if durable { "FULL" } else { "OFF" };
        self.conn.pragma_update(None, "synchronous", value)?;
        Ok(())
    }

    /// Mark the store as demo data (`mark` says how it was made) and store every contact
    /// `fill` hands to its loader, all in one transaction, committed when `fill` returns `Ok`:
    /// a fill cut short leaves the store as it was, without the mark. The contact indexes are
    /// dropped for the fill and built again after `fill` returns, before the commit. It runs
    /// with `synchronous=OFF` (a power cut can only lose the transaction not yet committed);
    /// the usual `FULL` is back, and the log checkpointed, before it returns.
    pub(crate) fn load_demo<T, E: From<StoreError>>(
        &mut self,
        mark: &str,
        fill: impl FnOnce(&DemoLoad<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        // An fsync per batch buys nothing here and costs seconds of waiting on a slow disk:
        // the whole fill is one transaction, so a fill cut short (a kill, a full disk) leaves
        // the folder as empty as it was, and the fill simply runs again.
        self.set_durable(false)?;
        let filled = (|| -> std::result::Result<T, E> {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(StoreError::from)?;
            super::put_setting(&tx, Setting::Demo.key(), mark)?;
            // the indexes are built once at the end: cheaper than keeping them in order row
            // by row
            let indexes = bulk::drop_contact_indexes_in(&tx)?;
            let out = fill(&DemoLoad { conn: &tx })?;
            bulk::restore_indexes_in(&tx, indexes)?;
            tx.commit().map_err(StoreError::from)?;
            Ok(out)
        })();
        self.set_durable(true)?;
        let out = filled?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(StoreError::from)?;
        Ok(out)
    }
}
