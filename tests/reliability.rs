//! The reliability figures, measured: two processes logging at once on one database, and
//! `kill -9` at random moments during a logging loop. Its own harness (`harness = false`):
//! it starts copies of itself as the child processes, so no test-only command is needed in
//! balie itself; the children use the library exactly as `balie log` does.
//!
//! `cargo test --test reliability` runs the short version (2 x 1,000 contacts, 10 kills;
//! 50 restores killed, 20 restores while 2 processes log; 8 kills during encrypt/decrypt of
//! 1,000 contacts); `cargo test --release --test reliability -- --ignored` runs the figures in
//! RELIABILITY.md (2 x 5,000 contacts, 200 kills, 200 restores killed, 50 restores while
//! logging, 100 kills during encrypt/decrypt of 5,000). `BALIE_SEED=n` repeats a run's kill
//! moments.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use balie::config::Config;
use balie::domain::Contact;
use balie::store::{Filter, Store};

const CHILD: &str = "--reliability-child";
/// `--reliability-restore DATA_DIR BACKUP`: `balie restore BACKUP` through the library,
/// printing `restored` when it returned.
const RESTORE_CHILD: &str = "--reliability-restore";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(CHILD) {
        child(&args[1..]);
        return;
    }
    if args.first().map(String::as_str) == Some(RESTORE_CHILD) {
        restore_child(&args[1..]);
        return;
    }
    if args.iter().any(|a| a == "--list") {
        println!(
            "two_writers: test\nkill_9: test\nrestore_kill_9: test\nrestore_while_logging: test\n\
             kill_9_encrypt: test"
        );
        return;
    }
    let full = args
        .iter()
        .any(|a| a == "--ignored" || a == "--include-ignored");
    let filter: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    let (each, kills) = if full { (5_000, 200) } else { (1_000, 10) };
    if wanted("two_writers") {
        two_writers(each);
    }
    if wanted("kill_9")
        && !filter
            .iter()
            .any(|f| f.starts_with("restore") || f.contains("encrypt"))
    {
        kill_9(kills);
    }
    let (restore_kills, restores) = if full { (200, 50) } else { (50, 20) };
    if wanted("restore_kill_9") {
        restore_kill_9(restore_kills);
    }
    if wanted("restore_while_logging") {
        restore_while_logging(restores);
    }
    if wanted("kill_9_encrypt") {
        kill_9_encrypt(if full { (5_000, 100) } else { (1_000, 8) });
    }
}

fn restore_child(args: &[String]) {
    let data = PathBuf::from(&args[0]);
    let file = PathBuf::from(&args[1]);
    let now = chrono::Local::now().naive_local();
    match balie::backup::restore(&data, &file, &Config::shipped(), "AB", now, None) {
        Ok(_) => println!("restored"),
        Err(e) => println!("err restore: {e}"),
    }
}

// ---- the child: a logging loop over the library ---------------------------------------------

/// `--reliability-child DATA_DIR COUNT GO_FILE`: wait for GO_FILE, then open the store as
/// `balie log` does (with the daily upkeep) and log COUNT contacts (0: until killed),
/// printing `id ID` after each commit and `err MESSAGE` for each failure.
/// `--reliability-child DATA_DIR read GO_FILE`: read as an open desk screen does, until
/// GO_FILE.stop appears; prints `reads N` and `err MESSAGE` for each failure.
fn child(args: &[String]) {
    let data = PathBuf::from(&args[0]);
    let go = PathBuf::from(&args[2]);
    while !go.exists() {
        std::thread::sleep(Duration::from_micros(200));
    }
    if args[1] == "read" {
        reader(&data, &go);
        return;
    }
    if args[1] == "convert" {
        convert(&data);
        return;
    }
    let count: usize = args[1].parse().unwrap();
    let mut out = std::io::stdout().lock();
    let config = Config::shipped();
    let now = chrono::Local::now().naive_local();
    let mut store = match Store::open_dir(&data) {
        Ok(s) => s,
        Err(e) => {
            writeln!(out, "err open: {e}").unwrap();
            return;
        }
    };
    for problem in balie::maintenance::daily(&mut store, &config, &data, now).problems() {
        writeln!(out, "err upkeep: {problem}").unwrap();
    }
    let topics = ["huur", "onderhoud", "formulieren", "taal", "schulden"];
    let mut i = 0;
    while count == 0 || i < count {
        let mut c = Contact::bare(
            now,
            "Buurtwerkkamer MultiBron",
            "AB",
            vec![topics[i % 5].into()],
            now,
        );
        c.note = format!("contact {i} uit proces {}", std::process::id());
        c.validate(&config).unwrap();
        match store.insert(&c) {
            Ok(()) => writeln!(out, "id {}", c.id).unwrap(),
            Err(e) => writeln!(out, "err {e}").unwrap(),
        }
        out.flush().unwrap();
        i += 1;
    }
}

