//! The page's components, one per file.

#[cfg(feature = "full")]
pub mod autopilot;
pub mod chip_list;
pub mod cluster_view;
#[cfg(feature = "full")]
pub mod console;
pub mod details;
pub mod ds_table;
pub mod editor;
pub mod error_panel;
pub mod events;
pub mod field_docs;
#[cfg(feature = "full")]
pub mod learn;
pub mod node_card;
pub mod node_controls;
pub mod pod_chip;
#[cfg(feature = "full")]
pub mod presentation;
#[cfg(feature = "full")]
pub mod scenario_bar;
pub mod share_bar;
pub mod time_controls;
#[cfg(feature = "full")]
pub mod timeline;
pub mod tools;
