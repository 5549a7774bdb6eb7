//! What the desk screen knows: the screen and overlays shown, today's contacts as last loaded,
//! the form being typed, undo history and the status message. Changed only by `update`.

use chrono::{NaiveDate, NaiveDateTime};

use super::form::Form;
use super::strings::{Strings, strings};
use crate::config::Config;
use crate::domain::Contact;

/// The base screen. Overlays (help, a question) sit on top of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// First run, or `b`: which desk, which volunteer.
    Setup(SetupForm),
    Main,
    Form,
    Overview,
    FollowUps,
    /// A resident's contacts at this desk, newest first (`t`).
    Thread(ThreadScreen),
}

/// The thread screen: one resident's contacts at this desk, as last loaded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThreadScreen {
    /// The code as typed or stored.
    pub code: String,
    pub contacts: Vec<Contact>,
    pub selected: usize,
    /// Opened from the form (Esc goes back there) rather than from the main screen.
    pub from_form: bool,
}

/// Which resident's thread the panel shows, and the thread once loaded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThreadPanel {
    /// The code asked for and the contact left out (the one being edited or selected).
    pub wanted: Option<(String, Option<crate::domain::ContactId>)>,
    /// The answer for `wanted`; `None` while loading.
    pub thread: Option<crate::store::Thread>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    /// `c` on the main screen: pick the channel tallies use (highlighted: `cursor`).
    Channel {
        cursor: usize,
    },
    Confirm(Confirm),
    Kb(Box<super::kb::KbView>),
}

/// A yes/no question and what a yes does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub question: String,
    pub on_yes: OnYes,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnYes {
    DiscardForm,
    Delete(Box<Contact>),
    /// Set-up: take this desk name, which matches no known desk.
    NewDesk(String),
    /// Stop the running help session without saving a contact.
    StopSession,
    /// Save the session's form with this many minutes (a session past the limit).
    SaveSessionMinutes(u32),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SetupForm {
    pub desk: super::input::TextInput,
    pub volunteer: super::input::TextInput,
    /// 0 = desk, 1 = volunteer.
    pub focus: u8,
    /// Highlighted known desk, if any.
    pub cursor: Option<usize>,
    pub error: Option<String>,
    /// Set-up was opened from the main screen (Esc goes back) rather than on first run.
    pub can_cancel: bool,
}

/// Today's contacts at this desk, as last read from the store.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Today {
    pub date: Option<NaiveDate>,
    /// Newest first; at most [`TODAY_LIMIT`].
    pub contacts: Vec<Contact>,
    pub total: u64,
    /// Count per topic code, most first.
    pub counts: Vec<(String, u64)>,
    /// Follow-ups at this desk due today or earlier and not done.
    pub follow_ups_due: u64,
    /// Today's contacts that have a knowledge-base article linked.
    pub with_links: Vec<crate::domain::ContactId>,
}

impl Today {
    /// Add a contact just stored, if it belongs on the main screen (today, this desk): at its
    /// place among the newest-first list, counted in the total and per topic. Returns false
    /// when the list was not loaded for a day, so the caller reloads instead.
    pub fn add(&mut self, c: &Contact, desk: &str) -> bool {
        let Some(date) = self.date else {
            return false;
        };
        if c.follow_up.is_some() {
            // the follow-up count may change: let the store count it
            return false;
        }
        if c.at.date() != date || c.desk != desk {
            return true;
        }
        let pos = self
            .contacts
            .iter()
            .position(|x| (x.at, &x.id) < (c.at, &c.id))
            .unwrap_or(self.contacts.len());
        self.contacts.insert(pos, c.clone());
        self.contacts.truncate(TODAY_LIMIT);
        self.total += 1;
        for t in &c.topics {
            match self.counts.iter_mut().find(|(code, _)| code == t) {
                Some((_, n)) => *n += 1,
                None => self.counts.push((t.clone(), 1)),
            }
        }
        self.counts
            .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        true
    }
}

/// How many of today's contacts the main screen loads.
pub const TODAY_LIMIT: usize = 500;

