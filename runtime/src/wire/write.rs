//! Bodies to JSON bytes.

use super::{Body, ENVELOPE_MAX_DEPTH, FieldError, Format, MAX_BODY_BYTES, needs_escape};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Appends the body in `format` to `out`, at most [`MAX_BODY_BYTES`] of it:
/// a body that would be longer loses the end of its detail (marked with
/// `…`), then whole field errors from the last, then its metadata, until it
/// fits. The code, status, type, title and trace id are always sent whole.
/// `code_member` names the problem member that carries the code.
#[inline]
pub fn write(body: &Body<'_>, format: Format, code_member: &str, out: &mut Vec<u8>) {
    let start = out.len();
    let mut fits = |body: &Body<'_>| {
        out.truncate(start);
        field_paths_fit(body) && {
            write_whole(body, format, code_member, out);
            out.len() - start <= MAX_BODY_BYTES
        }
    };
    if !fits(body) {
        shrink(*body, &mut fits);
    }
}

fn write_whole(body: &Body<'_>, format: Format, code_member: &str, out: &mut Vec<u8>) {
    let mut serializer = serde_json::Serializer::new(out);
    serialize(body, format, code_member, &mut serializer);
}

/// Whether the reader will build every field path the body sends: they
/// total at most [`MAX_BODY_BYTES`].
fn field_paths_fit(body: &Body<'_>) -> bool {
    !body.shows_details()
        || body
            .fields
            .iter()
            .map(|field| field.path.len())
            .sum::<usize>()
            <= MAX_BODY_BYTES
}

/// Cuts `body` until `fits` (which writes it) says it fits, and leaves it
/// written. Each step searches by halves, so a body over the limit is
/// written a few dozen times at most.
fn shrink(mut body: Body<'_>, fits: &mut impl FnMut(&Body<'_>) -> bool) {
    let Some(detail) = body.detail.take() else {
        return shrink_fields(body, fits);
    };
    if !fits(&body) {
        return shrink_fields(body, fits);
    }
    let mut cut_detail = String::new();
    let mut with_cut = |cut: usize, fits: &mut dyn FnMut(&Body<'_>) -> bool| {
        cut_detail.clear();
        cut_detail.push_str(detail.get(..floor_char_boundary(detail, cut)).unwrap_or(""));
        cut_detail.push('…');
        fits(&Body {
            detail: Some(&cut_detail),
            ..body
        })
    };
    // Escaping never shortens text, so no more than the limit can fit.
    let longest = largest(detail.len().min(MAX_BODY_BYTES), |cut| with_cut(cut, fits));
    if !with_cut(longest, fits) {
        fits(&body);
    }
}

fn shrink_fields(mut body: Body<'_>, fits: &mut impl FnMut(&Body<'_>) -> bool) {
    let fields = body.fields;
    for metadata in [body.metadata, None] {
        body = Body {
            fields: &[],
            metadata,
            ..body
        };
        if fits(&body) {
            let kept = largest(fields.len(), |n| {
                fits(&Body {
                    fields: fields.get(..n).unwrap_or_default(),
                    ..body
                })
            });
            fits(&Body {
                fields: fields.get(..kept).unwrap_or_default(),
                ..body
            });
            return;
        }
    }
}

/// The largest `n` in `0..=max` for which `holds(n)`, when it holds for
/// `0` and for no `n` above one where it fails.
fn largest(max: usize, mut holds: impl FnMut(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, max);
    while low < high {
        let middle = high - (high - low) / 2;
        if holds(middle) {
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    low
}

pub(crate) fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
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
                tree: &Tree::of(fields),
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
    tree: &'a Tree<'a>,
    metadata: Option<&'a Map<String, Value>>,
}

impl serde::Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let body = self.body;
        let detail = body.detail.filter(|_| body.shows_details());
        let mut seq = serializer.serialize_seq(None)?;
        if self.tree.roots.is_empty() || detail.is_some() || self.metadata.is_some() {
            seq.serialize_element(&Entry {
                key: Key::Plain(body.subject.as_str()),
                category: body.code,
                message: detail.unwrap_or(body.message),
                metadata: self.metadata,
                children: None,
            })?;
        }
        let children = Children {
            tree: self.tree,
            nodes: &self.tree.roots,
            code: body.code,
            code_message: body.message,
        };
        children.serialize_nodes(&mut seq, true)?;
        seq.end()
    }
}

/// An `error_key`: a top-level one that could pass for the entry about the
/// request gets a `\` in front.
#[derive(Clone, Copy)]
enum Key<'a> {
    Plain(&'a str),
    Escaped(&'a str),
}

impl serde::Serialize for Key<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Key::Plain(key) => serializer.serialize_str(key),
            Key::Escaped(key) => serializer.collect_str(&format_args!("\\{key}")),
        }
    }
}

struct Entry<'a> {
    key: Key<'a>,
    category: &'a str,
    message: &'a str,
    metadata: Option<&'a Map<String, Value>>,
    children: Option<Children<'a>>,
}

