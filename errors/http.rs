//! `http` types for both sides (feature `http`), and axum's `IntoResponse`
//! (feature `axum`).

use crate::{ApiError, ErrorCode, ResponseError};
use http::StatusCode;
use http::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER};

impl ErrorCode {
    /// The code's status as an `http::StatusCode`.
    pub fn http_status(self) -> StatusCode {
        // The catalog only admits 400..=599, which are all valid codes.
        StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl ApiError {
    pub fn status_code(&self) -> StatusCode {
        self.code().http_status()
    }

    /// The response: status, `Content-Type`, `Retry-After` when set, body.
    pub fn to_http_response(&self) -> http::Response<Vec<u8>> {
        let mut response = http::Response::new(self.body());
        *response.status_mut() = self.status_code();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(self.content_type()));
        if let Some(seconds) = self.retry_after() {
            headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<ApiError> for http::Response<Vec<u8>> {
    fn from(error: ApiError) -> Self {
        error.to_http_response()
    }
}

impl ResponseError {
    /// Reads an `http::Response` whose body has been collected.
    pub fn from_http<B: AsRef<[u8]>>(response: &http::Response<B>) -> ResponseError {
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok());
        ResponseError::from_parts(
            response.status().as_u16(),
            retry_after,
            response.body().as_ref(),
        )
    }
}

#[cfg(feature = "axum")]
impl axum::response::IntoResponse for ApiError {
    fn into_response(self) -> axum::response::Response {
        self.to_http_response().map(axum::body::Body::from)
    }
}
