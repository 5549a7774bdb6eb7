//! An error as the command line says it: in English the whole cause chain, as before; in
//! Dutch the everyday ones (an unknown topic or channel with the closest names, the database
//! busy in another balie, a full disk, a wrong passphrase, a time or day that cannot be read)
//! in the words the desk screen uses ([`crate::tui::messages`]). The errors stay typed; only
//! what is printed changes. Rare errors keep their English words, which name files and causes.

use crate::crypt::CryptError;
use crate::domain::Invalid;
use crate::i18n::Lang;
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

/// `e` said in `lang`: the contexts above the first error with a Dutch wording, then that
/// wording; or the whole chain as it stands.
pub fn message(lang: Lang, e: &anyhow::Error) -> String {
    if lang == Lang::En {
        return format!("{e:#}");
    }
    let mut above = Vec::new();
    for cause in e.chain() {
        if let Some(said) = dutch(cause) {
            above.push(said);
            return above.join(": ");
        }
        above.push(cause.to_string());
    }
    format!("{e:#}")
}

/// The Dutch wording of `cause`, when it is one of the everyday errors.
fn dutch(cause: &(dyn std::error::Error + 'static)) -> Option<String> {
    let nl = Lang::Nl;
    if let Some(e) = cause.downcast_ref::<Invalid>() {
        return Some(messages::invalid(nl, e));
    }
    if let Some(e) = cause.downcast_ref::<WhenError>() {
        return Some(messages::when_error(nl, e));
    }
    if let Some(e) = cause.downcast_ref::<StoreError>() {
        return matches!(e, StoreError::Busy | StoreError::CannotWrite(_))
            .then(|| messages::store_error(nl, e));
    }
    if let Some(e) = cause.downcast_ref::<ExportError>() {
        return matches!(e, ExportError::Write(io) if io.kind() == std::io::ErrorKind::StorageFull)
            .then(|| messages::export_error(nl, e));
    }
    if let Some(CryptError::WrongPassphrase) = cause.downcast_ref::<CryptError>() {
        return Some(
            "de wachtzin klopt niet; er is niets veranderd. Typ hem opnieuw (vergeten? gebruik \
             `balie recover` met de herstelsleutel)"
                .into(),
        );
    }
    if let Some(io) = cause.downcast_ref::<std::io::Error>()
        && io.kind() == std::io::ErrorKind::StorageFull
    {
        return Some(
            "de schijf is vol: er is niets geschreven; maak ruimte vrij en probeer het opnieuw"
                .into(),
        );
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
        assert!(message(Lang::Nl, &wrong).starts_with("de wachtzin klopt niet"));
    }

    #[test]
    fn a_rare_error_keeps_its_english_words() {
        let e = anyhow::anyhow!("something rare").context("while doing x");
        assert_eq!(message(Lang::Nl, &e), "while doing x: something rare");
    }
}
