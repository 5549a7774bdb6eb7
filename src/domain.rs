//! The contact: what a desk records of one conversation, and the rules each field obeys.
//! There is deliberately no field for a name, an address, a phone number or a BSN.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::config::Config;

/// Short contact or longer help question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Kort,
    Hulpvraag,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Kort => "kort",
            Kind::Hulpvraag => "hulpvraag",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "kort" => Some(Kind::Kort),
            "hulpvraag" => Some(Kind::Hulpvraag),
            _ => None,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A stable, unique, sortable id (a ULID), so contacts from several desks can be merged.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ContactId(pub String);

impl ContactId {
    /// A new id, greater than every id made before it by this process (ids made in the same
    /// millisecond still sort in the order they were made).
    pub fn new() -> ContactId {
        static GENERATOR: std::sync::Mutex<ulid::Generator> =
            std::sync::Mutex::new(ulid::Generator::new());
        let mut generator = GENERATOR
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let id = generator
            .generate()
            .unwrap_or_else(|_| ulid::Ulid::generate());
        ContactId(id.to_string())
    }
}

impl ContactId {
    /// No id yet: the store's caller gives one when the contact is stored (so code that only
    /// describes a contact, such as the desk screen's `update`, never reads the clock).
    pub fn unassigned() -> ContactId {
        ContactId(String::new())
    }

    pub fn is_unassigned(&self) -> bool {
        self.0.is_empty()
    }
}

impl Default for ContactId {
    fn default() -> Self {
        ContactId::new()
    }
}

impl fmt::Display for ContactId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The format a contact's moment is stored and shown in (local time, minute precision).
pub const AT_FORMAT: &str = "%Y-%m-%d %H:%M";
/// The format of the created/updated stamps (local time, second precision).
pub const STAMP_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// One logged contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    /// When it happened, in local time.
    #[serde(with = "at_format")]
    pub at: NaiveDateTime,
    pub desk: String,
    pub volunteer: String,
    pub channel: String,
    pub kind: Kind,
    /// One or more topic codes, in the order they were chosen.
    pub topics: Vec<String>,
    pub landlord: String,
    pub minutes: Option<u32>,
    pub referred_from: Option<String>,
    pub referred_to: Option<String>,
    /// Language of the conversation, a 2-3 letter code such as `nl`, `tr`, `ar`.
    pub language: Option<String>,
    /// A short pseudonym from the resident's card, only to count unique residents.
    pub resident: Option<String>,
    /// The 4-digit postcode area.
    pub postcode: Option<String>,
    pub follow_up: Option<NaiveDate>,
    pub note: String,
    #[serde(with = "stamp_format")]
    pub created_at: NaiveDateTime,
    #[serde(with = "stamp_format")]
    pub updated_at: NaiveDateTime,
    /// A short label for a recurring problem this contact is one more case of (a building, a
    /// landlord's practice, a renovation, a splitting case), so it can be signalled upward.
    #[serde(default)]
    pub signal: Option<String>,
    /// When the follow-up was marked done; `None` while it is open (or there is none).
    #[serde(default, with = "opt_stamp_format")]
    pub follow_up_done: Option<NaiveDateTime>,
}

mod at_format {
    use chrono::NaiveDateTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&at.format(super::AT_FORMAT).to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
        let s = String::deserialize(d)?;
        NaiveDateTime::parse_from_str(&s, super::AT_FORMAT).map_err(serde::de::Error::custom)
    }
}

mod stamp_format {
    use chrono::NaiveDateTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&at.format(super::STAMP_FORMAT).to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
        let s = String::deserialize(d)?;
        NaiveDateTime::parse_from_str(&s, super::STAMP_FORMAT).map_err(serde::de::Error::custom)
    }
}

mod opt_stamp_format {
    use chrono::NaiveDateTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => s.serialize_str(&at.format(super::STAMP_FORMAT).to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|s| {
                NaiveDateTime::parse_from_str(&s, super::STAMP_FORMAT)
                    .map_err(serde::de::Error::custom)
            })
            .transpose()
    }
}

