//! `balie report`: resolve the period from the command line, run the report library, and
//! render tables, CSV or JSON (or xlsx; `--document` is in [`super::document`]).

use std::io::{IsTerminal, Write};

use super::errors::said;
use super::words::fail;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use super::output::{self, Page, Table};
use super::{scope, words};
use crate::cli::report::{PeriodArgs, ReportArgs, ReportFormat};
use crate::cli::{Cli, Format};
use crate::config::Config;
use crate::i18n::Lang;
use crate::report::export::{self, Dialect, ExportError};
use crate::report::query::{NONE_LABEL, value_label};
use crate::report::residents;
use crate::report::sheet::{self, Line, LineKind};
use crate::report::{
    Dim, Period, PeriodKind, Query, RESIDENTS_NOTE, Report, TOPIC_NOTE, TargetProgress,
};
use crate::store::Store;
use crate::when;

/// The period the arguments name, if any.
pub fn period_of(args: &PeriodArgs, today: NaiveDate) -> Result<Option<Period>> {
    let day = |s: &str, what: &str| when::parse_day(s, today).with_context(|| format!("--{what}"));
    match (&args.period, &args.from, &args.to) {
        (Some(p), _, _) => Ok(Some(*p)),
        (None, Some(f), Some(t)) => Ok(Some(Period::range(day(f, "from")?, day(t, "to")?)?)),
        _ => Ok(None),
    }
}

pub fn report(
    cli: &Cli,
    args: &ReportArgs,
    config: &Config,
    store: &Store,
    today: NaiveDate,
    out: &mut dyn Write,
) -> Result<()> {
    let desk = super::known_desk(cli, config, store)?;
    let period = period_of(&args.period, today)?;
    if args.document {
        let period = period.unwrap_or_else(|| Period::containing(PeriodKind::Tertiaal, today));
        return super::document::document(args, config, store, period, desk, today, out);
    }
    if args.targets {
        let year = match period {
            None => Period::containing(PeriodKind::Year, today),
            Some(p @ Period::Year(_)) => p,
            Some(p) => return Err(said(|l| fail::targets_per_year(l, p.year(), &p.label()))),
        };
        let format = plain_format(args.format, "--targets")?;
        let progress = crate::report::target_progress(store, config, year.year(), today, desk)?;
        return targets(&year, today, desk, &progress, format, config.lang, out);
    }
    if args.subtotals && args.by.len() < 2 {
        return Err(said(fail::subtotals_need_two));
    }
    if args.dialect == Dialect::ExcelNl && args.format != ReportFormat::Csv {
        return Err(said(fail::dialect_needs_csv));
    }
    if args.residents {
        let period = period.unwrap_or_else(|| Period::containing(PeriodKind::Week, today));
        let format = plain_format(args.format, "--residents")?;
        return residents(config, store, &period, desk, &args.by, format, out);
    }
    if args.kb_gaps {
        let period = period.unwrap_or_else(|| Period::containing(PeriodKind::Year, today));
        let gaps = crate::report::kb_gaps(store, config, &period, desk)?;

        let format = plain_format(args.format, "--kb-gaps")?;
        return kb_gaps(config, &period, desk, &gaps, format, out);
    }
    let query = Query {
        period: period.unwrap_or_else(|| Period::containing(PeriodKind::Week, today)),
        by: args.by.clone(),
        desk: desk.map(str::to_string),
    };
    let report = crate::report::run(store, config, &query)?;
    let subtotals = if args.subtotals {
        let by_first = Query {
            by: vec![args.by[0]],
            ..query.clone()
        };
        Some(crate::report::run(store, config, &by_first)?)
    } else {
        None
    };
    let lines = sheet::lines(&report, subtotals.as_ref());
    let render = |out: &mut dyn Write| -> Result<()> {
        match args.format {
            ReportFormat::Table => report_table(config, &report, &lines, out),
            ReportFormat::Csv => report_csv(&report, &lines, args.dialect, out),
            ReportFormat::Json => report_json(&report, &lines, out),
            ReportFormat::Xlsx => {
                let scope = scope(config.lang, report.desk.as_deref());
                let mut buf = Vec::new();
                sheet::write_xlsx(&report, &lines, config, &scope, &mut buf)?;
                out.write_all(&buf)?;
                Ok(())
            }
        }
    };
    match &args.output {
        Some(path) => {
            export::write_atomically(path, args.force, |file| {
                let mut buf = Vec::new();
                render(&mut buf)
                    .map_err(|e| ExportError::Write(std::io::Error::other(format!("{e:#}"))))?;
                file.write_all(&buf).map_err(ExportError::Write)
            })?;
            let written = super::words::words(config.lang).written_to;
            let (period, path) = (report.period.describe(), path.display());
            writeln!(out, "{period}: {written} {path}")?;
            Ok(())
        }
        None if args.format == ReportFormat::Xlsx && std::io::stdout().is_terminal() => {
            Err(said(fail::xlsx_on_terminal))
        }
        None => render(out),
    }
}

