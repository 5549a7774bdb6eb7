//! An error as the command line says it, in one language from start to end. A message balie
//! itself gives is a [`Said`] (both languages, made from the catalogue); the everyday library
//! errors (an unknown topic or channel with the closest names, the database busy in another
//! balie, a full disk, a wrong passphrase, a time or day that cannot be read, an article's
//! mistake, a bundle's refusal, an import's or a demo's refusal) have a Dutch wording in the words the desk screen uses
//! ([`crate::tui::messages`], [`crate::kb::Problem`], [`crate::desks::bundle::refusal`]). In Dutch a chain with
//! a layer that has no Dutch (a rare error naming files and causes) is said in English as a
//! whole, so no message is half Dutch and half English. The errors stay typed; only what is
//! printed changes.

use std::fmt;

use crate::crypt::CryptError;
use crate::crypt::convert::ConvertError;
use crate::domain::Invalid;
use crate::i18n::Lang;
use crate::kb::KbError;
use crate::report::export::ExportError;
use crate::store::StoreError;
use crate::tui::messages;
use crate::when::WhenError;

/// The word before the message on stderr.
pub fn prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "fout",
        Lang::En => "error",
    }
}

/// A message balie gives, in both languages; it shows in English unless
/// [`message`] says it in Dutch. Made with [`said`] (a message) or [`SayContext`] (a context
/// over a cause).
#[derive(Debug)]
pub struct Said {
    nl: String,
    en: String,
    cause: Option<anyhow::Error>,
}

impl Said {
    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for Said {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause.as_ref().map(|c| c.as_ref() as _)
    }
}

/// The error `text` says, in each language: `said(|l| fail::x(l, ..))`.
pub fn said(text: impl Fn(Lang) -> String) -> anyhow::Error {
    anyhow::Error::new(Said {
        nl: text(Lang::Nl),
        en: text(Lang::En),
        cause: None,
    })
}

/// A context in both languages over an error, so a Dutch context never sits over an English
/// cause unnoticed (see [`message`]).
pub trait SayContext<T> {
    fn say_context(self, text: impl Fn(Lang) -> String) -> anyhow::Result<T>;
}

impl<T, E: Into<anyhow::Error>> SayContext<T> for Result<T, E> {
    fn say_context(self, text: impl Fn(Lang) -> String) -> anyhow::Result<T> {
        self.map_err(|e| said_over(text, e))
    }
}

/// The error `text` says over `cause`, in each language.
pub fn said_over(text: impl Fn(Lang) -> String, cause: impl Into<anyhow::Error>) -> anyhow::Error {
    anyhow::Error::new(Said {
        nl: text(Lang::Nl),
        en: text(Lang::En),
        cause: Some(cause.into()),
    })
}

/// `e` said in `lang`. In English the whole cause chain (a [`Said`] in its English words).
/// In Dutch each layer in its Dutch words down to the first everyday error, whose Dutch
/// wording ends the message; when a layer has no Dutch, the whole chain in English instead.
pub fn message(lang: Lang, e: &anyhow::Error) -> String {
    said_in(lang, e).1
}

/// The line on stderr: `fout: ...` in Dutch, `error: ...` when the message is in English.
pub fn line(lang: Lang, e: &anyhow::Error) -> String {
    let (lang, text) = said_in(lang, e);
    format!("{}: {text}", prefix(lang))
}

/// A warning line on stderr, as [`line`] with `waarschuwing:` / `warning:`.
pub fn warning(lang: Lang, e: &anyhow::Error) -> String {
    let (lang, text) = said_in(lang, e);
    let word = match lang {
        Lang::Nl => "waarschuwing",
        Lang::En => "warning",
    };
    format!("{word}: {text}")
}

