//! `kubectl explain` and the editor's field docs over the committed data file
//! (`web/field-docs.json`).
//!
//! The goldens below are what kubectl's OpenAPI v3 template (`pkg/explain/v2/templates/
//! plaintext.tmpl`) prints for the same schemas, worked out by hand from the template and the
//! data: the header, `FIELD:` with two blank lines (the template's `{{"\n"}}` after the enum
//! and its `{{- "\n" -}}`), the field's description then its type's (`description` walks
//! `allOf`) wrapped at 76 columns by go-wordwrap and indented 4, the `    ` line the indented
//! trailing newline leaves, `FIELDS:` with a tab between name and `<type>`, and the final
//! newline. The `widget_*` tests are kubectl's own `plaintext_test.go` cases
//! (`MaxDepth…`): the same nested schema, the outputs kubectl's test expects.

#![allow(clippy::expect_used)]

use dsplay_core::field_docs::{caret, explain, ExplainOptions, FieldDocs};

fn docs() -> FieldDocs {
    let text = include_str!("../../../web/field-docs.json");
    FieldDocs::parse(text).expect("the data file parses")
}

fn run(target: &str) -> Result<String, String> {
    explain(&docs(), target, ExplainOptions::default())
}

fn recursive(target: &str) -> Result<String, String> {
    explain(
        &docs(),
        target,
        ExplainOptions {
            recursive: true,
            max_depth: 0,
        },
    )
}

/// What both update-strategy goldens start with: the header, FIELD and DESCRIPTION.
macro_rules! update_strategy_head {
    () => {
        "GROUP:      apps
KIND:       DaemonSet
VERSION:    v1

FIELD: updateStrategy <DaemonSetUpdateStrategy>


DESCRIPTION:
    An update strategy to replace existing DaemonSet pods with new pods.
    DaemonSetUpdateStrategy is a struct used to control the update strategy for
    a DaemonSet.
    
FIELDS:
"
    };
}

/// `kubectl explain daemonset.spec.updateStrategy`.
const UPDATE_STRATEGY: &str = concat!(
    update_strategy_head!(),
    "  rollingUpdate\t<RollingUpdateDaemonSet>
    Rolling update config params. Present only if type = \"RollingUpdate\".

  type\t<string>
  enum: OnDelete, RollingUpdate
    Type of daemon set update. Can be \"RollingUpdate\" or \"OnDelete\". Default is
    RollingUpdate.
    
    Possible enum values:
     - `\"OnDelete\"` Replace the old daemons only when it's killed
     - `\"RollingUpdate\"` Replace the old daemons by new ones using rolling
    update i.e replace them on each node one after the other.


"
);

/// `kubectl explain ds.spec.updateStrategy --recursive`.
const UPDATE_STRATEGY_RECURSIVE: &str = concat!(
    update_strategy_head!(),
    "  rollingUpdate\t<RollingUpdateDaemonSet>
    maxSurge\t<IntOrString>
    maxUnavailable\t<IntOrString>
  type\t<string>
  enum: OnDelete, RollingUpdate

"
);

/// `kubectl explain pods.spec.nodeName`: a scalar field, no FIELDS.
const NODE_NAME: &str = "KIND:       Pod
VERSION:    v1

FIELD: nodeName <string>


DESCRIPTION:
    NodeName indicates in which node this pod is scheduled. If empty, this pod
    is a candidate for scheduling by the scheduler defined in schedulerName.
    Once this field is set, the kubelet for this node becomes responsible for
    the lifecycle of this pod. This field should not be used to express a desire
    for the pod to be scheduled on a specific node.
    https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename
    

";

#[test]
fn goldens() {
    assert_eq!(
        run("daemonset.spec.updateStrategy").as_deref(),
        Ok(UPDATE_STRATEGY)
    );
    // The same field through every name kubectl resolves to DaemonSets.
    for name in ["ds", "daemonsets", "DaemonSet", "daemonsets.apps"] {
        assert_eq!(
            run(&format!("{name}.spec.updateStrategy")).as_deref(),
            Ok(UPDATE_STRATEGY),
            "{name}"
        );
    }
    assert_eq!(
        recursive("ds.spec.updateStrategy").as_deref(),
        Ok(UPDATE_STRATEGY_RECURSIVE)
    );
    assert_eq!(run("po.spec.nodeName").as_deref(), Ok(NODE_NAME));
}

