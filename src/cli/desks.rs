//! The arguments of the several-desks commands: `signals`, `follow-ups`, `merge` and
//! `import` (`export --bundle` is in [`super::report`]).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::Format;
use super::report::PeriodArgs;

#[derive(Debug, Args)]
#[command(
    after_help = "Without --period or --from/--to every contact with a signal counts. The \
    global --desk shows one desk only."
)]
pub struct SignalsArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Lists the follow-ups due today or earlier that nobody marked done, the \
    oldest first. The global --desk shows one desk only."
)]
pub struct FollowUpArgs {
    #[command(subcommand)]
    pub action: Option<FollowUpAction>,
    /// Also list the follow-ups that are not due yet
    #[arg(long)]
    pub all: bool,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum FollowUpAction {
    /// Mark a contact's follow-up done (recorded in the audit log)
    Done(IdArg),
    /// Open a follow-up marked done again
    Reopen(IdArg),
}

#[derive(Debug, Args)]
pub struct IdArg {
    /// The contact's id, or its first characters (at least 6) when they are unique
    #[arg(value_name = "ID")]
    pub id: String,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Every file is checked in full first; a damaged, cut-off or foreign file, or \
    data this config cannot take, refuses the whole merge and nothing is merged. Contacts are \
    matched by id: merging a bundle again changes nothing, and a contact edited later at its \
    desk replaces the older version (recorded in the audit log)."
)]
pub struct MergeArgs {
    /// Bundles written by `balie export --bundle FILE`
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Check the bundles and say what merging would do, without merging
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Reads the columns `balie export` writes, with commas or (Dutch Excel) \
    semicolons. At least `at` and `topics` are needed; the global --desk and --volunteer fill \
    in rows without a desk or volunteer. Every row is checked first: one bad row imports \
    nothing. Rows whose id is already here are skipped, so importing twice is safe."
)]
pub struct ImportArgs {
    /// The CSV file
    #[arg(value_name = "FILE.csv")]
    pub file: PathBuf,
    /// Check the file and say what importing would do, without importing
    #[arg(long)]
    pub dry_run: bool,
    /// Import notes and resident codes even though they look like personal data
    #[arg(long)]
    pub allow_personal_data: bool,
}
