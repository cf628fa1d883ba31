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

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Error, Value};

/// A `Deserializer` over a JSON value with Go's reading of `null` (see the module doc).
#[derive(Clone, Copy)]
pub(crate) struct GoNull<'a>(pub &'a Value);

/// The items of an array (or none, for a `null` read as a sequence).
struct Seq<'a>(std::slice::Iter<'a, Value>);

impl<'de> SeqAccess<'de> for Seq<'de> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|v| seed.deserialize(GoNull(v)))
            .transpose()
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The entries of an object (or none, for a `null` read as a map or struct).
struct Entries<'a> {
    iter: Option<serde_json::map::Iter<'a>>,
    value: Option<&'a Value>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((k, v)) = self.iter.as_mut().and_then(Iterator::next) else {
            return Ok(None);
        };
        self.value = Some(v);
        seed.deserialize(BorrowedStrDeserializer::<Error>::new(k))
            .map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(v) => seed.deserialize(GoNull(v)),
            None => Err(de::Error::custom("value is missing")),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        self.iter.as_ref().map(ExactSizeIterator::len)
    }
}

impl<'de> GoNull<'de> {
    fn seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_seq(Seq([].iter())),
            Value::Array(items) => visitor.visit_seq(Seq(items.iter())),
            other => Err(invalid_type(other, &visitor)),
        }
    }
    fn map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_map(Entries {
                iter: None,
                value: None,
            }),
            Value::Object(m) => visitor.visit_map(Entries {
                iter: Some(m.iter()),
                value: None,
            }),
            other => Err(invalid_type(other, &visitor)),
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

/// `deserialize_<x>`: the zero value for `null`, else what `&Value` does.
macro_rules! zero_or_forward {
    ($($method:ident => |$v:ident| $zero:expr;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $v: V) -> Result<V::Value, Error> {
                match self.0 {
                    Value::Null => $zero,
                    other => other.$method($v),
                }
            }
        )*
    };
}

impl<'de> Deserializer<'de> for GoNull<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
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
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
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

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null | Value::Object(_) => self.map(visitor),
            // `&Value` reads a struct from an array too (serde's sequence form).
            Value::Array(_) => self.seq(visitor),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
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
