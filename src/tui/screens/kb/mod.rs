//! The knowledge-base overlay: search as you type, a preview of the highlighted article, the
//! full article, and linking it to the contact being entered (or the selected one). It sits
//! on top of whatever screen was open, so Esc returns exactly there, draft and all. Its state,
//! keys and update here; its drawing in [`draw`].

pub mod draw;

use crossterm::event::KeyCode;

use crate::kb::StoredArticle;
use crate::kb::search::Hit;
use crate::tui::action::{Action, ArticleEdit, Effect};
use crate::tui::input::TextInput;
use crate::tui::keymap::{BACK, Binding, Key, UP_DOWN_PAGE};
use crate::tui::state::{Overlay, Screen, State, Tone};
use crate::tui::strings::fill;

/// How many hits the overlay asks for.
pub const HIT_LIMIT: usize = 50;

/// What a link key links the article to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// The contact in the entry form (linked when it is saved).
    Form,
    /// A stored contact, selected on the main screen.
    Contact(crate::domain::ContactId, String),
    /// Nothing to link to (opened from the overview, say).
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbView {
    pub query: TextInput,
    pub hits: Vec<Hit>,
    pub selected: usize,
    /// The highlighted (or opened) article, as last loaded.
    pub article: Option<StoredArticle>,
    /// The article is open full-screen, scrolled this far.
    pub reading: Option<u16>,
    pub target: LinkTarget,
    /// Article ids linked to the target so far (for the mark beside a hit).
    pub linked: Vec<String>,
    /// The partners whose name matches the query, shown as cards above the articles.
    pub partners: Vec<crate::config::Partner>,
}

/// Open the knowledge base over the current screen.
pub fn open(state: &mut State) -> Vec<Effect> {
    let (target, linked) = match (&state.screen, &state.form) {
        (Screen::Form, Some(form)) => (LinkTarget::Form, form.articles.clone()),
        (Screen::Main, _) => match state.selected_contact() {
            Some(c) => {
                let (what, when) = state.describe(c);
                (
                    LinkTarget::Contact(c.id.clone(), format!("{what} ({when})")),
                    Vec::new(),
                )
            }
            None => (LinkTarget::None, Vec::new()),
        },
        _ => (LinkTarget::None, Vec::new()),
    };
    let contact = match &target {
        LinkTarget::Contact(id, _) => Some(id.clone()),
        _ => None,
    };
    state.overlay = Some(Overlay::Kb(Box::new(KbView {
        query: TextInput::default(),
        hits: Vec::new(),
        selected: 0,
        article: None,
        reading: None,
        target,
        linked,
        partners: Vec::new(),
    })));
    let mut effects = vec![Effect::KbSearch(String::new())];
    if let Some(id) = contact {
        effects.push(Effect::KbLinked(id));
    }
    effects
}

fn view(state: &mut State) -> Option<&mut KbView> {
    match &mut state.overlay {
        Some(Overlay::Kb(v)) => Some(v),
        _ => None,
    }
}

/// The article under the cursor needs loading (for the preview).
fn load_selected(v: &KbView) -> Vec<Effect> {
    match v.hits.get(v.selected) {
        Some(hit) if v.article.as_ref().map(|a| &a.article.id) != Some(&hit.id) => {
            vec![Effect::KbLoad(hit.id.clone())]
        }
        _ => vec![],
    }
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let last = match &state.overlay {
        Some(Overlay::Kb(v)) => draw::max_scroll(state, v),
        _ => 0,
    };
    let Some(v) = view(state) else {
        return vec![];
    };
    if let Some(scroll) = &mut v.reading {
        match action {
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll = scroll.saturating_add(1).min(last),
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::PageDown => *scroll = scroll.saturating_add(10).min(last),
            Action::Home => *scroll = 0,
            Action::Back => v.reading = None,
            Action::Link | Action::Input('l') => return toggle_link(state),
            Action::EditArticle | Action::Input('e') => {
                return v
                    .article
                    .as_ref()
                    .map(|a| vec![Effect::EditArticle(a.article.id.clone())])
                    .unwrap_or_default();
            }
            _ => {}
        }
        return vec![];
    }
    match action {
        Action::Input(c) => {
            v.query.insert(c);
            v.selected = 0;
            let query = v.query.text.clone();
            find_partners(state, &query);
            return vec![Effect::KbSearch(query)];
        }
        Action::Edit(op) => {
            if !v.query.apply(op) {
                return vec![];
            }
            v.selected = 0;
            let query = v.query.text.clone();
            find_partners(state, &query);
            return vec![Effect::KbSearch(query)];
        }
        Action::Up => v.selected = v.selected.saturating_sub(1),
        Action::Down => v.selected = (v.selected + 1).min(v.hits.len().saturating_sub(1)),
        Action::PageUp => v.selected = v.selected.saturating_sub(10),
        Action::PageDown => v.selected = (v.selected + 10).min(v.hits.len().saturating_sub(1)),
        Action::Save => {
            if v.hits.get(v.selected).is_some() {
                v.reading = Some(0);
            }
            return load_selected(v);
        }
        Action::Link => return toggle_link(state),
        Action::Back => {
            state.overlay = None;
            return vec![];
        }
        _ => return vec![],
    }
    load_selected(v)
}

