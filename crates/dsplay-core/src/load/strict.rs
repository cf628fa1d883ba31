//! Strict decoding into the real API types, as the API server does with
//! `fieldValidation=Strict` (KEP-2885, the default of `kubectl apply` since 1.25/1.27).
//!
//! Known fields are exactly the fields of the k8s-openapi types: every field their
//! `Deserialize` impls ignore is reported with its path (as `serde_ignored` would), and becomes
//! `strict decoding error: unknown field "<path>"`. Type errors come with their path (as
//! `serde_path_to_error` would give it; both are traced by `go_null::Tracked`) and are
//! rewritten in `encoding/json`'s words (`json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string`).

use super::go_null::{Deferrals, GoNull, Step, Trace, Tracked};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A decoding problem at a field path (Kubernetes notation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldProblem {
    /// What kind of problem.
    pub kind: crate::location::ErrorKind,
    /// `spec.template.spec.containers[0].image`; empty for the object itself.
    pub path: String,
    /// The message, in the API server's words.
    pub message: String,
    /// Where, when known better than by `path` (the second of two duplicate keys).
    pub location: Option<crate::location::Location>,
}

/// Decodes `value` (its long sequences in `deferred`) into `T`, strictly. Returns the object
/// when it decoded (even with unknown fields, which are reported separately) and all
/// problems found.
#[cfg(test)]
pub(crate) fn decode_strict<T: DeserializeOwned>(
    value: &Value,
    kind: &str,
    deferred: &Deferrals,
) -> (Option<T>, Vec<FieldProblem>) {
    match decode_strict_within::<T>(value, kind, deferred, None) {
        Ok(d) => (d.object, d.problems),
        Err(_) => (None, Vec::new()),
    }
}

/// What [`decode_strict_within`] made: [`decode_strict`]'s answer and the bytes the decoded
/// object takes (`go_null::Trace::weigh`: its type's size, and what its vectors, maps and
/// strings hold).
pub(crate) struct Decoded<T> {
    pub object: Option<T>,
    pub problems: Vec<FieldProblem>,
    pub weight: u64,
}

/// [`decode_strict`], stopped as soon as the decoded object would take more than `limit`
/// bytes (none made past it): `Err` with the path of the value where it stopped
/// (`spec.template.spec.containers[0].env[45000]`).
///
/// The one decoder of the API types ([`Tracked`]: Go's `null`, unknown fields, the error's
/// path and the decoded size): every decode of an API type goes through it, so each type's
/// `Deserialize` is compiled once (the web bundle's size).
pub(crate) fn decode_strict_within<T: DeserializeOwned>(
    value: &Value,
    kind: &str,
    deferred: &Deferrals,
    limit: Option<u64>,
) -> Result<Decoded<T>, String> {
    let trace = Trace {
        deferred: Some(deferred),
        limit,
        ..Trace::default()
    };
    let result = trace
        .weigh(super::go_null::laid_out::<T>(), &Step::Root)
        .and_then(|()| T::deserialize(Tracked::root(value, Some(&trace))));
    let segments = trace.error_at.take().unwrap_or_default();
    if trace.passed_limit() {
        return Err(format_segments(&segments));
    }
    let mut problems: Vec<FieldProblem> = trace
        .unknown
        .take()
        .into_iter()
        .map(|path| FieldProblem {
            kind: crate::location::ErrorKind::UnknownField,
            message: format!("strict decoding error: unknown field \"{path}\""),
            path,
            location: None,
        })
        .collect();
    let object = match result {
        Ok(v) => Some(v),
        Err(e) => {
            let path = format_segments(&segments);
            let message = go_unmarshal_error(kind, &segments, &e.to_string());
            problems.push(FieldProblem {
                kind: crate::location::ErrorKind::WrongType,
                path,
                message,
                location: None,
            });
            None
        }
    };
    Ok(Decoded {
        object,
        problems,
        weight: trace.weight.get(),
    })
}

/// Decodes `value` into `T` leniently (unknown fields ignored), with the same decoder as
/// [`decode_strict`] (Go's reading of `null` included); the error is serde's message.
pub(crate) fn decode_lenient<T: DeserializeOwned>(value: &Value) -> Result<T, String> {
    T::deserialize(GoNull(value)).map_err(|e| e.to_string())
}

/// `resource.Quantity.UnmarshalJSON` → `ParseQuantity`: the decoding error for a quantity
/// string that does not parse (surrounding spaces are trimmed first, as Go does), `None` for a
/// valid one. The object is then refused as a whole, before validation.
pub(crate) fn quantity_error(text: &str) -> Option<&'static str> {
    const FORMAT_WRONG: &str =
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    let t = text.trim();
    if crate::quantity::parse_milli(t).is_some() {
        return None;
    }
    // `splitREString`: ^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$
    let b = t.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let num_start = i;
    while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
        i += 1;
    }
    let num_ok = i > num_start;
    while b.get(i).is_some_and(|c| b"eEinumkKMGTP".contains(c)) {
        i += 1;
    }
    if matches!(b.get(i), Some(b'+' | b'-')) {
        i += 1;
    }
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if !num_ok || i != b.len() {
        return Some(FORMAT_WRONG);
    }
    let digits = t.get(num_start..).unwrap_or_default();
    let num_end = digits
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(digits.len());
    if digits
        .get(..num_end)
        .is_some_and(|n| n.matches('.').count() > 1 || n == ".")
    {
        return Some("unable to parse numeric part of quantity");
    }
    Some("unable to parse quantity's suffix")
}

