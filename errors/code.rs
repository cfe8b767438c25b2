//! Conversions of [`ErrorCode`] to and from its wire string.

use crate::ErrorCode;
use core::fmt;
use core::str::FromStr;

impl fmt::Display for ErrorCode {
    /// The wire code, e.g. `invalid_json`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is not a code of this catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCode(pub String);

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown error code `{}`", self.0)
    }
}

impl std::error::Error for UnknownCode {}

impl FromStr for ErrorCode {
    type Err = UnknownCode;

    // Not `Self::Err`: a code `err` makes a variant of that name, and the
    // path would be ambiguous.
    fn from_str(code: &str) -> Result<Self, UnknownCode> {
        ErrorCode::from_code(code).ok_or_else(|| UnknownCode(code.to_owned()))
    }
}

impl serde::Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WireCode;

        impl serde::de::Visitor<'_> for WireCode {
            type Value = ErrorCode;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an error code string")
            }

            fn visit_str<E: serde::de::Error>(self, code: &str) -> Result<ErrorCode, E> {
                ErrorCode::from_code(code).ok_or_else(|| E::custom(UnknownCode(code.to_owned())))
            }
        }

        deserializer.deserialize_str(WireCode)
    }
}
