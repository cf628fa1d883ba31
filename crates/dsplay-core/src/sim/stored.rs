//! The stores read in place: borrowed pods, events, nodes and DaemonSets for printers that
//! read a few fields of thousands of objects (`kubectl get`'s tables, `describe`'s counts), so no
//! API object is built for them ([`super::render`] builds one when a printer needs it all:
//! `-o yaml`, `describe pod`).

use super::cluster::PodEntry;
use super::events::EventRecord;
use super::render::{pod_conditions, time, ContainerRun, RunState};
use super::{RenderedPod, Simulation};
use crate::clock::SimTime;
use crate::print::get::{ContainerFacts, EventSource, PodSource};
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{Event, Node, Pod, PodSpec};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One pod as the simulation keeps it, read in place: its row in `kubectl get pods`
/// ([`crate::print::get::pod_row`] reads it as a [`PodSource`]), the fields `describe`
/// counts by, and the whole `Pod` on demand ([`PodRef::object`]).
#[derive(Clone, Copy)]
pub struct PodRef<'a> {
    sim: &'a Simulation,
    entry: &'a PodEntry,
}

impl std::fmt::Debug for PodRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PodRef({}/{})", self.entry.namespace, self.entry.name)
    }
}

impl<'a> PodRef<'a> {
    /// `metadata.namespace`.
    pub fn namespace(&self) -> &'a str {
        &self.entry.namespace
    }

    /// `metadata.name`.
    pub fn name(&self) -> &'a str {
        &self.entry.name
    }

    /// `metadata.labels` (`None` when it has none, as the API leaves them out).
    pub fn labels(&self) -> Option<&'a BTreeMap<String, String>> {
        Some(&*self.entry.labels).filter(|l| !l.is_empty())
    }

    /// `metadata.creationTimestamp`.
    pub fn created(&self) -> SimTime {
        self.entry.created
    }

    /// `status.phase`.
    pub fn phase(&self) -> &'static str {
        self.entry.phase.as_str()
    }

    /// `spec.nodeName`.
    pub fn node_name(&self) -> Option<&'a str> {
        self.entry.node_name.as_deref()
    }

    /// The uid of the object holding its controller reference.
    pub fn controller_uid(&self) -> Option<&'a str> {
        self.entry
            .controller_ref
            .as_deref()
            .filter(|r| r.controller == Some(true))
            .map(|r| r.uid.as_str())
    }

    /// Its spec as its template gives it: containers, init containers, their requests and
    /// limits (the rendered `Pod` adds `nodeName` and, for a daemon pod, the node affinity
    /// term pinning it to its node).
    pub fn template_spec(&self) -> &'a PodSpec {
        &self.entry.template.spec
    }

    /// The pod as the API shapes it.
    pub fn object(&self) -> Pod {
        self.rendered().to_pod()
    }

    /// The pod as the API shapes it, its spec read from its template, not copied: what a
    /// printer writes.
    pub fn rendered(&self) -> RenderedPod {
        self.sim.render_pod(self.entry)
    }
}

