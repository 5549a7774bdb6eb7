//! Keys as data: a binding lists the keys it takes as values (a key code, with or without
//! Ctrl) and the action each one means. Resolving a key, the footer and the help screen all
//! read the same values, and the keys' names in the footer and help are made from them, so
//! they can never drift from what is bound (as gitui's `key_list.rs` does). Each screen
//! declares its own bindings (`KEYS` in its module); the keys several screens share are here.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::input::EditOp;
use super::strings::Strings;

/// Where the keyboard focus is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Main,
    Form,
    Setup,
    Help,
    Confirm,
    Channel,
    Overview,
    Kb,
    KbArticle,
    FollowUps,
    Locked,
    Thread,
}

/// One key as bound: its code, and whether Ctrl or Alt is held with it.
///
/// Shift is never part of a key (it makes `J` of `j` and Shift-Tab of Tab, which have codes
/// of their own). A typed character without Ctrl matches only without Ctrl or Alt held (so
/// Alt-q does not quit); Enter, Esc, the arrows and other named keys match whatever is held
/// with them, unless a binding takes that combination itself (Ctrl-← is a word left where
/// ← is bound alone): [`resolve`] looks for the key exactly as pressed first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn new(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    /// Ctrl and a named key (Ctrl-←).
    pub const fn ctrl_key(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: true,
            alt: false,
        }
    }

    /// Alt and a named key (Alt-Backspace).
    pub const fn alt_key(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: true,
        }
    }

    /// A typed character, without Ctrl.
    pub const fn char(c: char) -> Key {
        Key::new(KeyCode::Char(c))
    }

    /// Ctrl and a letter.
    pub const fn ctrl(c: char) -> Key {
        Key::ctrl_key(KeyCode::Char(c))
    }

    /// Whether a key press is this key.
    pub fn matches(&self, event: &KeyEvent) -> bool {
        if event.code != self.code {
            return false;
        }
        if self.ctrl || self.alt {
            (!self.ctrl || event.modifiers.contains(KeyModifiers::CONTROL))
                && (!self.alt || event.modifiers.contains(KeyModifiers::ALT))
        } else if matches!(self.code, KeyCode::Char(_)) {
            plain(event)
        } else {
            true
        }
    }

    /// Whether a key press is this key with exactly its Ctrl and Alt.
    fn matches_exactly(&self, event: &KeyEvent) -> bool {
        self.matches(event)
            && event.modifiers.contains(KeyModifiers::CONTROL) == self.ctrl
            && event.modifiers.contains(KeyModifiers::ALT) == self.alt
    }

    /// The key press this key is (as a terminal sends it).
    pub fn event(&self) -> KeyEvent {
        let mut modifiers = KeyModifiers::NONE;
        if self.ctrl {
            modifiers |= KeyModifiers::CONTROL;
        }
        if self.alt {
            modifiers |= KeyModifiers::ALT;
        }
        KeyEvent::new(self.code, modifiers)
    }

    /// How the key is written in the footer and the help: `Enter`, `Ctrl-K`, `↑`, `q`.
    pub fn name(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else if self.alt {
            format!("Alt-{base}")
        } else {
            base
        }
    }
}

/// Some keys and what each does, shown on one line of the help (and of the footer).
pub struct Binding {
    /// Each key and the action it means, in the order the label names them. No keys at
    /// all: the binding describes typing (every character unbound here is typed).
    pub keys: &'static [(Key, Action)],
    pub label: fn(&Strings) -> &'static str,
    /// Shown in the footer (all bindings are in the help screen).
    pub footer: bool,
}

impl Binding {
    /// The action this binding gives a key press, if it takes that key.
    pub fn resolve(&self, event: &KeyEvent) -> Option<Action> {
        self.keys
            .iter()
            .find(|(key, _)| key.matches(event))
            .map(|(_, action)| action.clone())
    }

    /// The action this binding gives the key press with exactly its Ctrl and Alt.
    fn resolve_exactly(&self, event: &KeyEvent) -> Option<Action> {
        self.keys
            .iter()
            .find(|(key, _)| key.matches_exactly(event))
            .map(|(_, action)| action.clone())
    }

