//! The contact entry form: its fields, how keys edit them, and turning it into a contact.
//! Only a topic is required; every other field starts at a sensible default.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::config::{Config, Labelled};
use crate::domain::{AT_FORMAT, CodeKind, Contact, Invalid, Kind};
use crate::tui::input::{TextInput, rank};
use crate::tui::messages;
use crate::tui::strings::Strings;
use crate::when;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    Topics,
    At,
    Channel,
    Kind,
    Landlord,
    Minutes,
    Note,
    ReferredFrom,
    ReferredTo,
    Language,
    Resident,
    Postcode,
    FollowUp,
    Signal,
}

/// The fields in Tab order.
pub const FIELDS: [Field; 14] = [
    Field::Topics,
    Field::At,
    Field::Channel,
    Field::Kind,
    Field::Landlord,
    Field::Minutes,
    Field::Note,
    Field::ReferredFrom,
    Field::ReferredTo,
    Field::Language,
    Field::Resident,
    Field::Postcode,
    Field::FollowUp,
    Field::Signal,
];

impl Field {
    pub fn label(self, s: &Strings) -> &'static str {
        match self {
            Field::Topics => s.f_topics,
            Field::At => s.f_at,
            Field::Channel => s.f_channel,
            Field::Kind => s.f_kind,
            Field::Landlord => s.f_landlord,
            Field::Minutes => s.f_minutes,
            Field::Note => s.f_note,
            Field::ReferredFrom => s.f_referred_from,
            Field::ReferredTo => s.f_referred_to,
            Field::Language => s.f_language,
            Field::Resident => s.f_resident,
            Field::Postcode => s.f_postcode,
            Field::FollowUp => s.f_follow_up,
            Field::Signal => s.f_signal,
        }
    }

    /// A field chosen from a list (cycled with ←/→, filtered by typing).
    pub fn is_choice(self) -> bool {
        matches!(
            self,
            Field::Channel
                | Field::Kind
                | Field::Landlord
                | Field::ReferredFrom
                | Field::ReferredTo
        )
    }
}

/// Everything typed so far. Serialisable, so a draft survives the app being killed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Form {
    /// The contact being edited, or `None` for a new one.
    pub editing: Option<Contact>,
    pub focus: Field,
    pub topics: Vec<String>,
    pub topic_query: TextInput,
    /// Highlighted row among the topic matches.
    pub topic_cursor: usize,
    pub at: TextInput,
    pub channel: String,
    pub kind: Kind,
    pub landlord: String,
    pub referred_from: Option<String>,
    pub referred_to: Option<String>,
    /// What was typed in the current choice field to filter it.
    pub choice_query: TextInput,
    pub minutes: TextInput,
    pub note: TextInput,
    pub language: TextInput,
    pub resident: TextInput,
    pub postcode: TextInput,
    pub follow_up: TextInput,
    /// A short label for a recurring problem (see [`Contact::signal`]), typed in
    /// [`Field::Signal`] with the earlier labels offered.
    #[serde(default)]
    pub signal: TextInput,
    /// Labels used before, most used first, for the signal picker; filled by
    /// [`Effect::LoadSignalLabels`](crate::tui::action::Effect::LoadSignalLabels).
    #[serde(skip)]
    pub signal_suggestions: Vec<String>,
    /// Knowledge-base articles linked to this contact.
    #[serde(default)]
    pub articles: Vec<String>,
    /// The linked articles when the contact was opened for editing.
    #[serde(default)]
    pub articles_before: Vec<String>,
    /// Their titles, as far as known, to show instead of the ids.
    #[serde(default)]
    pub article_titles: std::collections::BTreeMap<String, String>,
    /// The field with a problem and what is wrong, after a failed save.
    pub error: Option<(Field, String)>,
    /// Something was typed or changed since the form opened.
    pub dirty: bool,
    /// A save was sent and not yet confirmed.
    #[serde(skip)]
    pub saving: bool,
    /// The note and resident code the volunteer confirmed after a personal-data warning.
    #[serde(default)]
    pub personal_data_confirmed: Option<(String, String)>,
}

