//! Finding the shared corpus (`../shared/corpus`) from the core's tests.

#![allow(clippy::disallowed_methods, dead_code)] // each test file uses part of it

use std::path::{Path, PathBuf};

/// The corpus folder; `None` (a test then skips, saying so) when it is missing, except in
/// CI (`CI=true`), where a missing corpus fails.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus"
    ));
    if dir.is_dir() {
        return Some(dir.to_path_buf());
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "corpus folder {} is missing (CI=true)",
        dir.display()
    );
    eprintln!("skipping: corpus folder {} is missing", dir.display());
    None
}

/// The files of `dir`, sorted by name.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}