impl PodSource for PodRef<'_> {
    fn name(&self) -> &str {
        &self.entry.name
    }
    fn namespace(&self) -> &str {
        &self.entry.namespace
    }
    fn created_ms(&self) -> Option<i64> {
        let secs = time(self.entry.created)
            .0
            .as_second()
            .checked_sub(super::render::EPOCH_UNIX_SECS)?;
        secs.checked_mul(1000)
    }
    fn deleting(&self) -> bool {
        self.entry.deletion.is_some()
    }
    fn phase(&self) -> &str {
        self.entry.phase.as_str()
    }
    fn reason(&self) -> &str {
        ""
    }
    fn conditions(&self) -> impl Iterator<Item = (&str, bool, Option<&str>)> {
        pod_conditions(self.entry).map(|c| (c.type_, c.status, c.reason))
    }
    fn container_count(&self) -> usize {
        self.entry.template.spec.containers.len()
    }
    fn init_container_count(&self) -> usize {
        self.entry
            .template
            .spec
            .init_containers
            .as_deref()
            .map_or(0, <[_]>::len)
    }
    fn init_container_restartable(&self, name: &str) -> bool {
        self.entry
            .template
            .spec
            .init_containers
            .as_deref()
            .unwrap_or_default()
            .iter()
            .find(|c| c.name == name)
            .is_some_and(|c| c.restart_policy.as_deref() == Some("Always"))
    }
    fn init_statuses(&self) -> impl Iterator<Item = ContainerFacts<'_>> {
        // The simulated kubelet reports no init container statuses.
        std::iter::empty()
    }
    fn statuses(&self) -> impl DoubleEndedIterator<Item = ContainerFacts<'_>> {
        let p = self.entry;
        let run = ContainerRun::of(p);
        let containers = match p.scheduled_at {
            Some(_) => p.template.spec.containers.as_slice(),
            None => &[],
        };
        containers.iter().map(move |c| ContainerFacts {
            name: &c.name,
            ready: run.ready,
            restart_count: run.restart_count,
            started: Some(run.started),
            running: matches!(run.state, RunState::Running(_)),
            waiting: (run.state == RunState::Creating).then_some(RunState::CREATING),
            terminated: match run.state {
                RunState::Terminated { failed } => Some((
                    RunState::exit_code(failed),
                    0,
                    Some(RunState::exit_reason(failed)),
                )),
                _ => None,
            },
            last_finished_ms: None,
        })
    }
    fn ip(&self) -> Option<Cow<'_, str>> {
        self.sim.pod_ip(self.entry).map(Cow::Owned)
    }
    fn node(&self) -> &str {
        self.entry.node_name.as_deref().unwrap_or("")
    }
    fn nominated(&self) -> &str {
        ""
    }
    fn readiness_gates(&self) -> impl Iterator<Item = &str> {
        self.entry
            .template
            .spec
            .readiness_gates
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|g| g.condition_type.as_str())
    }
}

/// One event as the simulation keeps it, read in place: its row in `kubectl get events`
/// ([`crate::print::get::event_row`] reads it as an [`EventSource`]), and the whole `Event`
/// on demand ([`EventRef::object`]).
#[derive(Clone, Copy)]
pub struct EventRef<'a> {
    sim: &'a Simulation,
    record: &'a EventRecord,
}

impl std::fmt::Debug for EventRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "EventRef({} {})",
            self.record.reason, self.record.involved.name
        )
    }
}

impl EventRef<'_> {
    /// The `Event` as the API shapes it.
    pub fn object(&self) -> Event {
        self.sim.render_event(self.record)
    }

    /// `metadata.name` (built: the involved object's name and a unique suffix).
    pub fn name(&self) -> String {
        super::render::event_name(self.record)
    }
}

/// An instant as a `metav1.Time` says it, in milliseconds: whole seconds.
fn api_ms(t: SimTime) -> Option<i64> {
    i64::try_from(t.as_millis() / 1000 * 1000).ok()
}

impl EventSource for EventRef<'_> {
    fn namespace(&self) -> &str {
        super::render::event_namespace(self.record)
    }

    fn first_ms(&self) -> Option<i64> {
        api_ms(self.record.first)
    }

    fn last_timestamp_ms(&self) -> Option<Option<i64>> {
        Some(api_ms(self.record.last))
    }

    fn series(&self) -> Option<(Option<i64>, i64)> {
        None
    }

    fn count(&self) -> i64 {
        i64::from(i32::try_from(self.record.count).unwrap_or(i32::MAX))
    }

    fn type_(&self) -> &str {
        self.record.type_.as_str()
    }

    fn reason(&self) -> &str {
        self.record.reason
    }

    fn involved_kind(&self) -> &str {
        self.record.involved.kind
    }

    fn involved_name(&self) -> &str {
        &self.record.involved.name
    }

    fn message(&self) -> Cow<'_, str> {
        Cow::Owned(self.record.message_text())
    }
}

