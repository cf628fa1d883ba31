//! Positioned YAML: manifest text → documents → JSON values plus a field-path → position index.
//!
//! This mirrors what `kubectl apply -f` does before it talks to the API server:
//! `k8s.io/apimachinery/pkg/util/yaml.YAMLReader` splits the stream into documents on
//! lines that start with `---` (nothing but spaces or a comment may follow), and
//! `sigs.k8s.io/yaml.YAMLToJSON` turns each document into JSON with go-yaml v2's YAML 1.1
//! scalar resolution (see [`super::resolve`]).
//!
//! Each document is read once, by libyaml (the `unsafe-libyaml` translation, through the
//! small `libyaml-events` crate): go-yaml is a port of libyaml, so what it accepts and its
//! reason strings ("mapping values are not allowed in this context", "did not find expected
//! key", ...) are the ones kubectl prints; its events carry the marks (line and column) from
//! which the [`PositionIndex`](super::PositionIndex) is built.
//!
//! # Syntax-error rendering (a documented choice)
//!
//! kubectl prints `error converting YAML to JSON: yaml: line N: <reason>` where `N` counts
//! lines *within the `---` document*. Here the message keeps kubectl's words but `N` is the
//! line **in the whole file**, the same line as the error's [`Location`]; so the CLI prints
//! `ds.yaml:27:10: error converting YAML to JSON: yaml: line 27: mapping values are not
//! allowed in this context`. The column is libyaml's problem mark (1-based).
//!
//! # A broken document ends the file
//!
//! Documents are split on `---` lines *before* parsing, exactly as kubectl's `YAMLReader`
//! does, and read one after the other ([`Documents`]); as with kubectl, the first one that
//! cannot be read is reported and the rest of the file is not read (the documents before it
//! still load). So a file of a million broken documents costs one error.

use super::go_null::{Deferrals, Deferring};
use super::kinds::{json_len, needs_whole, JsonHead, MAX_OBJECT_BYTES};
use super::resolve::{resolve_text, Scalar};
use super::PositionIndex;
use crate::location::{ErrorKind, Location};
use libyaml_events::{Event, Mark, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};
use std::borrow::{Borrow, Cow};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

/// Deepest nesting of collections accepted in one document. go-yaml v3 allows 10000; the
/// playground runs with a small (browser) stack and real manifests nest < 40 deep.
pub(crate) const MAX_DEPTH: usize = 200;
/// Sequences longer than this record no position for their scalar items.
const MAX_SCALAR_POSITIONS: usize = 10_000;
/// go-yaml's alias-ratio window (`alias_ratio_range_low` / `_high`).
const ALIAS_RATIO_LOW: u64 = 400_000;
const ALIAS_RATIO_HIGH: u64 = 4_000_000;
/// Scalar bytes produced through aliases, at most (an extra bound: go-yaml shares strings).
const MAX_ALIASED_BYTES: u64 = 32 * 1024 * 1024;

/// One document of a file: a `---` document, or one JSON value of a JSON stream.
#[derive(Debug, Clone)]
pub(crate) struct Chunk<'a> {
    /// The document text (without the separator lines).
    pub text: &'a str,
    /// 1-based line of the file on which `text` starts.
    pub first_line: u32,
    /// 0-based column (in characters) at which `text` starts on its first line: 0 but for a
    /// JSON value that follows another on the same line.
    pub first_column: u32,
}

/// A problem found while splitting or parsing, located in the whole file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YamlError {
    pub kind: ErrorKind,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// The documents of a file, one at a time, as kubectl's `YAMLOrJSONDecoder` reads them
/// (`k8s.io/apimachinery/pkg/util/yaml/decoder.go`):
///
/// * A file whose first non-blank character is `{` is read as a **JSON stream**, one value
///   after another. When a value cannot be read and at most one was read before, the rest
///   of the file (from the end of that one, past blanks up to and including the first line
///   break) is read as YAML instead, as kubectl falls back; after two or more JSON values,
///   the error ends the file (`json: offset N: invalid character ...`).
/// * Otherwise the file is split into `---` documents as `YAMLReader` does: a line starting
///   with `---` ends the document before it (nothing but blanks or a comment may follow,
///   else `invalid Yaml document separator: ...` ends the file, and the document before it
///   is lost, as with kubectl); empty documents are skipped.
///
/// An error is the last item: kubectl stops reading a file at the first document it cannot
/// read.
pub(crate) struct Documents<'a> {
    text: &'a str,
    /// Byte offset of the next unread line (YAML) or value (JSON).
    pos: usize,
    /// The 1-based line of `pos`.
    line: u32,
    /// Byte offset at which the line of `pos` starts.
    line_start: usize,
    mode: Mode,
    /// JSON values read so far.
    json_count: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Json,
    Yaml,
    Done,
}

/// Reads `text` as kubectl reads a manifest stream; see [`Documents`].
pub(crate) fn documents(text: &str) -> Documents<'_> {
    Documents {
        text,
        pos: 0,
        line: 1,
        line_start: 0,
        mode: if is_json(text) {
            Mode::Json
        } else {
            Mode::Yaml
        },
        json_count: 0,
    }
}

impl<'a> Documents<'a> {
    /// Moves `pos` to `to`, counting lines.
    fn advance(&mut self, to: usize) {
        let skipped = self.text.get(self.pos..to).unwrap_or("");
        for (i, b) in skipped.bytes().enumerate() {
            if b == b'\n' {
                self.line = self.line.saturating_add(1);
                self.line_start = self.pos + i + 1;
            }
        }
        self.pos = to.max(self.pos);
    }

    /// The 0-based character column of byte offset `at` (on the line of `pos`).
    fn column_of(&self, at: usize) -> u32 {
        let n = self
            .text
            .get(self.line_start..at)
            .map_or(0, |s| s.chars().count());
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    fn next_json(&mut self) -> Option<Result<Chunk<'a>, YamlError>> {
        let rest = self.text.get(self.pos..).unwrap_or("");
        let blank = rest.len()
            - rest
                .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
                .len();
        if blank == rest.len() {
            self.mode = Mode::Done;
            return None;
        }
        let start = self.pos + blank;
        let value_text = self.text.get(start..).unwrap_or("");
        let mut stream =
            serde_json::Deserializer::from_str(value_text).into_iter::<serde::de::IgnoredAny>();
        match stream.next() {
            Some(Ok(_)) => {
                let end = start + stream.byte_offset();
                self.advance(start);
                let chunk = Chunk {
                    text: self.text.get(start..end).unwrap_or(""),
                    first_line: self.line,
                    first_column: self.column_of(start),
                };
                self.advance(end);
                self.json_count += 1;
                Some(Ok(chunk))
            }
            Some(Err(e)) if self.json_count > 1 => {
                self.mode = Mode::Done;
                Some(Err(self.json_error(start, &e)))
            }
            _ => {
                // kubectl's fallback: the rest is YAML, from past the blanks up to and
                // including the first line break.
                let rest = self.text.get(self.pos..).unwrap_or("");
                let mut skip = 0;
                for c in rest.chars() {
                    if !c.is_whitespace() {
                        break;
                    }
                    skip += c.len_utf8();
                    if c == '\n' {
                        break;
                    }
                }
                self.advance(self.pos + skip);
                self.mode = Mode::Yaml;
                self.next_yaml()
            }
        }
    }

    /// A JSON syntax error as Go's `encoding/json` words it, at the offending character.
    fn json_error(&mut self, start: usize, e: &serde_json::Error) -> YamlError {
        // serde_json's line and column (1-based, bytes) count from `start`.
        let value_text = self.text.get(start..).unwrap_or("");
        let line_offset = value_text
            .split_inclusive('\n')
            .take(e.line().saturating_sub(1))
            .map(str::len)
            .sum::<usize>();
        let at = (start + line_offset + e.column().saturating_sub(1)).min(self.text.len());
        let bad = self.text.get(at..).and_then(|s| s.chars().next());
        let message = match (e.classify(), bad) {
            (serde_json::error::Category::Eof, _) | (_, None) => "unexpected EOF".to_string(),
            (_, Some(c)) => {
                let shown = e.to_string();
                let context = if shown.starts_with("expected `:`") {
                    "after object key".to_string()
                } else if shown.starts_with("expected `,` or `}`") {
                    "after object key:value pair".to_string()
                } else if shown.starts_with("expected `,` or `]`") {
                    "after array element".to_string()
                } else if shown.starts_with("key must be a string")
                    || (shown.starts_with("trailing comma") && c == '}')
                {
                    "looking for beginning of object key string".to_string()
                } else if shown.starts_with("expected ident") {
                    literal_context(self.text, at)
                } else if shown.starts_with("invalid number") {
                    "in numeric literal".to_string()
                } else if shown.starts_with("control character") {
                    "in string literal".to_string()
                } else if shown.starts_with("invalid escape") {
                    "in string escape code".to_string()
                } else {
                    "looking for beginning of value".to_string()
                };
                // Go's `SyntaxError.Offset` counts the bytes read for this value, the
                // offending one included.
                let offset = at.saturating_sub(self.pos).saturating_add(1);
                format!(
                    "json: offset {offset}: invalid character {} {context}",
                    go_quote_char(c)
                )
            }
        };
        self.advance(
            self.text
                .get(..at)
                .map_or(at, |s| s.rfind('\n').map_or(0, |i| i + 1)),
        );
        let column = self.column_of(at).saturating_add(1);
        YamlError {
            kind: ErrorKind::Syntax,
            line: self.line,
            column,
            message,
        }
    }

    fn next_yaml(&mut self) -> Option<Result<Chunk<'a>, YamlError>> {
        let mut start = self.pos;
        let mut start_line = self.line;
        loop {
            let rest = self.text.get(self.pos..).unwrap_or("");
            if rest.is_empty() {
                self.mode = Mode::Done;
                let text = self.text.get(start..).unwrap_or("");
                return (!text.is_empty()).then_some(Ok(Chunk {
                    text,
                    first_line: start_line,
                    first_column: 0,
                }));
            }
            let len = rest.find('\n').map_or(rest.len(), |i| i + 1);
            let line = rest.get(..len).unwrap_or("");
            let line_no = self.line;
            let here = self.pos;
            self.advance(here + len);
            let Some(after) = line.strip_prefix("---") else {
                continue;
            };
            let trimmed = after.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                self.mode = Mode::Done;
                return Some(Err(YamlError {
                    kind: ErrorKind::Syntax,
                    line: line_no,
                    column: 1,
                    message: format!("invalid Yaml document separator: {trimmed}"),
                }));
            }
            if here > start {
                return Some(Ok(Chunk {
                    text: self.text.get(start..here).unwrap_or(""),
                    first_line: start_line,
                    first_column: 0,
                }));
            }
            start = self.pos;
            start_line = self.line;
        }
    }
}

impl<'a> Iterator for Documents<'a> {
    type Item = Result<Chunk<'a>, YamlError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.mode {
            Mode::Json => self.next_json(),
            Mode::Yaml => self.next_yaml(),
            Mode::Done => None,
        }
    }
}

/// Where the document holding the end of `valid` starts: the byte after the last `---`
/// separator line of `valid` (complete lines only), and that byte's 1-based line.
pub(crate) fn document_start(valid: &str) -> (usize, u32) {
    let (mut start, mut first_line) = (0usize, 1u32);
    let mut offset = 0usize;
    let mut line = 1u32;
    for l in valid.split_inclusive('\n') {
        offset += l.len();
        line = line.saturating_add(1);
        if !l.ends_with('\n') {
            break;
        }
        if l.strip_prefix("---")
            .is_some_and(|r| r.trim().is_empty() || r.trim().starts_with('#'))
        {
            (start, first_line) = (offset, line);
        }
    }
    (start, first_line)
}

/// The end of the document that starts `rest`: the next line starting with `---`, or the end.
pub(crate) fn document_end(rest: &[u8]) -> usize {
    let mut offset = 0usize;
    for (i, l) in rest.split_inclusive(|b| *b == b'\n').enumerate() {
        if i > 0 && l.starts_with(b"---") {
            return offset;
        }
        offset += l.len();
    }
    rest.len()
}

/// What libyaml reports on a document that is not UTF-8 text (starting on line
/// `first_line` of its file): the reader error at the first bad byte, or a syntax error it
/// met before reaching it.
pub(crate) fn bytes_error(doc: &[u8], first_line: u32) -> YamlError {
    let chunk = Chunk {
        text: "",
        first_line,
        first_column: 0,
    };
    let mut parser = Parser::new(doc);
    loop {
        match parser.next_event() {
            Err(e) => return libyaml_error(&chunk, doc, &e),
            Ok((Event::StreamEnd, _)) => break,
            Ok(_) => {}
        }
    }
    // libyaml reads every byte, so this is not reached; say what its reader would.
    let offset = std::str::from_utf8(doc)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let e = libyaml_events::Error {
        problem: "invalid leading UTF-8 octet".to_string(),
        problem_mark: Mark::default(),
        problem_offset: offset as u64,
        reader: true,
        context: None,
        context_mark: Mark::default(),
    };
    libyaml_error(&chunk, doc, &e)
}

/// Go's context for a bad letter inside `null`, `true` or `false` at byte `at`:
/// `in literal null (expecting 'u')`.
fn literal_context(text: &str, at: usize) -> String {
    let before = text.get(..at).unwrap_or("");
    let word_start = before
        .rfind(|c: char| !c.is_ascii_alphabetic())
        .map_or(0, |i| i + 1);
    let typed = before.get(word_start..).unwrap_or("");
    let literal = ["null", "true", "false"]
        .into_iter()
        .find(|l| l.starts_with(typed) && !typed.is_empty())
        .unwrap_or("null");
    let expecting = literal
        .get(typed.len()..)
        .and_then(|r| r.chars().next())
        .unwrap_or('l');
    format!(
        "in literal {literal} (expecting {})",
        go_quote_char(expecting)
    )
}

/// Go's `quoteChar` (encoding/json): `'x'`, `'\\''`, `'"'`, `'\\n'`.
fn go_quote_char(c: char) -> String {
    match c {
        '\'' => "'\\''".to_string(),
        '"' => "'\"'".to_string(),
        c if c.is_control() => {
            let q = format!("{:?}", c.to_string());
            format!("'{}'", q.trim_matches('"'))
        }
        c => format!("'{c}'"),
    }
}

/// kubectl's sniffing: JSON when the first non-whitespace character is `{`.
pub(crate) fn is_json(text: &str) -> bool {
    text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
        .starts_with('{')
}

/// A node of a parsed document, with its position (1-based, in the whole file).
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub line: u32,
    pub column: u32,
    pub value: NodeValue,
}

