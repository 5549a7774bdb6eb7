//! Encrypted against plain on the same million-contact data (issue 14): the passphrase's key
//! derivation; a tally keystroke's durable insert; start-up to the first drawn frame of the
//! desk screen in a pseudo-terminal (key derivation excluded: the encrypted copy's key file
//! is made with a negligible cost for this, the real cost is measured on its own); the weekly
//! report by topic; the export of every contact to CSV.
//!
//! Run: `cargo bench --bench crypt`. The demo database is made once by `balie demo` in
//! `target/bench-data/tui-<N>` (shared with the `tui` bench), then copied twice: a plain copy
//! and one converted with `balie::crypt::convert::encrypt`. `BALIE_BENCH_CONTACTS` sets N.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use balie::config::Config;
use balie::crypt::{DbKey, Kdf, KeyFile, Secret, convert};
use balie::domain::Contact;
use balie::report::export::{self, ExportOptions};
use balie::report::{Dim, Period, Query};
use balie::store::Store;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const BIN: &str = env!("CARGO_BIN_EXE_balie");
const PASSPHRASE: &str = "meetbare wachtwoordzin";

/// Key derivation made negligible for the start-up runs, so they time the rest.
const NEGLIGIBLE: Kdf = Kdf {
    memory_kib: 8,
    iterations: 1,
    parallelism: 1,
};

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let n: u64 = std::env::var("BALIE_BENCH_CONTACTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if full { 1_000_000 } else { 2_000 });
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let source = root.join(format!("tui-{n}"));
    ensure_demo(&source, n);
    let plain = root.join(format!("crypt-plain-{n}"));
    let enc = root.join(format!("crypt-enc-{n}"));
    let pass_file = root.join("crypt-passphrase");
    std::fs::write(&pass_file, PASSPHRASE).unwrap();
    let key = prepare(&source, &plain, &enc);
    println!(
        "encrypted vs plain on {n} contacts (load average {})",
        load()
    );

    kdf(if full { 7 } else { 1 });
    keystroke(&plain, &enc, &key, if full { 2_000 } else { 20 });
    startup(&plain, &enc, &pass_file, if full { 15 } else { 1 });
    reports(&plain, &enc, &key, if full { 200 } else { 5 });
    export_all(&root, &plain, &enc, &key, if full { 3 } else { 1 });
    println!("load average at end: {}", load());
}

fn ensure_demo(dir: &Path, n: u64) {
    if dir.join("balie.sqlite").exists() {
        return;
    }
    std::fs::create_dir_all(dir).unwrap();
    let ok = std::process::Command::new(BIN)
        .args(["--data-dir", dir.to_str().unwrap(), "demo", "--contacts"])
        .arg(n.to_string())
        .status()
        .unwrap()
        .success();
    assert!(ok, "balie demo failed");
}

/// Fresh plain and encrypted copies of the demo database (no backups).
fn prepare(source: &Path, plain: &Path, enc: &Path) -> DbKey {
    {
        // fold the demo's log into its file, so one file copy is the whole database
        let s = rusqlite::Connection::open(source.join("balie.sqlite")).unwrap();
        s.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    for dir in [plain, enc] {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).unwrap();
        std::fs::copy(source.join("balie.sqlite"), dir.join("balie.sqlite")).unwrap();
    }
    let t = Instant::now();
    let (key, done) = convert::encrypt(enc, &Secret::new(PASSPHRASE.into()), NEGLIGIBLE).unwrap();
    println!(
        "balie encrypt of {} contacts: {:.1} s (write, check every table, swap)",
        done.contacts,
        t.elapsed().as_secs_f64()
    );
    key
}

fn kdf(runs: usize) {
    let key = DbKey::generate();
    let pass = Secret::new(PASSPHRASE.into());
    let file = KeyFile::wrap(&key, &pass, Kdf::default()).unwrap();
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        file.unwrap(&pass, Path::new("bench")).unwrap();
        times.push(t.elapsed());
    }
    let k = Kdf::default();
    println!(
        "| key derivation (Argon2id m={} MiB, t={}, p={}) + unwrap, {runs} runs | 0.3-1 s | {} |",
        k.memory_kib / 1024,
        k.iterations,
        k.parallelism,
        median_p99(&mut times)
    );
}

fn bare(i: usize) -> Contact {
    let now = balie::app::now().unwrap();
    let mut c = Contact::bare(
        now,
        "WSWonen Oud-Zuid",
        "BE",
        vec![["huur", "taal", "formulieren"][i % 3].to_string()],
        now,
    );
    c.validate(&Config::shipped()).unwrap();
    c
}

