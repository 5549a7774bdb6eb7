//! The daily upkeep every start of balie triggers: at most once a day, erase notes past the
//! retention period, then make a backup and remove the oldest beyond `[backup] keep`.
//! Neither ever stops the caller: failures come back in the [`Report`] to be shown. The purge
//! does not trust a clock that jumped far beyond everything stored: it waits, says so in
//! `balie.log`, and leaves the erasing to `balie purge` by hand.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};

use crate::backup::{self, BackupError};
use crate::config::Config;
use crate::store::audit::AUTOMATIC;
use crate::store::erase::{Erasure, retention_cutoff};
use crate::store::{Store, StoreError};

/// The daily backup: the file made and the old backups removed.
#[derive(Debug)]
pub struct BackupMade {
    pub path: PathBuf,
    pub removed: Vec<PathBuf>,
}

/// How far the clock may stand beyond the newest stored activity before the automatic purge
/// stops trusting it. Half a year: a desk closed for the summer (six weeks or more) or a
/// quiet quarter opens again well within this, while a clock a year ahead is caught.
pub const CLOCK_JUMP_DAYS: i64 = 183;

/// The automatic purge did not run because the clock stands far beyond every stored change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgeHeld {
    pub now: NaiveDateTime,
    pub newest: NaiveDateTime,
}

impl std::fmt::Display for PurgeHeld {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the automatic purge did not run: the clock says {} but the newest stored change is \
             of {}, more than {CLOCK_JUMP_DAYS} days earlier; if the clock is right, erase old \
             notes with `balie purge`, otherwise set the clock right",
            self.now.format("%Y-%m-%d %H:%M"),
            self.newest.format("%Y-%m-%d %H:%M"),
        )
    }
}

/// What [`daily`] did. `None`: the job had already run today (or is turned off).
#[derive(Debug, Default)]
pub struct Report {
    pub purge: Option<Result<Erasure, StoreError>>,
    /// Set when the purge waited for a clock that jumped ahead.
    pub purge_held: Option<PurgeHeld>,
    pub backup: Option<Result<BackupMade, BackupError>>,
}

impl Report {
    /// One line per failure, for a status line or stderr; empty when all went well.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(held) = &self.purge_held {
            out.push(held.to_string());
        }
        if let Some(Err(e)) = &self.purge {
            out.push(format!(
                "the retention purge failed (it is tried again next start): {}",
                chain(e)
            ));
        }
        if let Some(Err(e)) = &self.backup {
            out.push(format!(
                "the daily backup failed (it is tried again next start): {}",
                chain(e)
            ));
        }
        out
    }
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        s.push_str(": ");
        s.push_str(&cause.to_string());
        source = cause.source();
    }
    s
}

/// Run the daily jobs that are due on `now`'s day: the retention purge (notes and resident
/// codes older than `retention.note_days`) and the backup into `data_dir/backups` (unless
/// `[backup] keep = 0`). Each runs at most once a day across every balie sharing the data
/// folder; a failed job is tried again at the next start.
pub fn daily(store: &mut Store, config: &Config, data_dir: &Path, now: NaiveDateTime) -> Report {
    let today = now.date();
    let mut report = Report::default();
    match store.newest_change() {
        Ok(Some(newest)) if now - newest > chrono::Duration::days(CLOCK_JUMP_DAYS) => {
            let held = PurgeHeld { now, newest };
            log_line(data_dir, now, &held.to_string());
            report.purge_held = Some(held);
        }
        Ok(_) => run_purge(store, config, now, &mut report),
        Err(e) => report.purge = Some(Err(e)),
    }
    if config.backup_keep == 0 {
        return report;
    }
    match claim(store, crate::store::Setting::BackupDay.key(), today) {
        Ok(None) => {}
        Ok(Some(previous)) => {
            let made = backup::write_daily(store, data_dir, now).and_then(|path| {
                let removed = backup::prune(data_dir, config.backup_keep as usize)?;
                Ok(BackupMade { path, removed })
            });
            if made.is_err() {
                let _ = unclaim(store, crate::store::Setting::BackupDay.key(), previous);
            }
            report.backup = Some(made);
        }
        Err(e) => report.backup = Some(Err(e.into())),
    }
    report
}

