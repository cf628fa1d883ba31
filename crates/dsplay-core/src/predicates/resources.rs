//! Resource accounting as the scheduler does it.
//!
//! Kubernetes: `staging/src/k8s.io/component-helpers/resource/helpers.go` (`PodRequests`),
//! `pkg/scheduler/framework/types.go` (`Resource.Add`, `NodeInfo`), `pkg/apis/core/v1/defaults.go`
//! (`SetDefaults_Pod`: requests default to limits; hostNetwork host ports) and
//! `pkg/scheduler/util/utils.go` (`GetHostPorts`).

use crate::quantity::parse_milli;
use k8s_openapi::api::core::v1::{Container, ContainerPort, Node, PodSpec};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use std::collections::BTreeMap;

/// `cpu`.
pub const RESOURCE_CPU: &str = "cpu";
/// `memory`.
pub const RESOURCE_MEMORY: &str = "memory";
/// `ephemeral-storage`.
pub const RESOURCE_EPHEMERAL_STORAGE: &str = "ephemeral-storage";
/// `pods`.
pub const RESOURCE_PODS: &str = "pods";

/// A resource list as the scheduler keeps it (`framework.Resource`), all in milli-units so
/// that sums stay exact. Memory, ephemeral storage and extended resources are whole units
/// (bytes, devices) times 1000, as the scheduler rounds them up with `Value()`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resources {
    /// Cpu in millicores.
    pub cpu_milli: i128,
    /// Memory in millibytes.
    pub memory_milli: i128,
    /// Ephemeral storage in millibytes.
    pub ephemeral_storage_milli: i128,
    /// Pod slots (`allocatable.pods`; unused in pod requests).
    pub pods: i64,
    /// Extended and other scalar resources (`nvidia.com/gpu`, `hugepages-2Mi`), in milli-units.
    pub extended: BTreeMap<String, i128>,
}

/// Kubernetes: `schedutil.IsScalarResourceName`: extended (domain-prefixed), prefixed native
/// (`kubernetes.io/...`), `hugepages-*` and `attachable-volumes-*` resources.
pub fn is_scalar_resource_name(name: &str) -> bool {
    if name.starts_with("hugepages-") || name.starts_with("attachable-volumes-") {
        return true;
    }
    match name.split_once('/') {
        Some((prefix, rest)) => {
            !prefix.is_empty() && !rest.is_empty() && !name.starts_with("requests.")
        }
        None => false,
    }
}

fn milli(q: &Quantity) -> i128 {
    parse_milli(q.0.trim()).unwrap_or(0)
}

/// Rounds milli-units up to whole units, back in milli-units (`Quantity.Value()`).
fn whole_units(m: i128) -> i128 {
    let units = if m > 0 {
        m.saturating_add(999) / 1000
    } else {
        m / 1000
    };
    units.saturating_mul(1000)
}

impl Resources {
    /// Adds one resource (name, milli-units) to the list (`Resource.Add`).
    fn add_named(&mut self, name: &str, m: i128) {
        match name {
            RESOURCE_CPU => self.cpu_milli = self.cpu_milli.saturating_add(m),
            RESOURCE_MEMORY => self.memory_milli = self.memory_milli.saturating_add(m),
            RESOURCE_EPHEMERAL_STORAGE => {
                self.ephemeral_storage_milli = self.ephemeral_storage_milli.saturating_add(m)
            }
            RESOURCE_PODS => {
                let pods = i64::try_from(whole_units(m) / 1000).unwrap_or(i64::MAX);
                self.pods = self.pods.saturating_add(pods)
            }
            n if is_scalar_resource_name(n) => {
                let e = self.extended.entry(n.to_string()).or_insert(0);
                *e = e.saturating_add(m);
            }
            _ => {}
        }
    }

    /// `maxResourceList`: each resource becomes the larger of the two.
    fn max_with(&mut self, other: &Resources) {
        self.cpu_milli = self.cpu_milli.max(other.cpu_milli);
        self.memory_milli = self.memory_milli.max(other.memory_milli);
        self.ephemeral_storage_milli = self
            .ephemeral_storage_milli
            .max(other.ephemeral_storage_milli);
        for (k, v) in &other.extended {
            let e = self.extended.entry(k.clone()).or_insert(0);
            *e = (*e).max(*v);
        }
    }

    /// `addResourceList`.
    fn add(&mut self, other: &Resources) {
        self.cpu_milli = self.cpu_milli.saturating_add(other.cpu_milli);
        self.memory_milli = self.memory_milli.saturating_add(other.memory_milli);
        self.ephemeral_storage_milli = self
            .ephemeral_storage_milli
            .saturating_add(other.ephemeral_storage_milli);
        self.pods = self.pods.saturating_add(other.pods);
        for (k, v) in &other.extended {
            let e = self.extended.entry(k.clone()).or_insert(0);
            *e = e.saturating_add(*v);
        }
    }

