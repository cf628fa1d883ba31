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
//! # Resynchronisation
//!
//! Because documents are split on `---` lines *before* parsing (exactly as kubectl's
//! `YAMLReader` does), a broken document never affects the others: documents before it and
//! after it still load. (kubectl itself stops at the first broken document; continuing is
//! this playground's choice, so that one typo does not hide every other object.)

use super::resolve::{resolve_plain, Scalar};
use crate::location::{ErrorKind, Location};
use libyaml_events::{Event, Mark, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Deepest nesting of collections accepted in one document. go-yaml v3 allows 10000; the
/// playground runs with a small (browser) stack and real manifests nest < 40 deep.
pub(crate) const MAX_DEPTH: usize = 200;
/// go-yaml's alias-ratio window (`alias_ratio_range_low` / `_high`).
const ALIAS_RATIO_LOW: u64 = 400_000;
const ALIAS_RATIO_HIGH: u64 = 4_000_000;
/// Scalar bytes produced through aliases, at most (an extra bound: go-yaml shares strings).
const MAX_ALIASED_BYTES: u64 = 32 * 1024 * 1024;

/// One `---` document of a file.
#[derive(Debug, Clone)]
pub(crate) struct Chunk<'a> {
    /// The document text (without the separator lines).
    pub text: &'a str,
    /// 1-based line of the file on which `text` starts.
    pub first_line: u32,
}

/// A problem found while splitting or parsing, located in the whole file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YamlError {
    pub kind: ErrorKind,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Splits a file into documents as kubectl's `YAMLReader` does, or returns the whole text as
/// one JSON document when it starts with `{` (kubectl's `NewYAMLOrJSONDecoder` sniffing).
pub(crate) fn split_documents(text: &str) -> (Vec<Chunk<'_>>, Vec<YamlError>) {
    let mut chunks = Vec::new();
    let mut errors = Vec::new();
    if is_json(text) {
        chunks.push(Chunk {
            text,
            first_line: 1,
        });
        return (chunks, errors);
    }
    let mut start = 0usize;
    let mut start_line = 1u32;
    let mut offset = 0usize;
    let mut line_no = 1u32;
    for line in text.split_inclusive('\n') {
        let next = offset.saturating_add(line.len());
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                errors.push(YamlError {
                    kind: ErrorKind::Syntax,
                    line: line_no,
                    column: 1,
                    message: format!("invalid Yaml document separator: {trimmed}"),
                });
            }
            if let Some(t) = text.get(start..offset) {
                chunks.push(Chunk {
                    text: t,
                    first_line: start_line,
                });
            }
            start = next;
            start_line = line_no.saturating_add(1);
        }
        offset = next;
        line_no = line_no.saturating_add(1);
    }
    if let Some(t) = text.get(start..) {
        chunks.push(Chunk {
            text: t,
            first_line: start_line,
        });
    }
    (chunks, errors)
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
}

impl Node {
    fn location(&self, file: &str) -> Location {
        Location {
            file: file.to_string(),
            line: self.line,
            column: self.column,
        }
    }

