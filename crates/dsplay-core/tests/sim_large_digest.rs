//! A tripwire for changes to the simulation's output: a cluster larger than `BurstReplicas`
//! (so creations take several syncs) goes through create, rolling update (with and without
//! surge), node removal/addition, taints and a failed pod; the full object list (names, uids,
//! times, statuses, events), `resourceVersion`s apart, is pinned here as an FNV-1a digest.
//! A change that moves it must say why in its commit (re-pin it then; never bend code to
//! keep it). Whether the incremental controller does what a full resync would is checked by
//! `controller_matches_full_resync.rs`, not here.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use dsplay_core::clock::SimDuration;
use dsplay_core::sim::{Input, NodeOp, NodeTemplate, Simulation, TaintEffect};

fn ds_yaml(name: &str, image: &str, surge: bool) -> String {
    let strategy = if surge {
        "  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 10%\n      maxUnavailable: 0\n"
    } else {
        "  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 25%\n"
    };
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {name}\nspec:\n  selector:\n    matchLabels:\n      app: {name}\n{strategy}  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n      - name: c\n        image: {image}\n        resources:\n          requests:\n            cpu: 10m\n            memory: 16Mi\n"
    )
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn run() -> (u64, usize) {
    let mut sim = Simulation::new(7);
    for i in 0..600 {
        sim.node_op(NodeOp::Add {
            name: Some(format!("n-{i:04}")),
            template: NodeTemplate::Worker,
        })
        .unwrap();
    }
    sim.apply("a.yaml", &ds_yaml("plain", "a:1", false));
    sim.apply("b.yaml", &ds_yaml("surge", "b:1", true));
    sim.advance(SimDuration::from_secs(1));
    assert!(sim.settle(SimDuration::from_secs(3600)));
    assert_eq!(sim.pod_count(), 1200);
    // Rolling updates of both.
    sim.apply("a.yaml", &ds_yaml("plain", "a:2", false));
    sim.apply("b.yaml", &ds_yaml("surge", "b:2", true));
    sim.advance(SimDuration::from_secs(3));
    for i in (0..600).step_by(97) {
        let _ = sim.node_op(NodeOp::Remove {
            name: format!("n-{i:04}"),
        });
    }
    let _ = sim.node_op(NodeOp::AddTaint {
        name: "n-0001".into(),
        key: "k".into(),
        value: "v".into(),
        effect: TaintEffect::NoExecute,
    });
    let _ = sim.node_op(NodeOp::Cordon {
        name: "n-0002".into(),
    });
    let _ = sim.node_op(NodeOp::SetReady {
        name: "n-0003".into(),
        ready: false,
    });
    assert!(sim.settle(SimDuration::from_secs(3600)));
    let list = sim.object_list();
    let victim = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == "Pod")
        .map(|o| {
            (
                o["metadata"]["namespace"].as_str().unwrap().to_string(),
                o["metadata"]["name"].as_str().unwrap().to_string(),
            )
        })
        .nth(5)
        .unwrap();
    let _ = sim.step(Input::FailPod {
        namespace: victim.0,
        name: victim.1,
    });
    for i in 0..3 {
        sim.node_op(NodeOp::Add {
            name: Some(format!("extra-{i}")),
            template: NodeTemplate::Worker,
        })
        .unwrap();
    }
    let _ = sim.node_op(NodeOp::SetReady {
        name: "n-0003".into(),
        ready: true,
    });
    assert!(sim.settle(SimDuration::from_secs(3600)));
    let _ = sim.sync_all_once();
    let mut list = sim.object_list();
    strip_resource_versions(&mut list);
    let text = serde_json::to_string(&list).unwrap();
    (fnv1a(text.as_bytes()), sim.pod_count())
}

/// `resourceVersion`s count the API server's writes, which the controller is free to save.
fn strip_resource_versions(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove("resourceVersion");
            m.values_mut().for_each(strip_resource_versions);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip_resource_versions),
        _ => {}
    }
}

#[test]
fn large_cluster_output_is_unchanged() {
    let (digest, pods) = run();
    println!("digest {digest:#018x}, {pods} pods");
    assert_eq!(pods, 1190);
    assert_eq!(digest, DIGEST);
}

/// Digest of the object list without `resourceVersion`s. Pinned when resourceVersions left
/// the digest (the controller stopped taking one per sync for a write it did not make): the
/// digest of the same list was the same before and after that change.
const DIGEST: u64 = 0xb490_bd83_113b_7c5f;