/// The longest note accepted: a few words, not a case file.
pub const NOTE_MAX_CHARS: usize = 500;

/// Which list of codes a code was looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    Topic,
    Channel,
    Landlord,
    Partner,
}

impl std::fmt::Display for CodeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CodeKind::Topic => "topic",
            CodeKind::Channel => "channel",
            CodeKind::Landlord => "landlord",
            CodeKind::Partner => "partner",
        })
    }
}

/// `; did you mean `a` or `b`?`, or nothing without suggestions.
fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        return String::new();
    }
    let codes: Vec<String> = suggestions.iter().map(|c| format!("`{c}`")).collect();
    format!("; did you mean {}?", codes.join(" or "))
}

/// Why a contact cannot be stored as given. Each message says what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("a contact needs at least one topic")]
    NoTopic,
    /// A code that is not in the config; `suggestions` are the nearest codes that are.
    #[error("unknown {what} `{code}`{}", did_you_mean(suggestions))]
    Unknown {
        what: CodeKind,
        code: String,
        suggestions: Vec<String>,
    },
    #[error("topic `{0}` is given twice")]
    DuplicateTopic(String),
    #[error("desk name must be 1-60 characters")]
    Desk,
    #[error("volunteer `{0}`: give initials, 1-4 letters (no names)")]
    Volunteer(String),
    #[error("minutes `{0}` must be between 0 and 1440")]
    Minutes(u32),
    #[error("language `{0}`: give a 2-3 letter code such as nl, en, tr, ar")]
    Language(String),
    #[error(
        "resident code `{0}`: give the 3-12 letters and digits from the resident's card (no names)"
    )]
    Resident(String),
    #[error("postcode `{0}`: give the 4 digits of the postcode area only, e.g. 1102")]
    Postcode(String),
    #[error("the note is {0} characters; keep it under {NOTE_MAX_CHARS}")]
    NoteTooLong(usize),
    #[error(
        "signal `{0}`: give a short label of {SIGNAL_MIN_CHARS}-{SIGNAL_MAX_CHARS} characters \
         naming the problem, such as `Kolenkit renovatie`"
    )]
    Signal(String),
    #[error(
        "the signal holds what looks like {}; a signal names a building, a landlord or a \
         problem, never a person",
        crate::privacy::describe_kinds(.0, crate::i18n::Lang::En)
    )]
    SignalPersonalData(Vec<crate::privacy::PersonalData>),
    #[error("the follow-up is marked done, but there is no follow-up day")]
    FollowUpDoneWithoutDay,
    #[error(
        "{field} holds a control character (U+{code:04X}, at line {line}, column {column}); take \
         it out: only line breaks and tabs belong in a note"
    )]
    ControlCharacter {
        field: &'static str,
        code: u32,
        line: usize,
        column: usize,
    },
    #[error(
        "{field} `{value}` cannot be right: balie stores moments from {EARLIEST_YEAR} to \
         {LATEST_YEAR}"
    )]
    Moment { field: &'static str, value: String },
}

/// The first and last year a stored moment may fall in (a typing slip such as `1026` or a
/// forged `9999` is refused; the clock-based limits come on top where there is a clock).
pub const EARLIEST_YEAR: i32 = 1990;
pub const LATEST_YEAR: i32 = 2099;

/// The shortest and longest signal label accepted, in characters.
pub const SIGNAL_MIN_CHARS: usize = 2;
pub const SIGNAL_MAX_CHARS: usize = 60;

impl Contact {
    /// A contact with the defaults a bare tally gets: walk-in, short, landlord unknown.
    pub fn bare(
        at: NaiveDateTime,
        desk: &str,
        volunteer: &str,
        topics: Vec<String>,
        now: NaiveDateTime,
    ) -> Contact {
        Contact {
            id: ContactId::new(),
            ..Contact::draft(at, desk, volunteer, topics, now)
        }
    }

