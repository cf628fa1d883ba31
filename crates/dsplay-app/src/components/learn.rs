//! The **Learn** panel (full build, `upgrade::Panel::Learn`): guided lessons
//! (`web/lessons/*.md`, fetched when the panel opens, not compiled in) with live checks.
//! Starting a lesson replaces the cluster with the lesson's starting one; the current task's
//! check is evaluated on every change of the cluster (on the views the page already keeps)
//! and turns green as the learner acts, through the editor, the console or the buttons.
//! Hints one at a time, Apply solution, Reset; the tasks done are kept in `localStorage`.
//! `?open=learn&lesson=FILE` opens a lesson. See docs/lessons.md.

use crate::hooks::{storage_get, storage_set};
use crate::share::fetch_manifest;
use crate::state::{now_ms, Action, AppState, RunLog, Shared, SimHandle};
use dsplay_core::check::{Cluster, Outcome};
use dsplay_core::lesson::{Lesson, Task};
use dsplay_core::markdown::{self, Block, Inline};
use dsplay_core::view::{DaemonSetView, NodeView};
use std::rc::Rc;
use std::str::FromStr;
use yew::prelude::*;

/// Where the page fetches the lessons from (relative to the page).
const LESSONS_DIR: &str = "lessons/";
/// Where the page fetches the scenario files lessons name.
const SCENARIOS_DIR: &str = "scenarios/";
/// `localStorage` key of the progress: the open lesson's file, then `FILE=TASKS_DONE` lines.
pub const PROGRESS_KEY: &str = "dsplay.lessons";
/// The address parameter that opens a lesson (`?open=learn&lesson=03-nodes-join-and-leave`).
pub const LESSON_PARAM: &str = "lesson";

/// Props of [`Learn`].
#[derive(Properties, PartialEq)]
pub struct LearnProps {
    /// The simulation (events, for `event:` checks; a copy solves a task for Apply solution).
    pub sim: SimHandle,
    /// The node cards the page shows.
    pub nodes: Shared<Vec<Shared<NodeView>>>,
    /// The DaemonSet rows the page shows.
    pub daemon_sets: Shared<Vec<DaemonSetView>>,
    /// Changes when events change.
    pub events_version: u64,
    /// The page's dispatcher: a lesson's start replaces the run ([`Action::Replay`]), a
    /// solution is inputs ([`Action::StepMany`]).
    pub dispatch: UseReducerDispatcher<AppState>,
    /// The close button was pressed.
    pub on_close: Callback<()>,
}

/// The lessons as fetched: file name and the lesson, or why it cannot be read.
type Lessons = Rc<Vec<(String, Result<Lesson, String>)>>;

/// Progress: the open lesson (file name) and the tasks done per lesson.
#[derive(Clone, Debug, Default, PartialEq)]
struct Progress {
    open: Option<String>,
    done: Vec<(String, usize)>,
}

impl Progress {
    fn load() -> Progress {
        Progress::parse(&storage_get(PROGRESS_KEY).unwrap_or_default())
    }

    fn save(&self) {
        storage_set(PROGRESS_KEY, &self.text());
    }

    /// Reads what [`Progress::text`] wrote; lines it cannot read are left out.
    fn parse(text: &str) -> Progress {
        let mut lines = text.lines();
        let open = lines.next().filter(|l| !l.is_empty()).map(str::to_string);
        let done = lines
            .filter_map(|l| l.split_once('='))
            .filter_map(|(f, n)| Some((f.to_string(), usize::from_str(n).ok()?)))
            .collect();
        Progress { open, done }
    }

    /// The open lesson's file (or nothing), then a `FILE=TASKS_DONE` line per lesson.
    fn text(&self) -> String {
        let mut s = self.open.clone().unwrap_or_default();
        for (f, n) in &self.done {
            s.push_str(&format!("\n{f}={n}"));
        }
        s
    }

