//! The several-desks commands: `signals`, `follow-ups` (and `follow-ups done ID`),
//! `export --bundle`, `merge` and `import`. Each resolves its arguments, calls the library
//! ([`crate::desks`], [`crate::report::signals`], the store's follow-ups) and writes a
//! table, CSV or JSON.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Subcommand};
use serde_json::{Value, json};

use super::progress::{Bar, Work};
use super::report::period_of;
use super::{Setup, desk_and_volunteer, output, trust};
use crate::cli::{Cli, Format};
use crate::config::{Config, Labelled};
use crate::desks::bundle::{self, BundleError, BundleOptions};
use crate::desks::{import, is_contact_id, merge};
use crate::domain::{AT_FORMAT, Contact, ContactId, normalize_initials};
use crate::report::args::{ExportArgs, PeriodArgs};
use crate::store::audit;
use crate::store::{FollowUpDone, FollowUps, Store};

#[derive(Debug, Args)]
#[command(
    after_help = "Without --period or --from/--to every contact with a signal counts. The \
    global --desk shows one desk only."
)]
pub struct SignalsArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "Lists the follow-ups due today or earlier that nobody marked done, the \
    oldest first. The global --desk shows one desk only."
)]
pub struct FollowUpArgs {
    #[command(subcommand)]
    pub action: Option<FollowUpAction>,
    /// Also list the follow-ups that are not due yet
    #[arg(long)]
    pub all: bool,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum FollowUpAction {
    /// Mark a contact's follow-up done (recorded in the audit log)
    Done(IdArg),
    /// Open a follow-up marked done again
    Reopen(IdArg),
}

#[derive(Debug, Args)]
pub struct IdArg {
    /// The contact's id, or its first characters (at least 6) when they are unique
    #[arg(value_name = "ID")]
    pub id: String,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Every file is checked in full first; a damaged, cut-off or foreign file, or \
    data this config cannot take, refuses the whole merge and nothing is merged. Contacts are \
    matched by id: merging a bundle again changes nothing, and a contact edited later at its \
    desk replaces the older version (recorded in the audit log)."
)]
pub struct MergeArgs {
    /// Bundles written by `balie export --bundle FILE`
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Check the bundles and say what merging would do, without merging
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Reads the columns `balie export` writes, with commas or (Dutch Excel) \
    semicolons. At least `at` and `topics` are needed; the global --desk and --volunteer fill \
    in rows without a desk or volunteer. Every row is checked first: one bad row imports \
    nothing. Rows whose id is already here are skipped, so importing twice is safe."
)]
pub struct ImportArgs {
    /// The CSV file
    #[arg(value_name = "FILE.csv")]
    pub file: PathBuf,
    /// Check the file and say what importing would do, without importing
    #[arg(long)]
    pub dry_run: bool,
    /// Import notes and resident codes even though they look like personal data
    #[arg(long)]
    pub allow_personal_data: bool,
}

/// The initials of whoever runs the command, when set.
fn who(cli: &Cli, config: &Config, store: &Store) -> Result<Option<String>> {
    let (_, v) = desk_and_volunteer(cli, config, store)?;
    Ok(v.and_then(|v| normalize_initials(&v)))
}

/// Like [`who`], for a change the audit log must attribute.
pub(super) fn required_who(cli: &Cli, config: &Config, store: &Store) -> Result<String> {
    who(cli, config, store)?.ok_or_else(|| {
        anyhow!(
            "no volunteer is set, and the audit log must say who did this: give --volunteer XX \
             (your initials)"
        )
    })
}

fn scope(desk: Option<&str>) -> String {
    desk.map_or_else(|| "all desks".into(), |d| format!("desk {d}"))
}

