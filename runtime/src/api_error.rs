//! The server side: a code with what the handler knows about this
//! occurrence, turned into the response body the catalog's format calls for.

use crate::Code;
use crate::wire::{self, Body, FieldError, Format, Subject};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;
use std::time::Duration;

type Source = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An error a handler returns, for a code of any catalog.
///
/// A generated crate names it for its own enum
/// (`pub type ApiError = errors_runtime::ApiError<ErrorCode>;`).
///
/// ```
/// use errors_runtime::ApiError;
///
/// # errors_runtime::doc_example_code!();
/// let error = ApiError::new(DemoCode::InvalidJson)
///     .with_detail("`contact.email` has no @")
///     .with_field_error("contact.email", "Must contain an @.")
///     .with_trace_id("ae3c4bd470e1d843e25d93201a501073");
/// assert_eq!(error.status(), 400);
/// let body: serde_json::Value = serde_json::from_slice(&error.body()).unwrap();
/// assert_eq!(body["code"], "invalid_json");
/// assert_eq!(body["errors"]["contact.email"][0], "Must contain an @.");
/// ```
#[derive(Debug)]
pub struct ApiError<C: Code> {
    code: C,
    detail: Option<String>,
    fields: Vec<FieldError>,
    metadata: Map<String, Value>,
    trace_id: Option<Cow<'static, str>>,
    /// Made on first use when none is given: most errors get the
    /// request's trace id, so generating one up front would be waste.
    generated_trace_id: OnceLock<[u8; 32]>,
    retry_after: Option<u64>,
    subject: Subject,
    format: Option<Format>,
    source: Option<Source>,
    /// The locale chosen for this error, one of `C::LOCALES`.
    locale: Option<&'static str>,
    /// The detail in each further locale the code's template is
    /// translated into, as `from_details` rendered it.
    localized_details: Vec<(&'static str, String)>,
}

impl<C: Code> ApiError<C> {
    /// An error with a fresh trace id and nothing else said about it.
    pub fn new(code: C) -> ApiError<C> {
        ApiError {
            code,
            detail: None,
            fields: Vec::new(),
            metadata: Map::new(),
            trace_id: None,
            generated_trace_id: OnceLock::new(),
            retry_after: None,
            subject: Subject::Request,
            format: None,
            source: None,
            locale: None,
            localized_details: Vec::new(),
        }
    }

    /// What went wrong this time, for the client. Left out of 5xx bodies.
    pub fn with_detail(mut self, detail: impl Into<String>) -> ApiError<C> {
        self.detail = Some(detail.into());
        // A detail written by hand has no translations.
        self.localized_details.clear();
        self
    }

    /// Writes the title, message and (templated) detail in `locale`: one of
    /// the catalog's locales, or a tag that falls back to one (`fr-CA` to
    /// `fr`, [`locale::lookup`](crate::locale::lookup)). A locale the
    /// catalog does not have changes nothing; a code without a translation
    /// is written in the default locale ([`ApiError::locale`]).
    pub fn with_locale(mut self, locale: &str) -> ApiError<C> {
        if let Some(found) = crate::locale::lookup(C::LOCALES, locale) {
            self.locale = Some(found);
        }
        self
    }

    /// As [`ApiError::with_locale`], for the locale an `Accept-Language`
    /// header value prefers ([`locale::negotiate`](crate::locale::negotiate)).
    /// Under `errors_runtime::axum::catalog_errors` this happens by itself,
    /// from the request's header.
    #[cfg(feature = "locales")]
    pub fn for_accept_language(mut self, accept_language: &str) -> ApiError<C> {
        if let Some(found) = crate::locale::negotiate(C::LOCALES, accept_language) {
            self.locale = Some(found);
        }
        self
    }

    /// Stores the detail of `details` in each further locale it has.
    pub(crate) fn with_localized_details<D: crate::Details<Code = C>>(
        mut self,
        details: &D,
    ) -> ApiError<C> {
        self.localized_details = C::LOCALES
            .iter()
            .skip(1)
            .filter_map(|&locale| Some((locale, details.localized_detail(locale)?)))
            .collect();
        self
    }

