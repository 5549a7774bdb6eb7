//! `balie backup` and `balie restore`: a copy of the database now, and putting one back
//! after checking it (the database it replaces is kept).

use std::io::Write;

use anyhow::Result;

use super::progress::{Bar, Work};
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
            writeln!(
                out,
                "backup of {contacts} contact(s) written to {}",
                file.display()
            )?;
        }
        None => {
            let path = backup::write_in(&store, &ctx.data_dir, ctx.now, None)?;
            writeln!(
                out,
                "backup of {contacts} contact(s) written to {}",
                path.display()
            )?;
            if config.backup_keep > 0 {
                for old in backup::prune(&ctx.data_dir, config.backup_keep as usize)? {
                    writeln!(out, "removed the old backup {}", old.display())?;
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
    let newest = done
        .checked
        .newest
        .map(|t| format!(", the latest of {}", t.format("%Y-%m-%d %H:%M")))
        .unwrap_or_default();
    writeln!(
        out,
        "restored {}: {} contact(s){newest}",
        args.file.display(),
        done.checked.contacts
    )?;
    match &done.kept {
        Some(kept) => writeln!(
            out,
            "the database it replaced is kept as {}",
            kept.display()
        )?,
        None => writeln!(out, "there was no database yet; nothing needed keeping")?,
    }
    if done.forgets_reapplied > 0 {
        writeln!(
            out,
            "erased again what `balie forget` had erased since the backup: {} contact(s)",
            done.forgets_reapplied
        )?;
    }
    if done.purged.contacts > 0 {
        writeln!(
            out,
            "erased what is past the retention period: {}",
            done.purged.summary()
        )?;
    }
    Ok(())
}
