//! gRPC: the `google.rpc.Code` of each catalog code, and (feature `tonic`)
//! `ApiError` as a `tonic::Status` and a `tonic::Status` back into a
//! `ResponseError`.
//!
//! [`GrpcCode`] needs no dependency: the generated code names each code's
//! gRPC code whether or not the feature is on, so turning it on changes no
//! generated code.

#[cfg(feature = "tonic")]
mod status;

#[cfg(feature = "tonic")]
pub use status::{DEFAULT_RETRY_DELAY, MAX_DETAILS_BYTES, MAX_MESSAGE_BYTES};

use core::fmt;

/// A `google.rpc.Code`: the status codes of gRPC, with their numbers.
///
/// A catalog code names one with `grpc = "NOT_FOUND"`, or gets the one its
/// HTTP status maps to ([`GrpcCode::from_status`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GrpcCode {
    Ok = 0,
    Cancelled = 1,
    Unknown = 2,
    InvalidArgument = 3,
    DeadlineExceeded = 4,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    OutOfRange = 11,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    DataLoss = 15,
    Unauthenticated = 16,
}

impl GrpcCode {
    /// Every code, by number.
    pub const ALL: [GrpcCode; 17] = [
        GrpcCode::Ok,
        GrpcCode::Cancelled,
        GrpcCode::Unknown,
        GrpcCode::InvalidArgument,
        GrpcCode::DeadlineExceeded,
        GrpcCode::NotFound,
        GrpcCode::AlreadyExists,
        GrpcCode::PermissionDenied,
        GrpcCode::ResourceExhausted,
        GrpcCode::FailedPrecondition,
        GrpcCode::Aborted,
        GrpcCode::OutOfRange,
        GrpcCode::Unimplemented,
        GrpcCode::Internal,
        GrpcCode::Unavailable,
        GrpcCode::DataLoss,
        GrpcCode::Unauthenticated,
    ];

    /// The name `google/rpc/code.proto` gives it, e.g. `"NOT_FOUND"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            GrpcCode::Ok => "OK",
            GrpcCode::Cancelled => "CANCELLED",
            GrpcCode::Unknown => "UNKNOWN",
            GrpcCode::InvalidArgument => "INVALID_ARGUMENT",
            GrpcCode::DeadlineExceeded => "DEADLINE_EXCEEDED",
            GrpcCode::NotFound => "NOT_FOUND",
            GrpcCode::AlreadyExists => "ALREADY_EXISTS",
            GrpcCode::PermissionDenied => "PERMISSION_DENIED",
            GrpcCode::ResourceExhausted => "RESOURCE_EXHAUSTED",
            GrpcCode::FailedPrecondition => "FAILED_PRECONDITION",
            GrpcCode::Aborted => "ABORTED",
            GrpcCode::OutOfRange => "OUT_OF_RANGE",
            GrpcCode::Unimplemented => "UNIMPLEMENTED",
            GrpcCode::Internal => "INTERNAL",
            GrpcCode::Unavailable => "UNAVAILABLE",
            GrpcCode::DataLoss => "DATA_LOSS",
            GrpcCode::Unauthenticated => "UNAUTHENTICATED",
        }
    }

    /// The code's number on the wire (`grpc-status`).
    pub const fn value(self) -> i32 {
        self as i32
    }

    /// The code of a number; `None` for one gRPC does not define.
    pub fn from_value(value: i32) -> Option<GrpcCode> {
        usize::try_from(value)
            .ok()
            .and_then(|index| GrpcCode::ALL.get(index))
            .copied()
    }

    /// The code of a name as [`GrpcCode::as_str`] spells it.
    pub fn from_name(name: &str) -> Option<GrpcCode> {
        GrpcCode::ALL.into_iter().find(|code| code.as_str() == name)
    }

    /// The gRPC code of a catalog code that names none, from its HTTP
    /// status; the README's table:
    ///
    /// | status | gRPC code |
    /// |---|---|
    /// | 400, 413, 415, 422 | `INVALID_ARGUMENT` |
    /// | 401 | `UNAUTHENTICATED` |
    /// | 403 | `PERMISSION_DENIED` |
    /// | 404, 410 | `NOT_FOUND` |
    /// | 405, 501 | `UNIMPLEMENTED` |
    /// | 408, 504 | `DEADLINE_EXCEEDED` |
    /// | 409 | `ABORTED` |
    /// | 412 | `FAILED_PRECONDITION` |
    /// | 416 | `OUT_OF_RANGE` |
    /// | 429 | `RESOURCE_EXHAUSTED` |
    /// | 499 | `CANCELLED` |
    /// | other 4xx | `FAILED_PRECONDITION` |
    /// | 502, 503 | `UNAVAILABLE` |
    /// | 500, other 5xx (and anything else) | `INTERNAL` |
    pub const fn from_status(status: u16) -> GrpcCode {
        match status {
            400 | 413 | 415 | 422 => GrpcCode::InvalidArgument,
            401 => GrpcCode::Unauthenticated,
            403 => GrpcCode::PermissionDenied,
            404 | 410 => GrpcCode::NotFound,
            405 | 501 => GrpcCode::Unimplemented,
            408 | 504 => GrpcCode::DeadlineExceeded,
            409 => GrpcCode::Aborted,
            412 => GrpcCode::FailedPrecondition,
            416 => GrpcCode::OutOfRange,
            429 => GrpcCode::ResourceExhausted,
            499 => GrpcCode::Cancelled,
            400..=499 => GrpcCode::FailedPrecondition,
            502 | 503 => GrpcCode::Unavailable,
            _ => GrpcCode::Internal,
        }
    }

    /// The HTTP status `google/rpc/code.proto` maps the code to: what a
    /// client classifies a code it does not know by.
    pub const fn status(self) -> u16 {
        match self {
            GrpcCode::Ok => 200,
            GrpcCode::Cancelled => 499,
            GrpcCode::InvalidArgument | GrpcCode::FailedPrecondition | GrpcCode::OutOfRange => 400,
            GrpcCode::DeadlineExceeded => 504,
            GrpcCode::NotFound => 404,
            GrpcCode::AlreadyExists | GrpcCode::Aborted => 409,
            GrpcCode::PermissionDenied => 403,
            GrpcCode::ResourceExhausted => 429,
            GrpcCode::Unimplemented => 501,
            GrpcCode::Unavailable => 503,
            GrpcCode::Unauthenticated => 401,
            GrpcCode::Unknown | GrpcCode::Internal | GrpcCode::DataLoss => 500,
        }
    }
}

