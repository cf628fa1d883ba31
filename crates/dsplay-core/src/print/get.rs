//! The tables `kubectl get` prints, computed from API objects exactly as kubectl's
//! printers do (`pkg/printers/internalversion/printers.go`): `kubectl get nodes`,
//! `kubectl get ds`, `kubectl get pods -o wide` and `kubectl get events`. One printer per
//! table, used by the CLI's default output and `-o wide` ([`Tables`]), the console
//! ([`crate::kubectl`]) and the page's console.
//!
//! The rows are read from the objects as the API shapes them, not from a projection, so
//! the tables say what `kubectl get` would say about the same objects. A pod's row reads
//! a [`PodSource`]: an API [`Pod`], or a pod as the simulation keeps it
//! ([`PodRef`](crate::sim::PodRef)), whose `Pod` is then never built (a test checks that
//! both give the same row at every step of pods' lives); nodes and DaemonSets are read as
//! stored. [`Tables`] takes the objects one at a time, as kubectl's printer takes rows, and
//! keeps only the rows' cells ([`table::Cells`]).

use super::table::{self, Cells};
use super::DAEMON_SET_COLUMNS;
use crate::clock::{human_duration, SimDuration, SimTime};
use crate::sim::render::EPOCH_UNIX_SECS;
use crate::sim::{ListObject, Simulation};
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{ContainerStatus, Event, Node, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, ObjectMeta, Time};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

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
    or_none_str(v).to_string()
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

/// What kubectl's `printPod` reads of a pod, so that one printer ([`pod_row`]) serves an
/// API [`Pod`] and a pod the simulation keeps compact
/// ([`PodRef`](crate::sim::PodRef), read without building its `Pod`).
pub trait PodSource {
    /// `metadata.name`.
    fn name(&self) -> &str;
    /// `metadata.namespace` (empty when unset).
    fn namespace(&self) -> &str;
    /// `metadata.creationTimestamp`, in milliseconds since the simulation's epoch (whole
    /// seconds, as the API writes it); `None` when unset.
    fn created_ms(&self) -> Option<i64>;
    /// Whether `metadata.deletionTimestamp` is set.
    fn deleting(&self) -> bool;
    /// `status.phase` (empty when unset).
    fn phase(&self) -> &str;
    /// `status.reason` (empty when unset).
    fn reason(&self) -> &str;
    /// `status.conditions`, in order: type, whether its status is `True`, reason.
    fn conditions(&self) -> impl Iterator<Item = (&str, bool, Option<&str>)>;
    /// How many containers `spec.containers` lists.
    fn container_count(&self) -> usize;
    /// How many init containers `spec.initContainers` lists.
    fn init_container_count(&self) -> usize;
    /// Whether the init container of this name is a sidecar (`restartPolicy: Always`).
    fn init_container_restartable(&self, name: &str) -> bool;
    /// `status.initContainerStatuses`, in order.
    fn init_statuses(&self) -> impl Iterator<Item = ContainerFacts<'_>>;
    /// `status.containerStatuses`, in order.
    fn statuses(&self) -> impl DoubleEndedIterator<Item = ContainerFacts<'_>>;
    /// The first of `status.podIPs`, else `status.podIP`.
    fn ip(&self) -> Option<Cow<'_, str>>;
    /// `spec.nodeName` (empty when unset).
    fn node(&self) -> &str;
    /// `status.nominatedNodeName` (empty when unset).
    fn nominated(&self) -> &str;
    /// The condition types of `spec.readinessGates`.
    fn readiness_gates(&self) -> impl Iterator<Item = &str>;
}

