#![allow(clippy::panic, clippy::unwrap_used)]
//! The page's YAML for a pod, a DaemonSet or a node ([`dsplay_core::print::get_yaml`], what
//! the details panel shows) is, byte for byte, what the CLI's `-o yaml` writer
//! ([`dsplay_core::print::yaml`]) prints for that object of the CLI's `v1 List` alone, as
//! `kubectl get KIND NAME -o yaml` would: on the playground's examples and on every corpus
//! manifest and node, applied to a cluster and settled. The YAML also reads back as the
//! object.

mod corpus_support;
use corpus_support::{corpus_dir, files};
use dsplay_core::print::{get_yaml, yaml};
use dsplay_core::sim::{ObjectKind, Simulation};
use std::path::{Path, PathBuf};

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut v = files(dir);
    v.retain(|p| {
        p.extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
    });
    v
}

/// Applies `files` to a default cluster, settles it, and compares every pod, DaemonSet
/// and node; returns how many of each kind were compared.
fn check(files: &[PathBuf]) -> [usize; 3] {
    let mut sim = Simulation::with_default_cluster(7);
    for f in files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        sim.apply(&f.display().to_string(), &text);
    }
    sim.settle(dsplay_core::clock::SimDuration::from_secs(600));
    let list = sim.object_list();
    let mut counts = [0; 3];
    for item in list["items"].as_array().into_iter().flatten() {
        let kind = item["kind"].as_str().unwrap_or_default();
        let slot = match kind {
            "Pod" => 0,
            "DaemonSet" => 1,
            "Node" => 2,
            _ => continue,
        };
        let namespace = item["metadata"]["namespace"].as_str().unwrap_or_default();
        let name = item["metadata"]["name"].as_str().unwrap_or_default();
        let kubectl = yaml::to_string(item);
        let object_kind = ObjectKind::from_kubectl(kind).unwrap();
        let page = get_yaml(&sim, object_kind, namespace, name)
            .unwrap_or_else(|| panic!("{kind} {namespace}/{name}: the page finds nothing"));
        assert_eq!(page, kubectl, "{kind} {namespace}/{name}");
        let back: serde_json::Value = serde_yaml::from_str(&page).unwrap();
        assert_eq!(&back, item, "{kind} {namespace}/{name} reads back");
        counts[slot] += 1;
    }
    counts
}

#[test]
fn examples_show_what_kubectl_prints() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/examples"));
    let files = yaml_files(dir);
    assert!(files.len() >= 5, "examples found: {}", files.len());
    let [pods, daemon_sets, nodes] = check(&files);
    assert!(
        pods > 0 && daemon_sets >= 5 && nodes > 0,
        "pods {pods}, DaemonSets {daemon_sets}, nodes {nodes}"
    );
}

#[test]
fn corpus_shows_what_kubectl_prints() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let mut files = yaml_files(&dir.join("nodes"));
    files.extend(yaml_files(&dir.join("daemonsets")));
    assert!(files.len() > 50, "corpus files found: {}", files.len());
    let [pods, daemon_sets, nodes] = check(&files);
    assert!(
        pods > 0 && daemon_sets > 0 && nodes > 0,
        "pods {pods}, DaemonSets {daemon_sets}, nodes {nodes}"
    );
}

#[test]
fn unknown_objects_show_nothing() {
    let sim = Simulation::with_default_cluster(1);
    assert!(get_yaml(&sim, ObjectKind::Node, "", "no-such-node").is_none());
    assert!(get_yaml(&sim, ObjectKind::Pod, "default", "no-such-pod").is_none());
    assert!(get_yaml(&sim, ObjectKind::DaemonSet, "default", "none").is_none());
    let node = sim.view().nodes[0].name.clone();
    let text = get_yaml(&sim, ObjectKind::Node, "", &node).unwrap();
    assert!(
        text.starts_with("apiVersion: v1\nkind: Node\nmetadata:\n"),
        "{text}"
    );
}
