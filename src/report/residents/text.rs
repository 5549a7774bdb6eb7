//! The figures on coming back in plain words, Dutch or English: the table `balie report
//! --residents` prints, with shares said the way a coordinator says them to a corporation
//! ("een derde kwam drie keer of vaker", "one in five used two or more services").

use std::io::{self, Write};

use crate::config::{Config, Labelled};
use crate::i18n::Lang;
use crate::text::counted;

use super::{ResidentFigures, ResidentsReport};

/// How many combinations the table lists (the CSV and JSON have them all).
pub const SHOWN_COMBINATIONS: usize = 5;

/// Every sentence of the table, per language; a missing one does not compile.
pub struct Words {
    pub title: &'static str,
    pub all_desks: &'static str,
    pub desk: fn(&str) -> String,
    pub previous: fn(&str) -> String,
    pub residents: fn(u64) -> String,
    pub no_residents: &'static str,
    pub how_often: &'static str,
    pub contact_buckets: [&'static str; 5],
    pub three_or_more: fn(&str, u64, u64) -> String,
    pub how_many_services: &'static str,
    pub service_buckets: [&'static str; 3],
    pub two_services_or_more: fn(&str, u64, u64) -> String,
    pub service_is_topic: &'static str,
    pub combinations: &'static str,
    pub no_combinations: &'static str,
    pub more_combinations: fn(usize) -> String,
    pub moments: fn(&str, &str) -> String,
    pub minutes: fn(&str, u64) -> String,
    pub no_minutes: &'static str,
    pub returned: fn(&str, u64, u64, u64) -> String,
    pub no_previous: fn(&str) -> String,
    pub without_code: fn(u64) -> String,
    pub all_coded: &'static str,
    /// Shares as fractions, `(numerator, denominator, words)`, smallest first.
    pub fractions: [(u64, u64, &'static str); 12],
    pub about: &'static str,
    pub everyone: &'static str,
    pub nobody: &'static str,
    pub nearly_everyone: &'static str,
    pub fewer_than_one_in_ten: &'static str,
    pub decimal: char,
    /// The overview screen's line: residents, came three times or more, two services or
    /// more, came back.
    pub overview: fn(u64, u64, u64, u64, u64) -> String,
    pub overview_none: &'static str,
}

pub const NL: Words = Words {
    title: "Terugkomen",
    all_desks: "alle balies",
    desk: |d| format!("balie {d}"),
    previous: |p| format!("vergeleken met {p}"),
    residents: |n| {
        format!(
            "{} met een bewonerscode.",
            counted(n, "bewoner", "bewoners")
        )
    },
    no_residents: "Geen contacten met een bewonerscode in deze periode.",
    how_often: "Hoe vaak kwamen ze?",
    contact_buckets: [
        "1 keer",
        "2 keer",
        "3-5 keer",
        "6-10 keer",
        "meer dan 10 keer",
    ],
    three_or_more: |share, n, of| format!("{share} kwam drie keer of vaker ({n} van de {of})."),
    how_many_services: "Hoeveel diensten gebruikten ze?",
    service_buckets: ["1 dienst", "2 diensten", "3 of meer"],
    two_services_or_more: |share, n, of| {
        format!("{share} gebruikte twee of meer diensten ({n} van de {of}).")
    },
    service_is_topic: "Een dienst is een onderwerp: wie voor formulieren en voor taal kwam, \
                       gebruikte er twee.",
    combinations: "Meest voorkomende combinaties",
    no_combinations: "Geen bewoner gebruikte meer dan één dienst.",
    more_combinations: |n| {
        let n = counted(n as u64, "andere combinatie", "andere combinaties");
        format!("en nog {n} (zie --format csv)")
    },
    moments: |mean, median| {
        format!("Contactmomenten per bewoner: gemiddeld {mean}, mediaan {median}.")
    },
    minutes: |m, n| {
        format!(
            "Minuten per bewoner: gemiddeld {m}, over {} bij wie minuten zijn genoteerd.",
            match n {
                1 => "de ene bewoner".to_string(),
                n => format!("de {n} bewoners"),
            }
        )
    },
    no_minutes: "Minuten per bewoner: bij geen enkel contact genoteerd.",
    returned: |p, back, of, pct| {
        let of = counted(of, "bewoner", "bewoners");
        format!("Van de {of} van {p} kwamen er {back} terug ({pct}%).")
    },
    no_previous: |p| format!("In {p} waren er geen bewoners met een code."),
    without_code: |n| match n {
        1 => "Let op: 1 contact zonder bewonerscode telt in geen van deze cijfers mee.".into(),
        n => format!(
            "Let op: {n} contacten zonder bewonerscode tellen in geen van deze cijfers mee."
        ),
    },
    all_coded: "Elk contact in deze periode had een bewonerscode.",
    fractions: [
        (1, 10, "een op de tien"),
        (1, 5, "een op de vijf"),
        (1, 4, "een kwart"),
        (1, 3, "een derde"),
        (2, 5, "twee op de vijf"),
        (1, 2, "de helft"),
        (3, 5, "drie op de vijf"),
        (2, 3, "twee derde"),
        (3, 4, "drie kwart"),
        (4, 5, "vier op de vijf"),
        (9, 10, "negen op de tien"),
        (1, 1, "iedereen"),
    ],
    about: "ongeveer",
    everyone: "iedereen",
    nobody: "niemand",
    nearly_everyone: "bijna iedereen",
    fewer_than_one_in_ten: "minder dan een op de tien",
    decimal: ',',
    overview: |n, three, two, back, of| {
        format!(
            "Bewoners: {n} · 3 keer of vaker: {three}% · 2+ diensten: {two}% · terug: {back} van {of}"
        )
    },
    overview_none: "Bewoners: geen contacten met een bewonerscode",
};

pub const EN: Words = Words {
    title: "Coming back",
    all_desks: "all desks",
    desk: |d| format!("desk {d}"),
    previous: |p| format!("compared with {p}"),
    residents: |n| {
        format!(
            "{} with a resident code.",
            counted(n, "resident", "residents")
        )
    },
    no_residents: "No contacts with a resident code in this period.",
    how_often: "How often did they come?",
    contact_buckets: [
        "once",
        "twice",
        "3-5 times",
        "6-10 times",
        "more than 10 times",
    ],
    three_or_more: |share, n, of| format!("{share} came three times or more ({n} of {of})."),
    how_many_services: "How many services did they use?",
    service_buckets: ["1 service", "2 services", "3 or more"],
    two_services_or_more: |share, n, of| {
        format!("{share} used two or more services ({n} of {of}).")
    },
    service_is_topic: "A service is a topic: someone who came for forms and for language used \
                       two.",
    combinations: "Most common combinations",
    no_combinations: "No resident used more than one service.",
    more_combinations: |n| {
        let n = counted(n as u64, "other combination", "other combinations");
        format!("and {n} (see --format csv)")
    },
    moments: |mean, median| format!("Contact moments per resident: mean {mean}, median {median}."),
    minutes: |m, n| {
        format!(
            "Minutes per resident: {m} on average, over the {} with minutes logged.",
            counted(n, "resident", "residents")
        )
    },
    no_minutes: "Minutes per resident: not logged on any contact.",
    returned: |p, back, of, pct| {
        let of = counted(of, "resident", "residents");
        format!("Of the {of} of {p}, {back} came back ({pct}%).")
    },
    no_previous: |p| format!("{p} had no residents with a code."),
    without_code: |n| match n {
        1 => "Note: 1 contact without a resident code is not in any of these figures.".into(),
        n => format!("Note: {n} contacts without a resident code are not in any of these figures."),
    },
    all_coded: "Every contact in this period had a resident code.",
    fractions: [
        (1, 10, "one in ten"),
        (1, 5, "one in five"),
        (1, 4, "a quarter"),
        (1, 3, "a third"),
        (2, 5, "two in five"),
        (1, 2, "half"),
        (3, 5, "three in five"),
        (2, 3, "two thirds"),
        (3, 4, "three quarters"),
        (4, 5, "four in five"),
        (9, 10, "nine in ten"),
        (1, 1, "everyone"),
    ],
    about: "about",
    everyone: "everyone",
    nobody: "nobody",
    nearly_everyone: "nearly everyone",
    fewer_than_one_in_ten: "fewer than one in ten",
    decimal: '.',
    overview: |n, three, two, back, of| {
        format!(
            "Residents: {n} · 3 times or more: {three}% · 2+ services: {two}% · back: {back} of {of}"
        )
    },
    overview_none: "Residents: no contacts with a resident code",
};

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

/// `n` of `of` as a person says it: "een derde", "ongeveer een op de vijf", "de helft".
pub fn share(w: &Words, n: u64, of: u64) -> String {
    if n == 0 || of == 0 {
        return w.nobody.to_string();
    }
    if n >= of {
        return w.everyone.to_string();
    }
    let x = n as f64 / of as f64;
    if x < 0.075 {
        return w.fewer_than_one_in_ten.to_string();
    }
    if x > 0.95 {
        return w.nearly_everyone.to_string();
    }
    let (num, den, words) = w
        .fractions
        .iter()
        .copied()
        .min_by(|a, b| {
            let d = |f: &(u64, u64, &str)| (x - f.0 as f64 / f.1 as f64).abs();
            d(a).total_cmp(&d(b))
        })
        .expect("the catalogue has fractions");
    if n * den == num * of {
        words.to_string()
    } else {
        format!("{} {words}", w.about)
    }
}

/// A mean or median with at most one decimal, in the language's way ("2,7" / "2.7").
pub fn number(w: &Words, x: f64) -> String {
    let s = if (x * 10.0).round() % 10.0 == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    };
    s.replace('.', &w.decimal.to_string())
}

fn percent(n: u64, of: u64) -> u64 {
    if of == 0 {
        0
    } else {
        (n as f64 * 100.0 / of as f64).round() as u64
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Rows of label, count and share of the residents, the counts aligned.
fn buckets(out: &mut dyn Write, labels: &[&str], counts: &[u64], of: u64) -> io::Result<()> {
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let digits = counts
        .iter()
        .map(|n| n.to_string().len())
        .max()
        .unwrap_or(1);
    for (label, n) in labels.iter().zip(counts) {
        let pad = " ".repeat(width - label.chars().count());
        writeln!(out, "  {label}{pad}  {n:>digits$}  {:>3}%", percent(*n, of))?;
    }
    Ok(())
}

fn block(
    out: &mut dyn Write,
    w: &Words,
    config: &Config,
    previous: &str,
    f: &ResidentFigures,
) -> io::Result<()> {
    if f.residents == 0 {
        writeln!(out, "{}", w.no_residents)?;
    } else {
        writeln!(out, "{}", (w.residents)(f.residents))?;
        writeln!(out)?;
        writeln!(out, "{}", w.how_often)?;
        buckets(out, &w.contact_buckets, &f.by_contacts, f.residents)?;
        let three: u64 = f.by_contacts[2..].iter().sum();
        let sentence = (w.three_or_more)(&share(w, three, f.residents), three, f.residents);
        writeln!(out, "{}", capitalised(&sentence))?;
        writeln!(out)?;
        writeln!(out, "{}", w.how_many_services)?;
        buckets(out, &w.service_buckets, &f.by_services, f.residents)?;
        let two: u64 = f.by_services[1..].iter().sum();
        let sentence = (w.two_services_or_more)(&share(w, two, f.residents), two, f.residents);
        writeln!(out, "{}", capitalised(&sentence))?;
        writeln!(out, "{}", w.service_is_topic)?;
        writeln!(out)?;
        if f.combinations.is_empty() {
            writeln!(out, "{}", w.no_combinations)?;
        } else {
            writeln!(out, "{}", w.combinations)?;
            let shown: Vec<(String, u64)> = f
                .combinations
                .iter()
                .take(SHOWN_COMBINATIONS)
                .map(|(codes, n)| {
                    let labels: Vec<&str> = codes
                        .iter()
                        .map(|c| config.topic(c).map_or(c.as_str(), |t| t.label(config.lang)))
                        .collect();
                    (labels.join(" + "), *n)
                })
                .collect();
            let labels: Vec<&str> = shown.iter().map(|(l, _)| l.as_str()).collect();
            let counts: Vec<u64> = shown.iter().map(|(_, n)| *n).collect();
            buckets(out, &labels, &counts, f.residents)?;
            if f.combinations.len() > SHOWN_COMBINATIONS {
                let more = f.combinations.len() - SHOWN_COMBINATIONS;
                writeln!(out, "  {}", (w.more_combinations)(more))?;
            }
        }
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            (w.moments)(&number(w, f.moments_mean), &number(w, f.moments_median))
        )?;
        match f.minutes_per_resident {
            Some(m) => writeln!(out, "{}", (w.minutes)(&number(w, m), f.with_minutes))?,
            None => writeln!(out, "{}", w.no_minutes)?,
        }
    }
    if f.previous_residents == 0 {
        writeln!(out, "{}", (w.no_previous)(previous))?;
    } else {
        let pct = percent(f.returned, f.previous_residents);
        writeln!(
            out,
            "{}",
            (w.returned)(previous, f.returned, f.previous_residents, pct)
        )?;
    }
    if f.without_code == 0 {
        writeln!(out, "{}", w.all_coded)?;
    } else {
        writeln!(out, "{}", (w.without_code)(f.without_code))?;
    }
    Ok(())
}

/// The figures in one line, for the overview screen (the table says them in words).
pub fn overview_line(lang: Lang, f: &ResidentFigures) -> String {
    let w = words(lang);
    if f.residents == 0 {
        return w.overview_none.to_string();
    }
    let three: u64 = f.by_contacts[2..].iter().sum();
    let two: u64 = f.by_services[1..].iter().sum();
    (w.overview)(
        f.residents,
        percent(three, f.residents),
        percent(two, f.residents),
        f.returned,
        f.previous_residents,
    )
}

/// The table of `balie report --residents`: the scope's figures, then each desk's.
pub fn write_table(out: &mut dyn Write, config: &Config, r: &ResidentsReport) -> io::Result<()> {
    let w = words(config.lang);
    let scope = r.desk.as_deref().map_or(w.all_desks.to_string(), w.desk);
    let previous = r.previous.describe();
    writeln!(
        out,
        "{}: {}, {scope}; {}",
        w.title,
        r.period.describe(),
        (w.previous)(&previous)
    )?;
    writeln!(out)?;
    block(out, w, config, &r.previous.label(), &r.total)?;
    for (desk, f) in &r.desks {
        writeln!(out)?;
        let title = capitalised(&(w.desk)(desk));
        writeln!(out, "{title}")?;
        writeln!(out, "{}", "-".repeat(title.chars().count()))?;
        block(out, w, config, &r.previous.label(), f)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_said_as_fractions() {
        let nl = |n, of| share(&NL, n, of);
        assert_eq!(nl(33, 99), "een derde");
        assert_eq!(nl(30, 100), "ongeveer een derde");
        assert_eq!(nl(20, 100), "een op de vijf");
        assert_eq!(nl(50, 100), "de helft");
        assert_eq!(nl(0, 100), "niemand");
        assert_eq!(nl(100, 100), "iedereen");
        assert_eq!(nl(3, 100), "minder dan een op de tien");
        assert_eq!(nl(97, 100), "bijna iedereen");
        assert_eq!(share(&EN, 35, 100), "about a third");
        assert_eq!(share(&EN, 25, 100), "a quarter");
    }

    #[test]
    fn the_overview_line_is_short() {
        let f = ResidentFigures {
            residents: 100,
            by_contacts: [40, 30, 20, 0, 10],
            by_services: [80, 15, 5],
            previous_residents: 30,
            returned: 25,
            ..ResidentFigures::default()
        };
        let nl = overview_line(Lang::Nl, &f);
        assert_eq!(
            nl,
            "Bewoners: 100 · 3 keer of vaker: 30% · 2+ diensten: 20% · terug: 25 van 30"
        );
        // it fits inside the overview's frame at 80 columns
        assert!(nl.chars().count() <= 76, "{nl}");
        let en = overview_line(Lang::En, &f);
        assert_eq!(
            en,
            "Residents: 100 · 3 times or more: 30% · 2+ services: 20% · back: 25 of 30"
        );
        assert_eq!(
            overview_line(Lang::En, &ResidentFigures::default()),
            "Residents: no contacts with a resident code"
        );
    }

    #[test]
    fn numbers_use_the_languages_decimal_mark() {
        assert_eq!(number(&NL, 2.7222), "2,7");
        assert_eq!(number(&EN, 2.7222), "2.7");
        assert_eq!(number(&NL, 3.0), "3");
        assert_eq!(number(&NL, 2.96), "3");
    }
}
