//! The one writer behind every listing and report: a [`Table`] of cells written as aligned
//! text or CSV (a row at a time with [`Csv`] for long ones), a [`Page`] around it (a title
//! above, notes below, a sentence when there is nothing), and pretty JSON. The command layer's
//! `app::output::listing` picks the form `--format` asks for.

use std::io::Write;

use crate::i18n::Lang;
use crate::report::export::{self, Dialect};

/// Table headers: the English header (what the commands give the writer) and its Dutch.
/// A header not listed is shown as given.
const HEADERS: &[(&str, &str)] = &[
    ("at", "moment"),
    ("desk", "balie"),
    ("vol", "vrijw."),
    ("channel", "kanaal"),
    ("kind", "soort"),
    ("topic", "onderwerp"),
    ("topics", "onderwerpen"),
    ("landlord", "verhuurder"),
    ("note", "notitie"),
    ("code", "code"),
    ("label", "naam"),
    ("other language", "andere taal"),
    ("group", "groep"),
    ("contacts", "contacten"),
    ("residents", "bewoners"),
    ("signal", "signaal"),
    ("desks", "balies"),
    ("first", "eerste"),
    ("last", "laatste"),
    ("due", "op"),
    ("late", "te laat"),
    ("contact", "contact"),
    ("referred to", "verwezen naar"),
    ("referred from", "verwezen door"),
    ("id", "id"),
    ("with_article", "met artikel"),
    ("without_article", "zonder artikel"),
    ("articles", "artikelen"),
    ("target", "doel"),
    ("counts", "telt"),
    ("actual", "nu"),
    ("by today", "tot vandaag"),
    ("vs pace", "t.o.v. tempo"),
    ("week", "week"),
    ("month", "maand"),
    ("weekday", "weekdag"),
    ("hour", "uur"),
    ("language", "taal"),
    ("postcode", "postcode"),
    ("volunteer", "vrijwilliger"),
    ("seq", "nr"),
    ("action", "handeling"),
    ("detail", "toelichting"),
    ("name", "naam"),
    ("phone", "telefoon"),
    ("hours", "openingstijden"),
    ("address", "adres"),
    ("website", "website"),
    ("refer_when", "verwijzen als"),
    ("title", "titel"),
    ("score", "score"),
    ("age", "leeftijd"),
    ("snippet", "fragment"),
    ("origin", "herkomst"),
    ("facts", "feiten"),
    ("checked", "gecontroleerd"),
    ("status", "status"),
    ("links", "koppelingen"),
    ("why", "waarom"),
    ("version", "versie"),
    ("saved", "bewaard"),
    ("by", "door"),
    ("change", "wijziging"),
    ("current", "huidig"),
    ("login", "login"),
    ("last_sync", "laatste sync"),
    ("on_server", "op de server"),
    ("at_desk", "bij de balie"),
    ("waiting", "wachtend"),
    ("oldest_unsent", "oudste niet verstuurd"),
];

/// The header `en` in `lang`.
pub fn header(lang: Lang, en: &str) -> &str {
    match lang {
        Lang::En => en,
        Lang::Nl => HEADERS
            .iter()
            .chain(crate::report::words::NL.dims.iter())
            .find(|(e, _)| *e == en)
            .map_or(en, |(_, nl)| nl),
    }
}

/// Rows of text cells under a header, the same for the table and CSV forms.
#[derive(Debug, Clone, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// In the text form, the columns from this one on are counts, aligned right.
    numbers_from: Option<usize>,
}

impl Table {
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Table {
        Table {
            header: header.into_iter().map(Into::into).collect(),
            ..Table::default()
        }
    }

    /// The rows, in order.
    pub fn rows(mut self, rows: impl IntoIterator<Item = Vec<String>>) -> Table {
        self.rows.extend(rows);
        self
    }

    /// Align the columns from `column` on to the right (they hold counts).
    pub fn numbers_from(mut self, column: usize) -> Table {
        self.numbers_from = Some(column);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Write as plain text for people, the header in `lang`, the columns aligned by
    /// characters (trailing spaces trimmed).
    pub fn write(&self, out: &mut dyn Write, lang: Lang) -> std::io::Result<()> {
        let header: Vec<String> = self
            .header
            .iter()
            .map(|h| self::header(lang, h).to_string())
            .collect();
        let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let right_from = self.numbers_from.unwrap_or(usize::MAX);
        let line = |cells: &[String]| {
            let mut s = String::new();
            for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
                if i > 0 {
                    s.push_str("  ");
                }
                let pad = " ".repeat(w - cell.chars().count());
                if i >= right_from {
                    s.push_str(&pad);
                    s.push_str(cell);
                } else {
                    s.push_str(cell);
                    s.push_str(&pad);
                }
            }
            s.trim_end().to_string()
        };
        writeln!(out, "{}", line(&header))?;
        for row in &self.rows {
            writeln!(out, "{}", line(row))?;
        }
        Ok(())
    }

    /// Write as CSV in `dialect`.
    pub fn write_csv(&self, out: &mut dyn Write, dialect: Dialect) -> csv::Result<()> {
        let mut w = Csv::start(out, &self.header, dialect)?;
        for row in &self.rows {
            w.row(row)?;
        }
        w.finish()
    }
}

/// CSV written a row at a time, for listings too long to hold (a year of contacts).
pub struct Csv<'a> {
    writer: csv::Writer<&'a mut dyn Write>,
    excel: bool,
}

