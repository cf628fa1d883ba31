#![allow(clippy::panic)]
//! API-server validation of DaemonSets, table-driven. Rows mirror the error cases of
//! `TestValidateDaemonSet` / `TestValidateDaemonSetUpdate` (pkg/apis/apps/validation/validation_test.go)
//! and the pod-spec rules of `TestValidatePodSpec`, `TestValidateTolerations`,
//! `TestValidateNodeSelectorRequirement` (pkg/apis/core/validation/validation_test.go).

use dsplay_core::load::{load, validate_daemon_set_update, ApiObject};

/// A valid DaemonSet; each row replaces one `{{...}}` marker to break it.
const BASE: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: agent:1
";

/// `(row name, replace this, with this, expected message substrings (all must appear), line)`
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    u32,
);

const ROWS: &[Row] = &[
    ("name uppercase", "name: agent\nspec", "name: Agent\nspec",
        &["metadata.name: Invalid value: \"Agent\": a lowercase RFC 1123 subdomain must consist of"], 4),
    ("selector does not match", "labels: {app: agent}", "labels: {app: other}",
        &["spec.template.metadata.labels: Invalid value: {\"app\":\"other\"}: `selector` does not match template `labels`"], 10),
    ("empty selector", "    matchLabels: {app: agent}\n", "    matchLabels: {}\n",
        &["spec.selector: Invalid value: {\"matchLabels\":{}}: empty selector is invalid for daemonset"], 6),
    ("nil selector", "  selector:\n    matchLabels: {app: agent}\n", "",
        &["spec.template.metadata.labels: Invalid value: {\"app\":\"agent\"}: `selector` does not match template `labels`"], 8),
    ("bad selector operator", "    matchLabels: {app: agent}\n", "    matchExpressions: [{key: app, operator: Foo}]\n",
        &["spec.selector.matchExpressions[0].operator: Invalid value: \"Foo\": not a valid selector operator"], 7),
    ("selector In without values", "    matchLabels: {app: agent}\n", "    matchExpressions: [{key: app, operator: In}]\n",
        &["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"], 7),
    ("bad label key", "labels: {app: agent}", "labels: {app: agent, \"a/b/c\": x}",
        &["spec.template.metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of"], 10),
    ("bad label value", "labels: {app: agent}", "labels: {app: agent, x: \"-bad\"}",
        &["spec.template.metadata.labels: Invalid value: \"-bad\": a valid label must be an empty string"], 10),
    ("no containers", "      containers:\n      - name: agent\n        image: agent:1\n", "      containers: []\n",
        &["spec.template.spec.containers: Required value"], 12),
    ("container without image", "        image: agent:1\n", "",
        &["spec.template.spec.containers[0].image: Required value"], 13),
    ("container without name", "      - name: agent\n        image: agent:1\n", "      - image: agent:1\n",
        &["spec.template.spec.containers[0].name: Required value"], 13),
    ("container name not a DNS label", "- name: agent", "- name: Agent_1",
        &["spec.template.spec.containers[0].name: Invalid value: \"Agent_1\": a lowercase RFC 1123 label must consist of"], 13),
    ("duplicate container names", "        image: agent:1\n", "        image: agent:1\n      - name: agent\n        image: agent:2\n",
        &["spec.template.spec.containers[1].name: Duplicate value: \"agent\""], 15),
    ("restartPolicy Never", "      containers:\n", "      restartPolicy: Never\n      containers:\n",
        &["spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""], 12),
    ("activeDeadlineSeconds", "      containers:\n", "      activeDeadlineSeconds: 10\n      containers:\n",
        &["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported"], 12),
    ("negative minReadySeconds", "spec:\n  selector", "spec:\n  minReadySeconds: -1\n  selector",
        &["spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0"], 6),
    ("negative revisionHistoryLimit", "spec:\n  selector", "spec:\n  revisionHistoryLimit: -1\n  selector",
        &["spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0"], 6),
    ("unsupported update strategy", "spec:\n  selector", "spec:\n  updateStrategy: {type: Recreate}\n  selector",
        &["spec.updateStrategy: Unsupported value: {\"type\":\"Recreate\"}: supported values: \"RollingUpdate\", \"OnDelete\""], 6),
    ("maxSurge alone (maxUnavailable defaults to 1)", "spec:\n  selector", "spec:\n  updateStrategy:\n    rollingUpdate: {maxSurge: 1}\n  selector",
        &["spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero"], 7),
    ("both zero", "spec:\n  selector", "spec:\n  updateStrategy:\n    rollingUpdate: {maxUnavailable: 0, maxSurge: \"0%\"}\n  selector",
        &["spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"], 7),
    ("percent over 100", "spec:\n  selector", "spec:\n  updateStrategy:\n    rollingUpdate: {maxUnavailable: 101%}\n  selector",
        &["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"101%\": must not be greater than 100%"], 7),
    ("bad percent", "spec:\n  selector", "spec:\n  updateStrategy:\n    rollingUpdate: {maxUnavailable: \"1x\"}\n  selector",
        &["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"1x\": a valid percent string must be a numeric string followed by an ending '%'"], 7),
    ("negative maxUnavailable", "spec:\n  selector", "spec:\n  updateStrategy:\n    rollingUpdate: {maxUnavailable: -1, maxSurge: 1}\n  selector",
        &["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0"], 7),
    ("toleration empty key needs Exists", "      containers:\n", "      tolerations: [{operator: Equal, value: x}]\n      containers:\n",
        &["spec.template.spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty"], 12),
    ("toleration Exists with value", "      containers:\n", "      tolerations: [{key: k, operator: Exists, value: x}]\n      containers:\n",
        &["spec.template.spec.tolerations[0].operator: Invalid value: ", "value must be empty when `operator` is 'Exists'"], 12),
    ("tolerationSeconds needs NoExecute", "      containers:\n", "      tolerations: [{key: k, operator: Exists, effect: NoSchedule, tolerationSeconds: 5}]\n      containers:\n",
        &["spec.template.spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"], 12),
    ("toleration bad effect", "      containers:\n", "      tolerations: [{key: k, operator: Exists, effect: Sometimes}]\n      containers:\n",
        &["spec.template.spec.tolerations[0].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""], 12),
    ("toleration bad operator", "      containers:\n", "      tolerations: [{key: k, operator: Maybe}]\n      containers:\n",
        &["spec.template.spec.tolerations[0].operator: Unsupported value: \"Maybe\": supported values: \"Equal\", \"Exists\""], 12),
    ("node affinity In without values", "      containers:\n",
        "      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions: [{key: k, operator: In}]\n      containers:\n",
        &["spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"], 16),
    ("node affinity Gt two values", "      containers:\n",
        "      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions: [{key: k, operator: Gt, values: [\"1\", \"2\"]}]\n      containers:\n",
        &["matchExpressions[0].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'"], 16),
    ("node affinity Exists with values", "      containers:\n",
        "      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions: [{key: k, operator: Exists, values: [a]}]\n      containers:\n",
        &["matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"], 16),
    ("node affinity bad operator", "      containers:\n",
        "      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions: [{key: k, operator: Foo}]\n      containers:\n",
        &["matchExpressions[0].operator: Invalid value: \"Foo\": not a valid selector operator"], 16),
    ("matchFields bad key", "      containers:\n",
        "      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchFields: [{key: spec.nodeName, operator: In, values: [a]}]\n      containers:\n",
        &["matchFields[0].key: Invalid value: \"spec.nodeName\": not a valid field selector key"], 16),
    ("matchFields two values", "      containers:\n",
        "      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchFields: [{key: metadata.name, operator: In, values: [a, b]}]\n      containers:\n",
        &["matchFields[0].values: Required value: must be only one value when `operator` is 'In' or 'NotIn' for node field selector"], 16),
    ("no node selector terms", "      containers:\n",
        "      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms: []\n      containers:\n",
        &["requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term"], 15),
    ("preferred weight", "      containers:\n",
        "      affinity:\n        nodeAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 0\n            preference: {matchExpressions: [{key: k, operator: Exists}]}\n      containers:\n",
        &["preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100"], 15),
    ("port out of range", "        image: agent:1\n", "        image: agent:1\n        ports: [{containerPort: 70000}]\n",
        &["spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"], 15),
    ("port protocol", "        image: agent:1\n", "        image: agent:1\n        ports: [{containerPort: 80, protocol: HTTP}]\n",
        &["spec.template.spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""], 15),
    ("hostNetwork hostPort mismatch", "      containers:\n", "      hostNetwork: true\n      containers:\n",
        &[], 0),
    ("requests over limits", "        image: agent:1\n", "        image: agent:1\n        resources: {limits: {cpu: 100m}, requests: {cpu: 200m}}\n",
        &["spec.template.spec.containers[0].resources.requests[cpu]: Invalid value: \"200m\": must be less than or equal to cpu limit of 100m"], 15),
    // A quantity is parsed when the body is decoded (`resource.Quantity.UnmarshalJSON`), so it is
    // a decoding error (`... cannot be handled as a DaemonSet: quantities must match ...`).
    ("invalid quantity", "        image: agent:1\n", "        image: agent:1\n        resources: {limits: {memory: 1Qi}}\n",
        &["quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"], 15),
    ("quantity suffix", "        image: agent:1\n", "        image: agent:1\n        resources: {requests: {cpu: 1mm}}\n",
        &["unable to parse quantity's suffix"], 15),
    ("negative quantity", "        image: agent:1\n", "        image: agent:1\n        resources: {requests: {cpu: \"-1\"}}\n",
        &["spec.template.spec.containers[0].resources.requests[cpu]: Invalid value: \"-1\": must be greater than or equal to 0"], 15),
    // validateContainerPorts (TestValidateContainerPorts).
    ("port name not an IANA_SVC_NAME", "        image: agent:1\n", "        image: agent:1\n        ports: [{containerPort: 80, name: Metrics}]\n",
        &["spec.template.spec.containers[0].ports[0].name: Invalid value: \"Metrics\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"], 15),
    ("port name all digits", "        image: agent:1\n", "        image: agent:1\n        ports: [{containerPort: 80, name: \"9100\"}]\n",
        &["ports[0].name: Invalid value: \"9100\": must contain at least one letter (a-z)"], 15),
    ("port name too long", "        image: agent:1\n", "        image: agent:1\n        ports: [{containerPort: 80, name: abcdefghijklmnop}]\n",
        &["ports[0].name: Invalid value: \"abcdefghijklmnop\": must be no more than 15 characters"], 15),
    ("port name repeated in a container", "        image: agent:1\n", "        image: agent:1\n        ports: [{containerPort: 80, name: m}, {containerPort: 81, name: m}]\n",
        &["spec.template.spec.containers[0].ports[1].name: Duplicate value: \"m\""], 15),
    ("same port name in two containers is fine", "        image: agent:1\n", "        image: agent:1\n        ports: [{containerPort: 80, name: m}]\n      - name: b\n        image: b\n        ports: [{containerPort: 81, name: m}]\n",
        &[], 0),
    ("hostPort out of range", "        image: agent:1\n", "        image: agent:1\n        ports: [{containerPort: 80, hostPort: 70000}]\n",
        &["spec.template.spec.containers[0].ports[0].hostPort: Invalid value: 70000: must be between 1 and 65535, inclusive"], 15),
    ("hostPort used twice", "        image: agent:1\n", "        image: agent:1\n        ports: [{containerPort: 80, hostPort: 9100}]\n      - name: b\n        image: b\n        ports: [{containerPort: 81, hostPort: 9100}]\n",
        &["spec.template.spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//9100\""], 18),
    ("hostNetwork hostPort differs", "      containers:\n", "      hostNetwork: true\n      containers:\n",
        &[], 0),
    ("hostNetwork hostPort must match containerPort", "        image: agent:1\n", "        image: agent:1\n        ports: [{containerPort: 80, hostPort: 81}]\n      hostNetwork: true\n",
        &["spec.template.spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true"], 15),
    // ValidateVolumes / validateVolumeSource (TestValidateVolumes).
    ("two volume sources", "      containers:\n", "      volumes: [{name: v, hostPath: {path: /x}, emptyDir: {}}]\n      containers:\n",
        &["spec.template.spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type"], 12),
    ("hostPath without path", "      containers:\n", "      volumes: [{name: v, hostPath: {type: Directory}}]\n      containers:\n",
        &["spec.template.spec.volumes[0].hostPath.path: Required value"], 12),
    ("volume name not a DNS label", "      containers:\n", "      volumes: [{name: V_1, emptyDir: {}}]\n      containers:\n",
        &["spec.template.spec.volumes[0].name: Invalid value: \"V_1\": a lowercase RFC 1123 label must consist of"], 12),
    ("volume names repeated", "      containers:\n", "      volumes: [{name: v, emptyDir: {}}, {name: v, hostPath: {path: /x}}]\n      containers:\n",
        &["spec.template.spec.volumes[1].name: Duplicate value: \"v\""], 12),
    ("volume without source gets emptyDir", "      containers:\n", "      volumes: [{name: v}]\n      containers:\n",
        &[], 0),
    // Not a rule any more: ValidateReadOnlyPersistentDisks went with SkipReadOnlyValidationGCE (1.31).
    ("read-write GCE PD is accepted", "      containers:\n", "      volumes: [{name: pd, gcePersistentDisk: {pdName: disk}}]\n      containers:\n",
        &[], 0),
    // ValidateVolumeMounts.
    ("volumeMount of an unknown volume", "        image: agent:1\n", "        image: agent:1\n        volumeMounts: [{name: x, mountPath: /x}]\n",
        &["spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"x\""], 15),
    ("volumeMount of an invalid volume", "        image: agent:1\n", "        image: agent:1\n        volumeMounts: [{name: V, mountPath: /v}]\n      volumes: [{name: V}]\n",
        &["spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"V\""], 15),
    ("mountPath repeated", "        image: agent:1\n", "        image: agent:1\n        volumeMounts: [{name: v, mountPath: /a}, {name: v, mountPath: /a}]\n      volumes: [{name: v, emptyDir: {}}]\n",
        &["spec.template.spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/a\": must be unique"], 15),
    ("subPath with ..", "        image: agent:1\n", "        image: agent:1\n        volumeMounts: [{name: v, mountPath: /a, subPath: ../x}]\n      volumes: [{name: v, emptyDir: {}}]\n",
        &["spec.template.spec.containers[0].volumeMounts.subPath: Invalid value: \"../x\": must not contain '..'"], 15),
    // ValidateEnv with RelaxedEnvironmentVariableValidation (GA in 1.34).
    ("env name with =", "        image: agent:1\n", "        image: agent:1\n        env: [{name: \"A=B\", value: x}]\n",
        &["spec.template.spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"], 15),
    ("relaxed env names are fine", "        image: agent:1\n", "        image: agent:1\n        env: [{name: my.var-1, value: x}, {name: 1ABC}, {name: \"a b\"}]\n",
        &[], 0),
    ("env without name", "        image: agent:1\n", "        image: agent:1\n        env: [{value: x}]\n",
        &["spec.template.spec.containers[0].env[0].name: Required value"], 15),
    ("env valueFrom without source", "        image: agent:1\n", "        image: agent:1\n        env: [{name: A, valueFrom: {}}]\n",
        &["spec.template.spec.containers[0].env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"], 15),
    ("env fieldRef not for env", "        image: agent:1\n", "        image: agent:1\n        env: [{name: A, valueFrom: {fieldRef: {fieldPath: status.phase}}}]\n",
        &["env[0].valueFrom.fieldRef.fieldPath: Unsupported value: \"status.phase\": supported values: \"metadata.name\", \"metadata.namespace\""], 15),
    ("env fieldRef unknown label", "        image: agent:1\n", "        image: agent:1\n        env: [{name: A, valueFrom: {fieldRef: {fieldPath: spec.nodename}}}]\n",
        &["env[0].valueFrom.fieldRef.fieldPath: Invalid value: \"spec.nodename\": error converting fieldPath: field label not supported: spec.nodename"], 15),
    // Go: `IsQualifiedName(strings.ToLower(subscript))`, reported with the key as written.
    ("env fieldRef invalid annotation key", "        image: agent:1\n", "        image: agent:1\n        env: [{name: A, valueFrom: {fieldRef: {fieldPath: \"metadata.annotations['Bad_Key!']\"}}}]\n",
        &["env[0].valueFrom.fieldRef: Invalid value: \"Bad_Key!\": name part must consist of alphanumeric characters"], 15),
    ("env fieldRef annotation key in capitals", "        image: agent:1\n", "        image: agent:1\n        env: [{name: A, valueFrom: {fieldRef: {fieldPath: \"metadata.annotations['Example.COM/Key']\"}}}]\n",
        &[], 0),
    // Go's strings.ToLower maps U+0130 to 'i' and the Kelvin sign to 'k': valid prefixes.
    ("annotation keys Go lowers to ASCII", "name: agent\nspec", "name: agent\n  annotations: {\"\\u0130stio.io/a\": x, \"\\u212Aube.io/b\": v}\nspec",
        &[], 0),
    ("annotation key with another capital", "name: agent\nspec", "name: agent\n  annotations: {\"\u{c4}.io/b\": x}\nspec",
        &["metadata.annotations: Invalid value: \"\u{c4}.io/b\": prefix part a lowercase RFC 1123 subdomain must consist of"], 5),
    ("envFrom without source", "        image: agent:1\n", "        image: agent:1\n        envFrom: [{prefix: P_}]\n",
        &["spec.template.spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`"], 15),
    // validateProbe / validateHandler (TestValidateProbe, TestValidateHandler).
    ("probe with two handlers", "        image: agent:1\n", "        image: agent:1\n        livenessProbe: {exec: {command: [a]}, tcpSocket: {port: 80}}\n",
        &["spec.template.spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"], 15),
    ("probe without handler", "        image: agent:1\n", "        image: agent:1\n        readinessProbe: {periodSeconds: 5}\n",
        &["spec.template.spec.containers[0].readinessProbe: Required value: must specify a handler type"], 15),
    ("liveness successThreshold", "        image: agent:1\n", "        image: agent:1\n        livenessProbe: {httpGet: {port: 80}, successThreshold: 2}\n",
        &["spec.template.spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"], 15),
    ("probe port name", "        image: agent:1\n", "        image: agent:1\n        startupProbe: {tcpSocket: {port: HTTP}}\n",
        &["spec.template.spec.containers[0].startupProbe.tcpSocket.port: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"], 15),
    ("probe negative period", "        image: agent:1\n", "        image: agent:1\n        readinessProbe: {exec: {command: [a]}, periodSeconds: -1}\n",
        &["readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0"], 15),
    ("exec without command", "        image: agent:1\n", "        image: agent:1\n        readinessProbe: {exec: {}}\n",
        &["readinessProbe.exec.command: Required value"], 15),
    ("lifecycle hook with no handler", "        image: agent:1\n", "        image: agent:1\n        lifecycle: {preStop: {}}\n",
        &["spec.template.spec.containers[0].lifecycle.preStop: Required value: must specify a handler type"], 15),
    ("init container probe", "      containers:\n", "      initContainers: [{name: init, image: i, livenessProbe: {exec: {command: [a]}}}]\n      containers:\n",
        &["spec.template.spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always"], 12),
    ("init container named like a container", "      containers:\n", "      initContainers: [{name: agent, image: i}]\n      containers:\n",
        &["spec.template.spec.initContainers[0].name: Duplicate value: \"agent\""], 12),
    ("imagePullPolicy", "        image: agent:1\n", "        image: agent:1\n        imagePullPolicy: Sometimes\n",
        &["spec.template.spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""], 15),
];

#[test]
fn validate_daemon_set_table() {
    let mut failures = Vec::new();
    for (name, from, to, want, line) in ROWS {
        assert!(BASE.contains(from), "row {name}: marker not in BASE");
        let text = BASE.replacen(from, to, 1);
        let out = load("ds.yaml", &text);
        let msgs: Vec<String> = out.errors.iter().map(|e| e.message.clone()).collect();
        if want.is_empty() {
            if !out.errors.is_empty() || out.objects.len() != 1 {
                failures.push(format!("{name}: expected to load, got {msgs:?}"));
            }
            continue;
        }
        if !out.objects.is_empty() {
            failures.push(format!("{name}: object was not rejected"));
        }
        let hit = out
            .errors
            .iter()
            .find(|e| want.iter().all(|w| e.message.contains(w)));
        match hit {
            None => failures.push(format!("{name}: want {want:?}, got {msgs:?}")),
            Some(e) => {
                if e.location.line != *line {
                    failures.push(format!(
                        "{name}: at line {}, want {line}: {e}",
                        e.location.line
                    ));
                }
                if e.object.as_ref().map(|o| o.to_string()).as_deref()
                    != Some(if *name == "name uppercase" {
                        "DaemonSet/Agent"
                    } else {
                        "DaemonSet/agent"
                    })
                {
                    failures.push(format!("{name}: object ref {:?}", e.object));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Several field errors of one object are all reported, one `LocatedError` each.
#[test]
fn all_field_errors_are_collected() {
    let text = BASE
        .replace("labels: {app: agent}", "labels: {app: other}")
        .replace("        image: agent:1\n", "");
    let out = load("ds.yaml", &text);
    assert_eq!(out.errors.len(), 2, "{:?}", out.errors);
    let msgs: Vec<&str> = out.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        dsplay_core::load::invalid_object_message(
            "DaemonSet",
            "agent",
            &msgs.iter().map(|s| s.to_string()).collect::<Vec<_>>()
        ),
        format!(
            "The DaemonSet \"agent\" is invalid:\n* {}\n* {}",
            msgs[0], msgs[1]
        )
    );
}

/// The rest of the file still loads after a rejected object.
#[test]
fn rejected_object_is_skipped_rest_loads() {
    let text = format!(
        "{}---\n{}",
        BASE.replace("image: agent:1", "image: \"\""),
        BASE.replace("name: agent\nspec", "name: agent2\nspec")
    );
    let out = load("ds.yaml", &text);
    assert_eq!(out.objects.len(), 1);
    assert_eq!(out.errors.len(), 1);
}

/// Mirrors `TestValidateDaemonSetUpdate`: "change selector" is rejected; template changes are not.
#[test]
fn validate_daemon_set_update_selector_immutable() {
    let old = load("a.yaml", BASE);
    let ApiObject::DaemonSet(old_ds) = &old.objects[0].object else {
        panic!("DaemonSet expected");
    };
    let changed = BASE
        .replace(
            "matchLabels: {app: agent}",
            "matchLabels: {app: agent, tier: node}",
        )
        .replace(
            "labels: {app: agent}\n    spec",
            "labels: {app: agent, tier: node}\n    spec",
        );
    let new = load("b.yaml", &changed);
    assert!(new.errors.is_empty(), "{:?}", new.errors);
    let errs = validate_daemon_set_update(old_ds, &new.objects[0]);
    assert_eq!(errs.len(), 1);
    assert_eq!(
        errs[0].to_string(),
        "b.yaml:6:3: DaemonSet/agent: spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"agent\",\"tier\":\"node\"}}: field is immutable"
    );
    let template_only = load("c.yaml", &BASE.replace("agent:1", "agent:2"));
    assert!(validate_daemon_set_update(old_ds, &template_only.objects[0]).is_empty());
}

/// Node and Pod validation basics.
#[test]
fn node_and_pod_rules() {
    let out = load(
        "n.yaml",
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: Node_1\n",
    );
    assert!(out.errors[0]
        .message
        .starts_with("metadata.name: Invalid value: \"Node_1\""));
    let out = load("n.yaml", "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\nspec:\n  taints:\n  - {key: a, effect: Bad}\n");
    assert!(
        out.errors[0]
            .message
            .contains("spec.taints[0].effect: Unsupported value: \"Bad\""),
        "{:?}",
        out.errors
    );
    let out = load(
        "p.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n",
    );
    assert_eq!(out.errors[0].message, "spec.containers: Required value");
    let out = load("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  restartPolicy: Never\n  containers: [{name: c, image: i}]\n");
    assert!(
        out.errors.is_empty(),
        "a Pod may use restartPolicy Never: {:?}",
        out.errors
    );
}
