//! The API server's defaulting (`pkg/apis/apps/v1/defaults.go`, `pkg/apis/core/v1/defaults.go`
//! and the declarative `+default` markers of `k8s.io/api/core/v1/types.go`), in one place.
//!
//! Every object gets its defaults here, whichever way it arrives: the loader calls these
//! functions on manifests ([`set_defaults_daemon_set`], [`set_defaults_pod`],
//! [`set_defaults_node`]), and the simulated API server calls them on what it stores: the
//! DaemonSets it is given and the pods the controller creates ([`set_defaults_pod`] on each
//! revision's pod spec). The functions keep Go's names (`SetDefaults_PodSpec` is
//! [`set_defaults_pod_spec`]) and Go's split between them:
//!
//! * `SetDefaults_PodSpec` and below apply to every pod spec, a DaemonSet's template included;
//! * `SetDefaults_Pod` applies to pods only: requests from limits, `enableServiceLinks`, and
//!   with `hostNetwork` each port's `hostPort` from its `containerPort` when it is 0 or
//!   omitted. Since Kubernetes 1.28 a template's ports are left alone (the
//!   `DefaultHostNetworkHostPortsInPodTemplates` gate, off, then removed): a DaemonSet shows
//!   `hostPort` as written, its pods show the container port.
//!
//! A Go field that is not a pointer has no "unset": `""` and `0` are what an omitted field
//! reads as, so they are defaulted too (`timeoutSeconds: 0` becomes 1, `hostPort: 0` the
//! container port); a pointer field is defaulted only when omitted.
//!
//! Defaulting runs before validation, as on the server (so `maxSurge: 1` alone gets
//! `maxUnavailable: 1` and is then rejected).

use k8s_openapi::api::apps::v1::{DaemonSet, DaemonSetUpdateStrategy, RollingUpdateDaemonSet};
use k8s_openapi::api::core::v1::{
    Container, ContainerPort, DownwardAPIVolumeFile, EnvVar, HTTPGetAction, Node,
    ObjectFieldSelector, Pod, PodSecurityContext, PodSpec, Probe, Volume,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// `SetObjectDefaults_DaemonSet`: `SetDefaults_DaemonSet`, then the template's pod spec
/// ([`set_defaults_pod_spec`]; a template is not a pod, so not `SetDefaults_Pod`).
pub fn set_defaults_daemon_set(ds: &mut DaemonSet) {
    let spec = &mut ds.spec;
    let strategy = spec
        .update_strategy
        .get_or_insert_with(DaemonSetUpdateStrategy::default);
    default_str(&mut strategy.type_, "RollingUpdate");
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        let ru = strategy
            .rolling_update
            .get_or_insert_with(RollingUpdateDaemonSet::default);
        ru.max_unavailable.get_or_insert(IntOrString::Int(1));
        ru.max_surge.get_or_insert(IntOrString::Int(0));
    }
    spec.revision_history_limit.get_or_insert(10);
    if let Some(pod_spec) = spec.template.spec.as_mut() {
        set_defaults_pod_spec(pod_spec);
    }
}

