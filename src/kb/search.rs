//! Knowledge-base search, fast enough to run on every keystroke. Titles and aliases are folded
//! once into memory; each keystroke matches them exactly, by prefix, by word start and fuzzily
//! (typos), narrowing from the previous keystroke's candidates when the query grows, and adds
//! full-text hits in the bodies from SQLite FTS5. Best first:
//! exact > prefix > word start > fuzzy (all on title or alias) > body.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::Result;
use super::body::{self, BodyQuery};
use super::matcher::{Matcher, Skim};
use crate::store::Store;
use crate::store::articles::BodyHit;

/// Fuzzy matching starts at this many query characters; shorter queries only match exactly,
/// by prefix or by word start.
pub const MIN_FUZZY_CHARS: usize = 4;

/// A fuzzy match counts when it scores at least this share (per mille) of what the query
/// scores against itself: it keeps typos and dropped letters, not letters strewn about.
pub const FUZZY_MIN_PER_MILLE: u32 = 650;

/// Why an article matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// The query is a title or an alias.
    Exact,
    /// A title or an alias starts with the query.
    Prefix,
    /// A word in a title or an alias starts with the query.
    Word,
    /// The query's letters occur, in order and close together, in a title or an alias.
    Fuzzy,
    /// The words occur in the text (or, in another order, in the title or aliases).
    Body,
    /// No query: every article, by title.
    Listed,
}

impl Tier {
    fn base(self) -> u32 {
        match self {
            Tier::Exact => 5000,
            Tier::Prefix => 4000,
            Tier::Word => 3000,
            Tier::Fuzzy => 2000,
            Tier::Body => 1000,
            Tier::Listed => 0,
        }
    }
}

/// Which part of the article a snippet comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Title,
    Alias,
    /// The full text (body, or title and aliases for a full-text hit).
    Text,
}

