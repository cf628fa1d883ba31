//! The API resources kubectl knows on a v1.33 cluster (`kubectl api-resources`), and how a
//! command line names them: plural, singular, short names, `plural.group`, the kind.

/// What the simulation holds of a resource type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Simulated {
    /// `v1` Nodes.
    Node,
    /// `apps/v1` DaemonSets.
    DaemonSet,
    /// `v1` Pods.
    Pod,
    /// `v1` Events.
    Event,
    /// `apps/v1` ControllerRevisions.
    ControllerRevision,
    /// A type the cluster serves but the playground does not simulate: always empty.
    None,
}

/// One row of `kubectl api-resources`.
#[derive(Debug, PartialEq, Eq)]
pub struct Resource {
    /// Plural name (`daemonsets`).
    pub name: &'static str,
    /// Singular name (`daemonset`).
    pub singular: &'static str,
    /// Short names (`ds`).
    pub short: &'static [&'static str],
    /// API group (`apps`; empty for the core group).
    pub group: &'static str,
    /// `APIVERSION` column (`apps/v1`).
    pub api_version: &'static str,
    /// Whether objects of this type live in a namespace.
    pub namespaced: bool,
    /// The kind (`DaemonSet`).
    pub kind: &'static str,
    /// What the playground simulates of it.
    pub simulated: Simulated,
}

impl Resource {
    /// `daemonsets.apps`, `pods`: how the API server names the type in errors.
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.name.to_string()
        } else {
            format!("{}.{}", self.name, self.group)
        }
    }

    /// `daemonset.apps`, `pod`: how kubectl names one object in `TYPE/NAME` lines.
    pub fn kind_group(&self) -> String {
        let kind = self.kind.to_ascii_lowercase();
        if self.group.is_empty() {
            kind
        } else {
            format!("{kind}.{}", self.group)
        }
    }
}

macro_rules! r {
    ($name:literal, $singular:literal, [$($s:literal),*], $group:literal, $av:literal, $ns:literal, $kind:literal, $sim:ident) => {
        Resource {
            name: $name,
            singular: $singular,
            short: &[$($s),*],
            group: $group,
            api_version: $av,
            namespaced: $ns,
            kind: $kind,
            simulated: Simulated::$sim,
        }
    };
}

/// The built-in resources of a v1.33 cluster as `kubectl api-resources` lists them (by
/// group, then name), each with what the playground simulates of it.
pub static RESOURCES: &[Resource] = &[
    r!("bindings", "binding", [], "", "v1", true, "Binding", None),
    r!(
        "componentstatuses",
        "componentstatus",
        ["cs"],
        "",
        "v1",
        false,
        "ComponentStatus",
        None
    ),
    r!(
        "configmaps",
        "configmap",
        ["cm"],
        "",
        "v1",
        true,
        "ConfigMap",
        None
    ),
    r!(
        "endpoints",
        "endpoints",
        ["ep"],
        "",
        "v1",
        true,
        "Endpoints",
        None
    ),
    r!("events", "event", ["ev"], "", "v1", true, "Event", Event),
    r!(
        "limitranges",
        "limitrange",
        ["limits"],
        "",
        "v1",
        true,
        "LimitRange",
        None
    ),
    r!(
        "namespaces",
        "namespace",
        ["ns"],
        "",
        "v1",
        false,
        "Namespace",
        None
    ),
    r!("nodes", "node", ["no"], "", "v1", false, "Node", Node),
    r!(
        "persistentvolumeclaims",
        "persistentvolumeclaim",
        ["pvc"],
        "",
        "v1",
        true,
        "PersistentVolumeClaim",
        None
    ),
    r!(
        "persistentvolumes",
        "persistentvolume",
        ["pv"],
        "",
        "v1",
        false,
        "PersistentVolume",
        None
    ),
    r!("pods", "pod", ["po"], "", "v1", true, "Pod", Pod),
    r!(
        "podtemplates",
        "podtemplate",
        [],
        "",
        "v1",
        true,
        "PodTemplate",
        None
    ),
    r!(
        "replicationcontrollers",
        "replicationcontroller",
        ["rc"],
        "",
        "v1",
        true,
        "ReplicationController",
        None
    ),
    r!(
        "resourcequotas",
        "resourcequota",
        ["quota"],
        "",
        "v1",
        true,
        "ResourceQuota",
        None
    ),
    r!("secrets", "secret", [], "", "v1", true, "Secret", None),
    r!(
        "serviceaccounts",
        "serviceaccount",
        ["sa"],
        "",
        "v1",
        true,
        "ServiceAccount",
        None
    ),
    r!(
        "services",
        "service",
        ["svc"],
        "",
        "v1",
        true,
        "Service",
        None
    ),
    r!(
        "controllerrevisions",
        "controllerrevision",
        [],
        "apps",
        "apps/v1",
        true,
        "ControllerRevision",
        ControllerRevision
    ),
    r!(
        "daemonsets",
        "daemonset",
        ["ds"],
        "apps",
        "apps/v1",
        true,
        "DaemonSet",
        DaemonSet
    ),
    r!(
        "deployments",
        "deployment",
        ["deploy"],
        "apps",
        "apps/v1",
        true,
        "Deployment",
        None
    ),
    r!(
        "replicasets",
        "replicaset",
        ["rs"],
        "apps",
        "apps/v1",
        true,
        "ReplicaSet",
        None
    ),
    r!(
        "statefulsets",
        "statefulset",
        ["sts"],
        "apps",
        "apps/v1",
        true,
        "StatefulSet",
        None
    ),
    r!(
        "horizontalpodautoscalers",
        "horizontalpodautoscaler",
        ["hpa"],
        "autoscaling",
        "autoscaling/v2",
        true,
        "HorizontalPodAutoscaler",
        None
    ),
    r!(
        "cronjobs",
        "cronjob",
        ["cj"],
        "batch",
        "batch/v1",
        true,
        "CronJob",
        None
    ),
    r!("jobs", "job", [], "batch", "batch/v1", true, "Job", None),
    r!(
        "leases",
        "lease",
        [],
        "coordination.k8s.io",
        "coordination.k8s.io/v1",
        true,
        "Lease",
        None
    ),
    r!(
        "events",
        "event",
        ["ev"],
        "events.k8s.io",
        "events.k8s.io/v1",
        true,
        "Event",
        Event
    ),
    r!(
        "ingresses",
        "ingress",
        ["ing"],
        "networking.k8s.io",
        "networking.k8s.io/v1",
        true,
        "Ingress",
        None
    ),
    r!(
        "networkpolicies",
        "networkpolicy",
        ["netpol"],
        "networking.k8s.io",
        "networking.k8s.io/v1",
        true,
        "NetworkPolicy",
        None
    ),
    r!(
        "poddisruptionbudgets",
        "poddisruptionbudget",
        ["pdb"],
        "policy",
        "policy/v1",
        true,
        "PodDisruptionBudget",
        None
    ),
    r!(
        "clusterrolebindings",
        "clusterrolebinding",
        [],
        "rbac.authorization.k8s.io",
        "rbac.authorization.k8s.io/v1",
        false,
        "ClusterRoleBinding",
        None
    ),
    r!(
        "clusterroles",
        "clusterrole",
        [],
        "rbac.authorization.k8s.io",
        "rbac.authorization.k8s.io/v1",
        false,
        "ClusterRole",
        None
    ),
    r!(
        "rolebindings",
        "rolebinding",
        [],
        "rbac.authorization.k8s.io",
        "rbac.authorization.k8s.io/v1",
        true,
        "RoleBinding",
        None
    ),
    r!(
        "roles",
        "role",
        [],
        "rbac.authorization.k8s.io",
        "rbac.authorization.k8s.io/v1",
        true,
        "Role",
        None
    ),
    r!(
        "priorityclasses",
        "priorityclass",
        ["pc"],
        "scheduling.k8s.io",
        "scheduling.k8s.io/v1",
        false,
        "PriorityClass",
        None
    ),
    r!(
        "csidrivers",
        "csidriver",
        [],
        "storage.k8s.io",
        "storage.k8s.io/v1",
        false,
        "CSIDriver",
        None
    ),
    r!(
        "csinodes",
        "csinode",
        [],
        "storage.k8s.io",
        "storage.k8s.io/v1",
        false,
        "CSINode",
        None
    ),
    r!(
        "storageclasses",
        "storageclass",
        ["sc"],
        "storage.k8s.io",
        "storage.k8s.io/v1",
        false,
        "StorageClass",
        None
    ),
    r!(
        "volumeattachments",
        "volumeattachment",
        [],
        "storage.k8s.io",
        "storage.k8s.io/v1",
        false,
        "VolumeAttachment",
        None
    ),
];

