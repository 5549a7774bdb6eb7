//! `balie backup` and `balie restore`: a copy of the database now, and putting one back
//! after checking it (the database it replaces is kept).

use std::io::Write;

use anyhow::Result;

use super::progress::{Bar, Work};
use super::words::say;
use super::{Setup, required_who};
use crate::backup;
use crate::cli::Cli;
use crate::cli::data::{BackupArgs, RestoreArgs};
use crate::store::audit;

/// `balie backup [--output FILE]`.
pub fn backup(cli: &Cli, ctx: &Setup, args: &BackupArgs, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let store = ctx.store_without_upkeep()?;
    let contacts = store.count(&Default::default())?;
    match &args.output {
        Some(file) => {
            let who = required_who(cli, &config, &store)?;
            backup::write(&store, file)?;
            store.audit(
                ctx.now,
                &who,
                audit::AuditKind::Backup,
                &[],
                &format!("{contacts} contact(s) to {}", file.display()),
            )?;
            let line = say::backup_written(config.lang, contacts, &file.display());
            writeln!(out, "{line}")?;
        }
        None => {
            let path = backup::write_in(&store, &ctx.data_dir, ctx.now, None)?;
            let line = say::backup_written(config.lang, contacts, &path.display());
            writeln!(out, "{line}")?;
            if config.backup_keep > 0 {
                for old in backup::prune(&ctx.data_dir, config.backup_keep as usize)? {
                    let line = say::old_backup_removed(config.lang, &old.display());
                    writeln!(out, "{line}")?;
                }
            }
        }
    }
    Ok(())
}

/// `balie restore FILE`.
pub fn restore(cli: &Cli, ctx: &Setup, args: &RestoreArgs, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    // Who restores: from the flag or config; the database itself may be unreadable.
    let who = super::required_who_without_store(cli, &config)?;
    let key = ctx.db_key()?;
    let bar = Bar::new(Work::Restore, config.lang, None, false);
    let done = backup::restore(
        &ctx.data_dir,
        &args.file,
        &config,
        &who,
        ctx.now,
        key.as_ref(),
    );
    bar.finish();
    let done = done?;
    let lang = config.lang;
    let newest = done
        .checked
        .newest
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string());
    let file = args.file.display();
    let contacts = done.checked.contacts;
    writeln!(out, "{}", say::restored(lang, &file, contacts, newest))?;
    match &done.kept {
        Some(kept) => writeln!(out, "{}", say::replaced_kept(lang, &kept.display()))?,
        None => writeln!(out, "{}", say::nothing_to_keep(lang))?,
    }
    if done.forgets_reapplied > 0 {
        writeln!(
            out,
            "{}",
            say::forgets_reapplied(lang, done.forgets_reapplied)
        )?;
    }
    if done.purged.contacts > 0 {
        let summary = super::words::data::erasure(lang, &done.purged);
        let line = say::purged_after_restore(lang, &summary);
        writeln!(out, "{line}")?;
    }
    Ok(())
}
