#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]
//! Issue 11 item 4, "Amplification", after loading: a Pod of 240,000 environment variables
//! just under the API server's 3 MiB request limit (`podenv` in scripts/bounds-report.sh),
//! created on a node and written as `-o json` and `-o yaml` write the simulation's `v1 List`,
//! costs less than the 256 MiB goal at its peak. Rendering the pod copied its spec (about
//! 87 MB of typed environment variables) and `-o json` held the item's text twice: 245 to
//! 333 MiB in the release CLI, over what loading costs (199 MiB); the spec is now read from
//! where the simulation keeps it ([`dsplay_core::sim::RenderedPod`]).
//!
//! Its own file, so that nothing else runs in its process while the process's peak resident
//! set (`VmHWM` in `/proc/self/status`, Linux) is measured (the loader's shapes in
//! `bounds_amplification.rs` leave their freed memory resident). What is written is checked
//! after the measurement: the bytes the pod with its spec copied gives. Times are measured,
//! not asserted: `scripts/bounds-report.sh` (release CLI).

use dsplay_core::clock::SimDuration;
use dsplay_core::print;
use dsplay_core::sim::{ListObject, Simulation};
use std::fmt;
use std::str::FromStr;

/// The goal for any input under the file limit.
const PEAK_GOAL_BYTES: u64 = 256 * 1024 * 1024;

/// The process's peak resident set so far, when the system says (Linux).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb = u64::from_str(line.split_whitespace().nth(1)?).ok()?;
    Some(kb * 1024)
}

/// The length and a hash (FNV-1a) of a text written into it, not kept.
#[derive(Debug, PartialEq)]
struct Digest(usize, u64);

impl fmt::Write for Digest {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        for b in s.bytes() {
            self.1 = (self.1 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        Ok(())
    }
}

/// What `f` writes, as a [`Digest`].
fn digest(f: impl FnOnce(&mut Digest) -> fmt::Result) -> Digest {
    let mut d = Digest(0, 0xcbf2_9ce4_8422_2325);
    f(&mut d).unwrap();
    d
}

#[test]
fn a_pod_of_240_000_environment_variables_is_written_under_the_memory_goal() {
    let start = peak_rss();
    let n = (3 * 1024 * 1024 - 400) / 13;
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - name: c\n    image: registry.k8s.io/pause:3.10\n    env: [{}{{name: b}}]\n",
        "{name: a},".repeat(n)
    );
    let mut sim = Simulation::with_default_cluster(1);
    let report = sim.apply("p.yaml", &text);
    drop(text);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(sim.settle(SimDuration::from_secs(60)));
    if let Some(peak) = peak_rss() {
        eprintln!("loaded: peak resident set so far {} MiB", peak >> 20);
    }
    let written = [
        digest(|o| print::json::write_list(o, sim.list_objects())),
        digest(|o| print::yaml::write_list(o, sim.list_objects())),
    ];
    match (start, peak_rss()) {
        (Some(_), Some(peak)) => {
            eprintln!("written: peak resident set {} MiB", peak >> 20);
            assert!(
                peak < PEAK_GOAL_BYTES,
                "peak resident set {} MiB, over the 256 MiB goal",
                peak >> 20
            );
        }
        _ => eprintln!("no /proc/self/status: peak memory not measured"),
    }
    // The bytes written are those of the Pod with its spec copied (as it was rendered
    // before), through a `serde_json::Value`: the running pod, on its node, every env var.
    let copied = || {
        sim.list_objects().map(|o| match o {
            ListObject::Pod(p) => serde_json::to_value(p.to_pod()).unwrap(),
            o => serde_json::to_value(o).unwrap(),
        })
    };
    let want = [
        digest(|o| print::json::write_list(o, copied())),
        digest(|o| print::yaml::write_list(o, copied())),
    ];
    assert_eq!(written, want);
    let pod = sim.pod_refs().into_iter().next().unwrap().object();
    assert!(pod.spec.as_ref().unwrap().node_name.is_some());
    assert_eq!(pod.status.unwrap().phase.as_deref(), Some("Running"));
    let env = pod.spec.unwrap().containers[0].env.take().unwrap();
    assert_eq!(env.len(), n + 1);
    // `- name: a` a line in YAML, more in JSON.
    assert!(
        written[1].0 > 16 * n && written[0].0 > written[1].0,
        "{written:?}"
    );
}
