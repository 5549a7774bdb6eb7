//! The document as one self-contained HTML page: maud templates (every value escaped), the
//! style sheet and the SVG charts inline, a content security policy that lets the page load
//! nothing and run nothing, and print styles for A4.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::config::TargetCount;
use crate::i18n::Lang;
use crate::report::Dim;

use super::chart::{self, Bar, Progress};
use super::format::{count, day, percent, signed};
use super::model::{Breakdown, Document, Targets, Week};
use super::text::{Text, fill, text};

const STYLE: &str = include_str!("style.css");

/// Nothing from outside, no scripts: inline styles only (and images only as data, which the
/// document does not use either).
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

struct Ctx<'a> {
    lang: Lang,
    t: &'a Text,
}

impl Ctx<'_> {
    fn n(&self, v: u64) -> String {
        count(self.lang, v)
    }

    fn days(&self, from: chrono::NaiveDate, to: chrono::NaiveDate) -> String {
        fill(self.t.days, &[&day(self.lang, from), &day(self.lang, to)])
    }
}

/// The whole page. `intro` is the coordinator's Markdown, already made safe.
pub fn page(doc: &Document, lang: Lang, intro: Option<Markup>) -> String {
    let t = text(lang);
    let cx = Ctx { lang, t };
    let p = &doc.period;
    let scope = match &doc.desk {
        Some(d) => fill(t.one_desk, &[d]),
        None => t.all_desks.to_string(),
    };
    let title = format!("{} {}", t.title, p.label());
    html! {
        (DOCTYPE)
        html lang=(t.html_lang) {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(POLICY);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="balie";
                title { (title) " \u{2013} " (scope) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header.cover {
                    h1 { (t.title) }
                    p.subtitle { (fill(t.subtitle, &[&p.label()])) ": " (cx.days(p.from(), p.to())) }
                    p.scope { (scope) }
                    p.made { (fill(t.made_on, &[&day(lang, doc.made_on)])) }
                }
                @if let Some(intro) = intro {
                    section.intro { (intro) }
                }
                @if doc.is_empty() {
                    section.empty #empty {
                        p.lead { (t.empty) }
                        p { (t.empty_hint) }
                    }
                } @else {
                    (summary(&cx, doc))
                    @if let Some(b) = &doc.desks { (breakdown(&cx, b, "desks", t.per_desk, t.desk)) }
                    @if let Some(b) = &doc.topics { (breakdown(&cx, b, "topics", t.per_topic, t.topic)) }
                    @if let Some(b) = &doc.landlord_groups {
                        (breakdown(&cx, b, "landlord-groups", t.per_landlord_group, t.landlord_group))
                    }
                    @if let Some(b) = &doc.landlords {
                        (breakdown(&cx, b, "landlords", t.per_landlord, t.landlord))
                    }
                    @if doc.weeks.len() > 1 { (weeks(&cx, &doc.weeks)) }
                    @if let Some(targets) = &doc.targets { (targets_section(&cx, targets)) }
                    @if !doc.referrals.is_empty() || doc.follow_ups.open > 0 { (referrals(&cx, doc)) }
                    @if !doc.signals.is_empty() { (signals(&cx, doc)) }
                    @if !doc.kb_gaps.is_empty() { (kb_gaps(&cx, doc)) }
                    @if doc.coming_back.total.residents > 0 { (coming_back(&cx, doc)) }
                    (methods(&cx, doc))
                }
            }
        }
    }
    .into_string()
}

