//! `balie kb ...`: search, list, show, export, import and check knowledge-base articles. Every
//! kb command first brings the shipped articles into the database ([`kb::sync_shipped`]).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, anyhow};
use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::{Setup, output};
use crate::cli::{Cli, Format, FormatArg};
use crate::config::Config;
use crate::i18n::Lang;
use crate::kb::{self, Hit, KbError, Origin, StoredArticle, Warning, markdown};
use crate::store::Store;

#[derive(Debug, Args)]
pub struct KbArgs {
    #[command(subcommand)]
    pub command: KbCommand,
}

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Find articles, best first (typos and missing accents are fine)
    Search(SearchArgs),
    /// Every article, by id
    List(FormatArg),
    /// One article in full, with its source and a warning when it is out of date
    Show(ShowArgs),
    /// Write every article to DIR as ID.md, the format `kb import` reads
    Export(ExportArgs),
    /// Add or update articles from a .md file or a folder of them (all checked first)
    Import(ImportArgs),
    /// The articles past their review date or validity
    Check(FormatArg),
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for: words as you would say them (`groot naar beter`, `schimmel`)
    #[arg(required = true, num_args = 1.., value_name = "QUERY")]
    pub query: Vec<String>,
    /// At most this many results
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's id (see `balie kb list` or `balie kb search`)
    pub id: String,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Folder to write to (created if needed; files with the same name are replaced)
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A .md article file, or a folder of them
    pub path: PathBuf,
}

/// Carry out a `balie kb` command.
pub fn run(cli: &Cli, args: &KbArgs, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let mut store = ctx.store(&config)?;
    kb::sync_shipped(&mut store, ctx.now)?;
    match &args.command {
        KbCommand::Search(a) => search(a, &store, out),
        KbCommand::List(f) => list(f.format, &store, ctx.now.date(), out),
        KbCommand::Show(a) => show(&a.id, &config, &store, ctx.now.date(), out),
        KbCommand::Export(a) => {
            let written = kb::export(&store, &a.dir)?;
            writeln!(
                out,
                "wrote {} articles to {}",
                written.len(),
                a.dir.display()
            )?;
            Ok(())
        }
        KbCommand::Import(a) => import(a, &config, &mut store, ctx.now, out),
        KbCommand::Check(f) => check(f.format, &store, ctx.now.date(), out),
    }
}

#[derive(Serialize)]
struct HitOut<'a> {
    id: &'a str,
    title: &'a str,
    score: u32,
    tier: kb::Tier,
    /// Where the snippet comes from: title, alias or text.
    field: kb::Field,
    snippet: &'a str,
    /// The parts of the snippet that matched.
    matches: Vec<&'a str>,
}

fn search(a: &SearchArgs, store: &Store, out: &mut dyn Write) -> Result<()> {
    let query = a.query.join(" ");
    let mut searcher = kb::Searcher::load(store)?;
    let hits = searcher.search(store, &query, a.limit)?;
    match a.format.format {
        Format::Json => {
            let rows: Vec<HitOut> = hits.iter().map(hit_out).collect();
            output::json(out, &rows)?;
        }
        Format::Csv => {
            let rows: Vec<Vec<String>> = hits
                .iter()
                .map(|h| {
                    vec![
                        h.id.clone(),
                        h.title.clone(),
                        h.score.to_string(),
                        h.snippet.text.clone(),
                    ]
                })
                .collect();
            output::csv(out, &["id", "title", "score", "snippet"], &rows)?;
        }
        Format::Table if hits.is_empty() => {
            writeln!(
                out,
                "No article matches `{query}`. Try another word, or `balie kb list` for all of them."
            )?;
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = hits
                .iter()
                .map(|h| {
                    vec![
                        h.score.to_string(),
                        h.id.clone(),
                        h.title.clone(),
                        h.snippet.marked("[", "]"),
                    ]
                })
                .collect();
            output::table(out, &["score", "id", "title", "why"], &rows)?;
        }
    }
    Ok(())
}

fn hit_out(h: &Hit) -> HitOut<'_> {
    HitOut {
        id: &h.id,
        title: &h.title,
        score: h.score,
        tier: h.tier,
        field: h.snippet.field,
        snippet: &h.snippet.text,
        matches: h
            .snippet
            .highlights
            .iter()
            .map(|r| &h.snippet.text[r.clone()])
            .collect(),
    }
}

