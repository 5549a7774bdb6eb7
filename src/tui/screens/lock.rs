//! The screen lock: the desk screen locks after `[lock] after` without a key, at once on
//! Ctrl-G or F12, and when the terminal window loses the focus (where the terminal reports it).
//! Locked, it shows only that it is locked and how to unlock; the screen, the form and its
//! draft wait underneath and come back as they were. The passphrase unlocks it, or the desk
//! PIN (`balie pin`) until five wrong PINs. State, keys, update and drawing of the lock, all here.

use std::time::Duration;

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use zeroize::Zeroizing;

use crate::crypt::pin::Unlock;
use crate::tui::action::{Action, Effect};
use crate::tui::keymap::{Binding, Key};
use crate::tui::state::{Overlay, State};
use crate::tui::strings::fill;

/// How the lock behaves at this desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rules {
    /// Lock after this long without a key; `None`: only on Ctrl-G or F12.
    pub after: Option<Duration>,
    /// The database is encrypted: its passphrase unlocks.
    pub passphrase: bool,
    /// A desk PIN is set.
    pub pin: bool,
}

/// What was typed at the lock, wiped when dropped and never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Typed(pub Zeroizing<String>);

impl std::fmt::Debug for Typed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Typed(..)")
    }
}

/// The locked screen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Locked {
    typed: Typed,
    /// What the last try did.
    said: Option<Unlock>,
    /// A check is under way (the passphrase takes a moment).
    checking: bool,
}

impl Default for Typed {
    fn default() -> Typed {
        Typed(Zeroizing::new(String::new()))
    }
}

impl Locked {
    /// How many characters were typed (shown as dots).
    pub fn typed_len(&self) -> usize {
        self.typed.0.chars().count()
    }
}

/// The lock's part of `update`: `Some` when the lock handled `action`, `None` to let the
/// screens handle it (ticks, loads and other effect results go on while locked).
pub fn update(state: &mut State, action: &Action) -> Option<Vec<Effect>> {
    let Some(locked) = &mut state.lock else {
        let lock = match action {
            Action::Lock => true,
            Action::FocusLost => state.lock_rules.after.is_some(),
            Action::Idle(idle) => state.lock_rules.after.is_some_and(|after| *idle >= after),
            Action::UnlockResult(_) => return Some(vec![]),
            _ => return None,
        };
        if lock {
            // a question or the help would sit over the lock's return: close them; the
            // screen and the form stay
            state.overlay = state.overlay.take().filter(|o| matches!(o, Overlay::Kb(_)));
            state.lock = Some(Locked::default());
        }
        return Some(vec![]);
    };
    match action {
        Action::Input(c) if !locked.checking => {
            locked.typed.0.push(*c);
            Some(vec![])
        }
        Action::Edit(op) if !locked.checking => {
            // the hidden text has no cursor to move: it is always at the end
            let mut end = locked.typed.0.chars().count();
            crate::tui::input::edit(&mut locked.typed.0, &mut end, *op);
            Some(vec![])
        }
        Action::Save if !locked.checking => {
            locked.checking = true;
            let typed = std::mem::take(&mut locked.typed);
            Some(vec![Effect::Unlock(typed)])
        }
        Action::UnlockResult(Unlock::Unlocked) => {
            state.lock = None;
            Some(vec![])
        }
        Action::UnlockResult(other) => {
            locked.checking = false;
            locked.said = Some(*other);
            Some(vec![])
        }
        Action::Lock | Action::FocusLost | Action::Idle(_) => Some(vec![]),
        Action::Input(_) | Action::Edit(_) | Action::Save => Some(vec![]),
        _ => None,
    }
}

/// The locked screen: type the PIN or passphrase, Enter. Only these keys work while locked
/// (the lock key would only lock again); the locked screen names those in its footer.
pub const KEYS: &[Binding] = &[
    Binding {
        keys: &[(Key::new(KeyCode::Enter), Action::Save)],
        label: |s| s.key_unlock,
        footer: true,
    },
    Binding {
        keys: &[(Key::ctrl('c'), Action::ForceQuit)],
        label: |s| s.key_ctrl_c,
        footer: true,
    },
];