impl<'a> Csv<'a> {
    /// Start with the header row (and, for Dutch Excel, the byte order mark).
    pub fn start<S: AsRef<str>>(
        out: &'a mut dyn Write,
        header: &[S],
        dialect: Dialect,
    ) -> csv::Result<Csv<'a>> {
        let excel = dialect == Dialect::ExcelNl;
        if excel {
            out.write_all(export::BOM)?;
        }
        let writer = csv::WriterBuilder::new()
            .delimiter(if excel { b';' } else { b',' })
            .from_writer(out);
        let mut w = Csv { writer, excel };
        w.row(header)?;
        Ok(w)
    }

    /// One row; for Dutch Excel a cell that would run as a formula is made harmless.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> csv::Result<()> {
        if self.excel {
            self.writer.write_record(
                cells
                    .iter()
                    .map(|c| export::neutralise(c.as_ref()).into_owned()),
            )
        } else {
            self.writer
                .write_record(cells.iter().map(|c| c.as_ref().as_bytes()))
        }
    }

    pub fn finish(mut self) -> csv::Result<()> {
        self.writer.flush()?;
        Ok(())
    }
}

/// What the table form shows: lines above, the table (or, when it has no rows and a sentence
/// for that is given, the sentence instead), lines below.
#[derive(Debug, Default)]
pub struct Page {
    above: Vec<String>,
    table: Option<Table>,
    empty: Option<String>,
    below: Vec<String>,
}

impl Page {
    pub fn new(table: Table) -> Page {
        Page {
            table: Some(table),
            ..Page::default()
        }
    }

    /// A page of lines only, no table (the partner cards).
    pub fn lines(lines: impl IntoIterator<Item = String>) -> Page {
        Page {
            above: lines.into_iter().collect(),
            ..Page::default()
        }
    }

    pub fn above(mut self, line: impl Into<String>) -> Page {
        self.above.push(line.into());
        self
    }

    pub fn below(mut self, line: impl Into<String>) -> Page {
        self.below.push(line.into());
        self
    }

    /// Say this instead of the table and the lines below when the table has no rows.
    pub fn when_empty(mut self, sentence: impl Into<String>) -> Page {
        self.empty = Some(sentence.into());
        self
    }

    /// Write for people, the table's header in `lang`.
    pub fn write(&self, out: &mut dyn Write, lang: Lang) -> std::io::Result<()> {
        for line in &self.above {
            writeln!(out, "{line}")?;
        }
        if let (Some(sentence), Some(table)) = (&self.empty, &self.table)
            && table.is_empty()
        {
            return writeln!(out, "{sentence}");
        }
        if let Some(table) = &self.table {
            table.write(out, lang)?;
        }
        for line in &self.below {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }
}

/// Write a value as pretty JSON followed by a newline.
pub fn json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(page: &Page) -> String {
        let mut out = Vec::new();
        page.write(&mut out, Lang::En).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn sample() -> Table {
        Table::new(["code", "label"]).rows([
            vec!["één".to_string(), "x".to_string()],
            vec!["twee".to_string(), "y".to_string()],
        ])
    }

    #[test]
    fn the_text_header_follows_the_language_and_csv_keeps_the_codes() {
        let t = Table::new(["desk", "contacts"]).rows([vec!["Noord".to_string(), "3".to_string()]]);
        let mut nl = Vec::new();
        Page::new(t.clone()).write(&mut nl, Lang::Nl).unwrap();
        assert_eq!(
            String::from_utf8(nl).unwrap(),
            "balie  contacten\nNoord  3\n"
        );
        let mut csv = Vec::new();
        t.write_csv(&mut csv, Dialect::Rfc).unwrap();
        assert_eq!(csv, b"desk,contacts\nNoord,3\n");
    }

    #[test]
    fn a_table_aligns_by_characters() {
        assert_eq!(
            text(&Page::new(sample())),
            "code  label\néén   x\ntwee  y\n"
        );
    }

    #[test]
    fn count_columns_align_right() {
        let t = Table::new(["topic", "contacts"])
            .rows([
                vec!["huur".to_string(), "7".to_string()],
                vec!["schulden".to_string(), "12".to_string()],
            ])
            .numbers_from(1);
        assert_eq!(
            text(&Page::new(t)),
            "topic     contacts\nhuur             7\nschulden        12\n"
        );
    }

    #[test]
    fn an_empty_table_says_so_under_the_lines_above() {
        let page = Page::new(Table::new(["a"]))
            .above("signals, all days")
            .when_empty("nothing")
            .below("0 signal(s)");
        assert_eq!(text(&page), "signals, all days\nnothing\n");
        let page = Page::new(sample()).when_empty("nothing").below("2 rows");
        assert!(text(&page).ends_with("twee  y\n2 rows\n"));
    }

    #[test]
    fn dutch_excel_csv_has_semicolons_a_bom_and_no_formulas() {
        let t = Table::new(["label", "n"]).rows([vec!["=SUM(A1)".to_string(), "3".to_string()]]);
        let mut out = Vec::new();
        t.write_csv(&mut out, Dialect::ExcelNl).unwrap();
        assert_eq!(out, b"\xEF\xBB\xBFlabel;n\n'=SUM(A1);3\n");
        let mut out = Vec::new();
        t.write_csv(&mut out, Dialect::Rfc).unwrap();
        assert_eq!(out, b"label,n\n=SUM(A1),3\n");
    }
}
