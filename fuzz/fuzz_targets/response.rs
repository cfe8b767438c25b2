//! Any bytes as a response body, under any status: the client side never
//! panics, a known code is always one of the catalog's, and a wait is never
//! over the cap. Any text as a detail and a field path on the server side:
//! written in either format within the client's limit, and read back.

#![no_main]

use errors::{ApiError, ErrorCode, Format, MAX_BODY_BYTES, MAX_RETRY_AFTER, ResponseError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u16, Option<&str>, &[u8])| {
    let (status, retry_after, body) = input;
    let error = ResponseError::from_parts(status, retry_after, body);
    if let Some(code) = error.code() {
        assert_eq!(error.wire_code(), Some(code.as_str()));
    }
    assert!(
        error
            .retry_after()
            .is_none_or(|wait| wait <= MAX_RETRY_AFTER)
    );
    assert!(!error.to_string().contains(|c: char| c.is_control()));
    let _ = (error.class(), error.retryable());

    let text = String::from_utf8_lossy(body);
    let code = ErrorCode::ALL[usize::from(status) % ErrorCode::ALL.len()];
    for format in [Format::Problem, Format::Envelope] {
        let sent = ApiError::new(code)
            .with_detail(text.as_ref())
            .with_field_error(text.as_ref(), text.as_ref())
            .with_format(format);
        assert!(!sent.to_string().contains(|c: char| c.is_control()));
        let bytes = sent.body();
        assert!(bytes.len() <= MAX_BODY_BYTES);
        let read = ResponseError::from_parts(code.status(), None, &bytes);
        assert_eq!(read.code(), Some(code));
        assert_eq!(read.trace_id(), Some(sent.trace_id()));
        if code.status() < 500 {
            let fields = read.field_errors();
            if text.len() < MAX_BODY_BYTES / 32 {
                // Fits even escaped (at most 6 bytes a character), thrice.
                let code_message = format == Format::Envelope && text == code.message();
                assert_eq!(read.detail(), sent.detail().filter(|_| !code_message));
                assert_eq!(fields, sent.field_errors());
            } else {
                // Cut to fit: the detail first, then the field.
                assert!(read.detail().is_none_or(|detail| {
                    Some(detail) == sent.detail()
                        || detail
                            .strip_suffix('…')
                            .is_some_and(|cut| text.starts_with(cut))
                }));
                assert!(fields.is_empty() || fields == sent.field_errors());
            }
        }
    }
});
