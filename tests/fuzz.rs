//! Property-based fuzzing of everything that reads text a person typed: config layers, the
//! moment and day parsers, the personal-data scanner, contact fields, the command line, the
//! closest-code suggestions, and notes through the store. Each property must hold and
//! nothing may panic (proptest catches a panic as a failure and shrinks it).
//!
//! Each parser gets `BALIE_FUZZ_CASES` inputs (default 2,000); the count actually tried is
//! printed (`cargo test --test fuzz -- --nocapture`).

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use balie::config::{self, Config, ConfigError, SHIPPED};
use balie::domain::Contact;
use balie::privacy::{self, PersonalData};
use balie::store::Store;
use balie::when;
use chrono::{DateTime, NaiveDateTime};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestCaseError, TestRunner};

fn cases() -> u32 {
    std::env::var("BALIE_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000)
}

/// Run `test` on `cases()` inputs from `strategy`; report how many were tried.
fn fuzz<S: Strategy>(
    name: &str,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let tried = AtomicU64::new(0);
    let mut runner = TestRunner::new(RunnerConfig {
        cases: cases(),
        failure_persistence: None,
        ..RunnerConfig::default()
    });
    let result = runner.run(&strategy, |v| {
        tried.fetch_add(1, Ordering::Relaxed);
        test(v)
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    eprintln!(
        "fuzz {name}: {} inputs, 0 failures, 0 panics",
        tried.load(Ordering::Relaxed)
    );
}

// ---- config layers --------------------------------------------------------------------------

fn toml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>().prop_map(|s| format!("{s:?}")),
        "[a-z\\-_ ]{0,12}".prop_map(|s| format!("\"{s}\"")),
        prop::sample::select(vec![
            "\"nl\"",
            "\"en\"",
            "\"huur\"",
            "\"wonen\"",
            "\"corporatie\"",
            "\"contacts\"",
            "\"residents\""
        ])
        .prop_map(str::to_string),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| f.to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        prop::collection::vec("[a-z]{0,10}", 0..12).prop_map(|v| format!("{v:?}")),
        "\\PC{0,20}",
    ]
}

fn toml_line() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        prop::sample::select(vec![
            "lang",
            "desk",
            "volunteer",
            "tally",
            "code",
            "nl",
            "en",
            "group",
            "synonyms",
            "hidden",
            "note_days",
            "keep",
            "year",
            "name",
            "topics",
            "count",
            "value",
        ])
        .prop_map(str::to_string),
        "[a-z_]{1,8}",
    ];
    let header = prop::sample::select(vec![
        "[[topics]]",
        "[[channels]]",
        "[[landlords]]",
        "[[partners]]",
        "[[desks]]",
        "[retention]",
        "[backup]",
        "[[targets]]",
        "[topics]",
        "[[retention]]",
        "[",
        "]]",
    ]);
    prop_oneof![
        4 => (key, toml_value()).prop_map(|(k, v)| format!("{k} = {v}")),
        2 => header.prop_map(str::to_string),
        1 => "#\\PC{0,20}",
        1 => "\\PC{0,30}",
        1 => Just(String::new()),
    ]
}

#[test]
fn config_layers() {
    let text = prop_oneof![
        4 => prop::collection::vec(toml_line(), 0..30).prop_map(|l| l.join("\n")),
        1 => any::<String>(),
    ];
    fuzz(
        "Config::layered",
        (text, any::<bool>()),
        |(text, on_shipped)| {
            let layers: Vec<(&str, &str)> = if on_shipped {
                vec![("<shipped>", SHIPPED), ("desk.toml", &text)]
            } else {
                vec![("desk.toml", &text)]
            };
            match Config::layered(&layers) {
                Ok(c) => {
                    for code in &c.tally {
                        prop_assert!(c.topic(code).is_some(), "tally names an unknown topic");
                    }
                    let mut codes: Vec<&str> = c.topics.iter().map(|t| t.code.as_str()).collect();
                    codes.sort_unstable();
                    let n = codes.len();
                    codes.dedup();
                    prop_assert_eq!(n, codes.len(), "a topic code twice");
                }
                Err(ConfigError::Invalid {
                    path,
                    line,
                    column,
                    message,
                }) => {
                    prop_assert!(path == "desk.toml" || path == "<shipped>");
                    prop_assert!(line >= 1 && column >= 1);
                    prop_assert!(
                        line <= text.lines().count() + 1,
                        "line {line} beyond the text"
                    );
                    prop_assert!(!message.is_empty());
                }
                Err(ConfigError::Read { .. }) => prop_assert!(false, "no file was read"),
            }
            Ok(())
        },
    );
}

