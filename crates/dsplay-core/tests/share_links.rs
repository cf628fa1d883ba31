//! Share links (`dsplay_core::share`): the v1 fixture links still open to the same cluster,
//! random runs survive state → link → state, and random or mutated links never panic and
//! always say what was wrong and that nothing was loaded.
//!
//! Links are deflated and inflated here with miniz_oxide, as `dsplay share` does; the page
//! uses the browser's `CompressionStream('deflate-raw')`, which `data/share_v1_browser.link`
//! was made with (Node's implementation of the same API).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dsplay_core::clock::SimDuration;
use dsplay_core::share::{
    compressed_data, fragment, link, InflateError, LinkError, LinkErrorKind, SharedRun,
    MAX_PAYLOAD_BYTES,
};
use dsplay_core::sim::{Input, NodeOp, NodeTemplate, ObjectKind, Simulation, TaintEffect};
use dsplay_core::view::ClusterView;
use proptest::prelude::*;

/// Inflates as the CLI does (bounded); the error as the CLI and the page map it.
fn inflate(data: &[u8]) -> Result<Vec<u8>, LinkError> {
    use miniz_oxide::inflate::TINFLStatus;
    miniz_oxide::inflate::decompress_to_vec_with_limit(data, MAX_PAYLOAD_BYTES).map_err(|e| {
        LinkError::inflate(match e.status {
            TINFLStatus::HasMoreOutput => InflateError::TooLarge,
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                InflateError::Truncated
            }
            _ => InflateError::Corrupt,
        })
    })
}

fn decode(text: &str) -> Result<SharedRun, LinkError> {
    let data = compressed_data(text)?;
    SharedRun::from_payload(&inflate(&data)?)
}

fn encode(run: &SharedRun) -> String {
    link(
        "https://docs.example/play/",
        &miniz_oxide::deflate::compress_to_vec(&run.payload(), 10),
    )
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// `(node, pod)` for every pod on a node, and the time.
fn pods_and_time(sim: &Simulation) -> (Vec<(String, String)>, u64) {
    let view = sim.view();
    let pods = view
        .nodes
        .iter()
        .flat_map(|n| n.pods.iter().map(|p| (n.name.clone(), p.name.clone())))
        .collect();
    (pods, view.now.as_millis())
}

/// The v1 fixture: `dsplay share -q --seed 1 --default-cluster daemonset.yaml
/// add-node:gpu-worker taint:worker-2:dedicated=infra:NoExecute label:worker-3:disk=ssd
/// wait:45s`, with `daemonset.yaml` the page's seed example (web/examples/monitoring-agent.yaml).
/// What it shows was read from `dsplay simulate` of the same steps when the fixture was made;
/// it must never change (docs/share-links.md: every released link opens in every later version).
#[test]
fn the_v1_fixture_links_open_to_the_same_cluster() {
    let expected_pods = vec![
        (
            "gpu-worker-1".to_string(),
            "monitoring-agent-ss25x".to_string(),
        ),
        ("worker-1".to_string(), "monitoring-agent-qspgw".to_string()),
        ("worker-3".to_string(), "monitoring-agent-rzc9v".to_string()),
    ];
    let cli = decode(&fixture("share_v1.link")).unwrap();
    let browser = decode(&fixture("share_v1_browser.link")).unwrap();
    assert_eq!(
        cli, browser,
        "the browser's deflate and miniz's give the same state"
    );
    assert_eq!(cli.seed, 1);
    assert_eq!(
        cli.inputs.len(),
        4 + 8,
        "four default nodes, then the steps and settles"
    );
    assert!(cli.editor.contains("name: monitoring-agent"));
    let sim = cli.replay();
    assert_eq!(pods_and_time(&sim), (expected_pods, 51_000));
    let view = sim.view();
    let worker_2 = view.nodes.iter().find(|n| n.name == "worker-2").unwrap();
    assert!(worker_2.pods.is_empty(), "evicted by the NoExecute taint");
    assert_eq!(
        view.nodes
            .iter()
            .find(|n| n.name == "worker-3")
            .unwrap()
            .labels
            .get("disk")
            .map(String::as_str),
        Some("ssd")
    );
    // The eviction is among the events.
    assert!(view
        .events
        .iter()
        .any(|e| e.message.contains("monitoring-agent") && e.reason == "TaintManagerEviction"));
}

#[test]
fn a_link_carries_the_default_example_in_under_600_characters() {
    let mut sim = Simulation::with_default_cluster(1);
    let yaml = include_str!("../../../web/examples/monitoring-agent.yaml");
    sim.step(Input::Apply {
        file: "daemonset.yaml".into(),
        text: yaml.into(),
    })
    .unwrap();
    sim.step(Input::Advance(SimDuration::from_secs(60)))
        .unwrap();
    let run = SharedRun::of(&sim, yaml);
    let l = link(
        "http://127.0.0.1:8080/",
        &miniz_oxide::deflate::compress_to_vec(&run.payload(), 10),
    );
    assert!(l.len() < 600, "{} characters: {l}", l.len());
    assert_eq!(decode(&l).unwrap(), run);
}

/// A DaemonSet manifest named `name` (optionally tolerating everything).
fn ds_yaml(name: &str, tolerate: bool) -> String {
    let tolerations = if tolerate {
        "      tolerations:\n      - operator: Exists\n"
    } else {
        ""
    };
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {name}\nspec:\n  selector:\n    matchLabels: {{app: {name}}}\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n{tolerations}      containers:\n      - name: c\n        image: example.com/{name}:1\n"
    )
}

