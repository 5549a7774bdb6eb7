//! The command line's refusals (what is wrong and what to do), per language. Each is made
//! into an error with [`crate::app::errors::said`], so it is said in the volunteer's language.

use std::fmt::Display;

use crate::i18n::Lang;

pub fn from_after_to(lang: Lang, from: impl Display, to: impl Display) -> String {
    match lang {
        Lang::Nl => format!("--from {from} ligt na --to {to}: geef de vroegste dag eerst"),
        Lang::En => format!("--from {from} is after --to {to}: give the earlier day first"),
    }
}

pub fn no_home(lang: Lang) -> String {
    match lang {
        Lang::Nl => "balie vindt geen thuismap voor zijn gegevens; geef --data-dir MAP of zet \
                     BALIE_DATA_DIR"
            .into(),
        Lang::En => "cannot find a home folder for balie's data; give --data-dir DIR or set \
                     BALIE_DATA_DIR"
            .into(),
    }
}

pub fn no_one_for_audit(lang: Lang) -> String {
    match lang {
        Lang::Nl => "er is geen vrijwilliger ingesteld, en het auditlog moet zeggen wie dit deed: \
                     geef --volunteer XX (je initialen)"
            .into(),
        Lang::En => "no volunteer is set, and the audit log must say who did this: give \
                     --volunteer XX (your initials)"
            .into(),
    }
}

pub fn no_desk_set(lang: Lang) -> String {
    match lang {
        Lang::Nl => "er is geen balie ingesteld: geef --desk NAAM, zet `desk` in de config, of \
                     start `balie` één keer om hem te kiezen"
            .into(),
        Lang::En => "no desk is set: give --desk NAME, set `desk` in the config, or start \
                     `balie` once to choose it"
            .into(),
    }
}

pub fn no_volunteer_set(lang: Lang) -> String {
    match lang {
        Lang::Nl => "er is geen vrijwilliger ingesteld: geef --volunteer XX (je initialen), of \
                     start `balie` één keer om ze in te stellen"
            .into(),
        Lang::En => "no volunteer is set: give --volunteer XX (your initials), or start `balie` \
                     once to set them"
            .into(),
    }
}

/// `note`, `code`: what the note and the resident code look like they hold, if anything.
pub fn personal_data(lang: Lang, note: Option<String>, code: Option<String>) -> String {
    let mut what = Vec::new();
    match lang {
        Lang::Nl => {
            what.extend(note.map(|n| format!("de notitie bevat iets dat lijkt op {n}")));
            what.extend(code.map(|c| format!("de bewonerscode lijkt op {c}")));
            format!(
                "{}. Er is niets bewaard. Haal het weg (de kaartcode en een paar woorden zijn \
                 genoeg), of geef --allow-personal-data als het niet over een persoon gaat",
                what.join("; ")
            )
        }
        Lang::En => {
            what.extend(note.map(|n| format!("the note holds what looks like {n}")));
            what.extend(code.map(|c| format!("the resident code looks like {c}")));
            format!(
                "{}. Nothing was stored. Take it out (the card code and a few words are enough), \
                 or give --allow-personal-data if it is not about a person",
                what.join("; ")
            )
        }
    }
}

pub fn xlsx_on_terminal(lang: Lang) -> String {
    match lang {
        Lang::Nl => "een xlsx-bestand kan niet in de terminal getoond worden: geef --output \
                     BESTAND.xlsx"
            .into(),
        Lang::En => "an xlsx file cannot be shown in the terminal: give --output FILE.xlsx".into(),
    }
}

pub fn give_bundle(lang: Lang) -> String {
    match lang {
        Lang::Nl => "geef --bundle BESTAND".into(),
        Lang::En => "give --bundle FILE".into(),
    }
}

pub fn targets_per_year(lang: Lang, year: i32, label: &str) -> String {
    match lang {
        Lang::Nl => format!("doelen gelden per jaar: geef --period {year} in plaats van {label}"),
        Lang::En => format!("targets are set per year: give --period {year} instead of {label}"),
    }
}

pub fn subtotals_need_two(lang: Lang) -> String {
    match lang {
        Lang::Nl => "--subtotals telt de eerste --by-indeling op over de andere: geef er twee of \
                     meer, bijvoorbeeld --by desk,topic --subtotals"
            .into(),
        Lang::En => "--subtotals adds up the first --by dimension across the others: give two or \
                     more, e.g. --by desk,topic --subtotals"
            .into(),
    }
}

pub fn dialect_needs_csv(lang: Lang) -> String {
    match lang {
        Lang::Nl => "--dialect excel-nl is een CSV-dialect: geef er --format csv bij".into(),
        Lang::En => "--dialect excel-nl is a CSV dialect: give --format csv with it".into(),
    }
}

pub fn no_xlsx(lang: Lang, what: &str) -> String {
    match lang {
        Lang::Nl => format!("{what} geeft een tabel, csv of json, geen xlsx"),
        Lang::En => format!("{what} gives a table, csv or json, not xlsx"),
    }
}

pub fn residents_by_desk_only(lang: Lang, other: &str) -> String {
    match lang {
        Lang::Nl => format!(
            "--residents kan alleen per balie uitgesplitst worden (--by desk), niet per {other}"
        ),
        Lang::En => {
            format!("--residents can be broken down by desk only (--by desk), not by {other}")
        }
    }
}

