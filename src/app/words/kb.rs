//! The words of `balie kb ...` (search, list, show, export, import, edit, review, history,
//! revert, check), per language. The CSV and JSON forms keep their English codes.

use std::fmt::Display;

use chrono::NaiveDate;

use crate::i18n::Lang;
use crate::kb::Warning;

pub fn no_match(lang: Lang, query: &str) -> String {
    match lang {
        Lang::Nl => format!(
            "Geen artikel past bij `{query}`. Probeer een ander woord, of `balie kb list` voor \
             alle artikelen."
        ),
        Lang::En => format!(
            "No article matches `{query}`. Try another word, or `balie kb list` for all of them."
        ),
    }
}

pub fn exported(lang: Lang, n: usize, dir: &dyn Display) -> String {
    match (lang, n) {
        (Lang::Nl, 1) => format!("1 artikel geschreven naar {dir}"),
        (Lang::Nl, n) => format!("{n} artikelen geschreven naar {dir}"),
        (Lang::En, 1) => format!("wrote 1 article to {dir}"),
        (Lang::En, n) => format!("wrote {n} articles to {dir}"),
    }
}

pub fn imported(lang: Lang, added: usize, updated: usize, unchanged: usize) -> String {
    match lang {
        Lang::Nl => {
            format!("ingelezen: {added} nieuw, {updated} bijgewerkt, {unchanged} ongewijzigd")
        }
        Lang::En => format!("imported {added} new, {updated} updated, {unchanged} unchanged"),
    }
}

pub fn not_shipped(lang: Lang, id: &str) -> String {
    match lang {
        Lang::Nl => format!(
            "balie levert geen artikel `{id}` mee: het is bij een balie geschreven; `balie kb \
             show {id}` toont het"
        ),
        Lang::En => format!(
            "balie does not ship an article `{id}`: it was written at a desk; `balie kb show \
             {id}` shows it"
        ),
    }
}

/// `close`: the closest ids, each in backticks; none when nothing is close.
pub fn no_article(lang: Lang, id: &str, close: &[String]) -> String {
    match (lang, close) {
        (Lang::Nl, []) => {
            format!("er is geen artikel `{id}`; zoek er een met `balie kb search WOORDEN`")
        }
        (Lang::Nl, close) => {
            format!(
                "er is geen artikel `{id}`; bedoelt u {}?",
                close.join(" of ")
            )
        }
        (Lang::En, []) => {
            format!("there is no article `{id}`; find one with `balie kb search WORDS`")
        }
        (Lang::En, close) => format!(
            "there is no article `{id}`; did you mean {}?",
            close.join(" or ")
        ),
    }
}

/// What is wrong with an article, in a few words (the status column of `kb list`).
pub fn warning(lang: Lang, w: &Warning) -> String {
    match (lang, w) {
        (Lang::Nl, Warning::Expired(d)) => format!("verlopen {d}"),
        (Lang::Nl, Warning::Stale(d)) => format!("verouderd: feiten van {d}, nooit gecontroleerd"),
        (Lang::Nl, Warning::CheckStale(d)) => format!("verouderd: laatst gecontroleerd {d}"),
        (Lang::Nl, Warning::ReviewOverdue(d)) => format!("had bekeken moeten zijn voor {d}"),
        (Lang::Nl, Warning::NotYetValid(d)) => format!("geldig vanaf {d}"),
        (Lang::En, Warning::Expired(d)) => format!("expired {d}"),
        (Lang::En, Warning::Stale(d)) => format!("stale: facts from {d}, never checked"),
        (Lang::En, Warning::CheckStale(d)) => format!("stale: last checked {d}"),
        (Lang::En, Warning::ReviewOverdue(d)) => format!("review overdue since {d}"),
        (Lang::En, Warning::NotYetValid(d)) => format!("valid from {d}"),
    }
}

pub fn ok(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "in orde",
        Lang::En => "ok",
    }
}

/// Where an article comes from, in the `kb list` table.
pub fn origin(lang: Lang, origin: crate::kb::Origin) -> &'static str {
    match lang {
        Lang::Nl => match origin {
            crate::kb::Origin::Shipped => "meegeleverd",
            crate::kb::Origin::Local => "eigen",
        },
        Lang::En => origin.code(),
    }
}

pub fn no_kort(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => {
            "let op: het artikel heeft geen blok `## Kort`; dat lezen vrijwilligers eerst (wat \
             je vertelt, waarheen je verwijst, wat iemand meeneemt)"
        }
        Lang::En => {
            "note: the article has no `## Kort` block; volunteers read that first (what to \
             tell, where to refer, what to bring)"
        }
    }
}

pub fn long_kort(lang: Lang, n: usize, most: usize) -> String {
    match lang {
        Lang::Nl => format!(
            "let op: het blok Kort telt {n} woorden; houd het bij ongeveer {most}, zodat het op \
             het scherm past"
        ),
        Lang::En => format!(
            "note: the Kort block has {n} words; keep it to about {most} so it fits on the screen"
        ),
    }
}

pub fn continuing(lang: Lang, draft: &dyn Display) -> String {
    match lang {
        Lang::Nl => format!("let op: je gaat verder met de bewerking die nog open stond ({draft})"),
        Lang::En => format!("note: continuing the edit you left unfinished ({draft})"),
    }
}

