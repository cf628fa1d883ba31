//! API-shaped objects, rendered on demand from the compact stores: k8s-openapi
//! objects serialised with serde, so the shapes are the API's.

use super::cluster::{DaemonSetEntry, NodeEntry, PodEntry, PodPhase, RevisionEntry};
use super::events::EventRecord;
use super::node_lifecycle::node_ip;
use super::template::PodTemplateData;
use super::Simulation;
use crate::clock::SimTime;
use crate::load::ApiObject;
use k8s_openapi::api::apps::v1::{ControllerRevision, DaemonSet};
use k8s_openapi::api::core::v1::{
    Affinity, ContainerState, ContainerStateRunning, ContainerStateTerminated,
    ContainerStateWaiting, ContainerStatus, Event, EventSource, HostIP, Node, ObjectReference, Pod,
    PodCondition, PodIP, PodStatus, PodTemplateSpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use k8s_openapi::apimachinery::pkg::runtime::RawExtension;
use k8s_openapi::jiff::Timestamp;
use serde::ser::{Impossible, SerializeMap, SerializeStruct};
use serde_json::{json, Value};
use std::borrow::Cow;
use std::rc::Rc;

/// Unix seconds of the simulation's epoch, 2026-01-01T00:00:00Z (see [`SimTime::rfc3339`]).
pub(crate) const EPOCH_UNIX_SECS: i64 = 1_767_225_600;

/// A simulated instant as an API timestamp (second resolution, as the API stores it).
pub(crate) fn time(t: SimTime) -> Time {
    let secs = EPOCH_UNIX_SECS.saturating_add(i64::try_from(t.as_millis() / 1000).unwrap_or(0));
    Time(Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH))
}

/// An API timestamp as a simulated instant (before the epoch: zero).
pub(crate) fn sim_time(t: &Time) -> SimTime {
    let secs = t.0.as_second().saturating_sub(EPOCH_UNIX_SECS).max(0);
    SimTime(u64::try_from(secs).unwrap_or(0).saturating_mul(1000))
}

/// One loaded object as JSON (for the replayable input log).
pub(crate) fn api_object_json(o: &ApiObject) -> Value {
    match o {
        ApiObject::DaemonSet(d) => crate::json::to_value(&**d),
        ApiObject::Node(n) => crate::json::to_value(&**n),
        ApiObject::Pod(p) => crate::json::to_value(&**p),
    }
    .unwrap_or(Value::Null)
}

/// JSON back to an object the simulation acts on, by its `kind`. The error's kind is
/// [`ErrorKind::UnknownKind`](crate::location::ErrorKind) for a kind not simulated, else
/// [`ErrorKind::WrongType`](crate::location::ErrorKind) (a field that does not decode).
pub(crate) fn api_object_from_json(
    v: Value,
) -> Result<ApiObject, (crate::location::ErrorKind, String)> {
    use crate::location::ErrorKind;
    let kind = v
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let err = |e: String| (ErrorKind::WrongType, format!("{kind}: {e}"));
    // The loader's decoder (not `serde_json::from_value`): one compiled decoder per type.
    use crate::load::strict::decode_lenient;
    match kind.as_str() {
        "DaemonSet" => decode_lenient(&v)
            .map(|d| ApiObject::DaemonSet(Box::new(d)))
            .map_err(err),
        "Node" => decode_lenient(&v)
            .map(|n| ApiObject::Node(Box::new(n)))
            .map_err(err),
        "Pod" => decode_lenient(&v)
            .map(|p| ApiObject::Pod(Box::new(p)))
            .map_err(err),
        _ => Err((
            ErrorKind::UnknownKind,
            format!("Object 'Kind' is missing or not simulated: \"{kind}\""),
        )),
    }
}

fn cond(
    type_: &str,
    status: bool,
    since: SimTime,
    reason: Option<&str>,
    message: Option<String>,
) -> PodCondition {
    PodCondition {
        type_: type_.to_string(),
        status: if status { "True" } else { "False" }.to_string(),
        last_transition_time: Some(time(since)),
        last_probe_time: None,
        reason: reason.map(str::to_string),
        message,
        observed_generation: None,
    }
}

/// `kubectl describe` QoS class from requests and limits.
fn qos_class(p: &PodEntry) -> &'static str {
    let cs = &p.template.spec.containers;
    let mut any = false;
    let mut guaranteed = !cs.is_empty();
    for c in cs {
        let req = c.resources.as_ref().and_then(|r| r.requests.as_ref());
        let lim = c.resources.as_ref().and_then(|r| r.limits.as_ref());
        if req.is_some_and(|m| !m.is_empty()) || lim.is_some_and(|m| !m.is_empty()) {
            any = true;
        }
        for r in ["cpu", "memory"] {
            let l = lim.and_then(|m| m.get(r));
            if l.is_none() || req.and_then(|m| m.get(r)) != l {
                guaranteed = false;
            }
        }
    }
    if !any {
        "BestEffort"
    } else if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

