//! The arguments of the commands that keep the data safe and private: `backup`, `restore`,
//! `purge`, `forget` and `audit`.

use std::path::PathBuf;

use clap::Args;

use super::FormatArg;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Write the backup to this new file instead (it must not exist yet)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to restore (e.g. backups/balie-2026-11-25.sqlite in the data folder)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// Only say what would be erased
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// The resident's card code
    #[arg(long, value_name = "CODE")]
    pub resident: String,
    /// Only say how many contacts would be touched
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// First day (inclusive)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day (inclusive)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
}
