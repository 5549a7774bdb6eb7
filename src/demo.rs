//! Made-up contacts for trying balie with a city's worth of data and for the benchmarks:
//! desks with a weekly rhythm, short contacts and help questions, landlords and topics in the
//! proportions of the seed reports. Deterministic: the same seed, count, config and clock give
//! the same rows, ids included.

mod profile;
#[cfg(test)]
mod tests;

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use crate::config::Config;
use crate::domain::{Contact, ContactId, Invalid, Kind};
use crate::i18n::Lang;
use crate::store::{DemoLoad, Filter, Store, StoreError};

pub use profile::DeskKind;

/// Contacts stored per transaction while filling.
const BATCH: usize = 20_000;

/// What to make.
#[derive(Debug, Clone)]
pub struct Spec {
    /// How many contacts.
    pub contacts: u64,
    /// How many of the config's desks, in the config's order (`None`: all).
    pub desks: Option<usize>,
    /// How many years back from today the contacts reach.
    pub years: u32,
    pub seed: u64,
    /// The last contact is before this moment (the injected clock).
    pub now: NaiveDateTime,
}

impl Spec {
    /// The default span: one year per 100,000 contacts (a city logs about that many a year),
    /// at least one year, at most thirty.
    pub fn default_years(contacts: u64) -> u32 {
        contacts.div_ceil(100_000).clamp(1, 30) as u32
    }
}

/// Why `balie demo` refuses; said in Dutch and English with [`DemoError::say`], the English
/// also its [`std::fmt::Display`].
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("{}", self.say(Lang::En))]
    NotEmpty { path: String, count: u64 },
    #[error("{}", self.say(Lang::En))]
    AlreadyDemo { path: String, count: u64 },
    #[error("{}", self.say(Lang::En))]
    NoDesks,
    #[error("{}", self.say(Lang::En))]
    Desks { asked: usize, have: usize },
    /// The config has none of these (`topics`, `channels`, `landlords`).
    #[error("{}", self.say(Lang::En))]
    Empty(&'static str),
    #[error("{}", self.say(Lang::En))]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DemoError {
    /// The refusal in `lang` (a store error in its own words).
    pub fn say(&self, lang: Lang) -> String {
        use crate::text::counted;
        let nl = lang == Lang::Nl;
        match self {
            DemoError::NotEmpty { path, count } if nl => format!(
                "{path} bevat al {}; democontacten zijn verzonnen en mogen nooit tussen echte \
                 komen. Geef --data-dir een eigen lege map, bijvoorbeeld --data-dir /tmp/balie-demo",
                counted(*count, "contact", "contacten")
            ),
            DemoError::NotEmpty { path, count } => format!(
                "{path} already holds {}; demo contacts are made up and must never mix with real \
                 ones. Give --data-dir an empty folder of its own, e.g. --data-dir /tmp/balie-demo",
                counted(*count, "contact", "contacts")
            ),
            DemoError::AlreadyDemo { path, count } if nl => format!(
                "{path} bevat al een demo ({}); verwijder die map om er een nieuwe te maken, of \
                 geef --data-dir een andere lege map",
                counted(*count, "verzonnen contact", "verzonnen contacten")
            ),
            DemoError::AlreadyDemo { path, count } => format!(
                "{path} already holds a demo ({count} made-up contacts); remove that folder to \
                 make a new one there, or give --data-dir another empty folder"
            ),
            DemoError::NoDesks if nl => "de config noemt geen balies; zet een [[desks]]-blok met \
                                         een `name` in de config"
                .into(),
            DemoError::NoDesks => {
                "the config lists no desks; add a [[desks]] entry with a `name` to the config"
                    .into()
            }
            DemoError::Desks { asked, have } if nl => format!(
                "--desks {asked}: de config noemt {}; geef een getal van 1 tot en met {have}, of \
                 zet meer [[desks]]-blokken in de config",
                counted(*have as u64, "balie", "balies")
            ),
            DemoError::Desks { asked, have } => format!(
                "--desks {asked}: the config lists {}; give a number from 1 to {have}, or add \
                 [[desks]] entries to the config",
                counted(*have as u64, "desk", "desks")
            ),
            DemoError::Empty(what) if nl => {
                let what = match *what {
                    "topics" => "onderwerpen",
                    "channels" => "kanalen",
                    "landlords" => "verhuurders",
                    other => other,
                };
                format!(
                    "de config heeft geen zichtbare {what}; de demo heeft er minstens één nodig"
                )
            }
            DemoError::Empty(what) => {
                format!("the config has no visible {what}; the demo needs at least one")
            }
            DemoError::Invalid(e) if nl => format!(
                "een verzonnen contact past niet bij de config ({}); controleer de codes in de \
                 config",
                crate::tui::messages::invalid(lang, e)
            ),
            DemoError::Invalid(e) => {
                format!("a made-up contact does not fit the config ({e}); check the config's codes")
            }
            DemoError::Store(e) => e.to_string(),
        }
    }
}