    /// The keys' names as the footer and help write them, made from the keys themselves:
    /// `Enter/e`, `↑↓/PgUp/PgDn`, `1-9`, `/ Ctrl-K`; `abc` for typing.
    pub fn keys_label(&self) -> String {
        if self.keys.is_empty() {
            return "abc".into();
        }
        let mut keys: Vec<Key> = Vec::new();
        for (key, _) in self.keys {
            if !keys.contains(key) {
                keys.push(*key);
            }
        }
        // a run of three or more digits in a row is written `1-9`
        let mut names: Vec<String> = Vec::new();
        let mut i = 0;
        while i < keys.len() {
            let digit = |k: &Key| match k.code {
                KeyCode::Char(c) if !k.ctrl => c.to_digit(10),
                _ => None,
            };
            let mut j = i;
            if let Some(first) = digit(&keys[i]) {
                while j + 1 < keys.len() && digit(&keys[j + 1]) == Some(first + (j + 1 - i) as u32)
                {
                    j += 1;
                }
            }
            if j >= i + 2 {
                names.push(format!("{}-{}", keys[i].name(), keys[j].name()));
            } else {
                j = i;
                names.push(keys[i].name());
            }
            i = j + 1;
        }
        let mut out = String::new();
        for (n, name) in names.iter().enumerate() {
            if n > 0 {
                let before = names[n - 1].as_str();
                out.push_str(match (before, name.as_str()) {
                    // the arrow pairs read as one
                    ("←", "→") | ("↑", "↓") => "",
                    // a slash key would vanish between slashes
                    ("/", _) | (_, "/") => " ",
                    _ => "/",
                });
            }
            out.push_str(name);
        }
        out
    }
}

fn plain(k: &KeyEvent) -> bool {
    !k.modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

use Action as A;
use KeyCode as C;

/// Esc: one level back.
pub const BACK: Binding = Binding {
    keys: &[(Key::new(C::Esc), A::Back)],
    label: |s| s.key_back,
    footer: true,
};

/// The line-editing keys of every text field, one list for every context that takes text
/// (the form's fields and topic search, the knowledge-base search, set-up, the lock), resolved
/// after the screen's own keys (the form's ←/→ change a choice first). The help lists them
/// once; the footer of a screen with text names the clearing ones.
pub const TEXT: &[Binding] = &[
    Binding {
        keys: &[
            (Key::new(C::Left), A::Edit(EditOp::Left)),
            (Key::new(C::Right), A::Edit(EditOp::Right)),
            (Key::ctrl_key(C::Left), A::Edit(EditOp::WordLeft)),
            (Key::ctrl_key(C::Right), A::Edit(EditOp::WordRight)),
        ],
        label: |s| s.key_text_move,
        footer: false,
    },
    Binding {
        keys: &[
            (Key::new(C::Home), A::Edit(EditOp::Home)),
            (Key::ctrl('a'), A::Edit(EditOp::Home)),
            (Key::new(C::End), A::Edit(EditOp::End)),
            (Key::ctrl('e'), A::Edit(EditOp::End)),
        ],
        label: |s| s.key_text_ends,
        footer: false,
    },
    Binding {
        keys: &[
            (Key::new(C::Backspace), A::Edit(EditOp::Backspace)),
            (Key::new(C::Delete), A::Edit(EditOp::Delete)),
        ],
        label: |s| s.key_edit_text,
        footer: false,
    },
    Binding {
        keys: &[
            (Key::ctrl('w'), A::Edit(EditOp::DeleteWordBefore)),
            (
                Key::alt_key(C::Backspace),
                A::Edit(EditOp::DeleteWordBefore),
            ),
        ],
        label: |s| s.key_text_word,
        footer: false,
    },
    Binding {
        keys: &[(Key::ctrl('u'), A::Edit(EditOp::ClearBefore))],
        label: |s| s.key_text_clear,
        footer: true,
    },
];

/// The knowledge base's keys, on screens without text fields.
pub const KB_KEYS: &[(Key, Action)] = &[(Key::char('/'), A::OpenKb), (Key::ctrl('k'), A::OpenKb)];

/// The knowledge base, from screens without text fields (not in the footer there).
pub const OPEN_KB: Binding = Binding {
    keys: KB_KEYS,
    label: |s| s.key_kb,
    footer: false,
};

/// Moving in a short list or scrolling: ↑↓ and a page at a time.
pub const UP_DOWN_PAGE: &[(Key, Action)] = &[
    (Key::new(C::Up), A::Up),
    (Key::new(C::Down), A::Down),
    (Key::new(C::PageUp), A::PageUp),
    (Key::new(C::PageDown), A::PageDown),
];

/// ↑↓ alone (in the form and set-up, where they move between fields or matches).
pub const UP_DOWN: &[(Key, Action)] = &[(Key::new(C::Up), A::Up), (Key::new(C::Down), A::Down)];

/// The digits 1 to 9, as tallies (or, in the channel picker, a channel).
pub const DIGITS: &[(Key, Action)] = &[
    (Key::char('1'), A::Tally(1)),
    (Key::char('2'), A::Tally(2)),
    (Key::char('3'), A::Tally(3)),
    (Key::char('4'), A::Tally(4)),
    (Key::char('5'), A::Tally(5)),
    (Key::char('6'), A::Tally(6)),
    (Key::char('7'), A::Tally(7)),
    (Key::char('8'), A::Tally(8)),
    (Key::char('9'), A::Tally(9)),
];

/// Esc or q: back to the main screen.
pub const ESC_Q_BACK: &[(Key, Action)] = &[(Key::new(C::Esc), A::Back), (Key::char('q'), A::Back)];

/// Ctrl-C quits from anywhere; it is checked before any context.
pub const EVERYWHERE: &[Binding] = &[
    Binding {
        keys: &[(Key::ctrl('c'), A::ForceQuit)],
        label: |s| s.key_ctrl_c,
        footer: false,
    },
    Binding {
        keys: &[(Key::ctrl('g'), A::Lock), (Key::new(C::F(12)), A::Lock)],
        label: |s| s.key_lock,
        footer: false,
    },
];

/// The main list's keys, shared by every list of contacts (today's, a resident's thread).
pub const EDIT_SELECTED: Binding = Binding {
    keys: &[
        (Key::new(C::Enter), A::EditSelected),
        (Key::char('e'), A::EditSelected),
    ],
    label: |s| s.key_edit,
    footer: true,
};

pub const DELETE_SELECTED: Binding = Binding {
    keys: &[
        (Key::char('d'), A::DeleteSelected),
        (Key::new(C::Delete), A::DeleteSelected),
    ],
    label: |s| s.key_delete,
    footer: true,
};

pub const MOVE_IN_LIST: Binding = Binding {
    keys: &[
        (Key::new(C::Up), A::Up),
        (Key::new(C::Down), A::Down),
        (Key::char('j'), A::Down),
        (Key::char('k'), A::Up),
        (Key::new(C::PageUp), A::PageUp),
        (Key::new(C::PageDown), A::PageDown),
        (Key::new(C::Home), A::Home),
        (Key::new(C::End), A::End),
    ],
    label: |s| s.key_move,
    footer: false,
};

pub const HELP_KEY_LIST: &[(Key, Action)] = &[
    (Key::char('?'), A::Help),
    (Key::char('h'), A::Help),
    (Key::new(C::F(1)), A::Help),
];

pub const HELP_KEYS: Binding = Binding {
    keys: HELP_KEY_LIST,
    label: |s| s.key_help,
    footer: true,
};

/// The bindings of a context: each screen declares its own.
pub fn bindings(ctx: Context) -> &'static [Binding] {
    use super::screens::*;
    match ctx {
        Context::FollowUps => follow_ups::KEYS,
        Context::Thread => thread::KEYS,
        Context::Kb => kb::KEYS,
        Context::KbArticle => kb::ARTICLE_KEYS,
        Context::Overview => overview::KEYS,
        Context::Main => main::KEYS,
        Context::Form => form::KEYS,
        Context::Setup => setup::KEYS,
        Context::Help => help::KEYS,
        Context::Confirm => confirm::KEYS,
        Context::Locked => lock::KEYS,
        Context::Channel => channel::KEYS,
    }
}

