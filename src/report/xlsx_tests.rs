//! The xlsx charts read back as a spreadsheet would: every series' cells summed per week
//! must be the contacts per week (or, on the chart labelled as such, the topic mentions).

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read};

use chrono::NaiveDateTime;

use super::export::{ExportFormat, ExportOptions, write_to};
use super::period::{Period, iso_week_label};
use crate::config::Config;
use crate::domain::{AT_FORMAT, Contact};
use crate::i18n::Lang;
use crate::store::Store;

fn entry(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The texts between `open` and `close`, in order.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    text.split(open)
        .skip(1)
        .filter_map(|s| s.split_once(close).map(|(inner, _)| inner))
        .collect()
}

/// Numeric cells of a sheet by reference (`D2`).
fn numbers(sheet: &str) -> HashMap<String, f64> {
    let mut out = HashMap::new();
    for cell in sheet.split("<c r=\"").skip(1) {
        let (reference, rest) = cell.split_once('"').unwrap();
        let body = rest.split("</c>").next().unwrap();
        if body.contains("t=\"s\"") || body.contains("t=\"inlineStr\"") {
            continue;
        }
        if let Some(v) = between(body, "<v>", "</v>").first() {
            out.insert(reference.to_string(), v.parse().unwrap());
        }
    }
    out
}

/// `'sheet'!$D$2:$D$6` -> ("sheet", column letter, first row, last row).
fn range(f: &str) -> (String, String, u32, u32) {
    let (sheet, cells) = f.rsplit_once('!').unwrap();
    let sheet = sheet.trim_matches('\'').to_string();
    let cells = cells.replace('$', "");
    let (a, b) = cells.split_once(':').unwrap_or((&cells, &cells));
    let split = |c: &str| {
        let i = c.find(|ch: char| ch.is_ascii_digit()).unwrap();
        (c[..i].to_string(), c[i..].parse::<u32>().unwrap())
    };
    let ((col, first), (_, last)) = (split(a), split(b));
    (sheet, col, first, last)
}

/// Per chart series: its name and its values, read from the sheet cells it refers to.
fn series(chart: &str, sheets: &HashMap<String, HashMap<String, f64>>) -> Vec<(String, Vec<f64>)> {
    between(chart, "<c:ser>", "</c:ser>")
        .into_iter()
        .map(|ser| {
            let name = between(ser, "<c:v>", "</c:v>")
                .first()
                .unwrap_or(&"")
                .to_string();
            let val = between(ser, "<c:val>", "</c:val>")[0];
            let (sheet, col, first, last) = range(between(val, "<c:f>", "</c:f>")[0]);
            let cells = &sheets[&sheet];
            let values = (first..=last)
                .map(|r| cells.get(&format!("{col}{r}")).copied().unwrap_or(0.0))
                .collect();
            (name, values)
        })
        .collect()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
}

/// December 2026 (Tuesday 1 to Thursday 31: the first and last weeks are partial), with
/// all shipped topics used, some contacts about two or three topics.
fn december() -> (Store, Vec<Contact>) {
    let mut store = Store::open_in_memory().unwrap();
    let config = Config::shipped();
    let codes: Vec<String> = config
        .topics
        .iter()
        .filter(|t| !t.hidden)
        .map(|t| t.code.clone())
        .collect();
    assert!(codes.len() > 10, "enough topics for an \"other\" stack");
    let mut out = Vec::new();
    for i in 0..140u32 {
        let day = 1 + (i * 7 % 31);
        let mut topics: Vec<String> = vec![];
        for (every, offset) in [
            (1, i as usize * 5),
            (3, i as usize + 1),
            (7, i as usize + 4),
        ] {
            let code = &codes[offset % codes.len()];
            if i % every == 0 && !topics.contains(code) {
                topics.push(code.clone());
            }
        }
        let mut c = Contact::bare(
            at(&format!("2026-12-{day:02} {:02}:{:02}", 9 + i % 8, i % 60)),
            "WSWonen Noord",
            "AB",
            topics,
            at("2026-12-31 18:00"),
        );
        c.validate(&config).unwrap();
        store.insert(&c).unwrap();
        out.push(c);
    }
    // and one just outside the period, which no chart may count
    let c = Contact::bare(
        at("2026-11-30 10:00"),
        "WSWonen Noord",
        "AB",
        vec![codes[0].clone()],
        at("2026-12-31 18:00"),
    );
    store.insert(&c).unwrap();
    (store, out)
}

fn workbook(store: &Store, lang: Lang) -> Vec<u8> {
    let mut config = Config::shipped();
    config.lang = lang;
    let opts = ExportOptions {
        format: ExportFormat::Xlsx,
        period: Period::parse("2026-12").ok(),
        ..ExportOptions::default()
    };
    let mut bytes = Vec::new();
    write_to(store, &config, &opts, &mut bytes).unwrap();
    bytes
}

