//! The manifest of a bundle: what it is (format and schema versions), whose and which days
//! it holds, when it was written, how many rows each table has and a checksum over them. Kept
//! as key/value rows in the bundle's `manifest` table, so it stays readable with any SQLite
//! tool (`sqlite3 FILE 'select * from manifest'`).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{Damage, Foreign, Newer};
use crate::domain::STAMP_FORMAT;

/// The value of the manifest's `format` key.
pub const FORMAT: &str = "balie-bundle";
/// The bundle layout this balie writes and the newest it reads. Version 2 adds the erasures
/// (notes and resident codes erased at the desk) and a checksum that covers the manifest too.
pub const FORMAT_VERSION: u32 = 2;

/// How many rows each table of a bundle holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RowCounts {
    pub contacts: u64,
    pub contact_topics: u64,
    pub contact_articles: u64,
    pub articles: u64,
    pub deleted_contacts: u64,
    /// Format 2 on: contacts whose note and resident code were erased.
    pub erasures: u64,
}

impl RowCounts {
    /// The count of a table by name (the tables the checksum covers).
    pub(super) fn slot(&mut self, table: &str) -> &mut u64 {
        match table {
            "contacts" => &mut self.contacts,
            "contact_topics" => &mut self.contact_topics,
            "contact_articles" => &mut self.contact_articles,
            "articles" => &mut self.articles,
            "erasures" => &mut self.erasures,
            _ => &mut self.deleted_contacts,
        }
    }

    fn pairs(&self) -> [(&'static str, u64); 6] {
        [
            ("contacts", self.contacts),
            ("contact_topics", self.contact_topics),
            ("contact_articles", self.contact_articles),
            ("articles", self.articles),
            ("deleted_contacts", self.deleted_contacts),
            ("erasures", self.erasures),
        ]
    }

    /// The first table whose count differs: (table, here, there).
    pub fn first_difference(&self, other: &RowCounts) -> Option<(&'static str, u64, u64)> {
        self.pairs()
            .into_iter()
            .zip(other.pairs())
            .find(|((_, a), (_, b))| a != b)
            .map(|((t, a), (_, b))| (t, a, b))
    }
}

/// A topic code the bundle's contacts use, with its labels at the desk that wrote it (so a
/// coordinator whose config lacks the code can add it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicLabel {
    pub code: String,
    pub nl: String,
    pub en: String,
}

/// What a bundle says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manifest {
    pub format_version: u32,
    /// The database schema version the rows follow.
    pub schema_version: usize,
    /// The desks whose contacts it holds.
    pub desks: Vec<String>,
    /// The days it covers (`at` of its contacts), or `None` for every day.
    pub period: Option<(NaiveDate, NaiveDate)>,
    /// The period as it was asked for (`2026-11`, `2026-Q4`), when one was.
    pub period_label: Option<String>,
    #[serde(serialize_with = "stamp")]
    pub created_at: NaiveDateTime,
    /// The initials of who wrote it (empty when nobody was set).
    pub created_by: String,
    pub balie_version: String,
    pub rows: RowCounts,
    /// SHA-256 (hex) over every row of every table in a fixed order.
    pub checksum: String,
    pub topics: Vec<TopicLabel>,
    /// Made-up contacts from `balie demo` (the key `demo` = `true`): never merged into real data.
    pub demo: bool,
}

fn stamp<S: serde::Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.format(STAMP_FORMAT).to_string())
}

/// Why a manifest cannot be read: the reader turns these into a refusal.
#[derive(Debug)]
pub(super) enum ManifestProblem {
    /// Not ours: the `format` key is missing or names another format.
    Foreign(Foreign),
    /// From a newer balie.
    Newer(Newer),
    /// A key is missing or unreadable.
    Damaged(Damage),
}

impl Manifest {
    /// The manifest as key/value rows.
    pub(super) fn to_rows(&self) -> Vec<(String, String)> {
        let mut rows: Vec<(String, String)> = vec![
            ("format".into(), FORMAT.into()),
            ("format_version".into(), self.format_version.to_string()),
            ("schema_version".into(), self.schema_version.to_string()),
            ("desks".into(), json(&self.desks)),
            (
                "created_at".into(),
                self.created_at.format(STAMP_FORMAT).to_string(),
            ),
            ("created_by".into(), self.created_by.clone()),
            ("balie_version".into(), self.balie_version.clone()),
            ("checksum".into(), self.checksum.clone()),
            ("topics".into(), json(&self.topics)),
        ];
        if self.demo {
            rows.push(("demo".into(), "true".into()));
        }
        if let Some((from, to)) = self.period {
            rows.push(("period_from".into(), from.to_string()));
            rows.push(("period_to".into(), to.to_string()));
        }
        if let Some(label) = &self.period_label {
            rows.push(("period".into(), label.clone()));
        }
        for (table, n) in self.rows.pairs() {
            rows.push((format!("rows.{table}"), n.to_string()));
        }
        rows
    }