/// The table, CSV or JSON of a report that has no xlsx form.
fn plain_format(format: ReportFormat, what: &str) -> Result<Format> {
    Ok(match format {
        ReportFormat::Table => Format::Table,
        ReportFormat::Csv => Format::Csv,
        ReportFormat::Json => Format::Json,
        ReportFormat::Xlsx => return Err(said(|l| fail::no_xlsx(l, what))),
    })
}

/// `balie report --residents`: the figures on coming back, broken down by desk or not at all.
fn residents(
    config: &Config,
    store: &Store,
    period: &Period,
    desk: Option<&str>,
    by: &[Dim],
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    if let Some(other) = by.iter().find(|d| **d != Dim::Desk) {
        return Err(said(|l| fail::residents_by_desk_only(l, other.column())));
    }
    let by_desk = !by.is_empty();
    let r = residents::residents(store, period, desk, by_desk)?;
    match format {
        Format::Table => residents::write_table(out, config, &r)?,
        Format::Csv => residents::write_csv(out, &r, by_desk)?,
        Format::Json => output::json(out, &residents::to_json(&r))?,
    }
    Ok(())
}

/// The notes a report needs, in the order shown.
/// In `lang` for the table; JSON keeps them English, as its keys.
fn notes(report: &Report, lang: Lang) -> Vec<String> {
    if lang == Lang::Nl {
        return words::say::report_notes_nl(report);
    }
    let mut notes = Vec::new();
    if report.by.contains(&Dim::Topic) {
        notes.push(TOPIC_NOTE.to_string());
    }
    if report.by.contains(&Dim::Week) {
        let weeks = report.period.weeks();
        let partial: Vec<&str> = weeks
            .iter()
            .filter(|(_, monday)| {
                *monday < report.period.from()
                    || *monday + chrono::Duration::days(6) > report.period.to()
            })
            .map(|(l, _)| l.as_str())
            .collect();
        match partial.as_slice() {
            [] => {}
            [one] => notes.push(format!("week {one} counts only the days inside the period")),
            [first, second] => notes.push(format!(
                "weeks {first} and {second} count only the days inside the period"
            )),
            more => notes.push(format!(
                "weeks {} count only the days inside the period",
                more.join(", ")
            )),
        }
    }
    if report.by.contains(&Dim::Signal) {
        notes.push(
            "signals are counted as written; `balie signals` shows each with its desks and dates"
                .to_string(),
        );
    }
    if report
        .by
        .iter()
        .any(|d| matches!(d, Dim::Signal | Dim::ReferredTo | Dim::ReferredFrom))
    {
        notes.push(format!(
            "only the values that occur are listed; {NONE_LABEL} counts the contacts without one"
        ));
    }
    if report.residents_used() {
        notes.push(RESIDENTS_NOTE.to_string());
    }
    notes
}

fn report_table(
    config: &Config,
    report: &Report,
    lines: &[Line],
    out: &mut dyn Write,
) -> Result<()> {
    let residents = report.residents_used();
    let mut header: Vec<String> = report.by.iter().map(|d| d.column().to_string()).collect();
    header.push("contacts".into());
    if residents {
        header.push("residents".into());
    }
    let counts = |c: crate::report::Counts| {
        let mut v = vec![c.contacts.to_string()];
        if residents {
            v.push(c.residents.to_string());
        }
        v
    };
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|line| {
            let mut cells: Vec<String> = match line.kind {
                LineKind::Total => {
                    let mut v = vec![words::words(config.lang).total.to_string()];
                    v.extend(std::iter::repeat_n(
                        String::new(),
                        report.by.len().saturating_sub(1),
                    ));
                    v
                }
                LineKind::Row | LineKind::Subtotal => report
                    .by
                    .iter()
                    .zip(&line.keys)
                    .enumerate()
                    .map(|(i, (&d, k))| match (line.kind, i) {
                        (LineKind::Subtotal, 1) => words::words(config.lang).subtotal.to_string(),
                        _ => value_label(config, d, k).to_string(),
                    })
                    .collect(),
            };
            cells.extend(counts(line.counts));
            cells
        })
        .collect();
    if report.by.is_empty() {
        header.insert(0, String::new());
    }
    let table = Table::new(header)
        .rows(rows)
        .numbers_from(report.by.len().max(1));
    let page = Page::new(table).above(format!(
        "{}, {}",
        report.period.describe(),
        scope(config.lang, report.desk.as_deref())
    ));
    let note = words::words(config.lang).note;
    let page = notes(report, config.lang)
        .into_iter()
        .fold(page, |page, n| page.below(format!("{note}: {n}")));
    Ok(page.write(out, config.lang)?)
}

fn report_csv(
    report: &Report,
    lines: &[Line],
    dialect: Dialect,
    out: &mut dyn Write,
) -> Result<()> {
    let residents = report.residents_used();
    let (from, to) = (
        report.period.from().to_string(),
        report.period.to().to_string(),
    );
    let mut header = vec!["from", "to"];
    header.extend(report.by.iter().map(|d| d.column()));
    header.push("contacts");
    if residents {
        header.push("residents");
    }
    // Subtotals and the total have the later (or all) dimension cells empty.
    let rows = lines.iter().map(|line| {
        let mut rec = vec![from.clone(), to.clone()];
        rec.extend(line.keys.iter().cloned());
        rec.push(line.counts.contacts.to_string());
        if residents {
            rec.push(line.counts.residents.to_string());
        }
        rec
    });
    Ok(Table::new(header).rows(rows).write_csv(out, dialect)?)
}

