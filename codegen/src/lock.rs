//! The lock of published codes: every code clients may have seen, with the
//! facts they rely on. The catalog may grow; it may not take back or change
//! what the lock records, except by an explicit step that shows in the
//! lock's diff.
//!
//! - A locked code leaves the catalog only by `lock --retire CODE`, and a
//!   retired code never comes back: its Rust variant and its wire string in
//!   any case stay reserved, so code that stopped compiling on retirement
//!   does not compile again with another meaning.
//! - A status change within its class (400 to 422) is accepted by
//!   `lock --accept CODE`, which records the old status; a change of class
//!   (4xx to 5xx) never is: clients that fall back on the class would read
//!   the code wrongly. Add a new code and deprecate the old one instead.
//! - A move to another surface, a new Rust variant, a new problem `type`
//!   or a flip of `retryable` is accepted by `lock --accept CODE` too.
//!   Clients key on the `type` (RFC 9457) and retry by `retryable`.
//! - A new `base-url` changes every code's `type` at once: it is one
//!   problem, accepted for every code by `lock --accept-base-url`.
//! - A metadata field of a code stays, with its type: removing it or
//!   changing its type is accepted by `lock --accept CODE`; a new field is
//!   recorded by the next `lock`, as a new code is.
//! - A lock written before `type` and `retryable` were recorded (version 1)
//!   still reads; the next `lock` records them, as a new code's are.

use crate::diagnostic::{self, FileId, Report};
use crate::model::Catalog;
use crate::settings::Settings;
use codespan_reporting::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

/// What the lock records of one code.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LockedCode {
    pub status: u16,
    pub surface: String,
    pub variant: String,
    /// The problem `type`: `<base-url>#<code>`. `None` where the lock was
    /// written before it was recorded.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_uri: Option<String>,
    /// `None` where the lock was written before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retryable: Option<bool>,
    /// The metadata fields clients read, with their types
    /// ([`FieldType::lock_name`](crate::model::FieldType::lock_name)).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Statuses the code had before an accepted change, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous_statuses: Vec<u16>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
}

/// The version `render` writes. Version 1 had no `type` and `retryable`;
/// an older codegen refuses version 2 by its number rather than by an
/// unknown key.
const VERSION: u32 = 2;

/// What `lock` is told to do besides adding new codes.
#[derive(Clone, Debug, Default)]
pub struct LockSteps {
    /// Codes whose change the lock takes, where the rules allow it.
    pub accept: BTreeSet<String>,
    /// Whether the lock takes the new problem `type` of every code that a
    /// change of `base-url` gave one.
    pub accept_base_url: bool,
    /// Locked codes, gone from the catalog, to keep as retired for good.
    pub retire: BTreeSet<String>,
}

/// The lock file, as read.
#[derive(Clone, Debug, Default)]
pub struct Lock {
    pub codes: BTreeMap<String, LockedCode>,
    /// Where each code's entry is in the lock file, for diagnostics.
    places: BTreeMap<String, (FileId, Range<usize>)>,
    /// The lock file as diagnostics name it.
    shown: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LockFile {
    version: u32,
    #[serde(default)]
    codes: BTreeMap<toml::Spanned<String>, LockedCode>,
}

/// Reads the lock; a missing file is an empty lock.
pub(crate) fn read(path: &Path, shown: String, report: &mut Report) -> Option<Lock> {
    let source = match std::fs::read_to_string(path) {
        Ok(source) => source,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Some(Lock {
                shown,
                ..Lock::default()
            });
        }
        Err(err) => {
            report.push(diagnostic::error(format!("cannot read {shown}: {err}")));
            return None;
        }
    };
    let parsed = toml::from_str::<LockFile>(&source);
    let file = report.add_file(shown.clone(), source);
    match parsed {
        Ok(lock) if (1..=VERSION).contains(&lock.version) => {
            let mut result = Lock {
                shown,
                ..Lock::default()
            };
            for (code, locked) in lock.codes {
                result
                    .places
                    .insert(code.get_ref().clone(), (file, code.span()));
                result.codes.insert(code.into_inner(), locked);
            }
            Some(result)
        }
        Ok(lock) => {
            report.push(diagnostic::error(format!(
                "{shown} has version {}; this codegen reads versions 1 to {VERSION}",
                lock.version
            )));
            None
        }
        Err(err) => {
            let message = format!("invalid lock file: {}", err.message().trim_end());
            report.push(match err.span() {
                Some(span) => diagnostic::error_at(file, span, message, "here"),
                None => diagnostic::error(message),
            });
            None
        }
    }
}

