//! Numbers, percentages and dates the way the document's language writes them: Dutch
//! `1.234`, `12,5%` and `3 december 2026`; English `1,234`, `12.5%` and `3 December 2026`.

use chrono::{Datelike, NaiveDate};

use crate::i18n::Lang;

/// A whole number with thousands separators.
pub fn count(lang: Lang, n: u64) -> String {
    let digits = n.to_string();
    let sep = match lang {
        Lang::Nl => '.',
        Lang::En => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A signed whole number: `+12`, `-3`, `0`.
pub fn signed(lang: Lang, n: i64) -> String {
    let abs = count(lang, n.unsigned_abs());
    match n.signum() {
        1 => format!("+{abs}"),
        -1 => format!("\u{2212}{abs}"),
        _ => abs,
    }
}

/// A percentage with one decimal (`12,5%`), rounded half away from zero; `-0,0` reads `0,0`.
pub fn percent(lang: Lang, p: f64) -> String {
    let tenths = (p * 10.0).round() as i64;
    let sign = if tenths < 0 { "\u{2212}" } else { "" };
    let t = tenths.unsigned_abs();
    let dec = match lang {
        Lang::Nl => ',',
        Lang::En => '.',
    };
    format!("{sign}{}{dec}{}%", count(lang, t / 10), t % 10)
}

/// A change in percent with its sign: `+12,5%`, `−3,0%`.
pub fn change(lang: Lang, p: f64) -> String {
    let s = percent(lang, p);
    if (p * 10.0).round() > 0.0 {
        format!("+{s}")
    } else {
        s
    }
}

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A day written out: `3 december 2026` / `3 December 2026`.
pub fn day(lang: Lang, d: NaiveDate) -> String {
    let months = match lang {
        Lang::Nl => &MONTHS_NL,
        Lang::En => &MONTHS_EN,
    };
    format!("{} {} {}", d.day(), months[d.month0() as usize], d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_dutch_or_english_thousands_separators() {
        assert_eq!(count(Lang::Nl, 0), "0");
        assert_eq!(count(Lang::Nl, 999), "999");
        assert_eq!(count(Lang::Nl, 1_234), "1.234");
        assert_eq!(count(Lang::Nl, 1_234_567), "1.234.567");
        assert_eq!(count(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(count(Lang::Nl, 100_000), "100.000");
        assert_eq!(signed(Lang::Nl, -1_500), "\u{2212}1.500");
        assert_eq!(signed(Lang::Nl, 12), "+12");
        assert_eq!(signed(Lang::Nl, 0), "0");
    }

    #[test]
    fn percentages_have_one_decimal_and_a_comma_in_dutch() {
        assert_eq!(percent(Lang::Nl, 12.5), "12,5%");
        assert_eq!(percent(Lang::En, 12.5), "12.5%");
        assert_eq!(percent(Lang::Nl, 0.04), "0,0%");
        assert_eq!(percent(Lang::Nl, -0.04), "0,0%");
        assert_eq!(percent(Lang::Nl, 1234.56), "1.234,6%");
        assert_eq!(percent(Lang::Nl, 66.666), "66,7%");
        assert_eq!(change(Lang::Nl, 3.0), "+3,0%");
        assert_eq!(change(Lang::Nl, -3.04), "\u{2212}3,0%");
        assert_eq!(change(Lang::Nl, 0.0), "0,0%");
    }

    #[test]
    fn days_are_written_out() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        assert_eq!(day(Lang::Nl, d), "1 mei 2026");
        assert_eq!(day(Lang::En, d), "1 May 2026");
    }
}
