//! The tables `kubectl get` prints, computed from API objects exactly as kubectl's
//! printers do (`pkg/printers/internalversion/printers.go`): `kubectl get nodes`,
//! `kubectl get ds`, `kubectl get pods -o wide` and `kubectl get events`.
//!
//! The rows are read from the typed objects (the items of
//! [`Simulation::list_objects`](crate::sim::Simulation::list_objects)), not from a
//! projection, so the tables say what `kubectl get` would say about the same objects.
//! [`Tables`] takes the objects one at a time, as kubectl's printer takes rows, and keeps
//! only the rows' cells ([`table::Cells`]); the CLI's default output and `-o wide` are
//! [`Tables::write`].

use super::table::{self, Cells};
use super::DAEMON_SET_COLUMNS;
use crate::clock::{human_duration, SimDuration, SimTime};
use crate::sim::render::EPOCH_UNIX_SECS;
use crate::sim::ListObject;
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{ContainerStatus, Event, Node, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, ObjectMeta, Time};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The columns of `kubectl get nodes`.
pub const NODE_COLUMNS: [&str; 5] = ["NAME", "STATUS", "ROLES", "AGE", "VERSION"];

/// The columns of `kubectl get pods -o wide`.
pub const POD_COLUMNS: [&str; 9] = [
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

/// The columns of `kubectl get events`.
pub const EVENT_COLUMNS: [&str; 5] = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];

/// Milliseconds since the simulation's epoch of a `metav1.Time` as the API writes it (whole
/// seconds); `None` for a year the API cannot write (before year 0).
fn time_ms(t: &Time) -> Option<i64> {
    const YEAR_0: i64 = -62_167_219_200;
    let secs = t.0.as_second();
    if secs < YEAR_0 {
        return None;
    }
    secs.checked_sub(EPOCH_UNIX_SECS)?.checked_mul(1000)
}

/// [`time_ms`] of a `metav1.MicroTime` (written with microseconds; milliseconds kept).
fn micro_time_ms(t: &MicroTime) -> Option<i64> {
    let whole = time_ms(&Time(t.0))?;
    whole.checked_add(i64::from(t.0.subsec_nanosecond() / 1_000_000))
}

/// kubectl's `translateTimestampSince`: the age at `now` of the instant `at` (milliseconds
/// since the simulation's epoch), `<unknown>` when there is none, `<invalid>` when it is
/// more than a second in the future.
pub fn age(now: SimTime, at: Option<i64>) -> String {
    let Some(at) = at else {
        return "<unknown>".to_string();
    };
    let now_ms = i64::try_from(now.as_millis()).unwrap_or(i64::MAX);
    let d = now_ms.saturating_sub(at);
    // duration.HumanDuration: up to a second in the future reads as "0s".
    if d < -1999 {
        return "<invalid>".to_string();
    }
    human_duration(SimDuration::from_millis(u64::try_from(d).unwrap_or(0)))
}

/// [`age`] of an API time (`kubectl describe`'s ages).
pub fn age_of_time(now: SimTime, t: &Time) -> String {
    age(now, time_ms(t))
}

/// [`age`] of an object's `metadata.creationTimestamp`.
pub fn created_age(now: SimTime, meta: &ObjectMeta) -> String {
    age(now, meta.creation_timestamp.as_ref().and_then(time_ms))
}

fn or_none(v: &str) -> String {
    if v.is_empty() {
        "<none>".to_string()
    } else {
        v.to_string()
    }
}

fn str_of(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

/// One row of `kubectl get nodes` (`printNode`).
pub fn node_row(node: &Node, now: SimTime) -> [String; 5] {
    let mut status = Vec::new();
    let conditions = node
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_deref())
        .unwrap_or_default();
    // NodeAllConditions is just Ready; the last Ready condition wins (Go map assignment).
    if let Some(ready) = conditions.iter().rfind(|c| c.type_ == "Ready") {
        status.push(if ready.status == "True" {
            "Ready"
        } else {
            "NotReady"
        });
    }
    if status.is_empty() {
        status.push("Unknown");
    }
    if node.spec.as_ref().and_then(|s| s.unschedulable) == Some(true) {
        status.push("SchedulingDisabled");
    }
    let version = node
        .status
        .as_ref()
        .and_then(|s| s.node_info.as_ref())
        .map_or("", |i| i.kubelet_version.as_str());
    [
        str_of(&node.metadata.name).to_string(),
        status.join(","),
        or_none(&node_roles(node).join(",")),
        created_age(now, &node.metadata),
        version.to_string(),
    ]
}

