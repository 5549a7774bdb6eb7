//! Store and demo benchmarks on a database of a million made-up contacts (issue 7): the fill
//! itself, a tally keystroke's durable insert, start-up's queries in a fresh process, the
//! main screen's query plans, and the peak memory of the fill and of a full CSV listing.
//!
//! Run: `cargo bench --bench store`. Options after `--`: `--contacts N` (default 1,000,000),
//! `--data DIR` to reuse a folder `balie demo` filled earlier (the fill is then not timed),
//! `--only keystroke,plans,startup,export` for some of the parts, `--inserts N`, `--starts N`. It prints a Markdown table for BENCHMARKS.md; peak memory
//! comes from GNU `/usr/bin/time` when it is there.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use balie::config::Config;
use balie::domain::Contact;
use balie::store::{Filter, Query, Store};
use chrono::{NaiveDate, NaiveDateTime};

/// The clock for every run: a Thursday afternoon, so "today" has most of a day's contacts.
const NOW: &str = "2026-11-19 15:30:00";
/// The desk the main screen shows (the busiest in the seed's Table 1).
const DESK: &str = "WSWonen Oud-Zuid";
const BALIE: &str = env!("CARGO_BIN_EXE_balie");
const GNU_TIME: &str = "/usr/bin/time";

type Row = [String; 3];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--startup-child") {
        startup_child(Path::new(&args[i + 1]));
        return;
    }
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this without it, and
    // then gets a small smoke run rather than minutes of benchmarking.
    let full = args.iter().any(|a| a == "--bench");
    let contacts: u64 = flag(&args, "--contacts").unwrap_or(if full { 1_000_000 } else { 3_000 });
    let inserts: usize = flag(&args, "--inserts").unwrap_or(if full { 2_000 } else { 20 });
    let starts: usize = flag(&args, "--starts").unwrap_or(if full { 50 } else { 3 });
    let tmp = tempfile::TempDir::new_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let mut rows: Vec<Row> = Vec::new();
    eprintln!("load average at start: {}", load_average());

    let data = match flag::<PathBuf>(&args, "--data") {
        Some(dir) => dir,
        None => {
            let dir = tmp.path().join("demo");
            rows.extend(fill(tmp.path(), &dir, contacts));
            // Flush the fill's write-back so the commits below do not queue behind it.
            let _ = Command::new("sync").status();
            dir
        }
    };
    let only: Option<String> = flag(&args, "--only");
    let wanted = |part: &str| {
        only.as_ref()
            .is_none_or(|o| o.split(',').any(|p| p == part))
    };
    if wanted("keystroke") {
        rows.extend(keystroke(tmp.path(), &data, inserts));
    }
    if wanted("plans") {
        rows.extend(plans(&data));
    }
    if wanted("startup") {
        rows.extend(startup(tmp.path(), &data, starts));
    }
    if wanted("export") {
        rows.extend(export(tmp.path(), &data));
    }

    eprintln!("load average at end: {}", load_average());
    println!("| measure | target | measured |\n| --- | --- | --- |");
    for [a, b, c] in rows {
        println!("| {a} | {b} | {c} |");
    }
}

fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str(NOW, "%Y-%m-%d %H:%M:%S").unwrap()
}

/// The fill target: `balie demo` itself, through the binary, with its peak memory.
fn fill(home: &Path, data: &Path, contacts: u64) -> Vec<Row> {
    eprintln!("balie demo --contacts {contacts} ...");
    let demo = ["demo", "--contacts", &contacts.to_string()].map(String::from);
    let (took, peak) = run_measured(balie(home, data).args(demo), None);
    vec![
        row(
            &format!("`balie demo --contacts {contacts}`"),
            "under 20 s",
            format!("{:.1} s", took.as_secs_f64()),
        ),
        row("peak memory of `balie demo`", "(none)", mb(peak)),
    ]
}

