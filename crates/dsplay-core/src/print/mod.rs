//! Printers: objects as kubectl prints them (`k8s.io/cli-runtime/pkg/printers`).
//!
//! A printer writes one object, as the API shapes it in JSON, into a sink: any
//! [`std::fmt::Write`] (a `String`, a formatter), or any [`std::io::Write`] through
//! [`IoSink`]. Whoever prints many objects (a `List`, a watch) hands them over one at a time,
//! so nothing needs the whole output in memory.
//!
//! * [`yaml`]: `-o yaml`, kubectl's dialect (`sigs.k8s.io/yaml` over go-yaml v2), used by
//!   the CLI and by the page's details panel; [`get_yaml`] is `kubectl get KIND NAME -o yaml`
//!   on a simulated cluster.
//! * [`svg`]: `-o svg`, the cluster view as one self-contained SVG picture, used by the CLI
//!   and by the page's **Download picture**.
//! * [`chart`]: `-o chart`, each DaemonSet's status over simulated time as an SVG chart
//!   (from [`crate::timeline::History`]), used by the CLI and by the page's Timeline panel.
//! * [`table`]: kubectl's table layout (its tabwriter); [`get`]: the rows of `kubectl get`
//!   for nodes, DaemonSets, pods (`-o wide`) and events, read from the typed objects, and
//!   [`get::Tables`], the CLI's default output and `-o wide`.
//!
//! * [`json`]: `-o json`, Go's `json.MarshalIndent` with four spaces (the CLI and the console).

pub mod chart;
pub mod get;
pub mod json;
mod list;
pub mod svg;
pub mod table;
pub mod yaml;

use crate::sim::{ObjectKind, Simulation};
use serde::Serialize;
use serde_json::Value;
use std::fmt;
use std::io;

/// kubectl's `printers.ResourcePrinter`: prints one object into a sink.
pub trait ResourcePrinter {
    /// Writes `obj` (an object as the API shapes it in JSON) into `out`.
    ///
    /// # Errors
    ///
    /// Whatever the sink returns.
    fn print_obj(&self, obj: &Value, out: &mut dyn fmt::Write) -> fmt::Result;
}

/// An object as the API shapes it in JSON: what the printers read. It goes through the
/// core's one JSON serializer (a size choice for the page: each serializer compiles its own
/// copy of every API type's `Serialize` code).
///
/// # Errors
///
/// When `obj` cannot be serialized (a map with non-string keys; not the API types).
pub fn to_object<T: Serialize>(obj: &T) -> Result<Value, serde_json::Error> {
    crate::json::to_value(obj)
}

/// `kubectl get KIND NAME -o yaml` on the simulated cluster: the object alone, as
/// [`yaml::YamlPrinter`] prints it (`namespace` is ignored for nodes). `None` when there is
/// no such object.
pub fn get_yaml(sim: &Simulation, kind: ObjectKind, namespace: &str, name: &str) -> Option<String> {
    let obj = match kind {
        ObjectKind::Pod => sim.pod_object(namespace, name)?,
        ObjectKind::DaemonSet => to_object(&sim.daemon_set_object(namespace, name)?).ok()?,
        ObjectKind::Node => to_object(&sim.node_object(name)?).ok()?,
    };
    Some(yaml::to_string(&obj))
}

/// The columns of `kubectl get ds` (`printDaemonSet`), without `-A`'s NAMESPACE: the CLI's
/// `-o wide`, the page's table and the SVG picture print these.
pub const DAEMON_SET_COLUMNS: [&str; 8] = [
    "NAME",
    "DESIRED",
    "CURRENT",
    "READY",
    "UP-TO-DATE",
    "AVAILABLE",
    "NODE SELECTOR",
    "AGE",
];

/// Memory as the node cards' bars show it: whole mebibytes, or gibibytes when exact
/// (`512Mi`, `16Gi`).
pub fn short_memory(bytes: i64) -> String {
    let m = bytes / (1024 * 1024);
    if m >= 1024 && m % 1024 == 0 {
        format!("{}Gi", m / 1024)
    } else {
        format!("{m}Mi")
    }
}

