//! `balie signals`: the signal labels with their counts, desks, topics and dates, for the
//! partners' meeting.

use std::io::Write;

use anyhow::Result;
use serde_json::json;

use super::output::{self, Page, Table};
use super::report::period_of;
use super::words::{Noun, count, words};
use super::{Setup, scope};
use crate::cli::Cli;
use crate::cli::desks::SignalsArgs;
use crate::domain::AT_FORMAT;

/// `balie signals`.
pub fn signals(cli: &Cli, args: &SignalsArgs, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let store = ctx.store(&config)?;
    let period = period_of(&args.period, ctx.now.date())?;
    let desk = super::known_desk(cli, &config, &store)?;
    let list = crate::report::signals(&store, period.as_ref(), desk)?;
    let w = words(config.lang);
    let days = period.map_or_else(|| w.all_days.to_string(), |p| p.describe());
    let joined = |items: &[crate::report::signals::Counted], sep: &str, pair: &str| {
        items
            .iter()
            .map(|c| format!("{}{pair}{}", c.name, c.contacts))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let columns = [
        "signal",
        "contacts",
        "residents",
        "desks",
        "topics",
        "first",
        "last",
    ];
    output::listing(
        out,
        args.format,
        config.lang,
        || json!({ "period": period.map(|p| p.label()), "desk": desk, "signals": list }),
        || {
            Table::new(columns).rows(list.iter().map(|s| {
                vec![
                    s.label.clone(),
                    s.contacts.to_string(),
                    s.residents.to_string(),
                    joined(&s.desks, "|", ":"),
                    joined(&s.topics, "|", ":"),
                    s.first.format(AT_FORMAT).to_string(),
                    s.last.format(AT_FORMAT).to_string(),
                ]
            }))
        },
        || {
            let rows = list.iter().map(|s| {
                let topics: Vec<_> = s
                    .topics
                    .iter()
                    .map(|t| crate::report::signals::Counted {
                        name: config.topic_label(&t.name, config.lang).to_string(),
                        contacts: t.contacts,
                    })
                    .collect();
                vec![
                    s.label.clone(),
                    s.contacts.to_string(),
                    s.residents.to_string(),
                    s.first.date().to_string(),
                    s.last.date().to_string(),
                    joined(&s.desks, ", ", " "),
                    joined(&topics, ", ", " "),
                ]
            });
            let header = [
                "signal",
                "contacts",
                "residents",
                "first",
                "last",
                "desks",
                "topics",
            ];
            Page::new(Table::new(header).rows(rows))
                .above(format!(
                    "{}, {days}, {}",
                    w.signals,
                    scope(config.lang, desk)
                ))
                .when_empty(w.no_signals)
                .below(format!(
                    "{}; {}",
                    count(config.lang, list.len(), Noun::Signal),
                    w.residents_distinct
                ))
        },
    )
}
