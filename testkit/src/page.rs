//! The reference page as a CommonMark parser sees it.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::BTreeSet;

#[derive(Debug, Default)]
pub struct Page {
    pub tables: Vec<Table>,
    /// Every `id="..."` of the page's HTML.
    pub anchors: BTreeSet<String>,
    /// Every link target, in page order.
    pub links: Vec<String>,
    /// Every raw HTML fragment, in page order.
    pub html: Vec<String>,
    /// Sections under a level-3 heading: (anchor of the heading, plain text
    /// of the section, heading included).
    pub entries: Vec<(String, String)>,
    /// Fenced code blocks: (anchor of the entry they are in, contents).
    pub code_blocks: Vec<(String, String)>,
}

#[derive(Debug, Default)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Default)]
pub struct Row {
    /// Each cell's text as a reader sees it; `<br>` reads as a newline.
    pub cells: Vec<String>,
    /// Where the row's first link goes.
    pub link: Option<String>,
}

pub fn parse(markdown: &str) -> Page {
    let mut page = Page::default();
    let mut in_head = false;
    let mut cell: Option<String> = None;
    let mut entry: Option<(String, String)> = None;
    let mut code_block: Option<String> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match &event {
            Event::Start(Tag::Table(_)) => page.tables.push(Table::default()),
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => table(&mut page).rows.push(Row::default()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let text = cell.take().unwrap_or_default();
                if in_head {
                    table(&mut page).head.push(text);
                } else if let Some(row) = table(&mut page).rows.last_mut() {
                    row.cells.push(text);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                page.links.push(dest_url.to_string());
                if cell.is_some()
                    && let Some(row) = table(&mut page).rows.last_mut()
                {
                    row.link.get_or_insert_with(|| dest_url.to_string());
                }
            }
            Event::Start(Tag::Heading { level, .. }) if *level <= HeadingLevel::H3 => {
                page.entries.extend(entry.take());
                if *level == HeadingLevel::H3 {
                    entry = Some((String::new(), String::new()));
                }
            }
            Event::Start(Tag::CodeBlock(_)) => code_block = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => {
                let anchor = entry
                    .as_ref()
                    .map(|(anchor, _)| anchor.clone())
                    .unwrap_or_default();
                page.code_blocks
                    .push((anchor, code_block.take().unwrap_or_default()));
            }
            Event::Text(text) if code_block.is_some() => {
                if let Some(block) = &mut code_block {
                    block.push_str(text);
                }
                continue;
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                page.html.push(html.to_string());
                if let Some(id) = html
                    .strip_prefix("<a id=\"")
                    .and_then(|rest| rest.split('"').next())
                {
                    page.anchors.insert(id.to_owned());
                    if let Some((anchor, _)) = &mut entry
                        && anchor.is_empty()
                    {
                        *anchor = id.to_owned();
                    }
                }
            }
            _ => {}
        }
        let text = match &event {
            Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
            Event::InlineHtml(html) if html.as_ref() == "<br>" => Some("\n"),
            Event::SoftBreak | Event::HardBreak => Some(" "),
            Event::End(TagEnd::Item | TagEnd::Paragraph | TagEnd::Heading(_)) => Some("\n"),
            _ => None,
        };
        if let Some(text) = text {
            if let Some(cell) = &mut cell {
                cell.push_str(text);
            }
            if let Some((_, section)) = &mut entry {
                section.push_str(text);
            }
        }
    }
    page.entries.extend(entry);
    page
}

fn table(page: &mut Page) -> &mut Table {
    if page.tables.is_empty() {
        page.tables.push(Table::default());
    }
    page.tables.last_mut().unwrap()
}