impl serde::Serialize for Entry<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("error_key", &self.key)?;
        map.serialize_entry("category", self.category)?;
        map.serialize_entry("message", self.message)?;
        if let Some(metadata) = self.metadata {
            map.serialize_entry("metadata", metadata)?;
        }
        if let Some(children) = &self.children {
            map.serialize_entry("errors", children)?;
        }
        map.end()
    }
}

/// Nodes of the tree with the same parent. Serializing nests once per level
/// of the tree, which is at most [`ENVELOPE_MAX_DEPTH`] deep.
#[derive(Clone, Copy)]
struct Children<'a> {
    tree: &'a Tree<'a>,
    nodes: &'a [usize],
    code: &'a str,
    code_message: &'a str,
}

impl Children<'_> {
    /// A node gives one entry per message of its own, then, if it has
    /// children, one entry with the code's message that holds them.
    fn serialize_nodes<S: SerializeSeq>(&self, seq: &mut S, top: bool) -> Result<(), S::Error> {
        for node in self.nodes.iter().filter_map(|&id| self.tree.nodes.get(id)) {
            let key = if top && needs_escape(node.key) {
                Key::Escaped(node.key)
            } else {
                Key::Plain(node.key)
            };
            let entry = |message, children| Entry {
                key,
                category: self.code,
                message,
                metadata: None,
                children,
            };
            for message in &node.messages {
                seq.serialize_element(&entry(message, None))?;
            }
            if !node.children.is_empty() {
                let children = Children {
                    nodes: &node.children,
                    ..*self
                };
                seq.serialize_element(&entry(self.code_message, Some(children)))?;
            }
        }
        Ok(())
    }
}

impl serde::Serialize for Children<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        self.serialize_nodes(&mut seq, false)?;
        seq.end()
    }
}

/// Field paths as a tree: `address.city` and `address.zip` share `address`.
/// The nodes live in one list, so neither building nor dropping the tree
/// recurses, and finding a node's child is a hash lookup, so building is
/// linear in the paths.
#[derive(Default)]
struct Tree<'a> {
    nodes: Vec<Node<'a>>,
    roots: Vec<usize>,
}

struct Node<'a> {
    key: &'a str,
    messages: Vec<&'a str>,
    children: Vec<usize>,
}

impl<'a> Tree<'a> {
    fn of(fields: &'a [FieldError]) -> Tree<'a> {
        let mut tree = Tree::default();
        // (parent, key) to node; the roots' parent is `usize::MAX`.
        let mut index: HashMap<(usize, &str), usize> = HashMap::new();
        for field in fields {
            let mut parent = usize::MAX;
            for key in segments(&field.path) {
                parent = *index.entry((parent, key)).or_insert_with(|| {
                    let id = tree.nodes.len();
                    tree.nodes.push(Node {
                        key,
                        messages: Vec::new(),
                        children: Vec::new(),
                    });
                    match tree.nodes.get_mut(parent) {
                        Some(parent) => parent.children.push(id),
                        None => tree.roots.push(id),
                    }
                    id
                });
            }
            if let Some(node) = tree.nodes.get_mut(parent) {
                node.messages
                    .extend(field.messages.iter().map(String::as_str));
            }
        }
        tree
    }
}

/// The `error_key`s of a path, outermost first: split at dots, with a
/// leading `$.` kept on the first key and the rest of the path after
/// [`ENVELOPE_MAX_DEPTH`] keys left whole in the last. Joined with dots,
/// they are the path again.
fn segments(path: &str) -> impl Iterator<Item = &str> {
    let root = if path.starts_with("$.") { 2 } else { 0 };
    let (first, rest) = match path.get(root..).and_then(|after| after.find('.')) {
        Some(dot) => (
            path.get(..root + dot).unwrap_or(path),
            path.get(root + dot + 1..),
        ),
        None => (path, None),
    };
    std::iter::once(first).chain(
        rest.into_iter()
            .flat_map(|rest| rest.splitn(ENVELOPE_MAX_DEPTH - 1, '.')),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_join_back_into_the_path() {
        let cases: [(&str, &[&str]); 8] = [
            ("", &[""]),
            ("a", &["a"]),
            ("address.city", &["address", "city"]),
            ("$.items[2].qty", &["$.items[2]", "qty"]),
            ("$.", &["$."]),
            (".a", &["", "a"]),
            ("a..b.", &["a", "", "b", ""]),
            ("$..a", &["$.", "a"]),
        ];
        for (path, expected) in cases {
            let got: Vec<&str> = segments(path).collect();
            assert_eq!(got, expected, "{path:?}");
            assert_eq!(got.join("."), path);
        }
        let deep = "a.".repeat(100) + "z";
        let got: Vec<&str> = segments(&deep).collect();
        assert_eq!(got.len(), ENVELOPE_MAX_DEPTH);
        assert_eq!(got.join("."), deep);
        assert!(got.last().is_some_and(|last| last.ends_with(".a.z")));
    }
}
