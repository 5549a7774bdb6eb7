//! Knowledge-base articles linked to a contact: which rule or scheme the volunteer looked up
//! (or handed over) during the conversation. The articles themselves live in [`crate::kb`].

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{Result, Store, StoreError};
use crate::domain::{ContactId, STAMP_FORMAT};

impl Store {
    /// Link the articles `article_ids` to a stored contact, in one transaction. Linking an
    /// article that is already linked keeps its first link time. Returns how many links are
    /// new. Fails with [`StoreError::NoSuchContact`] or [`StoreError::NoSuchArticle`] (and
    /// links nothing) if the contact or one of the articles does not exist.
    pub fn link_articles(
        &mut self,
        contact: &ContactId,
        article_ids: &[&str],
        now: NaiveDateTime,
    ) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let exists: Option<i64> = tx
            .query_row(
                "SELECT 1 FROM contacts WHERE id = ?1",
                params![contact.0],
                |r| r.get(0),
            )
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::NoSuchContact(contact.0.clone()));
        }
        let mut added = 0;
        {
            let mut known = tx.prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO contact_articles (contact_id, article_id, linked_at)
                 VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            )?;
            let stamp = now.format(STAMP_FORMAT).to_string();
            for id in article_ids {
                if !known.exists(params![id])? {
                    return Err(StoreError::NoSuchArticle(id.to_string()));
                }
                added += insert.execute(params![contact.0, id, stamp])?;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// Link one article to a stored contact. Returns false if it was linked already.
    pub fn link_article(
        &mut self,
        contact: &ContactId,
        article_id: &str,
        now: NaiveDateTime,
    ) -> Result<bool> {
        Ok(self.link_articles(contact, &[article_id], now)? == 1)
    }

    /// Remove the link between a contact and an article. Returns false if there was none.
    pub fn unlink_article(&mut self, contact: &ContactId, article_id: &str) -> Result<bool> {
        let n = self.conn.execute(
            "DELETE FROM contact_articles WHERE contact_id = ?1 AND article_id = ?2",
            params![contact.0, article_id],
        )?;
        Ok(n > 0)
    }

    /// The ids of the articles linked to a contact, oldest link first (then by id). An id whose
    /// article is no longer in the knowledge base is still listed.
    pub fn linked_article_ids(&self, contact: &ContactId) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT article_id FROM contact_articles WHERE contact_id = ?1
             ORDER BY linked_at, article_id",
        )?;
        let rows = stmt.query_map(params![contact.0], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Of the contacts at `desk` from `from` up to `until`, the ids of those with at least
    /// one linked article (for the main screen's mark).
    pub fn contacts_with_links(
        &self,
        desk: &str,
        from: NaiveDateTime,
        until: NaiveDateTime,
    ) -> Result<Vec<ContactId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT c.id FROM contacts c
             JOIN contact_articles a ON a.contact_id = c.id
             WHERE c.desk = ?1 AND c.at >= ?2 AND c.at < ?3",
        )?;
        let rows = stmt.query_map(
            params![
                desk,
                from.format(crate::domain::AT_FORMAT).to_string(),
                until.format(crate::domain::AT_FORMAT).to_string()
            ],
            |r| Ok(ContactId(r.get(0)?)),
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
