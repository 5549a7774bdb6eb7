//! The figures on coming back as CSV (`measure,bucket,value`, with a `desk` column first for
//! `--by desk`) and as JSON, for spreadsheets and other programs.

use std::io::Write;

use serde_json::{Value, json};

use crate::output::Csv;
use crate::report::export::Dialect;

use super::{CONTACT_BUCKETS, ResidentFigures, ResidentsReport, SERVICE_BUCKETS};

/// Write the CSV. With `by_desk`, each desk's rows come first (the desk in the first column),
/// then the rows of the whole scope with that column empty, as `balie report` ends on its
/// total.
pub fn write_csv(out: &mut dyn Write, r: &ResidentsReport, by_desk: bool) -> csv::Result<()> {
    if by_desk {
        let mut w = Csv::start(out, &["desk", "measure", "bucket", "value"], Dialect::Rfc)?;
        let scopes = r.desks.iter().map(|(d, f)| (d.as_str(), f));
        for (desk, f) in scopes.chain([("", &r.total)]) {
            for m in f.measures() {
                w.row(&[desk, m.measure, &m.bucket, &m.value])?;
            }
        }
        w.finish()
    } else {
        let mut w = Csv::start(out, &["measure", "bucket", "value"], Dialect::Rfc)?;
        for m in r.total.measures() {
            w.row(&[m.measure, &m.bucket, &m.value])?;
        }
        w.finish()
    }
}

fn figures_json(f: &ResidentFigures) -> Value {
    let buckets = |names: &[&str], counts: &[u64]| -> Value {
        names
            .iter()
            .zip(counts)
            .map(|(b, n)| (b.to_string(), json!(n)))
            .collect::<serde_json::Map<String, Value>>()
            .into()
    };
    let combinations: Vec<Value> = f
        .combinations
        .iter()
        .map(|(topics, n)| json!({ "topics": topics, "residents": n }))
        .collect();
    json!({
        "residents": f.residents,
        "contacts": buckets(&CONTACT_BUCKETS, &f.by_contacts),
        "services": buckets(&SERVICE_BUCKETS, &f.by_services),
        "combinations": combinations,
        "moments_mean": f.moments_mean,
        "moments_median": f.moments_median,
        "minutes_per_resident": f.minutes_per_resident,
        "residents_with_minutes": f.with_minutes,
        "previous_residents": f.previous_residents,
        "returned": f.returned,
        "without_code": f.without_code,
    })
}

/// The JSON: the period and the one before it, the figures of the scope, and per desk.
pub fn to_json(r: &ResidentsReport) -> Value {
    let desks: Vec<Value> = r
        .desks
        .iter()
        .map(|(d, f)| {
            let mut v = figures_json(f);
            v["desk"] = json!(d);
            v
        })
        .collect();
    json!({
        "period": r.period.label(),
        "from": r.period.from(),
        "to": r.period.to(),
        "previous": {
            "period": r.previous.label(),
            "from": r.previous.from(),
            "to": r.previous.to(),
        },
        "desk": r.desk,
        "total": figures_json(&r.total),
        "desks": desks,
        "notes": [super::super::RESIDENTS_NOTE],
    })
}