/// Appends an integer's decimal digits (`-` first when `negative`) to `out` without
/// `core::fmt` (the tables and the YAML write thousands of counts); returns how many bytes
/// it wrote.
pub(crate) fn push_int(out: &mut String, negative: bool, mut magnitude: u64) -> usize {
    let mut digits = [0u8; 21];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            // A digit: `magnitude % 10` is below 10.
            *d = b'0' + (magnitude % 10) as u8;
        }
        magnitude /= 10;
        // u64::MAX has 20 digits: the first byte is left for the sign.
        if magnitude == 0 || at <= 1 {
            break;
        }
    }
    if negative {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'-';
        }
    }
    let digits = digits.get(at..).unwrap_or_default();
    // ASCII digits and a minus sign: one copy, not a character at a time.
    out.push_str(std::str::from_utf8(digits).unwrap_or_default());
    digits.len()
}

/// A [`std::io::Write`] seen as a [`std::fmt::Write`], so a printer can write into a file
/// or stdout as it goes; the I/O error that stopped it is kept in [`IoSink::error`] (a
/// `fmt::Error` says nothing of the cause).
pub struct IoSink<'a, W: io::Write + ?Sized> {
    inner: &'a mut W,
    /// The first I/O error met, if any.
    pub error: Option<io::Error>,
}

impl<'a, W: io::Write + ?Sized> IoSink<'a, W> {
    /// Wraps `inner`.
    pub fn new(inner: &'a mut W) -> IoSink<'a, W> {
        IoSink { inner, error: None }
    }

    /// The outcome of what was written: the kept I/O error, else `fmt::Error` turned into an
    /// I/O error (a printer that failed on its own), else `Ok`.
    ///
    /// # Errors
    ///
    /// The I/O error met, or `result`'s.
    pub fn finish(self, result: fmt::Result) -> io::Result<()> {
        match (self.error, result) {
            (Some(e), _) => Err(e),
            (None, Err(e)) => Err(io::Error::other(e)),
            (None, Ok(())) => Ok(()),
        }
    }
}

impl<W: io::Write + ?Sized> fmt::Write for IoSink<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.inner.write_all(s.as_bytes()).map_err(|e| {
            self.error = Some(e);
            fmt::Error
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A List written item by item is, byte for byte, the whole list printed at once, in
    /// YAML and in JSON, with items and without; an item that cannot be serialized (a map
    /// with non-string keys) is left out.
    #[test]
    fn a_list_written_item_by_item_is_the_whole_list() {
        #[derive(Serialize)]
        #[serde(untagged)]
        enum Item {
            Good(Value),
            Bad(std::collections::BTreeMap<(u8, u8), u8>),
        }
        let good = vec![
            json!({"kind": "Node", "a": [1, {"b": "<x>"}], "long": "a ".repeat(60)}),
            json!({"kind": "Pod", "m": {"k": "line\nbreak"}}),
        ];
        for good in [good, Vec::new()] {
            let whole = json!({"apiVersion": "v1", "kind": "List", "items": good.clone(), "metadata": {"resourceVersion": ""}});
            let mut items: Vec<Item> = good.into_iter().map(Item::Good).collect();
            items.insert(0, Item::Bad([((1, 2), 3)].into()));
            let mut streamed = String::new();
            yaml::write_list(&mut streamed, items.iter()).unwrap();
            assert_eq!(streamed, yaml::to_string(&whole));
            assert_eq!(streamed, yaml::to_yaml(&whole).unwrap());
            let mut streamed = String::new();
            json::write_list(&mut streamed, items.iter()).unwrap();
            assert_eq!(streamed, json::to_json(&whole).unwrap());
        }
    }

    #[test]
    fn integers_in_decimal() {
        for v in [0i64, 7, -1, 10, -99, 1_234_567, i64::MIN, i64::MAX] {
            let mut out = String::from("x");
            let n = push_int(&mut out, v < 0, v.unsigned_abs());
            assert_eq!(out, format!("x{v}"));
            assert_eq!(n, out.len() - 1);
        }
        let mut out = String::new();
        push_int(&mut out, false, u64::MAX);
        assert_eq!(out, u64::MAX.to_string());
    }

    #[test]
    fn io_sink_keeps_the_io_error() {
        struct Full;
        impl io::Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut out = Full;
        let mut sink = IoSink::new(&mut out);
        let r = yaml::YamlPrinter.print_obj(&json!({"a": 1}), &mut sink);
        let e = sink.finish(r).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);

        let mut buf: Vec<u8> = Vec::new();
        let mut sink = IoSink::new(&mut buf);
        let r = yaml::YamlPrinter.print_obj(&json!({"a": 1}), &mut sink);
        sink.finish(r).unwrap();
        assert_eq!(buf, b"a: 1\n");
    }
}
