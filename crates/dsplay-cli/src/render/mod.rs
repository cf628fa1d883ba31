//! Everything the CLI prints: the `v1 List`, kubectl's tables, watch lines, explanations.

pub(crate) mod explain;
pub(crate) mod get;
pub(crate) mod list;
pub(crate) mod table;
pub(crate) mod time;
pub(crate) mod watch;