/// What `printPod` reads of one container status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ContainerFacts<'a> {
    /// `name`.
    pub name: &'a str,
    /// `ready`.
    pub ready: bool,
    /// `restartCount`.
    pub restart_count: i32,
    /// `started`.
    pub started: Option<bool>,
    /// `state.running` is set.
    pub running: bool,
    /// `state.waiting` is set: its reason (empty when unset).
    pub waiting: Option<&'a str>,
    /// `state.terminated`: exit code, signal, reason.
    pub terminated: Option<(i32, i32, Option<&'a str>)>,
    /// `lastState.terminated.finishedAt`, in milliseconds since the simulation's epoch.
    pub last_finished_ms: Option<i64>,
}

impl<'a> ContainerFacts<'a> {
    /// The facts of an API container status.
    pub fn of(cs: &'a ContainerStatus) -> Self {
        let state = cs.state.as_ref();
        ContainerFacts {
            name: &cs.name,
            ready: cs.ready,
            restart_count: cs.restart_count,
            started: cs.started,
            running: state.is_some_and(|s| s.running.is_some()),
            waiting: state
                .and_then(|s| s.waiting.as_ref())
                .map(|w| w.reason.as_deref().unwrap_or("")),
            terminated: state
                .and_then(|s| s.terminated.as_ref())
                .map(|t| (t.exit_code, t.signal.unwrap_or(0), t.reason.as_deref())),
            last_finished_ms: cs
                .last_state
                .as_ref()
                .and_then(|s| s.terminated.as_ref())
                .and_then(|t| t.finished_at.as_ref())
                .and_then(time_ms),
        }
    }
}

impl PodSource for Pod {
    fn name(&self) -> &str {
        str_of(&self.metadata.name)
    }
    fn namespace(&self) -> &str {
        str_of(&self.metadata.namespace)
    }
    fn created_ms(&self) -> Option<i64> {
        self.metadata.creation_timestamp.as_ref().and_then(time_ms)
    }
    fn deleting(&self) -> bool {
        self.metadata.deletion_timestamp.is_some()
    }
    fn phase(&self) -> &str {
        self.status
            .as_ref()
            .and_then(|s| s.phase.as_deref())
            .unwrap_or("")
    }
    fn reason(&self) -> &str {
        self.status
            .as_ref()
            .and_then(|s| s.reason.as_deref())
            .unwrap_or("")
    }
    fn conditions(&self) -> impl Iterator<Item = (&str, bool, Option<&str>)> {
        self.status
            .as_ref()
            .and_then(|s| s.conditions.as_deref())
            .unwrap_or_default()
            .iter()
            .map(|c| (c.type_.as_str(), c.status == "True", c.reason.as_deref()))
    }
    fn container_count(&self) -> usize {
        self.spec.as_ref().map_or(0, |s| s.containers.len())
    }
    fn init_container_count(&self) -> usize {
        self.spec
            .as_ref()
            .and_then(|s| s.init_containers.as_deref())
            .map_or(0, <[_]>::len)
    }
    fn init_container_restartable(&self, name: &str) -> bool {
        self.spec
            .as_ref()
            .and_then(|s| s.init_containers.as_deref())
            .unwrap_or_default()
            .iter()
            .find(|c| c.name == name)
            .is_some_and(|c| c.restart_policy.as_deref() == Some("Always"))
    }
    fn init_statuses(&self) -> impl Iterator<Item = ContainerFacts<'_>> {
        self.status
            .as_ref()
            .and_then(|s| s.init_container_statuses.as_deref())
            .unwrap_or_default()
            .iter()
            .map(ContainerFacts::of)
    }
    fn statuses(&self) -> impl DoubleEndedIterator<Item = ContainerFacts<'_>> {
        self.status
            .as_ref()
            .and_then(|s| s.container_statuses.as_deref())
            .unwrap_or_default()
            .iter()
            .map(ContainerFacts::of)
    }
    fn ip(&self) -> Option<Cow<'_, str>> {
        let status = self.status.as_ref()?;
        status
            .pod_ips
            .as_deref()
            .and_then(<[_]>::first)
            .map(|i| i.ip.as_str())
            .or(status.pod_ip.as_deref())
            .map(Cow::Borrowed)
    }
    fn node(&self) -> &str {
        self.spec
            .as_ref()
            .and_then(|s| s.node_name.as_deref())
            .unwrap_or("")
    }
    fn nominated(&self) -> &str {
        self.status
            .as_ref()
            .and_then(|s| s.nominated_node_name.as_deref())
            .unwrap_or("")
    }
    fn readiness_gates(&self) -> impl Iterator<Item = &str> {
        self.spec
            .as_ref()
            .and_then(|s| s.readiness_gates.as_deref())
            .unwrap_or_default()
            .iter()
            .map(|g| g.condition_type.as_str())
    }
}

