//! End-to-end tests of `balie report --residents` through the real binary, on a month of
//! contacts brought in with `balie import` whose distribution was worked out by hand.

mod common;

use assert_cmd::Command;
use tempfile::TempDir;

const A: &str = "Buurtwerkkamer MultiBron";
const B: &str = "WSWonen Noord";

/// A `balie` command on the test's data folder, the clock at 5 December 2026.
fn balie(dir: &TempDir) -> Command {
    let mut cmd = common::isolated(dir.path(), "2026-12-05 12:00:00");
    cmd.env("BALIE_DATA_DIR", dir.path().join("data"));
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

/// November 2026, 100 residents, 307 contacts:
///
/// | residents     | contacts each | where and what                                        |
/// |---------------|---------------|-------------------------------------------------------|
/// | R-000..R-039  | 1             | A, formulieren                                        |
/// | R-040..R-054  | 2             | A, formulieren twice (the second written `r040`)      |
/// | R-055..R-069  | 2             | A formulieren, then B taal                            |
/// | R-070..R-079  | 4             | A: formulieren, taal, computer, formulieren           |
/// | R-080..R-089  | 4             | B: taal four times                                    |
/// | R-090..R-099  | 12            | A: klussen + formulieren, 30 minutes each             |
/// | (no code)     | 7 contacts    | B: taal, 10 minutes                                   |
///
/// October 2026 (the previous month): R-000..R-024 at A (all back in November) and
/// OLD-001..OLD-005 at B (none back).
///
/// All desks: contacts 1 / 2 / 3-5 / 6-10 / >10 = 40 / 30 / 20 / 0 / 10; services 1 / 2 / 3+ =
/// 65 (R-000..054, R-080..089) / 25 (R-055..069, R-090..099) / 10 (R-070..079); combinations
/// formulieren+taal 15, computer+formulieren+taal 10, formulieren+klussen 10; 300 moments over
/// 100 residents: mean 3, median 2 (the 50th and 51st counts are both 2); minutes 12 x 30 =
/// 360 for each of the 10 residents with minutes.
///
/// Desk A: 90 residents (R-000..079, R-090..099): contacts 55 / 15 / 10 / 0 / 10; services 70 /
/// 10 / 10; 245 moments: mean 2.72, median 1; returned 25 of 25.
/// Desk B: 25 residents (R-055..069 once, R-080..089 four times): contacts 15 / 0 / 10 / 0 / 0;
/// services 25 / 0 / 0; 55 moments: mean 2.20, median 1; no minutes; returned 0 of 5; 7
/// contacts without a code.
fn fixture() -> TempDir {
    let dir = TempDir::new().unwrap();
    let mut csv = String::from("at,desk,volunteer,topics,resident,minutes\n");
    let mut row = |day: u32, minute: usize, desk: &str, topics: &str, code: &str, min: &str| {
        csv.push_str(&format!(
            "2026-11-{day:02} {:02}:{:02},{desk},AB,{topics},{code},{min}\n",
            9 + minute / 60,
            minute % 60
        ));
    };
    let code = |i: usize| format!("R-{i:03}");
    for i in 0..40 {
        row(2, i, A, "formulieren", &code(i), "");
    }
    for i in 40..55 {
        row(2, i, A, "formulieren", &code(i), "");
        row(9, i, A, "formulieren", &format!("r{i:03}"), "");
    }
    for i in 55..70 {
        row(2, i, A, "formulieren", &code(i), "");
        row(10, i, B, "taal", &code(i), "");
    }
    for i in 70..80 {
        for (week, t) in ["formulieren", "taal", "computer", "formulieren"]
            .iter()
            .enumerate()
        {
            row(3 + 7 * week as u32, i, A, t, &code(i), "");
        }
    }
    for i in 80..90 {
        for week in 0..4 {
            row(4 + 7 * week, i, B, "taal", &code(i), "");
        }
    }
    for i in 90..100 {
        for visit in 0..12 {
            row(5 + 2 * visit, i, A, "klussen|formulieren", &code(i), "30");
        }
    }
    for i in 0..7 {
        row(20, i, B, "taal", "", "10");
    }
    let mut october = String::from("at,desk,volunteer,topics,resident\n");
    for i in 0..25 {
        october.push_str(&format!("2026-10-06 10:{i:02},{A},CD,huur,R-{i:03}\n"));
    }
    for i in 1..=5 {
        october.push_str(&format!("2026-10-07 10:{i:02},{B},CD,taal,OLD-{i:03}\n"));
    }
    for (name, text) in [("november.csv", csv), ("october.csv", october)] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        balie(&dir)
            .args(["--volunteer", "cd", "import"])
            .arg(&path)
            .assert()
            .success();
    }
    dir
}

