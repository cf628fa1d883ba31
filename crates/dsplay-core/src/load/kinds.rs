//! One decoded JSON document → objects: `List` flattening, kind/apiVersion dispatch, and the
//! rejections kubectl and the API server make before validation.

use super::go_null::Deferrals;
use super::strict::{
    decode_strict_within, pod_spec_quantity_problems, quantity_map_problems, Decoded, FieldProblem,
};
use super::validate::{self, FieldError};
use super::yaml::{Duplicate, ListItem};
use super::{
    defaults, ApiObject, LoadOutput, LoadedObject, NotSimulated, PositionIndex,
    MAX_ERRORS_PER_FILE, MAX_FILE_DECODED_BYTES, MAX_FILE_WORKLOAD_BYTES, MAX_OBJECT_DECODED_BYTES,
};
use crate::location::{ErrorKind, LocatedError, Location, ObjectRef};
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{Container, Node, Pod, PodSpec};
use serde_json::{Map, Value};

/// The longest JSON shown in a `Object 'Kind' is missing in '...'` message.
const MAX_JSON_IN_MESSAGE: usize = 200;

/// The API server's request-body limit (`Request entity too large: limit is 3145728`).
pub(crate) const MAX_OBJECT_BYTES: usize = 3 * 1024 * 1024;

/// One object's decoded JSON with where its fields are.
pub(crate) struct RawObject {
    pub value: Value,
    pub positions: PositionIndex,
    pub duplicates: Vec<Duplicate>,
    pub location: Location,
    /// Whether the object may exceed the request limit (false: it cannot, skip measuring).
    pub check_size: bool,
    /// The document is known to exceed the request limit unless it is a `List` (its other
    /// entries were not kept: `yaml::Converted::over_limit`).
    pub over_limit: bool,
    /// The root entries measured, not kept (`yaml::Converted::measured`).
    pub measured: Vec<(String, JsonHead)>,
    /// Its long sequences held apart from `value`, at their placeholders.
    pub deferred: Deferrals,
    /// The length of its compact JSON, if it was counted as it was read
    /// (`yaml::Converted::json_len`): not counted again.
    pub json_len: Option<u64>,
}

/// Handles one document: a single object or a list of objects (anything with `items`, as
/// `unstructuredJSONScheme` decides; items without `kind` take the list's kind minus `List`).
/// A list's items are not in `raw` (read once for errors, [`Items::Drop`](super::yaml::Items::Drop)): `items`
/// reads the document again, the items taking the kind [`inherited`] says, and hands them
/// over one by one ([`Items::Stream`](super::yaml::Items::Stream)), each handled
/// ([`handle_item`]), then dropped, as kubectl sends them.
pub(crate) fn handle_document(
    raw: RawObject,
    out: &mut LoadOutput,
    items: impl FnOnce((String, String), &mut dyn FnMut(ListItem) -> Option<(u32, u32)>),
) {
    let Some(list) = raw.value.as_object().filter(|m| m.contains_key("items")) else {
        handle_object(raw, out);
        return;
    };
    let inherit = inherited(list);
    match list.get("items") {
        Some(Value::Array(_)) => {}
        Some(Value::Null) | None => return,
        Some(other) => {
            let loc = raw.positions.locate("items").unwrap_or(raw.location);
            out.errors.push(
                LocatedError::new(
                    ErrorKind::WrongType,
                    loc,
                    format!(
                        "json: cannot unmarshal {} into Go struct field UnstructuredList.items of type []interface {{}}",
                        json_kind(other)
                    ),
                )
                .with_field("items"),
            );
            return;
        }
    }
    let (check_size, mut floor) = (raw.check_size, None);
    items(inherit, &mut |item| {
        handle_item(item, check_size, out, &mut floor)
    });
}

/// The kind and apiVersion the items without a kind of the List `list` take: its kind without
/// `List` (none for a `List`) and, with one, its apiVersion.
pub(crate) fn inherited(list: &Map<String, Value>) -> (String, String) {
    let kind = str_field(list, "kind")
        .strip_suffix("List")
        .unwrap_or_default();
    let version = if kind.is_empty() {
        ""
    } else {
        str_field(list, "apiVersion")
    };
    (kind.to_string(), version.to_string())
}

/// Gives `item`, a List's item, the kind ([`inherited`]) it takes when it has none.
pub(crate) fn inherit(item: &mut Value, (kind, version): &(String, String)) {
    if let Value::Object(m) = item {
        if !kind.is_empty() && str_field(m, "kind").is_empty() {
            m.insert("kind".into(), Value::String(kind.clone()));
            if str_field(m, "apiVersion").is_empty() {
                m.insert("apiVersion".into(), Value::String(version.clone()));
            }
        }
    }
}

