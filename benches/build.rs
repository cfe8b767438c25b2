//! Generates, for catalogs of 50, 1,000 and 10,000 codes, the `errors`
//! crate's code (by the same codegen) and each lookup a user might pick
//! instead: a strum derive, a phf map, a sorted slice, a plain `match`.

use std::fmt::Write;
use std::path::{Path, PathBuf};

pub const SIZES: [usize; 3] = [50, 1_000, 10_000];

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=../codegen/src");
    println!("cargo::rerun-if-changed=../runtime/src");
    for size in SIZES {
        let dir = out.join(format!("catalog_{size}"));
        codegen::synthetic::write_catalog(size, &dir).expect("synthetic catalog");
        let (catalog, _) =
            codegen::load(&dir, &dir, codegen::Settings::default()).expect("a valid catalog");
        let ours = codegen::rust::generate(&catalog).expect("generated code");
        write(&out.join(format!("ours_{size}.rs")), &ours);
        let codes: Vec<String> = catalog.codes().map(|(_, code)| code.code.clone()).collect();
        write(
            &out.join(format!("peers_{size}.rs")),
            &peers(&catalog, &codes),
        );
    }
}

fn write(path: &Path, text: &str) {
    codegen::write_if_changed(path, text).expect("write");
}

fn peers(catalog: &codegen::Catalog, codes: &[String]) -> String {
    let n = codes.len();
    let mut out = String::new();
    let list = |f: &dyn Fn(usize, &str) -> String| {
        codes
            .iter()
            .enumerate()
            .map(|(i, c)| f(i, c))
            .collect::<Vec<_>>()
            .join("\n")
    };

    writeln!(
        out,
        "/// Every code, in catalog order.\npub static CODES: [&str; {n}] = [\n{}\n];",
        list(&|_, c| format!("    {c:?},"))
    )
    .unwrap();

    // The floor for accessors: plain static arrays indexed by position.
    let statuses: Vec<String> = catalog.codes().map(|(_, c)| c.status.to_string()).collect();
    let messages: Vec<String> = catalog
        .codes()
        .map(|(_, c)| format!("{:?}", c.message))
        .collect();
    writeln!(
        out,
        "pub static STATUS_FLOOR: [u16; {n}] = [{}];",
        statuses.join(", ")
    )
    .unwrap();
    writeln!(
        out,
        "pub static MESSAGE_FLOOR: [&str; {n}] = [{}];",
        messages.join(", ")
    )
    .unwrap();

    // strum: `#[derive(EnumString)]` with the wire strings.
    writeln!(
        out,
        "#[derive(Clone, Copy, Debug, PartialEq, Eq, ::strum::EnumString)]\npub enum StrumCode {{\n{}\n}}",
        list(&|i, c| format!("    #[strum(serialize = {c:?})]\n    V{i},"))
    )
    .unwrap();

    // A plain `match` over the strings.
    writeln!(
        out,
        "pub fn by_match(code: &str) -> ::core::option::Option<u16> {{\n    match code {{\n{}\n        _ => None,\n    }}\n}}",
        list(&|i, c| format!("        {c:?} => Some({i}),"))
    )
    .unwrap();

    // A sorted slice for binary search.
    let mut sorted: Vec<(usize, &String)> = codes.iter().enumerate().collect();
    sorted.sort_by(|a, b| a.1.cmp(b.1));
    let entries: Vec<String> = sorted
        .iter()
        .map(|(i, c)| format!("({c:?}, {i})"))
        .collect();
    writeln!(
        out,
        "pub static SORTED: [(&str, u16); {n}] = [{}];",
        entries.join(", ")
    )
    .unwrap();

    // A phf map, built by phf_codegen.
    let mut map = phf_codegen::Map::new();
    for (i, code) in codes.iter().enumerate() {
        map.entry(code.as_str(), i.to_string());
    }
    writeln!(
        out,
        "pub static PHF: ::phf::Map<&'static str, u16> = {};",
        map.build()
    )
    .unwrap();
    out
}