/// Target 1, one tally keystroke's store work: a durable insert of a bare contact. The
/// contacts go to tomorrow, so today's screen and the export of every day up to today stay
/// as they were. A commit's time is mostly the disk's fsync, which on a shared VM varies with
/// what else writes, so that is measured right beside it.
fn keystroke(home: &Path, data: &Path, inserts: usize) -> Vec<Row> {
    let mut floor = fsync_floor(home, 200);
    let mut store = Store::open_dir(data).unwrap();
    // The store opens in WAL with synchronous=FULL (its own tests check that); the log mode
    // is the file's, so a connection of the bench's own sees it.
    let journal: String = rusqlite::Connection::open(data.join(balie::store::DB_FILE))
        .unwrap()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let config = Config::shipped();
    let tomorrow = now()
        .date()
        .succ_opt()
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let mut next = 0i64;
    let mut insert_all = |store: &mut Store, n: usize| {
        let mut times = Vec::with_capacity(n);
        for _ in 0..n {
            let at = tomorrow + chrono::Duration::seconds(next);
            next += 1;
            let mut c = Contact::bare(at, DESK, "AB", vec!["huur".into()], at);
            c.validate(&config).unwrap();
            let t = Instant::now();
            store.insert(&c).unwrap();
            times.push(t.elapsed());
        }
        times
    };
    let mut times = insert_all(&mut store, inserts);
    // The same without waiting for the disk: balie's and SQLite's own work per keystroke.
    store.set_durable(false).unwrap();
    let mut cpu = insert_all(&mut store, inserts.min(500));
    store.set_durable(true).unwrap();
    vec![
        row(
            &format!(
                "tally keystroke: `Store::insert` of a bare contact, WAL + \
                 synchronous=FULL ({inserts}x)"
            ),
            "under 1 ms median",
            median_p99(&mut times),
        ),
        row(
            "this disk's fsync of 4 KiB just before (the floor under a durable commit)",
            "(reference)",
            median_p99(&mut floor),
        ),
        row(
            "the same insert with synchronous=OFF (the work besides the fsync)",
            "(reference)",
            median_p99(&mut cpu),
        ),
    ]
}

/// The main screen's queries must search an index, never scan.
fn plans(data: &Path) -> Vec<Row> {
    let store = Store::open_dir(data).unwrap();
    let today = now().date();
    let screen = screen_filter(today);
    let counts = counts_filter(today);
    let mut rows = Vec::new();
    let queries = [
        (
            "list: today at one desk, newest first, 50",
            Query::List,
            &screen,
        ),
        (
            "topic_counts: today at one desk",
            Query::TopicCounts,
            &counts,
        ),
    ];
    for (name, q, f) in queries {
        let plan = store.query_plan(q, f).unwrap();
        eprintln!("EXPLAIN QUERY PLAN {name}:\n    {}", plan.join("\n    "));
        let measured = match plan.iter().find(|l| l.starts_with("SEARCH c")) {
            _ if plan.iter().any(|l| l.starts_with("SCAN")) => "SCANS".to_string(),
            Some(search) => format!("`{search}`"),
            None => "no search of contacts".to_string(),
        };
        rows.push(row(&format!("plan of {name}"), "no SCAN", measured));
    }
    let shown = store.list(&screen).unwrap().len();
    let today_total = store.count(&Filter::days(today, today)).unwrap();
    eprintln!("today: {today_total} contacts, {shown} shown at {DESK}");
    rows
}