/// Handles one item of a List (as its own object: kubectl sends it so). `floor`: where the
/// hundredth error kept in `out` is, once a hundred are (set here): an item refused at its
/// own location for its kind (missing) or its size, past it, is counted, not written out.
/// Returns `floor`.
pub(crate) fn handle_item(
    item: ListItem,
    check_size: bool,
    out: &mut LoadOutput,
    floor: &mut Option<(u32, u32)>,
) -> Option<(u32, u32)> {
    let ListItem {
        value,
        positions,
        duplicates,
        location,
        deferred,
    } = item;
    if floor.is_some_and(|f| (location.line, location.column) >= f)
        && value
            .as_object()
            .is_none_or(|m| str_field(m, "kind").is_empty())
    {
        out.omitted_errors.omit(location);
        return *floor;
    }
    handle_object(
        RawObject {
            value,
            positions,
            duplicates,
            location,
            check_size,
            over_limit: false,
            measured: Vec::new(),
            deferred,
            json_len: None,
        },
        out,
    );
    // A million items with errors keep a hundred (the same hundred as at the end).
    if out.errors.len() > 8 * MAX_ERRORS_PER_FILE || out.warnings.len() > 8 * MAX_ERRORS_PER_FILE {
        out.bound();
        if out.errors.len() == MAX_ERRORS_PER_FILE {
            *floor = out
                .errors
                .last()
                .map(|e| (e.location.line, e.location.column));
        }
    }
    *floor
}

fn str_field<'m>(m: &'m Map<String, Value>, key: &str) -> &'m str {
    m.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Compact JSON for messages, truncated as a long `kubectl` line would be unreadable: the
/// first [`MAX_JSON_IN_MESSAGE`] bytes of `v`'s, or, with root entries `measured` (not kept:
/// their key and the first bytes of their value's JSON, `yaml::Converted::measured`), of the
/// whole object's, its keys in order as a map's are.
pub(crate) fn short_json(v: &Value, measured: &[(String, JsonHead)]) -> String {
    let mut w = JsonHead::default();
    match v {
        Value::Object(m) if !measured.is_empty() => {
            let mut entries: Vec<(&String, Result<&Value, &[u8]>)> =
                m.iter().map(|(k, v)| (k, Ok(v))).collect();
            entries.extend(measured.iter().map(|(k, h)| (k, Err(h.head()))));
            crate::sort::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
            for (i, (k, v)) in entries.into_iter().enumerate() {
                w.push(if i == 0 { b"{" } else { b"," });
                w.json(k);
                w.push(b":");
                match v {
                    Ok(v) => w.json(v),
                    Err(head) => w.push(head),
                }
            }
            w.push(b"}");
        }
        _ => w.json(v),
    }
    let s = String::from_utf8_lossy(w.head());
    if w.len <= MAX_JSON_IN_MESSAGE as u64 {
        return s.into_owned();
    }
    let mut cut = MAX_JSON_IN_MESSAGE;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}...", &s[..cut])
}

