//! Manifest text to API objects, as `kubectl apply -f` and the API server take them.
//!
//! The pipeline, per file:
//!
//! 1. `yaml`: split into `---` documents as kubectl's `YAMLReader` does (or one JSON
//!    document), check syntax with libyaml (go-yaml's words), build a positioned tree,
//!    resolve scalars as YAML 1.1 / go-yaml v2 (`resolve`), expand anchors, aliases and
//!    `<<` merges, and convert to JSON with a field-path → position index.
//! 2. `kinds`: flatten lists, check `kind`/`apiVersion` (missing kind, legacy API versions),
//!    set aside kinds that are not simulated.
//! 3. `strict`: strict decoding into the k8s-openapi types (unknown fields, even with a
//!    `null` value; type errors in `encoding/json`'s words; quantities that do not parse),
//!    reading `null` as Go does (`go_null`).
//! 4. [`defaults`]: the API server's defaulting.
//! 5. [`validate`]: the API server's validation, all field errors per object.
//!
//! Every error is a [`LocatedError`] at the offending field's line and column in the
//! whole file. A rejected object is reported and skipped; the rest of the file still loads.
//!
//! # Choices where kubectl and the API server leave room
//!
//! * A key repeated in one mapping is **accepted, and its last value wins**, as `kubectl apply`
//!   does even with its default `--validate=strict`: kubectl turns each YAML document into JSON
//!   client-side (`k8s.io/apimachinery/pkg/util/yaml.YAMLToJSONDecoder.Decode` →
//!   `sigs.k8s.io/yaml.Unmarshal`, go-yaml v2 non-strict, where a later key overwrites an
//!   earlier one; a JSON file goes through `encoding/json` into an `Unstructured` map, same
//!   result), so the request body the API server checks with `fieldValidation=Strict` has no
//!   repeated field left and its `duplicate field` error never fires for a manifest file
//!   (kubernetes/kubernetes#125885, #99286: a repeated `containers:` / `envFrom:` silently
//!   keeps the last one). kubectl prints nothing; the playground adds a note in
//!   [`LoadOutput::warnings`] (`duplicate field "<path>": the last value is used ...`) at the
//!   repeated key, and positions point at the value in effect.
//! * Scalars resolve as go-yaml v2 resolves them, `y`/`n` included: `name: n` is the
//!   boolean `false` and is refused as `json: cannot unmarshal bool into Go struct field
//!   ObjectMeta.metadata.name of type string`, as kubectl would.
//! * Syntax errors: see the `yaml` module for the rendering (kubectl's words, whole-file line).
//! * Several objects with errors: each field error is its own [`LocatedError`] (message:
//!   the field error's text); [`invalid_object_message`] renders kubectl's summary.
//!
//! # Bounds
//!
//! * Files larger than [`MAX_FILE_BYTES`] (8 MiB) are refused as a whole.
//! * An object whose JSON request body would exceed the API server's limit (3 MiB,
//!   `Request entity too large: limit is 3145728`) is refused. kubectl sends one request per
//!   object, so each item of a `List` is measured on its own (its compact JSON size).
//! * Nesting deeper than 200 collections is refused (`exceeded max depth of 200`; go-yaml
//!   allows 10000, the browser's stack does not), and alias expansion is bounded as
//!   go-yaml bounds it (`document contains excessive aliasing`).

use crate::location::{ErrorKind, LocatedError, Location, ObjectRef};
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{Node, Pod};

pub mod defaults;
mod go_null;
mod kinds;
pub mod names;
pub(crate) mod resolve;
pub(crate) mod strict;
pub mod validate;
mod yaml;

/// One object of a kind the simulation acts on, defaulted and validated as the
/// API server would on create.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ApiObject {
    /// An `apps/v1` DaemonSet, with the API server's defaults filled in.
    DaemonSet(Box<DaemonSet>),
    /// A `v1` Node.
    Node(Box<Node>),
    /// A `v1` Pod (a pre-existing pod: a seed or an orphan).
    Pod(Box<Pod>),
}

/// An object read from a manifest, with where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedObject {
    /// The object itself.
    pub object: ApiObject,
    /// Where the object's document starts in the file.
    pub location: Location,
    /// Field path (`spec.selector`) to location, for errors found later (on update).
    pub positions: PositionIndex,
}

/// A map from field paths, printed as Kubernetes prints them (`spec.template.spec.containers[0].image`),
/// to where that field's value is in the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PositionIndex {
    /// The entries, in document order.
    pub entries: Vec<(String, Location)>,
}

