//! The JSON Schema of catalog files (`export schema`), for editors: built
//! from the keys the loader knows (`load::TOP_KEYS`, `SURFACE_KEYS`,
//! `CODE_KEYS`, `FIELD_KEYS`), each described here; a test fails when the two lists part.

use crate::export::File;
use crate::load::{CODE_KEYS, FIELD_KEYS, FIELD_TYPES, SURFACE_KEYS};
use serde_json::{Map, Value, json};

/// `catalog.schema.json`.
pub fn generate() -> Vec<File> {
    vec![File::new(
        "catalog.schema.json",
        crate::json::pretty(&catalog_schema()),
    )]
}

/// Text the loader accepts: a string with something other than white space.
fn text(description: &str) -> Value {
    json!({ "description": description, "type": "string", "pattern": "\\S" })
}

/// The schema of a key of `[surface]`; `None` for a key this module does
/// not describe (a test keeps that from happening).
fn surface_key_schema(key: &str) -> Option<Value> {
    Some(match key {
        "title" => text("The heading of this surface's section on the reference page."),
        "description" => text("A paragraph under the heading; `Surface::description`."),
        "order" => json!({
            "description": "Surfaces with an order come first, ascending; the rest by file name.",
            "type": "integer"
        }),
        _ => return None,
    })
}

/// The schema of a key of a code, as `surface_key_schema`.
fn code_key_schema(key: &str) -> Option<Value> {
    Some(match key {
        "status" => json!({
            "description": "The HTTP status the code is sent with: a 4xx (client error) or 5xx (server error).",
            "type": "integer",
            "minimum": 400,
            "maximum": 599
        }),
        "message" => text("The message for people, sent with the code."),
        "title" => text("A short title; derived from the code when absent."),
        "when" => text("When the code occurs: on the reference page and in the docs."),
        "retryable" => json!({
            "description": "Whether the same request may succeed later. Default: true for 429, 502, 503 and 504.",
            "type": "boolean"
        }),
        "deprecated" => json!({
            "description": "The reason the code is deprecated, or true: still sent, flagged.",
            "anyOf": [{ "type": "string", "pattern": "\\S" }, { "type": "boolean" }]
        }),
        "deprecated_since" => text("The version that deprecated the code."),
        "since" => text("The first version that returned the code."),
        "variant" => json!({
            "description": "The Rust variant of ErrorCode, when the derived one is impossible: UpperCamelCase ASCII, not `Self` or `ALL`.",
            "type": "string",
            "pattern": "^[A-Z][A-Za-z0-9]*$",
            "not": { "enum": ["Self", "ALL"] }
        }),
        "grpc" => json!({
            "description": "The google.rpc.Code the code is sent with over gRPC. Default: from the status (400 INVALID_ARGUMENT, 404 NOT_FOUND, 429 RESOURCE_EXHAUSTED, 503 UNAVAILABLE, ...; the README has the table).",
            "type": "string",
            "enum": errors_runtime::GrpcCode::ALL
                .iter()
                .filter(|&&code| code != errors_runtime::GrpcCode::Ok)
                .map(|code| code.as_str())
                .collect::<Vec<_>>()
        }),
        "detail" => text(
            "Format 1.1: the detail of each occurrence, a template whose `{name}` placeholders are the code's fields; `{{` and `}}` are braces.",
        ),
        "fields" => json!({
            "description": "Format 1.1: what varies per occurrence, each field sent in `metadata` under its name and typed in every client.",
            "type": "object",
            "propertyNames": {
                "description": "The metadata key: a lower-case letter, then lower-case letters, digits and `_`.",
                "pattern": "^[a-z][a-z0-9_]*$",
                "not": { "enum": ["self", "super", "crate"] }
            },
            "additionalProperties": { "$ref": "#/$defs/field" },
        }),
        "causes" => texts("Format 1.1: what may have led to the error, for the page."),
        "solutions" => texts("Format 1.1: what a client can do about it, for the page."),
        _ => return None,
    })
}

