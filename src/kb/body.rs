//! Full-text search of the articles: what the user typed becomes an FTS5 expression of
//! quoted words (so no input is ever FTS5 syntax), and each hit gets a snippet cut around the
//! words that matched.

use std::ops::Range;

use super::search::{Field, Snippet, normalize};

/// Body search starts when the query has a word of this many characters.
pub const MIN_BODY_CHARS: usize = 3;

/// Words around the matches in a snippet.
const SNIPPET_WORDS: usize = 14;

/// The words to look for in the full text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyQuery {
    /// Folded words, all required.
    pub words: Vec<String>,
    /// The last word is still being typed: match it as a prefix.
    pub prefix_last: bool,
}

impl BodyQuery {
    /// The body query for what the user typed; `None` when no word is long enough to search
    /// the bodies with. A short word still being typed is left out (it would match half the
    /// dictionary): `groot n` searches for `groot`.
    pub fn parse(query: &str) -> Option<BodyQuery> {
        let q = normalize(query);
        let mut words: Vec<String> = q
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let mut prefix_last = !query.ends_with(|c: char| c.is_whitespace());
        if prefix_last
            && words
                .last()
                .is_some_and(|w| w.chars().count() < MIN_BODY_CHARS)
        {
            words.pop();
            prefix_last = false;
        }
        if !words.iter().any(|w| w.chars().count() >= MIN_BODY_CHARS) {
            return None;
        }
        Some(BodyQuery { words, prefix_last })
    }

    /// The FTS5 MATCH expression: every word quoted, the last one with `*` if a prefix.
    pub fn to_fts(&self) -> String {
        let last = self.words.len().saturating_sub(1);
        let terms: Vec<String> = self
            .words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let quoted = format!("\"{}\"", w.replace('"', "\"\""));
                if i == last && self.prefix_last {
                    quoted + "*"
                } else {
                    quoted
                }
            })
            .collect();
        terms.join(" ")
    }

    /// Which query word a word of the text matches, if any.
    fn matching(&self, word: &str) -> Option<usize> {
        if word.is_ascii() {
            // The common case, without folding: compare ignoring case.
            self.position(word.as_bytes(), |a, b| a.eq_ignore_ascii_case(b))
        } else {
            self.position(normalize(word).as_bytes(), |a, b| a == b)
        }
    }

    fn position(&self, word: &[u8], eq: impl Fn(&[u8], &[u8]) -> bool) -> Option<usize> {
        let last = self.words.len() - 1;
        self.words.iter().enumerate().position(|(i, w)| {
            let w = w.as_bytes();
            if i == last && self.prefix_last {
                word.len() >= w.len() && eq(&word[..w.len()], w)
            } else {
                eq(word, w)
            }
        })
    }
}

/// The FTS5 expression for what the user typed (see [`BodyQuery::parse`]).
pub fn fts_query(query: &str) -> Option<String> {
    BodyQuery::parse(query).map(|q| q.to_fts())
}

/// The words of `text` as byte ranges: runs of letters and digits, as the FTS5 tokenizer
/// splits them.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// The best stretch of `text` for `q`: (distinct query words in it, matches in it, snippet).
fn best_window(q: &BodyQuery, field: Field, text: &str) -> Option<(usize, usize, Snippet)> {
    let words = words(text);
    let hits: Vec<Option<usize>> = words.iter().map(|r| q.matching(&text[r.clone()])).collect();
    if hits.iter().all(Option::is_none) {
        return None;
    }
    // Slide a window of SNIPPET_WORDS words; keep the one with the most distinct words,
    // then the most matches, then the earliest.
    let n = words.len();
    let width = SNIPPET_WORDS.min(n);
    let mut best = (0, 0, 0);
    for start in 0..=n - width {
        let window = &hits[start..start + width];
        let mut distinct: Vec<usize> = window.iter().flatten().copied().collect();
        let count = distinct.len();
        distinct.sort_unstable();
        distinct.dedup();
        if (distinct.len(), count) > (best.0, best.1) {
            best = (distinct.len(), count, start);
        }
    }
    let (distinct, count, mut start) = best;
    // Show two words before the first match rather than the match at the window's end.
    if let Some(first) = (start..start + width).find(|&i| hits[i].is_some()) {
        start = start.max(first.saturating_sub(2).min(n - width));
    }
    let from = if start == 0 { 0 } else { words[start].start };
    let to = if start + width == n {
        text.trim_end().len()
    } else {
        words[start + width - 1].end
    };
    let before = if start > 0 { "…" } else { "" };
    let after = if start + width < n { "…" } else { "" };
    let mut snippet_text = String::with_capacity(to - from + 8);
    snippet_text.push_str(before);
    let offset = snippet_text.len();
    snippet_text.extend(
        text[from..to]
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c }),
    );
    snippet_text.push_str(after);
    let highlights = words[start..start + width]
        .iter()
        .zip(&hits[start..start + width])
        .filter(|(_, h)| h.is_some())
        .map(|(r, _)| r.start - from + offset..r.end - from + offset)
        .collect();
    Some((
        distinct,
        count,
        Snippet {
            field,
            text: snippet_text,
            highlights,
        },
    ))
}

