//! The command line's words, one place keyed by [`Lang`] (as [`crate::tui::strings`] is for
//! the desk screen): the table headers the writer shows, and the confirmations, counts and
//! common errors of the everyday commands. CSV and JSON keep their stable column names and
//! never come here. clap's own `--help` stays English.

use crate::i18n::Lang;

pub use crate::output::header;

pub mod data;
pub mod fail;
pub mod kb;
pub mod report;
pub mod sync;

/// `n` and the noun, singular for one: "1 contact", "2 contacten" / "2 contacts".
pub fn count(lang: Lang, n: impl TryInto<u64> + Copy + std::fmt::Display, noun: Noun) -> String {
    let (one, many) = noun.forms(lang);
    match n.try_into() {
        Ok(n) => crate::text::counted(n, one, many),
        Err(_) => format!("{n} {many}"),
    }
}

/// The nouns counted in messages.
#[derive(Debug, Clone, Copy)]
pub enum Noun {
    Contact,
    Signal,
    FollowUp,
    OpenFollowUp,
    Bundle,
    /// A line of the audit log.
    AuditEntry,
    Article,
    Deletion,
    /// A contact's link to an article.
    Link,
    /// A change to a contact, waiting to be sent.
    Change,
    /// A row of a file read in.
    Row,
    File,
    Backup,
    Desk,
    /// A try at the PIN.
    Attempt,
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
            (Noun::AuditEntry, Lang::Nl) => ("vermelding", "vermeldingen"),
            (Noun::AuditEntry, Lang::En) => ("entry", "entries"),
            (Noun::Article, Lang::Nl) => ("artikel", "artikelen"),
            (Noun::Article, Lang::En) => ("article", "articles"),
            (Noun::Deletion, Lang::Nl) => ("verwijdering", "verwijderingen"),
            (Noun::Deletion, Lang::En) => ("deletion", "deletions"),
            (Noun::Link, Lang::Nl) => ("koppeling aan artikelen", "koppelingen aan artikelen"),
            (Noun::Link, Lang::En) => ("link to articles", "links to articles"),
            (Noun::Change, Lang::Nl) => ("wijziging", "wijzigingen"),
            (Noun::Change, Lang::En) => ("change", "changes"),
            (Noun::Row, Lang::Nl) => ("rij", "rijen"),
            (Noun::Row, Lang::En) => ("row", "rows"),
            (Noun::File, Lang::Nl) => ("bestand", "bestanden"),
            (Noun::File, Lang::En) => ("file", "files"),
            (Noun::Backup, Lang::Nl) => ("reservekopie", "reservekopieën"),
            (Noun::Backup, Lang::En) => ("backup", "backups"),
            (Noun::Desk, Lang::Nl) => ("balie", "balies"),
            (Noun::Desk, Lang::En) => ("desk", "desks"),
            (Noun::Attempt, Lang::Nl) => ("poging", "pogingen"),
            (Noun::Attempt, Lang::En) => ("try", "tries"),
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

/// The messages that carry counts or names, in `lang`. Plain English and Dutch sentences,
/// written out per language rather than pieced together.
pub mod say {
    use std::fmt::Display;

    use super::{Noun, count};
    use crate::desks::merge::MergeCounts;
    use crate::i18n::Lang;

    pub fn backup_written(lang: Lang, contacts: u64, to: &dyn Display) -> String {
        let n = count(lang, contacts, Noun::Contact);
        match lang {
            Lang::Nl => format!("reservekopie van {n} geschreven naar {to}"),
            Lang::En => format!("backup of {n} written to {to}"),
        }
    }

    pub fn old_backup_removed(lang: Lang, path: &dyn Display) -> String {
        match lang {
            Lang::Nl => format!("de oude reservekopie {path} is verwijderd"),
            Lang::En => format!("removed the old backup {path}"),
        }
    }

    /// `newest`: the moment of the latest contact in the backup, if any.
    pub fn restored(
        lang: Lang,
        file: &dyn Display,
        contacts: u64,
        newest: Option<String>,
    ) -> String {
        let n = count(lang, contacts, Noun::Contact);
        match (lang, newest) {
            (Lang::Nl, Some(t)) => format!("{file} teruggezet: {n}, het laatste van {t}"),
            (Lang::Nl, None) => format!("{file} teruggezet: {n}"),
            (Lang::En, Some(t)) => format!("restored {file}: {n}, the latest of {t}"),
            (Lang::En, None) => format!("restored {file}: {n}"),
        }
    }

