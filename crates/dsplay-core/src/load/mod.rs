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
//! * Files larger than [`MAX_FILE_BYTES`] (8 MiB) are refused as a whole ([`too_large`]);
//!   the CLI reads at most that many bytes plus one of any file, device or pipe.
//! * At most [`MAX_ERRORS_PER_FILE`] errors are kept per file, and the first document that
//!   cannot be read ends the file (kubectl's reader stops there), so a flood of broken
//!   documents costs one error.
//! * An object whose JSON request body would exceed the API server's limit (3 MiB,
//!   `Request entity too large: limit is 3145728`) is refused. kubectl sends one request per
//!   object, so each item of a `List` is measured on its own (its compact JSON size).
//! * A document's root is read entry by entry (no tree of the whole document), and what
//!   kubectl or the API server refuses whatever it holds is not kept: a root sequence is
//!   never an object (`couldn't get version/kind; json parse error: json: cannot unmarshal
//!   array …`: its items are converted only for the errors that come first), and a root
//!   mapping whose entries other than `items` pass the request limit keeps only `apiVersion`,
//!   `kind` and `items` (a `List` still loads; anything else is too large); an entry known
//!   to pass the limit on its own is not converted into JSON at all (the object passes the
//!   limit unless a later repeated key or `<<` merge replaces it: then it is what is left, as
//!   kubectl sends it). So 8 MiB of
//!   `[{a: 1}, …]` costs no memory per item, and 8 MiB of `a: [{b: 1}, …]` (anchored or
//!   not) only its tree (docs/limits.md).
//! * A `List`'s items are handed over one at a time, as kubectl sends them (an item without
//!   a kind past the hundredth error, only counted, is read for its errors only): in a large
//!   document, each item is converted, handled and dropped as the document is read, what
//!   handling it gave set aside; it applies if the document holds no error (an error
//!   anywhere, even after a million items, and none applies) and the items were handed over
//!   as the whole document says (their kind, inherited from the List's: written before them,
//!   or a plain `List`). Otherwise the document is read again, each item handed over as
//!   its `kind`, known by then, says.
//! * An object not known to be of a kind the simulation acts on (its kind not simulated, or
//!   not written yet) keeps only what the loader reads of it (`apiVersion`, `kind`,
//!   `metadata`): a large entry is measured for the request limit (to the byte, a sequence
//!   item by item), not kept but for the first bytes of its JSON (what the message of a
//!   missing `kind` or `apiVersion` shows of the object; a `<<` merge at the root is measured
//!   as it merges); the document is read again whole when a simulated kind needs it.
//! * In an object of a kind the simulation decodes (a List's item too), a sequence of more
//!   than 10,000 items is held apart from the object's JSON, each item as its compact JSON
//!   text, and strict decoding reads it item by item (`go_null::Deferrals`): a Pod of 240,000
//!   environment variables is never 150 MB of `serde_json` maps.
//! * Each field's position is about 22 bytes ([`PositionIndex`]: an entry of its parent, its
//!   part of the path in a buffer shared by the index, its line and column; the file name
//!   once), and an object's errors are located with one index built once
//!   ([`PositionIndex::locator`]), each in about its path's length: 200,000 errors of one
//!   object are not 200,000 scans of its fields.
//! * Nesting deeper than 200 collections is refused (`exceeded max depth of 200`; go-yaml
//!   allows 10000, the browser's stack does not), and alias expansion is bounded as
//!   go-yaml bounds it (`document contains excessive aliasing`).

use crate::location::{ErrorKind, LocatedError, Location, ObjectRef};
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{Node, Pod};
use serde_json::Value;

pub mod defaults;
mod go_null;
mod kinds;
pub mod names;
mod positions;
pub(crate) mod resolve;
pub(crate) mod strict;
pub mod validate;
mod yaml;

pub use positions::{Locator, PositionIndex};

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
    /// Errors beyond the first [`MAX_ERRORS_PER_FILE`], not kept.
    pub omitted_errors: Omitted,
    /// Warnings beyond the first [`MAX_ERRORS_PER_FILE`], not kept.
    pub omitted_warnings: Omitted,
    /// The bytes `objects` take once decoded, as [`MAX_FILE_DECODED_BYTES`] counts them.
    pub decoded_bytes: u64,
    /// The part of `decoded_bytes` its Pods and DaemonSets take
    /// ([`MAX_FILE_WORKLOAD_BYTES`]).
    pub workload_bytes: u64,
}