/// The quantity decoding errors of one `ResourceList`-like map at `path` (`path.cpu`).
pub(crate) fn quantity_map_problems(
    map: Option<
        &std::collections::BTreeMap<
            String,
            k8s_openapi::apimachinery::pkg::api::resource::Quantity,
        >,
    >,
    path: &str,
    out: &mut Vec<FieldProblem>,
) {
    for (k, q) in map.into_iter().flatten() {
        if let Some(msg) = quantity_error(&q.0) {
            out.push(FieldProblem {
                kind: crate::location::ErrorKind::Field(super::validate::ErrorType::Invalid),
                path: format!("{path}.{k}"),
                message: msg.to_string(),
                location: None,
            });
        }
    }
}

/// The quantity decoding errors of a pod spec (`resources.limits` / `requests` of every kind
/// of container, `overhead`, `emptyDir.sizeLimit`), at field paths (`x.limits.cpu`).
pub(crate) fn pod_spec_quantity_problems(
    spec: &k8s_openapi::api::core::v1::PodSpec,
    path: &str,
    out: &mut Vec<FieldProblem>,
) {
    use std::collections::BTreeMap;
    let lists = [
        ("containers", Some(spec.containers.as_slice())),
        ("initContainers", spec.init_containers.as_deref()),
    ];
    for (field, list) in lists {
        for (i, c) in list.into_iter().flatten().enumerate() {
            if let Some(r) = &c.resources {
                let rp = format!("{path}.{field}[{i}].resources");
                quantity_map_problems(r.limits.as_ref(), &format!("{rp}.limits"), out);
                quantity_map_problems(r.requests.as_ref(), &format!("{rp}.requests"), out);
            }
        }
    }
    quantity_map_problems(spec.overhead.as_ref(), &format!("{path}.overhead"), out);
    for (i, v) in spec.volumes.iter().flatten().enumerate() {
        if let Some(q) = v.empty_dir.as_ref().and_then(|e| e.size_limit.as_ref()) {
            let one = BTreeMap::from([("sizeLimit".to_string(), q.clone())]);
            quantity_map_problems(Some(&one), &format!("{path}.volumes[{i}].emptyDir"), out);
        }
    }
}

/// A path segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Field(String),
    Index(usize),
}

/// `spec.containers[0].name`.
pub(crate) fn format_segments(segs: &[Seg]) -> String {
    let mut s = String::new();
    for seg in segs {
        match seg {
            Seg::Field(f) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(f);
            }
            Seg::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }
    s
}