fn rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The rows of the whole scope (all desks), as `measure,bucket,value` lines.
const TOTAL: [&str; 18] = [
    "residents,,100",
    "contacts,1,40",
    "contacts,2,30",
    "contacts,3-5,20",
    "contacts,6-10,0",
    "contacts,>10,10",
    "services,1,65",
    "services,2,25",
    "services,3+,10",
    "combination,formulieren+taal,15",
    "combination,computer+formulieren+taal,10",
    "combination,formulieren+klussen,10",
    "moments_mean,,3",
    "moments_median,,2",
    "minutes_per_resident,,360",
    "previous_residents,,30",
    "returned,,25",
    "without_code,,7",
];

#[test]
fn every_cell_of_the_csv_for_a_known_month() {
    let dir = fixture();
    let out = stdout(balie(&dir).args([
        "report",
        "--residents",
        "--period",
        "2026-11",
        "--format",
        "csv",
    ]));
    let mut expected = vec!["measure,bucket,value".to_string()];
    expected.extend(TOTAL.iter().map(|s| s.to_string()));
    let got: Vec<String> = rows(&out).iter().map(|r| r.join(",")).collect();
    assert_eq!(got, expected);

    // The total is the distinct residents `balie report` counts for the same month, though
    // fifteen codes were written two ways.
    let plain = stdout(balie(&dir).args(["report", "--period", "2026-11", "--format", "csv"]));
    assert_eq!(
        rows(&plain).last().unwrap(),
        &["2026-11-01", "2026-11-30", "307", "100"]
    );
}

#[test]
fn by_desk_every_cell_with_the_desk_first_and_the_total_last() {
    let dir = fixture();
    let out = stdout(balie(&dir).args([
        "report",
        "--residents",
        "--period",
        "2026-11",
        "--by",
        "desk",
        "--format",
        "csv",
    ]));
    let desk_a = [
        "residents,,90",
        "contacts,1,55",
        "contacts,2,15",
        "contacts,3-5,10",
        "contacts,6-10,0",
        "contacts,>10,10",
        "services,1,70",
        "services,2,10",
        "services,3+,10",
        "combination,computer+formulieren+taal,10",
        "combination,formulieren+klussen,10",
        "moments_mean,,2.72",
        "moments_median,,1",
        "minutes_per_resident,,360",
        "previous_residents,,25",
        "returned,,25",
        "without_code,,0",
    ];
    let desk_b = [
        "residents,,25",
        "contacts,1,15",
        "contacts,2,0",
        "contacts,3-5,10",
        "contacts,6-10,0",
        "contacts,>10,0",
        "services,1,25",
        "services,2,0",
        "services,3+,0",
        "moments_mean,,2.20",
        "moments_median,,1",
        "previous_residents,,5",
        "returned,,0",
        "without_code,,7",
    ];
    let mut expected = vec!["desk,measure,bucket,value".to_string()];
    expected.extend(desk_a.iter().map(|r| format!("{A},{r}")));
    expected.extend(desk_b.iter().map(|r| format!("{B},{r}")));
    expected.extend(TOTAL.iter().map(|r| format!(",{r}")));
    let got: Vec<String> = rows(&out).iter().map(|r| r.join(",")).collect();
    assert_eq!(got, expected);

    // Each desk's residents are the distinct residents `balie report --by desk` counts.
    let plain = stdout(balie(&dir).args([
        "report", "--period", "2026-11", "--by", "desk", "--format", "csv",
    ]));
    let plain = rows(&plain);
    let residents_at = |desk: &str| {
        plain
            .iter()
            .find(|r| r[2] == desk)
            .map(|r| r[4].clone())
            .unwrap()
    };
    assert_eq!(residents_at(A), "90");
    assert_eq!(residents_at(B), "25");

    // The global --desk gives that desk's figures alone.
    let one = stdout(balie(&dir).args([
        "--desk",
        B,
        "report",
        "--residents",
        "--period",
        "2026-11",
        "--format",
        "csv",
    ]));
    let got: Vec<String> = rows(&one)[1..].iter().map(|r| r.join(",")).collect();
    assert_eq!(got, desk_b);
}

