//! Loader fidelity: built-in kinds in API versions Kubernetes no longer
//! serves are refused as a current cluster refuses them (`no matches for kind`), and
//! repeated keys reach `ApplyReport::warnings`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dsplay_core::load::load;
use dsplay_core::sim::Simulation;

fn errors(text: &str) -> Vec<String> {
    load("f.yaml", text)
        .errors
        .iter()
        .map(|e| e.to_string())
        .collect()
}

/// Deprecated API Migration Guide, "Removed APIs by release" (1.16 – 1.32).
#[test]
fn removed_api_versions_are_no_matches_for_kind() {
    let cases = [
        (
            "rbac.authorization.k8s.io/v1beta1",
            "ClusterRole",
            "rbac.authorization.k8s.io/v1",
            "1.22",
        ),
        (
            "rbac.authorization.k8s.io/v1beta1",
            "RoleBinding",
            "rbac.authorization.k8s.io/v1",
            "1.22",
        ),
        ("extensions/v1beta1", "Deployment", "apps/v1", "1.16"),
        (
            "extensions/v1beta1",
            "Ingress",
            "networking.k8s.io/v1",
            "1.22",
        ),
        (
            "apiextensions.k8s.io/v1beta1",
            "CustomResourceDefinition",
            "apiextensions.k8s.io/v1",
            "1.22",
        ),
        ("apps/v1beta1", "Deployment", "apps/v1", "1.16"),
        ("apps/v1beta2", "StatefulSet", "apps/v1", "1.16"),
        ("batch/v1beta1", "CronJob", "batch/v1", "1.25"),
        (
            "autoscaling/v2beta1",
            "HorizontalPodAutoscaler",
            "autoscaling/v2",
            "1.25",
        ),
        (
            "autoscaling/v2beta2",
            "HorizontalPodAutoscaler",
            "autoscaling/v2",
            "1.26",
        ),
        (
            "networking.k8s.io/v1beta1",
            "Ingress",
            "networking.k8s.io/v1",
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
            "StorageClass",
            "storage.k8s.io/v1",
            "1.22",
        ),
        (
            "storage.k8s.io/v1beta1",
            "CSIStorageCapacity",
            "storage.k8s.io/v1",
            "1.27",
        ),
        (
            "admissionregistration.k8s.io/v1beta1",
            "ValidatingWebhookConfiguration",
            "admissionregistration.k8s.io/v1",
            "1.22",
        ),
        (
            "scheduling.k8s.io/v1beta1",
            "PriorityClass",
            "scheduling.k8s.io/v1",
            "1.22",
        ),
        (
            "discovery.k8s.io/v1beta1",
            "EndpointSlice",
            "discovery.k8s.io/v1",
            "1.25",
        ),
        ("events.k8s.io/v1beta1", "Event", "events.k8s.io/v1", "1.25"),
        ("policy/v1beta1", "PodDisruptionBudget", "policy/v1", "1.25"),
        (
            "flowcontrol.apiserver.k8s.io/v1beta1",
            "FlowSchema",
            "flowcontrol.apiserver.k8s.io/v1",
            "1.26",
        ),
        (
            "flowcontrol.apiserver.k8s.io/v1beta2",
            "PriorityLevelConfiguration",
            "flowcontrol.apiserver.k8s.io/v1",
            "1.29",
        ),
        (
            "flowcontrol.apiserver.k8s.io/v1beta3",
            "FlowSchema",
            "flowcontrol.apiserver.k8s.io/v1",
            "1.32",
        ),
    ];
    for (version, kind, instead, release) in cases {
        let text =
            format!("# a comment\napiVersion: {version}\nkind: {kind}\nmetadata:\n  name: x\n");
        let e = errors(&text);
        assert_eq!(
            e,
            vec![format!(
                "f.yaml:2:1: {kind}/x: resource mapping not found for name: \"x\" namespace: \"\" from \"f.yaml\": no matches for kind \"{kind}\" in version \"{version}\"; use apiVersion: {instead} ({kind} in {version} was removed in Kubernetes {release})"
            )],
        );
    }
    // PodSecurityPolicy has no successor.
    let e = errors("apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: p\n");
    assert_eq!(e.len(), 1);
    assert!(
        e[0].ends_with("no matches for kind \"PodSecurityPolicy\" in version \"policy/v1beta1\"; PodSecurityPolicy in policy/v1beta1 was removed in Kubernetes 1.25"),
        "{e:?}"
    );
}

/// Served versions, newer kinds of partly removed group/versions, and custom resources stay
/// "not simulated": the playground cannot know which CRDs are installed.
#[test]
fn served_versions_and_custom_resources_are_not_simulated() {
    let cases = [
        ("rbac.authorization.k8s.io/v1", "ClusterRole"),
        ("apps/v1", "Deployment"),
        ("networking.k8s.io/v1", "Ingress"),
        ("storage.k8s.io/v1beta1", "VolumeAttributesClass"),
        ("networking.k8s.io/v1beta1", "IPAddress"),
        (
            "admissionregistration.k8s.io/v1beta1",
            "ValidatingAdmissionPolicy",
        ),
        ("monitoring.coreos.com/v1", "ServiceMonitor"),
        ("example.com/v1beta1", "CronJob"),
        ("apiextensions.k8s.io/v1", "CustomResourceDefinition"),
    ];
    for (version, kind) in cases {
        let out = load(
            "f.yaml",
            &format!("apiVersion: {version}\nkind: {kind}\nmetadata:\n  name: x\n"),
        );
        assert!(out.errors.is_empty(), "{version} {kind}: {:?}", out.errors);
        assert_eq!(out.not_simulated.len(), 1, "{version} {kind}");
    }
}

/// A file mixing a removed RBAC version with a good DaemonSet: the DaemonSet applies, the
/// ClusterRole is an error at its `apiVersion`.
#[test]
fn removed_version_next_to_a_daemon_set_applies_the_daemon_set() {
    let text = "apiVersion: rbac.authorization.k8s.io/v1beta1
kind: ClusterRole
metadata: {name: r}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: a}
spec:
  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: a}}
    spec: {containers: [{name: c, image: c}]}
";
    let mut sim = Simulation::with_default_cluster(1);
    let r = sim.apply("f.yaml", text);
    assert_eq!(r.applied.len(), 1);
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[0].location.line, 1);
    assert!(r.errors[0]
        .message
        .contains("no matches for kind \"ClusterRole\""));
}
