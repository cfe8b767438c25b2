//! The committed reference page: fresh, complete, and well-formed as
//! CommonMark, checked with a real markdown parser.

mod support;

use codegen::model::FieldType;
use codegen::{Project, markdown};
use errors::{ErrorCode, Surface};
use testkit::page;

fn committed_page() -> String {
    std::fs::read_to_string(support::root().join("docs/errors.md")).unwrap()
}

/// Fails when `docs/errors.md`, or the page of a further locale
/// (`docs/errors.fr.md`), does not match the catalog. With `BLESS=1` it
/// rewrites the pages instead.
#[test]
fn committed_pages_are_fresh() {
    let project = Project::open(&support::root().join("Cargo.toml")).unwrap();
    let (catalog, _) = project.load(None).unwrap();
    let mut stale = Vec::new();
    for tag in catalog.locale_tags() {
        let (path, command) = if tag == catalog.settings.default_locale {
            (project.page(), "docs".to_owned())
        } else {
            (
                project.page().with_extension(format!("{tag}.md")),
                format!("docs --locale {tag}"),
            )
        };
        let expected = markdown::generate(&catalog.translated(tag).unwrap());
        if std::fs::read_to_string(&path).ok().as_deref() == Some(expected.as_str()) {
            continue;
        }
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&path, expected).unwrap();
            continue;
        }
        stale.push(format!(
            "{} is stale: run `{}` and commit the result",
            path.display(),
            project.settings.command(&command)
        ));
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}

/// The French page has each code's French message where the catalog
/// translates it, and the English one where it does not.
#[test]
fn a_locales_page_has_its_translations() {
    let text = std::fs::read_to_string(support::root().join("docs/errors.fr.md")).unwrap();
    let page = page::parse(&text);
    let rows: Vec<_> = page
        .tables
        .iter()
        .filter(|t| t.head[0] == "Code")
        .flat_map(|t| &t.rows)
        .collect();
    assert_eq!(rows.len(), ErrorCode::ALL.len());
    for (row, code) in rows.into_iter().zip(ErrorCode::ALL) {
        let expected = code.localized_message("fr").unwrap_or(code.message());
        assert_eq!(row.cells[2], expected, "{code}");
    }
    assert_eq!(
        ErrorCode::RateLimited.localized_message("fr"),
        Some("Vous avez dépassé le débit de requêtes autorisé.")
    );
    assert_eq!(ErrorCode::SignatureInvalid.localized_message("fr"), None);
}

fn catalog() -> codegen::model::Catalog {
    let project = Project::open(&support::root().join("Cargo.toml")).unwrap();
    project.load(None).unwrap().0
}

#[test]
fn one_table_row_per_code_with_its_status_and_message() {
    let page = page::parse(&committed_page());
    let surface_tables: Vec<_> = page.tables.iter().filter(|t| t.head[0] == "Code").collect();
    assert_eq!(surface_tables.len(), Surface::ALL.len());
    for (table, surface) in surface_tables.into_iter().zip(Surface::ALL) {
        let with_when = surface.codes().iter().any(|code| code.when().is_some());
        let mut head = vec!["Code", "Status", "Meaning"];
        if with_when {
            head.push("When it occurs");
        }
        assert_eq!(table.head, head, "{surface:?}");
        assert_eq!(table.rows.len(), surface.codes().len(), "{surface:?}");
        for (row, code) in table.rows.iter().zip(surface.codes()) {
            let marker = if code.deprecated().is_some() {
                " (deprecated)"
            } else {
                ""
            };
            assert_eq!(row.cells[0], format!("{code}{marker}"));
            assert_eq!(row.cells[1], code.status().to_string());
            assert_eq!(row.cells[2], code.message());
            if with_when {
                assert_eq!(row.cells[3], code.when().unwrap_or(""));
            }
            assert_eq!(
                row.link.as_deref(),
                Some(format!("#{}", code.as_str()).as_str())
            );
        }
    }
}

