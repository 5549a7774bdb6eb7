//! What can be wrong with an article file, as data, and its wording in Dutch and English side
//! by side (a coordinator writing articles reads them in their own language). The English is
//! also the [`std::fmt::Display`], for logs and tests.

use std::fmt;

use chrono::NaiveDate;

use super::article::{ARTICLE_MAX_BYTES, MAX_ID_LEN};
use crate::domain::Invalid;
use crate::i18n::Lang;

/// One mistake in an article file (where it is, is in [`super::ArticleError`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file is `len` bytes, over [`ARTICLE_MAX_BYTES`].
    TooLong(usize),
    /// A control character (its code) at a column.
    ControlCharacter {
        code: u32,
        column: usize,
    },
    NotUtf8,
    NoOpeningFence,
    NeverClosed,
    /// The TOML reader's own words about the front matter.
    FrontMatter(String),
    /// A field missing, with an example value.
    Missing {
        field: &'static str,
        example: &'static str,
    },
    /// An id that is not a slug, with a slug made from it when there is one.
    NotASlug {
        id: String,
        suggestion: String,
    },
    EmptyTitle,
    EmptyAlias,
    NoTopics,
    /// A topic code the config does not have (with the closest codes).
    UnknownTopic(Invalid),
    EmptySource,
    /// A date field that holds another kind of value (TOML's name for the kind).
    DateOfWrongType {
        field: String,
        kind: &'static str,
    },
    /// A date field whose text is not a date.
    NotADate {
        field: String,
        text: String,
    },
    UntilBeforeFrom {
        until: NaiveDate,
        from: NaiveDate,
    },
    CheckedBeforeFacts {
        checked: NaiveDate,
        facts: NaiveDate,
    },
    EmptyCheckedAgainst,
    CheckedAgainstWithoutCheck,
    NoText,
    /// Two files of one import with the same id (the other file).
    SameId {
        id: String,
        other: String,
    },
    /// An edit that changed the article's id (the id it must keep).
    IdChanged {
        id: String,
    },
}

impl Problem {
    /// The problem said in `lang`: what is wrong and what to do.
    pub fn say(&self, lang: Lang) -> String {
        match lang {
            Lang::Nl => self.dutch(),
            Lang::En => self.english(),
        }
    }

    fn dutch(&self) -> String {
        match self {
            Problem::TooLong(len) => format!(
                "het artikel is {} KiB; een artikel is hoogstens {} KiB: verdeel het over \
                 kortere artikelen",
                len.div_ceil(1024),
                ARTICLE_MAX_BYTES / 1024
            ),
            Problem::ControlCharacter { code, column } => format!(
                "een stuurteken (U+{code:04X}) in kolom {column}; haal het weg: een artikel \
                 bevat alleen tekst, regeleinden en tabs"
            ),
            Problem::NotUtf8 => "het bestand is geen UTF-8-tekst; sla het op als UTF-8".into(),
            Problem::NoOpeningFence => "het bestand moet beginnen met een regel `+++`, dan de \
                                        front matter (id, title, ...), dan weer een regel \
                                        `+++`, dan de tekst"
                .into(),
            Problem::NeverClosed => "de front matter die op regel 1 begint wordt nergens \
                                     gesloten: zet er een regel `+++` achter"
                .into(),
            Problem::FrontMatter(toml) => format!(
                "de front matter is geen geldige TOML; kijk na wat daar staat (de TOML-lezer \
                 zegt: {toml})"
            ),
            Problem::Missing { field, example } => format!(
                "`{field}` ontbreekt in de front matter: voeg een regel toe zoals {field} = \
                 {example}"
            ),
            Problem::NotASlug { id, suggestion } => {
                let hint = hint(suggestion, "bijvoorbeeld");
                format!(
                    "id `{id}` is geen slug: gebruik hoogstens {MAX_ID_LEN} kleine letters a-z \
                     en cijfers, verbonden door losse streepjes{hint}"
                )
            }
            Problem::EmptyTitle => "`title` is leeg: elk artikel heeft een titel nodig".into(),
            Problem::EmptyAlias => "`aliases` heeft een lege waarde: haal die weg".into(),
            Problem::NoTopics => {
                "`topics` is leeg: noem minstens één onderwerpcode (zie `balie topics`)".into()
            }
            Problem::UnknownTopic(e) => format!(
                "{} (zie `balie topics` voor de codes)",
                crate::tui::messages::invalid(Lang::Nl, e).trim_end_matches('.')
            ),
            Problem::EmptySource => {
                "`source` is leeg: noem het rapport of de regel en het jaar".into()
            }
            Problem::DateOfWrongType { field, kind } => {
                format!("`{field}` moet een datum zijn, geschreven als \"JJJJ-MM-DD\", geen {kind}")
            }
            Problem::NotADate { field, text } => format!(
                "`{field}` is \"{text}\", en dat is geen datum: schrijf \"JJJJ-MM-DD\", \
                 bijvoorbeeld \"2026-11-25\""
            ),
            Problem::UntilBeforeFrom { until, from } => {
                format!("`valid_until` ({until}) ligt vóór `valid_from` ({from})")
            }
            Problem::CheckedBeforeFacts { checked, facts } => format!(
                "`last_checked` ({checked}) ligt vóór `facts_from` ({facts}): een controle komt \
                 na de feiten die ze controleert"
            ),
            Problem::EmptyCheckedAgainst => "`checked_against` is leeg: noem waarmee het \
                                             artikel is vergeleken, of haal de regel weg"
                .into(),
            Problem::CheckedAgainstWithoutCheck => "`checked_against` vraagt om \
                                                    `last_checked`: voeg de dag van de \
                                                    controle toe, bijvoorbeeld last_checked = \
                                                    2026-12-03"
                .into(),
            Problem::NoText => {
                "het artikel heeft geen tekst: schrijf die na de sluitende `+++`".into()
            }
            Problem::SameId { id, other } => format!(
                "id `{id}` wordt ook gebruikt door {other}; elk artikel heeft een eigen id nodig"
            ),
            Problem::IdChanged { id } => format!(
                "de id moet `{id}` blijven; een nieuw artikel schrijf je in een bestand dat je \
                 met `balie kb import` inleest"
            ),
        }
    }

