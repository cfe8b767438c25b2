//! `ApiError` as a `tonic::Status`, and a `tonic::Status` back into a
//! `ResponseError` (feature `tonic`), with google's richer error model
//! (`google.rpc.ErrorInfo`, `RetryInfo`, `Help`, `BadRequest`) as
//! `tonic-types` encodes it.

use super::{GrpcCode, is_upper_snake_of};
use crate::wire::FieldError;
use crate::{ApiError, Code, ResponseError};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::time::Duration;
use tonic_types::{
    BadRequest, ErrorDetail, ErrorInfo, FieldViolation, Help, HelpLink, LocalizedMessage,
    RetryInfo, StatusExt,
};

/// The `RetryInfo` delay of a retryable code sent without
/// [`ApiError::with_retry_after`]: gRPC clients read a missing delay as
/// "retry at once", which a struggling server does not want.
pub const DEFAULT_RETRY_DELAY: Duration = Duration::from_secs(1);

/// The longest `grpc-message` sent, in bytes of UTF-8: a longer message
/// loses the end of its detail, marked with `…`. Percent-encoded, it is at
/// most three times as long on the wire.
pub const MAX_MESSAGE_BYTES: usize = 1024;

/// The longest `grpc-status-details-bin` sent, in bytes before base64:
/// status, message and details travel in HTTP/2 headers, which hyper (and
/// so tonic) clients take up to 16 KiB of by default. Details that would be
/// longer lose their field violations, then the metadata other than the
/// trace id.
pub const MAX_DETAILS_BYTES: usize = 8 * 1024;

/// The `ErrorInfo` metadata key of the trace id.
const TRACE_ID: &str = "trace_id";

impl<C: Code> ApiError<C> {
    /// The error as a gRPC status: the code's gRPC code; as message the
    /// code's message, then the detail (4xx only); and as details an
    /// `ErrorInfo` (the code as reason, the catalog's domain, the metadata
    /// as strings (4xx only) and the trace id), a `RetryInfo` for a
    /// retryable code, a `Help` link to the code's entry on the reference
    /// page, a `BadRequest` with the field errors (4xx only), and a
    /// `LocalizedMessage` when the error is written in a further locale
    /// ([`ApiError::locale`]).
    ///
    /// The message goes in a header: control characters in it are sent as
    /// spaces. With the `tracing` feature, this emits the error's one event,
    /// as an HTTP response does.
    ///
    /// ```
    /// use errors_runtime::{ApiError, ResponseError};
    ///
    /// # errors_runtime::doc_example_code!();
    /// let status = tonic::Status::from(ApiError::new(DemoCode::RateLimited));
    /// assert_eq!(status.code(), tonic::Code::ResourceExhausted);
    /// let read = ResponseError::<DemoCode>::from(&status);
    /// assert_eq!(read.code(), Some(DemoCode::RateLimited));
    /// assert!(read.retry_after().is_some());
    /// ```
    pub fn to_grpc_status(&self) -> tonic::Status {
        #[cfg(feature = "tracing")]
        self.log_response();
        let code = self.code();
        let shows_details = code.status() < 500;
        let message = message(code.message(), self.detail().filter(|_| shows_details));
        let mut error_info = ErrorInfo::new(code.grpc_reason(), C::GRPC_DOMAIN, HashMap::new());
        if shows_details {
            error_info.metadata = self
                .metadata()
                .iter()
                .map(|(key, value)| (key.clone(), flatten(value)))
                .collect();
        }
        error_info
            .metadata
            .insert(TRACE_ID.to_owned(), self.trace_id().to_owned());
        let retry_info = code.retryable().then(|| {
            let delay = self.retry_after().map(Duration::from_secs);
            RetryInfo::new(Some(delay.unwrap_or(DEFAULT_RETRY_DELAY)))
        });
        let help = Help::new([HelpLink::new(code.title(), code.doc_url())]);
        // The status message stays in the default locale, which clients
        // read the detail from; a chosen translation goes beside it.
        let localized = self.translation().map(|locale| {
            let (_, localized, detail) = self.texts();
            LocalizedMessage::new(
                locale,
                self::message(localized, detail.filter(|_| shows_details)),
            )
        });
        let violations: Vec<FieldViolation> = self
            .field_errors()
            .iter()
            .filter(|_| shows_details)
            .flat_map(|field| {
                field
                    .messages
                    .iter()
                    .map(|message| FieldViolation::new(field.path.as_str(), message.as_str()))
            })
            .collect();
        let status = |error_info: &ErrorInfo, violations: &[FieldViolation]| {
            let mut details: Vec<ErrorDetail> = vec![error_info.clone().into()];
            details.extend(retry_info.clone().map(ErrorDetail::from));
            details.push(help.clone().into());
            details.extend(localized.clone().map(ErrorDetail::from));
            if !violations.is_empty() {
                details.push(BadRequest::new(violations).into());
            }
            tonic::Status::with_error_details_vec(tonic_code(code.grpc_code()), &message, details)
        };
        let whole = status(&error_info, &violations);
        if whole.details().len() <= MAX_DETAILS_BYTES {
            return whole;
        }
        let without_fields = status(&error_info, &[]);
        if without_fields.details().len() <= MAX_DETAILS_BYTES {
            return without_fields;
        }
        error_info.metadata.retain(|key, _| key == TRACE_ID);
        status(&error_info, &[])
    }
}

