//! Report periods: ISO weeks, months, tertialen, quarters, half years, years and explicit day
//! ranges, each resolved to an exact inclusive range of local calendar days.
//!
//! Contacts store their moment as local wall-clock text (`YYYY-MM-DD HH:MM`), so a period is
//! a range of calendar days and daylight-saving changes never move a contact to another day.

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The earliest and latest year a period may name.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2999;

/// What the command line says when a period cannot be read.
const FORMS: &str = "give a week 2026-W47, a month 2026-11, a tertiaal 2026-T1 (T1-T3), \
                     a quarter 2026-Q1, a half year 2026-H1, a year 2026, a day 2026-11-20, \
                     or --from DATE --to DATE";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("cannot read the period `{0}`: {FORMS}")]
    Unreadable(String),
    #[error("year {0} is out of range: give a year from {MIN_YEAR} to {MAX_YEAR}")]
    Year(i32),
    #[error("{year} has {weeks} ISO weeks; there is no week {week}: give W01-W{weeks}")]
    Week { year: i32, week: u32, weeks: u32 },
    #[error("month {0} does not exist: give 01-12, e.g. 2026-11")]
    Month(u32),
    #[error(
        "tertiaal T{0} does not exist: a year has three, T1 (Jan-Apr), T2 (May-Aug), T3 (Sep-Dec)"
    )]
    Tertiaal(u32),
    #[error("quarter Q{0} does not exist: give Q1-Q4")]
    Quarter(u32),
    #[error("half year H{0} does not exist: give H1 (Jan-Jun) or H2 (Jul-Dec)")]
    Half(u32),
    #[error("`{0}` is not a date in the calendar")]
    Date(String),
    #[error("--from {from} is after --to {to}: give the earlier day first")]
    Reversed { from: NaiveDate, to: NaiveDate },
}

/// The kinds of period one can step through (the overview screen switches between them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    Week,
    Month,
    Tertiaal,
    Quarter,
    Half,
    Year,
}

impl PeriodKind {
    /// Every kind, shortest first.
    pub const ALL: [PeriodKind; 6] = [
        PeriodKind::Week,
        PeriodKind::Month,
        PeriodKind::Tertiaal,
        PeriodKind::Quarter,
        PeriodKind::Half,
        PeriodKind::Year,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Tertiaal => "tertiaal",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Half => "half",
            PeriodKind::Year => "year",
        }
    }
}

/// A span of whole local calendar days that a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// An ISO week (Monday-Sunday); `year` is the ISO week-numbering year.
    Week {
        year: i32,
        week: u32,
    },
    Month {
        year: i32,
        month: u32,
    },
    /// Four months: T1 January-April, T2 May-August, T3 September-December.
    Tertiaal {
        year: i32,
        n: u32,
    },
    Quarter {
        year: i32,
        n: u32,
    },
    /// H1 January-June, H2 July-December.
    Half {
        year: i32,
        n: u32,
    },
    Year(i32),
    /// Explicit days, both inclusive.
    Range {
        from: NaiveDate,
        to: NaiveDate,
    },
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    // Only called with months 1-12 and days valid in every month, for years chrono supports.
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn last_of_month(year: i32, month: u32) -> NaiveDate {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    ymd(y, m, 1) - Duration::days(1)
}

/// How many ISO weeks `year` has (52 or 53).
pub fn iso_weeks_in(year: i32) -> u32 {
    ymd(year, 12, 28).iso_week().week()
}

/// The Monday of ISO week `week` of ISO year `year`.
fn monday(year: i32, week: u32) -> NaiveDate {
    NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).unwrap_or(NaiveDate::MIN)
}

