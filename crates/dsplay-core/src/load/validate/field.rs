//! Field errors (`k8s.io/apimachinery/pkg/util/validation/field`), rendered as the API
//! server renders them: `<path>: <Type>: <value>: <detail>`.

use std::fmt;

/// `field.ErrorType`: which kind of field error (the kind of a
/// [`LocatedError`](crate::location::LocatedError) is
/// [`ErrorKind::Field`](crate::location::ErrorKind::Field) of one of these).
///
/// New types may be added (Kubernetes also has `TooMany`, `TypeInvalid`, `Internal`): match
/// with a wildcard arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum ErrorType {
    /// Occurs when a required field is missing or empty (`Required value`).
    Required,
    /// Occurs when a field's value is not valid (`Invalid value`): a bad name, a selector that
    /// does not match the template's labels, an immutable field changed, ...
    Invalid,
    /// Occurs when a value is not one of a closed set (`Unsupported value: "Never":
    /// supported values: "Always"`).
    NotSupported,
    /// Occurs when a field may not be set here (`Forbidden`).
    Forbidden,
    /// Occurs when a value must be unique and is not (`Duplicate value`), such as two
    /// containers with one name.
    Duplicate,
    /// Occurs when a value is longer than allowed (`Too long`).
    TooLong,
    /// Occurs when a reference names something that does not exist (`Not found`).
    NotFound,
}

impl ErrorType {
    fn as_str(self) -> &'static str {
        match self {
            ErrorType::Required => "Required value",
            ErrorType::Invalid => "Invalid value",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::TooLong => "Too long",
            ErrorType::NotFound => "Not found",
        }
    }
}

/// `field.Error`: one problem with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field path, as Kubernetes prints it (`spec.template.spec.containers[0].name`).
    pub path: String,
    /// The error type.
    pub error_type: ErrorType,
    /// The bad value, already rendered (`"Never"`, `5`, `{"app":"x"}`), if shown.
    pub value: Option<String>,
    /// The detail text.
    pub detail: String,
}

impl FieldError {
    /// `field.Required`.
    pub fn required(path: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(path, ErrorType::Required, None, detail)
    }
    /// `field.Invalid`.
    pub fn invalid(path: impl Into<String>, value: String, detail: impl Into<String>) -> Self {
        Self::new(path, ErrorType::Invalid, Some(value), detail)
    }
    /// `field.Forbidden`.
    pub fn forbidden(path: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(path, ErrorType::Forbidden, None, detail)
    }
    /// `field.Duplicate`.
    pub fn duplicate(path: impl Into<String>, value: String) -> Self {
        Self::new(path, ErrorType::Duplicate, Some(value), "")
    }
    /// `field.NotFound`: `<path>: Not found: "x"`.
    pub fn not_found(path: impl Into<String>, value: String) -> Self {
        Self::new(path, ErrorType::NotFound, Some(value), "")
    }
    /// `field.TooLong` (`may not be more than N bytes`).
    pub fn too_long(path: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(path, ErrorType::TooLong, None, detail)
    }
    /// `field.NotSupported`: `supported values: "a", "b"`.
    pub fn not_supported(path: impl Into<String>, value: String, supported: &[&str]) -> Self {
        let list: Vec<String> = supported.iter().map(|s| quote(s)).collect();
        Self::new(
            path,
            ErrorType::NotSupported,
            Some(value),
            format!("supported values: {}", list.join(", ")),
        )
    }

    fn new(
        path: impl Into<String>,
        error_type: ErrorType,
        value: Option<String>,
        detail: impl Into<String>,
    ) -> Self {
        FieldError {
            path: path.into(),
            error_type,
            value,
            detail: detail.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.error_type.as_str())?;
        if let Some(v) = &self.value {
            write!(f, ": {v}")?;
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

/// Go's `%q` (`strconv.Quote`): double quotes; `"` and `\` escaped; `\a \b \f \n \r \t \v`
/// by name; other characters Go does not print (`unicode.IsPrint`) as `\xNN`, `\uNNNN` or
/// `\UNNNNNNNN`, so that a control, format or bidi character (U+202E) never reaches a
/// terminal raw.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len().saturating_add(2));
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_go_printable(c) => out.push(c),
            c if u32::from(c) < 0x80 => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c if u32::from(c) <= 0xFFFF => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

/// Go's `unicode.IsPrint` for what matters in messages: false for controls (Cc), the
/// format characters (Cf: soft hyphen, zero-width and bidi marks, BOM, ...), separators
/// other than the ASCII space (Zs, Zl, Zp), private use and noncharacters.
pub(crate) fn is_go_printable(c: char) -> bool {
    let n = u32::from(c);
    !(c.is_control()
        || matches!(
            n,
            0xA0 | 0xAD
                | 0x600..=0x605
                | 0x61C
                | 0x6DD
                | 0x70F
                | 0x890..=0x891
                | 0x8E2
                | 0x1680
                | 0x180E
                | 0x2000..=0x200F
                | 0x2028..=0x202F
                | 0x205F..=0x2064
                | 0x2066..=0x206F
                | 0x3000
                | 0xE000..=0xF8FF
                | 0xFDD0..=0xFDEF
                | 0xFEFF
                | 0xFFF9..=0xFFFB
                | 0x110BD
                | 0x110CD
                | 0x13430..=0x1343F
                | 0x1BCA0..=0x1BCA3
                | 0x1D173..=0x1D17A
                | 0xE0001
                | 0xE0020..=0xE007F
                | 0xF0000..
        )
        || n & 0xFFFE == 0xFFFE)
}

/// A value rendered as the API server renders composite bad values (JSON).
pub fn json_value<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mirrors `TestErrorFormatting` (apimachinery field/errors_test.go).
    #[test]
    fn rendering() {
        assert_eq!(
            FieldError::required("metadata.name", "name or generateName is required").to_string(),
            "metadata.name: Required value: name or generateName is required"
        );
        assert_eq!(
            FieldError::not_supported("spec.x", quote("Never"), &["Always"]).to_string(),
            "spec.x: Unsupported value: \"Never\": supported values: \"Always\""
        );
        assert_eq!(
            FieldError::invalid("a", "5".into(), "must be greater than or equal to 0").to_string(),
            "a: Invalid value: 5: must be greater than or equal to 0"
        );
        assert_eq!(
            FieldError::duplicate("a", quote("x")).to_string(),
            "a: Duplicate value: \"x\""
        );
    }

    /// Go's `strconv.Quote` on the characters a hostile step or manifest holds.
    #[test]
    fn quote_escapes_what_go_escapes() {
        assert_eq!(quote("bad key"), r#""bad key""#);
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote("l1\nl2\t\r"), r#""l1\nl2\t\r""#);
        assert_eq!(quote("\u{1}\u{7f}"), r#""\x01\x7f""#);
        assert_eq!(quote("x\u{202e}y\u{200b}"), r#""x\u202ey\u200b""#);
        assert_eq!(quote("\u{feff}\u{a0}"), r#""\ufeff\u00a0""#);
        assert_eq!(quote("\u{10ffff}"), r#""\U0010ffff""#);
        assert_eq!(quote("é日本🙂"), "\"é日本🙂\"");
    }
}