/// `balie signals`.
pub fn signals(cli: &Cli, args: &SignalsArgs, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let store = ctx.store(&config)?;
    let period = period_of(&args.period, ctx.now.date())?;
    let desk = super::known_desk(cli, &config, &store)?;
    let list = crate::report::signals(&store, period.as_ref(), desk)?;
    let days = period.map_or_else(|| "all days".to_string(), |p| p.describe());
    let joined = |items: &[crate::report::signals::Counted], sep: &str, pair: &str| {
        items
            .iter()
            .map(|c| format!("{}{pair}{}", c.name, c.contacts))
            .collect::<Vec<_>>()
            .join(sep)
    };
    match args.format {
        Format::Json => output::json(
            out,
            &json!({ "period": period.map(|p| p.label()), "desk": desk, "signals": list }),
        )?,
        Format::Csv => {
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|s| {
                    vec![
                        s.label.clone(),
                        s.contacts.to_string(),
                        s.residents.to_string(),
                        joined(&s.desks, "|", ":"),
                        joined(&s.topics, "|", ":"),
                        s.first.format(AT_FORMAT).to_string(),
                        s.last.format(AT_FORMAT).to_string(),
                    ]
                })
                .collect();
            output::csv(
                out,
                &[
                    "signal",
                    "contacts",
                    "residents",
                    "desks",
                    "topics",
                    "first",
                    "last",
                ],
                &rows,
            )?;
        }
        Format::Table => {
            writeln!(out, "signals, {days}, {}", scope(desk))?;
            if list.is_empty() {
                writeln!(
                    out,
                    "no contact carries a signal; give one with `balie log --signal TEXT` or in \
                     the entry form"
                )?;
                return Ok(());
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|s| {
                    let topics: Vec<_> = s
                        .topics
                        .iter()
                        .map(|t| crate::report::signals::Counted {
                            name: config.topic_label(&t.name, config.lang).to_string(),
                            contacts: t.contacts,
                        })
                        .collect();
                    vec![
                        s.label.clone(),
                        s.contacts.to_string(),
                        s.residents.to_string(),
                        s.first.date().to_string(),
                        s.last.date().to_string(),
                        joined(&s.desks, ", ", " "),
                        joined(&topics, ", ", " "),
                    ]
                })
                .collect();
            output::table(
                out,
                &[
                    "signal",
                    "contacts",
                    "residents",
                    "first",
                    "last",
                    "desks",
                    "topics",
                ],
                &rows,
            )?;
            writeln!(
                out,
                "{} signal(s); residents = distinct resident codes",
                list.len()
            )?;
        }
    }
    Ok(())
}