    pub fn replaced_kept(lang: Lang, kept: &dyn Display) -> String {
        match lang {
            Lang::Nl => format!("de database die het verving is bewaard als {kept}"),
            Lang::En => format!("the database it replaced is kept as {kept}"),
        }
    }

    pub fn nothing_to_keep(lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => "er was nog geen database; er hoefde niets bewaard te worden",
            Lang::En => "there was no database yet; nothing needed keeping",
        }
    }

    pub fn forgets_reapplied(lang: Lang, contacts: u64) -> String {
        let n = count(lang, contacts, Noun::Contact);
        match lang {
            Lang::Nl => {
                format!("opnieuw gewist wat `balie forget` sinds de reservekopie had gewist: {n}")
            }
            Lang::En => {
                format!("erased again what `balie forget` had erased since the backup: {n}")
            }
        }
    }

    pub fn purged_after_restore(lang: Lang, summary: &str) -> String {
        match lang {
            Lang::Nl => format!("gewist wat over de bewaartermijn is: {summary}"),
            Lang::En => format!("erased what is past the retention period: {summary}"),
        }
    }

    pub fn integrity_ok(lang: Lang, contacts: u64) -> String {
        let n = count(lang, contacts, Noun::Contact);
        match lang {
            Lang::Nl => format!("de integriteitscontrole van SQLite: in orde ({n})"),
            Lang::En => format!("SQLite's integrity check: ok ({n})"),
        }
    }

    pub fn integrity_found(lang: Lang, found: &str) -> String {
        match lang {
            Lang::Nl => format!("de integriteitscontrole van SQLite vond: {found}"),
            Lang::En => format!("SQLite's integrity check found: {found}"),
        }
    }

    pub fn unreadable_moment(lang: Lang, id: &dyn Display, column: &str, value: &str) -> String {
        match lang {
            Lang::Nl => format!(
                "contact {id}: het {column} `{value}` is onleesbaar, dus het staat in geen \
                 lijst of rapport"
            ),
            Lang::En => format!(
                "contact {id}: its {column} `{value}` cannot be read, so it is in no list or report"
            ),
        }
    }

    pub fn and_more(lang: Lang, n: usize) -> String {
        match lang {
            Lang::Nl => format!("... en nog {n}"),
            Lang::En => format!("... and {n} more"),
        }
    }

