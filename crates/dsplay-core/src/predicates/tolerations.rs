//! Tolerations: `ToleratesTaint` and the tolerations every daemon pod gets.
//!
//! Kubernetes: `staging/src/k8s.io/api/core/v1/toleration.go`,
//! `pkg/controller/daemon/util/daemonset_util.go` (`AddOrUpdateDaemonPodTolerations`) and
//! `pkg/apis/core/v1/helper/helpers.go` (`AddOrUpdateTolerationInPodSpec`).

use k8s_openapi::api::core::v1::{PodSpec, Taint, Toleration};

/// `node.kubernetes.io/not-ready` (`v1.TaintNodeNotReady`).
pub const TAINT_NODE_NOT_READY: &str = "node.kubernetes.io/not-ready";
/// `node.kubernetes.io/unreachable` (`v1.TaintNodeUnreachable`).
pub const TAINT_NODE_UNREACHABLE: &str = "node.kubernetes.io/unreachable";
/// `node.kubernetes.io/disk-pressure` (`v1.TaintNodeDiskPressure`).
pub const TAINT_NODE_DISK_PRESSURE: &str = "node.kubernetes.io/disk-pressure";
/// `node.kubernetes.io/memory-pressure` (`v1.TaintNodeMemoryPressure`).
pub const TAINT_NODE_MEMORY_PRESSURE: &str = "node.kubernetes.io/memory-pressure";
/// `node.kubernetes.io/pid-pressure` (`v1.TaintNodePIDPressure`).
pub const TAINT_NODE_PID_PRESSURE: &str = "node.kubernetes.io/pid-pressure";
/// `node.kubernetes.io/unschedulable` (`v1.TaintNodeUnschedulable`).
pub const TAINT_NODE_UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";
/// `node.kubernetes.io/network-unavailable` (`v1.TaintNodeNetworkUnavailable`).
pub const TAINT_NODE_NETWORK_UNAVAILABLE: &str = "node.kubernetes.io/network-unavailable";

/// Taint effect `NoSchedule`.
pub const NO_SCHEDULE: &str = "NoSchedule";
/// Taint effect `PreferNoSchedule`.
pub const PREFER_NO_SCHEDULE: &str = "PreferNoSchedule";
/// Taint effect `NoExecute`.
pub const NO_EXECUTE: &str = "NoExecute";

/// One automatic daemon-pod toleration: key, effect (operator is always `Exists`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AutomaticToleration {
    /// Taint key tolerated.
    pub key: &'static str,
    /// Taint effect tolerated.
    pub effect: &'static str,
    /// Only added to pods with `spec.hostNetwork: true`.
    pub host_network_only: bool,
}

/// The tolerations `AddOrUpdateDaemonPodTolerations` adds, in the order it adds them.
pub const AUTOMATIC_DAEMON_POD_TOLERATIONS: [AutomaticToleration; 7] = [
    AutomaticToleration {
        key: TAINT_NODE_NOT_READY,
        effect: NO_EXECUTE,
        host_network_only: false,
    },
    AutomaticToleration {
        key: TAINT_NODE_UNREACHABLE,
        effect: NO_EXECUTE,
        host_network_only: false,
    },
    AutomaticToleration {
        key: TAINT_NODE_DISK_PRESSURE,
        effect: NO_SCHEDULE,
        host_network_only: false,
    },
    AutomaticToleration {
        key: TAINT_NODE_MEMORY_PRESSURE,
        effect: NO_SCHEDULE,
        host_network_only: false,
    },
    AutomaticToleration {
        key: TAINT_NODE_PID_PRESSURE,
        effect: NO_SCHEDULE,
        host_network_only: false,
    },
    AutomaticToleration {
        key: TAINT_NODE_UNSCHEDULABLE,
        effect: NO_SCHEDULE,
        host_network_only: false,
    },
    AutomaticToleration {
        key: TAINT_NODE_NETWORK_UNAVAILABLE,
        effect: NO_SCHEDULE,
        host_network_only: true,
    },
];

impl AutomaticToleration {
    /// This automatic toleration as an API `Toleration` (`operator: Exists`, no `tolerationSeconds`).
    pub fn to_toleration(&self) -> Toleration {
        Toleration {
            key: Some(self.key.to_string()),
            operator: Some("Exists".to_string()),
            effect: Some(self.effect.to_string()),
            ..Toleration::default()
        }
    }

    /// Renders as `key:Effect`, as `kubectl describe` shows a toleration with `Exists`.
    pub fn display(&self) -> String {
        format!("{}:{}", self.key, self.effect)
    }
}

/// Kubernetes: `(*Toleration).ToleratesTaint` (toleration.go).
///
/// The toleration matches the taint when its effect is empty or equal, its key is empty or
/// equal, and its operator is `Exists`, or empty/`Equal` with an equal value. Any other
/// operator tolerates nothing (the alpha `Lt`/`Gt` operators are behind a feature gate that is
/// off by default). `tolerationSeconds` plays no part.
pub fn tolerates_taint(toleration: &Toleration, taint: &Taint) -> bool {
    let effect = toleration.effect.as_deref().unwrap_or("");
    if !effect.is_empty() && effect != taint.effect {
        return false;
    }
    let key = toleration.key.as_deref().unwrap_or("");
    if !key.is_empty() && key != taint.key {
        return false;
    }
    match toleration.operator.as_deref().unwrap_or("") {
        "" | "Equal" => {
            toleration.value.as_deref().unwrap_or("") == taint.value.as_deref().unwrap_or("")
        }
        "Exists" => true,
        _ => false,
    }
}

