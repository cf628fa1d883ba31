//! Building daemon pods: ports of pkg/controller/daemon/util/daemonset_util_test.go and
//! staging/src/k8s.io/api/core/v1/toleration_test.go.

mod predicates_support;

use dsplay_core::predicates::{
    add_or_update_daemon_pod_tolerations, create_daemon_pod_template, daemon_pod_tolerations,
    replace_daemon_set_pod_node_name_node_affinity, target_node_name, tolerates_taint,
};
use k8s_openapi::api::core::v1::{
    Affinity, NodeAffinity, NodeSelector, PodAffinity, PodSpec, PreferredSchedulingTerm, Toleration,
};
use predicates_support::*;

fn node_name_affinity(node: &str) -> Affinity {
    required_affinity(vec![term(
        vec![],
        vec![req("metadata.name", "In", &[node])],
    )])
}

fn preferred() -> Vec<PreferredSchedulingTerm> {
    vec![PreferredSchedulingTerm {
        weight: 100,
        preference: term(vec![req("zone", "In", &["a"])], vec![]),
    }]
}

/// Mirrors `TestReplaceDaemonSetPodNodeNameNodeAffinity` (daemonset_util_test.go).
#[test]
fn test_replace_daemon_set_pod_node_name_node_affinity() {
    let pod_affinity = Some(PodAffinity::default());
    let cases: Vec<(&str, Option<Affinity>, Affinity)> = vec![
        ("nil affinity", None, node_name_affinity("host_1")),
        (
            "affinity without node affinity keeps pod affinity",
            Some(Affinity {
                pod_affinity: pod_affinity.clone(),
                ..Default::default()
            }),
            Affinity {
                pod_affinity: pod_affinity.clone(),
                ..node_name_affinity("host_1")
            },
        ),
        (
            "preferred terms only: kept, required added",
            Some(Affinity {
                node_affinity: Some(NodeAffinity {
                    preferred_during_scheduling_ignored_during_execution: Some(preferred()),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            {
                let mut a = node_name_affinity("host_1");
                a.node_affinity
                    .as_mut()
                    .unwrap()
                    .preferred_during_scheduling_ignored_during_execution = Some(preferred());
                a
            },
        ),
        (
            "matchExpressions terms are replaced",
            Some(required_affinity(vec![
                term(vec![req("hostname", "In", &["host_1"])], vec![]),
                term(vec![req("zone", "Exists", &[])], vec![]),
            ])),
            node_name_affinity("host_1"),
        ),
        (
            "matchFields for another node is replaced",
            Some(node_name_affinity("host_2")),
            node_name_affinity("host_1"),
        ),
        (
            "matchFields with several values is replaced",
            Some(required_affinity(vec![term(
                vec![],
                vec![req("metadata.name", "In", &["host_1", "host_2"])],
            )])),
            node_name_affinity("host_1"),
        ),
        (
            "empty required node selector",
            Some(required_affinity(vec![])),
            node_name_affinity("host_1"),
        ),
    ];
    for (name, input, want) in cases {
        assert_eq!(
            replace_daemon_set_pod_node_name_node_affinity(input, "host_1"),
            want,
            "{name}"
        );
    }
}

fn exists(key: &str, effect: &str) -> Toleration {
    toleration(key, "Exists", "", effect)
}

fn automatic(host_network: bool) -> Vec<Toleration> {
    let mut v = vec![
        exists("node.kubernetes.io/not-ready", "NoExecute"),
        exists("node.kubernetes.io/unreachable", "NoExecute"),
        exists("node.kubernetes.io/disk-pressure", "NoSchedule"),
        exists("node.kubernetes.io/memory-pressure", "NoSchedule"),
        exists("node.kubernetes.io/pid-pressure", "NoSchedule"),
        exists("node.kubernetes.io/unschedulable", "NoSchedule"),
    ];
    if host_network {
        v.push(exists(
            "node.kubernetes.io/network-unavailable",
            "NoSchedule",
        ));
    }
    v
}

/// `AddOrUpdateDaemonPodTolerations`: the table of spec §4.4, appended in order after the
/// template's; network-unavailable only with hostNetwork.
#[test]
fn test_add_or_update_daemon_pod_tolerations_appends() {
    let user = toleration("dedicated", "", "user1", "NoSchedule");
    for host_network in [false, true] {
        let mut list = vec![user.clone()];
        add_or_update_daemon_pod_tolerations(&mut list, host_network);
        let mut want = vec![user.clone()];
        want.extend(automatic(host_network));
        assert_eq!(list, want, "hostNetwork={host_network}");
    }
}

/// `AddOrUpdateTolerationInPodSpec`: a template toleration with the same key, effect,
/// operator and value is replaced in place (losing its tolerationSeconds; spec §14.13).
#[test]
fn test_add_or_update_daemon_pod_tolerations_replaces_in_place() {
    let mut with_seconds = exists("node.kubernetes.io/not-ready", "NoExecute");
    with_seconds.toleration_seconds = Some(300);
    let user = toleration("dedicated", "", "user1", "NoSchedule");
    let mut list = vec![with_seconds, user.clone()];
    add_or_update_daemon_pod_tolerations(&mut list, false);
    let mut want = vec![exists("node.kubernetes.io/not-ready", "NoExecute"), user];
    want.extend(automatic(false).into_iter().skip(1));
    assert_eq!(list, want);
}

/// A similar toleration that differs in operator (or value) is not replaced: both stay.
#[test]
fn test_add_or_update_daemon_pod_tolerations_keeps_non_matching() {
    let equal_op = toleration(
        "node.kubernetes.io/unschedulable",
        "Equal",
        "",
        "NoSchedule",
    );
    let mut list = vec![equal_op.clone()];
    add_or_update_daemon_pod_tolerations(&mut list, false);
    assert_eq!(list.len(), 7);
    assert_eq!(list[0], equal_op);
}

/// Idempotent: applying twice gives the same list.
#[test]
fn test_add_or_update_daemon_pod_tolerations_is_idempotent() {
    let mut once = vec![toleration("a", "Exists", "", "")];
    add_or_update_daemon_pod_tolerations(&mut once, true);
    let mut twice = once.clone();
    add_or_update_daemon_pod_tolerations(&mut twice, true);
    assert_eq!(once, twice);
}

#[test]
fn daemon_pod_tolerations_uses_host_network_of_spec() {
    let spec = PodSpec {
        host_network: Some(true),
        ..Default::default()
    };
    assert_eq!(daemon_pod_tolerations(&spec), automatic(true));
    assert_eq!(
        daemon_pod_tolerations(&PodSpec::default()),
        automatic(false)
    );
}

/// `CreatePodTemplate`: labels `pod-template-generation` and `controller-revision-hash`,
/// automatic tolerations, the rest unchanged.
#[test]
fn test_create_pod_template() {
    let ds = new_daemon_set("foo");
    let template = &ds.spec.template;
    let got = create_daemon_pod_template(template, Some("5d4b9f8c7"), Some(3));
    let labels = got.metadata.as_ref().unwrap().labels.as_ref().unwrap();
    assert_eq!(
        labels.get("controller-revision-hash").map(String::as_str),
        Some("5d4b9f8c7")
    );
    assert_eq!(
        labels.get("pod-template-generation").map(String::as_str),
        Some("3")
    );
    assert_eq!(
        labels.get("name").map(String::as_str),
        Some("simple-daemon")
    );
    let spec = got.spec.as_ref().unwrap();
    assert_eq!(spec.tolerations.clone().unwrap(), automatic(false));
    assert_eq!(spec.containers, template.spec.as_ref().unwrap().containers);

    let bare = create_daemon_pod_template(&Default::default(), Some(""), None);
    let labels = bare.metadata.unwrap().labels.unwrap();
    assert!(
        labels.is_empty(),
        "empty hash and no generation add no label: {labels:?}"
    );
}

/// `GetTargetNodeName` (daemonset_util_test.go `TestGetTargetNodeName`).
#[test]
fn test_get_target_node_name() {
    let bound = PodSpec {
        node_name: Some("node-1".into()),
        ..Default::default()
    };
    assert_eq!(target_node_name(&bound), Some("node-1"));
    let pending = PodSpec {
        affinity: Some(node_name_affinity("node-2")),
        ..Default::default()
    };
    assert_eq!(target_node_name(&pending), Some("node-2"));
    let two = PodSpec {
        affinity: Some(required_affinity(vec![term(
            vec![],
            vec![req("metadata.name", "In", &["a", "b"])],
        )])),
        ..Default::default()
    };
    assert_eq!(target_node_name(&two), None);
    let no_affinity = PodSpec::default();
    assert_eq!(target_node_name(&no_affinity), None);
    let expr_only = PodSpec {
        affinity: Some(Affinity {
            node_affinity: Some(NodeAffinity {
                required_during_scheduling_ignored_during_execution: Some(NodeSelector {
                    node_selector_terms: vec![term(vec![req("a", "Exists", &[])], vec![])],
                }),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(target_node_name(&expr_only), None);
}

/// Mirrors `TestTolerationToleratesTaint` (staging/src/k8s.io/api/core/v1/toleration_test.go).
#[test]
fn test_toleration_tolerates_taint() {
    let cases = [
        (
            "toleration and taint have the same key and effect, and operator is Exists, and taint has no value, expect tolerated",
            toleration("foo", "Exists", "", "NoSchedule"),
            taint("foo", "", "NoSchedule"),
            true,
        ),
        (
            "toleration and taint have the same key and effect, and operator is Exists, and taint has some value, expect tolerated",
            toleration("foo", "Exists", "", "NoSchedule"),
            taint("foo", "bar", "NoSchedule"),
            true,
        ),
        (
            "toleration and taint have the same effect, toleration has empty key and operator is Exists, means match all taints, expect tolerated",
            toleration("", "Exists", "", "NoSchedule"),
            taint("foo", "bar", "NoSchedule"),
            true,
        ),
        (
            "toleration and taint have the same key, effect and value, and operator is Equal, expect tolerated",
            toleration("foo", "Equal", "bar", "NoSchedule"),
            taint("foo", "bar", "NoSchedule"),
            true,
        ),
        (
            "toleration and taint have the same key and effect, but different values, and operator is Equal, expect not tolerated",
            toleration("foo", "Equal", "value1", "NoSchedule"),
            taint("foo", "value2", "NoSchedule"),
            false,
        ),
        (
            "toleration and taint have the same key and value, but different effects, and operator is Equal, expect not tolerated",
            toleration("foo", "Equal", "bar", "NoSchedule"),
            taint("foo", "bar", "NoExecute"),
            false,
        ),
        (
            "empty operator means Equal",
            toleration("foo", "", "bar", "NoSchedule"),
            taint("foo", "bar", "NoSchedule"),
            true,
        ),
        (
            "empty operator, empty value tolerates a taint without value",
            toleration("foo", "", "", "NoSchedule"),
            taint("foo", "", "NoSchedule"),
            true,
        ),
        ("empty effect matches all effects", toleration("foo", "Exists", "", ""), taint("foo", "bar", "NoExecute"), true),
        ("different keys", toleration("foo", "Exists", "", ""), taint("other", "", "NoExecute"), false),
        ("empty key and Exists tolerates everything", toleration("", "Exists", "", ""), taint("x", "y", "NoExecute"), true),
        ("unknown operator tolerates nothing", toleration("foo", "Gt", "1", ""), taint("foo", "2", "NoSchedule"), false),
    ];
    for (name, tol, t, want) in cases {
        assert_eq!(tolerates_taint(&tol, &t), want, "{name}");
    }
}
