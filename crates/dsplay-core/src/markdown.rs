//! A small Markdown subset for lesson stories: headings (`#`, `##`, `###`), paragraphs,
//! emphasis (`*em*`, `**strong**`), inline code (`` `x` ``), fenced code blocks (```` ``` ````),
//! lists (`-`, `*`, `1.`) and links (`[text](url)`). There is no HTML: a `<` is text, and a
//! link goes only to `http:`, `https:`, `#` or a relative path (anything else stays text).
//! The page turns [`Block`]s into elements; every string in them is text.

/// A block of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// `#`..`###`: level 1 to 3, and its text.
    Heading(u8, Vec<Inline>),
    /// Lines of text up to an empty line.
    Paragraph(Vec<Inline>),
    /// A fenced code block's lines (its info string apart).
    Code(String),
    /// A list: ordered (`1.`) or not, each item's text.
    List {
        /// `1.` items.
        ordered: bool,
        /// The items.
        items: Vec<Vec<Inline>>,
    },
}

/// A run of text in a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// `*text*` or `_text_`.
    Emphasis(String),
    /// `**text**`.
    Strong(String),
    /// `` `code` ``.
    Code(String),
    /// `[text](href)`, the href one a page may follow.
    Link {
        /// The link's text.
        text: String,
        /// Where it goes.
        href: String,
    },
}

/// Parses `text` into blocks.
pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut list: Option<(bool, Vec<String>)> = None;
    let mut lines = text.lines();
    let flush =
        |para: &mut Vec<&str>, list: &mut Option<(bool, Vec<String>)>, blocks: &mut Vec<Block>| {
            if !para.is_empty() {
                blocks.push(Block::Paragraph(inline(&para.join(" "))));
                para.clear();
            }
            if let Some((ordered, items)) = list.take() {
                blocks.push(Block::List {
                    ordered,
                    items: items.iter().map(|i| inline(i)).collect(),
                });
            }
        };
    while let Some(line) = lines.next() {
        let t = line.trim();
        if t.starts_with("```") {
            flush(&mut para, &mut list, &mut blocks);
            let mut code = Vec::new();
            for l in lines.by_ref() {
                if l.trim_start().starts_with("```") {
                    break;
                }
                code.push(l);
            }
            blocks.push(Block::Code(code.join("\n")));
            continue;
        }
        if t.is_empty() {
            flush(&mut para, &mut list, &mut blocks);
            continue;
        }
        let hashes = t.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            flush(&mut para, &mut list, &mut blocks);
            let level = hashes.min(3) as u8;
            blocks.push(Block::Heading(level, inline(t[hashes..].trim())));
            continue;
        }
        if let Some((ordered, item)) = list_item(t) {
            if para.is_empty() {
                match &mut list {
                    Some((o, items)) if *o == ordered => items.push(item.to_string()),
                    _ => {
                        flush(&mut para, &mut list, &mut blocks);
                        list = Some((ordered, vec![item.to_string()]));
                    }
                }
                continue;
            }
        }
        match &mut list {
            // An indented line goes on with the item.
            Some((_, items)) if line.starts_with([' ', '\t']) => {
                if let Some(last) = items.last_mut() {
                    last.push(' ');
                    last.push_str(t);
                }
            }
            _ => {
                if list.is_some() {
                    flush(&mut para, &mut list, &mut blocks);
                }
                para.push(t);
            }
        }
    }
    flush(&mut para, &mut list, &mut blocks);
    blocks
}

/// `- item`, `* item` or `1. item`: whether ordered, and the item's text.
fn list_item(t: &str) -> Option<(bool, &str)> {
    if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
        return Some((false, rest.trim()));
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        if let Some(rest) = t[digits..].strip_prefix(". ") {
            return Some((true, rest.trim()));
        }
    }
    None
}

/// Whether a page may follow `href`: `http:`, `https:`, a fragment, or a relative path.
fn safe_href(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with('#') {
        return true;
    }
    // Relative: no scheme before the first `/`, `?` or `#`.
    let head = lower.split(['/', '?', '#']).next().unwrap_or("");
    !head.contains(':') && !lower.starts_with("//") && !href.is_empty()
}