/// One row of `kubectl get pods -o wide` (`printPod`), without `-A`'s NAMESPACE: of an
/// API [`Pod`], or of a pod the simulation keeps ([`PodRef`](crate::sim::PodRef)).
pub fn pod_row(pod: &impl PodSource, now: SimTime) -> [String; 9] {
    let mut cells = Cells::new();
    cells.start_row();
    PodRows::new(now).write(&mut cells, pod, true);
    let mut row = cells.row(0).map(str::to_string);
    std::array::from_fn(|_| row.next().unwrap_or_default())
}

/// Writes pods' rows of `kubectl get pods` ([`pod_row`]'s cells) into [`Cells`], without
/// a `String` per cell: a table of thousands of pods is one buffer. Pods created together
/// share their AGE, which it works out once.
pub struct PodRows {
    now: SimTime,
    /// The last creation time aged, and its age.
    last_age: Option<(Option<i64>, String)>,
}

impl PodRows {
    /// Rows whose ages count from `now`.
    pub fn new(now: SimTime) -> Self {
        PodRows {
            now,
            last_age: None,
        }
    }

    /// Writes `pod`'s cells into the row `out` is writing: NAME, READY, STATUS, RESTARTS,
    /// AGE, and with `wide` IP, NODE, NOMINATED NODE, READINESS GATES.
    ///
    /// Not inlined into the loop over the pods: in a browser, a wasm function called once
    /// (the loop's) runs its first call in the baseline compiler's code to the end, while a
    /// function called per row is recompiled optimised once it is hot, and the rows after
    /// that run faster (the first `get pods` of a page; docs/performance.md, "The console").
    #[inline(never)]
    pub fn write(&mut self, out: &mut Cells, pod: &impl PodSource, wide: bool) {
        let now = self.now;
        let p = print_pod(pod);
        out.cell(pod.name());
        out.put_u64(p.ready as u64);
        let _ = out.write_char('/');
        out.cell_u64(p.total as u64);
        out.cell(&p.status);
        match p.last_restart {
            Some(t) if p.restarts != 0 => {
                // The time as a `metav1.Time` would say it: whole seconds, not before the epoch.
                let t = t.max(0);
                let _ = write!(out, "{} ({} ago)", p.restarts, age(now, Some(t - t % 1000)));
                out.end_cell();
            }
            _ if p.restarts >= 0 => out.cell_u64(p.restarts as u64),
            _ => {
                let _ = write!(out, "{}", p.restarts);
                out.end_cell();
            }
        }
        let created = pod.created_ms();
        match &self.last_age {
            Some((at, text)) if *at == created => out.cell(text),
            _ => {
                let text = age(now, created);
                out.cell(&text);
                self.last_age = Some((created, text));
            }
        }
        if !wide {
            return;
        }
        out.cell(or_none_str(pod.ip().as_deref().unwrap_or("")));
        out.cell(or_none_str(pod.node()));
        out.cell(or_none_str(pod.nominated()));
        let mut gates = 0u64;
        let mut true_count = 0u64;
        for gate in pod.readiness_gates() {
            gates += 1;
            if pod
                .conditions()
                .find(|(t, _, _)| *t == gate)
                .is_some_and(|(_, ok, _)| ok)
            {
                true_count += 1;
            }
        }
        if gates == 0 {
            out.cell("<none>");
        } else {
            out.put_u64(true_count);
            let _ = out.write_char('/');
            out.cell_u64(gates);
        }
    }
}

