//! Real `cargo` runs: every example catalog builds into the `errors` crate
//! and passes clippy, and an edited catalog reaches the crate on the next
//! `cargo build`, with nothing else to run. Slow: each test compiles.

mod support;

use codegen::Settings;
use std::path::Path;

/// Builds the `errors` crate from `catalog` (relative to the workspace
/// root, or absolute), runs `program` (`["--bin", "show"]`, `["--example",
/// "dump"]`) against it, and returns what it printed with the catalog as
/// codegen loads it.
fn run_example_on(catalog: &str, program: [&str; 2]) -> (String, codegen::Catalog) {
    let root = support::root();
    let printed = support::cargo_ok(
        "examples",
        root,
        &["run", "--quiet", program[0], program[1]],
        &[("ERRORS_CATALOG", catalog)],
    );
    let (expected, _) = codegen::load(&root.join(catalog), root, Settings::default()).unwrap();
    (printed, expected)
}

/// The crate built from `catalog`, generated code included, passes clippy.
fn clippy_on(catalog: &str) {
    support::cargo_ok(
        "examples",
        support::root(),
        &["clippy", "--quiet", "--lib", "--", "-D", "warnings"],
        &[("ERRORS_CATALOG", catalog)],
    );
}

/// Runs `show` on `catalog` and checks that every code of the
/// catalog is listed with its status.
fn build_and_show(catalog: &str) {
    let (shown, expected) = run_example_on(catalog, ["--bin", "show"]);
    let count = expected.codes().count();
    assert!(shown.starts_with(&format!("{count} codes in ")), "{shown}");
    assert!(
        shown.contains("Every code reads back from its response body: yes"),
        "{shown}"
    );
    for (_, code) in expected.codes() {
        let listed = shown.lines().any(|line| {
            let mut words = line.split_whitespace();
            words.next() == Some(&code.code) && words.next() == Some(&code.status.to_string())
        });
        assert!(
            listed,
            "{catalog}: `{} {}` is not listed:\n{shown}",
            code.code, code.status
        );
    }
    clippy_on(catalog);
}

