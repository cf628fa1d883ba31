//! "Add node" with a template choice, and "Add 10 nodes".

use dsplay_core::sim::NodeTemplate;
use std::str::FromStr;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The templates offered, with their labels.
pub const TEMPLATES: &[(&str, NodeTemplate)] = &[
    ("Worker", NodeTemplate::Worker),
    ("Control plane", NodeTemplate::ControlPlane),
    ("GPU worker", NodeTemplate::GpuWorker),
    ("Windows worker", NodeTemplate::WindowsWorker),
    ("Small node", NodeTemplate::Small),
];

/// Props of [`NodeControls`].
#[derive(Properties, PartialEq)]
pub struct NodeControlsProps {
    /// Add `count` nodes of a template.
    pub on_add: Callback<(NodeTemplate, u32)>,
}

/// The node toolbar.
#[component]
pub fn NodeControls(props: &NodeControlsProps) -> Html {
    let template = use_state(|| 0usize);
    let onchange = {
        let template = template.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                template.set(usize::from_str(&s.value()).unwrap_or(0));
            }
        })
    };
    let add = |count: u32| {
        let cb = props.on_add.clone();
        let t = TEMPLATES
            .get(*template)
            .map(|(_, t)| *t)
            .unwrap_or(NodeTemplate::Worker);
        Callback::from(move |_: MouseEvent| cb.emit((t, count)))
    };
    html! {
        <div class="node-controls" role="group" aria-label="Nodes">
            <label class="template">
                <span>{ "Template" }</span>
                <select {onchange} aria-label="Node template">
                    for (i, (label, _)) in TEMPLATES.iter().enumerate() {
                        <option value={i.to_string()} selected={i == *template}>{ *label }</option>
                    }
                </select>
            </label>
            <button type="button" onclick={add(1)}>{ "Add node" }</button>
            <button type="button" onclick={add(10)}>{ "Add 10 nodes" }</button>
        </div>
    }
}