/// Link the highlighted article to the target, or unlink it when it is linked already.
fn toggle_link(state: &mut State) -> Vec<Effect> {
    let s = state.strings();
    let Some(Overlay::Kb(v)) = &mut state.overlay else {
        return vec![];
    };
    let Some(hit) = v.hits.get(v.selected).cloned() else {
        return vec![];
    };
    let was_linked = v.linked.contains(&hit.id);
    if was_linked {
        v.linked.retain(|id| *id != hit.id);
    } else {
        v.linked.push(hit.id.clone());
    }
    let (text, effects) = match v.target.clone() {
        LinkTarget::Form => {
            if let Some(form) = &mut state.form {
                form.articles = v.linked.clone();
                form.article_titles
                    .insert(hit.id.clone(), hit.title.clone());
                form.dirty = true;
                state.draft_dirty = true;
            }
            let t = if was_linked {
                s.kb_unlinked
            } else {
                s.kb_linked_form
            };
            (fill(t, &[&hit.title]), vec![])
        }
        LinkTarget::Contact(id, name) => {
            let t = if was_linked {
                s.kb_unlinked
            } else {
                s.kb_linked_contact
            };
            let effect = Effect::LinkArticle {
                contact: id,
                article: hit.id.clone(),
                link: !was_linked,
            };
            (fill(t, &[&hit.title, &name]), vec![effect])
        }
        LinkTarget::None => {
            v.linked.retain(|id| *id != hit.id);
            (s.kb_no_target.to_string(), vec![])
        }
    };
    state.say(Tone::Good, text);
    effects
}

/// Search results arrived: keep them if they answer what is typed now.
pub fn results(state: &mut State, query: &str, hits: Vec<Hit>) -> Vec<Effect> {
    let Some(v) = view(state) else {
        return vec![];
    };
    if v.query.text != query {
        return vec![];
    }
    v.hits = hits;
    v.selected = v.selected.min(v.hits.len().saturating_sub(1));
    load_selected(v)
}

pub fn loaded(state: &mut State, article: StoredArticle) {
    if let Some(v) = view(state)
        && v.hits
            .get(v.selected)
            .is_some_and(|h| h.id == article.article.id)
    {
        v.article = Some(article);
    }
}

/// The partners matching `query`, from the config (no store needed).
fn find_partners(state: &mut State, query: &str) {
    let found: Vec<crate::config::Partner> = crate::kb::partners::matching(&state.config, query)
        .into_iter()
        .cloned()
        .collect();
    if let Some(v) = view(state) {
        v.partners = found;
    }
}

/// The editor was closed on article `id`: say what came of it and show the stored text.
pub fn edited(state: &mut State, id: &str, outcome: ArticleEdit) -> Vec<Effect> {
    let s = state.strings();
    let (tone, text) = match outcome {
        ArticleEdit::Saved(v) => (Tone::Good, fill(s.kb_edit_saved, &[&v.to_string()])),
        ArticleEdit::Unchanged => (Tone::Good, s.kb_edit_unchanged.to_string()),
        ArticleEdit::Kept { error, draft } => (Tone::Bad, fill(s.kb_edit_kept, &[&error, &draft])),
        ArticleEdit::Failed(why) => (Tone::Bad, fill(s.kb_edit_failed, &[&why])),
    };
    state.say(tone, text);
    match view(state) {
        Some(v) => vec![
            Effect::KbLoad(id.to_string()),
            Effect::KbSearch(v.query.text.clone()),
        ],
        None => vec![],
    }
}

pub fn linked(state: &mut State, ids: Vec<String>) {
    if let Some(v) = view(state) {
        v.linked = ids;
    }
}

pub const KEYS: &[Binding] = &[
    Binding {
        keys: &[],
        label: |s| s.key_kb_type,
        footer: true,
    },
    Binding {
        keys: UP_DOWN_PAGE,
        label: |s| s.key_move,
        footer: true,
    },
    Binding {
        keys: &[(Key::new(KeyCode::Enter), Action::Save)],
        label: |s| s.key_read,
        footer: true,
    },
    Binding {
        keys: &[
            (Key::ctrl('l'), Action::Link),
            (Key::new(KeyCode::F(2)), Action::Link),
        ],
        label: |s| s.key_link,
        footer: true,
    },
    BACK,
];

pub const ARTICLE_KEYS: &[Binding] = &[
    Binding {
        keys: &[
            (Key::new(KeyCode::Up), Action::Up),
            (Key::new(KeyCode::Down), Action::Down),
            (Key::new(KeyCode::PageUp), Action::PageUp),
            (Key::new(KeyCode::PageDown), Action::PageDown),
            (Key::char(' '), Action::PageDown),
            (Key::new(KeyCode::Home), Action::Home),
        ],
        label: |s| s.key_scroll,
        footer: true,
    },
    Binding {
        keys: &[
            (Key::char('l'), Action::Link),
            (Key::ctrl('l'), Action::Link),
            (Key::new(KeyCode::F(2)), Action::Link),
        ],
        label: |s| s.key_link,
        footer: true,
    },
    Binding {
        keys: &[(Key::char('e'), Action::EditArticle)],
        label: |s| s.key_edit_article,
        footer: true,
    },
    Binding {
        keys: &[
            (Key::new(KeyCode::Esc), Action::Back),
            (Key::new(KeyCode::Backspace), Action::Back),
        ],
        label: |s| s.key_back_to_results,
        footer: true,
    },
];

#[cfg(test)]
mod tests;
