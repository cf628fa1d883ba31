//! One pod: a coloured chip (one colour per DaemonSet) showing its phase.

use crate::state::Selection;
use dsplay_core::view::PodView;
use yew::prelude::*;

/// Number of DaemonSet colours in the stylesheet (`ds-c0` … `ds-c7`).
pub const PALETTE: u32 = 8;

/// Props of [`PodChip`].
#[derive(Properties, PartialEq)]
pub struct PodChipProps {
    /// The pod.
    pub pod: PodView,
    /// Its DaemonSet's colour index.
    pub color: u32,
    /// Shown in the details panel.
    #[prop_or_default]
    pub selected: bool,
    /// Small square instead of a labelled chip.
    #[prop_or_default]
    pub compact: bool,
    /// Clicked.
    pub on_select: Callback<Selection>,
}

/// A pod chip: `data-pod`, `data-phase`, `data-daemonset`, accessible name "NAME PHASE".
#[component]
pub fn PodChip(props: &PodChipProps) -> Html {
    let pod = &props.pod;
    let phase = pod.phase.as_str();
    let ds = pod.daemon_set.clone().unwrap_or_default();
    let onclick = {
        let cb = props.on_select.clone();
        let sel = Selection::Pod {
            namespace: pod.namespace.clone(),
            name: pod.name.clone(),
        };
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            cb.emit(sel.clone());
        })
    };
    let suffix = pod
        .name
        .strip_prefix(&format!("{ds}-"))
        .unwrap_or(&pod.name)
        .to_string();
    let class = classes!(
        "pod",
        format!("ds-c{}", props.color % PALETTE),
        format!("phase-{phase}"),
        (!pod.updated && pod.revision_hash.is_some()).then_some("old-rev"),
        props.selected.then_some("selected"),
        props.compact.then_some("compact"),
    );
    let label = format!("{} {}", pod.name, phase);
    html! {
        <button type="button" {class} {onclick}
            data-pod={pod.name.clone()}
            data-phase={phase}
            data-daemonset={ds.clone()}
            aria-label={label.clone()}
            aria-pressed={props.selected.to_string()}
            title={label}>
            if !props.compact {
                <span class="pod-ds">{ ds }</span>
                <span class="pod-line">
                    <span class="pod-name">{ suffix }</span>
                    <span class="pod-phase">{ phase }</span>
                </span>
            }
        </button>
    }
}
