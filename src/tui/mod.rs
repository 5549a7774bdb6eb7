//! The desk screen: terminal set-up and teardown (also after a panic or a closed window), the
//! event loop, and [`App`], which feeds actions through `update` and effects through the store.

pub mod action;
pub mod draft;
pub mod edit;
pub mod effects;
pub mod input;
pub mod keymap;
pub mod messages;
pub mod screens;
pub mod session;
pub mod state;
pub mod strings;
pub mod sync;
pub mod sync_process;
pub mod theme;
pub mod update;
pub mod view;

/// The lock's rules are set by the command that starts the desk screen.
pub use screens::lock;

#[cfg(test)]
pub mod test_util;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context as _, Result};
use chrono::NaiveDateTime;
use crossterm::event::{self, Event, KeyEventKind};
use crossterm::terminal;
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};

use action::Action;
use state::State;

use crate::config::Config;
use crate::store::Store;

/// How often the loop wakes without a key: saves the draft, notices other processes' contacts.
const TICK: Duration = Duration::from_millis(250);

/// The desk screen's state together with the store it works on.
pub struct App {
    pub state: State,
    pub store: Store,
    runner: effects::Runner,
    /// An article to open in the user's editor once the loop has left the screen.
    pending_edit: Option<String>,
    /// Where unfinished article edits are kept (`kb-drafts` in the data folder).
    kb_drafts: PathBuf,
}

impl App {
    /// A desk screen on `store`: remembered tally channel and any unfinished draft restored.
    pub fn new(
        config: Config,
        store: Store,
        desk: Option<String>,
        volunteer: Option<String>,
        now: NaiveDateTime,
    ) -> Result<App> {
        let mut state = State::new(config, desk, volunteer, now);
        if let Some(ch) = store.setting(crate::store::Setting::TallyChannel.key())?
            && state.config.channel(&ch).is_some()
        {
            state.tally_channel = ch;
        }
        state.demo = store.setting(crate::store::Setting::Demo.key())?.is_some();
        if let Some(draft) = store.setting(crate::store::Setting::Draft.key())? {
            draft::restore_draft(&mut state, &draft);
        }
        let mut app = App {
            state,
            store,
            runner: effects::Runner::new(default_export_dir()),
            pending_edit: None,
            kb_drafts: std::env::temp_dir().join(crate::kb::edit::DRAFTS_DIR),
        };
        app.handle(Action::Tick(now));
        app.run_effects(vec![action::Effect::Reload]);
        Ok(app)
    }

    /// Sync in the background every `every_minutes` (and after the day's first contact),
    /// starting `balie sync` with `spawn`.
    pub fn set_background_sync(
        &mut self,
        every_minutes: u32,
        spawn: Box<dyn FnMut() -> std::io::Result<std::process::Child>>,
    ) {
        self.state.sync = Some(sync::SyncUi::new(every_minutes));
        self.runner.background_sync = Some(sync_process::BackgroundSync::new(spawn));
        self.run_effects(vec![action::Effect::Reload]);
    }

    /// Where the overview's export key writes its files.
    pub fn set_export_dir(&mut self, dir: PathBuf) {
        self.runner.export_dir = dir;
    }

    /// How the screen lock behaves, and the key file whose passphrase unlocks it.
    pub fn set_lock(&mut self, rules: screens::lock::Rules, key_file: Option<PathBuf>) {
        self.state.lock_rules = rules;
        self.runner.key_file = key_file;
    }

    /// Feed one action through `update`, carry out the effects, and feed their results back.
    pub fn handle(&mut self, action: Action) {
        let effects = update::update(&mut self.state, action);
        self.run_effects(effects);
    }

    fn run_effects(&mut self, effects: Vec<action::Effect>) {
        let mut queue: std::collections::VecDeque<action::Effect> = effects.into();
        while let Some(effect) = queue.pop_front() {
            if let action::Effect::EditArticle(id) = effect {
                self.pending_edit = Some(id);
                continue;
            }
            for result in self.runner.run(effect, &mut self.store, &self.state) {
                queue.extend(update::update(&mut self.state, result));
            }
        }
    }

