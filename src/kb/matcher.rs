//! The fuzzy matcher behind knowledge-base search, as one small trait so the engine can be
//! swapped: [`Skim`] (fuzzy-matcher's SkimMatcherV2, the default) and [`Nucleo`]
//! (nucleo-matcher). Both see text that is already folded (lower case, no accents).

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use nucleo_matcher::Utf32Str;

/// Scores a folded pattern against a folded text.
pub trait Matcher {
    /// `None` when the characters of `pattern` do not all occur in `text`, in order; else a
    /// score, higher for a tighter match (consecutive characters, word starts).
    fn score(&mut self, pattern: &str, text: &str) -> Option<u32>;

    /// The character positions in `text` that `pattern` matched, for highlighting.
    fn indices(&mut self, pattern: &str, text: &str) -> Option<Vec<usize>>;

    /// The engine's name, for benchmarks.
    fn name(&self) -> &'static str;
}

/// fuzzy-matcher's SkimMatcherV2.
pub struct Skim(SkimMatcherV2);

impl Default for Skim {
    fn default() -> Self {
        Skim(SkimMatcherV2::default().ignore_case())
    }
}

impl Matcher for Skim {
    fn score(&mut self, pattern: &str, text: &str) -> Option<u32> {
        self.0
            .fuzzy_match(text, pattern)
            .map(|s| u32::try_from(s.max(0)).unwrap_or(u32::MAX))
    }

    fn indices(&mut self, pattern: &str, text: &str) -> Option<Vec<usize>> {
        self.0.fuzzy_indices(text, pattern).map(|(_, idx)| idx)
    }

    fn name(&self) -> &'static str {
        "fuzzy-matcher (SkimMatcherV2)"
    }
}

/// nucleo-matcher, with its own case folding and normalisation switched off (the text is
/// folded already).
pub struct Nucleo {
    matcher: nucleo_matcher::Matcher,
    text_buf: Vec<char>,
    pattern_buf: Vec<char>,
    indices_buf: Vec<u32>,
}

impl Default for Nucleo {
    fn default() -> Self {
        let mut config = nucleo_matcher::Config::DEFAULT;
        config.normalize = false;
        config.ignore_case = false;
        Nucleo {
            matcher: nucleo_matcher::Matcher::new(config),
            text_buf: Vec::new(),
            pattern_buf: Vec::new(),
            indices_buf: Vec::new(),
        }
    }
}

impl Matcher for Nucleo {
    fn score(&mut self, pattern: &str, text: &str) -> Option<u32> {
        let text = Utf32Str::new(text, &mut self.text_buf);
        let pattern = Utf32Str::new(pattern, &mut self.pattern_buf);
        self.matcher.fuzzy_match(text, pattern).map(u32::from)
    }

    fn indices(&mut self, pattern: &str, text: &str) -> Option<Vec<usize>> {
        let text = Utf32Str::new(text, &mut self.text_buf);
        let pattern = Utf32Str::new(pattern, &mut self.pattern_buf);
        self.indices_buf.clear();
        self.matcher
            .fuzzy_indices(text, pattern, &mut self.indices_buf)?;
        let mut idx: Vec<usize> = self.indices_buf.iter().map(|&i| i as usize).collect();
        idx.sort_unstable();
        idx.dedup();
        Some(idx)
    }

    fn name(&self) -> &'static str {
        "nucleo-matcher"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both() -> Vec<Box<dyn Matcher>> {
        vec![Box::new(Skim::default()), Box::new(Nucleo::default())]
    }

    #[test]
    fn both_engines_match_in_order_and_prefer_tight_matches() {
        for mut m in both() {
            let name = m.name();
            assert!(
                m.score("schimel", "achterstallig onderhoud vocht en schimmel")
                    .is_some(),
                "{name}"
            );
            assert_eq!(m.score("zz", "schimmel"), None, "{name}");
            assert_eq!(m.score("lemmihcs", "schimmel"), None, "{name}");
            let tight = m.score("urg", "urgentie").unwrap();
            let loose = m.score("urg", "uitzetting raakt gezinnen").unwrap();
            assert!(tight > loose, "{name}: {tight} <= {loose}");
            let idx = m.indices("sml", "schimmel").unwrap();
            assert_eq!((idx.len(), idx[0], idx[2]), (3, 0, 7), "{name}: {idx:?}");
            assert!(idx[1] == 4 || idx[1] == 5, "{name}: {idx:?}");
        }
    }
}
