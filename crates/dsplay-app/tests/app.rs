//! Component tests in headless Chromium: render the app into a div, act, read the DOM.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p dsplay-app --target wasm32-unknown-unknown`.

// Test helpers (not #[test] functions) may panic: a failed lookup is a failed test.
#![allow(
    clippy::disallowed_methods,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use dsplay_app::app::{App, AppProps};
use dsplay_app::highlight::{highlight, Tok};
use dsplay_app::hooks::storage_remove;
use dsplay_app::persist::{EDITOR_KEY, RUN_KEY};
use dsplay_app::state::RunLog;
use dsplay_core::clock::SimDuration;
use dsplay_core::sim::Input;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh root element, and the app rendered into it (paused clock, no saved state).
async fn render() -> Element {
    storage_remove(EDITOR_KEY);
    storage_remove(RUN_KEY);
    let doc = gloo::utils::document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            start_paused: true,
            fresh: true,
            ..AppProps::default()
        },
    )
    .render();
    settle().await;
    root
}

async fn settle() {
    yew::scheduler::flush().await;
    gloo::timers::future::sleep(Duration::from_millis(30)).await;
    yew::scheduler::flush().await;
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

/// The button whose visible text (or aria-label) is exactly `label`.
fn button(root: &Element, label: &str) -> HtmlElement {
    all(root, "button")
        .into_iter()
        .find(|b| {
            b.text_content().as_deref().map(str::trim) == Some(label)
                || b.get_attribute("aria-label").as_deref() == Some(label)
        })
        .unwrap_or_else(|| panic!("no button {label:?}"))
        .dyn_into::<HtmlElement>()
        .unwrap()
}

async fn click(root: &Element, label: &str) {
    button(root, label).click();
    settle().await;
}

/// Presses "Step" `n` times (1 simulated second each).
async fn step(root: &Element, n: u32) {
    for _ in 0..n {
        button(root, "Step").click();
        yew::scheduler::flush().await;
    }
    settle().await;
}

fn node_names(root: &Element) -> Vec<String> {
    all(root, "[data-node]")
        .iter()
        .filter_map(|e| e.get_attribute("data-node"))
        .collect()
}

#[wasm_bindgen_test]
async fn renders_the_default_cluster_with_the_seed_example() {
    let root = render().await;
    assert_eq!(
        node_names(&root),
        ["control-plane", "worker-1", "worker-2", "worker-3"]
    );
    let cp = one(&root, "[data-node=\"control-plane\"]");
    assert!(cp
        .get_attribute("aria-label")
        .unwrap()
        .starts_with("control-plane"));
    // The editor is labelled and holds the seed example.
    let label = one(&root, "label[for=\"yaml-editor\"]");
    assert_eq!(label.text_content().unwrap(), "DaemonSet YAML");
    let editor: HtmlTextAreaElement = one(&root, "#yaml-editor").dyn_into().unwrap();
    assert!(editor
        .value()
        .contains("your-monitoring-agent-image:latest"));
    // Let the pods come up: one per worker, none on the control plane.
    step(&root, 30).await;
    for w in ["worker-1", "worker-2", "worker-3"] {
        let pods = all(&root, &format!("[data-node=\"{w}\"] [data-pod]"));
        assert_eq!(pods.len(), 1, "{w}");
        assert_eq!(
            pods[0].get_attribute("data-daemonset").unwrap(),
            "monitoring-agent"
        );
        assert_eq!(pods[0].get_attribute("data-phase").unwrap(), "Ready");
        let name = pods[0].get_attribute("data-pod").unwrap();
        assert!(pods[0].get_attribute("aria-label").unwrap().contains(&name));
    }
    assert!(all(&root, "[data-node=\"control-plane\"] [data-pod]").is_empty());
    let row = one(&root, ".ds-table tbody tr").text_content().unwrap();
    assert!(row.starts_with("monitoring-agent3333"), "{row}");
}

#[wasm_bindgen_test]
async fn applying_yaml_creates_a_daemonset_and_errors_keep_the_cluster() {
    let root = render().await;
    let editor: HtmlTextAreaElement = one(&root, "#yaml-editor").dyn_into().unwrap();
    let yaml = dsplay_app::examples::EXAMPLES[1].yaml;
    editor.set_value(yaml);
    editor
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    click(&root, "Apply").await;
    let out = one(&root, ".apply-output").text_content().unwrap();
    assert!(
        out.contains("daemonset.apps/fluentd-elasticsearch created"),
        "{out}"
    );
    step(&root, 30).await;
    // The log collector tolerates the control plane: 4 pods of it, 3 of the monitoring agent.
    let fluentd = all(&root, "[data-daemonset=\"fluentd-elasticsearch\"]");
    assert_eq!(fluentd.len(), 4);
    assert_eq!(all(&root, "[data-daemonset=\"monitoring-agent\"]").len(), 3);
    // Broken YAML: an error with its line, the text and the cluster stay.
    let broken = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: x\nspec: [\n";
    editor.set_value(broken);
    editor
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    click(&root, "Apply").await;
    let errors = all(&root, ".errors .error");
    assert!(!errors.is_empty());
    assert!(errors[0].text_content().unwrap().contains("line "));
    // The offending line and a caret, as the CLI prints them (the core's rendering), and the
    // place in words for screen readers.
    let want = dsplay_core::load::load(dsplay_app::state::EDITOR_FILE, broken).errors[0]
        .location
        .clone();
    let caret = errors[0].query_selector("pre.caret").unwrap().unwrap();
    assert_eq!(
        caret.text_content().unwrap(),
        want.snippet(broken).unwrap().trim_end()
    );
    assert_eq!(caret.get_attribute("aria-hidden").as_deref(), Some("true"));
    assert!(errors[0]
        .text_content()
        .unwrap()
        .contains(&format!("At line {}, column {}.", want.line, want.column)));
    assert!(!all(&root, ".gutter .ln.err").is_empty());
    assert_eq!(editor.value(), broken);
    assert_eq!(all(&root, "[data-pod]").len(), 7);
}

/// Puts `text` in the editor as a paste does.
async fn paste(root: &Element, text: &str) {
    let editor: HtmlTextAreaElement = one(root, "#yaml-editor").dyn_into().unwrap();
    editor.set_value(text);
    editor
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
}

/// Issue 11: a pasted 8 MiB document is refused with the CLI's message; the editor draws only
/// the lines in view and holds only a window of the text in its textarea.
#[wasm_bindgen_test]
async fn large_paste_is_refused_and_drawn_a_window_at_a_time() {
    let root = render().await;
    let big = format!(
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: big\n{}",
        "# padding padding padding padding padding padding padding\n".repeat(150_000)
    );
    assert!(big.len() > dsplay_core::load::MAX_FILE_BYTES);
    paste(&root, &big).await;
    let editor: HtmlTextAreaElement = one(&root, "#yaml-editor").dyn_into().unwrap();
    assert!(editor.value().len() < 100_000, "{}", editor.value().len());
    assert!(editor.value().starts_with("apiVersion: v1\nkind: Node\n"));
    let numbered = all(&root, ".gutter .ln").len();
    assert!((1..500).contains(&numbered), "{numbered}");
    assert_eq!(all(&root, ".highlight .line").len(), numbered);
    click(&root, "Apply").await;
    let errors = all(&root, ".errors .error");
    assert_eq!(errors.len(), 1);
    let message = errors[0].text_content().unwrap();
    assert!(
        message.contains(
            "file is too large: the playground reads at most 8388608 bytes (8 MiB) per file"
        ),
        "{message}"
    );
    assert!(all(&root, "[data-node=\"big\"]").is_empty());
}

/// Issue 11: a flood of rejected objects shows the first errors and how many more; a flood
/// of broken documents one error (kubectl stops at the first).
#[wasm_bindgen_test]
async fn error_floods_show_the_first_errors() {
    let root = render().await;
    let flood = "---\napiVersion: v1\nkind: Node\nmetadata: {name: UPPER}\n".repeat(150);
    paste(&root, &flood).await;
    click(&root, "Apply").await;
    let errors = all(&root, ".errors .error");
    assert_eq!(errors.len(), dsplay_core::load::MAX_ERRORS_PER_FILE + 1);
    let last = errors.last().unwrap().text_content().unwrap();
    assert!(last.contains("line 404:12"), "{last}");
    let out = one(&root, ".apply-output").text_content().unwrap();
    assert!(
        out.contains("… and 50 more errors in daemonset.yaml"),
        "{out}"
    );
    let broken = "---\na: b: c\n".repeat(30_000);
    paste(&root, &broken).await;
    click(&root, "Apply").await;
    assert_eq!(all(&root, ".errors .error").len(), 1);
    assert_eq!(all(&root, "[data-pod]").len(), 3);
}

#[wasm_bindgen_test]
async fn adding_and_removing_nodes() {
    let root = render().await;
    click(&root, "Add node").await;
    assert!(node_names(&root).contains(&"worker-4".to_string()));
    step(&root, 30).await;
    assert_eq!(all(&root, "[data-node=\"worker-4\"] [data-pod]").len(), 1);
    click(&root, "Add 10 nodes").await;
    assert_eq!(node_names(&root).len(), 15);
    // Select worker-4, remove it.
    one(&root, "[data-node=\"worker-4\"]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    click(&root, "Remove").await;
    assert!(!node_names(&root).contains(&"worker-4".to_string()));
    assert_eq!(node_names(&root).len(), 14);
}

#[wasm_bindgen_test]
async fn clicking_a_pod_chip_selects_the_pod_and_the_card_the_node() {
    let root = render().await;
    click(&root, "Add node").await;
    step(&root, 30).await;
    // The second DaemonSet puts a second chip on every worker: pick the second one.
    let editor: HtmlTextAreaElement = one(&root, "#yaml-editor").dyn_into().unwrap();
    editor.set_value(
        &dsplay_app::examples::MONITORING_AGENT.replace("monitoring-agent", "log-agent"),
    );
    editor
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    click(&root, "Apply").await;
    step(&root, 30).await;
    let chips = all(&root, "[data-node=\"worker-4\"] [data-pod]");
    assert_eq!(chips.len(), 2);
    let second = chips[1].get_attribute("data-pod").unwrap();
    chips[1].clone().dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    let title = one(&root, "#details-title").text_content().unwrap();
    assert!(title.contains(&second), "{title} / {second}");
    let chip = one(&root, &format!("[data-pod=\"{second}\"]"));
    assert_eq!(chip.get_attribute("aria-current").as_deref(), Some("true"));
    // A click on the card itself (not on a chip) selects the node.
    one(&root, "[data-node=\"worker-4\"] .node-name")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    let title = one(&root, "#details-title").text_content().unwrap();
    assert!(title.contains("worker-4"), "{title}");
    assert!(one(&root, &format!("[data-pod=\"{second}\"]"))
        .get_attribute("aria-current")
        .is_none());
}

#[wasm_bindgen_test]
async fn events_show_the_newest_lines_first_and_more_on_request() {
    let root = render().await;
    click(&root, "Add 10 nodes").await;
    click(&root, "Add 10 nodes").await;
    step(&root, 30).await;
    let rows = |root: &Element| all(root, ".events-table tbody tr");
    // 23 nodes' worth of creations, schedulings and starts: more than one page of lines.
    assert_eq!(rows(&root).len(), 20);
    let more = all(&root, ".more-rows button");
    assert_eq!(more.len(), 1);
    let text = more[0].text_content().unwrap();
    let older: usize = text
        .rsplit_once("(of ")
        .and_then(|(_, n)| n.strip_suffix(" older)"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{text}"));
    assert!(older > 0);
    assert_eq!(
        text,
        format!("Show {} more (of {older} older)", older.min(20))
    );
    // Newest first: LAST SEEN ages (all under a minute here: "12s") never decrease.
    let ages: Vec<u32> = all(&root, ".events-table tbody tr td:first-child")
        .iter()
        .map(|td| {
            let t = td.text_content().unwrap();
            t.split('s').next().unwrap().parse().unwrap()
        })
        .collect();
    assert!(ages.windows(2).all(|w| w[0] <= w[1]), "{ages:?}");
    more[0].clone().dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    assert_eq!(rows(&root).len(), 20 + older.min(20));
}

#[wasm_bindgen_test]
fn a_saved_run_replays_to_the_same_cluster() {
    use dsplay_app::state::{Action, AppState};
    use std::rc::Rc;
    use yew::Reducible;
    let mut state = Rc::new(AppState::new(7, dsplay_app::examples::MONITORING_AGENT));
    for action in [
        Action::Tick(SimDuration::from_secs(3)),
        Action::Step(Input::Node(dsplay_core::sim::NodeOp::Cordon {
            name: "worker-1".into(),
        })),
        Action::Tick(SimDuration::from_secs(20)),
        Action::StepMany(vec![
            Input::Node(dsplay_core::sim::NodeOp::Add {
                name: None,
                template: dsplay_core::sim::NodeTemplate::Worker,
            });
            3
        ]),
        Action::Tick(SimDuration::from_secs(5)),
        Action::Step(Input::Node(dsplay_core::sim::NodeOp::Remove {
            name: "worker-2".into(),
        })),
        Action::Step(Input::Apply {
            file: "daemonset.yaml".into(),
            text: dsplay_app::examples::MONITORING_AGENT
                .replace("monitoring-agent", "second-agent"),
        }),
        Action::Tick(SimDuration::from_secs(30)),
    ] {
        state = state.reduce(action);
    }
    let log = state.run_log();
    let json = serde_json::to_string(&log).unwrap();
    let back: RunLog = serde_json::from_str(&json).unwrap();
    let replayed = AppState::replay(&back);
    assert_eq!(replayed.seed(), 7);
    // `Shared` compares by identity: compare the node views themselves.
    let nodes = |s: &AppState| -> Vec<dsplay_core::view::NodeView> {
        s.view.nodes.iter().map(|n| (**n).clone()).collect()
    };
    // The page's view, kept up to date action by action from `view_changes`, is the view
    // built at once from the replayed run.
    assert_eq!(nodes(&replayed), nodes(&state));
    assert_eq!(nodes(&state).len(), 6);
    assert_eq!(*replayed.view.daemon_sets, *state.view.daemon_sets);
    assert_eq!(state.view.daemon_sets.len(), 2);
    assert_eq!(replayed.view.now, state.view.now);
    let events = |s: &AppState| -> Vec<dsplay_core::view::EventView> {
        s.with_sim(|sim| sim.events_newest_first().collect())
    };
    assert_eq!(events(&replayed), events(&state));
    assert!(events(&state).len() > 10);
}

#[wasm_bindgen_test]
fn highlighter_classifies_keys_values_and_comments() {
    let lines =
        highlight("# c\nkind: DaemonSet # x\n  - name: \"a\"\nreplicas: 3\nrun: |\n  a: b\n---");
    assert_eq!(lines[0], vec![(Tok::Comment, "# c")]);
    assert_eq!(
        lines[1],
        vec![
            (Tok::Key, "kind"),
            (Tok::Punct, ":"),
            (Tok::Plain, " "),
            (Tok::Str, "DaemonSet"),
            (Tok::Plain, " "),
            (Tok::Comment, "# x")
        ]
    );
    assert!(lines[2].contains(&(Tok::Key, "name")));
    assert!(lines[2].contains(&(Tok::Str, "\"a\"")));
    assert!(lines[3].contains(&(Tok::Num, "3")));
    // Inside a block scalar, `a: b` is text, not a key.
    assert_eq!(lines[5], vec![(Tok::Str, "  a: b")]);
    assert_eq!(lines[6], vec![(Tok::Doc, "---")]);
    // Tokens concatenate back to the line.
    let joined: String = lines[2].iter().map(|(_, s)| *s).collect();
    assert_eq!(joined, "  - name: \"a\"");
}

/// Renders `ClusterView` alone from hand-made views (no simulation involved).
#[wasm_bindgen_test]
async fn cluster_view_renders_nodes_pods_phases_and_badges() {
    use dsplay_app::components::cluster_view::{ClusterView, ClusterViewProps};
    use dsplay_app::state::{Selection, Shared};
    use dsplay_core::view::{NodeView, PodDisplayPhase, PodView, TaintView};
    use std::collections::BTreeMap;

    let pod = |name: &str, ds: &str, phase: PodDisplayPhase| PodView {
        name: name.into(),
        namespace: "default".into(),
        daemon_set: Some(ds.into()),
        phase,
        ..PodView::default()
    };
    let nodes = vec![
        Shared::new(NodeView {
            name: "cp".into(),
            role: "control-plane".into(),
            ready: true,
            taints: vec![TaintView {
                key: "node-role.kubernetes.io/control-plane".into(),
                value: String::new(),
                effect: "NoSchedule".into(),
            }],
            ..NodeView::default()
        }),
        Shared::new(NodeView {
            name: "w1".into(),
            role: "worker".into(),
            ready: false,
            unschedulable: true,
            pods: vec![
                pod("a-1", "a", PodDisplayPhase::Ready),
                pod("b-1", "b", PodDisplayPhase::Pending),
                pod("a-2", "a", PodDisplayPhase::Terminating),
            ],
            ..NodeView::default()
        }),
    ];
    let colors: BTreeMap<String, u32> = [("a".to_string(), 0), ("b".to_string(), 1)].into();
    let selected = std::rc::Rc::new(std::cell::RefCell::new(None::<Selection>));
    let on_select = {
        let selected = selected.clone();
        yew::Callback::from(move |s: Selection| *selected.borrow_mut() = Some(s))
    };
    let doc = gloo::utils::document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<ClusterView>::with_root_and_props(
        root.clone(),
        ClusterViewProps {
            nodes: Shared::new(nodes),
            unplaced: Shared::new(vec![pod("c-1", "c", PodDisplayPhase::Pending)]),
            colors: Shared::new(colors),
            selection: None,
            on_select,
            sim: None,
            heading: "Cluster".into(),
            heading_id: "cluster-title".into(),
        },
    )
    .render();
    settle().await;

    assert_eq!(node_names(&root), ["cp", "w1"]);
    let w1 = one(&root, "[data-node=\"w1\"]");
    let label = w1.get_attribute("aria-label").unwrap();
    assert!(
        label.starts_with("w1, worker, NotReady,SchedulingDisabled"),
        "{label}"
    );
    assert!(w1.text_content().unwrap().contains("NotReady"));
    assert!(w1.text_content().unwrap().contains("Cordoned"));
    let phases: Vec<(String, String, String)> = all(&w1, "[data-pod]")
        .iter()
        .map(|p| {
            (
                p.get_attribute("data-pod").unwrap(),
                p.get_attribute("data-phase").unwrap(),
                p.get_attribute("class").unwrap(),
            )
        })
        .collect();
    assert_eq!(phases.len(), 3);
    assert_eq!(phases[0].1, "Ready");
    assert!(phases[0].2.contains("ds-c0"));
    assert_eq!(phases[1].1, "Pending");
    assert!(phases[1].2.contains("ds-c1"));
    assert_eq!(phases[2].1, "Terminating");
    assert!(one(&root, "[data-node=\"cp\"]")
        .text_content()
        .unwrap()
        .contains("node-role.kubernetes.io/control-plane:NoSchedule"));
    // The unplaced pod is listed apart.
    assert_eq!(all(&root, ".unplaced [data-pod=\"c-1\"]").len(), 1);
    // Clicking a pod selects the pod, not its node.
    one(&w1, "[data-pod=\"b-1\"]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    assert_eq!(
        *selected.borrow(),
        Some(Selection::Pod {
            namespace: "default".into(),
            name: "b-1".into()
        })
    );
    w1.clone().dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    assert_eq!(*selected.borrow(), Some(Selection::Node("w1".into())));
}

/// Types `value` into the input labelled `label`.
fn type_into(root: &Element, label: &str, value: &str) {
    let input: web_sys::HtmlInputElement = one(root, &format!("input[aria-label=\"{label}\"]"))
        .dyn_into()
        .unwrap();
    input.set_value(value);
}

#[wasm_bindgen_test]
async fn node_operations_are_validated_as_the_api_server_validates_them() {
    let root = render().await;
    one(&root, "[data-node=\"worker-1\"]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    let labels_before = all(&root, ".details .kv code")
        .iter()
        .filter_map(|c| c.text_content())
        .collect::<Vec<_>>();
    // An invalid label key: the API server's message, and the node keeps its labels.
    type_into(&root, "Label key", "bad key");
    type_into(&root, "Label value", "v");
    click(&root, "Set label").await;
    let out = one(&root, ".apply-output").text_content().unwrap();
    assert!(
        out.starts_with(
            "Error from server: metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters"
        ),
        "{out}"
    );
    let labels_after = all(&root, ".details .kv code")
        .iter()
        .filter_map(|c| c.text_content())
        .collect::<Vec<_>>();
    assert_eq!(labels_before, labels_after);
    // A taint value of 100 characters: refused, no taint added.
    type_into(&root, "Taint key", "dedicated");
    type_into(&root, "Taint value", &"v".repeat(100));
    click(&root, "Add taint").await;
    let out = one(&root, ".apply-output").text_content().unwrap();
    assert!(
        out.contains("spec.taints[0].value: Invalid value: ")
            && out.ends_with("must be no more than 63 characters"),
        "{out}"
    );
    assert!(all(&root, ".details code.taint").is_empty());
    // A valid taint goes through.
    type_into(&root, "Taint key", "dedicated");
    type_into(&root, "Taint value", "gpu");
    click(&root, "Add taint").await;
    let taints = all(&root, ".details code.taint");
    assert_eq!(taints.len(), 1);
    assert_eq!(
        taints[0].text_content().unwrap(),
        "dedicated=gpu:NoSchedule"
    );
}
