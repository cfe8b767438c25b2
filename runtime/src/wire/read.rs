//! Bodies back from bytes, for clients. Whatever the bytes are, parsing
//! returns: a body it cannot read gives an empty [`Parsed`], and the caller
//! classifies the response by its status alone.

use super::{FieldError, Format, MAX_BODY_BYTES};
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// What a body said, as far as it could be read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// The format recognised, if any.
    pub format: Option<Format>,
    /// The code, as sent.
    pub code: Option<String>,
    pub title: Option<String>,
    /// The problem's `detail`, or the message of the envelope's entry about
    /// the request or resource.
    pub detail: Option<String>,
    pub trace_id: Option<String>,
    /// Field errors; envelope entries nested in others get dotted paths.
    /// Their paths total at most [`MAX_BODY_BYTES`]: fields past that are
    /// left out.
    pub fields: Vec<FieldError>,
    pub metadata: Option<Map<String, Value>>,
}

/// Reads a body in either format without being told which. `code_member`
/// names the problem member that carries the code.
pub fn parse(body: &[u8], code_member: &str) -> Parsed {
    if body.len() > MAX_BODY_BYTES {
        return Parsed::default();
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    // serde_json bounds nesting depth (128), so hostile nesting is an error
    // here, not a stack overflow.
    match (TopLevel { code_member }).deserialize(&mut deserializer) {
        Ok(parsed) if deserializer.end().is_ok() => parsed,
        _ => Parsed::default(),
    }
}

struct TopLevel<'m> {
    code_member: &'m str,
}

impl<'de> DeserializeSeed<'de> for TopLevel<'_> {
    type Value = Parsed;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Parsed, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopLevel<'_> {
    type Value = Parsed;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an error response object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parsed, A::Error> {
        let mut parsed = Parsed::default();
        let mut errors = None;
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let key: &str = &key;
            if key == self.code_member && key != "errors" {
                parsed.code = text(map.next_value()?);
            } else {
                match key {
                    "title" => parsed.title = text(map.next_value()?),
                    "detail" => parsed.detail = text(map.next_value()?),
                    "trace_id" => parsed.trace_id = text(map.next_value()?),
                    "metadata" => parsed.metadata = object(map.next_value()?),
                    "errors" => errors = Some(map.next_value::<Value>()?),
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
        }
        if parsed.code.is_some() {
            parsed.format = Some(Format::Problem);
            if let Some(Value::Object(fields)) = errors {
                parsed.fields = fields
                    .into_iter()
                    .map(|(path, messages)| FieldError {
                        path,
                        messages: texts(messages),
                    })
                    .collect();
            }
        } else if let Some(Value::Array(entries)) = errors {
            read_entries(&entries, &mut parsed);
            if parsed.code.is_some() {
                parsed.format = Some(Format::Envelope);
            }
        }
        Ok(parsed)
    }
}

/// Envelope entries: the first category is the code; the first top-level
/// entry about the request or resource gives the detail and metadata, the
/// rest are fields, their paths the `error_key`s from the top joined with
/// dots (a top-level key loses one leading `\`). Read with a stack of its
/// own, not by recursion, and in time linear in the body: each key is
/// hashed once per entry, and a field's path is built once, within the
/// budget of [`MAX_BODY_BYTES`] for all paths.
fn read_entries(entries: &[Value], parsed: &mut Parsed) {
    struct Level<'v> {
        entries: std::slice::Iter<'v, Value>,
        /// The place in the tree of the entry that holds these.
        parent: usize,
        /// The length of that entry's path in `path`.
        path_len: usize,
    }
    #[derive(Clone, Copy)]
    struct Place {
        id: usize,
        field: Option<usize>,
    }
    const TOP: usize = 0;
    // (parent, key) to the place in the tree they name, and the field there.
    let mut places: HashMap<(usize, &str), Place> = HashMap::new();
    // Places that spell the same path (`a` then `b`, or `a.b`) share a field.
    let mut fields_by_path: HashMap<String, usize> = HashMap::new();
    let mut path_budget = MAX_BODY_BYTES;
    let mut path = String::new();
    let mut stack = vec![Level {
        entries: entries.iter(),
        parent: TOP,
        path_len: 0,
    }];
    while let Some(level) = stack.last_mut() {
        let Some(entry) = level.entries.next() else {
            stack.pop();
            continue;
        };
        let Value::Object(entry) = entry else {
            continue;
        };
        let get = |key: &str| entry.get(key).and_then(Value::as_str);
        if parsed.code.is_none() {
            parsed.code = get("category").map(str::to_owned);
        }
        let (parent, path_len, top) = (level.parent, level.path_len, stack.len() == 1);
        let mut key = get("error_key").unwrap_or("request");
        let message = get("message");
        if top {
            if matches!(key, "request" | "base") {
                if parsed.detail.is_none() {
                    parsed.detail = message.map(str::to_owned);
                    parsed.metadata = entry.get("metadata").cloned().and_then(object);
                }
                continue;
            }
            key = key.strip_prefix('\\').unwrap_or(key);
        }
        let next_id = places.len() + 1;
        let place = places.entry((parent, key)).or_insert(Place {
            id: next_id,
            field: None,
        });
        path.truncate(path_len);
        if !top {
            path.push('.');
        }
        path.push_str(key);
        match entry.get("errors") {
            Some(Value::Array(children)) if !children.is_empty() => stack.push(Level {
                entries: children.iter(),
                parent: place.id,
                path_len: path.len(),
            }),
            _ => {
                let Some(message) = message else {
                    continue;
                };
                let field = match place.field {
                    Some(field) => field,
                    None if path.len() > path_budget => continue,
                    None => {
                        path_budget -= path.len();
                        let count = parsed.fields.len();
                        let field = *fields_by_path.entry(path.clone()).or_insert(count);
                        if field == count {
                            parsed.fields.push(FieldError {
                                path: path.clone(),
                                messages: Vec::new(),
                            });
                        }
                        place.field = Some(field);
                        field
                    }
                };
                if let Some(field) = parsed.fields.get_mut(field) {
                    field.messages.push(message.to_owned());
                }
            }
        }
    }
}

/// A member name, borrowed from the body unless it has escapes: most
/// members are skipped, so copying their names would be waste.
struct Key<'de>(Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }

            fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

fn text(value: Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text),
        _ => None,
    }
}

fn texts(value: Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.into_iter().filter_map(text).collect(),
        Value::String(text) => vec![text],
        _ => Vec::new(),
    }
}

fn object(value: Value) -> Option<Map<String, Value>> {
    match value {
        Value::Object(map) => Some(map),
        _ => None,
    }
}
