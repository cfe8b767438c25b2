//! What the `errors` crate's `build.rs` runs.

use crate::{LockCheck, Project, rust, write_if_changed};
use std::path::PathBuf;
use std::process::ExitCode;

/// The file, in `OUT_DIR`, that the `errors` crate includes.
pub const GENERATED_FILE: &str = "error_codes.rs";

/// Names a catalog directory to build instead of the one the settings name,
/// relative to the manifest: for trying out another catalog.
pub const CATALOG_ENV: &str = "ERRORS_CATALOG";

/// Generates `$OUT_DIR/error_codes.rs` from the catalog; on a bad catalog,
/// prints every problem and fails the build.
pub fn run() -> ExitCode {
    let (Some(manifest_dir), Some(out_dir)) = (
        std::env::var_os("CARGO_MANIFEST_DIR"),
        std::env::var_os("OUT_DIR"),
    ) else {
        eprintln!("error: codegen::build_script::run must be called from a build script");
        return ExitCode::FAILURE;
    };
    let manifest = PathBuf::from(manifest_dir).join("Cargo.toml");
    println!("cargo::rerun-if-changed={}", manifest.display());
    println!("cargo::rerun-if-env-changed={CATALOG_ENV}");

    let project = match Project::open(&manifest) {
        Ok(project) => project,
        Err(report) => return fail(&report.render()),
    };
    let catalog_dir = std::env::var_os(CATALOG_ENV).map(PathBuf::from);
    let dir = catalog_dir
        .as_ref()
        .map_or_else(|| project.catalog_dir(), |dir| project.root.join(dir));
    // A directory makes cargo watch every file below it, new ones included.
    println!("cargo::rerun-if-changed={}", dir.display());
    // A path that does not exist would rerun the script on every build; a
    // lock created later takes effect with the next change to the catalog.
    let lock = project.lock_path();
    if lock.exists() {
        println!("cargo::rerun-if-changed={}", lock.display());
    }

    // The lock is the project catalog's; another catalog is not checked against it.
    let lock_check = if catalog_dir.is_some() {
        LockCheck::Skip
    } else {
        LockCheck::Check
    };
    let (catalog, warnings) = match project.load_with(catalog_dir.as_deref(), lock_check) {
        Ok(loaded) => loaded,
        Err(report) => return fail(&report.render()),
    };
    for line in warnings.render().lines() {
        println!("cargo::warning={line}");
    }
    let source = match rust::generate(&catalog) {
        Ok(source) => source,
        Err(err) => return fail(&format!("error: cannot generate the Rust code: {err}")),
    };
    match write_if_changed(&PathBuf::from(out_dir).join(GENERATED_FILE), &source) {
        Ok(_) => ExitCode::SUCCESS,
        Err(err) => fail(&format!("error: cannot write {GENERATED_FILE}: {err}")),
    }
}

fn fail(text: &str) -> ExitCode {
    eprint!("{text}");
    ExitCode::FAILURE
}
