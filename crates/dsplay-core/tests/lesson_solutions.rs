//! What the page's **Apply solution** dispatches: [`Lesson::solve`]'s inputs (each step, then
//! the settle as an advance). Played on a copy of the cluster from before the solution, they
//! must make the task's check hold, as `dsplay lesson check` saw it, for every lesson in
//! `web/lessons/`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may panic

use dsplay_core::lesson::Lesson;
use dsplay_core::sim::{Input, Simulation};
use std::path::Path;

const WEB: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web");

fn lessons() -> Vec<Lesson> {
    let index = std::fs::read_to_string(Path::new(WEB).join("lessons/index.txt")).unwrap();
    index
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|name| {
            let text = std::fs::read_to_string(Path::new(WEB).join("lessons").join(name)).unwrap();
            Lesson::parse(name, &text).unwrap_or_else(|e| panic!("{name}: {e:?}"))
        })
        .collect()
}

fn start(lesson: &Lesson) -> Simulation {
    let scenario = lesson
        .scenario(&mut |name| {
            std::fs::read_to_string(Path::new(WEB).join("scenarios").join(name))
                .map_err(|e| e.to_string())
        })
        .unwrap_or_else(|e| panic!("{}: {e:?}", lesson.file));
    Lesson::start(&scenario)
}

#[test]
fn solutions_dispatched_as_inputs_pass_every_check() {
    let all = lessons();
    assert!(all.len() >= 10, "{} lessons", all.len());
    for lesson in &all {
        let mut sim = start(lesson);
        for (i, task) in lesson.tasks.iter().enumerate() {
            let before = sim.clone();
            assert!(
                !task.check.evaluate_sim(&sim).pass,
                "{} task {i} holds before its solution",
                lesson.file
            );
            let solved = lesson.solve(i, &mut sim);
            assert_eq!(
                solved.problems,
                Vec::<String>::new(),
                "{} task {i}",
                lesson.file
            );
            assert!(!solved.inputs.is_empty(), "{} task {i}", lesson.file);
            // The page: the same inputs on its own cluster, no settle of its own.
            let mut page = before;
            for input in solved.inputs {
                page.step(input).unwrap();
            }
            let seen = task.check.evaluate_sim(&page);
            assert!(seen.pass, "{} task {i}: {}", lesson.file, seen.seen);
            assert_eq!(page.now(), sim.now(), "{} task {i}", lesson.file);
            assert_eq!(page.view(), sim.view(), "{} task {i}", lesson.file);
        }
    }
}

#[test]
fn a_settle_is_recorded_as_the_advance_it_took() {
    let lesson = lessons()
        .into_iter()
        .find(|l| l.file == "03-nodes-join-and-leave.md")
        .unwrap();
    let mut sim = start(&lesson);
    let t0 = sim.now();
    let solved = lesson.solve(0, &mut sim);
    let advanced: u64 = solved
        .inputs
        .iter()
        .filter_map(|i| match i {
            Input::Advance(d) => Some(d.as_millis()),
            _ => None,
        })
        .sum();
    assert!(advanced > 0, "{:?}", solved.inputs);
    assert_eq!(sim.now().since(t0).as_millis(), advanced);
    // A task that does not exist does nothing.
    assert_eq!(lesson.solve(99, &mut sim), Default::default());
}
