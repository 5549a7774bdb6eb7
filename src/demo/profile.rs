//! The figures the demo data imitates: how busy each desk is, when it is open, what residents
//! ask, who their landlord is. Taken from the seed reports where they give a number, and
//! marked as an estimate where they do not.

use chrono::Weekday;

use DeskKind::{HousingInner, HousingOuter, Neighbourhood};

/// What a desk mostly does, which decides its topics, channels and opening rhythm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskKind {
    /// A wijksteunpunt wonen inside the A10 ring: old private housing stock.
    HousingInner,
    /// A wijksteunpunt wonen outside the ring: corporation estates, renewal, house hunting.
    HousingOuter,
    /// A buurtwerkkamer: forms brigade, odd jobs, language, computer help, activities.
    Neighbourhood,
    /// A desk the figures do not know: a mix of both.
    General,
}

/// One desk as the seed reports describe it.
pub struct DeskFacts {
    pub name: &'static str,
    /// Contacts in the reported period (relative weight only).
    pub contacts: u32,
    /// Of which through the walk-in hour.
    pub walk_ins: u32,
    pub kind: DeskKind,
    /// Four-digit postcode areas around the desk.
    pub postcodes: &'static [&'static str],
}

const CENTRUM: &[&str] = &["1011", "1012", "1013", "1015", "1016", "1017", "1018"];
const WEST: &[&str] = &["1051", "1052", "1053", "1054", "1055", "1056", "1057"];
const NIEUW_WEST: &[&str] = &[
    "1062", "1063", "1064", "1065", "1066", "1067", "1068", "1069",
];
const OOST: &[&str] = &["1091", "1092", "1093", "1094", "1095", "1097", "1098"];
const NOORD: &[&str] = &[
    "1021", "1022", "1023", "1024", "1025", "1031", "1032", "1033",
];
const ZUID: &[&str] = &["1071", "1072", "1073", "1074", "1075", "1076", "1077"];
const ZUIDERAMSTEL: &[&str] = &["1078", "1079", "1081", "1082", "1083"];
const ZUIDOOST: &[&str] = &[
    "1101", "1102", "1103", "1104", "1105", "1106", "1107", "1108",
];

/// Seed 000, Table 1 (contacts with individuals, 1 September - 31 December 2007, and how many
/// came through the walk-in hour) for the wijksteunpunten. The buurtwerkkamers are from seed
/// 003 (374, 264 and 227 residents in half a year); their contact counts are an estimate:
/// about four visits per resident, scaled to four months, most of them walk-in.
pub const DESKS: &[DeskFacts] = &[
    desk("WSWonen Binnenstad", 2731, 278, HousingInner, CENTRUM),
    desk(
        "WSWonen De Baarsjes/Bos en Lommer",
        2737,
        107,
        HousingInner,
        WEST,
    ),
    desk(
        "WSWonen Geuzenveld/Slotermeer",
        53,
        50,
        HousingOuter,
        NIEUW_WEST,
    ),
    desk("WSWonen Groot Oost", 3046, 252, HousingInner, OOST),
    desk("WSWonen Noord", 126, 60, HousingOuter, NOORD),
    desk("WSWonen Osdorp", 48, 32, HousingOuter, NIEUW_WEST),
    desk("WSWonen Oud-West", 928, 105, HousingInner, WEST),
    desk("WSWonen Oud-Zuid", 3817, 325, HousingInner, ZUID),
    desk("WSWonen Slotervaart", 124, 115, HousingOuter, NIEUW_WEST),
    // Westerpark's walk-ins (5) were under-counted, says the report; the floor in
    // `walk_in_share` lifts them.
    desk("WSWonen Westerpark", 909, 5, HousingInner, WEST),
    desk("WSWonen Zuideramstel", 1009, 97, HousingInner, ZUIDERAMSTEL),
    desk("WSWonen Zuidoost", 70, 60, HousingOuter, ZUIDOOST),
    desk("Stedelijk spreekuur", 172, 62, HousingInner, CENTRUM),
    desk(
        "Buurtwerkkamer Casa Jepie Makandra",
        1000,
        750,
        Neighbourhood,
        ZUIDOOST,
    ),
    desk(
        "Buurtwerkkamer De Handreiking",
        700,
        525,
        Neighbourhood,
        ZUIDOOST,
    ),
    desk(
        "Buurtwerkkamer MultiBron",
        600,
        450,
        Neighbourhood,
        ZUIDOOST,
    ),
];

const fn desk(
    name: &'static str,
    contacts: u32,
    walk_ins: u32,
    kind: DeskKind,
    postcodes: &'static [&'static str],
) -> DeskFacts {
    DeskFacts {
        name,
        contacts,
        walk_ins,
        kind,
        postcodes,
    }
}

