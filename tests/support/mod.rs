//! Driving the real `balie` binary in a pseudo-terminal, as a person would: type keys, wait
//! until the screen shows something, read the screen.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long to wait for the screen to show something before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub struct Tui {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, raw (escape sequences included).
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

/// The environment every balie under test gets: its own data and config folders, a fixed clock.
pub fn env(home: &Path) -> Vec<(String, String)> {
    let p = |s: &str| home.join(s).display().to_string();
    vec![
        ("BALIE_DATA_DIR".into(), p("data")),
        ("HOME".into(), p("")),
        ("XDG_CONFIG_HOME".into(), p("config")),
        ("XDG_DATA_HOME".into(), p("share")),
        ("BALIE_NOW".into(), "2026-11-25 10:42:00".into()),
        ("TERM".into(), "xterm-256color".into()),
        // the first start's question whether to encrypt has tests of its own
        ("BALIE_ENCRYPT".into(), "no".into()),
    ]
}

impl Tui {
    /// Start `balie ARGS` in an 80x24 terminal.
    pub fn start(home: &Path, args: &[&str], extra_env: &[(&str, &str)]) -> Tui {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_balie"));
        cmd.args(args);
        cmd.env_clear();
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in env(home) {
            cmd.env(k, v);
        }
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn balie");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(24), nz(80), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (Arc::clone(&parser), Arc::clone(&raw));
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Tui {
            parser,
            raw,
            writer,
            child,
            _master: pty.master,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Where the terminal's cursor is: (row, column), from 0.
    pub fn cursor(&self) -> (u16, u16) {
        self.parser.lock().unwrap().screen().cursor_position()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Wait until the screen contains `text`; fail with the screen if it never does.
    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "the screen never showed {text:?}; it shows:\n{}",
            self.screen()
        );
    }

    /// Type text or key sequences (`\r` Enter, `\t` Tab, `\x1b[B` Down, ...).
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Type keys one at a time, each only after the previous one was handled (the screen
    /// shows `after` once it was).
    pub fn send_then(&mut self, keys: &str, after: &str) {
        self.send(keys);
        self.wait_for(after);
    }

    /// Resize the terminal, as dragging the window corner does.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        // The screen model takes the new size first (and holds its lock while the terminal
        // changes), so what balie draws for the new size is never read at the old one.
        let mut parser = self.parser.lock().unwrap();
        parser.screen_mut().set_size(nz(rows), nz(cols));
        self._master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a pid")
    }

    /// Wait for the program to end; its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("balie did not stop; the screen shows:\n{}", self.screen());
    }

    pub fn signal(&self, sig: &str) {
        let ok = std::process::Command::new("kill")
            .args([&format!("-{sig}"), &self.pid().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{sig} failed");
    }
}

impl Drop for Tui {
    /// A failing test must not leave balie running.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn nz(n: u16) -> std::num::NonZero<u16> {
    std::num::NonZero::new(n).expect("a terminal size is not zero")
}

/// Wait until `check` holds (polling), or fail with `what`.
pub fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < PATIENCE {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("never happened: {what}");
}

/// balie started at desk WSWonen Noord with volunteer CD (no set-up), showing the main screen.
pub fn at_desk(home: &tempfile::TempDir) -> Tui {
    let tui = Tui::start(
        home.path(),
        &["--desk", "WSWonen Noord", "--volunteer", "cd"],
        &[],
    );
    tui.wait_for("WSWonen Noord · CD");
    tui
}

/// Every contact in the data folder of `home`, as `balie list --format csv` gives them (header
/// left out), through the same environment the desk screen under test had.
pub fn list_csv(home: &Path) -> Vec<csv::StringRecord> {
    let mut cmd = assert_cmd::Command::cargo_bin("balie").unwrap();
    for (k, v) in env(home) {
        cmd.env(k, v);
    }
    let out = cmd
        .args(["list", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    csv::Reader::from_reader(out.as_slice())
        .records()
        .map(Result::unwrap)
        .collect()
}
