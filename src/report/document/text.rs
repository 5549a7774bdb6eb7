//! Every sentence and heading of the document, in Dutch and English. A string missing from
//! one language does not compile. `{}` marks where [`fill`] puts a value.

use crate::i18n::Lang;

pub struct Text {
    pub html_lang: &'static str,
    pub title: &'static str,
    /// `{}` the period's label, e.g. `2026-T2`.
    pub subtitle: &'static str,
    pub all_desks: &'static str,
    /// `{}` the desk.
    pub one_desk: &'static str,
    /// `{}` the day the document was made.
    pub made_on: &'static str,
    pub days: &'static str,
    pub empty: &'static str,
    pub empty_hint: &'static str,
    pub contents: &'static str,

    pub summary: &'static str,
    pub contacts: &'static str,
    pub residents: &'static str,
    pub help_questions: &'static str,
    pub short_contacts: &'static str,
    pub desks_in_period: &'static str,
    /// `{}` the earlier period.
    pub year_before: &'static str,
    /// `{}` the earlier period.
    pub year_before_none: &'static str,
    pub change: &'static str,
    pub no_residents: &'static str,

    pub per_desk: &'static str,
    pub per_topic: &'static str,
    pub per_landlord_group: &'static str,
    pub per_landlord: &'static str,
    pub desk: &'static str,
    pub topic: &'static str,
    pub landlord_group: &'static str,
    pub landlord: &'static str,
    pub total: &'static str,
    pub share: &'static str,
    pub topic_note: &'static str,
    pub zero_rows_left_out: &'static str,
    /// `{}` the chart's subject, e.g. `per onderwerp`.
    pub chart_contacts: &'static str,

    pub weeks: &'static str,
    pub weeks_intro: &'static str,
    /// `{}` the partial weeks (`Week 2026-W18 valt` / `De weken ... vallen`: see render).
    pub partial_weeks: &'static str,
    /// `{}` one partial week.
    pub partial_week: &'static str,
    /// Before the last of a list: ` en `, ` and `.
    pub and: &'static str,
    pub week_chart: &'static str,

    pub targets: &'static str,
    /// `{}` the day the targets are measured on, `{}` day n, `{}` of days.
    pub targets_as_of: &'static str,
    pub target: &'static str,
    pub counted: &'static str,
    pub actual: &'static str,
    pub goal: &'static str,
    pub pace: &'static str,
    pub vs_pace: &'static str,
    pub counts_contacts: &'static str,
    pub counts_residents: &'static str,
    pub targets_note: &'static str,
    pub targets_chart: &'static str,

    pub referrals: &'static str,
    pub partner: &'static str,
    pub referred_in: &'static str,
    pub referred_out: &'static str,
    pub referrals_note: &'static str,
    pub follow_ups: &'static str,
    /// `{}` open, `{}` due by the day the document was made.
    pub follow_ups_line: &'static str,

    pub signals: &'static str,
    pub signal: &'static str,
    pub desks: &'static str,
    pub first_last: &'static str,
    pub signals_note: &'static str,

    pub kb_gaps: &'static str,
    pub kb_gaps_intro: &'static str,
    pub with_article: &'static str,
    pub without_article: &'static str,
    pub articles: &'static str,

    pub methods: &'static str,
    /// `{}` the period with its exact days.
    pub methods_period: &'static str,
    pub methods_contacts: &'static str,
    pub methods_residents: &'static str,
    pub methods_topics: &'static str,
    pub methods_weeks: &'static str,
    pub methods_targets: &'static str,
    pub methods_privacy: &'static str,
    pub methods_source: &'static str,
    pub kind_kort: &'static str,
    pub kind_hulpvraag: &'static str,
    pub none: &'static str,
}

