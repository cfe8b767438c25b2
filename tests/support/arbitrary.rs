//! Random valid catalogs, written as TOML files, for property tests.

use proptest::prelude::*;
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

/// A generated code, as the catalog file says it.
#[derive(Clone, Debug)]
pub struct ArbitraryCode {
    pub code: String,
    pub status: u16,
    pub message: String,
    pub when: Option<String>,
}

/// Surfaces of codes; wire codes are unique across the whole catalog.
#[derive(Clone, Debug)]
pub struct ArbitraryCatalog {
    pub surfaces: Vec<Vec<ArbitraryCode>>,
}

/// Text of every kind a message may hold: markup, quotes, escapes, other
/// scripts, line breaks. Never blank.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{1,40}",
        "[a-zA-Z <>|`*_\\[\\](){}#!&;\"'\\\\/\n\r\t-]{1,40}",
        Just("<script>alert(1)</script> | `x` */ \"# {}".to_owned()),
    ]
    .prop_filter("not blank", |text| !text.trim().is_empty())
}

fn code() -> impl Strategy<Value = (u16, String, Option<String>)> {
    (400u16..=599, text(), proptest::option::of(text()))
}

pub fn catalog() -> impl Strategy<Value = ArbitraryCatalog> {
    let wire_codes = proptest::collection::btree_set("[a-zA-Z][a-zA-Z0-9_.-]{0,24}", 1..60);
    wire_codes
        .prop_flat_map(|codes: BTreeSet<String>| {
            let count = codes.len();
            (
                Just(codes.into_iter().collect::<Vec<_>>()),
                proptest::collection::vec(code(), count),
                proptest::collection::vec(0usize..4, count),
            )
        })
        .prop_map(|(codes, details, surfaces_of)| {
            let mut surfaces = vec![Vec::new(); 4];
            for ((code, (status, message, when)), surface) in
                codes.into_iter().zip(details).zip(surfaces_of)
            {
                surfaces[surface].push(ArbitraryCode {
                    code,
                    status,
                    message,
                    when,
                });
            }
            ArbitraryCatalog { surfaces }
        })
}

impl ArbitraryCatalog {
    /// Every code, in the order the loaded catalog lists them.
    pub fn codes(&self) -> impl Iterator<Item = &ArbitraryCode> {
        self.surfaces.iter().flatten()
    }

    /// Writes `s0.toml` to `s3.toml`; every code gets an explicit variant
    /// (`V<n>`), since a random code's derived name may clash or be invalid.
    pub fn write(&self, dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        let mut variant = 0;
        for (index, codes) in self.surfaces.iter().enumerate() {
            let mut file = format!("[surface]\ntitle = \"Surface {index}\"\norder = {index}\n");
            for code in codes {
                variant += 1;
                let _ = write!(
                    file,
                    "\n[codes.{}]\nstatus = {}\nmessage = {}\nvariant = \"V{variant}\"\n",
                    basic_string(&code.code),
                    code.status,
                    basic_string(&code.message)
                );
                if let Some(when) = &code.when {
                    let _ = writeln!(file, "when = {}", basic_string(when));
                }
            }
            std::fs::write(dir.join(format!("s{index}.toml")), file).unwrap();
        }
    }
}

/// A TOML basic string holding exactly `text`.
pub fn basic_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
