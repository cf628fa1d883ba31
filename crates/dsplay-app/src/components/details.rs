//! The details panel: for a node or a pod, why each DaemonSet's pod is or is not there,
//! the node's controls, the object's YAML (and the pod's DaemonSet's), as
//! `kubectl get KIND NAME -o yaml` prints it, and their events.
//!
//! The YAML is in the full build only (the light build's size: docs/performance.md). In the
//! light page a "Show YAML" button stands in its place and hands over to the full build with
//! the selection (`upgrade::Handover::yaml`), which opens the same panel with the YAML shown
//! and focused; an embed, which has no full build to go to, says where the YAML is
//! ([`YamlPlace`]). Hooks: `data-details-yaml` = `show` on the button (`loading` while the full
//! build loads), `embed` on an embed's note, `shown` on each YAML block.

use crate::components::pod_chip::{pod_chip, PALETTE};
use crate::state::{Selection, Shared};
use dsplay_core::clock::SimTime;
use dsplay_core::sim::{Input, NodeOp, ObjectKind, TaintEffect};
use dsplay_core::view::{EventView, NodeView, PairExplanation, PodView};
use std::collections::BTreeMap;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Where the details panel is, for its YAML.
#[derive(Clone, PartialEq)]
pub enum YamlPlace {
    /// The page: the light build's "Show YAML" hands over to the full build, which shows it.
    Page {
        /// Hands over to the full build with the selection and the YAML asked for.
        on_show: Callback<()>,
        /// The full build did not load (the last time it was asked for): the button is
        /// offered again.
        failed: bool,
        /// Full build: the object whose YAML was asked for in the light build.
        asked: Option<Selection>,
    },
    /// An embed: no full build to go to; a note says where the YAML is.
    Embed,
}

/// Props of [`Details`].
#[derive(Properties, PartialEq)]
pub struct DetailsProps {
    /// What to show.
    pub selection: Selection,
    /// The node (for a node selection, or the pod's node).
    pub node: Option<Shared<NodeView>>,
    /// The pod (for a pod selection).
    pub pod: Option<PodView>,
    /// The explanations that concern this node / pod.
    pub explanations: Vec<PairExplanation>,
    /// The node or the pod as YAML.
    pub yaml: Option<AttrValue>,
    /// For a pod: its DaemonSet as YAML.
    pub daemon_set_yaml: Option<AttrValue>,
    /// Where the panel is (what stands in for the YAML in the light build).
    pub yaml_place: YamlPlace,
    /// The YAML was asked for in the light build ("Show YAML"): shown open and focused.
    #[prop_or_default]
    pub yaml_asked: bool,
    /// Events about the node or pod, newest first.
    pub events: Vec<EventView>,
    /// Simulated now.
    pub now: SimTime,
    /// DaemonSet name → colour index.
    pub colors: Shared<BTreeMap<String, u32>>,
    /// Run an input (node operations, fail/delete pod).
    pub on_input: Callback<Input>,
    /// Select something else (a pod on the node).
    pub on_select: Callback<Selection>,
    /// Close the panel.
    pub on_close: Callback<()>,
}