/// What the desk screen does while others write: the latest contacts, today's count, and
/// the change counter it polls.
fn reader(data: &Path, go: &Path) {
    let mut out = std::io::stdout().lock();
    let stop = go.with_extension("stop");
    let store = loop {
        // the writers may still be creating the database
        match Store::open_dir(data) {
            Ok(s) => break s,
            Err(e) => writeln!(out, "err open: {e}").unwrap(),
        }
    };
    let latest = Filter {
        newest_first: true,
        limit: Some(50),
        ..Filter::default()
    };
    let mut reads = 0u64;
    // at least one read, even when the writers were done before this process got going (a
    // quiet machine writes 2,000 contacts in well under a second)
    loop {
        let result = store
            .list(&latest)
            .and_then(|_| store.count(&Filter::default()))
            .and_then(|_| store.data_version());
        match result {
            Ok(_) => reads += 1,
            Err(e) => writeln!(out, "err read: {e}").unwrap(),
        }
        if stop.exists() {
            break;
        }
    }
    writeln!(out, "reads {reads}").unwrap();
}

struct Spawned {
    child: std::process::Child,
    lines: Arc<Mutex<Vec<String>>>,
    reader: std::thread::JoinHandle<()>,
}

fn spawn(data: &Path, count: &str, go: &Path) -> Spawned {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .arg(CHILD)
        .arg(data)
        .arg(count)
        .arg(go)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&lines);
    let reader = std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        let mut line = String::new();
        // only whole lines count: a line cut off by the kill was never confirmed
        while r.read_line(&mut line).is_ok_and(|n| n > 0) {
            if line.ends_with('\n') {
                sink.lock().unwrap().push(line.trim_end().to_string());
            }
            line.clear();
        }
    });
    Spawned {
        child,
        lines,
        reader,
    }
}

impl Spawned {
    fn finish(self) -> Vec<String> {
        let Spawned {
            mut child,
            lines,
            reader,
        } = self;
        child.wait().unwrap();
        reader.join().unwrap();
        // the reader has finished and dropped its handle
        Arc::try_unwrap(lines).unwrap().into_inner().unwrap()
    }

    fn kill(mut self) -> Vec<String> {
        let _ = self.child.kill(); // SIGKILL
        self.finish()
    }
}

fn ids(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix("id "))
        .map(str::to_string)
        .collect()
}

fn errors(lines: &[String]) -> Vec<&String> {
    lines.iter().filter(|l| l.starts_with("err")).collect()
}

fn integrity(data: &Path) -> String {
    let path = data.join("balie.sqlite");
    if !data.exists() {
        // killed before it even made the data folder: nothing there to check
        return "ok".to_string();
    }
    let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| {
        panic!(
            "cannot open {} for the integrity check: {e}",
            path.display()
        )
    });
    // a process killed a moment ago may still be releasing its lock
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

// ---- two processes at once ------------------------------------------------------------------

