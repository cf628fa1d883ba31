//! What the bounds tests share: the process's peak resident set, and a digest of what a
//! printer writes (its length and hash, the text not kept, so that it adds nothing to the
//! peak being measured).
#![allow(dead_code, clippy::unwrap_used)]

use dsplay_core::print;
use std::fmt;
use std::str::FromStr;

/// The process's peak resident set so far, when the system says (Linux: `VmHWM` in
/// `/proc/self/status`).
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb = u64::from_str(line.split_whitespace().nth(1)?).ok()?;
    Some(kb * 1024)
}

/// Asserts that the process's peak resident set is under `bound` (`what` it is measured
/// after, and `why` a larger one would matter, in the message), when the system says
/// (`start`: [`peak_rss`] at the test's start).
pub fn assert_peak_under(start: Option<u64>, bound: u64, what: &str, why: &str) {
    match (start, peak_rss()) {
        (Some(_), Some(peak)) => {
            eprintln!("{what}: peak resident set {} MiB", peak >> 20);
            assert!(
                peak < bound,
                "{what}: peak resident set {} MiB, over {} MiB: {why}",
                peak >> 20,
                bound >> 20
            );
        }
        _ => eprintln!("no /proc/self/status: peak memory not measured"),
    }
}

/// The length and a hash (FNV-1a) of a text written into it, not kept.
#[derive(Debug, PartialEq)]
pub struct Digest(pub usize, pub u64);

impl fmt::Write for Digest {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        for b in s.bytes() {
            self.1 = (self.1 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        Ok(())
    }
}

/// What `f` writes, as a [`Digest`].
pub fn digest(f: impl FnOnce(&mut Digest) -> fmt::Result) -> Digest {
    let mut d = Digest(0, 0xcbf2_9ce4_8422_2325);
    f(&mut d).unwrap();
    d
}

/// What `-o json` and `-o yaml` write of the List of `items()`'s objects, as digests
/// (nothing kept but them).
pub fn list_digests<I, T>(items: impl Fn() -> I) -> [Digest; 2]
where
    I: IntoIterator<Item = T>,
    T: serde::Serialize,
{
    [
        digest(|o| print::json::write_list(o, items())),
        digest(|o| print::yaml::write_list(o, items())),
    ]
}
