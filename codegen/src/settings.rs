//! Catalog-wide settings, read from `[package.metadata.errors]` of the root
//! `Cargo.toml`: the one place both the build script and the CLI look.

use crate::diagnostic::{self, Report};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// What the catalog files themselves do not say.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Settings {
    /// The API's name, used in the page's introduction and doc comments.
    pub api_name: String,
    /// The reference page's title; `"<api-name> error codes"` when absent.
    pub page_title: Option<String>,
    /// Where the reference page is published; each code's link is
    /// `<base-url>#<code>`. Relative links when absent.
    pub base_url: Option<String>,
    /// The wire format of error responses.
    pub format: ResponseFormat,
    /// The member of a problem-details body that carries the code.
    #[serde(deserialize_with = "code_member")]
    pub code_member: String,
    /// The catalog directory, relative to the manifest.
    pub catalog: PathBuf,
    /// The reference page, relative to the manifest.
    pub page: PathBuf,
    /// The lock of published codes, relative to the manifest.
    pub lock: PathBuf,
    /// How a person runs the codegen CLI in this crate, as diagnostics, the
    /// lock and the page tell them to: `cargo run -p codegen --` where
    /// codegen is a member of the workspace, something like `cargo run
    /// --manifest-path ../errors/codegen/Cargo.toml --` where it is not.
    pub codegen_command: String,
}

/// The response body shape an API uses: `"problem"` or `"envelope"`.
pub use errors_runtime::Format as ResponseFormat;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            api_name: "API".to_owned(),
            page_title: None,
            base_url: None,
            format: ResponseFormat::Problem,
            code_member: "code".to_owned(),
            catalog: PathBuf::from("catalog"),
            page: PathBuf::from("docs/errors.md"),
            lock: PathBuf::from("catalog.lock"),
            codegen_command: "cargo run -p codegen --".to_owned(),
        }
    }
}

impl Settings {
    pub fn page_title(&self) -> String {
        match &self.page_title {
            Some(title) => title.clone(),
            None => format!("{} error codes", self.api_name),
        }
    }

    /// The command line that runs the CLI's `args` (`"lock --accept x"`).
    pub fn command(&self, args: &str) -> String {
        format!("{} {args}", self.codegen_command)
    }

    /// The link to a code's entry on the reference page.
    pub fn code_url(&self, code: &str) -> String {
        match &self.base_url {
            Some(base) => format!("{base}#{code}"),
            None => format!("#{code}"),
        }
    }

    /// Reads `[package.metadata.errors]` from a Cargo manifest; defaults
    /// where the manifest has no such table.
    pub fn from_manifest(manifest: &Path, report: &mut Report) -> Option<Settings> {
        read_manifest(manifest, report).map(|(settings, _)| settings)
    }
}

/// The settings and the package version of a Cargo manifest.
pub(crate) fn read_manifest(
    manifest: &Path,
    report: &mut Report,
) -> Option<(Settings, Option<String>)> {
    {
        let source = match std::fs::read_to_string(manifest) {
            Ok(source) => source,
            Err(err) => {
                report.push(diagnostic::error(format!(
                    "cannot read {}: {err}",
                    manifest.display()
                )));
                return None;
            }
        };
        let parsed = toml::from_str::<Manifest>(&source);
        let file = report.add_file(manifest.display().to_string(), source);
        match parsed {
            Ok(manifest) => {
                let package = manifest.package;
                let version = package.as_ref().and_then(|p| p.version.clone());
                let settings = package
                    .and_then(|p| p.metadata)
                    .and_then(|m| m.errors)
                    .unwrap_or_default();
                Some((settings, version))
            }
            Err(err) => {
                let message = format!(
                    "invalid [package.metadata.errors]: {}",
                    err.message().trim_end()
                );
                report.push(match err.span() {
                    Some(span) => diagnostic::error_at(file, span, message, "here"),
                    None => diagnostic::error(message),
                });
                None
            }
        }
    }
}

/// The members a problem-details body has besides the code: the ones the
/// body writer uses (`wire::write`) and RFC 9457's `instance`, which clients
/// and tools read as a URI of the occurrence.
const PROBLEM_MEMBERS: &[&str] = &[
    "type", "title", "status", "detail", "instance", "errors", "metadata", "trace_id",
];

/// A code member that is another member too would be written twice, and
/// clients would find no code.
fn code_member<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let member = String::deserialize(deserializer)?;
    if member.is_empty() {
        return Err(serde::de::Error::custom(
            "`code-member` is empty; name the member that carries the code, such as \"code\"",
        ));
    }
    if PROBLEM_MEMBERS.contains(&member.as_str()) {
        return Err(serde::de::Error::custom(format!(
            "`code-member` cannot be \"{member}\": a problem-details body already has that member ({})",
            PROBLEM_MEMBERS.join(", ")
        )));
    }
    Ok(member)
}

#[derive(Deserialize)]
struct Manifest {
    package: Option<Package>,
}

#[derive(Deserialize)]
struct Package {
    /// A string, or `{ workspace = true }`, which gives no version here.
    #[serde(default, deserialize_with = "version")]
    version: Option<String>,
    metadata: Option<Metadata>,
}

fn version<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Version {
        Text(String),
        Other(serde::de::IgnoredAny),
    }
    Ok(match Version::deserialize(deserializer)? {
        Version::Text(version) => Some(version),
        Version::Other(_) => None,
    })
}

#[derive(Deserialize)]
struct Metadata {
    errors: Option<Settings>,
}
