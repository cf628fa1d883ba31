//! The kubectl console: one parser for kubectl command lines and an executor over a
//! [`Simulation`](crate::sim::Simulation) (issue 14, item 1).
//!
//! [`run`] takes a line as typed (`kubectl get pods -o wide`, `get ds`, `ls`,
//! `cat FILE`) and returns an [`Outcome`]: kubectl's output (standard output and error, in
//! order), its exit status, and the [`Input`](crate::sim::Input)s the command gave the
//! cluster. Mutations go through the same inputs as the page's buttons and the CLI's steps,
//! so a run that used the console replays, shares and records like any other.
//!
//! The output is kubectl's for the same objects: `get` tables through
//! [`crate::print::get`] and [`crate::print::table`] (the CLI's tables), `-o yaml` through
//! [`crate::print::yaml`], `-o json` through [`crate::print::json`], `describe` in
//! describe.go's layout, and errors in kubectl's words. What differs from kubectl is listed
//! in `docs/kubectl.md`.
//!
//! ```
//! use dsplay_core::kubectl::{run, Files};
//! use dsplay_core::sim::Simulation;
//!
//! let mut sim = Simulation::with_default_cluster(1);
//! let out = run(&mut sim, "kubectl get nodes", &Files::new());
//! assert_eq!(out.exit_code, 0);
//! assert!(out.stdout().starts_with("NAME            STATUS   ROLES           AGE"));
//! let out = run(&mut sim, "kubectl get dae", &Files::new());
//! assert_eq!(out.stderr(), "error: the server doesn't have a resource type \"dae\"\n");
//! ```

pub mod complete;
mod describe;
mod exec;
mod parse;
pub mod resources;
mod selector;

pub use exec::{
    execute, execute_in, query, run, run_in, success_line, Context, Files, Outcome, Stream, HELP,
    KUBECTL_VERSION,
};
pub use parse::{
    flags_of, parse_args, parse_line, split_words, Command, Output, Rollout, Scope, Target,
    UsageError, ROLLOUT_SUBCOMMANDS, VERBS,
};
pub use selector::Selector;
