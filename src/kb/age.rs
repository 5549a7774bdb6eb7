//! How old an article's facts are, in plain words: the line shown first under the title
//! wherever an article is shown (the TUI preview and reader, `kb show`, `kb search`), and the
//! warning when the facts are older than `[kb] stale_after_years` and nobody checked them since.

use chrono::{Months, NaiveDate};

use super::Article;
use crate::i18n::Lang;

/// `[kb] stale_after_years` when the config does not say.
pub const DEFAULT_STALE_AFTER_YEARS: u32 = 2;

/// The words of the age line, per language. `{year}`, `{date}`, `{against}` and `{n}` mark
/// where a value goes.
struct Words {
    unchecked: &'static str,
    checked_against: &'static str,
    checked: &'static str,
    unknown_checked: &'static str,
    stale_unchecked: &'static str,
    stale_checked: &'static str,
    years: &'static str,
    one_year: &'static str,
}

const NL: Words = Words {
    unchecked: "Feiten uit {year}, sindsdien niet gecontroleerd",
    checked_against: "Gecontroleerd op {date} tegen {against}",
    checked: "Feiten uit {year}, gecontroleerd op {date}",
    unknown_checked: "Datum van de feiten onbekend; laatst gecontroleerd op {date}",
    stale_unchecked: "LET OP: deze feiten zijn meer dan {n} oud en nooit gecontroleerd. \
                      Vraag na wat nu geldt voor je het doorgeeft.",
    stale_checked: "LET OP: dit artikel is al meer dan {n} niet gecontroleerd. \
                    Vraag na wat nu geldt voor je het doorgeeft.",
    years: "{n} jaar",
    one_year: "1 jaar",
};

const EN: Words = Words {
    unchecked: "Facts from {year}, not checked since",
    checked_against: "Checked on {date} against {against}",
    checked: "Facts from {year}, checked on {date}",
    unknown_checked: "Facts of unknown date; last checked on {date}",
    stale_unchecked: "WARNING: these facts are more than {n} old and were never checked. \
                      Ask what holds now before passing them on.",
    stale_checked: "WARNING: this article has not been checked for more than {n}. \
                    Ask what holds now before passing it on.",
    years: "{n} years",
    one_year: "1 year",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

/// A day as people at the desk write it: `3-12-2026`, in English `3 Dec 2026`.
pub fn day(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Nl => d.format("%-d-%-m-%Y").to_string(),
        Lang::En => d.format("%-d %b %Y").to_string(),
    }
}

impl Article {
    /// The day the article's facts were last known to hold: its last real check, else the
    /// date of its facts.
    pub fn known_good(&self) -> Option<NaiveDate> {
        self.last_checked.or(self.facts_from)
    }

    /// Are the facts older than `years` years on `today`, with no check since? `years` 0 turns
    /// the warning off.
    pub fn is_stale(&self, today: NaiveDate, years: u32) -> bool {
        if years == 0 {
            return false;
        }
        match self.known_good() {
            Some(d) => d
                .checked_add_months(Months::new(years * 12))
                .is_none_or(|limit| today > limit),
            None => true,
        }
    }

    /// The first line under the title: how old the facts are and whether anyone checked
    /// them ("Feiten uit 2014, sindsdien niet gecontroleerd").
    pub fn age_line(&self, lang: Lang) -> String {
        let w = words(lang);
        let year = |d: NaiveDate| d.format("%Y").to_string();
        match (self.facts_from, self.last_checked, &self.checked_against) {
            (_, Some(checked), Some(against)) => w
                .checked_against
                .replace("{date}", &day(checked, lang))
                .replace("{against}", against),
            (Some(facts), Some(checked), None) => w
                .checked
                .replace("{year}", &year(facts))
                .replace("{date}", &day(checked, lang)),
            (None, Some(checked), None) => w.unknown_checked.replace("{date}", &day(checked, lang)),
            (Some(facts), None, _) => w.unchecked.replace("{year}", &year(facts)),
            // The parser refuses an article with neither date.
            (None, None, _) => w.unknown_checked.replace("{date}", "?"),
        }
    }

    /// The warning shown right under the age line when [`Article::is_stale`]; `None` when the
    /// facts are recent enough or were checked recently.
    pub fn stale_warning(&self, today: NaiveDate, years: u32, lang: Lang) -> Option<String> {
        if !self.is_stale(today, years) {
            return None;
        }
        let w = words(lang);
        let n = if years == 1 {
            w.one_year.to_string()
        } else {
            w.years.replace("{n}", &years.to_string())
        };
        let text = if self.last_checked.is_some() {
            w.stale_checked
        } else {
            w.stale_unchecked
        };
        Some(text.replace("{n}", &n))
    }
}
