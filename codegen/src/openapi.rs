//! The catalog as an OpenAPI 3.1 document (`export openapi`): the code as
//! an enum whose every value carries its status and message, the response
//! body's schema, and one response per status the catalog uses, with an
//! example per code written by the runtime itself. Built as a JSON value,
//! so no text from the catalog is ever pasted into syntax, and written as
//! JSON by serde_json and as YAML by `yaml`, whose every string is a
//! double-quoted scalar.

use crate::export::File;
use crate::model::{Catalog, Code, reason_phrase};
use crate::{ResponseFormat, markdown};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// `openapi.json` and `openapi.yaml`, the same document.
pub fn generate(catalog: &Catalog, version: &str) -> Vec<File> {
    let document = document(catalog, version);
    vec![
        File::new("openapi.json", crate::json::pretty(&document)),
        File::new(
            "openapi.yaml",
            yaml(&catalog.settings.command("export openapi"), &document),
        ),
    ]
}

/// The name of the response for `status` under `components.responses`.
pub fn response_name(status: u16) -> String {
    format!("Error{status}")
}

pub fn document(catalog: &Catalog, version: &str) -> Value {
    let settings = &catalog.settings;
    let mut by_status: BTreeMap<u16, Vec<&Code>> = BTreeMap::new();
    for (_, code) in catalog.codes() {
        by_status.entry(code.status).or_default().push(code);
    }
    let responses: Map<String, Value> = by_status
        .iter()
        .map(|(&status, codes)| (response_name(status), response(catalog, status, codes)))
        .collect();
    let mut schemas = Map::new();
    schemas.insert("ErrorCode".to_owned(), error_code(catalog));
    schemas.insert("Problem".to_owned(), problem(&settings.code_member));
    schemas.insert("Envelope".to_owned(), envelope());
    schemas.insert("EnvelopeEntry".to_owned(), envelope_entry());
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": settings.page_title(),
            "version": version,
            "description": format!(
                "The error responses of {}, generated from its error catalog. Merge `components` into the API's own document and refer to the responses by `$ref: '#/components/responses/Error<status>'`.",
                settings.api_name
            ),
        },
        "components": {
            "schemas": schemas,
            "responses": responses,
        }
    })
}

fn error_code(catalog: &Catalog) -> Value {
    let values: Vec<Value> = catalog
        .codes()
        .map(|(_, code)| {
            let mut value = Map::new();
            value.insert("const".to_owned(), json!(code.code));
            value.insert("title".to_owned(), json!(code.title));
            value.insert("description".to_owned(), json!(describe(code)));
            if code.deprecated.is_some() {
                value.insert("deprecated".to_owned(), Value::Bool(true));
            }
            Value::Object(value)
        })
        .collect();
    json!({
        "description": "An error code of the catalog; clients should expect codes added later and fall back to the HTTP status class.",
        "type": "string",
        "oneOf": values,
    })
}

/// `400 Bad Request: The request body was not valid JSON.`
fn describe(code: &Code) -> String {
    match reason_phrase(code.status) {
        Some(reason) => format!("{} {reason}: {}", code.status, code.message),
        None => format!("{}: {}", code.status, code.message),
    }
}

fn problem(code_member: &str) -> Value {
    let mut properties = Map::new();
    let mut add = |name: &str, schema: Value| {
        properties.insert(name.to_owned(), schema);
    };
    add(
        "type",
        json!({ "description": "The code's entry on the reference page.", "type": "string", "format": "uri-reference" }),
    );
    add(
        "title",
        json!({ "description": "The code's short title.", "type": "string" }),
    );
    add(
        "status",
        json!({ "description": "The HTTP status.", "type": "integer", "minimum": 400, "maximum": 599 }),
    );
    add(
        code_member,
        json!({ "$ref": "#/components/schemas/ErrorCode" }),
    );
    add(
        "detail",
        json!({ "description": "What went wrong this time; never in a 5xx.", "type": "string" }),
    );
    add(
        "instance",
        json!({ "description": "A URI of this occurrence.", "type": "string", "format": "uri-reference" }),
    );
    add(
        "errors",
        json!({
            "description": "Field errors: each field's path to its messages; never in a 5xx.",
            "type": "object",
            "additionalProperties": { "type": "array", "items": { "type": "string" } }
        }),
    );
    add(
        "metadata",
        json!({ "description": "Machine-readable facts about this occurrence; never in a 5xx.", "type": "object" }),
    );
    add(
        "trace_id",
        json!({ "description": "The request's trace id.", "type": "string" }),
    );
    json!({
        "description": "An RFC 9457 problem details object carrying a catalog code.",
        "type": "object",
        "required": ["type", "title", "status", code_member],
        "properties": properties,
    })
}

fn envelope() -> Value {
    json!({
        "description": "The envelope: one entry per error, the first about the request or resource.",
        "type": "object",
        "required": ["errors"],
        "properties": {
            "errors": { "type": "array", "items": { "$ref": "#/components/schemas/EnvelopeEntry" } },
            "trace_id": { "description": "The request's trace id.", "type": "string" }
        }
    })
}

