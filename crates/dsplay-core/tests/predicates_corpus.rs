//! Every real DaemonSet × every real Node of the shared corpus: explanations agree with
//! `NodeShouldRunDaemonPod`, and the scheduler filters run on real quantities without panicking.

#![allow(clippy::disallowed_methods, clippy::unwrap_used)] // test helpers outside #[test] functions

use dsplay_core::explain::explain;
use dsplay_core::predicates::{
    create_daemon_pod_template, node_allocatable, node_should_run_daemon_pod, pod_fits_node,
    pod_requests, replace_daemon_set_pod_node_name_node_affinity, NodeUsage,
};
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::Node;
use serde::Deserialize;
use std::path::Path;

mod corpus_support;
use corpus_support::corpus_dir as corpus;

/// All documents of all files in `dir`, flattening `items` of lists.
fn documents(dir: &Path) -> Vec<(String, serde_yaml::Value)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for doc in serde_yaml::Deserializer::from_str(&text) {
            let Ok(v) = serde_yaml::Value::deserialize(doc) else {
                continue;
            };
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            if let Some(items) = v.get("items").and_then(|i| i.as_sequence()) {
                out.extend(items.iter().cloned().map(|i| (name.clone(), i)));
            } else {
                out.push((name, v));
            }
        }
    }
    out
}

#[test]
fn corpus_pairs_are_consistent() {
    let Some(dir) = corpus() else { return };
    let dss: Vec<(String, DaemonSet)> = documents(&dir.join("daemonsets"))
        .into_iter()
        .filter(|(_, v)| v.get("kind").and_then(|k| k.as_str()) == Some("DaemonSet"))
        .filter_map(|(f, v)| serde_yaml::from_value::<DaemonSet>(v).ok().map(|d| (f, d)))
        .collect();
    let nodes: Vec<(String, Node)> = documents(&dir.join("nodes"))
        .into_iter()
        .filter(|(_, v)| {
            v.get("kind")
                .and_then(|k| k.as_str())
                .is_none_or(|k| k == "Node")
        })
        .filter_map(|(f, v)| serde_yaml::from_value::<Node>(v).ok().map(|n| (f, n)))
        .collect();
    assert!(dss.len() >= 30, "only {} DaemonSets decoded", dss.len());
    assert!(!nodes.is_empty(), "no nodes decoded");
    let mut runs = 0;
    for (nf, node) in &nodes {
        let alloc = node_allocatable(node);
        for (df, ds) in &dss {
            let p = node_should_run_daemon_pod(node, ds);
            let e = explain(node, ds);
            assert_eq!(
                (e.should_run, e.should_continue_running),
                (p.should_run, p.should_continue_running),
                "{df} on {nf}"
            );
            assert_eq!(
                e.summary.starts_with("Runs here"),
                p.should_run,
                "{df} on {nf}: {}",
                e.summary
            );
            if p.should_run {
                runs += 1;
                let mut template =
                    create_daemon_pod_template(&ds.spec.template, Some("h"), Some(1));
                let spec = template.spec.as_mut().unwrap();
                let name = node.metadata.name.clone().unwrap_or_default();
                spec.affinity = Some(replace_daemon_set_pod_node_name_node_affinity(
                    spec.affinity.take(),
                    &name,
                ));
                let failures = pod_fits_node(spec, node, &NodeUsage::default());
                let req = pod_requests(spec);
                // A daemon pod alone on a node with allocatable fits unless it asks for more than it has.
                if alloc.pods > 0
                    && req.cpu_milli <= alloc.cpu_milli
                    && req.memory_milli <= alloc.memory_milli
                    && req.extended.is_empty()
                {
                    assert!(
                        failures.iter().all(|f| matches!(f, dsplay_core::predicates::FitFailure::Insufficient(r) if r == "ephemeral-storage")),
                        "{df} on {nf}: {failures:?}"
                    );
                }
            }
        }
    }
    eprintln!(
        "{} DaemonSets x {} nodes, {runs} pairs run",
        dss.len(),
        nodes.len()
    );
    assert!(runs > 0);
}
