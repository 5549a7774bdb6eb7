//! Tests of the key file, the recovery key, conversions both ways, the PIN and sealing, on
//! real files in a fresh folder each.

use std::path::Path;

use chrono::NaiveDateTime;

use super::convert::{self, fingerprint};
use super::*;
use crate::config::Config;
use crate::domain::{AT_FORMAT, Contact};
use crate::store::{DB_FILE, Store, StoreError};

/// A cheap cost, so the tests are quick; the real default is measured in BENCHMARKS.md.
const CHEAP: Kdf = Kdf {
    memory_kib: 1024,
    iterations: 1,
    parallelism: 1,
};

const NOTE: &str = "lekkage keukenplafond zevende verdieping";
const RESIDENT: &str = "R-4711";

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
}

fn secret(s: &str) -> Secret {
    Secret::new(s.to_string())
}

/// A data folder with three contacts (one with the known note and resident code), an
/// article link, audit entries and a backup.
fn filled(dir: &Path) -> Store {
    let mut store = Store::open_dir(dir).unwrap();
    let now = at("2026-11-25 11:00");
    crate::kb::sync_shipped(&mut store, now).unwrap();
    let mut ids = Vec::new();
    for (i, topic) in ["splitsing", "huur", "taal"].iter().enumerate() {
        let mut c = Contact::bare(
            at(&format!("2026-11-2{i} 10:30")),
            "Buurtwerkkamer MultiBron",
            "AB",
            vec![topic.to_string()],
            now,
        );
        if i == 0 {
            c.note = NOTE.into();
            c.resident = Some(RESIDENT.into());
        }
        c.validate(&Config::shipped()).unwrap();
        store.insert(&c).unwrap();
        ids.push(c.id.clone());
    }
    let article = crate::kb::list(&store).unwrap()[0].article.id.clone();
    store.link_article(&ids[0], &article, now).unwrap();
    store
        .audit(
            now,
            "AB",
            crate::store::audit::AuditKind::Export,
            &[],
            "test export",
        )
        .unwrap();
    crate::backup::write_daily(&store, dir, now).unwrap();
    store
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Every file in `dir` (and below) holding `needle` as bytes.
fn files_with(dir: &Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            found.extend(files_with(&p, needle));
        } else if contains(&std::fs::read(&p).unwrap(), needle) {
            found.push(p.display().to_string());
        }
    }
    found
}

#[test]
fn the_key_file_opens_with_its_passphrase_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(KEY_FILE);
    let key = DbKey::generate();
    KeyFile::wrap(&key, &secret("goede wachtwoordzin"), CHEAP)
        .unwrap()
        .write(&path)
        .unwrap();
    let file = KeyFile::read(&path).unwrap();
    let back = file.unwrap(&secret("goede wachtwoordzin"), &path).unwrap();
    assert_eq!(back.bytes(), key.bytes());
    assert!(matches!(
        file.unwrap(&secret("verkeerde wachtwoordzin"), &path),
        Err(CryptError::WrongPassphrase)
    ));
    // the file holds neither the key nor its recovery text
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains(&hex_of(key.bytes())));
    assert!(!text.contains(key.recovery_text().as_str()));
    // a lowered cost written into the file does not open it
    let tampered = text.replace("\"iterations\": 1", "\"iterations\": 2");
    assert_ne!(tampered, text);
    std::fs::write(&path, tampered).unwrap();
    let file = KeyFile::read(&path).unwrap();
    assert!(file.unwrap(&secret("goede wachtwoordzin"), &path).is_err());
}

fn hex_of(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_damaged_key_file_says_so_and_points_to_the_recovery_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(KEY_FILE);
    for junk in [
        &b"{\"format\": \"balie-key\", \"vers"[..],
        b"\x00\x01garbage",
        b"",
    ] {
        std::fs::write(&path, junk).unwrap();
        let e = KeyFile::read(&path).unwrap_err();
        assert!(matches!(e, CryptError::KeyFileDamaged { .. }), "{e}");
        let text = e.to_string();
        assert!(
            text.contains("damaged") && text.contains("balie recover"),
            "{text}"
        );
    }
}

#[test]
fn the_recovery_key_reads_back_however_it_is_typed() {
    let key = DbKey::generate();
    let text = key.recovery_text();
    assert_eq!(text.split('-').count(), 13, "{}", text.as_str());
    let sloppy = text.to_lowercase().replace('-', " ");
    for typed in [text.as_str(), sloppy.as_str()] {
        assert_eq!(
            DbKey::from_recovery_text(typed).unwrap().bytes(),
            key.bytes()
        );
    }
    assert!(DbKey::from_recovery_text("ABCD-EFGH").is_none());
    assert!(DbKey::from_recovery_text(&text.replace('A', "1")).is_none() || !text.contains('A'));
}