/// The value of a [`Node`].
#[derive(Debug, Clone)]
pub(crate) enum NodeValue {
    Scalar(Scalar),
    /// A plain `<<` key: go-yaml's merge key.
    Merge,
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
    /// An alias to an anchored node (shared, expanded when converted).
    Alias(Rc<Node>),
    /// An anchored sequence or mapping where it is written: the node its aliases share (not
    /// a copy of it), read as that node.
    Anchored(Rc<Node>),
}

impl Node {
    fn location(&self, file: &str) -> Location {
        Location {
            file: file.to_string(),
            line: self.line,
            column: self.column,
        }
    }

    /// Follows aliases (and anchored nodes to themselves).
    pub(crate) fn target(&self) -> &Node {
        let mut n = self;
        while let NodeValue::Alias(t) | NodeValue::Anchored(t) = &n.value {
            n = t;
        }
        n
    }
}

/// Flow collections (`[`, `{`) nested deeper than [`MAX_DEPTH`], found by one linear scan
/// before the document reaches libyaml, whose scanner takes time quadratic in flow nesting
/// (20,000 `[` took seconds, 100,000 minutes). Reports `exceeded max depth of 200` at the
/// first bracket too deep, as the tree builder would.
///
/// The scan follows YAML closely enough never to over-count: a `[`/`{` in block context opens
/// a flow collection only where a node starts (line start, or after `: `, `- `, `? `); quoted
/// scalars, comments and block scalars (`|`, `>`) are skipped. Where it could under-count,
/// the slower parsers still enforce the limit.
pub(crate) fn flow_depth_error(chunk: &Chunk<'_>) -> Option<YamlError> {
    let b = chunk.text.as_bytes();
    let mut depth = 0usize;
    let mut line = 1usize;
    let mut line_start = 0usize;
    // Block context: the last non-blank byte of this line, and whether blanks followed it.
    let mut prev: Option<u8> = None;
    let mut blank_after = false;
    // Indentation of the line that opened a block scalar being skipped.
    let mut block_scalar: Option<usize> = None;
    let mut i = 0usize;
    let indent_at = |from: usize| b[from..].iter().take_while(|c| **c == b' ').count();
    while let Some(&c) = b.get(i) {
        if c == b'\n' {
            line += 1;
            i += 1;
            line_start = i;
            prev = None;
            blank_after = false;
            if let (0, Some(ind)) = (depth, block_scalar) {
                let n = indent_at(i);
                let rest = b.get(i + n).copied();
                if matches!(rest, None | Some(b'\n' | b'\r')) || n > ind {
                    // A line of the block scalar: skip it.
                    while b.get(i).is_some_and(|c| *c != b'\n') {
                        i += 1;
                    }
                } else {
                    block_scalar = None;
                }
            }
            continue;
        }
        let before = if i > line_start {
            b.get(i - 1).copied()
        } else {
            None
        };
        let blank_before = matches!(before, None | Some(b' ' | b'\t'));
        if c == b'#' && blank_before {
            while b.get(i).is_some_and(|c| *c != b'\n') {
                i += 1;
            }
            continue;
        }
        let node_start = match prev {
            None => true,
            Some(p) => matches!(p, b':' | b'-' | b'?') && blank_after,
        };
        let quote_start = if depth == 0 {
            node_start
        } else {
            blank_before || matches!(before, Some(b'[' | b'{' | b',' | b':'))
        };
        if (c == b'"' || c == b'\'') && quote_start {
            i += 1;
            while let Some(&q) = b.get(i) {
                i += 1;
                if q == b'\n' {
                    line += 1;
                    line_start = i;
                } else if q == b'\\' && c == b'"' {
                    if b.get(i) == Some(&b'\n') {
                        line += 1;
                        line_start = i + 1;
                    }
                    i += 1;
                } else if q == c {
                    if c == b'\'' && b.get(i) == Some(&b'\'') {
                        i += 1;
                    } else {
                        break;
                    }
                }
            }
            prev = Some(c);
            blank_after = false;
            continue;
        }
        match c {
            b'[' | b'{' if depth > 0 || node_start => {
                depth += 1;
                if depth > MAX_DEPTH {
                    let column = chunk
                        .text
                        .get(line_start..i)
                        .map_or(0, |s| s.chars().count());
                    let line = u32::try_from(line).unwrap_or(u32::MAX);
                    return Some(YamlError {
                        kind: ErrorKind::TooDeep,
                        line: chunk.first_line.saturating_add(line.saturating_sub(1)),
                        column: u32::try_from(column).unwrap_or(u32::MAX).saturating_add(1),
                        message: format!(
                            "error converting YAML to JSON: yaml: exceeded max depth of {MAX_DEPTH}"
                        ),
                    });
                }
            }
            b']' | b'}' if depth > 0 => depth -= 1,
            // A tag or an anchor before a node: the node still starts after it.
            b'!' | b'&' if depth == 0 && node_start => {
                while b.get(i).is_some_and(|c| !matches!(c, b' ' | b'\t' | b'\n')) {
                    i += 1;
                }
                continue;
            }
            b'|' | b'>' if depth == 0 && node_start => {
                block_scalar = Some(indent_at(line_start));
                while b.get(i).is_some_and(|c| *c != b'\n') {
                    i += 1;
                }
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                blank_after = prev.is_some();
                i += 1;
                continue;
            }
            _ => {}
        }
        prev = Some(c);
        blank_after = false;
        i += 1;
    }
    None
}

/// A libyaml error as kubectl words it (`error converting YAML to JSON: yaml: line N:
/// <problem>`), located at libyaml's problem mark in the whole file. The reason is what the
/// serde_yaml-style text (`libyaml_events::Error`'s `Display`) shows before the problem's
/// position: the problem alone, or, for a problem without a position (at the very start of
/// the document), the problem and its context.
///
/// A reader error (an invalid UTF-8 byte, a control character) is located at its byte and
/// worded as go-yaml words it, without a line: `error converting YAML to JSON: yaml: invalid
/// leading UTF-8 octet`.
pub(crate) fn libyaml_error(
    chunk: &Chunk<'_>,
    bytes: &[u8],
    e: &libyaml_events::Error,
) -> YamlError {
    if e.reader {
        let offset = usize::try_from(e.problem_offset)
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        let before = bytes.get(..offset).unwrap_or(&[]);
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let lines = before.iter().filter(|b| **b == b'\n').count();
        let column = String::from_utf8_lossy(before.get(line_start..).unwrap_or(&[]))
            .chars()
            .count();
        let mark = Mark {
            index: e.problem_offset,
            line: lines as u64,
            column: column as u64,
        };
        let (line, column) = mark_position(chunk, mark);
        return YamlError {
            kind: ErrorKind::Syntax,
            line,
            column,
            message: format!("error converting YAML to JSON: yaml: {}", e.problem),
        };
    }
    let m = e.problem_mark;
    let positioned = m.line != 0 || m.column != 0 || e.problem_offset != 0;
    let reason = match &e.context {
        Some(context) if !positioned => format!("{}, {context}", e.problem),
        _ => e.problem.clone(),
    };
    mark_error(chunk, m, &reason)
}
/// `error converting YAML to JSON: yaml: line N: <reason>` at a libyaml mark.
fn mark_error(chunk: &Chunk<'_>, mark: Mark, reason: &str) -> YamlError {
    let (line, column) = mark_position(chunk, mark);
    YamlError {
        kind: ErrorKind::Syntax,
        line,
        column,
        message: format!("error converting YAML to JSON: yaml: line {line}: {reason}"),
    }
}

/// A libyaml mark (0-based line in the chunk, 0-based column) as the file's 1-based line and
/// column.
fn mark_position(chunk: &Chunk<'_>, mark: Mark) -> (u32, u32) {
    let line = file_line(
        chunk,
        usize::try_from(mark.line)
            .unwrap_or(usize::MAX)
            .saturating_add(1),
    );
    let mut column = u32::try_from(mark.column)
        .unwrap_or(u32::MAX)
        .saturating_add(1);
    if mark.line == 0 {
        column = column.saturating_add(chunk.first_column);
    }
    (line, column)
}

fn file_line(chunk: &Chunk<'_>, line_in_chunk: usize) -> u32 {
    let l = u32::try_from(line_in_chunk).unwrap_or(u32::MAX);
    chunk.first_line.saturating_add(l.saturating_sub(1))
}

/// Builds the positioned tree of the first document of `chunk` from libyaml's events;
/// `Ok(None)` for an empty (or comment-only) document.
///
/// Errors, in the order kubectl meets them: libyaml's syntax errors and an alias to an anchor
/// never defined (`unknown anchor`) anywhere in the document come first; then this
/// builder's own limits (nesting deeper than [`MAX_DEPTH`]; an alias inside the node its
/// anchor is on, which go-yaml refuses as `anchor 'x' value contains itself` and is reported
/// here as an `unknown anchor referenced`).
pub(crate) fn parse_tree(chunk: &Chunk<'_>) -> Result<Option<Node>, YamlError> {
    Builder::new(chunk).read(|b, ev, mark| b.node(ev, mark, 0))
}

/// The keys of a root mapping [`convert_document`] keeps once the rest is known to be over
/// the request limit: what the loader reads of a `List` (its `items` and their kind).
const LIST_KEYS: [&str; 3] = ["apiVersion", "kind", "items"];

/// A root entry whose JSON is surely longer than this (in a document over 384 KiB) is measured,
/// not kept, by a lean read ([`Converter::lean`]).
const LEAN_MIN: u64 = MAX_OBJECT_BYTES as u64 / 32;

/// A document converted by [`convert_document`].
pub(crate) struct Converted {
    /// Where its root starts (1-based, in the whole file).
    pub line: u32,
    /// The column of its root.
    pub column: u32,
    /// Its JSON; an empty array for a root sequence, whose items are not kept.
    pub value: Value,
    /// The root mapping's entries other than `items` passed the API server's request limit
    /// ([`MAX_OBJECT_BYTES`]) as JSON: only [`LIST_KEYS`] were kept (a `List` still
    /// loads; any other object is refused as too large).
    pub over_limit: bool,
    /// Some entries were measured, not kept ([`Converter::lean`]); the measure is exact
    /// (`over_limit` says whether the object passes the limit), merges at the root included.
    pub partial: bool,
    /// The entries measured, not kept: each key and the first bytes of its value's JSON (what
    /// a message shows of an object under the limit) and its length.
    pub measured: Vec<(String, JsonHead)>,
    /// The length of `value`'s compact JSON, when it was counted as it was converted: a root
    /// mapping read entry by entry, whole, without `items` (its entries' measure,
    /// [`Converter::root_bytes`], and its closing brace).
    pub json_len: Option<u64>,
}

/// Reads the first document of `chunk` as an API object (a manifest) into JSON with
/// `conv`, with the errors and positions of [`parse_tree`] then [`Converter::convert_tree`],
/// but without a tree of the whole document: the root's entries (or items) are built and
/// converted one at a time, each tree dropped once converted, so the cost of a document is
/// its JSON, not its tree as well. Two roots are not kept whole, as kubectl and the API
/// server would refuse them whatever they hold:
///
/// * a root **sequence** (or one of many small nodes such as `[a, a, …]` or `[{}, {}, …]`)
///   is never an object (kubectl: `couldn't get version/kind; json parse error: json:
///   cannot unmarshal array into Go value …`, before any request): its items are
///   converted only for their errors (which kubectl reports first), and dropped;
/// * a root **mapping** whose entries other than `items` already make more JSON than the
///   request limit keeps only [`LIST_KEYS`] from then on ([`Converted::over_limit`]): it
///   is either a `List` (whose items are sent one by one) or refused as `Request entity too
///   large`. The other entries are still converted for their errors. An entry whose JSON is
///   known to pass the limit before it is converted (a lower bound counted on its tree,
///   `min_json_len`, in a document large enough to hold one) is converted for its errors
///   only, without a value: 8 MiB of `a: [{b: 1}, …]` is never held as JSON.
///
/// The errors, their order and their locations are those of the whole tree: a syntax
/// error or a builder limit anywhere in the document comes before the first conversion
/// error, which is kept (and the conversion stopped) while the rest is read.
pub(crate) fn convert_document(
    chunk: &Chunk<'_>,
    conv: &mut Converter<'_>,
) -> Result<Option<Converted>, YamlError> {
    let mut deferred = None;
    let r = Builder::new(chunk).read(|b, ev, mark| b.stream_root(ev, mark, conv, &mut deferred));
    match deferred {
        Some(e) if r.is_ok() => Err(e),
        _ => r,
    }
}

/// Why building stopped.
enum Failure {
    /// libyaml's error, or an unknown anchor: reported as is.
    Syntax(YamlError),
    /// One of the builder's own limits: reported unless libyaml finds a syntax error later.
    Limit(YamlError),
}

struct Builder<'a, 'c> {
    parser: Parser<'a>,
    chunk: &'c Chunk<'a>,
    /// Completed anchored nodes by name (a name may be reused: the last completed one counts).
    anchors: HashMap<String, Rc<Node>>,
    /// Every anchor name met so far, complete or not (what serde_yaml's loader knows).
    started: HashSet<String>,
}

impl<'a, 'c> Builder<'a, 'c> {
    fn new(chunk: &'c Chunk<'a>) -> Self {
        Builder {
            parser: Parser::new(chunk.text.as_bytes()),
            chunk,
            anchors: HashMap::new(),
            started: HashSet::new(),
        }
    }

    /// Reads the first document, its root through `root`; `Ok(None)` for an empty one. A
    /// builder limit is reported unless libyaml finds a syntax error later in the document.
    fn read<R>(
        mut self,
        root: impl FnOnce(&mut Self, Event, Mark) -> Result<R, Failure>,
    ) -> Result<Option<R>, YamlError> {
        match self.document(root) {
            Ok(n) => Ok(n),
            Err(Failure::Syntax(e)) => Err(e),
            Err(Failure::Limit(e)) => {
                // A syntax error later in the document is what kubectl would report.
                Err(self.drain().err().unwrap_or(e))
            }
        }
    }

