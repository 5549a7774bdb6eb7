//! Importing contacts from CSV: the columns `balie export` (and `balie list --format csv`)
//! writes, in either dialect (RFC commas, or the Dutch Excel semicolons with a byte order
//! mark), in any order, so an export round-trips and a desk can bring its old Excel tally.
//! Every row is checked first; one bad row imports nothing, and the message names its line
//! and field. Rows whose id is already here (or was deleted here) are skipped, so importing
//! the same file twice adds nothing; a row without an id gets one derived from its contents,
//! so that holds for an old tally too.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use sha2::{Digest, Sha256};

use crate::config::{Config, Labelled};
use crate::domain::{CodeKind, Contact, ContactId, Invalid, Kind, STAMP_FORMAT};
use crate::privacy;
use crate::report::export::{BOM, CONTACT_COLUMNS, EXPORT_COLUMNS};
use crate::store::columns::{self, Stored};
use crate::store::{Store, StoreError, audit};
use crate::text::fold;
use crate::when;
use rusqlite::types::ValueRef;

/// The columns an import needs at the least. `desk` and `volunteer` may come from
/// `--desk` and `--volunteer` instead; every other column has a default.
pub const REQUIRED_COLUMNS: [&str; 2] = ["at", "topics"];

/// Columns `balie export` writes that are worked out from the others, so they are read
/// past on import.
const DERIVED_COLUMNS: [&str; 3] = ["week", "month", "landlord_group"];

/// How many bad rows a refusal lists before it says how many more there are.
const SHOWN_PROBLEMS: usize = 20;

/// How far ahead of now a contact's moment may lie (clocks differ a little).
const FUTURE_SLACK_MINUTES: i64 = 15;

mod refusal;
pub use refusal::{ColumnProblem, RowProblem, Wrong};

/// Why an import is refused; said in Dutch and English with [`ImportError::say`], the
/// English also its [`std::fmt::Display`].
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}", self.say(crate::i18n::Lang::En).unwrap_or_default())]
    NotUtf8 { line: u64 },
    #[error("{}", self.say(crate::i18n::Lang::En).unwrap_or_default())]
    Columns(ColumnProblem),
    /// The csv reader's words (English only).
    #[error("the file cannot be read as CSV: {0}. Nothing was imported")]
    Csv(String),
    /// How many rows are bad, and the first [`SHOWN_PROBLEMS`] of them.
    #[error("{}", self.say(crate::i18n::Lang::En).unwrap_or_default())]
    Rows {
        count: usize,
        problems: Vec<RowProblem>,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Defaults for rows that leave a column empty or out.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub desk: Option<String>,
    pub volunteer: Option<String>,
    /// Import notes and resident codes that look like personal data (as `log` allows).
    pub allow_personal_data: bool,
}

/// What an import would do, worked out and checked before anything is written.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    /// Data rows in the file.
    pub rows: usize,
    /// The contacts to add, valid, in file order.
    pub new: Vec<Contact>,
    /// Rows whose id is already here.
    pub existing: usize,
    /// Rows whose contact was deleted here.
    pub deleted: usize,
    /// Rows that had no id and got one derived from their contents.
    pub derived_ids: usize,
    /// Whether the file was in the Dutch Excel dialect.
    pub excel: bool,
}

