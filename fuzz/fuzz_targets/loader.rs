//! Any bytes as a catalog file: loading never panics, and a catalog that
//! loads always emits Rust that parses and a page.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let files = vec![codegen::SourceFile {
        name: "general.toml".to_owned(),
        bytes: bytes.to_vec(),
    }];
    match codegen::load_sources(files, codegen::Settings::default()) {
        Ok((catalog, _)) => {
            let source = codegen::rust::generate(&catalog).expect("a valid catalog generates Rust");
            assert!(source.contains("pub enum ErrorCode"));
            let _ = codegen::markdown::generate(&catalog);
        }
        Err(report) => {
            assert!(report.has_errors());
            let _ = report.render();
        }
    }
});
