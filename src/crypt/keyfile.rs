//! The key file `balie.key` beside the database: the database key wrapped under a key that
//! Argon2id derives from the passphrase (XChaCha20-Poly1305, the file's own fields as
//! associated data), with the Argon2id cost it was made with. Small, JSON, written
//! atomically, readable by its owner only. Without the passphrase it says nothing.

use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use super::{CryptError, DbKey, Secret, getrandom_fill};

/// The key file's name, beside `balie.sqlite`.
pub const KEY_FILE: &str = "balie.key";

const FORMAT: &str = "balie-key";
const VERSION: u32 = 1;

/// The Argon2id cost. The default took 0.6 s (median) on the 2-core reference machine (see
/// BENCHMARKS.md), so each guess at a stolen key file costs as much.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kdf {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for Kdf {
    fn default() -> Kdf {
        Kdf {
            memory_kib: 128 * 1024,
            iterations: 6,
            parallelism: 1,
        }
    }
}

impl Kdf {
    /// The wrapping key for `secret` under `salt`.
    pub fn derive(&self, secret: &[u8], salt: &[u8]) -> Result<Zeroizing<[u8; 32]>, CryptError> {
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|e| CryptError::Kdf(e.to_string()))?;
        let mut out = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(secret, salt, out.as_mut())
            .map_err(|e| CryptError::Kdf(e.to_string()))?;
        Ok(out)
    }
}

/// The parsed key file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyFile {
    format: String,
    version: u32,
    kdf: Kdf,
    /// Hex: the Argon2id salt (16 bytes), the nonce (24), the wrapped key (32 + 16 tag).
    salt: String,
    nonce: String,
    wrapped: String,
}

impl KeyFile {
    /// Wrap `key` under `passphrase` with a fresh salt and nonce.
    pub fn wrap(key: &DbKey, passphrase: &Secret, kdf: Kdf) -> Result<KeyFile, CryptError> {
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 24];
        getrandom_fill(&mut salt);
        getrandom_fill(&mut nonce);
        let wrapping = kdf.derive(passphrase.as_bytes(), &salt)?;
        let mut file = KeyFile {
            format: FORMAT.into(),
            version: VERSION,
            kdf,
            salt: hex(&salt),
            nonce: hex(&nonce),
            wrapped: String::new(),
        };
        let aad = file.associated_data();
        let cipher = XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(wrapping.as_ref()));
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: key.bytes(),
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| CryptError::Kdf("the key could not be wrapped".into()))?;
        file.wrapped = hex(&sealed);
        Ok(file)
    }

    /// The database key, if `passphrase` is the right one.
    pub fn unwrap(&self, passphrase: &Secret, path: &Path) -> Result<DbKey, CryptError> {
        let damaged = |why: &str| CryptError::KeyFileDamaged {
            path: path.to_path_buf(),
            why: why.to_string(),
        };
        let salt = unhex(&self.salt).filter(|s| s.len() == 16);
        let nonce = unhex(&self.nonce).filter(|n| n.len() == 24);
        let wrapped = unhex(&self.wrapped).filter(|w| w.len() == 48);
        let (Some(salt), Some(nonce), Some(wrapped)) = (salt, nonce, wrapped) else {
            return Err(damaged("a field has the wrong length"));
        };
        let wrapping = self.kdf.derive(passphrase.as_bytes(), &salt)?;
        let cipher = XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(wrapping.as_ref()));
        let aad = self.associated_data();
        // A wrong passphrase and a changed file look the same to the cipher; the file was
        // parsed whole, so a wrong passphrase is by far the likelier.
        let mut plain = cipher
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &wrapped,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| CryptError::WrongPassphrase)?;
        if plain.len() != 32 {
            plain.zeroize();
            return Err(damaged("the wrapped key has the wrong length"));
        }
        let mut k = [0u8; 32];
        k.copy_from_slice(&plain);
        plain.zeroize();
        let key = DbKey::from_bytes(k);
        k.zeroize();
        Ok(key)
    }

    /// Everything but the wrapped key, bound to it: a changed cost or salt fails to open.
    fn associated_data(&self) -> String {
        format!(
            "{}/{}/argon2id/m={},t={},p={}/{}/{}",
            self.format,
            self.version,
            self.kdf.memory_kib,
            self.kdf.iterations,
            self.kdf.parallelism,
            self.salt,
            self.nonce
        )
    }

    pub fn kdf(&self) -> Kdf {
        self.kdf
    }

    /// Read and parse the key file at `path`.
    pub fn read(path: &Path) -> Result<KeyFile, CryptError> {
        let text = std::fs::read(path).map_err(|source| CryptError::KeyFileRead {
            path: path.to_path_buf(),
            source,
        })?;
        let damaged = |why: String| CryptError::KeyFileDamaged {
            path: path.to_path_buf(),
            why,
        };
        let file: KeyFile = serde_json::from_slice(&text)
            .map_err(|e| damaged(format!("it cannot be read: {e}")))?;
        if file.format != FORMAT {
            return Err(damaged("it is not a balie key file".into()));
        }
        if file.version != VERSION {
            return Err(damaged(format!(
                "it has version {}, this balie knows {VERSION}",
                file.version
            )));
        }
        Ok(file)
    }

    /// Write the key file to `path` atomically: a new owner-only file beside it, synced, then
    /// renamed over it, then the folder synced. A kill leaves the old file or the new one.
    pub fn write(&self, path: &Path) -> Result<(), CryptError> {
        let temp = sibling(path, ".new");
        self.write_new(&temp)?;
        let err = |source| CryptError::KeyFileWrite {
            path: path.to_path_buf(),
            source,
        };
        std::fs::rename(&temp, path).map_err(err)?;
        if let Some(dir) = path.parent() {
            crate::files::sync_dir(dir).map_err(err)?;
        }
        Ok(())
    }

    /// Write the key file as the new file `path` (replacing a stale one), synced.
    pub fn write_new(&self, path: &Path) -> Result<(), CryptError> {
        use std::io::Write;
        let err = |source| CryptError::KeyFileWrite {
            path: path.to_path_buf(),
            source,
        };
        let text = serde_json::to_string_pretty(self).expect("a key file always serialises");
        let _ = std::fs::remove_file(path);
        let mut f = crate::files::create_private(path).map_err(err)?;
        f.write_all(text.as_bytes()).map_err(err)?;
        f.write_all(b"\n").map_err(err)?;
        f.sync_all().map_err(err)
    }
}

/// `path` with `suffix` added to its file name.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes written as hex digits in `text`, if it is that.
pub(crate) fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}