impl Form {
    pub fn new(channel: &str) -> Form {
        Form {
            editing: None,
            focus: Field::Topics,
            topics: Vec::new(),
            topic_query: TextInput::default(),
            topic_cursor: 0,
            at: TextInput::default(),
            channel: channel.to_string(),
            kind: Kind::Kort,
            landlord: "onbekend".into(),
            referred_from: None,
            referred_to: None,
            choice_query: TextInput::default(),
            minutes: TextInput::default(),
            note: TextInput::default(),
            language: TextInput::default(),
            resident: TextInput::default(),
            postcode: TextInput::default(),
            follow_up: TextInput::default(),
            signal: TextInput::default(),
            signal_suggestions: Vec::new(),
            articles: Vec::new(),
            articles_before: Vec::new(),
            article_titles: Default::default(),
            error: None,
            dirty: false,
            saving: false,
            personal_data_confirmed: None,
        }
    }

    /// A form filled from a stored contact, for editing it.
    pub fn edit(c: &Contact, articles: Vec<String>) -> Form {
        let opt = |o: &Option<String>| TextInput::new(o.as_deref().unwrap_or(""));
        Form {
            editing: Some(c.clone()),
            topics: c.topics.clone(),
            at: TextInput::new(&c.at.format(AT_FORMAT).to_string()),
            channel: c.channel.clone(),
            kind: c.kind,
            landlord: c.landlord.clone(),
            referred_from: c.referred_from.clone(),
            referred_to: c.referred_to.clone(),
            minutes: TextInput::new(&c.minutes.map(|m| m.to_string()).unwrap_or_default()),
            note: TextInput::new(&c.note),
            language: opt(&c.language),
            resident: opt(&c.resident),
            postcode: opt(&c.postcode),
            follow_up: TextInput::new(&c.follow_up.map(|d| d.to_string()).unwrap_or_default()),
            signal: opt(&c.signal),
            articles_before: articles.clone(),
            articles,
            ..Form::new(&c.channel)
        }
    }

    /// After loading a draft: cursors were not stored.
    pub fn fix_cursors(&mut self) {
        for t in [
            &mut self.topic_query,
            &mut self.at,
            &mut self.choice_query,
            &mut self.minutes,
            &mut self.note,
            &mut self.language,
            &mut self.resident,
            &mut self.postcode,
            &mut self.follow_up,
            &mut self.signal,
        ] {
            t.fix_cursor();
        }
        self.saving = false;
    }

    /// The text input of the focused field, if it is a text field.
    pub fn text_mut(&mut self) -> Option<&mut TextInput> {
        Some(match self.focus {
            Field::Topics => &mut self.topic_query,
            Field::At => &mut self.at,
            Field::Minutes => &mut self.minutes,
            Field::Note => &mut self.note,
            Field::Language => &mut self.language,
            Field::Resident => &mut self.resident,
            Field::Postcode => &mut self.postcode,
            Field::Signal => &mut self.signal,
            Field::FollowUp => &mut self.follow_up,
            _ => return None,
        })
    }

