//! Detail templates: `"Expected {expected}, found {found}."`. A name in
//! braces is a field of the code; `{{` and `}}` are a brace. The same rules
//! as Rust's `format!`, without its format specs, so a template reads the
//! way Rust programmers expect.

use std::ops::Range;

/// A parsed template: text and field names, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Text as it is shown, escapes resolved.
    Text(String),
    /// A placeholder: the field's name.
    Field(String),
}

/// What is wrong with a template, and where in its text (byte offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    pub at: Range<usize>,
    pub message: String,
    pub label: String,
}

impl Template {
    /// Parses `text`; every problem it has, in order.
    pub fn parse(text: &str) -> Result<Template, Vec<TemplateError>> {
        let mut parts = Vec::new();
        let mut errors = Vec::new();
        let mut literal = String::new();
        let mut chars = text.char_indices().peekable();
        let error = |at: Range<usize>, message: &str, label: &str| TemplateError {
            at,
            message: message.to_owned(),
            label: label.to_owned(),
        };
        while let Some((start, c)) = chars.next() {
            match c {
                '{' if chars.next_if(|&(_, next)| next == '{').is_some() => literal.push('{'),
                '}' if chars.next_if(|&(_, next)| next == '}').is_some() => literal.push('}'),
                '}' => errors.push(error(
                    start..start + 1,
                    "a `}` that closes nothing",
                    "write `}}` for a brace",
                )),
                '{' => {
                    let Some(end) = text[start..].find('}').map(|i| start + i) else {
                        errors.push(error(
                            start..text.len(),
                            "a `{` that is never closed",
                            "close the placeholder with `}`, or write `{{` for a brace",
                        ));
                        break;
                    };
                    let name = &text[start + 1..end];
                    if let Some(nested) = name.find('{') {
                        errors.push(error(
                            start..start + 1,
                            "a `{` that is never closed",
                            "close the placeholder with `}` before the next `{`, or write `{{` for a brace",
                        ));
                        // Go on from the next `{`, which may open a placeholder.
                        while chars.next_if(|&(i, _)| i < start + 1 + nested).is_some() {}
                        continue;
                    }
                    if name.is_empty() {
                        errors.push(error(
                            start..end + 1,
                            "an empty placeholder",
                            "name a field of the code: `{field}`",
                        ));
                    } else if !is_field_name(name) {
                        errors.push(error(
                            start..end + 1,
                            "a malformed placeholder",
                            "a field name is a lower-case letter, then lower-case letters, digits and `_`",
                        ));
                    } else {
                        if !literal.is_empty() {
                            parts.push(Part::Text(std::mem::take(&mut literal)));
                        }
                        parts.push(Part::Field(name.to_owned()));
                    }
                    while chars.next_if(|&(i, _)| i <= end).is_some() {}
                }
                _ => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        if errors.is_empty() {
            Ok(Template { parts })
        } else {
            Err(errors)
        }
    }

    /// The field names it uses, in order, each once.
    pub fn fields(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for part in &self.parts {
            if let Part::Field(name) = part
                && !names.contains(&name.as_str())
            {
                names.push(name);
            }
        }
        names
    }

    /// The text with each placeholder replaced by `value(name)`.
    pub fn render(&self, mut value: impl FnMut(&str) -> String) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Field(name) => out.push_str(&value(name)),
            }
        }
        out
    }

    /// The template as written: braces in text doubled again.
    pub fn source(&self) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(&escape_braces(text)),
                Part::Field(name) => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            }
        }
        out
    }
}

/// Text with its braces doubled: the form a template, and Rust's
/// `format!`, read as the text itself.
pub fn escape_braces(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// A field name: `[a-z][a-z0-9_]*`, a metadata key that every client
/// language can spell as an identifier.
pub fn is_field_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase()) && name.chars().all(is_field_char)
}

fn is_field_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Vec<Part> {
        Template::parse(text).unwrap().parts
    }

    fn labels(text: &str) -> Vec<(Range<usize>, String)> {
        Template::parse(text)
            .unwrap_err()
            .into_iter()
            .map(|error| (error.at, error.message))
            .collect()
    }

    #[test]
    fn text_and_fields_alternate() {
        assert_eq!(
            parts("More than {limit} in {window}s."),
            vec![
                Part::Text("More than ".into()),
                Part::Field("limit".into()),
                Part::Text(" in ".into()),
                Part::Field("window".into()),
                Part::Text("s.".into()),
            ]
        );
        assert_eq!(parts("{a}{b}").len(), 2);
        assert_eq!(parts(""), vec![]);
    }

    #[test]
    fn doubled_braces_are_braces() {
        assert_eq!(
            parts("{{not}} {x}"),
            vec![Part::Text("{not} ".into()), Part::Field("x".into())]
        );
        let template = Template::parse("{{a}} {b} }}").unwrap();
        assert_eq!(template.source(), "{{a}} {b} }}");
        assert_eq!(template.render(|name| name.to_uppercase()), "{a} B }");
    }

    #[test]
    fn every_malformed_placeholder_is_reported_where_it_is() {
        assert_eq!(
            labels("a { b"),
            vec![(2..5, "a `{` that is never closed".into())]
        );
        assert_eq!(labels("{}"), vec![(0..2, "an empty placeholder".into())]);
        assert_eq!(
            labels("x } y"),
            vec![(2..3, "a `}` that closes nothing".into())]
        );
        assert_eq!(
            labels("{Limit}"),
            vec![(0..7, "a malformed placeholder".into())]
        );
        assert_eq!(
            labels("{a b}"),
            vec![(0..5, "a malformed placeholder".into())]
        );
        assert_eq!(
            labels("{{a}"),
            vec![(3..4, "a `}` that closes nothing".into())]
        );
        assert_eq!(
            labels("{}} {"),
            vec![
                (0..2, "an empty placeholder".into()),
                (2..3, "a `}` that closes nothing".into()),
                (4..5, "a `{` that is never closed".into())
            ]
        );
    }

    #[test]
    fn a_brace_opened_twice_is_reported_once_and_the_inner_placeholder_read() {
        assert_eq!(
            labels("{a, {b}} c"),
            vec![
                (0..1, "a `{` that is never closed".into()),
                (7..8, "a `}` that closes nothing".into())
            ]
        );
        assert_eq!(
            labels("{_a}"),
            vec![(0..4, "a malformed placeholder".into())]
        );
    }

    #[test]
    fn fields_are_listed_once_in_order() {
        let template = Template::parse("{b} {a} {b}").unwrap();
        assert_eq!(template.fields(), vec!["b", "a"]);
    }

    #[test]
    fn field_names_are_identifiers_in_every_client_language() {
        assert!(is_field_name("window_seconds"));
        assert!(is_field_name("v2"));
        assert!(!is_field_name("2v"));
        assert!(!is_field_name("_x"));
        assert!(!is_field_name("Field"));
        assert!(!is_field_name("a-b"));
        assert!(!is_field_name(""));
    }
}
