//! The kubectl console (`dsplay_core::kubectl`) on a settled cluster: what each command
//! prints, its exit status and what it changes, table-driven, with golden files for the
//! long outputs (`tests/golden/kubectl/`).
//!
//! The expected text is kubectl's layout for the same objects: the tables' columns and
//! cells are `pkg/printers/internalversion/printers.go`'s, `describe` is
//! `pkg/describe/describe.go`'s (tabwriter with padding 2), the errors are kubectl's and
//! the API server's words. After a deliberate change, refresh the goldens with
//! `DSPLAY_BLESS=1 cargo test -p dsplay-core --test kubectl_console` and READ the diff:
//! every golden test also asserts what the output says, so a wrong golden cannot hide a
//! wrong result.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_methods
)] // test helpers may panic; tests are not in the page

use dsplay_core::clock::SimDuration;
use dsplay_core::kubectl::{run, Files, Outcome};
use dsplay_core::print::get::POD_COLUMNS;
use dsplay_core::sim::{Input, NodeOp, Simulation};
use std::path::Path;

const DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Compares `actual` with `tests/golden/kubectl/NAME`, or writes it when `DSPLAY_BLESS=1`.
fn golden(name: &str, actual: &str) {
    let path = Path::new(DIR).join("tests/golden/kubectl").join(name);
    if std::env::var("DSPLAY_BLESS").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}: create it with DSPLAY_BLESS=1 and read it",
            path.display()
        )
    });
    assert!(
        actual == expected,
        "output differs from {} (refresh with DSPLAY_BLESS=1 if the change is right)\n--- actual ---\n{actual}",
        path.display()
    );
}

fn example(name: &str) -> String {
    std::fs::read_to_string(Path::new(DIR).join("../../web/examples").join(name)).unwrap()
}

/// The folder the console reads: the page's examples by name.
fn files() -> Files {
    let mut f = Files::new();
    for name in [
        "monitoring-agent.yaml",
        "log-collector.yaml",
        "rolling-update-v2.yaml",
    ] {
        f.insert(name.to_string(), example(name));
    }
    f
}

/// The default cluster with the monitoring agent and the log collector, settled.
fn cluster() -> Simulation {
    let mut sim = Simulation::with_default_cluster(1);
    for (name, text) in files() {
        if name != "rolling-update-v2.yaml" {
            let r = sim.apply(&name, &text);
            assert!(r.errors.is_empty(), "{:?}", r.errors);
        }
    }
    assert!(sim.settle(SimDuration::from_secs(600)));
    sim
}

fn k(sim: &mut Simulation, line: &str) -> Outcome {
    run(sim, line, &files())
}

