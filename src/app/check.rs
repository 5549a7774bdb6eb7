//! `balie check`: SQLite's own integrity check, and every contact's moments readable. A
//! contact whose time cannot be read falls out of every period, so no list or report can
//! show it; this command names it.

use std::io::Write;

use anyhow::{Result, bail};

use super::Setup;
use crate::cli::Cli;
use crate::store::Filter;

/// How many unreadable rows are named before the rest is counted.
const SHOWN: usize = 20;

/// `balie check`.
pub fn check(_cli: &Cli, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    // no daily upkeep first: a backup or purge of a database being checked waits for the verdict
    let store = ctx.store_without_upkeep()?;
    let integrity = store.integrity()?;
    let contacts = store.count(&Filter::default())?;
    let unreadable = store.unreadable_moments()?;
    if integrity == "ok" {
        writeln!(out, "SQLite's integrity check: ok ({contacts} contact(s))")?;
    } else {
        writeln!(out, "SQLite's integrity check found: {integrity}")?;
    }
    for u in unreadable.iter().take(SHOWN) {
        writeln!(
            out,
            "contact {}: its {} `{}` cannot be read, so it is in no list or report",
            u.id, u.column, u.value
        )?;
    }
    if unreadable.len() > SHOWN {
        writeln!(out, "... and {} more", unreadable.len() - SHOWN)?;
    }
    match (integrity == "ok", unreadable.len()) {
        (true, 0) => {
            writeln!(out, "every contact's moments can be read")?;
            Ok(())
        }
        (true, n) => bail!(
            "{n} contact(s) hold a moment balie cannot read (written by another program or a \
             hand edit); nothing else is wrong. Correct those rows, or put a backup from \
             before in place with `balie restore FILE`"
        ),
        (false, _) => bail!(
            "SQLite finds the database damaged; put a backup in place with `balie restore \
             FILE` (the daily backups are in backups/ in the data folder)"
        ),
    }
}
