//! Background sync on the desk screen: when `[sync]` is set up, `balie sync` runs as a process
//! of its own every `[sync] every` minutes and after the day's first contact, so it never
//! delays a keystroke; the status bar says how the last one went (`gesynchroniseerd 10:42`,
//! `3 wachten op verzending`, `offline sinds 09:15`). Pure: the effects start and poll it.

use chrono::{NaiveDate, NaiveDateTime};

use super::action::Effect;
use super::state::State;
use super::strings::{Strings, fill};
use crate::sync::session::Status;

/// What the desk screen knows about background syncing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncUi {
    /// Minutes between two syncs.
    pub every_minutes: u32,
    /// When the last background sync was started.
    pub last_started: Option<NaiveDateTime>,
    /// A background sync is running now.
    pub running: bool,
    /// The day whose first contact has been synced (or a sync started after it).
    pub first_contact_synced: Option<NaiveDate>,
    /// How the last sync (here or at the command line) left things.
    pub status: Status,
}

impl SyncUi {
    pub fn new(every_minutes: u32) -> SyncUi {
        SyncUi {
            every_minutes: every_minutes.max(1),
            ..SyncUi::default()
        }
    }
}

/// On every tick: poll a running sync, or start one when it is due.
pub fn on_tick(state: &mut State, now: NaiveDateTime) -> Vec<Effect> {
    let today = now.date();
    let contacts_today = state.today.date == Some(today) && state.today.total > 0;
    let Some(sync) = state.sync.as_mut() else {
        return vec![];
    };
    if sync.running {
        return vec![Effect::PollSync];
    }
    let every = chrono::Duration::minutes(i64::from(sync.every_minutes));
    let due = sync
        .last_started
        .is_none_or(|t| now - t >= every || now < t);
    let first_contact = contacts_today && sync.first_contact_synced != Some(today);
    if !(due || first_contact) {
        return vec![];
    }
    sync.running = true;
    sync.last_started = Some(now);
    if contacts_today {
        sync.first_contact_synced = Some(today);
    }
    vec![Effect::StartSync]
}

/// A sync ended (or could not start), or the status was read again.
pub fn finished(state: &mut State, status: Status, still_running: bool) {
    if let Some(sync) = state.sync.as_mut() {
        sync.status = status;
        sync.running = still_running;
    }
}

/// The status bar's words for the sync, or `None` when sync is not set up.
pub fn status_text(sync: Option<&SyncUi>, s: &Strings) -> Option<String> {
    let sync = sync?;
    let st = &sync.status;
    let hm = |t: NaiveDateTime| t.format("%H:%M").to_string();
    Some(match (st.offline_since, st.waiting, st.last_ok) {
        (Some(since), _, _) => fill(s.sync_offline, &[&hm(since)]),
        (None, n, _) if n > 0 => fill(s.sync_waiting, &[&n.to_string()]),
        (None, _, Some(ok)) => fill(s.sync_done, &[&hm(ok)]),
        (None, _, None) if sync.running => s.sync_running.to_string(),
        (None, _, None) => s.sync_never.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn state() -> State {
        let mut state = State::new(
            Config::shipped(),
            Some("Noord".into()),
            Some("AB".into()),
            at("2026-11-25 09:00"),
        );
        state.sync = Some(SyncUi::new(10));
        state
    }

    #[test]
    fn a_sync_starts_at_once_then_every_ten_minutes_and_is_polled_while_it_runs() {
        let mut state = state();
        assert_eq!(
            on_tick(&mut state, at("2026-11-25 09:00")),
            vec![Effect::StartSync]
        );
        assert_eq!(
            on_tick(&mut state, at("2026-11-25 09:01")),
            vec![Effect::PollSync]
        );
        finished(&mut state, Status::default(), false);
        assert_eq!(on_tick(&mut state, at("2026-11-25 09:09")), vec![]);
        assert_eq!(
            on_tick(&mut state, at("2026-11-25 09:10")),
            vec![Effect::StartSync]
        );
    }

    #[test]
    fn the_days_first_contact_starts_a_sync_once() {
        let mut state = state();
        on_tick(&mut state, at("2026-11-25 09:00"));
        finished(&mut state, Status::default(), false);
        assert_eq!(on_tick(&mut state, at("2026-11-25 09:02")), vec![]);
        state.today.date = Some(at("2026-11-25 09:00").date());
        state.today.total = 1;
        assert_eq!(
            on_tick(&mut state, at("2026-11-25 09:03")),
            vec![Effect::StartSync]
        );
        finished(&mut state, Status::default(), false);
        state.today.total = 2;
        assert_eq!(on_tick(&mut state, at("2026-11-25 09:04")), vec![]);
    }

    #[test]
    fn without_sync_nothing_starts_and_nothing_shows() {
        let mut state = state();
        state.sync = None;
        assert_eq!(on_tick(&mut state, at("2026-11-25 09:00")), vec![]);
        assert_eq!(status_text(None, state.strings()), None);
    }

    #[test]
    fn the_status_bar_says_offline_waiting_or_synced_in_dutch_and_english() {
        let mut sync = SyncUi::new(10);
        let nl = super::super::strings::strings(crate::i18n::Lang::Nl);
        let en = super::super::strings::strings(crate::i18n::Lang::En);
        sync.status.last_ok = Some(at("2026-11-25 10:42"));
        assert_eq!(
            status_text(Some(&sync), nl).unwrap(),
            "gesynchroniseerd 10:42"
        );
        assert_eq!(status_text(Some(&sync), en).unwrap(), "synced 10:42");
        sync.status.waiting = 3;
        assert_eq!(
            status_text(Some(&sync), nl).unwrap(),
            "3 wachten op verzending"
        );
        sync.status.offline_since = Some(at("2026-11-25 09:15"));
        assert_eq!(status_text(Some(&sync), nl).unwrap(), "offline sinds 09:15");
        assert_eq!(status_text(Some(&sync), en).unwrap(), "offline since 09:15");
    }
}