/// Fields whose value is a Go map: their keys are not part of Go's error field path.
const MAP_FIELDS: &[&str] = &[
    "labels",
    "annotations",
    "nodeSelector",
    "matchLabels",
    "limits",
    "requests",
    "capacity",
    "allocatable",
    "overhead",
    "data",
    "stringData",
    "binaryData",
    "volumeAttributes",
    "parameters",
    "claims",
];

/// Rewrites a serde error in `encoding/json`'s words:
/// `json: cannot unmarshal <json type> into Go struct field <Struct>.<path> of type <go type>`.
pub(crate) fn go_unmarshal_error(kind: &str, segs: &[Seg], serde_msg: &str) -> String {
    // The Go field path: dotted JSON names, no indices, no map keys.
    let mut go_path: Vec<&str> = Vec::new();
    let mut last_struct_parent: Vec<&str> = Vec::new();
    let mut prev_field: Option<&str> = None;
    let mut field_is_map_key = false;
    for seg in segs {
        if let Seg::Field(f) = seg {
            if prev_field.is_some_and(|p| MAP_FIELDS.contains(&p)) && !field_is_map_key {
                field_is_map_key = true;
                prev_field = Some(f);
                continue;
            }
            field_is_map_key = false;
            last_struct_parent = go_path.clone();
            go_path.push(f);
            prev_field = Some(f);
        }
    }
    // `metav1.Time.UnmarshalJSON`'s own error (`time.Parse`'s, from k8s-openapi's timestamps:
    // crates/jiff-lite), which `encoding/json` returns as it is.
    if serde_msg.starts_with("parsing time ") {
        return serde_msg.to_string();
    }
    let struct_name = go_struct_name(kind, &last_struct_parent);
    let (found, expected) = parse_serde_type_error(serde_msg);
    let Some(found) = found else {
        return format!("json: {serde_msg}");
    };
    let go_type = go_type_name(&expected, go_path.last().copied().unwrap_or_default());
    if go_path.is_empty() {
        return format!("json: cannot unmarshal {found} into Go value of type {go_type}");
    }
    format!(
        "json: cannot unmarshal {found} into Go struct field {struct_name}.{} of type {go_type}",
        go_path.join(".")
    )
}

/// `(json kind, expected)` from `invalid type: integer `1`, expected a string`.
fn parse_serde_type_error(msg: &str) -> (Option<String>, String) {
    let (rest, is_value) = if let Some(r) = msg.strip_prefix("invalid type: ") {
        (r, false)
    } else if let Some(r) = msg.strip_prefix("invalid value: ") {
        (r, true)
    } else {
        return (None, String::new());
    };
    let Some((unexp, expected)) = rest.split_once(", expected ") else {
        return (None, String::new());
    };
    let word = unexp.split(' ').next().unwrap_or_default();
    let json_kind = match word {
        "integer" | "floating" => "number",
        "boolean" => "bool",
        "string" => "string",
        "map" => "object",
        "sequence" => "array",
        "null" | "unit" => "null",
        _ => return (None, String::new()),
    };
    let found = if is_value && json_kind == "number" {
        // Go prints the literal for out-of-range numbers: `number 3000000000`.
        let lit = unexp
            .split('`')
            .nth(1)
            .map(str::to_string)
            .unwrap_or_default();
        format!("number {lit}")
    } else if is_value {
        // Values of the right JSON type but refused by the type itself (enum-like strings,
        // times): keep serde's words.
        return (None, String::new());
    } else {
        json_kind.to_string()
    };
    (Some(found), expected.to_string())
}

