//! Error responses: the bodies the server sends, and the client reading them
//! back, whatever arrives.

use errors::{ApiError, ErrorClass, ErrorCode, Format, ResponseError};
use serde_json::{Value, json};
use std::time::Duration;

const FORMATS: [Format; 2] = [Format::Problem, Format::Envelope];
const INTERNAL: &str = "connection reset by peer at 10.0.0.7:5432";

fn body_json(error: &ApiError) -> Value {
    serde_json::from_slice(&error.body()).expect("a JSON body")
}

fn golden(error: ApiError) -> String {
    // The bytes as sent: member order is part of the format.
    String::from_utf8(error.body()).unwrap()
}

#[test]
fn golden_bodies_in_both_formats() {
    for format in FORMATS {
        let name = |code: &str| {
            format!(
                "{code}_{}",
                match format {
                    Format::Problem => "problem",
                    Format::Envelope => "envelope",
                }
            )
        };
        insta::assert_snapshot!(
            name("invalid_json"),
            golden(
                ApiError::new(ErrorCode::InvalidJson)
                    .with_detail("Invalid parameter $.legal_name at line 1")
                    .with_trace_id("91b9d777cf66a0c20a25ae59d24d4ce4")
                    .with_format(format)
            )
        );
        insta::assert_snapshot!(
            name("invalid_value_type"),
            golden(
                ApiError::new(ErrorCode::InvalidValueType)
                    .with_field_error("legal_name", "The legal_name field is required")
                    .with_field_error("address.city", "Must not be empty.")
                    .with_field_error("address.zip", "Must be 5 digits.")
                    .with_field_error("$.items[2].qty", "Must be positive.")
                    .with_field_error("$.items[2].qty", "Must be a whole number.")
                    .with_trace_id("ae3c4bd470e1d843e25d93201a501073")
                    .with_format(format)
            )
        );
        insta::assert_snapshot!(
            name("rate_limited"),
            golden(
                ApiError::new(ErrorCode::RateLimited)
                    .with_metadata("limit", 100)
                    .with_metadata("window", "1m")
                    .with_retry_after(Duration::from_secs(30))
                    .with_trace_id("c5d9f46c1f8c4b3b9e9a2c3d4f8f6e2d")
                    .with_format(format)
            )
        );
        insta::assert_snapshot!(
            name("idempotency_key_in_progress"),
            golden(
                ApiError::new(ErrorCode::IdempotencyKeyInProgress)
                    .about_resource()
                    .with_detail("The first request with this key started 2 s ago.")
                    .with_trace_id("12a4f7a2b5e84d98b7e6c7d9a1c4e8f9")
                    .with_format(format)
            )
        );
        insta::assert_snapshot!(
            name("server_error"),
            golden(
                ApiError::new(ErrorCode::ServerError)
                    .with_detail(INTERNAL)
                    .with_field_error("secret", INTERNAL)
                    .with_metadata("host", INTERNAL)
                    .with_source(std::io::Error::other(INTERNAL))
                    .with_trace_id("69d92eb43c494c22c915bef11eb3989e")
                    .with_format(format)
            )
        );
    }
}

#[test]
fn server_errors_never_carry_internal_text_but_always_a_trace_id() {
    let server_codes: Vec<ErrorCode> = ErrorCode::ALL
        .iter()
        .copied()
        .filter(|c| c.status() >= 500)
        .collect();
    assert!(!server_codes.is_empty());
    for code in server_codes {
        for format in FORMATS {
            let error = ApiError::new(code)
                .with_detail(INTERNAL)
                .with_field_error("query", INTERNAL)
                .with_metadata("host", INTERNAL)
                .with_source(std::io::Error::other(INTERNAL))
                .with_format(format);
            let body = String::from_utf8(error.body()).unwrap();
            assert!(!body.contains("10.0.0.7"), "{code} {format:?}: {body}");
            assert!(body.contains(error.trace_id()), "{code} {format:?}: {body}");
            assert_eq!(error.trace_id().len(), 32);
            // The log line keeps what the response hides.
            assert!(error.to_string().contains(INTERNAL));
            assert!(error.to_string().contains(error.trace_id()));
            let source = std::error::Error::source(&error).expect("a source");
            assert_eq!(source.to_string(), INTERNAL);
        }
    }
}

