//! One definition of a contact row: every value a contact has, with its SQL type, how it is
//! written to and read from SQLite, and whether (and where) the exports show it. The store's
//! reads and writes, `balie list` and `balie export`, the bundle's `contacts` table and its
//! checksum, the import's known columns and the audit's "changed ..." all come from
//! [`COLUMNS`]. A new column: an entry here, a migration, and the code that uses the value.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::{ToSqlOutput, Value, ValueRef};

use super::{Result, StoreError, at_text, stamp_text};
use crate::domain::{AT_FORMAT, Contact, ContactId, Kind, STAMP_FORMAT};

/// Where a value is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// A column of `contacts`, of this SQL type (as `PRAGMA table_info` reports it).
    Column {
        sql_type: &'static str,
        not_null: bool,
    },
    /// The rows of `contact_topics` (code and position), read back joined with `|`.
    Topics,
}

/// Whether the exports (`balie list --format csv`, `balie export`) show a value, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exported {
    No,
    /// One of the first release's 18 columns, at this place: spreadsheets are built on that
    /// order, so it never changes.
    First(usize),
    /// After the first release's columns (and the export's derived week, month and landlord
    /// group), in the order of [`COLUMNS`]. A new column takes this.
    Later,
}

/// One value of a contact.
pub struct Column {
    /// The name in SQL, in CSV headers and in the audit's "changed ...".
    pub name: &'static str,
    pub stored: Stored,
    pub exported: Exported,
    /// Whether an edit of it is named in the audit log (the id and the stamps are not).
    pub audited: bool,
    /// The first schema version that has it (older bundles read it as NULL).
    pub since: usize,
    /// The value to store.
    pub write: for<'c> fn(&'c Contact) -> ToSqlOutput<'c>,
    /// Set the contact's value from what is stored; a value balie cannot have written is
    /// [`StoreError::Corrupt`].
    pub read: fn(&mut Contact, ValueRef<'_>) -> Result<()>,
    /// The export's text of the value (empty for none), appended to the buffer.
    pub cell: fn(&Contact, &mut String),
}

fn text(s: &str) -> ToSqlOutput<'_> {
    ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes()))
}

fn opt_text(s: &Option<String>) -> ToSqlOutput<'_> {
    s.as_deref()
        .map_or(ToSqlOutput::Owned(Value::Null), |s| text(s))
}

fn owned(v: Option<String>) -> ToSqlOutput<'static> {
    ToSqlOutput::Owned(v.map_or(Value::Null, Value::Text))
}

fn corrupt(name: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("bad {name}: {e}"))
}

fn get_text<'v>(name: &str, v: ValueRef<'v>) -> Result<&'v str> {
    v.as_str().map_err(|e| corrupt(name, e))
}

fn get_opt_text(name: &str, v: ValueRef<'_>) -> Result<Option<String>> {
    Ok(v.as_str_or_null()
        .map_err(|e| corrupt(name, e))?
        .map(str::to_string))
}

fn moment(v: ValueRef<'_>, format: &str) -> Result<NaiveDateTime> {
    let s = get_text("time", v)?;
    NaiveDateTime::parse_from_str(s, format)
        .map_err(|e| StoreError::Corrupt(format!("bad time `{s}`: {e}")))
}

fn opt_moment(v: ValueRef<'_>, format: &str) -> Result<Option<NaiveDateTime>> {
    match v {
        ValueRef::Null => Ok(None),
        v => moment(v, format).map(Some),
    }
}

/// A text column of `contacts`.
const TEXT: Stored = Stored::Column {
    sql_type: "TEXT",
    not_null: true,
};
const OPT_TEXT: Stored = Stored::Column {
    sql_type: "TEXT",
    not_null: false,
};

macro_rules! text_column {
    ($name:literal, $field:ident, $exported:expr) => {
        Column {
            name: $name,
            stored: TEXT,
            exported: $exported,
            audited: true,
            since: 1,
            write: |c| text(&c.$field),
            read: |c, v| {
                c.$field = get_text($name, v)?.to_string();
                Ok(())
            },
            cell: |c, buf| buf.push_str(&c.$field),
        }
    };
}

macro_rules! opt_text_column {
    ($name:literal, $field:ident, $exported:expr, $since:literal) => {
        Column {
            name: $name,
            stored: OPT_TEXT,
            exported: $exported,
            audited: true,
            since: $since,
            write: |c| opt_text(&c.$field),
            read: |c, v| {
                c.$field = get_opt_text($name, v)?;
                Ok(())
            },
            cell: |c, buf| buf.push_str(c.$field.as_deref().unwrap_or("")),
        }
    };
}

