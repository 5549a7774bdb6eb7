//! `balie report --document` end to end: the real binary makes the document from a known
//! data set (`balie demo` plus a few logged contacts), and its tables must hold exactly the
//! figures of `balie report --format csv` for the same scope. Then a real browser (headless
//! Chromium, network off) loads it, takes a screenshot and prints it to PDF: no console
//! errors, every chart drawn, the expected number of pages, the same figures in the DOM.
//! Without Chromium the browser test says it is skipped and why, unless
//! BALIE_TEST_CHROMIUM=require (set by .ci/run), when a skip is a failure.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use tempfile::TempDir;

/// After the end of 2026-T2, so the tertiaal is complete.
const NOW: &str = "2026-12-03 10:00:00";

const CONFIG: &str = r#"
[[topics]]
code = "huur"
nl = "Huur <script>alert(1)</script>"
en = "Rent <script>alert(1)</script>"
group = "wonen"

[[targets]]
year = 2026
name = "Formulierenbrigade"
topics = ["formulieren", "schulden"]
count = "residents"
value = 950

[[targets]]
year = 2026
name = "Klussen"
topics = ["klussen"]
count = "contacts"
value = 400
"#;

const INTRO: &str = "## Conclusies\n\nHet gaat **goed** met de balies.\n\n\
                     Wij vragen de corporaties vaker door te verwijzen. <script>alert(2)</script>\n";

struct Fixture {
    dir: TempDir,
}

impl Fixture {
    /// 3,000 made-up contacts over the year up to NOW at every shipped desk, two contacts
    /// with a signal, the config above and an introduction.
    fn new() -> Fixture {
        let dir = TempDir::new().unwrap();
        std::fs::write(dir.path().join("balie.toml"), CONFIG).unwrap();
        std::fs::write(dir.path().join("intro.md"), INTRO).unwrap();
        let f = Fixture { dir };
        f.balie()
            .args(["demo", "--contacts", "3000", "--years", "1"])
            .assert()
            .success();
        for at in ["2026-06-03 10:00", "2026-07-01 14:00"] {
            f.balie()
                .args(["--desk", "WSWonen Noord", "--volunteer", "ab", "log"])
                .args([
                    "--topic",
                    "onderhoud",
                    "--signal",
                    "Kolenkit <lekt>",
                    "--at",
                    at,
                ])
                .args(["--resident", "K-123"])
                .assert()
                .success();
        }
        f
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn balie(&self) -> Command {
        let mut cmd = common::isolated(self.dir.path(), NOW);
        cmd.env("BALIE_DATA_DIR", self.path("data"))
            .env("BALIE_CONFIG", self.path("balie.toml"))
            .env_remove("BALIE_LANG"); // the document in the default language, Dutch
        cmd
    }

    /// Make a document; `args` go after `report --document`.
    fn document(&self, name: &str, args: &[&str]) -> String {
        let out = self.path(name);
        self.balie()
            .args(["report", "--document"])
            .args(args)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        std::fs::read_to_string(out).unwrap()
    }

    /// `balie report --format csv` rows as key -> (contacts, residents); the total has key "".
    fn csv(&self, args: &[&str]) -> BTreeMap<String, (u64, Option<u64>)> {
        let out = common::stdout(self.balie().args(["report", "--format", "csv"]).args(args));
        let mut r = csv::Reader::from_reader(out.as_bytes());
        let header = r.headers().unwrap().clone();
        let col = |name: &str| header.iter().position(|h| h == name);
        let (contacts, residents) = (col("contacts").unwrap(), col("residents"));
        // from, to, then the dimension's column unless there is none
        let key = (&header[2] != "contacts").then_some(2);
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                (
                    key.map_or(String::new(), |k| rec[k].to_string()),
                    (
                        rec[contacts].parse().unwrap(),
                        residents.map(|i| rec[i].parse().unwrap()),
                    ),
                )
            })
            .collect()
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in the start tag `tag`.
fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(unescape(&tag[start..start + len]))
}

/// A Dutch whole number (`1.234`, `+12`, `−3`); `None` for anything else (a percentage).
fn number(text: &str) -> Option<i64> {
    let t = text.trim().replace('\u{2212}', "-").replace('.', "");
    if t.is_empty() || t.contains('%') {
        return None;
    }
    t.parse().ok()
}

