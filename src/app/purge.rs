//! `balie purge`: erase the notes and resident codes of contacts older than the retention
//! period (the contacts and their counts stay).

use std::io::Write;

use anyhow::{Result, anyhow};

use super::{Setup, required_who};
use crate::cli::Cli;
use crate::cli::data::PurgeArgs;
use crate::store::erase::retention_cutoff;

/// `balie purge [--dry-run]`.
pub fn purge(cli: &Cli, ctx: &Setup, args: &PurgeArgs, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let mut store = ctx.store_without_upkeep()?;
    let days = config.retention_note_days;
    let cutoff = retention_cutoff(ctx.now.date(), days).ok_or_else(|| {
        anyhow!("retention.note_days = {days} reaches before the calendar starts")
    })?;
    let period = format!(
        "notes and resident codes of contacts before {} (retention.note_days = {days})",
        cutoff.format("%Y-%m-%d")
    );
    if args.dry_run {
        let would = store.purge_preview(cutoff)?;
        if would.contacts == 0 {
            writeln!(out, "nothing to erase: no {period}")?;
        } else {
            writeln!(out, "would erase the {period}: {}", would.summary())?;
            writeln!(
                out,
                "the contacts and their counts stay; run without --dry-run to erase"
            )?;
        }
        return Ok(());
    }
    let who = required_who(cli, &config, &store)?;
    let done = store.purge(cutoff, &who, ctx.now)?;
    if done.contacts == 0 {
        writeln!(out, "nothing to erase: no {period}")?;
    } else {
        writeln!(out, "erased the {period}: {}", done.summary())?;
        writeln!(out, "the contacts and their counts stay")?;
    }
    Ok(())
}
