//! The DaemonSet controller (pkg/controller/daemon): `syncDaemonSet`, `manage`,
//! `rollingUpdate`, history and status.

mod history;
mod manage;
mod plan;
mod rolling_update;
mod state;
mod status;
mod sync;
pub(crate) mod util;

pub(crate) use state::Controller;