/// Reading commands: exit status, standard output (golden or exact) and standard error.
#[test]
fn reading_commands_print_what_kubectl_prints() {
    let mut sim = cluster();
    // (command, golden file or "", exit status, standard error)
    let cases: &[(&str, &str, u8, &str)] = &[
        ("kubectl get nodes", "get-nodes.txt", 0, ""),
        ("kubectl get no -o wide", "get-nodes-wide.txt", 0, ""),
        ("kubectl get ds", "get-ds.txt", 0, ""),
        (
            "kubectl get daemonsets.apps -o wide",
            "get-ds-wide.txt",
            0,
            "",
        ),
        ("kubectl get pods -o wide", "get-pods-wide.txt", 0, ""),
        (
            "kubectl get po -n kube-system --show-labels",
            "get-pods-labels.txt",
            0,
            "",
        ),
        (
            "kubectl get ds -A -l k8s-app=fluentd-logging",
            "get-ds-all-ns-selector.txt",
            0,
            "",
        ),
        (
            "kubectl get pods -A --sort-by=.spec.nodeName",
            "get-pods-all-ns-sorted.txt",
            0,
            "",
        ),
        ("kubectl get all", "get-all.txt", 0, ""),
        (
            "kubectl get controllerrevisions",
            "get-controllerrevisions.txt",
            0,
            "",
        ),
        ("kubectl get ev", "get-events.txt", 0, ""),
        (
            "kubectl get ds monitoring-agent -o yaml",
            "get-ds-yaml.txt",
            0,
            "",
        ),
        (
            "kubectl get ds monitoring-agent -o json",
            "get-ds-json.txt",
            0,
            "",
        ),
        ("kubectl get nodes -o name", "get-nodes-name.txt", 0, ""),
        (
            "kubectl describe ds monitoring-agent",
            "describe-ds.txt",
            0,
            "",
        ),
        ("kubectl describe node worker-1", "describe-node.txt", 0, ""),
        (
            "kubectl describe node control-plane",
            "describe-node-control-plane.txt",
            0,
            "",
        ),
        (
            "kubectl describe pods -n kube-system",
            "describe-pods.txt",
            0,
            "",
        ),
        (
            "kubectl rollout history ds/monitoring-agent",
            "rollout-history.txt",
            0,
            "",
        ),
        ("kubectl api-resources", "api-resources.txt", 0, ""),
        ("kubectl version", "version.txt", 0, ""),
        // Nothing found: kubectl's words on standard error, exit status 0.
        (
            "kubectl get pods -n monitoring",
            "",
            0,
            "No resources found in monitoring namespace.\n",
        ),
        (
            "kubectl get deploy",
            "",
            0,
            "No resources found in default namespace.\n",
        ),
        (
            "kubectl get pods -A -l app=nothing",
            "",
            0,
            "No resources found\n",
        ),
        // Errors.
        (
            "kubectl get dae",
            "",
            1,
            "error: the server doesn't have a resource type \"dae\"\n",
        ),
        (
            "kubectl get ds x",
            "",
            1,
            "Error from server (NotFound): daemonsets.apps \"x\" not found\n",
        ),
        (
            "kubectl describe pod x",
            "",
            1,
            "Error from server (NotFound): pods \"x\" not found\n",
        ),
        (
            "kubectl get nodes worker-9",
            "",
            1,
            "Error from server (NotFound): nodes \"worker-9\" not found\n",
        ),
        (
            "kubectl get pods --bogus",
            "",
            1,
            "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n",
        ),
        (
            "kubectl gte pods",
            "",
            1,
            "error: unknown command \"gte\" for \"kubectl\"\n\nDid you mean this?\n\tget\n\n",
        ),
        (
            "kubectl get pods -l 'app in x'",
            "",
            1,
            "error: unable to parse requirement: found 'x', expected: '('\n",
        ),
        (
            "kubectl rollout pause ds/monitoring-agent",
            "",
            1,
            "error: daemonsets.apps \"monitoring-agent\" pausing is not supported\n",
        ),
        (
            "kubectl rollout resume daemonset monitoring-agent",
            "",
            1,
            "error: daemonsets.apps \"monitoring-agent\" resuming is not supported\n",
        ),
        // kubectl/pkg/cmd/scale/scale.go: the builder gets the object, then the scale
        // subresource is patched; apps/v1 DaemonSets serve none, the API server answers 404
        // and client-go's generic NotFound message is printed, byte for byte.
        (
            "kubectl scale ds/monitoring-agent --replicas=3",
            "",
            1,
            "Error from server (NotFound): the server could not find the requested resource\n",
        ),
        (
            "kubectl scale daemonset monitoring-agent --replicas=0",
            "",
            1,
            "Error from server (NotFound): the server could not find the requested resource\n",
        ),
        // The first object found stops it; a missing one alone is the builder's NotFound.
        (
            "kubectl scale ds/nope ds/monitoring-agent --replicas=1",
            "",
            1,
            "Error from server (NotFound): the server could not find the requested resource\n",
        ),
        (
            "kubectl scale ds/nope ds/gone --replicas=1",
            "",
            1,
            "Error from server (NotFound): daemonsets.apps \"nope\" not found\nError from server (NotFound): daemonsets.apps \"gone\" not found\n",
        ),
        (
            "kubectl scale node/worker-1 --replicas=1",
            "",
            1,
            "Error from server (NotFound): the server could not find the requested resource\n",
        ),
        (
            "kubectl scale deploy/web --replicas=1",
            "",
            1,
            "Error from server (NotFound): deployments.apps \"web\" not found\n",
        ),
        (
            "kubectl scale ds/monitoring-agent -n kube-system --replicas=1",
            "",
            1,
            "Error from server (NotFound): daemonsets.apps \"monitoring-agent\" not found\n",
        ),
        (
            "kubectl scale ds/monitoring-agent --replicas=-1",
            "",
            1,
            "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n",
        ),
        (
            "kubectl scale ds/monitoring-agent --replicas=three",
            "",
            1,
            "error: invalid argument \"three\" for \"--replicas\" flag: strconv.ParseInt: parsing \"three\": invalid syntax\n",
        ),
        (
            "kubectl scale ds --replicas=1",
            "",
            1,
            "error: resource(s) were provided, but no name was specified\n",
        ),
        // No --replicas: cobra's required flag, before any argument is read.
        (
            "kubectl scale",
            "",
            1,
            "error: required flag(s) \"replicas\" not set\n",
        ),
        (
            "kubectl scale ds",
            "",
            1,
            "error: required flag(s) \"replicas\" not set\n",
        ),
        // No resource: cli-runtime's builder (`missingResourceError`).
        (
            "kubectl scale --replicas=2",
            "",
            1,
            "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
        ),
        // set_image.go: the objects are found (Complete) before an image is asked for.
        (
            "kubectl set image ds/monitoring-agent",
            "",
            1,
            "error: at least one image update is required\n",
        ),
        (
            "kubectl set image ds/nope",
            "",
            1,
            "Error from server (NotFound): daemonsets.apps \"nope\" not found\n",
        ),
        (
            "kubectl rollout undo ds/monitoring-agent",
            "",
            1,
            "error: no last revision to roll back to\n",
        ),
        (
            "kubectl rollout status ds/nope",
            "",
            1,
            "Error from server (NotFound): daemonsets.apps \"nope\" not found\n",
        ),
        (
            "cat nope.yaml",
            "",
            1,
            "cat: nope.yaml: No such file or directory\n",
        ),
    ];
    for (line, file, code, stderr) in cases {
        let before = sim.inputs().len();
        let out = k(&mut sim, line);
        assert_eq!(out.exit_code, *code, "{line}: {}", out.text());
        assert_eq!(out.stderr(), *stderr, "{line}");
        assert!(out.inputs.is_empty(), "{line} reads only");
        assert_eq!(sim.inputs().len(), before, "{line} changed nothing");
        if !file.is_empty() {
            golden(file, &out.stdout());
        } else if *code != 0 {
            assert_eq!(out.stdout(), "", "{line}");
        }
    }
}

