//! Running a parsed command line: find the data folder and config, open the store, carry out
//! the command, write its output. The binary maps the result to an exit code.

pub mod crypt;
pub mod demo;
pub mod desks;
pub mod document;
pub mod kb;
pub mod kb_keep;
pub mod output;
pub mod partners;
pub mod progress;
pub mod report;
pub mod sync;
pub mod trust;

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::cli::contacts::{ListArgs, LogArgs};
use crate::cli::{Cli, Command, Format};
use crate::config::{Config, Labelled};
use crate::crypt::DbKey;
use crate::domain::{AT_FORMAT, Contact, ContactId};
use crate::i18n::Lang;
use crate::store::{Filter, Store};
use crate::when;

/// Where things live and what time it is, resolved once from the command line and environment.
#[derive(Debug, Clone)]
pub struct Setup {
    pub data_dir: PathBuf,
    pub config_path: Option<PathBuf>,
    pub config_explicit: bool,
    pub now: NaiveDateTime,
    /// The interface language from `--lang`, for the passphrase prompt (asked before the
    /// config is read).
    pub lang: Option<Lang>,
    /// The database key, once unlocked: asked at most once per run.
    key: std::cell::OnceCell<Option<DbKey>>,
}

pub use crate::when::{NOW_VAR, now};

impl Setup {
    pub fn from_cli(cli: &Cli) -> Result<Setup> {
        let dirs = directories::ProjectDirs::from("nl", "balie", "balie");
        let data_dir = match (&cli.data_dir, &dirs) {
            (Some(d), _) => d.clone(),
            (None, Some(p)) => p.data_dir().to_path_buf(),
            (None, None) => bail!(
                "cannot find a home folder for balie's data; give --data-dir DIR or set BALIE_DATA_DIR"
            ),
        };
        let (config_path, config_explicit) = match (&cli.config, &dirs) {
            (Some(c), _) => (Some(c.clone()), true),
            (None, Some(p)) => (Some(p.config_dir().join("balie.toml")), false),
            (None, None) => (None, false),
        };
        Ok(Setup {
            data_dir,
            config_path,
            config_explicit,
            now: now()?,
            lang: cli.lang,
            key: std::cell::OnceCell::new(),
        })
    }

    /// The shipped defaults with the desk's config on top, and the `--lang` flag over both.
    pub fn config(&self, cli: &Cli) -> Result<Config> {
        let mut config = Config::load(self.config_path.as_deref(), self.config_explicit)?;
        if let Some(lang) = cli.lang {
            config.lang = lang;
        }
        Ok(config)
    }

    /// Open the store and run the daily upkeep (retention purge, backup) when it is due.
    /// Upkeep problems are warnings on stderr; they never stop the command.
    pub fn store(&self, config: &Config) -> Result<Store> {
        let mut store = self.store_without_upkeep()?;
        let report = crate::maintenance::daily(&mut store, config, &self.data_dir, self.now);
        for problem in report.problems() {
            eprintln!("warning: {problem}");
        }
        Ok(store)
    }

    /// Start `balie upkeep` for this data folder and config as a background process whose
    /// messages go to `balie.log` in the data folder.
    pub fn spawn_upkeep(&self) -> Result<()> {
        let cmd = self.background(&["upkeep"])?;
        let mut child = self
            .spawn_with_key(cmd)
            .context("cannot start `balie upkeep`")?;
        // wait for it on the side, so its exit is collected and no zombie stays behind
        std::thread::spawn(move || child.wait());
        Ok(())
    }

    /// Start `cmd` (a [`Setup::background`] balie); with an encrypted database it gets the
    /// key unlocked here through a pipe, never its arguments or environment.
    pub fn spawn_with_key(
        &self,
        mut cmd: std::process::Command,
    ) -> std::io::Result<std::process::Child> {
        let key = self.key.get().cloned().flatten();
        if key.is_some() {
            cmd.env(crate::crypt::KEY_STDIN_VAR, "1")
                .stdin(std::process::Stdio::piped());
        }
        let mut child = cmd.spawn()?;
        if let (Some(key), Some(mut stdin)) = (key, child.stdin.take()) {
            let text = key.recovery_text();
            stdin
                .write_all(text.as_bytes())
                .and_then(|()| stdin.write_all(b"\n"))?;
        }
        Ok(child)
    }