pub const NL: Text = Text {
    html_lang: "nl",
    title: "Rapportage inloopspreekuur",
    subtitle: "Periode {}",
    all_desks: "Alle balies",
    one_desk: "Balie: {}",
    made_on: "Gemaakt op {} met balie",
    days: "{} t/m {}",
    empty: "In deze periode zijn geen contacten geregistreerd.",
    empty_hint: "Kies een andere periode met --period, of controleer of de juiste balie (--desk) \
                 en de juiste gegevensmap zijn gebruikt.",
    contents: "Inhoud",

    summary: "Samenvatting",
    contacts: "Contacten",
    residents: "Unieke bewoners",
    help_questions: "Hulpvragen",
    short_contacts: "Korte contacten",
    desks_in_period: "Balies",
    year_before: "Een jaar eerder ({})",
    year_before_none: "In dezelfde periode een jaar eerder ({}) zijn geen contacten \
                       geregistreerd; een vergelijking is er daarom niet.",
    change: "Verschil",
    no_residents: "geen bewonerscodes geregistreerd",

    per_desk: "Per balie",
    per_topic: "Per onderwerp",
    per_landlord_group: "Per soort verhuurder",
    per_landlord: "Per verhuurder",
    desk: "Balie",
    topic: "Onderwerp",
    landlord_group: "Soort verhuurder",
    landlord: "Verhuurder",
    total: "Totaal",
    share: "Aandeel",
    topic_note: "Een contact over twee onderwerpen telt bij elk van die onderwerpen één keer \
                 mee, en één keer in het totaal. De onderwerpen tellen daarom samen op tot meer \
                 dan het totaal.",
    zero_rows_left_out: "Regels zonder contacten zijn weggelaten.",
    chart_contacts: "Contacten {}",

    weeks: "Verloop per week",
    weeks_intro: "Het aantal contacten in elke week van de periode.",
    partial_weeks: "De weken {} vallen maar voor een deel in de periode; alleen die dagen tellen mee.",
    partial_week: "Week {} valt maar voor een deel in de periode; alleen die dagen tellen mee.",
    and: " en ",
    week_chart: "Contacten per week",

    targets: "Jaardoelen",
    targets_as_of: "Stand op {}: dag {} van {} van het jaar.",
    target: "Doel",
    counted: "Telt",
    actual: "Tot nu",
    goal: "Jaardoel",
    pace: "Bij gelijk tempo",
    vs_pace: "Verschil met tempo",
    counts_contacts: "contacten",
    counts_residents: "bewoners",
    targets_note: "Het streepje in de grafiek staat waar een gelijkmatig tempo door het jaar \
                   het aantal op deze dag zou brengen. Een contact telt één keer per doel, ook \
                   als het meer onderwerpen van dat doel heeft.",
    targets_chart: "Voortgang jaardoelen",

    referrals: "Doorverwijzingen",
    partner: "Partner",
    referred_in: "Verwezen door partner",
    referred_out: "Verwezen naar partner",
    referrals_note: "Per contact is één verwijzende partner en één partner waarnaar verwezen is \
                     vastgelegd.",
    follow_ups: "Open vervolgafspraken",
    follow_ups_line: "Van de contacten in deze periode hebben er {} een vervolgafspraak die nog \
                      niet is afgerond; bij {} daarvan is de dag al aangebroken of voorbij.",

    signals: "Signalen",
    signal: "Signaal",
    desks: "Balies",
    first_last: "Eerste en laatste keer",
    signals_note: "Signalen zijn korte labels voor terugkerende problemen (een complex, een \
                   verhuurder, een renovatie), geteld zoals ze zijn geschreven.",

    kb_gaps: "Ontbrekende kennis",
    kb_gaps_intro: "Per onderwerp: hoeveel contacten er waren, bij hoeveel daarvan een artikel \
                    uit de kennisbank is gekoppeld, en hoeveel artikelen er over het onderwerp \
                    zijn. Veel contacten zonder artikel wijzen op kennis die nog niet is \
                    opgeschreven.",
    with_article: "Met artikel",
    without_article: "Zonder artikel",
    articles: "Artikelen",

    methods: "Werkwijze",
    methods_period: "Deze rapportage beslaat {}: beide dagen tellen mee.",
    methods_contacts: "Een contact is één gesprek aan de balie, aan de telefoon, per e-mail of \
                       bij een huisbezoek, vastgelegd door een vrijwilliger. Een kort contact is \
                       een vraag die direct beantwoord is; een hulpvraag vraagt meer tijd.",
    methods_residents: "Unieke bewoners zijn de verschillende bewonerscodes (van de pas van de \
                        bewoner, nooit een naam). Contacten zonder code tellen wel als contact, \
                        niet als bewoner; het aantal bewoners is daarom een ondergrens.",
    methods_topics: "Een contact over meer onderwerpen telt bij elk onderwerp één keer en in elk \
                     totaal één keer.",
    methods_weeks: "Weken zijn ISO-weken, van maandag tot en met zondag. Tijden zijn plaatselijke \
                    tijd.",
    methods_targets: "Jaardoelen komen uit de instellingen van de balie.",
    methods_privacy: "Deze rapportage bevat alleen aantallen en de namen van onderwerpen, \
                      verhuurders, partners en signalen; geen notities, geen bewonerscodes.",
    methods_source: "De cijfers zijn dezelfde als die van `balie report` voor dezelfde periode \
                     en balie.",
    kind_kort: "kort contact",
    kind_hulpvraag: "hulpvraag",
    none: "geen",
};