    /// [`convert_document`]'s root: a sequence or mapping without an anchor is read entry
    /// by entry; anything else is built whole and converted. A conversion error goes to
    /// `deferred` (the first only) and ends the conversion, not the reading.
    fn stream_root(
        &mut self,
        ev: Event,
        mark: Mark,
        conv: &mut Converter<'_>,
        deferred: &mut Option<YamlError>,
    ) -> Result<Converted, Failure> {
        let (line, column) = mark_position(self.chunk, mark);
        conv.root = (line, column);
        let note = |deferred: &mut Option<YamlError>, r: Result<(), YamlError>| {
            if let Err(e) = r {
                deferred.get_or_insert(e);
            }
        };
        let value = match ev {
            Event::SequenceStart { anchor: None, .. } => {
                conv.keep = false;
                note(deferred, conv.count_at(line, column, 0));
                loop {
                    let (ev, m) = self.next()?;
                    if matches!(ev, Event::SequenceEnd) {
                        break;
                    }
                    let item = self.node(ev, m, 1)?;
                    if deferred.is_none() {
                        note(deferred, conv.convert_tree(item, "").map(drop));
                    }
                }
                conv.keep = true;
                Value::Array(Vec::new())
            }
            Event::MappingStart { anchor: None, .. } => {
                note(deferred, conv.count_at(line, column, 0));
                conv.root_bytes = Some(0);
                let mut out = Map::new();
                let mut explicit = Some(BTreeSet::new());
                let mut over_limit = false;
                let mut partial = false;
                loop {
                    let (ev, m) = self.next()?;
                    if matches!(ev, Event::MappingEnd) {
                        break;
                    }
                    let key = self.node(ev, m, 1)?;
                    let (ev, m) = self.next()?;
                    if matches!(ev, Event::SequenceStart { anchor: None, .. })
                        && !matches!(conv.items, Items::Keep)
                        && map_key(key.target()).is_ok_and(|k| k == "items")
                    {
                        // The List's items, one at a time: the entry is converted as an empty
                        // sequence, then each item built and converted (or dropped) alone.
                        let seen = conv.items_seen;
                        if deferred.is_none() {
                            let seq = self.make(m, NodeValue::Seq(Vec::new()));
                            let r = conv.map_entry(&mut out, &mut explicit, key, seq, "", false);
                            note(deferred, r);
                        }
                        let stream = matches!(conv.items, Items::Stream(_))
                            && conv.items_seen > seen
                            && conv.items_seen == conv.items_streamed;
                        if stream && conv.ahead {
                            conv.inherit = super::kinds::inherited(&out);
                        }
                        let long = conv.items_len > MAX_SCALAR_POSITIONS;
                        let mut i = 0usize;
                        loop {
                            let (ev, m) = self.next()?;
                            if matches!(ev, Event::SequenceEnd) {
                                break;
                            }
                            let item = self.node(ev, m, 2)?;
                            // Ahead, the sequence's length is not known yet.
                            conv.ahead_lost |=
                                stream && conv.ahead && matches!(item.value, NodeValue::Scalar(_));
                            let stream = stream && !(conv.ahead && conv.ahead_lost);
                            if deferred.is_none() {
                                conv.keep = stream;
                                let r = if stream {
                                    conv.list_item(item, i, long)
                                } else {
                                    conv.convert_tree(item, "").map(drop)
                                };
                                conv.keep = true;
                                note(deferred, r);
                            }
                            i = i.saturating_add(1);
                        }
                        if conv.ahead || matches!(conv.items, Items::Drop) {
                            conv.items_len = i;
                        }
                        continue;
                    }
                    let value = self.node(ev, m, 1)?;
                    if deferred.is_some() {
                        continue;
                    }
                    let name = map_key(key.target()).map(Cow::into_owned);
                    let list_key = name.as_ref().is_ok_and(|k| LIST_KEYS.contains(&k.as_str()));
                    let limit = MAX_OBJECT_BYTES as u64;
                    let merge = matches!(key.target().value, NodeValue::Merge);
                    let fresh = name
                        .as_ref()
                        .is_ok_and(|k| explicit.as_ref().is_some_and(|e| !e.contains(k)));
                    // A repeated key takes the entry it replaces out of the measure: a measured
                    // or passing one, a kept one, or one a merge set (a kept one otherwise:
                    // `map_entry`).
                    let gone = name.as_ref().ok().and_then(|k| {
                        if let Some(len) = conv.take_measured(k) {
                            return Some(len);
                        }
                        let old = (conv.root_bytes.is_some() && (fresh || !list_key))
                            .then(|| out.remove(k))
                            .flatten()?;
                        Some(entry_len(k, conv.deferred.json_len(&old)))
                    });
                    conv.root_bytes = conv.root_bytes.map(|b| b.saturating_sub(gone.unwrap_or(0)));
                    let whole = needs_whole(&out);
                    // What the entry's JSON surely holds (a lower bound counted on its tree),
                    // in a large document while the entries are measured (not a merge); only
                    // whether it passes what it is compared with below is asked.
                    let own = match conv.root_bytes {
                        Some(b)
                            if !over_limit
                                && !list_key
                                && self.chunk.text.len() > MAX_OBJECT_BYTES / 8
                                && !merge =>
                        {
                            let mut floor = limit.saturating_sub(b);
                            if conv.lean && !whole {
                                floor = floor.min(LEAN_MIN);
                            }
                            Some(min_json_len(&value, floor, limit))
                        }
                        _ => None,
                    };
                    // With the entries before it, the object passes the limit: the entry is
                    // converted for its errors only, as the entries after the limit are.
                    let passes = own
                        .zip(conv.root_bytes)
                        .is_some_and(|(o, b)| b.saturating_add(o) > limit);
                    // On its own: the object passes the limit while the entry is in it, and
                    // only then (a later key or merge may replace it): set aside, not counted.
                    let alone = own.is_some_and(|o| o > limit);
                    // A large entry under the limit (not `metadata`) of an object not known
                    // to need it (its kind not simulated, or not written yet): measured, not
                    // kept.
                    let lean = conv.lean
                        && !passes
                        && !whole
                        && name
                            .as_ref()
                            .is_ok_and(|k| !k.is_empty() && k != "metadata")
                        && own.is_some_and(|o| o > LEAN_MIN);
                    conv.keep = !(over_limit || passes) || list_key;
                    let r = if lean || alone {
                        partial |= lean;
                        conv.measure_entry(&mut explicit, key, value, alone)
                    } else {
                        // An object the simulation decodes (or, read again whole, known to
                        // be one): its long sequences held apart.
                        conv.defer = (whole || conv.decoded).then(String::new);
                        conv.map_entry(&mut out, &mut explicit, key, value, "", false)
                    };
                    note(deferred, r);
                    conv.keep = true;
                    conv.defer = None;
                    let over = (passes && !alone) || conv.root_bytes.is_some_and(|b| b > limit);
                    if !over_limit && over {
                        // Refused unless a List: its other entries are not needed.
                        over_limit = true;
                        conv.root_bytes = None;
                        out.retain(|k, _| LIST_KEYS.contains(&k.as_str()));
                    }
                }
                // The object's JSON is the measure plus its closing brace; an entry that
                // passes the limit on its own and is still in it passes it.
                over_limit |= !conv.passed.is_empty()
                    || partial
                        && conv
                            .root_bytes
                            .is_some_and(|b| b >= MAX_OBJECT_BYTES as u64);
                let json_len = (conv.root_bytes)
                    .filter(|_| !partial && conv.items_seen == 0)
                    .map(|b| b.saturating_add(1).max(2));
                conv.passed.clear();
                conv.root_bytes = None;
                return Ok(Converted {
                    line,
                    column,
                    value: Value::Object(out),
                    over_limit,
                    partial,
                    measured: std::mem::take(&mut conv.measured),
                    json_len,
                });
            }
            ev => {
                let node = self.node(ev, mark, 0)?;
                match conv.convert_tree(node, "") {
                    Ok(v) => v,
                    Err(e) => {
                        note(deferred, Err(e));
                        Value::Null
                    }
                }
            }
        };
        Ok(Converted {
            line,
            column,
            value,
            over_limit: false,
            partial: false,
            measured: Vec::new(),
            json_len: None,
        })
    }

    fn err_at(&self, kind: ErrorKind, mark: Mark, message: String) -> YamlError {
        let (line, column) = mark_position(self.chunk, mark);
        YamlError {
            kind,
            line,
            column,
            message,
        }
    }

    fn next(&mut self) -> Result<(Event, Mark), Failure> {
        self.parser
            .next_event()
            .map_err(|e| Failure::Syntax(libyaml_error(self.chunk, self.chunk.text.as_bytes(), &e)))
    }

    fn start_anchor(&mut self, anchor: Option<&String>) {
        if let Some(a) = anchor {
            self.started.insert(a.clone());
        }
    }

    /// Reads the rest of the document for a syntax error or an unknown anchor, until the
    /// nesting opened after the limit was hit passes [`MAX_DEPTH`] too (libyaml's stacks
    /// grow with the nesting: 8 MiB of `- - - ...` would otherwise cost hundreds of MB to
    /// find no other error).
    fn drain(&mut self) -> Result<(), YamlError> {
        let mut depth = 0usize;
        loop {
            match self.next() {
                Err(Failure::Syntax(e) | Failure::Limit(e)) => return Err(e),
                Ok((Event::DocumentEnd | Event::StreamEnd, _)) => return Ok(()),
                Ok((
                    Event::SequenceStart { anchor, .. } | Event::MappingStart { anchor, .. },
                    _,
                )) => {
                    self.start_anchor(anchor.as_ref());
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Ok(());
                    }
                }
                Ok((Event::SequenceEnd | Event::MappingEnd, _)) => depth = depth.saturating_sub(1),
                Ok((Event::Alias { anchor }, mark)) => {
                    if !self.started.contains(&anchor) {
                        return Err(mark_error(self.chunk, mark, "unknown anchor"));
                    }
                }
                Ok((Event::Scalar { anchor, .. }, _)) => self.start_anchor(anchor.as_ref()),
                Ok(_) => {}
            }
        }
    }

    fn document<R>(
        &mut self,
        root: impl FnOnce(&mut Self, Event, Mark) -> Result<R, Failure>,
    ) -> Result<Option<R>, Failure> {
        let mut root = Some(root);
        loop {
            let (ev, mark) = self.next()?;
            match ev {
                Event::StreamStart => {}
                Event::StreamEnd => return Ok(None),
                Event::DocumentStart => {
                    let (ev, mark) = self.next()?;
                    if matches!(ev, Event::DocumentEnd) {
                        return Ok(None);
                    }
                    let Some(read_root) = root.take() else {
                        return Ok(None);
                    };
                    let root = read_root(self, ev, mark)?;
                    // The rest of the document (its end), where libyaml may still find an
                    // error (`a: 1` then a stray `]`).
                    loop {
                        match self.next()?.0 {
                            Event::DocumentEnd | Event::StreamEnd => return Ok(Some(root)),
                            _ => {}
                        }
                    }
                }
                _ => {
                    return Err(Failure::Limit(self.err_at(
                        ErrorKind::Syntax,
                        mark,
                        "unexpected event".to_string(),
                    )))
                }
            }
        }
    }

    fn make(&self, mark: Mark, value: NodeValue) -> Node {
        let (line, column) = mark_position(self.chunk, mark);
        Node {
            line,
            column,
            value,
        }
    }

    /// A collection `node`, kept under its anchor's name if it has one: shared with its
    /// aliases ([`NodeValue::Anchored`]), not copied (an anchored 8 MiB sequence is held once).
    fn shared(&mut self, name: Option<String>, node: Node) -> Node {
        let Some(name) = name else {
            return node;
        };
        let (line, column) = (node.line, node.column);
        let node = Rc::new(node);
        self.anchors.insert(name, Rc::clone(&node));
        Node {
            line,
            column,
            value: NodeValue::Anchored(node),
        }
    }

    fn anchor(&mut self, name: Option<String>, node: &Node) {
        if let Some(name) = name {
            self.anchors.insert(name, Rc::new(node.clone()));
        }
    }

    fn node(&mut self, ev: Event, mark: Mark, depth: usize) -> Result<Node, Failure> {
        if depth > MAX_DEPTH {
            return Err(Failure::Limit(self.err_at(
                ErrorKind::TooDeep,
                mark,
                format!("error converting YAML to JSON: yaml: exceeded max depth of {MAX_DEPTH}"),
            )));
        }
        match ev {
            Event::Scalar {
                value,
                anchor,
                tag,
                style,
            } => {
                self.start_anchor(anchor.as_ref());
                let node = self.make(mark, scalar_value(value, style, tag.as_deref()));
                self.anchor(anchor, &node);
                Ok(node)
            }
            Event::Alias { anchor } => {
                let target = self.anchors.get(&anchor).map(Rc::clone);
                match target {
                    Some(t) => Ok(self.make(mark, NodeValue::Alias(t))),
                    None if !self.started.contains(&anchor) => Err(Failure::Syntax(mark_error(
                        self.chunk,
                        mark,
                        "unknown anchor",
                    ))),
                    None => Err(Failure::Limit(
                        self.err_at(
                            ErrorKind::Syntax,
                            mark,
                            "error converting YAML to JSON: yaml: unknown anchor referenced"
                                .to_string(),
                        ),
                    )),
                }
            }
            Event::SequenceStart { anchor, .. } => {
                self.start_anchor(anchor.as_ref());
                let mut items = Vec::new();
                loop {
                    let (ev, m) = self.next()?;
                    if matches!(ev, Event::SequenceEnd) {
                        break;
                    }
                    let item = self.node(ev, m, depth.saturating_add(1))?;
                    // One item, one slot (most collections are small: no shrinking then).
                    if items.is_empty() {
                        items.reserve_exact(1);
                    }
                    items.push(item);
                }
                // Capacity beyond the items (at least 4) goes back: a small node is small.
                items.shrink_to_fit();
                let node = self.make(mark, NodeValue::Seq(items));
                Ok(self.shared(anchor, node))
            }
            Event::MappingStart { anchor, .. } => {
                self.start_anchor(anchor.as_ref());
                let mut pairs = Vec::new();
                loop {
                    let (ev, m) = self.next()?;
                    if matches!(ev, Event::MappingEnd) {
                        break;
                    }
                    let key = self.node(ev, m, depth.saturating_add(1))?;
                    let (ev, m) = self.next()?;
                    let value = self.node(ev, m, depth.saturating_add(1))?;
                    if pairs.is_empty() {
                        pairs.reserve_exact(1);
                    }
                    pairs.push((key, value));
                }
                pairs.shrink_to_fit();
                let node = self.make(mark, NodeValue::Map(pairs));
                Ok(self.shared(anchor, node))
            }
            _ => Err(Failure::Limit(
                self.err_at(
                    ErrorKind::Syntax,
                    mark,
                    "error converting YAML to JSON: yaml: did not find expected node content"
                        .to_string(),
                ),
            )),
        }
    }
}

/// The YAML 1.1 core-schema tag prefix (`!!`), as libyaml resolves it.
const CORE_TAG: &str = "tag:yaml.org,2002:";

/// A scalar event's value (its text kept, not copied, when it is a string).
fn scalar_value(text: String, style: ScalarStyle, tag: Option<&str>) -> NodeValue {
    // Explicit core-schema tags (`!!str 0755`, `!!int "3"`); other tags are ignored as
    // go-yaml ignores unknown local tags when decoding into interface{}.
    let resolve = match tag.and_then(|t| t.strip_prefix(CORE_TAG)) {
        Some("str") => false,
        Some("int" | "float" | "bool" | "null") => true,
        _ if text == "<<" && style == ScalarStyle::Plain => return NodeValue::Merge,
        _ => style == ScalarStyle::Plain,
    };
    NodeValue::Scalar(if resolve {
        resolve_text(Cow::Owned(text))
    } else {
        Scalar::Str(text)
    })
}

