//! The words of the commands that erase, protect or move data: `purge`, `forget`, restore's
//! erasure line, `demo`, `encrypt`/`decrypt`/`passphrase`/`recover`/`pin`/`keys`,
//! `export --bundle` and `merge`, per language. The audit log keeps its English details.

use std::fmt::Display;

use chrono::NaiveDateTime;

use super::{Noun, count};
use crate::crypt::convert::Converted;
use crate::desks::bundle::{BundleError, DescribeWords, Manifest};
use crate::i18n::Lang;
use crate::store::erase::Erasure;

/// "12 contacten (10 notities, 4 bewonerscodes) van 2025-01-02 tot 2025-11-20".
pub fn erasure(lang: Lang, e: &Erasure) -> String {
    // the audit log keeps [`Erasure::summary`]'s words; these are the terminal's
    let day = |t: NaiveDateTime| t.format("%Y-%m-%d").to_string();
    let c = count(lang, e.contacts, Noun::Contact);
    let (notes, residents) = (e.notes, e.residents);
    let (from, to) = match lang {
        Lang::Nl => ("van", "tot"),
        Lang::En => ("from", "to"),
    };
    let range = match (e.first, e.last) {
        (Some(f), Some(l)) => format!(" {from} {} {to} {}", day(f), day(l)),
        _ => String::new(),
    };
    let (n, r) = match (lang, notes == 1, residents == 1) {
        (Lang::Nl, one_note, one_code) => (
            if one_note { "notitie" } else { "notities" },
            if one_code {
                "bewonerscode"
            } else {
                "bewonerscodes"
            },
        ),
        (Lang::En, one_note, one_code) => (
            if one_note { "note" } else { "notes" },
            if one_code {
                "resident code"
            } else {
                "resident codes"
            },
        ),
    };
    format!("{c} ({notes} {n}, {residents} {r}){range}")
}

/// What the retention purge is about: `cutoff` the first day that keeps its notes.
pub fn purge_period(lang: Lang, cutoff: &dyn Display, days: u32) -> String {
    match lang {
        Lang::Nl => format!(
            "notities en bewonerscodes van contacten van voor {cutoff} (retention.note_days = \
             {days})"
        ),
        Lang::En => format!(
            "notes and resident codes of contacts before {cutoff} (retention.note_days = {days})"
        ),
    }
}

pub fn purge_before_calendar(lang: Lang, days: u32) -> String {
    match lang {
        Lang::Nl => format!(
            "retention.note_days = {days} reikt tot voor het begin van de kalender; geef een \
             kleiner aantal dagen in de config"
        ),
        Lang::En => format!(
            "retention.note_days = {days} reaches before the calendar starts; give fewer days in \
             the config"
        ),
    }
}

pub fn nothing_to_erase(lang: Lang, period: &str) -> String {
    match lang {
        Lang::Nl => format!("niets te wissen: er zijn geen {period}"),
        Lang::En => format!("nothing to erase: no {period}"),
    }
}

pub fn would_erase(lang: Lang, period: &str, summary: &str) -> String {
    match lang {
        Lang::Nl => format!("zou wissen: de {period}: {summary}"),
        Lang::En => format!("would erase the {period}: {summary}"),
    }
}

pub fn erased(lang: Lang, period: &str, summary: &str) -> String {
    match lang {
        Lang::Nl => format!("gewist: de {period}: {summary}"),
        Lang::En => format!("erased the {period}: {summary}"),
    }
}

pub fn counts_stay(lang: Lang, dry_run: bool) -> &'static str {
    match (lang, dry_run) {
        (Lang::Nl, true) => {
            "de contacten en hun tellingen blijven; doe het zonder --dry-run om te wissen"
        }
        (Lang::Nl, false) => "de contacten en hun tellingen blijven",
        (Lang::En, true) => "the contacts and their counts stay; run without --dry-run to erase",
        (Lang::En, false) => "the contacts and their counts stay",
    }
}

pub fn no_resident(lang: Lang, code: &str) -> String {
    match lang {
        Lang::Nl => format!("geen enkel contact heeft bewonerscode {code}; er is niets veranderd"),
        Lang::En => format!("no contact carries resident code {code}; nothing was changed"),
    }
}

pub fn forgot(lang: Lang, summary: &str, dry_run: bool) -> String {
    match (lang, dry_run) {
        (Lang::Nl, true) => format!("zou de bewonerscode en notities wissen van {summary}"),
        (Lang::Nl, false) => format!("de bewonerscode en notities gewist van {summary}"),
        (Lang::En, true) => format!("would erase the resident code and notes of {summary}"),
        (Lang::En, false) => format!("erased the resident code and notes of {summary}"),
    }
}

