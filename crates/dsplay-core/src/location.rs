//! Where something came from: a file, a line and a column, and which object.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A place in a manifest file. `line` and `column` are 1-based, as editors count.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Location {
    /// The file name as the user gave it (`ds.yaml`, `<editor>`).
    pub file: String,
    /// 1-based line number in the whole file (not in the `---` document).
    pub line: u32,
    /// 1-based column number.
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Which API object something is about, as kubectl names it: `DaemonSet/fluentd`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ObjectRef {
    /// The object's `kind` (`DaemonSet`, `Node`, `Pod`, ...).
    pub kind: String,
    /// The object's namespace; empty for cluster-scoped objects such as Nodes.
    pub namespace: String,
    /// The object's `metadata.name`.
    pub name: String,
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind, self.name)
    }
}

/// A problem with one object of a manifest, located in its file.
///
/// Rendered as `FILE:LINE:COL: Kind/name: message`, the CLI's error format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocatedError {
    /// Where the offending node is.
    pub location: Location,
    /// The object it belongs to, when that is known (not for YAML syntax errors).
    pub object: Option<ObjectRef>,
    /// The message, in Kubernetes' words where Kubernetes has words for it.
    pub message: String,
}

impl fmt::Display for LocatedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.object {
            Some(o) => write!(f, "{}: {}: {}", self.location, o, self.message),
            None => write!(f, "{}: {}", self.location, self.message),
        }
    }
}

impl std::error::Error for LocatedError {}