const NODES: &[&str] = &[
    "control-plane",
    "worker-1",
    "worker-2",
    "worker-3",
    "worker-4",
    "x",
];

fn node() -> impl Strategy<Value = String> {
    prop::sample::select(NODES).prop_map(str::to_string)
}

fn input() -> impl Strategy<Value = Input> {
    let effect = prop::sample::select(vec![
        TaintEffect::NoSchedule,
        TaintEffect::PreferNoSchedule,
        TaintEffect::NoExecute,
    ]);
    let template = prop::sample::select(vec![
        NodeTemplate::Worker,
        NodeTemplate::ControlPlane,
        NodeTemplate::GpuWorker,
        NodeTemplate::WindowsWorker,
        NodeTemplate::Small,
    ]);
    prop_oneof![
        (0..3usize, any::<bool>()).prop_map(|(i, t)| Input::Apply {
            file: "daemonset.yaml".into(),
            text: ds_yaml(&format!("agent-{i}"), t),
        }),
        (template, prop::option::of(node()))
            .prop_map(|(template, name)| Input::Node(NodeOp::Add { name, template })),
        node().prop_map(|name| Input::Node(NodeOp::Remove { name })),
        node().prop_map(|name| Input::Node(NodeOp::Cordon { name })),
        node().prop_map(|name| Input::Node(NodeOp::Uncordon { name })),
        (node(), any::<bool>())
            .prop_map(|(name, ready)| Input::Node(NodeOp::SetReady { name, ready })),
        (node(), effect.clone()).prop_map(|(name, effect)| Input::Node(NodeOp::AddTaint {
            name,
            key: "k".into(),
            value: "v".into(),
            effect
        })),
        (node(), prop::option::of(effect)).prop_map(|(name, effect)| Input::Node(
            NodeOp::RemoveTaint {
                name,
                key: "k".into(),
                effect
            }
        )),
        (node(), "[a-z]{1,3}").prop_map(|(name, value)| Input::Node(NodeOp::SetLabel {
            name,
            key: "zone".into(),
            value
        })),
        (0..3usize).prop_map(|i| Input::Delete {
            kind: ObjectKind::DaemonSet,
            namespace: "default".into(),
            name: format!("agent-{i}"),
        }),
        (0..3usize, prop::option::of(0..4i64)).prop_map(|(i, to_revision)| Input::Rollback {
            namespace: "default".into(),
            name: format!("agent-{i}"),
            to_revision,
        }),
        (0..120_000u64).prop_map(|ms| Input::Advance(SimDuration(ms))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// state → link → state: the same run and editor text, and replaying it gives the same
    /// cluster (nodes, pods with their names, events, time).
    #[test]
    fn random_runs_round_trip(
        seed in any::<u64>(),
        default_cluster in any::<bool>(),
        inputs in prop::collection::vec(input(), 0..14),
        editor in any::<String>(),
    ) {
        let mut sim = if default_cluster {
            Simulation::with_default_cluster(seed)
        } else {
            Simulation::new(seed)
        };
        for i in inputs {
            let _ = sim.step(i);
        }
        let run = SharedRun::of(&sim, &editor);
        let back = decode(&encode(&run)).unwrap();
        prop_assert_eq!(&back, &run);
        let replayed: ClusterView = back.replay().view();
        prop_assert_eq!(replayed, sim.view());
    }

    /// Any text after `#v1=` (and any fragment at all) fails cleanly or opens.
    #[test]
    fn random_links_never_panic(text in any::<String>(), tag in prop::sample::select(vec!["#v1=", "v1=", "#", "", "#v2=", "https://x/#v1="])) {
        check(&format!("{tag}{text}"));
    }

    /// Random bytes deflated, or a random JSON-ish payload: a clear error (or a run).
    #[test]
    fn random_payloads_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300), json in "[{}\\[\\]\":,a-zA-Z0-9 ]{0,80}") {
        check(&fragment(&bytes));
        check(&fragment(&miniz_oxide::deflate::compress_to_vec(&bytes, 6)));
        check(&fragment(&miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6)));
    }

    /// A real link cut short, with a character changed, inserted or dropped.
    #[test]
    fn mutated_links_never_panic(at in any::<prop::sample::Index>(), c in prop::sample::select(b"AZaz09-_!=#%. \n".to_vec()), how in 0..4u8) {
        let mut l = fixture(if how % 2 == 0 { "share_v1.link" } else { "share_v1_browser.link" }).trim().to_string().into_bytes();
        let i = at.index(l.len());
        match how {
            0 => l.truncate(i),
            1 => l[i] = c,
            2 => l.insert(i, c),
            _ => { l.remove(i); }
        }
        check(&String::from_utf8_lossy(&l));
    }
}

