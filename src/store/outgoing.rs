//! What a desk's bundle carries out of the store besides its contacts (the links to articles,
//! the tombstones and the erasures), read in one snapshot ([`Store::snapshot`]) so the bundle
//! shows one consistent moment without blocking the desk.

use rusqlite::types::Value;
use rusqlite::{TransactionBehavior, params_from_iter};

use super::merge::{Erased, Link, Tombstone};
use super::{Filter, Result, Store, StoreError, parse_at};
use crate::domain::{ContactId, STAMP_FORMAT};

impl Store {
    /// Run `f` with every read of this store in one read transaction: one consistent moment,
    /// whatever another balie commits meanwhile. Writes nothing and takes no write lock.
    pub fn snapshot<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, E>,
    ) -> Result<T, E> {
        // A read transaction on `&self`: it ends (rolled back, nothing was written) when
        // dropped, also when `f` fails.
        let snapshot =
            rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)
                .map_err(StoreError::from)?;
        let out = f(self);
        drop(snapshot);
        out
    }

    /// The links to articles of the contacts `filter` selects (order and paging ignored),
    /// streamed to `f`.
    pub fn each_link<E: From<StoreError>>(
        &self,
        filter: &Filter,
        mut f: impl FnMut(Link) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut sql = "SELECT ca.contact_id, ca.article_id, ca.linked_at FROM contact_articles ca
             JOIN contacts c ON c.id = ca.contact_id"
            .to_string();
        let mut values = Vec::new();
        filter.scope().write_where(&mut sql, &mut values);
        self.each_text_row(&sql, values, |r| {
            f(Link {
                contact: ContactId(r(0)?),
                article: r(1)?,
                linked_at: parse_at(&r(2)?, STAMP_FORMAT)?,
            })
        })
    }

    /// Every tombstone (contact deleted here), streamed to `f`.
    pub fn each_tombstone<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(Tombstone) -> Result<(), E>,
    ) -> Result<(), E> {
        self.each_text_row(
            "SELECT id, deleted_at FROM deleted_contacts",
            Vec::new(),
            |r| {
                f(Tombstone {
                    id: ContactId(r(0)?),
                    deleted_at: parse_at(&r(1)?, STAMP_FORMAT)?,
                })
            },
        )
    }

    /// Every erasure (contact whose note and resident code were erased), streamed to `f`.
    pub fn each_erasure<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(Erased) -> Result<(), E>,
    ) -> Result<(), E> {
        self.each_text_row(
            "SELECT contact_id, erased_at FROM erasures",
            Vec::new(),
            |r| {
                f(Erased {
                    id: ContactId(r(0)?),
                    erased_at: parse_at(&r(1)?, STAMP_FORMAT)?,
                })
            },
        )
    }

    /// The rows of `sql` (binding `values`), each to `f` as a way to read its text values.
    fn each_text_row<E: From<StoreError>>(
        &self,
        sql: &str,
        values: Vec<Value>,
        mut f: impl FnMut(&dyn Fn(usize) -> Result<String>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self.conn.prepare(sql).map_err(StoreError::from)?;
        let mut rows = stmt
            .query(params_from_iter(values))
            .map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            f(&|i| Ok(row.get::<_, String>(i)?))?;
        }
        Ok(())
    }
}
