//! Text folding shared by every matcher: lower case, accents removed, so `een` finds `één`
//! and `financiele` finds `financiële`; and the canonical form the personal-data guard and
//! resident codes are read in (compatibility forms, every dash, space and digit made plain).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-case `s` and strip its diacritics.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// `s` in its canonical form, one output char per character that means something:
/// Unicode NFKC (fullwidth `０６` becomes `06`), every kind of space as a plain space, every
/// dash and minus as `-`, digits of other scripts (Arabic-Indic, Persian, Devanagari) as
/// ASCII digits, and invisible characters (zero-width spaces and joiners, soft hyphens, byte
/// order marks) dropped.
pub fn canonical(s: &str) -> String {
    s.nfkc().filter_map(canonical_char).collect()
}

fn canonical_char(c: char) -> Option<char> {
    let n = c as u32;
    Some(match c {
        '\u{00AD}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}'
        | '\u{180E}' => {
            return None;
        }
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\n' | '\t' => c,
        c if c.is_whitespace() => ' ',
        _ => match n {
            0x0660..=0x0669 => digit(n - 0x0660),
            0x06F0..=0x06F9 => digit(n - 0x06F0),
            0x0966..=0x096F => digit(n - 0x0966),
            0x09E6..=0x09EF => digit(n - 0x09E6),
            _ => c,
        },
    })
}

fn digit(d: u32) -> char {
    char::from_digit(d, 10).unwrap_or('0')
}

#[cfg(test)]
mod tests {
    use super::{canonical, fold};

    #[test]
    fn canonical_text_has_plain_digits_dashes_and_spaces_and_nothing_invisible() {
        assert_eq!(canonical("０６１２"), "0612");
        assert_eq!(canonical("٠٦١٢ ۰۶"), "0612 06");
        assert_eq!(canonical("06\u{00A0}12\u{2013}34\u{200B}56"), "06 12-3456");
        assert_eq!(canonical("a\u{202F}b\u{2212}c\u{FEFF}"), "a b-c");
        assert_eq!(canonical("regel\nnog\tiets"), "regel\nnog\tiets");
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Één"), "een");
        assert_eq!(fold("financiële"), "financiele");
        assert_eq!(fold("Ĳssel café"), "ĳssel cafe");
        assert_eq!(fold("plain"), "plain");
    }
}