/// Tally keystrokes to durable contacts, plain and encrypted in alternating blocks of 100.
fn keystroke(plain: &Path, enc: &Path, key: &DbKey, inserts: usize) {
    let mut p = Store::open_dir(plain).unwrap();
    let mut e = Store::open_dir_keyed(enc, Some(key)).unwrap();
    let (mut tp, mut te) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < inserts {
        for _ in 0..100.min(inserts - i) {
            let c = bare(i);
            let t = Instant::now();
            p.insert(&c).unwrap();
            tp.push(t.elapsed());
            let c = bare(i);
            let t = Instant::now();
            e.insert(&c).unwrap();
            te.push(t.elapsed());
            i += 1;
        }
    }
    println!(
        "| tally keystroke: `Store::insert`, synchronous=FULL, {inserts} each | < 1 ms median | plain {} / encrypted {} (ratio {:.2}) |",
        median_p99(&mut tp),
        median_p99(&mut te),
        median(&te) / median(&tp)
    );
}

/// Process start to the first drawn main screen, in a pseudo-terminal, alternating.
fn startup(plain: &Path, enc: &Path, pass_file: &Path, runs: usize) {
    let (mut tp, mut te) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        tp.push(first_frame(plain, None));
        te.push(first_frame(enc, Some(pass_file)));
    }
    let (mp, me) = (median(&tp), median(&te));
    println!(
        "| start-up to first frame (key derivation excluded), {runs} each | <= 1.3x plain | plain {} / encrypted {} (ratio {:.2}) |",
        median_p99(&mut tp),
        median_p99(&mut te),
        me / mp
    );
}

fn first_frame(dir: &Path, pass_file: Option<&Path>) -> Duration {
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
        "WSWonen Oud-Zuid",
        "--volunteer",
        "BE",
    ]);
    cmd.env("TERM", "xterm-256color");
    if let Some(p) = pass_file {
        cmd.env("BALIE_PASSPHRASE_FILE", p);
    }
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
    let took = loop {
        let text = String::from_utf8_lossy(&seen.lock().unwrap()).to_string();
        if text.contains("onderwerp") {
            break t.elapsed();
        }
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "no first frame: {text}"
        );
        std::thread::sleep(Duration::from_micros(200));
    };
    use std::io::Write;
    writer.write_all(b"\x03").unwrap();
    writer.flush().unwrap();
    let _ = child.wait();
    // let its background upkeep finish before the next start
    std::thread::sleep(Duration::from_millis(300));
    took
}

fn reports(plain: &Path, enc: &Path, key: &DbKey, runs: usize) {
    let config = Config::shipped();
    let p = Store::open_dir(plain).unwrap();
    let e = Store::open_dir_keyed(enc, Some(key)).unwrap();
    let weeks: Vec<Period> = (1..=52)
        .map(|w| Period::Week {
            year: 2025,
            week: w,
        })
        .collect();
    let (mut tp, mut te) = (Vec::new(), Vec::new());
    for i in 0..runs {
        for (store, times) in [(&p, &mut tp), (&e, &mut te)] {
            let mut q = Query::new(weeks[i % weeks.len()]);
            q.by = vec![Dim::Topic];
            let t = Instant::now();
            let r = balie::report::run(store, &config, &q).unwrap();
            times.push(t.elapsed());
            assert!(r.total.contacts > 0 || weeks.len() > 1);
        }
    }
    let (mp, me) = (median(&tp), median(&te));
    println!(
        "| weekly report by topic (2025-W01..W52), {runs} each | <= 1.3x plain | plain {} / encrypted {} (ratio {:.2}) |",
        median_p99(&mut tp),
        median_p99(&mut te),
        me / mp
    );
}

fn export_all(root: &Path, plain: &Path, enc: &Path, key: &DbKey, runs: usize) {
    let config = Config::shipped();
    let p = Store::open_dir(plain).unwrap();
    let e = Store::open_dir_keyed(enc, Some(key)).unwrap();
    let out = root.join("crypt-export.csv");
    let (mut tp, mut te) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        for (store, times) in [(&p, &mut tp), (&e, &mut te)] {
            let mut file = std::fs::File::create(&out).unwrap();
            let t = Instant::now();
            export::write_csv(store, &config, &ExportOptions::default(), &mut file).unwrap();
            times.push(t.elapsed());
        }
    }
    let _ = std::fs::remove_file(&out);
    let (mp, me) = (median(&tp), median(&te));
    println!(
        "| CSV export of every contact, {runs} each | <= 1.3x plain | plain {} / encrypted {} (ratio {:.2}) |",
        median_p99(&mut tp),
        median_p99(&mut te),
        me / mp
    );
}

fn median(v: &[Duration]) -> f64 {
    let mut s: Vec<f64> = v.iter().map(Duration::as_secs_f64).collect();
    s.sort_by(f64::total_cmp);
    s[s.len() / 2]
}

fn median_p99(v: &mut [Duration]) -> String {
    v.sort();
    let p99 = v[((v.len() as f64 - 1.0) * 0.99).round() as usize];
    format!("{} median, p99 {}", ms(v[v.len() / 2]), ms(p99))
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        format!("{ms:.2} ms")
    }
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