fn two_writers(each: usize) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let go = dir.path().join("go");
    // a fresh data folder: both also race to create the database; a third process reads
    // all the while, as an open desk screen does
    let a = spawn(&data, &each.to_string(), &go);
    let b = spawn(&data, &each.to_string(), &go);
    let r = spawn(&data, "read", &go);
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    std::fs::write(&go, b"").unwrap();
    let (la, lb) = (a.finish(), b.finish());
    let took = started.elapsed();
    std::fs::write(go.with_extension("stop"), b"").unwrap();
    let lr = r.finish();
    let reads: u64 = lr
        .iter()
        .find_map(|l| l.strip_prefix("reads "))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let errs: Vec<&String> = errors(&la)
        .into_iter()
        .chain(errors(&lb))
        .chain(errors(&lr))
        .collect();
    let store = Store::open_dir(&data).unwrap();
    let stored = store.count(&Filter::default()).unwrap();
    let confirmed = ids(&la).len() + ids(&lb).len();
    println!(
        "two_writers: 2 processes x {each} contacts -> {stored} stored, {confirmed} confirmed, \
         {} errors, {:.1} s ({:.0} contacts/s), integrity {}; a third process read the latest \
         contacts {reads} times meanwhile",
        errs.len(),
        took.as_secs_f64(),
        stored as f64 / took.as_secs_f64(),
        integrity(&data)
    );
    assert!(errs.is_empty(), "errors: {:?}", &errs[..errs.len().min(5)]);
    assert!(reads > 0, "the reader read");
    assert_eq!(stored as usize, 2 * each);
    assert_eq!(confirmed, 2 * each);
    assert_eq!(integrity(&data), "ok");
}

// ---- kill -9 --------------------------------------------------------------------------------

/// xorshift64*: enough randomness for kill moments, and repeatable from a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % below
    }
}

fn kill_9(kills: usize) {
    let seed = seed();
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let go = dir.path().join("go");
    std::fs::write(&go, b"").unwrap();
    let mut confirmed: Vec<String> = Vec::new();
    let mut before_first_commit = 0;
    let started = Instant::now();
    for round in 0..kills {
        let child = spawn(&data, "0", &go);
        // a random moment: during start-up, opening, upkeep, or anywhere in the loop
        let wait = Duration::from_micros(rng.next(60_000));
        std::thread::sleep(wait);
        let lines = child.kill();
        let errs = errors(&lines);
        assert!(errs.is_empty(), "round {round}: {errs:?}");
        let got = ids(&lines);
        if got.is_empty() {
            before_first_commit += 1;
        }
        confirmed.extend(got);
        let ok = integrity(&data);
        assert_eq!(
            ok, "ok",
            "round {round} (seed {seed}): integrity_check after kill -9"
        );
    }
    let store = Store::open_dir(&data).unwrap();
    let mut lost = 0;
    for id in &confirmed {
        if store
            .get(&balie::domain::ContactId(id.clone()))
            .unwrap()
            .is_none()
        {
            lost += 1;
        }
    }
    let stored = store.count(&Filter::default()).unwrap();
    println!(
        "kill_9: {kills} kill -9s (seed {seed}) in {:.1} s -> {} confirmed, {lost} lost, \
         {stored} stored, integrity ok after every kill ({before_first_commit} kills came before \
         the first commit of their run)",
        started.elapsed().as_secs_f64(),
        confirmed.len(),
    );
    assert_eq!(lost, 0, "confirmed contacts lost (seed {seed})");
    // at most the one contact per kill that was committed but not yet printed
    assert!(stored as usize >= confirmed.len() && stored as usize <= confirmed.len() + kills);
}

// ---- restore ------------------------------------------------------------------------------

fn spawn_restore(data: &Path, file: &Path) -> Spawned {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .arg(RESTORE_CHILD)
        .arg(data)
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&lines);
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    Spawned {
        child,
        lines,
        reader,
    }
}

