//! A help session: a resident sits down, the volunteer presses one key, and the minutes are
//! counted from then. Pure: the time always comes in as `now` (from the injected clock).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::domain::AT_FORMAT;

/// Past this many minutes a save asks first: a session left running over lunch should not
/// log 300 minutes without anyone noticing.
pub const LIMIT_MINUTES: u32 = 4 * 60;

/// A running session: when it started (local time, as every contact's moment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    #[serde(with = "start_format")]
    pub start: NaiveDateTime,
}

mod start_format {
    use chrono::NaiveDateTime;
    use serde::{Deserialize, Deserializer, Serializer};

    const FORMAT: &str = crate::domain::STAMP_FORMAT;

    pub fn serialize<S: Serializer>(at: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&at.format(FORMAT).to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
        let s = String::deserialize(d)?;
        NaiveDateTime::parse_from_str(&s, FORMAT).map_err(serde::de::Error::custom)
    }
}

impl Session {
    pub fn started(now: NaiveDateTime) -> Session {
        Session { start: now }
    }

    /// Whole minutes since the start (0 for a clock that went back).
    pub fn minutes(&self, now: NaiveDateTime) -> u32 {
        let secs = (now - self.start).num_seconds().max(0);
        u32::try_from(secs / 60).unwrap_or(u32::MAX)
    }

    /// The minutes a contact saved now gets: at least 1 (the resident did sit down).
    pub fn logged_minutes(&self, now: NaiveDateTime) -> u32 {
        self.minutes(now).max(1)
    }

    /// Whether a save now should ask before logging the minutes.
    pub fn too_long(&self, now: NaiveDateTime) -> bool {
        self.minutes(now) > LIMIT_MINUTES
    }

    /// The start as the form's time field reads it: `10:05` today, the full moment otherwise.
    pub fn start_text(&self, now: NaiveDateTime) -> String {
        if self.start.date() == now.date() {
            self.start.format("%H:%M").to_string()
        } else {
            self.start.format(AT_FORMAT).to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn minutes_count_whole_minutes_from_the_start() {
        let s = Session::started(at("2026-11-25 10:00:30"));
        assert_eq!(s.minutes(at("2026-11-25 10:00:59")), 0);
        assert_eq!(s.logged_minutes(at("2026-11-25 10:00:59")), 1);
        assert_eq!(s.minutes(at("2026-11-25 10:25:30")), 25);
        assert_eq!(s.minutes(at("2026-11-25 09:00:00")), 0, "a clock set back");
        assert!(!s.too_long(at("2026-11-25 14:00:30")));
        assert!(s.too_long(at("2026-11-25 14:01:30")));
    }

    #[test]
    fn the_start_reads_as_the_time_field_takes_it() {
        let s = Session::started(at("2026-11-25 10:05:00"));
        assert_eq!(s.start_text(at("2026-11-25 11:00:00")), "10:05");
        assert_eq!(s.start_text(at("2026-11-26 08:00:00")), "2026-11-25 10:05");
    }

    #[test]
    fn a_session_round_trips_as_json() {
        let s = Session::started(at("2026-11-25 10:05:07"));
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"{"start":"2026-11-25 10:05:07"}"#);
        assert_eq!(serde_json::from_str::<Session>(&json).unwrap(), s);
    }
}
