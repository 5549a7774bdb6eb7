//! Faults while syncing with a real PostgreSQL server: a kill in the middle of an upload, the
//! server stopped mid-sync, an unreachable server, a wrong password, a schema too old or too
//! new, a login without rights, a desk login used by another desk. Each gets one sentence and
//! exit code 1, nothing is lost at the desk, and the next sync completes with every contact
//! stored exactly once.

mod common;
mod pg;

use std::time::Duration;

use pg::city::{NOORD, OOST, city, failure, many_contacts, stdout, waiting};

#[test]
fn a_kill_during_a_large_upload_then_a_second_sync_stores_each_contact_once() {
    let Some(city) =
        city("a_kill_during_a_large_upload_then_a_second_sync_stores_each_contact_once")
    else {
        return;
    };
    many_contacts(&city.data(NOORD), NOORD, 20_000);
    let mut child = city.spawn_sync(NOORD);
    // Kill it once the server has committed part of the upload, not all of it.
    let partial = pg::wait_for(Duration::from_secs(60), || {
        let n: u64 = city
            .server_sql("SELECT count(*) FROM balie.contacts")
            .parse()
            .unwrap();
        n > 0
    });
    child.kill().unwrap(); // SIGKILL, as kill -9

    let status = child.wait().unwrap();
    assert!(partial, "the upload never started");
    let on_server: u64 = city
        .server_sql("SELECT count(*) FROM balie.contacts")
        .parse()
        .unwrap();
    eprintln!("killed ({status}) with {on_server} of 20000 contacts on the server");
    assert!(waiting(&city, NOORD) >= 20_000 - on_server);

    let report = city.sync_json(NOORD);
    assert_eq!(
        city.server_sql("SELECT count(*) FROM balie.contacts"),
        "20000"
    );
    assert_eq!(
        city.server_sql("SELECT count(DISTINCT id) FROM balie.contacts"),
        "20000"
    );
    assert_eq!(waiting(&city, NOORD), 0);
    assert!(report["sent"].as_u64().unwrap() <= 20_000);
    // And a coordinator gets exactly that many.
    let co = city.sync_json("Coordinatie");
    assert_eq!(co["pulled"]["added"].as_u64(), Some(20_000));
}

#[test]
fn the_server_stopped_mid_sync_loses_nothing_and_the_next_sync_completes() {
    let Some(city) = city("the_server_stopped_mid_sync_loses_nothing_and_the_next_sync_completes")
    else {
        return;
    };
    many_contacts(&city.data(NOORD), NOORD, 20_000);
    let child = city.spawn_sync(NOORD);
    let started = pg::wait_for(Duration::from_secs(60), || {
        let n: u64 = city
            .server_sql("SELECT count(*) FROM balie.contacts")
            .parse()
            .unwrap();
        n > 0
    });
    city.pg.stop_server();
    let out = child.wait_with_output().unwrap();
    assert!(started, "the upload never started");
    let err = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        // The upload finished before the server went down: nothing to test but the count.
        eprintln!("the upload finished before the stop");
    } else {
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains("nothing is lost"), "{err}");
        assert!(!err.contains("password") || !err.contains(pg::ADMIN_PASSWORD));
        assert!(waiting(&city, NOORD) > 0);
        // While the server is down: one sentence, exit 1.
        let down = failure(city.balie(NOORD).arg("sync"));
        assert!(down.contains("cannot reach the sync server"), "{down}");
    }
    city.pg.start_server();
    city.sync(NOORD);
    assert_eq!(
        city.server_sql("SELECT count(*) FROM balie.contacts"),
        "20000"
    );
    assert_eq!(waiting(&city, NOORD), 0);
}

