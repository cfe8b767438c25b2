//! Building an error and writing its body allocates nothing but the output
//! buffer, for a code without detail. dhat counts every heap block.

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

use errors::{ApiError, ErrorCode};

#[test]
fn an_error_without_detail_allocates_only_its_output() {
    let mut buffer = Vec::with_capacity(4096);
    let _profiler = dhat::Profiler::builder().testing().build();
    let before = dhat::HeapStats::get().total_blocks;
    for &code in ErrorCode::ALL {
        buffer.clear();
        ApiError::new(code).write_body(&mut buffer);
        buffer.clear();
        ApiError::new(code)
            .with_trace_id("ae3c4bd470e1d843e25d93201a501073")
            .write_body(&mut buffer);
    }
    let allocated = dhat::HeapStats::get().total_blocks - before;
    assert_eq!(
        allocated, 0,
        "heap blocks allocated while building and writing bodies"
    );
    // The count is live: a detail is a String of its own.
    let detailed = ApiError::new(ErrorCode::InvalidJson).with_detail("at line 1");
    assert!(dhat::HeapStats::get().total_blocks > before);
    drop(detailed);
    // The body is real: the last one is complete.
    assert!(buffer.ends_with(b"\"trace_id\":\"ae3c4bd470e1d843e25d93201a501073\"}"));
}
