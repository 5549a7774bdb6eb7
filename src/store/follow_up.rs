//! Follow-ups: contacts given a follow-up day (a call back, checking that a referral arrived)
//! that nobody has marked done yet. Listing what is due reads a partial index; marking one
//! done (or open again) is an edit, audited in the same transaction.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{TransactionBehavior, params};

use super::{CONTACT_COLUMNS, Result, Store, StoreError, audit, contact_from_row, get_contact};
use crate::domain::{Contact, ContactId, STAMP_FORMAT};

/// Which open follow-ups to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FollowUps {
    /// Those whose day is today or has passed.
    #[default]
    Due,
    /// Every open one, the upcoming ones too.
    All,
}

/// What [`Store::mark_follow_up_done`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowUpDone {
    /// Marked done; the contact as it is now.
    Marked(Box<Contact>),
    /// It was marked done before, at this moment; nothing changed.
    AlreadyDone(NaiveDateTime),
    /// The contact has no follow-up day; nothing changed.
    NoFollowUp,
}

impl Store {
    /// The open follow-ups due on or before `today` (the overdue ones too), the oldest
    /// follow-up day first, then in the order the contacts happened. Only `desk`'s when given.
    pub fn follow_ups_due(&self, today: NaiveDate, desk: Option<&str>) -> Result<Vec<Contact>> {
        self.follow_ups(FollowUps::Due, today, desk)
    }

    /// The open follow-ups: those due by `today`, or all of them, ordered as
    /// [`Store::follow_ups_due`].
    pub fn follow_ups(
        &self,
        which: FollowUps,
        today: NaiveDate,
        desk: Option<&str>,
    ) -> Result<Vec<Contact>> {
        // a desk condition written out (not `?2 IS NULL OR ...`) lets SQLite use the desk's
        // index of open follow-ups
        let desk_term = if desk.is_some() {
            "c.desk = ?2"
        } else {
            "?2 IS NULL"
        };
        let sql = format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts c
             WHERE c.follow_up IS NOT NULL AND c.follow_up_done IS NULL
               AND (?1 IS NULL OR c.follow_up <= ?1) AND {desk_term}
             ORDER BY c.follow_up, c.at, c.id",
            CONTACT_COLUMNS = *CONTACT_COLUMNS
        );
        let through = match which {
            FollowUps::Due => Some(today.to_string()),
            FollowUps::All => None,
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![through, desk])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(contact_from_row(row)?);
        }
        Ok(out)
    }

    /// The ids that start with `prefix` (at most `limit`, by id), so a person can type the
    /// first characters of an id instead of all 26.
    pub fn contact_ids_starting_with(&self, prefix: &str, limit: usize) -> Result<Vec<ContactId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM contacts WHERE substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![prefix, limit as i64], |r| Ok(ContactId(r.get(0)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many open follow-ups are due on or before `today` (for a badge on the screen).
    pub fn follow_ups_due_count(&self, today: NaiveDate, desk: Option<&str>) -> Result<u64> {
        let sql = match desk {
            Some(_) => {
                "SELECT count(*) FROM contacts c
                 WHERE c.follow_up IS NOT NULL AND c.follow_up_done IS NULL AND c.follow_up <= ?1
                   AND c.desk = ?2"
            }
            None => {
                "SELECT count(*) FROM contacts c
                 WHERE c.follow_up IS NOT NULL AND c.follow_up_done IS NULL AND c.follow_up <= ?1
                   AND ?2 IS NULL"
            }
        };
        let n: i64 = self
            .conn
            .query_row(sql, params![today.to_string(), desk], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Mark contact `id`'s follow-up done at `now`, by volunteer `by`: the contact counts as
    /// edited at `now` (so a merge carries it to the coordinator), and the audit log records
    /// it in the same transaction. Fails with [`StoreError::NoSuchContact`] when the contact
    /// does not exist.
    pub fn mark_follow_up_done(
        &mut self,
        id: &ContactId,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<FollowUpDone> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(mut c) = get_contact(&tx, id)? else {
            return Err(StoreError::NoSuchContact(id.0.clone()));
        };
        let Some(day) = c.follow_up else {
            return Ok(FollowUpDone::NoFollowUp);
        };
        if let Some(done) = c.follow_up_done {
            return Ok(FollowUpDone::AlreadyDone(done));
        }
        set_done(&tx, id, Some(now), now)?;
        audit::append(
            &tx,
            now,
            by,
            audit::AuditKind::FollowUp,
            &[id],
            &format!("done (due {day})"),
        )?;
        tx.commit()?;
        c.follow_up_done = Some(now);
        c.updated_at = now;
        Ok(FollowUpDone::Marked(Box::new(c)))
    }

    /// Open a follow-up marked done again (undo), audited like marking it done. Returns false,
    /// changing nothing, when the contact is gone or its follow-up was not marked done.
    pub fn reopen_follow_up(
        &mut self,
        id: &ContactId,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(c) = get_contact(&tx, id)? else {
            return Ok(false);
        };
        let (Some(day), Some(_)) = (c.follow_up, c.follow_up_done) else {
            return Ok(false);
        };
        set_done(&tx, id, None, now)?;
        audit::append(
            &tx,
            now,
            by,
            audit::AuditKind::FollowUp,
            &[id],
            &format!("open again (due {day})"),
        )?;
        tx.commit()?;
        Ok(true)
    }
}

fn set_done(
    conn: &rusqlite::Connection,
    id: &ContactId,
    done: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<()> {
    conn.execute(
        "UPDATE contacts SET follow_up_done = ?2, updated_at = ?3 WHERE id = ?1",
        params![
            id.0,
            done.map(|t| t.format(STAMP_FORMAT).to_string()),
            now.format(STAMP_FORMAT).to_string()
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests;
