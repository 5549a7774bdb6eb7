//! The arguments of `balie log` and `balie list`: one contact in, a day's contacts out.

use clap::Args;

use super::FormatArg;
use crate::domain::Kind;

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
