//! The build-script entry point: configure, then generate into `OUT_DIR`.

use crate::settings::ResponseFormat;
use crate::{LockCheck, Project, Report, rust, write_if_changed};
use std::fmt;
use std::path::{Path, PathBuf};

/// Generates a catalog's Rust code from a build script, the way
/// `prost_build::Config` does for protobuf.
///
/// Defaults come from `[package.metadata.errors]` of the including crate's
/// `Cargo.toml`; each setter overrides one of them. Paths are relative to
/// the including crate's manifest directory.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), codegen::Failed> {
///     codegen::Builder::new().build()
/// }
/// ```
///
/// and in the crate, `errors_runtime::include_codes!();` (or
/// `include!(concat!(env!("OUT_DIR"), "/error_codes.rs"));`).
#[derive(Clone, Debug, Default)]
#[must_use = "a Builder does nothing until `build` is called"]
pub struct Builder {
    catalog: Option<PathBuf>,
    catalog_env: Option<String>,
    lock: Option<PathBuf>,
    format: Option<ResponseFormat>,
    code_member: Option<String>,
    base_url: Option<String>,
    file_name: Option<String>,
    out_dir: Option<PathBuf>,
}

/// The file `build` writes in `OUT_DIR` unless [`Builder::file_name`] says
/// otherwise, and the one `errors_runtime::include_codes!()` includes.
///
/// ```
/// assert_eq!(codegen::DEFAULT_FILE_NAME, "error_codes.rs");
/// ```
pub const DEFAULT_FILE_NAME: &str = "error_codes.rs";

impl Builder {
    /// A builder with every setting from the manifest.
    ///
    /// ```
    /// let builder = codegen::Builder::new();
    /// # let _ = builder;
    /// ```
    pub fn new() -> Builder {
        Builder::default()
    }

    /// A builder for a further catalog of the same crate, named `name`:
    /// its directory is `name/`, its lock `name.lock` and its generated file
    /// `name.rs`, each overridable like any setting.
    ///
    /// ```no_run
    /// // build.rs of a crate with a public and an internal API
    /// fn main() -> Result<(), codegen::Failed> {
    ///     codegen::Builder::new().build()?;
    ///     codegen::Builder::named("internal-errors").build()
    /// }
    /// ```
    ///
    /// and in the crate, `pub mod internal { errors_runtime::include_codes!("internal-errors.rs"); }`.
    pub fn named(name: &str) -> Builder {
        Builder::new()
            .catalog(name)
            .lock(format!("{name}.lock"))
            .file_name(format!("{name}.rs"))
    }

    /// The catalog directory, instead of the settings' `catalog`.
    ///
    /// ```
    /// let builder = codegen::Builder::new().catalog("api/public");
    /// # let _ = builder;
    /// ```
    pub fn catalog(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.catalog = Some(dir.into());
        self
    }

    /// When the environment variable `name` is set while building, build
    /// the catalog directory it names instead, without the lock: for trying
    /// out another catalog (`ERRORS_CATALOG=examples/remote cargo build`).
    ///
    /// ```
    /// let builder = codegen::Builder::new().catalog_from_env("ERRORS_CATALOG");
    /// # let _ = builder;
    /// ```
    pub fn catalog_from_env(mut self, name: impl Into<String>) -> Builder {
        self.catalog_env = Some(name.into());
        self
    }

    /// The lock of published codes, instead of the settings' `lock`. Two
    /// catalogs in one crate need one lock each.
    ///
    /// ```
    /// let builder = codegen::Builder::new().catalog("api/internal").lock("api/internal.lock");
    /// # let _ = builder;
    /// ```
    pub fn lock(mut self, path: impl Into<PathBuf>) -> Builder {
        self.lock = Some(path.into());
        self
    }

    /// The response format, instead of the settings' `format`.
    ///
    /// ```
    /// let builder = codegen::Builder::new().format(codegen::ResponseFormat::Envelope);
    /// # let _ = builder;
    /// ```
    pub fn format(mut self, format: ResponseFormat) -> Builder {
        self.format = Some(format);
        self
    }

    /// The problem-details member that carries the code, instead of the
    /// settings' `code-member`.
    ///
    /// ```
    /// let builder = codegen::Builder::new().code_member("error_code");
    /// # let _ = builder;
    /// ```
    pub fn code_member(mut self, member: impl Into<String>) -> Builder {
        self.code_member = Some(member.into());
        self
    }

    /// Where the reference page is published, instead of the settings'
    /// `base-url`: each code's `type` is `<base-url>#<code>`.
    ///
    /// ```
    /// let builder = codegen::Builder::new().base_url("https://docs.example.com/errors");
    /// # let _ = builder;
    /// ```
    pub fn base_url(mut self, url: impl Into<String>) -> Builder {
        self.base_url = Some(url.into());
        self
    }

    /// The generated file's name in the output directory, instead of
    /// [`DEFAULT_FILE_NAME`].
    ///
    /// ```
    /// let builder = codegen::Builder::new().file_name("internal_codes.rs");
    /// # let _ = builder;
    /// ```
    pub fn file_name(mut self, name: impl Into<String>) -> Builder {
        self.file_name = Some(name.into());
        self
    }

