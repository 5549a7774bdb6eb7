//! Why a bundle is refused, as data, and its wording in Dutch and English side by side: the
//! coordinator merging bundles reads the reasons in their own language. The English is also
//! the [`std::fmt::Display`] (and the audit log's words).

use std::fmt;

use super::BundleError;
use super::read::BUNDLE_MAX_BYTES;
use crate::domain::Invalid;
use crate::i18n::Lang;
use crate::kb::{ArticleError, Problem};
use crate::text::counted;

/// Why a file is not a bundle at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Foreign {
    Folder,
    NotSqlite,
    /// A balie database, not a bundle.
    Database,
    OtherProgram,
    /// SQLite's words.
    NoManifest(String),
    /// The format its manifest names.
    OtherFormat(String),
    NoFormat,
}

/// Why a bundle is damaged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// Bytes there, bytes its header promises.
    Cut {
        have: u64,
        want: u64,
    },
    /// SQLite's words.
    CannotOpen(String),
    /// SQLite's words.
    CannotRead(String),
    /// SQLite's integrity check's words.
    Inconsistent(String),
    SealedNotABundle,
    RowCount {
        table: String,
        here: u64,
        manifest: u64,
    },
    Checksum,
    Orphans {
        rows: i64,
        table: String,
    },
    NoKey(String),
    NotANumber {
        key: String,
        value: String,
    },
    BadValue {
        key: String,
        value: String,
    },
    HalfPeriod,
    OldSchema(usize),
    /// Said in English only (a signature's or a row's rarer faults).
    Other(String),
}

/// What a bundle from a newer balie holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Newer {
    Format { found: u64, known: u32 },
    Schema { found: usize, known: usize },
}

/// A row of a bundle this balie cannot take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadRow {
    Unknown(UnknownCode),
    NotAnId(String),
    Contact {
        id: String,
        invalid: Invalid,
    },
    Link {
        contact: String,
        article: String,
    },
    ArticleTooLong {
        id: String,
        len: usize,
    },
    ArticleHolds {
        id: String,
        other: String,
    },
    ArticleTime {
        id: String,
        at: String,
    },
    Article(ArticleError),
    Deletion(String),
    Erasure(String),
    OtherDesk {
        id: String,
        desk: String,
        named: Vec<String>,
    },
    More(usize),
}

/// A code missing from this config, how many contacts use it, and a topic's labels at the
/// desk (when the bundle names them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    pub what: &'static str,
    pub code: String,
    pub contacts: u64,
    pub labels: Option<(String, String)>,
}

impl Foreign {
    pub fn say(&self, lang: Lang) -> String {
        match (self, lang) {
            (Foreign::Folder, Lang::Nl) => "het is een map".into(),
            (Foreign::Folder, Lang::En) => "it is a folder".into(),
            (Foreign::NotSqlite, Lang::Nl) => "het is geen SQLite-bestand (een bundel maak je met \
                                               `balie export --bundle BESTAND`)"
                .into(),
            (Foreign::NotSqlite, Lang::En) => {
                "it is not a SQLite file (a bundle is made with `balie export --bundle FILE`)"
                    .into()
            }
            (Foreign::Database, Lang::Nl) => "het is een database van balie, geen bundel; maak \
                                              bij die balie een bundel met `balie export \
                                              --bundle BESTAND`"
                .into(),
            (Foreign::Database, Lang::En) => "it is a balie database, not a bundle; at that \
                                              desk, make a bundle with `balie export --bundle \
                                              FILE`"
                .into(),
            (Foreign::OtherProgram, Lang::Nl) => {
                "het is een SQLite-bestand van een ander programma".into()
            }
            (Foreign::OtherProgram, Lang::En) => "it is a SQLite file of another program".into(),
            (Foreign::NoManifest(e), Lang::Nl) => {
                format!("het heeft geen leesbaar manifest (SQLite: {e})")
            }
            (Foreign::NoManifest(e), Lang::En) => format!("it has no readable manifest ({e})"),
            (Foreign::OtherFormat(f), Lang::Nl) => format!(
                "het manifest noemt het formaat `{f}`, niet `{}`",
                super::manifest::FORMAT
            ),
            (Foreign::OtherFormat(f), Lang::En) => format!(
                "its manifest names the format `{f}`, not `{}`",
                super::manifest::FORMAT
            ),
            (Foreign::NoFormat, Lang::Nl) => "het manifest noemt geen formaat".into(),
            (Foreign::NoFormat, Lang::En) => "its manifest does not name a format".into(),
        }
    }
}