/// Target 2, start-up's store work in a fresh process: this binary again, timing open +
/// today's contacts at one desk + today's topic counts from its own start; and `balie list`
/// of today, spawn to exit, as the smallest whole command.
fn startup(home: &Path, data: &Path, starts: usize) -> Vec<Row> {
    let mut inside = Vec::new();
    let mut spawn_to_exit = Vec::new();
    for _ in 0..starts {
        let t = Instant::now();
        let out = Command::new(std::env::current_exe().unwrap())
            .arg("--startup-child")
            .arg(data)
            .output()
            .unwrap();
        spawn_to_exit.push(t.elapsed());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let micros: u64 = String::from_utf8(out.stdout)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        inside.push(Duration::from_micros(micros));
    }
    let mut list_today = Vec::new();
    for _ in 0..starts {
        let t = Instant::now();
        let status = balie(home, data)
            .args(["list", "--format", "csv"])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        list_today.push(t.elapsed());
        assert!(status.success());
    }
    let store = Store::open_dir(data).unwrap();
    let (screen, counts) = (screen_filter(now().date()), counts_filter(now().date()));
    let mut warm = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        std::hint::black_box(store.list(&screen).unwrap());
        std::hint::black_box(store.topic_counts(&counts).unwrap());
        warm.push(t.elapsed());
    }
    let today = now().date();
    let week = Filter::days(today - chrono::Duration::days(6), today);
    let mut weekly = Vec::new();
    for _ in 0..100 {
        let t = Instant::now();
        std::hint::black_box(store.topic_counts(&week).unwrap());
        weekly.push(t.elapsed());
    }
    let today_total = store.count(&Filter::days(today, today)).unwrap();
    vec![
        row(
            "start-up store work in a fresh process: open + today's 50 newest at one desk + \
             today's topic counts there",
            "part of under 50 ms",
            median_p99(&mut inside),
        ),
        row(
            "the same, process spawn to exit",
            "part of under 50 ms",
            median_p99(&mut spawn_to_exit),
        ),
        row(
            &format!("`balie list --format csv` of today ({today_total} contacts), spawn to exit"),
            "(none)",
            median_p99(&mut list_today),
        ),
        row(
            "the same two queries in an open store (warm)",
            "(none)",
            median_p99(&mut warm),
        ),
        row(
            "`Store::topic_counts` for a week, all desks (warm)",
            "(weekly report under 10 ms)",
            median_p99(&mut weekly),
        ),
    ]
}

/// Peak memory of listing every contact as CSV, and its time beside the sqlite3 shell.
fn export(home: &Path, data: &Path) -> Vec<Row> {
    let (first, today) = (first_day(data), now().date());
    let expected = Store::open_dir(data)
        .unwrap()
        .count(&Filter::days(first, today))
        .unwrap();
    let out = home.join("all.csv");
    let (took, peak) = run_measured(
        balie(home, data)
            .args(["list", "--format", "csv", "--from", &first.to_string()])
            .args(["--to", &today.to_string()]),
        Some(&out),
    );
    let lines = std::fs::read_to_string(&out).unwrap().lines().count() as u64;
    let _ = std::fs::remove_file(&out);
    assert_eq!(lines, expected + 1, "every contact and the header");
    let mut rows = vec![
        row(
            &format!("`balie list --format csv --from {first} --to {today}` ({expected} contacts)"),
            "(export: at most 0.6x the sqlite3 shell)",
            format!("{:.2} s", took.as_secs_f64()),
        ),
        row("... its peak memory", "(none; it streams)", mb(peak)),
    ];
    if let Some(shell) = sqlite3_shell(data, home, &first, &today) {
        rows.push(row(
            "`sqlite3 -csv` shell writing the same rows and columns",
            "(reference)",
            format!(
                "{:.2} s (balie list takes {:.2}x)",
                shell.as_secs_f64(),
                took.as_secs_f64() / shell.as_secs_f64()
            ),
        ));
    }
    rows
}

/// Runs in a fresh process: open the store, read what the main screen shows first, print
/// the microseconds it took.
fn startup_child(data: &Path) {
    let t = Instant::now();
    let today = now().date();
    let store = Store::open_dir(data).unwrap();
    let shown = store.list(&screen_filter(today)).unwrap();
    let counts = store.topic_counts(&counts_filter(today)).unwrap();
    let took = t.elapsed();
    assert!(!shown.is_empty() && !counts.is_empty());
    println!("{}", took.as_micros());
}

fn screen_filter(today: NaiveDate) -> Filter {
    let mut f = counts_filter(today);
    f.newest_first = true;
    f.limit = Some(50);
    f
}

fn counts_filter(today: NaiveDate) -> Filter {
    let mut f = Filter::days(today, today);
    f.desk = Some(DESK.into());
    f
}

fn first_day(data: &Path) -> NaiveDate {
    let store = Store::open_dir(data).unwrap();
    let first = Filter {
        limit: Some(1),
        ..Filter::default()
    };
    store.list(&first).unwrap()[0].at.date()
}

/// `balie` with the fixed clock and no user config (home points into `home`).
fn balie(home: &Path, data: &Path) -> Command {
    let mut cmd = Command::new(BALIE);
    cmd.env("BALIE_NOW", NOW)
        .env("HOME", home)
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .env_remove("BALIE_CONFIG")
        .env_remove("BALIE_DATA_DIR")
        .arg("--data-dir")
        .arg(data);
    cmd
}