    /// Follows aliases.
    pub(crate) fn target(&self) -> &Node {
        let mut n = self;
        while let NodeValue::Alias(t) = &n.value {
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
fn libyaml_error(chunk: &Chunk<'_>, e: &libyaml_events::Error) -> YamlError {
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
    let column = u32::try_from(mark.column)
        .unwrap_or(u32::MAX)
        .saturating_add(1);
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
    let mut b = Builder {
        parser: Parser::new(chunk.text.as_bytes()),
        chunk,
        anchors: HashMap::new(),
        started: HashSet::new(),
    };
    match b.document() {
        Ok(n) => Ok(n),
        Err(Failure::Syntax(e)) => Err(e),
        Err(Failure::Limit(e)) => {
            // A syntax error later in the document is what kubectl would report.
            Err(b.drain().err().unwrap_or(e))
        }
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

impl<'a> Builder<'a, '_> {
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
            .map_err(|e| Failure::Syntax(libyaml_error(self.chunk, &e)))
    }

    fn start_anchor(&mut self, anchor: Option<&String>) {
        if let Some(a) = anchor {
            self.started.insert(a.clone());
        }
    }

    /// Reads the rest of the document for a syntax error or an unknown anchor.
    fn drain(&mut self) -> Result<(), YamlError> {
        loop {
            match self.next() {
                Err(Failure::Syntax(e) | Failure::Limit(e)) => return Err(e),
                Ok((Event::DocumentEnd | Event::StreamEnd, _)) => return Ok(()),
                Ok((Event::Alias { anchor }, mark)) => {
                    if !self.started.contains(&anchor) {
                        return Err(mark_error(self.chunk, mark, "unknown anchor"));
                    }
                }
                Ok((
                    Event::Scalar { anchor, .. }
                    | Event::SequenceStart { anchor, .. }
                    | Event::MappingStart { anchor, .. },
                    _,
                )) => self.start_anchor(anchor.as_ref()),
                Ok(_) => {}
            }
        }
    }

    fn document(&mut self) -> Result<Option<Node>, Failure> {
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
                    let root = self.node(ev, mark, 0)?;
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
                let node = self.make(mark, scalar_value(&value, style, tag.as_deref()));
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
                    items.push(self.node(ev, m, depth.saturating_add(1))?);
                }
                let node = self.make(mark, NodeValue::Seq(items));
                self.anchor(anchor, &node);
                Ok(node)
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
                    pairs.push((key, value));
                }
                let node = self.make(mark, NodeValue::Map(pairs));
                self.anchor(anchor, &node);
                Ok(node)
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

fn scalar_value(text: &str, style: ScalarStyle, tag: Option<&str>) -> NodeValue {
    // Explicit core-schema tags (`!!str 0755`, `!!int "3"`); other tags are ignored as
    // go-yaml ignores unknown local tags when decoding into interface{}.
    match tag.and_then(|t| t.strip_prefix(CORE_TAG)) {
        Some("str") => return NodeValue::Scalar(Scalar::Str(text.to_string())),
        Some("int" | "float" | "bool" | "null") => return NodeValue::Scalar(resolve_plain(text)),
        _ => {}
    }
    match style {
        ScalarStyle::Plain => {
            if text == "<<" {
                NodeValue::Merge
            } else {
                NodeValue::Scalar(resolve_plain(text))
            }
        }
        _ => NodeValue::Scalar(Scalar::Str(text.to_string())),
    }
}

/// A key that appeared twice in one mapping.
#[derive(Debug, Clone)]
pub(crate) struct Duplicate {
    pub path: String,
    pub location: Location,
}

/// Converts trees to JSON, recording positions, duplicates and alias budgets.
pub(crate) struct Converter<'f> {
    file: &'f str,
    /// `(path, location)` of every field and item, in document order.
    pub positions: Vec<(String, Location)>,
    pub duplicates: Vec<Duplicate>,
    /// Repeated key paths → number of positions recorded before the repeat.
    stale: std::collections::BTreeMap<String, usize>,
    decode_count: u64,
    alias_count: u64,
    alias_depth: u32,
    aliased_bytes: u64,
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
    pub(crate) fn new(file: &'f str) -> Self {
        Converter {
            file,
            positions: Vec::new(),
            duplicates: Vec::new(),
            stale: std::collections::BTreeMap::new(),
            decode_count: 0,
            alias_count: 0,
            alias_depth: 0,
            aliased_bytes: 0,
        }
    }

    fn count(&mut self, node: &Node) -> Result<(), YamlError> {
        self.decode_count = self.decode_count.saturating_add(1);
        if self.alias_depth > 0 {
            self.alias_count = self.alias_count.saturating_add(1);
            if let NodeValue::Scalar(Scalar::Str(s)) = &node.value {
                self.aliased_bytes = self.aliased_bytes.saturating_add(s.len() as u64);
            }
        }
        let ratio = allowed_alias_ratio(self.decode_count);
        #[allow(clippy::cast_precision_loss)]
        let excessive = self.alias_count > 100
            && self.decode_count > 1000
            && (self.alias_count as f64) / (self.decode_count as f64) > ratio;
        if excessive || self.aliased_bytes > MAX_ALIASED_BYTES {
            return Err(YamlError {
                kind: ErrorKind::TooLarge,
                line: node.line,
                column: node.column,
                message:
                    "error converting YAML to JSON: yaml: document contains excessive aliasing"
                        .to_string(),
            });
        }
        Ok(())
    }

    /// Converts `node` (at `path`) to JSON.
    pub(crate) fn convert(&mut self, node: &Node, path: &str) -> Result<Value, YamlError> {
        self.count(node)?;
        match &node.value {
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
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let p = index_path(path, i);
                    if self.alias_depth == 0 {
                        self.positions.push((p.clone(), item.location(self.file)));
                    }
                    out.push(self.convert(item, &p)?);
                }
                Ok(Value::Array(out))
            }
            NodeValue::Map(pairs) => {
                let mut out = Map::new();
                self.fill_map(&mut out, pairs, path, false)?;
                Ok(Value::Object(out))
            }
        }
    }

    fn fill_map(
        &mut self,
        out: &mut Map<String, Value>,
        pairs: &[(Node, Node)],
        path: &str,
        merging: bool,
    ) -> Result<(), YamlError> {
        let mut explicit = std::collections::BTreeSet::new();
        for (k, v) in pairs {
            let key_node = k.target();
            if matches!(key_node.value, NodeValue::Merge) {
                self.merge(out, v, path)?;
                continue;
            }
            let key = map_key(key_node).map_err(|m| YamlError {
                kind: ErrorKind::Syntax,
                line: k.line,
                column: k.column,
                message: m,
            })?;
            let p = child_path(path, &key);
            if !merging && !explicit.insert(key.clone()) {
                // The last value wins (go-yaml v2, non-strict): where the first was is
                // forgotten (in one pass at the end, see `finish`).
                self.stale.insert(p.clone(), self.positions.len());
                self.duplicates.push(Duplicate {
                    path: p.clone(),
                    location: k.location(self.file),
                });
            }
            if self.alias_depth == 0 && !merging {
                self.positions.push((p.clone(), k.location(self.file)));
            }
            let value = self.convert(v, &p)?;
            out.insert(key, value);
        }
        Ok(())
    }

