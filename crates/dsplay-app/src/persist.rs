//! What the page keeps in `localStorage`: the editor text and the run (seed + inputs).

use crate::hooks::{storage_get, storage_set};
use crate::state::RunLog;

/// Key of the editor text.
pub const EDITOR_KEY: &str = "dsplay.editor";
/// Key of the run log (seed + inputs). The panic fallback's Reset removes it.
pub const RUN_KEY: &str = "dsplay.run";

/// The saved run, if any and readable.
pub fn load_run() -> Option<RunLog> {
    storage_get(RUN_KEY).and_then(|s| serde_json::from_str(&s).ok())
}

/// Saves the run.
pub fn save_run(log: &RunLog) {
    if let Ok(s) = serde_json::to_string(log) {
        storage_set(RUN_KEY, &s);
    }
}
