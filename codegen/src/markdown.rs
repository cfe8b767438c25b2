//! The markdown emitter: the validated model in, the reference page out.
//!
//! Catalog text is escaped (`escape::inline`) so that it renders as the
//! same text on any CommonMark renderer, whatever it contains.

use crate::escape;
use crate::model::{self, Catalog, Code, FieldType, FieldValue, Surface};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The reference page.
pub fn generate(catalog: &Catalog) -> String {
    let mut page = String::new();
    let settings = &catalog.settings;
    let api = escape::inline(&settings.api_name);
    let count = catalog.codes().count();
    // `write!` to a `String` cannot fail; the results are ignored on purpose.
    let _ = writeln!(
        page,
        "<!-- @generated from the error catalog by `{}`. Do not edit. -->\n",
        settings.command("docs")
    );
    let _ = writeln!(page, "# {}\n", escape::inline(&settings.page_title()));
    let _ = writeln!(
        page,
        "Every error response of the {api} carries one of the {count} codes below, \
         with the HTTP status shown for it. A code always means the same thing, \
         wherever it appears.\n"
    );
    let _ = writeln!(
        page,
        "Codes are added over time. When a response carries a code this page does \
         not list yet, handle it by its HTTP status class: an unknown code under \
         429 is still rate limiting, under a 5xx status still a server error.\n"
    );
    let _ = writeln!(page, "{}\n", format_intro(settings));
    for surface in &catalog.surfaces {
        let _ = writeln!(
            page,
            "- [{}](#{}): {} {}",
            escape::inline(&surface.title),
            surface_anchor(surface),
            surface.codes.len(),
            if surface.codes.len() == 1 {
                "code"
            } else {
                "codes"
            }
        );
    }
    let _ = writeln!(page, "- [Changes](#{CHANGES_ANCHOR})");
    for surface in &catalog.surfaces {
        surface_section(&mut page, catalog, surface);
    }
    changes(&mut page, catalog);
    page
}

const CHANGES_ANCHOR: &str = "page:changes";

/// Codes added and deprecated, by version, newest first.
fn changes(page: &mut String, catalog: &Catalog) {
    let _ = writeln!(page, "\n## <a id=\"{CHANGES_ANCHOR}\"></a>Changes\n");
    let mut by_version: BTreeMap<VersionKey, (Vec<&Code>, Vec<&Code>)> = BTreeMap::new();
    let mut deprecated_unversioned = Vec::new();
    for (_, code) in catalog.codes() {
        if let Some(since) = &code.since {
            by_version
                .entry(VersionKey::new(since))
                .or_default()
                .0
                .push(code);
        }
        match (&code.deprecated, &code.deprecated_since) {
            (Some(_), Some(version)) => by_version
                .entry(VersionKey::new(version))
                .or_default()
                .1
                .push(code),
            (Some(_), None) => deprecated_unversioned.push(code),
            (None, _) => {}
        }
    }
    if by_version.is_empty() && deprecated_unversioned.is_empty() {
        let _ = writeln!(
            page,
            "No changes are recorded yet: a code's `since` and `deprecated_since` in the catalog list it here."
        );
        return;
    }
    let links = |codes: &[&Code]| {
        codes
            .iter()
            .map(|code| format!("[`{}`](#{})", code.code, code.code))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (version, (added, deprecated)) in by_version.iter().rev() {
        let mut parts = Vec::new();
        if !added.is_empty() {
            parts.push(format!("added {}", links(added)));
        }
        if !deprecated.is_empty() {
            parts.push(format!("deprecated {}", links(deprecated)));
        }
        let _ = writeln!(
            page,
            "- **{}**: {}.",
            escape::inline(&version.text),
            parts.join("; ")
        );
    }
    if !deprecated_unversioned.is_empty() {
        let _ = writeln!(
            page,
            "- Deprecated, version not recorded: {}.",
            links(&deprecated_unversioned)
        );
    }
}

/// Orders versions as people read them: `0.10.0` after `0.9.0`, `2024-10`
/// after `2024-9`; digit runs compare as numbers, the rest as text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct VersionKey {
    parts: Vec<(u8, u128, String)>,
    text: String,
}

