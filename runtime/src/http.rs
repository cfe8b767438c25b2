//! `http` types for both sides (feature `http`), and axum's `IntoResponse`
//! (feature `axum`).

use crate::{ApiError, Code, ResponseError};
use http::StatusCode;
use http::header::{CONTENT_LANGUAGE, CONTENT_TYPE, HeaderValue, RETRY_AFTER};

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

    /// The response: status, `Content-Type`, `Content-Language` for a
    /// catalog with locales, `Retry-After` when set, body.
    /// With the `tracing` feature, each call emits one event.
    pub fn to_http_response(&self) -> http::Response<Vec<u8>> {
        #[cfg(feature = "tracing")]
        self.log_response();
        let mut response = http::Response::new(self.body());
        *response.status_mut() = self.status_code();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(self.content_type()));
        if let Some(seconds) = self.retry_after() {
            headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        // A hand-written `Code` may list anything as a locale: only a
        // language tag is sent, so no value can end the header early.
        if let Some(locale) = self
            .locale()
            .filter(|locale| crate::locale::is_language_tag(locale))
        {
            headers.insert(CONTENT_LANGUAGE, HeaderValue::from_static(locale));
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

/// The trace id of a W3C `traceparent` header value
/// (`00-<trace id>-<parent id>-<flags>`), or `None` when the value is not
/// one: so what comes from a request is echoed only when it is 32 lower-case
/// hex digits.
///
/// ```
/// use errors_runtime::traceparent_trace_id;
///
/// let header = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
/// assert_eq!(traceparent_trace_id(header), Some("4bf92f3577b34da6a3ce929d0e0e4736"));
/// assert_eq!(traceparent_trace_id(b"00-4bf92f35\r\nX: y"), None);
/// ```
pub fn traceparent_trace_id(value: &[u8]) -> Option<&str> {
    let lower_hex = |part: &[u8]| {
        part.iter()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
    };
    let not_zero = |part: &[u8]| part.iter().any(|&b| b != b'0');
    // version "-" trace-id "-" parent-id "-" flags: 2 + 32 + 16 + 2 digits.
    const LENGTH: usize = 55;
    let (head, rest) = value.split_at_checked(LENGTH)?;
    let [version, trace_id, parent_id, flags] =
        [&head[0..2], &head[3..35], &head[36..52], &head[53..55]];
    let dashes = [head[2], head[35], head[52]] == [b'-'; 3];
    let well_formed = dashes
        && lower_hex(version)
        && version != b"ff"
        && lower_hex(trace_id)
        && not_zero(trace_id)
        && lower_hex(parent_id)
        && not_zero(parent_id)
        && lower_hex(flags)
        // Version 00 ends there; later versions may append "-" and more.
        && (rest.is_empty() || (version != b"00" && rest[0] == b'-'));
    well_formed
        .then(|| std::str::from_utf8(trace_id).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::traceparent_trace_id;

    const HEADER: &[u8] = b"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    #[test]
    fn a_control_character_anywhere_makes_a_traceparent_malformed() {
        assert!(traceparent_trace_id(HEADER).is_some());
        for at in 0..=HEADER.len() {
            for control in (0u8..0x20).chain([0x7f]) {
                let mut value = HEADER.to_vec();
                value.insert(at, control);
                assert_eq!(traceparent_trace_id(&value), None, "{control:#x} at {at}");
                let mut value = HEADER.to_vec();
                if at < value.len() {
                    value[at] = control;
                    assert_eq!(
                        traceparent_trace_id(&value),
                        None,
                        "{control:#x} for byte {at}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_later_version_may_carry_more_after_a_dash() {
        let later = b"01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-more";
        assert_eq!(
            traceparent_trace_id(later),
            Some("4bf92f3577b34da6a3ce929d0e0e4736")
        );
        let mut version_00 = HEADER.to_vec();
        version_00.extend_from_slice(b"-more");
        assert_eq!(traceparent_trace_id(&version_00), None);
    }
}
