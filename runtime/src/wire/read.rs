//! Bodies back from bytes, for clients. Whatever the bytes are, parsing
//! returns: a body it cannot read gives an empty [`Parsed`], and the caller
//! classifies the response by its status alone.

use crate::{FieldError, Format};
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;

/// Bodies longer than this are not parsed. Error bodies are small; a larger
/// one is not an error body this crate wrote, and reading it would cost the
/// client memory for nothing.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

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
            read_entries(&entries, "", &mut parsed);
            if parsed.code.is_some() {
                parsed.format = Some(Format::Envelope);
            }
        }
        Ok(parsed)
    }
}

/// Envelope entries: the first category is the code; entries about the
/// request or resource give the detail, the rest are fields.
fn read_entries(entries: &[Value], prefix: &str, parsed: &mut Parsed) {
    for entry in entries {
        let Value::Object(entry) = entry else {
            continue;
        };
        let get = |key: &str| entry.get(key).and_then(Value::as_str);
        if parsed.code.is_none() {
            parsed.code = get("category").map(str::to_owned);
        }
        let key = get("error_key").unwrap_or("request");
        let message = get("message");
        if prefix.is_empty() && matches!(key, "request" | "base") {
            if parsed.detail.is_none() {
                parsed.detail = message.map(str::to_owned);
            }
            if parsed.metadata.is_none() {
                parsed.metadata = entry.get("metadata").cloned().and_then(object);
            }
            continue;
        }
        let path = if prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{prefix}.{key}")
        };
        match entry.get("errors") {
            Some(Value::Array(children)) => read_entries(children, &path, parsed),
            _ => {
                if let Some(message) = message {
                    match parsed.fields.iter_mut().find(|field| field.path == path) {
                        Some(field) => field.messages.push(message.to_owned()),
                        None => parsed.fields.push(FieldError {
                            path,
                            messages: vec![message.to_owned()],
                        }),
                    }
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
