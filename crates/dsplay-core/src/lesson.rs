//! Lessons: a Markdown story with YAML front matter (a title, the scenario the cluster starts
//! from, and tasks, each with a [`Check`], hints and a solution), as `web/lessons/*.md` hold
//! them. One parser for the page (which fetches the files) and the CLI (`dsplay lesson
//! check`, which verifies that every solution passes its check and no check holds before
//! its solution). See `docs/lessons.md`.

use crate::check::{Check, Cluster, Outcome};
use crate::clock::SimDuration;
use crate::load;
use crate::location::{ErrorKind, ErrorType, LocatedError, Location};
use crate::scenario::{Action, ReadFile, Reader, Scenario, ScenarioRun};
use crate::sim::{Input, Simulation};
use crate::steps::{Step, StepSpec};
use serde_json::Value;

/// How long the cluster may run to settle after the starting scenario and after each
/// solution step (as `dsplay simulate`'s default `--settle-limit`).
pub const SETTLE_LIMIT: SimDuration = SimDuration::from_secs(3600);

/// A parsed lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// The file it was read from.
    pub file: String,
    /// `title`.
    pub title: String,
    /// Where the cluster starts.
    pub scenario: ScenarioSource,
    /// The tasks, in order.
    pub tasks: Vec<Task>,
    /// The Markdown story after the front matter.
    pub story: String,
}

/// The scenario a lesson starts from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioSource {
    /// A scenario file in `web/scenarios/`, by name (`05-rolling-update.yaml`).
    File {
        /// The file name.
        name: String,
        /// Where the lesson names it.
        location: Location,
    },
    /// The scenario's text, inline (`scenario: |`), padded so its lines are the lesson's.
    Inline(String),
}

/// One task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// `title`: what to do, one line.
    pub title: String,
    /// `text`: more about it (Markdown), or empty.
    pub text: String,
    /// The check that turns green when the task is done.
    pub check: Check,
    /// Hints, revealed one at a time.
    pub hints: Vec<String>,
    /// Steps that do the task: manifests to apply and steps as the CLI writes them.
    pub solution: Vec<Action>,
}

/// What [`Lesson::solve`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Solved {
    /// The inputs that carried out the solution, settles included (as advances).
    pub inputs: Vec<Input>,
    /// The steps' refusals and apply errors, as messages (empty when every step went through).
    pub problems: Vec<String>,
}

/// The field names of a lesson's front matter.
const LESSON_FIELDS: &[&str] = &["title", "scenario", "tasks"];
/// The field names of a task.
const TASK_FIELDS: &[&str] = &["title", "text", "check", "hints", "solution"];

impl Lesson {
    /// Parses a lesson file: `---`, the YAML front matter, `---`, the Markdown story.
    ///
    /// # Errors
    ///
    /// No front matter, its YAML errors, fields of the wrong type or unknown, checks that do
    /// not parse, solution steps that are not steps, each located in the lesson file.
    pub fn parse(file: &str, text: &str) -> Result<Lesson, Vec<LocatedError>> {
        let at = |line: u32| Location {
            file: file.to_string(),
            line,
            column: 1,
        };
        let mut lines = text.split_inclusive('\n');
        let opened = lines.next().is_some_and(|l| l.trim_end() == "---");
        let mut front = String::from("\n");
        let mut story_at = None;
        let mut offset = text.find('\n').map_or(text.len(), |i| i + 1);
        for l in lines {
            offset += l.len();
            if l.trim_end() == "---" {
                story_at = Some(offset);
                break;
            }
            front.push_str(l);
        }
        let (true, Some(story_at)) = (opened, story_at) else {
            return Err(vec![LocatedError::new(
                ErrorKind::Field(ErrorType::Required),
                at(1),
                "front matter: expected the lesson to start with a --- line, its YAML front matter, and a --- line",
            )]);
        };
        let (mut r, top) = Reader::open(
            file,
            &front,
            "a mapping (title:, scenario:, tasks:)",
            || {
                LocatedError::new(
                    ErrorKind::Field(ErrorType::Required),
                    at(2),
                    "front matter: empty (give title:, scenario: and tasks:)",
                )
            },
        )?;
        r.known_fields(&top, "", LESSON_FIELDS);
        let title = r.string(top.get("title"), "title").unwrap_or_default();
        if title.is_empty() {
            r.required("title");
        }
        let scenario = match top.get("scenario") {
            None => {
                r.required("scenario");
                None
            }
            Some(v) => r.string(Some(v), "scenario").map(|s| {
                if s.contains('\n') {
                    ScenarioSource::Inline(r.in_place("scenario", "scenario", &front, &s))
                } else {
                    ScenarioSource::File {
                        name: s,
                        location: r.at("scenario"),
                    }
                }
            }),
        };
        let tasks = r.tasks(top.get("tasks"), &front);
        match (scenario, r.errors.is_empty()) {
            (Some(scenario), true) => Ok(Lesson {
                file: file.to_string(),
                title,
                scenario,
                tasks,
                story: text[story_at..].to_string(),
            }),
            _ => Err(r.errors),
        }
    }

