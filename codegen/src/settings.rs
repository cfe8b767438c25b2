//! Catalog-wide settings, read from `[package.metadata.errors]` of the root
//! `Cargo.toml`: the one place both the build script and the CLI look.

use crate::diagnostic::{self, Report};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

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
    /// The npm package of the TypeScript client (`export typescript`).
    #[serde(deserialize_with = "npm_package")]
    pub typescript_package: String,
    /// The import package of the Python client (`export python`).
    #[serde(deserialize_with = "python_package")]
    pub python_package: String,
    /// The module path of the Go client (`export go`); its last element,
    /// less any character a Go name cannot hold, names the package.
    #[serde(deserialize_with = "go_module")]
    pub go_module: String,
    /// `[package.metadata.errors.rejections]`: the code that answers each
    /// error the framework sends on its own, keyed by
    /// `errors_runtime::Rejection` names (`json-syntax = "invalid_json"`).
    /// Validated against the catalog, with the spans to point at.
    pub rejections: BTreeMap<Spanned<String>, Spanned<String>>,
    /// The manifest's name and text, for diagnostics about the settings
    /// that only the catalog can check.
    #[serde(skip)]
    pub manifest: Option<(String, String)>,
    /// The `ErrorInfo` domain of gRPC errors; by default the host of
    /// `base-url`, else the API's name ([`Settings::grpc_domain`]).
    #[serde(deserialize_with = "grpc_domain")]
    pub grpc_domain: Option<String>,
    /// How an `ErrorInfo` reason spells a code: `"code"` (as it is) or
    /// `"upper-snake"` (AIP-193's `INVALID_JSON`).
    pub grpc_reason: GrpcReason,
    /// The locale the catalog files are written in, a BCP 47 tag; further
    /// locales are `<catalog>/locales/<tag>.toml`.
    #[serde(deserialize_with = "language_tag")]
    pub default_locale: String,
    /// Locales that must translate every code: a missing translation is a
    /// warning for the others, and for these an error under `check
    /// --locked`.
    #[serde(deserialize_with = "language_tags")]
    pub complete_locales: Vec<String>,
}