    /// The article waiting to be opened in the user's editor, if any (taken once).
    pub fn take_pending_edit(&mut self) -> Option<String> {
        self.pending_edit.take()
    }

    /// Where unfinished article edits are kept.
    pub fn set_data_dir(&mut self, data_dir: &Path) {
        self.kb_drafts = data_dir.join(crate::kb::edit::DRAFTS_DIR);
    }

    /// Read today's contacts again from the store.
    pub fn reload(&mut self) {
        self.run_effects(vec![action::Effect::Reload]);
    }

    /// The action a key press means on the current screen.
    pub fn key(&mut self, key: event::KeyEvent) {
        if let Some(action) = keymap::resolve(self.state.context(), &key) {
            // while only "too small" shows, a key must not log or change anything unseen
            if self.state.too_small() && action != Action::ForceQuit {
                return;
            }
            self.handle(action);
        }
    }
}

/// The user's documents folder, else the home folder, else the current folder.
fn default_export_dir() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|u| {
            u.document_dir()
                .map(Path::to_path_buf)
                .or_else(|| Some(u.home_dir().to_path_buf()))
        })
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Run the desk screen in this terminal until the volunteer quits.
pub fn run(app: App, data_dir: &Path) -> Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the desk screen needs a terminal to type in; from a script use the commands \
             (`balie log`, `balie list`, `balie report`, ...: see `balie --help`)"
        );
    }
    let log_path = data_dir.join(crate::files::LOG_FILE);
    install_panic_hook(log_path.clone());
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("cannot watch for signals")?;
    }
    let mut terminal = enter().context("cannot start the terminal screen")?;
    let mut app = app;
    app.set_data_dir(data_dir);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut terminal, &mut app, &stop)
    }));
    leave();
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => {
            keep_draft(&mut app);
            Err(e)
        }
        Err(_) => {
            // Keep what was being typed, then say what happened and where the details are.
            keep_draft(&mut app);
            anyhow::bail!(
                "balie stopped because of an internal error; what you were typing is kept and comes back \
                 at the next start. Details are in {}",
                log_path.display()
            )
        }
    }
}

/// Write the form being typed as the draft, whatever state the loop was left in.
fn keep_draft(app: &mut App) {
    let kept = draft::draft_json(&app.state);
    if let Some(json) = kept {
        let _ = app
            .store
            .set_setting(crate::store::Setting::Draft.key(), &json);
    }
}

fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    stop: &AtomicBool,
) -> Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let size = terminal.size()?;
    app.handle(Action::Resize(size.width, size.height));
    // Debug builds only: a key that panics, so the tests can check the terminal is restored
    // and the draft kept after a panic. Release builds do not have it.
    #[cfg(debug_assertions)]
    let panic_key = std::env::var("BALIE_TEST_PANIC_KEY")
        .ok()
        .and_then(|k| k.chars().next());
    // The idle time for the screen lock, from a clock that jumps neither with the wall clock
    // nor with BALIE_NOW.
    let mut last_key = std::time::Instant::now();
    while !app.state.quit {
        terminal.draw(|f| view::draw(f, &app.state))?;
        if stop.load(Ordering::Relaxed) {
            app.handle(Action::Terminate);
            break;
        }
        let ready = match wait_for_input(TICK) {
            Ok(Input::Ready) => true,
            Ok(Input::Timeout) => false,
            Ok(Input::Closed) => {
                app.handle(Action::Terminate);
                break;
            }
            // a signal arrived while waiting: the top of the loop looks at it
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        if ready {
            match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    last_key = std::time::Instant::now();
                    #[cfg(debug_assertions)]
                    if panic_key.is_some()
                        && key.code == event::KeyCode::Char(panic_key.unwrap_or('\0'))
                    {
                        panic!("test panic requested with BALIE_TEST_PANIC_KEY");
                    }
                    app.key(key);
                    if let Some(id) = app.take_pending_edit() {
                        // The editor needs the terminal: give it back, then take it again.
                        leave();
                        let outcome = edit::edit_article(app, &id);
                        resume()?;
                        // a full redraw without asking the terminal where its cursor is
                        let size = terminal.size()?;
                        terminal.resize(ratatui::layout::Rect::new(
                            0,
                            0,
                            size.width,
                            size.height,
                        ))?;
                        app.handle(outcome);
                    }
                }
                Event::Resize(w, h) => app.handle(Action::Resize(w, h)),
                Event::FocusLost => app.handle(Action::FocusLost),
                Event::Paste(text) => app.handle(Action::Paste(text)),
                _ => {}
            }
        } else {
            // a resize signal can be missed (one that came before the first wait for a key):
            // compare the size once per tick as well
            let size = terminal.size()?;
            if (size.width, size.height) != app.state.size {
                app.handle(Action::Resize(size.width, size.height));
            }
            app.handle(Action::Tick(crate::when::now()?));
            app.handle(Action::Idle(last_key.elapsed()));
        }
    }
    Ok(())
}

