//! Kubernetes: `constructHistory`, `snapshot`, `dedupCurHistories`, `cleanupHistory`
//! (update.go), and `kubectl rollout undo` (the DaemonSet history viewer's rollback).

use super::super::cluster::{DaemonSetId, RevisionEntry};
use super::super::revision::{compute_hash, template_json};
use super::super::template::PodTemplateData;
use super::super::{Applied, ApplyReport, SimError, Simulation};
use super::state::CurrentRevision;
use super::util::get_template_generation;
use crate::location::ObjectRef;
use crate::predicates::{
    CONTROLLER_REVISION_HASH_LABEL, POD_TEMPLATE_GENERATION_LABEL, TEMPLATE_GENERATION_ANNOTATION,
};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use std::rc::Rc;

impl Simulation {
    /// Kubernetes: `constructHistory(ds)`: finds or creates the ControllerRevision of the
    /// current template, renumbers it to `max(old) + 1` if needed, removes duplicates,
    /// and refreshes the cached current revision. Returns whether the current revision
    /// (hash or template generation) changed.
    pub(in crate::sim) fn construct_history(&mut self, id: DaemonSetId) -> bool {
        let version = self.revisions.version();
        let Some(ds_rv) = self.daemon_sets.get(&id).map(|ds| ds.rv) else {
            return false;
        };
        let clean = self
            .controller
            .caches
            .get(&id)
            .is_some_and(|cache| cache.history_clean == Some((version, ds_rv)));
        let clean = clean || self.history_unchanged(id);
        let Some(cache) = self.controller.caches.get_mut(&id) else {
            return false;
        };
        if clean {
            cache.history_clean = Some((version, ds_rv));
            return false;
        }
        cache.history_clean = None;
        let Some(ds) = self.daemon_sets.get(&id) else {
            return false;
        };
        let ns = ds.obj.metadata.namespace.clone().unwrap_or_default();
        let ds_name = ds.obj.metadata.name.clone().unwrap_or_default();
        let generation = ds.obj.metadata.generation.unwrap_or(0);
        let tjson: Rc<str> = match &cache.template_json {
            Some((g, j)) if *g == generation => j.clone(),
            _ => Rc::from(template_json(&ds.obj.spec.template)),
        };
        let mut current: Vec<(i64, String)> = Vec::new();
        let mut max_old: i64 = 0;
        for rname in &cache.revisions {
            if let Some(r) = self.revisions.get(&ns, rname) {
                if Rc::ptr_eq(&r.template_json, &tjson) || r.template_json == tjson {
                    current.push((r.revision, rname.clone()));
                } else {
                    max_old = max_old.max(r.revision);
                }
            }
        }
        crate::sort::sort(&mut current);
        cache.template_json = Some((generation, tjson.clone()));
        let cur_name = match current.pop() {
            Some((_, keep)) => {
                // dedupCurHistories: keep the highest revision, delete the others.
                for (_, dup) in current {
                    self.delete_revision(&ns, &dup);
                }
                keep
            }
            None => match self.snapshot(id, &ns, &ds_name, tjson.clone(), max_old + 1) {
                Some(n) => n,
                None => return false,
            },
        };
        // Rollback re-numbering: "revisions only roll forward".
        let renumber = self
            .revisions
            .get(&ns, &cur_name)
            .is_some_and(|r| r.revision < max_old + 1);
        if renumber {
            let rv = self.next_rv();
            if let Some(r) = self.revisions.get_mut(&ns, &cur_name) {
                r.revision = max_old + 1;
                r.rv = rv;
            }
            self.watch_rev(&ns, &cur_name, "MODIFIED");
        }
        let Some(rev) = self.revisions.get(&ns, &cur_name) else {
            return false;
        };
        let hash = rev.hash.clone();
        let (Some(ds), Some(cache)) = (
            self.daemon_sets.get(&id),
            self.controller.caches.get_mut(&id),
        ) else {
            return false;
        };
        let generation_label = get_template_generation(&ds.obj).map(str::to_string);
        if let Some(c) = &cache.current {
            if *c.hash == *hash && c.generation_label == generation_label {
                return false;
            }
        }
        // util.CreatePodTemplate: template + automatic tolerations + the two labels.
        let template = Rc::new(PodTemplateData::for_daemon_set(&ds.obj.spec.template));
        let mut labels = ds
            .obj
            .spec
            .template
            .metadata
            .as_ref()
            .and_then(|m| m.labels.clone())
            .unwrap_or_default();
        if let Some(g) = &generation_label {
            labels.insert(POD_TEMPLATE_GENERATION_LABEL.to_string(), g.clone());
        }
        labels.insert(CONTROLLER_REVISION_HASH_LABEL.to_string(), hash.clone());
        cache.current = Some(CurrentRevision {
            hash: Rc::from(hash),
            template,
            labels: Rc::new(labels),
            generation_label,
        });
        true
    }

