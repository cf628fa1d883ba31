//! `kubectl describe` of nodes, DaemonSets and pods, in kubectl's layout
//! (`k8s.io/kubectl/pkg/describe/describe.go`: `describeNode`, `describeDaemonSet`,
//! `describePod`, `DescribePodTemplate`, `DescribeEvents`), laid out by a port of Go's
//! `text/tabwriter` with describe's settings (minwidth 0, padding 2).

use crate::clock::SimTime;
use crate::print::get::{age, age_of_time, format_labels, PodSource};
use crate::quantity::{format_milli, parse_milli, parse_value};
use crate::sim::{ListObject, PodRef, Simulation};
use crate::view::EventView;
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{
    Container, ContainerState, ContainerStatus, Node, Pod, PodSpec, PodTemplateSpec, Toleration,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, Time};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Go's `text/tabwriter` (flags 0, pad char ' ') over `text`: cells end at tabs; a column
/// block is a run of consecutive lines with a cell in that column, as wide as its widest
/// cell plus `padding` (at least `minwidth`); a line's last cell is not aligned.
pub(crate) fn tabbed(text: &str, minwidth: usize, padding: usize) -> String {
    let lines: Vec<Vec<&str>> = text.split('\n').map(|l| l.split('\t').collect()).collect();
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut widths = Vec::new();
    let w = Tab {
        lines: &lines,
        minwidth,
        padding,
    };
    w.format(&mut out, 0, lines.len(), &mut widths);
    out
}

struct Tab<'a> {
    lines: &'a [Vec<&'a str>],
    minwidth: usize,
    padding: usize,
}

impl Tab<'_> {
    fn cells(&self, i: usize) -> &[&str] {
        self.lines.get(i).map(Vec::as_slice).unwrap_or_default()
    }

    fn format(&self, out: &mut String, mut line0: usize, line1: usize, widths: &mut Vec<usize>) {
        let column = widths.len();
        let mut this = line0;
        while this < line1 {
            if column.saturating_add(1) >= self.cells(this).len() {
                this += 1;
                continue;
            }
            self.write_lines(out, line0, this, widths);
            line0 = this;
            let mut width = self.minwidth;
            while this < line1 {
                let line = self.cells(this);
                if column.saturating_add(1) >= line.len() {
                    break;
                }
                let cell = line.get(column).copied().unwrap_or_default();
                width = width.max(cell.chars().count().saturating_add(self.padding));
                this += 1;
            }
            widths.push(width);
            self.format(out, line0, this, widths);
            widths.pop();
            line0 = this;
            this += 1;
        }
        self.write_lines(out, line0, line1, widths);
    }

    fn write_lines(&self, out: &mut String, line0: usize, line1: usize, widths: &[usize]) {
        for i in line0..line1 {
            for (j, cell) in self.cells(i).iter().enumerate() {
                out.push_str(cell);
                if let Some(w) = widths.get(j) {
                    if j + 1 < self.cells(i).len() {
                        let pad = w.saturating_sub(cell.chars().count());
                        out.extend(std::iter::repeat_n(' ', pad));
                    }
                }
            }
            if i + 1 < self.lines.len() {
                out.push('\n');
            }
        }
    }
}

/// describe.go's `PrefixWriter` over segments flushed through [`tabbed`].
#[derive(Default)]
struct W {
    done: String,
    buf: String,
}

impl W {
    fn line(&mut self, level: usize, text: &str) {
        for _ in 0..level {
            self.buf.push_str("  ");
        }
        self.buf.push_str(text);
    }
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.buf);
        self.done.push_str(&tabbed(&text, 0, 2));
    }
    fn finish(mut self) -> String {
        self.flush();
        self.done
    }
}

/// `metav1.FormatLabelSelector`.
pub(crate) fn format_selector(s: &LabelSelector) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(m) = &s.match_labels {
        for (k, v) in m {
            parts.push(format!("{k}={v}"));
        }
    }
    for e in s.match_expressions.as_deref().unwrap_or_default() {
        let values = e.values.clone().unwrap_or_default();
        parts.push(match e.operator.as_str() {
            "In" => format!("{} in ({})", e.key, values.join(",")),
            "NotIn" => format!("{} notin ({})", e.key, values.join(",")),
            "Exists" => e.key.clone(),
            "DoesNotExist" => format!("!{}", e.key),
            other => format!("{} {other} ({})", e.key, values.join(",")),
        });
    }
    if parts.is_empty() {
        "<none>".to_string()
    } else {
        parts.join(",")
    }
}

/// `printLabelsMultiline` (also used for node selectors).
fn labels(w: &mut W, title: &str, map: Option<&BTreeMap<String, String>>) {
    multiline(w, title, map, |k, v| format!("{k}={v}\n"));
}