pub fn forgot_backups(lang: Lang, keep: impl Display) -> String {
    match lang {
        Lang::Nl => format!(
            "de contacten en hun tellingen blijven; reservekopieën van voor nu bevatten de code \
             nog tot ze verwijderd worden (na [backup] keep = {keep} reservekopieën)"
        ),
        Lang::En => format!(
            "the contacts and their counts stay; backups made before now still hold the code \
             until they are removed (after [backup] keep = {keep} backups)"
        ),
    }
}

pub fn demo_indexing(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "indexen bouwen",
        Lang::En => "building the indexes",
    }
}

/// The line after `balie demo`: `range` the days, or none.
pub fn demo_made(
    lang: Lang,
    contacts: u64,
    desks: usize,
    range: Option<String>,
    seconds: f64,
    path: &str,
) -> String {
    match lang {
        Lang::Nl => {
            let range = range.unwrap_or_else(|| "geen dagen".into());
            format!(
                "{} verzonnen bij {}, {range}, in {seconds:.1} s: {path}",
                count(lang, contacts, Noun::Contact),
                count(lang, desks, Noun::Desk)
            )
        }
        Lang::En => {
            let range = range.unwrap_or_else(|| "no days".into());
            format!(
                "{contacts} made-up contacts at {}, {range}, in {seconds:.1} s: {path}",
                count(lang, desks, Noun::Desk)
            )
        }
    }
}

pub fn already_encrypted_backups(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Nl, 1) => "De database was al versleuteld; nu is ook 1 onversleutelde \
                          reservekopie versleuteld."
            .into(),
        (Lang::Nl, n) => format!(
            "De database was al versleuteld; nu zijn ook {n} onversleutelde reservekopieën \
             versleuteld."
        ),
        (Lang::En, n) => format!(
            "The database was already encrypted; {} encrypted now.",
            plain_backups(n)
        ),
    }
}

/// "1 plain backup", "2 plain backups".
fn plain_backups(n: usize) -> String {
    format!("{n} plain {}", if n == 1 { "backup" } else { "backups" })
}

pub fn encrypted(lang: Lang, c: &Converted) -> String {
    let (contacts, links, audit, backups) = carried(lang, c);
    match lang {
        Lang::Nl => format!(
            "De database is versleuteld: {contacts}, {links} en {audit} van het auditlog \
             overgezet en gecontroleerd; {backups} versleuteld. Het onversleutelde bestand is \
             overschreven en verwijderd."
        ),
        Lang::En => format!(
            "The database is encrypted: {contacts}, {links} and {audit} of the audit log \
             carried over and checked; {backups} encrypted. The plain file was overwritten and \
             removed."
        ),
    }
}

pub fn decrypted(lang: Lang, c: &Converted) -> String {
    let (contacts, links, audit, backups) = carried(lang, c);
    match lang {
        Lang::Nl => format!(
            "De database is niet meer versleuteld: {contacts}, {links} en {audit} van het \
             auditlog overgezet en gecontroleerd; {backups} ontsleuteld. Het sleutelbestand is \
             verwijderd."
        ),
        Lang::En => format!(
            "The database is no longer encrypted: {contacts}, {links} and {audit} of the audit \
             log carried over and checked; {backups} decrypted. The key file was removed."
        ),
    }
}

/// The counts an encryption or decryption carried over: contacts, links, audit lines, backups.
fn carried(lang: Lang, c: &Converted) -> (String, String, String, String) {
    (
        count(lang, c.contacts, Noun::Contact),
        count(lang, c.article_links, Noun::Link),
        count(lang, c.audit_entries, Noun::AuditEntry),
        count(lang, c.backups, Noun::Backup),
    )
}

/// The recovery key's frame: the line above it and the line below it.
pub fn recovery_key(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Nl => (
            "HERSTELSLEUTEL - wordt alleen deze ene keer getoond. Schrijf hem op en bewaar hem \
             in de kluis van de coördinator:",
            "Raakt de wachtwoordzin kwijt of raakt het sleutelbestand balie.key beschadigd, dan zet \
             `balie recover` er een nieuwe wachtwoordzin mee. Zonder allebei kan niemand de gegevens \
             lezen.",
        ),
        Lang::En => (
            "RECOVERY KEY - shown only this once. Write it down and keep it in the coordinator's \
             safe:",
            "If the passphrase is lost or the key file balie.key damaged, `balie recover` sets a \
             new passphrase with it. Without both, nobody can read the data.",
        ),
    }
}

