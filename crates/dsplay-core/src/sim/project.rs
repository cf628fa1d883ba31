//! Projections for the CLI and the page ([`crate::view`]).

use super::cluster::{DaemonSetEntry, NodeEntry, NodeIdx, PodEntry, PodId, PodPhase};
use super::controller::util::is_pod_updated;
use super::controller::{status_bits, DaemonSetCache};
use super::events::EventRecord;
use super::{SimError, Simulation};
use crate::predicates::CONTROLLER_REVISION_HASH_LABEL;
use crate::quantity::parse_milli;
use crate::view::{
    ClusterView, DaemonSetView, EventView, NodeView, PodDisplayPhase, PodView, TaintView,
};
use std::collections::BTreeSet;

/// Pod ids by node slot (`None`: a slot not covered).
pub(crate) type PodsBySlot = Vec<Option<Vec<PodId>>>;

/// `kubectl rollout status` words for a DaemonSet now (RSV `DaemonSetStatusViewer`).
pub(crate) fn rollout_status_words(ds: &DaemonSetEntry) -> Result<String, SimError> {
    let name = ds.obj.metadata.name.clone().unwrap_or_default();
    let strategy = ds
        .obj
        .spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.type_.as_deref())
        .unwrap_or("RollingUpdate");
    if strategy != "RollingUpdate" {
        return Err(SimError::RolloutStatusUnavailable);
    }
    let st = ds.obj.status.clone().unwrap_or_default();
    Ok(rollout_progress(
        &name,
        ds.obj.metadata.generation.unwrap_or(0),
        st.observed_generation.unwrap_or(0),
        st.desired_number_scheduled,
        st.updated_number_scheduled.unwrap_or(0),
        st.number_available.unwrap_or(0),
    )
    .unwrap_or_else(|| format!("daemon set \"{name}\" successfully rolled out")))
}

/// What a rollout still waits for, in `kubectl rollout status`'s words (RSV
/// `DaemonSetStatusViewer`), from a DaemonSet's generation and status numbers; `None` when it
/// is complete. [`DaemonSetView::rollout_complete`] asks the same question.
pub(crate) fn rollout_progress(
    name: &str,
    generation: i64,
    observed_generation: i64,
    desired: i32,
    updated: i32,
    available: i32,
) -> Option<String> {
    if generation > observed_generation {
        return Some("Waiting for daemon set spec update to be observed...".to_string());
    }
    if updated < desired {
        return Some(format!(
            "Waiting for daemon set \"{name}\" rollout to finish: {updated} out of {desired} new pods have been updated..."
        ));
    }
    if available < desired {
        return Some(format!(
            "Waiting for daemon set \"{name}\" rollout to finish: {available} of {desired} updated pods are available..."
        ));
    }
    None
}

/// One event line.
pub(crate) fn event_view(e: &EventRecord) -> EventView {
    EventView {
        serial: e.serial,
        last_seen: e.last,
        first_seen: e.first,
        type_: e.type_.as_str().to_string(),
        reason: e.reason.to_string(),
        object: format!(
            "{}/{}",
            e.involved.kind.to_ascii_lowercase(),
            e.involved.name
        ),
        namespace: e.involved.namespace.to_string(),
        message: e.message_text(),
        source: e.source.to_string(),
        count: e.count,
    }
}

fn allocatable(n: &k8s_openapi::api::core::v1::Node, key: &str) -> i128 {
    n.status
        .as_ref()
        .and_then(|s| s.allocatable.as_ref().or(s.capacity.as_ref()))
        .and_then(|m| m.get(key))
        .and_then(|q| parse_milli(&q.0))
        .unwrap_or(0)
}

/// Pods by DaemonSet, then name.
fn sort_pods(v: &mut Vec<PodView>) {
    crate::sort::sort_by(v, |a, b| {
        (&a.daemon_set, &a.name).cmp(&(&b.daemon_set, &b.name))
    });
}

