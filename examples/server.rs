//! An axum server that answers `GET /errors/<code>` with that error, as a
//! handler of a real API would return it, and whose every other error is a
//! catalog error too: `cargo run --features axum --example server`.
//!
//! Query parameters shape the error: `format=envelope` (default: the
//! catalog's), `detail=...`, `field=<path>` (adds a field error).
//! Retryable codes carry `Retry-After: 30`. Every error has a source with
//! internal text, which must never reach the client.
//!
//! The other routes take a JSON body (`POST /users`), a path parameter
//! (`GET /users/<id>`), a query (`GET /search?limit=<n>`) and a form
//! (`POST /login`), panic (`GET /panic`), take too long (`GET /slow`) or
//! fail upstream (`GET /upstream`): what a malformed request or a bad day
//! gets back is the code `[package.metadata.errors.rejections]` maps it to.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use errors::{ApiError, ErrorCode, Form, Format, Json, Path, Query, details};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The largest body the server reads.
pub const BODY_LIMIT: usize = 16 * 1024;

#[derive(Deserialize)]
pub struct Params {
    format: Option<String>,
    detail: Option<String>,
    field: Option<String>,
}

pub fn app() -> Router {
    app_with_timeout(Duration::from_secs(10))
}

/// The service, answering a request that takes longer than `timeout` with
/// the catalog's timeout code.
pub fn app_with_timeout(timeout: Duration) -> Router {
    let routes = Router::new()
        .route("/errors/{code}", get(error_for))
        .route("/users", post(create_user))
        .route("/users/{id}", get(user))
        .route("/search", get(search))
        .route("/login", post(login))
        .route("/panic", get(panics))
        .route("/slow", get(slow))
        .route("/upstream", get(upstream))
        .layer(DefaultBodyLimit::max(BODY_LIMIT));
    errors::catalog_errors(routes, timeout)
}

async fn error_for(Path(code): Path<String>, Query(params): Query<Params>) -> ApiError {
    let Some(code) = ErrorCode::from_code(&code) else {
        let fallback = ErrorCode::from_code("route_not_found").unwrap_or(ErrorCode::ALL[0]);
        return ApiError::new(fallback).with_detail(format!("There is no code `{code}`."));
    };
    let mut error = ApiError::new(code)
        .with_trace_id(format!("trace-{code}"))
        .with_retry_after(Duration::from_secs(30))
        .with_source(std::io::Error::other(
            "connection reset by peer at 10.0.0.7:5432",
        ));
    if params.format.as_deref() == Some("envelope") {
        error = error.with_format(Format::Envelope);
    } else if params.format.as_deref() == Some("problem") {
        error = error.with_format(Format::Problem);
    }
    if let Some(detail) = params.detail {
        error = error.with_detail(detail);
    }
    if let Some(field) = params.field {
        error = error.with_field_error(field, "This field is wrong.");
    }
    error
}

#[derive(Deserialize, Serialize)]
pub struct NewUser {
    email: String,
}

async fn create_user(Json(user): Json<NewUser>) -> (StatusCode, Json<NewUser>) {
    (StatusCode::CREATED, Json(user))
}

async fn user(Path(id): Path<u64>) -> ApiError {
    ApiError::new(ErrorCode::ResourceNotFound).with_detail(format!("There is no user {id}."))
}

#[derive(Deserialize)]
pub struct Search {
    limit: u32,
}

async fn search(Query(search): Query<Search>) -> String {
    format!("up to {} results", search.limit)
}

#[derive(Deserialize)]
pub struct Login {
    user: String,
}

async fn login(Form(login): Form<Login>) -> String {
    format!("hello {}", login.user)
}

async fn panics() -> &'static str {
    panic!("the database password is hunter2")
}

async fn slow() -> &'static str {
    tokio::time::sleep(Duration::from_secs(3600)).await;
    "too late"
}

/// An error with causes two deep, as a failed call to another service has.
#[derive(Debug)]
struct UpstreamFailed(std::io::Error);

impl std::fmt::Display for UpstreamFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the billing service did not answer")
    }
}

impl std::error::Error for UpstreamFailed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

async fn upstream() -> ApiError {
    // A 5xx body carries no detail or metadata; the log line has both.
    let error: ApiError = details::TemporarilyUnavailable {
        dependency: "billing".to_owned(),
    }
    .into();
    error.with_source(UpstreamFailed(std::io::Error::other(
        "connection reset by peer at 10.0.0.9:443",
    )))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::var("ERRORS_SERVER_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!(
        "try: curl -i http://{}/errors/rate_limited",
        listener.local_addr()?
    );
    axum::serve(listener, app()).await
}
