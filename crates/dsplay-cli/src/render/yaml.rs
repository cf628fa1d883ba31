//! YAML exactly as `kubectl get -o yaml` writes it.
//!
//! kubectl turns the object into JSON and the JSON into YAML with `sigs.k8s.io/yaml`,
//! that is go-yaml v2 (a port of libyaml's emitter). This module reproduces that
//! emitter's choices for JSON values, so the output reads like kubectl's:
//!
//! * map keys in go-yaml's order (`keyList.Less`: byte order, except that digit runs
//!   compare as numbers and non-letters sort before letters);
//! * a string that would read back as something else (`""`, `"true"`, `"12345"`, a
//!   timestamp such as `"2026-01-01T00:00:00Z"`) in double quotes; one that cannot be
//!   plain for YAML reasons (`': x'`, `'*'`, leading space) in single quotes; one with
//!   a line break as a literal block (`|`, `|-`, `|+`); control characters escaped in
//!   double quotes;
//! * long strings folded at a space once the line passes 80 columns (go-yaml v2's
//!   `best_width`), continuation lines indented two more than the key;
//! * sequences inside mappings not indented (`items:` then `- ...` at the same column),
//!   empty maps and lists as `{}` and `[]`.

use serde_json::{Map, Number, Value};
use std::cmp::Ordering;

/// go-yaml v2's `best_width`.
const BEST_WIDTH: usize = 80;
/// go-yaml v2's `best_indent`.
const INDENT: usize = 2;

/// The YAML kubectl prints for `value` (ends with a newline).
pub(crate) fn to_yaml(value: &Value) -> String {
    let mut e = Emitter::default();
    match value {
        Value::Object(m) if !m.is_empty() => e.mapping(m, 0, false),
        Value::Array(a) if !a.is_empty() => e.sequence(a, 0, false),
        other => {
            e.inline(other, INDENT);
            e.newline();
        }
    }
    e.out
}

#[derive(Default)]
struct Emitter {
    out: String,
    /// Characters written on the current line.
    column: usize,
}

impl Emitter {
    fn put(&mut self, s: &str) {
        for c in s.chars() {
            self.put_char(c);
        }
    }

    fn put_char(&mut self, c: char) {
        self.out.push(c);
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
        while self.column < indent {
            self.put_char(' ');
        }
    }

    /// libyaml's `write_indent`: a line break (unless at the start of an empty line) and padding.
    fn write_indent(&mut self, indent: usize) {
        if self.column > 0 {
            self.newline();
        }
        self.pad_to(indent);
    }

    /// A block mapping whose keys start at `indent`; the first key is written where the
    /// cursor is when `inline_first` (after `- `).
    fn mapping(&mut self, map: &Map<String, Value>, indent: usize, inline_first: bool) {
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort_by(|a, b| key_cmp(a, b));
        for (i, key) in keys.into_iter().enumerate() {
            if !(inline_first && i == 0) {
                self.pad_to(indent);
            }
            self.key(key);
            self.put_char(':');
            match map.get(key).unwrap_or(&Value::Null) {
                Value::Object(m) if !m.is_empty() => {
                    self.newline();
                    self.mapping(m, indent.saturating_add(INDENT), false);
                }
                Value::Array(a) if !a.is_empty() => {
                    self.newline();
                    // Sequences in mappings are "indentless", as go-yaml writes them.
                    self.sequence(a, indent, false);
                }
                other => {
                    self.put_char(' ');
                    self.inline(other, indent.saturating_add(INDENT));
                    self.newline();
                }
            }
        }
    }

    /// A block sequence whose dashes are at `indent`.
    fn sequence(&mut self, items: &[Value], indent: usize, inline_first: bool) {
        let inner = indent.saturating_add(INDENT);
        for (i, item) in items.iter().enumerate() {
            if !(inline_first && i == 0) {
                self.pad_to(indent);
            }
            self.put("- ");
            match item {
                Value::Object(m) if !m.is_empty() => self.mapping(m, inner, true),
                Value::Array(a) if !a.is_empty() => self.sequence(a, inner, true),
                other => {
                    self.inline(other, inner);
                    self.newline();
                }
            }
        }
    }

    /// A scalar (or an empty collection) after `key: ` or `- `; `indent` is where folded
    /// and literal lines continue.
    fn inline(&mut self, value: &Value, indent: usize) {
        match value {
            Value::Null => self.put("null"),
            Value::Bool(b) => self.put(if *b { "true" } else { "false" }),
            Value::Number(n) => self.put(&number(n)),
            Value::String(s) => self.string(s, indent, false),
            Value::Array(_) => self.put("[]"),
            Value::Object(_) => self.put("{}"),
        }
    }