// ---- moments and days ---------------------------------------------------------------------

/// Any moment chrono can hold, with weight on the edges of its range and on today.
fn any_now() -> impl Strategy<Value = NaiveDateTime> {
    let min = NaiveDateTime::MIN.and_utc().timestamp();
    let max = NaiveDateTime::MAX.and_utc().timestamp();
    prop_oneof![
        2 => min..=max,
        1 => min..min + 40 * 86_400,
        1 => max - 40 * 86_400..=max,
        1 => min..min + 3600,
        1 => max - 3600..=max,
        2 => 1_700_000_000i64..1_900_000_000,
    ]
    .prop_map(|s| DateTime::from_timestamp(s, 0).unwrap().naive_utc())
}

fn typed_moment() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        prop::sample::select(vec![
            "vandaag",
            "gisteren",
            "eergisteren",
            "morgen",
            "overmorgen",
            "today",
            "yesterday",
            "tomorrow",
            "nu",
            "now",
            "ma",
            "di",
            "wo",
            "do",
            "vr",
            "za",
            "zo",
            "maandag",
            "friday",
            "over",
            "in",
            "dagen",
            "dag",
            "weken",
            "week",
            "days",
            "weeks",
        ])
        .prop_map(str::to_string),
        (0u32..100, 0u32..100).prop_map(|(h, m)| format!("{h}:{m:02}")),
        (0u32..30, 0u32..70).prop_map(|(h, m)| format!("{h}.{m}")),
        (0i64..10_000, 0u32..40, 0u32..40).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        (0u32..40, 0u32..40, 0i64..10_000).prop_map(|(d, m, y)| format!("{d}-{m}-{y}")),
        (0u32..40, 0u32..40).prop_map(|(d, m)| format!("{d}/{m}")),
        any::<u64>().prop_map(|n| n.to_string()),
        "-?[0-9]{1,12}",
        "[ :./-]{1,3}",
    ];
    prop_oneof![
        4 => prop::collection::vec(word, 0..4).prop_map(|w| w.join(" ")),
        1 => any::<String>(),
    ]
}

#[test]
fn moments() {
    fuzz(
        "when::parse_moment",
        (typed_moment(), any_now()),
        |(text, now)| {
            if let Ok(m) = when::parse_moment(&text, now) {
                let limit = now.checked_add_signed(chrono::Duration::minutes(15));
                prop_assert!(
                    limit.is_none_or(|l| m <= l),
                    "{m} is in the future of {now}"
                );
            }
            Ok(())
        },
    );
}

#[test]
fn days() {
    fuzz(
        "when::parse_day",
        (typed_moment(), any_now()),
        |(text, now)| {
            let _ = when::parse_day(&text, now.date());
            Ok(())
        },
    );
}

#[test]
fn dates() {
    fuzz(
        "when::parse_date",
        (typed_moment(), any_now()),
        |(text, now)| {
            if let Ok(d) = when::parse_date(&text, now.date()) {
                prop_assert!(!text.trim().is_empty(), "{d} from nothing");
            }
            let _ = when::parse_time(&text);
            Ok(())
        },
    );
}

// ---- personal data --------------------------------------------------------------------------

fn check_findings(text: &str) -> Result<Vec<privacy::Finding>, TestCaseError> {
    let found = privacy::scan(text);
    let mut last_end = 0;
    for f in &found {
        prop_assert!(f.range.start < f.range.end && f.range.end <= text.len());
        prop_assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
        prop_assert!(
            f.range.start >= last_end,
            "findings overlap or are out of order"
        );
        last_end = f.range.end;
    }
    Ok(found)
}