#[test]
fn encrypt_then_decrypt_keeps_every_row_and_leaves_no_plain_byte() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = filled(&data);
    let before = fingerprint(store.conn()).unwrap();
    assert!(before.rows("contacts") == 3 && before.rows("contact_articles") == 1);
    assert!(before.rows("audit") >= 1);
    drop(store);
    assert!(
        !files_with(&data, NOTE).is_empty(),
        "the plain files hold the note"
    );

    let (key, done) = convert::encrypt(&data, &secret("lange wachtwoordzin"), CHEAP).unwrap();
    assert_eq!((done.contacts, done.article_links, done.backups), (3, 1, 1));
    for needle in [NOTE, RESIDENT, "splitsing", "SQLite format 3"] {
        assert_eq!(files_with(&data, needle), Vec::<String>::new(), "{needle}");
    }
    // plain SQLite (no key) cannot read the database or its backup
    let backup = crate::backup::list(&data).unwrap().remove(0);
    for file in [data.join(DB_FILE), backup.clone()] {
        let plain = rusqlite::Connection::open(&file).unwrap();
        let e = plain
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap_err();
        assert_eq!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::NotADatabase)
        );
    }
    assert!(matches!(
        Store::open_dir(&data),
        Err(StoreError::Encrypted(_))
    ));
    // with the key: the same rows, and writing goes on encrypted (WAL too)
    let mut store = Store::open_dir_keyed(&data, Some(&key)).unwrap();
    assert_eq!(fingerprint(store.conn()).unwrap(), before);
    let mut c = Contact::bare(
        at("2026-11-25 11:30"),
        "Buurtwerkkamer MultiBron",
        "AB",
        vec!["huur".into()],
        at("2026-11-25 11:30"),
    );
    c.note = "tweede notitie over schimmel".into();
    c.validate(&Config::shipped()).unwrap();
    store.insert(&c).unwrap();
    store
        .set_setting(
            crate::store::Setting::Draft.key(),
            "{\"note\":\"half getypte concepttekst\"}",
        )
        .unwrap();
    let wal = data.join(format!("{DB_FILE}-wal"));
    assert!(wal.exists(), "still in WAL mode");
    assert!(std::fs::metadata(&wal).unwrap().len() > 0);
    for needle in ["schimmel", "concepttekst", "huur"] {
        assert_eq!(files_with(&data, needle), Vec::<String>::new(), "{needle}");
    }
    // a new backup of the encrypted database is encrypted as well
    let newer = crate::backup::write_in(&store, &data, at("2026-11-25 12:00"), None).unwrap();
    assert!(!convert::is_plain_sqlite(&newer));
    assert!(!contains(&std::fs::read(&newer).unwrap(), "schimmel"));
    let backup_store = Store::open_keyed(&newer, Some(&key)).unwrap();
    assert!(backup_store.get(&c.id).unwrap().is_some());
    drop(backup_store);
    let after_insert = fingerprint(store.conn()).unwrap();
    drop(store);

    let done = convert::decrypt(&data, &key).unwrap();
    assert_eq!((done.contacts, done.backups), (4, 2));
    assert!(!data.join(KEY_FILE).exists());
    let store = Store::open_dir(&data).unwrap();
    assert_eq!(fingerprint(store.conn()).unwrap(), after_insert);
    for b in crate::backup::list(&data).unwrap() {
        assert!(convert::is_plain_sqlite(&b), "{}", b.display());
    }
}

#[test]
fn a_wrong_key_changes_no_byte() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    drop(filled(&data));
    let (_key, _) = convert::encrypt(&data, &secret("lange wachtwoordzin"), CHEAP).unwrap();
    let snapshot = |d: &Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
            .collect();
        v.sort();
        v
    };
    let before = snapshot(&data);
    let other = DbKey::generate();
    assert!(matches!(
        Store::open_dir_keyed(&data, Some(&other)),
        Err(StoreError::WrongKey(_))
    ));
    assert!(matches!(
        convert::decrypt(&data, &other),
        Err(convert::ConvertError::Store(StoreError::WrongKey(_)))
    ));
    assert_eq!(snapshot(&data), before);
}