/// `balie follow-ups [--all]`, `balie follow-ups done ID`, `balie follow-ups reopen ID`.
pub fn follow_ups(cli: &Cli, args: &FollowUpArgs, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let mut store = ctx.store(&config)?;
    let today = ctx.now.date();
    match &args.action {
        Some(FollowUpAction::Done(id)) => {
            let id = resolve_id(&store, &id.id)?;
            let by = required_who(cli, &config, &store)?;
            match store.mark_follow_up_done(&id, &by, ctx.now)? {
                FollowUpDone::Marked(c) => writeln!(
                    out,
                    "follow-up of {} marked done ({})",
                    id,
                    describe(&config, &c)
                )?,
                FollowUpDone::AlreadyDone(at) => writeln!(
                    out,
                    "the follow-up of {id} was marked done before, at {}; nothing changed",
                    at.format(AT_FORMAT)
                )?,
                FollowUpDone::NoFollowUp => {
                    bail!("contact {id} has no follow-up day; nothing changed")
                }
            }
            return Ok(());
        }
        Some(FollowUpAction::Reopen(id)) => {
            let id = resolve_id(&store, &id.id)?;
            let by = required_who(cli, &config, &store)?;
            if !store.reopen_follow_up(&id, &by, ctx.now)? {
                bail!("the follow-up of {id} is not marked done; nothing changed");
            }
            writeln!(out, "the follow-up of {id} is open again")?;
            return Ok(());
        }
        None => {}
    }
    let which = if args.all {
        FollowUps::All
    } else {
        FollowUps::Due
    };
    let desk = super::known_desk(cli, &config, &store)?;
    let list = store.follow_ups(which, today, desk)?;
    let late = |c: &Contact| c.follow_up.map_or(0, |d| (today - d).num_days());
    match args.format {
        Format::Json => {
            let rows: Vec<Value> = list
                .iter()
                .map(|c| {
                    let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
                    if let Value::Object(m) = &mut v {
                        m.insert("days_late".into(), json!(late(c)));
                    }
                    v
                })
                .collect();
            output::json(out, &rows)?;
        }
        Format::Csv => {
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|c| {
                    vec![
                        c.id.0.clone(),
                        c.follow_up.map(|d| d.to_string()).unwrap_or_default(),
                        late(c).to_string(),
                        c.at.format(AT_FORMAT).to_string(),
                        c.desk.clone(),
                        c.volunteer.clone(),
                        c.referred_to.clone().unwrap_or_default(),
                        c.referred_from.clone().unwrap_or_default(),
                        c.topics.join("|"),
                        c.signal.clone().unwrap_or_default(),
                        c.note.clone(),
                    ]
                })
                .collect();
            output::csv(
                out,
                &[
                    "id",
                    "follow_up",
                    "days_late",
                    "at",
                    "desk",
                    "volunteer",
                    "referred_to",
                    "referred_from",
                    "topics",
                    "signal",
                    "note",
                ],
                &rows,
            )?;
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|c| {
                    let late = match late(c) {
                        0 => "today".to_string(),
                        n if n > 0 => format!("{n}d late"),
                        n => format!("in {}d", -n),
                    };
                    vec![
                        c.follow_up.map(|d| d.to_string()).unwrap_or_default(),
                        late,
                        c.at.format(AT_FORMAT).to_string(),
                        c.desk.clone(),
                        c.referred_to
                            .as_deref()
                            .map(|p| partner_label(&config, p))
                            .unwrap_or_default(),
                        c.topics
                            .iter()
                            .map(|t| config.topic_label(t, config.lang))
                            .collect::<Vec<_>>()
                            .join(", "),
                        c.id.0.clone(),
                        c.note.clone(),
                    ]
                })
                .collect();
            output::table(
                out,
                &[
                    "due",
                    "late",
                    "contact",
                    "desk",
                    "referred to",
                    "topics",
                    "id",
                    "note",
                ],
                &rows,
            )?;
            let what = if args.all {
                "open follow-up(s)".to_string()
            } else {
                format!("follow-up(s) due by {today}")
            };
            writeln!(out, "{} {what}, {}", list.len(), scope(desk))?;
            if !list.is_empty() {
                writeln!(out, "mark one done: balie follow-ups done ID")?;
            }
        }
    }
    if matches!(args.format, Format::Csv | Format::Json) {
        let what = format!(
            "follow-ups --format {:?}: {} contact(s)",
            args.format,
            list.len()
        );
        trust::record_export(cli, &config, &store, ctx.now, &what.to_lowercase())?;
    }
    Ok(())
}

fn partner_label(config: &Config, code: &str) -> String {
    config
        .partner(code)
        .map_or_else(|| code.to_string(), |p| p.label(config.lang).to_string())
}

/// "due 2026-11-27, referred to Huurteam, contact of 2026-11-25 10:00 at Noord".
fn describe(config: &Config, c: &Contact) -> String {
    let mut parts = Vec::new();
    if let Some(d) = c.follow_up {
        parts.push(format!("due {d}"));
    }
    if let Some(p) = &c.referred_to {
        parts.push(format!("referred to {}", partner_label(config, p)));
    }
    parts.push(format!(
        "contact of {} at {}",
        c.at.format(AT_FORMAT),
        c.desk
    ));
    parts.join(", ")
}

