#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]
//! Issue 11 item 4, "Amplification": what a simulated object takes once decoded. The API
//! types take up to hundreds of times their JSON (a typed `Volume` is 3,280 bytes whatever it
//! holds, an `EnvVar` 360), so objects under the API server's 3 MiB request limit, in a file
//! under the 8 MiB limit, took up to gigabytes: a Pod of 200,000 volumes 803 MiB (and 120 s of
//! CPU), three DaemonSets of 240,000 environment variables 748 MiB, 300,000 Nodes 1.6 GiB in
//! the release CLI. The decoder counts what it makes as it makes it
//! (`load::MAX_OBJECT_DECODED_BYTES`, `MAX_FILE_DECODED_BYTES`, `MAX_FILE_WORKLOAD_BYTES`)
//! and stops at the bound, the object refused in etcd's words.
//!
//! A file of large Pods, past the bound for the Pods and DaemonSets of a file, is measured
//! first in this process (the peak resident set, `VmHWM` in `/proc/self/status`, Linux); its
//! answers and the other bounds are checked after. Times are measured, not asserted:
//! `scripts/bounds-report.sh` (release CLI).

mod bounds_support;

use bounds_support::{assert_peak_under, peak_rss};
use dsplay_core::load::{load, ApiObject, LoadOutput};
use dsplay_core::location::ErrorKind;

/// The goal for any input under the file limit.
const PEAK_GOAL_BYTES: u64 = 256 * 1024 * 1024;

/// A Pod `name` whose container has `n` + 1 environment variables.
fn pod_env(name: &str, n: usize) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n  containers:\n  - name: c\n    image: i\n    env: [{}{{name: b}}]\n",
        "{name: a},".repeat(n)
    )
}

/// A DaemonSet `name` whose container has `n` + 1 environment variables.
fn daemon_set_env(name: &str, n: usize) -> String {
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: {name}}}\nspec:\n  selector:\n    matchLabels: {{app: d}}\n  template:\n    metadata:\n      labels: {{app: d}}\n    spec:\n      containers:\n      - name: c\n        image: i\n        env: [{}{{name: b}}]\n",
        "{name: a},".repeat(n)
    )
}

/// Each error as `line:column: Kind/name: message`.
fn errors(out: &LoadOutput) -> Vec<String> {
    out.errors
        .iter()
        .map(|e| {
            let o = e.object.as_ref().map(|o| o.to_string()).unwrap_or_default();
            format!(
                "{}:{}: {o}: {}",
                e.location.line, e.location.column, e.message
            )
        })
        .collect()
}

const SPACE: &str = "etcdserver: mvcc: database space exceeded: the playground keeps at most 64 MiB of decoded Pods and DaemonSets from one file (a DaemonSet counts twice), and this one would pass it at ";
const TOO_LARGE: &str = "etcdserver: request is too large: the playground keeps an object only if it takes at most 32 MiB once decoded, and this one passes it at ";

#[test]
fn decoded_objects_are_bounded() {
    let start = peak_rss();
    // Six Pods of 85,000 environment variables (about 31 MiB each decoded) and a Node:
    // two Pods fit the 64 MiB of a file's Pods and DaemonSets, the four others are refused
    // at their documents, and the Node after them loads.
    let docs: Vec<String> = (0..6)
        .map(|i| pod_env(&format!("p{i}"), 85_000))
        .chain(["apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\n".to_string()])
        .collect();
    let text = docs.join("---\n");
    let starts: Vec<usize> = docs
        .iter()
        .scan(1, |line, d| {
            let at = *line;
            *line += d.lines().count() + 1;
            Some(at)
        })
        .collect();
    let out = load("p.yaml", &text);
    drop(text);
    let names: Vec<String> = out
        .objects
        .iter()
        .map(|o| match &o.object {
            ApiObject::Pod(p) => format!("Pod/{}", p.metadata.name.as_deref().unwrap_or("")),
            ApiObject::Node(n) => format!("Node/{}", n.metadata.name.as_deref().unwrap_or("")),
            _ => "other".to_string(),
        })
        .collect();
    let e = errors(&out);
    let (decoded, workload) = (out.decoded_bytes, out.workload_bytes);
    drop(out);
    assert_peak_under(start, PEAK_GOAL_BYTES, "six large Pods", "over the goal");
    assert_eq!(names, ["Pod/p0", "Pod/p1", "Node/node-1"], "{e:?}");
    assert_eq!(e.len(), 4, "{e:?}");
    for (i, e) in e.iter().enumerate() {
        let want = format!(
            "{}:1: Pod/p{}: {SPACE}spec.containers[0].env[",
            starts[i + 2],
            i + 2
        );
        assert!(e.starts_with(&want), "{e}\nwant {want}");
    }
    let pod = 85_001 * (std::mem::size_of::<k8s_openapi::api::core::v1::EnvVar>() as u64 + 1);
    assert!(workload > 2 * pod && workload < 64 << 20, "{workload}");
    assert!(decoded > workload, "{decoded} {workload}");

    // One object past 32 MiB: 10,300 volumes (3,280 bytes each decoded, 300 KB of text).
    let volumes: Vec<String> = (0..10_300)
        .map(|i| format!("{{name: v{i}, emptyDir: {{}}}}"))
        .collect();
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: v}}\nspec:\n  containers: [{{name: c, image: i}}]\n  volumes: [{}]\n",
        volumes.join(",")
    );
    let out = load("v.yaml", &text);
    let e = errors(&out);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with(&format!("1:1: Pod/v: {TOO_LARGE}spec.volumes[10")),
        "{e:?}"
    );
    assert_eq!(out.errors[0].kind, ErrorKind::TooLarge);
    assert!(out.objects.is_empty());
    // Under the bound, it loads.
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: v}}\nspec:\n  containers: [{{name: c, image: i}}]\n  volumes: [{}]\n",
        volumes[..10_000].join(",")
    );
    let few = load("v.yaml", &text);
    assert_eq!(errors(&few), Vec::<String>::new());

    // A DaemonSet counts twice (its pods' template is a second copy): two of 55,000
    // variables (about 20 MiB each) pass the 64 MiB that two such Pods fit in.
    let text = [daemon_set_env("d0", 55_000), daemon_set_env("d1", 55_000)].join("---\n");
    let out = load("d.yaml", &text);
    let e = errors(&out);
    assert_eq!(out.objects.len(), 1);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with(&format!(
            "16:1: DaemonSet/d1: {SPACE}spec.template.spec.containers[0].env["
        )),
        "{e:?}"
    );
    let text = [pod_env("p0", 55_000), pod_env("p1", 55_000)].join("---\n");
    let out = load("p.yaml", &text);
    assert_eq!((out.objects.len(), errors(&out)), (2, Vec::<String>::new()));
}
