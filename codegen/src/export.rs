//! The exports: one emitter per client language, each a pure function of
//! the model that returns the files of a package ready to publish; the JSON
//! index; the JSON Schema of catalog files; the OpenAPI document.

use crate::model::Catalog;
use std::path::{Path, PathBuf};

/// One file of an export, its path relative to the export's directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub path: PathBuf,
    pub contents: String,
}

impl File {
    pub fn new(path: impl Into<PathBuf>, contents: impl Into<String>) -> File {
        File {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// What the catalog is exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    TypeScript,
    Python,
    Go,
    /// The JSON index of codes and surfaces, with its JSON Schema.
    Json,
    /// The JSON Schema of catalog files, for editors.
    Schema,
    /// The OpenAPI 3.1 components of the API's errors, in JSON and YAML.
    OpenApi,
}

impl Target {
    pub const ALL: [Target; 6] = [
        Target::TypeScript,
        Target::Python,
        Target::Go,
        Target::Json,
        Target::Schema,
        Target::OpenApi,
    ];

    /// The name the CLI takes.
    pub fn name(self) -> &'static str {
        match self {
            Target::TypeScript => "typescript",
            Target::Python => "python",
            Target::Go => "go",
            Target::Json => "json",
            Target::Schema => "schema",
            Target::OpenApi => "openapi",
        }
    }

    /// Where the export goes by default, relative to the crate's root.
    pub fn default_dir(self) -> &'static str {
        match self {
            Target::TypeScript => "clients/typescript",
            Target::Python => "clients/python",
            Target::Go => "clients/go",
            Target::Json => "clients/openapi",
            Target::Schema => "schemas",
            Target::OpenApi => "clients/openapi",
        }
    }

    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|target| target.name() == name)
    }

    /// The package's files. `version` is the package version the metadata
    /// carries: the including crate's.
    pub fn generate(self, catalog: &Catalog, version: &str) -> Vec<File> {
        match self {
            Target::TypeScript => crate::typescript::generate(catalog, version),
            Target::Python => crate::python::generate(catalog, version),
            Target::Go => crate::go::generate(catalog, version),
            Target::Json => crate::json::generate(catalog),
            Target::Schema => crate::schema::generate(),
            Target::OpenApi => crate::openapi::generate(catalog, version),
        }
    }
}

/// Writes `files` under `dir`, each only when its bytes change. Returns the
/// paths written.
pub fn write(dir: &Path, files: &[File]) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for file in files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if crate::write_if_changed(&path, &file.contents)? {
            written.push(path);
        }
    }
    Ok(written)
}

/// The files under `dir` that do not hold what `files` says they should.
pub fn stale(dir: &Path, files: &[File]) -> Vec<PathBuf> {
    files
        .iter()
        .map(|file| dir.join(&file.path))
        .zip(files)
        .filter(|(path, file)| !crate::holds(path, &file.contents))
        .map(|(path, _)| path)
        .collect()
}
