//! The vocabulary a desk counts in (topics, channels, landlords, partners, desks) and the
//! settings around it: the shipped defaults embedded in the binary, layered with a desk's own
//! config file, validated into one clean [`Config`].

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::domain::{CodeKind, Invalid};
use crate::i18n::Lang;

/// The shipped defaults, embedded so the binary runs with no files around it.
pub const SHIPPED: &str = include_str!("../config/defaults.toml");

/// Number of quick-tally slots on the main screen (keys 1-9).
pub const TALLY_SLOTS: usize = 9;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
}

/// One layer as written in a file: every field optional, unknown keys refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLayer {
    lang: Option<Spanned<String>>,
    desk: Option<String>,
    volunteer: Option<String>,
    tally: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    topics: Vec<Spanned<RawTopic>>,
    #[serde(default)]
    channels: Vec<Spanned<RawEntry>>,
    #[serde(default)]
    landlords: Vec<Spanned<RawLandlord>>,
    #[serde(default)]
    partners: Vec<Spanned<RawPartner>>,
    #[serde(default)]
    desks: Vec<RawDesk>,
    retention: Option<RawRetention>,
    backup: Option<RawBackup>,
    sync: Option<RawSync>,
    kb: Option<RawKb>,
    #[serde(default)]
    targets: Vec<Spanned<RawTarget>>,
    bundles: Option<RawBundles>,
    lock: Option<RawLock>,
    theme: Option<Spanned<String>>,
    plain: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBundles {
    recipient: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLock {
    after: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    code: String,
    nl: String,
    en: String,
    group: String,
    #[serde(default)]
    synonyms: Vec<String>,
    #[serde(default)]
    hidden: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    code: String,
    nl: String,
    en: String,
    #[serde(default)]
    hidden: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLandlord {
    code: String,
    nl: String,
    en: String,
    group: String,
    #[serde(default)]
    hidden: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPartner {
    code: String,
    /// Required for a new partner; a desk may leave it out to add contact details to a
    /// partner that is already listed.
    name: Option<String>,
    nl: Option<String>,
    en: Option<String>,
    hidden: Option<bool>,
    phone: Option<String>,
    address: Option<String>,
    hours: Option<String>,
    website: Option<String>,
    refer_when: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKb {
    stale_after_years: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDesk {
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRetention {
    note_days: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSync {
    url: Option<String>,
    notes: Option<bool>,
    every: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBackup {
    keep: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    year: i32,
    name: String,
    topics: Vec<Spanned<String>>,
    count: TargetCount,
    value: u32,
    /// The desk the target is for; none: a city-wide target.
    desk: Option<String>,
}

/// What a yearly target counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetCount {
    Contacts,
    Residents,
}

/// A topic a contact can be about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub code: String,
    pub nl: String,
    pub en: String,
    pub group: String,
    pub synonyms: Vec<String>,
    pub hidden: bool,
}

/// A channel, or any other entry with a code and two labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub code: String,
    pub nl: String,
    pub en: String,
    pub hidden: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Landlord {
    pub code: String,
    pub nl: String,
    pub en: String,
    /// One of `corporatie`, `particulier`, `koop`, `onbekend`.
    pub group: String,
    pub hidden: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Partner {
    pub code: String,
    pub name: String,
    pub nl: String,
    pub en: String,
    pub hidden: bool,
    /// How a volunteer reaches them: filled in by the desk (the shipped config has none, as
    /// the reports' addresses are out of date).
    pub contact: PartnerContact,
}

/// A partner's contact details as a desk wrote them in its config; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PartnerContact {
    pub phone: Option<String>,
    pub address: Option<String>,
    /// Opening hours as written ("ma-vr 9-17, wo 9-12").
    pub hours: Option<String>,
    pub website: Option<String>,
    /// One line on when to send someone there.
    pub refer_when: Option<String>,
}

impl PartnerContact {
    pub fn is_empty(&self) -> bool {
        self == &PartnerContact::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub year: i32,
    pub name: String,
    pub topics: Vec<String>,
    pub count: TargetCount,
    pub value: u32,
    /// The desk whose contacts count; `None`: a city-wide target (every desk's contacts).
    pub desk: Option<String>,
}

/// The landlord groups reports use.
pub const LANDLORD_GROUPS: [&str; 4] = ["corporatie", "particulier", "koop", "onbekend"];

/// The topic groups the overview and reports use.
pub const TOPIC_GROUPS: [&str; 5] = ["wonen", "hulp", "welzijn", "collectief", "overig"];

/// The validated configuration in force.
#[derive(Debug, Clone)]
pub struct Config {
    pub lang: Lang,
    pub desk: Option<String>,
    pub volunteer: Option<String>,
    pub tally: Vec<String>,
    pub topics: Vec<Topic>,
    pub channels: Vec<Entry>,
    pub landlords: Vec<Landlord>,
    pub partners: Vec<Partner>,
    pub desks: Vec<String>,
    pub retention_note_days: u32,
    pub backup_keep: u32,
    /// `[kb] stale_after_years`: an article whose facts are older, with no check since,
    /// carries a warning (0: never).
    pub kb_stale_after_years: u32,
    pub targets: Vec<Target>,
    /// `[bundles] recipient`: the coordinator's age public key; bundles are sealed to it.
    pub bundle_recipient: Option<String>,
    /// `[lock] after`: lock the desk screen after this long without a key (`Some(ZERO)`:
    /// never). Unset: five minutes when the database is encrypted, otherwise never.
    pub lock_after: Option<std::time::Duration>,
    pub sync: SyncConfig,
    /// `theme`: how the desk screen looks (`NO_COLOR` overrides it with no colour).
    pub theme: Theme,
    /// `plain = true`: the desk screen in plain mode, for screen readers (as `--plain`).
    pub plain: bool,
}

/// How the desk screen looks: `theme = "colour" | "high-contrast" | "no-colour"`. Its
/// styles are in `tui::theme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Colour,
    /// Bright colours on black and white, nothing grey: for low vision and bright rooms.
    HighContrast,
    /// No colour escape at all: bold, dim, italic, underline and reverse video only.
    NoColour,
}

impl Theme {
    /// The theme a config names (`None` for a name that is not one).
    pub fn parse(name: &str) -> Option<Theme> {
        match name.trim().to_lowercase().as_str() {
            "colour" | "color" => Some(Theme::Colour),
            "high-contrast" => Some(Theme::HighContrast),
            "no-colour" | "no-color" => Some(Theme::NoColour),
            _ => None,
        }
    }
}

/// `[sync]`: the server a desk syncs with ([`crate::sync`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncConfig {
    /// `postgres://...` (`BALIE_SYNC_URL` goes over it).
    pub url: Option<String>,
    /// Whether notes go to the server too (default: they stay at the desk).
    pub notes: bool,
    /// Minutes between background syncs of the desk screen.
    pub every_minutes: u32,
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            url: None,
            notes: false,
            every_minutes: 10,
        }
    }
}

/// Something a label can be shown for in the current language.
pub trait Labelled {
    fn code(&self) -> &str;
    fn label(&self, lang: Lang) -> &str;
}

macro_rules! labelled {
    ($t:ty) => {
        impl Labelled for $t {
            fn code(&self) -> &str {
                &self.code
            }
            fn label(&self, lang: Lang) -> &str {
                match lang {
                    Lang::Nl => &self.nl,
                    Lang::En => &self.en,
                }
            }
        }
    };
}
labelled!(Topic);
labelled!(Entry);
labelled!(Landlord);

impl Labelled for Partner {
    fn code(&self) -> &str {
        &self.code
    }
    fn label(&self, _lang: Lang) -> &str {
        &self.name
    }
}

/// `"90s"`, `"5m"`, `"2 min"`, `"0"`: a lock time.
pub fn parse_duration(text: &str) -> Option<std::time::Duration> {
    let t = text.trim().to_lowercase();
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let n: u64 = digits.parse().ok()?;
    let unit = t[digits.len()..].trim();
    let secs = match unit {
        "" if n == 0 => 0,
        "s" | "sec" | "seconds" | "second" | "seconden" | "seconde" => n,
        "m" | "min" | "minutes" | "minute" | "minuten" | "minuut" => n.checked_mul(60)?,
        _ => return None,
    };
    Some(std::time::Duration::from_secs(secs))
}

impl Config {
    /// How long without a key before the desk screen locks, if it locks at all.
    pub fn lock_after(&self, encrypted: bool) -> Option<std::time::Duration> {
        match self.lock_after {
            Some(d) if d.is_zero() => None,
            Some(d) => Some(d),
            None if encrypted => Some(std::time::Duration::from_secs(5 * 60)),
            None => None,
        }
    }

    /// The shipped defaults alone.
    pub fn shipped() -> Config {
        Config::layered(&[("<shipped defaults>", SHIPPED)])
            .expect("the shipped defaults are valid (tested)")
    }

    /// The shipped defaults with a desk's config file on top. `None` or a missing default
    /// file means the shipped defaults alone; a file named explicitly must exist.
    pub fn load(path: Option<&Path>, explicit: bool) -> Result<Config, ConfigError> {
        let Some(path) = path else {
            return Ok(Config::shipped());
        };
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
                return Ok(Config::shipped());
            }
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let name = path.display().to_string();
        Config::layered(&[("<shipped defaults>", SHIPPED), (&name, &text)])
    }

    /// Parse and merge layers in order, later layers overriding earlier ones by code.
    pub fn layered(layers: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let mut config = Config {
            lang: Lang::Nl,
            desk: None,
            volunteer: None,
            tally: Vec::new(),
            topics: Vec::new(),
            channels: Vec::new(),
            landlords: Vec::new(),
            partners: Vec::new(),
            desks: Vec::new(),
            retention_note_days: 365,
            backup_keep: 14,
            kb_stale_after_years: crate::kb::age::DEFAULT_STALE_AFTER_YEARS,
            targets: Vec::new(),
            bundle_recipient: None,
            lock_after: None,
            sync: SyncConfig::default(),
            theme: Theme::Colour,
            plain: false,
        };
        for (name, text) in layers {
            if let Some((offset, code)) = escaped_control(text) {
                let (line, column) = line_col(text, offset);
                return Err(ConfigError::Invalid {
                    path: name.to_string(),
                    line,
                    column,
                    message: format!(
                        "an escaped control character (U+{code:04X}) has no place in a label; \
                         take it out"
                    ),
                });
            }
            let raw: RawLayer = toml::from_str(text).map_err(|e| {
                let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
                ConfigError::Invalid {
                    path: name.to_string(),
                    line,
                    column,
                    message: e.message().to_string(),
                }
            })?;
            config.apply(name, text, raw)?;
        }
        Ok(config)
    }

    fn apply(&mut self, name: &str, text: &str, raw: RawLayer) -> Result<(), ConfigError> {
        let err = |span: std::ops::Range<usize>, message: String| {
            let (line, column) = line_col(text, span.start);
            ConfigError::Invalid {
                path: name.to_string(),
                line,
                column,
                message,
            }
        };
        if let Some(lang) = raw.lang {
            self.lang = Lang::parse(lang.get_ref()).ok_or_else(|| {
                err(
                    lang.span(),
                    format!(
                        "unknown language `{}`: use \"nl\" or \"en\"",
                        lang.get_ref()
                    ),
                )
            })?;
        }
        if raw.desk.is_some() {
            self.desk = raw.desk;
        }
        if raw.volunteer.is_some() {
            self.volunteer = raw.volunteer;
        }
        let mut seen = std::collections::HashSet::new();
        for t in raw.topics {
            let span = t.span();
            let t = t.into_inner();
            check_code(&t.code).map_err(|m| err(span.clone(), m))?;
            check_label(&t.nl, &t.en).map_err(|m| err(span.clone(), m))?;
            if !seen.insert(t.code.clone()) {
                return Err(err(
                    span,
                    format!(
                        "topic code `{}` is given twice in this file; keep one",
                        t.code
                    ),
                ));
            }
            if !TOPIC_GROUPS.contains(&t.group.as_str()) {
                return Err(err(
                    span,
                    format!(
                        "topic `{}` has unknown group `{}`: use one of {}",
                        t.code,
                        t.group,
                        TOPIC_GROUPS.join(", ")
                    ),
                ));
            }
            let topic = Topic {
                code: t.code,
                nl: t.nl,
                en: t.en,
                group: t.group,
                synonyms: t.synonyms,
                hidden: t.hidden,
            };
            upsert(&mut self.topics, topic, |x| x.code.clone());
        }
        for c in raw.channels {
            let span = c.span();
            let c = c.into_inner();
            check_code(&c.code).map_err(|m| err(span.clone(), m))?;
            check_label(&c.nl, &c.en).map_err(|m| err(span, m))?;
            let entry = Entry {
                code: c.code,
                nl: c.nl,
                en: c.en,
                hidden: c.hidden,
            };
            upsert(&mut self.channels, entry, |x| x.code.clone());
        }
        for l in raw.landlords {
            let span = l.span();
            let l = l.into_inner();
            check_code(&l.code).map_err(|m| err(span.clone(), m))?;
            check_label(&l.nl, &l.en).map_err(|m| err(span.clone(), m))?;
            if !LANDLORD_GROUPS.contains(&l.group.as_str()) {
                return Err(err(
                    span,
                    format!(
                        "landlord `{}` has unknown group `{}`: use one of {}",
                        l.code,
                        l.group,
                        LANDLORD_GROUPS.join(", ")
                    ),
                ));
            }
            let landlord = Landlord {
                code: l.code,
                nl: l.nl,
                en: l.en,
                group: l.group,
                hidden: l.hidden,
            };
            upsert(&mut self.landlords, landlord, |x| x.code.clone());
        }
        for p in raw.partners {
            let span = p.span();
            let p = p.into_inner();
            check_code(&p.code).map_err(|m| err(span.clone(), m))?;
            let clean =
                |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
            let existing = self.partner(&p.code).cloned();
            let name = match (p.name, &existing) {
                (Some(n), _) if n.trim().is_empty() => {
                    return Err(err(span, format!("partner `{}` has an empty name", p.code)));
                }
                (Some(n), _) => n,
                (None, Some(old)) => old.name.clone(),
                (None, None) => {
                    return Err(err(
                        span,
                        format!(
                            "partner `{}` is new: give it a name (name = \"...\")",
                            p.code
                        ),
                    ));
                }
            };
            let old = existing.unwrap_or_default();
            let keep = |new: Option<String>, old: Option<String>| clean(new).or(old);
            let contact = PartnerContact {
                phone: keep(p.phone, old.contact.phone),
                address: keep(p.address, old.contact.address),
                hours: keep(p.hours, old.contact.hours),
                website: keep(p.website, old.contact.website),
                refer_when: keep(p.refer_when, old.contact.refer_when),
            };
            let partner = Partner {
                code: p.code,
                name,
                nl: p.nl.unwrap_or(old.nl),
                en: p.en.unwrap_or(old.en),
                hidden: p.hidden.unwrap_or(old.hidden),
                contact,
            };
            upsert(&mut self.partners, partner, |x| x.code.clone());
        }
        for d in raw.desks {
            if !self.desks.contains(&d.name) {
                self.desks.push(d.name);
            }
        }
        if let Some(r) = raw.retention {
            self.retention_note_days = r.note_days;
        }
        if let Some(b) = raw.bundles {
            let text = b.recipient.get_ref().trim();
            if crate::crypt::seal::parse_recipient(text).is_err() {
                return Err(err(
                    b.recipient.span(),
                    format!(
                        "`{text}` is not an age public key: paste the line `balie keys init` \
                         printed at the coordinator's PC (it starts with age1)"
                    ),
                ));
            }
            self.bundle_recipient = Some(text.to_string());
        }
        if let Some(l) = raw.lock {
            let text = l.after.get_ref();
            self.lock_after = Some(parse_duration(text).ok_or_else(|| {
                err(
                    l.after.span(),
                    format!(
                        "`{text}` is not a time: write seconds or minutes, such as \"90s\" or \
                         \"5m\" (\"0\" never locks)"
                    ),
                )
            })?);
        }
        if let Some(sync) = raw.sync {
            if sync.url.is_some() {
                self.sync.url = sync.url;
            }
            if let Some(notes) = sync.notes {
                self.sync.notes = notes;
            }
            if let Some(every) = sync.every {
                self.sync.every_minutes = every.max(1);
            }
        }
        if let Some(theme) = raw.theme {
            self.theme = Theme::parse(theme.get_ref()).ok_or_else(|| {
                err(
                    theme.span(),
                    format!(
                        "unknown theme `{}`: use \"colour\", \"high-contrast\" or \"no-colour\"",
                        theme.get_ref()
                    ),
                )
            })?;
        }
        if let Some(plain) = raw.plain {
            self.plain = plain;
        }
        if let Some(b) = raw.backup {
            self.backup_keep = b.keep;
        }
        if let Some(k) = raw.kb {
            self.kb_stale_after_years = k.stale_after_years;
        }
        for t in raw.targets {
            let span = t.span();
            let t = t.into_inner();
            let mut topics = Vec::new();
            for code in t.topics {
                if self.topic(code.get_ref()).is_none() {
                    return Err(err(
                        code.span(),
                        format!(
                            "target `{}`: {}",
                            t.name,
                            self.unknown_topic_message(code.get_ref())
                        ),
                    ));
                }
                topics.push(code.into_inner());
            }
            if topics.is_empty() {
                return Err(err(span, format!("target `{}` names no topics", t.name)));
            }
            self.targets.push(Target {
                year: t.year,
                name: t.name,
                topics,
                count: t.count,
                value: t.value,
                desk: t
                    .desk
                    .map(|d| d.trim().to_string())
                    .filter(|d| !d.is_empty()),
            });
        }
        if let Some(tally) = raw.tally {
            if tally.len() > TALLY_SLOTS {
                let span = tally[TALLY_SLOTS].span();
                return Err(err(
                    span,
                    format!(
                        "tally has {} topics; there are only {TALLY_SLOTS} keys (1-9)",
                        tally.len()
                    ),
                ));
            }
            let mut seen = HashSet::new();
            let mut codes = Vec::new();
            for code in tally {
                if self.topic(code.get_ref()).is_none() {
                    return Err(err(
                        code.span(),
                        format!("tally: {}", self.unknown_topic_message(code.get_ref())),
                    ));
                }
                if !seen.insert(code.get_ref().clone()) {
                    return Err(err(
                        code.span(),
                        format!("tally names `{}` twice", code.get_ref()),
                    ));
                }
                codes.push(code.into_inner());
            }
            self.tally = codes;
        }
        Ok(())
    }

    pub fn topic(&self, code: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.code == code)
    }

    pub fn channel(&self, code: &str) -> Option<&Entry> {
        self.channels.iter().find(|t| t.code == code)
    }

    pub fn landlord(&self, code: &str) -> Option<&Landlord> {
        self.landlords.iter().find(|t| t.code == code)
    }

    pub fn partner(&self, code: &str) -> Option<&Partner> {
        self.partners.iter().find(|t| t.code == code)
    }

    /// Label of a topic code in `lang`, or the code itself when the config no longer has it.
    pub fn topic_label<'a>(&'a self, code: &'a str, lang: Lang) -> &'a str {
        self.topic(code).map_or(code, |t| t.label(lang))
    }

    /// `unknown topic `x`; did you mean ...` with the closest codes.
    /// The problem with `code`, unknown in the list `what`, with the nearest known codes.
    pub fn unknown(&self, what: CodeKind, code: &str) -> Invalid {
        let words = |c: &'_ str, more: Vec<&'_ str>| -> Vec<String> {
            std::iter::once(c).chain(more).map(str::to_string).collect()
        };
        let candidates: Vec<(&str, Vec<String>)> = match what {
            CodeKind::Topic => self
                .topics
                .iter()
                .map(|t| {
                    let mut w = words(&t.code, vec![&t.nl, &t.en]);
                    w.extend(t.synonyms.iter().cloned());
                    (t.code.as_str(), w)
                })
                .collect(),
            CodeKind::Channel => self
                .channels
                .iter()
                .map(|c| (c.code.as_str(), words(&c.code, vec![&c.nl, &c.en])))
                .collect(),
            CodeKind::Landlord => self
                .landlords
                .iter()
                .map(|c| (c.code.as_str(), words(&c.code, vec![&c.nl, &c.en])))
                .collect(),
            CodeKind::Partner => self
                .partners
                .iter()
                .map(|c| (c.code.as_str(), words(&c.code, vec![&c.name])))
                .collect(),
        };
        let candidates = candidates
            .iter()
            .map(|(c, w)| (*c, w.iter().map(String::as_str).collect()));
        Invalid::Unknown {
            what,
            code: code.to_string(),
            suggestions: closest(code, candidates, 3)
                .into_iter()
                .map(str::to_string)
                .collect(),
        }
    }

    /// The English sentence for an unknown topic code, as the command line says it.
    pub fn unknown_topic_message(&self, code: &str) -> String {
        self.unknown(CodeKind::Topic, code).to_string()
    }

    pub fn unknown_channel_message(&self, code: &str) -> String {
        self.unknown(CodeKind::Channel, code).to_string()
    }

    pub fn unknown_landlord_message(&self, code: &str) -> String {
        self.unknown(CodeKind::Landlord, code).to_string()
    }

    pub fn unknown_partner_message(&self, code: &str) -> String {
        self.unknown(CodeKind::Partner, code).to_string()
    }
}

/// Insert or replace by key, keeping the original position of a replaced entry.
fn upsert<T>(list: &mut Vec<T>, item: T, key: impl Fn(&T) -> String) {
    let k = key(&item);
    match list.iter().position(|x| key(x) == k) {
        Some(i) => list[i] = item,
        None => list.push(item),
    }
}

fn check_code(code: &str) -> Result<(), String> {
    let ok = !code.is_empty()
        && code.len() <= 40
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "code `{code}` must be 1-40 characters of a-z, 0-9, `-` or `_`"
        ))
    }
}