    /// The name of the scenario file the lesson starts from, if it names one.
    pub fn scenario_file(&self) -> Option<&str> {
        match &self.scenario {
            ScenarioSource::File { name, .. } => Some(name),
            ScenarioSource::Inline(_) => None,
        }
    }

    /// Parses the starting scenario; `read` gives the text of a scenario file by name.
    ///
    /// # Errors
    ///
    /// The file cannot be read (located at the lesson's `scenario:`), or the scenario's own
    /// errors.
    pub fn scenario(&self, read: &mut ReadFile<'_>) -> Result<Scenario, Vec<LocatedError>> {
        let no_files = &mut |name: &str| -> Result<String, String> {
            Err(format!(
                "no file {name:?}: a lesson's scenario has its manifests inline"
            ))
        };
        match &self.scenario {
            ScenarioSource::Inline(text) => Scenario::parse(&self.file, text, no_files),
            ScenarioSource::File { name, location } => match read(name) {
                Ok(text) => Scenario::parse(name, &text, no_files),
                Err(e) => Err(vec![LocatedError::new(
                    ErrorKind::Field(ErrorType::NotFound),
                    location.clone(),
                    format!("scenario: cannot read {name}: {e}"),
                )]),
            },
        }
    }

    /// The cluster the lesson starts from: the scenario played to its end, settled.
    pub fn start(scenario: &Scenario) -> Simulation {
        ScenarioRun::run_to_end(scenario, SETTLE_LIMIT).0.sim
    }

    /// Carries out task `index`'s solution on `sim`, each step then letting the cluster
    /// settle (a `wait:` step only lets its time pass). Returns the inputs that did it, each
    /// settle as the [`Input::Advance`] it took (the page dispatches them, solving on a copy of
    /// its cluster first, so its run log replays and shares like clicks), and the steps'
    /// refusals and apply errors, as messages.
    pub fn solve(&self, index: usize, sim: &mut Simulation) -> Solved {
        let mut solved = Solved::default();
        let Some(task) = self.tasks.get(index) else {
            return solved;
        };
        for action in &task.solution {
            let Some(input) = action.input() else {
                continue;
            };
            let wait = matches!(input, Input::Advance(_));
            solved.inputs.push(input.clone());
            match sim.step(input) {
                Ok(report) => solved
                    .problems
                    .extend(report.errors.iter().map(ToString::to_string)),
                Err(e) => solved.problems.push(e.to_string()),
            }
            if !wait {
                let before = sim.now();
                sim.settle(SETTLE_LIMIT);
                let took = sim.now().since(before);
                if took.as_millis() > 0 {
                    solved.inputs.push(Input::Advance(took));
                }
            }
        }
        solved
    }

    /// Verifies the lesson on its starting cluster: no task's check holds at the start; then,
    /// task by task, its check does not hold before its solution and holds after it (so no
    /// task is broken or done already). Returns each problem, located at the check (or the
    /// solution); empty when the lesson is sound.
    pub fn verify(&self, scenario: &Scenario) -> Vec<LocatedError> {
        let mut out = Vec::new();
        let mut sim = Lesson::start(scenario);
        let eval = |c: &Check, sim: &Simulation| -> Outcome {
            let view = sim.view();
            c.evaluate(&Cluster::new(sim, &view.nodes, &view.daemon_sets))
        };
        let problem = |c: &Check, message: String| {
            LocatedError::new(
                ErrorKind::Field(ErrorType::Invalid),
                c.location.clone(),
                format!("{}: {message}", c.path),
            )
        };
        for t in &self.tasks {
            let o = eval(&t.check, &sim);
            if o.pass {
                out.push(problem(
                    &t.check,
                    format!("holds at the start, before any solution: {}", o.seen),
                ));
            }
        }
        for (i, t) in self.tasks.iter().enumerate() {
            if i > 0 {
                let o = eval(&t.check, &sim);
                if o.pass {
                    out.push(problem(
                        &t.check,
                        format!(
                            "holds before its solution (after tasks[{}]'s): {}",
                            i - 1,
                            o.seen
                        ),
                    ));
                }
            }
            for p in self.solve(i, &mut sim).problems {
                out.push(problem(&t.check, format!("tasks[{i}].solution: {p}")));
            }
            let o = eval(&t.check, &sim);
            if !o.pass {
                out.push(problem(
                    &t.check,
                    format!("does not hold after the solution: {}", o.seen),
                ));
            }
        }
        out
    }
}

