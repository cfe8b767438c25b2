//! The conformance corpus of `clients/conformance/`: responses, the bodies
//! written by the runtime itself, each with the parse every client must
//! give. The TypeScript, Python and Go parsers run the same corpus (their
//! tests in `tests/client_*.rs`); this test writes it, fails when the
//! committed one is stale, and runs `ResponseError` over every case.
//!
//! Refresh with `BLESS=1 cargo test --test conformance`.

use errors::{ApiError, ErrorClass, ErrorCode, Format, MAX_BODY_BYTES, ResponseError, details};
use errors_runtime::wire::{self, Body, FieldError, Subject};
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;

const REFRESH: &str = "BLESS=1 cargo test --test conformance";

/// One response and the parse it must give.
struct Case {
    /// Also the name of its body's file under `bodies/`.
    name: String,
    status: u16,
    retry_after: Option<String>,
    body: Vec<u8>,
    expected: Expected,
}

/// What a client's parser reads from a response, member by member.
#[derive(Clone, Debug, PartialEq)]
struct Expected {
    code: Option<String>,
    wire_code: Option<String>,
    error_class: &'static str,
    retryable: bool,
    retry_after_seconds: Option<u64>,
    format: Option<&'static str>,
    title: Option<String>,
    detail: Option<String>,
    trace_id: Option<String>,
    field_errors: Vec<(String, Vec<String>)>,
    metadata: Option<Map<String, Value>>,
    /// For a known code with fields: their values, typed, in catalog order,
    /// or `None` when the metadata does not read; left out for other codes.
    details: Option<Option<Vec<Value>>>,
}

impl Expected {
    /// What is left of a response whose body cannot be read: its status and
    /// `Retry-After`.
    fn unreadable(status: u16, retry_after_seconds: Option<u64>) -> Expected {
        Expected {
            code: None,
            wire_code: None,
            error_class: class_name(ErrorClass::of(status)),
            retryable: errors_runtime::retryable_by_default(status)
                || retry_after_seconds.is_some(),
            retry_after_seconds,
            format: None,
            title: None,
            detail: None,
            trace_id: None,
            field_errors: Vec::new(),
            metadata: None,
            details: None,
        }
    }

    /// With `details` as the code and metadata give them.
    fn with_details(mut self) -> Expected {
        self.details = typed_fields(self.code.as_deref(), self.metadata.as_ref());
        self
    }

    /// A body that carried `wire_code`, known to the catalog or not.
    fn with_code(mut self, wire_code: &str) -> Expected {
        let code = ErrorCode::from_code(wire_code);
        self.code = code.map(|code| code.as_str().to_owned());
        self.wire_code = Some(wire_code.to_owned());
        if let Some(code) = code {
            self.retryable = code.retryable();
        }
        self
    }

    fn to_json(&self) -> Value {
        let mut value = json!({
            "code": self.code,
            "wire_code": self.wire_code,
            "error_class": self.error_class,
            "retryable": self.retryable,
            "retry_after_seconds": self.retry_after_seconds,
            "format": self.format,
            "title": self.title,
            "detail": self.detail,
            "trace_id": self.trace_id,
            "field_errors": self.field_errors.iter().map(|(path, messages)| {
                json!({ "path": path, "messages": messages })
            }).collect::<Vec<_>>(),
            "metadata": self.metadata,
        });
        if let (Some(details), Value::Object(members)) = (&self.details, &mut value) {
            members.insert("details".to_owned(), json!(details));
        }
        value
    }

    /// What the Rust runtime read.
    fn observed(error: &ResponseError) -> Expected {
        Expected {
            code: error.code().map(|code| code.as_str().to_owned()),
            wire_code: error.wire_code().map(str::to_owned),
            error_class: class_name(error.class()),
            retryable: error.retryable(),
            retry_after_seconds: error.retry_after().map(|wait| wait.as_secs()),
            format: error.format().map(format_name),
            title: error.title().map(str::to_owned),
            detail: error.detail().map(str::to_owned),
            trace_id: error.trace_id().map(str::to_owned),
            field_errors: error
                .field_errors()
                .iter()
                .map(|field| (field.path.clone(), field.messages.clone()))
                .collect(),
            metadata: error.metadata().cloned(),
            details: None,
        }
        .with_details()
    }
}

fn class_name(class: ErrorClass) -> &'static str {
    match class {
        ErrorClass::Client => "client",
        ErrorClass::RateLimited => "rate_limited",
        ErrorClass::Server => "server",
        ErrorClass::NotAnError => "not_an_error",
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Problem => "problem",
        Format::Envelope => "envelope",
    }
}

/// Field errors in the order a body lists them; their nesting (dots) makes
/// nested entries in the envelope.
fn field_errors() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        (
            "email",
            vec!["must be an email address", "must not be empty"],
        ),
        ("address.city", vec!["is required"]),
        ("address.zip", vec!["must be 5 digits, not \"1234\""]),
        ("$.items[2].qty", vec!["must be at least 1"]),
    ]
}

