//! Located errors, as the CLI prints them: `FILE:LINE:COL: Kind/name: message`, the
//! offending line, and a caret under the column.

use dsplay_core::location::LocatedError;
use yew::prelude::*;

/// Props of [`ErrorPanel`].
#[derive(Properties, PartialEq)]
pub struct ErrorPanelProps {
    /// The errors.
    pub errors: Vec<LocatedError>,
    /// The text they point into.
    pub source: AttrValue,
    /// "Go to line:column" was clicked.
    pub on_goto: Callback<(u32, u32)>,
}

/// The error list.
#[component]
pub fn ErrorPanel(props: &ErrorPanelProps) -> Html {
    if props.errors.is_empty() {
        return html! {};
    }
    let lines: Vec<&str> = props.source.split('\n').collect();
    html! {
        <ul class="errors" aria-label="Errors">
            for e in props.errors.iter() {
                <li class="error">
                    <div class="error-head">
                        <button type="button" class="linkish loc"
                            onclick={ let cb = props.on_goto.clone(); let at = (e.location.line, e.location.column);
                                      Callback::from(move |_: MouseEvent| cb.emit(at)) }>
                            { format!("line {}:{}", e.location.line, e.location.column) }
                        </button>
                        if let Some(o) = &e.object {
                            <span class="obj">{ o.to_string() }</span>
                        }
                    </div>
                    <div class="error-msg">{ &e.message }</div>
                    if let Some(src) = (e.location.line as usize).checked_sub(1).and_then(|i| lines.get(i)) {
                        <pre class="caret">
                            { format!("{:>4} | {}\n     | {}^", e.location.line, src,
                                " ".repeat((e.location.column as usize).saturating_sub(1).min(src.chars().count()))) }
                        </pre>
                    }
                </li>
            }
        </ul>
    }
}
