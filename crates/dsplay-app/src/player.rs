//! A scenario playing in the page (docs/scenarios.md): the scenario, where the page's
//! simulation is in it ([`Cursor`]) and whether the player holds before a `pause: true` step.
//! The page's clock ticks go through [`Playing::tick`], so each step runs at its own time,
//! as `dsplay simulate scenario.yaml` runs it; going back replays from the start.

use crate::state::{Outcome, Shared};
use dsplay_core::clock::SimDuration;
use dsplay_core::scenario::{Cursor, Scenario, ScenarioRun, StepOutcome};
use dsplay_core::sim::Simulation;
use std::rc::Rc;

/// A scenario being played on the page's simulation.
#[derive(Clone, Debug, PartialEq)]
pub struct Playing {
    /// The scenario.
    pub scenario: Shared<Scenario>,
    /// The next step and the scenario's start.
    pub cursor: Cursor,
    /// Stopped before a due `pause: true` step: the scenario bar stops the clock, and the
    /// next tick (the presenter started it again) or **Next step** goes on.
    pub held: bool,
}

impl Playing {
    /// The scenario from its start (`count == 0`) or just after its first `count` steps ran,
    /// on a simulation of its own (the page's is replaced).
    pub fn go(scenario: Shared<Scenario>, count: usize) -> (Simulation, Playing) {
        let run = ScenarioRun::played_through(&scenario, count);
        let cursor = run.cursor();
        let held = cursor.waiting(&run.sim, &scenario);
        (
            run.sim,
            Playing {
                scenario,
                cursor,
                held,
            },
        )
    }

    /// Lets `d` of simulated time pass on `sim`, running the steps that fall due; a held
    /// player passes its pause first. Returns the new state and the last outcome worth showing.
    pub fn tick(&self, sim: &mut Simulation, d: SimDuration) -> (Playing, Option<Outcome>) {
        let until = SimDuration(self.cursor.elapsed(sim).as_millis() + d.as_millis());
        self.advance(sim, until)
    }

    /// Runs the next step now (simulated time jumps to its `at`), passing its pause.
    pub fn next(&self, sim: &mut Simulation) -> (Playing, Option<Outcome>) {
        match self.scenario.steps.get(self.cursor.next) {
            Some(step) => {
                let at = step.at.max(self.cursor.elapsed(sim));
                Playing {
                    held: true,
                    ..self.clone()
                }
                .advance(sim, at)
            }
            None => (self.clone(), None),
        }
    }

    fn advance(&self, sim: &mut Simulation, until: SimDuration) -> (Playing, Option<Outcome>) {
        let mut cursor = self.cursor;
        let outcomes = cursor.advance_to(sim, &self.scenario, until, self.held);
        let held = cursor.waiting(sim, &self.scenario);
        let playing = Playing {
            scenario: self.scenario.clone(),
            cursor,
            held,
        };
        (playing, last_outcome(outcomes))
    }

    /// The index of the last step that ran, if any.
    pub fn current(&self) -> Option<usize> {
        self.cursor.next.checked_sub(1)
    }

    /// Every step ran.
    pub fn ended(&self) -> bool {
        self.cursor.next >= self.scenario.steps.len()
    }
}

/// What the message area shows after some steps: the last refusal or apply report.
fn last_outcome(outcomes: Vec<StepOutcome>) -> Option<Outcome> {
    outcomes
        .into_iter()
        .filter_map(|o| match o.result {
            Ok(report) if report.applied.is_empty() && report.errors.is_empty() => None,
            Ok(report) => Some(Outcome::Applied(Rc::new(report))),
            Err(e) => Some(Outcome::Refused(e.to_string())),
        })
        .next_back()
}
