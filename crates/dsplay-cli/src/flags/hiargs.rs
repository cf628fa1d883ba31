//! High-level arguments: the validated run (ripgrep's `hiargs.rs`).

use super::lowargs::{LowArgs, Mode, Special};
use super::UsageError;
use dsplay_core::clock::{parse_duration, SimDuration};
use dsplay_core::steps::{Source, Step, StepSpec};

/// How results are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Output {
    /// One `v1 List` as YAML.
    Yaml,
    /// The same as JSON (4-space indent, as kubectl).
    Json,
    /// `kubectl get` tables.
    Wide,
    /// The cluster view as one SVG picture ([`dsplay_core::print::svg`]).
    Svg,
    /// Each DaemonSet's status over the run as SVG charts ([`dsplay_core::print::chart`]).
    Chart,
    /// Readable explanations (explain only).
    Text,
}

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Command {
    /// Print the help.
    Help,
    /// Print the version.
    Version,
    /// Run the steps and print the result.
    Run(HiArgs),
    /// `dsplay scenario export-kubectl FILE`: print the scenario as a kubectl script.
    ExportKubectl(String),
    /// `dsplay lesson check FILE...`: verify lessons (docs/lessons.md).
    LessonCheck(Vec<String>),
}

/// A validated run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HiArgs {
    /// `simulate` or `explain`.
    pub(crate) explain: bool,
    /// Seed.
    pub(crate) seed: u64,
    /// Output format.
    pub(crate) output: Output,
    /// Print watch events instead of the final state.
    pub(crate) watch: bool,
    /// Start from the default cluster.
    pub(crate) default_cluster: bool,
    /// Suppress kubectl's success lines.
    pub(crate) quiet: bool,
    /// Most simulated time a step may take to settle.
    pub(crate) settle_limit: SimDuration,
    /// `dsplay share`: print the run's share link, on this base URL (`--base-url`).
    pub(crate) share: Option<String>,
    /// A leading `link:LINK` step: start from that link's state.
    pub(crate) link: Option<String>,
    /// Steps, in order (without a leading `default-cluster` or `link:`, which set
    /// `default_cluster` and `link`).
    pub(crate) steps: Vec<StepSpec>,
}

/// Where `dsplay share` links point unless `--base-url` says otherwise: the playground as
/// `scripts/serve.sh` serves it.
pub(crate) const DEFAULT_BASE_URL: &str = "http://127.0.0.1:8080/";

/// The default `--settle-limit`: one hour of simulated time.
pub(crate) const DEFAULT_SETTLE_LIMIT: SimDuration = SimDuration::from_secs(3600);