/// Every value of a contact, in the order of the `contacts` table (the values kept
/// elsewhere, the topics, where they are read). New columns go at the end.
pub const COLUMNS: [Column; 20] = [
    Column {
        name: "id",
        stored: TEXT,
        exported: Exported::First(0),
        audited: false,
        since: 1,
        write: |c| text(&c.id.0),
        read: |c, v| {
            c.id = ContactId(get_text("id", v)?.to_string());
            Ok(())
        },
        cell: |c, buf| buf.push_str(&c.id.0),
    },
    Column {
        name: "at",
        stored: TEXT,
        exported: Exported::First(1),
        audited: true,
        since: 1,
        write: |c| owned(Some(at_text(&c.at))),
        read: |c, v| {
            c.at = moment(v, AT_FORMAT)?;
            Ok(())
        },
        cell: |c, buf| buf.push_str(&at_text(&c.at)),
    },
    text_column!("desk", desk, Exported::First(2)),
    text_column!("volunteer", volunteer, Exported::First(3)),
    text_column!("channel", channel, Exported::First(4)),
    Column {
        name: "kind",
        stored: TEXT,
        exported: Exported::First(5),
        audited: true,
        since: 1,
        write: |c| text(c.kind.code()),
        read: |c, v| {
            let kind = get_text("kind", v)?;
            c.kind = Kind::parse(kind)
                .ok_or_else(|| StoreError::Corrupt(format!("bad kind `{kind}`")))?;
            Ok(())
        },
        cell: |c, buf| buf.push_str(c.kind.code()),
    },
    Column {
        name: "topics",
        stored: Stored::Topics,
        exported: Exported::First(6),
        audited: true,
        since: 1,
        write: |c| owned(Some(c.topics.join("|"))),
        read: |c, v| {
            c.topics = match v.as_str_or_null().map_err(|e| corrupt("topics", e))? {
                Some(s) => s.split('|').map(str::to_string).collect(),
                None => Vec::new(),
            };
            Ok(())
        },
        cell: |c, buf| {
            for (i, t) in c.topics.iter().enumerate() {
                if i > 0 {
                    buf.push('|');
                }
                buf.push_str(t);
            }
        },
    },
    text_column!("landlord", landlord, Exported::First(7)),
    Column {
        name: "minutes",
        stored: Stored::Column {
            sql_type: "INTEGER",
            not_null: false,
        },
        exported: Exported::First(8),
        audited: true,
        since: 1,
        write: |c| ToSqlOutput::Owned(c.minutes.map_or(Value::Null, |m| Value::Integer(m.into()))),
        read: |c, v| {
            c.minutes = match v {
                ValueRef::Null => None,
                ValueRef::Integer(m) => Some(u32::try_from(m).map_err(|e| corrupt("minutes", e))?),
                other => return Err(corrupt("minutes", format!("{:?}", other.data_type()))),
            };
            Ok(())
        },
        cell: |c, buf| {
            if let Some(m) = c.minutes {
                use std::fmt::Write as _;
                let _ = write!(buf, "{m}");
            }
        },
    },
    opt_text_column!("referred_from", referred_from, Exported::First(10), 1),
    opt_text_column!("referred_to", referred_to, Exported::First(11), 1),
    opt_text_column!("language", language, Exported::First(12), 1),
    opt_text_column!("resident", resident, Exported::First(13), 1),
    opt_text_column!("postcode", postcode, Exported::First(14), 1),
    Column {
        name: "follow_up",
        stored: OPT_TEXT,
        exported: Exported::First(15),
        audited: true,
        since: 1,
        write: |c| owned(c.follow_up.map(|d| d.to_string())),
        read: |c, v| {
            c.follow_up = match v.as_str_or_null().map_err(|e| corrupt("date", e))? {
                Some(s) => Some(
                    s.parse::<NaiveDate>()
                        .map_err(|e| StoreError::Corrupt(format!("bad date `{s}`: {e}")))?,
                ),
                None => None,
            };
            Ok(())
        },
        cell: |c, buf| {
            if let Some(d) = c.follow_up {
                use std::fmt::Write as _;
                let _ = write!(buf, "{d}");
            }
        },
    },
    text_column!("note", note, Exported::First(9)),
    Column {
        name: "created_at",
        stored: TEXT,
        exported: Exported::First(16),
        audited: false,
        since: 1,
        write: |c| owned(Some(stamp_text(&c.created_at))),
        read: |c, v| {
            c.created_at = moment(v, STAMP_FORMAT)?;
            Ok(())
        },
        cell: |c, buf| buf.push_str(&stamp_text(&c.created_at)),
    },
    Column {
        name: "updated_at",
        stored: TEXT,
        exported: Exported::First(17),
        audited: false,
        since: 1,
        write: |c| owned(Some(stamp_text(&c.updated_at))),
        read: |c, v| {
            c.updated_at = moment(v, STAMP_FORMAT)?;
            Ok(())
        },
        cell: |c, buf| buf.push_str(&stamp_text(&c.updated_at)),
    },
    opt_text_column!("signal", signal, Exported::Later, 3),
    Column {
        name: "follow_up_done",
        stored: OPT_TEXT,
        exported: Exported::Later,
        audited: true,
        since: 3,
        write: |c| owned(c.follow_up_done.map(|t| stamp_text(&t))),
        read: |c, v| {
            c.follow_up_done = opt_moment(v, STAMP_FORMAT)?;
            Ok(())
        },
        cell: |c, buf| {
            if let Some(t) = c.follow_up_done {
                buf.push_str(&stamp_text(&t));
            }
        },
    },
];