/// Decodes `text`: an error must be one of the four kinds and say that nothing was loaded;
/// a run that opens must replay without panicking.
fn check(text: &str) {
    match decode(text) {
        Ok(run) => {
            let mut sim = Simulation::new(run.seed);
            sim.set_timer_budget(2_000);
            for i in run.inputs.into_iter().take(50) {
                let _ = sim.step(i);
            }
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.ends_with("; nothing was loaded"), "{msg}");
            let lead = match e.kind {
                LinkErrorKind::Foreign => "this is not a DaemonSet Playground share link: ",
                LinkErrorKind::Newer => "this link cannot be opened: ",
                LinkErrorKind::Damaged => "this link is damaged: ",
                LinkErrorKind::TooLarge => "this link is too large: ",
                _ => unreachable!("{msg}"),
            };
            assert!(msg.starts_with(lead), "{msg}");
            assert!(!msg.contains('\n'), "{msg}");
        }
    }
}

#[test]
fn damaged_truncated_foreign_and_huge_links_say_what_was_wrong() {
    let good = fixture("share_v1.link");
    let good = good.trim();
    let msg = |t: &str| decode(t).unwrap_err().to_string();
    // Cut short in the middle of the deflate stream.
    assert!(
        msg(&good[..good.len() - 20]).contains("cut short"),
        "{}",
        msg(&good[..good.len() - 20])
    );
    assert!(msg("#v1=").contains("holds no state"));
    assert!(msg("#v1=!!!!").contains("not base64url"));
    assert!(msg("#v7=abc").contains("newer version"));
    assert!(msg("#section-2").starts_with("this is not a DaemonSet Playground share link"));
    // Valid deflate of something that is not a v1 state.
    let not_json = fragment(&miniz_oxide::deflate::compress_to_vec(b"hello", 6));
    assert!(msg(&not_json).contains("not JSON"));
    let not_utf8 = fragment(&miniz_oxide::deflate::compress_to_vec(
        b"{\"seed\":\xff}",
        6,
    ));
    assert!(msg(&not_utf8).contains("not UTF-8"));
    let wrong = fragment(&miniz_oxide::deflate::compress_to_vec(
        br#"{"seed":1,"inputs":[{"Node":{"Add":{"name":null,"template":"Huge"}}}]}"#,
        6,
    ));
    assert!(
        msg(&wrong).contains("unknown variant `Huge`"),
        "{}",
        msg(&wrong)
    );
    // 9 MiB that deflate to a few kilobytes: refused once inflated past 8 MiB.
    let bomb = fragment(&miniz_oxide::deflate::compress_to_vec(
        &vec![b'['; 9 << 20],
        6,
    ));
    assert!(bomb.len() < 100_000);
    assert!(msg(&bomb).starts_with("this link is too large"));
    // So is a link whose text alone is too long to hold a payload within the limit.
    let long = format!("#v1={}", "A".repeat(12 << 20));
    assert!(msg(&long).starts_with("this link is too large"));
}
