//! Where something came from (a file, a line and a column, and which object), and the
//! located errors of the loader and the API server: a kind callers match on, a location, and
//! the message in Kubernetes' words.
//!
//! The error model is regex-syntax's `ast::Error { kind, pattern, span }` and globset's
//! `Error { glob, kind }`: a [`LocatedError`] carries an [`ErrorKind`] (what went wrong, one
//! variant per kind of problem, `#[non_exhaustive]`), a [`Location`] (where), and the text;
//! [`LocatedError::render`] prints it with the source line and a caret under the column, as
//! rustc and regex-syntax do:
//!
//! ```
//! use dsplay_core::location::ErrorKind;
//!
//! let source = "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n  colour: blue\n";
//! let out = dsplay_core::load::load("n.yaml", source);
//! let e = &out.errors[0];
//! assert_eq!(e.kind, ErrorKind::UnknownField);
//! assert_eq!(e.field.as_deref(), Some("metadata.colour"));
//! assert_eq!(
//!     e.render(source),
//!     "n.yaml:5:3: Node/n1: strict decoding error: unknown field \"metadata.colour\"\n\
//!      5 |   colour: blue\n\
//!      \x20 |   ^\n"
//! );
//! ```

pub use crate::load::validate::ErrorType;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A place in a manifest file. `line` and `column` are 1-based, as editors count.
///
/// Lines are counted as libyaml counts them (a line ends at `\n`, `\r\n` or a lone `\r`), and
/// columns count characters (Unicode scalar values, a tab is one), not bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Location {
    /// The file name as the user gave it (`ds.yaml`, `<editor>`).
    pub file: String,
    /// 1-based line number in the whole file (not in the `---` document).
    pub line: u32,
    /// 1-based column number.
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Which API object something is about, as kubectl names it: `DaemonSet/fluentd`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ObjectRef {
    /// The object's `kind` (`DaemonSet`, `Node`, `Pod`, ...).
    pub kind: String,
    /// The object's namespace; empty for cluster-scoped objects such as Nodes.
    pub namespace: String,
    /// The object's `metadata.name`.
    pub name: String,
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind, self.name)
    }
}

/// What kind of problem a [`LocatedError`] is.
///
/// The kinds follow the words Kubernetes has for them: kubectl's YAML-to-JSON step, the
/// API machinery's decoding errors (`runtime.IsMissingKind`, `meta.NoKindMatchError`, strict
/// decoding, Go's `json.UnmarshalTypeError`), and the field errors of the API server's
/// validation ([`ErrorKind::Field`] with `field.ErrorType`: `Required`, `Invalid`, ...).
///
/// New kinds may be added: match with a wildcard arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Occurs when the text is not YAML or JSON kubectl can read: libyaml's syntax errors
    /// (`error converting YAML to JSON: yaml: line 3: did not find expected key`), a bad `---`
    /// separator, an unknown anchor, or YAML without a JSON form (`unsupported map key`,
    /// `NaN`).
    Syntax,
    /// Occurs when input exceeds a size bound: a file larger than the playground reads
    /// (`file is too large`), an object larger than the API server's request limit
    /// (`Request entity too large: limit is 3145728`), aliases that expand too much
    /// (`document contains excessive aliasing`), or an object that would take more than the
    /// playground keeps once decoded, alone or with the file's others (in etcd's words:
    /// `etcdserver: request is too large`, `etcdserver: mvcc: database space exceeded`;
    /// [`crate::load::MAX_OBJECT_DECODED_BYTES`]).
    TooLarge,
    /// Occurs when collections nest deeper than the loader goes
    /// (`exceeded max depth of 200`).
    TooDeep,
    /// Occurs when a file has more errors than are reported one by one: this error stands
    /// for the rest (`… and N more errors in FILE`).
    TooManyErrors,
    /// Occurs when a document has no `kind` (`Object 'Kind' is missing in '…'`).
    MissingKind,
    /// Occurs when a document has a `kind` but no `apiVersion`
    /// (`Object 'apiVersion' is missing in '…'`).
    MissingVersion,
    /// Occurs when a kind does not exist in the given API version (`resource mapping not found
    /// … no matches for kind "DaemonSet" in version "extensions/v1beta1"`).
    UnknownKind,
    /// Occurs when an object has a field its type does not have
    /// (`strict decoding error: unknown field "spec.foo"`).
    UnknownField,
    /// Occurs when a value does not decode into the field's Go type, in `encoding/json`'s
    /// words (`json: cannot unmarshal string into Go struct field … of type int32`), or the
    /// document is not an object.
    WrongType,
    /// Occurs when the API server's validation refuses a field (`field.Error`): which
    /// kind of field error (`Required value`, `Invalid value`, `Unsupported value`, ...) is
    /// the [`ErrorType`]. An invalid quantity and a `resourceVersion` on create are
    /// `Field(ErrorType::Invalid)` too.
    Field(ErrorType),
    /// Occurs when one mapping repeats a key: kubectl keeps the last value silently, the
    /// playground warns (a warning's kind, never an error's).
    DuplicateKey,
    /// Occurs when the simulation is in a state it should never reach (`field.InternalError`);
    /// a bug in the playground.
    Internal,
}