/// kubectl's `findNodeRoles`: `node-role.kubernetes.io/<role>` labels and `kubernetes.io/role`.
pub fn node_roles(node: &Node) -> Vec<&str> {
    let mut roles = BTreeSet::new();
    for (k, v) in node.metadata.labels.iter().flatten() {
        if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
            if !role.is_empty() {
                roles.insert(role);
            }
        } else if k == "kubernetes.io/role" && !v.is_empty() {
            roles.insert(v.as_str());
        }
    }
    roles.into_iter().collect()
}

/// One row of `kubectl get ds` (`printDaemonSet`), without `-A`'s NAMESPACE.
pub fn daemon_set_row(d: &DaemonSet, now: SimTime) -> [String; 8] {
    let status = d.status.as_ref();
    let n = |f: fn(&k8s_openapi::api::apps::v1::DaemonSetStatus) -> i32| {
        status.map_or(0, f).to_string()
    };
    let selector = d
        .spec
        .template
        .spec
        .as_ref()
        .and_then(|s| s.node_selector.as_ref());
    [
        str_of(&d.metadata.name).to_string(),
        n(|s| s.desired_number_scheduled),
        n(|s| s.current_number_scheduled),
        n(|s| s.number_ready),
        n(|s| s.updated_number_scheduled.unwrap_or(0)),
        n(|s| s.number_available.unwrap_or(0)),
        format_labels(selector),
        created_age(now, &d.metadata),
    ]
}