/// What was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub contacts: u64,
    pub desks: Vec<String>,
    /// Day of the first and the last contact (none when no day had room for one).
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

/// How far a fill is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// `done` of `total` contacts stored.
    Stored { done: u64, total: u64 },
    /// Every contact is stored; the indexes are being built.
    Indexing,
}

/// Fill an empty store with `spec.contacts` made-up contacts, reporting to `progress` after
/// each batch. Refuses a store that already holds contacts.
///
/// All or nothing: one transaction marks the store as demo data, stores every contact (the
/// contact indexes dropped for the fill and built again at its end) and commits; a fill cut
/// short leaves the store as empty as it was. It runs with `synchronous=OFF` (a power cut can
/// only lose the transaction not yet committed); the usual `FULL` is back, and the log
/// checkpointed, before it returns.
pub fn fill(
    store: &mut Store,
    config: &Config,
    spec: &Spec,
    progress: &mut dyn FnMut(Progress),
) -> Result<Summary, DemoError> {
    let count = store.count(&Filter::default())?;
    if count > 0 {
        let path = store
            .path()
            .map_or_else(|| "the database".to_string(), |p| p.display().to_string());
        return Err(match store.setting(crate::store::Setting::Demo.key())? {
            Some(_) => DemoError::AlreadyDemo { path, count },
            None => DemoError::NotEmpty { path, count },
        });
    }
    let mut generator = Generator::new(config, spec)?;
    let desks = generator.desk_names();
    let mark = format!(
        "{} made-up contacts, seed {}, made {}",
        spec.contacts,
        spec.seed,
        spec.now.format(crate::domain::AT_FORMAT)
    );
    let (first, last) = store.load_demo(&mark, |load| {
        let span = fill_batches(load, config, &mut generator, spec.contacts, progress)?;
        // the store builds the contact indexes again once this returns
        progress(Progress::Indexing);
        Ok::<_, DemoError>(span)
    })?;
    Ok(Summary {
        contacts: spec.contacts,
        desks,
        first,
        last,
    })
}

fn fill_batches(
    load: &DemoLoad<'_>,
    config: &Config,
    generator: &mut Generator,
    total: u64,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), DemoError> {
    let (mut first, mut last) = (None, None);
    let mut done = 0u64;
    let mut batch = Vec::with_capacity(BATCH);
    progress(Progress::Stored { done: 0, total });
    loop {
        batch.clear();
        batch.extend(generator.by_ref().take(BATCH));
        if batch.is_empty() {
            break;
        }
        for c in &mut batch {
            c.validate(config)?;
        }
        first = first.or(Some(batch[0].at.date()));
        last = batch.last().map(|c| c.at.date());
        load.insert(&batch)?;
        done += batch.len() as u64;
        progress(Progress::Stored { done, total });
    }
    Ok((first, last))
}

/// A weighted choice among a few items.
#[derive(Debug, Clone)]
struct Weighted<T> {
    items: Vec<T>,
    /// Running totals of the weights.
    cumulative: Vec<u64>,
}

impl<T: Clone> Weighted<T> {
    /// `None` when no item has weight.
    fn new(pairs: impl IntoIterator<Item = (T, u64)>) -> Option<Weighted<T>> {
        let mut items = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0;
        for (item, w) in pairs {
            if w > 0 {
                total += w;
                items.push(item);
                cumulative.push(total);
            }
        }
        (total > 0).then_some(Weighted { items, cumulative })
    }

