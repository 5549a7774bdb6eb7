//! A throwaway PostgreSQL cluster for the sync tests: `initdb` once per machine into a
//! template folder, then per test a copy of it started with `pg_ctl` on a free port in a
//! temporary folder, stopped and removed when the test ends. Run as the unprivileged
//! `postgres` user when the tests run as root (`initdb` refuses root). Without PostgreSQL a
//! test says it was skipped and why; with `BALIE_TEST_POSTGRES=require` that is a failure.
#![allow(dead_code)] // each test file uses its own subset

pub mod city;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The superuser of every test cluster, and its password.
pub const ADMIN: &str = "balie_admin";
pub const ADMIN_PASSWORD: &str = "admin-secret-9";

pub struct Pg {
    pub port: u16,
    bin: PathBuf,
    dir: tempfile::TempDir,
    pub tls: bool,
    /// Whether the server flushes to disk (`fsync`), as a real one does: for the figures.
    pub durable: bool,
}

/// Where the server binaries are: `initdb` on PATH, else the newest /usr/lib/postgresql/*/bin.
fn find_bin() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            if dir.join("initdb").is_file() && dir.join("pg_ctl").is_file() {
                return Ok(dir);
            }
        }
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|_| "no initdb on PATH and no /usr/lib/postgresql".to_string())?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((v, bin))
        })
        .collect();
    found.sort();
    found
        .pop()
        .map(|(_, b)| b)
        .ok_or_else(|| "no initdb in /usr/lib/postgresql/*/bin".to_string())
}

/// The user id this process runs as (the owner of its `/proc/self`).
fn uid() -> u32 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").map_or(u32::MAX, |m| m.uid())
}

fn is_root() -> bool {
    uid() == 0
}

/// Run `program args` as the `postgres` user when root, else as ourselves.
fn run_as_owner(program: &Path, args: &[&str]) -> Output {
    let mut cmd = if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    cmd.args(args).env("LC_ALL", "C.UTF-8");
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()))
}

fn chown_to_postgres(path: &Path) {
    if is_root() {
        let ok = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(path)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "cannot give {} to the postgres user", path.display());
    }
}

