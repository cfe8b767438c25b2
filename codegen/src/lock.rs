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
//! - A move to another surface or a new Rust variant is accepted by
//!   `lock --accept CODE` too.

use crate::diagnostic::{self, FileId, Report};
use crate::model::Catalog;
use crate::settings::Settings;
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Statuses the code had before an accepted change, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous_statuses: Vec<u16>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
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
        Ok(lock) if lock.version == 1 => {
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
                "{shown} has version {}; this codegen reads version 1",
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

/// Compares the catalog with the lock. Changes to codes in `accept` are
/// allowed where they can be; codes in `retire` may be gone. Returns the
/// codes the lock does not have yet.
pub(crate) fn check(
    catalog: &Catalog,
    lock: &Lock,
    accept: &BTreeSet<String>,
    retire: &BTreeSet<String>,
    report: &mut Report,
) -> Vec<String> {
    let settings = &catalog.settings;
    let how_to_accept = |code: &str| {
        format!(
            "if this is intended, accept it with `{}`",
            settings.command(&format!("lock --accept {code}"))
        )
    };
    let mut unlocked = Vec::new();
    let mut in_catalog = BTreeMap::new();
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
        if accepted
            && !locked.retired
            && (
                locked.status,
                locked.surface.as_str(),
                locked.variant.as_str(),
            ) == (code.status, surface.id.as_str(), code.variant.as_str())
        {
            report.push(in_lock(diagnostic::error_at(
                place.file,
                place.key.clone(),
                format!(
                    "nothing to accept for `{}`: its status, surface and Rust name are as the lock records them",
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
        version: 1,
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
