//! `balie kb ...`: search, list, show, export and import knowledge-base articles (keeping them
//! current, `edit`, `review`, `history`, `revert` and `check`, is in [`super::kb_keep`]). Every
//! kb command first brings the shipped articles into the database ([`kb::sync_shipped`]).

use std::io::Write;

use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::Setup;
use super::errors::said;
use super::output::{self, Page, Table};
use super::words::kb as words;
use crate::cli::kb::{ImportArgs, KbArgs, KbCommand, SearchArgs, ShowArgs};
use crate::cli::{Cli, Format};
use crate::config::Config;
use crate::i18n::Lang;
use crate::kb::{self, Hit, KbError, Origin, StoredArticle, Warning, markdown};
use crate::store::Store;

/// Carry out a `balie kb` command.
pub fn run(cli: &Cli, args: &KbArgs, ctx: &Setup, out: &mut dyn Write) -> Result<()> {
    let config = ctx.config(cli)?;
    let mut store = ctx.store(&config)?;
    kb::sync_shipped(&mut store, ctx.now)?;
    match &args.command {
        KbCommand::Search(a) => search(a, &config, &store, ctx.now.date(), out),
        KbCommand::List(f) => list(f.format, &config, &store, ctx.now.date(), out),
        KbCommand::Show(a) => show(a, &config, &store, ctx.now.date(), out),
        KbCommand::Export(a) => {
            let written = kb::export(&store, &a.dir)?;
            let line = words::exported(config.lang, written.len(), &a.dir.display());
            writeln!(out, "{line}")?;
            Ok(())
        }
        KbCommand::Import(a) => import(a, &config, &mut store, ctx.now, out),
        KbCommand::Check(f) => super::kb_keep::check(f.format, &config, &store, ctx.now, out),
        KbCommand::Edit(a) => super::kb_keep::edit(cli, a, ctx, &config, &mut store, out),
        KbCommand::Review(a) => super::kb_keep::review(cli, a, ctx, &config, &mut store, out),
        KbCommand::History(a) => super::kb_keep::history(a, &store, config.lang, out),
        KbCommand::Revert(a) => super::kb_keep::revert(cli, a, ctx, &config, &mut store, out),
    }
}

#[derive(Serialize)]
struct HitOut<'a> {
    id: &'a str,
    title: &'a str,
    score: u32,
    tier: kb::Tier,
    /// How old the facts are ("Feiten uit 2014, sindsdien niet gecontroleerd").
    age: String,
    /// The warning when the facts are stale, if they are.
    stale: Option<String>,
    /// Where the snippet comes from: title, alias or text.
    field: kb::Field,
    snippet: &'a str,
    /// The parts of the snippet that matched.
    matches: Vec<&'a str>,
}

fn search(
    a: &SearchArgs,
    config: &Config,
    store: &Store,
    today: NaiveDate,
    out: &mut dyn Write,
) -> Result<()> {
    let query = a.query.join(" ");
    let mut searcher = kb::Searcher::load(store)?;
    let hits = searcher.search(store, &query, a.limit)?;
    let lang = config.lang;
    let years = config.kb_stale_after_years;
    // Each hit with its age line and stale warning (a hit always has its article).
    let mut aged = Vec::with_capacity(hits.len());
    for h in &hits {
        let (age, stale) = match kb::get(store, &h.id)? {
            Some(s) => (
                s.article.age_line(lang),
                s.article.stale_warning(today, years, lang),
            ),
            None => (String::new(), None),
        };
        aged.push((h, age, stale));
    }
    let partners = kb::partners::matching(config, &query);
    output::listing(
        out,
        a.format.format,
        config.lang,
        || {
            aged.iter()
                .map(|(h, age, stale)| hit_out(h, age.clone(), stale.clone()))
                .collect::<Vec<_>>()
        },
        || {
            Table::new(["id", "title", "score", "age", "snippet"]).rows(aged.iter().map(
                |(h, age, _)| {
                    vec![
                        h.id.clone(),
                        h.title.clone(),
                        h.score.to_string(),
                        age.clone(),
                        h.snippet.text.clone(),
                    ]
                },
            ))
        },
        || {
            if hits.is_empty() && partners.is_empty() {
                return Page::lines([words::no_match(lang, &query)]);
            }
            let mut lines = Vec::new();
            for p in partners {
                lines.extend(kb::partners::card(p, lang));
                lines.push(String::new());
            }
            // Per hit: the title and id, the age line under it, the warning, why it matched.
            for (h, age, stale) in &aged {
                lines.push(format!("{}  ({})", h.title, h.id));
                lines.push(format!("  {age}"));
                if let Some(w) = stale {
                    lines.push(format!("  {w}"));
                }
                lines.push(format!("  {}", h.snippet.marked("[", "]")));
            }
            Page::lines(lines)
        },
    )
}

