//! The TypeScript client, checked with the real toolchain: the committed
//! export of the default catalog is fresh, passes `tsc --strict`, builds,
//! and reads the whole conformance corpus as the Rust runtime does; the
//! module generated from the hostile catalog compiles and gives back every
//! string byte for byte; deprecated codes carry `@deprecated`.
//!
//! The programs that run in Node are `tests/clients/typescript/*.ts`. Each
//! test lays out a temporary directory, `client/dist/` (the built package)
//! beside `test/` (those programs, compiled there), so nothing is written
//! into the repository.

mod support;

use codegen::export::{self, File, Target};
use codegen::{Catalog, Project, Settings};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

const INSTALL: &str = "run `scripts/install-toolchains`";

/// The test programs' directory, where the toolchain is installed too.
fn programs() -> PathBuf {
    support::root().join("tests/clients/typescript")
}

fn tsc() -> PathBuf {
    let tsc = programs().join("node_modules/.bin/tsc");
    assert!(
        tsc.is_file(),
        "TypeScript is not installed ({} is missing): {INSTALL}",
        tsc.display()
    );
    tsc
}

/// Runs `command`, failing the test with its output unless it succeeds.
/// Returns standard output.
fn run(command: &mut Command, what: &str) -> String {
    let output = match command.output() {
        Ok(output) => output,
        Err(err) => panic!("cannot run {what} ({err}): {INSTALL}"),
    };
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

fn node(script: &Path, env: &[(&str, &Path)]) -> String {
    let mut command = Command::new("node");
    command.arg("--test-reporter=dot").arg(script);
    for (key, value) in env {
        command.env(key, value);
    }
    run(&mut command, &format!("node {}", script.display()))
}

/// The package in `package` checked by `tsc --strict --noEmit`, built into
/// `client/dist/` of a new temporary directory, and the test programs
/// compiled into its `test/`.
fn build(package: &Path) -> TempDir {
    let tsc = tsc();
    let config = package.join("tsconfig.json");
    run(
        Command::new(&tsc)
            .arg("-p")
            .arg(&config)
            .args(["--strict", "--noEmit"]),
        "tsc --strict --noEmit",
    );
    let work = tempfile::tempdir().unwrap();
    let dist = work.path().join("client/dist");
    run(
        Command::new(&tsc)
            .arg("-p")
            .arg(&config)
            .arg("--outDir")
            .arg(&dist),
        "tsc (build)",
    );
    for built in ["index.js", "index.d.ts"] {
        assert!(dist.join(built).is_file(), "the build gave no {built}");
    }
    let test = work.path().join("test");
    std::fs::create_dir_all(&test).unwrap();
    for program in ["conformance.test.ts", "dump.ts"] {
        std::fs::copy(programs().join(program), test.join(program)).unwrap();
    }
    std::fs::write(test.join("package.json"), "{ \"type\": \"module\" }\n").unwrap();
    // The test programs use Node's API, typed by `@types/node`; the client
    // itself was checked above without any `@types`.
    let types = programs().join("node_modules/@types");
    let test_config = serde_json::json!({
        "compilerOptions": {
            "target": "ES2022",
            "module": "NodeNext",
            "moduleResolution": "NodeNext",
            "strict": true,
            "noUncheckedIndexedAccess": true,
            "skipLibCheck": true,
            "typeRoots": [types],
            "types": ["node"],
        },
        "include": ["*.ts"],
    });
    std::fs::write(test.join("tsconfig.json"), test_config.to_string()).unwrap();
    run(
        Command::new(&tsc).arg("-p").arg(test.join("tsconfig.json")),
        "tsc (the test programs)",
    );
    work
}

fn project() -> Project {
    Project::open(&support::root().join("Cargo.toml")).unwrap()
}

fn default_catalog() -> Catalog {
    project().load(None).unwrap().0
}

fn catalog_at(dir: &Path) -> Catalog {
    match codegen::load(dir, dir, Settings::default()) {
        Ok((catalog, _)) => catalog,
        Err(report) => panic!("{} does not load: {report:?}", dir.display()),
    }
}

/// The package for `catalog`, written into a temporary directory.
fn generated(catalog: &Catalog) -> (TempDir, Vec<File>) {
    let dir = tempfile::tempdir().unwrap();
    let files = Target::TypeScript.generate(catalog, "1.2.3");
    export::write(dir.path(), &files).unwrap();
    (dir, files)
}

/// Every code's strings as the built module gives them back, compared byte
/// for byte with the model's. Returns how many codes were compared.
fn strings_round_trip(work: &TempDir, catalog: &Catalog) -> usize {
    let dumped = node(&work.path().join("test/dump.js"), &[]);
    let dumped: Vec<Value> = serde_json::from_str(&dumped).unwrap();
    let text = |entry: &Value, member: &str| entry[member].as_str().map(str::to_owned);
    let mut codes = 0;
    for (_, code) in catalog.codes() {
        let entry = dumped
            .iter()
            .find(|entry| entry["code"] == code.code.as_str())
            .unwrap_or_else(|| panic!("the module has no code {:?}", code.code));
        assert_eq!(entry["known"], true, "isErrorCode({:?})", code.code);
        assert_eq!(
            text(entry, "message").as_ref(),
            Some(&code.message),
            "{}: message",
            code.code
        );
        assert_eq!(
            text(entry, "title").as_ref(),
            Some(&code.title),
            "{}: title",
            code.code
        );
        assert_eq!(text(entry, "when"), code.when, "{}: when", code.code);
        assert_eq!(
            text(entry, "deprecated"),
            code.deprecated,
            "{}: deprecated",
            code.code
        );
        codes += 1;
    }
    assert_eq!(
        dumped.len(),
        codes,
        "the module has codes the catalog has not"
    );
    codes
}

/// Each deprecated code's member of `ErrorCatalog` ends its doc with
/// `@deprecated`, in the source and in the built declarations; no other
/// code's does.
fn deprecated_marked(source: &str, declarations: &str, catalog: &Catalog) {
    for text in [source, declarations] {
        for (_, code) in catalog.codes() {
            let member = format!(
                "readonly {}: ErrorCodeInfo;",
                codegen::typescript::string_literal(&code.code)
            );
            let at = text
                .find(&member)
                .unwrap_or_else(|| panic!("no member for {:?}", code.code));
            let doc = &text[..at];
            let doc = &doc[doc.rfind("/**").unwrap()..];
            let marked = doc
                .lines()
                .any(|line| line.trim_start().starts_with("* @deprecated"));
            assert_eq!(
                marked,
                code.deprecated.is_some(),
                "{}'s doc:\n{doc}",
                code.code
            );
        }
        let deprecated = catalog
            .codes()
            .filter(|(_, code)| code.deprecated.is_some())
            .count();
        assert_eq!(text.matches("* @deprecated").count(), deprecated);
    }
}

#[test]
fn committed_client_is_fresh() {
    let project = project();
    let files = Target::TypeScript.generate(
        &default_catalog(),
        project.version.as_deref().unwrap_or("0.0.0"),
    );
    let stale = export::stale(&support::root().join("clients/typescript"), &files);
    assert!(
        stale.is_empty(),
        "{stale:?} are stale: run `{}` and commit the result",
        project.settings.command("export typescript")
    );
}

#[test]
fn committed_client_compiles_and_reads_the_whole_corpus() {
    let work = build(&support::root().join("clients/typescript"));
    let cases_path = support::root().join("clients/conformance/cases.json");
    let cases: Value = serde_json::from_slice(&std::fs::read(&cases_path).unwrap()).unwrap();
    let total = cases["cases"].as_array().unwrap().len();
    let output = node(
        &work.path().join("test/conformance.test.js"),
        &[("CONFORMANCE_CASES", &cases_path)],
    );
    let agreement = format!("typescript conformance: {total} of {total} cases agree");
    println!("{agreement}");
    assert!(output.contains(&agreement), "{output}");
    let catalog = default_catalog();
    let codes = strings_round_trip(&work, &catalog);
    assert_eq!(codes, catalog.codes().count());
}

#[test]
fn hostile_text_compiles_and_comes_back_byte_for_byte() {
    let catalog = catalog_at(&support::root().join("tests/catalogs/hostile"));
    let (package, _) = generated(&catalog);
    let work = build(package.path());
    assert!(strings_round_trip(&work, &catalog) > 0);
    let source = std::fs::read_to_string(package.path().join("src/index.ts")).unwrap();
    let declarations = std::fs::read_to_string(work.path().join("client/dist/index.d.ts")).unwrap();
    deprecated_marked(&source, &declarations, &catalog);
}

#[test]
fn deprecated_codes_are_marked_in_the_golden_catalog() {
    let catalog = catalog_at(&support::root().join("codegen/tests/golden/catalog"));
    assert!(catalog.codes().any(|(_, code)| code.deprecated.is_some()));
    let (package, _) = generated(&catalog);
    let work = build(package.path());
    strings_round_trip(&work, &catalog);
    let source = std::fs::read_to_string(package.path().join("src/index.ts")).unwrap();
    let declarations = std::fs::read_to_string(work.path().join("client/dist/index.d.ts")).unwrap();
    deprecated_marked(&source, &declarations, &catalog);
}

#[test]
fn package_json_names_the_package_and_its_build() {
    let project = project();
    let package: Value = serde_json::from_slice(
        &std::fs::read(support::root().join("clients/typescript/package.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        package["name"],
        project.settings.typescript_package.as_str()
    );
    assert_eq!(
        package["version"],
        project.version.as_deref().unwrap_or("0.0.0")
    );
    assert_eq!(package["type"], "module");
    assert_eq!(package["exports"]["."]["types"], "./dist/index.d.ts");
    assert_eq!(package["exports"]["."]["default"], "./dist/index.js");
    assert_eq!(package["scripts"]["build"], "tsc -p tsconfig.json");
    assert!(
        package.get("dependencies").is_none(),
        "no runtime dependency"
    );
}