/// Weight of a desk the table does not know (about the median of the table).
pub const UNKNOWN_DESK_CONTACTS: u32 = 900;

/// The facts for a desk name, or a guess from the words in it.
pub fn desk_facts(name: &str) -> (u32, f64, DeskKind, &'static [&'static str]) {
    if let Some(d) = DESKS.iter().find(|d| d.name.eq_ignore_ascii_case(name)) {
        return (
            d.contacts,
            walk_in_share(d.contacts, d.walk_ins),
            d.kind,
            d.postcodes,
        );
    }
    let lower = name.to_lowercase();
    let kind = if lower.contains("buurtwerkkamer") || lower.contains("formulieren") {
        DeskKind::Neighbourhood
    } else if lower.contains("wonen") || lower.contains("huur") {
        DeskKind::HousingInner
    } else {
        DeskKind::General
    };
    let share = match kind {
        DeskKind::Neighbourhood => 0.75,
        _ => 0.3,
    };
    (UNKNOWN_DESK_CONTACTS, share, kind, &[])
}

/// Share of contacts through the walk-in hour, between 8% and 90% whatever the table says
/// (the smallest desks had only just opened; Westerpark's count is known to be low).
fn walk_in_share(contacts: u32, walk_ins: u32) -> f64 {
    (f64::from(walk_ins) / f64::from(contacts.max(1))).clamp(0.08, 0.9)
}

/// How busy a desk of this kind is on a weekday, relative to a Monday.
pub fn weekday_factor(kind: DeskKind, day: Weekday) -> f64 {
    use Weekday::*;
    match (kind, day) {
        (DeskKind::Neighbourhood, Fri) => 0.7,
        (DeskKind::Neighbourhood, Sat) => 0.12,
        (DeskKind::Neighbourhood, Sun) => 0.02,
        (_, Tue) => 1.1,
        (_, Fri) => 0.5,
        (_, Sat) => 0.03,
        (_, Sun) => 0.01,
        _ => 1.0,
    }
}

/// How busy a month is: quiet in the summer holiday and around Christmas.
pub fn month_factor(month: u32) -> f64 {
    match month {
        7 => 0.75,
        8 => 0.65,
        12 => 0.8,
        1 | 9 | 10 => 1.1,
        _ => 1.0,
    }
}

/// Weight of each opening hour (9:00-17:00): a morning peak at 10-11 and one after lunch.
pub const HOURS: &[(u32, u32)] = &[
    (9, 6),
    (10, 10),
    (11, 9),
    (12, 5),
    (13, 8),
    (14, 9),
    (15, 7),
    (16, 4),
];

/// Topic weights per desk kind. Housing desks inside the ring: repairs, splitting,
/// renovation, rent level and security of tenure; outside: house hunting and demolition
/// (seed 000, "Top 5 thema's"). Buurtwerkkamers: seed 003's residents per service (forms
/// 475 with debt help counted in, odd jobs 164, language 137, computer 106, Bespaarmij 22,
/// social activities 739).
pub fn topics(kind: DeskKind) -> &'static [(&'static str, u32)] {
    match kind {
        DeskKind::HousingInner => &[
            ("onderhoud", 24),
            ("huur", 22),
            ("huurcontract", 16),
            ("splitsing", 11),
            ("renovatie", 6),
            ("woningzoeken", 5),
            ("overlast", 4),
            ("huisuitzetting", 4),
            ("bewonerscommissie", 3),
            ("woningruil", 2),
            ("sloop", 1),
            ("overig", 2),
        ],
        DeskKind::HousingOuter => &[
            ("woningzoeken", 20),
            ("onderhoud", 18),
            ("huur", 16),
            ("sloop", 10),
            ("huurcontract", 10),
            ("huisuitzetting", 7),
            ("renovatie", 6),
            ("overlast", 5),
            ("woningruil", 4),
            ("bewonerscommissie", 2),
            ("overig", 2),
        ],
        DeskKind::Neighbourhood => &[
            ("formulieren", 30),
            ("sociaal", 22),
            ("klussen", 12),
            ("taal", 11),
            ("computer", 9),
            ("schulden", 6),
            ("zorg", 3),
            ("energie", 2),
            ("woningzoeken", 1),
            ("huur", 1),
            ("onderhoud", 1),
            ("overig", 2),
        ],
        DeskKind::General => &[
            ("formulieren", 14),
            ("huur", 12),
            ("onderhoud", 12),
            ("huurcontract", 8),
            ("sociaal", 8),
            ("schulden", 7),
            ("woningzoeken", 7),
            ("taal", 6),
            ("klussen", 6),
            ("computer", 5),
            ("zorg", 4),
            ("splitsing", 4),
            ("overig", 3),
        ],
    }
}

