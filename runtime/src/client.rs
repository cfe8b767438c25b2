//! The client side: a response back into a typed error, whatever its body.

use crate::Code;
use crate::api_error::OneLine;
use crate::wire::{self, FieldError, Format, MAX_RETRY_AFTER};
use serde_json::{Map, Value};
use std::fmt;
use std::time::{Duration, SystemTime};

/// What kind of failure a status means, for codes a client does not know:
/// an unknown code under 429 is still rate limiting, under a 5xx still a
/// server error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// 4xx other than 429: the request must change before it can succeed.
    Client,
    /// 429: too many requests; wait and retry.
    RateLimited,
    /// 5xx: the server failed.
    Server,
    /// Not an error status at all.
    NotAnError,
}

impl ErrorClass {
    pub fn of(status: u16) -> ErrorClass {
        match status {
            429 => ErrorClass::RateLimited,
            400..=499 => ErrorClass::Client,
            500..=599 => ErrorClass::Server,
            _ => ErrorClass::NotAnError,
        }
    }
}

/// An error response as a client received it, read into the code enum `C`.
///
/// A generated crate names it for its own enum
/// (`pub type ResponseError = errors_runtime::ResponseError<ErrorCode>;`).
///
/// ```
/// use errors_runtime::ErrorClass;
///
/// # errors_runtime::doc_example_code!();
/// type ResponseError = errors_runtime::ResponseError<DemoCode>;
///
/// let body = br#"{"type":"about:blank","title":"Slow down","status":429,"code":"rate_limited"}"#;
/// let error = ResponseError::from_parts(429, Some("30"), body);
/// assert_eq!(error.code(), Some(DemoCode::RateLimited));
/// assert!(error.retryable());
///
/// // A code this client does not know yet: still classified by its status.
/// let error = ResponseError::from_parts(503, None, br#"{"code":"shard_moving"}"#);
/// assert_eq!(error.code(), None);
/// assert_eq!(error.wire_code(), Some("shard_moving"));
/// assert_eq!(error.class(), ErrorClass::Server);
/// assert!(error.retryable());
///
/// // Not even JSON: still classified.
/// let error = ResponseError::from_parts(502, None, b"<html>Bad gateway</html>");
/// assert_eq!(error.class(), ErrorClass::Server);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseError<C> {
    status: u16,
    code: Option<C>,
    retry_after: Option<Duration>,
    format: Option<Format>,
    texts: Texts,
    fields: Vec<FieldError>,
    metadata: Option<Map<String, Value>>,
}

impl<C: Code> ResponseError<C> {
    /// Reads a response from its status, its `Retry-After` header if any,
    /// and its body. Never fails: a body it cannot read (empty, not JSON,
    /// not UTF-8, truncated, nested too deep, over
    /// [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES)) leaves the error to its
    /// status.
    pub fn from_parts(status: u16, retry_after: Option<&str>, body: &[u8]) -> ResponseError<C> {
        let mut parsed = wire::parse(body, C::CODE_MEMBER);
        let code = parsed.code.as_deref().and_then(C::from_code);
        // The envelope's entry about the request carries the code's message
        // when the error has no detail.
        if let Some(code) = code.filter(|_| parsed.format == Some(Format::Envelope))
            && parsed.detail.as_deref() == Some(code.message())
        {
            parsed.detail = None;
        }
        ResponseError::assemble(
            (status, code),
            retry_after.and_then(parse_retry_after),
            parsed.format,
            [
                parsed.code.as_deref(),
                parsed.title.as_deref(),
                parsed.detail.as_deref(),
                parsed.trace_id.as_deref(),
            ],
            parsed.fields,
            parsed.metadata,
        )
    }

    /// An error from what a transport read: the status and the code when
    /// known, then the code as sent, title, detail and trace id, in that
    /// order. Over HTTP, [`ResponseError::from_parts`] reads them; over
    /// gRPC, `from_grpc_status`.
    pub(crate) fn assemble(
        (status, code): (u16, Option<C>),
        retry_after: Option<Duration>,
        format: Option<Format>,
        texts: [Option<&str>; 4],
        fields: Vec<FieldError>,
        metadata: Option<Map<String, Value>>,
    ) -> ResponseError<C> {
        ResponseError {
            status,
            code,
            retry_after: retry_after.map(|wait| wait.min(MAX_RETRY_AFTER)),
            format,
            texts: Texts::new(texts),
            fields,
            metadata,
        }
    }

