//! `null` as Go's `encoding/json` reads it: a JSON `null` leaves a field at its zero value
//! (nil for pointers, slices and maps; `""`, `0`, `false` or an empty struct otherwise).
//!
//! k8s-openapi's types map Go pointers to `Option` (so `null` is `None`) but required Go
//! values (`containers`, `name`, `spec`, `selector`) to plain Rust values, which serde would
//! refuse to read from `null`. [`GoNull`] is a `Deserializer` over a [`serde_json::Value`] that
//! answers every non-`Option` request on a `null` with the zero value, and otherwise behaves
//! exactly as `&Value` does (same error messages). Because nulls stay in the tree, an unknown
//! field is still seen (and reported) when its value is `null`, as the API server's strict
//! decoding reports it.
//!
//! [`Tracked`] is that deserializer with a trace: it also records the path of every field the
//! types ignore (unknown fields, what `serde_ignored` reports) and the path where an error
//! happened (what `serde_path_to_error` reports). Doing both here, instead of wrapping the
//! deserializer in those two crates' adapters, compiles each API type's decoder once and
//! small (the web bundle's size).
//!
//! A long sequence of a simulated object may be held apart from its document's JSON
//! ([`Deferrals`]: each item as its compact JSON text, 20 times smaller than its
//! `serde_json::Value`): [`Tracked`] reads it item by item where its placeholder is, each item
//! made a `Value` only while it is decoded. So the deserializer does not borrow what it reads
//! for `'de` (strings are visited as `visit_str`): an item lives only while it is read.

use super::kinds::{json_len, prepare_at, JsonHead};
use super::strict::{format_segments, Seg};
use serde::de::value::{MapAccessDeserializer, StrDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Error, Value};
use std::cell::{Cell, RefCell};

/// A `Deserializer` over a JSON value with Go's reading of `null` (see the module doc),
/// without a trace.
#[derive(Clone, Copy)]
pub(crate) struct GoNull<'a>(pub &'a Value);

/// Where a value is: the path from the root (map keys and sequence indices).
#[derive(Clone, Copy)]
pub(crate) enum Step<'p> {
    /// The decoded object itself.
    Root,
    /// The value of a key.
    Field(&'p Step<'p>, &'p str),
    /// An item of a sequence.
    Index(&'p Step<'p>, usize),
}

impl Step<'_> {
    fn segments(&self) -> Vec<Seg> {
        let mut out = Vec::new();
        let mut at = self;
        loop {
            match at {
                Step::Root => break,
                Step::Field(parent, key) => {
                    out.push(Seg::Field((*key).to_string()));
                    at = parent;
                }
                Step::Index(parent, i) => {
                    out.push(Seg::Index(*i));
                    at = parent;
                }
            }
        }
        out.reverse();
        out
    }
}

/// What a traced decode found: ignored (unknown) fields, and where the error happened; and
/// the long sequences it reads where their placeholders are.
#[derive(Default)]
pub(crate) struct Trace<'d> {
    /// Paths of the ignored fields, in the order met (`spec.template.spec.foo`).
    pub unknown: RefCell<Vec<String>>,
    /// The path of the innermost value whose decoding failed (the first one recorded).
    pub error_at: RefCell<Option<Vec<Seg>>>,
    /// The decoded value's deferred sequences.
    pub deferred: Option<&'d Deferrals>,
    /// The bytes the decoded value takes so far, as counted by [`Trace::weigh`].
    pub weight: Cell<u64>,
    /// The most bytes the decoded value may take (`None`: no bound); past it the decoding
    /// stops with an error ([`Trace::passed_limit`]).
    pub limit: Option<u64>,
}

