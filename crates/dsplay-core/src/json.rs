//! The JSON form of API objects, for the printers.
//!
//! * `to_value`: one JSON serializer for the API types (a size choice for the web bundle).
//!   `serde_json::to_value` and `serde_json::to_string` each compile their own copy of
//!   every API type's `Serialize` code (one per serializer). The revision hash needs the
//!   compact text of a template (fields in Kubernetes' declaration order), so the text writer
//!   is the one kept: `to_value` writes the text and reads it back. The result is the
//!   value `serde_json::to_value` gives (object keys are sorted either way; strings and
//!   integers round-trip exactly).
//! * [`JsonTree`]: the same value, built straight from a `Serialize` (or a [`Value`]) into
//!   a few flat buffers that are reused from one object to the next. A printer that writes
//!   many objects (`-o json`, `-o yaml` of a `v1 List`) reads each through it instead of
//!   building a [`Value`] per object: no allocation per field, and the object is never
//!   written as text and read back.

use serde::ser::{self, Serialize};
use serde_json::Value;
use std::fmt::Display;

/// `serde_json::to_value`, through the compact JSON text.
pub(crate) fn to_value<T: Serialize>(x: T) -> Result<Value, serde_json::Error> {
    from_text(&serde_json::to_string(&x)?)
}

/// Reads JSON text as a [`Value`] (kept out of line: one copy for every caller).
#[inline(never)]
pub(crate) fn from_text(s: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str(s)
}

/// One JSON value, the one `serde_json::to_value` gives for the same input (each object's
/// keys in byte order, a repeated key's last value kept, non-finite floats as `null`), held
/// in flat buffers: [`JsonTree::fill`] replaces the value and keeps the buffers' capacity, so
/// writing a million objects one after the other allocates only for the largest of them.
/// Read it from [`JsonTree::root`].
#[derive(Clone, Debug, Default)]
pub struct JsonTree {
    /// The nodes in document order (a container before its contents; an object's entries
    /// as a key node, a string, followed by its value).
    nodes: Vec<Node>,
    /// Every string's text, one after the other.
    text: String,
    /// Each object's entries (the positions of their key nodes) in key order, one run per
    /// object.
    order: Vec<usize>,
}

#[derive(Clone, Copy, Debug)]
enum Node {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    /// `text[start..end]`.
    Str {
        start: usize,
        end: usize,
    },
    /// `len` elements, from the next node up to `end` (exclusive).
    Seq {
        len: usize,
        end: usize,
    },
    /// `len` entries, their key nodes listed in `order[order..order + len]`; its nodes end
    /// at `end` (exclusive).
    Map {
        len: usize,
        end: usize,
        order: usize,
    },
}

impl JsonTree {
    /// An empty tree (its root reads as `null`).
    pub fn new() -> Self {
        JsonTree::default()
    }

    /// Replaces the tree's value with `x` as JSON.
    ///
    /// # Errors
    ///
    /// What `serde_json::to_value` refuses: a map key that is not a string, a number or a
    /// bool; an integer outside 64 bits; a `Serialize` implementation's own error. The tree
    /// then holds `null`.
    pub fn fill<T: Serialize + ?Sized>(&mut self, x: &T) -> Result<(), serde_json::Error> {
        self.clear();
        let r = x.serialize(&mut *self);
        if r.is_err() {
            self.clear();
        }
        r
    }

    /// Replaces the tree's value with `v`.
    pub fn fill_value(&mut self, v: &Value) {
        self.clear();
        self.push_value(v);
    }

