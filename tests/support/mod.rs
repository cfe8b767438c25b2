//! Helpers shared by the integration tests.

#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root: the `errors` package's directory.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `cargo` with `args` in `dir`, building into the target directory `target`
/// under the tests' scratch space: kept between test runs, so dependencies
/// build once, and apart from the directory of the running tests, whose lock
/// is held. Cargo names a workspace's own packages by their path inside the
/// workspace, so two copies of the workspace need two target directories.
pub fn cargo(target: &str, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(target);
    let mut command = Command::new(cargo);
    command
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("ERRORS_CATALOG")
        .env_remove("RUSTFLAGS");
    for (key, value) in env {
        command.env(key, value);
    }
    match command.output() {
        Ok(output) => output,
        Err(err) => panic!("cannot run cargo {args:?}: {err}"),
    }
}

/// Like [`cargo`], but fails the test, showing cargo's output, unless it
/// succeeds. Returns standard output.
pub fn cargo_ok(target: &str, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let output = cargo(target, dir, args, env);
    assert!(
        output.status.success(),
        "cargo {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Copies the files a build of the workspace needs into `to`.
pub fn copy_workspace(to: &Path) {
    for entry in [
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "catalog",
        "catalog.lock",
        "codegen/Cargo.toml",
        "codegen/src",
        "errors",
        "examples",
        "runtime/Cargo.toml",
        "runtime/src",
        "testkit/Cargo.toml",
        "testkit/src",
        "benches/Cargo.toml",
        "benches/build.rs",
        "benches/src",
        "benches/benches",
        // Named by [[test]] tables in Cargo.toml, so they must exist.
        "tests/server.rs",
        "tests/openapi_server.rs",
        "tests/tracing.rs",
        "tests/grpc.rs",
        "tests/locales.rs",
    ] {
        testkit::copy_recursively(&root().join(entry), &to.join(entry));
    }
}

/// The Python of `target/toolchains/python`, with the validators.
pub fn python() -> PathBuf {
    let python = root().join("target/toolchains/python/bin/python");
    let ok = Command::new(&python)
        .args(["-c", "import jsonschema, openapi_spec_validator, yaml"])
        .output()
        .is_ok_and(|output| output.status.success());
    assert!(
        ok,
        "the validators are not installed in {}: run `scripts/install-toolchains`",
        python.display()
    );
    python
}

/// One of `tests/validators/`'s scripts on `documents`: each one's errors
/// and the document as the script parsed it, or why it could not be parsed.
pub type Validated = (String, Result<Vec<String>, String>, Value);

pub fn run_validator(script: &str, schema: Option<&Path>, documents: &[PathBuf]) -> Vec<Validated> {
    let output = Command::new(python())
        .arg(root().join("tests/validators").join(script))
        .args(schema)
        .args(documents)
        .output()
        .expect("run the validator");
    assert!(
        output.status.success(),
        "the validator failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .lines()
        .map(|line| {
            let result: Value = serde_json::from_str(line).expect("a JSON line");
            let path = result["path"].as_str().unwrap_or_default().to_owned();
            let errors = match result.get("unparsable") {
                Some(why) => Err(why.to_string()),
                None => Ok(result["errors"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|error| error.as_str().unwrap_or_default().to_owned())
                    .collect()),
            };
            (path, errors, result["document"].clone())
        })
        .collect()
}
