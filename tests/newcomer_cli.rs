//! End-to-end, as a new coordinator tries the commands: traps that gave wrong data or got in
//! the way (an unknown desk, demo data in a bundle, signals spelled two ways, a note that
//! starts with a dash, ...), through the real binary on a fresh data folder.

mod common;

use common::{balie, log_ok, stdout};
use predicates::prelude::*;
use tempfile::TempDir;

/// A desk that is neither in the config nor in the data is refused with the closest names,
/// wherever a desk narrows what is read; a real desk still works.
#[test]
fn an_unknown_desk_is_refused_with_the_closest_names() {
    let dir = TempDir::new().unwrap();
    log_ok(&dir, &["--topic", "huur", "--at", "2026-11-20 10:00"]);
    let readers: [&[&str]; 6] = [
        &["report", "--by", "topic", "--period", "2026-11"],
        &["export", "--period", "2026-11"],
        &["list", "--date", "2026-11-20"],
        &["signals"],
        &["follow-ups"],
        &["report", "--targets", "--period", "2026"],
    ];
    for args in readers {
        balie(&dir)
            .args(["--desk", "Noord"])
            .args(args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(
                "there is no desk `Noord` in the config or the data; did you mean `WSWonen Noord`",
            ));
    }
    // a desk of the config with no contacts yet, and a desk known only from its data
    let report =
        stdout(balie(&dir).args(["--desk", "WSWonen Noord", "report", "--period", "2026-11"]));
    assert!(report.contains("desk WSWonen Noord"), "{report}");
    let list = stdout(balie(&dir).args([
        "--desk",
        "Buurtwerkkamer MultiBron",
        "list",
        "--date",
        "2026-11-20",
    ]));
    assert!(list.contains("1 contact"), "{list}");
    // and the list of another desk leaves this desk's contact out
    let other =
        stdout(balie(&dir).args(["--desk", "WSWonen Noord", "list", "--date", "2026-11-20"]));
    assert!(other.contains("0 contact"), "{other}");
}

fn balie_in(home: &TempDir, data: &str) -> assert_cmd::Command {
    let mut cmd = common::isolated(home.path(), common::NOW);
    cmd.env("BALIE_DATA_DIR", home.path().join(data));
    cmd
}

/// A bundle from a demo database says so, and neither `merge` nor `import` mixes demo
/// contacts with real ones; demo bundles can still go into an empty folder of their own.
#[test]
fn demo_data_never_mixes_with_real_data() {
    let home = TempDir::new().unwrap();
    balie_in(&home, "demo")
        .args(["demo", "--contacts", "200", "--desks", "2"])
        .assert()
        .success();
    let demo_bundle = home.path().join("demo.balie");
    balie_in(&home, "demo")
        .args(["export", "--bundle"])
        .arg(&demo_bundle)
        .assert()
        .success();
    let bundle = rusqlite::Connection::open(&demo_bundle).unwrap();
    let mark: String = bundle
        .query_row("SELECT value FROM manifest WHERE key = 'demo'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(mark, "true");
    drop(bundle);

    // a coordinator's real data: one contact
    let mut real = balie_in(&home, "real");
    real.args([
        "log",
        "--desk",
        "WSWonen Noord",
        "--volunteer",
        "kl",
        "--topic",
        "huur",
    ])
    .assert()
    .success();
    let count = |data: &str| {
        let out = balie_in(&home, data)
            .args([
                "report",
                "--from",
                "2000-01-01",
                "--to",
                "2030-01-01",
                "--format",
                "csv",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let before = count("real");
    balie_in(&home, "real")
        .args(["merge", "--volunteer", "kl"])
        .arg(&demo_bundle)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("demo data"))
        .stderr(predicate::str::contains("nothing was merged"))
        .stderr(predicate::str::contains("  ").not());
    assert_eq!(count("real"), before, "nothing of the demo was merged");

    // a real bundle is not merged into the demo database either
    let real_bundle = home.path().join("real.balie");
    balie_in(&home, "real")
        .args(["export", "--bundle"])
        .arg(&real_bundle)
        .assert()
        .success();
    balie_in(&home, "demo")
        .args(["merge", "--volunteer", "kl"])
        .arg(&real_bundle)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("holds demo data"))
        .stderr(predicate::str::contains("  ").not());
    // nor both at once into an empty folder
    balie_in(&home, "mixed")
        .args(["merge", "--volunteer", "kl"])
        .arg(&demo_bundle)
        .arg(&real_bundle)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("never mixes"))
        .stderr(predicate::str::contains("  ").not());

    // a CSV into the demo database is refused
    let csv = home.path().join("old.csv");
    std::fs::write(&csv, "at;topics\n20-11-2026 10:30;huur\n").unwrap();
    balie_in(&home, "demo")
        .args(["import", "--volunteer", "kl", "--desk", "WSWonen Noord"])
        .arg(&csv)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("demo data"))
        .stderr(predicate::str::contains("  ").not());

    // the demo bundle into an empty folder works, and that folder is a demo folder after
    balie_in(&home, "try")
        .args(["merge", "--volunteer", "kl"])
        .arg(&demo_bundle)
        .assert()
        .success()
        .stdout(predicate::str::contains("(demo data)"));
    balie_in(&home, "try")
        .args(["merge", "--volunteer", "kl"])
        .arg(&real_bundle)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("holds demo data"))
        .stderr(predicate::str::contains("  ").not());
}

