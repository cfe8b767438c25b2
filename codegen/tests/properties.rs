//! Properties over random valid catalogs: they load, their Rust parses,
//! their page's tables give back their codes, statuses and messages, and
//! every text, whatever markup or whitespace it starts or ends with, reads
//! as itself on the page and in the docs.

mod support;

use codegen::{markdown, rust};
use proptest::prelude::*;
use testkit::arbitrary::{self, ArbitraryCatalog};
use testkit::{markup, page};

fn load(generated: &ArbitraryCatalog) -> (tempfile::TempDir, codegen::Catalog) {
    let dir = tempfile::tempdir().unwrap();
    generated.write(dir.path());
    let catalog = match codegen::load(dir.path(), dir.path(), generated.settings()) {
        Ok((catalog, _)) => catalog,
        Err(report) => panic!("a valid catalog was rejected:\n{}", report.render()),
    };
    (dir, catalog)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn random_valid_catalogs_load_as_written(generated in arbitrary::catalog()) {
        let (_dir, catalog) = load(&generated);
        let loaded: Vec<_> = catalog.codes().map(|(_, code)| code).collect();
        let written: Vec<_> = generated.codes().collect();
        prop_assert_eq!(loaded.len(), written.len());
        for (loaded, written) in loaded.iter().zip(written) {
            prop_assert_eq!(&loaded.code, &written.code);
            prop_assert_eq!(loaded.status, written.status);
            prop_assert_eq!(&loaded.message, &written.message);
            prop_assert_eq!(&loaded.when, &written.when);
            if let Some(title) = &written.title {
                prop_assert_eq!(&loaded.title, title);
            }
            prop_assert_eq!(&loaded.since, &written.since);
            prop_assert_eq!(&loaded.deprecated, &written.deprecated);
            prop_assert_eq!(&loaded.deprecated_since, &written.deprecated_since);
        }
        for (loaded, written) in catalog.surfaces.iter().zip(&generated.surfaces) {
            prop_assert_eq!(&loaded.title, &written.title);
            prop_assert_eq!(&loaded.description, written.description.as_deref().unwrap_or(""));
        }
    }

    #[test]
    fn every_text_reads_as_itself_on_the_page_and_in_the_docs(generated in arbitrary::catalog()) {
        let (_dir, catalog) = load(&generated);
        markup::check_page(&catalog, &markdown::generate(&catalog));
        markup::check_rust_docs(&catalog, &rust::generate(&catalog).unwrap());
    }

    #[test]
    fn generated_rust_always_parses(generated in arbitrary::catalog()) {
        let (_dir, catalog) = load(&generated);
        let source = rust::generate(&catalog).unwrap();
        prop_assert!(syn::parse_file(&source).is_ok());
        prop_assert_eq!(&source, &rust::generate(&catalog).unwrap());
    }

    #[test]
    fn page_tables_parse_back_to_the_catalog(generated in arbitrary::catalog()) {
        let (_dir, catalog) = load(&generated);
        let parsed = page::parse(&markdown::generate(&catalog));
        let rows: Vec<_> = parsed.tables.iter().flat_map(|t| t.rows.iter().map(move |r| (t.head.len(), r))).collect();
        let codes: Vec<_> = catalog.codes().map(|(_, code)| code).collect();
        prop_assert_eq!(rows.len(), codes.len());
        for ((columns, row), code) in rows.into_iter().zip(codes) {
            prop_assert_eq!(row.cells.len(), columns);
            let marker = if code.deprecated.is_some() { " (deprecated)" } else { "" };
            prop_assert_eq!(&row.cells[0], &format!("{}{marker}", code.code));
            prop_assert_eq!(&row.cells[1], &code.status.to_string());
            prop_assert_eq!(&row.cells[2], &markup::as_shown(&code.message));
        }
        for link in &parsed.links {
            prop_assert!(parsed.anchors.contains(link.trim_start_matches('#')), "{}", link);
        }
    }
}
