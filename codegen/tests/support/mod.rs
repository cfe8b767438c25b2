//! Helpers shared by codegen's integration tests.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// The codegen package's directory; the bad catalogs are under its `tests/`
/// and are named from here in diagnostics.
pub fn codegen_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The workspace root: the default catalog, its lock, the example catalogs
/// and the test catalogs the `errors` crate is also built from.
pub fn root() -> &'static Path {
    codegen_dir().parent().unwrap_or(Path::new(".."))
}

/// Runs `command`: its exit status, and its stdout and stderr together.
pub fn status_and_text(command: &mut Command) -> (i32, String) {
    let output = command.output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.code().unwrap_or(-1), text)
}
