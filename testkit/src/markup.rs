//! Catalog text, once published, is text: the page and every doc comment
//! of the generated Rust, parsed by pulldown-cmark with every extension on,
//! have only the structure the emitters write, and each catalog text comes
//! back exactly as the catalog has it.

use codegen::Catalog;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// A block of a markdown document with its text as a reader sees it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Block {
    pub kind: String,
    pub text: String,
}

/// What a markdown document is made of.
#[derive(Debug, Default)]
pub struct Outline {
    /// Headings, paragraphs, list items, table cells and fenced code.
    pub blocks: Vec<Block>,
    /// Every tag opened, by kind: `List`, `Table`, `Heading(H2)`...
    pub tags: Vec<String>,
    /// Inline and block HTML, in document order.
    pub html: Vec<String>,
    pub links: Vec<String>,
}

impl Outline {
    pub fn count(&self, tag: &str) -> usize {
        self.tags.iter().filter(|t| *t == tag).count()
    }

    fn has(&self, kind: &str, text: &str) -> bool {
        self.blocks.iter().any(|b| b.kind == kind && b.text == text)
    }
}

/// Catalog text as a renderer shows it: any line break is a line break.
pub fn as_shown(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Parses `markdown` with every pulldown-cmark extension on, so that text
/// that is markup to any of them shows.
pub fn outline(markdown: &str) -> Outline {
    let mut outline = Outline::default();
    let mut current: Option<Block> = None;
    for event in Parser::new_ext(markdown, Options::all()) {
        match event {
            Event::Start(tag) => {
                let kind = match &tag {
                    Tag::Heading { level, .. } => Some(format!("{level:?}")),
                    Tag::Paragraph => Some("Paragraph".to_owned()),
                    Tag::Item => Some("Item".to_owned()),
                    Tag::TableCell => Some("Cell".to_owned()),
                    Tag::CodeBlock(CodeBlockKind::Fenced(lang)) => Some(format!("Code {lang}")),
                    Tag::CodeBlock(CodeBlockKind::Indented) => Some("Indented code".to_owned()),
                    _ => None,
                };
                let name = match &tag {
                    Tag::Heading { level, .. } => format!("{level:?}"),
                    // `List(None)`, `Link { .. }`: the variant's name.
                    other => format!("{other:?}")
                        .split([' ', '(', '{'])
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                };
                outline.tags.push(name);
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &tag {
                    outline.links.push(dest_url.to_string());
                }
                // A list item's paragraph stays part of the item.
                if let Some(kind) = kind
                    && !(kind == "Paragraph" && current.is_some())
                {
                    outline.blocks.extend(current.take());
                    current = Some(Block {
                        kind,
                        text: String::new(),
                    });
                }
            }
            Event::End(
                TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock,
            ) => outline.blocks.extend(current.take()),
            Event::Text(text) | Event::Code(text) => push(&mut current, &text),
            Event::SoftBreak | Event::HardBreak => push(&mut current, "\n"),
            Event::InlineHtml(html) if html.as_ref() == "<br>" => push(&mut current, "\n"),
            Event::InlineHtml(html) | Event::Html(html) => outline.html.push(html.to_string()),
            Event::End(_) => {}
            other => outline.tags.push(format!("{other:?}")),
        }
    }
    outline
}

fn push(block: &mut Option<Block>, text: &str) {
    if let Some(block) = block {
        block.text.push_str(text);
    }
}

/// The tags the page is built of; anything else came from catalog text.
const PAGE_TAGS: &[&str] = &[
    "H1",
    "H2",
    "H3",
    "Paragraph",
    "List",
    "Item",
    "Strong",
    "Link",
    "Table",
    "TableHead",
    "TableRow",
    "TableCell",
    "CodeBlock",
    // The `@generated` comment at the top.
    "HtmlBlock",
];

/// The page of `catalog` has only the page's own structure, and every
/// catalog and settings text in it reads exactly as written.
pub fn check_page(catalog: &Catalog, page: &str) {
    let outline = outline(page);
    for tag in &outline.tags {
        assert!(PAGE_TAGS.contains(&tag.as_str()), "{tag} on the page");
    }
    for html in &outline.html {
        let ours = html == "</a>"
            || (html.starts_with("<a id=\"") && html.ends_with("\">"))
            || (html.starts_with("<!-- @generated") && html.ends_with("-->\n"));
        assert!(ours, "HTML {html:?} on the page");
    }
    for link in &outline.links {
        assert!(link.starts_with('#'), "a link to {link} on the page");
    }
    let codes: Vec<_> = catalog.codes().map(|(_, code)| code).collect();
    let changes = codes
        .iter()
        .any(|c| c.since.is_some() || c.deprecated.is_some());
    assert_eq!(outline.count("H1"), 1);
    assert_eq!(outline.count("H2"), catalog.surfaces.len() + 1);
    assert_eq!(outline.count("H3"), codes.len());
    assert_eq!(
        outline.count("List"),
        1 + codes.len() + usize::from(changes)
    );
    let fenced = outline.blocks.iter().filter(|b| b.kind.starts_with("Code"));
    assert!(fenced.clone().all(|b| b.kind == "Code json"));
    assert_eq!(fenced.count(), codes.len());

    let settings = &catalog.settings;
    let expect = |kind: &str, text: String| {
        assert!(outline.has(kind, &text), "no {kind} {text:?} on the page");
    };
    expect("H1", as_shown(&settings.page_title()));
    let intro = format!(
        "Every error response of the {} carries",
        as_shown(&settings.api_name)
    );
    assert!(
        outline
            .blocks
            .iter()
            .any(|b| b.kind == "Paragraph" && b.text.starts_with(&intro)),
        "no introduction naming {:?}",
        settings.api_name
    );
    for surface in &catalog.surfaces {
        let title = as_shown(&surface.title);
        let count = surface.codes.len();
        let noun = if count == 1 { "code" } else { "codes" };
        expect("Item", format!("{title}: {count} {noun}"));
        expect("H2", title);
        if !surface.description.is_empty() {
            expect("Paragraph", as_shown(&surface.description));
        }
    }
    for code in codes {
        expect("Paragraph", as_shown(&code.title));
        expect("Cell", as_shown(&code.message));
        expect("Item", format!("Message: {}", as_shown(&code.message)));
        if let Some(when) = &code.when {
            expect("Cell", as_shown(when));
            expect("Item", format!("When it occurs: {}", as_shown(when)));
        }
        if let Some(since) = &code.since {
            expect("Item", format!("Since: {}", as_shown(since)));
            assert!(
                outline
                    .blocks
                    .iter()
                    .any(|b| b.kind == "Item"
                        && b.text.starts_with(&format!("{}: ", as_shown(since)))),
                "no change for {since:?}"
            );
        }
        if let Some(reason) = code.deprecated.as_deref().filter(|r| !r.is_empty()) {
            let since = match &code.deprecated_since {
                Some(version) => format!(" (since {})", as_shown(version)),
                None => String::new(),
            };
            expect("Item", format!("Deprecated{since}: {}", as_shown(reason)));
        }
    }
}

/// Every doc comment and deprecation note of a generated file, as rustdoc
/// reads them: (the item they document, the markdown).
pub fn rust_docs(source: &str) -> Vec<(String, String)> {
    let file = syn::parse_file(source).unwrap();
    let mut docs = Vec::new();
    let mut add = |name: String, attrs: &[syn::Attribute]| {
        let mut lines = Vec::new();
        for attr in attrs {
            let syn::Meta::NameValue(meta) = &attr.meta else {
                continue;
            };
            let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) = &meta.value
            else {
                continue;
            };
            if meta.path.is_ident("doc") {
                lines.push(text.value());
            } else if meta.path.is_ident("deprecated") {
                docs.push((format!("{name} (deprecated)"), text.value()));
            }
        }
        if !lines.is_empty() {
            docs.push((name, unindent(&lines)));
        }
    };
    for item in &file.items {
        match item {
            syn::Item::Enum(item) => {
                add(item.ident.to_string(), &item.attrs);
                for variant in &item.variants {
                    add(format!("{}::{}", item.ident, variant.ident), &variant.attrs);
                }
            }
            syn::Item::Impl(item) => {
                for member in &item.items {
                    match member {
                        syn::ImplItem::Fn(f) => add(f.sig.ident.to_string(), &f.attrs),
                        syn::ImplItem::Const(c) => add(c.ident.to_string(), &c.attrs),
                        _ => {}
                    }
                }
            }
            syn::Item::Const(item) => add(item.ident.to_string(), &item.attrs),
            syn::Item::Static(item) => add(item.ident.to_string(), &item.attrs),
            _ => {}
        }
    }
    docs
}