/// Two desks spell one signal differently; after a merge the coordinator sees one signal,
/// in `balie signals` and in `report --by signal`.
#[test]
fn signals_spelled_differently_at_two_desks_are_one_after_a_merge() {
    let home = TempDir::new().unwrap();
    let spellings = [
        ("noord", "WSWonen Noord", "Kolenkit renovatie", "R-001"),
        ("noord", "WSWonen Noord", "Kolenkit renovatie", "R-002"),
        (
            "zuidoost",
            "WSWonen Zuidoost",
            "kolenkit  Renovatíe",
            "R-001",
        ),
    ];
    for (data, desk, signal, resident) in spellings {
        balie_in(&home, data)
            .args(["log", "--desk", desk, "--volunteer", "ab", "--topic"])
            .args(["onderhoud", "--signal", signal, "--resident", resident])
            .assert()
            .success();
    }
    for data in ["noord", "zuidoost"] {
        balie_in(&home, data)
            .args(["export", "--bundle"])
            .arg(home.path().join(format!("{data}.balie")))
            .assert()
            .success();
    }
    balie_in(&home, "city")
        .args(["merge", "--volunteer", "kl"])
        .arg(home.path().join("noord.balie"))
        .arg(home.path().join("zuidoost.balie"))
        .assert()
        .success();
    let csv = stdout(balie_in(&home, "city").args(["signals", "--format", "csv"]));
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 1, "one signal: {csv}");
    assert_eq!(&rows[0][0], "Kolenkit renovatie");
    assert_eq!(&rows[0][1], "3", "contacts: {csv}");
    assert_eq!(&rows[0][2], "2", "residents R-1 and R-2: {csv}");
    let report = stdout(balie_in(&home, "city").args([
        "report", "--by", "signal", "--period", "2026-11", "--format", "csv",
    ]));
    let lines: Vec<&str> = report.lines().collect();
    assert!(
        lines.contains(&"2026-11-01,2026-11-30,Kolenkit renovatie,3,2"),
        "{report}"
    );
    assert!(!report.to_lowercase().contains("renovatíe"), "{report}");
}

/// A note is free text: one starting with a dash is a note, not an unknown option.
#[test]
fn a_note_may_start_with_a_dash() {
    let dir = TempDir::new().unwrap();
    let id = log_ok(&dir, &["--topic", "energie", "--note", "-5 graden in huis"]);
    let rows = common::contacts(&dir);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, id);
    assert_eq!(rows[0].1, "-5 graden in huis");
    // a real option after it is still an option
    log_ok(&dir, &["--note", "-koud", "--topic", "energie"]);
    assert_eq!(common::contacts(&dir).len(), 2);
}

/// A month at two desks: Noord has a contact about two topics.
fn two_desks() -> TempDir {
    let dir = TempDir::new().unwrap();
    let log = |desk: &str, at: &str, topics: &[&str], note: &str| {
        let mut cmd = balie(&dir);
        cmd.args(["log", "--desk", desk, "--volunteer", "ab", "--at", at]);
        for t in topics {
            cmd.args(["--topic", t]);
        }
        cmd.args(["--note", note, "--resident", "K-0042"]);
        cmd.assert().success();
    };
    log(
        "WSWonen Noord",
        "2026-11-03 10:00",
        &["huur", "onderhoud"],
        "lekkage",
    );
    log("WSWonen Noord", "2026-11-04 10:00", &["huur"], "");
    log(
        "Buurtwerkkamer MultiBron",
        "2026-11-05 10:00",
        &["taal"],
        "=1+1",
    );
    dir
}