/// Kubernetes: `TolerationsTolerateTaint` (V1H): any toleration tolerates the taint.
pub fn tolerations_tolerate_taint(tolerations: &[Toleration], taint: &Taint) -> bool {
    tolerations.iter().any(|t| tolerates_taint(t, taint))
}

/// The automatic daemon-pod toleration (if any) that tolerates `taint`, without building a
/// `Vec`. `host_network` is the pod's `spec.hostNetwork`.
pub fn automatic_toleration_for(
    taint: &Taint,
    host_network: bool,
) -> Option<&'static AutomaticToleration> {
    AUTOMATIC_DAEMON_POD_TOLERATIONS.iter().find(|a| {
        (host_network || !a.host_network_only) && a.key == taint.key && a.effect == taint.effect
    })
}

/// Kubernetes: `(*Toleration).MatchToleration`: same key, effect, operator and value.
pub fn match_toleration(a: &Toleration, b: &Toleration) -> bool {
    fn s(o: &Option<String>) -> &str {
        o.as_deref().unwrap_or("")
    }
    s(&a.key) == s(&b.key)
        && s(&a.effect) == s(&b.effect)
        && s(&a.operator) == s(&b.operator)
        && s(&a.value) == s(&b.value)
}

fn semantic_equal(a: &Toleration, b: &Toleration) -> bool {
    match_toleration(a, b) && a.toleration_seconds == b.toleration_seconds
}

/// Kubernetes: `AddOrUpdateTolerationInPodSpec` (V1H), on a toleration list.
///
/// Every toleration that `match_toleration`es the new one is replaced in place by it; if one
/// of them is already semantically equal, nothing changes. Otherwise the new one is appended.
/// Returns whether the list changed.
pub fn add_or_update_toleration(
    tolerations: &mut Vec<Toleration>,
    toleration: &Toleration,
) -> bool {
    if tolerations
        .iter()
        .any(|t| match_toleration(toleration, t) && semantic_equal(toleration, t))
    {
        return false;
    }
    let mut updated = false;
    for t in tolerations.iter_mut() {
        if match_toleration(toleration, t) {
            *t = toleration.clone();
            updated = true;
        }
    }
    if !updated {
        tolerations.push(toleration.clone());
    }
    true
}

/// Kubernetes: `AddOrUpdateDaemonPodTolerations` (DU), on a toleration list.
///
/// Adds (or replaces in place) the tolerations of [`AUTOMATIC_DAEMON_POD_TOLERATIONS`];
/// `node.kubernetes.io/network-unavailable:NoSchedule` only when `host_network`.
pub fn add_or_update_daemon_pod_tolerations(tolerations: &mut Vec<Toleration>, host_network: bool) {
    for a in AUTOMATIC_DAEMON_POD_TOLERATIONS.iter() {
        if a.host_network_only && !host_network {
            continue;
        }
        add_or_update_toleration(tolerations, &a.to_toleration());
    }
}

/// Kubernetes: `AddOrUpdateDaemonPodTolerations` (DU) on a pod spec (uses its `hostNetwork`).
pub fn add_or_update_daemon_pod_tolerations_in_spec(spec: &mut PodSpec) {
    let host_network = spec.host_network.unwrap_or(false);
    let tolerations = spec.tolerations.get_or_insert_with(Vec::new);
    add_or_update_daemon_pod_tolerations(tolerations, host_network);
}

/// The `tolerationSeconds` the DefaultTolerationSeconds admission plugin gives the
/// `not-ready` and `unreachable` NoExecute tolerations it adds (its
/// `--default-not-ready-toleration-seconds` and `--default-unreachable-toleration-seconds`).
pub const DEFAULT_TOLERATION_SECONDS: i64 = 300;

/// Kubernetes: the DefaultTolerationSeconds admission plugin
/// (`plugin/pkg/admission/defaulttolerationseconds`), on a pod being created: unless a
/// toleration already covers `node.kubernetes.io/not-ready:NoExecute` (its key is that key or
/// empty, its effect NoExecute or empty), one with `operator: Exists` and
/// `tolerationSeconds: 300` is appended; the same for `node.kubernetes.io/unreachable`. A
/// daemon pod already carries both (without seconds), so only other pods get them.
pub fn add_default_toleration_seconds(spec: &mut PodSpec) {
    for key in [TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE] {
        let covered = spec.tolerations.iter().flatten().any(|t| {
            t.key.as_deref().is_none_or(|k| k.is_empty() || k == key)
                && t.effect
                    .as_deref()
                    .is_none_or(|e| e.is_empty() || e == NO_EXECUTE)
        });
        if !covered {
            spec.tolerations
                .get_or_insert_with(Vec::new)
                .push(Toleration {
                    key: Some(key.to_string()),
                    operator: Some("Exists".to_string()),
                    effect: Some(NO_EXECUTE.to_string()),
                    toleration_seconds: Some(DEFAULT_TOLERATION_SECONDS),
                    value: None,
                });
        }
    }
}

/// The tolerations a daemon pod built from `spec` carries: the template's, then the automatic
/// ones (Kubernetes: the result of `AddOrUpdateDaemonPodTolerations` on a copy of the spec).
pub fn daemon_pod_tolerations(spec: &PodSpec) -> Vec<Toleration> {
    let mut tolerations = spec.tolerations.clone().unwrap_or_default();
    add_or_update_daemon_pod_tolerations(&mut tolerations, spec.host_network.unwrap_or(false));
    tolerations
}
