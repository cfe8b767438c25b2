//! Any bytes as a response body, under any status: the client side never
//! panics, and a known code is always one of the catalog's.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, Option<&str>, &[u8])| {
    let (status, retry_after, body) = input;
    let error = errors::ResponseError::from_parts(status, retry_after, body);
    if let Some(code) = error.code() {
        assert_eq!(error.wire_code(), Some(code.as_str()));
    }
    let _ = (error.class(), error.retryable(), error.to_string());
});
