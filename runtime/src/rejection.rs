//! The errors a framework sends on its own (a body that is not JSON, a
//! route that does not exist, a panic, a timeout), named so that a catalog
//! can map each to one of its codes.

use crate::Code;

/// An error a service sends that no handler wrote.
///
/// Each has a name for `[package.metadata.errors.rejections]`, where a
/// catalog maps it to one of its codes; the build checks that the code
/// exists and that its status [fits](Rejection::fits).
///
/// ```
/// use errors_runtime::Rejection;
///
/// assert_eq!(Rejection::from_name("json-syntax"), Some(Rejection::JsonSyntax));
/// assert_eq!(Rejection::Timeout.name(), "timeout");
/// assert!(Rejection::Timeout.fits(503) && !Rejection::Timeout.fits(500));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rejection {
    /// `json-syntax`: a JSON body that does not parse, or could not be read.
    JsonSyntax,
    /// `json-data`: a JSON body of the wrong shape (a missing field, a
    /// wrong type).
    JsonData,
    /// `missing-content-type`: a body without a `Content-Type` header.
    MissingContentType,
    /// `unsupported-media-type`: a body whose `Content-Type` the endpoint
    /// does not read.
    UnsupportedMediaType,
    /// `payload-too-large`: a body over the size limit.
    PayloadTooLarge,
    /// `form`: a form body or form query that does not fit its type.
    Form,
    /// `path`: a path parameter that does not fit its type.
    Path,
    /// `query`: a query string that does not fit its type.
    Query,
    /// `not-found`: no route matches the path.
    NotFound,
    /// `method-not-allowed`: a route matches the path but not the method.
    MethodNotAllowed,
    /// `panic`: a handler panicked, or a route is set up wrong (a path
    /// extractor on a route without parameters). The response never says
    /// more than the code.
    Panic,
    /// `timeout`: the request took longer than the service allows.
    Timeout,
}

impl Rejection {
    /// Every rejection, in the order the settings document them.
    pub const ALL: &'static [Rejection] = &[
        Rejection::JsonSyntax,
        Rejection::JsonData,
        Rejection::MissingContentType,
        Rejection::UnsupportedMediaType,
        Rejection::PayloadTooLarge,
        Rejection::Form,
        Rejection::Path,
        Rejection::Query,
        Rejection::NotFound,
        Rejection::MethodNotAllowed,
        Rejection::Panic,
        Rejection::Timeout,
    ];

    /// Its key in `[package.metadata.errors.rejections]`.
    pub fn name(self) -> &'static str {
        match self {
            Rejection::JsonSyntax => "json-syntax",
            Rejection::JsonData => "json-data",
            Rejection::MissingContentType => "missing-content-type",
            Rejection::UnsupportedMediaType => "unsupported-media-type",
            Rejection::PayloadTooLarge => "payload-too-large",
            Rejection::Form => "form",
            Rejection::Path => "path",
            Rejection::Query => "query",
            Rejection::NotFound => "not-found",
            Rejection::MethodNotAllowed => "method-not-allowed",
            Rejection::Panic => "panic",
            Rejection::Timeout => "timeout",
        }
    }

    /// The rejection a settings key names.
    pub fn from_name(name: &str) -> Option<Rejection> {
        Rejection::ALL.iter().copied().find(|r| r.name() == name)
    }

    /// Whether a code of this status can stand for the rejection: a panic
    /// is a 500, a timeout a 503 or 504, everything else the client's
    /// fault, a 4xx.
    pub fn fits(self, status: u16) -> bool {
        match self {
            Rejection::Panic => status == 500,
            Rejection::Timeout => matches!(status, 503 | 504),
            _ => (400..500).contains(&status),
        }
    }

    /// What [`Rejection::fits`] asks of a status, for diagnostics.
    pub fn expected_status(self) -> &'static str {
        match self {
            Rejection::Panic => "500",
            Rejection::Timeout => "503 or 504",
            _ => "a 4xx status",
        }
    }
}

/// A code enum whose catalog maps every [`Rejection`] to one of its codes.
///
/// Generated when the settings have a `[package.metadata.errors.rejections]`
/// table; the axum integration answers rejections with these codes.
pub trait RejectionCodes: Code {
    /// The code that answers `rejection`.
    fn rejection_code(rejection: Rejection) -> Self;
}
