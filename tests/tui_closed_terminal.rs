//! End-to-end: the terminal window closes under a running desk screen. balie must notice,
//! keep what was being typed and be gone within a second, without a zombie upkeep child.
//!
//! portable-pty's reader thread keeps its own copy of the terminal open, so it cannot close
//! a terminal for real; this file opens the pseudo-terminal itself (rustix, no unsafe code)
//! and reads it on the test's own thread, so dropping it is exactly what closing the window
//! does.

#![cfg(unix)]

mod support;

use std::os::fd::OwnedFd;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use support::{PATIENCE, Tui, eventually};
use tempfile::TempDir;

/// A desk screen in a terminal this test owns, master side read without a helper thread.
struct Window {
    master: Option<OwnedFd>,
    parser: vt100::Parser,
    shell: Child,
    /// balie's process id (a child of the shell).
    balie: u32,
}

impl Window {
    fn open(home: &std::path::Path, args: &[&str]) -> Window {
        // Both ends are opened close-on-exec, so neither leaks into balie (or into the
        // balies other tests start meanwhile): closing this side must close the window.
        use rustix::fs::{Mode, OFlags};
        use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC)
            .expect("open a pty");
        grantpt(&master).unwrap();
        unlockpt(&master).unwrap();
        let name = ptsname(&master, Vec::new()).unwrap();
        let slave = rustix::fs::open(
            name.as_c_str(),
            OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .expect("open the pty's terminal side");
        let size = rustix::termios::Winsize {
            ws_row: 24,
            ws_col: 80,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        rustix::termios::tcsetwinsize(&slave, size).unwrap();
        rustix::fs::fcntl_setfl(&master, OFlags::RDWR | OFlags::NONBLOCK).unwrap();
        // As a terminal emulator starts a shell and the shell starts balie: a new session
        // whose controlling terminal is this one (util-linux `setsid --ctty`), a shell as its
        // leader, balie in it. Closing the terminal then hangs up the session as closing a
        // real window (or killing a tmux session) does.
        let mut cmd = Command::new("setsid");
        cmd.args(["--ctty", "sh", "-c", "\"$0\" \"$@\"; exit $?"])
            .arg(env!("CARGO_BIN_EXE_balie"));
        cmd.args(args).env_clear();
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in support::env(home) {
            cmd.env(k, v);
        }
        cmd.stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        let shell = cmd.spawn().expect("start the shell");
        let mut balie = None;
        let start = Instant::now();
        while balie.is_none() && start.elapsed() < PATIENCE {
            balie = children(shell.id()).first().map(|(pid, _)| *pid);
            std::thread::sleep(Duration::from_millis(10));
        }
        Window {
            master: Some(master),
            parser: vt100::Parser::new(nz(24), nz(80), 0),
            shell,
            balie: balie.expect("balie started under the shell"),
        }
    }

    fn pump(&mut self) {
        let Some(master) = &self.master else { return };
        let mut buf = [0u8; 4096];
        while let Ok(n) = rustix::io::read(master, &mut buf) {
            if n == 0 {
                return;
            }
            self.parser.process(&buf[..n]);
        }
    }

    fn wait_for(&mut self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            self.pump();
            if self.parser.screen().contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "the screen never showed {text:?}; it shows:\n{}",
            self.parser.screen().contents()
        );
    }

    fn send(&mut self, keys: &str) {
        let master = self.master.as_ref().expect("the window is open");
        let mut rest = keys.as_bytes();
        while !rest.is_empty() {
            match rustix::io::write(master, rest) {
                Ok(n) => rest = &rest[n..],
                Err(rustix::io::Errno::AGAIN) => std::thread::sleep(Duration::from_millis(5)),
                Err(e) => panic!("typing into the pty: {e}"),
            }
        }
    }

    /// Close the window: the terminal's only master descriptor goes away.
    fn close(&mut self) {
        self.master = None;
    }
}

impl Window {
    /// Whether balie has ended (exited, whether or not the shell has collected it yet).
    fn gone(&self) -> bool {
        match std::fs::read_to_string(format!("/proc/{}/stat", self.balie)) {
            Ok(stat) => stat
                .rsplit_once(')')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
            Err(_) => true,
        }
    }