fn hit_out(h: &Hit, age: String, stale: Option<String>) -> HitOut<'_> {
    HitOut {
        id: &h.id,
        title: &h.title,
        score: h.score,
        tier: h.tier,
        age,
        stale,
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
pub(super) struct ArticleOut<'a> {
    id: &'a str,
    title: &'a str,
    aliases: &'a [String],
    topics: &'a [String],
    source: &'a str,
    facts_from: Option<NaiveDate>,
    valid_from: Option<NaiveDate>,
    valid_until: Option<NaiveDate>,
    last_checked: Option<NaiveDate>,
    checked_against: Option<&'a str>,
    review_by: Option<NaiveDate>,
    origin: Origin,
    /// How old the facts are, in the interface language.
    age: String,
    warnings: Vec<Warning>,
}

pub(super) fn article_out<'a>(
    s: &'a StoredArticle,
    config: &Config,
    today: NaiveDate,
) -> ArticleOut<'a> {
    let a = &s.article;
    ArticleOut {
        id: &a.id,
        title: &a.title,
        aliases: &a.aliases,
        topics: &a.topics,
        source: &a.source,
        facts_from: a.facts_from,
        valid_from: a.valid_from,
        valid_until: a.valid_until,
        last_checked: a.last_checked,
        checked_against: a.checked_against.as_deref(),
        review_by: a.review_by,
        origin: s.origin,
        age: a.age_line(config.lang),
        warnings: a.warnings(today, config.kb_stale_after_years),
    }
}

/// A short status for tables, in `lang`: `ok`, or what is wrong and since when.
pub(super) fn status(warnings: &[Warning], lang: Lang) -> String {
    if warnings.is_empty() {
        return words::ok(lang).into();
    }
    warnings
        .iter()
        .map(|w| words::warning(lang, w))
        .collect::<Vec<_>>()
        .join("; ")
}

fn opt(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn list(
    format: Format,
    config: &Config,
    store: &Store,
    today: NaiveDate,
    out: &mut dyn Write,
) -> Result<()> {
    let articles = kb::list(store)?;
    let years = config.kb_stale_after_years;
    let columns = [
        "id",
        "title",
        "aliases",
        "topics",
        "source",
        "facts_from",
        "valid_from",
        "valid_until",
        "last_checked",
        "checked_against",
        "review_by",
        "origin",
    ];
    output::listing(
        out,
        format,
        config.lang,
        || {
            articles
                .iter()
                .map(|a| article_out(a, config, today))
                .collect::<Vec<_>>()
        },
        || {
            Table::new(columns).rows(articles.iter().map(|s| {
                let a = &s.article;
                vec![
                    a.id.clone(),
                    a.title.clone(),
                    a.aliases.join("|"),
                    a.topics.join("|"),
                    a.source.clone(),
                    opt(a.facts_from),
                    opt(a.valid_from),
                    opt(a.valid_until),
                    opt(a.last_checked),
                    a.checked_against.clone().unwrap_or_default(),
                    opt(a.review_by),
                    s.origin.code().to_string(),
                ]
            }))
        },
        || {
            let header = ["id", "origin", "facts", "checked", "status", "title"];
            Page::new(Table::new(header).rows(articles.iter().map(|s| {
                let a = &s.article;
                vec![
                    a.id.clone(),
                    words::origin(config.lang, s.origin).to_string(),
                    a.facts_from
                        .map(|d| d.format("%Y").to_string())
                        .unwrap_or_else(|| "?".into()),
                    a.last_checked
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "-".into()),
                    status(&a.warnings(today, years), config.lang),
                    a.title.clone(),
                ]
            })))
        },
    )
}

/// The words of `kb show`, per interface language.
struct ShowWords {
    topics: &'static str,
    source: &'static str,
    facts_from: &'static str,
    valid: &'static str,
    from: &'static str,
    until: &'static str,
    review_by: &'static str,
    shipped: &'static str,
    local: &'static str,
    shipped_text: &'static str,
    expired: &'static str,
    overdue: &'static str,
    not_yet: &'static str,
}