    /// [`Contact::bare`] without an id yet ([`ContactId::unassigned`]).
    pub fn draft(
        at: NaiveDateTime,
        desk: &str,
        volunteer: &str,
        topics: Vec<String>,
        now: NaiveDateTime,
    ) -> Contact {
        Contact {
            id: ContactId::unassigned(),
            at,
            desk: desk.to_string(),
            volunteer: volunteer.to_string(),
            channel: "inloop".into(),
            kind: Kind::Kort,
            topics,
            landlord: "onbekend".into(),
            minutes: None,
            referred_from: None,
            referred_to: None,
            language: None,
            resident: None,
            postcode: None,
            follow_up: None,
            note: String::new(),
            created_at: now,
            updated_at: now,
            signal: None,
            follow_up_done: None,
        }
    }

    /// Normalise the free-form fields (trim, case) and check every field against `config`.
    pub fn validate(&mut self, config: &Config) -> Result<(), Invalid> {
        use chrono::Datelike;
        let text_fields = [
            ("desk", &self.desk, false),
            ("note", &self.note, true),
            ("volunteer", &self.volunteer, false),
            ("channel", &self.channel, false),
            ("landlord", &self.landlord, false),
        ];
        for (field, text, lines) in text_fields {
            if let Some((line, column, c)) = crate::text::find_control(text, lines) {
                return Err(Invalid::ControlCharacter {
                    field,
                    code: c as u32,
                    line,
                    column,
                });
            }
        }
        if let Some((line, column, c)) = self
            .signal
            .as_deref()
            .and_then(|t| crate::text::find_control(t, true))
        {
            return Err(Invalid::ControlCharacter {
                field: "signal",
                code: c as u32,
                line,
                column,
            });
        }
        for (field, text) in [
            ("resident", &self.resident),
            ("language", &self.language),
            ("referred_from", &self.referred_from),
            ("referred_to", &self.referred_to),
        ] {
            if let Some((line, column, c)) = text
                .as_deref()
                .and_then(|t| crate::text::find_control(t, false))
            {
                return Err(Invalid::ControlCharacter {
                    field,
                    code: c as u32,
                    line,
                    column,
                });
            }
        }
        let years = EARLIEST_YEAR..=LATEST_YEAR;
        for (field, t) in [
            ("at", Some(self.at)),
            ("created_at", Some(self.created_at)),
            ("updated_at", Some(self.updated_at)),
            ("follow_up_done", self.follow_up_done),
        ] {
            if let Some(t) = t.filter(|t| !years.contains(&t.year())) {
                return Err(Invalid::Moment {
                    field,
                    value: t.format("%Y-%m-%d %H:%M").to_string(),
                });
            }
        }
        if let Some(d) = self.follow_up.filter(|d| !years.contains(&d.year())) {
            return Err(Invalid::Moment {
                field: "follow_up",
                value: d.to_string(),
            });
        }
        self.desk = self.desk.trim().to_string();
        if self.desk.is_empty() || self.desk.chars().count() > 60 {
            return Err(Invalid::Desk);
        }
        self.volunteer = normalize_initials(&self.volunteer)
            .ok_or_else(|| Invalid::Volunteer(self.volunteer.clone()))?;
        if self.topics.is_empty() {
            return Err(Invalid::NoTopic);
        }
        for (i, t) in self.topics.iter().enumerate() {
            if config.topic(t).is_none() {
                return Err(config.unknown(CodeKind::Topic, t));
            }
            if self.topics[..i].contains(t) {
                return Err(Invalid::DuplicateTopic(t.clone()));
            }
        }
        if config.channel(&self.channel).is_none() {
            return Err(config.unknown(CodeKind::Channel, &self.channel));
        }
        if config.landlord(&self.landlord).is_none() {
            return Err(config.unknown(CodeKind::Landlord, &self.landlord));
        }
        for p in [&self.referred_from, &self.referred_to]
            .into_iter()
            .flatten()
        {
            if config.partner(p).is_none() {
                return Err(config.unknown(CodeKind::Partner, p));
            }
        }
        if let Some(m) = self.minutes
            && m > 1440
        {
            return Err(Invalid::Minutes(m));
        }
        self.language = normalize_opt(self.language.take(), |s| {
            let s = s.to_ascii_lowercase();
            let ok = (2..=3).contains(&s.len()) && s.chars().all(|c| c.is_ascii_lowercase());
            if ok { Ok(s) } else { Err(Invalid::Language(s)) }
        })?;
        self.resident = normalize_opt(self.resident.take(), |s| {
            normalize_resident(&s).ok_or(Invalid::Resident(s))
        })?;
        self.postcode = normalize_opt(self.postcode.take(), |s| {
            normalize_postcode(&s).ok_or(Invalid::Postcode(s))
        })?;
        self.note = self.note.trim().to_string();
        let n = self.note.chars().count();
        if n > NOTE_MAX_CHARS {
            return Err(Invalid::NoteTooLong(n));
        }
        self.signal = normalize_opt(self.signal.take(), |s| normalize_signal(&s))?;
        if self.follow_up_done.is_some() && self.follow_up.is_none() {
            return Err(Invalid::FollowUpDoneWithoutDay);
        }
        Ok(())
    }
}

