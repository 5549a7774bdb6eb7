//! `balie demo`: fill a data folder of its own with made-up contacts, with a progress bar on a
//! terminal and a summary line at the end. The contacts themselves come from [`crate::demo`].

use std::io::Write;
use std::time::Instant;

use super::errors::said;
use super::words::data as words;
use super::words::fail;
use anyhow::Result;

use super::progress::{Bar, Work};
use crate::cli::Cli;
use crate::cli::demo::DemoArgs;
use crate::demo::{self, Progress, Spec};

/// Run `balie demo`. Refuses without an explicit data folder, and refuses a folder whose
/// database already has contacts, so made-up contacts never land among real ones.
pub fn run(cli: &Cli, args: &DemoArgs, ctx: &super::Setup, out: &mut dyn Write) -> Result<()> {
    if cli.data_dir.is_none() {
        return Err(said(fail::demo_needs_own_folder));
    }
    let config = ctx.config(cli)?;
    let mut store = ctx.store_without_upkeep()?;
    let spec = Spec {
        contacts: args.contacts,
        desks: args.desks,
        years: args
            .years
            .unwrap_or_else(|| Spec::default_years(args.contacts)),
        seed: args.seed,
        now: ctx.now,
    };
    let started = Instant::now();
    let bar = Bar::new(Work::Demo, config.lang, Some(spec.contacts), false);
    let indexing = words::demo_indexing(config.lang);
    let summary = demo::fill(&mut store, &config, &spec, &mut |p| match p {
        Progress::Stored { done, .. } => bar.set(done),
        Progress::Indexing => bar.set_message(indexing),
    });
    bar.finish();
    let summary = summary?;
    let range = match (summary.first, summary.last) {
        (Some(first), Some(last)) => Some(format!("{first} .. {last}")),
        _ => None,
    };
    let path = store
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let (contacts, desks) = (summary.contacts, summary.desks.len());
    let seconds = started.elapsed().as_secs_f64();
    let line = words::demo_made(config.lang, contacts, desks, range, seconds, &path);
    writeln!(out, "{line}")?;
    Ok(())
}