/// A key that appeared twice in one mapping.
#[derive(Debug, Clone)]
pub(crate) struct Duplicate {
    pub path: String,
    pub location: Location,
}

/// One item of a `List`'s `items`, converted on its own ([`Items::Stream`]): its JSON (with
/// the kind it inherits, [`Converter::inherit`]), its positions and repeated keys (paths within
/// the item: `spec.x`, not `items[3].spec.x`), and where it is (the document's root where no
/// position is recorded: through an alias, or a scalar of a long sequence).
pub(crate) struct ListItem {
    pub value: Value,
    pub positions: PositionIndex,
    pub duplicates: Vec<Duplicate>,
    pub location: Location,
    /// Its long sequences held apart from `value` ([`Converter::deferred`]).
    pub deferred: Deferrals,
}

/// What [`Converter`] does with the root mapping's `items` (a `List`'s items; the last entry
/// that sets it, explicit or merged, is the List's).
pub(crate) enum Items<'s> {
    /// Kept in the value, as any other entry.
    Keep,
    /// Converted for their errors only (the value holds an empty collection): the first read
    /// of a manifest, which counts the entries ([`Converter::items_seen`]).
    Drop,
    /// The second read, once the first found no error: the entry the first read saw last is
    /// handed over item by item, each item dropped once handed over (kubectl sends a List's
    /// items one by one); the others are dropped. With [`Converter::ahead`], the first read:
    /// the first entry is handed over as it is read, if it can be ([`Converter::ahead_lost`]).
    /// The sink answers with where the hundredth error it keeps is, once it keeps a hundred:
    /// an item without a kind at or after it is counted, not written out
    /// ([`kinds::handle_item`](super::kinds::handle_item)), so it is converted for its errors
    /// only ([`Converter::list_item`]).
    Stream(&'s mut dyn FnMut(ListItem) -> Option<(u32, u32)>),
}

/// Converts trees to JSON, recording positions, duplicates and alias budgets.
pub(crate) struct Converter<'f> {
    file: &'f str,
    /// Where every field and item is, in document order.
    pub positions: PositionIndex,
    pub duplicates: Vec<Duplicate>,
    /// Repeated key paths → number of positions recorded before the repeat.
    stale: std::collections::BTreeMap<String, usize>,
    decode_count: u64,
    alias_count: u64,
    alias_depth: u32,
    aliased_bytes: u64,
    /// Whether values, positions and repeated keys are kept; `false` converts only to find
    /// the first error (a value no one reads: [`convert_document`]).
    keep: bool,
    /// The compact JSON size of the root mapping's entries but `items`, as they are
    /// converted (at least the size of its JSON less one), while [`convert_document`]
    /// measures it; `None` when not measured (or after a `<<` merge at the root).
    root_bytes: Option<u64>,
    /// What happens to the root's `items`.
    pub items: Items<'f>,
    /// The root's `items` entries met so far.
    pub items_seen: usize,
    /// With [`Items::Stream`]: which of them is handed over (the first read's last).
    pub items_streamed: usize,
    /// The length of the last `items` sequence [`Items::Drop`] read from events (whether its
    /// scalars get positions, for the second read).
    pub items_len: usize,
    /// The next sequence converted is the List's items, handed over.
    streaming: bool,
    /// [`convert_document`] may measure a large entry of a root mapping (not `metadata` or
    /// [`LIST_KEYS`], under the request limit) instead of keeping it: what the loader reads of
    /// an object of a kind it does not simulate is its `apiVersion`, `kind`, `metadata` and
    /// size ([`Converted::partial`]).
    pub lean: bool,
    /// The document is known to be an object the simulation decodes (read again whole for
    /// it): its long sequences are held apart from the first entry on ([`Converter::defer`]).
    pub decoded: bool,
    /// How many mapping entries the value being converted is in.
    depth: u32,
    /// Where the document's root is (line, column).
    root: (u32, u32),
    /// The kind and apiVersion the List's items without a kind take
    /// ([`kinds::inherited`](super::kinds::inherited)).
    pub inherit: (String, String),
    /// The first read hands over the items of the first `items` entry as it reads them, with
    /// the kind the mapping says so far, in case the document holds no error and nothing
    /// after them changes what they were handed over as (one read instead of two: the caller
    /// checks and keeps what was handed over, or reads again).
    pub ahead: bool,
    /// Items could not be handed over ahead: through an alias or a merge, or a scalar (whose
    /// position depends on the sequence's length).
    pub ahead_lost: bool,
    /// The root entries measured, not kept ([`Converted::measured`]).
    measured: Vec<(String, JsonHead)>,
    /// The root entries whose JSON passes the request limit on their own, converted for
    /// their errors only ([`Converter::measure_entry`]): the object passes the limit unless a
    /// later key or merge replaces them all.
    passed: Vec<String>,
    /// While a root entry of an object of a kind the simulation acts on is converted
    /// ([`convert_document`]): the key the value being converted is under. A sequence of
    /// more than [`MAX_SCALAR_POSITIONS`] items in it is held apart ([`Converter::deferred`]).
    defer: Option<String>,
    /// The long sequences held apart from the JSON, at their placeholders.
    pub deferred: Deferrals,
    /// What the sink of [`Items::Stream`] last answered: where the hundredth error it keeps is.
    floor: Option<(u32, u32)>,
}

/// Appends a field to a path as Kubernetes prints it (`spec.selector`).
pub(crate) fn child_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        let mut s = String::with_capacity(parent.len() + key.len() + 1);
        s.push_str(parent);
        s.push('.');
        s.push_str(key);
        s
    }
}

