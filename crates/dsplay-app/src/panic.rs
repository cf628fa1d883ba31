//! A panic shows a visible error with a "Reset" button instead of a blank page.
//!
//! The hook writes into the static `#panic` section of `index.html`, whose Reset
//! button is plain JavaScript: it still works after the wasm module aborted.

use crate::hooks::storage_get;
use crate::persist::EDITOR_KEY;
use wasm_bindgen::JsCast;

/// Installs the panic hook (idempotent; replaces Yew's default hook).
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.clone().into());
        show(&message);
    }));
}

/// Fills and shows the fallback section.
pub fn show(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(el) = doc.get_element_by_id("panic-message") {
        el.set_text_content(Some(message));
    }
    if let Some(el) = doc
        .get_element_by_id("panic-text")
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    {
        el.set_value(&storage_get(EDITOR_KEY).unwrap_or_default());
    }
    if let Some(el) = doc.get_element_by_id("panic") {
        let _ = el.remove_attribute("hidden");
    }
    if let Some(el) = doc.get_element_by_id("app") {
        let _ = el.set_attribute("aria-hidden", "true");
        let _ = el.set_attribute("class", "crashed");
    }
}
