//! Problems found in a catalog, and how they are shown to a person.
//!
//! Every problem points into the file it comes from; rendering goes through
//! codespan-reporting so each one reads `file:line:col` with the offending
//! line underneath.

use codespan_reporting::diagnostic::{Diagnostic, Label, LabelStyle, Severity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use std::ops::Range;

/// Index of a file in a [`Report`].
pub type FileId = usize;

/// The files a catalog was read from and what was found wrong with them.
#[derive(Default)]
pub struct Report {
    files: SimpleFiles<String, String>,
    diagnostics: Vec<Diagnostic<FileId>>,
}

impl Report {
    /// Registers a file under the name diagnostics show for it.
    pub fn add_file(&mut self, name: String, source: String) -> FileId {
        self.files.add(name, source)
    }

    pub fn push(&mut self, diagnostic: Diagnostic<FileId>) {
        self.diagnostics.push(diagnostic);
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// Problems of the catalog as a whole first, then file by file, top to
    /// bottom, however the checks happened to find them.
    fn sorted(&self) -> Vec<&Diagnostic<FileId>> {
        let mut sorted: Vec<_> = self.diagnostics.iter().collect();
        sorted.sort_by_key(|d| {
            d.labels
                .iter()
                .find(|label| label.style == LabelStyle::Primary)
                .map(|label| (label.file_id, label.range.start))
        });
        sorted
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Every diagnostic in plain text, followed by a summary line.
    pub fn render(&self) -> String {
        let config = term::Config::default();
        let mut out = String::new();
        for diagnostic in self.sorted() {
            match term::emit_into_string(&config, &self.files, diagnostic) {
                Ok(text) => out.push_str(&text),
                // Only a label outside its file gets here, which is a bug in
                // the loader; still show the message rather than lose it.
                Err(_) => {
                    out.push_str(&diagnostic.message);
                    out.push('\n');
                }
            }
        }
        let (errors, warnings) = (self.error_count(), self.warning_count());
        if errors > 0 {
            out.push_str(&format!(
                "error: the catalog has {errors} {}",
                plural(errors, "problem", "problems")
            ));
            if warnings > 0 {
                out.push_str(&format!(
                    " and {warnings} {}",
                    plural(warnings, "warning", "warnings")
                ));
            }
            out.push('\n');
        } else if warnings > 0 {
            out.push_str(&format!(
                "warning: the catalog has {warnings} {}\n",
                plural(warnings, "warning", "warnings")
            ));
        }
        out
    }
}

impl Report {
    /// Each diagnostic on one line, `file:line:col: message`, in the order
    /// `render` shows them, without its severity: for places that take one
    /// line per message and name the severity themselves, such as a build
    /// script's `cargo::warning`.
    pub fn render_one_line_each(&self) -> Vec<String> {
        let config = term::Config {
            display_style: term::DisplayStyle::Short,
            ..term::Config::default()
        };
        self.sorted()
            .into_iter()
            .map(|diagnostic| {
                let text = term::emit_into_string(&config, &self.files, diagnostic)
                    .unwrap_or_else(|_| diagnostic.message.clone());
                let severity = match diagnostic.severity {
                    Severity::Bug | Severity::Error => "error: ",
                    Severity::Warning => "warning: ",
                    Severity::Note => "note: ",
                    Severity::Help => "help: ",
                };
                text.replacen(severity, "", 1)
                    .lines()
                    .map(str::trim)
                    .filter(|line| !line.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// An error pointing at `span` of `file`.
pub fn error_at(
    file: FileId,
    span: Range<usize>,
    message: impl std::fmt::Display,
    label: impl std::fmt::Display,
) -> Diagnostic<FileId> {
    Diagnostic::error()
        .with_message(message)
        .with_label(Label::primary(file, span).with_message(label))
}

/// A warning pointing at `span` of `file`.
pub fn warning_at(
    file: FileId,
    span: Range<usize>,
    message: impl std::fmt::Display,
    label: impl std::fmt::Display,
) -> Diagnostic<FileId> {
    Diagnostic::warning()
        .with_message(message)
        .with_label(Label::primary(file, span).with_message(label))
}

/// An error about the catalog as a whole, or a file that could not be read.
pub fn error(message: impl std::fmt::Display) -> Diagnostic<FileId> {
    Diagnostic::error().with_message(message)
}

/// Adds a secondary label: the other place a problem involves.
pub fn also_at(
    diagnostic: Diagnostic<FileId>,
    file: FileId,
    span: Range<usize>,
    label: impl std::fmt::Display,
) -> Diagnostic<FileId> {
    diagnostic.with_label(Label::secondary(file, span).with_message(label))
}

impl std::fmt::Debug for Report {
    /// The rendered diagnostics: what a failed `unwrap` should show.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render())
    }
}