/// What `get` prints when objects are missing, as kubectl's `printGeneric` and tables do:
/// one object named and missing is its error alone (no empty List:
/// kubernetes/kubernetes#28243); several named and all missing is an empty List, then the
/// errors; `--ignore-not-found` drops the NotFound errors and prints nothing when nothing
/// is found (not even "No resources found"); `-o name` of nothing prints nothing.
#[test]
fn get_of_missing_objects_prints_what_kubectl_prints() {
    let mut sim = cluster();
    let empty_list = "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n";
    let nope = "Error from server (NotFound): daemonsets.apps \"nope\" not found\n";
    let gone = "Error from server (NotFound): daemonsets.apps \"gone\" not found\n";
    let both = format!("{nope}{gone}");
    let cases: &[(&str, u8, &str, &str)] = &[
        ("kubectl get ds nope -o yaml", 1, "", nope),
        ("kubectl get ds nope -o json", 1, "", nope),
        ("kubectl get ds nope gone -o yaml", 1, empty_list, &both),
        ("kubectl get ds nope --ignore-not-found", 0, "", ""),
        ("kubectl get ds nope -o yaml --ignore-not-found", 0, "", ""),
        (
            "kubectl get ds nope gone -o json --ignore-not-found",
            0,
            "",
            "",
        ),
        ("kubectl get ds nope -o name", 1, "", nope),
        ("kubectl get pods -l app=nothing -o name", 0, "", ""),
        (
            "kubectl get pods -l app=nothing",
            0,
            "",
            "No resources found in default namespace.\n",
        ),
        (
            "kubectl get pods -l app=nothing --ignore-not-found",
            0,
            "",
            "",
        ),
        ("kubectl get pods -l app=nothing -o yaml", 0, empty_list, ""),
    ];
    for (line, code, stdout, stderr) in cases {
        let out = k(&mut sim, line);
        assert_eq!(out.exit_code, *code, "{line}: {}", out.text());
        assert_eq!(out.stdout(), *stdout, "{line}");
        assert_eq!(out.stderr(), *stderr, "{line}");
    }
    // A named object that exists prints with or without the flag; the missing one is
    // dropped from a List.
    let found = k(
        &mut sim,
        "kubectl get ds monitoring-agent nope -o name --ignore-not-found",
    );
    assert_eq!(
        (found.exit_code, found.stdout(), found.stderr()),
        (
            0,
            "daemonset.apps/monitoring-agent\n".to_string(),
            String::new()
        )
    );
}

