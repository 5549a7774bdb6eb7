//! A city for the sync tests: one throwaway server with the schema, two desk logins and a
//! coordinator login, and each of them a `balie` with its own data folder.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

use super::Pg;
use crate::common;

pub const NOORD: &str = "WSWonen Noord";
pub const OOST: &str = "WSWonen Oost";

/// A city: one server with the schema, two desk logins and a coordinator login.
pub struct City {
    pub pg: Pg,
    pub home: TempDir,
    pub noord_url: String,
    pub oost_url: String,
    pub coordinator_url: String,
}

pub fn server(pg: &Pg, args: &[&str]) -> Command {
    let mut cmd = common::isolated(Path::new("/nonexistent"), common::NOW);
    cmd.arg("server")
        .args(args)
        .env("BALIE_ADMIN_URL", pg.admin_url());
    cmd
}

pub fn stdout(mut cmd: impl std::borrow::BorrowMut<Command>) -> String {
    let cmd = cmd.borrow_mut();
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The sync URL `add-desk` / `add-coordinator` printed (its last line).
pub fn added(pg: &Pg, what: &str, name: &str) -> String {
    let out = stdout(server(pg, &[what, name]));
    out.lines().last().unwrap().trim().to_string()
}

pub fn city(test: &str) -> Option<City> {
    let pg = Pg::start(test)?;
    stdout(server(&pg, &["init"]));
    let noord_url = added(&pg, "add-desk", NOORD);
    let oost_url = added(&pg, "add-desk", OOST);
    let coordinator_url = added(&pg, "add-coordinator", "Coordinatie");
    Some(City {
        pg,
        home: TempDir::new().unwrap(),
        noord_url,
        oost_url,
        coordinator_url,
    })
}

impl City {
    pub fn data(&self, who: &str) -> PathBuf {
        self.home.path().join(who)
    }

    pub fn url(&self, who: &str) -> &str {
        match who {
            NOORD => &self.noord_url,
            OOST => &self.oost_url,
            _ => &self.coordinator_url,
        }
    }

    /// `balie ARGS` as desk (or coordinator) `who`, with its own data folder and sync URL.
    pub fn balie(&self, who: &str) -> Command {
        let mut cmd = common::balie_at(self.home.path(), &self.data(who));
        cmd.env("BALIE_SYNC_URL", self.url(who));
        if who == NOORD || who == OOST {
            cmd.args(["--desk", who, "--volunteer", "ab"]);
        } else {
            cmd.args(["--volunteer", "co"]);
        }
        cmd
    }

    pub fn log(&self, who: &str, args: &[&str]) -> String {
        stdout(self.balie(who).arg("log").args(args))
            .trim()
            .to_string()
    }

    pub fn sync(&self, who: &str) -> String {
        stdout(self.balie(who).arg("sync"))
    }

    pub fn sync_json(&self, who: &str) -> serde_json::Value {
        serde_json::from_str(&stdout(self.balie(who).args(["sync", "--format", "json"]))).unwrap()
    }

    /// Rows of `sql` on the server, as the administrator.
    pub fn server_sql(&self, sql: &str) -> String {
        self.pg.admin_sql(sql)
    }

    pub fn local_count(&self, who: &str) -> usize {
        let list = stdout(self.balie(who).args([
            "list",
            "--from",
            "2000-01-01",
            "--to",
            "2100-01-01",
            "--format",
            "json",
        ]));
        serde_json::from_str::<serde_json::Value>(&list)
            .unwrap()
            .as_array()
            .unwrap()
            .len()
    }
}

pub fn at(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

pub fn id(s: &str) -> balie::domain::ContactId {
    balie::domain::ContactId(s.to_string())
}

/// Run `cmd`, which must fail with exit code 1; its stderr.
pub fn failure(mut cmd: impl std::borrow::BorrowMut<Command>) -> String {
    let out = cmd.borrow_mut().output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected exit code 1: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stderr).unwrap()
}

/// How many changes wait in the upload queue of `who`.
pub fn waiting(city: &City, who: &str) -> u64 {
    balie::store::Store::open_dir(&city.data(who))
        .unwrap()
        .sync_waiting()
        .unwrap()
        .contacts
}

/// Store `n` contacts of desk `desk` in the data folder `data` in one transaction (a busy
/// desk's year), spread over 2026.
pub fn many_contacts(data: &Path, desk: &str, n: usize) {
    use balie::domain::Contact;
    let mut store = balie::store::Store::open_dir(data).unwrap();
    let start = at("2026-01-05 09:00");
    let contacts: Vec<Contact> = (0..n)
        .map(|i| {
            let when = start + chrono::Duration::minutes((i as i64 * 17) % (340 * 24 * 60));
            let mut c = Contact::bare(when, desk, "AB", vec!["huur".into()], when);
            c.id = balie::domain::ContactId(format!("01BULK{i:020}"));
            c
        })
        .collect();
    store.insert_batch(&contacts).unwrap();
}

impl City {
    /// `balie sync` as desk `who`, as a plain child process (to kill or to race).
    pub fn spawn_sync(&self, who: &str) -> std::process::Child {
        let home = self.home.path();
        std::process::Command::new(env!("CARGO_BIN_EXE_balie"))
            .args(["--desk", who, "--volunteer", "ab", "sync"])
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("share"))
            .env("BALIE_NOW", common::NOW)
            .env("BALIE_DATA_DIR", self.data(who))
            .env("BALIE_SYNC_URL", self.url(who))
            .env_remove("BALIE_CONFIG")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }
}
