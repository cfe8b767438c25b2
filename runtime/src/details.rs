//! Typed occurrences: a code's declared fields as a struct that codegen
//! defines per code, sent as the detail (rendered from the code's
//! template) and as metadata (each field under its key), and read back
//! typed.

use crate::{ApiError, Code, ResponseError};
use serde_json::{Map, Value};

/// The fields of one occurrence of a code, as the catalog declares them.
///
/// Codegen implements it for a struct per code with a `detail` template or
/// `fields` (`details::RateLimited { limit: 100, window_seconds: 60 }`);
/// each struct also converts into the catalog's `ApiError`.
///
/// ```
/// use errors_runtime::{ApiError, Details, ResponseError};
/// use serde_json::{Map, Value};
///
/// # errors_runtime::doc_example_code!();
/// struct RateLimited {
///     limit: i64,
/// }
///
/// impl Details for RateLimited {
///     type Code = DemoCode;
///     const CODE: DemoCode = DemoCode::RateLimited;
///
///     fn detail(&self) -> Option<String> {
///         Some(format!("More than {} requests a minute.", self.limit))
///     }
///     fn write_metadata(&self, metadata: &mut Map<String, Value>) {
///         metadata.insert("limit".to_owned(), self.limit.into());
///     }
///     fn from_metadata(metadata: &Map<String, Value>) -> Option<RateLimited> {
///         let limit = errors_runtime::details::integer(metadata.get("limit")?)?;
///         Some(RateLimited { limit })
///     }
/// }
///
/// let error = ApiError::from_details(RateLimited { limit: 100 });
/// assert_eq!(error.detail(), Some("More than 100 requests a minute."));
/// let read = ResponseError::<DemoCode>::from_parts(429, None, &error.body());
/// assert_eq!(read.details::<RateLimited>().map(|d| d.limit), Some(100));
/// ```
pub trait Details: Sized {
    /// The catalog's code enum.
    type Code: Code;
    /// The code whose fields these are.
    const CODE: Self::Code;

    /// The detail: the code's template with the fields' values; `None`
    /// for a code with fields but no template.
    fn detail(&self) -> Option<String>;

    /// The detail in `locale`, one of the catalog's further locales; `None`
    /// where the catalog has no translation of the template.
    fn localized_detail(&self, locale: &str) -> Option<String> {
        let _ = locale;
        None
    }

    /// Puts each field into `metadata` under its key.
    fn write_metadata(&self, metadata: &mut Map<String, Value>);

    /// The fields back from a response's metadata; `None` when one is
    /// missing or does not read as its type.
    fn from_metadata(metadata: &Map<String, Value>) -> Option<Self>;
}

impl<C: Code> ApiError<C> {
    /// The error of `D::CODE` with its detail and its fields as metadata.
    /// A 5xx body carries neither, as always; the log line has both.
    pub fn from_details<D: Details<Code = C>>(details: D) -> ApiError<C> {
        let mut error = ApiError::new(D::CODE);
        if let Some(detail) = details.detail() {
            error = error.with_detail(detail);
        }
        error = error.with_localized_details(&details);
        let mut metadata = Map::new();
        details.write_metadata(&mut metadata);
        metadata
            .into_iter()
            .fold(error, |error, (key, value)| error.with_metadata(key, value))
    }
}

impl<C: Code> ResponseError<C> {
    /// The declared fields of the response's code, typed: `None` when the
    /// code is another (or unknown) or the metadata lacks a field or has it
    /// as another type. [`ResponseError::metadata`] has the raw map.
    pub fn details<D: Details<Code = C>>(&self) -> Option<D> {
        if self.code() != Some(D::CODE) {
            return None;
        }
        D::from_metadata(self.metadata()?)
    }
}

// Readers for `Details::from_metadata`. Over gRPC every metadata value
// travels as a string, so each also reads a value's string form.

/// A string field's value.
pub fn string(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

/// The largest magnitude of an integer field, 2^53 - 1: the integers every
/// JSON reader holds exactly (RFC 7493, I-JSON), so that the TypeScript,
/// Python and Go clients read the same fields as this runtime.
pub const MAX_INTEGER: i64 = (1 << 53) - 1;

/// An integer field's value: a JSON number whose value is an integer
/// (`100`, and `100.0` or `1e2`, which JavaScript cannot tell from it), or
/// the decimal string of one; of at most [`MAX_INTEGER`] either way.
pub fn integer(value: &Value) -> Option<i64> {
    let number = match value {
        Value::String(text) => text.parse().ok(),
        Value::Number(number) => number.as_i64().or_else(|| {
            let float = number.as_f64()?;
            // Within the range, an integral f64 converts exactly.
            (float.fract() == 0.0 && float.abs() <= MAX_INTEGER as f64).then_some(float as i64)
        }),
        _ => None,
    }?;
    (-MAX_INTEGER..=MAX_INTEGER)
        .contains(&number)
        .then_some(number)
}

/// A boolean field's value: `true`, `false`, or those as strings.
pub fn boolean(value: &Value) -> Option<bool> {
    match value {
        Value::String(text) => text.parse().ok(),
        _ => value.as_bool(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_read_from_json_numbers_and_their_strings_only() {
        assert_eq!(integer(&json!(100)), Some(100));
        assert_eq!(integer(&json!(-7)), Some(-7));
        assert_eq!(integer(&json!("100")), Some(100));
        assert_eq!(integer(&json!(MAX_INTEGER)), Some(MAX_INTEGER));
        assert_eq!(
            integer(&json!((-MAX_INTEGER).to_string())),
            Some(-MAX_INTEGER)
        );
        assert_eq!(integer(&json!(100.0)), Some(100));
        assert_eq!(integer(&serde_json::from_str("1e2").unwrap()), Some(100));
        for not_an_integer in [
            json!(1e300),
            json!(MAX_INTEGER + 1),
            json!(-MAX_INTEGER - 1),
            json!(i64::MIN.to_string()),
            json!(1.5),
            json!("1.5"),
            json!(" 1"),
            json!(u64::MAX),
            json!(true),
            json!(null),
            json!([1]),
        ] {
            assert_eq!(integer(&not_an_integer), None, "{not_an_integer}");
        }
    }

    #[test]
    fn booleans_and_strings_read_as_themselves() {
        assert_eq!(boolean(&json!(true)), Some(true));
        assert_eq!(boolean(&json!("false")), Some(false));
        assert_eq!(boolean(&json!("yes")), None);
        assert_eq!(boolean(&json!(1)), None);
        assert_eq!(string(&json!("a b")), Some("a b".to_owned()));
        assert_eq!(string(&json!(1)), None);
    }
}
