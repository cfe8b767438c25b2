//! An axum server that answers `GET /errors/<code>` with that error, as a
//! handler of a real API would return it:
//! `cargo run --features axum --example server`.
//!
//! Query parameters shape the error: `format=envelope` (default: the
//! catalog's), `detail=...`, `field=<path>` (adds a field error).
//! Retryable codes carry `Retry-After: 30`. Every error has a source with
//! internal text, which must never reach the client.

use axum::Router;
use axum::extract::{Path, Query};
use axum::routing::get;
use errors::{ApiError, ErrorCode, Format};
use serde::Deserialize;
use std::time::Duration;

#[derive(Deserialize)]
pub struct Params {
    format: Option<String>,
    detail: Option<String>,
    field: Option<String>,
}

pub fn app() -> Router {
    Router::new().route("/errors/{code}", get(error_for))
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
