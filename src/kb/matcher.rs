//! The fuzzy matcher behind knowledge-base search, as one small trait so the engine can be
//! swapped: [`Skim`] (fuzzy-matcher's SkimMatcherV2, the one balie ships). The benches and the
//! ranking tests compare it with nucleo-matcher (`benches/support/nucleo.rs`, a dev-dependency).
//! Both see text that is already folded (lower case, no accents).

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

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
