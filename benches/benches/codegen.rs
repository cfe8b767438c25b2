//! Codegen throughput: load + validate, emit Rust, emit the page, for
//! catalogs of 50, 1,000 and 10,000 codes.

use codegen::{Settings, markdown, rust, synthetic};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn codegen(c: &mut Criterion) {
    let mut group = c.benchmark_group("codegen");
    group.sample_size(10);
    for size in [50, 1_000, 10_000] {
        let dir = std::env::temp_dir().join(format!("errors-bench-catalog-{size}"));
        synthetic::write_catalog(size, &dir).expect("a catalog");
        let load = || {
            codegen::load(&dir, &dir, Settings::default())
                .expect("valid")
                .0
        };
        let catalog = load();
        group.bench_function(BenchmarkId::new("load", size), |b| b.iter(load));
        group.bench_function(BenchmarkId::new("rust", size), |b| {
            b.iter(|| rust::generate(&catalog))
        });
        group.bench_function(BenchmarkId::new("page", size), |b| {
            b.iter(|| markdown::generate(&catalog))
        });
        group.bench_function(BenchmarkId::new("all", size), |b| {
            b.iter(|| {
                let catalog = load();
                (
                    rust::generate(&catalog).map(|r| r.len()),
                    markdown::generate(&catalog).len(),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, codegen);
criterion_main!(benches);
