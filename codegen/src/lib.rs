//! Turns a TOML catalog of API error codes into Rust and a reference page.
//!
//! The pipeline, one module per stage:
//!
//! - [`settings`]: catalog-wide settings from `[package.metadata.errors]`;
//! - `load`: catalog files to per-file data with spans, format v1 checks;
//! - `validate`: cross-file checks, giving the [`model`];
//! - [`rust`] and [`markdown`]: the emitters, each a pure function of the model;
//! - [`export`]: the client emitters, [`typescript`], [`python`] and [`go`],
//!   the JSON index ([`json`]) and the catalog's JSON Schema ([`schema`]);
//! - [`lock`]: the published codes, which the catalog may not take back;
//!   [`diff`]: every change between two catalogs, graded, with
//!   [`revision`] reading a catalog at a git revision;
//! - [`Builder`] (for build scripts) and the `codegen` binary: thin entry points.

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

mod builder;
pub mod diagnostic;
pub mod diff;
mod escape;
pub mod explain;
pub mod export;
pub mod go;
pub mod init;
pub mod json;
mod load;
pub mod lock;
mod lookup;
pub mod markdown;
pub mod model;
mod names;
pub mod openapi;
pub mod python;
pub mod revision;
pub mod rust;
pub mod schema;
pub mod settings;
pub mod synthetic;
pub mod template;
pub mod typescript;
mod validate;

pub use builder::{Builder, DEFAULT_FILE_NAME, Failed};
pub use diagnostic::Report;
pub use load::{MAX_CATALOG_FILE_BYTES, SourceFile, is_blank};
pub use lock::LockSteps;
pub use model::Catalog;
pub use settings::{ResponseFormat, Settings};

use std::path::{Path, PathBuf};

/// Loads and validates the catalog in `dir`. Files are named in diagnostics
/// relative to `root`. On success the report holds the warnings, if any.
pub fn load(dir: &Path, root: &Path, settings: Settings) -> Result<(Catalog, Report), Report> {
    let mut report = Report::default();
    let loaded = load::load_dir(dir, root, &mut report);
    let locales = load::load_locales(dir, root, &mut report);
    match validate::validate(settings, loaded, locales, &mut report) {
        Some(catalog) => Ok((catalog, report)),
        None => Err(report),
    }
}

/// Loads and validates catalog files given in memory, such as from a fuzzer
/// or an editor; names are shown in diagnostics and their stems are the
/// surface ids.
pub fn load_sources(
    files: Vec<load::SourceFile>,
    settings: Settings,
) -> Result<(Catalog, Report), Report> {
    let mut report = Report::default();
    let loaded = load::load_sources(files, &mut report);
    match validate::validate(settings, loaded, Vec::new(), &mut report) {
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
    /// The package version: the `since` of codes locked without one.
    pub version: Option<String>,
}

/// How loading a project's catalog treats the lock of published codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockCheck {
    /// Not at all: for a catalog other than the project's own.
    Skip,
    /// Breaking changes are errors; codes not locked yet are a warning.
    Check,
    /// As `Check`, and codes not locked yet are an error too (CI, releases).
    Strict,
}

/// What `Project::update_lock` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockUpdate {
    pub path: PathBuf,
    pub written: bool,
    pub codes: usize,
    pub added: usize,
    pub retired: usize,
}

impl Project {
    /// Reads the settings of the manifest at `manifest`.
    pub fn open(manifest: &Path) -> Result<Project, Report> {
        let mut report = Report::default();
        let root = manifest.parent().map(Path::to_path_buf).unwrap_or_default();
        match settings::read_manifest(manifest, &mut report) {
            Some((settings, version)) => Ok(Project {
                root,
                settings,
                version,
            }),
            None => Err(report),
        }
    }

    /// The catalog directory the settings name.
    pub fn catalog_dir(&self) -> PathBuf {
        self.root.join(&self.settings.catalog)
    }

    /// Whether `dir` (relative to the root, or absolute) is the catalog
    /// directory the settings name.
    pub fn is_catalog_dir(&self, dir: &Path) -> bool {
        let canonical = |path: PathBuf| path.canonicalize().unwrap_or(path);
        canonical(self.root.join(dir)) == canonical(self.catalog_dir())
    }

    /// The reference page the settings name.
    pub fn page(&self) -> PathBuf {
        self.root.join(&self.settings.page)
    }

    /// The lock of published codes the settings name.
    pub fn lock_path(&self) -> PathBuf {
        self.root.join(&self.settings.lock)
    }

    /// Loads the project's catalog and checks it against the lock; or loads
    /// `dir` instead, when given, without the lock.
    pub fn load(&self, dir: Option<&Path>) -> Result<(Catalog, Report), Report> {
        match dir {
            Some(dir) => self.load_with(Some(dir), LockCheck::Skip),
            None => self.load_with(None, LockCheck::Check),
        }
    }

