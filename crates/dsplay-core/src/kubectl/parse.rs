//! kubectl's command-line grammar: words as a shell splits them, the verb, cobra/pflag's
//! flags (`-o wide`, `-owide`, `-o=wide`, `--output=wide`, `-Aw`, `--`), and resource
//! arguments in both forms (`TYPE NAME…`, `TYPE/NAME…`, `TYPE1,TYPE2`).

use super::resources::{self, Resource};

/// A command line kubectl refuses before doing anything: its message as kubectl prints it
/// (on standard error, ending with a newline); the exit status is 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `-o`: how `get` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// The table.
    Table,
    /// `-o wide`.
    Wide,
    /// `-o yaml`.
    Yaml,
    /// `-o json`.
    Json,
    /// `-o name`.
    Name,
}

/// One resource argument: a type and, if given, a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The type.
    pub resource: &'static Resource,
    /// The name; `None`: every object of the type.
    pub name: Option<String>,
}

/// The namespace flags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// `-n`; `None`: `default`.
    pub namespace: Option<String>,
    /// `-A`.
    pub all: bool,
}

impl Scope {
    /// The namespace a namespaced object is looked for in.
    pub fn namespace(&self) -> &str {
        self.namespace.as_deref().unwrap_or("default")
    }
}

/// `rollout`'s subcommands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rollout {
    /// `rollout status`.
    Status,
    /// `rollout history`.
    History,
    /// `rollout undo`.
    Undo,
    /// `rollout restart`.
    Restart,
    /// `rollout pause`.
    Pause,
    /// `rollout resume`.
    Resume,
}

/// A parsed command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `kubectl get`.
    Get {
        /// What to list.
        targets: Vec<Target>,
        /// `-n`, `-A`.
        scope: Scope,
        /// `-o`.
        output: Output,
        /// `-l`.
        selector: Option<String>,
        /// `--show-labels`.
        show_labels: bool,
        /// `--sort-by`.
        sort_by: Option<String>,
        /// `-w`.
        watch: bool,
        /// `--ignore-not-found`: a named object that does not exist is no error, and
        /// nothing found prints nothing (not even "No resources found").
        ignore_not_found: bool,
        /// `--no-headers`.
        no_headers: bool,
    },
    /// `kubectl describe`.
    Describe {
        /// What to describe.
        targets: Vec<Target>,
        /// `-n`, `-A`.
        scope: Scope,
        /// `-l`.
        selector: Option<String>,
    },
    /// `kubectl apply|create|delete -f FILE…`.
    Files {
        /// `apply`, `create` or `delete`.
        verb: &'static str,
        /// The files, in order.
        files: Vec<String>,
        /// `-n`.
        scope: Scope,
    },
    /// `kubectl delete TYPE NAME…`.
    Delete {
        /// What to delete.
        targets: Vec<Target>,
        /// `-n`.
        scope: Scope,
        /// `--ignore-not-found`.
        ignore_not_found: bool,
    },
    /// `kubectl taint nodes NODE… KEY[=VALUE]:EFFECT[-]…`.
    Taint {
        /// The nodes (`--all`: empty).
        nodes: Vec<String>,
        /// `--all`.
        all: bool,
        /// The taint specs as typed.
        taints: Vec<String>,
        /// `--overwrite`.
        overwrite: bool,
    },
    /// `kubectl label|annotate TYPE NAME KEY=VALUE… KEY-…`.
    Meta {
        /// `label` or `annotate`.
        verb: &'static str,
        /// The objects.
        targets: Vec<Target>,
        /// `KEY=VALUE` or `KEY-`, as typed.
        changes: Vec<String>,
        /// `--overwrite`.
        overwrite: bool,
        /// `-n`.
        scope: Scope,
    },
    /// `kubectl cordon|uncordon|drain NODE…`.
    Node {
        /// `cordon`, `uncordon` or `drain`.
        verb: &'static str,
        /// The nodes.
        nodes: Vec<String>,
        /// `--ignore-daemonsets`.
        ignore_daemonsets: bool,
        /// `--force`.
        force: bool,
    },
    /// `kubectl rollout SUB TYPE/NAME`.
    Rollout {
        /// The subcommand.
        sub: Rollout,
        /// The objects.
        targets: Vec<Target>,
        /// `--to-revision` (undo) or `--revision` (history).
        revision: Option<i64>,
        /// `-n`.
        scope: Scope,
    },
    /// `kubectl set image TYPE/NAME CONTAINER=IMAGE…`.
    SetImage {
        /// The objects.
        targets: Vec<Target>,
        /// (container, image).
        images: Vec<(String, String)>,
        /// `-n`.
        scope: Scope,
    },
    /// `kubectl scale --replicas=N TYPE/NAME`: refused for every simulated type (none has a
    /// `scale` subresource), as the API server refuses it.
    Scale {
        /// The objects.
        targets: Vec<Target>,
        /// `--replicas` (0 or more).
        replicas: i64,
        /// `-n`.
        scope: Scope,
    },
    /// `kubectl edit TYPE/NAME` (the page opens the object in its editor).
    Edit {
        /// The object.
        target: Target,
        /// `-n`.
        scope: Scope,
    },
    /// `kubectl explain PATH`.
    Explain {
        /// The field path.
        path: String,
        /// `--recursive`.
        recursive: bool,
        /// `--max-depth` (0: no limit).
        max_depth: usize,
    },
    /// `kubectl version`.
    Version {
        /// `--client`.
        client: bool,
    },
    /// `kubectl api-resources`.
    ApiResources {
        /// `--namespaced=true|false`.
        namespaced: Option<bool>,
        /// `-o name` / `-o wide`.
        output: Output,
    },
    /// `ls`: the virtual folder's files.
    Ls,
    /// `cat FILE…`.
    Cat {
        /// The files.
        files: Vec<String>,
    },
    /// `clear` (and Ctrl+L).
    Clear,
    /// `help`, `kubectl`, `kubectl help`.
    Help,
}

