//! Reading the moments people type: `10:30`, `gisteren 14:00`, `yesterday 14:00`,
//! `2026-11-20 09:15`, `ma 9:00`, and days such as `vandaag`, `20-11-2026` or `over 3 dagen`.
//! Everything is relative to an injected `now`, never the clock.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

/// How far ahead of now a contact's moment may lie (clocks differ a little).
const FUTURE_SLACK_MINUTES: i64 = 15;

/// The environment variable that fixes the clock (for tests and demonstrations).
pub const NOW_VAR: &str = "BALIE_NOW";

/// The environment variable naming a file that holds the time, read again at every look at
/// the clock: a test moves the clock of a running desk screen by rewriting the file.
pub const NOW_FILE_VAR: &str = "BALIE_NOW_FILE";

/// `BALIE_NOW` (or the `BALIE_NOW_FILE` file) holds no moment.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}=`{1}` is not YYYY-MM-DD HH:MM[:SS]")]
pub struct BadNow(pub &'static str, pub String);

/// The current local time: the moment in the `BALIE_NOW_FILE` file, else `BALIE_NOW`
/// ("YYYY-MM-DD HH:MM[:SS]"), else the system clock. The one place balie reads the clock;
/// everything else is given the time.
pub fn now() -> Result<NaiveDateTime, BadNow> {
    let parse = |s: &str, var: &'static str| {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
            .or_else(|_| NaiveDateTime::parse_from_str(s, crate::domain::AT_FORMAT))
            .map_err(|_| BadNow(var, s.to_string()))
    };
    if let Some(path) = std::env::var_os(NOW_FILE_VAR) {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| BadNow(NOW_FILE_VAR, format!("{} ({e})", path.display())))?;
        return parse(text.trim(), NOW_FILE_VAR);
    }
    match std::env::var(NOW_VAR) {
        Ok(s) => parse(&s, NOW_VAR),
        Err(_) => Ok(chrono::Local::now().naive_local()),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    #[error(
        "cannot read `{0}` as a moment: type 10:30, gisteren 14:00 (yesterday 14:00) or 2026-11-20 09:15"
    )]
    Unreadable(String),
    #[error("`{0}` is not a valid time of day (00:00-23:59)")]
    BadTime(String),
    #[error("`{0}` is not a date in the calendar")]
    BadDate(String),
    #[error("`{0}` lies in the future; a contact is logged when it has happened")]
    Future(String),
    #[error("cannot read `{0}` as a day: type 2026-11-20, 20-11-2026, vandaag, gisteren or morgen")]
    UnreadableDay(String),
}