    /// Read the manifest back from its rows, checking the format and versions first.
    pub(super) fn from_rows(
        rows: &BTreeMap<String, String>,
        known_schema: usize,
    ) -> Result<Manifest, ManifestProblem> {
        use ManifestProblem::{Damaged, Foreign, Newer};
        match rows.get("format").map(String::as_str) {
            Some(FORMAT) => {}
            Some(other) => return Err(Foreign(super::Foreign::OtherFormat(other.to_string()))),
            None => return Err(Foreign(super::Foreign::NoFormat)),
        }
        let get = |key: &str| {
            rows.get(key)
                .ok_or_else(|| Damaged(Damage::NoKey(key.to_string())))
        };
        let number = |key: &str| -> Result<u64, ManifestProblem> {
            let v = get(key)?;
            v.parse().map_err(|_| {
                Damaged(Damage::NotANumber {
                    key: key.to_string(),
                    value: v.clone(),
                })
            })
        };
        let format_version = number("format_version")?;
        if format_version > u64::from(FORMAT_VERSION) {
            return Err(Newer(super::Newer::Format {
                found: format_version,
                known: FORMAT_VERSION,
            }));
        }
        let schema_version = number("schema_version")? as usize;
        if schema_version > known_schema {
            return Err(Newer(super::Newer::Schema {
                found: schema_version,
                known: known_schema,
            }));
        }
        let date = |key: &str| -> Result<Option<NaiveDate>, ManifestProblem> {
            rows.get(key)
                .map(|v| {
                    v.parse().map_err(|_| {
                        Damaged(Damage::BadValue {
                            key: key.to_string(),
                            value: v.clone(),
                        })
                    })
                })
                .transpose()
        };
        let period = match (date("period_from")?, date("period_to")?) {
            (Some(from), Some(to)) => Some((from, to)),
            (None, None) => None,
            _ => return Err(Damaged(Damage::HalfPeriod)),
        };
        let created = get("created_at")?;
        let created_at = NaiveDateTime::parse_from_str(created, STAMP_FORMAT).map_err(|_| {
            Damaged(Damage::BadValue {
                key: "created_at".into(),
                value: created.clone(),
            })
        })?;
        let mut counts = RowCounts::default();
        for (table, _) in RowCounts::default().pairs() {
            if table == "erasures" && format_version < 2 {
                continue;
            }
            *counts.slot(table) = number(&format!("rows.{table}"))?;
        }
        Ok(Manifest {
            format_version: format_version as u32,
            schema_version,
            desks: from_json(get("desks")?, "desks")?,
            period,
            period_label: rows.get("period").cloned(),
            created_at,
            created_by: get("created_by")?.clone(),
            balie_version: get("balie_version")?.clone(),
            rows: counts,
            checksum: get("checksum")?.clone(),
            topics: from_json(get("topics")?, "topics")?,
            demo: rows.get("demo").is_some_and(|v| v == "true"),
        })
    }

    /// One line for people: whose, which days, how many contacts, when and by whom.
    pub fn describe(&self) -> String {
        self.describe_in(&DESCRIBE_EN)
    }

    /// [`Manifest::describe`] in the words `w` (the command line has a Dutch set).
    pub fn describe_in(&self, w: &DescribeWords) -> String {
        let desks = match self.desks.as_slice() {
            [] => w.no_desk.to_string(),
            [one] => format!("{} {one}", w.desk),
            many => format!("{} {}", w.desks, many.join(", ")),
        };
        let days = match (&self.period_label, self.period) {
            (Some(label), Some((from, to))) if label != &format!("{from}..{to}") => {
                format!("{label} ({from} .. {to})")
            }
            (_, Some((from, to))) => format!("{from} .. {to}"),
            (_, None) => w.all_days.into(),
        };
        let by = if self.created_by.is_empty() {
            String::new()
        } else {
            format!(" {} {}", w.by, self.created_by)
        };
        let demo = if self.demo { w.demo } else { "" };
        format!(
            "{desks}, {days}, {}{demo}, {} {}{by}",
            (w.contacts)(self.rows.contacts),
            w.written,
            self.created_at.format("%Y-%m-%d %H:%M")
        )
    }
}

/// The words of [`Manifest::describe_in`].
pub struct DescribeWords {
    pub no_desk: &'static str,
    pub desk: &'static str,
    pub desks: &'static str,
    pub all_days: &'static str,
    pub by: &'static str,
    /// After the count, with its leading space.
    pub demo: &'static str,
    pub written: &'static str,
    /// "3 contact(s)".
    pub contacts: fn(u64) -> String,
}

/// The English words, also those of the audit log.
pub const DESCRIBE_EN: DescribeWords = DescribeWords {
    no_desk: "no desk",
    desk: "desk",
    desks: "desks",
    all_days: "all days",
    by: "by",
    demo: " (demo data)",
    written: "written",
    contacts: |n| format!("{n} contact(s)"),
};

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("plain data serialises")
}

fn from_json<T: for<'de> Deserialize<'de>>(v: &str, key: &str) -> Result<T, ManifestProblem> {
    serde_json::from_str(v).map_err(|e| {
        ManifestProblem::Damaged(Damage::BadValue {
            key: key.to_string(),
            value: e.to_string(),
        })
    })
}
