//! `balie forget --resident CODE`: the right to erasure, a resident's code and the notes of
//! their contacts (the contacts and their counts stay).

use std::io::Write;

use anyhow::Result;

use super::{Setup, required_who};
use crate::cli::Cli;
use crate::cli::data::ForgetArgs;
use crate::store::erase::Erasure;

/// `balie forget --resident CODE [--dry-run]`.
pub fn forget(cli: &Cli, ctx: &Setup, args: &ForgetArgs, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let mut store = ctx.store(&config)?;
    let (erasure, verb): (Erasure, &str) = if args.dry_run {
        (store.forget_preview(&args.resident)?, "would erase")
    } else {
        let who = required_who(cli, &config, &store)?;
        (
            store.forget_resident(&args.resident, &who, ctx.now)?,
            "erased",
        )
    };
    if erasure.contacts == 0 {
        writeln!(
            out,
            "no contact carries resident code {}; nothing was changed",
            args.resident.trim().to_uppercase()
        )?;
    } else {
        writeln!(
            out,
            "{verb} the resident code and notes of {}",
            erasure.summary()
        )?;
        if !args.dry_run {
            writeln!(
                out,
                "the contacts and their counts stay; backups made before now still hold the \
                 code until they are removed (after [backup] keep = {} backups)",
                config.backup_keep
            )?;
        }
    }
    Ok(())
}