/// A contact's moment. Empty input means `now`. A moment later than `now` (beyond a few
/// minutes of clock difference) is refused.
pub fn parse_moment(input: &str, now: NaiveDateTime) -> Result<NaiveDateTime, WhenError> {
    let text = input.trim().to_lowercase();
    let now_min = truncate_to_minute(now);
    if text.is_empty() || text == "nu" || text == "now" {
        return Ok(now_min);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let moment = match words.as_slice() {
        [time] if looks_like_time(time) => now.date().and_time(parse_time(time)?),
        [day] => parse_past_day(day, now.date())?.and_time(now_min.time()),
        [day, time] => parse_past_day(day, now.date())?.and_time(parse_time(time)?),
        _ => return Err(WhenError::Unreadable(input.trim().to_string())),
    };
    // (near the end of the calendar there is no "later": nothing is in the future)
    let limit = now.checked_add_signed(Duration::minutes(FUTURE_SLACK_MINUTES));
    if limit.is_some_and(|limit| moment > limit) {
        return Err(WhenError::Future(input.trim().to_string()));
    }
    Ok(moment)
}

fn truncate_to_minute(t: NaiveDateTime) -> NaiveDateTime {
    t.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(t)
}

fn looks_like_time(s: &str) -> bool {
    s.contains(':') || s.contains('.') && !s.contains('-') && s.len() <= 5
}

/// `10:30`, `9:05`, `14.00`, `9:5` is refused.
pub fn parse_time(s: &str) -> Result<NaiveTime, WhenError> {
    let s = s.trim();
    let (h, m) = s
        .split_once([':', '.'])
        .ok_or_else(|| WhenError::BadTime(s.to_string()))?;
    let ok = (1..=2).contains(&h.len())
        && m.len() == 2
        && h.chars().chain(m.chars()).all(|c| c.is_ascii_digit());
    if !ok {
        return Err(WhenError::BadTime(s.to_string()));
    }
    let (h, m) = (h.parse().unwrap_or(99), m.parse().unwrap_or(99));
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(|| WhenError::BadTime(s.to_string()))
}

/// A day word or date, looking back: a weekday name means the latest such day up to today.
fn parse_past_day(s: &str, today: NaiveDate) -> Result<NaiveDate, WhenError> {
    match s {
        "vandaag" | "today" => return Ok(today),
        "gisteren" | "yesterday" => return shift(today, -1, s),
        "eergisteren" => return shift(today, -2, s),
        _ => {}
    }
    if let Some(wd) = weekday(s) {
        let back = (7 + today.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
        return shift(today, -i64::from(back), s);
    }
    parse_date(s, today).map_err(|e| match e {
        WhenError::UnreadableDay(_) => WhenError::Unreadable(s.to_string()),
        other => other,
    })
}

/// A calendar date: `2026-11-20`, `20-11-2026`, `20/11/2026`, or `20-11` (this year).
pub fn parse_date(s: &str, today: NaiveDate) -> Result<NaiveDate, WhenError> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['-', '/']).collect();
    let nums: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            (!p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect();
    let Some(nums) = nums else {
        return Err(WhenError::UnreadableDay(s.to_string()));
    };
    let (y, m, d) = match (parts.as_slice(), nums.as_slice()) {
        ([y, _, _], [yy, mm, dd]) if y.len() == 4 => (*yy as i32, *mm, *dd),
        ([_, _, y], [dd, mm, yy]) if y.len() == 4 => (*yy as i32, *mm, *dd),
        ([_, _], [dd, mm]) => (today.year(), *mm, *dd),
        _ => return Err(WhenError::UnreadableDay(s.to_string())),
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| WhenError::BadDate(s.to_string()))
}

/// A day for lists, reports and follow-ups: a date, `vandaag`/`today`, `gisteren`/`yesterday`,
/// `morgen`/`tomorrow`, `over N dagen`/`in N days`, or a weekday name (the next such day).
pub fn parse_day(input: &str, today: NaiveDate) -> Result<NaiveDate, WhenError> {
    let text = input.trim().to_lowercase();
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        ["vandaag" | "today"] => Ok(today),
        ["gisteren" | "yesterday"] => shift(today, -1, input),
        ["morgen" | "tomorrow"] => shift(today, 1, input),
        ["overmorgen"] => shift(today, 2, input),
        ["over" | "in", n, unit] => {
            let n: i64 = n
                .parse()
                .ok()
                .filter(|n| (0..=3650).contains(n))
                .ok_or_else(|| WhenError::UnreadableDay(input.trim().to_string()))?;
            match *unit {
                "dag" | "dagen" | "day" | "days" => shift(today, n, input),
                "week" | "weken" | "weeks" => shift(today, 7 * n, input),
                _ => Err(WhenError::UnreadableDay(input.trim().to_string())),
            }
        }
        [w] if weekday(w).is_some() => {
            let wd = weekday(w).unwrap_or(Weekday::Mon);
            let ahead =
                (7 + wd.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
            let ahead = if ahead == 0 { 7 } else { ahead };
            shift(today, i64::from(ahead), input)
        }
        [d] => parse_date(d, today).map_err(|e| match e {
            WhenError::UnreadableDay(_) => WhenError::UnreadableDay(input.trim().to_string()),
            other => other,
        }),
        _ => Err(WhenError::UnreadableDay(input.trim().to_string())),
    }
}

/// `day` moved by `days`; a day beyond the calendar chrono knows is not a date.
fn shift(day: NaiveDate, days: i64, input: &str) -> Result<NaiveDate, WhenError> {
    day.checked_add_signed(Duration::days(days))
        .ok_or_else(|| WhenError::BadDate(input.trim().to_string()))
}

fn weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "ma" | "maandag" | "mon" | "monday" => Weekday::Mon,
        "di" | "dinsdag" | "tue" | "tuesday" => Weekday::Tue,
        "wo" | "woensdag" | "wed" | "wednesday" => Weekday::Wed,
        "do" | "donderdag" | "thu" | "thursday" => Weekday::Thu,
        "vr" | "vrijdag" | "fri" | "friday" => Weekday::Fri,
        "za" | "zaterdag" | "sat" | "saturday" => Weekday::Sat,
        "zo" | "zondag" | "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wednesday 25 November 2026, 11:42:17.
    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_opt(11, 42, 17)
            .unwrap()
    }

    fn m(s: &str) -> String {
        parse_moment(s, now())
            .unwrap()
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    #[test]
    fn moments_people_type() {
        assert_eq!(m(""), "2026-11-25 11:42");
        assert_eq!(m("nu"), "2026-11-25 11:42");
        assert_eq!(m("10:30"), "2026-11-25 10:30");
        assert_eq!(m("9:05"), "2026-11-25 09:05");
        assert_eq!(m("9.05"), "2026-11-25 09:05");
        assert_eq!(m("gisteren 14:00"), "2026-11-24 14:00");
        assert_eq!(m("Yesterday 14:00"), "2026-11-24 14:00");
        assert_eq!(m("eergisteren 9:00"), "2026-11-23 09:00");
        assert_eq!(m("2026-11-20 09:15"), "2026-11-20 09:15");
        assert_eq!(m("20-11-2026 09:15"), "2026-11-20 09:15");
        assert_eq!(m("20-11 09:15"), "2026-11-20 09:15");
        assert_eq!(m("ma 9:00"), "2026-11-23 09:00");
        assert_eq!(m("woensdag 9:00"), "2026-11-25 09:00");
        assert_eq!(m("gisteren"), "2026-11-24 11:42");
        // a few minutes ahead is clock drift, not the future
        assert_eq!(m("11:50"), "2026-11-25 11:50");
    }

    #[test]
    fn moments_that_cannot_be_read_say_why() {
        let e = |s: &str| parse_moment(s, now()).unwrap_err();
        assert!(matches!(e("25:00"), WhenError::BadTime(_)));
        assert!(matches!(e("10:3"), WhenError::BadTime(_)));
        assert!(matches!(e("morgen 10:00"), WhenError::Unreadable(_)));
        assert!(matches!(e("31-02-2026 10:00"), WhenError::BadDate(_)));
        assert!(matches!(e("12:30"), WhenError::Future(_)));
        assert!(matches!(e("2027-01-01 10:00"), WhenError::Future(_)));
        assert!(matches!(e("a b c"), WhenError::Unreadable(_)));
        assert!(matches!(e("banaan"), WhenError::Unreadable(_)));
        assert!(e("banaan").to_string().contains("gisteren 14:00"));
    }

    #[test]
    fn days_people_type() {
        let today = now().date();
        let d = |s: &str| parse_day(s, today).unwrap().to_string();
        assert_eq!(d("vandaag"), "2026-11-25");
        assert_eq!(d("morgen"), "2026-11-26");
        assert_eq!(d("over 3 dagen"), "2026-11-28");
        assert_eq!(d("in 2 weeks"), "2026-12-09");
        assert_eq!(d("vrijdag"), "2026-11-27");
        assert_eq!(d("woensdag"), "2026-12-02", "the next one, not today");
        assert_eq!(d("2026-12-31"), "2026-12-31");
        assert_eq!(d("1-12-2026"), "2026-12-01");
        assert!(parse_day("30-02-2026", today).is_err());
        assert!(parse_day("over veel dagen", today).is_err());
        assert!(parse_day("", today).is_err());
    }

    #[test]
    fn follow_up_days_cross_month_and_year_ends_and_weekends() {
        let d = |s: &str, today: &str| parse_day(s, today.parse().unwrap()).unwrap().to_string();
        // Friday 27 November 2026: the weekend is counted, Monday is the 30th.
        assert_eq!(d("over 3 dagen", "2026-11-27"), "2026-11-30");
        assert_eq!(d("maandag", "2026-11-27"), "2026-11-30");
        assert_eq!(d("zaterdag", "2026-11-27"), "2026-11-28");
        assert_eq!(
            d("vrijdag", "2026-11-27"),
            "2026-12-04",
            "next week's, not today"
        );
        assert_eq!(d("morgen", "2026-11-30"), "2026-12-01");
        assert_eq!(d("over 3 dagen", "2026-12-30"), "2027-01-02");
        assert_eq!(d("morgen", "2027-02-28"), "2027-03-01");
        assert_eq!(d("morgen", "2028-02-28"), "2028-02-29", "a leap year");
        assert_eq!(d("over 1 week", "2028-02-25"), "2028-03-03");
        assert_eq!(d("31-12-2026", "2026-11-27"), "2026-12-31");
        assert!(parse_day("29-02-2027", "2026-11-27".parse().unwrap()).is_err());
    }

    #[test]
    fn the_ends_of_the_calendar_are_errors_not_panics() {
        // found by fuzzing (tests/fuzz.rs): a clock set to the last day chrono knows
        let last = NaiveDate::MAX;
        assert!(matches!(
            parse_day("morgen", last),
            Err(WhenError::BadDate(_))
        ));
        assert!(matches!(
            parse_day("over 3 weken", last),
            Err(WhenError::BadDate(_))
        ));
        assert!(matches!(
            parse_day("vrijdag", last),
            Err(WhenError::BadDate(_))
        ));
        let first = NaiveDate::MIN.and_hms_opt(0, 0, 0).unwrap();
        assert!(matches!(
            parse_moment("gisteren 10:00", first),
            Err(WhenError::BadDate(_))
        ));
        let end = NaiveDateTime::MAX;
        assert_eq!(
            parse_moment("10:00", end).unwrap(),
            end.date().and_hms_opt(10, 0, 0).unwrap()
        );
    }
}
