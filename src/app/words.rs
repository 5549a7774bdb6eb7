//! The command line's words, one place keyed by [`Lang`] (as [`crate::tui::strings`] is for
//! the desk screen): the table headers the writer shows, and the confirmations, counts and
//! common errors of the everyday commands. CSV and JSON keep their stable column names and
//! never come here. clap's own `--help` stays English.

use crate::i18n::Lang;

/// Table headers: the English header (what the commands give the writer) and its Dutch.
/// A header not listed is shown as given.
const HEADERS: &[(&str, &str)] = &[
    ("at", "moment"),
    ("desk", "balie"),
    ("vol", "vrijw."),
    ("channel", "kanaal"),
    ("kind", "soort"),
    ("topic", "onderwerp"),
    ("topics", "onderwerpen"),
    ("landlord", "verhuurder"),
    ("note", "notitie"),
    ("code", "code"),
    ("label", "naam"),
    ("other language", "andere taal"),
    ("group", "groep"),
    ("contacts", "contacten"),
    ("residents", "bewoners"),
    ("signal", "signaal"),
    ("desks", "balies"),
    ("first", "eerste"),
    ("last", "laatste"),
    ("due", "op"),
    ("late", "te laat"),
    ("contact", "contact"),
    ("referred to", "verwezen naar"),
    ("referred from", "verwezen door"),
    ("id", "id"),
    ("with_article", "met artikel"),
    ("without_article", "zonder artikel"),
    ("articles", "artikelen"),
    ("target", "doel"),
    ("counts", "telt"),
    ("actual", "nu"),
    ("by today", "tot vandaag"),
    ("vs pace", "t.o.v. tempo"),
    ("week", "week"),
    ("month", "maand"),
    ("weekday", "weekdag"),
    ("hour", "uur"),
    ("language", "taal"),
    ("postcode", "postcode"),
    ("volunteer", "vrijwilliger"),
];

/// The header `en` in `lang`.
pub fn header(lang: Lang, en: &str) -> &str {
    match lang {
        Lang::En => en,
        Lang::Nl => HEADERS
            .iter()
            .chain(crate::report::words::NL.dims.iter())
            .find(|(e, _)| *e == en)
            .map_or(en, |(_, nl)| nl),
    }
}

/// `n` and the noun, singular for one: "1 contact", "2 contacten" / "2 contacts".
pub fn count<N: std::fmt::Display + PartialEq + From<u8>>(lang: Lang, n: N, noun: Noun) -> String {
    let (one, many) = noun.forms(lang);
    format!("{n} {}", if n == N::from(1) { one } else { many })
}

/// The nouns counted in messages.
#[derive(Debug, Clone, Copy)]
pub enum Noun {
    Contact,
    Signal,
    FollowUp,
    OpenFollowUp,
    Bundle,
}

impl Noun {
    fn forms(self, lang: Lang) -> (&'static str, &'static str) {
        match (self, lang) {
            (Noun::Contact, Lang::Nl) => ("contact", "contacten"),
            (Noun::Contact, Lang::En) => ("contact", "contacts"),
            (Noun::Signal, Lang::Nl) => ("signaal", "signalen"),
            (Noun::Signal, Lang::En) => ("signal", "signals"),
            (Noun::FollowUp, Lang::Nl) => ("opvolging", "opvolgingen"),
            (Noun::FollowUp, Lang::En) => ("follow-up", "follow-ups"),
            (Noun::OpenFollowUp, Lang::Nl) => ("open opvolging", "open opvolgingen"),
            (Noun::OpenFollowUp, Lang::En) => ("open follow-up", "open follow-ups"),
            (Noun::Bundle, Lang::Nl) => ("bundel", "bundels"),
            (Noun::Bundle, Lang::En) => ("bundle", "bundles"),
        }
    }
}

/// One language's fixed words of the command line. A missing translation is a compile error.
pub struct Words {
    pub all_desks: &'static str,
    /// `{}`: the desk's name.
    pub desk: &'static str,
    pub all_days: &'static str,
    pub total: &'static str,
    pub subtotal: &'static str,
    pub note: &'static str,
    pub today: &'static str,
    /// `{}`: days.
    pub days_late: &'static str,
    /// `{}`: days.
    pub in_days: &'static str,
    pub signals: &'static str,
    pub no_signals: &'static str,
    pub residents_distinct: &'static str,
    /// `{}`: the day.
    pub due_by: &'static str,
    pub mark_done_hint: &'static str,
    /// `{}`: id, `{}`: what it was.
    pub follow_up_marked: &'static str,
    /// `{}`: id, `{}`: when.
    pub follow_up_was_done: &'static str,
    /// `{}`: id.
    pub follow_up_reopened: &'static str,
    /// `{}`: the day.
    pub due_on: &'static str,
    /// `{}`: the partner.
    pub referred_to: &'static str,
    /// `{}`: when, `{}`: desk.
    pub contact_of: &'static str,
    pub integrity_ok: &'static str,
    pub integrity_found: &'static str,
    pub moments_ok: &'static str,
    pub written_to: &'static str,
    pub merged: &'static str,
    pub would_merge: &'static str,
    pub nothing_merged: &'static str,
    pub nothing_imported: &'static str,
    /// `{}`: the desk typed.
    pub no_such_desk: &'static str,
    pub did_you_mean: &'static str,
    pub or: &'static str,
    pub list_desks_hint: &'static str,
}

