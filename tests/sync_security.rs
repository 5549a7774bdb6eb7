//! What PostgreSQL itself enforces, tried with `psql` as a desk's login (as a modified balie
//! could): a desk cannot read, insert, update or delete another desk's rows, nor change the
//! schema; a coordinator reads every desk's rows but writes none. Also: notes stay at the
//! desk unless `[sync] notes = true`, a pull never skips a row that a slow transaction
//! committed late, and TLS with a certificate from a self-made (self-signed) authority.

mod common;
mod pg;

use pg::Pg;
use pg::city::{NOORD, OOST, city, failure, server, stdout};

#[test]
fn a_desk_login_cannot_touch_another_desks_rows() {
    let Some(city) = city("a_desk_login_cannot_touch_another_desks_rows") else {
        return;
    };
    let mine = city.log(NOORD, &["--topic", "huur"]);
    let theirs = city.log(OOST, &["--topic", "taal", "--minutes", "10"]);
    city.sync(NOORD);
    city.sync(OOST);
    let as_noord = |sql: &str| city.pg.psql(&city.noord_url, sql);
    let refused = |sql: &str, why: &str| {
        let (ok, out, err) = as_noord(sql);
        assert!(!ok, "`{sql}` was allowed: {out}");
        assert!(err.contains(why), "`{sql}`: {err}");
    };

    // Reading: only its own row is there.
    assert_eq!(
        as_noord("SELECT string_agg(id, ',') FROM balie.contacts").1,
        mine
    );
    assert_eq!(
        as_noord(&format!(
            "SELECT count(*) FROM balie.contacts WHERE id = '{theirs}'"
        ))
        .1,
        "0"
    );
    assert_eq!(
        as_noord("SELECT string_agg(name, ',') FROM balie.desks").1,
        NOORD
    );

    // Writing another desk's rows: refused, or it finds nothing to change.
    refused(
        &format!(
            "INSERT INTO balie.contacts (id, desk, at, volunteer, channel, kind, topics, landlord,
                 created_at, updated_at, rev)
             VALUES ('01FORGED', '{OOST}', now(), 'XX', 'inloop', 'kort', '{{huur}}', 'ymere',
                 now(), now(), 1)"
        ),
        "row-level security",
    );
    refused(
        &format!(
            "INSERT INTO balie.contacts (id, desk, at, volunteer, channel, kind, topics, landlord,
                 created_at, updated_at, rev)
             VALUES ('{theirs}', '{NOORD}', now(), 'XX', 'inloop', 'kort', '{{huur}}', 'ymere',
                 now(), now(), 1)
             ON CONFLICT (id) DO UPDATE SET minutes = 99"
        ),
        "row-level security",
    );
    refused(
        &format!("UPDATE balie.contacts SET desk = '{OOST}' WHERE id = '{mine}'"),
        "row-level security",
    );
    // (Allowed statements that find no row of the other desk: each changes 0 rows.)
    let changed = |sql: String| {
        let (ok, out, err) = as_noord(&format!(
            "WITH w AS ({sql} RETURNING 1) SELECT count(*) FROM w"
        ));
        assert!(ok, "{sql}: {err}");
        out
    };
    assert_eq!(
        changed(format!(
            "UPDATE balie.contacts SET minutes = 99 WHERE id = '{theirs}'"
        )),
        "0"
    );
    assert_eq!(
        changed(format!("DELETE FROM balie.contacts WHERE id = '{theirs}'")),
        "0"
    );
    assert_eq!(
        changed(format!("DELETE FROM balie.contacts WHERE desk = '{OOST}'")),
        "0"
    );
    assert_eq!(
        changed(format!(
            "UPDATE balie.contacts SET minutes = 1 WHERE id = '{mine}'"
        )),
        "1"
    );
    assert_eq!(
        city.server_sql(&format!(
            "SELECT minutes FROM balie.contacts WHERE id = '{theirs}'"
        )),
        "10",
        "another desk's row changed"
    );

    // The schema and the logins are the administrator's.
    refused("CREATE TABLE balie.mine (a int)", "permission denied");
    refused("DROP TABLE balie.contacts", "must be owner");
    refused(
        "ALTER TABLE balie.contacts DISABLE ROW LEVEL SECURITY",
        "must be owner",
    );
    refused("DROP POLICY own_desk ON balie.contacts", "must be owner");
    refused(
        "SELECT balie.add_login('x', 'desk', 'balie_x', 'y')",
        "permission denied",
    );
    refused("SELECT * FROM balie.weekly_counts", "permission denied");
    refused(
        "GRANT balie_coordinator TO balie_wswonen_noord",
        "must have admin option",
    );

    // A coordinator reads every desk's rows and the views, and writes no contact.
    let as_coordinator = |sql: &str| city.pg.psql(&city.coordinator_url, sql);
    assert_eq!(as_coordinator("SELECT count(*) FROM balie.contacts").1, "2");
    assert_eq!(
        as_coordinator("SELECT sum(contacts) FROM balie.weekly_counts").1,
        "2"
    );
    let (ok, _, err) = as_coordinator(&format!("DELETE FROM balie.contacts WHERE id = '{mine}'"));
    assert!(!ok && err.contains("permission denied"), "{err}");
}