pub fn saved(lang: Lang, id: &str, version: u32) -> String {
    match lang {
        Lang::Nl => format!(
            "`{id}` bewaard als versie {version}, de eigen tekst van deze balie: een nieuwere \
             balie overschrijft hem niet (`balie kb history {id}` toont de versies)"
        ),
        Lang::En => format!(
            "saved `{id}` as version {version}, this desk's own: a newer balie will not \
             overwrite it (`balie kb history {id}` lists the versions)"
        ),
    }
}

pub fn no_changes(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "niets veranderd: er is niets bewaard",
        Lang::En => "no changes: nothing was stored",
    }
}

pub fn reviewed(
    lang: Lang,
    id: &str,
    day: NaiveDate,
    by: &str,
    against: &str,
    version: u32,
) -> String {
    match lang {
        Lang::Nl => format!(
            "vastgelegd: `{id}` op {day} door {by} gecontroleerd aan {against} (versie \
             {version}, vanaf nu de eigen tekst van deze balie)"
        ),
        Lang::En => format!(
            "recorded: `{id}` checked on {day} by {by} against {against} (version {version}, \
             this desk's own from now on)"
        ),
    }
}

pub fn reviewed_today(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "deze controle is vandaag al vastgelegd: er is niets veranderd",
        Lang::En => "this check was recorded today already: nothing changed",
    }
}

pub fn never_changed(lang: Lang, id: &str, origin: crate::kb::Origin) -> String {
    match lang {
        Lang::Nl => format!(
            "`{id}` is hier nooit bewerkt, gecontroleerd of teruggezet: het staat erin als {}.",
            self::origin(lang, origin)
        ),
        Lang::En => format!(
            "`{id}` was never edited, reviewed or reverted here: it is stored as {}.",
            origin.code()
        ),
    }
}

pub fn reverted(lang: Lang, id: &str, to: u32, stored_as: u32) -> String {
    match lang {
        Lang::Nl => format!("`{id}` luidt weer als versie {to} (bewaard als versie {stored_as})"),
        Lang::En => format!("`{id}` reads as version {to} again (stored as version {stored_as})"),
    }
}

pub fn already_reads(lang: Lang, id: &str, version: u32) -> String {
    match lang {
        Lang::Nl => format!("`{id}` luidt al als versie {version}: er is niets veranderd"),
        Lang::En => format!("`{id}` already reads as version {version}: nothing changed"),
    }
}

pub fn shipped_changed(lang: Lang, id: &str) -> String {
    match lang {
        Lang::Nl => format!(
            "je hebt het bewerkt en balie levert nu een andere tekst mee: vergelijk met `balie kb \
             show {id} --shipped`"
        ),
        Lang::En => format!(
            "you edited it and balie now ships another text: compare with `balie kb show {id} \
             --shipped`"
        ),
    }
}

pub fn no_longer_shipped(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "je hebt het bewerkt; balie levert het niet meer mee",
        Lang::En => "you edited it; balie no longer ships it",
    }
}

pub fn nothing_to_review(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "Niets na te kijken: elk artikel is gecontroleerd en actueel.",
        Lang::En => "Nothing to review: every article is checked and current.",
    }
}

pub fn to_review(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => {
            "Na te kijken, meest gebruikte eerst (koppelingen = contacten die er de laatste 12 \
             maanden aan gekoppeld zijn). Na het controleren: `balie kb review ID --against \
             BRON`, of `balie kb edit ID` om het te veranderen."
        }
        Lang::En => {
            "To review, most used first (links = contacts it was linked to in the last 12 \
             months). After checking one: `balie kb review ID --against SOURCE`, or `balie kb \
             edit ID` to change it."
        }
    }
}

/// `balie kb import` refused: every article's mistakes, then what to do.
pub fn import_refused(lang: Lang, errors: &[crate::kb::ArticleError]) -> String {
    let list: Vec<String> = errors.iter().map(|e| e.say(lang)).collect();
    let list = list.join("\n");
    match (lang, errors.len()) {
        (Lang::Nl, 1) => format!(
            "{list}\ner is niets ingelezen: verbeter het bestand hierboven en lees het opnieuw in"
        ),
        (Lang::Nl, _) => format!(
            "{list}\ner is niets ingelezen: verbeter de bestanden hierboven en lees ze opnieuw in"
        ),
        (Lang::En, 1) => {
            format!("{list}\nnothing was imported: correct the file above and import again")
        }
        (Lang::En, _) => {
            format!("{list}\nnothing was imported: correct the files above and import again")
        }
    }
}

/// An edited article has a mistake; the editor opens again.
pub fn edit_mistake(lang: Lang, e: &crate::kb::ArticleError) -> String {
    let e = e.say(lang);
    match lang {
        Lang::Nl => format!("{e} (de editor gaat opnieuw open met deze melding)"),
        Lang::En => format!("{e} (the editor opens again with this message)"),
    }
}

/// The editor was closed on an article with a mistake: nothing stored, the draft kept.
pub fn edit_abandoned(
    lang: Lang,
    e: &crate::kb::ArticleError,
    draft: &dyn Display,
    id: &str,
) -> String {
    let e = e.say(lang);
    match lang {
        Lang::Nl => format!(
            "{e}\ner is niets bewaard; je tekst staat in {draft} en `balie kb edit {id}` gaat \
             daarmee verder"
        ),
        Lang::En => format!(
            "{e}\nnothing was stored; your text is kept in {draft} and `balie kb edit {id}` \
             continues from it"
        ),
    }
}
