//! Building and serializing an `ApiError` against a hand-written
//! `#[derive(Serialize)]` struct with the same members filled the same way,
//! and reading a body back against `serde_json::from_slice` into a struct.

use criterion::{Criterion, criterion_group, criterion_main};
use errors::{ApiError, ErrorCode, ResponseError};
use serde::{Deserialize, Serialize};
use std::hint::black_box;

const TRACE_ID: &str = "ae3c4bd470e1d843e25d93201a501073";
const DETAIL: &str = "Invalid parameter $.legal_name at line 1";

#[derive(Serialize)]
struct HandProblem<'a> {
    #[serde(rename = "type")]
    type_url: &'a str,
    title: &'a str,
    status: u16,
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    trace_id: &'a str,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct OwnedProblem {
    #[serde(rename = "type")]
    type_url: String,
    title: String,
    status: u16,
    code: String,
    detail: Option<String>,
    trace_id: Option<String>,
}

fn responses(c: &mut Criterion) {
    let code = ErrorCode::InvalidJson;
    let mut group = c.benchmark_group("problem+json");
    for (name, detail) in [("no detail", None), ("detail", Some(DETAIL))] {
        let mut buffer = Vec::with_capacity(512);
        group.bench_function(format!("ours/{name}"), |b| {
            b.iter(|| {
                buffer.clear();
                let mut error = ApiError::new(black_box(code)).with_trace_id(TRACE_ID);
                if let Some(detail) = detail {
                    error = error.with_detail(detail);
                }
                error.write_body(&mut buffer);
                buffer.len()
            })
        });
        group.bench_function(format!("derive/{name}"), |b| {
            b.iter(|| {
                buffer.clear();
                let code = black_box(code);
                let problem = HandProblem {
                    type_url: code.doc_url(),
                    title: code.title(),
                    status: code.status(),
                    code: code.as_str(),
                    // Owned, as `ApiError::with_detail` holds it.
                    detail: detail.map(str::to_owned),
                    trace_id: TRACE_ID,
                };
                let _ = serde_json::to_writer(&mut buffer, &problem);
                buffer.len()
            })
        });
    }
    let built = ApiError::new(code)
        .with_trace_id(TRACE_ID)
        .with_detail(DETAIL);
    let mut buffer = Vec::with_capacity(512);
    group.bench_function("ours/detail, serialize only", |b| {
        b.iter(|| {
            buffer.clear();
            black_box(&built).write_body(&mut buffer);
            buffer.len()
        })
    });
    group.finish();

    let body = ApiError::new(code)
        .with_trace_id(TRACE_ID)
        .with_detail(DETAIL)
        .body();
    let expected: OwnedProblem = serde_json::from_slice(&body).expect("a problem");
    assert_eq!(
        ResponseError::from_parts(400, None, &body).code(),
        Some(code)
    );
    assert_eq!(expected.code, code.as_str());
    let mut group = c.benchmark_group("parse");
    group.bench_function("ours", |b| {
        b.iter(|| ResponseError::from_parts(400, None, black_box(&body)).code())
    });
    group.bench_function("serde_json", |b| {
        b.iter(|| serde_json::from_slice::<OwnedProblem>(black_box(&body)).map(|p| p.status))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = responses
}
criterion_main!(benches);
