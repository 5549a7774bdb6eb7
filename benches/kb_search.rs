//! Per-keystroke knowledge-base search latency over 5,000 generated articles (plus the
//! shipped ones), for fuzzy-matcher and nucleo-matcher side by side in the same run.
//!
//! Run: `cargo bench --bench kb_search` (release build). Each query is typed one character
//! at a time and every keystroke's search is timed, as the TUI calls it: titles and aliases
//! in memory, then the bodies through SQLite FTS5 in a database file.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use balie::config::Config;
use balie::kb::matcher::{Matcher, Skim};
use balie::kb::{self, Article, Searcher, markdown};
use balie::store::Store;
use chrono::{NaiveDate, NaiveDateTime};

#[path = "support/nucleo.rs"]
mod nucleo;
use nucleo::Nucleo;

const ARTICLES: usize = 5_000;
const ROUNDS: usize = 5;
const LIMIT: usize = 20;

/// What volunteers type: subjects, typos, several words, no accents, English.
const QUERIES: &[&str] = &[
    "schimmel",
    "schimel",
    "urgentie",
    "urgntie",
    "groot naar beter",
    "van hoog naar laag",
    "huurcommissie",
    "huurcomisie",
    "puntentelling",
    "splitsing",
    "woningdelen",
    "kostendelersnorm",
    "betalingsregeling",
    "huisuitzetting",
    "huurachterstand",
    "rolstoelwoning",
    "wmo indicatie",
    "housing first",
    "thuis in de wijk",
    "statushouders",
    "regiobinding",
    "centrale toegang",
    "formulierenbrigade",
    "klussendienst",
    "bespaarmij",
    "meldpunt ongewenst verhuurgedrag",
    "sociale kaart",
    "maatwerk",
    "te krap wonend groot gezin",
    "sociaal medische urgentie",
    "financiele hulp",
    "een woning",
    "achterstallig onderhoud",
    "woningnet",
    "zoekprofiel",
    "eviction",
    "rent arrears",
    "wijksteunpunt wonen",
    "terugkeer route",
    "snelle toegang",
];

/// xorshift64*: a small deterministic generator, so every run searches the same articles.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn pick<'a>(&mut self, words: &'a [String]) -> &'a str {
        &words[self.below(words.len())]
    }
}

fn words(rng: &mut Rng, vocab: &[String], n: usize) -> String {
    (0..n)
        .map(|_| rng.pick(vocab))
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// 5,000 articles shaped like the shipped ones: Dutch words from their bodies, a 2-5 word
/// title, 3-8 aliases, 3-5 sections of text and lists (about 2-3 KB each).
fn generate(vocab: &[String], topics: &[String]) -> Vec<Article> {
    let mut rng = Rng(0x5EED_BA11_E000_0001);
    let date = |s: &str| s.parse::<NaiveDate>().unwrap();
    (0..ARTICLES)
        .map(|i| {
            let n = rng.between(2, 5);
            let title = capitalised(&words(&mut rng, vocab, n));
            let aliases = (0..rng.between(3, 8))
                .map(|_| {
                    let n = rng.between(1, 3);
                    words(&mut rng, vocab, n)
                })
                .collect();
            let mut body = format!("# {title}\n\n");
            for _ in 0..rng.between(3, 5) {
                let n = rng.between(2, 4);
                body.push_str(&format!("## {}\n", capitalised(&words(&mut rng, vocab, n))));
                let n = rng.between(40, 80);
                body.push_str(&format!(
                    "**{}** {}.\n\n",
                    words(&mut rng, vocab, 2),
                    words(&mut rng, vocab, n)
                ));
                for _ in 0..3 {
                    let n = rng.between(5, 10);
                    body.push_str(&format!("- {}\n", words(&mut rng, vocab, n)));
                }
                body.push('\n');
            }
            let mut id = format!("gen-{i:04}-{}", kb::article::slugify(&title));
            id.truncate(kb::article::MAX_ID_LEN);
            let id = id.trim_end_matches('-').to_string();
            Article {
                id,
                title,
                aliases,
                topics: vec![topics[rng.below(topics.len())].clone()],
                source: "Gegenereerd voor de benchmark (2026)".into(),
                facts_from: Some(date("2019-01-01")),
                valid_from: None,
                valid_until: None,
                last_checked: None,
                checked_against: None,
                review_by: None,
                body,
            }
        })
        .collect()
}

/// Keystroke timings in typing order, round after round.
#[derive(Default)]
struct Samples(Vec<Duration>, Vec<String>);

/// Median, p90, p99 and max of `d`, in milliseconds.
fn percentiles(d: &mut [Duration]) -> String {
    d.sort();
    let at = |p: f64| {
        let i = ((d.len() as f64 * p).ceil() as usize).clamp(1, d.len()) - 1;
        d[i].as_secs_f64() * 1000.0
    };
    format!(
        "{:>6.3} | {:>6.3} | {:>6.3} | {:>6.3}",
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0)
    )
}

impl Samples {
    /// Over every keystroke of every round.
    fn all(&self) -> String {
        format!("{} | {:>5}", percentiles(&mut self.0.clone()), self.0.len())
    }

    /// Over keystrokes, each the median of its rounds: what is left when another process
    /// steals the CPU during one round.
    fn per_keystroke_median(&self, rounds: usize) -> String {
        let k = self.0.len() / rounds;
        let mut medians: Vec<Duration> = (0..k)
            .map(|j| {
                let mut r: Vec<Duration> = (0..rounds).map(|i| self.0[i * k + j]).collect();
                r.sort();
                r[rounds / 2]
            })
            .collect();
        format!("{} | {:>5}", percentiles(&mut medians), k)
    }

