//! Reading a hostile body takes memory in proportion to the body, and the
//! field paths it builds stay within the limit. dhat records the peak; one
//! test per binary, as dhat counts every thread.

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

use errors::{ErrorCode, ResponseError};

#[test]
fn reading_a_body_builds_paths_within_the_limit_and_in_proportion_to_it() {
    // 62 KB: one 20,000-character key over 1,290 entries. Building every
    // entry's path in full took 26 MB.
    let key = "k".repeat(20_000);
    let children: Vec<String> = (0..1290)
        .map(|i| format!(r#"{{"error_key":"{i}","message":"m"}}"#))
        .collect();
    let body = format!(
        r#"{{"errors":[{{"error_key":"{key}","category":"invalid_json","message":"m","errors":[{}]}}]}}"#,
        children.join(",")
    );
    let _profiler = dhat::Profiler::builder().testing().build();
    let read = ResponseError::from_parts(400, None, body.as_bytes());
    let peak = dhat::HeapStats::get().max_bytes;
    assert_eq!(read.code(), Some(ErrorCode::InvalidJson));
    let fields = read.field_errors();
    let total: usize = fields.iter().map(|field| field.path.len()).sum();
    assert!(total <= errors::MAX_BODY_BYTES, "{total}");
    // As many 20,002-byte paths as fit; the entries past them are left out.
    assert_eq!(fields.len(), errors::MAX_BODY_BYTES / 20_002);
    assert!(fields[0].path == format!("{key}.0"));
    // About 20 times the body: the parsed JSON's maps.
    assert!(
        peak < 32 * body.len(),
        "peak {peak} bytes for a body of {}",
        body.len()
    );
}