    /// Whether [`Self::construct_history`] would change nothing (the usual case: one revision matches the cached template, it is the newest, and it is
    /// the current revision already), found without allocating.
    fn history_unchanged(&self, id: DaemonSetId) -> bool {
        let (Some(ds), Some(cache)) = (self.daemon_sets.get(&id), self.controller.caches.get(&id))
        else {
            return false;
        };
        let generation = ds.obj.metadata.generation.unwrap_or(0);
        let Some((g, tjson)) = &cache.template_json else {
            return false;
        };
        if *g != generation {
            return false;
        }
        let Some(cur) = &cache.current else {
            return false;
        };
        let ns = ds.obj.metadata.namespace.as_deref().unwrap_or_default();
        let mut matched: Option<&RevisionEntry> = None;
        let mut max_old: i64 = 0;
        for rname in &cache.revisions {
            if let Some(r) = self.revisions.get(ns, rname) {
                if Rc::ptr_eq(&r.template_json, tjson) || r.template_json == *tjson {
                    if matched.is_some() {
                        return false;
                    }
                    matched = Some(r);
                } else {
                    max_old = max_old.max(r.revision);
                }
            }
        }
        let Some(rev) = matched else {
            return false;
        };
        if rev.revision < max_old.saturating_add(1) || *rev.hash != *cur.hash {
            return false;
        }
        cur.generation_label.as_deref() == get_template_generation(&ds.obj)
    }

    /// Kubernetes: `snapshot(ds, revision)`: creates the ControllerRevision `<ds>-<hash>`;
    /// on a name taken by different data, bumps `status.collisionCount` and retries.
    fn snapshot(
        &mut self,
        id: DaemonSetId,
        ns: &str,
        ds_name: &str,
        tjson: Rc<str>,
        revision: i64,
    ) -> Option<String> {
        for _ in 0..100 {
            let ds = self.daemon_sets.get(&id)?;
            let collision = ds.obj.status.as_ref().and_then(|s| s.collision_count);
            let hash = compute_hash(&tjson, collision);
            let name = format!("{ds_name}-{hash}");
            if let Some(existing) = self.revisions.get(ns, &name) {
                if existing.template_json == tjson && existing.owner == Some(id) {
                    return Some(name);
                }
                let rv = self.next_rv();
                if let Some(ds) = self.daemon_sets.get_mut(&id) {
                    let st = ds.obj.status.get_or_insert_with(Default::default);
                    st.collision_count = Some(st.collision_count.unwrap_or(0).saturating_add(1));
                    ds.rv = rv;
                }
                continue;
            }
            let mut labels = ds
                .obj
                .spec
                .template
                .metadata
                .as_ref()
                .and_then(|m| m.labels.clone())
                .unwrap_or_default();
            labels.insert(CONTROLLER_REVISION_HASH_LABEL.to_string(), hash.clone());
            let annotations = ds.obj.metadata.annotations.clone().unwrap_or_default();
            let uid = self.new_uid();
            let rv = self.next_rv();
            let entry = RevisionEntry {
                namespace: ns.to_string(),
                name: name.clone(),
                uid,
                rv,
                created: self.now,
                owner: Some(id),
                revision,
                hash,
                template_json: tjson.clone(),
                // The DaemonSet's own template, kept once (`revision_template`).
                template: None,
                labels,
                annotations,
            };
            self.notify_revision_added(&entry);
            self.revisions.insert(ns, &name, entry);
            self.watch_rev(ns, &name, "ADDED");
            return Some(name);
        }
        None
    }

