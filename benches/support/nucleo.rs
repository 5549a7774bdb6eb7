//! nucleo-matcher behind balie's `Matcher` trait, for the benches and the ranking tests only
//! (nucleo-matcher is a dev-dependency). Included with `#[path]` by `benches/kb_search.rs` and
//! `src/kb/tests/mod.rs`; the including module has `Matcher` in scope.

use nucleo_matcher::Utf32Str;

use super::Matcher;

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
