//! Validation as the API server does it on create (`pkg/apis/apps/validation`,
//! `pkg/apis/core/validation`), collecting every field error of an object.

mod container;
mod daemonset;
mod field;
mod meta;
mod node_update;
mod pod;
mod volume;

pub(crate) use daemonset::{validate_daemon_set, validate_daemon_set_spec_update};
pub(crate) use field::is_go_printable;
pub use field::{quote, ErrorType, FieldError};
pub(crate) use meta::{validate_node, validate_pod};
pub(crate) use node_update::node_write_refusal;
pub(crate) use volume::volume_sources;
