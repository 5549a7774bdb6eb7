//! The CSV export's fast read: the exported values of the contacts of a [`Scope`] as SQLite
//! holds them, streamed row by row without building a [`Contact`](crate::domain::Contact).
//!
//! The store keeps every value as the text the export writes (moments as `YYYY-MM-DD HH:MM`,
//! stamps with seconds), so CSV rows are copied from SQLite's buffers without building a
//! contact (which parses three moments and allocates a dozen strings per row: most of an
//! export's time). Topics come tagged with their position (`1:huur|0:onderhoud`) and are put
//! in order here: cheaper than SQLite sorting each contact's topics (`ORDER BY position`
//! inside the aggregate).

use rusqlite::types::ValueRef;

use super::columns::{COLUMNS, EXPORT_ORDER, EXPORTED, Stored};
use super::{Result, Scope, Store, StoreError};

/// The select list of the exported values, in [`EXPORT_ORDER`].
static STORED_COLUMNS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    EXPORT_ORDER
        .iter()
        .map(|&i| {
            let col = &COLUMNS[i];
            match col.stored {
                Stored::Topics => "(SELECT group_concat(position || ':' || topic, '|') \
                     FROM contact_topics WHERE contact_id = c.id)"
                    .to_string(),
                Stored::Column { .. } => format!("c.{}", col.name),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
});

/// Where the topics are among the exported values.
const TOPICS_PLACE: usize = {
    let mut i = 0;
    while i < EXPORTED {
        if matches!(COLUMNS[EXPORT_ORDER[i]].stored, Stored::Topics) {
            break;
        }
        i += 1;
    }
    i
};

/// The selected contacts, oldest first (the order of `balie list`), and the values bound.
fn exported_sql(scope: &Scope) -> (String, Vec<rusqlite::types::Value>) {
    let mut sql = format!("SELECT {} FROM contacts c", *STORED_COLUMNS);
    let mut params = Vec::new();
    scope.write_where(&mut sql, &mut params);
    sql.push_str(" ORDER BY c.at, c.id");
    (sql, params)
}

/// One stored value, borrowed from SQLite's buffer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Null,
    /// Text (or a blob), as stored.
    Text(&'a [u8]),
    Integer(i64),
    Real(f64),
}

/// The exported values of one contact, in [`EXPORT_ORDER`] (see [`Store::each_exported`]).
pub struct ExportedRow<'a, 'r> {
    row: &'a rusqlite::Row<'r>,
    /// The topic codes in their order joined by `|`, when the contact has topics.
    topics: Option<&'a [u8]>,
}

impl ExportedRow<'_, '_> {
    /// The value at place `i` of [`EXPORT_ORDER`]; the topics as their codes in order, joined
    /// by `|`.
    pub fn cell(&self, i: usize) -> Result<Cell<'_>> {
        if i == TOPICS_PLACE
            && let Some(topics) = self.topics
        {
            return Ok(Cell::Text(topics));
        }
        Ok(match self.row.get_ref(i)? {
            ValueRef::Null => Cell::Null,
            ValueRef::Text(t) | ValueRef::Blob(t) => Cell::Text(t),
            ValueRef::Integer(v) => Cell::Integer(v),
            ValueRef::Real(v) => Cell::Real(v),
        })
    }

    /// The text at place `i` of [`EXPORT_ORDER`] (a value that is always text, such as `at`).
    pub fn text(&self, i: usize) -> Result<&str> {
        Ok(self
            .row
            .get_ref(i)
            .and_then(|v| v.as_str().map_err(Into::into))?)
    }
}

impl Store {
    /// Stream the exported values of the contacts of `scope` to `f`, oldest first (the order
    /// of `balie list`), one row at a time, until `f` fails.
    pub fn each_exported<E: From<StoreError>>(
        &self,
        scope: &Scope,
        mut f: impl FnMut(&ExportedRow<'_, '_>) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let (sql, params) = exported_sql(scope);
        let mut stmt = self.conn.prepare(&sql).map_err(StoreError::from)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(&params))
            .map_err(StoreError::from)?;
        let (mut topics, mut order) = (Vec::new(), Vec::new());
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let tagged = match row.get_ref(TOPICS_PLACE).map_err(StoreError::from)? {
                ValueRef::Text(tagged) => {
                    topics_in_order(tagged, &mut order, &mut topics)?;
                    true
                }
                _ => false,
            };
            f(&ExportedRow {
                row,
                topics: tagged.then_some(topics.as_slice()),
            })?;
        }
        Ok(())
    }

    /// The query plan of [`Store::each_exported`] over `scope`, one detail per line.
    #[cfg(test)]
    pub(crate) fn exported_plan(&self, scope: &Scope) -> String {
        let (sql, params) = exported_sql(scope);
        self.plan(&sql, &params)
    }
}

/// `1:huur|0:onderhoud` into `onderhoud|huur` (codes never hold `:` or `|`).
fn topics_in_order(
    tagged: &[u8],
    order: &mut Vec<(u64, usize, usize)>,
    out: &mut Vec<u8>,
) -> Result<()> {
    order.clear();
    let mut start = 0;
    for part in tagged.split(|&b| b == b'|') {
        let colon = part.iter().position(|&b| b == b':');
        let pos = colon.and_then(|c| std::str::from_utf8(&part[..c]).ok()?.parse::<u64>().ok());
        let (Some(colon), Some(pos)) = (colon, pos) else {
            let text = String::from_utf8_lossy(tagged);
            return Err(StoreError::Corrupt(format!("bad topic list `{text}`")));
        };
        order.push((pos, start + colon + 1, start + part.len()));
        start += part.len() + 1;
    }
    order.sort_by_key(|&(pos, _, _)| pos);
    out.clear();
    for (i, &(_, a, b)) in order.iter().enumerate() {
        if i > 0 {
            out.push(b'|');
        }
        out.extend_from_slice(&tagged[a..b]);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_come_in_their_order_and_a_bad_list_is_damage() {
        let (mut order, mut out) = (Vec::new(), Vec::new());
        topics_in_order(b"1:huur|0:onderhoud|2:schulden", &mut order, &mut out).unwrap();
        assert_eq!(out, b"onderhoud|huur|schulden");
        topics_in_order(b"0:huur", &mut order, &mut out).unwrap();
        assert_eq!(out, b"huur");
        assert!(matches!(
            topics_in_order(b"huur", &mut order, &mut out),
            Err(StoreError::Corrupt(_))
        ));
        assert_eq!(
            super::super::columns::EXPORTED_NAMES[TOPICS_PLACE],
            "topics"
        );
    }
}
