//! The desk PIN: a short code (six digits or more) that unlocks the locked desk screen
//! instead of the passphrase. Kept in the database as an Argon2id hash, never as typed.
//! Five wrong PINs in a row switch it off until the passphrase unlocks once.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use super::Secret;
use crate::store::{Setting, Store, StoreError};

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
    store.set_setting(Setting::LockPin.key(), &hash)?;
    store.clear_setting(Setting::LockPinFailures.key())?;
    Ok(())
}

/// Remove the desk PIN.
pub fn clear(store: &Store) -> Result<(), PinError> {
    store.clear_setting(Setting::LockPin.key())?;
    store.clear_setting(Setting::LockPinFailures.key())?;
    Ok(())
}

/// Is a PIN set, and not locked out?
pub fn usable(store: &Store) -> Result<bool, PinError> {
    Ok(store.setting(Setting::LockPin.key())?.is_some() && failures(store)? < MAX_FAILURES)
}

fn failures(store: &Store) -> Result<u32, PinError> {
    Ok(store
        .setting(Setting::LockPinFailures.key())?
        .and_then(|s| s.parse().ok())
        .unwrap_or(0))
}

/// Check a PIN typed at the lock screen, counting a wrong one.
pub fn check(store: &Store, pin: &Secret) -> Result<PinCheck, PinError> {
    let Some(hash) = store.setting(Setting::LockPin.key())? else {
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
        store.clear_setting(Setting::LockPinFailures.key())?;
        return Ok(PinCheck::Right);
    }
    let failed = failed + 1;
    store.set_setting(Setting::LockPinFailures.key(), &failed.to_string())?;
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
    store.clear_setting(Setting::LockPinFailures.key())?;
    Ok(())
}

/// What typing at the locked desk screen did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unlock {
    Unlocked,
    WrongPin {
        left: u32,
    },
    /// The fifth wrong PIN (or later): only the passphrase unlocks now.
    PinLockedOut,
    WrongPassphrase,
}

/// Check what was typed at the lock: digits go to the PIN while one is set and not locked
/// out; anything else (or then) is the passphrase, checked against the key file `key_file`.
/// A plain database without a PIN has nothing to check: Enter unlocks.
pub fn unlock(
    store: &Store,
    key_file: Option<&std::path::Path>,
    typed: &Secret,
) -> Result<Unlock, PinError> {
    let digits = !typed.as_str().is_empty() && typed.as_str().chars().all(|c| c.is_ascii_digit());
    if digits && usable(store)? {
        return Ok(match check(store, typed)? {
            PinCheck::Right => Unlock::Unlocked,
            PinCheck::Wrong { left } => Unlock::WrongPin { left },
            PinCheck::LockedOut => Unlock::PinLockedOut,
            PinCheck::NoPin => Unlock::Unlocked,
        });
    }
    match key_file {
        Some(path) => {
            let right = super::KeyFile::read(path).is_ok_and(|f| f.unwrap(typed, path).is_ok());
            if right {
                reset_failures(store)?;
                Ok(Unlock::Unlocked)
            } else if digits && store.setting(Setting::LockPin.key())?.is_some() {
                Ok(Unlock::PinLockedOut)
            } else {
                Ok(Unlock::WrongPassphrase)
            }
        }
        None if store.setting(Setting::LockPin.key())?.is_some() => Ok(if digits {
            Unlock::PinLockedOut
        } else {
            Unlock::WrongPin {
                left: MAX_FAILURES.saturating_sub(failures(store)?),
            }
        }),
        None => Ok(Unlock::Unlocked),
    }
}