/// The cluster every test copies, made once per machine and PostgreSQL version.
fn template(bin: &Path) -> PathBuf {
    let version = bin
        .parent()
        .and_then(|p| p.file_name())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "path".into());
    let uid = uid();
    let dir = std::env::temp_dir().join(format!("balie-pg-template-{version}-{uid}-v1"));
    if dir.join("PG_VERSION").is_file() {
        return dir;
    }
    let work = tempfile::Builder::new()
        .prefix("balie-pg-initdb-")
        .tempdir()
        .unwrap()
        .keep();
    chown_to_postgres(&work);
    let data = work.join("data");
    let pwfile = work.join("pw");
    std::fs::write(&pwfile, ADMIN_PASSWORD).unwrap();
    chown_to_postgres(&pwfile);
    let out = run_as_owner(
        &bin.join("initdb"),
        &[
            "-D",
            data.to_str().unwrap(),
            "-U",
            ADMIN,
            "--pwfile",
            pwfile.to_str().unwrap(),
            "--auth-host=scram-sha-256",
            "--auth-local=scram-sha-256",
            "-E",
            "UTF8",
            "--no-sync",
        ],
    );
    assert!(
        out.status.success(),
        "initdb failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Another test may have made it meanwhile: then ours is dropped.
    if std::fs::rename(&data, &dir).is_err() {
        let _ = std::fs::remove_dir_all(&data);
    }
    let _ = std::fs::remove_dir_all(&work);
    dir
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Why there is no PostgreSQL here, or `None` when there is.
pub fn missing() -> Option<String> {
    find_bin().err()
}

impl Pg {
    /// A fresh cluster, or `None` (after saying why) when this machine has no PostgreSQL.
    pub fn start(test: &str) -> Option<Pg> {
        Pg::start_with(test, false)
    }

    /// A fresh cluster with TLS on (a self-signed certificate for `localhost`).
    pub fn start_tls(test: &str) -> Option<Pg> {
        Pg::start_with(test, true)
    }

    /// A fresh cluster that flushes its commits to disk like a production server.
    pub fn start_durable(test: &str) -> Option<Pg> {
        Pg::start_with_options(test, false, true)
    }

    fn start_with(test: &str, tls: bool) -> Option<Pg> {
        Pg::start_with_options(test, tls, false)
    }

    fn start_with_options(test: &str, tls: bool, durable: bool) -> Option<Pg> {
        let bin = match find_bin() {
            Ok(b) => b,
            Err(why) => {
                if std::env::var("BALIE_TEST_POSTGRES").as_deref() == Ok("require") {
                    panic!(
                        "{test}: PostgreSQL is required (BALIE_TEST_POSTGRES=require) but {why}"
                    );
                }
                eprintln!("skipped {test}: {why} (install postgresql to run it)");
                return None;
            }
        };
        let template = template(&bin);
        let dir = tempfile::Builder::new()
            .prefix("balie-pg-")
            .tempdir()
            .unwrap();
        let data = dir.path().join("data");
        let ok = Command::new("cp")
            .args(["-a"])
            .arg(&template)
            .arg(&data)
            .status()
            .unwrap()
            .success();
        assert!(ok, "cannot copy the template cluster");
        if tls {
            make_certificate(dir.path());
            std::fs::copy(dir.path().join("server.crt"), data.join("server.crt")).unwrap();
            std::fs::copy(dir.path().join("server.key"), data.join("server.key")).unwrap();
            // Only TLS connections get in, so a sync that works went through TLS.
            let hba = std::fs::read_to_string(data.join("pg_hba.conf")).unwrap();
            let hba: String = hba
                .lines()
                .map(|l| match l.strip_prefix("host ") {
                    Some(rest) => format!("hostssl {rest}\n"),
                    None => format!("{l}\n"),
                })
                .collect();
            std::fs::write(data.join("pg_hba.conf"), hba).unwrap();
        }
        chown_to_postgres(dir.path());
        let pg = Pg {
            port: free_port(),
            bin,
            dir,
            tls,
            durable,
        };
        pg.start_server();
        Some(pg)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Start (again) the server on its port.
    pub fn start_server(&self) {
        let mut opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=120",
            self.port,
            self.dir.path().display()
        );
        if !self.durable {
            opts.push_str(" -c fsync=off -c full_page_writes=off");
        }
        if self.tls {
            opts.push_str(" -c ssl=on");
        }
        let log = self.dir.path().join("server.log");
        let out = run_as_owner(
            &self.bin.join("pg_ctl"),
            &[
                "-D",
                self.data().to_str().unwrap(),
                "-o",
                &opts,
                "-l",
                log.to_str().unwrap(),
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
        assert!(
            out.status.success(),
            "pg_ctl start failed: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    /// Stop the server at once (`-m immediate`: as a crash or a pulled plug would).
    pub fn stop_server(&self) {
        let _ = run_as_owner(
            &self.bin.join("pg_ctl"),
            &[
                "-D",
                self.data().to_str().unwrap(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
        );
    }

    /// The URL of `user` with `password` on database `db`, with `params` after `?`.
    pub fn url_of(&self, user: &str, password: &str, db: &str, params: &str) -> String {
        let q = if params.is_empty() {
            String::new()
        } else {
            format!("?{params}")
        };
        format!(
            "postgres://{user}:{password}@127.0.0.1:{}/{db}{q}",
            self.port
        )
    }

    /// The administrator's URL on database `postgres`.
    pub fn admin_url(&self) -> String {
        let mode = if self.tls {
            "sslmode=require"
        } else {
            "sslmode=disable"
        };
        self.url_of(ADMIN, ADMIN_PASSWORD, "postgres", mode)
    }

    /// The folder of this cluster's files (its certificate, its log).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Run `sql` through `psql` as the URL's login; returns (success, stdout, stderr).
    pub fn psql(&self, url: &str, sql: &str) -> (bool, String, String) {
        let out = Command::new(self.psql_bin())
            .args([
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                url,
                "-c",
                sql,
            ])
            .output()
            .expect("run psql");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        )
    }

    /// Run `sql` as the administrator; panics if it fails.
    pub fn admin_sql(&self, sql: &str) -> String {
        let (ok, out, err) = self.psql(&self.admin_url(), sql);
        assert!(ok, "psql failed: {err}");
        out
    }

    fn psql_bin(&self) -> PathBuf {
        let here = self.bin.join("psql");
        if here.is_file() {
            here
        } else {
            PathBuf::from("psql")
        }
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        self.stop_server();
    }
}

/// A self-made certificate authority (`ca.crt`, self-signed) and a server certificate it
/// signed for `localhost` and 127.0.0.1 (`server.crt`, `server.key`, the key readable by its
/// owner only, as PostgreSQL demands), in `dir`: what a city's IT department without a public
/// certificate would set up.
fn make_certificate(dir: &Path) {
    let openssl = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("run openssl");
        assert!(
            out.status.success(),
            "openssl {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=balie test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
    ]);
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ]);
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "server.ext",
        "-out",
        "server.crt",
    ]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            dir.join("server.key"),
            std::fs::Permissions::from_mode(0o600),
        )
        .unwrap();
    }
}

/// Wait until `f` holds, up to `limit`.
pub fn wait_for(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    f()
}
