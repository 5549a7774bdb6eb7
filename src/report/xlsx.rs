//! The xlsx export: a sheet with one row per contact (streamed, constant memory), a sheet with
//! the counts per ISO week x topic, and a stacked column chart of that grid.

use std::io::Write;
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{Chart, ChartType, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::config::Config;
use crate::domain::Contact;
use crate::store::{Store, StoreError};

use super::export::{
    EXPORT_COLUMNS, ExportError, ExportOptions, XLSX_MAX_CONTACTS, export_cells, needs_neutralising,
};
use super::{Dim, Period, Query, TOPIC_NOTE};

/// The sheet names (stable: spreadsheets may refer to them).
pub const CONTACTS_SHEET: &str = "contacts";
pub const GRID_SHEET: &str = "week x topic";

struct Formats {
    bold: Format,
    moment: Format,
    stamp: Format,
    date: Format,
    /// Shown as text even when it starts like a formula (Excel's quote prefix).
    guarded: Format,
}

/// Build the workbook and write it to `out`. `tempdir` holds the streamed sheet while it is
/// built (default: the system's temporary folder). Returns the number of contacts.
///
/// The spreadsheet library stops with a panic when it cannot write its streamed sheet (a full
/// disk); that is caught here and becomes an ordinary write error, so `balie export` says so
/// in one sentence and the desk screen stays up. Its own panic message is held back meanwhile.
pub(super) fn write<W: Write + Send>(
    store: &Store,
    config: &Config,
    opts: &ExportOptions,
    out: W,
    tempdir: Option<&Path>,
) -> Result<u64, ExportError> {
    use std::sync::{Arc, Mutex};
    let said: Arc<Mutex<Option<String>>> = Arc::default();
    let sink = Arc::clone(&said);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Ok(mut s) = sink.lock() {
            *s = Some(info.to_string());
        }
    }));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        write_unguarded(store, config, opts, out, tempdir)
    }));
    std::panic::set_hook(previous);
    result.unwrap_or_else(|_| {
        let what = said.lock().ok().and_then(|s| s.clone()).unwrap_or_default();
        let kind = if what.contains("StorageFull") || what.contains("No space left") {
            std::io::ErrorKind::StorageFull
        } else {
            std::io::ErrorKind::Other
        };
        Err(ExportError::Write(std::io::Error::new(
            kind,
            "the spreadsheet could not be written (is the disk full?)",
        )))
    })
}

fn write_unguarded<W: Write + Send>(
    store: &Store,
    config: &Config,
    opts: &ExportOptions,
    out: W,
    tempdir: Option<&Path>,
) -> Result<u64, ExportError> {
    let filter = opts.filter();
    let total = store.count(&filter)?;
    if total > XLSX_MAX_CONTACTS {
        return Err(ExportError::TooMany(total));
    }
    let f = Formats {
        bold: Format::new().set_bold(),
        moment: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        stamp: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        guarded: Format::new().set_quote_prefix(),
    };
    let mut wb = Workbook::new();
    if let Some(dir) = tempdir {
        wb.set_tempdir(dir)?;
    }
    let sheet = wb.add_worksheet_with_constant_memory()?;
    sheet.set_name(CONTACTS_SHEET)?;
    for (col, name) in EXPORT_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &f.bold)?;
    }
    for (col, width) in [
        (0u16, 28.0),
        (1, 16.0),
        (2, 26.0),
        (6, 22.0),
        (9, 40.0),
        (16, 19.0),
        (17, 19.0),
        (21, 26.0),
        (22, 19.0),
    ] {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let mut row: u32 = 0;
    let mut buf = String::new();
    store.for_each(&filter, |c| -> Result<(), ExportError> {
        row += 1;
        contact_row(sheet, &f, config, &c, row, &mut buf)?;
        Ok(())
    })?;
    sheet.autofilter(0, 0, row, EXPORT_COLUMNS.len() as u16 - 1)?;

    let range = match opts.period {
        Some(p) => Some(p),
        None => span_of(store, opts)?,
    };
    let grid = wb.add_worksheet();
    grid.set_name(GRID_SHEET)?;
    if let Some(period) = range {
        week_topic_grid(grid, &f, store, config, opts, &period)?;
    }
    wb.save_to_writer(out)?;
    Ok(u64::from(row))
}