/// `v`, or `<none>` when it is empty.
fn or_none_str(v: &str) -> &str {
    if v.is_empty() {
        "<none>"
    } else {
        v
    }
}

/// What the READY, STATUS and RESTARTS cells of one pod say.
struct PodCells<'a> {
    ready: usize,
    total: usize,
    status: Cow<'a, str>,
    restarts: i64,
    /// When a container last terminated.
    last_restart: Option<i64>,
}

/// A container's last termination time, kept if it is the latest so far.
fn note_restart(cs: &ContainerFacts<'_>, last: &mut Option<i64>) {
    if let Some(t) = cs.last_finished_ms {
        *last = Some(last.map_or(t, |l| l.max(t)));
    }
}

/// kubectl's `printPod` reasoning for READY, STATUS and RESTARTS.
fn print_pod<P: PodSource>(pod: &P) -> PodCells<'_> {
    let total = pod.container_count();
    let phase = pod.phase();
    let mut reason: Cow<'_, str> = Cow::Borrowed(phase);
    if !pod.reason().is_empty() {
        reason = Cow::Borrowed(pod.reason());
    }
    if pod
        .conditions()
        .any(|(t, _, r)| t == "PodScheduled" && r == Some("SchedulingGated"))
    {
        reason = Cow::Borrowed("SchedulingGated");
    }
    let mut restarts: i64 = 0;
    let mut last_restart: Option<i64> = None;

    // Init containers.
    let init_count = pod.init_container_count();
    let mut initializing = false;
    let mut sidecar_restarts: i64 = 0;
    let mut sidecar_last: Option<i64> = None;
    for (i, cs) in pod.init_statuses().enumerate() {
        let restartable = pod.init_container_restartable(cs.name);
        let count = i64::from(cs.restart_count);
        if restartable {
            sidecar_restarts = sidecar_restarts.saturating_add(count);
            note_restart(&cs, &mut sidecar_last);
        } else {
            restarts = restarts.saturating_add(count);
            note_restart(&cs, &mut last_restart);
        }
        let waiting_reason = cs.waiting.unwrap_or("");
        if cs.terminated.is_some_and(|(code, _, _)| code == 0) {
            continue;
        }
        if restartable && cs.started == Some(true) {
            continue;
        }
        reason = Cow::Owned(if let Some((code, signal, why)) = cs.terminated {
            match why.filter(|r| !r.is_empty()) {
                Some(r) => format!("Init:{r}"),
                None if signal != 0 => format!("Init:Signal:{signal}"),
                None => format!("Init:ExitCode:{code}"),
            }
        } else if !waiting_reason.is_empty() && waiting_reason != "PodInitializing" {
            format!("Init:{waiting_reason}")
        } else {
            format!("Init:{i}/{init_count}")
        });
        initializing = true;
        break;
    }

    let initialized = pod.conditions().any(|(t, ok, _)| t == "Initialized" && ok);
    let mut ready = 0usize;
    if !initializing || initialized {
        restarts = sidecar_restarts;
        last_restart = sidecar_last;
        let mut has_running = false;
        for cs in pod.statuses().rev() {
            restarts = restarts.saturating_add(i64::from(cs.restart_count));
            note_restart(&cs, &mut last_restart);
            let waiting = cs.waiting.filter(|r| !r.is_empty());
            if let Some(w) = waiting {
                reason = Cow::Borrowed(w);
            } else if let Some((code, signal, why)) = cs.terminated {
                reason = match why.filter(|r| !r.is_empty()) {
                    Some(r) => Cow::Borrowed(r),
                    None if signal != 0 => Cow::Owned(format!("Signal:{signal}")),
                    None => Cow::Owned(format!("ExitCode:{code}")),
                };
            } else if cs.ready && cs.running {
                has_running = true;
                ready = ready.saturating_add(1);
            }
        }
        if reason == "Completed" && has_running {
            let pod_ready = pod.conditions().any(|(t, ok, _)| t == "Ready" && ok);
            reason = Cow::Borrowed(if pod_ready { "Running" } else { "NotReady" });
        }
    }
    if pod.deleting() && pod.reason() == "NodeLost" {
        reason = Cow::Borrowed("Unknown");
    } else if pod.deleting() && phase != "Failed" && phase != "Succeeded" {
        reason = Cow::Borrowed("Terminating");
    }
    PodCells {
        ready,
        total,
        status: reason,
        restarts,
        last_restart,
    }
}

