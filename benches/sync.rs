//! Syncing with a real PostgreSQL server on this machine (a throwaway cluster that flushes to
//! disk like a production one): a busy desk's year uploaded, a sync with nothing to send, a
//! coordinator's first pull of a million contacts beside `psql \copy` of the same rows (time
//! and peak memory), and 50 desks syncing at the same moment.
//!
//! Run: `cargo bench --bench sync` (release build). Without `--bench` (as `cargo test
//! --all-targets` runs it) it makes a small smoke run; without PostgreSQL it says so and stops.
//! `cargo bench --bench sync -- pull` runs only the coordinator's first pull beside psql.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/pg/mod.rs"]
mod pg;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use balie::config::Config;
use balie::domain::{Contact, ContactId};
use balie::store::Store;
use balie::sync::admin::{LoginKind, add_login};
use balie::sync::{Options, SyncUrl, schema};
use chrono::NaiveDateTime;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// `n` contacts of `desk` in the data folder `data`, spread over 2026.
fn desk_year(data: &Path, desk: &str, n: usize, prefix: &str) {
    let mut store = Store::open_dir(data).unwrap();
    let topics = ["huur", "onderhoud", "taal", "schulden", "overlast"];
    let start = at("2026-01-05 09:00");
    let contacts: Vec<Contact> = (0..n)
        .map(|i| {
            let when = start + chrono::Duration::minutes((i as i64 * 17) % (340 * 24 * 60));
            let mut c = Contact::bare(when, desk, "AB", vec![topics[i % 5].into()], when);
            c.id = ContactId(format!("{prefix}{i:020}"));
            if i % 4 == 0 {
                c.referred_to = Some("huurteam".into());
                c.resident = Some(format!("R-{:04}", i % 900));
            }
            c
        })
        .collect();
    store.insert_batch(&contacts).unwrap();
}

/// Run `cmd` to its end: wall time, peak memory (kB) and whether it succeeded. (The child is
/// reaped by `wait4`, which also gives its peak memory.)
#[allow(clippy::zombie_processes, unsafe_code)] // libc::wait4 has no safe wrapper in std
fn measured(cmd: &mut Command) -> (Duration, i64, bool) {
    let started = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start the command");
    let mut status = 0;
    // SAFETY: rusage is plain data, filled in by wait4 for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    (started.elapsed(), usage.ru_maxrss, ok)
}

