//! `kubectl get ds`, live, and `kubectl rollout status` for each DaemonSet. The Delete
//! buttons stay in view: the headers may wrap, and the last column sticks to the table's
//! right edge when the table scrolls (a narrow screen).

use crate::components::pod_chip::PALETTE;
use crate::state::Shared;
use dsplay_core::clock::SimTime;
use dsplay_core::print::DAEMON_SET_COLUMNS;
use dsplay_core::view::DaemonSetView;
use yew::prelude::*;

/// Props of [`DsTable`].
#[derive(Properties, PartialEq)]
pub struct DsTableProps {
    /// The rows.
    pub daemon_sets: Shared<Vec<DaemonSetView>>,
    /// Simulated now (AGE).
    pub now: SimTime,
    /// Delete this DaemonSet (namespace, name).
    pub on_delete: Callback<(String, String)>,
}

/// The DaemonSet table.
#[component]
pub fn DsTable(props: &DsTableProps) -> Html {
    let all_ns = props.daemon_sets.iter().any(|d| d.namespace != "default");
    html! {
        <section class="panel ds-panel" aria-labelledby="ds-title">
            <div class="panel-head">
                <h2 id="ds-title">{ "DaemonSets" }</h2>
                <code class="cmd">{ if all_ns { "kubectl get ds -A" } else { "kubectl get ds" } }</code>
            </div>
            if props.daemon_sets.is_empty() {
                <p class="empty">{ "No resources found in default namespace." }</p>
            } else {
                <div class="table-wrap">
                <table class="kubectl ds-table">
                    <thead><tr>
                        if all_ns { <th>{ "NAMESPACE" }</th> }
                        for h in DAEMON_SET_COLUMNS { <th>{ h }</th> }
                        <th class="actions-col"><span class="sr-only">{ "Actions" }</span></th>
                    </tr></thead>
                    <tbody>
                        for d in props.daemon_sets.iter() {
                            <tr key={format!("{}/{}", d.namespace, d.name)} data-ds={d.name.clone()}>
                                if all_ns { <td>{ &d.namespace }</td> }
                                <td><span class={classes!("swatch", format!("ds-c{}", d.color_index % PALETTE))}></span>{ &d.name }</td>
                                <td>{ d.desired }</td><td>{ d.current }</td><td>{ d.ready }</td>
                                <td>{ d.up_to_date }</td><td>{ d.available }</td>
                                <td>{ &d.node_selector }</td>
                                <td>{ props.now.age_since(d.created) }</td>
                                <td class="actions-col">
                                    <button type="button" class="small ghost"
                                        aria-label={format!("Delete daemonset {}", d.name)}
                                        onclick={ let cb = props.on_delete.clone(); let k = (d.namespace.clone(), d.name.clone());
                                                  Callback::from(move |_: MouseEvent| cb.emit(k.clone())) }>
                                        { "Delete" }
                                    </button>
                                </td>
                            </tr>
                        }
                    </tbody>
                </table>
                </div>
                <div class="rollout" aria-live="polite">
                    for d in props.daemon_sets.iter() {
                        <div class={classes!("rollout-line", d.rollout_status.contains("successfully").then_some("done"))}>
                            <code>{ format!("$ kubectl rollout status ds/{}", d.name) }</code>
                            <span>{ &d.rollout_status }</span>
                        </div>
                    }
                </div>
            }
        </section>
    }
}
