//! The xlsx export: a sheet with one row per contact (streamed, constant memory), then the
//! contacts per ISO week with their chart, and the topics per week (as mentions) with theirs.

use std::io::Write;
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartSolidFill, ChartType, Color, ExcelDateTime, Format, Workbook,
    Worksheet, XlsxError,
};

use crate::config::Config;
use crate::domain::Contact;
use crate::store::Store;

use super::export::{
    EXPORT_COLUMNS, ExportError, ExportOptions, XLSX_MAX_CONTACTS, export_cells, needs_neutralising,
};
use super::words::{Words, fill, words};
use super::{Dim, Period, Query};

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
    progress: &mut dyn FnMut(u64),
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
        write_unguarded(store, config, opts, out, tempdir, progress)
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
    progress: &mut dyn FnMut(u64),
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
    sheet.set_name(words(config.lang).sheet_contacts)?;
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
        if row.is_multiple_of(512) {
            progress(u64::from(row));
        }
        contact_row(sheet, &f, config, &c, row, &mut buf)?;
        Ok(())
    })?;
    sheet.autofilter(0, 0, row, EXPORT_COLUMNS.len() as u16 - 1)?;

    // a period that was asked for cuts its end weeks short; the days with contacts do not
    let range = match opts.period {
        Some(p) => Some((p, true)),
        None => span_of(store, opts)?.map(|p| (p, false)),
    };
    summary_sheets(&mut wb, &f, store, config, opts, range)?;
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
    let (min, max) =
        store.contact_span(&crate::store::Scope::all().at_desk(opts.desk.as_deref()))?;
    let day =
        |s: Option<String>| s.and_then(|s| s.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()));
    Ok(match (day(min), day(max)) {
        (Some(a), Some(b)) => Period::range(a, b).ok(),
        _ => None,
    })
}

/// How many topics the topic chart names; the rest are one "other" stack.
pub const TOP_TOPICS: usize = 8;

/// Fill colours for the topic stacks, all distinguishable (Okabe-Ito, for colour-blind
/// readers too), then grey for "other".
const TOPIC_COLOURS: [u32; TOP_TOPICS + 1] = [
    0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7, 0x56B4E9, 0xD55E00, 0xF0E442, 0x332288, 0x999999,
];

/// A4 landscape, everything on one page.
fn one_a4_page(sheet: &mut Worksheet) {
    sheet
        .set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 1);
}

/// Column widths that fit each header (and the dates and numbers under it).
fn fit_headers(sheet: &mut Worksheet, headers: &[&str]) -> Result<(), XlsxError> {
    for (col, h) in headers.iter().enumerate() {
        let width = (h.chars().count() + 2).max(11) as f64;
        sheet.set_column_width(col as u16, width)?;
    }
    Ok(())
}

/// The weeks of the chart: the ISO label, marked when only some of its days are in the
/// period, and the days of it that are.
fn chart_weeks(
    period: &Period,
    clip: bool,
    w: &Words,
) -> Vec<(String, String, NaiveDate, NaiveDate, bool)> {
    period
        .weeks()
        .into_iter()
        .map(|(label, monday)| {
            let sunday = monday + chrono::Duration::days(6);
            let (from, to) = if clip {
                (monday.max(period.from()), sunday.min(period.to()))
            } else {
                (monday, sunday)
            };
            let partial = (from, to) != (monday, sunday);
            let shown = if partial {
                format!("{label}{}", w.partial_mark)
            } else {
                label.clone()
            };
            (label, shown, from, to, partial)
        })
        .collect()
}

