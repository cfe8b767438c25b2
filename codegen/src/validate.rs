//! Checks across the whole catalog, then the validated [`Catalog`].
//!
//! Like rustc's error-code checks, names are checked in both directions:
//! every wire code is unique, and every Rust name maps back to one code.

use crate::diagnostic::{self, FileId, Report};
use crate::load::{LoadedCode, LoadedLocale, LoadedSurface};
use crate::model::{self, Catalog, Code, Locale, Place, Surface, Translation};
use crate::names;
use crate::settings::Settings;
use std::collections::BTreeMap;
use std::ops::Range;

type Location = (FileId, Range<usize>);

/// Names taken so far, for the checks that look across files.
#[derive(Default)]
struct Taken {
    /// `Surface` variants, with the file and id that took each.
    surface_variants: BTreeMap<String, (FileId, String)>,
    /// Wire codes, where each was first defined.
    codes: BTreeMap<String, Location>,
    /// `ErrorCode` variants, with where each was named and by which code.
    variants: BTreeMap<String, (Location, String)>,
}

/// Builds the model, or `None` when `report` has errors (including ones
/// found while loading). One check per function below, as rustc's tidy
/// keeps them.
pub(crate) fn validate(
    settings: Settings,
    loaded: Vec<LoadedSurface>,
    locales: Vec<LoadedLocale>,
    report: &mut Report,
) -> Option<Catalog> {
    let mut taken = Taken::default();
    let files: Vec<FileId> = loaded.iter().map(|surface| surface.file).collect();
    let mut surfaces = Vec::new();
    for surface in loaded {
        let variant = surface_variant(&surface, &mut taken, report);
        let file = surface.file;
        let codes = surface
            .codes
            .into_iter()
            .filter_map(|code| validated_code(file, code, &mut taken, report))
            .collect();
        surfaces.push(Surface {
            variant,
            id: surface.id,
            title: surface.title,
            description: surface.description,
            order: surface.order,
            codes,
        });
    }
    catalog_has_codes(&taken, &files, report);
    grpc_reasons_are_distinct(&settings, &surfaces, report);
    value_enums_have_names_of_their_own(&surfaces, report);
    catalog_fits_the_lookup(&taken, report);
    let locales = translations_fit_the_catalog(&settings, &surfaces, locales, report);
    if report.has_errors() {
        return None;
    }
    surfaces.sort_by(|a, b| {
        (a.order.is_none(), a.order, &a.id).cmp(&(b.order.is_none(), b.order, &b.id))
    });
    let mut catalog = Catalog {
        settings,
        surfaces,
        rejections: Vec::new(),
        locales,
    };
    catalog.rejections = rejections_map_to_fitting_codes(&catalog, report);
    (!report.has_errors()).then_some(catalog)
}

/// The generated `details` module has a struct per code with a detail or
/// fields, named like its `ErrorCode` variant, and an enum per restricted
/// field, named by the variant and the field (`PayrollBlockerKey`): no two
/// may share a name.
fn value_enums_have_names_of_their_own(surfaces: &[Surface], report: &mut Report) {
    let codes = || surfaces.iter().flat_map(|surface| &surface.codes);
    let mut names: BTreeMap<String, String> = codes()
        .map(|code| (code.variant.clone(), format!("code `{}`", code.code)))
        .collect();
    for code in codes() {
        for field in &code.fields {
            if !matches!(field.ty, model::FieldType::OneOf(_)) {
                continue;
            }
            let name = model::value_enum_name(code, field);
            let owner = format!("field `{}` of code `{}`", field.name, code.code);
            if let Some(taken) = names.insert(name.clone(), owner.clone()) {
                report.push(
                    diagnostic::error_at(
                        code.place.file,
                        code.place.key.clone(),
                        format!("the values of {owner} would be the enum `details::{name}`, which {taken} names already"),
                        "rename the field or give the code another `variant`",
                    ),
                );
            }
        }
    }
}

