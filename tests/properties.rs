//! Properties over random valid catalogs: they load, their Rust parses,
//! their page's tables give back their codes, statuses and messages.

mod support;

use codegen::{Settings, markdown, rust};
use proptest::prelude::*;
use support::arbitrary::{self, ArbitraryCatalog};
use support::page;

fn load(generated: &ArbitraryCatalog) -> (tempfile::TempDir, codegen::Catalog) {
    let dir = tempfile::tempdir().unwrap();
    generated.write(dir.path());
    let catalog = match codegen::load(dir.path(), dir.path(), Settings::default()) {
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
        }
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
        let as_shown = |text: &str| text.replace("\r\n", "\n").replace('\r', "\n").trim().to_owned();
        for ((columns, row), code) in rows.into_iter().zip(codes) {
            prop_assert_eq!(row.cells.len(), columns);
            prop_assert_eq!(&row.cells[0], &code.code);
            prop_assert_eq!(&row.cells[1], &code.status.to_string());
            prop_assert_eq!(as_shown(&row.cells[2]), as_shown(&code.message));
        }
        for link in &parsed.links {
            prop_assert!(parsed.anchors.contains(link.trim_start_matches('#')), "{}", link);
        }
    }
}