    /// `balie ARGS` for this data folder and config as a background process: no input, no
    /// output, its messages going to `balie.log` in the data folder.
    pub fn background(&self, args: &[&str]) -> Result<std::process::Command> {
        let exe = std::env::current_exe().context("cannot find the balie program")?;
        crate::files::private_dir(&self.data_dir)?;
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let log = options.open(self.data_dir.join(LOG_FILE))?;
        let mut cmd = std::process::Command::new(exe);
        cmd.args(args)
            .env("BALIE_DATA_DIR", &self.data_dir)
            .env_remove(crate::crypt::KEY_STDIN_VAR)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(log);
        match (&self.config_path, self.config_explicit) {
            (Some(path), true) => cmd.env("BALIE_CONFIG", path),
            _ => cmd.env_remove("BALIE_CONFIG"),
        };
        Ok(cmd)
    }

    /// The key of an encrypted database (the passphrase asked once per run), or none.
    pub fn db_key(&self) -> Result<Option<DbKey>> {
        if let Some(k) = self.key.get() {
            return Ok(k.clone());
        }
        let lang = self.lang.unwrap_or_default();
        let key = crate::crypt::unlock(&self.data_dir, lang)?;
        Ok(self.key.get_or_init(|| key).clone())
    }

    /// Forget the unlocked key (after the key changed, e.g. `balie decrypt`).
    pub fn forget_key(&mut self) {
        self.key = std::cell::OnceCell::new();
    }

    /// The store for a command that only reads (list, report, audit): as [`Setup::store`],
    /// or, when the data folder or disk cannot be written to, read-only with a warning.
    pub fn store_for_reading(&self, config: &Config) -> Result<Store> {
        match self.store(config) {
            Ok(store) => Ok(store),
            Err(e) if cannot_write(&e) => {
                let store = Store::open_read_only(&self.data_dir, self.db_key()?.as_ref())
                    .map_err(|ro| e.context(format!("reading it read-only failed too: {ro}")))?;
                eprintln!(
                    "warning: {} cannot be written to; showing what is stored, but nothing can be \
                     logged or changed until it can",
                    self.data_dir.display()
                );
                Ok(store)
            }
            Err(e) => Err(e),
        }
    }

    /// Open the store only (for commands that must not change anything on their own).
    pub fn store_without_upkeep(&self) -> Result<Store> {
        let key = self.db_key()?;
        Ok(Store::open_dir_keyed(&self.data_dir, key.as_ref())?)
    }
}

pub use crate::files::LOG_FILE;

/// `balie upkeep`: the daily jobs that are due, and what they did.
fn upkeep(cli: &Cli, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let mut store = ctx.store_without_upkeep()?;
    let report = crate::maintenance::daily(&mut store, &config, &ctx.data_dir, ctx.now);
    match &report.purge {
        Some(Ok(e)) => writeln!(
            out,
            "purge: erased the notes of {} and the resident codes of {} contact(s)",
            e.notes, e.residents
        )?,
        Some(Err(_)) => {}
        None if report.purge_held.is_some() => {}
        None => writeln!(out, "purge: already done today")?,
    }
    match &report.backup {
        Some(Ok(b)) => writeln!(
            out,
            "backup: {} ({} old backup(s) removed)",
            b.path.display(),
            b.removed.len()
        )?,
        Some(Err(_)) => {}
        None => writeln!(out, "backup: already made today (or turned off)")?,
    }
    let problems = report.problems();
    if problems.is_empty() {
        Ok(())
    } else {
        bail!("{}", problems.join("; "))
    }
}