/// API versions of built-in kinds that Kubernetes (up to 1.33) no longer serves:
/// `(apiVersion, kind, the version to use instead, the release that removed it)`, after the
/// Deprecated API Migration Guide (kubernetes.io/docs/reference/using-api/deprecation-guide)
/// and, for alpha versions, the release notes. A current cluster answers `no matches for kind`.
///
/// Listed per kind, not per group/version: several of these group/versions still serve newer
/// kinds (`storage.k8s.io/v1beta1 VolumeAttributesClass`, `networking.k8s.io/v1beta1
/// IPAddress`, `admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicy`,
/// `certificates.k8s.io/v1beta1 ClusterTrustBundle`, ...).
const REMOVED_APIS: &[(&str, &str, &str, &str)] = &[
    // 1.16
    ("extensions/v1beta1", "Deployment", "apps/v1", "1.16"),
    ("extensions/v1beta1", "ReplicaSet", "apps/v1", "1.16"),
    (
        "extensions/v1beta1",
        "NetworkPolicy",
        "networking.k8s.io/v1",
        "1.16",
    ),
    (
        "extensions/v1beta1",
        "PodSecurityPolicy",
        "policy/v1beta1",
        "1.16",
    ),
    ("apps/v1beta1", "Deployment", "apps/v1", "1.16"),
    ("apps/v1beta1", "StatefulSet", "apps/v1", "1.16"),
    ("apps/v1beta1", "ControllerRevision", "apps/v1", "1.16"),
    ("apps/v1beta2", "Deployment", "apps/v1", "1.16"),
    ("apps/v1beta2", "StatefulSet", "apps/v1", "1.16"),
    ("apps/v1beta2", "ReplicaSet", "apps/v1", "1.16"),
    ("apps/v1beta2", "ControllerRevision", "apps/v1", "1.16"),
    // 1.20 / 1.21 (alpha versions)
    ("settings.k8s.io/v1alpha1", "PodPreset", "(none)", "1.20"),
    ("batch/v2alpha1", "CronJob", "batch/v1", "1.21"),
    // 1.22
    (
        "admissionregistration.k8s.io/v1beta1",
        "MutatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1",
        "1.22",
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        "ValidatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1",
        "1.22",
    ),
    (
        "apiextensions.k8s.io/v1beta1",
        "CustomResourceDefinition",
        "apiextensions.k8s.io/v1",
        "1.22",
    ),
    (
        "apiregistration.k8s.io/v1beta1",
        "APIService",
        "apiregistration.k8s.io/v1",
        "1.22",
    ),
    (
        "authentication.k8s.io/v1beta1",
        "TokenReview",
        "authentication.k8s.io/v1",
        "1.22",
    ),
    (
        "authorization.k8s.io/v1beta1",
        "SubjectAccessReview",
        "authorization.k8s.io/v1",
        "1.22",
    ),
    (
        "authorization.k8s.io/v1beta1",
        "LocalSubjectAccessReview",
        "authorization.k8s.io/v1",
        "1.22",
    ),
    (
        "authorization.k8s.io/v1beta1",
        "SelfSubjectAccessReview",
        "authorization.k8s.io/v1",
        "1.22",
    ),
    (
        "certificates.k8s.io/v1beta1",
        "CertificateSigningRequest",
        "certificates.k8s.io/v1",
        "1.22",
    ),
    (
        "coordination.k8s.io/v1beta1",
        "Lease",
        "coordination.k8s.io/v1",
        "1.22",
    ),
    (
        "extensions/v1beta1",
        "Ingress",
        "networking.k8s.io/v1",
        "1.22",
    ),
    (
        "networking.k8s.io/v1beta1",
        "Ingress",
        "networking.k8s.io/v1",
        "1.22",
    ),
    (
        "networking.k8s.io/v1beta1",
        "IngressClass",
        "networking.k8s.io/v1",
        "1.22",
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRole",
        "rbac.authorization.k8s.io/v1",
        "1.22",
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRoleBinding",
        "rbac.authorization.k8s.io/v1",
        "1.22",
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "Role",
        "rbac.authorization.k8s.io/v1",
        "1.22",
    ),
    (
        "rbac.authorization.k8s.io/v1beta1",
        "RoleBinding",
        "rbac.authorization.k8s.io/v1",
        "1.22",
    ),
    (
        "rbac.authorization.k8s.io/v1alpha1",
        "ClusterRole",
        "rbac.authorization.k8s.io/v1",
        "1.22",
    ),
    (
        "rbac.authorization.k8s.io/v1alpha1",
        "ClusterRoleBinding",
        "rbac.authorization.k8s.io/v1",
        "1.22",
    ),
    (
        "rbac.authorization.k8s.io/v1alpha1",
        "Role",
        "rbac.authorization.k8s.io/v1",
        "1.22",
    ),
    (
        "rbac.authorization.k8s.io/v1alpha1",
        "RoleBinding",
        "rbac.authorization.k8s.io/v1",
        "1.22",
    ),
    (
        "scheduling.k8s.io/v1beta1",
        "PriorityClass",
        "scheduling.k8s.io/v1",
        "1.22",
    ),
    (
        "scheduling.k8s.io/v1alpha1",
        "PriorityClass",
        "scheduling.k8s.io/v1",
        "1.22",
    ),
    (
        "storage.k8s.io/v1beta1",
        "CSIDriver",
        "storage.k8s.io/v1",
        "1.22",
    ),
    (
        "storage.k8s.io/v1beta1",
        "CSINode",
        "storage.k8s.io/v1",
        "1.22",
    ),
    (
        "storage.k8s.io/v1beta1",
        "StorageClass",
        "storage.k8s.io/v1",
        "1.22",
    ),
    (
        "storage.k8s.io/v1beta1",
        "VolumeAttachment",
        "storage.k8s.io/v1",
        "1.22",
    ),
    // 1.25
    ("batch/v1beta1", "CronJob", "batch/v1", "1.25"),
    (
        "discovery.k8s.io/v1beta1",
        "EndpointSlice",
        "discovery.k8s.io/v1",
        "1.25",
    ),
    ("events.k8s.io/v1beta1", "Event", "events.k8s.io/v1", "1.25"),
    (
        "autoscaling/v2beta1",
        "HorizontalPodAutoscaler",
        "autoscaling/v2",
        "1.25",
    ),
    ("policy/v1beta1", "PodDisruptionBudget", "policy/v1", "1.25"),
    (
        "policy/v1beta1",
        "PodSecurityPolicy",
        "(none: Pod Security Admission)",
        "1.25",
    ),
    (
        "node.k8s.io/v1beta1",
        "RuntimeClass",
        "node.k8s.io/v1",
        "1.25",
    ),
    // 1.26
    (
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "FlowSchema",
        "flowcontrol.apiserver.k8s.io/v1",
        "1.26",
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "PriorityLevelConfiguration",
        "flowcontrol.apiserver.k8s.io/v1",
        "1.26",
    ),
    (
        "autoscaling/v2beta2",
        "HorizontalPodAutoscaler",
        "autoscaling/v2",
        "1.26",
    ),
    // 1.27
    (
        "storage.k8s.io/v1beta1",
        "CSIStorageCapacity",
        "storage.k8s.io/v1",
        "1.27",
    ),
    // 1.29
    (
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "FlowSchema",
        "flowcontrol.apiserver.k8s.io/v1",
        "1.29",
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "PriorityLevelConfiguration",
        "flowcontrol.apiserver.k8s.io/v1",
        "1.29",
    ),
    // 1.32
    (
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "FlowSchema",
        "flowcontrol.apiserver.k8s.io/v1",
        "1.32",
    ),
    (
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "PriorityLevelConfiguration",
        "flowcontrol.apiserver.k8s.io/v1",
        "1.32",
    ),
];