/// How many of [`COLUMNS`] the first release exported.
pub const FIRST_EXPORTED: usize = count(true);

/// How many of [`COLUMNS`] the exports show.
pub const EXPORTED: usize = count(false);

/// How many columns are exported (`first`: among the first release's).
const fn count(first: bool) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < COLUMNS.len() {
        match COLUMNS[i].exported {
            Exported::First(_) => n += 1,
            Exported::Later if !first => n += 1,
            _ => {}
        }
        i += 1;
    }
    n
}

/// The positions in [`COLUMNS`] of the exported values, in export order: the first
/// release's in their places, then the later ones in table order.
pub const EXPORT_ORDER: [usize; EXPORTED] = {
    let mut out = [usize::MAX; EXPORTED];
    let mut later = FIRST_EXPORTED;
    let mut i = 0;
    while i < COLUMNS.len() {
        match COLUMNS[i].exported {
            Exported::First(slot) => out[slot] = i,
            Exported::Later => {
                out[later] = i;
                later += 1;
            }
            Exported::No => {}
        }
        i += 1;
    }
    out
};

/// The names of the exported values, in export order (the columns of `balie list --format
/// csv`).
pub const EXPORTED_NAMES: [&str; EXPORTED] = {
    let mut out = [""; EXPORTED];
    let mut i = 0;
    while i < EXPORTED {
        out[i] = COLUMNS[EXPORT_ORDER[i]].name;
        i += 1;
    }
    out
};

/// The column named `name`.
pub fn column(name: &str) -> Option<&'static Column> {
    COLUMNS.iter().find(|c| c.name == name)
}

/// The columns kept in the `contacts` table, in its order.
pub fn table_columns() -> impl Iterator<Item = &'static Column> {
    COLUMNS
        .iter()
        .filter(|c| matches!(c.stored, Stored::Column { .. }))
}

/// The SQL expression that reads `col` of the contact `c` (topics joined with `|` in their
/// order), or `NULL` for a column newer than `schema`.
pub(crate) fn select_expr(col: &Column, schema: usize) -> String {
    match col.stored {
        _ if col.since > schema => "NULL".to_string(),
        Stored::Column { .. } => format!("c.{}", col.name),
        Stored::Topics => "(SELECT group_concat(topic, '|' ORDER BY position) \
             FROM contact_topics WHERE contact_id = c.id)"
            .to_string(),
    }
}