    /// The slowest keystrokes by their median over the rounds.
    fn slowest(&self, rounds: usize, n: usize) -> String {
        let k = self.0.len() / rounds;
        let mut medians: Vec<(Duration, &str)> = (0..k)
            .map(|j| {
                let mut r: Vec<Duration> = (0..rounds).map(|i| self.0[i * k + j]).collect();
                r.sort();
                (r[rounds / 2], self.1[j].as_str())
            })
            .collect();
        medians.sort_by_key(|m| std::cmp::Reverse(m.0));
        let slow: Vec<String> = medians
            .iter()
            .take(n)
            .map(|(d, q)| format!("{:.2} ms {q:?}", d.as_secs_f64() * 1e3))
            .collect();
        slow.join(", ")
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// What the TUI does: titles/aliases narrowed from the last keystroke, then FTS5.
    Full,
    /// Titles and aliases only (the part the matcher decides).
    Titles,
    /// Full, but every keystroke starts afresh (no narrowing).
    FullNoNarrowing,
}

/// Type every query one character at a time; time each keystroke's search.
fn type_queries<M: Matcher>(
    searcher: &mut Searcher<M>,
    store: &Store,
    mode: Mode,
    samples: &mut Samples,
) -> usize {
    let mut results = 0;
    for q in QUERIES {
        searcher.forget();
        for (end, _) in q.char_indices().skip(1).chain([(q.len(), ' ')]) {
            let typed = &q[..end];
            if mode == Mode::FullNoNarrowing {
                searcher.forget();
            }
            let start = Instant::now();
            let n = match mode {
                Mode::Titles => searcher.search_titles(typed, LIMIT).len(),
                _ => searcher.search(store, typed, LIMIT).expect("search").len(),
            };
            samples.0.push(start.elapsed());
            if samples.1.len() < samples.0.len() {
                samples.1.push(typed.to_string());
            }
            results += n;
        }
    }
    results
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // KB_BENCH_DIR keeps the generated database for inspection.
    let path =
        std::env::var_os("KB_BENCH_DIR").map_or_else(|| dir.path().to_path_buf(), Into::into);
    let mut store = Store::open_dir(&path).expect("a store");
    let now = NaiveDateTime::parse_from_str("2026-11-25 12:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
    kb::sync_shipped(&mut store, now).expect("shipped articles load");

    let shipped = kb::shipped_articles().expect("shipped articles parse");
    let vocab: Vec<String> = shipped
        .iter()
        .flat_map(|a| {
            markdown::plain_text(&a.body)
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().count() >= 3)
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let topics: Vec<String> = Config::shipped()
        .topics
        .iter()
        .map(|t| t.code.clone())
        .collect();
    let started = Instant::now();
    let articles = generate(&vocab, &topics);
    kb::import_articles(&mut store, &articles, now).expect("generated articles import");
    let built = started.elapsed();

    let mut skim = Searcher::load_with(&store, Skim::default()).expect("load");
    let mut nucleo = Searcher::load_with(&store, Nucleo::default()).expect("load");
    println!(
        "{} articles ({} generated from a vocabulary of {} words, {} shipped), generated and \
         imported in {:.1} s; {} queries typed one character at a time, {} rounds, limit {}.\n",
        skim.len(),
        ARTICLES,
        vocab.len(),
        shipped.len(),
        built.as_secs_f64(),
        QUERIES.len(),
        ROUNDS,
        LIMIT
    );

    // Warm up caches (SQLite pages, allocator) once per engine, unmeasured.
    let mut scratch = Samples::default();
    type_queries(&mut skim, &store, Mode::Full, &mut scratch);
    type_queries(&mut nucleo, &store, Mode::Full, &mut scratch);

    let modes = [
        (
            Mode::Full,
            "full search (titles/aliases + FTS5 bodies), narrowing",
        ),
        (Mode::Titles, "titles/aliases only, narrowing"),
        (Mode::FullNoNarrowing, "full search, every keystroke afresh"),
    ];
    println!("All keystrokes of all rounds:\n");
    println!("| matcher | what is timed | median ms | p90 ms | p99 ms | max ms | keystrokes |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    let mut robust = Vec::new();
    for (mode, what) in modes {
        let mut s = Samples::default();
        let mut n = Samples::default();
        let (mut rs, mut rn) = (0, 0);
        // Alternate the engines round by round so both see the same machine conditions.
        for _ in 0..ROUNDS {
            rs += type_queries(&mut skim, &store, mode, &mut s);
            rn += type_queries(&mut nucleo, &store, mode, &mut n);
        }
        if std::env::var_os("KB_BENCH_SLOWEST").is_some() {
            eprintln!("slowest, fuzzy-matcher, {what}: {}", s.slowest(ROUNDS, 10));
            eprintln!("slowest, nucleo-matcher, {what}: {}", n.slowest(ROUNDS, 10));
        }
        println!("| fuzzy-matcher | {what} | {} |", s.all());
        println!("| nucleo-matcher | {what} | {} |", n.all());
        robust.push(format!(
            "| fuzzy-matcher | {what} | {} |",
            s.per_keystroke_median(ROUNDS)
        ));
        robust.push(format!(
            "| nucleo-matcher | {what} | {} |",
            n.per_keystroke_median(ROUNDS)
        ));
        eprintln!("({what}: {rs} results from fuzzy-matcher, {rn} from nucleo-matcher)");
    }
    println!("\nEach keystroke as the median of its {ROUNDS} rounds:\n");
    println!("| matcher | what is timed | median ms | p90 ms | p99 ms | max ms | keystrokes |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    for line in robust {
        println!("{line}");
    }
}
