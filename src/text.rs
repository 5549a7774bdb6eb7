//! Text helpers shared across balie: folding for every matcher (lower case, accents removed,
//! so `een` finds `één` and `financiele` finds `financiële`), filling `{}` templates, and the
//! canonical form the personal-data guard and resident codes are read in (compatibility forms,
//! every dash, space and digit made plain); control characters kept off a terminal.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-case `s` and strip its diacritics.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// What two labels that mean the same share: folded, with runs of spaces made one and the
/// ends trimmed, so `Kolenkit renovatie`, `kolenkit  Renovatie` and `Kolenkit renovatíe` are
/// one signal.
pub fn label_key(s: &str) -> String {
    fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The spelling to show for a group of labels that share a key: the most used one, then the
/// first in code-point order (so `Kolenkit` before `kolenkit`).
pub fn preferred_spelling<'a>(
    spellings: impl IntoIterator<Item = (&'a String, &'a u64)>,
) -> String {
    spellings
        .into_iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(s, _)| s.clone())
        .unwrap_or_default()
}

/// `s` in its canonical form, one output char per character that means something:
/// Unicode NFKC (fullwidth `０６` becomes `06`), every kind of space as a plain space, every
/// dash and minus as `-`, digits of other scripts (Arabic-Indic, Persian, Devanagari) as
/// ASCII digits, and invisible characters (zero-width spaces and joiners, soft hyphens, byte
/// order marks) dropped.
pub fn canonical(s: &str) -> String {
    s.nfkc().filter_map(canonical_char).collect()
}

fn canonical_char(c: char) -> Option<char> {
    let n = c as u32;
    Some(match c {
        '\u{00AD}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}'
        | '\u{180E}' => {
            return None;
        }
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\n' | '\t' => c,
        c if c.is_whitespace() => ' ',
        _ => match n {
            0x0660..=0x0669 => digit(n - 0x0660),
            0x06F0..=0x06F9 => digit(n - 0x06F0),
            0x0966..=0x096F => digit(n - 0x0966),
            0x09E6..=0x09EF => digit(n - 0x09E6),
            _ => c,
        },
    })
}

fn digit(d: u32) -> char {
    char::from_digit(d, 10).unwrap_or('0')
}

/// Whether `c` is a control character that has no place in stored text: every C0 and C1
/// control and DEL, except a line break (LF, or the CR of CR LF) and a tab where `lines`
/// allows them.
pub fn is_forbidden_control(c: char, lines: bool) -> bool {
    c.is_control() && !(lines && matches!(c, '\n' | '\r' | '\t'))
}

/// The first forbidden control character in `s` (see [`is_forbidden_control`]), with its
/// line and column (1-based, in characters).
pub fn find_control(s: &str, lines: bool) -> Option<(usize, usize, char)> {
    let (mut line, mut col) = (1, 0);
    for c in s.chars() {
        col += 1;
        if is_forbidden_control(c, lines) {
            return Some((line, col, c));
        }
        if c == '\n' {
            line += 1;
            col = 0;
        }
    }
    None
}

/// A writer for a terminal: control characters other than line breaks and tabs are written
/// as a visible `\u{1b}`, so stored text can never move the cursor, retitle or clear the
/// terminal. Wrapped around standard output when it is a terminal.
pub struct TerminalSafe<W: std::io::Write> {
    inner: W,
    /// The first byte of a two-byte UTF-8 sequence seen at the end of the last write.
    pending: Option<u8>,
}

impl<W: std::io::Write> TerminalSafe<W> {
    pub fn new(inner: W) -> Self {
        TerminalSafe {
            inner,
            pending: None,
        }
    }
}

impl<W: std::io::Write> std::io::Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len());
        let mut bytes = buf.iter().copied().peekable();
        if let Some(lead) = self.pending.take() {
            out.push(lead);
        }
        while let Some(b) = bytes.next() {
            // a pending 0xC2 decides with the byte after it: C1 controls are C2 80..C2 9F
            if out.last() == Some(&0xC2) && (0x80..=0x9F).contains(&b) {
                out.pop();
                out.extend_from_slice(format!("\\u{{{b:x}}}").as_bytes());
                continue;
            }
            match b {
                b'\n' | b'\t' => out.push(b),
                b'\r' if bytes.peek() == Some(&b'\n') => out.push(b),
                0x00..=0x1F | 0x7F => out.extend_from_slice(format!("\\u{{{b:x}}}").as_bytes()),
                0xC2 if bytes.peek().is_none() => self.pending = Some(b),
                _ => out.push(b),
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if let Some(lead) = self.pending.take() {
            self.inner.write_all(&[lead])?;
        }
        self.inner.flush()
    }
}