    /// The value.
    pub fn root(&self) -> JsonRef<'_> {
        JsonRef { tree: self, at: 0 }
    }

    fn clear(&mut self) {
        self.nodes.clear();
        self.text.clear();
        self.order.clear();
    }

    fn push_value(&mut self, v: &Value) {
        match v {
            Value::Null => self.nodes.push(Node::Null),
            Value::Bool(b) => self.nodes.push(Node::Bool(*b)),
            Value::Number(n) => self.nodes.push(match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Node::U64(u),
                (None, Some(i)) => Node::I64(i),
                (None, None) => float(n.as_f64().unwrap_or(f64::NAN)),
            }),
            Value::String(s) => self.push_str(s),
            Value::Array(items) => {
                let at = self.open_seq();
                for item in items {
                    self.push_value(item);
                }
                self.close_seq(at, items.len());
            }
            Value::Object(m) => {
                let at = self.open_map();
                for (k, v) in m {
                    self.push_str(k);
                    self.push_value(v);
                }
                // A `Value` map is already in key order, each key once.
                self.close_map(at, false);
            }
        }
    }

    fn push_str(&mut self, s: &str) {
        let start = self.text.len();
        self.text.push_str(s);
        self.nodes.push(Node::Str {
            start,
            end: self.text.len(),
        });
    }

    fn open_seq(&mut self) -> usize {
        self.nodes.push(Node::Seq { len: 0, end: 0 });
        self.nodes.len() - 1
    }

    fn close_seq(&mut self, at: usize, len: usize) {
        let end = self.nodes.len();
        if let Some(n) = self.nodes.get_mut(at) {
            *n = Node::Seq { len, end };
        }
    }

    fn open_map(&mut self) -> usize {
        self.nodes.push(Node::Map {
            len: 0,
            end: 0,
            order: 0,
        });
        self.nodes.len() - 1
    }

    /// Lists the entries of the map opened at `at` in key order (when `sort`: sorted, a
    /// repeated key's last entry kept, as `serde_json::Map::insert` keeps it).
    fn close_map(&mut self, at: usize, sort: bool) {
        let start = self.order.len();
        let end = self.nodes.len();
        let mut key = at.saturating_add(1);
        while key < end {
            self.order.push(key);
            key = self.skip(key.saturating_add(1));
        }
        if sort {
            let (nodes, text) = (&self.nodes, &self.text);
            let key_of = |k: usize| str_at(nodes, text, k).unwrap_or("");
            let entries = self.order.get_mut(start..).unwrap_or_default();
            if !entries.windows(2).all(|w| key_of(w[0]) < key_of(w[1])) {
                entries.sort_unstable_by(|&a, &b| key_of(a).cmp(key_of(b)).then(a.cmp(&b)));
                // Of equal keys, keep the last (the sort put it last of its run).
                let mut kept = start;
                for i in start..self.order.len() {
                    let k = self.order[i];
                    let next_same = self
                        .order
                        .get(i.saturating_add(1))
                        .is_some_and(|&n| key_of(n) == key_of(k));
                    if !next_same {
                        self.order[kept] = k;
                        kept = kept.saturating_add(1);
                    }
                }
                self.order.truncate(kept);
            }
        }
        let len = self.order.len().saturating_sub(start);
        if let Some(n) = self.nodes.get_mut(at) {
            *n = Node::Map {
                len,
                end,
                order: start,
            };
        }
    }

    /// Opens an object (`map`) or an array, inside a `{"variant": …}` object when `variant`
    /// is given (an enum's struct or tuple variant).
    fn compound(&mut self, variant: Option<&str>, map: bool) -> Compound<'_> {
        let outer = variant.map(|v| {
            let outer = self.open_map();
            self.push_str(v);
            outer
        });
        let at = if map {
            self.open_map()
        } else {
            self.open_seq()
        };
        Compound {
            tree: self,
            at,
            len: 0,
            variant: outer,
        }
    }

    /// The position after the node at `at` and everything inside it.
    fn skip(&self, at: usize) -> usize {
        match self.nodes.get(at) {
            Some(Node::Seq { end, .. } | Node::Map { end, .. }) => *end,
            _ => at.saturating_add(1),
        }
    }
}

fn str_at<'a>(nodes: &[Node], text: &'a str, at: usize) -> Option<&'a str> {
    match nodes.get(at) {
        Some(Node::Str { start, end }) => text.get(*start..*end),
        _ => None,
    }
}

/// A float as `serde_json::to_value` keeps it (`null` when not finite).
fn float(f: f64) -> Node {
    if f.is_finite() {
        Node::F64(f)
    } else {
        Node::Null
    }
}

/// A value inside a [`JsonTree`].
#[derive(Clone, Copy, Debug)]
pub struct JsonRef<'a> {
    tree: &'a JsonTree,
    at: usize,
}

