//! Desk-screen benchmarks on a city's worth of contacts (`cargo bench --bench tui`):
//! start-up to the first drawn frame, one keystroke handled and drawn on the main screen and
//! in the form, one tally keystroke to a committed contact, and the peak memory of the TUI.
//!
//! The database is made once by `balie demo` in `target/bench-data/tui-<N>` and reused.
//! `BALIE_BENCH_CONTACTS` sets N (default 1,000,000).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use balie::config::Config;
use balie::store::Store;
use balie::tui::App;
use balie::tui::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const BIN: &str = env!("CARGO_BIN_EXE_balie");

fn main() {
    let n: u64 = std::env::var("BALIE_BENCH_CONTACTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-data/tui-{n}"));
    let desk = Config::shipped().desks[0].clone();
    ensure_data(&dir, n);
    println!("desk-screen benchmarks on {n} contacts ({})", dir.display());
    startup(&dir, &desk);
    keystrokes(&dir, &desk);
}

/// Make the demo database once.
fn ensure_data(dir: &Path, n: u64) {
    if dir.join("balie.sqlite").exists() {
        return;
    }
    std::fs::create_dir_all(dir).unwrap();
    let t = Instant::now();
    let ok = std::process::Command::new(BIN)
        .args([
            "--data-dir",
            dir.to_str().unwrap(),
            "demo",
            "--contacts",
            &n.to_string(),
        ])
        .status()
        .unwrap()
        .success();
    assert!(ok, "balie demo failed");
    println!(
        "made the demo database in {:.1} s",
        t.elapsed().as_secs_f64()
    );
}

struct Stats {
    median: f64,
    p99: f64,
    max: f64,
}

fn stats(mut ms: Vec<f64>) -> Stats {
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    Stats {
        median: at(0.5),
        p99: at(0.99),
        max: *ms.last().unwrap(),
    }
}

fn report(what: &str, s: &Stats, target: &str) {
    println!(
        "{what:<52} median {:>8.3} ms   p99 {:>8.3} ms   max {:>8.3} ms   (target {target})",
        s.median, s.p99, s.max
    );
}

/// Process start to the first drawn main screen, in a real pseudo-terminal; and the peak
/// memory of that process once the screen is up and a few keys were handled.
fn startup(dir: &Path, desk: &str) {
    let mut times = Vec::new();
    let mut peaks = Vec::new();
    for _ in 0..15 {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args([
            "--data-dir",
            dir.to_str().unwrap(),
            "--desk",
            desk,
            "--volunteer",
            "BE",
        ]);
        cmd.env("TERM", "xterm-256color");
        let t = Instant::now();
        let mut child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let mut writer = pty.master.take_writer().unwrap();
        let seen = Arc::new(Mutex::new(Vec::<u8>::new()));
        let s2 = Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s2.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        // the main screen's right panel title is drawn in the first frame
        let marker = "per\u{1b}[2;61Honderwerp";
        let plain = "Vandaag per onderwerp";
        loop {
            let text = String::from_utf8_lossy(&seen.lock().unwrap()).to_string();
            if text.contains(plain) || text.contains(marker) || text.contains("onderwerp") {
                break;
            }
            assert!(
                t.elapsed() < Duration::from_secs(30),
                "no first frame: {text}"
            );
            std::thread::sleep(Duration::from_micros(200));
        }
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        let pid = child.process_id().unwrap();
        use std::io::Write;
        for k in ["j", "j", "k", "n", "huur", "\x1b", "j"] {
            writer.write_all(k.as_bytes()).unwrap();
            writer.flush().unwrap();
            std::thread::sleep(Duration::from_millis(30));
        }
        if let Some(kb) = vm_hwm_kb(pid) {
            peaks.push(kb as f64 / 1024.0);
        }
        writer.write_all(b"\x03").unwrap();
        writer.flush().unwrap();
        let _ = child.wait();
    }
    report(
        "start-up: process start to first drawn frame",
        &stats(times),
        "< 50 ms",
    );
    if !peaks.is_empty() {
        let s = stats(peaks);
        println!(
            "{:<52} max {:>8.1} MB   (target < 30 MB)",
            "peak memory of the TUI (VmHWM)", s.max
        );
    }
}

fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// One keystroke handled by the app and the screen drawn into a TestBackend.
fn keystrokes(dir: &Path, desk: &str) {
    let mut store = Store::open_dir(dir).unwrap();
    balie::kb::sync_shipped(&mut store, balie::app::now().unwrap()).unwrap();
    let now = balie::app::now().unwrap();
    let mut app = App::new(
        Config::shipped(),
        store,
        Some(desk.into()),
        Some("BE".into()),
        now,
    )
    .unwrap();
    app.handle(Action::Resize(80, 24));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut time = |app: &mut App, k: KeyEvent| {
        let t = Instant::now();
        app.key(k);
        terminal
            .draw(|f| balie::tui::view::draw(f, &app.state))
            .unwrap();
        t.elapsed().as_secs_f64() * 1000.0
    };
    // main screen: moving through today's contacts
    let mut main = Vec::new();
    for i in 0..2000 {
        let code = if i % 40 < 20 {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        main.push(time(&mut app, key(code)));
    }
    report(
        "keystroke on the main screen (↑/↓), handled + drawn",
        &stats(main),
        "< 2 ms",
    );
    // the form: typing a topic, a note, moving between fields
    let mut form = Vec::new();
    for _ in 0..100 {
        time(&mut app, key(KeyCode::Char('n')));
        for c in "schimm".chars() {
            form.push(time(&mut app, key(KeyCode::Char(c))));
        }
        for _ in 0..6 {
            form.push(time(&mut app, key(KeyCode::Tab)));
        }
        for c in "lekkage badkamer".chars() {
            form.push(time(&mut app, key(KeyCode::Char(c))));
        }
        time(&mut app, key(KeyCode::Esc));
        time(&mut app, key(KeyCode::Char('j')));
    }
    report(
        "keystroke in the entry form, handled + drawn",
        &stats(form),
        "< 2 ms",
    );
    // knowledge base: typing a query
    let mut kbs = Vec::new();
    for _ in 0..50 {
        time(&mut app, key(KeyCode::Char('/')));
        for c in "groot naar beter".chars() {
            kbs.push(time(&mut app, key(KeyCode::Char(c))));
        }
        time(&mut app, key(KeyCode::Esc));
    }
    report(
        "keystroke in knowledge-base search, handled + drawn",
        &stats(kbs),
        "< 5 ms p99",
    );
    // a tally: one key to a durable, committed contact (and the screen reloaded and drawn)
    let mut tally = Vec::new();
    for i in 0..500 {
        tally.push(time(
            &mut app,
            key(KeyCode::Char(if i % 2 == 0 { '1' } else { '2' })),
        ));
    }
    report(
        "tally keystroke to committed contact (sync=FULL)",
        &stats(tally),
        "< 1 ms median",
    );
}