fn clamp(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

impl Simulation {
    /// A pod chip.
    pub(crate) fn pod_view(&self, p: &PodEntry) -> PodView {
        let bound = p.node_name.as_deref().and_then(|n| self.nodes.get(n));
        self.pod_view_on(p, bound)
    }

    /// A pod chip, `bound` being the node named by its `spec.nodeName` (if it exists).
    fn pod_view_on(&self, p: &PodEntry, bound: Option<&NodeEntry>) -> PodView {
        let node_ready = bound.is_some_and(|n| n.ready);
        let phase = if p.deletion.is_some() {
            PodDisplayPhase::Terminating
        } else {
            match p.phase {
                PodPhase::Failed => PodDisplayPhase::Failed,
                PodPhase::Succeeded => PodDisplayPhase::Succeeded,
                PodPhase::Running if p.ready => PodDisplayPhase::Ready,
                PodPhase::Running => PodDisplayPhase::Running,
                PodPhase::Pending if p.node_name.is_some() && node_ready => {
                    PodDisplayPhase::ContainerCreating
                }
                PodPhase::Pending => PodDisplayPhase::Pending,
            }
        };
        let current = p
            .owner
            .and_then(|d| self.controller.caches.get(&d))
            .and_then(|c| c.current.as_ref());
        PodView {
            name: p.name.to_string(),
            namespace: p.namespace.to_string(),
            daemon_set: p
                .controller_ref
                .as_ref()
                .filter(|r| r.kind == "DaemonSet")
                .map(|r| r.name.clone()),
            node_name: p.node_name.as_deref().map(str::to_string),
            target_node: p.mapped_node().map(str::to_string),
            phase,
            pod_phase: p.phase.as_str().to_string(),
            ready: p.ready,
            message: p.unschedulable.as_ref().map(|(_, m)| m.to_string()),
            revision_hash: p.label(CONTROLLER_REVISION_HASH_LABEL).map(str::to_string),
            updated: is_pod_updated(p, current),
            created: p.created,
            restarts: p.restarts,
            pod_ip: bound.and_then(|n| self.pod_ip_on(p, n)),
        }
    }

    /// The whole cluster view.
    pub(crate) fn project_view(&self) -> ClusterView {
        let (nodes, unplaced) = self.project_nodes(None);
        ClusterView {
            now: self.now,
            nodes,
            daemon_sets: self.project_daemon_sets(),
            unplaced_pods: unplaced,
            events: self.events.newest_first().map(event_view).collect(),
        }
    }

    /// Every `kubectl get ds` row, by namespace then name.
    pub(crate) fn project_daemon_sets(&self) -> Vec<DaemonSetView> {
        self.ds_by_name
            .values()
            .filter_map(|id| self.daemon_sets.get(id))
            .map(|d| self.daemon_set_view(d))
            .collect()
    }

    /// Node cards by name (only those named in `only`, when given), and the pods on no
    /// existing node.
    pub(crate) fn project_nodes(
        &self,
        only: Option<&BTreeSet<String>>,
    ) -> (Vec<NodeView>, Vec<PodView>) {
        let (nodes, unplaced, _) = self.project_nodes_known(only, None, None);
        (nodes, unplaced.unwrap_or_default())
    }

    /// [`Simulation::project_nodes`] for a look of the view in parts
    /// ([`Simulation::view_changes_within`]). `known`: the ids of the pods of some node slots
    /// as the previous look found them, no pod or node having changed since: when it has
    /// every node of `only`, those pods are read and no other (the pods on no node are then
    /// unchanged: `None`), else every pod is walked. Also gives the pods' ids of the slots
    /// that `keep` marks (the nodes left for the next look) with the ones `known` had left.
    pub(crate) fn project_nodes_known(
        &self,
        only: Option<&BTreeSet<String>>,
        known: Option<PodsBySlot>,
        keep: Option<&BTreeSet<String>>,
    ) -> (Vec<NodeView>, Option<Vec<PodView>>, PodsBySlot) {
        let slots = self.nodes.slot_count();
        let mark = |names: &BTreeSet<String>| {
            let mut w = vec![false; slots];
            for i in names.iter().filter_map(|n| self.nodes.idx(n)) {
                if let Some(x) = w.get_mut(i as usize) {
                    *x = true;
                }
            }
            w
        };
        let wanted: Option<Vec<bool>> = only.map(mark);
        // A pod's view on the node of the slot it maps to: the mapped node is the bound one
        // when the pod is bound.
        let view_on = |p: &PodEntry, slot: NodeIdx| {
            self.pod_view_on(p, p.node_name.as_ref().and_then(|_| self.nodes.at(slot)))
        };
        // Pods by the slot of the node they map to (no name compares).
        let mut by_slot: Vec<Vec<PodView>> = Vec::new();
        by_slot.resize_with(slots, Vec::new);
        let mut ids: PodsBySlot = Vec::new();
        // The known pods, when they have every wanted node's.
        let known = known.filter(|k| {
            wanted.as_ref().is_some_and(|w| {
                w.iter()
                    .enumerate()
                    .all(|(i, on)| !on || k.get(i).is_some_and(Option::is_some))
            })
        });
        let unplaced = if let (Some(mut known), Some(w)) = (known, wanted.as_ref()) {
            for (i, (slot, views)) in known.iter_mut().zip(by_slot.iter_mut()).enumerate() {
                if w.get(i) != Some(&true) {
                    continue;
                }
                let Ok(idx) = NodeIdx::try_from(i) else {
                    continue;
                };
                for p in slot
                    .take()
                    .iter()
                    .flatten()
                    .filter_map(|id| self.pods.get(id))
                {
                    views.push(view_on(p, idx));
                }
            }
            ids = known;
            None
        } else {
            if only.is_none() {
                // Every card (the first look, a page opening a large run): each node's list
                // sized for its bound pods at once, not grown pod by pod.
                for (i, v) in by_slot.iter_mut().enumerate() {
                    let bound = NodeIdx::try_from(i)
                        .ok()
                        .and_then(|i| self.nodes.at(i))
                        .map_or(0, |n| n.usage.pods);
                    v.reserve(usize::try_from(bound).unwrap_or(0));
                }
            }
            let keep = keep.map(mark);
            if keep.is_some() {
                ids.resize_with(slots, || None);
            }
            let mut unplaced = Vec::new();
            for (id, p) in self.pods.iter() {
                // The pod's slot hint: no hashing of the node's name for the usual pod (this
                // loop runs over every pod at every change).
                let Some(slot) = p
                    .mapped_node()
                    .and_then(|n| self.nodes.idx_hint(n, p.node_slot))
                else {
                    unplaced.push(self.pod_view(p));
                    continue;
                };
                let i = slot as usize;
                if keep.as_ref().is_some_and(|k| k.get(i) == Some(&true)) {
                    if let Some(x) = ids.get_mut(i) {
                        x.get_or_insert_with(Vec::new).push(id);
                    }
                }
                if wanted
                    .as_ref()
                    .is_some_and(|w| !w.get(i).copied().unwrap_or(false))
                {
                    continue;
                }
                if let Some(v) = by_slot.get_mut(i) {
                    v.push(view_on(p, slot));
                }
            }
            // A kept node with no pod has an empty list (known: no pod).
            if let Some(k) = &keep {
                for (x, _) in ids.iter_mut().zip(k).filter(|(_, on)| **on) {
                    x.get_or_insert_with(Vec::new);
                }
            }
            sort_pods(&mut unplaced);
            Some(unplaced)
        };
        // Each DaemonSet's name and controller state, by namespace then name (`missing`).
        let daemon_sets: Vec<(&str, &DaemonSetCache)> = self
            .ds_by_name
            .iter()
            .filter_map(|((_, name), id)| Some((name.as_str(), self.controller.caches.get(id)?)))
            .collect();
        let mut node_view = |i: NodeIdx| {
            let n = self.nodes.at(i)?;
            let pods = by_slot.get_mut(i as usize).map(std::mem::take);
            let mut view = self.node_view(&n.name, n, pods);
            view.missing = daemon_sets
                .iter()
                .filter(|(_, cache)| {
                    cache
                        .node_state(i)
                        .is_some_and(|s| status_bits::is_missing(s.status_bits))
                })
                .map(|(name, _)| name.to_string())
                .collect();
            Some(view)
        };
        let nodes = match only {
            None => self
                .nodes
                .order()
                .iter()
                .filter_map(|&i| node_view(i))
                .collect(),
            Some(names) => names
                .iter()
                .filter_map(|name| self.nodes.idx(name))
                .filter_map(node_view)
                .collect(),
        };
        (nodes, unplaced, ids)
    }

    /// One node card, with the pods mapped to it.
    fn node_view(&self, name: &str, n: &NodeEntry, pods: Option<Vec<PodView>>) -> NodeView {
        let labels = n.obj.metadata.labels.clone().unwrap_or_default();
        let role = if labels.contains_key(super::CONTROL_PLANE_LABEL)
            || labels.contains_key("node-role.kubernetes.io/master")
        {
            "control-plane".to_string()
        } else {
            labels
                .keys()
                .find_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
                .filter(|r| !r.is_empty())
                .unwrap_or("worker")
                .to_string()
        };
        let taints = n
            .obj
            .spec
            .as_ref()
            .and_then(|s| s.taints.as_ref())
            .map(|ts| {
                ts.iter()
                    .map(|t| TaintView {
                        key: t.key.clone(),
                        value: t.value.clone().unwrap_or_default(),
                        effect: t.effect.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut pods = pods.unwrap_or_default();
        sort_pods(&mut pods);
        NodeView {
            name: name.to_string(),
            role,
            labels,
            taints,
            unschedulable: n
                .obj
                .spec
                .as_ref()
                .and_then(|s| s.unschedulable)
                .unwrap_or(false),
            ready: n.ready,
            lost: n.lost_since.is_some(),
            cpu_requested_milli: clamp(n.usage.cpu_milli),
            cpu_allocatable_milli: clamp(allocatable(&n.obj, "cpu")),
            memory_requested_bytes: clamp(n.usage.memory_milli / 1000),
            memory_allocatable_bytes: clamp(allocatable(&n.obj, "memory") / 1000),
            pod_count: n.usage.pods,
            pod_allocatable: clamp(allocatable(&n.obj, "pods") / 1000),
            pods,
            missing: Vec::new(),
            created: n.created,
        }
    }

    /// One `kubectl get ds` row.
    pub(crate) fn daemon_set_view(&self, d: &DaemonSetEntry) -> DaemonSetView {
        let st = d.obj.status.clone().unwrap_or_default();
        let spec = &d.obj.spec;
        let node_selector = spec
            .template
            .spec
            .as_ref()
            .and_then(|s| s.node_selector.as_ref())
            .filter(|m| !m.is_empty())
            .map(|m| {
                m.iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .unwrap_or_else(|| "<none>".to_string());
        DaemonSetView {
            namespace: d.obj.metadata.namespace.clone().unwrap_or_default(),
            name: d.obj.metadata.name.clone().unwrap_or_default(),
            desired: st.desired_number_scheduled,
            current: st.current_number_scheduled,
            ready: st.number_ready,
            up_to_date: st.updated_number_scheduled.unwrap_or(0),
            available: st.number_available.unwrap_or(0),
            misscheduled: st.number_misscheduled,
            unavailable: st.number_unavailable.unwrap_or(0),
            node_selector,
            created: d.created,
            strategy: spec
                .update_strategy
                .as_ref()
                .and_then(|s| s.type_.clone())
                .unwrap_or_else(|| "RollingUpdate".to_string()),
            rollout_status: rollout_status_words(d).unwrap_or_else(|e| e.to_string()),
            generation: d.obj.metadata.generation.unwrap_or(0),
            observed_generation: st.observed_generation.unwrap_or(0),
            images: spec
                .template
                .spec
                .as_ref()
                .map(|s| {
                    s.containers
                        .iter()
                        .map(|c| c.image.clone().unwrap_or_default())
                        .collect()
                })
                .unwrap_or_default(),
            color_index: d.color_index,
        }
    }
}