    /// Wait up to `limit` for balie to end; how long it took, if it did.
    fn wait_gone(&mut self, limit: Duration) -> Option<Duration> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if self.gone() {
                return Some(start.elapsed());
            }
            self.pump();
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        if !self.gone() {
            let _ = Command::new("kill")
                .args(["-KILL", &self.balie.to_string()])
                .status();
        }
        let _ = self.shell.kill();
        let _ = self.shell.wait();
    }
}

fn draft(home: &TempDir) -> Option<String> {
    let store = balie::store::Store::open_dir(&home.path().join("data")).unwrap();
    store.setting("draft").unwrap()
}

/// The processes whose parent is `pid`, with their state (`Z`: exited, never waited for).
fn children(pid: u32) -> Vec<(u32, String)> {
    let mut found = vec![];
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{child}/stat")) else {
            continue;
        };
        // "pid (comm) state ppid ...": the command name may hold spaces, so split after ')'
        let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        let mut fields = rest.split_whitespace();
        let (state, ppid) = (fields.next(), fields.next());
        if ppid == Some(&pid.to_string()) {
            found.push((child, state.unwrap_or("").to_string()));
        }
    }
    found
}

#[test]
fn a_closed_terminal_window_ends_balie_within_a_second_and_the_draft_comes_back() {
    let home = TempDir::new().unwrap();
    let args = ["--desk", "WSWonen Noord", "--volunteer", "cd"];
    let mut window = Window::open(home.path(), &args);
    window.wait_for("WSWonen Noord · CD");
    window.send("n");
    window.wait_for("Nieuw contact");
    window.send("splitsen");
    window.wait_for("splitsen");
    eventually("the draft is written", || {
        draft(&home).is_some_and(|d| d.contains("splitsen"))
    });

    window.close();
    let took = window.wait_gone(Duration::from_secs(5));
    assert!(
        took.is_some(),
        "balie still runs 5 s after its terminal closed"
    );
    assert!(
        took <= Some(Duration::from_secs(1)),
        "balie took {took:?} to notice its closed terminal"
    );
    assert!(draft(&home).is_some_and(|d| d.contains("splitsen")));

    let mut tui = Tui::start(home.path(), &args, &[]);
    tui.wait_for("teruggezet");
    tui.wait_for("splitsen");
    tui.send("\x03");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn sigterm_ends_balie_within_a_second_and_keeps_the_draft() {
    let home = TempDir::new().unwrap();
    let mut window = Window::open(home.path(), &["--desk", "X", "--volunteer", "cd"]);
    window.wait_for("X · CD");
    window.send("n");
    window.wait_for("Nieuw contact");
    window.send("taalles");
    window.wait_for("taalles");
    let ok = Command::new("kill")
        .args(["-TERM", &window.balie.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -TERM");
    let took = window.wait_gone(Duration::from_secs(5));
    assert!(took.is_some(), "balie still runs 5 s after SIGTERM");
    assert!(took <= Some(Duration::from_secs(1)), "{took:?}");
    assert!(draft(&home).is_some_and(|d| d.contains("taalles")));
}

#[test]
fn the_finished_upkeep_process_is_not_left_as_a_zombie() {
    let home = TempDir::new().unwrap();
    let mut window = Window::open(home.path(), &["--desk", "X", "--volunteer", "cd"]);
    window.wait_for("X · CD");
    let backups = home.path().join("data/backups");
    eventually("the daily backup is made", || {
        window.pump();
        std::fs::read_dir(&backups).is_ok_and(|d| d.count() == 1)
    });
    let pid = window.balie;
    // the upkeep process ends shortly after its backup; then nothing of it may stay behind,
    // not even an exited process nobody waited for (state Z)
    eventually("the upkeep child is gone, not a zombie", || {
        window.pump();
        children(pid).is_empty()
    });
    window.send("q");
    assert!(window.wait_gone(PATIENCE).is_some(), "q quits");
}

fn nz(n: u16) -> std::num::NonZero<u16> {
    std::num::NonZero::new(n).expect("a terminal size is not zero")
}