/// A node's InternalIP address (from its status, else the simulated one).
fn host_ip_of(n: &NodeEntry) -> String {
    n.obj
        .status
        .as_ref()
        .and_then(|s| s.addresses.as_ref())
        .and_then(|a| a.iter().find(|a| a.type_ == "InternalIP"))
        .map(|a| a.address.clone())
        .unwrap_or_else(|| node_ip(n.ordinal))
}

/// The message a pod condition carries.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ConditionMessage<'a> {
    /// None.
    None,
    /// `containers with unready status: [NAMES]`.
    Unready,
    /// The scheduler's message.
    Unschedulable(&'a str),
}

/// One of a simulated pod's conditions, as [`pod_conditions`] gives it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ConditionBrief<'a> {
    /// `type`.
    pub type_: &'static str,
    /// `status` is `True`.
    pub status: bool,
    /// `lastTransitionTime`.
    pub since: SimTime,
    /// `reason`.
    pub reason: Option<&'static str>,
    /// `message`.
    pub message: ConditionMessage<'a>,
}

/// A simulated pod's `status.conditions`, in the order the kubelet lists them: the rule
/// that both the rendered `Pod` and the printers reading the pod without it follow.
pub(crate) fn pod_conditions(p: &PodEntry) -> impl Iterator<Item = ConditionBrief<'_>> {
    let c = |type_, status, since, reason, message| ConditionBrief {
        type_,
        status,
        since,
        reason,
        message,
    };
    let mut list: [Option<ConditionBrief<'_>>; 5] = [None; 5];
    if let Some(sched) = p.scheduled_at {
        let started = p.started_at.is_some();
        let running = p.phase == PodPhase::Running;
        let ready_since = p.ready_changed.max(sched);
        let (reason, message) = if p.ready {
            (None, ConditionMessage::None)
        } else if p.phase == PodPhase::Failed {
            (Some("PodFailed"), ConditionMessage::None)
        } else {
            (Some("ContainersNotReady"), ConditionMessage::Unready)
        };
        let none = ConditionMessage::None;
        list = [
            Some(c(
                "PodReadyToStartContainers",
                started,
                p.started_at.unwrap_or(sched),
                None,
                none,
            )),
            Some(c("Initialized", true, sched, None, none)),
            Some(c("Ready", p.ready, ready_since, reason, message)),
            Some(c(
                "ContainersReady",
                p.ready && running,
                ready_since,
                reason,
                message,
            )),
            Some(c("PodScheduled", true, sched, None, none)),
        ];
    } else if let Some((since, msg)) = &p.unschedulable {
        list[0] = Some(c(
            "PodScheduled",
            false,
            *since,
            Some("Unschedulable"),
            ConditionMessage::Unschedulable(msg),
        ));
    }
    list.into_iter().flatten()
}

/// The state of a simulated pod's containers (they all share it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RunState {
    /// Exited: with an error (`failed`), or completed.
    Terminated {
        /// The pod failed.
        failed: bool,
    },
    /// Running since.
    Running(SimTime),
    /// Waiting: `ContainerCreating`.
    Creating,
}

impl RunState {
    /// The waiting reason of [`RunState::Creating`].
    pub(crate) const CREATING: &'static str = "ContainerCreating";

    /// The exit code of a terminated container.
    pub(crate) fn exit_code(failed: bool) -> i32 {
        i32::from(failed)
    }

    /// The reason of a terminated container.
    pub(crate) fn exit_reason(failed: bool) -> &'static str {
        if failed {
            "Error"
        } else {
            "Completed"
        }
    }
}

/// What the kubelet reports of each of a simulated pod's containers, once it is scheduled.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ContainerRun {
    /// `state`.
    pub state: RunState,
    /// `ready`.
    pub ready: bool,
    /// `started`.
    pub started: bool,
    /// `restartCount`.
    pub restart_count: i32,
}

impl ContainerRun {
    /// The containers of `p`.
    pub(crate) fn of(p: &PodEntry) -> ContainerRun {
        let state = match (p.phase, p.started_at) {
            (PodPhase::Failed | PodPhase::Succeeded, _) => RunState::Terminated {
                failed: p.phase == PodPhase::Failed,
            },
            (_, Some(s)) => RunState::Running(s),
            (_, None) => RunState::Creating,
        };
        ContainerRun {
            state,
            ready: p.ready && p.phase == PodPhase::Running,
            started: p.phase == PodPhase::Running && p.started_at.is_some(),
            restart_count: i32::try_from(p.restarts).unwrap_or(i32::MAX),
        }
    }
}

