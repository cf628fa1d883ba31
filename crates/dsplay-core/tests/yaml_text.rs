#![allow(clippy::panic)]
//! `dsplay_core::yaml_text::to_string` writes what `serde_yaml::to_string` writes, on real
//! objects: the playground's examples and every corpus manifest and node, applied to a
//! cluster and rendered as the API shapes them (pods, DaemonSets, nodes, revisions, events),
//! and on the manifests' own documents.

use dsplay_core::sim::Simulation;
use dsplay_core::yaml_text;
use std::path::{Path, PathBuf};

fn same(v: &serde_json::Value, what: &str) {
    let want = serde_yaml::to_string(v).unwrap_or_default();
    assert_eq!(yaml_text::to_string(v), want, "{what}");
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| {
        p.extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
    });
    v.sort();
    v
}

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus"
    ));
    if dir.is_dir() {
        return Some(dir.to_path_buf());
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("corpus folder {} is missing (CI=true)", dir.display());
    }
    eprintln!("skipping: corpus folder {} is missing", dir.display());
    None
}

/// Applies `files` to a default cluster, settles it, and compares the rendered objects and
/// every document of the files themselves.
fn check(files: &[PathBuf]) {
    let mut sim = Simulation::with_default_cluster(7);
    for f in files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        sim.apply(&f.display().to_string(), &text);
        for doc in serde_yaml::Deserializer::from_str(&text) {
            if let Ok(v) = serde::Deserialize::deserialize(doc) {
                let v: serde_json::Value = v;
                same(&v, &f.display().to_string());
            }
        }
    }
    sim.settle(dsplay_core::clock::SimDuration::from_secs(600));
    let list = sim.object_list();
    let pods = list["items"]
        .as_array()
        .map_or(0, |a| a.iter().filter(|i| i["kind"] == "Pod").count());
    assert!(pods > 0, "no pods rendered");
    same(&list, "object list");
    for item in list["items"].as_array().into_iter().flatten() {
        same(item, &item["metadata"]["name"].to_string());
    }
}

#[test]
fn examples_render_as_serde_yaml_does() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/examples"));
    let files = yaml_files(dir);
    assert!(files.len() >= 5, "examples found: {}", files.len());
    check(&files);
}

#[test]
fn corpus_renders_as_serde_yaml_does() {
    let Some(dir) = corpus_dir() else {
        return;
    };
    let mut files = yaml_files(&dir.join("nodes"));
    files.extend(yaml_files(&dir.join("daemonsets")));
    assert!(files.len() > 50, "corpus files found: {}", files.len());
    check(&files);
}
