//! The signal labels used so far, for the entry form's picker: each with how many contacts
//! carry it and when it was last used, so the volunteer picks an earlier label (and the
//! counts add up) instead of typing a new spelling.

use chrono::NaiveDateTime;
use rusqlite::params;
use serde::Serialize;

use super::{Result, Store, parse_at};
use crate::domain::AT_FORMAT;
use crate::text::{fold, label_key};

/// A signal label used before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignalLabel {
    pub label: String,
    /// How many contacts carry it.
    pub contacts: u64,
    /// When the latest of them happened.
    #[serde(serialize_with = "at_text")]
    pub last: NaiveDateTime,
}

fn at_text<S: serde::Serializer>(t: &NaiveDateTime, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&t.format(AT_FORMAT).to_string())
}

impl Store {
    /// The labels used before whose text, or one of whose words, starts with `prefix`
    /// (ignoring case and accents; an empty prefix matches every label): the most used
    /// first, then the most recently used, then by label; at most `limit`. The TUI loads
    /// them with an empty prefix and ranks them fuzzily as the volunteer types.
    pub fn signal_labels(&self, prefix: &str, limit: usize) -> Result<Vec<SignalLabel>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT signal, count(*), max(at) FROM contacts
             WHERE signal IS NOT NULL GROUP BY signal",
        )?;
        let mut rows = stmt.query(params![])?;
        let wanted = fold(prefix.trim());
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let label: String = r.get(0)?;
            if !wanted.is_empty() {
                let folded = fold(&label);
                let hit = folded.starts_with(&wanted)
                    || folded
                        .split([' ', '-', '/'])
                        .any(|word| word.starts_with(&wanted));
                if !hit {
                    continue;
                }
            }
            out.push(SignalLabel {
                label,
                contacts: r.get::<_, i64>(1)? as u64,
                last: parse_at(&r.get::<_, String>(2)?, AT_FORMAT)?,
            });
        }
        out.sort_by(|a, b| {
            b.contacts
                .cmp(&a.contacts)
                .then(b.last.cmp(&a.last))
                .then_with(|| a.label.cmp(&b.label))
        });
        out.truncate(limit);
        Ok(out)
    }

    /// The label as it was written before, when one differing only in case, spacing or accents
    /// exists (the most used such spelling); otherwise `label` itself. Applied to new
    /// labels so `kolenkit renovatie` counts with `Kolenkit renovatie`.
    pub fn canonical_signal(&self, label: &str) -> Result<String> {
        let want = label_key(label);
        Ok(self
            .signal_labels("", usize::MAX)?
            .into_iter()
            .find(|l| label_key(&l.label) == want)
            .map_or_else(|| label.to_string(), |l| l.label))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::domain::Contact;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
    }

    fn signalled(store: &mut Store, when: &str, signal: Option<&str>) {
        let mut c = Contact::bare(at(when), "D", "AB", vec!["huur".into()], at(when));
        c.signal = signal.map(str::to_string);
        c.validate(&Config::shipped()).unwrap();
        store.insert(&c).unwrap();
    }

    fn labels(store: &Store, prefix: &str, limit: usize) -> Vec<(String, u64)> {
        store
            .signal_labels(prefix, limit)
            .unwrap()
            .into_iter()
            .map(|l| (l.label, l.contacts))
            .collect()
    }

    #[test]
    fn labels_come_most_used_first_then_most_recent() {
        let mut store = Store::open_in_memory().unwrap();
        signalled(&mut store, "2026-11-02 10:00", Some("Kolenkit renovatie"));
        signalled(&mut store, "2026-11-03 10:00", Some("Kolenkit renovatie"));
        signalled(
            &mut store,
            "2026-11-04 10:00",
            Some("Splitsing Bos en Lommerweg"),
        );
        signalled(
            &mut store,
            "2026-11-05 10:00",
            Some("Éénhoorn flats schimmel"),
        );
        signalled(&mut store, "2026-11-05 11:00", None);
        assert_eq!(
            labels(&store, "", 10),
            vec![
                ("Kolenkit renovatie".into(), 2),
                ("Éénhoorn flats schimmel".into(), 1),
                ("Splitsing Bos en Lommerweg".into(), 1),
            ]
        );
        assert_eq!(labels(&store, "", 1).len(), 1);
        let last = store.signal_labels("kolen", 5).unwrap();
        assert_eq!(last[0].last, at("2026-11-03 10:00"));
        // A word start, ignoring case and accents; not the middle of a word.
        assert_eq!(
            labels(&store, "LOMMER", 5),
            vec![("Splitsing Bos en Lommerweg".into(), 1)]
        );
        assert_eq!(
            labels(&store, "eenh", 5),
            vec![("Éénhoorn flats schimmel".into(), 1)]
        );
        assert!(labels(&store, "ovatie", 5).is_empty());
    }

    #[test]
    fn a_new_spelling_of_an_earlier_label_takes_the_earlier_one() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(
            store.canonical_signal("kolenkit renovatie").unwrap(),
            "kolenkit renovatie"
        );
        signalled(&mut store, "2026-11-02 10:00", Some("Kolenkit Renovatie"));
        assert_eq!(
            store.canonical_signal("kolenkit renovatie").unwrap(),
            "Kolenkit Renovatie"
        );
        assert_eq!(store.canonical_signal("Kolenkit").unwrap(), "Kolenkit");
    }
}