impl<C: Code> From<ApiError<C>> for tonic::Status {
    fn from(error: ApiError<C>) -> tonic::Status {
        error.to_grpc_status()
    }
}

impl<C: Code> From<&ApiError<C>> for tonic::Status {
    fn from(error: &ApiError<C>) -> tonic::Status {
        error.to_grpc_status()
    }
}

impl<C: Code> ResponseError<C> {
    /// Reads a gRPC status. Never fails: a status without (readable)
    /// details is still classified by its gRPC code.
    ///
    /// - The code is the `ErrorInfo` reason, as the code or in its
    ///   UPPER_SNAKE form, when the domain is the catalog's; any other
    ///   reason is kept as the wire code, unknown.
    /// - The status is the known code's; otherwise the one
    ///   `google/rpc/code.proto` maps the gRPC code to
    ///   ([`GrpcCode::status`]), which classifies the error.
    /// - `retry_after` is the `RetryInfo` delay, so an unknown code is
    ///   retryable under its status's rules or when the status has one.
    /// - The detail is what the message has after the known code's
    ///   message, or the whole message for an unknown code; field errors
    ///   come from `BadRequest`, the trace id and metadata (as strings)
    ///   from the `ErrorInfo` metadata.
    pub fn from_grpc_status(status: &tonic::Status) -> ResponseError<C> {
        let details = status.get_error_details();
        let info = details.error_info();
        let reason = info
            .map(|info| info.reason.as_str())
            .filter(|r| !r.is_empty());
        let code = info
            .filter(|info| info.domain == C::GRPC_DOMAIN)
            .and_then(|info| code_of_reason::<C>(&info.reason));
        let grpc_code = GrpcCode::from_value(status.code() as i32).unwrap_or(GrpcCode::Unknown);
        let http_status = code.map_or(grpc_code.status(), Code::status);
        let detail = match code {
            Some(code) => detail_after(status.message(), &message(code.message(), None)),
            None => Some(status.message()).filter(|message| !message.is_empty()),
        };
        let mut metadata: Map<String, Value> = Map::new();
        let mut trace_id = None;
        for (key, value) in info.iter().flat_map(|info| &info.metadata) {
            if key == TRACE_ID {
                trace_id = Some(value.as_str());
            } else {
                metadata.insert(key.clone(), Value::String(value.clone()));
            }
        }
        let mut fields: Vec<FieldError> = Vec::new();
        for violation in details
            .bad_request()
            .iter()
            .flat_map(|b| &b.field_violations)
        {
            let message = violation.description.clone();
            match fields.iter_mut().find(|f| f.path == violation.field) {
                Some(field) => field.messages.push(message),
                None => fields.push(FieldError {
                    path: violation.field.clone(),
                    messages: vec![message],
                }),
            }
        }
        let wire_code = code.map(Code::as_str).or(reason);
        ResponseError::assemble(
            (http_status, code),
            details.retry_info().and_then(|retry| retry.retry_delay),
            None,
            [wire_code, None, detail, trace_id],
            fields,
            (!metadata.is_empty()).then_some(metadata),
        )
    }
}

