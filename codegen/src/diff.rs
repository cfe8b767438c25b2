//! What changed between two versions of a catalog, for a pull request's
//! review: every change graded `breaking` (a client or code built on the
//! old catalog may now misread a response or stop compiling) or
//! `compatible`.
//!
//! The lock fails the build on the breaking changes it knows of; this lists
//! every change before it is merged, the compatible ones too. Two versions
//! of a code are compared in one function, `code_changes`, one graded
//! comparison a fact: a new fact of a code is one more comparison there.

use crate::lock::Lock;
use crate::model::{Catalog, Code, FieldType, Surface};
use crate::settings::{ResponseFormat, Settings};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// How a change affects what was built on the old catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Grade {
    /// Clients may read a response wrongly, or code may stop compiling: a
    /// new major version, or a lock step (`lock --accept`, `--retire`).
    Breaking,
    /// What worked before works the same.
    Compatible,
}

impl Grade {
    pub fn name(self) -> &'static str {
        match self {
            Grade::Breaking => "breaking",
            Grade::Compatible => "compatible",
        }
    }
}

/// What a change is about. Settings sort before codes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// A key of `[package.metadata.errors]`.
    Setting(&'static str),
    /// A code, by its wire string.
    Code(String),
}

/// One change, shown as one line: `breaking   code `x`: status 400 -> 422`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub grade: Grade,
    pub subject: Subject,
    pub what: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let grade = self.grade.name();
        match &self.subject {
            Subject::Setting(key) => write!(f, "{grade:<10} setting `{key}`: {}", self.what),
            Subject::Code(code) => write!(f, "{grade:<10} code `{code}`: {}", self.what),
        }
    }
}

/// Every change from `old` to `new`: breaking ones first, then by subject
/// (settings by key, then codes by wire string), a subject's in the order
/// they are compared. `new_lock`, the lock that goes with `new`, tells
/// whether a removed code was retired.
pub fn diff(old: &Catalog, new: &Catalog, new_lock: Option<&Lock>) -> Vec<Change> {
    let mut changes = settings_changes(&old.settings, &new.settings);
    let by_code = |catalog| {
        Catalog::codes(catalog)
            .map(|(surface, code)| (code.code.as_str(), (surface, code)))
            .collect::<BTreeMap<_, _>>()
    };
    let (old_codes, new_codes) = (by_code(old), by_code(new));
    let every_code: BTreeSet<&str> = old_codes.keys().chain(new_codes.keys()).copied().collect();
    for code in every_code {
        let graded = match (old_codes.get(code), new_codes.get(code)) {
            (Some(&before), Some(&after)) => code_changes(before, after),
            (Some(_), None) => vec![(Grade::Breaking, removed(code, new_lock))],
            (None, Some((surface, added))) => vec![(
                Grade::Compatible,
                format!("added, status {} on surface `{}`", added.status, surface.id),
            )],
            (None, None) => Vec::new(),
        };
        changes.extend(graded.into_iter().map(|(grade, what)| Change {
            grade,
            subject: Subject::Code(code.to_owned()),
            what,
        }));
    }
    // Stable: a subject's changes keep the order they were compared in.
    changes.sort_by(|a, b| (a.grade, &a.subject).cmp(&(b.grade, &b.subject)));
    changes
}

/// The settings every code's response depends on. A code's problem `type`
/// is `<base-url>#<code>`, so a new `base-url` is one change, not one a code.
fn settings_changes(old: &Settings, new: &Settings) -> Vec<Change> {
    let format_name = |format: ResponseFormat| match format {
        ResponseFormat::Problem => "problem",
        ResponseFormat::Envelope => "envelope",
    };
    let base_url = |settings: &Settings| shown(&settings.base_url);
    let compared = [
        (
            "base-url",
            base_url(old),
            base_url(new),
            "every code's problem type changes",
        ),
        (
            "format",
            format!("{:?}", format_name(old.format)),
            format!("{:?}", format_name(new.format)),
            "every response body changes shape",
        ),
        (
            "code-member",
            format!("{:?}", old.code_member),
            format!("{:?}", new.code_member),
            "clients find the code in another member",
        ),
    ];
    compared
        .into_iter()
        .filter(|(_, before, after, _)| before != after)
        .map(|(key, before, after, so)| Change {
            grade: Grade::Breaking,
            subject: Subject::Setting(key),
            what: format!("{before} -> {after}, so {so}"),
        })
        .collect()
}

