//! What the page keeps in `localStorage`: the editor text and the run (seed + inputs).

use crate::hooks::{storage_get, storage_set};
use crate::state::RunLog;
use serde::Deserialize;

/// Key of the editor text.
pub const EDITOR_KEY: &str = "dsplay.editor";
/// Key of the run log (seed + inputs). The panic fallback's Reset removes it.
pub const RUN_KEY: &str = "dsplay.run";

/// The saved run, if any and readable.
///
/// Read as a JSON value first, then as a [`RunLog`]: the page already compiles serde_json's
/// text parser for values, and decoding the run from a value is far smaller in the wasm than
/// a second copy of that parser inlined into the run's own decoder.
pub fn load_run() -> Option<RunLog> {
    load_run_from(RUN_KEY)
}

/// A run saved under `key` (as [`load_run`] reads [`RUN_KEY`]).
pub fn load_run_from(key: &str) -> Option<RunLog> {
    let text = storage_get(key)?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    RunLog::deserialize(&value).ok()
}

/// Saves the run.
pub fn save_run(log: &RunLog) {
    save_run_to(&[RUN_KEY], log);
}

/// Saves a run under each of `keys` (written as JSON once).
pub fn save_run_to(keys: &[&str], log: &RunLog) {
    if let Ok(s) = serde_json::to_string(log) {
        for key in keys {
            storage_set(key, &s);
        }
    }
}
