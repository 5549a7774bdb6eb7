//! Domain errors said in the volunteer's language: the store and parsers report in English
//! for the command line; the desk screen says the same thing in Dutch or English.

use crate::domain::{
    CodeKind, EARLIEST_YEAR, Invalid, LATEST_YEAR, NOTE_MAX_CHARS, SIGNAL_MAX_CHARS,
    SIGNAL_MIN_CHARS,
};
use crate::i18n::Lang;
use crate::kb::KbError;
use crate::report::ReportError;
use crate::report::export::ExportError;
use crate::store::StoreError;
use crate::when::WhenError;

pub fn when_error(lang: Lang, e: &WhenError) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        WhenError::Unreadable(s) => {
            format!("`{s}` is geen tijdstip: typ 10:30, gisteren 14:00 of 2026-11-20 09:15")
        }
        WhenError::BadTime(s) => format!("`{s}` is geen geldige tijd (00:00-23:59)"),
        WhenError::BadDate(s) => format!("`{s}` bestaat niet in de kalender"),
        WhenError::Future(s) => {
            format!("`{s}` ligt in de toekomst; log een contact als het geweest is")
        }
        WhenError::UnreadableDay(s) => {
            format!(
                "`{s}` is geen dag: typ 2026-11-20, 20-11-2026, morgen, vrijdag of over 3 dagen"
            )
        }
    }
}

pub fn invalid(lang: Lang, e: &Invalid) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        Invalid::NoTopic => "Kies minstens één onderwerp.".into(),
        Invalid::Unknown {
            what,
            code,
            suggestions,
        } => {
            let list = match what {
                CodeKind::Topic => "Onbekend onderwerp",
                CodeKind::Channel => "Onbekend kanaal",
                CodeKind::Landlord => "Onbekende verhuurder",
                CodeKind::Partner => "Onbekende partner",
            };
            let mut m = format!("{list} `{code}`");
            if !suggestions.is_empty() {
                let codes: Vec<String> = suggestions.iter().map(|c| format!("`{c}`")).collect();
                m.push_str(&format!("; bedoelt u {}?", codes.join(" of ")));
            } else {
                m.push('.');
            }
            m
        }
        Invalid::DuplicateTopic(t) => format!("Onderwerp `{t}` staat er twee keer in."),
        Invalid::Desk => "De naam van de balie moet 1 tot 60 tekens zijn.".into(),
        Invalid::Volunteer(v) => format!("`{v}`: typ initialen, 1 tot 4 letters (geen namen)."),
        Invalid::Minutes(m) => format!("{m} minuten: kies een aantal tussen 0 en 1440."),
        Invalid::Language(l) => {
            format!("Taal `{l}`: typ een code van 2-3 letters, zoals nl, en, tr, ar.")
        }
        Invalid::Resident(r) => {
            format!("Bewonerscode `{r}`: typ de 3-12 letters en cijfers van het pasje (geen naam).")
        }
        Invalid::Postcode(p) => format!("Postcode `{p}`: alleen de 4 cijfers, bijvoorbeeld 1102."),
        Invalid::NoteTooLong(n) => {
            format!("De notitie is {n} tekens; houd het korter dan {NOTE_MAX_CHARS}.")
        }
        Invalid::Signal(s) => format!(
            "Signaal `{s}`: typ een kort label van {SIGNAL_MIN_CHARS} tot {SIGNAL_MAX_CHARS} \
             tekens dat het probleem noemt, zoals `Kolenkit renovatie`."
        ),
        Invalid::SignalPersonalData(kinds) => format!(
            "In het signaal staat iets dat lijkt op {}; een signaal noemt een gebouw, een \
             verhuurder of een probleem, nooit een persoon.",
            crate::privacy::describe_kinds(kinds, Lang::Nl)
        ),
        Invalid::FollowUpDoneWithoutDay => {
            "De opvolging staat op afgehandeld, maar er is geen opvolgdag.".into()
        }
        Invalid::ControlCharacter {
            field,
            code,
            line,
            column,
        } => format!(
            "In {field} staat een stuurteken (U+{code:04X}, regel {line}, kolom {column}); haal \
             het weg: alleen regeleinden en tabs horen in een notitie."
        ),
        Invalid::Moment { field, value } => format!(
            "{field} `{value}` kan niet kloppen: balie bewaart momenten van \
             {EARLIEST_YEAR} tot en met {LATEST_YEAR}."
        ),
    }
}

/// What went wrong in the store, for the status line. The everyday cases are said in
/// Dutch; rare ones keep the store's own (English) words, which name files and causes.
pub fn store_error(lang: Lang, e: &StoreError) -> String {
    match (lang, e) {
        (Lang::Nl, StoreError::Busy) => {
            "de database is te lang bezig in een andere balie; probeer het zo opnieuw".into()
        }
        (Lang::Nl, StoreError::CannotWrite(_)) => {
            "de schijf is vol of alleen-lezen; maak ruimte of vraag hulp".into()
        }
        (Lang::Nl, StoreError::NoSuchContact(_)) => {
            "dat contact bestaat niet meer (misschien gewist op een andere computer)".into()
        }
        _ => e.to_string(),
    }
}