impl VersionKey {
    fn new(text: &str) -> VersionKey {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(first) = rest.chars().next() {
            let digits = first.is_ascii_digit();
            let end = rest
                .find(|c: char| c.is_ascii_digit() != digits)
                .unwrap_or(rest.len());
            let (run, tail) = rest.split_at(end);
            parts.push(match run.parse::<u128>() {
                Ok(number) if digits => (1, number, String::new()),
                _ => (0, 0, run.to_owned()),
            });
            rest = tail;
        }
        VersionKey {
            parts,
            text: text.to_owned(),
        }
    }
}

fn surface_section(page: &mut String, catalog: &Catalog, surface: &Surface) {
    let _ = writeln!(
        page,
        "\n## <a id=\"{}\"></a>{}\n",
        surface_anchor(surface),
        escape::inline(&surface.title)
    );
    if !surface.description.is_empty() {
        let _ = writeln!(page, "{}\n", escape::inline(&surface.description));
    }
    if surface.codes.is_empty() {
        let _ = writeln!(page, "This surface has no codes yet.");
        return;
    }
    let with_when = surface.codes.iter().any(|code| code.when.is_some());
    if with_when {
        let _ = writeln!(page, "| Code | Status | Meaning | When it occurs |");
        let _ = writeln!(page, "|---|---|---|---|");
    } else {
        let _ = writeln!(page, "| Code | Status | Meaning |");
        let _ = writeln!(page, "|---|---|---|");
    }
    for code in &surface.codes {
        let _ = write!(
            page,
            "| [`{}`](#{}){} | {} | {} |",
            code.code,
            code.code,
            if code.deprecated.is_some() {
                " (deprecated)"
            } else {
                ""
            },
            code.status,
            escape::inline(&code.message)
        );
        if with_when {
            let _ = write!(
                page,
                " {} |",
                escape::inline(code.when.as_deref().unwrap_or(""))
            );
        }
        page.push('\n');
    }
    for code in &surface.codes {
        code_entry(page, catalog, code);
    }
}

fn code_entry(page: &mut String, catalog: &Catalog, code: &Code) {
    // Codes are ASCII letters, digits, `_`, `-` and `.`: safe in an id and a
    // code span as they are.
    let _ = writeln!(page, "\n### <a id=\"{}\"></a>`{}`\n", code.code, code.code);
    let _ = writeln!(page, "**{}**\n", escape::inline(&code.title));
    let status = match model::reason_phrase(code.status) {
        Some(reason) => format!("{} {reason}", code.status),
        None => code.status.to_string(),
    };
    let _ = writeln!(page, "- **Status:** {status}");
    let _ = writeln!(page, "- **Message:** {}", escape::inline(&code.message));
    if let Some(when) = &code.when {
        let _ = writeln!(page, "- **When it occurs:** {}", escape::inline(when));
    }
    let _ = writeln!(page, "- **Retry:** {}", retry_advice(code));
    if let Some(reason) = &code.deprecated {
        let reason = if reason.is_empty() {
            "still sent, but due to be retired.".to_owned()
        } else {
            escape::inline(reason)
        };
        let since = match &code.deprecated_since {
            Some(version) => format!(" (since {})", escape::inline(version)),
            None => String::new(),
        };
        let _ = writeln!(page, "- **Deprecated{since}:** {reason}");
    }
    if let Some(since) = &code.since {
        let _ = writeln!(page, "- **Since:** {}", escape::inline(since));
    }
    if let Some(template) = &code.detail {
        let _ = writeln!(page, "- **Detail:** {}", escape::inline(&template.source()));
    }
    if !code.fields.is_empty() {
        let _ = writeln!(
            page,
            "\nFields, sent in `metadata` under their names:\n\n| Field | Type | Description |\n|---|---|---|"
        );
        for field in &code.fields {
            let _ = writeln!(
                page,
                "| `{}` | {} | {} |",
                field.name,
                field_type(&field.ty),
                escape::inline(&field.description)
            );
        }
    }
    for (heading, texts) in [("Causes", &code.causes), ("Solutions", &code.solutions)] {
        if !texts.is_empty() {
            let _ = writeln!(page, "\n{heading}:\n");
            for text in texts {
                let _ = writeln!(page, "- {}", escape::inline(text));
            }
        }
    }
    // JSON strings hold no raw newline, so no line of the body can close
    // the fence early.
    let _ = writeln!(
        page,
        "\nExample response (`{}`):\n\n```json\n{}\n```",
        catalog.settings.format.content_type(),
        example_body(catalog, code)
    );
}