    fn sub(&mut self, other: &Resources) {
        self.cpu_milli = self.cpu_milli.saturating_sub(other.cpu_milli);
        self.memory_milli = self.memory_milli.saturating_sub(other.memory_milli);
        self.ephemeral_storage_milli = self
            .ephemeral_storage_milli
            .saturating_sub(other.ephemeral_storage_milli);
        for (k, v) in &other.extended {
            let e = self.extended.entry(k.clone()).or_insert(0);
            *e = e.saturating_sub(*v);
        }
        self.extended.retain(|_, v| *v != 0);
    }

    /// Rounds memory, ephemeral storage and extended resources up to whole units
    /// (`NewResource` calls `Value()` on them, `MilliValue()` on cpu).
    fn round_units(mut self) -> Resources {
        self.memory_milli = whole_units(self.memory_milli);
        self.ephemeral_storage_milli = whole_units(self.ephemeral_storage_milli);
        for v in self.extended.values_mut() {
            *v = whole_units(*v);
        }
        self
    }

    fn from_list<'a>(list: impl Iterator<Item = (&'a String, &'a Quantity)>) -> Resources {
        let mut r = Resources::default();
        for (name, q) in list {
            r.add_named(name, milli(q));
        }
        r
    }

    /// Whether every resource is zero (pods aside).
    pub fn is_zero(&self) -> bool {
        self.cpu_milli == 0
            && self.memory_milli == 0
            && self.ephemeral_storage_milli == 0
            && self.extended.values().all(|v| *v == 0)
    }
}

/// A container's requests after API defaulting: each resource with a limit but no request
/// requests its limit (`SetDefaults_Pod`).
fn container_requests(c: &Container) -> Resources {
    let Some(res) = c.resources.as_ref() else {
        return Resources::default();
    };
    let requests = res.requests.as_ref();
    let limits_only = res
        .limits
        .iter()
        .flatten()
        .filter(|(name, _)| !requests.is_some_and(|r| r.contains_key(name.as_str())));
    Resources::from_list(requests.into_iter().flatten().chain(limits_only))
}

/// Kubernetes: `resourcehelper.PodRequests` + `NewResource`, the request NodeResourcesFit
/// checks.
///
/// Sum of the containers; restartable (sidecar) init containers are added too; each regular
/// init container, plus the sidecars started before it, sets a minimum; then `overhead` is
/// added. Requests default to limits. Pod-level `spec.resources.requests` for cpu and memory
/// replace the container sum (PodLevelResources). Memory, storage and extended resources are
/// rounded up to whole units.
pub fn pod_requests(spec: &PodSpec) -> Resources {
    let mut reqs = Resources::default();
    for c in &spec.containers {
        reqs.add(&container_requests(c));
    }
    let mut restartable = Resources::default();
    let mut init_max = Resources::default();
    for c in spec.init_containers.iter().flatten() {
        let c_reqs = container_requests(c);
        if c.restart_policy.as_deref() == Some("Always") {
            reqs.add(&c_reqs);
            restartable.add(&c_reqs);
            init_max.max_with(&restartable);
        } else {
            let mut tmp = c_reqs;
            tmp.add(&restartable);
            init_max.max_with(&tmp);
        }
    }
    reqs.max_with(&init_max);
    if let Some(pod_level) = spec.resources.as_ref() {
        let requests = pod_level.requests.as_ref();
        let limits_only = pod_level
            .limits
            .iter()
            .flatten()
            .filter(|(name, _)| !requests.is_some_and(|r| r.contains_key(name.as_str())));
        for (name, q) in requests.into_iter().flatten().chain(limits_only) {
            match name.as_str() {
                RESOURCE_CPU => reqs.cpu_milli = milli(q),
                RESOURCE_MEMORY => reqs.memory_milli = milli(q),
                _ => {}
            }
        }
    }
    if let Some(overhead) = spec.overhead.as_ref() {
        reqs.add(&Resources::from_list(overhead.iter()));
    }
    reqs.pods = 0;
    reqs.round_units()
}

/// Kubernetes: `NewResource(node.Status.Allocatable)`: what the scheduler may hand out on
/// the node. Falls back to `status.capacity` when the node has no allocatable list.
pub fn node_allocatable(node: &Node) -> Resources {
    let status = node.status.as_ref();
    let list = status
        .and_then(|s| s.allocatable.as_ref())
        .filter(|a| !a.is_empty())
        .or_else(|| status.and_then(|s| s.capacity.as_ref()));
    match list {
        Some(list) => Resources::from_list(list.iter()).round_units(),
        None => Resources::default(),
    }
}

