//! Article bodies from Markdown to something a screen can show: styled blocks for the TUI,
//! plain text for the command line and for the full-text index. No terminal code here.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    /// The target when the text is a link.
    pub link: Option<String>,
}

/// One block of an article: what becomes one or more lines on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading, level 1 (largest) to 6.
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    Paragraph(Vec<Span>),
    /// A list item; `depth` 0 is the outer list, `marker` is `-` or `3.`.
    Item {
        depth: usize,
        marker: String,
        spans: Vec<Span>,
    },
    Quote(Vec<Span>),
    /// A code block, its lines as written.
    Code(String),
    /// A horizontal rule.
    Rule,
}

impl Block {
    /// The block's spans (empty for code and rules).
    pub fn spans(&self) -> &[Span] {
        match self {
            Block::Heading { spans, .. } | Block::Item { spans, .. } => spans,
            Block::Paragraph(spans) | Block::Quote(spans) => spans,
            Block::Code(_) | Block::Rule => &[],
        }
    }

    /// The block's text without styles or link targets.
    pub fn text(&self) -> String {
        match self {
            Block::Code(code) => code.clone(),
            Block::Rule => String::new(),
            _ => self.spans().iter().map(|s| s.text.as_str()).collect(),
        }
    }
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    current: Option<Block>,
    /// Per open list: the next number of an ordered list, `None` for bullets.
    lists: Vec<Option<u64>>,
    bold: usize,
    italic: usize,
    link: Option<String>,
    quote: usize,
}

impl Builder {
    fn flush(&mut self) {
        if let Some(block) = self.current.take() {
            let empty = match &block {
                Block::Code(c) => c.is_empty(),
                Block::Rule => false,
                b => b.spans().iter().all(|s| s.text.trim().is_empty()),
            };
            if !empty {
                self.blocks.push(block);
            }
        }
    }

    fn start(&mut self, block: Block) {
        self.flush();
        self.current = Some(block);
    }

    fn push_text(&mut self, text: &str, code: bool) {
        let span = Span {
            text: text.to_string(),
            bold: self.bold > 0,
            italic: self.italic > 0,
            code,
            link: self.link.clone(),
        };
        match &mut self.current {
            Some(Block::Code(c)) => c.push_str(text),
            Some(
                Block::Heading { spans, .. }
                | Block::Item { spans, .. }
                | Block::Paragraph(spans)
                | Block::Quote(spans),
            ) => {
                // Merge with the previous span when the style is the same.
                match spans.last_mut() {
                    Some(last)
                        if last.bold == span.bold
                            && last.italic == span.italic
                            && last.code == span.code
                            && last.link == span.link =>
                    {
                        last.text.push_str(text)
                    }
                    _ => spans.push(span),
                }
            }
            Some(Block::Rule) | None => {
                let spans = vec![span];
                self.current = Some(if self.quote > 0 {
                    Block::Quote(spans)
                } else {
                    Block::Paragraph(spans)
                });
            }
        }
    }
}

fn level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Parse a Markdown body into blocks.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut b = Builder::default();
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level: l, .. } => b.start(Block::Heading {
                    level: level(l),
                    spans: Vec::new(),
                }),
                Tag::Paragraph => {
                    // The first paragraph of a list item continues the item.
                    let in_fresh_item =
                        matches!(&b.current, Some(Block::Item { spans, .. }) if spans.is_empty());
                    if !in_fresh_item {
                        b.start(if b.quote > 0 {
                            Block::Quote(Vec::new())
                        } else {
                            Block::Paragraph(Vec::new())
                        });
                    }
                }
                Tag::List(first) => {
                    b.flush();
                    b.lists.push(first);
                }
                Tag::Item => {
                    let depth = b.lists.len().saturating_sub(1);
                    let marker = match b.lists.last_mut() {
                        Some(Some(n)) => {
                            let m = format!("{n}.");
                            *n += 1;
                            m
                        }
                        _ => "-".to_string(),
                    };
                    b.start(Block::Item {
                        depth,
                        marker,
                        spans: Vec::new(),
                    });
                }
                Tag::BlockQuote(_) => {
                    b.flush();
                    b.quote += 1;
                }
                Tag::CodeBlock(_) => b.start(Block::Code(String::new())),
                Tag::Emphasis => b.italic += 1,
                Tag::Strong => b.bold += 1,
                Tag::Link { dest_url, .. } => b.link = Some(dest_url.to_string()),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock => {
                    b.flush()
                }
                TagEnd::List(_) => {
                    b.flush();
                    b.lists.pop();
                }
                TagEnd::BlockQuote(_) => {
                    b.flush();
                    b.quote = b.quote.saturating_sub(1);
                }
                TagEnd::Emphasis => b.italic = b.italic.saturating_sub(1),
                TagEnd::Strong => b.bold = b.bold.saturating_sub(1),
                TagEnd::Link => b.link = None,
                _ => {}
            },
            Event::Text(t) => b.push_text(&t, false),
            Event::Code(t) => b.push_text(&t, true),
            Event::Html(t) | Event::InlineHtml(t) => b.push_text(&t, false),
            Event::SoftBreak | Event::HardBreak => b.push_text(" ", false),
            Event::Rule => {
                b.start(Block::Rule);
                b.flush();
            }
            _ => {}
        }
    }
    b.flush();
    b.blocks
}

/// The text of a Markdown body, one block per line, without markup or link targets: what the
/// full-text index holds and what its snippets show.
pub fn plain_text(markdown: &str) -> String {
    let blocks = blocks(markdown);
    let mut out = String::with_capacity(markdown.len());
    for block in &blocks {
        let text = block.text();
        if text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(text.trim_end());
    }
    out
}

