//! The commands that keep the data safe and private: `backup`, `restore`, `purge`, `forget`
//! and `audit`, the personal-data check `log` runs, and the audit entry for exports.

use std::io::Write;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{NaiveDateTime, NaiveTime};

use super::{Setup, desk_and_volunteer, output};
use crate::backup;
use crate::cli::data::{AuditArgs, BackupArgs, ForgetArgs, PurgeArgs, RestoreArgs};
use crate::cli::{Cli, Format};
use crate::config::Config;
use crate::domain::{Contact, STAMP_FORMAT, normalize_initials};
use crate::i18n::Lang;
use crate::privacy;
use crate::store::Store;
use crate::store::audit::{self, AuditEntry};
use crate::store::erase::{Erasure, retention_cutoff};
use crate::when;

/// Refuse a contact whose note or resident code looks like it holds personal data, naming
/// what was found (never repeating it).
pub fn refuse_personal_data(c: &Contact) -> Result<()> {
    let mut what = Vec::new();
    let note = privacy::scan(&c.note);
    if !note.is_empty() {
        what.push(format!(
            "the note holds what looks like {}",
            privacy::describe(&note, Lang::En)
        ));
    }
    if let Some(code) = &c.resident {
        let found = privacy::scan(code);
        if !found.is_empty() {
            what.push(format!(
                "the resident code looks like {}",
                privacy::describe(&found, Lang::En)
            ));
        }
    }
    if what.is_empty() {
        return Ok(());
    }
    bail!(
        "{}. Nothing was stored. Take it out (the card code and a few words are enough), or \
         give --allow-personal-data if it is not about a person",
        what.join("; ")
    )
}

/// The initials of whoever runs this command, for the audit log.
fn volunteer(cli: &Cli, config: &Config, store: &Store) -> Result<Option<String>> {
    let (_, v) = desk_and_volunteer(cli, config, store)?;
    Ok(v.and_then(|v| normalize_initials(&v)))
}

/// Like [`volunteer`], but an audited change needs someone to answer for it.
fn required_volunteer(cli: &Cli, config: &Config, store: &Store) -> Result<String> {
    volunteer(cli, config, store)?.ok_or_else(|| {
        anyhow!(
            "no volunteer is set, and the audit log must say who did this: give --volunteer XX \
             (your initials)"
        )
    })
}

/// Record in the audit log that contacts left balie (a CSV or JSON listing).
pub fn record_export(
    cli: &Cli,
    config: &Config,
    store: &Store,
    now: NaiveDateTime,
    what: &str,
) -> Result<()> {
    let who = volunteer(cli, config, store)?.unwrap_or_default();
    store.audit(now, &who, audit::AuditKind::Export, &[], what)?;
    Ok(())
}

/// `balie backup [--output FILE]`.
pub fn backup(cli: &Cli, ctx: &Setup, args: &BackupArgs, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let store = ctx.store_without_upkeep()?;
    let contacts = store.count(&Default::default())?;
    match &args.output {
        Some(file) => {
            let who = required_volunteer(cli, &config, &store)?;
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
    let who = cli
        .volunteer
        .clone()
        .or_else(|| config.volunteer.clone())
        .and_then(|v| normalize_initials(&v))
        .ok_or_else(|| {
            anyhow!(
                "no volunteer is set, and the audit log must say who did this: give --volunteer \
                 XX (your initials)"
            )
        })?;
    let key = ctx.db_key()?;
    let bar = super::progress::Bar::new(super::progress::Work::Restore, config.lang, None, false);
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
    let who = required_volunteer(cli, &config, &store)?;
    let done = store.purge(cutoff, &who, ctx.now)?;
    if done.contacts == 0 {
        writeln!(out, "nothing to erase: no {period}")?;
    } else {
        writeln!(out, "erased the {period}: {}", done.summary())?;
        writeln!(out, "the contacts and their counts stay")?;
    }
    Ok(())
}

/// `balie forget --resident CODE [--dry-run]`.
pub fn forget(cli: &Cli, ctx: &Setup, args: &ForgetArgs, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let mut store = ctx.store(&config)?;
    let (erasure, verb): (Erasure, &str) = if args.dry_run {
        (store.forget_preview(&args.resident)?, "would erase")
    } else {
        let who = required_volunteer(cli, &config, &store)?;
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

/// `balie audit [--from DAY] [--to DAY] [--format table|csv|json]`.
pub fn audit(cli: &Cli, ctx: &Setup, args: &AuditArgs, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let store = ctx.store_for_reading(&config)?;
    let today = ctx.now.date();
    let day = |s: &Option<String>, what: &str| {
        s.as_deref()
            .map(|d| when::parse_day(d, today).with_context(|| format!("--{what}")))
            .transpose()
    };
    let (from, to) = (day(&args.from, "from")?, day(&args.to, "to")?);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        bail!("--from {f} is after --to {t}: give the earlier day first");
    }
    let start = from.map(|d| d.and_time(NaiveTime::MIN));
    let until = to
        .and_then(|d| d.succ_opt())
        .map(|d| d.and_time(NaiveTime::MIN));
    let entries = store.audit_entries(start, until)?;
    write_audit(&entries, args.format.format, out)
}

fn write_audit(entries: &[AuditEntry], format: Format, out: &mut dyn Write) -> Result<()> {
    let who = |e: &AuditEntry| {
        if e.volunteer.is_empty() {
            "?".to_string()
        } else {
            e.volunteer.clone()
        }
    };
    match format {
        Format::Json => output::json(out, &entries)?,
        Format::Csv => {
            let rows: Vec<Vec<String>> = entries
                .iter()
                .map(|e| {
                    vec![
                        e.seq.to_string(),
                        e.at.format(STAMP_FORMAT).to_string(),
                        e.volunteer.clone(),
                        e.action.to_string(),
                        e.contact_ids.join(" "),
                        e.detail.clone(),
                    ]
                })
                .collect();
            output::csv(
                out,
                &["seq", "at", "volunteer", "action", "contact_ids", "detail"],
                &rows,
            )?;
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = entries
                .iter()
                .map(|e| {
                    let contacts = match e.contact_ids.as_slice() {
                        [] => String::new(),
                        [one] => one.clone(),
                        many => format!("{} contacts", many.len()),
                    };
                    vec![
                        e.at.format("%Y-%m-%d %H:%M").to_string(),
                        who(e),
                        e.action.to_string(),
                        contacts,
                        e.detail.clone(),
                    ]
                })
                .collect();
            output::table(out, &["at", "vol", "action", "contacts", "detail"], &rows)?;
            writeln!(
                out,
                "{} entr{}",
                entries.len(),
                if entries.len() == 1 { "y" } else { "ies" }
            )?;
        }
    }
    Ok(())
}