impl PositionIndex {
    /// The location of `path`, or of its nearest ancestor that has one, or `None`.
    pub fn locate(&self, path: &str) -> Option<&Location> {
        let mut p = path;
        loop {
            if let Some((_, l)) = self.entries.iter().find(|(k, _)| k == p) {
                return Some(l);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

/// An object of a kind the simulation does not act on (ServiceAccount, ConfigMap, CRDs, ...).
/// Accepted and listed, never an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotSimulated {
    /// `apiVersion` as written.
    pub api_version: String,
    /// `kind` as written.
    pub kind: String,
    /// `metadata.name`, if any.
    pub name: String,
    /// Where its document starts.
    pub location: Location,
}

/// Everything read from one file: objects, skipped kinds, and located errors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadOutput {
    /// Objects the simulation acts on, in file order.
    pub objects: Vec<LoadedObject>,
    /// Objects of other kinds, accepted but not simulated.
    pub not_simulated: Vec<NotSimulated>,
    /// Rejected objects and syntax errors; the rest of the file still applies.
    pub errors: Vec<LocatedError>,
    /// Things kubectl accepts without a word that the playground points out (a key repeated in
    /// one mapping, whose last value wins). Never a reason to reject.
    pub warnings: Vec<LocatedError>,
}

/// Reads manifest text: multi-document YAML, JSON, `kind: List`.
///
/// Never panics; bad input becomes entries in [`LoadOutput::errors`].
pub fn load(file: &str, text: &str) -> LoadOutput {
    let mut out = LoadOutput::default();
    if text.len() > MAX_FILE_BYTES {
        out.errors.push(LocatedError::new(
            ErrorKind::TooLarge,
            Location {
                file: file.to_string(),
                line: 1,
                column: 1,
            },
            format!(
                "file is too large: {} bytes (the playground reads at most {MAX_FILE_BYTES} bytes per file)",
                text.len()
            ),
        ));
        return out;
    }
    let (chunks, split_errors) = yaml::split_documents(text);
    let at = |line: u32, column: u32| Location {
        file: file.to_string(),
        line,
        column,
    };
    for e in split_errors {
        out.errors
            .push(LocatedError::new(e.kind, at(e.line, e.column), e.message));
    }
    for chunk in &chunks {
        if chunk
            .text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            continue;
        }
        if let Some(e) = yaml::flow_depth_error(chunk) {
            out.errors
                .push(LocatedError::new(e.kind, at(e.line, e.column), e.message));
            continue;
        }
        let tree = match yaml::parse_tree(chunk) {
            Ok(Some(t)) => t,
            Ok(None) => continue,
            Err(e) => {
                out.errors
                    .push(LocatedError::new(e.kind, at(e.line, e.column), e.message));
                continue;
            }
        };
        let mut conv = yaml::Converter::new(file);
        let value = match conv.convert(&tree, "") {
            Ok(v) => v,
            Err(e) => {
                out.errors
                    .push(LocatedError::new(e.kind, at(e.line, e.column), e.message));
                continue;
            }
        };
        if value.is_null() {
            continue;
        }
        let location = at(tree.line, tree.column);
        // JSON is at most ~3x the YAML it comes from (`a:` → `"a":null,`) unless aliases
        // were expanded: below that, no object of the document can reach the request limit.
        let check_size =
            conv.expanded_aliases() || chunk.text.len().saturating_mul(6) > kinds::MAX_OBJECT_BYTES;
        let (positions, duplicates) = conv.finish();
        kinds::handle_document(
            kinds::RawObject {
                value,
                positions,
                duplicates,
                location,
                check_size,
            },
            &mut out,
        );
    }
    for list in [&mut out.errors, &mut out.warnings] {
        crate::sort::sort_by(list, |a, b| {
            (a.location.line, a.location.column).cmp(&(b.location.line, b.location.column))
        });
    }
    out
}

/// The largest file [`load`] reads (8 MiB); larger files are one error.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// The API server's update validation for a DaemonSet (`ValidateDaemonSetUpdate`):
/// the selector is immutable. `new` has passed create validation already.
pub fn validate_daemon_set_update(old: &DaemonSet, new: &LoadedObject) -> Vec<LocatedError> {
    let ApiObject::DaemonSet(ds) = &new.object else {
        return Vec::new();
    };
    let object_ref = ObjectRef {
        kind: "DaemonSet".to_string(),
        namespace: ds.metadata.namespace.clone().unwrap_or_default(),
        name: ds.metadata.name.clone().unwrap_or_default(),
    };
    let errs = validate::validate_daemon_set_spec_update(old, ds);
    let mut out = LoadOutput::default();
    kinds::push_field_errors(&errs, &new.positions, &new.location, &object_ref, &mut out);
    out.errors
}

/// kubectl's rendering of one rejected object's field errors:
/// `The DaemonSet "x" is invalid: <err>`, or a `*` bullet list when there are several.
pub fn invalid_object_message(kind: &str, name: &str, field_errors: &[String]) -> String {
    match field_errors {
        [one] => format!("The {kind} \"{name}\" is invalid: {one}"),
        many => {
            let mut s = format!("The {kind} \"{name}\" is invalid:");
            for e in many {
                s.push_str("\n* ");
                s.push_str(e);
            }
            s
        }
    }
}
