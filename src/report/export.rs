//! Exports of the contacts themselves, one row per contact with stable, documented columns:
//! CSV (RFC 4180, or the dialect Dutch Excel opens by double-click) and xlsx; to a writer, or
//! atomically to a file (a temporary file in the same folder, renamed when complete).

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use std::collections::HashMap;

use chrono::Datelike;

use crate::config::Config;
use crate::domain::Contact;
use crate::files::{self, AtomicError};
use crate::store::{Cell, ExportedRow, Filter, Scope, Store, StoreError, columns};

use super::period::iso_week_label;
use super::{Period, ReportError};

/// The columns of `balie list --format csv`: everything stored about a contact that the
/// exports show ([`columns::COLUMNS`] marks which), the first release's in their places and
/// those added later at the end, so spreadsheets built on the older ones keep working.
pub const CONTACT_COLUMNS: [&str; columns::EXPORTED] = columns::EXPORTED_NAMES;

/// The columns the export derives from a contact, so a spreadsheet can pivot without
/// formulas: the ISO week, the month and the landlord's report group.
pub const DERIVED_COLUMNS: [&str; 3] = ["week", "month", "landlord_group"];

/// The columns of `balie export`: the first release's contact columns, then the
/// [`DERIVED_COLUMNS`], then the contact columns added later.
pub const EXPORT_COLUMNS: [&str; columns::EXPORTED + DERIVED_COLUMNS.len()] = {
    let mut out = [""; columns::EXPORTED + DERIVED_COLUMNS.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = if i < FIRST_COLUMNS {
            CONTACT_COLUMNS[i]
        } else if i < FIRST_COLUMNS + DERIVED_COLUMNS.len() {
            DERIVED_COLUMNS[i - FIRST_COLUMNS]
        } else {
            CONTACT_COLUMNS[i - DERIVED_COLUMNS.len()]
        };
        i += 1;
    }
    out
};

/// The UTF-8 byte order mark: tells Excel the file is UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The most contacts one xlsx sheet holds (its row limit, minus the header).
pub const XLSX_MAX_CONTACTS: u64 = 1_048_575;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportFormat {
    #[default]
    Csv,
    Xlsx,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

/// How CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// RFC 4180: commas, CRLF line ends, quotes where needed.
    #[default]
    Rfc,
    /// What Dutch Excel opens correctly by double-click: semicolons, a UTF-8 byte order mark,
    /// and cells that would run as a formula made harmless.
    ExcelNl,
}

/// What to export and how.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    pub format: ExportFormat,
    pub dialect: Dialect,
    /// Only these days; `None` exports every contact.
    pub period: Option<Period>,
    /// Only this desk's contacts.
    pub desk: Option<String>,
}

impl ExportOptions {
    /// The contacts to export.
    pub fn scope(&self) -> Scope {
        self.period
            .map_or_else(Scope::all, |p| Scope::days(p.from(), p.to()))
            .at_desk(self.desk.as_deref())
    }

    pub fn filter(&self) -> Filter {
        let mut f = match self.period {
            Some(p) => Filter::days(p.from(), p.to()),
            None => Filter::default(),
        };
        f.desk = self.desk.clone();
        f
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0} already exists; add --force to replace it, or choose another file name")]
    Exists(PathBuf),
    #[error("cannot create the export in the folder {dir}")]
    Create {
        dir: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("writing the export failed")]
    Write(#[source] io::Error),
    #[error("cannot build the spreadsheet")]
    Xlsx(#[source] rust_xlsxwriter::XlsxError),
    #[error(
        "{0} contacts do not fit in one spreadsheet sheet (at most 1,048,575): export a shorter \
         period, or use --format csv"
    )]
    TooMany(u64),
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        match e {
            rust_xlsxwriter::XlsxError::IoError(io) => ExportError::Write(io),
            other => ExportError::Xlsx(other),
        }
    }
}

/// A CSV writing error, keeping the underlying `io::Error` (a closed pipe is recognised).
fn csv_error(e: csv::Error) -> ExportError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => ExportError::Write(io),
        other => ExportError::Write(io::Error::other(format!("{other:?}"))),
    }
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
/// return before one) gets a leading `'`, which spreadsheets show as text.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if needs_neutralising(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

pub(crate) fn needs_neutralising(cell: &str) -> bool {
    formula_start(cell.as_bytes())
}