impl Trace<'_> {
    fn error(&self, at: &Step<'_>) {
        let mut slot = self.error_at.borrow_mut();
        if slot.is_none() {
            *slot = Some(at.segments());
        }
    }

    /// Whether the decoding stopped at [`Trace::limit`] (the weight only grows, and the first
    /// weighing past the limit stops it).
    pub(crate) fn passed_limit(&self) -> bool {
        self.limit.is_some_and(|limit| self.weight.get() > limit)
    }

    /// Counts `bytes` more of the decoded value, the value at `at` being made: what the
    /// decoded types take, counted as they are made (an item of a sequence: its type's
    /// size; an entry of a map: its key and value types' sizes and the key's text; a
    /// string: its text's allocation), so that a small input whose decoded form is large (a typed
    /// `Volume` is 3,280 bytes whatever it holds) is stopped before it is made, not after.
    /// Errors once [`Trace::limit`] is passed.
    #[inline(never)]
    pub(crate) fn weigh(&self, bytes: usize, at: &Step<'_>) -> Result<(), Error> {
        let w = self
            .weight
            .get()
            .saturating_add(u64::try_from(bytes).unwrap_or(u64::MAX));
        self.weight.set(w);
        match self.limit {
            Some(limit) if w > limit => {
                self.error(at);
                Err(de::Error::custom(
                    "the decoded object passes its size bound",
                ))
            }
            _ => Ok(()),
        }
    }
}

/// The items of a deferred sequence: each item's compact JSON, one after the other in one
/// text (no allocation per item), or, when it holds a float (whose text need not read back to
/// the same `f64`), its value.
#[derive(Default)]
pub(crate) struct Held {
    /// The items' JSON, one after the other (an item held as its value has none).
    text: Vec<u8>,
    /// Where each item's JSON ends in `text` (it starts where the one before ends).
    ends: Vec<u32>,
    /// The items held as their values, by index, in order.
    values: Vec<(usize, Value)>,
}

impl Held {
    fn with_capacity(n: usize) -> Self {
        Held {
            text: Vec::new(),
            ends: Vec::with_capacity(n),
            values: Vec::new(),
        }
    }

    /// Adds `v`; the length of its JSON.
    fn push(&mut self, v: &Value) -> u64 {
        let i = self.ends.len();
        let start = self.text.len();
        if !has_float(v) {
            // Writing to a vector cannot fail, nor can serializing a `Value`.
            let _ = serde_json::to_writer(&mut self.text, v);
        }
        match u32::try_from(self.text.len()) {
            Ok(end) if self.text.len() > start => self.ends.push(end),
            _ => {
                // A float, or past 4 GiB of text (never: a document is at most 8 MiB and its
                // aliases are bounded): held as its value.
                self.text.truncate(start);
                self.ends.push(u32::try_from(start).unwrap_or(u32::MAX));
                self.values.push((i, v.clone()));
                return json_len(v);
            }
        }
        (self.text.len() - start) as u64
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Item `i`: its JSON text, or its value.
    fn get<'h>(&'h self, i: usize, values: &mut std::slice::Iter<'h, (usize, Value)>) -> Item<'h> {
        if values.as_slice().first().is_some_and(|(at, _)| *at == i) {
            if let Some((_, v)) = values.next() {
                return Item::Value(v);
            }
        }
        let start = match i.checked_sub(1) {
            Some(p) => self.ends.get(p).map_or(0, |e| *e as usize),
            None => 0,
        };
        let end = self.ends.get(i).map_or(start, |e| *e as usize);
        Item::Text(self.text.get(start..end).unwrap_or_default())
    }
}

/// One item of a deferred sequence ([`Held`]).
enum Item<'h> {
    Text(&'h [u8]),
    Value(&'h Value),
}

impl Item<'_> {
    /// The item as a value, written over `into`.
    fn read_into(&self, into: &mut Value) {
        *into = match self {
            Item::Value(v) => (*v).clone(),
            Item::Text(t) => match plain_string(t) {
                Some(s) => Value::String(s.to_string()),
                None => std::str::from_utf8(t)
                    .ok()
                    .and_then(|t| serde_json::from_str(t).ok())
                    .unwrap_or(Value::Null),
            },
        };
    }
}

/// The string whose JSON is `text`, when it needs no unescaping (`"..."` without `\`).
fn plain_string(text: &[u8]) -> Option<&str> {
    match text {
        [b'"', inner @ .., b'"'] if !inner.contains(&b'\\') => std::str::from_utf8(inner).ok(),
        _ => None,
    }
}

/// A long sequence held apart from its document's JSON ([`Deferrals`]).
pub(crate) struct Deferred {
    /// The address of its placeholder's buffer: an empty array with room for one value,
    /// which no other live array has.
    at: usize,
    /// Its items, as converted (before `prepare_for_go_decoding`).
    items: Held,
    /// The key it is the value of (what `prepare_for_go_decoding` reads its items by).
    key: String,
    /// The length of its compact JSON.
    len: u64,
}

/// A document's long sequences held apart from its JSON, each at its placeholder: what the
/// loader reads of a simulated object's sequence of more than `MAX_SCALAR_POSITIONS` items
/// (`yaml::Converter`), so that such a sequence is never held whole as `Value`s while its
/// typed items are made (240,000 environment variables: 150 MB of maps otherwise).
#[derive(Default)]
pub(crate) struct Deferrals(Vec<Deferred>);

/// A deferred sequence being converted ([`Deferrals::place`]).
pub(crate) struct Deferring {
    items: Held,
    key: String,
    len: u64,
}

impl Deferring {
    /// A sequence of `n` items under `key`.
    pub(crate) fn new(n: usize, key: String) -> Self {
        Deferring {
            items: Held::with_capacity(n),
            key,
            len: 1,
        }
    }

