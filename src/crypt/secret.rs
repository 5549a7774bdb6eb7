//! Asking for a passphrase, a recovery key or a PIN: on the terminal without echo, or for
//! scripts from a file named in an environment variable. Never from the command line, where
//! every user of the PC could read it in the process list. Held in memory that is wiped.

use std::io::{IsTerminal, Write};
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
    // echo off before the prompt shows: what is typed the moment it appears is not echoed
    let _quiet = NoEcho::new();
    let mut err = std::io::stderr();
    write!(err, "{prompt}")
        .and_then(|()| err.flush())
        .map_err(CryptError::Terminal)?;
    let mut line = Zeroizing::new(String::new());
    let read = std::io::stdin()
        .read_line(&mut line)
        .map_err(CryptError::Terminal)?;
    if read == 0 {
        return Err(CryptError::Terminal(
            std::io::ErrorKind::UnexpectedEof.into(),
        ));
    }
    let typed = line.trim_end_matches(['\n', '\r']);
    Ok(Secret::new(typed.to_string()))
}

/// The terminal's echo off while this lives (Enter still moves to a new line), as it was
/// again when dropped. Held across a retry too (`Verkeerde wachtwoordzin`), so that keys
/// typed between two prompts are not shown either. Nothing happens when standard input is
/// not a terminal.
pub struct NoEcho {
    saved: Option<rustix::termios::Termios>,
}

impl NoEcho {
    pub fn new() -> NoEcho {
        use rustix::termios::{LocalModes, OptionalActions, tcgetattr, tcsetattr};
        let stdin = std::io::stdin();
        let saved = tcgetattr(&stdin).ok();
        if let Some(t) = &saved {
            let mut quiet = t.clone();
            quiet.local_modes.remove(LocalModes::ECHO);
            quiet.local_modes.insert(LocalModes::ECHONL);
            // `Now`, not `Flush`: what was typed ahead stays to be read
            let _ = tcsetattr(&stdin, OptionalActions::Now, &quiet);
        }
        NoEcho { saved }
    }
}

impl Default for NoEcho {
    fn default() -> NoEcho {
        NoEcho::new()
    }
}

impl Drop for NoEcho {
    fn drop(&mut self) {
        if let Some(t) = &self.saved {
            let _ = rustix::termios::tcsetattr(
                std::io::stdin(),
                rustix::termios::OptionalActions::Now,
                t,
            );
        }
    }
}

/// Ask for a new passphrase: from the file named by `var`, or typed twice on the terminal.
/// At least [`MIN_PASSPHRASE`] characters.
pub fn ask_new(var: &'static str, prompt: &str, again: &str) -> Result<Secret, CryptError> {
    let from_file = std::env::var_os(var).is_some_and(|p| !p.is_empty());
    let _quiet = (!from_file).then(NoEcho::new);
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
