//! The text of an HTML page, from a real parser, in time linear in the page.
//!
//! html5ever checks the stack of open elements at every tag, so a page nested `n` deep
//! costs `n²` (10,000 nested `<div>` took 0.5 s, 30,000 took 2.7 s, a million did not
//! finish in 300 s), and a recursive walk of the tree overflowed the stack from 50,000
//! levels. Before parsing, [`cap_nesting`] removes the tags that would open elements
//! deeper than [`MAX_NESTING`] (with their end tags), keeping all the text; the tree is
//! then walked iteratively.

use super::Document;
use osintkg_graph::DocumentMeta;
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashMap;

/// Deepest element nesting kept. Real pages nest a few dozen elements deep; what is
/// deeper is flattened, its text kept.
pub const MAX_NESTING: usize = 256;

/// Elements that never have content, so never nest.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT_ELEMENTS: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Elements whose end tag is optional: a second one opening closes the first.
const SELF_CLOSING_SIBLINGS: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "rb", "rt", "rp",
];

/// How far down the stack a sibling of [`SELF_CLOSING_SIBLINGS`] is looked for: enough
/// for a list in a paragraph in a cell, and a bound on the work per tag.
const SIBLING_SEARCH: usize = 16;

/// Removes the start and end tags of elements that would nest deeper than `max` (as
/// far as a scan of the tags can tell), so that parsing stays linear. Returns the page
/// and the number of tags removed.
pub fn cap_nesting(html: &str, max: usize) -> (String, usize) {
    let bytes = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    // Start tags removed, by name, so that as many end tags of that name go too.
    let mut removed_open: HashMap<String, usize> = HashMap::new();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        let start = i + offset;
        let rest = &html[start..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment
                .find("-->")
                .map_or(bytes.len(), |end| start + 4 + end + 3);
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_end = name_start
            + bytes[name_start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
                .count();
        if name_end == name_start || !bytes[name_start].is_ascii_alphabetic() {
            // `<!DOCTYPE`, `<?xml`, a lone `<`: not an element.
            i = start + 1;
            continue;
        }
        let end = tag_end(bytes, name_end);
        let name = html[name_start..name_end].to_ascii_lowercase();
        i = end;
        if closing {
            match removed_open.get_mut(&name) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    cuts.push((start, end));
                }
                _ => {
                    if let Some(at) = open.iter().rposition(|n| *n == name) {
                        open.truncate(at);
                    }
                }
            }
            continue;
        }
        if RAW_TEXT_ELEMENTS.contains(&name.as_str()) {
            // Its content is not markup: skip to its end tag.
            let close = format!("</{name}");
            i = find_ascii_case_insensitive(&html[end..], &close).map_or(bytes.len(), |n| end + n);
            continue;
        }
        if VOID_ELEMENTS.contains(&name.as_str()) || bytes[..end].ends_with(b"/>") {
            continue;
        }
        if SELF_CLOSING_SIBLINGS.contains(&name.as_str()) {
            let floor = open.len().saturating_sub(SIBLING_SEARCH);
            if let Some(at) = open[floor..].iter().rposition(|n| *n == name) {
                open.truncate(floor + at);
            }
        }
        if open.len() >= max {
            *removed_open.entry(name).or_default() += 1;
            cuts.push((start, end));
        } else {
            open.push(name);
        }
    }
    if cuts.is_empty() {
        return (html.to_owned(), 0);
    }
    let mut kept = String::with_capacity(html.len());
    let mut from = 0;
    for (start, end) in &cuts {
        kept.push_str(&html[from..*start]);
        from = *end;
    }
    kept.push_str(&html[from..]);
    (kept, cuts.len())
}

/// The position after the `>` that ends the tag whose name ends at `from`, skipping
/// quoted attribute values; the end of the text when there is none.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (offset, &byte) in bytes[from..].iter().enumerate() {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return from + offset + 1,
            _ => {}
        }
    }
    bytes.len()
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