/// Each locale file is named by a locale other than the default and
/// translates codes of the catalog, each detail with exactly the fields of
/// the code's own template; `complete-locales` names locales there are.
fn translations_fit_the_catalog(
    settings: &Settings,
    surfaces: &[Surface],
    loaded: Vec<LoadedLocale>,
    report: &mut Report,
) -> Vec<Locale> {
    let codes: BTreeMap<&str, &Code> = surfaces
        .iter()
        .flat_map(|surface| &surface.codes)
        .map(|code| (code.code.as_str(), code))
        .collect();
    let mut locales: Vec<Locale> = Vec::new();
    for locale in loaded {
        let file = locale.file;
        if locale.tag.eq_ignore_ascii_case(&settings.default_locale) {
            report.push(
                diagnostic::error_at(
                    file,
                    0..0,
                    format!("`{}` is the default locale: the catalog files are written in it", locale.tag),
                    "this file",
                )
                .with_notes(vec![
                    "translate into another locale, or set `default-locale` in [package.metadata.errors]".to_owned(),
                ]),
            );
            continue;
        }
        if let Some(other) = locales
            .iter()
            .find(|other| other.tag.eq_ignore_ascii_case(&locale.tag))
        {
            report.push(diagnostic::error_at(
                file,
                0..0,
                format!("`{}` and `{}` name the same locale", other.tag, locale.tag),
                "keep one file per locale",
            ));
            continue;
        }
        let mut translations = BTreeMap::new();
        for loaded in locale.translations {
            let Some(code) = codes.get(loaded.code.as_str()) else {
                let closest = codes
                    .keys()
                    .map(|known| (strsim::damerau_levenshtein(&loaded.code, known), *known))
                    .filter(|&(distance, _)| distance <= 2)
                    .min();
                report.push(diagnostic::error_at(
                    file,
                    loaded.span,
                    format!(
                        "`{}` translates code `{}`, which the catalog does not have",
                        locale.tag, loaded.code
                    ),
                    match closest {
                        Some((_, known)) => format!("did you mean `{known}`?"),
                        None => "no such code".to_owned(),
                    },
                ));
                continue;
            };
            let detail = match (&code.detail, loaded.detail) {
                (Some(own), Some((template, written))) => {
                    let (mut expected, mut found) = (own.fields(), template.fields());
                    expected.sort_unstable();
                    found.sort_unstable();
                    if expected != found {
                        let list = |names: &[&str]| {
                            names
                                .iter()
                                .map(|name| format!("{{{name}}}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        };
                        report.push(
                            diagnostic::error_at(
                                file,
                                written.span,
                                format!(
                                    "the `{}` detail of `{}` uses {}, not the placeholders of the code's own detail",
                                    locale.tag,
                                    loaded.code,
                                    if found.is_empty() { "no placeholders".to_owned() } else { list(&found) },
                                ),
                                format!("expected exactly {}", list(&expected)),
                            )
                            .with_notes(vec![format!(
                                "the code's detail: {}",
                                own.source()
                            )]),
                        );
                        continue;
                    }
                    Some(template)
                }
                (None, Some((_, written))) => {
                    report.push(diagnostic::error_at(
                        file,
                        written.span,
                        format!("`{}` has no detail template to translate", loaded.code),
                        "remove this detail, or give the code one",
                    ));
                    continue;
                }
                (Some(own), None) => {
                    report.push(
                        diagnostic::error_at(
                            file,
                            loaded.span,
                            format!(
                                "the `{}` translation of `{}` has no `detail`",
                                locale.tag, loaded.code
                            ),
                            "add the translated detail template",
                        )
                        .with_notes(vec![format!("the code's detail: {}", own.source())]),
                    );
                    continue;
                }
                (None, None) => None,
            };
            translations.insert(
                loaded.code,
                Translation {
                    title: loaded.title,
                    message: loaded.message,
                    detail,
                },
            );
        }
        locales.push(Locale {
            tag: locale.tag,
            translations,
        });
    }
    for tag in &settings.complete_locales {
        if !locales.iter().any(|locale| &locale.tag == tag) {
            report.push(
                diagnostic::error(format!(
                    "`complete-locales` names `{tag}`, but the catalog has no file {}/{tag}.toml",
                    crate::load::LOCALES_DIR
                ))
                .with_notes(vec![format!(
                    "add {}/{}/{tag}.toml, or remove `{tag}` from `complete-locales`",
                    settings.catalog.display(),
                    crate::load::LOCALES_DIR
                )]),
            );
        }
    }
    locales.sort_by(|a, b| a.tag.cmp(&b.tag));
    locales
}

/// `[package.metadata.errors.rejections]`, when the settings have it: every
/// key a rejection, every rejection mapped, each to a code of the catalog
/// whose status fits it.
fn rejections_map_to_fitting_codes(
    catalog: &Catalog,
    report: &mut Report,
) -> Vec<(model::Rejection, String)> {
    let settings = &catalog.settings;
    let Some(first) = settings.rejections.keys().next() else {
        return Vec::new();
    };
    // Settings made in code rather than read from a manifest have no place
    // to point at.
    let manifest = settings
        .manifest
        .clone()
        .map(|(name, text)| report.add_file(name, text));
    let at = |span: Range<usize>, message: String, label: &str| match manifest {
        Some(file) => diagnostic::error_at(file, span, message, label),
        None => diagnostic::error(message),
    };
    let mut mapped = BTreeMap::new();
    for (key, code) in &settings.rejections {
        let Some(rejection) = model::Rejection::from_name(key.get_ref()) else {
            let known: Vec<&str> = model::Rejection::ALL.iter().map(|r| r.name()).collect();
            let mut notes = vec![format!("the rejections are {}", known.join(", "))];
            if let Some(close) = known
                .iter()
                .min_by_key(|name| strsim::damerau_levenshtein(name, key.get_ref()))
                .filter(|name| strsim::damerau_levenshtein(name, key.get_ref()) <= 3)
            {
                notes.insert(0, format!("did you mean `{close}`?"));
            }
            report.push(
                at(
                    key.span(),
                    format!("`{}` is not a framework rejection", key.get_ref()),
                    "unknown rejection",
                )
                .with_notes(notes),
            );
            continue;
        };
        let Some((_, entry)) = catalog.codes().find(|(_, c)| c.code == *code.get_ref()) else {
            let mut notes = Vec::new();
            if let Some(close) = crate::explain::closest(catalog, code.get_ref()).first() {
                notes.push(format!("did you mean `{close}`?"));
            }
            report.push(
                at(
                    code.span(),
                    format!(
                        "rejection `{}` maps to `{}`, which is not a code of the catalog",
                        rejection.name(),
                        code.get_ref()
                    ),
                    "no such code",
                )
                .with_notes(notes),
            );
            continue;
        };
        if !rejection.fits(entry.status) {
            report.push(diagnostic::also_at(
                at(
                    code.span(),
                    format!(
                        "rejection `{}` needs a code with {}, but `{}` is {}",
                        rejection.name(),
                        rejection.expected_status(),
                        entry.code,
                        entry.status
                    ),
                    "status does not fit",
                ),
                entry.place.file,
                entry.place.status.clone(),
                "its status".to_owned(),
            ));
            continue;
        }
        mapped.insert(rejection, entry.code.clone());
    }
    let missing: Vec<&str> = model::Rejection::ALL
        .iter()
        .filter(|r| !settings.rejections.keys().any(|k| k.get_ref() == r.name()))
        .map(|r| r.name())
        .collect();
    if !missing.is_empty() {
        report.push(
            at(
                first.span(),
                format!(
                    "the rejections table leaves out {}",
                    missing
                        .iter()
                        .map(|name| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                "in this table",
            )
            .with_notes(vec![
                "a service answers every rejection with a catalog code: map each one".to_owned(),
            ]),
        );
    }
    mapped.into_iter().collect()
}

/// The surface's `Surface` variant, from its file stem: one that compiles,
/// and no other file's.
fn surface_variant(surface: &LoadedSurface, taken: &mut Taken, report: &mut Report) -> String {
    let (file, id) = (surface.file, &surface.id);
    let variant = names::derive_variant(id);
    if let Some(problem) = surface_name_problem(id, &variant) {
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
    } else if let Some((first_file, first_id)) = taken.surface_variants.get(&variant) {
        report.push(diagnostic::also_at(
            diagnostic::error_at(
                file,
                0..0,
                format!(
                    "surfaces `{first_id}` and `{id}` both become the Rust name `Surface::{variant}`"
                ),
                "this file",
            ),
            *first_file,
            0..0,
            format!("clashes with `{first_id}`"),
        ));
    } else {
        taken
            .surface_variants
            .insert(variant.clone(), (file, id.clone()));
    }
    variant
}

/// A code that passes every check, with the defaults applied.
fn validated_code(
    file: FileId,
    loaded: LoadedCode,
    taken: &mut Taken,
    report: &mut Report,
) -> Option<Code> {
    code_is_new(file, &loaded, taken, report)?;
    let (variant, variant_span) = code_variant(file, &loaded, taken, report)?;
    status_fits_the_name(file, &loaded, report);
    Some(Code {
        title: loaded
            .title
            .unwrap_or_else(|| names::derive_title(&loaded.code)),
        retryable: loaded.retryable.as_ref().map_or_else(
            || model::retryable_by_default(loaded.status),
            |(flag, _)| *flag,
        ),
        place: Place {
            file,
            key: loaded.span.clone(),
            status: loaded.status_span.clone(),
            variant: variant_span,
            retryable: loaded.retryable.as_ref().map(|(_, span)| span.clone()),
        },
        code: loaded.code,
        variant,
        status: loaded.status,
        message: loaded.message,
        when: loaded.when,
        deprecated: loaded.deprecated,
        deprecated_since: loaded.deprecated_since,
        since: loaded.since,
        grpc: loaded
            .grpc
            .unwrap_or(model::GrpcCode::from_status(loaded.status)),
        detail: loaded.detail,
        fields: loaded.fields,
        causes: loaded.causes,
        solutions: loaded.solutions,
    })
}

/// No code is defined twice, in one file or across files.
fn code_is_new(
    file: FileId,
    loaded: &LoadedCode,
    taken: &mut Taken,
    report: &mut Report,
) -> Option<()> {
    if let Some((first_file, first_span)) = taken.codes.get(&loaded.code) {
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
        return None;
    }
    taken
        .codes
        .insert(loaded.code.clone(), (file, loaded.span.clone()));
    Some(())
}

/// The code's `ErrorCode` variant, given or derived: one that compiles, and
/// no other code's. Returns it with the span that named it.
fn code_variant(
    file: FileId,
    loaded: &LoadedCode,
    taken: &mut Taken,
    report: &mut Report,
) -> Option<(String, Range<usize>)> {
    let (variant, span, given) = match &loaded.variant {
        Some((name, span)) => (name.clone(), span.clone(), true),
        None => (
            names::derive_variant(&loaded.code),
            loaded.span.clone(),
            false,
        ),
    };
    if let Some(problem) = names::variant_problem(&variant) {
        report.push(if given {
            diagnostic::error_at(
                file,
                span,
                format!("`{variant}` is not a usable Rust variant name: {problem}"),
                "expected an UpperCamelCase identifier, such as `InvalidJson`",
            )
        } else {
            diagnostic::error_at(
                file,
                span,
                format!("code `{}` has no usable Rust name: {problem}", loaded.code),
                "add `variant = \"...\"` to this code",
            )
            .with_notes(vec![format!(
                "for example: variant = \"{}\"",
                suggested_variant(&loaded.code)
            )])
        });
        return None;
    }
    if let Some(((first_file, first_span), first_code)) = taken.variants.get(&variant) {
        report.push(
            diagnostic::also_at(
                diagnostic::error_at(
                    file,
                    span,
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
            .with_notes(vec![
                "give one of them another name with `variant = \"...\"`".to_owned(),
            ]),
        );
        return None;
    }
    taken
        .variants
        .insert(variant.clone(), ((file, span.clone()), loaded.code.clone()));
    Some((variant, span))
}

/// A warning where the status contradicts what the code's name says
/// (`rate_limited` not at 429).
fn status_fits_the_name(file: FileId, loaded: &LoadedCode, report: &mut Report) {
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
}

/// With `grpc-reason = "upper-snake"`, each code's `ErrorInfo` reason is
/// its UPPER_SNAKE form, which must name one code only: `auth.expired`
/// and `auth_expired` would both send `AUTH_EXPIRED`.
fn grpc_reasons_are_distinct(settings: &Settings, surfaces: &[Surface], report: &mut Report) {
    if settings.grpc_reason != crate::settings::GrpcReason::UpperSnake {
        return;
    }
    let mut reasons: BTreeMap<String, &Code> = BTreeMap::new();
    for code in surfaces.iter().flat_map(|surface| &surface.codes) {
        let reason = errors_runtime::grpc::upper_snake(&code.code);
        if let Some(first) = reasons.get(&reason) {
            report.push(diagnostic::also_at(
                diagnostic::error_at(
                    code.place.file,
                    code.place.key.clone(),
                    format!(
                        "codes `{}` and `{}` both become the gRPC reason `{reason}`",
                        first.code, code.code
                    ),
                    format!("`{}` becomes `{reason}`", code.code),
                ),
                first.place.file,
                first.place.key.clone(),
                format!("`{}` became `{reason}` here", first.code),
            ));
        } else {
            reasons.insert(reason, code);
        }
    }
}

/// A catalog without codes is a mistake, unless its files had errors of
/// their own (which dropped their codes).
fn catalog_has_codes(taken: &Taken, files: &[FileId], report: &mut Report) {
    if report.has_errors() || !taken.codes.is_empty() {
        return;
    }
    let mut diag = diagnostic::error("the catalog has no codes");
    for &file in files {
        diag = diagnostic::also_at(diag, file, 0..0, "this surface has no codes");
    }
    report.push(
        diag.with_notes(vec![
            "add a code to a surface file, for example:\n\n[codes.invalid_json]\nstatus = 400\nmessage = \"The request body was not valid JSON.\"".to_owned(),
        ]),
    );
}

/// The lookup table indexes codes with 16 bits.
fn catalog_fits_the_lookup(taken: &Taken, report: &mut Report) {
    if taken.codes.len() > crate::lookup::MAX_CODES {
        report.push(diagnostic::error(format!(
            "the catalog has {} codes; at most {} are supported",
            taken.codes.len(),
            crate::lookup::MAX_CODES
        )));
    }
}

fn surface_name_problem(id: &str, variant: &str) -> Option<String> {
    if let Some(bad) = id.chars().find(|&c| !names::is_code_char(c)) {
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
