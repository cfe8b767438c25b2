//! Error response bodies as they go on the wire.
//!
//! One module writes them for [`ApiError`](crate::ApiError) and for the
//! examples on the reference page, so the page cannot show a body the server
//! would not send, and reads them back for clients. Two formats:
//!
//! - [`Format::Problem`]: RFC 9457 problem details, `application/problem+json`:
//!   `type`, `title`, `status`, the code, `detail`, `errors` (field path to
//!   messages), `metadata`, `trace_id`.
//! - [`Format::Envelope`]: `{"errors": [...]}`, each entry with `error_key`
//!   (the field, or `request`/`base`), `category` (the code), `message`,
//!   optional `metadata` and nested `errors`.
//!
//! Server errors (5xx) never carry `detail`, field errors or metadata: those
//! may hold internal text. The trace id is what links a 5xx to its log line.

mod read;
mod write;

pub use read::{MAX_BODY_BYTES, Parsed, parse};
pub use write::{write, write_pretty};

use serde::Deserialize;

/// The shape of an error response body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// RFC 9457 problem details.
    #[default]
    Problem,
    /// `{"errors": [...]}`.
    Envelope,
}

impl Format {
    /// The `Content-Type` a body of this format is sent with.
    pub const fn content_type(self) -> &'static str {
        match self {
            Format::Problem => "application/problem+json",
            Format::Envelope => "application/json",
        }
    }
}

/// What an error that is not about one field is about, in the envelope's
/// `error_key`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Subject {
    /// The request as a whole: malformed, unauthorised, rate limited...
    #[default]
    Request,
    /// The resource the request acts on, as in "cannot be cancelled now".
    Base,
}

impl Subject {
    pub const fn as_str(self) -> &'static str {
        match self {
            Subject::Request => "request",
            Subject::Base => "base",
        }
    }
}

/// One field's messages. The path is the field's name (`legal_name`) or a
/// JSON path (`$.items[2].qty`); dots separate the levels of nesting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub path: String,
    pub messages: Vec<String>,
}

/// Everything a body may carry, borrowed from whoever builds it.
#[derive(Clone, Copy, Debug)]
pub struct Body<'a> {
    pub code: &'a str,
    pub status: u16,
    pub title: &'a str,
    /// The code's message, for envelope entries that have no message of their own.
    pub message: &'a str,
    /// The problem `type`: the code's entry on the reference page.
    pub type_url: &'a str,
    pub detail: Option<&'a str>,
    pub fields: &'a [FieldError],
    pub metadata: Option<&'a serde_json::Map<String, serde_json::Value>>,
    pub trace_id: Option<&'a str>,
    pub subject: Subject,
}

impl Body<'_> {
    /// Whether the body may carry what the caller said about the error:
    /// not for server errors.
    pub const fn shows_details(&self) -> bool {
        self.status < 500
    }
}