/// Read and check `bytes` (a CSV file) against `config` and the store, without writing.
pub fn plan(
    store: &Store,
    config: &Config,
    bytes: &[u8],
    opts: &ImportOptions,
    now: NaiveDateTime,
) -> Result<ImportPlan, ImportError> {
    let (bom, body) = match bytes.strip_prefix(BOM) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let first_line = body.split(|&b| b == b'\n').next().unwrap_or_default();
    let semicolons = first_line.iter().filter(|&&b| b == b';').count();
    let commas = first_line.iter().filter(|&&b| b == b',').count();
    let excel = bom || semicolons > commas;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if semicolons > commas { b';' } else { b',' })
        .flexible(false)
        .from_reader(body);
    let header = reader.headers().map_err(csv_problem)?.clone();
    let columns = Columns::new(&header)?;

    let mut plan = ImportPlan {
        excel,
        ..ImportPlan::default()
    };
    let mut problems = Vec::new();
    let mut seen_ids: HashMap<String, u64> = HashMap::new();
    let mut seen_content: HashMap<[u8; 32], u64> = HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_problem(e)),
        }
        let line = record.position().map_or(0, |p| p.line());
        plan.rows += 1;
        let cell = |name: &str| -> String {
            let raw = columns.get(name).and_then(|i| record.get(i)).unwrap_or("");
            let raw = raw.trim();
            // The Excel dialect puts `'` before what a spreadsheet would run as a formula.
            match raw.strip_prefix('\'') {
                Some(rest) if excel && crate::report::export::needs_neutralising(rest) => {
                    rest.to_string()
                }
                _ => raw.to_string(),
            }
        };
        let mut c = match row(&cell, config, opts, now) {
            Ok(c) => c,
            Err((field, wrong)) => {
                problems.push(RowProblem { line, field, wrong });
                continue;
            }
        };
        if c.id.0.is_empty() {
            let mut h = Sha256::new();
            for field in record.iter() {
                h.update(field.as_bytes());
                h.update([0x1f]);
            }
            let digest: [u8; 32] = h.finalize().into();
            let occurrence = seen_content.entry(digest).or_default();
            *occurrence += 1;
            c.id = derived_id(&c, &digest, *occurrence);
            plan.derived_ids += 1;
        }
        if let Some(first) = seen_ids.insert(c.id.0.clone(), line) {
            problems.push(RowProblem {
                line,
                field: "id".into(),
                wrong: Wrong::SameId {
                    id: c.id.0.clone(),
                    first,
                },
            });
            continue;
        }
        if store.get(&c.id)?.is_some() {
            plan.existing += 1;
        } else if store.is_deleted(&c.id)? {
            plan.deleted += 1;
        } else {
            plan.new.push(c);
        }
    }
    if !problems.is_empty() {
        let count = problems.len();
        problems.truncate(SHOWN_PROBLEMS);
        return Err(ImportError::Rows { count, problems });
    }
    Ok(plan)
}

/// Add the planned contacts in one transaction (skipping any that appeared meanwhile), and
/// record the import in the audit log as volunteer `by`. Returns how many were added.
pub fn apply(
    store: &mut Store,
    plan: &ImportPlan,
    file: &str,
    by: &str,
    now: NaiveDateTime,
) -> Result<u64, StoreError> {
    apply_with_progress(store, plan, file, by, now, &mut |_| {})
}

