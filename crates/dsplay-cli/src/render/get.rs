//! The tables `kubectl get` prints, computed from API objects exactly as kubectl's
//! printers do (`pkg/printers/internalversion/printers.go`): `kubectl get nodes`,
//! `kubectl get ds`, `kubectl get pods -o wide` and `kubectl get events`.
//!
//! They are computed from the objects in the `v1 List` (not from a projection), so the
//! tables say what `kubectl get` would say about the same objects.

use super::table;
use super::time::{age, parse_rfc3339};
use dsplay_core::clock::SimTime;
use dsplay_core::print::DAEMON_SET_COLUMNS;
use serde_json::Value;
use std::collections::BTreeSet;

/// A field by path, as a string.
fn s<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    at(v, path).and_then(Value::as_str)
}

/// A field by path.
fn at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

/// A field by path, as an array (empty when missing).
fn arr<'a>(v: &'a Value, path: &[&str]) -> &'a [Value] {
    at(v, path)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// An integer field by path (0 when missing, as Go's zero value).
fn int(v: &Value, path: &[&str]) -> i64 {
    at(v, path).and_then(Value::as_i64).unwrap_or(0)
}

fn name(v: &Value) -> &str {
    s(v, &["metadata", "name"]).unwrap_or("")
}

fn namespace(v: &Value) -> &str {
    s(v, &["metadata", "namespace"]).unwrap_or("")
}

fn or_none(v: &str) -> String {
    if v.is_empty() {
        "<none>".to_string()
    } else {
        v.to_string()
    }
}

/// All four tables for a `v1 List`, separated by blank lines; empty tables are left out,
/// as `kubectl get` prints no table when it finds nothing. A NAMESPACE column comes first
/// (as with `kubectl get -A`) when the namespaced objects live in more than one namespace.
#[cfg(test)]
pub(crate) fn render_all(list: &Value, now: SimTime) -> String {
    let mut tables = Tables::new(now);
    for item in arr(list, &["items"]) {
        tables.add(item);
    }
    tables.render()
}

/// The four tables of `render_all`, built one object at a time (as kubectl's printer
/// takes rows): only each row's cells are kept, never the objects.
pub(crate) struct Tables {
    now: SimTime,
    /// (name, cells).
    nodes: Vec<(String, Vec<String>)>,
    /// (namespace, name, cells).
    daemon_sets: Vec<(String, String, Vec<String>)>,
    /// (namespace, name, cells).
    pods: Vec<(String, String, Vec<String>)>,
    /// (last seen, namespace, cells), in the list's order (the order they were recorded).
    events: Vec<(i64, String, Vec<String>)>,
    /// Namespaces of the DaemonSets, pods and events.
    namespaces: BTreeSet<String>,
}

impl Tables {
    /// No rows yet; ages count from `now`.
    pub(crate) fn new(now: SimTime) -> Self {
        Tables {
            now,
            nodes: Vec::new(),
            daemon_sets: Vec::new(),
            pods: Vec::new(),
            events: Vec::new(),
            namespaces: BTreeSet::new(),
        }
    }

    /// Adds the row of one item of the list (other kinds have no table).
    pub(crate) fn add(&mut self, item: &Value) {
        let now = self.now;
        let ns = namespace(item).to_string();
        match s(item, &["kind"]) {
            Some("Node") => self
                .nodes
                .push((name(item).to_string(), node_row(item, now))),
            Some("DaemonSet") => {
                self.namespaces.insert(ns.clone());
                let row = daemon_set_row(item, now);
                self.daemon_sets.push((ns, name(item).to_string(), row));
            }
            Some("Pod") => {
                self.namespaces.insert(ns.clone());
                let row = pod_row(item, now);
                self.pods.push((ns, name(item).to_string(), row));
            }
            Some("Event") => {
                self.namespaces.insert(ns.clone());
                let t = last_seen_ms(item).unwrap_or(i64::MIN);
                self.events.push((t, ns, event_row(item, now)));
            }
            _ => {}
        }
    }

