//! A real tonic server and client on 127.0.0.1: every code of the catalog
//! goes out as a `tonic::Status` and comes back as the same typed error;
//! codes the client does not know, and statuses without details, are
//! classified by their gRPC code; nothing a handler says reaches a header
//! with a control character in it.
//!
//! The service is written by hand, the way tonic-build writes one, with
//! messages derived by prost, so no protoc is needed.

use errors::{
    ApiError, ErrorClass, ErrorCode, FieldError, GRPC_DOMAIN, GrpcCode, ResponseError, details,
};
use http::HeaderMap;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tonic::transport::Channel;
use tonic_types::{ErrorDetails, StatusExt};

/// What the client asks the server to fail with.
#[derive(Clone, PartialEq, prost::Message)]
struct Failure {
    /// The code; with `raw_grpc_code`, the `ErrorInfo` reason (none if empty).
    #[prost(string, tag = "1")]
    code: String,
    #[prost(string, optional, tag = "2")]
    detail: Option<String>,
    #[prost(bool, tag = "3")]
    field_errors: bool,
    /// A value for the metadata key `note`, beside `limit = 5`.
    #[prost(string, optional, tag = "4")]
    metadata: Option<String>,
    #[prost(uint64, optional, tag = "5")]
    retry_after: Option<u64>,
    #[prost(string, optional, tag = "6")]
    trace_id: Option<String>,
    /// Not 0: answer with a status made by hand, of this gRPC code, as
    /// another server (or a proxy) would send, instead of an `ApiError`.
    #[prost(int32, tag = "7")]
    raw_grpc_code: i32,
    #[prost(string, tag = "8")]
    raw_domain: String,
    /// Details that are not a `google.rpc.Status`.
    #[prost(bool, tag = "9")]
    raw_garbage_details: bool,
    /// This many more field errors, to overflow the details.
    #[prost(uint32, tag = "10")]
    many_fields: u32,
    /// Built from the code's typed fields: `rate_limited` only.
    #[prost(bool, tag = "11")]
    typed: bool,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Empty {}

const METHOD: &str = "/errors.test.Failing/Fail";

/// The unary method: always fails.
struct Fail;

impl tonic::server::UnaryService<Failure> for Fail {
    type Response = Empty;
    type Future = std::future::Ready<Result<tonic::Response<Empty>, tonic::Status>>;

    fn call(&mut self, request: tonic::Request<Failure>) -> Self::Future {
        std::future::ready(Err(status_for(request.into_inner())))
    }
}

fn status_for(failure: Failure) -> tonic::Status {
    if failure.raw_grpc_code != 0 {
        return raw_status(&failure);
    }
    let code = ErrorCode::from_code(&failure.code).expect("a code of the catalog");
    let mut error = ApiError::new(code);
    if failure.typed {
        assert_eq!(code, ErrorCode::RateLimited);
        error = details::RateLimited {
            limit: 100,
            window_seconds: -60,
        }
        .into();
    }
    if let Some(detail) = failure.detail {
        error = error.with_detail(detail);
    }
    if failure.field_errors {
        error = error
            .with_field_error("contact.email", "Must contain an @.")
            .with_field_error("$.items[2].qty", "Must be positive.")
            .with_field_error("contact.email", "Must be at most 254 bytes.");
    }
    for n in 0..failure.many_fields {
        error = error.with_field_error(format!("field_{n}"), "x".repeat(20));
    }
    if let Some(note) = failure.metadata {
        error = error.with_metadata("limit", 5).with_metadata("note", note);
    }
    if let Some(seconds) = failure.retry_after {
        error = error.with_retry_after(Duration::from_secs(seconds));
    }
    if let Some(trace_id) = failure.trace_id {
        error = error.with_trace_id(trace_id);
    }
    tonic::Status::from(error)
}

fn raw_status(failure: &Failure) -> tonic::Status {
    let code = tonic::Code::from_i32(failure.raw_grpc_code);
    let message = failure.detail.clone().unwrap_or_default();
    if failure.raw_garbage_details {
        return tonic::Status::with_details(code, message, vec![0xff, 0x01, 0x02].into());
    }
    let mut details = ErrorDetails::new();
    if !failure.code.is_empty() {
        details.set_error_info(
            &failure.code,
            &failure.raw_domain,
            [("trace_id".to_owned(), "raw-trace".to_owned())],
        );
    }
    if let Some(seconds) = failure.retry_after {
        details.set_retry_info(Some(Duration::from_secs(seconds)));
    }
    tonic::Status::with_error_details(code, message, details)
}

/// The service as tonic-build would generate it, keeping the response
/// headers each call sends: what goes on the wire.
#[derive(Clone, Default)]
struct Failing {
    sent: Arc<Mutex<Vec<HeaderMap>>>,
}

impl tonic::server::NamedService for Failing {
    const NAME: &'static str = "errors.test.Failing";
}

impl tonic::codegen::Service<http::Request<tonic::body::Body>> for Failing {
    type Response = http::Response<tonic::body::Body>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<tonic::body::Body>) -> Self::Future {
        let sent = self.sent.clone();
        Box::pin(async move {
            assert_eq!(request.uri().path(), METHOD);
            let codec = tonic_prost::ProstCodec::<Empty, Failure>::default();
            let response = tonic::server::Grpc::new(codec).unary(Fail, request).await;
            sent.lock().unwrap().push(response.headers().clone());
            Ok(response)
        })
    }
}