/// [`apply`], telling `progress` how many of the planned contacts are done so far.
pub fn apply_with_progress(
    store: &mut Store,
    plan: &ImportPlan,
    file: &str,
    by: &str,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, StoreError> {
    let tx = store.incoming()?;
    let mut added = 0u64;
    for (i, c) in plan.new.iter().enumerate() {
        if i.is_multiple_of(512) {
            progress(i as u64);
        }
        if tx.here_or_deleted(&c.id)? {
            continue;
        }
        tx.insert(c)?;
        added += 1;
    }
    progress(plan.new.len() as u64);
    if added > 0 {
        tx.audit(
            now,
            by,
            audit::AuditKind::Import,
            &[],
            &format!(
                "{file}: {added} contact(s) added, {} skipped",
                plan.rows as u64 - added
            ),
        )?;
    }
    tx.commit()?;
    Ok(added)
}

fn csv_problem(e: csv::Error) -> ImportError {
    match e.kind() {
        csv::ErrorKind::Utf8 { pos, .. } => ImportError::NotUtf8 {
            line: pos.as_ref().map_or(0, |p| p.line()),
        },
        _ => ImportError::Csv(e.to_string()),
    }
}

/// Where each known column is in the file.
struct Columns(HashMap<String, usize>);

impl Columns {
    fn new(header: &csv::StringRecord) -> Result<Columns, ImportError> {
        let mut map = HashMap::new();
        let known: HashSet<&str> = CONTACT_COLUMNS
            .iter()
            .chain(EXPORT_COLUMNS.iter())
            .copied()
            .collect();
        for (i, name) in header.iter().enumerate() {
            let name = name.trim().to_lowercase();
            if name.is_empty() {
                continue;
            }
            if !known.contains(name.as_str()) {
                return Err(ImportError::Columns(ColumnProblem::Unknown(name)));
            }
            if map.insert(name.clone(), i).is_some() {
                return Err(ImportError::Columns(ColumnProblem::Twice(name)));
            }
        }
        let missing: Vec<&str> = REQUIRED_COLUMNS
            .iter()
            .copied()
            .filter(|c| !map.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            return Err(ImportError::Columns(ColumnProblem::Missing(missing)));
        }
        for derived in DERIVED_COLUMNS {
            map.remove(derived);
        }
        Ok(Columns(map))
    }

    fn get(&self, name: &str) -> Option<usize> {
        self.0.get(name).copied()
    }
}

type Bad = (String, Wrong);

fn bad(field: &str, wrong: Wrong) -> Bad {
    (field.to_string(), wrong)
}

/// One row as a valid contact (with an empty id when the row has none).
/// The values [`row`] reads with rules of its own (defaults, codes in any case, partners by
/// label, days relative to the contact); the others are read as the export writes them.
const READ_ABOVE: [&str; 15] = [
    "id",
    "at",
    "desk",
    "volunteer",
    "topics",
    "created_at",
    "updated_at",
    "channel",
    "kind",
    "landlord",
    "minutes",
    "referred_from",
    "referred_to",
    "follow_up",
    "follow_up_done",
];

fn row(
    cell: &dyn Fn(&str) -> String,
    config: &Config,
    opts: &ImportOptions,
    now: NaiveDateTime,
) -> Result<Contact, Bad> {
    let id = cell("id");
    if !id.is_empty() && !super::is_contact_id(&id) {
        return Err(bad("id", Wrong::NotAnId(id)));
    }
    let at = moment(&cell("at"), "at")?;
    let limit = now + chrono::Duration::minutes(FUTURE_SLACK_MINUTES);
    if at > limit {
        return Err(bad("at", Wrong::Future(cell("at"))));
    }
    let or_default = |name: &str, fallback: Option<&String>| -> Option<String> {
        Some(cell(name))
            .filter(|s| !s.is_empty())
            .or_else(|| fallback.cloned())
    };
    let desk = or_default("desk", opts.desk.as_ref()).ok_or_else(|| bad("desk", Wrong::NoDesk))?;
    let volunteer = or_default("volunteer", opts.volunteer.as_ref())
        .ok_or_else(|| bad("volunteer", Wrong::NoVolunteer))?;
    let topics = topics(&cell("topics"), config)?;
    let created = stamp(&cell("created_at"), "created_at")?.unwrap_or(now);
    let mut c = Contact::bare(at, &desk, &volunteer, topics, created);
    c.id = ContactId(id);
    c.updated_at = stamp(&cell("updated_at"), "updated_at")?.unwrap_or(created);
    let text = |name: &str| Some(cell(name)).filter(|s| !s.is_empty());
    if let Some(ch) = text("channel") {
        c.channel = ch.to_lowercase();
    }
    if let Some(k) = text("kind") {
        c.kind = Kind::parse(&k.to_lowercase()).ok_or_else(|| bad("kind", Wrong::Kind(k)))?;
    }
    if let Some(l) = text("landlord") {
        c.landlord = l.to_lowercase();
    }
    if let Some(m) = text("minutes") {
        c.minutes = Some(m.parse().map_err(|_| bad("minutes", Wrong::Minutes(m)))?);
    }
    c.referred_from = text("referred_from").map(|p| partner(&p, config));
    c.referred_to = text("referred_to").map(|p| partner(&p, config));
    c.follow_up = text("follow_up")
        .map(|d| day(&d, at.date(), "follow_up"))
        .transpose()?;
    c.follow_up_done = stamp(&cell("follow_up_done"), "follow_up_done")?;
    // every other value as the export writes it (a new column needs nothing here)
    for col in columns::COLUMNS
        .iter()
        .filter(|c| !READ_ABOVE.contains(&c.name))
    {
        let value = cell(col.name);
        let not_null = matches!(col.stored, Stored::Column { not_null: true, .. });
        let raw = if value.is_empty() && !not_null {
            ValueRef::Null
        } else {
            ValueRef::Text(value.as_bytes())
        };
        (col.read)(&mut c, raw).map_err(|e| bad(col.name, Wrong::Unreadable(e.to_string())))?;
    }
    c.validate(config)
        .map_err(|e| bad(field_of(&e), Wrong::Invalid(e)))?;
    if !opts.allow_personal_data {
        for (field, value) in [("note", Some(&c.note)), ("resident", c.resident.as_ref())] {
            let found = value.map(|v| privacy::scan(v)).unwrap_or_default();
            if !found.is_empty() {
                return Err(bad(field, Wrong::PersonalData(privacy::kinds(&found))));
            }
        }
    }
    Ok(c)
}

/// The field a validation problem is about.
fn field_of(e: &Invalid) -> &'static str {
    match e {
        Invalid::NoTopic | Invalid::DuplicateTopic(_) => "topics",
        Invalid::Unknown { what, .. } => match what {
            CodeKind::Topic => "topics",
            CodeKind::Channel => "channel",
            CodeKind::Landlord => "landlord",
            CodeKind::Partner => "referred_to",
        },
        Invalid::Desk => "desk",
        Invalid::Volunteer(_) => "volunteer",
        Invalid::Minutes(_) => "minutes",
        Invalid::Language(_) => "language",
        Invalid::Resident(_) => "resident",
        Invalid::Postcode(_) => "postcode",
        Invalid::NoteTooLong(_) => "note",
        Invalid::Signal(_) | Invalid::SignalPersonalData(_) => "signal",
        Invalid::FollowUpDoneWithoutDay => "follow_up_done",
        Invalid::ControlCharacter { field, .. } | Invalid::Moment { field, .. } => field,
    }
}

