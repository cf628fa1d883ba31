//! YAML exactly as `kubectl get -o yaml` writes it.
//!
//! kubectl turns the object into JSON and the JSON into YAML with `sigs.k8s.io/yaml`,
//! that is go-yaml v2 (a port of libyaml's emitter). This module reproduces that
//! emitter's choices for JSON values, so the output reads like kubectl's:
//!
//! * map keys in go-yaml's order (`keyList.Less`: byte order, except that digit runs
//!   compare as numbers and non-letters sort before letters);
//! * a string that would read back as something else (`""`, `"true"`, `"12345"`, a
//!   timestamp such as `"2026-01-01T00:00:00Z"`) in double quotes, as go-yaml's scalar
//!   resolution decides (`crate::load::resolve`, the loader's); one that cannot be plain
//!   for YAML reasons (`': x'`, `'*'`, leading space) in single quotes; one with a line
//!   break as a literal block (`|`, `|-`, `|+`); control characters escaped in double quotes;
//! * long strings folded at a space once the line passes 80 columns (go-yaml v2's
//!   `best_width`), continuation lines indented two more than the key;
//! * sequences inside mappings not indented (`items:` then `- ...` at the same column),
//!   empty maps and lists as `{}` and `[]`; floats as Go's `strconv.FormatFloat(f, 'g', -1, 64)`.
//!
//! Output goes into any [`fmt::Write`] as it is produced ([`write()`], [`YamlPrinter`]); the
//! `v1 List` of `kubectl get -o yaml` is written one item at a time ([`write_list`], used by
//! the CLI, and [`write_list_tail`], its last lines only, by the console).

use super::ResourcePrinter;
use crate::json::{JsonKind, JsonRef, JsonTree};
use crate::load::resolve::plain_is_str;
use serde_json::Value;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// go-yaml v2's `best_width`.
const BEST_WIDTH: usize = 80;
/// go-yaml v2's `best_indent`.
const INDENT: usize = 2;

/// `-o yaml`: kubectl's `printers.YAMLPrinter` for one object.
#[derive(Clone, Copy, Debug, Default)]
pub struct YamlPrinter;

impl ResourcePrinter for YamlPrinter {
    fn print_obj(&self, obj: &Value, out: &mut dyn fmt::Write) -> fmt::Result {
        write(out, obj)
    }
}

/// Writes `value` as one YAML document, as kubectl prints it (ends with a newline).
///
/// # Errors
///
/// Whatever `out` returns (writing stops at the first error).
pub fn write<W: fmt::Write + ?Sized>(out: &mut W, value: &Value) -> fmt::Result {
    let mut tree = JsonTree::new();
    tree.fill_value(value);
    write_json(out, tree.root())
}

/// [`write()`] for a value held in a [`JsonTree`] (an object built from its `Serialize`
/// without a [`Value`]).
///
/// # Errors
///
/// Whatever `out` returns (writing stops at the first error).
pub fn write_json<W: fmt::Write + ?Sized>(out: &mut W, value: JsonRef<'_>) -> fmt::Result {
    let mut e = Emitter::new(out);
    e.document(value);
    e.flush()
}

/// The YAML kubectl prints for `value` (ends with a newline).
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = write(&mut out, value);
    out
}

/// The YAML kubectl prints for `value`, any `Serialize` value read through a [`JsonTree`]
/// (without building a [`Value`]); ends with a newline.
///
/// # Errors
///
/// When `value` cannot be serialized (not the API types).
pub fn to_yaml<T: serde::Serialize>(value: &T) -> Result<String, String> {
    let mut tree = JsonTree::new();
    tree.fill(value)
        .map_err(|e| format!("cannot write YAML: {e}"))?;
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = write_json(&mut out, tree.root());
    Ok(out)
}

/// The `v1 List` of `items` (`kubectl get -o yaml` of several objects) as [`write()`]
/// prints the whole list, written item by item (the List writer, `print/list.rs`), each
/// item read through one reused [`JsonTree`]. An item that cannot be serialized is left
/// out, as [`crate::sim::Simulation::list_items`] leaves it out.
///
/// # Errors
///
/// Whatever `out` returns (writing stops at the first error).
pub fn write_list<W: fmt::Write + ?Sized, T: serde::Serialize>(
    out: &mut W,
    items: impl IntoIterator<Item = T>,
) -> fmt::Result {
    super::list::write(out, items, YamlList)
}

/// The last `keep` lines of what [`write_list`] writes for the same `items` (all of it when
/// it has no more lines), byte for byte, from the last item backwards: only the items
/// those lines reach are read and written (the page's console keeps the last 20,000 lines
/// of an answer). Returns whether lines before them were left out.
///
/// # Errors
///
/// Whatever `out` returns.
pub fn write_list_tail<W: fmt::Write + ?Sized, T: serde::Serialize>(
    out: &mut W,
    items: impl IntoIterator<Item = T, IntoIter: DoubleEndedIterator>,
    keep: usize,
) -> Result<bool, fmt::Error> {
    super::list::write_tail(out, items, keep, YamlList)
}

