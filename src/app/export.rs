//! `balie export`: every contact of a period, one row each, as CSV or xlsx to a file or
//! standard output; and `export --bundle FILE`, the desk's data as one file for `balie merge`.

use std::io::{IsTerminal, Write};

use super::errors::said;
use super::words::fail;
use anyhow::Result;
use chrono::NaiveDate;

use super::progress::{Bar, Work};
use super::report::period_of;
use super::words::{self, Noun};
use super::{Setup, scope, who};
use crate::cli::Cli;
use crate::cli::report::ExportArgs;
use crate::config::Config;
use crate::desks::bundle::{self, BundleOptions};
use crate::i18n::Lang;
use crate::report::export::{self, ExportFormat, ExportOptions};
use crate::store::Store;
use crate::store::audit;

/// `balie export`: contact rows to a file or standard output. Returns what was exported, for
/// the audit log.
pub fn export(
    cli: &Cli,
    args: &ExportArgs,
    config: &Config,
    store: &Store,
    today: NaiveDate,
    out: &mut dyn Write,
) -> Result<String> {
    let opts = ExportOptions {
        format: args.format,
        dialect: args.dialect,
        period: period_of(&args.period, today)?,
        desk: super::known_desk(cli, config, store)?.map(str::to_string),
    };
    // `what` for the audit log (English, as all of it), `days` for the volunteer
    let (what, days) = match opts.period {
        Some(p) => (p.describe(), p.describe()),
        None => ("all days".into(), words::words(config.lang).all_days.into()),
    };
    match &args.output {
        Some(path) => {
            let total = store.count(&opts.filter())?;
            let bar = Bar::new(Work::Export, config.lang, Some(total), false);
            let n = export::export_to_file_with_progress(
                store,
                config,
                &opts,
                path,
                args.force,
                &mut |n| bar.set(n),
            );
            bar.finish();
            let n = n?;
            let detail = format!(
                "export --format {}, {what}, {}: {n} contact(s) to {}",
                format_name(args.format),
                scope(Lang::En, opts.desk.as_deref()),
                path.display()
            );
            let w = words::words(config.lang);
            writeln!(
                out,
                "{}, {days}, {}: {} {}",
                words::count(config.lang, n, Noun::Contact),
                scope(config.lang, opts.desk.as_deref()),
                w.written_to,
                path.display()
            )?;
            Ok(detail)
        }
        None => {
            if args.format == ExportFormat::Xlsx && std::io::stdout().is_terminal() {
                return Err(said(fail::xlsx_on_terminal));
            }
            let n = export::write_to(store, config, &opts, out)?;
            Ok(format!(
                "export --format {}, {what}, {}: {n} contact(s) to standard output",
                format_name(args.format),
                scope(Lang::En, opts.desk.as_deref())
            ))
        }
    }
}

fn format_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Csv => "csv",
        ExportFormat::Xlsx => "xlsx",
    }
}

/// `balie export --bundle FILE`.
pub fn bundle(cli: &Cli, args: &ExportArgs, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let Some(path) = &args.bundle else {
        return Err(said(fail::give_bundle));
    };
    let config = ctx.config(cli)?;
    let store = ctx.store(&config)?;
    let opts = BundleOptions {
        period: period_of(&args.period, ctx.now.date())?,
        desk: super::known_desk(cli, &config, &store)?.map(str::to_string),
        seal_to: config.bundle_recipient.clone(),
    };
    let by = who(cli, &config, &store)?.unwrap_or_default();
    let m = bundle::write(&store, &config, &opts, path, args.force, &by, ctx.now)?;
    let what = format!(
        "bundle {}: {} contact(s), {} article(s), {} deletion(s)",
        path.display(),
        m.rows.contacts,
        m.rows.articles,
        m.rows.deleted_contacts
    );
    store.audit(ctx.now, &by, audit::AuditKind::Export, &[], &what)?;
    let lang = config.lang;
    let described = words::data::bundle(lang, &m);
    let line = words::data::bundle_written(lang, &described, &path.display());
    writeln!(out, "{line}")?;
    if let Some(r) = &opts.seal_to {
        writeln!(out, "{}", words::data::sealed_for(lang, r))?;
    }
    if m.rows.articles + m.rows.deleted_contacts > 0 {
        let (articles, deletions) = (m.rows.articles, m.rows.deleted_contacts);
        writeln!(out, "{}", words::data::with_own(lang, articles, deletions))?;
    }
    Ok(())
}