#[test]
fn top_level_and_lists() {
    let ds = run("ds").expect("explains");
    assert!(ds.starts_with("GROUP:      apps\nKIND:       DaemonSet\nVERSION:    v1\n\nDESCRIPTION:\n    DaemonSet represents the configuration of a daemon set.\n    \nFIELDS:\n  apiVersion\t<string>\n"), "{ds}");
    assert!(
        ds.contains(
            "\n  spec\t<DaemonSetSpec> -required-\n    The desired behavior of this daemon set."
        ),
        "{ds}"
    );
    let node = run("nodes").expect("explains");
    assert!(
        node.starts_with("KIND:       Node\nVERSION:    v1\n\n"),
        "{node}"
    );
    // Through an array: the items' type, its description after the field's.
    let c = run("pods.spec.containers").expect("explains");
    assert!(
        c.contains("FIELD: containers <[]Container>\n\n\nDESCRIPTION:\n"),
        "{c}"
    );
    assert!(
        c.contains("\n    A single application container that you want to run within a pod.\n"),
        "{c}"
    );
    assert!(c.contains("\n  name\t<string> -required-\n"), "{c}");
    // A map's type; an enum in the short view (at most 4 values, on its own line).
    let spec = run("po.spec").expect("explains");
    assert!(
        spec.contains("\n  nodeSelector\t<map[string]string>\n"),
        "{spec}"
    );
    assert!(spec.contains("\n  dnsPolicy\t<string>\n  enum: ClusterFirst, ClusterFirstWithHostNet, Default, None\n"), "{spec}");
    // The long view lists every value.
    let pull = run("pods.spec.containers.imagePullPolicy").expect("explains");
    assert!(pull.contains("FIELD: imagePullPolicy <string>\nENUM:\n    Always\n    IfNotPresent\n    Never\n\nDESCRIPTION:\n"), "{pull}");
    // Quantity and IntOrString keep their names (their schemas have no type).
    assert!(run("po.spec.containers.resources")
        .expect("explains")
        .contains("\n  limits\t<map[string]Quantity>\n"));
    assert!(run("ds.spec.updateStrategy.rollingUpdate.maxSurge")
        .expect("explains")
        .contains("FIELD: maxSurge <IntOrString>\n"));
    // Time is a string.
    assert!(run("ds.metadata")
        .expect("explains")
        .contains("\n  creationTimestamp\t<string>\n"));
    // --recursive over the whole pod spec terminates and nests by two spaces.
    let all = recursive("pods.spec").expect("explains");
    assert!(
        all.contains("\n  containers\t<[]Container> -required-\n    args\t<[]string>\n"),
        "{all}"
    );
    assert!(all.contains("\n    nodeAffinity\t<NodeAffinity>\n      preferredDuringSchedulingIgnoredDuringExecution\t<[]PreferredSchedulingTerm>\n        preference\t<NodeSelectorTerm> -required-\n          matchExpressions\t<[]NodeSelectorRequirement>\n"), "{all}");
    let shallow = explain(
        &docs(),
        "pods.spec",
        ExplainOptions {
            recursive: true,
            max_depth: 1,
        },
    )
    .expect("explains");
    assert!(
        shallow.contains("\n  containers\t<[]Container> -required-\n  dnsConfig\t<PodDNSConfig>\n"),
        "{shallow}"
    );
}

#[test]
fn kubectl_errors() {
    assert_eq!(
        run("ds.spec.foo"),
        Err("error: field \"foo\" does not exist".to_string())
    );
    // kubectl names the path's last field, wherever the path stopped matching.
    assert_eq!(
        run("ds.spec.foo.bar"),
        Err("error: field \"bar\" does not exist".to_string())
    );
    assert_eq!(
        run("dae"),
        Err("error: the server doesn't have a resource type \"dae\"".to_string())
    );
    assert_eq!(
        run("ds.spec.template.spec.containers[0]"),
        Err("error: invalid jsonpath syntax, first node must be field node".to_string())
    );
    // Field names are case-sensitive; resource names are not.
    assert!(run("ds.Spec").is_err());
    assert!(run("DS.spec").is_ok());
    // A trailing dot is dropped, as kubectl does.
    assert_eq!(
        run("ds.spec.updateStrategy."),
        run("ds.spec.updateStrategy")
    );
}