#[test]
fn notes_stay_at_the_desk_unless_the_config_sends_them() {
    let Some(city) = city("notes_stay_at_the_desk_unless_the_config_sends_them") else {
        return;
    };
    let kept = city.log(
        NOORD,
        &["--topic", "huur", "--note", "brief van de verhuurder"],
    );
    city.sync(NOORD);
    assert_eq!(
        city.server_sql("SELECT count(*) FROM balie.contacts WHERE note IS NOT NULL"),
        "0"
    );
    assert_eq!(
        city.server_sql(&format!(
            "SELECT count(*) FROM balie.contacts WHERE id = '{kept}'"
        )),
        "1"
    );

    let config = city.home.path().join("oost.toml");
    std::fs::write(&config, "[sync]\nnotes = true\n").unwrap();
    let sent = city.log(OOST, &["--topic", "taal", "--note", "taalcafe genoemd"]);
    stdout(
        city.balie(OOST)
            .args(["--config", config.to_str().unwrap(), "sync"]),
    );
    assert_eq!(
        city.server_sql(&format!(
            "SELECT note FROM balie.contacts WHERE id = '{sent}'"
        )),
        "taalcafe genoemd"
    );
    // The coordinator gets the note that was sent, and none of the one that was not.
    city.sync("Coordinatie");
    let store = balie::store::Store::open_dir(&city.data("Coordinatie")).unwrap();
    assert_eq!(
        store.get(&pg::city::id(&sent)).unwrap().unwrap().note,
        "taalcafe genoemd"
    );
    assert_eq!(store.get(&pg::city::id(&kept)).unwrap().unwrap().note, "");
}

#[test]
fn a_pull_never_skips_a_row_that_a_slow_transaction_committed_late() {
    let Some(city) = city("a_pull_never_skips_a_row_that_a_slow_transaction_committed_late") else {
        return;
    };
    let insert = |id: &str| {
        format!(
            "INSERT INTO balie.contacts (id, desk, at, volunteer, channel, kind, topics, landlord,
                 created_at, updated_at, rev)
             VALUES ('{id}', '{NOORD}', '2026-11-25 10:00', 'AB', 'inloop', 'kort', '{{huur}}',
                 'ymere', '2026-11-25 10:00', '2026-11-25 10:00', 1)"
        )
    };
    let connect = || {
        postgres::Client::connect(&city.noord_url, postgres::NoTls).expect("connect as the desk")
    };
    let (mut slow, mut quick) = (connect(), connect());
    // The slow transaction writes first (and so holds the older transaction id) ...
    slow.batch_execute("BEGIN").unwrap();
    slow.batch_execute(&insert("01SLOW")).unwrap();
    // ... a later one writes and commits while it is still open ...
    quick
        .batch_execute(&format!("BEGIN; {}; COMMIT", insert("01QUICK")))
        .unwrap();
    let first = city.sync_json("Coordinatie");
    assert_eq!(first["pulled"]["added"].as_u64(), Some(1), "{first}");
    // ... and commits only after the coordinator's pull.
    slow.batch_execute("COMMIT").unwrap();
    let second = city.sync_json("Coordinatie");
    assert_eq!(
        second["pulled"]["added"].as_u64(),
        Some(1),
        "the late row was skipped: {second}"
    );
    let store = balie::store::Store::open_dir(&city.data("Coordinatie")).unwrap();
    for id in ["01SLOW", "01QUICK"] {
        assert!(
            store.get(&pg::city::id(id)).unwrap().is_some(),
            "{id} missing"
        );
    }
    // Nothing new: nothing pulled.
    let third = city.sync_json("Coordinatie");
    assert_eq!(third["pulled"]["added"].as_u64(), Some(0));
}

#[test]
fn tls_with_a_self_signed_certificate() {
    let Some(pg) = Pg::start_tls("tls_with_a_self_signed_certificate") else {
        return;
    };
    stdout(server(&pg, &["init"]));
    let url = stdout(server(&pg, &["add-desk", NOORD]));
    let url = url.lines().last().unwrap().trim().to_string();
    assert!(url.ends_with("?sslmode=require"), "{url}");
    let home = tempfile::TempDir::new().unwrap();
    let data = home.path().join("noord");
    let balie = |sync_url: &str| {
        let mut cmd = common::balie_at(home.path(), &data);
        cmd.args(["--desk", NOORD, "--volunteer", "ab"])
            .env("BALIE_SYNC_URL", sync_url);
        cmd
    };
    stdout(balie(&url).args(["log", "--topic", "huur"]));

    // Without TLS the server lets nobody in.
    let e = failure(balie(&url.replace("sslmode=require", "sslmode=disable")).arg("sync"));
    assert!(
        e.contains("refused the login") || e.contains("cannot reach"),
        "{e}"
    );
    // verify-full without the CA file: the self-signed certificate is not trusted.
    let e = failure(balie(&url.replace("sslmode=require", "sslmode=verify-full")).arg("sync"));
    assert!(
        e.contains("the secure connection to") && e.contains("nothing is lost"),
        "{e}"
    );
    assert_eq!(e.trim().lines().count(), 1, "{e}");
    // With the certificate as CA file: verified, for the host name too.
    let ca = pg.dir().join("ca.crt");
    let verified = url.replace(
        "sslmode=require",
        &format!("sslmode=verify-full&sslrootcert={}", ca.display()),
    );
    let out = stdout(balie(&verified).arg("sync"));
    assert!(out.contains("1 contact "), "{out}");
    // And plain `require` (encrypted, not verified), as libpq does it.
    stdout(balie(&url).args(["log", "--topic", "taal"]));
    let out = stdout(balie(&url).arg("sync"));
    assert!(out.contains("1 contact "), "{out}");
    assert_eq!(pg.admin_sql("SELECT count(*) FROM balie.contacts"), "2");
}
