//! The arguments of `balie kb`: search, list, show, export, import, check, edit, review,
//! history and revert.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::FormatArg;

#[derive(Debug, Args)]
pub struct KbArgs {
    #[command(subcommand)]
    pub command: KbCommand,
}

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Find articles, best first (typos and missing accents are fine)
    Search(SearchArgs),
    /// Every article, by id
    List(FormatArg),
    /// One article in full, with its source and a warning when it is out of date
    Show(ShowArgs),
    /// Write every article to DIR as ID.md, the format `kb import` reads
    Export(ExportArgs),
    /// Add or update articles from a .md file or a folder of them (all checked first)
    Import(ImportArgs),
    /// What needs review, most used first: stale or expired articles, and shipped articles
    /// you edited whose shipped text changed since
    Check(FormatArg),
    /// Change an article in your text editor ($VISUAL, $EDITOR); it is checked when you save
    /// and kept as this desk's own version
    Edit(EditArgs),
    /// Record that you checked an article against a current source (who, when, against what)
    Review(ReviewArgs),
    /// The earlier versions of an article edited, reviewed or reverted here
    History(HistoryArgs),
    /// Go back to an earlier version of an article (see `kb history ID`)
    Revert(RevertArgs),
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for: words as you would say them (`groot naar beter`, `schimmel`)
    #[arg(required = true, num_args = 1.., value_name = "QUERY")]
    pub query: Vec<String>,
    /// At most this many results
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's id (see `balie kb list` or `balie kb search`)
    pub id: String,
    /// Show the text this balie ships instead of the one stored (to compare with your edit)
    #[arg(long)]
    pub shipped: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Folder to write to (created if needed; files with the same name are replaced)
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A .md article file, or a folder of them
    pub path: PathBuf,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The article's id (see `balie kb list` or `balie kb search`)
    pub id: String,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The article's id
    pub id: String,
    /// What you checked it against: a current rule, website or organisation, with its date
    #[arg(long, value_name = "SOURCE")]
    pub against: String,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The article's id
    pub id: String,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct RevertArgs {
    /// The article's id
    pub id: String,
    /// The version to go back to (see `balie kb history ID`)
    pub version: u32,
}
