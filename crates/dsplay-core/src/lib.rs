//! A faithful, deterministic simulation of the Kubernetes DaemonSet controller.
//!
//! `dsplay-core` takes the same manifests `kubectl apply -f` takes, runs the
//! DaemonSet controller, the parts of the default scheduler a daemon pod meets,
//! and a simulated kubelet over simulated time, and shows the result in the
//! shapes the Kubernetes API uses. It has no clock, no I/O and no unseeded
//! randomness: time and the seed are inputs, so one input gives one output,
//! natively and in the browser.
//!
//! # Brief overview
//!
//! * [`load`] turns manifest text into API objects (DaemonSets, Nodes, Pods),
//!   with the API server's defaults and validation, and errors located by
//!   file, line and column.
//! * [`predicates`] answers the controller's question, "should a daemon pod
//!   run on this node?" (`NodeShouldRunDaemonPod`), and the scheduler's, "does
//!   this pod fit on this node?".
//! * [`sim`] holds the simulated cluster ([`sim::Simulation`]): apply
//!   manifests, operate on nodes, advance time, and read the result.
//! * [`kubectl`] is the console: kubectl command lines parsed and carried out on a
//!   simulation, answering as kubectl does.
//! * [`view`] holds plain projections of the cluster that the CLI and the web
//!   page both render.
//! * [`timeline`] follows a run over time: each DaemonSet's status for the charts
//!   ([`print::chart`]), and checkpoints to see the cluster as it was at any moment.
//!
//! # Example
//!
//! ```
//! use dsplay_core::sim::Simulation;
//!
//! let mut sim = Simulation::new(42);
//! let report = sim.apply("ds.yaml", "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n");
//! assert!(report.errors.is_empty());
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod autopilot;
pub mod check;
pub mod clock;
pub mod explain;
pub mod field_docs;
mod float_text;
pub mod json;
pub mod kubectl;
pub mod lesson;
pub mod load;
pub mod location;
pub mod markdown;
pub mod predicates;
pub mod print;
pub mod quantity;
pub mod scenario;
pub mod share;
pub mod sim;
mod sort;
pub mod steps;
pub mod timeline;
pub mod view;
