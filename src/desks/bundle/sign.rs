//! Signed bundles: proof of which desk wrote one. Every balie database has an Ed25519 key
//! pair, made at its first `balie export --bundle` and kept in the database (encrypted with
//! it when the database is). A bundle carries its writer's public key and a signature over
//! its checksum, which covers every row and the manifest, in a table of its own (`signature`,
//! outside the checksum, so older balies read signed bundles as before).
//!
//! The coordinator trusts a desk's key from that desk's first signed bundle (and says so), or
//! from `balie keys trust`; from then on a bundle holding that desk's contacts must be signed
//! by a key trusted for it: one unsigned, signed by another key, or whose signature does not
//! match is refused, and nothing is merged. The store keeps the trusted keys
//! ([`Store::trusted_keys`]).

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rusqlite::{Connection, params};
use zeroize::Zeroizing;

use crate::crypt::keyfile::unhex;
use crate::store::{Setting, Store, StoreError};

/// The table a signed bundle holds its signature in: one row.
pub(super) const SIGNATURE_SCHEMA: &str =
    "CREATE TABLE signature (signer TEXT NOT NULL, signature TEXT NOT NULL) STRICT;";

/// What is signed: this, then the checksum's hex text.
const CONTEXT: &[u8] = b"balie bundle signature 1\n";

/// How a public key is written: this, then 64 hex digits.
const PREFIX: &str = "ed25519:";

/// This database's signing key, made (and stored) if it has none yet.
pub fn signing_key(store: &Store) -> Result<SigningKey, StoreError> {
    let key = Setting::BundleSigningKey.key();
    // A damaged key is replaced: the coordinator then refuses the next bundle with a
    // sentence saying how to trust the new key.
    if let Some(text) = store.setting(key)?.map(Zeroizing::new)
        && let Some(bytes) = unhex(&text).map(Zeroizing::new)
        && let Ok(bytes) = <[u8; 32]>::try_from(&bytes[..])
    {
        return Ok(SigningKey::from_bytes(&bytes));
    }
    let mut bytes = Zeroizing::new([0u8; 32]);
    crate::crypt::getrandom_fill(&mut bytes[..]);
    let hex = Zeroizing::new(crate::kb::article::hex(&bytes[..]));
    store.set_setting(key, &hex)?;
    Ok(SigningKey::from_bytes(&bytes))
}

/// A public key as it is written: `ed25519:` and 64 hex digits.
pub fn public_text(key: &VerifyingKey) -> String {
    format!("{PREFIX}{}", crate::kb::article::hex(key.as_bytes()))
}

/// This database's public signing key, made if it has none yet (`balie keys show`).
pub fn public_key(store: &Store) -> Result<String, StoreError> {
    Ok(public_text(&signing_key(store)?.verifying_key()))
}

/// Read a public key written by [`public_text`].
pub fn parse_public(text: &str) -> Option<VerifyingKey> {
    let bytes = unhex(text.trim().strip_prefix(PREFIX)?)?;
    VerifyingKey::from_bytes(&bytes.try_into().ok()?).ok()
}

/// Sign the bundle on `conn` whose checksum is `checksum`.
pub(crate) fn sign(conn: &Connection, key: &SigningKey, checksum: &str) -> rusqlite::Result<()> {
    let signature = key.sign(&message(checksum));
    conn.execute_batch(SIGNATURE_SCHEMA)?;
    conn.execute(
        "INSERT INTO signature (signer, signature) VALUES (?1, ?2)",
        params![
            public_text(&key.verifying_key()),
            crate::kb::article::hex(&signature.to_bytes())
        ],
    )?;
    Ok(())
}

/// The signer of the bundle on `conn` (whose checksum was checked to be `checksum`): `None`
/// when it is not signed (written by a balie before signatures), the reason when its
/// signature is damaged or does not match.
pub(super) fn signer(conn: &Connection, checksum: &str) -> Result<Option<String>, String> {
    let sql = |e: rusqlite::Error| format!("its signature cannot be read ({e})");
    let has_table: bool = conn
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'signature'",
            [],
            |r| r.get(0),
        )
        .map_err(sql)?;
    if !has_table {
        return Ok(None);
    }
    let rows: Vec<(String, String)> = conn
        .prepare("SELECT signer, signature FROM signature")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()
        })
        .map_err(sql)?;
    let [(signer, signature)] = &rows[..] else {
        return Err(format!(
            "it holds {} signatures where one belongs",
            rows.len()
        ));
    };
    let key = parse_public(signer).ok_or("its signer's key is not an Ed25519 key")?;
    let Some(bytes) = unhex(signature).and_then(|b| <[u8; 64]>::try_from(b).ok()) else {
        return Err("its signature is damaged".into());
    };
    key.verify(&message(checksum), &Signature::from_bytes(&bytes))
        .map_err(|_| {
            "its signature does not match its rows: it was changed after it was signed, or \
             the signature was made up"
                .to_string()
        })?;
    Ok(Some(public_text(&key)))
}

use crate::desks::merge::refusal::SignerRefused;

