//! `codegen init`: scaffolds a catalog into an existing crate. It creates
//! what is missing and never overwrites a file: the settings table is
//! appended to a manifest that has none.

use std::io::Write;
use std::path::{Path, PathBuf};

/// What `init` did and did not do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scaffold {
    /// Files created, or appended to (the manifest).
    pub written: Vec<PathBuf>,
    /// Files that were there already, each with why it was left alone.
    pub left_alone: Vec<(PathBuf, String)>,
    /// What `init` cannot do for the crate: lines to add by hand.
    pub to_do: Vec<String>,
}

const SETTINGS: &str = r#"
# The error catalog's settings, read by build.rs and by the codegen CLI.
[package.metadata.errors]
api-name = "API"                 # the API's name, on the reference page
catalog = "catalog"              # one <surface>.toml file per surface of the API
lock = "catalog.lock"            # the published codes (`codegen lock` writes it)
page = "docs/errors.md"          # the reference page (`codegen docs` writes it)
format = "problem"               # "problem" (RFC 9457) or "envelope"
# base-url = "https://docs.example.com/errors"   # where the page is published
"#;

const EXAMPLE_SURFACE: &str = r#"# The codes of one surface of the API: the part where they occur. The file
# stem (`general`) is the surface id.
[surface]
title = "General"
description = "Codes any endpoint may return."

# One table per code; its key is the code exactly as it goes on the wire.
[codes.invalid_json]
status = 400                                     # required, 400..=599
message = "The request body was not valid JSON." # required: the message for people
# title = "Invalid JSON"                         # derived from the code if absent
# when = "The body could not be parsed."         # when it occurs
# retryable = false                              # default: true for 429, 502, 503, 504
# since = "1.0"                                  # the first version that returned it
# deprecated = "Use `other_code`."               # still valid, flagged
"#;

const BUILD_SCRIPT: &str = r#"fn main() -> Result<(), codegen::Failed> {
    codegen::Builder::new().build()
}
"#;

/// Scaffolds the catalog into the crate of `manifest`.
pub fn init(manifest: &Path) -> std::io::Result<Scaffold> {
    let root = manifest.parent().unwrap_or(Path::new("."));
    let text = std::fs::read_to_string(manifest)?;
    let document: toml::Table = toml::from_str(&text).map_err(std::io::Error::other)?;
    let package = document.get("package").and_then(toml::Value::as_table);
    if package.is_none() {
        return Err(std::io::Error::other(format!(
            "{} has no [package]: init scaffolds into a crate",
            manifest.display()
        )));
    }
    let mut scaffold = Scaffold::default();

    let settings = package
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("errors"))
        .and_then(toml::Value::as_table);
    let catalog = match settings {
        Some(settings) => {
            scaffold.left_alone.push((
                manifest.to_path_buf(),
                "it has [package.metadata.errors] already".to_owned(),
            ));
            settings
                .get("catalog")
                .and_then(toml::Value::as_str)
                .unwrap_or("catalog")
                .to_owned()
        }
        None => {
            let mut file = std::fs::OpenOptions::new().append(true).open(manifest)?;
            file.write_all(SETTINGS.as_bytes())?;
            scaffold.written.push(manifest.to_path_buf());
            "catalog".to_owned()
        }
    };

    let catalog_dir = root.join(&catalog);
    let has_surfaces = std::fs::read_dir(&catalog_dir).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|entry| entry.path().extension().is_some_and(|ext| ext == "toml"))
    });
    if has_surfaces {
        scaffold
            .left_alone
            .push((catalog_dir, "it has surface files already".to_owned()));
    } else {
        create(
            &catalog_dir.join("general.toml"),
            EXAMPLE_SURFACE,
            &mut scaffold,
        )?;
    }

    let build_script = package
        .and_then(|p| p.get("build"))
        .and_then(toml::Value::as_str)
        .unwrap_or("build.rs");
    let build_script = root.join(build_script);
    if build_script.exists() {
        let calls = std::fs::read_to_string(&build_script)?.contains("codegen::Builder");
        if !calls {
            scaffold.to_do.push(format!(
                "call `codegen::Builder::new().build()` from `main` in {}",
                build_script.display()
            ));
        }
    }
    create(&build_script, BUILD_SCRIPT, &mut scaffold)?;

    let depends_on = |table: &str, name: &str| {
        document
            .get(table)
            .and_then(|deps| deps.get(name))
            .is_some()
    };
    if !depends_on("dependencies", "errors-runtime") {
        scaffold.to_do.push(
            "add errors-runtime to [dependencies] (a path or git dependency on runtime/)"
                .to_owned(),
        );
    }
    if !depends_on("build-dependencies", "codegen") {
        scaffold.to_do.push(
            "add codegen to [build-dependencies] (a path or git dependency on codegen/)".to_owned(),
        );
    }
    scaffold.to_do.push(
        "include the generated code where the codes belong, e.g. in src/lib.rs: `errors_runtime::include_codes!();`"
            .to_owned(),
    );
    Ok(scaffold)
}

/// Creates `path` with `contents` unless something is there already.
fn create(path: &Path, contents: &str, scaffold: &mut Scaffold) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut file) => {
            file.write_all(contents.as_bytes())?;
            scaffold.written.push(path.to_path_buf());
            Ok(())
        }
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            scaffold
                .left_alone
                .push((path.to_path_buf(), "it exists".to_owned()));
            Ok(())
        }
        Err(err) => Err(err),
    }
}
