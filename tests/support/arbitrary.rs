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
    /// The Rust name, when drawn from `CLASHING_VARIANTS`; else `V<n>`.
    pub variant: Option<String>,
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

/// Wire codes named like Rust items the generated code or the runtime
/// uses, or the prelude has.
pub const CLASHING_CODES: &[&str] = &[
    "err",
    "ok",
    "some",
    "none",
    "option",
    "result",
    "all",
    "ALL",
    "as_str",
    "from_code",
    "from_str",
    "status",
    "surface",
    "error_code",
    "unknown_code",
    "api_error",
    "lookup",
    "CODE_STRS",
    "Self_type",
    "crate",
    "super",
    "type",
    "fn",
    "default",
    "clone",
    "hash",
];

/// Rust variants named like those items.
pub const CLASHING_VARIANTS: &[&str] = &[
    "Err",
    "Ok",
    "Some",
    "None",
    "Option",
    "Result",
    "Box",
    "Vec",
    "String",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Display",
    "From",
    "Into",
    "FromStr",
    "Hash",
    "Eq",
    "Ord",
    "Sized",
    "Send",
    "Sync",
    "Iterator",
    "Fn",
    "Drop",
    "Error",
    "Value",
    "ErrorCode",
    "Surface",
    "UnknownCode",
    "ApiError",
    "ResponseError",
    "ErrorClass",
    "Format",
    "FieldError",
    "Table",
    "Lookup",
    "CodeStrs",
    "All",
    "AsStr",
    "Status",
    "FromCode",
    "Crate",
    "Super",
    "Type",
];

/// Wire codes: random ones, ones named like Rust items, and sets that
/// share a long head and tail, which the lookup's cheaper hash cannot
/// tell apart.
fn wire_codes() -> impl Strategy<Value = BTreeSet<String>> {
    prop_oneof![
        proptest::collection::btree_set("[a-zA-Z][a-zA-Z0-9_.-]{0,24}", 1..60),
        (
            proptest::collection::btree_set("[a-z][a-z0-9_]{0,12}", 0..20),
            proptest::sample::subsequence(CLASHING_CODES, 1..CLASHING_CODES.len()),
        )
            .prop_map(|(random, clashing)| {
                random
                    .into_iter()
                    .chain(clashing.into_iter().map(str::to_owned))
                    .collect()
            }),
        (
            "[a-z]{8,10}",
            proptest::collection::btree_set("[a-z0-9_]{1,3}", 1..60),
            "[a-z_]{8,10}",
        )
            .prop_map(|(head, middles, tail)| {
                middles.iter().map(|m| format!("{head}{m}{tail}")).collect()
            }),
    ]
}

pub fn catalog() -> impl Strategy<Value = ArbitraryCatalog> {
    wire_codes()
        .prop_flat_map(|codes: BTreeSet<String>| {
            let count = codes.len();
            (
                Just(codes.into_iter().collect::<Vec<_>>()),
                proptest::collection::vec(code(), count),
                proptest::collection::vec(0usize..4, count),
                proptest::sample::subsequence(
                    CLASHING_VARIANTS,
                    0..=count.min(CLASHING_VARIANTS.len()),
                ),
            )
        })
        .prop_map(|(codes, details, surfaces_of, variants)| {
            let mut surfaces = vec![Vec::new(); 4];
            let mut variants = variants.into_iter();
            for ((code, (status, message, when)), surface) in
                codes.into_iter().zip(details).zip(surfaces_of)
            {
                surfaces[surface].push(ArbitraryCode {
                    code,
                    status,
                    message,
                    when,
                    variant: variants.next().map(str::to_owned),
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
    /// (its own, else `V<n>`), since a random code's derived name may clash
    /// or be invalid.
    pub fn write(&self, dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        let mut variant = 0;
        for (index, codes) in self.surfaces.iter().enumerate() {
            let mut file = format!("[surface]\ntitle = \"Surface {index}\"\norder = {index}\n");
            for code in codes {
                variant += 1;
                let name = code.variant.clone().unwrap_or(format!("V{variant}"));
                let _ = write!(
                    file,
                    "\n[codes.{}]\nstatus = {}\nmessage = {}\nvariant = \"{name}\"\n",
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