#[test]
fn privacy_scan_on_any_text() {
    let text = prop_oneof![
        any::<String>(),
        "[0-9 .+()/@a-zA-Z,:-]{0,80}",
        prop::collection::vec(
            prop_oneof![
                "[0-9]{1,10}",
                "[A-Z]{2}[0-9]{2}",
                "[a-z]{1,6}@[a-z]{1,6}\\.[a-z]{2,3}",
                "[ .,/()+-]{1,2}"
            ],
            0..12
        )
        .prop_map(|p| p.concat()),
    ];
    fuzz("privacy::scan", text, |text| {
        check_findings(&text)?;
        Ok(())
    });
}

/// A valid BSN: eight digits and the check digit that makes the 11-check pass.
fn bsn() -> impl Strategy<Value = String> {
    prop::collection::vec(0u8..10, 8).prop_filter_map("check digit 10", |d| {
        let sum: u32 = d
            .iter()
            .enumerate()
            .map(|(k, &x)| u32::from(x) * (9 - k as u32))
            .sum();
        let check = sum % 11;
        (check < 10 && d.iter().any(|&x| x != 0)).then(|| {
            d.iter()
                .chain(std::iter::once(&(check as u8)))
                .map(|x| char::from(b'0' + x))
                .collect()
        })
    })
}

/// A valid Dutch IBAN with its check digits computed.
fn iban() -> impl Strategy<Value = String> {
    ("[A-Z]{4}", "[0-9]{10}").prop_map(|(bank, account)| {
        let rest = format!("{bank}{account}NL00");
        let mut rem = 0u32;
        for c in rest.bytes() {
            rem = if c.is_ascii_digit() {
                (rem * 10 + u32::from(c - b'0')) % 97
            } else {
                (rem * 100 + u32::from(c - b'A') + 10) % 97
            };
        }
        format!("NL{:02}{bank}{account}", 98 - rem)
    })
}

fn filler() -> impl Strategy<Value = String> {
    "[a-zëéï ,.]{0,20}".prop_map(|s| format!(" {s} "))
}

#[test]
fn privacy_finds_generated_personal_data() {
    let planted = prop_oneof![
        bsn().prop_map(|b| (PersonalData::Bsn, b)),
        bsn().prop_map(|b| (
            PersonalData::Bsn,
            format!("{}.{}.{}", &b[..4], &b[4..6], &b[6..])
        )),
        iban().prop_map(|i| (PersonalData::Iban, i)),
        iban().prop_map(|i| {
            let spaced: Vec<String> = i
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8(c.to_vec()).unwrap())
                .collect();
            (PersonalData::Iban, spaced.join(" "))
        }),
        "[0-9]{8}".prop_map(|d| (PersonalData::Phone, format!("06-{d}"))),
        "[0-9]{8}".prop_map(|d| (PersonalData::Phone, format!("+31 6 {}", d))),
        // geographic area codes (0800 and 090x are service numbers, not personal)
        (
            prop::sample::select(vec![
                "10", "20", "30", "40", "50", "70", "13", "23", "35", "72", "88"
            ]),
            "[0-9]{7}"
        )
            .prop_map(|(a, n)| (PersonalData::Phone, format!("0{a}-{n}"))),
        ("[a-z][a-z.]{0,8}[a-z]", "[a-z]{2,10}", "(nl|com|org|eu)")
            .prop_map(|(l, d, t)| (PersonalData::Email, format!("{l}@{d}.{t}"))),
        ("[1-9][0-9]{3}", "[A-Z]{2}", 1u32..1000)
            .prop_map(|(p, l, n)| (PersonalData::Address, format!("{p} {l} {n}"))),
    ];
    fuzz(
        "privacy::scan (planted)",
        (filler(), planted, filler()),
        |(before, (kind, data), after)| {
            let text = format!("{before}{data}{after}");
            let found = check_findings(&text)?;
            let hit = found
                .iter()
                .any(|f| f.kind == kind && text[f.range.clone()] == data);
            prop_assert!(hit, "{kind:?} {data:?} not found in {text:?}: {found:?}");
            Ok(())
        },
    );
}

