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
    pub title: Option<String>,
    pub when: Option<String>,
    pub since: Option<String>,
    pub deprecated: Option<String>,
    pub deprecated_since: Option<String>,
    /// The Rust name, when drawn from `CLASHING_VARIANTS`; else `V<n>`.
    pub variant: Option<String>,
}

/// A generated surface: its texts and codes.
#[derive(Clone, Debug)]
pub struct ArbitrarySurface {
    pub title: String,
    pub description: Option<String>,
    pub codes: Vec<ArbitraryCode>,
}

/// Surfaces of codes; wire codes are unique across the whole catalog. The
/// settings' texts reach the page and the docs too.
#[derive(Clone, Debug)]
pub struct ArbitraryCatalog {
    pub surfaces: Vec<ArbitrarySurface>,
    pub api_name: String,
    pub page_title: Option<String>,
}

/// What starts a block of markdown, or is trimmed, at the start of a line:
/// indentation that makes a code block (a doc test in rustdoc), list
/// markers, rules, headings, quotes, fences, HTML, tables, link
/// definitions, front matter.
const LINE_STARTS: &[&str] = &[
    "    ", "\t", " ", "  ", "- ", "* ", "+ ", "1. ", "1) ", "---", "***", "___", "# ", "> ",
    "```", "~~~", "<div>", "<!--", "| a |", "[x]: /u ", "===", ": ", "- [ ] ", "\u{a0}",
];

/// Text of every kind a message may hold: markup, quotes, escapes, other
/// scripts, line breaks, and markup or whitespace at its start, its end or
/// after a line break. Never blank.
fn text() -> impl Strategy<Value = String> {
    let body = prop_oneof![
        "\\PC{1,40}",
        "[a-zA-Z <>|`*_\\[\\](){}#!&;:./\"'\\\\\n\r\t-]{1,40}",
        Just("<script>alert(1)</script> | `x` */ \"# {} https://example.com".to_owned()),
    ];
    let line_start = proptest::sample::select(LINE_STARTS);
    (line_start.clone(), body, line_start, any::<bool>())
        .prop_map(|(start, body, inner, at_end)| {
            if at_end {
                format!("{start}{body}\n{inner}x{start}")
            } else {
                format!("{start}{body}")
            }
        })
        .prop_filter("not blank", |text| !codegen::is_blank(text))
}

/// A status, a message, and the optional title, when, since, deprecated
/// and deprecated_since.
fn code() -> impl Strategy<Value = (u16, String, [Option<String>; 5])> {
    let optional = || proptest::option::of(text());
    (
        400u16..=599,
        text(),
        [optional(), optional(), optional(), optional(), optional()],
    )
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
    let surface_texts = proptest::collection::vec((text(), proptest::option::of(text())), 4);
    let settings = (text(), proptest::option::of(text()));
    let codes = wire_codes().prop_flat_map(|codes: BTreeSet<String>| {
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
    });
    (codes, surface_texts, settings).prop_map(
        |((codes, details, surfaces_of, variants), texts, (api_name, page_title))| {
            let mut surfaces: Vec<ArbitrarySurface> = texts
                .into_iter()
                .map(|(title, description)| ArbitrarySurface {
                    title,
                    description,
                    codes: Vec::new(),
                })
                .collect();
            let mut variants = variants.into_iter();
            for ((code, (status, message, optional)), surface) in
                codes.into_iter().zip(details).zip(surfaces_of)
            {
                let [title, when, since, deprecated, deprecated_since] = optional;
                surfaces[surface].codes.push(ArbitraryCode {
                    code,
                    status,
                    message,
                    title,
                    when,
                    since,
                    deprecated,
                    deprecated_since,
                    variant: variants.next().map(str::to_owned),
                });
            }
            ArbitraryCatalog {
                surfaces,
                api_name,
                page_title,
            }
        },
    )
}

impl ArbitraryCatalog {
    /// Every code, in the order the loaded catalog lists them.
    pub fn codes(&self) -> impl Iterator<Item = &ArbitraryCode> {
        self.surfaces.iter().flat_map(|surface| &surface.codes)
    }

    /// The settings with the generated API name and page title.
    pub fn settings(&self) -> codegen::Settings {
        codegen::Settings {
            api_name: self.api_name.clone(),
            page_title: self.page_title.clone(),
            ..codegen::Settings::default()
        }
    }

    /// Writes `s0.toml` to `s3.toml`; every code gets an explicit variant
    /// (its own, else `V<n>`), since a random code's derived name may clash
    /// or be invalid.
    pub fn write(&self, dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        let mut variant = 0;
        for (index, surface) in self.surfaces.iter().enumerate() {
            let mut file = format!(
                "[surface]\ntitle = {}\norder = {index}\n",
                basic_string(&surface.title)
            );
            if let Some(description) = &surface.description {
                let _ = writeln!(file, "description = {}", basic_string(description));
            }
            for code in &surface.codes {
                variant += 1;
                let name = code.variant.clone().unwrap_or(format!("V{variant}"));
                let _ = write!(
                    file,
                    "\n[codes.{}]\nstatus = {}\nmessage = {}\nvariant = \"{name}\"\n",
                    basic_string(&code.code),
                    code.status,
                    basic_string(&code.message)
                );
                for (key, value) in [
                    ("title", &code.title),
                    ("when", &code.when),
                    ("since", &code.since),
                    ("deprecated", &code.deprecated),
                    ("deprecated_since", &code.deprecated_since),
                ] {
                    if let Some(value) = value {
                        let _ = writeln!(file, "{key} = {}", basic_string(value));
                    }
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
