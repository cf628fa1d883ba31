//! What the integration tests share.

#![allow(clippy::unwrap_used, clippy::panic, dead_code)] // test helpers may panic

use std::path::Path;

const DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Compares `actual` with `tests/golden/NAME`, or writes it when `DSPLAY_BLESS=1`.
pub fn golden(name: &str, actual: &str) {
    let path = Path::new(DIR).join("tests/golden").join(name);
    if std::env::var("DSPLAY_BLESS").as_deref() == Ok("1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}: create it with DSPLAY_BLESS=1 and read it",
            path.display()
        )
    });
    assert!(
        actual == expected,
        "output differs from {} (refresh with DSPLAY_BLESS=1 if the change is right)\n--- actual ---\n{actual}",
        path.display()
    );
}

/// What one run of `dsplay` printed.
pub struct Run {
    /// Exit status (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `dsplay ARGS` in the crate's directory, with no standard input.
pub fn dsplay(args: &[&str]) -> Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dsplay"))
        .current_dir(DIR)
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}
