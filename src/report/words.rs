//! The words of reports and exports that people read (the xlsx sheets and charts, the
//! command line's tables and messages), one catalogue per language. Stable codes (CSV
//! column names, dimension values) are not here: they never change with the language.

use crate::i18n::Lang;

/// One language's words. A missing translation is a compile error.
pub struct Words {
    // the xlsx workbook
    pub sheet_contacts: &'static str,
    pub sheet_weeks: &'static str,
    pub sheet_topics: &'static str,
    pub week: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub contacts: &'static str,
    pub whole_week: &'static str,
    pub yes: &'static str,
    /// `{}`: the days of the week inside the period.
    pub part_of_week: &'static str,
    /// After a week label on a chart's axis: only some of its days are in the period.
    pub partial_mark: &'static str,
    pub other_topics: &'static str,
    pub mentions: &'static str,
    /// `{}`: the period.
    pub chart_contacts: &'static str,
    /// `{}`: how many topics, `{}`: the period.
    pub chart_topics: &'static str,
    pub period: &'static str,
    pub note: &'static str,
    pub topic_note: &'static str,
    pub mentions_note: &'static str,
    pub partial_note: &'static str,
    // reports
    pub sheet_report: &'static str,
    pub residents: &'static str,
    pub total: &'static str,
    pub subtotal: &'static str,
    /// Column headers of the report dimensions, by their stable code.
    pub dims: [(&'static str, &'static str); 12],
}

impl Words {
    /// The header of a report dimension (`topic` -> `onderwerp`); the code if unknown.
    pub fn dim(&self, code: &'static str) -> &'static str {
        self.dims
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(code, |(_, label)| label)
    }
}

pub const NL: Words = Words {
    sheet_contacts: "contacten",
    sheet_weeks: "contacten per week",
    sheet_topics: "onderwerpen per week",
    week: "week",
    from: "van",
    to: "tot en met",
    contacts: "contacten",
    whole_week: "hele week",
    yes: "ja",
    part_of_week: "nee, alleen {}",
    partial_mark: " (deel)",
    other_topics: "overige",
    mentions: "vermeldingen",
    chart_contacts: "Contacten per week, {}",
    chart_topics: "Onderwerpen per week (de {} meest genoemde en overige), {}",
    period: "periode",
    note: "let op",
    topic_note: "een contact met meer onderwerpen telt bij elk onderwerp één keer, en in elk \
                 totaal één keer",
    mentions_note: "de staven tellen vermeldingen van onderwerpen, geen contacten: een contact \
                    met twee onderwerpen telt twee keer; het aantal contacten staat op het blad \
                    'contacten per week'",
    partial_note: "(deel): van deze week vallen maar een paar dagen in de periode",
    sheet_report: "rapport",
    residents: "bewoners",
    total: "totaal",
    subtotal: "subtotaal",
    dims: [
        ("topic", "onderwerp"),
        ("desk", "balie"),
        ("channel", "kanaal"),
        ("kind", "soort"),
        ("landlord", "verhuurder"),
        ("landlord_group", "soort verhuurder"),
        ("volunteer", "vrijwilliger"),
        ("week", "week"),
        ("month", "maand"),
        ("signal", "signaal"),
        ("referred_to", "verwezen naar"),
        ("referred_from", "verwezen door"),
    ],
};

pub const EN: Words = Words {
    sheet_contacts: "contacts",
    sheet_weeks: "contacts per week",
    sheet_topics: "topics per week",
    week: "week",
    from: "from",
    to: "to",
    contacts: "contacts",
    whole_week: "whole week",
    yes: "yes",
    part_of_week: "no, only {}",
    partial_mark: " (part)",
    other_topics: "other",
    mentions: "topic mentions",
    chart_contacts: "Contacts per week, {}",
    chart_topics: "Topics per week (the {} most mentioned and other), {}",
    period: "period",
    note: "note",
    topic_note: "a contact with several topics counts once under each of its topics, and once \
                 in every total",
    mentions_note: "the bars count topic mentions, not contacts: a contact with two topics \
                    counts twice; the number of contacts is on the sheet 'contacts per week'",
    partial_note: "(part): only some days of this week are in the period",
    sheet_report: "report",
    residents: "residents",
    total: "total",
    subtotal: "subtotal",
    dims: [
        ("topic", "topic"),
        ("desk", "desk"),
        ("channel", "channel"),
        ("kind", "kind"),
        ("landlord", "landlord"),
        ("landlord_group", "landlord group"),
        ("volunteer", "volunteer"),
        ("week", "week"),
        ("month", "month"),
        ("signal", "signal"),
        ("referred_to", "referred to"),
        ("referred_from", "referred from"),
    ],
};

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

pub use crate::text::fill;
