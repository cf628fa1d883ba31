//! Objects as `kubectl get -o yaml` and `-o json` print them, each read through a
//! [`JsonTree`] (the value `serde_json::to_value` gives, without building one).

use dsplay_core::json::JsonTree;
pub(crate) use dsplay_core::print::json::to_json;
use dsplay_core::print::json::JsonWriter;
use dsplay_core::print::yaml::{self, ListWriter};
use dsplay_core::print::IoSink;
use serde::Serialize;
use std::io::{self, Write as _};

/// YAML as `-o yaml` writes it (kubectl's dialect, see [`dsplay_core::print::yaml`]).
pub(crate) fn to_yaml<T: Serialize>(value: &T) -> Result<String, String> {
    let mut tree = JsonTree::new();
    tree.fill(value)
        .map_err(|e| format!("cannot write YAML: {e}"))?;
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = yaml::write_json(&mut out, tree.root());
    Ok(out)
}

/// The size of the buffer the writers fill before handing their text to `out`.
const BUFFER: usize = 64 * 1024;

/// The `v1 List` of `items` (`kubectl get -o json` of several kinds) as [`to_json`] writes
/// the whole list, written item by item as kubectl prints a List: the list is never held
/// whole. Each item is read through one reused [`JsonTree`]; an item that cannot be
/// serialized is left out, as [`dsplay_core::sim::Simulation::list_items`] leaves it out.
pub(crate) fn write_json_list<T: Serialize>(
    out: &mut dyn io::Write,
    items: impl Iterator<Item = T>,
) -> io::Result<()> {
    let mut w = JsonWriter::default();
    let mut tree = JsonTree::new();
    // The envelope's keys in order: apiVersion, items, kind, metadata.
    w.buf.push(b'{');
    w.line(1, true);
    w.buf.extend_from_slice(br#""apiVersion": "v1""#);
    w.line(1, false);
    w.buf.extend_from_slice(br#""items": ["#);
    let mut first = true;
    for item in items {
        if tree.fill(&item).is_err() {
            continue;
        }
        w.line(2, std::mem::replace(&mut first, false));
        w.value(tree.root(), 2);
        if w.buf.len() >= BUFFER {
            out.write_all(&w.buf)?;
            w.buf.clear();
        }
    }
    if !first {
        w.line(1, true);
    }
    w.buf.push(b']');
    w.line(1, false);
    w.buf.extend_from_slice(br#""kind": "List""#);
    w.line(1, false);
    w.buf.extend_from_slice(br#""metadata": {"#);
    w.line(2, true);
    w.buf.extend_from_slice(br#""resourceVersion": """#);
    w.line(1, true);
    w.buf.push(b'}');
    w.line(0, true);
    w.buf.extend_from_slice(b"}\n");
    out.write_all(&w.buf)
}

/// The `v1 List` of `items` as `-o yaml` writes it, item by item
/// ([`dsplay_core::print::yaml::ListWriter`]), each item read through one reused
/// [`JsonTree`]. An item that cannot be serialized is left out, as
/// [`dsplay_core::sim::Simulation::list_items`] leaves it out.
pub(crate) fn write_yaml_list<T: Serialize>(
    out: &mut dyn io::Write,
    items: impl Iterator<Item = T>,
) -> io::Result<()> {
    let envelope = serde_json::json!({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}});
    let envelope = envelope.as_object().cloned().unwrap_or_default();
    let mut out = io::BufWriter::with_capacity(BUFFER, out);
    let mut sink = IoSink::new(&mut out);
    let result = (|| {
        let mut tree = JsonTree::new();
        let mut list = ListWriter::begin(&mut sink, &envelope)?;
        for item in items {
            if tree.fill(&item).is_ok() {
                list.item_json(tree.root())?;
            }
        }
        list.finish()
    })();
    sink.finish(result)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
            write_json_list(&mut streamed, items.into_iter()).unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                to_json(&whole).unwrap()
            );
        }
    }
}
