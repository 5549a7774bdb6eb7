//! The command line, as data: what `balie --help` shows. Parsing only; [`crate::app`] runs it.
//! Every clap type lives here, one file per command group; the library modules (`report`,
//! `kb`, `desks`, ...) know nothing of clap ([`values`] teaches clap their enums).

pub mod contacts;
pub mod crypt;
pub mod data;
pub mod demo;
pub mod desks;
pub mod kb;
pub mod report;
pub mod sync;
mod values;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::i18n::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "balie",
    version,
    about = "Log contacts at a walk-in desk, look up rules, report counts.",
    long_about = "balie: log contacts at a walk-in housing or forms desk in one keystroke, look \
                  up rules in the knowledge base, and report weekly counts.\n\n\
                  Without a command it starts the desk screen. Data stays on this computer, \
                  in one file: balie.sqlite in the data folder."
)]
pub struct Cli {
    /// Folder holding balie.sqlite (default: the user's data folder)
    #[arg(long, global = true, env = "BALIE_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// The desk's own config file, on top of the shipped defaults
    #[arg(long, global = true, env = "BALIE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Interface language: nl (the default) or en; also `lang` in the config. The words
    /// of this help stay English
    #[arg(long, global = true, value_enum, env = "BALIE_LANG")]
    pub lang: Option<Lang>,

    /// Desk name for this run
    #[arg(long, global = true, value_name = "NAME")]
    pub desk: Option<String>,

    /// Volunteer initials for this run
    #[arg(long, global = true, value_name = "XX")]
    pub volunteer: Option<String>,

    /// The desk screen in plain mode, for screen readers: one column of lines, no frames
    /// or bars, each change said in one sentence on the first line
    #[arg(long)]
    pub plain: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Store one contact and print its id
    Log(contacts::LogArgs),
    /// List contacts (today's unless a date or range is given), oldest first
    List(contacts::ListArgs),
    /// The topic codes and labels in force
    Topics(FormatArg),
    /// The partners to refer to, with the phone, hours and address the desk filled in
    Partners(FormatArg),
    /// Counts per period: by topic, desk, channel, week, ...; progress against targets; or
    /// the coordinator's report as one HTML file (--document)
    Report(report::ReportArgs),
    /// All contacts of a period, one row each, as CSV or xlsx
    Export(report::ExportArgs),
    /// Make a backup of the database now (into backups/ in the data folder, or --output FILE)
    Backup(data::BackupArgs),
    /// Replace the database with a backup, after checking it; a copy of the current one is kept
    Restore(data::RestoreArgs),
    /// Erase notes and resident codes of contacts older than the retention period
    Purge(data::PurgeArgs),
    /// Erase a resident's code and the notes of their contacts (the right to erasure)
    Forget(data::ForgetArgs),
    /// The audit log: edits, deletions, erasures, restores and exports
    Audit(data::AuditArgs),
    /// Check the database: SQLite's integrity check, and every contact's moments readable
    /// (a contact whose time cannot be read is in no list or report; this names it)
    Check,
    /// The knowledge base: search, show, list, import, export and check articles
    Kb(kb::KbArgs),
    /// Fill an empty data folder with made-up contacts, to try balie with a city's worth of data
    Demo(demo::DemoArgs),
    /// Run the daily upkeep now if it is due: the retention purge, then a backup (every
    /// command does this on its own; the desk screen starts it in the background)
    Upkeep,
    /// Signal labels with their counts, desks and dates, for the partners' meeting
    Signals(desks::SignalsArgs),
    /// Follow-ups due today or overdue, oldest first; `follow-ups done ID` marks one done
    FollowUps(desks::FollowUpArgs),
    /// Add other desks' bundles (from `balie export --bundle FILE`) into this database
    Merge(desks::MergeArgs),
    /// Add contacts from a CSV file with the columns `balie export` writes (an old tally too)
    Import(desks::ImportArgs),
    /// Encrypt the database, its backups and the draft (asks a new passphrase, then shows
    /// the recovery key once)
    Encrypt,
    /// Turn encryption off: the database and its backups become plain files again
    Decrypt,
    /// Change the passphrase (asks the current one, then the new one twice)
    Passphrase,
    /// Set a new passphrase with the recovery key, when the passphrase is lost or the key
    /// file damaged
    Recover,
    /// Set the desk PIN that unlocks the locked desk screen (six digits or more)
    Pin(crypt::PinArgs),
    /// Bundle keys: the coordinator's key pair for sealed bundles (`keys init`, `keys show`),
    /// the keys that sign bundles (`keys signing`, `keys trusted`, `keys trust`)
    Keys(crypt::KeysArgs),
    /// Send this desk's changes to the city's server and receive what is shared there (a
    /// coordinator receives every desk's contacts)
    Sync(sync::SyncArgs),
    /// Set up the city's PostgreSQL server: schema, desk and coordinator logins, status
    Server(sync::ServerArgs),
}

#[derive(Debug, Args)]
pub struct FormatArg {
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_go_before_or_after_the_subcommand() {
        let a = Cli::try_parse_from(["balie", "--desk", "X", "log", "--topic", "huur"]).unwrap();
        let b = Cli::try_parse_from(["balie", "log", "--topic", "huur", "--desk", "X"]).unwrap();
        assert_eq!(a.desk.as_deref(), Some("X"));
        assert_eq!(b.desk.as_deref(), Some("X"));
    }
}