/// The hint for a built-in kind in an API version that is no longer served, if it is one.
fn removed_api_hint(kind: &str, api_version: &str) -> Option<String> {
    let (_, _, instead, release) = REMOVED_APIS
        .iter()
        .find(|(v, k, _, _)| *v == api_version && *k == kind)?;
    Some(if instead.starts_with('(') {
        format!("; {kind} in {api_version} was removed in Kubernetes {release}")
    } else {
        format!(
            "; use apiVersion: {instead} ({kind} in {api_version} was removed in Kubernetes {release})"
        )
    })
}

/// The hint appended to `no matches for kind` for the kinds the playground simulates, and
/// for built-in kinds in API versions Kubernetes no longer serves ([`REMOVED_APIS`]).
fn legacy_hint(kind: &str, api_version: &str) -> Option<String> {
    if let Some(h) = removed_api_hint(kind, api_version) {
        return Some(h);
    }
    match kind {
        "DaemonSet" => Some(match api_version {
            "extensions/v1beta1" | "apps/v1beta2" => format!(
                "; use apiVersion: apps/v1 (DaemonSet in {api_version} was removed in Kubernetes 1.16)"
            ),
            _ => "; use apiVersion: apps/v1".to_string(),
        }),
        "Node" | "Pod" => Some("; use apiVersion: v1".to_string()),
        _ => None,
    }
}

/// Whether the simulation acts on objects of this `apiVersion` and `kind`.
fn simulated(api_version: &str, kind: &str) -> bool {
    matches!(
        (api_version, kind),
        ("apps/v1", "DaemonSet") | ("v1", "Node") | ("v1", "Pod")
    )
}

/// Whether handling a document's root mapping `m` (read so far) reads more than its
/// `apiVersion`, `kind`, `metadata`, size and first bytes of JSON (`yaml::Converted::partial`):
/// an object of a kind the simulation acts on. An entry of an object whose kind or version
/// comes later is measured, and the document read again whole if it needs it.
pub(crate) fn needs_whole(m: &Map<String, Value>) -> bool {
    !m.contains_key("items") && simulated(str_field(m, "apiVersion"), str_field(m, "kind"))
}