#[test]
fn the_table_says_it_in_plain_words_in_dutch_and_english() {
    let dir = fixture();
    let nl = stdout(balie(&dir).args([
        "--lang",
        "nl",
        "report",
        "--residents",
        "--period",
        "2026-11",
    ]));
    for line in [
        "Terugkomen: 2026-11 (2026-11-01 .. 2026-11-30), alle balies; vergeleken met 2026-10 \
         (2026-10-01 .. 2026-10-31)",
        "100 bewoners met een bewonerscode.",
        "  1 keer            40   40%",
        "  2 keer            30   30%",
        "  3-5 keer          20   20%",
        "  6-10 keer          0    0%",
        "  meer dan 10 keer  10   10%",
        "Ongeveer een derde kwam drie keer of vaker (30 van de 100).",
        "  1 dienst    65   65%",
        "  2 diensten  25   25%",
        "  3 of meer   10   10%",
        "Ongeveer een derde gebruikte twee of meer diensten (35 van de 100).",
        "  Formulieren en post + Taal                         15   15%",
        "  Computer en internet + Formulieren en post + Taal  10   10%",
        "  Formulieren en post + Klussendienst                10   10%",
        "Contactmomenten per bewoner: gemiddeld 3, mediaan 2.",
        "Minuten per bewoner: gemiddeld 360, over de 10 bewoners bij wie minuten zijn genoteerd.",
        "Van de 30 bewoners van 2026-10 kwamen er 25 terug (83%).",
        "Let op: 7 contacten zonder bewonerscode tellen in geen van deze cijfers mee.",
    ] {
        assert!(nl.lines().any(|l| l == line), "{line:?} not in:\n{nl}");
    }

    let en = stdout(balie(&dir).args([
        "--lang",
        "en",
        "report",
        "--residents",
        "--period",
        "2026-11",
        "--by",
        "desk",
    ]));
    for line in [
        "100 residents with a resident code.",
        "About a third came three times or more (30 of 100).",
        "Desk Buurtwerkkamer MultiBron",
        "90 residents with a resident code.",
        "Contact moments per resident: mean 2.7, median 1.",
        "Desk WSWonen Noord",
        "Minutes per resident: not logged on any contact.",
        "Of the 5 residents of 2026-10, 0 came back (0%).",
        "Note: 7 contacts without a resident code are not in any of these figures.",
        "Every contact in this period had a resident code.",
    ] {
        assert!(en.lines().any(|l| l == line), "{line:?} not in:\n{en}");
    }
}

#[test]
fn json_has_the_same_figures() {
    let dir = fixture();
    let out = stdout(balie(&dir).args([
        "report",
        "--residents",
        "--period",
        "2026-11",
        "--by",
        "desk",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["period"], "2026-11");
    assert_eq!(v["previous"]["period"], "2026-10");
    let t = &v["total"];
    assert_eq!(t["residents"], 100);
    assert_eq!(
        t["contacts"],
        serde_json::json!({"1": 40, "2": 30, "3-5": 20, "6-10": 0, ">10": 10})
    );
    assert_eq!(
        t["services"],
        serde_json::json!({"1": 65, "2": 25, "3+": 10})
    );
    assert_eq!(
        t["combinations"][0],
        serde_json::json!({"topics": ["formulieren", "taal"], "residents": 15})
    );
    assert_eq!(t["moments_mean"], 3.0);
    assert_eq!(t["moments_median"], 2.0);
    assert_eq!(t["minutes_per_resident"], 360.0);
    assert_eq!(
        (t["previous_residents"].clone(), t["returned"].clone()),
        (30.into(), 25.into())
    );
    assert_eq!(t["without_code"], 7);
    assert_eq!(v["desks"][0]["desk"], A);
    assert_eq!(v["desks"][1]["desk"], B);
    assert_eq!(
        v["desks"][1]["minutes_per_resident"],
        serde_json::Value::Null
    );
}

#[test]
fn residents_cannot_be_broken_down_by_anything_but_desk() {
    let dir = TempDir::new().unwrap();
    let out = balie(&dir)
        .args(["report", "--residents", "--by", "topic"])
        .assert()
        .failure()
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("--residents"), "{err}");
    assert!(err.contains("--by desk"), "{err}");
    balie(&dir)
        .args(["report", "--residents", "--targets"])
        .assert()
        .failure();
}