pub const EN: Text = Text {
    html_lang: "en",
    title: "Walk-in desk report",
    subtitle: "Period {}",
    all_desks: "All desks",
    one_desk: "Desk: {}",
    made_on: "Made on {} with balie",
    days: "{} to {}",
    empty: "No contacts were logged in this period.",
    empty_hint: "Choose another period with --period, or check that the right desk (--desk) and \
                 the right data folder were used.",
    contents: "Contents",

    summary: "Summary",
    contacts: "Contacts",
    residents: "Distinct residents",
    help_questions: "Help questions",
    short_contacts: "Short contacts",
    desks_in_period: "Desks",
    year_before: "A year earlier ({})",
    year_before_none: "No contacts were logged in the same period a year earlier ({}), so there \
                       is nothing to compare with.",
    change: "Change",
    no_residents: "no resident codes logged",

    per_desk: "Per desk",
    per_topic: "Per topic",
    per_landlord_group: "Per kind of landlord",
    per_landlord: "Per landlord",
    desk: "Desk",
    topic: "Topic",
    landlord_group: "Kind of landlord",
    landlord: "Landlord",
    total: "Total",
    share: "Share",
    topic_note: "A contact about two topics counts once under each of them, and once in the \
                 total, so the topics add up to more than the total.",
    zero_rows_left_out: "Rows without contacts are left out.",
    chart_contacts: "Contacts {}",

    weeks: "Week by week",
    weeks_intro: "The number of contacts in each week of the period.",
    partial_weeks: "Weeks {} fall only partly in the period; only those days count.",
    partial_week: "Week {} falls only partly in the period; only those days count.",
    and: " and ",
    week_chart: "Contacts per week",

    targets: "The year's targets",
    targets_as_of: "As of {}: day {} of {} of the year.",
    target: "Target",
    counted: "Counts",
    actual: "So far",
    goal: "Year's target",
    pace: "At an even pace",
    vs_pace: "Against the pace",
    counts_contacts: "contacts",
    counts_residents: "residents",
    targets_note: "The mark in the chart is where an even pace through the year would put the \
                   count on this day. A contact counts once per target, even with several of \
                   its topics.",
    targets_chart: "Progress against the year's targets",

    referrals: "Referrals",
    partner: "Partner",
    referred_in: "Referred by the partner",
    referred_out: "Referred to the partner",
    referrals_note: "Each contact records one partner that referred the resident and one partner \
                     they were referred to.",
    follow_ups: "Open follow-ups",
    follow_ups_line: "Of this period's contacts, {} have a follow-up that is not done yet; for \
                      {} of them the day has come or passed.",

    signals: "Signals",
    signal: "Signal",
    desks: "Desks",
    first_last: "First and last time",
    signals_note: "Signals are short labels for recurring problems (a building, a landlord, a \
                   renovation), counted as written.",

    kb_gaps: "Gaps in the knowledge base",
    kb_gaps_intro: "Per topic: how many contacts there were, how many of them had an article \
                    from the knowledge base linked, and how many articles exist on the topic. \
                    Many contacts without an article point to knowledge not yet written down.",
    with_article: "With an article",
    without_article: "Without",
    articles: "Articles",

    methods: "Method",
    methods_period: "This report covers {}: both days included.",
    methods_contacts: "A contact is one conversation at the desk, by phone, by e-mail or on a \
                       home visit, logged by a volunteer. A short contact is a question answered \
                       on the spot; a help question takes longer.",
    methods_residents: "Distinct residents are the distinct resident codes (from the resident's \
                        card, never a name). Contacts without a code count as contacts, not as \
                        residents, so the number of residents is a lower bound.",
    methods_topics: "A contact about several topics counts once under each topic and once in \
                     every total.",
    methods_weeks: "Weeks are ISO weeks, Monday to Sunday. Times are local time.",
    methods_targets: "The year's targets come from the desk's configuration.",
    methods_privacy: "This report holds only counts and the names of topics, landlords, partners \
                      and signals; no notes, no resident codes.",
    methods_source: "The figures are those of `balie report` for the same period and desk.",
    kind_kort: "short contact",
    kind_hulpvraag: "help question",
    none: "none",
};

pub fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

pub use crate::text::fill;
