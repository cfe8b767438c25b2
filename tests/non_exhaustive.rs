//! Adding codes is a compatible change for crates that match on `ErrorCode`.

#[test]
fn an_exhaustive_match_without_a_wildcard_is_rejected() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/compile_fail/*.rs");
}
