//! Properties of error responses: any `ApiError`, written in either format,
//! reads back as the README's "Reading an error" says, and always within
//! the limits both sides hold.

use errors::{ApiError, ErrorCode, FieldError, Format, ResponseError};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;

/// Text of every kind: control characters, quotes, escapes, other scripts.
fn text() -> impl Strategy<Value = String> {
    prop_oneof!["\\PC{0,20}", "[\\x00-\\x1f\"\\\\ a-z\u{2028}é🦀]{0,20}"]
}

/// Paths, weighted towards what the envelope must take care with: dots
/// (empty levels too), `$.`, `\`, and the keys `request` and `base`.
fn path() -> impl Strategy<Value = String> {
    let segment = prop_oneof![
        Just(String::new()),
        Just("request".to_owned()),
        Just("base".to_owned()),
        Just("$".to_owned()),
        Just("\\".to_owned()),
        Just("items[2]".to_owned()),
        "[a-c]{1,3}",
        "[a-z$\\\\\\[\\]0-9]{1,6}",
    ];
    prop_oneof![
        proptest::collection::vec(segment, 1..6).prop_map(|segments| segments.join(".")),
        text(),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::btree_map(text(), inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

#[derive(Debug, Clone)]
struct Occurrence {
    code: ErrorCode,
    format: Format,
    /// `Some(None)`: the code's own message as the detail.
    detail: Option<Option<String>>,
    fields: Vec<(String, String)>,
    metadata: Vec<(String, Value)>,
    trace_id: Option<String>,
    about_resource: bool,
    retry_after: Option<Duration>,
}

fn occurrence() -> impl Strategy<Value = Occurrence> {
    (
        proptest::sample::select(ErrorCode::ALL),
        prop_oneof![Just(Format::Problem), Just(Format::Envelope)],
        proptest::option::of(proptest::option::of(text())),
        proptest::collection::vec((path(), text()), 0..8),
        proptest::collection::vec((text(), json_value()), 0..3),
        proptest::option::of(text()),
        any::<bool>(),
        proptest::option::of(
            any::<(u64, u32)>().prop_map(|(s, n)| Duration::new(s, n % 1_000_000_000)),
        ),
    )
        .prop_map(
            |(code, format, detail, fields, metadata, trace_id, about_resource, retry_after)| {
                Occurrence {
                    code,
                    format,
                    detail,
                    fields,
                    metadata,
                    trace_id,
                    about_resource,
                    retry_after,
                }
            },
        )
}

fn build(occurrence: &Occurrence) -> ApiError {
    let code = occurrence.code;
    let mut error = ApiError::new(code).with_format(occurrence.format);
    if let Some(detail) = &occurrence.detail {
        error = error.with_detail(detail.clone().unwrap_or_else(|| code.message().to_owned()));
    }
    for (path, message) in &occurrence.fields {
        error = error.with_field_error(path.clone(), message.clone());
    }
    for (key, value) in &occurrence.metadata {
        error = error.with_metadata(key.clone(), value.clone());
    }
    if let Some(trace_id) = &occurrence.trace_id {
        error = error.with_trace_id(trace_id.clone());
    }
    if occurrence.about_resource {
        error = error.about_resource();
    }
    if let Some(wait) = occurrence.retry_after {
        error = error.with_retry_after(wait);
    }
    error
}

fn by_path(fields: &[FieldError]) -> BTreeMap<&str, &[String]> {
    fields
        .iter()
        .map(|field| (field.path.as_str(), field.messages.as_slice()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_api_error_reads_back_as_written(occurrence in occurrence()) {
        let error = build(&occurrence);
        let code = error.code();
        let body = error.body();
        prop_assert!(body.len() <= errors::MAX_BODY_BYTES);
        let retry_after = error.retry_after().map(|seconds| seconds.to_string());
        let read = ResponseError::from_parts(error.status(), retry_after.as_deref(), &body);

        prop_assert_eq!(read.code(), Some(code));
        prop_assert_eq!(read.format(), Some(occurrence.format));
        prop_assert_eq!(read.trace_id(), Some(error.trace_id()));
        prop_assert_eq!(read.retryable(), code.retryable());
        prop_assert_eq!(read.retry_after(), error.retry_after().map(Duration::from_secs));
        prop_assert!(read.retry_after().is_none_or(|wait| wait <= errors::MAX_RETRY_AFTER));
        if code.status() < 500 {
            // In the envelope, the code's own message is no detail.
            let detail = error.detail().filter(|detail| {
                occurrence.format == Format::Problem || *detail != code.message()
            });
            prop_assert_eq!(read.detail(), detail);
            prop_assert_eq!(by_path(read.field_errors()), by_path(error.field_errors()));
            let metadata = Some(error.metadata()).filter(|metadata| !metadata.is_empty());
            prop_assert_eq!(read.metadata(), metadata);
        } else {
            prop_assert_eq!(read.detail(), None);
            prop_assert_eq!(read.field_errors(), []);
            prop_assert_eq!(read.metadata(), None);
        }
        // A log line is one line.
        prop_assert!(!error.to_string().contains(|c: char| c.is_control()));
        prop_assert!(!read.to_string().contains(|c: char| c.is_control()));
    }
}