/// Every table with a `data-dim`: its rows with a `data-key`, each with the whole numbers
/// of its number cells, in order.
fn tables(html: &str) -> BTreeMap<String, Vec<(String, Vec<i64>)>> {
    let mut out = BTreeMap::new();
    for chunk in html.split("<table").skip(1) {
        let tag = &chunk[..chunk.find('>').unwrap()];
        let Some(dim) = attr(tag, "data-dim") else {
            continue;
        };
        let body = &chunk[..chunk.find("</table>").unwrap()];
        let mut rows = Vec::new();
        for tr in body.split("<tr").skip(1) {
            let tag = &tr[..tr.find('>').unwrap()];
            let Some(key) = attr(tag, "data-key") else {
                continue;
            };
            let cells: Vec<i64> = tr
                .split("<td class=\"n")
                .skip(1)
                .filter_map(|c| {
                    let text = &c[c.find('>').unwrap() + 1..c.find("</td>").unwrap()];
                    number(text)
                })
                .collect();
            rows.push((key, cells));
        }
        out.insert(dim, rows);
    }
    out
}

/// The contacts per week from the weeks table (`td data-week`).
fn weeks(html: &str) -> BTreeMap<String, u64> {
    html.split("<td class=\"n\" data-week=\"")
        .skip(1)
        .map(|c| {
            let label = &c[..c.find('"').unwrap()];
            let text = &c[c.find('>').unwrap() + 1..c.find("</td>").unwrap()];
            (label.to_string(), number(text).unwrap() as u64)
        })
        .collect()
}

/// Check every figure of the document `html` against `balie report --format csv` for the
/// same period and scope (`scope` are the extra arguments, e.g. a desk).
fn assert_figures_match(f: &Fixture, html: &str, period: &str, scope: &[&str]) {
    let csv = |by: &[&str]| {
        let mut args = vec!["--period", period];
        args.extend(scope);
        args.extend(by);
        f.csv(&args)
    };
    let t = tables(html);
    // the summary
    let total = csv(&[])[""];
    let kinds = csv(&["--by", "kind"]);
    let summary: BTreeMap<_, _> = t["summary"].iter().cloned().collect();
    assert_eq!(summary["contacts"][0] as u64, total.0);
    if let Some(r) = total.1 {
        assert_eq!(summary["residents"][0] as u64, r);
    }
    assert_eq!(summary["hulpvraag"][0] as u64, kinds["hulpvraag"].0);
    assert_eq!(summary["kort"][0] as u64, kinds["kort"].0);

    // the breakdowns: each shown row equals the CSV row, every row left out is zero
    let (mut checked, mut shown_rows) = (0, 0);
    for dim in ["desk", "topic", "landlord_group", "landlord"] {
        let Some(rows) = t.get(dim) else {
            continue;
        };
        let expected = csv(&["--by", dim]);
        let shown: BTreeMap<_, _> = rows.iter().cloned().collect();
        shown_rows += shown.len();
        for (key, (contacts, residents)) in &expected {
            match shown.get(key) {
                Some(cells) => {
                    assert_eq!(cells[0] as u64, *contacts, "{dim} {key}");
                    if let Some(r) = residents {
                        assert_eq!(cells[1] as u64, *r, "{dim} {key} residents");
                    }
                    checked += 1;
                }
                None => assert_eq!(*contacts, 0, "{dim} {key} is missing from the document"),
            }
        }
        assert!(shown.keys().all(|k| expected.contains_key(k)), "{dim}");
    }
    // every row shown was compared (the totals under the key "" too)
    assert_eq!(checked, shown_rows);
    assert!(checked > 8, "only {checked} rows compared");

    // the weeks
    let expected: BTreeMap<String, u64> = csv(&["--by", "week"])
        .into_iter()
        .filter(|(k, _)| !k.is_empty())
        .map(|(k, v)| (k, v.0))
        .collect();
    assert_eq!(weeks(html), expected);

    // referrals in and out
    let from = csv(&["--by", "referred-from"]);
    let to = csv(&["--by", "referred-to"]);
    let none = Vec::new();
    let referrals = t.get("referrals").unwrap_or(&none);
    for (code, cells) in referrals {
        assert_eq!(
            cells[0] as u64,
            from.get(code).map_or(0, |c| c.0),
            "from {code}"
        );
        assert_eq!(
            cells[1] as u64,
            to.get(code).map_or(0, |c| c.0),
            "to {code}"
        );
    }
    // the knowledge-base gaps: every topic with contacts, as `balie report --kb-gaps` counts
    let mut args = vec!["report", "--kb-gaps", "--format", "csv", "--period", period];
    args.extend(scope);
    let out = common::stdout(f.balie().args(&args));
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let expected: Vec<(String, Vec<i64>)> = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            let n = |i: usize| rec[i].parse::<i64>().unwrap();
            (rec[2].to_string(), vec![n(3), n(4), n(5), n(6)])
        })
        .filter(|(_, v)| v[0] > 0)
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(
        t["kb_gap"], expected,
        "contacts, with an article, without, articles"
    );

    let named = |m: &BTreeMap<String, (u64, Option<u64>)>| {
        m.iter().filter(|(k, v)| !k.is_empty() && v.0 > 0).count()
    };
    assert!(referrals.len() >= named(&from).max(named(&to)));
}

