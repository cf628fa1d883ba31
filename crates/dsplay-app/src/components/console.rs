//! The kubectl console (full build, `upgrade::Panel::Console`): a terminal-like panel that
//! takes kubectl command lines and answers as kubectl would (`dsplay_core::kubectl`), with
//! history (↑/↓), Tab completion, Ctrl+L, several pasted lines run one by one, `-w` streaming
//! until Ctrl+C, `ls`/`cat` of its folder and `edit` into the editor. Commands run through
//! the page's reducer ([`Action::Kubectl`]), so what they change is recorded, saved and
//! shared like a button's input.
//!
//! The scrollback is windowed: each answer is kept as one string, its lines as offsets into
//! it, and only the lines in view (with a margin) are in the DOM; the others are drawn as the
//! output scrolls. A 3,000-row `get pods -o wide` costs the page no more to draw than
//! `get ds` (docs/performance.md, "The console"). The scrollback keeps its last
//! [`MAX_LINES`] lines; once older ones are dropped its first line says so ([`NOTE`]), and
//! what was typed stays in the history (↑) and the events' history.

use crate::examples::EXAMPLES;
use crate::share::fetch_manifest;
use crate::state::{Action, AppState, KubectlLog, SimHandle, EDITOR_FILE};
use dsplay_core::clock::SimTime;
use dsplay_core::field_docs::FieldDocs;
use dsplay_core::kubectl::complete::complete;
use dsplay_core::kubectl::{parse_line, query, run_in, Command, Context, Files, Outcome, Stream};
use dsplay_core::scenario::Scenario;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

/// Lines kept in the scrollback (older ones are dropped, [`NOTE`] says so); a `get -o
/// yaml|json` List of more is printed only as far as they reach
/// (`dsplay_core::kubectl::Context::keep_lines`): the cost of such an answer grows with this
/// number (10,000 lines of YAML are about 95 pods' objects).
pub(crate) const MAX_LINES: usize = 10_000;
/// The scrollback's first line once lines were dropped from it or left out of an answer.
const NOTE: &str = "(older lines not kept: the console keeps the last 10,000)";
/// The height of a scrollback line in CSS pixels (`.console-output`'s `line-height`).
const LINE_PX: usize = 18;
/// Lines drawn above and below the ones in view.
const MARGIN: usize = 60;
/// Lines in view until the output is measured (its `max-height`, 360px).
const IN_VIEW: usize = 20;

/// The built-in scenarios (`web/scenarios`, the scenario bar's `BUILT_IN`), whose manifests
/// the folder holds ([`Scenario::manifest_files`]).
const SCENARIOS: [(&str, &str); 10] = [
    (
        "01-node-churn.yaml",
        include_str!("../../../../web/scenarios/01-node-churn.yaml"),
    ),
    (
        "02-node-failures.yaml",
        include_str!("../../../../web/scenarios/02-node-failures.yaml"),
    ),
    (
        "03-cordon-and-drain.yaml",
        include_str!("../../../../web/scenarios/03-cordon-and-drain.yaml"),
    ),
    (
        "04-noschedule-vs-noexecute.yaml",
        include_str!("../../../../web/scenarios/04-noschedule-vs-noexecute.yaml"),
    ),
    (
        "05-rolling-update.yaml",
        include_str!("../../../../web/scenarios/05-rolling-update.yaml"),
    ),
    (
        "06-ondelete.yaml",
        include_str!("../../../../web/scenarios/06-ondelete.yaml"),
    ),
    (
        "07-resource-squeeze.yaml",
        include_str!("../../../../web/scenarios/07-resource-squeeze.yaml"),
    ),
    (
        "08-control-plane.yaml",
        include_str!("../../../../web/scenarios/08-control-plane.yaml"),
    ),
    (
        "09-side-by-side-rolling-update.yaml",
        include_str!("../../../../web/scenarios/09-side-by-side-rolling-update.yaml"),
    ),
    (
        "10-side-by-side-taint-effects.yaml",
        include_str!("../../../../web/scenarios/10-side-by-side-taint-effects.yaml"),
    ),
];

/// Props of [`Console`].
#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    /// Runs a line through the page's reducer.
    pub dispatcher: UseReducerDispatcher<AppState>,
    /// The answers so far.
    pub log: Rc<KubectlLog>,
    /// The simulation (completion, `-w`).
    pub sim: SimHandle,
    /// Simulated now (`-w` prints what changed as it moves on).
    pub now: SimTime,
    /// The editor's text (the folder's `daemonset.yaml`).
    pub editor: AttrValue,
    /// Opens a text in the editor (`edit`).
    pub on_edit: Callback<String>,
    /// Closes the panel.
    pub on_close: Callback<()>,
}

/// What a scrollback line is: `$ command`, output, error output, or [`NOTE`].
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Prompt,
    Out,
    Err,
    Note,
}

/// One scrollback line: a slice of the text it came in (kept whole, shared by its lines).
#[derive(Clone)]
struct Line {
    kind: Kind,
    text: Rc<str>,
    start: u32,
    end: u32,
}

impl Line {
    fn as_str(&self) -> &str {
        self.text
            .get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }
}

/// What the console keeps between renders.
#[derive(Default)]
struct Term {
    lines: Vec<Line>,
    /// Whether `lines` starts with [`NOTE`] (lines were dropped).
    noted: bool,
    history: Vec<String>,
    /// Where ↑/↓ is in the history (`history.len()`: the line being typed).
    cursor: usize,
    /// The number of the last answer shown (the output's `data-console-answers`: it moves
    /// with every answer, even when the scrollback, full, keeps as many lines).
    seen: u64,
    /// `get -w`: the command and the rows printed last (without their ages).
    watch: Option<(Command, Vec<String>)>,
    /// Lines waiting for the field descriptions (`explain`).
    waiting: Vec<String>,
    docs: Option<Rc<FieldDocs>>,
    /// The first line in view.
    first: usize,
    /// How many lines the output shows (0: not measured yet).
    in_view: usize,
}

