//! Reads the estimates criterion saved (`cargo bench -p benches`) and prints
//! the tables of `docs/performance.md`, with each method's ratio to ours
//! from the same run, and draws `docs/from_code.svg`:
//! `cargo run --release -p benches --bin report`.

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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let criterion = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), PathBuf::from)
        .join("criterion");
    let median = |path: &str| -> Option<f64> {
        let text = std::fs::read_to_string(criterion.join(path).join("new/estimates.json")).ok()?;
        let json: serde_json::Value = serde_json::from_str(&text).ok()?;
        json["median"]["point_estimate"].as_f64()
    };

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
    for accessor in ["as_str", "status", "message"] {
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
    for (case, ours, theirs) in [
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
    ] {
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