/// A short text showing why an article matched, with the matching parts marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub field: Field,
    pub text: String,
    /// Byte ranges of `text` that matched, in order, not overlapping.
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The text with each highlight between `open` and `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut s = String::with_capacity(self.text.len() + 8);
        let mut at = 0;
        for r in &self.highlights {
            s.push_str(&self.text[at..r.start]);
            s.push_str(open);
            s.push_str(&self.text[r.clone()]);
            s.push_str(close);
            at = r.end;
        }
        s.push_str(&self.text[at..]);
        s
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub tier: Tier,
    /// Higher is better; the thousands are the tier (5 exact ... 1 body, 0 listed), the rest
    /// orders hits within a tier.
    pub score: u32,
    pub snippet: Snippet,
}

struct Doc {
    id: String,
    title: String,
    aliases: Vec<String>,
    /// The title folded, for listing by title.
    sort_key: String,
}

/// A title or alias, folded and normalised once.
struct Entry {
    doc: u32,
    /// 0 for the title, i + 1 for alias i.
    field: u32,
    text: Box<str>,
    /// Which characters `text` contains (see [`char_mask`]).
    mask: u64,
    /// Which characters start a word of `text`: a prefix or word-start match needs the
    /// query's first character among them.
    initials: u64,
}

/// The entries that matched the previous query as a subsequence.
struct Narrow {
    query: String,
    candidates: Vec<u32>,
}

#[derive(Clone, Copy)]
struct Cand {
    tier: Tier,
    inner: u32,
    entry: u32,
}

impl Cand {
    fn beats(&self, other: &Cand) -> bool {
        (self.tier, std::cmp::Reverse(self.inner)) < (other.tier, std::cmp::Reverse(other.inner))
    }
}

/// Per-keystroke search over the knowledge base. Load it once (and again after articles are
/// imported or edited), then call [`Searcher::search`] with the whole query on every keystroke.
pub struct Searcher<M: Matcher = Skim> {
    docs: Vec<Doc>,
    by_id: HashMap<String, u32>,
    entries: Vec<Entry>,
    matcher: M,
    narrow: Option<Narrow>,
    /// The last full-text query and its hits: typing `groot n` asks the same as `groot`.
    body_cache: Option<(String, usize, Vec<BodyHit>)>,
}

impl Searcher<Skim> {
    /// A searcher over the stored articles with the default matcher (fuzzy-matcher).
    pub fn load(store: &Store) -> Result<Searcher<Skim>> {
        Searcher::load_with(store, Skim::default())
    }
}

impl<M: Matcher> Searcher<M> {
    /// A searcher over the stored articles with the given matcher.
    pub fn load_with(store: &Store, matcher: M) -> Result<Searcher<M>> {
        let docs = store
            .article_summaries()?
            .into_iter()
            .map(|s| Doc {
                sort_key: normalize(&s.title),
                id: s.id,
                title: s.title,
                aliases: s.aliases,
            })
            .collect();
        Ok(Searcher::from_docs(docs, matcher))
    }

    fn from_docs(docs: Vec<Doc>, matcher: M) -> Searcher<M> {
        let mut entries = Vec::new();
        let mut by_id = HashMap::with_capacity(docs.len());
        for (d, doc) in docs.iter().enumerate() {
            let d = d as u32;
            by_id.insert(doc.id.clone(), d);
            for (f, text) in std::iter::once(&doc.title).chain(&doc.aliases).enumerate() {
                let text = normalize(text);
                if text.is_empty() {
                    continue;
                }
                entries.push(Entry {
                    doc: d,
                    field: f as u32,
                    mask: char_mask(&text),
                    initials: initials_mask(&text),
                    text: text.into_boxed_str(),
                });
            }
        }
        Searcher {
            docs,
            by_id,
            entries,
            matcher,
            narrow: None,
            body_cache: None,
        }
    }

    /// How many articles the searcher knows.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The best `limit` articles for `query`, best first: [`Searcher::search_titles`], then
    /// full-text hits in the bodies. An empty query lists the articles by title. Any text is a
    /// valid query: quotes, `*`, `-` or `(` never cause an error.
    pub fn search(&mut self, store: &Store, query: &str, limit: usize) -> Result<Vec<Hit>> {
        let mut hits = self.search_titles(query, limit);
        if hits.len() >= limit {
            return Ok(hits);
        }
        let Some(bq) = BodyQuery::parse(query) else {
            return Ok(hits);
        };
        let fts = bq.to_fts();
        let found: HashSet<String> = hits.iter().map(|h| h.id.clone()).collect();
        let fetch = limit + found.len();
        let body = match self.body_cache.take() {
            Some((q, n, hits)) if q == fts && n == fetch => hits,
            _ => store.search_article_bodies(&fts, fetch)?,
        };
        let room = limit - hits.len();
        for (i, b) in body
            .iter()
            .filter(|b| !found.contains(&b.id))
            .take(room)
            .enumerate()
        {
            let title = match self.by_id.get(&b.id) {
                Some(&d) => &self.docs[d as usize].title,
                None => &b.title,
            };
            hits.push(Hit {
                id: b.id.clone(),
                title: title.clone(),
                tier: Tier::Body,
                score: Tier::Body.base() + 999u32.saturating_sub(i as u32),
                snippet: body::snippet(&bq, title, &b.aliases, &b.body),
            });
        }
        self.body_cache = Some((fts, fetch, body));
        Ok(hits)
    }

    /// The best `limit` articles whose title or an alias matches `query` (exactly, by prefix,
    /// by word start or fuzzily), best first, without touching the database.
    pub fn search_titles(&mut self, query: &str, limit: usize) -> Vec<Hit> {
        let q = normalize(query);
        if q.is_empty() {
            self.narrow = None;
            return self.listed(limit);
        }
        let candidates = self.candidates(&q);
        let mut ranked = self.classify(&q, &candidates);
        self.narrow = Some(Narrow {
            query: q.clone(),
            candidates,
        });
        let docs = &self.docs;
        let key = |&(d, c): &(u32, Cand)| {
            (
                c.tier,
                std::cmp::Reverse(c.inner),
                &docs[d as usize].sort_key,
                d,
            )
        };
        let order = |a: &(u32, Cand), b: &(u32, Cand)| key(a).cmp(&key(b));
        if ranked.len() > limit && limit > 0 {
            ranked.select_nth_unstable_by(limit - 1, order);
        }
        ranked.truncate(limit);
        ranked.sort_by(order);
        ranked
            .iter()
            .map(|&(d, c)| self.entry_hit(d, c, &q))
            .collect()
    }

    /// Forget the previous query, so the next search starts from all articles (for
    /// benchmarks; [`Searcher::search`] already does this whenever the query is not an
    /// extension of the previous one).
    pub fn forget(&mut self) {
        self.narrow = None;
        self.body_cache = None;
    }

    /// The entries that contain the query's characters in order: narrowed from the previous
    /// keystroke's candidates when the query extends it.
    fn candidates(&mut self, q: &str) -> Vec<u32> {
        let qmask = char_mask(q);
        let keep = |e: &Entry| e.mask & qmask == qmask && is_subsequence(q, &e.text);
        match self.narrow.take() {
            Some(n) if q.starts_with(n.query.as_str()) => n
                .candidates
                .into_iter()
                .filter(|&i| keep(&self.entries[i as usize]))
                .collect(),
            _ => (0..self.entries.len() as u32)
                .filter(|&i| keep(&self.entries[i as usize]))
                .collect(),
        }
    }

    /// The best match per article among the candidate entries: (doc, best candidate).
    fn classify(&mut self, q: &str, candidates: &[u32]) -> Vec<(u32, Cand)> {
        let qlen = q.chars().count();
        let perfect = if qlen >= MIN_FUZZY_CHARS {
            self.matcher.score(q, q).filter(|&s| s > 0)
        } else {
            None
        };
        let first = q
            .chars()
            .next()
            .map_or(0, |c| char_mask(c.encode_utf8(&mut [0; 4])));
        let max_window = max_fuzzy_window(q);
        let mut best: HashMap<u32, Cand> = HashMap::new();
        for &i in candidates {
            let e = &self.entries[i as usize];
            let mut cand = None;
            if e.initials & first != 0 {
                let title_bonus = if e.field == 0 { 500 } else { 0 };
                let closeness = 499 - (e.text.len() - q.len()).min(499) as u32;
                cand = if *e.text == *q {
                    Some((Tier::Exact, title_bonus + 499))
                } else if e.text.starts_with(q) {
                    Some((Tier::Prefix, title_bonus + closeness))
                } else if word_start(&e.text, q).is_some() {
                    Some((Tier::Word, title_bonus + closeness))
                } else {
                    None
                };
            }
            if cand.is_none()
                && let Some(perfect) = perfect
                && min_window(q, &e.text).is_some_and(|w| w <= max_window)
            {
                cand = self
                    .matcher
                    .score(q, &e.text)
                    .map(|s| s.saturating_mul(1000) / perfect)
                    .filter(|&r| r >= FUZZY_MIN_PER_MILLE)
                    .map(|r| (Tier::Fuzzy, r.min(999)));
            }
            if let Some((tier, inner)) = cand {
                let cand = Cand {
                    tier,
                    inner,
                    entry: i,
                };
                best.entry(e.doc)
                    .and_modify(|b| {
                        if cand.beats(b) {
                            *b = cand;
                        }
                    })
                    .or_insert(cand);
            }
        }
        best.into_iter().collect()
    }

    fn entry_hit(&mut self, d: u32, c: Cand, q: &str) -> Hit {
        let e = &self.entries[c.entry as usize];
        let doc = &self.docs[d as usize];
        let (field, original) = match e.field {
            0 => (Field::Title, &doc.title),
            f => (Field::Alias, &doc.aliases[f as usize - 1]),
        };
        let (norm, map) = normalize_map(original);
        let qlen = q.chars().count();
        let positions: Vec<usize> = match c.tier {
            Tier::Exact | Tier::Prefix => (0..qlen).collect(),
            Tier::Word => {
                let start = word_start(&norm, q).unwrap_or(0);
                let start = norm[..start].chars().count();
                (start..start + qlen).collect()
            }
            _ => self.matcher.indices(q, &norm).unwrap_or_default(),
        };
        let mut highlights: Vec<Range<usize>> = Vec::new();
        for p in positions {
            let Some(r) = map.get(p) else { continue };
            match highlights.last_mut() {
                Some(last) if last.end >= r.start => last.end = last.end.max(r.end),
                _ => highlights.push(r.clone()),
            }
        }
        Hit {
            id: doc.id.clone(),
            title: doc.title.clone(),
            tier: c.tier,
            score: c.tier.base() + c.inner,
            snippet: Snippet {
                field,
                text: original.clone(),
                highlights,
            },
        }
    }

    fn listed(&self, limit: usize) -> Vec<Hit> {
        let mut order: Vec<&Doc> = self.docs.iter().collect();
        order.sort_by(|a, b| a.sort_key.cmp(&b.sort_key));
        order
            .into_iter()
            .take(limit)
            .map(|doc| Hit {
                id: doc.id.clone(),
                title: doc.title.clone(),
                tier: Tier::Listed,
                score: 0,
                snippet: Snippet {
                    field: Field::Title,
                    text: doc.title.clone(),
                    highlights: Vec::new(),
                },
            })
            .collect()
    }
}

/// Fold (lower case, accents removed) and keep only letters and digits, with single spaces
/// between words.
pub fn normalize(s: &str) -> String {
    normalize_map(s).0
}

/// [`normalize`], and for each character of the result the byte range of `s` it came from.
fn normalize_map(s: &str) -> (String, Vec<Range<usize>>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    let mut push = |c: char, r: Range<usize>, out: &mut String| {
        if c.is_alphanumeric() {
            out.push(c);
            map.push(r);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
            map.push(r);
        }
    };
    for (i, c) in s.char_indices() {
        let r = i..i + c.len_utf8();
        if c.is_ascii() {
            push(c.to_ascii_lowercase(), r, &mut out);
        } else {
            for f in std::iter::once(c).nfd().filter(|c| !is_combining_mark(*c)) {
                for l in f.to_lowercase() {
                    push(l, r.clone(), &mut out);
                }
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
        map.pop();
    }
    (out, map)
}

/// A bit per character class present in `s`: letters and digits each their own bit, other
/// characters shared among the rest. If `q`'s mask is not within `t`'s, `q` cannot match `t`.
fn char_mask(s: &str) -> u64 {
    s.chars().fold(0u64, |m, c| {
        m | match c {
            'a'..='z' => 1 << (c as u32 - 'a' as u32),
            '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
            ' ' => 0,
            c => 1 << (36 + c as u32 % 28),
        }
    })
}

/// A bit for each character that starts a word of `s` (see [`char_mask`]).
fn initials_mask(s: &str) -> u64 {
    s.split(' ')
        .filter_map(|w| w.chars().next())
        .fold(0, |m, c| m | char_mask(c.encode_utf8(&mut [0; 4])))
}

/// The widest stretch of text a fuzzy match of `q` may span: a few dropped letters, not
/// letters strewn across the text.
fn max_fuzzy_window(q: &str) -> usize {
    q.len() + (q.len() / 3).max(2)
}

/// The length in bytes of the shortest stretch of `t` that holds the bytes of `p` in order
/// (found greedily from each place `p`'s first byte occurs), or `None` if none does.
fn min_window(p: &str, t: &str) -> Option<usize> {
    let (p, t) = (p.as_bytes(), t.as_bytes());
    let (&first, rest) = p.split_first()?;
    let mut best: Option<usize> = None;
    'starts: for start in (0..t.len()).filter(|&i| t[i] == first) {
        let mut at = start + 1;
        for &b in rest {
            match t[at..].iter().position(|&x| x == b) {
                Some(i) => at += i + 1,
                // No match from here means no match from any later start either.
                None => return best,
            }
            if best.is_some_and(|w| at - start >= w) {
                continue 'starts;
            }
        }
        let w = at - start;
        best = Some(best.map_or(w, |b| b.min(w)));
        if w == p.len() {
            break;
        }
    }
    best
}

/// Do the bytes of `p` occur in `t` in order? (For UTF-8 this admits every character
/// subsequence, and rarely more; the matcher decides.)
fn is_subsequence(p: &str, t: &str) -> bool {
    let mut t = t.bytes();
    p.bytes().all(|pb| t.any(|tb| tb == pb))
}

/// The byte offset of the first word in `t` that starts with `q`.
fn word_start(t: &str, q: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = t[from..].find(q) {
        let at = from + i;
        if at == 0 || t.as_bytes()[at - 1] == b' ' {
            return Some(at);
        }
        from = at + 1;
        while !t.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_and_keeps_words() {
        assert_eq!(
            normalize("  Één (financiële) -- Hulp!  "),
            "een financiele hulp"
        );
        let (n, map) = normalize_map("Wmo-indicatie é");
        assert_eq!(n, "wmo indicatie e");
        assert_eq!(map.len(), n.chars().count());
        assert_eq!(map[14], 14..16, "é is two bytes in the original");
    }

    #[test]
    fn min_window_finds_the_tightest_stretch() {
        assert_eq!(min_window("urgntie", "sociaal medische urgentie"), Some(8));
        assert_eq!(min_window("abc", "a x b abc"), Some(3));
        assert_eq!(min_window("wmo", "wonen met zorg"), Some(12));
        assert_eq!(min_window("zz", "schimmel"), None);
        assert!(max_fuzzy_window("wmo") < 12);
        assert!(
            max_fuzzy_window("huurcomisie") >= min_window("huurcomisie", "huurcommissie").unwrap()
        );
    }

    #[test]
    fn word_start_skips_matches_inside_words() {
        assert_eq!(word_start("van groot naar beter", "aar"), None);
        assert_eq!(word_start("van groot naar beter", "naa"), Some(10));
        assert_eq!(word_start("groot", "gro"), Some(0));
    }
}
