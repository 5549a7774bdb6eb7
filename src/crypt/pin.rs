//! The desk PIN: a short code (six digits or more) that unlocks the locked desk screen
//! instead of the passphrase. Kept in the database as an Argon2id hash, never as typed.
//! Five wrong PINs in a row switch it off until the passphrase unlocks once.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use super::Secret;
use crate::store::{Store, StoreError};

/// The store setting holding the PIN's hash.
pub const SETTING_PIN: &str = "lock_pin";
/// The store setting counting wrong PINs since the last unlock.
pub const SETTING_PIN_FAILURES: &str = "lock_pin_failures";
/// The shortest PIN.
pub const MIN_DIGITS: usize = 6;
/// Wrong PINs in a row after which only the passphrase unlocks.
pub const MAX_FAILURES: u32 = 5;

#[derive(Debug, thiserror::Error)]
pub enum PinError {
    #[error("a PIN is {MIN_DIGITS} digits or more (only 0-9); nothing was changed")]
    Invalid,
    #[error("the PIN could not be stored: {0}")]
    Hash(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a PIN typed at the lock screen did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinCheck {
    Right,
    /// Wrong; this many tries remain.
    Wrong {
        left: u32,
    },
    /// Too many wrong PINs: only the passphrase unlocks now.
    LockedOut,
    /// No PIN is set.
    NoPin,
}

/// Set (or replace) the desk PIN.
pub fn set(store: &Store, pin: &Secret) -> Result<(), PinError> {
    let text = pin.as_str();
    if text.chars().count() < MIN_DIGITS || !text.chars().all(|c| c.is_ascii_digit()) {
        return Err(PinError::Invalid);
    }
    let salt = SaltString::generate(&mut OsRng);
    let hash = Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map_err(|e| PinError::Hash(e.to_string()))?
        .to_string();
    store.set_setting(SETTING_PIN, &hash)?;
    store.clear_setting(SETTING_PIN_FAILURES)?;
    Ok(())
}

/// Remove the desk PIN.
pub fn clear(store: &Store) -> Result<(), PinError> {
    store.clear_setting(SETTING_PIN)?;
    store.clear_setting(SETTING_PIN_FAILURES)?;
    Ok(())
}

/// Is a PIN set, and not locked out?
pub fn usable(store: &Store) -> Result<bool, PinError> {
    Ok(store.setting(SETTING_PIN)?.is_some() && failures(store)? < MAX_FAILURES)
}

fn failures(store: &Store) -> Result<u32, PinError> {
    Ok(store
        .setting(SETTING_PIN_FAILURES)?
        .and_then(|s| s.parse().ok())
        .unwrap_or(0))
}

/// Check a PIN typed at the lock screen, counting a wrong one.
pub fn check(store: &Store, pin: &Secret) -> Result<PinCheck, PinError> {
    let Some(hash) = store.setting(SETTING_PIN)? else {
        return Ok(PinCheck::NoPin);
    };
    let failed = failures(store)?;
    if failed >= MAX_FAILURES {
        return Ok(PinCheck::LockedOut);
    }
    let right = PasswordHash::new(&hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(pin.as_bytes(), &h)
            .is_ok()
    });
    if right {
        store.clear_setting(SETTING_PIN_FAILURES)?;
        return Ok(PinCheck::Right);
    }
    let failed = failed + 1;
    store.set_setting(SETTING_PIN_FAILURES, &failed.to_string())?;
    if failed >= MAX_FAILURES {
        Ok(PinCheck::LockedOut)
    } else {
        Ok(PinCheck::Wrong {
            left: MAX_FAILURES - failed,
        })
    }
}

/// The passphrase unlocked: the PIN counts from zero again.
pub fn reset_failures(store: &Store) -> Result<(), PinError> {
    store.clear_setting(SETTING_PIN_FAILURES)?;
    Ok(())
}