    fn english(&self) -> String {
        match self {
            Problem::TooLong(len) => format!(
                "the article is {} KiB; an article holds at most {} KiB: split it into shorter \
                 articles",
                len.div_ceil(1024),
                ARTICLE_MAX_BYTES / 1024
            ),
            Problem::ControlCharacter { code, column } => format!(
                "a control character (U+{code:04X}) at column {column}; take it out: an article \
                 holds text, line breaks and tabs only"
            ),
            Problem::NotUtf8 => "the file is not UTF-8 text; save it as UTF-8".into(),
            Problem::NoOpeningFence => "the file must start with a line `+++`, then the front \
                                        matter (id, title, ...), then another line `+++`, then \
                                        the text"
                .into(),
            Problem::NeverClosed => {
                "the front matter opened on line 1 is never closed: add a line `+++` after it"
                    .into()
            }
            Problem::FrontMatter(toml) => format!("front matter: {toml}"),
            Problem::Missing { field, example } => format!(
                "missing `{field}` in the front matter: add a line like {field} = {example}"
            ),
            Problem::NotASlug { id, suggestion } => {
                let hint = hint(suggestion, "e.g.");
                format!(
                    "id `{id}` is not a slug: use at most {MAX_ID_LEN} lower-case letters a-z \
                     and digits, joined by single hyphens{hint}"
                )
            }
            Problem::EmptyTitle => "`title` is empty: every article needs a title".into(),
            Problem::EmptyAlias => "`aliases` has an empty entry: remove it".into(),
            Problem::NoTopics => {
                "`topics` is empty: name at least one topic code (see `balie topics`)".into()
            }
            Problem::UnknownTopic(e) => format!("{e} (see `balie topics` for the codes)"),
            Problem::EmptySource => {
                "`source` is empty: name the report or rule and its year".into()
            }
            Problem::DateOfWrongType { field, kind } => {
                format!("`{field}` must be a date written as \"YYYY-MM-DD\", not {kind}")
            }
            Problem::NotADate { field, text } => format!(
                "`{field}` is \"{text}\", which is not a date: write \"YYYY-MM-DD\", e.g. \
                 \"2026-11-25\""
            ),
            Problem::UntilBeforeFrom { until, from } => {
                format!("`valid_until` ({until}) is before `valid_from` ({from})")
            }
            Problem::CheckedBeforeFacts { checked, facts } => format!(
                "`last_checked` ({checked}) is before `facts_from` ({facts}): a check comes \
                 after the facts it checks"
            ),
            Problem::EmptyCheckedAgainst => "`checked_against` is empty: name what the article \
                                             was checked against, or remove the line"
                .into(),
            Problem::CheckedAgainstWithoutCheck => "`checked_against` needs `last_checked`: add \
                                                    the day of the check, e.g. last_checked = \
                                                    2026-12-03"
                .into(),
            Problem::NoText => "the article has no text: write it after the closing `+++`".into(),
            Problem::SameId { id, other } => {
                format!("id `{id}` is also used by {other}; each article needs its own id")
            }
            Problem::IdChanged { id } => format!(
                "the id must stay `{id}`; to make a new article, write it in a file and `balie \
                 kb import` it"
            ),
        }
    }
}

/// ", e.g. `slug`" when there is a slug to suggest.
fn hint(suggestion: &str, eg: &str) -> String {
    if suggestion.is_empty() {
        String::new()
    } else {
        format!(", {eg} `{suggestion}`")
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}