/// Errors (or warnings) of a file that were counted, not kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Omitted {
    /// How many.
    pub count: usize,
    /// Where the first of them is.
    pub first: Option<Location>,
}

impl Omitted {
    /// Keeps the first [`MAX_ERRORS_PER_FILE`] of `list` (sorted by location first) and
    /// counts the others.
    pub fn bound(&mut self, list: &mut Vec<LocatedError>) {
        crate::sort::sort_by(list, |a, b| {
            (a.location.line, a.location.column).cmp(&(b.location.line, b.location.column))
        });
        if list.len() > MAX_ERRORS_PER_FILE {
            self.count = self.count.saturating_add(list.len() - MAX_ERRORS_PER_FILE);
            let first = list.get(MAX_ERRORS_PER_FILE).map(|e| e.location.clone());
            if self.first.is_none() || first < self.first {
                self.first = first;
            }
            list.truncate(MAX_ERRORS_PER_FILE);
        }
    }

    /// Counts one more, at `at`, not kept.
    pub(crate) fn omit(&mut self, at: Location) {
        self.count = self.count.saturating_add(1);
        if (self.first.as_ref()).is_none_or(|f| (at.line, at.column) < (f.line, f.column)) {
            self.first = Some(at);
        }
    }

    /// The error that stands for the omitted ones (`… and N more errors in FILE`, kind
    /// [`ErrorKind::TooManyErrors`], at the first of them), if any; `what` is `errors` or
    /// `warnings`.
    pub fn stand_in(&self, file: &str, what: &str) -> Option<LocatedError> {
        let first = self.first.clone()?;
        (self.count > 0).then(|| {
            LocatedError::new(
                ErrorKind::TooManyErrors,
                first,
                format!("… and {} more {what} in {file}", self.count),
            )
        })
    }
}

/// Reads manifest text: multi-document YAML, JSON streams, `kind: List`.
///
/// Documents are read as kubectl's `YAMLOrJSONDecoder` reads them (see
/// `yaml::Documents`): the first document that cannot be read (a syntax error, a bad `---`
/// separator, JSON that is neither JSON nor YAML) is reported and ends the file, as it
/// ends `kubectl apply -f FILE`; the objects before it still load. Errors of objects that
/// were read (validation, unknown fields, missing kinds) do not stop the file. At most
/// [`MAX_ERRORS_PER_FILE`] errors (and as many warnings) are kept; the others are counted
/// in [`LoadOutput::omitted_errors`] ([`LoadOutput::omitted_warnings`]), which the
/// simulation's report turns into one last error standing for them ([`Omitted::stand_in`]).
///
/// Never panics; bad input becomes entries in [`LoadOutput::errors`].
pub fn load(file: &str, text: &str) -> LoadOutput {
    let mut out = LoadOutput::default();
    if text.len() > MAX_FILE_BYTES {
        out.errors.push(too_large(file));
        return out;
    }
    let at = |line: u32, column: u32| Location {
        file: file.to_string(),
        line,
        column,
    };
    for chunk in yaml::documents(text) {
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) => {
                out.errors
                    .push(LocatedError::new(e.kind, at(e.line, e.column), e.message));
                break;
            }
        };
        if chunk
            .text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            continue;
        }
        // Read lean first (large entries measured, not kept); again whole if they are needed.
        // In a large document, a List's items are handed over ahead, as they are read: taken
        // back unless the document says they are what they were handed over as.
        let big = chunk.text.len().saturating_mul(6) > kinds::MAX_OBJECT_BYTES;
        let before = out.mark();
        let mut floor = None;
        let mut sink = |item| kinds::handle_item(item, true, &mut out, &mut floor);
        let lean = parse_object(file, &chunk, true, big.then_some(&mut sink));
        let parsed = lean.and_then(|p| match p {
            Some(r)
                if r.converted.partial
                    && (r.converted.value.as_object()).is_none_or(kinds::needs_whole) =>
            {
                parse_object(file, &chunk, false, None)
            }
            p => Ok(p),
        });
        let handed = matches!(&parsed, Ok(Some(r)) if r.ahead.as_ref().is_some_and(|used| {
            (r.converted.value.as_object()).is_some_and(|m| kinds::inherited(m) == *used)
        }));
        if !handed {
            out.take_back(before);
        }
        let read = match parsed {
            Ok(Some(p)) => p,
            Ok(None) => continue,
            Err(e) => {
                // kubectl stops reading the file at a document it cannot read.
                out.errors
                    .push(LocatedError::new(e.kind, at(e.line, e.column), e.message));
                break;
            }
        };
        let Read {
            converted:
                yaml::Converted {
                    line,
                    column,
                    value,
                    over_limit,
                    measured,
                    json_len,
                    ..
                },
            positions,
            duplicates,
            aliases,
            items_seen: streamed,
            items_len,
            deferred,
            ..
        } = read;
        if value.is_null() || handed {
            continue;
        }
        let location = at(line, column);
        // JSON is at most ~3x the YAML it comes from (`a:` → `"a":null,`) unless aliases
        // were expanded: below that, no object of the document can reach the request limit.
        let check_size = aliases || big;
        kinds::handle_document(
            kinds::RawObject {
                value,
                positions,
                duplicates,
                location,
                check_size,
                over_limit,
                measured,
                deferred,
                json_len,
            },
            &mut out,
            |inherit, sink| {
                // The first read found no error: the second, the same conversion, finds none.
                let mut conv = yaml::Converter::new(file);
                conv.items = yaml::Items::Stream(sink);
                conv.inherit = inherit;
                conv.lean = true;
                conv.items_streamed = streamed;
                conv.items_len = items_len;
                let _ = yaml::convert_document(&chunk, &mut conv);
            },
        );
        out.bound();
    }
    out.bound();
    out
}