fn seed() -> u64 {
    std::env::var("BALIE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        })
}

type AuditKey = (String, String, String, String, String);

fn audit_log(data: &Path) -> Vec<AuditKey> {
    let conn = rusqlite::Connection::open(data.join("balie.sqlite")).unwrap();
    conn.busy_timeout(Duration::from_secs(10)).unwrap();
    let mut stmt = conn
        .prepare("SELECT at, volunteer, action, contact_ids, detail FROM audit ORDER BY at, seq")
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// `kill -9` at a random moment of `balie restore`, `kills` times, on a data folder where a
/// resident was forgotten after the backup was made: the erased note and code must never come
/// back, no audit entry may go missing, and no half-restored file may be left behind.
fn restore_kill_9(kills: usize) {
    let seed = seed();
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("backup.sqlite");
    let now = chrono::Local::now().naive_local();
    let config = Config::shipped();
    let secret = "geheim-verhaal-Xq7";
    {
        let mut store = Store::open_dir(&data).unwrap();
        for i in 0..40 {
            let mut c = Contact::bare(now, "D", "AB", vec!["huur".into()], now);
            c.note = if i == 7 {
                secret.into()
            } else {
                format!("contact {i}")
            };
            c.resident = (i == 7 || i == 9).then(|| "K-0042".into());
            c.validate(&config).unwrap();
            store.insert(&c).unwrap();
        }
        balie::backup::write(&store, &file).unwrap();
        store.forget_resident("K0042", "CD", now).unwrap();
        for i in 0..5 {
            let mut c = Contact::bare(now, "D", "AB", vec!["taal".into()], now);
            c.note = format!("na de backup {i}");
            c.validate(&config).unwrap();
            store.insert(&c).unwrap();
        }
    }
    // how long one restore takes here, so the kills spread over the whole of it
    let started = Instant::now();
    let lines = spawn_restore(&data, &file).finish();
    assert_eq!(lines, vec!["restored".to_string()]);
    let span = started.elapsed().as_micros() as u64 * 3 / 2 + 1;
    let (mut erasures_back, mut audit_lost, mut leftovers, mut completed) = (0, 0, 0, 0);
    for round in 0..kills {
        let before = audit_log(&data);
        let child = spawn_restore(&data, &file);
        std::thread::sleep(Duration::from_micros(rng.next(span)));
        let lines = child.kill();
        assert!(errors(&lines).is_empty(), "round {round}: {lines:?}");
        completed += lines.iter().filter(|l| *l == "restored").count();
        assert_eq!(integrity(&data), "ok", "round {round} (seed {seed})");
        let conn = rusqlite::Connection::open(data.join("balie.sqlite")).unwrap();
        conn.busy_timeout(Duration::from_secs(10)).unwrap();
        let back: i64 = conn
            .query_row(
                "SELECT count(*) FROM contacts WHERE note = ?1 OR resident IS NOT NULL",
                [secret],
                |r| r.get(0),
            )
            .unwrap();
        drop(conn);
        erasures_back += back;
        let after = audit_log(&data);
        let mut left = after.clone();
        for e in &before {
            match left.iter().position(|a| a == e) {
                Some(i) => {
                    left.remove(i);
                }
                None => audit_lost += 1,
            }
        }
        leftovers += std::fs::read_dir(&data)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".restoring"))
            .count();
        if back > 0 || audit_lost > 0 {
            break;
        }
    }
    println!(
        "restore_kill_9: {kills} kill -9s during restore (seed {seed}, spread over 0-{:.0} ms, 1.5 x one restore) \
         -> {erasures_back} erasures back, {audit_lost} audit entries lost, {leftovers} staging \
         files left; {completed} restores finished before their kill",
        span as f64 / 1000.0
    );
    assert_eq!(
        erasures_back, 0,
        "erased notes or codes came back (seed {seed})"
    );
    assert_eq!(audit_lost, 0, "audit entries lost (seed {seed})");
    assert_eq!(leftovers, 0, "a staging file was left behind (seed {seed})");
}