/// What a [`JsonRef`] holds.
#[derive(Clone, Debug)]
pub enum JsonKind<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A negative integer (or any integer `serde::Serializer::serialize_i64` was given).
    I64(i64),
    /// A non-negative integer.
    U64(u64),
    /// A finite float.
    F64(f64),
    /// A string.
    String(&'a str),
    /// An array: its elements in order.
    Array(JsonItems<'a>),
    /// An object: its entries in key order (byte order).
    Object(JsonEntries<'a>),
}

impl<'a> JsonRef<'a> {
    /// What this value is.
    pub fn kind(self) -> JsonKind<'a> {
        let tree = self.tree;
        match tree.nodes.get(self.at).copied().unwrap_or(Node::Null) {
            Node::Null => JsonKind::Null,
            Node::Bool(b) => JsonKind::Bool(b),
            Node::I64(i) => JsonKind::I64(i),
            Node::U64(u) => JsonKind::U64(u),
            Node::F64(f) => JsonKind::F64(f),
            Node::Str { start, end } => JsonKind::String(tree.text.get(start..end).unwrap_or("")),
            Node::Seq { len, .. } => JsonKind::Array(JsonItems {
                tree,
                next: self.at.saturating_add(1),
                left: len,
            }),
            Node::Map { len, order, .. } => JsonKind::Object(JsonEntries {
                tree,
                keys: tree
                    .order
                    .get(order..order.saturating_add(len))
                    .unwrap_or_default()
                    .iter(),
            }),
        }
    }

    /// The number of elements or entries (0 for a scalar).
    pub fn len(self) -> usize {
        match self.tree.nodes.get(self.at) {
            Some(Node::Seq { len, .. } | Node::Map { len, .. }) => *len,
            _ => 0,
        }
    }

    /// Whether this is a scalar, an empty array or an empty object.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The value of `key` in an object.
    pub fn get(self, key: &str) -> Option<JsonRef<'a>> {
        match self.kind() {
            JsonKind::Object(mut entries) => entries.find(|(k, _)| *k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(self) -> Option<&'a str> {
        match self.kind() {
            JsonKind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The integer, if this is one that fits in an `i64`.
    pub fn as_i64(self) -> Option<i64> {
        match self.kind() {
            JsonKind::I64(i) => Some(i),
            JsonKind::U64(u) => i64::try_from(u).ok(),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn items(self) -> Option<JsonItems<'a>> {
        match self.kind() {
            JsonKind::Array(items) => Some(items),
            _ => None,
        }
    }
}

/// The elements of an array in a [`JsonTree`].
#[derive(Clone, Debug)]
pub struct JsonItems<'a> {
    tree: &'a JsonTree,
    next: usize,
    left: usize,
}

impl<'a> Iterator for JsonItems<'a> {
    type Item = JsonRef<'a>;

    fn next(&mut self) -> Option<JsonRef<'a>> {
        self.left = self.left.checked_sub(1)?;
        let at = self.next;
        self.next = self.tree.skip(at);
        Some(JsonRef {
            tree: self.tree,
            at,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for JsonItems<'_> {}

/// The entries of an object in a [`JsonTree`], in key order.
#[derive(Clone, Debug)]
pub struct JsonEntries<'a> {
    tree: &'a JsonTree,
    keys: std::slice::Iter<'a, usize>,
}

impl<'a> Iterator for JsonEntries<'a> {
    type Item = (&'a str, JsonRef<'a>);

    fn next(&mut self) -> Option<(&'a str, JsonRef<'a>)> {
        let &k = self.keys.next()?;
        let key = str_at(&self.tree.nodes, &self.tree.text, k).unwrap_or("");
        Some((
            key,
            JsonRef {
                tree: self.tree,
                at: k.saturating_add(1),
            },
        ))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.keys.size_hint()
    }
}

impl ExactSizeIterator for JsonEntries<'_> {}

/// Writes the value as its [`serde_json::Value`] would be written (objects in key order).
impl Serialize for JsonRef<'_> {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.kind() {
            JsonKind::Null => s.serialize_unit(),
            JsonKind::Bool(b) => s.serialize_bool(b),
            JsonKind::I64(i) => s.serialize_i64(i),
            JsonKind::U64(u) => s.serialize_u64(u),
            JsonKind::F64(f) => s.serialize_f64(f),
            JsonKind::String(v) => s.serialize_str(v),
            JsonKind::Array(items) => s.collect_seq(items),
            JsonKind::Object(entries) => s.collect_map(entries),
        }
    }
}

fn error(msg: impl Display) -> serde_json::Error {
    ser::Error::custom(msg)
}

/// A `Serializer`'s named array or object (`named`: a tuple struct or struct) and enum
/// variant holding one (`variant`): an array when not `map`, else an object.
macro_rules! named_compounds {
    ($named:ident, $variant:ident, $map:expr) => {
        fn $named(self, _: &'static str, _: usize) -> Result<Compound<'a>, serde_json::Error> {
            Ok(self.compound(None, $map))
        }
        fn $variant(
            self,
            _: &'static str,
            _: u32,
            variant: &'static str,
            _: usize,
        ) -> Result<Compound<'a>, serde_json::Error> {
            Ok(self.compound(Some(variant), $map))
        }
    };
}

/// Builds the tree as `serde_json`'s `Value` serializer builds a value.
impl<'a> ser::Serializer for &'a mut JsonTree {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), serde_json::Error> {
        self.nodes.push(Node::Bool(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), serde_json::Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), serde_json::Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), serde_json::Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), serde_json::Error> {
        self.nodes.push(match u64::try_from(v) {
            Ok(u) => Node::U64(u),
            Err(_) => Node::I64(v),
        });
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), serde_json::Error> {
        match (u64::try_from(v), i64::try_from(v)) {
            (Ok(u), _) => self.serialize_u64(u),
            (_, Ok(i)) => self.serialize_i64(i),
            _ => Err(error("number out of range")),
        }
    }
    fn serialize_u8(self, v: u8) -> Result<(), serde_json::Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), serde_json::Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), serde_json::Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), serde_json::Error> {
        self.nodes.push(Node::U64(v));
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), serde_json::Error> {
        let v = u64::try_from(v).map_err(|_| error("number out of range"))?;
        self.serialize_u64(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), serde_json::Error> {
        // As the text writer spells it (the shortest text that reads back as `v`), read as
        // an f64, so the value is [`to_value`]'s.
        let f = crate::float_text::parse_decimal(&v.to_string()).unwrap_or(f64::NAN);
        self.nodes.push(float(f));
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), serde_json::Error> {
        self.nodes.push(float(v));
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), serde_json::Error> {
        self.push_str(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), serde_json::Error> {
        self.push_str(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), serde_json::Error> {
        let at = self.open_seq();
        for b in v {
            self.nodes.push(Node::U64(u64::from(*b)));
        }
        self.close_seq(at, v.len());
        Ok(())
    }
    fn serialize_none(self) -> Result<(), serde_json::Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), serde_json::Error> {
        self.nodes.push(Node::Null);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), serde_json::Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), serde_json::Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let at = self.open_map();
        self.push_str(variant);
        value.serialize(&mut *self)?;
        self.close_map(at, false);
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, serde_json::Error> {
        Ok(self.compound(None, false))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, serde_json::Error> {
        self.serialize_seq(Some(len))
    }
    named_compounds!(serialize_tuple_struct, serialize_tuple_variant, false);
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, serde_json::Error> {
        Ok(self.compound(None, true))
    }
    named_compounds!(serialize_struct, serialize_struct_variant, true);
}

/// An array or object of a [`JsonTree`] being serialized.
#[derive(Debug)]
pub struct Compound<'a> {
    tree: &'a mut JsonTree,
    /// Where the array or object's node is.
    at: usize,
    /// Elements so far (arrays).
    len: usize,
    /// The `{"variant": …}` object around it, for an enum's tuple or struct variant.
    variant: Option<usize>,
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        self.len = self.len.saturating_add(1);
        value.serialize(&mut *self.tree)
    }

    fn end_seq(self) -> Result<(), serde_json::Error> {
        self.tree.close_seq(self.at, self.len);
        if let Some(outer) = self.variant {
            self.tree.close_map(outer, false);
        }
        Ok(())
    }

    fn key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), serde_json::Error> {
        let at = self.tree.nodes.len();
        key.serialize(&mut *self.tree)?;
        // serde_json's map keys: strings, and numbers and bools as their text.
        let text = match self.tree.nodes.get(at).copied() {
            Some(Node::Str { .. }) if self.tree.nodes.len() == at.saturating_add(1) => {
                return Ok(())
            }
            Some(Node::U64(u)) => u.to_string(),
            Some(Node::I64(i)) => i.to_string(),
            Some(Node::Bool(b)) => b.to_string(),
            _ => return Err(error("key must be a string")),
        };
        self.tree.nodes.truncate(at);
        self.tree.push_str(&text);
        Ok(())
    }

    fn end_map(self) -> Result<(), serde_json::Error> {
        self.tree.close_map(self.at, true);
        if let Some(outer) = self.variant {
            self.tree.close_map(outer, false);
        }
        Ok(())
    }
}