fn balie(home: &Path, data: &Path, url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_balie"));
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("share"))
        .env("BALIE_NOW", common::NOW)
        .env("BALIE_DATA_DIR", data)
        .env("BALIE_SYNC_URL", url)
        .env_remove("BALIE_CONFIG");
    cmd
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    // `cargo bench --bench sync -- pull`: only the coordinator's pull (and its psql \copy).
    let only_pull = std::env::args().any(|a| a == "pull");
    let (year, million, desks, per_desk) = if full {
        (20_000, 1_000_000, 50, 400)
    } else {
        (500, 5_000, 3, 50)
    };
    let Some(pg) = pg::Pg::start_durable("the sync bench") else {
        return;
    };
    let admin = SyncUrl::parse(&pg.admin_url()).unwrap();
    let mut client = admin.connect().unwrap();
    schema::init(&mut client, &admin).unwrap();
    let config = Config::shipped();
    let home = tempfile::tempdir().unwrap();
    let now = at("2026-12-31 12:00");

    // A busy desk's year, then a sync with nothing to send.
    let year = if only_pull { 0 } else { year };
    let noord = add_login(&mut client, &admin, "WSWonen Noord", LoginKind::Desk).unwrap();
    let data = home.path().join("noord");
    desk_year(&data, "WSWonen Noord", year, "01YEAR");
    let mut store = Store::open_dir(&data).unwrap();
    let opts = Options {
        url: SyncUrl::parse(&noord.url).unwrap(),
        notes: false,
        desk: Some("WSWonen Noord".into()),
        by: "AB".into(),
        now,
    };
    if only_pull {
        drop(store);
        pull_beside_psql(&pg, &mut client, &admin, home.path(), million, 0);
        return;
    }
    let started = Instant::now();
    let (report, _) = balie::sync::sync(&mut store, &config, &opts).unwrap();
    let upload = started.elapsed();
    assert_eq!(report.sent, year as u64);
    println!("upload of {year} contacts (one desk's year): {upload:.2?} (target < 5 s)");
    let mut empty = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let (report, _) = balie::sync::sync(&mut store, &config, &opts).unwrap();
        empty.push(started.elapsed());
        assert_eq!(report.sent, 0);
    }
    empty.sort();
    println!(
        "sync with nothing to send (connect, check, upload, articles, report), median of 5: \
         {:.1?} (target < 100 ms)",
        empty[2]
    );
    drop(store);

    pull_beside_psql(&pg, &mut client, &admin, home.path(), million, year);

    // Many desks at the same moment.
    let mut children = Vec::new();
    for i in 0..desks {
        let name = format!("Wijkpunt {i:02}");
        let login = add_login(&mut client, &admin, &name, LoginKind::Desk).unwrap();
        let data = home.path().join(format!("desk-{i:02}"));
        desk_year(&data, &name, per_desk, &format!("01D{i:02}"));
        let mut cmd = balie(home.path(), &data, &login.url);
        cmd.args(["--desk", &name, "--volunteer", "ab", "sync"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        children.push(cmd);
    }
    let started = Instant::now();
    let running: Vec<_> = children.iter_mut().map(|c| c.spawn().unwrap()).collect();
    let mut failed = 0;
    for child in running {
        let out = child.wait_with_output().unwrap();
        if !out.status.success() {
            failed += 1;
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        }
    }
    let all = started.elapsed();
    let on_server = pg.admin_sql(
        "SELECT count(*), count(DISTINCT id) FROM balie.contacts WHERE desk LIKE 'Wijkpunt %'",
    );
    println!(
        "{desks} desks of {per_desk} contacts syncing at once: {all:.2?}, {failed} failed; on the \
         server (rows, distinct ids): {on_server} (expected {})",
        desks * per_desk
    );
    assert_eq!(failed, 0);
    assert_eq!(
        on_server,
        format!("{}|{}", desks * per_desk, desks * per_desk)
    );
}

/// A million contacts on the server, pulled by a coordinator into an empty database, beside
/// `psql \copy` of the same rows (`year` contacts of a desk are on the server already).
fn pull_beside_psql(
    pg: &pg::Pg,
    client: &mut postgres::Client,
    admin: &SyncUrl,
    home: &Path,
    million: usize,
    year: usize,
) {
    // A million contacts on the server, pulled by a coordinator, beside psql \copy.
    pg.admin_sql(&format!(
        "INSERT INTO balie.contacts (id, desk, at, volunteer, channel, kind, topics, landlord,
             minutes, referred_to, resident, postcode, created_at, updated_at, rev)
         SELECT '01MLN' || lpad(g::text, 20, '0'), 'Desk ' || lpad((g % 50)::text, 2, '0'),
             timestamp '2026-01-05 09:00' + (g % 480000) * interval '1 minute', 'AB', 'inloop',
             CASE WHEN g % 3 = 0 THEN 'hulpvraag' ELSE 'kort' END,
             CASE WHEN g % 7 = 0 THEN ARRAY['huur', 'onderhoud'] ELSE ARRAY['taal'] END,
             'ymere', g % 60, CASE WHEN g % 4 = 0 THEN 'huurteam' END,
             CASE WHEN g % 5 = 0 THEN 'R-' || (g % 900) END, '1021',
             timestamp '2026-01-05 09:00' + (g % 480000) * interval '1 minute',
             timestamp '2026-01-05 09:00' + (g % 480000) * interval '1 minute', g
         FROM generate_series(1, {million}) g"
    ));
    pg.admin_sql("VACUUM ANALYZE balie.contacts");
    let coordinator = add_login(client, admin, "Coordinatie", LoginKind::Coordinator).unwrap();
    let copy_file = home.join("copy.tsv");
    let mut psql = Command::new("psql");
    psql.args(["-X", "-q", "-d", &coordinator.url, "-c"])
        .arg(format!(
            "\\copy (SELECT id, desk, at, volunteer, channel, kind, topics, landlord, minutes, \
         referred_from, referred_to, language, resident, postcode, follow_up, follow_up_done, \
         signal, note, articles, created_at, updated_at FROM balie.contacts \
         WHERE changed_by_tx >= 0) TO '{}'",
            copy_file.display()
        ));
    let (copy_time, copy_rss, ok) = measured(&mut psql);
    assert!(ok, "psql \\copy failed");
    let co_data = home.join("coordinator");
    let (pull_time, pull_rss, ok) =
        measured(balie(home, &co_data, &coordinator.url).args(["--volunteer", "co", "sync"]));
    assert!(ok, "the coordinator's pull failed");
    let pulled = Store::open_dir(&co_data)
        .unwrap()
        .count(&balie::store::Filter::default())
        .unwrap();
    assert_eq!(pulled, million as u64 + year as u64);
    println!(
        "coordinator's first pull of {} contacts: {pull_time:.2?}, peak memory {} MB; psql \\copy \
         of the same rows: {copy_time:.2?}, {} MB; ratio {:.1}x (target <= 2x, < 100 MB)",
        pulled,
        pull_rss / 1024,
        copy_rss / 1024,
        pull_time.as_secs_f64() / copy_time.as_secs_f64()
    );
    let (again, _, ok) =
        measured(balie(home, &co_data, &coordinator.url).args(["--volunteer", "co", "sync"]));
    assert!(ok);
    println!("coordinator's next pull, nothing new: {again:.2?} (a process, start to end)");
}