/// Carry out `cli`, writing normal output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let ctx = Setup::from_cli(&cli)?;
    match &cli.command {
        None => {
            let config = ctx.config(&cli)?;
            // The daily upkeep (a purge and a backup of maybe a million contacts) runs in a
            // process of its own, so the desk screen starts at once and stays small.
            let mut store = ctx.store_without_upkeep()?;
            if let Err(e) = ctx.spawn_upkeep() {
                eprintln!("warning: the daily upkeep could not be started: {e}");
            }
            if let Err(e) = crate::kb::sync_shipped(&mut store, ctx.now) {
                eprintln!("warning: the shipped knowledge-base articles could not be loaded: {e}");
            }
            let (desk, volunteer) = desk_and_volunteer(&cli, &config, &store)?;
            let encrypted = crate::crypt::is_encrypted(&ctx.data_dir);
            let rules = crate::tui::lock::Rules {
                after: config.lock_after(encrypted),
                passphrase: encrypted,
                pin: crate::crypt::pin::usable(&store)?,
            };
            let sync_every = crate::sync::configured_url(&config)
                .is_ok()
                .then_some(config.sync.every_minutes);
            let mut app = crate::tui::App::new(config, store, desk, volunteer, ctx.now)?;
            app.set_lock(
                rules,
                encrypted.then(|| crate::crypt::convert::key_path(&ctx.data_dir)),
            );
            if let Some(every) = sync_every {
                // `balie sync` in a process of its own, for the desk this screen was started
                // at (a desk chosen on the set-up screen is remembered, and found there).
                let mut args = vec!["sync".to_string()];
                if let Some(d) = &cli.desk {
                    args.extend(["--desk".to_string(), d.clone()]);
                }
                let setup = ctx.clone();
                app.set_background_sync(
                    every,
                    Box::new(move || {
                        let args: Vec<&str> = args.iter().map(String::as_str).collect();
                        let cmd = setup.background(&args).map_err(std::io::Error::other)?;
                        setup.spawn_with_key(cmd)
                    }),
                );
            }
            crate::tui::run(app, &ctx.data_dir)
        }
        Some(Command::Log(args)) => {
            let config = ctx.config(&cli)?;
            let mut store = ctx.store(&config)?;
            let id = log(&cli, args, &config, &mut store, ctx.now)?;
            writeln!(out, "{id}")?;
            Ok(())
        }
        Some(Command::List(args)) => {
            let config = ctx.config(&cli)?;
            let store = ctx.store_for_reading(&config)?;
            let desk = known_desk(&cli, &config, &store)?;
            if let Some(exported) = list(args, desk, &config, &store, ctx.now.date(), out)? {
                trust::record_export(&cli, &config, &store, ctx.now, &exported)?;
            }
            Ok(())
        }
        Some(Command::Topics(f)) => {
            let config = ctx.config(&cli)?;
            topics(&config, f.format, out)
        }
        Some(Command::Partners(f)) => {
            let config = ctx.config(&cli)?;
            partners::list(&config, f.format, out)
        }
        Some(Command::Report(args)) => {
            let config = ctx.config(&cli)?;
            let mut store = ctx.store_for_reading(&config)?;
            if args.kb_gaps || args.document {
                // The gaps (also a section of the document) count the articles: the shipped
                // ones must be loaded.
                crate::kb::sync_shipped(&mut store, ctx.now)?;
            }
            report::report(&cli, args, &config, &store, ctx.now.date(), out)
        }
        Some(Command::Export(args)) if args.bundle.is_some() => {
            desks::export_bundle(&cli, args, &ctx, out)
        }
        Some(Command::Export(args)) => {
            let config = ctx.config(&cli)?;
            let store = ctx.store(&config)?;
            let exported = report::export(&cli, args, &config, &store, ctx.now.date(), out)?;
            trust::record_export(&cli, &config, &store, ctx.now, &exported)
        }
        Some(Command::Backup(args)) => trust::backup(&cli, &ctx, args, out),
        Some(Command::Restore(args)) => trust::restore(&cli, &ctx, args, out),
        Some(Command::Purge(args)) => trust::purge(&cli, &ctx, args, out),
        Some(Command::Forget(args)) => trust::forget(&cli, &ctx, args, out),
        Some(Command::Audit(args)) => trust::audit(&cli, &ctx, args, out),
        Some(Command::Kb(args)) => kb::run(&cli, args, &ctx, out),
        Some(Command::Demo(args)) => demo::run(&cli, args, &ctx, out),
        Some(Command::Upkeep) => upkeep(&cli, &ctx, out),
        Some(Command::Signals(args)) => desks::signals(&cli, args, &ctx, out),
        Some(Command::FollowUps(args)) => desks::follow_ups(&cli, args, &ctx, out),
        Some(Command::Merge(args)) => desks::merge(&cli, args, &ctx, out),
        Some(Command::Import(args)) => desks::import(&cli, args, &ctx, out),
        Some(Command::Encrypt) => crypt::encrypt(&cli, &ctx, out),
        Some(Command::Decrypt) => crypt::decrypt(&cli, &ctx, out),
        Some(Command::Passphrase) => crypt::passphrase(&cli, &ctx, out),
        Some(Command::Recover) => crypt::recover(&cli, &ctx, out),
        Some(Command::Pin(args)) => crypt::pin(&cli, args, &ctx, out),
        Some(Command::Keys(args)) => crypt::keys(&cli, args, &ctx, out),
        Some(Command::Sync(args)) => sync::run_sync(&cli, args, &ctx, out),
        Some(Command::Server(args)) => sync::run_server(args, out),
    }
}