impl Command {
    /// Whether the command can change the cluster (a CLI step that does not only reads).
    pub fn mutates(&self) -> bool {
        match self {
            Command::Rollout { sub, .. } => !matches!(sub, Rollout::Status | Rollout::History),
            Command::Files { .. }
            | Command::Delete { .. }
            | Command::Taint { .. }
            | Command::Meta { .. }
            | Command::Node { .. }
            | Command::SetImage { .. }
            | Command::Scale { .. } => true,
            _ => false,
        }
    }

    /// Whether the command reads the folder ([`Context::files`](super::Context::files)):
    /// `apply|create|delete -f`, `ls`, `cat`. A reader that builds its folder on demand (the
    /// page's console) builds it only for these.
    pub fn reads_files(&self) -> bool {
        matches!(
            self,
            Command::Files { .. } | Command::Ls | Command::Cat { .. }
        )
    }
}

/// The verbs the console knows, for help and completion (kubectl's, then the shell's).
pub const VERBS: &[&str] = &[
    "annotate",
    "api-resources",
    "apply",
    "cordon",
    "create",
    "delete",
    "describe",
    "drain",
    "edit",
    "explain",
    "get",
    "label",
    "rollout",
    "scale",
    "set",
    "taint",
    "uncordon",
    "version",
];

/// `rollout`'s subcommands, for completion.
pub const ROLLOUT_SUBCOMMANDS: &[&str] =
    &["history", "pause", "restart", "resume", "status", "undo"];

/// A flag: long name, shorthand, whether it takes a value, the verbs that have it (empty:
/// every verb, like kubectl's global `-n`).
struct FlagSpec {
    long: &'static str,
    short: Option<char>,
    value: bool,
    verbs: &'static [&'static str],
}

const fn flag(
    long: &'static str,
    short: Option<char>,
    value: bool,
    verbs: &'static [&'static str],
) -> FlagSpec {
    FlagSpec {
        long,
        short,
        value,
        verbs,
    }
}

const SELECTING: &[&str] = &[
    "get", "describe", "delete", "taint", "label", "annotate", "cordon", "uncordon", "drain",
    "rollout", "set", "scale",
];

static FLAGS: &[FlagSpec] = &[
    flag("namespace", Some('n'), true, &[]),
    flag(
        "output",
        Some('o'),
        true,
        &["get", "version", "api-resources"],
    ),
    flag(
        "all-namespaces",
        Some('A'),
        false,
        &["get", "describe", "delete"],
    ),
    flag("selector", Some('l'), true, SELECTING),
    flag("show-labels", None, false, &["get"]),
    flag("sort-by", None, true, &["get", "api-resources"]),
    flag("watch", Some('w'), false, &["get", "rollout"]),
    flag("no-headers", None, false, &["get", "api-resources"]),
    flag("ignore-not-found", None, false, &["get", "delete"]),
    flag(
        "filename",
        Some('f'),
        true,
        &["apply", "create", "delete", "get", "describe", "edit"],
    ),
    flag("overwrite", None, false, &["taint", "label", "annotate"]),
    flag(
        "all",
        None,
        false,
        &["taint", "label", "annotate", "delete", "set"],
    ),
    flag("ignore-daemonsets", None, false, &["drain"]),
    flag("force", None, false, &["drain", "delete"]),
    flag("delete-emptydir-data", None, false, &["drain"]),
    flag("grace-period", None, true, &["drain", "delete"]),
    flag("timeout", None, true, &["drain", "rollout", "delete"]),
    flag("to-revision", None, true, &["rollout"]),
    flag("revision", None, true, &["rollout"]),
    flag("replicas", None, true, &["scale"]),
    flag("client", None, false, &["version"]),
    flag("namespaced", None, true, &["api-resources"]),
    flag("recursive", None, false, &["explain"]),
    flag("max-depth", None, true, &["explain"]),
    flag("help", Some('h'), false, &[]),
];

/// Flags a verb has, `--long` each, for completion.
pub fn flags_of(verb: &str) -> Vec<String> {
    FLAGS
        .iter()
        .filter(|f| f.verbs.is_empty() || f.verbs.contains(&verb))
        .map(|f| format!("--{}", f.long))
        .collect()
}

/// The flags given, by long name, in order (a repeated flag appears each time).
#[derive(Default)]
struct Flags(Vec<(&'static str, String)>);

impl Flags {
    fn last(&self, long: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(l, _)| *l == long)
            .map(|(_, v)| v.as_str())
    }
    fn all(&self, long: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(l, _)| *l == long)
            .map(|(_, v)| v.clone())
            .collect()
    }
    fn bool(&self, long: &str) -> bool {
        self.last(long) == Some("true")
    }
    fn scope(&self) -> Scope {
        Scope {
            namespace: self.last("namespace").map(str::to_string),
            all: self.bool("all-namespaces"),
        }
    }
}

