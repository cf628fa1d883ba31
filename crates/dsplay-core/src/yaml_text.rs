//! JSON values as YAML text, byte for byte what `serde_yaml::to_string` writes.
//!
//! `serde_yaml` 0.9 writes through libyaml's emitter (`unsafe-libyaml`), with an unlimited
//! line width and Unicode output. The web page shows pods in that form; this module writes
//! the same text without libyaml's emitter in the bundle. It follows the emitter's rules
//! for the events a JSON value produces (block mappings and sequences, `{}`/`[]` for empty
//! ones, no anchors or tags):
//!
//! * scalar style (`yaml_emitter_analyze_scalar`, `yaml_emitter_select_scalar_style`): plain
//!   when allowed, else single-quoted, else double-quoted; a string containing `\n` asks for
//!   a literal block (`|`), and a string that would read back as another type (`"true"`,
//!   `"1"`, `"~"`, `""`, `"007"`) asks for single quotes, as `serde_yaml`'s serializer does;
//! * indentation and spacing (`yaml_emitter_write_indent`, `yaml_emitter_write_indicator`,
//!   the `yaml_emitter_write_*_scalar` writers, block-scalar indentation and chomping hints).
//!
//! A test compares the output with `serde_yaml::to_string` on many values.

use serde_json::Value;

/// `value` as YAML, as `serde_yaml::to_string(value)` writes it.
pub fn to_string(value: &Value) -> String {
    let mut e = Emitter {
        out: String::new(),
        column: 0,
        indent: -1,
        indents: Vec::new(),
        whitespace: true,
        indention: true,
    };
    e.node(value, Context::Root);
    // The implicit document end.
    e.write_indent();
    e.out
}

/// Where a node is (libyaml's `root_context`, `sequence_context`, `mapping_context`,
/// `simple_key_context`; only the distinctions the writer uses).
#[derive(Clone, Copy, PartialEq)]
enum Context {
    Root,
    SequenceItem,
    MappingValue,
    SimpleKey,
    ComplexKey,
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Any,
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// What `yaml_emitter_analyze_scalar` finds in a scalar.
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

struct Emitter {
    out: String,
    /// Characters on the current line.
    column: i64,
    indent: i64,
    indents: Vec<i64>,
    whitespace: bool,
    indention: bool,
}

const BEST_INDENT: i64 = 2;

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// `IS_BLANKZ`: blank, break, or NUL (also past the end of the string).
fn is_blankz(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => matches!(c, ' ' | '\t' | '\0') || is_break(c),
    }
}