    /// The tables, laid out.
    pub(crate) fn render(mut self) -> String {
        let all_ns = self.namespaces.len() > 1;
        // Stable sorts: equal keys keep the list's order.
        self.nodes.sort_by(|a, b| a.0.cmp(&b.0));
        self.daemon_sets
            .sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        self.pods.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        self.events.sort_by_key(|e| e.0);
        let table = |head: Vec<String>, rows: Vec<(String, Vec<String>)>, namespaced: bool| {
            let mut t = Vec::with_capacity(rows.len() + 1);
            t.push(head);
            for (ns, cells) in rows {
                t.push(with_ns(namespaced && all_ns, &ns, cells));
            }
            t
        };
        let tables = [
            table(
                header(false, NODE_COLUMNS),
                self.nodes
                    .into_iter()
                    .map(|(_, c)| (String::new(), c))
                    .collect(),
                false,
            ),
            table(
                header(all_ns, &DAEMON_SET_COLUMNS),
                self.daemon_sets
                    .into_iter()
                    .map(|(ns, _, c)| (ns, c))
                    .collect(),
                true,
            ),
            table(
                header(all_ns, POD_COLUMNS),
                self.pods.into_iter().map(|(ns, _, c)| (ns, c)).collect(),
                true,
            ),
            table(
                header(all_ns, EVENT_COLUMNS),
                self.events.into_iter().map(|(_, ns, c)| (ns, c)).collect(),
                true,
            ),
        ];
        tables
            .iter()
            .filter(|t| t.len() > 1)
            .map(|t| table::render(t))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn with_ns(all_ns: bool, ns: &str, mut cells: Vec<String>) -> Vec<String> {
    if all_ns {
        cells.insert(0, ns.to_string());
    }
    cells
}

fn header(all_ns: bool, cells: &[&str]) -> Vec<String> {
    with_ns(
        all_ns,
        "NAMESPACE",
        cells.iter().map(|c| c.to_string()).collect(),
    )
}

const NODE_COLUMNS: &[&str] = &["NAME", "STATUS", "ROLES", "AGE", "VERSION"];

/// `kubectl get nodes` (`printNode`).
#[cfg(test)]
pub(crate) fn nodes_table(nodes: &[&Value], now: SimTime) -> Vec<Vec<String>> {
    let mut rows = vec![header(false, NODE_COLUMNS)];
    rows.extend(nodes.iter().map(|n| node_row(n, now)));
    rows
}

/// One row of `kubectl get nodes`.
fn node_row(node: &Value, now: SimTime) -> Vec<String> {
    let mut status = Vec::new();
    // NodeAllConditions is just Ready; the last Ready condition wins (Go map assignment).
    if let Some(ready) = arr(node, &["status", "conditions"])
        .iter()
        .rfind(|c| s(c, &["type"]) == Some("Ready"))
    {
        if s(ready, &["status"]) == Some("True") {
            status.push("Ready");
        } else {
            status.push("NotReady");
        }
    }
    if status.is_empty() {
        status.push("Unknown");
    }
    if at(node, &["spec", "unschedulable"]).and_then(Value::as_bool) == Some(true) {
        status.push("SchedulingDisabled");
    }
    vec![
        name(node).to_string(),
        status.join(","),
        or_none(&node_roles(node).join(",")),
        age(now, s(node, &["metadata", "creationTimestamp"])),
        s(node, &["status", "nodeInfo", "kubeletVersion"])
            .unwrap_or("")
            .to_string(),
    ]
}

/// kubectl's `findNodeRoles`: `node-role.kubernetes.io/<role>` labels and `kubernetes.io/role`.
fn node_roles(node: &Value) -> Vec<String> {
    let mut roles = BTreeSet::new();
    if let Some(labels) = at(node, &["metadata", "labels"]).and_then(Value::as_object) {
        for (k, v) in labels {
            if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
                if !role.is_empty() {
                    roles.insert(role.to_string());
                }
            } else if k == "kubernetes.io/role" {
                if let Some(v) = v.as_str().filter(|v| !v.is_empty()) {
                    roles.insert(v.to_string());
                }
            }
        }
    }
    roles.into_iter().collect()
}

/// `kubectl get ds` (`printDaemonSet`).
#[cfg(test)]
pub(crate) fn daemon_sets_table(ds: &[&Value], now: SimTime, all_ns: bool) -> Vec<Vec<String>> {
    let mut rows = vec![header(all_ns, &DAEMON_SET_COLUMNS)];
    rows.extend(
        ds.iter()
            .map(|d| with_ns(all_ns, namespace(d), daemon_set_row(d, now))),
    );
    rows
}

/// One row of `kubectl get ds`, without its namespace.
fn daemon_set_row(d: &Value, now: SimTime) -> Vec<String> {
    let status = |f: &str| int(d, &["status", f]).to_string();
    vec![
        name(d).to_string(),
        status("desiredNumberScheduled"),
        status("currentNumberScheduled"),
        status("numberReady"),
        status("updatedNumberScheduled"),
        status("numberAvailable"),
        format_labels(at(d, &["spec", "template", "spec", "nodeSelector"])),
        age(now, s(d, &["metadata", "creationTimestamp"])),
    ]
}

/// apimachinery's `labels.FormatLabels`: `k=v,k2=v2` sorted by key, `<none>` when empty.
fn format_labels(map: Option<&Value>) -> String {
    let Some(map) = map.and_then(Value::as_object) else {
        return "<none>".to_string();
    };
    let mut pairs: Vec<(&String, &str)> = map
        .iter()
        .map(|(k, v)| (k, v.as_str().unwrap_or("")))
        .collect();
    pairs.sort();
    or_none(
        &pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(","),
    )
}

const POD_COLUMNS: &[&str] = &[
    "NAME",
    "READY",
    "STATUS",
    "RESTARTS",
    "AGE",
    "IP",
    "NODE",
    "NOMINATED NODE",
    "READINESS GATES",
];

/// `kubectl get pods -o wide` (`printPod`).
#[cfg(test)]
pub(crate) fn pods_table(pods: &[&Value], now: SimTime, all_ns: bool) -> Vec<Vec<String>> {
    let mut rows = vec![header(all_ns, POD_COLUMNS)];
    rows.extend(
        pods.iter()
            .map(|p| with_ns(all_ns, namespace(p), pod_row(p, now))),
    );
    rows
}

/// One row of `kubectl get pods -o wide`, without its namespace.
fn pod_row(pod: &Value, now: SimTime) -> Vec<String> {
    let p = print_pod(pod, now);
    let ip = arr(pod, &["status", "podIPs"])
        .first()
        .and_then(|i| s(i, &["ip"]))
        .or_else(|| s(pod, &["status", "podIP"]))
        .unwrap_or("");
    let gates = arr(pod, &["spec", "readinessGates"]);
    let readiness_gates = if gates.is_empty() {
        "<none>".to_string()
    } else {
        let conditions = arr(pod, &["status", "conditions"]);
        let true_count = gates
            .iter()
            .filter(|g| {
                let t = s(g, &["conditionType"]);
                conditions
                    .iter()
                    .find(|c| s(c, &["type"]) == t)
                    .is_some_and(|c| s(c, &["status"]) == Some("True"))
            })
            .count();
        format!("{true_count}/{}", gates.len())
    };
    vec![
        name(pod).to_string(),
        p.ready,
        p.status,
        p.restarts,
        age(now, s(pod, &["metadata", "creationTimestamp"])),
        or_none(ip),
        or_none(s(pod, &["spec", "nodeName"]).unwrap_or("")),
        or_none(s(pod, &["status", "nominatedNodeName"]).unwrap_or("")),
        readiness_gates,
    ]
}

/// The READY, STATUS and RESTARTS cells of one pod.
struct PodCells {
    ready: String,
    status: String,
    restarts: String,
}

/// kubectl's `printPod` reasoning for READY, STATUS and RESTARTS.
fn print_pod(pod: &Value, now: SimTime) -> PodCells {
    let total = arr(pod, &["spec", "containers"]).len();
    let phase = s(pod, &["status", "phase"]).unwrap_or("");
    let mut reason = phase.to_string();
    if let Some(r) = s(pod, &["status", "reason"]).filter(|r| !r.is_empty()) {
        reason = r.to_string();
    }
    let conditions = arr(pod, &["status", "conditions"]);
    if conditions.iter().any(|c| {
        s(c, &["type"]) == Some("PodScheduled") && s(c, &["reason"]) == Some("SchedulingGated")
    }) {
        reason = "SchedulingGated".to_string();
    }
    let mut restarts: i64 = 0;
    let mut last_restart: Option<i64> = None;
    let note_restart = |cs: &Value, last: &mut Option<i64>| {
        if let Some(t) = s(cs, &["lastState", "terminated", "finishedAt"]).and_then(parse_rfc3339) {
            *last = Some(last.map_or(t, |l| l.max(t)));
        }
    };

    // Init containers.
    let init_specs = arr(pod, &["spec", "initContainers"]);
    let mut initializing = false;
    let mut sidecar_restarts: i64 = 0;
    let mut sidecar_last: Option<i64> = None;
    for (i, cs) in arr(pod, &["status", "initContainerStatuses"])
        .iter()
        .enumerate()
    {
        let cname = s(cs, &["name"]);
        let restartable = init_specs
            .iter()
            .find(|c| s(c, &["name"]) == cname)
            .is_some_and(|c| s(c, &["restartPolicy"]) == Some("Always"));
        let count = int(cs, &["restartCount"]);
        if restartable {
            sidecar_restarts = sidecar_restarts.saturating_add(count);
            note_restart(cs, &mut sidecar_last);
        } else {
            restarts = restarts.saturating_add(count);
            note_restart(cs, &mut last_restart);
        }
        let terminated = at(cs, &["state", "terminated"]);
        let waiting_reason = s(cs, &["state", "waiting", "reason"]).unwrap_or("");
        if terminated.is_some_and(|t| int(t, &["exitCode"]) == 0) {
            continue;
        }
        if restartable && at(cs, &["started"]).and_then(Value::as_bool) == Some(true) {
            continue;
        }
        reason = if let Some(t) = terminated {
            match s(t, &["reason"]).filter(|r| !r.is_empty()) {
                Some(r) => format!("Init:{r}"),
                None if int(t, &["signal"]) != 0 => format!("Init:Signal:{}", int(t, &["signal"])),
                None => format!("Init:ExitCode:{}", int(t, &["exitCode"])),
            }
        } else if !waiting_reason.is_empty() && waiting_reason != "PodInitializing" {
            format!("Init:{waiting_reason}")
        } else {
            format!("Init:{i}/{}", init_specs.len())
        };
        initializing = true;
        break;
    }

    let initialized = conditions
        .iter()
        .any(|c| s(c, &["type"]) == Some("Initialized") && s(c, &["status"]) == Some("True"));
    let mut ready = 0usize;
    if !initializing || initialized {
        restarts = sidecar_restarts;
        last_restart = sidecar_last;
        let mut has_running = false;
        for cs in arr(pod, &["status", "containerStatuses"]).iter().rev() {
            restarts = restarts.saturating_add(int(cs, &["restartCount"]));
            note_restart(cs, &mut last_restart);
            let waiting = s(cs, &["state", "waiting", "reason"]).filter(|r| !r.is_empty());
            let terminated = at(cs, &["state", "terminated"]);
            if let Some(w) = waiting {
                reason = w.to_string();
            } else if let Some(t) = terminated {
                reason = match s(t, &["reason"]).filter(|r| !r.is_empty()) {
                    Some(r) => r.to_string(),
                    None if int(t, &["signal"]) != 0 => format!("Signal:{}", int(t, &["signal"])),
                    None => format!("ExitCode:{}", int(t, &["exitCode"])),
                };
            } else if at(cs, &["ready"]).and_then(Value::as_bool) == Some(true)
                && at(cs, &["state", "running"]).is_some()
            {
                has_running = true;
                ready = ready.saturating_add(1);
            }
        }
        if reason == "Completed" && has_running {
            let pod_ready = conditions
                .iter()
                .any(|c| s(c, &["type"]) == Some("Ready") && s(c, &["status"]) == Some("True"));
            reason = if pod_ready { "Running" } else { "NotReady" }.to_string();
        }
    }
    let deleting = at(pod, &["metadata", "deletionTimestamp"]).is_some_and(|v| !v.is_null());
    if deleting && s(pod, &["status", "reason"]) == Some("NodeLost") {
        reason = "Unknown".to_string();
    } else if deleting && phase != "Failed" && phase != "Succeeded" {
        reason = "Terminating".to_string();
    }
    let restarts = match last_restart {
        Some(t) if restarts != 0 => {
            let stamp = SimTime(u64::try_from(t).unwrap_or(0)).rfc3339();
            format!("{restarts} ({} ago)", age(now, Some(&stamp)))
        }
        _ => restarts.to_string(),
    };
    PodCells {
        ready: format!("{ready}/{total}"),
        status: reason,
        restarts,
    }
}

const EVENT_COLUMNS: &[&str] = &["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];

/// `kubectl get events` (`printEvent`), oldest first by last-seen time (as with
/// `--sort-by=.lastTimestamp`); events seen in the same second stay in the order given
/// (the order they were recorded), so causes come before effects.
#[cfg(test)]
pub(crate) fn events_table(events: &[&Value], now: SimTime, all_ns: bool) -> Vec<Vec<String>> {
    let mut rows = vec![header(all_ns, EVENT_COLUMNS)];
    let mut sorted: Vec<(i64, usize, &Value)> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (last_seen_ms(e).unwrap_or(i64::MIN), i, *e))
        .collect();
    sorted.sort_by_key(|(t, i, _)| (*t, *i));
    rows.extend(
        sorted
            .into_iter()
            .map(|(_, _, e)| with_ns(all_ns, namespace(e), event_row(e, now))),
    );
    rows
}

/// One row of `kubectl get events`, without its namespace.
fn event_row(e: &Value, now: SimTime) -> Vec<String> {
    let first = match s(e, &["firstTimestamp"]) {
        Some(t) => age(now, Some(t)),
        None => age(now, s(e, &["eventTime"])),
    };
    let mut last = match s(e, &["lastTimestamp"]) {
        Some(t) => age(now, Some(t)),
        None => first.clone(),
    };
    let mut count = int(e, &["count"]);
    if let Some(series) = at(e, &["series"]).filter(|v| v.is_object()) {
        last = age(now, s(series, &["lastObservedTime"]));
        count = int(series, &["count"]);
    } else if count == 0 {
        count = 1;
    }
    if count > 1 {
        last = format!("{last} (x{count} over {first})");
    }
    let kind = s(e, &["involvedObject", "kind"])
        .unwrap_or("")
        .to_lowercase();
    let target = match s(e, &["involvedObject", "name"]).filter(|n| !n.is_empty()) {
        Some(n) => format!("{kind}/{n}"),
        None => kind,
    };
    vec![
        last,
        s(e, &["type"]).unwrap_or("").to_string(),
        s(e, &["reason"]).unwrap_or("").to_string(),
        target,
        s(e, &["message"]).unwrap_or("").trim().to_string(),
    ]
}

fn last_seen_ms(e: &Value) -> Option<i64> {
    s(e, &["series", "lastObservedTime"])
        .or_else(|| s(e, &["lastTimestamp"]))
        .or_else(|| s(e, &["eventTime"]))
        .or_else(|| s(e, &["firstTimestamp"]))
        .and_then(parse_rfc3339)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: SimTime = SimTime(65_000);

    #[test]
    fn node_status_roles_and_version() {
        let cp = json!({"kind": "Node", "metadata": {"name": "control-plane",
            "creationTimestamp": "2026-01-01T00:00:00Z",
            "labels": {"node-role.kubernetes.io/control-plane": "", "kubernetes.io/role": "master"}},
            "spec": {"unschedulable": true},
            "status": {"conditions": [{"type": "Ready", "status": "False"}],
                       "nodeInfo": {"kubeletVersion": "v1.34.0"}}});
        let bare = json!({"kind": "Node", "metadata": {"name": "w"}});
        let t = table::render(&nodes_table(&[&cp, &bare], NOW));
        assert_eq!(
            t,
            "NAME            STATUS                        ROLES                  AGE         VERSION\n\
             control-plane   NotReady,SchedulingDisabled   control-plane,master   65s         v1.34.0\n\
             w               Unknown                       <none>                 <unknown>   \n"
        );
    }

    #[test]
    fn daemon_set_row() {
        let ds = json!({"kind": "DaemonSet", "metadata": {"name": "fluentd", "namespace": "default",
            "creationTimestamp": "2026-01-01T00:00:05Z"},
            "spec": {"template": {"spec": {"nodeSelector": {"zone": "a", "disktype": "ssd"}}}},
            "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2,
                       "updatedNumberScheduled": 3, "numberAvailable": 2, "numberMisscheduled": 0}});
        let rows = daemon_sets_table(&[&ds], NOW, false);
        assert_eq!(
            rows[1],
            [
                "fluentd",
                "3",
                "3",
                "2",
                "3",
                "2",
                "disktype=ssd,zone=a",
                "60s"
            ]
        );
        let rows = daemon_sets_table(&[&ds], NOW, true);
        assert_eq!(rows[0][0], "NAMESPACE");
        assert_eq!(rows[1][0], "default");
    }