/// Landlord group shares in percent (seed 000: 68% private, 20% corporations, about 1%
/// owner-occupiers, the rest not recorded).
pub const LANDLORD_GROUPS: &[(&str, u32)] = &[
    ("particulier", 68),
    ("corporatie", 20),
    ("koop", 1),
    ("onbekend", 11),
];

/// How the corporation share is spread (seed 003: tenants reached per corporation;
/// `andere-corporatie` is an estimate).
pub const CORPORATIONS: &[(&str, u32)] = &[
    ("eigen-haard", 330),
    ("rochdale", 172),
    ("stadgenoot", 135),
    ("ymere", 117),
    ("de-key", 34),
    ("de-alliantie", 30),
    ("andere-corporatie", 40),
];

/// Weight of a corporation the table does not know.
pub const UNKNOWN_CORPORATION: u32 = 40;

/// Share of longer help questions (seed 000: about 3,100 residents helped beside some
/// 10,000 short contacts, so about 1 in 4).
pub const HULPVRAAG_SHARE: f64 = 0.25;

/// Share of contacts about more than one topic; of those, the share with a third.
pub const MULTI_TOPIC_SHARE: f64 = 0.2;
pub const THIRD_TOPIC_SHARE: f64 = 0.2;

/// Share of contacts with a resident's card code, per desk kind: buurtwerkkamers register
/// the residents they help (seed 003 counts individuals), housing desks less often.
pub fn resident_share(kind: DeskKind) -> f64 {
    match kind {
        DeskKind::Neighbourhood => 0.6,
        DeskKind::General => 0.3,
        _ => 0.25,
    }
}

/// Average visits per resident code, which sizes each desk's pool of returning residents.
pub const VISITS_PER_RESIDENT: f64 = 4.0;

/// Channels of a short contact outside the walk-in hour, and of a help question.
pub const KORT_CHANNELS: &[(&str, u32)] = &[("telefoon", 80), ("email", 20)];
pub const HULPVRAAG_CHANNELS: &[(&str, u32)] = &[
    ("afspraak", 45),
    ("telefoon", 30),
    ("huisbezoek", 10),
    ("email", 10),
    ("groep", 5),
];

/// Minutes spent on a help question.
pub const MINUTES: &[(u32, u32)] = &[
    (10, 8),
    (15, 14),
    (20, 14),
    (30, 22),
    (45, 16),
    (60, 14),
    (90, 8),
    (120, 4),
];

/// Languages of the conversation, when noted (on about a third of contacts).
pub const LANGUAGE_SHARE: f64 = 0.35;
pub const LANGUAGES: &[(&str, u32)] = &[
    ("nl", 50),
    ("en", 10),
    ("tr", 9),
    ("ar", 9),
    ("pl", 5),
    ("es", 4),
    ("fr", 4),
    ("pt", 3),
    ("so", 3),
    ("ti", 3),
];

pub const POSTCODE_SHARE: f64 = 0.2;

/// Partners a help question is referred to, per desk kind; and the share referred.
pub const REFERRED_TO_SHARE: f64 = 0.12;
pub const REFERRED_FROM_SHARE: f64 = 0.06;
pub fn partners(kind: DeskKind) -> &'static [(&'static str, u32)] {
    match kind {
        DeskKind::Neighbourhood => &[
            ("schuldhulp", 20),
            ("wpi", 15),
            ("madi", 15),
            ("wswonen", 12),
            ("samen-doen", 12),
            ("loket-zorg", 10),
            ("corporatie", 10),
            ("anders", 6),
        ],
        _ => &[
            ("huurteam", 30),
            ("corporatie", 15),
            ("samen-doen", 12),
            ("schuldhulp", 10),
            ("stadsdeel", 10),
            ("loket-zorg", 8),
            ("buurtwerkkamer", 8),
            ("ggd", 3),
            ("anders", 4),
        ],
    }
}

/// Share of help questions with a follow-up day.
pub const FOLLOW_UP_SHARE: f64 = 0.15;

/// Share of contacts with a note, and the harmless phrases they are drawn from: no names,
/// no addresses, no numbers.
pub const NOTE_SHARE: f64 = 0.3;
pub const NOTES: &[&str] = &[
    "brief meegenomen",
    "terugbellen volgende week",
    "komt terug met de stukken",
    "formulier samen ingevuld",
    "uitleg gegeven",
    "folder meegegeven",
    "afspraak gemaakt",
    "doorverwezen",
    "vraag beantwoord",
    "samen gebeld met de instantie",
    "brief van de verhuurder besproken",
    "klus ingepland",
    "wacht op antwoord",
    "huurcommissie uitgelegd",
    "eerste keer hier",
    "kwam met buurvrouw",
    "tolk geregeld",
    "kopie gemaakt",
];

/// Volunteers per desk (each with initials made up from the seed).
pub const VOLUNTEERS_PER_DESK: std::ops::RangeInclusive<usize> = 4..=9;