pub fn no_passphrase(lang: Lang) -> String {
    match lang {
        Lang::Nl => "de database is niet versleuteld, dus hij heeft geen wachtwoordzin; `balie \
                     encrypt` zet versleuteling aan"
            .into(),
        Lang::En => "the database is not encrypted, so it has no passphrase; `balie encrypt` \
                     turns encryption on"
            .into(),
    }
}

pub fn passphrase_changed(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "De wachtwoordzin is veranderd. De herstelsleutel blijft dezelfde.",
        Lang::En => "The passphrase was changed. The recovery key stays the same.",
    }
}

pub fn nothing_to_recover(lang: Lang, db: &dyn Display) -> String {
    match lang {
        Lang::Nl => format!("de database {db} is niet versleuteld; er valt niets te herstellen"),
        Lang::En => format!("the database {db} is not encrypted; there is nothing to recover"),
    }
}

pub fn recovered(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => {
            "Met de herstelsleutel is een nieuwe wachtwoordzin gezet; balie opent voortaan daarmee. \
             De herstelsleutel blijft dezelfde."
        }
        Lang::En => {
            "A new passphrase was set with the recovery key; balie opens with it from now on. \
             The recovery key stays the same."
        }
    }
}

pub fn pin_removed(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => {
            "De pincode van de balie is verwijderd; de wachtwoordzin ontgrendelt het scherm."
        }
        Lang::En => "The desk PIN was removed; the passphrase unlocks the screen.",
    }
}

pub fn pins_differ(lang: Lang) -> String {
    match lang {
        Lang::Nl => {
            "de twee pincodes verschillen; er is niets veranderd. Probeer het opnieuw".into()
        }
        Lang::En => "the two PINs differ; nothing was changed. Try again".into(),
    }
}

pub fn pin_set(lang: Lang, tries: impl Display) -> String {
    match lang {
        Lang::Nl => format!(
            "De pincode van de balie is ingesteld. Hij ontgrendelt het vergrendelde scherm; na \
             {tries} verkeerde pincodes lukt dat alleen nog met de wachtwoordzin."
        ),
        Lang::En => format!(
            "The desk PIN was set. It unlocks the locked desk screen; after {tries} wrong PINs \
             only the passphrase does."
        ),
    }
}

pub fn pin_but_plain(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => {
            "Let op: de database is niet versleuteld; `balie encrypt` beschermt hem als de pc \
             gedeeld wordt."
        }
        Lang::En => {
            "Note: the database is not encrypted; `balie encrypt` protects it when the PC is \
             shared."
        }
    }
}

pub fn key_pair_made(lang: Lang, encrypted: bool) -> &'static str {
    match (lang, encrypted) {
        (Lang::Nl, true) => {
            "Het sleutelpaar voor bundels is gemaakt; de geheime helft staat in deze database \
             (versleuteld)."
        }
        (Lang::Nl, false) => {
            "Het sleutelpaar voor bundels is gemaakt; de geheime helft staat in deze database \
             (versleutel hem met `balie encrypt`)."
        }
        (Lang::En, true) => {
            "The bundle key pair was made; its secret half is kept in this database (encrypted)."
        }
        (Lang::En, false) => {
            "The bundle key pair was made; its secret half is kept in this database (encrypt it \
             with `balie encrypt`)."
        }
    }
}

pub fn put_in_config(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "Zet deze twee regels in het configbestand van elke balie:",
        Lang::En => "Put these two lines in each desk's config file:",
    }
}

pub fn no_bundle_key(lang: Lang) -> String {
    match lang {
        Lang::Nl => "deze database heeft nog geen bundelsleutel; maak er een met `balie keys \
                     init`"
            .into(),
        Lang::En => "this database has no bundle key yet; make one with `balie keys init`".into(),
    }
}

pub fn none_trusted(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => {
            "Nog van geen enkele balie wordt de sleutel vertrouwd: de eerste ondertekende bundel \
             die van een balie wordt samengevoegd, maakt zijn sleutel vertrouwd."
        }
        Lang::En => {
            "No desk's key is trusted yet: the first signed bundle merged from a desk makes its \
             key trusted."
        }
    }
}

pub fn not_a_signing_key(lang: Lang, key: &str) -> String {
    match lang {
        Lang::Nl => format!(
            "`{key}` is geen ondertekensleutel voor bundels (`ed25519:` en 64 hexadecimale \
             tekens); kopieer de regel die `balie keys signing` bij de balie toont"
        ),
        Lang::En => format!(
            "`{key}` is not a bundle signing key (`ed25519:` and 64 hex digits); copy the line \
             `balie keys signing` prints at the desk"
        ),
    }
}