    #[test]
    fn pod_status_cells() {
        let running = json!({"kind": "Pod", "metadata": {"name": "a", "creationTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"nodeName": "w1", "containers": [{"name": "c"}]},
            "status": {"phase": "Running", "podIP": "10.244.1.5",
              "containerStatuses": [{"name": "c", "ready": true, "restartCount": 2,
                 "state": {"running": {}},
                 "lastState": {"terminated": {"finishedAt": "2026-01-01T00:00:35Z", "exitCode": 1}}}]}});
        let creating = json!({"kind": "Pod", "metadata": {"name": "b"},
            "spec": {"nodeName": "w2", "containers": [{"name": "c"}, {"name": "d"}]},
            "status": {"phase": "Pending",
              "containerStatuses": [{"name": "c", "ready": false, "restartCount": 0,
                 "state": {"waiting": {"reason": "ContainerCreating"}}}]}});
        let pending = json!({"kind": "Pod", "metadata": {"name": "c", "deletionTimestamp": "2026-01-01T00:01:00Z"},
            "spec": {"containers": [{"name": "c"}], "readinessGates": [{"conditionType": "x"}]},
            "status": {"phase": "Pending"}});
        let rows = pods_table(&[&running, &creating, &pending], NOW, false);
        assert_eq!(
            rows[1],
            [
                "a",
                "1/1",
                "Running",
                "2 (30s ago)",
                "65s",
                "10.244.1.5",
                "w1",
                "<none>",
                "<none>"
            ]
        );
        assert_eq!(rows[2][1..4], ["0/2", "ContainerCreating", "0"]);
        assert_eq!(rows[3][1..4], ["0/1", "Terminating", "0"]);
        assert_eq!(rows[3][5..], ["<none>", "<none>", "<none>", "0/1"]);
    }

    #[test]
    fn failed_pod_shows_terminated_reason() {
        let failed = json!({"kind": "Pod", "metadata": {"name": "a"},
            "spec": {"containers": [{"name": "c"}]},
            "status": {"phase": "Failed", "containerStatuses": [{"name": "c",
                "state": {"terminated": {"exitCode": 137}}}]}});
        let rows = pods_table(&[&failed], NOW, false);
        assert_eq!(rows[1][2], "ExitCode:137");
    }

    #[test]
    fn events_sorted_and_aggregated() {
        let late = json!({"kind": "Event", "metadata": {"name": "e1", "namespace": "default"},
            "involvedObject": {"kind": "DaemonSet", "name": "fluentd"},
            "type": "Normal", "reason": "SuccessfulCreate", "message": "Created pod: fluentd-x ",
            "firstTimestamp": "2026-01-01T00:00:05Z", "lastTimestamp": "2026-01-01T00:00:05Z", "count": 1});
        let early = json!({"kind": "Event", "metadata": {"name": "e0", "namespace": "default"},
            "involvedObject": {"kind": "Pod", "name": "fluentd-y"},
            "type": "Warning", "reason": "FailedScheduling", "message": "0/4 nodes are available",
            "firstTimestamp": "2026-01-01T00:00:00Z", "lastTimestamp": "2026-01-01T00:00:04Z", "count": 3});
        let rows = events_table(&[&late, &early], NOW, false);
        assert_eq!(
            rows[1],
            [
                "61s (x3 over 65s)",
                "Warning",
                "FailedScheduling",
                "pod/fluentd-y",
                "0/4 nodes are available"
            ]
        );
        assert_eq!(
            rows[2],
            [
                "60s",
                "Normal",
                "SuccessfulCreate",
                "daemonset/fluentd",
                "Created pod: fluentd-x"
            ]
        );
    }

    #[test]
    fn render_all_skips_empty_tables_and_adds_namespace_when_needed() {
        let list = json!({"apiVersion": "v1", "kind": "List", "items": [
            {"kind": "Pod", "metadata": {"name": "p", "namespace": "a"}, "spec": {"containers": []}, "status": {}},
            {"kind": "Pod", "metadata": {"name": "q", "namespace": "b"}, "spec": {"containers": []}, "status": {}},
        ]});
        let out = render_all(&list, NOW);
        assert!(out.starts_with("NAMESPACE   NAME   READY"), "{out}");
        assert_eq!(out.lines().count(), 3);
        assert_eq!(render_all(&json!({"items": []}), NOW), "");
    }
}