    fn key(&mut self, key: &str) {
        self.string(key, 0, true);
    }

    /// go-yaml's `stringv` plus libyaml's `select_scalar_style`.
    fn string(&mut self, s: &str, indent: usize, simple_key: bool) {
        let a = analyze(s);
        let can_use_plain = resolves_to_str(s) && !is_base60_float(s);
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

    fn plain(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_space = chars.get(i.saturating_add(1)) == Some(&' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_space {
                    self.write_indent(indent);
                } else {
                    self.put_char(c);
                }
                spaces = true;
            } else {
                self.put_char(c);
                spaces = false;
            }
        }
    }

    fn single(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        let last = chars.len().saturating_sub(1);
        self.put_char('\'');
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_space = chars.get(i.saturating_add(1)) == Some(&' ');
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i != 0
                    && i != last
                    && !next_space
                {
                    self.write_indent(indent);
                } else {
                    self.put_char(c);
                }
                spaces = true;
            } else {
                if c == '\'' {
                    self.put_char('\'');
                }
                self.put_char(c);
                spaces = false;
            }
        }
        self.put_char('\'');
    }

    fn double(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        let chars: Vec<char> = s.chars().collect();
        let last = chars.len().saturating_sub(1);
        self.put_char('"');
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
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
                        if v <= 0xFF {
                            self.put(&format!("x{v:02X}"));
                        } else if v <= 0xFFFF {
                            self.put(&format!("u{v:04X}"));
                        } else {
                            self.put(&format!("U{v:08X}"));
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i < last {
                    self.write_indent(indent);
                    if chars.get(i.saturating_add(1)) == Some(&' ') {
                        self.put_char('\\');
                    }
                } else {
                    self.put_char(c);
                }
                spaces = true;
            } else {
                self.put_char(c);
                spaces = false;
            }
        }
        self.put_char('"');
    }

    fn literal(&mut self, s: &str, indent: usize) {
        self.put_char('|');
        let chars: Vec<char> = s.chars().collect();
        if chars.first().is_some_and(|&c| c == ' ' || is_break(c)) {
            self.put(&INDENT.to_string());
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
        for &c in &chars {
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
        // The caller ends the line; a value ending in a break already did.
        if chars.last().is_some_and(|&c| is_break(c)) {
            self.column = 0;
            self.out.pop();
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

fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let chars: Vec<char> = s.chars().collect();
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let (mut special, mut line_breaks) = (false, false);
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    let last = chars.len().saturating_sub(1);
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = chars.get(i.saturating_add(1)).is_none_or(|&n| is_blank(n));
        if i == 0 {
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
            leading_space |= i == 0;
            trailing_space |= i == last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= i == last;
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

/// Whether go-yaml v2's `resolve` reads the plain scalar `s` back as a string.
fn resolves_to_str(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false; // "" is null
    };
    if !matches!(
        first,
        '+' | '-' | '0'
            ..='9' | 'y' | 'Y' | 'n' | 'N' | 't' | 'T' | 'f' | 'F' | 'o' | 'O' | '~' | '.'
    ) {
        return true;
    }
    const MAP: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no",
        "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "~", "null", "Null", "NULL",
        ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
        "-.Inf", "-.INF",
    ];
    if MAP.contains(&s) {
        return false;
    }
    match first {
        '.' => !go_parse_float(s),
        '+' | '-' | '0'..='9' => {
            if is_timestamp(s) {
                return false;
            }
            let plain: String = s.chars().filter(|&c| c != '_').collect();
            !(go_parse_int(&plain) || is_yaml_float(&plain) || is_binary(&plain))
        }
        _ => true,
    }
}

/// `strconv.ParseInt(s, 0, 64)` or `ParseUint(s, 0, 64)` succeeds (overflow aside: a long
/// run of digits is a float for go-yaml anyway).
fn go_parse_int(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let all = |t: &str, ok: fn(char) -> bool| !t.is_empty() && t.chars().all(ok);
    if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        return all(h, |c| c.is_ascii_hexdigit());
    }
    if let Some(b) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
        return all(b, |c| c == '0' || c == '1');
    }
    if let Some(o) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
        return all(o, |c| ('0'..='7').contains(&c));
    }
    if let Some(o) = body.strip_prefix('0') {
        return o.chars().all(|c| ('0'..='7').contains(&c));
    }
    all(body, |c| c.is_ascii_digit())
}

/// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exp) = match b.find(['e', 'E']) {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (b, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => digits(frac),
        Some((int, frac)) => digits(int) && (frac.is_empty() || digits(frac)),
        None => digits(mantissa),
    };
    let exp_ok = exp.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mantissa_ok && exp_ok
}

fn is_binary(s: &str) -> bool {
    let b = s.strip_prefix('-').unwrap_or(s);
    b.strip_prefix("0b")
        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c == '0' || c == '1'))
}

/// Go's `strconv.ParseFloat` for strings starting with `.` (`.5`, `.5e3`).
fn go_parse_float(s: &str) -> bool {
    is_yaml_float(s)
}

/// go-yaml's `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &str) -> bool {
    let b = s.strip_prefix(['+', '-']).unwrap_or(s);
    if !b.starts_with(|c: char| c.is_ascii_digit()) || !b.contains(':') {
        return false;
    }
    let (main, frac) = match b.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (b, None),
    };
    if frac.is_some_and(|f| !f.chars().all(|c| c.is_ascii_digit() || c == '_')) {
        return false;
    }
    let mut parts = main.split(':');
    let head = parts.next().unwrap_or("");
    if !head.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return false;
    }
    parts.all(|p| {
        let bytes = p.as_bytes();
        match bytes {
            [d] => d.is_ascii_digit(),
            [t, d] => (b'0'..=b'5').contains(t) && d.is_ascii_digit(),
            _ => false,
        }
    })
}

/// go-yaml's `parseTimestamp`: `2006-1-2`, `2006-1-2T15:4:5.999999999Z07:00` (or `t`),
/// `2006-1-2 15:4:5.999999999`.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let num = |min: usize, max: usize, i: &mut usize| -> Option<u32> {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - start < max {
            *i += 1;
        }
        if *i - start < min {
            return None;
        }
        s.get(start..*i)?.parse().ok()
    };
    let expect = |c: u8, i: &mut usize| -> Option<()> {
        if b.get(*i) == Some(&c) {
            *i += 1;
            Some(())
        } else {
            None
        }
    };
    let parsed = (|| -> Option<bool> {
        let year = num(4, 4, &mut i)?;
        expect(b'-', &mut i)?;
        let month = num(1, 2, &mut i)?;
        expect(b'-', &mut i)?;
        let day = num(1, 2, &mut i)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if i == b.len() {
            return Some(true);
        }
        let sep = *b.get(i)?;
        if !matches!(sep, b'T' | b't' | b' ') {
            return None;
        }
        i += 1;
        let h = num(1, 2, &mut i)?;
        expect(b':', &mut i)?;
        let m = num(1, 2, &mut i)?;
        expect(b':', &mut i)?;
        let sec = num(1, 2, &mut i)?;
        if h > 23 || m > 59 || sec > 59 {
            return None;
        }
        if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        if sep == b' ' {
            return Some(i == b.len());
        }
        match b.get(i) {
            Some(b'Z') => Some(i + 1 == b.len()),
            Some(b'+' | b'-') => {
                i += 1;
                let zh = num(2, 2, &mut i)?;
                expect(b':', &mut i)?;
                let zm = num(2, 2, &mut i)?;
                Some(i == b.len() && zh <= 23 && zm <= 59)
            }
            _ => None,
        }
    })();
    parsed == Some(true)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

/// A number as go-yaml writes what JSON decoding gave it (ints as ints; floats as
/// `strconv.FormatFloat(f, 'g', -1, 64)`).
fn number(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    if f.is_nan() {
        return ".nan".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.to_string();
    }
    // Shortest digits and exponent, then Go's %g rule for shortest precision.
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.unsigned_abs());
    }
    format!("{f}")
}

/// go-yaml v2's `keyList.Less` for string keys.
fn key_cmp(a: &str, b: &str) -> Ordering {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let n = ar.len().min(br.len());
    for i in 0..n {
        let (ac, bc) = (ar[i], br[i]);
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
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ac == '0' || bc == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an
                .saturating_mul(10)
                .saturating_add(i64::from(ar[ai] as u8 - b'0'));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn
                .saturating_mul(10)
                .saturating_add(i64::from(br[bi] as u8 - b'0'));
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn y(v: Value) -> String {
        to_yaml(&v)
    }

    /// Emitting and reading back gives the same value.
    fn round_trip(v: &Value) {
        let text = to_yaml(v);
        let back: Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(&back, v, "\n{text}");
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
        keys.sort_by(|a, b| key_cmp(a, b));
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
}
