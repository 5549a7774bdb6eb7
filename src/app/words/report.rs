//! The words of `balie report --targets` and `--kb-gaps` around their tables, per language.
//! The CSV and JSON keep their English codes.

use crate::config::TargetCount;
use crate::i18n::Lang;

/// What a target counts, in the table.
pub fn counts(lang: Lang, c: TargetCount) -> &'static str {
    match (lang, c) {
        (Lang::Nl, TargetCount::Contacts) => "contacten",
        (Lang::Nl, TargetCount::Residents) => "bewoners",
        (Lang::En, TargetCount::Contacts) => "contacts",
        (Lang::En, TargetCount::Residents) => "residents",
    }
}

pub fn gaps_title(lang: Lang, period: &str, scope: &str) -> String {
    match lang {
        Lang::Nl => format!("Gaten in de kennisbank, {period}, {scope}: grootste gat eerst"),
        Lang::En => format!("Knowledge-base gaps, {period}, {scope}: largest gap first"),
    }
}

pub fn gaps_note(lang: Lang) -> String {
    match lang {
        Lang::Nl => "let op: een contact met meer onderwerpen telt één keer onder elk van zijn \
                     onderwerpen; met artikel = contacten waaraan minstens één artikel gekoppeld \
                     is; artikelen = artikelen in de kennisbank met dat onderwerp"
            .into(),
        Lang::En => format!("note: {}", crate::report::GAPS_NOTE),
    }
}

pub fn no_targets(lang: Lang, year: i32) -> String {
    match lang {
        Lang::Nl => format!(
            "geen doelen voor {year} in de config; voeg [[targets]] toe met year = {year} (zie \
             README)"
        ),
        Lang::En => format!(
            "no targets for {year} in the config; add [[targets]] with year = {year} (see README)"
        ),
    }
}

pub fn targets_title(
    lang: Lang,
    period: &str,
    scope: &str,
    today: chrono::NaiveDate,
    day: impl std::fmt::Display,
    days: impl std::fmt::Display,
) -> String {
    match lang {
        Lang::Nl => {
            format!("doelen {period}, {scope}; tempo op {today}: dag {day} van {days}")
        }
        Lang::En => format!("targets {period}, {scope}; pace as of {today}: day {day} of {days}"),
    }
}

pub fn targets_note(lang: Lang) -> String {
    match lang {
        Lang::Nl => "let op: `tot vandaag` is waar de telling staat bij een gelijk tempo door het \
                     jaar; bewoners = verschillende bewonerscodes; contacten zonder code tellen \
                     daar niet mee"
            .into(),
        Lang::En => format!(
            "note: `by today` is where an even pace through the year puts the count; {}",
            crate::report::RESIDENTS_NOTE
        ),
    }
}
