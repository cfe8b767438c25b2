//! Turns a TOML catalog of API error codes into Rust and a reference page.
//!
//! The pipeline, one module per stage:
//!
//! - [`settings`]: catalog-wide settings from `[package.metadata.errors]`;
//! - `load`: catalog files to per-file data with spans, format v1 checks;
//! - `validate`: cross-file checks, giving the [`model`];
//! - [`rust`] and [`markdown`]: the emitters, each a pure function of the model;
//! - [`build_script`] and the `codegen` binary: thin entry points.

#![forbid(unsafe_code)]
// A catalog is user input: nothing it contains may panic the build.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo
    )
)]

pub mod build_script;
pub mod diagnostic;
mod load;
pub mod markdown;
pub mod model;
mod names;
pub mod rust;
pub mod settings;
mod validate;

pub use diagnostic::Report;
pub use model::Catalog;
pub use settings::{ResponseFormat, Settings};

use std::path::{Path, PathBuf};

/// Loads and validates the catalog in `dir`. Files are named in diagnostics
/// relative to `root`. On success the report holds the warnings, if any.
pub fn load(dir: &Path, root: &Path, settings: Settings) -> Result<(Catalog, Report), Report> {
    let mut report = Report::default();
    let loaded = load::load_dir(dir, root, &mut report);
    match validate::validate(settings, loaded, &mut report) {
        Some(catalog) => Ok((catalog, report)),
        None => Err(report),
    }
}

/// A crate whose `Cargo.toml` carries `[package.metadata.errors]`.
#[derive(Clone, Debug)]
pub struct Project {
    /// The directory of the manifest; relative paths start here.
    pub root: PathBuf,
    pub settings: Settings,
}

impl Project {
    /// Reads the settings of the manifest at `manifest`.
    pub fn open(manifest: &Path) -> Result<Project, Report> {
        let mut report = Report::default();
        let root = manifest.parent().map(Path::to_path_buf).unwrap_or_default();
        match Settings::from_manifest(manifest, &mut report) {
            Some(settings) => Ok(Project { root, settings }),
            None => Err(report),
        }
    }

    /// The catalog directory the settings name.
    pub fn catalog_dir(&self) -> PathBuf {
        self.root.join(&self.settings.catalog)
    }

    /// The reference page the settings name.
    pub fn page(&self) -> PathBuf {
        self.root.join(&self.settings.page)
    }

    /// Loads the project's catalog, or `dir` instead when given.
    pub fn load(&self, dir: Option<&Path>) -> Result<(Catalog, Report), Report> {
        let dir = dir.map_or_else(|| self.catalog_dir(), |dir| self.root.join(dir));
        load(&dir, &self.root, self.settings.clone())
    }
}

/// Writes `contents` to `path` unless it already holds exactly that, so an
/// unchanged catalog leaves every timestamp alone. Returns whether it wrote.
pub fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, contents)?;
    Ok(true)
}