/// The locked screen: only that it is locked and how to unlock.
pub fn draw(frame: &mut Frame, state: &State, locked: &Locked, area: Rect) {
    let th = state.theme;
    let s = state.strings();
    let rules = state.lock_rules;
    let how = if rules.pin {
        s.locked_how_pin
    } else if rules.passphrase {
        s.locked_how_passphrase
    } else {
        s.locked_how_plain
    };
    let said = match locked.said {
        _ if locked.checking => s.locked_checking.to_string(),
        Some(Unlock::WrongPassphrase) => s.locked_wrong_passphrase.to_string(),
        Some(Unlock::WrongPin { left: 1 }) => s.locked_wrong_pin_last.to_string(),
        Some(Unlock::WrongPin { left }) => fill(s.locked_wrong_pin, &[&left.to_string()]),
        Some(Unlock::PinLockedOut) => s.locked_pin_out.to_string(),
        Some(Unlock::Unlocked) | None => String::new(),
    };
    let dots: String = "•".repeat(locked.typed_len().min(40));
    let lines = vec![
        Line::from(""),
        Line::from(Span::styled(
            s.locked_title,
            Style::new().add_modifier(Modifier::BOLD),
        )),
        Line::from(""),
        Line::from(how),
        Line::from(""),
        Line::from(Span::styled(format!("[{dots:<40}]"), th.accent())),
        Line::from(""),
        Line::from(Span::styled(said, th.warn())),
        Line::from(""),
        Line::from(
            KEYS.iter()
                .filter(|b| b.footer)
                .map(|b| format!("{} = {}", b.keys_label(), (b.label)(s)))
                .collect::<Vec<_>>()
                .join(" · "),
        ),
    ];
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(14),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, center, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(60.min(area.width)),
        Constraint::Fill(1),
    ])
    .areas(middle);
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .block(Block::default().borders(Borders::ALL)),
        center,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn state(after: Option<u64>) -> State {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        let mut s = State::new(Config::shipped(), Some("D".into()), Some("AB".into()), now);
        s.lock_rules = Rules {
            after: after.map(Duration::from_secs),
            passphrase: true,
            pin: true,
        };
        s
    }

    #[test]
    fn idle_locks_only_past_the_set_time_and_typing_unlocks_through_an_effect() {
        let mut s = state(Some(90));
        assert_eq!(
            update(&mut s, &Action::Idle(Duration::from_secs(89))),
            Some(vec![])
        );
        assert!(s.lock.is_none());
        update(&mut s, &Action::Idle(Duration::from_secs(90)));
        assert!(s.lock.is_some());
        for c in "246810".chars() {
            update(&mut s, &Action::Input(c));
        }
        let effects = update(&mut s, &Action::Save).unwrap();
        assert_eq!(
            effects,
            vec![Effect::Unlock(Typed(Zeroizing::new("246810".into())))]
        );
        // while checking, keys wait
        update(&mut s, &Action::Input('x'));
        assert_eq!(s.lock.as_ref().unwrap().typed_len(), 0);
        update(&mut s, &Action::UnlockResult(Unlock::WrongPin { left: 4 }));
        assert!(s.lock.is_some());
        update(&mut s, &Action::UnlockResult(Unlock::Unlocked));
        assert!(s.lock.is_none());
        // ticks and loads are not the lock's business
        let now = s.now;
        assert_eq!(update(&mut s, &Action::Tick(now)), None);
    }

    #[test]
    fn without_a_lock_time_only_ctrl_l_locks() {
        let mut s = state(None);
        update(&mut s, &Action::Idle(Duration::from_secs(3600)));
        update(&mut s, &Action::FocusLost);
        assert!(s.lock.is_none());
        update(&mut s, &Action::Lock);
        assert!(s.lock.is_some());
    }

    #[test]
    fn the_typed_secret_never_shows_in_debug_output() {
        let t = Typed(Zeroizing::new("geheim123".into()));
        assert!(!format!("{:?}", Effect::Unlock(t)).contains("geheim"));
    }
}
