//! The bundle signing keys a coordinator trusts for each desk (see
//! [`crate::desks::bundle::sign`]): kept in the settings table under `bundle_signers.DESK`, one
//! key per line.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store, put_setting};

/// The settings key under which the keys trusted for `desk` are kept, one per line.
fn trusted_key(desk: &str) -> String {
    format!("bundle_signers.{desk}")
}

impl Store {
    /// The keys trusted for `desk`.
    pub fn trusted_keys(&self, desk: &str) -> Result<Vec<String>> {
        trusted_in(&self.conn, desk)
    }

    /// Trust `key` for `desk` besides the keys trusted already. Returns whether it is new.
    pub fn trust_key(&self, desk: &str, key: &str) -> Result<bool> {
        trust_in(&self.conn, desk, key)
    }

    /// Every desk with the keys trusted for it, by desk.
    pub fn all_trusted_keys(&self) -> Result<Vec<(String, Vec<String>)>> {
        let prefix = trusted_key("");
        let mut stmt = self.conn.prepare(
            "SELECT substr(key, ?2), value FROM settings WHERE substr(key, 1, ?3) = ?1 ORDER BY key",
        )?;
        let rows = stmt.query_map(
            params![prefix, prefix.len() as i64 + 1, prefix.len() as i64],
            |r| {
                let desk: String = r.get(0)?;
                let value: String = r.get(1)?;
                Ok((desk, value.lines().map(str::to_string).collect()))
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// [`Store::trusted_keys`] on `conn` (the store's connection, or a transaction on it).
pub(super) fn trusted_in(conn: &Connection, desk: &str) -> Result<Vec<String>> {
    let text: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            params![trusted_key(desk)],
            |r| r.get(0),
        )
        .optional()?;
    Ok(text
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect())
}

/// [`Store::trust_key`] on `conn` (the store's connection, or a transaction on it).
pub(super) fn trust_in(conn: &Connection, desk: &str, key: &str) -> Result<bool> {
    let mut keys = trusted_in(conn, desk)?;
    if keys.iter().any(|k| k == key) {
        return Ok(false);
    }
    keys.push(key.to_string());
    put_setting(conn, &trusted_key(desk), &keys.join("\n"))?;
    Ok(true)
}