impl Damage {
    /// The reason in `lang`; `None` in Dutch for a reason with English words only.
    pub fn say(&self, lang: Lang) -> Option<String> {
        let nl = lang == Lang::Nl;
        Some(match self {
            Damage::Cut { have, want } if nl => format!(
                "het is afgebroken: {have} van de {want} bytes zijn er (kopieer het opnieuw, en \
                 wacht tot het kopiëren klaar is voor je de stick eruit haalt)"
            ),
            Damage::Cut { have, want } => format!(
                "it is cut off: {have} of its {want} bytes are there (copy it again, and wait for \
                 the copy to finish before removing the stick)"
            ),
            Damage::CannotOpen(e) if nl => format!("SQLite kan het niet openen ({e})"),
            Damage::CannotOpen(e) => format!("SQLite cannot open it ({e})"),
            Damage::CannotRead(e) if nl => format!("SQLite kan het niet lezen ({e})"),
            Damage::CannotRead(e) => format!("SQLite cannot read it ({e})"),
            Damage::Inconsistent(e) if nl => format!("SQLite vindt het inconsistent ({e})"),
            Damage::Inconsistent(e) => format!("SQLite finds it inconsistent ({e})"),
            Damage::SealedNotABundle if nl => "wat erin verzegeld is, is geen bundel".into(),
            Damage::SealedNotABundle => "its sealed content is not a bundle".into(),
            Damage::RowCount {
                table,
                here,
                manifest,
            } if nl => format!("de tabel {table} heeft {here} rijen, het manifest zegt {manifest}"),
            Damage::RowCount {
                table,
                here,
                manifest,
            } => format!("its table {table} holds {here} rows, its manifest says {manifest}"),
            Damage::Checksum if nl => "de controlesom klopt niet bij de rijen: het is veranderd \
                                       nadat het geschreven is"
                .into(),
            Damage::Checksum => {
                "its checksum does not match its rows: it was changed after it was written".into()
            }
            Damage::Orphans { rows, table } if nl => format!(
                "{rows} {} van {table} horen bij geen enkel contact erin",
                if *rows == 1 { "rij" } else { "rijen" }
            ),
            Damage::Orphans { rows, table } => format!(
                "{rows} {} of {table} belong to no contact in it",
                if *rows == 1 { "row" } else { "rows" }
            ),
            Damage::NoKey(key) if nl => format!("het manifest heeft geen `{key}`"),
            Damage::NoKey(key) => format!("its manifest has no `{key}`"),
            Damage::NotANumber { key, value } if nl => {
                format!("in het manifest is `{key}` `{value}`, geen getal")
            }
            Damage::NotANumber { key, value } => {
                format!("its manifest's `{key}` is `{value}`, not a number")
            }
            Damage::BadValue { key, value } if nl => {
                format!("in het manifest is `{key}` onleesbaar: `{value}`")
            }
            Damage::BadValue { key, value } => format!("its manifest's `{key}` is `{value}`"),
            Damage::HalfPeriod if nl => "het manifest heeft maar een halve periode".into(),
            Damage::HalfPeriod => "its manifest has half a period".into(),
            Damage::OldSchema(v) if nl => {
                format!("het manifest noemt schema {v}, ouder dan elke bundel")
            }
            Damage::OldSchema(v) => format!("its manifest names schema {v}, older than any bundle"),
            Damage::Other(_) if nl => return None,
            Damage::Other(why) => why.clone(),
        })
    }
}

impl Newer {
    pub fn say(&self, lang: Lang) -> String {
        match (self, lang) {
            (Newer::Format { found, known }, Lang::Nl) => {
                format!("bundelformaat {found}; deze balie leest tot en met {known}")
            }
            (Newer::Format { found, known }, Lang::En) => {
                format!("bundle format {found}; this balie reads up to {known}")
            }
            (Newer::Schema { found, known }, Lang::Nl) => {
                format!("schema {found}; deze balie kent tot en met {known}")
            }
            (Newer::Schema { found, known }, Lang::En) => {
                format!("schema {found}; this balie knows up to {known}")
            }
        }
    }
}

impl BadRow {
    pub fn say(&self, lang: Lang) -> String {
        match lang {
            Lang::Nl => self.dutch(),
            Lang::En => self.english(),
        }
    }

    fn dutch(&self) -> String {
        match self {
            BadRow::Unknown(u) => u.say(Lang::Nl),
            BadRow::NotAnId(id) => format!("`{id}` is geen contact-id"),
            BadRow::Contact { id, invalid } => format!(
                "contact {id}: {}",
                crate::tui::messages::invalid(Lang::Nl, invalid)
            ),
            BadRow::Link { contact, article } => {
                format!("de koppeling van contact {contact} aan artikel `{article}` is onleesbaar")
            }
            BadRow::ArticleTooLong { id, len } => {
                format!("artikel `{id}`: {}", Problem::TooLong(*len).say(Lang::Nl))
            }
            BadRow::ArticleHolds { id, other } => {
                format!("artikel `{id}` bevat het artikel `{other}`")
            }
            BadRow::ArticleTime { id, at } => {
                format!("artikel `{id}` heeft een onleesbare tijd `{at}`")
            }
            BadRow::Article(e) => e.say(Lang::Nl),
            BadRow::Deletion(id) => format!("de verwijdering van contact `{id}` is onleesbaar"),
            BadRow::Erasure(id) => format!("het wissen van contact `{id}` is onleesbaar"),
            BadRow::OtherDesk { id, desk, named } => format!(
                "contact {id} is van balie `{desk}`, die de bundel niet noemt (hij noemt {})",
                named.join(", ")
            ),
            BadRow::More(n) => format!("... en nog {n}"),
        }
    }