/// The heading of the short answer every article opens with.
pub const KORT: &str = "Kort";

/// The most words a Kort block should have: what fits in the preview mid-conversation.
pub const KORT_MAX_WORDS: usize = 60;

/// The blocks of the level-2 section headed `heading` (compared without case), up to the
/// next heading of level 1 or 2; `None` when there is no such section.
pub fn section<'a>(blocks: &'a [Block], heading: &str) -> Option<&'a [Block]> {
    let is_top = |b: &Block| matches!(b, Block::Heading { level, .. } if *level <= 2);
    let start = blocks.iter().position(|b| {
        matches!(b, Block::Heading { level: 2, .. })
            && b.text().trim().eq_ignore_ascii_case(heading)
    })? + 1;
    let len = blocks[start..]
        .iter()
        .position(is_top)
        .unwrap_or(blocks.len() - start);
    Some(&blocks[start..start + len])
}

/// The words in `blocks` (runs of letters or digits).
pub fn word_count(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| {
            b.text()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .count()
        })
        .sum()
}

/// Blocks as readable plain text for a terminal: headings underlined, list items indented,
/// link targets after their text, a blank line between blocks.
pub fn to_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut previous_item = false;
    for block in blocks {
        let is_item = matches!(block, Block::Item { .. });
        let first = out.is_empty();
        if !(first || is_item && previous_item) {
            out.push('\n');
        }
        previous_item = is_item;
        match block {
            Block::Heading { level, spans } => {
                let text = spans_text(spans);
                let rule = if *level == 1 { '=' } else { '-' };
                out.push_str(&text);
                out.push('\n');
                out.extend(std::iter::repeat_n(rule, text.chars().count()));
                out.push('\n');
            }
            Block::Paragraph(spans) => {
                out.push_str(&spans_text(spans));
                out.push('\n');
            }
            Block::Item {
                depth,
                marker,
                spans,
            } => {
                out.extend(std::iter::repeat_n("  ", *depth));
                out.push_str(marker);
                out.push(' ');
                out.push_str(&spans_text(spans));
                out.push('\n');
            }
            Block::Quote(spans) => {
                out.push_str("> ");
                out.push_str(&spans_text(spans));
                out.push('\n');
            }
            Block::Code(code) => {
                for line in code.lines() {
                    out.push_str("    ");
                    out.push_str(line);
                    out.push('\n');
                }
            }
            Block::Rule => out.push_str("----\n"),
        }
    }
    out
}

/// Spans as text, with a link's target in angle brackets after it when it differs.
fn spans_text(spans: &[Span]) -> String {
    let mut s = String::new();
    let mut i = 0;
    while i < spans.len() {
        s.push_str(&spans[i].text);
        if let Some(link) = &spans[i].link {
            // A link can span several styled runs: print its target once, after the last.
            let last_of_link = spans
                .get(i + 1)
                .is_none_or(|n| n.link.as_ref() != Some(link));
            if last_of_link && !s.ends_with(link.as_str()) {
                s.push_str(&format!(" <{link}>"));
            }
        }
        i += 1;
    }
    s.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "# Titel\n\n**Let op:** dit is *oud*.\nNog een regel.\n\n## Wat kun je doen?\n- Bel het [Juridisch Loket](https://www.juridischloket.nl).\n- Kijk verder:\n  1. eerst dit\n  2. dan dat\n\n---\n";

    #[test]
    fn blocks_keep_headings_lists_bold_and_links() {
        let b = blocks(BODY);
        assert_eq!(
            b[0],
            Block::Heading {
                level: 1,
                spans: vec![Span {
                    text: "Titel".into(),
                    ..Span::default()
                }]
            }
        );
        let Block::Paragraph(p) = &b[1] else {
            panic!("{:?}", b[1])
        };
        assert!(p[0].bold && p[0].text == "Let op:");
        assert!(p.iter().any(|s| s.italic && s.text == "oud"));
        assert_eq!(b[1].text(), "Let op: dit is oud. Nog een regel.");
        assert!(matches!(&b[2], Block::Heading { level: 2, .. }));
        let Block::Item {
            depth: 0,
            marker,
            spans,
        } = &b[3]
        else {
            panic!("{:?}", b[3])
        };
        assert_eq!(marker, "-");
        assert!(
            spans
                .iter()
                .any(|s| s.link.as_deref() == Some("https://www.juridischloket.nl"))
        );
        assert!(matches!(&b[5], Block::Item { depth: 1, marker, .. } if marker == "1."));
        assert!(matches!(&b[6], Block::Item { depth: 1, marker, .. } if marker == "2."));
        assert_eq!(b.last(), Some(&Block::Rule));
    }

    #[test]
    fn plain_text_drops_markup() {
        let t = plain_text(BODY);
        assert!(
            t.starts_with("Titel\nLet op: dit is oud. Nog een regel.\nWat kun je doen?\n"),
            "{t}"
        );
        assert!(!t.contains("**") && !t.contains("https://"), "{t}");
    }

    #[test]
    fn text_rendering_underlines_headings_and_shows_links() {
        let t = to_text(&blocks(BODY));
        assert!(
            t.starts_with("Titel\n=====\n\nLet op: dit is oud. Nog een regel.\n"),
            "{t}"
        );
        assert!(t.contains("- Bel het Juridisch Loket <https://www.juridischloket.nl>.\n- Kijk verder:\n  1. eerst dit\n  2. dan dat\n"), "{t}");
    }
}