    /// Its next item, converted.
    pub(crate) fn push(&mut self, v: &Value) {
        let n = self.items.push(v);
        self.len = self.len.saturating_add(n + 1);
    }

    /// The key it is under.
    pub(crate) fn key(&self) -> &str {
        &self.key
    }
}

fn has_float(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.is_f64(),
        Value::Array(items) => items.iter().any(has_float),
        Value::Object(m) => m.values().any(has_float),
        _ => false,
    }
}

impl Deferrals {
    /// Whether none is held.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The placeholder of `d`, now held.
    pub(crate) fn place(&mut self, mut d: Deferring) -> Value {
        let holder = Vec::with_capacity(1);
        // `[` and `]`, or `[]` for none.
        d.len = d.len.max(2);
        d.items.text.shrink_to_fit();
        self.0.push(Deferred {
            at: holder.as_ptr() as usize,
            items: d.items,
            key: d.key,
            len: d.len,
        });
        Value::Array(holder)
    }

    /// The sequence whose placeholder `items` is, if it is one (the last placed at its
    /// address: an earlier one there was dropped).
    fn find(&self, items: &Vec<Value>) -> Option<&Deferred> {
        if !items.is_empty() || items.capacity() == 0 || self.0.is_empty() {
            return None;
        }
        let at = items.as_ptr() as usize;
        self.0.iter().rev().find(|d| d.at == at)
    }

    /// The length of `v`'s compact JSON, its deferred sequences included.
    pub(crate) fn json_len(&self, v: &Value) -> u64 {
        fn extra(d: &Deferrals, v: &Value) -> u64 {
            match v {
                Value::Array(items) => match d.find(items) {
                    Some(s) => s.len - 2,
                    None => items.iter().map(|i| extra(d, i)).sum(),
                },
                Value::Object(m) => m.values().map(|i| extra(d, i)).sum(),
                _ => 0,
            }
        }
        let n = json_len(v);
        if self.is_empty() {
            n
        } else {
            n.saturating_add(extra(self, v))
        }
    }

    /// How many are held (for [`Deferrals::truncate`]).
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Drops those held after the first `len`.
    pub(crate) fn truncate(&mut self, len: usize) {
        self.0.truncate(len);
    }

