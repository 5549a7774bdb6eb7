//! `balie import`: add contacts from a CSV file with the columns `balie export` writes (an old
//! tally too), every row checked first.

use std::io::Write;

use super::errors::{SayContext, said};
use super::words::fail;
use anyhow::Result;

use super::progress::{Bar, Work};
use super::words::{say, words};
use super::{Setup, desk_and_volunteer, required_who};
use crate::cli::Cli;
use crate::cli::desks::ImportArgs;
use crate::desks::import;

/// `balie import FILE.csv [--dry-run]`.
pub fn import(cli: &Cli, args: &ImportArgs, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let mut store = ctx.store(&config)?;
    if store.setting(crate::store::Setting::Demo.key())?.is_some() {
        return Err(said(fail::import_into_demo));
    }
    let bytes =
        std::fs::read(&args.file).say_context(|l| fail::cannot_read(l, &args.file.display()))?;
    let (desk, volunteer) = desk_and_volunteer(cli, &config, &store)?;
    let opts = import::ImportOptions {
        desk,
        volunteer,
        allow_personal_data: args.allow_personal_data,
    };
    let plan = import::plan(&store, &config, &bytes, &opts, ctx.now)
        .say_context(|_| args.file.display().to_string())?;
    let lang = config.lang;
    let file = args.file.display();
    writeln!(
        out,
        "{}",
        say::import_read(lang, &file, plan.rows, plan.excel)
    )?;
    let skipped = say::import_skipped(lang, plan.existing, plan.deleted, plan.derived_ids);
    if args.dry_run {
        writeln!(
            out,
            "{}",
            say::import_would_add(lang, plan.new.len(), &skipped)
        )?;
        writeln!(out, "{}", words(lang).nothing_imported)?;
        return Ok(());
    }
    let by = required_who(cli, &config, &store)?;
    let name = args.file.file_name().map_or_else(
        || args.file.display().to_string(),
        |n| n.to_string_lossy().into(),
    );
    let bar = Bar::new(
        Work::Import,
        config.lang,
        Some(plan.new.len() as u64),
        false,
    );
    let added =
        import::apply_with_progress(&mut store, &plan, &name, &by, ctx.now, &mut |n| bar.set(n));
    bar.finish();
    let added = added?;
    writeln!(out, "{}", say::import_added(lang, added, &skipped))?;
    Ok(())
}