impl Simulation {
    /// A Node as the API shapes it.
    pub(crate) fn render_node(&self, n: &NodeEntry) -> Node {
        let mut obj = n.obj.clone();
        obj.metadata.resource_version = Some(n.rv.to_string());
        obj
    }

    /// A DaemonSet as the API shapes it, read where it is stored ([`RenderedDaemonSet`]).
    pub(crate) fn render_daemon_set<'a>(&'a self, d: &'a DaemonSetEntry) -> RenderedDaemonSet<'a> {
        let mut metadata = d.obj.metadata.clone();
        metadata.resource_version = Some(d.rv.to_string());
        RenderedDaemonSet {
            metadata,
            obj: Cow::Borrowed(&d.obj),
        }
    }

    /// A ControllerRevision as the API shapes it, its template read where the revision keeps
    /// it ([`RenderedRevision`]).
    pub(crate) fn render_revision<'a>(&'a self, r: &'a RevisionEntry) -> RenderedRevision<'a> {
        let owner = r
            .owner
            .and_then(|d| self.daemon_sets.get(&d))
            .map(|d| vec![(*d.controller_ref).clone()]);
        RenderedRevision {
            revision: ControllerRevision {
                metadata: ObjectMeta {
                    name: Some(r.name.clone()),
                    namespace: Some(r.namespace.clone()),
                    uid: Some(r.uid.clone()),
                    resource_version: Some(r.rv.to_string()),
                    creation_timestamp: Some(time(r.created)),
                    labels: Some(r.labels.clone()),
                    annotations: (!r.annotations.is_empty()).then(|| r.annotations.clone()),
                    owner_references: owner,
                    ..ObjectMeta::default()
                },
                data: RawExtension(Value::Null),
                revision: Some(r.revision),
            },
            template: self
                .revision_template(r)
                .map_or_else(|| Cow::Owned(PodTemplateSpec::default()), Cow::Borrowed),
        }
    }

    /// The pod's host IP (the node's InternalIP).
    fn host_ip(&self, node: &str) -> Option<String> {
        self.nodes.get(node).map(host_ip_of)
    }

    /// The pod IP: `10.244.<node ordinal>.<n>`, or the host IP for `hostNetwork` pods.
    pub(crate) fn pod_ip(&self, p: &PodEntry) -> Option<String> {
        let n = self.nodes.get_hint(p.node_name.as_deref()?, p.node_slot)?;
        self.pod_ip_on(p, n)
    }

    /// [`Simulation::pod_ip`] for a pod bound to `n`.
    pub(crate) fn pod_ip_on(&self, p: &PodEntry, n: &NodeEntry) -> Option<String> {
        p.started_at?;
        if p.template.host_network {
            return Some(host_ip_of(n));
        }
        Some(format!(
            "10.{}.{}.{}",
            244 + (n.ordinal / 256) % 12,
            n.ordinal % 256,
            p.pod_ip
        ))
    }

