//! `balie forget --resident CODE`: the right to erasure, a resident's code and the notes of
//! their contacts (the contacts and their counts stay).

use std::io::Write;

use anyhow::Result;

use super::words::data as words;
use super::{Setup, required_who};
use crate::cli::Cli;
use crate::cli::data::ForgetArgs;
use crate::store::erase::Erasure;

/// `balie forget --resident CODE [--dry-run]`.
pub fn forget(cli: &Cli, ctx: &Setup, args: &ForgetArgs, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let mut store = ctx.store(&config)?;
    let erasure: Erasure = if args.dry_run {
        store.forget_preview(&args.resident)?
    } else {
        let who = required_who(cli, &config, &store)?;
        store.forget_resident(&args.resident, &who, ctx.now)?
    };
    let lang = config.lang;
    if erasure.contacts == 0 {
        let code = args.resident.trim().to_uppercase();
        writeln!(out, "{}", words::no_resident(lang, &code))?;
    } else {
        let summary = words::erasure(lang, &erasure);
        writeln!(out, "{}", words::forgot(lang, &summary, args.dry_run))?;
        if !args.dry_run {
            writeln!(out, "{}", words::forgot_backups(lang, config.backup_keep))?;
        }
    }
    Ok(())
}
