//! One sync, start to end: connect, check the schema, learn who this login is, then upload
//! (a desk) or pull every desk's contacts (a coordinator), pull the published articles, and
//! report to the server how this database stands.

use chrono::NaiveDateTime;

use super::{SyncError, SyncReport, SyncUrl, pull, schema, upload};
use crate::config::Config;
use crate::store::{Setting, Store};

/// What one sync needs besides the store.
#[derive(Debug, Clone)]
pub struct Options {
    pub url: SyncUrl,
    /// Send notes too (`[sync] notes = true`).
    pub notes: bool,
    /// This balie's desk name, if it has one.
    pub desk: Option<String>,
    /// Volunteer initials for the audit log.
    pub by: String,
    pub now: NaiveDateTime,
}

/// The sync URL from `BALIE_SYNC_URL` or the config, parsed.
pub fn configured_url(config: &Config) -> Result<SyncUrl, SyncError> {
    let raw = std::env::var(super::URL_VAR)
        .ok()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| config.sync.url.clone())
        .ok_or(SyncError::NoUrl)?;
    SyncUrl::parse(&raw)
}

/// Sync `store` with the server in `opts`. Any fault leaves the store as it was before the
/// part that failed: queued changes stay queued, a pull's watermark stays put.
pub fn sync(
    store: &mut Store,
    config: &Config,
    opts: &Options,
) -> Result<(SyncReport, Vec<crate::kb::ArticleError>), SyncError> {
    let url = &opts.url;
    let err = |e| SyncError::from_session(url, e);
    let mut client = url.connect()?;
    schema::check(&mut client, url)?;
    let who = client
        .query_opt(
            "SELECT name, kind FROM balie.whoami() WHERE name IS NOT NULL",
            &[],
        )
        .map_err(err)?
        .ok_or_else(|| SyncError::NotRegistered {
            url: url.to_string(),
            user: url.user(),
        })?;
    let (name, kind): (String, String) = (who.get(0), who.get(1));
    let mut report = SyncReport {
        name: name.clone(),
        coordinator: kind == "coordinator",
        ..SyncReport::default()
    };
    let held;
    if report.coordinator {
        report.published = pull::publish_articles(&mut client, url, store)?;
        report.pulled = pull::pull_contacts(&mut client, url, store, &opts.by, opts.now)?;
        held = store.count(&crate::store::Filter::default())?;
    } else {
        let desk = opts.desk.as_deref().ok_or(SyncError::NoDesk)?;
        if desk != name {
            return Err(SyncError::WrongDesk {
                ours: desk.to_string(),
                theirs: name,
            });
        }
        let sent = upload::upload(&mut client, url, store, desk, opts.notes)?;
        report.sent = sent.contacts;
        report.deletions = sent.deletions;
        report.not_ours = sent.not_ours;
        held = store.desk_contacts(desk)?;
    }
    let (articles, unreadable) = pull::pull_articles(&mut client, url, store, config)?;
    report.articles = articles;
    let waiting = store.sync_waiting()?;
    report.waiting = if report.coordinator {
        0
    } else {
        waiting.contacts
    };
    let (oldest, waiting_n) = if report.coordinator {
        (None, 0i64)
    } else {
        (waiting.oldest, waiting.contacts as i64)
    };
    client
        .execute(
            "SELECT balie.report_sync($1, $2, $3)",
            &[&(held as i64), &waiting_n, &oldest],
        )
        .map_err(err)?;
    Ok((report, unreadable))
}

/// Remember how a sync at `now` went, for the status bar: a success clears "offline since",
/// a failure keeps the time of the first failure after the last success.
pub fn record_outcome(store: &Store, ok: bool, now: NaiveDateTime) -> Result<(), SyncError> {
    let stamp = now.format(crate::domain::STAMP_FORMAT).to_string();
    if ok {
        store.set_setting(Setting::SyncLastOk.key(), &stamp)?;
        store.clear_setting(Setting::SyncOfflineSince.key())?;
    } else if store.setting(Setting::SyncOfflineSince.key())?.is_none() {
        store.set_setting(Setting::SyncOfflineSince.key(), &stamp)?;
    }
    Ok(())
}

/// What the desk screen shows about syncing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Status {
    /// Changes waiting to be sent.
    pub waiting: u64,
    pub last_ok: Option<NaiveDateTime>,
    pub offline_since: Option<NaiveDateTime>,
}

/// The sync status as the last sync (at the command line or in the background) left it.
pub fn status(store: &Store) -> Result<Status, SyncError> {
    let time = |key: &str| -> Result<Option<NaiveDateTime>, SyncError> {
        Ok(store
            .setting(key)?
            .and_then(|s| NaiveDateTime::parse_from_str(&s, crate::domain::STAMP_FORMAT).ok()))
    };
    Ok(Status {
        waiting: store.sync_waiting()?.contacts,
        last_ok: time(Setting::SyncLastOk.key())?,
        offline_since: time(Setting::SyncOfflineSince.key())?,
    })
}