    fn done(&self, file: &str) -> usize {
        self.done
            .iter()
            .find(|(f, _)| f == file)
            .map_or(0, |(_, n)| *n)
    }

    fn with_done(&self, file: &str, n: usize) -> Progress {
        let mut p = self.clone();
        p.done.retain(|(f, _)| f != file);
        p.done.push((file.to_string(), n));
        p
    }
}

/// Fetches `url` as text (one callback type: one copy of the fetch in the wasm).
fn fetch_text(url: &str, done: Box<dyn FnOnce(Result<String, String>)>) {
    let url_shown = url.to_string();
    fetch_manifest(url, move |r| {
        done(
            r.and_then(|b| {
                String::from_utf8(b).map_err(|_| format!("{url_shown}: not UTF-8 text"))
            }),
        )
    });
}

/// The lesson named by `?lesson=` in the page's address, once: the parameter is then
/// dropped from the address (a reload goes on with the learner's cluster and progress).
fn take_lesson_param() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let params = web_sys::UrlSearchParams::new_with_str(&location.search().ok()?).ok()?;
    let name = params.get(LESSON_PARAM)?;
    params.delete(LESSON_PARAM);
    let rest = String::from(params.to_string());
    let url = format!(
        "{}{}{rest}{}",
        location.pathname().unwrap_or_default(),
        if rest.is_empty() { "" } else { "?" },
        location.hash().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
    Some(name)
}

/// The lesson a `?lesson=` names: its file name, with or without `.md`.
fn named<'a>(all: &'a [(String, Result<Lesson, String>)], name: &str) -> Option<&'a Lesson> {
    let file = name.trim();
    all.iter()
        .find(|(f, _)| f == file || f.strip_suffix(".md") == Some(file))
        .and_then(|(_, l)| l.as_ref().ok())
}

