//! Benchmarks of reports and export on a database of 1,000,000 contacts (ten years, 14 desks,
//! ~1.3 topics per contact): a weekly report by topic, a year's week x topic grid, and a CSV
//! export of every contact beside the `sqlite3` shell dumping the same rows, in one run.
//!
//! Run: `cargo bench --bench reports`. Set `BALIE_BENCH_CONTACTS=N` for another size and
//! `BALIE_BENCH_DB=FILE` to keep (and reuse) the generated database.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use balie::config::Config;
use balie::report::export::{self, ExportOptions};
use balie::report::{Dim, Period, Query};
use balie::store::Store;
use rusqlite::params;

/// A small deterministic generator (SplitMix64): the same database on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// An index drawn with the given weights.
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut x = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

const NOTES: [&str; 8] = [
    "brief van verhuurder",
    "huurverhoging, puntentelling nagelopen",
    "komt terug met \"jaaropgave\"",
    "schimmel in badkamer; foto's gemaakt",
    "toeslag aangevraagd",
    "doorverwezen naar huurteam",
    "-5 euro verschil in servicekosten",
    "=ongeldig, typfout",
];

fn build(path: &Path, n: usize, config: &Config) {
    let started = Instant::now();
    // balie makes the schema; the rows go in through a connection of the bench's own.
    drop(Store::open(path).expect("open the bench database"));
    let mut desks: Vec<String> = config.desks.clone();
    desks.push("Buurtwerkkamer MultiBron".into());
    desks.truncate(14);
    let topics: Vec<&str> = config
        .topics
        .iter()
        .filter(|t| !t.hidden)
        .map(|t| t.code.as_str())
        .collect();
    // A skewed topic mix: the first topics are asked about most.
    let topic_weights: Vec<u64> = (0..topics.len() as u64).map(|k| 1000 / (k + 2)).collect();
    let channels = [
        "inloop",
        "telefoon",
        "afspraak",
        "email",
        "huisbezoek",
        "groep",
    ];
    let channel_weights = [60, 20, 10, 5, 3, 2];
    let landlords: Vec<&str> = config.landlords.iter().map(|l| l.code.as_str()).collect();
    let volunteers: Vec<String> = (0..40u8)
        .map(|i| {
            format!(
                "{}{}",
                (b'A' + i % 26) as char,
                (b'A' + (u32::from(i) * 7 % 26) as u8) as char
            )
        })
        .collect();
    let mut rng = Rng(0x00BA_11E0);
    // Moments over ten years (2017-2026), weekdays mostly, 9:00-16:59, oldest first.
    let first = chrono::NaiveDate::from_ymd_opt(2017, 1, 1).unwrap();
    let days = 3652;
    let mut moments: Vec<i64> = Vec::with_capacity(n);
    while moments.len() < n {
        let d = rng.below(days) as i64;
        let weekday = (d + 6) % 7; // 2017-01-01 was a Sunday: 0 = Monday
        if weekday >= 5 && rng.chance(85) {
            continue;
        }
        let minute = 9 * 60 + rng.below(8 * 60) as i64;
        moments.push(d * 1440 + minute);
    }
    moments.sort_unstable();
    let mut conn = rusqlite::Connection::open(path).unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut contact = tx
            .prepare(
                "INSERT INTO contacts (id, at, desk, volunteer, channel, kind, landlord, minutes,
                    referred_from, referred_to, language, resident, postcode, follow_up, note,
                    created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
            )
            .unwrap();
        let mut topic = tx
            .prepare("INSERT INTO contact_topics (contact_id, topic, position) VALUES (?1, ?2, ?3)")
            .unwrap();
        for m in moments {
            let at = first.and_hms_opt(0, 0, 0).unwrap() + chrono::Duration::minutes(m);
            let stamp = at + chrono::Duration::seconds(60 + rng.below(600) as i64);
            let ms = stamp.and_utc().timestamp_millis() as u64;
            let id = ulid::Ulid::from_parts(
                ms,
                u128::from(rng.next()) << 16 | u128::from(rng.next() as u16),
            )
            .to_string();
            let kind = if rng.chance(70) { "kort" } else { "hulpvraag" };
            let minutes = rng.chance(60).then(|| 5 + rng.below(56) as i64);
            let resident = rng
                .chance(35)
                .then(|| format!("R-{:05}", rng.below(50_000)));
            let language = rng
                .chance(20)
                .then_some(["tr", "ar", "en", "pap", "tw"][rng.below(5) as usize]);
            let postcode = rng.chance(50).then(|| format!("{}", 1011 + rng.below(98)));
            let note = if rng.chance(30) {
                NOTES[rng.below(NOTES.len() as u64) as usize]
            } else {
                ""
            };
            let referred = rng.chance(10).then_some("huurteam");
            contact
                .execute(params![
                    id,
                    at.format("%Y-%m-%d %H:%M").to_string(),
                    desks[rng.below(desks.len() as u64) as usize],
                    volunteers[rng.below(volunteers.len() as u64) as usize],
                    channels[rng.weighted(&channel_weights)],
                    kind,
                    landlords[rng.below(landlords.len() as u64) as usize],
                    minutes,
                    None::<String>,
                    referred,
                    language,
                    resident,
                    postcode,
                    None::<String>,
                    note,
                    stamp.format("%Y-%m-%d %H:%M:%S").to_string(),
                ])
                .unwrap();
            // 1 topic 75%, 2 topics 20%, 3 topics 5%: 1.3 on average.
            let count = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3]
                [rng.below(20) as usize];
            let mut chosen: Vec<usize> = Vec::new();
            while chosen.len() < count {
                let t = rng.weighted(&topic_weights);
                if !chosen.contains(&t) {
                    chosen.push(t);
                }
            }
            for (pos, t) in chosen.iter().enumerate() {
                topic.execute(params![id, topics[*t], pos as i64]).unwrap();
            }
        }
    }
    tx.commit().unwrap();
    conn.execute_batch("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    drop(conn);
    println!(
        "built {n} contacts in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// A read-only connection of the bench's own, for what balie has no read of and the
/// comparisons in plain SQL. Kept open only while used: an idle second connection on the
/// file made every read of the store's connection three times slower in this benchmark.
fn plain(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

/// CPU time (user + system) used so far by this process, or by its finished children.
/// The machine is shared, so wall-clock times are reported beside CPU times.
#[allow(unsafe_code)] // libc::getrusage has no safe wrapper in std
fn cpu(children: bool) -> Duration {
    let who = if children {
        libc::RUSAGE_CHILDREN
    } else {
        libc::RUSAGE_SELF
    };
    // SAFETY: getrusage only writes into the zeroed struct we pass.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(who, &mut u) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

/// Wall-clock and CPU time of one run.
#[derive(Clone, Copy)]
struct Time {
    wall: Duration,
    cpu: Duration,
}

fn timed(children: bool, f: impl FnOnce()) -> Time {
    let (w, c) = (Instant::now(), cpu(children));
    f();
    Time {
        wall: w.elapsed(),
        cpu: cpu(children) - c,
    }
}

/// Run `f` `n` times; return the median wall and CPU times, and the fastest wall time.
fn measure(n: usize, mut f: impl FnMut(usize)) -> String {
    let runs: Vec<Time> = (0..n).map(|i| timed(false, || f(i))).collect();
    let mut wall: Vec<Duration> = runs.iter().map(|t| t.wall).collect();
    let mut cpu: Vec<Duration> = runs.iter().map(|t| t.cpu).collect();
    wall.sort();
    cpu.sort();
    format!(
        "median {} (CPU {}), best {}",
        ms(wall[n / 2]),
        ms(cpu[n / 2]),
        ms(wall[0])
    )
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn median(mut v: Vec<Time>) -> Time {
    v.sort_by_key(|t| t.wall);
    let wall = v[v.len() / 2].wall;
    v.sort_by_key(|t| t.cpu);
    Time {
        wall,
        cpu: v[v.len() / 2].cpu,
    }
}

/// The export's rows as the shell computes them (same columns, same order). Week numbers
/// come from the Thursday of each ISO week, which works on older SQLite shells without %V.
fn shell_query(config: &Config, computed: bool) -> String {
    let mut sql = String::from(
        "SELECT c.id, c.at, c.desk, c.volunteer, c.channel, c.kind, \
         (SELECT group_concat(topic, '|') FROM (SELECT topic FROM contact_topics \
            WHERE contact_id = c.id ORDER BY position)), \
         c.landlord, c.minutes, c.note, c.referred_from, c.referred_to, c.language, c.resident, \
         c.postcode, c.follow_up, c.created_at, c.updated_at",
    );
    if computed {
        sql.push_str(
            ", strftime('%Y', date(c.at, '-3 days', 'weekday 4')) || '-W' || \
               printf('%02d', (strftime('%j', date(c.at, '-3 days', 'weekday 4')) - 1) / 7 + 1), \
             substr(c.at, 1, 7), CASE c.landlord",
        );
        // Bench-only SQL text for the shell, built from the shipped config's codes.
        for l in &config.landlords {
            sql.push_str(&format!(" WHEN '{}' THEN '{}'", l.code, l.group));
        }
        sql.push_str(" ELSE 'onbekend' END");
        // the columns added since the first release, after the derived ones
        sql.push_str(", c.signal, c.follow_up_done");
    }
    sql.push_str(" FROM contacts c ORDER BY c.at, c.id");
    sql
}

fn shell_dump(db: &Path, sql: &str, out: &Path) -> Time {
    let file = std::fs::File::create(out).unwrap();
    timed(true, || {
        let status = Command::new("sqlite3")
            .args(["-csv", "-readonly"])
            .arg(db)
            .arg(sql)
            .stdout(Stdio::from(file))
            .status()
            .expect("the sqlite3 shell runs");
        assert!(status.success());
    })
}

fn balie_dump(store: &Store, config: &Config, out: &Path) -> Time {
    let mut file = std::fs::File::create(out).unwrap();
    timed(false, || {
        export::write_csv(store, config, &ExportOptions::default(), &mut file).unwrap();
    })
}

/// Both files hold the same records (ours has a header line first).
fn same_records(ours: &Path, shell: &Path) -> usize {
    let mut a = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(ours)
        .unwrap();
    let mut b = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(shell)
        .unwrap();
    let mut n = 0;
    for (x, y) in a.records().zip(b.records()) {
        let (x, y) = (x.unwrap(), y.unwrap());
        assert_eq!(x, y, "record {n} differs");
        n += 1;
    }
    assert!(
        a.records().next().is_none() && b.records().next().is_none(),
        "same number of records"
    );
    n
}

fn main() {
    let n: usize = std::env::var("BALIE_BENCH_CONTACTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let tmp = tempfile::tempdir().unwrap();
    let db: PathBuf = std::env::var_os("BALIE_BENCH_DB")
        .map_or_else(|| tmp.path().join("bench.sqlite"), PathBuf::from);
    let config = Config::shipped();
    if !db.exists() {
        build(&db, n, &config);
    } else {
        println!("reusing {}", db.display());
    }
    let store = Store::open(&db).unwrap();
    let contacts = store.count(&Default::default()).unwrap();
    let topic_rows: i64 = plain(&db)
        .query_row("SELECT count(*) FROM contact_topics", [], |r| r.get(0))
        .unwrap();
    println!(
        "{contacts} contacts, {topic_rows} topic rows ({:.2} per contact), {:.0} MB",
        topic_rows as f64 / contacts as f64,
        std::fs::metadata(&db).unwrap().len() as f64 / 1e6
    );

    let weeks: Vec<Period> = (1..=52)
        .map(|w| Period::Week {
            year: 2025,
            week: w,
        })
        .collect();
    let m = measure(200, |i| {
        let mut q = Query::new(weeks[i % weeks.len()]);
        q.by = vec![Dim::Topic];
        let r = balie::report::run(&store, &config, &q).unwrap();
        assert!(r.total.contacts > 0);
    });
    println!("weekly report by topic (2025-W01..W52, 200 runs): {m}");

    let m = measure(200, |i| {
        let week = &weeks[i % weeks.len()];
        let t = balie::report::topic_counts(&store, &config, week, Some("WSWonen Noord")).unwrap();
        assert!(!t.is_empty());
    });
    println!("weekly topic counts, one desk (overview, 200 runs): {m}");

    let m = measure(20, |i| {
        let mut q = Query::new(Period::Year(2017 + (i % 10) as i32));
        q.by = vec![Dim::Week, Dim::Topic];
        let r = balie::report::run(&store, &config, &q).unwrap();
        assert!(r.rows.len() >= 52 * 19);
    });
    println!("year's week x topic grid (2017..2026, 20 runs): {m}");

    let sql = plain(&db);
    let m = measure(20, |i| {
        let year = 2017 + (i % 10) as i32;
        let mut s = sql
            .prepare_cached(
                "SELECT strftime('%G-W%V', c.at), t.topic, count(*), count(DISTINCT c.resident)
                 FROM contacts c JOIN contact_topics t ON t.contact_id = c.id
                 WHERE c.at >= ?1 AND c.at < ?2 GROUP BY 1, 2",
            )
            .unwrap();
        let bounds = params![format!("{year}-01-01"), format!("{}-01-01", year + 1)];
        let n = s.query_map(bounds, |_| Ok(())).unwrap().count();
        assert!(n > 52);
    });
    println!("  the same grid with GROUP BY in SQL, for comparison: {m}");
    drop(sql);

    let m = measure(20, |i| {
        let end = Period::Week {
            year: 2025,
            week: 1 + (i % 52) as u32,
        };
        let w = balie::report::recent_weeks(&store, &config, &end, 12, None).unwrap();
        assert_eq!(w.len(), 12);
    });
    println!("last 12 weeks (overview, 20 runs): {m}");

    let targets = "[[targets]]\nyear = 2025\nname = \"Formulieren\"\ntopics = [\"formulieren\", \"schulden\"]\n\
                   count = \"residents\"\nvalue = 950\n\n[[targets]]\nyear = 2025\nname = \"Wonen\"\n\
                   topics = [\"huur\", \"onderhoud\", \"splitsing\"]\ncount = \"contacts\"\nvalue = 20000\n";
    let with_targets =
        Config::layered(&[("shipped", balie::config::SHIPPED), ("bench", targets)]).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 11, 20).unwrap();
    let m = measure(20, |i| {
        let week = &weeks[i % weeks.len()];
        let o = balie::report::overview(&store, &with_targets, week, None, today).unwrap();
        assert_eq!(o.targets.len(), 2);
    });
    println!("overview of a week with 2 targets for its year (20 runs): {m}");
    let m = measure(10, |_| {
        balie::report::target_progress(&store, &with_targets, 2025, today, None).unwrap();
    });
    println!("  of which target progress for the year: {m}");

    if Command::new("sqlite3").arg("-version").output().is_err() {
        println!("export: skipped, no sqlite3 shell on PATH");
        return;
    }
    let ours = tmp.path().join("balie.csv");
    let shell = tmp.path().join("shell.csv");
    let shell18 = tmp.path().join("shell18.csv");
    let same = shell_query(&config, true);
    let stored = shell_query(&config, false);
    // Warm the page cache once each, then alternate three timed runs.
    balie_dump(&store, &config, &ours);
    shell_dump(&db, &same, &shell);
    let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..3 {
        a.push(balie_dump(&store, &config, &ours));
        b.push(shell_dump(&db, &same, &shell));
        c.push(shell_dump(&db, &stored, &shell18));
    }
    let (a, b, c) = (median(a), median(b), median(c));
    let records = same_records(&ours, &shell);
    let ratio = |x: Duration, y: Duration| x.as_secs_f64() / y.as_secs_f64();
    println!(
        "CSV export of all {records} contacts, 21 columns, median of 3 (records checked equal):"
    );
    println!(
        "  balie:                    {} (CPU {})",
        ms(a.wall),
        ms(a.cpu)
    );
    println!(
        "  sqlite3 shell, same rows: {} (CPU {}) -> balie/shell {:.2}x wall, {:.2}x CPU",
        ms(b.wall),
        ms(b.cpu),
        ratio(a.wall, b.wall),
        ratio(a.cpu, b.cpu)
    );
    println!(
        "  sqlite3 shell, the 18 stored columns only: {} (CPU {}) -> {:.2}x wall, {:.2}x CPU",
        ms(c.wall),
        ms(c.cpu),
        ratio(a.wall, c.wall),
        ratio(a.cpu, c.cpu)
    );
    let file = tmp.path().join("atomic.csv");
    let t = timed(false, || {
        export::export_to_file(&store, &config, &ExportOptions::default(), &file, true).unwrap();
    });
    println!(
        "  balie export --output (temp file, fsync, rename): {} (CPU {})",
        ms(t.wall),
        ms(t.cpu)
    );
    println!(
        "  output size {:.0} MB",
        std::fs::metadata(&ours).unwrap().len() as f64 / 1e6
    );
}
