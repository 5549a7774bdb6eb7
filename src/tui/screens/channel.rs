//! The channel picker over the main screen (`c`): which channel the tally keys log with. A
//! digit picks that channel at once, ↑↓ and Enter pick too. Its keys, update and drawing.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::action::{Action, Effect};
use crate::tui::keymap::{Binding, DIGITS, Key};
use crate::tui::state::{Overlay, State, Tone};
use crate::tui::strings::fill;
use crate::tui::view::centered;

/// `c` on the main screen: open the picker on the channel the tallies use now.
pub fn open(state: &mut State) {
    let cursor = state
        .visible_channels()
        .iter()
        .position(|c| *c == state.tally_channel)
        .unwrap_or(0);
    state.overlay = Some(Overlay::Channel { cursor });
}

/// The channel picker: a digit picks that channel at once, ↑↓ and Enter pick too.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(Overlay::Channel { cursor }) = state.overlay.clone() else {
        return vec![];
    };
    let channels = state.visible_channels();
    let n = channels.len();
    let picked = match action {
        Action::Up => {
            state.overlay = Some(Overlay::Channel {
                cursor: cursor.saturating_sub(1),
            });
            None
        }
        Action::Down => {
            state.overlay = Some(Overlay::Channel {
                cursor: (cursor + 1).min(n.saturating_sub(1)),
            });
            None
        }
        Action::Tally(k) => channels.get(usize::from(k).saturating_sub(1)).cloned(),
        Action::Save => channels.get(cursor).cloned(),
        Action::Back => {
            state.overlay = None;
            None
        }
        _ => None,
    };
    let Some(next) = picked else {
        return vec![];
    };
    state.overlay = None;
    state.tally_channel = next.clone();
    let label = state.config.channel(&next).map_or(next.clone(), |c| {
        crate::config::Labelled::label(c, state.config.lang).to_string()
    });
    let s = state.strings();
    state.say(Tone::Info, fill(s.channel_now, &[&label]));
    vec![Effect::SaveSetting(
        crate::store::Setting::TallyChannel.key(),
        next,
    )]
}

pub const KEYS: &[Binding] = &[
    Binding {
        keys: DIGITS,
        label: |s| s.key_channel_pick,
        footer: true,
    },
    Binding {
        keys: &[
            (Key::new(KeyCode::Up), Action::Up),
            (Key::new(KeyCode::Down), Action::Down),
            (Key::new(KeyCode::Enter), Action::Save),
        ],
        label: |s| s.key_choose,
        footer: true,
    },
    Binding {
        keys: &[
            (Key::new(KeyCode::Esc), Action::Back),
            (Key::char('c'), Action::Back),
            (Key::char('q'), Action::Back),
        ],
        label: |s| s.key_back,
        footer: true,
    },
];

/// The channel picker: each channel with its digit, the highlighted one marked `▸`.
pub fn draw(frame: &mut Frame, state: &State, cursor: usize, body: Rect) {
    let th = state.theme;
    let lang = state.config.lang;
    let channels = state.visible_channels();
    let lines: Vec<Line> = channels
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let label = state
                .config
                .channel(code)
                .map_or(code.as_str(), |c| crate::config::Labelled::label(c, lang));
            let mark = if i == cursor { "▸" } else { " " };
            let now = if *code == state.tally_channel {
                " ✓"
            } else {
                ""
            };
            let line = Line::from(format!("{mark} {} {label}{now}", i + 1));
            if i == cursor { line.reversed() } else { line }
        })
        .collect();
    let rect = centered(body, 40, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", state.strings().channel_title))
        .border_style(th.frame_form());
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
