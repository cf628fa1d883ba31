//! `-o json`: Go's `json.MarshalIndent(obj, "", "    ")` as kubectl prints an object,
//! read through a [`JsonTree`] (the value `serde_json::to_value` gives, without building
//! one); a `v1 List` written item by item ([`write_list`]). Used by the CLI's `-o json` and
//! the console.

use crate::json::{JsonKind, JsonRef, JsonTree};
use serde::Serialize;
use std::fmt;
use std::fmt::Write as _;

/// JSON as `-o json` writes it: Go's `json.MarshalIndent(obj, "", "    ")` (which is
/// serde_json's `PrettyFormatter` with a four-space indent, object keys sorted), with Go's
/// HTML-safe escapes (`<` as `\u003c`, ...), and a trailing newline.
///
/// # Errors
///
/// When `value` cannot be serialized (not the API types).
pub fn to_json<T: Serialize>(value: &T) -> Result<String, String> {
    let mut tree = JsonTree::new();
    tree.fill(value)
        .map_err(|e| format!("cannot write JSON: {e}"))?;
    let mut w = JsonWriter::default();
    w.value(tree.root(), 0);
    w.buf.push('\n');
    Ok(w.buf)
}

/// The `v1 List` of `items` (`kubectl get -o json` of several objects) as [`to_json`]
/// writes the whole list, written item by item as kubectl prints a List (the List writer,
/// `print/list.rs`): the list is never held whole, each item is read through one reused
/// [`JsonTree`], and the text reaches `out` in pieces of about 64 KiB. An item that cannot
/// be serialized is left out, as [`crate::sim::Simulation::list_items`] leaves it out.
///
/// # Errors
///
/// Whatever `out` returns (writing stops at the first error).
pub fn write_list<W: fmt::Write + ?Sized, T: Serialize>(
    out: &mut W,
    items: impl IntoIterator<Item = T>,
) -> fmt::Result {
    super::list::write(out, items, JsonList)
}

/// The last `keep` lines of what [`write_list`] writes for the same `items` (all of it when
/// it has no more lines), byte for byte, from the last item backwards: only the items
/// those lines reach are read and written (the page's console keeps the last 20,000 lines
/// of an answer). Returns whether lines before them were left out.
///
/// # Errors
///
/// Whatever `out` returns.
pub fn write_list_tail<W: fmt::Write + ?Sized, T: Serialize>(
    out: &mut W,
    items: impl IntoIterator<Item = T, IntoIter: DoubleEndedIterator>,
    keep: usize,
) -> Result<bool, fmt::Error> {
    super::list::write_tail(out, items, keep, JsonList)
}

/// A `v1 List` in JSON: its keys in order (`apiVersion`, `items`, `kind`, `metadata`), each
/// item on its own lines at depth 2.
struct JsonList;

impl super::list::Format for JsonList {
    const HEAD: &'static str = "{\n    \"apiVersion\": \"v1\",\n    \"items\": [";
    const OPEN: &'static str = "";
    const BETWEEN: &'static str = ",";
    const CLOSE: &'static str = "\n    ";
    const EMPTY: &'static str = "";
    const END: &'static str =
        "],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n";

    fn item(&mut self, item: JsonRef<'_>, out: &mut String) {
        // Written straight after the text before it: a large item's text is held once.
        let mut w = JsonWriter {
            buf: std::mem::take(out),
        };
        w.line(2, true);
        w.value(item, 2);
        *out = w.buf;
    }
}

/// Go's `json.MarshalIndent(v, "", "    ")` text, into a buffer.
#[derive(Default)]
pub struct JsonWriter {
    /// The text written so far.
    pub buf: String,
}

/// `,` then a line break and up to [`MAX_PAD`] spaces of indent.
const BREAK: &str = {
    const B: [u8; 2 + MAX_PAD] = {
        let mut b = [b' '; 2 + MAX_PAD];
        b[0] = b',';
        b[1] = b'\n';
        b
    };
    match std::str::from_utf8(&B) {
        Ok(s) => s,
        Err(_) => ",\n",
    }
};
/// The indent [`BREAK`] holds; deeper lines get the rest in further pieces.
const MAX_PAD: usize = 128;

/// Which bytes of a string Go's encoder writes otherwise: 1 for an escape, 2 for the first
/// byte of U+2028 and U+2029 (E2 80 A8, E2 80 A9), 0 for the others.
const SPECIAL: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = 1;
        i += 1;
    }
    t[b'"' as usize] = 1;
    t[b'\\' as usize] = 1;
    t[b'<' as usize] = 1;
    t[b'>' as usize] = 1;
    t[b'&' as usize] = 1;
    t[0xE2] = 2;
    t
};

impl JsonWriter {
    /// A line break (after a `,` unless `first`) and the indent of nesting `depth`.
    pub fn line(&mut self, depth: usize, first: bool) {
        let mut pad = depth.saturating_mul(4);
        let head = pad.min(MAX_PAD);
        self.buf
            .push_str(BREAK.get(usize::from(first)..2 + head).unwrap_or_default());
        pad -= head;
        while pad > 0 {
            let n = pad.min(MAX_PAD);
            self.buf.push_str(BREAK.get(2..2 + n).unwrap_or_default());
            pad -= n;
        }
    }