    /// Writes `v`'s compact JSON to `out`, its deferred sequences included.
    pub(crate) fn write_json(&self, v: &Value, out: &mut JsonHead) {
        let mut each =
            |open: &[u8], close: &[u8], n: usize, write: &mut dyn FnMut(usize, &mut JsonHead)| {
                out.push(open);
                for i in 0..n {
                    if i > 0 {
                        out.push(b",");
                    }
                    write(i, out);
                }
                out.push(close);
            };
        match v {
            _ if self.is_empty() => out.json(v),
            Value::Array(items) => {
                match self.find(items) {
                    Some(d) => {
                        let mut values = d.items.values.iter();
                        each(b"[", b"]", d.items.len(), &mut |i, out| match d
                            .items
                            .get(i, &mut values)
                        {
                            Item::Text(t) => out.push(t),
                            Item::Value(v) => out.json(v),
                        });
                    }
                    None => each(b"[", b"]", items.len(), &mut |i, out| {
                        if let Some(v) = items.get(i) {
                            self.write_json(v, out);
                        }
                    }),
                }
            }
            Value::Object(m) => {
                let entries: Vec<(&String, &Value)> = m.iter().collect();
                each(b"{", b"}", entries.len(), &mut |i, out| {
                    if let Some((k, v)) = entries.get(i) {
                        out.json(k);
                        out.push(b":");
                        self.write_json(v, out);
                    }
                });
            }
            _ => out.json(v),
        }
    }

    /// Puts the deferred sequences of `v` back in it (for a message that shows its JSON).
    pub(crate) fn restore(&self, v: &mut Value) {
        match v {
            Value::Array(items) => match self.find(items) {
                Some(s) => {
                    let mut values = s.items.values.iter();
                    *items = (0..s.items.len())
                        .map(|i| {
                            let mut v = Value::Null;
                            s.items.get(i, &mut values).read_into(&mut v);
                            v
                        })
                        .collect();
                }
                None => items.iter_mut().for_each(|i| self.restore(i)),
            },
            Value::Object(m) => m.values_mut().for_each(|i| self.restore(i)),
            _ => {}
        }
    }
}

/// [`GoNull`] with a [`Trace`], at a path, reading deferred sequences ([`Deferrals`]).
#[derive(Clone, Copy)]
pub(crate) struct Tracked<'v, 'p> {
    value: &'v Value,
    at: &'p Step<'p>,
    trace: Option<&'p Trace<'p>>,
}

impl<'v, 'p> Tracked<'v, 'p> {
    /// The root of `value`, recording into `trace` (and reading its deferred sequences).
    pub(crate) fn root(value: &'v Value, trace: Option<&'p Trace<'p>>) -> Self {
        Tracked {
            value,
            at: &Step::Root,
            trace,
        }
    }
}

/// The items of an array (or none, for a `null` read as a sequence): values, or the items
/// of a deferred sequence, each made a value (as `prepare_for_go_decoding` leaves it) only
/// while it is read.
enum Items<'v> {
    Values(std::slice::Iter<'v, Value>),
    Held(Box<Reading<'v>>),
}

/// A deferred sequence being read: its items, their key, the item being read.
struct Reading<'v> {
    items: &'v Held,
    /// The next item's index.
    next: usize,
    /// The items held as values after it.
    values: std::slice::Iter<'v, (usize, Value)>,
    key: &'v str,
    item: Value,
}

impl<'v> Items<'v> {
    /// The items of the array `items`: its own, or those of the deferred sequence it holds
    /// the place of.
    #[inline(never)]
    fn of<'p: 'v>(items: &'v Vec<Value>, trace: Option<&'p Trace<'p>>) -> Self {
        match trace.and_then(|t| t.deferred).and_then(|d| d.find(items)) {
            Some(d) => Items::Held(Box::new(Reading {
                items: &d.items,
                next: 0,
                values: d.items.values.iter(),
                key: &d.key,
                item: Value::Null,
            })),
            None => Items::Values(items.iter()),
        }
    }

    #[inline(never)]
    fn len(&self) -> usize {
        match self {
            Items::Values(iter) => iter.len(),
            Items::Held(r) => r.items.len().saturating_sub(r.next),
        }
    }
}