/// Counts for Dutch Excel: semicolons and a byte order mark, subtotals per desk that count a
/// contact once, and an xlsx of counts only.
#[test]
fn a_report_for_dutch_excel_with_subtotals_per_desk() {
    let dir = two_desks();
    let args = [
        "report",
        "--by",
        "desk,topic",
        "--period",
        "2026-11",
        "--subtotals",
    ];
    let out = balie(&dir)
        .args(args)
        .args(["--format", "csv", "--dialect", "excel-nl"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(out.starts_with(b"\xEF\xBB\xBF"), "a byte order mark");
    let text = String::from_utf8(out[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "from;to;desk;topic;contacts;residents");
    // Noord: huur 2, onderhoud 1, but 2 contacts; MultiBron: taal 1
    assert!(
        lines.contains(&"2026-11-01;2026-11-30;WSWonen Noord;huur;2;1"),
        "{text}"
    );
    assert!(
        lines.contains(&"2026-11-01;2026-11-30;WSWonen Noord;;2;1"),
        "the subtotal counts each contact once: {text}"
    );
    assert!(lines.contains(&"2026-11-01;2026-11-30;Buurtwerkkamer MultiBron;;1;1"));
    assert_eq!(lines.last(), Some(&"2026-11-01;2026-11-30;;;3;1"), "{text}");
    // the subtotal comes right after its desk's rows
    let sub = lines
        .iter()
        .position(|l| *l == "2026-11-01;2026-11-30;WSWonen Noord;;2;1")
        .unwrap();
    assert!(lines[sub - 1].contains("WSWonen Noord"));
    assert!(!lines[sub + 1].contains("WSWonen Noord"));

    let table = stdout(balie(&dir).args(args));
    assert!(table.contains("subtotal"), "{table}");

    let file = dir.path().join("november.xlsx");
    balie(&dir)
        .args(["--lang", "nl"])
        .args(args)
        .args(["--format", "xlsx", "-o"])
        .arg(&file)
        .assert()
        .success();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let workbook = read("xl/workbook.xml");
    assert!(workbook.contains("name=\"rapport\""), "{workbook}");
    let strings = read("xl/sharedStrings.xml");
    for s in [
        "balie",
        "onderwerp",
        "contacten",
        "subtotaal",
        "totaal",
        "Taal",
    ] {
        assert!(strings.contains(&format!(">{s}<")), "{s} in {strings}");
    }
    for private in ["lekkage", "K-0042", "=1+1"] {
        assert!(!strings.contains(private), "counts only, no {private}");
    }
    // an xlsx is never written onto a terminal, and excel-nl is for CSV only
    balie(&dir)
        .args(["report", "--format", "table", "--dialect", "excel-nl"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("CSV dialect"));
    balie(&dir)
        .args(["report", "--by", "topic", "--subtotals"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("two or more"));
}

mod support;

/// Long work shows a progress bar on a terminal, and never when its output is not one or
/// when data goes to the same terminal.
#[test]
fn long_work_shows_progress_on_a_terminal_only() {
    let home = TempDir::new().unwrap();
    let mut tui = support::Tui::start(home.path(), &["demo", "--contacts", "3000"], &[]);
    tui.wait_for("3000 contacten verzonnen");
    assert_eq!(tui.wait_exit(), 0);
    let raw = String::from_utf8_lossy(&tui.raw()).to_string();
    assert!(raw.contains("demo maken"), "{raw:?}");
    assert!(raw.contains("/3000 contacten"), "{raw:?}");
    assert!(
        raw.contains("3000 contacten verzonnen"),
        "the summary still follows"
    );

    let bundle = home.path().join("demo.balie");
    let data = home.path().join("data");
    let mut cmd = common::isolated(home.path(), common::NOW);
    cmd.env("BALIE_DATA_DIR", &data)
        .args(["export", "--bundle"])
        .arg(&bundle)
        .assert()
        .success();
    let file = home.path().join("all.csv");
    let file_arg = file.display().to_string();
    let other = TempDir::new().unwrap();
    let bundle_arg = bundle.display().to_string();
    let mut tui = support::Tui::start(
        other.path(),
        &["merge", "--volunteer", "kl", &bundle_arg],
        &[],
    );
    tui.wait_for("samengevoegd:");
    assert_eq!(tui.wait_exit(), 0);
    let raw = String::from_utf8_lossy(&tui.raw()).to_string();
    assert!(raw.contains("samenvoegen"), "{raw:?}");

    let mut tui = support::Tui::start(home.path(), &["export", "-o", &file_arg], &[]);
    tui.wait_for("geschreven naar");
    assert_eq!(tui.wait_exit(), 0);
    let raw = String::from_utf8_lossy(&tui.raw()).to_string();
    assert!(raw.contains("exporteren"), "{raw:?}");

    // a CSV onto the terminal itself: no bar among the rows
    let mut tui = support::Tui::start(home.path(), &["export", "--period", "2026-11"], &[]);
    support::eventually("the CSV is shown", || {
        String::from_utf8_lossy(&tui.raw()).contains("id,at,desk")
    });
    assert_eq!(tui.wait_exit(), 0);
    let raw = String::from_utf8_lossy(&tui.raw()).to_string();
    assert!(raw.contains("id,at,desk"), "{raw:?}");
    assert!(!raw.contains("exporteren"), "{raw:?}");

    // not a terminal: nothing but the summary
    let again = TempDir::new().unwrap();
    let mut cmd = common::isolated(again.path(), common::NOW);
    let out = cmd
        .env("BALIE_DATA_DIR", again.path().join("data"))
        .args(["merge", "--volunteer", "kl"])
        .arg(&bundle)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("samenvoegen"));
}
