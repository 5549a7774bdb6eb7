//! The report library's reads over `contacts c` (with their topics and articles), each over one
//! [`Scope`]: the SQL lives here, so a new column is added in the store only. The reports get
//! plain values or stream rows to a callback and do their counting themselves.

use chrono::NaiveDate;
use rusqlite::types::Value;

use super::{Result, Scope, Store, StoreError};

/// `head` with `scope`'s `WHERE` after it, and the values it binds (after `params`).
fn scoped(head: &str, mut params: Vec<Value>, scope: &Scope) -> (String, Vec<Value>) {
    let mut text = head.to_string();
    scope.write_where(&mut text, &mut params);
    (text, params)
}

fn corrupt(e: rusqlite::types::FromSqlError) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

impl Store {
    /// The first and last contact time (stored text) in `scope`, when there are contacts.
    pub fn contact_span(&self, scope: &Scope) -> Result<(Option<String>, Option<String>)> {
        let (sql, params) = scoped(
            "SELECT min(c.at), max(c.at) FROM contacts c",
            Vec::new(),
            scope,
        );
        Ok(self
            .conn()
            .query_row(&sql, rusqlite::params_from_iter(&params), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?)
    }

    /// How many contacts of `scope` there are, and how many of them have a follow-up on or
    /// before `today`.
    pub fn count_follow_ups_due(&self, scope: &Scope, today: NaiveDate) -> Result<(i64, i64)> {
        let (sql, params) = scoped(
            "SELECT count(*), coalesce(sum(c.follow_up <= ?1), 0) FROM contacts c",
            vec![Value::Text(today.to_string())],
            scope,
        );
        Ok(self
            .conn()
            .query_row(&sql, rusqlite::params_from_iter(&params), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?)
    }

    /// Per topic on the contacts of `scope`: the contacts, and how many of them have an
    /// article linked.
    pub fn topics_with_articles(&self, scope: &Scope) -> Result<Vec<(String, i64, i64)>> {
        let (mut sql, params) = scoped(
            "SELECT t.topic, count(*),
                   sum(EXISTS (SELECT 1 FROM contact_articles a WHERE a.contact_id = c.id))
               FROM contacts c JOIN contact_topics t ON t.contact_id = c.id",
            Vec::new(),
            scope,
        );
        sql.push_str(" GROUP BY t.topic");
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Per topic, how many articles name it.
    pub fn articles_per_topic(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT j.value, count(DISTINCT a.id) FROM articles a, json_each(a.topics) j
             GROUP BY j.value",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stream the contacts of `scope` to `f`: desk, resident code, minutes and topic codes
    /// (joined by the unit separator, char 31).
    pub fn each_visit(
        &self,
        scope: &Scope,
        mut f: impl FnMut(&str, Option<&str>, Option<u32>, Option<&str>),
    ) -> Result<()> {
        let (sql, params) = scoped(
            "SELECT c.desk, c.resident, c.minutes, \
             (SELECT group_concat(t.topic, char(31)) FROM contact_topics t \
              WHERE t.contact_id = c.id) FROM contacts c",
            Vec::new(),
            scope,
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(&params))?;
        while let Some(row) = rows.next()? {
            let desk = row.get_ref(0)?.as_str().map_err(corrupt)?;
            let resident = row.get_ref(1)?.as_str_or_null().map_err(corrupt)?;
            let minutes: Option<u32> = row.get(2)?;
            let topics = row.get_ref(3)?.as_str_or_null().map_err(corrupt)?;
            f(desk, resident, minutes, topics);
        }
        Ok(())
    }

    /// Stream every (contact, topic) pair of `scope` to `f`: the contact's rowid, the topic
    /// code and the resident code.
    pub fn each_contact_topic(
        &self,
        scope: &Scope,
        mut f: impl FnMut(i64, &str, Option<&str>),
    ) -> Result<()> {
        let (sql, params) = scoped(
            "SELECT c.rowid, t.topic, c.resident FROM contacts c \
             JOIN contact_topics t ON t.contact_id = c.id",
            Vec::new(),
            scope,
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(&params))?;
        while let Some(row) = rows.next()? {
            let rowid: i64 = row.get(0)?;
            let topic = row.get_ref(1)?.as_str().map_err(corrupt)?;
            let resident = row.get_ref(2)?.as_str_or_null().map_err(corrupt)?;
            f(rowid, topic, resident);
        }
        Ok(())
    }
}
