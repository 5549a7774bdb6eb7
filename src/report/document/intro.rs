//! The coordinator's own introduction (`--intro FILE.md`): Markdown turned into a fixed set
//! of HTML elements. Text is always escaped; raw HTML in the file is shown as the text it
//! is, never passed through; links keep only `http`, `https` and `mailto` targets; images
//! become their description (the document loads nothing from outside).

use std::fmt::Write as _;

use maud::{Escaper, Markup, PreEscaped};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn escaped(out: &mut String, s: &str) {
    // Writing into a String cannot fail.
    let _ = Escaper::new(out).write_str(s);
}

/// A link target safe to keep, or `None`.
fn safe_href(url: &str) -> Option<&str> {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
        .then_some(url.trim())
}

/// The element an intro heading becomes: the document's own sections are `h2`, so the
/// intro's headings start at `h3` (`#` and `##` both, as people use either for a title).
fn heading(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => "h3",
        HeadingLevel::H3 => "h4",
        HeadingLevel::H4 => "h5",
        _ => "h6",
    }
}

/// The Markdown `source` as safe markup.
pub fn render(source: &str) -> Markup {
    let mut out = String::with_capacity(source.len() * 2);
    // What each open tag closes with (links that were dropped close with nothing).
    let mut closers: Vec<&'static str> = Vec::new();
    let mut in_image = 0usize;
    let parser = Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH);
    for event in parser {
        match event {
            Event::Start(tag) => {
                let (open, close): (String, &'static str) = match tag {
                    Tag::Paragraph => ("<p>".into(), "</p>"),
                    Tag::Heading { level, .. } => {
                        let h = heading(level);
                        (format!("<{h}>"), closing(h))
                    }
                    Tag::BlockQuote(_) => ("<blockquote>".into(), "</blockquote>"),
                    Tag::CodeBlock(_) => ("<pre><code>".into(), "</code></pre>"),
                    Tag::List(Some(start)) => {
                        let mut s = String::from("<ol");
                        if start != 1 {
                            let _ = write!(s, " start=\"{start}\"");
                        }
                        s.push('>');
                        (s, "</ol>")
                    }
                    Tag::List(None) => ("<ul>".into(), "</ul>"),
                    Tag::Item => ("<li>".into(), "</li>"),
                    Tag::Emphasis => ("<em>".into(), "</em>"),
                    Tag::Strong => ("<strong>".into(), "</strong>"),
                    Tag::Strikethrough => ("<del>".into(), "</del>"),
                    Tag::Link { dest_url, .. } => match safe_href(&dest_url) {
                        Some(href) => {
                            let mut s = String::from("<a href=\"");
                            escaped(&mut s, href);
                            s.push_str("\">");
                            (s, "</a>")
                        }
                        None => (String::new(), ""),
                    },
                    Tag::Image { .. } => {
                        in_image += 1;
                        (String::new(), "")
                    }
                    // Anything else (tables are not enabled, footnotes neither): its text only.
                    _ => (String::new(), ""),
                };
                out.push_str(&open);
                closers.push(close);
            }
            Event::End(end) => {
                if matches!(end, TagEnd::Image) {
                    in_image = in_image.saturating_sub(1);
                }
                out.push_str(closers.pop().unwrap_or(""));
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => escaped(&mut out, &t),
            Event::Code(t) => {
                out.push_str("<code>");
                escaped(&mut out, &t);
                out.push_str("</code>");
            }
            Event::SoftBreak => out.push(if in_image > 0 { ' ' } else { '\n' }),
            Event::HardBreak => out.push_str("<br>"),
            Event::Rule => out.push_str("<hr>"),
            Event::TaskListMarker(done) => out.push_str(if done { "[x] " } else { "[ ] " }),
            Event::FootnoteReference(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                escaped(&mut out, &t)
            }
        }
    }
    PreEscaped(out)
}

fn closing(h: &'static str) -> &'static str {
    match h {
        "h3" => "</h3>",
        "h4" => "</h4>",
        "h5" => "</h5>",
        _ => "</h6>",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        render(md).into_string()
    }

    #[test]
    fn paragraphs_emphasis_lists_and_headings() {
        assert_eq!(
            html("# Conclusies\n\nHet gaat *goed* met **de balies**.\n\n- een\n- twee\n"),
            "<h3>Conclusies</h3><p>Het gaat <em>goed</em> met <strong>de balies</strong>.</p>\
             <ul><li>een</li><li>twee</li></ul>"
        );
        assert_eq!(
            html("3. drie\n4. vier"),
            "<ol start=\"3\"><li>drie</li><li>vier</li></ol>"
        );
    }

    #[test]
    fn raw_html_and_scripts_are_shown_as_text() {
        let out = html("Hallo <script>alert(1)</script> daar\n\n<div onclick=\"x()\">blok</div>\n");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<div"), "{out}");
        assert!(
            out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{out}"
        );
        assert!(out.contains("&lt;div onclick=&quot;x()&quot;&gt;"), "{out}");
    }

    #[test]
    fn only_web_and_mail_links_are_kept_and_images_become_text() {
        let out = html(
            "[site](https://example.org/?a=1&b=\"2\") [x](javascript:alert(1)) \
             [m](mailto:a@b.nl) ![een foto](https://example.org/f.png)",
        );
        assert!(
            out.contains("<a href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\">site</a>"),
            "{out}"
        );
        assert!(!out.contains("javascript"), "{out}");
        assert!(
            out.contains(" x "),
            "the text of a dropped link stays: {out}"
        );
        assert!(out.contains("<a href=\"mailto:a@b.nl\">m</a>"));
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("een foto"));
    }
}
