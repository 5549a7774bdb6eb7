//! Loading many contacts at once (a coordinator's first pull from the server, demo data):
//! inserts of many rows per statement, and taking the contact indexes away for the load and
//! building them again once at the end, inside the caller's transaction.
//!
//! Why many rows per statement: an insert into `contacts` fires the upload queue's trigger and
//! one into `contact_topics` checks its foreign key, so SQLite keeps a statement journal for
//! each statement (a copy of every page the statement touches, to undo that statement alone).
//! Row by row that copies the same last pages of each table once per row; fifty rows to a
//! statement copy them once per fifty.

use rusqlite::{CachedStatement, Connection};

use super::{DroppedIndexes, Result, at_text, stamp_text};
use crate::domain::Contact;

/// Contacts (and, separately, topic rows) per insert statement.
pub(crate) const ROWS: usize = 50;

/// The columns of an inserted contact, in the order [`bind_contact`] binds them.
const CONTACT_COLUMNS: [&str; 19] = [
    "id",
    "at",
    "desk",
    "volunteer",
    "channel",
    "kind",
    "landlord",
    "minutes",
    "referred_from",
    "referred_to",
    "language",
    "resident",
    "postcode",
    "follow_up",
    "note",
    "created_at",
    "updated_at",
    "signal",
    "follow_up_done",
];

/// `INSERT INTO table (columns) VALUES (?, ...), ...` for `rows` rows (fixed text, no input).
fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let row = format!("({})", vec!["?"; columns.len()].join(", "));
    format!(
        "INSERT INTO {table} ({}) VALUES {}",
        columns.join(", "),
        vec![row; rows].join(", ")
    )
}

/// Store new contacts (already validated) and their topics on `conn` (a transaction), up to
/// [`ROWS`] to a statement.
pub(crate) fn insert_contacts(conn: &Connection, contacts: &[Contact]) -> Result<()> {
    for chunk in contacts.chunks(ROWS) {
        let mut stmt =
            conn.prepare_cached(&insert_sql("contacts", &CONTACT_COLUMNS, chunk.len()))?;
        for (i, c) in chunk.iter().enumerate() {
            bind_contact(&mut stmt, i * CONTACT_COLUMNS.len(), c)?;
        }
        stmt.raw_execute()?;
    }
    let topics: Vec<(&str, &str, i64)> = contacts
        .iter()
        .flat_map(|c| {
            c.topics
                .iter()
                .enumerate()
                .map(|(i, t)| (c.id.0.as_str(), t.as_str(), i as i64))
        })
        .collect();
    for chunk in topics.chunks(ROWS) {
        let mut stmt = conn.prepare_cached(&insert_sql(
            "contact_topics",
            &["contact_id", "topic", "position"],
            chunk.len(),
        ))?;
        for (i, (id, topic, position)) in chunk.iter().enumerate() {
            stmt.raw_bind_parameter(3 * i + 1, id)?;
            stmt.raw_bind_parameter(3 * i + 2, topic)?;
            stmt.raw_bind_parameter(3 * i + 3, position)?;
        }
        stmt.raw_execute()?;
    }
    Ok(())
}

/// Bind the values of `c` to the parameters after the first `offset` of `stmt`.
fn bind_contact(stmt: &mut CachedStatement<'_>, offset: usize, c: &Contact) -> Result<()> {
    let mut n = offset;
    let mut bind = |v: &dyn rusqlite::ToSql| {
        n += 1;
        stmt.raw_bind_parameter(n, v)
    };
    bind(&c.id.0)?;
    bind(&at_text(&c.at))?;
    bind(&c.desk)?;
    bind(&c.volunteer)?;
    bind(&c.channel)?;
    bind(&c.kind.code())?;
    bind(&c.landlord)?;
    bind(&c.minutes)?;
    bind(&c.referred_from)?;
    bind(&c.referred_to)?;
    bind(&c.language)?;
    bind(&c.resident)?;
    bind(&c.postcode)?;
    bind(&c.follow_up.map(|d| d.to_string()))?;
    bind(&c.note)?;
    bind(&stamp_text(&c.created_at))?;
    bind(&stamp_text(&c.updated_at))?;
    bind(&c.signal)?;
    bind(&c.follow_up_done.map(|t| stamp_text(&t)))?;
    Ok(())
}

/// [`super::Store::drop_contact_indexes`] inside the caller's transaction on `conn`, which
/// then builds them again with [`restore_indexes_in`] before it commits (a rollback keeps
/// them).
pub(crate) fn drop_contact_indexes_in(conn: &Connection) -> Result<DroppedIndexes> {
    let indexes: Vec<(String, String)> = {
        let mut stmt = conn.prepare(
            "SELECT name, sql FROM sqlite_schema
             WHERE type = 'index' AND sql IS NOT NULL
               AND tbl_name IN ('contacts', 'contact_topics')
             ORDER BY name",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (name, _) in &indexes {
        // The name comes from the schema itself, quoted as an identifier.
        conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
    }
    Ok(DroppedIndexes(
        indexes.into_iter().map(|(_, sql)| sql).collect(),
    ))
}

/// Build again, on `conn` (a transaction), the indexes [`drop_contact_indexes_in`] dropped.
pub(crate) fn restore_indexes_in(conn: &Connection, dropped: DroppedIndexes) -> Result<()> {
    for sql in &dropped.0 {
        conn.execute_batch(sql)?;
    }
    Ok(())
}
