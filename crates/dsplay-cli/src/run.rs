//! One run of `dsplay`: parse the command line, carry out the steps on a simulated
//! cluster, print the result.

use crate::flags::hiargs::{Command, HiArgs, Output};
use crate::flags::lowargs::LowArgs;
use crate::flags::{long_help, UsageError, SHORT_USAGE};
use crate::render;
use dsplay_core::clock::{format_duration, SimTime};
use dsplay_core::kubectl::success_line;
use dsplay_core::load::{decode, Decoded, MAX_FILE_BYTES};
use dsplay_core::location::SourceLines;
use dsplay_core::location::{ErrorKind, LocatedError};
use dsplay_core::print::get::Tables;
use dsplay_core::print::{json, yaml};
use dsplay_core::scenario::{is_scenario, Action, Scenario, ScenarioRun, StartNode, Variant};
use dsplay_core::share::SharedRun;
use dsplay_core::sim::{ApplyReport, Input, InputBound, NodeOp, SimError, Simulation};
use dsplay_core::steps::{looks_like_verb, Source, Step, StepSpec};
use dsplay_core::timeline::History;
use std::ffi::OsString;
use std::io::{self, Read, Write};

/// Exit status: success.
const EXIT_OK: u8 = 0;
/// Exit status: an object was rejected or a step was refused; everything else still ran.
const EXIT_REJECTED: u8 = 1;
/// Exit status: bad command line, unreadable file, or output could not be written.
const EXIT_USAGE: u8 = 2;

/// The file name kubectl gives standard input in its messages.
const STDIN_NAME: &str = "STDIN";

/// Runs `dsplay` with `args` (without the program name) and returns the exit status.
pub(crate) fn run<I>(args: I, stdin: &mut dyn Read, out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = OsString>,
{
    let command = LowArgs::parse(args).and_then(Command::from_low);
    let result = match command {
        Err(e) => return usage_error(err, &e),
        Ok(Command::Help) => out.write_all(long_help().as_bytes()).map(|()| EXIT_OK),
        Ok(Command::ExportKubectl(path)) => match read_scenario(&path) {
            Err(e) => return usage_error(err, &e),
            Ok(text) => match Scenario::parse(&path, &text, &mut next_to(&path)) {
                Ok(s) => out.write_all(s.to_kubectl().as_bytes()).map(|()| EXIT_OK),
                Err(errors) => {
                    for e in errors {
                        let _ = write!(err, "{}", e.render(&text));
                    }
                    Ok(EXIT_REJECTED)
                }
            },
        },
        Ok(Command::LessonCheck(files)) => {
            crate::lesson::check(&files, &mut |path| read_scenario(path), out, err)
        }
        Ok(Command::Version) => {
            writeln!(out, "dsplay {}", env!("CARGO_PKG_VERSION")).map(|()| EXIT_OK)
        }
        Ok(Command::Run(args)) => {
            // A damaged link stops the run before anything happens, as an unreadable file does.
            let start = match args.link.as_deref().map(crate::link::decode).transpose() {
                Ok(start) => start,
                Err(e) => {
                    let _ = writeln!(err, "dsplay: error: link: {e}");
                    return EXIT_USAGE;
                }
            };
            match read_sources(&args, stdin) {
                Err(e) => return usage_error(err, &e),
                Ok(texts) => match scenario_of(&args, &texts) {
                    Err(e) => return usage_error(err, &e),
                    Ok(Some((path, text))) => {
                        Runner::new(&args, err, start).run_scenario(&path, &text, out)
                    }
                    Ok(None) => Runner::new(&args, err, start).run(texts, out),
                },
            }
        }
    };
    let flushed = result.and_then(|code| out.flush().map(|()| code));
    match flushed {
        Ok(code) => code,
        // `dsplay ... | head`: the reader is gone, nothing more to say.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "dsplay: error: cannot write output: {e}");
            EXIT_USAGE
        }
    }
}

fn usage_error(err: &mut dyn Write, e: &UsageError) -> u8 {
    let _ = write!(err, "dsplay: error: {e}\n\n{SHORT_USAGE}");
    EXIT_USAGE
}

/// A manifest read for an apply step: its name in messages and its text.
type ReadSource = (String, Decoded);

