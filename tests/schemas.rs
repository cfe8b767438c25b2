//! The JSON index and the catalog's JSON Schema, checked by a real
//! validator (python-jsonschema, installed by `scripts/install-toolchains`):
//! the index of every catalog matches the index's schema and carries each
//! text byte for byte; every valid catalog file matches the catalog schema,
//! and the bad catalogs whose fault a schema can see do not.

mod support;

use codegen::Settings;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Python of `target/toolchains/python`, with jsonschema.
fn python() -> PathBuf {
    let python = support::root().join("target/toolchains/python/bin/python");
    let ok = Command::new(&python)
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|output| output.status.success());
    assert!(
        ok,
        "jsonschema is not installed in {}: run `scripts/install-toolchains`",
        python.display()
    );
    python
}

/// Each document's errors under `schema`, or why it could not be parsed.
fn validate(schema: &Path, documents: &[PathBuf]) -> Vec<(String, Result<Vec<String>, String>)> {
    let output = Command::new(python())
        .arg(support::root().join("tests/validators/validate.py"))
        .arg(schema)
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
            (path, errors)
        })
        .collect()
}

/// Every catalog directory of the repository that loads.
fn valid_catalogs() -> Vec<PathBuf> {
    let root = support::root();
    [
        "catalog",
        "examples/1099policy",
        "examples/remote",
        "examples/own-crate/api-errors",
        "examples/own-crate/internal-errors",
        "tests/catalogs/hostile",
        "tests/catalogs/conventions",
        "tests/catalogs/clashing_names",
        "codegen/tests/golden/catalog",
    ]
    .iter()
    .map(|dir| root.join(dir))
    .collect()
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_index_of_every_catalog_matches_its_schema_and_holds_every_text() {
    let schema = support::root().join("clients/openapi/errors.schema.json");
    let out = tempfile::tempdir().unwrap();
    let mut documents = vec![support::root().join("clients/openapi/errors.json")];
    let mut catalogs = Vec::new();
    for (index, dir) in valid_catalogs().iter().enumerate() {
        let (catalog, _) = codegen::load(dir, dir, Settings::default())
            .unwrap_or_else(|report| panic!("{}: {}", dir.display(), report.render()));
        let path = out.path().join(format!("{index}.json"));
        std::fs::write(
            &path,
            codegen::json::generate(&catalog)[0].contents.as_bytes(),
        )
        .unwrap();
        documents.push(path.clone());
        catalogs.push((path, catalog));
    }
    for (path, errors) in validate(&schema, &documents) {
        assert_eq!(errors, Ok(Vec::new()), "{path}");
    }
    // Texts byte for byte, read back with a JSON parser.
    for (path, catalog) in catalogs {
        let index: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let codes = index["codes"].as_array().unwrap();
        assert_eq!(codes.len(), catalog.codes().count());
        for ((surface, code), entry) in catalog.codes().zip(codes) {
            assert_eq!(entry["code"], code.code.as_str());
            assert_eq!(entry["message"], code.message.as_str());
            assert_eq!(entry["title"], code.title.as_str());
            assert_eq!(entry["when"].as_str(), code.when.as_deref());
            assert_eq!(entry["surface"], surface.id.as_str());
            assert_eq!(entry["status"], code.status);
            assert_eq!(entry["retryable"], code.retryable);
            let reason = entry["deprecated"]["reason"].as_str();
            assert_eq!(
                reason.is_some() || entry["deprecated"].is_object(),
                code.deprecated.is_some()
            );
            if let Some(expected) = code.deprecated.as_deref().filter(|r| !r.is_empty()) {
                assert_eq!(reason, Some(expected));
            }
        }
        for (surface, entry) in catalog
            .surfaces
            .iter()
            .zip(index["surfaces"].as_array().unwrap())
        {
            assert_eq!(entry["title"], surface.title.as_str());
            assert_eq!(entry["description"], surface.description.as_str());
        }
    }
}

#[test]
fn every_valid_catalog_file_matches_the_catalog_schema() {
    let schema = support::root().join("schemas/catalog.schema.json");
    let files: Vec<PathBuf> = valid_catalogs()
        .iter()
        .flat_map(|dir| toml_files(dir))
        .collect();
    assert!(files.len() >= 20, "{files:?}");
    for (path, errors) in validate(&schema, &files) {
        assert_eq!(errors, Ok(Vec::new()), "{path}");
    }
}

/// The bad catalogs whose fault is in the shape of a file: an unknown key,
/// a wrong type, a status out of range, a missing key, a bad code or
/// variant name, blank text.
#[test]
fn bad_catalogs_the_schema_can_see_are_rejected_by_it() {
    let schema = support::root().join("schemas/catalog.schema.json");
    let bad = support::root().join("codegen/tests/bad_catalogs");
    for name in [
        "code_bad_characters",
        "code_texts_wrong_types",
        "codes_not_a_table",
        "empty_texts",
        "missing_status_and_message",
        "missing_surface_table",
        "status_out_of_range",
        "status_zero_and_client_range",
        "surface_not_a_table",
        "surface_without_title",
        "surface_wrong_types",
        "unknown_key_typo",
        "unknown_keys_every_level",
        "unknown_keys_in_code_only",
        "variant_invalid",
        "variant_shadows_all",
        "whitespace_only_texts",
        "wrong_value_types",
    ] {
        let files = toml_files(&bad.join(name));
        let results = validate(&schema, &files);
        assert!(
            results
                .iter()
                .any(|(_, errors)| errors.as_ref().is_ok_and(|errors| !errors.is_empty())),
            "{name}: the schema accepts every file: {results:?}"
        );
    }
}
