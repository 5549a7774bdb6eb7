//! `balie report --document`: the coordinator's report as one self-contained HTML file
//! (styles and SVG charts inside, nothing loaded from outside) that prints to A4. The
//! figures are counted by the same report functions as `balie report` ([`model`]), drawn
//! by a small SVG writer ([`chart`]) and laid out with maud templates ([`render`]).

pub mod chart;
pub mod format;
pub mod intro;
pub mod model;
pub mod render;
pub mod text;

#[cfg(test)]
mod tests;

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::Config;
use crate::store::Store;

pub use model::{Document, build};

use super::export::{ExportError, first_free, write_atomically};
use super::{Period, ReportError};

/// What the document covers.
#[derive(Debug, Clone)]
pub struct DocumentOptions {
    pub period: Period,
    /// Only this desk's contacts.
    pub desk: Option<String>,
    /// The day it is made: the pace of the targets and which follow-ups are due.
    pub today: NaiveDate,
}

/// Count and lay out the document; `intro` is the coordinator's Markdown introduction.
/// The language is the config's.
pub fn html(
    store: &Store,
    config: &Config,
    opts: &DocumentOptions,
    intro: Option<&str>,
) -> Result<String, ReportError> {
    let doc = build(store, config, opts)?;
    Ok(render::page(&doc, config.lang, intro.map(intro::render)))
}

/// Write the document into `folder` as `balie-rapport-2026-T2.html` (or `...-2.html`, ...
/// when that exists), atomically; the path written. For the overview screen's export key.
pub fn write_to_folder(
    store: &Store,
    config: &Config,
    opts: &DocumentOptions,
    folder: &Path,
) -> Result<PathBuf, ExportError> {
    let page = html(store, config, opts, None)?;
    let stem = opts
        .period
        .file_stem()
        .replacen("balie-", "balie-rapport-", 1);
    let (path, ()) = first_free(folder, &stem, "html", |path| {
        write_atomically(path, false, |f| {
            f.write_all(page.as_bytes()).map_err(ExportError::Write)
        })
    })?;
    Ok(path)
}
