//! A resident's thread at one desk: the earlier contacts carrying their code (newest first),
//! the follow-ups still open and the articles linked to them. Codes are matched by
//! [`resident_key`] (case, spaces and dashes do not count). Only ever one desk's contacts:
//! another desk's notes are not this desk's to read.

use rusqlite::params;

use super::{CONTACT_COLUMNS, Result, Store, contact_from_row};
use crate::domain::{Contact, ContactId, resident_key};

/// How many of the newest contacts a thread summary carries.
pub const RECENT: usize = 3;

/// An article linked to one of the resident's contacts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadArticle {
    pub id: String,
    /// The title, or the id when the article is no longer in the knowledge base.
    pub title: String,
}

/// What a volunteer sees of a returning resident before the first question.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Thread {
    /// The desk whose contacts these are.
    pub desk: String,
    /// The code as [`resident_key`] has it.
    pub key: String,
    /// How many contacts of this desk carry the code (the one being edited not counted).
    pub contacts: usize,
    /// The newest [`RECENT`] of them, newest first.
    pub recent: Vec<Contact>,
    /// Those with a follow-up not yet marked done, the earliest day first.
    pub open_follow_ups: Vec<Contact>,
    /// The articles linked to any of them, the most recently linked first, each once.
    pub articles: Vec<ThreadArticle>,
}

/// The condition behind [`Store::resident_contacts`]: stored codes are upper case letters,
/// digits and dashes, so taking the dashes out gives their key. The desk is always bound, and
/// the expression is the one the index `contacts_desk_resident_key` (migration V6) holds.
pub(crate) const THREAD_WHERE: &str = "c.desk = ?1 AND c.resident IS NOT NULL \
     AND upper(replace(c.resident, '-', '')) = ?2 AND c.id != ?3";

impl Store {
    /// Every contact of `desk` carrying resident code `code` (however written), newest first,
    /// except `except` (the contact being edited). Empty for an empty code.
    pub fn resident_contacts(
        &self,
        desk: &str,
        code: &str,
        except: Option<&ContactId>,
    ) -> Result<Vec<Contact>> {
        let key = resident_key(code);
        if key.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts c WHERE {THREAD_WHERE}
             ORDER BY c.at DESC, c.id DESC",
            CONTACT_COLUMNS = *CONTACT_COLUMNS
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let except = except.map_or("", |id| id.0.as_str());
        let mut rows = stmt.query(params![desk, key, except])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(contact_from_row(row)?);
        }
        Ok(out)
    }

    /// The thread of resident `code` at `desk`: how many contacts, the newest few, the open
    /// follow-ups and the linked articles. `except` is the contact being edited, left out.
    pub fn resident_thread(
        &self,
        desk: &str,
        code: &str,
        except: Option<&ContactId>,
    ) -> Result<Thread> {
        let all = self.resident_contacts(desk, code, except)?;
        let mut open_follow_ups: Vec<Contact> = all
            .iter()
            .filter(|c| c.follow_up.is_some() && c.follow_up_done.is_none())
            .cloned()
            .collect();
        open_follow_ups.sort_by(|a, b| a.follow_up.cmp(&b.follow_up).then(a.at.cmp(&b.at)));
        let articles = self.thread_articles(desk, code, except)?;
        Ok(Thread {
            desk: desk.to_string(),
            key: resident_key(code),
            contacts: all.len(),
            recent: all.iter().take(RECENT).cloned().collect(),
            open_follow_ups,
            articles,
        })
    }

    fn thread_articles(
        &self,
        desk: &str,
        code: &str,
        except: Option<&ContactId>,
    ) -> Result<Vec<ThreadArticle>> {
        let sql = format!(
            "SELECT ca.article_id, coalesce(a.title, ca.article_id), max(ca.linked_at) AS last
             FROM contacts c
             JOIN contact_articles ca ON ca.contact_id = c.id
             LEFT JOIN articles a ON a.id = ca.article_id
             WHERE {THREAD_WHERE}
             GROUP BY ca.article_id ORDER BY last DESC, ca.article_id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let except = except.map_or("", |id| id.0.as_str());
        let rows = stmt.query_map(params![desk, resident_key(code), except], |r| {
            Ok(ThreadArticle {
                id: r.get(0)?,
                title: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests;
