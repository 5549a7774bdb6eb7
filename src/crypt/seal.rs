//! Sealed bundles: a coordinator's age key pair (X25519), made once with `balie keys init`.
//! The secret half stays in the coordinator's database (encrypted with it when the database
//! is); the public half is one line for each desk's config (`[bundles] recipient`). A bundle
//! sealed to it can be opened by that coordinator only.

use std::io::{Read, Write};
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use zeroize::Zeroizing;

use crate::store::{Setting, Store, StoreError};

/// What every age file starts with.
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error(
        "this database already has a bundle key; its public key is {0}. Paste that into each \
         desk's config as `[bundles] recipient`"
    )]
    Exists(String),
    #[error(
        "`{0}` is not an age public key (it starts with `age1`); copy the line `balie keys \
         show` prints at the coordinator's PC"
    )]
    BadRecipient(String),
    #[error(
        "this bundle is sealed, and this database has no bundle key to open it; merge it at \
         the coordinator's PC whose public key the desk has in `[bundles] recipient`"
    )]
    NoIdentity,
    #[error(
        "this bundle is sealed for another coordinator (not for this database's key {0}); \
         nothing was merged. Merge it at the PC of the coordinator the desk seals for, or ask \
         the desk to set `[bundles] recipient` to {0}"
    )]
    NotForUs(String),
    #[error("the sealed bundle is damaged ({0}); nothing was merged. Ask the desk for a new one")]
    Damaged(String),
    #[error("the stored bundle key is damaged; make a new one with `balie keys init --replace`")]
    BadIdentity,
    #[error("the bundle could not be sealed: {0}")]
    Encrypt(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Does `bytes` start like an age file?
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(AGE_MAGIC)
}

/// Make this database's key pair, unless it has one (or `replace`). Returns the public key.
pub fn init(store: &Store, replace: bool) -> Result<String, SealError> {
    if !replace && let Some(public) = recipient(store)? {
        return Err(SealError::Exists(public));
    }
    let identity = age::x25519::Identity::generate();
    let secret = identity.to_string();
    store.set_setting(Setting::BundleIdentity.key(), secret.expose_secret())?;
    Ok(identity.to_public().to_string())
}

/// This database's public key, if it has a key pair.
pub fn recipient(store: &Store) -> Result<Option<String>, SealError> {
    Ok(identity(store)?.map(|i| i.to_public().to_string()))
}

fn identity(store: &Store) -> Result<Option<age::x25519::Identity>, SealError> {
    let Some(text) = store
        .setting(Setting::BundleIdentity.key())?
        .map(Zeroizing::new)
    else {
        return Ok(None);
    };
    age::x25519::Identity::from_str(&text)
        .map(Some)
        .map_err(|_| SealError::BadIdentity)
}

/// Check a recipient line from a config.
pub fn parse_recipient(text: &str) -> Result<age::x25519::Recipient, SealError> {
    age::x25519::Recipient::from_str(text.trim())
        .map_err(|_| SealError::BadRecipient(text.trim().to_string()))
}

/// Seal `plain` to `recipient`.
pub fn seal(recipient: &age::x25519::Recipient, plain: &[u8]) -> Result<Vec<u8>, SealError> {
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient))
            .map_err(|e| SealError::Encrypt(e.to_string()))?;
    let mut out = Vec::with_capacity(plain.len() + 256);
    let mut w = encryptor
        .wrap_output(&mut out)
        .map_err(|e| SealError::Encrypt(e.to_string()))?;
    w.write_all(plain)
        .and_then(|()| w.finish().map(|_| ()))
        .map_err(|e| SealError::Encrypt(e.to_string()))?;
    Ok(out)
}

/// Open a sealed bundle with this database's key.
pub fn open(store: &Store, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, SealError> {
    let identity = identity(store)?.ok_or(SealError::NoIdentity)?;
    let decryptor =
        age::Decryptor::new_buffered(sealed).map_err(|e| SealError::Damaged(e.to_string()))?;
    let mut r = match decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)) {
        Ok(r) => r,
        Err(age::DecryptError::NoMatchingKeys) => {
            return Err(SealError::NotForUs(identity.to_public().to_string()));
        }
        Err(e) => return Err(SealError::Damaged(e.to_string())),
    };
    let mut plain = Zeroizing::new(Vec::new());
    r.read_to_end(&mut plain)
        .map_err(|e| SealError::Damaged(e.to_string()))?;
    Ok(plain)
}
