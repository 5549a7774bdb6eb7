//! `balie audit`: the audit log (edits, deletions, erasures, restores and exports), and the
//! entry every command that lets contacts leave balie writes in it.

use std::io::Write;

use anyhow::{Context, Result};
use chrono::{NaiveDateTime, NaiveTime};

use super::errors::said;
use super::output::{self, Page, Table};
use super::words::{self, Noun, fail};
use super::{Setup, who};
use crate::cli::data::AuditArgs;
use crate::cli::{Cli, Format};
use crate::config::Config;
use crate::domain::STAMP_FORMAT;
use crate::store::Store;
use crate::store::audit::{self, AuditEntry};
use crate::when;

/// Record in the audit log that contacts left balie (a CSV or JSON listing).
pub fn record_export(
    cli: &Cli,
    config: &Config,
    store: &Store,
    now: NaiveDateTime,
    what: &str,
) -> Result<()> {
    let who = who(cli, config, store)?.unwrap_or_default();
    store.audit(now, &who, audit::AuditKind::Export, &[], what)?;
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
        return Err(said(|l| fail::from_after_to(l, f, t)));
    }
    let start = from.map(|d| d.and_time(NaiveTime::MIN));
    let until = to
        .and_then(|d| d.succ_opt())
        .map(|d| d.and_time(NaiveTime::MIN));
    let entries = store.audit_entries(start, until)?;
    write_audit(&entries, args.format.format, config.lang, out)
}

fn write_audit(
    entries: &[AuditEntry],
    format: Format,
    lang: crate::i18n::Lang,
    out: &mut dyn Write,
) -> Result<()> {
    let who = |e: &AuditEntry| {
        if e.volunteer.is_empty() {
            "?".to_string()
        } else {
            e.volunteer.clone()
        }
    };
    output::listing(
        out,
        format,
        lang,
        || entries,
        || {
            let header = ["seq", "at", "volunteer", "action", "contact_ids", "detail"];
            Table::new(header).rows(entries.iter().map(|e| {
                vec![
                    e.seq.to_string(),
                    e.at.format(STAMP_FORMAT).to_string(),
                    e.volunteer.clone(),
                    e.action.to_string(),
                    e.contact_ids.join(" "),
                    e.detail.clone(),
                ]
            }))
        },
        || {
            let header = ["at", "vol", "action", "contacts", "detail"];
            let rows = entries.iter().map(|e| {
                let contacts = match e.contact_ids.as_slice() {
                    [] => String::new(),
                    [one] => one.clone(),
                    many => words::count(lang, many.len(), Noun::Contact),
                };
                vec![
                    e.at.format("%Y-%m-%d %H:%M").to_string(),
                    who(e),
                    e.action.to_string(),
                    contacts,
                    e.detail.clone(),
                ]
            });
            let n = entries.len();
            Page::new(Table::new(header).rows(rows)).below(words::count(lang, n, Noun::AuditEntry))
        },
    )
}