/// The language `e` can be said in, wanting `lang`, and the message.
fn said_in(lang: Lang, e: &anyhow::Error) -> (Lang, String) {
    let english = || (Lang::En, format!("{e:#}"));
    if lang == Lang::En {
        return english();
    }
    let mut said = Vec::new();
    for cause in e.chain() {
        if let Some(s) = cause.downcast_ref::<Said>() {
            said.push(s.text(Lang::Nl).to_string());
            continue;
        }
        if let Some(nl) = dutch_context(cause) {
            said.push(nl);
            continue;
        }
        if let Some(nl) = dutch(cause) {
            said.push(nl);
            return (Lang::Nl, said.join(": "));
        }
        let text = cause.to_string();
        if !is_a_name(&text) {
            return english();
        }
        said.push(text);
    }
    (Lang::Nl, said.join(": "))
}

/// Whether a context is a name the same in both languages: a flag such as `--date`.
fn is_a_name(text: &str) -> bool {
    text.starts_with("--") && !text.contains(char::is_whitespace)
}

/// The Dutch wording of a library error that names what it was doing over its cause (the
/// cause is said after it).
fn dutch_context(cause: &(dyn std::error::Error + 'static)) -> Option<String> {
    match cause.downcast_ref::<KbError>()? {
        KbError::Read { path, .. } => Some(format!("kan {path} niet lezen")),
        KbError::Write { path, .. } => Some(format!("kan {path} niet schrijven")),
        KbError::NoArticles { path } => Some(format!(
            "{path} bevat geen artikelbestanden (*.md); geef een bestand of een map met \
             .md-bestanden"
        )),
        _ => None,
    }
}

/// The Dutch wording of `cause`, when it is one of the everyday errors.
fn dutch(cause: &(dyn std::error::Error + 'static)) -> Option<String> {
    let nl = Lang::Nl;
    if let Some(e) = cause.downcast_ref::<Invalid>() {
        return Some(messages::invalid(nl, e));
    }
    if let Some(e) = cause.downcast_ref::<crate::kb::ArticleError>() {
        return Some(e.say(nl));
    }
    if let Some(KbError::Article(e)) = cause.downcast_ref::<KbError>() {
        return Some(e.say(nl));
    }
    if let Some(e) = cause.downcast_ref::<crate::desks::bundle::BundleError>() {
        return e.dutch();
    }
    if let Some(e) = cause.downcast_ref::<crate::desks::import::ImportError>() {
        return match e {
            crate::desks::import::ImportError::Store(s) => dutch(s),
            _ => e.say(nl),
        };
    }
    if let Some(e) = cause.downcast_ref::<crate::demo::DemoError>() {
        return match e {
            crate::demo::DemoError::Store(s) => dutch(s),
            _ => Some(e.say(nl)),
        };
    }
    if let Some(e) = cause.downcast_ref::<WhenError>() {
        return Some(messages::when_error(nl, e));
    }
    if let Some(e) = cause.downcast_ref::<StoreError>() {
        if let StoreError::Refused(r) = e {
            return Some(r.say(nl));
        }
        return matches!(e, StoreError::Busy | StoreError::CannotWrite(_))
            .then(|| messages::store_error(nl, e));
    }
    if let Some(e) = cause.downcast_ref::<ExportError>() {
        return matches!(e, ExportError::Write(io) if io.kind() == std::io::ErrorKind::StorageFull)
            .then(|| messages::export_error(nl, e));
    }
    if let Some(CryptError::WrongPassphrase) = cause.downcast_ref::<CryptError>() {
        return Some(
            "de wachtwoordzin klopt niet; er is niets veranderd. Typ hem opnieuw (vergeten? gebruik \
             `balie recover` met de herstelsleutel)"
                .into(),
        );
    }
    if let Some(e) = cause.downcast_ref::<ConvertError>() {
        return match e {
            ConvertError::AlreadyEncrypted => Some(
                "de database is al versleuteld; de wachtwoordzin verander je met `balie \
                 passphrase`"
                    .into(),
            ),
            ConvertError::NotEncrypted => {
                Some("de database is niet versleuteld; er is niets te doen".into())
            }
            ConvertError::InUse => Some(
                "een andere balie heeft de database open (een baliescherm, of het onderhoud); \
                 sluit die en probeer het opnieuw. Er is niets veranderd"
                    .into(),
            ),
            _ => None,
        };
    }
    if let Some(CryptError::WrongRecoveryKey(db)) = cause.downcast_ref::<CryptError>() {
        return Some(format!(
            "de herstelsleutel klopt niet (hij opent {} niet); er is niets veranderd. Controleer \
             hem letter voor letter",
            db.display()
        ));
    }
    if let Some(io) = cause.downcast_ref::<std::io::Error>() {
        use std::io::ErrorKind;
        return match io.kind() {
            ErrorKind::StorageFull => Some(
                "de schijf is vol: er is niets geschreven; maak ruimte vrij en probeer het \
                 opnieuw"
                    .into(),
            ),
            ErrorKind::NotFound => {
                Some("dat bestand of die map bestaat niet; kijk of de naam klopt".into())
            }
            ErrorKind::PermissionDenied => Some(
                "balie mag daar niet lezen of schrijven; vraag wie de computer beheert om \
                 toestemming"
                    .into(),
            ),
            _ => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyday_errors_are_dutch_under_their_context_and_english_keeps_the_chain() {
        let e = anyhow::Error::new(StoreError::Busy).context("--date");
        assert_eq!(
            message(Lang::Nl, &e),
            "--date: de database is te lang bezig in een andere balie; probeer het zo opnieuw"
        );
        assert_eq!(
            message(Lang::En, &e),
            "--date: the database is busy in another balie for too long; try again"
        );
        let full = anyhow::Error::new(std::io::Error::from(std::io::ErrorKind::StorageFull));
        assert!(message(Lang::Nl, &full).starts_with("de schijf is vol"));
        let wrong = anyhow::Error::new(CryptError::WrongPassphrase);
        assert!(message(Lang::Nl, &wrong).starts_with("de wachtwoordzin klopt niet"));
    }

    #[test]
    fn a_rare_error_keeps_its_english_words() {
        let e = anyhow::anyhow!("something rare").context("while doing x");
        assert_eq!(message(Lang::Nl, &e), "while doing x: something rare");
        assert_eq!(line(Lang::Nl, &e), "error: while doing x: something rare");
    }

    fn reading(l: Lang) -> String {
        match l {
            Lang::Nl => "kan het bestand niet lezen".into(),
            Lang::En => "cannot read the file".into(),
        }
    }

    #[test]
    fn a_said_message_is_in_the_language_asked_and_english_by_display() {
        let e = said(reading);
        assert_eq!(line(Lang::Nl, &e), "fout: kan het bestand niet lezen");
        assert_eq!(line(Lang::En, &e), "error: cannot read the file");
        assert_eq!(e.to_string(), "cannot read the file");
    }

    #[test]
    fn a_said_context_over_an_english_cause_is_english_as_a_whole() {
        let cause: Result<(), _> = Err(anyhow::anyhow!("disk on fire"));
        let e = cause.say_context(reading).unwrap_err();
        assert_eq!(
            line(Lang::Nl, &e),
            "error: cannot read the file: disk on fire"
        );
        assert_eq!(
            line(Lang::En, &e),
            "error: cannot read the file: disk on fire"
        );
    }

    #[test]
    fn a_said_context_over_an_everyday_error_is_dutch_as_a_whole() {
        let cause: Result<(), _> = Err(StoreError::Busy);
        let e = cause.say_context(reading).unwrap_err().context("--date");
        assert_eq!(
            line(Lang::Nl, &e),
            "fout: --date: kan het bestand niet lezen: de database is te lang bezig in een \
             andere balie; probeer het zo opnieuw"
        );
        assert!(line(Lang::En, &e).starts_with("error: --date: cannot read the file: the"));
    }
}
