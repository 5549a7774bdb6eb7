//! The server side: the `balie` schema in an existing PostgreSQL database (13 or newer), as an
//! ordered list of migrations run by `balie server init` (never edit one that has shipped: add
//! a new one), and the check every sync makes that the server's schema is one this balie
//! speaks.
//!
//! Who may do what is PostgreSQL's business, not balie's:
//! - `balie_desk` (the group of every desk login) may insert, update, delete and read only the
//!   rows of its own desk (`balie.my_desk()`, from `balie.desks`), and read the articles;
//! - `balie_coordinator` may read every desk's rows and publish articles;
//! - only the administrator who ran `init` owns the schema and can change it.
//!
//! Every contact row records the transaction that last wrote it (`changed_by_tx`), which is
//! what lets a coordinator pull incrementally without missing a slow transaction (see
//! [`super::pull`]).

use postgres::{Client, GenericClient};

use super::{SyncError, SyncUrl};

/// The group role of every desk login.
pub const DESK_GROUP: &str = "balie_desk";
/// The group role of every coordinator login.
pub const COORDINATOR_GROUP: &str = "balie_coordinator";

/// Roles are shared by every database of a cluster, so `init` creates them once.
const ROLES: &str = r#"
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'balie_desk') THEN
        CREATE ROLE balie_desk NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'balie_coordinator') THEN
        CREATE ROLE balie_coordinator NOLOGIN;
    END IF;
END
$$;
"#;

/// Version 1: desks, contacts with their topics and article links, tombstones, published
/// articles, the policies, and the views for analysts.
const V1: &str = r#"
CREATE SCHEMA balie;
REVOKE ALL ON SCHEMA balie FROM PUBLIC;
GRANT USAGE ON SCHEMA balie TO balie_desk, balie_coordinator;

CREATE TABLE balie.schema_version (
    version    integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON balie.schema_version TO balie_desk, balie_coordinator;

CREATE TABLE balie.instance (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid()
);
INSERT INTO balie.instance DEFAULT VALUES;
GRANT SELECT ON balie.instance TO balie_desk, balie_coordinator;

-- One row per login: its desk (or coordinator) name, and what it last reported.
CREATE TABLE balie.desks (
    name          text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
    role          name NOT NULL UNIQUE,
    kind          text NOT NULL CHECK (kind IN ('desk', 'coordinator')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_sync     timestamptz,
    contacts      bigint,
    waiting       bigint,
    oldest_unsent timestamp
);
ALTER TABLE balie.desks ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_row ON balie.desks FOR SELECT TO balie_desk, balie_coordinator
    USING (role = session_user);
CREATE POLICY coordinator_reads ON balie.desks FOR SELECT TO balie_coordinator USING (true);
GRANT SELECT ON balie.desks TO balie_desk, balie_coordinator;

-- The desk of the login running this session; NULL for anyone else.
CREATE FUNCTION balie.my_desk() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$ SELECT name FROM balie.desks WHERE role = session_user AND kind = 'desk' $$;
-- The name and kind the server knows this login as.
CREATE FUNCTION balie.whoami(OUT name text, OUT kind text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$ SELECT name, kind FROM balie.desks WHERE role = session_user $$;
-- A login reports, after each sync, how many contacts it holds and what still waits.
CREATE FUNCTION balie.report_sync(contacts bigint, waiting bigint, oldest_unsent timestamp)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$ UPDATE balie.desks SET last_sync = now(), contacts = $1, waiting = $2,
              oldest_unsent = $3
          WHERE role = session_user $$;
REVOKE ALL ON FUNCTION balie.my_desk(), balie.whoami(),
    balie.report_sync(bigint, bigint, timestamp) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION balie.my_desk(), balie.whoami(),
    balie.report_sync(bigint, bigint, timestamp) TO balie_desk, balie_coordinator;

-- For the administrator only: create (or give a new password to) the login of a desk or
-- coordinator. The password arrives as a SCRAM verifier, never as plain text.
CREATE FUNCTION balie.add_login(desk_name text, login_kind text, login name, verifier text)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        grp name := CASE login_kind WHEN 'desk' THEN 'balie_desk' ELSE 'balie_coordinator' END;
        known balie.desks;
    BEGIN
        SELECT * INTO known FROM balie.desks WHERE name = desk_name;
        IF FOUND AND (known.kind <> login_kind OR known.role <> login) THEN
            RAISE EXCEPTION 'the name % is already the % login %', desk_name, known.kind,
                known.role USING ERRCODE = 'unique_violation';
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
            IF NOT pg_has_role(login, grp, 'MEMBER') OR NOT FOUND THEN
                RAISE EXCEPTION 'a role % exists and is not this balie login', login
                    USING ERRCODE = 'duplicate_object';
            END IF;
            EXECUTE format('ALTER ROLE %I WITH LOGIN PASSWORD %L', login, verifier);
        ELSE
            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', login, verifier, grp);
        END IF;
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), login);
        INSERT INTO balie.desks (name, role, kind) VALUES (desk_name, login, login_kind)
            ON CONFLICT (name) DO NOTHING;
    END $$;
REVOKE ALL ON FUNCTION balie.add_login(text, text, name, text) FROM PUBLIC;

-- The transaction writing a row, as a number (see balie::sync::pull).
CREATE FUNCTION balie.stamp_tx() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
    AS $$ BEGIN
        NEW.changed_by_tx := pg_current_xact_id()::text::bigint;
        NEW.received_at := now();
        RETURN NEW;
    END $$;

CREATE TABLE balie.contacts (
    id             text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{1,64}$'),
    desk           text NOT NULL,
    at             timestamp NOT NULL,
    volunteer      text NOT NULL,
    channel        text NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('kort', 'hulpvraag')),
    topics         text[] NOT NULL,
    landlord       text NOT NULL,
    minutes        integer CHECK (minutes BETWEEN 0 AND 1440),
    referred_from  text,
    referred_to    text,
    language       text,
    resident       text,
    postcode       text CHECK (postcode ~ '^[1-9][0-9]{3}$'),
    follow_up      date,
    follow_up_done timestamp,
    signal         text,
    note           text,
    articles       text[] NOT NULL DEFAULT '{}',
    created_at     timestamp NOT NULL,
    updated_at     timestamp NOT NULL,
    rev            bigint NOT NULL,
    changed_by_tx  bigint NOT NULL,
    received_at    timestamptz NOT NULL
);
CREATE INDEX contacts_changed_by_tx ON balie.contacts (changed_by_tx);
CREATE INDEX contacts_desk_at ON balie.contacts (desk, at);
CREATE TRIGGER stamp_tx BEFORE INSERT OR UPDATE ON balie.contacts
    FOR EACH ROW EXECUTE FUNCTION balie.stamp_tx();
