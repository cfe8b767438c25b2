//! `codegen explain CODE`: one code's entry as plain text, the way
//! `rustc --explain` shows an error code.

use crate::markdown::{example_body, field_type, retry_advice};
use crate::model::{self, Catalog};
use std::fmt::Write;

/// The entry of `code`, or `Err` with the closest codes the catalog has.
pub fn explain(catalog: &Catalog, code: &str) -> Result<String, Vec<String>> {
    let Some((surface, entry)) = catalog.codes().find(|(_, c)| c.code == code) else {
        return Err(closest(catalog, code));
    };
    let mut out = String::new();
    let status = match model::reason_phrase(entry.status) {
        Some(reason) => format!("{} {reason}", entry.status),
        None => entry.status.to_string(),
    };
    // `write!` to a `String` cannot fail.
    let _ = writeln!(out, "{}: {status}", entry.code);
    let _ = writeln!(out, "{}\n", entry.title);
    let _ = writeln!(out, "{}\n", entry.message);
    if let Some(when) = &entry.when {
        let _ = writeln!(out, "When it occurs: {when}");
    }
    let _ = writeln!(out, "Surface: {} ({})", surface.title, surface.id);
    let _ = writeln!(out, "Retry: {}", retry_advice(entry));
    if let Some(reason) = &entry.deprecated {
        let since = entry
            .deprecated_since
            .as_deref()
            .map_or(String::new(), |version| format!(" since {version}"));
        let reason = if reason.is_empty() {
            "still sent, but due to be retired."
        } else {
            reason
        };
        let _ = writeln!(out, "Deprecated{since}: {reason}");
    }
    if let Some(since) = &entry.since {
        let _ = writeln!(out, "Since: {since}");
    }
    if let Some(template) = &entry.detail {
        let _ = writeln!(out, "Detail: {}", template.source());
    }
    if !entry.fields.is_empty() {
        let _ = writeln!(out, "Fields (in metadata):");
        for field in &entry.fields {
            let _ = writeln!(
                out,
                "  {} ({}): {}",
                field.name,
                field_type(&field.ty).replace('`', ""),
                field.description
            );
        }
    }
    for (heading, texts) in [("Causes", &entry.causes), ("Solutions", &entry.solutions)] {
        if !texts.is_empty() {
            let _ = writeln!(out, "{heading}:");
            for text in texts {
                let _ = writeln!(out, "  - {text}");
            }
        }
    }
    let _ = writeln!(out, "Reference: {}", catalog.settings.code_url(&entry.code));
    let _ = writeln!(
        out,
        "\nExample response ({}):\n{}",
        catalog.settings.format.content_type(),
        example_body(catalog, entry)
    );
    Ok(out)
}

/// Up to three codes that look like `code`, compared without case and
/// separators (`RATE-LIMITED` is `rate_limited`), the fewest edits first.
pub(crate) fn closest(catalog: &Catalog, code: &str) -> Vec<String> {
    let folded = |text: &str| {
        text.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect::<String>()
    };
    let wanted = folded(code);
    let mut candidates: Vec<(usize, &str)> = catalog
        .codes()
        .map(|(_, c)| {
            let distance = strsim::damerau_levenshtein(&wanted, &folded(&c.code));
            (distance, c.code.as_str())
        })
        .filter(|&(distance, candidate)| distance <= (candidate.len() / 4).max(2))
        .collect();
    candidates.sort();
    candidates
        .into_iter()
        .take(3)
        .map(|(_, candidate)| candidate.to_owned())
        .collect()
}
