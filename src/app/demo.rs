//! `balie demo`: fill a data folder of its own with made-up contacts, with a progress bar on a
//! terminal and a summary line at the end. The contacts themselves come from [`crate::demo`].

use std::io::Write;
use std::time::Instant;

use anyhow::{Result, bail};

use super::progress::{Bar, Work};
use crate::cli::Cli;
use crate::cli::demo::DemoArgs;
use crate::demo::{self, Progress, Spec};

/// Run `balie demo`. Refuses without an explicit data folder, and refuses a folder whose
/// database already has contacts, so made-up contacts never land among real ones.
pub fn run(cli: &Cli, args: &DemoArgs, ctx: &super::Setup, out: &mut dyn Write) -> Result<()> {
    if cli.data_dir.is_none() {
        bail!(
            "balie demo makes up contacts; give it a data folder of its own so they never mix \
             with real ones: balie --data-dir /tmp/balie-demo demo"
        );
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
    let indexing = match config.lang {
        crate::i18n::Lang::Nl => "indexen bouwen",
        crate::i18n::Lang::En => "building the indexes",
    };
    let summary = demo::fill(&mut store, &config, &spec, &mut |p| match p {
        Progress::Stored { done, .. } => bar.set(done),
        Progress::Indexing => bar.set_message(indexing),
    });
    bar.finish();
    let summary = summary?;
    let range = match (summary.first, summary.last) {
        (Some(first), Some(last)) => format!("{first} .. {last}"),
        _ => "no days".to_string(),
    };
    let path = store
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    writeln!(
        out,
        "{} made-up contacts at {} desk(s), {range}, in {:.1} s: {path}",
        summary.contacts,
        summary.desks.len(),
        started.elapsed().as_secs_f64()
    )?;
    Ok(())
}
