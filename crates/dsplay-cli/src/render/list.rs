//! Objects as `kubectl get -o yaml` and `-o json` print them: the core's printers
//! ([`dsplay_core::print::yaml`], [`dsplay_core::print::json`]), a `v1 List` written item by
//! item to the CLI's output through a buffer.

pub(crate) use dsplay_core::print::json::to_json;
pub(crate) use dsplay_core::print::yaml::to_yaml;
use dsplay_core::print::IoSink;
use std::fmt;
use std::io::{self, Write as _};

/// The size of the buffer the printers fill before their text is written to the output.
const BUFFER: usize = 64 * 1024;

/// Runs `print` (a core printer writing into a [`fmt::Write`]) into `out` through a
/// 64 KiB buffer: the text is written as it comes, never held whole; the I/O error that
/// stopped it is returned as such.
pub(crate) fn buffered(
    out: &mut dyn io::Write,
    print: impl FnOnce(&mut dyn fmt::Write) -> fmt::Result,
) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(BUFFER, out);
    let mut sink = IoSink::new(&mut out);
    let written = print(&mut sink);
    sink.finish(written)?;
    out.flush()
}
