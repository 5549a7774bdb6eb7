//! The keys of the settings table: every value balie remembers between runs, in one list.

/// One value balie remembers, stored under [`Setting::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// The desk of the last run.
    Desk,
    /// The volunteer initials of the last run.
    Volunteer,
    /// The desk screen's form not yet saved, as JSON.
    Draft,
    /// The channel a tally key logs with: the last one used.
    TallyChannel,
    /// The database holds made-up contacts (`balie demo`; value: how they were made), so
    /// nothing can mistake them for a desk's real contacts.
    Demo,
    /// The hash of the shipped knowledge-base articles last loaded.
    KbShippedHash,
    /// The day the retention purge last ran.
    PurgeDay,
    /// The day the daily backup last ran.
    BackupDay,
}

impl Setting {
    pub const fn key(self) -> &'static str {
        match self {
            Setting::Desk => "desk",
            Setting::Volunteer => "volunteer",
            Setting::Draft => "draft",
            Setting::TallyChannel => "tally_channel",
            Setting::Demo => "demo",
            Setting::KbShippedHash => "kb.shipped_hash",
            Setting::PurgeDay => "maintenance.purge_day",
            Setting::BackupDay => "maintenance.backup_day",
        }
    }
}
