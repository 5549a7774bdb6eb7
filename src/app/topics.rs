//! `balie topics`: the topic codes and labels in force, in both languages.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::output::{self, Page, Table};
use crate::cli::Format;
use crate::config::{Config, Labelled};
use crate::i18n::Lang;

#[derive(Serialize)]
struct TopicOut<'a> {
    code: &'a str,
    nl: &'a str,
    en: &'a str,
    group: &'a str,
    synonyms: &'a [String],
}

/// Every visible topic in config order.
pub fn list(config: &Config, format: Format, out: &mut dyn Write) -> Result<()> {
    let visible: Vec<_> = config.topics.iter().filter(|t| !t.hidden).collect();
    let other = match config.lang {
        Lang::Nl => Lang::En,
        Lang::En => Lang::Nl,
    };
    output::listing(
        out,
        format,
        config.lang,
        || {
            visible
                .iter()
                .map(|t| TopicOut {
                    code: &t.code,
                    nl: &t.nl,
                    en: &t.en,
                    group: &t.group,
                    synonyms: &t.synonyms,
                })
                .collect::<Vec<_>>()
        },
        || {
            Table::new(["code", "nl", "en", "group", "synonyms"]).rows(visible.iter().map(|t| {
                vec![
                    t.code.clone(),
                    t.nl.clone(),
                    t.en.clone(),
                    t.group.clone(),
                    t.synonyms.join("|"),
                ]
            }))
        },
        || {
            Page::new(
                Table::new(["code", "label", "other language", "group"]).rows(visible.iter().map(
                    |t| {
                        vec![
                            t.code.clone(),
                            t.label(config.lang).to_string(),
                            t.label(other).to_string(),
                            t.group.clone(),
                        ]
                    },
                )),
            )
        },
    )
}
