//! Native side of the wasm/native comparison: times [`Bench::run`] as the browser does.
//! Usage: `settle-native [NODES] [DAEMONSETS] [RUNS]` (default 5,000 × 10, 9 runs); prints
//! `native settle NODES x DAEMONSETS: median MS ms (min MS ms) over RUNS runs, PODS pods`.

use dsplay_wasm_bench::Bench;
use std::time::Instant;

fn arg(args: &[String], i: usize, default: usize) -> usize {
    args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (nodes, dss, runs) = (
        arg(&args, 0, 5000),
        arg(&args, 1, 10),
        arg(&args, 2, 9).max(1),
    );
    let mut bench = Bench::new(nodes, dss);
    let mut times = Vec::with_capacity(runs);
    let mut pods = 0;
    for _ in 0..runs {
        bench.prepare();
        let t = Instant::now();
        pods = bench.run();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or(0.0);
    let min = times.first().copied().unwrap_or(0.0);
    println!(
        "native settle {nodes} x {dss}: median {median:.1} ms (min {min:.1} ms) over {runs} runs, {pods} pods"
    );
}