    /// Like [`ResponseError::from_parts`], finding `Retry-After` among
    /// `headers` (names in any case).
    pub fn from_response<'h>(
        status: u16,
        headers: impl IntoIterator<Item = (&'h str, &'h [u8])>,
        body: &[u8],
    ) -> ResponseError<C> {
        let retry_after = headers
            .into_iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("retry-after"))
            .and_then(|(_, value)| std::str::from_utf8(value).ok());
        ResponseError::from_parts(status, retry_after, body)
    }

    pub fn status(&self) -> u16 {
        self.status
    }

    /// The code, when this client knows it.
    pub fn code(&self) -> Option<C> {
        self.code
    }

    /// The code as sent, known or not.
    pub fn wire_code(&self) -> Option<&str> {
        self.texts.get(Texts::CODE)
    }

    /// The kind of failure, from the status.
    pub fn class(&self) -> ErrorClass {
        ErrorClass::of(self.status)
    }

    /// Whether sending the same request again later may succeed: the
    /// catalog's answer for a known code; otherwise yes under 429, 502, 503
    /// and 504, or when the server sent `Retry-After`.
    pub fn retryable(&self) -> bool {
        match self.code {
            Some(code) => code.retryable(),
            None => retryable_by_default(self.status) || self.retry_after.is_some(),
        }
    }

    /// How long the server asked the client to wait, at most
    /// [`MAX_RETRY_AFTER`].
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The body's format, when it was one of the two.
    pub fn format(&self) -> Option<Format> {
        self.format
    }

    pub fn title(&self) -> Option<&str> {
        self.texts.get(Texts::TITLE)
    }

    /// The detail the server gave. In the envelope, a message equal to the
    /// known code's own is no detail: the server sends the code's message
    /// when it has no detail.
    pub fn detail(&self) -> Option<&str> {
        self.texts.get(Texts::DETAIL)
    }

    pub fn trace_id(&self) -> Option<&str> {
        self.texts.get(Texts::TRACE_ID)
    }

    pub fn field_errors(&self) -> &[FieldError] {
        &self.fields
    }

    pub fn metadata(&self) -> Option<&Map<String, Value>> {
        self.metadata.as_ref()
    }
}

impl<C: Code> fmt::Display for ResponseError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.code, self.wire_code()) {
            (Some(code), _) => write!(f, "{code} ({}): {}", self.status, code.message())?,
            (None, Some(code)) => write!(
                f,
                "{} ({}), a code this client does not know",
                OneLine(code),
                self.status
            )?,
            (None, None) => write!(f, "HTTP {} without a readable error code", self.status)?,
        }
        if let Some(detail) = self.detail() {
            write!(f, ": {}", OneLine(detail))?;
        }
        Ok(())
    }
}

impl<C: Code> std::error::Error for ResponseError<C> {}

/// The code, title, detail and trace id a body carried, copied into one
/// allocation: most are borrowed from the body while it is read, and one
/// copy is cheaper than four.
#[derive(Clone, PartialEq)]
struct Texts {
    joined: Box<str>,
    /// Where each text is in `joined`, by the indices below.
    spans: [Option<(u32, u32)>; 4],
}

impl Texts {
    const CODE: usize = 0;
    const TITLE: usize = 1;
    const DETAIL: usize = 2;
    const TRACE_ID: usize = 3;

    /// Texts in the order of the indices. One per body and each of them
    /// from it, so their offsets fit in `u32` (bodies are at most
    /// [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES)).
    fn new(texts: [Option<&str>; 4]) -> Texts {
        let total = texts.iter().flatten().map(|text| text.len()).sum();
        let mut joined = String::with_capacity(total);
        let mut spans = [None; 4];
        for (span, text) in spans.iter_mut().zip(texts) {
            if let Some(text) = text {
                let start = joined.len();
                joined.push_str(text);
                *span = Some((start as u32, joined.len() as u32));
            }
        }
        Texts {
            joined: joined.into_boxed_str(),
            spans,
        }
    }

    fn get(&self, index: usize) -> Option<&str> {
        let (start, end) = self.spans.get(index).copied().flatten()?;
        self.joined.get(start as usize..end as usize)
    }
}

impl fmt::Debug for Texts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Texts")
            .field("code", &self.get(Texts::CODE))
            .field("title", &self.get(Texts::TITLE))
            .field("detail", &self.get(Texts::DETAIL))
            .field("trace_id", &self.get(Texts::TRACE_ID))
            .finish()
    }
}

/// Whether a code under `status` is worth retrying when the catalog does
/// not say: too many requests, and the gateway failures that pass.
pub fn retryable_by_default(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// `Retry-After` is delta-seconds (`1*DIGIT`) or an HTTP date (RFC 9110,
/// section 10.2.3), around which a header may have spaces and tabs. Waits
/// over [`MAX_RETRY_AFTER`](crate::MAX_RETRY_AFTER) are cut to it; a date in the past is no wait.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim_matches([' ', '\t']);
    let wait = if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // All digits: only too many of them fails to parse.
        Duration::from_secs(value.parse().unwrap_or(u64::MAX))
    } else {
        let at = httpdate::parse_http_date(value).ok()?;
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO)
    };
    Some(wait.min(MAX_RETRY_AFTER))
}
