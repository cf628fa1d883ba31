//! The cluster: a grid of node cards or the overview (one cell per node), and the pods on no
//! node.

use crate::components::node_card::NodeCard;
use crate::components::overview::{overview as overview_of, view_toggle, Cells, OVERVIEW_ABOVE};
use crate::components::pod_chip::{pod_chip, PALETTE};
use crate::hooks::{use_visible_rows, GridGeometry};
use crate::share::download;
use crate::state::{Selection, Shared, SimHandle};
use dsplay_core::print::svg;
use dsplay_core::view::{NodeView, PodView};
use std::collections::BTreeMap;
use yew::prelude::*;

/// Above this many nodes the cards are compact, and only the rows of cards in or near the
/// viewport are rendered (the others are padding of the same height).
pub const COMPACT_ABOVE: usize = 40;

/// The compact grid (`.nodes.compact` in the stylesheet).
const COMPACT_GRID: GridGeometry = GridGeometry {
    min_card_width: 118.0,
    gap: 6.0,
    estimated_row_height: 58.0,
};

/// Props of [`ClusterView`].
#[derive(Properties, PartialEq)]
pub struct ClusterViewProps {
    /// Nodes.
    pub nodes: Shared<Vec<Shared<NodeView>>>,
    /// Pods on no existing node.
    pub unplaced: Shared<Vec<PodView>>,
    /// DaemonSet name → colour index.
    pub colors: Shared<BTreeMap<String, u32>>,
    /// What the details panel shows.
    pub selection: Option<Selection>,
    /// A node or pod was clicked.
    pub on_select: Callback<Selection>,
    /// The simulation, for **Download picture** (the SVG of `dsplay simulate -o svg`); no
    /// button without it.
    #[prop_or_default]
    pub sim: Option<SimHandle>,
    /// The heading (`Cluster`; a side's label side by side).
    #[prop_or(AttrValue::Static("Cluster"))]
    pub heading: AttrValue,
    /// The heading's id, unique in the page.
    #[prop_or(AttrValue::Static("cluster-title"))]
    pub heading_id: AttrValue,
}

/// The cluster view.
#[component]
pub fn ClusterView(props: &ClusterViewProps) -> Html {
    // The view the user picked (`Some(true)`: the overview), else by the cluster's size.
    let picked = use_state_eq(|| None::<bool>);
    let overview = picked.unwrap_or(props.nodes.len() > OVERVIEW_ABOVE);
    let on_pick = {
        let picked = picked.clone();
        Callback::from(move |o: bool| picked.set(Some(o)))
    };
    let cells = use_mut_ref(Cells::default);
    let compact = props.nodes.len() > COMPACT_ABOVE || overview;
    // Nodes that were shown last time and are gone now: rendered once more, "leaving" (small
    // clusters only: leaving cards would shift the rows of a virtual grid).
    let previous = use_mut_ref(Vec::<String>::new);
    let names: Vec<String> = if compact {
        Vec::new()
    } else {
        props.nodes.iter().map(|n| n.name.clone()).collect()
    };
    // At most `COMPACT_ABOVE` names: a plain search (a set type would cost the bundle more).
    let leaving: Vec<String> = previous
        .borrow()
        .iter()
        .filter(|n| !compact && !names.contains(n))
        .cloned()
        .collect();
    *previous.borrow_mut() = names;

    let grid = use_node_ref();
    let rows = use_visible_rows(grid.clone(), COMPACT_GRID, compact && !overview);
    let shown = props
        .nodes
        .get(rows.items(props.nodes.len()))
        .filter(|_| !overview)
        .unwrap_or_default();
    let style = compact.then(|| {
        let (top, bottom) = rows.padding(props.nodes.len());
        format!("padding-top:{top:.0}px;padding-bottom:{bottom:.0}px")
    });
    let (sel_node, sel_pod) = match &props.selection {
        Some(Selection::Node(n)) => (Some(n.as_str()), None),
        Some(Selection::Pod { name, .. }) => (None, Some(name.as_str())),
        None => (None, None),
    };
    let on_picture = props.sim.clone().map(|sim| {
        Callback::from(move |_: MouseEvent| {
            download(
                "cluster.svg",
                "image/svg+xml",
                &sim.with(|s| svg::to_string(&s.view())),
            )
        })
    });
    let ready = props.nodes.iter().filter(|n| n.ready).count();
    let pods: usize = props.nodes.iter().map(|n| n.pods.len()).sum();
    let color_of = |p: &PodView| {
        p.daemon_set
            .as_ref()
            .and_then(|d| props.colors.get(d).copied())
            .unwrap_or(PALETTE - 1)
    };

    html! {
        <section class="panel cluster-panel" aria-labelledby={props.heading_id.clone()}>
            <div class="panel-head">
                <h2 id={props.heading_id.clone()}>{ props.heading.clone() }</h2>
                <span class="summary">
                    { format!("{} nodes ({} Ready) · {} pods", props.nodes.len(), ready, pods) }
                </span>
                { view_toggle(overview, &on_pick) }
                if let Some(onclick) = on_picture {
                    <button type="button" class="small picture" {onclick}
                        title="The cluster as an SVG picture (dsplay simulate -o svg)">{ "Download picture" }</button>
                }
            </div>
            if overview {
                { overview_of(&cells, &props.nodes, sel_node, &props.on_select) }
            } else {
            <div ref={grid} class={classes!("nodes", compact.then_some("compact"))} {style}
                data-rendered={shown.len().to_string()}>
                for node in shown.iter() {
                    <NodeCard key={node.name.clone()} node={node.clone()} colors={props.colors.clone()}
                        selected={sel_node == Some(node.name.as_str())}
                        selected_pod={sel_pod.filter(|p| node.pods.iter().any(|x| x.name == *p)).map(|p| AttrValue::from(p.to_string()))}
                        {compact}
                        on_select={props.on_select.clone()} />
                }
                for name in leaving.iter() {
                    <div key={format!("leaving-{name}")} class={classes!("node", "leaving", compact.then_some("compact"))} aria-hidden="true">
                        <header class="node-head"><span class="node-name">{ name }</span></header>
                    </div>
                }
            </div>
            }
            if !props.unplaced.is_empty() {
                <div class="unplaced">
                    <h3>{ "Pods on no node" }</h3>
                    <p class="hint">{ "Unscheduled pods, and pods whose node was removed (the pod garbage collector deletes them)." }</p>
                    <div class="pods">
                        for p in props.unplaced.iter() {
                            { pod_chip(p, color_of(p), sel_pod == Some(p.name.as_str()), false, Some(&props.on_select)) }
                        }
                    </div>
                </div>
            }
        </section>
    }
}
