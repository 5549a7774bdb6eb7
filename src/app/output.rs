//! The listing commands' output: [`listing`] picks the form `--format` asks for and makes only
//! that one, with the library's one writer (`crate::output`).

use std::io::Write;

use anyhow::Result;

use crate::cli::Format;
use crate::i18n::Lang;
use crate::report::export::Dialect;

pub use crate::output::{Csv, Page, Table, json};

/// Write a listing in `format`, making only the form asked for: `json` a value to serialise,
/// `csv` the rows with their stable column names, `table` the page for people in `lang`.
pub fn listing<V: serde::Serialize>(
    out: &mut dyn Write,
    format: Format,
    lang: Lang,
    json: impl FnOnce() -> V,
    csv: impl FnOnce() -> Table,
    table: impl FnOnce() -> Page,
) -> Result<()> {
    match format {
        Format::Json => self::json(out, &json())?,
        Format::Csv => csv().write_csv(out, Dialect::Rfc)?,
        Format::Table => table().write(out, lang)?,
    }
    Ok(())
}
