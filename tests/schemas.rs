//! The exported documents, checked by real validators (installed by
//! `scripts/install-toolchains`): the JSON index of every catalog matches
//! the index's schema and carries each text byte for byte (python-jsonschema);
//! every valid catalog file matches the catalog schema, and the bad catalogs
//! whose fault a schema can see do not; the OpenAPI document of every
//! catalog, JSON and YAML, is valid OpenAPI 3.1 (openapi-spec-validator),
//! its examples match their responses' schemas, and it lists every code.

mod support;

use codegen::Settings;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Each document's errors under `schema`, or why it could not be parsed.
fn validate(schema: &Path, documents: &[PathBuf]) -> Vec<(String, Result<Vec<String>, String>)> {
    support::run_validator("validate.py", Some(schema), documents)
        .into_iter()
        .map(|(path, errors, _)| (path, errors))
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
        "grpc_code_unknown",
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

#[test]
fn the_openapi_document_of_every_catalog_is_valid_and_lists_every_code() {
    let root = support::root();
    let out = tempfile::tempdir().unwrap();
    let mut documents = vec![
        root.join("clients/openapi/openapi.json"),
        root.join("clients/openapi/openapi.yaml"),
    ];
    let manifest = root.join("Cargo.toml");
    let mut report = codegen::Report::default();
    let settings = Settings::from_manifest(&manifest, &mut report).expect("the settings");
    let (default, _) = codegen::load(&root.join("catalog"), root, settings.clone()).unwrap();
    let mut catalogs = vec![(documents[0].clone(), default)];
    // The envelope as well as problem details, and every catalog with a code
    // member of its own.
    let envelope = Settings {
        format: codegen::ResponseFormat::Envelope,
        ..Settings::default()
    };
    let renamed = Settings {
        code_member: "error_code".to_owned(),
        ..Settings::default()
    };
    let mut index = 0;
    for dir in valid_catalogs() {
        for settings in [Settings::default(), envelope.clone(), renamed.clone()] {
            let (catalog, _) = codegen::load(&dir, &dir, settings)
                .unwrap_or_else(|report| panic!("{}: {}", dir.display(), report.render()));
            for file in codegen::openapi::generate(&catalog, "1.2.3") {
                let path = out.path().join(format!("{index}-{}", file.path.display()));
                std::fs::write(&path, file.contents.as_bytes()).unwrap();
                documents.push(path);
            }
            catalogs.push((documents[documents.len() - 2].clone(), catalog));
            index += 1;
        }
    }
    let validated = support::run_validator("openapi.py", None, &documents);
    assert_eq!(validated.len(), documents.len());
    // Each JSON document and its YAML twin: valid, and the same document.
    for pair in validated.chunks(2) {
        let [
            (json_path, json_errors, json),
            (yaml_path, yaml_errors, yaml),
        ] = pair
        else {
            unreachable!()
        };
        assert_eq!(json_errors, &Ok(Vec::new()), "{json_path}");
        assert_eq!(yaml_errors, &Ok(Vec::new()), "{yaml_path}");
        assert_eq!(
            json, yaml,
            "{yaml_path} reads as another document than {json_path}"
        );
        let written: Value =
            serde_json::from_str(&std::fs::read_to_string(json_path).unwrap()).unwrap();
        assert_eq!(json, &written, "{json_path}");
    }
    for (path, catalog) in &catalogs {
        let document: Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        lists_every_code(path, catalog, &document);
    }
    // The default catalog's examples read back with the runtime's reader.
    let document: Value =
        serde_json::from_str(&std::fs::read_to_string(&documents[0]).unwrap()).unwrap();
    for code in errors::ErrorCode::ALL {
        let status = code.status();
        let response = &document["components"]["responses"][format!("Error{status}")];
        let example = &response["content"]["application/problem+json"]["examples"][code.as_str()];
        let body = serde_json::to_vec(&example["value"]).unwrap();
        let read = errors::ResponseError::from_parts(status, None, &body);
        assert_eq!(read.code(), Some(*code), "{}: {example}", code.as_str());
    }
}

/// The code enum holds every code with its status and message, and each
/// status the catalog uses has one response with exactly its codes, each
/// with an example that carries it.
fn lists_every_code(path: &Path, catalog: &codegen::Catalog, document: &Value) {
    let components = &document["components"];
    let values = components["schemas"]["ErrorCode"]["oneOf"]
        .as_array()
        .unwrap();
    assert_eq!(values.len(), catalog.codes().count(), "{}", path.display());
    let mut by_status: std::collections::BTreeMap<u16, Vec<&str>> = Default::default();
    for ((_, code), value) in catalog.codes().zip(values) {
        assert_eq!(value["const"], code.code.as_str(), "{}", path.display());
        let description = value["description"].as_str().unwrap();
        assert!(
            description.starts_with(&code.status.to_string()),
            "{description}"
        );
        assert!(
            description.ends_with(code.message.as_str()),
            "{description}"
        );
        by_status.entry(code.status).or_default().push(&code.code);
    }
    let responses = components["responses"].as_object().unwrap();
    let names: Vec<String> = by_status
        .keys()
        .map(|status| format!("Error{status}"))
        .collect();
    let mut listed: Vec<String> = responses.keys().cloned().collect();
    listed.sort_by_key(|name| name[5..].parse::<u16>().unwrap());
    assert_eq!(listed, names, "{}", path.display());
    let member = &catalog.settings.code_member;
    for (status, codes) in by_status {
        let response = &responses[&format!("Error{status}")];
        let (media_type, content) = response["content"]
            .as_object()
            .unwrap()
            .iter()
            .next()
            .unwrap();
        let examples = content["examples"].as_object().unwrap();
        let mut expected: Vec<&str> = codes.clone();
        expected.sort();
        let named: Vec<&str> = examples.keys().map(String::as_str).collect();
        assert_eq!(named, expected, "{}: Error{status}", path.display());
        for (code, example) in examples {
            let body = &example["value"];
            let carried = match media_type.as_str() {
                "application/problem+json" => {
                    assert_eq!(body["status"], status);
                    &body[member.as_str()]
                }
                _ => &body["errors"][0]["category"],
            };
            assert_eq!(carried, code.as_str(), "{}: {example}", path.display());
        }
    }
}