    /// Whether any alias was expanded (then the JSON may be far larger than the text).
    pub(crate) fn expanded_aliases(&self) -> bool {
        self.alias_count > 0
    }

    /// The positions (without those of values a repeated key replaced) and the repeated keys.
    pub(crate) fn finish(self) -> (Vec<(String, Location)>, Vec<Duplicate>) {
        let Converter {
            mut positions,
            duplicates,
            stale,
            ..
        } = self;
        if !stale.is_empty() {
            let mut index = 0usize;
            positions.retain(|(p, _)| {
                let i = index;
                index += 1;
                // Stale when `p` or one of its ancestors was repeated after entry `i`.
                let mut cut = p.len();
                loop {
                    if let Some(&at) = p.get(..cut).and_then(|a| stale.get(a)) {
                        if i < at {
                            return false;
                        }
                    }
                    match p.get(..cut).and_then(|a| a.rfind(['.', '['])) {
                        Some(c) => cut = c,
                        None => return true,
                    }
                }
            });
        }
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
            NodeValue::Map(pairs) => self.fill_map(out, pairs, path, true),
            NodeValue::Seq(items) => {
                let mut r = Ok(());
                for item in items.iter().rev() {
                    match &item.target().value {
                        NodeValue::Map(pairs) => {
                            r = self.fill_map(out, pairs, path, true);
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
fn map_key(node: &Node) -> Result<String, String> {
    match &node.value {
        NodeValue::Scalar(Scalar::Str(s)) => Ok(s.clone()),
        NodeValue::Scalar(Scalar::Int(i)) => Ok(i.to_string()),
        NodeValue::Scalar(Scalar::UInt(u)) => Ok(u.to_string()),
        NodeValue::Scalar(Scalar::Bool(b)) => Ok(b.to_string()),
        NodeValue::Scalar(Scalar::Float(f)) => Ok(if f.is_nan() {
            ".nan".to_string()
        } else if f.is_infinite() {
            if *f > 0.0 { ".inf" } else { "-.inf" }.to_string()
        } else {
            format!("{f}")
        }),
        NodeValue::Merge => Ok("<<".to_string()),
        NodeValue::Scalar(Scalar::Null) => {
            Err("error converting YAML to JSON: unsupported map key of type: <nil>".to_string())
        }
        NodeValue::Seq(_) | NodeValue::Map(_) | NodeValue::Alias(_) => Err(
            "error converting YAML to JSON: yaml: invalid map key: a mapping or sequence"
                .to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(text: &str) -> Value {
        let (chunks, _) = split_documents(text);
        let chunk = chunks.first().cloned().unwrap_or(Chunk {
            text: "",
            first_line: 1,
        });
        let tree = parse_tree(&chunk).ok().flatten();
        let Some(tree) = tree else {
            return Value::Null;
        };
        Converter::new("t")
            .convert(&tree, "")
            .unwrap_or(Value::Null)
    }

    #[test]
    fn split_on_separator_lines_only() {
        let (c, e) = split_documents("a: 1\n---\nb: 2\n--- # c\nc: |\n  ---x\n---\n");
        assert!(e.is_empty());
        let texts: Vec<_> = c.iter().map(|c| (c.first_line, c.text)).collect();
        assert_eq!(
            texts,
            vec![(1, "a: 1\n"), (3, "b: 2\n"), (5, "c: |\n  ---x\n"), (8, "")]
        );
    }

    #[test]
    fn invalid_separator_is_reported() {
        let (_, e) = split_documents("a: 1\n--- foo\nb: 2\n");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, 2);
        assert_eq!(e[0].message, "invalid Yaml document separator: foo");
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

    #[test]
    fn merge_sequence_earlier_wins() {
        let v = convert("a: &a {x: 1}\nb: &b {x: 2, z: 3}\nc:\n  <<: [*a, *b]\n");
        assert_eq!(v["c"], serde_json::json!({"x": 1, "z": 3}));
    }

    #[test]
    fn positions_are_file_wide() {
        let text = "a: 1\n---\nspec:\n  x:\n  - q: 1\n";
        let (chunks, _) = split_documents(text);
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
        let (chunks, _) = split_documents(text);
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
        let (chunks, _) = split_documents(&s);
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
        let (chunks, _) = split_documents("- &k: v\n  b: c\n");
        assert!(parse_tree(&chunks[0]).is_ok());
        // An alias to an anchor never defined is serde_yaml's (libyaml loader's) error.
        let (chunks, _) = split_documents("a: 1\nb: *nope\n");
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
        let (chunks, _) = split_documents("a: &x [*x]\nb: c: d\n");
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
            };
            let got = libyaml_error(&chunk, &e).message;
            assert!(
                got.ends_with(&format!(": {want}")),
                "{text:?}: {got} vs {shown}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_refused() {
        let s = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
        let (chunks, _) = split_documents(&s);
        let r = parse_tree(&chunks[0]);
        assert!(r.is_err());
    }
}