#[test]
fn a_desk_screen_holding_the_database_open_stops_a_conversion() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let store = filled(&data);
    let e = convert::encrypt(&data, &secret("lange wachtwoordzin"), CHEAP).unwrap_err();
    assert!(matches!(e, convert::ConvertError::InUse), "{e}");
    assert!(!data.join(KEY_FILE).exists());
    assert!(convert::is_plain_sqlite(&data.join(DB_FILE)));
    assert_eq!(store.count(&crate::store::Filter::default()).unwrap(), 3);
}

#[test]
fn settle_finishes_or_undoes_a_conversion_cut_short() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    drop(filled(&data));
    let db = data.join(DB_FILE);
    let key_new = data.join(format!("{KEY_FILE}.new"));
    let converting = data.join(format!("{DB_FILE}.converting"));
    // cut before the swap: the new key file and the half-written copy go, the plain stays
    std::fs::write(&key_new, "{}").unwrap();
    std::fs::write(&converting, "half").unwrap();
    convert::settle(&data).unwrap();
    assert!(!key_new.exists() && !converting.exists());
    assert!(convert::is_plain_sqlite(&db));
    assert!(unlock(&data, crate::i18n::Lang::Nl).unwrap().is_none());

    // cut after the database was swapped in but before the key file's rename
    let (key, _) = convert::encrypt(&data, &secret("lange wachtwoordzin"), CHEAP).unwrap();
    std::fs::rename(data.join(KEY_FILE), &key_new).unwrap();
    convert::settle(&data).unwrap();
    assert!(data.join(KEY_FILE).exists() && !key_new.exists());
    assert!(Store::open_dir_keyed(&data, Some(&key)).is_ok());
}

#[test]
fn five_wrong_pins_leave_only_the_passphrase() {
    let store = Store::open_in_memory().unwrap();
    assert!(matches!(
        pin::set(&store, &secret("12345")),
        Err(pin::PinError::Invalid)
    ));
    assert!(matches!(
        pin::set(&store, &secret("12a456")),
        Err(pin::PinError::Invalid)
    ));
    assert_eq!(
        pin::check(&store, &secret("123456")).unwrap(),
        pin::PinCheck::NoPin
    );
    pin::set(&store, &secret("246810")).unwrap();
    assert!(
        !store
            .setting(crate::store::Setting::LockPin.key())
            .unwrap()
            .unwrap()
            .contains("246810")
    );
    assert_eq!(
        pin::check(&store, &secret("246810")).unwrap(),
        pin::PinCheck::Right
    );
    for left in (1..5).rev() {
        assert_eq!(
            pin::check(&store, &secret("111111")).unwrap(),
            pin::PinCheck::Wrong { left }
        );
    }
    assert_eq!(
        pin::check(&store, &secret("111111")).unwrap(),
        pin::PinCheck::LockedOut
    );
    // now even the right PIN is refused, until the passphrase unlocks once
    assert_eq!(
        pin::check(&store, &secret("246810")).unwrap(),
        pin::PinCheck::LockedOut
    );
    assert!(!pin::usable(&store).unwrap());
    pin::reset_failures(&store).unwrap();
    assert_eq!(
        pin::check(&store, &secret("246810")).unwrap(),
        pin::PinCheck::Right
    );
}

#[test]
fn a_sealed_bundle_opens_for_its_coordinator_only() {
    let ours = Store::open_in_memory().unwrap();
    let theirs = Store::open_in_memory().unwrap();
    let public = seal::init(&ours, false).unwrap();
    assert!(matches!(seal::init(&ours, false), Err(seal::SealError::Exists(p)) if p == public));
    seal::init(&theirs, false).unwrap();
    let recipient = seal::parse_recipient(&public).unwrap();
    let sealed = seal::seal(&recipient, NOTE.as_bytes()).unwrap();
    assert!(seal::is_sealed(&sealed) && !contains(&sealed, NOTE));
    assert_eq!(&seal::open(&ours, &sealed).unwrap()[..], NOTE.as_bytes());
    assert!(matches!(
        seal::open(&theirs, &sealed),
        Err(seal::SealError::NotForUs(_))
    ));
    let none = Store::open_in_memory().unwrap();
    assert!(matches!(
        seal::open(&none, &sealed),
        Err(seal::SealError::NoIdentity)
    ));
    let mut cut = sealed.clone();
    cut.truncate(sealed.len() - 10);
    assert!(matches!(
        seal::open(&ours, &cut),
        Err(seal::SealError::Damaged(_))
    ));
}