/// Doc lines joined, less the indentation they all share, as rustdoc does.
fn unindent(lines: &[String]) -> String {
    let indent = lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|line| line.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every doc comment of the Rust generated for `catalog` is paragraphs of
/// text (plus `<br>`), and catalog text reads in it exactly as written.
pub fn check_rust_docs(catalog: &Catalog, source: &str) {
    let docs = rust_docs(source);
    let mut paragraphs = std::collections::BTreeMap::new();
    for (item, doc) in &docs {
        let outline = outline(doc);
        for tag in &outline.tags {
            assert_eq!(tag, "Paragraph", "{tag} in the docs of {item}:\n{doc}");
        }
        assert!(
            outline.html.is_empty(),
            "HTML in the docs of {item}:\n{doc}"
        );
        assert!(outline.links.is_empty(), "a link in the docs of {item}");
        let texts: Vec<String> = outline.blocks.into_iter().map(|b| b.text).collect();
        paragraphs.insert(item.clone(), texts);
    }
    let doc = |item: &str| {
        paragraphs
            .get(item)
            .unwrap_or_else(|| panic!("no docs for {item}"))
    };
    let api = as_shown(&catalog.settings.api_name);
    assert_eq!(
        doc("ErrorCode")[0],
        format!("An error code of the {api}: every code of the catalog, surface by surface.")
    );
    for (surface, code) in catalog.codes() {
        let item = format!("ErrorCode::{}", code.variant);
        let doc = doc(&item);
        assert_eq!(doc[1], as_shown(&code.message), "{item}");
        let surface_line = format!("Surface: {}. ", as_shown(&surface.title));
        assert!(
            doc.iter().any(|p| p.starts_with(&surface_line)),
            "{item}: {doc:?}"
        );
        if let Some(when) = &code.when {
            let line = format!("When it occurs: {}", as_shown(when));
            assert!(doc.contains(&line), "{item}: {doc:?}");
        }
        if let Some(since) = &code.since {
            let line = format!("Since {}.", as_shown(since));
            assert!(doc.contains(&line), "{item}: {doc:?}");
        }
        if let Some(reason) = code.deprecated.as_deref().filter(|r| !r.is_empty()) {
            assert_eq!(
                paragraphs[&format!("{item} (deprecated)")],
                [as_shown(reason)]
            );
        }
    }
    for surface in &catalog.surfaces {
        let mut expected = vec![as_shown(&surface.title)];
        if !surface.description.is_empty() {
            expected.push(as_shown(&surface.description));
        }
        assert_eq!(doc(&format!("Surface::{}", surface.variant)), &expected);
    }
}