fn go_type_name(expected: &str, field: &str) -> String {
    match expected {
        "a string" => "string".to_string(),
        "a boolean" => "bool".to_string(),
        "i8" | "i16" | "i32" | "i64" => format!("int{}", &expected[1..]),
        "u8" | "u16" | "u32" | "u64" => format!("uint{}", &expected[1..]),
        "f32" | "f64" => format!("float{}", &expected[1..]),
        "a map"
            if matches!(
                field,
                "limits" | "requests" | "capacity" | "allocatable" | "overhead"
            ) =>
        {
            "v1.ResourceList".to_string()
        }
        "a map" => "map[string]string".to_string(),
        "a sequence" | "a list" => match list_elem(field) {
            Some(t) => format!("[]v1.{t}"),
            None => "[]string".to_string(),
        },
        "IntOrString" | "an integer or a string" => "intstr.IntOrString".to_string(),
        "a quantity" | "Quantity" => "resource.Quantity".to_string(),
        other if other.chars().next().is_some_and(char::is_uppercase) => format!("v1.{other}"),
        other => other.to_string(),
    }
}

fn list_elem(field: &str) -> Option<&'static str> {
    Some(match field {
        "containers" | "initContainers" => "Container",
        "ephemeralContainers" => "EphemeralContainer",
        "ports" => "ContainerPort",
        "env" => "EnvVar",
        "envFrom" => "EnvFromSource",
        "volumes" => "Volume",
        "volumeMounts" => "VolumeMount",
        "tolerations" => "Toleration",
        "taints" => "Taint",
        "matchExpressions" => "LabelSelectorRequirement",
        "nodeSelectorTerms" => "NodeSelectorTerm",
        "ownerReferences" => "OwnerReference",
        "addresses" => "NodeAddress",
        "conditions" => "NodeCondition",
        "imagePullSecrets" => "LocalObjectReference",
        "hostAliases" => "HostAlias",
        "matchFields" => "NodeSelectorRequirement",
        "preferredDuringSchedulingIgnoredDuringExecution" => "PreferredSchedulingTerm",
        "topologySpreadConstraints" => "TopologySpreadConstraint",
        "volumeDevices" => "VolumeDevice",
        "sources" => "VolumeProjection",
        "items" => "KeyToPath",
        "sysctls" => "Sysctl",
        "readinessGates" => "PodReadinessGate",
        "httpHeaders" => "HTTPHeader",
        "managedFields" => "ManagedFieldsEntry",
        "images" => "ContainerImage",
        _ => return None,
    })
}

