#![allow(clippy::disallowed_methods, clippy::panic, clippy::print_stderr)]
//! Loading speed, measured (never asserted). Run in release mode:
//!
//! ```text
//! cargo test --release -p dsplay-core --test load_perf -- --ignored --nocapture
//! ```
//!
//! Inputs: a 1,000-node `List` (~330 KB), the largest corpus file (`antrea--antrea.yaml`,
//! 237 KB), and a ~3 MiB multi-document file made of corpus DaemonSets. For each: the best
//! and the median of several runs of [`load`], and of libyaml's syntax pass alone (the part of
//! the work that parses every document a second time).

mod load_support;

use dsplay_core::load::load;
use load_support::thousand_node_list;
use serde::Deserialize;
use std::path::Path;
use std::time::{Duration, Instant};

fn corpus(name: &str) -> Option<String> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/daemonsets"
    ));
    std::fs::read_to_string(dir.join(name)).ok()
}

/// About 3 MiB of `---`-separated corpus DaemonSets (renamed so that names differ).
fn three_mib_file() -> Option<String> {
    let base = corpus("kube-prometheus--nodeExporter-daemonset.yaml")?;
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 3 * 1024 * 1024 - base.len() {
        text.push_str("---\n");
        text.push_str(&base.replacen(
            "name: node-exporter\n",
            &format!("name: node-exporter-{i}\n"),
            1,
        ));
        i += 1;
    }
    Some(text)
}

fn time(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut all: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    all.sort();
    (all[0], all[all.len() / 2])
}

fn libyaml_only(text: &str) {
    for doc in serde_yaml::Deserializer::from_str(text) {
        let _ = serde::de::IgnoredAny::deserialize(doc);
    }
}

#[test]
#[ignore = "a measurement: run with --release --ignored --nocapture"]
fn measure_loading() {
    let mut inputs = vec![("1,000-node List".to_string(), thousand_node_list())];
    match corpus("antrea--antrea.yaml") {
        Some(t) => inputs.push(("antrea--antrea.yaml".to_string(), t)),
        None => eprintln!("skipping antrea: corpus missing"),
    }
    match three_mib_file() {
        Some(t) => inputs.push(("3 MiB of DaemonSets".to_string(), t)),
        None => eprintln!("skipping 3 MiB file: corpus missing"),
    }
    for (name, text) in &inputs {
        let out = load(name, text);
        let (best, median) = time(7, || {
            let _ = load(name, text);
        });
        let (y_best, _) = time(7, || libyaml_only(text));
        eprintln!(
            "{name}: {} bytes, {} objects, {} not simulated, {} errors: load best {best:?} median {median:?} (libyaml syntax pass alone {y_best:?})",
            text.len(),
            out.objects.len(),
            out.not_simulated.len(),
            out.errors.len()
        );
        assert!(out.errors.is_empty(), "{:?}", out.errors.first());
    }
}
