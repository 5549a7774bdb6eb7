//! One knowledge-base article as a file: TOML front matter between two `+++` lines, then a
//! Markdown body. Parsing validates every field and reports `file:line: what is wrong`;
//! rendering writes the same format back, so export and import round-trip losslessly.

use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

pub use super::problem::Problem;
use crate::config::{Config, line_col};
use crate::domain::CodeKind;
use crate::i18n::Lang;

/// The longest id accepted, in bytes.
pub const MAX_ID_LEN: usize = 80;

/// The line that opens and closes the front matter.
const FENCE: &str = "+++";

/// A knowledge-base article: the front matter fields and the Markdown body, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// A stable slug (`van-groot-naar-beter`): articles are matched by id on import.
    pub id: String,
    pub title: String,
    /// The plain words, synonyms and common misspellings people use for the subject.
    pub aliases: Vec<String>,
    /// Topic codes from the config.
    pub topics: Vec<String>,
    /// Which report or rule the facts come from, and its year.
    pub source: String,
    /// The date of the oldest source the facts rely on. `None` for an article in the old
    /// format (before `facts_from` existed), whose facts are of an unknown date.
    pub facts_from: Option<NaiveDate>,
    /// The first day the facts hold, when the source says so (old articles always had one).
    pub valid_from: Option<NaiveDate>,
    /// The last day the facts hold, if known.
    pub valid_until: Option<NaiveDate>,
    /// The day someone really checked the article against a current source.
    pub last_checked: Option<NaiveDate>,
    /// What it was checked against on `last_checked` (a rule, a website, a person's role).
    pub checked_against: Option<String>,
    /// The day by which someone should check the article again.
    pub review_by: Option<NaiveDate>,
    /// Markdown, exactly as written after the closing `+++` line.
    pub body: String,
}

/// What is wrong with an article file, and where.
/// The most an article file may hold: a long rule with its examples is some 20 KiB; a bigger
/// file is a mistake (or an attack) that would slow every search.
pub const ARTICLE_MAX_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {problem}")]
pub struct ArticleError {
    pub file: String,
    pub line: usize,
    pub problem: Problem,
}

impl ArticleError {
    /// `file:line: what is wrong` in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        format!("{}:{}: {}", self.file, self.line, self.problem.say(lang))
    }
}

/// The front matter as written: every field optional so a missing one gets its own message.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFront {
    id: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    topics: Option<Spanned<Vec<Spanned<String>>>>,
    source: Option<Spanned<String>>,
    facts_from: Option<Spanned<toml::Value>>,
    valid_from: Option<Spanned<toml::Value>>,
    valid_until: Option<Spanned<toml::Value>>,
    last_checked: Option<Spanned<toml::Value>>,
    checked_against: Option<Spanned<String>>,
    review_by: Option<Spanned<toml::Value>>,
}

/// The parts of an article file.
struct Parts<'a> {
    front: &'a str,
    /// File line of the front matter's first line.
    front_line: usize,
    /// File line of the closing `+++`.
    close_line: usize,
    body: &'a str,
}

fn split(text: &str) -> Result<Parts<'_>, (usize, Problem)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let is_fence = |line: &str| line.trim_end() == FENCE;
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if !is_fence(&text[..first_end]) {
        return Err((1, Problem::NoOpeningFence));
    }
    let mut pos = first_end;
    let mut line = 2;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if is_fence(&text[pos..end]) {
            return Ok(Parts {
                front: &text[first_end..pos],
                front_line: 2,
                close_line: line,
                body: &text[end..],
            });
        }
        pos = end;
        line += 1;
    }
    Err((1, Problem::NeverClosed))
}

