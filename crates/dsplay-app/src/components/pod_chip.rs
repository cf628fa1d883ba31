//! One pod: a coloured chip (one colour per DaemonSet) showing its phase.

use crate::state::Selection;
use dsplay_core::view::{PodDisplayPhase, PodView};
use yew::prelude::*;

/// Number of DaemonSet colours in the stylesheet (`ds-c0` … `ds-c7`).
pub const PALETTE: u32 = 8;

/// The colour classes, `ds-c0` … `ds-c7` (static: no formatting per chip).
pub const COLOR_CLASSES: [&str; PALETTE as usize] = [
    "ds-c0", "ds-c1", "ds-c2", "ds-c3", "ds-c4", "ds-c5", "ds-c6", "ds-c7",
];

/// `ds-c<color % PALETTE>`.
pub fn color_class(color: u32) -> &'static str {
    COLOR_CLASSES
        .get((color % PALETTE) as usize)
        .copied()
        .unwrap_or("ds-c0")
}

/// The class attribute of the present names: one string (cheaper than `classes!`, which
/// hashes each name, for the hundreds of chips and cards a large cluster re-renders).
pub fn class_list(names: &[Option<&str>]) -> AttrValue {
    let mut out = String::with_capacity(64);
    for name in names.iter().flatten() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(name);
    }
    AttrValue::from(out)
}

/// `phase-<Phase>`.
fn phase_class(phase: PodDisplayPhase) -> &'static str {
    match phase {
        PodDisplayPhase::Pending => "phase-Pending",
        PodDisplayPhase::ContainerCreating => "phase-ContainerCreating",
        PodDisplayPhase::Running => "phase-Running",
        PodDisplayPhase::Ready => "phase-Ready",
        PodDisplayPhase::Terminating => "phase-Terminating",
        PodDisplayPhase::Failed => "phase-Failed",
        PodDisplayPhase::Succeeded => "phase-Succeeded",
    }
}

/// A chip's class attribute: `pod ds-c<color> phase-<Phase>`, then `old-rev`, `selected`,
/// `compact` as they apply.
pub fn chip_class(pod: &PodView, color: u32, selected: bool, compact: bool) -> String {
    let mut out = String::with_capacity(64);
    out.push_str("pod ");
    out.push_str(color_class(color));
    out.push(' ');
    out.push_str(phase_class(pod.phase));
    for (on, name) in [
        (!pod.updated && pod.revision_hash.is_some(), " old-rev"),
        (selected, " selected"),
        (compact, " compact"),
    ] {
        if on {
            out.push_str(name);
        }
    }
    out
}

/// A chip's accessible name (and a compact chip's tooltip): `NAME PHASE`, which holds the
/// words a full-size chip shows (`DAEMONSET`, `SUFFIX`, `PHASE`, spaced) in their order, so a
/// voice user can say what they see; a pod whose name does not start with its DaemonSet's
/// gets the DaemonSet's name first.
pub fn chip_label(pod: &PodView) -> String {
    let phase = pod.phase.as_str();
    let ds = pod.daemon_set.as_deref().unwrap_or_default();
    let prefix = if ds.is_empty() || chip_name(pod).len() < pod.name.len() {
        ""
    } else {
        ds
    };
    let space = if prefix.is_empty() { "" } else { " " };
    [prefix, space, &pod.name, " ", phase].concat()
}

/// The name a full-size chip shows under its DaemonSet's: the pod's name without the
/// `<daemonset>-` prefix.
pub fn chip_name(pod: &PodView) -> &str {
    let ds = pod.daemon_set.as_deref().unwrap_or_default();
    pod.name
        .strip_prefix(ds)
        .and_then(|s| s.strip_prefix('-'))
        .filter(|_| !ds.is_empty())
        .unwrap_or(&pod.name)
}

/// A pod chip: `data-pod`, `data-phase`, `data-daemonset`, accessible name [`chip_label`],
/// keyed by the pod's name; a click selects the pod through `on_select`, or through the
/// container's own handler when `None`.
///
/// A plain function rather than a component: a DaemonSet applied to a large cluster adds a
/// chip to every card at once, and mounting a component per chip costs more than the chip.
pub fn pod_chip(
    pod: &PodView,
    color: u32,
    selected: bool,
    compact: bool,
    on_select: Option<&Callback<Selection>>,
) -> Html {
    let phase = pod.phase.as_str();
    let ds = pod.daemon_set.as_deref().unwrap_or_default();
    // `None`: the container handles the click (a node card selects the chip's pod).
    let onclick = on_select.map(|cb| {
        let cb = cb.clone();
        let sel = Selection::Pod {
            namespace: pod.namespace.clone(),
            name: pod.name.clone(),
        };
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            cb.emit(sel.clone());
        })
    });
    let class = AttrValue::from(chip_class(pod, color, selected, compact));
    let label = AttrValue::from(chip_label(pod));
    // The selected chip is the current one of its set; a compact chip shows no text, so its
    // name and phase are also its tooltip.
    html! {
        <button key={pod.name.as_str()} type="button" {class} {onclick}
            data-pod={pod.name.clone()}
            data-phase={phase}
            data-daemonset={ds.to_string()}
            aria-label={label.clone()}
            aria-current={selected.then_some("true")}
            title={compact.then_some(label)}>
            if !compact {
                // Spaces between the words (a flex layout draws none): the text reads
                // `DAEMONSET SUFFIX PHASE`, the words of the accessible name.
                <span class="pod-ds">{ ds }</span>{ " " }
                <span class="pod-line">
                    <span class="pod-name">{ chip_name(pod) }</span>{ " " }
                    <span class="pod-phase">{ phase }</span>
                </span>
            }
        </button>
    }
}