/// Reads every manifest up front, so that an unreadable file stops the run before anything happens.
/// Returns one entry per step: `Some((file name, decoded text))` for applies.
///
/// At most [`MAX_FILE_BYTES`] + 1 bytes are read from any file, device or pipe: one more
/// than the limit is enough to refuse it (`/dev/zero` is refused at once, in 8 MiB).
fn read_sources(
    args: &HiArgs,
    stdin: &mut dyn Read,
) -> Result<Vec<Option<ReadSource>>, UsageError> {
    args.steps
        .iter()
        .map(|spec| match &spec.step {
            Step::Apply(Source::Stdin) => {
                let bytes = read_limited(stdin)
                    .map_err(|e| UsageError::new(format!("cannot read standard input: {e}")))?;
                Ok(Some((STDIN_NAME.to_string(), decode(STDIN_NAME, bytes))))
            }
            Step::Apply(Source::File(path)) => {
                match std::fs::File::open(path).and_then(|mut f| read_limited(&mut f)) {
                    Ok(bytes) => Ok(Some((path.clone(), decode(path, bytes)))),
                    Err(e) => {
                        let hint = if looks_like_verb(path) {
                            " (not a known step verb either; see `dsplay --help`)"
                        } else {
                            ""
                        };
                        Err(UsageError::new(format!("cannot read {path}: {e}{hint}")))
                    }
                }
            }
            Step::Kubectl { command, .. } => {
                if let dsplay_core::kubectl::Command::Files { files, .. } = command.as_ref() {
                    for path in files {
                        read_scenario(path)?;
                    }
                }
                Ok(None)
            }
            _ => Ok(None),
        })
        .collect()
}

/// The scenario a run is, if its one step is a file of `kind: Scenario`: its path and text.
/// A scenario among other steps (or with `--default-cluster`, `link:` or `--watch`) is a
/// usage error.
fn scenario_of(
    args: &HiArgs,
    texts: &[Option<ReadSource>],
) -> Result<Option<(String, String)>, UsageError> {
    let found = texts.iter().flatten().find(|(_, d)| is_scenario(&d.text));
    let Some((path, decoded)) = found else {
        return Ok(None);
    };
    if args.steps.len() != 1 || args.default_cluster || args.link.is_some() || args.watch {
        return Err(UsageError::new(format!(
            "{path} is a Scenario: give it as the only step, without --default-cluster, link: or --watch"
        )));
    }
    Ok(Some((path.clone(), decoded.text.clone())))
}

/// Reads a whole text file: a scenario for `dsplay scenario`, a file a `kubectl:… -f FILE`
/// step names.
pub(crate) fn read_scenario(path: &str) -> Result<String, UsageError> {
    let bytes = std::fs::File::open(path)
        .and_then(|mut f| read_limited(&mut f))
        .map_err(|e| UsageError::new(format!("cannot read {path}: {e}")))?;
    let decoded = decode(path, bytes);
    match decoded.error {
        Some(e) if decoded.text.is_empty() => Err(UsageError::new(e.to_string())),
        _ => Ok(decoded.text),
    }
}

/// Reads the files a scenario at `path` names, relative to its directory.
fn next_to(path: &str) -> impl FnMut(&str) -> Result<String, String> + '_ {
    move |name: &str| {
        let dir = std::path::Path::new(path)
            .parent()
            .unwrap_or(std::path::Path::new(""));
        let full = dir.join(name);
        let bytes = std::fs::File::open(&full)
            .and_then(|mut f| read_limited(&mut f))
            .map_err(|e| e.to_string())?;
        let decoded = decode(name, bytes);
        match decoded.error {
            Some(e) if decoded.text.is_empty() => Err(e.message),
            _ => Ok(decoded.text),
        }
    }
}

/// Reads at most [`MAX_FILE_BYTES`] + 1 bytes.
fn read_limited(r: &mut dyn Read) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let limit = u64::try_from(MAX_FILE_BYTES)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    r.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Carries out the steps of one run.
struct Runner<'a> {
    args: &'a HiArgs,
    err: &'a mut dyn Write,
    sim: Simulation,
    /// Set when an object was rejected or a step refused.
    failed: bool,
    /// What a share link gives the page's editor: the last manifest applied (or the
    /// starting link's editor text).
    editor: String,
    /// The DaemonSets' status over the run, for `-o chart`.
    history: Option<History>,
}