/// Whether unbound printable keys are typed into a text field in this context.
fn takes_text(ctx: Context) -> bool {
    matches!(
        ctx,
        Context::Form | Context::Setup | Context::Kb | Context::Locked
    )
}

/// The bindings of a context and the line-editing keys after them where it takes text
/// (the footer and the help show these; [`resolve`] reads the same).
pub fn all_bindings(ctx: Context) -> impl Iterator<Item = &'static Binding> {
    let text: &[Binding] = if takes_text(ctx) { TEXT } else { &[] };
    bindings(ctx).iter().chain(text)
}

/// The action a key means in `ctx`, if any.
pub fn resolve(ctx: Context, key: &KeyEvent) -> Option<Action> {
    // locked, only the lock's own keys work: not even the lock key (it would only lock again)
    let everywhere = if ctx == Context::Locked {
        &[]
    } else {
        EVERYWHERE
    };
    let all = || everywhere.iter().chain(all_bindings(ctx));
    // the key as pressed (Ctrl-←) first, then a named key whatever is held with it
    if let Some(a) = all()
        .find_map(|b| b.resolve_exactly(key))
        .or_else(|| all().find_map(|b| b.resolve(key)))
    {
        return Some(a);
    }
    match key.code {
        KeyCode::Char(c) if takes_text(ctx) && plain(key) => Some(Action::Input(c)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn tally_keys_and_main_keys() {
        assert_eq!(
            resolve(Context::Main, &key(KeyCode::Char('1'))),
            Some(Action::Tally(1))
        );
        assert_eq!(
            resolve(Context::Main, &key(KeyCode::Char('9'))),
            Some(Action::Tally(9))
        );
        assert_eq!(resolve(Context::Main, &key(KeyCode::Char('0'))), None);
        assert_eq!(
            resolve(Context::Main, &key(KeyCode::Char('n'))),
            Some(Action::NewContact)
        );
        assert_eq!(
            resolve(Context::Main, &key(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(resolve(Context::Form, &ctrl_c), Some(Action::ForceQuit));
        assert_eq!(resolve(Context::Help, &ctrl_c), Some(Action::ForceQuit));
    }

    #[test]
    fn letters_in_the_form_are_typed_not_commands() {
        assert_eq!(
            resolve(Context::Form, &key(KeyCode::Char('q'))),
            Some(Action::Input('q'))
        );
        assert_eq!(
            resolve(Context::Form, &key(KeyCode::Char('1'))),
            Some(Action::Input('1'))
        );
        assert_eq!(
            resolve(Context::Form, &key(KeyCode::Enter)),
            Some(Action::Save)
        );
        assert_eq!(
            resolve(Context::Form, &key(KeyCode::Char(' '))),
            Some(Action::Input(' '))
        );
    }

    #[test]
    fn every_text_context_has_the_same_line_editing_keys_and_ctrl_k_stays_the_knowledge_base() {
        let with = |code, modifiers| KeyEvent::new(code, modifiers);
        let cases = [
            (
                with(C::Char('u'), KeyModifiers::CONTROL),
                EditOp::ClearBefore,
            ),
            (
                with(C::Char('w'), KeyModifiers::CONTROL),
                EditOp::DeleteWordBefore,
            ),
            (
                with(C::Backspace, KeyModifiers::ALT),
                EditOp::DeleteWordBefore,
            ),
            (with(C::Char('a'), KeyModifiers::CONTROL), EditOp::Home),
            (with(C::Home, KeyModifiers::NONE), EditOp::Home),
            (with(C::Char('e'), KeyModifiers::CONTROL), EditOp::End),
            (with(C::End, KeyModifiers::NONE), EditOp::End),
            (with(C::Left, KeyModifiers::CONTROL), EditOp::WordLeft),
            (with(C::Right, KeyModifiers::CONTROL), EditOp::WordRight),
            (with(C::Left, KeyModifiers::NONE), EditOp::Left),
            (with(C::Right, KeyModifiers::NONE), EditOp::Right),
            (with(C::Delete, KeyModifiers::NONE), EditOp::Delete),
            (with(C::Backspace, KeyModifiers::NONE), EditOp::Backspace),
            // Shift held with a named key changes nothing
            (with(C::Left, KeyModifiers::SHIFT), EditOp::Left),
        ];
        for ctx in [Context::Form, Context::Kb, Context::Setup, Context::Locked] {
            for (event, op) in cases {
                assert_eq!(
                    resolve(ctx, &event),
                    Some(Action::Edit(op)),
                    "{ctx:?} {event:?}"
                );
            }
        }
        // screens without text keep their own meaning of these keys
        assert_eq!(
            resolve(Context::Overview, &key(C::Left)),
            Some(Action::Left)
        );
        assert_eq!(resolve(Context::Main, &key(C::Home)), Some(Action::Home));
        let ctrl_k = with(C::Char('k'), KeyModifiers::CONTROL);
        assert_eq!(resolve(Context::Form, &ctrl_k), Some(Action::OpenKb));
        assert_eq!(
            resolve(Context::Form, &key(C::Char(' '))),
            Some(Action::Input(' '))
        );
    }

    #[test]
    fn every_context_has_a_way_back_or_out() {
        for ctx in [
            Context::Form,
            Context::Setup,
            Context::Help,
            Context::Confirm,
            Context::Channel,
        ] {
            let back = resolve(ctx, &key(KeyCode::Esc));
            assert!(matches!(back, Some(Action::Back | Action::No)), "{ctx:?}");
        }
        assert_eq!(
            resolve(Context::Main, &key(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
    }

    #[test]
    fn the_session_and_thread_keys_and_the_thread_screen_has_the_main_lists_keys() {
        assert_eq!(
            resolve(Context::Main, &key(KeyCode::Char('s'))),
            Some(Action::ToggleSession)
        );
        assert_eq!(
            resolve(Context::Main, &key(KeyCode::Char('t'))),
            Some(Action::OpenThread)
        );
        assert_eq!(
            resolve(Context::Form, &key(KeyCode::F(3))),
            Some(Action::OpenThread)
        );
        let ctrl_t = KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL);
        assert_eq!(resolve(Context::Form, &ctrl_t), Some(Action::OpenThread));
        // in the form the letters are typed
        assert_eq!(
            resolve(Context::Form, &key(KeyCode::Char('s'))),
            Some(Action::Input('s'))
        );
        for code in [
            KeyCode::Enter,
            KeyCode::Char('e'),
            KeyCode::Char('d'),
            KeyCode::Down,
        ] {
            assert_eq!(
                resolve(Context::Thread, &key(code)),
                resolve(Context::Main, &key(code)),
                "{code:?}"
            );
        }
        assert_eq!(
            resolve(Context::Thread, &key(KeyCode::Esc)),
            Some(Action::Back)
        );
    }

    const ALL: [Context; 12] = [
        Context::Main,
        Context::Form,
        Context::Setup,
        Context::Help,
        Context::Confirm,
        Context::Channel,
        Context::Overview,
        Context::Kb,
        Context::KbArticle,
        Context::FollowUps,
        Context::Locked,
        Context::Thread,
    ];

    /// The key names a label writes, read back from its text: `Enter/e`, `/ Ctrl-K`, `↑↓`
    /// (each arrow), `1-9` (each digit).
    fn names_in(label: &str) -> Vec<String> {
        let mut names = Vec::new();
        for part in label.split(' ') {
            let parts: Vec<&str> = if part == "/" {
                vec![part]
            } else {
                part.split('/').collect()
            };
            for p in parts {
                if !p.is_empty() && p.chars().all(|c| "←→↑↓".contains(c)) {
                    names.extend(p.chars().map(String::from));
                } else if let Some((a, b)) = p.split_once('-')
                    && let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>())
                {
                    names.extend((a..=b).map(|d| d.to_string()));
                } else {
                    names.push(p.to_string());
                }
            }
        }
        names
    }

    #[test]
    fn every_bindings_label_names_every_key_it_takes_and_each_key_does_what_it_says() {
        let mut checked = 0;
        for ctx in ALL {
            let everywhere: &[Binding] = if ctx == Context::Locked {
                &[]
            } else {
                EVERYWHERE
            };
            for b in everywhere.iter().chain(all_bindings(ctx)) {
                let label = b.keys_label();
                let named = names_in(&label);
                for (key, action) in b.keys {
                    assert!(
                        named.contains(&key.name()),
                        "{ctx:?}: `{label}` does not name {}",
                        key.name()
                    );
                    assert_eq!(
                        resolve(ctx, &key.event()).as_ref(),
                        Some(action),
                        "{ctx:?}: {} is bound but does something else",
                        key.name()
                    );
                    checked += 1;
                }
                // and the label names nothing that is not bound (typing is `abc`)
                if !b.keys.is_empty() {
                    for name in &named {
                        assert!(
                            b.keys.iter().any(|(k, _)| k.name() == *name),
                            "{ctx:?}: `{label}` names {name}, which is not bound"
                        );
                    }
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }

    #[test]
    fn labels_are_written_as_before_and_name_the_keys_that_were_unnamed() {
        use crate::tui::screens::{form, help, kb, main};
        let label = |bs: &[Binding], i: usize| bs[i].keys_label();
        assert_eq!(label(main::KEYS, 0), "1-9");
        assert_eq!(label(main::KEYS, 3), "d/Del");
        assert_eq!(label(main::KEYS, 13), "/ Ctrl-K");
        assert_eq!(label(form::KEYS, 0), "Enter");
        assert_eq!(label(form::KEYS, 1), "Ctrl-S");
        assert_eq!(label(form::KEYS, 6), "Ctrl-K/F4");
        assert_eq!(label(form::KEYS, 3), "Shift-Tab");
        assert_eq!(label(TEXT, 0), "←→/Ctrl-←/Ctrl-→");
        assert_eq!(label(TEXT, 1), "Home/Ctrl-A/End/Ctrl-E");
        assert_eq!(label(TEXT, 3), "Ctrl-W/Alt-Backspace");
        // bound before without a word in the help
        assert_eq!(label(main::KEYS, 6), "↑↓/j/k/PgUp/PgDn/Home/End");
        assert_eq!(label(help::KEYS, 1), "Esc/q/?");
        assert_eq!(label(help::KEYS, 0), "↑↓/PgUp/PgDn");
        assert_eq!(label(kb::KEYS, 0), "abc");
    }
}
