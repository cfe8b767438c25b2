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

/// Field paths with messages, in any order: what a body carries of them.
fn fields_by_path(fields: &[errors::FieldError]) -> std::collections::BTreeMap<&str, &[String]> {
    fields
        .iter()
        .map(|field| (field.path.as_str(), field.messages.as_slice()))
        .collect()
}

fn read_back(error: &ApiError) -> ResponseError {
    let body = error.body();
    assert!(body.len() <= errors::MAX_BODY_BYTES, "{} bytes", body.len());
    let retry_after = error.retry_after().map(|s| s.to_string());
    ResponseError::from_parts(error.status(), retry_after.as_deref(), &body)
}

#[test]
fn any_path_reads_back_as_written_in_both_formats() {
    let paths = [
        "request",
        "base",
        "request.id",
        "base.owner.name",
        "\\request",
        "\\\\x",
        "$.request",
        "$.items[2].qty",
        "$.",
        "$..a",
        "",
        ".a",
        "a.",
        "a..b",
        "parent",
        "parent.child",
        "parent.child.grandchild",
    ];
    for format in FORMATS {
        for detail in [None, Some("The request is wrong.")] {
            let mut error = ApiError::new(ErrorCode::InvalidValueType).with_format(format);
            if let Some(detail) = detail {
                error = error.with_detail(detail);
            }
            for path in paths {
                error = error
                    .with_field_error(path, format!("{path} is wrong."))
                    .with_field_error(path, "Twice.");
            }
            let read = read_back(&error);
            assert_eq!(read.detail(), detail, "{format:?}");
            assert_eq!(
                fields_by_path(read.field_errors()),
                fields_by_path(error.field_errors()),
                "{format:?}: {}",
                String::from_utf8_lossy(&error.body())
            );
        }
    }
}

#[test]
fn the_envelope_reads_a_detail_equal_to_the_codes_message_as_none() {
    let code = ErrorCode::InvalidJson;
    for detail in [None, Some(code.message())] {
        let mut error = ApiError::new(code).with_format(Format::Envelope);
        if let Some(detail) = detail {
            error = error.with_detail(detail);
        }
        assert_eq!(read_back(&error).detail(), None);
        assert_eq!(
            read_back(&error.with_format(Format::Problem)).detail(),
            detail
        );
    }
}

/// Runs `work` on a thread with the stack of a tokio worker (2 MiB).
fn on_a_worker_stack(work: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(work)
        .unwrap()
        .join()
        .expect("finished without overflowing its stack");
}

#[test]
fn a_path_of_any_depth_is_written_dropped_and_read_on_a_worker_stack() {
    on_a_worker_stack(|| {
        for format in FORMATS {
            // Too long for any body: left out, the rest still sent.
            let too_long = ".".repeat(100_000);
            let error = ApiError::new(ErrorCode::InvalidValueType)
                .with_field_error(too_long, "Too deep.")
                .with_format(format);
            let read = read_back(&error);
            drop(error);
            assert_eq!(read.code(), Some(ErrorCode::InvalidValueType));
            assert_eq!(read.field_errors(), []);

            // Deep, and within the limits: read back whole.
            let deep = "a.".repeat(10_000) + "z";
            let below = deep.clone() + ".below";
            let error = ApiError::new(ErrorCode::InvalidValueType)
                .with_field_error(deep.clone(), "Deep.")
                .with_field_error(below.clone(), "Below.")
                .with_format(format);
            let read = read_back(&error);
            drop(error);
            let paths: Vec<&str> = read
                .field_errors()
                .iter()
                .map(|f| f.path.as_str())
                .collect();
            assert!(paths == [deep.as_str(), below.as_str()], "{format:?}");
        }
    });
}

#[test]
fn retry_after_is_capped_on_both_sides() {
    let day = errors::MAX_RETRY_AFTER;
    assert_eq!(day, Duration::from_secs(86_400));
    for wait in [
        Duration::MAX,
        Duration::from_secs(u64::MAX),
        day + Duration::from_nanos(1),
    ] {
        let error = ApiError::new(ErrorCode::RateLimited).with_retry_after(wait);
        assert_eq!(error.retry_after(), Some(day.as_secs()), "{wait:?}");
    }
    let read = |value: &str| ResponseError::from_parts(503, Some(value), b"").retry_after();
    assert_eq!(read("18446744073709551616"), Some(day));
    assert_eq!(read(&"9".repeat(1000)), Some(day));
    assert_eq!(read("86401"), Some(day));
    assert_eq!(read("Fri, 31 Dec 9999 23:59:59 GMT"), Some(day));
    assert_eq!(read("\t7 "), Some(Duration::from_secs(7)));
    assert_eq!(read("007"), Some(Duration::from_secs(7)));
    for invalid in ["+5", "-0", "5.0", "0x10", "1e3", "5 s", "", " ", "\u{0665}"] {
        assert_eq!(read(invalid), None, "{invalid:?}");
    }
}

