//! Export tests: CSV round trips in both dialects, formula neutralising, the xlsx workbook,
//! and atomic writes that leave nothing behind on failure.

use std::io::{self, Read, Write};
use std::path::Path;

use chrono::NaiveDateTime;

use super::export::*;
use super::period::Period;
use crate::config::Config;
use crate::domain::{AT_FORMAT, Contact};
use crate::store::Store;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
}

/// Notes that break naive CSV and spreadsheets.
const NOTES: [&str; 6] = [
    "brief, \"huurverhoging\" en; puntentelling",
    "eerste regel\ntweede regel\r\nderde",
    "=HYPERLINK(\"http://x\";\"klik\")",
    "+31 20 123",
    "-5 euro",
    "@buren",
];

fn store_with_notes() -> (Store, Vec<Contact>) {
    let mut store = Store::open_in_memory().unwrap();
    let config = Config::shipped();
    let mut out = Vec::new();
    for (i, note) in NOTES.iter().enumerate() {
        let mut c = Contact::bare(
            at(&format!("2026-12-{:02} 10:{i:02}", 28 + i.min(3))),
            "Buurtwerkkamer MultiBron",
            "AB",
            vec!["huur".into(), "onderhoud".into()],
            at("2027-01-05 09:00"),
        );
        c.note = note.to_string();
        c.minutes = Some(i as u32 * 5);
        c.landlord = "ymere".into();
        c.resident = Some(format!("R-00{i}"));
        c.validate(&config).unwrap();
        // validate trims; keep the inner newlines and the leading characters
        assert_eq!(c.note, note.trim());
        store.insert(&c).unwrap();
        out.push(c);
    }
    (store, out)
}

fn csv_of(store: &Store, opts: &ExportOptions) -> Vec<u8> {
    let mut out = Vec::new();
    write_csv(store, &Config::shipped(), opts, &mut out).unwrap();
    out
}

#[test]
fn rfc_csv_round_trips_commas_quotes_and_newlines() {
    let (store, contacts) = store_with_notes();
    let bytes = csv_of(&store, &ExportOptions::default());
    assert!(bytes.starts_with(b"id,at,desk,"));
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "RFC 4180 line ends");
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        EXPORT_COLUMNS
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), contacts.len());
    for (row, c) in rows.iter().zip(&contacts) {
        assert_eq!(&row[0], c.id.0);
        assert_eq!(&row[1], c.at.format(AT_FORMAT).to_string());
        assert_eq!(&row[6], "huur|onderhoud");
        assert_eq!(&row[7], "ymere");
        assert_eq!(&row[8], c.minutes.unwrap().to_string());
        // The note comes back byte for byte, not neutralised in the RFC dialect.
        assert_eq!(&row[9], c.note);
        assert_eq!(&row[13], c.resident.as_deref().unwrap());
        assert_eq!(&row[20], "corporatie");
    }
    // 28 December 2026 is in 2026-W53, 31 December too.
    assert_eq!(&rows[0][18], "2026-W53");
    assert_eq!(&rows[0][19], "2026-12");
}

#[test]
fn the_dutch_excel_dialect_has_a_bom_semicolons_and_harmless_formulas() {
    let (store, contacts) = store_with_notes();
    let opts = ExportOptions {
        dialect: Dialect::ExcelNl,
        ..ExportOptions::default()
    };
    let bytes = csv_of(&store, &opts);
    assert!(bytes.starts_with(BOM));
    assert!(bytes[BOM.len()..].starts_with(b"id;at;desk;volunteer;"));
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[BOM.len()..]);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), contacts.len());
    let notes: Vec<&str> = rows.iter().map(|r| &r[9]).collect();
    assert_eq!(
        notes,
        vec![
            "brief, \"huurverhoging\" en; puntentelling",
            "eerste regel\ntweede regel\r\nderde",
            "'=HYPERLINK(\"http://x\";\"klik\")",
            "'+31 20 123",
            "'-5 euro",
            "'@buren",
        ]
    );
    // Codes and moments are untouched.
    assert_eq!(&rows[0][1], "2026-12-28 10:00");
    assert_eq!(&rows[5][1], "2026-12-31 10:05");
    assert_eq!(&rows[0][6], "huur|onderhoud");
}

#[test]
fn neutralise_marks_only_formula_starts() {
    assert_eq!(neutralise("=1+2"), "'=1+2");
    assert_eq!(neutralise("+1"), "'+1");
    assert_eq!(neutralise("-1"), "'-1");
    assert_eq!(neutralise("@x"), "'@x");
    assert_eq!(neutralise("\t=1"), "'\t=1");
    assert_eq!(neutralise("a=1"), "a=1");
    assert_eq!(neutralise("2026-12-28"), "2026-12-28");
    assert_eq!(neutralise(""), "");
}