/// What went wrong in the knowledge base: a store problem as [`store_error`] says it, an
/// article's mistake in its own words.
pub fn kb_error(lang: Lang, e: &KbError) -> String {
    match e {
        KbError::Store(s) => store_error(lang, s),
        KbError::Article(a) => a.say(lang),
        _ => e.to_string(),
    }
}

/// What went wrong while counting: a store problem as [`store_error`] says it.
pub fn report_error(lang: Lang, e: &ReportError) -> String {
    match e {
        ReportError::Store(s) => store_error(lang, s),
        _ => e.to_string(),
    }
}

/// What went wrong while exporting, for the status line.
pub fn export_error(lang: Lang, e: &ExportError) -> String {
    match (lang, e) {
        (_, ExportError::Store(s)) => store_error(lang, s),
        (_, ExportError::Report(r)) => report_error(lang, r),
        (Lang::Nl, ExportError::Create { dir, source }) => format!(
            "kan de export niet maken in de map {} ({source}); kies een map waarin balie mag \
             schrijven",
            dir.display()
        ),
        // The advice first: at 80 columns the end of the line is cut off.
        (Lang::Nl, ExportError::Write(source))
            if source.kind() == std::io::ErrorKind::StorageFull =>
        {
            "de schijf is vol: de export is niet gemaakt (er staat geen half bestand); maak \
             ruimte vrij en probeer het opnieuw"
                .to_string()
        }
        (Lang::En, ExportError::Write(source))
            if source.kind() == std::io::ErrorKind::StorageFull =>
        {
            "the disk is full: the export was not made (no half file is left); free some space \
             and try again"
                .to_string()
        }
        (Lang::Nl, ExportError::Write(source)) => {
            format!("het schrijven van de export is mislukt; is de schijf vol? ({source})")
        }
        (Lang::En, ExportError::Write(source)) => {
            format!("writing the export failed; is the disk full? ({source})")
        }
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_dutch_wording() {
        let whens = [
            WhenError::Unreadable("x".into()),
            WhenError::BadTime("x".into()),
            WhenError::BadDate("x".into()),
            WhenError::Future("x".into()),
            WhenError::UnreadableDay("x".into()),
        ];
        for e in &whens {
            assert_ne!(when_error(Lang::Nl, e), e.to_string());
            assert_eq!(when_error(Lang::En, e), e.to_string());
        }
        let invalids = [
            Invalid::NoTopic,
            Invalid::Desk,
            Invalid::Minutes(2000),
            Invalid::Postcode("1".into()),
            Invalid::NoteTooLong(600),
            Invalid::Signal("x".into()),
            Invalid::SignalPersonalData(vec![crate::privacy::PersonalData::Phone]),
            Invalid::FollowUpDoneWithoutDay,
            Invalid::Unknown {
                what: CodeKind::Landlord,
                code: "ymer".into(),
                suggestions: vec!["ymere".into()],
            },
            Invalid::Unknown {
                what: CodeKind::Partner,
                code: "x".into(),
                suggestions: vec![],
            },
        ];
        for e in &invalids {
            assert_ne!(invalid(Lang::Nl, e), e.to_string());
        }
        for e in [StoreError::Busy, StoreError::NoSuchContact("x".into())] {
            assert_ne!(store_error(Lang::Nl, &e), e.to_string());
            assert_eq!(store_error(Lang::En, &e), e.to_string());
        }
        let full = || std::io::Error::other("No space left on device");
        // A write error says its advice and its cause in both languages, the advice first.
        let e = ExportError::Write(full());
        assert!(export_error(Lang::Nl, &e).starts_with("het schrijven van de export is mislukt"));
        assert!(export_error(Lang::En, &e).ends_with("(No space left on device)"));
        let e = ExportError::Write(std::io::Error::from(std::io::ErrorKind::StorageFull));
        assert!(export_error(Lang::Nl, &e).starts_with("de schijf is vol"));
        assert!(export_error(Lang::En, &e).starts_with("the disk is full"));
        let exports = [
            ExportError::Create {
                dir: "/tmp/x".into(),
                source: full(),
            },
            ExportError::Store(StoreError::Busy),
        ];
        for e in &exports {
            assert_ne!(export_error(Lang::Nl, e), e.to_string());
            assert_eq!(export_error(Lang::En, e), e.to_string());
        }
        let e = KbError::Store(StoreError::Busy);
        assert_eq!(
            kb_error(Lang::Nl, &e),
            store_error(Lang::Nl, &StoreError::Busy)
        );
        let e = KbError::Article(crate::kb::ArticleError {
            file: "a.md".into(),
            line: 1,
            problem: crate::kb::Problem::NoText,
        });
        assert_eq!(
            kb_error(Lang::Nl, &e),
            "a.md:1: het artikel heeft geen tekst: schrijf die na de sluitende `+++`"
        );
        assert_eq!(kb_error(Lang::En, &e), e.to_string());
    }
}