COMMENT ON TABLE balie.contacts IS 'One row per contact logged at a desk. No names or addresses; the note only when the desk syncs notes ([sync] notes = true).';
COMMENT ON COLUMN balie.contacts.rev IS 'The desk''s own change number: breaks ties between two versions edited in the same second.';

CREATE TABLE balie.deleted_contacts (
    id            text PRIMARY KEY,
    desk          text NOT NULL,
    deleted_at    timestamp NOT NULL,
    changed_by_tx bigint NOT NULL,
    received_at   timestamptz NOT NULL
);
CREATE INDEX deleted_contacts_changed_by_tx ON balie.deleted_contacts (changed_by_tx);
CREATE TRIGGER stamp_tx BEFORE INSERT OR UPDATE ON balie.deleted_contacts
    FOR EACH ROW EXECUTE FUNCTION balie.stamp_tx();

CREATE TABLE balie.articles (
    id            text PRIMARY KEY,
    text          text NOT NULL,
    updated_at    timestamp NOT NULL,
    published_by  text NOT NULL DEFAULT session_user,
    changed_by_tx bigint NOT NULL,
    received_at   timestamptz NOT NULL
);
CREATE INDEX articles_changed_by_tx ON balie.articles (changed_by_tx);
CREATE TRIGGER stamp_tx BEFORE INSERT OR UPDATE ON balie.articles
    FOR EACH ROW EXECUTE FUNCTION balie.stamp_tx();

ALTER TABLE balie.contacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE balie.deleted_contacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE balie.articles ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_desk ON balie.contacts FOR ALL TO balie_desk
    USING (desk = (SELECT balie.my_desk())) WITH CHECK (desk = (SELECT balie.my_desk()));
CREATE POLICY coordinator_reads ON balie.contacts FOR SELECT TO balie_coordinator
    USING (true);
CREATE POLICY own_desk ON balie.deleted_contacts FOR ALL TO balie_desk
    USING (desk = (SELECT balie.my_desk())) WITH CHECK (desk = (SELECT balie.my_desk()));
CREATE POLICY coordinator_reads ON balie.deleted_contacts FOR SELECT TO balie_coordinator
    USING (true);
CREATE POLICY everyone_reads ON balie.articles FOR SELECT TO balie_desk, balie_coordinator
    USING (true);
CREATE POLICY coordinator_publishes ON balie.articles FOR ALL TO balie_coordinator
    USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON balie.contacts, balie.deleted_contacts TO balie_desk;
GRANT SELECT ON balie.contacts, balie.deleted_contacts TO balie_coordinator;
GRANT SELECT ON balie.articles TO balie_desk;
GRANT SELECT, INSERT, UPDATE, DELETE ON balie.articles TO balie_coordinator;

