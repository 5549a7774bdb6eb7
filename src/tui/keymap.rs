//! Keys as data: each context's bindings resolve a key to an [`Action`], and the same table
//! writes the footer and the help screen, so they can never drift from the real keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
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

pub struct Binding {
    /// How the key is written in the footer and help.
    pub keys: &'static str,
    pub label: fn(&Strings) -> &'static str,
    /// Shown in the footer (all bindings are in the help screen).
    pub footer: bool,
    pub resolve: fn(&KeyEvent) -> Option<Action>,
}

fn plain(k: &KeyEvent) -> bool {
    !k.modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

fn ctrl(k: &KeyEvent, c: char) -> bool {
    k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char(c)
}

fn is_char(k: &KeyEvent, cs: &[char]) -> bool {
    plain(k) && matches!(k.code, KeyCode::Char(c) if cs.contains(&c))
}

/// Esc: one level back.
const BACK: Binding = Binding {
    keys: "Esc",
    label: |s| s.key_back,
    footer: true,
    resolve: |k| (k.code == KeyCode::Esc).then_some(Action::Back),
};

/// Editing typed text: the cursor and deleting. (Left and right also change a choice.)
const EDIT: Binding = Binding {
    keys: "←→ Home End Backspace Del",
    label: |s| s.key_edit_text,
    footer: false,
    resolve: |k| match k.code {
        KeyCode::Left => Some(Action::Left),
        KeyCode::Right => Some(Action::Right),
        KeyCode::Home => Some(Action::Home),
        KeyCode::End => Some(Action::End),
        KeyCode::Backspace => Some(Action::Backspace),
        KeyCode::Delete => Some(Action::Delete),
        _ => None,
    },
};

/// The knowledge base, from screens without text fields (not in the footer there).
const OPEN_KB: Binding = Binding {
    keys: "/ Ctrl-K",
    label: |s| s.key_kb,
    footer: false,
    resolve: |k| (is_char(k, &['/']) || ctrl(k, 'k')).then_some(Action::OpenKb),
};

/// Ctrl-C quits from anywhere; it is checked before any context.
pub const EVERYWHERE: &[Binding] = &[
    Binding {
        keys: "Ctrl-C",
        label: |s| s.key_ctrl_c,
        footer: false,
        resolve: |k| ctrl(k, 'c').then_some(Action::ForceQuit),
    },
    Binding {
        keys: "Ctrl-G F12",
        label: |s| s.key_lock,
        footer: false,
        resolve: |k| (ctrl(k, 'g') || k.code == KeyCode::F(12)).then_some(Action::Lock),
    },
];

/// The locked screen: type the PIN or passphrase, Enter.
pub const LOCKED: &[Binding] = &[
    Binding {
        keys: "Enter",
        label: |s| s.key_unlock,
        footer: true,
        resolve: |k| (k.code == KeyCode::Enter).then_some(Action::Save),
    },
    Binding {
        keys: "Backspace",
        label: |s| s.key_edit_text,
        footer: false,
        resolve: |k| (k.code == KeyCode::Backspace).then_some(Action::Backspace),
    },
];

/// The main list's keys, shared by every list of contacts (today's, a resident's thread).
const EDIT_SELECTED: Binding = Binding {
    keys: "Enter/e",
    label: |s| s.key_edit,
    footer: true,
    resolve: |k| (k.code == KeyCode::Enter || is_char(k, &['e'])).then_some(Action::EditSelected),
};

const DELETE_SELECTED: Binding = Binding {
    keys: "d/Del",
    label: |s| s.key_delete,
    footer: true,
    resolve: |k| {
        (k.code == KeyCode::Delete || is_char(k, &['d'])).then_some(Action::DeleteSelected)
    },
};

const MOVE_IN_LIST: Binding = Binding {
    keys: "↑↓ j k PgUp PgDn",
    label: |s| s.key_move,
    footer: false,
    resolve: |k| match k.code {
        KeyCode::Up => Some(Action::Up),
        KeyCode::Down => Some(Action::Down),
        KeyCode::Char('k') if plain(k) => Some(Action::Up),
        KeyCode::Char('j') if plain(k) => Some(Action::Down),
        KeyCode::PageUp => Some(Action::PageUp),
        KeyCode::PageDown => Some(Action::PageDown),
        KeyCode::Home => Some(Action::Home),
        KeyCode::End => Some(Action::End),
        _ => None,
    },
};

const HELP_KEYS: Binding = Binding {
    keys: "?/h/F1",
    label: |s| s.key_help,
    footer: true,
    resolve: |k| (is_char(k, &['?', 'h']) || k.code == KeyCode::F(1)).then_some(Action::Help),
};

pub const MAIN: &[Binding] = &[
    Binding {
        keys: "1-9",
        label: |s| s.key_tally,
        footer: true,
        resolve: |k| match k.code {
            KeyCode::Char(c @ '1'..='9') if plain(k) => Some(Action::Tally(c as u8 - b'0')),
            _ => None,
        },
    },
    Binding {
        keys: "n/+",
        label: |s| s.key_new,
        footer: true,
        resolve: |k| is_char(k, &['n', '+']).then_some(Action::NewContact),
    },
    EDIT_SELECTED,
    DELETE_SELECTED,
    Binding {
        keys: "u/Ctrl-Z",
        label: |s| s.key_undo,
        footer: true,
        resolve: |k| (is_char(k, &['u']) || ctrl(k, 'z')).then_some(Action::Undo),
    },
    Binding {
        keys: "r/Ctrl-R/Ctrl-Y",
        label: |s| s.key_redo,
        footer: false,
        resolve: |k| (is_char(k, &['r']) || ctrl(k, 'r') || ctrl(k, 'y')).then_some(Action::Redo),
    },
    MOVE_IN_LIST,
    Binding {
        keys: "s",
        label: |s| s.key_session,
        footer: true,
        resolve: |k| is_char(k, &['s']).then_some(Action::ToggleSession),
    },
    Binding {
        keys: "t",
        label: |s| s.key_thread,
        footer: false,
        resolve: |k| is_char(k, &['t']).then_some(Action::OpenThread),
    },
    Binding {
        keys: "o",
        label: |s| s.key_overview,
        footer: true,
        resolve: |k| is_char(k, &['o']).then_some(Action::OpenOverview),
    },
    Binding {
        keys: "f",
        label: |s| s.key_follow_ups,
        footer: true,
        resolve: |k| is_char(k, &['f']).then_some(Action::OpenFollowUps),
    },
    Binding {
        keys: "c",
        label: |s| s.key_channel,
        footer: false,
        resolve: |k| is_char(k, &['c']).then_some(Action::CycleChannel),
    },
    Binding {
        keys: "b",
        label: |s| s.key_desk,
        footer: false,
        resolve: |k| is_char(k, &['b']).then_some(Action::ChangeDesk),
    },
    Binding {
        keys: "/ Ctrl-K",
        label: |s| s.key_kb,
        footer: true,
        resolve: |k| (is_char(k, &['/']) || ctrl(k, 'k')).then_some(Action::OpenKb),
    },
    HELP_KEYS,
    Binding {
        keys: "q",
        label: |s| s.key_quit,
        footer: true,
        resolve: |k| is_char(k, &['q']).then_some(Action::Quit),
    },
];

pub const FORM: &[Binding] = &[
    Binding {
        keys: "Enter/Ctrl-S",
        label: |s| s.key_save,
        footer: true,
        resolve: |k| (k.code == KeyCode::Enter || ctrl(k, 's')).then_some(Action::Save),
    },
    Binding {
        keys: "Tab",
        label: |s| s.key_next_field,
        footer: true,
        resolve: |k| (k.code == KeyCode::Tab).then_some(Action::NextField),
    },
    Binding {
        keys: "Shift-Tab",
        label: |s| s.key_prev_field,
        footer: false,
        resolve: |k| (k.code == KeyCode::BackTab).then_some(Action::PrevField),
    },
    Binding {
        keys: "Space",
        label: |s| s.key_pick,
        footer: true,
        resolve: |k| (k.code == KeyCode::Char(' ') && plain(k)).then_some(Action::Pick),
    },
    Binding {
        keys: "←→",
        label: |s| s.key_choose,
        footer: true,
        resolve: |k| match k.code {
            KeyCode::Left => Some(Action::Left),
            KeyCode::Right => Some(Action::Right),
            _ => None,
        },
    },
    Binding {
        keys: "↑↓",
        label: |s| s.key_move,
        footer: false,
        resolve: |k| match k.code {
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            _ => None,
        },
    },
    EDIT,
    // every typed character is text in the form (`Flat A/B` is a signal), so the knowledge
    // base opens with Ctrl-K or F4 (F3 is the resident's thread), and the footer says so
    Binding {
        keys: "Ctrl-K/F4",
        label: |s| s.key_kb,
        footer: true,
        resolve: |k| (ctrl(k, 'k') || k.code == KeyCode::F(4)).then_some(Action::OpenKb),
    },
    Binding {
        keys: "F3/Ctrl-T",
        label: |s| s.key_thread,
        footer: false,
        resolve: |k| (k.code == KeyCode::F(3) || ctrl(k, 't')).then_some(Action::OpenThread),
    },
    BACK,
];

/// The thread screen: the main list's keys over one resident's contacts.
pub const THREAD: &[Binding] = &[
    EDIT_SELECTED,
    DELETE_SELECTED,
    MOVE_IN_LIST,
    Binding {
        keys: "Esc/q",
        label: |s| s.key_back,
        footer: true,
        resolve: |k| (k.code == KeyCode::Esc || is_char(k, &['q'])).then_some(Action::Back),
    },
    HELP_KEYS,
];

pub const SETUP: &[Binding] = &[
    Binding {
        keys: "Enter",
        label: |s| s.key_setup_save,
        footer: true,
        resolve: |k| (k.code == KeyCode::Enter).then_some(Action::Save),
    },
    Binding {
        keys: "Tab",
        label: |s| s.key_next_field,
        footer: true,
        resolve: |k| match k.code {
            KeyCode::Tab => Some(Action::NextField),
            KeyCode::BackTab => Some(Action::PrevField),
            _ => None,
        },
    },
    Binding {
        keys: "↑↓",
        label: |s| s.key_move,
        footer: true,
        resolve: |k| match k.code {
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            _ => None,
        },
    },
    EDIT,
    BACK,
];

pub const HELP: &[Binding] = &[
    Binding {
        keys: "↑↓",
        label: |s| s.key_scroll,
        footer: true,
        resolve: |k| match k.code {
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::PageDown => Some(Action::PageDown),
            _ => None,
        },
    },
    Binding {
        keys: "Esc",
        label: |s| s.key_back,
        footer: true,
        resolve: |k| (k.code == KeyCode::Esc || is_char(k, &['q', '?'])).then_some(Action::Back),
    },
];

pub const CHANNEL: &[Binding] = &[
    Binding {
        keys: "1-9",
        label: |s| s.key_channel_pick,
        footer: true,
        resolve: |k| match k.code {
            KeyCode::Char(c @ '1'..='9') if plain(k) => Some(Action::Tally(c as u8 - b'0')),
            _ => None,
        },
    },
    Binding {
        keys: "↑↓ Enter",
        label: |s| s.key_choose,
        footer: true,
        resolve: |k| match k.code {
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            KeyCode::Enter => Some(Action::Save),
            _ => None,
        },
    },
    Binding {
        keys: "Esc",
        label: |s| s.key_back,
        footer: true,
        resolve: |k| (k.code == KeyCode::Esc || is_char(k, &['c', 'q'])).then_some(Action::Back),
    },
];

pub const CONFIRM: &[Binding] = &[
    Binding {
        keys: "j/y",
        label: |s| s.confirm_keys,
        footer: true,
        resolve: |k| is_char(k, &['j', 'J', 'y', 'Y']).then_some(Action::Yes),
    },
    Binding {
        keys: "n/Esc",
        label: |s| s.key_back,
        footer: false,
        resolve: |k| (k.code == KeyCode::Esc || is_char(k, &['n', 'N'])).then_some(Action::No),
    },
];

pub const OVERVIEW: &[Binding] = &[
    OPEN_KB,
    Binding {
        keys: "←→ ↑↓ Home",
        label: |s| s.key_period_step,
        footer: true,
        resolve: |k| match k.code {
            KeyCode::Left | KeyCode::Up => Some(Action::Left),
            KeyCode::Right | KeyCode::Down => Some(Action::Right),
            KeyCode::Home => Some(Action::Home),
            _ => None,
        },
    },
    Binding {
        keys: "w/m/t/j(y)",
        label: |s| s.key_period_kind,
        footer: true,
        resolve: |k| {
            use crate::report::PeriodKind as P;
            match k.code {
                KeyCode::Char('w') if plain(k) => Some(Action::PeriodKind(P::Week)),
                KeyCode::Char('m') if plain(k) => Some(Action::PeriodKind(P::Month)),
                KeyCode::Char('t') if plain(k) => Some(Action::PeriodKind(P::Tertiaal)),
                KeyCode::Char('j' | 'y') if plain(k) => Some(Action::PeriodKind(P::Year)),
                _ => None,
            }
        },
    },
    Binding {
        keys: "a",
        label: |s| s.key_all_desks,
        footer: true,
        resolve: |k| is_char(k, &['a']).then_some(Action::ToggleDesks),
    },
    Binding {
        keys: "x/e",
        label: |s| s.key_export,
        footer: true,
        resolve: |k| is_char(k, &['x', 'e']).then_some(Action::Export),
    },
    Binding {
        keys: "r",
        label: |s| s.key_export_document,
        footer: true,
        resolve: |k| is_char(k, &['r']).then_some(Action::ExportDocument),
    },
    Binding {
        keys: "?/h/F1",
        label: |s| s.key_help,
        footer: false,
        resolve: |k| (is_char(k, &['?', 'h']) || k.code == KeyCode::F(1)).then_some(Action::Help),
    },
    Binding {
        keys: "Esc/q",
        label: |s| s.key_back,
        footer: true,
        resolve: |k| (k.code == KeyCode::Esc || is_char(k, &['q'])).then_some(Action::Back),
    },
];

pub const KB: &[Binding] = &[
    Binding {
        keys: "abc",
        label: |s| s.key_kb_type,
        footer: true,
        resolve: |_| None,
    },
    Binding {
        keys: "↑↓",
        label: |s| s.key_move,
        footer: true,
        resolve: |k| match k.code {
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::PageDown => Some(Action::PageDown),
            _ => None,
        },
    },
    EDIT,
    Binding {
        keys: "Enter",
        label: |s| s.key_read,
        footer: true,
        resolve: |k| (k.code == KeyCode::Enter).then_some(Action::Save),
    },
    Binding {
        keys: "Ctrl-L/F2",
        label: |s| s.key_link,
        footer: true,
        resolve: |k| (ctrl(k, 'l') || k.code == KeyCode::F(2)).then_some(Action::Link),
    },
    BACK,
];

pub const KB_ARTICLE: &[Binding] = &[
    Binding {
        keys: "↑↓ PgUp PgDn Space",
        label: |s| s.key_scroll,
        footer: true,
        resolve: |k| match k.code {
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::PageDown | KeyCode::Char(' ') => Some(Action::PageDown),
            KeyCode::Home => Some(Action::Home),
            _ => None,
        },
    },
    Binding {
        keys: "l/Ctrl-L/F2",
        label: |s| s.key_link,
        footer: true,
        resolve: |k| {
            (is_char(k, &['l']) || ctrl(k, 'l') || k.code == KeyCode::F(2)).then_some(Action::Link)
        },
    },
    Binding {
        keys: "e",
        label: |s| s.key_edit_article,
        footer: true,
        resolve: |k| is_char(k, &['e']).then_some(Action::EditArticle),
    },
    Binding {
        keys: "Esc/Backspace",
        label: |s| s.key_back_to_results,
        footer: true,
        resolve: |k| {
            (k.code == KeyCode::Esc || k.code == KeyCode::Backspace).then_some(Action::Back)
        },
    },
];

pub const FOLLOW_UPS: &[Binding] = &[
    OPEN_KB,
    Binding {
        keys: "↑↓",
        label: |s| s.key_move,
        footer: true,
        resolve: |k| match k.code {
            KeyCode::Up => Some(Action::Up),
            KeyCode::Down => Some(Action::Down),
            KeyCode::PageUp => Some(Action::PageUp),
            KeyCode::PageDown => Some(Action::PageDown),
            _ => None,
        },
    },
    Binding {
        keys: "Enter/x",
        label: |s| s.key_mark_done,
        footer: true,
        resolve: |k| (k.code == KeyCode::Enter || is_char(k, &['x'])).then_some(Action::MarkDone),
    },
    Binding {
        keys: "e",
        label: |s| s.key_edit,
        footer: true,
        resolve: |k| is_char(k, &['e']).then_some(Action::EditSelected),
    },
    Binding {
        keys: "a",
        label: |s| s.key_upcoming,
        footer: true,
        resolve: |k| is_char(k, &['a']).then_some(Action::ToggleUpcoming),
    },
    Binding {
        keys: "Esc/q",
        label: |s| s.key_back,
        footer: true,
        resolve: |k| (k.code == KeyCode::Esc || is_char(k, &['q'])).then_some(Action::Back),
    },
];

/// The help screen's sections, in order: a title and the bindings it lists.
pub fn help_sections(s: &Strings) -> [(&'static str, &'static [Binding]); 11] {
    [
        (s.help_main, MAIN),
        (s.help_form, FORM),
        (s.help_thread, THREAD),
        (s.help_kb, KB),
        (s.help_kb_article, KB_ARTICLE),
        (s.help_overview, OVERVIEW),
        (s.help_follow_ups, FOLLOW_UPS),
        (s.help_everywhere, EVERYWHERE),
        (s.help_setup, SETUP),
        (s.help_confirm, CONFIRM),
        (s.help_title, HELP),
    ]
}

/// How many lines the help screen has (a title, its bindings and a blank line per section).
pub fn help_line_count(s: &Strings) -> u16 {
    help_sections(s)
        .iter()
        .map(|(_, b)| b.len() as u16 + 2)
        .sum()
}

pub fn bindings(ctx: Context) -> &'static [Binding] {
    match ctx {
        Context::FollowUps => FOLLOW_UPS,
        Context::Thread => THREAD,
        Context::Kb => KB,
        Context::KbArticle => KB_ARTICLE,
        Context::Overview => OVERVIEW,
        Context::Main => MAIN,
        Context::Form => FORM,
        Context::Setup => SETUP,
        Context::Help => HELP,
        Context::Confirm => CONFIRM,
        Context::Locked => LOCKED,
        Context::Channel => CHANNEL,
    }
}

/// Whether unbound printable keys are typed into a text field in this context.
fn takes_text(ctx: Context) -> bool {
    matches!(
        ctx,
        Context::Form | Context::Setup | Context::Kb | Context::Locked
    )
}

/// The action a key means in `ctx`, if any.
pub fn resolve(ctx: Context, key: &KeyEvent) -> Option<Action> {
    if ctx == Context::Locked {
        // locked: only quitting and unlocking (the lock key would only lock again)
        if ctrl(key, 'c') {
            return Some(Action::ForceQuit);
        }
        if let Some(a) = LOCKED.iter().find_map(|b| (b.resolve)(key)) {
            return Some(a);
        }
        return match key.code {
            KeyCode::Char(c) if plain(key) => Some(Action::Input(c)),
            _ => None,
        };
    }
    if let Some(a) = EVERYWHERE.iter().find_map(|b| (b.resolve)(key)) {
        return Some(a);
    }
    if let Some(a) = bindings(ctx).iter().find_map(|b| (b.resolve)(key)) {
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
            Some(Action::Pick)
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
}
