//! Custom hooks.

mod use_details;
mod use_interval;
mod use_local_storage;
mod use_visible_rows;

pub use use_details::use_details;
pub use use_interval::use_interval;
pub use use_local_storage::{storage_get, storage_remove, storage_set, use_local_storage};
pub use use_visible_rows::{use_visible_rows, GridGeometry, VisibleRows};