impl<C: Code> From<&tonic::Status> for ResponseError<C> {
    fn from(status: &tonic::Status) -> ResponseError<C> {
        ResponseError::from_grpc_status(status)
    }
}

/// The code an `ErrorInfo` reason names: the code itself, the reason the
/// catalog's settings give it, or its UPPER_SNAKE form, whichever setting
/// the server had.
fn code_of_reason<C: Code>(reason: &str) -> Option<C> {
    C::from_code(reason).or_else(|| {
        C::ALL
            .iter()
            .copied()
            .find(|code| code.grpc_reason() == reason || is_upper_snake_of(reason, code.as_str()))
    })
}

/// The status message: the code's message, then the detail, at most
/// [`MAX_MESSAGE_BYTES`]. `grpc-message` is a header (tonic percent-encodes
/// it, and clients decode it), and a message that ends a line or forges
/// another would reach whatever logs it: control characters, and the
/// Unicode line and paragraph separators, become spaces.
fn message(code_message: &str, detail: Option<&str>) -> String {
    let mut text = String::with_capacity(code_message.len() + detail.map_or(0, |d| d.len() + 1));
    text.push_str(code_message);
    if let Some(detail) = detail {
        text.push(' ');
        text.push_str(detail);
    }
    if text.len() > MAX_MESSAGE_BYTES {
        let cut = crate::wire::floor_char_boundary(&text, MAX_MESSAGE_BYTES - '…'.len_utf8());
        text.truncate(cut);
        text.push('…');
    }
    if text.contains(unsafe_in_header) {
        text = text
            .chars()
            .map(|c| if unsafe_in_header(c) { ' ' } else { c })
            .collect();
    }
    text
}

fn unsafe_in_header(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The detail a message carries after the code's own message (as
/// [`message`] wrote it), or the whole message when it does not start with
/// it: then it is not one this crate wrote, and says more than nothing.
fn detail_after<'m>(message: &'m str, code_message: &str) -> Option<&'m str> {
    match message.strip_prefix(code_message) {
        Some("") => None,
        Some(rest) => rest.strip_prefix(' ').or(Some(message)),
        None => Some(message).filter(|message| !message.is_empty()),
    }
}

/// A metadata value as an `ErrorInfo` value, which is a string: strings as
/// they are, anything else as its JSON.
fn flatten(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn tonic_code(code: GrpcCode) -> tonic::Code {
    tonic::Code::from_i32(code.value())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grpc_code_has_tonics_number() {
        for code in GrpcCode::ALL {
            // The same name on both sides: tonic's variants are ours.
            assert_eq!(format!("{:?}", tonic_code(code)), format!("{code:?}"));
        }
    }

    #[test]
    fn a_message_is_cut_and_one_line() {
        assert_eq!(message("Bad.", None), "Bad.");
        assert_eq!(message("Bad.", Some("a\r\nb\u{2028}c")), "Bad. a  b c");
        let long = message("Bad.", Some(&"é".repeat(MAX_MESSAGE_BYTES)));
        assert!(long.len() <= MAX_MESSAGE_BYTES, "{}", long.len());
        assert!(long.ends_with('…'));
    }

    #[test]
    fn the_detail_is_what_follows_the_codes_message() {
        assert_eq!(detail_after("Bad.", "Bad."), None);
        assert_eq!(detail_after("Bad. why", "Bad."), Some("why"));
        assert_eq!(detail_after("Bad.why", "Bad."), Some("Bad.why"));
        assert_eq!(detail_after("Other.", "Bad."), Some("Other."));
        assert_eq!(detail_after("", "Bad."), None);
    }
}
