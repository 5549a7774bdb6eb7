//! What the desk screen knows: the screen and overlays shown (each carrying its own state),
//! today's contacts as last loaded, the form being typed, undo history and the status
//! message; and the small helpers every screen shares (which keys apply, how a contact or a
//! change is named, moving in a list, saying something). Changed only by `update`.

use chrono::{NaiveDate, NaiveDateTime};

use super::action::Action;
use super::keymap::Context;
use super::screens::confirm::Confirm;
use super::screens::follow_ups::FollowUpsScreen;
use super::screens::form::Form;
use super::screens::kb::KbView;
use super::screens::overview::OverviewScreen;
use super::screens::setup::SetupForm;
use super::screens::thread::{ThreadPanel, ThreadScreen};
use super::strings::{Strings, fill, strings};
use crate::config::Config;
use crate::domain::Contact;
use crate::report::Period;

/// The base screen, with the state of the screen shown. Overlays (help, a question, the
/// knowledge base) sit on top of it.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// First run, or `b`: which desk, which volunteer.
    Setup(SetupForm),
    Main,
    /// The form in [`State::form`]: it is the draft, which outlives this screen (it waits
    /// behind the thread screen and set-up, and is kept as the draft from wherever it is).
    Form,
    Overview(Box<OverviewScreen>),
    FollowUps(FollowUpsScreen),
    /// A resident's contacts at this desk, newest first (`t`).
    Thread(ThreadScreen),
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
    Kb(Box<KbView>),
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
    /// The form being typed (the draft), shown on [`Screen::Form`].
    pub form: Option<Form>,
    /// The period and "all desks" the overview showed when it was left: it opens on them.
    pub overview_left: Option<(Period, bool)>,
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
    pub lock: Option<super::screens::lock::Locked>,
    /// How the lock behaves here (idle time, what unlocks it).
    pub lock_rules: super::screens::lock::Rules,
    /// How the screen looks (the config's `theme`, or no colour under `NO_COLOR`).
    pub theme: super::theme::Theme,
    /// Plain mode for screen readers (`--plain`, `plain = true`): one column, no frames,
    /// each change said in one sentence on the first line.
    pub plain: bool,
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
                desk: crate::tui::input::TextInput::new(desk.as_deref().unwrap_or("")),
                volunteer: crate::tui::input::TextInput::new(
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
            theme: config.theme,
            plain: config.plain,
            config,
            desk: desk.unwrap_or_default(),
            volunteer: volunteer.unwrap_or_default(),
            now,
            size: MIN_SIZE,
            screen,
            overlay: None,
            form: None,
            overview_left: None,
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
            lock_rules: super::screens::lock::Rules::default(),
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

    /// Which key bindings apply now.
    pub fn context(&self) -> Context {
        if self.lock.is_some() {
            return Context::Locked;
        }
        match (&self.overlay, &self.screen) {
            (Some(Overlay::Confirm(_)), _) => Context::Confirm,
            (Some(Overlay::Channel { .. }), _) => Context::Channel,
            (Some(Overlay::Help { .. }), _) => Context::Help,
            (Some(Overlay::Kb(v)), _) if v.reading.is_some() => Context::KbArticle,
            (Some(Overlay::Kb(_)), _) => Context::Kb,
            (None, Screen::Setup(_)) => Context::Setup,
            (None, Screen::Main) => Context::Main,
            (None, Screen::Form) => Context::Form,
            (None, Screen::Overview(_)) => Context::Overview,
            (None, Screen::FollowUps(_)) => Context::FollowUps,
            (None, Screen::Thread(_)) => Context::Thread,
        }
    }

    /// Say something on the message line.
    pub fn say(&mut self, tone: Tone, text: String) {
        self.message = Some(Message { text, tone });
    }

    /// "Huur, Onderhoud (10:41)": how an op's contact is named in undo hints.
    pub fn describe(&self, c: &Contact) -> (String, String) {
        let time = c.at.format("%H:%M").to_string();
        let when = if c.at.date() == self.now.date() {
            time
        } else {
            fill(
                self.strings().saved_on,
                &[&c.at.format("%d-%m-%Y").to_string(), &time],
            )
        };
        (self.topic_labels(c), when)
    }

    /// The plain description of what undoing (or redoing) `op` would revert.
    pub fn op_description(&self, op: &Op) -> String {
        let s = self.strings();
        let (what, when) = self.describe(op.contact());
        let template = match op {
            Op::Insert(_) => s.undo_insert,
            Op::Update { .. } => s.undo_update,
            Op::Delete(_) => s.undo_delete,
        };
        fill(template, &[&what, &when])
    }

    /// The channels a volunteer can pick, in the config's order.
    pub fn visible_channels(&self) -> Vec<String> {
        self.config
            .channels
            .iter()
            .filter(|c| !c.hidden)
            .map(|c| c.code.clone())
            .collect()
    }
}

/// Where a list's selection goes on a move key (one, ten, to the ends), kept in the list.
pub fn list_move(selected: usize, n: usize, action: &Action) -> usize {
    let last = n.saturating_sub(1);
    match action {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (selected + 1).min(last),
        Action::PageUp => selected.saturating_sub(10),
        Action::PageDown => (selected + 10).min(last),
        Action::Home => 0,
        Action::End => last,
        _ => selected,
    }
}
