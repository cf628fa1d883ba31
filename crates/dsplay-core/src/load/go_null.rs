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

use super::strict::{format_segments, Seg};
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Error, Value};
use std::cell::RefCell;

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

/// What a traced decode found: ignored (unknown) fields, and where the error happened.
#[derive(Default)]
pub(crate) struct Trace {
    /// Paths of the ignored fields, in the order met (`spec.template.spec.foo`).
    pub unknown: RefCell<Vec<String>>,
    /// The path of the innermost value whose decoding failed (the first one recorded).
    pub error_at: RefCell<Option<Vec<Seg>>>,
}

impl Trace {
    fn error(&self, at: &Step<'_>) {
        let mut slot = self.error_at.borrow_mut();
        if slot.is_none() {
            *slot = Some(at.segments());
        }
    }
}

/// [`GoNull`] with a [`Trace`], at a path.
#[derive(Clone, Copy)]
pub(crate) struct Tracked<'de, 'p> {
    value: &'de Value,
    at: &'p Step<'p>,
    trace: Option<&'p Trace>,
}

impl<'de, 'p> Tracked<'de, 'p> {
    /// The root of `value`, recording into `trace`.
    pub(crate) fn root(value: &'de Value, trace: Option<&'p Trace>) -> Self {
        Tracked {
            value,
            at: &Step::Root,
            trace,
        }
    }
}

/// The items of an array (or none, for a `null` read as a sequence).
struct Seq<'de, 'p> {
    iter: std::slice::Iter<'de, Value>,
    index: usize,
    at: &'p Step<'p>,
    trace: Option<&'p Trace>,
}

impl<'de> SeqAccess<'de> for Seq<'de, '_> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(v) = self.iter.next() else {
            return Ok(None);
        };
        let at = Step::Index(self.at, self.index);
        self.index = self.index.saturating_add(1);
        let trace = self.trace;
        seed.deserialize(Tracked {
            value: v,
            at: &at,
            trace,
        })
        .map(Some)
        .inspect_err(|_| {
            if let Some(t) = trace {
                t.error(&at);
            }
        })
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// The entries of an object (or none, for a `null` read as a map or struct).
struct Entries<'de, 'p> {
    iter: Option<serde_json::map::Iter<'de>>,
    entry: Option<(&'de str, &'de Value)>,
    at: &'p Step<'p>,
    trace: Option<&'p Trace>,
}

impl<'de> MapAccess<'de> for Entries<'de, '_> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((k, v)) = self.iter.as_mut().and_then(Iterator::next) else {
            return Ok(None);
        };
        self.entry = Some((k.as_str(), v));
        seed.deserialize(BorrowedStrDeserializer::<Error>::new(k))
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

impl<'de, 'p> Tracked<'de, 'p> {
    fn seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let items: &'de [Value] = match self.value {
            Value::Null => &[],
            Value::Array(items) => items,
            other => return Err(invalid_type(other, &visitor)),
        };
        visitor.visit_seq(Seq {
            iter: items.iter(),
            index: 0,
            at: self.at,
            trace: self.trace,
        })
    }
    fn map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let iter = match self.value {
            Value::Null => None,
            Value::Object(m) => Some(m.iter()),
            other => return Err(invalid_type(other, &visitor)),
        };
        visitor.visit_map(Entries {
            iter,
            entry: None,
            at: self.at,
            trace: self.trace,
        })
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

/// `deserialize_<x>`: the zero value for `null`, else what `&Value` does.
macro_rules! zero_or_forward {
    ($($method:ident => |$v:ident| $zero:expr;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $v: V) -> Result<V::Value, Error> {
                match self.value {
                    Value::Null => $zero,
                    other => other.$method($v),
                }
            }
        )*
    };
}

impl<'de> Deserializer<'de> for Tracked<'de, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Array(_) => self.seq(visitor),
            Value::Object(_) => self.map(visitor),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => visit_number(n, visitor),
            Value::String(s) => visitor.visit_borrowed_str(s),
        }
    }

    zero_or_forward! {
        deserialize_bool => |v| v.visit_bool(false);
        deserialize_i8 => |v| v.visit_i64(0);
        deserialize_i16 => |v| v.visit_i64(0);
        deserialize_i32 => |v| v.visit_i64(0);
        deserialize_i64 => |v| v.visit_i64(0);
        deserialize_u8 => |v| v.visit_u64(0);
        deserialize_u16 => |v| v.visit_u64(0);
        deserialize_u32 => |v| v.visit_u64(0);
        deserialize_u64 => |v| v.visit_u64(0);
        deserialize_f32 => |v| v.visit_f64(0.0);
        deserialize_f64 => |v| v.visit_f64(0.0);
        deserialize_char => |v| v.visit_borrowed_str("");
        deserialize_str => |v| v.visit_borrowed_str("");
        deserialize_string => |v| v.visit_borrowed_str("");
        deserialize_bytes => |v| v.visit_borrowed_bytes(&[]);
        deserialize_byte_buf => |v| v.visit_borrowed_bytes(&[]);
        deserialize_unit => |v| v.visit_unit();
        deserialize_identifier => |v| v.visit_borrowed_str("");
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            other => other.deserialize_unit_struct(name, visitor),
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
        self.map(visitor)
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
        self.map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.value.deserialize_enum(name, variants, visitor)
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

impl<'de> Deserializer<'de> for GoNull<'de> {
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