/// A problem with one object of a manifest, located in its file.
///
/// Displayed as `FILE:LINE:COL: Kind/name: message`, the CLI's error format;
/// [`LocatedError::render`] adds the source line and a caret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LocatedError {
    /// What kind of problem this is.
    pub kind: ErrorKind,
    /// Where the offending node is.
    pub location: Location,
    /// The object it belongs to, when that is known (not for YAML syntax errors).
    pub object: Option<ObjectRef>,
    /// The field the error is about, as Kubernetes prints paths
    /// (`spec.template.spec.containers[0].image`), when it is about one field.
    pub field: Option<String>,
    /// The message, in Kubernetes' words where Kubernetes has words for it.
    pub message: String,
}

impl LocatedError {
    /// An error of `kind` at `location`, about no object or field in particular.
    pub fn new(kind: ErrorKind, location: Location, message: impl Into<String>) -> Self {
        LocatedError {
            kind,
            location,
            object: None,
            field: None,
            message: message.into(),
        }
    }

    /// The same error, about `object`.
    #[must_use]
    pub fn with_object(mut self, object: ObjectRef) -> Self {
        self.object = Some(object);
        self
    }

    /// The same error, about the field at `path` (Kubernetes' notation).
    #[must_use]
    pub fn with_field(mut self, path: impl Into<String>) -> Self {
        self.field = Some(path.into());
        self
    }

    /// The error as the CLI prints it: the `FILE:LINE:COL: Kind/name: message` line, then
    /// (when `source`, the text of the error's file, has that line) the line with a caret
    /// under the column ([`Location::snippet`]). Ends with a newline.
    pub fn render(&self, source: &str) -> String {
        let mut out = self.to_string();
        out.push('\n');
        if let Some(snippet) = self.location.snippet(source) {
            out.push_str(&snippet);
        }
        out
    }
}

impl fmt::Display for LocatedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.object {
            Some(o) => write!(f, "{}: {}: {}", self.location, o, self.message),
            None => write!(f, "{}: {}", self.location, self.message),
        }
    }
}

impl std::error::Error for LocatedError {}

/// The most characters of a source line a snippet shows; longer lines are cut around the
/// column, with `...` where text was left out.
pub const SNIPPET_WIDTH: usize = 100;

/// How many spaces a tab becomes in a snippet (rustc's choice).
const TAB_WIDTH: usize = 4;

impl Location {
    /// The source line at this location with a caret under the column, rustc's layout:
    ///
    /// ```text
    /// 7 |     image: [nginx
    ///   |            ^
    /// ```
    ///
    /// `source` is the whole text of the file. Lines end at `\n`, `\r\n` or a lone `\r` (as
    /// libyaml counts them; the `\r` is not shown); the column counts characters, as the
    /// loader does. A tab is shown as four spaces, characters Go would not print (controls,
    /// zero-width and bidi marks such as U+202E: what [`quote`](crate::load::validate::quote)
    /// escapes) as `�`, so none reaches a terminal raw, wide (East Asian,
    /// emoji) characters count two columns for the caret, and a line
    /// longer than [`SNIPPET_WIDTH`] characters is cut to a window around the column. A
    /// column past the line's end puts the caret just after it. `None` when the line is not in
    /// `source` (line 0, or past its end). Ends with a newline.
    pub fn snippet(&self, source: &str) -> Option<String> {
        let index = usize::try_from(self.line).ok()?.checked_sub(1)?;
        draw(self.line, lines(source).nth(index)?, self.column)
    }
}

/// A source text split into lines once, to draw the snippets of many locations in it (each
/// [`Location::snippet`] looks for its line from the start of the text).
#[derive(Clone, Debug)]
pub struct SourceLines<'a> {
    lines: Vec<&'a str>,
}

impl<'a> SourceLines<'a> {
    /// Splits `source` as [`Location::snippet`] does.
    pub fn new(source: &'a str) -> Self {
        SourceLines {
            lines: lines(source).collect(),
        }
    }

    /// [`SourceLines::new`] of the first `last` lines only (enough for locations on those
    /// lines): the time it takes grows with those lines, not with the whole text (an 8 MiB
    /// text refused at 1:1 is not split at all).
    pub fn up_to(source: &'a str, last: u32) -> Self {
        SourceLines {
            lines: lines(source)
                .take(usize::try_from(last).unwrap_or(usize::MAX))
                .collect(),
        }
    }

