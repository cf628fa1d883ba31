//! Objects as `kubectl get -o yaml` and `-o json` print them.

use dsplay_core::print::yaml::ListWriter;
use dsplay_core::print::IoSink;
use serde::ser::SerializeMap;
use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use serde_json::Value;
use std::cell::RefCell;
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
    write_json(&mut out, value).map_err(|e| format!("cannot write JSON: {e}"))?;
    String::from_utf8(out).map_err(|e| format!("cannot write JSON: {e}"))
}

/// [`to_json`] written to `out` as it is serialized (with [`List`], one item at a time).
pub(crate) fn write_json<T: Serialize>(out: &mut dyn io::Write, value: &T) -> io::Result<()> {
    let formatter = GoFormatter(PrettyFormatter::with_indent(b"    "));
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, formatter);
    value.serialize(&mut ser)?;
    out.write_all(b"\n")
}

/// The `v1 List` of `items` as `-o yaml` writes it, item by item
/// ([`dsplay_core::print::yaml::ListWriter`]).
pub(crate) fn write_yaml_list(
    out: &mut dyn io::Write,
    items: impl Iterator<Item = Value>,
) -> io::Result<()> {
    let envelope = serde_json::json!({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}});
    let envelope = envelope.as_object().cloned().unwrap_or_default();
    let mut sink = IoSink::new(out);
    let result = (|| {
        let mut list = ListWriter::begin(&mut sink, &envelope)?;
        for item in items {
            list.item(&item)?;
        }
        list.finish()
    })();
    sink.finish(result)
}

/// A `v1 List` (`kubectl get -o json` of several kinds) whose items are serialized as
/// `items` yields them: the list is never held whole, as kubectl prints a List item by item.
/// Serializes once (the iterator is taken).
pub(crate) struct List<I>(RefCell<Option<I>>);

impl<I> List<I> {
    /// The list of `items`.
    pub(crate) fn new(items: I) -> Self {
        List(RefCell::new(Some(items)))
    }
}

impl<I: Iterator<Item = Value>> Serialize for List<I> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// The `items` array, drawn from the iterator.
        struct Items<'a, I>(&'a RefCell<Option<I>>);
        impl<I: Iterator<Item = Value>> Serialize for Items<'_, I> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let items = self.0.borrow_mut().take();
                s.collect_seq(items.into_iter().flatten())
            }
        }
        // The keys in the order a `serde_json::Value` map (sorted) writes them.
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("apiVersion", "v1")?;
        m.serialize_entry("items", &Items(&self.0))?;
        m.serialize_entry("kind", "List")?;
        m.serialize_entry("metadata", &serde_json::json!({"resourceVersion": ""}))?;
        m.end()
    }
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

    /// A streamed List is written byte for byte as the whole `serde_json::Value` list.
    #[test]
    fn streamed_list_is_the_whole_list() {
        let items = vec![
            json!({"kind": "Node", "a": [1, {"b": "<x>"}]}),
            json!({"kind": "Pod"}),
        ];
        for items in [items.clone(), Vec::new()] {
            let whole = json!({"apiVersion": "v1", "kind": "List", "items": items.clone(), "metadata": {"resourceVersion": ""}});
            let mut streamed = Vec::new();
            write_yaml_list(&mut streamed, items.into_iter()).unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                to_yaml(&whole).unwrap()
            );
        }
        let items = vec![
            json!({"kind": "Node", "a": [1, {"b": "<x>"}]}),
            json!({"kind": "Pod"}),
        ];
        for items in [items, Vec::new()] {
            let whole = json!({"apiVersion": "v1", "kind": "List", "items": items.clone(), "metadata": {"resourceVersion": ""}});
            let mut streamed = Vec::new();
            write_json(&mut streamed, &List::new(items.into_iter())).unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                to_json(&whole).unwrap()
            );
        }
    }
}