impl Article {
    /// Parse and validate the text of the article file `file` (the name used in messages).
    /// Topic codes must exist in `config`.
    pub fn parse(file: &str, text: &str, config: &Config) -> Result<Article, ArticleError> {
        let fail = |line: usize, problem: Problem| ArticleError {
            file: file.to_string(),
            line,
            problem,
        };
        if text.len() > ARTICLE_MAX_BYTES {
            return Err(fail(1, Problem::TooLong(text.len())));
        }
        if let Some((line, column, c)) = crate::text::find_control(text, true) {
            let code = c as u32;
            return Err(fail(line, Problem::ControlCharacter { code, column }));
        }
        let parts = split(text).map_err(|(line, m)| fail(line, m))?;
        let line_of = |offset: usize| parts.front_line + line_col(parts.front, offset).0 - 1;
        let at =
            |span: std::ops::Range<usize>, problem: Problem| fail(line_of(span.start), problem);
        let raw: RawFront = toml::from_str(parts.front).map_err(|e| {
            let line = e.span().map_or(parts.front_line, |s| line_of(s.start));
            fail(
                line,
                Problem::FrontMatter(e.message().trim_end().to_string()),
            )
        })?;
        let missing = |field: &'static str, example: &'static str| {
            fail(1, Problem::Missing { field, example })
        };

        let id = raw
            .id
            .ok_or_else(|| missing("id", "\"van-groot-naar-beter\""))?;
        check_slug(id.get_ref()).map_err(|m| at(id.span(), m))?;

        let title = raw
            .title
            .ok_or_else(|| missing("title", "\"Van groot naar beter\""))?;
        if title.get_ref().trim().is_empty() {
            return Err(at(title.span(), Problem::EmptyTitle));
        }

        let mut aliases = Vec::with_capacity(raw.aliases.len());
        for alias in raw.aliases {
            if alias.get_ref().trim().is_empty() {
                return Err(at(alias.span(), Problem::EmptyAlias));
            }
            aliases.push(alias.into_inner());
        }

        let topics = raw
            .topics
            .ok_or_else(|| missing("topics", "[\"woningzoeken\"]"))?;
        let topics_span = topics.span();
        let topics = topics.into_inner();
        if topics.is_empty() {
            return Err(at(topics_span, Problem::NoTopics));
        }
        let mut codes = Vec::with_capacity(topics.len());
        for code in topics {
            if config.topic(code.get_ref()).is_none() {
                let unknown = config.unknown(CodeKind::Topic, code.get_ref());
                return Err(at(code.span(), Problem::UnknownTopic(unknown)));
            }
            if !codes.contains(code.get_ref()) {
                codes.push(code.into_inner());
            }
        }

        let source = raw
            .source
            .ok_or_else(|| missing("source", "\"Cebeon, Inzet WSWonen in Samen DOEN (2014)\""))?;
        if source.get_ref().trim().is_empty() {
            return Err(at(source.span(), Problem::EmptySource));
        }

        let date = |field: &str, v: Spanned<toml::Value>| {
            let span = v.span();
            parse_date(field, v.get_ref()).map_err(|m| at(span, m))
        };
        let opt_date = |field: &str, v: Option<Spanned<toml::Value>>| {
            v.map(|v| {
                let span = v.span();
                date(field, v).map(|d| (d, span))
            })
            .transpose()
        };
        let facts_from = opt_date("facts_from", raw.facts_from)?;
        let valid_from = opt_date("valid_from", raw.valid_from)?;
        let valid_until = opt_date("valid_until", raw.valid_until)?;
        let last_checked = opt_date("last_checked", raw.last_checked)?;
        let review_by = opt_date("review_by", raw.review_by)?;
        // The old format had no `facts_from` but always a `last_checked`; it still imports,
        // read as "facts of an unknown date, last checked on ...".
        if facts_from.is_none() && last_checked.is_none() {
            return Err(missing(
                "facts_from",
                "2014-10-01 (the date of the oldest source)",
            ));
        }
        if let (Some((until, span)), Some((from, _))) = (&valid_until, &valid_from)
            && until < from
        {
            let (until, from) = (*until, *from);
            return Err(at(span.clone(), Problem::UntilBeforeFrom { until, from }));
        }
        if let (Some((checked, span)), Some((facts, _))) = (&last_checked, &facts_from)
            && checked < facts
        {
            let (checked, facts) = (*checked, *facts);
            return Err(at(
                span.clone(),
                Problem::CheckedBeforeFacts { checked, facts },
            ));
        }
        let checked_against = match raw.checked_against {
            Some(c) if c.get_ref().trim().is_empty() => {
                return Err(at(c.span(), Problem::EmptyCheckedAgainst));
            }
            Some(c) if last_checked.is_none() => {
                return Err(at(c.span(), Problem::CheckedAgainstWithoutCheck));
            }
            other => other.map(|c| c.into_inner().trim().to_string()),
        };

        if parts.body.trim().is_empty() {
            return Err(fail(parts.close_line, Problem::NoText));
        }
        Ok(Article {
            id: id.into_inner(),
            title: title.into_inner(),
            aliases,
            topics: codes,
            source: source.into_inner(),
            facts_from: facts_from.map(|d| d.0),
            valid_from: valid_from.map(|d| d.0),
            valid_until: valid_until.map(|d| d.0),
            last_checked: last_checked.map(|d| d.0),
            checked_against,
            review_by: review_by.map(|d| d.0),
            body: parts.body.to_string(),
        })
    }

