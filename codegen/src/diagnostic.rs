//! Problems found in a catalog, and how they are shown to a person.
//!
//! Every problem points into the file it comes from; rendering goes through
//! codespan-reporting so each one reads `file:line:col` with the offending
//! line underneath. Showing them costs time and output linear in the files:
//! a long line is shown cut to a window around what a label points at, and
//! past [`SHOWN_OF_A_KIND`] problems of the same kind the rest are counted,
//! not shown.

use codespan_reporting::diagnostic::{Diagnostic, Label, LabelStyle, Severity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;
use std::collections::HashMap;
use std::ops::Range;

/// Index of a file in a [`Report`].
pub type FileId = usize;

/// How many problems of one kind (the same message but for the names in
/// backticks) are shown; the rest are counted in one line.
pub const SHOWN_OF_A_KIND: usize = 20;

/// A line longer than this many bytes is shown cut around its labels.
const LONG_LINE: usize = 160;
/// Bytes shown before and after each place a label starts or ends on a long line.
const CONTEXT_BEFORE: usize = 40;
const CONTEXT_AFTER: usize = 60;
/// Byte distance between counts of characters kept for columns, so a column
/// costs a bounded count however long its line is.
const CHECKPOINT: usize = 256;

/// The files a catalog was read from and what was found wrong with them.
#[derive(Default)]
pub struct Report {
    files: Vec<SourceText>,
    diagnostics: Vec<Diagnostic<FileId>>,
}

/// A file as diagnostics point into it.
struct SourceText {
    name: String,
    text: String,
    /// Where each line starts, as codespan counts lines: a text ending in a
    /// line break has an empty last line.
    line_starts: Vec<usize>,
    /// The number of characters before every `CHECKPOINT`-th byte.
    chars_before: Vec<usize>,
}

impl SourceText {
    fn new(name: String, text: String) -> SourceText {
        let line_starts = codespan_reporting::files::line_starts(&text).collect();
        let mut chars_before = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut count = 0;
        for chunk in text.as_bytes().chunks(CHECKPOINT) {
            chars_before.push(count);
            count += chunk.iter().filter(|&&b| is_char_start(b)).count();
        }
        chars_before.push(count);
        SourceText {
            name,
            text,
            line_starts,
            chars_before,
        }
    }

    fn line_index(&self, byte: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= byte)
            .saturating_sub(1)
    }

    /// The line's bytes, its line break included, as codespan ranges lines.
    fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(line)?;
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        Some(start..end)
    }

    /// The number of characters that start before `byte`.
    fn chars_before(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let checkpoint = byte / CHECKPOINT;
        let counted = self.chars_before.get(checkpoint).copied().unwrap_or(0);
        let rest = self
            .text
            .as_bytes()
            .get(checkpoint * CHECKPOINT..byte)
            .unwrap_or_default();
        counted + rest.iter().filter(|&&b| is_char_start(b)).count()
    }

    /// The 1-based column of `byte` on `line`, counted in characters as
    /// codespan counts them.
    fn column(&self, line: usize, byte: usize) -> usize {
        let range = self.line_range(line).unwrap_or(0..0);
        let end = byte.clamp(range.start, range.end);
        self.chars_before(end) - self.chars_before(range.start) + 1
    }
}

fn is_char_start(byte: u8) -> bool {
    byte & 0b1100_0000 != 0b1000_0000
}

impl Report {
    /// Registers a file under the name diagnostics show for it.
    pub fn add_file(&mut self, name: String, source: String) -> FileId {
        self.files.push(SourceText::new(name, source));
        self.files.len() - 1
    }