/// Gives back the spare capacity of a decoded pod spec's vectors that can be long (a
/// container's environment, arguments, ports and mounts; the pod's containers, volumes and
/// tolerations). serde's decoder of a vector reserves at most 1 MiB up front and then
/// doubles it, so a vector of 240,000 `EnvVar`s (about 360 bytes each) holds room for
/// 370,688: 134 MB where 87 MB would do, kept for as long as the object is stored.
fn trim_pod_spec(spec: &mut PodSpec) {
    fn shrink<T>(v: &mut Vec<T>) {
        // A short vector's spare room is not worth the move.
        if v.capacity() - v.len() > 64 {
            v.shrink_to_fit();
        }
    }
    fn trim<T>(v: &mut Option<Vec<T>>) {
        if let Some(v) = v {
            shrink(v);
        }
    }
    fn container(c: &mut Container) {
        trim(&mut c.env);
        trim(&mut c.env_from);
        trim(&mut c.args);
        trim(&mut c.command);
        trim(&mut c.ports);
        trim(&mut c.volume_mounts);
    }
    spec.containers.iter_mut().for_each(container);
    if let Some(cs) = &mut spec.init_containers {
        cs.iter_mut().for_each(container);
    }
    shrink(&mut spec.containers);
    trim(&mut spec.init_containers);
    trim(&mut spec.volumes);
    trim(&mut spec.tolerations);
}

