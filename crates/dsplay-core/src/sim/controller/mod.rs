//! The DaemonSet controller (pkg/controller/daemon): its state and event handlers,
//! `syncDaemonSet`, `manage`, `rollingUpdate`, history and status.

mod handlers;
mod history;
mod manage;
mod plan;
mod rolling_update;
mod state;
mod status;
mod sync;
pub(crate) mod util;

pub(crate) use handlers::OldPod;
pub(crate) use state::{status_bits, Controller, DaemonSetCache, Listers, STATE_SLOT_BYTES};
pub(crate) use status::first_pod;
