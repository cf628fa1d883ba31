//! Node operations are refused as the API server refuses the Node write they would make,
//! with its message, and nothing changes (issue 11, item 9: the simulation's entry point,
//! shared by the CLI's steps and the page's node controls).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dsplay_core::sim::{NodeOp, NodeTemplate, SimError, Simulation, TaintEffect};

#[test]
fn invalid_node_operations_are_refused_and_change_nothing() {
    let mut sim = Simulation::with_default_cluster(3);
    let before = sim.object_list();
    let refusals = [
        (
            NodeOp::SetLabel {
                name: "worker-1".into(),
                key: "bad key".into(),
                value: "v".into(),
            },
            "metadata.labels: Invalid value: \"bad key\": name part must consist of",
        ),
        (
            NodeOp::AddTaint {
                name: "worker-2".into(),
                key: "k".into(),
                value: "v".repeat(64),
                effect: TaintEffect::NoSchedule,
            },
            "spec.taints[0].value: Invalid value: \"vvvv",
        ),
        (
            NodeOp::Add {
                name: Some("UPPER_bad".into()),
                template: NodeTemplate::Worker,
            },
            "metadata.name: Invalid value: \"UPPER_bad\": a lowercase RFC 1123 subdomain",
        ),
    ];
    for (op, message) in refusals {
        let err = sim.node_op(op.clone()).unwrap_err();
        assert!(
            matches!(err, SimError::InvalidNodeOp { .. }),
            "{op:?}: {err:?}"
        );
        let err = err.to_string();
        assert!(err.starts_with(message), "{op:?}: {err}");
        assert_eq!(sim.object_list(), before, "{op:?} changed the cluster");
    }
    // Unknown nodes are still kubectl's not found; valid operations still work.
    let err = sim
        .node_op(NodeOp::Cordon {
            name: "nope".into(),
        })
        .unwrap_err();
    assert_eq!(err.to_string(), "nodes \"nope\" not found");
    sim.node_op(NodeOp::SetLabel {
        name: "worker-1".into(),
        key: "example.com/zone".into(),
        value: "a".into(),
    })
    .unwrap();
    let node = sim.node_object("worker-1").unwrap();
    assert_eq!(
        node.metadata
            .labels
            .unwrap()
            .get("example.com/zone")
            .map(String::as_str),
        Some("a")
    );
}
