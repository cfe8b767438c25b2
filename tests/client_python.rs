//! The Python client, with the real toolchain: `mypy --strict` for Python
//! 3.9 on the committed package and on one generated from the hostile
//! catalog, the whole conformance corpus through the generated parser
//! (`unittest`), and every code's text read back from Python, byte for
//! byte. A missing toolchain fails the test, naming the script that
//! installs it.

mod support;

use codegen::export::{self, Target};
use codegen::model::Catalog;
use codegen::{Project, Settings};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const INSTALL: &str = "run `scripts/install-toolchains`";

/// The virtual environment's Python, where mypy is installed.
fn python() -> PathBuf {
    let python = support::root().join("target/toolchains/python/bin/python");
    let mypy = Command::new(&python)
        .args(["-m", "mypy", "--version"])
        .output();
    match mypy {
        Ok(output) if output.status.success() => python,
        _ => panic!(
            "mypy is missing from {}: {INSTALL}",
            python
                .parent()
                .map_or(python.clone(), Path::to_path_buf)
                .display()
        ),
    }
}

/// Runs the Python of the toolchain with `args` in the repository's root,
/// with the package under test in `package_dir`; no bytecode written.
fn run_python(args: &[&str], package_dir: &Path, package: &str) -> Output {
    let output = Command::new(python())
        .args(args)
        .current_dir(support::root())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONIOENCODING", "utf-8")
        .env("ERRORS_PYTHON_PACKAGE_DIR", package_dir)
        .env("ERRORS_PYTHON_PACKAGE", package)
        .env(
            "ERRORS_CONFORMANCE",
            support::root().join("clients/conformance/cases.json"),
        )
        .output();
    match output {
        Ok(output) => output,
        Err(err) => panic!("cannot run python ({INSTALL}): {err}"),
    }
}

fn program(name: &str) -> String {
    support::root()
        .join("tests/clients/python")
        .join(name)
        .display()
        .to_string()
}

fn default_project() -> (Project, Catalog) {
    let project = Project::open(&support::root().join("Cargo.toml")).unwrap();
    let (catalog, _) = project.load(None).unwrap();
    (project, catalog)
}

fn hostile_catalog() -> Catalog {
    let dir = support::root().join("tests/catalogs/hostile");
    codegen::load(&dir, &dir, Settings::default()).unwrap().0
}

