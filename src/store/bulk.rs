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

use super::{DroppedIndexes, Result};
use crate::domain::Contact;

/// Contacts (and, separately, topic rows) per insert statement.
pub(crate) const ROWS: usize = 50;

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
        let names: Vec<&str> = super::columns::table_columns().map(|c| c.name).collect();
        let mut stmt = conn.prepare_cached(&insert_sql("contacts", &names, chunk.len()))?;
        for (i, c) in chunk.iter().enumerate() {
            bind_contact(&mut stmt, i * names.len(), c)?;
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

/// Bind the values of `c` to the parameters after the first `offset` of `stmt`, in the
/// order of the column table.
fn bind_contact(stmt: &mut CachedStatement<'_>, offset: usize, c: &Contact) -> Result<()> {
    for (i, col) in super::columns::table_columns().enumerate() {
        stmt.raw_bind_parameter(offset + i + 1, (col.write)(c))?;
    }
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
