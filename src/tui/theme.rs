//! The one place the desk screen's styles come from. Screens draw with a role (the focused
//! field, a placeholder, a key name, a warning, ...) and the theme says how that role looks:
//! in colour, in high contrast, or with no colour at all (`NO_COLOR`, a monochrome terminal),
//! where focus is reverse video and placeholders are dim italic, so nothing depends on colour.
//! What must be seen without any style (the `▶` before the focused field, the parentheses
//! round a placeholder) is drawn as text by the screens, in every theme.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

pub use crate::config::Theme;

use super::state::Tone;

/// The marker before the focused field's label, in every theme.
pub const FOCUS_MARK: &str = "▶ ";

/// A field's label in a column `width` wide: `▶ ` before it when it has the focus (and the
/// focus style), two spaces when not (and `other`), so the column stays put.
pub fn field_label(
    theme: Theme,
    label: &str,
    width: usize,
    focused: bool,
    other: Style,
) -> Span<'static> {
    let room = width.saturating_sub(FOCUS_MARK.chars().count() + 1);
    let text = crate::tui::view::fit(label, room);
    let (mark, style) = if focused {
        (FOCUS_MARK, theme.focus())
    } else {
        ("  ", other)
    };
    Span::styled(format!("{mark}{text:<room$} "), style)
}

/// An empty field's hint, `(like this)` and in the placeholder style, cut to `width`: typed
/// text never has the parentheses, so the two differ without colour or italics.
pub fn placeholder(theme: Theme, hint: &str, width: usize) -> Span<'static> {
    if hint.is_empty() {
        return Span::raw("");
    }
    if hint.starts_with('(') {
        return Span::styled(crate::tui::view::fit(hint, width), theme.placeholder());
    }
    let inner = crate::tui::view::fit(hint, width.saturating_sub(2));
    Span::styled(format!("({inner})"), theme.placeholder())
}

impl Theme {
    /// The configured theme, unless `no_color` (the `NO_COLOR` variable's value) is set and
    /// not empty, as <https://no-color.org> asks.
    pub fn with_no_color(self, no_color: Option<&std::ffi::OsStr>) -> Theme {
        match no_color {
            Some(v) if !v.is_empty() => Theme::NoColour,
            _ => self,
        }
    }

    fn pick(self, colour: Style, high: Style, none: Style) -> Style {
        match self {
            Theme::Colour => colour,
            Theme::HighContrast => high,
            Theme::NoColour => none,
        }
    }

    /// The status bar at the top.
    pub fn bar(self) -> Style {
        self.pick(
            Style::new().bg(Color::Blue).fg(Color::White),
            Style::new().bg(Color::White).fg(Color::Black),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// The label of the field that has the focus.
    pub fn focus(self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Yellow),
            Style::new().fg(Color::Black).bg(Color::White),
            Style::new().add_modifier(Modifier::REVERSED),
        )
        .add_modifier(Modifier::BOLD)
    }

    /// The hint shown in an empty field, never to be taken for typed text.
    pub fn placeholder(self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new().fg(Color::White),
            Style::new().add_modifier(Modifier::DIM),
        )
        .add_modifier(Modifier::ITALIC)
    }

    /// The highlighted row of a list of matches (topics, desks, results).
    pub fn highlight(self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Cyan),
            Style::new().fg(Color::Black).bg(Color::White),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// The selected row of a list the volunteer moves through.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// A key's name (footer, help, prompts).
    pub fn key(self) -> Style {
        self.accent().add_modifier(Modifier::BOLD)
    }

    /// Text that stands out a little: times, counts, titles of links.
    pub fn accent(self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan),
            Style::new().fg(Color::LightCyan),
            Style::new(),
        )
    }

    /// Text that matters less: explanations, secondary columns.
    pub fn dim(self) -> Style {
        self.pick(
            Style::new().fg(Color::DarkGray),
            Style::new(),
            Style::new().add_modifier(Modifier::DIM),
        )
    }

    /// Plain bold (a heading's number, a chosen value).
    pub fn strong(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// A heading.
    pub fn heading(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Good news: a picked topic, a target reached, a saved contact.
    pub fn good(self) -> Style {
        self.pick(
            Style::new().fg(Color::Green),
            Style::new().fg(Color::LightGreen),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Needs attention soon: due today, a stale article, a question.
    pub fn warn(self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow),
            Style::new().fg(Color::LightYellow),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Wrong or late: an error, an overdue follow-up.
    pub fn bad(self) -> Style {
        self.pick(
            Style::new().fg(Color::Red),
            Style::new().fg(Color::LightRed),
            Style::new().add_modifier(Modifier::UNDERLINED),
        )
        .add_modifier(Modifier::BOLD)
    }

    /// The message line, by its tone.
    pub fn tone(self, tone: Tone) -> Style {
        match tone {
            Tone::Info => self.warn(),
            Tone::Good => self.good(),
            Tone::Bad => self.bad(),
        }
        .add_modifier(Modifier::BOLD)
    }

    /// The frame round the form, set-up and questions.
    pub fn frame_form(self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow),
            Style::new().fg(Color::LightYellow),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The frame round lists and overviews.
    pub fn frame(self) -> Style {
        self.accent()
    }

    /// The frame and prompt of the knowledge base.
    pub fn frame_kb(self) -> Style {
        self.pick(
            Style::new().fg(Color::Magenta),
            Style::new().fg(Color::LightMagenta),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// The title bar of the article being read.
    pub fn kb_title(self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Magenta),
            Style::new().fg(Color::Black).bg(Color::White),
            Style::new().add_modifier(Modifier::REVERSED),
        )
        .add_modifier(Modifier::BOLD)
    }

    /// The filled part of a bar or gauge.
    pub fn filled(self) -> Style {
        self.good()
    }

    /// The empty part of a gauge.
    pub fn unfilled(self) -> Style {
        self.dim()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn no_color_with_any_value_wins_over_the_config_and_an_empty_one_does_not() {
        assert_eq!(
            Theme::HighContrast.with_no_color(Some(OsStr::new("1"))),
            Theme::NoColour
        );
        assert_eq!(
            Theme::Colour.with_no_color(Some(OsStr::new("no"))),
            Theme::NoColour
        );
        assert_eq!(
            Theme::HighContrast.with_no_color(Some(OsStr::new(""))),
            Theme::HighContrast
        );
        assert_eq!(Theme::Colour.with_no_color(None), Theme::Colour);
    }

    #[test]
    fn no_colour_uses_no_colour_for_any_role() {
        let t = Theme::NoColour;
        for s in [
            t.bar(),
            t.focus(),
            t.placeholder(),
            t.highlight(),
            t.key(),
            t.accent(),
            t.dim(),
            t.good(),
            t.warn(),
            t.bad(),
            t.frame_form(),
            t.frame_kb(),
            t.kb_title(),
            t.filled(),
            t.unfilled(),
        ] {
            assert_eq!((s.fg, s.bg), (None, None), "{s:?}");
        }
        assert_ne!(t.focus(), Style::new());
        assert!(t.placeholder().add_modifier.contains(Modifier::ITALIC));
    }
}