    fn pick(&self, rng: &mut fastrand::Rng) -> &T {
        let total = *self.cumulative.last().expect("not empty");
        let x = rng.u64(0..total);
        &self.items[self.cumulative.partition_point(|&c| c <= x)]
    }
}

/// Weights as integers from shares, keeping three decimals.
fn milli(x: f64) -> u64 {
    (x * 1000.0).round().max(0.0) as u64
}

/// Everything known about one desk while generating.
struct Desk {
    name: String,
    kind: DeskKind,
    walk_in_share: f64,
    topics: Weighted<String>,
    partners: Option<Weighted<String>>,
    volunteers: Weighted<String>,
    postcodes: &'static [&'static str],
    /// Relative number of contacts (seed 000's Table 1).
    weight: f64,
    /// Resident card codes `Dnn-nnnnn` are drawn from `0..pool`, the low numbers more often,
    /// so residents come back.
    resident_pool: u64,
    index: usize,
}

/// Makes contacts one day at a time, oldest first.
pub struct Generator {
    rng: fastrand::Rng,
    now: NaiveDateTime,
    desks: Vec<Desk>,
    /// Which desk a contact is at, per weekday (Monday first).
    desk_by_weekday: Vec<Weighted<usize>>,
    hours: Weighted<u32>,
    landlord_groups: Weighted<String>,
    corporations: Option<Weighted<String>>,
    group_landlord: Vec<(String, String)>,
    kort_channels: Weighted<String>,
    hulpvraag_channels: Weighted<String>,
    walk_in: String,
    minutes: Weighted<u32>,
    languages: Weighted<String>,
    /// The contacts still to make per day, from the first day.
    days: Vec<(NaiveDate, u64)>,
    next_day: usize,
    /// The current day's contacts, newest first (popped from the end).
    pending: Vec<Contact>,
}

fn visible<'a, I: Iterator<Item = (&'a str, bool)>>(codes: I) -> Vec<&'a str> {
    codes
        .filter(|(_, hidden)| !hidden)
        .map(|(c, _)| c)
        .collect()
}