/// `IS_PRINTABLE`, on the character its UTF-8 bytes encode.
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{10000}'..)
        || (('\u{E000}'..='\u{FFFD}').contains(&c) && c != '\u{FEFF}')
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
    let mut block_indicators = false;
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut previous_space = false;
    let mut previous_break = false;
    if s.starts_with("---") || s.starts_with("...") {
        block_indicators = true;
    }
    let chars: Vec<char> = s.chars().collect();
    let mut preceded_by_whitespace = true;
    let mut followed_by_whitespace = is_blankz(chars.get(1).copied());
    for (i, &c) in chars.iter().enumerate() {
        let first = i == 0;
        let last = i + 1 == chars.len();
        if first {
            if matches!(
                c,
                '#' | ','
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '&'
                    | '*'
                    | '!'
                    | '|'
                    | '>'
                    | '\''
                    | '"'
                    | '%'
                    | '@'
                    | '`'
            ) {
                block_indicators = true;
            }
            if matches!(c, '?' | ':') && followed_by_whitespace {
                block_indicators = true;
            }
            if c == '-' && followed_by_whitespace {
                block_indicators = true;
            }
        } else {
            if c == ':' && followed_by_whitespace {
                block_indicators = true;
            }
            if c == '#' && preceded_by_whitespace {
                block_indicators = true;
            }
        }
        if !is_printable(c) {
            special_characters = true;
        }
        if is_break(c) {
            line_breaks = true;
        }
        if c == ' ' {
            leading_space |= first;
            trailing_space |= last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            leading_break |= first;
            trailing_break |= last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(Some(c));
        if !last {
            followed_by_whitespace = is_blankz(chars.get(i + 2).copied());
        }
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
    if space_break || special_characters {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if line_breaks {
        a.block_plain_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// The style `serde_yaml`'s serializer asks for a string: a literal block for text with a
/// newline, single quotes for text that would read back as null, a boolean or a number.
fn requested_string_style(s: &str) -> Style {
    if s.contains('\n') {
        Style::Literal
    } else if s.is_empty()
        || matches!(s, "null" | "Null" | "NULL" | "~")
        || matches!(s, "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
        || parse_unsigned_int(s)
        || parse_negative_int(s)
        || digits_but_not_number(s)
        || parse_f64(s)
    {
        Style::SingleQuoted
    } else {
        Style::Any
    }
}

/// `serde_yaml::de::parse_unsigned_int` (as `u128`): whether it reads an integer.
fn parse_unsigned_int(scalar: &str) -> bool {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return false;
            }
            if u128::from_str_radix(rest, radix).is_ok() {
                return true;
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(scalar) {
        return false;
    }
    unpositive.parse::<u128>().is_ok()
}

/// `serde_yaml::de::parse_negative_int` (as `i128`): whether it reads an integer.
fn parse_negative_int(scalar: &str) -> bool {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = scalar.strip_prefix(prefix) {
            if i128::from_str_radix(&format!("-{rest}"), radix).is_ok() {
                return true;
            }
        }
    }
    if digits_but_not_number(scalar) {
        return false;
    }
    scalar.parse::<i128>().is_ok()
}

/// `serde_yaml::de::parse_f64`: whether it reads a float.
fn parse_f64(scalar: &str) -> bool {
    let unpositive = match scalar.strip_prefix('+') {
        Some(u) if u.starts_with(['+', '-']) => return false,
        Some(u) => u,
        None => scalar,
    };
    if matches!(unpositive, ".inf" | ".Inf" | ".INF")
        || matches!(
            scalar,
            "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN"
        )
    {
        return true;
    }
    // `str::parse::<f64>` reads the words inf, infinity and nan too, never finite.
    crate::float_text::parse_decimal(unpositive).is_some_and(f64::is_finite)
}

/// `serde_yaml::de::digits_but_not_number`: leading zeros then digits (a string in YAML 1.2).
fn digits_but_not_number(scalar: &str) -> bool {
    let s = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    s.len() > 1 && s.starts_with('0') && s.bytes().skip(1).all(|b| b.is_ascii_digit())
}

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// `WRITE_BREAK`: a newline as the emitter's line break, another break copied.
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn node(&mut self, v: &Value, ctx: Context) {
        match v {
            Value::Null => self.scalar("null", Style::Plain, ctx),
            Value::Bool(b) => self.scalar(if *b { "true" } else { "false" }, Style::Plain, ctx),
            Value::Number(n) => {
                let text = if let Some(f) = n.as_f64().filter(|_| n.is_f64()) {
                    float_text(f)
                } else {
                    n.to_string()
                };
                self.scalar(&text, Style::Plain, ctx);
            }
            Value::String(s) => self.scalar(s, requested_string_style(s), ctx),
            Value::Array(items) if items.is_empty() => {
                self.write_indicator("[", true, true, false);
                self.increase_indent(true, false);
                self.pop_indent();
                self.write_indicator("]", false, false, false);
            }
            Value::Object(m) if m.is_empty() => {
                self.write_indicator("{", true, true, false);
                self.increase_indent(true, false);
                self.pop_indent();
                self.write_indicator("}", false, false, false);
            }
            Value::Array(items) => {
                let in_mapping = matches!(ctx, Context::MappingValue | Context::ComplexKey);
                self.increase_indent(false, in_mapping && !self.indention);
                for item in items {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.node(item, Context::SequenceItem);
                }
                self.pop_indent();
            }
            Value::Object(m) => {
                self.increase_indent(false, false);
                for (k, val) in m {
                    self.write_indent();
                    let a = analyze(k);
                    if !a.multiline && k.len() <= 128 {
                        self.scalar(k, requested_string_style(k), Context::SimpleKey);
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        self.scalar(k, requested_string_style(k), Context::ComplexKey);
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.node(val, Context::MappingValue);
                }
                self.pop_indent();
            }
        }
    }

    /// `yaml_emitter_emit_scalar`: choose the style, then write.
    fn scalar(&mut self, s: &str, requested: Style, ctx: Context) {
        let a = analyze(s);
        let simple_key = ctx == Context::SimpleKey;
        let mut style = if requested == Style::Any {
            Style::Plain
        } else {
            requested
        };
        if simple_key && a.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain {
            // Block context: no flow collection here has content.
            if !a.block_plain_allowed || (s.is_empty() && simple_key) {
                style = Style::SingleQuoted;
            }
        }
        if style == Style::SingleQuoted && !a.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal && (!a.block_allowed || simple_key) {
            style = Style::DoubleQuoted;
        }
        self.increase_indent(true, false);
        match style {
            Style::SingleQuoted => self.single_quoted(s),
            Style::DoubleQuoted => self.double_quoted(s),
            Style::Literal => self.literal(s),
            Style::Plain | Style::Any => self.plain(s),
        }
        self.pop_indent();
    }

    fn plain(&mut self, s: &str) {
        if !self.whitespace && !s.is_empty() {
            self.put(' ');
        }
        let mut breaks = false;
        for c in s.chars() {
            if c == ' ' {
                self.put(c);
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn single_quoted(&mut self, s: &str) {
        self.write_indicator("'", true, false, false);
        let mut breaks = false;
        for c in s.chars() {
            if c == ' ' {
                self.put(c);
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
        if breaks {
            self.write_indent();
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn double_quoted(&mut self, s: &str) {
        self.write_indicator("\"", true, false, false);
        for c in s.chars() {
            if !is_printable(c) || c == '\u{FEFF}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let short = match c {
                    '\0' => Some('0'),
                    '\u{7}' => Some('a'),
                    '\u{8}' => Some('b'),
                    '\t' => Some('t'),
                    '\n' => Some('n'),
                    '\u{B}' => Some('v'),
                    '\u{C}' => Some('f'),
                    '\r' => Some('r'),
                    '\u{1B}' => Some('e'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '\u{85}' => Some('N'),
                    '\u{A0}' => Some('_'),
                    '\u{2028}' => Some('L'),
                    '\u{2029}' => Some('P'),
                    _ => None,
                };
                if let Some(e) = short {
                    self.put(e);
                } else {
                    let v = u32::from(c);
                    let (letter, digits) = if v <= 0xFF {
                        ('x', 2)
                    } else if v <= 0xFFFF {
                        ('u', 4)
                    } else {
                        ('U', 8)
                    };
                    self.put(letter);
                    for k in (0..digits).rev() {
                        let d = (v >> (k * 4)) & 0xF;
                        self.put(char::from_digit(d, 16).unwrap_or('0').to_ascii_uppercase());
                    }
                }
            } else {
                self.put(c);
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn literal(&mut self, s: &str) {
        self.write_indicator("|", true, false, false);
        // Indentation hint when the text starts with a space or a break.
        if s.starts_with(|c: char| c == ' ' || is_break(c)) {
            self.write_indicator("2", false, false, false);
        }
        // Chomping: `-` unless the text ends with a break; `+` if it ends with two (or is one).
        let mut rev = s.chars().rev();
        let chomp = match (rev.next(), rev.next()) {
            (Some(last), _) if !is_break(last) => Some("-"),
            (Some(_), None) => Some("+"),
            (Some(_), Some(prev)) if is_break(prev) => Some("+"),
            (None, _) => Some("-"),
            _ => None,
        };
        if let Some(h) = chomp {
            self.write_indicator(h, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in s.chars() {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

/// `serde_yaml`'s float text: ryu's shortest form, `.inf`/`-.inf`/`.nan` otherwise.
fn float_text(f: f64) -> String {
    if f.is_nan() {
        ".nan".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { ".inf" } else { "-.inf" }.to_string()
    } else {
        ryu::Buffer::new().format_finite(f).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn same(v: &Value) {
        let want = serde_yaml::to_string(v).unwrap_or_default();
        assert_eq!(to_string(v), want, "value: {v}");
    }

    #[test]
    fn shapes_like_serde_yaml() {
        for v in [
            json!(null),
            json!("x"),
            json!({}),
            json!([]),
            json!({"a": {}, "b": [], "c": [[], {}], "d": [[1, 2], [3]], "e": [{"x": 1, "y": [1]}]}),
            json!({"spec": {"containers": [{"name": "c", "args": ["a", "b"], "env": [{"name": "X", "value": "1"}]}]}}),
            json!([{"a": [{"b": {"c": [1]}}]}]),
            json!({"n": [1, -2, 1.5, 1e300, -0.0, 0.1, 1e-7, 12345678901234567890u64]}),
        ] {
            same(&v);
        }
    }

    #[test]
    fn scalars_like_serde_yaml() {
        let strings = [
            "",
            " ",
            "a b",
            " a",
            "a ",
            "true",
            "True",
            "yes",
            "no",
            "on",
            "null",
            "~",
            "Null",
            "1",
            "-1",
            "+1",
            "01",
            "007",
            "-007",
            "0x1F",
            "0o17",
            "0b101",
            "-0x1F",
            "0x",
            "1.5",
            "1e5",
            ".5",
            "1.",
            "-.inf",
            ".NaN",
            "inf",
            "nan",
            "infinity",
            "12:30",
            "a: b",
            "a:b",
            "- a",
            "-a",
            "-",
            "--- x",
            "...",
            "? x",
            "?x",
            ":x",
            "#x",
            "a #b",
            "a#b",
            "[x]",
            "x]",
            "{x}",
            "x,y",
            "&a",
            "*a",
            "!a",
            "|",
            ">",
            "'",
            "\"",
            "%",
            "@",
            "`",
            "a'b",
            "a\"b",
            "a\\b",
            "tab\there",
            "cr\rhere",
            "nel\u{85}x",
            "ls\u{2028}x",
            "ps\u{2029}",
            "nbsp\u{a0}",
            "bom\u{feff}",
            "é",
            "日本",
            "😀",
            "\u{7f}",
            "\u{1}",
            "\0",
            "\u{fffe}",
            "a\nb",
            "a\n",
            "a\n\n",
            "\n",
            "\n\n",
            "\na",
            " a\nb",
            "a \nb",
            "a\n b",
            "a\n\nb",
            "a\nb ",
            "a\tb\nc",
            "line1\nline2\n",
            "x\u{2028}\ny",
            "key: value\n",
        ];
        for s in strings {
            same(&json!(s));
            same(&json!({ s: s }));
            same(&json!([s, [s], { "k": s }]));
            same(&json!({"outer": { s: [s] }}));
        }
        let long = "k".repeat(129);
        same(&json!({ long.clone(): "v", "x": [long.clone()] }));
        same(&json!({ "k".repeat(128): { long: [1] } }));
    }

    proptest! {
        #[test]
        fn random_strings_like_serde_yaml(
            s in proptest::string::string_regex("[ a0:#\\-'\"\\n\\t\\r.,\\[\\]{}?!|>%@`&*~\u{85}\u{a0}\u{2028}é😀]{0,8}").unwrap_or_else(|_| unreachable!()),
        ) {
            let v = json!({ s.clone(): [s.clone(), { "k": s.clone() }], "v": s });
            let want = serde_yaml::to_string(&v).unwrap_or_default();
            prop_assert_eq!(to_string(&v), want);
        }
    }
}