/// The retention purge, at most once a day.
fn run_purge(store: &mut Store, config: &Config, now: NaiveDateTime, report: &mut Report) {
    match claim(store, crate::store::Setting::PurgeDay.key(), now.date()) {
        Ok(None) => {}
        Ok(Some(previous)) => {
            let purged = match retention_cutoff(now.date(), config.retention_note_days) {
                Some(cutoff) => store.purge(cutoff, AUTOMATIC, now),
                None => Ok(Erasure::default()),
            };
            if purged.is_err() {
                let _ = unclaim(store, crate::store::Setting::PurgeDay.key(), previous);
            }
            report.purge = Some(purged);
        }
        Err(e) => report.purge = Some(Err(e)),
    }
}

/// Append one line to `balie.log` in the data folder (best effort: the same words also come
/// back in the report).
fn log_line(data_dir: &Path, now: NaiveDateTime, line: &str) {
    use std::io::Write;
    if let Ok(mut f) = crate::files::append_private(&data_dir.join(crate::files::LOG_FILE)) {
        let _ = writeln!(f, "{} {line}", now.format("%Y-%m-%d %H:%M:%S"));
    }
}

/// Mark `key` as done today unless it already is. `Some(previous value)` when this call
/// claimed it (so it can be put back if the job fails); `None` when it had run today.
fn claim(
    store: &mut Store,
    key: &str,
    today: NaiveDate,
) -> Result<Option<Option<String>>, StoreError> {
    let day = today.to_string();
    // A plain read first: on most starts the job has run and nothing is written.
    if store.setting(key)?.as_deref() == Some(day.as_str()) {
        return Ok(None);
    }
    store.claim_setting(key, &day)
}