#[test]
fn connection_faults_each_get_one_sentence_and_keep_the_queue() {
    let Some(city) = city("connection_faults_each_get_one_sentence_and_keep_the_queue") else {
        return;
    };
    city.log(NOORD, &["--topic", "huur"]);
    let noord = city.noord_url.clone();
    let password = noord
        .split(':')
        .nth(2)
        .unwrap()
        .split('@')
        .next()
        .unwrap()
        .to_string();
    let run = |url: &str| failure(city.balie(NOORD).arg("sync").env("BALIE_SYNC_URL", url));
    let one_sentence = |e: &str| {
        assert_eq!(e.trim().lines().count(), 1, "{e}");
        assert!(e.starts_with("error: "), "{e}");
        assert!(!e.contains(&password), "the password shows: {e}");
    };

    // Nothing listens on this port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let e = run(&noord.replace(&format!(":{}/", city.pg.port), &format!(":{port}/")));
    one_sentence(&e);
    assert!(
        e.contains("cannot reach the sync server") && e.contains("nothing is lost"),
        "{e}"
    );

    let e = run(&noord.replace(&password, "wrong-password"));
    one_sentence(&e);
    assert!(e.contains("refused the login `balie_wswonen_noord`"), "{e}");

    let e = run("postgres://nobody:x@127.0.0.1:1/db?sslmode=sometimes");
    one_sentence(&e);
    assert!(e.contains("sslmode `sometimes`"), "{e}");

    // A desk whose config names another desk than its login.
    let e = failure(
        common::balie_at(city.home.path(), &city.data(NOORD))
            .args(["--desk", OOST, "sync"])
            .env("BALIE_SYNC_URL", &noord),
    );
    one_sentence(&e);
    assert!(
        e.contains(&format!(
            "this balie is desk `{OOST}`, but its sync login belongs to desk `{NOORD}`"
        )),
        "{e}"
    );

    // A schema newer than this balie, then one too old.
    city.server_sql("INSERT INTO balie.schema_version (version) VALUES (99)");
    let e = run(&noord);
    one_sentence(&e);
    assert!(
        e.contains("version 99, newer than this balie knows (1)"),
        "{e}"
    );
    let e = failure(pg::city::server(&city.pg, &["init"]));
    assert!(e.contains("version 99, newer"), "{e}");
    city.server_sql("DELETE FROM balie.schema_version WHERE version = 99; UPDATE balie.schema_version SET version = 0");
    let e = run(&noord);
    one_sentence(&e);
    assert!(
        e.contains("version 0, older than this balie needs (1)"),
        "{e}"
    );
    city.server_sql("UPDATE balie.schema_version SET version = 1");

    // A login whose rights were taken away.
    city.server_sql("REVOKE INSERT, UPDATE ON balie.contacts FROM balie_desk");
    let e = run(&noord);
    one_sentence(&e);
    assert!(e.contains("has no right to do this"), "{e}");
    city.server_sql("GRANT INSERT, UPDATE ON balie.contacts TO balie_desk");

    // No schema at all.
    city.server_sql("ALTER SCHEMA balie RENAME TO balie_old");
    let e = run(&noord);
    one_sentence(&e);
    assert!(e.contains("has no balie schema yet"), "{e}");
    city.server_sql("ALTER SCHEMA balie_old RENAME TO balie");

    // Nothing was lost: the contact still waits, and the next sync sends it. The desk
    // screen's status bar shows since when syncing fails, then when it last succeeded.
    assert_eq!(waiting(&city, NOORD), 1);
    let status = || {
        let store = balie::store::Store::open_dir(&city.data(NOORD)).unwrap();
        balie::sync::session::status(&store).unwrap()
    };
    let down = status();
    assert_eq!((down.waiting, down.last_ok), (1, None));
    assert_eq!(down.offline_since, Some(pg::city::at("2026-11-25 11:42")));
    let ok = stdout(city.balie(NOORD).arg("sync"));
    assert!(ok.contains("1 contact "), "{ok}");
    assert_eq!(waiting(&city, NOORD), 0);
    let up = status();
    assert_eq!((up.waiting, up.offline_since), (0, None));
    assert_eq!(up.last_ok, Some(pg::city::at("2026-11-25 11:42")));
}

#[test]
fn a_kill_during_a_large_first_pull_keeps_nothing_and_the_next_pull_stores_each_once() {
    let Some(city) =
        city("a_kill_during_a_large_first_pull_keeps_nothing_and_the_next_pull_stores_each_once")
    else {
        return;
    };
    let n = 120_000;
    city.server_sql(&format!(
        "INSERT INTO balie.contacts (id, desk, at, volunteer, channel, kind, topics, landlord,
             minutes, resident, articles, created_at, updated_at, rev)
         SELECT '01KILL' || lpad(g::text, 20, '0'),
             CASE WHEN g % 2 = 0 THEN '{NOORD}' ELSE '{OOST}' END,
             timestamp '2026-01-05 09:00' + g * interval '1 minute', 'AB', 'inloop', 'kort',
             CASE WHEN g % 3 = 0 THEN ARRAY['huur', 'onderhoud'] ELSE ARRAY['taal'] END,
             'ymere', g % 60, CASE WHEN g % 5 = 0 THEN 'R' || (g % 900) END,
             CASE WHEN g % 10 = 0 THEN ARRAY['huurtoeslag'] ELSE '{{}}' END,
             timestamp '2026-01-05 09:00' + g * interval '1 minute',
             timestamp '2026-01-05 09:00' + g * interval '1 minute', g
         FROM generate_series(1, {n}) g"
    ));
    let data = city.data("Coordinatie");
    let mut child = city.spawn_sync("Coordinatie");
    // Kill it once it writes the pull into its database (its log grows), before it commits.
    let wal = data.join("balie.sqlite-wal");
    let writing = pg::wait_for(Duration::from_secs(120), || {
        std::fs::metadata(&wal).is_ok_and(|m| m.len() > 2 << 20)
    });
    child.kill().unwrap(); // SIGKILL, as kill -9
    child.wait().unwrap();
    assert!(writing, "the pull never started writing");

    let count = |sql: &str| -> i64 {
        let conn = rusqlite::Connection::open(data.join("balie.sqlite")).unwrap();
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    };
    // All or nothing: the cut pull left nothing, and no watermark.
    assert_eq!(count("SELECT count(*) FROM contacts"), 0);
    assert_eq!(
        count("SELECT count(*) FROM settings WHERE key LIKE 'sync.watermark.contacts.%'"),
        0
    );

    let report = city.sync_json("Coordinatie");
    assert_eq!(report["pulled"]["added"].as_u64(), Some(n));
    assert_eq!(count("SELECT count(*) FROM contacts"), n as i64);
    assert_eq!(count("SELECT count(DISTINCT id) FROM contacts"), n as i64);
    assert_eq!(
        count("SELECT count(*) FROM contact_topics"),
        (n + n / 3) as i64
    );
    assert_eq!(
        count("SELECT count(*) FROM contact_articles"),
        (n / 10) as i64
    );
    assert_eq!(count("SELECT count(*) FROM sync_queue"), 0);
    // The indexes were built again.
    assert_eq!(
        count(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN \
             ('contacts_at', 'contacts_desk_at', 'contacts_desk_resident_key', \
              'contact_topics_topic')"
        ),
        4
    );
    let conn = rusqlite::Connection::open(data.join("balie.sqlite")).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    // Nothing new: nothing pulled.
    let again = city.sync_json("Coordinatie");
    assert_eq!(again["pulled"]["added"].as_u64(), Some(0));
    assert_eq!(again["pulled"]["skipped"].as_u64(), Some(0));
}