/// A `v1 List` in YAML: `apiVersion`, `items` (each item a `- ` block, or `items: []`),
/// `kind`, `metadata`, in go-yaml's key order.
struct YamlList;

impl super::list::Format for YamlList {
    const HEAD: &'static str = "apiVersion: v1\n";
    const OPEN: &'static str = "items:\n";
    const BETWEEN: &'static str = "";
    const CLOSE: &'static str = "";
    const EMPTY: &'static str = "items: []\n";
    const END: &'static str = "kind: List\nmetadata:\n  resourceVersion: \"\"\n";

    fn item(&mut self, item: JsonRef<'_>, out: &mut String) {
        // The emitter writes straight into `out` (its buffer), at the start of a line.
        let mut unused = String::new();
        let mut e = Emitter::new(&mut unused);
        e.buf = std::mem::take(out);
        // Sequences in mappings are "indentless": the dashes at the key's column.
        e.sequence(std::iter::once(item), 0, false);
        *out = std::mem::take(&mut e.buf);
    }
}

/// go-yaml's emitter for JSON values, writing into a sink through a buffer; the first error
/// stops the output and is kept.
struct Emitter<'a, W: fmt::Write + ?Sized> {
    out: &'a mut W,
    /// Text not yet given to `out`.
    buf: String,
    /// Characters written on the current line.
    column: usize,
    result: fmt::Result,
}

impl<'a, W: fmt::Write + ?Sized> Emitter<'a, W> {
    fn new(out: &'a mut W) -> Self {
        Emitter {
            out,
            buf: String::new(),
            column: 0,
            result: Ok(()),
        }
    }

    /// Hands the buffered text to the sink.
    fn flush(&mut self) -> fmt::Result {
        if self.result.is_ok() && !self.buf.is_empty() {
            self.result = self.out.write_str(&self.buf);
        }
        self.buf.clear();
        self.result
    }

    /// An integer's decimal digits (`-` first when `negative`).
    fn int(&mut self, negative: bool, magnitude: u64) {
        let n = super::push_int(&mut self.buf, negative, magnitude);
        self.column = self.column.saturating_add(n);
    }

    /// Writes `s`, ASCII (one column a byte), without counting its characters.
    fn put_ascii(&mut self, s: &str) {
        self.buf.push_str(s);
        self.column = self.column.saturating_add(s.len());
    }

    fn put(&mut self, s: &str) {
        self.buf.push_str(s);
        self.column = self.column.saturating_add(s.chars().count());
    }

    fn put_char(&mut self, c: char) {
        self.buf.push(c);
        if c == '\n' {
            self.column = 0;
        } else {
            self.column = self.column.saturating_add(1);
        }
    }

    fn newline(&mut self) {
        self.put_char('\n');
    }

    fn pad_to(&mut self, indent: usize) {
        const SPACES: &str = "                                ";
        while self.column < indent {
            let n = (indent - self.column).min(SPACES.len());
            self.put_ascii(SPACES.get(..n).unwrap_or_default());
        }
    }

    /// libyaml's `write_indent`: a line break (unless at the start of an empty line) and padding.
    fn write_indent(&mut self, indent: usize) {
        if self.column > 0 {
            self.newline();
        }
        self.pad_to(indent);
    }

    /// A whole document.
    fn document(&mut self, value: JsonRef<'_>) {
        match value.kind() {
            JsonKind::Object(_) if !value.is_empty() => self.mapping(value, 0, false),
            JsonKind::Array(items) if !value.is_empty() => self.sequence(items, 0, false),
            _ => {
                self.inline(value, INDENT);
                self.newline();
            }
        }
    }

    /// A float as go-yaml writes what JSON decoding gave it:
    /// `strconv.FormatFloat(f, 'g', -1, 64)` (`.inf`, `-.inf`, `.nan` for the others).
    fn float(&mut self, f: f64) {
        self.put(&go_format_float(f));
    }

    /// A block mapping (a non-empty object) whose keys start at `indent`; the first key is
    /// written where the cursor is when `inline_first` (after `- `).
    fn mapping(&mut self, map: JsonRef<'_>, indent: usize, inline_first: bool) {
        let JsonKind::Object(entries) = map.kind() else {
            return;
        };
        let mut entries: Vec<(&str, JsonRef<'_>)> = entries.collect();
        // Byte order mostly is go-yaml's order already.
        if !entries
            .windows(2)
            .all(|w| key_cmp(w[0].0, w[1].0) != Ordering::Greater)
        {
            crate::sort::sort_by(&mut entries, |a, b| key_cmp(a.0, b.0));
        }
        for (i, (key, value)) in entries.into_iter().enumerate() {
            if !(inline_first && i == 0) {
                self.pad_to(indent);
            }
            self.key(key);
            self.put_char(':');
            match value.kind() {
                JsonKind::Object(_) if !value.is_empty() => {
                    self.newline();
                    self.mapping(value, indent.saturating_add(INDENT), false);
                }
                JsonKind::Array(items) if !value.is_empty() => {
                    self.newline();
                    // Sequences in mappings are "indentless", as go-yaml writes them.
                    self.sequence(items, indent, false);
                }
                _ => {
                    self.put_char(' ');
                    self.inline(value, indent.saturating_add(INDENT));
                    self.newline();
                }
            }
        }
    }

    /// A block sequence whose dashes are at `indent`.
    fn sequence<'v>(
        &mut self,
        items: impl Iterator<Item = JsonRef<'v>>,
        indent: usize,
        inline_first: bool,
    ) {
        let inner = indent.saturating_add(INDENT);
        for (i, item) in items.enumerate() {
            if !(inline_first && i == 0) {
                self.pad_to(indent);
            }
            self.put("- ");
            match item.kind() {
                JsonKind::Object(_) if !item.is_empty() => self.mapping(item, inner, true),
                JsonKind::Array(a) if !item.is_empty() => self.sequence(a, inner, true),
                _ => {
                    self.inline(item, inner);
                    self.newline();
                }
            }
        }
    }

