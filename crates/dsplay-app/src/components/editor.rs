//! The YAML editor: a transparent textarea over a highlighted `<pre>`, line numbers with
//! error markers, the Examples menu, "Apply" (and Ctrl/Cmd+Enter), and kubectl's output.

use crate::components::error_panel::ErrorPanel;
use crate::examples::EXAMPLES;
use crate::highlight::{highlight, is_highlighted};
use crate::state::{Outcome, EDITOR_FILE};
use dsplay_core::location::LocatedError;
use std::str::FromStr;
use web_sys::{HtmlElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The text.
    pub text: AttrValue,
    /// The user typed.
    pub on_change: Callback<String>,
    /// Apply the text (button or Ctrl/Cmd+Enter).
    pub on_apply: Callback<()>,
    /// Load example number `i` (and apply it).
    pub on_example: Callback<usize>,
    /// The last apply's outcome.
    pub outcome: Option<Outcome>,
}

/// The editor panel.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let textarea = use_node_ref();
    let pre = use_node_ref();
    let gutter = use_node_ref();

    let errors: Vec<LocatedError> = match &props.outcome {
        Some(Outcome::Applied(r)) => r.errors.clone(),
        _ => Vec::new(),
    };

    let oninput = {
        let cb = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                cb.emit(t.value());
            }
        })
    };
    let onkeydown = {
        let cb = props.on_apply.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                cb.emit(());
            }
        })
    };
    let onscroll = {
        let (textarea, pre, gutter) = (textarea.clone(), pre.clone(), gutter.clone());
        Callback::from(move |_: Event| {
            if let Some(t) = textarea.cast::<HtmlElement>() {
                let (top, left) = (t.scroll_top(), t.scroll_left());
                if let Some(p) = pre.cast::<HtmlElement>() {
                    p.set_scroll_top(top);
                    p.set_scroll_left(left);
                }
                if let Some(g) = gutter.cast::<HtmlElement>() {
                    g.set_scroll_top(top);
                }
            }
        })
    };
    let onapply = {
        let cb = props.on_apply.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let onexample = {
        let cb = props.on_example.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                if let Ok(i) = usize::from_str(&s.value()) {
                    cb.emit(i);
                }
                s.set_value("");
            }
        })
    };
    let on_goto = {
        let textarea = textarea.clone();
        let text = props.text.clone();
        Callback::from(move |(line, column): (u32, u32)| {
            if let Some(t) = textarea.cast::<HtmlTextAreaElement>() {
                let offset = utf16_offset(&text, line, column);
                let _ = t.focus();
                let _ = t.set_selection_range(offset, offset);
                // Bring the line into view (lines are 20px high).
                let top = 20 * i32::try_from(line.saturating_sub(4)).unwrap_or(0);
                t.set_scroll_top(top);
            }
        })
    };

    // Past HIGHLIGHT_MAX_BYTES the textarea shows its own text: no tokens, no line numbers,
    // nothing laid out twice (a pasted 8 MiB document keeps the page responsive).
    let highlighted = is_highlighted(&props.text);
    let lines = if highlighted {
        highlight(&props.text)
    } else {
        Vec::new()
    };
    let line_count = lines.len();
    // Messages by line (index = line - 1), for the gutter: only errors located in the editor's
    // file, on one of its lines.
    let mut by_line: Vec<Vec<String>> = Vec::new();
    for e in &errors {
        let at = (e.location.line as usize).wrapping_sub(1);
        if (e.location.file == EDITOR_FILE || e.location.file.is_empty()) && at < line_count {
            if by_line.len() <= at {
                by_line.resize_with(at + 1, Vec::new);
            }
            if let Some(msgs) = by_line.get_mut(at) {
                msgs.push(format!(
                    "{}:{}: {}",
                    e.location.line, e.location.column, e.message
                ));
            }
        }
    }

    html! {
        <section class="panel editor-panel" aria-labelledby="editor-title">
            <div class="panel-head">
                <h2 id="editor-title">{ "Manifest" }</h2>
                <label class="examples">
                    <span>{ "Examples" }</span>
                    <select onchange={onexample} aria-label="Examples">
                        <option value="" selected=true>{ "Load an example…" }</option>
                        for (i, ex) in EXAMPLES.iter().enumerate() {
                            <option value={i.to_string()}>{ ex.title }</option>
                        }
                    </select>
                </label>
            </div>
            <label for="yaml-editor" class="editor-label">{ "DaemonSet YAML" }</label>
            <div class="editor">
                <div class="gutter" ref={gutter} aria-hidden="true">
                    for n in 1..=line_count {
                        if let Some(msgs) = by_line.get(n - 1).filter(|m| !m.is_empty()) {
                            <div class="ln err" title={msgs.join("\n")}>{ "●" }{ n }</div>
                        } else {
                            <div class="ln">{ n }</div>
                        }
                    }
                    <div class="ln pad">{ "\u{a0}" }</div>
                </div>
                <div class={classes!("code", (!highlighted).then_some("plain"))}>
                    <pre class="highlight" ref={pre} aria-hidden="true">
                        for toks in lines.iter() {
                            <span class="line">
                                for (tok, s) in toks.iter() {
                                    <span class={tok.class()}>{ *s }</span>
                                }
                                { "\n" }
                            </span>
                        }
                        { "\u{a0}\n" }
                    </pre>
                    <textarea
                        id="yaml-editor"
                        ref={textarea}
                        spellcheck="false"
                        autocapitalize="off"
                        autocomplete="off"
                        wrap="off"
                        value={props.text.clone()}
                        {oninput}
                        {onkeydown}
                        {onscroll}
                    />
                </div>
            </div>
            <div class="editor-actions">
                <button type="button" class="primary" onclick={onapply}>{ "Apply" }</button>
                <span class="hint">{ "Ctrl+Enter / ⌘+Enter" }</span>
            </div>
            <div class="apply-output" role="status" aria-live="polite">
                {
                    match &props.outcome {
                        Some(Outcome::Applied(report)) => html! {
                            <>
                                for a in report.applied.iter() {
                                    <div class="out ok">{ &a.line }</div>
                                }
                                for n in report.not_simulated.iter() {
                                    <div class="out skip">{ n }</div>
                                }
                                <ErrorPanel errors={report.errors.clone()} source={props.text.clone()} on_goto={on_goto.clone()} />
                                if report.applied.is_empty() && report.errors.is_empty() && report.not_simulated.is_empty() {
                                    <div class="out skip">{ "nothing to apply" }</div>
                                }
                            </>
                        },
                        Some(Outcome::Refused(msg)) => html! {
                            <div class="out err">{ format!("Error from server: {msg}") }</div>
                        },
                        None => html! {},
                    }
                }
            </div>
        </section>
    }
}

/// The UTF-16 offset of 1-based (line, column) in `text` (column counted in characters).
fn utf16_offset(text: &str, line: u32, column: u32) -> u32 {
    let mut offset: usize = 0;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line as usize {
            let col: usize = l
                .chars()
                .take(column.saturating_sub(1) as usize)
                .map(char::len_utf16)
                .sum();
            offset += col;
            return u32::try_from(offset).unwrap_or(u32::MAX);
        }
        offset += l.encode_utf16().count() + 1;
    }
    u32::try_from(offset).unwrap_or(u32::MAX)
}
