//! An axum + utoipa service whose error responses are documented from the
//! catalog: each endpoint declares the codes it may return, and
//! `/openapi.json` serves the document.
//! `cargo run --features axum,utoipa --example openapi_server`.

use axum::Router;
use axum::extract::Path;
use axum::http::header::CONTENT_TYPE;
use axum::routing::{get, post};
use errors::{ApiError, ErrorCode};
use utoipa::OpenApi;

errors_runtime::error_responses! {
    /// What `POST /users` may answer with.
    pub struct CreateUserErrors:
        ErrorCode::InvalidJson,
        ErrorCode::MissingContentType,
        ErrorCode::InvalidEmail,
        ErrorCode::RateLimited,
}

errors_runtime::error_responses! {
    /// What `GET /users/{id}` may answer with.
    pub struct GetUserErrors: ErrorCode::ResourceNotFound, ErrorCode::InvalidApiKey
}

/// Creates a user.
#[utoipa::path(
    post,
    path = "/users",
    responses((status = 201, description = "The user was created."), CreateUserErrors)
)]
async fn create_user() -> ApiError {
    ApiError::new(ErrorCode::InvalidEmail).with_field_error("email", "Must contain an @.")
}

/// Reads a user.
#[utoipa::path(
    get,
    path = "/users/{id}",
    params(("id" = String, Path, description = "The user's id.")),
    responses((status = 200, description = "The user."), GetUserErrors)
)]
async fn get_user(Path(id): Path<String>) -> ApiError {
    ApiError::new(ErrorCode::ResourceNotFound).with_detail(format!("No user `{id}`."))
}

/// The service's document: its paths, and the catalog's schemas.
#[derive(OpenApi)]
#[openapi(
    info(title = "Acme API"),
    paths(create_user, get_user),
    components(schemas(ErrorCode, ApiError))
)]
pub struct ApiDoc;

pub fn app() -> Router {
    Router::new()
        .route("/users", post(create_user))
        .route("/users/{id}", get(get_user))
        .route("/openapi.json", get(openapi_json))
}

async fn openapi_json() -> ([(axum::http::HeaderName, &'static str); 1], String) {
    let json = ApiDoc::openapi()
        .to_pretty_json()
        .expect("an OpenAPI document serializes");
    ([(CONTENT_TYPE, "application/json")], json)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::var("ERRORS_SERVER_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("try: curl http://{}/openapi.json", listener.local_addr()?);
    axum::serve(listener, app()).await
}