/// apimachinery's `labels.FormatLabels`: `k=v,k2=v2` sorted by key, `<none>` when empty.
pub fn format_labels(map: Option<&BTreeMap<String, String>>) -> String {
    let mut out = String::new();
    for (k, v) in map.into_iter().flatten() {
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    or_none(&out)
}

/// One row of `kubectl get pods -o wide` (`printPod`), without `-A`'s NAMESPACE.
pub fn pod_row(pod: &Pod, now: SimTime) -> [String; 9] {
    let p = print_pod(pod, now);
    let status = pod.status.as_ref();
    let ip = status
        .and_then(|s| s.pod_ips.as_deref())
        .and_then(<[_]>::first)
        .map(|i| i.ip.as_str())
        .or_else(|| status.and_then(|s| s.pod_ip.as_deref()))
        .unwrap_or("");
    let spec = pod.spec.as_ref();
    let gates = spec
        .and_then(|s| s.readiness_gates.as_deref())
        .unwrap_or_default();
    let readiness_gates = if gates.is_empty() {
        "<none>".to_string()
    } else {
        let conditions = status
            .and_then(|s| s.conditions.as_deref())
            .unwrap_or_default();
        let true_count = gates
            .iter()
            .filter(|g| {
                conditions
                    .iter()
                    .find(|c| c.type_ == g.condition_type)
                    .is_some_and(|c| c.status == "True")
            })
            .count();
        format!("{true_count}/{}", gates.len())
    };
    [
        str_of(&pod.metadata.name).to_string(),
        p.ready,
        p.status,
        p.restarts,
        created_age(now, &pod.metadata),
        or_none(ip),
        or_none(spec.and_then(|s| s.node_name.as_deref()).unwrap_or("")),
        or_none(
            status
                .and_then(|s| s.nominated_node_name.as_deref())
                .unwrap_or(""),
        ),
        readiness_gates,
    ]
}

/// The READY, STATUS and RESTARTS cells of one pod.
struct PodCells {
    ready: String,
    status: String,
    restarts: String,
}

/// A container's last termination time, kept if it is the latest so far.
fn note_restart(cs: &ContainerStatus, last: &mut Option<i64>) {
    let finished = cs
        .last_state
        .as_ref()
        .and_then(|s| s.terminated.as_ref())
        .and_then(|t| t.finished_at.as_ref())
        .and_then(time_ms);
    if let Some(t) = finished {
        *last = Some(last.map_or(t, |l| l.max(t)));
    }
}

/// kubectl's `printPod` reasoning for READY, STATUS and RESTARTS.
fn print_pod(pod: &Pod, now: SimTime) -> PodCells {
    let spec = pod.spec.as_ref();
    let status = pod.status.as_ref();
    let total = spec.map_or(0, |s| s.containers.len());
    let phase = status.and_then(|s| s.phase.as_deref()).unwrap_or("");
    let mut reason = phase.to_string();
    if let Some(r) = status
        .and_then(|s| s.reason.as_deref())
        .filter(|r| !r.is_empty())
    {
        reason = r.to_string();
    }
    let conditions = status
        .and_then(|s| s.conditions.as_deref())
        .unwrap_or_default();
    if conditions
        .iter()
        .any(|c| c.type_ == "PodScheduled" && c.reason.as_deref() == Some("SchedulingGated"))
    {
        reason = "SchedulingGated".to_string();
    }
    let mut restarts: i64 = 0;
    let mut last_restart: Option<i64> = None;

    // Init containers.
    let init_specs = spec
        .and_then(|s| s.init_containers.as_deref())
        .unwrap_or_default();
    let mut initializing = false;
    let mut sidecar_restarts: i64 = 0;
    let mut sidecar_last: Option<i64> = None;
    let init_statuses = status
        .and_then(|s| s.init_container_statuses.as_deref())
        .unwrap_or_default();
    for (i, cs) in init_statuses.iter().enumerate() {
        let restartable = init_specs
            .iter()
            .find(|c| c.name == cs.name)
            .is_some_and(|c| c.restart_policy.as_deref() == Some("Always"));
        let count = i64::from(cs.restart_count);
        if restartable {
            sidecar_restarts = sidecar_restarts.saturating_add(count);
            note_restart(cs, &mut sidecar_last);
        } else {
            restarts = restarts.saturating_add(count);
            note_restart(cs, &mut last_restart);
        }
        let state = cs.state.as_ref();
        let terminated = state.and_then(|s| s.terminated.as_ref());
        let waiting_reason = state
            .and_then(|s| s.waiting.as_ref())
            .and_then(|w| w.reason.as_deref())
            .unwrap_or("");
        if terminated.is_some_and(|t| t.exit_code == 0) {
            continue;
        }
        if restartable && cs.started == Some(true) {
            continue;
        }
        reason = if let Some(t) = terminated {
            match t.reason.as_deref().filter(|r| !r.is_empty()) {
                Some(r) => format!("Init:{r}"),
                None if t.signal.unwrap_or(0) != 0 => {
                    format!("Init:Signal:{}", t.signal.unwrap_or(0))
                }
                None => format!("Init:ExitCode:{}", t.exit_code),
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
        .any(|c| c.type_ == "Initialized" && c.status == "True");
    let mut ready = 0usize;
    if !initializing || initialized {
        restarts = sidecar_restarts;
        last_restart = sidecar_last;
        let mut has_running = false;
        let statuses = status
            .and_then(|s| s.container_statuses.as_deref())
            .unwrap_or_default();
        for cs in statuses.iter().rev() {
            restarts = restarts.saturating_add(i64::from(cs.restart_count));
            note_restart(cs, &mut last_restart);
            let state = cs.state.as_ref();
            let waiting = state
                .and_then(|s| s.waiting.as_ref())
                .and_then(|w| w.reason.as_deref())
                .filter(|r| !r.is_empty());
            let terminated = state.and_then(|s| s.terminated.as_ref());
            if let Some(w) = waiting {
                reason = w.to_string();
            } else if let Some(t) = terminated {
                reason = match t.reason.as_deref().filter(|r| !r.is_empty()) {
                    Some(r) => r.to_string(),
                    None if t.signal.unwrap_or(0) != 0 => {
                        format!("Signal:{}", t.signal.unwrap_or(0))
                    }
                    None => format!("ExitCode:{}", t.exit_code),
                };
            } else if cs.ready && state.is_some_and(|s| s.running.is_some()) {
                has_running = true;
                ready = ready.saturating_add(1);
            }
        }
        if reason == "Completed" && has_running {
            let pod_ready = conditions
                .iter()
                .any(|c| c.type_ == "Ready" && c.status == "True");
            reason = if pod_ready { "Running" } else { "NotReady" }.to_string();
        }
    }
    let deleting = pod.metadata.deletion_timestamp.is_some();
    if deleting && status.and_then(|s| s.reason.as_deref()) == Some("NodeLost") {
        reason = "Unknown".to_string();
    } else if deleting && phase != "Failed" && phase != "Succeeded" {
        reason = "Terminating".to_string();
    }
    let restarts = match last_restart {
        Some(t) if restarts != 0 => {
            // The time as a `metav1.Time` would say it: whole seconds, not before the epoch.
            let t = t.max(0);
            format!("{restarts} ({} ago)", age(now, Some(t - t % 1000)))
        }
        _ => restarts.to_string(),
    };
    PodCells {
        ready: format!("{ready}/{total}"),
        status: reason,
        restarts,
    }
}

/// One row of `kubectl get events` (`printEvent`), without `-A`'s NAMESPACE.
pub fn event_row(e: &Event, now: SimTime) -> [String; 5] {
    let first = match &e.first_timestamp {
        Some(t) => age(now, time_ms(t)),
        None => age(now, e.event_time.as_ref().and_then(micro_time_ms)),
    };
    let mut last = match &e.last_timestamp {
        Some(t) => age(now, time_ms(t)),
        None => first.clone(),
    };
    let mut count = i64::from(e.count.unwrap_or(0));
    if let Some(series) = &e.series {
        last = age(
            now,
            series.last_observed_time.as_ref().and_then(micro_time_ms),
        );
        count = i64::from(series.count.unwrap_or(0));
    } else if count == 0 {
        count = 1;
    }
    if count > 1 {
        last = format!("{last} (x{count} over {first})");
    }
    let kind = str_of(&e.involved_object.kind).to_lowercase();
    let target = match e.involved_object.name.as_deref().filter(|n| !n.is_empty()) {
        Some(n) => format!("{kind}/{n}"),
        None => kind,
    };
    [
        last,
        str_of(&e.type_).to_string(),
        str_of(&e.reason).to_string(),
        target,
        str_of(&e.message).trim().to_string(),
    ]
}

/// When an event was last seen (the order of `kubectl get events --sort-by=.lastTimestamp`).
fn last_seen_ms(e: &Event) -> Option<i64> {
    if let Some(t) = e
        .series
        .as_ref()
        .and_then(|s| s.last_observed_time.as_ref())
    {
        return micro_time_ms(t);
    }
    if let Some(t) = &e.last_timestamp {
        return time_ms(t);
    }
    if let Some(t) = &e.event_time {
        return micro_time_ms(t);
    }
    e.first_timestamp.as_ref().and_then(time_ms)
}

/// The rows of one kind: each row's first cell is its namespace (empty for nodes), written
/// only when the tables span namespaces.
#[derive(Default)]
struct Rows {
    cells: Cells,
    /// Events only: when each row's event was last seen.
    seen: Vec<i64>,
}

impl Rows {
    fn push<const N: usize>(&mut self, namespace: &str, row: [String; N]) {
        self.cells
            .push(std::iter::once(namespace).chain(row.iter().map(String::as_str)));
    }

    /// The rows' positions in the order they are printed: by `key`, stably.
    fn order(&self, mut before: impl FnMut(usize, usize) -> std::cmp::Ordering) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.cells.len()).collect();
        crate::sort::sort_by(&mut order, |a, b| before(*a, *b));
        order
    }

    /// The table, laid out, header first; nothing when there is no row.
    fn write(
        &self,
        header: &[&str],
        order: &[usize],
        all_ns: bool,
        out: &mut dyn fmt::Write,
    ) -> fmt::Result {
        let skip = usize::from(!all_ns);
        let head = ["NAMESPACE"].into_iter().chain(header.iter().copied());
        table::write(
            || {
                let head = head.clone().skip(skip);
                let body = order
                    .iter()
                    .map(|&i| Row::Body(self.cells.row(i).skip(skip)));
                std::iter::once(Row::Head(head)).chain(body)
            },
            out,
        )
    }
}

/// A header or a body row, one iterator type for [`table::write`].
#[derive(Clone)]
enum Row<H, B> {
    Head(H),
    Body(B),
}

impl<'a, H: Iterator<Item = &'a str>, B: Iterator<Item = &'a str>> Iterator for Row<H, B> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        match self {
            Row::Head(h) => h.next(),
            Row::Body(b) => b.next(),
        }
    }
}

