//! The JSON index of the catalog (`export json`): every code and surface,
//! for status pages, support tooling and other generators; with the JSON
//! Schema that describes its shape.

use crate::export::File;
use crate::model::{Catalog, Code, Field, FieldType, FieldValue, reason_phrase};
use serde_json::{Value, json};

/// `errors.json` and `errors.schema.json`.
pub fn generate(catalog: &Catalog) -> Vec<File> {
    vec![
        File::new("errors.json", pretty(&index(catalog))),
        File::new("errors.schema.json", pretty(&index_schema())),
    ]
}

/// The index, built as a JSON value: every text goes through serde_json's
/// serializer, never through a template.
pub fn index(catalog: &Catalog) -> Value {
    let settings = &catalog.settings;
    let surfaces: Vec<Value> = catalog
        .surfaces
        .iter()
        .map(|surface| {
            json!({
                "id": surface.id,
                "title": surface.title,
                "description": surface.description,
                "codes": surface.codes.iter().map(|code| &code.code).collect::<Vec<_>>(),
            })
        })
        .collect();
    let codes: Vec<Value> = catalog
        .codes()
        .map(|(surface, code)| entry(catalog, &surface.id, code))
        .collect();
    json!({
        "$schema": "./errors.schema.json",
        "api": settings.api_name,
        "format": match settings.format {
            crate::ResponseFormat::Problem => "problem",
            crate::ResponseFormat::Envelope => "envelope",
        },
        "code_member": settings.code_member,
        "surfaces": surfaces,
        "codes": codes,
    })
}

fn entry(catalog: &Catalog, surface: &str, code: &Code) -> Value {
    let deprecated = code.deprecated.as_ref().map(|reason| {
        json!({
            "reason": Some(reason).filter(|reason| !reason.is_empty()),
            "since": code.deprecated_since,
        })
    });
    json!({
        "code": code.code,
        "status": code.status,
        "reason_phrase": reason_phrase(code.status),
        "title": code.title,
        "message": code.message,
        "when": code.when,
        "surface": surface,
        "retryable": code.retryable,
        "deprecated": deprecated,
        "since": code.since,
        "doc_url": catalog.settings.code_url(&code.code),
        "detail": code.detail.as_ref().map(|template| template.source()),
        "fields": code.fields.iter().map(field).collect::<Vec<_>>(),
        "causes": code.causes,
        "solutions": code.solutions,
    })
}

fn field(field: &Field) -> Value {
    let example = field.example.as_ref().map(|example| match example {
        FieldValue::String(text) => json!(text),
        FieldValue::Integer(n) => json!(n),
        FieldValue::Boolean(flag) => json!(flag),
    });
    let values = match &field.ty {
        FieldType::OneOf(values) => Some(values),
        _ => None,
    };
    json!({
        "name": field.name,
        "type": field.ty.name(),
        "values": values,
        "description": field.description,
        "example": example,
    })
}

/// The JSON Schema (2020-12) of [`index`]'s shape.
pub fn index_schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Error code index",
        "description": "Every error code of an API's catalog and the surfaces they occur on, as `codegen export json` writes it.",
        "type": "object",
        "required": ["api", "format", "code_member", "surfaces", "codes"],
        "additionalProperties": false,
        "properties": {
            "$schema": { "type": "string" },
            "api": { "description": "The API's name.", "type": "string" },
            "format": {
                "description": "The response body format: RFC 9457 problem details, or the envelope.",
                "enum": ["problem", "envelope"]
            },
            "code_member": {
                "description": "The problem-details member that carries the code.",
                "type": "string"
            },
            "surfaces": {
                "description": "The parts of the API codes occur on, in page order.",
                "type": "array",
                "items": surface_schema(),
            },
            "codes": {
                "description": "Every code, surface by surface.",
                "type": "array",
                "items": code_schema(),
            }
        }
    })
}

/// The schema of one entry of the index's `surfaces`.
fn surface_schema() -> Value {
    json!({
        "type": "object",
        "required": ["id", "title", "description", "codes"],
        "additionalProperties": false,
        "properties": {
            "id": { "description": "The catalog file's stem.", "type": "string" },
            "title": { "description": "The surface's heading.", "type": "string" },
            "description": { "description": "Empty when the catalog gives none.", "type": "string" },
            "codes": {
                "description": "The surface's codes, in catalog order.",
                "type": "array",
                "items": { "type": "string" }
            }
        }
    })
}

/// The schema of one entry of the index's `codes`.
fn code_schema() -> Value {
    let optional_text =
        |description: &str| json!({ "description": description, "type": ["string", "null"] });
    let deprecated = json!({
        "description": "Null unless the code is deprecated.",
        "type": ["object", "null"],
        "required": ["reason", "since"],
        "additionalProperties": false,
        "properties": {
            "reason": optional_text("Why; null when the catalog says only `true`."),
            "since": optional_text("The version that deprecated it.")
        }
    });
    json!({
        "type": "object",
        "required": [
            "code", "status", "reason_phrase", "title", "message", "when",
            "surface", "retryable", "deprecated", "since", "doc_url",
            "detail", "fields", "causes", "solutions"
        ],
        "additionalProperties": false,
        "properties": {
            "code": { "description": "The wire code, as sent.", "type": "string", "pattern": "^[A-Za-z0-9_.-]+$" },
            "status": { "description": "The HTTP status it is sent with.", "type": "integer", "minimum": 400, "maximum": 599 },
            "reason_phrase": optional_text("The status's standard reason phrase; null for a status no RFC names."),
            "title": { "description": "A short title.", "type": "string" },
            "message": { "description": "The message for people.", "type": "string" },
            "when": optional_text("When it occurs."),
            "surface": { "description": "The id of its surface.", "type": "string" },
            "retryable": { "description": "Whether the same request may succeed later.", "type": "boolean" },
            "deprecated": deprecated,
            "since": optional_text("The first version that returned it."),
            "doc_url": { "description": "Its entry on the reference page.", "type": "string" },
            "detail": optional_text("The detail template: `{name}` is a field's value, `{{` and `}}` are braces."),
            "fields": {
                "description": "What varies per occurrence, sent in `metadata` under each name.",
                "type": "array",
                "items": field_schema(),
            },
            "causes": texts("What may have led to the error."),
            "solutions": texts("What a client can do about it."),
        }
    })
}

fn texts(description: &str) -> Value {
    json!({ "description": description, "type": "array", "items": { "type": "string" } })
}

/// The schema of one entry of a code's `fields`.
fn field_schema() -> Value {
    json!({
        "type": "object",
        "required": ["name", "type", "values", "description", "example"],
        "additionalProperties": false,
        "properties": {
            "name": { "description": "The metadata key.", "type": "string", "pattern": "^[a-z][a-z0-9_]*$" },
            "type": { "enum": ["string", "integer", "boolean"] },
            "values": {
                "description": "The values a restricted string may take; null for any.",
                "type": ["array", "null"],
                "items": { "type": "string" }
            },
            "description": { "type": "string" },
            "example": {
                "description": "A value for examples; null when the catalog gives none.",
                "type": ["string", "integer", "boolean", "null"]
            }
        }
    })
}

/// JSON as people read it: two-space indents, a final newline.
pub(crate) fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
