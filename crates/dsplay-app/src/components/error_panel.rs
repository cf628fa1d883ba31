//! Located errors, as the CLI prints them: the location (a button that moves the editor's
//! cursor there), `Kind/name`, the message, and the offending line with a caret under the
//! column ([`Location::snippet`](dsplay_core::location::Location::snippet), the core's
//! rendering, the same as the CLI's).

use dsplay_core::location::{LocatedError, SourceLines};
use yew::prelude::*;

/// Props of [`ErrorPanel`].
#[derive(Properties)]
pub struct ErrorPanelProps {
    /// The errors.
    pub errors: Vec<LocatedError>,
    /// The text they point into.
    pub source: AttrValue,
    /// "Go to line:column" was clicked.
    pub on_goto: Callback<(u32, u32)>,
}

impl PartialEq for ErrorPanelProps {
    fn eq(&self, other: &Self) -> bool {
        self.errors == other.errors
            && crate::components::editor::same_text(&self.source, &other.source)
            && self.on_goto == other.on_goto
    }
}

/// The error list.
#[component]
pub fn ErrorPanel(props: &ErrorPanelProps) -> Html {
    if props.errors.is_empty() {
        return html! {};
    }
    // Only the lines the errors are on (the text may be 8 MiB, refused at 1:1).
    let last = props
        .errors
        .iter()
        .map(|e| e.location.line)
        .max()
        .unwrap_or(0);
    let lines = SourceLines::up_to(&props.source, last);
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
                    // The core's rendering (the CLI's): gutter, source line, caret. Screen
                    // readers get the line and column in words instead of the drawing.
                    if let Some(snippet) = lines.snippet(&e.location) {
                        <pre class="caret" aria-hidden="true">{ snippet.trim_end() }</pre>
                        <span class="sr-only">{ format!("At line {}, column {}.", e.location.line, e.location.column) }</span>
                    }
                </li>
            }
        </ul>
    }
}