    /// A revision's template: its own, or its owner's while they are the same
    /// ([`RevisionEntry::template`]).
    pub(in crate::sim) fn revision_template<'a>(
        &'a self,
        r: &'a RevisionEntry,
    ) -> Option<&'a PodTemplateSpec> {
        match &r.template {
            Some(t) => Some(t),
            None => r
                .owner
                .and_then(|id| self.daemon_sets.get(&id))
                .map(|d| &d.obj.spec.template),
        }
    }

    /// DaemonSet `id`'s template is about to change or the DaemonSet to go: each of its
    /// revisions that reads its template from the DaemonSet keeps `template` (the DaemonSet's
    /// template until now) itself.
    pub(in crate::sim) fn keep_revision_templates(
        &mut self,
        id: DaemonSetId,
        template: PodTemplateSpec,
    ) {
        let names: Vec<(String, String)> = self
            .revisions
            .values()
            .filter(|r| r.owner == Some(id) && r.template.is_none())
            .map(|r| (r.namespace.clone(), r.name.clone()))
            .collect();
        let template = Rc::new(template);
        for (ns, name) in names {
            if let Some(r) = self.revisions.get_mut(&ns, &name) {
                r.template = Some(template.clone());
            }
        }
    }

    fn delete_revision(&mut self, ns: &str, name: &str) {
        self.watch_rev(ns, name, "DELETED");
        if let Some(removed) = self.revisions.remove(ns, name) {
            self.notify_revision_deleted(&removed);
        }
    }

    /// Kubernetes: `cleanupHistory(ds, old)`: deletes old revisions beyond
    /// `revisionHistoryLimit`, oldest first, skipping any whose hash a pod still carries.
    pub(in crate::sim) fn cleanup_history(&mut self, id: DaemonSetId) {
        let (Some(ds), Some(cache)) = (self.daemon_sets.get(&id), self.controller.caches.get(&id))
        else {
            return;
        };
        let limit = i64::from(ds.obj.spec.revision_history_limit.unwrap_or(10).max(0));
        if i64::try_from(cache.revisions.len()).unwrap_or(i64::MAX) <= limit {
            // Fewer revisions than the limit: no old one to delete.
            return;
        }
        let ns = ds.obj.metadata.namespace.clone().unwrap_or_default();
        let cur_hash = cache
            .current
            .as_ref()
            .map(|c| c.hash.clone())
            .unwrap_or_default();
        let mut old: Vec<(i64, String, String)> = cache
            .revisions
            .iter()
            .filter_map(|n| self.revisions.get(&ns, n))
            .filter(|r| *r.hash != *cur_hash)
            .map(|r| (r.revision, r.name.clone(), r.hash.clone()))
            .collect();
        let mut to_kill = i64::try_from(old.len()).unwrap_or(0) - limit;
        if to_kill <= 0 {
            return;
        }
        crate::sort::sort(&mut old);
        let mut kill = Vec::new();
        for (_, name, hash) in old {
            if to_kill <= 0 {
                break;
            }
            if cache.pods_by_hash.contains_key(&hash) {
                continue;
            }
            kill.push(name);
            to_kill -= 1;
        }
        for name in kill {
            self.delete_revision(&ns, &name);
        }
    }

    /// `kubectl rollout undo daemonset NAME [--to-revision=N]`: writes the stored template
    /// of that revision (default: the previous one) back into the DaemonSet.
    pub(in crate::sim) fn rollback(
        &mut self,
        namespace: &str,
        name: &str,
        to_revision: Option<i64>,
    ) -> Result<ApplyReport, SimError> {
        let ns = if namespace.is_empty() {
            "default"
        } else {
            namespace
        }
        .to_string();
        let id = *self
            .ds_by_name
            .get(&(ns.clone(), name.to_string()))
            .ok_or_else(|| SimError::daemon_set_not_found(name))?;
        let ds = self
            .daemon_sets
            .get(&id)
            .ok_or_else(|| SimError::daemon_set_not_found(name))?;
        // kubectl's history viewer: the ControllerRevisions the DaemonSet controls.
        let mut history: Vec<&RevisionEntry> = self
            .revisions
            .values()
            .filter(|r| r.owner == Some(id))
            .collect();
        crate::sort::sort_by(&mut history, |a, b| a.revision.cmp(&b.revision));
        let target = match to_revision {
            Some(n) if n > 0 => history
                .iter()
                .find(|r| r.revision == n)
                .ok_or(SimError::RevisionNotFound { revision: n })?,
            _ => history
                .len()
                .checked_sub(2)
                .and_then(|i| history.get(i))
                .ok_or_else(|| SimError::NoRolloutHistory {
                    name: name.to_string(),
                })?,
        };
        let object = ObjectRef {
            kind: "DaemonSet".into(),
            namespace: ns.clone(),
            name: name.to_string(),
        };
        let current_json = template_json(&ds.obj.spec.template);
        if *target.template_json == *current_json {
            let rev = target.revision;
            return Ok(ApplyReport {
                applied: vec![Applied {
                    object,
                    action: "skipped rollback".into(),
                    line: format!(
                        "daemonset.apps/{name} skipped rollback (current template already matches revision {rev})"
                    ),
                }],
                ..ApplyReport::default()
            });
        }
        let Some(template) = self.revision_template(target).cloned() else {
            return Err(SimError::RevisionNotFound {
                revision: target.revision,
            });
        };
        let mut spec = ds.obj.spec.clone();
        spec.template = template;
        let labels = ds.obj.metadata.labels.clone();
        let mut annotations = ds.obj.metadata.annotations.clone().unwrap_or_default();
        annotations.remove(TEMPLATE_GENERATION_ANNOTATION);
        self.update_daemon_set_spec(id, spec, labels, annotations);
        Ok(ApplyReport {
            applied: vec![Applied {
                object,
                action: "rolled back".into(),
                line: format!("daemonset.apps/{name} rolled back"),
            }],
            ..ApplyReport::default()
        })
    }
}
