//! Everything the CLI prints but kubectl's tables (`dsplay_core::print::get`): the `v1 List`,
//! watch lines, explanations.

pub(crate) mod explain;
pub(crate) mod list;
pub(crate) mod time;
pub(crate) mod watch;