    /// The article as a file in the format [`Article::parse`] reads.
    pub fn render(&self) -> String {
        let list = |items: &[String]| {
            let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
            format!("[{}]", quoted.join(", "))
        };
        let mut s = String::with_capacity(self.body.len() + 512);
        s.push_str(FENCE);
        s.push('\n');
        s.push_str(&format!("id = {}\n", quote(&self.id)));
        s.push_str(&format!("title = {}\n", quote(&self.title)));
        s.push_str(&format!("aliases = {}\n", list(&self.aliases)));
        s.push_str(&format!("topics = {}\n", list(&self.topics)));
        s.push_str(&format!("source = {}\n", quote(&self.source)));
        let dates = [
            ("facts_from", self.facts_from),
            ("valid_from", self.valid_from),
            ("valid_until", self.valid_until),
            ("last_checked", self.last_checked),
        ];
        for (key, d) in dates {
            if let Some(d) = d {
                s.push_str(&format!("{key} = {d}\n"));
            }
        }
        if let Some(c) = &self.checked_against {
            s.push_str(&format!("checked_against = {}\n", quote(c)));
        }
        if let Some(d) = self.review_by {
            s.push_str(&format!("review_by = {d}\n"));
        }
        s.push_str(FENCE);
        s.push('\n');
        s.push_str(&self.body);
        s
    }

    /// A fingerprint of the whole article (SHA-256 of [`Article::render`], hex): equal
    /// fingerprints mean equal articles.
    pub fn content_hash(&self) -> String {
        Article::content_hash_of(&self.render())
    }

    /// The fingerprint of an article already rendered as a file.
    pub fn content_hash_of(rendered: &str) -> String {
        hex(&Sha256::digest(rendered.as_bytes()))
    }

    /// The file name export uses: `{id}.md`.
    pub fn file_name(&self) -> String {
        format!("{}.md", self.id)
    }
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A date written as "YYYY-MM-DD" (or, forgivingly, as an unquoted TOML date).
fn parse_date(field: &str, v: &toml::Value) -> Result<NaiveDate, Problem> {
    let text = match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => d.to_string(),
        other => {
            return Err(Problem::DateOfWrongType {
                field: field.to_string(),
                kind: other.type_str(),
            });
        }
    };
    let ok = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
        Ok(d) if ok => Ok(d),
        _ => Err(Problem::NotADate {
            field: field.to_string(),
            text,
        }),
    }
}

/// Is `id` a slug: lower-case a-z and digits in groups joined by single hyphens.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn check_slug(id: &str) -> Result<(), Problem> {
    if is_slug(id) {
        return Ok(());
    }
    let suggestion = Some(slugify(id)).filter(|s| is_slug(s)).unwrap_or_default();
    Err(Problem::NotASlug {
        id: id.to_string(),
        suggestion,
    })
}

/// `Van Groot naar Beter!` -> `van-groot-naar-beter`.
pub fn slugify(s: &str) -> String {
    let folded = crate::text::fold(s);
    let words: Vec<&str> = folded
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|w| !w.is_empty())
        .collect();
    let mut slug = words.join("-");
    slug.truncate(MAX_ID_LEN);
    slug.trim_end_matches('-').to_string()
}
