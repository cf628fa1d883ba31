//! `validateContainers`, `validateInitContainers`, `validateContainerCommon` and what they
//! call (`pkg/apis/core/validation/validation.go`): names, images, ports, host-port
//! conflicts, env, envFrom, volume mounts, pull policy, resources, probes, lifecycle hooks.

use super::field::{quote, FieldError};
use crate::load::names::{
    go_lower_key, is_dns1123_label, is_dns1123_subdomain, is_qualified_name,
    is_relaxed_env_var_name, is_valid_port_name, is_valid_port_num,
};
use crate::quantity::parse_milli;
use k8s_openapi::api::core::v1::{
    Container, ContainerPort, EnvFromSource, EnvVar, ExecAction, GRPCAction, HTTPGetAction,
    LifecycleHandler, Probe, ResourceRequirements, TCPSocketAction, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::{BTreeMap, BTreeSet};

/// `validEnvDownwardAPIFieldPathExpressions`, sorted as `sets.List` sorts them.
const ENV_FIELD_PATHS: &[&str] = &[
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// Field labels `ConvertDownwardAPIFieldLabel` knows for `v1` (besides the subscripted
/// `metadata.labels['k']` / `metadata.annotations['k']`).
const DOWNWARD_API_LABELS: &[&str] = &[
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.serviceAccountName",
    "spec.schedulerName",
    "status.phase",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// `validContainerResourceFieldPathExpressions`, sorted.
const RESOURCE_FIELD_PATHS: &[&str] = &[
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];

/// `validateContainers` (regular containers) then `validateInitContainers`, as
/// `ValidatePodSpec` calls them. `volumes` holds the names of the valid volumes.
pub(crate) fn validate_containers(
    containers: &[Container],
    init_containers: &[Container],
    volumes: &BTreeSet<&str>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let cpath = format!("{path}.containers");
    if containers.is_empty() {
        errs.push(FieldError::required(&cpath, ""));
    }
    let mut all_names = BTreeSet::new();
    for (i, c) in containers.iter().enumerate() {
        let p = format!("{cpath}[{i}]");
        validate_container_common(c, &p, volumes, errs);
        if !all_names.insert(c.name.as_str()) {
            errs.push(FieldError::duplicate(format!("{p}.name"), quote(&c.name)));
        }
        validate_handlers_and_probes(c, &p, errs);
        if c.restart_policy.is_some() {
            errs.push(FieldError::forbidden(
                format!("{p}.restartPolicy"),
                "may not be set for non-init containers",
            ));
        }
    }
    check_host_port_conflicts(containers.iter().enumerate(), &cpath, errs);

    let ipath = format!("{path}.initContainers");
    for (i, c) in init_containers.iter().enumerate() {
        let p = format!("{ipath}[{i}]");
        validate_container_common(c, &p, volumes, errs);
        let mut restart_always = false;
        if let Some(rp) = c.restart_policy.as_deref() {
            restart_always = rp == "Always";
            if !restart_always {
                errs.push(FieldError::not_supported(
                    format!("{p}.restartPolicy"),
                    quote(rp),
                    &["Always"],
                ));
            }
        }
        if all_names.contains(c.name.as_str()) {
            errs.push(FieldError::duplicate(format!("{p}.name"), quote(&c.name)));
        } else if !c.name.is_empty() {
            all_names.insert(c.name.as_str());
        }
        // Init containers run one by one: each is checked alone.
        check_host_port_conflicts(std::iter::once((i, c)), &ipath, errs);
        if restart_always {
            validate_handlers_and_probes(c, &p, errs);
        } else {
            let forbidden = [
                ("lifecycle", c.lifecycle.is_some()),
                ("livenessProbe", c.liveness_probe.is_some()),
                ("readinessProbe", c.readiness_probe.is_some()),
                ("startupProbe", c.startup_probe.is_some()),
            ];
            for (field, set) in forbidden {
                if set {
                    errs.push(FieldError::forbidden(
                        format!("{p}.{field}"),
                        "may not be set for init containers without restartPolicy=Always",
                    ));
                }
            }
        }
    }
}

/// `validateContainerCommon`.
fn validate_container_common(
    c: &Container,
    p: &str,
    volumes: &BTreeSet<&str>,
    errs: &mut Vec<FieldError>,
) {
    if c.name.is_empty() {
        errs.push(FieldError::required(format!("{p}.name"), ""));
    } else {
        for m in is_dns1123_label(&c.name) {
            errs.push(FieldError::invalid(format!("{p}.name"), quote(&c.name), m));
        }
    }
    if c.image.as_deref().is_none_or(str::is_empty) {
        errs.push(FieldError::required(format!("{p}.image"), ""));
    }
    match c.termination_message_policy.as_deref().unwrap_or_default() {
        "File" | "FallbackToLogsOnError" => {}
        "" => errs.push(FieldError::required(
            format!("{p}.terminationMessagePolicy"),
            "",
        )),
        other => errs.push(FieldError::not_supported(
            format!("{p}.terminationMessagePolicy"),
            quote(other),
            &["File", "FallbackToLogsOnError"],
        )),
    }
    validate_container_ports(c.ports.as_deref().unwrap_or_default(), p, errs);
    validate_env(c.env.as_deref().unwrap_or_default(), p, errs);
    validate_env_from(c.env_from.as_deref().unwrap_or_default(), p, errs);
    validate_volume_mounts(
        c.volume_mounts.as_deref().unwrap_or_default(),
        volumes,
        p,
        errs,
    );
    match c.image_pull_policy.as_deref().unwrap_or_default() {
        "Always" | "IfNotPresent" | "Never" => {}
        "" => errs.push(FieldError::required(format!("{p}.imagePullPolicy"), "")),
        other => errs.push(FieldError::not_supported(
            format!("{p}.imagePullPolicy"),
            quote(other),
            &["Always", "IfNotPresent", "Never"],
        )),
    }
    if let Some(r) = &c.resources {
        validate_resources(r, &format!("{p}.resources"), errs);
    }
}

/// `validateContainerPorts`: port names are IANA service names, unique within the container;
/// container and host ports in 1..=65535; a protocol is required (defaulted to TCP).
fn validate_container_ports(ports: &[ContainerPort], p: &str, errs: &mut Vec<FieldError>) {
    let mut names = BTreeSet::new();
    for (j, port) in ports.iter().enumerate() {
        let pp = format!("{p}.ports[{j}]");
        if let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) {
            let msgs = is_valid_port_name(name);
            if !msgs.is_empty() {
                for m in msgs {
                    errs.push(FieldError::invalid(format!("{pp}.name"), quote(name), m));
                }
            } else if !names.insert(name) {
                errs.push(FieldError::duplicate(format!("{pp}.name"), quote(name)));
            }
        }
        if port.container_port == 0 {
            errs.push(FieldError::required(format!("{pp}.containerPort"), ""));
        } else {
            for m in is_valid_port_num(port.container_port) {
                errs.push(FieldError::invalid(
                    format!("{pp}.containerPort"),
                    port.container_port.to_string(),
                    m,
                ));
            }
        }
        let host_port = port.host_port.unwrap_or(0);
        if host_port != 0 {
            for m in is_valid_port_num(host_port) {
                errs.push(FieldError::invalid(
                    format!("{pp}.hostPort"),
                    host_port.to_string(),
                    m,
                ));
            }
        }
        match port.protocol.as_deref().unwrap_or_default() {
            "TCP" | "UDP" | "SCTP" => {}
            "" => errs.push(FieldError::required(format!("{pp}.protocol"), "")),
            other => errs.push(FieldError::not_supported(
                format!("{pp}.protocol"),
                quote(other),
                &["SCTP", "TCP", "UDP"],
            )),
        }
    }
}

/// `checkHostPortConflicts` / `AccumulateUniqueHostPorts`: a `protocol/hostIP/hostPort`
/// triple may appear once (`Duplicate value: "TCP//8080"`).
fn check_host_port_conflicts<'c>(
    containers: impl Iterator<Item = (usize, &'c Container)>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let mut seen = BTreeSet::new();
    for (i, c) in containers {
        for (j, port) in c.ports.iter().flatten().enumerate() {
            let host_port = port.host_port.unwrap_or(0);
            if host_port == 0 {
                continue;
            }
            let key = format!(
                "{}/{}/{host_port}",
                port.protocol.as_deref().unwrap_or_default(),
                port.host_ip.as_deref().unwrap_or_default()
            );
            if seen.contains(&key) {
                errs.push(FieldError::duplicate(
                    format!("{path}[{i}].ports[{j}].hostPort"),
                    quote(&key),
                ));
            } else {
                seen.insert(key);
            }
        }
    }
}

/// `ValidateEnv` with `AllowRelaxedEnvironmentVariableValidation` (GA since 1.34).
fn validate_env(env: &[EnvVar], p: &str, errs: &mut Vec<FieldError>) {
    for (j, ev) in env.iter().enumerate() {
        let ep = format!("{p}.env[{j}]");
        if ev.name.is_empty() {
            errs.push(FieldError::required(format!("{ep}.name"), ""));
        } else {
            for m in is_relaxed_env_var_name(&ev.name) {
                errs.push(FieldError::invalid(
                    format!("{ep}.name"),
                    quote(&ev.name),
                    m,
                ));
            }
        }
        let Some(vf) = &ev.value_from else {
            continue;
        };
        let vp = format!("{ep}.valueFrom");
        let mut sources = 0u32;
        if let Some(fr) = &vf.field_ref {
            sources += 1;
            validate_object_field_selector(&fr.field_path, &format!("{vp}.fieldRef"), errs);
        }
        if let Some(rf) = &vf.resource_field_ref {
            sources += 1;
            let rp = format!("{vp}.resourceFieldRef");
            if rf.resource.is_empty() {
                errs.push(FieldError::required(format!("{rp}.resource"), ""));
            } else if !RESOURCE_FIELD_PATHS.contains(&rf.resource.as_str())
                && !rf.resource.starts_with("requests.hugepages-")
                && !rf.resource.starts_with("limits.hugepages-")
            {
                errs.push(FieldError::not_supported(
                    format!("{rp}.resource"),
                    quote(&rf.resource),
                    RESOURCE_FIELD_PATHS,
                ));
            }
        }
        let key_refs = [
            (
                "configMapKeyRef",
                vf.config_map_key_ref.as_ref().map(|r| (&r.name, &r.key)),
            ),
            (
                "secretKeyRef",
                vf.secret_key_ref.as_ref().map(|r| (&r.name, &r.key)),
            ),
        ];
        for (field, r) in key_refs {
            let Some((name, key)) = r else {
                continue;
            };
            sources += 1;
            let kp = format!("{vp}.{field}");
            for m in is_dns1123_subdomain(name) {
                errs.push(FieldError::invalid(format!("{kp}.name"), quote(name), m));
            }
            if key.is_empty() {
                errs.push(FieldError::required(format!("{kp}.key"), ""));
            }
        }
        let has_value = ev.value.as_deref().is_some_and(|v| !v.is_empty());
        if sources == 0 {
            errs.push(FieldError::invalid(
                &vp,
                quote(""),
                "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
            ));
        } else if has_value {
            errs.push(FieldError::invalid(
                &vp,
                quote(""),
                "may not be specified when `value` is not empty",
            ));
        } else if sources > 1 {
            errs.push(FieldError::invalid(
                &vp,
                quote(""),
                "may not have more than one field specified at a time",
            ));
        }
    }
}

/// `validateObjectFieldSelector` for env vars (`apiVersion` is defaulted to `v1`).
fn validate_object_field_selector(field_path: &str, p: &str, errs: &mut Vec<FieldError>) {
    if field_path.is_empty() {
        errs.push(FieldError::required(format!("{p}.fieldPath"), ""));
        return;
    }
    // `fieldpath.SplitMaybeSubscriptedPath`: `metadata.labels['key']`.
    if let Some((base, rest)) = field_path.split_once("['") {
        if let Some(sub) = rest.strip_suffix("']") {
            match base {
                "metadata.annotations" => {
                    // Go: `field.Invalid(fldPath, subscript, msg)`, the key as written.
                    for m in is_qualified_name(&go_lower_key(sub)) {
                        errs.push(FieldError::invalid(p, quote(sub), m));
                    }
                    return;
                }
                "metadata.labels" => {
                    for m in is_qualified_name(sub) {
                        errs.push(FieldError::invalid(p, quote(sub), m));
                    }
                    return;
                }
                _ => {}
            }
        }
    }
    if !DOWNWARD_API_LABELS.contains(&field_path) {
        errs.push(FieldError::invalid(
            format!("{p}.fieldPath"),
            quote(field_path),
            format!("error converting fieldPath: field label not supported: {field_path}"),
        ));
    } else if !ENV_FIELD_PATHS.contains(&field_path) {
        errs.push(FieldError::not_supported(
            format!("{p}.fieldPath"),
            quote(field_path),
            ENV_FIELD_PATHS,
        ));
    }
}

/// `ValidateEnvFrom`.
fn validate_env_from(env_from: &[EnvFromSource], p: &str, errs: &mut Vec<FieldError>) {
    let fp = format!("{p}.envFrom");
    for (j, ef) in env_from.iter().enumerate() {
        let ep = format!("{fp}[{j}]");
        if let Some(prefix) = ef.prefix.as_deref().filter(|x| !x.is_empty()) {
            for m in is_relaxed_env_var_name(prefix) {
                errs.push(FieldError::invalid(
                    format!("{ep}.prefix"),
                    quote(prefix),
                    m,
                ));
            }
        }
        let refs = [
            (
                "configMapRef",
                ef.config_map_ref.as_ref().map(|r| r.name.as_str()),
            ),
            ("secretRef", ef.secret_ref.as_ref().map(|r| r.name.as_str())),
        ];
        let mut sources = 0u32;
        for (field, name) in refs {
            let Some(name) = name else {
                continue;
            };
            sources += 1;
            let np = format!("{ep}.{field}.name");
            if name.is_empty() {
                errs.push(FieldError::required(np, ""));
            } else {
                for m in is_dns1123_subdomain(name) {
                    errs.push(FieldError::invalid(&np, quote(name), m));
                }
            }
        }
        // Go puts these two on the list's path, not the item's.
        if sources == 0 {
            errs.push(FieldError::invalid(
                &fp,
                quote(""),
                "must specify one of: `configMapRef` or `secretRef`",
            ));
        } else if sources > 1 {
            errs.push(FieldError::invalid(
                &fp,
                quote(""),
                "may not have more than one field specified at a time",
            ));
        }
    }
}

/// `ValidateVolumeMounts`: the volume must exist (`Not found`), `mountPath` is required and
/// unique, `subPath` is a relative path without `..`.
fn validate_volume_mounts(
    mounts: &[VolumeMount],
    volumes: &BTreeSet<&str>,
    p: &str,
    errs: &mut Vec<FieldError>,
) {
    let mp = format!("{p}.volumeMounts");
    let mut mount_points = BTreeSet::new();
    for (j, m) in mounts.iter().enumerate() {
        let ip = format!("{mp}[{j}]");
        if m.name.is_empty() {
            errs.push(FieldError::required(format!("{ip}.name"), ""));
        }
        if !volumes.contains(m.name.as_str()) {
            errs.push(FieldError::not_found(format!("{ip}.name"), quote(&m.name)));
        }
        if m.mount_path.is_empty() {
            errs.push(FieldError::required(format!("{ip}.mountPath"), ""));
        }
        if !mount_points.insert(m.mount_path.as_str()) {
            errs.push(FieldError::invalid(
                format!("{ip}.mountPath"),
                quote(&m.mount_path),
                "must be unique",
            ));
        }
        // Go passes the list's path here (`volumeMounts.subPath`), not the item's.
        if let Some(sub) = m.sub_path.as_deref().filter(|s| !s.is_empty()) {
            validate_local_descending_path(sub, &format!("{mp}.subPath"), errs);
        }
        if let Some(expr) = m.sub_path_expr.as_deref().filter(|s| !s.is_empty()) {
            if m.sub_path.as_deref().is_some_and(|s| !s.is_empty()) {
                errs.push(FieldError::invalid(
                    format!("{ip}.subPathExpr"),
                    quote(expr),
                    "subPathExpr and subPath are mutually exclusive",
                ));
            }
            validate_local_descending_path(expr, &format!("{mp}.subPathExpr"), errs);
        }
    }
}

/// `validateLocalDescendingPath`.
fn validate_local_descending_path(target: &str, p: &str, errs: &mut Vec<FieldError>) {
    if target.starts_with('/') {
        errs.push(FieldError::invalid(
            p,
            quote(target),
            "must be a relative path",
        ));
    }
    if target.split(['/', '\\']).any(|part| part == "..") {
        errs.push(FieldError::invalid(
            p,
            quote(target),
            "must not contain '..'",
        ));
    }
}

/// `ValidateContainerResourceRequirements` (the quantity rules; quantities that do not parse
/// were refused when decoding): values not negative, requests not above limits.
fn validate_resources(r: &ResourceRequirements, p: &str, errs: &mut Vec<FieldError>) {
    let empty = BTreeMap::new();
    let limits = r.limits.as_ref().unwrap_or(&empty);
    let requests = r.requests.as_ref().unwrap_or(&empty);
    let mut parsed_limits = BTreeMap::new();
    for (k, q) in limits {
        if let Some(v) = nonnegative_quantity(&q.0, &format!("{p}.limits[{k}]"), errs) {
            parsed_limits.insert(k.as_str(), (v, q.0.as_str()));
        }
    }
    for (k, q) in requests {
        let rp = format!("{p}.requests[{k}]");
        let Some(v) = nonnegative_quantity(&q.0, &rp, errs) else {
            continue;
        };
        if let Some((lim, lim_text)) = parsed_limits.get(k.as_str()) {
            if v > *lim {
                errs.push(FieldError::invalid(
                    rp,
                    quote(&q.0),
                    format!("must be less than or equal to {k} limit of {lim_text}"),
                ));
            }
        }
    }
}

/// A quantity's milli-value, or `None` with an error for a negative one
/// (`ValidateNonnegativeQuantity`).
fn nonnegative_quantity(text: &str, path: &str, errs: &mut Vec<FieldError>) -> Option<i128> {
    let v = parse_milli(text)?;
    if v < 0 {
        errs.push(FieldError::invalid(
            path,
            quote(text),
            "must be greater than or equal to 0",
        ));
        return None;
    }
    Some(v)
}

/// The regular containers' (and restartable init containers') lifecycle hooks and probes.
fn validate_handlers_and_probes(c: &Container, p: &str, errs: &mut Vec<FieldError>) {
    if let Some(l) = &c.lifecycle {
        let hooks = [("postStart", &l.post_start), ("preStop", &l.pre_stop)];
        for (name, hook) in hooks {
            if let Some(h) = hook {
                validate_lifecycle_handler(h, &format!("{p}.lifecycle.{name}"), errs);
            }
        }
    }
    let probes = [
        ("livenessProbe", &c.liveness_probe),
        ("readinessProbe", &c.readiness_probe),
        ("startupProbe", &c.startup_probe),
    ];
    for (name, probe) in probes {
        let Some(probe) = probe else {
            continue;
        };
        let pp = format!("{p}.{name}");
        validate_probe(probe, &pp, errs);
        if name != "readinessProbe" && probe.success_threshold.unwrap_or(0) != 1 {
            errs.push(FieldError::invalid(
                format!("{pp}.successThreshold"),
                probe.success_threshold.unwrap_or(0).to_string(),
                "must be 1",
            ));
        }
        if name == "readinessProbe" {
            if let Some(t) = probe.termination_grace_period_seconds {
                errs.push(FieldError::invalid(
                    format!("{pp}.terminationGracePeriodSeconds"),
                    t.to_string(),
                    "must not be set for readinessProbes",
                ));
            }
        }
    }
}

/// The handler kinds a probe or hook may name (`commonHandler`), in Go's order.
struct Handlers<'a> {
    exec: Option<&'a ExecAction>,
    http_get: Option<&'a HTTPGetAction>,
    tcp_socket: Option<&'a TCPSocketAction>,
    grpc: Option<&'a GRPCAction>,
    sleep: bool,
}

/// `validateProbe`: one handler, non-negative counters, a positive grace period.
fn validate_probe(probe: &Probe, p: &str, errs: &mut Vec<FieldError>) {
    validate_handler(
        &Handlers {
            exec: probe.exec.as_ref(),
            http_get: probe.http_get.as_ref(),
            tcp_socket: probe.tcp_socket.as_ref(),
            grpc: probe.grpc.as_ref(),
            sleep: false,
        },
        p,
        errs,
    );
    let counters = [
        ("initialDelaySeconds", probe.initial_delay_seconds),
        ("timeoutSeconds", probe.timeout_seconds),
        ("periodSeconds", probe.period_seconds),
        ("successThreshold", probe.success_threshold),
        ("failureThreshold", probe.failure_threshold),
    ];
    for (name, v) in counters {
        let v = v.unwrap_or(0);
        if v < 0 {
            errs.push(FieldError::invalid(
                format!("{p}.{name}"),
                v.to_string(),
                "must be greater than or equal to 0",
            ));
        }
    }
    if let Some(t) = probe.termination_grace_period_seconds.filter(|t| *t <= 0) {
        errs.push(FieldError::invalid(
            format!("{p}.terminationGracePeriodSeconds"),
            t.to_string(),
            "must be greater than 0",
        ));
    }
}

/// `validateLifecycle` for one hook.
fn validate_lifecycle_handler(h: &LifecycleHandler, p: &str, errs: &mut Vec<FieldError>) {
    validate_handler(
        &Handlers {
            exec: h.exec.as_ref(),
            http_get: h.http_get.as_ref(),
            tcp_socket: h.tcp_socket.as_ref(),
            grpc: None,
            sleep: h.sleep.is_some(),
        },
        p,
        errs,
    );
}

/// `validateHandler`: exactly one handler; the first one set counts and each further one is
/// `Forbidden: may not specify more than 1 handler type`.
fn validate_handler(h: &Handlers<'_>, p: &str, errs: &mut Vec<FieldError>) {
    let kinds = [
        ("exec", h.exec.is_some()),
        ("httpGet", h.http_get.is_some()),
        ("tcpSocket", h.tcp_socket.is_some()),
        ("grpc", h.grpc.is_some()),
        ("sleep", h.sleep),
    ];
    let mut count = 0u32;
    for (name, set) in kinds {
        if !set {
            continue;
        }
        let hp = format!("{p}.{name}");
        if count > 0 {
            errs.push(FieldError::forbidden(
                hp,
                "may not specify more than 1 handler type",
            ));
            continue;
        }
        count += 1;
        match name {
            "exec"
                if h.exec
                    .is_some_and(|e| e.command.as_ref().is_none_or(Vec::is_empty)) =>
            {
                errs.push(FieldError::required(format!("{hp}.command"), ""));
            }
            "httpGet" => {
                if let Some(g) = h.http_get {
                    if g.path.as_deref().is_none_or(str::is_empty) {
                        errs.push(FieldError::required(format!("{hp}.path"), ""));
                    }
                    validate_port_num_or_name(&g.port, &format!("{hp}.port"), errs);
                    let scheme = g.scheme.as_deref().unwrap_or_default();
                    if !matches!(scheme, "HTTP" | "HTTPS") {
                        errs.push(FieldError::not_supported(
                            format!("{hp}.scheme"),
                            quote(scheme),
                            &["HTTP", "HTTPS"],
                        ));
                    }
                }
            }
            "tcpSocket" => {
                if let Some(t) = h.tcp_socket {
                    validate_port_num_or_name(&t.port, &format!("{hp}.port"), errs);
                }
            }
            "grpc" => {
                if let Some(g) = h.grpc {
                    validate_port_num_or_name(
                        &IntOrString::Int(g.port),
                        &format!("{hp}.port"),
                        errs,
                    );
                }
            }
            _ => {}
        }
    }
    if count == 0 {
        errs.push(FieldError::required(p, "must specify a handler type"));
    }
}

/// `ValidatePortNumOrName`.
fn validate_port_num_or_name(port: &IntOrString, p: &str, errs: &mut Vec<FieldError>) {
    match port {
        IntOrString::Int(n) => {
            for m in is_valid_port_num(*n) {
                errs.push(FieldError::invalid(p, n.to_string(), m));
            }
        }
        IntOrString::String(s) => {
            for m in is_valid_port_name(s) {
                errs.push(FieldError::invalid(p, quote(s), m));
            }
        }
    }
}