    /// Loads the catalog (`dir`, or the project's), checking the lock as
    /// `lock_check` says.
    pub fn load_with(
        &self,
        dir: Option<&Path>,
        lock_check: LockCheck,
    ) -> Result<(Catalog, Report), Report> {
        let mut settings = self.settings.clone();
        // The rejections table maps codes of the catalog the settings name,
        // not of another one.
        if dir.is_some_and(|dir| !self.is_catalog_dir(dir)) {
            settings.rejections.clear();
        }
        let dir = dir.map_or_else(|| self.catalog_dir(), |dir| self.root.join(dir));
        let (catalog, mut report) = load(&dir, &self.root, settings)?;
        if lock_check == LockCheck::Skip {
            return Ok((catalog, report));
        }
        let Some(lock) = self.read_lock(&mut report) else {
            return Err(report);
        };
        let unlocked = lock::check(&catalog, &lock, &LockSteps::default(), &mut report);
        if !unlocked.is_empty() {
            let shown = self.settings.lock.display();
            let names = listed(unlocked.iter().map(String::as_str), unlocked.len());
            let message = format!(
                "{} {} not in {shown} yet: {names}",
                unlocked.len(),
                if unlocked.len() == 1 {
                    "code is"
                } else {
                    "codes are"
                },
            );
            let note = vec![format!(
                "run `{}` to publish them",
                self.settings.command("lock")
            )];
            report.push(match lock_check {
                LockCheck::Strict => diagnostic::error(message).with_notes(note),
                _ => codespan_reporting::diagnostic::Diagnostic::warning()
                    .with_message(message)
                    .with_notes(note),
            });
        }
        if report.has_errors() {
            Err(report)
        } else {
            Ok((catalog, report))
        }
    }

    fn read_lock(&self, report: &mut Report) -> Option<lock::Lock> {
        let shown = self.settings.lock.display().to_string();
        lock::read(&self.lock_path(), shown, report)
    }

    /// Writes the lock from the catalog: new codes are added; `accept`ed
    /// codes may change where the lock allows it; `retire`d codes, gone from
    /// the catalog, stay in the lock for good. Fails, changing nothing, on
    /// any other difference.
    pub fn update_lock(
        &self,
        accept: &[String],
        retire: &[String],
    ) -> Result<(LockUpdate, Report), Report> {
        self.update_lock_with(&LockSteps {
            accept: accept.iter().cloned().collect(),
            accept_base_url: false,
            retire: retire.iter().cloned().collect(),
        })
    }

    /// As `update_lock`, with every step `lock` can take, such as
    /// accepting a new `base-url`.
    pub fn update_lock_with(&self, steps: &LockSteps) -> Result<(LockUpdate, Report), Report> {
        let (catalog, mut report) = load(&self.catalog_dir(), &self.root, self.settings.clone())?;
        let Some(old) = self.read_lock(&mut report) else {
            return Err(report);
        };
        let unlocked = lock::check(&catalog, &old, steps, &mut report);
        if report.has_errors() {
            return Err(report);
        }
        let new = lock::updated(&catalog, &old, &steps.retire, self.version.as_deref());
        let path = self.lock_path();
        let written = match write_if_changed(&path, &lock::render(&new, &self.settings)) {
            Ok(written) => written,
            Err(err) => {
                report.push(diagnostic::error(format!(
                    "cannot write {}: {err}",
                    path.display()
                )));
                return Err(report);
            }
        };
        let retired = new.codes.values().filter(|c| c.retired).count();
        let update = LockUpdate {
            path,
            written,
            codes: new.codes.len() - retired,
            added: unlocked.len(),
            retired,
        };
        Ok((update, report))
    }
}

/// The first few of `count` names, comma-separated, and how many more
/// there are: a line, however many codes a catalog has.
fn listed<'a>(names: impl Iterator<Item = &'a str>, count: usize) -> String {
    const LISTED: usize = 8;
    let mut text = names.take(LISTED).collect::<Vec<_>>().join(", ");
    if count > LISTED {
        text.push_str(&format!(" and {} more", count - LISTED));
    }
    text
}

/// Reports the codes each further locale does not translate: a warning,
/// or an error under `strict` for a locale the settings' `complete-locales`
/// names.
pub fn untranslated(catalog: &Catalog, strict: bool, report: &mut Report) {
    for (locale, missing) in catalog.untranslated() {
        let names = listed(missing.iter().copied(), missing.len());
        let message = format!(
            "{} {} no `{}` translation: {names}",
            missing.len(),
            if missing.len() == 1 {
                "code has"
            } else {
                "codes have"
            },
            locale.tag
        );
        let notes = vec![format!(
            "add them to {}/{}/{}.toml; until then they are sent in `{}`",
            catalog.settings.catalog.display(),
            load::LOCALES_DIR,
            locale.tag,
            catalog.settings.default_locale
        )];
        let complete = catalog.settings.complete_locales.contains(&locale.tag);
        report.push(if strict && complete {
            diagnostic::error(message).with_notes(notes)
        } else {
            codespan_reporting::diagnostic::Diagnostic::warning()
                .with_message(message)
                .with_notes(notes)
        });
    }
}

/// Writes `contents` to `path` unless it already holds exactly that, so an
/// unchanged catalog leaves every timestamp alone. Returns whether it wrote.
pub fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<bool> {
    if holds(path, contents) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, contents)?;
    Ok(true)
}

/// Whether `path` is a regular file holding exactly `contents`. Nothing else
/// is read: reading a FIFO or `/dev/stdout` could block forever.
pub fn holds(path: &Path, contents: &str) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| meta.is_file() && meta.len() == contents.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == contents.as_bytes())
}