/// The resource a command line names (`ds`, `DaemonSets`, `daemonset.apps`, `po`, `nodes`,
/// `DaemonSet`), as kubectl's REST mapper finds it: a core-group match first (`events`).
pub fn lookup(name: &str) -> Option<&'static Resource> {
    let lower = name.to_ascii_lowercase();
    let (base, group) = match lower.split_once('.') {
        Some((b, g)) => (b, Some(g)),
        None => (lower.as_str(), None),
    };
    RESOURCES.iter().find(|r| {
        let named = r.name == base
            || r.singular == base
            || r.short.contains(&base)
            || r.kind.eq_ignore_ascii_case(base);
        named
            && match group {
                None => true,
                Some(g) => r.group == g || g.strip_suffix("/v1").is_some_and(|g| r.group == g),
            }
    })
}

/// The resource the playground simulates as `kind`.
pub fn of(kind: Simulated) -> &'static Resource {
    RESOURCES
        .iter()
        .find(|r| r.simulated == kind)
        .unwrap_or(&RESOURCES[0])
}

/// What `kubectl get all` lists (kubectl's `all` category), in its order.
pub const ALL: &[&str] = &[
    "pods",
    "replicationcontrollers",
    "services",
    "daemonsets",
    "deployments",
    "replicasets",
    "statefulsets",
    "horizontalpodautoscalers",
    "cronjobs",
    "jobs",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_short_names_kinds_and_groups() {
        for n in [
            "ds",
            "daemonset",
            "DaemonSets",
            "daemonsets.apps",
            "daemonset.apps",
            "DaemonSet",
        ] {
            assert_eq!(
                lookup(n).map(|r| r.simulated),
                Some(Simulated::DaemonSet),
                "{n}"
            );
        }
        assert_eq!(lookup("po").map(|r| r.name), Some("pods"));
        assert_eq!(lookup("no").map(|r| r.name), Some("nodes"));
        assert_eq!(lookup("ev").map(|r| r.group), Some(""));
        assert_eq!(
            lookup("events.events.k8s.io").map(|r| r.group),
            Some("events.k8s.io")
        );
        assert_eq!(lookup("deploy").map(|r| r.simulated), Some(Simulated::None));
        assert!(lookup("dae").is_none());
        assert!(lookup("daemonsets.batch").is_none());
        assert_eq!(of(Simulated::Pod).qualified(), "pods");
        assert_eq!(of(Simulated::DaemonSet).qualified(), "daemonsets.apps");
        assert_eq!(of(Simulated::DaemonSet).kind_group(), "daemonset.apps");
    }
}
