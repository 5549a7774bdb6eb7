//! `balie kb check`, `edit`, `review`, `history` and `revert`: keeping the knowledge base
//! current from inside balie. Every change is stored as this desk's own version, keeps the
//! text it replaced, and is written in the audit log (by [`kb::versions`]).

use std::io::Write;

use anyhow::Result;
use chrono::NaiveDateTime;
use serde::Serialize;

use super::Setup;
use super::errors::said;
use super::kb::{ArticleOut, article_out, status, unknown_article};
use super::output::{self, Page, Table};
use super::words::kb as words;
use crate::cli::kb::{EditArgs, HistoryArgs, RevertArgs, ReviewArgs};
use crate::cli::{Cli, Format};
use crate::config::Config;
use crate::i18n::Lang;
use crate::kb::{self, Article, Saved, edit::Outcome};
use crate::store::Store;

use crate::kb::markdown::KORT_MAX_WORDS as KORT_WORDS;

/// A note when the Kort block is missing or long, for after saving.
pub fn kort_note(a: &Article, lang: Lang) -> Option<String> {
    match a.kort() {
        None => Some(words::no_kort(lang).into()),
        Some(blocks) => {
            let n = kb::markdown::word_count(&blocks);
            (n > KORT_WORDS).then(|| words::long_kort(lang, n, KORT_WORDS))
        }
    }
}

pub fn edit(
    cli: &Cli,
    a: &EditArgs,
    ctx: &Setup,
    config: &Config,
    store: &mut Store,
    out: &mut dyn Write,
) -> Result<()> {
    let lang = config.lang;
    let volunteer = super::required_who(cli, config, store)?;
    let Some(stored) = kb::get(store, &a.id)? else {
        return Err(unknown_article(&a.id, store));
    };
    let draft = kb::edit::draft_path(&ctx.data_dir.join(kb::edit::DRAFTS_DIR), &a.id);
    if draft.exists() {
        eprintln!("{}", words::continuing(lang, &draft.display()));
    }
    let outcome = kb::edit::edit_in_editor(
        &stored.article.render(),
        &draft,
        config.lang,
        &a.id,
        config,
        |e| {
            let e = said(|l| words::edit_mistake(l, e));
            eprintln!("{}", super::errors::line(lang, &e));
        },
    )?;
    match outcome {
        Outcome::Valid(article) => match kb::save_edit(store, &article, &volunteer, ctx.now)? {
            Saved::Version(v) => {
                writeln!(out, "{}", words::saved(lang, &article.id, v))?;
                if let Some(note) = kort_note(&article, lang) {
                    writeln!(out, "{note}")?;
                }
            }
            Saved::Unchanged => writeln!(out, "{}", words::no_changes(lang))?,
        },
        Outcome::Unchanged => writeln!(out, "{}", words::no_changes(lang))?,
        Outcome::Abandoned { draft, error } => {
            let draft = draft.display();
            return Err(said(|l| words::edit_abandoned(l, &error, &draft, &a.id)));
        }
    }
    Ok(())
}

pub fn review(
    cli: &Cli,
    a: &ReviewArgs,
    ctx: &Setup,
    config: &Config,
    store: &mut Store,
    out: &mut dyn Write,
) -> Result<()> {
    let volunteer = super::required_who(cli, config, store)?;
    if kb::get(store, &a.id)?.is_none() {
        return Err(unknown_article(&a.id, store));
    }
    match kb::review(store, &a.id, &a.against, &volunteer, ctx.now)? {
        Saved::Version(v) => {
            let (day, against) = (ctx.now.date(), a.against.trim());
            let line = words::reviewed(config.lang, &a.id, day, &volunteer, against, v);
            writeln!(out, "{line}")?;
        }
        Saved::Unchanged => writeln!(out, "{}", words::reviewed_today(config.lang))?,
    }
    Ok(())
}

#[derive(Serialize)]
struct VersionOut<'a> {
    #[serde(flatten)]
    version: &'a kb::Version,
    current: bool,
}

