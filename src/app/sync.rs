//! The sync commands: `balie sync` at a desk or a coordinator, and `balie server
//! init|add-desk|add-coordinator|status` for whoever administers the city's database. Each
//! resolves its arguments, calls [`crate::sync`], and writes a line or a table.

use std::io::Write;

use anyhow::Result;

use super::output::{self, Page, Table};
use super::{Setup, desk_and_volunteer, who};
use crate::cli::sync::{ServerAction, ServerArgs, SyncArgs};
use crate::cli::{Cli, Format};
use crate::sync::admin::{self, LoginKind};
use crate::sync::{self, SyncUrl, schema};

/// `balie sync`.
pub fn run_sync(cli: &Cli, args: &SyncArgs, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let url = sync::configured_url(&config)?;
    let mut store = ctx.store(&config)?;
    let (desk, _) = desk_and_volunteer(cli, &config, &store)?;
    let by = who(cli, &config, &store)?;
    let opts = sync::Options {
        url,
        notes: config.sync.notes,
        desk,
        by: by.unwrap_or_else(|| crate::store::audit::AUTOMATIC.to_string()),
        now: ctx.now,
    };
    let result = sync::sync(&mut store, &config, &opts);
    if let Err(e) = sync::session::record_outcome(&store, result.is_ok(), ctx.now) {
        eprintln!("warning: how this sync went could not be remembered: {e}");
    }
    let (report, unreadable) = result?;
    for problem in unreadable {
        eprintln!("warning: a published {problem}; it was left out");
    }
    match args.format {
        Format::Json => output::json(out, &report)?,
        Format::Table | Format::Csv => writeln!(out, "{}", report.summary())?,
    }
    Ok(())
}

/// `balie server ...`.
pub fn run_server(args: &ServerArgs, out: &mut dyn Write) -> Result<()> {
    match &args.action {
        ServerAction::Init(a) => {
            let url = SyncUrl::parse(&a.admin_url)?;
            let mut client = url.connect()?;
            let done = schema::init(&mut client, &url)?;
            if done.from == done.to {
                writeln!(
                    out,
                    "the balie schema on {url} is up to date (version {}); nothing changed",
                    done.to
                )?;
            } else if done.from == 0 {
                writeln!(
                    out,
                    "created the balie schema (version {}) on {url}; add desks with `balie \
                     server add-desk NAME --admin-url URL`",
                    done.to
                )?;
            } else {
                writeln!(
                    out,
                    "upgraded the balie schema on {url} from version {} to {}",
                    done.from, done.to
                )?;
            }
        }
        ServerAction::AddDesk(a) | ServerAction::AddCoordinator(a) => {
            let kind = match &args.action {
                ServerAction::AddDesk(_) => LoginKind::Desk,
                _ => LoginKind::Coordinator,
            };
            let url = SyncUrl::parse(&a.admin.admin_url)?;
            let mut client = url.connect()?;
            let login = admin::add_login(&mut client, &url, &a.name, kind)?;
            let what = match kind {
                LoginKind::Desk => "desk",
                LoginKind::Coordinator => "coordinator",
            };
            writeln!(
                out,
                "login `{}` for {what} `{}` is ready (an earlier password of it no longer \
                 works). Put this URL under [sync] url in that balie's config, or in \
                 BALIE_SYNC_URL; it is shown only now:",
                login.role,
                a.name.trim()
            )?;
            writeln!(out, "{}", login.url)?;
        }
        ServerAction::Status(a) => {
            let url = SyncUrl::parse(&a.admin.admin_url)?;
            let mut client = url.connect()?;
            let rows = admin::status(&mut client, &url)?;
            status_table(&rows, a.format, out)?;
        }
    }
    Ok(())
}

fn status_table(rows: &[admin::LoginStatus], format: Format, out: &mut dyn Write) -> Result<()> {
    let header = [
        "name",
        "kind",
        "login",
        "last_sync",
        "on_server",
        "at_desk",
        "waiting",
        "oldest_unsent",
    ];
    let opt = |v: Option<i64>| v.map_or_else(String::new, |n| n.to_string());
    let table = || {
        Table::new(header).rows(rows.iter().map(|r| {
            vec![
                r.name.clone(),
                r.kind.clone(),
                r.role.clone(),
                r.last_sync.map_or_else(
                    || "never".to_string(),
                    |t| {
                        t.with_timezone(&chrono::Local)
                            .format("%Y-%m-%d %H:%M")
                            .to_string()
                    },
                ),
                r.on_server.to_string(),
                opt(r.at_desk),
                opt(r.waiting),
                r.oldest_unsent
                    .map_or_else(String::new, |t| t.format("%Y-%m-%d %H:%M").to_string()),
            ]
        }))
    };
    // the server has no config: its admin listing keeps the English headers
    output::listing(
        out,
        format,
        crate::i18n::Lang::En,
        || rows,
        table,
        || Page::new(table()),
    )
}