#[test]
fn each_code_with_fields_has_a_table_of_them() {
    let page = page::parse(&committed_page());
    let field_tables: Vec<_> = page.tables.iter().filter(|t| t.head[0] != "Code").collect();
    let catalog = catalog();
    let with_fields: Vec<_> = catalog
        .codes()
        .map(|(_, code)| code)
        .filter(|code| !code.fields.is_empty())
        .collect();
    assert!(with_fields.len() >= 5);
    assert_eq!(field_tables.len(), with_fields.len());
    for (table, code) in field_tables.into_iter().zip(with_fields) {
        assert_eq!(
            table.head,
            ["Field", "Type", "Description"],
            "{}",
            code.code
        );
        let rows: Vec<Vec<String>> = table.rows.iter().map(|row| row.cells.clone()).collect();
        let expected: Vec<Vec<String>> = code
            .fields
            .iter()
            .map(|f| {
                let ty = match &f.ty {
                    FieldType::OneOf(values) => format!("one of {}", values.join(", ")),
                    ty => ty.name().to_owned(),
                };
                vec![f.name.clone(), ty, f.description.clone()]
            })
            .collect();
        assert_eq!(rows, expected, "{}", code.code);
    }
}

#[test]
fn every_link_resolves_to_an_anchor_on_the_page() {
    let page = page::parse(&committed_page());
    assert!(page.links.len() > ErrorCode::ALL.len());
    for link in &page.links {
        let anchor = link
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{link} leaves the page"));
        assert!(page.anchors.contains(anchor), "no anchor for {link}");
    }
    for code in ErrorCode::ALL {
        assert!(page.anchors.contains(code.as_str()), "no entry for {code}");
    }
}

#[test]
fn every_code_has_an_entry_with_status_message_and_retry_advice() {
    let page = page::parse(&committed_page());
    assert_eq!(page.entries.len(), ErrorCode::ALL.len());
    for ((anchor, text), code) in page.entries.iter().zip(ErrorCode::ALL) {
        assert_eq!(anchor, code.as_str());
        assert!(
            text.starts_with(&format!("{code}\n{}\n", code.title())),
            "{text}"
        );
        assert!(
            text.contains(&format!("Status: {} ", code.status())),
            "{text}"
        );
        assert!(
            text.contains(&format!("Message: {}\n", code.message())),
            "{text}"
        );
        assert!(text.contains("Retry: "), "{text}");
        if let Some(when) = code.when() {
            assert!(
                text.contains(&format!("When it occurs: {when}\n")),
                "{text}"
            );
        }
    }
    let rate_limited = &page
        .entries
        .iter()
        .find(|(a, _)| a == "rate_limited")
        .unwrap()
        .1;
    assert!(rate_limited.contains("Status: 429 Too Many Requests"));
    assert!(rate_limited.contains("Retry: yes"));
}

/// Each entry's example is the body the runtime sends for the code, with
/// the catalog's example values for its fields.
#[test]
fn every_entry_shows_the_body_the_runtime_sends() {
    use codegen::model::FieldValue;

    let page = page::parse(&committed_page());
    let catalog = catalog();
    assert_eq!(page.code_blocks.len(), ErrorCode::ALL.len());
    for (((anchor, block), &code), (_, entry)) in page
        .code_blocks
        .iter()
        .zip(ErrorCode::ALL)
        .zip(catalog.codes())
    {
        assert_eq!(anchor, code.as_str());
        let shown: serde_json::Value = serde_json::from_str(block).unwrap();
        let trace_id = shown["trace_id"].as_str().unwrap();
        let mut error = errors::ApiError::new(code).with_trace_id(trace_id.to_owned());
        if let Some(detail) = entry.example_detail() {
            error = error.with_detail(detail);
        }
        for field in &entry.fields {
            error = match field.example.clone().unwrap() {
                FieldValue::String(text) => error.with_metadata(field.name.clone(), text),
                FieldValue::Integer(n) => error.with_metadata(field.name.clone(), n),
                FieldValue::Boolean(flag) => error.with_metadata(field.name.clone(), flag),
            };
        }
        let sent = error.body();
        assert_eq!(
            shown,
            serde_json::from_slice::<serde_json::Value>(&sent).unwrap(),
            "{code}"
        );
    }
}

#[test]
fn the_rate_limited_example_is_what_its_typed_fields_send() {
    let page = page::parse(&committed_page());
    let (_, block) = page
        .code_blocks
        .iter()
        .find(|(anchor, _)| anchor == "rate_limited")
        .unwrap();
    let mut shown: serde_json::Value = serde_json::from_str(block).unwrap();
    let sent = errors::ApiError::from(errors::details::RateLimited {
        limit: 100,
        window_seconds: 60,
    });
    shown["trace_id"] = sent.trace_id().into();
    assert_eq!(
        shown,
        serde_json::from_slice::<serde_json::Value>(&sent.body()).unwrap()
    );
}
