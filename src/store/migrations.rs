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

pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(V1), M::up(V2)])
}

/// The schema version this binary writes.
pub fn latest_version() -> usize {
    2
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
        assert_eq!(v, 2);
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
}
