//! The sync commands: `balie sync` at a desk or a coordinator, and `balie server
//! init|add-desk|add-coordinator|status` for whoever administers the city's database. Each
//! resolves its arguments, calls [`crate::sync`], and writes a line or a table.

use std::io::Write;

use anyhow::Result;

use super::errors::{self, said_over};
use super::output::{self, Page, Table};
use super::words::sync as words;
use super::{Setup, desk_and_volunteer, who};
use crate::cli::sync::{ServerAction, ServerArgs, SyncArgs};
use crate::cli::{Cli, Format};
use crate::i18n::Lang;
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
        let e = said_over(words::outcome_not_kept, e);
        eprintln!("{}", errors::warning(config.lang, &e));
    }
    let (report, unreadable) = result?;
    for problem in &unreadable {
        let e = errors::said(|l| words::article_left_out(l, problem));
        eprintln!("{}", errors::warning(config.lang, &e));
    }
    match args.format {
        Format::Json => output::json(out, &report)?,
        Format::Table | Format::Csv => writeln!(out, "{}", words::report(config.lang, &report))?,
    }
    Ok(())
}

/// `balie server ...`.
pub fn run_server(args: &ServerArgs, lang: Lang, out: &mut dyn Write) -> Result<()> {
    match &args.action {
        ServerAction::Init(a) => {
            let url = SyncUrl::parse(&a.admin_url)?;
            let mut client = url.connect()?;
            let done = schema::init(&mut client, &url)?;
            let line = if done.from == done.to {
                words::schema_current(lang, &url, done.to)
            } else if done.from == 0 {
                words::schema_created(lang, &url, done.to)
            } else {
                words::schema_upgraded(lang, &url, done.from, done.to)
            };
            writeln!(out, "{line}")?;
        }
        ServerAction::AddDesk(a) | ServerAction::AddCoordinator(a) => {
            let kind = match &args.action {
                ServerAction::AddDesk(_) => LoginKind::Desk,
                _ => LoginKind::Coordinator,
            };
            let url = SyncUrl::parse(&a.admin.admin_url)?;
            let mut client = url.connect()?;
            let login = admin::add_login(&mut client, &url, &a.name, kind)?;
            let coordinator = matches!(kind, LoginKind::Coordinator);
            let line = words::login_ready(lang, &login.role, a.name.trim(), coordinator);
            writeln!(out, "{line}")?;
            writeln!(out, "{}", login.url)?;
        }
        ServerAction::Status(a) => {
            let url = SyncUrl::parse(&a.admin.admin_url)?;
            let mut client = url.connect()?;
            let rows = admin::status(&mut client, &url)?;
            status_table(&rows, a.format, lang, out)?;
        }
    }
    Ok(())
}

fn status_table(
    rows: &[admin::LoginStatus],
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<()> {
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
    // the CSV keeps its English words, the table is in the administrator's language
    let table = |lang| {
        Table::new(header).rows(rows.iter().map(|r| {
            vec![
                r.name.clone(),
                r.kind.clone(),
                r.role.clone(),
                r.last_sync.map_or_else(
                    || words::never(lang).to_string(),
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
    output::listing(
        out,
        format,
        lang,
        || rows,
        || table(Lang::En),
        || Page::new(table(lang)),
    )
}
