//! `balie purge`: erase the notes and resident codes of contacts older than the retention
//! period (the contacts and their counts stay).

use std::io::Write;

use anyhow::Result;

use super::errors::said;
use super::words::data as words;
use super::{Setup, required_who};
use crate::cli::Cli;
use crate::cli::data::PurgeArgs;
use crate::store::erase::retention_cutoff;

/// `balie purge [--dry-run]`.
pub fn purge(cli: &Cli, ctx: &Setup, args: &PurgeArgs, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let mut store = ctx.store_without_upkeep()?;
    let days = config.retention_note_days;
    let cutoff = retention_cutoff(ctx.now.date(), days)
        .ok_or_else(|| said(|l| words::purge_before_calendar(l, days)))?;
    let lang = config.lang;
    let period = words::purge_period(lang, &cutoff.format("%Y-%m-%d"), days);
    let erasure = if args.dry_run {
        store.purge_preview(cutoff)?
    } else {
        let who = required_who(cli, &config, &store)?;
        store.purge(cutoff, &who, ctx.now)?
    };
    if erasure.contacts == 0 {
        writeln!(out, "{}", words::nothing_to_erase(lang, &period))?;
        return Ok(());
    }
    let summary = words::erasure(lang, &erasure);
    let line = match args.dry_run {
        true => words::would_erase(lang, &period, &summary),
        false => words::erased(lang, &period, &summary),
    };
    writeln!(out, "{line}")?;
    writeln!(out, "{}", words::counts_stay(lang, args.dry_run))?;
    Ok(())
}