/// Every value of a contact `c`, in [`COLUMNS`] order, as read by [`contact_from_row`].
pub(crate) fn select_list(schema: usize) -> String {
    COLUMNS
        .iter()
        .map(|col| select_expr(col, schema))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `contacts` columns (no topics) of a table of `schema`, in table order, joined with
/// `, `: the bundle's checksum reads them in this order.
pub(crate) fn table_column_names(schema: usize) -> String {
    table_columns()
        .filter(|c| c.since <= schema)
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `CREATE TABLE contacts (...)` with every column of [`COLUMNS`], for a database that is not
/// the store (a bundle): the types without the store's checks.
pub(crate) fn create_table(suffix: &str) -> String {
    let cols: Vec<String> = table_columns()
        .map(|c| {
            let Stored::Column { sql_type, not_null } = c.stored else {
                unreachable!("table_columns keeps columns only")
            };
            let key = if c.name == "id" { " PRIMARY KEY" } else { "" };
            let null = if not_null { " NOT NULL" } else { "" };
            format!("    {} {sql_type}{key}{null}", c.name)
        })
        .collect();
    format!("CREATE TABLE contacts (\n{}\n) {suffix};", cols.join(",\n"))
}

/// A contact with nothing set yet, for [`contact_from_row`] to fill in.
fn blank() -> Contact {
    Contact {
        id: ContactId(String::new()),
        at: NaiveDateTime::MIN,
        desk: String::new(),
        volunteer: String::new(),
        channel: String::new(),
        kind: Kind::Kort,
        topics: Vec::new(),
        landlord: String::new(),
        minutes: None,
        referred_from: None,
        referred_to: None,
        language: None,
        resident: None,
        postcode: None,
        follow_up: None,
        note: String::new(),
        created_at: NaiveDateTime::MIN,
        updated_at: NaiveDateTime::MIN,
        signal: None,
        follow_up_done: None,
    }
}

/// The contact in a row selected with [`select_list`].
pub(crate) fn contact_from_row(r: &rusqlite::Row) -> Result<Contact> {
    let mut c = blank();
    for (i, col) in COLUMNS.iter().enumerate() {
        (col.read)(&mut c, r.get_ref(i)?)?;
    }
    Ok(c)
}

fn as_ref<'a>(v: &'a ToSqlOutput<'a>) -> ValueRef<'a> {
    match v {
        ToSqlOutput::Borrowed(v) => *v,
        ToSqlOutput::Owned(v) => ValueRef::from(v),
        _ => ValueRef::Null,
    }
}

/// The names of the audited values that differ between `old` and `new`, in table order.
pub fn changed(old: &Contact, new: &Contact) -> Vec<&'static str> {
    COLUMNS
        .iter()
        .filter(|col| col.audited)
        .filter(|col| {
            let (a, b) = ((col.write)(old), (col.write)(new));
            as_ref(&a) != as_ref(&b)
        })
        .map(|col| col.name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn the_column_table_is_the_contacts_table_after_every_migration() {
        let store = Store::open_in_memory().unwrap();
        let mut stmt = store
            .conn()
            .prepare(
                "SELECT name, type, \"notnull\" FROM pragma_table_info('contacts') ORDER BY cid",
            )
            .unwrap();
        let real: Vec<(String, String, bool)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let table: Vec<(String, String, bool)> = table_columns()
            .map(|c| match c.stored {
                Stored::Column { sql_type, not_null } => {
                    (c.name.to_string(), sql_type.to_string(), not_null)
                }
                Stored::Topics => unreachable!(),
            })
            .collect();
        assert_eq!(table, real);
        let since_latest = COLUMNS
            .iter()
            .filter(|c| c.since > crate::store::migrations::latest_version())
            .count();
        assert_eq!(since_latest, 0, "a column newer than the newest migration");
        // the topics are the rows of contact_topics
        let topics: Vec<String> = store
            .conn()
            .prepare("SELECT name FROM pragma_table_info('contact_topics') ORDER BY cid")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(topics, ["contact_id", "topic", "position"]);
    }

    #[test]
    fn the_export_order_places_every_exported_column_once() {
        let mut seen: Vec<usize> = EXPORT_ORDER.to_vec();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), EXPORTED, "a column placed twice");
        let exported: Vec<&str> = COLUMNS
            .iter()
            .filter(|c| c.exported != Exported::No)
            .map(|c| c.name)
            .collect();
        let mut names = EXPORTED_NAMES.to_vec();
        names.sort_unstable();
        let mut want = exported.clone();
        want.sort_unstable();
        assert_eq!(names, want);
        // the first release's columns in their places, then the later ones in table order
        for (place, &i) in EXPORT_ORDER.iter().enumerate() {
            match COLUMNS[i].exported {
                Exported::First(slot) => assert_eq!(slot, place, "{}", COLUMNS[i].name),
                Exported::Later => assert!(place >= FIRST_EXPORTED),
                Exported::No => panic!("{} is not exported", COLUMNS[i].name),
            }
        }
    }

    #[test]
    fn a_contact_written_and_read_through_the_table_is_the_same_and_each_value_counts() {
        let mut store = Store::open_in_memory().unwrap();
        let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_opt(10, 15, 0)
            .unwrap();
        let c = Contact {
            id: ContactId("01JTEST".into()),
            at,
            desk: "Noord".into(),
            volunteer: "AB".into(),
            channel: "balie".into(),
            kind: Kind::Hulpvraag,
            topics: vec!["huur".into(), "onderhoud".into()],
            landlord: "woonstad".into(),
            minutes: Some(20),
            referred_from: Some("wijkteam".into()),
            referred_to: Some("juridisch".into()),
            language: Some("tr".into()),
            resident: Some("K0042".into()),
            postcode: Some("3011".into()),
            follow_up: Some(at.date()),
            note: "schimmel".into(),
            created_at: at,
            updated_at: at,
            signal: Some("flat 12".into()),
            follow_up_done: Some(at),
        };
        store.insert(&c).unwrap();
        assert_eq!(store.get(&c.id).unwrap().unwrap(), c);
        // every audited value, changed alone, is named by its own column
        for col in COLUMNS.iter().filter(|col| col.audited) {
            let mut other = blank();
            for (i, value) in COLUMNS.iter().enumerate() {
                let from = if std::ptr::eq(value, col) {
                    &blank()
                } else {
                    &c
                };
                let v = (COLUMNS[i].write)(from);
                (COLUMNS[i].read)(&mut other, as_ref(&v)).unwrap_or(());
            }
            assert_eq!(changed(&c, &other), [col.name], "{}", col.name);
        }
    }
}