fn counts_json(c: crate::report::Counts, residents: bool) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("contacts".into(), json!(c.contacts));
    if residents {
        m.insert("residents".into(), json!(c.residents));
    }
    m
}

fn report_json(report: &Report, lines: &[Line], out: &mut dyn Write) -> Result<()> {
    let residents = report.residents_used();
    let subtotals: Vec<Value> = lines
        .iter()
        .filter(|l| l.kind == LineKind::Subtotal)
        .map(|l| {
            let mut m = Map::new();
            if let (Some(d), Some(k)) = (report.by.first(), l.keys.first()) {
                m.insert(d.column().into(), json!(k));
            }
            m.extend(counts_json(l.counts, residents));
            Value::Object(m)
        })
        .collect();
    let rows: Vec<Value> = report
        .rows
        .iter()
        .map(|r| {
            let mut m = Map::new();
            for (d, k) in report.by.iter().zip(&r.keys) {
                m.insert(d.column().into(), json!(k));
            }
            m.extend(counts_json(r.counts, residents));
            Value::Object(m)
        })
        .collect();
    let v = json!({
        "period": report.period.label(),
        "from": report.period.from(),
        "to": report.period.to(),
        "desk": report.desk,
        "by": report.by,
        "rows": rows,
        "total": counts_json(report.total, residents),
        "notes": notes(report, Lang::En),
    });
    let mut v = v;
    if !subtotals.is_empty() {
        v["subtotals"] = Value::Array(subtotals);
    }
    Ok(output::json(out, &v)?)
}

fn kb_gaps(
    config: &Config,
    period: &Period,
    desk: Option<&str>,
    gaps: &[crate::report::Gap],
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let columns = [
        "topic",
        "contacts",
        "with_article",
        "without_article",
        "articles",
    ];
    output::listing(
        out,
        format,
        config.lang,
        || {
            json!({
                "from": period.from(),
                "to": period.to(),
                "desk": desk,
                "topics": gaps,
            })
        },
        || {
            let header = ["from", "to"].into_iter().chain(columns);
            Table::new(header).rows(gaps.iter().map(|g| {
                vec![
                    period.from().to_string(),
                    period.to().to_string(),
                    g.topic.clone(),
                    g.contacts.to_string(),
                    g.with_article.to_string(),
                    g.without_article().to_string(),
                    g.articles.to_string(),
                ]
            }))
        },
        || {
            let rows = gaps.iter().map(|g| {
                vec![
                    value_label(config, Dim::Topic, &g.topic).to_string(),
                    g.contacts.to_string(),
                    g.with_article.to_string(),
                    g.without_article().to_string(),
                    g.articles.to_string(),
                ]
            });
            Page::new(Table::new(columns).rows(rows).numbers_from(1))
                .above(words::report::gaps_title(
                    config.lang,
                    &period.describe(),
                    &scope(config.lang, desk),
                ))
                .below(words::report::gaps_note(config.lang))
        },
    )
}

fn targets(
    year: &Period,
    today: NaiveDate,
    desk: Option<&str>,
    progress: &[TargetProgress],
    format: Format,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<()> {
    output::listing(
        out,
        format,
        lang,
        || {
            json!({
                "year": year.year(),
                "from": year.from(),
                "to": year.to(),
                "today": today,
                "desk": desk,
                "targets": progress,
            })
        },
        || {
            let header = [
                "year",
                "name",
                "topics",
                "count",
                "actual",
                "target",
                "percent",
                "expected_by_today",
                "ahead",
            ];
            Table::new(header).rows(progress.iter().map(|p| {
                vec![
                    p.year.to_string(),
                    p.name.clone(),
                    p.topics.join("|"),
                    words::report::counts(Lang::En, p.count).to_string(),
                    p.actual.to_string(),
                    p.target.to_string(),
                    format!("{:.1}", p.percent),
                    p.expected_by_today.to_string(),
                    p.ahead().to_string(),
                ]
            }))
        },
        || {
            let Some(first) = progress.first() else {
                return Page::lines([words::report::no_targets(lang, year.year())]);
            };
            let header = [
                "target", "counts", "topics", "actual", "target", "%", "by today", "vs pace",
            ];
            let rows = progress.iter().map(|p| {
                vec![
                    p.name.clone(),
                    words::report::counts(lang, p.count).to_string(),
                    p.topics.join(", "),
                    p.actual.to_string(),
                    p.target.to_string(),
                    format!("{:.0}%", p.percent),
                    p.expected_by_today.to_string(),
                    format!("{:+}", p.ahead()),
                ]
            });
            Page::new(Table::new(header).rows(rows).numbers_from(3))
                .above(words::report::targets_title(
                    lang,
                    &year.describe(),
                    &scope(lang, desk),
                    today,
                    first.days_elapsed,
                    first.days_in_year,
                ))
                .below(words::report::targets_note(lang))
        },
    )
}
