//! The one look at a file's first bytes: is it a plain SQLite database, empty, or something
//! else (encrypted, or not a database at all). Used before the store opens a file, by backup
//! and restore, by the encryption conversion and by bundles.

use std::io::Read;
use std::path::Path;

/// The first 16 bytes of every unencrypted SQLite database.
pub const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// How a file starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// No bytes at all.
    Empty,
    /// SQLite's plain header.
    Plain,
    /// Fewer bytes than a header: not a database.
    Short,
    /// A full header's worth of other bytes: encrypted (random bytes), or another kind of file.
    Other,
}

/// Do `bytes` start with SQLite's plain header?
pub fn starts_plain(bytes: &[u8]) -> bool {
    bytes.starts_with(SQLITE_HEADER)
}

/// How the file at `path` starts (the error is opening or reading it).
pub fn file_start(path: &Path) -> std::io::Result<Start> {
    let mut header = [0u8; SQLITE_HEADER.len()];
    let mut f = std::fs::File::open(path)?;
    let mut n = 0;
    while n < header.len() {
        match f.read(&mut header[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(match n {
        0 => Start::Empty,
        n if n < header.len() => Start::Short,
        _ if starts_plain(&header) => Start::Plain,
        _ => Start::Other,
    })
}

/// Does the file at `path` start with SQLite's plain header? (False when it cannot be read.)
pub fn is_plain_sqlite(path: &Path) -> bool {
    matches!(file_start(path), Ok(Start::Plain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_empty_short_plain_or_other() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        };
        let mut plain = SQLITE_HEADER.to_vec();
        plain.extend_from_slice(&[0; 84]);
        assert_eq!(file_start(&file("empty", b"")).unwrap(), Start::Empty);
        assert_eq!(file_start(&file("short", b"SQLite")).unwrap(), Start::Short);
        assert_eq!(file_start(&file("plain", &plain)).unwrap(), Start::Plain);
        assert_eq!(file_start(&file("other", &[7; 100])).unwrap(), Start::Other);
        assert!(is_plain_sqlite(&dir.path().join("plain")));
        assert!(!is_plain_sqlite(&dir.path().join("other")));
        assert!(!is_plain_sqlite(&dir.path().join("absent")));
        assert!(file_start(&dir.path().join("absent")).is_err());
        assert!(starts_plain(&plain) && !starts_plain(b"SQLite"));
    }
}