/// The ISO week label of a day, e.g. `2026-W53` for 2027-01-01.
pub fn iso_week_label(day: NaiveDate) -> String {
    let w = day.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

impl Period {
    /// Read `2026-W47`, `2026-11`, `2026-T1`, `2026-Q1`, `2026-H1`, `2026` or `2026-11-20`.
    /// Letters may be lower case.
    pub fn parse(input: &str) -> Result<Period, PeriodError> {
        let s = input.trim().to_ascii_uppercase();
        let unreadable = || PeriodError::Unreadable(input.trim().to_string());
        let digits = |t: &str, min: usize, max: usize| -> Option<u32> {
            let ok = (min..=max).contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit());
            if ok { t.parse().ok() } else { None }
        };
        let (year_text, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s.as_str(), None),
        };
        let year = digits(year_text, 4, 4).ok_or_else(unreadable)? as i32;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(PeriodError::Year(year));
        }
        let Some(rest) = rest else {
            return Ok(Period::Year(year));
        };
        let numbered = |prefix: char| rest.strip_prefix(prefix).and_then(|n| digits(n, 1, 2));
        if rest.starts_with('W') {
            let week = numbered('W').ok_or_else(unreadable)?;
            let weeks = iso_weeks_in(year);
            if !(1..=weeks).contains(&week) {
                return Err(PeriodError::Week { year, week, weeks });
            }
            return Ok(Period::Week { year, week });
        }
        if rest.starts_with('T') {
            let n = numbered('T').ok_or_else(unreadable)?;
            return if (1..=3).contains(&n) {
                Ok(Period::Tertiaal { year, n })
            } else {
                Err(PeriodError::Tertiaal(n))
            };
        }
        if rest.starts_with('Q') || rest.starts_with('K') {
            let n = numbered('Q')
                .or_else(|| numbered('K'))
                .ok_or_else(unreadable)?;
            return if (1..=4).contains(&n) {
                Ok(Period::Quarter { year, n })
            } else {
                Err(PeriodError::Quarter(n))
            };
        }
        if rest.starts_with('H') {
            let n = numbered('H').ok_or_else(unreadable)?;
            return if (1..=2).contains(&n) {
                Ok(Period::Half { year, n })
            } else {
                Err(PeriodError::Half(n))
            };
        }
        if let Some((m, d)) = rest.split_once('-') {
            let (m, d) = (digits(m, 1, 2), digits(d, 1, 2));
            let (Some(m), Some(d)) = (m, d) else {
                return Err(unreadable());
            };
            let day = NaiveDate::from_ymd_opt(year, m, d)
                .ok_or_else(|| PeriodError::Date(input.trim().to_string()))?;
            return Ok(Period::Range { from: day, to: day });
        }
        let month = digits(rest, 1, 2).ok_or_else(unreadable)?;
        if !(1..=12).contains(&month) {
            return Err(PeriodError::Month(month));
        }
        Ok(Period::Month { year, month })
    }

    /// The days `from..=to`; refused when `from` is after `to`.
    pub fn range(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodError> {
        if from > to {
            return Err(PeriodError::Reversed { from, to });
        }
        Ok(Period::Range { from, to })
    }

    /// The period of `kind` that contains `day`.
    pub fn containing(kind: PeriodKind, day: NaiveDate) -> Period {
        let year = day.year();
        let m = day.month();
        match kind {
            PeriodKind::Week => {
                let w = day.iso_week();
                Period::Week {
                    year: w.year(),
                    week: w.week(),
                }
            }
            PeriodKind::Month => Period::Month { year, month: m },
            PeriodKind::Tertiaal => Period::Tertiaal {
                year,
                n: (m - 1) / 4 + 1,
            },
            PeriodKind::Quarter => Period::Quarter {
                year,
                n: (m - 1) / 3 + 1,
            },
            PeriodKind::Half => Period::Half {
                year,
                n: (m - 1) / 6 + 1,
            },
            PeriodKind::Year => Period::Year(year),
        }
    }

    /// The kind of a named period; `None` for an explicit range.
    pub fn kind(&self) -> Option<PeriodKind> {
        Some(match self {
            Period::Week { .. } => PeriodKind::Week,
            Period::Month { .. } => PeriodKind::Month,
            Period::Tertiaal { .. } => PeriodKind::Tertiaal,
            Period::Quarter { .. } => PeriodKind::Quarter,
            Period::Half { .. } => PeriodKind::Half,
            Period::Year(_) => PeriodKind::Year,
            Period::Range { .. } => return None,
        })
    }

    /// The first day, inclusive.
    pub fn from(&self) -> NaiveDate {
        match *self {
            Period::Week { year, week } => monday(year, week),
            Period::Month { year, month } => ymd(year, month, 1),
            Period::Tertiaal { year, n } => ymd(year, (n - 1) * 4 + 1, 1),
            Period::Quarter { year, n } => ymd(year, (n - 1) * 3 + 1, 1),
            Period::Half { year, n } => ymd(year, (n - 1) * 6 + 1, 1),
            Period::Year(year) => ymd(year, 1, 1),
            Period::Range { from, .. } => from,
        }
    }

    /// The last day, inclusive.
    pub fn to(&self) -> NaiveDate {
        match *self {
            Period::Week { year, week } => monday(year, week) + Duration::days(6),
            Period::Month { year, month } => last_of_month(year, month),
            Period::Tertiaal { year, n } => last_of_month(year, n * 4),
            Period::Quarter { year, n } => last_of_month(year, n * 3),
            Period::Half { year, n } => last_of_month(year, n * 6),
            Period::Year(year) => ymd(year, 12, 31),
            Period::Range { to, .. } => to,
        }
    }

    /// The number of days covered.
    pub fn days(&self) -> i64 {
        (self.to() - self.from()).num_days() + 1
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from() <= day && day <= self.to()
    }

    /// The calendar year the period starts in (for a week: its ISO year).
    pub fn year(&self) -> i32 {
        match *self {
            Period::Week { year, .. } => year,
            _ => self.from().year(),
        }
    }

    /// The period after this one, of the same kind (a range moves by its own length).
    pub fn next(&self) -> Period {
        self.step(1)
    }

    /// The period before this one, of the same kind.
    pub fn prev(&self) -> Period {
        self.step(-1)
    }

    fn step(&self, dir: i64) -> Period {
        match (self.kind(), *self) {
            (Some(kind), _) => {
                let day = if dir > 0 {
                    self.to() + Duration::days(1)
                } else {
                    self.from() - Duration::days(1)
                };
                Period::containing(kind, day)
            }
            (None, Period::Range { from, to }) => {
                let len = Duration::days(self.days() * dir);
                Period::Range {
                    from: from + len,
                    to: to + len,
                }
            }
            (None, p) => p,
        }
    }

    /// The short name: `2026-W47`, `2026-11`, `2026-T1`, `2026-Q1`, `2026-H1`, `2026`,
    /// `2026-11-20` or `2026-11-01..2026-11-30`.
    pub fn label(&self) -> String {
        match *self {
            Period::Week { year, week } => format!("{year}-W{week:02}"),
            Period::Month { year, month } => format!("{year}-{month:02}"),
            Period::Tertiaal { year, n } => format!("{year}-T{n}"),
            Period::Quarter { year, n } => format!("{year}-Q{n}"),
            Period::Half { year, n } => format!("{year}-H{n}"),
            Period::Year(year) => format!("{year}"),
            Period::Range { from, to } if from == to => from.to_string(),
            Period::Range { from, to } => format!("{from}..{to}"),
        }
    }

    /// The label with its exact days, as every report states it:
    /// `2026-W47 (2026-11-16 .. 2026-11-22)`.
    pub fn describe(&self) -> String {
        match self {
            Period::Range { from, to } if from == to => from.to_string(),
            Period::Range { from, to } => format!("{from} .. {to}"),
            _ => format!("{} ({} .. {})", self.label(), self.from(), self.to()),
        }
    }

    /// A file name stem safe on every system: `balie-2026-W47`, `balie-2026-11-01_2026-11-30`.
    pub fn file_stem(&self) -> String {
        match *self {
            Period::Range { from, to } if from != to => format!("balie-{from}_{to}"),
            _ => format!("balie-{}", self.label()),
        }
    }

    /// The ISO weeks that overlap the period, as (label, Monday), in order.
    pub fn weeks(&self) -> Vec<(String, NaiveDate)> {
        let first =
            self.from() - Duration::days(i64::from(self.from().weekday().num_days_from_monday()));
        let mut out = Vec::new();
        let mut day = first;
        while day <= self.to() {
            out.push((iso_week_label(day), day));
            day += Duration::days(7);
        }
        out
    }

    /// The calendar months that overlap the period, as `YYYY-MM`, in order.
    pub fn months(&self) -> Vec<String> {
        let mut out = Vec::new();
        let (mut y, mut m) = (self.from().year(), self.from().month());
        let end = (self.to().year(), self.to().month());
        while (y, m) <= end {
            out.push(format!("{y}-{m:02}"));
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        out
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn range(s: &str) -> (String, String) {
        let p = Period::parse(s).unwrap();
        (p.from().to_string(), p.to().to_string())
    }

    fn r(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn every_kind_parses_to_its_exact_days() {
        assert_eq!(range("2026-W47"), r("2026-11-16", "2026-11-22"));
        assert_eq!(range("2026-w01"), r("2025-12-29", "2026-01-04"));
        assert_eq!(range("2026-W53"), r("2026-12-28", "2027-01-03"));
        assert_eq!(range("2026-11"), r("2026-11-01", "2026-11-30"));
        assert_eq!(range("2026-2"), r("2026-02-01", "2026-02-28"));
        assert_eq!(range("2028-02"), r("2028-02-01", "2028-02-29"));
        assert_eq!(range("2026-T1"), r("2026-01-01", "2026-04-30"));
        assert_eq!(range("2026-t2"), r("2026-05-01", "2026-08-31"));
        assert_eq!(range("2026-T3"), r("2026-09-01", "2026-12-31"));
        assert_eq!(range("2026-Q1"), r("2026-01-01", "2026-03-31"));
        assert_eq!(range("2026-Q4"), r("2026-10-01", "2026-12-31"));
        assert_eq!(range("2026-H1"), r("2026-01-01", "2026-06-30"));
        assert_eq!(range("2026-H2"), r("2026-07-01", "2026-12-31"));
        assert_eq!(range("2026"), r("2026-01-01", "2026-12-31"));
        assert_eq!(range(" 2026-11-20 "), r("2026-11-20", "2026-11-20"));
        let p = Period::range(d("2026-11-03"), d("2026-11-09")).unwrap();
        assert_eq!(
            (p.from(), p.to(), p.days()),
            (d("2026-11-03"), d("2026-11-09"), 7)
        );
    }

    #[test]
    fn labels_round_trip_through_parse() {
        for s in [
            "2026-W47",
            "2026-W05",
            "2026-11",
            "2026-T1",
            "2026-Q3",
            "2026-H2",
            "2026",
            "2026-11-20",
        ] {
            assert_eq!(Period::parse(s).unwrap().label(), s);
        }
        assert_eq!(Period::parse("2026-w5").unwrap().label(), "2026-W05");
        assert_eq!(
            Period::parse("2026-W47").unwrap().describe(),
            "2026-W47 (2026-11-16 .. 2026-11-22)"
        );
        let p = Period::range(d("2026-11-01"), d("2026-11-30")).unwrap();
        assert_eq!(p.label(), "2026-11-01..2026-11-30");
        assert_eq!(p.file_stem(), "balie-2026-11-01_2026-11-30");
        assert_eq!(
            Period::parse("2026-W47").unwrap().file_stem(),
            "balie-2026-W47"
        );
    }

    #[test]
    fn bad_periods_say_what_is_wrong_and_what_to_give() {
        let e = |s: &str| Period::parse(s).unwrap_err();
        assert_eq!(
            e("2025-W53"),
            PeriodError::Week {
                year: 2025,
                week: 53,
                weeks: 52
            }
        );
        assert!(e("2025-W53").to_string().contains("2025 has 52 ISO weeks"));
        assert_eq!(
            e("2026-W54"),
            PeriodError::Week {
                year: 2026,
                week: 54,
                weeks: 53
            }
        );
        assert_eq!(
            e("2026-W00"),
            PeriodError::Week {
                year: 2026,
                week: 0,
                weeks: 53
            }
        );
        assert_eq!(e("2026-13"), PeriodError::Month(13));
        assert_eq!(e("2026-00"), PeriodError::Month(0));
        assert_eq!(e("2026-T4"), PeriodError::Tertiaal(4));
        assert!(e("2026-T4").to_string().contains("T3 (Sep-Dec)"));
        assert_eq!(e("2026-Q5"), PeriodError::Quarter(5));
        assert_eq!(e("2026-H3"), PeriodError::Half(3));
        assert_eq!(e("1850"), PeriodError::Year(1850));
        assert_eq!(e("2026-02-30"), PeriodError::Date("2026-02-30".into()));
        for bad in [
            "", "week 47", "26-W47", "2026-W", "2026-X1", "2026-W4x", "2026-111", "november",
        ] {
            let msg = e(bad).to_string();
            assert!(msg.contains("give a week 2026-W47"), "{bad}: {msg}");
        }
        let reversed = Period::range(d("2026-12-01"), d("2026-11-01")).unwrap_err();
        assert!(reversed.to_string().contains("give the earlier day first"));
    }

    #[test]
    fn year_2026_has_a_week_53_and_2025_does_not() {
        assert_eq!(iso_weeks_in(2026), 53);
        assert_eq!(iso_weeks_in(2025), 52);
        assert_eq!(iso_week_label(d("2027-01-03")), "2026-W53");
        assert_eq!(iso_week_label(d("2027-01-04")), "2027-W01");
        assert_eq!(iso_week_label(d("2025-12-29")), "2026-W01");
    }

    #[test]
    fn containing_finds_the_period_of_a_day() {
        let day = d("2027-01-02");
        assert_eq!(
            Period::containing(PeriodKind::Week, day).label(),
            "2026-W53"
        );
        assert_eq!(
            Period::containing(PeriodKind::Month, day).label(),
            "2027-01"
        );
        assert_eq!(
            Period::containing(PeriodKind::Tertiaal, d("2026-04-30")).label(),
            "2026-T1"
        );
        assert_eq!(
            Period::containing(PeriodKind::Tertiaal, d("2026-05-01")).label(),
            "2026-T2"
        );
        assert_eq!(
            Period::containing(PeriodKind::Tertiaal, d("2026-09-01")).label(),
            "2026-T3"
        );
        assert_eq!(
            Period::containing(PeriodKind::Quarter, d("2026-07-01")).label(),
            "2026-Q3"
        );
        assert_eq!(
            Period::containing(PeriodKind::Half, d("2026-07-01")).label(),
            "2026-H2"
        );
        assert_eq!(Period::containing(PeriodKind::Year, day).label(), "2027");
        for kind in PeriodKind::ALL {
            let p = Period::containing(kind, day);
            assert!(p.contains(day), "{p}");
            assert_eq!(p.kind(), Some(kind));
        }
    }

    #[test]
    fn stepping_moves_to_the_neighbouring_period() {
        let p = |s: &str| Period::parse(s).unwrap();
        assert_eq!(p("2026-W52").next(), p("2026-W53"));
        assert_eq!(p("2026-W53").next(), p("2027-W01"));
        assert_eq!(p("2027-W01").prev(), p("2026-W53"));
        assert_eq!(p("2026-W01").prev(), p("2025-W52"));
        assert_eq!(p("2026-12").next(), p("2027-01"));
        assert_eq!(p("2026-01").prev(), p("2025-12"));
        assert_eq!(p("2026-T3").next(), p("2027-T1"));
        assert_eq!(p("2026-T1").prev(), p("2025-T3"));
        assert_eq!(p("2026-Q4").next(), p("2027-Q1"));
        assert_eq!(p("2026-H1").next(), p("2026-H2"));
        assert_eq!(p("2026").prev(), p("2025"));
        let week_range = Period::range(d("2026-11-16"), d("2026-11-22")).unwrap();
        assert_eq!(
            week_range.next(),
            Period::range(d("2026-11-23"), d("2026-11-29")).unwrap()
        );
        // Stepping forth and back is the identity for every kind.
        for s in [
            "2026-W53", "2026-02", "2026-T2", "2026-Q1", "2026-H2", "2026",
        ] {
            assert_eq!(p(s).next().prev(), p(s));
        }
    }

    #[test]
    fn weeks_and_months_overlapping_a_period() {
        let p = Period::parse("2026-11").unwrap();
        let weeks: Vec<String> = p.weeks().into_iter().map(|(l, _)| l).collect();
        assert_eq!(
            weeks,
            [
                "2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49"
            ]
        );
        assert_eq!(Period::parse("2026").unwrap().weeks().len(), 53);
        assert_eq!(
            Period::parse("2026-T3").unwrap().months(),
            ["2026-09", "2026-10", "2026-11", "2026-12"]
        );
        assert_eq!(
            Period::parse("2026-W53").unwrap().months(),
            ["2026-12", "2027-01"]
        );
    }
}