fn unclaim(store: &Store, key: &str, previous: Option<String>) -> Result<(), StoreError> {
    match previous {
        Some(v) => store.set_setting(key, &v),
        None => store.clear_setting(key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AT_FORMAT, Contact};

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
    }

    fn log(store: &mut Store, when: &str, note: &str) {
        let mut c = Contact::bare(at(when), "D", "AB", vec!["huur".into()], at(when));
        c.note = note.into();
        c.validate(&Config::shipped()).unwrap();
        store.insert(&c).unwrap();
    }

    #[test]
    fn it_runs_once_a_day_purges_then_backs_up() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(dir.path()).unwrap();
        log(&mut store, "2025-10-01 09:00", "te oud");
        log(&mut store, "2026-11-20 09:00", "recent");
        let config = Config::shipped();
        let r = daily(&mut store, &config, dir.path(), at("2026-11-25 08:00"));
        assert!(r.problems().is_empty(), "{:?}", r.problems());
        assert_eq!(r.purge.unwrap().unwrap().notes, 1);
        let made = r.backup.unwrap().unwrap();
        assert!(made.path.ends_with("backups/balie-2026-11-25.sqlite"));
        // the backup holds no purged note
        assert_eq!(backup::check(&made.path).unwrap().contacts, 2);
        let b = Store::open(&made.path).unwrap();
        let notes: Vec<String> = b
            .list(&Default::default())
            .unwrap()
            .into_iter()
            .map(|c| c.note)
            .collect();
        assert_eq!(notes, vec!["", "recent"]);
        drop(b);

        // later the same day, in this or another balie: nothing to do
        let mut other = Store::open_dir(dir.path()).unwrap();
        let r = daily(&mut other, &config, dir.path(), at("2026-11-25 16:00"));
        assert!(r.purge.is_none() && r.backup.is_none());
        // the next day it runs again
        let r = daily(&mut store, &config, dir.path(), at("2026-11-26 08:00"));
        assert_eq!(r.purge.unwrap().unwrap().contacts, 0);
        assert!(r.backup.unwrap().is_ok());
        assert_eq!(backup::list(dir.path()).unwrap().len(), 2);
    }

    #[test]
    fn a_clock_a_year_ahead_does_not_erase_every_note_it_waits_and_says_so_in_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(dir.path()).unwrap();
        log(&mut store, "2026-11-20 09:00", "recent");
        log(&mut store, "2026-11-24 09:00", "gisteren");
        let config = Config::shipped();
        let r = daily(&mut store, &config, dir.path(), at("2027-11-25 08:00"));
        assert!(r.purge.is_none(), "{:?}", r.purge);
        let notes: Vec<String> = store
            .list(&Default::default())
            .unwrap()
            .into_iter()
            .map(|c| c.note)
            .collect();
        assert_eq!(notes, vec!["recent", "gisteren"]);
        let problems = r.problems();
        assert!(problems[0].contains("`balie purge`"), "{problems:?}");
        let logged = std::fs::read_to_string(dir.path().join(crate::app::LOG_FILE)).unwrap();
        assert!(
            logged.contains("the automatic purge did not run"),
            "{logged}"
        );
        assert_eq!(
            store
                .setting(crate::store::Setting::PurgeDay.key())
                .unwrap(),
            None,
            "tried again next start"
        );
        // the backup still runs; a clock within a month of the data purges as before
        assert!(r.backup.unwrap().is_ok());
        let r = daily(&mut store, &config, dir.path(), at("2026-12-20 08:00"));
        assert!(r.purge_held.is_none());
        assert!(r.purge.unwrap().is_ok());
    }

    #[test]
    fn old_backups_beyond_keep_are_removed_and_keep_0_turns_backups_off() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(dir.path()).unwrap();
        let mut config = Config::shipped();
        config.backup_keep = 2;
        for day in 1..=4 {
            let r = daily(
                &mut store,
                &config,
                dir.path(),
                at(&format!("2026-11-0{day} 09:00")),
            );
            let made = r.backup.unwrap().unwrap();
            std::fs::File::options()
                .write(true)
                .open(&made.path)
                .unwrap()
                .set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(day * 86_400))
                .unwrap();
        }
        let names: Vec<String> = backup::list(dir.path())
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            vec!["balie-2026-11-03.sqlite", "balie-2026-11-04.sqlite"]
        );
        config.backup_keep = 0;
        let r = daily(&mut store, &config, dir.path(), at("2026-11-05 09:00"));
        assert!(r.backup.is_none());
        assert_eq!(backup::list(dir.path()).unwrap().len(), 2);
    }

    #[test]
    fn a_failed_backup_is_reported_and_tried_again_next_time() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let mut store = Store::open_dir(&data).unwrap();
        // a file where the backup folder should be
        std::fs::write(data.join(backup::BACKUP_DIR), b"in the way").unwrap();
        let config = Config::shipped();
        let r = daily(&mut store, &config, &data, at("2026-11-25 08:00"));
        assert!(matches!(r.backup, Some(Err(_))));
        let problems = r.problems();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("the daily backup failed"),
            "{}",
            problems[0]
        );
        assert!(problems[0].contains("backups"), "{}", problems[0]);
        assert_eq!(
            store
                .setting(crate::store::Setting::BackupDay.key())
                .unwrap(),
            None,
            "not marked as done"
        );
        std::fs::remove_file(data.join(backup::BACKUP_DIR)).unwrap();
        let r = daily(&mut store, &config, &data, at("2026-11-25 09:00"));
        assert!(r.backup.unwrap().is_ok());
        assert_eq!(
            store
                .setting(crate::store::Setting::BackupDay.key())
                .unwrap()
                .as_deref(),
            Some("2026-11-25")
        );
    }
}