/// A parsed document: where its root starts (line, column), the converter (positions,
/// duplicate keys) and its JSON value.
type Parsed<'f> = ((u32, u32), yaml::Converter<'f>, Value);

/// A document [`parse_object`] read.
struct Read {
    converted: yaml::Converted,
    positions: PositionIndex,
    duplicates: Vec<yaml::Duplicate>,
    /// Whether an alias was expanded.
    aliases: bool,
    /// The root's `items` entries, and the length of the last one read from events.
    items_seen: usize,
    items_len: usize,
    /// The kind the items of its only `items` entry were handed over ahead with
    /// (`yaml::Converter::ahead`), if they all were.
    ahead: Option<(String, String)>,
    /// Its long sequences held apart from its JSON (`yaml::Converter::deferred`).
    deferred: go_null::Deferrals,
}

/// Reads one document of a manifest as an API object (`yaml::convert_document`, a List's
/// items dropped or, with `ahead`, handed over to it as they are read; `lean`: see
/// `yaml::Converter::lean`): `None` for an empty document.
fn parse_object<'a>(
    file: &'a str,
    chunk: &yaml::Chunk<'_>,
    lean: bool,
    ahead: Option<&'a mut dyn FnMut(yaml::ListItem) -> Option<(u32, u32)>>,
) -> Result<Option<Read>, yaml::YamlError> {
    if let Some(e) = yaml::flow_depth_error(chunk) {
        return Err(e);
    }
    let mut conv = yaml::Converter::new(file);
    conv.ahead = ahead.is_some();
    conv.items = ahead.map_or(yaml::Items::Drop, yaml::Items::Stream);
    conv.items_streamed = 1;
    conv.lean = lean;
    // Read again whole: it is needed because it is an object the simulation decodes.
    conv.decoded = !lean;
    let Some(converted) = yaml::convert_document(chunk, &mut conv)? else {
        return Ok(None);
    };
    let ahead = (conv.ahead && !conv.ahead_lost && conv.items_seen == 1)
        .then(|| std::mem::take(&mut conv.inherit));
    let (aliases, items_seen, items_len) =
        (conv.expanded_aliases(), conv.items_seen, conv.items_len);
    let deferred = std::mem::take(&mut conv.deferred);
    let (positions, duplicates) = conv.finish();
    Ok(Some(Read {
        converted,
        positions,
        duplicates,
        aliases,
        items_seen,
        items_len,
        ahead,
        deferred,
    }))
}

/// Parses one document of a file ([`Parsed`]): `None` for an empty document.
fn parse_chunk<'f>(
    file: &'f str,
    chunk: &yaml::Chunk<'_>,
) -> Result<Option<Parsed<'f>>, yaml::YamlError> {
    if let Some(e) = yaml::flow_depth_error(chunk) {
        return Err(e);
    }
    match yaml::parse_tree(chunk)? {
        Some(tree) => {
            let mut conv = yaml::Converter::new(file);
            let start = (tree.line, tree.column);
            // The tree is dropped as it is converted (a long sequence is not held twice).
            conv.convert_tree(tree, "")
                .map(|value| Some((start, conv, value)))
        }
        None => Ok(None),
    }
}

