//! Explanations: wording and agreement with `NodeShouldRunDaemonPod`.

mod predicates_support;

use dsplay_core::explain::{explain, toleration_to_string};
use dsplay_core::predicates::node_should_run_daemon_pod;
use predicates_support::*;

fn failed(e: &dsplay_core::explain::Explanation) -> Vec<&str> {
    e.checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| c.name.as_str())
        .collect()
}

#[test]
fn control_plane_taint_is_named() {
    let node = with_taints(
        new_node("cp", None),
        vec![taint(
            "node-role.kubernetes.io/control-plane",
            "",
            "NoSchedule",
        )],
    );
    let e = explain(&node, &new_daemon_set("agent"));
    assert_eq!((e.should_run, e.should_continue_running), (false, true));
    assert!(
        e.summary.starts_with(
            "No pod: the node has taint `node-role.kubernetes.io/control-plane:NoSchedule`, which the pod does not tolerate."
        ),
        "{}",
        e.summary
    );
    assert!(
        e.summary.contains("counted as misscheduled"),
        "{}",
        e.summary
    );
    assert_eq!(
        failed(&e),
        vec!["taint node-role.kubernetes.io/control-plane:NoSchedule"]
    );
}

#[test]
fn runs_with_selector_and_tolerated_taints() {
    let node = with_taints(
        new_node("w", Some(labels(&[("disktype", "ssd")]))),
        vec![taint("dedicated", "logs", "NoSchedule")],
    );
    let mut ds = with_tolerations(
        new_daemon_set("agent"),
        vec![toleration("dedicated", "", "logs", "NoSchedule")],
    );
    spec_mut(&mut ds).node_selector = Some(labels(&[("disktype", "ssd")]));
    let e = explain(&node, &ds);
    assert!(e.should_run);
    assert_eq!(
        e.summary,
        "Runs here: the node matches the nodeSelector and every NoSchedule/NoExecute taint is tolerated."
    );
    let taint_check = e
        .checks
        .iter()
        .find(|c| c.name == "taint dedicated=logs:NoSchedule")
        .unwrap();
    assert_eq!(
        taint_check.detail,
        "tolerated by the template's toleration `dedicated=logs:NoSchedule`"
    );
}

#[test]
fn node_selector_missing_label() {
    let mut ds = new_daemon_set("agent");
    spec_mut(&mut ds).node_selector = Some(labels(&[("disktype", "ssd")]));
    let e = explain(&new_node("w", None), &ds);
    assert_eq!((e.should_run, e.should_continue_running), (false, false));
    assert_eq!(
        e.summary,
        "No pod: nodeSelector `disktype=ssd` does not match: the node has no label `disktype`."
    );
    let e = explain(&new_node("w", Some(labels(&[("disktype", "hdd")]))), &ds);
    assert_eq!(
        e.summary,
        "No pod: nodeSelector `disktype=ssd` does not match: the node's label is `disktype=hdd`."
    );
}

#[test]
fn automatic_toleration_is_mentioned() {
    let node = unschedulable(with_taints(
        new_node("c", None),
        vec![taint("node.kubernetes.io/unschedulable", "", "NoSchedule")],
    ));
    let e = explain(&node, &new_daemon_set("agent"));
    assert!(e.should_run);
    assert_eq!(
        e.summary,
        "Runs here: the template does not restrict nodes and every NoSchedule/NoExecute taint is tolerated \
         (node.kubernetes.io/unschedulable:NoSchedule by the toleration every DaemonSet pod gets automatically)."
    );
    let c = e
        .checks
        .iter()
        .find(|c| c.name.starts_with("taint "))
        .unwrap();
    assert_eq!(
        c.detail,
        "tolerated by the toleration every DaemonSet pod gets automatically: node.kubernetes.io/unschedulable:NoSchedule"
    );
}

#[test]
fn no_execute_evicts() {
    let node = with_taints(
        new_node("t", None),
        vec![taint("dedicated", "user1", "NoExecute")],
    );
    let e = explain(&node, &new_daemon_set("agent"));
    assert_eq!((e.should_run, e.should_continue_running), (false, false));
    assert!(
        e.summary.contains("`dedicated=user1:NoExecute`"),
        "{}",
        e.summary
    );
    assert!(e.summary.contains("evicts"), "{}", e.summary);
}

#[test]
fn network_unavailable_hint() {
    let node = with_taints(
        new_node("t", None),
        vec![taint(
            "node.kubernetes.io/network-unavailable",
            "",
            "NoSchedule",
        )],
    );
    let e = explain(&node, &new_daemon_set("agent"));
    assert!(
        e.summary.contains("only with hostNetwork: true"),
        "{}",
        e.summary
    );
    let node = with_taints(
        new_node("t", None),
        vec![taint("node.kubernetes.io/not-ready", "", "NoSchedule")],
    );
    let e = explain(&node, &new_daemon_set("agent"));
    assert!(
        e.summary.contains("covers only its NoExecute variant"),
        "{}",
        e.summary
    );
}

