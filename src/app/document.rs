//! `balie report --document`: read the introduction, make the document, write it
//! atomically to the file named (or to standard output when that is not a terminal).

use std::io::{IsTerminal, Write};
use std::path::Path;

use super::errors::{SayContext, said};
use super::words::fail;
use anyhow::Result;
use chrono::NaiveDate;

use crate::cli::report::ReportArgs;
use crate::config::Config;
use crate::report::Period;
use crate::report::document::{self, DocumentOptions};
use crate::report::export::{ExportError, write_atomically};
use crate::store::Store;

/// The coordinator's introduction, as UTF-8 text.
fn read_intro(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).say_context(|l| fail::cannot_read_intro(l, &path.display()))?;
    String::from_utf8(bytes).map_err(|_| said(|l| fail::intro_not_utf8(l, &path.display())))
}

pub fn document(
    args: &ReportArgs,
    config: &Config,
    store: &Store,
    period: Period,
    desk: Option<&str>,
    today: NaiveDate,
    out: &mut dyn Write,
) -> Result<()> {
    let intro = args.intro.as_deref().map(read_intro).transpose()?;
    let opts = DocumentOptions {
        period,
        desk: desk.map(str::to_string),
        today,
    };
    let html = document::html(store, config, &opts, intro.as_deref())?;
    match &args.output {
        Some(path) => {
            write_atomically(path, args.force, |f| {
                f.write_all(html.as_bytes()).map_err(ExportError::Write)
            })?;
            writeln!(
                out,
                "{}: written to {} (open it in a browser; print it to PDF from there)",
                period.describe(),
                path.display()
            )?;
        }
        None => {
            if std::io::stdout().is_terminal() {
                return Err(said(fail::document_needs_file));
            }
            out.write_all(html.as_bytes())?;
        }
    }
    Ok(())
}