/// `SetObjectDefaults_Pod`: `SetDefaults_Pod`, then [`set_defaults_pod_spec`] and below.
pub fn set_defaults_pod(pod: &mut Pod) {
    let Some(spec) = pod.spec.as_mut() else {
        return;
    };
    let host_network = spec.host_network == Some(true);
    for c in spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut().flatten())
    {
        // Requests default to limits, for resources that have a limit but no request.
        if let Some(resources) = c.resources.as_mut() {
            if let Some(limits) = resources.limits.as_ref() {
                let requests = resources.requests.get_or_insert_with(Default::default);
                for (k, v) in limits {
                    if !requests.contains_key(k) {
                        requests.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        if host_network {
            default_host_network_ports(c);
        }
    }
    spec.enable_service_links.get_or_insert(true);
    set_defaults_pod_spec(spec);
}

/// `defaultHostNetworkPorts`: with host networking, a port's `hostPort` is its
/// `containerPort` unless set to something other than 0.
fn default_host_network_ports(c: &mut Container) {
    for p in c.ports.iter_mut().flatten() {
        if p.host_port.is_none_or(|h| h == 0) {
            p.host_port = Some(p.container_port);
        }
    }
}

/// `SetObjectDefaults_Node`: `SetDefaults_NodeStatus` (allocatable defaults to capacity).
pub fn set_defaults_node(node: &mut Node) {
    if let Some(status) = node.status.as_mut() {
        if status.allocatable.is_none() {
            status.allocatable.clone_from(&status.capacity);
        }
    }
}

/// `SetDefaults_PodSpec`, then the defaults of what a pod spec holds (containers, init
/// containers, volumes).
pub fn set_defaults_pod_spec(spec: &mut PodSpec) {
    default_str(&mut spec.dns_policy, "ClusterFirst");
    default_str(&mut spec.restart_policy, "Always");
    spec.security_context
        .get_or_insert_with(PodSecurityContext::default);
    spec.termination_grace_period_seconds.get_or_insert(30);
    default_str(&mut spec.scheduler_name, "default-scheduler");
    for v in spec.volumes.iter_mut().flatten() {
        set_defaults_volume(v);
    }
    for c in spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut().flatten())
    {
        set_defaults_container(c);
    }
}

/// `SetDefaults_Container` and what a container holds: ports (`protocol: TCP`), env field
/// references, probes, lifecycle hooks.
pub fn set_defaults_container(c: &mut Container) {
    if c.image_pull_policy.as_deref().is_none_or(str::is_empty) {
        let tag = image_tag(c.image.as_deref().unwrap_or_default());
        c.image_pull_policy = Some(
            if tag == "latest" {
                "Always"
            } else {
                "IfNotPresent"
            }
            .to_string(),
        );
    }
    default_str(&mut c.termination_message_path, "/dev/termination-log");
    default_str(&mut c.termination_message_policy, "File");
    for p in c.ports.iter_mut().flatten() {
        set_defaults_container_port(p);
    }
    for e in c.env.iter_mut().flatten() {
        set_defaults_env_var(e);
    }
    for probe in [
        c.liveness_probe.as_mut(),
        c.readiness_probe.as_mut(),
        c.startup_probe.as_mut(),
    ]
    .into_iter()
    .flatten()
    {
        set_defaults_probe(probe);
    }
    if let Some(l) = c.lifecycle.as_mut() {
        for h in [l.post_start.as_mut(), l.pre_stop.as_mut()]
            .into_iter()
            .flatten()
        {
            if let Some(get) = h.http_get.as_mut() {
                set_defaults_http_get_action(get);
            }
        }
    }
}

/// `ContainerPort.Protocol`'s `+default="TCP"`.
fn set_defaults_container_port(p: &mut ContainerPort) {
    default_str(&mut p.protocol, "TCP");
}

/// `SetDefaults_Probe`, its `SetDefaults_HTTPGetAction`, and `GRPCAction.Service`'s
/// `+default=""`.
fn set_defaults_probe(p: &mut Probe) {
    default_int(&mut p.timeout_seconds, 1);
    default_int(&mut p.period_seconds, 10);
    default_int(&mut p.success_threshold, 1);
    default_int(&mut p.failure_threshold, 3);
    if let Some(h) = p.http_get.as_mut() {
        set_defaults_http_get_action(h);
    }
    if let Some(g) = p.grpc.as_mut() {
        g.service.get_or_insert_with(String::new);
    }
}

/// `SetDefaults_HTTPGetAction`: `path: /`, `scheme: HTTP`.
fn set_defaults_http_get_action(h: &mut HTTPGetAction) {
    default_str(&mut h.path, "/");
    default_str(&mut h.scheme, "HTTP");
}

/// `SetDefaults_ObjectFieldSelector` of an env var's `valueFrom.fieldRef`.
fn set_defaults_env_var(e: &mut EnvVar) {
    if let Some(f) = e.value_from.as_mut().and_then(|v| v.field_ref.as_mut()) {
        set_defaults_object_field_selector(f);
    }
}

/// `SetDefaults_ObjectFieldSelector`: `apiVersion: v1`.
fn set_defaults_object_field_selector(f: &mut ObjectFieldSelector) {
    default_str(&mut f.api_version, "v1");
}

/// The field references of downward API items.
fn set_defaults_downward_api_items(items: Option<&mut Vec<DownwardAPIVolumeFile>>) {
    for f in items
        .into_iter()
        .flatten()
        .filter_map(|i| i.field_ref.as_mut())
    {
        set_defaults_object_field_selector(f);
    }
}

/// `SetDefaults_Volume` (no source → `emptyDir: {}`) and the volume sources' defaults:
/// `defaultMode: 0644` (420) of secret, configMap, downwardAPI and projected volumes
/// (`SetDefaults_SecretVolumeSource`, ...), `SetDefaults_HostPathVolumeSource` (`type: ""`),
/// `SetDefaults_ServiceAccountTokenProjection` (`expirationSeconds: 3600`), field references'
/// `apiVersion`, and the `+default` markers of the iSCSI, RBD, ScaleIO and Azure disk sources.
fn set_defaults_volume(v: &mut Volume) {
    const MODE: i32 = 0o644;
    let has_source = super::validate::volume_sources(v)
        .iter()
        .any(|(set, _)| *set);
    if !has_source {
        v.empty_dir = Some(Default::default());
    }
    if let Some(s) = v.secret.as_mut() {
        s.default_mode.get_or_insert(MODE);
    }
    if let Some(s) = v.config_map.as_mut() {
        s.default_mode.get_or_insert(MODE);
    }
    if let Some(s) = v.downward_api.as_mut() {
        s.default_mode.get_or_insert(MODE);
        set_defaults_downward_api_items(s.items.as_mut());
    }
    if let Some(s) = v.projected.as_mut() {
        s.default_mode.get_or_insert(MODE);
        for source in s.sources.iter_mut().flatten() {
            if let Some(d) = source.downward_api.as_mut() {
                set_defaults_downward_api_items(d.items.as_mut());
            }
            if let Some(t) = source.service_account_token.as_mut() {
                t.expiration_seconds.get_or_insert(3600);
            }
        }
    }
    if let Some(h) = v.host_path.as_mut() {
        h.type_.get_or_insert_with(String::new);
    }
    if let Some(s) = v.iscsi.as_mut() {
        default_str(&mut s.iscsi_interface, "default");
    }
    if let Some(s) = v.rbd.as_mut() {
        default_str(&mut s.pool, "rbd");
        default_str(&mut s.user, "admin");
        default_str(&mut s.keyring, "/etc/ceph/keyring");
    }
    if let Some(s) = v.scale_io.as_mut() {
        default_str(&mut s.fs_type, "xfs");
        default_str(&mut s.storage_mode, "ThinProvisioned");
    }
    if let Some(s) = v.azure_disk.as_mut() {
        s.caching_mode
            .get_or_insert_with(|| "ReadWrite".to_string());
        s.fs_type.get_or_insert_with(|| "ext4".to_string());
        s.kind.get_or_insert_with(|| "Shared".to_string());
        s.read_only.get_or_insert(false);
    }
}

/// A Go `string` field: omitted and `""` read the same, so both get the default.
fn default_str(field: &mut Option<String>, value: &str) {
    if field.as_deref().is_none_or(str::is_empty) {
        *field = Some(value.to_string());
    }
}

/// A Go `int32` field: omitted and `0` read the same, so both get the default.
fn default_int(field: &mut Option<i32>, value: i32) {
    if field.is_none_or(|v| v == 0) {
        *field = Some(value);
    }
}

/// The tag `parsers.ParseImageName` finds: `latest` when there is neither tag nor digest,
/// empty when there is only a digest.
pub fn image_tag(image: &str) -> &str {
    let (name, has_digest) = match image.split_once('@') {
        Some((n, _)) => (n, true),
        None => (image, false),
    };
    let last = name.rsplit('/').next().unwrap_or(name);
    match last.rsplit_once(':') {
        Some((_, tag)) => tag,
        None if has_digest => "",
        None => "latest",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    /// A pod spec with one of every sub-object a DaemonSet pod can carry that has defaults,
    /// each left empty (as `TestPodDefaults` fills its pod).
    fn sparse_spec(host_network: bool) -> Value {
        let container = json!({
            "name": "c",
            "image": "registry.example/agent:1.0",
            "ports": [{"containerPort": 9100}],
            "env": [{"name": "NODE", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}],
            "resources": {"limits": {"cpu": "100m"}},
            "livenessProbe": {"httpGet": {"port": 9100}},
            "readinessProbe": {"grpc": {"port": 9101}},
            "startupProbe": {"tcpSocket": {"port": 9100}},
            "lifecycle": {"postStart": {"httpGet": {"port": 80}}, "preStop": {"httpGet": {"port": 80}}},
        });
        json!({
            "hostNetwork": host_network,
            "containers": [container],
            "initContainers": [container],
            "volumes": [
                {"name": "none"},
                {"name": "secret", "secret": {"secretName": "s"}},
                {"name": "config", "configMap": {"name": "c"}},
                {"name": "downward", "downwardAPI": {"items": [{"path": "p", "fieldRef": {"fieldPath": "metadata.name"}}]}},
                {"name": "projected", "projected": {"sources": [
                    {"serviceAccountToken": {"path": "token"}},
                    {"downwardAPI": {"items": [{"path": "p", "fieldRef": {"fieldPath": "metadata.name"}}]}}
                ]}},
                {"name": "host", "hostPath": {"path": "/var/log"}},
                {"name": "iscsi", "iscsi": {"targetPortal": "t", "iqn": "q", "lun": 0}},
                {"name": "rbd", "rbd": {"monitors": ["m"], "image": "i"}},
                {"name": "scaleio", "scaleIO": {"gateway": "g", "system": "s", "secretRef": {"name": "n"}}},
                {"name": "azure", "azureDisk": {"diskName": "d", "diskURI": "u"}},
            ],
        })
    }

    /// Every leaf of `v` (empty objects and arrays included) by its path.
    fn leaves(v: &Value, path: String, out: &mut BTreeMap<String, Value>) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                for (k, x) in m {
                    leaves(x, format!("{path}.{k}"), out);
                }
            }
            Value::Array(a) if !a.is_empty() => {
                for (i, x) in a.iter().enumerate() {
                    leaves(x, format!("{path}[{i}]"), out);
                }
            }
            _ => {
                out.insert(path, v.clone());
            }
        }
    }

    /// The leaves defaulting added or changed, with `[1]` of the container lists written
    /// as for `[0]` (the init container gets what the container gets).
    fn added(before: &Value, after: &Value) -> BTreeMap<String, Value> {
        let (mut b, mut a) = (BTreeMap::new(), BTreeMap::new());
        leaves(before, String::new(), &mut b);
        leaves(after, String::new(), &mut a);
        a.into_iter()
            .filter(|(k, v)| b.get(k) != Some(v))
            .map(|(k, v)| (k.replace(".initContainers[0]", ".containers[0]"), v))
            .collect()
    }

    /// The defaults `TestWorkloadDefaults` lists for a pod template, restricted to what
    /// [`sparse_spec`] holds.
    fn template_defaults() -> Vec<(&'static str, Value)> {
        vec![
            (
                ".containers[0].env[0].valueFrom.fieldRef.apiVersion",
                json!("v1"),
            ),
            (".containers[0].imagePullPolicy", json!("IfNotPresent")),
            (
                ".containers[0].lifecycle.postStart.httpGet.path",
                json!("/"),
            ),
            (
                ".containers[0].lifecycle.postStart.httpGet.scheme",
                json!("HTTP"),
            ),
            (".containers[0].lifecycle.preStop.httpGet.path", json!("/")),
            (
                ".containers[0].lifecycle.preStop.httpGet.scheme",
                json!("HTTP"),
            ),
            (".containers[0].livenessProbe.failureThreshold", json!(3)),
            (".containers[0].livenessProbe.httpGet.path", json!("/")),
            (".containers[0].livenessProbe.httpGet.scheme", json!("HTTP")),
            (".containers[0].livenessProbe.periodSeconds", json!(10)),
            (".containers[0].livenessProbe.successThreshold", json!(1)),
            (".containers[0].livenessProbe.timeoutSeconds", json!(1)),
            (".containers[0].ports[0].protocol", json!("TCP")),
            (".containers[0].readinessProbe.failureThreshold", json!(3)),
            (".containers[0].readinessProbe.grpc.service", json!("")),
            (".containers[0].readinessProbe.periodSeconds", json!(10)),
            (".containers[0].readinessProbe.successThreshold", json!(1)),
            (".containers[0].readinessProbe.timeoutSeconds", json!(1)),
            (".containers[0].startupProbe.failureThreshold", json!(3)),
            (".containers[0].startupProbe.periodSeconds", json!(10)),
            (".containers[0].startupProbe.successThreshold", json!(1)),
            (".containers[0].startupProbe.timeoutSeconds", json!(1)),
            (
                ".containers[0].terminationMessagePath",
                json!("/dev/termination-log"),
            ),
            (".containers[0].terminationMessagePolicy", json!("File")),
            (".dnsPolicy", json!("ClusterFirst")),
            (".restartPolicy", json!("Always")),
            (".schedulerName", json!("default-scheduler")),
            (".securityContext", json!({})),
            (".terminationGracePeriodSeconds", json!(30)),
            (".volumes[0].emptyDir", json!({})),
            (".volumes[1].secret.defaultMode", json!(420)),
            (".volumes[2].configMap.defaultMode", json!(420)),
            (".volumes[3].downwardAPI.defaultMode", json!(420)),
            (
                ".volumes[3].downwardAPI.items[0].fieldRef.apiVersion",
                json!("v1"),
            ),
            (".volumes[4].projected.defaultMode", json!(420)),
            (
                ".volumes[4].projected.sources[0].serviceAccountToken.expirationSeconds",
                json!(3600),
            ),
            (
                ".volumes[4].projected.sources[1].downwardAPI.items[0].fieldRef.apiVersion",
                json!("v1"),
            ),
            (".volumes[5].hostPath.type", json!("")),
            (".volumes[6].iscsi.iscsiInterface", json!("default")),
            (".volumes[7].rbd.keyring", json!("/etc/ceph/keyring")),
            (".volumes[7].rbd.pool", json!("rbd")),
            (".volumes[7].rbd.user", json!("admin")),
            (".volumes[8].scaleIO.fsType", json!("xfs")),
            (".volumes[8].scaleIO.storageMode", json!("ThinProvisioned")),
            (".volumes[9].azureDisk.cachingMode", json!("ReadWrite")),
            (".volumes[9].azureDisk.fsType", json!("ext4")),
            (".volumes[9].azureDisk.kind", json!("Shared")),
            (".volumes[9].azureDisk.readOnly", json!(false)),
        ]
    }

    fn expect(rows: Vec<(&'static str, Value)>) -> BTreeMap<String, Value> {
        rows.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }

    /// `TestWorkloadDefaults`: what a DaemonSet's template gets (no `SetDefaults_Pod`).
    #[test]
    fn workload_defaults() {
        for host_network in [false, true] {
            let before = sparse_spec(host_network);
            let mut ds = DaemonSet::default();
            ds.spec.template.spec = Some(serde_json::from_value(before.clone()).unwrap());
            set_defaults_daemon_set(&mut ds);
            let after = serde_json::to_value(&ds.spec.template.spec).unwrap();
            assert_eq!(
                added(&before, &after),
                expect(template_defaults()),
                "hostNetwork: {host_network}"
            );
        }
    }

    /// `TestPodDefaults`: what a pod gets, the template's defaults plus `SetDefaults_Pod`'s
    /// (requests from limits, `enableServiceLinks`, and with `hostNetwork` the host ports).
    #[test]
    fn pod_defaults() {
        for host_network in [false, true] {
            let before = sparse_spec(host_network);
            let mut pod = Pod {
                spec: Some(serde_json::from_value(before.clone()).unwrap()),
                ..Default::default()
            };
            set_defaults_pod(&mut pod);
            let after = serde_json::to_value(&pod.spec).unwrap();
            let mut want = template_defaults();
            want.push((".containers[0].resources.requests.cpu", json!("100m")));
            want.push((".enableServiceLinks", json!(true)));
            if host_network {
                want.push((".containers[0].ports[0].hostPort", json!(9100)));
            }
            assert_eq!(
                added(&before, &after),
                expect(want),
                "hostNetwork: {host_network}"
            );
        }
    }

    /// `TestSetDefaultPodSpecHostNetwork` and the pod/template split of
    /// `DefaultHostNetworkHostPortsInPodTemplates` (off since 1.28): rows of
    /// (hostNetwork, hostPort written, pod or template, hostPort after defaulting).
    #[test]
    fn host_network_host_ports() {
        let rows = [
            (true, None, true, Some(8080)),
            (true, Some(0), true, Some(8080)),
            (true, Some(9000), true, Some(9000)),
            (false, None, true, None),
            (false, Some(0), true, Some(0)),
            (true, None, false, None),
            (true, Some(0), false, Some(0)),
            (true, Some(9000), false, Some(9000)),
        ];
        for (host_network, host_port, is_pod, want) in rows {
            let port = ContainerPort {
                container_port: 8080,
                host_port,
                ..Default::default()
            };
            let c = Container {
                name: "c".into(),
                ports: Some(vec![port]),
                ..Default::default()
            };
            let mut spec = PodSpec {
                host_network: Some(host_network),
                containers: vec![c.clone()],
                init_containers: Some(vec![c]),
                ..Default::default()
            };
            if is_pod {
                let mut pod = Pod {
                    spec: Some(spec),
                    ..Default::default()
                };
                set_defaults_pod(&mut pod);
                spec = pod.spec.unwrap_or_default();
            } else {
                set_defaults_pod_spec(&mut spec);
            }
            let init = spec.init_containers.unwrap_or_default();
            for c in [&spec.containers[0], &init[0]] {
                let got = c.ports.as_ref().and_then(|p| p[0].host_port);
                assert_eq!(got, want, "{host_network} {host_port:?} pod: {is_pod}");
            }
        }
    }

    /// `TestSetDefaultDaemonSetSpec` (apps/v1 defaults_test.go): rows of (strategy written,
    /// revisionHistoryLimit written, strategy and limit after defaulting).
    #[test]
    fn daemon_set_spec_defaults() {
        let rolling = |u: i32, s: i32| DaemonSetUpdateStrategy {
            type_: Some("RollingUpdate".into()),
            rolling_update: Some(RollingUpdateDaemonSet {
                max_unavailable: Some(IntOrString::Int(u)),
                max_surge: Some(IntOrString::Int(s)),
            }),
        };
        let on_delete = DaemonSetUpdateStrategy {
            type_: Some("OnDelete".into()),
            rolling_update: None,
        };
        let rows = [
            (None, None, rolling(1, 0), 10),
            (
                Some(DaemonSetUpdateStrategy {
                    type_: Some(String::new()),
                    rolling_update: None,
                }),
                None,
                rolling(1, 0),
                10,
            ),
            (Some(on_delete.clone()), Some(1), on_delete, 1),
            (Some(rolling(2, 0)), Some(5), rolling(2, 0), 5),
            (
                Some(DaemonSetUpdateStrategy {
                    type_: None,
                    rolling_update: Some(RollingUpdateDaemonSet {
                        max_unavailable: None,
                        max_surge: Some(IntOrString::String("10%".into())),
                    }),
                }),
                None,
                DaemonSetUpdateStrategy {
                    type_: Some("RollingUpdate".into()),
                    rolling_update: Some(RollingUpdateDaemonSet {
                        max_unavailable: Some(IntOrString::Int(1)),
                        max_surge: Some(IntOrString::String("10%".into())),
                    }),
                },
                10,
            ),
        ];
        for (strategy, limit, want_strategy, want_limit) in rows {
            let mut ds = DaemonSet::default();
            ds.spec.update_strategy = strategy;
            ds.spec.revision_history_limit = limit;
            set_defaults_daemon_set(&mut ds);
            assert_eq!(ds.spec.update_strategy, Some(want_strategy));
            assert_eq!(ds.spec.revision_history_limit, Some(want_limit));
        }
    }

    /// `TestSetDefaultImagePullPolicy`: the policy follows the tag.
    #[test]
    fn image_pull_policy_by_tag() {
        let rows = [
            ("nginx", "latest", "Always"),
            ("nginx:latest", "latest", "Always"),
            ("nginx:1.25", "1.25", "IfNotPresent"),
            ("registry:5000/nginx", "latest", "Always"),
            ("registry:5000/nginx:v1", "v1", "IfNotPresent"),
            ("nginx@sha256:abc", "", "IfNotPresent"),
            ("nginx:1@sha256:abc", "1", "IfNotPresent"),
        ];
        for (image, tag, policy) in rows {
            assert_eq!(image_tag(image), tag, "{image}");
            let mut c = Container {
                image: Some(image.into()),
                ..Default::default()
            };
            set_defaults_container(&mut c);
            assert_eq!(c.image_pull_policy.as_deref(), Some(policy), "{image}");
            let mut set = Container {
                image: Some(image.into()),
                image_pull_policy: Some("Never".into()),
                ..Default::default()
            };
            set_defaults_container(&mut set);
            assert_eq!(set.image_pull_policy.as_deref(), Some("Never"), "{image}");
        }
    }

    /// `TestSetDefaultProbe`: zeros read as unset; values written are kept.
    #[test]
    fn probe_defaults() {
        let rows = [
            (Probe::default(), [1, 10, 1, 3]),
            (
                Probe {
                    timeout_seconds: Some(0),
                    period_seconds: Some(0),
                    success_threshold: Some(0),
                    failure_threshold: Some(0),
                    ..Default::default()
                },
                [1, 10, 1, 3],
            ),
            (
                Probe {
                    timeout_seconds: Some(5),
                    period_seconds: Some(7),
                    success_threshold: Some(2),
                    failure_threshold: Some(9),
                    ..Default::default()
                },
                [5, 7, 2, 9],
            ),
        ];
        for (mut probe, want) in rows {
            set_defaults_probe(&mut probe);
            let got = [
                probe.timeout_seconds,
                probe.period_seconds,
                probe.success_threshold,
                probe.failure_threshold,
            ];
            assert_eq!(got, want.map(Some));
        }
    }

    /// `TestSetDefaultRequestsPod`: requests written are kept; the others come from limits.
    #[test]
    fn requests_from_limits() {
        use k8s_openapi::api::core::v1::ResourceRequirements;
        use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
        let q = |s: &str| Quantity(s.into());
        let mut pod = Pod {
            spec: Some(PodSpec {
                containers: vec![Container {
                    name: "c".into(),
                    resources: Some(ResourceRequirements {
                        limits: Some(
                            [
                                ("cpu".to_string(), q("2")),
                                ("memory".to_string(), q("1Gi")),
                            ]
                            .into(),
                        ),
                        requests: Some([("cpu".to_string(), q("1"))].into()),
                        ..Default::default()
                    }),
                    ..Default::default()
                }],
                ..Default::default()
            }),
            ..Default::default()
        };
        set_defaults_pod(&mut pod);
        let spec = pod.spec.unwrap_or_default();
        let requests = spec.containers[0]
            .resources
            .as_ref()
            .and_then(|r| r.requests.clone());
        assert_eq!(
            requests,
            Some(
                [
                    ("cpu".to_string(), q("1")),
                    ("memory".to_string(), q("1Gi"))
                ]
                .into()
            )
        );
    }

    /// `TestSetDefaultNodeStatusAllocatable`.
    #[test]
    fn node_allocatable() {
        use k8s_openapi::api::core::v1::NodeStatus;
        use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
        let capacity: BTreeMap<String, Quantity> =
            [("cpu".to_string(), Quantity("1".into()))].into();
        let allocatable: BTreeMap<String, Quantity> =
            [("cpu".to_string(), Quantity("500m".into()))].into();
        let rows = [
            (Some(&capacity), Some(&allocatable), Some(&allocatable)),
            (None, Some(&allocatable), Some(&allocatable)),
            (Some(&capacity), None, Some(&capacity)),
            (None, None, None),
        ];
        for (cap, alloc, want) in rows {
            let mut node = Node {
                status: Some(NodeStatus {
                    capacity: cap.cloned(),
                    allocatable: alloc.cloned(),
                    ..Default::default()
                }),
                ..Default::default()
            };
            set_defaults_node(&mut node);
            assert_eq!(node.status.and_then(|s| s.allocatable).as_ref(), want);
        }
    }
}