/// Two summary sheets, each with its chart and on one A4 page: the contacts per week (the
/// chart's one series is that column, so it adds up to the contacts), and the topics per week
/// as mentions (the most mentioned topics and "other", labelled as mentions, not contacts).
/// Partial weeks at the ends of the period are marked. Sheet names, headers and titles follow
/// the language.
fn summary_sheets(
    wb: &mut Workbook,
    f: &Formats,
    store: &Store,
    config: &Config,
    opts: &ExportOptions,
    range: Option<(Period, bool)>,
) -> Result<(), ExportError> {
    let w = words(config.lang);
    let weeks_sheet = wb.add_worksheet();
    weeks_sheet.set_name(w.sheet_weeks)?;
    one_a4_page(weeks_sheet);
    let headers = [w.week, w.from, w.to, w.contacts, w.whole_week];
    for (col, h) in headers.iter().enumerate() {
        weeks_sheet.write_string_with_format(0, col as u16, *h, &f.bold)?;
    }
    fit_headers(weeks_sheet, &headers)?;
    weeks_sheet.set_column_width(4, 34.0)?;
    weeks_sheet.set_freeze_panes(1, 1)?;
    let Some((period, clip)) = range else {
        wb.add_worksheet().set_name(w.sheet_topics)?;
        return Ok(());
    };
    let weeks = chart_weeks(&period, clip, w);
    let by_week = super::run(
        store,
        config,
        &Query {
            period,
            by: vec![Dim::Week],
            desk: opts.desk.clone(),
        },
    )?;
    for (i, (label, shown, from, to, partial)) in weeks.iter().enumerate() {
        let row = 1 + i as u32;
        weeks_sheet.write_string(row, 0, shown)?;
        weeks_sheet.write_datetime_with_format(row, 1, excel_date(*from)?, &f.date)?;
        weeks_sheet.write_datetime_with_format(row, 2, excel_date(*to)?, &f.date)?;
        let n = by_week.get(&[label]).map_or(0, |c| c.contacts);
        weeks_sheet.write_number(row, 3, n as f64)?;
        let whole = if *partial {
            fill(w.part_of_week, &[&format!("{from} .. {to}")])
        } else {
            w.yes.to_string()
        };
        weeks_sheet.write_string(row, 4, whole)?;
    }
    let last = weeks.len() as u32;
    weeks_sheet.write_string(last + 2, 0, format!("{}: {}", w.period, period.describe()))?;
    if weeks.iter().any(|wk| wk.4) {
        weeks_sheet.write_string(last + 3, 0, w.partial_note)?;
    }
    if !weeks.is_empty() {
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_categories((w.sheet_weeks, 1, 0, last, 0))
            .set_values((w.sheet_weeks, 1, 3, last, 3))
            .set_name(w.contacts)
            .set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(TOPIC_COLOURS[0]))),
            );
        chart
            .title()
            .set_name(&fill(w.chart_contacts, &[&period.describe()]));
        chart.y_axis().set_name(w.contacts);
        chart.x_axis().set_name(w.week);
        chart.legend().set_hidden();
        chart.set_width(720).set_height(400);
        weeks_sheet.insert_chart(1, 6, &chart)?;
    }

    let topics_sheet = wb.add_worksheet();
    topics_sheet.set_name(w.sheet_topics)?;
    one_a4_page(topics_sheet);
    let by_topic = super::run(
        store,
        config,
        &Query {
            period,
            by: vec![Dim::Week, Dim::Topic],
            desk: opts.desk.clone(),
        },
    )?;
    // The topics by their mentions in the whole period, most first (config order on a tie).
    let mut mentions: Vec<(String, u64)> = Vec::new();
    for r in &by_topic.rows {
        match mentions.iter_mut().find(|(t, _)| *t == r.keys[1]) {
            Some((_, n)) => *n += r.counts.contacts,
            None => mentions.push((r.keys[1].clone(), r.counts.contacts)),
        }
    }
    mentions.retain(|(_, n)| *n > 0);
    mentions.sort_by_key(|m| std::cmp::Reverse(m.1));
    let named: Vec<String> = if mentions.len() > TOP_TOPICS + 1 {
        mentions[..TOP_TOPICS]
            .iter()
            .map(|(t, _)| t.clone())
            .collect()
    } else {
        mentions.iter().map(|(t, _)| t.clone()).collect()
    };
    let has_other = mentions.len() > named.len();
    let mut columns: Vec<String> = named
        .iter()
        .map(|t| super::query::value_label(config, Dim::Topic, t).to_string())
        .collect();
    if has_other {
        columns.push(w.other_topics.to_string());
    }
    let mut headers: Vec<&str> = vec![w.week];
    headers.extend(columns.iter().map(String::as_str));
    headers.push(w.mentions);
    for (col, h) in headers.iter().enumerate() {
        topics_sheet.write_string_with_format(0, col as u16, *h, &f.bold)?;
    }
    fit_headers(topics_sheet, &headers)?;
    topics_sheet.set_freeze_panes(1, 1)?;
    let total_col = headers.len() as u16 - 1;
    for (i, (label, shown, ..)) in weeks.iter().enumerate() {
        let row = 1 + i as u32;
        topics_sheet.write_string(row, 0, shown)?;
        let mut sum = 0;
        let mut other = 0;
        for r in by_topic.rows.iter().filter(|r| &r.keys[0] == label) {
            sum += r.counts.contacts;
            match named.iter().position(|t| *t == r.keys[1]) {
                Some(j) => {
                    topics_sheet.write_number(row, 1 + j as u16, r.counts.contacts as f64)?;
                }
                None => other += r.counts.contacts,
            }
        }
        if has_other {
            topics_sheet.write_number(row, 1 + named.len() as u16, other as f64)?;
        }
        topics_sheet.write_number(row, total_col, sum as f64)?;
    }
    topics_sheet.write_string(last + 2, 0, format!("{}: {}", w.period, period.describe()))?;
    topics_sheet.write_string(last + 3, 0, format!("{}: {}", w.note, w.mentions_note))?;
    if weeks.iter().any(|wk| wk.4) {
        topics_sheet.write_string(last + 4, 0, w.partial_note)?;
    }
    if columns.is_empty() || weeks.is_empty() {
        return Ok(());
    }
    let mut chart = Chart::new(ChartType::ColumnStacked);
    for (j, name) in columns.iter().enumerate() {
        let col = 1 + j as u16;
        let colour = if has_other && j == columns.len() - 1 {
            TOPIC_COLOURS[TOP_TOPICS]
        } else {
            TOPIC_COLOURS[j]
        };
        chart
            .add_series()
            .set_categories((w.sheet_topics, 1, 0, last, 0))
            .set_values((w.sheet_topics, 1, col, last, col))
            .set_name(name)
            .set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(colour))),
            );
    }
    let shown = named.len().to_string();
    chart
        .title()
        .set_name(&fill(w.chart_topics, &[&shown, &period.describe()]));
    chart.y_axis().set_name(w.mentions);
    chart.x_axis().set_name(w.week);
    chart.set_width(720).set_height(400);
    topics_sheet.insert_chart(last + 6, 0, &chart)?;
    Ok(())
}
