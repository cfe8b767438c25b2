//! `ErrorCode` is `#[non_exhaustive]`: a match that names every code of
//! today's catalog still needs a wildcard, so adding a code never breaks a
//! crate that matches on it.

use errors::ErrorCode;

fn number(code: ErrorCode) -> u32 {
    match code {
        ErrorCode::InvalidJson => 0,
        ErrorCode::MissingContentType => 1,
        ErrorCode::UnknownField => 2,
        ErrorCode::FormRequired => 3,
        ErrorCode::ConsentRequired => 4,
        ErrorCode::InvalidEmail => 5,
        ErrorCode::PayloadTooLarge => 6,
        ErrorCode::InvalidDept => 7,
        ErrorCode::InvalidValueType => 8,
        ErrorCode::IdempotencyKeyReused => 9,
        ErrorCode::IdempotencyKeyMalformed => 10,
        ErrorCode::IdempotencyKeyInProgress => 11,
        ErrorCode::ResourceNotFound => 12,
        ErrorCode::RouteNotFound => 13,
        ErrorCode::MethodNotAllowed => 14,
        ErrorCode::UnsupportedMediaType => 15,
        ErrorCode::RequestBodyTooLarge => 16,
        ErrorCode::RateLimited => 17,
        ErrorCode::InvalidApiKey => 18,
        ErrorCode::InsufficientScope => 19,
        ErrorCode::SignatureInvalid => 20,
        ErrorCode::ServerError => 21,
        ErrorCode::TemporarilyUnavailable => 22,
        ErrorCode::WebhookSignatureMissing => 23,
        ErrorCode::WebhookSignatureInvalid => 24,
        ErrorCode::WebhookEndpointUrlInvalid => 25,
        ErrorCode::WebhookEndpointLimit => 26,
        ErrorCode::WebhookEventUnknown => 27,
        ErrorCode::MissingApiKey => 28,
        ErrorCode::TokenExpired => 29,
        ErrorCode::TokenRevoked => 30,
        ErrorCode::AudienceMismatch => 31,
        ErrorCode::ScopeNotGranted => 32,
        ErrorCode::AccountSuspended => 33,
        ErrorCode::McpMethodNotFound => 34,
        ErrorCode::McpToolNotFound => 35,
        ErrorCode::McpInvalidParams => 36,
        ErrorCode::CmsPageNotFound => 37,
        ErrorCode::SupportMessageTooLong => 38,
        ErrorCode::SupportSessionClosed => 39,
    }
}

fn main() {
    println!("{}", number(ErrorCode::InvalidJson));
}