#[test]
fn example_catalogs_generate_compile_and_pass_clippy() {
    let mut catalogs: Vec<String> = std::fs::read_dir(support::root().join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        // Catalogs, not crates such as examples/own-crate.
        .filter(|path| path.is_dir() && !path.join("Cargo.toml").exists())
        .map(|path| format!("examples/{}", path.file_name().unwrap().to_string_lossy()))
        .collect();
    catalogs.sort();
    assert_eq!(catalogs, ["examples/1099policy", "examples/remote"]);
    catalogs.push("tests/catalogs/conventions".to_owned());
    for catalog in catalogs {
        build_and_show(&catalog);
    }
}

/// Codes, variants and surfaces named like the prelude's items, the
/// runtime's and the generated code's own (`err` makes `ErrorCode::Err`,
/// `error_code.toml` makes `Surface::ErrorCode`) build and pass clippy.
#[test]
fn names_that_clash_with_prelude_runtime_and_generated_items_build() {
    build_and_show("tests/catalogs/clashing_names");
    built_texts_match_the_catalog("tests/catalogs/clashing_names");
}

fn append(path: &Path, text: &str) {
    let mut contents = std::fs::read_to_string(path).unwrap();
    contents.push_str(text);
    std::fs::write(path, contents).unwrap();
}

#[test]
fn an_edited_catalog_reaches_the_crate_on_the_next_build() {
    let workspace = tempfile::tempdir().unwrap();
    let dir = workspace.path();
    support::copy_workspace(dir);

    support::cargo_ok("edited", dir, &["build", "--bin", "show"], &[]);
    // Nothing changed: neither the build script nor the crate runs again.
    let again = support::cargo("edited", dir, &["build", "-v", "--bin", "show"], &[]);
    let log = String::from_utf8_lossy(&again.stderr);
    assert!(again.status.success(), "{log}");
    assert!(log.contains("Fresh errors v0.1.0"), "{log}");
    assert!(!log.contains("Compiling errors"), "{log}");
    assert!(!log.contains("build-script-build`"), "{log}");

    let general = dir.join("catalog/general.toml");
    let contents = std::fs::read_to_string(&general).unwrap();
    let edited = contents.replace(
        "message = \"The request body was not valid JSON.\"",
        "message = \"The body of the request was not JSON.\"",
    );
    assert_ne!(contents, edited);
    std::fs::write(&general, edited).unwrap();
    append(
        &dir.join("catalog/webhooks.toml"),
        "\n[codes.webhook_replayed]\nstatus = 409\nmessage = \"A webhook delivery was replayed.\"\n",
    );

    let shown = support::cargo_ok("edited", dir, &["run", "--quiet", "--bin", "show"], &[]);
    assert!(shown.starts_with("41 codes in 6 surfaces"), "{shown}");
    assert!(
        shown
            .lines()
            .any(|line| line.trim_start().starts_with("invalid_json")
                && line.ends_with("The body of the request was not JSON.")),
        "{shown}"
    );
    assert!(
        shown
            .lines()
            .any(|line| line.trim_start().starts_with("webhook_replayed")
                && line.contains(" 409 ")
                && line.ends_with("A webhook delivery was replayed.")),
        "{shown}"
    );

    // The response format is a catalog setting.
    let manifest = dir.join("Cargo.toml");
    let settings = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        settings.replace("format = \"problem\"", "format = \"envelope\""),
    )
    .unwrap();
    let shown = support::cargo_ok("edited", dir, &["run", "--quiet", "--bin", "show"], &[]);
    let body = shown
        .lines()
        .find(|line| line.starts_with("A response body"))
        .unwrap();
    assert!(body.starts_with("A response body (application/json): {\"errors\":[{\"error_key\":\"request\",\"category\":\"invalid_json\""), "{body}");

    // A lock created after a build takes effect on the next build, with
    // nothing else touched; each warning reaches cargo as one line.
    std::fs::remove_file(dir.join("catalog.lock")).unwrap();
    let built = support::cargo("edited", dir, &["build", "--bin", "show"], &[]);
    let log = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{log}");
    let warnings: Vec<&str> = log
        .lines()
        .filter(|line| line.starts_with("warning: errors@"))
        .collect();
    assert_eq!(warnings.len(), 1, "{log}");
    assert!(
        warnings[0].starts_with("warning: errors@0.1.0: 41 codes are not in catalog.lock yet: "),
        "{log}"
    );
    let project = codegen::Project::open(&manifest).unwrap();
    project.update_lock(&[], &[]).unwrap();
    let built = support::cargo("edited", dir, &["build", "--bin", "show"], &[]);
    let log = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{log}");
    assert!(!log.contains("warning"), "{log}");

    // A bad edit fails the build with the catalog's diagnostics.
    let lines = std::fs::read_to_string(dir.join("catalog/webhooks.toml"))
        .unwrap()
        .lines()
        .count();
    append(
        &dir.join("catalog/webhooks.toml"),
        "\n[codes.webhook_lost]\nstauts = 410\n",
    );
    let failed = support::cargo("edited", dir, &["build"], &[]);
    let log = String::from_utf8_lossy(&failed.stderr);
    assert!(!failed.status.success(), "{log}");
    assert!(
        log.contains("unknown key `stauts` in code `webhook_lost`"),
        "{log}"
    );
    // The appended text starts with a blank line, then the header.
    let place = format!("catalog/webhooks.toml:{}:1", lines + 3);
    assert!(log.contains(&place), "no {place} in {log}");
    assert!(log.contains("did you mean `status`?"), "{log}");
    assert!(
        log.contains("code `webhook_lost` has no `message`"),
        "{log}"
    );
}

/// Builds the crate from `catalog` and checks that it returns every text of
/// the catalog exactly: strings that mean something to Rust, markdown, HTML
/// or TOML included.
fn built_texts_match_the_catalog(catalog: &str) {
    let (dumped, expected) = run_example_on(catalog, ["--example", "dump"]);
    let built: serde_json::Value = serde_json::from_str(&dumped).unwrap();
    let built = built.as_array().unwrap();
    assert_eq!(built.len(), expected.codes().count());
    for (code, (surface, expected)) in built.iter().zip(expected.codes()) {
        assert_eq!(code["code"], expected.code.as_str());
        assert_eq!(code["status"], expected.status);
        assert_eq!(
            code["message"],
            expected.message.as_str(),
            "{}",
            expected.code
        );
        assert_eq!(code["title"], expected.title.as_str());
        assert_eq!(code["when"].as_str(), expected.when.as_deref());
        assert_eq!(code["deprecated"].as_str(), expected.deprecated.as_deref());
        assert_eq!(code["surface"], surface.id.as_str());
        assert_eq!(code["surface_title"], surface.title.as_str());
        assert_eq!(code["found_by_from_code"], true);
    }
}