/// A signal label: spaces collapsed, 2-60 characters, no control characters, and nothing
/// that looks like personal data (see [`crate::privacy::scan`]).
pub fn normalize_signal(s: &str) -> Result<String, Invalid> {
    let label = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = label.chars().count();
    if !(SIGNAL_MIN_CHARS..=SIGNAL_MAX_CHARS).contains(&n) || label.chars().any(char::is_control) {
        return Err(Invalid::Signal(label));
    }
    let found = crate::privacy::scan(&label);
    if !found.is_empty() {
        return Err(Invalid::SignalPersonalData(crate::privacy::kinds(&found)));
    }
    Ok(label)
}

fn normalize_opt(
    value: Option<String>,
    check: impl FnOnce(String) -> Result<String, Invalid>,
) -> Result<Option<String>, Invalid> {
    match value.map(|s| s.trim().to_string()) {
        None => Ok(None),
        Some(s) if s.is_empty() => Ok(None),
        Some(s) => check(s).map(Some),
    }
}

/// Initials: 1-4 letters (dots and spaces dropped), upper case. `None` when it looks like more.
pub fn normalize_initials(s: &str) -> Option<String> {
    let letters: String = s
        .chars()
        .filter(|c| !matches!(c, '.' | ' '))
        .collect::<String>()
        .to_uppercase();
    let ok = (1..=4).contains(&letters.chars().count()) && letters.chars().all(char::is_alphabetic);
    ok.then_some(letters)
}

/// A resident code: 3-12 letters and digits (at least one digit), upper case. Spaces and
/// dashes of any kind are dropped, so `K-0042`, `k0042` and `K 0042` are one resident.
pub fn normalize_resident(s: &str) -> Option<String> {
    let s = resident_key(s);
    let ok = (3..=12).contains(&s.len())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
        && s.chars().any(|c| c.is_ascii_digit());
    ok.then_some(s)
}

/// The spelling two ways of writing one code share, without checking it is a code: its
/// canonical text (see [`crate::text::canonical`]: every dash kind is `-`, fullwidth digits
/// plain) in upper case, without spaces or dashes. Stored codes are already in this spelling.
pub fn resident_key(code: &str) -> String {
    crate::text::canonical(code)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_uppercase()
}