impl Generator {
    pub fn new(config: &Config, spec: &Spec) -> Result<Generator, DemoError> {
        let mut rng = fastrand::Rng::with_seed(spec.seed);
        let names = pick_desks(config, spec.desks)?;
        let topics = visible(config.topics.iter().map(|t| (t.code.as_str(), t.hidden)));
        let channels = visible(config.channels.iter().map(|c| (c.code.as_str(), c.hidden)));
        let partners = visible(config.partners.iter().map(|p| (p.code.as_str(), p.hidden)));
        if topics.is_empty() {
            return Err(DemoError::Empty("topics"));
        }
        let facts: Vec<_> = names.iter().map(|n| profile::desk_facts(n)).collect();
        let total_weight: f64 = facts.iter().map(|f| f64::from(f.0)).sum();
        let mut desks = Vec::new();
        for (index, (name, (weight, walk_in_share, kind, postcodes))) in
            names.into_iter().zip(facts).enumerate()
        {
            let topic_weights = Weighted::new(
                profile::topics(kind)
                    .iter()
                    .filter(|(t, _)| topics.contains(t))
                    .map(|(t, w)| (t.to_string(), u64::from(*w))),
            );
            // A config without the profile's topics still gets contacts, spread evenly.
            let topic_weights = topic_weights
                .or_else(|| Weighted::new(topics.iter().map(|t| (t.to_string(), 1))))
                .ok_or(DemoError::Empty("topics"))?;
            let partner_weights = Weighted::new(
                profile::partners(kind)
                    .iter()
                    .filter(|(p, _)| partners.contains(p))
                    .map(|(p, w)| (p.to_string(), u64::from(*w))),
            );
            let expected = spec.contacts as f64 * f64::from(weight) / total_weight;
            let residents = expected * profile::resident_share(kind) / profile::VISITS_PER_RESIDENT;
            desks.push(Desk {
                name,
                kind,
                walk_in_share,
                topics: topic_weights,
                partners: partner_weights,
                volunteers: volunteers(&mut rng),
                postcodes,
                weight: f64::from(weight),
                resident_pool: (residents.ceil() as u64).max(20),
                index,
            });
        }
        let desk_by_weekday = (0..7u8)
            .map(|i| {
                let day = Weekday::try_from(i).expect("0..7 is a weekday");
                Weighted::new(desks.iter().map(|d| {
                    (
                        d.index,
                        milli(d.weight * profile::weekday_factor(d.kind, day)),
                    )
                }))
                .expect("every desk has some weight on every weekday")
            })
            .collect();
        let channel = |pairs: &[(&str, u32)]| {
            Weighted::new(
                pairs
                    .iter()
                    .filter(|(c, _)| channels.contains(c))
                    .map(|(c, w)| (c.to_string(), u64::from(*w))),
            )
            .or_else(|| Weighted::new(channels.iter().map(|c| (c.to_string(), 1))))
            .ok_or(DemoError::Empty("channels"))
        };
        let walk_in = if channels.contains(&"inloop") {
            "inloop".to_string()
        } else {
            channels
                .first()
                .ok_or(DemoError::Empty("channels"))?
                .to_string()
        };
        let (landlord_groups, corporations, group_landlord) = landlords(config)?;
        let mut generator = Generator {
            rng,
            now: spec.now,
            desks,
            desk_by_weekday,
            hours: Weighted::new(profile::HOURS.iter().map(|(h, w)| (*h, u64::from(*w))))
                .expect("hours have weight"),
            landlord_groups,
            corporations,
            group_landlord,
            kort_channels: channel(profile::KORT_CHANNELS)?,
            hulpvraag_channels: channel(profile::HULPVRAAG_CHANNELS)?,
            walk_in,
            minutes: Weighted::new(profile::MINUTES.iter().map(|(m, w)| (*m, u64::from(*w))))
                .expect("minutes have weight"),
            languages: Weighted::new(
                profile::LANGUAGES
                    .iter()
                    .map(|(l, w)| (l.to_string(), u64::from(*w))),
            )
            .expect("languages have weight"),
            days: Vec::new(),
            next_day: 0,
            pending: Vec::new(),
        };
        generator.days = generator.plan_days(spec);
        Ok(generator)
    }

    /// The desks contacts are made for, in the config's order.
    pub fn desk_names(&self) -> Vec<String> {
        self.desks.iter().map(|d| d.name.clone()).collect()
    }

    /// How many contacts each day gets: its weekday, month and a slow growth over the years,
    /// with some day-to-day noise; the total is exactly `spec.contacts`. Today only counts
    /// the part of the opening hours already past.
    fn plan_days(&mut self, spec: &Spec) -> Vec<(NaiveDate, u64)> {
        let today = spec.now.date();
        let first = today
            .checked_sub_months(Months::new(12 * spec.years.max(1)))
            .and_then(|d| d.succ_opt())
            .unwrap_or(NaiveDate::MIN);
        let span = (today - first).num_days().max(1) as f64;
        let mut weights = Vec::new();
        let mut day = first;
        while day <= today {
            let weekday: f64 = self
                .desks
                .iter()
                .map(|d| d.weight * profile::weekday_factor(d.kind, day.weekday()))
                .sum();
            let growth = 0.7 + 0.3 * (day - first).num_days() as f64 / span;
            let noise = 0.8 + 0.4 * self.rng.f64();
            let mut w = weekday * profile::month_factor(day.month()) * growth * noise;
            if day == today {
                w *= self.open_fraction_before(spec.now);
            }
            weights.push((day, w));
            day = day.succ_opt().expect("days before today have a successor");
        }
        let total: f64 = weights.iter().map(|(_, w)| w).sum();
        let mut out = Vec::with_capacity(weights.len());
        let (mut running, mut given) = (0.0, 0u64);
        for &(day, w) in &weights {
            running += w;
            let upto =
                (((running / total) * spec.contacts as f64).round() as u64).min(spec.contacts);
            out.push((day, upto - given));
            given = upto;
        }
        // Rounding leaves at most a few over; they go to the last day that is open.
        if let Some(i) = weights.iter().rposition(|(_, w)| *w > 0.0) {
            out[i].1 += spec.contacts - given;
        }
        out
    }

