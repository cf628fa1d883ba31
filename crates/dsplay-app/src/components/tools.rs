//! The tools bar: one button per panel of the full build ([`Panel::TOOLS`]). In the light
//! build a button hands over to the full build with that panel open (`upgrade`); in the full
//! build it opens and closes the panel. Hooks: `data-panel` on each button, `aria-pressed`
//! when open, `aria-busy` while the full build loads, `data-tools-error` on a failure.

use crate::upgrade::Panel;
use yew::prelude::*;

/// Props of [`Tools`].
#[derive(Properties, PartialEq)]
pub struct ToolsProps {
    /// The open panels.
    pub open: Vec<Panel>,
    /// A button was pressed.
    pub on_toggle: Callback<Panel>,
    /// The panel whose full build is loading.
    #[prop_or_default]
    pub loading: Option<Panel>,
    /// Why the full build did not load.
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

/// The tools bar.
#[component]
pub fn Tools(props: &ToolsProps) -> Html {
    // In the full build the scenario bar holds Scenarios and Present itself.
    let shown = Panel::TOOLS
        .iter()
        .copied()
        .filter(|p| !crate::upgrade::FULL || !matches!(p, Panel::Scenarios | Panel::Present));
    let buttons = shown
        .map(|p| {
            let on_toggle = props.on_toggle.clone();
            let loading = props.loading == Some(p);
            html! {
                <button type="button" class="small tool" data-panel={p.name()}
                    aria-pressed={props.open.contains(&p).to_string()}
                    aria-busy={loading.then_some("true")}
                    disabled={props.loading.is_some()}
                    onclick={Callback::from(move |_| on_toggle.emit(p))}>
                    { if loading { "Loading…" } else { p.label() } }
                </button>
            }
        })
        .collect::<Vec<Html>>();
    if buttons.is_empty() && props.error.is_none() {
        return Html::default();
    }
    html! {
        <nav class="tools" aria-label="Tools">
            { buttons }
            if let Some(e) = &props.error {
                <span class="tools-error" role="alert" data-tools-error="">{ e.clone() }</span>
            }
        </nav>
    }
}