/// What kubectl's `printEvent` reads of an event, so that one printer ([`event_row`]) serves
/// an API [`Event`] and an event the simulation keeps ([`EventRef`](crate::sim::EventRef),
/// read without building its `Event`).
pub trait EventSource {
    /// `metadata.namespace` (empty when unset).
    fn namespace(&self) -> &str;
    /// `firstTimestamp`, else `eventTime`, in milliseconds since the simulation's epoch.
    fn first_ms(&self) -> Option<i64>;
    /// `lastTimestamp` when set (`None`: unset).
    fn last_timestamp_ms(&self) -> Option<Option<i64>>;
    /// `series`: its `lastObservedTime` and its `count` (`None`: no series).
    fn series(&self) -> Option<(Option<i64>, i64)>;
    /// `count` (0 when unset).
    fn count(&self) -> i64;
    /// `type` (empty when unset).
    fn type_(&self) -> &str;
    /// `reason` (empty when unset).
    fn reason(&self) -> &str;
    /// `involvedObject.kind` (empty when unset).
    fn involved_kind(&self) -> &str;
    /// `involvedObject.name` (empty when unset).
    fn involved_name(&self) -> &str;
    /// `message` (empty when unset).
    fn message(&self) -> Cow<'_, str>;
}

impl EventSource for Event {
    fn namespace(&self) -> &str {
        str_of(&self.metadata.namespace)
    }

    fn first_ms(&self) -> Option<i64> {
        match &self.first_timestamp {
            Some(t) => time_ms(t),
            None => self.event_time.as_ref().and_then(micro_time_ms),
        }
    }

    fn last_timestamp_ms(&self) -> Option<Option<i64>> {
        self.last_timestamp.as_ref().map(time_ms)
    }

    fn series(&self) -> Option<(Option<i64>, i64)> {
        self.series.as_ref().map(|s| {
            (
                s.last_observed_time.as_ref().and_then(micro_time_ms),
                i64::from(s.count.unwrap_or(0)),
            )
        })
    }

    fn count(&self) -> i64 {
        i64::from(self.count.unwrap_or(0))
    }

    fn type_(&self) -> &str {
        str_of(&self.type_)
    }

    fn reason(&self) -> &str {
        str_of(&self.reason)
    }

    fn involved_kind(&self) -> &str {
        str_of(&self.involved_object.kind)
    }

    fn involved_name(&self) -> &str {
        str_of(&self.involved_object.name)
    }

    fn message(&self) -> Cow<'_, str> {
        Cow::Borrowed(str_of(&self.message))
    }
}

/// One row of `kubectl get events` (`printEvent`), without `-A`'s NAMESPACE: of an API
/// [`Event`], or of an event the simulation keeps ([`EventRef`](crate::sim::EventRef)).
pub fn event_row(e: &impl EventSource, now: SimTime) -> [String; 5] {
    let first = age(now, e.first_ms());
    let mut last = match e.last_timestamp_ms() {
        Some(t) => age(now, t),
        None => first.clone(),
    };
    let mut count = e.count();
    if let Some((observed, n)) = e.series() {
        last = age(now, observed);
        count = n;
    } else if count == 0 {
        count = 1;
    }
    if count > 1 {
        last = format!("{last} (x{count} over {first})");
    }
    let kind = e.involved_kind().to_lowercase();
    let target = match e.involved_name() {
        "" => kind,
        n => format!("{kind}/{n}"),
    };
    [
        last,
        e.type_().to_string(),
        e.reason().to_string(),
        target,
        e.message().trim().to_string(),
    ]
}

