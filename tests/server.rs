//! The example server on 127.0.0.1, spoken to over real HTTP: every code, in
//! both formats, and read back by the client side into the same code.

#[allow(dead_code)]
#[path = "../examples/server.rs"]
mod server;

use errors::{ErrorCode, Format, ResponseError};
use errors::{Rejection, RejectionCodes};
use serde_json::Value;

async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, server::app()).await });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_code_in_both_formats_over_http() {
    let base = start().await;
    let client = reqwest::Client::new();
    for &code in ErrorCode::ALL {
        for (format, name) in [(Format::Problem, "problem"), (Format::Envelope, "envelope")] {
            let url =
                format!("{base}/errors/{code}?format={name}&detail=Bad%20luck&field=contact.email");
            let response = client.get(&url).send().await.unwrap();
            assert_eq!(response.status().as_u16(), code.status(), "{code} {name}");
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_owned())
            };
            assert_eq!(
                header("content-type").as_deref(),
                Some(format.content_type())
            );
            let retry_after = header("retry-after");
            assert_eq!(
                retry_after.as_deref(),
                code.retryable().then_some("30"),
                "{code}"
            );
            let bytes = response.bytes().await.unwrap();
            let text = std::str::from_utf8(&bytes).unwrap();
            assert!(!text.contains("10.0.0.7"), "source text leaked: {text}");
            let body: Value = serde_json::from_slice(&bytes).unwrap();
            let trace_id = format!("trace-{code}");
            assert_eq!(body["trace_id"], trace_id.as_str());
            let client_error = code.status() < 500;
            match format {
                Format::Problem => {
                    assert_eq!(body["type"], code.doc_url());
                    assert_eq!(body["title"], code.title());
                    assert_eq!(body["status"], code.status());
                    assert_eq!(body["code"], code.as_str());
                    assert_eq!(body.get("detail").is_some(), client_error, "{text}");
                    assert_eq!(body.get("errors").is_some(), client_error, "{text}");
                }
                Format::Envelope => {
                    let entries = body["errors"].as_array().unwrap();
                    assert!(
                        entries.iter().all(|e| e["category"] == code.as_str()),
                        "{text}"
                    );
                    assert_eq!(entries[0]["error_key"], "request");
                    let expected = if client_error {
                        "Bad luck"
                    } else {
                        code.message()
                    };
                    assert_eq!(entries[0]["message"], expected);
                    assert_eq!(entries.len(), if client_error { 2 } else { 1 }, "{text}");
                }
            }

            let read = ResponseError::from_parts(code.status(), retry_after.as_deref(), &bytes);
            assert_eq!(read.code(), Some(code), "{code} {name}");
            assert_eq!(read.format(), Some(format));
            assert_eq!(read.trace_id(), Some(trace_id.as_str()));
            assert_eq!(read.retryable(), code.retryable());
            // The envelope's entry about the request carries the code's own
            // message where the body may carry no detail: read as none.
            assert_eq!(read.detail(), client_error.then_some("Bad luck"));
            assert_eq!(read.field_errors().len(), usize::from(client_error));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_http_response_is_read_with_its_headers() {
    let base = start().await;
    let response = reqwest::get(format!("{base}/errors/rate_limited"))
        .await
        .unwrap();
    let mut builder = http::Response::builder().status(response.status());
    for (name, value) in response.headers() {
        builder = builder.header(name, value);
    }
    let response = builder.body(response.bytes().await.unwrap()).unwrap();
    let read = ResponseError::from_http(&response);
    assert_eq!(read.code(), Some(ErrorCode::RateLimited));
    assert_eq!(read.retry_after(), Some(std::time::Duration::from_secs(30)));
    // The catalog's format, since the request named none.
    assert_eq!(read.format(), Some(errors::RESPONSE_FORMAT));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_route_code_is_a_404_with_a_body() {
    let base = start().await;
    let response = reqwest::get(format!("{base}/errors/no_such_code"))
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
    let bytes = response.bytes().await.unwrap();
    let read = ResponseError::from_parts(404, None, &bytes);
    assert_eq!(read.code(), Some(ErrorCode::RouteNotFound));
    assert_eq!(read.detail(), Some("There is no code `no_such_code`."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_field_path_with_thousands_of_dots_is_answered() {
    let base = start().await;
    // Overflowed a worker's stack when the envelope nested once per dot.
    let path = "a.".repeat(15_000) + "z";
    for format in ["envelope", "problem"] {
        let url = format!("{base}/errors/invalid_value_type?format={format}&field={path}");
        let response = reqwest::get(url).await.unwrap();
        assert_eq!(response.status().as_u16(), 422);
        let bytes = response.bytes().await.unwrap();
        let read = ResponseError::from_parts(422, None, &bytes);
        assert_eq!(read.code(), Some(ErrorCode::InvalidValueType));
        assert!(read.field_errors().len() == 1 && read.field_errors()[0].path == path);
    }
}

/// The server of `examples/server.rs` with a short time limit, so that
/// `/slow` is cut off soon.
async fn start_with_short_timeout() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = server::app_with_timeout(std::time::Duration::from_millis(300));
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

/// Each kind of request the handlers never see, as a client could send it,
/// with the rejection it is and the code the settings map that to.
fn malformed_requests(
    base: &str,
    client: &reqwest::Client,
) -> Vec<(
    &'static str,
    Rejection,
    &'static str,
    reqwest::RequestBuilder,
)> {
    let json = |body: &str| {
        client
            .post(format!("{base}/users"))
            .header("content-type", "application/json")
            .body(body.to_owned())
    };
    let huge = format!(r#"{{"email": "{}"}}"#, "a".repeat(server::BODY_LIMIT + 1));
    vec![
        (
            "JSON that does not parse",
            Rejection::JsonSyntax,
            "invalid_json",
            json(r#"{"email": "#),
        ),
        (
            "JSON of the wrong shape",
            Rejection::JsonData,
            "invalid_value_type",
            json(r#"{"email": 5}"#),
        ),
        (
            "a body without a content type",
            Rejection::MissingContentType,
            "missing_content_type",
            client
                .post(format!("{base}/users"))
                .body(r#"{"email": "a@b.example"}"#),
        ),
        (
            "a body of another media type",
            Rejection::UnsupportedMediaType,
            "unsupported_media_type",
            client
                .post(format!("{base}/users"))
                .header("content-type", "text/plain")
                .body(r#"{"email": "a@b.example"}"#),
        ),
        (
            "a body over the limit",
            Rejection::PayloadTooLarge,
            "request_body_too_large",
            json(&huge),
        ),
        (
            "a form without its field",
            Rejection::Form,
            "invalid_value_type",
            client
                .post(format!("{base}/login"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body("name=ann"),
        ),
        (
            "a form of another media type",
            Rejection::UnsupportedMediaType,
            "unsupported_media_type",
            client
                .post(format!("{base}/login"))
                .header("content-type", "application/json")
                .body("user=ann"),
        ),
        (
            "a path parameter that is not a number",
            Rejection::Path,
            "resource_not_found",
            client.get(format!("{base}/users/ann")),
        ),
        (
            "a query of the wrong type",
            Rejection::Query,
            "invalid_value_type",
            client.get(format!("{base}/search?limit=many")),
        ),
        (
            "a query without its parameter",
            Rejection::Query,
            "invalid_value_type",
            client.get(format!("{base}/search")),
        ),
        (
            "a path no route matches",
            Rejection::NotFound,
            "route_not_found",
            client.get(format!("{base}/nowhere")),
        ),
        (
            "a method the route does not take",
            Rejection::MethodNotAllowed,
            "method_not_allowed",
            client.delete(format!("{base}/users")),
        ),
        (
            "a handler that panics",
            Rejection::Panic,
            "server_error",
            client.get(format!("{base}/panic")),
        ),
        (
            "a handler that takes too long",
            Rejection::Timeout,
            "temporarily_unavailable",
            client.get(format!("{base}/slow")),
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_malformed_request_gets_a_catalog_error() {
    let base = start_with_short_timeout().await;
    let client = reqwest::Client::new();
    let requests = malformed_requests(&base, &client);
    let kinds: std::collections::BTreeSet<Rejection> =
        requests.iter().map(|(_, kind, _, _)| *kind).collect();
    assert_eq!(
        kinds.len(),
        Rejection::ALL.len(),
        "a rejection is not tried"
    );
    for (what, kind, expected, request) in requests {
        let code = <ErrorCode as RejectionCodes>::rejection_code(kind);
        assert_eq!(
            code.as_str(),
            expected,
            "{what}: the settings map {kind:?} elsewhere"
        );
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), code.status(), "{what}");
        let content_type = response.headers().get("content-type").cloned();
        assert_eq!(
            content_type.as_ref().map(|v| v.to_str().unwrap()),
            Some(Format::Problem.content_type()),
            "{what}"
        );
        let bytes = response.bytes().await.unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let body: Value =
            serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{what}: {e}: {text}"));
        assert_eq!(body["code"], expected, "{what}: {text}");
        assert_eq!(body["status"], code.status(), "{what}: {text}");
        assert_eq!(body["type"], code.doc_url(), "{what}: {text}");
        assert!(
            !text.contains("hunter2"),
            "{what}: the panic's text leaked: {text}"
        );
        let read = ResponseError::from_parts(code.status(), None, &bytes);
        assert_eq!(read.code(), Some(code), "{what}");
        if code.status() < 500 && !matches!(kind, Rejection::NotFound | Rejection::MethodNotAllowed)
        {
            assert!(
                read.detail().is_some(),
                "{what}: axum's reason is the detail: {text}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_well_formed_request_reaches_its_handler() {
    let base = start_with_short_timeout().await;
    let client = reqwest::Client::new();
    let created = client
        .post(format!("{base}/users"))
        .header("content-type", "application/json")
        .body(r#"{"email": "ann@example.com"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(
        created.text().await.unwrap(),
        r#"{"email":"ann@example.com"}"#
    );
    let search = client
        .get(format!("{base}/search?limit=3"))
        .send()
        .await
        .unwrap();
    assert_eq!(search.text().await.unwrap(), "up to 3 results");
    let login = client
        .post(format!("{base}/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("user=ann")
        .send()
        .await
        .unwrap();
    assert_eq!(login.text().await.unwrap(), "hello ann");
}