    /// A scalar (or an empty collection) after `key: ` or `- `; `indent` is where folded
    /// and literal lines continue.
    fn inline(&mut self, value: JsonRef<'_>, indent: usize) {
        match value.kind() {
            JsonKind::Null => self.put("null"),
            JsonKind::Bool(b) => self.put(if b { "true" } else { "false" }),
            JsonKind::I64(i) => self.int(i < 0, i.unsigned_abs()),
            JsonKind::U64(u) => self.int(false, u),
            JsonKind::F64(f) => self.float(f),
            JsonKind::String(s) => self.string(s, indent, false),
            JsonKind::Array(_) => self.put("[]"),
            JsonKind::Object(_) => self.put("{}"),
        }
    }

    fn key(&mut self, key: &str) {
        self.string(key, 0, true);
    }

    /// go-yaml's `stringv` plus libyaml's `select_scalar_style`.
    fn string(&mut self, s: &str, indent: usize, simple_key: bool) {
        // Most keys and values (names, images, phases) are plain as they stand: written
        // without weighing every style.
        if is_plain_word(s) {
            return self.put_ascii(s);
        }
        if is_simple_text(s) {
            // Nothing libyaml's analysis weighs: plain if it reads back as a string, else
            // double-quoted (timestamps, numbers, `True`), folded as those styles fold.
            return if plain_is_str(s) {
                self.plain(s, indent, !simple_key)
            } else {
                self.double(s, indent, !simple_key)
            };
        }
        self.styled(s, indent, simple_key);
    }

    /// [`Self::string`] in the style libyaml selects for it.
    fn styled(&mut self, s: &str, indent: usize, simple_key: bool) {
        let a = analyze(s);
        let can_use_plain = plain_is_str(s);
        let mut style = if s.contains('\n') {
            Style::Literal
        } else if can_use_plain {
            Style::Plain
        } else {
            Style::Double
        };
        if simple_key && a.multiline {
            style = Style::Double;
        }
        if style == Style::Plain && (!a.block_plain_allowed || (s.is_empty() && simple_key)) {
            style = Style::Single;
        }
        if style == Style::Single && (!a.single_quoted_allowed || a.multiline) {
            // A line break in single quotes needs libyaml's break handling; double quotes
            // say the same thing (only breaks other than \n get here).
            style = Style::Double;
        }
        if style == Style::Literal && (!a.block_allowed || simple_key) {
            style = Style::Double;
        }
        let allow_breaks = !simple_key;
        match style {
            Style::Plain => self.plain(s, indent, allow_breaks),
            Style::Single => self.single(s, indent, allow_breaks),
            Style::Double => self.double(s, indent, allow_breaks),
            Style::Literal => self.literal(s, indent),
        }
    }

    /// libyaml's plain, single- and double-quoted writers (the quotes are the caller's): a
    /// space may become a line break, then `indent`, once the line is past [`BEST_WIDTH`];
    /// never two in a row; in quoted styles never at either end; in plain and single-quoted
    /// ones never before another space (double quotes escape that space instead).
    fn folded(&mut self, s: &str, indent: usize, allow_breaks: bool, style: Style) {
        // No space can be past the width (a space at byte i is at most at column + i): the
        // text as it is, but for the characters its style escapes.
        let no_break = !allow_breaks || self.column.saturating_add(s.len()) <= BEST_WIDTH;
        if no_break || !s.contains(' ') {
            let plain_ascii = |b: u8| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\';
            match style {
                Style::Plain => return self.put(s),
                Style::Single if !s.contains('\'') => return self.put(s),
                Style::Double if s.bytes().all(plain_ascii) => return self.put(s),
                _ => {}
            }
        }
        let mut chars = s.chars().peekable();
        let mut first = true;
        let mut spaces = false;
        while let Some(c) = chars.next() {
            let at_start = std::mem::replace(&mut first, false);
            if c == ' ' {
                let next = chars.peek().copied();
                let next_space = next == Some(' ');
                let inside = style == Style::Plain || (!at_start && next.is_some());
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && inside
                    && (style == Style::Double || !next_space)
                {
                    self.write_indent(indent);
                    if style == Style::Double && next_space {
                        self.put_char('\\');
                    }
                } else {
                    self.put_char(c);
                }
                spaces = true;
                continue;
            }
            spaces = false;
            match style {
                Style::Single if c == '\'' => self.put("''"),
                Style::Double
                    if !is_printable(c)
                        || c == '\u{feff}'
                        || is_break(c)
                        || c == '"'
                        || c == '\\' =>
                {
                    self.escaped(c);
                }
                _ => self.put_char(c),
            }
        }
    }

