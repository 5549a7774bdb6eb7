//! The command line, as data: what `balie --help` shows. Parsing only; [`crate::app`] runs it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::Kind;
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

    /// Interface language
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,

    /// Desk name for this run
    #[arg(long, global = true, value_name = "NAME")]
    pub desk: Option<String>,

    /// Volunteer initials for this run
    #[arg(long, global = true, value_name = "XX")]
    pub volunteer: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Store one contact and print its id
    Log(LogArgs),
    /// List contacts (today's unless a date or range is given), oldest first
    List(ListArgs),
    /// The topic codes and labels in force
    Topics(FormatArg),
    /// The partners to refer to, with the phone, hours and address the desk filled in
    Partners(FormatArg),
    /// Counts per period: by topic, desk, channel, week, ...; progress against targets; or
    /// the coordinator's report as one HTML file (--document)
    Report(crate::report::args::ReportArgs),
    /// All contacts of a period, one row each, as CSV or xlsx
    Export(crate::report::args::ExportArgs),
    /// Make a backup of the database now (into backups/ in the data folder, or --output FILE)
    Backup(BackupArgs),
    /// Replace the database with a backup, after checking it; a copy of the current one is kept
    Restore(RestoreArgs),
    /// Erase notes and resident codes of contacts older than the retention period
    Purge(PurgeArgs),
    /// Erase a resident's code and the notes of their contacts (the right to erasure)
    Forget(ForgetArgs),
    /// The audit log: edits, deletions, erasures, restores and exports
    Audit(AuditArgs),
    /// The knowledge base: search, show, list, import, export and check articles
    Kb(crate::app::kb::KbArgs),
    /// Fill an empty data folder with made-up contacts, to try balie with a city's worth of data
    Demo(crate::app::demo::DemoArgs),
    /// Run the daily upkeep now if it is due: the retention purge, then a backup (every
    /// command does this on its own; the desk screen starts it in the background)
    Upkeep,
    /// Signal labels with their counts, desks and dates, for the partners' meeting
    Signals(crate::app::desks::SignalsArgs),
    /// Follow-ups due today or overdue, oldest first; `follow-ups done ID` marks one done
    FollowUps(crate::app::desks::FollowUpArgs),
    /// Add other desks' bundles (from `balie export --bundle FILE`) into this database
    Merge(crate::app::desks::MergeArgs),
    /// Add contacts from a CSV file with the columns `balie export` writes (an old tally too)
    Import(crate::app::desks::ImportArgs),
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
    Pin(crate::app::crypt::PinArgs),
    /// Bundle keys: the coordinator's key pair for sealed bundles (`keys init`, `keys show`),
    /// the keys that sign bundles (`keys signing`, `keys trusted`, `keys trust`)
    Keys(crate::app::crypt::KeysArgs),
    /// Send this desk's changes to the city's server and receive what is shared there (a
    /// coordinator receives every desk's contacts)
    Sync(crate::app::sync::SyncArgs),
    /// Set up the city's PostgreSQL server: schema, desk and coordinator logins, status
    Server(crate::app::sync::ServerArgs),
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Topic code; repeat for more topics (see `balie topics`)
    #[arg(long = "topic", short = 't', required = true, value_name = "CODE")]
    pub topics: Vec<String>,
    /// Channel code (inloop, telefoon, afspraak, huisbezoek, email, groep)
    #[arg(long, default_value = "inloop")]
    pub channel: String,
    /// Short contact or longer help question
    #[arg(long, value_enum, default_value = "kort")]
    pub kind: Kind,
    /// Landlord code (e.g. ymere, particulier, onbekend)
    #[arg(long, default_value = "onbekend")]
    pub landlord: String,
    /// Minutes spent
    #[arg(long, value_name = "N")]
    pub minutes: Option<u32>,
    /// Partner code the resident was referred by
    #[arg(long, value_name = "CODE")]
    pub referred_from: Option<String>,
    /// Partner code the resident was referred to
    #[arg(long, value_name = "CODE")]
    pub referred_to: Option<String>,
    /// Language of the conversation (nl, en, tr, ar, ...)
    #[arg(long, value_name = "CODE")]
    pub language: Option<String>,
    /// The resident's card code, to count unique residents (never a name)
    #[arg(long, value_name = "CODE")]
    pub resident: Option<String>,
    /// The 4-digit postcode area
    #[arg(long, value_name = "NNNN")]
    pub postcode: Option<String>,
    /// Follow-up day (2026-12-01, morgen, vrijdag, "over 3 dagen")
    #[arg(long, value_name = "DAY")]
    pub follow_up: Option<String>,
    /// A short label for a recurring problem: a building, a landlord, a renovation, a
    /// splitting case ("Kolenkit renovatie"); an earlier spelling is reused
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub signal: Option<String>,
    /// A few words; no names, addresses or numbers (may start with a dash: `-5 graden`)
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub note: String,
    /// When it happened: "YYYY-MM-DD HH:MM", "10:30", "gisteren 14:00" (default: now)
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// Store the note even though it looks like it holds a BSN, IBAN, phone number,
    /// e-mail address or address
    #[arg(long)]
    pub allow_personal_data: bool,
}

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

#[derive(Debug, Args)]
pub struct ListArgs {
    /// One day (YYYY-MM-DD, vandaag, gisteren)
    #[arg(long, value_name = "DATE", conflicts_with_all = ["from", "to"])]
    pub date: Option<String>,
    /// First day of a range (inclusive)
    #[arg(long, value_name = "DATE", requires = "to")]
    pub from: Option<String>,
    /// Last day of a range (inclusive)
    #[arg(long, value_name = "DATE", requires = "from")]
    pub to: Option<String>,
    #[command(flatten)]
    pub format: FormatArg,
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