struct Seq<'v, 'p> {
    items: Items<'v>,
    index: usize,
    at: &'p Step<'p>,
    trace: Option<&'p Trace<'p>>,
}

/// The size of `T` as a 64-bit build lays it out: its size, twice it where pointers take
/// 4 bytes (the page's wasm32), so that the page and the CLI count alike. Not exactly
/// alike: wasm32 aligns 8-byte integers as 64-bit builds do, so a type holding them counts
/// up to about a tenth more in the page (a `Volume` 3,552 bytes for 3,280, an `EnvVar` 360 on
/// both).
pub(crate) fn laid_out<T>() -> usize {
    std::mem::size_of::<T>().saturating_mul(8 / std::mem::size_of::<usize>())
}

/// What a string of `len` bytes takes on the heap: nothing when empty, else an allocation as
/// glibc's malloc makes it (the text and an 8-byte header, 16-byte aligned, 32 bytes at
/// least): a one-letter label value takes 32 bytes, not 1.
fn allocation(len: usize) -> usize {
    if len == 0 {
        0
    } else {
        len.saturating_add(8 + 15).max(32) & !15
    }
}

/// Counts the item `index` of the sequence at `parent` about to be made, `size` bytes
/// ([`Trace::weigh`]; one copy of this code for every sequence's decoder).
#[inline(never)]
fn weigh_item(
    trace: Option<&Trace<'_>>,
    parent: &Step<'_>,
    index: usize,
    size: usize,
) -> Result<(), Error> {
    match trace {
        Some(t) => t.weigh(size, &Step::Index(parent, index)),
        None => Ok(()),
    }
}

impl Seq<'_, '_> {
    /// The next item (one copy of this code for every sequence's decoder).
    #[inline(never)]
    fn next_item(&mut self) -> Option<&Value> {
        match &mut self.items {
            Items::Values(iter) => iter.next(),
            Items::Held(r) => {
                if r.next >= r.items.len() {
                    return None;
                }
                r.items.get(r.next, &mut r.values).read_into(&mut r.item);
                r.next += 1;
                prepare_at(&mut r.item, r.key);
                Some(&r.item)
            }
        }
    }
}

impl<'de> SeqAccess<'de> for Seq<'_, '_> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let (parent, index, trace) = (self.at, self.index, self.trace);
        let Some(value) = self.next_item() else {
            return Ok(None);
        };
        weigh_item(trace, parent, index, laid_out::<T::Value>())?;
        let at = Step::Index(parent, index);
        let r = seed
            .deserialize(Tracked {
                value,
                at: &at,
                trace,
            })
            .map(Some)
            .inspect_err(|_| {
                if let Some(t) = trace {
                    t.error(&at);
                }
            });
        self.index = index.saturating_add(1);
        r
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The entries of an object (or none, for a `null` read as a map or struct).
struct Entries<'v, 'p> {
    iter: Option<serde_json::map::Iter<'v>>,
    entry: Option<(&'v str, &'v Value)>,
    at: &'p Step<'p>,
    trace: Option<&'p Trace<'p>>,
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((k, v)) = self.iter.as_mut().and_then(Iterator::next) else {
            return Ok(None);
        };
        self.entry = Some((k.as_str(), v));
        seed.deserialize(StrDeserializer::<Error>::new(k))
            .map(Some)
            .inspect_err(|_| {
                if let Some(t) = self.trace {
                    t.error(&Step::Field(self.at, k));
                }
            })
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let Some((k, v)) = self.entry.take() else {
            return Err(de::Error::custom("value is missing"));
        };
        let at = Step::Field(self.at, k);
        let trace = self.trace;
        seed.deserialize(Tracked {
            value: v,
            at: &at,
            trace,
        })
        .inspect_err(|_| {
            if let Some(t) = trace {
                t.error(&at);
            }
        })
    }
    fn size_hint(&self) -> Option<usize> {
        self.iter.as_ref().map(ExactSizeIterator::len)
    }
}