impl Term {
    /// Adds `text`'s lines (a last newline ends the last line); the view follows them. Only
    /// the last [`MAX_LINES`] of them can stay: the text before those is not kept, nor split
    /// into lines (a 3,000-pod `get pods -o yaml` is megabytes of text).
    fn push(&mut self, kind: Kind, text: &str) {
        let text = text.strip_suffix('\n').unwrap_or(text);
        // Where each line ends, in one pass over the text.
        let mut ends: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
        ends.push(text.len());
        let skip = ends.len().saturating_sub(MAX_LINES);
        let kept = skip
            .checked_sub(1)
            .and_then(|i| ends.get(i))
            .map_or(0, |&i| i + 1);
        let ends = ends.get(skip..).unwrap_or_default();
        // The older lines that make room for these (all of them for a full answer).
        let extra =
            (self.lines.len() - usize::from(self.noted) + ends.len()).saturating_sub(MAX_LINES);
        if skip > 0 || extra > 0 {
            self.note_dropped();
        }
        let note = usize::from(self.noted);
        self.lines
            .drain(note..(note + extra).min(self.lines.len()).max(note));
        let text: Rc<str> = Rc::from(text.get(kept..).unwrap_or(text));
        let mut start = 0;
        for &end in ends {
            let end = end - kept;
            self.lines.push(Line {
                kind,
                text: Rc::clone(&text),
                start: u32::try_from(start).unwrap_or(u32::MAX),
                end: u32::try_from(end).unwrap_or(u32::MAX),
            });
            start = end + 1;
        }
        self.follow();
    }

    /// Adds `line` and its answer: the line echoed (pasted lines each before their own
    /// answer), then what it printed, out and errors in their order.
    fn print(&mut self, line: &str, answer: &Outcome) {
        self.push(Kind::Prompt, &format!("$ {line}"));
        if answer.clear {
            self.clear();
        }
        if answer.cut {
            // The core wrote only the List's last lines.
            self.note_dropped();
        }
        for (stream, text) in &answer.chunks {
            let kind = if *stream == Stream::Err {
                Kind::Err
            } else {
                Kind::Out
            };
            self.push(kind, text);
        }
    }

    /// Starts the scrollback with [`NOTE`] (once): lines were dropped or left out.
    fn note_dropped(&mut self) {
        if !self.noted {
            let line = Line {
                kind: Kind::Note,
                text: Rc::from(NOTE),
                start: 0,
                end: u32::try_from(NOTE.len()).unwrap_or(0),
            };
            self.lines.insert(0, line);
            self.noted = true;
        }
    }

    fn clear(&mut self) {
        self.lines.clear();
        self.noted = false;
        self.first = 0;
    }

    /// The view shows the newest lines.
    fn follow(&mut self) {
        self.first = self.lines.len().saturating_sub(self.in_view());
    }

    fn in_view(&self) -> usize {
        if self.in_view == 0 {
            IN_VIEW
        } else {
            self.in_view
        }
    }

    /// The lines drawn, `from..to`: those in view and [`MARGIN`] on each side.
    fn window(&self) -> (usize, usize) {
        let to = (self.first + self.in_view() + MARGIN).min(self.lines.len());
        (self.first.saturating_sub(MARGIN).min(to), to)
    }

    /// The output scrolled to `top` of `full` (its scroll height), `height` in view (all in
    /// the same units, which presentation mode's zoom changes): whether the lines drawn no
    /// longer cover the view with some margin (then it is drawn again).
    fn scrolled(&mut self, top: f64, height: f64, full: f64) -> bool {
        let line = if self.lines.is_empty() || full <= 0.0 {
            LINE_PX as f64
        } else {
            (full / self.lines.len() as f64).max(1.0)
        };
        self.in_view = ((height / line).ceil() as usize).max(1);
        let (from, to) = self.window();
        self.first = ((top / line) as usize).min(self.lines.len());
        let margin = MARGIN / 2;
        (from > 0 && self.first < from + margin)
            || (to < self.lines.len() && self.first + self.in_view + margin > to)
    }
}

thread_local! {
    /// The folder's fixed part: the examples and the built-in scenarios' manifests.
    static FOLDER: Files = {
        let mut f = Files::new();
        for e in EXAMPLES {
            f.insert(e.file.to_string(), e.yaml.to_string());
        }
        for (file, text) in SCENARIOS {
            if let Ok(s) = Scenario::parse(file, text, &mut |_: &str| Err(String::new())) {
                f.extend(s.manifest_files());
            }
        }
        f
    };
}

/// The console's folder: the editor's text as `daemonset.yaml`, every example by its file
/// name in `web/examples`, every built-in scenario's manifests by the name
/// [`Scenario::manifest_files`] gives them.
fn files(editor: &str) -> Files {
    let mut f = FOLDER.with(Files::clone);
    f.insert(EDITOR_FILE.to_string(), editor.to_string());
    f
}

/// The folder `command` is given: [`files`] for a command that reads it
/// ([`Command::reads_files`]), else an empty one. The folder is built (the scenarios parsed,
/// once) and copied only for those: the first `get` of a fresh page neither parses the ten
/// scenarios nor compiles their parser, and no command copies the folder's texts for nothing
/// (docs/performance.md, "The console").
fn folder_for(command: Option<&Command>, editor: &str) -> Rc<Files> {
    Rc::new(if command.is_some_and(Command::reads_files) {
        files(editor)
    } else {
        Files::new()
    })
}