#[test]
fn hostile_text_comes_out_of_the_built_crate_byte_for_byte() {
    built_texts_match_the_catalog("tests/catalogs/hostile");
    clippy_on("tests/catalogs/hostile");
}

#[test]
fn a_catalog_of_ten_thousand_codes_generates_compiles_and_reads_back() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("scale-catalog-10000");
    codegen::synthetic::write_catalog(10_000, &dir).unwrap();
    built_texts_match_the_catalog(dir.to_str().unwrap());
}

/// A catalog drawn by the property tests' strategy (with a fixed seed, so
/// every run builds the same one), compiled and read back.
#[test]
fn a_sampled_random_catalog_compiles_and_reads_back() {
    use proptest::strategy::{Strategy, ValueTree};
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let sampled = testkit::arbitrary::catalog()
        .new_tree(&mut runner)
        .unwrap()
        .current();
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sampled-catalog");
    let _ = std::fs::remove_dir_all(&dir);
    sampled.write(&dir);
    assert!(sampled.codes().count() > 0);
    built_texts_match_the_catalog(dir.to_str().unwrap());
}

/// Catalog text that starts like an indented code block (four spaces or a
/// tab) never becomes a doc test: `cargo test --doc` on the built crate runs
/// only the crate's own examples, and none of the catalog's code writes its
/// marker file. `cargo doc -D warnings` passes on text with a URL, brackets
/// and tags.
#[test]
fn catalog_text_never_runs_as_a_doc_test() {
    let scratch = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let markers = scratch.join("doc-test-markers");
    let catalog = scratch.join("doc-test-catalog");
    let _ = std::fs::remove_dir_all(&markers);
    let _ = std::fs::remove_dir_all(&catalog);
    std::fs::create_dir_all(&markers).unwrap();
    std::fs::create_dir_all(&catalog).unwrap();
    // Each field's code writes a marker named after the field; TOML literal
    // strings keep the quotes and the tab as they are.
    let write = |field: &str, indent: &str| {
        let path = markers.join(field);
        format!(
            "'{indent}std::fs::write({:?}, \"ran\").unwrap();'",
            path.to_str().unwrap()
        )
    };
    // The codes the crate's own doc examples use, so those run too.
    let toml = format!(
        "[surface]\ntitle = {}\ndescription = {}\n\n\
         [codes.rate_limited]\nstatus = 429\nmessage = {}\ntitle = {}\nwhen = {}\n\n\
         [codes.invalid_email]\nstatus = 422\nmessage = {}\nsince = {}\n\n\
         [codes.old_code]\nstatus = 400\nmessage = {}\ndeprecated = {}\ndeprecated_since = {}\n\n\
         [codes.markup]\nstatus = 400\nmessage = \"See https://example.com/x and [x] and [`ErrorCode`] and <b>bold</b> and <https://example.com>.\"\n",
        write("surface_title", "    "),
        write("surface_description", "\t"),
        write("message", "    "),
        write("title", "\t"),
        write("when", "    "),
        write("message_tab", "\t"),
        write("since", "    "),
        write("deprecated_message", "    "),
        write("deprecated", "    "),
        write("deprecated_since", "\t"),
    );
    std::fs::write(catalog.join("general.toml"), toml).unwrap();
    let catalog = catalog.to_str().unwrap();
    let root = support::root();
    let env = [("ERRORS_CATALOG", catalog)];

    let output = support::cargo("doc-tests", root, &["test", "--doc"], &env);
    let tested = String::from_utf8_lossy(&output.stdout);
    let ran: Vec<String> = std::fs::read_dir(&markers)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        ran.is_empty(),
        "catalog text ran as code: {ran:?}\n{tested}"
    );
    assert!(
        output.status.success(),
        "{tested}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let doc_tests: Vec<&str> = tested
        .lines()
        .filter_map(|line| line.strip_prefix("test "))
        .filter(|line| line.contains(" ... "))
        .collect();
    assert!(!doc_tests.is_empty(), "{tested}");
    for test in &doc_tests {
        assert!(test.starts_with("errors/"), "not the crate's own: {test}");
    }

    support::cargo_ok(
        "doc-tests",
        root,
        &["doc", "--no-deps", "--lib"],
        &[("ERRORS_CATALOG", catalog), ("RUSTDOCFLAGS", "-D warnings")],
    );
}
