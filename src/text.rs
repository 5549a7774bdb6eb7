//! Text folding shared by every matcher: lower case, accents removed, so `een` finds `één`
//! and `financiele` finds `financiële`.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-case `s` and strip its diacritics.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Één"), "een");
        assert_eq!(fold("financiële"), "financiele");
        assert_eq!(fold("Ĳssel café"), "ĳssel cafe");
        assert_eq!(fold("plain"), "plain");
    }
}