/// The folder's file names (Tab completion), without copying its texts.
fn file_names() -> Vec<String> {
    let mut names: Vec<String> = FOLDER.with(|f| f.keys().cloned().collect());
    if let Err(i) = names.binary_search_by(|n| n.as_str().cmp(EDITOR_FILE)) {
        names.insert(i, EDITOR_FILE.to_string());
    }
    names
}

thread_local! {
    /// Whether the warm-up ([`WarmUp`]) started (once a page).
    static WARM: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Whether it ran to its end (the output's `data-console-warmed`).
    static WARMED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Whether a line was typed in the console (the warm-up stops: that command compiled
    /// its own code).
    static TYPED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The open console's redraw (its output says when the warm-up ended).
    static ON_WARMED: std::cell::RefCell<Option<Callback<()>>> = const { std::cell::RefCell::new(None) };
}

/// The commands the warm-up runs, each so many times: the ones learners start with.
/// `get pods -o wide` most: V8 recompiles a function optimised once it has run a certain
/// amount of its code (`--wasm-tiering-budget`, about 1.8 MB of it), and a loop cannot switch
/// to the optimised code midway, so the functions over the pods (`Simulation::pod_refs`,
/// the rows, each pod's conditions) must run their budget here: with 16 runs of about 200
/// rows, some were optimised only during the learner's first command (docs/performance.md,
/// "The first command after the warm-up"); 64 runs are about four learners' commands' worth
/// of rows.
const WARM_UP: [(&str, usize); 5] = [
    ("get pods -o wide", 64),
    ("get pods -o yaml", 2),
    ("get pods -o json", 2),
    ("get ds", 2),
    ("describe node worker-1", 2),
];
/// How long one slice of the warm-up runs, at most (in ms, and one step more): a key
/// pressed meanwhile waits no longer ([`in_idle_time`]).
const WARM_UP_MS_A_MOMENT: f64 = 4.0;
/// The warm-up cluster's nodes.
const WARM_UP_NODES: usize = 100;
/// Nodes the warm-up adds in one step.
const WARM_UP_NODES_A_STEP: usize = 12;
/// The examples the warm-up applies (the first three: each runs on every node, so 100 nodes
/// hold about 300 pods, three a node as on the clusters learners are given).
const WARM_UP_EXAMPLES: usize = 3;
/// Simulated seconds the warm-up lets its pods start in, a step each (on the default
/// cluster, their sum in one step).
const WARM_UP_SECONDS: [u64; 3] = [10, 10, 10];

/// The console's warm-up: a browser compiles each wasm function the first time it runs
/// (baseline code: V8 compiled about 240 for the first `get pods -o wide` of a page) and
/// optimises it only once it has run hot, so a learner's first command ran slow code,
/// compiled on the spot, with the optimising compiler busy beside it. From the full build's
/// first idle moment on ([`warm_up`], whether the console is open or not: it is by the time
/// a learner opens it and types), in the page's idle time, a few short steps at a time
/// ([`in_idle_time`]), this builds a cluster of its own ([`WARM_UP_NODES`] nodes, the first
/// [`WARM_UP_EXAMPLES`] examples), runs the commands learners start with on it ([`WARM_UP`]:
/// each once, then the rest of their runs) and splits their answers into lines as the
/// console does (a scrollback of its own), dropping them; a line typed in the console stops
/// it. The learner's cluster is not read, nothing is shown or recorded, the memory it took is
/// free again for the first answers (docs/performance.md, "The console").
struct WarmUp {
    sim: dsplay_core::sim::Simulation,
    folder: Files,
    /// A scrollback of its own, never drawn.
    term: Term,
    /// The steps left ([`WarmUp::plan`]).
    steps: std::vec::IntoIter<WarmUpStep>,
}

/// One step of the warm-up: each is short (a key pressed waits for the one running).
#[derive(Clone, Copy)]
enum WarmUpStep {
    /// The `n`th example applied.
    Apply(usize),
    /// So many simulated seconds pass (the pods start).
    StartPods(u64),
    /// A command run.
    Run(&'static str),
    /// [`WARM_UP_NODES_A_STEP`] nodes more, up to [`WARM_UP_NODES`].
    AddNodes,
}

impl WarmUp {
    /// Its cluster as it starts: the default nodes (the steps add the rest).
    fn new() -> Self {
        WarmUp {
            sim: dsplay_core::sim::Simulation::with_default_cluster(1),
            folder: Files::new(),
            term: Term::default(),
            steps: Self::plan().into_iter(),
        }
    }

    /// Its steps, in order: on the default cluster first, the examples applied and their pods
    /// started, each command of [`WARM_UP`] once (its code compiled on a dozen pods: what a
    /// command typed meanwhile gains most); then the rest of the nodes, a few a step, their
    /// pods started, and the rest of the commands' runs.
    fn plan() -> Vec<WarmUpStep> {
        use WarmUpStep::{AddNodes, Apply, Run, StartPods};
        let mut plan: Vec<WarmUpStep> = (0..WARM_UP_EXAMPLES.min(EXAMPLES.len()))
            .map(Apply)
            .collect();
        plan.push(StartPods(WARM_UP_SECONDS.iter().sum()));
        plan.extend(WARM_UP.iter().map(|&(line, _)| Run(line)));
        plan.extend((0..WARM_UP_NODES.div_ceil(WARM_UP_NODES_A_STEP)).map(|_| AddNodes));
        plan.extend(WARM_UP_SECONDS.iter().map(|&secs| StartPods(secs)));
        for &(line, times) in &WARM_UP {
            plan.extend((1..times).map(|_| Run(line)));
        }
        plan
    }

    /// Runs the next step; whether there was one.
    fn next(&mut self) -> bool {
        use dsplay_core::sim::{NodeOp, NodeTemplate};
        let Some(step) = self.steps.next() else {
            return false;
        };
        match step {
            WarmUpStep::Apply(n) => {
                if let Some(e) = EXAMPLES.get(n) {
                    self.folder.insert(e.file.to_string(), e.yaml.to_string());
                    let _ = self.sim.apply(e.file, e.yaml);
                }
            }
            WarmUpStep::StartPods(secs) => self.start_pods(secs),
            WarmUpStep::Run(line) => self.command(line),
            WarmUpStep::AddNodes => {
                for _ in 0..WARM_UP_NODES_A_STEP {
                    let add = NodeOp::Add {
                        name: None,
                        template: NodeTemplate::Worker,
                    };
                    if self.sim.stored_nodes().count() >= WARM_UP_NODES
                        || self.sim.node_op(add).is_err()
                    {
                        break;
                    }
                }
            }
        }
        true
    }

    /// Lets `secs` simulated seconds pass (the pods start).
    fn start_pods(&mut self, secs: u64) {
        self.sim
            .advance(dsplay_core::clock::SimDuration::from_secs(secs));
    }

    /// Runs `line` as the console does, its answer into the warm-up's own scrollback.
    fn command(&mut self, line: &str) {
        let cx = Context {
            files: Some(&self.folder),
            field_docs: None,
            keep_lines: Some(MAX_LINES),
        };
        let answer = run_in(&mut self.sim, line, &cx);
        self.term.print(line, &answer);
    }
}

/// Starts the console's warm-up ([`WarmUp`]), once a page: the full build's page calls it
/// as it mounts (app.rs), so it runs in the page's first idle time, console open or not.
/// It runs steps for [`WARM_UP_MS_A_MOMENT`] at a time until it ends (the console's output
/// then says `data-console-warmed`) or a line is typed in the console.
pub(crate) fn warm_up() {
    if WARM.with(|w| w.replace(true)) {
        return;
    }
    let mut warm: Option<WarmUp> = None;
    in_idle_time(move || {
        let start = crate::state::now_ms();
        let w = warm.get_or_insert_with(WarmUp::new);
        loop {
            if TYPED.with(std::cell::Cell::get) {
                return false;
            }
            if !w.next() {
                WARMED.with(|w| w.set(true));
                if let Some(redraw) = ON_WARMED.with(|r| r.borrow().clone()) {
                    redraw.emit(());
                }
                return false;
            }
            if crate::state::now_ms() - start >= WARM_UP_MS_A_MOMENT {
                return true;
            }
        }
    });
}

// The browser's `IdleDeadline` and `MessageChannel`, bound here rather than through web-sys
// features: a web-sys feature more changes the hash in the name of every function of web-sys
// and of the crates over it, the release build orders functions by name
// (`--reorder-functions-by-name`), and the light page's wasm, which has none of this, came
// out 87 bytes larger gzipped.
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// What a `requestIdleCallback` callback is given.
    type IdleDeadline;
    /// The milliseconds left in the idle period.
    #[wasm_bindgen(method, js_name = timeRemaining)]
    fn time_remaining(this: &IdleDeadline) -> f64;
    /// Two entangled ports: a message posted on one is a task on the other.
    type MessageChannel;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<MessageChannel, wasm_bindgen::JsValue>;
    #[wasm_bindgen(method, getter)]
    fn port1(this: &MessageChannel) -> MessagePort;
    #[wasm_bindgen(method, getter)]
    fn port2(this: &MessageChannel) -> MessagePort;
    /// One end of a [`MessageChannel`].
    type MessagePort;
    #[wasm_bindgen(method, setter)]
    fn set_onmessage(this: &MessagePort, f: &wasm_bindgen::JsValue);
    #[wasm_bindgen(method, js_name = postMessage, catch)]
    fn post_message(
        this: &MessagePort,
        message: &wasm_bindgen::JsValue,
    ) -> Result<(), wasm_bindgen::JsValue>;
}

/// Work done in the page's idle time, a slice at a time ([`in_idle_time`]).
struct IdleWork {
    /// Runs one slice; whether there is more.
    slice: Box<dyn FnMut() -> bool>,
    /// The next slice's task (a message to itself).
    channel: MessageChannel,
    /// When the idle period ends (`performance.now()`, ms).
    until: f64,
}

impl IdleWork {
    /// Asks for the next idle period (`requestIdleCallback`; where there is none, a short
    /// period 50 ms on).
    fn next_period(self) {
        let cell = Rc::new(std::cell::Cell::new(Some(self)));
        let later = {
            let cell = cell.clone();
            wasm_bindgen::closure::Closure::once_into_js(move |deadline: IdleDeadline| {
                if let Some(mut w) = cell.take() {
                    w.until = crate::state::now_ms() + deadline.time_remaining();
                    w.run();
                }
            })
        };
        let asked = web_sys::window()
            .is_some_and(|w| w.request_idle_callback(later.unchecked_ref()).is_ok());
        if asked {
            return;
        }
        if let Some(mut w) = cell.take() {
            gloo::timers::callback::Timeout::new(50, move || {
                w.until = crate::state::now_ms() + WARM_UP_MS_A_MOMENT;
                w.run();
            })
            .forget();
        }
    }

    /// Runs a slice; the next one in a task of its own while the idle period lasts, else in
    /// the next idle period.
    fn run(mut self) {
        if !(self.slice)() {
            return;
        }
        if crate::state::now_ms() + 1.0 >= self.until {
            self.next_period();
            return;
        }
        let (port, sender) = (self.channel.port1(), self.channel.port2());
        let cell = Rc::new(std::cell::Cell::new(Some(self)));
        let then = {
            let cell = cell.clone();
            wasm_bindgen::closure::Closure::once_into_js(move || {
                if let Some(w) = cell.take() {
                    w.run();
                }
            })
        };
        port.set_onmessage(&then);
        if sender.post_message(&wasm_bindgen::JsValue::NULL).is_err() {
            if let Some(w) = cell.take() {
                w.next_period();
            }
        }
    }
}

/// Runs `slice` (it returns whether there is more to do) in the page's idle time: in each
/// idle period (`requestIdleCallback`), slice after slice until the period's deadline, each
/// slice a task of its own (a message the page posts itself: a `setTimeout` chain waits 4 ms
/// after the fifth), so that a key pressed waits for one slice at most. A browser calls an
/// idle callback asked for in an idle callback only in the next idle period, 50 ms on in a
/// quiet page: a slice a callback spread the warm-up's 130 ms of work over about 0.4 s.
fn in_idle_time(slice: impl FnMut() -> bool + 'static) {
    if let Ok(channel) = MessageChannel::new() {
        IdleWork {
            slice: Box::new(slice),
            channel,
            until: 0.0,
        }
        .next_period();
    }
}

/// A table row without the cells that only age (AGE, LAST SEEN): what `-w` compares.
fn without_age(header: &str, row: &str) -> String {
    let starts: Vec<usize> = ["AGE", "LAST SEEN"]
        .iter()
        .filter_map(|h| {
            header
                .match_indices(h)
                .find(|(i, _)| *i == 0 || header.as_bytes().get(i - 1) == Some(&b' '))
                .map(|(i, _)| i)
        })
        .collect();
    let mut out = String::with_capacity(row.len());
    let mut skip_from: Option<usize> = None;
    for (i, c) in row.char_indices() {
        if starts.contains(&i) {
            skip_from = Some(i);
        }
        match skip_from {
            Some(_) if c == ' ' => skip_from = None,
            Some(_) => continue,
            None => {}
        }
        out.push(c);
    }
    out
}

/// The kubectl console panel.
#[component]
pub fn Console(props: &ConsoleProps) -> Html {
    let term = use_mut_ref(Term::default);
    let redraw = use_force_update();
    let input = use_node_ref();
    let output = use_node_ref();

    // New answers: print them, open `edit`'s text, start or stop a watch.
    {
        let (term, on_edit, redraw) = (term.clone(), props.on_edit.clone(), redraw.clone());
        use_effect_with(props.log.clone(), move |log| {
            let mut t = term.borrow_mut();
            let mut drew = false;
            let seen = t.seen;
            for answer in log.recent.iter().filter(|a| a.0 > seen) {
                let (seq, line, outcome) = &**answer;
                t.seen = *seq;
                drew = true;
                t.print(line, outcome);
                if let Some(text) = &outcome.edit {
                    on_edit.emit(text.clone());
                }
                if let Ok(Some(cmd @ Command::Get { watch: true, .. })) = parse_line(line) {
                    if outcome.exit_code == 0 {
                        let rows = outcome.stdout();
                        let header = rows.lines().next().unwrap_or_default().to_string();
                        let seen = rows.lines().map(|r| without_age(&header, r)).collect();
                        t.watch = Some((cmd, seen));
                    }
                }
            }
            if drew {
                drop(t);
                redraw.force_update();
            }
        });
    }
    // `-w`: once per simulated second, the rows that changed.
    {
        let (term, sim, redraw) = (term.clone(), props.sim.clone(), redraw.clone());
        use_effect_with(props.now.as_millis() / 1000, move |_| {
            let mut t = term.borrow_mut();
            let Some((cmd, seen)) = t.watch.take() else {
                return;
            };
            let Some(answer) = sim.with(|s| query(s, &cmd)) else {
                return;
            };
            let text = answer.stdout();
            let mut lines = text.lines();
            let header = lines.next().unwrap_or_default().to_string();
            let mut now_seen = vec![without_age(&header, &header)];
            let mut changed = false;
            for row in lines {
                let key = without_age(&header, row);
                if !seen.contains(&key) {
                    t.push(Kind::Out, row);
                    changed = true;
                }
                now_seen.push(key);
            }
            t.watch = Some((cmd, now_seen));
            drop(t);
            if changed {
                redraw.force_update();
            }
        });
    }
    // The output follows the newest line (and is measured once drawn).
    {
        let (output, term) = (output.clone(), term.clone());
        let count = term.borrow().lines.len();
        use_effect_with(count, move |_| {
            if let Some(el) = output.cast::<HtmlElement>() {
                let mut t = term.borrow_mut();
                let height = usize::try_from(el.client_height()).unwrap_or(0);
                if height > 0 && t.in_view == 0 {
                    t.in_view = height.div_ceil(LINE_PX);
                }
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    // Runs one line: echoed with its answer, answered through the reducer.
    let run: Rc<dyn Fn(String)> = {
        let (term, dispatcher, editor) =
            (term.clone(), props.dispatcher.clone(), props.editor.clone());
        let redraw = redraw.clone();
        Rc::new(move |line: String| {
            TYPED.with(|t| t.set(true));
            let mut t = term.borrow_mut();
            if !line.trim().is_empty() && t.history.last() != Some(&line) {
                t.history.push(line.clone());
            }
            t.cursor = t.history.len();
            let command = parse_line(&line).ok().flatten();
            let is_explain = matches!(command, Some(Command::Explain { .. }));
            if is_explain && t.docs.is_none() {
                // The descriptions are fetched the first time `explain` runs.
                t.waiting.push(line);
                if t.waiting.len() == 1 {
                    let (term, dispatcher, editor) =
                        (term.clone(), dispatcher.clone(), editor.clone());
                    let redraw = redraw.clone();
                    fetch_manifest("field-docs.json", move |r| {
                        let docs = r
                            .ok()
                            .and_then(|b| String::from_utf8(b).ok())
                            .and_then(|t| FieldDocs::parse(&t).ok())
                            .map(Rc::new);
                        let waiting = {
                            let mut t = term.borrow_mut();
                            t.docs = docs.clone();
                            std::mem::take(&mut t.waiting)
                        };
                        for line in waiting {
                            let command = parse_line(&line).ok().flatten();
                            dispatcher.dispatch(Action::Kubectl {
                                files: folder_for(command.as_ref(), &editor),
                                line,
                                docs: docs.clone(),
                            });
                        }
                        redraw.force_update();
                    });
                }
                return;
            }
            let docs = t.docs.clone();
            drop(t);
            dispatcher.dispatch(Action::Kubectl {
                files: folder_for(command.as_ref(), &editor),
                line,
                docs,
            });
        })
    };

    let onkeydown = {
        let (term, input, sim, redraw, run) = (
            term.clone(),
            input.clone(),
            props.sim.clone(),
            redraw.clone(),
            run.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let key = e.key();
            let ctrl = e.ctrl_key() || e.meta_key();
            match key.as_str() {
                "Enter" => {
                    e.prevent_default();
                    let line = el.value();
                    el.set_value("");
                    run(line);
                }
                "ArrowUp" | "ArrowDown" => {
                    e.prevent_default();
                    let mut t = term.borrow_mut();
                    let len = t.history.len();
                    t.cursor = if key == "ArrowUp" {
                        t.cursor.saturating_sub(1)
                    } else {
                        (t.cursor + 1).min(len)
                    };
                    let line = t.history.get(t.cursor).cloned().unwrap_or_default();
                    el.set_value(&line);
                }
                "Tab" if !e.shift_key() => {
                    e.prevent_default();
                    let value = el.value();
                    let end = el
                        .selection_start()
                        .ok()
                        .flatten()
                        .map_or(value.len(), |i| i as usize)
                        .min(value.len());
                    let before = value.get(..end).unwrap_or(&value);
                    let names = file_names();
                    let c = sim.with(|s| complete(s, before, &names));
                    let word = match c.candidates.as_slice() {
                        [one] => format!("{one} "),
                        _ => c.common.clone(),
                    };
                    let rest = value.get(end..).unwrap_or_default();
                    let head = value.get(..c.start).unwrap_or_default();
                    el.set_value(&format!("{head}{word}{rest}"));
                    let caret = u32::try_from(head.len() + word.len()).unwrap_or(u32::MAX);
                    let _ = el.set_selection_range(caret, caret);
                    if c.candidates.len() > 1 {
                        // Several: list them, as a shell does.
                        let mut t = term.borrow_mut();
                        t.push(Kind::Prompt, &format!("$ {value}"));
                        t.push(Kind::Out, &c.candidates.join("  "));
                        drop(t);
                        redraw.force_update();
                    }
                }
                "l" | "L" if ctrl => {
                    e.prevent_default();
                    term.borrow_mut().clear();
                    redraw.force_update();
                }
                "c" | "C" if ctrl => {
                    let mut t = term.borrow_mut();
                    if t.watch.take().is_some() || !el.value().is_empty() {
                        e.prevent_default();
                        let typed = el.value();
                        t.push(Kind::Prompt, &format!("$ {typed}^C"));
                        el.set_value("");
                        drop(t);
                        redraw.force_update();
                    }
                }
                _ => {}
            }
        })
    };
    // Several pasted lines run one by one; the last, unfinished one stays in the input.
    let onpaste = {
        let (input, run) = (input.clone(), run.clone());
        Callback::from(move |e: Event| {
            let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else {
                return;
            };
            let Some(text) = e.clipboard_data().and_then(|d| d.get_data("text").ok()) else {
                return;
            };
            if !text.contains('\n') {
                return;
            }
            e.prevent_default();
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let mut lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
            let last = lines.pop().unwrap_or_default();
            let first = format!(
                "{}{}",
                el.value(),
                lines.first().copied().unwrap_or_default()
            );
            el.set_value(last);
            for (i, line) in lines.iter().enumerate() {
                run(if i == 0 {
                    first.clone()
                } else {
                    (*line).to_string()
                });
            }
        })
    };
    // Scrolling draws the lines that come into view.
    let onscroll = {
        let (term, output, redraw) = (term.clone(), output.clone(), redraw.clone());
        Callback::from(move |_: Event| {
            let Some(el) = output.cast::<HtmlElement>() else {
                return;
            };
            let (top, height, full) = (
                f64::from(el.scroll_top()),
                f64::from(el.client_height()),
                f64::from(el.scroll_height()),
            );
            if term.borrow_mut().scrolled(top, height, full) {
                redraw.force_update();
            }
        })
    };
    // Focus the input when the panel opens. The warm-up (started by the page) ending is said
    // on the output (`data-console-warmed`) for the tests and the performance script.
    {
        let (input, redraw) = (input.clone(), redraw.clone());
        use_effect_with((), move |_| {
            if let Some(el) = input.cast::<HtmlElement>() {
                let _ = el.focus();
            }
            let redraw = Callback::from(move |()| redraw.force_update());
            ON_WARMED.with(|r| r.replace(Some(redraw)));
            move || {
                ON_WARMED.with(|r| r.replace(None));
            }
        });
    }
    let on_close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let t = term.borrow();
    let watching = t.watch.is_some();
    let (from, to) = t.window();
    let total = t.lines.len();
    let answers = t.seen;
    let warmed = WARMED
        .with(std::cell::Cell::get)
        .then(|| AttrValue::from(""));
    html! {
        <section class="panel console-panel" data-console="" aria-labelledby="console-title">
            <div class="panel-head">
                <h2 id="console-title">{ "Console" }</h2>
                <code class="cmd">{ "kubectl" }</code>
                if watching {
                    <span class="console-watch" data-console-watching="">{ "watching: Ctrl+C stops" }</span>
                }
                <button type="button" class="linkish console-close" data-console-close=""
                    aria-label="Close the console" onclick={on_close}>{ "Close" }</button>
            </div>
            <div class="console-body">
                <div class="console-output" data-console-output="" data-console-lines={total.to_string()}
                    data-console-answers={answers.to_string()} data-console-warmed={warmed}
                    ref={output} tabindex="0" role="log" aria-label="Console output" {onscroll}>
                    <div class="console-rows" style={format!("height:{}px", total * LINE_PX)}>
                        <pre class="console-window" style={format!("top:{}px", from * LINE_PX)}>
                            // Unkeyed: a new answer or a scroll rewrites the spans drawn
                            // (their text, number and kind) rather than removing every span
                            // and making new ones.
                            for (i, line) in t.lines.get(from..to).unwrap_or_default().iter().enumerate() {
                                <span data-line={(from + i).to_string()} class={match line.kind {
                                    Kind::Prompt => "console-prompt",
                                    Kind::Out => "console-out",
                                    Kind::Err => "console-err",
                                    Kind::Note => "console-note",
                                }}>{ line.as_str() }{ "\n" }</span>
                            }
                        </pre>
                    </div>
                </div>
                <div class="console-line">
                    <span class="console-ps1" aria-hidden="true">{ "$" }</span>
                    <input ref={input} type="text" class="console-input" data-console-input=""
                        aria-label="kubectl command" placeholder="kubectl get pods -o wide"
                        autocomplete="off" autocapitalize="off" spellcheck="false"
                        {onkeydown} {onpaste} />
                </div>
                <p class="console-hint">{ "Enter runs · ↑/↓ history · Tab completes · Ctrl+L clears · Ctrl+C stops -w · ls, cat FILE" }</p>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watch_compares_rows_without_their_ages() {
        let header = "NAME   READY   STATUS    RESTARTS   AGE";
        let a = "a      1/1     Running   0          5s";
        let b = "a      1/1     Running   0          6s";
        assert_eq!(without_age(header, a), without_age(header, b));
        let c = "a      0/1     Pending   0          6s";
        assert_ne!(without_age(header, a), without_age(header, c));
    }

    #[test]
    fn the_folder_holds_the_editor_the_examples_and_the_scenarios() {
        let f = files("x: 1\n");
        assert_eq!(f.get(EDITOR_FILE).map(String::as_str), Some("x: 1\n"));
        assert!(f.contains_key("monitoring-agent.yaml"));
        for e in EXAMPLES {
            assert!(f.contains_key(e.file), "{}", e.file);
        }
        // Every built-in scenario (the scenario bar's menu) gives at least one manifest.
        let names: Vec<&str> = SCENARIOS
            .iter()
            .map(|(f, _)| f.trim_end_matches(".yaml"))
            .collect();
        assert_eq!(names, crate::components::scenario_bar::BUILT_IN);
        for name in names {
            assert!(
                f.keys().any(|k| k.starts_with(&format!("{name}-steps-"))
                    || k.starts_with(&format!("{name}-compare-"))),
                "{name}"
            );
        }
        assert!(f.contains_key("05-rolling-update-steps-1.yaml"));
        // A side-by-side scenario's two manifests, by their place under `compare:`.
        assert!(f.contains_key("09-side-by-side-rolling-update-compare-0.yaml"));
        assert!(f.contains_key("09-side-by-side-rolling-update-compare-1.yaml"));
    }

    #[test]
    fn the_scrollback_keeps_answers_whole_and_draws_a_window() {
        let mut t = Term::default();
        t.push(Kind::Prompt, "$ get pods");
        let rows: String = (0..3000).map(|i| format!("pod-{i}\n")).collect();
        t.push(Kind::Out, &rows);
        assert_eq!(t.lines.len(), 3001);
        assert_eq!(t.lines[1].as_str(), "pod-0");
        assert_eq!(t.lines[3000].as_str(), "pod-2999");
        assert!(Rc::ptr_eq(&t.lines[1].text, &t.lines[3000].text));
        // The view follows the newest line; only the window is drawn.
        let (from, to) = t.window();
        assert_eq!(to, 3001);
        assert_eq!(from, 3001 - IN_VIEW - MARGIN);
        // Scrolling to the top draws the first lines again; a small scroll does not.
        let (px, full) = (LINE_PX as f64, (3001 * LINE_PX) as f64);
        assert!(t.scrolled(0.0, IN_VIEW as f64 * px, full));
        assert_eq!(t.window(), (0, IN_VIEW + MARGIN));
        assert!(!t.scrolled(px * 5.0, IN_VIEW as f64 * px, full));
        // Zoomed (presentation mode): the same lines at 1.3 times the pixels.
        assert!(t.scrolled(1000.5 * px * 1.3, IN_VIEW as f64 * px * 1.3, full * 1.3));
        assert_eq!(t.window(), (1000 - MARGIN, 1000 + IN_VIEW + MARGIN));
        t.clear();
        assert_eq!(t.window(), (0, 0));
    }

    /// The warm-up ends, after building about three pods a node on its own cluster and
    /// answering its commands into a scrollback of its own (the learner's sees nothing).
    #[test]
    fn the_warm_up_builds_its_cluster_answers_and_ends() {
        let mut w = WarmUp::new();
        // First each command once, in its order, on the default cluster's dozen pods: what
        // a command typed before the warm-up ends gains most, at the least cost a step.
        let mut steps = 0;
        while w
            .term
            .lines
            .iter()
            .filter(|l| l.kind == Kind::Prompt)
            .count()
            < WARM_UP.len()
        {
            assert!(w.next());
            steps += 1;
        }
        let prompts: Vec<&str> = w
            .term
            .lines
            .iter()
            .filter(|l| l.kind == Kind::Prompt)
            .map(Line::as_str)
            .collect();
        let order: Vec<String> = WARM_UP.iter().map(|c| format!("$ {}", c.0)).collect();
        assert_eq!(prompts, order);
        let wide = w
            .term
            .lines
            .iter()
            .take_while(|l| l.as_str() != "$ get pods -o yaml")
            .count();
        assert!(wide < 20, "{wide} lines of get pods -o wide");
        while w.next() {
            steps += 1;
            assert!(steps < 1000, "the warm-up does not end");
        }
        let commands: usize = WARM_UP.iter().map(|(_, n)| n).sum();
        assert!(steps > commands, "{steps} steps");
        assert_eq!(w.sim.stored_nodes().count(), WARM_UP_NODES);
        let pods = run_in(&mut w.sim, "get pods -A --no-headers", &Context::default()).stdout();
        let running = pods.lines().filter(|l| l.contains(" Running ")).count();
        assert!(
            running >= 2 * WARM_UP_NODES,
            "{running} pods running:\n{pods}"
        );
        // Its last command echoed in its own scrollback, after the answers before it.
        let lines: Vec<&str> = w.term.lines.iter().map(Line::as_str).collect();
        assert!(
            lines.contains(&"$ describe node worker-1"),
            "{:?}",
            lines.last()
        );
        assert!(lines
            .iter()
            .any(|l| l.starts_with("Name:") && l.ends_with("worker-1")));
    }

    #[test]
    fn the_note_names_the_number_of_lines_kept() {
        // MAX_LINES as the note writes numbers: groups of three digits, commas between.
        let digits = MAX_LINES.to_string();
        let mut grouped = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(d);
        }
        assert!(
            NOTE.ends_with(&format!("the last {grouped})")),
            "{NOTE:?} does not name MAX_LINES ({grouped})"
        );
    }

    #[test]
    fn a_long_answer_keeps_only_its_last_lines() {
        let mut t = Term::default();
        t.push(Kind::Prompt, "$ get pods -o yaml");
        let text: String = (0..MAX_LINES + 500)
            .map(|i| format!("line-{i}\n"))
            .collect();
        t.push(Kind::Out, &text);
        // The note, then the last MAX_LINES lines.
        assert_eq!(t.lines.len(), MAX_LINES + 1);
        assert!(t.lines[0].kind == Kind::Note);
        assert_eq!(t.lines[0].as_str(), NOTE);
        assert_eq!(t.lines[1].as_str(), "line-500");
        assert_eq!(
            t.lines[MAX_LINES].as_str(),
            format!("line-{}", MAX_LINES + 499)
        );
        // The text kept is the lines kept, not the whole answer.
        assert!(t.lines[1].text.starts_with("line-500\n"));
        // Exactly MAX_LINES lines: all kept, the prompt before them dropped (and noted).
        let mut t = Term::default();
        t.push(Kind::Prompt, "$ x");
        let text: String = (0..MAX_LINES).map(|i| format!("l{i}\n")).collect();
        t.push(Kind::Out, &text);
        assert_eq!(t.lines.len(), MAX_LINES + 1);
        assert!(t.lines[0].kind == Kind::Note);
        assert_eq!(t.lines[1].as_str(), "l0");
        assert!(t.lines[1].kind == Kind::Out);
        // The next answer drops the oldest lines, the note stays first and alone.
        t.push(Kind::Prompt, "$ y");
        assert_eq!(t.lines.len(), MAX_LINES + 1);
        assert_eq!(t.lines[0].as_str(), NOTE);
        assert_eq!(t.lines[1].as_str(), "l1");
        assert_eq!(t.lines[MAX_LINES].as_str(), "$ y");
        assert_eq!(t.lines.iter().filter(|l| l.kind == Kind::Note).count(), 1);
        // Ctrl+L: nothing left to note.
        t.clear();
        t.push(Kind::Prompt, "$ z");
        assert_eq!(t.lines.len(), 1);
        assert!(t.lines[0].kind == Kind::Prompt);
    }

    #[test]
    fn nothing_dropped_no_note_and_the_note_says_how_much_is_kept() {
        let mut t = Term::default();
        let text: String = (0..MAX_LINES - 1).map(|i| format!("l{i}\n")).collect();
        t.push(Kind::Prompt, "$ x");
        t.push(Kind::Out, &text);
        assert_eq!(t.lines.len(), MAX_LINES);
        assert!(t.lines.iter().all(|l| l.kind != Kind::Note));
        // An answer the core cut (`Outcome::cut`): noted though no line was dropped here.
        let mut t = Term::default();
        t.note_dropped();
        t.push(Kind::Out, "a\nb\n");
        assert_eq!(t.lines.len(), 3);
        assert_eq!(t.lines[0].as_str(), NOTE);
        let kept = MAX_LINES.to_string();
        let (thousands, rest) = kept.split_at(kept.len() - 3);
        assert!(NOTE.contains(&format!("{thousands},{rest}")), "{NOTE}");
    }
}
