//! A report as the lines people read: its rows, optionally a subtotal after each value of the
//! first dimension (`--by desk,topic --subtotals`), and the total; and that report as a
//! counts-only xlsx file (no notes, no resident codes: only numbers per combination).

use std::io::Write;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::query::value_label;
use super::words::words;
use super::{Counts, Report};
use crate::config::Config;

/// What a line of a report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Row,
    /// Every contact of the first dimension's value once (its other keys are empty).
    Subtotal,
    /// Every contact once (all keys empty).
    Total,
}

/// One line: the dimension values (codes), the counts, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub keys: Vec<String>,
    pub counts: Counts,
    pub kind: LineKind,
}

/// The report's lines in order. `subtotals` is the same report by its first dimension only:
/// a subtotal line follows each run of rows with the same first value.
pub fn lines(report: &Report, subtotals: Option<&Report>) -> Vec<Line> {
    let n = report.by.len();
    let mut out = Vec::with_capacity(report.rows.len() + 8);
    let subtotal = |value: &str| -> Option<Line> {
        let sub = subtotals?;
        let counts = sub.get(&[value]).unwrap_or_default();
        let mut keys = vec![value.to_string()];
        keys.resize(n, String::new());
        Some(Line {
            keys,
            counts,
            kind: LineKind::Subtotal,
        })
    };
    for (i, r) in report.rows.iter().enumerate() {
        out.push(Line {
            keys: r.keys.clone(),
            counts: r.counts,
            kind: LineKind::Row,
        });
        let next = report.rows.get(i + 1).map(|r| &r.keys[0]);
        if n > 1 && next != Some(&r.keys[0]) {
            out.extend(subtotal(&r.keys[0]));
        }
    }
    out.push(Line {
        keys: vec![String::new(); n],
        counts: report.total,
        kind: LineKind::Total,
    });
    out
}

/// The report as an xlsx workbook of counts only: a title line with the period and desk,
/// a header (in the configured language), one row per line (subtotals and the total in bold).
pub fn write_xlsx<W: Write + Send>(
    report: &Report,
    lines: &[Line],
    config: &Config,
    scope: &str,
    out: W,
) -> Result<(), XlsxError> {
    let w = words(config.lang);
    let bold = Format::new().set_bold();
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name(w.sheet_report)?;
    sheet
        .set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    sheet.write_string_with_format(
        0,
        0,
        format!("{}, {scope}", report.period.describe()),
        &bold,
    )?;
    let residents = report.residents_used();
    let mut header: Vec<String> = report
        .by
        .iter()
        .map(|d| w.dim(d.column()).to_string())
        .collect();
    header.push(w.contacts.to_string());
    if residents {
        header.push(w.residents.to_string());
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for (col, h) in header.iter().enumerate() {
        sheet.write_string_with_format(2, col as u16, h, &bold)?;
    }
    let n = report.by.len();
    for (i, line) in lines.iter().enumerate() {
        let row = 3 + i as u32;
        let strong = line.kind != LineKind::Row;
        for (col, (dim, key)) in report.by.iter().zip(&line.keys).enumerate() {
            let text = match (line.kind, col) {
                (LineKind::Total, 0) => w.total.to_string(),
                (LineKind::Subtotal, 1) => w.subtotal.to_string(),
                _ => value_label(config, *dim, key).to_string(),
            };
            widths[col] = widths[col].max(text.chars().count());
            if strong {
                sheet.write_string_with_format(row, col as u16, &text, &bold)?;
            } else {
                sheet.write_string(row, col as u16, &text)?;
            }
        }
        if n == 0 {
            sheet.write_string_with_format(row, 0, w.total, &bold)?;
        }
        let col = n.max(1) as u16;
        let counts = [
            Some(line.counts.contacts),
            residents.then_some(line.counts.residents),
        ];
        for (j, v) in counts.into_iter().flatten().enumerate() {
            if strong {
                sheet.write_number_with_format(row, col + j as u16, v as f64, &bold)?;
            } else {
                sheet.write_number(row, col + j as u16, v as f64)?;
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, (*width + 2).max(10) as f64)?;
    }
    sheet.set_freeze_panes(3, 0)?;
    wb.save_to_writer(out)?;
    Ok(())
}