impl<'a> Runner<'a> {
    /// A runner starting from a share link's run (`start`), or from `args`' cluster.
    fn new(args: &'a HiArgs, err: &'a mut dyn Write, start: Option<SharedRun>) -> Self {
        let (sim, editor) = match start {
            Some(run) => (run.replay(), run.editor),
            None if args.default_cluster => {
                (Simulation::with_default_cluster(args.seed), String::new())
            }
            None => (Simulation::new(args.seed), String::new()),
        };
        let mut runner = Runner {
            args,
            err,
            sim,
            failed: false,
            editor,
            history: (args.output == Output::Chart && !args.explain).then(History::new),
        };
        runner.observe();
        runner
    }

    /// Takes in the run's status changes and steps so far, for `-o chart`.
    fn observe(&mut self) {
        if let Some(h) = &mut self.history {
            h.observe(&mut self.sim);
        }
    }

    /// kubectl's progress line, on stderr unless `--quiet`.
    fn say(&mut self, line: &str) {
        if !self.args.quiet {
            let _ = writeln!(self.err, "{line}");
        }
    }

    fn refused(&mut self, spec: &StepSpec, e: &SimError) {
        self.failed = true;
        let _ = writeln!(self.err, "error: {}: {e}", spec.shown());
    }

    fn run(mut self, texts: Vec<Option<ReadSource>>, out: &mut dyn Write) -> io::Result<u8> {
        let args = self.args;
        if args.watch {
            // A watch starts with every existing object as ADDED, as `kubectl get --watch` does.
            let now = self.sim.now();
            for item in self.sim.list_items() {
                render::watch::write_line(out, "ADDED", &item, now)?;
            }
            out.flush()?;
            self.sim.record_watch(true);
        }
        for (index, (spec, text)) in args.steps.iter().zip(texts).enumerate() {
            let start = self.sim.now();
            let settle = self.step(spec, text, out)?;
            let settled = !settle || self.sim.settle(args.settle_limit);
            self.observe();
            if let Some(why) = self.stopped_short(spec, settled, start) {
                let _ = writeln!(
                    self.err,
                    "dsplay: warning: step {} ({}): {why}",
                    index.saturating_add(1),
                    spec.shown(),
                );
            }
            if args.watch {
                for ev in self.sim.take_watch_json() {
                    render::watch::write_raw_line(out, ev.type_, &ev.object, ev.time)?;
                }
                out.flush()?;
            }
        }
        if let Some(base) = &args.share {
            let run = SharedRun::of(&self.sim, &self.editor);
            writeln!(out, "{}", crate::link::encode(&run, base))?;
        } else if !args.watch && !reads_with_kubectl(args) {
            self.print_result(out)?;
        }
        Ok(self.finish())
    }

    /// The run's exit status. The process ends after the run (`run` is `main`'s one call), so
    /// the simulation is left to the operating system instead of being dropped piece by
    /// piece: dropping 100,000 Nodes was 13 % of such a run (`perf`).
    fn finish(self) -> u8 {
        let code = if self.failed { EXIT_REJECTED } else { EXIT_OK };
        std::mem::forget(self.sim);
        code
    }

    /// Why a step that began at `start` stopped before it was done, naming the bound that
    /// stopped it: the settle limit, or the step's timer or watch budget (for a wait, which
    /// does not settle, only the budgets).
    fn stopped_short(&self, spec: &StepSpec, settled: bool, start: SimTime) -> Option<String> {
        let elapsed = format_duration(self.sim.now().since(start));
        let bound = self.sim.input_bound_reached();
        let budget = |b: InputBound| match b {
            InputBound::Timers(n) => format!("its bound of {n} timers"),
            InputBound::WatchEvents(n) => format!("its bound of {n} watch events (--watch)"),
            _ => "a bound".to_string(),
        };
        if let Step::Wait(d) = spec.step {
            let due = start.plus(d).min(SimTime::END);
            return (self.sim.now() < due).then(|| {
                format!(
                    "the step stopped at {}, after {elapsed} of the {} to wait",
                    bound.map_or_else(|| "a bound".to_string(), budget),
                    format_duration(d)
                )
            });
        }
        if settled {
            return None;
        }
        Some(match bound {
            Some(b) => format!(
                "the cluster did not settle: the step stopped at {}, after {elapsed} of simulated time",
                budget(b)
            ),
            None => format!(
                "the cluster did not settle within {} of simulated time (--settle-limit)",
                format_duration(self.args.settle_limit)
            ),
        })
    }

