//! The flat list of things that can happen to the desk screen: keys resolved by the keymap,
//! and results reported back by the effect runner. Also the effects `update` asks for.

use chrono::NaiveDateTime;

use super::state::{Op, Today};
use crate::domain::Contact;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    // keys
    Quit,
    ForceQuit,
    Back,
    Help,
    Tally(u8),
    NewContact,
    EditSelected,
    DeleteSelected,
    Undo,
    Redo,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Left,
    Right,
    CycleChannel,
    ChangeDesk,
    OpenKb,
    OpenOverview,
    OpenFollowUps,
    /// On the follow-up screen: also show those not due yet, or only the due ones.
    ToggleUpcoming,
    /// Mark the selected follow-up done.
    MarkDone,
    /// Start a help session, or (while one runs) ask to stop it.
    ToggleSession,
    /// The full thread of the resident in the form or the selected contact.
    OpenThread,
    /// Link (or unlink) the highlighted knowledge-base article.
    Link,
    /// Open the article being read in the user's text editor.
    EditArticle,
    PeriodKind(crate::report::PeriodKind),
    ToggleDesks,
    Export,
    /// Write the shown period's report document (HTML).
    ExportDocument,
    NextField,
    PrevField,
    /// Enter: save (in the form's topic search with something typed: pick the highlighted
    /// topic), read, unlock: what the screen's Enter does.
    Save,
    /// Ctrl-S in the form: save at once, taking the highlighted topic of a search first.
    SaveNow,
    Input(char),
    /// A line-editing key in a text field (the same in every one).
    Edit(super::input::EditOp),
    /// Text pasted into the terminal (bracketed paste), taken as one piece.
    Paste(String),
    Yes,
    No,
    /// Lock the screen now (Ctrl-G, F12).
    Lock,
    // the loop
    Tick(NaiveDateTime),
    /// No key for this long (from a monotonic clock in the loop).
    Idle(std::time::Duration),
    /// The terminal window lost the focus (where the terminal reports it).
    FocusLost,
    /// What typing at the lock did.
    UnlockResult(crate::crypt::pin::Unlock),
    Resize(u16, u16),
    /// Stop soon (terminal closed, SIGTERM): keep the draft, then quit.
    Terminate,
    // results of effects
    Loaded(Box<Today>),
    /// How syncing stands, and whether a background sync still runs.
    SyncStatus(crate::sync::session::Status, bool),
    Done(Box<Done>),
    Failed(String),
    /// An undo or redo found its contact gone (deleted elsewhere): it is dropped.
    OpGone(Box<super::state::Op>),
    /// An undo or redo found its contact changed meanwhile (the message says how): it is
    /// dropped, nothing was changed.
    OpRefused(Box<super::state::Op>, String),
    /// A remark on what was just done.
    Said(String),
    /// The draft could not be written (disk full, read-only): try again on the next tick.
    DraftNotSaved(String),
    /// Something other than saving went wrong (reading figures, exporting): say so.
    Problem(String),
    /// A contact opened for editing, with its linked articles.
    Opened(Box<Contact>, Vec<(String, String)>),
    OverviewLoaded(Box<crate::report::Overview>),
    FollowUpsLoaded(Vec<Contact>),
    FollowUpMarked(Box<Contact>),
    KbResults {
        query: String,
        hits: Vec<crate::kb::search::Hit>,
    },
    KbLoaded(Box<crate::kb::StoredArticle>),
    /// The articles linked to the contact the knowledge base was opened for.
    KbLinkedIds(Vec<String>),
    /// The shown period was exported to this file.
    Exported(String),
    /// The signal labels used before, most used first, for the form's signal picker.
    SignalLabels(Vec<String>),
    /// A resident's thread at this desk, for the code asked for.
    ThreadLoaded(String, Box<crate::store::Thread>),
    /// All of a resident's contacts at this desk, newest first, for the thread screen.
    ThreadListLoaded(String, Vec<Contact>),
    /// The editor was closed on an article: what came of it.
    ArticleEdited {
        id: String,
        outcome: ArticleEdit,
    },
}

/// What editing an article in the user's editor came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArticleEdit {
    /// Stored as this version.
    Saved(u32),
    Unchanged,
    /// Closed without fixing a mistake: nothing stored, the text kept in the draft file.
    Kept {
        error: String,
        draft: String,
    },
    /// The editor could not run, or storing failed.
    Failed(String),
}

/// A store change that went through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    Stored(Op),
    Undone(Op),
    Redone(Op),
}

/// Work for the effect runner: everything that touches the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Carry out a change (insert, update or delete).
    Apply(Op),
    Undo(Op),
    Redo(Op),
    /// Read today's contacts and counts at the desk.
    Reload,
    /// Reload if another process changed the database.
    CheckForChanges,
    /// Start `balie sync` in the background, unless one runs.
    StartSync,
    /// See whether the background sync ended; if so, read how it went.
    PollSync,
    /// Read a contact (and its links) to edit it.
    Open(crate::domain::ContactId),
    SaveDraft(String),
    ClearDraft,
    /// Check what was typed at the lock (PIN or passphrase).
    Unlock(super::screens::lock::Typed),
    SaveSetting(&'static str, String),
    /// Search the knowledge base (per keystroke).
    KbSearch(String),
    /// Read one article, for the preview or to read it.
    KbLoad(String),
    /// Read which articles a stored contact has linked.
    KbLinked(crate::domain::ContactId),
    /// Link or unlink one article and a stored contact.
    LinkArticle {
        contact: crate::domain::ContactId,
        article: String,
        link: bool,
    },
    /// Make a stored contact's links exactly these articles (after saving the form).
    SetLinks {
        contact: crate::domain::ContactId,
        articles: Vec<String>,
    },
    /// Read the open follow-ups at the desk (due ones, or all).
    LoadFollowUps {
        all: bool,
    },
    /// Mark a contact's follow-up done (audited).
    MarkFollowUpDone(crate::domain::ContactId),
    /// Read the overview figures of a period (one desk, or all when `None`).
    LoadOverview {
        period: crate::report::Period,
        desk: Option<String>,
    },
    /// Export a period's contacts to a file named after it.
    ExportPeriod {
        period: crate::report::Period,
        desk: Option<String>,
    },
    /// Write a period's report document (HTML) to a file named after it.
    DocumentPeriod {
        period: crate::report::Period,
        desk: Option<String>,
    },
    /// Read the signal labels used before (for the entry form's picker).
    LoadSignalLabels,
    /// Read a resident's thread at this desk, leaving out one contact.
    LoadThread {
        code: String,
        except: Option<crate::domain::ContactId>,
    },
    /// Read all of a resident's contacts at this desk (the thread screen).
    LoadThreadList(String),
    /// Open this article in the user's editor: the loop leaves the screen for it.
    EditArticle(String),
}
