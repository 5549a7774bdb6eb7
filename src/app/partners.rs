//! `balie partners`: the organisations a desk refers residents to, with the contact details
//! the desk filled in its config (phone, opening hours, address, website, when to refer).

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::output::{self, Page, Table};
use crate::cli::Format;
use crate::config::{Config, PartnerContact};

#[derive(Serialize)]
struct PartnerOut<'a> {
    code: &'a str,
    name: &'a str,
    nl: &'a str,
    en: &'a str,
    #[serde(flatten)]
    contact: &'a PartnerContact,
}

/// Every visible partner in config order.
pub fn list(config: &Config, format: Format, out: &mut dyn Write) -> Result<()> {
    let partners: Vec<_> = config.partners.iter().filter(|p| !p.hidden).collect();
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    output::listing(
        out,
        format,
        config.lang,
        || {
            partners
                .iter()
                .map(|p| PartnerOut {
                    code: &p.code,
                    name: &p.name,
                    nl: &p.nl,
                    en: &p.en,
                    contact: &p.contact,
                })
                .collect::<Vec<_>>()
        },
        || {
            let header = [
                "code",
                "name",
                "phone",
                "hours",
                "address",
                "website",
                "refer_when",
            ];
            Table::new(header).rows(partners.iter().map(|p| {
                let c = &p.contact;
                vec![
                    p.code.clone(),
                    p.name.clone(),
                    opt(&c.phone),
                    opt(&c.hours),
                    opt(&c.address),
                    opt(&c.website),
                    opt(&c.refer_when),
                ]
            }))
        },
        || {
            // one card per partner, a blank line between them
            let cards = partners.iter().enumerate().flat_map(|(i, p)| {
                let gap = (i > 0).then(String::new);
                gap.into_iter()
                    .chain(crate::kb::partners::card(p, config.lang))
            });
            Page::lines(cards)
        },
    )
}
