//! What the JavaScript API returns: plain JSON (serde_json's text of small borrowed structs,
//! then `JSON.parse`: the page already links both).

use crate::state::AppState;
use dsplay_core::location::LocatedError;
use dsplay_core::sim::ApplyReport;
use dsplay_core::view::PodView;
use serde::Serialize;
use std::collections::BTreeMap;
use wasm_bindgen::JsValue;

/// `value` as a JavaScript value.
fn to_js<T: Serialize>(value: &T) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

#[derive(Serialize)]
struct Located<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    object: Option<String>,
    field: Option<&'a str>,
    message: &'a str,
    text: String,
}

impl<'a> Located<'a> {
    fn of(e: &'a LocatedError) -> Self {
        Located {
            file: &e.location.file,
            line: e.location.line,
            column: e.location.column,
            object: e.object.as_ref().map(ToString::to_string),
            field: e.field.as_deref(),
            message: &e.message,
            text: e.to_string(),
        }
    }
}

#[derive(Serialize)]
struct Applied<'a> {
    ok: bool,
    lines: Vec<&'a str>,
    errors: Vec<Located<'a>>,
    warnings: Vec<Located<'a>>,
}

/// `apply`'s result: kubectl's lines, then the located errors and warnings.
pub fn apply_result(report: &ApplyReport) -> JsValue {
    to_js(&Applied {
        ok: report.errors.is_empty(),
        lines: report
            .applied
            .iter()
            .map(|a| a.line.as_str())
            .chain(report.not_simulated.iter().map(String::as_str))
            .collect(),
        errors: report.errors.iter().map(Located::of).collect(),
        warnings: report.warnings.iter().map(Located::of).collect(),
    })
}

#[derive(Serialize)]
struct Refused<'a> {
    ok: bool,
    message: &'a str,
}

/// The `error` event's detail for a refused operation.
pub fn message(message: &str) -> JsValue {
    to_js(&Refused { ok: false, message })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Change {
    time_ms: u64,
}

/// The `change` event's detail.
pub fn change(state: &AppState) -> JsValue {
    to_js(&Change {
        time_ms: state.view.now.0,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Pod<'a> {
    name: &'a str,
    namespace: &'a str,
    daemon_set: Option<&'a str>,
    phase: &'static str,
    ready: bool,
}

fn pods(pods: &[PodView]) -> Vec<Pod<'_>> {
    pods.iter()
        .map(|p| Pod {
            name: &p.name,
            namespace: &p.namespace,
            daemon_set: p.daemon_set.as_deref(),
            phase: p.phase.as_str(),
            ready: p.ready,
        })
        .collect()
}

#[derive(Serialize)]
struct Node<'a> {
    name: &'a str,
    role: &'a str,
    ready: bool,
    unschedulable: bool,
    labels: &'a BTreeMap<String, String>,
    taints: Vec<String>,
    pods: Vec<Pod<'a>>,
}

/// One row of `kubectl get ds`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DaemonSet<'a> {
    namespace: &'a str,
    name: &'a str,
    desired: i32,
    current: i32,
    ready: i32,
    up_to_date: i32,
    available: i32,
    node_selector: &'a str,
    age: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct State<'a> {
    time_ms: u64,
    seed: u64,
    nodes: Vec<Node<'a>>,
    daemon_sets: Vec<DaemonSet<'a>>,
    unplaced_pods: Vec<Pod<'a>>,
}

/// `state()`: the time, the nodes with their pods, each DaemonSet's `kubectl get ds` row.
pub fn state(state: &AppState) -> JsValue {
    let view = &state.view;
    let now = view.now;
    to_js(&State {
        time_ms: now.0,
        seed: state.seed(),
        nodes: view
            .nodes
            .iter()
            .map(|n| Node {
                name: &n.name,
                role: &n.role,
                ready: n.ready,
                unschedulable: n.unschedulable,
                labels: &n.labels,
                taints: n.taints.iter().map(ToString::to_string).collect(),
                pods: pods(&n.pods),
            })
            .collect(),
        daemon_sets: view
            .daemon_sets
            .iter()
            .map(|d| DaemonSet {
                namespace: &d.namespace,
                name: &d.name,
                desired: d.desired,
                current: d.current,
                ready: d.ready,
                up_to_date: d.up_to_date,
                available: d.available,
                node_selector: &d.node_selector,
                age: now.age_since(d.created),
            })
            .collect(),
        unplaced_pods: pods(&view.unplaced_pods),
    })
}