fn metadata() -> Map<String, Value> {
    let Value::Object(map) = json!({
        "limit": 100,
        "plan": "free",
        "ratio": 0.25,
        "flags": [true, false, null],
        "nested": { "a": { "b": "ç \u{1F600}" } },
    }) else {
        unreachable!()
    };
    map
}

const DETAIL: &str = "Line 1 of \"the detail\"\n\ttabbed, with é, ✓, \u{1F600} and \\ a backslash";

/// Every code of the catalog, in both formats, with everything a body can
/// carry; 5xx bodies leave out what a server must not send.
fn known_codes(cases: &mut Vec<Case>) {
    for (index, &code) in ErrorCode::ALL.iter().enumerate() {
        for format in [Format::Problem, Format::Envelope] {
            let trace_id = format!("trace-{index:04}");
            let mut error = ApiError::new(code)
                .with_format(format)
                .with_detail(DETAIL)
                .with_trace_id(trace_id.clone())
                .with_retry_after(Duration::from_secs(30));
            for (path, messages) in field_errors() {
                for message in messages {
                    error = error.with_field_error(path, message);
                }
            }
            for (key, value) in metadata() {
                error = error.with_metadata(key, value);
            }
            let retry_after = error.retry_after().map(|seconds| seconds.to_string());
            let details = code.status() < 500;
            let mut fields: Vec<(String, Vec<String>)> = field_errors()
                .into_iter()
                .map(|(path, messages)| {
                    (
                        path.to_owned(),
                        messages.into_iter().map(str::to_owned).collect(),
                    )
                })
                .collect();
            if format == Format::Problem {
                fields.sort();
            }
            let expected = Expected {
                format: Some(format_name(format)),
                title: (format == Format::Problem).then(|| code.title().to_owned()),
                detail: details.then(|| DETAIL.to_owned()),
                trace_id: Some(trace_id),
                field_errors: if details { fields } else { Vec::new() },
                metadata: details.then(metadata),
                ..Expected::unreadable(code.status(), error.retry_after())
            }
            .with_code(code.as_str());
            cases.push(Case {
                name: format!("known-{}-{}", format_name(format), code.as_str()),
                status: code.status(),
                retry_after,
                body: error.body(),
                expected,
            });
        }
        // The least a body says: no detail, no fields, no metadata.
        let error = ApiError::new(code).with_trace_id("t");
        cases.push(Case {
            name: format!("bare-{}", code.as_str()),
            status: code.status(),
            retry_after: None,
            body: error.body(),
            expected: Expected {
                format: Some(format_name(error.format())),
                title: (error.format() == Format::Problem).then(|| code.title().to_owned()),
                trace_id: Some("t".to_owned()),
                ..Expected::unreadable(code.status(), None)
            }
            .with_code(code.as_str()),
        });
    }
}

/// A body the runtime writes for a code the catalog does not have.
fn unknown_body(code: &str, status: u16, format: Format, subject: Subject) -> Vec<u8> {
    let fields = [FieldError {
        path: "name".to_owned(),
        messages: vec!["is taken".to_owned()],
    }];
    let body = Body {
        code,
        status,
        title: "Something new",
        message: "A code this client has not seen.",
        type_url: "https://docs.example/errors#new",
        detail: Some("More about it."),
        fields: &fields,
        metadata: None,
        trace_id: Some("unknown-trace"),
        subject,
    };
    let mut out = Vec::new();
    wire::write(&body, format, errors::CODE_MEMBER, &mut out);
    out
}