/// One article in listings and JSON.
#[derive(Serialize)]
struct ArticleOut<'a> {
    id: &'a str,
    title: &'a str,
    aliases: &'a [String],
    topics: &'a [String],
    source: &'a str,
    valid_from: NaiveDate,
    valid_until: Option<NaiveDate>,
    last_checked: NaiveDate,
    review_by: Option<NaiveDate>,
    origin: Origin,
    warnings: Vec<Warning>,
}

fn article_out(s: &StoredArticle, today: NaiveDate) -> ArticleOut<'_> {
    let a = &s.article;
    ArticleOut {
        id: &a.id,
        title: &a.title,
        aliases: &a.aliases,
        topics: &a.topics,
        source: &a.source,
        valid_from: a.valid_from,
        valid_until: a.valid_until,
        last_checked: a.last_checked,
        review_by: a.review_by,
        origin: s.origin,
        warnings: a.warnings(today),
    }
}

/// A short status for tables: `ok`, or what is wrong and since when.
fn status(warnings: &[Warning]) -> String {
    if warnings.is_empty() {
        return "ok".into();
    }
    warnings
        .iter()
        .map(|w| match w {
            Warning::Expired(d) => format!("expired {d}"),
            Warning::ReviewOverdue(d) => format!("review overdue since {d}"),
            Warning::NotYetValid(d) => format!("valid from {d}"),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn list(format: Format, store: &Store, today: NaiveDate, out: &mut dyn Write) -> Result<()> {
    let articles = kb::list(store)?;
    match format {
        Format::Json => {
            let rows: Vec<ArticleOut> = articles.iter().map(|a| article_out(a, today)).collect();
            output::json(out, &rows)?;
        }
        Format::Csv => {
            let opt = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            let rows: Vec<Vec<String>> = articles
                .iter()
                .map(|s| {
                    let a = &s.article;
                    vec![
                        a.id.clone(),
                        a.title.clone(),
                        a.aliases.join("|"),
                        a.topics.join("|"),
                        a.source.clone(),
                        a.valid_from.to_string(),
                        opt(a.valid_until),
                        a.last_checked.to_string(),
                        opt(a.review_by),
                        s.origin.code().to_string(),
                    ]
                })
                .collect();
            output::csv(
                out,
                &[
                    "id",
                    "title",
                    "aliases",
                    "topics",
                    "source",
                    "valid_from",
                    "valid_until",
                    "last_checked",
                    "review_by",
                    "origin",
                ],
                &rows,
            )?;
        }
        Format::Table => {
            let rows: Vec<Vec<String>> = articles
                .iter()
                .map(|s| {
                    vec![
                        s.article.id.clone(),
                        s.origin.code().to_string(),
                        s.article.last_checked.to_string(),
                        status(&s.article.warnings(today)),
                        s.article.title.clone(),
                    ]
                })
                .collect();
            output::table(out, &["id", "origin", "checked", "status", "title"], &rows)?;
        }
    }
    Ok(())
}

/// The words of `kb show`, per interface language.
struct ShowWords {
    topics: &'static str,
    source: &'static str,
    valid: &'static str,
    from: &'static str,
    until: &'static str,
    last_checked: &'static str,
    review_by: &'static str,
    shipped: &'static str,
    local: &'static str,
    expired: &'static str,
    overdue: &'static str,
    not_yet: &'static str,
}

const SHOW_NL: ShowWords = ShowWords {
    topics: "onderwerpen",
    source: "bron",
    valid: "geldig",
    from: "vanaf",
    until: "tot en met",
    last_checked: "laatst gecontroleerd",
    review_by: "opnieuw bekijken voor",
    shipped: "meegeleverd met balie",
    local: "van deze balie",
    expired: "LET OP: dit artikel geldt niet meer sinds {date}. Gebruik het niet zonder te controleren wat nu geldt.",
    overdue: "LET OP: dit artikel had voor {date} opnieuw bekeken moeten worden. Controleer of het nog klopt voor je het doorgeeft.",
    not_yet: "LET OP: dit artikel geldt pas vanaf {date}.",
};

const SHOW_EN: ShowWords = ShowWords {
    topics: "topics",
    source: "source",
    valid: "valid",
    from: "from",
    until: "until",
    last_checked: "last checked",
    review_by: "review by",
    shipped: "shipped with balie",
    local: "this desk's own",
    expired: "WARNING: this article no longer holds since {date}. Do not use it without checking what holds now.",
    overdue: "WARNING: this article should have been reviewed by {date}. Check that it still holds before passing it on.",
    not_yet: "WARNING: this article only holds from {date}.",
};

fn show(
    id: &str,
    config: &Config,
    store: &Store,
    today: NaiveDate,
    out: &mut dyn Write,
) -> Result<()> {
    let Some(stored) = kb::get(store, id)? else {
        return Err(unknown_article(id, store));
    };
    let a = &stored.article;
    let w = match config.lang {
        Lang::Nl => &SHOW_NL,
        Lang::En => &SHOW_EN,
    };
    writeln!(out, "{}", a.title)?;
    writeln!(out, "{}", "=".repeat(a.title.chars().count()))?;
    let topics: Vec<&str> = a
        .topics
        .iter()
        .map(|t| config.topic_label(t, config.lang))
        .collect();
    let origin = match stored.origin {
        Origin::Shipped => w.shipped,
        Origin::Local => w.local,
    };
    writeln!(out, "id: {} ({origin})", a.id)?;
    writeln!(out, "{}: {}", w.topics, topics.join(", "))?;
    writeln!(out, "{}: {}", w.source, a.source)?;
    let until = a
        .valid_until
        .map(|d| format!(" {} {d}", w.until))
        .unwrap_or_default();
    writeln!(out, "{}: {} {}{until}", w.valid, w.from, a.valid_from)?;
    let review = a
        .review_by
        .map(|d| format!("; {} {d}", w.review_by))
        .unwrap_or_default();
    writeln!(out, "{}: {}{review}", w.last_checked, a.last_checked)?;
    for warning in a.warnings(today) {
        let (text, date) = match warning {
            Warning::Expired(d) => (w.expired, d),
            Warning::ReviewOverdue(d) => (w.overdue, d),
            Warning::NotYetValid(d) => (w.not_yet, d),
        };
        writeln!(out, "{}", text.replace("{date}", &date.to_string()))?;
    }
    writeln!(out)?;
    let mut blocks = markdown::blocks(&a.body);
    // The title is printed above already.
    if matches!(blocks.first(), Some(b @ markdown::Block::Heading { level: 1, .. }) if b.text() == a.title)
    {
        blocks.remove(0);
    }
    write!(out, "{}", markdown::to_text(&blocks))?;
    Ok(())
}

/// `no article `x``, naming the closest ids.
fn unknown_article(id: &str, store: &Store) -> anyhow::Error {
    let articles = match kb::list(store) {
        Ok(a) => a,
        Err(e) => return e.into(),
    };
    let candidates = articles.iter().map(|s| {
        let words = std::iter::once(s.article.id.as_str())
            .chain(s.article.aliases.iter().map(String::as_str))
            .collect::<Vec<_>>();
        (s.article.id.as_str(), words)
    });
    let close = crate::config::closest(id, candidates, 3);
    if close.is_empty() {
        anyhow!("there is no article `{id}`; find one with `balie kb search WORDS`")
    } else {
        let names: Vec<String> = close.iter().map(|c| format!("`{c}`")).collect();
        anyhow!(
            "there is no article `{id}`; did you mean {}?",
            names.join(" or ")
        )
    }
}

fn import(
    a: &ImportArgs,
    config: &Config,
    store: &mut Store,
    now: NaiveDateTime,
    out: &mut dyn Write,
) -> Result<()> {
    let report = match kb::import(store, &a.path, config, now) {
        Ok(r) => r,
        Err(KbError::Invalid(errors)) => {
            let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
            let files = if errors.len() == 1 {
                "the file"
            } else {
                "the files"
            };
            return Err(anyhow!(
                "{}\nnothing was imported: correct {files} above and import again",
                list.join("\n")
            ));
        }
        Err(e) => return Err(e.into()),
    };
    writeln!(
        out,
        "imported {} new, {} updated, {} unchanged",
        report.added, report.updated, report.unchanged
    )?;
    Ok(())
}

fn check(format: Format, store: &Store, today: NaiveDate, out: &mut dyn Write) -> Result<()> {
    let found = kb::check(store, today)?;
    match format {
        Format::Json => {
            let rows: Vec<ArticleOut> = found.iter().map(|(a, _)| article_out(a, today)).collect();
            output::json(out, &rows)?;
        }
        Format::Csv | Format::Table => {
            let rows: Vec<Vec<String>> = found
                .iter()
                .map(|(s, w)| vec![s.article.id.clone(), status(w), s.article.title.clone()])
                .collect();
            if format == Format::Csv {
                output::csv(out, &["id", "status", "title"], &rows)?;
            } else if rows.is_empty() {
                writeln!(out, "Every article is within its review date and validity.")?;
            } else {
                output::table(out, &["id", "status", "title"], &rows)?;
            }
        }
    }
    Ok(())
}