/// One YAML document read with the manifests' loader, not as an API object: a file of the
/// playground's own (a scenario), whose errors are located the same way.
#[derive(Clone, Debug)]
pub struct Document {
    /// The document as JSON.
    pub value: Value,
    /// Where each field's value is.
    pub positions: PositionIndex,
    /// Where the document starts.
    pub location: Location,
}

/// Reads the first non-empty document of `text` ([`Document`]); `Ok(None)` when there is none.
///
/// # Errors
///
/// The file is too large, or the document is not YAML the loader reads (located).
pub fn read_document(file: &str, text: &str) -> Result<Option<Document>, Box<LocatedError>> {
    if text.len() > MAX_FILE_BYTES {
        return Err(Box::new(too_large(file)));
    }
    let at = |line: u32, column: u32| Location {
        file: file.to_string(),
        line,
        column,
    };
    for chunk in yaml::documents(text) {
        let chunk =
            chunk.map_err(|e| LocatedError::new(e.kind, at(e.line, e.column), e.message))?;
        match parse_chunk(file, &chunk) {
            Ok(Some(((line, column), conv, value))) if !value.is_null() => {
                let location = at(line, column);
                let (positions, _) = conv.finish();
                return Ok(Some(Document {
                    value,
                    positions,
                    location,
                }));
            }
            Ok(_) => {}
            Err(e) => {
                return Err(Box::new(LocatedError::new(
                    e.kind,
                    at(e.line, e.column),
                    e.message,
                )))
            }
        }
    }
    Ok(None)
}

/// Appends a field to a path as Kubernetes prints it (`spec.selector`).
pub fn child_path(parent: &str, key: &str) -> String {
    yaml::child_path(parent, key)
}

/// Appends an index to a path (`containers[0]`).
pub fn index_path(parent: &str, index: usize) -> String {
    yaml::index_path(parent, index)
}

impl LoadOutput {
    /// Keeps at most [`MAX_ERRORS_PER_FILE`] errors and as many warnings, counting the others.
    fn bound(&mut self) {
        self.omitted_errors.bound(&mut self.errors);
        self.omitted_warnings.bound(&mut self.warnings);
    }

    /// Where [`LoadOutput::take_back`] goes back to.
    fn mark(&self) -> ([usize; 4], [u64; 2], Omitted, Omitted) {
        let lens = [
            self.objects.len(),
            self.not_simulated.len(),
            self.errors.len(),
            self.warnings.len(),
        ];
        (
            lens,
            [self.decoded_bytes, self.workload_bytes],
            self.omitted_errors.clone(),
            self.omitted_warnings.clone(),
        )
    }

    /// Takes back what the document after `mark` added (bounding sorts errors by location:
    /// the earlier documents' stay first).
    fn take_back(
        &mut self,
        ([objects, skipped, errors, warnings], [decoded, workload], e, w): (
            [usize; 4],
            [u64; 2],
            Omitted,
            Omitted,
        ),
    ) {
        self.objects.truncate(objects);
        (self.decoded_bytes, self.workload_bytes) = (decoded, workload);
        self.not_simulated.truncate(skipped);
        self.errors.truncate(errors);
        self.warnings.truncate(warnings);
        (self.omitted_errors, self.omitted_warnings) = (e, w);
    }
}

/// The largest file [`load`] reads (8 MiB); larger files are one error.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// The most bytes one simulated object (a DaemonSet, Node or Pod) may take once decoded
/// (32 MiB), counted as it is decoded (`go_null::Trace::weigh`): its type's size and what
/// its vectors, maps and strings hold. A larger one is refused, none of it made past the
/// bound, in etcd's words (`etcdserver: request is too large`): the typed objects take up to
/// hundreds of times their JSON (a `Volume` is 3,280 bytes whatever it holds), so an object
/// under the request limit could otherwise take gigabytes. Real manifests take kilobytes.
pub const MAX_OBJECT_DECODED_BYTES: u64 = 32 * 1024 * 1024;

