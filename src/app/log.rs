//! `balie log`: store one contact from the command line, after the same checks the entry
//! form makes, and refuse a note that looks like it holds personal data.

use super::errors::said;
use super::words::fail;
use anyhow::Result;
use chrono::NaiveDateTime;

use super::desk_and_volunteer;
use crate::cli::Cli;
use crate::cli::contacts::LogArgs;
use crate::config::Config;
use crate::domain::{Contact, ContactId};
use crate::privacy;
use crate::store::Store;
use crate::when;

/// Store the contact `args` describe; its id.
pub fn log(
    cli: &Cli,
    args: &LogArgs,
    config: &Config,
    store: &mut Store,
    now: NaiveDateTime,
) -> Result<ContactId> {
    let (desk, volunteer) = desk_and_volunteer(cli, config, store)?;
    let desk = desk.ok_or_else(|| said(fail::no_desk_set))?;
    let volunteer = volunteer.ok_or_else(|| said(fail::no_volunteer_set))?;
    let at = when::parse_moment(args.at.as_deref().unwrap_or(""), now)?;
    let mut c = Contact::bare(at, &desk, &volunteer, args.topics.clone(), now);
    c.channel = args.channel.clone();
    c.kind = args.kind;
    c.landlord = args.landlord.clone();
    c.minutes = args.minutes;
    c.referred_from = args.referred_from.clone();
    c.referred_to = args.referred_to.clone();
    c.language = args.language.clone();
    c.resident = args.resident.clone();
    c.postcode = args.postcode.clone();
    c.follow_up = args
        .follow_up
        .as_deref()
        .map(|d| when::parse_day(d, now.date()))
        .transpose()?;
    c.note = args.note.clone();
    c.signal = args.signal.clone();
    c.validate(config)?;
    c.signal = c
        .signal
        .take()
        .map(|s| store.canonical_signal(&s))
        .transpose()?;
    if !args.allow_personal_data {
        refuse_personal_data(&c)?;
    }
    store.insert(&c)?;
    Ok(c.id)
}

/// Refuse a contact whose note or resident code looks like it holds personal data, naming
/// what was found (never repeating it).
pub fn refuse_personal_data(c: &Contact) -> Result<()> {
    let note = privacy::scan(&c.note);
    let code = c.resident.as_deref().map(privacy::scan).unwrap_or_default();
    if note.is_empty() && code.is_empty() {
        return Ok(());
    }
    let describe = |found: &_, lang| {
        let found: &Vec<_> = found;
        (!found.is_empty()).then(|| privacy::describe(found, lang))
    };
    Err(said(|l| {
        fail::personal_data(l, describe(&note, l), describe(&code, l))
    }))
}