/// kubectl's `plaintext_test.go` schema: a Widget with nested objects and no descriptions.
fn widget() -> FieldDocs {
    FieldDocs::parse(
        r#"{"kinds":[{"group":"example.com","version":"v1","kind":"Widget","schema":"com.example.v1.Widget"}],
            "schemas":{"com.example.v1.Widget":{"type":"object","properties":{
              "name":{"type":"string"},
              "meta":{"type":"object","properties":{"id":{"type":"string"},
                "tags":{"type":"object","properties":{"key":{"type":"string"}}}}}}}}}"#,
    )
    .expect("parses")
}

const WIDGET_HEAD: &str =
    "GROUP:      example.com\nKIND:       Widget\nVERSION:    v1\n\nDESCRIPTION:\n    <empty>\nFIELDS:\n";

#[test]
fn widget_max_depth_as_kubectl_tests_it() {
    // `explain` resolves only the playground's resources: call the renderer through a
    // resource it knows, with the widget docs standing in for the kind.
    let mut docs = widget();
    docs.kinds[0].kind = "Pod".to_string();
    docs.kinds[0].group = "example.com".to_string();
    let with = |recursive, max_depth| {
        explain(
            &docs,
            "pods",
            ExplainOptions {
                recursive,
                max_depth,
            },
        )
    };
    let deep = format!("{WIDGET_HEAD}  meta\t<Object>\n    id\t<string>\n    tags\t<Object>\n      key\t<string>\n  name\t<string>\n\n")
        .replace("KIND:       Widget", "KIND:       Pod");
    assert_eq!(with(true, 0), Ok(deep.clone()), "MaxDepthZeroIsUnlimited");
    assert_eq!(
        with(true, 100),
        Ok(deep),
        "MaxDepthLargerThanSchemaEqualsUnlimited"
    );
    let one = format!("{WIDGET_HEAD}  meta\t<Object>\n  name\t<string>\n\n")
        .replace("KIND:       Widget", "KIND:       Pod");
    assert_eq!(with(true, 1), Ok(one), "MaxDepthOneStopsAtTopLevelFields");
    let two = format!(
        "{WIDGET_HEAD}  meta\t<Object>\n    id\t<string>\n    tags\t<Object>\n  name\t<string>\n\n"
    )
    .replace("KIND:       Widget", "KIND:       Pod");
    assert_eq!(with(true, 2), Ok(two), "MaxDepthTwoExpandsOneLevelDeeper");
    let flat = format!("{WIDGET_HEAD}  meta\t<Object>\n    <no description>\n\n  name\t<string>\n    <no description>\n\n\n")
        .replace("KIND:       Widget", "KIND:       Pod");
    assert_eq!(
        with(false, 5),
        Ok(flat),
        "MaxDepthIgnoredWhenRecursiveFalse"
    );
}

#[test]
fn editor_hover_and_completion() {
    let docs = docs();
    let text = "apiVersion: apps/v1\nkind: DaemonSet\nspec:\n  updateStrategy:\n    type: OnDelete\n  template:\n    spec:\n      containers:\n      - name: a\n        imagePu\n";
    let at = |needle: &str, d: usize| {
        caret::at(text, text.find(needle).expect("needle") + d).expect("caret")
    };
    let c = at("type: On", 2);
    let kind = c.kind.clone().expect("kind");
    let help = docs
        .field(&kind, &c.path().expect("path"))
        .expect("known field");
    assert_eq!(help.type_name, "string");
    assert!(
        help.description.starts_with("Type of daemon set update."),
        "{help:?}"
    );
    let c = at("updateStrategy", 3);
    let help = docs
        .field(&kind, &c.path().expect("path"))
        .expect("known field");
    assert_eq!(help.type_name, "DaemonSetUpdateStrategy");
    assert_eq!(
        help.description,
        "An update strategy to replace existing DaemonSet pods with new pods.\nDaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet."
    );
    // Completion where `imagePu` is being typed: the container's fields that start with it.
    let c = at("imagePu", 7);
    let (typed, _) = c.typing.clone().expect("typing");
    let names: Vec<String> = docs
        .fields(&kind, &c.parent)
        .into_iter()
        .filter(|f| f.name.starts_with(&typed))
        .map(|f| f.name)
        .collect();
    assert_eq!(names, vec!["imagePullPolicy".to_string()]);
    let all: Vec<String> = docs
        .fields(&kind, &c.parent)
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert!(all.contains(&"name".to_string()) && all.contains(&"resources".to_string()));
    assert!(docs
        .fields(&kind, &["spec".into(), "nope".into()])
        .is_empty());
    // A name is required in a container.
    let name = docs
        .field(
            &kind,
            &[
                "spec".into(),
                "template".into(),
                "spec".into(),
                "containers".into(),
                "name".into(),
            ],
        )
        .expect("known");
    assert!(name.required);
    assert!(docs.field("Unknown", &["spec".into()]).is_none());
}