impl<'v, 'p> Tracked<'v, 'p> {
    fn seq<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let items = match self.value {
            Value::Null => {
                let none: &[Value] = &[];
                Items::Values(none.iter())
            }
            Value::Array(items) => Items::of(items, self.trace),
            other => return Err(invalid_type(other, &visitor)),
        };
        visitor.visit_seq(Seq {
            items,
            index: 0,
            at: self.at,
            trace: self.trace,
        })
    }
    /// A map (`made`: its entries are made, a map's) or a struct (`made` false) from an object.
    fn map<'de, V: Visitor<'de>>(self, visitor: V, made: bool) -> Result<V::Value, Error> {
        let iter = match self.value {
            Value::Null => None,
            Value::Object(m) => Some(m.iter()),
            other => return Err(invalid_type(other, &visitor)),
        };
        if made {
            self.weigh_entries()?;
        }
        visitor.visit_map(self.entries(iter))
    }
    /// Counts the entries of a map about to be made ([`Trace::weigh`]): each a key and a
    /// value of 24 bytes (the API types' maps hold strings and quantities) and the key's text
    /// ([`allocation`]).
    #[inline(never)]
    fn weigh_entries(&self) -> Result<(), Error> {
        let (Some(t), Value::Object(m)) = (self.trace, self.value) else {
            return Ok(());
        };
        let entry = laid_out::<(String, String)>();
        let bytes = m.keys().fold(0usize, |n, k| {
            n.saturating_add(entry).saturating_add(allocation(k.len()))
        });
        t.weigh(bytes, self.at)
    }

    fn entries(self, iter: Option<serde_json::map::Iter<'v>>) -> Entries<'v, 'p> {
        Entries {
            iter,
            entry: None,
            at: self.at,
            trace: self.trace,
        }
    }
}

/// `&Value`'s "invalid type" error (same words), without instantiating `&Value`'s own
/// `Deserializer` for the visitor: that would compile a second copy of every API type's
/// decoder (over serde_json's map and sequence accessors) into the web bundle.
#[cold]
fn invalid_type(v: &Value, exp: &dyn de::Expected) -> Error {
    let unexp = match v {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(n) => number_unexpected(n),
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    };
    de::Error::invalid_type(unexp, exp)
}

fn number_unexpected(n: &serde_json::Number) -> de::Unexpected<'static> {
    if let Some(u) = n.as_u64() {
        de::Unexpected::Unsigned(u)
    } else if let Some(i) = n.as_i64() {
        de::Unexpected::Signed(i)
    } else {
        de::Unexpected::Float(n.as_f64().unwrap_or(f64::NAN))
    }
}

/// `Number::deserialize_any`: the visitor method of the number's representation.
fn visit_number<'de, V: Visitor<'de>>(
    n: &serde_json::Number,
    visitor: V,
) -> Result<V::Value, Error> {
    if let Some(u) = n.as_u64() {
        visitor.visit_u64(u)
    } else if let Some(i) = n.as_i64() {
        visitor.visit_i64(i)
    } else {
        visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
    }
}

/// `deserialize_<x>`: the zero value for `null`, else what `&Value`'s does (its visitor
/// method for the expected kind of value, or its "invalid type" error).
macro_rules! zero_or_value {
    ($($method:ident => |$v:ident| $zero:expr, $read:ident;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $v: V) -> Result<V::Value, Error> {
                match self.value {
                    Value::Null => $zero,
                    value => $read(value, $v),
                }
            }
        )*
    };
}

/// `&Value`'s `deserialize_bool`.
#[inline(never)]
fn bool<'de, V: Visitor<'de>>(value: &Value, visitor: V) -> Result<V::Value, Error> {
    match value {
        Value::Bool(b) => visitor.visit_bool(*b),
        other => Err(invalid_type(other, &visitor)),
    }
}