pub fn no_follow_up_day(lang: Lang, id: &dyn Display) -> String {
    match lang {
        Lang::Nl => format!("contact {id} heeft geen opvolgdag; er is niets veranderd"),
        Lang::En => format!("contact {id} has no follow-up day; nothing changed"),
    }
}

pub fn follow_up_not_done(lang: Lang, id: &dyn Display) -> String {
    match lang {
        Lang::Nl => {
            format!("de opvolging van {id} is niet afgehandeld; er is niets veranderd")
        }
        Lang::En => format!("the follow-up of {id} is not marked done; nothing changed"),
    }
}

pub fn not_a_contact_id(lang: Lang, typed: &str) -> String {
    match lang {
        Lang::Nl => format!(
            "`{typed}` is geen contact-id; kopieer het uit `balie follow-ups` of `balie list`"
        ),
        Lang::En => {
            format!(
                "`{typed}` is not a contact id; copy it from `balie follow-ups` or `balie list`"
            )
        }
    }
}

pub fn no_contact_id(lang: Lang, typed: &str) -> String {
    match lang {
        Lang::Nl => {
            format!("er is geen contact met id {typed}; geef minstens de eerste 6 tekens ervan")
        }
        Lang::En => {
            format!("there is no contact with id {typed}; give at least its first 6 characters")
        }
    }
}

pub fn no_contact_starting(lang: Lang, typed: &str) -> String {
    match lang {
        Lang::Nl => format!(
            "er is geen contact met een id dat begint met {typed}; kopieer het uit `balie list`"
        ),
        Lang::En => format!(
            "there is no contact with an id starting with {typed}; copy it from `balie list`"
        ),
    }
}

pub fn many_contacts_starting(lang: Lang, typed: &str) -> String {
    match lang {
        Lang::Nl => {
            format!("meer dan één contact heeft een id dat begint met {typed}; geef er meer van")
        }
        Lang::En => {
            format!("more than one contact has an id starting with {typed}; give more of it")
        }
    }
}

pub fn demo_needs_own_folder(lang: Lang) -> String {
    match lang {
        Lang::Nl => "balie demo verzint contacten; geef het een eigen datamap, zodat ze nooit \
                     tussen echte komen: balie --data-dir /tmp/balie-demo demo"
            .into(),
        Lang::En => "balie demo makes up contacts; give it a data folder of its own so they \
                     never mix with real ones: balie --data-dir /tmp/balie-demo demo"
            .into(),
    }
}

pub fn import_into_demo(lang: Lang) -> String {
    match lang {
        Lang::Nl => "deze datamap bevat demogegevens (van `balie demo`); lees echte contacten in \
                     een echte datamap in (een andere --data-dir), zodat ze nooit tussen \
                     verzonnen contacten komen; er is niets ingelezen"
            .into(),
        Lang::En => "this data folder holds demo data (from `balie demo`); import real contacts \
                     into a real data folder (another --data-dir), so they never mix with \
                     made-up ones; nothing was imported"
            .into(),
    }
}

pub fn cannot_read(lang: Lang, path: &dyn Display) -> String {
    match lang {
        Lang::Nl => format!("kan {path} niet lezen"),
        Lang::En => format!("cannot read {path}"),
    }
}

pub fn cannot_read_intro(lang: Lang, path: &dyn Display) -> String {
    match lang {
        Lang::Nl => format!("kan de inleiding {path} niet lezen"),
        Lang::En => format!("cannot read the introduction {path}"),
    }
}

pub fn intro_not_utf8(lang: Lang, path: &dyn Display) -> String {
    match lang {
        Lang::Nl => format!(
            "de inleiding {path} is geen UTF-8-tekst: bewaar hem als UTF-8 (platte tekst of \
             Markdown)"
        ),
        Lang::En => format!(
            "the introduction {path} is not UTF-8 text: save it as UTF-8 (plain text or Markdown)"
        ),
    }
}

pub fn document_needs_file(lang: Lang) -> String {
    match lang {
        Lang::Nl => "geef het bestand waar het document in moet: --document -o rapport.html".into(),
        Lang::En => "give the file to write the document to: --document -o rapport.html".into(),
    }
}

pub fn cannot_start_upkeep(lang: Lang) -> String {
    match lang {
        Lang::Nl => "kan `balie upkeep` niet starten".into(),
        Lang::En => "cannot start `balie upkeep`".into(),
    }
}

pub fn cannot_find_program(lang: Lang) -> String {
    match lang {
        Lang::Nl => "kan het programma balie niet vinden".into(),
        Lang::En => "cannot find the balie program".into(),
    }
}

pub fn showing_read_only(lang: Lang, dir: &dyn Display) -> String {
    match lang {
        Lang::Nl => format!(
            "waarschuwing: in {dir} kan niet geschreven worden; dit is wat er bewaard is, maar \
             er kan niets vastgelegd of veranderd worden tot dat weer kan"
        ),
        Lang::En => format!(
            "warning: {dir} cannot be written to; showing what is stored, but nothing can be \
             logged or changed until it can"
        ),
    }
}

pub fn upkeep_not_started(lang: Lang) -> String {
    match lang {
        Lang::Nl => "het dagelijkse onderhoud kon niet gestart worden".into(),
        Lang::En => "the daily upkeep could not be started".into(),
    }
}

pub fn shipped_not_loaded(lang: Lang) -> String {
    match lang {
        Lang::Nl => "de meegeleverde artikelen van de kennisbank konden niet geladen worden".into(),
        Lang::En => "the shipped knowledge-base articles could not be loaded".into(),
    }
}