/// `balie restore` `restores` times while two processes log contacts all the while: every
/// contact confirmed is afterwards in the database or in a copy kept before a restore.
fn restore_while_logging(restores: usize) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("backup.sqlite");
    let go = dir.path().join("go");
    {
        let store = Store::open_dir(&data).unwrap();
        balie::backup::write(&store, &file).unwrap();
    }
    let a = spawn(&data, "0", &go);
    let b = spawn(&data, "0", &go);
    std::fs::write(&go, b"").unwrap();
    let started = Instant::now();
    let mut restore_errors = Vec::new();
    for _ in 0..restores {
        std::thread::sleep(Duration::from_millis(30));
        let lines = spawn_restore(&data, &file).finish();
        restore_errors.extend(errors(&lines).into_iter().cloned());
    }
    std::thread::sleep(Duration::from_millis(30));
    let (la, lb) = (a.kill(), b.kill());
    let took = started.elapsed();
    let confirmed: Vec<String> = ids(&la).into_iter().chain(ids(&lb)).collect();
    let mut present = std::collections::HashSet::new();
    let mut copies = 0;
    let mut collect = |path: &Path| {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.busy_timeout(Duration::from_secs(10)).unwrap();
        let mut stmt = conn.prepare("SELECT id FROM contacts").unwrap();
        for id in stmt.query_map([], |r| r.get::<_, String>(0)).unwrap() {
            present.insert(id.unwrap());
        }
    };
    collect(&data.join("balie.sqlite"));
    for e in std::fs::read_dir(data.join("backups")).unwrap().flatten() {
        if e.file_name().to_string_lossy().contains("before-restore") {
            collect(&e.path());
            copies += 1;
        }
    }
    let missing = confirmed.iter().filter(|id| !present.contains(*id)).count();
    let log_errors: Vec<&String> = errors(&la).into_iter().chain(errors(&lb)).collect();
    println!(
        "restore_while_logging: {restores} restores in {:.1} s while 2 processes logged -> {} \
         confirmed, {missing} missing from the database and the {copies} copies kept before \
         each restore; {} logging errors, {} restore errors",
        took.as_secs_f64(),
        confirmed.len(),
        log_errors.len(),
        restore_errors.len()
    );
    assert!(restore_errors.is_empty(), "{restore_errors:?}");
    assert!(
        log_errors.is_empty(),
        "{:?}",
        &log_errors[..log_errors.len().min(5)]
    );
    assert_eq!(copies, restores);
    assert_eq!(missing, 0, "confirmed contacts missing");
    assert_eq!(integrity(&data), "ok");
}

// ---- kill -9 during encrypt and decrypt -----------------------------------------------------

const PASSPHRASE: &str = "betrouwbaarheid test";

/// A cheap key derivation, so the kills fall across the whole conversion rather than mostly
/// in the derivation (which touches no file).
const CHEAP: balie::crypt::Kdf = balie::crypt::Kdf {
    memory_kib: 1024,
    iterations: 1,
    parallelism: 1,
};

/// The child: encrypt the database if it is plain, decrypt it if it is encrypted (as
/// `balie encrypt` / `balie decrypt` do), then print `done`.
fn convert(data: &Path) {
    use balie::crypt::{KeyFile, Secret, convert};
    let mut out = std::io::stdout().lock();
    if let Err(e) = convert::settle(data) {
        writeln!(out, "err settle: {e}").unwrap();
        return;
    }
    let key_path = convert::key_path(data);
    let result = if key_path.exists() {
        KeyFile::read(&key_path)
            .and_then(|f| f.unwrap(&Secret::new(PASSPHRASE.into()), &key_path))
            .map_err(convert::ConvertError::from)
            .and_then(|key| convert::decrypt(data, &key).map(|_| ()))
    } else {
        convert::encrypt(data, &Secret::new(PASSPHRASE.into()), CHEAP).map(|_| ())
    };
    match result {
        Ok(()) => writeln!(out, "done").unwrap(),
        Err(e) => writeln!(out, "err convert: {e}").unwrap(),
    }
}