    pub fn move_focus(&mut self, forward: bool) {
        let i = FIELDS.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = FIELDS.len();
        self.focus = FIELDS[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        self.choice_query.clear();
    }

    /// The topics that match what is typed, best first, without those already chosen.
    pub fn topic_matches<'a>(&self, config: &'a Config) -> Vec<&'a str> {
        let candidates = config
            .topics
            .iter()
            .filter(|t| !t.hidden && !self.topics.contains(&t.code))
            .map(|t| {
                let words = [t.code.as_str(), t.nl.as_str(), t.en.as_str()]
                    .into_iter()
                    .chain(t.synonyms.iter().map(String::as_str))
                    .collect();
                (t.code.as_str(), words)
            });
        rank(&self.topic_query.text, candidates)
    }

    /// The earlier signal labels that match what is typed in the signal field, best first
    /// (all of them, most used first, while it is empty).
    pub fn signal_matches(&self) -> Vec<&str> {
        let candidates = self
            .signal_suggestions
            .iter()
            .map(|l| (l.as_str(), vec![l.as_str()]));
        rank(&self.signal.text, candidates)
    }

    /// Take an earlier label as the signal.
    pub fn pick_signal(&mut self, label: &str) {
        self.signal = TextInput::new(label);
        self.dirty = true;
    }

    /// Add the highlighted topic match. Returns false when nothing matches.
    pub fn pick_topic(&mut self, config: &Config) -> bool {
        let matches = self.topic_matches(config);
        let Some(code) = matches.get(self.topic_cursor.min(matches.len().saturating_sub(1))) else {
            return false;
        };
        self.topics.push(code.to_string());
        self.topic_query.clear();
        self.topic_cursor = 0;
        self.dirty = true;
        true
    }

    /// Step the focused choice field to the next or previous option.
    pub fn cycle(&mut self, config: &Config, forward: bool) {
        let step = |codes: Vec<Option<&str>>, current: Option<&str>| -> Option<String> {
            let i = codes.iter().position(|c| *c == current).unwrap_or(0);
            let n = codes.len().max(1);
            let j = if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            codes.get(j).copied().flatten().map(str::to_string)
        };
        match self.focus {
            Field::Channel => {
                let codes = visible(config.channels.iter().map(|c| (c.code.as_str(), c.hidden)));
                if let Some(c) = step(codes.into_iter().map(Some).collect(), Some(&self.channel)) {
                    self.channel = c;
                }
            }
            Field::Kind => {
                self.kind = match self.kind {
                    Kind::Kort => Kind::Hulpvraag,
                    Kind::Hulpvraag => Kind::Kort,
                };
            }
            Field::Landlord => {
                let codes = visible(config.landlords.iter().map(|c| (c.code.as_str(), c.hidden)));
                if let Some(c) = step(codes.into_iter().map(Some).collect(), Some(&self.landlord)) {
                    self.landlord = c;
                }
            }
            Field::ReferredFrom | Field::ReferredTo => {
                let mut codes: Vec<Option<&str>> = vec![None];
                codes.extend(
                    visible(config.partners.iter().map(|p| (p.code.as_str(), p.hidden)))
                        .into_iter()
                        .map(Some),
                );
                let slot = if self.focus == Field::ReferredFrom {
                    &mut self.referred_from
                } else {
                    &mut self.referred_to
                };
                *slot = step(codes, slot.as_deref());
            }
            _ => return,
        }
        self.choice_query.clear();
        self.dirty = true;
    }

    /// Typing in a choice field filters it: the best match is chosen at once.
    pub fn type_in_choice(&mut self, config: &Config, c: Option<char>) {
        match c {
            Some(c) => self.choice_query.insert(c),
            None => self.choice_query.backspace(),
        }
        let q = self.choice_query.text.clone();
        if q.is_empty() {
            return;
        }
        let lang = config.lang;
        let best = |items: Vec<(&str, Vec<&str>)>| {
            rank(&q, items.into_iter()).first().map(|s| s.to_string())
        };
        match self.focus {
            Field::Channel => {
                let items = config
                    .channels
                    .iter()
                    .filter(|c| !c.hidden)
                    .map(|c| (c.code.as_str(), vec![c.code.as_str(), c.label(lang)]))
                    .collect();
                if let Some(code) = best(items) {
                    self.channel = code;
                }
            }
            Field::Kind => {
                if q.starts_with(['h', 'H']) {
                    self.kind = Kind::Hulpvraag;
                } else if q.starts_with(['k', 'K', 's', 'S']) {
                    self.kind = Kind::Kort;
                }
            }
            Field::Landlord => {
                let items = config
                    .landlords
                    .iter()
                    .filter(|c| !c.hidden)
                    .map(|c| (c.code.as_str(), vec![c.code.as_str(), c.label(lang)]))
                    .collect();
                if let Some(code) = best(items) {
                    self.landlord = code;
                }
            }
            Field::ReferredFrom | Field::ReferredTo => {
                let items = config
                    .partners
                    .iter()
                    .filter(|p| !p.hidden)
                    .map(|p| (p.code.as_str(), vec![p.code.as_str(), p.name.as_str()]))
                    .collect();
                if let Some(code) = best(items) {
                    if self.focus == Field::ReferredFrom {
                        self.referred_from = Some(code);
                    } else {
                        self.referred_to = Some(code);
                    }
                }
            }
            _ => return,
        }
        self.dirty = true;
    }

    /// Build the contact this form describes, or say which field is wrong and why.
    pub fn to_contact(
        &self,
        config: &Config,
        strings: &Strings,
        desk: &str,
        volunteer: &str,
        now: NaiveDateTime,
    ) -> Result<Contact, (Field, String)> {
        if self.topics.is_empty() {
            return Err((Field::Topics, strings.need_topic.to_string()));
        }
        let lang = config.lang;
        let at = when::parse_moment(&self.at.text, now)
            .map_err(|e| (Field::At, messages::when_error(lang, &e)))?;
        let minutes = match self.minutes.text.trim() {
            "" => None,
            m => Some(
                m.parse::<u32>()
                    .map_err(|_| (Field::Minutes, strings.minutes_digits.to_string()))?,
            ),
        };
        let follow_up = match self.follow_up.text.trim() {
            "" => None,
            d => Some(
                when::parse_day(d, now.date())
                    .map_err(|e| (Field::FollowUp, messages::when_error(lang, &e)))?,
            ),
        };
        let text = |t: &TextInput| Some(t.text.clone()).filter(|s| !s.trim().is_empty());
        let mut c = match &self.editing {
            Some(old) => Contact {
                updated_at: now,
                ..old.clone()
            },
            None => Contact::draft(at, desk, volunteer, Vec::new(), now),
        };
        c.at = at;
        c.topics = self.topics.clone();
        c.channel = self.channel.clone();
        c.kind = self.kind;
        c.landlord = self.landlord.clone();
        c.minutes = minutes;
        c.referred_from = self.referred_from.clone();
        c.referred_to = self.referred_to.clone();
        c.language = text(&self.language);
        c.resident = text(&self.resident);
        c.postcode = text(&self.postcode);
        if c.follow_up != follow_up {
            // A new follow-up day is a new follow-up, still to be done.
            c.follow_up_done = None;
        }
        c.follow_up = follow_up;
        c.signal = text(&self.signal);
        c.note = self.note.text.clone();
        c.validate(config)
            .map_err(|e| (field_of(&e), messages::invalid(lang, &e)))?;
        Ok(c)
    }
}