    /// A pod as the API shapes it, its spec read from its template ([`RenderedPod`]).
    pub(crate) fn render_pod(&self, p: &PodEntry) -> RenderedPod {
        let spec = &p.template.spec;
        let metadata = ObjectMeta {
            name: Some(p.name.to_string()),
            generate_name: p.generate_name.as_deref().map(str::to_string),
            namespace: Some(p.namespace.to_string()),
            uid: Some(p.uid.to_string()),
            resource_version: Some(p.rv.to_string()),
            creation_timestamp: Some(time(p.created)),
            deletion_timestamp: p.deletion.map(time),
            deletion_grace_period_seconds: p
                .deletion
                .map(|_| spec.termination_grace_period_seconds.unwrap_or(30)),
            labels: (!p.labels.is_empty()).then(|| (*p.labels).clone()),
            annotations: p.template.annotations.clone(),
            owner_references: p.controller_ref.as_ref().map(|r| vec![(**r).clone()]),
            ..ObjectMeta::default()
        };
        let names: Vec<String> = spec.containers.iter().map(|c| c.name.clone()).collect();
        let unready = format!("containers with unready status: [{}]", names.join(" "));
        let conditions: Vec<PodCondition> = pod_conditions(p)
            .map(|c| {
                let message = match c.message {
                    ConditionMessage::None => None,
                    ConditionMessage::Unready => Some(unready.clone()),
                    ConditionMessage::Unschedulable(m) => Some(m.to_string()),
                };
                cond(c.type_, c.status, c.since, c.reason, message)
            })
            .collect();
        let run = ContainerRun::of(p);
        let container_statuses = p.scheduled_at.map(|_| {
            spec.containers
                .iter()
                .map(|c| {
                    let state = match run.state {
                        RunState::Terminated { failed } => ContainerState {
                            terminated: Some(ContainerStateTerminated {
                                exit_code: RunState::exit_code(failed),
                                reason: Some(RunState::exit_reason(failed).into()),
                                started_at: p.started_at.map(time),
                                finished_at: p.finished_at.map(time),
                                ..ContainerStateTerminated::default()
                            }),
                            ..ContainerState::default()
                        },
                        RunState::Running(s) => ContainerState {
                            running: Some(ContainerStateRunning {
                                started_at: Some(time(s)),
                            }),
                            ..ContainerState::default()
                        },
                        RunState::Creating => ContainerState {
                            waiting: Some(ContainerStateWaiting {
                                reason: Some(RunState::CREATING.into()),
                                message: None,
                            }),
                            ..ContainerState::default()
                        },
                    };
                    let image = c.image.clone().unwrap_or_default();
                    ContainerStatus {
                        name: c.name.clone(),
                        image: image.clone(),
                        image_id: if p.started_at.is_some() {
                            image_id(&image)
                        } else {
                            String::new()
                        },
                        container_id: p.started_at.map(|_| {
                            format!(
                                "containerd://{}",
                                fake_digest(&format!("{}/{}", p.uid, c.name))
                            )
                        }),
                        ready: run.ready,
                        restart_count: run.restart_count,
                        started: Some(run.started),
                        state: Some(state),
                        ..ContainerStatus::default()
                    }
                })
                .collect()
        });
        let host_ip = p
            .node_name
            .as_deref()
            .filter(|_| p.scheduled_at.is_some())
            .and_then(|n| self.host_ip(n));
        let pod_ip = self.pod_ip(p);
        let status = PodStatus {
            phase: Some(p.phase.as_str().to_string()),
            conditions: (!conditions.is_empty()).then_some(conditions),
            host_ip: host_ip.clone(),
            host_ips: host_ip.map(|ip| vec![HostIP { ip }]),
            pod_ip: pod_ip.clone(),
            pod_ips: pod_ip.map(|ip| vec![PodIP { ip }]),
            start_time: p.scheduled_at.map(time),
            container_statuses,
            qos_class: Some(qos_class(p).to_string()),
            ..PodStatus::default()
        };
        RenderedPod {
            pod: Pod {
                metadata,
                spec: None,
                status: Some(status),
            },
            template: p.template.clone(),
            node_name: p.node_name.as_deref().map(str::to_string),
            affinity: match (&p.target, p.pinned) {
                (Some(t), true) => Some(p.template.affinity_for_node(t)),
                _ => None,
            },
        }
    }

    /// An Event as the API shapes it (`v1 Event`).
    pub(crate) fn render_event(&self, e: &EventRecord) -> Event {
        Event {
            metadata: ObjectMeta {
                name: Some(event_name(e)),
                namespace: Some(event_namespace(e).to_string()),
                resource_version: Some(e.rv.to_string()),
                creation_timestamp: Some(time(e.first)),
                ..ObjectMeta::default()
            },
            involved_object: ObjectReference {
                api_version: Some(e.involved.api_version.to_string()),
                kind: Some(e.involved.kind.to_string()),
                name: Some(e.involved.name.to_string()),
                namespace: (!e.involved.namespace.is_empty())
                    .then(|| e.involved.namespace.to_string()),
                uid: Some(e.involved.uid.to_string()),
                ..ObjectReference::default()
            },
            reason: Some(e.reason.to_string()),
            message: Some(e.message_text()),
            source: Some(EventSource {
                component: Some(e.source.to_string()),
                host: e.host.clone(),
            }),
            first_timestamp: Some(time(e.first)),
            last_timestamp: Some(time(e.last)),
            count: Some(i32::try_from(e.count).unwrap_or(i32::MAX)),
            type_: Some(e.type_.as_str().to_string()),
            reporting_component: Some(e.source.to_string()),
            reporting_instance: Some(String::new()),
            ..Event::default()
        }
    }

    /// Every object as one `v1 List`.
    pub(crate) fn render_object_list(&self) -> Value {
        let items: Vec<Value> = self.render_items().collect();
        json!({"apiVersion": "v1", "kind": "List", "items": items, "metadata": {"resourceVersion": ""}})
    }

