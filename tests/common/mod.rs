//! Helpers shared by the end-to-end test files: the real binary on a fresh data folder with
//! a fixed clock and no user config.
#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

pub const NOW: &str = "2026-11-25 11:42:00";

/// A `balie` command kept away from the user's own folders and config (its home folders
/// point into `home`), with the clock at `now` and no data folder set. It speaks English
/// (`BALIE_LANG=en`), what most assertions read; the Dutch default has tests of its own
/// (tests/lang_cli.rs), which remove that variable or give `--lang nl`.
pub fn isolated(home: &Path, now: &str) -> Command {
    let mut cmd = Command::cargo_bin("balie").unwrap();
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("share"))
        .env("BALIE_NOW", now)
        .env("BALIE_LANG", "en")
        .env_remove("BALIE_DATA_DIR")
        .env_remove("BALIE_CONFIG");
    cmd
}

/// A `balie` command on the data folder `data` with a fixed clock and no user config.
pub fn balie_at(home: &Path, data: &Path) -> Command {
    let mut cmd = isolated(home, NOW);
    cmd.env("BALIE_DATA_DIR", data);
    cmd
}

pub fn data(dir: &TempDir) -> PathBuf {
    dir.path().join("data")
}

pub fn balie(dir: &TempDir) -> Command {
    balie_at(dir.path(), &data(dir))
}

pub fn log_ok(dir: &TempDir, args: &[&str]) -> String {
    let out = balie(dir)
        .args([
            "log",
            "--desk",
            "Buurtwerkkamer MultiBron",
            "--volunteer",
            "ab",
        ])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap().trim().to_string()
}

pub fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// The standard error of `cmd`, which must fail.
pub fn stderr_of_failure(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().failure().get_output().stderr.clone()).unwrap()
}

/// `balie` on `dir` in its default language, Dutch (the other helpers ask for English).
pub fn dutch(dir: &TempDir) -> Command {
    let mut cmd = balie(dir);
    cmd.env_remove("BALIE_LANG");
    cmd
}

/// id and note of every contact, oldest first.
pub fn contacts(dir: &TempDir) -> Vec<(String, String, String)> {
    let out = stdout(balie(dir).args([
        "list",
        "--format",
        "csv",
        "--from",
        "2000-01-01",
        "--to",
        "2030-01-01",
    ]));
    let mut r = csv::Reader::from_reader(out.as_bytes());
    r.records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[9].to_string(), r[13].to_string())
        })
        .collect()
}

#[cfg(unix)]
pub fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}