/// Put `args` into the `{}` places of `template`, in order (a missing one leaves nothing).
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        out.push_str(args.next().copied().unwrap_or(""));
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

/// `text` broken into lines of at most `width` characters at spaces (a word longer than
/// `width` gets a line of its own); line breaks in `text` stay.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, paragraph) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut used = 0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let n = word.chars().count();
            if used > 0 && used + 1 + n > width {
                out.push('\n');
                used = 0;
            } else if used > 0 {
                out.push(' ');
                used += 1;
            }
            out.push_str(word);
            used += n;
        }
    }
    out
}

/// `n` and the noun, the singular for one: `counted(3, "contact", "contacten")` is
/// "3 contacten". The catalogues' counted nouns ([`crate::app::words::count`]) are made with it.
pub fn counted(n: u64, one: &str, many: &str) -> String {
    let noun = if n == 1 { one } else { many };
    format!("{n} {noun}")
}

#[cfg(test)]
mod tests {
    use super::{TerminalSafe, canonical, find_control, fold, label_key, wrap};

    #[test]
    fn labels_differing_in_case_spacing_or_accents_share_a_key() {
        assert_eq!(label_key(" Kolenkit   renovatie "), "kolenkit renovatie");
        assert_eq!(label_key("kolenkit Renovatíe"), "kolenkit renovatie");
        assert_ne!(label_key("Kolenkit-renovatie"), "kolenkit renovatie");
    }

    #[test]
    fn a_terminal_never_gets_a_control_character_raw() {
        use std::io::Write;
        let mut out = TerminalSafe::new(Vec::new());
        write!(out, "a\x1b]0;pwned\x07b\nregel\tc\u{9b}2J é \x00\r\n\rx").unwrap();
        // a C1 control split over two writes
        out.write_all(&[0xC2]).unwrap();
        out.write_all(&[0x9B, b'x']).unwrap();
        out.flush().unwrap();
        let text = String::from_utf8(out.inner).unwrap();
        assert_eq!(
            text,
            "a\\u{1b}]0;pwned\\u{7}b\nregel\tc\\u{9b}2J é \\u{0}\r\n\\u{d}x\\u{9b}x"
        );
        let raw = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t');
        assert!(!text.chars().any(raw));
    }

    #[test]
    fn control_characters_are_found_with_line_and_column() {
        assert_eq!(find_control("regel\nmet\ttab", true), None);
        assert_eq!(find_control("regel\nmet\ttab", false), Some((1, 6, '\n')));
        assert_eq!(find_control("ab\ncd\x1bef", true), Some((2, 3, '\x1b')));
        assert_eq!(find_control("x\u{0}", true), Some((1, 2, '\u{0}')));
    }

    #[test]
    fn canonical_text_has_plain_digits_dashes_and_spaces_and_nothing_invisible() {
        assert_eq!(canonical("０６１２"), "0612");
        assert_eq!(canonical("٠٦١٢ ۰۶"), "0612 06");
        assert_eq!(canonical("06\u{00A0}12\u{2013}34\u{200B}56"), "06 12-3456");
        assert_eq!(canonical("a\u{202F}b\u{2212}c\u{FEFF}"), "a b-c");
        assert_eq!(canonical("regel\nnog\tiets"), "regel\nnog\tiets");
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Één"), "een");
        assert_eq!(fold("financiële"), "financiele");
        assert_eq!(fold("Ĳssel café"), "ĳssel cafe");
        assert_eq!(fold("plain"), "plain");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_keeps_line_breaks() {
        assert_eq!(wrap("een twee drie vier", 9), "een twee\ndrie vier");
        assert_eq!(wrap("a\n\nb c", 3), "a\n\nb c");
        assert_eq!(wrap("kort superlangwoord x", 5), "kort\nsuperlangwoord\nx");
    }
}
