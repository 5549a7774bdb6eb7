//! The keys of the settings table: every value balie remembers between runs, in one list.

/// One value balie remembers, stored under [`Setting::key`]. (Besides these, `balie sync`
/// keeps one watermark per server under keys it makes, `sync.watermark.WHAT.SERVER-ID`: see
/// `crate::sync::pull`; a coordinator keeps the bundle keys it trusts for each desk under
/// `bundle_signers.DESK`: see [`super::Store::trusted_keys`].)
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
    /// The coordinator's age identity for sealed bundles (`balie keys init`).
    BundleIdentity,
    /// This database's Ed25519 key for signing the bundles it writes (made at the first).
    BundleSigningKey,
    /// The desk PIN's Argon2id hash (`balie pin`).
    LockPin,
    /// Wrong PINs typed in a row at the locked desk screen.
    LockPinFailures,
    /// When `balie sync` last succeeded (the desk screen's status bar).
    SyncLastOk,
    /// Since when `balie sync` fails: the first failure after the last success.
    SyncOfflineSince,
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
            Setting::BundleIdentity => "bundle_identity",
            Setting::BundleSigningKey => "bundle_signing_key",
            Setting::LockPin => "lock_pin",
            Setting::LockPinFailures => "lock_pin_failures",
            Setting::SyncLastOk => "sync.last_ok",
            Setting::SyncOfflineSince => "sync.offline_since",
        }
    }
}