    /// The share of the opening hours' weight that lies before `now` on its day.
    fn open_fraction_before(&self, now: NaiveDateTime) -> f64 {
        let minute = now.time().num_seconds_from_midnight() as f64 / 60.0;
        let total: u64 = profile::HOURS.iter().map(|(_, w)| u64::from(*w)).sum();
        let before: f64 = profile::HOURS
            .iter()
            .map(|(h, w)| {
                let start = f64::from(*h) * 60.0;
                f64::from(*w) * ((minute - start) / 60.0).clamp(0.0, 1.0)
            })
            .sum();
        before / total as f64
    }

    /// A moment on `day` in the opening hours, before `now`.
    fn moment(&mut self, day: NaiveDate) -> NaiveDateTime {
        loop {
            let hour = *self.hours.pick(&mut self.rng);
            let minute = self.rng.u32(0..60);
            let at = day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).expect("valid time"));
            if at < self.now {
                return at;
            }
        }
    }

    fn make(&mut self, day: NaiveDate) -> Contact {
        let weekday = day.weekday().num_days_from_monday() as usize;
        let index = *self.desk_by_weekday[weekday].pick(&mut self.rng);
        let at = self.moment(day);
        let rng = &mut self.rng;
        let desk = &self.desks[index];
        let kind = if rng.f64() < profile::HULPVRAAG_SHARE {
            Kind::Hulpvraag
        } else {
            Kind::Kort
        };
        let channel = if rng.f64() < desk.walk_in_share {
            self.walk_in.clone()
        } else if kind == Kind::Kort {
            self.kort_channels.pick(rng).clone()
        } else {
            self.hulpvraag_channels.pick(rng).clone()
        };
        let mut topics = vec![desk.topics.pick(rng).clone()];
        if desk.topics.items.len() > 1 && rng.f64() < profile::MULTI_TOPIC_SHARE {
            let wanted = if desk.topics.items.len() > 2 && rng.f64() < profile::THIRD_TOPIC_SHARE {
                3
            } else {
                2
            };
            while topics.len() < wanted {
                let t = desk.topics.pick(rng);
                if !topics.contains(t) {
                    topics.push(t.clone());
                }
            }
        }
        let group = self.landlord_groups.pick(rng);
        let landlord = match (group.as_str(), &self.corporations) {
            ("corporatie", Some(c)) => c.pick(rng).clone(),
            (g, _) => self
                .group_landlord
                .iter()
                .find(|(grp, _)| grp == g)
                .map(|(_, code)| code.clone())
                .expect("every group offered has a landlord"),
        };
        let minutes = (kind == Kind::Hulpvraag).then(|| *self.minutes.pick(rng));
        let resident = (rng.f64() < profile::resident_share(desk.kind)).then(|| {
            let u = rng.f64();
            let n = ((u * u) * desk.resident_pool as f64) as u64;
            format!("D{:02}{n:05}", desk.index + 1)
        });
        let language =
            (rng.f64() < profile::LANGUAGE_SHARE).then(|| self.languages.pick(rng).clone());
        let postcode = (!desk.postcodes.is_empty() && rng.f64() < profile::POSTCODE_SHARE)
            .then(|| desk.postcodes[rng.usize(0..desk.postcodes.len())].to_string());
        let referred_from = match &desk.partners {
            Some(p) if rng.f64() < profile::REFERRED_FROM_SHARE => Some(p.pick(rng).clone()),
            _ => None,
        };
        let referred_to = match &desk.partners {
            Some(p) if kind == Kind::Hulpvraag && rng.f64() < profile::REFERRED_TO_SHARE => {
                Some(p.pick(rng).clone())
            }
            _ => None,
        };
        let follow_up = (kind == Kind::Hulpvraag && rng.f64() < profile::FOLLOW_UP_SHARE)
            .then(|| day + Duration::days(if rng.bool() { 7 } else { 14 }));
        let note = if rng.f64() < profile::NOTE_SHARE {
            profile::NOTES[rng.usize(0..profile::NOTES.len())].to_string()
        } else {
            String::new()
        };
        // Logged a little after the conversation, never after now.
        let created = (at + Duration::seconds(rng.i64(0..600))).min(self.now);
        let ms = created.and_utc().timestamp_millis().max(0) as u64 + rng.u64(0..1000);
        let id = ContactId(ulid::Ulid::from_parts(ms, rng.u128(..)).to_string());
        Contact {
            id,
            at,
            desk: desk.name.clone(),
            volunteer: desk.volunteers.pick(rng).clone(),
            channel,
            kind,
            topics,
            landlord,
            minutes,
            referred_from,
            referred_to,
            language,
            resident,
            postcode,
            follow_up,
            note,
            created_at: created,
            updated_at: created,
            signal: None,
            follow_up_done: None,
        }
    }
}