    /// The output directory, instead of `OUT_DIR`.
    ///
    /// ```
    /// let builder = codegen::Builder::new().out_dir("target/generated");
    /// # let _ = builder;
    /// ```
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.out_dir = Some(dir.into());
        self
    }

    /// Reads the manifest at `manifest` and applies this builder's
    /// overrides to its settings.
    ///
    /// ```no_run
    /// let project = codegen::Builder::new()
    ///     .catalog("api/public")
    ///     .project(std::path::Path::new("Cargo.toml"))
    ///     .expect("a readable manifest");
    /// assert!(project.catalog_dir().ends_with("api/public"));
    /// ```
    pub fn project(&self, manifest: &Path) -> Result<Project, Report> {
        let mut project = Project::open(manifest)?;
        let settings = &mut project.settings;
        if let Some(dir) = &self.catalog {
            // The rejections table maps codes of the catalog the settings
            // name, not of another one.
            if *dir != settings.catalog {
                settings.rejections.clear();
            }
            settings.catalog.clone_from(dir);
        }
        if let Some(lock) = &self.lock {
            settings.lock.clone_from(lock);
        }
        if let Some(format) = self.format {
            settings.format = format;
        }
        if let Some(member) = &self.code_member {
            settings.code_member.clone_from(member);
        }
        if let Some(url) = &self.base_url {
            settings.base_url = Some(url.clone());
        }
        Ok(project)
    }

    /// From a build script: generates the code into `OUT_DIR` (written only
    /// when its bytes change) and tells cargo what to watch. On a bad
    /// catalog, prints every problem and returns an error, which fails the
    /// build; warnings reach cargo, one `cargo::warning` each.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), codegen::Failed> {
    ///     codegen::Builder::new().build()
    /// }
    /// ```
    pub fn build(&self) -> Result<(), Failed> {
        let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
            return Err(Failed::new(
                "codegen::Builder::build runs in a build script (CARGO_MANIFEST_DIR is not set)",
            ));
        };
        let Some(out_dir) = self
            .out_dir
            .clone()
            .or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from))
        else {
            return Err(Failed::new(
                "codegen::Builder::build runs in a build script (OUT_DIR is not set)",
            ));
        };
        let manifest = PathBuf::from(manifest_dir).join("Cargo.toml");
        println!("cargo::rerun-if-changed={}", manifest.display());
        let project = self.project(&manifest).map_err(Failed::report)?;

        let other_catalog = self.catalog_env.as_ref().and_then(|name| {
            println!("cargo::rerun-if-env-changed={name}");
            std::env::var_os(name).map(PathBuf::from)
        });
        // The lock is the configured catalog's; another catalog is not checked against it.
        let lock_check = match other_catalog {
            Some(_) => LockCheck::Skip,
            None => LockCheck::Check,
        };
        let dir = other_catalog
            .as_ref()
            .map_or_else(|| project.catalog_dir(), |dir| project.root.join(dir));
        // A directory makes cargo watch every file below it, new ones included.
        println!("cargo::rerun-if-changed={}", dir.display());
        if lock_check == LockCheck::Check {
            // Also while the lock does not exist, so that one created later
            // takes effect on the next build; until then cargo reruns this
            // script on every build, as it does for any missing path.
            println!("cargo::rerun-if-changed={}", project.lock_path().display());
        }

        let (catalog, warnings) = project
            .load_with(other_catalog.as_deref(), lock_check)
            .map_err(Failed::report)?;
        for warning in warnings.render_one_line_each() {
            println!("cargo::warning={warning}");
        }
        let source = rust::generate(&catalog)
            .map_err(|err| Failed::new(format!("cannot generate the Rust code: {err}")))?;
        let file_name = self.file_name.as_deref().unwrap_or(DEFAULT_FILE_NAME);
        let path = out_dir.join(file_name);
        write_if_changed(&path, &source)
            .map_err(|err| Failed::new(format!("cannot write {}: {err}", path.display())))?;
        Ok(())
    }
}

/// A build that failed: what went wrong has been printed to standard error,
/// and returning it from a build script's `main` fails the build with a
/// one-line summary.
///
/// ```
/// // Outside a build script there is no OUT_DIR to generate into.
/// let failed = codegen::Builder::new().build().unwrap_err();
/// assert!(failed.to_string().contains("build script"));
/// ```
pub struct Failed {
    summary: String,
}

impl Failed {
    fn new(message: impl Into<String>) -> Failed {
        let summary = message.into();
        eprintln!("error: {summary}");
        Failed { summary }
    }

    fn report(report: Report) -> Failed {
        eprint!("{}", report.render());
        Failed {
            summary: format!(
                "the catalog has {} {} (listed above)",
                report.error_count(),
                if report.error_count() == 1 {
                    "problem"
                } else {
                    "problems"
                }
            ),
        }
    }
}

impl fmt::Debug for Failed {
    /// What `main` prints when it returns the error: the summary, since the
    /// details are printed already.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary)
    }
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary)
    }
}

impl std::error::Error for Failed {}
