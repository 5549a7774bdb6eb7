//! The desk's upload queue for [`crate::sync`]: triggers on the contact tables put the id of
//! every contact inserted, edited, erased, deleted or (un)linked into `sync_queue`, in the same
//! transaction as the change, so no write path can forget it. A queued contact leaves the
//! queue only when the server has committed it, and only if it was not changed again
//! meanwhile (its `seq`, from a counter that only grows, still matches).

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::{Result, Store, get_contact, parse_at};
use crate::domain::{Contact, ContactId, STAMP_FORMAT};

/// The queue's tables and triggers (the store's migration that brings them). Contacts stored
/// before it are queued too: a desk that starts syncing sends its history. `since` is the
/// balie time of the oldest change still waiting for the contact (the change's own stamp, so
/// the injected clock holds). Topic rows change only together with their contact row, so
/// the contact's own triggers cover them.
pub(super) const QUEUE_SCHEMA: &str = r#"
CREATE TABLE sync_counter (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
) STRICT;
CREATE TABLE sync_queue (
    contact_id TEXT PRIMARY KEY NOT NULL,
    desk       TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    since      TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sync_queue_seq ON sync_queue (seq);
-- Holds a row only inside a transaction that writes what came from the server.
CREATE TABLE sync_paused (id INTEGER PRIMARY KEY CHECK (id = 1)) STRICT;

INSERT INTO sync_queue (contact_id, desk, seq, since)
    SELECT id, desk, row_number() OVER (ORDER BY at, id), updated_at FROM contacts;
INSERT INTO sync_counter (id, n) VALUES (1, (SELECT count(*) FROM contacts));

CREATE TRIGGER sync_queue_contact_insert AFTER INSERT ON contacts
WHEN NOT EXISTS (SELECT 1 FROM sync_paused)
BEGIN
    UPDATE sync_counter SET n = n + 1 WHERE id = 1;
    INSERT INTO sync_queue (contact_id, desk, seq, since)
        VALUES (NEW.id, NEW.desk, (SELECT n FROM sync_counter WHERE id = 1), NEW.updated_at)
        ON CONFLICT (contact_id) DO UPDATE SET desk = excluded.desk, seq = excluded.seq;
END;
CREATE TRIGGER sync_queue_contact_update AFTER UPDATE ON contacts
WHEN NOT EXISTS (SELECT 1 FROM sync_paused)
BEGIN
    UPDATE sync_counter SET n = n + 1 WHERE id = 1;
    INSERT INTO sync_queue (contact_id, desk, seq, since)
        VALUES (NEW.id, NEW.desk, (SELECT n FROM sync_counter WHERE id = 1), NEW.updated_at)
        ON CONFLICT (contact_id) DO UPDATE SET desk = excluded.desk, seq = excluded.seq;
END;
CREATE TRIGGER sync_queue_contact_delete AFTER DELETE ON contacts
WHEN NOT EXISTS (SELECT 1 FROM sync_paused)
BEGIN
    UPDATE sync_counter SET n = n + 1 WHERE id = 1;
    INSERT INTO sync_queue (contact_id, desk, seq, since)
        VALUES (OLD.id, OLD.desk, (SELECT n FROM sync_counter WHERE id = 1), OLD.updated_at)
        ON CONFLICT (contact_id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER sync_queue_link_insert AFTER INSERT ON contact_articles
WHEN NOT EXISTS (SELECT 1 FROM sync_paused)
BEGIN
    UPDATE sync_counter SET n = n + 1 WHERE id = 1;
    INSERT INTO sync_queue (contact_id, desk, seq, since)
        SELECT NEW.contact_id, desk, (SELECT n FROM sync_counter WHERE id = 1), NEW.linked_at
        FROM contacts WHERE id = NEW.contact_id
        ON CONFLICT (contact_id) DO UPDATE SET seq = excluded.seq;
END;
CREATE TRIGGER sync_queue_link_delete AFTER DELETE ON contact_articles
WHEN NOT EXISTS (SELECT 1 FROM sync_paused)
BEGIN
    UPDATE sync_counter SET n = n + 1 WHERE id = 1;
    INSERT INTO sync_queue (contact_id, desk, seq, since)
        SELECT OLD.contact_id, desk, (SELECT n FROM sync_counter WHERE id = 1), updated_at
        FROM contacts WHERE id = OLD.contact_id
        ON CONFLICT (contact_id) DO UPDATE SET seq = excluded.seq;
END;
"#;

/// One contact waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub id: ContactId,
    /// The contact's desk (for a deleted contact: the desk it had).
    pub desk: String,
    /// The change number; the server keeps the version with the greatest (edit time, seq).
    pub seq: i64,
}

/// What a queued contact is now: stored (with its linked article ids), or deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueuedState {
    Stored {
        contact: Box<Contact>,
        articles: Vec<String>,
    },
    Deleted {
        at: NaiveDateTime,
    },
    /// Gone without a tombstone (a restore brought back an older copy): nothing to send.
    Gone,
}

