//! Low-level arguments: what the user typed, barely interpreted (ripgrep's `lowargs.rs`).
//!
//! Parsing here only splits flags from steps and checks that each flag has the value it
//! needs. Whether a value makes sense (a number, a known format, a well-formed step) is
//! decided in [`super::hiargs`].

use super::UsageError;
use std::ffi::OsString;

/// The subcommand.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Mode {
    /// No subcommand given (a usage error unless `--help` or `--version`).
    #[default]
    None,
    /// `dsplay simulate`.
    Simulate,
    /// `dsplay explain`.
    Explain,
    /// `dsplay share`.
    Share,
    /// `dsplay scenario SUBCOMMAND FILE`.
    Scenario,
    /// `dsplay lesson check FILE...`.
    Lesson,
}

/// Special actions that replace a normal run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Special {
    /// `-h`, `--help`, `help`.
    Help,
    /// `-V`, `--version`.
    Version,
}

/// The command line, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct LowArgs {
    /// The subcommand.
    pub(crate) mode: Mode,
    /// `--help` or `--version`, which win over everything else.
    pub(crate) special: Option<Special>,
    /// `--seed N`.
    pub(crate) seed: Option<String>,
    /// `-o FORMAT`, `--output FORMAT`.
    pub(crate) output: Option<String>,
    /// `-w`, `--watch`.
    pub(crate) watch: bool,
    /// `--default-cluster`.
    pub(crate) default_cluster: bool,
    /// `-n NS`, `--namespace NS`.
    pub(crate) namespace: Option<String>,
    /// `-q`, `--quiet`.
    pub(crate) quiet: bool,
    /// `--settle-limit DURATION`.
    pub(crate) settle_limit: Option<String>,
    /// `--base-url URL` (share).
    pub(crate) base_url: Option<String>,
    /// Steps, in order.
    pub(crate) steps: Vec<String>,
}

/// Flags that take a value, by every spelling.
const VALUE_FLAGS: &[(&str, &str)] = &[
    ("--seed", "seed"),
    ("-o", "output"),
    ("--output", "output"),
    ("-n", "namespace"),
    ("--namespace", "namespace"),
    ("--settle-limit", "settle-limit"),
    ("--base-url", "base-url"),
];

impl LowArgs {
    /// Parses the arguments after the program name.
    ///
    /// Flags may come before or after the subcommand and between steps, as kubectl
    /// allows; `--` ends the flags. `-` alone is a step (standard input).
    pub(crate) fn parse<I>(args: I) -> Result<LowArgs, UsageError>
    where
        I: IntoIterator<Item = OsString>,
    {
        let mut low = LowArgs::default();
        let mut args = args.into_iter();
        let mut only_steps = false;
        while let Some(arg) = args.next() {
            let arg = arg.into_string().map_err(|a| {
                UsageError::new(format!(
                    "argument is not valid UTF-8: {}",
                    a.to_string_lossy()
                ))
            })?;
            if only_steps || arg == "-" || !arg.starts_with('-') {
                low.positional(arg)?;
                continue;
            }
            if arg == "--" {
                only_steps = true;
                continue;
            }
            match arg.as_str() {
                "-h" | "--help" => {
                    low.special = Some(Special::Help);
                    continue;
                }
                "-V" | "--version" => {
                    if low.special.is_none() {
                        low.special = Some(Special::Version);
                    }
                    continue;
                }
                "-w" | "--watch" => {
                    low.watch = true;
                    continue;
                }
                "--default-cluster" => {
                    low.default_cluster = true;
                    continue;
                }
                "-q" | "--quiet" => {
                    low.quiet = true;
                    continue;
                }
                _ => {}
            }
            let (flag, inline) = split_flag(&arg);
            let Some(&(_, name)) = VALUE_FLAGS.iter().find(|(f, _)| *f == flag) else {
                return Err(UsageError::new(format!("unknown flag {flag}")));
            };
            let value = match inline {
                Some(v) => v,
                None => match args.next() {
                    Some(v) => v.into_string().map_err(|a| {
                        UsageError::new(format!(
                            "value of {flag} is not valid UTF-8: {}",
                            a.to_string_lossy()
                        ))
                    })?,
                    None => return Err(UsageError::new(format!("flag {flag} needs a value"))),
                },
            };
            let slot = match name {
                "seed" => &mut low.seed,
                "output" => &mut low.output,
                "namespace" => &mut low.namespace,
                "base-url" => &mut low.base_url,
                _ => &mut low.settle_limit,
            };
            *slot = Some(value);
        }
        Ok(low)
    }

