//! The simulated API server: create/update/delete semantics, server-set metadata,
//! and the pod store with its indexes.

use super::cluster::{DaemonSetEntry, DaemonSetId, NodeEntry, PodEntry, PodId, PodPhase};
use super::controller::OldPod;
use super::events::{EventType, Involved, Message, NewEvent};
use super::template::{target_node_name, PodTemplateData};
use super::{names, selector, Applied, ApplyReport, ObjectKind, SimError, Simulation};
use crate::clock::SimTime;
use crate::load::{ApiObject, LoadedObject, PositionIndex};
use crate::location::{ErrorKind, ErrorType, LocatedError, ObjectRef};
use k8s_openapi::api::apps::v1::{DaemonSet, DaemonSetStatus};
use k8s_openapi::api::core::v1::{Node, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::str::FromStr;

use crate::predicates::TEMPLATE_GENERATION_ANNOTATION;

fn ns_or_default(ns: &str) -> String {
    if ns.is_empty() {
        "default".to_string()
    } else {
        ns.to_string()
    }
}

impl Simulation {
    /// The next `resourceVersion`.
    pub(super) fn next_rv(&mut self) -> u64 {
        self.rv += 1;
        self.rv
    }

    /// A fresh internal id.
    pub(super) fn next_internal_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// A fresh `metadata.uid`, shared (built in the reused buffer: one allocation).
    pub(super) fn new_uid_shared(&mut self) -> Rc<str> {
        names::generate_uid_into(&mut self.rng, &mut self.scratch);
        Rc::from(self.scratch.as_str())
    }

    /// A fresh `metadata.uid`.
    pub(super) fn new_uid(&mut self) -> String {
        names::generate_uid(&mut self.rng)
    }

    /// Records an event and, if watching, its watch notification.
    pub(super) fn record_event(&mut self, ev: NewEvent) {
        let rv = self.next_rv();
        let serial = self.events.record(ev, self.now, rv);
        self.watch_event(serial);
    }

    /// An event about a pod, from the component `source` (`default-scheduler`, ...).
    pub(super) fn pod_event(
        &mut self,
        pid: PodId,
        type_: EventType,
        reason: &'static str,
        message: impl Into<Message>,
        source: &'static str,
    ) {
        let Some(p) = self.pods.get(&pid) else {
            return;
        };
        let involved = Involved {
            kind: "Pod",
            api_version: "v1",
            namespace: p.namespace.clone(),
            name: p.name.clone(),
            uid: p.uid.clone(),
        };
        self.record_event(NewEvent {
            involved,
            type_,
            reason,
            message: message.into(),
            source,
            host: None,
        });
    }

    /// Creates or updates loaded objects, in order.
    pub(super) fn apply_loaded(&mut self, objects: Vec<LoadedObject>) -> ApplyReport {
        let mut report = ApplyReport::default();
        for mut lo in objects {
            // A Node or Pod is moved out of what was loaded (a pod of 3 MiB is not copied), and
            // so is a DaemonSet it creates; an update's validation still reads the loaded one.
            let updates_ds = matches!(&lo.object,
                ApiObject::DaemonSet(d) if self.daemon_set_stored(&d.metadata));
            // The fields' positions only place a DaemonSet update's errors
            // (`validate_daemon_set_update`): otherwise they go first (for a template of
            // 240,000 environment variables, about 11 MB no longer held while the DaemonSet's
            // history and pods are made).
            if !updates_ds {
                lo.positions = PositionIndex::default();
            }
            let res = match &mut lo.object {
                ApiObject::Node(n) => {
                    let n = std::mem::take(&mut **n);
                    self.apply_node(n, &lo)
                }
                ApiObject::DaemonSet(d) => {
                    let d = if updates_ds {
                        (**d).clone()
                    } else {
                        std::mem::take(&mut **d)
                    };
                    self.apply_daemon_set(d, &lo)
                }
                ApiObject::Pod(p) => {
                    let p = std::mem::take(&mut **p);
                    self.apply_pod(p, &lo)
                }
            };
            match res {
                Ok(a) => report.applied.push(a),
                Err(e) => report.errors.push(*e),
            }
        }
        report
    }

    fn located(
        lo: &LoadedObject,
        object: ObjectRef,
        kind: ErrorKind,
        message: String,
    ) -> Box<LocatedError> {
        Box::new(LocatedError::new(kind, lo.location.clone(), message).with_object(object))
    }

    /// The API server's `metadata.name` check (every kind here needs a name: no generateName).
    fn require_name(lo: &LoadedObject, object: &ObjectRef) -> Result<(), Box<LocatedError>> {
        if object.name.is_empty() {
            let e = Self::located(
                lo,
                object.clone(),
                ErrorKind::Field(ErrorType::Required),
                "metadata.name: Required value: name or generateName is required".into(),
            );
            return Err(Box::new(e.with_field("metadata.name")));
        }
        Ok(())
    }

    /// The storage layer's refusal of a create that carries a resourceVersion.
    fn refuse_resource_version(
        lo: &LoadedObject,
        object: &ObjectRef,
        meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
    ) -> Result<(), Box<LocatedError>> {
        if meta.resource_version.is_some() {
            let e = Self::located(
                lo,
                object.clone(),
                ErrorKind::Field(ErrorType::Invalid),
                "resourceVersion should not be set on objects to be created".into(),
            );
            return Err(Box::new(e.with_field("metadata.resourceVersion")));
        }
        Ok(())
    }

    // ---- Nodes ------------------------------------------------------------------------

    fn apply_node(
        &mut self,
        mut node: Node,
        lo: &LoadedObject,
    ) -> Result<Applied, Box<LocatedError>> {
        let name = node.metadata.name.clone().unwrap_or_default();
        let object = ObjectRef {
            kind: "Node".into(),
            namespace: String::new(),
            name: name.clone(),
        };
        Self::require_name(lo, &object)?;
        let Some(old) = self.nodes.get(&name) else {
            Self::refuse_resource_version(lo, &object, &node.metadata)?;
            self.create_node(node);
            return Ok(Applied {
                object,
                action: "created".into(),
                line: format!("node/{name} created"),
            });
        };
        // Update: status is kept as it was (it cannot change through the main resource).
        let unchanged = old.obj.spec == node.spec
            && old.obj.metadata.labels == node.metadata.labels
            && old.obj.metadata.annotations == node.metadata.annotations;
        if unchanged {
            return Ok(Applied {
                object,
                action: "unchanged".into(),
                line: format!("node/{name} unchanged"),
            });
        }
        let spec = node.spec.take();
        let labels = node.metadata.labels.take();
        let annotations = node.metadata.annotations.take();
        self.update_node(&name, |n| {
            n.spec = spec;
            n.metadata.labels = labels;
            n.metadata.annotations = annotations;
        });
        Ok(Applied {
            object,
            action: "configured".into(),
            line: format!("node/{name} configured"),
        })
    }

    /// `node_allocatable(node)`, remembered for the node's `status.allocatable` and
    /// `status.capacity`: nodes added from one template (a replay of thousands) share them,
    /// and their quantities are parsed once.
    fn allocatable_of(&mut self, node: &Node) -> crate::predicates::Resources {
        let status = node.status.as_ref();
        let key = (
            status.and_then(|s| s.allocatable.as_ref()),
            status.and_then(|s| s.capacity.as_ref()),
        );
        if let Some(memo) = &self.allocatable_memo {
            if (memo.0.as_ref(), memo.1.as_ref()) == key {
                return memo.2.clone();
            }
        }
        let allocatable = crate::predicates::node_allocatable(node);
        self.allocatable_memo = Some(Rc::new((
            key.0.cloned(),
            key.1.cloned(),
            allocatable.clone(),
        )));
        allocatable
    }

    /// Stores a new Node (server metadata, §15.1 status defaults) and tells the controllers.
    pub(super) fn create_node(&mut self, mut node: Node) {
        let name = node.metadata.name.clone().unwrap_or_default();
        let ordinal = self.node_ordinal;
        self.node_ordinal = self.node_ordinal.saturating_add(1);
        node.metadata.uid = Some(self.new_uid());
        node.metadata.creation_timestamp = Some(super::render::time(self.now));
        node.metadata.generation = None;
        super::node_lifecycle::default_node_status(&mut node, ordinal, self.now);
        let ready = super::node_lifecycle::node_is_ready(&node);
        let rv = self.next_rv();
        let entry = NodeEntry {
            name: Rc::from(name.as_str()),
            allocatable: self.allocatable_of(&node),
            obj: node,
            created: self.now,
            rv,
            ordinal,
            next_pod_ip: 0,
            ready,
            lost_since: None,
            usage: Default::default(),
            bound: Default::default(),
            unschedulable: Default::default(),
        };
        self.nodes.insert(entry);
        self.watch_node(&name, "ADDED");
        self.notify_node_added(&name);
    }

    // ---- DaemonSets -------------------------------------------------------------------

    /// Whether a DaemonSet of this name is stored (applying it is an update).
    fn daemon_set_stored(&self, meta: &ObjectMeta) -> bool {
        let name = meta.name.as_deref().unwrap_or_default();
        let ns = ns_or_default(meta.namespace.as_deref().unwrap_or(""));
        self.ds_by_name.contains_key(&(ns, name.to_string()))
    }

    fn apply_daemon_set(
        &mut self,
        mut ds: DaemonSet,
        lo: &LoadedObject,
    ) -> Result<Applied, Box<LocatedError>> {
        crate::load::defaults::set_defaults_daemon_set(&mut ds);
        let name = ds.metadata.name.clone().unwrap_or_default();
        let ns = ns_or_default(ds.metadata.namespace.as_deref().unwrap_or(""));
        ds.metadata.namespace = Some(ns.clone());
        let object = ObjectRef {
            kind: "DaemonSet".into(),
            namespace: ns.clone(),
            name: name.clone(),
        };
        Self::require_name(lo, &object)?;
        let key = (ns.clone(), name.clone());
        let Some(&id) = self.ds_by_name.get(&key) else {
            Self::refuse_resource_version(lo, &object, &ds.metadata)?;
            self.create_daemon_set(ds);
            return Ok(Applied {
                object,
                action: "created".into(),
                line: format!("daemonset.apps/{name} created"),
            });
        };
        let Some(old) = self.daemon_sets.get(&id) else {
            return Err(Self::located(
                lo,
                object,
                ErrorKind::Internal,
                "internal: missing DaemonSet".into(),
            ));
        };
        let errs = crate::load::validate_daemon_set_update(&old.obj, lo);
        if let Some(first) = errs.into_iter().next() {
            return Err(Box::new(first));
        }
        if old.obj.spec.selector != ds.spec.selector {
            let e = Self::located(
                lo,
                object,
                ErrorKind::Field(ErrorType::Invalid),
                format!(
                    "DaemonSet.apps \"{name}\" is invalid: spec.selector: Invalid value: {}: field is immutable",
                    serde_json::to_string(&ds.spec.selector).unwrap_or_default()
                ),
            );
            return Err(Box::new(e.with_field("spec.selector")));
        }
        let mut new_annotations = ds.metadata.annotations.take().unwrap_or_default();
        new_annotations.remove(TEMPLATE_GENERATION_ANNOTATION);
        let mut old_annotations = old.obj.metadata.annotations.clone().unwrap_or_default();
        old_annotations.remove(TEMPLATE_GENERATION_ANNOTATION);
        let spec_changed = old.obj.spec != ds.spec;
        let meta_changed =
            old_annotations != new_annotations || old.obj.metadata.labels != ds.metadata.labels;
        if !spec_changed && !meta_changed {
            return Ok(Applied {
                object,
                action: "unchanged".into(),
                line: format!("daemonset.apps/{name} unchanged"),
            });
        }
        let labels = ds.metadata.labels.take();
        self.update_daemon_set_spec(id, ds.spec, labels, new_annotations);
        Ok(Applied {
            object,
            action: "configured".into(),
            line: format!("daemonset.apps/{name} configured"),
        })
    }

    /// Writes a new spec, labels and annotations (but the template generation's) into a
    /// stored DaemonSet (RS `PrepareForUpdate`): a template change adds one to the template
    /// generation and `metadata.generation`, another spec change to `metadata.generation`.
    pub(super) fn update_daemon_set_spec(
        &mut self,
        id: DaemonSetId,
        spec: k8s_openapi::api::apps::v1::DaemonSetSpec,
        labels: Option<BTreeMap<String, String>>,
        mut annotations: BTreeMap<String, String>,
    ) {
        let rv = self.next_rv();
        let Some(entry) = self.daemon_sets.get_mut(&id) else {
            return;
        };
        let old = entry.obj.clone();
        let spec_changed = old.spec != spec;
        let template_changed = old.spec.template != spec.template;
        let mut template_generation: i64 = old
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(TEMPLATE_GENERATION_ANNOTATION))
            .and_then(|s| i64::from_str(s).ok())
            .unwrap_or(1);
        if template_changed {
            template_generation = template_generation.saturating_add(1);
        }
        annotations.insert(
            TEMPLATE_GENERATION_ANNOTATION.to_string(),
            template_generation.to_string(),
        );
        if spec_changed {
            entry.obj.metadata.generation =
                Some(entry.obj.metadata.generation.unwrap_or(1).saturating_add(1));
        }
        entry.obj.spec = spec;
        entry.obj.metadata.labels = labels;
        entry.obj.metadata.annotations = Some(annotations);
        entry.rv = rv;
        self.watch_ds(id, "MODIFIED");
        self.notify_daemon_set_updated(id, &old);
        if template_changed {
            // Its revisions read their template from it until now: they keep the old one.
            self.keep_revision_templates(id, old.spec.template);
        }
    }

    /// Stores a new DaemonSet (RS `PrepareForCreate`).
    pub(super) fn create_daemon_set(&mut self, mut ds: DaemonSet) -> DaemonSetId {
        let id = self.next_internal_id();
        let uid = self.new_uid();
        let name = ds.metadata.name.clone().unwrap_or_default();
        let ns = ds
            .metadata
            .namespace
            .clone()
            .unwrap_or_else(|| "default".into());
        ds.metadata.uid = Some(uid.clone());
        ds.metadata.creation_timestamp = Some(super::render::time(self.now));
        ds.metadata.generation = Some(1);
        let mut ann = ds.metadata.annotations.take().unwrap_or_default();
        ann.insert(TEMPLATE_GENERATION_ANNOTATION.to_string(), "1".to_string());
        ds.metadata.annotations = Some(ann);
        ds.status = Some(DaemonSetStatus::default());
        let controller_ref = Rc::new(OwnerReference {
            api_version: "apps/v1".into(),
            kind: "DaemonSet".into(),
            name: name.clone(),
            uid,
            controller: Some(true),
            block_owner_deletion: Some(true),
        });
        let involved = Involved {
            kind: "DaemonSet",
            api_version: "apps/v1",
            namespace: Rc::from(ds.metadata.namespace.as_deref().unwrap_or_default()),
            name: Rc::from(name.as_str()),
            uid: Rc::from(ds.metadata.uid.as_deref().unwrap_or_default()),
        };
        let rv = self.next_rv();
        let color_index = self.ds_counter;
        self.ds_counter = self.ds_counter.saturating_add(1);
        self.daemon_sets.insert(
            id,
            DaemonSetEntry {
                id,
                obj: ds,
                created: self.now,
                rv,
                color_index,
                involved,
                controller_ref,
            },
        );
        self.ds_by_name.insert((ns, name), id);
        self.watch_ds(id, "ADDED");
        self.notify_daemon_set_added(id);
        id
    }

    // ---- Pods -------------------------------------------------------------------------

    fn apply_pod(&mut self, pod: Pod, lo: &LoadedObject) -> Result<Applied, Box<LocatedError>> {
        let name = pod.metadata.name.clone().unwrap_or_default();
        let ns = ns_or_default(pod.metadata.namespace.as_deref().unwrap_or(""));
        let object = ObjectRef {
            kind: "Pod".into(),
            namespace: ns.clone(),
            name: name.clone(),
        };
        Self::require_name(lo, &object)?;
        if let Some(&pid) = self.pod_by_name.get(&ns, &name) {
            let labels = pod.metadata.labels.clone().unwrap_or_default();
            let same = self.pods.get(&pid).is_some_and(|p| *p.labels == labels);
            if same {
                return Ok(Applied {
                    object,
                    action: "unchanged".into(),
                    line: format!("pod/{name} unchanged"),
                });
            }
            self.set_pod_labels(pid, labels);
            return Ok(Applied {
                object,
                action: "configured".into(),
                line: format!("pod/{name} configured"),
            });
        }
        // As for nodes and DaemonSets: `kubectl apply` creates, and a create may not name a
        // resourceVersion.
        Self::refuse_resource_version(lo, &object, &pod.metadata)?;
        self.create_manifest_pod(pod, ns);
        Ok(Applied {
            object,
            action: "created".into(),
            line: format!("pod/{name} created"),
        })
    }

    fn create_manifest_pod(&mut self, mut pod: Pod, ns: String) {
        let name = pod.metadata.name.clone().unwrap_or_default();
        let mut spec = pod.spec.take().unwrap_or_default();
        // Admission (§15.1): the DefaultTolerationSeconds plugin.
        crate::predicates::add_default_toleration_seconds(&mut spec);
        let target = target_node_name(&spec);
        let node_name = spec.node_name.clone().filter(|n| !n.is_empty());
        let template = Rc::new(PodTemplateData::from_spec(
            pod.metadata.annotations.clone(),
            spec,
        ));
        let controller_ref = pod
            .metadata
            .owner_references
            .iter()
            .flatten()
            .find(|o| o.controller == Some(true))
            .cloned();
        let owner = controller_ref.as_ref().and_then(|r| {
            if r.kind != "DaemonSet" {
                return None;
            }
            self.daemon_sets
                .values()
                .find(|d| d.obj.metadata.uid.as_deref() == Some(r.uid.as_str()))
                .map(|d| d.id)
        });
        let controller_ref = match owner {
            Some(d) => self.daemon_sets.get(&d).map(|d| d.controller_ref.clone()),
            None => controller_ref.map(Rc::new),
        };
        let uid = self.new_uid();
        let entry = PodEntry {
            namespace: Rc::from(ns),
            name: Rc::from(name),
            generate_name: pod.metadata.generate_name.as_deref().map(Rc::from),
            uid: Rc::from(uid),
            rv: 0,
            created: self.now,
            owner,
            controller_ref,
            labels: Rc::new(pod.metadata.labels.clone().unwrap_or_default()),
            template,
            target: target.map(Rc::from),
            node_name: None,
            node_slot: super::cluster::NodeIdx::MAX,
            phase: PodPhase::Pending,
            scheduled_at: None,
            unschedulable: None,
            started_at: None,
            ready: false,
            ready_changed: self.now,
            finished_at: None,
            deletion: None,
            pod_ip: 0,
            restarts: 0,
            epoch: 0,
            pinned: false,
            probe_failing: false,
        };
        let pid = self.insert_pod(entry);
        match node_name {
            // A pod written with spec.nodeName skips the scheduler.
            Some(n) => self.bind_pod(pid, &n, false),
            None => {
                self.sched_queue.insert(pid);
            }
        }
    }

    /// Stores a new pod; returns its id.
    pub(super) fn insert_pod(&mut self, mut entry: PodEntry) -> PodId {
        let pid = self.next_internal_id();
        entry.rv = self.next_rv();
        self.pod_by_name.insert(&entry.namespace, &entry.name, pid);
        self.pods.insert(pid, entry);
        self.pod_totals.created += 1;
        self.notify_pod_added(pid);
        self.watch_pod(pid, "ADDED");
        pid
    }

    /// After a write to pod `pid` (`old`: the pod before it): a new resourceVersion, watch
    /// MODIFIED, and the controllers are told.
    pub(super) fn pod_changed(&mut self, pid: PodId, old: &OldPod) {
        let rv = self.next_rv();
        let Some(p) = self.pods.get_mut(&pid) else {
            return;
        };
        p.rv = rv;
        self.watch_pod(pid, "MODIFIED");
        self.notify_pod_updated(pid, old);
    }

    /// Replaces a pod's labels; the pod is released when its owner's selector no longer
    /// matches them (the controller-ref manager's release).
    fn set_pod_labels(&mut self, pid: PodId, labels: BTreeMap<String, String>) {
        let Simulation {
            pods, daemon_sets, ..
        } = self;
        let Some(p) = pods.get_mut(&pid) else {
            return;
        };
        let old = OldPod::of(p);
        p.labels = Rc::new(labels);
        let released = p.owner.is_some_and(|d| {
            daemon_sets
                .get(&d)
                .is_none_or(|ds| !selector::matches(&ds.obj.spec.selector, &p.labels))
        });
        if released {
            p.owner = None;
            p.controller_ref = None;
        }
        self.pod_changed(pid, &old);
    }

    /// Requests graceful deletion of a pod (`DELETE pods/x`): an unscheduled or terminal pod
    /// goes at once; a bound one is Terminating for its grace period (while its node's
    /// kubelet runs).
    pub(super) fn delete_pod(&mut self, pid: PodId) {
        let Some(p) = self.pods.get(&pid) else {
            return;
        };
        if p.deletion.is_some() {
            return;
        }
        if p.node_name.is_none() || p.phase.is_terminal() {
            self.remove_pod(pid);
            return;
        }
        let now = self.now;
        let Some(p) = self.pods.get_mut(&pid) else {
            return;
        };
        let old = OldPod::of(p);
        p.deletion = Some(now);
        p.epoch = p.epoch.wrapping_add(1);
        let grace = p.template.grace_ms;
        self.pod_changed(pid, &old);
        self.schedule_termination(pid, grace);
    }

    /// Removes a pod object for good (end of termination, force deletion, pod GC).
    pub(super) fn remove_pod(&mut self, pid: PodId) {
        if !self.pods.contains_key(&pid) {
            return;
        }
        self.watch_pod(pid, "DELETED");
        self.release_usage(pid);
        let Some(p) = self.pods.remove(&pid) else {
            return;
        };
        self.pod_totals.deleted += 1;
        if let Some(n) = &p.node_name {
            if let Some(node) = self.nodes.get_mut_hint(n, p.node_slot) {
                node.bound.remove(&pid);
            }
        }
        self.pod_by_name.remove(&p.namespace, &p.name);
        self.sched_queue.remove(&pid);
        if let Some(n) = p.mapped_node() {
            if let Some(node) = self.nodes.get_mut(n) {
                node.unschedulable.remove(&pid);
            }
        }
        // The scheduler retries pods that did not fit once room is freed on that node.
        if let Some(n) = &p.node_name {
            self.retry_unschedulable_on(n);
        }
        self.notify_pod_deleted(pid, &p);
    }

    /// `kubectl delete KIND NAME`.
    pub(super) fn delete_object(
        &mut self,
        kind: ObjectKind,
        namespace: &str,
        name: &str,
    ) -> Result<ApplyReport, SimError> {
        let ns = ns_or_default(namespace);
        let (object, line) = match kind {
            ObjectKind::Node => {
                if !self.nodes.contains_key(name) {
                    return Err(SimError::node_not_found(name));
                }
                self.remove_node(name);
                (
                    ObjectRef {
                        kind: "Node".into(),
                        namespace: String::new(),
                        name: name.into(),
                    },
                    format!("node \"{name}\" deleted"),
                )
            }
            ObjectKind::DaemonSet => {
                let id = *self
                    .ds_by_name
                    .get(&(ns.clone(), name.to_string()))
                    .ok_or_else(|| SimError::daemon_set_not_found(name))?;
                self.delete_daemon_set(id);
                (
                    ObjectRef {
                        kind: "DaemonSet".into(),
                        namespace: ns,
                        name: name.into(),
                    },
                    format!("daemonset.apps \"{name}\" deleted"),
                )
            }
            ObjectKind::Pod => {
                let pid = *self
                    .pod_by_name
                    .get(&ns, name)
                    .ok_or_else(|| SimError::pod_not_found(name))?;
                self.delete_pod(pid);
                (
                    ObjectRef {
                        kind: "Pod".into(),
                        namespace: ns,
                        name: name.into(),
                    },
                    format!("pod \"{name}\" deleted"),
                )
            }
        };
        Ok(ApplyReport {
            applied: vec![Applied {
                object,
                action: "deleted".into(),
                line,
            }],
            ..ApplyReport::default()
        })
    }

    /// Deletes a DaemonSet with background cascading deletion: the DaemonSet and its
    /// ControllerRevisions go at once, the garbage collector deletes its pods.
    fn delete_daemon_set(&mut self, id: DaemonSetId) {
        let pids: Vec<PodId> = self
            .pods
            .iter()
            .filter(|(_, p)| p.owner == Some(id))
            .map(|(k, _)| k)
            .collect();
        self.watch_ds(id, "DELETED");
        let Some(mut ds) = self.daemon_sets.remove(&id) else {
            return;
        };
        // Its revisions are deleted below (each watched as it goes): they keep its template.
        self.keep_revision_templates(id, std::mem::take(&mut ds.obj.spec.template));
        let ns = ds.obj.metadata.namespace.clone().unwrap_or_default();
        let name = ds.obj.metadata.name.clone().unwrap_or_default();
        self.ds_by_name.remove(&(ns.clone(), name));
        self.notify_daemon_set_deleted(id);
        let revisions: Vec<String> = self
            .revisions
            .values()
            .filter(|r| r.owner == Some(id))
            .map(|r| r.name.clone())
            .collect();
        for rev in revisions {
            self.watch_rev(&ns, &rev, "DELETED");
            if let Some(removed) = self.revisions.remove(&ns, &rev) {
                self.notify_revision_deleted(&removed);
            }
        }
        for pid in pids {
            // Dependents keep their ownerReference (to a now missing owner) while they go.
            if let Some(p) = self.pods.get_mut(&pid) {
                p.owner = None;
            }
            self.delete_pod(pid);
        }
    }

    /// The pod's containers crash: phase Failed.
    pub(super) fn fail_pod(&mut self, namespace: &str, name: &str) -> Result<(), SimError> {
        let ns = ns_or_default(namespace);
        let pid = *self
            .pod_by_name
            .get(&ns, name)
            .ok_or_else(|| SimError::pod_not_found(name))?;
        let now = self.now;
        if self.pods.get(&pid).is_some_and(|p| p.deletion.is_some()) {
            // Its containers stopped while terminating: the termination is over.
            self.remove_pod(pid);
            return Ok(());
        }
        self.release_usage(pid);
        let Some(p) = self.pods.get_mut(&pid) else {
            return Ok(());
        };
        if p.phase.is_terminal() {
            return Ok(());
        }
        let old = OldPod::of(p);
        p.phase = PodPhase::Failed;
        if p.ready {
            p.ready = false;
            p.ready_changed = now;
        }
        p.finished_at = Some(now);
        p.epoch = p.epoch.wrapping_add(1);
        self.pod_changed(pid, &old);
        Ok(())
    }
}

/// Creation time of a pod, for ordering.
pub(crate) fn created_secs(t: SimTime) -> u64 {
    t.as_millis() / 1000
}