    /// `v`, its first line where the cursor is, nested `depth` deep.
    pub fn value(&mut self, v: JsonRef<'_>, depth: usize) {
        match v.kind() {
            JsonKind::Null => self.buf.push_str("null"),
            JsonKind::Bool(b) => self.buf.push_str(if b { "true" } else { "false" }),
            JsonKind::I64(i) => {
                let _ = write!(self.buf, "{i}");
            }
            JsonKind::U64(u) => {
                let _ = write!(self.buf, "{u}");
            }
            // serde_json's float text (ryu's shortest digits, `1.0` for whole numbers).
            JsonKind::F64(f) => {
                if let Ok(t) = serde_json::to_string(&f) {
                    self.buf.push_str(&t);
                }
            }
            JsonKind::String(s) => self.string(s),
            JsonKind::Array(items) => {
                if items.len() == 0 {
                    return self.buf.push_str("[]");
                }
                self.buf.push('[');
                for (i, item) in items.enumerate() {
                    self.line(depth.saturating_add(1), i == 0);
                    self.value(item, depth.saturating_add(1));
                }
                self.line(depth, true);
                self.buf.push(']');
            }
            JsonKind::Object(entries) => {
                if entries.len() == 0 {
                    return self.buf.push_str("{}");
                }
                self.buf.push('{');
                for (i, (key, value)) in entries.enumerate() {
                    self.line(depth.saturating_add(1), i == 0);
                    self.string(key);
                    self.buf.push_str(": ");
                    self.value(value, depth.saturating_add(1));
                }
                self.line(depth, true);
                self.buf.push('}');
            }
        }
    }

    /// A string as Go's `encoding/json` writes it with `escapeHTML`: `"` and `\\`
    /// backslashed, control characters as `\n`, `\t`, ... or `\u00XX`, `<`, `>`, `&`,
    /// U+2028 and U+2029 as `\uXXXX`.
    pub fn string(&mut self, s: &str) {
        let bytes = s.as_bytes();
        self.buf.push('"');
        let mut start = 0;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let special = SPECIAL.get(usize::from(b)).copied().unwrap_or(0);
            let separator =
                special == 2 && matches!(bytes.get(i + 1..i + 3), Some([0x80, 0xA8 | 0xA9]));
            if special == 0 || (special == 2 && !separator) {
                i += 1;
                continue;
            }
            // `start` and `i` are at characters: after an escaped one, at a special byte.
            self.buf.push_str(s.get(start..i).unwrap_or_default());
            let short = match b {
                b'"' => Some('"'),
                b'\\' => Some('\\'),
                b'\n' => Some('n'),
                b'\r' => Some('r'),
                b'\t' => Some('t'),
                0x08 => Some('b'),
                0x0C => Some('f'),
                _ => None,
            };
            if let Some(c) = short {
                self.buf.push('\\');
                self.buf.push(c);
                i += 1;
            } else if separator {
                let last = bytes.get(i + 2).copied().unwrap_or(0);
                self.buf
                    .push_str(if last == 0xA8 { "\\u2028" } else { "\\u2029" });
                i += 3;
            } else {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let hex =
                    |n: u8| char::from(HEX.get(usize::from(n & 0xF)).copied().unwrap_or(b'0'));
                self.buf.push_str("\\u00");
                self.buf.push(hex(b >> 4));
                self.buf.push(hex(b));
                i += 1;
            }
            start = i;
        }
        self.buf.push_str(s.get(start..).unwrap_or_default());
        self.buf.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_uses_four_spaces_and_go_escapes() {
        let v = json!({"apiVersion": "v1", "items": [1], "m": "a<b>&c\u{2028}", "e": {}, "l": []});
        assert_eq!(
            to_json(&v).unwrap(),
            "{\n    \"apiVersion\": \"v1\",\n    \"e\": {},\n    \"items\": [\n        1\n    ],\n    \"l\": [],\n    \"m\": \"a\\u003cb\\u003e\\u0026c\\u2028\"\n}\n"
        );
        let back: serde_json::Value = serde_json::from_str(&to_json(&v).unwrap()).unwrap();
        assert_eq!(back, v);
    }

    /// The layout is serde_json's `PrettyFormatter` with four spaces, at any depth; only
    /// Go's five characters are escaped (`…`, E2 80 A6, shares their first byte).
    #[test]
    fn json_layout_is_pretty_formatters() {
        let mut v = json!({"a": [], "b": {}, "c": [1, "…\u{2029}x\u{1}\u{8}\u{c}\n\r\t\u{1f}\u{7f}\"\\é", null], "d": 1.5, "e": [-1, 1e300, 2.0, u64::MAX, true, false]});
        for depth in 0..40 {
            v = if depth % 2 == 0 {
                json!({"k": v, "n": depth})
            } else {
                json!([depth, v, {}])
            };
        }
        let mut pretty = Vec::new();
        let f = serde_json::ser::PrettyFormatter::with_indent(b"    ");
        v.serialize(&mut serde_json::Serializer::with_formatter(&mut pretty, f))
            .unwrap();
        let pretty = String::from_utf8(pretty)
            .unwrap()
            .replace('\u{2029}', "\\u2029");
        assert_eq!(to_json(&v).unwrap(), pretty + "\n");
    }
}