pub const NL: Words = Words {
    all_desks: "alle balies",
    desk: "balie {}",
    all_days: "alle dagen",
    total: "totaal",
    subtotal: "subtotaal",
    note: "let op",
    today: "vandaag",
    days_late: "{}d te laat",
    in_days: "over {}d",
    signals: "signalen",
    no_signals: "geen enkel contact heeft een signaal; geef er een met `balie log --signal TEKST` \
                 of in het invulscherm",
    residents_distinct: "bewoners = verschillende bewonerscodes",
    due_by: "op of voor {}",
    mark_done_hint: "één afhandelen: balie follow-ups done ID",
    follow_up_marked: "opvolging van {} afgehandeld ({})",
    follow_up_was_done: "de opvolging van {} was al afgehandeld, op {}; er is niets veranderd",
    follow_up_reopened: "de opvolging van {} staat weer open",
    due_on: "op {}",
    referred_to: "verwezen naar {}",
    contact_of: "contact van {} bij {}",
    integrity_ok: "de integriteitscontrole van SQLite: in orde",
    integrity_found: "de integriteitscontrole van SQLite vond",
    moments_ok: "de momenten van elk contact zijn leesbaar",
    written_to: "geschreven naar",
    merged: "samengevoegd",
    would_merge: "samenvoegen zou geven",
    nothing_merged: "er is niets samengevoegd (--dry-run)",
    nothing_imported: "er is niets ingelezen (--dry-run)",
    no_such_desk: "er is geen balie `{}` in de config of de gegevens",
    did_you_mean: "bedoelt u",
    or: "of",
    list_desks_hint: "`balie report --by desk` toont de balies",
};

pub const EN: Words = Words {
    all_desks: "all desks",
    desk: "desk {}",
    all_days: "all days",
    total: "total",
    subtotal: "subtotal",
    note: "note",
    today: "today",
    days_late: "{}d late",
    in_days: "in {}d",
    signals: "signals",
    no_signals: "no contact carries a signal; give one with `balie log --signal TEXT` or in the \
                 entry form",
    residents_distinct: "residents = distinct resident codes",
    due_by: "due by {}",
    mark_done_hint: "mark one done: balie follow-ups done ID",
    follow_up_marked: "follow-up of {} marked done ({})",
    follow_up_was_done: "the follow-up of {} was marked done before, at {}; nothing changed",
    follow_up_reopened: "the follow-up of {} is open again",
    due_on: "due {}",
    referred_to: "referred to {}",
    contact_of: "contact of {} at {}",
    integrity_ok: "SQLite's integrity check: ok",
    integrity_found: "SQLite's integrity check found",
    moments_ok: "every contact's moments can be read",
    written_to: "written to",
    merged: "merged",
    would_merge: "merging would make",
    nothing_merged: "nothing was merged (--dry-run)",
    nothing_imported: "nothing was imported (--dry-run)",
    no_such_desk: "there is no desk `{}` in the config or the data",
    did_you_mean: "did you mean",
    or: "or",
    list_desks_hint: "`balie report --by desk` lists the desks",
};

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

/// Fill the `{}` of `template` with `values`, in order.
pub fn fill(template: &str, values: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::new();
    let mut values = values.iter();
    let mut parts = template.split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        if let Some(v) = values.next() {
            out.push_str(&v.to_string());
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_one_in_the_singular() {
        assert_eq!(count(Lang::Nl, 1_usize, Noun::Contact), "1 contact");
        assert_eq!(count(Lang::Nl, 2_u64, Noun::Contact), "2 contacten");
        assert_eq!(count(Lang::En, 1_usize, Noun::Contact), "1 contact");
        assert_eq!(count(Lang::En, 0_usize, Noun::Contact), "0 contacts");
        assert_eq!(count(Lang::Nl, 3_usize, Noun::Signal), "3 signalen");
    }

    #[test]
    fn headers_are_dutch_in_dutch_and_unknown_ones_pass() {
        assert_eq!(header(Lang::Nl, "desk"), "balie");
        assert_eq!(header(Lang::En, "desk"), "desk");
        assert_eq!(header(Lang::Nl, "xyz"), "xyz");
    }

    #[test]
    fn fill_puts_values_in_order() {
        assert_eq!(
            fill(NL.contact_of, &[&"10:00", &"Noord"]),
            "contact van 10:00 bij Noord"
        );
    }

    #[test]
    fn every_template_has_as_many_places_in_both_languages() {
        let places = |w: &Words| {
            [
                w.desk,
                w.days_late,
                w.in_days,
                w.due_by,
                w.follow_up_marked,
                w.follow_up_was_done,
                w.follow_up_reopened,
                w.due_on,
                w.referred_to,
                w.contact_of,
                w.no_such_desk,
            ]
            .map(|t| t.matches("{}").count())
        };
        assert_eq!(places(&NL), places(&EN));
    }
}