/// The most bytes the simulated objects read from one file may take once decoded (192 MiB:
/// 100,000 Nodes fit; a DaemonSet counts twice, its pods' template being a second copy of its
/// template). An object that would pass it is refused in etcd's words for a full store
/// (`etcdserver: mvcc: database space exceeded`).
pub const MAX_FILE_DECODED_BYTES: u64 = 192 * 1024 * 1024;

/// The most of [`MAX_FILE_DECODED_BYTES`] the Pods and DaemonSets of one file may take
/// (64 MiB): what a pod spec holds can take hundreds of times its text once decoded, and the
/// simulation makes more of it (pods' templates, positions, what it writes); a Node's fields
/// are mostly of fixed size. Past it, the same error.
pub const MAX_FILE_WORKLOAD_BYTES: u64 = 64 * 1024 * 1024;

/// The most errors (and, apart, warnings) reported for one file; the CLI and the page say
/// how many more there were (`… and N more errors in FILE`).
pub const MAX_ERRORS_PER_FILE: usize = 100;

/// The error for a file larger than [`MAX_FILE_BYTES`], at its first line: the same for a
/// file the CLI stopped reading at the limit and for text pasted into the page.
pub fn too_large(file: &str) -> LocatedError {
    LocatedError::new(
        ErrorKind::TooLarge,
        Location {
            file: file.to_string(),
            line: 1,
            column: 1,
        },
        format!(
            "file is too large: the playground reads at most {MAX_FILE_BYTES} bytes (8 MiB) per file"
        ),
    )
}

/// A file's bytes as text for [`load`], and what ends it early.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decoded {
    /// The text to load: all of it, or the documents before the one that cannot be read.
    pub text: String,
    /// Why the rest of the file is not read: too large, or invalid UTF-8 (libyaml's reader
    /// error at the byte, or a syntax error libyaml found before it), located in the file.
    pub error: Option<LocatedError>,
}

/// Turns a file's bytes into text as kubectl reads them.
///
/// * More than [`MAX_FILE_BYTES`]: nothing is read, [`too_large`].
/// * Valid UTF-8: all of it.
/// * A JSON stream (first non-blank byte `{`): each invalid byte becomes U+FFFD, as Go's
///   `encoding/json` reads strings.
/// * YAML: the documents before the one holding the first invalid byte are read; that
///   document is reported as go-yaml (libyaml) reports it, at the byte (`error converting
///   YAML to JSON: yaml: invalid leading UTF-8 octet`), and the file ends there, as kubectl
///   stops at the first document it cannot read.
pub fn decode(file: &str, bytes: Vec<u8>) -> Decoded {
    if bytes.len() > MAX_FILE_BYTES {
        return Decoded {
            text: String::new(),
            error: Some(too_large(file)),
        };
    }
    let bad = match String::from_utf8(bytes) {
        Ok(text) => return Decoded { text, error: None },
        Err(e) => e,
    };
    let first_bad = bad.utf8_error().valid_up_to();
    let bytes = bad.into_bytes();
    let valid = std::str::from_utf8(bytes.get(..first_bad).unwrap_or(&[])).unwrap_or("");
    if yaml::is_json(valid) {
        return Decoded {
            text: lossy_per_byte(&bytes),
            error: None,
        };
    }
    let (start, first_line) = yaml::document_start(valid);
    let rest = bytes.get(start..).unwrap_or(&[]);
    let end = yaml::document_end(rest);
    let e = yaml::bytes_error(rest.get(..end).unwrap_or(rest), first_line);
    Decoded {
        text: valid.get(..start).unwrap_or("").to_string(),
        error: Some(LocatedError::new(
            e.kind,
            Location {
                file: file.to_string(),
                line: e.line,
                column: e.column,
            },
            e.message,
        )),
    }
}

/// Each byte of an invalid UTF-8 sequence as U+FFFD, as Go's `encoding/json` reads strings.
fn lossy_per_byte(mut bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(t) => {
                s.push_str(t);
                return s;
            }
            Err(e) => {
                let (good, rest) = bytes.split_at(e.valid_up_to());
                s.push_str(std::str::from_utf8(good).unwrap_or(""));
                let n = e.error_len().unwrap_or(rest.len()).max(1);
                s.extend(std::iter::repeat_n('\u{fffd}', n));
                bytes = rest.get(n..).unwrap_or(&[]);
            }
        }
    }
}

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
