//! `examples/own-crate`, a crate outside the workspace, adopts the generator
//! through the public path only: copied elsewhere, it builds with its own
//! catalogs and runs a program that writes and reads back its errors.

mod support;

use std::path::Path;

#[test]
fn a_crate_outside_the_workspace_builds_and_uses_its_two_catalogs() {
    let root = support::root();
    let example = root.join("examples/own-crate");
    let build_script = std::fs::read_to_string(example.join("build.rs")).unwrap();
    assert!(build_script.lines().count() <= 5, "{build_script}");

    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("own-crate");
    testkit::copy_recursively(&example, &copy);
    // Its path dependencies point into this repository, wherever the copy is.
    let manifest = copy.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let absolute = |name: &str| format!("\"{}\"", root.join(name).display());
    let moved = text
        .replace("\"../../runtime\"", &absolute("runtime"))
        .replace("\"../../codegen\"", &absolute("codegen"));
    assert_ne!(text, moved);
    std::fs::write(&manifest, moved).unwrap();

    let output = support::cargo("own-crate", &copy, &["run", "--offline"], &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // Both locks are complete: the build has nothing to warn about.
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(
        stdout.contains("read back: invalid_api_version"),
        "{stdout}"
    );
    assert!(
        stdout.contains("internal: 2 codes, read back: payroll_blocked"),
        "{stdout}"
    );
    assert!(!Path::new(&copy.join("catalog")).exists());
}
