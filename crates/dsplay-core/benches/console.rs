//! Criterion benchmarks of the kubectl console's reading commands on 1,000 nodes × 3
//! DaemonSets (3,000 pods), the size of issue 14's speed goal (every command within one
//! frame, 16 ms): `get pods -o wide`, `get pods`, `get nodes`, `get ds`, `describe ds`,
//! `describe node`, `describe pod`, `get events`, and `get pods -o yaml` / `-o json` (a List
//! written item by item, as kubectl prints it), and those two as the page's console asks
//! for them (`keep_lines`: only the List's last 10,000 lines, from its last object
//! backwards; 20,000 as the console kept before). Run: `cargo bench -p dsplay-core --bench console`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;
use criterion::{criterion_group, criterion_main, Criterion};
use dsplay_core::kubectl::{run, run_in, Context, Files};
use std::hint::black_box;
use std::time::Duration;

fn benches(c: &mut Criterion) {
    let mut sim = common::settled(1000, 3);
    let files = Files::new();
    let pod = run(&mut sim, "get pods -o name", &files)
        .stdout()
        .lines()
        .nth(1500)
        .and_then(|l| l.strip_prefix("pod/"))
        .expect("a pod")
        .to_string();
    let mut g = c.benchmark_group("console_1000n_x_3ds");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    let commands = [
        "get pods -o wide".to_string(),
        "get pods".to_string(),
        "get nodes".to_string(),
        "get ds".to_string(),
        "describe ds ds-1".to_string(),
        "describe node node-00500".to_string(),
        format!("describe pod {pod}"),
        "get events".to_string(),
        "get pods -o yaml".to_string(),
        "get pods -o json".to_string(),
    ];
    for line in &commands {
        let name = line.replace(' ', "_");
        let out = run(&mut sim, line, &files);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr());
        g.bench_function(name, |b| {
            b.iter(|| black_box(run(&mut sim, line, &files)));
        });
    }
    // The console keeps the last 10,000 lines of an answer (20,000 before).
    for keep in [10_000, 20_000] {
        let cx = Context {
            files: Some(&files),
            keep_lines: Some(keep),
            ..Context::default()
        };
        for line in ["get pods -o yaml", "get pods -o json"] {
            let name = format!("{}_kept_{keep}", line.replace(' ', "_"));
            g.bench_function(name, |b| {
                b.iter(|| black_box(run_in(&mut sim, line, &cx)));
            });
        }
    }
    g.finish();
}

criterion_group!(console_benches, benches);
criterion_main!(console_benches);