/// Parses the inline runs of one block's text.
pub fn inline(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    let push_plain = |plain: &mut String, out: &mut Vec<Inline>| {
        if !plain.is_empty() {
            out.push(Inline::Text(std::mem::take(plain)));
        }
    };
    while let Some(c) = rest.chars().next() {
        let taken = match c {
            '`' => rest[1..]
                .find('`')
                .map(|end| (Inline::Code(rest[1..1 + end].to_string()), end + 2)),
            '*' if rest.starts_with("**") => rest[2..]
                .find("**")
                .filter(|end| *end > 0)
                .map(|end| (Inline::Strong(rest[2..2 + end].to_string()), end + 4)),
            '*' | '_' => rest[1..]
                .find(c)
                .filter(|end| *end > 0 && !rest[1..].starts_with(' '))
                .map(|end| (Inline::Emphasis(rest[1..1 + end].to_string()), end + 2)),
            '[' => link(rest),
            _ => None,
        };
        match taken {
            Some((run, len)) => {
                push_plain(&mut plain, &mut out);
                out.push(run);
                rest = &rest[len..];
            }
            None => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    push_plain(&mut plain, &mut out);
    out
}

/// `[text](href)` at the start of `s`: the run and its length; an unsafe href is text.
fn link(s: &str) -> Option<(Inline, usize)> {
    let close = s.find("](")?;
    // The `)` that closes the href (parentheses inside it balance).
    let mut depth = 0usize;
    let end = close
        + 2
        + s[close + 2..].find(|c| match c {
            '(' => {
                depth += 1;
                false
            }
            ')' if depth > 0 => {
                depth -= 1;
                false
            }
            ')' => true,
            _ => false,
        })?;
    let text = s[1..close].to_string();
    let href = s[close + 2..end].trim().to_string();
    let run = if safe_href(&href) {
        Inline::Link { text, href }
    } else {
        Inline::Text(text)
    };
    Some((run, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    #[test]
    fn blocks() {
        let doc = parse(
            "# Title\n\nOne line\nand the next.\n\n- a\n- b\n  more b\n\n1. one\n2. two\n\n```yaml\nkind: DaemonSet\n  spec: {}\n```\n### Small\n",
        );
        assert_eq!(
            doc,
            vec![
                Block::Heading(1, vec![text("Title")]),
                Block::Paragraph(vec![text("One line and the next.")]),
                Block::List {
                    ordered: false,
                    items: vec![vec![text("a")], vec![text("b more b")]]
                },
                Block::List {
                    ordered: true,
                    items: vec![vec![text("one")], vec![text("two")]]
                },
                Block::Code("kind: DaemonSet\n  spec: {}".to_string()),
                Block::Heading(3, vec![text("Small")]),
            ]
        );
    }

    #[test]
    fn inlines() {
        assert_eq!(
            inline("A *DaemonSet* runs **one** pod per `node`, see [docs](https://kubernetes.io/docs/) or 2 * 3."),
            vec![
                text("A "),
                Inline::Emphasis("DaemonSet".into()),
                text(" runs "),
                Inline::Strong("one".into()),
                text(" pod per "),
                Inline::Code("node".into()),
                text(", see "),
                Inline::Link {
                    text: "docs".into(),
                    href: "https://kubernetes.io/docs/".into()
                },
                text(" or 2 * 3."),
            ]
        );
    }

    #[test]
    fn no_html_and_no_script_links() {
        assert_eq!(
            parse("<script>alert(1)</script> [x](javascript:alert(1)) [y](data:text/html,hi)"),
            vec![Block::Paragraph(vec![
                text("<script>alert(1)</script> "),
                text("x"),
                text(" "),
                text("y"),
            ])]
        );
        assert_eq!(
            inline("[ok](../docs/lessons.md#checks)"),
            vec![Inline::Link {
                text: "ok".into(),
                href: "../docs/lessons.md#checks".into()
            }]
        );
    }
}
