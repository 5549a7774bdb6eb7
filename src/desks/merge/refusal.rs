//! Why a merge refuses a bundle that names itself a bundle but claims what it cannot (a
//! signer not trusted for its desks, moments out of range, rows of another desk), as data,
//! and its wording in Dutch and English side by side. The English is the
//! [`std::fmt::Display`].

use std::fmt;

use crate::i18n::Lang;

/// A bundle refused at merge time: the file's name and why. Nothing was merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub file: String,
    pub why: Why,
}

/// What the bundle claims that it cannot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// Its signer is not a key trusted for one of its desks.
    Signer(SignerRefused),
    /// A moment before 1990 or after `latest` (a day after this computer's clock).
    Moment { claim: Claim, latest: String },
    /// A contact of a desk the bundle does not name.
    ForeignDesk { contact: String, desk: String },
    /// A contact that belongs here to a desk the bundle does not name.
    OthersContact {
        act: Act,
        contact: String,
        desk: String,
    },
}

/// Signed by `key` (`None`: not signed), but `desk`'s bundles are signed by `trusted`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerRefused {
    pub key: Option<String>,
    pub desk: String,
    pub trusted: Vec<String>,
}

/// What a moment out of range is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// A contact's field (`at`, `created_at`, ...) and the moment.
    Contact {
        id: String,
        field: &'static str,
        at: String,
    },
    Deletes(String),
    Erases(String),
    Links(String),
    /// An article's edit time.
    Article {
        id: String,
        at: String,
    },
    /// The bundle's own writing time.
    Written,
}

/// What a bundle does to another desk's contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Changes,
    Deletes,
    Erases,
}

impl SignerRefused {
    pub fn say(&self, lang: Lang) -> String {
        let desk = &self.desk;
        let (or, key) = match lang {
            Lang::Nl => (" of ", self.key.as_deref()),
            Lang::En => (" or ", self.key.as_deref()),
        };
        let trusted = self.trusted.join(or);
        match (key, lang) {
            (Some(k), Lang::Nl) => format!(
                "is ondertekend met de sleutel {k}, maar de bundels van balie `{desk}` zijn \
                 ondertekend met {trusted}"
            ),
            (Some(k), Lang::En) => {
                format!(
                    "is signed by the key {k}, but desk `{desk}`'s bundles are signed by {trusted}"
                )
            }
            (None, Lang::Nl) => format!(
                "is niet ondertekend, maar de bundels van balie `{desk}` zijn ondertekend met \
                 {trusted}"
            ),
            (None, Lang::En) => {
                format!("is not signed, but desk `{desk}`'s bundles are signed by {trusted}")
            }
        }
    }
}

impl fmt::Display for SignerRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

impl Why {
    pub fn say(&self, lang: Lang) -> String {
        let nl = lang == Lang::Nl;
        match self {
            Why::Signer(s) => s.say(lang),
            Why::Moment { claim, latest } => {
                let range = if nl {
                    format!("buiten 1990-01-01 .. {latest} (een dag na de klok van deze computer)")
                } else {
                    format!("outside 1990-01-01 .. {latest} (a day after this computer's clock)")
                };
                match (claim, nl) {
                    (Claim::Contact { id, field, at }, true) => {
                        format!("geeft contact {id} de {field} {at}, {range}")
                    }
                    (Claim::Contact { id, field, at }, false) => {
                        format!("gives contact {id} the {field} {at}, {range}")
                    }
                    (Claim::Deletes(id), true) => {
                        format!("verwijdert contact {id} op een moment {range}")
                    }
                    (Claim::Deletes(id), false) => {
                        format!("deletes contact {id} at a moment {range}")
                    }
                    (Claim::Erases(id), true) => format!("wist contact {id} op een moment {range}"),
                    (Claim::Erases(id), false) => {
                        format!("erases contact {id} at a moment {range}")
                    }
                    (Claim::Links(id), true) => {
                        format!("koppelt contact {id} op een moment {range}")
                    }
                    (Claim::Links(id), false) => format!("links contact {id} at a moment {range}"),
                    (Claim::Article { id, at }, true) => {
                        format!("geeft artikel `{id}` de bewerktijd {at}, {range}")
                    }
                    (Claim::Article { id, at }, false) => {
                        format!("gives article `{id}` the edit time {at}, {range}")
                    }
                    (Claim::Written, true) => {
                        format!("zegt dat hij geschreven is op een moment {range}")
                    }
                    (Claim::Written, false) => format!("says it was written at a moment {range}"),
                }
            }
            Why::ForeignDesk { contact, desk } if nl => {
                format!("bevat contact {contact} van balie `{desk}`, die hij niet noemt")
            }
            Why::ForeignDesk { contact, desk } => {
                format!("holds contact {contact} of desk `{desk}`, which it does not name")
            }
            Why::OthersContact { act, contact, desk } if nl => {
                let verb = match act {
                    Act::Changes => "wijzigt",
                    Act::Deletes => "verwijdert",
                    Act::Erases => "wist",
                };
                format!(
                    "{verb} contact {contact}, dat hier van balie `{desk}` is, een balie die hij \
                     niet noemt"
                )
            }
            Why::OthersContact { act, contact, desk } => match act {
                Act::Changes => format!(
                    "changes contact {contact}, which belongs to desk `{desk}` here, a desk it \
                     does not name"
                ),
                Act::Deletes => format!(
                    "deletes contact {contact}, which belongs to desk `{desk}`, a desk it does \
                     not name"
                ),
                Act::Erases => format!(
                    "erases contact {contact}, which belongs to desk `{desk}`, a desk it does \
                     not name"
                ),
            },
        }
    }
}

impl Refusal {
    /// The whole sentence in `lang`, naming the file and what to do.
    pub fn say(&self, lang: Lang) -> String {
        let (file, why) = (&self.file, self.why.say(lang));
        match (&self.why, lang) {
            (Why::Signer(_), Lang::Nl) => format!(
                "{file} {why}. Er is niets samengevoegd. Zo ziet een bundel eruit die iemand anders \
                 heeft gemaakt of veranderd, maar ook een van een nieuwe pc van een balie: \
                 controleer dan de sleutel met die balie (`balie keys signing` daar) en vertrouw \
                 hem met `balie keys trust --desk BALIE SLEUTEL`"
            ),
            (Why::Signer(_), Lang::En) => format!(
                "{file} {why}. Nothing was merged. A bundle made up or changed by someone else \
                 looks like this; so does one from a desk's new PC: then check the key with the \
                 desk (`balie keys signing` there) and trust it with `balie keys trust --desk \
                 DESK KEY`"
            ),
            (_, Lang::Nl) => format!(
                "{file} {why}. Er is niets samengevoegd; vraag de balie om een nieuwe bundel \
                 (`balie export --bundle BESTAND`)"
            ),
            (_, Lang::En) => format!(
                "{file} {why}. Nothing was merged; ask the desk for a new bundle (`balie export \
                 --bundle FILE`)"
            ),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}
