//! Catalog text as markdown that renders as exactly that text: shared by
//! the reference page and the doc comments of the generated Rust, which
//! rustdoc renders (and runs the code blocks of).

use std::fmt::Write;

/// Catalog text as inline CommonMark that renders as itself wherever it is
/// put: at the start of a line, in a table cell, a heading, a list item,
/// link text or between `**`. Nothing in it can become a block (code
/// block, doc test, list, heading, rule, quote, table, HTML block) or
/// inline markup (emphasis, code, link, autolink, HTML, entity):
///
/// - every ASCII punctuation character is backslash-escaped, which
///   CommonMark allows for all of them; an escaped URL is also no bare URL
///   to rustdoc's `bare_urls` lint;
/// - line breaks become `<br>`, so the text is one line of its paragraph,
///   table cell or list item, and none of its lines can start a block;
/// - whitespace at either end is a character reference: four leading spaces
///   or a tab would start an indented code block, the parser would trim it,
///   and `** x**` is no emphasis;
/// - controls and the characters that reorder text are character
///   references too: rustc rejects the latter in doc comments, and neither
///   should be raw in a file people read.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    // The text between its leading and its trailing whitespace.
    let inner = text.len() - text.trim_start().len()..text.trim_end().len();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\r' => {
                if chars.peek().is_some_and(|&(_, next)| next == '\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c if (c.is_whitespace() && !inner.contains(&at))
                || c.is_control()
                || reorders_text(c) =>
            {
                let _ = write!(out, "&#x{:X};", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// The bidirectional formatting characters rustc's
/// `text_direction_codepoint_in_comment` lint rejects.
fn reorders_text(c: char) -> bool {
    matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::inline;

    #[test]
    fn escapes_punctuation_breaks_and_edges() {
        assert_eq!(inline("- a.b"), "\\- a\\.b");
        assert_eq!(inline("\t x  y \n"), "&#x9;&#x20;x  y&#x20;<br>");
        assert_eq!(inline("a\r\nb\rc\nd"), "a<br>b<br>c<br>d");
        assert_eq!(inline("\u{202e}\u{7}"), "&#x202E;&#x7;");
        assert_eq!(inline("日本 🚀"), "日本 🚀");
    }
}
