//! One node card: name, role, key labels, taints, badges, usage bars and its pods.

use crate::components::chip_list::{ChipList, ChipSpec};
use crate::components::pod_chip::{class_list, PALETTE};
use crate::state::{Selection, Shared};
use dsplay_core::print::short_memory;
use dsplay_core::view::NodeView;
use std::collections::BTreeMap;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

/// Labels worth showing on a card (the rest are in the details panel).
const KEY_LABELS: &[&str] = &[
    "kubernetes.io/os",
    "nvidia.com/gpu.present",
    "node.kubernetes.io/instance-type",
    "topology.kubernetes.io/zone",
];

/// Props of [`NodeCard`].
#[derive(Properties, PartialEq)]
pub struct NodeCardProps {
    /// The node.
    pub node: Shared<NodeView>,
    /// DaemonSet name → colour index.
    pub colors: Shared<BTreeMap<String, u32>>,
    /// The node is shown in the details panel.
    #[prop_or_default]
    pub selected: bool,
    /// The selected pod, when it is on this node.
    #[prop_or_default]
    pub selected_pod: Option<AttrValue>,
    /// Small card (large clusters).
    #[prop_or_default]
    pub compact: bool,
    /// A node or pod was clicked.
    pub on_select: Callback<Selection>,
}

/// A node card: `data-node`, accessible name starting with the node's name.
#[component]
pub fn NodeCard(props: &NodeCardProps) -> Html {
    let node = &*props.node;
    // The chips are kept by hand (see `chip_list`): the card's `.pods` element is made
    // once and brought up to date as the card renders.
    let chips = use_mut_ref(ChipList::default);
    let pods = chips.borrow_mut().render(
        node.pods.iter().map(|pod| ChipSpec {
            pod,
            color: pod
                .daemon_set
                .as_ref()
                .and_then(|d| props.colors.get(d).copied())
                .unwrap_or(PALETTE - 1),
            selected: props.selected_pod.as_deref() == Some(pod.name.as_str()),
        }),
        props.compact,
    );

    // One click handler per card (stable across renders: a new handler on every render would
    // be registered again): a click on a pod chip selects the pod (the chip's place among the
    // card's chips is its place in `node.pods`), any other click the node.
    let current = use_mut_ref(|| props.node.clone());
    *current.borrow_mut() = props.node.clone();
    let onclick = use_callback(
        props.on_select.clone(),
        // The same `current` at every render (a hook's), so capturing it is enough.
        move |e: MouseEvent, cb| {
            let node = current.borrow().clone();
            let chip = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest("[data-pod]").ok().flatten());
            let Some(chip) = chip else {
                cb.emit(Selection::Node(node.name.clone()));
                return;
            };
            let index = chip.parent_element().map(|list| {
                let mut i = 0;
                let mut at = list.first_element_child();
                while let Some(el) = at {
                    if el == chip {
                        break;
                    }
                    if el.has_attribute("data-pod") {
                        i += 1;
                    }
                    at = el.next_element_sibling();
                }
                i
            });
            if let Some(p) = index.and_then(|i| node.pods.get(i)) {
                cb.emit(Selection::Pod {
                    namespace: p.namespace.clone(),
                    name: p.name.clone(),
                });
            }
        },
    );
    let onkeydown = use_callback(
        (props.on_select.clone(), node.name.clone()),
        |e: KeyboardEvent, (cb, name)| {
            // The card itself, not a pod chip in it (Yew delegates events, so the current
            // target is not the card: its `data-node` names it).
            let is_self = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.get_attribute("data-node"))
                .is_some_and(|n| n == *name);
            if is_self && (e.key() == "Enter" || e.key() == " ") {
                e.prevent_default();
                cb.emit(Selection::Node(name.clone()));
            }
        },
    );

    let mut status = vec![if node.ready { "Ready" } else { "NotReady" }.to_string()];
    if node.lost {
        status.push("Lost".to_string());
    }
    if node.unschedulable {
        status.push("SchedulingDisabled".to_string());
    }
    let label = format!(
        "{}, {}, {}, {} pod{}",
        node.name,
        node.role,
        status.join(","),
        node.pods.len(),
        if node.pods.len() == 1 { "" } else { "s" }
    );
    let class = class_list(&[
        Some("node"),
        (!node.ready).then_some("not-ready"),
        node.lost.then_some("lost"),
        node.unschedulable.then_some("cordoned"),
        (node.role == "control-plane").then_some("control-plane"),
        props.selected.then_some("selected"),
        props.compact.then_some("compact"),
    ]);
    // Compact cards show no labels.
    let key_labels: Vec<String> = KEY_LABELS
        .iter()
        .filter(|_| !props.compact)
        .filter_map(|k| node.labels.get(*k).map(|v| format!("{k}={v}")))
        .collect();

    html! {
        <article {class} data-node={node.name.clone()} aria-label={label} tabindex="0"
            {onclick} {onkeydown}>
            <header class="node-head">
                <span class="node-name">{ &node.name }</span>
                if !props.compact {
                    <span class={classes!("role", format!("role-{}", node.role))}>{ &node.role }</span>
                }
                if node.lost {
                    <span class="badge warn lost" data-node-state="lost" title="Lost: the kubelet stopped posting node status (conditions Unknown after the node monitor grace period)">{ "Lost" }</span>
                } else if !node.ready {
                    <span class="badge warn" data-node-state="not-ready" title="Ready condition is False">{ "NotReady" }</span>
                }
                if node.unschedulable {
                    <span class="badge muted" title="Cordoned: spec.unschedulable">{ "Cordoned" }</span>
                }
                if props.compact && !node.taints.is_empty() {
                    <span class="badge taint-count" title={node.taints.iter().map(|t| t.to_string()).collect::<Vec<_>>().join("\n")}>
                        { format!("{}T", node.taints.len()) }
                    </span>
                }
            </header>
            if !props.compact {
                if !key_labels.is_empty() {
                    <div class="labels">
                        for l in key_labels.iter() {
                            <span class="label-chip">{ l }</span>
                        }
                    </div>
                }
                if !node.taints.is_empty() {
                    <div class="taints">
                        for t in node.taints.iter() {
                            <span class={classes!("taint", format!("eff-{}", t.effect))}>{ t.to_string() }</span>
                        }
                    </div>
                }
                <div class="bars">
                    { bar("cpu", node.cpu_requested_milli, node.cpu_allocatable_milli, format!("{}m / {}m", node.cpu_requested_milli, node.cpu_allocatable_milli)) }
                    { bar("mem", node.memory_requested_bytes, node.memory_allocatable_bytes, format!("{} / {}", short_memory(node.memory_requested_bytes), short_memory(node.memory_allocatable_bytes))) }
                    { bar("pods", node.pod_count, node.pod_allocatable, format!("{} / {}", node.pod_count, node.pod_allocatable)) }
                </div>
            }
            { pods.map_or_else(|| html! { <div class="pods"></div> }, |el| Html::VRef(el.into())) }
        </article>
    }
}

fn bar(name: &'static str, used: i64, total: i64, text: String) -> Html {
    let pct = if total > 0 {
        (used.max(0) as f64 / total as f64 * 100.0).min(100.0)
    } else {
        0.0
    };
    html! {
        <div class="bar" title={format!("{name}: {text}")}>
            <span class="bar-name">{ name }</span>
            <span class="bar-track"><span class={classes!("bar-fill", (pct >= 90.0).then_some("full"))} style={format!("width:{pct:.1}%")}></span></span>
            <span class="bar-text">{ text }</span>
        </div>
    }
}