/// Text of an HTML page from a real parser: scripts, styles, navigation and page chrome
/// dropped, block elements on their own lines. Spans point into this text. Nesting
/// deeper than [`MAX_NESTING`] is flattened first; the count of tags removed is
/// returned so that the caller can say so.
pub fn read_html(html: &str, stem: &str) -> (Document, usize) {
    let (html, flattened) = cap_nesting(html, MAX_NESTING);
    let page = Html::parse_document(&html);
    let meta_content = |selector: &str| {
        Selector::parse(selector).ok().and_then(|s| {
            page.select(&s)
                .next()
                .and_then(|e| e.value().attr("content").map(str::to_owned))
        })
    };
    let title = Selector::parse("title")
        .ok()
        .and_then(|s| {
            page.select(&s)
                .next()
                .map(|e| e.text().collect::<String>().trim().to_owned())
        })
        .filter(|t| !t.is_empty())
        .or_else(|| meta_content("meta[property='og:title']"));
    let date = meta_content("meta[property='article:published_time']")
        .or_else(|| json_ld_date(&page))
        .or_else(|| meta_content("meta[name='date']"))
        .or_else(|| meta_content("meta[name='pubdate']"))
        .or_else(|| meta_content("meta[itemprop='datePublished']"))
        .or_else(|| {
            Selector::parse("time[datetime]").ok().and_then(|s| {
                page.select(&s)
                    .next()
                    .and_then(|e| e.value().attr("datetime").map(str::to_owned))
            })
        })
        .map(|d| d.chars().take(10).collect());
    let url = Selector::parse("link[rel='canonical']")
        .ok()
        .and_then(|s| {
            page.select(&s)
                .next()
                .and_then(|e| e.value().attr("href").map(str::to_owned))
        })
        .or_else(|| meta_content("meta[property='og:url']"));
    let mut text = String::new();
    let body = Selector::parse("body")
        .ok()
        .and_then(|s| page.select(&s).next());
    match body {
        Some(body) => collect_text(body, &mut text),
        None => collect_text(page.root_element(), &mut text),
    }
    let text: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let text = text.join("\n");
    let meta = DocumentMeta {
        title,
        date,
        url,
        ..DocumentMeta::default()
    };
    (Document::new(stem, text, meta), flattened)
}

const SKIPPED_ELEMENTS: &[&str] = &[
    "script", "style", "nav", "noscript", "template", "svg", "form", "button", "iframe", "aside",
    "footer", "header", "menu",
];
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "article",
    "section",
    "tr",
    "blockquote",
    "pre",
    "figcaption",
    "dd",
    "dt",
    "td",
    "th",
    "main",
    "ul",
    "ol",
    "table",
    "title",
];

/// `datePublished` from the page's JSON-LD (schema.org `NewsArticle`), anywhere in
/// its objects and `@graph` lists.
fn json_ld_date(page: &Html) -> Option<String> {
    fn find(value: &serde_json::Value) -> Option<String> {
        match value {
            serde_json::Value::Object(map) => map
                .get("datePublished")
                .and_then(|d| d.as_str().map(str::to_owned))
                .or_else(|| map.values().find_map(find)),
            serde_json::Value::Array(items) => items.iter().find_map(find),
            _ => None,
        }
    }
    let selector = Selector::parse("script[type='application/ld+json']").ok()?;
    page.select(&selector).find_map(|script| {
        let json: serde_json::Value =
            serde_json::from_str(&script.text().collect::<String>()).ok()?;
        find(&json)
    })
}

