//! Reads the estimates criterion saved (`cargo bench -p benches`) and prints
//! the tables of `docs/performance.md`, with each method's ratio to ours
//! from the same run, and draws `docs/from_code.svg`:
//! `cargo run --release -p benches --bin report`.
//!
//! `report --compare BEFORE AFTER [BEFORE AFTER ...]` instead compares the
//! benchmarks of those tables across builds: each argument is a criterion
//! directory (`target/criterion`) of one run, the runs taken alternately in
//! one session, a pair per before/after.

use plotters::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const SIZES: [u32; 3] = [50, 1_000, 10_000];
const METHODS: [&str; 7] = [
    "ours",
    "fxhash map",
    "std map",
    "phf",
    "sorted slice",
    "strum",
    "match",
];
/// Lookups per criterion iteration (benches/lookup.rs).
const PROBES: f64 = 1024.0;

/// The benchmarks of the responses table: (case, ours, theirs).
const RESPONSES: [(&str, &str, &str); 3] = [
    (
        "problem+json, no detail",
        "problem+json/ours_no detail",
        "problem+json/derive_no detail",
    ),
    (
        "problem+json, with detail",
        "problem+json/ours_detail",
        "problem+json/derive_detail",
    ),
    ("parse a body", "parse/ours", "parse/serde_json"),
];
const ACCESSORS: [&str; 3] = ["as_str", "status", "message"];

/// The median of benchmark `id` in a criterion directory, in ns.
fn median_in(criterion: &Path, id: &str) -> Option<f64> {
    let text = std::fs::read_to_string(criterion.join(id).join("new/estimates.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if let Some((flag, runs)) = args.split_first() {
        if flag.as_os_str() != "--compare" || runs.is_empty() || runs.len() % 2 != 0 {
            return Err("usage: report [--compare BEFORE AFTER [BEFORE AFTER ...]]".into());
        }
        compare(runs);
        return Ok(());
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let criterion = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), PathBuf::from)
        .join("criterion");
    let median = |id: &str| median_in(&criterion, id);

    // criterion turns the `/` of a function name into `_` in its paths.
    let mut series: BTreeMap<&str, Vec<(u32, f64)>> = BTreeMap::new();
    for (kind, title) in [("hit", "hits"), ("miss", "misses")] {
        println!("\n`from_code`, {title}: ns per lookup (ratio to ours, same run)\n");
        println!(
            "| method | {} |",
            SIZES.map(|s| format!("{s} codes")).join(" | ")
        );
        println!("|---|{}", "---:|".repeat(SIZES.len()));
        let ours: Vec<Option<f64>> = SIZES
            .iter()
            .map(|size| median(&format!("from_code_{kind}/ours/{size}")).map(|ns| ns / PROBES))
            .collect();
        for method in METHODS {
            let mut cells = Vec::new();
            for (size, ours) in SIZES.iter().zip(&ours) {
                let cell = match (median(&format!("from_code_{kind}/{method}/{size}")), ours) {
                    (Some(ns), Some(ours)) => {
                        let ns = ns / PROBES;
                        if kind == "hit" {
                            series.entry(method).or_default().push((*size, ns));
                        }
                        format!("{ns:.2} ({:.2}x)", ns / ours)
                    }
                    _ => "-".to_owned(),
                };
                cells.push(cell);
            }
            println!("| {method} | {} |", cells.join(" | "));
        }
    }

    println!("\nAccessors: ns per call (ratio to a direct static-array index)\n");
    println!(
        "| accessor | {} |",
        SIZES.map(|s| format!("{s} codes")).join(" | ")
    );
    println!("|---|{}", "---:|".repeat(SIZES.len()));
    for accessor in ACCESSORS {
        let cells: Vec<String> = SIZES
            .iter()
            .map(|size| {
                let ours = median(&format!("accessors/{accessor}/{size}"));
                let floor = median(&format!("accessors/{accessor} floor/{size}"));
                match (ours, floor) {
                    (Some(ours), Some(floor)) => {
                        format!("{:.2} ({:.2}x)", ours / PROBES, ours / floor)
                    }
                    _ => "-".to_owned(),
                }
            })
            .collect();
        println!("| {accessor} | {} |", cells.join(" | "));
    }

    println!("\nResponses: ns per body (ratio to the hand-written struct)\n");
    println!("| case | ours | derive(Serialize) / serde_json | ratio |");
    println!("|---|---:|---:|---:|");
    for (case, ours, theirs) in RESPONSES {
        if let (Some(ours), Some(theirs)) = (median(ours), median(theirs)) {
            println!(
                "| {case} | {ours:.0} | {theirs:.0} | {:.2}x |",
                ours / theirs
            );
        }
    }

    println!("\nCodegen: ms (load + validate, emit Rust, emit the page)\n");
    println!("| codes | load | Rust | page | all |");
    println!("|---:|---:|---:|---:|---:|");
    for size in SIZES {
        let ms = |step: &str| {
            median(&format!("codegen/{step}/{size}"))
                .map_or("-".to_owned(), |ns| format!("{:.1}", ns / 1e6))
        };
        println!(
            "| {size} | {} | {} | {} | {} |",
            ms("load"),
            ms("rust"),
            ms("page"),
            ms("all")
        );
    }

    let svg = root.join("docs/from_code.svg");
    plot(&svg, &series)?;
    println!("\nwrote {}", svg.display());
    Ok(())
}