#[test]
fn a_period_and_a_desk_select_the_rows() {
    let (mut store, _) = store_with_notes();
    let mut other = Contact::bare(
        at("2026-12-29 11:00"),
        "WSWonen Noord",
        "CD",
        vec!["taal".into()],
        at("2027-01-05 09:00"),
    );
    other.validate(&Config::shipped()).unwrap();
    store.insert(&other).unwrap();
    let count = |opts: ExportOptions| {
        let bytes = csv_of(&store, &opts);
        csv::Reader::from_reader(bytes.as_slice()).records().count()
    };
    assert_eq!(count(ExportOptions::default()), 7);
    let day = Period::parse("2026-12-29").ok();
    // 29 December: the second note contact and the other desk's.
    assert_eq!(
        count(ExportOptions {
            period: day,
            ..Default::default()
        }),
        2
    );
    let noord = Some("WSWonen Noord".to_string());
    assert_eq!(
        count(ExportOptions {
            desk: noord,
            ..Default::default()
        }),
        1
    );
}

/// A writer that fails like a closed pipe after `ok` bytes.
struct ClosedPipe {
    ok: usize,
}

impl Write for ClosedPipe {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.ok == 0 {
            return Err(io::Error::from(io::ErrorKind::BrokenPipe));
        }
        let n = buf.len().min(self.ok);
        self.ok -= n;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_closed_pipe_keeps_its_io_error_in_the_chain() {
    let (store, _) = store_with_notes();
    let e = write_csv(
        &store,
        &Config::shipped(),
        &ExportOptions::default(),
        &mut ClosedPipe { ok: 10 },
    )
    .unwrap_err();
    assert!(
        matches!(&e, ExportError::Write(io) if io.kind() == io::ErrorKind::BrokenPipe),
        "{e:?}"
    );
    let any = anyhow::Error::from(e);
    assert!(any.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    }));
}

fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The `s` (style) attribute of the cell whose inline text is `text`.
fn style_of_cell(sheet: &str, text: &str) -> usize {
    let pos = sheet
        .find(&format!("<t>{text}</t>"))
        .or_else(|| sheet.find(&format!("<t xml:space=\"preserve\">{text}</t>")));
    let pos = pos.unwrap_or_else(|| panic!("no cell with {text}"));
    let cell = &sheet[sheet[..pos].rfind("<c ").unwrap()..pos];
    let s = cell
        .split(" s=\"")
        .nth(1)
        .expect("a style")
        .split('"')
        .next()
        .unwrap();
    s.parse().unwrap()
}