pub fn trusted_now(lang: Lang, desk: &str, key: &str) -> String {
    match lang {
        Lang::Nl => {
            format!(
                "Bundels van balie `{desk}` die ondertekend zijn met {key} worden nu vertrouwd."
            )
        }
        Lang::En => format!("Bundles of desk `{desk}` signed by {key} are trusted now."),
    }
}

pub fn trusted_already(lang: Lang, desk: &str, key: &str) -> String {
    match lang {
        Lang::Nl => format!("{key} werd al vertrouwd voor balie `{desk}`."),
        Lang::En => format!("{key} was trusted for desk `{desk}` already."),
    }
}

/// A bundle in a line: its desks, days, contacts and who wrote it when.
pub fn bundle(lang: Lang, m: &Manifest) -> String {
    match lang {
        Lang::Nl => m.describe_in(&DESCRIBE_NL),
        Lang::En => m.describe_in(&DESCRIBE_EN),
    }
}

/// The English words on the terminal (the audit log keeps [`Manifest::describe`]'s).
const DESCRIBE_EN: DescribeWords = DescribeWords {
    contacts: |n| count(Lang::En, n, Noun::Contact),
    ..crate::desks::bundle::DESCRIBE_EN
};

const DESCRIBE_NL: DescribeWords = DescribeWords {
    no_desk: "geen balie",
    desk: "balie",
    desks: "balies",
    all_days: "alle dagen",
    by: "door",
    demo: " (demogegevens)",
    written: "geschreven",
    contacts: |n| count(Lang::Nl, n, Noun::Contact),
};

pub fn bundle_written(lang: Lang, bundle: &str, path: &dyn Display) -> String {
    match lang {
        Lang::Nl => format!("{bundle}: geschreven naar {path}"),
        Lang::En => format!("{bundle}: written to {path}"),
    }
}

pub fn sealed_for(lang: Lang, recipient: &str) -> String {
    match lang {
        Lang::Nl => format!(
            "verzegeld voor de sleutel van de coördinator {recipient}: alleen die coördinator \
             kan hem openen"
        ),
        Lang::En => {
            format!(
                "sealed for the coordinator's key {recipient}: only that coordinator can open it"
            )
        }
    }
}

pub fn with_own(lang: Lang, articles: u64, deletions: u64) -> String {
    let deletions = count(lang, deletions, Noun::Deletion);
    match (lang, articles) {
        (Lang::Nl, 1) => format!("met 1 eigen artikel van de balie en {deletions}"),
        (Lang::Nl, n) => format!("met {n} eigen artikelen van de balie en {deletions}"),
        (Lang::En, 1) => format!("with 1 of the desk's own articles and {deletions}"),
        (Lang::En, n) => format!("with {n} of the desk's own articles and {deletions}"),
    }
}

pub fn demo_and_real_bundles(lang: Lang, demo: &str, real: &str) -> String {
    match lang {
        Lang::Nl => format!(
            "demogegevens in {demo} en echte contacten in {real}; demogegevens komen nooit \
             tussen echte gegevens: voeg ze samen in aparte datamappen; er is niets samengevoegd"
        ),
        Lang::En => format!(
            "demo data in {demo} and real contacts in {real}; demo data never mixes with real \
             data: merge them into separate data folders; nothing was merged"
        ),
    }
}

pub fn real_into_demo(lang: Lang, real: &str) -> String {
    match lang {
        Lang::Nl => format!(
            "deze datamap bevat demogegevens (van `balie demo`) en {real} echte contacten; voeg \
             die samen in een echte datamap (een andere --data-dir); er is niets samengevoegd"
        ),
        Lang::En => format!(
            "this data folder holds demo data (from `balie demo`) and {real} real contacts; \
             merge them into a real data folder (another --data-dir); nothing was merged"
        ),
    }
}

pub fn demo_into_real(lang: Lang, demo: &str) -> String {
    match lang {
        Lang::Nl => format!(
            "demogegevens (van `balie demo`) in {demo} en echte contacten in deze datamap; \
             demogegevens komen nooit tussen echte gegevens: voeg ze samen in een eigen datamap \
             (een andere --data-dir); er is niets samengevoegd"
        ),
        Lang::En => format!(
            "demo data (from `balie demo`) in {demo} and real contacts in this data folder; \
             demo data never mixes with real data: merge it into a data folder of its own \
             (another --data-dir); nothing was merged"
        ),
    }
}