/// Open the data folder as balie does after a kill: whichever key it needs, then check it
/// is whole and holds every contact, and so does every backup. Returns whether it was
/// encrypted.
fn open_after_kill(data: &Path, expected: u64, round: usize, seed: u64) -> bool {
    use balie::crypt::{KeyFile, Secret, convert};
    convert::settle(data).unwrap();
    let key_path = convert::key_path(data);
    let key = key_path.exists().then(|| {
        KeyFile::read(&key_path)
            .and_then(|f| f.unwrap(&Secret::new(PASSPHRASE.into()), &key_path))
            .unwrap_or_else(|e| panic!("round {round} (seed {seed}): key file: {e}"))
    });
    let store = Store::open_dir_keyed(data, key.as_ref())
        .unwrap_or_else(|e| panic!("round {round} (seed {seed}): cannot open: {e}"));
    assert_eq!(
        store.integrity().unwrap(),
        "ok",
        "round {round} (seed {seed})"
    );
    let stored = store.count(&Filter::default()).unwrap();
    assert_eq!(stored, expected, "round {round} (seed {seed}): contacts");
    drop(store);
    for b in balie::backup::list(data).unwrap() {
        // a backup is plain or under the database's key (never one of each, half done)
        let checked = balie::backup::check_keyed(&b, key.as_ref())
            .unwrap_or_else(|e| panic!("round {round} (seed {seed}): backup: {e}"));
        assert_eq!(checked.contacts, expected, "round {round}: backup contacts");
    }
    key.is_some()
}

fn kill_9_encrypt((expected, kills): (u64, usize)) {
    let seed = seed();
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let go = dir.path().join("go");
    std::fs::write(&go, b"").unwrap();
    // contacts and two backups to convert
    let config = Config::shipped();
    let now = chrono::Local::now().naive_local();
    {
        let mut store = Store::open_dir(&data).unwrap();
        let contacts: Vec<Contact> = (0..expected)
            .map(|i| {
                let mut c = Contact::bare(
                    now - chrono::Duration::minutes(i as i64),
                    "Buurtwerkkamer MultiBron",
                    "RT",
                    vec!["huur".to_string()],
                    now,
                );
                c.note = format!("notitie {i}");
                c.validate(&config).unwrap();
                c
            })
            .collect();
        store.insert_batch(&contacts).unwrap();
        balie::backup::write_in(&store, &data, now, Some("a")).unwrap();
        balie::backup::write_in(&store, &data, now, Some("b")).unwrap();
    }
    // how long one conversion takes, unkilled, sets the range of kill moments
    let started = Instant::now();
    let lines = spawn(&data, "convert", &go).finish();
    assert_eq!(lines, ["done"], "a whole conversion");
    let span = started.elapsed().as_micros() as u64;
    assert!(open_after_kill(&data, expected, 0, seed), "encrypted");
    let (mut encrypted, mut done, mut flips) = (0, 0, 0);
    let mut was = true;
    let started = Instant::now();
    for round in 1..=kills {
        let child = spawn(&data, "convert", &go);
        std::thread::sleep(Duration::from_micros(rng.next(span + span / 4)));
        let lines = child.kill();
        let errs = errors(&lines);
        assert!(errs.is_empty(), "round {round} (seed {seed}): {errs:?}");
        if lines.iter().any(|l| l == "done") {
            done += 1;
        }
        let now_encrypted = open_after_kill(&data, expected, round, seed);
        if now_encrypted != was {
            flips += 1;
        }
        was = now_encrypted;
        encrypted += usize::from(now_encrypted);
    }
    println!(
        "kill_9_encrypt: {kills} kill -9s (seed {seed}) during encrypt/decrypt of {expected} \
         contacts and 2 backups (one conversion: {:.0} ms) in {:.1} s -> after every kill one \
         whole database with every contact, opened {encrypted} times encrypted and {} times \
         plain; {flips} conversions took effect, {done} finished before the kill",
        span as f64 / 1000.0,
        started.elapsed().as_secs_f64(),
        kills - encrypted
    );
}
