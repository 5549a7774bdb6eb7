//! Partners a volunteer can call, as the knowledge base shows them: found by code or name
//! when searched for, and shown as a card (what they do, phone, hours, address, website, when
//! to refer). The details come from the desk's config; the shipped config has none.

use crate::config::{Config, Partner};
use crate::i18n::Lang;

/// The visible partners whose code or name holds every word of `query` (accents and case
/// ignored); none for a query without a word of 3 letters or more.
pub fn matching<'a>(config: &'a Config, query: &str) -> Vec<&'a Partner> {
    let q = crate::text::fold(query);
    let words: Vec<&str> = q.split_whitespace().collect();
    if words.iter().all(|w| w.chars().count() < 3) {
        return Vec::new();
    }
    config
        .partners
        .iter()
        .filter(|p| !p.hidden)
        .filter(|p| {
            let hay = crate::text::fold(&format!("{} {}", p.code, p.name));
            words.iter().all(|w| hay.contains(w))
        })
        .collect()
}

struct Words {
    partner: &'static str,
    phone: &'static str,
    hours: &'static str,
    address: &'static str,
    website: &'static str,
    refer_when: &'static str,
    no_details: &'static str,
}

const NL: Words = Words {
    partner: "Partner",
    phone: "Telefoon",
    hours: "Open",
    address: "Adres",
    website: "Website",
    refer_when: "Verwijs als",
    no_details: "Nog geen telefoon of openingstijden: vul ze in bij [[partners]] in de config van de balie.",
};

const EN: Words = Words {
    partner: "Partner",
    phone: "Phone",
    hours: "Open",
    address: "Address",
    website: "Website",
    refer_when: "Refer when",
    no_details: "No phone or opening hours yet: add them under [[partners]] in the desk's config.",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

/// A partner's card as lines: the name, each contact detail the desk filled in (phone and
/// hours first: what a volunteer needs mid-conversation) or one line saying where to fill them
/// in, then what they do.
pub fn card(p: &Partner, lang: Lang) -> Vec<String> {
    let w = words(lang);
    let mut lines = vec![format!("{}: {} ({})", w.partner, p.name, p.code)];
    let c = &p.contact;
    let fields = [
        (w.phone, &c.phone),
        (w.hours, &c.hours),
        (w.refer_when, &c.refer_when),
        (w.address, &c.address),
        (w.website, &c.website),
    ];
    for (label, value) in fields {
        if let Some(v) = value {
            lines.push(format!("  {label}: {v}"));
        }
    }
    if c.phone.is_none() && c.hours.is_none() {
        lines.push(format!("  {}", w.no_details));
    }
    let what = match lang {
        Lang::Nl => &p.nl,
        Lang::En => &p.en,
    };
    if !what.is_empty() {
        lines.push(format!("  {what}"));
    }
    lines
}

/// The short line the entry form shows under the referral field: phone and hours, when the
/// desk filled them in.
pub fn reach_line(p: &Partner, lang: Lang) -> Option<String> {
    let w = words(lang);
    let c = &p.contact;
    let parts: Vec<String> = [(w.phone, &c.phone), (w.hours, &c.hours)]
        .into_iter()
        .filter_map(|(label, v)| v.as_ref().map(|v| format!("{label}: {v}")))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::layered(&[
            ("<shipped defaults>", crate::config::SHIPPED),
            (
                "desk.toml",
                "[[partners]]\ncode = \"wswonen\"\nphone = \"020 555 0101\"\nhours = \"ma-vr 9-17\"\n",
            ),
        ])
        .unwrap()
    }

    #[test]
    fn a_partner_is_found_by_name_without_accents_and_its_card_shows_what_the_desk_filled_in() {
        let c = config();
        let found = matching(&c, "wijksteunpunt");
        assert_eq!(found.len(), 1);
        let card = card(found[0], Lang::Nl);
        assert_eq!(card[0], "Partner: Wijksteunpunt Wonen (wswonen)");
        assert!(
            card.contains(&"  Telefoon: 020 555 0101".to_string()),
            "{card:?}"
        );
        assert!(card.contains(&"  Open: ma-vr 9-17".to_string()), "{card:?}");
        assert_eq!(
            reach_line(found[0], Lang::En).as_deref(),
            Some("Phone: 020 555 0101 · Open: ma-vr 9-17")
        );
        assert!(matching(&c, "wo").is_empty(), "two letters match nothing");
    }

    #[test]
    fn a_shipped_partner_has_no_details_and_its_card_says_where_to_add_them() {
        let c = Config::shipped();
        assert!(c.partners.iter().all(|p| p.contact.is_empty()));
        let p = c.partner("huurteam").unwrap();
        let card = card(p, Lang::Nl);
        assert!(card[1].contains("[[partners]]"), "{card:?}");
        assert_eq!(reach_line(p, Lang::Nl), None);
    }
}
