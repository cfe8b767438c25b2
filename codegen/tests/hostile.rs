//! Catalog text that means something to markdown or HTML is published as
//! text: the page, rendered to HTML by pulldown-cmark, carries no element
//! from the catalog, and its tables keep their columns.

mod support;

use codegen::{Catalog, Settings, markdown};
use pulldown_cmark::{Options, Parser, html};
use testkit::{markup, page};

/// The hostile catalog, with settings as hostile as its texts.
fn hostile() -> Catalog {
    let dir = support::root().join("tests/catalogs/hostile");
    let settings = Settings {
        api_name: "    std::process::exit(1); <b>API</b>".to_owned(),
        page_title: Some("- [x](javascript:alert(6))\n===".to_owned()),
        ..Settings::default()
    };
    codegen::load(&dir, support::root(), settings).unwrap().0
}

fn rendered(markdown: &str) -> String {
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(markdown, Options::ENABLE_TABLES));
    out
}

#[test]
fn the_catalog_has_the_hostile_texts_the_tests_rely_on() {
    let catalog = hostile();
    let all: String = catalog
        .codes()
        .map(|(_, code)| {
            format!(
                "{} {} {}",
                code.message,
                code.title,
                code.when.as_deref().unwrap_or("")
            )
        })
        .collect();
    for needle in [
        "|",
        "<script>",
        "<img",
        "`",
        "\\\\",
        "\"",
        "{",
        "*/",
        "\"#",
        "\n",
        "日本語",
        "🚀",
        "مرحبا",
        "\u{202E}",
    ] {
        assert!(all.contains(needle), "no {needle:?}");
    }
    assert!(catalog.codes().any(|(_, code)| code.message.len() > 10_000));
}

#[test]
fn no_element_from_the_catalog_reaches_the_html() {
    let html = rendered(&markdown::generate(&hostile()));
    for element in ["<script", "<img", "<b>", "</div>", "<https", "<v1>"] {
        assert!(!html.contains(element), "{element} reached the HTML");
    }
    assert!(html.contains("&lt;script&gt;alert('x')&lt;/script&gt;"));
    assert!(!html.contains("href=\"javascript:"));
    // The page's own elements are there.
    assert!(html.contains("<table>") && html.contains("<a id=\"pipe_and_script\"></a>"));
}

/// Every text field, in every place the page and the docs put it, in the
/// catalog's two surfaces: one of markup anywhere, one of markup at the
/// start of each field.
#[test]
fn every_text_reads_as_itself_on_the_page_and_in_the_docs() {
    let catalog = hostile();
    markup::check_page(&catalog, &markdown::generate(&catalog));
    markup::check_rust_docs(&catalog, &codegen::rust::generate(&catalog).unwrap());
}

#[test]
fn a_code_of_separators_only_is_its_own_title() {
    let catalog = hostile();
    let (_, code) = catalog.codes().find(|(_, c)| c.code == "_-.").unwrap();
    assert_eq!(code.title, "_-.");
}

#[test]
fn tables_keep_their_columns_and_cells_their_text() {
    let catalog = hostile();
    let parsed = page::parse(&markdown::generate(&catalog));
    assert_eq!(parsed.tables.len(), catalog.surfaces.len());
    let rows: Vec<_> = parsed
        .tables
        .iter()
        .flat_map(|table| {
            assert_eq!(table.head, ["Code", "Status", "Meaning", "When it occurs"]);
            &table.rows
        })
        .collect();
    let codes: Vec<_> = catalog.codes().map(|(_, code)| code).collect();
    assert_eq!(rows.len(), codes.len());
    for (row, code) in rows.into_iter().zip(codes) {
        assert_eq!(row.cells.len(), 4, "{}", code.code);
        let marker = if code.deprecated.is_some() {
            " (deprecated)"
        } else {
            ""
        };
        assert_eq!(row.cells[0], format!("{}{marker}", code.code));
        // Line breaks of any kind read as one; spaces at the edges stay.
        assert_eq!(
            row.cells[2],
            markup::as_shown(&code.message),
            "{}",
            code.code
        );
        assert_eq!(
            row.cells[3],
            markup::as_shown(code.when.as_deref().unwrap_or("")),
            "{}",
            code.code
        );
    }
    // Entries and their example bodies come through too.
    assert_eq!(parsed.entries.len(), catalog.codes().count());
    for (_, block) in &parsed.code_blocks {
        let body: serde_json::Value = serde_json::from_str(block).unwrap();
        assert!(body["code"].is_string());
    }
}

#[test]
fn generation_is_deterministic_for_hostile_text() {
    let (a, b) = (hostile(), hostile());
    assert_eq!(markdown::generate(&a), markdown::generate(&b));
    assert_eq!(
        codegen::rust::generate(&a).unwrap(),
        codegen::rust::generate(&b).unwrap()
    );
}
