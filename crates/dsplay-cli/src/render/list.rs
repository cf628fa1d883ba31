//! Objects as `kubectl get -o yaml` and `-o json` print them.

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use std::io;

/// YAML as `-o yaml` writes it (kubectl's dialect, see [`dsplay_core::print::yaml`]).
pub(crate) fn to_yaml<T: Serialize>(value: &T) -> Result<String, String> {
    let v = serde_json::to_value(value).map_err(|e| format!("cannot write YAML: {e}"))?;
    Ok(dsplay_core::print::yaml::to_string(&v))
}

/// JSON as `-o json` writes it: Go's `json.MarshalIndent(obj, "", "    ")`, with its HTML-safe
/// escapes (`<` as `\u003c`, ...), and a trailing newline.
pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<String, String> {
    let mut out = Vec::new();
    let formatter = GoFormatter(PrettyFormatter::with_indent(b"    "));
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    value
        .serialize(&mut ser)
        .map_err(|e| format!("cannot write JSON: {e}"))?;
    out.push(b'\n');
    String::from_utf8(out).map_err(|e| format!("cannot write JSON: {e}"))
}

/// serde_json's pretty formatter plus Go's `escapeHTML` and line-separator escapes.
struct GoFormatter<'a>(PrettyFormatter<'a>);

impl Formatter for GoFormatter<'_> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            let escape = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(fragment.get(start..i).unwrap_or("").as_bytes())?;
            writer.write_all(escape.as_bytes())?;
            start = i + c.len_utf8();
        }
        writer.write_all(fragment.get(start..).unwrap_or("").as_bytes())
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
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
}