/// Compares the catalog with the lock. Changes `steps` accepts are allowed
/// where they can be; codes it retires may be gone. Returns the codes the
/// lock does not have yet.
pub(crate) fn check(
    catalog: &Catalog,
    lock: &Lock,
    steps: &LockSteps,
    report: &mut Report,
) -> Vec<String> {
    let LockSteps {
        accept,
        accept_base_url,
        retire,
    } = steps;
    let settings = &catalog.settings;
    let how_to_accept = |code: &str| {
        format!(
            "if this is intended, accept it with `{}`",
            settings.command(&format!("lock --accept {code}"))
        )
    };
    let mut unlocked = Vec::new();
    let mut in_catalog = BTreeMap::new();
    // Codes whose `type` changed with `base-url`, by the old base: one
    // problem, not one per code.
    let mut moved_by_base: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut base_url_accepted = false;
    // What retired codes (and codes being retired) leave reserved: their
    // Rust variant, and their wire string in any case.
    let retired = lock
        .codes
        .iter()
        .filter(|(code, locked)| locked.retired || retire.contains(*code));
    let retired_variants: BTreeMap<&str, &str> = retired
        .clone()
        .map(|(code, locked)| (locked.variant.as_str(), code.as_str()))
        .collect();
    let retired_folded: BTreeMap<String, &str> = retired
        .map(|(code, _)| (code.to_ascii_lowercase(), code.as_str()))
        .collect();
    for (surface, code) in catalog.codes() {
        in_catalog.insert(code.code.as_str(), &code.place);
        let place = &code.place;
        let in_lock_at = |diag, code: &str| match lock.places.get(code) {
            Some((file, span)) => {
                diagnostic::also_at(diag, *file, span.clone(), "as the lock records it")
            }
            None => diag,
        };
        let reserved_note = |what: &str| {
            vec![format!(
                "code that named the retired code stopped compiling on purpose, and clients may hold its old meaning; {what}"
            )]
        };
        if let Some(&old) = retired_folded
            .get(&code.code.to_ascii_lowercase())
            .filter(|&&old| old != code.code)
        {
            report.push(in_lock_at(
                diagnostic::error_at(
                    place.file,
                    place.key.clone(),
                    format!(
                        "code `{}` is the retired code `{old}` in another case",
                        code.code
                    ),
                    "a retired code",
                )
                .with_notes(reserved_note("choose a new code")),
                old,
            ));
        } else if let Some(&old) = retired_variants
            .get(code.variant.as_str())
            .filter(|&&old| old != code.code)
        {
            report.push(in_lock_at(
                diagnostic::error_at(
                    place.file,
                    place.variant.clone(),
                    format!(
                        "code `{}` takes the Rust name `ErrorCode::{}` of the retired code `{old}`",
                        code.code, code.variant
                    ),
                    "a retired code's name",
                )
                .with_notes(reserved_note("give this code another `variant`")),
                old,
            ));
        }
        let accepted = accept.contains(&code.code);
        let Some(locked) = lock.codes.get(&code.code) else {
            if accepted {
                report.push(
                    diagnostic::error_at(
                        place.file,
                        place.key.clone(),
                        format!(
                            "nothing to accept for `{}`: the lock has no such code yet",
                            code.code
                        ),
                        "a new code",
                    )
                    .with_notes(vec![format!(
                        "`{}` adds new codes as they are",
                        settings.command("lock")
                    )]),
                );
            }
            unlocked.push(code.code.clone());
            continue;
        };
        let in_lock = |diag| in_lock_at(diag, &code.code);
        let type_uri = settings.code_url(&code.code);
        // A value the lock does not record yet is recorded, not compared.
        let type_changed = locked.type_uri.as_ref().filter(|old| **old != type_uri);
        let retryable_changed = locked.retryable.filter(|old| *old != code.retryable);
        let fields_changed = changed_fields(&locked.fields, code);
        if accepted
            && !locked.retired
            && (
                locked.status,
                locked.surface.as_str(),
                locked.variant.as_str(),
            ) == (code.status, surface.id.as_str(), code.variant.as_str())
            && type_changed.is_none()
            && retryable_changed.is_none()
            && fields_changed.is_empty()
        {
            report.push(in_lock(diagnostic::error_at(
                place.file,
                place.key.clone(),
                format!(
                    "nothing to accept for `{}`: its status, surface, Rust name, problem type, retryable and fields are as the lock records them",
                    code.code
                ),
                "unchanged",
            )));
        }
        if locked.retired {
            report.push(in_lock(
                diagnostic::error_at(
                    place.file,
                    place.key.clone(),
                    format!("code `{}` was retired and cannot come back", code.code),
                    "a retired code",
                )
                .with_notes(vec![
                    "clients may still hold the old meaning of a retired code; choose a new code"
                        .to_owned(),
                ]),
            ));
            continue;
        }
        if locked.status != code.status {
            let (old, new) = (locked.status, code.status);
            if old / 100 != new / 100 {
                report.push(in_lock(
                    diagnostic::error_at(
                        place.file,
                        place.status.clone(),
                        format!(
                            "code `{}` changes class: status {old} ({}xx) becomes {new} ({}xx)",
                            code.code,
                            old / 100,
                            new / 100
                        ),
                        format!("was {old}"),
                    )
                    .with_notes(vec![format!(
                        "clients that do not know `{}` go by its status class, so a change of class is never accepted: add a new code with status {new} and deprecate this one",
                        code.code
                    )]),
                ));
            } else if !accepted {
                report.push(in_lock(
                    diagnostic::error_at(
                        place.file,
                        place.status.clone(),
                        format!(
                            "the status of code `{}` changes from {old} to {new}",
                            code.code
                        ),
                        format!("was {old}"),
                    )
                    .with_notes(vec![format!(
                        "{}; the lock keeps {old} in `previous-statuses`",
                        how_to_accept(&code.code)
                    )]),
                ));
            }
        }
        if locked.surface != surface.id && !accepted {
            report.push(in_lock(
                diagnostic::error_at(
                    place.file,
                    place.key.clone(),
                    format!(
                        "code `{}` moves from surface `{}` to `{}`",
                        code.code, locked.surface, surface.id
                    ),
                    format!("was in `{}`", locked.surface),
                )
                .with_notes(vec![how_to_accept(&code.code)]),
            ));
        }
        if locked.variant != code.variant && !accepted {
            report.push(in_lock(
                diagnostic::error_at(
                    place.file,
                    place.variant.clone(),
                    format!(
                        "code `{}` changes its Rust name from `ErrorCode::{}` to `ErrorCode::{}`",
                        code.code, locked.variant, code.variant
                    ),
                    format!("was `{}`", locked.variant),
                )
                .with_notes(vec![
                    format!("code that names `ErrorCode::{}` stops compiling; `variant = \"{}\"` keeps the old name", locked.variant, locked.variant),
                    how_to_accept(&code.code),
                ]),
            ));
        }
        if let Some(old) = type_changed
            && !accepted
        {
            // The type is `<base-url>#<code>`, so a change is a change of
            // `base-url` unless the lock was edited by hand.
            match old
                .strip_suffix(code.code.as_str())
                .and_then(|base| base.strip_suffix('#'))
            {
                Some(_) if *accept_base_url => base_url_accepted = true,
                Some(old_base) => moved_by_base.entry(old_base).or_default().push(&code.code),
                None => report.push(in_lock(
                    diagnostic::error_at(
                        place.file,
                        place.key.clone(),
                        format!(
                            "the problem type of code `{}` changes from `{old}` to `{type_uri}`",
                            code.code
                        ),
                        format!("was `{old}`"),
                    )
                    .with_notes(vec![
                        "clients key on a problem's `type` (RFC 9457)".to_owned(),
                        how_to_accept(&code.code),
                    ]),
                )),
            }
        }
        if !accepted {
            for (name, old, new) in &fields_changed {
                let (message, label) = match new {
                    Some(new) => (
                        format!(
                            "code `{}` changes the type of its field `{name}` from {old} to {new}",
                            code.code
                        ),
                        format!("field `{name}` is {new} here"),
                    ),
                    None => (
                        format!("code `{}` drops its field `{name}` ({old})", code.code),
                        format!("no field `{name}` here"),
                    ),
                };
                report.push(in_lock(
                    diagnostic::error_at(place.file, place.key.clone(), message, label).with_notes(vec![
                        format!("clients read `{name}` from the metadata of `{}` as {old}; a new field can be added instead", code.code),
                        how_to_accept(&code.code),
                    ]),
                ));
            }
        }
        if let Some(old) = retryable_changed
            && !accepted
        {
            let mut notes = vec![format!(
                "clients decide by `retryable` whether to send a request that failed with `{}` again",
                code.code
            )];
            let (span, label) = match &place.retryable {
                Some(span) => (span.clone(), format!("was {old}")),
                None => {
                    notes.push(format!("`retryable = {old}` keeps the old behaviour"));
                    let by_default = if code.retryable {
                        "retryable"
                    } else {
                        "not retryable"
                    };
                    (
                        place.status.clone(),
                        format!("{by_default} by default; was {old}"),
                    )
                }
            };
            notes.push(how_to_accept(&code.code));
            report.push(in_lock(
                diagnostic::error_at(
                    place.file,
                    span,
                    format!(
                        "code `{}` changes `retryable` from {old} to {}",
                        code.code, code.retryable
                    ),
                    label,
                )
                .with_notes(notes),
            ));
        }
    }
    for (old_base, codes) in moved_by_base {
        let diag = base_url_changed(catalog, lock, old_base, &codes, report);
        report.push(diag);
    }
    if *accept_base_url && !base_url_accepted {
        report.push(diagnostic::error(
            "nothing to accept with `--accept-base-url`: no locked code's problem type changed with `base-url`",
        ));
    }
    let gone: Vec<(&String, &LockedCode)> = lock
        .codes
        .iter()
        .filter(|(code, locked)| {
            !(locked.retired || in_catalog.contains_key(code.as_str()) || retire.contains(*code))
        })
        .collect();
    let published = lock.codes.values().filter(|locked| !locked.retired).count();
    if gone.len() > 1 && gone.len() == published {
        // Not one change to the API: a catalog of its own, started afresh.
        report.push(diagnostic::error(format!(
            "none of the {published} codes in {} is in the catalog any more",
            lock.shown
        )).with_notes(vec![
            "if this is a new catalog (say, the default one replaced by your own), start a fresh lock: delete the lock file, then run `{}`".replace("{}", &settings.command("lock")),
            "if the codes were published, keep them in the catalog (deprecated if need be) or retire them one by one with `lock --retire CODE`".to_owned(),
        ]));
        return unlocked;
    }
    for (code, locked) in gone {
        let diag = diagnostic::error(format!("locked code `{code}` is gone from the catalog"));
        let diag = match lock.places.get(code) {
            Some((file, span)) => diagnostic::also_at(diag, *file, span.clone(), "published here"),
            None => diag,
        };
        report.push(diag.with_notes(vec![
            format!("it was published with status {} on surface `{}`; removing or renaming it breaks the clients that handle it", locked.status, locked.surface),
            format!("keep it with `deprecated = \"...\"`, or retire it for good with `{}`", settings.command(&format!("lock --retire {code}"))),
        ]));
    }
    for code in retire {
        if let Some(place) = in_catalog.get(code.as_str()) {
            report.push(
                diagnostic::error_at(
                    place.file,
                    place.key.clone(),
                    format!("cannot retire `{code}`: it is still in the catalog"),
                    "still here",
                )
                .with_notes(vec!["remove the code from the catalog first".to_owned()]),
            );
        } else if !lock.codes.contains_key(code) {
            report.push(diagnostic::error(format!(
                "cannot retire `{code}`: the lock has no such code"
            )));
        }
    }
    for code in accept {
        if !in_catalog.contains_key(code.as_str()) {
            report.push(diagnostic::error(format!(
                "cannot accept `{code}`: the catalog has no such code"
            )));
        }
    }
    unlocked
}