#[test]
fn privacy_ignores_one_wrong_digit() {
    let mutated = prop_oneof![
        bsn().prop_map(|b| (PersonalData::Bsn, b)),
        iban().prop_map(|i| (PersonalData::Iban, i)),
    ];
    fuzz(
        "privacy::scan (one digit wrong)",
        (mutated, 0usize..100, 1u8..10),
        |((kind, data), at, delta)| {
            let mut bytes = data.into_bytes();
            let digits: Vec<usize> = (0..bytes.len())
                .filter(|&i| bytes[i].is_ascii_digit())
                .collect();
            let i = digits[at % digits.len()];
            bytes[i] = b'0' + (bytes[i] - b'0' + delta) % 10;
            let text = String::from_utf8(bytes).unwrap();
            let found = check_findings(&text)?;
            prop_assert!(
                found.iter().all(|f| f.kind != kind),
                "{text:?} still read as {kind:?}"
            );
            Ok(())
        },
    );
}

// ---- contact fields, the command line, suggestions, the store ------------------------------

#[test]
fn contact_fields() {
    let config = Config::shipped();
    let field = || prop_oneof![any::<String>(), "[a-zA-Z0-9 .-]{0,14}"];
    let fields = (
        field(),
        field(),
        field(),
        field(),
        field(),
        field(),
        any::<u32>(),
    );
    fuzz(
        "Contact::validate",
        (fields, any::<String>()),
        |((desk, vol, lang, res, pc, topic, minutes), note)| {
            let now = NaiveDateTime::parse_from_str("2026-11-25 11:42", "%Y-%m-%d %H:%M").unwrap();
            let mut c = Contact::bare(now, &desk, &vol, vec![topic, "huur".into()], now);
            c.language = Some(lang);
            c.resident = Some(res);
            c.postcode = Some(pc);
            c.minutes = Some(minutes % 3000);
            c.note = note;
            if c.validate(&config).is_ok() {
                prop_assert!((1..=4).contains(&c.volunteer.chars().count()));
                prop_assert!(c.note.chars().count() <= balie::domain::NOTE_MAX_CHARS);
                prop_assert!(c.postcode.as_ref().is_none_or(|p| p.len() == 4));
            }
            Ok(())
        },
    );
}

#[test]
fn command_lines() {
    let arg = prop_oneof![
        prop::sample::select(vec![
            "log",
            "list",
            "topics",
            "backup",
            "restore",
            "purge",
            "forget",
            "audit",
            "--topic",
            "-t",
            "--at",
            "--note",
            "--format",
            "csv",
            "json",
            "xml",
            "--from",
            "--to",
            "--date",
            "--resident",
            "--dry-run",
            "--output",
            "--lang",
            "nl",
            "en",
            "--desk",
            "--volunteer",
            "--minutes",
            "--kind",
            "hulpvraag",
            "--",
            "-",
            "--help",
            "--allow-personal-data",
        ])
        .prop_map(str::to_string),
        any::<String>(),
    ];
    fuzz(
        "Cli::try_parse_from",
        prop::collection::vec(arg, 0..8),
        |args| {
            use clap::Parser;
            let _ =
                balie::cli::Cli::try_parse_from(std::iter::once("balie".to_string()).chain(args));
            Ok(())
        },
    );
}

#[test]
fn suggestions_for_unknown_codes() {
    let config = Config::shipped();
    // the length of a code someone types; the edit distance is quadratic in it
    let typed = || prop_oneof!["\\PC{0,24}", "[a-z -]{0,24}"];
    fuzz("Config::unknown_*_message", (typed(), typed()), |(a, b)| {
        prop_assert!(config.unknown_topic_message(&a).contains("unknown topic"));
        let _ = config.unknown_channel_message(&a);
        let _ = config.unknown_landlord_message(&a);
        let _ = config.unknown_partner_message(&a);
        prop_assert_eq!(config::levenshtein(&a, &a), 0);
        prop_assert_eq!(config::levenshtein(&a, &b), config::levenshtein(&b, &a));
        Ok(())
    });
}

#[test]
fn notes_round_trip_through_the_store() {
    let store = RefCell::new(Store::open_in_memory().unwrap());
    let config = Config::shipped();
    fuzz("Store insert/get of a note", any::<String>(), |note| {
        let now = NaiveDateTime::parse_from_str("2026-11-25 11:42", "%Y-%m-%d %H:%M").unwrap();
        let mut c = Contact::bare(now, "D", "AB", vec!["huur".into()], now);
        c.note = note;
        if c.validate(&config).is_ok() {
            store.borrow_mut().insert(&c).unwrap();
            prop_assert_eq!(store.borrow().get(&c.id).unwrap(), Some(c));
        }
        Ok(())
    });
}