    /// The text of a file [`Report::add_file`] registered; empty for any
    /// other id.
    pub fn source(&self, file: FileId) -> &str {
        self.files.get(file).map_or("", |file| file.text.as_str())
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

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
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
                let (excerpts, shown) = Excerpts::of(&self.files, diagnostic);
                let text = term::emit_into_string(&config, &excerpts, &shown)
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

    /// Every diagnostic in plain text, followed by a summary line.
    pub fn render(&self) -> String {
        let config = term::Config::default();
        let mut out = String::new();
        let mut shown_of_kind: HashMap<(Severity, String), usize> = HashMap::new();
        // Kinds with problems not shown, in the order they were first cut.
        let mut cut: Vec<(Severity, String)> = Vec::new();
        for diagnostic in self.sorted() {
            let kind = (diagnostic.severity, kind(&diagnostic.message));
            let shown = shown_of_kind.entry(kind.clone()).or_default();
            *shown += 1;
            if *shown == SHOWN_OF_A_KIND + 1 {
                cut.push(kind);
            }
            if *shown > SHOWN_OF_A_KIND {
                continue;
            }
            let (excerpts, diagnostic) = Excerpts::of(&self.files, diagnostic);
            match term::emit_into_string(&config, &excerpts, &diagnostic) {
                Ok(text) => out.push_str(&text),
                // Only a label outside its file gets here, which is a bug in
                // the loader; still show the message rather than lose it.
                Err(_) => {
                    out.push_str(&diagnostic.message);
                    out.push('\n');
                }
            }
        }
        for kind in cut {
            let more = shown_of_kind.get(&kind).copied().unwrap_or(0) - SHOWN_OF_A_KIND;
            let (severity, message) = kind;
            let what = match severity {
                Severity::Warning => plural(more, "warning", "warnings"),
                _ => plural(more, "error", "errors"),
            };
            out.push_str(&format!(
                "note: {more} more {what} like \"{message}\" were cut\n\n"
            ));
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

/// A message with every name in backticks left out: problems of one kind
/// differ only in what they name.
fn kind(message: &str) -> String {
    message
        .split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 0 { part } else { "…" })
        .collect::<Vec<_>>()
        .join("`")
}

/// The lines one diagnostic shows, per file, long ones cut to windows
/// around its labels. Byte offsets are the excerpt's; line and column
/// numbers stay the file's, through [`Files`].
struct Excerpts<'f> {
    files: Vec<(FileId, Excerpt<'f>)>,
}

struct Excerpt<'f> {
    file: &'f SourceText,
    text: String,
    /// In line order.
    lines: Vec<ExcerptLine>,
}

struct ExcerptLine {
    /// The line's index in the file.
    index: usize,
    /// Where the line is in the excerpt's text, its line break included.
    range: Range<usize>,
    /// The stretches of the file's line the excerpt shows, each with where it
    /// starts in the excerpt's text; between them the text has an ellipsis.
    pieces: Vec<(Range<usize>, usize)>,
}

impl<'f> Excerpts<'f> {
    /// The excerpts for `diagnostic`, and the diagnostic with its labels
    /// pointing into them.
    fn of(
        files: &'f [SourceText],
        diagnostic: &Diagnostic<FileId>,
    ) -> (Excerpts<'f>, Diagnostic<FileId>) {
        let mut excerpts = Excerpts { files: Vec::new() };
        let mut ids: Vec<FileId> = diagnostic.labels.iter().map(|l| l.file_id).collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            let Some(file) = files.get(id) else { continue };
            let labels = diagnostic.labels.iter().filter(|l| l.file_id == id);
            let ranges: Vec<Range<usize>> = labels.map(|l| l.range.clone()).collect();
            excerpts.files.push((id, Excerpt::new(file, &ranges)));
        }
        let mut shown = diagnostic.clone();
        for label in &mut shown.labels {
            if let Some(excerpt) = excerpts.get(label.file_id) {
                label.range = excerpt.offset(label.range.start)..excerpt.offset(label.range.end);
            }
        }
        (excerpts, shown)
    }

    fn get(&self, id: FileId) -> Option<&Excerpt<'f>> {
        self.files
            .iter()
            .find(|(file, _)| *file == id)
            .map(|(_, excerpt)| excerpt)
    }

    fn excerpt(&self, id: FileId) -> Result<&Excerpt<'f>, FilesError> {
        self.get(id).ok_or(FilesError::FileMissing)
    }
}