struct Harness {
    client: tonic::client::Grpc<Channel>,
    sent: Arc<Mutex<Vec<HeaderMap>>>,
}

impl Harness {
    async fn start() -> Harness {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let service = Failing::default();
        let sent = service.sent.clone();
        tokio::spawn(
            tonic::transport::Server::builder()
                .add_service(service)
                .serve_with_incoming(tonic::transport::server::TcpIncoming::from(listener)),
        );
        let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
            .unwrap()
            .connect()
            .await
            .unwrap();
        Harness {
            client: tonic::client::Grpc::new(channel),
            sent,
        }
    }

    /// The status the server answers `failure` with, and the headers it
    /// sent it in.
    async fn fail(&mut self, failure: Failure) -> (tonic::Status, HeaderMap) {
        self.client.ready().await.unwrap();
        let codec = tonic_prost::ProstCodec::<Failure, Empty>::default();
        let answer = self
            .client
            .unary(
                tonic::Request::new(failure),
                http::uri::PathAndQuery::from_static(METHOD),
                codec,
            )
            .await;
        let status = answer.expect_err("the method always fails");
        let headers = self
            .sent
            .lock()
            .unwrap()
            .pop()
            .expect("the server answered");
        (status, headers)
    }
}

fn failure(code: ErrorCode) -> Failure {
    Failure {
        code: code.as_str().to_owned(),
        ..Failure::default()
    }
}