    /// The items of [`Self::render_object_list`], each rendered when the iterator reaches
    /// it: Nodes, DaemonSets, ControllerRevisions, Pods (by namespace and name), Events.
    pub(crate) fn render_items(&self) -> impl Iterator<Item = Value> + '_ {
        self.render_objects()
            .map(crate::json::to_value)
            .filter_map(Result::ok)
    }

    /// The objects of [`Self::render_items`], typed.
    pub(crate) fn render_objects(&self) -> impl Iterator<Item = ListObject<'_>> + '_ {
        self.render_objects_of(None)
    }

    /// The objects of [`Self::render_objects`] of one kind (`None`: every kind), in the
    /// same order; the others are not rendered.
    pub(crate) fn render_objects_of(
        &self,
        only: Option<ListKind>,
    ) -> impl Iterator<Item = ListObject<'_>> + '_ {
        let want = move |k: ListKind| only.is_none_or(|o| o == k);
        let nodes = self
            .nodes
            .values()
            .filter(move |_| want(ListKind::Node))
            .map(|n| ListObject::Node(Box::new(self.render_node(n))));
        let daemon_sets = self
            .ds_by_name
            .values()
            .filter(move |_| want(ListKind::DaemonSet))
            .filter_map(|id| self.daemon_sets.get(id))
            .map(|d| ListObject::DaemonSet(Box::new(self.render_daemon_set(d))));
        let revisions = self
            .revisions
            .values()
            .filter(move |_| want(ListKind::ControllerRevision))
            .map(|r| ListObject::ControllerRevision(Box::new(self.render_revision(r))));
        let mut pods: Vec<&PodEntry> = if want(ListKind::Pod) {
            self.pods.values().collect()
        } else {
            Vec::new()
        };
        crate::sort::sort_by(&mut pods, |a, b| {
            (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name))
        });
        let pods = pods
            .into_iter()
            .map(|p| ListObject::Pod(Box::new(self.render_pod(p))));
        let events = self
            .events
            .in_creation_order()
            .filter(move |_| want(ListKind::Event))
            .map(|e| ListObject::Event(Box::new(self.render_event(e))));
        nodes
            .chain(daemon_sets)
            .chain(revisions)
            .chain(pods)
            .chain(events)
    }
}

/// An event's `metadata.name`: the involved object's name and a suffix unique to the entry
/// (its first time in nanoseconds, its serial number in the last digits).
pub(crate) fn event_name(e: &EventRecord) -> String {
    let nanos = u128::from(e.first.as_millis()) * 1_000_000 + u128::from(e.serial % 1_000_000);
    format!("{}.{:016x}", e.involved.name, nanos)
}

/// An event's `metadata.namespace`: its object's, `default` for a node's.
pub(crate) fn event_namespace(e: &EventRecord) -> &str {
    if e.involved.namespace.is_empty() {
        "default"
    } else {
        &e.involved.namespace
    }
}

/// The kinds of [`ListObject`], to list one of them ([`Simulation::list_objects_of`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    /// Nodes.
    Node,
    /// DaemonSets.
    DaemonSet,
    /// ControllerRevisions.
    ControllerRevision,
    /// Pods.
    Pod,
    /// Events.
    Event,
}

/// One item of the simulation's `v1 List`, as the API shapes it; it serializes as the
/// object itself (see [`Simulation::list_objects`]).
#[derive(Clone, Debug, PartialEq)]
pub enum ListObject<'a> {
    /// A `v1` Node.
    Node(Box<Node>),
    /// An `apps/v1` DaemonSet, read where the simulation keeps it.
    DaemonSet(Box<RenderedDaemonSet<'a>>),
    /// An `apps/v1` ControllerRevision, its template read from where the simulation keeps it.
    ControllerRevision(Box<RenderedRevision<'a>>),
    /// A `v1` Pod, its spec read from where the simulation keeps it.
    Pod(Box<RenderedPod>),
    /// A `v1` Event.
    Event(Box<Event>),
}

impl ListObject<'_> {
    /// The same object not borrowing the simulation (a revision's template copied).
    pub fn into_owned(self) -> ListObject<'static> {
        match self {
            ListObject::Node(o) => ListObject::Node(o),
            ListObject::DaemonSet(o) => ListObject::DaemonSet(Box::new(o.into_owned())),
            ListObject::ControllerRevision(o) => {
                ListObject::ControllerRevision(Box::new(o.into_owned()))
            }
            ListObject::Pod(o) => ListObject::Pod(o),
            ListObject::Event(o) => ListObject::Event(o),
        }
    }
}