fn texts(description: &str) -> Value {
    json!({ "description": description, "type": "array", "items": text("One item.") })
}

/// The schema of a key of a field, as `surface_key_schema`.
fn field_key_schema(key: &str) -> Option<Value> {
    Some(match key {
        "type" => json!({ "description": "The value's type.", "enum": FIELD_TYPES }),
        "description" => text("What the value is: on the page and in the docs."),
        "values" => json!({
            "description": "With type \"string\": the values it may take, each becoming an enum variant.",
            "type": "array",
            "minItems": 1,
            "uniqueItems": true,
            "items": { "type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_.-]*$" }
        }),
        "example" => json!({
            "description": "A value of the field's type for the page's example.",
            "type": ["string", "integer", "boolean"]
        }),
        _ => return None,
    })
}

fn properties(keys: &[&str], schema: fn(&str) -> Option<Value>) -> Map<String, Value> {
    keys.iter()
        .filter_map(|key| Some(((*key).to_owned(), schema(key)?)))
        .collect()
}

/// The schema (2020-12) of one catalog file.
pub fn catalog_schema() -> Value {
    let mut top = Map::new();
    top.insert(
        "surface".to_owned(),
        json!({
            "description": "The surface of the API this file's codes occur on; the file stem is its id.",
            "type": "object",
            "required": ["title"],
            "additionalProperties": false,
            "properties": properties(SURFACE_KEYS, surface_key_schema),
        }),
    );
    top.insert(
        "codes".to_owned(),
        json!({
            "description": "The surface's codes, each under its wire code, in the order they are listed.",
            "type": "object",
            "propertyNames": {
                "description": "The wire code: ASCII letters, digits, `_`, `-` and `.`.",
                "pattern": "^[A-Za-z0-9_.-]+$"
            },
            "additionalProperties": { "$ref": "#/$defs/code" },
        }),
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Error catalog file, format 1.1",
        "description": "One catalog/<surface>.toml: a surface of the API and its error codes.",
        "type": "object",
        "required": ["surface"],
        "additionalProperties": false,
        "properties": top,
        "$defs": {
            "code": {
                "description": "One error code.",
                "type": "object",
                "required": ["status", "message"],
                "additionalProperties": false,
                "properties": properties(CODE_KEYS, code_key_schema),
            },
            "field": {
                "description": "A field of a code: a metadata key with a type.",
                "type": "object",
                "required": ["type", "description"],
                "additionalProperties": false,
                "properties": properties(FIELD_KEYS, field_key_schema),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::TOP_KEYS;

    /// One list, validated in both directions: each key the loader knows
    /// is described, and the schema describes no other.
    #[test]
    fn the_schema_has_exactly_the_loaders_keys() {
        for key in SURFACE_KEYS {
            assert!(
                surface_key_schema(key).is_some(),
                "`{key}` is not described"
            );
        }
        for key in CODE_KEYS {
            assert!(code_key_schema(key).is_some(), "`{key}` is not described");
        }
        for key in FIELD_KEYS {
            assert!(field_key_schema(key).is_some(), "`{key}` is not described");
        }
        let schema = catalog_schema();
        let keys = |value: &Value| -> Vec<String> {
            let mut keys: Vec<String> = value
                .as_object()
                .map(|map| map.keys().cloned().collect())
                .unwrap_or_default();
            keys.sort();
            keys
        };
        let sorted = |list: &[&str]| {
            let mut list: Vec<String> = list.iter().map(|key| (*key).to_owned()).collect();
            list.sort();
            list
        };
        assert_eq!(keys(&schema["properties"]), sorted(TOP_KEYS));
        assert_eq!(
            keys(&schema["properties"]["surface"]["properties"]),
            sorted(SURFACE_KEYS)
        );
        assert_eq!(
            keys(&schema["$defs"]["code"]["properties"]),
            sorted(CODE_KEYS)
        );
        assert_eq!(
            keys(&schema["$defs"]["field"]["properties"]),
            sorted(FIELD_KEYS)
        );
    }
}
