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
}