/// A change of `base-url` that changes the problem `type` of `codes`, which
/// the lock records under `old_base` (empty: relative links).
fn base_url_changed(
    catalog: &Catalog,
    lock: &Lock,
    old_base: &str,
    codes: &[&str],
    report: &mut Report,
) -> Diagnostic<FileId> {
    let settings = &catalog.settings;
    let shown = |base: &str| match base {
        "" => "none (relative links)".to_owned(),
        base => format!("\"{base}\""),
    };
    let new_base = settings.base_url.as_deref().unwrap_or_default();
    let message = format!(
        "`base-url` changes from {} to {}: the problem type of {} locked code{} changes",
        shown(old_base),
        shown(new_base),
        codes.len(),
        if codes.len() == 1 { "" } else { "s" }
    );
    let label = format!("was {}", shown(old_base));
    // Settings made in code have no place to point at.
    let diag = match (settings.base_url_in_manifest(), &settings.manifest) {
        (Some(span), Some((name, text))) => {
            let file = report.add_file(name.clone(), text.clone());
            diagnostic::error_at(file, span, message, label)
        }
        _ => diagnostic::error(message),
    };
    let example = codes.first().copied().unwrap_or_default();
    let diag = match lock.places.get(example) {
        Some((file, span)) => {
            diagnostic::also_at(diag, *file, span.clone(), "as the lock records it")
        }
        None => diag,
    };
    let back = match old_base {
        "" => "remove `base-url`".to_owned(),
        base => format!("set `base-url = \"{base}\"` again"),
    };
    diag.with_notes(vec![
        format!(
            "clients key on a problem's `type` (RFC 9457): `{old_base}#{example}` becomes `{}`",
            settings.code_url(example)
        ),
        format!(
            "if the reference page moved for good, accept the new type of every code with `{}`; otherwise {back}",
            settings.command("lock --accept-base-url")
        ),
    ])
}