/// Located errors, one a line.
fn lines(errors: &[dsplay_core::location::LocatedError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The lesson panel.
#[component]
pub fn Learn(props: &LearnProps) -> Html {
    let lessons = use_state(|| None::<Lessons>);
    let progress = use_state(Progress::load);
    let hints = use_state(|| 0usize);
    let problem = use_state(|| None::<String>);

    // Fetch the index and every lesson when the panel opens.
    {
        let lessons = lessons.clone();
        use_effect_with((), move |_| {
            fetch_text(
                &format!("{LESSONS_DIR}index.txt"),
                Box::new(move |index| {
                    let names: Vec<String> = match index {
                        Ok(t) => t
                            .lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .map(str::to_string)
                            .collect(),
                        Err(e) => {
                            lessons.set(Some(Rc::new(vec![("index.txt".into(), Err(e))])));
                            return;
                        }
                    };
                    let count = names.len();
                    if count == 0 {
                        lessons.set(Some(Rc::new(Vec::new())));
                    }
                    let got = Rc::new(std::cell::RefCell::new(vec![None; count]));
                    for (i, name) in names.into_iter().enumerate() {
                        let (got, lessons) = (got.clone(), lessons.clone());
                        fetch_text(
                            &format!("{LESSONS_DIR}{name}"),
                            Box::new(move |text| {
                                let lesson = text
                                    .and_then(|t| Lesson::parse(&name, &t).map_err(|e| lines(&e)));
                                got.borrow_mut()[i] = Some((name, lesson));
                                if got.borrow().iter().all(Option::is_some) {
                                    let all = got.take().into_iter().flatten().collect();
                                    lessons.set(Some(Rc::new(all)));
                                }
                            }),
                        );
                    }
                }),
            );
        });
    }

    // Start (or restart) a lesson: its scenario, played to its end, becomes the run.
    let start = {
        let (progress, dispatch, hints, problem) = (
            progress.clone(),
            props.dispatch.clone(),
            hints.clone(),
            problem.clone(),
        );
        use_callback((), move |lesson: Lesson, _| {
            let (progress, dispatch, hints, problem) = (
                progress.clone(),
                dispatch.clone(),
                hints.clone(),
                problem.clone(),
            );
            let file = lesson.scenario_file().map(str::to_string);
            let failed = problem.clone();
            let begin = move |text: Option<String>| {
                let scenario = lesson.scenario(&mut |_| text.clone().ok_or_else(String::new));
                match scenario {
                    Ok(s) => {
                        let sim = Lesson::start(&s);
                        dispatch.dispatch(Action::Replay(RunLog::of(&sim)));
                        let mut p = progress.with_done(&lesson.file, 0);
                        p.open = Some(lesson.file.clone());
                        p.save();
                        progress.set(p);
                        hints.set(0);
                        problem.set(None);
                    }
                    Err(e) => problem.set(Some(lines(&e))),
                }
            };
            match file {
                Some(name) => fetch_text(
                    &format!("{SCENARIOS_DIR}{name}"),
                    Box::new(move |r| match r {
                        Ok(t) => begin(Some(t)),
                        Err(e) => failed.set(Some(e)),
                    }),
                ),
                None => begin(None),
            }
        })
    };

    // `?lesson=NAME` opens that lesson once the lessons are in (starting it, unless it is the
    // open one already).
    {
        let (start, progress, problem) = (start.clone(), progress.clone(), problem.clone());
        use_effect_with(lessons.clone(), move |lessons| {
            if let Some(all) = &**lessons {
                if let Some(name) = take_lesson_param() {
                    match named(all, &name) {
                        Some(l) if progress.open.as_deref() == Some(l.file.as_str()) => {}
                        Some(l) => start.emit(l.clone()),
                        None => problem.set(Some(format!(
                            "?{LESSON_PARAM}={name}: no such lesson; the lessons are {}",
                            all.iter()
                                .map(|(f, _)| f.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ))),
                    }
                }
            }
        });
    }

    // The open lesson, the tasks done, and what the current task's check sees now.
    let current = (*lessons).as_ref().and_then(|all| {
        let file = progress.open.as_deref()?;
        all.iter()
            .find(|(f, _)| f == file)
            .and_then(|(_, l)| l.as_ref().ok().cloned())
    });
    let done = current
        .as_ref()
        .map_or(0, |l| progress.done(&l.file).min(l.tasks.len()));
    let began = now_ms();
    let outcome = current.as_ref().and_then(|l| l.tasks.get(done)).map(|t| {
        props.sim.with(|sim| {
            let cluster = Cluster::new(sim, props.nodes.iter().map(|n| &**n), &props.daemon_sets);
            t.check.evaluate(&cluster)
        })
    });
    // What the check cost, for the page's own measurement (docs/lessons.md).
    let check_ms = outcome.as_ref().map(|_| format!("{:.3}", now_ms() - began));
    // A check that holds marks its task done; the next one is then current.
    {
        let (progress, hints) = (progress.clone(), hints.clone());
        let file = current.as_ref().map(|l| l.file.clone());
        let pass = outcome.as_ref().is_some_and(|o| o.pass);
        use_effect_with((file, done, pass), move |(file, done, pass)| {
            if let (Some(file), true) = (file, *pass) {
                let p = progress.with_done(file, done + 1);
                p.save();
                progress.set(p);
                hints.set(0);
            }
        });
    }

    let body = match (&*lessons, current) {
        (None, _) => html! { <p class="learn-loading">{ "Loading the lessons…" }</p> },
        (Some(all), None) => html! {
            <ol class="learn-list">
                { for all.iter().map(|(file, l)| match l {
                    Ok(lesson) => {
                        let (start, lesson) = (start.clone(), lesson.clone());
                        let title = lesson.title.clone();
                        let done = progress.done(file);
                        let total = lesson.tasks.len();
                        html! {
                            <li data-lesson={file.clone()}>
                                <button type="button" class="linkish" onclick={move |_| start.emit(lesson.clone())}>
                                    { title }
                                </button>
                                if done > 0 {
                                    <span class="learn-done">{ format!(" {done}/{total} done") }</span>
                                }
                            </li>
                        }
                    }
                    Err(e) => html! { <li class="learn-problem">{ format!("{file}: {e}") }</li> },
                }) }
            </ol>
        },
        (Some(_), Some(lesson)) => {
            let back = {
                let progress = progress.clone();
                Callback::from(move |_| {
                    let mut p = (*progress).clone();
                    p.open = None;
                    p.save();
                    progress.set(p);
                })
            };
            let reset = {
                let (start, lesson) = (start.clone(), lesson.clone());
                Callback::from(move |_| start.emit(lesson.clone()))
            };
            let solve = {
                let (lesson, sim, dispatch, problem) = (
                    lesson.clone(),
                    props.sim.clone(),
                    props.dispatch.clone(),
                    problem.clone(),
                );
                Callback::from(move |_| {
                    // Solved on a copy, as `dsplay lesson check` does (each step, then the
                    // cluster settles); the page plays the same inputs, settles as advances.
                    let solved = sim.with(|sim| lesson.solve(done, &mut sim.clone()));
                    problem.set((!solved.problems.is_empty()).then(|| solved.problems.join("\n")));
                    dispatch.dispatch(Action::StepMany(solved.inputs));
                })
            };
            html! {
                <article class="learn-lesson" data-lesson={lesson.file.clone()}>
                    <p class="learn-nav">
                        <button type="button" class="linkish" onclick={back}>{ "← All lessons" }</button>
                        <button type="button" onclick={reset}>{ "Reset lesson" }</button>
                    </p>
                    <div class="learn-story">{ render_markdown(&lesson.story) }</div>
                    <h3>{ "Tasks" }</h3>
                    <ol class="learn-tasks">
                        { for lesson.tasks.iter().enumerate().map(|(i, t)| {
                            let state = match i.cmp(&done) {
                                std::cmp::Ordering::Less => "done",
                                std::cmp::Ordering::Equal => "current",
                                std::cmp::Ordering::Greater => "todo",
                            };
                            let current = i == done;
                            html! {
                                <li data-task={i.to_string()} data-state={state} class={classes!("learn-task", state)}>
                                    <p class="learn-task-title">
                                        <span class="learn-mark" aria-hidden="true">{ if i < done { "✓" } else { "○" } }</span>
                                        { t.title.clone() }
                                        if i < done { <span class="sr-only">{ " (done)" }</span> }
                                    </p>
                                    if current {
                                        { task_body(t, outcome.as_ref(), &hints, solve.clone()) }
                                    }
                                </li>
                            }
                        }) }
                    </ol>
                    if done >= lesson.tasks.len() {
                        <p class="learn-complete" role="status">{ "Lesson complete: every check holds." }</p>
                    }
                </article>
            }
        }
    };

    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <aside class="learn-panel" aria-label="Learn" data-check-ms={check_ms}>
            <header class="learn-head">
                <h2>{ "Learn" }</h2>
                <button type="button" class="learn-close" aria-label="Close the lessons" onclick={close}>{ "×" }</button>
            </header>
            if let Some(p) = &*problem {
                <pre class="learn-problem" role="alert">{ p.clone() }</pre>
            }
            { body }
        </aside>
    }
}

/// The current task: its text, its check (what it sees), hints one at a time, the solution.
fn task_body(
    t: &Task,
    outcome: Option<&Outcome>,
    hints: &UseStateHandle<usize>,
    solve: Callback<MouseEvent>,
) -> Html {
    let shown = (**hints).min(t.hints.len());
    let more = {
        let hints = hints.clone();
        Callback::from(move |_| hints.set(*hints + 1))
    };
    let (pass, seen) = outcome.map_or((false, String::new()), |o| (o.pass, o.seen.clone()));
    html! {
        <div class="learn-task-body">
            if !t.text.is_empty() { { render_markdown(&t.text) } }
            <p class="learn-check" data-check={if pass { "pass" } else { "fail" }} aria-live="polite">
                <span class="learn-check-label">{ if pass { "Done: " } else { "Not yet: " } }</span>
                { seen }
            </p>
            if shown > 0 {
                <ul class="learn-hints">
                    { for t.hints.iter().take(shown).map(|h| html! { <li>{ inline(&markdown::inline(h)) }</li> }) }
                </ul>
            }
            <p class="learn-actions">
                if shown < t.hints.len() {
                    <button type="button" onclick={more}>
                        { format!("Show a hint ({} left)", t.hints.len() - shown) }
                    </button>
                }
                <button type="button" class="learn-solve" onclick={solve}>{ "Apply solution" }</button>
            </p>
        </div>
    }
}

/// Markdown (the core's subset) as elements; every string is text, never HTML.
pub fn render_markdown(text: &str) -> Html {
    markdown::parse(text)
        .iter()
        .map(|b| match b {
            Block::Heading(1, i) => html! { <h3 class="learn-h1">{ inline(i) }</h3> },
            Block::Heading(_, i) => html! { <h4>{ inline(i) }</h4> },
            Block::Paragraph(i) => html! { <p>{ inline(i) }</p> },
            Block::Code(c) => html! { <pre><code>{ c.clone() }</code></pre> },
            Block::List { ordered, items } => {
                let items = items.iter().map(|i| html! { <li>{ inline(i) }</li> });
                if *ordered {
                    html! { <ol>{ for items }</ol> }
                } else {
                    html! { <ul>{ for items }</ul> }
                }
            }
        })
        .collect()
}

fn inline(runs: &[Inline]) -> Html {
    runs.iter()
        .map(|r| match r {
            Inline::Text(t) => html! { { t.clone() } },
            Inline::Emphasis(t) => html! { <em>{ t.clone() }</em> },
            Inline::Strong(t) => html! { <strong>{ t.clone() }</strong> },
            Inline::Code(t) => html! { <code>{ t.clone() }</code> },
            Inline::Link { text, href } => {
                html! { <a href={href.clone()} target="_blank" rel="noopener">{ text.clone() }</a> }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_reads_what_it_wrote_and_skips_what_it_cannot_read() {
        let p = Progress::default()
            .with_done("01-a.md", 2)
            .with_done("03-c.md", 1)
            .with_done("01-a.md", 0);
        let p = Progress {
            open: Some("03-c.md".into()),
            ..p
        };
        assert_eq!(p.text(), "03-c.md\n03-c.md=1\n01-a.md=0");
        assert_eq!(Progress::parse(&p.text()), p);
        assert_eq!(p.done("03-c.md"), 1);
        assert_eq!(p.done("02-b.md"), 0);
        let odd = Progress::parse("\nno-equals\n02-b.md=two\n02-b.md=-1\n04-d.md=3");
        assert_eq!(odd.open, None);
        assert_eq!(odd.done, vec![("04-d.md".to_string(), 3)]);
        assert_eq!(Progress::parse(""), Progress::default());
    }

    #[test]
    fn a_lesson_is_named_by_its_file_with_or_without_md() {
        let text = "---\ntitle: T\nscenario: |\n  kind: Scenario\n  cluster: default\n  steps: []\ntasks:\n- title: t\n  check: {nodes: {worker-9: {exists: true}}}\n  solution: [{step: \"add-node:worker\"}]\n---\nstory\n";
        let lesson = Lesson::parse("03-c.md", text).unwrap();
        let all = vec![
            ("01-a.md".to_string(), Err("broken".to_string())),
            ("03-c.md".to_string(), Ok(lesson)),
        ];
        assert_eq!(named(&all, "03-c.md").map(|l| l.title.as_str()), Some("T"));
        assert_eq!(named(&all, " 03-c ").map(|l| l.title.as_str()), Some("T"));
        assert!(
            named(&all, "01-a.md").is_none(),
            "a lesson that does not parse"
        );
        assert!(named(&all, "03-c.m").is_none());
        assert!(named(&all, "").is_none());
    }
}
