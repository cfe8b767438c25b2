//! The emitters on their own: deterministic, escaped, and free of `unsafe`.

mod support;

use codegen::{Catalog, Settings, markdown, rust};
use proc_macro2::{TokenStream, TokenTree};
use std::path::Path;
use testkit::page;

fn load(dir: &Path) -> Catalog {
    codegen::load(dir, support::root(), Settings::default())
        .unwrap()
        .0
}

fn conventions() -> Catalog {
    load(&support::root().join("tests/catalogs/conventions"))
}

#[test]
fn output_does_not_depend_on_the_order_files_are_listed_or_written() {
    let source = support::root().join("catalog");
    let mut names: Vec<_> = std::fs::read_dir(&source)
        .unwrap()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().unwrap().is_file())
        .map(|entry| entry.file_name())
        .collect();
    names.sort();
    let forward = tempfile::tempdir().unwrap();
    let backward = tempfile::tempdir().unwrap();
    for name in &names {
        std::fs::copy(source.join(name), forward.path().join(name)).unwrap();
    }
    for name in names.iter().rev() {
        std::fs::copy(source.join(name), backward.path().join(name)).unwrap();
    }
    for copy in [&forward, &backward] {
        testkit::copy_recursively(&source.join("locales"), &copy.path().join("locales"));
    }
    let (a, b) = (load(forward.path()), load(backward.path()));
    let original = load(&source);
    assert_eq!(rust::generate(&a).unwrap(), rust::generate(&b).unwrap());
    assert_eq!(
        rust::generate(&a).unwrap(),
        rust::generate(&original).unwrap()
    );
    assert_eq!(markdown::generate(&a), markdown::generate(&b));
}

#[test]
fn generated_rust_has_a_preamble_and_no_unsafe() {
    for catalog in [load(&support::root().join("catalog")), conventions()] {
        let source = rust::generate(&catalog).unwrap();
        assert!(source.starts_with("// @generated"));
        let tokens: TokenStream = source.parse().unwrap();
        assert!(!has_ident(tokens, "unsafe"));
    }
}

fn has_ident(tokens: TokenStream, name: &str) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => ident == name,
        TokenTree::Group(group) => has_ident(group.stream(), name),
        _ => false,
    })
}

#[test]
fn codes_keep_their_wire_spelling_and_get_camel_case_variants() {
    let catalog = conventions();
    let names: Vec<(&str, &str)> = catalog
        .codes()
        .map(|(_, code)| (code.code.as_str(), code.variant.as_str()))
        .collect();
    assert_eq!(
        names[..5],
        [
            ("invalid_json", "InvalidJson"),
            ("UNAUTHORIZED", "Unauthorized"),
            ("IP_NOT_ALLOWED", "IpNotAllowed"),
            ("auth.token-expired", "AuthTokenExpired"),
            ("22P02", "InvalidTextRepresentation"),
        ]
    );
}

#[test]
fn any_text_renders_as_itself_on_the_page() {
    let catalog = conventions();
    let page = page::parse(&markdown::generate(&catalog));
    // Only the page's own anchors and line breaks are HTML.
    for html in &page.html {
        assert!(
            html.starts_with("<a id=\"")
                || html == "</a>"
                || html == "<br>"
                || html.starts_with("<!--"),
            "{html}"
        );
    }
    let rows: Vec<_> = page
        .tables
        .iter()
        .flat_map(|table| table.rows.iter().map(move |row| (table.head.len(), row)))
        .collect();
    let codes: Vec<_> = catalog.codes().map(|(_, code)| code).collect();
    assert_eq!(rows.len(), codes.len());
    for ((columns, row), code) in rows.into_iter().zip(codes) {
        assert_eq!(row.cells.len(), columns, "{}", code.code);
        let marker = if code.deprecated.is_some() {
            " (deprecated)"
        } else {
            ""
        };
        assert_eq!(row.cells[0], format!("{}{marker}", code.code));
        assert_eq!(row.cells[2], code.message.replace("\r\n", "\n"));
        if let Some(when) = &code.when {
            assert_eq!(row.cells[3], when.replace("\r\n", "\n"));
        }
    }
}

#[test]
fn entries_show_deprecation_and_since() {
    let page = page::parse(&markdown::generate(&conventions()));
    let entry = |code: &str| &page.entries.iter().find(|(a, _)| a == code).unwrap().1;
    assert!(
        entry("legacy_auth").contains(
            "Deprecated (since 2025-03): Use `UNAUTHORIZED`; legacy auth ends in 2027.\n"
        )
    );
    assert!(entry("legacy_auth").contains("Since: 2019-01\n"));
    assert!(entry("old_flag").contains("Deprecated: "));
    assert!(!entry("busy").contains("Deprecated"));
    assert!(entry("busy").contains("Retry: yes"));
    assert!(entry("maintenance").contains("Retry: not as it is"));
}

#[test]
fn write_if_changed_leaves_an_unchanged_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/out.rs");
    assert!(codegen::write_if_changed(&path, "one").unwrap());
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    assert!(!codegen::write_if_changed(&path, "one").unwrap());
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
    assert!(codegen::write_if_changed(&path, "two").unwrap());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
}

#[test]
fn changes_list_versions_newest_first() {
    let markdown = markdown::generate(&conventions());
    let changes = markdown.split("Changes\n").nth(1).unwrap();
    let lines: Vec<&str> = changes
        .lines()
        .filter(|line| line.starts_with("- "))
        .collect();
    assert_eq!(
        lines,
        [
            "- **2025\\-03**: deprecated [`legacy_auth`](#legacy_auth).",
            "- **2024\\-06**: added [`auth.token-expired`](#auth.token-expired).",
            "- **2019\\-01**: added [`legacy_auth`](#legacy_auth).",
            "- Deprecated, version not recorded: [`old_flag`](#old_flag).",
        ]
    );
    assert!(page::parse(&markdown).anchors.contains("page:changes"));
}

#[test]
fn deprecated_codes_carry_the_catalog_reason() {
    let source = rust::generate(&conventions()).unwrap();
    assert!(
        // Escaped as markdown: rustdoc renders the reason.
        source
            .contains(r#"#[deprecated = "Use \\`UNAUTHORIZED\\`\\; legacy auth ends in 2027\\."]"#),
        "{source}"
    );
    assert!(source.contains("#[deprecated]\n    OldFlag,"), "{source}");
}

/// `docs --out /dev/stdout` or a pipe: the page is written without reading
/// the old contents back, which would wait forever for a writer. On threads,
/// so that a hang fails the test instead of hanging the suite.
#[cfg(unix)]
#[test]
fn the_page_is_written_to_a_fifo_without_reading_it_first() {
    use std::sync::mpsc;
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("page.md");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let page = markdown::generate(&conventions());
    let (written, wrote) = mpsc::channel();
    let (read, got) = mpsc::channel();
    let (path, contents) = (fifo.clone(), page.clone());
    std::thread::spawn(move || {
        let _ = written.send(codegen::write_if_changed(&path, &contents).map_err(|e| e.kind()));
    });
    std::thread::spawn(move || {
        let _ = read.send(std::fs::read_to_string(&fifo).map_err(|e| e.kind()));
    });
    let bound = Duration::from_secs(120);
    let received = got
        .recv_timeout(bound)
        .expect("the page never came through the FIFO");
    assert_eq!(received, Ok(page));
    assert_eq!(wrote.recv_timeout(bound), Ok(Ok(true)));
}