/// The text under `root` (not counting `root` itself as a block), walked without
/// recursion: block elements on their own lines, skipped elements and all they hold
/// left out.
fn collect_text(root: ElementRef<'_>, out: &mut String) {
    use ego_tree::iter::Edge;
    // How many skipped elements enclose the current node.
    let mut skipped = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) if node.id() != root.id() => match node.value() {
                Node::Text(text) if skipped == 0 => push_text(text, out),
                Node::Element(element) => {
                    let name = element.name();
                    if skipped > 0 || SKIPPED_ELEMENTS.contains(&name) {
                        skipped += 1;
                    } else if BLOCK_ELEMENTS.contains(&name) {
                        out.push('\n');
                    }
                }
                _ => {}
            },
            Edge::Close(node) if node.id() != root.id() => {
                if let Node::Element(element) = node.value() {
                    if skipped > 0 {
                        skipped -= 1;
                    } else if BLOCK_ELEMENTS.contains(&element.name()) {
                        out.push('\n');
                    }
                }
            }
            _ => {}
        }
    }
}

/// A text node with its runs of white space collapsed, spaced from its neighbours as
/// it was.
fn push_text(text: &str, out: &mut String) {
    let collapsed: Vec<&str> = text.split_whitespace().collect();
    if collapsed.is_empty() {
        return;
    }
    if text.starts_with(char::is_whitespace) && !out.ends_with(['\n', ' ']) && !out.is_empty() {
        out.push(' ');
    }
    out.push_str(&collapsed.join(" "));
    if text.ends_with(char::is_whitespace) {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_text_drops_scripts_and_navigation() {
        let html = r#"<html><head><title>Attack in Kabul</title><meta property="article:published_time" content="2024-03-23T10:00:00Z"><script>var x = "ISIS";</script></head>
            <body><nav>Home | World</nav><article><h1>Attack in Kabul</h1><p>The <b>Taliban</b> said.</p><p>Second paragraph.</p></article><footer>© 2024</footer></body></html>"#;
        let (doc, flattened) = read_html(html, "page");
        assert_eq!(
            doc.text,
            "Attack in Kabul\nThe Taliban said.\nSecond paragraph."
        );
        assert_eq!(flattened, 0);
        assert_eq!(doc.meta.title.as_deref(), Some("Attack in Kabul"));
        assert_eq!(doc.meta.date.as_deref(), Some("2024-03-23"));
    }

    #[test]
    fn html_dates_come_from_json_ld_and_time_elements() {
        let json_ld = r#"<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","datePublished":"2024-05-05T08:00:00+02:00"}]}</script></head><body><p>Text.</p></body></html>"#;
        assert_eq!(
            read_html(json_ld, "a").0.meta.date.as_deref(),
            Some("2024-05-05")
        );
        let time =
            r#"<html><body><time datetime="2023-11-02">2 Nov</time><p>Text.</p></body></html>"#;
        assert_eq!(
            read_html(time, "b").0.meta.date.as_deref(),
            Some("2023-11-02")
        );
    }

    #[test]
    fn nesting_beyond_the_cap_is_flattened_and_its_text_kept() {
        let html = format!(
            "<body>{}<p>Deep in Kabul.</p>{}<p>After.</p></body>",
            "<div><span>x</span>".repeat(10),
            "</div>".repeat(10)
        );
        let (capped, removed) = cap_nesting(&html, 5);
        assert!(removed >= 12, "{capped}");
        assert!(
            !capped.contains(&"<div><span>x</span>".repeat(5)),
            "{capped}"
        );
        assert!(capped.contains("Deep in Kabul.") && capped.contains("After."));
        let (doc, _) = read_html(&html, "deep");
        assert!(doc.text.ends_with("Deep in Kabul.\nAfter."), "{}", doc.text);
    }

    #[test]
    fn unclosed_paragraphs_and_list_items_are_siblings_not_depth() {
        let html = format!("<ul>{}</ul><p>end", "<li><p>item".repeat(1_000));
        let (_, removed) = cap_nesting(&html, 8);
        assert_eq!(removed, 0);
    }

    #[test]
    fn markup_in_comments_scripts_and_attributes_does_not_nest() {
        let html = format!(
            "<!-- {} --><script>{}</script><div title=\"{}\">text</div>",
            "<div>".repeat(100),
            "<div>".repeat(100),
            "<div>".repeat(100)
        );
        assert_eq!(cap_nesting(&html, 3).1, 0);
    }
}