/// A field's type for people: `integer`, or a restricted string's values.
pub(crate) fn field_type(ty: &FieldType) -> String {
    match ty {
        FieldType::OneOf(values) => {
            let values: Vec<String> = values.iter().map(|value| format!("`{value}`")).collect();
            format!("one of {}", values.join(", "))
        }
        ty => ty.name().to_owned(),
    }
}

/// The body of a response with `code`, as the runtime writes it, indented
/// for people: with the fields the catalog gives examples for, and the
/// detail when each field it names has one.
pub(crate) fn example_body(catalog: &Catalog, code: &Code) -> String {
    let settings = &catalog.settings;
    let detail = code.example_detail();
    let examples_complete = code
        .detail
        .iter()
        .flat_map(|template| template.fields())
        .all(|name| {
            code.fields
                .iter()
                .any(|f| f.name == name && f.example.is_some())
        });
    let metadata: serde_json::Map<String, serde_json::Value> = code
        .fields
        .iter()
        .filter_map(|field| {
            let value = match field.example.as_ref()? {
                FieldValue::String(text) => serde_json::Value::from(text.as_str()),
                FieldValue::Integer(n) => serde_json::Value::from(*n),
                FieldValue::Boolean(flag) => serde_json::Value::from(*flag),
            };
            Some((field.name.clone(), value))
        })
        .collect();
    let body = errors_runtime::wire::Body {
        code: &code.code,
        status: code.status,
        title: &code.title,
        message: &code.message,
        type_url: &settings.code_url(&code.code),
        detail: detail.as_deref().filter(|_| examples_complete),
        fields: &[],
        metadata: Some(&metadata).filter(|metadata| !metadata.is_empty()),
        trace_id: Some(EXAMPLE_TRACE_ID),
        subject: errors_runtime::wire::Subject::Request,
    };
    errors_runtime::wire::write_pretty(&body, settings.format, &settings.code_member)
}

/// The trace id the page's example bodies show.
const EXAMPLE_TRACE_ID: &str = "0af7651916cd43dd8448eb211c80319c";

fn format_intro(settings: &crate::Settings) -> String {
    match settings.format {
        errors_runtime::Format::Problem => format!(
            "Errors are sent as RFC 9457 problem details (`application/problem+json`): \
             `type` links to the code's entry below, `title` and `status` repeat the \
             catalog, `{}` carries the code, `detail` says what went wrong this time, \
             `errors` maps fields to their messages, and `trace_id` identifies the request. \
             Server errors (5xx) never carry `detail`, `errors` or `metadata`.",
            settings.code_member
        ),
        errors_runtime::Format::Envelope => {
            "Errors are sent as `application/json` with an `errors` \
             array: each entry has `error_key` (the field, or `request` or `base` when the \
             error is not about one field), `category` (the code), `message`, optional \
             `metadata`, and nested `errors` for fields inside an object. Server errors \
             (5xx) never carry details beyond the code's own message."
                .to_owned()
        }
    }
}

pub(crate) fn retry_advice(code: &Code) -> &'static str {
    match (code.retryable, code.status) {
        (true, _) => {
            "yes, after a delay; wait as long as the `Retry-After` header says when the response has one."
        }
        (false, 500..) => {
            "not as it is; if the error persists, contact support with the response's trace id."
        }
        (false, _) => "no; change the request before sending it again.",
    }
}

/// Surface anchors contain `:`, which no code can, so they never clash with
/// a code's anchor.
fn surface_anchor(surface: &Surface) -> String {
    format!("surface:{}", surface.id)
}

#[cfg(test)]
mod tests {
    use super::VersionKey;

    #[test]
    fn versions_sort_as_people_read_them() {
        let mut versions = [
            "0.10.0",
            "0.9.0",
            "2024-10",
            "2024-9",
            "1.0.0-rc1",
            "1.0.0",
            "v2",
        ];
        versions.sort_by_key(|v| VersionKey::new(v));
        // Text sorts before numbers; a pre-release sorts after its release.
        assert_eq!(
            versions,
            [
                "v2",
                "0.9.0",
                "0.10.0",
                "1.0.0",
                "1.0.0-rc1",
                "2024-9",
                "2024-10"
            ]
        );
    }
}
