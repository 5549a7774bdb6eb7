//! The administrator's side: a login for each desk and coordinator (`balie server add-desk`,
//! `add-coordinator`), and what each last reported (`balie server status`).

use chrono::{DateTime, NaiveDateTime, Utc};
use postgres::Client;
use serde::Serialize;

use super::{SyncError, SyncUrl};

/// Whether a login syncs one desk's contacts or reads every desk's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginKind {
    Desk,
    Coordinator,
}

impl LoginKind {
    fn code(self) -> &'static str {
        match self {
            LoginKind::Desk => "desk",
            LoginKind::Coordinator => "coordinator",
        }
    }
}

/// A login just made: the role name and the one URL its desk needs.
#[derive(Debug, Clone)]
pub struct NewLogin {
    pub role: String,
    /// The full sync URL, password included: shown once to the administrator, never logged.
    pub url: String,
}

/// The role name for desk `name`: `balie_` and the name in lower-case letters, digits and
/// `_` (e.g. "WSWonen Noord" -> `balie_wswonen_noord`), at most 63 bytes.
pub fn role_name(name: &str) -> String {
    let mut role = String::from("balie_");
    let mut last_underscore = true;
    for ch in name.chars().flat_map(char::to_lowercase) {
        let ch = match ch {
            'a'..='z' | '0'..='9' => ch,
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            _ => '_',
        };
        if ch == '_' && last_underscore {
            continue;
        }
        last_underscore = ch == '_';
        role.push(ch);
    }
    while role.ends_with('_') && role.len() > "balie_".len() {
        role.pop();
    }
    role.truncate(63);
    role
}

/// A new random password: 24 letters and digits (about 143 bits).
fn new_password() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut out = String::with_capacity(24);
    while out.len() < 24 {
        let mut buf = [0u8; 32];
        getrandom::fill(&mut buf).expect("the operating system gives random bytes");
        for b in buf {
            // Reject the top of the range so every letter is equally likely.
            let limit = 256 - 256 % ALPHABET.len();
            if (b as usize) < limit && out.len() < 24 {
                out.push(ALPHABET[b as usize % ALPHABET.len()] as char);
            }
        }
    }
    out
}

/// Create the login of desk (or coordinator) `name` on the server of `admin_url`, or give an
/// existing one a new password (the old URL then stops working). The password reaches the
/// server only as a SCRAM verifier.
pub fn add_login(
    client: &mut Client,
    admin_url: &SyncUrl,
    name: &str,
    kind: LoginKind,
) -> Result<NewLogin, SyncError> {
    let name = name.trim();
    if name.is_empty() || name.len() > 100 {
        return Err(SyncError::Server {
            url: admin_url.to_string(),
            why: "a desk name has 1 to 100 characters".into(),
        });
    }
    super::schema::check(client, admin_url)?;
    let role = role_name(name);
    let password = new_password();
    let verifier = postgres_protocol::password::scram_sha_256(password.as_bytes());
    client
        .execute(
            "SELECT balie.add_login($1, $2, $3::text::name, $4)",
            &[&name, &kind.code(), &role, &verifier],
        )
        .map_err(|e| SyncError::from_session(admin_url, e))?;
    Ok(NewLogin {
        url: admin_url.with_login(&role, &password),
        role,
    })
}

/// One login as `balie server status` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct LoginStatus {
    pub name: String,
    pub kind: String,
    pub role: String,
    /// When it last synced (server time).
    pub last_sync: Option<DateTime<Utc>>,
    /// Contacts of this desk on the server.
    pub on_server: i64,
    /// Contacts the desk held at its last sync, and changes still waiting there then.
    pub at_desk: Option<i64>,
    pub waiting: Option<i64>,
    /// The desk's time of the oldest change it had not sent at its last sync.
    pub oldest_unsent: Option<NaiveDateTime>,
}

/// Every login with what it last reported, desks first.
pub fn status(client: &mut Client, admin_url: &SyncUrl) -> Result<Vec<LoginStatus>, SyncError> {
    super::schema::check(client, admin_url)?;
    let rows = client
        .query(
            "SELECT d.name, d.kind, d.role::text, d.last_sync,
                    (SELECT count(*) FROM balie.contacts c WHERE c.desk = d.name),
                    d.contacts, d.waiting, d.oldest_unsent
             FROM balie.desks d ORDER BY d.kind DESC, d.name",
            &[],
        )
        .map_err(|e| SyncError::from_session(admin_url, e))?;
    Ok(rows
        .iter()
        .map(|r| LoginStatus {
            name: r.get(0),
            kind: r.get(1),
            role: r.get(2),
            last_sync: r.get(3),
            on_server: r.get(4),
            at_desk: r.get(5),
            waiting: r.get(6),
            oldest_unsent: r.get(7),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_name_is_a_plain_identifier() {
        assert_eq!(role_name("WSWonen Noord"), "balie_wswonen_noord");
        assert_eq!(role_name("Buurtkamer  De Één!"), "balie_buurtkamer_de_een");
        assert_eq!(role_name(&"x".repeat(100)).len(), 63);
    }

    #[test]
    fn passwords_are_long_and_differ() {
        let (a, b) = (new_password(), new_password());
        assert_eq!(a.len(), 24);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
    }
}