    fn plain(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        self.folded(s, indent, allow_breaks, Style::Plain);
    }

    fn single(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        self.put_char('\'');
        self.folded(s, indent, allow_breaks, Style::Single);
        self.put_char('\'');
    }

    fn double(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        self.put_char('"');
        self.folded(s, indent, allow_breaks, Style::Double);
        self.put_char('"');
    }

    /// A character in double quotes as libyaml escapes it.
    fn escaped(&mut self, c: char) {
        self.put_char('\\');
        match c {
            '\0' => self.put_char('0'),
            '\u{07}' => self.put_char('a'),
            '\u{08}' => self.put_char('b'),
            '\t' => self.put_char('t'),
            '\n' => self.put_char('n'),
            '\u{0b}' => self.put_char('v'),
            '\u{0c}' => self.put_char('f'),
            '\r' => self.put_char('r'),
            '\u{1b}' => self.put_char('e'),
            '"' => self.put_char('"'),
            '\\' => self.put_char('\\'),
            '\u{85}' => self.put_char('N'),
            '\u{a0}' => self.put_char('_'),
            '\u{2028}' => self.put_char('L'),
            '\u{2029}' => self.put_char('P'),
            _ => {
                let v = u32::from(c);
                let (letter, width) = match v {
                    0..=0xFF => ('x', 2),
                    0x100..=0xFFFF => ('u', 4),
                    _ => ('U', 8),
                };
                self.put_char(letter);
                for shift in (0..width).rev() {
                    let digit = (v >> (shift * 4)) & 0xF;
                    self.put_char(char::from(b"0123456789ABCDEF"[digit as usize]));
                }
            }
        }
    }

    fn literal(&mut self, s: &str, indent: usize) {
        self.put_char('|');
        let chars: Vec<char> = s.chars().collect();
        if chars.first().is_some_and(|&c| c == ' ' || is_break(c)) {
            self.put_char('2'); // INDENT, libyaml's indentation indicator
        }
        match chars.as_slice() {
            [] => self.put_char('-'),
            [.., last] if !is_break(*last) => self.put_char('-'),
            [_] => self.put_char('+'),
            [.., before, _] if is_break(*before) => self.put_char('+'),
            _ => {}
        }
        self.newline();
        let mut breaks = true;
        // The caller ends the line, so a final break is left to it.
        let body = match chars.as_slice() {
            [rest @ .., last] if is_break(*last) => rest,
            all => all,
        };
        for &c in body {
            if is_break(c) {
                self.newline();
                breaks = true;
            } else {
                if breaks {
                    self.pad_to(indent);
                    breaks = false;
                }
                self.put_char(c);
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

/// libyaml's `yaml_emitter_analyze_scalar`, the parts that matter outside flow context.
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// libyaml's `is_printable`.
fn is_printable(c: char) -> bool {
    let v = u32::from(c);
    v == 0x0A
        || (0x20..=0x7E).contains(&v)
        || v == 0x85
        || (0xA0..=0xD7FF).contains(&v)
        || ((0xE000..=0xFFFD).contains(&v) && v != 0xFEFF)
        || (0x10000..=0x10FFFF).contains(&v)
}

/// A string go-yaml writes plain, as it stands, in any place: an ASCII letter, then
/// letters, digits, `-`, `_`, `.` and `/` (no indicator, space or line break), and not one
/// of the words YAML 1.1 reads as a boolean or null (`y`, `No`, `true`, `null`, ...: all
/// letters, at most five); a number or a timestamp starts with something else.
fn is_plain_word(s: &str) -> bool {
    let b = s.as_bytes();
    b.first().is_some_and(u8::is_ascii_alphabetic)
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'/'))
        && (b.len() > 5 || !b.iter().all(u8::is_ascii_alphabetic))
}

/// A string in which libyaml's analysis ([`analyze`]) finds nothing that limits its style
/// (every style allowed, no line break): an ASCII letter or digit, then letters, digits,
/// `-`, `_`, `.`, `/`, `+`, `:` and spaces, neither a space nor a `:` last, and no `:`
/// before a space (no indicator, no leading or trailing space, nothing to escape).
fn is_simple_text(s: &str) -> bool {
    let b = s.as_bytes();
    b.first().is_some_and(u8::is_ascii_alphanumeric)
        && !matches!(b.last(), Some(b':' | b' '))
        && b.iter().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'/' | b'+' | b':' | b' ')
        })
        && !b.windows(2).any(|w| w == b": ")
}

fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let (mut special, mut line_breaks) = (false, false);
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    let mut chars = s.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let (at_start, at_end) = (std::mem::replace(&mut first, false), next.is_none());
        let followed_by_whitespace = next.is_none_or(is_blank);
        if at_start {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_indicators = true,
                '?' | ':' | '-' if followed_by_whitespace => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_whitespace => block_indicators = true,
                '#' if preceded_by_whitespace => block_indicators = true,
                _ => {}
            }
        }
        if !is_printable(c) {
            special = true;
        }
        if c == ' ' {
            leading_space |= at_start;
            trailing_space |= at_end;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            leading_break |= at_start;
            trailing_break |= at_end;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blank(c) || is_break(c) || c == '\0';
    }
    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks || block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// go-yaml v2's `keyList.Less` for string keys.
fn key_cmp(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    // Up to the first byte that differs the keys are alike, and an ASCII byte is a whole
    // character: when both differing bytes are ASCII, the bytes from there decide as the
    // characters would (digits and letters looked at around it are ASCII too).
    match x.iter().zip(y).position(|(p, q)| p != q) {
        None => x.len().cmp(&y.len()),
        Some(i) if x[i].is_ascii() && y[i].is_ascii() => key_cmp_at(x, y, i),
        Some(_) => {
            let ar: Vec<char> = a.chars().collect();
            let br: Vec<char> = b.chars().collect();
            match ar.iter().zip(&br).position(|(p, q)| p != q) {
                None => ar.len().cmp(&br.len()),
                Some(i) => key_cmp_at(&ar, &br, i),
            }
        }
    }
}