fn check_label(nl: &str, en: &str) -> Result<(), String> {
    if nl.trim().is_empty() || en.trim().is_empty() {
        Err("both labels `nl` and `en` must be filled in".into())
    } else {
        Ok(())
    }
}

/// The byte offset and code of the first TOML escape in `text` that stands for a control
/// character (`\u001b`, `\U0000009b`, `\b`, `\f`, `\e`); raw control characters TOML refuses
/// itself. Line breaks and tabs written as `\n` and `\t` are left alone.
fn escaped_control(text: &str) -> Option<(usize, u32)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let hex = |len: usize| {
            text.get(i + 2..i + 2 + len)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
        };
        let code = match bytes[i + 1] {
            b'u' => hex(4),
            b'U' => hex(8),
            b'b' => Some(0x08),
            b'f' => Some(0x0C),
            b'e' => Some(0x1B),
            _ => None,
        };
        if let Some(code) = code
            && char::from_u32(code).is_some_and(|c| crate::text::is_forbidden_control(c, true))
        {
            return Some((i, code));
        }
        // `\\` is one escaped backslash: skip both
        i += 2;
    }
    None
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The codes whose words are nearest to `given` (edit distance, or a word containing it).
pub fn closest<'a>(
    given: &str,
    candidates: impl Iterator<Item = (&'a str, Vec<&'a str>)>,
    n: usize,
) -> Vec<&'a str> {
    let given = crate::text::fold(given);
    let mut best: BTreeMap<&str, usize> = BTreeMap::new();
    for (code, words) in candidates {
        for w in words {
            let w = crate::text::fold(w);
            let d = if !given.is_empty() && (w.starts_with(&given) || given.starts_with(&w)) {
                0
            } else {
                levenshtein(&given, &w)
            };
            let limit = (given.chars().count().max(3) / 3).max(2);
            if d <= limit {
                let e = best.entry(code).or_insert(d);
                *e = (*e).min(d);
            }
        }
    }
    let mut ranked: Vec<_> = best.into_iter().collect();
    ranked.sort_by_key(|&(code, d)| (d, code));
    ranked.into_iter().take(n).map(|(c, _)| c).collect()
}

/// Edit distance between two strings, by characters.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j + 1] + 1).min(cur[j] + 1).min(prev[j] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests;