fn formula_start(cell: &[u8]) -> bool {
    matches!(
        cell.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// Call `cell` with each of a contact's [`CONTACT_COLUMNS`] in order. `buf` is scratch
/// space reused between contacts.
pub fn contact_cells<E>(
    c: &Contact,
    buf: &mut String,
    mut cell: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    stored_cells(c, buf, 0..columns::EXPORTED, &mut cell)
}

/// The cells of the exported values at `places` in export order.
fn stored_cells<E>(
    c: &Contact,
    buf: &mut String,
    places: std::ops::Range<usize>,
    mut cell: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    for &i in &columns::EXPORT_ORDER[places] {
        buf.clear();
        (columns::COLUMNS[i].cell)(c, buf);
        cell(buf)?;
    }
    Ok(())
}

/// Call `cell` with each of a contact's [`EXPORT_COLUMNS`] in order.
pub fn export_cells<E>(
    c: &Contact,
    config: &Config,
    buf: &mut String,
    mut cell: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    stored_cells(c, buf, 0..FIRST_COLUMNS, &mut cell)?;
    cell(&iso_week_label(c.at.date()))?;
    buf.clear();
    {
        use std::fmt::Write as _;
        let _ = write!(buf, "{:04}-{:02}", c.at.year(), c.at.month());
    }
    cell(buf)?;
    cell(landlord_group(config, &c.landlord))?;
    stored_cells(c, buf, FIRST_COLUMNS..columns::EXPORTED, &mut cell)
}

/// The report group of a landlord code; `onbekend` for a code the config no longer has.
pub fn landlord_group<'a>(config: &'a Config, code: &str) -> &'a str {
    config
        .landlord(code)
        .map_or("onbekend", |l| l.group.as_str())
}

/// How many of [`CONTACT_COLUMNS`] the first release had: the export writes its derived
/// columns (week, month, landlord group) after these, and the later contact columns after.
const FIRST_COLUMNS: usize = columns::FIRST_EXPORTED;

/// Where the value `name` is in [`CONTACT_COLUMNS`].
const fn place(name: &str) -> usize {
    let mut i = 0;
    while i < CONTACT_COLUMNS.len() {
        if CONTACT_COLUMNS[i].eq_ignore_ascii_case(name) {
            return i;
        }
        i += 1;
    }
    panic!("not an exported column")
}

/// Write the selected contacts as CSV to `out`, oldest first, streaming one row at a time.
/// Returns how many were written.
pub fn write_csv(
    store: &Store,
    config: &Config,
    opts: &ExportOptions,
    out: &mut dyn Write,
) -> Result<u64, ExportError> {
    write_csv_with_progress(store, config, opts, out, &mut |_| {})
}