fn envelope_entry() -> Value {
    json!({
        "type": "object",
        "required": ["error_key", "category", "message"],
        "properties": {
            "error_key": { "description": "The field, or `request` or `base` for the entry about the request or resource (a field named so is sent with a leading `\\`).", "type": "string" },
            "category": { "$ref": "#/components/schemas/ErrorCode" },
            "message": { "description": "The detail, or the code's message.", "type": "string" },
            "metadata": { "type": "object" },
            "errors": { "description": "Entries of the fields inside this one.", "type": "array", "items": { "$ref": "#/components/schemas/EnvelopeEntry" } }
        }
    })
}

/// One status's response: its codes, the body schema narrowed to them, and
/// an example body per code.
fn response(catalog: &Catalog, status: u16, codes: &[&Code]) -> Value {
    let settings = &catalog.settings;
    let names: Vec<&str> = codes.iter().map(|code| code.code.as_str()).collect();
    let examples: Map<String, Value> = codes
        .iter()
        .map(|code| {
            let body =
                serde_json::from_str(&markdown::example_body(catalog, code)).unwrap_or(Value::Null);
            (
                code.code.clone(),
                json!({ "summary": describe(code), "value": body }),
            )
        })
        .collect();
    let only_these = json!({ "enum": names });
    let (media_type, schema) = match settings.format {
        ResponseFormat::Problem => {
            let mut narrowed = Map::new();
            narrowed.insert(settings.code_member.clone(), only_these);
            narrowed.insert("status".to_owned(), json!({ "const": status }));
            (
                "application/problem+json",
                json!({ "allOf": [
                    { "$ref": "#/components/schemas/Problem" },
                    { "properties": narrowed }
                ] }),
            )
        }
        ResponseFormat::Envelope => (
            "application/json",
            json!({ "allOf": [
                { "$ref": "#/components/schemas/Envelope" },
                { "properties": { "errors": { "items": { "properties": { "category": only_these } } } } }
            ] }),
        ),
    };
    let reason = reason_phrase(status).map_or(String::new(), |reason| format!(" {reason}"));
    let mut content = Map::new();
    content.insert(
        media_type.to_owned(),
        json!({ "schema": schema, "examples": examples }),
    );
    json!({
        "description": format!("{status}{reason}: {}.", names.join(", ")),
        "content": content,
    })
}

/// The document as block-style YAML. Every key and string is double-quoted
/// with only the escapes YAML 1.1 and 1.2 read alike, so a text can never
/// become a number, a boolean, a comment or more structure (`no`, `#`,
/// `: `, `- ` are just text), and nothing a YAML 1.1 reader takes for a line
/// break (U+0085, U+2028, U+2029) is written raw. serde_yaml is no longer
/// maintained; a JSON value needs no more than this.
fn yaml(command: &str, value: &Value) -> String {
    let mut out =
        format!("# Generated by `{command}`, do not edit: change the catalog and run it again.\n");
    yaml_block(value, 0, &mut out);
    out
}

fn yaml_block(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, value) in map {
                out.push_str(&pad);
                yaml_string(key, out);
                out.push(':');
                yaml_child(value, indent, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                out.push_str(&pad);
                out.push('-');
                yaml_child(item, indent, out);
            }
        }
        scalar => {
            out.push_str(&pad);
            yaml_scalar(scalar, out);
            out.push('\n');
        }
    }
}

/// What follows a key's colon or an item's dash: a scalar on the same line,
/// a collection indented below it.
fn yaml_child(value: &Value, indent: usize, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            yaml_block(value, indent + 2, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            yaml_block(value, indent + 2, out);
        }
        scalar => {
            out.push(' ');
            yaml_scalar(scalar, out);
            out.push('\n');
        }
    }
}

fn yaml_scalar(value: &Value, out: &mut String) {
    match value {
        Value::String(text) => yaml_string(text, out),
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
        // null, booleans and numbers are written as JSON writes them, which
        // YAML reads as the same values.
        other => out.push_str(&other.to_string()),
    }
}

fn yaml_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            // YAML's printable characters, less the line breaks of YAML 1.1
            // and the byte order mark.
            ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..
                if !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') =>
            {
                out.push(c)
            }
            c if u32::from(c) <= 0xffff => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_strings_escape_what_a_reader_would_not_keep() {
        let mut out = String::new();
        yaml_string(
            "a\"b\\c\n\t\u{85}\u{2028}\u{feff}\u{7f}é😀 #: - no",
            &mut out,
        );
        assert_eq!(
            out,
            "\"a\\\"b\\\\c\\u000a\\u0009\\u0085\\u2028\\ufeff\\u007fé😀 #: - no\""
        );
    }

    #[test]
    fn yaml_nests_blocks_and_writes_empty_collections_inline() {
        let value = json!({ "a": [1, { "b": null, "c": [] }], "d": {}, "e": true });
        assert_eq!(
            yaml("x", &value).split_once('\n').unwrap().1,
            "\"a\":\n  - 1\n  -\n    \"b\": null\n    \"c\": []\n\"d\": {}\n\"e\": true\n"
        );
    }
}