pub use errors_runtime::grpc::GrpcReason;

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
            typescript_package: "api-errors".to_owned(),
            python_package: "api_errors".to_owned(),
            go_module: "example.com/api-errors".to_owned(),
            rejections: BTreeMap::new(),
            manifest: None,
            grpc_domain: None,
            grpc_reason: GrpcReason::Code,
            default_locale: "en".to_owned(),
            complete_locales: Vec::new(),
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

    /// Where the manifest sets `base-url`, when these settings took it from
    /// there (not from `Builder::base_url`), for diagnostics about it.
    pub(crate) fn base_url_in_manifest(&self) -> Option<Range<usize>> {
        #[derive(Deserialize)]
        struct Manifest {
            package: Option<Package>,
        }
        #[derive(Deserialize)]
        struct Package {
            metadata: Option<Metadata>,
        }
        #[derive(Deserialize)]
        struct Metadata {
            errors: Option<Errors>,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "kebab-case")]
        struct Errors {
            base_url: Option<Spanned<String>>,
        }
        let (_, text) = self.manifest.as_ref()?;
        let set = toml::from_str::<Manifest>(text)
            .ok()?
            .package?
            .metadata?
            .errors?
            .base_url?;
        (Some(set.get_ref()) == self.base_url.as_ref()).then(|| set.span())
    }

    /// The Go client's package name: the module path's last element in
    /// lower case, less what a Go name cannot hold (`api-errors` gives
    /// `apierrors`).
    pub fn go_package(&self) -> String {
        go_package_name(&self.go_module)
    }

    /// The `ErrorInfo` domain of gRPC errors: `grpc-domain`, else the host
    /// of `base-url` (`docs.acme.example`), else the API's name.
    pub fn grpc_domain(&self) -> String {
        if let Some(domain) = &self.grpc_domain {
            return domain.clone();
        }
        let host = self.base_url.as_deref().and_then(|url| {
            let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
            let authority = after_scheme.split(['/', '?', '#']).next()?;
            let host = authority.rsplit('@').next()?;
            let host = host.rsplit_once(':').map_or(host, |(host, _port)| host);
            (!host.is_empty()).then_some(host)
        });
        host.unwrap_or(&self.api_name).to_owned()
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
        let name = manifest.display().to_string();
        let file = report.add_file(name.clone(), source.clone());
        match parsed {
            Ok(manifest) => {
                let package = manifest.package;
                let version = package.as_ref().and_then(|p| p.version.clone());
                let mut settings = package
                    .and_then(|p| p.metadata)
                    .and_then(|m| m.errors)
                    .unwrap_or_default();
                settings.manifest = Some((name, source));
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

/// npm's rules for a package name: at most 214 characters, lower case,
/// URL-safe, optionally `@scope/`.
fn npm_package<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let name = String::deserialize(deserializer)?;
    let unscoped = match name.strip_prefix('@') {
        Some(scoped) => match scoped.split_once('/') {
            Some((scope, rest)) if npm_part(scope) => rest,
            _ => "",
        },
        None => name.as_str(),
    };
    if name.len() <= 214 && npm_part(unscoped) {
        Ok(name)
    } else {
        Err(serde::de::Error::custom(format!(
            "`typescript-package` {name:?} is not an npm package name: lower-case letters, digits, `-`, `.` and `_`, optionally after `@scope/`, not starting with `.` or `_`"
        )))
    }
}

fn npm_part(part: &str) -> bool {
    !part.is_empty()
        && !part.starts_with(['.', '_'])
        && part
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._~".contains(&b))
}

/// A Python package name: an identifier that is not a keyword.
fn python_package<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    const KEYWORDS: &[&str] = &[
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield",
    ];
    let name = String::deserialize(deserializer)?;
    let identifier = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if identifier && !KEYWORDS.contains(&name.as_str()) {
        Ok(name)
    } else {
        Err(serde::de::Error::custom(format!(
            "`python-package` {name:?} is not a Python package name: ASCII letters, digits and `_`, not starting with a digit, not a keyword"
        )))
    }
}

/// A Go module path: elements of letters, digits and `-._~`, separated by
/// `/`, whose last element gives a package name.
fn go_module<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let path = String::deserialize(deserializer)?;
    let elements_ok = path.split('/').all(|element| {
        !element.is_empty()
            && !element.starts_with('.')
            && element
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    });
    let package = go_package_name(&path);
    if elements_ok && package.starts_with(|c: char| c.is_ascii_lowercase()) {
        Ok(path)
    } else {
        Err(serde::de::Error::custom(format!(
            "`go-module` {path:?} is not a Go module path whose last element names a package: elements of letters, digits and `-._~` separated by `/`, the last starting with a letter"
        )))
    }
}

/// An `ErrorInfo` domain: text without white space or control characters,
/// such as `pubsub.googleapis.com`.
fn grpc_domain<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let domain = String::deserialize(deserializer)?;
    if domain.is_empty() || domain.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(serde::de::Error::custom(format!(
            "`grpc-domain` {domain:?} is not a domain: it must be non-empty, without white space or control characters, such as \"api.example.com\""
        )));
    }
    Ok(Some(domain))
}

/// A BCP 47 language tag, such as `en` or `pt-BR`.
fn language_tag<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    checked_tag(String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
}

fn language_tags<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    Vec::<String>::deserialize(deserializer)?
        .into_iter()
        .map(checked_tag)
        .collect::<Result<_, _>>()
        .map_err(serde::de::Error::custom)
}

fn checked_tag(tag: String) -> Result<String, String> {
    if errors_runtime::locale::is_language_tag(&tag) {
        Ok(tag)
    } else {
        Err(format!(
            "{tag:?} is not a language tag: subtags of ASCII letters and digits joined by `-`, such as \"en\" or \"pt-BR\""
        ))
    }
}

fn go_package_name(module: &str) -> String {
    let last = module.rsplit('/').next().unwrap_or(module);
    last.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
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
