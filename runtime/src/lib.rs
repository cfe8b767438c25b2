//! The runtime of crates generated from an error catalog.
//!
//! Codegen turns a catalog into a code enum (`ErrorCode`) that implements
//! [`Code`]; this crate knows no catalog and serves every such enum, the way
//! `prost` serves every generated message:
//!
//! - [`ApiError`]: the server side, a code with what the handler knows about
//!   this occurrence, written as an RFC 9457 problem or an envelope body;
//!   [`Details`], what a code declares about each occurrence, typed;
//! - [`ResponseError`] and [`ErrorClass`]: the client side, a response read
//!   back into the same enum, classified by its status when the code is not
//!   known;
//! - [`wire`]: the bodies themselves, also written by the reference page's
//!   examples so the page cannot show a body the server would not send;
//! - [`lookup`]: the perfect hash table behind `from_code`, laid out by
//!   codegen with the same hash functions.
//!
//! With the `http` feature, `http::Response` conversions; with `axum`,
//! `ApiError` is an `IntoResponse`; with `utoipa`, the code enum and
//! `ApiError` are OpenAPI schemas and responses ([`openapi`]).
//! A catalog with translations writes an error in the locale chosen with
//! [`ApiError::with_locale`] or, with `locales`, from `Accept-Language`
//! ([`locale`]).
//! Each code has a gRPC code ([`GrpcCode`], [`grpc`]); with `tonic`,
//! `ApiError` is a `tonic::Status` and `ResponseError` reads one back.
//!
//! ```
//! use errors_runtime::{ApiError, Code, ResponseError};
//!
//! # errors_runtime::doc_example_code!();
//! let error = ApiError::new(DemoCode::RateLimited).with_trace_id("t-1");
//! let read = ResponseError::<DemoCode>::from_parts(error.status(), None, &error.body());
//! assert_eq!(read.code(), Some(DemoCode::RateLimited));
//! assert!(read.retryable());
//! ```

#![forbid(unsafe_code)]

mod api_error;
#[cfg(feature = "axum")]
pub mod axum;
mod client;
pub mod details;
pub mod grpc;
#[cfg(feature = "http")]
mod http;
pub mod locale;
pub mod lookup;
#[cfg(feature = "utoipa")]
pub mod openapi;
mod rejection;
pub mod wire;

pub use api_error::ApiError;
pub use client::{ErrorClass, ResponseError, retryable_by_default};
pub use details::Details;
pub use grpc::GrpcCode;
#[cfg(feature = "http")]
pub use http::traceparent_trace_id;
pub use rejection::{Rejection, RejectionCodes};
pub use wire::{Body, FieldError, Format, MAX_BODY_BYTES, MAX_RETRY_AFTER, Subject};

use core::fmt;

/// What every generated code enum gives the runtime: its catalog data.
///
/// Codegen implements it; a hand-written implementation works too, as long
/// as `from_code` is the inverse of `as_str`.
pub trait Code: Copy + Eq + fmt::Debug + fmt::Display + Send + Sync + 'static {
    /// The response format the catalog's settings choose.
    const FORMAT: Format;
    /// The problem-details member that carries the code.
    const CODE_MEMBER: &'static str;
    /// Every code of the catalog, in catalog order.
    const ALL: &'static [Self];

    /// The code as it goes on the wire, e.g. `"invalid_json"`.
    fn as_str(self) -> &'static str;
    /// The HTTP status this code is sent with.
    fn status(self) -> u16;
    /// A short title: a problem's `title`.
    fn title(self) -> &'static str;
    /// The message for people, as the catalog words it.
    fn message(self) -> &'static str;
    /// The code's entry on the reference page: a problem's `type`.
    fn doc_url(self) -> &'static str;
    /// Whether the same request may succeed when sent again later.
    fn retryable(self) -> bool;
    /// The code for a wire string; `None` for a code the catalog does not have.
    fn from_code(code: &str) -> Option<Self>;

    // gRPC (new in version 2). Defaults, so that hand-written
    // implementations keep compiling; the generated code sets them all.

    /// The `ErrorInfo` domain of the catalog's codes: the settings'
    /// `grpc-domain`.
    const GRPC_DOMAIN: &'static str = "";

    /// The gRPC code this code is sent with: the catalog's `grpc` key, by
    /// default the one its status maps to ([`GrpcCode::from_status`]).
    fn grpc_code(self) -> GrpcCode {
        GrpcCode::from_status(self.status())
    }

    /// The code as an `ErrorInfo` reason: the code itself, or its
    /// UPPER_SNAKE form ([`grpc::upper_snake`]), as the settings'
    /// `grpc-reason` says.
    fn grpc_reason(self) -> &'static str {
        self.as_str()
    }

    // Locales (catalog format 1.1). Defaults, as for gRPC: a catalog
    // without translations has one locale, and these give nothing.

    /// The catalog's locales, its default (`default-locale`) first; empty
    /// for an implementation that names none.
    const LOCALES: &'static [&'static str] = &[];

    /// The title in `locale`, one of [`Code::LOCALES`]; `None` where the
    /// catalog has no translation of it.
    fn localized_title(self, locale: &str) -> Option<&'static str> {
        let _ = locale;
        None
    }

    /// The message in `locale`, one of [`Code::LOCALES`]; `None` where the
    /// catalog has no translation of it.
    fn localized_message(self, locale: &str) -> Option<&'static str> {
        let _ = locale;
        None
    }
}