fn visible<'a>(items: impl Iterator<Item = (&'a str, bool)>) -> Vec<&'a str> {
    items
        .filter(|(_, hidden)| !hidden)
        .map(|(c, _)| c)
        .collect()
}

/// The form field a validation problem belongs to.
fn field_of(e: &Invalid) -> Field {
    match e {
        Invalid::NoTopic | Invalid::DuplicateTopic(_) => Field::Topics,
        Invalid::Unknown { what, .. } => match what {
            CodeKind::Topic => Field::Topics,
            CodeKind::Channel => Field::Channel,
            CodeKind::Landlord => Field::Landlord,
            CodeKind::Partner => Field::ReferredTo,
        },
        Invalid::Minutes(_) => Field::Minutes,
        Invalid::Language(_) => Field::Language,
        Invalid::Resident(_) => Field::Resident,
        Invalid::Postcode(_) => Field::Postcode,
        Invalid::NoteTooLong(_) => Field::Note,
        Invalid::Signal(_) | Invalid::SignalPersonalData(_) => Field::Signal,
        Invalid::FollowUpDoneWithoutDay => Field::FollowUp,
        Invalid::ControlCharacter { field: "note", .. } => Field::Note,
        Invalid::ControlCharacter {
            field: "signal", ..
        } => Field::Signal,
        Invalid::ControlCharacter {
            field: "resident", ..
        } => Field::Resident,
        Invalid::Moment {
            field: "follow_up", ..
        } => Field::FollowUp,
        Invalid::Moment { .. } => Field::At,
        Invalid::Desk | Invalid::Volunteer(_) | Invalid::ControlCharacter { .. } => Field::Topics,
    }
}

#[cfg(test)]
mod signal_tests {
    //! The signal and follow-up state of the form: picking an earlier label, checking it, and
    //! what editing does to a follow-up that was done.

    use super::*;
    use crate::tui::action::{Action, Effect};
    use crate::tui::test_util::{self, now};
    use crate::tui::update::update;

