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

/// What two labels that mean the same share: folded, with runs of spaces made one and the
/// ends trimmed, so `Kolenkit renovatie`, `kolenkit  Renovatie` and `Kolenkit renovatíe` are
/// one signal.
pub fn label_key(s: &str) -> String {
    fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The spelling to show for a group of labels that share a key: the most used one, then the
/// first in code-point order (so `Kolenkit` before `kolenkit`).
pub fn preferred_spelling<'a>(
    spellings: impl IntoIterator<Item = (&'a String, &'a u64)>,
) -> String {
    spellings
        .into_iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(s, _)| s.clone())
        .unwrap_or_default()
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
    use super::{fold, label_key};

    #[test]
    fn labels_differing_in_case_spacing_or_accents_share_a_key() {
        assert_eq!(label_key(" Kolenkit   renovatie "), "kolenkit renovatie");
        assert_eq!(label_key("kolenkit Renovatíe"), "kolenkit renovatie");
        assert_ne!(label_key("Kolenkit-renovatie"), "kolenkit renovatie");
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Één"), "een");
        assert_eq!(fold("financiële"), "financiele");
        assert_eq!(fold("Ĳssel café"), "ĳssel cafe");
        assert_eq!(fold("plain"), "plain");
    }
}
