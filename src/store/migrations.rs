//! The schema, as an ordered list of migrations. Never edit a migration that has shipped:
//! add a new one.

use rusqlite_migration::{M, Migrations};

/// Version 1: contacts, their topics, remembered settings, tombstones and the audit log.
const V1: &str = r#"
CREATE TABLE contacts (
    id            TEXT PRIMARY KEY NOT NULL,
    at            TEXT NOT NULL,
    desk          TEXT NOT NULL,
    volunteer     TEXT NOT NULL,
    channel       TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('kort', 'hulpvraag')),
    landlord      TEXT NOT NULL,
    minutes       INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 0 AND 1440),
    referred_from TEXT,
    referred_to   TEXT,
    language      TEXT,
    resident      TEXT,
    postcode      TEXT CHECK (postcode IS NULL OR (length(postcode) = 4 AND postcode GLOB '[1-9][0-9][0-9][0-9]')),
    follow_up     TEXT,
    note          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX contacts_at ON contacts (at);
CREATE INDEX contacts_desk_at ON contacts (desk, at);
CREATE INDEX contacts_resident ON contacts (resident) WHERE resident IS NOT NULL;

CREATE TABLE contact_topics (
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    topic      TEXT NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (contact_id, topic)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_topics_topic ON contact_topics (topic);

CREATE TABLE deleted_contacts (
    id         TEXT PRIMARY KEY NOT NULL,
    deleted_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE audit (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    volunteer   TEXT NOT NULL,
    action      TEXT NOT NULL,
    contact_ids TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#;

/// Version 2: the knowledge base. Articles (shipped with the binary or written by the desk),
/// a full-text index over their title, aliases and plain-text body, and the articles linked to
/// each contact. `seq` is an explicit rowid so the full-text rows keep pointing at the right
/// article after a VACUUM. `contact_articles.article_id` is deliberately not a foreign key: a
/// link outlives an article that a newer binary stops shipping, so the contact still shows which
/// article was given.
const V2: &str = r#"
CREATE TABLE articles (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    aliases      TEXT NOT NULL CHECK (json_valid(aliases)),
    topics       TEXT NOT NULL CHECK (json_valid(topics)),
    source       TEXT NOT NULL,
    valid_from   TEXT NOT NULL,
    valid_until  TEXT,
    last_checked TEXT NOT NULL,
    review_by    TEXT,
    body         TEXT NOT NULL,
    origin       TEXT NOT NULL CHECK (origin IN ('shipped', 'local')),
    content_hash TEXT NOT NULL,
    shipped_hash TEXT,
    updated_at   TEXT NOT NULL
) STRICT;

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, aliases, body,
    tokenize = "unicode61 remove_diacritics 2",
    prefix = '3 4 5 6'
);
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles
BEGIN DELETE FROM articles_fts WHERE rowid = old.seq; END;

CREATE TABLE contact_articles (
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    linked_at  TEXT NOT NULL,
    PRIMARY KEY (contact_id, article_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_articles_article ON contact_articles (article_id);
"#;

/// Version 3: several desks, one picture. A contact can carry a signal (a short label for a
/// recurring problem) and records when its follow-up was marked done; the follow-ups still
/// open are found through a partial index, so the list of what is due stays instant.
/// Version 4: the open follow-ups of one desk, by day. The main screen counts them on every
/// reload; through the V3 index alone that read every open follow-up of every desk (37,000
/// in a demo city: tens of milliseconds per reload).
const V4: &str = r#"
CREATE INDEX contacts_desk_follow_up_open ON contacts (desk, follow_up)
    WHERE follow_up IS NOT NULL AND follow_up_done IS NULL;
"#;

const V3: &str = r#"
ALTER TABLE contacts ADD COLUMN signal TEXT;
ALTER TABLE contacts ADD COLUMN follow_up_done TEXT;
CREATE INDEX contacts_follow_up_open ON contacts (follow_up)
    WHERE follow_up IS NOT NULL AND follow_up_done IS NULL;
CREATE INDEX contacts_signal ON contacts (signal) WHERE signal IS NOT NULL;
"#;

/// Version 5: honest article dates and the desk's own versions. An article separates the date
/// of its facts (`facts_from`) from a real check (`last_checked`, with `checked_against`), so
/// `valid_from` and `last_checked` may be empty; SQLite cannot drop a NOT NULL, so the table is
/// rebuilt with the same `seq` values (the full-text rows keep pointing at their article) and
/// the old rows keep their dates (`facts_from` unknown). `article_versions` keeps every text an
/// edit, review or revert replaced, and the text it wrote: the article's history.
const V5: &str = r#"
CREATE TABLE articles_v5 (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    aliases         TEXT NOT NULL CHECK (json_valid(aliases)),
    topics          TEXT NOT NULL CHECK (json_valid(topics)),
    source          TEXT NOT NULL,
    facts_from      TEXT,
    valid_from      TEXT,
    valid_until     TEXT,
    last_checked    TEXT,
    checked_against TEXT,
    review_by       TEXT,
    body            TEXT NOT NULL,
    origin          TEXT NOT NULL CHECK (origin IN ('shipped', 'local')),
    content_hash    TEXT NOT NULL,
    shipped_hash    TEXT,
    updated_at      TEXT NOT NULL,
    CHECK (facts_from IS NOT NULL OR last_checked IS NOT NULL)
) STRICT;
INSERT INTO articles_v5 (seq, id, title, aliases, topics, source, facts_from, valid_from,
    valid_until, last_checked, checked_against, review_by, body, origin, content_hash,
    shipped_hash, updated_at)
SELECT seq, id, title, aliases, topics, source, NULL, valid_from, valid_until, last_checked,
    NULL, review_by, body, origin, content_hash, shipped_hash, updated_at FROM articles;
DROP TABLE articles;
ALTER TABLE articles_v5 RENAME TO articles;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles
BEGIN DELETE FROM articles_fts WHERE rowid = old.seq; END;

CREATE TABLE article_versions (
    article_id TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    text       TEXT NOT NULL,
    origin     TEXT NOT NULL CHECK (origin IN ('shipped', 'local')),
    change     TEXT NOT NULL CHECK (change IN ('before', 'edit', 'review', 'revert')),
    note       TEXT NOT NULL DEFAULT '',
    volunteer  TEXT NOT NULL,
    saved_at   TEXT NOT NULL,
    PRIMARY KEY (article_id, version)
) STRICT, WITHOUT ROWID;
"#;

/// Version 6: the upload queue for syncing with a server (see [`super::sync_queue`]).
const V6: &str = super::sync_queue::QUEUE_SCHEMA;

/// Version 7: a resident's contacts at one desk, by the code's key (without its dashes; stored
/// codes are upper case already), for the thread the entry form shows while the code is
/// typed. Without it every keystroke read all of the desk's contacts (a demo desk of 33,000
/// contacts: 20-40 ms CPU a lookup; with it, under 2 ms). The expression must stay exactly the
/// one in `store/thread.rs`.
const V7: &str = r#"
CREATE INDEX contacts_desk_resident_key ON contacts (desk, upper(replace(resident, '-', '')))
    WHERE resident IS NOT NULL;
"#;

/// Version 8: resident codes in one spelling (upper case, no spaces or dashes), so `K-0042`
/// and `k0042` count and are forgotten as one resident; and the contacts whose note and
/// resident code were erased (purge, forget), so neither an undo, a bundle nor a restore
/// brings them back. No foreign key: an erasure outlives a deleted contact, which may come
/// back from a bundle.
const V8: &str = r#"
UPDATE contacts SET resident = upper(replace(replace(resident, '-', ''), ' ', ''))
    WHERE resident IS NOT NULL;
CREATE TABLE erasures (
    contact_id TEXT PRIMARY KEY NOT NULL,
    erased_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
"#;

pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1),
        M::up(V2),
        M::up(V3),
        M::up(V4),
        M::up(V5),
        M::up(V6),
        M::up(V7),
        M::up(V8),
    ])
}

/// The schema version this binary writes.
pub fn latest_version() -> usize {
    8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }

    #[test]
    fn latest_version_matches_the_list() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v as usize, latest_version());
    }

    #[test]
    fn a_v1_database_with_contacts_upgrades_to_v2() {
        use crate::domain::ContactId;
        use crate::store::{APPLICATION_ID, Store};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("balie.sqlite");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            Migrations::new(vec![M::up(V1)])
                .to_latest(&mut conn)
                .unwrap();
            conn.execute_batch(
                "INSERT INTO contacts (id, at, desk, volunteer, channel, kind, landlord, note,
                     created_at, updated_at)
                 VALUES ('01JDV1CONTACT0000000000000', '2026-11-20 10:30', 'WSWonen Noord', 'AB',
                     'inloop', 'hulpvraag', 'ymere', 'schimmel in de badkamer',
                     '2026-11-20 10:31:00', '2026-11-20 10:31:00');
                 INSERT INTO contact_topics (contact_id, topic, position)
                 VALUES ('01JDV1CONTACT0000000000000', 'onderhoud', 0);
                 INSERT INTO settings (key, value) VALUES ('desk', 'WSWonen Noord');",
            )
            .unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        let v: i64 = store
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v as usize, latest_version());
        let id = ContactId("01JDV1CONTACT0000000000000".into());
        let c = store
            .get(&id)
            .unwrap()
            .expect("the V1 contact is still there");
        assert_eq!(
            (c.note.as_str(), c.topics.clone()),
            ("schimmel in de badkamer", vec!["onderhoud".to_string()])
        );
        assert_eq!(
            store.setting("desk").unwrap().as_deref(),
            Some("WSWonen Noord")
        );
        // The new tables work with the old rows.
        let now = c.created_at;
        crate::kb::sync_shipped(&mut store, now).unwrap();
        assert!(
            store
                .link_article(&id, "achterstallig-onderhoud-vocht-schimmel", now)
                .unwrap()
        );
        assert_eq!(
            store.linked_article_ids(&id).unwrap(),
            vec!["achterstallig-onderhoud-vocht-schimmel"]
        );
        let mut s = crate::kb::Searcher::load(&store).unwrap();
        assert_eq!(
            s.search(&store, "schimel", 1).unwrap()[0].id,
            "achterstallig-onderhoud-vocht-schimmel"
        );
    }

    #[test]
    fn a_v2_database_with_contacts_upgrades_to_v3() {
        use chrono::NaiveDate;

        use crate::domain::ContactId;
        use crate::store::{APPLICATION_ID, Store};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("balie.sqlite");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            Migrations::new(vec![M::up(V1), M::up(V2)])
                .to_latest(&mut conn)
                .unwrap();
            conn.execute_batch(
                "INSERT INTO contacts (id, at, desk, volunteer, channel, kind, landlord,
                     referred_to, follow_up, note, created_at, updated_at)
                 VALUES ('01JDV2CONTACT0000000000000', '2026-11-20 10:30', 'WSWonen Noord', 'AB',
                     'inloop', 'hulpvraag', 'ymere', 'madi', '2026-11-27', 'brief gekregen',
                     '2026-11-20 10:31:00', '2026-11-20 10:31:00');
                 INSERT INTO contact_topics (contact_id, topic, position)
                 VALUES ('01JDV2CONTACT0000000000000', 'huur', 0);
                 INSERT INTO contact_articles (contact_id, article_id, linked_at)
                 VALUES ('01JDV2CONTACT0000000000000', 'huurverhoging', '2026-11-20 10:31:00');",
            )
            .unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        let v: i64 = store
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v as usize, latest_version());
        let id = ContactId("01JDV2CONTACT0000000000000".into());
        let c = store
            .get(&id)
            .unwrap()
            .expect("the V2 contact is still there");
        assert_eq!(c.note, "brief gekregen");
        assert_eq!((c.signal.as_deref(), c.follow_up_done), (None, None));
        assert_eq!(
            store.linked_article_ids(&id).unwrap(),
            vec!["huurverhoging"]
        );
        // The old contact's open follow-up is found through the new index, and can be done.
        let friday = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let due = store.follow_ups_due(friday, None).unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].id, id);
        let now = friday.and_hms_opt(9, 0, 0).unwrap();
        store.mark_follow_up_done(&id, "AB", now).unwrap();
        assert!(store.follow_ups_due(friday, None).unwrap().is_empty());
        // And it can carry a signal now.
        let mut edited = store.get(&id).unwrap().unwrap();
        edited.signal = Some("Ymere Noord huurverhoging".into());
        edited.updated_at = now;
        assert!(store.update(&edited, "AB").unwrap());
        assert_eq!(
            store.get(&id).unwrap().unwrap().signal.as_deref(),
            Some("Ymere Noord huurverhoging")
        );
        let plan: String = store
            .conn()
            .query_row(
                "EXPLAIN QUERY PLAN SELECT id FROM contacts
                 WHERE follow_up IS NOT NULL AND follow_up_done IS NULL AND follow_up <= '2026-11-27'",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("contacts_follow_up_open"), "{plan}");
    }

    #[test]
    fn a_v3_database_with_follow_ups_upgrades_to_v4_and_counts_one_desk_through_its_index() {
        use chrono::NaiveDate;

        use crate::store::{APPLICATION_ID, Store};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("balie.sqlite");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            Migrations::new(vec![M::up(V1), M::up(V2), M::up(V3)])
                .to_latest(&mut conn)
                .unwrap();
            conn.execute_batch(
                "INSERT INTO contacts (id, at, desk, volunteer, channel, kind, landlord,
                     follow_up, note, created_at, updated_at, signal)
                 VALUES ('01JDV3CONTACT0000000000000', '2026-11-20 10:30', 'WSWonen Noord', 'AB',
                     'inloop', 'kort', 'ymere', '2026-11-23', '', '2026-11-20 10:31:00',
                     '2026-11-20 10:31:00', 'Kolenkit renovatie'),
                   ('01JDV3CONTACT0000000000001', '2026-11-20 11:30', 'WSWonen Oost', 'CD',
                     'inloop', 'kort', 'ymere', '2026-11-23', '', '2026-11-20 11:31:00',
                     '2026-11-20 11:31:00', NULL);
                 INSERT INTO contact_topics (contact_id, topic, position)
                 VALUES ('01JDV3CONTACT0000000000000', 'huur', 0),
                        ('01JDV3CONTACT0000000000001', 'taal', 0);",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let v: i64 = store
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v as usize, latest_version());
        let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(
            store
                .follow_ups_due_count(day, Some("WSWonen Noord"))
                .unwrap(),
            1
        );
        assert_eq!(store.follow_ups_due_count(day, None).unwrap(), 2);
        let due = store.follow_ups_due(day, Some("WSWonen Oost")).unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].signal, None);
        let plan: String = store
            .conn()
            .query_row(
                "EXPLAIN QUERY PLAN SELECT count(*) FROM contacts c
                 WHERE c.follow_up IS NOT NULL AND c.follow_up_done IS NULL
                   AND c.follow_up <= ?1 AND c.desk = ?2",
                rusqlite::params!["2026-11-25", "WSWonen Noord"],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("contacts_desk_follow_up_open"), "{plan}");
    }

    #[test]
    fn a_v4_database_with_an_edited_article_upgrades_to_v5_keeping_its_dates_and_search() {
        use chrono::NaiveDate;

        use crate::store::{APPLICATION_ID, Store};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("balie.sqlite");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            Migrations::new(vec![M::up(V1), M::up(V2), M::up(V3), M::up(V4)])
                .to_latest(&mut conn)
                .unwrap();
            conn.execute_batch(
                "INSERT INTO articles (seq, id, title, aliases, topics, source, valid_from,
                     valid_until, last_checked, review_by, body, origin, content_hash,
                     shipped_hash, updated_at)
                 VALUES (7, 'fietsenmaker', 'Fietsenmaker', '[\"fiets\"]', '[\"klussen\"]',
                     'Eigen ervaring (2026)', '2026-01-01', NULL, '2026-11-01', '2027-05-01',
                     'Op dinsdag plakt een vrijwilliger banden.', 'local', 'abc', NULL,
                     '2026-11-20 10:31:00');
                 INSERT INTO articles_fts (rowid, title, aliases, body)
                 VALUES (7, 'Fietsenmaker', 'fiets', 'Op dinsdag plakt een vrijwilliger banden.');",
            )
            .unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        let v: i64 = store
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v as usize, latest_version());
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let a = crate::kb::get(&store, "fietsenmaker").unwrap().unwrap();
        assert_eq!(
            a.article.facts_from, None,
            "the old row's facts have no date"
        );
        assert_eq!(a.article.valid_from, Some(day("2026-01-01")));
        assert_eq!(a.article.last_checked, Some(day("2026-11-01")));
        assert_eq!(a.article.review_by, Some(day("2027-05-01")));
        assert_eq!(a.origin, crate::kb::Origin::Local);
        let mut s = crate::kb::Searcher::load(&store).unwrap();
        assert_eq!(s.search(&store, "banden", 1).unwrap()[0].id, "fietsenmaker");
        // Deleting an article still takes its full-text row with it (the trigger came back).
        store
            .conn()
            .execute("DELETE FROM articles WHERE id = 'fietsenmaker'", [])
            .unwrap();
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM articles_fts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
        let now = chrono::NaiveDateTime::parse_from_str("2026-12-03 10:00:00", "%Y-%m-%d %H:%M:%S")
            .unwrap();
        crate::kb::sync_shipped(&mut store, now).unwrap();
        assert!(crate::kb::history(&store, "urgentie").unwrap().is_empty());
    }

    #[test]
    fn a_v5_database_upgrades_to_the_latest_and_finds_a_residents_thread_through_its_index() {
        use crate::store::{APPLICATION_ID, Store};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("balie.sqlite");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            Migrations::new(vec![M::up(V1), M::up(V2), M::up(V3), M::up(V4), M::up(V5)])
                .to_latest(&mut conn)
                .unwrap();
            conn.execute_batch(
                "INSERT INTO contacts (id, at, desk, volunteer, channel, kind, landlord,
                     resident, note, created_at, updated_at)
                 VALUES ('01JDV5CONTACT0000000000000', '2026-11-20 10:30', 'WSWonen Noord', 'AB',
                     'inloop', 'kort', 'ymere', 'K-0042', 'brief', '2026-11-20 10:31:00',
                     '2026-11-20 10:31:00'),
                   ('01JDV5CONTACT0000000000001', '2026-11-21 10:30', 'WSWonen Noord', 'AB',
                     'inloop', 'kort', 'ymere', 'K0042', '', '2026-11-21 10:31:00',
                     '2026-11-21 10:31:00'),
                   ('01JDV5CONTACT0000000000002', '2026-11-21 11:30', 'WSWonen Oost', 'CD',
                     'inloop', 'kort', 'ymere', 'K-0042', 'elders', '2026-11-21 11:31:00',
                     '2026-11-21 11:31:00');
                 INSERT INTO contact_topics (contact_id, topic, position)
                 VALUES ('01JDV5CONTACT0000000000000', 'huur', 0),
                        ('01JDV5CONTACT0000000000001', 'huur', 0),
                        ('01JDV5CONTACT0000000000002', 'taal', 0);",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let thread = store
            .resident_thread("WSWonen Noord", "k 0042", None)
            .unwrap();
        assert_eq!(thread.contacts, 2);
        assert_eq!(thread.recent[1].note, "brief");
        let sql = format!(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM contacts c WHERE {}",
            crate::store::thread::THREAD_WHERE
        );
        let plan: String = store
            .conn()
            .query_row(&sql, rusqlite::params!["WSWonen Noord", "K0042", ""], |r| {
                r.get(3)
            })
            .unwrap();
        assert!(plan.contains("contacts_desk_resident_key"), "{plan}");
    }

    #[test]
    fn a_v5_database_gets_one_spelling_per_resident_code() {
        use crate::store::{APPLICATION_ID, Filter, Store};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("balie.sqlite");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            Migrations::new(vec![M::up(V1), M::up(V2), M::up(V3), M::up(V4), M::up(V5)])
                .to_latest(&mut conn)
                .unwrap();
            for (id, code) in [
                ("01JDV4C0", "K-0042"),
                ("01JDV4C1", "K0042"),
                ("01JDV4C2", "K-0043"),
            ] {
                conn.execute(
                    "INSERT INTO contacts (id, at, desk, volunteer, channel, kind, landlord,
                         resident, note, created_at, updated_at)
                     VALUES (?1, '2026-11-20 10:30', 'D', 'AB', 'inloop', 'kort', 'ymere', ?2,
                         '', '2026-11-20 10:31:00', '2026-11-20 10:31:00')",
                    rusqlite::params![id, code],
                )
                .unwrap();
            }
        }
        let mut store = Store::open(&path).unwrap();
        let codes: Vec<Option<String>> = store
            .list(&Filter::default())
            .unwrap()
            .into_iter()
            .map(|c| c.resident)
            .collect();
        assert_eq!(
            codes,
            vec![
                Some("K0042".into()),
                Some("K0042".into()),
                Some("K0043".into())
            ]
        );
        let at =
            chrono::NaiveDateTime::parse_from_str("2026-11-25 10:00", "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            store.forget_resident("k-0042", "AB", at).unwrap().residents,
            2
        );
    }
}