impl serde::Serialize for ListObject<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ListObject::Node(o) => o.serialize(s),
            ListObject::DaemonSet(o) => o.serialize(s),
            ListObject::ControllerRevision(o) => o.serialize(s),
            ListObject::Pod(o) => o.serialize(s),
            ListObject::Event(o) => o.serialize(s),
        }
    }
}

/// A simulated pod as the API shapes it ([`ListObject::Pod`]), its spec read from the
/// template the simulation keeps (shared by the pods of a revision) rather than copied: it
/// serializes as the `Pod` [`RenderedPod::to_pod`] builds, the template's spec with the pod's
/// `nodeName` (and a daemon pod's node affinity term) written over it. A printer writing the
/// pods of a large template one by one holds the spec once, however many pods it writes.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderedPod {
    /// The pod, without its spec.
    pod: Pod,
    template: Rc<PodTemplateData>,
    /// `spec.nodeName`, written over the template's.
    node_name: Option<String>,
    /// A pod pinned to its node: `spec.affinity` with the node's term, written over the
    /// template's.
    affinity: Option<Affinity>,
}

impl RenderedPod {
    /// `metadata`.
    pub fn metadata(&self) -> &ObjectMeta {
        &self.pod.metadata
    }

    /// The `Pod` itself, its spec copied from the template.
    pub fn to_pod(&self) -> Pod {
        let mut spec = self.template.spec.clone();
        spec.node_name.clone_from(&self.node_name);
        if let Some(a) = &self.affinity {
            spec.affinity = Some(a.clone());
        }
        Pod {
            spec: Some(spec),
            ..self.pod.clone()
        }
    }
}

impl serde::Serialize for RenderedPod {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        // The pod has no spec: its fields, then the spec.
        self.pod.serialize(Fields(&mut map, &[]))?;
        map.serialize_entry("spec", &RenderedSpec(self))?;
        map.end()
    }
}

/// The spec of a [`RenderedPod`]: the template's, `nodeName` and `affinity` written over it.
struct RenderedSpec<'a>(&'a RenderedPod);

impl serde::Serialize for RenderedSpec<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let RenderedPod {
            template,
            node_name,
            affinity,
            ..
        } = self.0;
        let spec = &template.spec;
        let mut map = s.serialize_map(None)?;
        spec.serialize(Fields(&mut map, &["affinity", "nodeName"]))?;
        if let Some(a) = affinity.as_ref().or(spec.affinity.as_ref()) {
            map.serialize_entry("affinity", a)?;
        }
        if let Some(n) = node_name {
            map.serialize_entry("nodeName", n)?;
        }
        map.end()
    }
}

/// A DaemonSet as the API shapes it, read where the simulation keeps it rather than copied (a
/// template of 3 MiB is not copied to be written): the stored DaemonSet with its own metadata
/// (the stored one with `resourceVersion`); it serializes as that `DaemonSet`.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderedDaemonSet<'a> {
    /// `metadata`, with `resourceVersion`.
    metadata: ObjectMeta,
    /// The DaemonSet, but its metadata.
    obj: Cow<'a, DaemonSet>,
}

impl RenderedDaemonSet<'_> {
    /// `metadata`.
    pub fn metadata(&self) -> &ObjectMeta {
        &self.metadata
    }

    /// The DaemonSet as stored: its spec and status (its metadata is [`Self::metadata`]'s
    /// without `resourceVersion`).
    pub fn daemon_set(&self) -> &DaemonSet {
        &self.obj
    }

    /// The `DaemonSet` itself, copied.
    pub fn to_daemon_set(&self) -> DaemonSet {
        DaemonSet {
            metadata: self.metadata.clone(),
            ..(*self.obj).clone()
        }
    }

    /// The same DaemonSet holding a copy (not borrowing the simulation).
    pub fn into_owned(self) -> RenderedDaemonSet<'static> {
        RenderedDaemonSet {
            metadata: self.metadata,
            obj: Cow::Owned(self.obj.into_owned()),
        }
    }
}

impl From<DaemonSet> for RenderedDaemonSet<'static> {
    fn from(obj: DaemonSet) -> Self {
        RenderedDaemonSet {
            metadata: obj.metadata.clone(),
            obj: Cow::Owned(obj),
        }
    }
}

impl serde::Serialize for RenderedDaemonSet<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        self.obj.serialize(Fields(&mut map, &["metadata"]))?;
        map.serialize_entry("metadata", &self.metadata)?;
        map.end()
    }
}