pub fn history(
    a: &HistoryArgs,
    store: &Store,
    lang: crate::i18n::Lang,
    out: &mut dyn Write,
) -> Result<()> {
    let Some(stored) = kb::get(store, &a.id)? else {
        return Err(unknown_article(&a.id, store));
    };
    let versions = kb::history(store, &a.id)?;
    let current = |v: &kb::Version| Article::content_hash_of(&v.text) == stored.content_hash;
    // the CSV keeps its English codes, the table says where a version came from in `lang`
    let table = |lang| {
        let header = [
            "version", "saved", "by", "change", "note", "origin", "current",
        ];
        Table::new(header).rows(versions.iter().map(|v| {
            vec![
                v.version.to_string(),
                v.saved_at.format("%Y-%m-%d %H:%M").to_string(),
                v.volunteer.clone(),
                v.change.code().to_string(),
                v.note.clone(),
                words::origin(lang, v.origin).to_string(),
                if current(v) { "*" } else { "" }.to_string(),
            ]
        }))
    };
    output::listing(
        out,
        a.format.format,
        lang,
        || {
            versions
                .iter()
                .map(|v| VersionOut {
                    version: v,
                    current: current(v),
                })
                .collect::<Vec<_>>()
        },
        || table(Lang::En),
        || Page::new(table(lang)).when_empty(words::never_changed(lang, &a.id, stored.origin)),
    )
}

pub fn revert(
    cli: &Cli,
    a: &RevertArgs,
    ctx: &Setup,
    config: &Config,
    store: &mut Store,
    out: &mut dyn Write,
) -> Result<()> {
    let volunteer = super::required_who(cli, config, store)?;
    if kb::get(store, &a.id)?.is_none() {
        return Err(unknown_article(&a.id, store));
    }
    match kb::revert(store, &a.id, a.version, config, &volunteer, ctx.now)? {
        Saved::Version(v) => {
            writeln!(out, "{}", words::reverted(config.lang, &a.id, a.version, v))?;
        }
        Saved::Unchanged => {
            writeln!(
                out,
                "{}",
                words::already_reads(config.lang, &a.id, a.version)
            )?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct ReviewOut<'a> {
    #[serde(flatten)]
    article: ArticleOut<'a>,
    links_12_months: u64,
    shipped_changed: bool,
    no_longer_shipped: bool,
}

/// Why an article is in `kb check`, in a few words, in `lang`.
fn why(r: &kb::ToReview, lang: Lang) -> String {
    let mut parts = Vec::new();
    if !r.warnings.is_empty() {
        parts.push(status(&r.warnings, lang));
    }
    if r.shipped_changed {
        parts.push(words::shipped_changed(lang, &r.stored.article.id));
    }
    if r.no_longer_shipped {
        parts.push(words::no_longer_shipped(lang).into());
    }
    parts.join("; ")
}

pub fn check(
    format: Format,
    config: &Config,
    store: &Store,
    now: NaiveDateTime,
    out: &mut dyn Write,
) -> Result<()> {
    let found = kb::check(store, now, config.kb_stale_after_years)?;
    let today = now.date();
    // the CSV keeps its English words, the table is in the volunteer's language
    let table = |lang| {
        Table::new(["links", "id", "why", "title"]).rows(found.iter().map(|r| {
            vec![
                r.links.to_string(),
                r.stored.article.id.clone(),
                why(r, lang),
                r.stored.article.title.clone(),
            ]
        }))
    };
    output::listing(
        out,
        format,
        config.lang,
        || {
            found
                .iter()
                .map(|r| ReviewOut {
                    article: article_out(&r.stored, config, today),
                    links_12_months: r.links,
                    shipped_changed: r.shipped_changed,
                    no_longer_shipped: r.no_longer_shipped,
                })
                .collect::<Vec<_>>()
        },
        || table(Lang::En),
        || {
            if found.is_empty() {
                return Page::lines([words::nothing_to_review(config.lang).to_string()]);
            }
            Page::new(table(config.lang)).above(words::to_review(config.lang))
        },
    )
}