/// The desk and volunteer for this run: flag, then config, then what was remembered.
pub fn desk_and_volunteer(
    cli: &Cli,
    config: &Config,
    store: &Store,
) -> Result<(Option<String>, Option<String>)> {
    let desk = match cli.desk.clone().or_else(|| config.desk.clone()) {
        Some(d) => Some(d),
        None => store.setting(crate::store::Setting::Desk.key())?,
    };
    let volunteer = match cli.volunteer.clone().or_else(|| config.volunteer.clone()) {
        Some(v) => Some(v),
        None => store.setting(crate::store::Setting::Volunteer.key())?,
    };
    Ok((desk, volunteer))
}

/// The global `--desk` of a command that reads (a report, an export, a list): a name that is
/// neither in the config nor in the data would only give zeros, so it is refused with the
/// closest names (`Noord` finds `WSWonen Noord`).
pub fn known_desk<'a>(cli: &'a Cli, config: &Config, store: &Store) -> Result<Option<&'a str>> {
    let Some(desk) = cli.desk.as_deref() else {
        return Ok(None);
    };
    let in_config = config.desks.iter().chain(&config.desk).any(|d| d == desk);
    if in_config || store.has_desk(desk)? {
        return Ok(Some(desk));
    }
    let mut names: Vec<String> = config.desks.iter().chain(&config.desk).cloned().collect();
    for d in store.desk_names()? {
        if !names.contains(&d) {
            names.push(d);
        }
    }
    let close = crate::config::closest(
        desk,
        names.iter().map(|n| {
            let words = std::iter::once(n.as_str()).chain(n.split_whitespace());
            (n.as_str(), words.collect::<Vec<_>>())
        }),
        3,
    );
    if close.is_empty() {
        bail!(
            "there is no desk `{desk}` in the config or the data; `balie report --by desk` lists the desks"
        );
    }
    let close = close
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    bail!("there is no desk `{desk}` in the config or the data; did you mean {close}?")
}

fn log(
    cli: &Cli,
    args: &LogArgs,
    config: &Config,
    store: &mut Store,
    now: NaiveDateTime,
) -> Result<ContactId> {
    let (desk, volunteer) = desk_and_volunteer(cli, config, store)?;
    let desk = desk.ok_or_else(|| {
        anyhow!("no desk is set: give --desk NAME, set `desk` in the config, or start `balie` once to choose it")
    })?;
    let volunteer = volunteer.ok_or_else(|| {
        anyhow!("no volunteer is set: give --volunteer XX (your initials), or start `balie` once to set them")
    })?;
    let at = when::parse_moment(args.at.as_deref().unwrap_or(""), now)?;
    let mut c = Contact::bare(at, &desk, &volunteer, args.topics.clone(), now);
    c.channel = args.channel.clone();
    c.kind = args.kind;
    c.landlord = args.landlord.clone();
    c.minutes = args.minutes;
    c.referred_from = args.referred_from.clone();
    c.referred_to = args.referred_to.clone();
    c.language = args.language.clone();
    c.resident = args.resident.clone();
    c.postcode = args.postcode.clone();
    c.follow_up = args
        .follow_up
        .as_deref()
        .map(|d| when::parse_day(d, now.date()))
        .transpose()?;
    c.note = args.note.clone();
    c.signal = args.signal.clone();
    c.validate(config)?;
    c.signal = c
        .signal
        .take()
        .map(|s| store.canonical_signal(&s))
        .transpose()?;
    if !args.allow_personal_data {
        trust::refuse_personal_data(&c)?;
    }
    store.insert(&c)?;
    Ok(c.id)
}

/// The columns of `balie list --format csv`, in order. Topics are joined with `|`.
pub use crate::report::export::CONTACT_COLUMNS as LIST_COLUMNS;

fn list_row(c: &Contact) -> Vec<String> {
    let mut cells = Vec::with_capacity(LIST_COLUMNS.len());
    let _ = crate::report::export::contact_cells(c, &mut String::new(), |cell| {
        cells.push(cell.to_string());
        Ok::<(), std::convert::Infallible>(())
    });
    cells
}

