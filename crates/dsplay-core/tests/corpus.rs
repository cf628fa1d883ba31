#![allow(clippy::panic)]
//! Loads every real manifest of the shared corpus (`../shared/corpus/{daemonsets,nodes}`).
//!
//! Every file must load with zero errors, except the files a real cluster rejects, listed in
//! [`REJECTED`] with the message expected; no file is skipped silently.

mod corpus_support;
use corpus_support::{corpus_dir, files};
use dsplay_core::load::{load, ApiObject};

/// Files a real cluster rejects, with a substring of the expected error. Why each is rejected:
///
/// * `*legacy-extensions-v1beta1*`, `*legacy-apps-v1beta2*`: DaemonSet was removed from
///   `extensions/v1beta1` and `apps/v1beta2` in Kubernetes 1.16; the API server has no
///   mapping for them (`no matches for kind "DaemonSet" in version ...`).
/// * `calico--pod2daemon-nodeagent.yaml`: apps/v1 DaemonSet without `spec.selector`; a nil
///   selector matches nothing, so `ValidateDaemonSetSpec` answers that the selector does not
///   match the template labels.
/// * `grafana-agent--operator-testdata-integrations-out.yaml`: a test fixture (operator
///   expectations): apps/v1 DaemonSet without selector, and containers without `image`
///   (`spec.template.spec.containers[0].image: Required value`).
/// * `grafana-agent--agent-loki-envsubst.yaml`: an envsubst template; `namespace:
///   ${NAMESPACE}` is not a valid namespace name (DNS-1123 label).
/// * `flannel--kube-flannel-v0.12.0-multiarch.yaml`: its five apps/v1 DaemonSets load, but the
///   file also holds a `policy/v1beta1` PodSecurityPolicy (removed in 1.25) and
///   `rbac.authorization.k8s.io/v1beta1` ClusterRole/ClusterRoleBinding (removed in 1.22),
///   which a current cluster refuses (`no matches for kind "PodSecurityPolicy" in version
///   "policy/v1beta1"`).
/// * `k9s--render-testdata-ds-fluentd-gcp.json`: an apps/v1 object carrying
///   `spec.templateGeneration` (an `extensions/v1beta1` field); with strict field validation
///   (kubectl's default since 1.25) the server refuses the unknown field.
const REJECTED: &[(&str, &str)] = &[
    (
        "calico--pod2daemon-nodeagent.yaml",
        "`selector` does not match template `labels`",
    ),
    (
        "flannel--kube-flannel-v0.11.0-legacy-extensions-v1beta1.yaml",
        "no matches for kind \"DaemonSet\" in version \"extensions/v1beta1\"",
    ),
    (
        "flannel--kube-flannel-v0.12.0-multiarch.yaml",
        "no matches for kind \"PodSecurityPolicy\" in version \"policy/v1beta1\"",
    ),
    (
        "fluentd--fluentd-daemonset-elasticsearch-rbac-2019-legacy-extensions-v1beta1.yaml",
        "no matches for kind \"DaemonSet\" in version \"extensions/v1beta1\"",
    ),
    (
        "grafana-agent--agent-loki-envsubst.yaml",
        "metadata.namespace: Invalid value: \"${NAMESPACE}\"",
    ),
    (
        "grafana-agent--operator-testdata-integrations-out.yaml",
        "spec.template.spec.containers[0].image: Required value",
    ),
    (
        "jaeger-kubernetes--jaeger-production-template-list-legacy-extensions-v1beta1.yaml",
        "no matches for kind \"DaemonSet\" in version \"extensions/v1beta1\"",
    ),
    (
        "k9s--render-testdata-ds-fluentd-gcp.json",
        "strict decoding error: unknown field \"spec.templateGeneration\"",
    ),
    (
        "kube-prometheus--node-exporter-daemonset-2019-legacy-apps-v1beta2.yaml",
        "no matches for kind \"DaemonSet\" in version \"apps/v1beta2\"",
    ),
    (
        "metallb--metallb-2019-legacy-apps-v1beta2.yaml",
        "no matches for kind \"DaemonSet\" in version \"apps/v1beta2\"",
    ),
    (
        "nvidia--nvidia-device-plugin-2019-legacy-extensions-v1beta1.yaml",
        "no matches for kind \"DaemonSet\" in version \"extensions/v1beta1\"",
    ),
    (
        "weave--weave-daemonset-k8s-1.8-list-legacy-extensions-v1beta1.yaml",
        "no matches for kind \"DaemonSet\" in version \"extensions/v1beta1\"",
    ),
];

/// Loads every file of `sub`; returns the number of objects of the counted kind.
fn check(sub: &str, count_kind: fn(&ApiObject) -> bool) -> Option<usize> {
    let dir = corpus_dir()?;
    let mut total = 0;
    let all = files(&dir.join(sub));
    assert!(!all.is_empty(), "no files in {sub}");
    let mut failures = Vec::new();
    let mut heaviest = (0, String::new());
    for path in all {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let out = load(&name, &text);
        heaviest = heaviest.max((out.decoded_bytes, name.clone()));
        let msgs: Vec<String> = out.errors.iter().map(|e| e.to_string()).collect();
        match REJECTED.iter().find(|(f, _)| *f == name) {
            Some((_, want)) => {
                if !msgs.iter().any(|m| m.contains(want)) {
                    failures.push(format!(
                        "{name}: expected an error containing {want:?}, got {msgs:#?}"
                    ));
                }
            }
            None => {
                if !msgs.is_empty() {
                    failures.push(format!("{name}: {msgs:#?}"));
                }
                let n = out.objects.iter().filter(|o| count_kind(&o.object)).count();
                total += n;
                if n == 0 {
                    failures.push(format!("{name}: no object of the expected kind"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Real manifests are far from the decoded-size bounds (`load::MAX_FILE_DECODED_BYTES`,
    // 192 MiB a file; 32 MiB an object): a file's objects take kilobytes once decoded.
    eprintln!("{sub}: the heaviest file decoded: {heaviest:?}");
    assert!(heaviest.0 < 1 << 20, "{heaviest:?}");
    Some(total)
}

#[test]
fn every_daemonset_file_loads_or_is_rejected_as_kubernetes_rejects_it() {
    // SOURCES.md: 75 apps/v1 DaemonSets, of which 4 are rejected (calico nodeagent, the two
    // grafana-agent files, the k9s fluentd-gcp dump); the 5 of flannel v0.12.0 load but sit in
    // a file with removed API versions, which is not counted.
    if let Some(n) = check("daemonsets", |o| matches!(o, ApiObject::DaemonSet(_))) {
        assert_eq!(n, 66);
    }
}

#[test]
fn every_node_file_loads() {
    // SOURCES.md: 8 files holding 13 Node objects.
    if let Some(n) = check("nodes", |o| matches!(o, ApiObject::Node(_))) {
        assert_eq!(n, 13);
    }
}