/// [`write_csv`], telling `progress` how many contacts are written so far.
pub fn write_csv_with_progress(
    store: &Store,
    config: &Config,
    opts: &ExportOptions,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, ExportError> {
    let excel = opts.dialect == Dialect::ExcelNl;
    if excel {
        out.write_all(BOM).map_err(ExportError::Write)?;
    }
    let mut w = csv::WriterBuilder::new()
        .delimiter(if excel { b';' } else { b',' })
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(1 << 16)
        .from_writer(out);
    w.write_record(EXPORT_COLUMNS).map_err(csv_error)?;
    let groups: HashMap<&str, &str> = config
        .landlords
        .iter()
        .map(|l| (l.code.as_str(), l.group.as_str()))
        .collect();
    let (mut last_day, mut last_week) = (Vec::new(), String::new());
    let mut number = String::new();
    let mut n = 0u64;
    // The stored values are copied from SQLite's buffers (the store keeps each as the text
    // the export writes): building a `Contact` per row would be most of an export's time.
    let mut write_stored = |w: &mut csv::Writer<&mut dyn Write>,
                            row: &ExportedRow<'_, '_>,
                            places: std::ops::Range<usize>|
     -> Result<(), ExportError> {
        for i in places {
            let cell: &[u8] = match row.cell(i)? {
                Cell::Null => b"",
                Cell::Text(t) => t,
                Cell::Integer(v) => {
                    number.clear();
                    let _ = std::fmt::Write::write_fmt(&mut number, format_args!("{v}"));
                    number.as_bytes()
                }
                Cell::Real(v) => {
                    number.clear();
                    let _ = std::fmt::Write::write_fmt(&mut number, format_args!("{v}"));
                    number.as_bytes()
                }
            };
            write_cell(w, cell, excel)?;
        }
        Ok(())
    };
    store.each_exported(&opts.scope(), |row| {
        write_stored(&mut w, row, 0..FIRST_COLUMNS)?;
        let at = row.text(AT_COLUMN)?;
        let day = at.as_bytes().get(..10).unwrap_or_default();
        if day != last_day.as_slice() {
            let date = std::str::from_utf8(day)
                .ok()
                .and_then(|d| d.parse().ok())
                .ok_or_else(|| StoreError::Corrupt(format!("bad time `{at}`")))?;
            last_week = iso_week_label(date);
            last_day = day.to_vec();
        }
        write_cell(&mut w, last_week.as_bytes(), excel)?;
        write_cell(&mut w, at.as_bytes().get(..7).unwrap_or_default(), excel)?;
        let landlord = row.text(LANDLORD_COLUMN)?;
        write_cell(
            &mut w,
            groups
                .get(landlord)
                .copied()
                .unwrap_or("onbekend")
                .as_bytes(),
            excel,
        )?;
        write_stored(&mut w, row, FIRST_COLUMNS..CONTACT_COLUMNS.len())?;
        w.write_record(None::<&[u8]>).map_err(csv_error)?;
        n += 1;
        if n.is_multiple_of(512) {
            progress(n);
        }
        Ok::<_, ExportError>(())
    })?;
    w.flush().map_err(ExportError::Write)?;
    Ok(n)
}

/// Where `at` and `landlord` are in [`CONTACT_COLUMNS`].
const AT_COLUMN: usize = place("at");
const LANDLORD_COLUMN: usize = place("landlord");

fn write_cell<W: Write>(
    w: &mut csv::Writer<W>,
    cell: &[u8],
    excel: bool,
) -> Result<(), ExportError> {
    if excel && formula_start(cell) {
        let mut guarded = Vec::with_capacity(cell.len() + 1);
        guarded.push(b'\'');
        guarded.extend_from_slice(cell);
        w.write_field(guarded).map_err(csv_error)
    } else {
        w.write_field(cell).map_err(csv_error)
    }
}

/// Write the selected contacts in `opts.format` to `out` (standard output). An xlsx file is
/// built in memory first, then written.
pub fn write_to(
    store: &Store,
    config: &Config,
    opts: &ExportOptions,
    out: &mut dyn Write,
) -> Result<u64, ExportError> {
    match opts.format {
        ExportFormat::Csv => write_csv(store, config, opts, out),
        ExportFormat::Xlsx => {
            let mut buf = Vec::new();
            let n = super::xlsx::write(store, config, opts, &mut buf, None, &mut |_| {})?;
            out.write_all(&buf).map_err(ExportError::Write)?;
            Ok(n)
        }
    }
}

/// Write the selected contacts to `path` atomically: refused when it exists unless `force`;
/// the file appears complete or not at all, readable by its owner only.
pub fn export_to_file(
    store: &Store,
    config: &Config,
    opts: &ExportOptions,
    path: &Path,
    force: bool,
) -> Result<u64, ExportError> {
    export_to_file_with_progress(store, config, opts, path, force, &mut |_| {})
}

/// [`export_to_file`], telling `progress` how many contacts are written so far.
pub fn export_to_file_with_progress(
    store: &Store,
    config: &Config,
    opts: &ExportOptions,
    path: &Path,
    force: bool,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, ExportError> {
    let dir = files::folder_of(path).to_path_buf();
    write_atomically(path, force, |file| match opts.format {
        ExportFormat::Csv => {
            let n = write_csv_with_progress(store, config, opts, file, progress)?;
            Ok(n)
        }
        ExportFormat::Xlsx => super::xlsx::write(store, config, opts, file, Some(&dir), progress),
    })
}

/// Export into `folder` under a name that says which period it is: `balie-2026-W47.csv`
/// (`balie-all.csv` without a period), or `balie-2026-W47-2.csv` when that exists, and so on.
/// Never replaces a file. Returns the path written and the number of contacts in it. (The
/// overview screen's export key: `ExportFormat::Csv` with `Dialect::ExcelNl` opens in Dutch
/// Excel by double-click.)
pub fn export_to_folder(
    store: &Store,
    config: &Config,
    opts: &ExportOptions,
    folder: &Path,
) -> Result<(PathBuf, u64), ExportError> {
    let stem = opts
        .period
        .map_or_else(|| "balie-all".to_string(), |p| p.file_stem());
    first_free(folder, &stem, opts.format.extension(), |path| {
        export_to_file(store, config, opts, path, false)
    })
}

/// Write with `write` to `folder/stem.ext`, or `stem-2.ext`, `stem-3.ext`, ... when that
/// exists (up to 999): never over an earlier file. The path written and what `write` gave.
pub fn first_free<T>(
    folder: &Path,
    stem: &str,
    ext: &str,
    mut write: impl FnMut(&Path) -> Result<T, ExportError>,
) -> Result<(PathBuf, T), ExportError> {
    let mut last = None;
    for n in 1..=999 {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let path = folder.join(name);
        match write(&path) {
            Ok(value) => return Ok((path, value)),
            Err(ExportError::Exists(p)) => last = Some(p),
            Err(e) => return Err(e),
        }
    }
    Err(ExportError::Exists(
        last.unwrap_or_else(|| folder.to_path_buf()),
    ))
}

/// Write a file through a temporary file in the same folder, renamed over `path` only once
/// `write` has succeeded and the data is on disk (see [`files::write_atomically`]). Without
/// `force` an existing `path` is refused. The file is created readable by its owner only.
pub fn write_atomically<T>(
    path: &Path,
    force: bool,
    write: impl FnOnce(&mut File) -> Result<T, ExportError>,
) -> Result<T, ExportError> {
    files::write_atomically(path, force, ".balie-export-", |f, _| write(f)).map_err(|e| match e {
        AtomicError::Exists(p) => ExportError::Exists(p),
        AtomicError::Create { dir, source } => ExportError::Create { dir, source },
        AtomicError::Write(e) => ExportError::Write(e),
        AtomicError::Fill(e) => e,
    })
}
