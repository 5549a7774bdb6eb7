//! `balie follow-ups`: the follow-ups due (or all open ones), and `follow-ups done ID` /
//! `reopen ID` to mark one (recorded in the audit log).

use std::io::Write;

use super::errors::said;
use super::words::fail;
use anyhow::Result;
use serde_json::{Value, json};

use super::output::{self, Page, Table};
use super::words::{Noun, count, fill, words};
use super::{Setup, audit, required_who, scope};
use crate::cli::desks::{FollowUpAction, FollowUpArgs};
use crate::cli::{Cli, Format};
use crate::config::{Config, Labelled};
use crate::desks::is_contact_id;
use crate::domain::{AT_FORMAT, Contact, ContactId};
use crate::store::{FollowUpDone, FollowUps, Store};

/// `balie follow-ups [--all]`, `balie follow-ups done ID`, `balie follow-ups reopen ID`.
pub fn follow_ups(cli: &Cli, args: &FollowUpArgs, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let mut store = ctx.store(&config)?;
    let today = ctx.now.date();
    match &args.action {
        Some(FollowUpAction::Done(id)) => {
            let id = resolve_id(&store, &id.id)?;
            let by = required_who(cli, &config, &store)?;
            let w = words(config.lang);
            match store.mark_follow_up_done(&id, &by, ctx.now)? {
                FollowUpDone::Marked(c) => writeln!(
                    out,
                    "{}",
                    fill(w.follow_up_marked, &[&id, &describe(&config, &c)])
                )?,
                FollowUpDone::AlreadyDone(at) => writeln!(
                    out,
                    "{}",
                    fill(w.follow_up_was_done, &[&id, &at.format(AT_FORMAT)])
                )?,
                FollowUpDone::NoFollowUp => {
                    return Err(said(|l| fail::no_follow_up_day(l, &id)));
                }
            }
            return Ok(());
        }
        Some(FollowUpAction::Reopen(id)) => {
            let id = resolve_id(&store, &id.id)?;
            let by = required_who(cli, &config, &store)?;
            if !store.reopen_follow_up(&id, &by, ctx.now)? {
                return Err(said(|l| fail::follow_up_not_done(l, &id)));
            }
            writeln!(
                out,
                "{}",
                fill(words(config.lang).follow_up_reopened, &[&id])
            )?;
            return Ok(());
        }
        None => {}
    }
    let which = if args.all {
        FollowUps::All
    } else {
        FollowUps::Due
    };
    let desk = super::known_desk(cli, &config, &store)?;
    let list = store.follow_ups(which, today, desk)?;
    let late = |c: &Contact| c.follow_up.map_or(0, |d| (today - d).num_days());
    let columns = [
        "id",
        "follow_up",
        "days_late",
        "at",
        "desk",
        "volunteer",
        "referred_to",
        "referred_from",
        "topics",
        "signal",
        "note",
    ];
    output::listing(
        out,
        args.format,
        config.lang,
        || {
            list.iter()
                .map(|c| {
                    let mut v = serde_json::to_value(c).unwrap_or(Value::Null);
                    if let Value::Object(m) = &mut v {
                        m.insert("days_late".into(), json!(late(c)));
                    }
                    v
                })
                .collect::<Vec<_>>()
        },
        || {
            Table::new(columns).rows(list.iter().map(|c| {
                vec![
                    c.id.0.clone(),
                    c.follow_up.map(|d| d.to_string()).unwrap_or_default(),
                    late(c).to_string(),
                    c.at.format(AT_FORMAT).to_string(),
                    c.desk.clone(),
                    c.volunteer.clone(),
                    c.referred_to.clone().unwrap_or_default(),
                    c.referred_from.clone().unwrap_or_default(),
                    c.topics.join("|"),
                    c.signal.clone().unwrap_or_default(),
                    c.note.clone(),
                ]
            }))
        },
        || {
            let w = words(config.lang);
            let rows = list.iter().map(|c| {
                let late = match late(c) {
                    0 => w.today.to_string(),
                    n if n > 0 => fill(w.days_late, &[&n]),
                    n => fill(w.in_days, &[&-n]),
                };
                vec![
                    c.follow_up.map(|d| d.to_string()).unwrap_or_default(),
                    late,
                    c.at.format(AT_FORMAT).to_string(),
                    c.desk.clone(),
                    c.referred_to
                        .as_deref()
                        .map(|p| partner_label(&config, p))
                        .unwrap_or_default(),
                    c.topics
                        .iter()
                        .map(|t| config.topic_label(t, config.lang))
                        .collect::<Vec<_>>()
                        .join(", "),
                    c.id.0.clone(),
                    c.note.clone(),
                ]
            });
            let header = [
                "due",
                "late",
                "contact",
                "desk",
                "referred to",
                "topics",
                "id",
                "note",
            ];
            let what = if args.all {
                count(config.lang, list.len(), Noun::OpenFollowUp)
            } else {
                let n = count(config.lang, list.len(), Noun::FollowUp);
                format!("{n} {}", fill(w.due_by, &[&today]))
            };
            let page = Page::new(Table::new(header).rows(rows))
                .below(format!("{what}, {}", scope(config.lang, desk)));
            if list.is_empty() {
                page
            } else {
                page.below(w.mark_done_hint)
            }
        },
    )?;
    if matches!(args.format, Format::Csv | Format::Json) {
        let what = format!(
            "follow-ups --format {:?}: {} contact(s)",
            args.format,
            list.len()
        );
        audit::record_export(cli, &config, &store, ctx.now, &what.to_lowercase())?;
    }
    Ok(())
}

fn partner_label(config: &Config, code: &str) -> String {
    config
        .partner(code)
        .map_or_else(|| code.to_string(), |p| p.label(config.lang).to_string())
}

/// "due 2026-11-27, referred to Huurteam, contact of 2026-11-25 10:00 at Noord".
fn describe(config: &Config, c: &Contact) -> String {
    let w = words(config.lang);
    let mut parts = Vec::new();
    if let Some(d) = c.follow_up {
        parts.push(fill(w.due_on, &[&d]));
    }
    if let Some(p) = &c.referred_to {
        parts.push(fill(w.referred_to, &[&partner_label(config, p)]));
    }
    parts.push(fill(w.contact_of, &[&c.at.format(AT_FORMAT), &c.desk]));
    parts.join(", ")
}

/// A contact id as typed: in full, or its first characters when only one id starts so.
fn resolve_id(store: &Store, typed: &str) -> Result<ContactId> {
    let typed = typed.trim().to_uppercase();
    if !is_contact_id(&typed) {
        return Err(said(|l| fail::not_a_contact_id(l, &typed)));
    }
    if store.get(&ContactId(typed.clone()))?.is_some() {
        return Ok(ContactId(typed));
    }
    if typed.len() < 6 {
        return Err(said(|l| fail::no_contact_id(l, &typed)));
    }
    let found = store.contact_ids_starting_with(&typed, 2)?;
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(said(|l| fail::no_contact_starting(l, &typed))),
        _ => Err(said(|l| fail::many_contacts_starting(l, &typed))),
    }
}
