//! The client exports: one emitter per language, each a pure function of
//! the model that returns the files of a package ready to publish.

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

/// A language the catalog is exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    TypeScript,
    Python,
    Go,
}

impl Target {
    pub const ALL: [Target; 3] = [Target::TypeScript, Target::Python, Target::Go];

    /// The name the CLI takes, and the directory under `clients/`.
    pub fn name(self) -> &'static str {
        match self {
            Target::TypeScript => "typescript",
            Target::Python => "python",
            Target::Go => "go",
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