    /// Carries out one step; returns whether the cluster should then settle. A kubectl
    /// step's output is written as it runs: a reading command's on `out`, a changing
    /// command's with the progress lines (standard error, unless `--quiet`).
    fn step(
        &mut self,
        spec: &StepSpec,
        text: Option<ReadSource>,
        out: &mut dyn Write,
    ) -> io::Result<bool> {
        Ok(match &spec.step {
            Step::Kubectl { command, .. } => {
                let mut files = dsplay_core::kubectl::Files::new();
                if let dsplay_core::kubectl::Command::Files { files: names, .. } = command.as_ref()
                {
                    for path in names {
                        if let Ok(text) = read_scenario(path) {
                            files.insert(path.clone(), text);
                        }
                    }
                }
                let docs = match command.as_ref() {
                    dsplay_core::kubectl::Command::Explain { .. } => field_docs(),
                    _ => None,
                };
                let cx = dsplay_core::kubectl::Context {
                    files: Some(&files),
                    field_docs: docs.as_ref(),
                    // The CLI prints every answer whole.
                    keep_lines: None,
                };
                let outcome = dsplay_core::kubectl::execute_in(&mut self.sim, command, &cx);
                for (stream, chunk) in &outcome.chunks {
                    match stream {
                        dsplay_core::kubectl::Stream::Out if !command.mutates() => {
                            out.write_all(chunk.as_bytes())?;
                        }
                        dsplay_core::kubectl::Stream::Out => {
                            if !self.args.quiet {
                                let _ = self.err.write_all(chunk.as_bytes());
                            }
                        }
                        dsplay_core::kubectl::Stream::Err => {
                            let _ = self.err.write_all(chunk.as_bytes());
                        }
                    }
                }
                if outcome.exit_code != 0 {
                    self.failed = true;
                }
                true
            }
            // Taken out of the steps by `HiArgs` (first step only).
            Step::DefaultCluster | Step::Link(_) => true,
            Step::Apply(_) => {
                let Some((file, Decoded { text, error })) = text else {
                    return Ok(true);
                };
                if text.is_empty() && error.is_some() {
                    // Too large, or not UTF-8 from its first document: nothing to apply.
                    self.failed = true;
                    if let Some(e) = error {
                        let _ = writeln!(self.err, "{e}");
                    }
                    return Ok(true);
                }
                // Kept to show each error's source line (the input takes the text).
                let source = text.clone();
                self.editor.clone_from(&text);
                match self.sim.step(Input::Apply {
                    file: file.clone(),
                    text,
                }) {
                    Ok(report) => self.report_apply(&file, &source, &report, error.as_ref()),
                    Err(e) => self.refused(spec, &e),
                }
                true
            }
            Step::Wait(d) => {
                if let Err(e) = self.sim.step(Input::Advance(*d)) {
                    self.refused(spec, &e);
                }
                false
            }
            Step::UntaintKey { node, key } => {
                self.untaint_key(spec, node, key);
                true
            }
            Step::Autopilot(config) => {
                let (summary, refused) = dsplay_core::autopilot::run_for(&mut self.sim, config);
                for e in &refused {
                    self.refused(spec, e);
                }
                self.say(&summary.line());
                true
            }
            Step::Input(input) => {
                // The node an add creates, named before the step (listing the cluster's nodes
                // after each add would make adding N nodes cost N views of the cluster).
                let added = match input {
                    Input::Node(NodeOp::Add { name, template }) => Some(
                        name.clone()
                            .unwrap_or_else(|| self.sim.next_node_name(*template)),
                    ),
                    _ => None,
                };
                match self.sim.step(input.clone()) {
                    Ok(report) => {
                        for e in &report.errors {
                            self.failed = true;
                            let _ = writeln!(self.err, "{e}");
                        }
                        if let Some(line) = success_line(input) {
                            self.say(&line);
                        } else if let Some(n) = &added {
                            self.say(&format!("node/{n} created"));
                        }
                    }
                    Err(e) => self.refused(spec, &e),
                }
                true
            }
        })
    }

