//! Typed occurrences (catalog format 1.1): a code's declared fields render
//! its detail template and travel as metadata, in both formats, and read
//! back typed; a 5xx carries neither.

use errors::{ApiError, ErrorCode, Format, ResponseError, details};
use serde_json::{Value, json};

fn body_of(error: &ApiError) -> Value {
    serde_json::from_slice(&error.body()).unwrap()
}

fn read(error: &ApiError) -> ResponseError {
    ResponseError::from_parts(error.status(), None, &error.body())
}

#[test]
fn a_detail_is_the_template_with_the_fields_and_each_field_is_metadata() {
    let limited = details::RateLimited {
        limit: 100,
        window_seconds: 60,
    };
    let error = ApiError::from(limited.clone());
    assert_eq!(error.code(), ErrorCode::RateLimited);
    let body = body_of(&error);
    assert_eq!(
        body["detail"],
        "More than 100 requests arrived within 60 seconds."
    );
    assert_eq!(
        body["metadata"],
        json!({"limit": 100, "window_seconds": 60})
    );
    assert_eq!(
        read(&error).details::<details::RateLimited>(),
        Some(limited)
    );
}

#[test]
fn the_envelope_carries_the_same_detail_and_metadata() {
    let unknown = details::UnknownField {
        field: "address.nick{name}".to_owned(),
    };
    let error = ApiError::from(unknown.clone()).with_format(Format::Envelope);
    let body = body_of(&error);
    let entry = &body["errors"][0];
    assert_eq!(entry["category"], "unknown_field");
    assert_eq!(
        entry["message"],
        "The body has a field `address.nick{name}`, which this endpoint does not accept."
    );
    assert_eq!(entry["metadata"], json!({"field": "address.nick{name}"}));
    assert_eq!(
        read(&error).details::<details::UnknownField>(),
        Some(unknown)
    );
}

#[test]
fn text_from_a_field_is_inserted_as_it_is() {
    // Braces, quotes and line breaks in a value are the value: nothing in
    // it is read as a placeholder or breaks the body.
    let event_type = "{limit}\"\n\u{202e}".to_owned();
    let error = ApiError::from(details::WebhookEventUnknown {
        event_type: event_type.clone(),
    });
    assert_eq!(
        error.detail(),
        Some(format!("There is no event type `{event_type}`.").as_str())
    );
    let read = read(&error);
    assert_eq!(
        read.details::<details::WebhookEventUnknown>()
            .map(|d| d.event_type),
        Some(event_type)
    );
}

#[test]
fn a_server_error_sends_neither_detail_nor_metadata_but_logs_them() {
    let error = ApiError::from(details::TemporarilyUnavailable {
        dependency: "billing".to_owned(),
    });
    assert_eq!(error.status(), 503);
    let body = body_of(&error);
    assert_eq!(body.get("detail"), None);
    assert_eq!(body.get("metadata"), None);
    assert_eq!(
        read(&error).details::<details::TemporarilyUnavailable>(),
        None
    );
    let line = error.to_string();
    assert!(
        line.contains("The billing service did not answer."),
        "{line}"
    );
}

#[test]
fn more_set_on_the_error_is_sent_beside_the_fields() {
    let error: ApiError = details::InsufficientScope {
        scope: "users:write".to_owned(),
    }
    .into();
    let error = error
        .with_metadata("request_id", 7)
        .with_field_error("scope", "Missing.");
    let body = body_of(&error);
    assert_eq!(
        body["metadata"],
        json!({"request_id": 7, "scope": "users:write"})
    );
    assert_eq!(body["errors"], json!({"scope": ["Missing."]}));
}

#[test]
fn reading_typed_fields_falls_back_to_the_raw_map() {
    let problem = |code: &str, metadata: Value| {
        let body =
            json!({"type": "about:blank", "status": 429, "code": code, "metadata": metadata});
        ResponseError::from_parts(429, None, body.to_string().as_bytes())
    };
    // Another code, or one this client does not know: no typed fields, but
    // the map is there.
    let other = problem("rate_limited_v2", json!({"limit": 5, "window_seconds": 1}));
    assert_eq!(other.code(), None);
    assert_eq!(other.details::<details::RateLimited>(), None);
    assert_eq!(other.metadata().unwrap()["limit"], 5);
    // A field missing, of another type, or out of range: none either.
    for metadata in [
        json!({"limit": 5}),
        json!({"limit": "five", "window_seconds": 1}),
        json!({"limit": 5.5, "window_seconds": 1}),
        json!({"limit": u64::MAX, "window_seconds": 1}),
        json!({"limit": null, "window_seconds": 1}),
    ] {
        let error = problem("rate_limited", metadata.clone());
        assert_eq!(error.details::<details::RateLimited>(), None, "{metadata}");
        assert_eq!(error.metadata(), metadata.as_object());
    }
    // Integers sent as their decimal strings (as over gRPC) read as integers,
    // and fields the catalog does not declare are ignored.
    let stringly = problem(
        "rate_limited",
        json!({"limit": "5", "window_seconds": 1, "region": "eu"}),
    );
    assert_eq!(
        stringly.details::<details::RateLimited>(),
        Some(details::RateLimited {
            limit: 5,
            window_seconds: 1
        })
    );
    // No metadata at all, and a body that is no JSON.
    assert_eq!(
        problem("rate_limited", Value::Null).details::<details::RateLimited>(),
        None
    );
    let garbage = ResponseError::from_parts(429, None, b"{\"code\": \"rate_limited\", \"metad");
    assert_eq!(garbage.details::<details::RateLimited>(), None);
}

#[test]
fn integers_round_trip_within_what_every_client_reads() {
    let max = errors_runtime::details::MAX_INTEGER;
    for (limit, window_seconds) in [(-max, max), (0, -1)] {
        let sent = details::RateLimited {
            limit,
            window_seconds,
        };
        let error = ApiError::from(sent.clone());
        assert_eq!(read(&error).details::<details::RateLimited>(), Some(sent));
    }
    // Past 2^53 - 1 the value is sent as given, and read as the field by no
    // client, this one included: JavaScript could not hold it exactly.
    let past = ApiError::from(details::RateLimited {
        limit: max + 1,
        window_seconds: 1,
    });
    assert_eq!(past.metadata()["limit"], max + 1);
    assert_eq!(read(&past).details::<details::RateLimited>(), None);
}