/// The details panel.
#[component]
pub fn Details(props: &DetailsProps) -> Html {
    let onclose = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let body = match &props.selection {
        Selection::Node(name) => match &props.node {
            Some(node) => node_details(props, node),
            None => {
                html! { <p class="empty">{ format!("Error from server (NotFound): nodes \"{name}\" not found") }</p> }
            }
        },
        Selection::Pod { namespace, name } => match &props.pod {
            Some(pod) => pod_details(props, pod),
            None => {
                html! { <p class="empty">{ format!("Error from server (NotFound): pods \"{name}\" not found in namespace \"{namespace}\"") }</p> }
            }
        },
    };
    // The YAML asked for in the light build: focused (and so scrolled into view) once shown
    // (full build).
    use_effect_with(props.yaml_asked, |&asked| {
        use wasm_bindgen::JsCast;
        let shown = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(".details .yaml-view").ok().flatten());
        if let Some(el) = shown.filter(|_| asked) {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
    let title = match &props.selection {
        Selection::Node(n) => format!("node/{n}"),
        Selection::Pod { name, .. } => format!("pod/{name}"),
    };
    html! {
        <aside class="panel details" aria-labelledby="details-title">
            <div class="panel-head">
                <h2 id="details-title">{ title }</h2>
                <button type="button" class="ghost small" onclick={onclose} aria-label="Close details">{ "Close" }</button>
            </div>
            { body }
            <h3>{ "Events" }</h3>
            if props.events.is_empty() {
                <p class="empty">{ "No events." }</p>
            } else {
                <ul class="mini-events">
                    for e in props.events.iter().take(30) {
                        <li key={e.serial} class={classes!((e.type_ == "Warning").then_some("warning"))}>
                            <span class="ev-age">{ props.now.age_since(e.last_seen) }</span>
                            <span class="ev-reason">{ &e.reason }</span>
                            <span class="ev-obj">{ &e.object }</span>
                            <span class="ev-msg">{ &e.message }</span>
                        </li>
                    }
                </ul>
            }
        </aside>
    }
}

fn explanation_list(props: &DetailsProps, node_view: bool) -> Html {
    if props.explanations.is_empty() {
        return html! { <p class="empty">{ "No DaemonSets yet: apply one from the editor." }</p> };
    }
    html! {
        <ul class="why">
            for x in props.explanations.iter() {
                <li class={classes!("why-item", if x.explanation.should_run { "yes" } else { "no" })}>
                    <div class="why-head">
                        <span class={classes!("swatch", format!("ds-c{}", props.colors.get(&x.daemon_set).copied().unwrap_or(0) % PALETTE))}></span>
                        <b>{ if node_view { x.daemon_set.clone() } else { format!("{} on {}", x.daemon_set, x.node) } }</b>
                        <span class={classes!("verdict", if x.explanation.should_run { "yes" } else { "no" })}>
                            { verdict(x) }
                        </span>
                    </div>
                    <p class="why-summary">{ &x.explanation.summary }</p>
                    if !x.pod_summary.is_empty() {
                        <p class="why-pod">{ &x.pod_summary }</p>
                    }
                    if !x.explanation.checks.is_empty() {
                        <ul class="checks">
                            for c in x.explanation.checks.iter() {
                                <li class={if c.passed { "pass" } else { "fail" }}>
                                    <span class="mark" aria-label={if c.passed { "passed" } else { "failed" }}>{ if c.passed { "✓" } else { "✗" } }</span>
                                    <span class="check-name">{ &c.name }</span>
                                    <span class="check-detail">{ &c.detail }</span>
                                </li>
                            }
                        </ul>
                    }
                </li>
            }
        </ul>
    }
}

fn verdict(x: &PairExplanation) -> &'static str {
    match (
        x.explanation.should_run,
        x.explanation.should_continue_running,
    ) {
        (true, _) => "should run",
        (false, true) => "no new pod (existing may stay)",
        (false, false) => "should not run",
    }
}

fn node_details(props: &DetailsProps, node: &NodeView) -> Html {
    let name = node.name.clone();
    let op = |make: fn(String) -> NodeOp| {
        let cb = props.on_input.clone();
        let name = name.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Input::Node(make(name.clone()))))
    };
    let cordon = if node.unschedulable {
        html! { <button type="button" onclick={op(|name| NodeOp::Uncordon { name })}>{ "Uncordon" }</button> }
    } else {
        html! { <button type="button" onclick={op(|name| NodeOp::Cordon { name })}>{ "Cordon" }</button> }
    };
    // NotReady (the kubelet says not ready) and Lost (the kubelet stops posting); Ready
    // brings either back.
    let ready = if node.ready && !node.lost {
        html! { <>
            <button type="button" onclick={op(|name| NodeOp::SetReady { name, ready: false })}>{ "Mark NotReady" }</button>
            <button type="button" title="The kubelet stops posting status: Unknown after the 50 s node monitor grace period" onclick={op(|name| NodeOp::Lose { name })}>{ "Lose" }</button>
        </> }
    } else {
        html! { <button type="button" onclick={op(|name| NodeOp::SetReady { name, ready: true })}>{ "Mark Ready" }</button> }
    };
    let color_of = |p: &PodView| {
        p.daemon_set
            .as_ref()
            .and_then(|d| props.colors.get(d).copied())
            .unwrap_or(PALETTE - 1)
    };
    html! {
        <>
            <div class="node-summary">
                <span class={classes!("role", format!("role-{}", node.role))}>{ &node.role }</span>
                <span class={classes!("badge", if node.ready { "ok" } else { "warn" })}>{ if node.ready { "Ready" } else { "NotReady" } }</span>
                if node.lost { <span class="badge warn">{ "Lost" }</span> }
                if node.unschedulable { <span class="badge muted">{ "SchedulingDisabled" }</span> }
            </div>
            <div class="actions" role="group" aria-label="Node actions">
                { cordon }
                { ready }
                <button type="button" class="danger" onclick={op(|name| NodeOp::Remove { name })}>{ "Remove" }</button>
            </div>
            <h3>{ "Why (per DaemonSet)" }</h3>
            { explanation_list(props, true) }
            <h3>{ "Pods" }</h3>
            if node.pods.is_empty() {
                <p class="empty">{ "No pods on this node." }</p>
            } else {
                <div class="pods">
                    for p in node.pods.iter() {
                        { pod_chip(p, color_of(p), false, false, Some(&props.on_select)) }
                    }
                </div>
            }
            <TaintEditor node={name.clone()} taints={node.taints.iter().map(|t| (t.key.clone(), t.value.clone(), t.effect.clone())).collect::<Vec<_>>()} on_input={props.on_input.clone()} />
            <LabelEditor node={name} labels={node.labels.clone()} on_input={props.on_input.clone()} />
            { yaml_view(props, "YAML", props.yaml.as_ref(), props.yaml_asked) }
        </>
    }
}

