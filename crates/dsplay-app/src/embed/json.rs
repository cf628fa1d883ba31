//! What the JavaScript API returns, as plain JSON values (`JSON.parse` of serde_json's
//! text: the page already links both).

use crate::state::AppState;
use dsplay_core::location::LocatedError;
use dsplay_core::sim::ApplyReport;
use dsplay_core::view::PodView;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;

/// `value` as a JavaScript value.
pub fn to_js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

fn located(e: &LocatedError) -> Value {
    json!({
        "file": e.location.file,
        "line": e.location.line,
        "column": e.location.column,
        "object": e.object.as_ref().map(ToString::to_string),
        "field": e.field,
        "message": e.message,
        "text": e.to_string(),
    })
}

/// `apply`'s result: kubectl's lines, then the located errors and warnings.
pub fn apply_result(report: &ApplyReport) -> JsValue {
    let lines: Vec<&str> = report
        .applied
        .iter()
        .map(|a| a.line.as_str())
        .chain(report.not_simulated.iter().map(String::as_str))
        .collect();
    to_js(&json!({
        "ok": report.errors.is_empty(),
        "lines": lines,
        "errors": report.errors.iter().map(located).collect::<Vec<_>>(),
        "warnings": report.warnings.iter().map(located).collect::<Vec<_>>(),
    }))
}

/// The `error` event's detail for a refused operation.
pub fn message(message: &str) -> JsValue {
    to_js(&json!({ "ok": false, "message": message }))
}

/// The `change` event's detail.
pub fn change(state: &AppState) -> JsValue {
    to_js(&json!({ "timeMs": state.view.now.0 }))
}

fn pod(p: &PodView) -> Value {
    json!({
        "name": p.name,
        "namespace": p.namespace,
        "daemonSet": p.daemon_set,
        "phase": p.phase.as_str(),
        "ready": p.ready,
    })
}

/// `state()`: the time, the nodes with their pods, each DaemonSet's `kubectl get ds` row.
pub fn state(state: &AppState) -> JsValue {
    let view = &state.view;
    let now = view.now;
    let nodes: Vec<Value> = view
        .nodes
        .iter()
        .map(|n| {
            json!({
                "name": n.name,
                "role": n.role,
                "ready": n.ready,
                "unschedulable": n.unschedulable,
                "labels": n.labels,
                "taints": n.taints.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "pods": n.pods.iter().map(pod).collect::<Vec<_>>(),
            })
        })
        .collect();
    let daemon_sets: Vec<Value> = view
        .daemon_sets
        .iter()
        .map(|d| {
            json!({
                "namespace": d.namespace,
                "name": d.name,
                "desired": d.desired,
                "current": d.current,
                "ready": d.ready,
                "upToDate": d.up_to_date,
                "available": d.available,
                "nodeSelector": d.node_selector,
                "age": now.age_since(d.created),
            })
        })
        .collect();
    to_js(&json!({
        "timeMs": now.0,
        "seed": state.seed(),
        "nodes": nodes,
        "daemonSets": daemon_sets,
        "unplacedPods": view.unplaced_pods.iter().map(pod).collect::<Vec<_>>(),
    }))
}