/// Splits a table row into its cells (kubectl pads with at least three spaces; no cell
/// here holds three spaces).
fn cells(row: &str) -> Vec<&str> {
    row.split("   ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

/// What the goldens say, checked on their own (a wrong golden file cannot hide it).
#[test]
fn tables_say_what_the_cluster_holds() {
    let mut sim = cluster();
    let nodes = k(&mut sim, "kubectl get nodes").stdout();
    let node_names: Vec<String> = nodes
        .lines()
        .skip(1)
        .map(|l| cells(l)[0].to_string())
        .collect();
    assert_eq!(
        node_names,
        ["control-plane", "worker-1", "worker-2", "worker-3"]
    );

    let pods = k(&mut sim, "kubectl get pods -A -o wide").stdout();
    let mut lines = pods.lines();
    assert_eq!(
        cells(lines.next().unwrap()),
        std::iter::once("NAMESPACE")
            .chain(POD_COLUMNS)
            .collect::<Vec<_>>()
    );
    // Without the namespace: the cells of `get pods -o wide`.
    let rows: Vec<Vec<&str>> = lines.map(|l| cells(l)[1..].to_vec()).collect();
    assert!(!rows.is_empty());
    for r in &rows {
        assert_eq!(r[1..4], ["1/1", "Running", "0"], "{r:?}");
        assert!(node_names.iter().any(|n| n == r[6]), "{r:?}");
    }
    // The monitoring agent on the three workers (no toleration for the control plane), the
    // log collector on every node.
    let agent_nodes: Vec<&str> = rows
        .iter()
        .filter(|r| r[0].starts_with("monitoring-agent-"))
        .map(|r| r[6])
        .collect();
    assert_eq!(agent_nodes.len(), 3);
    assert!(!agent_nodes.contains(&"control-plane"));
    assert_eq!(
        rows.iter()
            .filter(|r| r[0].starts_with("fluentd-elasticsearch-"))
            .count(),
        4
    );

    let ds = k(&mut sim, "kubectl get ds -A").stdout();
    for row in ds.lines().skip(1) {
        let c = &cells(row)[1..];
        assert_eq!(c[1], c[2], "DESIRED = CURRENT: {row}");
        assert_eq!(c[1], c[3], "DESIRED = READY: {row}");
        let desired: usize = c[1].parse().unwrap();
        let described = k(
            &mut sim,
            &format!("kubectl describe ds {} -n {}", c[0], cells(row)[0]),
        )
        .stdout();
        assert!(
            described.contains(&format!(
                "Pods Status:  {desired} Running / 0 Waiting / 0 Succeeded / 0 Failed\n"
            )),
            "{described}"
        );
        let on_nodes = rows
            .iter()
            .filter(|r| r[0].starts_with(&format!("{}-", c[0])))
            .count();
        assert_eq!(on_nodes, desired, "{row}");
    }

    let on_worker_1 = rows.iter().filter(|r| r[6] == "worker-1").count();
    let node = k(&mut sim, "kubectl describe node worker-1").stdout();
    assert!(
        node.contains(&format!("({on_worker_1} in total)")),
        "{node}"
    );
    assert!(node.starts_with("Name:               worker-1\nRoles:              <none>\n"));
    let cp = k(&mut sim, "kubectl describe no control-plane").stdout();
    assert!(
        cp.contains("Taints:             node-role.kubernetes.io/control-plane:NoSchedule\n"),
        "{cp}"
    );
}

/// Changing commands: what kubectl prints, and the inputs they give the cluster (the same
/// the page's buttons and the CLI's steps give).
#[test]
fn changing_commands_give_the_clusters_inputs() {
    let mut sim = cluster();
    let out = k(
        &mut sim,
        "kubectl taint nodes worker-2 dedicated=db:NoExecute",
    );
    assert_eq!(out.text(), "node/worker-2 tainted\n");
    assert_eq!(
        out.inputs,
        [Input::Node(NodeOp::AddTaint {
            name: "worker-2".into(),
            key: "dedicated".into(),
            value: "db".into(),
            effect: dsplay_core::sim::TaintEffect::NoExecute,
        })]
    );
    let again = k(
        &mut sim,
        "kubectl taint nodes worker-2 dedicated=db:NoExecute",
    );
    assert_eq!(again.exit_code, 1);
    assert_eq!(
        again.stderr(),
        "error: node worker-2 already has dedicated taint(s) with same effect(s) and --overwrite is false\n"
    );
    sim.settle(SimDuration::from_secs(600));
    let pods = k(&mut sim, "kubectl get pods -o wide").stdout();
    assert!(
        !pods.contains("worker-2"),
        "NoExecute evicted the pods: {pods}"
    );
    assert_eq!(
        k(&mut sim, "kubectl taint nodes worker-2 dedicated-").text(),
        "node/worker-2 untainted\n"
    );
    assert_eq!(
        k(&mut sim, "kubectl taint nodes worker-2 dedicated-").stderr(),
        "error: taint \"dedicated:\" not found\n"
    );

    assert_eq!(
        k(&mut sim, "kubectl cordon worker-1").text(),
        "node/worker-1 cordoned\n"
    );
    assert_eq!(
        k(&mut sim, "kubectl cordon worker-1").text(),
        "node/worker-1 already cordoned\n"
    );
    assert_eq!(
        k(&mut sim, "kubectl uncordon worker-1").text(),
        "node/worker-1 uncordoned\n"
    );

    // Drain: kubectl's refusal without --ignore-daemonsets (the node stays cordoned).
    let refused = k(&mut sim, "kubectl drain worker-3");
    assert_eq!(refused.exit_code, 1);
    assert_eq!(refused.stdout(), "node/worker-3 cordoned\n");
    let pods_on_3: Vec<String> = {
        let mut v: Vec<String> = k(&mut sim, "kubectl get pods -A -o wide")
            .stdout()
            .lines()
            .skip(1)
            .filter(|l| cells(l)[7] == "worker-3")
            .map(|l| format!("{}/{}", cells(l)[0], cells(l)[1]))
            .collect();
        v.sort();
        v
    };
    let listed = pods_on_3.join(", ");
    assert_eq!(
        refused.stderr(),
        format!(
            "error: unable to drain node \"worker-3\" due to error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): {listed}, continuing command...\nThere are pending nodes to be drained:\n worker-3\nerror: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): {listed}\n"
        )
    );
    golden("drain-refused.txt", &refused.text());
    let drained = k(&mut sim, "kubectl drain worker-3 --ignore-daemonsets");
    assert_eq!(drained.exit_code, 0);
    assert_eq!(
        drained.text(),
        format!(
            "node/worker-3 already cordoned\nWarning: ignoring DaemonSet-managed Pods: {listed}\nnode/worker-3 drained\n"
        )
    );
    k(&mut sim, "kubectl uncordon worker-3");

    // Labels through the node operations; a value is not replaced without --overwrite.
    let l = k(&mut sim, "kubectl label nodes worker-1 disktype=ssd");
    assert_eq!(l.text(), "node/worker-1 labeled\n");
    assert_eq!(
        l.inputs,
        [Input::Node(NodeOp::SetLabel {
            name: "worker-1".into(),
            key: "disktype".into(),
            value: "ssd".into()
        })]
    );
    assert_eq!(
        k(&mut sim, "kubectl label nodes worker-1 disktype=hdd").stderr(),
        "error: 'disktype' already has a value (ssd), and --overwrite is false\n"
    );
    assert_eq!(
        k(&mut sim, "kubectl label no worker-1 disktype-").text(),
        "node/worker-1 unlabeled\n"
    );
    assert_eq!(
        k(
            &mut sim,
            "kubectl annotate ds monitoring-agent team=observability"
        )
        .text(),
        "daemonset.apps/monitoring-agent annotated\n"
    );
    assert!(k(&mut sim, "kubectl get ds monitoring-agent -o yaml")
        .stdout()
        .contains("    team: observability\n"));

    // A rollout: set image, the history, undo to the first revision.
    let set = k(
        &mut sim,
        "kubectl set image ds/monitoring-agent agent=agent:2",
    );
    assert_eq!(
        set.text(),
        "daemonset.apps/monitoring-agent image updated\n"
    );
    assert!(matches!(
        set.inputs.as_slice(),
        [Input::ApplyObjects { .. }]
    ));
    sim.settle(SimDuration::from_secs(600));
    assert_eq!(
        k(&mut sim, "kubectl rollout status ds/monitoring-agent").text(),
        "daemon set \"monitoring-agent\" successfully rolled out\n"
    );
    assert_eq!(
        k(&mut sim, "kubectl rollout history ds/monitoring-agent").stdout(),
        "daemonset.apps/monitoring-agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"
    );
    golden(
        "rollout-history-revision.txt",
        &k(
            &mut sim,
            "kubectl rollout history ds/monitoring-agent --revision=2",
        )
        .stdout(),
    );
    assert_eq!(
        k(&mut sim, "kubectl rollout undo ds/monitoring-agent --to-revision=2").text(),
        "daemonset.apps/monitoring-agent skipped rollback (current template already matches revision 2)\n"
    );
    let undo = k(&mut sim, "kubectl rollout undo ds/monitoring-agent");
    assert_eq!(undo.text(), "daemonset.apps/monitoring-agent rolled back\n");
    assert_eq!(
        undo.inputs,
        [Input::Rollback {
            namespace: "default".into(),
            name: "monitoring-agent".into(),
            to_revision: None
        }]
    );
    sim.settle(SimDuration::from_secs(600));
    assert!(k(&mut sim, "kubectl get ds -o wide")
        .stdout()
        .contains("your-monitoring-agent-image:latest"));
    let restart = k(&mut sim, "kubectl rollout restart ds/monitoring-agent");
    assert_eq!(
        restart.text(),
        "daemonset.apps/monitoring-agent restarted\n"
    );

    // Files from the folder.
    assert_eq!(
        k(&mut sim, "kubectl apply -f rolling-update-v2.yaml").text(),
        "daemonset.apps/node-agent created\n".replace(
            "node-agent",
            &first_name(&example("rolling-update-v2.yaml"))
        )
    );
    let create = k(&mut sim, "kubectl create -f monitoring-agent.yaml");
    assert_eq!(create.exit_code, 1);
    assert_eq!(
        create.stderr(),
        "Error from server (AlreadyExists): error when creating \"monitoring-agent.yaml\": daemonsets.apps \"monitoring-agent\" already exists\n"
    );
    assert_eq!(
        k(&mut sim, "kubectl delete -f monitoring-agent.yaml").text(),
        "daemonset.apps \"monitoring-agent\" deleted\n"
    );
    assert_eq!(
        k(&mut sim, "kubectl delete ds monitoring-agent").stderr(),
        "Error from server (NotFound): daemonsets.apps \"monitoring-agent\" not found\n"
    );
    assert_eq!(
        k(
            &mut sim,
            "kubectl delete ds monitoring-agent --ignore-not-found"
        )
        .text(),
        ""
    );
    let ls = k(&mut sim, "ls").stdout();
    assert_eq!(
        ls,
        "log-collector.yaml\nmonitoring-agent.yaml\nrolling-update-v2.yaml\n"
    );
    assert_eq!(
        k(&mut sim, "cat log-collector.yaml").stdout(),
        example("log-collector.yaml")
    );
    let edit = k(
        &mut sim,
        "kubectl edit ds/fluentd-elasticsearch -n kube-system",
    );
    assert!(edit
        .edit
        .as_deref()
        .unwrap()
        .starts_with("apiVersion: apps/v1\nkind: DaemonSet\n"));
    assert!(k(&mut sim, "clear").clear);

    // Every change went through the simulation's inputs: a replay gives the same cluster.
    let replayed = Simulation::replay(sim.seed(), sim.inputs().iter().map(|(_, i)| i));
    assert_eq!(replayed.object_list(), sim.object_list());
}

/// `explain` prints what `field_docs::explain` prints, once the descriptions are loaded.
#[test]
fn explain_reads_the_field_descriptions() {
    use dsplay_core::field_docs::{explain, ExplainOptions, FieldDocs};
    use dsplay_core::kubectl::{run_in, Context};
    let mut sim = cluster();
    let text = std::fs::read_to_string(Path::new(DIR).join("../../web/field-docs.json")).unwrap();
    let docs = FieldDocs::parse(&text).unwrap();
    let cx = Context {
        field_docs: Some(&docs),
        ..Context::default()
    };
    let out = run_in(&mut sim, "kubectl explain ds.spec.updateStrategy", &cx);
    assert_eq!(out.exit_code, 0, "{}", out.text());
    let expected = explain(&docs, "ds.spec.updateStrategy", ExplainOptions::default()).unwrap();
    assert_eq!(out.stdout(), expected);
    assert!(expected.contains("updateStrategy"));
    let rec = run_in(
        &mut sim,
        "kubectl explain pods.spec.tolerations --recursive",
        &cx,
    );
    assert_eq!(
        rec.stdout(),
        explain(
            &docs,
            "pods.spec.tolerations",
            ExplainOptions {
                recursive: true,
                max_depth: 0
            }
        )
        .unwrap()
    );
    let bad = run_in(&mut sim, "kubectl explain dae.spec", &cx);
    assert_eq!(bad.exit_code, 1);
    assert_eq!(
        bad.stderr(),
        "error: the server doesn't have a resource type \"dae\"\n"
    );
    let unloaded = k(&mut sim, "kubectl explain ds");
    assert_eq!(unloaded.exit_code, 1);
    assert!(unloaded.stderr().contains("not loaded"));
}

/// The first `metadata.name` of a manifest.
fn first_name(text: &str) -> String {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("name: "))
        .unwrap()
        .trim()
        .to_string()
}

/// Nothing typed makes the console panic: every prefix of every command above, and bytes
/// that are not commands.
#[test]
fn no_line_panics() {
    let mut sim = cluster();
    let lines = [
        "kubectl get pods -o wide --sort-by={.status.podIP} -A --show-labels",
        "kubectl describe node worker-1 worker-2",
        "kubectl taint nodes --all a=b:NoSchedule",
        "kubectl label ds monitoring-agent x=y --overwrite",
        "kubectl drain control-plane --ignore-daemonsets --force",
        "kubectl rollout history ds/log-collector --revision=7",
        "kubectl set image ds/log-collector '*=x:1'",
        "kubectl get \"unterminated",
        "kubectl -- get pods",
        "kubectl get ds/ pods",
        "\u{0}\u{202e}kubectl get pods",
    ];
    for line in lines {
        for end in 0..=line.len() {
            if let Some(prefix) = line.get(..end) {
                let _ = k(&mut sim, prefix);
            }
        }
    }
}

/// `-w`'s query prints what `get` prints; it answers only `get`.
#[test]
fn query_is_get_without_changes() {
    let mut sim = cluster();
    let line = "kubectl get pods -o wide -A";
    let Ok(Some(command)) = dsplay_core::kubectl::parse_line(line) else {
        panic!("{line} parses")
    };
    // It borrows the cluster without changing it (`&Simulation`).
    let queried = dsplay_core::kubectl::query(&sim, &command).unwrap();
    assert_eq!(queried, k(&mut sim, line));
    assert!(queried.stdout().contains("monitoring-agent-"));
    let Ok(Some(taint)) = dsplay_core::kubectl::parse_line("taint nodes worker-1 a=b:NoSchedule")
    else {
        panic!("taint parses")
    };
    assert_eq!(dsplay_core::kubectl::query(&sim, &taint), None);
}

/// A reader that keeps only the last lines of an answer (the page's console,
/// `Context::keep_lines`) gets exactly the whole answer's last lines: `-o yaml` and
/// `-o json` Lists printed from their last object backwards, everything else cut after it
/// is printed, saying that lines were left out (`Outcome::cut`) exactly when some were; a
/// watch whole (it compares rows).
#[test]
fn keep_lines_prints_the_whole_answers_last_lines() {
    use dsplay_core::kubectl::{run_in, Context};
    let mut sim = cluster();
    let files = files();
    for line in [
        "get pods -o yaml",
        "get pods -A -o json",
        "get nodes,ds -o yaml",
        "get all -A -o json",
        "get pods -o wide",
        "describe ds monitoring-agent",
        "get pods nope -o yaml",
        "get pods -l app=nothing -o yaml",
    ] {
        let whole = k(&mut sim, line);
        let lines = whole.text().lines().count();
        for keep in [0, 1, 7, 40, 333, lines.saturating_sub(1), lines, lines + 1] {
            let cx = Context {
                files: Some(&files),
                keep_lines: Some(keep),
                ..Context::default()
            };
            let kept = run_in(&mut sim, line, &cx);
            assert_eq!(kept.exit_code, whole.exit_code, "{line}");
            let tail = |o: &Outcome| -> String {
                let text = o.text();
                let n = text.lines().count();
                text.split_inclusive('\n')
                    .skip(n.saturating_sub(keep))
                    .collect()
            };
            assert_eq!(tail(&kept), tail(&whole), "{line}, keep {keep}");
            let is_list = line.contains(" -o ") && !line.contains("wide");
            assert!(!whole.cut, "{line}");
            if is_list {
                let cut = keep < whole.stdout().lines().count();
                assert_eq!(kept.cut, cut, "{line}, keep {keep}");
                if cut {
                    // Only the kept lines were written.
                    assert_eq!(kept.stdout().lines().count(), keep, "{line}, keep {keep}");
                } else {
                    assert_eq!(kept, whole, "{line}, keep {keep}");
                }
                continue;
            }
            // Each chunk cut to its last lines (the console's lines: a last break ends the
            // last one), at least one.
            let lines = |t: &str| t.strip_suffix('\n').unwrap_or(t).split('\n').count();
            let at_most = keep.max(1);
            assert_eq!(kept.chunks.len(), whole.chunks.len(), "{line}");
            let mut cut = false;
            for ((ks, k), (ws, w)) in kept.chunks.iter().zip(&whole.chunks) {
                assert_eq!(ks, ws, "{line}");
                assert!(w.ends_with(k.as_str()), "{line}, keep {keep}");
                assert_eq!(lines(k), lines(w).min(at_most), "{line}, keep {keep}");
                cut |= lines(w) > at_most;
            }
            assert_eq!(kept.cut, cut, "{line}, keep {keep}");
            assert_eq!(
                (kept.exit_code, &kept.inputs),
                (whole.exit_code, &whole.inputs),
                "{line}"
            );
        }
    }
    // A watch prints whole: its rows are what the next look compares.
    let watched = run_in(
        &mut sim,
        "get pods -o yaml -w",
        &Context {
            keep_lines: Some(3),
            ..Context::default()
        },
    );
    assert_eq!(watched, k(&mut sim, "get pods -o yaml -w"));
    assert!(watched.stdout().lines().count() > 3);
}

/// The console's folder holds every manifest of the built-in scenarios under the name
/// `Scenario::manifest_files` gives it, and each applies as its step does.
#[test]
fn scenario_manifests_apply_from_the_folder() {
    let dir = Path::new(DIR).join("../../web/scenarios");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let scenario = dsplay_core::scenario::Scenario::parse(&file, &text, &mut |n: &str| {
            Err(format!("no file {n}"))
        })
        .unwrap();
        let stem = file.trim_end_matches(".yaml");
        let manifests = scenario.manifest_files();
        assert!(!manifests.is_empty(), "{file}");
        let folder: Files = manifests.into_iter().collect();
        for (name, text) in &folder {
            assert!(name.starts_with(&format!("{stem}-")), "{name}");
            let mut sim = Simulation::with_default_cluster(1);
            let applied = run(&mut sim, &format!("kubectl apply -f {name}"), &folder);
            assert_eq!(applied.exit_code, 0, "{name}: {}", applied.text());
            assert_eq!(
                run(&mut sim, &format!("cat {name}"), &folder).stdout(),
                *text
            );
            names.push(name.clone());
        }
    }
    assert!(
        names.contains(&"05-rolling-update-steps-1.yaml".to_string()),
        "{names:?}"
    );
}

