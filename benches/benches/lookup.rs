//! `from_code` against the lookups a user would otherwise pick, and the
//! accessors against a direct static-array index, at 50, 1,000 and 10,000
//! codes. Each iteration looks up 1,024 strings; `report` divides by that.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::str::FromStr;

/// Strings per iteration.
const PROBES: usize = 1024;

macro_rules! lookups {
    ($c:expr, $size:literal, $module:ident) => {{
        use benches::$module::{self as catalog, ours::ErrorCode};
        let hits = benches::hits(&catalog::CODES, PROBES);
        let hits: Vec<&str> = hits.iter().map(String::as_str).collect();
        let misses = benches::misses(&catalog::CODES, PROBES);
        let misses: Vec<&str> = misses.iter().map(String::as_str).collect();

        // Every method must agree before any is timed.
        for &code in hits.iter().chain(&misses) {
            let expected = ErrorCode::from_code(code).map(|c| c as u16);
            assert_eq!(
                catalog::StrumCode::from_str(code).ok().map(|c| c as u16),
                expected
            );
            assert_eq!(catalog::PHF.get(code).copied(), expected);
            assert_eq!(catalog::STD_MAP.get(code).copied(), expected);
            assert_eq!(catalog::FX_MAP.get(code).copied(), expected);
            assert_eq!(catalog::sorted(code), expected);
            assert_eq!(catalog::by_match(code), expected);
        }
        assert!(hits.iter().all(|code| ErrorCode::from_code(code).is_some()));
        assert!(
            misses
                .iter()
                .all(|code| ErrorCode::from_code(code).is_none())
        );

        for (kind, probes) in [("hit", &hits), ("miss", &misses)] {
            let mut group = $c.benchmark_group(format!("from_code/{kind}"));
            group.throughput(Throughput::Elements(PROBES as u64));
            macro_rules! method {
                ($name:literal, $lookup:expr) => {
                    group.bench_with_input(BenchmarkId::new($name, $size), probes, |b, probes| {
                        b.iter(|| {
                            let mut found = 0u32;
                            for &code in probes.iter() {
                                found += u32::from($lookup(black_box(code)).is_some());
                            }
                            found
                        })
                    });
                };
            }
            method!("ours", |code| ErrorCode::from_code(code));
            method!("fxhash map", |code| catalog::FX_MAP.get(code).copied());
            method!("std map", |code| catalog::STD_MAP.get(code).copied());
            method!("phf", |code| catalog::PHF.get(code).copied());
            method!("sorted slice", |code| catalog::sorted(code));
            method!("strum", |code| catalog::StrumCode::from_str(code).ok());
            method!("match", |code| catalog::by_match(code));
            group.finish();
        }

        let positions: Vec<usize> = hits
            .iter()
            .map(|code| ErrorCode::from_code(code).map_or(0, |c| c as usize))
            .collect();
        let codes: Vec<ErrorCode> = positions.iter().map(|&i| ErrorCode::ALL[i]).collect();
        let mut group = $c.benchmark_group("accessors");
        group.throughput(Throughput::Elements(PROBES as u64));
        group.bench_with_input(BenchmarkId::new("status", $size), &codes, |b, codes| {
            b.iter(|| {
                codes
                    .iter()
                    .map(|c| u32::from(black_box(*c).status()))
                    .sum::<u32>()
            })
        });
        group.bench_with_input(
            BenchmarkId::new("status floor", $size),
            &positions,
            |b, positions| {
                b.iter(|| {
                    positions
                        .iter()
                        .map(|&i| u32::from(catalog::STATUS_FLOOR[black_box(i)]))
                        .sum::<u32>()
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("message", $size), &codes, |b, codes| {
            b.iter(|| {
                codes
                    .iter()
                    .map(|c| black_box(*c).message().len())
                    .sum::<usize>()
            })
        });
        group.bench_with_input(
            BenchmarkId::new("message floor", $size),
            &positions,
            |b, positions| {
                b.iter(|| {
                    positions
                        .iter()
                        .map(|&i| catalog::MESSAGE_FLOOR[black_box(i)].len())
                        .sum::<usize>()
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("as_str", $size), &codes, |b, codes| {
            b.iter(|| {
                codes
                    .iter()
                    .map(|c| black_box(*c).as_str().len())
                    .sum::<usize>()
            })
        });
        group.bench_with_input(
            BenchmarkId::new("as_str floor", $size),
            &positions,
            |b, positions| {
                b.iter(|| {
                    positions
                        .iter()
                        .map(|&i| catalog::CODES[black_box(i)].len())
                        .sum::<usize>()
                })
            },
        );
        group.finish();
    }};
}

fn lookup(c: &mut Criterion) {
    lookups!(c, 50, codes_50);
    lookups!(c, 1000, codes_1000);
    lookups!(c, 10000, codes_10000);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = lookup
}
criterion_main!(benches);