#[test]
fn xlsx_has_the_contacts_a_week_by_topic_sheet_and_a_chart() {
    let (store, contacts) = store_with_notes();
    let opts = ExportOptions {
        format: ExportFormat::Xlsx,
        period: Period::parse("2026-W53").ok(),
        ..ExportOptions::default()
    };
    let mut bytes = Vec::new();
    let n = write_to(&store, &Config::shipped(), &opts, &mut bytes).unwrap();
    assert_eq!(n, contacts.len() as u64);
    let workbook = zip_entry(&bytes, "xl/workbook.xml");
    assert!(workbook.contains("name=\"contacten\""), "{workbook}");
    assert!(
        workbook.contains("name=\"contacten per week\""),
        "{workbook}"
    );
    assert!(
        workbook.contains("name=\"onderwerpen per week\""),
        "{workbook}"
    );
    let sheet = zip_entry(&bytes, "xl/worksheets/sheet1.xml");
    assert!(!sheet.contains("<f>"), "no formulas in the contacts sheet");
    // Formula-like notes are stored as text with Excel's quote prefix; plain notes are not.
    let styles = zip_entry(&bytes, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xf: Vec<&str> = xfs.split("<xf ").skip(1).collect();
    let guarded = style_of_cell(&sheet, "@buren");
    assert!(xf[guarded].contains("quotePrefix=\"1\""), "{}", xf[guarded]);
    assert_eq!(style_of_cell(&sheet, "-5 euro"), guarded);
    assert!(sheet.contains("<t>huur|onderhoud</t>"));
    // The grid: one row for 2026-W53 and the two topics that occur.
    let strings = zip_entry(&bytes, "xl/sharedStrings.xml");
    for s in [
        "2026-W53",
        "Onderhoud en gebreken",
        "contacten",
        "vermeldingen",
    ] {
        assert!(strings.contains(&format!(">{s}<")), "{s} in {strings}");
    }
    let chart = zip_entry(&bytes, "xl/charts/chart2.xml");
    assert!(
        chart.contains("<c:grouping val=\"stacked\"/>"),
        "a stacked column chart"
    );
    assert!(
        chart.contains("<c:f>'onderwerpen per week'!$B$2</c:f>"),
        "{chart}"
    );
    assert!(
        chart.contains("<c:v>Huurprijs en servicekosten</c:v>"),
        "series named by label"
    );
}

#[test]
fn a_failed_write_leaves_nothing_and_keeps_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    let failing = |f: &mut std::fs::File| -> Result<(), ExportError> {
        f.write_all(b"half a file").unwrap();
        Err(ExportError::Write(io::Error::other("disk full")))
    };
    assert!(write_atomically(&path, false, failing).is_err());
    assert!(!path.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary file left"
    );
    // With --force over an existing file, a failure keeps the old file as it was.
    std::fs::write(&path, "old").unwrap();
    assert!(write_atomically(&path, true, failing).is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn an_existing_file_is_refused_without_force_and_replaced_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    std::fs::write(&path, "old").unwrap();
    let write = |f: &mut std::fs::File| f.write_all(b"new").map_err(ExportError::Write);
    let e = write_atomically(&path, false, write).unwrap_err();
    assert!(matches!(&e, ExportError::Exists(p) if p == &path));
    assert!(e.to_string().contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    write_atomically(&path, true, write).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// Tests run as root, where a read-only folder is still writable. A folder that cannot be
/// written by anyone is a path whose parent is a regular file.
#[test]
fn an_unwritable_folder_fails_cleanly_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let (store, _) = store_with_notes();
    let target = file.join("export.csv");
    let e = export_to_file(
        &store,
        &Config::shipped(),
        &ExportOptions::default(),
        &target,
        false,
    )
    .unwrap_err();
    assert!(matches!(e, ExportError::Create { .. }), "{e:?}");
    assert!(e.to_string().contains("not-a-folder"), "{e}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_period_exports_into_a_folder_under_its_own_name_without_replacing() {
    let (store, contacts) = store_with_notes();
    let dir = tempfile::tempdir().unwrap();
    let config = Config::shipped();
    let mut opts = ExportOptions {
        dialect: Dialect::ExcelNl,
        period: Period::parse("2026-W53").ok(),
        ..ExportOptions::default()
    };
    let (first, n) = export_to_folder(&store, &config, &opts, dir.path()).unwrap();
    assert_eq!(first, dir.path().join("balie-2026-W53.csv"));
    assert_eq!(n, contacts.len() as u64);
    let (second, _) = export_to_folder(&store, &config, &opts, dir.path()).unwrap();
    assert_eq!(second, dir.path().join("balie-2026-W53-2.csv"));
    opts.format = ExportFormat::Xlsx;
    let (xlsx, _) = export_to_folder(&store, &config, &opts, dir.path()).unwrap();
    assert_eq!(xlsx, dir.path().join("balie-2026-W53.xlsx"));
    opts.period = None;
    opts.format = ExportFormat::Csv;
    let (all, _) = export_to_folder(&store, &config, &opts, dir.path()).unwrap();
    assert_eq!(all, dir.path().join("balie-all.csv"));
    assert_eq!(
        names(dir.path()),
        [
            "balie-2026-W53-2.csv",
            "balie-2026-W53.csv",
            "balie-2026-W53.xlsx",
            "balie-all.csv"
        ]
    );
    let bytes = std::fs::read(&first).unwrap();
    assert!(bytes.starts_with(BOM));
    let records = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[BOM.len()..])
        .records()
        .count();
    assert_eq!(records, contacts.len());
}

#[test]
fn the_export_starts_with_exactly_the_list_columns_and_cells() {
    // The CSV export copies stored text; `balie list` formats a Contact. They must agree.
    let (mut store, mut contacts) = store_with_notes();
    let mut full = Contact::bare(
        at("2026-11-20 10:30"),
        "WSWonen Noord",
        "CD",
        vec!["splitsing".into(), "huur".into(), "taal".into()],
        at("2026-11-20 10:31"),
    );
    full.channel = "telefoon".into();
    full.kind = crate::domain::Kind::Hulpvraag;
    full.referred_from = Some("samen-doen".into());
    full.referred_to = Some("huurteam".into());
    full.language = Some("tr".into());
    full.postcode = Some("1102".into());
    full.follow_up = Some("2026-11-27".parse().unwrap());
    full.minutes = Some(0);
    full.validate(&Config::shipped()).unwrap();
    store.insert(&full).unwrap();
    contacts.insert(0, full);
    let bytes = csv_of(&store, &ExportOptions::default());
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    assert_eq!(&EXPORT_COLUMNS[..18], &CONTACT_COLUMNS[..18]);
    assert_eq!(&EXPORT_COLUMNS[21..], &CONTACT_COLUMNS[18..]);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), contacts.len());
    for (row, c) in rows.iter().zip(&contacts) {
        let mut cells = Vec::new();
        contact_cells(c, &mut String::new(), |cell| {
            cells.push(cell.to_string());
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(row.iter().take(18).collect::<Vec<_>>(), cells[..18]);
        assert_eq!(row.iter().skip(21).collect::<Vec<_>>(), cells[18..]);
    }
    assert_eq!(
        &rows[0][6], "splitsing|huur|taal",
        "topics in the order chosen"
    );
    assert_eq!(&rows[0][15], "2026-11-27");
    assert_eq!(&rows[0][18], "2026-W47");
}

#[test]
fn columns_added_later_come_last_and_the_earlier_ones_keep_their_place() {
    // The columns of the first release, in their order: spreadsheets are built on them.
    let first = [
        "id",
        "at",
        "desk",
        "volunteer",
        "channel",
        "kind",
        "topics",
        "landlord",
        "minutes",
        "note",
        "referred_from",
        "referred_to",
        "language",
        "resident",
        "postcode",
        "follow_up",
        "created_at",
        "updated_at",
    ];
    assert_eq!(CONTACT_COLUMNS[..18], first);
    assert_eq!(EXPORT_COLUMNS[..18], first);
    assert_eq!(EXPORT_COLUMNS[18..21], ["week", "month", "landlord_group"]);
    assert_eq!(CONTACT_COLUMNS[18..], ["signal", "follow_up_done"]);
    assert_eq!(EXPORT_COLUMNS[21..], ["signal", "follow_up_done"]);
    // And each row has a cell for every column, in that order.
    let (store, _) = store_with_notes();
    let mut c = store.list(&Default::default()).unwrap().remove(0);
    c.signal = Some("Kolenkit renovatie".into());
    c.follow_up = Some("2026-12-01".parse().unwrap());
    c.follow_up_done =
        Some(chrono::NaiveDateTime::parse_from_str("2026-12-01 09:30", AT_FORMAT).unwrap());
    let mut cells = Vec::new();
    export_cells(&c, &Config::shipped(), &mut String::new(), |cell| {
        cells.push(cell.to_string());
        Ok::<(), ()>(())
    })
    .unwrap();
    assert_eq!(cells.len(), EXPORT_COLUMNS.len());
    assert_eq!(cells[21..], ["Kolenkit renovatie", "2026-12-01 09:30:00"]);
    let mut list = Vec::new();
    contact_cells(&c, &mut String::new(), |cell| {
        list.push(cell.to_string());
        Ok::<(), ()>(())
    })
    .unwrap();
    assert_eq!(list.len(), CONTACT_COLUMNS.len());
    assert_eq!(list[..18], cells[..18]);
    assert_eq!(list[18..], cells[21..]);
}

#[test]
fn the_exports_carry_exactly_the_columns_the_column_table_marks_exported() {
    use crate::store::columns::{COLUMNS, Exported};
    let marked: std::collections::BTreeSet<&str> = COLUMNS
        .iter()
        .filter(|c| c.exported != Exported::No)
        .map(|c| c.name)
        .collect();
    let listed: std::collections::BTreeSet<&str> = CONTACT_COLUMNS.iter().copied().collect();
    assert_eq!(listed, marked);
    assert_eq!(CONTACT_COLUMNS.len(), marked.len());
    let (store, _) = store_with_notes();
    let bytes = csv_of(&store, &ExportOptions::default());
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let derived: Vec<&str> = header
        .iter()
        .map(String::as_str)
        .filter(|h| !marked.contains(h))
        .collect();
    assert_eq!(derived, DERIVED_COLUMNS);
    assert_eq!(header.len(), marked.len() + DERIVED_COLUMNS.len());
    // every row has every column, and the fast CSV path agrees with the cells of a contact
    let config = Config::shipped();
    let contacts = store.list(&Default::default()).unwrap();
    for (row, c) in r.records().map(Result::unwrap).zip(&contacts) {
        let mut cells = Vec::new();
        export_cells(c, &config, &mut String::new(), |cell| {
            cells.push(cell.to_string());
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(row.iter().collect::<Vec<_>>(), cells);
    }
}
