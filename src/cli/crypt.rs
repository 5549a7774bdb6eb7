//! The arguments of `balie pin` and `balie keys` (`encrypt`, `decrypt`, `passphrase` and
//! `recover` take none: secrets are never given on the command line).

use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct PinArgs {
    /// Remove the PIN: then only the passphrase unlocks the screen
    #[arg(long)]
    pub clear: bool,
}

#[derive(Debug, Args)]
pub struct KeysArgs {
    #[command(subcommand)]
    pub command: KeysCommand,
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Make this coordinator's key pair and print the public key (once per coordinator)
    Init,
    /// Print the public key for the desks' `[bundles] recipient`
    Show,
    /// Print this database's key that signs its bundles (made if it has none yet), for the
    /// coordinator to compare with `balie keys trusted`
    Signing,
    /// List the desks whose bundle signing keys this database trusts
    Trusted,
    /// Trust KEY as desk DESK's bundle signing key (a desk's new PC): check it with the desk
    /// first (`balie keys signing` there)
    Trust {
        /// The desk, as its bundles name it
        #[arg(long, value_name = "DESK")]
        desk: String,
        /// The key, `ed25519:` and 64 hex digits
        #[arg(value_name = "KEY")]
        key: String,
    },
}