/// A change to the store that can be undone.
// Few of these exist at once (the undo history), so the two-contact variant's size is fine.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    Insert(Contact),
    Update {
        before: Contact,
        after: Contact,
        /// The knowledge-base links before and after, when the edit changed them.
        links: Option<(Vec<String>, Vec<String>)>,
    },
    Delete(Contact),
}

impl Op {
    pub fn contact(&self) -> &Contact {
        match self {
            Op::Insert(c) | Op::Delete(c) => c,
            Op::Update { after, .. } => after,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Good,
    Bad,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub tone: Tone,
}

pub struct State {
    pub config: Config,
    pub desk: String,
    pub volunteer: String,
    pub now: NaiveDateTime,
    pub size: (u16, u16),
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub form: Option<Form>,
    pub overview: Option<super::overview::OverviewScreen>,
    pub follow_ups: Option<super::follow_ups::FollowUpsScreen>,
    pub today: Today,
    pub selected: usize,
    /// The channel a tally key logs with: the last one used.
    pub tally_channel: String,
    pub undo: Vec<Op>,
    pub redo: Vec<Op>,
    pub message: Option<Message>,
    /// The form changed since the draft was last written.
    pub draft_dirty: bool,
    /// The database holds made-up contacts (`balie demo`): the status bar says so.
    pub demo: bool,
    /// Background sync, when `[sync]` is set up.
    pub sync: Option<super::sync::SyncUi>,
    /// A help session that is running: a new contact's form takes its start and minutes.
    pub session: Option<super::session::Session>,
    /// The resident's thread beside the form or the selected contact.
    pub thread: ThreadPanel,
    pub quit: bool,
    /// The screen lock: locked while `Some`; the screen and form underneath stay as they were.
    pub lock: Option<super::lock::Locked>,
    /// How the lock behaves here (idle time, what unlocks it).
    pub lock_rules: super::lock::Rules,
}

/// Smallest terminal the screens are laid out for.
pub const MIN_SIZE: (u16, u16) = (80, 24);

impl State {
    pub fn new(
        config: Config,
        desk: Option<String>,
        volunteer: Option<String>,
        now: NaiveDateTime,
    ) -> State {
        // Initials as stored (`a.b.` is `AB`); anything else is asked for again.
        let typed_volunteer = volunteer.clone();
        let volunteer = volunteer.and_then(|v| crate::domain::normalize_initials(&v));
        let desk = desk
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty() && d.chars().count() <= 60);
        let screen = match (&desk, &volunteer) {
            (Some(_), Some(_)) => Screen::Main,
            _ => Screen::Setup(SetupForm {
                desk: super::input::TextInput::new(desk.as_deref().unwrap_or("")),
                volunteer: super::input::TextInput::new(
                    volunteer
                        .as_deref()
                        .or(typed_volunteer.as_deref())
                        .unwrap_or(""),
                ),
                ..SetupForm::default()
            }),
        };
        let tally_channel = config
            .channels
            .iter()
            .find(|c| !c.hidden)
            .map_or_else(|| "inloop".to_string(), |c| c.code.clone());
        State {
            config,
            desk: desk.unwrap_or_default(),
            volunteer: volunteer.unwrap_or_default(),
            now,
            size: MIN_SIZE,
            screen,
            overlay: None,
            form: None,
            overview: None,
            follow_ups: None,
            today: Today::default(),
            selected: 0,
            tally_channel,
            undo: Vec::new(),
            redo: Vec::new(),
            message: None,
            draft_dirty: false,
            demo: false,
            sync: None,
            session: None,
            thread: ThreadPanel::default(),
            quit: false,
            lock: None,
            lock_rules: super::lock::Rules::default(),
        }
    }

    pub fn strings(&self) -> &'static Strings {
        strings(self.config.lang)
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_SIZE.0 || self.size.1 < MIN_SIZE.1
    }

    pub fn selected_contact(&self) -> Option<&Contact> {
        self.today.contacts.get(self.selected)
    }

    /// The topic labels of a contact, joined for display.
    pub fn topic_labels(&self, c: &Contact) -> String {
        c.topics
            .iter()
            .map(|t| self.config.topic_label(t, self.config.lang))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