/// `&Value`'s `deserialize_<number>`.
#[inline(never)]
fn number<'de, V: Visitor<'de>>(value: &Value, visitor: V) -> Result<V::Value, Error> {
    match value {
        Value::Number(n) => visit_number(n, visitor),
        other => Err(invalid_type(other, &visitor)),
    }
}

/// `&Value`'s `deserialize_str` (and `string`, `char`, `identifier`).
#[inline(never)]
fn str<'de, V: Visitor<'de>>(value: &Value, visitor: V) -> Result<V::Value, Error> {
    match value {
        Value::String(s) => visitor.visit_str(s),
        other => Err(invalid_type(other, &visitor)),
    }
}

/// `&Value`'s `deserialize_unit`.
#[inline(never)]
fn unit<'de, V: Visitor<'de>>(value: &Value, visitor: V) -> Result<V::Value, Error> {
    match value {
        Value::Null => visitor.visit_unit(),
        other => Err(invalid_type(other, &visitor)),
    }
}

impl Tracked<'_, '_> {
    /// `&Value`'s `deserialize_bytes` (and `byte_buf`).
    fn bytes<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_bytes(&[]),
            Value::String(s) => visitor.visit_str(s),
            Value::Array(_) => self.seq(visitor),
            other => Err(invalid_type(other, &visitor)),
        }
    }
}

impl<'de> Deserializer<'de> for Tracked<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Array(_) => self.seq(visitor),
            Value::Object(_) => self.map(visitor, true),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => visit_number(n, visitor),
            Value::String(s) => visitor.visit_str(s),
        }
    }

    zero_or_value! {
        deserialize_bool => |v| v.visit_bool(false), bool;
        deserialize_i8 => |v| v.visit_i64(0), number;
        deserialize_i16 => |v| v.visit_i64(0), number;
        deserialize_i32 => |v| v.visit_i64(0), number;
        deserialize_i64 => |v| v.visit_i64(0), number;
        deserialize_u8 => |v| v.visit_u64(0), number;
        deserialize_u16 => |v| v.visit_u64(0), number;
        deserialize_u32 => |v| v.visit_u64(0), number;
        deserialize_u64 => |v| v.visit_u64(0), number;
        deserialize_f32 => |v| v.visit_f64(0.0), number;
        deserialize_f64 => |v| v.visit_f64(0.0), number;
        deserialize_char => |v| v.visit_str(""), str;
        deserialize_str => |v| v.visit_str(""), str;
        deserialize_unit => |v| v.visit_unit(), unit;
        deserialize_identifier => |v| v.visit_str(""), str;
    }

    /// A `String`: its text is counted ([`Trace::weigh`]) before it is made.
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_str(""),
            Value::String(s) => {
                if let Some(t) = self.trace {
                    t.weigh(allocation(s.len()), self.at)?;
                }
                visitor.visit_str(s)
            }
            value => str(value, visitor),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.bytes(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            value => unit(value, visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.seq(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.map(visitor, true)
    }

    /// A struct from an object. `&Value` would also offer an array to the visitor (serde's
    /// sequence form), but the API types' visitors read only maps: for them an array is the
    /// same "invalid type: sequence" error either way, and leaving it to `map` keeps a
    /// sequence path out of every struct's decoder (the web bundle's size).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.map(visitor, false)
    }

    /// `&Value`'s: a variant name, or a map of one entry (no API type reads one).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.value {
            Value::String(s) => visitor.visit_enum(StrDeserializer::<Error>::new(s)),
            Value::Object(m) if m.len() == 1 => {
                visitor.visit_enum(MapAccessDeserializer::new(self.entries(Some(m.iter()))))
            }
            Value::Object(_) => Err(de::Error::invalid_value(
                de::Unexpected::Map,
                &"map with a single key",
            )),
            other => Err(invalid_type(other, &"string or map")),
        }
    }

    /// A field the type does not know: reported (strict decoding), then skipped.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if let Some(t) = self.trace {
            t.unknown
                .borrow_mut()
                .push(format_segments(&self.at.segments()));
        }
        visitor.visit_unit()
    }
}

