//! Presentation mode (docs/presentation.md): full screen where the browser allows it, large
//! type and chips, high contrast, the editor hidden, large captions (`body.presenting` in
//! the stylesheet), and keyboard shortcuts for everything a presenter does, listed by `?`.

use crate::state::{Action, Shared};
use dsplay_core::sim::{Input, NodeOp, NodeTemplate, TaintEffect};
use dsplay_core::view::NodeView;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[wasm_bindgen(module = "/js/presentation.js")]
extern "C" {
    fn fullscreen(on: bool);
    fn presenting(on: bool);
}

/// The key of the taint `t` puts on (and takes off) the selected node.
pub const TAINT_KEY: &str = "dedicated";
/// Its value.
pub const TAINT_VALUE: &str = "demo";

/// The shortcuts, as the help overlay lists them: keys and what they do.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("a", "Add a worker node"),
    ("r / Delete", "Remove the selected node"),
    ("n", "Mark the selected node NotReady / Ready"),
    ("c", "Cordon / uncordon the selected node"),
    (
        "t",
        "Taint the selected node dedicated=demo:NoExecute (again: remove it)",
    ),
    ("Space", "Play / pause"),
    ("→", "Next scenario step"),
    ("←", "Previous scenario step"),
    ("Tab, Enter", "Select a node (its card)"),
    ("?", "Show / hide this list"),
    ("Esc", "Close this list; leave presentation mode"),
];

/// What a key does.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// An input to the simulation.
    Input(Input),
    /// A page action (scenario steps).
    Page(Action),
    /// Play / pause the clock.
    PlayPause,
    /// Show / hide the shortcuts.
    Help,
    /// Close the help, or leave presentation mode.
    Escape,
    /// A node shortcut with no node selected.
    NeedsNode,
}

/// The command for `key` with `selected` (the selected node's card, if any). Scenario steps
/// (`←`, `→`) come from `previous` and `next`, the actions the scenario bar would dispatch.
pub fn command(
    key: &str,
    selected: Option<&NodeView>,
    previous: Option<Action>,
    next: Option<Action>,
) -> Option<Command> {
    let node = |f: &dyn Fn(&NodeView) -> NodeOp| {
        Some(match selected {
            Some(n) => Command::Input(Input::Node(f(n))),
            None => Command::NeedsNode,
        })
    };
    let name = |n: &NodeView| n.name.clone();
    match key {
        "a" => Some(Command::Input(Input::Node(NodeOp::Add {
            name: None,
            template: NodeTemplate::Worker,
        }))),
        "r" | "Delete" => node(&|n| NodeOp::Remove { name: name(n) }),
        "n" => node(&|n| NodeOp::SetReady {
            name: name(n),
            ready: !n.ready || n.lost,
        }),
        "c" if selected.is_some_and(|n| n.unschedulable) => {
            node(&|n| NodeOp::Uncordon { name: name(n) })
        }
        "c" => node(&|n| NodeOp::Cordon { name: name(n) }),
        "t" => node(&|n| {
            let tainted = n
                .taints
                .iter()
                .any(|t| t.key == TAINT_KEY && t.effect == "NoExecute");
            if tainted {
                NodeOp::RemoveTaint {
                    name: name(n),
                    key: TAINT_KEY.to_string(),
                    effect: Some(TaintEffect::NoExecute),
                }
            } else {
                NodeOp::AddTaint {
                    name: name(n),
                    key: TAINT_KEY.to_string(),
                    value: TAINT_VALUE.to_string(),
                    effect: TaintEffect::NoExecute,
                }
            }
        }),
        " " => Some(Command::PlayPause),
        "ArrowRight" => next.map(Command::Page),
        "ArrowLeft" => previous.map(Command::Page),
        "?" => Some(Command::Help),
        "Escape" => Some(Command::Escape),
        _ => None,
    }
}

/// The selected node's card among `nodes`.
pub fn selected_node<'a>(
    nodes: &'a Shared<Vec<Shared<NodeView>>>,
    selected: Option<&str>,
) -> Option<&'a NodeView> {
    let name = selected?;
    nodes.iter().find(|n| n.name == name).map(|n| &**n)
}

/// Enters or leaves presentation mode: the page's look, and full screen (where allowed).
pub fn set_presenting(on: bool) {
    presenting(on);
    fullscreen(on);
}

/// Whether a key event belongs to a field (typing, choosing) rather than to the page.
pub fn in_field(e: &KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.closest("[contenteditable]").ok().flatten().is_some()
        })
}

/// The help overlay: every shortcut.
pub fn help(on_close: Callback<MouseEvent>) -> Html {
    html! {
        <div class="help-overlay" role="dialog" aria-modal="true" aria-labelledby="help-title">
            <div class="help-box">
                <h2 id="help-title">{ "Keyboard shortcuts" }</h2>
                <dl class="shortcuts">
                    for (keys, what) in SHORTCUTS.iter() {
                        <dt><kbd>{ *keys }</kbd></dt><dd>{ *what }</dd>
                    }
                </dl>
                <button type="button" class="primary help-close" onclick={on_close} autofocus=true>{ "Close" }</button>
            </div>
        </div>
    }
}