/// Wall time of `cmd` (stdout to `stdout_to` or nowhere) and its peak memory in KiB when GNU
/// time is there to tell.
fn run_measured(cmd: &mut Command, stdout_to: Option<&Path>) -> (Duration, Option<u64>) {
    let report = std::env::temp_dir().join(format!("balie-bench-time-{}", std::process::id()));
    let gnu_time = Path::new(GNU_TIME).exists();
    let mut run = if gnu_time {
        let mut c = Command::new(GNU_TIME);
        c.arg("-v").arg("-o").arg(&report).arg(cmd.get_program());
        c.args(cmd.get_args());
        for (k, v) in cmd.get_envs() {
            match v {
                Some(v) => c.env(k, v),
                None => c.env_remove(k),
            };
        }
        c
    } else {
        std::mem::replace(cmd, Command::new("true"))
    };
    run.stdout(match stdout_to {
        Some(p) => Stdio::from(std::fs::File::create(p).unwrap()),
        None => Stdio::null(),
    });
    let t = Instant::now();
    let status = run.status().unwrap();
    let took = t.elapsed();
    assert!(status.success(), "{run:?} failed");
    let peak = gnu_time.then(|| {
        let text = std::fs::read_to_string(&report).unwrap();
        let _ = std::fs::remove_file(&report);
        text.lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    });
    (took, peak)
}

/// The `sqlite3` shell writing the rows and columns of `balie list --format csv`, if it is
/// installed (the system shell may predate `group_concat(... ORDER BY ...)`, hence the
/// ordered sub-select).
fn sqlite3_shell(
    data: &Path,
    home: &Path,
    first: &NaiveDate,
    today: &NaiveDate,
) -> Option<Duration> {
    let until = today.succ_opt()?;
    let sql = "SELECT c.id, c.at, c.desk, c.volunteer, c.channel, c.kind, \
         (SELECT group_concat(topic, '|') FROM (SELECT topic FROM contact_topics \
           WHERE contact_id = c.id ORDER BY position)) AS topics, \
         c.landlord, c.minutes, c.note, c.referred_from, c.referred_to, c.language, \
         c.resident, c.postcode, c.follow_up, c.created_at, c.updated_at \
         FROM contacts c WHERE c.at >= :from AND c.at < :until ORDER BY c.at, c.id";
    let path = home.join("shell.csv");
    let out = std::fs::File::create(&path).ok()?;
    let t = Instant::now();
    let status = Command::new("sqlite3")
        .args(["-csv", "-header", "-readonly", "-cmd"])
        .arg(format!(".parameter set :from \"'{first} 00:00'\""))
        .arg("-cmd")
        .arg(format!(".parameter set :until \"'{until} 00:00'\""))
        .arg(data.join("balie.sqlite"))
        .arg(sql)
        .stdout(out)
        .status()
        .ok()?;
    let took = t.elapsed();
    let _ = std::fs::remove_file(&path);
    status.success().then_some(took)
}

/// `n` times: append 4 KiB to a file and `fdatasync` it.
fn fsync_floor(dir: &Path, n: usize) -> Vec<Duration> {
    use std::io::Write;
    let path = dir.join("fsync-probe");
    let mut f = std::fs::File::create(&path).unwrap();
    let block = [0u8; 4096];
    let times = (0..n)
        .map(|_| {
            let t = Instant::now();
            f.write_all(&block).unwrap();
            f.sync_data().unwrap();
            t.elapsed()
        })
        .collect();
    let _ = std::fs::remove_file(&path);
    times
}

fn median_p99(v: &mut [Duration]) -> String {
    v.sort();
    let median = v[v.len() / 2];
    let p99 = v[(v.len() * 99).div_ceil(100) - 1];
    format!("{} median, {} p99 (n={})", ms(median), ms(p99), v.len())
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn mb(kib: Option<u64>) -> String {
    kib.map_or("(no /usr/bin/time)".into(), |k| {
        format!("{:.1} MB", k as f64 / 1024.0)
    })
}

fn row(a: &str, b: &str, c: String) -> Row {
    [a.to_string(), b.to_string(), c]
}

fn flag<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1)?.parse().ok()
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}