/// `GoNull`'s methods: [`Tracked`]'s at the root, without a trace.
macro_rules! untraced {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Error> {
                Tracked::root(self.0, None).$method($($arg,)* visitor)
            }
        )*
    };
}

impl<'de> Deserializer<'de> for GoNull<'_> {
    type Error = Error;

    untraced! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::apps::v1::DaemonSet;
    use serde::Deserialize;
    use serde_json::json;

    #[test]
    fn null_is_the_zero_value_and_none_for_pointers() {
        let v = json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": "x", "creationTimestamp": null, "labels": {"a": null}},
            "spec": {"selector": null, "minReadySeconds": null,
                "template": {"spec": {"containers": [{"name": null, "image": "i", "env": null}]}}}});
        let ds = DaemonSet::deserialize(GoNull(&v)).map_err(|e| e.to_string());
        let ds = ds.unwrap_or_default();
        assert_eq!(ds.metadata.name.as_deref(), Some("x"));
        assert_eq!(ds.metadata.creation_timestamp, None);
        assert_eq!(
            ds.metadata
                .labels
                .unwrap_or_default()
                .get("a")
                .map(String::as_str),
            Some("")
        );
        assert_eq!(ds.spec.min_ready_seconds, None);
        let c = &ds.spec.template.spec.unwrap_or_default().containers[0];
        assert_eq!((c.name.as_str(), c.env.is_none()), ("", true));
    }

    #[test]
    fn an_array_for_a_struct_is_the_error_value_gives() {
        let v = json!({"spec": [1], "metadata": {"name": "x"}});
        let ours = DaemonSet::deserialize(GoNull(&v))
            .err()
            .map(|e| e.to_string());
        let value = DaemonSet::deserialize(&v).err().map(|e| e.to_string());
        assert_eq!(
            ours.as_deref(),
            Some("invalid type: sequence, expected DaemonSetSpec")
        );
        assert_eq!(ours, value);
    }

    /// A deferred sequence's items are held as one text (a float as its value) and read back
    /// as they were: plain and escaped strings, floats, objects, nulls.
    #[test]
    fn a_deferred_sequence_reads_back_as_it_was() {
        let items = vec![
            json!("a"),
            json!("q\"uote\\"),
            json!(""),
            json!(1.5),
            json!(7),
            json!(null),
            json!({"name": "x", "value": "é"}),
            json!([0.25, "b"]),
            json!("last"),
        ];
        let mut d = Deferring::new(items.len(), "args".to_string());
        items.iter().for_each(|v| d.push(v));
        assert_eq!(d.items.values.len(), 2, "the floats are held as values");
        let mut deferrals = Deferrals::default();
        // (Not `json!`, which would copy the placeholder.)
        let mut m = serde_json::Map::new();
        m.insert("args".to_string(), deferrals.place(d));
        let mut v = Value::Object(m);
        let whole = json!({"args": items});
        assert_eq!(deferrals.json_len(&v), json_len(&whole));
        let mut head = JsonHead::default();
        deferrals.write_json(&v, &mut head);
        let text = serde_json::to_string(&whole).unwrap_or_default();
        assert_eq!(
            head.head(),
            text.get(..head.head().len()).unwrap_or_default().as_bytes()
        );
        // Read item by item.
        let held = &deferrals.0[0].items;
        let mut values = held.values.iter();
        let mut item = Value::Null;
        for (i, want) in items.iter().enumerate() {
            held.get(i, &mut values).read_into(&mut item);
            assert_eq!(&item, want, "item {i}");
        }
        deferrals.restore(&mut v);
        assert_eq!(v, whole);
    }

    #[test]
    fn type_errors_keep_serde_json_words() {
        let v = json!({"spec": {"minReadySeconds": "3"}});
        let e = DaemonSet::deserialize(GoNull(&v))
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("invalid type: string \"3\", expected i32")
        );
    }
}
