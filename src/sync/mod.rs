//! Desks syncing to a PostgreSQL server, offline first. Each desk's SQLite file stays the
//! source of truth; PostgreSQL is the shared engine and its roles and row-level security are
//! the access control (a modified balie still cannot touch another desk's rows).
//!
//! - [`url`]: the sync URL, masked in every message, and connecting with TLS (rustls);
//! - [`schema`]: the server's `balie` schema as versioned migrations, with its roles,
//!   policies and views (`balie server init`);
//! - [`admin`]: desk and coordinator logins, and the per-desk status (`balie server ...`);
//! - [`upload`]: a desk sends what its upload queue holds (filled by triggers in the same
//!   SQLite transaction as each change, emptied only after the server committed);
//! - [`pull`]: a coordinator pulls every desk's contacts incrementally, and every role pulls
//!   the published knowledge-base articles.

pub mod admin;
pub mod pull;
pub mod schema;
pub mod session;
pub mod upload;
pub mod url;

pub use session::{Options, configured_url, sync};
pub use url::{SyncUrl, mask};

use crate::store::StoreError;

/// The environment variable that gives the sync URL, over `[sync] url` in the config.
pub const URL_VAR: &str = "BALIE_SYNC_URL";

/// Said after every fault at the desk: what the queue guarantees.
const KEPT: &str = "nothing is lost: this desk keeps its changes and the next `balie sync` \
                    sends them";

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(
        "no sync server is set up: put `url = \"postgres://...\"` under [sync] in the config, \
         or set BALIE_SYNC_URL"
    )]
    NoUrl,
    #[error("the sync URL {url} cannot be used: {why}")]
    BadUrl { url: String, why: String },
    #[error(
        "cannot reach the sync server {url} ({why}); check the network and the address; {KEPT}"
    )]
    Unreachable { url: String, why: String },
    #[error(
        "the sync server {url} refused the login `{user}` (wrong password or unknown login); \
         ask the administrator for this desk's sync URL; {KEPT}"
    )]
    Login { url: String, user: String },
    #[error(
        "the secure connection to {url} failed ({why}); check `sslmode` and the CA file \
         (`sslrootcert`) in the URL; {KEPT}"
    )]
    Tls { url: String, why: String },
    #[error("cannot read the CA file {path} ({why}); give a PEM file as `sslrootcert=FILE`")]
    RootCert {
        path: std::path::PathBuf,
        why: String,
    },
    #[error(
        "the login `{user}` has no right to do this on {url} ({why}); ask the administrator \
         to give this login its rights with `balie server add-desk`; {KEPT}"
    )]
    NoRights {
        url: String,
        user: String,
        why: String,
    },
    #[error(
        "{url} has no balie schema yet; the administrator sets it up with `balie server init \
         --admin-url URL`; {KEPT}"
    )]
    NoSchema { url: String },
    #[error(
        "the balie schema on {url} is version {found}, older than this balie needs ({needed}); \
         the administrator upgrades it with `balie server init --admin-url URL`; {KEPT}"
    )]
    SchemaTooOld {
        url: String,
        found: i32,
        needed: i32,
    },
    #[error(
        "the balie schema on {url} is version {found}, newer than this balie knows ({known}); \
         install the newer balie; {KEPT}"
    )]
    SchemaTooNew { url: String, found: i32, known: i32 },
    #[error(
        "the login `{user}` is not a balie desk or coordinator on {url}; the administrator \
         adds it with `balie server add-desk NAME --admin-url URL`"
    )]
    NotRegistered { url: String, user: String },
    #[error(
        "this balie is desk `{ours}`, but its sync login belongs to desk `{theirs}` on the \
         server; use desk `{ours}`'s own sync URL (`balie server add-desk`) or correct the desk \
         name; {KEPT}"
    )]
    WrongDesk { ours: String, theirs: String },
    #[error(
        "this balie has no desk name, so it cannot sync as a desk; give it with --desk NAME or \
         `desk = \"...\"` in the config"
    )]
    NoDesk,
    #[error("the connection to {url} was cut during the sync ({why}); {KEPT}")]
    Lost { url: String, why: String },
    #[error("the sync server {url} refused the sync: {why}; {KEPT}")]
    Server { url: String, why: String },
    #[error("the server's answer could not be stored here: {0}")]
    Store(#[from] StoreError),
    #[error("the server sent a row this balie cannot read ({0}); nothing of this pull was kept")]
    BadRow(String),
}

impl SyncError {
    /// A failure to connect to `url`, as one of the connection faults.
    pub fn from_connect(url: &SyncUrl, e: postgres::Error) -> SyncError {
        let shown = url.to_string();
        if let Some(db) = e.as_db_error() {
            return match db.code().code() {
                "28P01" | "28000" => SyncError::Login {
                    url: shown,
                    user: url.user(),
                },
                "3D000" => SyncError::Unreachable {
                    url: shown,
                    why: db.message().to_string(),
                },
                _ => SyncError::Server {
                    url: shown,
                    why: db.message().to_string(),
                },
            };
        }
        let why = cause_text(&e);
        let text = e.to_string().to_lowercase();
        if text.contains("tls")
            || text.contains("ssl")
            || why.to_lowercase().contains("certificate")
        {
            return SyncError::Tls { url: shown, why };
        }
        SyncError::Unreachable { url: shown, why }
    }

    /// A failure during a sync session on `url`.
    pub fn from_session(url: &SyncUrl, e: postgres::Error) -> SyncError {
        let shown = url.to_string();
        if let Some(db) = e.as_db_error() {
            return match db.code().code() {
                "42501" => SyncError::NoRights {
                    url: shown,
                    user: url.user(),
                    why: db.message().to_string(),
                },
                "3F000" | "42P01" | "42883" => SyncError::NoSchema { url: shown },
                // The server shutting down or the admin ending the session.
                "57P01" | "57P02" | "57P03" | "08006" | "08003" => SyncError::Lost {
                    url: shown,
                    why: db.message().to_string(),
                },
                _ => SyncError::Server {
                    url: shown,
                    why: db.message().to_string(),
                },
            };
        }
        SyncError::Lost {
            url: shown,
            why: cause_text(&e),
        }
    }
}

/// The innermost cause of `e`, which says more than "error connecting to server".
fn cause_text(e: &postgres::Error) -> String {
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(e);
    let mut last = e.to_string();
    while let Some(s) = source {
        last = s.to_string();
        source = s.source();
    }
    last
}

/// How a sync went, for `balie sync` and the desk screen.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SyncReport {
    /// The desk or coordinator name the server knows the login as.
    pub name: String,
    pub coordinator: bool,
    /// Contacts (new or edited) the server stored or already had.
    pub sent: u64,
    /// Deletions sent.
    pub deletions: u64,
    /// Queued changes to contacts of other desks (from bundles), not this desk's to send.
    pub not_ours: u64,
    /// Changes still waiting (made while this sync ran).
    pub waiting: u64,
    /// What the pull did to this database (a coordinator's).
    pub pulled: crate::desks::MergeCounts,
    /// Published articles added or replaced here.
    pub articles: u64,
    /// This coordinator's own articles published on the server.
    pub published: u64,
}