#[test]
fn bodies_fit_the_clients_limit_and_keep_their_code() {
    // 70 KB, and more once escaped.
    let detail = "é\"\n".repeat(70_000 / 4);
    let with_fields = |format: Format, paths: &mut dyn Iterator<Item = String>| {
        paths.fold(
            ApiError::new(ErrorCode::InvalidValueType)
                .with_metadata("limit", 100)
                .with_format(format),
            |error, path| error.with_field_error(path, "Wrong."),
        )
    };
    // Short in the envelope, where they share their first key; long as paths.
    let long_key = "k".repeat(30_000);
    for format in FORMATS {
        let error = ApiError::new(ErrorCode::InvalidJson)
            .with_detail(detail.clone())
            .with_field_error("name", "Missing.")
            .with_metadata("limit", 100)
            .with_trace_id("t".repeat(100))
            .with_format(format);
        let read = read_back(&error);
        assert_eq!(read.code(), Some(ErrorCode::InvalidJson), "{format:?}");
        assert_eq!(read.trace_id(), Some(error.trace_id()));
        let cut = read.detail().unwrap();
        assert!(cut.len() > 10_000 && cut.ends_with('…'), "{}", cut.len());
        assert!(detail.starts_with(cut.trim_end_matches('…')));
        assert_eq!(read.field_errors(), error.field_errors());
        assert_eq!(read.metadata(), Some(error.metadata()));

        let many = with_fields(format, &mut (0..10_000).map(|i| format!("items[{i}].name")));
        let read = read_back(&many);
        assert_eq!(read.code(), Some(ErrorCode::InvalidValueType));
        let kept = read.field_errors().len();
        assert!(kept > 100 && kept < 10_000, "{format:?}: {kept}");
        assert_eq!(read.metadata(), Some(many.metadata()));

        let shared = with_fields(format, &mut (0..500).map(|i| format!("{long_key}.{i}")));
        let read = read_back(&shared);
        assert_eq!(read.code(), Some(ErrorCode::InvalidValueType));
        let kept = read.field_errors();
        assert!(
            !kept.is_empty() && kept.len() < 500,
            "{format:?}: {}",
            kept.len()
        );
        let total: usize = kept.iter().map(|field| field.path.len()).sum();
        assert!(total <= errors::MAX_BODY_BYTES);
        // Fields are left out whole, from the last: the rest read back as sent.
        assert_eq!(kept, &shared.field_errors()[..kept.len()]);
    }
}

#[test]
fn log_lines_show_control_characters_escaped() {
    let error = ApiError::new(ErrorCode::InvalidJson)
        .with_detail("bad\r\n2024-01-01 INFO forged\u{1b}[2J\u{2028}\\n")
        .with_trace_id("t1\nforged");
    let line = error.to_string();
    assert!(!line.contains(|c: char| c.is_control()), "{line}");
    assert!(
        line.contains(r"detail: bad\r\n2024-01-01 INFO forged\u{1b}[2J\u{2028}\\n"),
        "{line}"
    );
    assert!(line.ends_with(r"[trace_id t1\nforged]"), "{line}");
    let body = br#"{"code":"invalid_json","detail":"a\nb"}"#;
    let read = ResponseError::from_parts(400, None, body).to_string();
    assert!(read.ends_with(r": a\nb"), "{read}");
}

#[test]
fn members_of_other_types_are_read_past_and_escaped_texts_are_decoded() {
    let body = br#"{"title":{"a":[1,{"b":null}]},"detail":[1,2.5],"trace_id":true,"status":null,
        "code":"rate_limited","metadata":5,"errors":"x"}"#;
    let read = ResponseError::from_parts(429, None, body);
    assert_eq!(read.code(), Some(ErrorCode::RateLimited));
    assert_eq!(read.wire_code(), Some("rate_limited"));
    assert_eq!(
        (read.title(), read.detail(), read.trace_id()),
        (None, None, None)
    );
    assert_eq!((read.metadata(), read.field_errors()), (None, &[][..]));

    let body =
        br#"{"code":"rate_\u006cimited","title":"T\"1\"","detail":"a\nb \u00e9","trace_id":"t"}"#;
    let read = ResponseError::from_parts(429, None, body);
    assert_eq!(read.code(), Some(ErrorCode::RateLimited));
    assert_eq!(read.wire_code(), Some("rate_limited"));
    assert_eq!(read.title(), Some("T\"1\""));
    assert_eq!(read.detail(), Some("a\nb é"));
    assert_eq!(read.trace_id(), Some("t"));

    // Not UTF-8, even in a member nobody reads: not JSON, so not read, as
    // every client does (clients/conformance/).
    let read =
        ResponseError::from_parts(429, None, b"{\"type\":\"\xff\",\"code\":\"rate_limited\"}");
    assert_eq!((read.code(), read.wire_code()), (None, None));
    assert!(read.retryable());
}