/// Each benchmark of the tables in before/after pairs of criterion
/// directories: the mean of the medians on each side, their ratio, and the
/// ratio within each pair. `from_code` and accessors per lookup.
fn compare(runs: &[PathBuf]) {
    let mut ids = Vec::new();
    for kind in ["hit", "miss"] {
        for method in METHODS {
            ids.extend(SIZES.map(|size| format!("from_code_{kind}/{method}/{size}")));
        }
    }
    for accessor in ACCESSORS {
        for id in [accessor.to_owned(), format!("{accessor} floor")] {
            ids.extend(SIZES.map(|size| format!("accessors/{id}/{size}")));
        }
    }
    ids.extend(
        RESPONSES
            .iter()
            .flat_map(|(_, ours, theirs)| [ours, theirs].map(|id| id.to_string())),
    );
    println!("| benchmark | before (ns) | after (ns) | after/before | each pair |");
    println!("|---|---:|---:|---:|---|");
    for id in ids {
        let per_op = if id.starts_with("parse") || id.starts_with("problem") {
            1.0
        } else {
            PROBES
        };
        let Some(pairs) = runs
            .chunks(2)
            .map(|pair| {
                Some((
                    median_in(&pair[0], &id)? / per_op,
                    median_in(&pair[1], &id)? / per_op,
                ))
            })
            .collect::<Option<Vec<(f64, f64)>>>()
        else {
            continue;
        };
        let mean =
            |side: fn(&(f64, f64)) -> f64| pairs.iter().map(side).sum::<f64>() / pairs.len() as f64;
        let (before, after) = (mean(|pair| pair.0), mean(|pair| pair.1));
        let each: Vec<String> = pairs
            .iter()
            .map(|(before, after)| format!("{:.2}x", after / before))
            .collect();
        println!(
            "| {id} | {before:.2} | {after:.2} | {:.2}x | {} |",
            after / before,
            each.join(", ")
        );
    }
}

/// `from_code` hit time against catalog size, one line per method, both
/// axes logarithmic.
fn plot(
    path: &Path,
    series: &BTreeMap<&str, Vec<(u32, f64)>>,
) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::new(path, (800, 500)).into_drawing_area();
    root.fill(&WHITE)?;
    let max = series
        .values()
        .flatten()
        .map(|(_, ns)| *ns)
        .fold(1.0, f64::max);
    let mut chart = ChartBuilder::on(&root)
        .caption("from_code, hits: ns per lookup", ("sans-serif", 22))
        .margin(16)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(
            (40u32..12_000u32).log_scale(),
            (1.0f64..max * 1.5).log_scale(),
        )?;
    chart
        .configure_mesh()
        .x_desc("codes in the catalog")
        .y_desc("ns per lookup")
        .draw()?;
    for (i, method) in METHODS.iter().enumerate() {
        let Some(points) = series.get(method) else {
            continue;
        };
        let color = Palette99::pick(i).to_rgba();
        let width = if *method == "ours" { 4 } else { 2 };
        chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                color.stroke_width(width),
            ))?
            .label(*method)
            .legend(move |(x, y)| {
                PathElement::new([(x, y), (x + 20, y)], color.stroke_width(width))
            });
        chart.draw_series(
            points
                .iter()
                .map(|&point| Circle::new(point, 3, color.filled())),
        )?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}