#[test]
fn the_documents_figures_are_those_of_balie_report() {
    let f = Fixture::new();
    let intro = f.path("intro.md");
    let html = f.document(
        "t2.html",
        &["--period", "2026-T2", "--intro", intro.to_str().unwrap()],
    );
    assert_figures_match(&f, &html, "2026-T2", &[]);

    // one desk
    let noord = f.document(
        "noord.html",
        &["--period", "2026-T2", "--desk", "WSWonen Noord"],
    );
    assert_figures_match(&f, &noord, "2026-T2", &["--desk", "WSWonen Noord"]);
    assert!(
        !noord.contains("id=\"desks\""),
        "one desk has no desk table"
    );

    // The year while it runs: the targets are those of `balie report --targets`.
    let year = f.document("2026.html", &["--period", "2026"]);
    assert_figures_match(&f, &year, "2026", &[]);
    let out = common::stdout(f.balie().args([
        "report",
        "--targets",
        "--period",
        "2026",
        "--format",
        "csv",
    ]));
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let targets = &tables(&year)["target"];
    let rows: Vec<_> = r.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    for (rec, (name, cells)) in rows.iter().zip(targets) {
        assert_eq!(&rec[1], name);
        let want: Vec<i64> = [4, 5, 7, 8]
            .iter()
            .map(|&i| rec[i].parse().unwrap())
            .collect();
        assert_eq!(cells, &want, "{name}: actual, target, by today, ahead");
    }
}

#[test]
fn labels_and_the_intro_are_text_never_markup_and_nothing_personal_leaks() {
    let f = Fixture::new();
    let intro = f.path("intro.md");
    let html = f.document(
        "t2.html",
        &["--period", "2026-T2", "--intro", intro.to_str().unwrap()],
    );
    assert!(!html.contains("<script"), "a script got through");
    assert!(html.contains("Huur &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;script&gt;alert(2)&lt;/script&gt;"));
    assert!(html.contains("<h3>Conclusies</h3>"));
    assert!(html.contains("Kolenkit &lt;lekt&gt;"));
    assert!(
        !html.contains("K-123"),
        "a resident code is in the document"
    );
    assert!(html.contains("<html lang=\"nl\">"));
    // English on request
    let en = f.document("en.html", &["--period", "2026-T2", "--lang", "en"]);
    assert!(en.contains("<html lang=\"en\">") && en.contains("Per topic"));
}

#[test]
fn a_period_without_contacts_gives_a_short_document_that_says_so() {
    let f = Fixture::new();
    let html = f.document("2020.html", &["--period", "2020"]);
    assert!(html.contains("In deze periode zijn geen contacten geregistreerd."));
    assert!(!html.contains("<svg") && !html.contains("<table"));
}

#[test]
fn bad_input_is_one_clear_sentence_and_writes_nothing() {
    let f = Fixture::new();
    let out = f.path("r.html");
    let missing = f.path("geen.md");
    let err = f
        .balie()
        .args(["report", "--document", "--period", "2026-T2", "--intro"])
        .arg(&missing)
        .arg("-o")
        .arg(&out)
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert!(err.starts_with("fout: kan de inleiding "), "{err}");
    assert!(!out.exists());

    std::fs::write(f.path("latin1.md"), b"caf\xe9").unwrap();
    let err = f
        .balie()
        .args(["report", "--document", "--intro"])
        .arg(f.path("latin1.md"))
        .arg("-o")
        .arg(&out)
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    assert!(
        String::from_utf8(err)
            .unwrap()
            .contains("is geen UTF-8-tekst: bewaar hem als UTF-8")
    );

    std::fs::write(&out, "mine").unwrap();
    let err = f
        .balie()
        .args(["report", "--document", "-o"])
        .arg(&out)
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8(err).unwrap().contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
}

// ---- the real browser ----

/// Chromium, or why the browser test cannot run.
fn chromium() -> Result<PathBuf, String> {
    let path = PathBuf::from("/usr/bin/chromium");
    if path.exists() {
        Ok(path)
    } else {
        Err("/usr/bin/chromium is not installed (apt-get install -y chromium)".into())
    }
}

