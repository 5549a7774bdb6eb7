//! The report library's reads over `contacts c` (with their topics and articles), each over one
//! [`Scope`]: the SQL lives here, so a new column is added in the store only. The reports get
//! plain values or stream rows to a callback and do their counting themselves.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::Value;

use super::{Only, Result, Scope, Store, StoreError, parse_at};
use crate::domain::AT_FORMAT;

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

/// A value of a contact that reports count by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactField {
    /// A topic code: the contact comes once per topic.
    Topic,
    Desk,
    Channel,
    Kind,
    Landlord,
    Volunteer,
    /// The moment, as stored (`YYYY-MM-DD HH:MM`).
    At,
    /// The signal label, empty for none.
    Signal,
    /// The partner referred to, empty for none.
    ReferredTo,
    /// The partner that referred, empty for none.
    ReferredFrom,
}

impl ContactField {
    fn sql(self) -> &'static str {
        match self {
            ContactField::Topic => "t.topic",
            ContactField::Desk => "c.desk",
            ContactField::Channel => "c.channel",
            ContactField::Kind => "c.kind",
            ContactField::Landlord => "c.landlord",
            ContactField::Volunteer => "c.volunteer",
            ContactField::At => "c.at",
            // open lists that may be empty: no signal or referral counts under ""
            ContactField::Signal => "coalesce(c.signal, '')",
            ContactField::ReferredTo => "coalesce(c.referred_to, '')",
            ContactField::ReferredFrom => "coalesce(c.referred_from, '')",
        }
    }
}

/// The most values one row of [`Store::each_tallied`] carries.
pub const MAX_FIELDS: usize = 12;

/// The rows to tally: one column per field, then the contact's rowid and resident code.
fn tallied_sql(scope: &Scope, fields: &[ContactField]) -> (String, Vec<Value>) {
    let mut cols: Vec<&str> = fields.iter().map(|f| f.sql()).collect();
    cols.extend(["c.rowid", "c.resident"]);
    let join = if fields.contains(&ContactField::Topic) {
        " JOIN contact_topics t ON t.contact_id = c.id"
    } else {
        ""
    };
    scoped(
        &format!("SELECT {} FROM contacts c{join}", cols.join(", ")),
        Vec::new(),
        scope,
    )
}