    /// A message about one field, by name (`legal_name`) or JSON path
    /// (`$.items[2].qty`). A field may have several messages.
    pub fn with_field_error(
        mut self,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> ApiError<C> {
        let path = path.into();
        let message = message.into();
        match self.fields.iter_mut().find(|field| field.path == path) {
            Some(field) => field.messages.push(message),
            None => self.fields.push(FieldError {
                path,
                messages: vec![message],
            }),
        }
        self
    }

    /// A machine-readable fact for the client, such as a limit. Left out of
    /// 5xx bodies.
    pub fn with_metadata(mut self, key: impl Into<String>, value: impl Into<Value>) -> ApiError<C> {
        self.metadata.insert(key.into(), value.into());
        self
    }

    /// The trace id of the request, instead of the generated one.
    pub fn with_trace_id(mut self, trace_id: impl Into<Cow<'static, str>>) -> ApiError<C> {
        self.trace_id = Some(trace_id.into());
        self
    }

    /// How long the client should wait before retrying, sent as
    /// `Retry-After` in whole seconds, rounded up, and at most
    /// [`MAX_RETRY_AFTER`](crate::MAX_RETRY_AFTER) (a day), which clients
    /// read no further. Only retryable codes (`retryable` in the catalog)
    /// carry it; for others it is ignored, as retrying the same request will
    /// not help.
    pub fn with_retry_after(mut self, wait: Duration) -> ApiError<C> {
        if self.code.retryable() {
            let seconds = wait
                .as_secs()
                .saturating_add(u64::from(wait.subsec_nanos() > 0));
            self.retry_after = Some(seconds.min(wire::MAX_RETRY_AFTER.as_secs()));
        }
        self
    }

    /// The error that caused this one: chained as [`std::error::Error::source`]
    /// for logs, never serialized.
    pub fn with_source(mut self, source: impl Into<Source>) -> ApiError<C> {
        self.source = Some(source.into());
        self
    }

    /// Marks the error as about the resource the request acts on rather
    /// than the request itself: `error_key` `base` instead of `request` in
    /// the envelope format.
    pub fn about_resource(mut self) -> ApiError<C> {
        self.subject = Subject::Base;
        self
    }

    /// Sends this error in `format` instead of the catalog's format.
    pub fn with_format(mut self, format: Format) -> ApiError<C> {
        self.format = Some(format);
        self
    }

    pub fn code(&self) -> C {
        self.code
    }

    /// The HTTP status, from the catalog.
    pub fn status(&self) -> u16 {
        self.code.status()
    }

    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }

    pub fn field_errors(&self) -> &[FieldError] {
        &self.fields
    }

    pub fn metadata(&self) -> &Map<String, Value> {
        &self.metadata
    }

    /// The trace id given; else, under `errors_runtime::axum::catalog_errors`,
    /// the one of the request's `traceparent` header; else one generated: 32
    /// random hex digits.
    pub fn trace_id(&self) -> &str {
        match &self.trace_id {
            Some(given) => given,
            None => {
                let hex = self.generated_trace_id.get_or_init(|| {
                    #[cfg(feature = "axum")]
                    if let Some(id) = crate::axum::request_trace_id() {
                        return id;
                    }
                    generate_trace_id()
                });
                std::str::from_utf8(hex).unwrap_or_default()
            }
        }
    }

    /// The `Retry-After` value in seconds, if the response carries one.
    pub fn retry_after(&self) -> Option<u64> {
        self.retry_after
    }

    /// The body's format: the catalog's unless [`ApiError::with_format`] says otherwise.
    pub fn format(&self) -> Format {
        self.format.unwrap_or(C::FORMAT)
    }

    /// The locale the texts are written in, sent as `Content-Language`:
    /// the one chosen (by [`ApiError::with_locale`] or, under
    /// `errors_runtime::axum::catalog_errors`, by the request's
    /// `Accept-Language`) where the catalog translates the code's message
    /// into it; else the default. `None` for a code enum without locales.
    pub fn locale(&self) -> Option<&'static str> {
        let default = C::LOCALES.first().copied();
        match self.chosen_locale() {
            Some(chosen)
                if Some(chosen) != default && self.code.localized_message(chosen).is_some() =>
            {
                Some(chosen)
            }
            _ => default,
        }
    }