fn strings(pairs: &[(&str, &str)]) -> serde_json::Map<String, serde_json::Value> {
    pairs
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).into()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_code_of_the_catalog_round_trips() {
    let mut harness = Harness::start().await;
    assert_eq!(GRPC_DOMAIN, "docs.acme.example");
    assert!(ErrorCode::ALL.len() >= 40);
    for &code in ErrorCode::ALL {
        let trace_id = format!("trace-{code}");
        let (status, _) = harness
            .fail(Failure {
                detail: Some(format!("detail of {code}")),
                field_errors: true,
                metadata: Some("free plan".to_owned()),
                retry_after: Some(7),
                trace_id: Some(trace_id.clone()),
                ..failure(code)
            })
            .await;
        let client_error = code.status() < 500;

        // The status as sent: the catalog's gRPC code, its message, the
        // detail only for client errors.
        assert_eq!(status.code() as i32, code.grpc_code().value(), "{code}");
        let message = if client_error {
            format!("{} detail of {code}", code.message())
        } else {
            code.message().to_owned()
        };
        assert_eq!(status.message(), message, "{code}");

        // Its details, as any gRPC client reads them.
        let details = status.check_error_details().expect("readable details");
        let info = details.error_info().expect("an ErrorInfo");
        assert_eq!(info.reason, code.as_str());
        assert_eq!(info.domain, GRPC_DOMAIN);
        assert_eq!(info.metadata["trace_id"], trace_id);
        if client_error {
            assert_eq!(info.metadata["limit"], "5");
            assert_eq!(info.metadata["note"], "free plan");
            assert_eq!(info.metadata.len(), 3);
        } else {
            assert_eq!(info.metadata.len(), 1, "{code}: {:?}", info.metadata);
        }
        let help = details.help().expect("a Help");
        assert_eq!(help.links.len(), 1);
        assert_eq!(help.links[0].url, code.doc_url());
        let retry = details.retry_info();
        assert_eq!(retry.is_some(), code.retryable(), "{code}");
        if let Some(retry) = retry {
            assert_eq!(retry.retry_delay, Some(Duration::from_secs(7)));
        }
        assert_eq!(details.bad_request().is_some(), client_error, "{code}");
        assert!(details.localized_message().is_none());

        // Read back into the typed error.
        let read = ResponseError::from(&status);
        assert_eq!(read.code(), Some(code));
        assert_eq!(read.wire_code(), Some(code.as_str()));
        assert_eq!(read.status(), code.status());
        assert_eq!(read.class(), ErrorClass::of(code.status()));
        assert_eq!(read.retryable(), code.retryable());
        assert_eq!(
            read.retry_after(),
            code.retryable().then_some(Duration::from_secs(7))
        );
        assert_eq!(read.trace_id(), Some(trace_id.as_str()));
        assert_eq!(read.format(), None);
        if client_error {
            assert_eq!(read.detail(), Some(format!("detail of {code}").as_str()));
            assert_eq!(
                read.field_errors(),
                [
                    FieldError {
                        path: "contact.email".to_owned(),
                        messages: vec![
                            "Must contain an @.".to_owned(),
                            "Must be at most 254 bytes.".to_owned()
                        ],
                    },
                    FieldError {
                        path: "$.items[2].qty".to_owned(),
                        messages: vec!["Must be positive.".to_owned()],
                    },
                ]
            );
            assert_eq!(
                read.metadata(),
                Some(&strings(&[("limit", "5"), ("note", "free plan")]))
            );
        } else {
            assert_eq!(read.detail(), None, "{code}");
            assert!(read.field_errors().is_empty(), "{code}");
            assert_eq!(read.metadata(), None, "{code}");
        }

        // Nothing said: no detail, no fields, a generated trace id.
        let (status, _) = harness.fail(failure(code)).await;
        assert_eq!(status.message(), code.message());
        let read = ResponseError::from(&status);
        assert_eq!(read.code(), Some(code));
        assert_eq!(read.detail(), None);
        assert!(read.field_errors().is_empty());
        assert_eq!(read.trace_id().map(str::len), Some(32));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_fields_travel_as_strings_and_read_back_typed() {
    let mut harness = Harness::start().await;
    let (status, _) = harness
        .fail(Failure {
            typed: true,
            ..failure(ErrorCode::RateLimited)
        })
        .await;
    let info = status.get_details_error_info().unwrap();
    assert_eq!(info.metadata["limit"], "100");
    assert_eq!(info.metadata["window_seconds"], "-60");
    let read = ResponseError::from(&status);
    assert_eq!(
        read.detail(),
        Some("More than 100 requests arrived within -60 seconds.")
    );
    assert_eq!(
        read.details::<details::RateLimited>(),
        Some(details::RateLimited {
            limit: 100,
            window_seconds: -60
        })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retryable_code_without_a_wait_asks_for_the_default_delay() {
    let mut harness = Harness::start().await;
    let (status, _) = harness.fail(failure(ErrorCode::RateLimited)).await;
    assert_eq!(status.code(), tonic::Code::ResourceExhausted);
    assert_eq!(
        status.get_details_retry_info().and_then(|r| r.retry_delay),
        Some(errors_runtime::grpc::DEFAULT_RETRY_DELAY)
    );
    let (status, _) = harness.fail(failure(ErrorCode::InvalidJson)).await;
    assert!(status.get_details_retry_info().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_codes_and_bare_statuses_are_classified_by_their_grpc_code() {
    let mut harness = Harness::start().await;
    let raw = |grpc: tonic::Code, reason: &str, message: &str| Failure {
        code: reason.to_owned(),
        detail: Some(message.to_owned()),
        raw_grpc_code: grpc as i32,
        raw_domain: GRPC_DOMAIN.to_owned(),
        ..Failure::default()
    };
    // (status sent, wire code, status, class, retryable, detail)
    let cases = [
        (
            raw(tonic::Code::Unavailable, "shard_moving", "The shard moves."),
            Some("shard_moving"),
            503,
            ErrorClass::Server,
            true,
            Some("The shard moves."),
        ),
        (
            raw(tonic::Code::FailedPrecondition, "new_rule", ""),
            Some("new_rule"),
            400,
            ErrorClass::Client,
            false,
            None,
        ),
        (
            Failure {
                retry_after: Some(30),
                ..raw(tonic::Code::FailedPrecondition, "new_rule", "")
            },
            Some("new_rule"),
            400,
            ErrorClass::Client,
            true,
            None,
        ),
        // A known code in another domain is not this catalog's code.
        (
            Failure {
                raw_domain: "other.example".to_owned(),
                ..raw(tonic::Code::ResourceExhausted, "rate_limited", "Slow.")
            },
            Some("rate_limited"),
            429,
            ErrorClass::RateLimited,
            true,
            Some("Slow."),
        ),
        // No details at all.
        (
            raw(tonic::Code::ResourceExhausted, "", "slow down"),
            None,
            429,
            ErrorClass::RateLimited,
            true,
            Some("slow down"),
        ),
        (
            raw(tonic::Code::Internal, "", ""),
            None,
            500,
            ErrorClass::Server,
            false,
            None,
        ),
        (
            raw(tonic::Code::Unauthenticated, "", "who?"),
            None,
            401,
            ErrorClass::Client,
            false,
            Some("who?"),
        ),
        // Details that are not a google.rpc.Status: never a panic.
        (
            Failure {
                raw_garbage_details: true,
                ..raw(tonic::Code::DeadlineExceeded, "", "late")
            },
            None,
            504,
            ErrorClass::Server,
            true,
            Some("late"),
        ),
    ];
    for (sent, wire_code, status, class, retryable, detail) in cases {
        let (answer, _) = harness.fail(sent.clone()).await;
        let read = ResponseError::from(&answer);
        assert_eq!(read.code(), None, "{sent:?}");
        assert_eq!(read.wire_code(), wire_code, "{sent:?}");
        assert_eq!(read.status(), status, "{sent:?}");
        assert_eq!(read.class(), class, "{sent:?}");
        assert_eq!(read.retryable(), retryable, "{sent:?}");
        assert_eq!(read.detail(), detail, "{sent:?}");
        assert_eq!(read.trace_id(), wire_code.map(|_| "raw-trace"), "{sent:?}");
        assert!(read.to_string().contains(&status.to_string()), "{read}");
    }

    // A server that sends UPPER_SNAKE reasons (`grpc-reason = "upper-snake"`)
    // is understood by a client built with the default.
    let (answer, _) = harness
        .fail(raw(tonic::Code::ResourceExhausted, "RATE_LIMITED", ""))
        .await;
    assert_eq!(
        ResponseError::from(&answer).code(),
        Some(ErrorCode::RateLimited)
    );
}

/// The text of a header value, with each `%XX` decoded.
fn percent_decoded(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some((&byte, tail)) = rest.split_first() {
        let hex = tail
            .get(..2)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (byte, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                rest = &tail[2..];
            }
            _ => {
                out.push(byte);
                rest = tail;
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_control_character_reaches_a_header() {
    let mut harness = Harness::start().await;
    let hostile = "a\r\nb\u{1b}[31m\u{7f}\u{2028}c\tgrpc-status: 0";
    let (status, headers) = harness
        .fail(Failure {
            detail: Some(hostile.to_owned()),
            metadata: Some(hostile.to_owned()),
            trace_id: Some(format!("t\r\n{hostile}")),
            field_errors: true,
            ..failure(ErrorCode::InvalidJson)
        })
        .await;

    // What went on the wire: only tonic's own headers (no metadata of
    // ours travels as ASCII metadata), none with a control character, also
    // once grpc-message's percent-encoding is undone.
    let mut names: Vec<&str> = headers.keys().map(|name| name.as_str()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "content-type",
            "grpc-message",
            "grpc-status",
            "grpc-status-details-bin"
        ]
    );
    for (name, value) in &headers {
        let text = percent_decoded(value.as_bytes());
        let text = String::from_utf8(text).expect("UTF-8");
        assert!(
            !text.chars().any(|c| c.is_control() || c == '\u{2028}'),
            "{name}: {text:?}"
        );
    }
    assert_eq!(headers["grpc-status"], "3");

    // The message the client sees is one line; the texts that travel in
    // the binary details arrive as they were sent.
    let expected = format!(
        "{} a  b [31m  c grpc-status: 0",
        ErrorCode::InvalidJson.message()
    );
    assert_eq!(status.message(), expected);
    let read = ResponseError::from(&status);
    assert_eq!(read.code(), Some(ErrorCode::InvalidJson));
    assert_eq!(read.detail(), Some("a  b [31m  c grpc-status: 0"));
    assert_eq!(read.trace_id(), Some(format!("t\r\n{hostile}").as_str()));
    assert_eq!(
        read.metadata(),
        Some(&strings(&[("limit", "5"), ("note", hostile)]))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_status_too_large_for_headers_is_cut_to_fit() {
    let mut harness = Harness::start().await;
    // Far over what a client takes in headers (16 KiB by default): the
    // detail is cut, the field errors then the metadata are left out, and
    // the status still arrives with its code and trace id.
    let (status, headers) = harness
        .fail(Failure {
            detail: Some("é".repeat(20_000)),
            metadata: Some("m".repeat(20_000)),
            many_fields: 2_000,
            trace_id: Some("big".to_owned()),
            ..failure(ErrorCode::InvalidJson)
        })
        .await;
    assert_eq!(status.code(), tonic::Code::InvalidArgument);
    let total: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    assert!(total < 16 * 1024, "{total} bytes of headers");
    assert!(status.message().len() <= errors_runtime::grpc::MAX_MESSAGE_BYTES);
    assert!(status.message().ends_with('…'), "{}", status.message());
    let read = ResponseError::from(&status);
    assert_eq!(read.code(), Some(ErrorCode::InvalidJson));
    assert_eq!(read.trace_id(), Some("big"));
    assert!(read.field_errors().is_empty());
    assert_eq!(read.metadata(), None);
    assert!(read.detail().is_some_and(|detail| detail.starts_with("éé")));

    // Within the limit, nothing is left out.
    let (status, _) = harness
        .fail(Failure {
            many_fields: 50,
            metadata: Some("small".to_owned()),
            ..failure(ErrorCode::InvalidJson)
        })
        .await;
    let read = ResponseError::from(&status);
    assert_eq!(read.field_errors().len(), 50);
    assert!(read.metadata().is_some());
}

#[test]
fn the_grpc_code_of_every_code_is_the_catalogs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (catalog, _) =
        codegen::load(&root.join("catalog"), root, codegen::Settings::default()).unwrap();
    let mut named = 0;
    for (_, code) in catalog.codes() {
        let generated = ErrorCode::from_code(&code.code).unwrap();
        assert_eq!(generated.grpc_code(), code.grpc, "{}", code.code);
        named += usize::from(code.grpc != GrpcCode::from_status(code.status));
    }
    // The catalog names one on purpose; the status table gives the rest.
    assert_eq!(
        ErrorCode::McpMethodNotFound.grpc_code(),
        GrpcCode::Unimplemented
    );
    assert_eq!(named, 1);
}
