//! The API server's defaulting (`pkg/apis/apps/v1/defaults.go`, `pkg/apis/core/v1/defaults.go`).
//!
//! Defaulting runs before validation, as on the server (so `maxSurge: 1` alone gets
//! `maxUnavailable: 1` and is then rejected).

use k8s_openapi::api::apps::v1::{DaemonSet, DaemonSetUpdateStrategy, RollingUpdateDaemonSet};
use k8s_openapi::api::core::v1::{
    Container, EnvVar, Node, Pod, PodSecurityContext, PodSpec, Probe, Volume,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

/// `SetDefaults_DaemonSet`, then the pod-template defaults (`SetDefaults_PodSpec` and below).
pub fn set_defaults_daemon_set(ds: &mut DaemonSet) {
    let spec = &mut ds.spec;
    let strategy = spec
        .update_strategy
        .get_or_insert_with(DaemonSetUpdateStrategy::default);
    let ty = strategy
        .type_
        .get_or_insert_with(|| "RollingUpdate".to_string());
    if ty == "RollingUpdate" {
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

/// `SetDefaults_Pod` plus `SetDefaults_PodSpec` and the container defaults.
pub fn set_defaults_pod(pod: &mut Pod) {
    let Some(spec) = pod.spec.as_mut() else {
        return;
    };
    set_defaults_pod_spec(spec);
    let containers = spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut().flatten());
    for c in containers {
        // Requests default to limits, for resources that have a limit but no request.
        if let Some(resources) = c.resources.as_mut() {
            if let Some(limits) = resources.limits.clone() {
                let requests = resources.requests.get_or_insert_with(Default::default);
                for (k, v) in limits {
                    requests.entry(k).or_insert(v);
                }
            }
        }
    }
    spec.enable_service_links.get_or_insert(true);
    if spec.host_network == Some(true) {
        let containers = spec
            .containers
            .iter_mut()
            .chain(spec.init_containers.iter_mut().flatten());
        for c in containers {
            for p in c.ports.iter_mut().flatten() {
                if p.host_port.is_none_or(|h| h == 0) {
                    p.host_port = Some(p.container_port);
                }
            }
        }
    }
}

/// `SetDefaults_NodeStatus`: allocatable defaults to capacity.
pub fn set_defaults_node(node: &mut Node) {
    if let Some(status) = node.status.as_mut() {
        if status.allocatable.is_none() {
            status.allocatable.clone_from(&status.capacity);
        }
    }
}

/// `SetDefaults_PodSpec` and the defaults of what a pod spec holds.
pub fn set_defaults_pod_spec(spec: &mut PodSpec) {
    spec.dns_policy
        .get_or_insert_with(|| "ClusterFirst".to_string());
    spec.restart_policy
        .get_or_insert_with(|| "Always".to_string());
    spec.security_context
        .get_or_insert_with(PodSecurityContext::default);
    spec.termination_grace_period_seconds.get_or_insert(30);
    spec.scheduler_name
        .get_or_insert_with(|| "default-scheduler".to_string());
    for c in spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut().flatten())
    {
        set_defaults_container(c);
    }
    for v in spec.volumes.iter_mut().flatten() {
        set_defaults_volume(v);
    }
}

/// `SetDefaults_Container`, `SetDefaults_ContainerPort`, probes, env field refs.
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
    c.termination_message_path
        .get_or_insert_with(|| "/dev/termination-log".to_string());
    c.termination_message_policy
        .get_or_insert_with(|| "File".to_string());
    for p in c.ports.iter_mut().flatten() {
        if p.protocol.as_deref().is_none_or(str::is_empty) {
            p.protocol = Some("TCP".to_string());
        }
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
    for e in c.env.iter_mut().flatten() {
        set_defaults_env_var(e);
    }
}

/// `SetDefaults_Probe` and `SetDefaults_HTTPGetAction`.
fn set_defaults_probe(p: &mut Probe) {
    p.timeout_seconds.get_or_insert(1);
    p.period_seconds.get_or_insert(10);
    p.success_threshold.get_or_insert(1);
    p.failure_threshold.get_or_insert(3);
    if let Some(h) = p.http_get.as_mut() {
        h.path.get_or_insert_with(|| "/".to_string());
        h.scheme.get_or_insert_with(|| "HTTP".to_string());
    }
}

/// `SetDefaults_ObjectFieldSelector`: `apiVersion: v1`.
fn set_defaults_env_var(e: &mut EnvVar) {
    if let Some(f) = e.value_from.as_mut().and_then(|v| v.field_ref.as_mut()) {
        f.api_version.get_or_insert_with(|| "v1".to_string());
    }
}

/// `SetDefaults_Volume` (no source → emptyDir), `defaultMode: 0644` of secret, configMap,
/// downwardAPI and projected volumes, `SetDefaults_HostPathVolumeSource` (`type: ""`).
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
    }
    if let Some(s) = v.projected.as_mut() {
        s.default_mode.get_or_insert(MODE);
    }
    if let Some(h) = v.host_path.as_mut() {
        h.type_.get_or_insert_with(String::new);
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

    /// Mirrors `TestSetDefaultDaemonSetSpec` (AD defaults_test.go).
    #[test]
    fn daemon_set_defaults() {
        let mut ds = DaemonSet::default();
        ds.spec.template.spec = Some(PodSpec {
            containers: vec![Container {
                name: "c".into(),
                image: Some("nginx".into()),
                ..Default::default()
            }],
            ..Default::default()
        });
        set_defaults_daemon_set(&mut ds);
        let s = ds.spec.update_strategy.clone().unwrap_or_default();
        assert_eq!(s.type_.as_deref(), Some("RollingUpdate"));
        let ru = s.rolling_update.unwrap_or_default();
        assert_eq!(ru.max_unavailable, Some(IntOrString::Int(1)));
        assert_eq!(ru.max_surge, Some(IntOrString::Int(0)));
        assert_eq!(ds.spec.revision_history_limit, Some(10));
        let ps = ds.spec.template.spec.unwrap_or_default();
        assert_eq!(ps.dns_policy.as_deref(), Some("ClusterFirst"));
        assert_eq!(ps.restart_policy.as_deref(), Some("Always"));
        assert_eq!(ps.termination_grace_period_seconds, Some(30));
        assert_eq!(ps.scheduler_name.as_deref(), Some("default-scheduler"));
        assert!(ps.security_context.is_some());
        assert_eq!(
            ps.enable_service_links, None,
            "SetDefaults_Pod is not applied to templates"
        );
        assert_eq!(
            ps.containers[0].image_pull_policy.as_deref(),
            Some("Always")
        );
        assert_eq!(
            ps.containers[0].termination_message_path.as_deref(),
            Some("/dev/termination-log")
        );
    }

    #[test]
    fn on_delete_gets_no_rolling_update() {
        let mut ds = DaemonSet::default();
        ds.spec.update_strategy = Some(DaemonSetUpdateStrategy {
            type_: Some("OnDelete".into()),
            rolling_update: None,
        });
        set_defaults_daemon_set(&mut ds);
        assert!(ds
            .spec
            .update_strategy
            .is_some_and(|s| s.rolling_update.is_none()));
    }

    /// Mirrors `TestSetDefaultImagePullPolicy` (CD defaults_test.go).
    #[test]
    fn image_pull_policy_by_tag() {
        let rows = [
            ("nginx", "latest"),
            ("nginx:latest", "latest"),
            ("nginx:1.25", "1.25"),
            ("registry:5000/nginx", "latest"),
            ("registry:5000/nginx:v1", "v1"),
            ("nginx@sha256:abc", ""),
            ("nginx:1@sha256:abc", "1"),
        ];
        for (image, tag) in rows {
            assert_eq!(image_tag(image), tag, "{image}");
        }
    }

    /// Mirrors `TestSetDefaultRequestsPod` and `TestSetDefaultHostPort` (CD defaults_test.go).
    #[test]
    fn pod_defaults() {
        use k8s_openapi::api::core::v1::{ContainerPort, ResourceRequirements};
        use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
        let mut pod = Pod {
            spec: Some(PodSpec {
                host_network: Some(true),
                containers: vec![Container {
                    name: "c".into(),
                    image: Some("x:1".into()),
                    ports: Some(vec![ContainerPort {
                        container_port: 80,
                        ..Default::default()
                    }]),
                    resources: Some(ResourceRequirements {
                        limits: Some([("cpu".to_string(), Quantity("1".into()))].into()),
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
        assert_eq!(spec.enable_service_links, Some(true));
        let c = &spec.containers[0];
        assert_eq!(c.image_pull_policy.as_deref(), Some("IfNotPresent"));
        let port = &c.ports.as_ref().map(|p| p[0].clone()).unwrap_or_default();
        assert_eq!(port.host_port, Some(80));
        assert_eq!(port.protocol.as_deref(), Some("TCP"));
        let req = c.resources.as_ref().and_then(|r| r.requests.clone());
        assert_eq!(
            req,
            Some([("cpu".to_string(), Quantity("1".into()))].into())
        );
    }
}
