//! Checks across the whole catalog, then the validated [`Catalog`].
//!
//! Like rustc's error-code checks, names are checked in both directions:
//! every wire code is unique, and every Rust name maps back to one code.

use crate::diagnostic::{self, FileId, Report};
use crate::load::LoadedSurface;
use crate::model::{self, Catalog, Code, Place, Surface};
use crate::names;
use crate::settings::Settings;
use std::collections::BTreeMap;
use std::ops::Range;

type Location = (FileId, Range<usize>);

/// Builds the model, or `None` when `report` has errors (including ones
/// found while loading).
pub(crate) fn validate(
    settings: Settings,
    loaded: Vec<LoadedSurface>,
    report: &mut Report,
) -> Option<Catalog> {
    let mut surface_variants: BTreeMap<String, (Location, String)> = BTreeMap::new();
    let mut codes_seen: BTreeMap<String, Location> = BTreeMap::new();
    let mut variants_seen: BTreeMap<String, (Location, String)> = BTreeMap::new();
    let mut surfaces = Vec::new();
    let files: Vec<FileId> = loaded.iter().map(|surface| surface.file).collect();

    for loaded_surface in loaded {
        let file = loaded_surface.file;
        let id = loaded_surface.id;
        let surface_variant = names::derive_variant(&id);
        if let Some(problem) = surface_name_problem(&id, &surface_variant) {
            report.push(
                diagnostic::error_at(
                    file,
                    0..0,
                    format!("the file name `{id}` cannot name a surface: {problem}"),
                    "in this file",
                )
                .with_notes(vec![
                    "the file stem is the surface id; rename the file, for example to `general.toml`"
                        .to_owned(),
                ]),
            );
        } else if let Some(((first_file, _), first_id)) = surface_variants.get(&surface_variant) {
            report.push(diagnostic::also_at(
                diagnostic::error_at(
                    file,
                    0..0,
                    format!(
                        "surfaces `{first_id}` and `{id}` both become the Rust name `Surface::{surface_variant}`"
                    ),
                    "this file",
                ),
                *first_file,
                0..0,
                format!("clashes with `{first_id}`"),
            ));
        } else {
            surface_variants.insert(surface_variant.clone(), ((file, 0..0), id.clone()));
        }

        let mut codes = Vec::new();
        for loaded in loaded_surface.codes {
            let place = (file, loaded.span.clone());
            if let Some((first_file, first_span)) = codes_seen.get(&loaded.code) {
                report.push(diagnostic::also_at(
                    diagnostic::error_at(
                        file,
                        loaded.span.clone(),
                        format!("code `{}` is defined twice", loaded.code),
                        "defined again here",
                    ),
                    *first_file,
                    first_span.clone(),
                    "first defined here",
                ));
                continue;
            }
            codes_seen.insert(loaded.code.clone(), place.clone());

            let (variant, variant_place, given) = match &loaded.variant {
                Some((name, span)) => (name.clone(), (file, span.clone()), true),
                None => (names::derive_variant(&loaded.code), place.clone(), false),
            };
            if let Some(problem) = names::variant_problem(&variant) {
                report.push(if given {
                    diagnostic::error_at(
                        file,
                        variant_place.1,
                        format!("`{variant}` is not a usable Rust variant name: {problem}"),
                        "expected an UpperCamelCase identifier, such as `InvalidJson`",
                    )
                } else {
                    diagnostic::error_at(
                        file,
                        variant_place.1,
                        format!("code `{}` has no usable Rust name: {problem}", loaded.code),
                        "add `variant = \"...\"` to this code",
                    )
                    .with_notes(vec![format!(
                        "for example: variant = \"{}\"",
                        suggested_variant(&loaded.code)
                    )])
                });
                continue;
            }
            if let Some(((first_file, first_span), first_code)) = variants_seen.get(&variant) {
                report.push(
                    diagnostic::also_at(
                        diagnostic::error_at(
                            file,
                            variant_place.1,
                            format!(
                                "codes `{first_code}` and `{}` both become the Rust name `ErrorCode::{variant}`",
                                loaded.code
                            ),
                            format!("`{}` becomes `{variant}`", loaded.code),
                        ),
                        *first_file,
                        first_span.clone(),
                        format!("`{first_code}` became `{variant}` here"),
                    )
                    .with_notes(vec!["give one of them another name with `variant = \"...\"`".to_owned()]),
                );
                continue;
            }
            variants_seen.insert(
                variant.clone(),
                (variant_place.clone(), loaded.code.clone()),
            );

            if let Some(expected) = expected_status(&loaded.code)
                && expected != loaded.status
            {
                report.push(diagnostic::warning_at(
                    file,
                    loaded.status_span.clone(),
                    format!(
                        "`{}` is sent with status {}, but its name suggests {expected} {}",
                        loaded.code,
                        loaded.status,
                        model::reason_phrase(expected).unwrap_or_default()
                    ),
                    format!("expected {expected}?"),
                ));
            }

            codes.push(Code {
                title: loaded
                    .title
                    .unwrap_or_else(|| names::derive_title(&loaded.code)),
                retryable: loaded
                    .retryable
                    .unwrap_or_else(|| model::retryable_by_default(loaded.status)),
                code: loaded.code,
                variant,
                status: loaded.status,
                message: loaded.message,
                when: loaded.when,
                deprecated: loaded.deprecated,
                deprecated_since: loaded.deprecated_since,
                since: loaded.since,
                place: Place {
                    file,
                    key: loaded.span.clone(),
                    status: loaded.status_span.clone(),
                    variant: variant_place.1.clone(),
                },
            });
        }
        surfaces.push(Surface {
            variant: surface_variant,
            id,
            title: loaded_surface.title,
            description: loaded_surface.description,
            order: loaded_surface.order,
            codes,
        });
    }

    if !report.has_errors() && codes_seen.is_empty() {
        let mut diag = diagnostic::error("the catalog has no codes");
        for file in files {
            diag = diagnostic::also_at(diag, file, 0..0, "this surface has no codes");
        }
        report.push(
            diag.with_notes(vec![
                "add a code to a surface file, for example:\n\n[codes.invalid_json]\nstatus = 400\nmessage = \"The request body was not valid JSON.\"".to_owned(),
            ]),
        );
    }
    if codes_seen.len() > crate::lookup::MAX_CODES {
        report.push(diagnostic::error(format!(
            "the catalog has {} codes; at most {} are supported",
            codes_seen.len(),
            crate::lookup::MAX_CODES
        )));
    }
    if report.has_errors() {
        return None;
    }
    surfaces.sort_by(|a, b| {
        (a.order.is_none(), a.order, &a.id).cmp(&(b.order.is_none(), b.order, &b.id))
    });
    Some(Catalog { settings, surfaces })
}