/// A ControllerRevision as the API shapes it, its `data` (`{"spec": {"template": …,
/// "$patch": "replace"}}`) written from the template the revision keeps rather than built as
/// a JSON value: it serializes as the `ControllerRevision` with that `data`.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderedRevision<'a> {
    /// The revision, without its data.
    revision: ControllerRevision,
    /// Its template, read where the simulation keeps it.
    template: Cow<'a, PodTemplateSpec>,
}

impl RenderedRevision<'_> {
    /// `metadata`.
    pub fn metadata(&self) -> &ObjectMeta {
        &self.revision.metadata
    }

    /// `revision`.
    pub fn revision(&self) -> Option<i64> {
        self.revision.revision
    }

    /// `data` as a JSON value (what `kubectl rollout history` reads).
    pub fn data(&self) -> Value {
        crate::json::to_value(RevisionData(&self.template)).unwrap_or(Value::Null)
    }

    /// The same revision holding a copy of its template (not borrowing the simulation).
    pub fn into_owned(self) -> RenderedRevision<'static> {
        RenderedRevision {
            revision: self.revision,
            template: Cow::Owned(self.template.into_owned()),
        }
    }
}

impl serde::Serialize for RenderedRevision<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        self.revision.serialize(Fields(&mut map, &["data"]))?;
        map.serialize_entry("data", &RevisionData(&self.template))?;
        map.end()
    }
}

/// A revision's `data`: `{"spec": {"template": TEMPLATE}}`, the template with `"$patch":
/// "replace"` (a strategic merge patch that replaces the template when it is rolled back to).
struct RevisionData<'a>(&'a PodTemplateSpec);

impl serde::Serialize for RevisionData<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Template<'a>(&'a PodTemplateSpec);
        impl serde::Serialize for Template<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(None)?;
                map.serialize_entry("$patch", "replace")?;
                self.0.serialize(Fields(&mut map, &[]))?;
                map.end()
            }
        }
        struct Spec<'a>(&'a PodTemplateSpec);
        impl serde::Serialize for Spec<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry("template", &Template(self.0))?;
                map.end()
            }
        }
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("spec", &Spec(self.0))?;
        map.end()
    }
}

/// A serializer that writes a struct's fields into a map being serialized, but the fields
/// named in `.1` (what `#[serde(flatten)]` does, with a serializer serde keeps to itself):
/// how [`RenderedPod`] writes the template's spec without copying it. Anything but a struct
/// is an error.
struct Fields<'m, M>(&'m mut M, &'static [&'static str]);

impl<M: SerializeMap> SerializeStruct for Fields<'_, M> {
    type Ok = ();
    type Error = M::Error;

    fn serialize_field<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        if self.1.contains(&key) {
            return Ok(());
        }
        self.0.serialize_entry(key, value)
    }

    fn end(self) -> Result<(), M::Error> {
        Ok(())
    }
}

/// [`Fields`]' methods for what is not a struct: each an error.
macro_rules! not_a_struct {
    ($($name:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(fn $name(self, $(_: $arg),*) -> Result<$ok, M::Error> {
            Err(serde::ser::Error::custom("not a struct"))
        })*
    };
}

impl<M: SerializeMap> serde::Serializer for Fields<'_, M> {
    type Ok = ();
    type Error = M::Error;
    type SerializeSeq = Impossible<(), M::Error>;
    type SerializeTuple = Impossible<(), M::Error>;
    type SerializeTupleStruct = Impossible<(), M::Error>;
    type SerializeTupleVariant = Impossible<(), M::Error>;
    type SerializeMap = Impossible<(), M::Error>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), M::Error>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, M::Error> {
        Ok(self)
    }

    not_a_struct! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_str(&str) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: serde::Serialize + ?Sized>(self, _: &T) -> Result<(), M::Error> {
        Err(serde::ser::Error::custom("not a struct"))
    }

    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), M::Error> {
        Err(serde::ser::Error::custom("not a struct"))
    }

    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), M::Error> {
        Err(serde::ser::Error::custom("not a struct"))
    }
}

fn fake_digest(s: &str) -> String {
    let a = super::revision::fnv32a(s.as_bytes());
    let b = super::revision::fnv32a(format!("{s}#").as_bytes());
    format!("{a:08x}{b:08x}{a:08x}{b:08x}{a:08x}{b:08x}{a:08x}{b:08x}")
}

