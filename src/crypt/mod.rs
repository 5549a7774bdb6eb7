//! Encryption at rest: the database key, the key file beside the database that holds it
//! wrapped under the passphrase, the recovery key, and turning a database's encryption on and
//! off. The database itself is encrypted page by page by SQLCipher; this module only hands it
//! the key. No cryptography is made here: Argon2id (argon2), XChaCha20-Poly1305
//! (chacha20poly1305) and age do the work, and every secret is wiped from memory (zeroize).

pub mod convert;
pub mod keyfile;
pub mod pin;
pub mod seal;
pub mod secret;

#[cfg(test)]
mod tests;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use zeroize::{Zeroize, Zeroizing};

pub use keyfile::{KEY_FILE, Kdf, KeyFile};
pub use secret::Secret;

/// The random key the database (and its WAL and backups) is encrypted with. Never written
/// anywhere as it is: the key file holds it wrapped, the recovery key is its written form.
#[derive(Clone)]
pub struct DbKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(..)")
    }
}

impl DbKey {
    /// A new random key from the operating system's generator.
    pub fn generate() -> DbKey {
        let mut k = Zeroizing::new([0u8; 32]);
        getrandom_fill(k.as_mut());
        DbKey(k)
    }

    pub(crate) fn from_bytes(bytes: [u8; 32]) -> DbKey {
        DbKey(Zeroizing::new(bytes))
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// SQLCipher's raw-key literal, `x'..'`: a raw key skips SQLCipher's own slow key
    /// derivation (Argon2id already did that work once, when the key file was opened).
    fn sql_literal(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(67));
        s.push_str("x'");
        for b in self.0.iter() {
            let _ = write!(s, "{b:02x}");
        }
        s.push('\'');
        s
    }

    /// Give `conn` (just opened, nothing read yet) this key for its main database.
    pub fn apply(&self, conn: &Connection) -> rusqlite::Result<()> {
        quiet(conn);
        conn.pragma_update(None, "key", &*self.sql_literal())
    }

    /// The recovery key: this key written out in groups of four letters and digits
    /// (RFC 4648 base32), for the coordinator's safe. It opens the database even when the key
    /// file is lost or damaged.
    pub fn recovery_text(&self) -> Zeroizing<String> {
        let plain = base32(self.bytes());
        let mut out = Zeroizing::new(String::with_capacity(plain.len() + plain.len() / 4));
        for (i, c) in plain.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            out.push(c);
        }
        out
    }

    /// Read a recovery key as typed: case, spaces and dashes do not matter.
    pub fn from_recovery_text(text: &str) -> Option<DbKey> {
        let clean: Zeroizing<String> = Zeroizing::new(
            text.chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .map(|c| c.to_ascii_uppercase())
                .collect(),
        );
        let mut bytes = unbase32(&clean)?;
        if bytes.len() != 32 {
            bytes.zeroize();
            return None;
        }
        let mut k = [0u8; 32];
        k.copy_from_slice(&bytes);
        bytes.zeroize();
        let key = DbKey::from_bytes(k);
        k.zeroize();
        Some(key)
    }
}

/// SQLCipher writes its own error lines to stderr (a wrong key: "hmac check failed"); balie
/// says what is wrong in one sentence instead. The setting is process-wide.
fn quiet(conn: &Connection) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()));
        let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE");
    });
}

/// Attach `path` as `name`: with `key` encrypted, without it plain (`KEY ''`).
pub(crate) fn attach(
    conn: &Connection,
    path: &Path,
    name: &str,
    key: Option<&DbKey>,
) -> rusqlite::Result<()> {
    let Some(path_text) = path.to_str() else {
        return Err(rusqlite::Error::InvalidPath(path.to_path_buf()));
    };
    quiet(conn);
    let literal = key.map(|k| k.sql_literal());
    let key_text: &str = literal.as_deref().map_or("", |s| s.as_str());
    // The schema name is one of our fixed words, never input.
    conn.execute(
        &format!("ATTACH DATABASE ?1 AS {name} KEY ?2"),
        rusqlite::params![path_text, key_text],
    )?;
    Ok(())
}

