//! What must not compile: an exhaustive match on `ErrorCode` (adding codes
//! is a compatible change for crates that match on it), and a `details`
//! struct with a field forgotten, misnamed or of the wrong type.

#[test]
fn code_that_breaks_the_contract_is_rejected() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/compile_fail/*.rs");
}
