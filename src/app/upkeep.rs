//! `balie upkeep`: the daily jobs that are due (the retention purge, then a backup), and what
//! they did. Every command runs them on its own; the desk screen starts this in the background.

use std::io::Write;

use anyhow::Result;

use super::Setup;
use super::errors::{said, said_over};
use super::words::data as words;
use crate::cli::Cli;
use crate::maintenance::Report;

/// `balie upkeep`: the daily jobs that are due, and what they did.
pub fn upkeep(cli: &Cli, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let lang = config.lang;
    let mut store = ctx.store_without_upkeep()?;
    let report = crate::maintenance::daily(&mut store, &config, &ctx.data_dir, ctx.now);
    match &report.purge {
        Some(Ok(e)) => writeln!(out, "{}", words::upkeep_purged(lang, e.notes, e.residents))?,
        Some(Err(_)) => {}
        None if report.purge_held.is_some() => {}
        None => writeln!(out, "{}", words::upkeep_purged_before(lang))?,
    }
    match &report.backup {
        Some(Ok(b)) => {
            let path = b.path.display();
            writeln!(
                out,
                "{}",
                words::upkeep_backup(lang, &path, b.removed.len())
            )?
        }
        Some(Err(_)) => {}
        None => writeln!(out, "{}", words::upkeep_backup_before(lang))?,
    }
    let mut problems = problems(report);
    match problems.len() {
        0 => Ok(()),
        1 => Err(problems.remove(0)),
        _ => Err(said(|l| {
            let lines: Vec<String> = problems
                .iter()
                .map(|e| super::errors::message(l, e))
                .collect();
            lines.join("\n")
        })),
    }
}

/// What went wrong in the daily jobs, each an error in both languages over its cause.
pub fn problems(report: Report) -> Vec<anyhow::Error> {
    let mut out = Vec::new();
    if let Some(held) = report.purge_held {
        out.push(said(|l| words::purge_held(l, &held)));
    }
    if let Some(Err(e)) = report.purge {
        out.push(said_over(words::purge_failed, e));
    }
    if let Some(Err(e)) = report.backup {
        out.push(said_over(words::backup_failed, e));
    }
    out
}