/// The locked fields that `code` drops or gives another type: name, old
/// type, and the new type if the field is still there.
fn changed_fields<'l>(
    locked: &'l BTreeMap<String, String>,
    code: &crate::model::Code,
) -> Vec<(&'l str, &'l str, Option<&'static str>)> {
    locked
        .iter()
        .filter_map(|(name, old)| {
            let new = code
                .fields
                .iter()
                .find(|field| &field.name == name)
                .map(|field| field.ty.lock_name());
            (new != Some(old.as_str())).then_some((name.as_str(), old.as_str(), new))
        })
        .collect()
}

/// The lock after `check` passed: every catalog code, accepted changes with
/// their history, retired codes kept for good.
pub(crate) fn updated(
    catalog: &Catalog,
    lock: &Lock,
    retire: &BTreeSet<String>,
    version: Option<&str>,
) -> Lock {
    let mut codes = BTreeMap::new();
    for (surface, code) in catalog.codes() {
        let old = lock.codes.get(&code.code);
        let mut previous_statuses = old
            .map(|old| old.previous_statuses.clone())
            .unwrap_or_default();
        if let Some(old) = old.filter(|old| old.status != code.status) {
            previous_statuses.push(old.status);
        }
        let since = code
            .since
            .clone()
            .or_else(|| old.and_then(|old| old.since.clone()))
            .or_else(|| version.map(str::to_owned));
        codes.insert(
            code.code.clone(),
            LockedCode {
                status: code.status,
                surface: surface.id.clone(),
                variant: code.variant.clone(),
                type_uri: Some(catalog.settings.code_url(&code.code)),
                retryable: Some(code.retryable),
                fields: code
                    .fields
                    .iter()
                    .map(|field| (field.name.clone(), field.ty.lock_name().to_owned()))
                    .collect(),
                since,
                retired: false,
                previous_statuses,
            },
        );
    }
    for (code, locked) in &lock.codes {
        if locked.retired || retire.contains(code) {
            codes.entry(code.clone()).or_insert_with(|| LockedCode {
                retired: true,
                ..locked.clone()
            });
        }
    }
    Lock {
        codes,
        places: BTreeMap::new(),
        shown: lock.shown.clone(),
    }
}

/// The lock file's text: sorted by code, so its diff shows exactly what
/// changed; written by toml's own writer.
pub(crate) fn render(lock: &Lock, settings: &Settings) -> String {
    #[derive(Serialize)]
    struct LockFile<'a> {
        version: u32,
        codes: &'a BTreeMap<String, LockedCode>,
    }
    let file = LockFile {
        version: VERSION,
        codes: &lock.codes,
    };
    let mut out = format!(
        "# The published error codes: every code clients may have seen, and what\n\
         # they rely on. Written by `{}`; review changes\n\
         # to this file as changes to the API.\n",
        settings.command("lock")
    );
    // Strings, integers, booleans and tables always serialize.
    out.push_str(&toml::to_string(&file).unwrap_or_default());
    out
}
