//! A one-line text input with a cursor and the line-editing keys every text field of the desk
//! screen shares ([`EditOp`]), and the fuzzy choice over a list of codes that the form's
//! pickers share.

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

    /// Carry out one editing key. Returns whether the text changed (a cursor move does not).
    pub fn apply(&mut self, op: EditOp) -> bool {
        edit(&mut self.text, &mut self.cursor, op)
    }

    pub fn backspace(&mut self) {
        self.apply(EditOp::Backspace);
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

/// The line-editing keys of every text field: what the keymap makes of Ctrl-U, Ctrl-W,
/// Alt-Backspace, Ctrl-A/Home, Ctrl-E/End, Ctrl-←/→, Delete, Backspace and ←/→ in any context
/// that takes text, carried out by [`TextInput::apply`] (and, for the deleting ones, on the
/// lock's hidden text by [`edit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditOp {
    Left,
    Right,
    WordLeft,
    WordRight,
    Home,
    End,
    Backspace,
    Delete,
    /// Delete the word before the cursor (and the spaces between it and the cursor).
    DeleteWordBefore,
    /// Delete everything before the cursor.
    ClearBefore,
}

impl EditOp {
    /// Whether this op only moves the cursor.
    pub fn moves(self) -> bool {
        matches!(
            self,
            EditOp::Left
                | EditOp::Right
                | EditOp::WordLeft
                | EditOp::WordRight
                | EditOp::Home
                | EditOp::End
        )
    }
}

/// Carry out `op` on `text` with the cursor at `cursor` (in characters). Returns whether the
/// text changed. Deleting removes characters in place, so a text that must be wiped (the lock's
/// passphrase) is never copied.
pub fn edit(text: &mut String, cursor: &mut usize, op: EditOp) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len();
    let at = (*cursor).min(len);
    // the start of the word before `at`: back over spaces, then over the word
    let word_before = || {
        let mut i = at;
        while i > 0 && chars[i - 1].is_whitespace() {
            i -= 1;
        }
        while i > 0 && !chars[i - 1].is_whitespace() {
            i -= 1;
        }
        i
    };
    let word_after = || {
        let mut i = at;
        while i < len && chars[i].is_whitespace() {
            i += 1;
        }
        while i < len && !chars[i].is_whitespace() {
            i += 1;
        }
        i
    };
    let byte = |n: usize| text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    let (from, to) = match op {
        EditOp::Left => (at.saturating_sub(1), at.saturating_sub(1)),
        EditOp::Right => ((at + 1).min(len), (at + 1).min(len)),
        EditOp::WordLeft => (word_before(), word_before()),
        EditOp::WordRight => (word_after(), word_after()),
        EditOp::Home => (0, 0),
        EditOp::End => (len, len),
        EditOp::Backspace => (at.saturating_sub(1), at),
        EditOp::Delete => (at, (at + 1).min(len)),
        EditOp::DeleteWordBefore => (word_before(), at),
        EditOp::ClearBefore => (0, at),
    };
    if op.moves() {
        *cursor = from;
        return false;
    }
    let (start, end) = (byte(from), byte(to));
    text.drain(start..end);
    *cursor = from;
    start != end
}

/// Rank `candidates` (code, words to match) against `query`, best first. An empty query keeps
/// the given order. Words are folded (case, accents) before matching; a word that starts with
/// the query beats a fuzzy match. A query of several words (`van groot naar`) matches a
/// candidate only when every one of its words does, in any order; the candidate that has the
/// whole phrase comes first.
pub fn rank<'a>(
    query: &str,
    candidates: impl Iterator<Item = (&'a str, Vec<&'a str>)>,
) -> Vec<&'a str> {
    let q = fold(query.trim());
    if q.is_empty() {
        return candidates.map(|(c, _)| c).collect();
    }
    let q: String = q.split_whitespace().collect::<Vec<_>>().join(" ");
    let words_of_q: Vec<&str> = q.split(' ').collect();
    let matcher = SkimMatcherV2::default();
    let mut scored: Vec<(i64, usize, &str)> = Vec::new();
    for (pos, (code, words)) in candidates.enumerate() {
        let words: Vec<String> = words.iter().map(|w| fold(w)).collect();
        let whole = words.iter().filter_map(|w| score(&matcher, w, &q)).max();
        let score = if words_of_q.len() == 1 {
            whole
        } else {
            // every word of the query somewhere in the candidate's words; the phrase itself
            // (a prefix of one of them) beats the words found apart
            let apart = words_of_q
                .iter()
                .map(|qw| words.iter().filter_map(|w| score(&matcher, w, qw)).max())
                .sum::<Option<i64>>()
                .map(|sum| sum / words_of_q.len() as i64 - 10_000);
            match (whole, apart) {
                (Some(w), _) if w >= 4_000 => Some(w),
                (_, Some(a)) => Some(a),
                _ => None,
            }
        };
        if let Some(score) = score {
            scored.push((score, pos, code));
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, c)| c).collect()
}