impl Reader<'_> {
    fn tasks(&mut self, value: Option<&Value>, source: &str) -> Vec<Task> {
        let list = match value {
            Some(Value::Array(a)) if !a.is_empty() => a.clone(),
            None => {
                self.required("tasks");
                return Vec::new();
            }
            Some(other) => {
                self.wrong_type("tasks", "a list of tasks (at least one)", other);
                return Vec::new();
            }
        };
        let mut tasks = Vec::new();
        for (i, entry) in list.iter().enumerate() {
            let path = load::index_path("tasks", i);
            let Some(m) = entry.as_object() else {
                self.wrong_type(
                    &path,
                    "a mapping (title:, check:, hints:, solution:)",
                    entry,
                );
                continue;
            };
            self.known_fields(m, &path, TASK_FIELDS);
            let title_path = load::child_path(&path, "title");
            let title = self.string(m.get("title"), &title_path).unwrap_or_default();
            if title.is_empty() {
                self.required(&title_path);
            }
            let text = self
                .string(m.get("text"), &load::child_path(&path, "text"))
                .unwrap_or_default();
            let check_path = load::child_path(&path, "check");
            let check = match m.get("check") {
                Some(v) => Check::read(self, v, &check_path),
                None => {
                    self.required(&check_path);
                    None
                }
            };
            let hints = self.strings(m.get("hints"), &load::child_path(&path, "hints"));
            let solution = self.solution(
                m.get("solution"),
                &load::child_path(&path, "solution"),
                source,
            );
            if let Some(check) = check {
                tasks.push(Task {
                    title,
                    text,
                    check,
                    hints,
                    solution,
                });
            }
        }
        tasks
    }

    fn strings(&mut self, value: Option<&Value>, path: &str) -> Vec<String> {
        match value {
            None => Vec::new(),
            Some(Value::Array(a)) => a
                .iter()
                .enumerate()
                .filter_map(|(i, v)| self.string(Some(v), &load::index_path(path, i)))
                .collect(),
            Some(other) => {
                self.wrong_type(path, "a list of strings", other);
                Vec::new()
            }
        }
    }

    /// `solution: [{apply: MANIFEST} | {step: STEP}, ...]`.
    fn solution(&mut self, value: Option<&Value>, path: &str, source: &str) -> Vec<Action> {
        let list = match value {
            Some(Value::Array(a)) if !a.is_empty() => a.clone(),
            None => {
                self.required(path);
                return Vec::new();
            }
            Some(other) => {
                self.wrong_type(
                    path,
                    "a list of steps (apply: or step:), at least one",
                    other,
                );
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, entry) in list.iter().enumerate() {
            let p = load::index_path(path, i);
            let Some(m) = entry.as_object() else {
                self.wrong_type(&p, "a mapping (apply: or step:)", entry);
                continue;
            };
            self.known_fields(m, &p, &["apply", "step"]);
            if m.len() != 1 {
                self.invalid(&p, "give exactly one of apply: or step:");
                continue;
            }
            if m.contains_key("apply") {
                let no_files = &mut |_: &str| -> Result<String, String> { Err(String::new()) };
                out.extend(self.manifest(m, &p, source, no_files).map(Action::Apply));
                continue;
            }
            let sp = load::child_path(&p, "step");
            let Some(text) = self.string(m.get("step"), &sp) else {
                continue;
            };
            match StepSpec::parse(&text, "default") {
                Ok(spec) if matches!(spec.step, Step::Input(_) | Step::UntaintKey { .. } | Step::Wait(_)) => {
                    out.push(Action::Step(spec));
                }
                Ok(spec) => self.invalid(
                    &sp,
                    format!(
                        "{}: unknown step (a step is VERB:ARGUMENTS, e.g. cordon:NODE; a manifest goes inline with apply: |)",
                        spec.shown()
                    ),
                ),
                Err(e) => self.invalid(&sp, e),
            }
        }
        out
    }
}