    /// Runs a scenario (the run's only step): its cluster, each step at its time, then the
    /// cluster settles; the result is printed as for any run, and a failed `expect:` is
    /// reported (exit status 1). A side-by-side scenario (`compare:`) runs each side in turn
    /// and prints both, each labelled ([`Runner::print_sides`]).
    fn run_scenario(mut self, path: &str, text: &str, out: &mut dyn Write) -> io::Result<u8> {
        let scenario = match Scenario::parse(path, text, &mut next_to(path)) {
            Ok(s) => s,
            Err(errors) => {
                for e in errors {
                    let _ = write!(self.err, "{}", e.render(text));
                }
                return Ok(EXIT_REJECTED);
            }
        };
        if scenario.compare.is_empty() {
            self.play(path, &scenario);
            self.print_result(out)?;
            return Ok(self.finish());
        }
        let mut sides = Vec::new();
        let mut failed = false;
        for (variant, side) in scenario.compare.iter().zip(scenario.clusters()) {
            // Each side's messages under its label, as its output is.
            let mut said = Vec::new();
            let mut runner = Runner {
                args: self.args,
                err: &mut said,
                sim: Simulation::new(side.seed),
                failed: false,
                editor: String::new(),
                history: self.history.as_ref().map(|_| History::new()),
            };
            runner.play(path, &side);
            failed |= runner.failed;
            let (sim, history) = (runner.sim, runner.history);
            if !said.is_empty() {
                let _ = writeln!(self.err, "==> {} <==", variant.label());
                let _ = self.err.write_all(&said);
            }
            sides.push((variant, sim, history));
        }
        self.print_sides(sides, out)?;
        Ok(if failed { EXIT_REJECTED } else { EXIT_OK })
    }

    /// Plays a plain scenario on a new simulation of its own (which becomes the runner's),
    /// reporting what each step did, lets it settle and checks its `expect:`.
    fn play(&mut self, path: &str, scenario: &Scenario) {
        let (mut run, reports) = ScenarioRun::start(scenario);
        if let Some(h) = &mut self.history {
            h.observe(&mut run.sim);
        }
        let applies = scenario.cluster.nodes.iter().filter_map(|n| match n {
            StartNode::Apply(m) => Some(m),
            StartNode::Template { .. } => None,
        });
        for (m, report) in applies.zip(&reports) {
            self.report_apply(&m.file, &m.text, report, None);
        }
        while run.next < scenario.steps.len() {
            let at = scenario.steps[run.next].at;
            let outcomes = run.advance_to(scenario, at, true);
            if let Some(h) = &mut self.history {
                h.observe(&mut run.sim);
            }
            for outcome in outcomes {
                let Some(step) = scenario.steps.get(outcome.index) else {
                    continue;
                };
                if let Some(summary) = &outcome.autopilot {
                    self.say(&summary.line());
                }
                match (&step.action, outcome.result) {
                    (Action::Apply(m), Ok(report)) => {
                        self.report_apply(&m.file, &m.text, &report, None);
                    }
                    (Action::Caption, Ok(_)) => {}
                    (Action::Step(spec), Ok(report)) => {
                        for e in &report.errors {
                            self.failed = true;
                            let _ = writeln!(self.err, "{e}");
                        }
                        if let Some(line) = match &spec.step {
                            Step::Input(i) => success_line(i),
                            _ => None,
                        } {
                            self.say(&line);
                        }
                    }
                    (action, Err(e)) => {
                        self.failed = true;
                        let what = match action {
                            Action::Step(spec) => spec.shown(),
                            Action::Apply(m) => m.file.clone(),
                            _ => String::new(),
                        };
                        let _ = writeln!(self.err, "error: steps[{}] ({what}): {e}", outcome.index);
                    }
                }
            }
        }
        self.sim = run.sim;
        if !self.sim.settle(self.args.settle_limit) {
            let _ = writeln!(
                self.err,
                "dsplay: warning: {path}: the cluster did not settle within {} of simulated time after the last step (--settle-limit)",
                format_duration(self.args.settle_limit)
            );
        }
        self.observe();
        if let Some(expect) = &scenario.expect {
            let differences = expect.check(&self.sim);
            if !differences.is_empty() {
                self.failed = true;
                let _ = writeln!(
                    self.err,
                    "{}: the end state is not what expect: says:",
                    expect.location
                );
                for d in differences {
                    let _ = writeln!(self.err, "  {d}");
                }
            }
        }
    }