/// The four tables of a simulation's `v1 List` (nodes, DaemonSets, pods with `-o wide`'s
/// columns, events), built one object at a time, as kubectl's printer takes rows: only each
/// row's cells are kept, never the objects.
pub struct Tables {
    now: SimTime,
    nodes: Rows,
    daemon_sets: Rows,
    pods: Rows,
    events: Rows,
    /// Namespaces of the DaemonSets, pods and events.
    namespaces: BTreeSet<String>,
}

impl Tables {
    /// No rows yet; ages count from `now`.
    pub fn new(now: SimTime) -> Self {
        Tables {
            now,
            nodes: Rows::default(),
            daemon_sets: Rows::default(),
            pods: Rows::default(),
            events: Rows::default(),
            namespaces: BTreeSet::new(),
        }
    }

    fn namespace(&mut self, meta: &ObjectMeta) -> String {
        let ns = str_of(&meta.namespace);
        if !self.namespaces.contains(ns) {
            self.namespaces.insert(ns.to_string());
        }
        ns.to_string()
    }

    /// Adds the row of one object (ControllerRevisions have no table).
    pub fn add(&mut self, object: &ListObject) {
        let now = self.now;
        match object {
            ListObject::Node(n) => self.nodes.push("", node_row(n, now)),
            ListObject::DaemonSet(d) => {
                let ns = self.namespace(&d.metadata);
                self.daemon_sets.push(&ns, daemon_set_row(d, now));
            }
            ListObject::Pod(p) => {
                let ns = self.namespace(&p.metadata);
                self.pods.push(&ns, pod_row(p, now));
            }
            ListObject::Event(e) => {
                let ns = self.namespace(&e.metadata);
                self.events.seen.push(last_seen_ms(e).unwrap_or(i64::MIN));
                self.events.push(&ns, event_row(e, now));
            }
            ListObject::ControllerRevision(_) => {}
        }
    }