/// The standard reason phrase of an HTTP status, as RFC 9110 and its
/// companions name it; `None` for a status no RFC names.
pub fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// A string that is not a code of the catalog: the error of `ErrorCode`'s
/// `FromStr`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCode(pub String);

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown error code `{}`", self.0.escape_debug())
    }
}

impl std::error::Error for UnknownCode {}

/// Includes the code a build script generated with `codegen::Builder`:
/// `include_codes!()` for the default file, `include_codes!("name.rs")` for
/// one named with `Builder::file_name`.
///
/// ```ignore
/// mod public {
///     errors_runtime::include_codes!();
/// }
/// mod internal {
///     errors_runtime::include_codes!("internal_codes.rs");
/// }
/// ```
#[macro_export]
macro_rules! include_codes {
    () => {
        $crate::include_codes!("error_codes.rs");
    };
    ($file:literal) => {
        include!(concat!(env!("OUT_DIR"), "/", $file));
    };
}

/// What generated code uses and users need not name.
#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "axum")]
    pub use ::axum;
    #[cfg(feature = "http")]
    pub use ::http;
    pub use serde;
    pub use serde_json;
    #[cfg(feature = "utoipa")]
    pub use utoipa;

    /// `Deserialize` for a code enum: its wire string, known to the catalog.
    pub fn deserialize_code<'de, C: crate::Code, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<C, D::Error> {
        struct WireCode<C>(core::marker::PhantomData<C>);

        impl<C: crate::Code> serde::de::Visitor<'_> for WireCode<C> {
            type Value = C;

            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("an error code string")
            }

            fn visit_str<E: serde::de::Error>(self, code: &str) -> Result<C, E> {
                C::from_code(code).ok_or_else(|| E::custom(crate::UnknownCode(code.to_owned())))
            }
        }

        deserializer.deserialize_str(WireCode(core::marker::PhantomData))
    }
}

/// Defines `DemoCode`, a two-code [`Code`] for this crate's examples.
#[doc(hidden)]
#[macro_export]
macro_rules! doc_example_code {
    () => {
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        enum DemoCode {
            InvalidJson,
            RateLimited,
        }
        impl ::core::fmt::Display for DemoCode {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str($crate::Code::as_str(*self))
            }
        }
        impl $crate::Code for DemoCode {
            const FORMAT: $crate::Format = $crate::Format::Problem;
            const CODE_MEMBER: &'static str = "code";
            const ALL: &'static [DemoCode] = &[DemoCode::InvalidJson, DemoCode::RateLimited];
            fn as_str(self) -> &'static str {
                match self {
                    DemoCode::InvalidJson => "invalid_json",
                    DemoCode::RateLimited => "rate_limited",
                }
            }
            fn status(self) -> u16 {
                match self {
                    DemoCode::InvalidJson => 400,
                    DemoCode::RateLimited => 429,
                }
            }
            fn title(self) -> &'static str {
                "Demo"
            }
            fn message(self) -> &'static str {
                "A demo code."
            }
            fn doc_url(self) -> &'static str {
                "about:blank"
            }
            fn retryable(self) -> bool {
                $crate::Code::status(self) == 429
            }
            fn from_code(code: &str) -> ::core::option::Option<DemoCode> {
                [DemoCode::InvalidJson, DemoCode::RateLimited]
                    .into_iter()
                    .find(|c| $crate::Code::as_str(*c) == code)
            }
        }
    };
}

/// Without `utoipa`, the generated code's `ToSchema` impls are nothing.
#[cfg(not(feature = "utoipa"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __code_schema {
    ($code:ident) => {};
}

/// Without `axum`, a catalog's rejection extractors are nothing.
#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __axum_rejections {
    ($code:ident) => {};
}