/// Topic codes separated by `|` (as exported), `,` or `;`. A topic's label or synonym in
/// either language is taken for its code, so a tally that wrote `Huurverhoging` imports.
fn topics(s: &str, config: &Config) -> Result<Vec<String>, Bad> {
    let mut out = Vec::new();
    for part in s
        .split(['|', ',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let code = if config.topic(part).is_some() {
            part.to_string()
        } else {
            let want = fold(part);
            let by_label = config.topics.iter().find(|t| {
                [t.code.as_str(), t.nl.as_str(), t.en.as_str()]
                    .into_iter()
                    .chain(t.synonyms.iter().map(String::as_str))
                    .any(|w| fold(w) == want)
            });
            match by_label {
                Some(t) => t.code.clone(),
                None => {
                    return Err(bad(
                        "topics",
                        Wrong::Invalid(config.unknown(CodeKind::Topic, part)),
                    ));
                }
            }
        };
        out.push(code);
    }
    if out.is_empty() {
        return Err(bad("topics", Wrong::NoTopic));
    }
    Ok(out)
}

/// A partner code, or the code of the partner with that name.
fn partner(s: &str, config: &Config) -> String {
    if config.partner(s).is_some() {
        return s.to_string();
    }
    let want = fold(s);
    config
        .partners
        .iter()
        .find(|p| fold(&p.name) == want || fold(p.label(config.lang)) == want)
        .map_or_else(|| s.to_lowercase(), |p| p.code.clone())
}

/// `2026-11-20 10:30` (as exported), with seconds, `20-11-2026 10:30` or `20/11/2026 10.30`
/// (as Excel writes), or a date alone (then 00:00).
fn moment(s: &str, field: &str) -> Result<NaiveDateTime, Bad> {
    let unreadable = || bad(field, Wrong::Moment(s.to_string()));
    if s.is_empty() {
        return Err(bad(field, Wrong::NoMoment));
    }
    let mut words = s.split_whitespace();
    let (Some(date), time, None) = (words.next(), words.next(), words.next()) else {
        return Err(unreadable());
    };
    let day = when::parse_date(date, NaiveDate::MIN).map_err(|_| unreadable())?;
    if date.split(['-', '/']).count() != 3 {
        return Err(unreadable());
    }
    let time = match time {
        None => NaiveTime::MIN,
        Some(t) => match NaiveTime::parse_from_str(t, "%H:%M:%S") {
            Ok(t) => t,
            Err(_) => when::parse_time(t).map_err(|_| unreadable())?,
        },
    };
    Ok(day.and_time(time))
}

fn stamp(s: &str, field: &str) -> Result<Option<NaiveDateTime>, Bad> {
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDateTime::parse_from_str(s, STAMP_FORMAT)
        .or_else(|_| moment(s, field))
        .map(Some)
}

fn day(s: &str, around: NaiveDate, field: &str) -> Result<NaiveDate, Bad> {
    when::parse_date(s, around)
        .ok()
        .filter(|_| s.split(['-', '/']).count() == 3)
        .ok_or_else(|| bad(field, Wrong::Date(s.to_string())))
}

/// A ULID for a row without an id: the contact's moment as its time part (so ids still
/// sort by time) and 80 bits of the row's SHA-256 and how often that same row came before
/// (so two identical tally lines are two contacts, and importing the file again finds them).
fn derived_id(c: &Contact, digest: &[u8; 32], occurrence: u64) -> ContactId {
    let mut h = Sha256::new();
    h.update(digest);
    h.update(occurrence.to_le_bytes());
    // The defaults filled in from --desk/--volunteer are part of the contact, not the row.
    h.update(c.desk.as_bytes());
    h.update([0]);
    h.update(c.volunteer.as_bytes());
    let bytes: [u8; 32] = h.finalize().into();
    let mut random = [0u8; 16];
    random[6..].copy_from_slice(&bytes[..10]);
    let ms = c.at.and_utc().timestamp_millis().max(0) as u64;
    ContactId(ulid::Ulid::from_parts(ms, u128::from_be_bytes(random)).to_string())
}