/// The Go struct that holds the last field of `parent` (a Go field path without it), by the
/// JSON name of the field that holds that struct and, where one name holds different
/// structs, by where it is (`configMap` in a volume or in a projection, `securityContext` of
/// a pod or of a container, `requiredDuringScheduling...` of node or pod affinity).
fn go_struct_name(kind: &str, parent: &[&str]) -> String {
    let Some(last) = parent.last() else {
        return kind.to_string();
    };
    let grand = parent
        .len()
        .checked_sub(2)
        .and_then(|i| parent.get(i))
        .copied()
        .unwrap_or_default();
    let inside = |name: &str| parent.contains(&name);
    let in_container =
        inside("containers") || inside("initContainers") || inside("ephemeralContainers");
    let in_projection = inside("sources");
    let name = match *last {
        // Objects and their parts.
        "metadata" => "ObjectMeta",
        "ownerReferences" => "OwnerReference",
        "managedFields" => "ManagedFieldsEntry",
        "spec" if grand == "template" => "PodSpec",
        "spec" if grand == "volumeClaimTemplate" => "PersistentVolumeClaimSpec",
        "spec" => match kind {
            "DaemonSet" => "DaemonSetSpec",
            "Node" => "NodeSpec",
            _ => "PodSpec",
        },
        "status" => match kind {
            "DaemonSet" => "DaemonSetStatus",
            "Node" => "NodeStatus",
            _ => "PodStatus",
        },
        "template" => "PodTemplateSpec",
        "updateStrategy" => "DaemonSetUpdateStrategy",
        "rollingUpdate" => "RollingUpdateDaemonSet",
        // Label selectors.
        "selector" | "labelSelector" | "namespaceSelector" => "LabelSelector",
        "matchExpressions" if inside("nodeSelectorTerms") || inside("preference") => {
            "NodeSelectorRequirement"
        }
        "matchExpressions" => "LabelSelectorRequirement",
        "matchFields" => "NodeSelectorRequirement",
        // Containers.
        "containers" | "initContainers" => "Container",
        "ephemeralContainers" => "EphemeralContainer",
        "ports" => "ContainerPort",
        "env" => "EnvVar",
        "envFrom" => "EnvFromSource",
        "valueFrom" => "EnvVarSource",
        "fieldRef" => "ObjectFieldSelector",
        "resourceFieldRef" => "ResourceFieldSelector",
        "configMapKeyRef" => "ConfigMapKeySelector",
        "secretKeyRef" => "SecretKeySelector",
        "configMapRef" => "ConfigMapEnvSource",
        "secretRef" if grand == "envFrom" => "SecretEnvSource",
        "resources" if inside("volumeClaimTemplate") => "VolumeResourceRequirements",
        "resources" => "ResourceRequirements",
        "claims" => "ResourceClaim",
        "volumeMounts" => "VolumeMount",
        "volumeDevices" => "VolumeDevice",
        "resizePolicy" => "ContainerResizePolicy",
        "livenessProbe" | "readinessProbe" | "startupProbe" => "Probe",
        "httpGet" => "HTTPGetAction",
        "httpHeaders" => "HTTPHeader",
        "tcpSocket" => "TCPSocketAction",
        "grpc" => "GRPCAction",
        "exec" => "ExecAction",
        "sleep" => "SleepAction",
        "lifecycle" => "Lifecycle",
        "postStart" | "preStop" => "LifecycleHandler",
        "securityContext" if in_container => "SecurityContext",
        "securityContext" => "PodSecurityContext",
        "capabilities" => "Capabilities",
        "seLinuxOptions" => "SELinuxOptions",
        "seccompProfile" => "SeccompProfile",
        "appArmorProfile" => "AppArmorProfile",
        "windowsOptions" => "WindowsSecurityContextOptions",
        "sysctls" => "Sysctl",
        // Scheduling.
        "tolerations" => "Toleration",
        "affinity" => "Affinity",
        "nodeAffinity" => "NodeAffinity",
        "podAffinity" => "PodAffinity",
        "podAntiAffinity" => "PodAntiAffinity",
        "requiredDuringSchedulingIgnoredDuringExecution" if grand == "nodeAffinity" => {
            "NodeSelector"
        }
        "requiredDuringSchedulingIgnoredDuringExecution" | "podAffinityTerm" => "PodAffinityTerm",
        "preferredDuringSchedulingIgnoredDuringExecution" if grand == "nodeAffinity" => {
            "PreferredSchedulingTerm"
        }
        "preferredDuringSchedulingIgnoredDuringExecution" => "WeightedPodAffinityTerm",
        "nodeSelectorTerms" | "preference" => "NodeSelectorTerm",
        "topologySpreadConstraints" => "TopologySpreadConstraint",
        "dnsConfig" => "PodDNSConfig",
        "options" if grand == "dnsConfig" => "PodDNSConfigOption",
        "hostAliases" => "HostAlias",
        "readinessGates" => "PodReadinessGate",
        "schedulingGates" => "PodSchedulingGate",
        "os" => "PodOS",
        "imagePullSecrets" | "nodePublishSecretRef" => "LocalObjectReference",
        // Volumes.
        "volumes" => "Volume",
        "hostPath" => "HostPathVolumeSource",
        "emptyDir" => "EmptyDirVolumeSource",
        "configMap" if in_projection => "ConfigMapProjection",
        "configMap" => "ConfigMapVolumeSource",
        "secret" if in_projection => "SecretProjection",
        "secret" => "SecretVolumeSource",
        "downwardAPI" if in_projection => "DownwardAPIProjection",
        "downwardAPI" => "DownwardAPIVolumeSource",
        "items" if inside("downwardAPI") => "DownwardAPIVolumeFile",
        "items" => "KeyToPath",
        "projected" => "ProjectedVolumeSource",
        "sources" => "VolumeProjection",
        "serviceAccountToken" => "ServiceAccountTokenProjection",
        "clusterTrustBundle" => "ClusterTrustBundleProjection",
        "persistentVolumeClaim" => "PersistentVolumeClaimVolumeSource",
        "ephemeral" => "EphemeralVolumeSource",
        "volumeClaimTemplate" => "PersistentVolumeClaimTemplate",
        "csi" => "CSIVolumeSource",
        "nfs" => "NFSVolumeSource",
        "gcePersistentDisk" => "GCEPersistentDiskVolumeSource",
        "awsElasticBlockStore" => "AWSElasticBlockStoreVolumeSource",
        "image" if grand == "volumes" => "ImageVolumeSource",
        // Nodes.
        "taints" => "Taint",
        "addresses" => "NodeAddress",
        "conditions" => "NodeCondition",
        "nodeInfo" => "NodeSystemInfo",
        "daemonEndpoints" => "NodeDaemonEndpoints",
        "kubeletEndpoint" => "DaemonEndpoint",
        "images" => "ContainerImage",
        "configSource" => "NodeConfigSource",
        "volumesAttached" => "AttachedVolume",
        other => {
            // `other` is a field the decoder descended into: a field of an API type, so ASCII
            // (map keys are skipped above, and no map here holds structs). ASCII case mapping
            // also keeps char::to_uppercase's Unicode table (12 KB) out of the web bundle.
            let mut c = other.chars();
            return match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => kind.to_string(),
            };
        }
    };
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::apps::v1::DaemonSet;
    use serde_json::json;

    /// What a decoded Pod weighs: its type's size, each item of its vectors at its type's
    /// size, each map entry at its key's and value's, and each string's allocation.
    #[test]
    fn a_decoded_object_weighs_its_types_and_texts() {
        use k8s_openapi::api::core::v1::{Container, EnvVar, Pod};
        use std::mem::size_of;
        let env: Vec<Value> = (0..1000).map(|_| json!({"name": "ab"})).collect();
        let v = json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "p", "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "c", "image": "img", "env": env}]},
        });
        let d = decode_strict_within::<Pod>(&v, "Pod", &Deferrals::default(), None).unwrap();
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        // Each string as glibc allocates it: 32 bytes up to 24 bytes of text.
        let texts = ["v1", "Pod", "p", "web", "c", "img"].len() * 32;
        let want = size_of::<Pod>()
            + size_of::<(String, String)>()
            + 32
            + size_of::<Container>()
            + 1000 * (size_of::<EnvVar>() + 32)
            + texts;
        assert_eq!(d.weight, want as u64);

        // Bounded: stopped at the item that passes it, the object not made.
        let limit = Some(want as u64 - 100);
        let at = decode_strict_within::<Pod>(&v, "Pod", &Deferrals::default(), limit).err();
        assert_eq!(at.as_deref(), Some("spec.containers[0].env[999]"));
        let limit = Some(size_of::<Pod>() as u64 - 1);
        let at = decode_strict_within::<Pod>(&v, "Pod", &Deferrals::default(), limit).err();
        assert_eq!(at.as_deref(), Some(""));
        let limit = Some(want as u64);
        assert!(decode_strict_within::<Pod>(&v, "Pod", &Deferrals::default(), limit).is_ok());
    }

    fn ds(spec: Value) -> Value {
        json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "x"}, "spec": spec})
    }

    #[test]
    fn unknown_fields_are_named_by_path() {
        let v = ds(json!({"selector": {"matchLabel": {"a": "b"}},
            "template": {"spec": {"containers": [{"name": "c", "image": "i", "imagePullPolicyy": "x"}]}}}));
        let (obj, problems) = decode_strict::<DaemonSet>(&v, "DaemonSet", &Deferrals::default());
        assert!(obj.is_some());
        let msgs: Vec<_> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "strict decoding error: unknown field \"spec.selector.matchLabel\"",
                "strict decoding error: unknown field \"spec.template.spec.containers[0].imagePullPolicyy\"",
            ]
        );
        assert_eq!(
            problems[1].path,
            "spec.template.spec.containers[0].imagePullPolicyy"
        );
    }

    #[test]
    fn label_number_is_go_unmarshal_error() {
        let v = json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "x", "labels": {"v": 1}}});
        let (obj, problems) = decode_strict::<DaemonSet>(&v, "DaemonSet", &Deferrals::default());
        assert!(obj.is_none());
        assert_eq!(problems[0].path, "metadata.labels.v");
        assert_eq!(
            problems[0].message,
            "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"
        );
    }

    /// A timestamp is read as `metav1.Time.UnmarshalJSON` reads it: Go's `time.Parse` with
    /// `time.RFC3339`, and its error as it is.
    #[test]
    fn timestamps_parse_as_go_does() {
        let at = |t: &str| json!({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "x", "creationTimestamp": t}});
        let (obj, problems) =
            decode_strict::<DaemonSet>(&at("yesterday"), "DaemonSet", &Deferrals::default());
        assert!(obj.is_none());
        assert_eq!(problems[0].path, "metadata.creationTimestamp");
        assert_eq!(
            problems[0].message,
            "parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\""
        );
        let (_, problems) = decode_strict::<DaemonSet>(
            &at("2026-02-30T00:00:00Z"),
            "DaemonSet",
            &Deferrals::default(),
        );
        assert_eq!(
            problems[0].message,
            "parsing time \"2026-02-30T00:00:00Z\": day out of range"
        );
        let (obj, problems) = decode_strict::<DaemonSet>(
            &at("2026-03-01T01:02:03.5+01:00"),
            "DaemonSet",
            &Deferrals::default(),
        );
        assert!(problems.is_empty(), "{problems:?}");
        let stamp = obj.and_then(|d| d.metadata.creation_timestamp);
        assert_eq!(stamp.map(|t| t.0.as_second()), Some(1_772_323_323));
    }

    #[test]
    fn container_field_type_error() {
        let v = ds(json!({"template": {"spec": {"containers": [{"name": "c", "image": 5}]}}}));
        let (_, problems) = decode_strict::<DaemonSet>(&v, "DaemonSet", &Deferrals::default());
        assert_eq!(
            problems[0].message,
            "json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string"
        );
        assert_eq!(problems[0].path, "spec.template.spec.containers[0].image");
    }

    /// Type errors at common DaemonSet paths name the Go struct and type `encoding/json` names.
    #[test]
    fn go_struct_names_along_daemon_set_paths() {
        let rows: &[(Value, &str)] = &[
            (json!({"metadata": {"name": 5}}), "ObjectMeta.metadata.name of type string"),
            (json!({"metadata": {"ownerReferences": [{"controller": "yes"}]}}),
                "OwnerReference.metadata.ownerReferences.controller of type bool"),
            (json!({"spec": {"revisionHistoryLimit": "x"}}), "DaemonSetSpec.spec.revisionHistoryLimit of type int32"),
            (json!({"spec": {"selector": {"matchLabels": []}}}), "LabelSelector.spec.selector.matchLabels of type map[string]string"),
            (json!({"spec": {"selector": {"matchExpressions": [{"values": "a"}]}}}),
                "LabelSelectorRequirement.spec.selector.matchExpressions.values of type []string"),
            (json!({"spec": {"updateStrategy": {"rollingUpdate": 5}}}),
                "DaemonSetUpdateStrategy.spec.updateStrategy.rollingUpdate of type v1.RollingUpdateDaemonSet"),
            (json!({"spec": {"template": {"metadata": {"labels": {"a": 1}}}}}),
                "ObjectMeta.spec.template.metadata.labels of type string"),
            (json!({"spec": {"template": {"spec": {"hostNetwork": "true"}}}}),
                "PodSpec.spec.template.spec.hostNetwork of type bool"),
            (json!({"spec": {"template": {"spec": {"tolerations": {"a": "b"}}}}}),
                "PodSpec.spec.template.spec.tolerations of type []v1.Toleration"),
            (json!({"spec": {"template": {"spec": {"tolerations": [{"tolerationSeconds": "5"}]}}}}),
                "Toleration.spec.template.spec.tolerations.tolerationSeconds of type int64"),
            (json!({"spec": {"template": {"spec": {"containers": [{"resources": []}]}}}}),
                "Container.spec.template.spec.containers.resources of type v1.ResourceRequirements"),
            (json!({"spec": {"template": {"spec": {"containers": [{"resources": {"limits": []}}]}}}}),
                "ResourceRequirements.spec.template.spec.containers.resources.limits of type v1.ResourceList"),
            (json!({"spec": {"template": {"spec": {"containers": [{"securityContext": {"privileged": "true"}}]}}}}),
                "SecurityContext.spec.template.spec.containers.securityContext.privileged of type bool"),
            (json!({"spec": {"template": {"spec": {"securityContext": {"runAsUser": "0"}}}}}),
                "PodSecurityContext.spec.template.spec.securityContext.runAsUser of type int64"),
            (json!({"spec": {"template": {"spec": {"containers": [{"ports": [{"containerPort": "80"}]}]}}}}),
                "ContainerPort.spec.template.spec.containers.ports.containerPort of type int32"),
            (json!({"spec": {"template": {"spec": {"containers": [{"volumeMounts": [{"readOnly": "true"}]}]}}}}),
                "VolumeMount.spec.template.spec.containers.volumeMounts.readOnly of type bool"),
            (json!({"spec": {"template": {"spec": {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"values": "a"}]}]}}}}}}}),
                "NodeSelectorRequirement.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.matchExpressions.values of type []string"),
            (json!({"spec": {"template": {"spec": {"affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": "1"}]}}}}}}),
                "PreferredSchedulingTerm.spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution.weight of type int32"),
            (json!({"spec": {"template": {"spec": {"affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{"topologyKey": 1}]}}}}}}),
                "PodAffinityTerm.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.topologyKey of type string"),
            (json!({"spec": {"template": {"spec": {"volumes": [{"hostPath": {"path": 5}}]}}}}),
                "HostPathVolumeSource.spec.template.spec.volumes.hostPath.path of type string"),
            (json!({"spec": {"template": {"spec": {"volumes": [{"configMap": {"defaultMode": "0644"}}]}}}}),
                "ConfigMapVolumeSource.spec.template.spec.volumes.configMap.defaultMode of type int32"),
            (json!({"spec": {"template": {"spec": {"volumes": [{"projected": {"sources": [{"configMap": {"optional": "no"}}]}}]}}}}),
                "ConfigMapProjection.spec.template.spec.volumes.projected.sources.configMap.optional of type bool"),
            (json!({"spec": {"template": {"spec": {"volumes": [{"secret": {"items": [{"mode": "1"}]}}]}}}}),
                "KeyToPath.spec.template.spec.volumes.secret.items.mode of type int32"),
        ];
        let mut failures = Vec::new();
        for (patch, want) in rows {
            let mut v = json!({"apiVersion": "apps/v1", "kind": "DaemonSet"});
            merge(&mut v, patch);
            let (_, problems) = decode_strict::<DaemonSet>(&v, "DaemonSet", &Deferrals::default());
            let got = problems
                .last()
                .map(|p| p.message.clone())
                .unwrap_or_default();
            if !got.ends_with(want) {
                failures.push(format!("{patch}: {got}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    fn merge(into: &mut Value, patch: &Value) {
        match (into, patch) {
            (Value::Object(a), Value::Object(b)) => {
                for (k, v) in b {
                    merge(a.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
            (slot, v) => *slot = v.clone(),
        }
    }

    #[test]
    fn out_of_range_number() {
        let v = ds(json!({"minReadySeconds": 3_000_000_000_i64}));
        let (_, problems) = decode_strict::<DaemonSet>(&v, "DaemonSet", &Deferrals::default());
        assert_eq!(
            problems[0].message,
            "json: cannot unmarshal number 3000000000 into Go struct field DaemonSetSpec.spec.minReadySeconds of type int32"
        );
    }
}