/// Codes this client does not know, under every class of status.
fn unknown_codes(cases: &mut Vec<Case>) {
    for status in [
        400, 401, 404, 409, 422, 429, 500, 501, 502, 503, 504, 599, 200, 302,
    ] {
        for format in [Format::Problem, Format::Envelope] {
            let details = status < 500;
            let expected = Expected {
                format: Some(format_name(format)),
                title: (format == Format::Problem).then(|| "Something new".to_owned()),
                // A 5xx envelope's entry carries the code's message, which
                // a client that does not know the code takes for detail.
                detail: Some(if details {
                    "More about it."
                } else {
                    "A code this client has not seen."
                })
                .filter(|_| details || format == Format::Envelope)
                .map(str::to_owned),
                trace_id: Some("unknown-trace".to_owned()),
                field_errors: if details {
                    vec![("name".to_owned(), vec!["is taken".to_owned()])]
                } else {
                    Vec::new()
                },
                ..Expected::unreadable(status, None)
            }
            .with_code("shard_moving");
            cases.push(Case {
                name: format!("unknown-{}-{status}", format_name(format)),
                status,
                retry_after: None,
                body: unknown_body("shard_moving", status, format, Subject::Request),
                expected,
            });
        }
    }
    // `Retry-After` makes an unknown code retryable under any status.
    cases.push(Case {
        name: "unknown-problem-400-retry-after".to_owned(),
        status: 400,
        retry_after: Some("10".to_owned()),
        body: unknown_body("shard_moving", 400, Format::Problem, Subject::Request),
        expected: Expected {
            format: Some("problem"),
            title: Some("Something new".to_owned()),
            detail: Some("More about it.".to_owned()),
            trace_id: Some("unknown-trace".to_owned()),
            field_errors: vec![("name".to_owned(), vec!["is taken".to_owned()])],
            ..Expected::unreadable(400, Some(10))
        }
        .with_code("shard_moving"),
    });
    // An envelope about the resource (`base`) rather than the request.
    cases.push(Case {
        name: "unknown-envelope-base".to_owned(),
        status: 409,
        retry_after: None,
        body: unknown_body("shard_moving", 409, Format::Envelope, Subject::Base),
        expected: Expected {
            format: Some("envelope"),
            detail: Some("More about it.".to_owned()),
            trace_id: Some("unknown-trace".to_owned()),
            field_errors: vec![("name".to_owned(), vec!["is taken".to_owned()])],
            ..Expected::unreadable(409, None)
        }
        .with_code("shard_moving"),
    });
    // A code that differs from a known one only in case is not that code.
    let known = ErrorCode::ALL[0].as_str().to_ascii_uppercase();
    cases.push(Case {
        name: "unknown-upper-case-of-known".to_owned(),
        status: 400,
        retry_after: None,
        body: format!(r#"{{"{}":"{known}"}}"#, errors::CODE_MEMBER).into_bytes(),
        expected: Expected {
            format: Some("problem"),
            ..Expected::unreadable(400, None)
        }
        .with_code(&known),
    });
}

/// `Retry-After` in every form: seconds, HTTP dates in the three formats
/// HTTP allows, and values that are neither.
fn retry_after(cases: &mut Vec<Case>) {
    let values: [(&str, &str, Option<u64>); 16] = [
        ("seconds", "30", Some(30)),
        ("zero", "0", Some(0)),
        ("padded", " \t45\t ", Some(45)),
        ("over-a-day", "86401", Some(86_400)),
        ("overflow", "99999999999999999999999999", Some(86_400)),
        ("negative", "-5", None),
        ("fraction", "1.5", None),
        ("empty", "", None),
        ("words", "soon", None),
        ("plus-sign", "+30", None),
        ("date-future", "Sun, 06 Nov 2095 08:49:37 GMT", Some(86_400)),
        ("date-past", "Sun, 06 Nov 1994 08:49:37 GMT", Some(0)),
        (
            "date-rfc850-past",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            Some(0),
        ),
        ("date-asctime-past", "Sun Nov  6 08:49:37 1994", Some(0)),
        (
            "date-asctime-future",
            "Sun Nov  6 08:49:37 2095",
            Some(86_400),
        ),
        ("date-not-gmt", "Sun, 06 Nov 2095 08:49:37 PST", None),
    ];
    for (name, value, seconds) in values {
        // A known code that is not retryable: the catalog decides.
        let known = ErrorCode::ALL
            .iter()
            .copied()
            .find(|code| !code.retryable() && code.status() == 400)
            .expect("a 400 code that is not retryable");
        cases.push(Case {
            name: format!("retry-after-known-{name}"),
            status: 400,
            retry_after: Some(value.to_owned()),
            body: format!(r#"{{"{}":"{}"}}"#, errors::CODE_MEMBER, known.as_str()).into_bytes(),
            expected: Expected {
                format: Some("problem"),
                ..Expected::unreadable(400, seconds)
            }
            .with_code(known.as_str()),
        });
        // No body: the status and the header decide.
        cases.push(Case {
            name: format!("retry-after-no-body-{name}"),
            status: 400,
            retry_after: Some(value.to_owned()),
            body: Vec::new(),
            expected: Expected::unreadable(400, seconds),
        });
    }
}

/// Bodies that are not error responses at all; each still classified.
fn malformed(cases: &mut Vec<Case>) {
    let member = errors::CODE_MEMBER;
    let problem = ApiError::new(ErrorCode::ALL[0])
        .with_format(Format::Problem)
        .with_detail("cut")
        .with_trace_id("t")
        .body();
    let envelope = ApiError::new(ErrorCode::ALL[0])
        .with_format(Format::Envelope)
        .with_detail("cut")
        .with_field_error("a.b", "c")
        .with_trace_id("t")
        .body();
    let valid = format!(r#"{{"{member}":"shard_moving"}}"#);
    let nested = |depth: usize| {
        format!(
            r#"{{"{member}":"shard_moving","deep":{}0{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        )
    };
    let padded = |length: usize| {
        let mut body = valid.clone().into_bytes();
        body.splice(1..1, std::iter::repeat_n(b' ', length - valid.len()));
        body
    };
    let mut bodies: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("whitespace", b" \r\n\t ".to_vec()),
        ("text", b"Internal Server Error".to_vec()),
        (
            "html",
            b"<html><body>502 Bad Gateway</body></html>".to_vec(),
        ),
        ("json-null", b"null".to_vec()),
        ("json-true", b"true".to_vec()),
        ("json-number", b"400".to_vec()),
        (
            "json-string",
            format!("\"{}\"", ErrorCode::ALL[0]).into_bytes(),
        ),
        (
            "json-array",
            format!(r#"[{{"{member}":"shard_moving"}}]"#).into_bytes(),
        ),
        (
            "truncated-problem-half",
            problem[..problem.len() / 2].to_vec(),
        ),
        (
            "truncated-problem-last-byte",
            problem[..problem.len() - 1].to_vec(),
        ),
        (
            "truncated-envelope",
            envelope[..envelope.len() - 3].to_vec(),
        ),
        (
            "truncated-in-escape",
            format!(r#"{{"{member}":"a\u00"#).into_bytes(),
        ),
        ("trailing-garbage", format!("{valid} x").into_bytes()),
        ("two-objects", format!("{valid}{valid}").into_bytes()),
        (
            "single-quotes",
            format!("{{'{member}':'shard_moving'}}").into_bytes(),
        ),
        (
            "comment",
            format!(r#"{{"{member}":"shard_moving" /* c */}}"#).into_bytes(),
        ),
        (
            "trailing-comma",
            format!(r#"{{"{member}":"shard_moving",}}"#).into_bytes(),
        ),
        (
            "nan",
            format!(r#"{{"{member}":"shard_moving","n":NaN}}"#).into_bytes(),
        ),
        (
            "number-out-of-range",
            format!(r#"{{"{member}":"shard_moving","n":1e400}}"#).into_bytes(),
        ),
        (
            "number-out-of-range-in-metadata",
            format!(r#"{{"{member}":"shard_moving","metadata":{{"n":-1e400}}}}"#).into_bytes(),
        ),
        (
            "too-deep-in-metadata",
            format!(
                r#"{{"{member}":"shard_moving","metadata":{{"a":{}0{}}}}}"#,
                "[".repeat(126),
                "]".repeat(126)
            )
            .into_bytes(),
        ),
        (
            "raw-newline-in-string",
            format!("{{\"{member}\":\"shard\nmoving\"}}").into_bytes(),
        ),
        (
            "raw-control-in-string",
            format!("{{\"{member}\":\"shard\u{1}moving\"}}").into_bytes(),
        ),
        (
            "lone-surrogate",
            format!(r#"{{"{member}":"shard_moving","detail":"\ud800"}}"#).into_bytes(),
        ),
        (
            "lone-surrogate-skipped",
            format!(r#"{{"{member}":"shard_moving","x":"\udc00"}}"#).into_bytes(),
        ),
        (
            "bad-escape",
            format!(r#"{{"{member}":"shard_moving","detail":"\q"}}"#).into_bytes(),
        ),
        ("bom", [&b"\xEF\xBB\xBF"[..], valid.as_bytes()].concat()),
        (
            "invalid-utf8-in-code",
            [
                format!(r#"{{"{member}":"shard"#).as_bytes(),
                b"\xff",
                br#""}"#,
            ]
            .concat(),
        ),
        (
            "invalid-utf8-skipped",
            [
                format!(r#"{{"{member}":"shard_moving","x":""#).as_bytes(),
                b"\xc3\x28",
                br#""}"#,
            ]
            .concat(),
        ),
        (
            "overlong-utf8",
            [
                format!(r#"{{"{member}":"shard_moving","x":""#).as_bytes(),
                b"\xc0\xaf",
                br#""}"#,
            ]
            .concat(),
        ),
        (
            "utf16",
            valid.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        ),
        ("too-deep", nested(200).into_bytes()),
        ("too-deep-by-one", nested(127).into_bytes()),
        ("over-the-size-limit", padded(MAX_BODY_BYTES + 1)),
    ];
    for (name, body) in bodies.drain(..) {
        for status in [400, 503] {
            cases.push(Case {
                name: format!("malformed-{name}-{status}"),
                status,
                retry_after: None,
                body: body.clone(),
                expected: Expected::unreadable(status, None),
            });
        }
    }
    // The limits' other side: still read.
    for (name, body) in [
        ("deep-within-the-limit", nested(126).into_bytes()),
        ("at-the-size-limit", padded(MAX_BODY_BYTES)),
    ] {
        cases.push(Case {
            name: name.to_owned(),
            status: 400,
            retry_after: None,
            body,
            expected: Expected {
                format: Some("problem"),
                ..Expected::unreadable(400, None)
            }
            .with_code("shard_moving"),
        });
    }
}

/// Bodies that are JSON objects but not quite what a server writes: members
/// of the wrong type are read past, duplicate members count once (the last).
fn odd_members(cases: &mut Vec<Case>) {
    let member = errors::CODE_MEMBER;
    let known = ErrorCode::ALL
        .iter()
        .copied()
        .find(|code| code.status() == 400)
        .expect("a 400 code");
    let code = known.as_str();
    let problem = || {
        Expected {
            format: Some("problem"),
            ..Expected::unreadable(400, None)
        }
        .with_code(code)
    };
    let unread = || Expected::unreadable(400, None);
    let envelope = || {
        Expected {
            format: Some("envelope"),
            ..Expected::unreadable(400, None)
        }
        .with_code(code)
    };
    let fields = |list: &[(&str, &[&str])]| -> Vec<(String, Vec<String>)> {
        list.iter()
            .map(|(path, messages)| {
                (
                    (*path).to_owned(),
                    messages.iter().map(|m| (*m).to_owned()).collect(),
                )
            })
            .collect()
    };
    let object = |value: Value| match value {
        Value::Object(map) => Some(map),
        _ => None,
    };
    let list: Vec<(&str, String, Expected)> = vec![
        ("empty-object", "{}".to_owned(), unread()),
        ("code-number", format!(r#"{{"{member}":400}}"#), unread()),
        ("code-null", format!(r#"{{"{member}":null}}"#), unread()),
        (
            "code-object",
            format!(r#"{{"{member}":{{"id":"{code}"}}}}"#),
            unread(),
        ),
        (
            "code-empty-string",
            format!(r#"{{"{member}":""}}"#),
            Expected {
                format: Some("problem"),
                ..unread()
            }
            .with_code(""),
        ),
        (
            "title-number",
            format!(r#"{{"{member}":"{code}","title":5}}"#),
            problem(),
        ),
        (
            "detail-object",
            format!(r#"{{"{member}":"{code}","detail":{{"a":1}}}}"#),
            problem(),
        ),
        (
            "trace-id-array",
            format!(r#"{{"{member}":"{code}","trace_id":["a"]}}"#),
            problem(),
        ),
        (
            "metadata-string",
            format!(r#"{{"{member}":"{code}","metadata":"x"}}"#),
            problem(),
        ),
        (
            "metadata-array",
            format!(r#"{{"{member}":"{code}","metadata":[1]}}"#),
            problem(),
        ),
        (
            "metadata-empty",
            format!(r#"{{"{member}":"{code}","metadata":{{}}}}"#),
            Expected {
                metadata: Some(Map::new()),
                ..problem()
            },
        ),
        (
            "errors-string",
            format!(r#"{{"{member}":"{code}","errors":"bad"}}"#),
            problem(),
        ),
        (
            "errors-array-in-problem",
            format!(r#"{{"{member}":"{code}","errors":[{{"category":"x"}}]}}"#),
            problem(),
        ),
        (
            "errors-messages-of-every-type",
            format!(
                r#"{{"{member}":"{code}","errors":{{"b":"one","a":["x",1,null,"y",{{}}],"c":5,"d":[]}}}}"#
            ),
            Expected {
                field_errors: fields(&[
                    ("a", &["x", "y"]),
                    ("b", &["one"]),
                    ("c", &[]),
                    ("d", &[]),
                ]),
                ..problem()
            },
        ),
        (
            "errors-paths-sorted-by-bytes",
            format!(
                r#"{{"{member}":"{code}","errors":{{"é":["1"],"z":["2"],"Z":["3"],"\u00e9":["4"],"😀":["5"],"\uffff":["6"]}}}}"#
            ),
            Expected {
                field_errors: fields(&[
                    ("Z", &["3"]),
                    ("z", &["2"]),
                    ("é", &["4"]),
                    ("\u{ffff}", &["6"]),
                    ("😀", &["5"]),
                ]),
                ..problem()
            },
        ),
        (
            "duplicate-code",
            format!(r#"{{"{member}":"shard_moving","{member}":"{code}"}}"#),
            problem(),
        ),
        (
            "duplicate-title-last-not-text",
            format!(r#"{{"{member}":"{code}","title":"a","title":5}}"#),
            problem(),
        ),
        (
            "duplicate-detail",
            format!(r#"{{"{member}":"{code}","detail":"a","detail":"b"}}"#),
            Expected {
                detail: Some("b".to_owned()),
                ..problem()
            },
        ),
        (
            "duplicate-field-paths",
            format!(r#"{{"{member}":"{code}","errors":{{"a":["1"],"a":["2"]}}}}"#),
            Expected {
                field_errors: fields(&[("a", &["2"])]),
                ..problem()
            },
        ),
        (
            "duplicate-metadata-keys",
            format!(r#"{{"{member}":"{code}","metadata":{{"k":1,"k":2}}}}"#),
            Expected {
                metadata: object(json!({"k": 2})),
                ..problem()
            },
        ),
        (
            "members-in-any-order",
            format!(
                r#"{{"trace_id":"t","detail":"d","title":"T","x":{{"y":[1,2,{{"z":null}}]}},"{member}":"{code}"}}"#
            ),
            Expected {
                title: Some("T".to_owned()),
                detail: Some("d".to_owned()),
                trace_id: Some("t".to_owned()),
                ..problem()
            },
        ),
        (
            "escaped-member-names",
            format!(r#"{{"\u0063ode":"{code}","d\u0065tail":"d"}}"#),
            if member == "code" {
                Expected {
                    detail: Some("d".to_owned()),
                    ..problem()
                }
            } else {
                unread()
            },
        ),
        (
            "envelope-entries-not-objects",
            r#"{"errors":[1,"x",null,[]]}"#.to_owned(),
            unread(),
        ),
        ("envelope-empty", r#"{"errors":[]}"#.to_owned(), unread()),
        (
            "envelope-category-number",
            r#"{"errors":[{"category":5,"message":"m"}]}"#.to_owned(),
            Expected {
                detail: Some("m".to_owned()),
                ..unread()
            },
        ),
        (
            "envelope-first-category-wins",
            format!(
                r#"{{"errors":[{{"category":"{code}","error_key":"a","message":"m"}},{{"category":"shard_moving","error_key":"b","message":"n"}}]}}"#
            ),
            Expected {
                field_errors: fields(&[("a", &["m"]), ("b", &["n"])]),
                ..envelope()
            },
        ),
        (
            "envelope-error-key-missing-is-request",
            format!(r#"{{"errors":[{{"category":"{code}","message":"d"}}]}}"#),
            Expected {
                detail: Some("d".to_owned()),
                ..envelope()
            },
        ),
        (
            "envelope-code-message-is-no-detail",
            format!(
                r#"{{"errors":[{{"category":"{code}","error_key":"request","message":{}}}]}}"#,
                json!(known.message())
            ),
            envelope(),
        ),
        (
            "envelope-base-and-escaped-keys",
            format!(
                r#"{{"errors":[{{"category":"{code}","error_key":"base","message":"d","metadata":{{"k":"v"}}}},{{"category":"{code}","error_key":"\\request","message":"f"}},{{"category":"{code}","error_key":"\\\\x","message":"g"}}]}}"#
            ),
            Expected {
                detail: Some("d".to_owned()),
                metadata: object(json!({"k": "v"})),
                field_errors: fields(&[("request", &["f"]), ("\\x", &["g"])]),
                ..envelope()
            },
        ),
        (
            "envelope-second-request-entry-ignored",
            format!(
                r#"{{"errors":[{{"category":"{code}","message":"first"}},{{"category":"{code}","error_key":"request","message":"second","metadata":{{"a":1}}}}]}}"#
            ),
            Expected {
                detail: Some("first".to_owned()),
                ..envelope()
            },
        ),
        (
            "envelope-nested-and-merged",
            format!(
                r#"{{"errors":[{{"category":"{code}","error_key":"a","errors":[{{"category":"{code}","error_key":"b","message":"1"}},{{"error_key":"request","message":"2"}}]}},{{"category":"{code}","error_key":"a.b","message":"3"}},{{"category":"{code}","error_key":"a","errors":[{{"error_key":"b","message":"4"}}]}},{{"category":"{code}","error_key":"c","errors":[]}},{{"category":"{code}","error_key":"d","message":5}}]}}"#
            ),
            Expected {
                field_errors: fields(&[("a.b", &["1", "3", "4"]), ("a.request", &["2"])]),
                ..envelope()
            },
        ),
        (
            "envelope-metadata-not-object",
            format!(r#"{{"errors":[{{"category":"{code}","message":"d","metadata":[1]}}]}}"#),
            Expected {
                detail: Some("d".to_owned()),
                ..envelope()
            },
        ),
        (
            "envelope-with-problem-members",
            format!(
                r#"{{"errors":[{{"category":"{code}","message":"d"}}],"title":"T","detail":"x","trace_id":"t"}}"#
            ),
            Expected {
                title: Some("T".to_owned()),
                detail: Some("x".to_owned()),
                trace_id: Some("t".to_owned()),
                ..envelope()
            },
        ),
        (
            "code-member-wins-over-envelope",
            format!(
                r#"{{"errors":[{{"category":"shard_moving","message":"d"}}],"{member}":"{code}"}}"#
            ),
            problem(),
        ),
    ];
    for (name, body, expected) in list {
        cases.push(Case {
            name: format!("odd-{name}"),
            status: 400,
            retry_after: None,
            body: body.into_bytes(),
            expected,
        });
    }
}

fn corpus() -> Vec<Case> {
    let mut cases = Vec::new();
    known_codes(&mut cases);
    unknown_codes(&mut cases);
    retry_after(&mut cases);
    malformed(&mut cases);
    odd_members(&mut cases);
    fields(&mut cases);
    for case in &mut cases {
        case.expected = case.expected.clone().with_details();
    }
    cases
}

/// The catalog, for each code's declared fields.
fn catalog() -> &'static codegen::model::Catalog {
    static CATALOG: std::sync::OnceLock<codegen::model::Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let project = codegen::Project::open(&root.join("Cargo.toml")).expect("the settings");
        project.load(None).expect("the catalog").0
    })
}

/// The fields of a known `code` with fields, read from `metadata` by the
/// runtime's rules (`errors_runtime::details`), in catalog order: `None`
/// for other codes, `Some(None)` when one does not read.
fn typed_fields(
    code: Option<&str>,
    metadata: Option<&Map<String, Value>>,
) -> Option<Option<Vec<Value>>> {
    use codegen::model::FieldType;
    use errors_runtime::details;
    let (_, code) = catalog()
        .codes()
        .find(|(_, known)| Some(known.code.as_str()) == code)?;
    if code.fields.is_empty() {
        return None;
    }
    Some(metadata.and_then(|metadata| {
        code.fields
            .iter()
            .map(|field| {
                let value = metadata.get(&field.name)?;
                match &field.ty {
                    FieldType::String => details::string(value).map(Value::from),
                    FieldType::Integer => details::integer(value).map(Value::from),
                    FieldType::Boolean => details::boolean(value).map(Value::from),
                    FieldType::OneOf(values) => value
                        .as_str()
                        .filter(|text| values.iter().any(|allowed| allowed == text))
                        .map(Value::from),
                }
            })
            .collect()
    }))
}

/// A body with just a code and metadata, as `metadata_text` writes it.
fn fields_body(code: &str, metadata_text: &str) -> Vec<u8> {
    format!(
        r#"{{"{}":"{code}","metadata":{metadata_text}}}"#,
        errors::CODE_MEMBER
    )
    .into_bytes()
}

/// Typed fields: each code with fields with all of them, as strings, with
/// one missing and with one of another type; and integers at the edges of
/// what every client holds.
fn fields(cases: &mut Vec<Case>) {
    use codegen::model::{FieldType, FieldValue};
    let mut add = |name: String, code: &codegen::model::Code, metadata_text: String| {
        let metadata: Map<String, Value> = serde_json::from_str(&metadata_text).expect("metadata");
        cases.push(Case {
            name,
            status: code.status,
            retry_after: None,
            body: fields_body(&code.code, &metadata_text),
            expected: Expected {
                format: Some("problem"),
                metadata: Some(metadata),
                ..Expected::unreadable(code.status, None)
            }
            .with_code(&code.code),
        });
    };
    for (_, code) in catalog()
        .codes()
        .filter(|(_, code)| !code.fields.is_empty())
    {
        let value = |field: &codegen::model::Field, as_string: bool| -> Value {
            let example = field.example.clone().unwrap_or(match &field.ty {
                FieldType::String => FieldValue::String("a value".to_owned()),
                FieldType::Integer => FieldValue::Integer(7),
                FieldType::Boolean => FieldValue::Boolean(true),
                FieldType::OneOf(values) => FieldValue::String(values[0].clone()),
            });
            match example {
                FieldValue::String(text) => Value::from(text),
                FieldValue::Integer(n) if as_string => Value::from(n.to_string()),
                FieldValue::Integer(n) => Value::from(n),
                FieldValue::Boolean(flag) if as_string => Value::from(flag.to_string()),
                FieldValue::Boolean(flag) => Value::from(flag),
            }
        };
        let object = |values: Vec<(&str, Value)>| {
            Value::Object(values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()).to_string()
        };
        let all = |as_string| {
            code.fields
                .iter()
                .map(|field| (field.name.as_str(), value(field, as_string)))
                .collect::<Vec<_>>()
        };
        add(format!("fields-{}", code.code), code, object(all(false)));
        add(
            format!("fields-{}-as-strings", code.code),
            code,
            object(all(true)),
        );
        let mut missing = all(false);
        missing.pop();
        add(
            format!("fields-{}-missing", code.code),
            code,
            object(missing),
        );
        let mut wrong = all(false);
        wrong[0].1 = match &code.fields[0].ty {
            FieldType::String => json!(5),
            FieldType::Integer => json!("1.5"),
            FieldType::Boolean => json!(1),
            FieldType::OneOf(_) => json!("not-one-of-the-values"),
        };
        add(
            format!("fields-{}-wrong-type", code.code),
            code,
            object(wrong),
        );
    }
    // Integers: as JSON and as text, at and past 2^53 - 1.
    let (_, rate_limited) = catalog()
        .codes()
        .find(|(_, code)| code.code == "rate_limited")
        .expect("the catalog has rate_limited");
    for (label, limit) in [
        ("max", "9007199254740991"),
        ("past-max", "9007199254740992"),
        ("min", "-9007199254740991"),
        ("past-min", "-9007199254740992"),
        ("fraction-zero", "100.0"),
        ("exponent", "1e2"),
        ("huge-exponent", "1e300"),
        ("fraction", "1.5"),
        ("text-plus", r#""+5""#),
        ("text-leading-zeros", r#""000000000000000000000000012""#),
        ("text-past-max", r#""9007199254740992""#),
        ("text-space", r#"" 5""#),
        ("text-fraction", r#""1.5""#),
        ("text-exponent", r#""1e2""#),
        ("text-empty", r#""""#),
        ("boolean", "true"),
    ] {
        add(
            format!("fields-integer-{label}"),
            rate_limited,
            format!(r#"{{"limit":{limit},"window_seconds":60}}"#),
        );
    }
}

fn index(cases: &[Case]) -> String {
    let cases: Vec<Value> = cases
        .iter()
        .map(|case| {
            json!({
                "name": case.name,
                "status": case.status,
                "retry_after": case.retry_after,
                "body": format!("bodies/{}", case.name),
                "expected": case.expected.to_json(),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&json!({
        "about": format!("Responses and the parse every client must give; written by tests/conformance.rs (`{REFRESH}`), do not edit."),
        "code_member": errors::CODE_MEMBER,
        "cases": cases,
    }))
    .expect("JSON");
    text.push('\n');
    text
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("clients/conformance")
}

#[test]
fn the_committed_corpus_is_fresh() {
    let cases = corpus();
    let dir = corpus_dir();
    let mut files: Vec<(PathBuf, Vec<u8>)> = cases
        .iter()
        .map(|case| (dir.join("bodies").join(&case.name), case.body.clone()))
        .collect();
    files.push((dir.join("cases.json"), index(&cases).into_bytes()));
    if std::env::var_os("BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("bodies")).expect("create the corpus directory");
        for (path, contents) in &files {
            std::fs::write(path, contents).expect("write the corpus");
        }
        return;
    }
    let mut stale: Vec<String> = files
        .iter()
        .filter(|(path, contents)| std::fs::read(path).ok().as_ref() != Some(contents))
        .map(|(path, _)| path.display().to_string())
        .collect();
    let expected: std::collections::BTreeSet<&str> =
        cases.iter().map(|case| case.name.as_str()).collect();
    for entry in std::fs::read_dir(dir.join("bodies"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !expected.contains(name.as_str()) {
            stale.push(format!("{} (no such case)", entry.path().display()));
        }
    }
    const SHOWN: usize = 5;
    assert!(
        stale.is_empty(),
        "the conformance corpus is stale ({} files: {}{}); run `{REFRESH}`",
        stale.len(),
        stale
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
        if stale.len() > SHOWN { ", ..." } else { "" }
    );
}

#[test]
fn the_corpus_covers_what_clients_must_read() {
    let cases = corpus();
    let names: std::collections::BTreeSet<&str> =
        cases.iter().map(|case| case.name.as_str()).collect();
    assert_eq!(names.len(), cases.len(), "case names are unique");
    for code in ErrorCode::ALL {
        for format in ["problem", "envelope"] {
            assert!(names.contains(format!("known-{format}-{code}").as_str()));
        }
    }
    let malformed = cases
        .iter()
        .filter(|case| case.name.starts_with("malformed-") && case.status == 400)
        .count();
    assert!(malformed >= 25, "{malformed} malformed bodies");
    for (_, code) in catalog()
        .codes()
        .filter(|(_, code)| !code.fields.is_empty())
    {
        let typed = cases
            .iter()
            .find(|case| case.name == format!("fields-{}", code.code))
            .and_then(|case| case.expected.details.clone().flatten());
        assert!(typed.is_some(), "{}: no case whose fields read", code.code);
    }
    let integers = cases
        .iter()
        .filter(|case| case.name.starts_with("fields-integer-"))
        .map(|case| case.expected.details.clone().flatten().is_some())
        .collect::<Vec<_>>();
    assert!(integers.contains(&true) && integers.contains(&false));
    assert!(cases.iter().any(|case| case.body.len() > MAX_BODY_BYTES));
}

#[test]
fn the_rust_runtime_reads_every_case_as_expected() {
    let mut failures = Vec::new();
    for case in corpus() {
        let error = ResponseError::from_parts(case.status, case.retry_after.as_deref(), &case.body);
        let observed = Expected::observed(&error).to_json();
        let expected = case.expected.to_json();
        let (Value::Object(observed), Value::Object(expected)) = (observed, expected) else {
            unreachable!()
        };
        for (member, want) in &expected {
            let got = &observed[member];
            if got != want {
                failures.push(format!(
                    "{}: {member}: expected {want}, got {got}",
                    case.name
                ));
            }
        }
        // The generated structs read what the corpus says, under the
        // same rules.
        let typed = match error.code() {
            Some(ErrorCode::RateLimited) => Some(
                error
                    .details::<details::RateLimited>()
                    .map(|d| vec![json!(d.limit), json!(d.window_seconds)]),
            ),
            Some(ErrorCode::WebhookEndpointLimit) => Some(
                error
                    .details::<details::WebhookEndpointLimit>()
                    .map(|d| vec![json!(d.limit), json!(d.plan.as_str()), json!(d.upgradable)]),
            ),
            _ => None,
        };
        if typed.is_some() && typed != case.expected.details {
            failures.push(format!(
                "{}: the generated struct read {typed:?}, not {:?}",
                case.name, case.expected.details
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