    fn chosen_locale(&self) -> Option<&'static str> {
        // With one locale there is nothing to negotiate.
        #[cfg(feature = "axum")]
        if self.locale.is_none() && C::LOCALES.len() > 1 {
            return crate::axum::request_locale(C::LOCALES);
        }
        self.locale
    }

    /// The further locale the texts are translated into, if not the
    /// default.
    pub(crate) fn translation(&self) -> Option<&'static str> {
        self.locale()
            .filter(|&locale| C::LOCALES.first() != Some(&locale))
    }

    /// The title, the message and the detail, in [`ApiError::locale`].
    pub(crate) fn texts(&self) -> (&'static str, &'static str, Option<&str>) {
        let code = self.code;
        match self.translation() {
            Some(locale) => (
                code.localized_title(locale).unwrap_or(code.title()),
                code.localized_message(locale).unwrap_or(code.message()),
                self.localized_details
                    .iter()
                    .find(|(tag, _)| *tag == locale)
                    .map(|(_, detail)| detail.as_str())
                    .or(self.detail.as_deref()),
            ),
            None => (code.title(), code.message(), self.detail.as_deref()),
        }
    }

    /// The response's `Content-Type`.
    pub fn content_type(&self) -> &'static str {
        self.format().content_type()
    }

    /// The response body.
    pub fn body(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        self.write_body(&mut out);
        out
    }

    /// Appends the response body to `out`: at most
    /// [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES), the detail cut (ending in
    /// `…`), then field errors and metadata left out, to fit.
    pub fn write_body(&self, out: &mut Vec<u8>) {
        let (title, message, detail) = self.texts();
        let body = Body {
            code: self.code.as_str(),
            status: self.code.status(),
            title,
            message,
            type_url: self.code.doc_url(),
            detail,
            fields: &self.fields,
            metadata: Some(&self.metadata),
            trace_id: Some(self.trace_id()),
            subject: self.subject,
        };
        wire::write(&body, self.format(), C::CODE_MEMBER, out);
    }
}

#[cfg(feature = "tracing")]
impl<C: Code> ApiError<C> {
    /// The one event for a response: a 5xx at error level with the whole
    /// source chain, a 4xx at info level; each with code, status and trace id.
    pub(crate) fn log_response(&self) {
        let (code, status, trace_id) = (self.code.as_str(), self.status(), self.trace_id());
        if status >= 500 {
            let sources = Sources(self.source.as_deref());
            tracing::error!(code, status, trace_id, sources = %sources, "{self}");
        } else {
            tracing::info!(code, status, trace_id, "{self}");
        }
    }
}

/// An error's causes, outermost first, as one line: `a: b: c`.
#[cfg(feature = "tracing")]
struct Sources<'a>(Option<&'a (dyn std::error::Error + Send + Sync + 'static)>);

#[cfg(feature = "tracing")]
impl fmt::Display for Sources<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut next: Option<&(dyn std::error::Error + 'static)> = self
            .0
            .map(|source| source as &(dyn std::error::Error + 'static));
        let mut first = true;
        while let Some(error) = next {
            if !first {
                f.write_str(": ")?;
            }
            write!(f, "{}", OneLine(&error.to_string()))?;
            first = false;
            next = error.source();
        }
        Ok(())
    }
}

impl<C: Code> From<C> for ApiError<C> {
    fn from(code: C) -> ApiError<C> {
        ApiError::new(code)
    }
}

impl<C: Code> fmt::Display for ApiError<C> {
    /// A log line: `invalid_json (400): The request body was not valid JSON.
    /// detail: ... [trace_id ...]`. It may show what the response hides.
    /// Always one line: control characters in texts are shown escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.code,
            self.status(),
            OneLine(self.code.message())
        )?;
        if let Some(detail) = &self.detail {
            write!(f, " detail: {}", OneLine(detail))?;
        }
        write!(f, " [trace_id {}]", OneLine(self.trace_id()))
    }
}

/// Text for a log line, which it can neither end nor forge another after:
/// control characters (CR, LF, ESC...), the Unicode line and paragraph
/// separators and `\` are shown as Rust escapes (`\r`, `\n`, `\u{1b}`,
/// `\\`), so the escaping can be undone.
pub(crate) struct OneLine<'a>(pub(crate) &'a str);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        let escaped = |c: char| c.is_control() || matches!(c, '\\' | '\u{2028}' | '\u{2029}');
        let mut rest = self.0;
        while let Some(at) = rest.find(escaped) {
            let (plain, tail) = rest.split_at(at);
            f.write_str(plain)?;
            let mut chars = tail.chars();
            if let Some(c) = chars.next() {
                for c in c.escape_default() {
                    f.write_char(c)?;
                }
            }
            rest = chars.as_str();
        }
        f.write_str(rest)
    }
}

impl<C: Code> std::error::Error for ApiError<C> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn std::error::Error + 'static))
    }
}

/// 32 random hex digits, without allocating.
fn generate_trace_id() -> [u8; 32] {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    // RandomState is seeded randomly per process and varied per instance;
    // with a counter it gives ids that do not repeat.
    let state = std::collections::hash_map::RandomState::new();
    let mut hasher = state.build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let high = hasher.finish();
    hasher.write_u64(high);
    let low = hasher.finish();
    let mut hex = [0u8; 32];
    let digits = u128::from(high) << 64 | u128::from(low);
    for (i, byte) in hex.iter_mut().enumerate() {
        let nibble = (digits >> (124 - 4 * i)) & 0xf;
        *byte = b"0123456789abcdef"[nibble as usize];
    }
    hex
}