#[test]
fn prefer_no_schedule_is_explained_as_ignored() {
    let node = with_taints(
        new_node("t", None),
        vec![taint("soft", "", "PreferNoSchedule")],
    );
    let e = explain(&node, &new_daemon_set("agent"));
    assert!(e.should_run);
    let c = e
        .checks
        .iter()
        .find(|c| c.name == "taint soft:PreferNoSchedule")
        .unwrap();
    assert!(c.passed && c.detail.contains("ignored"), "{c:?}");
    assert!(
        e.summary.contains("no NoSchedule/NoExecute taints"),
        "{}",
        e.summary
    );
}

#[test]
fn node_name_mismatch() {
    let ds = ds_with_spec(resource_pod_spec("other-node", "50M", "0.5"));
    let e = explain(&new_node("test-node", None), &ds);
    assert_eq!(e.summary, "No pod: the template's spec.nodeName is `other-node`, so the pod may only run on node other-node.");
    assert_eq!(failed(&e), vec!["nodeName"]);
}

#[test]
fn affinity_terms_are_explained_per_requirement() {
    let mut ds = new_daemon_set("agent");
    spec_mut(&mut ds).affinity = Some(required_affinity(vec![
        term(
            vec![
                req("kubernetes.io/os", "In", &["linux"]),
                req("gpu", "Exists", &[]),
            ],
            vec![],
        ),
        term(vec![req("cores", "Gt", &["8"])], vec![]),
    ]));
    let node = new_node(
        "w",
        Some(labels(&[("kubernetes.io/os", "linux"), ("cores", "4")])),
    );
    let e = explain(&node, &ds);
    assert!(!e.should_run);
    assert_eq!(
        failed(&e),
        vec![
            "node affinity term 1: gpu Exists",
            "node affinity term 2: cores Gt 8",
            "node affinity"
        ]
    );
    let gt = e
        .checks
        .iter()
        .find(|c| c.name == "node affinity term 2: cores Gt 8")
        .unwrap();
    assert_eq!(gt.detail, "the node's cores=4 is not greater than 8");
    assert!(
        e.summary.starts_with("No pod: the required node affinity (requiredDuringSchedulingIgnoredDuringExecution) does not match: none of its 2 terms matches"),
        "{}",
        e.summary
    );
    let notin = explain(&new_node("w", None), &{
        let mut d = new_daemon_set("a");
        spec_mut(&mut d).affinity = Some(required_affinity(vec![term(
            vec![req("zone", "NotIn", &["a"])],
            vec![],
        )]));
        d
    });
    assert!(notin.should_run);
    assert!(notin
        .checks
        .iter()
        .any(|c| c.detail.contains("NotIn matches nodes without the label")));
}

#[test]
fn toleration_rendering() {
    assert_eq!(
        toleration_to_string(&toleration("k", "Equal", "v", "NoSchedule")),
        "k=v:NoSchedule"
    );
    assert_eq!(
        toleration_to_string(&toleration("k", "Exists", "", "NoExecute")),
        "k:NoExecute op=Exists"
    );
    assert_eq!(
        toleration_to_string(&toleration("", "Exists", "", "")),
        "op=Exists"
    );
}

/// The verdict of every explanation is NodeShouldRunDaemonPod's, and the summary agrees with it,
/// over a grid of nodes and DaemonSets.
#[test]
fn explanation_agrees_with_node_should_run() {
    let nodes = vec![
        new_node("plain", None),
        unschedulable(new_node("cordoned", None)),
        with_taints(new_node("ns", None), vec![taint("a", "1", "NoSchedule")]),
        with_taints(new_node("ne", None), vec![taint("a", "1", "NoExecute")]),
        with_taints(
            new_node("nr", None),
            vec![taint("node.kubernetes.io/not-ready", "", "NoExecute")],
        ),
        new_node("ssd", Some(labels(&[("disktype", "ssd")]))),
    ];
    let mut selector = new_daemon_set("s");
    spec_mut(&mut selector).node_selector = Some(labels(&[("disktype", "ssd")]));
    let dss = vec![
        new_daemon_set("plain"),
        with_tolerations(
            new_daemon_set("tol"),
            vec![toleration("a", "Exists", "", "")],
        ),
        with_tolerations(
            new_daemon_set("tol-ne"),
            vec![toleration("a", "Exists", "", "NoExecute")],
        ),
        selector,
    ];
    for node in &nodes {
        for ds in &dss {
            let e = explain(node, ds);
            let p = node_should_run_daemon_pod(node, ds);
            assert_eq!(
                (e.should_run, e.should_continue_running),
                (p.should_run, p.should_continue_running)
            );
            assert_eq!(
                e.summary.starts_with("Runs here"),
                p.should_run,
                "{}",
                e.summary
            );
            assert_eq!(
                e.checks.iter().all(|c| c.passed),
                p.should_run,
                "{:?}",
                e.checks
            );
        }
    }
}
