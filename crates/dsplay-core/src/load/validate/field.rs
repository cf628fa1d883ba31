//! Field errors (`k8s.io/apimachinery/pkg/util/validation/field`), rendered as the API
//! server renders them: `<path>: <Type>: <value>: <detail>`.

use std::fmt;

/// `field.ErrorType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorType {
    /// `Required value`.
    Required,
    /// `Invalid value`.
    Invalid,
    /// `Unsupported value`.
    NotSupported,
    /// `Forbidden`.
    Forbidden,
    /// `Duplicate value`.
    Duplicate,
    /// `Too long`.
    TooLong,
    /// `Not found`.
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

/// Go's `%q` for the strings that occur here.
pub fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
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
}