/// How much waits to be sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Waiting {
    pub contacts: u64,
    /// The balie time of the oldest change still waiting.
    pub oldest: Option<NaiveDateTime>,
}

impl Store {
    /// The next `limit` queued contacts, oldest change first, each with what it is now, read
    /// in one snapshot.
    pub fn sync_queue_batch(&mut self, limit: usize) -> Result<Vec<(Queued, QueuedState)>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)?;
        let queued: Vec<Queued> = {
            let mut stmt = tx.prepare_cached(
                "SELECT contact_id, desk, seq FROM sync_queue ORDER BY seq LIMIT ?1",
            )?;
            stmt.query_map(params![limit as i64], |r| {
                Ok(Queued {
                    id: ContactId(r.get(0)?),
                    desk: r.get(1)?,
                    seq: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?
        };
        let mut out = Vec::with_capacity(queued.len());
        for q in queued {
            let state = queued_state(&tx, &q.id)?;
            out.push((q, state));
        }
        tx.finish()?;
        Ok(out)
    }

    /// Take `sent` out of the queue, those not changed again since they were read. Returns
    /// how many left it.
    pub fn sync_queue_ack(&mut self, sent: &[Queued]) -> Result<u64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut n = 0;
        {
            let mut stmt =
                tx.prepare_cached("DELETE FROM sync_queue WHERE contact_id = ?1 AND seq = ?2")?;
            for q in sent {
                n += stmt.execute(params![q.id.0, q.seq])? as u64;
            }
        }
        tx.commit()?;
        Ok(n)
    }

    /// How many contacts wait in the queue, and since when.
    pub fn sync_waiting(&self) -> Result<Waiting> {
        let (n, oldest): (i64, Option<String>) =
            self.conn
                .query_row("SELECT count(*), min(since) FROM sync_queue", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        Ok(Waiting {
            contacts: n as u64,
            oldest: oldest.map(|s| parse_at(&s, STAMP_FORMAT)).transpose()?,
        })
    }

    /// How many contacts of `desk` are stored.
    pub fn desk_contacts(&self, desk: &str) -> Result<u64> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM contacts WHERE desk = ?1",
            params![desk],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }
}

/// Stop queueing changes on `conn` (a transaction) until [`resume_queue`]: the rows a
/// coordinator's pull writes came from the server and are not this database's to send.
pub(crate) fn pause_queue(conn: &Connection) -> Result<()> {
    conn.execute("INSERT OR IGNORE INTO sync_paused (id) VALUES (1)", [])?;
    Ok(())
}

/// Queue changes again on `conn`, before its transaction commits.
pub(crate) fn resume_queue(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM sync_paused", [])?;
    Ok(())
}

fn queued_state(conn: &Connection, id: &ContactId) -> Result<QueuedState> {
    if let Some(contact) = get_contact(conn, id)? {
        let mut stmt = conn.prepare_cached(
            "SELECT article_id FROM contact_articles WHERE contact_id = ?1 ORDER BY article_id",
        )?;
        let articles = stmt
            .query_map(params![id.0], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        return Ok(QueuedState::Stored {
            contact: Box::new(contact),
            articles,
        });
    }
    let deleted: Option<String> = conn
        .prepare_cached("SELECT deleted_at FROM deleted_contacts WHERE id = ?1")?
        .query_row(params![id.0], |r| r.get(0))
        .optional()?;
    Ok(match deleted {
        Some(s) => QueuedState::Deleted {
            at: parse_at(&s, STAMP_FORMAT)?,
        },
        None => QueuedState::Gone,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn contact(when: &str) -> Contact {
        let mut c = Contact::bare(at(when), "Noord", "AB", vec!["huur".into()], at(when));
        c.note = "brief".into();
        c.validate(&Config::shipped()).unwrap();
        c
    }

    fn queue(store: &mut Store) -> Vec<(String, QueuedState)> {
        store
            .sync_queue_batch(100)
            .unwrap()
            .into_iter()
            .map(|(q, s)| (q.id.0, s))
            .collect()
    }

    #[test]
    fn every_change_is_queued_in_its_own_transaction_and_acknowledged_once() {
        let mut store = Store::open_in_memory().unwrap();
        let a = contact("2026-11-20 10:00");
        let b = contact("2026-11-20 11:00");
        store.insert(&a).unwrap();
        store.insert_batch(std::slice::from_ref(&b)).unwrap();
        let batch = store.sync_queue_batch(100).unwrap();
        assert_eq!(batch.len(), 2);
        assert!(matches!(&batch[0].1, QueuedState::Stored { contact, .. } if contact.id == a.id));
        let waiting = store.sync_waiting().unwrap();
        assert_eq!(waiting.contacts, 2);
        assert_eq!(waiting.oldest, Some(a.updated_at));

        // An edit made after the batch was read stays queued when the batch is acknowledged.
        let mut edited = a.clone();
        edited.minutes = Some(12);
        edited.updated_at = at("2026-11-20 12:00");
        assert!(store.update(&edited, "AB").unwrap());
        let sent: Vec<Queued> = batch.into_iter().map(|(q, _)| q).collect();
        assert_eq!(store.sync_queue_ack(&sent).unwrap(), 1);
        let left = queue(&mut store);
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].0, a.id.0);
        assert!(
            matches!(&left[0].1, QueuedState::Stored { contact, .. } if contact.minutes == Some(12))
        );

        // A deletion, an erasure and a link are queued as well.
        let batch: Vec<Queued> = store
            .sync_queue_batch(100)
            .unwrap()
            .into_iter()
            .map(|(q, _)| q)
            .collect();
        store.sync_queue_ack(&batch).unwrap();
        assert_eq!(store.sync_waiting().unwrap().contacts, 0);
        store.delete(&b.id, "AB", at("2026-11-21 09:00")).unwrap();
        assert_eq!(
            queue(&mut store),
            vec![(
                b.id.0.clone(),
                QueuedState::Deleted {
                    at: at("2026-11-21 09:00")
                }
            )]
        );
        let batch: Vec<Queued> = store
            .sync_queue_batch(100)
            .unwrap()
            .into_iter()
            .map(|(q, _)| q)
            .collect();
        store.sync_queue_ack(&batch).unwrap();
        store
            .purge(at("2026-12-01 00:00"), "AB", at("2026-12-01 09:00"))
            .unwrap();
        let left = queue(&mut store);
        assert_eq!(left.len(), 1);
        assert!(
            matches!(&left[0].1, QueuedState::Stored { contact, .. } if contact.note.is_empty())
        );
    }

    #[test]
    fn a_database_from_before_the_queue_queues_its_history() {
        use rusqlite_migration::Migrations;
        let mut conn = Connection::open_in_memory().unwrap();
        let all = super::super::migrations::migrations();
        // Migrate to the version before the queue, store a contact, then migrate the rest.
        let before = super::super::migrations::latest_version() - 1;
        all.to_version(&mut conn, before).unwrap();
        conn.execute_batch(
            "INSERT INTO contacts (id, at, desk, volunteer, channel, kind, landlord, note,
                 created_at, updated_at)
             VALUES ('01OLD', '2026-01-05 10:00', 'Noord', 'AB', 'inloop', 'kort', 'ymere', '',
                 '2026-01-05 10:00:00', '2026-01-05 10:00:00')",
        )
        .unwrap();
        let _: &Migrations = &all;
        all.to_latest(&mut conn).unwrap();
        let (id, seq): (String, i64) = conn
            .query_row("SELECT contact_id, seq FROM sync_queue", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((id.as_str(), seq), ("01OLD", 1));
        let n: i64 = conn
            .query_row("SELECT n FROM sync_counter", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }
}
