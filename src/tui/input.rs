//! A one-line text input with a cursor, and the fuzzy choice over a list of codes that the
//! form's pickers share.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::{Deserialize, Serialize};

use crate::text::fold;

/// Text and a cursor position counted in characters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextInput {
    pub text: String,
    #[serde(skip)]
    pub cursor: usize,
}

impl TextInput {
    pub fn new(text: &str) -> TextInput {
        TextInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    pub fn insert(&mut self, c: char) {
        let i = self.byte_at(self.cursor);
        self.text.insert(i, c);
        self.cursor += 1;
    }

    /// Insert `s` at the cursor in one step.
    pub fn insert_str(&mut self, s: &str) {
        let i = self.byte_at(self.cursor);
        self.text.insert_str(i, s);
        self.cursor += s.chars().count();
    }

    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let i = self.byte_at(self.cursor);
            self.text.remove(i);
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.text.chars().count() {
            let i = self.byte_at(self.cursor);
            self.text.remove(i);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// After loading from a draft the cursor was not stored: put it at the end.
    pub fn fix_cursor(&mut self) {
        self.cursor = self.text.chars().count();
    }
}

/// Rank `candidates` (code, words to match) against `query`, best first. An empty query keeps
/// the given order. Words are folded (case, accents) before matching; a word that starts with
/// the query beats a fuzzy match.
pub fn rank<'a>(
    query: &str,
    candidates: impl Iterator<Item = (&'a str, Vec<&'a str>)>,
) -> Vec<&'a str> {
    let q = fold(query.trim());
    if q.is_empty() {
        return candidates.map(|(c, _)| c).collect();
    }
    let matcher = SkimMatcherV2::default();
    let mut scored: Vec<(i64, usize, &str)> = Vec::new();
    for (pos, (code, words)) in candidates.enumerate() {
        let best = words
            .iter()
            .filter_map(|w| {
                let w = fold(w);
                if w == q {
                    Some(10_000)
                } else if w.starts_with(&q)
                    || w.split([' ', '-', '/']).any(|part| part.starts_with(&q))
                {
                    Some(5_000 - w.len() as i64)
                } else {
                    matcher.fuzzy_match(&w, &q)
                }
            })
            .max();
        if let Some(score) = best {
            scored.push((score, pos, code));
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_input_edits_at_the_cursor() {
        let mut t = TextInput::new("huur");
        t.left();
        t.left();
        t.insert('X');
        assert_eq!(t.text, "huXur");
        t.backspace();
        t.delete();
        assert_eq!(t.text, "hur");
        t.home();
        t.backspace();
        assert_eq!(t.text, "hur");
        t.end();
        t.insert('é');
        t.insert('!');
        assert_eq!(t.text, "huré!");
        t.left();
        t.backspace();
        assert_eq!(t.text, "hur!");
    }

    #[test]
    fn rank_prefers_exact_then_prefix_then_fuzzy() {
        let items = vec![
            ("onderhoud", vec!["onderhoud", "schimmel", "vocht"]),
            ("huur", vec!["huur", "huurverhoging"]),
            ("huurcontract", vec!["huurcontract", "contract"]),
        ];
        assert_eq!(
            rank("huur", items.clone().into_iter())[..2],
            ["huur", "huurcontract"]
        );
        assert_eq!(rank("schimm", items.clone().into_iter())[0], "onderhoud");
        assert_eq!(rank("SCHÍMM", items.clone().into_iter())[0], "onderhoud");
        assert_eq!(
            rank("", items.clone().into_iter()),
            vec!["onderhoud", "huur", "huurcontract"]
        );
        assert!(rank("zzzz", items.into_iter()).is_empty());
    }
}