/// What checking a bundle's signer against the trusted keys found.
pub enum Verdict {
    /// Signed by a key trusted for every desk it names (or unsigned, for desks with no
    /// trusted key yet).
    Trusted,
    /// Signed, and these desks had no key yet: trust it for them.
    Learn(Vec<String>),
    /// Refused: whose key, and which were trusted.
    Refused(crate::desks::merge::refusal::SignerRefused),
}

/// Check `signer` (of a bundle naming `desks`) against the keys trusted here: `trusted` gives
/// those of a desk ([`Store::trusted_keys`], or the same inside a merge's transaction).
pub fn check(
    trusted: impl Fn(&str) -> Result<Vec<String>, StoreError>,
    desks: &[String],
    signer: Option<&str>,
) -> Result<Verdict, StoreError> {
    let mut learn = Vec::new();
    for desk in desks {
        let keys = trusted(desk)?;
        match signer {
            Some(s) if keys.iter().any(|k| k == s) => {}
            Some(_) if keys.is_empty() => learn.push(desk.clone()),
            Some(s) => {
                return Ok(Verdict::Refused(SignerRefused {
                    key: Some(s.to_string()),
                    desk: desk.clone(),
                    trusted: keys,
                }));
            }
            None if keys.is_empty() => {}
            None => {
                return Ok(Verdict::Refused(SignerRefused {
                    key: None,
                    desk: desk.clone(),
                    trusted: keys,
                }));
            }
        }
    }
    Ok(if learn.is_empty() {
        Verdict::Trusted
    } else {
        Verdict::Learn(learn)
    })
}

fn message(checksum: &str) -> Vec<u8> {
    let mut m = CONTEXT.to_vec();
    m.extend_from_slice(checksum.as_bytes());
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Store {
        Store::open_in_memory().unwrap()
    }

    #[test]
    fn the_key_is_made_once_and_kept() {
        let s = store();
        let a = public_key(&s).unwrap();
        assert!(a.starts_with("ed25519:") && a.len() == 8 + 64, "{a}");
        assert_eq!(public_key(&s).unwrap(), a);
        assert!(parse_public(&a).is_some());
        assert!(parse_public("ed25519:zz").is_none());
        assert!(parse_public(&a.replace("ed25519:", "x25519:")).is_none());
    }

    #[test]
    fn a_signature_verifies_and_a_changed_checksum_or_signature_does_not() {
        let s = store();
        let key = signing_key(&s).unwrap();
        let conn = Connection::open_in_memory().unwrap();
        sign(&conn, &key, "abc123").unwrap();
        assert_eq!(
            signer(&conn, "abc123").unwrap(),
            Some(public_text(&key.verifying_key()))
        );
        assert!(
            signer(&conn, "abc124")
                .unwrap_err()
                .contains("does not match")
        );
        // a forger's own key and signature over the checksum verify, but as that key
        let forger = SigningKey::from_bytes(&[7u8; 32]);
        let other = Connection::open_in_memory().unwrap();
        sign(&other, &forger, "abc123").unwrap();
        assert_ne!(
            signer(&other, "abc123").unwrap(),
            Some(public_text(&key.verifying_key()))
        );
        // the desk's key with another signature
        other
            .execute(
                "UPDATE signature SET signer = ?1",
                params![public_text(&key.verifying_key())],
            )
            .unwrap();
        assert!(signer(&other, "abc123").is_err());
        let unsigned = Connection::open_in_memory().unwrap();
        assert_eq!(signer(&unsigned, "abc123").unwrap(), None);
    }

    #[test]
    fn the_first_key_is_learned_and_then_required() {
        let s = store();
        let keys = |d: &str| s.trusted_keys(d);
        let desks = vec!["Noord".to_string()];
        assert!(matches!(
            check(keys, &desks, None).unwrap(),
            Verdict::Trusted
        ));
        assert!(matches!(
            check(keys, &desks, Some("ed25519:aa")).unwrap(),
            Verdict::Learn(d) if d == desks
        ));
        assert!(s.trust_key("Noord", "ed25519:aa").unwrap());
        assert!(!s.trust_key("Noord", "ed25519:aa").unwrap());
        assert!(matches!(
            check(keys, &desks, Some("ed25519:aa")).unwrap(),
            Verdict::Trusted
        ));
        let Verdict::Refused(why) = check(keys, &desks, Some("ed25519:bb")).unwrap() else {
            panic!("another key is refused");
        };
        let why = why.to_string();
        assert!(why.contains("ed25519:aa") && why.contains("Noord"), "{why}");
        assert!(matches!(
            check(keys, &desks, None).unwrap(),
            Verdict::Refused(_)
        ));
        // a second key for a desk's new PC, given by hand
        s.trust_key("Noord", "ed25519:bb").unwrap();
        assert!(matches!(
            check(keys, &desks, Some("ed25519:bb")).unwrap(),
            Verdict::Trusted
        ));
        assert_eq!(
            s.all_trusted_keys().unwrap(),
            vec![(
                "Noord".to_string(),
                vec!["ed25519:aa".to_string(), "ed25519:bb".to_string()]
            )]
        );
    }
}