impl Simulation {
    /// Every event in the order it was recorded (the order of
    /// [`Simulation::list_objects`]), read in place: no `Event` is built.
    pub fn event_refs(&self) -> impl Iterator<Item = EventRef<'_>> + '_ {
        self.events
            .in_creation_order()
            .map(|record| EventRef { sim: self, record })
    }

    /// Every pod, by namespace and name (the order of [`Simulation::list_objects`]), read
    /// in place: no `Pod` is built.
    pub fn pod_refs(&self) -> Vec<PodRef<'_>> {
        // Sorted by a key that settles almost every comparison without reading strings
        // (thousands of pods, a dozen comparisons each): the namespace's place among the
        // namespaces, then the name's first 16 bytes, zero-padded; equal keys compare the
        // whole names. Padded prefixes order as the names do unless one name is the other
        // followed by zero bytes, and then the keys are equal.
        let mut namespaces: Vec<&str> = Vec::new();
        for p in self.pods.values() {
            if namespaces.last() != Some(&&*p.namespace) {
                namespaces.push(&p.namespace);
            }
        }
        crate::sort::sort(&mut namespaces);
        namespaces.dedup();
        let mut pods: Vec<((u32, u128), PodRef<'_>)> = self
            .pods
            .values()
            .map(|entry| {
                let mut prefix = [0u8; 16];
                for (to, from) in prefix.iter_mut().zip(entry.name.bytes()) {
                    *to = from;
                }
                let ns = namespaces
                    .binary_search(&&*entry.namespace)
                    .map_or(0, |i| u32::try_from(i).unwrap_or(u32::MAX));
                (
                    (ns, u128::from_be_bytes(prefix)),
                    PodRef { sim: self, entry },
                )
            })
            .collect();
        crate::sort::sort_by(&mut pods, |(ka, a), (kb, b)| {
            ka.cmp(kb).then_with(|| a.entry.name.cmp(&b.entry.name))
        });
        pods.into_iter().map(|(_, p)| p).collect()
    }

    /// The pod `namespace/name`, read in place.
    pub fn pod_ref(&self, namespace: &str, name: &str) -> Option<PodRef<'_>> {
        let id = self.pod_by_name.get(namespace, name)?;
        self.pods.get(id).map(|entry| PodRef { sim: self, entry })
    }

    /// Every node by name, as stored: the API object but for its `resourceVersion`
    /// ([`Simulation::node_object`] has it).
    pub fn stored_nodes(&self) -> impl Iterator<Item = &Node> + '_ {
        self.nodes.values().map(|n| &n.obj)
    }

    /// Every DaemonSet by namespace and name, as stored: the API object but for its
    /// `resourceVersion` ([`Simulation::daemon_set_object`] has it).
    pub fn stored_daemon_sets(&self) -> impl Iterator<Item = &DaemonSet> + '_ {
        self.ds_by_name
            .values()
            .filter_map(|id| self.daemon_sets.get(id))
            .map(|d| &d.obj)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SimDuration;
    use crate::print::get::{event_row, pod_row};
    use crate::sim::{Input, ListKind, ListObject, NodeOp, ObjectKind};

    /// A DaemonSet with an init container, a sidecar and readiness gates, and one whose pods
    /// ask for more cpu than any node has.
    const MANIFEST: &str = "\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: default}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      tolerations: [{operator: Exists}]
      readinessGates: [{conditionType: Ready}, {conditionType: example.com/gate}]
      initContainers:
      - {name: setup, image: busybox}
      - {name: proxy, image: envoy, restartPolicy: Always}
      containers:
      - name: a
        image: agent:1
        resources: {requests: {cpu: 1500m}}
      - {name: b, image: helper:1}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: hog, namespace: default}
spec:
  selector: {matchLabels: {app: hog}}
  template:
    metadata: {labels: {app: hog}}
    spec:
      containers:
      - {name: a, image: hog:1, resources: {requests: {cpu: '5'}}}