/// When an event was last seen (the order of `kubectl get events --sort-by=.lastTimestamp`).
fn last_seen_ms(e: &impl EventSource) -> Option<i64> {
    if let Some((Some(t), _)) = e.series() {
        return Some(t);
    }
    if let Some(Some(t)) = e.last_timestamp_ms() {
        return Some(t);
    }
    e.first_ms()
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
    /// Writes the pods' rows.
    pod_rows: PodRows,
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
            pod_rows: PodRows::new(now),
            events: Rows::default(),
            namespaces: BTreeSet::new(),
        }
    }

    fn namespace(&mut self, ns: &str) -> String {
        if !self.namespaces.contains(ns) {
            self.namespaces.insert(ns.to_string());
        }
        ns.to_string()
    }

    /// The tables of everything `sim` holds, read in place: nodes and DaemonSets as
    /// stored, pods and events without building their `Pod` or `Event`
    /// ([`crate::sim::PodRef`], [`crate::sim::EventRef`]).
    pub fn of(sim: &Simulation) -> Tables {
        let mut tables = Tables::new(sim.now());
        for n in sim.stored_nodes() {
            tables.add_node(n);
        }
        for d in sim.stored_daemon_sets() {
            tables.add_daemon_set(d);
        }
        for p in sim.pod_refs() {
            tables.add_pod(&p);
        }
        for e in sim.event_refs() {
            tables.add_event(&e);
        }
        tables
    }

    /// Adds the row of one object (ControllerRevisions have no table).
    pub fn add(&mut self, object: &ListObject) {
        match object {
            ListObject::Node(n) => self.add_node(n),
            ListObject::DaemonSet(d) => self.add_daemon_set(d.daemon_set()),
            ListObject::Pod(p) => self.add_pod(&p.to_pod()),
            ListObject::Event(e) => self.add_event(&**e),
            ListObject::ControllerRevision(_) => {}
        }
    }

    /// Adds a node's row.
    pub fn add_node(&mut self, n: &Node) {
        self.nodes.push("", node_row(n, self.now));
    }

    /// Adds a DaemonSet's row.
    pub fn add_daemon_set(&mut self, d: &DaemonSet) {
        let ns = self.namespace(str_of(&d.metadata.namespace));
        self.daemon_sets.push(&ns, daemon_set_row(d, self.now));
    }

    /// Adds a pod's row.
    pub fn add_pod(&mut self, p: &impl PodSource) {
        let ns = self.namespace(p.namespace());
        self.pods.cells.start_row();
        self.pods.cells.cell(&ns);
        self.pod_rows.write(&mut self.pods.cells, p, true);
    }

    /// Adds an event's row.
    pub fn add_event(&mut self, e: &impl EventSource) {
        let ns = self.namespace(e.namespace());
        self.events.seen.push(last_seen_ms(e).unwrap_or(i64::MIN));
        self.events.push(&ns, event_row(e, self.now));
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
            ListObject::DaemonSet(Box::new(other.into())),
            ListObject::DaemonSet(Box::new(ds.into())),
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
        let pod = |ns: &str| -> Pod {
            decode(json!({"metadata": {"name": "p", "namespace": ns},
                "spec": {"containers": []}}))
        };
        let mut tables = Tables::new(NOW);
        tables.add(&node);
        tables.add_pod(&pod("a"));
        tables.add_pod(&pod("b"));
        let mut out = String::new();
        tables.write(&mut out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 6, "{out}");
        assert_eq!(lines[2], "");
        assert!(lines[3].starts_with("NAMESPACE   NAME   READY"), "{out}");
    }
}
