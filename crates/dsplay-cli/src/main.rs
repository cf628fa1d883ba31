//! `dsplay`: the DaemonSet Playground simulation on the command line.
//!
//! `main` is a thin shell (as ripgrep's): everything happens in [`run::run`].

mod flags;
mod lesson;
mod link;
mod render;
mod run;

use std::io::{BufWriter, Write as _};
use std::process::ExitCode;

fn main() -> ExitCode {
    let stdin = std::io::stdin();
    let mut stdout = BufWriter::new(std::io::stdout().lock());
    // Buffered: a flood of messages is written in large blocks (flushed before exit).
    let mut stderr = BufWriter::new(std::io::stderr().lock());
    let code = run::run(
        std::env::args_os().skip(1),
        &mut stdin.lock(),
        &mut stdout,
        &mut stderr,
    );
    let _ = stdout.flush();
    let _ = stderr.flush();
    ExitCode::from(code)
}
