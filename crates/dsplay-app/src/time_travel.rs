//! Going back in time (full build): the run's [`Timeline`] (each DaemonSet's status over
//! time, the rollouts and steps, checkpoints) follows the page's simulation, and the Timeline
//! panel (`components/timeline.rs`) scrubs it.
//!
//! Scrubbing to a moment puts the cluster of that moment in the page's place (cards, pods,
//! status, events, details: everything reads it), rebuilt from the nearest checkpoint and the
//! run's inputs ([`Timeline::state_at`]); the live simulation and its view wait aside. While
//! the page shows the past its inputs are refused, in words, and the clock does not run: only
//! **Back to now** (the live run again) or **Resume from here** (the run goes on from that
//! moment; the later inputs are dropped) leave it.

use crate::state::{now_ms, Action, AppState, Outcome, RunLog, ViewModel};
use dsplay_core::clock::{human_duration, SimDuration, SimTime};
use dsplay_core::sim::Simulation;
use dsplay_core::timeline::Timeline;
use std::cell::RefCell;
use std::rc::Rc;

/// The run's timeline, and the moment shown if it is not now.
#[derive(Clone, Debug, Default)]
pub struct TimeTravel {
    /// The statuses, marks and checkpoints of the live run.
    pub timeline: Rc<RefCell<Timeline>>,
    /// Set while the page shows an earlier moment.
    pub past: Option<Past>,
}

/// The page looks at an earlier moment of the run.
#[derive(Clone, Debug)]
pub struct Past {
    /// The moment shown.
    pub at: SimTime,
    /// The live simulation, aside.
    pub present: Rc<RefCell<Simulation>>,
    /// Its view, as the page showed it.
    pub view: ViewModel,
}

impl PartialEq for TimeTravel {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.timeline, &other.timeline)
            && self.past.as_ref().map(|p| (p.at, Rc::as_ptr(&p.present)))
                == other.past.as_ref().map(|p| (p.at, Rc::as_ptr(&p.present)))
    }
}

impl TimeTravel {
    /// A timeline that starts following `sim` now.
    pub fn start(sim: &mut Simulation) -> TimeTravel {
        TimeTravel::of(Timeline::new(), sim)
    }

    /// `timeline`, following `sim` from now on.
    pub fn of(mut timeline: Timeline, sim: &mut Simulation) -> TimeTravel {
        timeline.observe(sim);
        TimeTravel {
            timeline: Rc::new(RefCell::new(timeline)),
            past: None,
        }
    }

    /// A saved or shared run replayed with its timeline (statuses from its start).
    pub fn replay(log: &RunLog) -> (Simulation, TimeTravel) {
        let (sim, timeline) = Timeline::replay(log.seed, &log.inputs);
        let travel = TimeTravel {
            timeline: Rc::new(RefCell::new(timeline)),
            past: None,
        };
        (sim, travel)
    }

    /// Takes in what happened in the live simulation (nothing while the past is shown).
    pub fn observe(&self, sim: &mut Simulation) {
        if self.past.is_none() {
            self.timeline.borrow_mut().observe(sim);
        }
    }

    /// The run's log: the live one's, also while the past is shown (what is saved).
    pub fn live_log(&self) -> Option<RunLog> {
        self.past.as_ref().map(|p| RunLog::of(&p.present.borrow()))
    }
}

/// The refusal of an input while the past is shown.
pub fn refusal(at: SimTime) -> String {
    format!(
        "Not applied: the page shows the cluster as it was at {}. Resume from here to change it from that moment (the later inputs are dropped), or go Back to now.",
        human_duration(SimDuration(at.as_millis()))
    )
}

/// While the past is shown: the state after an input refused (in words) or a clock tick
/// (nothing happens); `None` for anything else, which the page's reducer carries out.
pub fn refuse(state: &Rc<AppState>, action: &Action) -> Option<Rc<AppState>> {
    let past = state.travel.past.as_ref()?;
    match action {
        Action::Step(_) | Action::StepMany(_) | Action::ScenarioNext | Action::Kubectl { .. } => {
            let mut next = (**state).clone();
            next.outcome = Some(Outcome::Refused(refusal(past.at)));
            Some(Rc::new(next))
        }
        // The clock does not run in the past (nor the autopilot's work left from its ticks).
        Action::Tick(_) | Action::Autopilot(crate::components::autopilot::Command::Continue) => {
            Some(Rc::clone(state))
        }
        _ => None,
    }
}

/// Shows the run at `at` (now or later: the live run).
pub fn scrub(state: &Rc<AppState>, at: SimTime) -> Rc<AppState> {
    let started = now_ms();
    let present = match &state.travel.past {
        Some(p) => Rc::clone(&p.present),
        None => Rc::clone(&state.sim),
    };
    if at >= present.borrow().now() {
        return back_to_now(state);
    }
    let mut sim = state
        .travel
        .timeline
        .borrow()
        .state_at(&present.borrow(), at);
    let built = now_ms();
    let view = ViewModel::from_delta(sim.view_changes(), sim.events_version(), None);
    let mut next = (**state).clone();
    next.travel.past = Some(Past {
        at,
        view: match &state.travel.past {
            Some(p) => p.view.clone(),
            None => state.view.clone(),
        },
        present,
    });
    next.sim = Rc::new(RefCell::new(sim));
    next.view = view;
    next.view_behind = false;
    next.timings = (built - started, now_ms() - built);
    Rc::new(next)
}

/// The live run again, as it was left.
pub fn back_to_now(state: &Rc<AppState>) -> Rc<AppState> {
    let Some(past) = &state.travel.past else {
        return Rc::clone(state);
    };
    let mut next = (**state).clone();
    next.sim = Rc::clone(&past.present);
    next.view = past.view.clone();
    // The live view may have been shown in part: the rest follows.
    next.view_behind = past.present.borrow().view_pending() > 0;
    next.travel.past = None;
    next.outcome = None;
    Rc::new(next)
}

/// The run goes on from the moment shown: the later inputs, statuses, marks and checkpoints
/// are dropped (the scenario being played stops: its later steps belong to the dropped run).
pub fn resume(state: &Rc<AppState>) -> Rc<AppState> {
    let Some(past) = &state.travel.past else {
        return Rc::clone(state);
    };
    let mut next = (**state).clone();
    {
        let sim = next.sim.borrow();
        next.travel.timeline.borrow_mut().truncate(past.at, &sim);
    }
    next.travel.past = None;
    next.travel.observe(&mut next.sim.borrow_mut());
    next.outcome = None;
    next.playing = None;
    next.log_generation = next.log_generation.wrapping_add(1);
    Rc::new(next)
}
