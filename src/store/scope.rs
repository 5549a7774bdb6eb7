//! Which contacts a read covers: a span of time, a desk, and conditions such as "carries a
//! signal". One [`Scope`] writes the `WHERE` clause of every query over `contacts c` (lists,
//! counts, reports, exports, bundles), so they all mean the same by "this week at this desk".

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::types::Value;

use super::at_text;

/// A condition a contact must meet besides time and desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    /// It carries a signal label. The time bounds are then checked on each contact found
    /// through the (small) signal index rather than by the date index.
    Signal,
    /// It carries a resident code.
    Resident,
    /// It has a follow-up that is not done.
    OpenFollowUp,
}

/// Which contacts: `from` (inclusive) to `until` (exclusive), at `desk`, meeting every
/// condition in `only`. Unset bounds do not limit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
    pub desk: Option<String>,
    pub only: Vec<Only>,
}

impl Scope {
    /// Every contact.
    pub fn all() -> Scope {
        Scope::default()
    }

    /// Every contact on the days `from..=to` (local days, 00:00 to the next day's 00:00).
    pub fn days(from: NaiveDate, to: NaiveDate) -> Scope {
        Scope {
            from: Some(from.and_time(NaiveTime::MIN)),
            until: to.succ_opt().map(|d| d.and_time(NaiveTime::MIN)),
            ..Scope::default()
        }
    }

    /// Only the contacts of `desk` (every desk when `None`).
    pub fn at_desk(mut self, desk: Option<&str>) -> Scope {
        self.desk = desk.map(str::to_string);
        self
    }

    /// Only the contacts that also meet `only`.
    pub fn only(mut self, only: Only) -> Scope {
        if !self.only.contains(&only) {
            self.only.push(only);
        }
        self
    }

    /// Append ` WHERE ...` for this scope over `contacts c` to `sql` (nothing when it limits
    /// nothing), binding its values after those in `params` with numbered placeholders. Only
    /// the conditions that are set are written (fixed text, never input): a catch-all form
    /// such as `(?1 IS NULL OR c.at >= ?1)` cannot use an index, and SQLite then reads every
    /// contact.
    pub(crate) fn write_where(&self, sql: &mut String, params: &mut Vec<Value>) {
        let mut terms: Vec<String> = Vec::new();
        let bind = |params: &mut Vec<Value>, v: String| {
            params.push(Value::Text(v));
            format!("?{}", params.len())
        };
        for only in &self.only {
            terms.push(
                match only {
                    Only::Signal => "c.signal IS NOT NULL",
                    Only::Resident => "c.resident IS NOT NULL",
                    Only::OpenFollowUp => "c.follow_up IS NOT NULL AND c.follow_up_done IS NULL",
                }
                .to_string(),
            );
        }
        // `+c.at`: look the contacts up through the signal index, not by date.
        let at = if self.only.contains(&Only::Signal) {
            "+c.at"
        } else {
            "c.at"
        };
        if let Some(from) = &self.from {
            let p = bind(params, at_text(from));
            terms.push(format!("{at} >= {p}"));
        }
        if let Some(until) = &self.until {
            let p = bind(params, at_text(until));
            terms.push(format!("{at} < {p}"));
        }
        if let Some(desk) = &self.desk {
            let p = bind(params, desk.clone());
            terms.push(format!("c.desk = {p}"));
        }
        if !terms.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&terms.join(" AND "));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn clause(scope: &Scope, before: usize) -> (String, Vec<Value>) {
        let mut sql = String::new();
        let mut params = vec![Value::Null; before];
        scope.write_where(&mut sql, &mut params);
        (sql, params.split_off(before))
    }

    #[test]
    fn only_the_set_conditions_are_written_after_earlier_parameters() {
        assert_eq!(clause(&Scope::all(), 0), (String::new(), vec![]));
        let (sql, values) = clause(
            &Scope::days(day("2026-03-02"), day("2026-03-08")).at_desk(Some("Noord")),
            1,
        );
        assert_eq!(sql, " WHERE c.at >= ?2 AND c.at < ?3 AND c.desk = ?4");
        assert_eq!(
            values,
            vec![
                Value::Text("2026-03-02 00:00".into()),
                Value::Text("2026-03-09 00:00".into()),
                Value::Text("Noord".into()),
            ]
        );
        let (sql, _) = clause(
            &Scope::days(day("2026-03-02"), day("2026-03-02"))
                .only(Only::Signal)
                .only(Only::Resident),
            0,
        );
        assert_eq!(
            sql,
            " WHERE c.signal IS NOT NULL AND c.resident IS NOT NULL AND +c.at >= ?1 AND +c.at < ?2"
        );
    }
}