fn pod_details(props: &DetailsProps, pod: &PodView) -> Html {
    let fail = {
        let cb = props.on_input.clone();
        let (namespace, name) = (pod.namespace.clone(), pod.name.clone());
        Callback::from(move |_: MouseEvent| {
            cb.emit(Input::FailPod {
                namespace: namespace.clone(),
                name: name.clone(),
            })
        })
    };
    let delete = {
        let cb = props.on_input.clone();
        let (namespace, name) = (pod.namespace.clone(), pod.name.clone());
        Callback::from(move |_: MouseEvent| {
            cb.emit(Input::Delete {
                kind: ObjectKind::Pod,
                namespace: namespace.clone(),
                name: name.clone(),
            })
        })
    };
    let node = pod.node_name.clone().or_else(|| pod.target_node.clone());
    html! {
        <>
            <dl class="facts">
                <dt>{ "Status" }</dt><dd><span class={classes!("phase-badge", format!("phase-{}", pod.phase.as_str()))}>{ pod.phase.as_str() }</span></dd>
                <dt>{ "DaemonSet" }</dt><dd>{ pod.daemon_set.clone().unwrap_or_else(|| "<none>".into()) }</dd>
                <dt>{ "Node" }</dt><dd>
                    if let Some(n) = node.clone() {
                        <button type="button" class="linkish" onclick={ let cb = props.on_select.clone(); let n2 = n.clone(); Callback::from(move |_: MouseEvent| cb.emit(Selection::Node(n2.clone()))) }>{ n }</button>
                        if pod.node_name.is_none() { { " (target, not yet bound)" } }
                    } else { { "<none>" } }
                </dd>
                <dt>{ "Namespace" }</dt><dd>{ &pod.namespace }</dd>
                <dt>{ "IP" }</dt><dd>{ pod.pod_ip.clone().unwrap_or_else(|| "<none>".into()) }</dd>
                <dt>{ "Restarts" }</dt><dd>{ pod.restarts }</dd>
                <dt>{ "Revision" }</dt><dd>{ pod.revision_hash.clone().unwrap_or_default() }{ if pod.updated { " (current)" } else { " (old)" } }</dd>
            </dl>
            if let Some(msg) = &pod.message {
                <div class="callout warning" role="note">
                    <b>{ "FailedScheduling: " }</b>{ msg }
                </div>
            }
            <div class="actions" role="group" aria-label="Pod actions">
                <button type="button" onclick={fail} title="The pod's containers crash (phase Failed); the controller replaces it">{ "Fail pod" }</button>
                <button type="button" class="danger" onclick={delete}>{ "Delete pod" }</button>
            </div>
            <h3>{ "Why" }</h3>
            { explanation_list(props, false) }
            { yaml_view(props, "YAML", props.yaml.as_ref(), true) }
            if crate::upgrade::FULL {
                { yaml_view(props, "DaemonSet YAML", props.daemon_set_yaml.as_ref(), false) }
            }
        </>
    }
}