fn summary(cx: &Ctx, doc: &Document) -> Markup {
    let (t, s) = (cx.t, &doc.summary);
    let total = s.total.contacts;
    let share = |v: u64| percent(cx.lang, v as f64 * 100.0 / total.max(1) as f64);
    html! {
        section.summary #summary {
            h2 { (t.summary) }
            table.figures data-dim="summary" {
                tbody {
                    tr data-key="contacts" { th { (t.contacts) } td.n { (cx.n(total)) } td.n {} }
                    tr data-key="residents" {
                        th { (t.residents) }
                        @if s.residents_used {
                            td.n { (cx.n(s.total.residents)) } td.n {}
                        } @else {
                            td.n.muted colspan="2" { (t.no_residents) }
                        }
                    }
                    tr data-key="hulpvraag" {
                        th { (t.help_questions) } td.n { (cx.n(s.help_questions)) }
                        td.n { (share(s.help_questions)) }
                    }
                    tr data-key="kort" {
                        th { (t.short_contacts) } td.n { (cx.n(s.short_contacts)) }
                        td.n { (share(s.short_contacts)) }
                    }
                }
            }
            @if !s.desks.is_empty() {
                p.desks { strong { (t.desks_in_period) ": " } (s.desks.join(", ")) }
            }
            @if let Some(e) = &s.earlier {
                @if e.total.contacts == 0 {
                    p.earlier { (fill(t.year_before_none, &[&e.period.label()])) }
                } @else {
                    table.figures.earlier data-dim="earlier" {
                        thead {
                            tr {
                                th {}
                                th.n { (doc.period.label()) }
                                th.n { (fill(t.year_before, &[&e.period.label()])) }
                                th.n { (t.change) }
                            }
                        }
                        tbody {
                            tr data-key="contacts" {
                                th { (t.contacts) }
                                td.n { (cx.n(total)) }
                                td.n { (cx.n(e.total.contacts)) }
                                td.n { (change(cx, total, e.total.contacts)) }
                            }
                            @if s.residents_used && e.total.residents > 0 {
                                tr data-key="residents" {
                                    th { (t.residents) }
                                    td.n { (cx.n(s.total.residents)) }
                                    td.n { (cx.n(e.total.residents)) }
                                    td.n { (change(cx, s.total.residents, e.total.residents)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `+12 (+5,0%)`.
fn change(cx: &Ctx, now: u64, then: u64) -> String {
    let diff = now as i64 - then as i64;
    let pct = diff as f64 * 100.0 / then as f64;
    format!(
        "{} ({})",
        signed(cx.lang, diff),
        super::format::change(cx.lang, pct)
    )
}

fn breakdown(cx: &Ctx, b: &Breakdown, id: &str, heading: &str, column: &str) -> Markup {
    let t = cx.t;
    let residents = b.total.residents > 0;
    let total = b.total.contacts.max(1) as f64;
    let bars: Vec<Bar> = b
        .lines
        .iter()
        .map(|l| Bar {
            label: l.label.clone(),
            value: l.counts.contacts,
            text: cx.n(l.counts.contacts),
            partial: false,
        })
        .collect();
    let subject = heading.to_lowercase();
    html! {
        section.page.breakdown id=(id) {
            h2 { (heading) }
            // the notes first: a long table then never leaves them alone on the next page
            @if b.dim == Dim::Topic || b.left_out > 0 {
                p.note {
                    @if b.dim == Dim::Topic { (t.topic_note) " " }
                    @if b.left_out > 0 { (t.zero_rows_left_out) }
                }
            }
            figure { (chart::bars(&fill(t.chart_contacts, &[&subject]), &bars)) }
            table data-dim=(b.dim.column()) {
                thead {
                    tr {
                        th { (column) }
                        th.n { (t.contacts) }
                        @if residents { th.n { (t.residents) } }
                        th.n { (t.share) }
                    }
                }
                tbody {
                    @for l in &b.lines {
                        tr data-key=(l.key) {
                            td { (l.label) }
                            td.n { (cx.n(l.counts.contacts)) }
                            @if residents { td.n { (cx.n(l.counts.residents)) } }
                            td.n { (percent(cx.lang, l.counts.contacts as f64 * 100.0 / total)) }
                        }
                    }
                }
                tfoot {
                    tr data-key="" {
                        th { (t.total) }
                        td.n { (cx.n(b.total.contacts)) }
                        @if residents { td.n { (cx.n(b.total.residents)) } }
                        td.n {}
                    }
                }
            }
        }
    }
}

fn weeks(cx: &Ctx, weeks: &[Week]) -> Markup {
    let t = cx.t;
    let bars: Vec<Bar> = weeks
        .iter()
        .map(|w| Bar {
            // `2026-W19` reads `19` under the axis; the tooltip has the whole label
            label: w.label.rsplit('W').next().unwrap_or(&w.label).to_string(),
            value: w.contacts,
            text: format!("{} ({})", cx.n(w.contacts), w.label),
            partial: w.partial,
        })
        .collect();
    let partial: Vec<&str> = weeks
        .iter()
        .filter(|w| w.partial)
        .map(|w| w.label.as_str())
        .collect();
    // two weeks side by side, so a year's table fits one page
    let half = weeks.len().div_ceil(2);
    html! {
        section.page.weeks #weeks {
            h2 { (t.weeks) }
            p { (t.weeks_intro) }
            figure { (chart::columns(t.week_chart, &bars, |v| cx.n(v))) }
            table.weeks data-dim="week" {
                tbody {
                    @for i in 0..half {
                        tr {
                            (week_cells(cx, &weeks[i]))
                            @if let Some(w) = weeks.get(half + i) { (week_cells(cx, w)) } @else { td {} td {} }
                        }
                    }
                }
            }
            @match partial.as_slice() {
                [] => {}
                [one] => p.note { (fill(t.partial_week, &[one])) },
                [init @ .., last] => p.note { (fill(t.partial_weeks, &[&format!("{}{}{last}", init.join(", "), t.and)])) },
            }
        }
    }
}

fn week_cells(cx: &Ctx, w: &Week) -> Markup {
    html! {
        td.week data-key=(w.label) { (w.label) " " span.muted { (day(cx.lang, w.monday)) } }
        td.n data-week=(w.label) { (cx.n(w.contacts)) }
    }
}

fn targets_section(cx: &Ctx, targets: &Targets) -> Markup {
    let t = cx.t;
    let first = &targets.progress[0];
    let items: Vec<Progress> = targets
        .progress
        .iter()
        .map(|p| Progress {
            label: p.name.clone(),
            actual: p.actual,
            target: u64::from(p.target),
            pace: p.expected_by_today,
            text: format!("{} / {}", cx.n(p.actual), cx.n(u64::from(p.target))),
        })
        .collect();
    html! {
        section.page.targets #targets {
            h2 { (t.targets) }
            p {
                (fill(t.targets_as_of, &[
                    &day(cx.lang, targets.as_of),
                    &first.days_elapsed.to_string(),
                    &first.days_in_year.to_string(),
                ]))
            }
            figure { (chart::progress(t.targets_chart, &items, t.pace)) }
            table data-dim="target" {
                thead {
                    tr {
                        th { (t.target) } th { (t.counted) } th.n { (t.actual) } th.n { (t.goal) }
                        th.n { "%" } th.n { (t.pace) } th.n { (t.vs_pace) }
                    }
                }
                tbody {
                    @for p in &targets.progress {
                        tr data-key=(p.name) {
                            td { (p.name) }
                            td {
                                (match p.count {
                                    TargetCount::Contacts => t.counts_contacts,
                                    TargetCount::Residents => t.counts_residents,
                                })
                            }
                            td.n { (cx.n(p.actual)) }
                            td.n { (cx.n(u64::from(p.target))) }
                            td.n { (percent(cx.lang, p.percent)) }
                            td.n { (cx.n(p.expected_by_today)) }
                            td.n { (signed(cx.lang, p.ahead())) }
                        }
                    }
                }
            }
            p.note { (t.targets_note) }
        }
    }
}

fn referrals(cx: &Ctx, doc: &Document) -> Markup {
    let t = cx.t;
    let f = &doc.follow_ups;
    html! {
        section.page.referrals #referrals {
            h2 { (t.referrals) }
            @if !doc.referrals.is_empty() {
                table data-dim="referrals" {
                    thead {
                        tr { th { (t.partner) } th.n { (t.referred_in) } th.n { (t.referred_out) } }
                    }
                    tbody {
                        @for r in &doc.referrals {
                            tr data-key=(r.code) {
                                td { (r.label) }
                                td.n { (cx.n(r.referred_in)) }
                                td.n { (cx.n(r.referred_out)) }
                            }
                        }
                    }
                    tfoot {
                        tr {
                            th { (t.total) }
                            td.n { (cx.n(doc.referrals.iter().map(|r| r.referred_in).sum())) }
                            td.n { (cx.n(doc.referrals.iter().map(|r| r.referred_out).sum())) }
                        }
                    }
                }
                p.note { (t.referrals_note) }
            }
            @if f.open > 0 {
                h3 { (t.follow_ups) }
                p.follow-ups { (fill(t.follow_ups_line, &[&cx.n(f.open), &cx.n(f.due)])) }
            }
        }
    }
}

fn signals(cx: &Ctx, doc: &Document) -> Markup {
    let t = cx.t;
    let residents = doc.signals.iter().any(|s| s.residents > 0);
    html! {
        section.page.signals #signals {
            h2 { (t.signals) }
            table data-dim="signal" {
                thead {
                    tr {
                        th { (t.signal) } th.n { (t.contacts) }
                        @if residents { th.n { (t.residents) } }
                        th { (t.desks) } th { (t.first_last) }
                    }
                }
                tbody {
                    @for s in &doc.signals {
                        tr data-key=(s.label) {
                            td { (s.label) }
                            td.n { (cx.n(s.contacts)) }
                            @if residents { td.n { (cx.n(s.residents)) } }
                            td {
                                @for (i, d) in s.desks.iter().enumerate() {
                                    @if i > 0 { ", " }
                                    (d.name) " (" (cx.n(d.contacts)) ")"
                                }
                            }
                            td.nowrap { (cx.days(s.first.date(), s.last.date())) }
                        }
                    }
                }
            }
            p.note { (t.signals_note) }
        }
    }
}

/// The knowledge-base gaps, as `balie report --kb-gaps` counts them.
fn kb_gaps(cx: &Ctx, doc: &Document) -> Markup {
    let t = cx.t;
    html! {
        section.page.kb-gaps #kb-gaps {
            h2 { (t.kb_gaps) }
            p { (t.kb_gaps_intro) }
            p.note { (t.topic_note) }
            table data-dim="kb_gap" {
                thead {
                    tr {
                        th { (t.topic) } th.n { (t.contacts) } th.n { (t.with_article) }
                        th.n { (t.without_article) } th.n { (t.articles) }
                    }
                }
                tbody {
                    @for g in &doc.kb_gaps {
                        tr data-key=(g.topic) {
                            td { (g.label) }
                            td.n { (cx.n(g.contacts)) }
                            td.n { (cx.n(g.with_article)) }
                            td.n { (cx.n(g.contacts.saturating_sub(g.with_article))) }
                            td.n { (cx.n(g.articles)) }
                        }
                    }
                }
            }
        }
    }
}

/// How often residents came back and for how many services, in the words of `balie report
/// --residents` (its catalogue, so the two never tell it differently).
fn coming_back(cx: &Ctx, doc: &Document) -> Markup {
    use crate::report::residents::text::{self as words, share};
    let w = words::words(cx.lang);
    let r = &doc.coming_back;
    let f = &r.total;
    let pct = |n: u64| percent(cx.lang, n as f64 * 100.0 / f.residents.max(1) as f64);
    let three: u64 = f.by_contacts[2..].iter().sum();
    let two: u64 = f.by_services[1..].iter().sum();
    let capital = |s: String| {
        let mut c = s.chars();
        c.next()
            .map(|first| first.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    html! {
        section.page.coming-back #coming-back {
            h2 { (w.title) }
            p { ((w.residents)(f.residents)) }
            table data-dim="contacts" {
                thead { tr { th { (w.how_often) } th.n { (cx.t.residents) } th.n { "%" } } }
                tbody {
                    @for (label, n) in w.contact_buckets.iter().zip(f.by_contacts) {
                        tr { td { (label) } td.n { (cx.n(n)) } td.n { (pct(n)) } }
                    }
                }
            }
            p.lead { (capital((w.three_or_more)(&share(w, three, f.residents), three, f.residents))) }
            table data-dim="services" {
                thead { tr { th { (w.how_many_services) } th.n { (cx.t.residents) } th.n { "%" } } }
                tbody {
                    @for (label, n) in w.service_buckets.iter().zip(f.by_services) {
                        tr { td { (label) } td.n { (cx.n(n)) } td.n { (pct(n)) } }
                    }
                }
            }
            p.lead { (capital((w.two_services_or_more)(&share(w, two, f.residents), two, f.residents))) }
            @if !f.combinations.is_empty() {
                table data-dim="combination" {
                    thead { tr { th { (w.combinations) } th.n { (cx.t.residents) } } }
                    tbody {
                        @for (codes, n) in f.combinations.iter().take(words::SHOWN_COMBINATIONS) {
                            tr data-key=(codes.join("+")) { td { (codes.join(" + ")) } td.n { (cx.n(*n)) } }
                        }
                    }
                }
            }
            p { ((w.moments)(&words::number(w, f.moments_mean), &words::number(w, f.moments_median))) }
            @if f.previous_residents > 0 {
                p { ((w.returned)(&r.previous.label(), f.returned, f.previous_residents,
                    (f.returned * 100 + f.previous_residents / 2) / f.previous_residents)) }
            }
            p.note { ((w.without_code)(f.without_code)) " " (w.service_is_topic) }
        }
    }
}

fn methods(cx: &Ctx, doc: &Document) -> Markup {
    let t = cx.t;
    let p = &doc.period;
    let period = format!("{} ({})", p.label(), cx.days(p.from(), p.to()));
    html! {
        section.page.methods #methods {
            h2 { (t.methods) }
            p { (fill(t.methods_period, &[&period])) " " (t.methods_weeks) }
            p { (t.methods_contacts) }
            p { (t.methods_residents) }
            p { (t.methods_topics) }
            @if doc.targets.is_some() { p { (t.methods_targets) } }
            p { (t.methods_privacy) " " (t.methods_source) }
        }
    }
}