impl Command {
    /// Validates low-level arguments.
    pub(crate) fn from_low(low: LowArgs) -> Result<Command, UsageError> {
        match low.special {
            Some(Special::Help) => return Ok(Command::Help),
            Some(Special::Version) => return Ok(Command::Version),
            None => {}
        }
        if low.mode == Mode::Scenario {
            return match low.steps.as_slice() {
                [sub, file] if sub == "export-kubectl" => Ok(Command::ExportKubectl(file.clone())),
                [sub, ..] if sub != "export-kubectl" => Err(UsageError::new(format!(
                    "unknown scenario command {sub:?} (expected `export-kubectl FILE`)"
                ))),
                _ => Err(UsageError::new(
                    "usage: dsplay scenario export-kubectl FILE",
                )),
            };
        }
        if low.mode == Mode::Lesson {
            return match low.steps.split_first() {
                Some((sub, files)) if sub == "check" && !files.is_empty() => {
                    Ok(Command::LessonCheck(files.to_vec()))
                }
                Some((sub, _)) if sub != "check" => Err(UsageError::new(format!(
                    "unknown lesson command {sub:?} (expected `check FILE...`)"
                ))),
                _ => Err(UsageError::new("usage: dsplay lesson check FILE...")),
            };
        }
        let explain = match low.mode {
            Mode::None => {
                return Err(UsageError::new(
                    "missing command: simulate, explain or share",
                ))
            }
            // (Scenario and Lesson returned above.)
            Mode::Simulate | Mode::Share | Mode::Scenario | Mode::Lesson => false,
            Mode::Explain => true,
        };
        let share = match (low.mode, low.base_url) {
            (Mode::Share, url) => {
                if low.output.is_some() || low.watch {
                    return Err(UsageError::new(
                        "share prints a link: it cannot be combined with -o or --watch",
                    ));
                }
                Some(url.unwrap_or_else(|| DEFAULT_BASE_URL.to_string()))
            }
            (_, Some(_)) => return Err(UsageError::new("--base-url works with share only")),
            (_, None) => None,
        };
        let seed = match &low.seed {
            None => 0,
            Some(s) => s.parse::<u64>().map_err(|_| {
                UsageError::new(format!(
                    "--seed {s:?}: expected a whole number from 0 to {}",
                    u64::MAX
                ))
            })?,
        };
        let output = match (explain, low.output.as_deref()) {
            (false, None | Some("yaml")) => Output::Yaml,
            (false, Some("json")) => Output::Json,
            (false, Some("wide")) => Output::Wide,
            (false, Some("svg")) => Output::Svg,
            (false, Some("chart")) => Output::Chart,
            (true, None | Some("text")) => Output::Text,
            (true, Some("json")) => Output::Json,
            (true, Some("yaml")) => Output::Yaml,
            (false, Some(o)) => {
                return Err(UsageError::new(format!(
                    "unknown output format {o:?} for simulate (yaml, json, wide, svg, chart)"
                )))
            }
            (true, Some(o)) => {
                return Err(UsageError::new(format!(
                    "unknown output format {o:?} for explain (text, json, yaml)"
                )))
            }
        };
        if low.watch {
            if explain {
                return Err(UsageError::new("--watch works with simulate only"));
            }
            if matches!(low.output.as_deref(), Some(o) if o != "json") {
                return Err(UsageError::new(
                    "--watch prints JSON lines; it cannot be combined with -o yaml, -o wide, -o svg or -o chart",
                ));
            }
        }
        let settle_limit = match &low.settle_limit {
            None => DEFAULT_SETTLE_LIMIT,
            Some(s) => {
                let d = parse_duration(s)
                    .map_err(|e| UsageError::new(format!("--settle-limit: {e}")))?;
                if d.as_millis() == 0 {
                    return Err(UsageError::new("--settle-limit must be more than 0s"));
                }
                d
            }
        };
        let namespace = low.namespace.as_deref().unwrap_or("default");
        if namespace.is_empty() {
            return Err(UsageError::new("--namespace must not be empty"));
        }
        let mut default_cluster = low.default_cluster;
        let mut link = None;
        let mut steps = Vec::with_capacity(low.steps.len());
        let mut stdin_used = false;
        for (i, text) in low.steps.iter().enumerate() {
            let spec = StepSpec::parse(text, namespace)
                .map_err(|e| UsageError::new(format!("step {text:?}: {e}")))?;
            match &spec.step {
                Step::DefaultCluster if i == 0 => {
                    default_cluster = true;
                    continue;
                }
                Step::DefaultCluster => return Err(UsageError::new(
                    "step \"default-cluster\" must be the first step (or use --default-cluster)",
                )),
                Step::Link(l) if i == 0 => {
                    if default_cluster || low.seed.is_some() {
                        return Err(UsageError::new(
                            "a link: step brings its own seed and cluster: it cannot be combined with --seed or --default-cluster",
                        ));
                    }
                    link = Some(l.clone());
                    continue;
                }
                Step::Link(_) => {
                    return Err(UsageError::new(format!(
                        "step {}: a link: step must be the first step",
                        spec.shown()
                    )))
                }
                Step::Apply(Source::Stdin) if stdin_used => {
                    return Err(UsageError::new("standard input (-) can be read only once"))
                }
                Step::Apply(Source::Stdin) => stdin_used = true,
                _ => {}
            }
            steps.push(spec);
        }
        if steps.is_empty() && !default_cluster && link.is_none() {
            return Err(UsageError::new(
                "missing steps: give at least one manifest file, `-`, link:LINK or --default-cluster",
            ));
        }
        Ok(Command::Run(HiArgs {
            explain,
            seed,
            output,
            watch: low.watch,
            default_cluster,
            quiet: low.quiet,
            settle_limit,
            share,
            link,
            steps,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn command(args: &[&str]) -> Result<Command, UsageError> {
        Command::from_low(LowArgs::parse(args.iter().map(OsString::from))?)
    }
    fn run(args: &[&str]) -> HiArgs {
        match command(args).unwrap() {
            Command::Run(h) => h,
            other => panic!("not a run: {other:?}"),
        }
    }
    fn usage(args: &[&str]) -> String {
        command(args).unwrap_err().to_string()
    }

    #[test]
    fn defaults() {
        let h = run(&["simulate", "ds.yaml"]);
        assert_eq!(
            (h.seed, h.output, h.watch, h.quiet),
            (0, Output::Yaml, false, false)
        );
        assert_eq!(h.settle_limit, DEFAULT_SETTLE_LIMIT);
        assert!(!h.default_cluster);
        assert_eq!(run(&["explain", "x"]).output, Output::Text);
    }

    #[test]
    fn default_cluster_step_or_flag() {
        let h = run(&["simulate", "default-cluster", "ds.yaml"]);
        assert!(h.default_cluster);
        assert_eq!(h.steps.len(), 1);
        assert!(run(&["simulate", "--default-cluster"]).default_cluster);
        assert!(usage(&["simulate", "ds.yaml", "default-cluster"]).contains("first step"));
    }

    #[test]
    fn validation_errors() {
        assert!(usage(&["simulate"]).starts_with("missing steps"));
        assert!(usage(&["ds.yaml"]).starts_with("unknown command"));
        assert!(usage(&["--seed", "1"]).starts_with("missing command"));
        assert!(usage(&["simulate", "--seed", "-1", "x"]).contains("whole number"));
        assert!(usage(&["simulate", "-o", "table", "x"]).contains("unknown output format"));
        assert!(usage(&["explain", "-o", "wide", "x"]).contains("for explain"));
        assert!(usage(&["simulate", "-w", "-o", "wide", "x"]).contains("--watch"));
        assert!(usage(&["simulate", "-w", "-o", "chart", "x"]).contains("-o chart"));
        assert!(usage(&["explain", "-o", "chart", "x"]).contains("for explain"));
        assert_eq!(run(&["simulate", "-o", "chart", "x"]).output, Output::Chart);
        assert!(usage(&["explain", "-w", "x"]).contains("simulate only"));
        assert!(usage(&["simulate", "-", "-"]).contains("only once"));
        assert!(usage(&["simulate", "wait:3"]).contains("missing unit"));
        assert!(usage(&["simulate", "--settle-limit", "0", "x"]).contains("more than 0s"));
    }

    #[test]
    fn links_and_share() {
        let h = run(&["simulate", "link:#v1=AA", "wait:1s"]);
        assert_eq!(h.link.as_deref(), Some("#v1=AA"));
        assert_eq!(h.steps.len(), 1);
        assert!(run(&["explain", "link:#v1=AA"]).link.is_some());
        assert!(usage(&["simulate", "x.yaml", "link:#v1=AA"]).contains("must be the first step"));
        assert!(usage(&["simulate", "--seed", "2", "link:#v1=AA"]).contains("--seed"));
        assert!(usage(&["simulate", "--default-cluster", "link:#v1=AA"]).contains("--seed"));
        let h = run(&["share", "--default-cluster"]);
        assert_eq!(h.share.as_deref(), Some(DEFAULT_BASE_URL));
        let h = run(&["share", "--base-url", "https://docs.example/play/", "x"]);
        assert_eq!(h.share.as_deref(), Some("https://docs.example/play/"));
        assert!(usage(&["share", "-o", "json", "x"]).contains("-o or --watch"));
        assert!(usage(&["simulate", "--base-url", "u", "x"]).contains("share only"));
    }

    #[test]
    fn watch_with_json_is_fine() {
        let h = run(&["simulate", "-w", "-o", "json", "x"]);
        assert!(h.watch);
    }

    #[test]
    fn help_and_version() {
        assert_eq!(command(&["--help"]).unwrap(), Command::Help);
        assert_eq!(command(&["help"]).unwrap(), Command::Help);
        assert_eq!(command(&["-V"]).unwrap(), Command::Version);
    }
}