/// `mypy --strict --python-version 3.9` on the package in `dir`, and on
/// the test programs that import it; its cache in a temporary directory.
fn mypy(dir: &Path, package: &str) {
    let cache = tempfile::tempdir().unwrap();
    let package_path = dir.join(package).display().to_string();
    let programs = [
        program("client_under_test.py"),
        program("dump_codes.py"),
        program("test_conformance.py"),
    ];
    let mut args = vec![
        "-m",
        "mypy",
        "--strict",
        "--python-version",
        "3.9",
        "--cache-dir",
    ];
    let cache_dir = cache.path().display().to_string();
    args.push(&cache_dir);
    args.push(&package_path);
    args.extend(programs.iter().map(String::as_str));
    let output = run_python(&args, dir, package);
    assert!(
        output.status.success(),
        "mypy --strict on {package_path}:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every code as Python reads it from the package in `dir`, compared with
/// the catalog's: the same strings, byte for byte, in the same order.
fn codes_read_back(dir: &Path, catalog: &Catalog) {
    let package = &catalog.settings.python_package;
    let output = run_python(&[&program("dump_codes.py")], dir, package);
    assert!(
        output.status.success(),
        "dump_codes.py:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dumped: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let codes: Vec<_> = catalog.codes().collect();
    assert_eq!(dumped.len(), codes.len(), "one member per code");
    let module = std::fs::read_to_string(dir.join(package).join("__init__.py")).unwrap();
    for (read, (surface, code)) in dumped.iter().zip(codes) {
        let text = |member: &str| read[member].as_str().map(str::to_owned);
        let name = &code.code;
        assert_eq!(text("code").as_ref(), Some(name));
        assert_eq!(
            text("message").as_ref(),
            Some(&code.message),
            "{name}: message"
        );
        assert_eq!(text("title").as_ref(), Some(&code.title), "{name}: title");
        assert_eq!(text("when"), code.when, "{name}: when");
        assert_eq!(text("deprecated"), code.deprecated, "{name}: deprecated");
        assert_eq!(read["status"], code.status, "{name}: status");
        assert_eq!(read["retryable"], code.retryable, "{name}: retryable");
        assert_eq!(text("surface").as_ref(), Some(&surface.id), "{name}");
        assert_eq!(text("surface_title").as_ref(), Some(&surface.title));
        assert_eq!(
            text("surface_description").as_ref(),
            Some(&surface.description)
        );
        assert_eq!(
            text("doc_url"),
            Some(catalog.settings.code_url(name)),
            "{name}: doc_url"
        );
        assert_eq!(read["lookup"], true, "{name}: lookup_error_code");
        // The member's docstring says it is deprecated, and only then.
        let member = read["name"].as_str().unwrap();
        let start = module
            .find(&format!("\n    {member} = "))
            .unwrap_or_else(|| panic!("{member} in the module"));
        // Catalog text is escaped onto one line: the docstring ends at the
        // first line that is only its closing quotes.
        let doc_len = module[start..].find("\n    \"\"\"\n").unwrap();
        let doc = &module[start..start + doc_len];
        assert_eq!(
            doc.contains("\n    Deprecated"),
            code.deprecated.is_some(),
            "{name}: the deprecation in its docstring:\n{doc}"
        );
    }
}

#[test]
fn committed_package_is_fresh() {
    let (project, catalog) = default_project();
    let files = Target::Python.generate(&catalog, project.version.as_deref().unwrap_or("0.0.0"));
    let stale = export::stale(&project.root.join("clients/python"), &files);
    assert!(
        stale.is_empty(),
        "{stale:?} stale: run `{}` and commit the result",
        project.settings.command("export python")
    );
}

#[test]
fn committed_package_passes_mypy_strict() {
    let (_, catalog) = default_project();
    mypy(
        &support::root().join("clients/python"),
        &catalog.settings.python_package,
    );
}

#[test]
fn committed_package_agrees_with_the_runtime_on_the_whole_corpus() {
    let (_, catalog) = default_project();
    let output = run_python(
        &[&program("test_conformance.py")],
        &support::root().join("clients/python"),
        &catalog.settings.python_package,
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "test_conformance.py:\n{stderr}");
    let agreement = stderr
        .lines()
        .find(|line| line.starts_with("python: "))
        .unwrap_or_else(|| panic!("no agreement count in:\n{stderr}"));
    println!("{agreement}");
    let corpus: Value = serde_json::from_slice(
        &std::fs::read(support::root().join("clients/conformance/cases.json")).unwrap(),
    )
    .unwrap();
    let total = corpus["cases"].as_array().unwrap().len();
    assert_eq!(agreement, format!("python: {total} of {total} cases agree"));
}

#[test]
fn committed_package_holds_the_catalog_text() {
    let (_, catalog) = default_project();
    codes_read_back(&support::root().join("clients/python"), &catalog);
}

#[test]
fn hostile_package_passes_mypy_and_holds_its_text_byte_for_byte() {
    let catalog = hostile_catalog();
    assert!(
        catalog.codes().any(|(_, code)| code.deprecated.is_some()),
        "the hostile catalog has deprecated codes"
    );
    let dir = tempfile::tempdir().unwrap();
    export::write(dir.path(), &Target::Python.generate(&catalog, "0.0.0")).unwrap();
    mypy(dir.path(), &catalog.settings.python_package);
    codes_read_back(dir.path(), &catalog);
}

#[test]
fn golden_package_marks_its_deprecated_codes() {
    let dir = support::root().join("codegen/tests/golden/catalog");
    let catalog = codegen::load(&dir, &dir, Settings::default()).unwrap().0;
    let out = tempfile::tempdir().unwrap();
    export::write(out.path(), &Target::Python.generate(&catalog, "0.0.0")).unwrap();
    codes_read_back(out.path(), &catalog);
}