/// What waiting for the terminal gave.
enum Input {
    Ready,
    Timeout,
    /// The terminal is gone (window closed, tmux session killed): nobody can type any more.
    Closed,
}

/// Wait up to `timeout` for a key, a resize or a closed terminal. crossterm's own wait spins
/// for ever on a terminal that was closed under it, so the terminal is first asked here
/// whether it hung up; crossterm reads only what is really there.
fn wait_for_input(timeout: Duration) -> std::io::Result<Input> {
    // events crossterm already read and parsed (a paste, several keys at once) come first
    if !terminal_hung_up(Duration::ZERO)? && event::poll(Duration::ZERO)? {
        return Ok(Input::Ready);
    }
    if terminal_hung_up(timeout)? {
        return Ok(Input::Closed);
    }
    Ok(if event::poll(Duration::ZERO)? {
        Input::Ready
    } else {
        Input::Timeout
    })
}

/// Wait up to `timeout` for the terminal (standard input) to have input; true when it hung
/// up instead. A signal ends the wait early with `Interrupted`.
#[cfg(unix)]
fn terminal_hung_up(timeout: Duration) -> std::io::Result<bool> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let timeout = Timespec {
        tv_sec: timeout.as_secs() as _,
        tv_nsec: timeout.subsec_nanos() as _,
    };
    poll(&mut fds, Some(&timeout))?;
    Ok(fds[0]
        .revents()
        .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL))
}

#[cfg(not(unix))]
fn terminal_hung_up(timeout: Duration) -> std::io::Result<bool> {
    let _ = event::poll(timeout)?;
    Ok(false)
}

fn enter() -> Result<Terminal<CrosstermBackend<std::io::Stdout>>> {
    terminal::enable_raw_mode()?;
    let mut out = std::io::stdout();
    crossterm::execute!(
        out,
        terminal::EnterAlternateScreen,
        event::EnableBracketedPaste,
        event::EnableFocusChange
    )?;
    Ok(Terminal::new(CrosstermBackend::new(out))?)
}

/// Take the terminal again after the user's editor had it.
fn resume() -> Result<()> {
    terminal::enable_raw_mode()?;
    crossterm::execute!(
        std::io::stdout(),
        terminal::EnterAlternateScreen,
        event::EnableBracketedPaste
    )?;
    Ok(())
}

/// Give the terminal back as it was. Safe to call twice, and after the terminal is gone.
fn leave() {
    let mut out = std::io::stdout();
    let _ = crossterm::execute!(
        out,
        event::DisableBracketedPaste,
        event::DisableFocusChange,
        terminal::LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

/// On a panic: restore the terminal first, then write the details to the log file.
fn install_panic_hook(log_path: PathBuf) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        let text = format!(
            "{} balie panicked: {info}\n{}\n",
            chrono::Local::now().format("%Y-%m-%d %H:%M:%S"),
            std::backtrace::Backtrace::force_capture()
        );
        if let Ok(mut f) = crate::files::append_private(&log_path) {
            let _ = f.write_all(text.as_bytes());
        }
        if std::env::var_os("BALIE_DEBUG").is_some() {
            previous(info);
        }
    }));
}
