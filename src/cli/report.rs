//! The arguments of `balie report` and `balie export`, and the period both take (and
//! `signals` and `export --bundle`).

use std::path::PathBuf;

use clap::Args;

use crate::report::export::{Dialect, ExportFormat};
use crate::report::{Dim, Period};

/// Which days: a named period, or an explicit range.
#[derive(Debug, Clone, Args)]
pub struct PeriodArgs {
    /// 2026-W47 (ISO week), 2026-11 (month), 2026-T1 (tertiaal: four months, T1 Jan-Apr, T2
    /// May-Aug, T3 Sep-Dec), 2026-Q1, 2026-H1, 2026
    #[arg(long, value_name = "PERIOD", value_parser = Period::parse, conflicts_with_all = ["from", "to"])]
    pub period: Option<Period>,
    /// First day (inclusive): 2026-11-01, 1-11-2026, gisteren
    #[arg(long, value_name = "DATE", requires = "to")]
    pub from: Option<String>,
    /// Last day (inclusive)
    #[arg(long, value_name = "DATE", requires = "from")]
    pub to: Option<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "A contact with several topics counts once under each topic in a \
    breakdown by topic, and once in every total. `residents` counts distinct resident codes \
    and is shown when any contact in the period has one. The global --desk counts one desk \
    only. Without --period: this week (with --targets or --kb-gaps: this year). --residents \
    counts resident codes however they were written (K-0042, k0042) and says how many contacts \
    had none; with --format csv its columns are measure,bucket,value (with --by desk: desk \
    first)."
)]
pub struct ReportArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Break the counts down by this (repeat, or separate with commas: --by week,topic)
    #[arg(long, value_enum, value_name = "DIM", value_delimiter = ',')]
    pub by: Vec<Dim>,
    /// Show progress against the year's targets from the config instead
    #[arg(long, conflicts_with = "by")]
    pub targets: bool,
    /// Show the figures on coming back instead: residents by number of contacts and of
    /// services, the common combinations, moments and minutes per resident, and how many of
    /// the previous period's residents came back (with --by desk: per desk too)
    #[arg(long, conflicts_with_all = ["targets", "kb_gaps"])]
    pub residents: bool,
    /// Per topic: contacts, how many had a knowledge-base article linked, and how many
    /// articles exist for it, the largest gap first
    #[arg(long, conflicts_with_all = ["by", "targets"])]
    pub kb_gaps: bool,
    /// Output format: a table, CSV, JSON, or an xlsx file of the counts (never notes or
    /// resident codes)
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,
    /// CSV dialect: rfc (commas) or excel-nl (semicolons and a byte order mark, for Dutch Excel)
    #[arg(long, value_enum, default_value = "rfc")]
    pub dialect: Dialect,
    /// After each value of the first --by dimension, a subtotal that counts its contacts once
    /// (--by desk,topic --subtotals: per desk)
    #[arg(long)]
    pub subtotals: bool,
    /// Write the coordinator's report instead: one HTML file with tables and charts that
    /// prints to A4 (without --period: this tertiaal)
    #[arg(long, conflicts_with_all = ["by", "targets", "kb_gaps", "format", "dialect", "subtotals"])]
    pub document: bool,
    /// Write to this file (atomically) instead of standard output (with --document: the
    /// HTML file, e.g. rapport.html)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With --document: a Markdown file with your own introduction, put at the top
    #[arg(long, value_name = "FILE.md", requires = "document")]
    pub intro: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// The formats of `balie report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Table,
    Csv,
    Json,
    Xlsx,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Without --period or --from/--to every contact is exported. The global \
    --desk exports one desk only. Without --output the export goes to standard output. \
    --bundle FILE writes the desk's data (contacts, links to articles, the desk's own \
    articles, deletions) as one file for `balie merge` at another computer.",
    group = clap::ArgGroup::new("target").args(["output", "bundle"])
)]
pub struct ExportArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// File format
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ExportFormat,
    /// CSV dialect: rfc (commas) or excel-nl (semicolons and a byte order mark, for Dutch Excel)
    #[arg(long, value_enum, default_value = "rfc")]
    pub dialect: Dialect,
    /// Write to this file (atomically) instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write a bundle for `balie merge` to this file instead
    #[arg(long, value_name = "FILE", conflicts_with_all = ["format", "dialect"])]
    pub bundle: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long, requires = "target")]
    pub force: bool,
}
