//! Property tests: `load` never panics, on random bytes and on random mutations of real
//! manifests, and always terminates quickly.

use dsplay_core::load::load;
use proptest::prelude::*;

/// A real-shaped manifest with anchors, flow collections, a List and JSON-ish parts.
const SEED: &str = r#"apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  labels: &l {app: agent, tier: node}
spec:
  selector:
    matchLabels: *l
  updateStrategy:
    rollingUpdate: {maxUnavailable: "10%", maxSurge: 0}
  template:
    metadata:
      labels:
        <<: *l
    spec:
      tolerations: [{operator: Exists}]
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions: [{key: kubernetes.io/os, operator: In, values: [linux]}]
      containers:
      - name: agent
        image: agent:1
        args: [
          "-c", "x",
        ]
        ports: [{containerPort: 0x50, hostPort: 80}]
        resources: {limits: {cpu: 1, memory: 1Gi}}
---
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Node, metadata: {name: n1}, status: {capacity: {cpu: "4"}}}
"#;

fn mutate(seed: &str, ops: &[(usize, u8, u8)]) -> String {
    let mut bytes = seed.as_bytes().to_vec();
    const ALPHABET: &[u8] = b" \n\t-:[]{},&*!|>'\"#%@`?<=0123456789abcyesnoON~.\\";
    for &(pos, op, ch) in ops {
        if bytes.is_empty() {
            break;
        }
        let i = pos % bytes.len();
        let c = ALPHABET[(ch as usize) % ALPHABET.len()];
        match op % 4 {
            0 => bytes[i] = c,
            1 => bytes.insert(i, c),
            2 => {
                bytes.remove(i);
            }
            _ => {
                // duplicate a slice (grows structure, e.g. repeated keys or aliases)
                let end = (i + (ch as usize % 40)).min(bytes.len());
                let slice = bytes[i..end].to_vec();
                bytes.splice(i..i, slice);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(s in "\\PC{0,400}") {
        let _ = load("f.yaml", &s);
    }

    #[test]
    fn random_bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = load("f.yaml", &String::from_utf8_lossy(&b));
    }

    #[test]
    fn mutated_manifests_never_panic(ops in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..12)) {
        let text = mutate(SEED, &ops);
        let out = load("f.yaml", &text);
        // Every error is located inside the file.
        let lines = u32::try_from(text.lines().count().max(1)).unwrap_or(u32::MAX);
        for e in &out.errors {
            prop_assert!(e.location.line >= 1 && e.location.line <= lines + 1, "{e}");
            prop_assert!(e.location.column >= 1, "{e}");
        }
    }
}

#[test]
fn seed_itself_loads() {
    let out = load("f.yaml", SEED);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.objects.len(), 2);
}