fn excel_moment(t: NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?.and_hms(
        t.hour() as u16,
        t.minute() as u8,
        t.second(),
    )
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// One contact's row: moments and dates as real dates, minutes as a number, the rest as
/// text (formula-like text marked as text).
fn contact_row(
    sheet: &mut Worksheet,
    f: &Formats,
    config: &Config,
    c: &Contact,
    row: u32,
    buf: &mut String,
) -> Result<(), XlsxError> {
    let mut col: u16 = 0;
    export_cells(c, config, buf, |cell| {
        match EXPORT_COLUMNS[col as usize] {
            "at" => {
                sheet.write_datetime_with_format(row, col, excel_moment(c.at)?, &f.moment)?;
            }
            "created_at" => {
                sheet.write_datetime_with_format(
                    row,
                    col,
                    excel_moment(c.created_at)?,
                    &f.stamp,
                )?;
            }
            "updated_at" => {
                sheet.write_datetime_with_format(
                    row,
                    col,
                    excel_moment(c.updated_at)?,
                    &f.stamp,
                )?;
            }
            "follow_up_done" => {
                if let Some(done) = c.follow_up_done {
                    sheet.write_datetime_with_format(row, col, excel_moment(done)?, &f.stamp)?;
                }
            }
            "follow_up" => {
                if let Some(d) = c.follow_up {
                    sheet.write_datetime_with_format(row, col, excel_date(d)?, &f.date)?;
                }
            }
            "minutes" => {
                if let Some(m) = c.minutes {
                    sheet.write_number(row, col, m)?;
                }
            }
            _ if cell.is_empty() => {}
            _ if needs_neutralising(cell) => {
                sheet.write_string_with_format(row, col, cell, &f.guarded)?;
            }
            _ => {
                sheet.write_string(row, col, cell)?;
            }
        }
        col += 1;
        Ok(())
    })
}

/// The days from the first to the last selected contact, when there are any.
fn span_of(store: &Store, opts: &ExportOptions) -> Result<Option<Period>, ExportError> {
    let mut sql = super::query::Sql {
        text: "SELECT min(c.at), max(c.at) FROM contacts c".into(),
        ..Default::default()
    };
    if let Some(desk) = &opts.desk {
        let d = sql.bind(desk.clone());
        sql.text.push_str(&format!(" WHERE c.desk = {d}"));
    }
    let (min, max): (Option<String>, Option<String>) = store
        .conn()
        .query_row(&sql.text, rusqlite::params_from_iter(&sql.params), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(StoreError::from)?;
    let day =
        |s: Option<String>| s.and_then(|s| s.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()));
    Ok(match (day(min), day(max)) {
        (Some(a), Some(b)) => Period::range(a, b).ok(),
        _ => None,
    })
}

/// Weeks down, topics across (the topics that occur), the week's contacts at the right,
/// and a stacked column chart beside it.
fn week_topic_grid(
    grid: &mut Worksheet,
    f: &Formats,
    store: &Store,
    config: &Config,
    opts: &ExportOptions,
    period: &Period,
) -> Result<(), ExportError> {
    let by_topic = super::run(
        store,
        config,
        &Query {
            period: *period,
            by: vec![Dim::Week, Dim::Topic],
            desk: opts.desk.clone(),
        },
    )?;
    let by_week = super::run(
        store,
        config,
        &Query {
            period: *period,
            by: vec![Dim::Week],
            desk: opts.desk.clone(),
        },
    )?;
    let weeks = period.weeks();
    // The topics that occur, in the report's (config) order.
    let mut topics: Vec<String> = Vec::new();
    for r in &by_topic.rows {
        if r.counts.contacts > 0 && !topics.contains(&r.keys[1]) {
            topics.push(r.keys[1].clone());
        }
    }
    let order: Vec<String> = by_topic.rows.iter().map(|r| r.keys[1].clone()).collect();
    topics.sort_by_key(|t| order.iter().position(|o| o == t));
    grid.write_string_with_format(0, 0, "week", &f.bold)?;
    grid.write_string_with_format(0, 1, "from", &f.bold)?;
    for (j, t) in topics.iter().enumerate() {
        grid.write_string_with_format(0, 2 + j as u16, t, &f.bold)?;
    }
    let total_col = 2 + topics.len() as u16;
    grid.write_string_with_format(0, total_col, "contacts", &f.bold)?;
    for (i, (label, monday)) in weeks.iter().enumerate() {
        let row = 1 + i as u32;
        grid.write_string(row, 0, label)?;
        grid.write_datetime_with_format(row, 1, excel_date(*monday)?, &f.date)?;
        for (j, t) in topics.iter().enumerate() {
            let n = by_topic.get(&[label, t]).map_or(0, |c| c.contacts);
            grid.write_number(row, 2 + j as u16, n as f64)?;
        }
        let n = by_week.get(&[label]).map_or(0, |c| c.contacts);
        grid.write_number(row, total_col, n as f64)?;
    }
    let last = weeks.len() as u32;
    grid.write_string(last + 2, 0, format!("period: {}", period.describe()))?;
    grid.write_string(last + 3, 0, format!("note: {TOPIC_NOTE}"))?;
    grid.set_column_width(1, 11.0)?;
    grid.set_freeze_panes(1, 1)?;
    if topics.is_empty() || weeks.is_empty() {
        return Ok(());
    }
    let mut chart = Chart::new(ChartType::ColumnStacked);
    for (j, t) in topics.iter().enumerate() {
        let col = 2 + j as u16;
        chart
            .add_series()
            .set_categories((GRID_SHEET, 1, 0, last, 0))
            .set_values((GRID_SHEET, 1, col, last, col))
            .set_name(super::query::value_label(config, Dim::Topic, t));
    }
    chart.title().set_name(&format!(
        "Contacts per week and topic, {}",
        period.describe()
    ));
    chart.y_axis().set_name("contacts");
    chart.set_width(960).set_height(480);
    grid.insert_chart(1, total_col + 2, &chart)?;
    Ok(())
}