/// A collapsible YAML block (full build; nothing when there is no YAML).
#[cfg(feature = "full")]
fn yaml_view(
    _props: &DetailsProps,
    title: &'static str,
    yaml: Option<&AttrValue>,
    open: bool,
) -> Html {
    let Some(yaml) = yaml else {
        return Html::default();
    };
    html! {
        <details class="yaml" {open} data-details-yaml="shown">
            <summary>{ title }</summary>
            // Focusable, so a keyboard can scroll it.
            <pre class="yaml-view" tabindex="0" role="region" aria-label={title}>{ yaml.clone() }</pre>
        </details>
    }
}

/// The light build: what stands in for the YAML (the page's "Show YAML", an embed's note).
#[cfg(not(feature = "full"))]
fn yaml_view(
    props: &DetailsProps,
    _title: &'static str,
    _yaml: Option<&AttrValue>,
    _open: bool,
) -> Html {
    match &props.yaml_place {
        YamlPlace::Page {
            on_show, failed, ..
        } => html! {
            <ShowYaml on_show={on_show.clone()} failed={*failed} />
        },
        YamlPlace::Embed => html! {
            <p class="empty" data-details-yaml="embed">
                { "The YAML (kubectl get -o yaml) is in the DaemonSet Playground page, not in this embed." }
            </p>
        },
    }
}

/// Props of [`ShowYaml`].
#[cfg(not(feature = "full"))]
#[derive(Properties, PartialEq)]
struct ShowYamlProps {
    on_show: Callback<()>,
    failed: bool,
}

/// "Show YAML" (light page): hands over to the full build, saying so while it loads.
#[cfg(not(feature = "full"))]
#[component]
fn ShowYaml(props: &ShowYamlProps) -> Html {
    let pressed = use_state(|| false);
    let loading = *pressed && !props.failed;
    let onclick = {
        let (pressed, on_show) = (pressed.clone(), props.on_show.clone());
        Callback::from(move |_: MouseEvent| {
            pressed.set(true);
            on_show.emit(());
        })
    };
    html! {
        <p class="show-yaml">
            <button type="button" class="small" {onclick} disabled={loading}
                aria-busy={loading.then_some("true")}
                data-details-yaml={if loading { "loading" } else { "show" }}>
                { if loading { "Loading the YAML (the full playground)…" } else { "Show YAML" } }
            </button>
        </p>
    }
}

/// Props of [`TaintEditor`].
#[derive(Properties, PartialEq)]
struct TaintEditorProps {
    node: String,
    taints: Vec<(String, String, String)>,
    on_input: Callback<Input>,
}