/// Run headless Chromium on `page` with the network off and a fresh profile; its stderr.
fn run_chromium(browser: &Path, page: &Path, args: &[String]) -> (bool, String, String) {
    let profile = TempDir::new().unwrap();
    let mut child = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--enable-logging=stderr",
            "--v=0",
            // no network at all: every host resolves nowhere, no proxy
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=http://127.0.0.1:9",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish in 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The console messages Chromium logged (`:CONSOLE(` lines on stderr with --enable-logging).
fn console(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .collect()
}

#[test]
fn a_real_browser_shows_and_prints_the_document() {
    let browser = match chromium() {
        Ok(b) => b,
        Err(why) => {
            if std::env::var("BALIE_TEST_CHROMIUM").as_deref() == Ok("require") {
                panic!("BALIE_TEST_CHROMIUM=require, but {why}");
            }
            eprintln!("skipped: the browser test needs Chromium: {why}");
            return;
        }
    };
    let f = Fixture::new();

    // The console check can fail: a page that logs an error is caught.
    let probe = f.path("probe.html");
    std::fs::write(
        &probe,
        "<!DOCTYPE html><script>console.error('probe fails')</script>",
    )
    .unwrap();
    let (_, _, stderr) = run_chromium(&browser, &probe, &["--dump-dom".into()]);
    assert!(
        console(&stderr).iter().any(|l| l.contains("probe fails")),
        "console messages are not seen: {stderr}"
    );

    let intro = f.path("intro.md");
    let html = f.document(
        "t2.html",
        &["--period", "2026-T2", "--intro", intro.to_str().unwrap()],
    );
    let page = f.path("t2.html");

    // Loaded: no console messages (no errors, no blocked loads); the DOM has every chart.
    let (ok, dom, stderr) = run_chromium(&browser, &page, &["--dump-dom".into()]);
    assert!(ok, "{stderr}");
    assert!(
        console(&stderr).is_empty(),
        "console: {:?}",
        console(&stderr)
    );
    assert!(dom.contains("Samenvatting"), "{dom}");
    let charts: Vec<&str> = dom.split("<svg class=\"chart").skip(1).collect();
    let figures = html.matches("<figure>").count();
    assert_eq!(charts.len(), figures);
    assert!(charts.len() >= 6, "{} charts", charts.len());
    for svg in &charts {
        let svg = &svg[..svg.find("</svg>").unwrap()];
        assert!(svg.contains("viewBox=\"0 0 640 "), "{svg}");
        let bars = svg.matches("<rect class=\"bar").count();
        assert!(bars > 0, "a chart without bars: {svg}");
        assert!(svg.contains("data-value=\"") && !svg.contains("width=\"NaN"));
    }
    // What the browser read has the figures of `balie report`.
    assert_figures_match(&f, &dom, "2026-T2", &[]);

    // A screenshot, and the page printed to PDF.
    let written = |flag: &str, name: &str, extra: &str| {
        let file = f.path(name);
        let args = [format!("--{flag}={}", file.display()), extra.to_string()];
        let (ok, _, stderr) = run_chromium(&browser, &page, &args);
        assert!(ok, "{stderr}");
        std::fs::read(&file).unwrap()
    };
    let bytes = written("screenshot", "t2.png", "--window-size=1000,1400");
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000,
        "{} bytes",
        bytes.len()
    );
    // A4, each section from "Per balie" on starts a page.
    let bytes = written("print-to-pdf", "t2.pdf", "--no-pdf-header-footer");
    let text = String::from_utf8_lossy(&bytes);
    let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    let sections = html.matches("<section class=\"page").count();
    assert!(sections >= 8, "{sections} sections");
    assert!(
        pages > sections,
        "{pages} pages for {sections} sections after the first page"
    );
    assert!(text.contains("/MediaBox [0 0 594.95"), "A4");
}

#[test]
fn without_a_file_the_document_goes_to_standard_output_and_clashing_options_are_refused() {
    let f = Fixture::new();
    let out = common::stdout(
        f.balie()
            .args(["report", "--document", "--period", "2026-T2"]),
    );
    assert!(out.starts_with("<!DOCTYPE html>") && out.contains("id=\"topics\""));
    // without --period: this tertiaal (NOW is in 2026-T3)
    let out = common::stdout(f.balie().args(["report", "--document"]));
    assert!(
        out.contains("Periode 2026-T3"),
        "{}",
        &out[..out.len().min(2000)]
    );
    f.balie()
        .args(["report", "--document", "--by", "topic"])
        .assert()
        .code(2);
    // --intro belongs to the document (-o FILE also writes the counts formats to a file)
    f.balie()
        .args(["report", "--intro", "x.md"])
        .assert()
        .code(2);
}
