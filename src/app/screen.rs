//! `balie` without a command: the desk screen, with the daily upkeep and (when a server is
//! configured) the sync started in processes of their own.

use anyhow::Result;

use super::errors::{self, said_over};
use super::words::fail;
use super::{Setup, desk_and_volunteer};
use crate::cli::Cli;

/// Start the desk screen and run it until the volunteer quits.
pub fn run(cli: &Cli, setup: &Setup) -> Result<()> {
    let config = setup.config(cli)?;
    super::first_run::offer_encryption(setup, config.lang)?;
    // The daily upkeep (a purge and a backup of maybe a million contacts) runs in a
    // process of its own, so the desk screen starts at once and stays small.
    let mut store = setup.store_without_upkeep()?;
    if let Err(e) = setup.spawn_upkeep() {
        let e = said_over(fail::upkeep_not_started, e);
        eprintln!("{}", errors::warning(config.lang, &e));
    }
    if let Err(e) = crate::kb::sync_shipped(&mut store, setup.now) {
        let e = said_over(fail::shipped_not_loaded, e);
        eprintln!("{}", errors::warning(config.lang, &e));
    }
    let (desk, volunteer) = desk_and_volunteer(cli, &config, &store)?;
    let encrypted = crate::crypt::is_encrypted(&setup.data_dir);
    let rules = crate::tui::lock::Rules {
        after: config.lock_after(encrypted),
        passphrase: encrypted,
        pin: crate::crypt::pin::usable(&store)?,
    };
    let sync_every = crate::sync::configured_url(&config)
        .is_ok()
        .then_some(config.sync.every_minutes);
    let mut app = crate::tui::App::new(config, store, desk, volunteer, setup.now)?;
    app.state.theme = app
        .state
        .theme
        .with_no_color(std::env::var_os("NO_COLOR").as_deref());
    app.state.plain |= cli.plain;
    app.set_lock(
        rules,
        encrypted.then(|| crate::crypt::convert::key_path(&setup.data_dir)),
    );
    if let Some(every) = sync_every {
        // `balie sync` in a process of its own, for the desk this screen was started
        // at (a desk chosen on the set-up screen is remembered, and found there).
        let mut args = vec!["sync".to_string()];
        if let Some(d) = &cli.desk {
            args.extend(["--desk".to_string(), d.clone()]);
        }
        let setup = setup.clone();
        app.set_background_sync(
            every,
            Box::new(move || {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let cmd = setup.background(&args).map_err(std::io::Error::other)?;
                setup.spawn_with_key(cmd)
            }),
        );
    }
    crate::tui::run(app, &setup.data_dir)
}