    pub fn moments_ok(lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => "de momenten van elk contact zijn leesbaar",
            Lang::En => "every contact's moments can be read",
        }
    }

    pub fn unreadable_contacts(lang: Lang, n: usize) -> String {
        let c = count(lang, n, Noun::Contact);
        match lang {
            Lang::Nl => format!(
                "{c} met een moment dat balie niet kan lezen (geschreven door een ander \
                 programma of met de hand); verder is er niets mis. Verbeter die rijen, of zet \
                 een eerdere reservekopie terug met `balie restore BESTAND`"
            ),
            Lang::En => format!(
                "{c} hold a moment balie cannot read (written by another program or a hand \
                 edit); nothing else is wrong. Correct those rows, or put a backup from before \
                 in place with `balie restore FILE`"
            ),
        }
    }

    pub fn damaged(lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => {
                "SQLite vindt de database beschadigd; zet een reservekopie terug met `balie \
                 restore BESTAND` (de dagelijkse reservekopieën staan in backups/ in de datamap)"
            }
            Lang::En => {
                "SQLite finds the database damaged; put a backup in place with `balie restore \
                 FILE` (the daily backups are in backups/ in the data folder)"
            }
        }
    }

    /// What a merge did or would do: "added 3, updated 1, skipped 0, deleted 0".
    pub fn merge_counts(lang: Lang, m: &MergeCounts) -> String {
        let (a, u, s, d) = (m.added, m.updated, m.skipped, m.deleted);
        let mut out = match lang {
            Lang::Nl => format!("{a} toegevoegd, {u} bijgewerkt, {s} overgeslagen, {d} verwijderd"),
            Lang::En => format!("added {a}, updated {u}, skipped {s}, deleted {d}"),
        };
        if m.links > 0 {
            out.push_str(&format!(", {}", count(lang, m.links, Noun::Link)));
        }
        if m.articles > 0 {
            out.push_str(&format!(", {}", count(lang, m.articles, Noun::Article)));
        }
        out
    }

    pub fn first_key(lang: Lang, desk: &str, key: &str, dry_run: bool) -> String {
        match (lang, dry_run) {
            (Lang::Nl, false) => format!(
                "balie `{desk}`: de eerste ondertekende bundel; de sleutel {key} wordt vanaf nu \
                 vertrouwd (vergelijk hem met `balie keys signing` bij die balie)"
            ),
            (Lang::Nl, true) => format!(
                "balie `{desk}`: de eerste ondertekende bundel; de sleutel {key} zou vanaf nu \
                 vertrouwd worden (vergelijk hem met `balie keys signing` bij die balie)"
            ),
            (Lang::En, dry) => format!(
                "desk `{desk}`: its first signed bundle; its key {key} {} trusted from now on \
                 (compare it with `balie keys signing` at the desk)",
                if dry { "would be" } else { "is" }
            ),
        }
    }

    /// The notes under a report's table, in Dutch (the English ones are in app/report.rs).
    pub fn report_notes_nl(report: &crate::report::Report) -> Vec<String> {
        use crate::report::query::{Dim, NONE_LABEL};
        let mut notes = Vec::new();
        if report.by.contains(&Dim::Topic) {
            notes.push(crate::report::words::NL.topic_note.to_string());
        }
        if report.by.contains(&Dim::Week) {
            let (from, to) = (report.period.from(), report.period.to());
            let partial: Vec<String> = report
                .period
                .weeks()
                .into_iter()
                .filter(|(_, monday)| *monday < from || *monday + chrono::Duration::days(6) > to)
                .map(|(l, _)| l)
                .collect();
            match partial.as_slice() {
                [] => {}
                [one] => notes.push(format!("week {one} telt alleen de dagen binnen de periode")),
                more => notes.push(format!(
                    "de weken {} tellen alleen de dagen binnen de periode",
                    more.join(" en ")
                )),
            }
        }
        if report.by.contains(&Dim::Signal) {
            notes.push(
                "signalen worden geteld zoals ze geschreven zijn; `balie signals` toont elk met \
                 zijn balies en data"
                    .into(),
            );
        }
        if report
            .by
            .iter()
            .any(|d| matches!(d, Dim::Signal | Dim::ReferredTo | Dim::ReferredFrom))
        {
            notes.push(format!(
                "alleen de waarden die voorkomen staan erin; {NONE_LABEL} telt de contacten zonder"
            ));
        }
        if report.residents_used() {
            notes.push(
                "bewoners = verschillende bewonerscodes; contacten zonder code tellen daar niet mee"
                    .into(),
            );
        }
        notes
    }

    pub fn import_read(lang: Lang, file: &dyn Display, rows: usize, excel: bool) -> String {
        let rows = count(lang, rows, Noun::Row);
        match (lang, excel) {
            (Lang::Nl, true) => format!("{file}: {rows}, Nederlandse Excel (puntkomma's)"),
            (Lang::Nl, false) => format!("{file}: {rows}, komma's"),
            (Lang::En, true) => format!("{file}: {rows}, Dutch Excel (semicolons)"),
            (Lang::En, false) => format!("{file}: {rows}, commas"),
        }
    }

    /// What an import skips, and the rows given an id.
    pub fn import_skipped(lang: Lang, existing: usize, deleted: usize, derived: usize) -> String {
        let mut s = match lang {
            Lang::Nl => format!("{existing} al hier, {deleted} hier eerder verwijderd"),
            Lang::En => format!("{existing} already here, {deleted} deleted here earlier"),
        };
        if derived > 0 {
            let rows = count(lang, derived, Noun::Row);
            s.push_str(&match (lang, derived) {
                (Lang::Nl, 1) => format!("; {rows} zonder id kreeg er een uit de inhoud"),
                (Lang::Nl, _) => format!("; {rows} zonder id kregen er een uit hun inhoud"),
                (Lang::En, 1) => format!("; {rows} without an id got one from its contents"),
                (Lang::En, _) => format!("; {rows} without an id got one from their contents"),
            });
        }
        s
    }

    pub fn import_would_add(lang: Lang, n: usize, skipped: &str) -> String {
        let c = count(lang, n, Noun::Contact);
        match lang {
            Lang::Nl => format!("zou {c} toevoegen, overslaan: {skipped}"),
            Lang::En => format!("would add {c}, skip {skipped}"),
        }
    }

    pub fn import_added(lang: Lang, n: u64, skipped: &str) -> String {
        let c = count(lang, n, Noun::Contact);
        match lang {
            Lang::Nl => format!("{c} toegevoegd, overgeslagen: {skipped}"),
            Lang::En => format!("added {c}, skipped {skipped}"),
        }
    }
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
