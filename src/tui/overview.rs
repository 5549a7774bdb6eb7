//! The coordinator's overview screen: one period's counts per topic, the last 12 weeks and the
//! year's targets, stepped back and forth by period; one key exports the shown period's
//! contacts (xlsx), another writes its report document (HTML).

use crate::report::{Overview, Period, PeriodKind};

use super::action::{Action, Effect};
use super::state::{Message, Screen, State, Tone};
use super::strings::fill;

/// What the overview shows and the figures last loaded for it.
#[derive(Debug, Clone)]
pub struct OverviewScreen {
    pub period: Period,
    /// All desks in the database, or only this desk.
    pub all_desks: bool,
    pub data: Option<Overview>,
}

impl OverviewScreen {
    pub fn new(period: Period) -> OverviewScreen {
        OverviewScreen {
            period,
            all_desks: false,
            data: None,
        }
    }

    pub fn desk<'a>(&self, state: &'a State) -> Option<&'a str> {
        (!self.all_desks).then_some(state.desk.as_str())
    }
}

/// The effect that (re)loads the figures of what the overview shows.
fn load(state: &State) -> Vec<Effect> {
    match &state.overview {
        Some(o) => vec![Effect::LoadOverview {
            period: o.period,
            desk: o.desk(state).map(str::to_string),
        }],
        None => vec![],
    }
}

/// Open the overview on this week.
pub fn open(state: &mut State) -> Vec<Effect> {
    let period = match &state.overview {
        Some(o) => o.period,
        None => Period::containing(PeriodKind::Week, state.now.date()),
    };
    let all = state.overview.as_ref().is_some_and(|o| o.all_desks);
    state.overview = Some(OverviewScreen {
        all_desks: all,
        ..OverviewScreen::new(period)
    });
    state.screen = Screen::Overview;
    load(state)
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let today = state.now.date();
    let Some(o) = state.overview.as_mut() else {
        state.screen = Screen::Main;
        return vec![];
    };
    match action {
        Action::Left | Action::Up => o.period = o.period.prev(),
        Action::Right | Action::Down => o.period = o.period.next(),
        Action::Home => {
            o.period = Period::containing(o.period.kind().unwrap_or(PeriodKind::Week), today)
        }
        Action::PeriodKind(kind) => {
            // the period of that kind holding the first day shown now (or today, if shown)
            let day = if o.period.contains(today) {
                today
            } else {
                o.period.from()
            };
            o.period = Period::containing(kind, day);
        }
        Action::ToggleDesks => o.all_desks = !o.all_desks,
        Action::Export => {
            let period = o.period;
            let desk = (!o.all_desks).then(|| state.desk.clone());
            return vec![Effect::ExportPeriod { period, desk }];
        }
        Action::ExportDocument => {
            let period = o.period;
            let desk = (!o.all_desks).then(|| state.desk.clone());
            return vec![Effect::DocumentPeriod { period, desk }];
        }
        Action::Back | Action::Quit => {
            state.screen = Screen::Main;
            return vec![];
        }
        Action::Help => {
            state.overlay = Some(super::state::Overlay::Help { scroll: 0 });
            return vec![];
        }
        Action::OpenKb => return super::kb::open(state),
        _ => return vec![],
    }
    o.data = None;
    load(state)
}

/// The figures arrived: keep them if they are for what is shown now.
pub fn loaded(state: &mut State, data: Overview) {
    if let Some(o) = &mut state.overview
        && o.period.from() == data.from
        && o.period.to() == data.to
    {
        o.data = Some(data);
    }
}

pub fn exported(state: &mut State, path: &str) {
    state.message = Some(Message {
        text: fill(state.strings().exported, &[path]),
        tone: Tone::Good,
    });
}
