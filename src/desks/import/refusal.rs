//! Why an import is refused, as data (a column, or a row's field and what is wrong with it),
//! and its wording in Dutch and English side by side. A contact's validation problem is said
//! in the words the desk screen uses ([`crate::tui::messages::invalid`]).

use super::{ImportError, REQUIRED_COLUMNS, SHOWN_PROBLEMS};
use crate::domain::Invalid;
use crate::i18n::Lang;
use crate::privacy::{self, PersonalData};
use crate::report::export::CONTACT_COLUMNS;
use crate::text::counted;

/// What is wrong with the file's first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnProblem {
    /// A column balie does not know.
    Unknown(String),
    Twice(String),
    /// The [`REQUIRED_COLUMNS`] it lacks.
    Missing(Vec<&'static str>),
}

/// One bad cell: its line, its column, and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct RowProblem {
    pub line: u64,
    pub field: String,
    pub wrong: Wrong,
}

/// What is wrong with a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Wrong {
    NotAnId(String),
    /// The moment as written.
    Future(String),
    NoDesk,
    NoVolunteer,
    Kind(String),
    Minutes(String),
    NoTopic,
    NoMoment,
    Moment(String),
    Date(String),
    /// The id, and the line it is on first.
    SameId {
        id: String,
        first: u64,
    },
    PersonalData(Vec<PersonalData>),
    /// The contact it makes does not pass validation.
    Invalid(Invalid),
    /// A stored column's reader's words (English only).
    Unreadable(String),
}

impl Wrong {
    /// The wording in `lang`; `None` when it has none in Dutch.
    pub fn say(&self, lang: Lang) -> Option<String> {
        let nl = lang == Lang::Nl;
        Some(match (self, nl) {
            (Wrong::NotAnId(id), true) => {
                format!("`{id}` is geen contact-id; laat het leeg voor een nieuwe")
            }
            (Wrong::NotAnId(id), false) => {
                format!("`{id}` is not a contact id; leave it empty to get a new one")
            }
            (Wrong::Future(at), true) => format!("{at} ligt in de toekomst"),
            (Wrong::Future(at), false) => format!("{at} lies in the future"),
            (Wrong::NoDesk, true) => "geen balie: vul de kolom in, of geef --desk NAAM".into(),
            (Wrong::NoDesk, false) => "no desk: fill in the column, or give --desk NAME".into(),
            (Wrong::NoVolunteer, true) => {
                "geen vrijwilliger: vul de kolom in, of geef --volunteer XX".into()
            }
            (Wrong::NoVolunteer, false) => {
                "no volunteer: fill in the column, or give --volunteer XX".into()
            }
            (Wrong::Kind(k), true) => format!("`{k}`: geef kort of hulpvraag"),
            (Wrong::Kind(k), false) => format!("`{k}`: give kort or hulpvraag"),
            (Wrong::Minutes(m), true) => format!("`{m}` is geen aantal minuten"),
            (Wrong::Minutes(m), false) => format!("`{m}` is not a number of minutes"),
            (Wrong::NoTopic, true) => {
                "geen onderwerp: geef een of meer codes, bijvoorbeeld huur|onderhoud".into()
            }
            (Wrong::NoTopic, false) => {
                "no topic: give one or more codes, e.g. huur|onderhoud".into()
            }
            (Wrong::NoMoment, true) => "leeg: elk contact heeft een moment nodig".into(),
            (Wrong::NoMoment, false) => "empty: every contact needs its moment".into(),
            (Wrong::Moment(s), true) => {
                format!("`{s}` is geen moment: schrijf 2026-11-20 10:30 of 20-11-2026 10:30")
            }
            (Wrong::Moment(s), false) => {
                format!("`{s}` is not a moment: write 2026-11-20 10:30 or 20-11-2026 10:30")
            }
            (Wrong::Date(s), true) => format!("`{s}` is geen datum: schrijf 2026-11-27"),
            (Wrong::Date(s), false) => format!("`{s}` is not a date: write 2026-11-27"),
            (Wrong::SameId { id, first }, true) => {
                format!("het id {id} staat ook op regel {first}")
            }
            (Wrong::SameId { id, first }, false) => format!("the id {id} is also on line {first}"),
            (Wrong::PersonalData(kinds), true) => format!(
                "lijkt {} te bevatten; haal het weg, of geef --allow-personal-data als het niet \
                 over een persoon gaat",
                privacy::describe_kinds(kinds, lang)
            ),
            (Wrong::PersonalData(kinds), false) => format!(
                "looks like it holds {}; take it out, or give --allow-personal-data if it is not \
                 about a person",
                privacy::describe_kinds(kinds, lang)
            ),
            (Wrong::Invalid(e), _) => crate::tui::messages::invalid(lang, e),
            (Wrong::Unreadable(_), true) => return None,
            (Wrong::Unreadable(words), false) => words.clone(),
        })
    }
}

