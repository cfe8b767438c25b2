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

pub fn catalog() -> impl Strategy<Value = ArbitraryCatalog> {
    let wire_codes = proptest::collection::btree_set("[a-zA-Z][a-zA-Z0-9_.-]{0,24}", 1..60);
    let surface_texts = proptest::collection::vec((text(), proptest::option::of(text())), 4);
    let settings = (text(), proptest::option::of(text()));
    let codes = wire_codes.prop_flat_map(|codes: BTreeSet<String>| {
        let count = codes.len();
        (
            Just(codes.into_iter().collect::<Vec<_>>()),
            proptest::collection::vec(code(), count),
            proptest::collection::vec(0usize..4, count),
        )
    });
    (codes, surface_texts, settings).prop_map(
        |((codes, details, surfaces_of), texts, (api_name, page_title))| {
            let mut surfaces: Vec<ArbitrarySurface> = texts
                .into_iter()
                .map(|(title, description)| ArbitrarySurface {
                    title,
                    description,
                    codes: Vec::new(),
                })
                .collect();
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
    /// (`V<n>`), since a random code's derived name may clash or be invalid.
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
                let _ = write!(
                    file,
                    "\n[codes.{}]\nstatus = {}\nmessage = {}\nvariant = \"V{variant}\"\n",
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