    fn strings() -> &'static Strings {
        crate::tui::strings::strings(crate::i18n::Lang::En)
    }

    fn with_topic() -> Form {
        let mut f = Form::new("inloop");
        f.topics = vec!["huur".into()];
        f
    }

    #[test]
    fn earlier_labels_are_ranked_as_the_volunteer_types() {
        let mut f = with_topic();
        f.signal_suggestions = vec![
            "Kolenkit renovatie".into(),
            "Splitsing Bos en Lommerweg".into(),
            "Ymere flats schimmel".into(),
        ];
        assert_eq!(f.signal_matches().len(), 3, "all of them while empty");
        f.signal = TextInput::new("lommer");
        assert_eq!(f.signal_matches(), vec!["Splitsing Bos en Lommerweg"]);
        f.signal = TextInput::new("klnkt");
        assert_eq!(f.signal_matches()[0], "Kolenkit renovatie", "fuzzy");
        f.pick_signal("Kolenkit renovatie");
        assert!(f.dirty);
        let c = f
            .to_contact(&Config::shipped(), strings(), "D", "AB", now())
            .unwrap();
        assert_eq!(c.signal.as_deref(), Some("Kolenkit renovatie"));
    }

    #[test]
    fn an_unknown_channel_marks_the_channel_field_in_the_desks_language() {
        // A contact logged under a channel the config has since dropped, opened for editing.
        let mut f = with_topic();
        f.channel = "fax".into();
        let nl = crate::tui::strings::strings(crate::i18n::Lang::Nl);
        let (field, why) = f
            .to_contact(&Config::shipped(), nl, "D", "AB", now())
            .unwrap_err();
        assert_eq!(field, Field::Channel);
        assert!(why.starts_with("Onbekend kanaal `fax`"), "in Dutch: {why}");
        assert!(!why.contains("unknown"), "no English left: {why}");
        let mut english = Config::shipped();
        english.lang = crate::i18n::Lang::En;
        let (field, why) = f
            .to_contact(&english, strings(), "D", "AB", now())
            .unwrap_err();
        assert_eq!(field, Field::Channel);
        assert!(why.starts_with("unknown channel `fax`"), "{why}");
        f.channel = "inloop".into();
        f.landlord = "ymer".into();
        let (field, why) = f
            .to_contact(&Config::shipped(), nl, "D", "AB", now())
            .unwrap_err();
        assert_eq!(field, Field::Landlord);
        assert!(why.contains("bedoelt u `ymere`"), "{why}");
    }

    #[test]
    fn a_signal_is_checked_like_every_field() {
        let mut f = with_topic();
        f.signal = TextInput::new("  bel 0612345678 ");
        let (field, why) = f
            .to_contact(&Config::shipped(), strings(), "D", "AB", now())
            .unwrap_err();
        assert_eq!(field, Field::Signal);
        assert!(
            why.contains("telefoonnummer"),
            "in the desk's language: {why}"
        );
        f.signal = TextInput::new("   ");
        let c = f
            .to_contact(&Config::shipped(), strings(), "D", "AB", now())
            .unwrap();
        assert_eq!(c.signal, None);
    }

    #[test]
    fn editing_keeps_the_signal_and_a_new_follow_up_day_reopens_it() {
        let mut c = with_topic()
            .to_contact(&Config::shipped(), strings(), "D", "AB", now())
            .unwrap();
        c.signal = Some("Kolenkit renovatie".into());
        c.follow_up = Some("2026-11-27".parse().unwrap());
        c.follow_up_done = Some(now());
        let f = Form::edit(&c, Vec::new());
        assert_eq!(f.signal.text, "Kolenkit renovatie");
        let same = f
            .to_contact(&Config::shipped(), strings(), "D", "AB", now())
            .unwrap();
        assert_eq!(same.follow_up_done, Some(now()), "the same day stays done");
        assert_eq!(same.signal, c.signal);
        let mut later = f.clone();
        later.follow_up = TextInput::new("2026-12-04");
        let moved = later
            .to_contact(&Config::shipped(), strings(), "D", "AB", now())
            .unwrap();
        assert_eq!(moved.follow_up_done, None, "a new day is a new follow-up");
        let mut cleared = f;
        cleared.follow_up = TextInput::new("");
        let none = cleared
            .to_contact(&Config::shipped(), strings(), "D", "AB", now())
            .unwrap();
        assert_eq!((none.follow_up, none.follow_up_done), (None, None));
    }

    #[test]
    fn a_draft_from_before_signals_still_loads() {
        let mut v = serde_json::to_value(with_topic()).unwrap();
        v.as_object_mut().unwrap().remove("signal");
        let f: Form = serde_json::from_value(v).unwrap();
        assert!(f.signal.is_empty());
    }

    #[test]
    fn opening_the_form_asks_for_the_earlier_labels_and_they_arrive() {
        let mut s = crate::tui::state::State::new(
            Config::shipped(),
            Some("D".into()),
            Some("AB".into()),
            now(),
        );
        assert_eq!(
            update(&mut s, Action::NewContact),
            vec![Effect::LoadSignalLabels]
        );
        update(
            &mut s,
            Action::SignalLabels(vec!["Kolenkit renovatie".into()]),
        );
        assert_eq!(
            s.form.as_ref().unwrap().signal_suggestions,
            vec!["Kolenkit renovatie".to_string()]
        );
        // Through the effect runner, on a store that has labels.
        let mut app = test_util::app();
        let mut c = Contact::bare(now(), "D", "AB", vec!["huur".into()], now());
        c.signal = Some("Splitsing Bos en Lommerweg".into());
        app.store.insert(&c).unwrap();
        app.handle(Action::NewContact);
        assert_eq!(
            app.state.form.as_ref().unwrap().signal_suggestions,
            vec!["Splitsing Bos en Lommerweg".to_string()]
        );
    }
}