#[component]
fn TaintEditor(props: &TaintEditorProps) -> Html {
    let key = use_node_ref();
    let value = use_node_ref();
    let effect = use_node_ref();
    let onadd = {
        let (key, value, effect) = (key.clone(), value.clone(), effect.clone());
        let cb = props.on_input.clone();
        let name = props.node.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let k = key
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let v = value
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let eff = effect
                .cast::<HtmlSelectElement>()
                .and_then(|i| TaintEffect::parse(&i.value()))
                .unwrap_or(TaintEffect::NoSchedule);
            // As typed: the simulation validates the Node update as the API server does, and
            // an invalid key or value is refused with its message (shown by the page).
            cb.emit(Input::Node(NodeOp::AddTaint {
                name: name.clone(),
                key: k,
                value: v,
                effect: eff,
            }));
            if let Some(i) = key.cast::<HtmlInputElement>() {
                i.set_value("");
            }
            if let Some(i) = value.cast::<HtmlInputElement>() {
                i.set_value("");
            }
        })
    };
    html! {
        <>
            <h3>{ "Taints" }</h3>
            if props.taints.is_empty() {
                <p class="empty">{ "No taints." }</p>
            } else {
                <ul class="kv">
                    for (k, v, eff) in props.taints.iter() {
                        <li>
                            <code class={classes!("taint", format!("eff-{eff}"))}>{ if v.is_empty() { format!("{k}:{eff}") } else { format!("{k}={v}:{eff}") } }</code>
                            <button type="button" class="small ghost"
                                onclick={ let cb = props.on_input.clone(); let op = NodeOp::RemoveTaint { name: props.node.clone(), key: k.clone(), effect: TaintEffect::parse(eff) };
                                          Callback::from(move |_: MouseEvent| cb.emit(Input::Node(op.clone()))) }>
                                { "Remove taint" }
                            </button>
                        </li>
                    }
                </ul>
            }
            <form class="inline-form" onsubmit={onadd} aria-label="Add taint">
                <input ref={key} placeholder="key" aria-label="Taint key" />
                <input ref={value} placeholder="value (optional)" aria-label="Taint value" />
                <select ref={effect} aria-label="Taint effect">
                    for e in TaintEffect::ALL {
                        <option value={e.as_str()} selected={e == TaintEffect::NoSchedule}>{ e.as_str() }</option>
                    }
                </select>
                <button type="submit">{ "Add taint" }</button>
            </form>
        </>
    }
}

/// Props of [`LabelEditor`].
#[derive(Properties, PartialEq)]
struct LabelEditorProps {
    node: String,
    labels: BTreeMap<String, String>,
    on_input: Callback<Input>,
}

#[component]
fn LabelEditor(props: &LabelEditorProps) -> Html {
    let key = use_node_ref();
    let value = use_node_ref();
    let onset = {
        let (key, value) = (key.clone(), value.clone());
        let cb = props.on_input.clone();
        let name = props.node.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let k = key
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let v = value
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            // As typed, validated by the simulation as the API server validates the update.
            cb.emit(Input::Node(NodeOp::SetLabel {
                name: name.clone(),
                key: k,
                value: v,
            }));
            if let Some(i) = key.cast::<HtmlInputElement>() {
                i.set_value("");
            }
            if let Some(i) = value.cast::<HtmlInputElement>() {
                i.set_value("");
            }
        })
    };
    html! {
        <>
            <h3>{ "Labels" }</h3>
            <ul class="kv">
                for (k, v) in props.labels.iter() {
                    <li>
                        <code>{ format!("{k}={v}") }</code>
                        <button type="button" class="small ghost"
                            onclick={ let cb = props.on_input.clone(); let op = NodeOp::RemoveLabel { name: props.node.clone(), key: k.clone() };
                                      Callback::from(move |_: MouseEvent| cb.emit(Input::Node(op.clone()))) }>
                            { "Remove label" }
                        </button>
                    </li>
                }
            </ul>
            <form class="inline-form" onsubmit={onset} aria-label="Set label">
                <input ref={key} placeholder="key" aria-label="Label key" />
                <input ref={value} placeholder="value" aria-label="Label value" />
                <button type="submit">{ "Set label" }</button>
            </form>
        </>
    }
}