/// Splits a line into words as a POSIX shell does: blanks separate, `'…'` and `"…"` quote,
/// `\` escapes; `#` at a word's start begins a comment.
///
/// # Errors
///
/// An unterminated quote (`unexpected EOF while looking for matching '"'`).
pub fn split_words(line: &str) -> Result<Vec<String>, UsageError> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '#' if !in_word => break,
            '\'' | '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        None => {
                            return Err(UsageError(format!(
                                "unexpected EOF while looking for matching `{c}'\n"
                            )))
                        }
                        Some(q) if q == c => break,
                        Some('\\') if c == '"' => match chars.next() {
                            Some(e @ ('"' | '\\' | '$' | '`')) => word.push(e),
                            Some(e) => {
                                word.push('\\');
                                word.push(e);
                            }
                            None => word.push('\\'),
                        },
                        Some(q) => word.push(q),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(e) = chars.next() {
                    if e != '\n' {
                        word.push(e);
                    }
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// Parses one console line (`kubectl get pods -o wide`, `get pods`, `ls`, `cat FILE`);
/// `Ok(None)` for an empty line or a comment.
///
/// # Errors
///
/// kubectl's usage errors, as it prints them.
pub fn parse_line(line: &str) -> Result<Option<Command>, UsageError> {
    let words = split_words(line)?;
    let Some(first) = words.first() else {
        return Ok(None);
    };
    match first.as_str() {
        "ls" => return Ok(Some(Command::Ls)),
        "cat" => {
            return Ok(Some(Command::Cat {
                files: words.get(1..).unwrap_or_default().to_vec(),
            }))
        }
        "clear" => return Ok(Some(Command::Clear)),
        "help" => return Ok(Some(Command::Help)),
        _ => {}
    }
    let args = if first == "kubectl" {
        words.get(1..).unwrap_or_default()
    } else {
        &words[..]
    };
    parse_args(args).map(Some)
}

/// Parses kubectl's arguments (the words after `kubectl`).
///
/// # Errors
///
/// kubectl's usage errors, as it prints them.
pub fn parse_args(args: &[String]) -> Result<Command, UsageError> {
    let mut flags = Flags::default();
    let mut positional: Vec<String> = Vec::new();
    // Flags are checked against the verb once it is known; until then, any known flag.
    let mut pending: Vec<(&'static FlagSpec, String)> = Vec::new();
    let mut i = 0;
    let mut only_args = false;
    while let Some(arg) = args.get(i) {
        i += 1;
        if only_args || arg == "-" || !arg.starts_with('-') {
            positional.push(arg.clone());
            continue;
        }
        if arg == "--" {
            only_args = true;
            continue;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let spec = FLAGS
                .iter()
                .find(|f| f.long == name)
                .ok_or_else(|| usage_of(&positional, &format!("unknown flag: --{name}")))?;
            let value = flag_value(
                spec,
                inline,
                args,
                &mut i,
                &format!("--{name}"),
                &positional,
            )?;
            pending.push((spec, value));
            continue;
        }
        // Shorthands, possibly several (`-Aw`), the last of which may take a value.
        let shorts: Vec<char> = arg.chars().skip(1).collect();
        let mut k = 0;
        while let Some(&c) = shorts.get(k) {
            k += 1;
            let spec = FLAGS.iter().find(|f| f.short == Some(c)).ok_or_else(|| {
                usage_of(
                    &positional,
                    &format!("unknown shorthand flag: '{c}' in {arg}"),
                )
            })?;
            if spec.value {
                let rest: String = shorts.get(k..).unwrap_or_default().iter().collect();
                let inline = if rest.is_empty() {
                    None
                } else {
                    Some(rest.strip_prefix('=').unwrap_or(&rest).to_string())
                };
                let value = flag_value(
                    spec,
                    inline,
                    args,
                    &mut i,
                    &format!("'{c}' in {arg}"),
                    &positional,
                )?;
                pending.push((spec, value));
                break;
            }
            pending.push((spec, "true".to_string()));
        }
    }
    let Some(verb) = positional.first().cloned() else {
        return Ok(Command::Help);
    };
    let rest: Vec<String> = positional.get(1..).unwrap_or_default().to_vec();
    let verb = match VERBS.iter().find(|v| **v == verb) {
        Some(v) => *v,
        None if verb == "help" => return Ok(Command::Help),
        None => return Err(unknown_command(&verb)),
    };
    for (spec, value) in pending {
        if spec.long == "help" {
            return Ok(Command::Help);
        }
        if !spec.verbs.is_empty() && !spec.verbs.contains(&verb) {
            return Err(usage(verb, &format!("unknown flag: --{}", spec.long)));
        }
        flags.0.push((spec.long, value));
    }
    command(verb, rest, &flags)
}

fn flag_value(
    spec: &FlagSpec,
    inline: Option<String>,
    args: &[String],
    i: &mut usize,
    shown: &str,
    positional: &[String],
) -> Result<String, UsageError> {
    if !spec.value {
        return match inline.as_deref() {
            None => Ok("true".to_string()),
            Some(v) => parse_bool(v).map(|b| b.to_string()).ok_or_else(|| {
                usage_of(
                    positional,
                    &format!(
                        "invalid argument {v:?} for \"--{}\" flag: strconv.ParseBool: parsing {v:?}: invalid syntax",
                        spec.long
                    ),
                )
            }),
        };
    }
    if let Some(v) = inline {
        return Ok(v);
    }
    match args.get(*i) {
        Some(v) => {
            *i += 1;
            Ok(v.clone())
        }
        None => Err(usage_of(
            positional,
            &format!("flag needs an argument: {shown}"),
        )),
    }
}

/// Go's `strconv.ParseBool`.
fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// kubectl's usage error: `error: MESSAGE` and where to find help.
fn usage(verb: &str, message: &str) -> UsageError {
    UsageError(format!(
        "error: {message}\nSee 'kubectl {verb} --help' for usage.\n"
    ))
}

/// A usage error met before the verb is known (`kubectl --nope get pods`).
fn usage_of(positional: &[String], message: &str) -> UsageError {
    match positional.first() {
        Some(v) if VERBS.contains(&v.as_str()) => usage(v, message),
        _ => UsageError(format!(
            "error: {message}\nSee 'kubectl --help' for usage.\n"
        )),
    }
}

/// cobra's unknown command, with its suggestions (Levenshtein distance at most 2, or a
/// prefix).
fn unknown_command(verb: &str) -> UsageError {
    let suggestions: Vec<&str> = VERBS
        .iter()
        .copied()
        .filter(|v| levenshtein(verb, v) <= 2 || v.starts_with(&verb.to_ascii_lowercase()))
        .collect();
    let mut msg = format!("error: unknown command {verb:?} for \"kubectl\"");
    if !suggestions.is_empty() {
        msg.push_str("\n\nDid you mean this?\n");
        for s in suggestions {
            msg.push('\t');
            msg.push_str(s);
            msg.push('\n');
        }
    }
    msg.push('\n');
    UsageError(msg)
}

/// Edit distance, case-insensitive (cobra's `ld(s, t, true)`).
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The server's answer to a type it does not serve.
fn no_such_type(name: &str) -> UsageError {
    UsageError(format!(
        "error: the server doesn't have a resource type {name:?}\n"
    ))
}

/// Resource arguments: `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…` (kubectl's
/// `ResourceTypeOrNameArgs`). `all` stands for kubectl's `all` category.
fn targets(verb: &str, args: &[String]) -> Result<Vec<Target>, UsageError> {
    let Some(first) = args.first() else {
        return Ok(Vec::new());
    };
    if first.contains('/') {
        let mut out = Vec::new();
        for a in args {
            let Some((t, name)) = a.split_once('/') else {
                return Err(UsageError(format!(
                    "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl {verb} resource/<resource_name>' instead of 'kubectl {verb} resource resource/<resource_name>'\n"
                )));
            };
            if name.is_empty() {
                return Err(UsageError(
                    "error: arguments in resource/name form must have a single resource and name\n"
                        .to_string(),
                ));
            }
            let resource = resources::lookup(t).ok_or_else(|| no_such_type(t))?;
            out.push(Target {
                resource,
                name: Some(name.to_string()),
            });
        }
        return Ok(out);
    }
    if let Some(a) = args
        .get(1..)
        .and_then(|r| r.iter().find(|a| a.contains('/')))
    {
        let _ = a;
        return Err(UsageError(format!(
            "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl {verb} resource/<resource_name>' instead of 'kubectl {verb} resource resource/<resource_name>'\n"
        )));
    }
    let mut types: Vec<&'static Resource> = Vec::new();
    for t in first.split(',') {
        if t == "all" && verb == "get" {
            for name in resources::ALL {
                if let Some(r) = resources::lookup(name) {
                    types.push(r);
                }
            }
            continue;
        }
        if t.is_empty() {
            continue;
        }
        types.push(resources::lookup(t).ok_or_else(|| no_such_type(t))?);
    }
    let names = args.get(1..).unwrap_or_default();
    if names.is_empty() {
        return Ok(types
            .into_iter()
            .map(|resource| Target {
                resource,
                name: None,
            })
            .collect());
    }
    if types.len() > 1 {
        return Err(UsageError(
            "error: you must specify only one resource\n".to_string(),
        ));
    }
    Ok(types
        .into_iter()
        .flat_map(|resource| {
            names.iter().map(move |n| Target {
                resource,
                name: Some(n.clone()),
            })
        })
        .collect())
}

fn output_of(verb: &str, flags: &Flags, allowed: &[&str]) -> Result<Output, UsageError> {
    let Some(o) = flags.last("output") else {
        return Ok(Output::Table);
    };
    let out = match o {
        "wide" => Output::Wide,
        "yaml" => Output::Yaml,
        "json" => Output::Json,
        "name" => Output::Name,
        _ => Output::Table,
    };
    if out == Output::Table || !allowed.contains(&o) {
        let _ = verb;
        return Err(UsageError(format!(
            "error: unable to match a printer suitable for the output format {o:?}, allowed formats are: {}\n",
            allowed.join(",")
        )));
    }
    Ok(out)
}

/// An integer flag's value (`--to-revision`, `--replicas`), refused in cobra's words.
fn revision(flags: &Flags, long: &str) -> Result<Option<i64>, UsageError> {
    flags
        .last(long)
        .map(|v| {
            <i64 as std::str::FromStr>::from_str(v).map_err(|_| {
                UsageError(format!(
                    "error: invalid argument {v:?} for \"--{long}\" flag: strconv.ParseInt: parsing {v:?}: invalid syntax\n"
                ))
            })
        })
        .transpose()
}

/// cli-runtime's resource builder when no resource is given (`missingResourceError`):
/// `kubectl delete`, `scale`, `set image` with neither arguments nor `-f`.
const MISSING_RESOURCE: &str = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n";

/// cli-runtime's resource builder when types are given without names.
const NO_NAME: &str = "error: resource(s) were provided, but no name was specified\n";

/// The objects of a command that reads them through cli-runtime's resource builder, each
/// named (`kubectl scale`, `set image`): the builder's errors when none is given or one
/// has no name.
fn named_targets(verb: &str, args: &[String]) -> Result<Vec<Target>, UsageError> {
    let t = targets(verb, args)?;
    if t.is_empty() {
        return Err(UsageError(MISSING_RESOURCE.to_string()));
    }
    if t.iter().any(|t| t.name.is_none()) {
        return Err(UsageError(NO_NAME.to_string()));
    }
    Ok(t)
}

fn command(verb: &'static str, rest: Vec<String>, flags: &Flags) -> Result<Command, UsageError> {
    let scope = flags.scope();
    let selector = flags.last("selector").map(str::to_string);
    match verb {
        "get" => {
            let targets = targets(verb, &rest)?;
            if targets.is_empty() {
                return Err(UsageError(
                    "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n"
                        .to_string(),
                ));
            }
            Ok(Command::Get {
                targets,
                scope,
                output: output_of(verb, flags, &["json", "name", "wide", "yaml"])?,
                selector,
                show_labels: flags.bool("show-labels"),
                sort_by: flags.last("sort-by").map(str::to_string),
                watch: flags.bool("watch"),
                ignore_not_found: flags.bool("ignore-not-found"),
                no_headers: flags.bool("no-headers"),
            })
        }
        "describe" => {
            let targets = targets(verb, &rest)?;
            if targets.is_empty() {
                return Err(UsageError(
                    "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee 'kubectl describe -h' for help and examples\n"
                        .to_string(),
                ));
            }
            Ok(Command::Describe {
                targets,
                scope,
                selector,
            })
        }
        "apply" | "create" | "delete" => {
            let files = flags.all("filename");
            if verb == "delete" && files.is_empty() {
                let targets = targets(verb, &rest)?;
                if targets.is_empty() {
                    return Err(UsageError(
                        MISSING_RESOURCE.to_string(),
                    ));
                }
                if targets.iter().any(|t| t.name.is_none()) && !flags.bool("all") && selector.is_none() {
                    return Err(UsageError(
                        NO_NAME.to_string(),
                    ));
                }
                return Ok(Command::Delete {
                    targets,
                    scope,
                    ignore_not_found: flags.bool("ignore-not-found"),
                });
            }
            if files.is_empty() {
                return Err(if verb == "apply" {
                    UsageError("error: must specify one of -f and -k\n".to_string())
                } else {
                    usage(verb, "must specify one of -f and -k")
                });
            }
            if !rest.is_empty() {
                return Err(usage(
                    verb,
                    &format!("Unexpected args: {:?}", rest),
                ));
            }
            Ok(Command::Files { verb, files, scope })
        }
        "taint" => {
            let all = flags.bool("all");
            let Some(kind) = rest.first() else {
                return Err(usage(verb, "at least one taint update is required"));
            };
            match resources::lookup(kind) {
                Some(r) if r.name == "nodes" => {}
                Some(r) => {
                    return Err(UsageError(format!(
                        "error: invalid resource type {}, only node types are supported\n",
                        r.name
                    )))
                }
                None => return Err(no_such_type(kind)),
            }
            let mut nodes = Vec::new();
            let mut taints = Vec::new();
            for a in rest.get(1..).unwrap_or_default() {
                if a.contains(':') || a.ends_with('-') || a.contains('=') {
                    taints.push(a.clone());
                } else if taints.is_empty() {
                    nodes.push(a.clone());
                } else {
                    return Err(usage(verb, &format!("all resources must be specified before taint changes: {a}")));
                }
            }
            if taints.is_empty() {
                return Err(usage(verb, "at least one taint update is required"));
            }
            if nodes.is_empty() && !all && selector.is_none() {
                return Err(UsageError(
                    NO_NAME.to_string(),
                ));
            }
            Ok(Command::Taint {
                nodes,
                all,
                taints,
                overwrite: flags.bool("overwrite"),
            })
        }
        "label" | "annotate" => {
            let split = rest
                .iter()
                .position(|a| a.contains('=') || a.ends_with('-'))
                .unwrap_or(rest.len());
            let (objs, changes) = rest.split_at(split);
            if changes.is_empty() {
                return Err(usage(
                    verb,
                    &format!("at least one {} update is required", if verb == "label" { "label" } else { "annotation" }),
                ));
            }
            let targets = targets(verb, objs)?;
            if targets.is_empty() || targets.iter().any(|t| t.name.is_none()) && !flags.bool("all") {
                return Err(UsageError(
                    NO_NAME.to_string(),
                ));
            }
            Ok(Command::Meta {
                verb,
                targets,
                changes: changes.to_vec(),
                overwrite: flags.bool("overwrite"),
                scope,
            })
        }
        "cordon" | "uncordon" | "drain" => {
            if rest.is_empty() {
                return Err(UsageError(format!(
                    "error: USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples\n"
                )));
            }
            Ok(Command::Node {
                verb,
                nodes: rest,
                ignore_daemonsets: flags.bool("ignore-daemonsets"),
                force: flags.bool("force"),
            })
        }
        "rollout" => {
            let Some(sub) = rest.first() else {
                return Err(UsageError(
                    "error: Required subcommand not specified: history, pause, restart, resume, status, undo\nSee 'kubectl rollout -h' for help and examples\n"
                        .to_string(),
                ));
            };
            let sub = match sub.as_str() {
                "status" => Rollout::Status,
                "history" => Rollout::History,
                "undo" => Rollout::Undo,
                "restart" => Rollout::Restart,
                "pause" => Rollout::Pause,
                "resume" => Rollout::Resume,
                other => return Err(UsageError(format!(
                    "error: unknown command {other:?} for \"kubectl rollout\"\n"
                ))),
            };
            let args = rest.get(1..).unwrap_or_default();
            let targets = targets(verb, args)?;
            if targets.is_empty() {
                return Err(UsageError(
                    "error: required resource not specified\n".to_string(),
                ));
            }
            let revision = match sub {
                Rollout::Undo => revision(flags, "to-revision")?,
                Rollout::History => revision(flags, "revision")?,
                _ => None,
            };
            Ok(Command::Rollout {
                sub,
                targets,
                revision,
                scope,
            })
        }
        "set" => {
            match rest.first().map(String::as_str) {
                Some("image") => {}
                Some(other) => {
                    return Err(UsageError(format!(
                        "error: unknown command {other:?} for \"kubectl set\"\n"
                    )))
                }
                None => {
                    return Err(UsageError(
                        "error: Required subcommand not specified: env, image, resources, selector, serviceaccount, subject\n".to_string(),
                    ))
                }
            }
            // set_image.go: GetResourcesAndPairs splits the arguments; Complete has the
            // resource builder find the objects (its errors first); Validate wants an image.
            let args = rest.get(1..).unwrap_or_default();
            let is_pair = |a: &String| {
                (a.contains('=') && !a.starts_with('=')) || (a.ends_with('-') && a != "-")
            };
            let split = args.iter().position(is_pair).unwrap_or(args.len());
            let (objs, pairs) = args.split_at(split);
            if let Some(a) = pairs.iter().find(|a| !is_pair(a)) {
                return Err(UsageError(format!(
                    "error: all resources must be specified before image changes: {a}\n"
                )));
            }
            // ParsePairs without removals: `NAME-` is not an image update.
            let invalid: Vec<&str> = pairs
                .iter()
                .filter(|a| !a.contains('='))
                .map(String::as_str)
                .collect();
            if !invalid.is_empty() {
                return Err(UsageError(format!(
                    "error: invalid image format: {}\n",
                    invalid.join(", ")
                )));
            }
            let targets = named_targets("set image", objs)?;
            let images = pairs
                .iter()
                .filter_map(|p| p.split_once('='))
                .map(|(c, i)| (c.to_string(), i.to_string()))
                .collect();
            Ok(Command::SetImage {
                targets,
                images,
                scope,
            })
        }
        "scale" => {
            // cobra checks the flag's value and that it is given; scale.go's Validate, its
            // range; the resource builder, the arguments.
            let Some(replicas) = revision(flags, "replicas")? else {
                return Err(UsageError(
                    "error: required flag(s) \"replicas\" not set\n".to_string(),
                ));
            };
            if replicas < 0 {
                return Err(UsageError(
                    "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n"
                        .to_string(),
                ));
            }
            let targets = named_targets(verb, &rest)?;
            Ok(Command::Scale {
                targets,
                replicas,
                scope,
            })
        }
        "edit" => {
            let t = targets(verb, &rest)?;
            match t.as_slice() {
                [one] if one.name.is_some() => Ok(Command::Edit {
                    target: one.clone(),
                    scope,
                }),
                [] => Err(UsageError(
                    "error: you must provide one or more resources by argument or filename\n"
                        .to_string(),
                )),
                _ => Err(UsageError(
                    "error: the playground's editor opens one object at a time: edit TYPE/NAME\n"
                        .to_string(),
                )),
            }
        }
        "explain" => match rest.as_slice() {
            [path] => Ok(Command::Explain {
                path: path.clone(),
                recursive: flags.bool("recursive"),
                max_depth: match flags.last("max-depth") {
                    None => 0,
                    Some(v) => <usize as std::str::FromStr>::from_str(v).map_err(|_| {
                        UsageError(format!(
                            "error: invalid argument {v:?} for \"--max-depth\" flag: strconv.ParseInt: parsing {v:?}: invalid syntax\n"
                        ))
                    })?,
                },
            }),
            [] => Err(UsageError(
                "You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee 'kubectl explain -h' for help and examples\n"
                    .to_string(),
            )),
            _ => Err(UsageError(
                "error: We accept only this format: explain RESOURCE\n".to_string(),
            )),
        },
        "version" => {
            if let Some(o) = flags.last("output") {
                if o != "yaml" && o != "json" {
                    return Err(UsageError(
                        "error: --output must be 'yaml' or 'json'\n".to_string(),
                    ));
                }
                return Err(UsageError(
                    "error: the playground prints version as text only\n".to_string(),
                ));
            }
            Ok(Command::Version {
                client: flags.bool("client"),
            })
        }
        "api-resources" => {
            let namespaced = match flags.last("namespaced") {
                None => None,
                Some(v) => Some(parse_bool(v).ok_or_else(|| {
                    UsageError(format!(
                        "error: invalid argument {v:?} for \"--namespaced\" flag: strconv.ParseBool: parsing {v:?}: invalid syntax\n"
                    ))
                })?),
            };
            let output = match flags.last("output") {
                None => Output::Table,
                Some("wide") => Output::Wide,
                Some("name") => Output::Name,
                Some(o) => {
                    return Err(UsageError(format!(
                        "error: --output {o} is not available\n"
                    )))
                }
            };
            Ok(Command::ApiResources { namespaced, output })
        }
        _ => Err(unknown_command(verb)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Command {
        parse_line(line).unwrap().unwrap()
    }
    fn err(line: &str) -> String {
        parse_line(line).unwrap_err().0
    }

    #[test]
    fn words_as_a_shell_splits_them() {
        assert_eq!(
            split_words(r#"kubectl  label no w 'a b=c' "x\"y"=1 z\ z # comment"#).unwrap(),
            ["kubectl", "label", "no", "w", "a b=c", "x\"y=1", "z z"]
        );
        assert!(err("get 'pods").contains("unexpected EOF while looking for matching `''"));
        assert_eq!(parse_line("  # only a comment").unwrap(), None);
        assert_eq!(parse_line("").unwrap(), None);
    }

    #[test]
    fn get_with_every_flag_form() {
        let forms = [
            "kubectl get pods -o wide",
            "kubectl get po -owide",
            "kubectl get pod -o=wide",
            "kubectl get pods --output wide",
            "kubectl get --output=wide pods",
            "get pods -o wide",
        ];
        for f in forms {
            match parse(f) {
                Command::Get {
                    targets, output, ..
                } => {
                    assert_eq!(output, Output::Wide, "{f}");
                    assert_eq!(targets.len(), 1);
                    assert_eq!(targets[0].resource.name, "pods");
                }
                other => panic!("{f}: {other:?}"),
            }
        }
        match parse(
            "kubectl -n kube-system get ds,po -Aw -l app=x --show-labels --sort-by=.metadata.name",
        ) {
            Command::Get {
                targets,
                scope,
                selector,
                show_labels,
                sort_by,
                watch,
                ..
            } => {
                assert_eq!(targets.len(), 2);
                assert_eq!(scope.namespace.as_deref(), Some("kube-system"));
                assert!(scope.all && watch && show_labels);
                assert_eq!(selector.as_deref(), Some("app=x"));
                assert_eq!(sort_by.as_deref(), Some(".metadata.name"));
            }
            other => panic!("{other:?}"),
        }
        match parse("get ds/a daemonset/b") {
            Command::Get { targets, .. } => {
                assert_eq!(
                    targets
                        .iter()
                        .map(|t| t.name.clone().unwrap())
                        .collect::<Vec<_>>(),
                    ["a", "b"]
                );
            }
            other => panic!("{other:?}"),
        }
        match parse("get all") {
            Command::Get { targets, .. } => assert_eq!(targets.len(), resources::ALL.len()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn usage_errors_in_kubectls_words() {
        assert_eq!(
            err("kubectl get dae"),
            "error: the server doesn't have a resource type \"dae\"\n"
        );
        assert_eq!(
            err("kubectl get pods --bogus"),
            "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n"
        );
        assert_eq!(
            err("kubectl get pods -x"),
            "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.\n"
        );
        assert_eq!(
            err("kubectl get pods -o"),
            "error: flag needs an argument: 'o' in -o\nSee 'kubectl get --help' for usage.\n"
        );
        assert_eq!(
            err("kubectl cordon w --ignore-daemonsets"),
            "error: unknown flag: --ignore-daemonsets\nSee 'kubectl cordon --help' for usage.\n"
        );
        assert_eq!(
            err("kubectl gte pods"),
            "error: unknown command \"gte\" for \"kubectl\"\n\nDid you mean this?\n\tget\n\n"
        );
        assert!(err("kubectl get").starts_with("You must specify the type of resource to get."));
        assert!(err("kubectl get pods -o table").contains(
            "unable to match a printer suitable for the output format \"table\", allowed formats are: json,name,wide,yaml"
        ));
        assert!(err("kubectl get ds a/b").contains("there is no need to specify a resource type"));
        assert!(err("kubectl apply").contains("must specify one of -f and -k"));
        assert!(err("kubectl delete").contains("You must provide one or more resources"));
        assert!(err("kubectl delete pods").contains("no name was specified"));
        assert!(err("kubectl taint nodes w").contains("at least one taint update is required"));
        assert!(err("kubectl taint ds x a=b:NoSchedule").contains("only node types are supported"));
        assert!(err("kubectl rollout").contains("Required subcommand not specified"));
        assert!(err("kubectl rollout undo ds/x --to-revision=two").contains("strconv.ParseInt"));
        assert!(err("kubectl scale ds/x").contains("required flag(s) \"replicas\" not set"));
        assert!(err("kubectl label no w --overwrite=maybe a=b").contains("strconv.ParseBool"));
        assert_eq!(
            err("kubectl set image ds/x a=b c-"),
            "error: invalid image format: c-\n"
        );
        assert_eq!(
            err("kubectl set image ds/x a=b ds/y"),
            "error: all resources must be specified before image changes: ds/y\n"
        );
        // cli-runtime's resource builder, as `kubectl scale` and `set image` meet it
        // (kubectl scale --replicas=1 alone, a type without a name).
        let missing = "error: You must provide one or more resources by argument or filename.\n\
            Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   \
            '<resource> <name>'\n   '<resource>'\n";
        assert_eq!(err("kubectl scale --replicas=1"), missing);
        assert_eq!(err("kubectl set image nginx=nginx:1"), missing);
        assert_eq!(err("kubectl delete"), missing);
        let no_name = "error: resource(s) were provided, but no name was specified\n";
        assert_eq!(err("kubectl scale ds --replicas=1"), no_name);
        assert_eq!(err("kubectl scale daemonsets --replicas=1"), no_name);
        assert_eq!(err("kubectl set image ds nginx=nginx:1"), no_name);
        // cobra's required flag comes before the arguments.
        assert_eq!(
            err("kubectl scale"),
            "error: required flag(s) \"replicas\" not set\n"
        );
        assert_eq!(
            err("kubectl scale ds"),
            "error: required flag(s) \"replicas\" not set\n"
        );
        assert!(err("kubectl drain").contains("USAGE: drain NODE"));
    }

    #[test]
    fn every_verb_parses() {
        assert!(matches!(
            parse("describe ds fluentd"),
            Command::Describe { .. }
        ));
        match parse("kubectl apply -f daemonset.yaml -f b.yaml") {
            Command::Files { verb, files, .. } => {
                assert_eq!(verb, "apply");
                assert_eq!(files, ["daemonset.yaml", "b.yaml"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse("create -f x.yaml"),
            Command::Files { verb: "create", .. }
        ));
        assert!(matches!(
            parse("delete -f x.yaml"),
            Command::Files { verb: "delete", .. }
        ));
        assert!(matches!(parse("delete ds fluentd"), Command::Delete { .. }));
        match parse("taint nodes worker-2 dedicated=db:NoExecute") {
            Command::Taint { nodes, taints, .. } => {
                assert_eq!(nodes, ["worker-2"]);
                assert_eq!(taints, ["dedicated=db:NoExecute"]);
            }
            other => panic!("{other:?}"),
        }
        match parse("label nodes w disktype=ssd gpu- --overwrite") {
            Command::Meta {
                verb,
                changes,
                overwrite,
                ..
            } => {
                assert_eq!(verb, "label");
                assert_eq!(changes, ["disktype=ssd", "gpu-"]);
                assert!(overwrite);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse("annotate ds x a=b"),
            Command::Meta {
                verb: "annotate",
                ..
            }
        ));
        assert!(matches!(
            parse("cordon w"),
            Command::Node { verb: "cordon", .. }
        ));
        assert!(matches!(
            parse("uncordon w"),
            Command::Node {
                verb: "uncordon",
                ..
            }
        ));
        assert!(matches!(
            parse("drain w --ignore-daemonsets"),
            Command::Node {
                verb: "drain",
                ignore_daemonsets: true,
                ..
            }
        ));
        for (line, sub) in [
            ("rollout status ds/x", Rollout::Status),
            ("rollout history daemonset x", Rollout::History),
            ("rollout undo ds/x --to-revision=2", Rollout::Undo),
            ("rollout restart ds/x", Rollout::Restart),
            ("rollout pause ds/x", Rollout::Pause),
            ("rollout resume ds/x", Rollout::Resume),
        ] {
            match parse(line) {
                Command::Rollout {
                    sub: s, revision, ..
                } => {
                    assert_eq!(s, sub);
                    assert_eq!(revision, (sub == Rollout::Undo).then_some(2));
                }
                other => panic!("{other:?}"),
            }
        }
        match parse("set image ds/x agent=agent:2") {
            Command::SetImage { images, .. } => {
                assert_eq!(images, [("agent".to_string(), "agent:2".to_string())]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse("scale ds/x --replicas=3"),
            Command::Scale { .. }
        ));
        assert!(matches!(parse("edit ds/x"), Command::Edit { .. }));
        assert!(matches!(
            parse("explain ds.spec --recursive"),
            Command::Explain {
                recursive: true,
                ..
            }
        ));
        assert!(matches!(
            parse("version --client"),
            Command::Version { client: true }
        ));
        assert!(matches!(
            parse("api-resources --namespaced=false"),
            Command::ApiResources {
                namespaced: Some(false),
                ..
            }
        ));
        assert_eq!(parse("ls"), Command::Ls);
        assert_eq!(
            parse("cat a b"),
            Command::Cat {
                files: vec!["a".into(), "b".into()]
            }
        );
        assert_eq!(parse("clear"), Command::Clear);
        assert_eq!(parse("kubectl"), Command::Help);
        assert_eq!(parse("kubectl get pods --help"), Command::Help);
    }
}