impl RowProblem {
    /// "line 3, field `topics`: ..." in `lang`.
    pub fn say(&self, lang: Lang) -> Option<String> {
        let what = self.wrong.say(lang)?;
        Some(match lang {
            Lang::Nl => format!("regel {}, veld `{}`: {what}", self.line, self.field),
            Lang::En => format!("line {}, field `{}`: {what}", self.line, self.field),
        })
    }
}

impl ColumnProblem {
    pub fn say(&self, lang: Lang) -> String {
        let quoted = |names: &[&str], or: &str| {
            names
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(or)
        };
        let required = quoted(&REQUIRED_COLUMNS, " en ");
        match (self, lang) {
            (ColumnProblem::Unknown(name), Lang::Nl) => format!(
                "kolom `{name}` kent balie niet; hernoem of verwijder hem. De kolommen zijn: {}",
                CONTACT_COLUMNS.join(", ")
            ),
            (ColumnProblem::Unknown(name), Lang::En) => format!(
                "column `{name}` is not one balie knows; rename or remove it. The columns are: {}",
                CONTACT_COLUMNS.join(", ")
            ),
            (ColumnProblem::Twice(name), Lang::Nl) => {
                format!("kolom `{name}` staat er twee keer in")
            }
            (ColumnProblem::Twice(name), Lang::En) => format!("column `{name}` is there twice"),
            (ColumnProblem::Missing(missing), Lang::Nl) => format!(
                "het bestand heeft geen kolom {}; de eerste regel moet de kolommen noemen, \
                 minstens {required} (zie `balie export`)",
                quoted(missing, " of ")
            ),
            (ColumnProblem::Missing(missing), Lang::En) => format!(
                "the file has no column {}; the first line must name the columns, at least \
                 `at` and `topics` (see `balie export`)",
                quoted(missing, " or ")
            ),
        }
    }
}

impl ImportError {
    /// The refusal in `lang`; `None` when it has no wording in Dutch (the csv reader's words,
    /// a store error, a row problem said in English only).
    pub fn say(&self, lang: Lang) -> Option<String> {
        let nl = lang == Lang::Nl;
        Some(match self {
            ImportError::NotUtf8 { line } if nl => format!(
                "het bestand is geen UTF-8-tekst (regel {line}); sla het in Excel op als \"CSV \
                 UTF-8 (door komma's gescheiden)\". Er is niets geïmporteerd"
            ),
            ImportError::NotUtf8 { line } => format!(
                "the file is not UTF-8 text (line {line}); in Excel save it as \"CSV UTF-8 (door \
                 komma's gescheiden)\". Nothing was imported"
            ),
            ImportError::Columns(c) if nl => format!("{}. Er is niets geïmporteerd", c.say(lang)),
            ImportError::Columns(c) => format!("{}. Nothing was imported", c.say(lang)),
            ImportError::Rows { count, problems } => {
                let mut lines = problems
                    .iter()
                    .map(|p| p.say(lang))
                    .collect::<Option<Vec<_>>>()?;
                let more = count.saturating_sub(SHOWN_PROBLEMS);
                if more > 0 {
                    lines.push(match lang {
                        Lang::Nl => format!("... en nog {more}"),
                        Lang::En => format!("... and {more} more"),
                    });
                }
                let n = *count as u64;
                let head = match lang {
                    Lang::Nl => format!(
                        "{} niet geïmporteerd worden; er is niets geïmporteerd. Herstel ze en \
                         importeer opnieuw",
                        if n == 1 {
                            "1 rij kan".to_string()
                        } else {
                            format!("{n} rijen kunnen")
                        }
                    ),
                    Lang::En => format!(
                        "{} cannot be imported; nothing was imported. Fix them and import again",
                        counted(n, "row", "rows")
                    ),
                };
                format!("{head}:\n{}", lines.join("\n"))
            }
            ImportError::Csv(_) | ImportError::Store(_) if nl => return None,
            ImportError::Csv(words) => {
                format!("the file cannot be read as CSV: {words}. Nothing was imported")
            }
            ImportError::Store(e) => e.to_string(),
        })
    }
}