    /// Whether no object had a row.
    pub fn is_empty(&self) -> bool {
        [&self.nodes, &self.daemon_sets, &self.pods, &self.events]
            .iter()
            .all(|r| r.cells.is_empty())
    }

    /// The tables, laid out and separated by blank lines, as kubectl prints them: nodes by
    /// name, DaemonSets and pods by namespace and name, events oldest first by last-seen
    /// time (as with `--sort-by=.lastTimestamp`; events seen at the same time in the order
    /// they were recorded, so causes come before effects). Empty tables are left out, as
    /// `kubectl get` prints no table when it finds nothing. A NAMESPACE column comes first
    /// (as with `kubectl get -A`) when the namespaced objects live in more than one
    /// namespace.
    ///
    /// # Errors
    ///
    /// Whatever `out` returns.
    pub fn write(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        let all_ns = self.namespaces.len() > 1;
        let by_name = |rows: &Rows| {
            rows.order(|a, b| {
                let mut a = rows.cells.row(a);
                let mut b = rows.cells.row(b);
                (a.next(), a.next()).cmp(&(b.next(), b.next()))
            })
        };
        let seen = |i: usize| self.events.seen.get(i).copied().unwrap_or(i64::MIN);
        let tables: [(&Rows, &[&str], Vec<usize>, bool); 4] = [
            (&self.nodes, &NODE_COLUMNS, by_name(&self.nodes), false),
            (
                &self.daemon_sets,
                &DAEMON_SET_COLUMNS,
                by_name(&self.daemon_sets),
                all_ns,
            ),
            (&self.pods, &POD_COLUMNS, by_name(&self.pods), all_ns),
            (
                &self.events,
                &EVENT_COLUMNS,
                self.events.order(|a, b| seen(a).cmp(&seen(b))),
                all_ns,
            ),
        ];
        let mut first = true;
        for (rows, header, order, namespaced) in &tables {
            if rows.cells.is_empty() {
                continue;
            }
            if !std::mem::replace(&mut first, false) {
                out.write_char('\n')?;
            }
            rows.write(header, order, *namespaced, out)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    const NOW: SimTime = SimTime(65_000);

    fn decode<T: serde::de::DeserializeOwned>(v: Value) -> T {
        serde_json::from_value(v).unwrap()
    }

    fn render(objects: &[ListObject]) -> String {
        let mut tables = Tables::new(NOW);
        for o in objects {
            tables.add(o);
        }
        let mut out = String::new();
        tables.write(&mut out).unwrap();
        out
    }

    #[test]
    fn node_status_roles_and_version() {
        let cp = decode(json!({"metadata": {"name": "control-plane",
            "creationTimestamp": "2026-01-01T00:00:00Z",
            "labels": {"node-role.kubernetes.io/control-plane": "", "kubernetes.io/role": "master"}},
            "spec": {"unschedulable": true},
            "status": {"conditions": [{"type": "Ready", "status": "False"}],
                       "nodeInfo": {"kubeletVersion": "v1.34.0", "architecture": "", "bootID": "",
                       "containerRuntimeVersion": "", "kernelVersion": "", "kubeProxyVersion": "",
                       "machineID": "", "operatingSystem": "", "osImage": "", "systemUUID": ""}}}));
        let bare = decode(json!({"metadata": {"name": "w"}}));
        let t = render(&[
            ListObject::Node(Box::new(bare)),
            ListObject::Node(Box::new(cp)),
        ]);
        assert_eq!(
            t,
            "NAME            STATUS                        ROLES                  AGE         VERSION\n\
             control-plane   NotReady,SchedulingDisabled   control-plane,master   65s         v1.34.0\n\
             w               Unknown                       <none>                 <unknown>   \n"
        );
    }

    #[test]
    fn daemon_set_row_and_namespace_column() {
        let ds: DaemonSet = decode(
            json!({"metadata": {"name": "fluentd", "namespace": "default",
            "creationTimestamp": "2026-01-01T00:00:05Z"},
            "spec": {"selector": {}, "template": {"spec": {"containers": [],
                "nodeSelector": {"zone": "a", "disktype": "ssd"}}}},
            "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2,
                       "updatedNumberScheduled": 3, "numberAvailable": 2, "numberMisscheduled": 0}}),
        );
        assert_eq!(
            daemon_set_row(&ds, NOW),
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
        let mut other = ds.clone();
        other.metadata.namespace = Some("kube-system".into());
        other.spec.template.spec = None;
        other.status = None;
        let t = render(&[
            ListObject::DaemonSet(Box::new(other)),
            ListObject::DaemonSet(Box::new(ds)),
        ]);
        assert_eq!(
            t,
            "NAMESPACE     NAME      DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR         AGE\n\
             default       fluentd   3         3         2       3            2           disktype=ssd,zone=a   60s\n\
             kube-system   fluentd   0         0         0       0            0           <none>                60s\n"
        );
    }

    #[test]
    fn pod_status_cells() {
        let running: Pod = decode(
            json!({"metadata": {"name": "a", "creationTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"nodeName": "w1", "containers": [{"name": "c"}]},
            "status": {"phase": "Running", "podIP": "10.244.1.5",
              "containerStatuses": [{"name": "c", "ready": true, "restartCount": 2, "image": "", "imageID": "",
                 "state": {"running": {}},
                 "lastState": {"terminated": {"finishedAt": "2026-01-01T00:00:35Z", "exitCode": 1}}}]}}),
        );
        let creating: Pod = decode(json!({"metadata": {"name": "b"},
            "spec": {"nodeName": "w2", "containers": [{"name": "c"}, {"name": "d"}]},
            "status": {"phase": "Pending",
              "containerStatuses": [{"name": "c", "ready": false, "restartCount": 0, "image": "", "imageID": "",
                 "state": {"waiting": {"reason": "ContainerCreating"}}}]}}));
        let deleting: Pod = decode(
            json!({"metadata": {"name": "c", "deletionTimestamp": "2026-01-01T00:01:00Z"},
            "spec": {"containers": [{"name": "c"}], "readinessGates": [{"conditionType": "x"}]},
            "status": {"phase": "Pending", "podIPs": [{"ip": "10.0.0.9"}]}}),
        );
        assert_eq!(
            pod_row(&running, NOW),
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
        let b = pod_row(&creating, NOW);
        assert_eq!(b[1..4], ["0/2", "ContainerCreating", "0"]);
        let c = pod_row(&deleting, NOW);
        assert_eq!(c[1..4], ["0/1", "Terminating", "0"]);
        assert_eq!(c[5..], ["10.0.0.9", "<none>", "<none>", "0/1"]);
    }

    #[test]
    fn init_containers_and_failed_pods() {
        let failed: Pod = decode(json!({"metadata": {"name": "a"},
            "spec": {"containers": [{"name": "c"}]},
            "status": {"phase": "Failed", "containerStatuses": [{"name": "c", "ready": false,
                "restartCount": 0, "image": "", "imageID": "",
                "state": {"terminated": {"exitCode": 137}}}]}}));
        assert_eq!(pod_row(&failed, NOW)[2], "ExitCode:137");
        let init: Pod = decode(json!({"metadata": {"name": "i"},
            "spec": {"containers": [{"name": "c"}], "initContainers": [{"name": "x"}, {"name": "y"}]},
            "status": {"phase": "Pending", "initContainerStatuses": [
                {"name": "x", "ready": false, "restartCount": 1, "image": "", "imageID": "",
                 "state": {"terminated": {"exitCode": 0}}},
                {"name": "y", "ready": false, "restartCount": 0, "image": "", "imageID": "",
                 "state": {"terminated": {"exitCode": 2, "signal": 9}}}]}}));
        assert_eq!(pod_row(&init, NOW)[1..4], ["0/1", "Init:Signal:9", "1"]);
    }

    #[test]
    fn events_sorted_and_aggregated() {
        let late: Event = decode(json!({"metadata": {"name": "e1", "namespace": "default"},
            "involvedObject": {"kind": "DaemonSet", "name": "fluentd"},
            "type": "Normal", "reason": "SuccessfulCreate", "message": "Created pod: fluentd-x ",
            "firstTimestamp": "2026-01-01T00:00:05Z", "lastTimestamp": "2026-01-01T00:00:05Z", "count": 1}));
        let early: Event = decode(json!({"metadata": {"name": "e0", "namespace": "default"},
            "involvedObject": {"kind": "Pod", "name": "fluentd-y"},
            "type": "Warning", "reason": "FailedScheduling", "message": "0/4 nodes are available",
            "firstTimestamp": "2026-01-01T00:00:00Z", "lastTimestamp": "2026-01-01T00:00:04Z", "count": 3}));
        let series: Event = decode(json!({"metadata": {"name": "e2", "namespace": "default"},
            "involvedObject": {"kind": "Node"},
            "eventTime": "2026-01-01T00:00:01.500000Z",
            "series": {"count": 4, "lastObservedTime": "2026-01-01T00:01:04.999000Z"}}));
        let t = render(&[
            ListObject::Event(Box::new(series)),
            ListObject::Event(Box::new(late)),
            ListObject::Event(Box::new(early)),
        ]);
        assert_eq!(
            t,
            "LAST SEEN           TYPE      REASON             OBJECT              MESSAGE\n\
             61s (x3 over 65s)   Warning   FailedScheduling   pod/fluentd-y       0/4 nodes are available\n\
             60s                 Normal    SuccessfulCreate   daemonset/fluentd   Created pod: fluentd-x\n\
             0s (x4 over 63s)                                 node                \n"
        );
    }

    #[test]
    fn ages_as_kubectl_prints_them() {
        let now = SimTime(200_500);
        assert_eq!(age(now, Some(0)), "3m20s");
        assert_eq!(age(now, Some(200_000)), "0s");
        assert_eq!(age(now, Some(201_000)), "0s");
        assert_eq!(age(now, Some(205_000)), "<invalid>");
        assert_eq!(age(now, Some(-1_000)), "3m21s");
        assert_eq!(age(now, None), "<unknown>");
    }

    #[test]
    fn tables_skip_empty_ones_and_separate_the_others() {
        let tables = Tables::new(NOW);
        assert!(tables.is_empty());
        let mut out = String::new();
        tables.write(&mut out).unwrap();
        assert_eq!(out, "");
        let node = ListObject::Node(Box::new(decode(json!({"metadata": {"name": "n"}}))));
        let pod = |ns: &str| {
            ListObject::Pod(Box::new(decode(
                json!({"metadata": {"name": "p", "namespace": ns},
                "spec": {"containers": []}}),
            )))
        };
        let out = render(&[node, pod("a"), pod("b")]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 6, "{out}");
        assert_eq!(lines[2], "");
        assert!(lines[3].starts_with("NAMESPACE   NAME   READY"), "{out}");
    }
}
