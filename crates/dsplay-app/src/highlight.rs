//! A small YAML highlighter for the editor: splits each line into classed tokens.
//!
//! It only colours; it never judges the YAML (the core's loader does that).

/// The kind of a token, used as its CSS class (`tok-<kind>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    /// Whitespace and anything unclassified.
    Plain,
    /// A mapping key.
    Key,
    /// `:`, `-`, `|`, `>`, flow brackets.
    Punct,
    /// A string (quoted or plain scalar).
    Str,
    /// A number.
    Num,
    /// `true`, `false`, `null`, `~`.
    Lit,
    /// A comment.
    Comment,
    /// `---` and `...`.
    Doc,
}

impl Tok {
    /// The CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Tok::Plain => "tok-plain",
            Tok::Key => "tok-key",
            Tok::Punct => "tok-punct",
            Tok::Str => "tok-str",
            Tok::Num => "tok-num",
            Tok::Lit => "tok-lit",
            Tok::Comment => "tok-comment",
            Tok::Doc => "tok-doc",
        }
    }
}

/// Splits `text` into lines of tokens (see [`highlight_line`]).
pub fn highlight(text: &str) -> Vec<Vec<(Tok, &str)>> {
    let mut block = None;
    text.split('\n')
        .map(|line| {
            let mut toks = Vec::new();
            highlight_line(line, &mut block, &mut toks);
            toks
        })
        .collect()
}

/// Tokenises one line into `toks` (the tokens concatenate to the line, a final `\r` apart).
///
/// `block` is the state a line hands to the next: the indentation of the key that opened a
/// block scalar (`key: |`) while inside it. It is the only state across lines, so the editor
/// highlights any line from the state at its start, and keeps those states per line.
pub fn highlight_line<'a>(
    line: &'a str,
    block: &mut Option<usize>,
    toks: &mut Vec<(Tok, &'a str)>,
) {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let indent = line.len() - line.trim_start_matches(' ').len();
    if let Some(b) = *block {
        if line.trim().is_empty() || indent > b {
            toks.push((Tok::Str, line));
            return;
        }
        *block = None;
    }
    if line_tokens(line, indent, toks) {
        *block = Some(indent);
    }
}

/// Tokenises one line; returns whether it opens a block scalar.
fn line_tokens<'a>(line: &'a str, indent: usize, toks: &mut Vec<(Tok, &'a str)>) -> bool {
    let (head, mut rest) = line.split_at(indent);
    if !head.is_empty() {
        toks.push((Tok::Plain, head));
    }
    if rest.starts_with('#') {
        toks.push((Tok::Comment, rest));
        return false;
    }
    if indent == 0 && (rest.trim_end() == "---" || rest.trim_end() == "...") {
        toks.push((Tok::Doc, rest));
        return false;
    }
    // Sequence dashes.
    while let Some(after) = rest.strip_prefix('-') {
        if after.is_empty() || after.starts_with(' ') {
            toks.push((Tok::Punct, &rest[..1]));
            let spaces = after.len() - after.trim_start_matches(' ').len();
            if spaces > 0 {
                toks.push((Tok::Plain, &after[..spaces]));
            }
            rest = &after[spaces..];
        } else {
            break;
        }
    }
    if let Some(colon) = key_end(rest) {
        toks.push((Tok::Key, &rest[..colon]));
        toks.push((Tok::Punct, &rest[colon..colon + 1]));
        rest = &rest[colon + 1..];
    }
    value_tokens(rest, toks)
}

/// The byte index of the `:` that ends a mapping key at the start of `s`, if any.
fn key_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let first = *bytes.first()?;
    if first == b'"' || first == b'\'' {
        let close = s[1..].find(first as char)? + 1;
        let after = close + 1;
        return (bytes.get(after) == Some(&b':')
            && matches!(bytes.get(after + 1), None | Some(b' ')))
        .then_some(after);
    }
    if matches!(first, b'{' | b'[' | b'#' | b'|' | b'>' | b'&' | b'*' | b'!') {
        return None;
    }
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b':' if matches!(bytes.get(i + 1), None | Some(b' ')) => return Some(i),
            b' ' if bytes.get(i + 1) == Some(&b'#') => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

fn value_tokens<'a>(rest: &'a str, toks: &mut Vec<(Tok, &'a str)>) -> bool {
    let lead = rest.len() - rest.trim_start_matches(' ').len();
    if lead > 0 {
        toks.push((Tok::Plain, &rest[..lead]));
    }
    let body = &rest[lead..];
    if body.is_empty() {
        return false;
    }
    if body.starts_with('#') {
        toks.push((Tok::Comment, body));
        return false;
    }
    // Split a trailing comment off (outside quotes).
    let (value, comment) = split_comment(body);
    let trimmed = value.trim_end();
    let trailing = &value[trimmed.len()..];
    let opens_block = matches!(trimmed.chars().next(), Some('|' | '>'))
        && trimmed
            .chars()
            .skip(1)
            .all(|c| c.is_ascii_digit() || c == '-' || c == '+');
    let tok = if opens_block || matches!(trimmed.chars().next(), Some('{' | '[')) {
        Tok::Punct
    } else if trimmed.starts_with('"') || trimmed.starts_with('\'') {
        Tok::Str
    } else if matches!(
        trimmed,
        "true" | "false" | "True" | "False" | "null" | "Null" | "~"
    ) {
        Tok::Lit
    } else if is_number(trimmed) {
        Tok::Num
    } else {
        Tok::Str
    };
    if !trimmed.is_empty() {
        toks.push((tok, trimmed));
    }
    if !trailing.is_empty() {
        toks.push((Tok::Plain, trailing));
    }
    if let Some(c) = comment {
        toks.push((Tok::Comment, c));
    }
    opens_block
}

fn split_comment(s: &str) -> (&str, Option<&str>) {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && prev == ' ' => return (&s[..i], Some(&s[i..])),
            None => {}
        }
        prev = c;
    }
    (s, None)
}

fn is_number(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_digit() || c == '.')
        && s.chars().filter(|&c| c == '.').count() <= 1
        && s.chars().any(|c| c.is_ascii_digit())
}