/// `printAnnotationsMultiline`: `KEY: VALUE`, values longer than 140 characters cut.
fn annotations(w: &mut W, title: &str, map: Option<&BTreeMap<String, String>>) {
    multiline(w, title, map, |k, v| {
        if v.chars().count() > 140 {
            let cut: String = v.chars().take(140).collect();
            format!("{k}: {cut}...\n")
        } else {
            format!("{k}: {v}\n")
        }
    });
}

/// `TITLE:` then one entry a line (sorted by key, aligned after the title), `<none>` when
/// there is none.
fn multiline(
    w: &mut W,
    title: &str,
    map: Option<&BTreeMap<String, String>>,
    entry: impl Fn(&str, &str) -> String,
) {
    w.line(0, &format!("{title}:\t"));
    let Some(map) = map.filter(|m| !m.is_empty()) else {
        w.line(0, "<none>\n");
        return;
    };
    for (i, (k, v)) in map.iter().enumerate() {
        if i != 0 {
            w.line(0, "\t");
        }
        w.line(0, &entry(k, v));
    }
}

/// Go's `time.RFC1123Z` of an API time.
fn rfc1123z(t: Option<&Time>) -> String {
    let Some(t) = t else {
        return "Mon, 01 Jan 0001 00:00:00 +0000".to_string();
    };
    crate::clock::rfc1123z_unix(t.0.as_second())
}

fn tolerations(w: &mut W, title: &str, list: &[Toleration]) {
    w.line(0, &format!("{title}:\t"));
    if list.is_empty() {
        w.line(0, "<none>\n");
        return;
    }
    let mut sorted: Vec<&Toleration> = list.iter().collect();
    crate::sort::sort_by(&mut sorted, |a, b| a.key.cmp(&b.key));
    for (i, t) in sorted.iter().enumerate() {
        if i != 0 {
            w.line(0, "\t");
        }
        let key = t.key.as_deref().unwrap_or_default();
        let value = t.value.as_deref().unwrap_or_default();
        let effect = t.effect.as_deref().unwrap_or_default();
        let mut s = key.to_string();
        if !value.is_empty() {
            s.push('=');
            s.push_str(value);
        }
        if !effect.is_empty() {
            s.push(':');
            s.push_str(effect);
        }
        if t.operator.as_deref() == Some("Exists") && value.is_empty() {
            s.push_str(if !key.is_empty() || !effect.is_empty() {
                " op=Exists"
            } else {
                "op=Exists"
            });
        }
        if let Some(secs) = t.toleration_seconds {
            let _ = write!(s, " for {secs}s");
        }
        s.push('\n');
        w.line(0, &s);
    }
}

