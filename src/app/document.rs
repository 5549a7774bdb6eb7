//! `balie report --document`: read the introduction, make the document, write it
//! atomically to the file named (or to standard output when that is not a terminal).

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use crate::cli::report::ReportArgs;
use crate::config::Config;
use crate::report::Period;
use crate::report::document::{self, DocumentOptions};
use crate::report::export::{ExportError, write_atomically};
use crate::store::Store;

/// The coordinator's introduction, as UTF-8 text.
fn read_intro(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read the introduction {}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| {
        anyhow::anyhow!(
            "the introduction {} is not UTF-8 text: save it as UTF-8 (plain text or Markdown)",
            path.display()
        )
    })
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
                bail!("give the file to write the document to: --document -o rapport.html");
            }
            out.write_all(html.as_bytes())?;
        }
    }
    Ok(())
}