fn sheets(bytes: &[u8]) -> HashMap<String, HashMap<String, f64>> {
    let wb = entry(bytes, "xl/workbook.xml");
    between(&wb, "<sheet name=\"", "\"")
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let xml = entry(bytes, &format!("xl/worksheets/sheet{}.xml", i + 1));
            (name.to_string(), numbers(&xml))
        })
        .collect()
}

#[test]
fn the_contacts_chart_adds_up_to_the_contacts_of_each_week() {
    let (store, contacts) = december();
    let bytes = workbook(&store, Lang::Nl);
    let sheets = sheets(&bytes);
    let mut per_week: BTreeMap<String, f64> = BTreeMap::new();
    let mut mentions: BTreeMap<String, f64> = BTreeMap::new();
    for c in &contacts {
        let week = iso_week_label(c.at.date());
        *per_week.entry(week.clone()).or_default() += 1.0;
        *mentions.entry(week).or_default() += c.topics.len() as f64;
    }
    let weeks: Vec<f64> = per_week.values().copied().collect();
    assert_eq!(weeks.len(), 5, "2026-W49 .. 2026-W53");

    let chart = entry(&bytes, "xl/charts/chart1.xml");
    let s = series(&chart, &sheets);
    let mut summed = vec![0.0; weeks.len()];
    for (_, values) in &s {
        for (i, v) in values.iter().enumerate() {
            summed[i] += v;
        }
    }
    assert_eq!(summed, weeks, "the bars are the contacts per week");
    let axis = between(&chart, "<c:valAx>", "</c:valAx>")[0];
    assert!(axis.contains("<a:t>contacten</a:t>"), "{axis}");
    assert!(chart.contains("Contacten per week, 2026-12"), "Dutch title");
    // the partial weeks at both ends say so on the axis
    let categories = entry(&bytes, "xl/sharedStrings.xml");
    assert!(categories.contains(">2026-W49 (deel)<"), "{categories}");
    assert!(categories.contains(">2026-W53 (deel)<"));
    assert!(categories.contains(">2026-W50<"));

    // the topic chart is labelled as mentions, and its stacks add up to them
    let chart = entry(&bytes, "xl/charts/chart2.xml");
    let s = series(&chart, &sheets);
    let mut summed = vec![0.0; weeks.len()];
    for (_, values) in &s {
        for (i, v) in values.iter().enumerate() {
            summed[i] += v;
        }
    }
    assert_eq!(summed, mentions.values().copied().collect::<Vec<_>>());
    let axis = between(&chart, "<c:valAx>", "</c:valAx>")[0];
    assert!(axis.contains("<a:t>vermeldingen</a:t>"), "{axis}");
    let names: Vec<&str> = s.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), super::xlsx::TOP_TOPICS + 1, "{names:?}");
    assert_eq!(names.last(), Some(&"overige"));
    // every stack has a colour of its own
    let colours: Vec<&str> = between(&chart, "<c:ser>", "</c:ser>")
        .iter()
        .map(|ser| between(ser, "<a:srgbClr val=\"", "\"")[0])
        .collect();
    let mut distinct = colours.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), colours.len(), "{colours:?}");

    // both summary sheets print on one A4 page, landscape
    for n in [2, 3] {
        let sheet = entry(&bytes, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{sheet}");
        let setup = between(&sheet, "<pageSetup ", "/>")[0];
        assert!(setup.contains("paperSize=\"9\""), "A4: {setup}");
        assert!(setup.contains("orientation=\"landscape\""), "{setup}");
    }
}

#[test]
fn sheet_names_headers_and_titles_follow_the_language() {
    let (store, _) = december();
    let nl = workbook(&store, Lang::Nl);
    let en = workbook(&store, Lang::En);
    let names = |b: &[u8]| {
        let wb = entry(b, "xl/workbook.xml");
        between(&wb, "<sheet name=\"", "\"")
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(&nl),
        ["contacten", "contacten per week", "onderwerpen per week"]
    );
    assert_eq!(
        names(&en),
        ["contacts", "contacts per week", "topics per week"]
    );
    let strings = entry(&en, "xl/sharedStrings.xml");
    for s in ["whole week", "topic mentions", "other", "2026-W49 (part)"] {
        assert!(strings.contains(&format!(">{s}<")), "{s} in {strings}");
    }
    let chart = entry(&en, "xl/charts/chart1.xml");
    assert!(chart.contains("Contacts per week, 2026-12"), "{chart}");
    assert!(entry(&en, "xl/charts/chart2.xml").contains("<c:v>other</c:v>"));
    // the headers fit: the column of "whole week" is at least as wide as the word
    let sheet = entry(&en, "xl/worksheets/sheet2.xml");
    let widths: Vec<f64> = between(&sheet, "width=\"", "\"")
        .iter()
        .map(|w| w.parse().unwrap())
        .collect();
    assert!(widths.iter().all(|w| *w >= 11.0), "{widths:?}");
}