/// How well folded word `w` matches folded `q`: the same word, a word that starts with it (or
/// one of its parts does), or a fuzzy match.
fn score(matcher: &SkimMatcherV2, w: &str, q: &str) -> Option<i64> {
    if w == q {
        Some(10_000)
    } else if w.starts_with(q) || w.split([' ', '-', '/']).any(|part| part.starts_with(q)) {
        Some(5_000 - w.len() as i64)
    } else {
        matcher.fuzzy_match(w, q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_input_edits_at_the_cursor() {
        let mut t = TextInput::new("huur");
        t.apply(EditOp::Left);
        t.apply(EditOp::Left);
        t.insert('X');
        assert_eq!(t.text, "huXur");
        assert!(t.apply(EditOp::Backspace));
        assert!(t.apply(EditOp::Delete));
        assert_eq!(t.text, "hur");
        assert!(!t.apply(EditOp::Home));
        assert!(!t.apply(EditOp::Backspace), "nothing before the start");
        assert_eq!(t.text, "hur");
        t.apply(EditOp::End);
        assert!(!t.apply(EditOp::Delete), "nothing after the end");
        t.insert('é');
        t.insert('!');
        assert_eq!(t.text, "huré!");
        t.apply(EditOp::Left);
        t.backspace();
        assert_eq!(t.text, "hur!");
    }

    /// `text` with the cursor where `|` is, and back.
    fn at(marked: &str) -> TextInput {
        let cursor = marked.chars().position(|c| c == '|').unwrap();
        TextInput {
            text: marked.replace('|', ""),
            cursor,
        }
    }

    fn shown(t: &TextInput) -> String {
        let mut s: String = t.text.chars().take(t.cursor).collect();
        s.push('|');
        s.extend(t.text.chars().skip(t.cursor));
        s
    }

    #[test]
    fn the_line_editing_keys_do_what_a_shell_does() {
        let cases = [
            // Ctrl-W / Alt-Backspace: the word before the cursor and the spaces after it
            ("flat A/B lekt|", EditOp::DeleteWordBefore, "flat A/B |"),
            ("flat A/B   |", EditOp::DeleteWordBefore, "flat |"),
            ("flat |A/B", EditOp::DeleteWordBefore, "|A/B"),
            ("|flat", EditOp::DeleteWordBefore, "|flat"),
            ("kolen|kit", EditOp::DeleteWordBefore, "|kit"),
            // Ctrl-U: everything before the cursor
            ("schimmel in de|badkamer", EditOp::ClearBefore, "|badkamer"),
            ("schimmel|", EditOp::ClearBefore, "|"),
            // Ctrl-A/Home, Ctrl-E/End
            ("huur|verhoging", EditOp::Home, "|huurverhoging"),
            ("huur|verhoging", EditOp::End, "huurverhoging|"),
            // Ctrl-←/→: a word at a time
            ("van groot nä|ar", EditOp::WordLeft, "van groot |näar"),
            ("van groot |naar", EditOp::WordLeft, "van |groot naar"),
            ("|van groot", EditOp::WordLeft, "|van groot"),
            ("va|n groot naar", EditOp::WordRight, "van| groot naar"),
            ("van| groot naar", EditOp::WordRight, "van groot| naar"),
            ("van groot|", EditOp::WordRight, "van groot|"),
            // one character
            ("ë|é", EditOp::Delete, "ë|"),
            ("ë|é", EditOp::Backspace, "|é"),
            ("ë|é", EditOp::Left, "|ëé"),
            ("ë|é", EditOp::Right, "ëé|"),
            ("ëé|", EditOp::Right, "ëé|"),
        ];
        for (before, op, after) in cases {
            let mut t = at(before);
            let changed = t.apply(op);
            assert_eq!(shown(&t), after, "{before} {op:?}");
            assert_eq!(changed, t.text != at(before).text, "{before} {op:?}");
        }
    }

    #[test]
    fn a_query_of_several_words_needs_them_all_in_any_order() {
        let items = vec![
            (
                "woning",
                vec![
                    "woning",
                    "Woning zoeken en urgentie",
                    "van groot naar beter",
                ],
            ),
            ("renovatie", vec!["renovatie", "groot onderhoud"]),
            ("taal", vec!["taal", "Taal", "naar de taalles"]),
            ("huur", vec!["huur", "Huurprijs", "huurverhoging"]),
        ];
        let r = |q: &str| rank(q, items.clone().into_iter());
        assert_eq!(r("van groot naar"), vec!["woning"]);
        assert_eq!(r("VAN  GRÖOT naar")[0], "woning", "folded, spaces squeezed");
        assert_eq!(r("naar groot")[0], "woning", "in any order");
        assert_eq!(r("groot onderhoud"), vec!["renovatie"]);
        assert_eq!(r("zoeken woning")[0], "woning");
        assert!(r("groot huur").is_empty(), "no topic has both words");
        // one word ranks as before
        let mut one = r("groot");
        one.sort();
        assert_eq!(one, ["renovatie", "woning"]);
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