/// The inclusive day range a list covers.
fn list_range(args: &ListArgs, today: NaiveDate) -> Result<(NaiveDate, NaiveDate)> {
    let day = |s: &str, what: &str| when::parse_day(s, today).with_context(|| format!("--{what}"));
    match (&args.date, &args.from, &args.to) {
        (Some(d), _, _) => {
            let d = day(d, "date")?;
            Ok((d, d))
        }
        (None, Some(f), Some(t)) => {
            let (f, t) = (day(f, "from")?, day(t, "to")?);
            if f > t {
                bail!("--from {f} is after --to {t}: give the earlier day first");
            }
            Ok((f, t))
        }
        _ => Ok((today, today)),
    }
}

/// Write the contacts; for CSV and JSON (machine-readable, so likely saved somewhere) return
/// what was exported, for the audit log.
fn list(
    args: &ListArgs,
    desk: Option<&str>,
    config: &Config,
    store: &Store,
    today: NaiveDate,
    out: &mut dyn Write,
) -> Result<Option<String>> {
    let (from, to) = list_range(args, today)?;
    let filter = Filter {
        desk: desk.map(str::to_string),
        ..Filter::days(from, to)
    };
    let exported = |format: &str, n: usize| {
        Some(format!(
            "list --format {format}, {from} .. {to}: {n} contact(s)"
        ))
    };
    match args.format.format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(LIST_COLUMNS)?;
            let mut n = 0;
            store.for_each(&filter, |c| -> Result<()> {
                n += 1;
                Ok(w.write_record(list_row(&c))?)
            })?;
            w.flush()?;
            Ok(exported("csv", n))
        }
        Format::Json => {
            let contacts = store.list(&filter)?;
            output::json(out, &contacts)?;
            Ok(exported("json", contacts.len()))
        }
        Format::Table => {
            let contacts = store.list(&filter)?;
            let rows: Vec<Vec<String>> = contacts
                .iter()
                .map(|c| {
                    vec![
                        c.at.format(AT_FORMAT).to_string(),
                        c.desk.clone(),
                        c.volunteer.clone(),
                        c.channel.clone(),
                        c.kind.code().to_string(),
                        c.topics
                            .iter()
                            .map(|t| config.topic_label(t, config.lang).to_string())
                            .collect::<Vec<_>>()
                            .join(", "),
                        c.landlord.clone(),
                        c.note.clone(),
                    ]
                })
                .collect();
            let header = [
                "at", "desk", "vol", "channel", "kind", "topics", "landlord", "note",
            ];
            output::table(out, &header, &rows)?;
            let range = if from == to {
                from.to_string()
            } else {
                format!("{from} .. {to}")
            };
            writeln!(out, "{} contact(s), {range}", contacts.len())?;
            Ok(None)
        }
    }
}

#[derive(Serialize)]
struct TopicOut<'a> {
    code: &'a str,
    nl: &'a str,
    en: &'a str,
    group: &'a str,
    synonyms: &'a [String],
}

fn topics(config: &Config, format: Format, out: &mut dyn Write) -> Result<()> {
    let visible = config.topics.iter().filter(|t| !t.hidden);
    match format {
        Format::Json => {
            let v: Vec<TopicOut> = visible
                .map(|t| TopicOut {
                    code: &t.code,
                    nl: &t.nl,
                    en: &t.en,
                    group: &t.group,
                    synonyms: &t.synonyms,
                })
                .collect();
            output::json(out, &v)?;
        }
        Format::Csv => {
            let rows: Vec<Vec<String>> = visible
                .map(|t| {
                    vec![
                        t.code.clone(),
                        t.nl.clone(),
                        t.en.clone(),
                        t.group.clone(),
                        t.synonyms.join("|"),
                    ]
                })
                .collect();
            output::csv(out, &["code", "nl", "en", "group", "synonyms"], &rows)?;
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = visible
                .map(|t| {
                    let other = match config.lang {
                        Lang::Nl => Lang::En,
                        Lang::En => Lang::Nl,
                    };
                    vec![
                        t.code.clone(),
                        t.label(config.lang).to_string(),
                        t.label(other).to_string(),
                        t.group.clone(),
                    ]
                })
                .collect();
            output::table(out, &["code", "label", "other language", "group"], &rows)?;
        }
    }
    Ok(())
}

/// Whether `e` says the data folder or disk refuses writes.
fn cannot_write(e: &anyhow::Error) -> bool {
    use crate::store::StoreError;
    e.chain().any(|c| {
        matches!(
            c.downcast_ref::<StoreError>(),
            Some(StoreError::Open { .. } | StoreError::CannotWrite(_) | StoreError::Folder { .. })
        )
    })
}