    /// The result of each side of a side-by-side scenario, labelled (`name: title`): in text
    /// (`-o wide`, `explain`) each side's output under a `==> LABEL <==` line, as `head`
    /// prints several files; in YAML and JSON one document, `kind: Comparison`, whose
    /// `sides` hold each side's `name` and `result` (what `-o yaml|json` prints for one
    /// cluster), with its `title`; in SVG the pictures next to each other under their labels;
    /// in `-o chart` each DaemonSet's chart of one side above the other's ([`side_charts`]).
    fn print_sides(
        &mut self,
        sides: Vec<(&Variant, Simulation, Option<History>)>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let args = self.args;
        let structured = matches!(args.output, Output::Json | Output::Yaml);
        if args.output == Output::Svg && !args.explain {
            let views: Vec<(String, _)> = sides
                .iter()
                .map(|(v, s, _)| (v.label(), s.view()))
                .collect();
            return out.write_all(dsplay_core::print::svg::side_by_side(&views).as_bytes());
        }
        if args.output == Output::Chart && !args.explain {
            return out.write_all(side_charts(&sides).as_bytes());
        }
        let mut results = Vec::new();
        for (i, (variant, sim, _)) in sides.into_iter().enumerate() {
            let mut printed = Vec::new();
            let mut runner = Runner {
                args,
                err: &mut *self.err,
                sim,
                failed: false,
                editor: String::new(),
                history: None,
            };
            let output = if structured {
                Output::Json
            } else {
                args.output
            };
            runner.print_result_as(&mut printed, output)?;
            if structured {
                let result: serde_json::Value =
                    serde_json::from_slice(&printed).map_err(io::Error::other)?;
                results.push(serde_json::json!({
                    "name": variant.name,
                    "title": variant.title,
                    "result": result,
                }));
            } else {
                if i > 0 {
                    writeln!(out)?;
                }
                writeln!(out, "==> {} <==", variant.label())?;
                out.write_all(&printed)?;
            }
        }
        if !structured {
            return Ok(());
        }
        let doc = serde_json::json!({
            "apiVersion": dsplay_core::scenario::SCENARIO_API_VERSION,
            "kind": "Comparison",
            "sides": results,
        });
        let text = match args.output {
            Output::Json => render::list::to_json(&doc),
            _ => render::list::to_yaml(&doc),
        };
        match text {
            Ok(t) => out.write_all(t.as_bytes()),
            Err(e) => Err(io::Error::other(e)),
        }
    }

    /// kubectl's lines for one apply: what was applied, what is not simulated, the errors
    /// (each with its source line from `source`) and the warnings.
    fn report_apply(
        &mut self,
        file: &str,
        source: &str,
        report: &ApplyReport,
        error: Option<&LocatedError>,
    ) {
        for a in &report.applied {
            self.say(&a.line);
        }
        for n in &report.not_simulated {
            self.say(&format!("{file}: {n}"));
        }
        // The error standing for those not kept (`… and N more errors in
        // FILE`) comes last, unlocated.
        let (more, errors): (Vec<_>, Vec<_>) = report
            .errors
            .iter()
            .chain(error)
            .partition(|e| e.kind == ErrorKind::TooManyErrors);
        let last = errors.iter().map(|e| e.location.line).max().unwrap_or(0);
        let lines = SourceLines::up_to(source, last);
        for e in errors {
            self.failed = true;
            let _ = writeln!(self.err, "{e}");
            if let Some(snippet) = lines.snippet(&e.location) {
                let _ = write!(self.err, "{snippet}");
            }
        }
        for e in more {
            self.failed = true;
            let _ = writeln!(self.err, "{}", e.message);
        }
        // Warnings never change the exit status.
        for w in &report.warnings {
            if w.kind == ErrorKind::TooManyErrors {
                let _ = writeln!(self.err, "{}", w.message);
                continue;
            }
            let _ = match &w.object {
                Some(o) => {
                    writeln!(self.err, "{}: {o}: warning: {}", w.location, w.message)
                }
                None => {
                    writeln!(self.err, "{}: warning: {}", w.location, w.message)
                }
            };
            if let Some(snippet) = lines.snippet(&w.location) {
                let _ = write!(self.err, "{snippet}");
            }
        }
    }

    /// `kubectl taint nodes NODE KEY-`: removes the key's taints, whatever their effect.
    fn untaint_key(&mut self, spec: &StepSpec, node: &str, key: &str) {
        let op = NodeOp::RemoveTaint {
            name: node.to_string(),
            key: key.to_string(),
            effect: None,
        };
        match self.sim.step(Input::Node(op)) {
            Ok(_) => self.say(&format!("node/{node} untainted")),
            Err(e) => self.refused(spec, &e),
        }
    }

