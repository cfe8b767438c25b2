//! Bodies back from bytes, for clients. Whatever the bytes are, parsing
//! returns: a body it cannot read gives an empty [`Parsed`], and the caller
//! classifies the response by its status alone.

use super::{FieldError, Format, MAX_BODY_BYTES};
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// What a body said, as far as it could be read. The texts borrow from the
/// body unless they had escapes, so the caller copies only what it keeps.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed<'a> {
    /// The format recognised, if any.
    pub format: Option<Format>,
    /// The code, as sent.
    pub code: Option<Cow<'a, str>>,
    pub title: Option<Cow<'a, str>>,
    /// The problem's `detail`, or the message of the envelope's entry about
    /// the request or resource.
    pub detail: Option<Cow<'a, str>>,
    pub trace_id: Option<Cow<'a, str>>,
    /// Field errors; envelope entries nested in others get dotted paths.
    /// Their paths total at most [`MAX_BODY_BYTES`]: fields past that are
    /// left out.
    pub fields: Vec<FieldError>,
    pub metadata: Option<Map<String, Value>>,
}

/// Reads a body in either format without being told which. `code_member`
/// names the problem member that carries the code.
pub fn parse<'a>(body: &'a [u8], code_member: &str) -> Parsed<'a> {
    let mut parsed = Parsed::default();
    if body.len() > MAX_BODY_BYTES {
        return parsed;
    }
    // JSON is UTF-8 (RFC 8259), checked once for the whole body: a body
    // that is not, even in a member nobody reads, is not read at all, the
    // rule every client's parser can follow exactly.
    let Ok(text) = std::str::from_utf8(body) else {
        return parsed;
    };
    let read = read_into(
        serde_json::Deserializer::from_str(text),
        code_member,
        &mut parsed,
    );
    if read.is_err() {
        parsed = Parsed::default();
    }
    parsed
}

/// Reads in place: moving `Parsed` out through serde's `Result`s cost more
/// than copying its texts.
fn read_into<'de, R: serde_json::de::Read<'de>>(
    mut deserializer: serde_json::Deserializer<R>,
    code_member: &str,
    parsed: &mut Parsed<'de>,
) -> serde_json::Result<()> {
    // serde_json bounds nesting depth (128), so hostile nesting is an error
    // here, not a stack overflow.
    TopLevel {
        code_member,
        parsed,
    }
    .deserialize(&mut deserializer)?;
    deserializer.end()
}

struct TopLevel<'m, 'p, 'de> {
    code_member: &'m str,
    parsed: &'p mut Parsed<'de>,
}

impl<'de> DeserializeSeed<'de> for TopLevel<'_, '_, 'de> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopLevel<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an error response object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let parsed = self.parsed;
        let mut errors = None;
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let key: &str = &key;
            if key == self.code_member && key != "errors" {
                parsed.code = map.next_value::<Text>()?.0;
            } else {
                match key {
                    "title" => parsed.title = map.next_value::<Text>()?.0,
                    "detail" => parsed.detail = map.next_value::<Text>()?.0,
                    "trace_id" => parsed.trace_id = map.next_value::<Text>()?.0,
                    "metadata" => parsed.metadata = object(map.next_value()?),
                    "errors" => errors = Some(map.next_value::<Value>()?),
                    _ => {
                        map.next_value::<Skipped>()?;
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
                // In the order of their paths' bytes, whatever order the
                // map keeps: the same in every client.
                parsed.fields.sort_by(|a, b| a.path.cmp(&b.path));
            }
        } else if let Some(Value::Array(entries)) = errors {
            read_entries(&entries, parsed);
            if parsed.code.is_some() {
                parsed.format = Some(Format::Envelope);
            }
        }
        Ok(())
    }
}

/// Envelope entries: the first category is the code; the first top-level
/// entry about the request or resource gives the detail and metadata, the
/// rest are fields, their paths the `error_key`s from the top joined with
/// dots (a top-level key loses one leading `\`). Read with a stack of its
/// own, not by recursion, and in time linear in the body: each key is
/// hashed once per entry, and a field's path is built once, within the
/// budget of [`MAX_BODY_BYTES`] for all paths.
fn read_entries(entries: &[Value], parsed: &mut Parsed<'_>) {
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
            parsed.code = get("category").map(|code| Cow::Owned(code.to_owned()));
        }
        let (parent, path_len, top) = (level.parent, level.path_len, stack.len() == 1);
        let mut key = get("error_key").unwrap_or("request");
        let message = get("message");
        if top {
            if matches!(key, "request" | "base") {
                if parsed.detail.is_none() {
                    parsed.detail = message.map(|detail| Cow::Owned(detail.to_owned()));
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

/// A member's value when it is a string, borrowed from the body unless it
/// has escapes; any other value is read past and gives `None`.
struct Text<'de>(Option<Cow<'de, str>>);

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

/// Every kind of value but a string is read past as `IgnoredAny` reads it.
macro_rules! not_text {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(fn $method<E: serde::de::Error>(self, $($arg: $ty),*) -> Result<Text<'de>, E> {
            IgnoredAny.$method($($arg),*).map(|_| Text(None))
        })*
    };
}

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Text<'de>, E> {
        Ok(Text(Some(Cow::Borrowed(text))))
    }

    fn visit_str<E>(self, text: &str) -> Result<Text<'de>, E> {
        Ok(Text(Some(Cow::Owned(text.to_owned()))))
    }

    fn visit_string<E>(self, text: String) -> Result<Text<'de>, E> {
        Ok(Text(Some(Cow::Owned(text))))
    }

    not_text! {
        visit_bool(value: bool);
        visit_i64(value: i64);
        visit_u64(value: u64);
        visit_f64(value: f64);
        visit_unit();
        visit_none();
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, value: D) -> Result<Text<'de>, D::Error> {
        IgnoredAny.visit_some(value).map(|_| Text(None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Text<'de>, A::Error> {
        Skipped.visit_seq(seq).map(|_| Text(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text<'de>, A::Error> {
        Skipped.visit_map(map).map(|_| Text(None))
    }
}

/// A value nobody reads, read through as fully as one that is kept: its
/// numbers in range, its strings' escapes valid, its nesting within
/// serde_json's limit (`IgnoredAny` checks none of these). What makes a body
/// unreadable then does not depend on the member it is in, a rule every
/// client can follow.
struct Skipped;

impl<'de> serde::Deserialize<'de> for Skipped {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Skipped)
    }
}

impl<'de> Visitor<'de> for Skipped {
    type Value = Skipped;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_str<E>(self, _: &str) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_unit<E>(self) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skipped, A::Error> {
        while seq.next_element::<Skipped>()?.is_some() {}
        Ok(Skipped)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skipped, A::Error> {
        while map.next_entry::<Skipped, Skipped>()?.is_some() {}
        Ok(Skipped)
    }
}

fn texts(value: Value) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|item| match item {
                Value::String(text) => Some(text),
                _ => None,
            })
            .collect(),
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