const SHOW_NL: ShowWords = ShowWords {
    topics: "onderwerpen",
    source: "bron",
    facts_from: "feiten van",
    valid: "geldig",
    from: "vanaf",
    until: "tot en met",
    review_by: "opnieuw bekijken voor",
    shipped: "meegeleverd met balie",
    local: "van deze balie",
    shipped_text: "de tekst die deze balie meelevert",
    expired: "LET OP: dit artikel geldt niet meer sinds {date}. Gebruik het niet zonder te controleren wat nu geldt.",
    overdue: "LET OP: dit artikel had voor {date} opnieuw bekeken moeten worden. Controleer of het nog klopt voor je het doorgeeft.",
    not_yet: "LET OP: dit artikel geldt pas vanaf {date}.",
};

const SHOW_EN: ShowWords = ShowWords {
    topics: "topics",
    source: "source",
    facts_from: "facts from",
    valid: "valid",
    from: "from",
    until: "until",
    review_by: "review by",
    shipped: "shipped with balie",
    local: "this desk's own",
    shipped_text: "the text this balie ships",
    expired: "WARNING: this article no longer holds since {date}. Do not use it without checking what holds now.",
    overdue: "WARNING: this article should have been reviewed by {date}. Check that it still holds before passing it on.",
    not_yet: "WARNING: this article only holds from {date}.",
};

fn show(
    args: &ShowArgs,
    config: &Config,
    store: &Store,
    today: NaiveDate,
    out: &mut dyn Write,
) -> Result<()> {
    let id = args.id.as_str();
    let Some(stored) = kb::get(store, id)? else {
        return Err(unknown_article(id, store));
    };
    let w = match config.lang {
        Lang::Nl => &SHOW_NL,
        Lang::En => &SHOW_EN,
    };
    let (a, origin) = if args.shipped {
        match kb::shipped_text(id)? {
            Some(a) => (a, w.shipped_text),
            None => return Err(said(|l| words::not_shipped(l, id))),
        }
    } else {
        let origin = match stored.origin {
            Origin::Shipped => w.shipped,
            Origin::Local => w.local,
        };
        (stored.article, origin)
    };
    let lang = config.lang;
    writeln!(out, "{}", a.title)?;
    writeln!(out, "{}", "=".repeat(a.title.chars().count()))?;
    // The first line under the title: how old the facts are, then the warning if stale.
    writeln!(out, "{}", a.age_line(lang))?;
    if let Some(stale) = a.stale_warning(today, config.kb_stale_after_years, lang) {
        writeln!(out, "{stale}")?;
    }
    for warning in a.warnings(today, config.kb_stale_after_years) {
        let (text, date) = match warning {
            Warning::Expired(d) => (w.expired, d),
            Warning::ReviewOverdue(d) => (w.overdue, d),
            Warning::NotYetValid(d) => (w.not_yet, d),
            Warning::Stale(_) | Warning::CheckStale(_) => continue,
        };
        writeln!(out, "{}", text.replace("{date}", &kb::age::day(date, lang)))?;
    }
    let topics: Vec<&str> = a
        .topics
        .iter()
        .map(|t| config.topic_label(t, lang))
        .collect();
    writeln!(out, "id: {} ({origin})", a.id)?;
    writeln!(out, "{}: {}", w.topics, topics.join(", "))?;
    writeln!(out, "{}: {}", w.source, a.source)?;
    if let Some(d) = a.facts_from {
        writeln!(out, "{}: {}", w.facts_from, kb::age::day(d, lang))?;
    }
    if a.valid_from.is_some() || a.valid_until.is_some() {
        let from = a
            .valid_from
            .map(|d| format!(" {} {}", w.from, kb::age::day(d, lang)))
            .unwrap_or_default();
        let until = a
            .valid_until
            .map(|d| format!(" {} {}", w.until, kb::age::day(d, lang)))
            .unwrap_or_default();
        writeln!(out, "{}:{from}{until}", w.valid)?;
    }
    if let Some(d) = a.review_by {
        writeln!(out, "{}: {}", w.review_by, kb::age::day(d, lang))?;
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
pub(super) fn unknown_article(id: &str, store: &Store) -> anyhow::Error {
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
    let names: Vec<String> = close.iter().map(|c| format!("`{c}`")).collect();
    said(|l| words::no_article(l, id, &names))
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
            return Err(said(|l| words::import_refused(l, &errors)));
        }
        Err(e) => return Err(e.into()),
    };
    let (added, updated, same) = (report.added, report.updated, report.unchanged);
    writeln!(
        out,
        "{}",
        words::imported(config.lang, added, updated, same)
    )?;
    Ok(())
}