#[test]
fn bad_data_is_an_error_not_a_panic() {
    assert!(FieldDocs::parse("").is_err());
    assert!(FieldDocs::parse("{}").is_err());
    assert!(FieldDocs::parse("[1]").is_err());
}

/// Every field whose values the API lists (kubectl explain's `ENUM:`) has them, with the
/// "Possible enum values" paragraph naming each, and no other field has any: the table is
/// the Kubernetes v1.37 API's enum fields among the schemas the docs hold
/// (`scripts/field-docs.py`, docs/field-docs.md).
#[test]
fn every_enum_field_lists_its_values() {
    // `stopSignal`: the Linux signal names of kubelet's `Signal` type.
    const SIGNALS: &[&str] = &["SIGNALS"];
    let expected: &[(&str, &str, &[&str])] = &[
        (
            "apps.v1.DaemonSetUpdateStrategy",
            "type",
            &["OnDelete", "RollingUpdate"],
        ),
        (
            "core.v1.AppArmorProfile",
            "type",
            &["Localhost", "RuntimeDefault", "Unconfined"],
        ),
        (
            "core.v1.AzureDiskVolumeSource",
            "cachingMode",
            &["None", "ReadOnly", "ReadWrite"],
        ),
        (
            "core.v1.AzureDiskVolumeSource",
            "kind",
            &["Dedicated", "Managed", "Shared"],
        ),
        (
            "core.v1.Container",
            "imagePullPolicy",
            &["Always", "IfNotPresent", "Never"],
        ),
        (
            "core.v1.Container",
            "terminationMessagePolicy",
            &["FallbackToLogsOnError", "File"],
        ),
        ("core.v1.ContainerPort", "protocol", &["SCTP", "TCP", "UDP"]),
        ("core.v1.ContainerStatus", "stopSignal", SIGNALS),
        (
            "core.v1.EphemeralContainer",
            "imagePullPolicy",
            &["Always", "IfNotPresent", "Never"],
        ),
        (
            "core.v1.EphemeralContainer",
            "terminationMessagePolicy",
            &["FallbackToLogsOnError", "File"],
        ),
        ("core.v1.GRPCAction", "mode", &["Plaintext", "TLS"]),
        ("core.v1.HTTPGetAction", "protocol", &["HTTP1", "HTTP2"]),
        ("core.v1.HTTPGetAction", "scheme", &["HTTP", "HTTPS"]),
        (
            "core.v1.HostPathVolumeSource",
            "type",
            &[
                "",
                "BlockDevice",
                "CharDevice",
                "Directory",
                "DirectoryOrCreate",
                "File",
                "FileOrCreate",
                "Socket",
            ],
        ),
        (
            "core.v1.ImageVolumeSource",
            "pullPolicy",
            &["Always", "IfNotPresent", "Never"],
        ),
        ("core.v1.Lifecycle", "stopSignal", SIGNALS),
        (
            "core.v1.NodeSelectorRequirement",
            "operator",
            &["DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn"],
        ),
        (
            "core.v1.NodeStatus",
            "phase",
            &["Pending", "Running", "Terminated"],
        ),
        (
            "core.v1.PersistentVolumeClaimSpec",
            "accessModes[]",
            &[
                "ReadOnlyMany",
                "ReadWriteMany",
                "ReadWriteOnce",
                "ReadWriteOncePod",
            ],
        ),
        (
            "core.v1.PersistentVolumeClaimSpec",
            "volumeMode",
            &["Block", "Filesystem"],
        ),
        (
            "core.v1.PodSecurityContext",
            "fsGroupChangePolicy",
            &["Always", "OnRootMismatch"],
        ),
        (
            "core.v1.PodSecurityContext",
            "supplementalGroupsPolicy",
            &["Merge", "Strict"],
        ),
        (
            "core.v1.PodSpec",
            "dnsPolicy",
            &["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"],
        ),
        (
            "core.v1.PodSpec",
            "preemptionPolicy",
            &["Never", "PreemptLowerPriority"],
        ),
        (
            "core.v1.PodSpec",
            "restartPolicy",
            &["Always", "Never", "OnFailure"],
        ),
        (
            "core.v1.PodStatus",
            "phase",
            &["Failed", "Pending", "Running", "Succeeded", "Unknown"],
        ),
        (
            "core.v1.PodStatus",
            "qosClass",
            &["BestEffort", "Burstable", "Guaranteed"],
        ),
        (
            "core.v1.SeccompProfile",
            "type",
            &["Localhost", "RuntimeDefault", "Unconfined"],
        ),
        (
            "core.v1.SecurityContext",
            "procMount",
            &["Default", "Unmasked"],
        ),
        (
            "core.v1.Taint",
            "effect",
            &["NoExecute", "NoSchedule", "PreferNoSchedule"],
        ),
        (
            "core.v1.Toleration",
            "effect",
            &["NoExecute", "NoSchedule", "PreferNoSchedule"],
        ),
        (
            "core.v1.Toleration",
            "operator",
            &["Equal", "Exists", "Gt", "Lt"],
        ),
        (
            "core.v1.TopologySpreadConstraint",
            "nodeAffinityPolicy",
            &["Honor", "Ignore"],
        ),
        (
            "core.v1.TopologySpreadConstraint",
            "nodeTaintsPolicy",
            &["Honor", "Ignore"],
        ),
        (
            "core.v1.TopologySpreadConstraint",
            "whenUnsatisfiable",
            &["DoNotSchedule", "ScheduleAnyway"],
        ),
        (
            "core.v1.VolumeHealthCondition",
            "status",
            &["DataLoss", "Degraded", "Inaccessible"],
        ),
        (
            "core.v1.VolumeMount",
            "mountPropagation",
            &["Bidirectional", "HostToContainer", "None"],
        ),
    ];
    let docs = docs();
    let mut found = Vec::new();
    for (name, schema) in &docs.schemas {
        for (prop, s) in &schema.properties {
            for (field, s) in [
                (prop.clone(), Some(s)),
                (format!("{prop}[]"), s.items.as_deref()),
            ] {
                if let Some(s) = s.filter(|s| !s.values.is_empty()) {
                    let short = name.strip_prefix("io.k8s.api.").unwrap_or(name);
                    found.push((short.to_string(), field, s));
                }
            }
        }
    }
    let fields: Vec<(&str, &str)> = found
        .iter()
        .map(|(n, f, _)| (n.as_str(), f.as_str()))
        .collect();
    let want: Vec<(&str, &str)> = expected.iter().map(|(n, f, _)| (*n, *f)).collect();
    assert_eq!(fields, want);
    for ((name, field, s), (_, _, values)) in found.iter().zip(expected) {
        let got: Vec<&str> = s.values.iter().map(String::as_str).collect();
        if *values == SIGNALS {
            assert_eq!(got.len(), 65, "{name}.{field}");
            for sig in ["SIGTERM", "SIGKILL", "SIGRTMIN+15", "SIGRTMAX-14"] {
                assert!(got.contains(&sig), "{name}.{field}: {sig}");
            }
        } else {
            assert_eq!(got, *values, "{name}.{field}");
        }
        let description = s.description.as_deref().unwrap_or_default();
        let (_, paragraph) = description
            .rsplit_once("Possible enum values:\n")
            .unwrap_or_else(|| panic!("{name}.{field}: no enum paragraph: {description}"));
        let listed: Vec<String> = paragraph
            .lines()
            .filter_map(|l| l.strip_prefix(" - `"))
            .filter_map(|l| l.split_once('`'))
            .map(|(v, _)| v.trim_matches('"').to_string())
            .collect();
        assert_eq!(listed, got, "{name}.{field}");
    }
    // kubectl explain prints them, in the long view and in the parent's.
    let strategy = run("ds.spec.updateStrategy.type").expect("explains");
    assert!(
        strategy.contains("FIELD: type <string>\nENUM:\n    OnDelete\n    RollingUpdate\n"),
        "{strategy}"
    );
    let spec = run("po.spec").expect("explains");
    assert!(
        spec.contains("\n  restartPolicy\t<string>\n  enum: Always, Never, OnFailure\n"),
        "{spec}"
    );
    let toleration = run("po.spec.tolerations").expect("explains");
    assert!(
        toleration.contains("\n  operator\t<string>\n  enum: Equal, Exists, Gt, Lt\n"),
        "{toleration}"
    );
}
