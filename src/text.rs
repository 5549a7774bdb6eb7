//! Text helpers shared across balie: folding for every matcher (lower case, accents removed,
//! so `een` finds `één` and `financiele` finds `financiële`), and filling `{}` templates.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-case `s` and strip its diacritics.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Put `args` into the `{}` places of `template`, in order (a missing one leaves nothing).
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        out.push_str(args.next().copied().unwrap_or(""));
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
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