    fn english(&self) -> String {
        match self {
            BadRow::Unknown(u) => u.say(Lang::En),
            BadRow::NotAnId(id) => format!("contact id `{id}` is not a contact id"),
            BadRow::Contact { id, invalid } => format!("contact {id}: {invalid}"),
            BadRow::Link { contact, article } => {
                format!("the link of contact {contact} to article `{article}` is unreadable")
            }
            BadRow::ArticleTooLong { id, len } => {
                format!("article `{id}`: {}", Problem::TooLong(*len))
            }
            BadRow::ArticleHolds { id, other } => {
                format!("article `{id}` holds the article `{other}`")
            }
            BadRow::ArticleTime { id, at } => {
                format!("article `{id}` has an unreadable time `{at}`")
            }
            BadRow::Article(e) => e.to_string(),
            BadRow::Deletion(id) => format!("the deletion of contact `{id}` is unreadable"),
            BadRow::Erasure(id) => format!("the erasure of contact `{id}` is unreadable"),
            BadRow::OtherDesk { id, desk, named } => format!(
                "contact {id} is of desk `{desk}`, which the bundle does not name (it names {})",
                named.join(", ")
            ),
            BadRow::More(n) => format!("... and {n} more"),
        }
    }
}

impl UnknownCode {
    /// What to add where.
    pub fn say(&self, lang: Lang) -> String {
        let UnknownCode {
            what,
            code,
            contacts,
            labels,
        } = self;
        unknown_code(lang, what, code, *contacts, labels.as_ref())
    }
}

fn unknown_code(
    lang: Lang,
    what: &str,
    code: &str,
    contacts: u64,
    labels: Option<&(String, String)>,
) -> String {
    let (noun, section) = what_nl(what);
    let example = |at: &str, add: &str| {
        labels.map_or_else(String::new, |(nl, en)| {
            format!(" ({at}: nl = \"{nl}\", en = \"{en}\"; {add})")
        })
    };
    match lang {
        Lang::Nl => {
            let n = counted(contacts, "contact", "contacten");
            let add = format!("voeg code = \"{code}\" toe met de labels en de groep");
            let example = example("bij de balie", &add);
            format!(
                "{noun} `{code}` ({n}) staat niet in de config van deze balie: voeg het toe onder \
                 {section} in het configbestand{example} en voeg dan opnieuw samen"
            )
        }
        Lang::En => {
            let n = counted(contacts, "contact", "contacts");
            let add = format!("add code = \"{code}\" with its labels and group");
            let example = example("at the desk", &add);
            format!(
                "{what} `{code}` ({n}) is not in this balie's config: add it under {section} in \
                 the config file{example}, then merge again"
            )
        }
    }
}

/// The Dutch noun of a kind of code, and its config section.
fn what_nl(what: &str) -> (&'static str, &'static str) {
    match what {
        "topic" => ("onderwerp", "[[topics]]"),
        "channel" => ("kanaal", "[[channels]]"),
        "landlord" => ("verhuurder", "[[landlords]]"),
        _ => ("partner", "[[partners]]"),
    }
}

impl fmt::Display for Foreign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Lang::En).unwrap_or_default())
    }
}

impl fmt::Display for Newer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

impl fmt::Display for BadRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

impl BundleError {
    /// A refusal said in Dutch, when it has Dutch words (the rarer faults, which name files
    /// and causes, keep their English).
    pub fn dutch(&self) -> Option<String> {
        let nl = Lang::Nl;
        Some(match self {
            BundleError::Foreign { path, why } => format!(
                "{} is geen bundel van balie: {}. Er is niets samengevoegd",
                path.display(),
                why.say(nl)
            ),
            BundleError::Damaged { path, why } => format!(
                "{} is beschadigd: {}. Er is niets samengevoegd; vraag de balie om een nieuwe \
                 bundel (`balie export --bundle BESTAND`)",
                path.display(),
                why.say(nl)?
            ),
            BundleError::TooLarge { path, mib } => format!(
                "{} is {mib} MiB, en een bundel is hoogstens {} MiB (een jaar van een drukke \
                 balie is een paar MiB). Er is niets samengevoegd; maak bundels per periode met \
                 `balie export --bundle BESTAND --period ...`",
                path.display(),
                BUNDLE_MAX_BYTES / (1024 * 1024)
            ),
            BundleError::Newer { path, what } => format!(
                "{} is geschreven door een nieuwere balie ({}). Er is niets samengevoegd; \
                 installeer de nieuwere balie om het samen te voegen",
                path.display(),
                what.say(nl)
            ),
            BundleError::Invalid { path, problems } => {
                let lines: Vec<String> = problems.iter().map(|p| p.say(nl)).collect();
                format!(
                    "{} bevat gegevens die de config van deze balie niet kan opnemen. Er is \
                     niets samengevoegd:\n{}",
                    path.display(),
                    lines.join("\n")
                )
            }
            _ => return None,
        })
    }
}