/// A contact id as typed: in full, or its first characters when only one id starts so.
fn resolve_id(store: &Store, typed: &str) -> Result<ContactId> {
    let typed = typed.trim().to_uppercase();
    if !is_contact_id(&typed) {
        bail!("`{typed}` is not a contact id; copy it from `balie follow-ups` or `balie list`");
    }
    if store.get(&ContactId(typed.clone()))?.is_some() {
        return Ok(ContactId(typed));
    }
    if typed.len() < 6 {
        bail!("there is no contact with id {typed}; give at least its first 6 characters");
    }
    let found = store.contact_ids_starting_with(&typed, 2)?;
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!("there is no contact with an id starting with {typed}"),
        _ => bail!("more than one contact has an id starting with {typed}; give more of it"),
    }
}

/// `balie export --bundle FILE`.
pub fn export_bundle(cli: &Cli, args: &ExportArgs, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let Some(path) = &args.bundle else {
        bail!("give --bundle FILE");
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
    writeln!(out, "{}: written to {}", m.describe(), path.display())?;
    if let Some(r) = &opts.seal_to {
        writeln!(
            out,
            "sealed for the coordinator's key {r}: only that coordinator can open it"
        )?;
    }
    if m.rows.articles + m.rows.deleted_contacts > 0 {
        writeln!(
            out,
            "with {} of the desk's own article(s) and {} deletion(s)",
            m.rows.articles, m.rows.deleted_contacts
        )?;
    }
    Ok(())
}

/// `balie merge FILE... [--dry-run]`.
pub fn merge(cli: &Cli, args: &MergeArgs, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let mut store = ctx.store(&config)?;
    let by = if args.dry_run {
        String::new()
    } else {
        required_who(cli, &config, &store)?
    };
    let mut bundles = Vec::with_capacity(args.files.len());
    let mut refused = Vec::new();
    for file in &args.files {
        match bundle::read_any(file, &config, &store) {
            Ok(b) => bundles.push(b),
            Err(e @ BundleError::Invalid { .. }) => refused.push(format!(
                "{e}\n(the config in use: {})",
                ctx.config_path.as_ref().filter(|p| p.exists()).map_or_else(
                    || "the shipped defaults only".into(),
                    |p| p.display().to_string()
                )
            )),
            Err(e) => refused.push(e.to_string()),
        }
    }
    if !refused.is_empty() {
        let fine = args.files.len() - refused.len();
        if fine > 0 {
            refused.push(format!(
                "the other {fine} file(s) are fine, but were not merged either: merge them \
                 together again once every file is sound, or leave the refused one out"
            ));
        }
        bail!("{}", refused.join("\n"));
    }
    let becomes_demo = refuse_to_mix_demo(&store, &bundles)?;
    // the desks whose bundle key the merge will trust, from their first signed bundle
    let mut first_keys: Vec<(String, String)> = Vec::new();
    for b in &bundles {
        if let Some(key) = &b.signer {
            for desk in &b.manifest.desks {
                let new = !first_keys.iter().any(|(d, _)| d == desk);
                if new && bundle::sign::trusted(store.conn(), desk)?.is_empty() {
                    first_keys.push((desk.clone(), key.clone()));
                }
            }
        }
    }
    let counts = if args.dry_run {
        merge::preview(&mut store, &bundles, ctx.now)?
    } else {
        let total = bundles.iter().map(|b| b.contacts.len() as u64).sum();
        let bar = Bar::new(Work::Merge, config.lang, Some(total), false);
        let counts =
            merge::merge_with_progress(&mut store, &bundles, &by, ctx.now, &mut |n| bar.set(n));
        bar.finish();
        let counts = counts?;
        if becomes_demo {
            let files: Vec<_> = bundles
                .iter()
                .map(|b| b.path.display().to_string())
                .collect();
            let mark = format!("demo data merged from {}", files.join(", "));
            store.set_setting(crate::store::Setting::Demo.key(), &mark)?;
        }
        counts
    };
    let mut total = merge::MergeCounts::default();
    for (b, n) in bundles.iter().zip(&counts) {
        writeln!(out, "{}: {}", b.path.display(), b.manifest.describe())?;
        writeln!(out, "  {}", n.summary())?;
        total.added += n.added;
        total.updated += n.updated;
        total.skipped += n.skipped;
        total.deleted += n.deleted;
        total.links += n.links;
        total.articles += n.articles;
    }
    for (desk, key) in &first_keys {
        let verb = if args.dry_run { "would be" } else { "is" };
        writeln!(
            out,
            "desk `{desk}`: its first signed bundle; its key {key} {verb} trusted from now on \
             (compare it with `balie keys signing` at the desk)"
        )?;
    }
    if args.dry_run {
        writeln!(out, "merging would make: {}", total.summary())?;
        writeln!(out, "nothing was merged (--dry-run)")?;
    } else {
        writeln!(out, "merged: {}", total.summary())?;
    }
    Ok(())
}

/// Demo contacts never mix with real ones: demo bundles go only into a demo database (or an
/// empty one, which then becomes a demo database: the answer is true), real bundles never
/// into a demo database.
fn refuse_to_mix_demo(store: &crate::store::Store, bundles: &[bundle::Bundle]) -> Result<bool> {
    let demo_here = store.setting(crate::store::Setting::Demo.key())?.is_some();
    let (demo, real): (Vec<_>, Vec<_>) = bundles.iter().partition(|b| b.manifest.demo);
    let names = |list: &[&bundle::Bundle]| {
        list.iter()
            .map(|b| b.path.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !demo.is_empty() && !real.is_empty() {
        bail!(
            "{} hold(s) demo data and {} real contacts; demo data never mixes with real data: merge them into separate data folders; nothing was merged",
            names(&demo),
            names(&real)
        );
    }
    if demo_here && !real.is_empty() {
        bail!(
            "this data folder holds demo data (from `balie demo`) and {} real contacts; merge them into a real data folder (another --data-dir); nothing was merged",
            names(&real)
        );
    }
    if !demo_here && !demo.is_empty() {
        if store.count(&crate::store::Filter::default())? > 0 {
            bail!(
                "{} hold(s) demo data (from `balie demo`) and this data folder real contacts; demo data never mixes with real data: merge it into a data folder of its own (another --data-dir); nothing was merged",
                names(&demo)
            );
        }
        return Ok(true);
    }
    Ok(false)
}

/// `balie import FILE.csv [--dry-run]`.
pub fn import(cli: &Cli, args: &ImportArgs, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let mut store = ctx.store(&config)?;
    if store.setting(crate::store::Setting::Demo.key())?.is_some() {
        bail!(
            "this data folder holds demo data (from `balie demo`); import real contacts into a real data folder (another --data-dir), so they never mix with made-up ones; nothing was imported"
        );
    }
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let (desk, volunteer) = desk_and_volunteer(cli, &config, &store)?;
    let opts = import::ImportOptions {
        desk,
        volunteer,
        allow_personal_data: args.allow_personal_data,
    };
    let plan = import::plan(&store, &config, &bytes, &opts, ctx.now)
        .with_context(|| format!("{}", args.file.display()))?;
    let dialect = if plan.excel {
        "Dutch Excel (semicolons)"
    } else {
        "commas"
    };
    writeln!(
        out,
        "{}: {} row(s), {dialect}",
        args.file.display(),
        plan.rows
    )?;
    let skipped = format!(
        "{} already here, {} deleted here earlier",
        plan.existing, plan.deleted
    );
    let derived = if plan.derived_ids > 0 {
        format!(
            "; {} row(s) without an id got one from their contents",
            plan.derived_ids
        )
    } else {
        String::new()
    };
    if args.dry_run {
        writeln!(
            out,
            "would add {} contact(s), skip {skipped}{derived}",
            plan.new.len()
        )?;
        writeln!(out, "nothing was imported (--dry-run)")?;
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
    writeln!(out, "added {added} contact(s), skipped {skipped}{derived}")?;
    Ok(())
}
