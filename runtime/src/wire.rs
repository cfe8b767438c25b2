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
//!
//! What [`write()`] writes, [`parse`] reads back: the same code, detail, field
//! paths with their messages, metadata and trace id, in both formats. The
//! envelope keeps paths exact this way:
//!
//! - a path is split at its dots into nested entries, at most
//!   [`ENVELOPE_MAX_DEPTH`] deep: the last `error_key` keeps the rest of the
//!   path, dots included, and a leading `$.` stays with the first key;
//!   reading joins the keys with dots;
//! - a top-level key that is `request` or `base`, or starts with `\`, gets
//!   a `\` in front, so a field cannot pass for the entry about the request;
//! - a field's own messages are entries of their own, before the entry that
//!   holds its nested fields.
//!
//! Both sides hold the same limits: a body is at most [`MAX_BODY_BYTES`]
//! (the writer cuts the detail, then drops fields, then metadata), the field
//! paths read from a body total at most [`MAX_BODY_BYTES`] (the writer sends
//! no more), and `Retry-After` is at most [`MAX_RETRY_AFTER`].

mod read;
mod write;

pub use read::{Parsed, parse};
#[cfg(feature = "tonic")]
pub(crate) use write::floor_char_boundary;
pub use write::{write, write_pretty};

use serde::Deserialize;
use std::time::Duration;

/// Bodies longer than this are not parsed, and the writer sends none longer
/// (unless the code, title, type and trace id alone are). Error bodies are
/// small; a larger one is not an error body this crate wrote, and reading it
/// would cost the client memory for nothing. The field paths read from one
/// body also total at most this many bytes: in the envelope a path is the
/// keys of the entries above it, so a long key with many entries under it
/// would otherwise make a small body expand into many long paths.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The longest wait a `Retry-After` asks for, on both sides: the server
/// sends no more, the client reads no more. A day: a longer wait is not a
/// retry.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// How many levels of `errors` an envelope nests at most: a field path with
/// more dots keeps the rest in its last `error_key`. Keeps writing from
/// recursing per dot, and bodies within the nesting JSON readers accept
/// (serde_json's is 128, two per level).
pub const ENVELOPE_MAX_DEPTH: usize = 32;

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

/// Whether a field's top-level `error_key` must be escaped with a `\`: it
/// would read as the entry about the request, or as an escaped key.
fn needs_escape(key: &str) -> bool {
    matches!(key, "request" | "base") || key.starts_with('\\')
}

/// One field's messages. The path is the field's name (`legal_name`) or a
/// JSON path (`$.items[2].qty`); dots separate the levels of nesting. Any
/// string is a path.
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