/// A snippet showing why an article matched `q`: from the body when it holds as many of the
/// words as the title or aliases do, else from whichever of those matched.
pub(crate) fn snippet(q: &BodyQuery, title: &str, aliases: &str, body: &str) -> Snippet {
    let candidates = [
        (Field::Text, body),
        (Field::Alias, aliases),
        (Field::Title, title),
    ];
    let mut best: Option<(usize, usize, Snippet)> = None;
    for (field, text) in candidates {
        if let Some(found) = best_window(q, field, text)
            && best.as_ref().is_none_or(|b| found.0 > b.0)
        {
            best = Some(found);
        }
    }
    best.map_or_else(
        || Snippet {
            field: Field::Title,
            text: title.to_string(),
            highlights: Vec::new(),
        },
        |b| b.2,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_queries_are_always_quoted() {
        assert_eq!(
            fts_query("huur\"commissie*"),
            Some("\"huur\" \"commissie\"*".into())
        );
        assert_eq!(
            fts_query("-(schimmel OR vocht"),
            Some("\"schimmel\" \"or\" \"vocht\"*".into())
        );
        assert_eq!(fts_query("groot n"), Some("\"groot\"".into()));
        assert_eq!(fts_query("groot na "), Some("\"groot\" \"na\"".into()));
        assert_eq!(fts_query("Financiële"), Some("\"financiele\"*".into()));
        assert_eq!(fts_query("ab"), None);
        assert_eq!(fts_query("\"*()"), None);
    }

    #[test]
    fn a_snippet_shows_the_matched_words_in_context() {
        let q = BodyQuery::parse("betalingsreg").unwrap();
        let body = "Eerst dit.\nMaak een betalingsregeling met de verhuurder, en vraag om een \
                    gesprek. Daarna komt er nog veel meer tekst die niet in het fragment past, \
                    zoals deze woorden hier.";
        let s = snippet(&q, "Huurachterstand", "huurschuld", body);
        assert_eq!(s.field, Field::Text);
        assert!(
            s.text.starts_with("…Maak een betalingsregeling met"),
            "{}",
            s.text
        );
        assert!(s.text.ends_with('…'), "{}", s.text);
        assert_eq!(s.marked("[", "]").matches('[').count(), 1);
        assert!(s.marked("[", "]").contains("[betalingsregeling]"));
    }

    #[test]
    fn accents_are_folded_in_snippets() {
        let q = BodyQuery::parse("financiele hulp ").unwrap();
        let s = snippet(&q, "Geld", "", "Vraag om Financiële hulp bij de gemeente.");
        assert_eq!(
            s.marked("[", "]"),
            "Vraag om [Financiële] [hulp] bij de gemeente."
        );
    }

    #[test]
    fn the_title_or_an_alias_is_the_snippet_when_the_body_has_fewer_words() {
        let q = BodyQuery::parse("beter groot").unwrap();
        let s = snippet(
            &q,
            "Van groot naar beter",
            "doorstroming",
            "Een grote woning voor een gezin; beter wonen.",
        );
        assert_eq!(s.field, Field::Title);
        assert_eq!(s.marked("[", "]"), "Van [groot] naar [beter]");
    }
}
