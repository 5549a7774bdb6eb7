//! `balie upkeep`: the daily jobs that are due (the retention purge, then a backup), and what
//! they did. Every command runs them on its own; the desk screen starts this in the background.

use std::io::Write;

use anyhow::{Result, bail};

use super::Setup;
use crate::cli::Cli;

/// `balie upkeep`: the daily jobs that are due, and what they did.
pub fn upkeep(cli: &Cli, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let mut store = ctx.store_without_upkeep()?;
    let report = crate::maintenance::daily(&mut store, &config, &ctx.data_dir, ctx.now);
    match &report.purge {
        Some(Ok(e)) => writeln!(
            out,
            "purge: erased the notes of {} and the resident codes of {} contact(s)",
            e.notes, e.residents
        )?,
        Some(Err(_)) => {}
        None if report.purge_held.is_some() => {}
        None => writeln!(out, "purge: already done today")?,
    }
    match &report.backup {
        Some(Ok(b)) => writeln!(
            out,
            "backup: {} ({} old backup(s) removed)",
            b.path.display(),
            b.removed.len()
        )?,
        Some(Err(_)) => {}
        None => writeln!(out, "backup: already made today (or turned off)")?,
    }
    let problems = report.problems();
    if problems.is_empty() {
        Ok(())
    } else {
        bail!("{}", problems.join("; "))
    }
}