fn handle_object(raw: RawObject, out: &mut LoadOutput) {
    let RawObject {
        mut value,
        positions,
        duplicates,
        location,
        check_size,
        over_limit,
        measured,
        deferred,
        json_len,
    } = raw;
    let too_large =
        || json_len.unwrap_or_else(|| deferred.json_len(&value)) > MAX_OBJECT_BYTES as u64;
    if over_limit || (check_size && too_large()) {
        out.errors.push(LocatedError::new(
            ErrorKind::TooLarge,
            location,
            format!("Request entity too large: limit is {MAX_OBJECT_BYTES}"),
        ));
        return;
    }
    let Some(obj) = value.as_object() else {
        out.errors.push(LocatedError::new(
            ErrorKind::WrongType,
            location,
            format!(
                "couldn't get version/kind; json parse error: json: cannot unmarshal {} into Go value of type struct {{ APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }}",
                json_kind(&value)
            ),
        ));
        return;
    };
    let kind = str_field(obj, "kind").to_string();
    let api_version = str_field(obj, "apiVersion").to_string();
    let meta = obj.get("metadata").and_then(Value::as_object);
    let name = meta
        .map(|m| str_field(m, "name"))
        .unwrap_or_default()
        .to_string();
    let namespace = meta
        .map(|m| str_field(m, "namespace"))
        .unwrap_or_default()
        .to_string();
    if kind.is_empty() || api_version.is_empty() {
        // The message shows the object's JSON.
        deferred.restore(&mut value);
    }
    if kind.is_empty() {
        out.errors.push(LocatedError::new(
            ErrorKind::MissingKind,
            location,
            format!(
                "Object 'Kind' is missing in '{}'",
                short_json(&value, &measured)
            ),
        ));
        return;
    }
    if api_version.is_empty() {
        out.errors.push(
            LocatedError::new(
                ErrorKind::MissingVersion,
                location,
                format!(
                    "Object 'apiVersion' is missing in '{}'",
                    short_json(&value, &measured)
                ),
            )
            .with_object(ObjectRef {
                kind,
                namespace,
                name,
            }),
        );
        return;
    }
    let object_ref = ObjectRef {
        kind: kind.clone(),
        namespace: namespace.clone(),
        name: name.clone(),
    };
    if !simulated(&api_version, &kind) {
        if let Some(hint) = legacy_hint(&kind, &api_version) {
            out.errors.push(
                LocatedError::new(
                    ErrorKind::UnknownKind,
                    positions.locate("apiVersion").unwrap_or_else(|| location.clone()),
                    format!(
                        "resource mapping not found for name: \"{name}\" namespace: \"{namespace}\" from \"{}\": no matches for kind \"{kind}\" in version \"{api_version}\"{hint}",
                        location.file
                    ),
                )
                .with_object(object_ref),
            );
        } else {
            out.not_simulated.push(NotSimulated {
                api_version,
                kind,
                name,
                location,
            });
        }
        return;
    }
    let index = positions;
    // Repeated keys: kubectl's YAML-to-JSON step keeps the last value without a word (see
    // `LoadOutput::warnings`); the playground says so, and goes on.
    for d in &duplicates {
        out.warnings.push(
            LocatedError::new(
                ErrorKind::DuplicateKey,
                d.location.clone(),
                format!(
                    "duplicate field \"{}\": the last value is used (kubectl keeps it silently)",
                    d.path
                ),
            )
            .with_object(object_ref.clone())
            .with_field(d.path.clone()),
        );
    }
    let mut problems: Vec<FieldProblem> = Vec::new();
    let selector_present = value
        .get("spec")
        .and_then(|s| s.get("selector"))
        .is_some_and(|s| !s.is_null());
    prepare_for_go_decoding(&mut value);
    // The decoded-size bounds: the object's own, and what is left of the file's (a
    // DaemonSet counts twice: `MAX_FILE_DECODED_BYTES`).
    let copies = if kind == "DaemonSet" { 2 } else { 1 };
    let workload = kind != "Node";
    let room = MAX_FILE_DECODED_BYTES.saturating_sub(out.decoded_bytes) / copies;
    let workload_room = if workload {
        MAX_FILE_WORKLOAD_BYTES.saturating_sub(out.workload_bytes) / copies
    } else {
        u64::MAX
    };
    let limit = MAX_OBJECT_DECODED_BYTES.min(room).min(workload_room);
    let decoded = match kind.as_str() {
        "DaemonSet" => decode_strict_within::<DaemonSet>(&value, &kind, &deferred, Some(limit))
            .map(|d| typed(d, ApiObject::DaemonSet)),
        "Node" => decode_strict_within::<Node>(&value, &kind, &deferred, Some(limit))
            .map(|d| typed(d, ApiObject::Node)),
        _ => decode_strict_within::<Pod>(&value, &kind, &deferred, Some(limit))
            .map(|d| typed(d, ApiObject::Pod)),
    };
    let Decoded {
        object,
        problems: decode_problems,
        weight,
    } = match decoded {
        Ok(d) => d,
        Err(at) => {
            let at = if at.is_empty() {
                String::new()
            } else {
                format!(" at {at}")
            };
            let message = if limit == MAX_OBJECT_DECODED_BYTES {
                format!(
                    "etcdserver: request is too large: the playground keeps an object only if it takes at most {} MiB once decoded, and this one passes it{at}",
                    MAX_OBJECT_DECODED_BYTES >> 20
                )
            } else if limit == room {
                format!(
                    "etcdserver: mvcc: database space exceeded: the playground keeps at most {} MiB of decoded objects from one file, and this one would pass it{at}",
                    MAX_FILE_DECODED_BYTES >> 20
                )
            } else {
                format!(
                    "etcdserver: mvcc: database space exceeded: the playground keeps at most {} MiB of decoded Pods and DaemonSets from one file (a DaemonSet counts twice), and this one would pass it{at}",
                    MAX_FILE_WORKLOAD_BYTES >> 20
                )
            };
            out.errors.push(
                LocatedError::new(ErrorKind::TooLarge, location, message).with_object(object_ref),
            );
            return;
        }
    };
    let weight = weight.saturating_mul(copies);
    drop(value);
    problems.extend(decode_problems);
    let object = object.map(|o| match o {
        ApiObject::DaemonSet(mut ds) => {
            if let Some(spec) = ds.spec.template.spec.as_ref() {
                pod_spec_quantity_problems(spec, "spec.template.spec", &mut problems);
            }
            if let Some(spec) = &mut ds.spec.template.spec {
                trim_pod_spec(spec);
            }
            defaults::set_defaults_daemon_set(&mut ds);
            let errs = validate::validate_daemon_set(&ds, selector_present);
            (ApiObject::DaemonSet(ds), errs)
        }
        ApiObject::Node(mut n) => {
            if let Some(status) = n.status.as_ref() {
                quantity_map_problems(status.capacity.as_ref(), "status.capacity", &mut problems);
                quantity_map_problems(
                    status.allocatable.as_ref(),
                    "status.allocatable",
                    &mut problems,
                );
            }
            defaults::set_defaults_node(&mut n);
            let errs = validate::validate_node(&n);
            (ApiObject::Node(n), errs)
        }
        ApiObject::Pod(mut pod) => {
            if let Some(spec) = pod.spec.as_ref() {
                pod_spec_quantity_problems(spec, "spec", &mut problems);
            }
            if let Some(spec) = &mut pod.spec {
                trim_pod_spec(spec);
            }
            defaults::set_defaults_pod(&mut pod);
            let errs = validate::validate_pod(&pod);
            (ApiObject::Pod(pod), errs)
        }
    });
    if !problems.is_empty() {
        let locator = index.locator();
        for p in problems {
            let location = (p.location)
                .unwrap_or_else(|| locator.locate(&p.path).unwrap_or_else(|| location.clone()));
            let mut e =
                LocatedError::new(p.kind, location, p.message).with_object(object_ref.clone());
            if !p.path.is_empty() {
                e = e.with_field(p.path);
            }
            out.errors.push(e);
        }
        return;
    }
    let Some((object, field_errors)) = object else {
        return;
    };
    if !field_errors.is_empty() {
        push_field_errors(&field_errors, &index, &location, &object_ref, out);
        return;
    }
    out.decoded_bytes = out.decoded_bytes.saturating_add(weight);
    if workload {
        out.workload_bytes = out.workload_bytes.saturating_add(weight);
    }
    out.objects.push(LoadedObject {
        object,
        location,
        positions: index,
    });
}