/// Fill `buf` from the operating system's random generator.
pub(crate) fn getrandom_fill(buf: &mut [u8]) {
    use chacha20poly1305::aead::OsRng;
    use chacha20poly1305::aead::rand_core::RngCore;
    OsRng.fill_bytes(buf);
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn base32(bytes: &[u8]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::new());
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32[((acc >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(BASE32[((acc << (5 - bits)) & 31) as usize] as char);
    }
    acc.zeroize();
    out
}

fn unbase32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let v = BASE32.iter().position(|&b| b == c)? as u32;
        acc = (acc << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    acc.zeroize();
    Some(out)
}

/// What can go wrong with keys and passphrases. No variant holds a secret.
#[derive(Debug, thiserror::Error)]
pub enum CryptError {
    #[error(
        "the passphrase is wrong; nothing was changed. Type it again (forgotten? use `balie recover` with the recovery key)"
    )]
    WrongPassphrase,
    #[error(
        "the recovery key is wrong (it does not open {0}); nothing was changed. Check it letter by letter"
    )]
    WrongRecoveryKey(PathBuf),
    #[error(
        "the key file {path} is damaged ({why}); nothing was changed. Set a new passphrase \
         with the recovery key: `balie recover`"
    )]
    KeyFileDamaged { path: PathBuf, why: String },
    #[error("cannot read the key file {path}")]
    KeyFileRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write the key file {path} (is the disk full or the folder read-only?)")]
    KeyFileWrite {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the database {db} is encrypted but its key file {key} is missing; put the key file \
         back, or set a new passphrase with the recovery key: `balie recover`"
    )]
    KeyFileMissing { db: PathBuf, key: PathBuf },
    #[error("the passphrase is too short: use at least {0} characters (a few words work well)")]
    TooShort(usize),
    #[error("the two passphrases differ; nothing was changed. Try again")]
    Mismatch,
    #[error(
        "balie needs a passphrase but there is no terminal to ask it on; name a file that \
         holds it in {0}"
    )]
    NoTerminal(&'static str),
    #[error("cannot read the passphrase file named by {var} ({path})")]
    PassphraseFile {
        var: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read the passphrase from the terminal")]
    Terminal(#[source] std::io::Error),
    #[error("the key derivation failed: {0}")]
    Kdf(String),
}

/// Set by the desk screen for the background upkeep and sync it starts: the database key comes on
/// standard input (as its recovery text), so upkeep needs no terminal.
pub const KEY_STDIN_VAR: &str = "BALIE_KEY_STDIN";

/// Could the file `path` (not plain SQLite) be an encrypted database? Yes when a key file
/// lies beside it or in the folder above (a backup).
pub fn looks_encrypted(path: &Path) -> bool {
    let beside = path.with_file_name(KEY_FILE);
    let above = path
        .parent()
        .and_then(Path::parent)
        .map(|p| p.join(KEY_FILE));
    beside.exists() || above.is_some_and(|p| p.exists())
}

/// Is the database in `data_dir` encrypted (does it have a key file)?
pub fn is_encrypted(data_dir: &Path) -> bool {
    data_dir.join(KEY_FILE).exists()
}

/// The prompts, in the interface language.
pub fn prompt(lang: crate::i18n::Lang, what: Prompt) -> &'static str {
    use crate::i18n::Lang;
    match (lang, what) {
        (Lang::Nl, Prompt::Passphrase) => "Wachtwoordzin van balie: ",
        (Lang::En, Prompt::Passphrase) => "balie passphrase: ",
        (Lang::Nl, Prompt::NewPassphrase) => "Nieuwe wachtwoordzin (minstens 8 tekens): ",
        (Lang::En, Prompt::NewPassphrase) => "New passphrase (at least 8 characters): ",
        (Lang::Nl, Prompt::Again) => "Nog een keer: ",
        (Lang::En, Prompt::Again) => "Once more: ",
        (Lang::Nl, Prompt::RecoveryKey) => "Herstelsleutel: ",
        (Lang::En, Prompt::RecoveryKey) => "Recovery key: ",
        (Lang::Nl, Prompt::Pin) => "Nieuwe pincode (minstens 6 cijfers): ",
        (Lang::En, Prompt::Pin) => "New PIN (at least 6 digits): ",
        (Lang::Nl, Prompt::WrongTryAgain) => "Verkeerde wachtwoordzin. Probeer het opnieuw.",
        (Lang::En, Prompt::WrongTryAgain) => "Wrong passphrase. Try again.",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    Passphrase,
    NewPassphrase,
    Again,
    RecoveryKey,
    Pin,
    WrongTryAgain,
}

/// The key that opens the database in `data_dir`: none for a plain one; for an encrypted one
/// the key file opened with the passphrase (asked up to three times on a terminal). First
/// finishes a conversion a kill cut short.
pub fn unlock(
    data_dir: &Path,
    lang: crate::i18n::Lang,
) -> Result<Option<DbKey>, convert::ConvertError> {
    convert::settle(data_dir)?;
    let key_path = data_dir.join(KEY_FILE);
    let db = data_dir.join(crate::store::DB_FILE);
    if !key_path.exists() {
        // A file that is not plain SQLite is refused by the store, which names the missing
        // key file as one possible cause.
        return Ok(None);
    }
    if std::env::var_os(KEY_STDIN_VAR).is_some() {
        let mut line = Zeroizing::new(String::new());
        std::io::stdin()
            .read_line(&mut line)
            .map_err(CryptError::Terminal)?;
        return DbKey::from_recovery_text(&line)
            .map(Some)
            .ok_or_else(|| CryptError::WrongRecoveryKey(db).into());
    }
    let file = KeyFile::read(&key_path)?;
    let from_file = std::env::var_os(secret::PASSPHRASE_FILE_VAR).is_some();
    let tries = if from_file { 1 } else { 3 };
    // echo stays off from the first prompt to the last, wrong tries in between included
    let _quiet = (!from_file).then(secret::NoEcho::new);
    for i in 0..tries {
        let passphrase = secret::ask(
            secret::PASSPHRASE_FILE_VAR,
            prompt(lang, Prompt::Passphrase),
        )?;
        match file.unwrap(&passphrase, &key_path) {
            Ok(k) => return Ok(Some(k)),
            Err(CryptError::WrongPassphrase) if i + 1 < tries => {
                eprintln!("{}", prompt(lang, Prompt::WrongTryAgain));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(CryptError::WrongPassphrase.into())
}

/// Does `key` open the encrypted database `path`? Reads only.
pub fn opens(path: &Path, key: &DbKey) -> bool {
    let Ok(conn) = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return false;
    };
    key.apply(&conn).is_ok()
        && conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .is_ok()
}