/// Appends an index to a path (`containers[0]`).
pub(crate) fn index_path(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

impl<'f> Converter<'f> {
    /// Takes the measured (or passing) root entry `key` out (a repeated key or a merge
    /// replaces it): the bytes its `"key":value,` counted (none for a passing one).
    fn take_measured(&mut self, key: &str) -> Option<u64> {
        if let Some(i) = self.passed.iter().position(|k| k == key) {
            self.passed.swap_remove(i);
            return Some(0);
        }
        let i = self.measured.iter().position(|(m, _)| m == key)?;
        let (k, json) = self.measured.swap_remove(i);
        Some(entry_len(&k, json.len))
    }

    pub(crate) fn new(file: &'f str) -> Self {
        Converter {
            file,
            positions: PositionIndex::new(file),
            duplicates: Vec::new(),
            stale: std::collections::BTreeMap::new(),
            decode_count: 0,
            alias_count: 0,
            alias_depth: 0,
            aliased_bytes: 0,
            keep: true,
            root_bytes: None,
            items: Items::Keep,
            items_seen: 0,
            items_streamed: 0,
            items_len: 0,
            streaming: false,
            lean: false,
            depth: 0,
            root: (0, 0),
            inherit: (String::new(), String::new()),
            ahead: false,
            ahead_lost: false,
            measured: Vec::new(),
            passed: Vec::new(),
            defer: None,
            decoded: false,
            deferred: Deferrals::default(),
            floor: None,
        }
    }

    fn count(&mut self, node: &Node) -> Result<(), YamlError> {
        let text = match &node.value {
            NodeValue::Scalar(Scalar::Str(s)) => s.len(),
            _ => 0,
        };
        self.count_at(node.line, node.column, text)
    }

    /// Counts one node decoded at `line`:`column` (`text`: the bytes of its string, if it
    /// is one) against go-yaml's alias budget.
    fn count_at(&mut self, line: u32, column: u32, text: usize) -> Result<(), YamlError> {
        self.decode_count = self.decode_count.saturating_add(1);
        if self.alias_depth > 0 {
            self.alias_count = self.alias_count.saturating_add(1);
            self.aliased_bytes = self.aliased_bytes.saturating_add(text as u64);
        }
        let ratio = allowed_alias_ratio(self.decode_count);
        #[allow(clippy::cast_precision_loss)]
        let excessive = self.alias_count > 100
            && self.decode_count > 1000
            && (self.alias_count as f64) / (self.decode_count as f64) > ratio;
        if excessive || self.aliased_bytes > MAX_ALIASED_BYTES {
            return Err(YamlError {
                kind: ErrorKind::TooLarge,
                line,
                column,
                message:
                    "error converting YAML to JSON: yaml: document contains excessive aliasing"
                        .to_string(),
            });
        }
        Ok(())
    }

    /// Converts `node` (at `path`) to JSON.
    pub(crate) fn convert(&mut self, node: &Node, path: &str) -> Result<Value, YamlError> {
        if !matches!(node.value, NodeValue::Anchored(_)) {
            self.count(node)?;
        }
        match &node.value {
            NodeValue::Anchored(t) => self.convert(t, path),
            NodeValue::Alias(t) => {
                self.alias_depth = self.alias_depth.saturating_add(1);
                let r = self.convert(t, path);
                self.alias_depth = self.alias_depth.saturating_sub(1);
                r
            }
            NodeValue::Merge => Ok(Value::String("<<".to_string())),
            NodeValue::Scalar(s) => scalar_to_json(s).map_err(|m| YamlError {
                kind: ErrorKind::Syntax,
                line: node.line,
                column: node.column,
                message: m,
            }),
            NodeValue::Seq(items) => {
                let stream = std::mem::take(&mut self.streaming);
                let mut out = self.seq_out(items.len(), stream);
                let long = items.len() > MAX_SCALAR_POSITIONS;
                for (i, item) in items.iter().enumerate() {
                    if stream {
                        self.list_item(item, i, long)?;
                        continue;
                    }
                    let p = self.item_path(item, path, i, long);
                    let v = self.convert(item, p.as_deref().unwrap_or(""));
                    self.seq_push(&mut out, v)?;
                }
                Ok(self.seq_end(out))
            }
            NodeValue::Map(pairs) => {
                let mut out = Map::new();
                self.fill_map(&mut out, pairs.iter().map(|(k, v)| (k, v)), path, false)?;
                Ok(Value::Object(out))
            }
        }
    }

    /// [`Converter::convert`] of a tree no longer needed: the tree is dropped as it is
    /// converted (a mapping's values one by one; a sequence's items an eighth of the sequence
    /// at a time), so a document that is or holds a long sequence (8 MiB of `[1,1,…]` or
    /// `a: [1,1,…]`: 4 million nodes) is never held twice, once as a tree and once as JSON.
    /// The value, positions and errors are `convert`'s.
    pub(crate) fn convert_tree(&mut self, node: Node, path: &str) -> Result<Value, YamlError> {
        if !matches!(node.value, NodeValue::Seq(_) | NodeValue::Map(_)) {
            return self.convert(&node, path);
        }
        self.count(&node)?;
        let mut items = match node.value {
            NodeValue::Map(pairs) => {
                let mut out = Map::new();
                self.fill_map(&mut out, pairs, path, false)?;
                return Ok(Value::Object(out));
            }
            NodeValue::Seq(items) => items,
            _ => return Ok(Value::Null),
        };
        let n = items.len();
        let long = n > MAX_SCALAR_POSITIONS;
        let step = (n / 8).max(MAX_SCALAR_POSITIONS);
        let stream = std::mem::take(&mut self.streaming);
        let mut out = self.seq_out(n, stream);
        let mut first = 0usize;
        while !items.is_empty() {
            let chunk = step.min(items.len());
            for (k, item) in items.drain(..chunk).enumerate() {
                if stream {
                    self.list_item(item, first.saturating_add(k), long)?;
                    continue;
                }
                let p = self.item_path(&item, path, first.saturating_add(k), long);
                let v = self.convert_tree(item, p.as_deref().unwrap_or(""));
                self.seq_push(&mut out, v)?;
            }
            first = first.saturating_add(chunk);
            // What was converted goes back to the allocator.
            items.shrink_to_fit();
        }
        Ok(self.seq_end(out))
    }

    /// Where the items of a sequence of `n` items (`stream`: handed over, not kept) go: a
    /// vector, or, past [`MAX_SCALAR_POSITIONS`] items while [`Converter::defer`] says, a
    /// deferred sequence (its items converted without deferring).
    fn seq_out(&mut self, n: usize, stream: bool) -> SeqOut {
        if self.keep && !stream && n > MAX_SCALAR_POSITIONS {
            if let Some(key) = self.defer.take() {
                return SeqOut::Deferred(Deferring::new(n, key));
            }
        }
        SeqOut::Kept(Vec::with_capacity(if self.keep && !stream { n } else { 0 }))
    }

    /// Keeps item `v` of the sequence `out` (if values are kept).
    fn seq_push(&self, out: &mut SeqOut, v: Result<Value, YamlError>) -> Result<(), YamlError> {
        let v = v?;
        match out {
            SeqOut::Kept(items) if self.keep => items.push(v),
            SeqOut::Deferred(d) if self.keep => d.push(&v),
            _ => {}
        }
        Ok(())
    }

    /// The sequence `out`'s value: its items, or the placeholder of a deferred sequence.
    fn seq_end(&mut self, out: SeqOut) -> Value {
        match out {
            SeqOut::Kept(items) => Value::Array(items),
            SeqOut::Deferred(d) => {
                self.defer = Some(d.key().to_string());
                self.deferred.place(d)
            }
        }
    }

    /// The root's `items` entry `v`, as [`Converter::items`] says.
    fn root_items<T: Tree>(&mut self, v: T) -> Result<Value, YamlError> {
        self.items_seen = self.items_seen.saturating_add(1);
        // Only the items read from events are handed over ahead (their entry empty here).
        let events = matches!(&v.borrow().value, NodeValue::Seq(s) if s.is_empty());
        let lost = self.ahead && !events;
        self.ahead_lost |= lost;
        let stream = matches!(self.items, Items::Stream(_))
            && self.items_seen == self.items_streamed
            && !lost;
        self.streaming = stream;
        self.keep = stream || matches!(self.items, Items::Keep);
        let r = v.convert_in(self, "items");
        self.keep = true;
        self.streaming = false;
        r
    }

    /// Converts item `i` of the List's items (`long`: of more than [`MAX_SCALAR_POSITIONS`])
    /// and hands it over ([`Items::Stream`]) with its positions and repeated keys: what the
    /// whole List's conversion would have recorded under `items[i]`.
    pub(crate) fn list_item<T: Tree>(
        &mut self,
        item: T,
        i: usize,
        long: bool,
    ) -> Result<(), YamlError> {
        let node: &Node = item.borrow();
        let at_root = self.alias_depth > 0;
        if self.floor.is_some_and(|f| {
            let (line, column) = if at_root {
                self.root
            } else {
                (node.line, node.column)
            };
            (line, column) >= f && self.inherit.0.is_empty() && lacks_kind(node)
        }) {
            // Refused for its missing kind past the hundredth error, counted, not written out:
            // its errors are all that is read of it (a million `{a: 1}` cost no JSON).
            let location = if at_root {
                self.root_location()
            } else {
                node.location(self.file)
            };
            let keep = std::mem::replace(&mut self.keep, false);
            let r = item.convert_in(self, "");
            self.keep = keep;
            r?;
            self.hand_over(ListItem {
                value: Value::Null,
                positions: PositionIndex::new(self.file),
                duplicates: Vec::new(),
                location,
                deferred: Deferrals::default(),
            });
            return Ok(());
        }
        let (at, dups) = (self.positions.len(), self.duplicates.len());
        let outer = std::mem::take(&mut self.stale);
        let p = self.item_path(item.borrow(), "items", i, long);
        // An item is an object of its own: its long sequences held apart, with it.
        let (outer_defer, outer_deferred) = (
            self.defer.replace(String::new()),
            std::mem::take(&mut self.deferred),
        );
        let r = item.convert_in(self, p.as_deref().unwrap_or(""));
        self.defer = outer_defer;
        let deferred = std::mem::replace(&mut self.deferred, outer_deferred);
        let stale = std::mem::replace(&mut self.stale, outer);
        let mut value = r?;
        super::kinds::inherit(&mut value, &self.inherit);
        let mut duplicates = self.duplicates.split_off(dups);
        // `items[3].spec.x` → `spec.x`; `items[3]` → ``; `items[3][0]` → `[0]` (the item's
        // own positions, without those of values a repeated key replaced).
        let cut = p.map_or(0, |p| p.len());
        let fresh = |i: usize, path: &str| !is_stale(i, path, &stale);
        let (positions, location) = self.positions.split_off(at, cut, &fresh);
        let location = location.unwrap_or_else(|| self.root_location());
        for d in &mut duplicates {
            let dot = usize::from(d.path.as_bytes().get(cut) == Some(&b'.'));
            d.path
                .replace_range(..cut.saturating_add(dot).min(d.path.len()), "");
        }
        self.hand_over(ListItem {
            value,
            positions,
            duplicates,
            location,
            deferred,
        });
        Ok(())
    }

    /// Hands `item` over to the sink of [`Items::Stream`].
    fn hand_over(&mut self, item: ListItem) {
        if let Items::Stream(sink) = &mut self.items {
            self.floor = sink(item);
        }
    }

    /// Where the document's root is.
    fn root_location(&self) -> Location {
        Location {
            file: self.file.to_string(),
            line: self.root.0,
            column: self.root.1,
        }
    }

    /// Converts the root entry `key: value` (not a merge) for its errors and its JSON's size
    /// only ([`Converter::lean`]): the size goes to [`Converter::root_bytes`], the first bytes
    /// to [`Converter::measured`]; only the key's position (and repetition) is kept. `alone`:
    /// its JSON is known to pass the request limit on its own: converted for its errors only,
    /// set aside in [`Converter::passed`].
    fn measure_entry(
        &mut self,
        explicit: &mut Option<BTreeSet<String>>,
        key: Node,
        value: Node,
        alone: bool,
    ) -> Result<(), YamlError> {
        let name = map_key(key.target())
            .map_err(|m| YamlError {
                kind: ErrorKind::Syntax,
                line: key.line,
                column: key.column,
                message: m,
            })?
            .into_owned();
        let repeated = explicit.as_mut().is_some_and(|e| !e.insert(name.clone()));
        self.record_key(repeated, &name, (key.line, key.column));
        if alone {
            let keep = std::mem::replace(&mut self.keep, false);
            let r = value.convert_in(self, "");
            self.keep = keep;
            r?;
            self.passed.push(name);
            return Ok(());
        }
        let (at, dups) = (self.positions.len(), self.duplicates.len());
        let outer = std::mem::take(&mut self.stale);
        let mut json = JsonHead::default();
        let r = self.measure(value, &name, at, dups, &mut json);
        self.stale = outer;
        r?;
        let entry = entry_len(&name, json.len);
        self.root_bytes = self.root_bytes.map(|b| b.saturating_add(entry));
        self.measured.push((name, json));
        Ok(())
    }

    /// Records the key at `p`, at `line`:`column`: where it is, and, `repeated` in its
    /// mapping, a [`Duplicate`] (the last value wins: where the first was is forgotten, in one
    /// pass at the end, see `finish`).
    fn record_key(&mut self, repeated: bool, p: &str, (line, column): (u32, u32)) {
        if repeated {
            self.stale.insert(p.to_string(), self.positions.len());
            self.duplicates.push(Duplicate {
                path: p.to_string(),
                location: Location {
                    file: self.file.to_string(),
                    line,
                    column,
                },
            });
        }
        if self.alias_depth == 0 {
            self.positions.push(p, line, column);
        }
    }

    /// Writes `node`'s JSON (at `path`) to `json`, with `convert`'s errors: a sequence's items
    /// are converted one at a time, each dropped once written with its positions (those
    /// after the first `at`, repeated keys after the first `dups`).
    fn measure<T: Tree>(
        &mut self,
        node: T,
        path: &str,
        at: usize,
        dups: usize,
        json: &mut JsonHead,
    ) -> Result<(), YamlError> {
        let n: &Node = node.borrow();
        match &n.value {
            NodeValue::Anchored(t) => {
                let t = Rc::clone(t);
                return self.measure(&*t, path, at, dups, json);
            }
            NodeValue::Alias(t) => {
                let t = Rc::clone(t);
                self.count(n)?;
                self.alias_depth = self.alias_depth.saturating_add(1);
                let r = self.measure(&*t, path, at, dups, json);
                self.alias_depth = self.alias_depth.saturating_sub(1);
                return r;
            }
            NodeValue::Seq(_) => self.count(n)?,
            _ => {
                // A mapping's long sequences held apart while it is converted: their JSON text
                // is what is measured.
                let (outer, held) = (self.defer.replace(String::new()), self.deferred.len());
                let v = node.convert_in(self, path);
                self.defer = outer;
                let v = v?;
                self.positions.truncate(at);
                self.duplicates.truncate(dups);
                self.stale.clear();
                self.deferred.write_json(&v, json);
                self.deferred.truncate(held);
                return Ok(());
            }
        }
        json.push(b"[");
        for (i, item) in node.items().into_iter().enumerate() {
            if i > 0 {
                json.push(b",");
            }
            self.measure(item, path, at, dups, json)?;
        }
        json.push(b"]");
        Ok(())
    }

    /// The path of item `i` of the sequence at `path`, its position recorded. The scalars of
    /// a very long sequence get neither (`None`; an error about one is located at the
    /// sequence, and a scalar's conversion does not read its path): 4 million `1,` in 8 MiB
    /// cost hundreds of MB of entries otherwise.
    fn item_path(&mut self, item: &Node, path: &str, i: usize, long: bool) -> Option<String> {
        if !self.keep || (long && matches!(item.value, NodeValue::Scalar(_))) {
            return None;
        }
        let p = index_path(path, i);
        if self.alias_depth == 0 {
            self.positions.push(&p, item.line, item.column);
        }
        Some(p)
    }

    /// Converts a mapping's `pairs` (at `path`) into `out`: borrowed ones, or owned ones
    /// whose values are dropped as they are converted ([`Tree`]).
    fn fill_map<T: Tree>(
        &mut self,
        out: &mut Map<String, Value>,
        pairs: impl IntoIterator<Item = (T, T)>,
        path: &str,
        merging: bool,
    ) -> Result<(), YamlError> {
        let mut explicit = None;
        for (k, v) in pairs {
            self.map_entry(out, &mut explicit, k, v, path, merging)?;
        }
        Ok(())
    }

    /// Converts one entry `k: v` of the mapping at `path` into `out` (`explicit`: the keys
    /// met so far in this mapping, for repeated keys; `None` while they are `out`'s, in a
    /// mapping not the streamed root before any `<<` merge: no copy of 150,000 keys); without
    /// [`Converter::keep`], only for its errors. At the root, [`Converter::root_bytes`] grows
    /// by the entry's JSON.
    fn map_entry<T: Tree>(
        &mut self,
        out: &mut Map<String, Value>,
        explicit: &mut Option<BTreeSet<String>>,
        k: T,
        v: T,
        path: &str,
        merging: bool,
    ) -> Result<(), YamlError> {
        {
            let at = (k.borrow().line, k.borrow().column);
            let key_node = k.borrow().target();
            if matches!(key_node.value, NodeValue::Merge) {
                explicit_before_merge(explicit, out);
                return self.merge(out, v.borrow(), path);
            }
            let key = map_key(key_node).map_err(|m| YamlError {
                kind: ErrorKind::Syntax,
                line: at.0,
                column: at.1,
                message: m,
            })?;
            if !self.keep {
                // (Nothing is recorded: no path is read.)
                return v.convert_in(self, "").map(drop);
            }
            let key = key.into_owned();
            let p = child_path(path, &key);
            if !merging {
                // (go-yaml v2, non-strict: the last value wins.)
                let repeated = repeated_key(explicit, out, &key);
                self.record_key(repeated, &p, at);
            }
            // (A path is empty under an empty key too: the root is the mapping at depth 0.)
            self.depth = self.depth.saturating_add(1);
            let outer = self
                .defer
                .as_mut()
                .map(|k| std::mem::replace(k, key.clone()));
            let value = if path.is_empty() && self.depth == 1 && key == "items" {
                self.root_items(v)
            } else {
                v.convert_in(self, &p)
            };
            if let (Some(k), Some(outer)) = (self.defer.as_mut(), outer) {
                *k = outer;
            }
            self.depth = self.depth.saturating_sub(1);
            let value = value?;
            // A root entry, explicit or merged into the root (`<<` at the root, at depth 0).
            let root = path.is_empty() && if merging { self.depth == 0 } else { true };
            match self.root_bytes.filter(|_| root && key != "items") {
                Some(bytes) => {
                    // `"key":value,` in, the entry it replaces (a repeated key, or a kept or
                    // measured one a merge replaces) out.
                    let deferred = &self.deferred;
                    let entry = |v: &Value| entry_len(&key, deferred.json_len(v));
                    let added = bytes.saturating_add(entry(&value));
                    let replaced = out.insert(key.clone(), value);
                    let mut gone = replaced.as_ref().map_or(0, entry);
                    if let Some(len) = self.take_measured(&key) {
                        gone = gone.saturating_add(len);
                    }
                    self.root_bytes = Some(added.saturating_sub(gone));
                }
                None => {
                    out.insert(key, value);
                }
            }
        }
        Ok(())
    }

    /// Whether any alias was expanded (then the JSON may be far larger than the text).
    pub(crate) fn expanded_aliases(&self) -> bool {
        self.alias_count > 0
    }

    /// The positions (without those of values a repeated key replaced) and the repeated keys.
    pub(crate) fn finish(self) -> (PositionIndex, Vec<Duplicate>) {
        let Converter {
            mut positions,
            duplicates,
            stale,
            ..
        } = self;
        if !stale.is_empty() {
            positions.retain(&|i, p| !is_stale(i, p, &stale));
        }
        positions.done();
        (positions, duplicates)
    }

    /// go-yaml v2 `d.merge`: a map, or a sequence of maps (earlier ones win).
    fn merge(
        &mut self,
        out: &mut Map<String, Value>,
        value: &Node,
        path: &str,
    ) -> Result<(), YamlError> {
        let bad = || {
            YamlError {
            kind: ErrorKind::Syntax,
            line: value.line,
            column: value.column,
            message: "error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value".to_string(),
        }
        };
        self.alias_depth = self.alias_depth.saturating_add(1);
        let r = match &value.target().value {
            NodeValue::Map(pairs) => {
                self.fill_map(out, pairs.iter().map(|(k, v)| (k, v)), path, true)
            }
            NodeValue::Seq(items) => {
                let mut r = Ok(());
                for item in items.iter().rev() {
                    match &item.target().value {
                        NodeValue::Map(pairs) => {
                            r = self.fill_map(out, pairs.iter().map(|(k, v)| (k, v)), path, true);
                            if r.is_err() {
                                break;
                            }
                        }
                        _ => {
                            r = Err(bad());
                            break;
                        }
                    }
                }
                r
            }
            _ => Err(bad()),
        };
        self.alias_depth = self.alias_depth.saturating_sub(1);
        r
    }
}

/// Whether `key` is repeated in a mapping whose value so far is `out` and whose explicit keys
/// are `explicit` (`None`: `out`'s, [`Converter::map_entry`]); it is one of them now.
#[inline(never)]
fn repeated_key(
    explicit: &mut Option<BTreeSet<String>>,
    out: &Map<String, Value>,
    key: &str,
) -> bool {
    match explicit {
        Some(e) => !e.insert(key.to_string()),
        None => out.contains_key(key),
    }
}

/// A `<<` merge is met in a mapping whose value so far is `out`: from now on `out` holds
/// merged keys too, so its explicit keys so far are set apart (once).
#[inline(never)]
fn explicit_before_merge(explicit: &mut Option<BTreeSet<String>>, out: &Map<String, Value>) {
    if explicit.is_none() {
        let mut keys = BTreeSet::new();
        for k in out.keys() {
            keys.insert(k.clone());
        }
        *explicit = Some(keys);
    }
}

/// Whether the position recorded as entry `i` of the converter's, at `p`, is of a value a
/// repeated key replaced: `stale` maps a repeated key's path to the number of entries
/// recorded before the repeat.
fn is_stale(i: usize, p: &str, stale: &std::collections::BTreeMap<String, usize>) -> bool {
    // Stale when `p` or one of its ancestors was repeated after entry `i`.
    if stale.is_empty() {
        return false;
    }
    let mut cut = p.len();
    loop {
        if let Some(&at) = p.get(..cut).and_then(|a| stale.get(a)) {
            if i < at {
                return true;
            }
        }
        match p.get(..cut).and_then(|a| a.rfind(['.', '['])) {
            Some(c) => cut = c,
            None => return false,
        }
    }
}

/// Where [`Converter`] puts a sequence's items.
enum SeqOut {
    Kept(Vec<Value>),
    Deferred(Deferring),
}

/// A tree [`Converter`] reads: borrowed (`&Node`, kept, as an alias's target is) or owned
/// (`Node`, dropped as it is converted: [`Converter::convert_tree`]).
pub(crate) trait Tree: Borrow<Node> + Sized {
    /// Converts the tree at `path` with `conv`.
    fn convert_in(self, conv: &mut Converter<'_>, path: &str) -> Result<Value, YamlError>;
    /// A sequence's items (none for anything else).
    fn items(self) -> Vec<Self>;
}

impl Tree for &Node {
    fn convert_in(self, conv: &mut Converter<'_>, path: &str) -> Result<Value, YamlError> {
        conv.convert(self, path)
    }
    fn items(self) -> Vec<Self> {
        match &self.value {
            NodeValue::Seq(items) => items.iter().collect(),
            _ => Vec::new(),
        }
    }
}

impl Tree for Node {
    fn convert_in(self, conv: &mut Converter<'_>, path: &str) -> Result<Value, YamlError> {
        conv.convert_tree(self, path)
    }
    fn items(self) -> Vec<Self> {
        match self.value {
            NodeValue::Seq(items) => items,
            _ => Vec::new(),
        }
    }
}

/// The bytes a root entry `key: value` adds to its object's JSON, `value`'s being
/// `value_len`: the key's JSON, `:`, and the comma before it (or the opening brace).
fn entry_len(key: &str, value_len: u64) -> u64 {
    json_len(key).saturating_add(2).saturating_add(value_len)
}

/// A lower bound of the length of `node`'s compact JSON once converted, counted on the tree
/// (no value built); the count stops once past `cap`. What converting surely keeps: each
/// string's text and quotes, one byte for any other value, an alias as its target, a sequence's
/// brackets and commas, and a mapping's entries that no later entry (a repeated key, a `<<`
/// merge) can replace. Exact only past `floor`: a count at or below `floor` is one (what a
/// caller asking whether it passes `floor` or more needs), counted without looking for
/// repeated keys (no set of a mapping's keys: 150,000 labels are not hashed).
fn min_json_len(node: &Node, floor: u64, cap: u64) -> u64 {
    let rough = count_json_len(node, cap, false);
    if rough <= floor {
        return rough;
    }
    count_json_len(node, cap, true)
}

/// [`min_json_len`]'s count: with `repeats`, a mapping's keys met again later are counted
/// once; without, every entry is (at least the count with).
fn count_json_len(node: &Node, cap: u64, repeats: bool) -> u64 {
    let mut n = 1u64;
    match &node.target().value {
        NodeValue::Scalar(Scalar::Str(s)) => return s.len() as u64 + 2,
        NodeValue::Seq(items) => {
            for item in items {
                if n > cap {
                    break;
                }
                n = n.saturating_add(1 + count_json_len(item, cap, repeats));
            }
        }
        NodeValue::Map(pairs) => {
            let mut later = HashSet::new();
            for (k, v) in pairs.iter().rev() {
                let k = k.target();
                if n > cap || matches!(k.value, NodeValue::Merge) {
                    break;
                }
                if let Ok(key) = map_key(k) {
                    // `"key":value` and a comma or the closing brace; a key met again later
                    // was replaced by that one.
                    let len = key.len() as u64 + 4;
                    if !repeats || later.insert(key) {
                        n = n.saturating_add(len + count_json_len(v, cap, repeats));
                    }
                }
            }
        }
        _ => return 1,
    }
    n.max(2)
}

/// Whether `node` is a mapping that gives its object no kind: no key `kind`, no `<<` merge.
fn lacks_kind(node: &Node) -> bool {
    match &node.value {
        NodeValue::Map(pairs) => pairs.iter().all(|(k, _)| match &k.target().value {
            NodeValue::Merge => false,
            NodeValue::Scalar(Scalar::Str(s)) => s != "kind",
            _ => true,
        }),
        _ => false,
    }
}

/// go-yaml's `allowedAliasRatio`.
fn allowed_alias_ratio(decode_count: u64) -> f64 {
    if decode_count <= ALIAS_RATIO_LOW {
        0.99
    } else if decode_count >= ALIAS_RATIO_HIGH {
        0.10
    } else {
        #[allow(clippy::cast_precision_loss)]
        let f =
            (decode_count - ALIAS_RATIO_LOW) as f64 / (ALIAS_RATIO_HIGH - ALIAS_RATIO_LOW) as f64;
        0.99 - 0.89 * f
    }
}

/// A resolved scalar as JSON, as `sigs.k8s.io/yaml` then `encoding/json` would write it.
fn scalar_to_json(s: &Scalar) -> Result<Value, String> {
    Ok(match s {
        Scalar::Null => Value::Null,
        Scalar::Bool(b) => Value::Bool(*b),
        Scalar::Int(i) => Value::Number(Number::from(*i)),
        Scalar::UInt(u) => Value::Number(Number::from(*u)),
        Scalar::Float(f) => float_to_json(*f)?,
        Scalar::Str(s) => Value::String(s.clone()),
    })
}

/// `encoding/json` writes an integral float64 such as `1.0` as `1` (below 1e21), which then
/// decodes into integer fields; NaN and infinities are refused.
fn float_to_json(f: f64) -> Result<Value, String> {
    if f.is_nan() {
        return Err("error converting YAML to JSON: json: unsupported value: NaN".to_string());
    }
    if f.is_infinite() {
        let sign = if f > 0.0 { "+Inf" } else { "-Inf" };
        return Err(format!(
            "error converting YAML to JSON: json: unsupported value: {sign}"
        ));
    }
    if f.fract() == 0.0 && f.abs() < 1e18 {
        #[allow(clippy::cast_possible_truncation)]
        let i = f as i64;
        return Ok(Value::Number(Number::from(i)));
    }
    Ok(Number::from_f64(f).map_or(Value::Null, Value::Number))
}

/// `sigs.k8s.io/yaml` `convertToJSONableObject`: map keys become strings.
fn map_key(node: &Node) -> Result<Cow<'_, str>, String> {
    match &node.value {
        NodeValue::Scalar(Scalar::Str(s)) => Ok(Cow::Borrowed(s)),
        NodeValue::Scalar(Scalar::Int(i)) => Ok(i.to_string().into()),
        NodeValue::Scalar(Scalar::UInt(u)) => Ok(u.to_string().into()),
        NodeValue::Scalar(Scalar::Bool(b)) => Ok(b.to_string().into()),
        NodeValue::Scalar(Scalar::Float(f)) => Ok(if f.is_nan() {
            ".nan".into()
        } else if f.is_infinite() {
            if *f > 0.0 { ".inf" } else { "-.inf" }.into()
        } else {
            format!("{f}").into()
        }),
        NodeValue::Merge => Ok("<<".into()),
        NodeValue::Scalar(Scalar::Null) => {
            Err("error converting YAML to JSON: unsupported map key of type: <nil>".to_string())
        }
        NodeValue::Seq(_) | NodeValue::Map(_) | NodeValue::Alias(_) | NodeValue::Anchored(_) => {
            Err(
                "error converting YAML to JSON: yaml: invalid map key: a mapping or sequence"
                    .to_string(),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::kinds::short_json;
    use super::*;

    fn convert(text: &str) -> Value {
        let chunk = documents(text)
            .next()
            .and_then(Result::ok)
            .unwrap_or(Chunk {
                text: "",
                first_line: 1,
                first_column: 0,
            });
        let tree = parse_tree(&chunk).ok().flatten();
        let Some(tree) = tree else {
            return Value::Null;
        };
        Converter::new("t")
            .convert(&tree, "")
            .unwrap_or(Value::Null)
    }

    /// `convert_tree` (the tree dropped as it is converted) gives `convert`'s value,
    /// positions, repeated keys and first error, for long sequences (past
    /// `MAX_SCALAR_POSITIONS`, converted an eighth at a time) holding nested ones.
    #[test]
    fn converting_a_tree_as_it_is_dropped_is_converting_it() {
        let long = |inner: &str| {
            let mut t = String::from("- [a, {b: 1, b: 2}]\n");
            for i in 0..30_000 {
                t.push_str(if i == 20_001 { inner } else { "- 1\n" });
            }
            t.push_str("- [[x], {c: [y]}]\n");
            t
        };
        let docs = [
            long("- [2, [3, {d: e}]]\n"),
            long("- [2, .nan]\n"),
            long("- .inf\n"),
            format!("[{}1]", "[1, [2]], ".repeat(12_000)),
            "[1, 2]".to_string(),
            "a: [1]".to_string(),
            format!(
                "a: {{b: x, c: [{}], b: [y]}}\nd: &d {{e: 1}}\nf: {{<<: *d, g: [h]}}",
                "1, {i: j}, ".repeat(12_000)
            ),
            format!("- a: [{}.nan]", "1, ".repeat(12_000)),
            "7".to_string(),
        ];
        for text in &docs {
            let chunk = documents(text).next().and_then(Result::ok).unwrap();
            let tree = parse_tree(&chunk).unwrap().unwrap();
            let mut by_ref = Converter::new("t");
            let a = by_ref.convert(&tree, "");
            let mut owned = Converter::new("t");
            let b = owned.convert_tree(tree, "");
            assert_eq!(a.is_ok(), b.is_ok(), "{}", &text[..40.min(text.len())]);
            match (a, b) {
                (Ok(a), Ok(b)) => assert_eq!(a, b),
                (Err(a), Err(b)) => {
                    assert_eq!(
                        (a.line, a.column, &a.message),
                        (b.line, b.column, &b.message)
                    );
                }
                _ => unreachable!(),
            }
            let (pa, da) = by_ref.finish();
            let (pb, db) = owned.finish();
            assert_eq!(pa, pb);
            assert_eq!(format!("{da:?}"), format!("{db:?}"));
        }
        // The error is the first in document order, at the item.
        let text = long("- [2, .nan]\n");
        let chunk = documents(&text).next().and_then(Result::ok).unwrap();
        let tree = parse_tree(&chunk).unwrap().unwrap();
        let e = Converter::new("t").convert_tree(tree, "").unwrap_err();
        assert_eq!((e.line, e.column), (20_003, 7));
    }

    /// `convert_document` (the root read entry by entry) gives the whole tree's value,
    /// positions, repeated keys and first error for a root mapping under the request limit;
    /// for a root sequence, the same first error (its value is not kept).
    #[test]
    fn converting_the_root_entry_by_entry_is_converting_the_tree() {
        let docs = [
            "a: [1, {b: 2, b: 3}]\nc: {d: e}\na: x\n".to_string(),
            "base: &b {x: 1, z: 2}\nm:\n  <<: *b\n  z: 3\n<<: {q: 1}\nl: [&a q, *a]\n".to_string(),
            "a: 1\nb: .nan\nc: [.inf]\n".to_string(),
            "a: 1\n? [x]\n: y\n".to_string(),
            format!("a: [{}{{i: .nan}}]\n", "1, ".repeat(12_000)),
            "a: 1\nb: *nope\n".to_string(),
            "a: &x [*x]\nb: 1\n".to_string(),
            "a: .nan\nb: &x [*x]\n".to_string(),
            "a: .nan\nb: c: d\n".to_string(),
            format!("a: .nan\nb: {}x\n", "- ".repeat(250)),
            "items: [{a: 1}, {a: 2}]\nkind: List\nitems: [{b: 1}]\n".to_string(),
            "- 1\n- .nan\n- .inf\n".to_string(),
            format!("[{}[.inf]]\n", "1, ".repeat(12_000)),
            "- a\n- {b: c: d}\n".to_string(),
            "- {null: 1}\n- &x [*x]\n".to_string(),
            "&r {a: 1}\n".to_string(),
            "plain\n".to_string(),
            ".nan\n".to_string(),
        ];
        for text in &docs {
            let chunk = documents(text).next().and_then(Result::ok).unwrap();
            let mut whole = Converter::new("t");
            let a = parse_tree(&chunk).and_then(|t| match t {
                Some(t) => whole.convert_tree(t, "").map(Some),
                None => Ok(None),
            });
            let mut streamed = Converter::new("t");
            let b = convert_document(&chunk, &mut streamed);
            let shown = &text[..40.min(text.len())];
            match (a, b) {
                (Ok(Some(a)), Ok(Some(b))) => {
                    assert!(!b.over_limit);
                    if a.is_array() {
                        assert_eq!(b.value, Value::Array(Vec::new()), "{shown}");
                    } else {
                        assert_eq!(a, b.value, "{shown}");
                        let (pa, da) = whole.finish();
                        let (pb, db) = streamed.finish();
                        assert_eq!(pa, pb, "{shown}");
                        assert_eq!(format!("{da:?}"), format!("{db:?}"), "{shown}");
                    }
                }
                (Err(a), Err(b)) => assert_eq!(
                    (a.kind, a.line, a.column, &a.message),
                    (b.kind, b.line, b.column, &b.message),
                    "{shown}"
                ),
                (a, b) => panic!("{shown}: {a:?} vs {:?}", b.map(|c| c.map(|c| c.value))),
            }
        }
        // Past the request limit, a root mapping keeps only what a List needs; an entry past
        // it on its own is set aside (the object is past the limit while it is in it), the
        // others kept, until a later key replaces it.
        let half = "x".repeat(MAX_OBJECT_BYTES / 2);
        for (entries, over, kept) in [
            (
                format!("big: '{half}'\nbig2: '{half}'\nmore: 1\n"),
                true,
                serde_json::json!({}),
            ),
            (
                format!("big: '{half}{half}'\nmore: 1\n"),
                true,
                serde_json::json!({"more": 1}),
            ),
            (
                format!("big: '{half}{half}'\nmore: 1\nbig: 2\n"),
                false,
                serde_json::json!({"more": 1, "big": 2}),
            ),
        ] {
            let text = format!("kind: List\n{entries}items: [{{a: 1}}]\n");
            let chunk = documents(&text).next().and_then(Result::ok).unwrap();
            let mut conv = Converter::new("t");
            let c = convert_document(&chunk, &mut conv).unwrap().unwrap();
            assert_eq!(c.over_limit, over);
            let mut want = serde_json::json!({"kind": "List", "items": [{"a": 1}]});
            want.as_object_mut()
                .unwrap()
                .extend(kept.as_object().unwrap().clone());
            assert_eq!(c.value, want);
        }
    }

    /// A List's items read twice, once for errors ([`Items::Drop`]) then handed over one by
    /// one ([`Items::Stream`]), are the items of the List kept whole: same values, positions
    /// (within the item), repeated keys and locations, whichever entry sets `items` last
    /// (repeated, through an alias, anchored, merged, a long list whose scalars have no
    /// positions).
    #[test]
    fn streaming_a_lists_items_is_keeping_them() {
        type Item = (Value, Vec<(String, Location)>, Vec<String>, Location);
        let docs = [
            "kind: List\nitems:\n- {a: 1, a: 2}\n- [x, {y: z}]\n- 7\n- {b: {c: [1, {d: e}]}}\n"
                .to_string(),
            "x: &x [{a: 1}, {b: 2}]\nkind: List\nitems: *x\n".to_string(),
            "kind: List\nitems: &x [{a: 1}]\ny: *x\n".to_string(),
            "items: [{a: 1}, {a: 2}]\nkind: List\nitems: [{b: 1}, {b: 1, b: {c: 2}}]\n".to_string(),
            "<<: {items: [{m: 1}]}\nkind: List\n".to_string(),
            format!(
                "items: [{}{{a: 1}}, b]\n",
                "1, ".repeat(MAX_SCALAR_POSITIONS)
            ),
            "&r {kind: List, items: [{a: 1}, {a: 1, a: 2}]}\n".to_string(),
            "items: [&a {x: 1}, *a, {<<: *a, z: 1}]\n".to_string(),
            "base: &b {k: v}\nitems:\n  - *b\n  - {<<: *b, z: 1, z: 2}\n".to_string(),
            "items: []\nkind: List\n".to_string(),
        ];
        let mut handed_ahead = Vec::new();
        for (n, text) in docs.iter().enumerate() {
            let chunk = documents(text).next().and_then(Result::ok).unwrap();
            let mut whole = Converter::new("t");
            let kept = convert_document(&chunk, &mut whole).unwrap().unwrap();
            let (positions, duplicates) = whole.finish();
            let Some(Value::Array(values)) = kept.value.get("items").cloned() else {
                panic!("{text}");
            };
            let root = Location {
                file: "t".to_string(),
                line: kept.line,
                column: kept.column,
            };
            let mut want: Vec<Item> = values
                .into_iter()
                .map(|v| (v, Vec::new(), Vec::new(), root.clone()))
                .collect();
            let split = |p: &str| {
                let rest = p.strip_prefix("items[")?;
                let (i, tail) = rest.split_once(']')?;
                Some((
                    <usize as std::str::FromStr>::from_str(i).ok()?,
                    tail.strip_prefix('.').unwrap_or(tail).to_string(),
                ))
            };
            for (p, l) in positions.iter() {
                if let Some((i, rest)) = split(&p) {
                    if rest.is_empty() {
                        want[i].3 = l.clone();
                    }
                    want[i].1.push((rest, l));
                }
            }
            for d in duplicates {
                if let Some((i, rest)) = split(&d.path) {
                    want[i].2.push(rest);
                }
            }
            let mut first = Converter::new("t");
            first.items = Items::Drop;
            let dropped = convert_document(&chunk, &mut first).unwrap().unwrap();
            assert!(
                dropped.value["items"].as_array().is_some_and(Vec::is_empty),
                "{text}"
            );
            let mut got: Vec<Item> = Vec::new();
            let mut sink = |item: ListItem| {
                let dups = item.duplicates.into_iter().map(|d| d.path).collect();
                got.push((
                    item.value,
                    item.positions.iter().collect(),
                    dups,
                    item.location,
                ));
                None
            };
            let mut second = Converter::new("t");
            second.items_streamed = first.items_seen;
            second.items_len = first.items_len;
            second.items = Items::Stream(&mut sink);
            assert!(convert_document(&chunk, &mut second).is_ok());
            drop(second);
            assert_eq!(got, want, "{text}");
            // Handed over ahead, by the first read, when they can be: the same items.
            let mut ahead: Vec<Item> = Vec::new();
            let mut sink = |item: ListItem| {
                let dups = item.duplicates.into_iter().map(|d| d.path).collect();
                ahead.push((
                    item.value,
                    item.positions.iter().collect(),
                    dups,
                    item.location,
                ));
                None
            };
            let mut first = Converter::new("t");
            first.ahead = true;
            first.items_streamed = 1;
            first.items = Items::Stream(&mut sink);
            assert!(convert_document(&chunk, &mut first).is_ok());
            let (seen, lost) = (first.items_seen, first.ahead_lost);
            drop(first);
            if seen == 1 && !lost {
                handed_ahead.push(n);
                assert_eq!(ahead, want, "{text}");
            }
        }
        // Not ahead: a scalar item (its position depends on the length), the items through
        // an alias or anchored or merged, `items` repeated, a root anchored.
        assert_eq!(handed_ahead, [7, 8, 9]);
    }

    /// A lean read ([`Converter::lean`]) of an object of a kind the loader does not simulate
    /// measures its large entries instead of keeping them: the same errors, the same answer to
    /// the request limit (to the byte), the entries it reads kept; a repeated key, or a merge
    /// at the root, takes a measured entry out (a merge before it or after it is measured
    /// too); a kind the simulation acts on written before it, and it is not lean. What a message shows of the object (its first 200 bytes of JSON) is the same
    /// from the entries kept and the first bytes of those measured.
    #[test]
    fn a_lean_read_measures_what_it_does_not_keep() {
        let head = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labels: {a: b}}\n";
        let maps = "{b: 1}, ".repeat(200_000);
        let tabs = "\\t".repeat(900_000);
        let mut docs = vec![
            (
                format!("{head}x: [{maps}[{{c: [d, 'e']}}]]\ny: 1\n"),
                Some(true),
            ),
            (format!("{head}x: [{maps}{{c: .nan}}]\n"), None),
            (format!("{head}x: [{maps}]\nx: 1\n"), Some(true)),
            (format!("{head}x: [{maps}]\n<<: {{y: 1}}\n"), Some(true)),
            // Merges at the root: what they replace is taken out, what they add counted.
            (
                format!("{head}x: [{maps}]\n<<: {{x: 2, y: 1}}\n"),
                Some(true),
            ),
            (
                format!("{head}x: [{maps}]\n<<: [{{x: 2}}, {{x: [3], z: 4}}]\nx: 5\n"),
                Some(true),
            ),
            (
                format!("{head}<<: {{x: 2}}\nx: [{maps}]\ny: 1\n"),
                Some(true),
            ),
            (
                format!("{head}<<: {{y: [1, 2]}}\nx: [{maps}]\n<<: {{y: 1}}\n"),
                Some(true),
            ),
            (
                format!("{head}x: [{maps}]\ny: &m {{x: 1}}\n<<: *m\n<<: {{<<: {{x: 2}}}}\n"),
                Some(true),
            ),
            (format!("{head}x: &x [{maps}]\ny: *x\n"), Some(true)),
            // The kind after the entry: measured (read again whole if it needs it).
            (format!("x: [{maps}]\n{head}"), Some(true)),
            (
                format!("x: [{maps}]\napiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\n"),
                Some(true),
            ),
            (format!("apiVersion: v1\nkind: Pod\nx: [{maps}]\n"), None),
            // A mapping measured with its long sequences held apart.
            (
                format!("x: {{y: [{maps}], z: [[\"a\\n\", 1.5, {{q: [1, {{r: 2}}]}}]]}}\napiVersion: v1\nkind: Pod\n"),
                Some(true),
            ),
            (
                format!("kind: Pod\nx: {{y: [{maps}{{q: 1.5, r: \"é\"}}], z: 1}}\n"),
                Some(true),
            ),
            // Its kind or version missing: measured, the message made from the first bytes.
            (
                format!("x: [{maps}]\nkind: ConfigMap\nmetadata: {{name: c}}\n"),
                Some(true),
            ),
            (
                format!("apiVersion: v1\na: \"{tabs}\"\nx: [{maps}]\n"),
                Some(true),
            ),
            (
                format!(
                    "kind: X\nm: {{{}l: [2]}}\nx: [[{maps}]]\n",
                    (0..30_000)
                        .map(|i| format!("k{i}: {i}, "))
                        .collect::<String>()
                ),
                Some(true),
            ),
        ];
        // A character cut at the message's 200th byte, whatever its length.
        for pad in 0..4 {
            let (z, wide) = ("z".repeat(pad), "é€😀".repeat(30));
            docs.push((
                format!("apiVersion: v1\nb: ['{z}{wide}', {maps}]\na: 1\n"),
                Some(true),
            ));
        }
        // Around the limit (escaped tabs: twice as long in JSON as counted before).
        for pad in 0..3 {
            let fill = "a".repeat(MAX_OBJECT_BYTES - 2 * 900_000 - 94 + pad);
            docs.push((format!("{head}x: [\"{tabs}\", {fill}]\n"), Some(true)));
        }
        // Around the limit, the rest merged.
        for pad in 0..3 {
            let fill = "a".repeat(MAX_OBJECT_BYTES - 2 * 900_000 - 94 + pad);
            docs.push((
                format!("apiVersion: v1\nx: [\"{tabs}\", {fill}]\n<<: {{kind: ConfigMap, metadata: {{name: c, labels: {{a: b}}}}}}\n"),
                Some(true),
            ));
        }
        for (text, partial) in &docs {
            let shown = &text[text.len().saturating_sub(30)..];
            let chunk = documents(text).next().and_then(Result::ok).unwrap();
            let mut whole = Converter::new("t");
            let a = convert_document(&chunk, &mut whole).map(Option::unwrap);
            let mut lean = Converter::new("t");
            lean.lean = true;
            let b = convert_document(&chunk, &mut lean).map(Option::unwrap);
            let (a, b) = match (a, b) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(a), Err(b)) => {
                    assert_eq!((a.line, a.column, a.message), (b.line, b.column, b.message));
                    assert!(partial.is_none(), "{shown}");
                    continue;
                }
                _ => panic!("{shown}"),
            };
            assert_eq!(b.partial, *partial == Some(true), "{shown}");
            if b.partial {
                let too_large = a.over_limit || json_len(&a.value) > MAX_OBJECT_BYTES as u64;
                assert_eq!(b.over_limit, too_large, "{shown}");
                let kept = b.value.as_object().unwrap();
                for (k, v) in kept {
                    assert_eq!(Some(v), a.value.get(k), "{shown}");
                }
                // What was kept and what was measured are the whole object's entries.
                let mut keys: Vec<&String> =
                    kept.keys().chain(b.measured.iter().map(|m| &m.0)).collect();
                crate::sort::sort(&mut keys);
                let whole: Vec<&String> = a.value.as_object().unwrap().keys().collect();
                assert!(b.over_limit || keys == whole, "{shown}");
                if !b.over_limit {
                    assert_eq!(
                        short_json(&b.value, &b.measured),
                        short_json(&a.value, &[]),
                        "{shown}"
                    );
                }
                let meta = a.value.get("metadata").is_none() || kept.contains_key("metadata");
                assert!(b.over_limit || meta, "{shown}");
            } else {
                assert_eq!(a.value, b.value, "{shown}");
            }
        }
    }

    /// A long sequence of an object the simulation decodes is held apart from its JSON, each
    /// item as its compact JSON (`go_null::Deferrals`), and read item by item where its
    /// placeholder is: the errors, positions and repeated keys are the whole tree's, the
    /// JSON's length and (put back) its value are too, and decoding it gives the same object
    /// and the same problems (unknown fields, type errors, quantities read as Go reads them,
    /// floats, aliases, merges, a repeated key that drops one).
    #[test]
    fn holding_a_long_sequence_apart_decodes_the_same() {
        use super::super::kinds::prepare_for_go_decoding;
        use super::super::strict::decode_strict;
        use k8s_openapi::api::core::v1::Pod;
        let n = MAX_SCALAR_POSITIONS + 1;
        let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n";
        let env = |unit: &str, last: &str| format!("[{}{last}]", unit.repeat(n));
        let docs = [
            (format!("{pod}spec: {{containers: [{{name: c, image: i, env: {}}}]}}\n", env("{name: a}, ", "{name: b, value: 1.5}")), true),
            (format!("{pod}spec:\n  containers: {}\n", env("{name: c, image: i, resources: {limits: {cpu: 1, memory: null}, requests: {cpu: 0.25}}}, ", "{name: d}")), true),
            (format!("{pod}spec: {{containers: [{{name: c, image: i, env: {}}}]}}\n", env("{name: a, valueFrom: {resourceFieldRef: {resource: cpu, divisor: 1}}}, ", "{name: b, bogus: null, valueFrom: {resourceFieldRef: {divisor: 0.5}}}")), true),
            (format!("{pod}x: &e {}\nspec: {{containers: [{{name: c, image: i, env: *e}}]}}\n", env("{name: a}, ", "{name: b}")), true),
            (format!("{pod}spec: {{containers: [{{name: c, image: i, env: {}, env: [{{name: z}}]}}]}}\n", env("{name: a}, ", "{name: b}")), true),
            (format!("{pod}<<: {{spec: {{containers: [{{name: c, image: i, env: {}}}]}}}}\n", env("{name: a}, ", "{name: b}")), true),
            (format!("{pod}spec: {{containers: [{{name: c, image: i, env: {}}}]}}\n", env("{name: a}, ", "{name: .nan}")), true),
            (format!("{pod}spec:\n  containers: [{{name: c, image: i, args: {}}}]\n  volumes: {}\n", env("a, ", "b"), env("{name: v, emptyDir: {sizeLimit: 1}}, ", "{name: w, emptyDir: {sizeLimit: 2.5}}")), true),
            (format!("{pod}spec: {{x: [{}], tolerations: {}}}\n", env("{a: [1]}, ", "{}"), env("{key: k, tolerationSeconds: 5}, ", "{key: k, tolerationSeconds: '5'}")), true),
            // Not decoded: nothing held apart.
            (format!("apiVersion: v1\nkind: ConfigMap\nx: {}\n", env("{name: a}, ", "{}")), false),
            (format!("x: {}\n{pod}", env("{name: a}, ", "{}")), false),
            // Read again whole once its kind is known (`Converter::decoded`): from the first
            // entry on.
            (format!("spec: {{containers: [{{name: c, image: i, env: {}}}]}}\n{pod}", env("{name: a}, ", "{name: b}")), true),
        ];
        for (text, held) in &docs {
            let shown = &text[text.len().saturating_sub(40)..];
            let chunk = documents(text).next().and_then(Result::ok).unwrap();
            let mut whole = Converter::new("t");
            let a = parse_tree(&chunk).and_then(|t| whole.convert_tree(t.unwrap(), ""));
            let mut apart = Converter::new("t");
            let decoded = text.starts_with("spec");
            apart.decoded = decoded;
            let b = convert_document(&chunk, &mut apart).map(Option::unwrap);
            let (a, b) = match (a, b) {
                (Ok(a), Ok(b)) => (a, b.value),
                (Err(a), Err(b)) => {
                    assert_eq!((a.line, a.column, a.message), (b.line, b.column, b.message));
                    continue;
                }
                (a, b) => panic!("{shown}: {a:?} vs {:?}", b.map(|c| c.value)),
            };
            let deferred = std::mem::take(&mut apart.deferred);
            assert_eq!(!deferred.is_empty(), *held, "{shown}");
            assert_eq!(deferred.json_len(&b), json_len(&a), "{shown}");
            let ((pa, da), (pb, db)) = (whole.finish(), apart.finish());
            assert!(pa == pb, "{shown}");
            assert_eq!(format!("{da:?}"), format!("{db:?}"), "{shown}");
            let (mut a, mut b) = (a, b);
            prepare_for_go_decoding(&mut a);
            prepare_for_go_decoding(&mut b);
            let want = decode_strict::<Pod>(&a, "Pod", &Deferrals::default());
            let got = decode_strict::<Pod>(&b, "Pod", &deferred);
            assert!(got.1 == want.1, "{shown}: {:?} vs {:?}", got.1, want.1);
            assert!(got.0 == want.0, "{shown}");
            // Put back (for a message that shows the object's JSON): the whole tree's value.
            let mut again = Converter::new("t");
            again.decoded = decoded;
            let mut b = convert_document(&chunk, &mut again).unwrap().unwrap().value;
            again.deferred.restore(&mut b);
            let mut a = parse_tree(&chunk)
                .and_then(|t| Converter::new("t").convert_tree(t.unwrap(), ""))
                .unwrap();
            assert!(a == b, "{shown}");
            prepare_for_go_decoding(&mut a);
        }
    }

    /// `min_json_len` never counts more than converting gives (repeated keys, merges,
    /// aliases, anchored nodes, escapes), and counts all of a document without them.
    #[test]
    fn min_json_len_is_a_lower_bound() {
        let docs = [
            ("a: [1, {b: 2, b: 3}]\nc: {d: e}\n", true),
            ("[a, 'b', \"c\\n\", 1.5, null, true, [], {}, [[]]]\n", false),
            ("{a: {x: '1234567890'}, a: 1}\n", false),
            (
                "base: &b {x: 1, z: 2}\nm: {z: 3, <<: *b}\nn: {<<: *b, z: '12345678'}\n",
                false,
            ),
            ("l: &l [&a q, *a, {k: *a}]\nm: *l\n", false),
            ("? &k [1]\n: v\n", false),
            ("{1: a, '1': b, on: c, 'true': d}\n", false),
        ];
        for (text, exact) in docs {
            let chunk = documents(text).next().and_then(Result::ok).unwrap();
            let tree = parse_tree(&chunk).unwrap().unwrap();
            let bound = min_json_len(&tree, 0, u64::MAX);
            let json = Converter::new("t").convert(&tree, "").map(|v| json_len(&v));
            match json {
                Ok(len) if exact => assert_eq!(bound, len, "{text}"),
                Ok(len) => assert!(bound <= len, "{text}: {bound} > {len}"),
                Err(_) => {}
            }
        }
        // At or below `floor`, a count at or below it (repeated keys not looked for); past
        // it, the bound.
        let chunk = documents("{a: {x: '1234567890'}, a: 1}\n")
            .next()
            .and_then(Result::ok);
        let tree = parse_tree(&chunk.unwrap()).unwrap().unwrap();
        let (exact, rough) = (
            min_json_len(&tree, 0, u64::MAX),
            min_json_len(&tree, 100, u64::MAX),
        );
        assert!(exact < rough && rough <= 100, "{exact} {rough}");
        assert_eq!(min_json_len(&tree, rough - 1, u64::MAX), exact);
        // Past `cap`, the count stops (an alias bomb is not walked).
        let big = format!("[{}1]", "1, ".repeat(1000));
        let chunk = documents(&big).next().and_then(Result::ok).unwrap();
        let tree = parse_tree(&chunk).unwrap().unwrap();
        let n = min_json_len(&tree, 0, 100);
        assert!(n > 100 && n < 110, "{n}");
    }

    /// Each document as (line, column, text), or the error that ends the file.
    type Split<'a> = Vec<Result<(u32, u32, &'a str), (u32, u32, String)>>;

    fn split(text: &str) -> Split<'_> {
        documents(text)
            .map(|d| match d {
                Ok(c) => Ok((c.first_line, c.first_column, c.text)),
                Err(e) => Err((e.line, e.column, e.message)),
            })
            .collect()
    }

    #[test]
    fn split_on_separator_lines_only() {
        let c = split("a: 1\n---\n---\nb: 2\n--- # c\nc: |\n  ---x\n---\n");
        assert_eq!(
            c,
            vec![
                Ok((1, 0, "a: 1\n")),
                Ok((4, 0, "b: 2\n")),
                Ok((6, 0, "c: |\n  ---x\n"))
            ]
        );
    }

    /// kubectl's `YAMLReader` returns the error when it meets the line: the document before
    /// it is lost, and nothing after it is read.
    #[test]
    fn invalid_separator_ends_the_file() {
        let c = split("a: 1\n---\nb: 2\n--- foo\nc: 3\n");
        assert_eq!(
            c,
            vec![
                Ok((1, 0, "a: 1\n")),
                Err((4, 1, "invalid Yaml document separator: foo".to_string()))
            ]
        );
    }

    /// `YAMLOrJSONDecoder`: JSON values one after the other, each where it starts.
    #[test]
    fn json_stream_value_by_value() {
        let c = split("{\"a\": 1}\n{\"b\": 2} {\"c\": [3]}\n\n");
        assert_eq!(
            c,
            vec![
                Ok((1, 0, "{\"a\": 1}")),
                Ok((2, 0, "{\"b\": 2}")),
                Ok((2, 9, "{\"c\": [3]}"))
            ]
        );
    }

    /// After one JSON value, what is not JSON is read as YAML (from the next line); after
    /// two, it is Go's JSON syntax error and the end of the file.
    #[test]
    fn json_then_yaml_or_json_error() {
        let c = split("{\"a\": 1}\n---\nb: 2\n");
        assert_eq!(c, vec![Ok((1, 0, "{\"a\": 1}")), Ok((3, 0, "b: 2\n"))]);
        let c = split("{\"a\": 1}\n{\"b\": 2}\n  garbage\n{\"c\": 3}\n");
        assert_eq!(
            c,
            vec![
                Ok((1, 0, "{\"a\": 1}")),
                Ok((2, 0, "{\"b\": 2}")),
                Err((
                    3,
                    3,
                    "json: offset 4: invalid character 'g' looking for beginning of value"
                        .to_string()
                ))
            ]
        );
        let c = split("{}\n{}\n{\"a\" 1}");
        assert_eq!(
            c.last().cloned(),
            Some(Err((
                3,
                6,
                "json: offset 7: invalid character '1' after object key".to_string()
            )))
        );
        let c = split("{}\n{}\n{\"a\": ");
        assert_eq!(
            c.last().cloned(),
            Some(Err((3, 6, "unexpected EOF".to_string())))
        );
    }

    #[test]
    fn yaml_1_1_scalars() {
        let v = convert("a: 0755\nb: yes\nc: off\nd: ~\ne: 0x1F\nf: 0o17\ng: 1.0\nh: '0755'\ni: 1.5\nj: 08\nk: on\n");
        assert_eq!(
            v,
            serde_json::json!({"a": 493, "b": true, "c": false, "d": null, "e": 31, "f": 15, "g": 1, "h": "0755", "i": 1.5, "j": 8, "k": true})
        );
    }

    #[test]
    fn bool_keys_become_strings() {
        assert_eq!(
            convert("on: 1\n3: x\n"),
            serde_json::json!({"true": 1, "3": "x"})
        );
    }

    #[test]
    fn anchors_aliases_and_merge() {
        let v = convert("base: &b {x: 1, z: 2}\nm:\n  <<: *b\n  z: 3\nl: [&a q, *a]\n");
        assert_eq!(
            v,
            serde_json::json!({"base": {"x": 1, "z": 2}, "m": {"x": 1, "z": 3}, "l": ["q", "q"]})
        );
    }

    /// The JSON length a root mapping's conversion counts is its JSON's (repeated keys and
    /// `<<` merges at the root, empty, nested, escaped); none is given with `items`.
    #[test]
    fn the_counted_json_length_is_the_jsons() {
        let docs = [
            "a: 1\nb: [x, 'y\"z', {c: null}]\n",
            "{}\n",
            "a: 1\na: {b: 2}\nc: 3\nc: [1]\n",
            "base: &b {x: 1, z: 2}\n<<: *b\nz: 3\n",
            "z: 0\n<<: [{z: 1, w: 2}, {y: 3}]\nw: 4\n",
            "? 1\n: true\n2.5: \"\\u00e9\\t\"\non: off\n",
            "kind: Pod\nitems: [1]\n",
        ];
        for text in docs {
            let chunk = documents(text).next().and_then(Result::ok).unwrap();
            let mut conv = Converter::new("t");
            let c = convert_document(&chunk, &mut conv).unwrap().unwrap();
            let want = c.value.get("items").is_none().then(|| json_len(&c.value));
            assert_eq!(c.json_len, want, "{text}");
        }
    }

    /// A key is repeated when written twice in one mapping, not when a `<<` merge set it
    /// first (the mapping's keys are its value's until a merge, then a set of its own).
    #[test]
    fn repeated_keys_are_the_explicit_ones() {
        let text = "m: {<<: {a: 1}, a: 2, b: 3, b: 4}\np: {a: 1, <<: {a: 5, c: 1}, c: 2, a: 3}\no: {x: {w: 1, w: 2}, z: 1}\n";
        let chunk = documents(text).next().and_then(Result::ok).unwrap();
        for owned in [false, true] {
            let tree = parse_tree(&chunk).unwrap().unwrap();
            let mut c = Converter::new("t");
            let v = if owned {
                c.convert_tree(tree, "")
            } else {
                c.convert(&tree, "")
            };
            assert_eq!(
                v.unwrap(),
                serde_json::json!({"m": {"a": 2, "b": 4}, "p": {"a": 3, "c": 2}, "o": {"x": {"w": 2}, "z": 1}})
            );
            let (_, dups) = c.finish();
            let found: Vec<(&str, u32)> = dups
                .iter()
                .map(|d| (d.path.as_str(), d.location.column))
                .collect();
            assert_eq!(found, [("m.b", 29), ("p.a", 35), ("o.x.w", 15)]);
        }
    }

    #[test]
    fn merge_sequence_earlier_wins() {
        let v = convert("a: &a {x: 1}\nb: &b {x: 2, z: 3}\nc:\n  <<: [*a, *b]\n");
        assert_eq!(v["c"], serde_json::json!({"x": 1, "z": 3}));
    }

    #[test]
    fn positions_are_file_wide() {
        let text = "a: 1\n---\nspec:\n  x:\n  - q: 1\n";
        let chunks: Vec<Chunk<'_>> = documents(text).filter_map(Result::ok).collect();
        let tree = parse_tree(&chunks[1]).ok().flatten();
        let mut c = Converter::new("f");
        if let Some(t) = tree {
            let _ = c.convert(&t, "");
        }
        let find = |p: &str| {
            c.positions
                .iter()
                .find(|(k, _)| k == p)
                .map(|(_, l)| (l.line, l.column))
        };
        assert_eq!(find("spec"), Some((3, 1)));
        assert_eq!(find("spec.x"), Some((4, 3)));
        assert_eq!(find("spec.x[0]"), Some((5, 5)));
        assert_eq!(find("spec.x[0].q"), Some((5, 5)));
    }

    #[test]
    fn libyaml_reason_and_file_line() {
        let text = "a: 1\n---\nb: c: d\n";
        let chunks: Vec<Chunk<'_>> = documents(text).filter_map(Result::ok).collect();
        let e = parse_tree(&chunks[1]).err();
        let e = e.map(|e| (e.line, e.message));
        assert_eq!(
            e,
            Some((
                3,
                "error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context".to_string()
            ))
        );
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut s = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for c in 'b'..='j' {
            s.push_str(&format!(
                "{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = c;
        }
        let chunks: Vec<Chunk<'_>> = documents(&s).filter_map(Result::ok).collect();
        let tree = parse_tree(&chunks[0]).ok().flatten();
        let r = tree.map(|t| Converter::new("f").convert(&t, ""));
        let msg = match r {
            Some(Err(e)) => e.message,
            _ => String::new(),
        };
        assert!(
            msg.contains("document contains excessive aliasing"),
            "{msg}"
        );
    }

    /// libyaml alone decides what is YAML, as for kubectl: a block scalar that ends the file
    /// without a line break keeps none (clip chomping), and an anchor directly before `:` is
    /// an anchored empty key, not a syntax error.
    #[test]
    fn libyaml_decides() {
        assert_eq!(convert("a: |\n  x\n  y"), serde_json::json!({"a": "x\ny"}));
        assert_eq!(convert("a: |\n  x\n"), serde_json::json!({"a": "x\n"}));
        let chunks: Vec<Chunk<'_>> = documents("- &k: v\n  b: c\n")
            .filter_map(Result::ok)
            .collect();
        assert!(parse_tree(&chunks[0]).is_ok());
        // An alias to an anchor never defined is serde_yaml's (libyaml loader's) error.
        let chunks: Vec<Chunk<'_>> = documents("a: 1\nb: *nope\n")
            .filter_map(Result::ok)
            .collect();
        let e = parse_tree(&chunks[0])
            .err()
            .map(|e| (e.line, e.column, e.message));
        assert_eq!(
            e,
            Some((
                2,
                4,
                "error converting YAML to JSON: yaml: line 2: unknown anchor".to_string()
            ))
        );
        // A syntax error after a builder limit is what is reported.
        let chunks: Vec<Chunk<'_>> = documents("a: &x [*x]\nb: c: d\n")
            .filter_map(Result::ok)
            .collect();
        let e = parse_tree(&chunks[0]).err().map(|e| e.message);
        assert_eq!(
            e.as_deref(),
            Some("error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context")
        );
    }

    /// The reason is what serde_yaml's text of the error shows before the position (what the
    /// loader printed when serde_yaml read the documents), for errors with and without one.
    #[test]
    fn libyaml_reason_is_serde_yamls() {
        for text in [
            "\t- a\n",
            "- a\n\tb\n",
            "a: b: c\n",
            "k: [a\n",
            "'x\n",
            "%FOO\n---\n",
            "@\n",
            "]\n",
            "}\n",
        ] {
            let mut p = Parser::new(text.as_bytes());
            let e = loop {
                match p.next_event() {
                    Ok((Event::StreamEnd, _)) => panic!("no error in {text:?}"),
                    Ok(_) => {}
                    Err(e) => break e,
                }
            };
            let shown = e.to_string();
            let want = shown
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .split(" at position ")
                .next()
                .unwrap_or_default()
                .to_string();
            let chunk = Chunk {
                text,
                first_line: 1,
                first_column: 0,
            };
            let got = libyaml_error(&chunk, text.as_bytes(), &e).message;
            assert!(
                got.ends_with(&format!(": {want}")),
                "{text:?}: {got} vs {shown}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_refused() {
        let s = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
        let chunks: Vec<Chunk<'_>> = documents(&s).filter_map(Result::ok).collect();
        let r = parse_tree(&chunks[0]);
        assert!(r.is_err());
    }
}
