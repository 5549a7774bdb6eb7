//! Running a parsed command line: find the data folder and config, open the store, carry out
//! the command, write its output. The binary maps the result to an exit code. One file per
//! command (or pair of commands that belong together, such as `backup` and `restore`), named
//! after it; what several commands share (the [`Setup`], who is doing this, which desk) is here.

pub mod audit;
pub mod backup;
pub mod check;
pub mod crypt;
pub mod demo;
pub mod document;
pub mod errors;
pub mod export;
pub mod first_run;
pub mod follow_ups;
pub mod forget;
pub mod import;
pub mod kb;
pub mod kb_keep;
pub mod list;
pub mod log;
pub mod merge;
pub mod output;
pub mod partners;
pub mod progress;
pub mod purge;
pub mod report;
pub mod screen;
pub mod signals;
pub mod sync;
pub mod topics;
pub mod upkeep;
pub mod words;

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use chrono::NaiveDateTime;
use errors::SayContext;

use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::crypt::DbKey;
use crate::domain::normalize_initials;
use crate::i18n::Lang;
use crate::store::Store;

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
            (None, None) => return Err(errors::said(words::fail::no_home)),
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
        for problem in upkeep::problems(report) {
            eprintln!("{}", errors::warning(config.lang, &problem));
        }
        Ok(store)
    }

    /// Start `balie upkeep` for this data folder and config as a background process whose
    /// messages go to `balie.log` in the data folder.
    pub fn spawn_upkeep(&self) -> Result<()> {
        let cmd = self.background(&["upkeep"])?;
        let mut child = self
            .spawn_with_key(cmd)
            .say_context(words::fail::cannot_start_upkeep)?;
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
        let exe = std::env::current_exe().say_context(words::fail::cannot_find_program)?;
        crate::files::private_dir(&self.data_dir)?;
        let log = crate::files::append_private(&self.data_dir.join(LOG_FILE))?;
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
                let dir = self.data_dir.display();
                eprintln!("{}", words::fail::showing_read_only(config.lang, &dir));
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

/// The language `cli` runs in: `--lang` (or `BALIE_LANG`), else the config's `lang`, else
/// Dutch. For what is said before or after the command (its error).
pub fn language(cli: &Cli) -> Lang {
    let from_config = || Setup::from_cli(cli).and_then(|s| s.config(cli)).ok();
    cli.lang
        .or_else(|| from_config().map(|c| c.lang))
        .unwrap_or_default()
}

/// Carry out `cli`, writing normal output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<()> {
    let ctx = Setup::from_cli(&cli)?;
    match &cli.command {
        None => screen::run(&cli, &ctx),
        Some(Command::Log(args)) => {
            let config = ctx.config(&cli)?;
            let mut store = ctx.store(&config)?;
            let id = log::log(&cli, args, &config, &mut store, ctx.now)?;
            writeln!(out, "{id}")?;
            Ok(())
        }
        Some(Command::List(args)) => {
            let config = ctx.config(&cli)?;
            let store = ctx.store_for_reading(&config)?;
            let desk = known_desk(&cli, &config, &store)?;
            if let Some(exported) = list::list(args, desk, &config, &store, ctx.now.date(), out)? {
                audit::record_export(&cli, &config, &store, ctx.now, &exported)?;
            }
            Ok(())
        }
        Some(Command::Topics(f)) => {
            let config = ctx.config(&cli)?;
            topics::list(&config, f.format, out)
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
            export::bundle(&cli, args, &ctx, out)
        }
        Some(Command::Export(args)) => {
            let config = ctx.config(&cli)?;
            let store = ctx.store(&config)?;
            let exported = export::export(&cli, args, &config, &store, ctx.now.date(), out)?;
            audit::record_export(&cli, &config, &store, ctx.now, &exported)
        }
        Some(Command::Backup(args)) => backup::backup(&cli, &ctx, args, out),
        Some(Command::Restore(args)) => backup::restore(&cli, &ctx, args, out),
        Some(Command::Purge(args)) => purge::purge(&cli, &ctx, args, out),
        Some(Command::Forget(args)) => forget::forget(&cli, &ctx, args, out),
        Some(Command::Audit(args)) => audit::audit(&cli, &ctx, args, out),
        Some(Command::Check) => check::check(&cli, &ctx, out),
        Some(Command::Kb(args)) => kb::run(&cli, args, &ctx, out),
        Some(Command::Demo(args)) => demo::run(&cli, args, &ctx, out),
        Some(Command::Upkeep) => upkeep::upkeep(&cli, &ctx, out),
        Some(Command::Signals(args)) => signals::signals(&cli, args, &ctx, out),
        Some(Command::FollowUps(args)) => follow_ups::follow_ups(&cli, args, &ctx, out),
        Some(Command::Merge(args)) => merge::merge(&cli, args, &ctx, out),
        Some(Command::Import(args)) => import::import(&cli, args, &ctx, out),
        Some(Command::Encrypt) => crypt::encrypt(&cli, &ctx, out),
        Some(Command::Decrypt) => crypt::decrypt(&cli, &ctx, out),
        Some(Command::Passphrase) => crypt::passphrase(&cli, &ctx, out),
        Some(Command::Recover) => crypt::recover(&cli, &ctx, out),
        Some(Command::Pin(args)) => crypt::pin(&cli, args, &ctx, out),
        Some(Command::Keys(args)) => crypt::keys(&cli, args, &ctx, out),
        Some(Command::Sync(args)) => sync::run_sync(&cli, args, &ctx, out),
        Some(Command::Server(args)) => sync::run_server(args, language(&cli), out),
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

/// The initials of whoever runs this command (`--volunteer`, the config, or the initials
/// remembered in `store`), for the audit log.
pub fn who(cli: &Cli, config: &Config, store: &Store) -> Result<Option<String>> {
    let (_, v) = desk_and_volunteer(cli, config, store)?;
    Ok(v.and_then(|v| normalize_initials(&v)))
}

/// Like [`who`], for a change the audit log must attribute to someone.
pub fn required_who(cli: &Cli, config: &Config, store: &Store) -> Result<String> {
    who(cli, config, store)?.ok_or_else(no_one)
}

/// Like [`required_who`] from `--volunteer` and the config only, for when the database
/// itself may be unreadable (`balie restore`).
pub fn required_who_without_store(cli: &Cli, config: &Config) -> Result<String> {
    cli.volunteer
        .clone()
        .or_else(|| config.volunteer.clone())
        .and_then(|v| normalize_initials(&v))
        .ok_or_else(no_one)
}

fn no_one() -> anyhow::Error {
    errors::said(words::fail::no_one_for_audit)
}

/// How a listing names the desks it covers: "all desks" or "desk Noord" (in `lang`).
pub fn scope(lang: Lang, desk: Option<&str>) -> String {
    let w = words::words(lang);
    desk.map_or_else(|| w.all_desks.into(), |d| words::fill(w.desk, &[&d]))
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
    let close: Vec<String> = close.iter().map(|c| format!("`{c}`")).collect();
    Err(errors::said(|lang| {
        let w = words::words(lang);
        let none = words::fill(w.no_such_desk, &[&desk]);
        if close.is_empty() {
            format!("{none}; {}", w.list_desks_hint)
        } else {
            let close = close.join(&format!(" {} ", w.or));
            format!("{none}; {} {close}?", w.did_you_mean)
        }
    }))
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