/// `balie upkeep`: what the retention purge erased.
pub fn upkeep_purged(lang: Lang, notes: u64, residents: u64) -> String {
    let residents = count(lang, residents, Noun::Contact);
    match (lang, notes) {
        (Lang::Nl, 1) => {
            format!("opruimen: de notitie van 1 contact en de bewonerscodes van {residents} gewist")
        }
        (Lang::Nl, n) => format!(
            "opruimen: de notities van {n} contacten en de bewonerscodes van {residents} gewist"
        ),
        (Lang::En, 1) => {
            format!("purge: erased the note of 1 contact and the resident codes of {residents}")
        }
        (Lang::En, n) => {
            format!("purge: erased the notes of {n} contacts and the resident codes of {residents}")
        }
    }
}

pub fn upkeep_purged_before(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "opruimen: vandaag al gedaan",
        Lang::En => "purge: already done today",
    }
}

/// `balie upkeep`: the daily backup made, and how many old ones were removed.
pub fn upkeep_backup(lang: Lang, path: &dyn Display, removed: usize) -> String {
    let removed = count(lang, removed, Noun::Backup);
    match lang {
        Lang::Nl => format!("reservekopie: {path} ({removed} verwijderd)"),
        Lang::En => format!("backup: {path} ({removed} removed)"),
    }
}

pub fn upkeep_backup_before(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "reservekopie: vandaag al gemaakt (of uitgezet)",
        Lang::En => "backup: already made today (or turned off)",
    }
}

/// The automatic purge waited: the clock stands far beyond the newest stored change.
pub fn purge_held(lang: Lang, held: &crate::maintenance::PurgeHeld) -> String {
    let (now, newest) = (
        held.now.format("%Y-%m-%d %H:%M"),
        held.newest.format("%Y-%m-%d %H:%M"),
    );
    let days = crate::maintenance::CLOCK_JUMP_DAYS;
    match lang {
        Lang::Nl => format!(
            "het automatisch opruimen is niet gedaan: de klok zegt {now}, maar de laatste \
             bewaarde wijziging is van {newest}, meer dan {days} dagen eerder; klopt de klok, \
             wis oude notities dan met `balie purge`, en zet anders de klok goed"
        ),
        Lang::En => held.to_string(),
    }
}

pub fn purge_failed(lang: Lang) -> String {
    match lang {
        Lang::Nl => "het opruimen na de bewaartermijn is mislukt (het wordt bij de volgende \
                     start opnieuw geprobeerd)"
            .into(),
        Lang::En => "the retention purge failed (it is tried again next start)".into(),
    }
}

pub fn backup_failed(lang: Lang) -> String {
    match lang {
        Lang::Nl => "de dagelijkse reservekopie is mislukt (die wordt bij de volgende start \
                     opnieuw geprobeerd)"
            .into(),
        Lang::En => "the daily backup failed (it is tried again next start)".into(),
    }
}

/// `balie merge` refused `refused`: each reason, then what to do with the `fine` others.
/// `None` when a reason has no words in `lang` (a rarer fault said in English only).
pub fn refused(
    lang: Lang,
    refused: &[BundleError],
    config: Option<&str>,
    fine: usize,
) -> Option<String> {
    let mut lines = Vec::new();
    for e in refused {
        let reason = match lang {
            Lang::Nl => e.dutch()?,
            Lang::En => e.to_string(),
        };
        lines.push(reason);
        if let BundleError::Invalid { .. } = e {
            lines.push(match (lang, config) {
                (Lang::Nl, Some(path)) => format!("(de config die gebruikt wordt: {path})"),
                (Lang::Nl, None) => "(de config die gebruikt wordt: alleen de meegeleverde \
                                     standaard)"
                    .into(),
                (Lang::En, Some(path)) => format!("(the config in use: {path})"),
                (Lang::En, None) => "(the config in use: the shipped defaults only)".into(),
            });
        }
    }
    if fine > 0 {
        let files = count(lang, fine, Noun::File);
        lines.push(match (lang, fine) {
            (Lang::Nl, 1) => "het andere bestand is in orde, maar is ook niet samengevoegd: voeg \
                              alles samen als elk bestand in orde is, of laat het geweigerde weg"
                .into(),
            (Lang::Nl, _) => format!(
                "de andere {files} zijn in orde, maar zijn ook niet samengevoegd: voeg ze samen \
                 als elk bestand in orde is, of laat het geweigerde weg"
            ),
            (Lang::En, 1) => "the other file is fine, but was not merged either: merge them \
                              together again once every file is sound, or leave the refused \
                              one out"
                .into(),
            (Lang::En, _) => format!(
                "the other {files} are fine, but were not merged either: merge them together \
                 again once every file is sound, or leave the refused one out"
            ),
        });
    }
    Some(lines.join("\n"))
}
