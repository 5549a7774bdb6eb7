//! `balie list`: the contacts of a day or a range of days, oldest first, as a table, CSV or
//! JSON (CSV and JSON are recorded in the audit log as exports).

use std::io::Write;

use super::errors::said;
use super::words::fail;
use anyhow::{Context, Result};
use chrono::NaiveDate;

use super::output::{self, Page, Table};
use super::words::Noun;
use crate::cli::Format;
use crate::cli::contacts::ListArgs;
use crate::config::Config;
use crate::domain::{AT_FORMAT, Contact};
use crate::report::export::Dialect;
use crate::store::{Filter, Store};
use crate::when;

/// The columns of `balie list --format csv`, in order. Topics are joined with `|`.
pub use crate::report::export::CONTACT_COLUMNS as LIST_COLUMNS;

fn list_row(c: &Contact) -> Vec<String> {
    let mut cells = Vec::with_capacity(LIST_COLUMNS.len());
    let _ = crate::report::export::contact_cells(c, &mut String::new(), |cell| {
        cells.push(cell.to_string());
        Ok::<(), std::convert::Infallible>(())
    });
    cells
}

/// The inclusive day range a list covers.
fn list_range(args: &ListArgs, today: NaiveDate) -> Result<(NaiveDate, NaiveDate)> {
    let day = |s: &str, what: &str| when::parse_day(s, today).with_context(|| format!("--{what}"));
    match (&args.date, &args.from, &args.to) {
        (Some(d), _, _) => {
            let d = day(d, "date")?;
            Ok((d, d))
        }
        (None, Some(f), Some(t)) => {
            let (f, t) = (day(f, "from")?, day(t, "to")?);
            if f > t {
                return Err(said(|l| fail::from_after_to(l, f, t)));
            }
            Ok((f, t))
        }
        _ => Ok((today, today)),
    }
}

/// Write the contacts; for CSV and JSON (machine-readable, so likely saved somewhere) return
/// what was exported, for the audit log.
pub fn list(
    args: &ListArgs,
    desk: Option<&str>,
    config: &Config,
    store: &Store,
    today: NaiveDate,
    out: &mut dyn Write,
) -> Result<Option<String>> {
    let (from, to) = list_range(args, today)?;
    let filter = Filter {
        desk: desk.map(str::to_string),
        ..Filter::days(from, to)
    };
    let exported = |format: &str, n: usize| {
        Some(format!(
            "list --format {format}, {from} .. {to}: {n} contact(s)"
        ))
    };
    match args.format.format {
        Format::Csv => {
            let mut w = output::Csv::start(out, &LIST_COLUMNS, Dialect::Rfc)?;
            let mut n = 0;
            store.for_each(&filter, |c| -> Result<()> {
                n += 1;
                Ok(w.row(&list_row(&c))?)
            })?;
            w.finish()?;
            Ok(exported("csv", n))
        }
        Format::Json => {
            let contacts = store.list(&filter)?;
            output::json(out, &contacts)?;
            Ok(exported("json", contacts.len()))
        }
        Format::Table => {
            let contacts = store.list(&filter)?;
            let rows: Vec<Vec<String>> = contacts
                .iter()
                .map(|c| {
                    vec![
                        c.at.format(AT_FORMAT).to_string(),
                        c.desk.clone(),
                        c.volunteer.clone(),
                        c.channel.clone(),
                        c.kind.code().to_string(),
                        c.topics
                            .iter()
                            .map(|t| config.topic_label(t, config.lang).to_string())
                            .collect::<Vec<_>>()
                            .join(", "),
                        c.landlord.clone(),
                        c.note.clone(),
                    ]
                })
                .collect();
            let header = [
                "at", "desk", "vol", "channel", "kind", "topics", "landlord", "note",
            ];
            let range = if from == to {
                from.to_string()
            } else {
                format!("{from} .. {to}")
            };
            let n = super::words::count(config.lang, contacts.len(), Noun::Contact);
            Page::new(Table::new(header).rows(rows))
                .below(format!("{n}, {range}"))
                .write(out, config.lang)?;
            Ok(None)
        }
    }
}
