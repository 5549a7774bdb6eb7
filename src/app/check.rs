//! `balie check`: SQLite's own integrity check, and every contact's moments readable. A
//! contact whose time cannot be read falls out of every period, so no list or report can
//! show it; this command names it.

use std::io::Write;

use anyhow::Result;

use super::Setup;
use super::errors::said;
use super::words::say;
use crate::cli::Cli;
use crate::store::Filter;

/// How many unreadable rows are named before the rest is counted.
const SHOWN: usize = 20;

/// `balie check`.
pub fn check(cli: &Cli, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    // the config is needed for its language only: a broken one is no reason not to check
    let lang = ctx
        .config(cli)
        .map_or_else(|_| cli.lang.unwrap_or_default(), |c| c.lang);
    // no daily upkeep first: a backup or purge of a database being checked waits for the verdict
    let store = ctx.store_without_upkeep()?;
    let integrity = store.integrity()?;
    let contacts = store.count(&Filter::default())?;
    let unreadable = store.unreadable_moments()?;
    if integrity == "ok" {
        writeln!(out, "{}", say::integrity_ok(lang, contacts))?;
    } else {
        writeln!(out, "{}", say::integrity_found(lang, &integrity))?;
    }
    for u in unreadable.iter().take(SHOWN) {
        let line = say::unreadable_moment(lang, &u.id, u.column, &u.value);
        writeln!(out, "{line}")?;
    }
    if unreadable.len() > SHOWN {
        writeln!(out, "{}", say::and_more(lang, unreadable.len() - SHOWN))?;
    }
    match (integrity == "ok", unreadable.len()) {
        (true, 0) => {
            writeln!(out, "{}", say::moments_ok(lang))?;
            Ok(())
        }
        (true, n) => Err(said(|l| say::unreadable_contacts(l, n))),
        (false, _) => Err(said(|l| say::damaged(l).to_string())),
    }
}