impl fmt::Display for GrpcCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an `ErrorInfo` reason spells a code: the settings' `grpc-reason`,
/// `"code"` or `"upper-snake"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GrpcReason {
    /// The wire code as it is, e.g. `invalid_json`.
    #[default]
    Code,
    /// AIP-193's UPPER_SNAKE_CASE form of it, e.g. `INVALID_JSON` ([`upper_snake`]).
    UpperSnake,
}

/// AIP-193's form of a code as an `ErrorInfo` reason: ASCII letters upper
/// case, `_` where a lower-case letter or digit meets an upper-case one
/// (`invalidJson` gives `INVALID_JSON`), and `_` for `-` and `.`.
pub fn upper_snake(code: &str) -> String {
    upper_snake_chars(code).collect()
}

/// [`upper_snake`] one character at a time, so that a reason is compared
/// with every code without allocating.
fn upper_snake_chars(code: &str) -> impl Iterator<Item = char> + '_ {
    let mut previous: Option<char> = None;
    code.chars().flat_map(move |c| {
        let boundary = c.is_ascii_uppercase()
            && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
        previous = Some(c);
        let c = match c {
            '-' | '.' => '_',
            c => c.to_ascii_uppercase(),
        };
        boundary.then_some('_').into_iter().chain([c])
    })
}

/// Whether `reason` is [`upper_snake`] of `code`.
#[cfg_attr(not(feature = "tonic"), allow(dead_code))]
pub(crate) fn is_upper_snake_of(reason: &str, code: &str) -> bool {
    upper_snake_chars(code).eq(reason.chars())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_values_round_trip() {
        for (index, code) in GrpcCode::ALL.into_iter().enumerate() {
            assert_eq!(code.value(), index as i32);
            assert_eq!(GrpcCode::from_value(code.value()), Some(code));
            assert_eq!(GrpcCode::from_name(code.as_str()), Some(code));
        }
        assert_eq!(GrpcCode::from_value(17), None);
        assert_eq!(GrpcCode::from_value(-1), None);
        assert_eq!(GrpcCode::from_name("not_found"), None);
    }

    #[test]
    fn statuses_map_as_the_table_says() {
        let table = [
            (400, GrpcCode::InvalidArgument),
            (401, GrpcCode::Unauthenticated),
            (402, GrpcCode::FailedPrecondition),
            (403, GrpcCode::PermissionDenied),
            (404, GrpcCode::NotFound),
            (405, GrpcCode::Unimplemented),
            (408, GrpcCode::DeadlineExceeded),
            (409, GrpcCode::Aborted),
            (410, GrpcCode::NotFound),
            (412, GrpcCode::FailedPrecondition),
            (413, GrpcCode::InvalidArgument),
            (415, GrpcCode::InvalidArgument),
            (416, GrpcCode::OutOfRange),
            (422, GrpcCode::InvalidArgument),
            (423, GrpcCode::FailedPrecondition),
            (429, GrpcCode::ResourceExhausted),
            (499, GrpcCode::Cancelled),
            (500, GrpcCode::Internal),
            (501, GrpcCode::Unimplemented),
            (502, GrpcCode::Unavailable),
            (503, GrpcCode::Unavailable),
            (504, GrpcCode::DeadlineExceeded),
            (507, GrpcCode::Internal),
        ];
        for (status, code) in table {
            assert_eq!(GrpcCode::from_status(status), code, "{status}");
        }
        // Back to a status of the same class, so an unknown code is
        // classified as its server meant it; but for 405 and 408, which
        // the table sends as UNIMPLEMENTED and DEADLINE_EXCEEDED, server
        // errors in google's mapping.
        for status in (400..=599).filter(|status| ![405, 408].contains(status)) {
            let back = GrpcCode::from_status(status).status();
            assert_eq!(back / 100, status / 100, "{status} -> {back}");
        }
    }

    #[test]
    fn upper_snake_follows_aip_193() {
        assert_eq!(upper_snake("invalid_json"), "INVALID_JSON");
        assert_eq!(upper_snake("auth.token-expired"), "AUTH_TOKEN_EXPIRED");
        assert_eq!(upper_snake("invalidJson2Fa"), "INVALID_JSON2_FA");
        assert_eq!(upper_snake("E22P02"), "E22_P02");
        assert!(is_upper_snake_of("INVALID_JSON", "invalid_json"));
        assert!(!is_upper_snake_of("INVALID_JSO", "invalid_json"));
    }
}