/// `cat` of a file without a last line break prints it with one, in one chunk per file: a
/// reader splitting chunks into lines (the page's console) shows no empty line after it.
#[test]
fn cat_ends_a_file_without_a_last_line_break_in_the_same_chunk() {
    let mut sim = Simulation::with_default_cluster(1);
    let folder: Files = [
        ("a.yaml".to_string(), "x: 1".to_string()),
        ("b.yaml".to_string(), "y: 2\n".to_string()),
    ]
    .into_iter()
    .collect();
    let o = run(&mut sim, "cat a.yaml b.yaml", &folder);
    assert_eq!(o.exit_code, 0);
    let outs: Vec<&str> = o.chunks.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(outs, ["x: 1\n", "y: 2\n"]);
    assert_eq!(o.stdout(), "x: 1\ny: 2\n");
}

/// `Command::reads_files` is what the page's console builds its folder for: every other
/// command answers the same, and changes the cluster the same, with no folder at all.
#[test]
fn only_the_commands_that_read_files_need_the_folder() {
    use dsplay_core::kubectl::parse_line;
    let lines = [
        ("get pods -o wide", false),
        ("get ds -o yaml", false),
        ("describe node worker-1", false),
        ("taint nodes worker-1 a=b:NoSchedule", false),
        ("rollout history ds/monitoring-agent", false),
        ("edit ds/monitoring-agent", false),
        ("version", false),
        ("apply -f rolling-update-v2.yaml", true),
        ("create -f log-collector.yaml", true),
        ("delete -f log-collector.yaml", true),
        ("ls", true),
        ("cat monitoring-agent.yaml", true),
    ];
    let (mut with, mut without) = (cluster(), cluster());
    for (line, reads) in lines {
        let command = parse_line(line).unwrap().unwrap();
        assert_eq!(command.reads_files(), reads, "{line}");
        let a = run(&mut with, line, &files());
        let b = run(&mut without, line, &Files::new());
        if reads {
            assert_ne!(a, b, "{line}: the folder makes no difference");
            // Keep the two clusters alike for the lines after.
            without = with.clone();
        } else {
            assert_eq!(a, b, "{line}");
            let all = "get all -A -o json";
            assert_eq!(k(&mut with, all), k(&mut without, all), "{line}");
        }
    }
}
