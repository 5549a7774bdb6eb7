//! `balie kb check`, `edit`, `review`, `history` and `revert`: keeping the knowledge base
//! current from inside balie. Every change is stored as this desk's own version, keeps the
//! text it replaced, and is written in the audit log (by [`kb::versions`]).

use std::io::Write;

use anyhow::{Result, anyhow};
use chrono::NaiveDateTime;
use serde::Serialize;

use super::Setup;
use super::kb::{ArticleOut, article_out, status, unknown_article};
use super::output::{self, Page, Table};
use crate::cli::kb::{EditArgs, HistoryArgs, RevertArgs, ReviewArgs};
use crate::cli::{Cli, Format};
use crate::config::Config;
use crate::kb::{self, Article, Saved, edit::Outcome};
use crate::store::Store;

use crate::kb::markdown::KORT_MAX_WORDS as KORT_WORDS;

/// A note when the Kort block is missing or long, for after saving.
pub fn kort_note(a: &Article) -> Option<String> {
    match a.kort() {
        None => Some(
            "note: the article has no `## Kort` block; volunteers read that first (what to \
             tell, where to refer, what to bring)"
                .into(),
        ),
        Some(blocks) => {
            let n = kb::markdown::word_count(&blocks);
            (n > KORT_WORDS).then(|| {
                format!(
                    "note: the Kort block has {n} words; keep it to about {KORT_WORDS} so it \
                     fits on the screen"
                )
            })
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
    let volunteer = super::required_who(cli, config, store)?;
    let Some(stored) = kb::get(store, &a.id)? else {
        return Err(unknown_article(&a.id, store));
    };
    let draft = kb::edit::draft_path(&ctx.data_dir.join(kb::edit::DRAFTS_DIR), &a.id);
    if draft.exists() {
        eprintln!(
            "note: continuing the edit you left unfinished ({})",
            draft.display()
        );
    }
    let outcome = kb::edit::edit_in_editor(
        &stored.article.render(),
        &draft,
        config.lang,
        &a.id,
        config,
        |e| eprintln!("error: {e} (the editor opens again with this message)"),
    )?;
    match outcome {
        Outcome::Valid(article) => match kb::save_edit(store, &article, &volunteer, ctx.now)? {
            Saved::Version(v) => {
                writeln!(
                    out,
                    "saved `{}` as version {v}, this desk's own: a newer balie will not \
                     overwrite it (`balie kb history {}` lists the versions)",
                    article.id, article.id
                )?;
                if let Some(note) = kort_note(&article) {
                    writeln!(out, "{note}")?;
                }
            }
            Saved::Unchanged => writeln!(out, "no changes: nothing was stored")?,
        },
        Outcome::Unchanged => writeln!(out, "no changes: nothing was stored")?,
        Outcome::Abandoned { draft, error } => {
            return Err(anyhow!(
                "{error}\nnothing was stored; your text is kept in {} and `balie kb edit {}` \
                 continues from it",
                draft.display(),
                a.id
            ));
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
        Saved::Version(v) => writeln!(
            out,
            "recorded: `{}` checked on {} by {volunteer} against {} (version {v}, this desk's \
             own from now on)",
            a.id,
            ctx.now.date(),
            a.against.trim()
        )?,
        Saved::Unchanged => writeln!(
            out,
            "this check was recorded today already: nothing changed"
        )?,
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
    let table = || {
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
                v.origin.code().to_string(),
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
        table,
        || {
            Page::new(table()).when_empty(format!(
                "`{}` was never edited, reviewed or reverted here: it is stored as {}.",
                a.id,
                stored.origin.code()
            ))
        },
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
        Saved::Version(v) => writeln!(
            out,
            "`{}` reads as version {} again (stored as version {v})",
            a.id, a.version
        )?,
        Saved::Unchanged => writeln!(
            out,
            "`{}` already reads as version {}: nothing changed",
            a.id, a.version
        )?,
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

/// Why an article is in `kb check`, in a few words.
fn why(r: &kb::ToReview) -> String {
    let mut parts = Vec::new();
    if !r.warnings.is_empty() {
        parts.push(status(&r.warnings));
    }
    if r.shipped_changed {
        parts.push(format!(
            "you edited it and balie now ships another text: compare with `balie kb show {} --shipped`",
            r.stored.article.id
        ));
    }
    if r.no_longer_shipped {
        parts.push("you edited it; balie no longer ships it".into());
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
    let table = || {
        Table::new(["links", "id", "why", "title"]).rows(found.iter().map(|r| {
            vec![
                r.links.to_string(),
                r.stored.article.id.clone(),
                why(r),
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
        table,
        || {
            if found.is_empty() {
                return Page::lines([
                    "Nothing to review: every article is checked and current.".to_string()
                ]);
            }
            Page::new(table()).above(
                "To review, most used first (links = contacts it was linked to in the last 12 \
                 months). After checking one: `balie kb review ID --against SOURCE`, or `balie kb \
                 edit ID` to change it.",
            )
        },
    )
}