    fn print_result(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.print_result_as(out, self.args.output)
    }

    /// [`Runner::print_result`] in `output` (a side of a comparison is read back as JSON).
    fn print_result_as(&mut self, out: &mut dyn Write, output: Output) -> io::Result<()> {
        let args = self.args;
        let text = if args.explain {
            let pairs = self.sim.explain_all();
            if pairs.is_empty() {
                let _ = writeln!(self.err, "No DaemonSets to explain.");
            }
            match output {
                Output::Json => render::list::to_json(&pairs),
                Output::Yaml => render::list::to_yaml(&pairs),
                Output::Text | Output::Wide | Output::Svg | Output::Chart => {
                    Ok(render::explain::render(&pairs))
                }
            }
        } else {
            // Item by item, as kubectl prints a List: the objects are never all held at once.
            match output {
                Output::Json => {
                    let items = self.sim.list_objects();
                    return render::list::buffered(out, |sink| json::write_list(sink, items));
                }
                Output::Yaml => {
                    let items = self.sim.list_objects();
                    return render::list::buffered(out, |sink| yaml::write_list(sink, items));
                }
                Output::Svg => Ok(dsplay_core::print::svg::to_string(&self.sim.view())),
                Output::Chart => Ok(self.chart()),
                Output::Wide | Output::Text => {
                    // Row by row, the objects read in place: only the cells are kept.
                    let tables = Tables::of(&self.sim);
                    if tables.is_empty() {
                        let _ = writeln!(self.err, "No resources found");
                    }
                    return render::list::buffered(out, |sink| tables.write(sink));
                }
            }
        };
        match text {
            Ok(t) => out.write_all(t.as_bytes()),
            Err(e) => Err(io::Error::other(e)),
        }
    }
}

impl Runner<'_> {
    /// `-o chart`: every DaemonSet's status from the run's start to its end, one chart each.
    fn chart(&self) -> String {
        use dsplay_core::print::chart;
        let empty = History::new();
        let history = self.history.as_ref().unwrap_or(&empty);
        let span = chart::Span::new(history.start().unwrap_or(self.sim.now()), self.sim.now());
        chart::history(history, span)
    }
}

/// `-o chart` of a side-by-side scenario: each DaemonSet's chart of the first side above
/// the same DaemonSet's of the second, on one time axis, each named `NAME (SIDE)`.
fn side_charts(sides: &[(&Variant, Simulation, Option<History>)]) -> String {
    use dsplay_core::print::chart;
    let mut charts = Vec::new();
    let most = sides
        .iter()
        .map(|(_, _, h)| h.as_ref().map_or(0, |h| h.series().len()))
        .max()
        .unwrap_or(0);
    for i in 0..most {
        for (variant, _, history) in sides {
            let Some((h, s)) = history.as_ref().and_then(|h| Some((h, h.series().get(i)?))) else {
                continue;
            };
            let mut named = s.clone();
            named.name = format!("{} ({})", s.name, variant.name);
            charts.push((named, h.marks_for(s)));
        }
    }
    let end = sides
        .iter()
        .map(|(_, sim, _)| sim.now())
        .max()
        .unwrap_or_default();
    let start = sides
        .iter()
        .filter_map(|(_, _, h)| h.as_ref()?.start())
        .min()
        .unwrap_or(end);
    let refs: Vec<_> = charts.iter().map(|(s, m)| (s, m.as_slice())).collect();
    chart::stacked(&refs, chart::Span::new(start, end))
}

/// Whether a step is a kubectl command that reads (`kubectl:get pods -o wide`): a run with
/// one prints what they print, in order, and not the final state.
fn reads_with_kubectl(args: &HiArgs) -> bool {
    args.steps
        .iter()
        .any(|s| matches!(&s.step, Step::Kubectl { command, .. } if !command.mutates()))
}

/// The API's field descriptions `kubectl:explain` prints (the page's `web/field-docs.json`,
/// built into the binary).
fn field_docs() -> Option<dsplay_core::field_docs::FieldDocs> {
    dsplay_core::field_docs::FieldDocs::parse(include_str!("../../../web/field-docs.json")).ok()
}