/// A postcode area: exactly four digits, not starting with 0. A full postcode such as
/// `1102 AB` is refused: the letters narrow it down to a street.
pub fn normalize_postcode(s: &str) -> Option<String> {
    let s = s.trim();
    let ok = s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) && !s.starts_with('0');
    ok.then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
    }

    fn sample() -> Contact {
        Contact::bare(
            at("2026-11-20 10:30"),
            " Buurtwerkkamer MultiBron ",
            "a.b.",
            vec!["huur".into()],
            at("2026-11-20 10:31"),
        )
    }

    #[test]
    fn a_bare_contact_validates_and_is_normalised() {
        let mut c = sample();
        c.validate(&Config::shipped()).unwrap();
        assert_eq!(c.desk, "Buurtwerkkamer MultiBron");
        assert_eq!(c.volunteer, "AB");
        assert_eq!(c.channel, "inloop");
        assert_eq!(c.kind, Kind::Kort);
        assert_eq!(c.landlord, "onbekend");
    }

    #[test]
    fn every_bad_field_gets_its_own_message() {
        let config = Config::shipped();
        let check = |f: &dyn Fn(&mut Contact)| {
            let mut c = sample();
            f(&mut c);
            c.validate(&config).unwrap_err()
        };
        assert_eq!(check(&|c| c.topics.clear()), Invalid::NoTopic);
        assert!(
            matches!(check(&|c| c.topics = vec!["huurr".into()]), Invalid::Unknown { what: CodeKind::Topic, suggestions, .. } if suggestions.contains(&"huur".to_string()))
        );
        assert_eq!(
            check(&|c| c.topics = vec!["huur".into(), "huur".into()]),
            Invalid::DuplicateTopic("huur".into())
        );
        assert!(
            matches!(check(&|c| c.channel = "fax".into()), Invalid::Unknown { what: CodeKind::Channel, code, .. } if code == "fax")
        );
        assert!(
            matches!(check(&|c| c.landlord = "ymer".into()), Invalid::Unknown { what: CodeKind::Landlord, suggestions, .. } if suggestions.contains(&"ymere".to_string()))
        );
        assert!(matches!(
            check(&|c| c.referred_to = Some("nobody".into())),
            Invalid::Unknown {
                what: CodeKind::Partner,
                ..
            }
        ));
        assert!(matches!(
            check(&|c| c.volunteer = "Jan de Vries".into()),
            Invalid::Volunteer(_)
        ));
        assert_eq!(check(&|c| c.minutes = Some(2000)), Invalid::Minutes(2000));
        assert!(matches!(
            check(&|c| c.language = Some("Nederlands".into())),
            Invalid::Language(_)
        ));
        assert!(matches!(
            check(&|c| c.resident = Some("Fatima".into())),
            Invalid::Resident(_)
        ));
        assert!(matches!(
            check(&|c| c.postcode = Some("1102 AB".into())),
            Invalid::Postcode(_)
        ));
        assert!(matches!(
            check(&|c| c.note = "x".repeat(501)),
            Invalid::NoteTooLong(501)
        ));
        assert_eq!(check(&|c| c.desk = "  ".into()), Invalid::Desk);
        assert_eq!(
            check(&|c| c.signal = Some(" x ".into())),
            Invalid::Signal("x".into())
        );
        assert!(matches!(
            check(&|c| c.signal = Some("y".repeat(61))),
            Invalid::Signal(_)
        ));
        assert!(matches!(
            check(&|c| c.signal = Some("Flat 1102 AB 12".into())),
            Invalid::SignalPersonalData(k) if k == vec![crate::privacy::PersonalData::Address]
        ));
        assert!(matches!(
            check(&|c| c.signal = Some("bel 0612345678".into())),
            Invalid::SignalPersonalData(k) if k == vec![crate::privacy::PersonalData::Phone]
        ));
        assert_eq!(
            check(&|c| c.follow_up_done = Some(at("2026-11-21 09:00"))),
            Invalid::FollowUpDoneWithoutDay
        );
    }

    #[test]
    fn a_signal_is_trimmed_and_its_spaces_collapsed() {
        let mut c = sample();
        c.signal = Some("  Kolenkit   renovatie\t".into());
        c.validate(&Config::shipped()).unwrap();
        assert_eq!(c.signal.as_deref(), Some("Kolenkit renovatie"));
        let mut c = sample();
        c.signal = Some("   ".into());
        c.validate(&Config::shipped()).unwrap();
        assert_eq!(c.signal, None, "a blank signal is no signal");
        let mut c = sample();
        c.signal = Some("é".repeat(60));
        c.validate(&Config::shipped()).unwrap();
    }

    #[test]
    fn a_contact_without_the_newer_fields_still_reads_from_json() {
        // Drafts written by an older balie have neither `signal` nor `follow_up_done`.
        let mut v = serde_json::to_value(sample()).unwrap();
        let m = v.as_object_mut().unwrap();
        m.remove("signal");
        m.remove("follow_up_done");
        let c: Contact = serde_json::from_value(v).unwrap();
        assert_eq!((c.signal, c.follow_up_done), (None, None));
        let mut done = sample();
        done.follow_up = Some(at("2026-11-27 00:00").date());
        done.follow_up_done = Some(at("2026-11-27 10:15"));
        let back: Contact = serde_json::from_str(&serde_json::to_string(&done).unwrap()).unwrap();
        assert_eq!(back, done);
    }

    #[test]
    fn control_characters_and_impossible_moments_are_refused() {
        let config = Config::shipped();
        let mut ok = sample();
        ok.note = "eerste regel\ntweede\tregel".into();
        ok.validate(&config).unwrap();
        for note in ["a\x1b]0;pwned\x07b", "nul\0byte", "c1\u{9b}2J", "\x1b[2J"] {
            let mut c = sample();
            c.note = note.into();
            let e = c.validate(&config).unwrap_err();
            assert!(
                matches!(e, Invalid::ControlCharacter { field: "note", .. }),
                "{note:?}: {e}"
            );
        }
        let mut c = sample();
        c.desk = "Noord\x1b[2J".into();
        assert!(matches!(
            c.validate(&config),
            Err(Invalid::ControlCharacter { field: "desk", .. })
        ));
        let mut c = sample();
        c.note = "ok\n\x1bx".into();
        let e = c.validate(&config).unwrap_err().to_string();
        assert!(e.contains("line 2, column 1"), "{e}");
        for (at, created) in [
            ("1026-11-20 10:30", "2026-11-20 10:31"),
            ("0001-01-01 00:00", "2026-11-20 10:31"),
            ("1900-01-01 10:00", "2026-11-20 10:31"),
            ("2026-11-20 10:30", "9999-12-31 23:59"),
        ] {
            let mut c = sample();
            c.at = self::at(at);
            c.created_at = self::at(created);
            c.updated_at = c.created_at;
            let e = c.validate(&config).unwrap_err();
            assert!(matches!(e, Invalid::Moment { .. }), "{at} {created}: {e}");
            assert!(e.to_string().contains("1990"), "{e}");
        }
    }

    #[test]
    fn optional_fields_are_normalised() {
        let mut c = sample();
        c.language = Some(" TR ".into());
        c.resident = Some("k-0042".into());
        c.postcode = Some("1102".into());
        c.referred_to = Some("madi".into());
        c.validate(&Config::shipped()).unwrap();
        assert_eq!(c.language.as_deref(), Some("tr"));
        assert_eq!(c.resident.as_deref(), Some("K0042"));
        assert_eq!(c.postcode.as_deref(), Some("1102"));
        let mut c = sample();
        c.language = Some("  ".into());
        c.validate(&Config::shipped()).unwrap();
        assert_eq!(c.language, None);
    }

    #[test]
    fn ids_are_unique_and_sortable_by_creation() {
        let ids: Vec<ContactId> = (0..1000).map(|_| ContactId::new()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "strictly increasing");
        assert_eq!(ids[0].0.len(), 26);
    }
}