/// A deterministic `imageID` for an image reference.
fn image_id(image: &str) -> String {
    let repo = image.split('@').next().unwrap_or(image);
    let repo = match repo.rsplit_once(':') {
        Some((r, tag)) if !tag.contains('/') => r,
        _ => repo,
    };
    format!("{repo}@sha256:{}", fake_digest(image))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SimDuration;
    use crate::json::JsonTree;
    use crate::sim::{Input, ObjectKind};

    /// DaemonSets (one with its own node affinity, which a daemon pod's node term replaces),
    /// and bare pods: written with `nodeName`, with an empty one, with an affinity of their
    /// own, one no node can take.
    const MANIFEST: &str = "\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}, annotations: {a: b}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/os, operator: In, values: [linux]}]}]
          preferredDuringSchedulingIgnoredDuringExecution:
          - {weight: 1, preference: {matchExpressions: [{key: zone, operator: Exists}]}}
      containers:
      - {name: a, image: agent:1, env: [{name: A, value: '1'}, {name: B}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: plain}
spec:
  selector: {matchLabels: {app: plain}}
  template:
    metadata: {labels: {app: plain}}
    spec:
      terminationGracePeriodSeconds: 5
      containers: [{name: a, image: plain:1}]
---
apiVersion: v1
kind: Pod
metadata: {name: named}
spec: {nodeName: worker-1, containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: Pod
metadata: {name: empty-name}
spec: {nodeName: '', containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: Pod
metadata: {name: own-affinity}
spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms: [{matchFields: [{key: metadata.name, operator: In, values: [worker-2]}]}]
  containers: [{name: c, image: x}]
---
apiVersion: v1
kind: Pod
metadata: {name: nowhere}
spec: {nodeSelector: {none: none}, containers: [{name: c, image: x}]}
";

    /// A pod rendered with its spec read from its template serializes, through the JSON
    /// text (the page's YAML, the watch) and through the printers' tree (`-o json`,
    /// `-o yaml`), as the `Pod` with the template's spec copied and `nodeName` (and a daemon
    /// pod's node term) set on the copy, as it was rendered before: pending, bound, running,
    /// terminating, on every node.
    #[test]
    fn a_rendered_pod_serializes_as_the_pod_with_its_spec_copied() {
        let mut sim = Simulation::with_default_cluster(7);
        let report = sim.apply("x.yaml", MANIFEST);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let mut tree = JsonTree::new();
        let mut copied_tree = JsonTree::new();
        let mut seen = std::collections::BTreeSet::new();
        let mut check = |sim: &Simulation| {
            for p in sim.pods.values() {
                let rendered = sim.render_pod(p);
                let copied = rendered.to_pod();
                let spec = copied.spec.as_ref().unwrap();
                assert_eq!(spec.node_name.as_deref(), p.node_name.as_deref());
                if p.pinned {
                    let term = &spec
                        .affinity
                        .as_ref()
                        .unwrap()
                        .node_affinity
                        .as_ref()
                        .unwrap();
                    let required = term
                        .required_during_scheduling_ignored_during_execution
                        .as_ref()
                        .unwrap();
                    let field = &required.node_selector_terms[0]
                        .match_fields
                        .as_ref()
                        .unwrap()[0];
                    assert_eq!(
                        Some(field.values.as_ref().unwrap()[0].as_str()),
                        p.target.as_deref()
                    );
                }
                let value = crate::json::to_value(&rendered).unwrap();
                assert_eq!(value, crate::json::to_value(&copied).unwrap(), "{}", p.name);
                tree.fill(&rendered).unwrap();
                copied_tree.fill(&copied).unwrap();
                let text = |t: &JsonTree| {
                    let mut w = crate::print::json::JsonWriter::default();
                    w.value(t.root(), 0);
                    w.buf
                };
                assert_eq!(text(&tree), text(&copied_tree), "{}", p.name);
                seen.insert((
                    p.name.to_string(),
                    p.pinned,
                    p.node_name.is_some(),
                    p.phase.as_str(),
                    p.deletion.is_some(),
                ));
            }
        };
        check(&sim);
        for _ in 0..12 {
            sim.advance(SimDuration::from_millis(500));
            check(&sim);
        }
        let _ = sim.step(Input::Delete {
            kind: ObjectKind::DaemonSet,
            namespace: "kube-system".into(),
            name: "agent".into(),
        });
        let _ = sim.step(Input::Delete {
            kind: ObjectKind::Pod,
            namespace: "default".into(),
            name: "named".into(),
        });
        check(&sim);
        for name in ["named", "empty-name", "own-affinity", "nowhere"] {
            assert!(seen.iter().any(|s| s.0 == name), "{name} not seen");
        }
        assert!(
            seen.iter().any(|s| s.1 && s.2 && s.3 == "Running"),
            "{seen:?}"
        );
        assert!(seen.iter().any(|s| !s.2), "no pending pod: {seen:?}");
        assert!(seen.iter().any(|s| s.4), "no terminating pod: {seen:?}");
    }
}