fn surface_name_problem(id: &str, variant: &str) -> Option<String> {
    if let Some(bad) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    {
        return Some(format!("it contains {bad:?}"));
    }
    names::variant_problem(variant)
}

/// A variant for a code whose derived name is unusable: `22P02` gives `E22p02`.
fn suggested_variant(code: &str) -> String {
    let derived = names::derive_variant(code);
    if derived == "Self" {
        return "SelfError".to_owned();
    }
    let cleaned: String = derived
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    match cleaned.chars().next() {
        Some(first) if first.is_ascii_uppercase() => cleaned,
        Some(_) => format!("E{cleaned}"),
        None => "Unnamed".to_owned(),
    }
}

/// The status a code's name all but spells out, for a warning when the
/// catalog says otherwise.
fn expected_status(code: &str) -> Option<u16> {
    const HINTS: &[(&str, u16)] = &[
        ("rate_limit", 429),
        ("too_many_requests", 429),
        ("method_not_allowed", 405),
        ("not_found", 404),
        ("unauthorized", 401),
        ("unauthenticated", 401),
        ("forbidden", 403),
        ("unsupported_media_type", 415),
        ("internal_error", 500),
        ("server_error", 500),
        ("unavailable", 503),
    ];
    let words = heck::AsSnakeCase(code).to_string();
    HINTS
        .iter()
        .find(|(hint, _)| words.contains(hint))
        .map(|&(_, status)| status)
}
