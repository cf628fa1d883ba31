//! Loads every real manifest of the shared corpus (`../shared/corpus/{daemonsets,nodes}`).
//!
//! Every file must load with zero errors, except the files a real cluster rejects, listed in
//! [`REJECTED`] with the message expected; no file is skipped silently.

use dsplay_core::load::{load, ApiObject};
use std::path::{Path, PathBuf};

/// Files a real cluster rejects, with a substring of the expected error, and why.
const REJECTED: &[(&str, &str)] = &[];

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus"));
    if dir.is_dir() {
        return Some(dir.to_path_buf());
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("corpus folder {} is missing (CI=true)", dir.display());
    }
    eprintln!("skipping: corpus folder {} is missing", dir.display());
    None
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn check(sub: &str, count_kind: fn(&ApiObject) -> bool) {
    let Some(dir) = corpus_dir() else { return };
    let all = files(&dir.join(sub));
    assert!(!all.is_empty(), "no files in {sub}");
    let mut failures = Vec::new();
    for path in all {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let out = load(&name, &text);
        let msgs: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
        match REJECTED.iter().find(|(f, _)| *f == name) {
            Some((_, want)) => {
                if !msgs.iter().any(|m| m.contains(want)) {
                    failures.push(format!("{name}: expected an error containing {want:?}, got {msgs:#?}"));
                }
            }
            None => {
                if !msgs.is_empty() {
                    failures.push(format!("{name}: {msgs:#?}"));
                }
                let n = out.objects.iter().filter(|o| count_kind(&o.object)).count();
                if n == 0 {
                    failures.push(format!("{name}: no object of the expected kind"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_daemonset_file_loads_or_is_rejected_as_kubernetes_rejects_it() {
    check("daemonsets", |o| matches!(o, ApiObject::DaemonSet(_)));
}

#[test]
fn every_node_file_loads() {
    check("nodes", |o| matches!(o, ApiObject::Node(_)));
}
