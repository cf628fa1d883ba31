//! The command line: parsed first into [`lowargs::LowArgs`] (what was typed), then
//! validated into [`hiargs::HiArgs`] (what to do), as ripgrep does.

pub(crate) mod hiargs;
pub(crate) mod lowargs;

use std::fmt;

/// A command line that cannot be run: exit status 2, message plus short usage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UsageError(String);

impl UsageError {
    /// A usage error with this message.
    pub(crate) fn new(message: impl Into<String>) -> Self {
        UsageError(message.into())
    }
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The short usage printed after a usage error.
pub(crate) const SHORT_USAGE: &str = "\
Usage: dsplay simulate [--seed N] [-o yaml|json|wide|svg|chart] [--watch] [--default-cluster] STEP...
       dsplay explain  [--seed N] [-o text|json|yaml] [--default-cluster] STEP...
       dsplay share    [--seed N] [--base-url URL] [--default-cluster] STEP...
       dsplay simulate SCENARIO.yaml
       dsplay scenario export-kubectl SCENARIO.yaml
       dsplay lesson check LESSON.md...
Try 'dsplay --help' for the list of options and steps.
";

/// The full help text (`--help`).
pub(crate) fn long_help() -> String {
    format!(
        "\
dsplay {version}: the DaemonSet Playground on the command line.

Runs Kubernetes' DaemonSet controller, scheduler and kubelet over a simulated cluster
and simulated time. Same steps and seed, same output, byte for byte.

Usage: dsplay simulate [OPTIONS] STEP...
       dsplay explain  [OPTIONS] STEP...
       dsplay share    [OPTIONS] STEP...

COMMANDS:
  simulate   run the steps, then print the cluster (`kubectl get ... -o yaml`)
  explain    run the steps, then say for every DaemonSet and node whether a daemon
             pod should run there, and why
  share      run the steps, then print the page's share link for the run
             (BASE-URL#v1=...; the page opens it with the same pods, names included).
             `dsplay simulate link:LINK` runs a link, e.g. to check a docs page's links
             in CI. Format: docs/share-links.md
  scenario export-kubectl FILE
             print a scenario (kind: Scenario) as a bash script of kubectl
             commands for a real cluster, with `sleep` between timed steps
  lesson check FILE...
             verify lessons (docs/lessons.md): no task's check holds at the start
             or before its solution, and each holds after its solution; exit
             status 1 with each problem, located, otherwise

SCENARIOS:
  A step that is a file of kind: Scenario (docs/scenarios.md) runs that scenario: its
  seed, its cluster and its timed steps, then the cluster settles and the result is
  printed as for any run. A failed `expect:` is exit status 1, with what differed.
  The scenario is the only step; its seed is used (--seed is ignored).

OPTIONS:
  --seed N               seed for the random parts (pod name suffixes) [default: 0]
  -o, --output FORMAT    simulate: yaml (one v1 List, default), json, wide (tables),
                         svg (the cluster view as one self-contained SVG picture),
                         chart (each DaemonSet's status over the run as SVG charts,
                         with rollouts and steps marked)
                         explain:  text (default), json, yaml
  -w, --watch            simulate: print every change as it happens, one JSON object
                         per line: {{\"type\":\"ADDED\",\"object\":{{...}},\"time\":\"...\"}}
  --default-cluster      start from the playground's cluster (control-plane, worker-1..3)
                         instead of an empty one (same as a first step `default-cluster`)
  -n, --namespace NS     namespace of pods and DaemonSets named in steps [default: default]
  --settle-limit DUR     most simulated time one step may run to settle [default: 1h]
  --base-url URL         share: the playground's address in the link
                         [default: {base_url}]
  -q, --quiet            do not print kubectl's `daemonset.apps/x created` lines on stderr
  -h, --help             print this help
  -V, --version          print the version

{steps}
OUTPUT AND EXIT STATUS:
  Results go to stdout; kubectl's progress lines, warnings and errors go to stderr.
  A rejected object is reported as FILE:LINE:COL: Kind/name: message; the rest of the
  file still applies. Exit status: 0 success, 1 an object was rejected or a step was
  refused (e.g. unknown node), 2 bad command line or unreadable file.

EXAMPLES:
  dsplay simulate --default-cluster fluentd.yaml -o wide
  dsplay simulate nodes.yaml ds.yaml delete:node/worker-2 cordon:worker-1 wait:30s
  dsplay explain --default-cluster ds.yaml
  dsplay simulate --default-cluster ds.yaml wait:1m -o svg > cluster.svg
  dsplay simulate web/scenarios/05-rolling-update.yaml -o chart > rollout.svg
  cat ds.yaml | dsplay simulate --default-cluster --watch -
  dsplay share --default-cluster ds.yaml add-node:worker wait:30s
  dsplay simulate 'link:http://127.0.0.1:8080/#v1=...' -o wide
",
        version = env!("CARGO_PKG_VERSION"),
        base_url = hiargs::DEFAULT_BASE_URL,
        steps = dsplay_core::steps::STEP_HELP,
    )
}
