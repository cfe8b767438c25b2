//! Uses the generated codes the way a service and its client would.

use own_crate::{ApiError, ErrorClass, ErrorCode, Format, ResponseError, Surface, internal};

fn main() {
    let code = ErrorCode::from_code("invalid_api_version").expect("a public code");
    let error = ApiError::new(code)
        .with_detail("Invalid API version `2023`. Expected format: YYYY-MM-DD")
        .with_trace_id("4bf92f3577b34da6a3ce929d0e0e4736");
    assert_eq!(error.format(), Format::Problem);
    assert_eq!(code.surface(), Surface::General);
    let body = error.body();
    println!("{} {}", error.status(), String::from_utf8_lossy(&body));

    let read = ResponseError::from_parts(error.status(), None, &body);
    assert_eq!(read.code(), Some(ErrorCode::InvalidApiVersion));
    assert_eq!(read.class(), ErrorClass::Client);
    assert_eq!(read.detail(), error.detail());
    assert_eq!(read.trace_id(), Some("4bf92f3577b34da6a3ce929d0e0e4736"));
    println!(
        "read back: {}",
        read.code().map_or("none", |code| code.as_str())
    );

    // The internal API's enum is its own: the same string is not a public code.
    let blocked = internal::ErrorCode::from_code("payroll_blocked").expect("an internal code");
    let body = internal::ApiError::new(blocked).body();
    let read = internal::ResponseError::from_parts(blocked.status(), None, &body);
    assert_eq!(read.code(), Some(internal::ErrorCode::PayrollBlocked));
    assert_eq!(ErrorCode::from_code("payroll_blocked"), None);
    println!(
        "internal: {} codes, read back: {}",
        internal::ErrorCode::ALL.len(),
        read.code().map_or("none", |code| code.as_str())
    );
}
