//! `dsplay`: the DaemonSet Playground simulation on the command line.

fn main() {
    let sim = dsplay_core::sim::Simulation::new(0);
    println!("{}", sim.object_list());
}