";

    /// Pods come by namespace, then name, in byte order: names that share their first 16
    /// bytes, one name the start of another, several namespaces.
    #[test]
    fn pods_by_namespace_then_name() {
        let mut sim = Simulation::with_default_cluster(7);
        let names = [
            "pod-with-a-long-name-10",
            "pod-with-a-long-name-1",
            "pod-with-a-long-name-0x",
            "pod-with-a-long",
            "a",
            "a-b",
            "b",
            "zz",
        ];
        let mut manifest = String::new();
        for ns in ["kube-system", "default", "a"] {
            for n in names {
                manifest.push_str(&format!(
                    "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: {n}, namespace: {ns}}}\nspec:\n  containers: [{{name: c, image: x}}]\n"
                ));
            }
        }
        let report = sim.apply("pods.yaml", &manifest);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let got: Vec<(String, String)> = sim
            .pod_refs()
            .iter()
            .map(|p| (p.namespace().to_string(), p.name().to_string()))
            .collect();
        assert_eq!(got.len(), 3 * names.len());
        let mut want = got.clone();
        crate::sort::sort(&mut want);
        assert_eq!(got, want);
    }

    /// Every pod's row read in place is the row of the `Pod` the API would show, through
    /// the pods' lives: pending unschedulable, creating, running, ready, not ready,
    /// failed, terminating, on a lost node; every event's, the `Event`'s.
    #[test]
    fn rows_read_in_place_are_the_rendered_pods_rows() {
        let mut sim = Simulation::with_default_cluster(7);
        let report = sim.apply("ds.yaml", MANIFEST);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let mut seen = std::collections::BTreeSet::new();
        let mut repeated = false;
        let mut check = |sim: &Simulation| {
            let now = sim.now();
            for p in sim.pod_refs() {
                let rendered = p.object();
                let row = pod_row(&p, now);
                assert_eq!(row, pod_row(&rendered, now), "{p:?}");
                assert_eq!(p.labels(), rendered.metadata.labels.as_ref());
                assert_eq!(p.created_ms(), rendered.created_ms());
                let by_name = sim.pod_ref(p.namespace(), p.name()).map(|q| q.name());
                assert_eq!(by_name, Some(p.name()));
                seen.insert(row[2].clone());
            }
            // Events too: each row read in place is the rendered `Event`'s, in the same order.
            let rendered: Vec<ListObject> = sim.list_objects_of(ListKind::Event).collect();
            assert_eq!(rendered.len(), sim.event_refs().count());
            for (e, rendered) in sim.event_refs().zip(&rendered) {
                let ListObject::Event(rendered) = rendered else {
                    panic!("not an event: {rendered:?}");
                };
                assert_eq!(event_row(&e, now), event_row(&**rendered, now), "{e:?}");
                assert_eq!(Some(e.name()), rendered.metadata.name);
                assert_eq!(e.namespace(), rendered.namespace());
                assert_eq!(e.object(), **rendered);
                if e.count() > 1 {
                    repeated = true;
                }
            }
        };
        for _ in 0..40 {
            check(&sim);
            sim.advance(SimDuration::from_millis(250));
        }
        let names: Vec<String> = sim
            .pod_refs()
            .iter()
            .map(|p| p.name().to_string())
            .collect();
        let pod = |i: usize| names.get(i).cloned().unwrap_or_default();
        let steps = [
            Input::SetPodReady {
                namespace: "default".into(),
                name: pod(1),
                ready: false,
            },
            Input::FailPod {
                namespace: "default".into(),
                name: pod(2),
            },
            Input::Delete {
                kind: ObjectKind::Pod,
                namespace: "default".into(),
                name: pod(0),
            },
            Input::Node(NodeOp::Lose {
                name: "worker-3".into(),
            }),
        ];
        for input in steps {
            let _ = sim.step(input);
            for _ in 0..8 {
                check(&sim);
                sim.advance(SimDuration::from_millis(700));
            }
        }
        sim.advance(SimDuration::from_secs(600));
        check(&sim);
        for status in ["Pending", "ContainerCreating", "Running", "Terminating"] {
            assert!(seen.contains(status), "{status} never seen: {seen:?}");
        }
        assert!(repeated, "no event was seen more than once (x2 over ...)");
    }
}
