//! Asking for a passphrase, a recovery key or a PIN: on the terminal without echo, or for
//! scripts from a file named in an environment variable. Never from the command line, where
//! every user of the PC could read it in the process list. Held in memory that is wiped.

use std::io::IsTerminal;
use std::path::PathBuf;

use zeroize::Zeroizing;

use super::CryptError;

/// The file holding the passphrase, for scripts (its first line; a final newline is dropped).
pub const PASSPHRASE_FILE_VAR: &str = "BALIE_PASSPHRASE_FILE";
/// The file holding the new passphrase for `balie passphrase` and `balie recover`.
pub const NEW_PASSPHRASE_FILE_VAR: &str = "BALIE_NEW_PASSPHRASE_FILE";
/// The file holding the recovery key for `balie recover`.
pub const RECOVERY_KEY_FILE_VAR: &str = "BALIE_RECOVERY_KEY_FILE";
/// The file holding the PIN for `balie pin`.
pub const PIN_FILE_VAR: &str = "BALIE_PIN_FILE";

/// The shortest passphrase accepted.
pub const MIN_PASSPHRASE: usize = 8;

/// A passphrase, recovery key or PIN as typed. Wiped when dropped; never printed.
pub struct Secret(Zeroizing<String>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Secret {
    pub fn new(text: String) -> Secret {
        Secret(Zeroizing::new(text))
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn chars(&self) -> usize {
        self.0.chars().count()
    }
}

/// Read a secret: from the file named by `var` when it is set, otherwise asked on the
/// terminal with `prompt`, not echoed.
pub fn ask(var: &'static str, prompt: &str) -> Result<Secret, CryptError> {
    if let Some(path) = std::env::var_os(var).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        let text = Zeroizing::new(std::fs::read_to_string(&path).map_err(|source| {
            CryptError::PassphraseFile {
                var,
                path: path.clone(),
                source,
            }
        })?);
        let line = text.lines().next().unwrap_or("");
        return Ok(Secret::new(line.to_string()));
    }
    if !std::io::stdin().is_terminal() {
        return Err(CryptError::NoTerminal(var));
    }
    let typed = rpassword::prompt_password(prompt).map_err(CryptError::Terminal)?;
    Ok(Secret::new(typed))
}

/// Ask for a new passphrase: from the file named by `var`, or typed twice on the terminal.
/// At least [`MIN_PASSPHRASE`] characters.
pub fn ask_new(var: &'static str, prompt: &str, again: &str) -> Result<Secret, CryptError> {
    let from_file = std::env::var_os(var).is_some_and(|p| !p.is_empty());
    let first = ask(var, prompt)?;
    if first.chars() < MIN_PASSPHRASE {
        return Err(CryptError::TooShort(MIN_PASSPHRASE));
    }
    if !from_file {
        let second = ask(var, again)?;
        if second.as_bytes() != first.as_bytes() {
            return Err(CryptError::Mismatch);
        }
    }
    Ok(first)
}
