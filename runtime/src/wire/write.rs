//! Bodies to JSON bytes.

use crate::{Body, FieldError, Format};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value};

/// Appends the body in `format` to `out`. `code_member` names the problem
/// member that carries the code.
#[inline]
pub fn write(body: &Body<'_>, format: Format, code_member: &str, out: &mut Vec<u8>) {
    let mut serializer = serde_json::Serializer::new(out);
    serialize(body, format, code_member, &mut serializer);
}

/// The body as indented JSON, for people: the reference page's examples.
pub fn write_pretty(body: &Body<'_>, format: Format, code_member: &str) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::pretty(&mut out);
    serialize(body, format, code_member, &mut serializer);
    String::from_utf8_lossy(&out).into_owned()
}

fn serialize<'s, W, F>(
    body: &Body<'_>,
    format: Format,
    code_member: &str,
    serializer: &'s mut serde_json::Serializer<W, F>,
) where
    W: std::io::Write,
    F: serde_json::ser::Formatter,
    &'s mut serde_json::Serializer<W, F>: Serializer<Error = serde_json::Error>,
{
    // Writing strings, numbers and maps into memory cannot fail: the only
    // errors serde_json reports are I/O errors and non-string map keys.
    let _ = match format {
        Format::Problem => serializer.serialize_some(&Problem { body, code_member }),
        Format::Envelope => serializer.serialize_some(&Envelope { body }),
    };
}

struct Problem<'a> {
    body: &'a Body<'a>,
    code_member: &'a str,
}

impl serde::Serialize for Problem<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let body = self.body;
        let details = body.shows_details();
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", body.type_url)?;
        map.serialize_entry("title", body.title)?;
        map.serialize_entry("status", &body.status)?;
        map.serialize_entry(self.code_member, body.code)?;
        if details {
            if let Some(detail) = body.detail {
                map.serialize_entry("detail", detail)?;
            }
            if !body.fields.is_empty() {
                map.serialize_entry("errors", &FieldMap(body.fields))?;
            }
            if let Some(metadata) = body.metadata.filter(|m| !m.is_empty()) {
                map.serialize_entry("metadata", metadata)?;
            }
        }
        if let Some(trace_id) = body.trace_id {
            map.serialize_entry("trace_id", trace_id)?;
        }
        map.end()
    }
}

/// `{"legal_name": ["The legal_name field is required"]}`.
struct FieldMap<'a>(&'a [FieldError]);

impl serde::Serialize for FieldMap<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for field in self.0 {
            map.serialize_entry(&field.path, &field.messages)?;
        }
        map.end()
    }
}

struct Envelope<'a> {
    body: &'a Body<'a>,
}

impl serde::Serialize for Envelope<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let body = self.body;
        let details = body.shows_details();
        let fields = if details { body.fields } else { &[] };
        let metadata = body.metadata.filter(|m| details && !m.is_empty());
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(
            "errors",
            &Entries {
                body,
                fields,
                metadata,
            },
        )?;
        if let Some(trace_id) = body.trace_id {
            map.serialize_entry("trace_id", trace_id)?;
        }
        map.end()
    }
}

/// The top-level entries: one about the request (or resource) unless field
/// errors say it all, then the fields as a tree.
struct Entries<'a> {
    body: &'a Body<'a>,
    fields: &'a [FieldError],
    metadata: Option<&'a Map<String, Value>>,
}

impl serde::Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let body = self.body;
        let detail = body.detail.filter(|_| body.shows_details());
        let mut seq = serializer.serialize_seq(None)?;
        if self.fields.is_empty() || detail.is_some() || self.metadata.is_some() {
            seq.serialize_element(&Entry {
                key: body.subject.as_str(),
                category: body.code,
                message: detail.unwrap_or(body.message),
                code_message: body.message,
                metadata: self.metadata,
                children: &[],
            })?;
        }
        for node in tree(self.fields) {
            serialize_node(&mut seq, &node, body.code, body.message)?;
        }
        seq.end()
    }
}

/// A leaf gives one entry per message; a node with children gives one entry
/// whose `errors` hold them, its message the code's unless it has its own.
fn serialize_node<S: SerializeSeq>(
    seq: &mut S,
    node: &Node<'_>,
    code: &str,
    code_message: &str,
) -> Result<(), S::Error> {
    if node.children.is_empty() {
        for message in &node.messages {
            seq.serialize_element(&Entry {
                key: node.key,
                category: code,
                message,
                code_message,
                metadata: None,
                children: &[],
            })?;
        }
        return Ok(());
    }
    let joined = node.messages.join(" ");
    seq.serialize_element(&Entry {
        key: node.key,
        category: code,
        message: if joined.is_empty() {
            code_message
        } else {
            &joined
        },
        code_message,
        metadata: None,
        children: &node.children,
    })
}

struct Entry<'a> {
    key: &'a str,
    category: &'a str,
    message: &'a str,
    code_message: &'a str,
    metadata: Option<&'a Map<String, Value>>,
    children: &'a [Node<'a>],
}

impl serde::Serialize for Entry<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("error_key", self.key)?;
        map.serialize_entry("category", self.category)?;
        map.serialize_entry("message", self.message)?;
        if let Some(metadata) = self.metadata {
            map.serialize_entry("metadata", metadata)?;
        }
        if !self.children.is_empty() {
            map.serialize_entry(
                "errors",
                &Children {
                    nodes: self.children,
                    code: self.category,
                    code_message: self.code_message,
                },
            )?;
        }
        map.end()
    }
}

struct Children<'a> {
    nodes: &'a [Node<'a>],
    code: &'a str,
    code_message: &'a str,
}

impl serde::Serialize for Children<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for node in self.nodes {
            serialize_node(&mut seq, node, self.code, self.code_message)?;
        }
        seq.end()
    }
}

/// Field paths as a tree: `address.city` and `address.zip` share `address`.
#[derive(Debug)]
struct Node<'a> {
    key: &'a str,
    messages: Vec<&'a str>,
    children: Vec<Node<'a>>,
}

fn tree(fields: &[FieldError]) -> Vec<Node<'_>> {
    let mut roots: Vec<Node<'_>> = Vec::new();
    for field in fields {
        let path = field.path.strip_prefix("$.").unwrap_or(&field.path);
        let mut level = &mut roots;
        let mut segments = path.split('.').peekable();
        while let Some(segment) = segments.next() {
            let index = match level.iter().position(|node| node.key == segment) {
                Some(index) => index,
                None => {
                    level.push(Node {
                        key: segment,
                        messages: Vec::new(),
                        children: Vec::new(),
                    });
                    level.len() - 1
                }
            };
            let Some(node) = level.get_mut(index) else {
                break;
            };
            if segments.peek().is_none() {
                node.messages
                    .extend(field.messages.iter().map(String::as_str));
                break;
            }
            level = &mut node.children;
        }
    }
    roots
}
