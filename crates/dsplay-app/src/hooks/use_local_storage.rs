//! `use_local_storage`: a string kept in `localStorage`, plus plain helpers.

use yew::prelude::*;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Reads `key` from `localStorage` (`None` when absent or storage is unavailable).
pub fn storage_get(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// Writes `key` (ignored when storage is unavailable or full).
pub fn storage_set(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// Removes `key`.
pub fn storage_remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// A string state that starts from `localStorage[key]` (or `default()`) and is written
/// back on every change.
#[hook]
pub fn use_local_storage(
    key: &'static str,
    default: impl FnOnce() -> String,
) -> (AttrValue, Callback<String>) {
    let value = use_state(|| AttrValue::from(storage_get(key).unwrap_or_else(default)));
    let set = {
        let value = value.clone();
        use_callback((), move |text: String, _| {
            storage_set(key, &text);
            value.set(AttrValue::from(text));
        })
    };
    ((*value).clone(), set)
}
