//! End-to-end: the terminal window closes under a running desk screen. balie must notice,
//! keep what was being typed and be gone within a second, without a zombie upkeep child.
//!
//! portable-pty's reader thread keeps its own copy of the terminal open, so it cannot close
//! a terminal for real; this file opens the pseudo-terminal with `openpty` and reads it on
//! the test's own thread, so dropping it is exactly what closing the window does.

#![cfg(unix)]

mod support;

use std::io::Write;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use support::{PATIENCE, Tui, eventually};
use tempfile::TempDir;

/// A desk screen in a terminal this test owns, master side read without a helper thread.
struct Window {
    master: Option<OwnedFd>,
    parser: vt100::Parser,
    child: Child,
}

impl Window {
    fn open(home: &std::path::Path, args: &[&str]) -> Window {
        // Both ends are opened close-on-exec, so neither leaks into balie (or into the
        // balies other tests start meanwhile): closing this side must close the window.
        // SAFETY: the usual posix_openpt sequence; every descriptor is checked and owned once.
        let (master, slave) = unsafe {
            let m = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC);
            assert!(m >= 0, "posix_openpt: {}", std::io::Error::last_os_error());
            let master = OwnedFd::from_raw_fd(m);
            assert_eq!(libc::grantpt(m), 0);
            assert_eq!(libc::unlockpt(m), 0);
            let mut name = [0 as libc::c_char; 128];
            assert_eq!(libc::ptsname_r(m, name.as_mut_ptr(), name.len()), 0);
            let s = libc::open(
                name.as_ptr(),
                libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC,
            );
            assert!(s >= 0, "open the pty: {}", std::io::Error::last_os_error());
            let size = libc::winsize {
                ws_row: 24,
                ws_col: 80,
                ws_xpixel: 0,
                ws_ypixel: 0,
            };
            libc::ioctl(m, libc::TIOCSWINSZ, &size);
            let flags = libc::fcntl(m, libc::F_GETFL);
            libc::fcntl(m, libc::F_SETFL, flags | libc::O_NONBLOCK);
            (master, OwnedFd::from_raw_fd(s))
        };
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_balie"));
        cmd.args(args).env_clear();
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in support::env(home) {
            cmd.env(k, v);
        }
        cmd.stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec: a new session with this
        // terminal as its controlling terminal, as a terminal emulator starts a shell.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY as _, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("start balie");
        Window {
            master: Some(master),
            parser: vt100::Parser::new(nz(24), nz(80), 0),
            child,
        }
    }

    fn pump(&mut self) {
        let Some(master) = &self.master else { return };
        let mut buf = [0u8; 4096];
        loop {
            // SAFETY: reading into a local buffer from an open descriptor.
            let n = unsafe { libc::read(master.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
            if n <= 0 {
                return;
            }
            self.parser.process(&buf[..n as usize]);
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
        let fd = self
            .master
            .as_ref()
            .expect("the window is open")
            .as_raw_fd();
        // SAFETY: `fd` stays open for the borrow; the file is not closed on drop.
        let mut f = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(fd) });
        f.write_all(keys.as_bytes()).unwrap();
    }

    /// Close the window: the terminal's only master descriptor goes away.
    fn close(&mut self) {
        self.master = None;
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
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
    let closed = Instant::now();
    let mut status = None;
    while closed.elapsed() < Duration::from_secs(5) {
        if let Some(s) = window.child.try_wait().unwrap() {
            status = Some(s);
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let took = closed.elapsed();
    assert!(
        status.is_some(),
        "balie still runs 5 s after its terminal closed"
    );
    assert!(
        took <= Duration::from_secs(1),
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
    // SAFETY: signalling our own child.
    unsafe { libc::kill(window.child.id() as i32, libc::SIGTERM) };
    let sent = Instant::now();
    let mut status = None;
    while sent.elapsed() < Duration::from_secs(5) {
        if let Some(s) = window.child.try_wait().unwrap() {
            status = Some(s);
            break;
        }
        window.pump();
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(status.is_some(), "balie still runs 5 s after SIGTERM");
    assert!(sent.elapsed() <= Duration::from_secs(1));
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
    let pid = window.child.id();
    // the upkeep process ends shortly after its backup; then nothing of it may stay behind,
    // not even an exited process nobody waited for (state Z)
    eventually("the upkeep child is gone, not a zombie", || {
        window.pump();
        children(pid).is_empty()
    });
    window.send("q");
    let start = Instant::now();
    while window.child.try_wait().unwrap().is_none() && start.elapsed() < PATIENCE {
        window.pump();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(window.child.try_wait().unwrap().is_some());
}

fn nz(n: u16) -> std::num::NonZero<u16> {
    std::num::NonZero::new(n).expect("a terminal size is not zero")
}