/// [`key_cmp`] of two keys' characters (as bytes when they are ASCII) that are alike before
/// `i` and differ at `i`.
fn key_cmp_at<C: Copy + Into<char>>(a: &[C], b: &[C], i: usize) -> Ordering {
    let ar = |i: usize| -> char { a.get(i).map_or('\0', |&c| c.into()) };
    let br = |i: usize| -> char { b.get(i).map_or('\0', |&c| c.into()) };
    let (ac, bc) = (ar(i), br(i));
    let (al, bl) = (ac.is_alphabetic(), bc.is_alphabetic());
    if al && bl {
        return ac.cmp(&bc);
    }
    if al || bl {
        return if bl {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    let (mut an, mut bn): (i64, i64) = (0, 0);
    if ac == '0' || bc == '0' {
        let mut j = i;
        while j > 0 && ar(j - 1).is_ascii_digit() {
            j -= 1;
            if ar(j) != '0' {
                an = 1;
                bn = 1;
                break;
            }
        }
    }
    let digit = |c: char| i64::from(u32::from(c).saturating_sub(u32::from('0')));
    let mut ai = i;
    while ai < a.len() && ar(ai).is_ascii_digit() {
        an = an.saturating_mul(10).saturating_add(digit(ar(ai)));
        ai += 1;
    }
    let mut bi = i;
    while bi < b.len() && br(bi).is_ascii_digit() {
        bn = bn.saturating_mul(10).saturating_add(digit(br(bi)));
        bi += 1;
    }
    if an != bn {
        return an.cmp(&bn);
    }
    if ai != bi {
        return ai.cmp(&bi);
    }
    ac.cmp(&bc)
}

/// An integer's decimal digits (without `core::fmt`'s integer formatting machinery).
fn itoa(mut v: i128) -> String {
    if v == 0 {
        return "0".to_string();
    }
    let negative = v < 0;
    let mut digits: Vec<u8> = Vec::new();
    while v != 0 {
        let d = (v % 10).unsigned_abs();
        digits.push(b'0' + u8::try_from(d).unwrap_or(0));
        v /= 10;
    }
    if negative {
        digits.push(b'-');
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)` as go-yaml writes it: the shortest digits
/// that read back as `f` (ryu's), in `%e` form when the exponent is below -4 or at least 6
/// (`1.2345675e+06`), else in `%f` form (`0.5`, `123456`); `.inf`, `-.inf`, `.nan`.
fn go_format_float(f: f64) -> String {
    if f.is_nan() {
        return ".nan".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.to_string();
    }
    let mut buf = ryu::Buffer::new();
    let text = buf.format_finite(f);
    let (negative, text) = match text.strip_prefix('-') {
        Some(t) => (true, t),
        None => (false, text),
    };
    let (mantissa, exp10) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, i32::from_str(e).unwrap_or(0)),
        None => (text, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // All digits, and where the decimal point sits among them.
    let all: String = int.chars().chain(frac.chars()).collect();
    let mut point = i32::try_from(int.len()).unwrap_or(0).saturating_add(exp10);
    let trimmed_start = all.trim_start_matches('0');
    point = point.saturating_sub(i32::try_from(all.len() - trimmed_start.len()).unwrap_or(0));
    let digits = trimmed_start.trim_end_matches('0');
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if digits.is_empty() {
        out.push('0');
        return out;
    }
    let exp = point.saturating_sub(1);
    if !(-4..6).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let e = itoa(i128::from(exp.unsigned_abs()));
        if e.len() < 2 {
            out.push('0');
        }
        out.push_str(&e);
        return out;
    }
    let n = i32::try_from(digits.len()).unwrap_or(0);
    if point <= 0 {
        out.push_str("0.");
        for _ in 0..(-point) {
            out.push('0');
        }
        out.push_str(digits);
    } else if point >= n {
        out.push_str(digits);
        for _ in 0..(point - n) {
            out.push('0');
        }
    } else {
        let (a, b) = digits.split_at(usize::try_from(point).unwrap_or(0));
        out.push_str(a);
        out.push('.');
        out.push_str(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn y(v: Value) -> String {
        to_string(&v)
    }

    /// Emitting and reading back gives the same value.
    fn round_trip(v: &Value) {
        let text = to_string(v);
        let back: Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(&back, v, "\n{text}");
    }

    /// Integers as Go writes them, the extremes included.
    #[test]
    fn integers_in_decimal() {
        for v in [
            json!(0),
            json!(7),
            json!(-1),
            json!(1_234_567),
            json!(i64::MIN),
            json!(i64::MAX),
            json!(u64::MAX),
        ] {
            assert_eq!(to_string(&v), format!("{v}\n"));
            assert_eq!(to_string(&json!({"k": v})), format!("k: {v}\n"));
        }
    }

    #[test]
    fn list_shape_as_kubectl_prints_it() {
        let v = json!({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""},
            "items": [{"apiVersion": "v1", "kind": "Node", "metadata": {
                "name": "control-plane", "creationTimestamp": "2026-01-01T00:00:00Z",
                "labels": {"node-role.kubernetes.io/control-plane": "", "kubernetes.io/os": "linux"}},
                "spec": {"taints": [{"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}]},
                "status": {"capacity": {"cpu": "4", "pods": "110"}, "images": [], "conditions": {}}}]});
        assert_eq!(
            y(v),
            r#"apiVersion: v1
items:
- apiVersion: v1
  kind: Node
  metadata:
    creationTimestamp: "2026-01-01T00:00:00Z"
    labels:
      kubernetes.io/os: linux
      node-role.kubernetes.io/control-plane: ""
    name: control-plane
  spec:
    taints:
    - effect: NoSchedule
      key: node-role.kubernetes.io/control-plane
  status:
    capacity:
      cpu: "4"
      pods: "110"
    conditions: {}
    images: []
kind: List
metadata:
  resourceVersion: ""
"#
        );
    }

    macro_rules! scalar {
        ($name:ident, $s:expr, $out:expr) => {
            #[test]
            fn $name() {
                assert_eq!(y(json!({ "k": $s })), format!("k: {}\n", $out));
                round_trip(&json!({ "k": $s }));
            }
        };
    }

    scalar!(plain_word, "busybox:1.36", "busybox:1.36");
    scalar!(empty_is_double_quoted, "", r#""""#);
    scalar!(bool_word_is_quoted, "true", r#""true""#);
    scalar!(old_bool_is_quoted, "yes", r#""yes""#);
    scalar!(on_is_quoted, "on", r#""on""#);
    scalar!(null_word_is_quoted, "null", r#""null""#);
    scalar!(integer_is_quoted, "110", r#""110""#);
    scalar!(octal_is_quoted, "0755", r#""0755""#);
    scalar!(hex_is_quoted, "0x1F", r#""0x1F""#);
    scalar!(float_is_quoted, "1.5", r#""1.5""#);
    scalar!(exp_is_quoted, "1e3", r#""1e3""#);
    scalar!(quantity_is_plain, "100m", "100m");
    scalar!(memory_is_plain, "200Mi", "200Mi");
    scalar!(date_is_quoted, "2026-01-01", r#""2026-01-01""#);
    scalar!(base60_is_quoted, "1:20", r#""1:20""#);
    scalar!(flag_is_plain, "-c", "-c");
    scalar!(star_is_single_quoted, "*", "'*'");
    scalar!(colon_space_is_single_quoted, "a: b", "'a: b'");
    scalar!(hash_after_space_is_single_quoted, "a #b", "'a #b'");
    scalar!(quote_doubled, "'x' y", "'''x'' y'");
    scalar!(leading_space_single, " x", "' x'");
    scalar!(tab_is_escaped, "a\tb", r#""a\tb""#);
    scalar!(dash_space_single, "- x", "'- x'");
    scalar!(json_text_single, r#"{"a":1}"#, r#"'{"a":1}'"#);
    scalar!(
        selector_go_syntax_plain,
        r#"map[string]string{"app":"x"}"#,
        r#"map[string]string{"app":"x"}"#
    );
    scalar!(literal_block, "line1\nline2\n", "|\n  line1\n  line2");
    scalar!(literal_strip, "a\nb", "|-\n  a\n  b");
    scalar!(literal_keep, "a\n\n", "|+\n  a\n");
    scalar!(literal_leading_space, " a\nb", "|2-\n   a\n  b");
    scalar!(trailing_space_multiline_double, "a \nb", r#""a \nb""#);

    #[test]
    fn numbers_bools_nulls() {
        assert_eq!(
            y(json!({"a": 1, "b": -2, "c": 0.5, "d": true, "e": null, "f": 1234567.5})),
            "a: 1\nb: -2\nc: 0.5\nd: true\ne: null\nf: 1.2345675e+06\n"
        );
    }

    #[test]
    fn long_message_folds_like_kubectl() {
        let msg = "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.";
        let v = json!({"status": {"conditions": [{"message": msg, "type": "PodScheduled"}]}});
        assert_eq!(
            y(v.clone()),
            "status:\n  conditions:\n  - message: '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane:\n      }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 4 Preemption is\n      not helpful for scheduling.'\n    type: PodScheduled\n"
        );
        round_trip(&v);
    }

    #[test]
    fn long_plain_and_double_fold_and_read_back() {
        let words = "word ".repeat(40);
        let plain = words.trim_end().to_string();
        let double = format!("{plain}\t");
        let spaced = format!("{}  x  y", "ab ".repeat(30));
        for s in [plain, double, spaced] {
            round_trip(&json!({"key": s.clone(), "list": [s.clone(), {"nested": s}]}));
        }
    }

    #[test]
    fn sequences_and_nesting() {
        let v = json!({"a": [[1, 2], {"b": [3]}, [], {}], "c": [{"d": "x", "e": "y"}], "z": "n"});
        assert_eq!(
            y(v.clone()),
            "a:\n- - 1\n  - 2\n- b:\n  - 3\n- []\n- {}\nc:\n- d: x\n  e: \"y\"\nz: \"n\"\n"
        );
        round_trip(&v);
    }

    #[test]
    fn tricky_strings_read_back() {
        for s in [
            "",
            " ",
            "  a  ",
            "a\n",
            "\n",
            "\n\na",
            "a\r\nb",
            "x\u{2028}y",
            "\u{feff}bom",
            "é ü 中文",
            "\u{7f}",
            "\u{1}",
            "#x",
            "x #",
            "---",
            "...",
            "a:b",
            "a: ",
            "?",
            "? x",
            "@x",
            "`x`",
            "%x",
            "!x",
            "&x",
            "|",
            ">",
            "\"q\"",
            "\\",
            "~",
            "NULL",
            "Off",
            "+1",
            "-1",
            ".5",
            ".inf",
            "1_000",
            "0b101",
            "0o17",
            "2026-1-2T3:4:5Z",
            "2026-01-01 00:00:00",
            "12:30:45",
            "<<",
            "a\tb\n",
            "trailing ",
            "x\n \ny",
        ] {
            round_trip(&json!({"k": s, "l": [s], s: 1}));
        }
    }

    /// go-yaml v2's `keyList.Less` as written, rune by rune from the start (the oracle of
    /// [`key_cmp`], which starts at the first byte that differs).
    fn key_less_as_go_writes_it(a: &str, b: &str) -> Ordering {
        let (ar, br): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let at = |r: &[char], i: usize| r.get(i).copied().unwrap_or('\0');
        for i in 0..ar.len().min(br.len()) {
            let (ac, bc) = (at(&ar, i), at(&br, i));
            if ac == bc {
                continue;
            }
            let (al, bl) = (ac.is_alphabetic(), bc.is_alphabetic());
            if al && bl {
                return ac.cmp(&bc);
            }
            if al || bl {
                return if bl {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
            }
            let (mut an, mut bn) = (0i64, 0i64);
            if ac == '0' || bc == '0' {
                for j in (0..i).rev() {
                    if !at(&ar, j).is_ascii_digit() {
                        break;
                    }
                    if at(&ar, j) != '0' {
                        (an, bn) = (1, 1);
                        break;
                    }
                }
            }
            let (mut ai, mut bi) = (i, i);
            while at(&ar, ai).is_ascii_digit() {
                an = an * 10 + i64::from(u32::from(at(&ar, ai)) - u32::from('0'));
                ai += 1;
            }
            while at(&br, bi).is_ascii_digit() {
                bn = bn * 10 + i64::from(u32::from(at(&br, bi)) - u32::from('0'));
                bi += 1;
            }
            if an != bn {
                return an.cmp(&bn);
            }
            if ai != bi {
                return ai.cmp(&bi);
            }
            return ac.cmp(&bc);
        }
        ar.len().cmp(&br.len())
    }

    /// [`key_cmp`] answers as `keyList.Less` for every pair of 1,000 keys of ASCII and other
    /// letters and digits (`é`, the Arabic-Indic zero), leading zeros and punctuation.
    #[test]
    fn key_cmp_is_key_list_less() {
        let alphabet: Vec<char> = "a0129b_.-/Z\u{e9}\u{660}".chars().collect();
        let mut state: u64 = 42;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut keys: Vec<String> = ["k1", "k10", "k01", "k001", "k0", "a", "", "é1", "é01"]
            .map(String::from)
            .to_vec();
        for _ in 0..1000 {
            let n = (next() % 7) as usize;
            keys.push(
                (0..n)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect(),
            );
        }
        for a in &keys {
            for b in &keys {
                assert_eq!(key_cmp(a, b), key_less_as_go_writes_it(a, b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn key_order_is_go_yaml_order() {
        let mut keys = vec![
            "worker-10",
            "worker-9",
            "a_b",
            "aZ",
            "a.b",
            "app",
            "app.kubernetes.io/name",
            "B",
        ];
        crate::sort::sort_by(&mut keys, |a, b| key_cmp(a, b));
        assert_eq!(
            keys,
            [
                "B",
                "a.b",
                "a_b",
                "aZ",
                "app",
                "app.kubernetes.io/name",
                "worker-9",
                "worker-10"
            ]
        );
    }

    #[test]
    fn floats_as_go_formats_them() {
        let rows: [(f64, &str); 14] = [
            (0.5, "0.5"),
            (1234567.5, "1.2345675e+06"),
            (100000.0, "100000"),
            (1000000.0, "1e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (-2.25, "-2.25"),
            (1e21, "1e+21"),
            (123.456, "123.456"),
            (0.0, "0"),
            (-0.0, "-0"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
        ];
        for (f, want) in rows {
            assert_eq!(go_format_float(f), want, "{f:e}");
        }
        assert_eq!(itoa(i128::from(i64::MIN)), "-9223372036854775808");
        assert_eq!(itoa(i128::from(u64::MAX)), "18446744073709551615");
    }

    /// A plain word is written as the styles' own choice writes it, as a key and as a
    /// value, at any column; the words YAML reads otherwise are not plain words.
    #[test]
    fn plain_words_are_what_the_styles_choose() {
        let mut words: Vec<String> = [
            "a",
            "agent-0",
            "Running",
            "node.kubernetes.io/unreachable",
            "True",
            "False",
            "yes",
            "Yes",
            "NO",
            "off",
            "On",
            "null",
            "NULL",
            "Null",
            "y",
            "n",
            "Y",
            "N",
            "true1",
            "nulls",
            "e1",
            "E5",
            "inf",
            "nan",
            "Infinity",
            "x_y",
            "v1.33.1",
            "kubernetes.io/os",
            "a-",
            "a.",
            "a/",
            "ab/c-d_e.f",
            "IfNotPresent",
            "TRUE",
            "false",
            "Falsey",
            "abcdef",
            "abcde",
            "0x1F",
            "1e3",
            "2026-01-01",
            "-a",
            ".a",
            "_a",
            "/a",
            "a b",
            "a:b",
            "a#b",
            "a,b",
            "é",
            "aé",
            "2026-12-08T00:00:00Z",
            "10.244.0.0/24",
            "64",
            "256Gi",
            "1:2",
            "1:30:45",
            "a:",
            "1:",
            "+1",
            "1+1",
            "1_000",
            "0o17",
            "1.5e+3",
            ".inf",
            "v",
            "linux",
            "On",
            "~",
            "containerd://1.7.24",
            "a/:b",
            "---a",
            "...",
            "kubelet is posting ready status",
            "Ubuntu 24.04.1 LTS",
            "a  b",
            "a b ",
            "a : b",
            "a: b",
            "a:b c",
            "1 2",
            "true false",
            "12:30 pm",
        ]
        .map(String::from)
        .to_vec();
        words.push("a".repeat(200));
        words.push(format!("{}-{}", "x".repeat(90), "y".repeat(40)));
        words.push("2001-12-14 21:59:43.10".to_string());
        // Every string of up to four of these characters.
        let alphabet = [
            'a', 'y', '1', '0', ' ', ':', '-', '.', '+', '_', '/', '#', 'e',
        ];
        let mut short = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = short
                .iter()
                .filter(|w| w.len() == short.last().map_or(0, String::len))
                .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                .collect();
            short.extend(longer);
        }
        words.extend(short);
        words.push(["word"; 30].join(" "));
        words.push(["two"; 30].join("  "));
        words.push(format!("{} {}", "x".repeat(85), "y".repeat(10)));
        for w in &words {
            for column in [0, 10, 79, 81, 200] {
                for (indent, key) in [(0, true), (4, false)] {
                    let (mut fast, mut slow) = (String::new(), String::new());
                    let mut e = Emitter::new(&mut fast);
                    e.put(&" ".repeat(column));
                    e.string(w, indent, key);
                    e.flush().unwrap();
                    let mut e = Emitter::new(&mut slow);
                    e.put(&" ".repeat(column));
                    e.styled(w, indent, key);
                    e.flush().unwrap();
                    assert_eq!(fast, slow, "{w:?} at {column}");
                    if is_plain_word(w) {
                        assert_eq!(slow.trim_start(), w.as_str(), "{w:?}");
                    }
                }
            }
        }
        for w in [
            "True", "no", "NULL", "y", "0x1F", "-a", ".a", "a b", "é", "",
        ] {
            assert!(!is_plain_word(w), "{w:?}");
        }
        assert!(is_plain_word("Running") && is_plain_word("v1.33.1") && !is_plain_word("nulls"));
    }

    /// A sink's error stops the writer and comes back.
    #[test]
    fn sink_errors_come_back() {
        struct Refuse(usize);
        impl fmt::Write for Refuse {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                self.0 = self.0.checked_sub(s.len()).ok_or(fmt::Error)?;
                Ok(())
            }
        }
        let v = json!({"a": {"b": ["c", "d"]}});
        assert!(write(&mut Refuse(5), &v).is_err());
        assert!(write(&mut Refuse(100), &v).is_ok());
    }
}