#[test]
fn generated_trace_ids_differ() {
    let a = ApiError::new(ErrorCode::ServerError);
    let b = ApiError::new(ErrorCode::ServerError);
    assert_ne!(a.trace_id(), b.trace_id());
    assert!(a.trace_id().bytes().all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn problem_bodies_follow_rfc_9457() {
    let error = ApiError::new(ErrorCode::InvalidJson).with_detail("Unexpected end of input.");
    assert_eq!(error.content_type(), "application/problem+json");
    let body = body_json(&error);
    assert_eq!(
        body["type"],
        "https://docs.acme.example/errors#invalid_json"
    );
    assert_eq!(body["title"], ErrorCode::InvalidJson.title());
    assert_eq!(body["status"], 400);
    assert_eq!(body["code"], "invalid_json");
    assert_eq!(body["detail"], "Unexpected end of input.");
    assert_eq!(body["trace_id"], error.trace_id());
    assert!(
        body.get("errors").is_none(),
        "errors only with field errors"
    );
    let envelope = error.with_format(Format::Envelope);
    assert_eq!(envelope.content_type(), "application/json");
}

#[test]
fn retry_after_only_for_retryable_codes() {
    let wait = Duration::from_millis(1500);
    assert_eq!(
        ApiError::new(ErrorCode::RateLimited)
            .with_retry_after(wait)
            .retry_after(),
        Some(2)
    );
    assert_eq!(
        ApiError::new(ErrorCode::TemporarilyUnavailable)
            .with_retry_after(wait)
            .retry_after(),
        Some(2)
    );
    assert_eq!(
        ApiError::new(ErrorCode::InvalidJson)
            .with_retry_after(wait)
            .retry_after(),
        None
    );
}

#[test]
fn every_code_round_trips_through_the_client_in_both_formats() {
    for &code in ErrorCode::ALL {
        for format in FORMATS {
            let error = ApiError::new(code)
                .with_detail("This time it was different.")
                .with_field_error("contact.email", "Must contain an @.")
                .with_retry_after(Duration::from_secs(7))
                .with_format(format);
            let retry_after = error.retry_after().map(|s| s.to_string());
            let read =
                ResponseError::from_parts(error.status(), retry_after.as_deref(), &error.body());
            assert_eq!(read.code(), Some(code), "{code} {format:?}");
            assert_eq!(read.wire_code(), Some(code.as_str()));
            assert_eq!(read.format(), Some(format));
            assert_eq!(read.trace_id(), Some(error.trace_id()));
            assert_eq!(read.retryable(), code.retryable());
            assert_eq!(
                read.retry_after(),
                code.retryable().then(|| Duration::from_secs(7))
            );
            if code.status() < 500 {
                assert_eq!(read.detail(), Some("This time it was different."));
                assert_eq!(read.field_errors(), error.field_errors());
            } else {
                assert_eq!(read.field_errors(), []);
            }
        }
    }
}

#[test]
fn unknown_codes_fall_back_to_the_status_class() {
    let cases = [
        (400, ErrorClass::Client, false),
        (404, ErrorClass::Client, false),
        (409, ErrorClass::Client, false),
        (422, ErrorClass::Client, false),
        (429, ErrorClass::RateLimited, true),
        (500, ErrorClass::Server, false),
        (501, ErrorClass::Server, false),
        (502, ErrorClass::Server, true),
        (503, ErrorClass::Server, true),
        (504, ErrorClass::Server, true),
        (200, ErrorClass::NotAnError, false),
    ];
    for (status, class, retryable) in cases {
        for body in [
            json!({"type": "about:blank", "title": "New", "status": status, "code": "brand_new_code"}),
            json!({"errors": [{"error_key": "request", "category": "brand_new_code", "message": "New."}]}),
        ] {
            let read = ResponseError::from_parts(status, None, body.to_string().as_bytes());
            assert_eq!(read.code(), None);
            assert_eq!(read.wire_code(), Some("brand_new_code"));
            assert_eq!(read.class(), class, "{status}");
            assert_eq!(read.retryable(), retryable, "{status}");
        }
    }
    // A Retry-After makes an unknown code retryable whatever its status.
    let read = ResponseError::from_parts(500, Some("10"), br#"{"code":"brand_new_code"}"#);
    assert!(read.retryable());
    assert_eq!(read.retry_after(), Some(Duration::from_secs(10)));
}

#[test]
fn malformed_bodies_are_still_classified_by_status() {
    let deep = "[".repeat(100_000);
    let deep_object = format!("{}{}", r#"{"code":"#.repeat(10_000), "1");
    let huge = format!(
        r#"{{"code":"rate_limited","detail":"{}"}}"#,
        "x".repeat(errors::MAX_BODY_BYTES)
    );
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("whitespace", b"  \n\t ".to_vec()),
        ("not JSON", b"Service Unavailable".to_vec()),
        (
            "HTML",
            b"<html><body><h1>502 Bad Gateway</h1></body></html>".to_vec(),
        ),
        (
            "truncated",
            br#"{"type":"about:blank","code":"rate_li"#.to_vec(),
        ),
        (
            "trailing garbage",
            br#"{"code":"rate_limited"} trailing"#.to_vec(),
        ),
        ("null", b"null".to_vec()),
        ("array", br#"["rate_limited"]"#.to_vec()),
        ("string", br#""rate_limited""#.to_vec()),
        ("number", b"429".to_vec()),
        ("code of the wrong type", br#"{"code":429}"#.to_vec()),
        (
            "errors of the wrong type",
            br#"{"errors":"rate_limited"}"#.to_vec(),
        ),
        (
            "entries of the wrong type",
            br#"{"errors":[1,"a",null,{"category":5}]}"#.to_vec(),
        ),
        ("invalid UTF-8", b"{\"code\":\"rate_\xff\xfe\"}".to_vec()),
        ("deeply nested arrays", deep.into_bytes()),
        ("deeply nested objects", deep_object.into_bytes()),
        ("over the size limit", huge.into_bytes()),
        ("lone surrogate", br#"{"code":"\ud800"}"#.to_vec()),
    ];
    assert!(bodies.len() >= 10);
    for (kind, body) in &bodies {
        for status in [400, 429, 503] {
            let read = ResponseError::from_parts(status, Some("not a number"), body);
            assert_eq!(read.code(), None, "{kind}");
            assert_eq!(read.class(), ErrorClass::of(status), "{kind}");
            assert_eq!(read.retryable(), status != 400, "{kind}");
            assert_eq!(read.retry_after(), None, "{kind}");
            assert!(!read.to_string().is_empty());
        }
    }
}

#[test]
fn retry_after_reads_seconds_and_dates() {
    let read = |value: &str| ResponseError::from_parts(503, Some(value), b"").retry_after();
    assert_eq!(read("120"), Some(Duration::from_secs(120)));
    assert_eq!(read(" 5 "), Some(Duration::from_secs(5)));
    assert_eq!(read("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
    let later = std::time::SystemTime::now() + Duration::from_secs(3600);
    let wait = read(&httpdate::fmt_http_date(later)).unwrap();
    assert!(
        wait > Duration::from_secs(3000) && wait <= Duration::from_secs(3600),
        "{wait:?}"
    );
    assert_eq!(read("soon"), None);
    assert_eq!(read("-1"), None);
}

#[test]
fn headers_are_found_in_any_case() {
    let headers: [(&str, &[u8]); 2] =
        [("content-type", b"application/json"), ("RETRY-AFTER", b"9")];
    let read = ResponseError::from_response(429, headers, br#"{"code":"rate_limited"}"#);
    assert_eq!(read.retry_after(), Some(Duration::from_secs(9)));
    assert_eq!(read.code(), Some(ErrorCode::RateLimited));
}