/// The changes to one code, in the order compared, each graded. The code's
/// problem type, `<base-url>#<code>`, changes only with `base-url`, a
/// setting.
fn code_changes(
    (old_surface, old): (&Surface, &Code),
    (new_surface, new): (&Surface, &Code),
) -> Vec<(Grade, String)> {
    use Grade::{Breaking, Compatible};
    let mut changes = Vec::new();
    if old.status != new.status {
        let (before, after) = (old.status / 100, new.status / 100);
        // Breaking within its class too: clients that handle the code see
        // a new status, and the lock takes it only by `lock --accept`.
        let class = if before == after {
            format!("within {before}xx")
        } else {
            format!("{before}xx to {after}xx, which the lock never takes")
        };
        changes.push((
            Breaking,
            format!("status {} -> {}, {class}", old.status, new.status),
        ));
    }
    let quoted = |text: &String| format!("{text:?}");
    let compared = [
        (
            Breaking,
            "surface",
            format!("`{}`", old_surface.id),
            format!("`{}`", new_surface.id),
        ),
        (
            Breaking,
            "Rust name",
            format!("`ErrorCode::{}`", old.variant),
            format!("`ErrorCode::{}`", new.variant),
        ),
        (
            Breaking,
            "retryable",
            old.retryable.to_string(),
            new.retryable.to_string(),
        ),
        (Compatible, "title", quoted(&old.title), quoted(&new.title)),
        (
            Compatible,
            "message",
            quoted(&old.message),
            quoted(&new.message),
        ),
        (Compatible, "when", shown(&old.when), shown(&new.when)),
        (
            Compatible,
            "deprecated",
            shown(&old.deprecated),
            shown(&new.deprecated),
        ),
        (
            Compatible,
            "deprecated_since",
            shown(&old.deprecated_since),
            shown(&new.deprecated_since),
        ),
        (Compatible, "since", shown(&old.since), shown(&new.since)),
        (
            Compatible,
            "detail",
            shown(&old.detail.as_ref().map(|t| t.source())),
            shown(&new.detail.as_ref().map(|t| t.source())),
        ),
        (
            Compatible,
            "causes",
            format!("{:?}", old.causes),
            format!("{:?}", new.causes),
        ),
        (
            Compatible,
            "solutions",
            format!("{:?}", old.solutions),
            format!("{:?}", new.solutions),
        ),
    ];
    changes.extend(
        compared
            .into_iter()
            .filter(|(_, _, before, after)| before != after)
            .map(|(grade, fact, before, after)| (grade, format!("{fact} {before} -> {after}"))),
    );
    changes.extend(field_changes(old, new));
    changes
}

/// The metadata fields clients read: one removed or of another type breaks
/// them, and so does a value a restricted string no longer takes; a new
/// field or value does not.
fn field_changes(old: &Code, new: &Code) -> Vec<(Grade, String)> {
    use Grade::{Breaking, Compatible};
    let mut changes = Vec::new();
    for before in &old.fields {
        let name = &before.name;
        let Some(after) = new.fields.iter().find(|field| &field.name == name) else {
            changes.push((
                Breaking,
                format!("field `{name}` ({}) removed", before.ty.lock_name()),
            ));
            continue;
        };
        if before.ty.lock_name() != after.ty.lock_name() {
            changes.push((
                Breaking,
                format!(
                    "field `{name}` {} -> {}",
                    before.ty.lock_name(),
                    after.ty.lock_name()
                ),
            ));
        } else if let (FieldType::OneOf(was), FieldType::OneOf(is)) = (&before.ty, &after.ty) {
            let gone: Vec<&str> = was
                .iter()
                .filter(|v| !is.contains(v))
                .map(String::as_str)
                .collect();
            let added: Vec<&str> = is
                .iter()
                .filter(|v| !was.contains(v))
                .map(String::as_str)
                .collect();
            if !gone.is_empty() {
                changes.push((
                    Breaking,
                    format!("field `{name}` no longer takes {}", gone.join(", ")),
                ));
            }
            if !added.is_empty() {
                changes.push((
                    Compatible,
                    format!("field `{name}` also takes {}", added.join(", ")),
                ));
            }
        }
    }
    for after in &new.fields {
        if !old.fields.iter().any(|field| field.name == after.name) {
            changes.push((
                Compatible,
                format!("field `{}` ({}) added", after.name, after.ty.lock_name()),
            ));
        }
    }
    changes
}

/// A removed code, with what the lock says of it.
fn removed(code: &str, lock: Option<&Lock>) -> String {
    let Some(lock) = lock else {
        return "removed".to_owned();
    };
    match lock.codes.get(code) {
        Some(locked) if locked.retired => "removed, retired in the lock".to_owned(),
        Some(_) => format!(
            "removed, but the lock still has it: the build fails until `lock --retire {code}`"
        ),
        None => "removed, never locked".to_owned(),
    }
}

/// An optional text as the diff shows it: quoted, or `none`.
fn shown(text: &Option<String>) -> String {
    match text {
        Some(text) => format!("{text:?}"),
        None => "none".to_owned(),
    }
}