-- For analysts (Excel, Power BI, Metabase): no resident codes, no notes.
CREATE VIEW balie.contacts_view AS
    SELECT id, desk, at, at::date AS day,
           extract(isoyear FROM at)::integer AS iso_year,
           extract(week FROM at)::integer AS iso_week,
           channel, kind, array_to_string(topics, ',') AS topics, landlord, minutes,
           referred_from, referred_to, language, postcode, signal, follow_up,
           follow_up_done, updated_at
    FROM balie.contacts;
COMMENT ON VIEW balie.contacts_view IS 'Every contact with its topic codes (comma-separated) and ISO week; no resident codes or notes.';
CREATE VIEW balie.weekly_counts AS
    SELECT extract(isoyear FROM c.at)::integer AS iso_year,
           extract(week FROM c.at)::integer AS iso_week,
           c.desk, t.topic, count(*) AS contacts
    FROM balie.contacts c CROSS JOIN LATERAL unnest(c.topics) AS t(topic)
    GROUP BY 1, 2, 3, 4;
COMMENT ON VIEW balie.weekly_counts IS 'Contacts per ISO week, desk and topic (a contact with two topics counts once for each).';
GRANT SELECT ON balie.contacts_view, balie.weekly_counts TO balie_coordinator;
"#;

/// The migrations, in order; version N is `MIGRATIONS[N - 1]`.
const MIGRATIONS: &[&str] = &[V1];

/// The server schema version this balie writes and speaks.
pub const VERSION: i32 = MIGRATIONS.len() as i32;

/// The oldest server schema version this balie can sync with.
pub const OLDEST: i32 = 1;

/// What `init` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Init {
    pub from: i32,
    pub to: i32,
}

/// The server's schema version, or `None` when it has no balie schema.
pub fn version(client: &mut impl GenericClient) -> Result<Option<i32>, postgres::Error> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('balie.schema_version') IS NOT NULL",
            &[],
        )?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let v: Option<i32> = client
        .query_one("SELECT max(version) FROM balie.schema_version", &[])?
        .get(0);
    Ok(v)
}

/// Check that the server at `url` has a schema this balie can sync with.
pub fn check(client: &mut Client, url: &SyncUrl) -> Result<(), SyncError> {
    match version(client).map_err(|e| SyncError::from_session(url, e))? {
        None => Err(SyncError::NoSchema {
            url: url.to_string(),
        }),
        Some(found) if found > VERSION => Err(SyncError::SchemaTooNew {
            url: url.to_string(),
            found,
            known: VERSION,
        }),
        Some(found) if found < OLDEST => Err(SyncError::SchemaTooOld {
            url: url.to_string(),
            found,
            needed: OLDEST,
        }),
        Some(_) => Ok(()),
    }
}

/// Create or upgrade the `balie` schema, in one transaction (another `init` at the same
/// moment waits for this one). Running it again changes nothing.
pub fn init(client: &mut Client, url: &SyncUrl) -> Result<Init, SyncError> {
    let err = |e| SyncError::from_session(url, e);
    let server: i32 = client
        .query_one("SELECT current_setting('server_version_num')::integer", &[])
        .map_err(err)?
        .get(0);
    if server < 130000 {
        return Err(SyncError::Server {
            url: url.to_string(),
            why: format!(
                "PostgreSQL {}.{} is too old; balie needs 13 or newer",
                server / 10000,
                server % 10000 / 100
            ),
        });
    }
    let mut tx = client.transaction().map_err(err)?;
    // One lock number for balie's schema changes (ASCII "BALS").
    tx.execute("SELECT pg_advisory_xact_lock(1111575635)", &[])
        .map_err(err)?;
    let from = version(&mut tx).map_err(err)?.unwrap_or(0);
    if from > VERSION {
        return Err(SyncError::SchemaTooNew {
            url: url.to_string(),
            found: from,
            known: VERSION,
        });
    }
    tx.batch_execute(ROLES).map_err(err)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        tx.batch_execute(sql).map_err(err)?;
        let v = i as i32 + 1;
        tx.execute(
            "INSERT INTO balie.schema_version (version) VALUES ($1)",
            &[&v],
        )
        .map_err(err)?;
    }
    if server >= 150000 && from == 0 {
        // Views run with the rights of whoever reads them, so row-level security holds
        // through them too (PostgreSQL 15 and newer; before that only coordinators, who may
        // read every row anyway, are granted them).
        tx.batch_execute(
            "ALTER VIEW balie.contacts_view SET (security_invoker = true);
             ALTER VIEW balie.weekly_counts SET (security_invoker = true);",
        )
        .map_err(err)?;
    }
    tx.commit().map_err(err)?;
    Ok(Init { from, to: VERSION })
}