/// The array-like parts of [`Compound`]: each element appended, `end` closes the array.
macro_rules! array_like {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = serde_json::Error;
            fn $method<T: Serialize + ?Sized>(
                &mut self,
                value: &T,
            ) -> Result<(), serde_json::Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), serde_json::Error> {
                self.end_seq()
            }
        }
    )*};
}

array_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = serde_json::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), serde_json::Error> {
        self.key(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        value.serialize(&mut *self.tree)
    }
    fn end(self) -> Result<(), serde_json::Error> {
        self.end_map()
    }
}

/// The struct-like parts of [`Compound`]: each field a key and its value, `end` closes
/// the object.
macro_rules! struct_like {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = serde_json::Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), serde_json::Error> {
                self.tree.push_str(key);
                value.serialize(&mut *self.tree)
            }
            fn end(self) -> Result<(), serde_json::Error> {
                self.end_map()
            }
        }
    )*};
}

struct_like!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{Container, Pod, PodSpec};
    use serde_json::json;
    use std::collections::BTreeMap;

    fn pod() -> Pod {
        Pod {
            metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                name: Some("p\u{e9}\"\n".to_string()),
                labels: Some(
                    [
                        ("b".to_string(), "1".to_string()),
                        ("a".to_string(), String::new()),
                    ]
                    .into(),
                ),
                ..Default::default()
            },
            spec: Some(PodSpec {
                containers: vec![Container {
                    name: "c".to_string(),
                    ..Default::default()
                }],
                termination_grace_period_seconds: Some(-30),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn same_value_as_serde_json_to_value() {
        let pod = pod();
        assert_eq!(to_value(&pod).ok(), serde_json::to_value(&pod).ok());
        let v = json!({"z": [1, -2, 1.5, u64::MAX, null, true], "a": {"": "x"}});
        assert_eq!(to_value(&v).ok(), Some(v));
    }

    /// The tree reads back as `serde_json::to_value`'s value, whatever it was built from.
    fn tree_value(t: &JsonTree) -> Value {
        serde_json::to_value(t.root()).unwrap()
    }

    #[derive(serde::Serialize)]
    enum E {
        Unit,
        New(i8),
        Tuple(u8, char),
        Struct { b: bool, a: Option<()> },
    }

    #[derive(serde::Serialize)]
    struct Odd {
        z: f64,
        y: f32,
        nan: f64,
        big: i128,
        e: Vec<E>,
        keys: BTreeMap<i32, &'static str>,
        bools: BTreeMap<bool, ()>,
        bytes: serde_bytes_like::Bytes,
        t: (i16, u16),
        empty: Vec<u8>,
        m: BTreeMap<String, u8>,
    }

    mod serde_bytes_like {
        /// Serializes with `serialize_bytes`.
        pub(super) struct Bytes(pub &'static [u8]);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
    }

    #[test]
    fn tree_is_serde_json_to_value() {
        let pod = pod();
        let mut t = JsonTree::new();
        t.fill(&pod).unwrap();
        assert_eq!(tree_value(&t), serde_json::to_value(&pod).unwrap());
        let odd = Odd {
            z: 0.5,
            y: 0.1,
            nan: f64::NAN,
            big: -5,
            e: vec![
                E::Unit,
                E::New(-1),
                E::Tuple(2, 'x'),
                E::Struct { b: true, a: None },
            ],
            keys: [(-1, "a"), (10, "b"), (2, "c")].into(),
            bools: [(true, ()), (false, ())].into(),
            bytes: serde_bytes_like::Bytes(b"hi"),
            t: (-3, 3),
            empty: Vec::new(),
            m: BTreeMap::new(),
        };
        // The same buffers, refilled.
        t.fill(&odd).unwrap();
        assert_eq!(tree_value(&t), to_value(&odd).unwrap());
        let v = json!({"z": [1, -2, 1.5, u64::MAX, i64::MIN, null, true, [], {}], "a": {"": "x", "B": [[1]]}});
        t.fill_value(&v);
        assert_eq!(tree_value(&t), v);
        t.fill(&v).unwrap();
        assert_eq!(tree_value(&t), v);
        assert!(t
            .fill(&[(1u8, 2u8)].into_iter().collect::<BTreeMap<_, _>>())
            .is_ok());
        let bad: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        assert!(t.fill(&bad).is_err());
        assert!(matches!(t.root().kind(), JsonKind::Null));
    }

    /// Keys come out in byte order, a repeated key's last value kept (as
    /// `serde_json::Map::insert` does).
    #[test]
    fn keys_sorted_last_repeat_wins() {
        struct Repeats;
        impl Serialize for Repeats {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ser::SerializeMap;
                let mut m = s.serialize_map(None)?;
                for (k, v) in [("b", 1), ("a", 2), ("b", 3), ("B", 4), ("a", 5), ("c", 6)] {
                    m.serialize_entry(k, &v)?;
                }
                m.end()
            }
        }
        let mut t = JsonTree::new();
        t.fill(&Repeats).unwrap();
        assert_eq!(
            serde_json::to_string(&t.root()).unwrap(),
            r#"{"B":4,"a":5,"b":3,"c":6}"#
        );
        assert_eq!(t.root().len(), 4);
        assert_eq!(t.root().get("b").and_then(JsonRef::as_i64), Some(3));
        assert_eq!(serde_json::to_value(&Repeats).unwrap(), tree_value(&t));
    }
}