    /// A word that is not a flag: the subcommand first, then steps.
    fn positional(&mut self, arg: String) -> Result<(), UsageError> {
        if self.mode != Mode::None {
            self.steps.push(arg);
            return Ok(());
        }
        self.mode = match arg.as_str() {
            "simulate" | "sim" => Mode::Simulate,
            "explain" => Mode::Explain,
            "share" => Mode::Share,
            "scenario" => Mode::Scenario,
            "lesson" => Mode::Lesson,
            "help" => {
                self.special = Some(Special::Help);
                return Ok(());
            }
            _ => {
                return Err(UsageError::new(format!(
                "unknown command {arg:?} (expected `simulate`, `explain`, `share`, `scenario` or `lesson`)"
            )))
            }
        };
        Ok(())
    }
}

/// Splits `--output=wide` into (`--output`, `wide`) and `-owide` / `-o=wide` into (`-o`, `wide`).
fn split_flag(arg: &str) -> (&str, Option<String>) {
    if arg.starts_with("--") {
        return match arg.split_once('=') {
            Some((f, v)) => (f, Some(v.to_string())),
            None => (arg, None),
        };
    }
    // A short flag: `-o`, `-owide`, `-o=wide`.
    let mut chars = arg.char_indices().skip(1);
    match chars.next() {
        Some((i, c)) => {
            let end = i + c.len_utf8();
            let (flag, rest) = arg.split_at(end);
            if rest.is_empty() {
                (flag, None)
            } else {
                (
                    flag,
                    Some(rest.strip_prefix('=').unwrap_or(rest).to_string()),
                )
            }
        }
        None => (arg, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<LowArgs, UsageError> {
        LowArgs::parse(args.iter().map(OsString::from))
    }

    #[test]
    fn flags_anywhere_and_every_spelling() {
        let low = parse(&[
            "--seed=7",
            "simulate",
            "a.yaml",
            "-owide",
            "-n",
            "kube-system",
            "-",
            "--settle-limit",
            "2h",
        ])
        .unwrap();
        assert_eq!(low.mode, Mode::Simulate);
        assert_eq!(low.seed.as_deref(), Some("7"));
        assert_eq!(low.output.as_deref(), Some("wide"));
        assert_eq!(low.namespace.as_deref(), Some("kube-system"));
        assert_eq!(low.settle_limit.as_deref(), Some("2h"));
        assert_eq!(low.steps, vec!["a.yaml", "-"]);
    }

    #[test]
    fn short_flag_with_equals() {
        let low = parse(&["explain", "-o=json", "x"]).unwrap();
        assert_eq!(low.output.as_deref(), Some("json"));
        assert_eq!(low.mode, Mode::Explain);
    }

    #[test]
    fn double_dash_ends_flags() {
        let low = parse(&["simulate", "--", "--watch"]).unwrap();
        assert!(!low.watch);
        assert_eq!(low.steps, vec!["--watch"]);
    }

    #[test]
    fn unknown_flag_is_a_usage_error() {
        let err = parse(&["simulate", "--frobnicate", "x"]).unwrap_err();
        assert_eq!(err.to_string(), "unknown flag --frobnicate");
    }

    #[test]
    fn missing_value_is_a_usage_error() {
        let err = parse(&["simulate", "x", "--seed"]).unwrap_err();
        assert_eq!(err.to_string(), "flag --seed needs a value");
    }

    #[test]
    fn unknown_command_is_a_usage_error() {
        assert!(parse(&["simulat", "x"]).is_err());
    }

    #[test]
    fn help_wins() {
        let low = parse(&["--version", "simulate", "--help"]).unwrap();
        assert_eq!(low.special, Some(Special::Help));
    }
}