/// A decoded object of one kind as an [`ApiObject`] (`wrap`: its variant).
fn typed<T>(d: Decoded<T>, wrap: fn(Box<T>) -> ApiObject) -> Decoded<ApiObject> {
    Decoded {
        object: d.object.map(|o| wrap(Box::new(o))),
        problems: d.problems,
        weight: d.weight,
    }
}

/// The length of `value`'s compact JSON (what `serde_json::to_writer` writes), not written.
/// The API server's request-body limit is measured so, per object: kubectl sends each
/// object (each `List` item too) as its own JSON request.
pub(crate) fn json_len<T: serde::Serialize + ?Sized>(value: &T) -> u64 {
    let mut count = JsonHead::default();
    count.json(value);
    count.len
}

/// The bytes of JSON [`JsonHead`] keeps: a message's [`MAX_JSON_IN_MESSAGE`] and the rest of
/// the character at its end.
const HEAD_BYTES: usize = MAX_JSON_IN_MESSAGE + 4;

/// Compact JSON written in pieces, counted, and its first bytes kept (enough for the JSON a
/// message shows, [`short_json`]; the rest is not written anywhere). Nothing is allocated: a
/// large value written here is freed as if it had not been.
#[derive(Debug)]
pub(crate) struct JsonHead {
    /// The length of all that was written.
    pub len: u64,
    head: [u8; HEAD_BYTES],
}

impl Default for JsonHead {
    fn default() -> Self {
        JsonHead {
            len: 0,
            head: [0; HEAD_BYTES],
        }
    }
}

impl JsonHead {
    /// The first bytes written.
    pub(crate) fn head(&self) -> &[u8] {
        let kept = usize::try_from(self.len)
            .unwrap_or(HEAD_BYTES)
            .min(HEAD_BYTES);
        self.head.get(..kept).unwrap_or_default()
    }

    /// Writes `bytes`.
    pub(crate) fn push(&mut self, bytes: &[u8]) {
        let at = usize::try_from(self.len)
            .unwrap_or(HEAD_BYTES)
            .min(HEAD_BYTES);
        let n = bytes.len().min(HEAD_BYTES - at);
        if let (Some(to), Some(from)) = (self.head.get_mut(at..at + n), bytes.get(..n)) {
            to.copy_from_slice(from);
        }
        self.len = self.len.saturating_add(bytes.len() as u64);
    }

    /// Writes `value`'s compact JSON.
    pub(crate) fn json<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        // Writing here cannot fail, nor can serializing a `Value` or a string.
        let _ = serde_json::to_writer(self, value);
    }
}