/// A host port a pod uses: `(hostIP, protocol, port)`, sanitized as `HostPortInfo` does
/// (empty IP → `0.0.0.0`, empty protocol → `TCP`).
pub type HostPort = (String, String, i32);

/// The bind-all host IP.
pub const DEFAULT_BIND_ALL_HOST_IP: &str = "0.0.0.0";

fn sanitize(p: &ContainerPort, host_network: bool) -> Option<HostPort> {
    // SetDefaults_Pod: hostNetwork pods get hostPort = containerPort when unset.
    let port = match p.host_port {
        Some(hp) if hp != 0 => hp,
        _ if host_network => p.container_port,
        _ => 0,
    };
    if port <= 0 {
        return None;
    }
    let ip = match p.host_ip.as_deref() {
        None | Some("") => DEFAULT_BIND_ALL_HOST_IP.to_string(),
        Some(ip) => ip.to_string(),
    };
    let protocol = match p.protocol.as_deref() {
        None | Some("") => "TCP".to_string(),
        Some(pr) => pr.to_string(),
    };
    Some((ip, protocol, port))
}

/// Kubernetes: `schedutil.GetHostPorts`: the host ports of the containers and of the
/// restartable (sidecar) init containers, sanitized.
pub fn pod_host_ports(spec: &PodSpec) -> Vec<HostPort> {
    let host_network = spec.host_network.unwrap_or(false);
    let sidecars = spec
        .init_containers
        .iter()
        .flatten()
        .filter(|c| c.restart_policy.as_deref() == Some("Always"));
    sidecars
        .chain(spec.containers.iter())
        .flat_map(|c| c.ports.iter().flatten())
        .filter_map(|p| sanitize(p, host_network))
        .collect()
}

/// Kubernetes: `HostPortInfo.CheckConflict`: same protocol and port, and overlapping host IPs
/// (`0.0.0.0` overlaps every IP).
pub fn host_port_conflicts(used: &[HostPort], wanted: &HostPort) -> bool {
    let (ip, protocol, port) = wanted;
    used.iter().any(|(uip, uprotocol, uport)| {
        uport == port
            && uprotocol == protocol
            && (ip == DEFAULT_BIND_ALL_HOST_IP || uip == DEFAULT_BIND_ALL_HOST_IP || uip == ip)
    })
}

/// What a node already has committed, for the scheduler's fit checks (`NodeInfo.Requested`,
/// `NodeInfo.Pods`, `NodeInfo.UsedPorts`). Keep it incrementally with [`NodeUsage::add_pod`]
/// and [`NodeUsage::remove_pod`] for every non-terminal pod bound to the node.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeUsage {
    /// Sum of cpu requests of non-terminal pods bound to the node, in millicores.
    pub cpu_milli: i128,
    /// Sum of memory requests, in millibytes (quantity milli-value).
    pub memory_milli: i128,
    /// Number of non-terminal pods bound to the node.
    pub pods: i64,
    /// Host ports in use: (hostIP, protocol, port).
    pub host_ports: Vec<(String, String, i32)>,
    /// Sum of ephemeral-storage requests, in millibytes.
    pub ephemeral_storage_milli: i128,
    /// Sums of extended resource requests (`nvidia.com/gpu`), in milli-units.
    pub extended: BTreeMap<String, i128>,
}

impl NodeUsage {
    /// The requested resources as a [`Resources`].
    pub fn requested(&self) -> Resources {
        Resources {
            cpu_milli: self.cpu_milli,
            memory_milli: self.memory_milli,
            ephemeral_storage_milli: self.ephemeral_storage_milli,
            pods: self.pods,
            extended: self.extended.clone(),
        }
    }

    fn set_requested(&mut self, r: Resources) {
        self.cpu_milli = r.cpu_milli;
        self.memory_milli = r.memory_milli;
        self.ephemeral_storage_milli = r.ephemeral_storage_milli;
        self.extended = r.extended;
        self.extended.retain(|_, v| *v != 0);
    }

    /// Kubernetes: `NodeInfo.AddPod`: counts a pod bound to the node.
    pub fn add_pod(&mut self, spec: &PodSpec) {
        let mut r = self.requested();
        r.add(&pod_requests(spec));
        self.set_requested(r);
        self.pods = self.pods.saturating_add(1);
        self.host_ports.extend(pod_host_ports(spec));
    }

    /// Kubernetes: `NodeInfo.RemovePod`: forgets a pod previously added with the same spec.
    pub fn remove_pod(&mut self, spec: &PodSpec) {
        let mut r = self.requested();
        r.sub(&pod_requests(spec));
        self.set_requested(r);
        self.pods = self.pods.saturating_sub(1).max(0);
        for port in pod_host_ports(spec) {
            if let Some(i) = self.host_ports.iter().position(|p| *p == port) {
                self.host_ports.remove(i);
            }
        }
    }
}