    /// [`Location::snippet`] of `location` in this text (its `file` is not looked at).
    pub fn snippet(&self, location: &Location) -> Option<String> {
        let index = usize::try_from(location.line).ok()?.checked_sub(1)?;
        draw(location.line, self.lines.get(index)?, location.column)
    }
}

/// The lines of `source` without their line breaks, lines ending at `\n`, `\r\n` or a lone
/// `\r` (as libyaml counts them). After a final line break comes one more, empty, line: where
/// libyaml puts an error at the end of the file.
fn lines(source: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(source);
    std::iter::from_fn(move || {
        let text = rest?;
        // Bytes, not chars: both breaks are ASCII, and a byte scan is several times faster.
        match text.bytes().position(|b| b == b'\n' || b == b'\r') {
            None => {
                rest = None;
                Some(text)
            }
            Some(i) => {
                let brk = if text[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = text.get(i + brk..);
                text.get(..i)
            }
        }
    })
}

/// Line `number` (its text `line`) with a caret under `column`: the work of
/// [`Location::snippet`], in time proportional to the column (plus the window shown), not to
/// the line's length.
fn draw(number: u32, line: &str, column: u32) -> Option<String> {
    // The caret's character index, at most just past the line's end.
    let column = usize::try_from(column)
        .unwrap_or(usize::MAX)
        .saturating_sub(1);
    // The line's length in characters, counted no further than the window can reach: a
    // count of `cap` means "longer than any window around this column".
    let cap = column.min(usize::MAX - SNIPPET_WIDTH - 1) + SNIPPET_WIDTH + 1;
    let len = line.chars().take(cap).count();
    let column = column.min(len);
    let (start, end) = window(len, column);
    let mut shown = String::new();
    // Terminal columns before the caret.
    let mut pad = 0usize;
    let mut width = 0usize;
    if start > 0 {
        shown.push_str("...");
        width = 3;
    }
    for (i, c) in line.chars().enumerate().take(end).skip(start) {
        if i == column {
            pad = width;
        }
        match c {
            '\t' => {
                shown.push_str(&" ".repeat(TAB_WIDTH));
                width += TAB_WIDTH;
            }
            c if !crate::load::validate::is_go_printable(c) => {
                shown.push('\u{FFFD}');
                width += 1;
            }
            c => {
                shown.push(c);
                width += if is_wide(c) { 2 } else { 1 };
            }
        }
    }
    if column >= end {
        pad = width;
    }
    if end < len {
        shown.push_str("...");
    }
    let number = number.to_string();
    let gutter = " ".repeat(number.len());
    let mut out = format!("{number} |");
    if !shown.is_empty() {
        out.push(' ');
        out.push_str(&shown);
    }
    out.push_str(&format!("\n{gutter} | {}^\n", " ".repeat(pad)));
    Some(out)
}

/// The characters `start..end` of a line of `len` characters that a snippet shows so that
/// `column` (at most `len`) is in view.
fn window(len: usize, column: usize) -> (usize, usize) {
    if len <= SNIPPET_WIDTH {
        return (0, len);
    }
    let half = SNIPPET_WIDTH / 2;
    let start = column.saturating_sub(half).min(len - SNIPPET_WIDTH);
    (start, start + SNIPPET_WIDTH)
}

/// Whether `c` takes two columns in a terminal (East Asian Wide and Fullwidth characters and
/// emoji: the main blocks of Unicode's `EastAsianWidth.txt`), so the caret stays under it.
fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, column: u32) -> Location {
        Location {
            file: "f.yaml".into(),
            line,
            column,
        }
    }

    /// One table row: the snippet of `source` at `line:column`, compared whole.
    macro_rules! snippet {
        ($name:ident, $source:expr, $line:expr, $column:expr, $want:expr) => {
            #[test]
            fn $name() {
                let got = at($line, $column).snippet($source);
                let want: Option<&str> = $want;
                assert_eq!(got.as_deref(), want);
            }
        };
    }

    snippet!(
        first_line,
        "kind: Node\n",
        1,
        7,
        Some("1 | kind: Node\n  |       ^\n")
    );
    snippet!(
        column_one,
        "a: b\nc: [d\n",
        2,
        1,
        Some("2 | c: [d\n  | ^\n")
    );
    snippet!(
        crlf_not_shown,
        "a: b\r\nc: d\r\n",
        2,
        4,
        Some("2 | c: d\n  |    ^\n")
    );
    snippet!(
        lone_cr_ends_a_line,
        "a: b\rc: d",
        2,
        1,
        Some("2 | c: d\n  | ^\n")
    );
    snippet!(
        tab_is_four_spaces,
        "a:\n\tb: c\n",
        2,
        2,
        Some("2 |     b: c\n  |     ^\n")
    );
    snippet!(
        multibyte_counts_characters,
        "name: \"é😀\": x\n",
        1,
        11,
        Some("1 | name: \"é😀\": x\n  |            ^\n")
    );
    snippet!(
        past_line_end,
        "a: b\n",
        1,
        40,
        Some("1 | a: b\n  |     ^\n")
    );
    snippet!(empty_line, "a: b\n\nc: d\n", 2, 1, Some("2 |\n  | ^\n"));
    snippet!(beyond_end, "a: b\n", 3, 1, None);
    snippet!(beyond_end_without_break, "a: b", 2, 1, None);
    snippet!(end_of_file, "a: [b\n", 2, 1, Some("2 |\n  | ^\n"));
    snippet!(line_zero, "a: b\n", 0, 1, None);
    snippet!(empty_source_line_one, "", 1, 1, Some("1 |\n  | ^\n"));
    snippet!(
        control_character,
        "a: \u{1b}[31m\n",
        1,
        4,
        Some("1 | a: \u{FFFD}[31m\n  |    ^\n")
    );
    snippet!(
        bidi_override,
        "name: a\u{202E}b: c\n",
        1,
        10,
        Some("1 | name: a\u{FFFD}b: c\n  |          ^\n")
    );
    snippet!(
        wide_gutter,
        &"x\n".repeat(120),
        120,
        1,
        Some("120 | x\n    | ^\n")
    );

    #[test]
    fn long_line_is_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(300), "b".repeat(300));
        let got = at(1, 301).snippet(&line);
        let shown = format!("...{}X{}...", "a".repeat(50), "b".repeat(49));
        let want = format!("1 | {shown}\n  | {}^\n", " ".repeat(53));
        assert_eq!(got.as_deref(), Some(want.as_str()));
    }

    #[test]
    fn long_line_start_and_end() {
        let line = "c".repeat(250);
        let start = at(1, 1).snippet(&line);
        let want = format!("1 | {}...\n  | ^\n", "c".repeat(100));
        assert_eq!(start.as_deref(), Some(want.as_str()));
        let end = at(1, 251).snippet(&line);
        let want = format!("1 | ...{}\n  | {}^\n", "c".repeat(100), " ".repeat(103));
        assert_eq!(end.as_deref(), Some(want.as_str()));
    }

    #[test]
    fn source_lines_draws_what_snippet_draws() {
        let source = "a: b\r\n\tc: [d\re: 😀f\n";
        let lines = SourceLines::new(source);
        for line in 0..6 {
            for column in 0..8 {
                let l = at(line, column);
                assert_eq!(lines.snippet(&l), l.snippet(source), "{line}:{column}");
            }
        }
        assert_eq!(
            lines.snippet(&at(3, 4)).as_deref(),
            Some("3 | e: 😀f\n  |    ^\n")
        );
        assert_eq!(lines.snippet(&at(4, 1)).as_deref(), Some("4 |\n  | ^\n"));
        assert_eq!(lines.snippet(&at(5, 1)), None);
        // The first lines only: the same snippets on them, none past them.
        let first = SourceLines::up_to(source, 2);
        for column in 0..8 {
            for line in 0..3 {
                assert_eq!(
                    first.snippet(&at(line, column)),
                    lines.snippet(&at(line, column))
                );
            }
            assert_eq!(first.snippet(&at(3, column)), None);
        }
    }

    #[test]
    fn a_caret_far_into_a_huge_line_shows_the_window_around_it() {
        let line = "x".repeat(1_000_000);
        let got = at(1, 999_990).snippet(&line);
        let want = format!("1 | ...{}\n  | {}^\n", "x".repeat(100), " ".repeat(92));
        assert_eq!(got.as_deref(), Some(want.as_str()));
        let past = at(1, u32::MAX).snippet(&line);
        let want = format!("1 | ...{}\n  | {}^\n", "x".repeat(100), " ".repeat(103));
        assert_eq!(past.as_deref(), Some(want.as_str()));
    }

    #[test]
    fn render_adds_the_snippet_after_the_line() {
        let e = LocatedError::new(
            ErrorKind::Field(ErrorType::Required),
            at(2, 3),
            "spec.x: Required value",
        )
        .with_object(ObjectRef {
            kind: "DaemonSet".into(),
            namespace: "default".into(),
            name: "d".into(),
        })
        .with_field("spec.x");
        assert_eq!(
            e.render("a: 1\nb: 2\n"),
            "f.yaml:2:3: DaemonSet/d: spec.x: Required value\n2 | b: 2\n  |   ^\n"
        );
        assert_eq!(
            e.render(""),
            "f.yaml:2:3: DaemonSet/d: spec.x: Required value\n"
        );
    }
}
