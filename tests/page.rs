//! The committed reference page: fresh, complete, and well-formed as
//! CommonMark, checked with a real markdown parser.

mod support;

use codegen::{Project, markdown};
use errors::{ErrorCode, Surface};
use testkit::page;

fn committed_page() -> String {
    std::fs::read_to_string(support::root().join("docs/errors.md")).unwrap()
}

/// Fails when `docs/errors.md` does not match the catalog. With `BLESS=1`
/// it rewrites the page instead.
#[test]
fn committed_page_is_fresh() {
    let project = Project::open(&support::root().join("Cargo.toml")).unwrap();
    let (catalog, _) = project.load(None).unwrap();
    let expected = markdown::generate(&catalog);
    let path = project.page();
    if std::fs::read_to_string(&path).ok().as_deref() == Some(expected.as_str()) {
        return;
    }
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, expected).unwrap();
        return;
    }
    panic!(
        "{} is stale: run `{}` and commit the result",
        path.display(),
        project.settings.command("docs")
    );
}

#[test]
fn one_table_row_per_code_with_its_status_and_message() {
    let page = page::parse(&committed_page());
    assert_eq!(page.tables.len(), Surface::ALL.len());
    for (table, surface) in page.tables.iter().zip(Surface::ALL) {
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

#[test]
fn every_entry_shows_the_body_the_runtime_sends() {
    let page = page::parse(&committed_page());
    assert_eq!(page.code_blocks.len(), ErrorCode::ALL.len());
    for ((anchor, block), &code) in page.code_blocks.iter().zip(ErrorCode::ALL) {
        assert_eq!(anchor, code.as_str());
        let shown: serde_json::Value = serde_json::from_str(block).unwrap();
        let trace_id = shown["trace_id"].as_str().unwrap();
        let sent = errors::ApiError::new(code)
            .with_trace_id(trace_id.to_owned())
            .body();
        assert_eq!(
            shown,
            serde_json::from_slice::<serde_json::Value>(&sent).unwrap(),
            "{code}"
        );
    }
}
