//! `http` types for both sides (feature `http`), and axum's `IntoResponse`
//! (feature `axum`).

use crate::{ApiError, Code, ResponseError};
use http::StatusCode;
use http::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER};

/// A code's status as an `http::StatusCode`.
fn http_status<C: Code>(code: C) -> StatusCode {
    // A catalog only admits 400..=599, which are all valid statuses.
    StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

impl<C: Code> ApiError<C> {
    /// The response's status as an `http::StatusCode`.
    pub fn status_code(&self) -> StatusCode {
        http_status(self.code())
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

impl<C: Code> From<ApiError<C>> for http::Response<Vec<u8>> {
    fn from(error: ApiError<C>) -> Self {
        error.to_http_response()
    }
}

impl<C: Code> ResponseError<C> {
    /// Reads an `http::Response` whose body has been collected.
    pub fn from_http<B: AsRef<[u8]>>(response: &http::Response<B>) -> ResponseError<C> {
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
impl<C: Code> axum::response::IntoResponse for ApiError<C> {
    fn into_response(self) -> axum::response::Response {
        self.to_http_response().map(axum::body::Body::from)
    }
}