impl std::io::Write for JsonHead {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.push(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One [`LocatedError`] per field error, located at the field (or its nearest ancestor).
pub(crate) fn push_field_errors(
    errors: &[FieldError],
    index: &PositionIndex,
    fallback: &Location,
    object_ref: &ObjectRef,
    out: &mut LoadOutput,
) {
    let locator = index.locator();
    for e in errors {
        let location = locator.locate(&e.path).unwrap_or_else(|| fallback.clone());
        out.errors.push(
            LocatedError::new(ErrorKind::Field(e.error_type), location, e.to_string())
                .with_object(object_ref.clone())
                .with_field(e.path.clone()),
        );
    }
}

/// What Go's `encoding/json` accepts and serde would not: JSON numbers for
/// `resource.Quantity` (`cpu: 1`), and `null` for one (the zero quantity). Other nulls stay:
/// [`GoNull`](super::go_null::GoNull) reads them as Go does, and an unknown field whose value is
/// `null` is still reported.
pub(crate) fn prepare_for_go_decoding(v: &mut Value) {
    prepare_walk(v, "", 0);
}

/// [`prepare_for_go_decoding`] of `v`, the value (or an item of the value) of `parent_key`:
/// an item of a deferred sequence ([`Deferrals`]), prepared as it is read.
pub(crate) fn prepare_at(v: &mut Value, parent_key: &str) {
    prepare_walk(v, parent_key, 0);
}

fn prepare_walk(v: &mut Value, parent_key: &str, depth: usize) {
    if depth > super::yaml::MAX_DEPTH + 8 {
        return;
    }
    match v {
        Value::Object(m) => {
            let quantities = matches!(
                parent_key,
                "limits" | "requests" | "capacity" | "allocatable" | "overhead"
            );
            for (k, child) in m.iter_mut() {
                if quantities {
                    match &*child {
                        Value::Number(n) => *child = Value::String(n.to_string()),
                        Value::Null => *child = Value::String("0".to_string()),
                        _ => {}
                    }
                    if child.is_string() {
                        continue;
                    }
                }
                if k == "sizeLimit" {
                    if let Value::Number(n) = &*child {
                        *child = Value::String(n.to_string());
                        continue;
                    }
                }
                prepare_walk(child, k, depth + 1);
            }
        }
        Value::Array(items) => {
            for item in items {
                prepare_walk(item, parent_key, depth + 1);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_from_numbers_and_nulls_kept() {
        let mut v = serde_json::json!({"spec": {"containers": [{"resources": {"limits": {"cpu": 1, "memory": "1Gi", "x": null}}, "env": null}]}});
        prepare_for_go_decoding(&mut v);
        assert_eq!(
            v,
            serde_json::json!({"spec": {"containers": [{"resources": {"limits": {"cpu": "1", "memory": "1Gi", "x": "0"}}, "env": null}]}})
        );
    }

    #[test]
    fn request_size_is_the_json_size() {
        let small = serde_json::json!({"a": "b\n", "c": [1, null]});
        assert_eq!(
            json_len(&small),
            serde_json::to_string(&small).unwrap().len() as u64
        );
        assert_eq!(json_len("a\"b"), 6);
        let big = serde_json::json!({"a": "x".repeat(MAX_OBJECT_BYTES)});
        assert!(json_len(&big) > MAX_OBJECT_BYTES as u64);
    }

    /// A file's decoded objects are bounded as a whole (`MAX_FILE_DECODED_BYTES`), Nodes
    /// included (100,000 Nodes take about 165 MB), and its Pods and DaemonSets apart
    /// (`MAX_FILE_WORKLOAD_BYTES`), which Nodes do not count in.
    #[test]
    fn a_files_decoded_objects_are_bounded() {
        let node = |name: &str| RawObject {
            value: serde_json::json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": name}}),
            positions: PositionIndex::default(),
            duplicates: Vec::new(),
            location: Location {
                file: "n.yaml".into(),
                line: 7,
                column: 1,
            },
            check_size: false,
            over_limit: false,
            measured: Vec::new(),
            deferred: Deferrals::default(),
            json_len: None,
        };
        let mut out = LoadOutput::default();
        handle_object(node("a"), &mut out);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let one = out.decoded_bytes;
        assert!(one > std::mem::size_of::<Node>() as u64, "{one}");
        assert_eq!(out.workload_bytes, 0);

        // Nodes are not a workload: a full workload bound leaves room for them.
        out.workload_bytes = MAX_FILE_WORKLOAD_BYTES;
        handle_object(node("b"), &mut out);
        assert_eq!((out.objects.len(), out.decoded_bytes), (2, 2 * one));

        // The file's bound: the Node that would pass it is refused at its document.
        out.decoded_bytes = MAX_FILE_DECODED_BYTES - one + 1;
        handle_object(node("c"), &mut out);
        assert_eq!(out.objects.len(), 2);
        let e = out.errors.pop().unwrap();
        assert_eq!(e.kind, ErrorKind::TooLarge);
        assert_eq!(e.location.line, 7);
        assert_eq!(e.object.as_ref().map(|o| o.name.as_str()), Some("c"));
        assert!(
            e.message.starts_with("etcdserver: mvcc: database space exceeded: the playground keeps at most 192 MiB of decoded objects from one file, and this one would pass it"),
            "{}",
            e.message
        );
        out.decoded_bytes = MAX_FILE_DECODED_BYTES - one;
        handle_object(node("d"), &mut out);
        assert_eq!(
            (out.objects.len(), out.decoded_bytes),
            (3, MAX_FILE_DECODED_BYTES)
        );
    }
}