impl Iterator for Generator {
    type Item = Contact;

    fn next(&mut self) -> Option<Contact> {
        while self.pending.is_empty() {
            let &(day, n) = self.days.get(self.next_day)?;
            self.next_day += 1;
            let mut today: Vec<Contact> = (0..n).map(|_| self.make(day)).collect();
            // Newest first, so the oldest is popped first.
            today.sort_unstable_by(|a, b| (&b.at, &b.id).cmp(&(&a.at, &a.id)));
            self.pending = today;
        }
        self.pending.pop()
    }
}

/// The first `n` desks of the config (all when `n` is `None`).
fn pick_desks(config: &Config, n: Option<usize>) -> Result<Vec<String>, DemoError> {
    let have = config.desks.len();
    if have == 0 {
        return Err(DemoError::NoDesks);
    }
    match n {
        None => Ok(config.desks.clone()),
        Some(asked) if asked == 0 || asked > have => Err(DemoError::Desks { asked, have }),
        Some(asked) => Ok(config.desks[..asked].to_vec()),
    }
}

/// Four to nine volunteers with made-up initials, some on more shifts than others.
fn volunteers(rng: &mut fastrand::Rng) -> Weighted<String> {
    let n = rng.usize(profile::VOLUNTEERS_PER_DESK);
    let mut initials: Vec<String> = Vec::new();
    while initials.len() < n {
        let len = if rng.f64() < 0.7 { 2 } else { 3 };
        let s: String = (0..len).map(|_| rng.uppercase()).collect();
        if !initials.contains(&s) {
            initials.push(s);
        }
    }
    Weighted::new(
        initials
            .into_iter()
            .enumerate()
            .map(|(k, i)| (i, k as u64 % 3 + 1)),
    )
    .expect("at least four volunteers")
}

type Landlords = (
    Weighted<String>,
    Option<Weighted<String>>,
    Vec<(String, String)>,
);

/// The landlord groups with their shares, the corporations' spread, and for the other groups
/// the one code that stands for them. A group the config has no landlord for is left out.
fn landlords(config: &Config) -> Result<Landlords, DemoError> {
    let shown: Vec<_> = config.landlords.iter().filter(|l| !l.hidden).collect();
    let corporations = Weighted::new(shown.iter().filter(|l| l.group == "corporatie").map(|l| {
        let w = profile::CORPORATIONS
            .iter()
            .find(|(code, _)| *code == l.code)
            .map_or(profile::UNKNOWN_CORPORATION, |(_, w)| *w);
        (l.code.clone(), u64::from(w))
    }));
    let mut group_landlord = Vec::new();
    for (group, _) in profile::LANDLORD_GROUPS {
        // Prefer the code named like the group (`particulier`, `koop`, `onbekend`).
        let code = shown
            .iter()
            .filter(|l| l.group == *group)
            .max_by_key(|l| l.code == *group)
            .map(|l| l.code.clone());
        if let Some(code) = code {
            group_landlord.push((group.to_string(), code));
        }
    }
    let groups = Weighted::new(profile::LANDLORD_GROUPS.iter().filter_map(|(g, w)| {
        let offered = if *g == "corporatie" {
            corporations.is_some()
        } else {
            group_landlord.iter().any(|(grp, _)| grp == g)
        };
        offered.then(|| (g.to_string(), u64::from(*w)))
    }))
    .ok_or(DemoError::Empty("landlords"))?;
    Ok((groups, corporations, group_landlord))
}