impl Store {
    /// Stream the contacts of `scope` to `f` (once per topic when [`ContactField::Topic`] is
    /// among `fields`): the text of each of `fields` in order, the contact's rowid and its
    /// resident code. Stops at the first error of `f`. At most [`MAX_FIELDS`] fields.
    pub fn each_tallied<E: From<StoreError>>(
        &self,
        scope: &Scope,
        fields: &[ContactField],
        mut f: impl FnMut(&[&str], i64, Option<&str>) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let n = fields.len();
        if n > MAX_FIELDS {
            return Err(StoreError::Invalid(format!(
                "a report counts by at most {MAX_FIELDS} values, not {n}"
            ))
            .into());
        }
        let (sql, params) = tallied_sql(scope, fields);
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::from)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(&params))
            .map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let mut values = [""; MAX_FIELDS];
            for (i, value) in values.iter_mut().enumerate().take(n) {
                *value = row
                    .get_ref(i)
                    .map_err(StoreError::from)?
                    .as_str()
                    .map_err(corrupt)?;
            }
            let rowid: i64 = row.get(n).map_err(StoreError::from)?;
            let resident = row
                .get_ref(n + 1)
                .map_err(StoreError::from)?
                .as_str_or_null()
                .map_err(corrupt)?;
            f(&values[..n], rowid, resident)?;
        }
        Ok(())
    }

    /// Per signal label and desk among the contacts of `scope` that carry a signal: the label,
    /// the desk, how many contacts, and the first and last moment.
    pub fn each_signal_at_desk<E: From<StoreError>>(
        &self,
        scope: &Scope,
        mut f: impl FnMut(&str, &str, u64, NaiveDateTime, NaiveDateTime) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let (mut sql, params) = scoped(
            "SELECT c.signal, c.desk, count(*), min(c.at), max(c.at) FROM contacts c",
            Vec::new(),
            &scope.clone().only(Only::Signal),
        );
        sql.push_str(" GROUP BY c.signal, c.desk");
        each_row(self, &sql, &params, |r| {
            let first = parse_at(text(r, 3)?, AT_FORMAT)?;
            let last = parse_at(text(r, 4)?, AT_FORMAT)?;
            let n: i64 = r.get(2).map_err(StoreError::from)?;
            f(text(r, 0)?, text(r, 1)?, n as u64, first, last)
        })
    }

    /// Each (signal label, resident code) pair among the contacts of `scope` that carry both,
    /// once.
    pub fn each_signal_resident<E: From<StoreError>>(
        &self,
        scope: &Scope,
        mut f: impl FnMut(&str, &str) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let (sql, params) = scoped(
            "SELECT DISTINCT c.signal, c.resident FROM contacts c",
            Vec::new(),
            &scope.clone().only(Only::Signal).only(Only::Resident),
        );
        each_row(self, &sql, &params, |r| f(text(r, 0)?, text(r, 1)?))
    }

    /// Per signal label and topic among the contacts of `scope` that carry a signal: how many
    /// contacts have that topic.
    pub fn each_signal_topic<E: From<StoreError>>(
        &self,
        scope: &Scope,
        mut f: impl FnMut(&str, &str, u64) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let (mut sql, params) = scoped(
            "SELECT c.signal, t.topic, count(*) FROM contacts c
             JOIN contact_topics t ON t.contact_id = c.id",
            Vec::new(),
            &scope.clone().only(Only::Signal),
        );
        sql.push_str(" GROUP BY c.signal, t.topic");
        each_row(self, &sql, &params, |r| {
            let n: i64 = r.get(2).map_err(StoreError::from)?;
            f(text(r, 0)?, text(r, 1)?, n as u64)
        })
    }

    /// The query plan of [`Store::each_tallied`], one detail per line.
    #[cfg(test)]
    pub(crate) fn tallied_plan(&self, scope: &Scope, fields: &[ContactField]) -> String {
        let (sql, params) = tallied_sql(scope, fields);
        self.plan(&sql, &params)
    }

    /// The query plan of `sql` with `params`, one detail per line.
    #[cfg(test)]
    pub(crate) fn plan(&self, sql: &str, params: &[Value]) -> String {
        let mut stmt = self
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params), |r| {
                r.get::<_, String>(3)
            })
            .unwrap();
        rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("\n")
    }
}

/// Run `sql` (cached) and hand each row to `f`.
fn each_row<E: From<StoreError>>(
    store: &Store,
    sql: &str,
    params: &[Value],
    mut f: impl FnMut(&rusqlite::Row) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut stmt = store.conn.prepare_cached(sql).map_err(StoreError::from)?;
    let mut rows = stmt
        .query(rusqlite::params_from_iter(params))
        .map_err(StoreError::from)?;
    while let Some(r) = rows.next().map_err(StoreError::from)? {
        f(r)?;
    }
    Ok(())
}

/// The text in column `i` of `row`.
fn text<'r>(row: &'r rusqlite::Row, i: usize) -> Result<&'r str> {
    row.get_ref(i)?.as_str().map_err(corrupt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_of_more_values_than_the_store_reads_is_refused_not_a_panic() {
        let store = Store::open_in_memory().unwrap();
        let fields = [ContactField::Desk; MAX_FIELDS + 1];
        let r = store.each_tallied(&Scope::all(), &fields, |_, _, _| Ok::<_, StoreError>(()));
        assert!(matches!(r, Err(StoreError::Invalid(_))), "{r:?}");
        let r = store.each_tallied(&Scope::all(), &fields[..MAX_FIELDS], |_, _, _| {
            Ok::<_, StoreError>(())
        });
        assert!(r.is_ok(), "{r:?}");
    }
}