impl<'f> Excerpt<'f> {
    /// The lines `labels` cover, and the line after each, which codespan
    /// shows when it is all that separates two shown lines.
    fn new(file: &'f SourceText, labels: &[Range<usize>]) -> Excerpt<'f> {
        let mut wanted: Vec<usize> = Vec::new();
        for range in labels {
            let (first, last) = (file.line_index(range.start), file.line_index(range.end));
            wanted.extend(first..=last + 1);
        }
        wanted.sort_unstable();
        wanted.dedup();
        let mut excerpt = Excerpt {
            file,
            text: String::new(),
            lines: Vec::new(),
        };
        for index in wanted {
            let Some(range) = file.line_range(index) else {
                continue;
            };
            let text = file.text.get(range.clone()).unwrap_or_default();
            let content = range.start..range.start + text.trim_end_matches('\n').len();
            let points: Vec<usize> = labels
                .iter()
                .flat_map(|label| [label.start, label.end])
                .filter(|point| content.contains(point) || *point == content.end)
                .collect();
            excerpt.push_line(index, content, range.end, &points);
        }
        excerpt
    }

    fn push_line(&mut self, index: usize, content: Range<usize>, end: usize, points: &[usize]) {
        let source = &self.file.text;
        let windows = if content.len() <= LONG_LINE {
            vec![content.clone()]
        } else {
            windows(source, content.clone(), points)
        };
        let start = self.text.len();
        let mut pieces = Vec::with_capacity(windows.len());
        let mut at = content.start;
        for window in windows {
            if window.start > at {
                self.text.push('…');
            }
            pieces.push((window.clone(), self.text.len()));
            self.text
                .push_str(source.get(window.clone()).unwrap_or_default());
            at = window.end;
        }
        if at < content.end {
            self.text.push('…');
        }
        self.text
            .push_str(source.get(content.end..end).unwrap_or_default());
        self.lines.push(ExcerptLine {
            index,
            range: start..self.text.len(),
            pieces,
        });
    }

    /// Where the file's `byte` is in the excerpt. Every label's ends are
    /// shown; anything else in a cut-out stretch goes to the end of the
    /// stretch shown before it.
    fn offset(&self, byte: usize) -> usize {
        let index = self.file.line_index(byte);
        let Ok(found) = self.lines.binary_search_by_key(&index, |line| line.index) else {
            return 0;
        };
        let Some(line) = self.lines.get(found) else {
            return 0;
        };
        let mut offset = line.range.start;
        for (piece, at) in &line.pieces {
            if byte < piece.start {
                break;
            }
            offset = at + (byte.min(piece.end) - piece.start);
        }
        offset
    }

    /// Where the excerpt's `offset` is in the file.
    fn byte(&self, offset: usize) -> usize {
        let Some(line) = self.line_at(offset) else {
            return self.file.text.len();
        };
        let mut byte = self.file.line_range(line.index).map_or(0, |r| r.start);
        for (piece, at) in &line.pieces {
            if offset < *at {
                break;
            }
            byte = piece.start + (offset - at).min(piece.len());
        }
        byte
    }

    fn line_at(&self, offset: usize) -> Option<&ExcerptLine> {
        let after = self
            .lines
            .partition_point(|line| line.range.start <= offset);
        self.lines.get(after.saturating_sub(1))
    }
}

/// Windows of a long line around `points`, merged where they meet.
fn windows(source: &str, line: Range<usize>, points: &[usize]) -> Vec<Range<usize>> {
    let mut windows: Vec<Range<usize>> = points
        .iter()
        .map(|&point| {
            let start = point.saturating_sub(CONTEXT_BEFORE).max(line.start);
            let end = (point + CONTEXT_AFTER).min(line.end);
            char_start(source, start)..char_end(source, end)
        })
        .collect();
    if windows.is_empty() {
        windows.push(line.start..char_end(source, (line.start + CONTEXT_AFTER).min(line.end)));
    }
    windows.sort_by_key(|window| window.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(windows.len());
    for window in windows {
        match merged.last_mut() {
            Some(last) if window.start <= last.end => last.end = last.end.max(window.end),
            _ => merged.push(window),
        }
    }
    merged
}

/// The char boundary at or before `byte`.
fn char_start(source: &str, mut byte: usize) -> usize {
    while byte > 0 && !source.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

/// The char boundary at or after `byte`.
fn char_end(source: &str, mut byte: usize) -> usize {
    while byte < source.len() && !source.is_char_boundary(byte) {
        byte += 1;
    }
    byte
}

impl<'a> Files<'a> for Excerpts<'_> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(&self.excerpt(id)?.file.name)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(&self.excerpt(id)?.text)
    }

    fn line_index(&'a self, id: FileId, offset: usize) -> Result<usize, FilesError> {
        let excerpt = self.excerpt(id)?;
        Ok(excerpt.line_at(offset).map_or(0, |line| line.index))
    }

    fn line_range(&'a self, id: FileId, index: usize) -> Result<Range<usize>, FilesError> {
        let excerpt = self.excerpt(id)?;
        match excerpt
            .lines
            .binary_search_by_key(&index, |line| line.index)
        {
            Ok(found) => Ok(excerpt
                .lines
                .get(found)
                .map_or(0..0, |line| line.range.clone())),
            Err(_) => Err(FilesError::LineTooLarge {
                given: index,
                max: excerpt.file.line_starts.len().saturating_sub(1),
            }),
        }
    }

    fn column_number(
        &'a self,
        id: FileId,
        index: usize,
        offset: usize,
    ) -> Result<usize, FilesError> {
        let excerpt = self.excerpt(id)?;
        Ok(excerpt.file.column(index, excerpt.byte(offset)))
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