fn ports(c: &Container, host: bool) -> String {
    c.ports
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|p| {
            let n = if host {
                p.host_port.unwrap_or(0)
            } else {
                p.container_port
            };
            let proto = p.protocol.as_deref().unwrap_or("TCP");
            match p.name.as_deref().filter(|n| !n.is_empty()) {
                Some(name) => format!("{n}/{proto} ({name})"),
                None => format!("{n}/{proto}"),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn or_none(s: String) -> String {
    if s.is_empty() {
        "<none>".to_string()
    } else {
        s
    }
}

/// `describeStatus`.
fn state(w: &mut W, name: &str, s: Option<&ContainerState>) {
    match s {
        Some(s) if s.running.is_some() => {
            w.line(2, &format!("{name}:\tRunning\n"));
            let started = s.running.as_ref().and_then(|r| r.started_at.as_ref());
            w.line(3, &format!("Started:\t{}\n", rfc1123z(started)));
        }
        Some(s) if s.waiting.is_some() => {
            w.line(2, &format!("{name}:\tWaiting\n"));
            if let Some(r) = s
                .waiting
                .as_ref()
                .and_then(|x| x.reason.as_deref())
                .filter(|r| !r.is_empty())
            {
                w.line(3, &format!("Reason:\t{r}\n"));
            }
        }
        Some(s) if s.terminated.is_some() => {
            let t = s.terminated.as_ref();
            w.line(2, &format!("{name}:\tTerminated\n"));
            if let Some(r) = t
                .and_then(|x| x.reason.as_deref())
                .filter(|r| !r.is_empty())
            {
                w.line(3, &format!("Reason:\t{r}\n"));
            }
            if let Some(m) = t
                .and_then(|x| x.message.as_deref())
                .filter(|r| !r.is_empty())
            {
                w.line(3, &format!("Message:\t{m}\n"));
            }
            w.line(
                3,
                &format!("Exit Code:\t{}\n", t.map_or(0, |x| x.exit_code)),
            );
            if let Some(sig) = t.and_then(|x| x.signal).filter(|s| *s > 0) {
                w.line(3, &format!("Signal:\t{sig}\n"));
            }
            w.line(
                3,
                &format!(
                    "Started:\t{}\n",
                    rfc1123z(t.and_then(|x| x.started_at.as_ref()))
                ),
            );
            w.line(
                3,
                &format!(
                    "Finished:\t{}\n",
                    rfc1123z(t.and_then(|x| x.finished_at.as_ref()))
                ),
            );
        }
        _ => w.line(2, &format!("{name}:\tWaiting\n")),
    }
}

/// `describeContainers`: `space` is `"  "` inside a pod template.
fn containers(
    w: &mut W,
    label: &str,
    list: &[Container],
    statuses: &[ContainerStatus],
    space: &str,
) {
    let none = if list.is_empty() { " <none>" } else { "" };
    w.line(0, &format!("{space}{label}:{none}\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for c in list {
        let status = statuses.iter().find(|s| s.name == c.name);
        w.line(1, &format!("{name_indent}{}:\n", c.name));
        if let Some(s) = status {
            w.line(
                2,
                &format!(
                    "Container ID:\t{}\n",
                    s.container_id.as_deref().unwrap_or_default()
                ),
            );
        }
        w.line(
            2,
            &format!("Image:\t{}\n", c.image.as_deref().unwrap_or_default()),
        );
        if let Some(s) = status {
            w.line(2, &format!("Image ID:\t{}\n", s.image_id));
        }
        let p = ports(c, false);
        if p.contains(',') {
            w.line(2, &format!("Ports:\t{p}\n"));
        } else {
            w.line(2, &format!("Port:\t{}\n", or_none(p)));
        }
        let hp = ports(c, true);
        if hp.contains(',') {
            w.line(2, &format!("Host Ports:\t{hp}\n"));
        } else {
            w.line(2, &format!("Host Port:\t{}\n", or_none(hp)));
        }
        for (title, list) in [("Command", &c.command), ("Args", &c.args)] {
            if let Some(list) = list.as_deref().filter(|l| !l.is_empty()) {
                w.line(2, &format!("{title}:\n"));
                for item in list {
                    for s in item.split('\n') {
                        w.line(3, &format!("{s}\n"));
                    }
                }
            }
        }
        if let Some(s) = status {
            state(w, "State", s.state.as_ref());
            if s.last_state
                .as_ref()
                .is_some_and(|l| l.terminated.is_some())
            {
                state(w, "Last State", s.last_state.as_ref());
            }
            w.line(
                2,
                &format!("Ready:\t{}\n", if s.ready { "True" } else { "False" }),
            );
            w.line(2, &format!("Restart Count:\t{}\n", s.restart_count));
        }
        if let Some(r) = &c.resources {
            for (title, list) in [("Limits", &r.limits), ("Requests", &r.requests)] {
                if let Some(list) = list.as_ref().filter(|l| !l.is_empty()) {
                    w.line(2, &format!("{title}:\n"));
                    for (k, v) in sorted_resources(list) {
                        w.line(3, &format!("{k}:\t{}\n", v.0));
                    }
                }
            }
        }
        w.line(2, "Environment:");
        let env = c.env.as_deref().unwrap_or_default();
        if env.is_empty() {
            w.line(0, "\t<none>\n");
        } else {
            w.line(0, "\n");
            for e in env {
                let v = match (&e.value, &e.value_from) {
                    (Some(v), _) => v.clone(),
                    (None, Some(_)) => {
                        "<set from a source the playground does not show>".to_string()
                    }
                    _ => String::new(),
                };
                w.line(3, &format!("{}:\t{v}\n", e.name));
            }
        }
        let mounts = c.volume_mounts.as_deref().unwrap_or_default();
        if mounts.is_empty() {
            w.line(2, "Mounts:\t<none>\n");
        } else {
            w.line(2, "Mounts:\n");
            let mut sorted: Vec<_> = mounts.iter().collect();
            crate::sort::sort_by(&mut sorted, |a, b| a.mount_path.cmp(&b.mount_path));
            for m in sorted {
                let mut flags = Vec::new();
                flags.push(if m.read_only == Some(true) {
                    "ro"
                } else {
                    "rw"
                });
                let sub = m.sub_path.as_deref().filter(|s| !s.is_empty());
                let flag_text = match sub {
                    Some(s) => format!("path=\"{s}\",{}", flags.join(",")),
                    None => flags.join(","),
                };
                w.line(
                    3,
                    &format!("{} from {} ({flag_text})\n", m.mount_path, m.name),
                );
            }
        }
    }
}

/// Resources in kubectl's `SortedResourceNames` order (cpu, memory, then by name).
fn sorted_resources(
    list: &BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>,
) -> Vec<(
    &String,
    &k8s_openapi::apimachinery::pkg::api::resource::Quantity,
)> {
    let mut v: Vec<_> = list.iter().collect();
    let rank = |k: &str| match k {
        "cpu" => 0,
        "memory" => 1,
        _ => 2,
    };
    crate::sort::sort_by(&mut v, |a, b| (rank(a.0), a.0).cmp(&(rank(b.0), b.0)));
    v
}

fn volumes(w: &mut W, list: &[k8s_openapi::api::core::v1::Volume], space: &str) {
    if list.is_empty() {
        w.line(0, &format!("{space}Volumes:\t<none>\n"));
        return;
    }
    w.line(0, &format!("{space}Volumes:\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for v in list {
        w.line(1, &format!("{name_indent}{}:\n", v.name));
        if let Some(h) = &v.host_path {
            w.line(2, "Type:\tHostPath (bare host directory volume)\n");
            w.line(2, &format!("Path:\t{}\n", h.path));
            w.line(
                2,
                &format!(
                    "HostPathType:\t{}\n",
                    h.type_.as_deref().unwrap_or_default()
                ),
            );
        } else if let Some(e) = &v.empty_dir {
            w.line(
                2,
                "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n",
            );
            w.line(
                2,
                &format!("Medium:\t{}\n", e.medium.as_deref().unwrap_or_default()),
            );
            let limit = e
                .size_limit
                .as_ref()
                .map_or_else(|| "<unset>".to_string(), |q| q.0.clone());
            w.line(2, &format!("SizeLimit:\t{limit}\n"));
        } else if let Some(c) = &v.config_map {
            w.line(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n");
            w.line(2, &format!("Name:\t{}\n", c.name));
            w.line(2, &format!("Optional:\t{}\n", c.optional.unwrap_or(false)));
        } else if let Some(s) = &v.secret {
            w.line(2, "Type:\tSecret (a volume populated by a Secret)\n");
            w.line(
                2,
                &format!(
                    "SecretName:\t{}\n",
                    s.secret_name.as_deref().unwrap_or_default()
                ),
            );
            w.line(2, &format!("Optional:\t{}\n", s.optional.unwrap_or(false)));
        } else if v.projected.is_some() {
            w.line(
                2,
                "Type:\tProjected (a volume that contains injected data from multiple sources)\n",
            );
        } else {
            w.line(2, "<unknown>\n");
        }
    }
}

/// `DescribePodTemplate`, as `rollout history --revision=N` also prints it.
pub(crate) fn pod_template(t: &PodTemplateSpec) -> String {
    let mut w = W::default();
    template_into(&mut w, t);
    w.finish()
}

fn template_into(w: &mut W, t: &PodTemplateSpec) {
    w.line(0, "Pod Template:\n");
    let meta = t.metadata.as_ref();
    labels(w, "  Labels", meta.and_then(|m| m.labels.as_ref()));
    if let Some(a) = meta
        .and_then(|m| m.annotations.as_ref())
        .filter(|a| !a.is_empty())
    {
        annotations(w, "  Annotations", Some(a));
    }
    let spec = t.spec.clone().unwrap_or_default();
    if let Some(sa) = spec
        .service_account_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.line(1, &format!("Service Account:\t{sa}\n"));
    }
    if let Some(init) = spec.init_containers.as_deref().filter(|c| !c.is_empty()) {
        containers(w, "Init Containers", init, &[], "  ");
    }
    containers(w, "Containers", &spec.containers, &[], "  ");
    volumes(w, spec.volumes.as_deref().unwrap_or_default(), "  ");
    if let Some(pc) = spec
        .priority_class_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.line(1, &format!("Priority Class Name:\t{pc}\n"));
    }
    labels(w, "  Node-Selectors", spec.node_selector.as_ref());
    tolerations(
        w,
        "  Tolerations",
        spec.tolerations.as_deref().unwrap_or_default(),
    );
}

/// `DescribeEvents` of the events about one object, read from the simulation's event
/// lines ([`EventView`]: no `Event` is built for the thousands it keeps).
fn events(w: &mut W, sim: &Simulation, kind: &str, namespace: &str, name: &str) {
    let now = sim.now();
    let mut list: Vec<EventView> = sim.events_for(kind, namespace, name);
    if list.is_empty() {
        w.line(0, "Events:\t<none>\n");
        return;
    }
    w.flush();
    // `SortableEvents`: by last timestamp (whole seconds, as the API keeps it), in the
    // order the events were recorded when it is the same.
    let secs = |t: SimTime| t.as_millis() / 1000;
    crate::sort::sort_by(&mut list, |a, b| {
        (secs(a.last_seen), a.serial).cmp(&(secs(b.last_seen), b.serial))
    });
    let age_at = |t: SimTime| age(now, i64::try_from(secs(t).saturating_mul(1000)).ok());
    w.line(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w.line(1, "----\t------\t----\t----\t-------\n");
    for e in list {
        let first = age_at(e.first_seen);
        let interval = if e.count > 1 {
            format!("{} (x{} over {first})", age_at(e.last_seen), e.count)
        } else {
            first
        };
        w.line(
            1,
            &format!(
                "{}\t{}\t{interval}\t{}\t{}\n",
                e.type_,
                e.reason,
                e.source,
                e.message.trim()
            ),
        );
    }
}

/// `kubectl describe` of an object with no describer of its own here: its YAML.
pub(crate) fn other(x: &ListObject) -> String {
    crate::print::yaml::to_yaml(x).unwrap_or_default()
}

/// Whether the object's controller is the object with this uid.
pub(crate) fn controlled_by(
    meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
    uid: Option<&str>,
) -> bool {
    meta.owner_references
        .as_deref()
        .unwrap_or_default()
        .iter()
        .any(|r| r.controller == Some(true) && Some(r.uid.as_str()) == uid)
}

/// `describeDaemonSet`.
pub(crate) fn daemon_set(sim: &Simulation, d: &DaemonSet) -> String {
    let mut w = W::default();
    let name = d.metadata.name.as_deref().unwrap_or_default();
    let ns = d.metadata.namespace.as_deref().unwrap_or_default();
    let spec = d.spec.clone();
    let status = d.status.clone().unwrap_or_default();
    w.line(0, &format!("Name:\t{name}\n"));
    w.line(0, &format!("Namespace:\t{ns}\n"));
    w.line(
        0,
        &format!("Selector:\t{}\n", format_selector(&spec.selector)),
    );
    let node_selector = spec
        .template
        .spec
        .as_ref()
        .and_then(|s| s.node_selector.as_ref());
    w.line(
        0,
        &format!("Node-Selector:\t{}\n", format_labels(node_selector)),
    );
    labels(&mut w, "Labels", d.metadata.labels.as_ref());
    annotations(&mut w, "Annotations", d.metadata.annotations.as_ref());
    w.line(
        0,
        &format!(
            "Desired Number of Nodes Scheduled: {}\n",
            status.desired_number_scheduled
        ),
    );
    w.line(
        0,
        &format!(
            "Current Number of Nodes Scheduled: {}\n",
            status.current_number_scheduled
        ),
    );
    w.line(
        0,
        &format!(
            "Number of Nodes Scheduled with Up-to-date Pods: {}\n",
            status.updated_number_scheduled.unwrap_or(0)
        ),
    );
    w.line(
        0,
        &format!(
            "Number of Nodes Scheduled with Available Pods: {}\n",
            status.number_available.unwrap_or(0)
        ),
    );
    w.line(
        0,
        &format!(
            "Number of Nodes Misscheduled: {}\n",
            status.number_misscheduled
        ),
    );
    // getPodStatusForController: the pods the DaemonSet controls, by phase.
    let uid = d.metadata.uid.as_deref();
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    for p in sim.pod_refs() {
        if uid.is_none() || p.controller_uid() != uid {
            continue;
        }
        match p.phase() {
            "Running" => running += 1,
            "Pending" => waiting += 1,
            "Succeeded" => succeeded += 1,
            "Failed" => failed += 1,
            _ => {}
        }
    }
    w.line(0, &format!(
        "Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n"
    ));
    template_into(&mut w, &spec.template);
    events(&mut w, sim, "DaemonSet", ns, name);
    w.finish()
}

/// `describePod`.
pub(crate) fn pod(sim: &Simulation, p: &Pod) -> String {
    let mut w = W::default();
    let now = sim.now();
    let name = p.metadata.name.as_deref().unwrap_or_default();
    let ns = p.metadata.namespace.as_deref().unwrap_or_default();
    let spec = p.spec.clone().unwrap_or_default();
    let status = p.status.clone().unwrap_or_default();
    w.line(0, &format!("Name:\t{name}\n"));
    w.line(0, &format!("Namespace:\t{ns}\n"));
    if let Some(pr) = spec.priority {
        w.line(0, &format!("Priority:\t{pr}\n"));
    }
    if let Some(pc) = spec
        .priority_class_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.line(0, &format!("Priority Class Name:\t{pc}\n"));
    }
    if let Some(sa) = spec
        .service_account_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.line(0, &format!("Service Account:\t{sa}\n"));
    }
    match spec.node_name.as_deref().filter(|n| !n.is_empty()) {
        None => w.line(0, "Node:\t<none>\n"),
        Some(n) => w.line(
            0,
            &format!(
                "Node:\t{n}/{}\n",
                status.host_ip.as_deref().unwrap_or_default()
            ),
        ),
    }
    if let Some(t) = &status.start_time {
        w.line(0, &format!("Start Time:\t{}\n", rfc1123z(Some(t))));
    }
    labels(&mut w, "Labels", p.metadata.labels.as_ref());
    annotations(&mut w, "Annotations", p.metadata.annotations.as_ref());
    let phase = status.phase.as_deref().unwrap_or_default();
    match &p.metadata.deletion_timestamp {
        Some(t) if phase != "Failed" && phase != "Succeeded" => {
            w.line(
                0,
                &format!("Status:\tTerminating (lasts {})\n", age_of_time(now, t)),
            );
            w.line(
                0,
                &format!(
                    "Termination Grace Period:\t{}s\n",
                    p.metadata.deletion_grace_period_seconds.unwrap_or(0)
                ),
            );
        }
        _ => w.line(0, &format!("Status:\t{phase}\n")),
    }
    if let Some(r) = status.reason.as_deref().filter(|s| !s.is_empty()) {
        w.line(0, &format!("Reason:\t{r}\n"));
    }
    if let Some(m) = status.message.as_deref().filter(|s| !s.is_empty()) {
        w.line(0, &format!("Message:\t{m}\n"));
    }
    w.line(
        0,
        &format!("IP:\t{}\n", status.pod_ip.as_deref().unwrap_or_default()),
    );
    let ips = status.pod_ips.as_deref().unwrap_or_default();
    if ips.is_empty() {
        w.line(0, "IPs:\t<none>\n");
    } else {
        w.line(0, "IPs:\n");
        for ip in ips {
            w.line(1, &format!("IP:\t{}\n", ip.ip));
        }
    }
    if let Some(r) = p
        .metadata
        .owner_references
        .as_deref()
        .unwrap_or_default()
        .iter()
        .find(|r| r.controller == Some(true))
    {
        w.line(0, &format!("Controlled By:\t{}/{}\n", r.kind, r.name));
    }
    if let Some(n) = status
        .nominated_node_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.line(0, &format!("NominatedNodeName:\t{n}\n"));
    }
    if let Some(init) = spec.init_containers.as_deref().filter(|c| !c.is_empty()) {
        containers(
            &mut w,
            "Init Containers",
            init,
            status
                .init_container_statuses
                .as_deref()
                .unwrap_or_default(),
            "",
        );
    }
    containers(
        &mut w,
        "Containers",
        &spec.containers,
        status.container_statuses.as_deref().unwrap_or_default(),
        "",
    );
    let conditions = status.conditions.as_deref().unwrap_or_default();
    if !conditions.is_empty() {
        w.line(0, "Conditions:\n  Type\tStatus\n");
        for c in conditions {
            w.line(1, &format!("{} \t{} \n", c.type_, c.status));
        }
    }
    volumes(&mut w, spec.volumes.as_deref().unwrap_or_default(), "");
    // The kubelet's class (`qos.GetPodQOS`), as the pod's status holds it.
    w.line(
        0,
        &format!(
            "QoS Class:\t{}\n",
            status.qos_class.as_deref().unwrap_or_default()
        ),
    );
    labels(&mut w, "Node-Selectors", spec.node_selector.as_ref());
    tolerations(
        &mut w,
        "Tolerations",
        spec.tolerations.as_deref().unwrap_or_default(),
    );
    events(&mut w, sim, "Pod", ns, name);
    w.finish()
}

/// A quantity as `Quantity.String()` prints a sum of memory (binary suffixes when exact).
fn memory_text(bytes: i128) -> String {
    if bytes == 0 {
        return "0".to_string();
    }
    for (suffix, shift) in [
        ("Ei", 60),
        ("Pi", 50),
        ("Ti", 40),
        ("Gi", 30),
        ("Mi", 20),
        ("Ki", 10),
    ] {
        let unit: i128 = 1 << shift;
        if bytes % unit == 0 {
            return format!("{}{suffix}", bytes / unit);
        }
    }
    bytes.to_string()
}

/// A pod's requests and limits of `resource` (`resourcehelper.PodRequests`: the containers'
/// sum, at least the largest init container's), in milli-units.
fn pod_amount(spec: &PodSpec, resource: &str, limits: bool) -> i128 {
    let of = |c: &Container| {
        let r = c.resources.clone().unwrap_or_default();
        let m = if limits { r.limits } else { r.requests };
        m.and_then(|m| m.get(resource).and_then(|q| parse_milli(&q.0)))
            .unwrap_or(0)
    };
    let sum: i128 = spec.containers.iter().map(of).sum();
    let init = spec
        .init_containers
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(of)
        .max()
        .unwrap_or(0);
    sum.max(init)
}

/// `describeNode`.
pub(crate) fn node(sim: &Simulation, n: &Node) -> String {
    let mut w = W::default();
    let now = sim.now();
    let name = n.metadata.name.as_deref().unwrap_or_default();
    let spec = n.spec.clone().unwrap_or_default();
    let status = n.status.clone().unwrap_or_default();
    w.line(0, &format!("Name:\t{name}\n"));
    let roles = crate::print::get::node_roles(n);
    w.line(
        0,
        &format!(
            "Roles:\t{}\n",
            if roles.is_empty() {
                "<none>".to_string()
            } else {
                roles.join(",")
            }
        ),
    );
    labels(&mut w, "Labels", n.metadata.labels.as_ref());
    annotations(&mut w, "Annotations", n.metadata.annotations.as_ref());
    w.line(
        0,
        &format!(
            "CreationTimestamp:\t{}\n",
            rfc1123z(n.metadata.creation_timestamp.as_ref())
        ),
    );
    w.line(0, "Taints:\t");
    let mut taints = spec.taints.clone().unwrap_or_default();
    if taints.is_empty() {
        w.line(0, "<none>\n");
    } else {
        crate::sort::sort_by(&mut taints, |a, b| {
            format!("{},{}", a.effect, a.key).cmp(&format!("{},{}", b.effect, b.key))
        });
        for (i, t) in taints.iter().enumerate() {
            if i != 0 {
                w.line(0, "\t");
            }
            match t.value.as_deref().filter(|v| !v.is_empty()) {
                Some(v) => w.line(0, &format!("{}={v}:{}\n", t.key, t.effect)),
                None => w.line(0, &format!("{}:{}\n", t.key, t.effect)),
            }
        }
    }
    w.line(
        0,
        &format!("Unschedulable:\t{}\n", spec.unschedulable.unwrap_or(false)),
    );
    let conditions = status.conditions.clone().unwrap_or_default();
    if !conditions.is_empty() {
        w.line(
            0,
            "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
        );
        w.line(
            1,
            "----\t------\t-----------------\t------------------\t------\t-------\n",
        );
        for c in &conditions {
            w.line(
                1,
                &format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    c.type_,
                    c.status,
                    rfc1123z(c.last_heartbeat_time.as_ref()),
                    rfc1123z(c.last_transition_time.as_ref()),
                    c.reason.as_deref().unwrap_or_default(),
                    c.message.as_deref().unwrap_or_default()
                ),
            );
        }
    }
    w.line(0, "Addresses:\n");
    for a in status.addresses.as_deref().unwrap_or_default() {
        w.line(1, &format!("{}:\t{}\n", a.type_, a.address));
    }
    for (title, list) in [
        ("Capacity", &status.capacity),
        ("Allocatable", &status.allocatable),
    ] {
        if let Some(list) = list.as_ref().filter(|l| !l.is_empty()) {
            w.line(0, &format!("{title}:\n"));
            let mut keys: Vec<&String> = list.keys().collect();
            crate::sort::sort(&mut keys);
            for k in keys {
                if let Some(q) = list.get(k) {
                    w.line(0, &format!("  {k}:\t{}\n", q.0));
                }
            }
        }
    }
    let info = status.node_info.clone().unwrap_or_default();
    w.line(0, "System Info:\n");
    w.line(0, &format!("  Machine ID:\t{}\n", info.machine_id));
    w.line(0, &format!("  System UUID:\t{}\n", info.system_uuid));
    w.line(0, &format!("  Boot ID:\t{}\n", info.boot_id));
    w.line(0, &format!("  Kernel Version:\t{}\n", info.kernel_version));
    w.line(0, &format!("  OS Image:\t{}\n", info.os_image));
    w.line(
        0,
        &format!("  Operating System:\t{}\n", info.operating_system),
    );
    w.line(0, &format!("  Architecture:\t{}\n", info.architecture));
    w.line(
        0,
        &format!(
            "  Container Runtime Version:\t{}\n",
            info.container_runtime_version
        ),
    );
    w.line(
        0,
        &format!("  Kubelet Version:\t{}\n", info.kubelet_version),
    );
    if let Some(cidr) = spec.pod_cidr.as_deref().filter(|s| !s.is_empty()) {
        w.line(0, &format!("PodCIDR:\t{cidr}\n"));
    }
    if let Some(cidrs) = spec.pod_cidrs.as_ref().filter(|c| !c.is_empty()) {
        w.line(0, &format!("PodCIDRs:\t{}\n", cidrs.join(",")));
    }
    if let Some(p) = spec.provider_id.as_deref().filter(|s| !s.is_empty()) {
        w.line(0, &format!("ProviderID:\t{p}\n"));
    }
    // describeNodeResource: the node's non-terminated pods and what they ask for.
    let pods: Vec<PodRef<'_>> = sim
        .pod_refs()
        .into_iter()
        .filter(|p| p.node_name() == Some(name) && !matches!(p.phase(), "Succeeded" | "Failed"))
        .collect();
    let alloc = status
        .allocatable
        .clone()
        .filter(|a| !a.is_empty())
        .or(status.capacity.clone())
        .unwrap_or_default();
    let alloc_milli = |k: &str| alloc.get(k).and_then(|q| parse_milli(&q.0)).unwrap_or(0);
    let alloc_cpu = alloc_milli("cpu");
    let alloc_mem = alloc
        .get("memory")
        .and_then(|q| parse_value(&q.0))
        .unwrap_or(0);
    let alloc_eph = alloc
        .get("ephemeral-storage")
        .and_then(|q| parse_value(&q.0))
        .unwrap_or(0);
    let pct = |part: i128, whole: i128| if whole == 0 { 0 } else { part * 100 / whole };
    w.line(
        0,
        &format!("Non-terminated Pods:\t({} in total)\n", pods.len()),
    );
    w.line(
        1,
        "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    w.line(
        1,
        "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let (mut cpu_r, mut cpu_l, mut mem_r, mut mem_l, mut eph_r, mut eph_l) = (0, 0, 0, 0, 0, 0);
    for p in &pods {
        let spec = p.template_spec();
        let (cr, cl) = (
            pod_amount(spec, "cpu", false),
            pod_amount(spec, "cpu", true),
        );
        let (mr, ml) = (
            pod_amount(spec, "memory", false) / 1000,
            pod_amount(spec, "memory", true) / 1000,
        );
        cpu_r += cr;
        cpu_l += cl;
        mem_r += mr;
        mem_l += ml;
        eph_r += pod_amount(spec, "ephemeral-storage", false) / 1000;
        eph_l += pod_amount(spec, "ephemeral-storage", true) / 1000;
        let created = age(now, p.created_ms());
        w.line(
            1,
            &format!(
                "{}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{created}\n",
                p.namespace(),
                p.name(),
                format_milli(cr),
                pct(cr, alloc_cpu),
                format_milli(cl),
                pct(cl, alloc_cpu),
                memory_text(mr),
                pct(mr, alloc_mem),
                memory_text(ml),
                pct(ml, alloc_mem),
            ),
        );
    }
    w.line(
        0,
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    w.line(1, "Resource\tRequests\tLimits\n");
    w.line(1, "--------\t--------\t------\n");
    w.line(
        1,
        &format!(
            "cpu\t{} ({}%)\t{} ({}%)\n",
            format_milli(cpu_r),
            pct(cpu_r, alloc_cpu),
            format_milli(cpu_l),
            pct(cpu_l, alloc_cpu)
        ),
    );
    w.line(
        1,
        &format!(
            "memory\t{} ({}%)\t{} ({}%)\n",
            memory_text(mem_r),
            pct(mem_r, alloc_mem),
            memory_text(mem_l),
            pct(mem_l, alloc_mem)
        ),
    );
    w.line(
        1,
        &format!(
            "ephemeral-storage\t{} ({}%)\t{} ({}%)\n",
            memory_text(eph_r),
            pct(eph_r, alloc_eph),
            memory_text(eph_l),
            pct(eph_l, alloc_eph)
        ),
    );
    let mut ext: Vec<&String> = alloc
        .keys()
        .filter(|k| {
            !matches!(
                k.as_str(),
                "cpu" | "memory" | "ephemeral-storage" | "pods" | "storage"
            ) && !k.starts_with("hugepages-")
        })
        .collect();
    crate::sort::sort(&mut ext);
    for k in ext {
        let r = pod_sum(&pods, k, false);
        let l = pod_sum(&pods, k, true);
        w.line(1, &format!("{k}\t{r}\t{l}\n"));
    }
    events(&mut w, sim, "Node", "", name);
    w.finish()
}

fn pod_sum(pods: &[PodRef<'_>], resource: &str, limits: bool) -> String {
    let total: i128 = pods
        .iter()
        .map(|p| pod_amount(p.template_spec(), resource, limits))
        .sum();
    format_milli(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabwriter_blocks_are_gos() {
        // A line without a tab ends a column block; the last cell is never padded.
        let text =
            "Name:\tx\nNamespace:\tdefault\nPod Template:\n  Labels:\tapp=x\nEvents:\t<none>\n";
        assert_eq!(
            tabbed(text, 0, 2),
            "Name:       x\nNamespace:  default\nPod Template:\n  Labels:  app=x\nEvents:    <none>\n"
        );
        // An empty cell still takes the padding.
        assert_eq!(
            tabbed("a\tb\t\tc\nlong\tx\t\ty\n", 0, 2),
            "a     b    c\nlong  x    y\n"
        );
    }

    #[test]
    fn memory_sums_as_quantity_prints_them() {
        assert_eq!(memory_text(0), "0");
        assert_eq!(memory_text(200 * 1024 * 1024), "200Mi");
        assert_eq!(memory_text(3 * 1024 * 1024 * 1024), "3Gi");
        assert_eq!(memory_text(1000), "1000");
    }
}
