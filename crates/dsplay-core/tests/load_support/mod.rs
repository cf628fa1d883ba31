//! Inputs shared by the loader's test files.

/// A `kind: List` of 1,000 Nodes (16 lines each, items from line 4), ~317 KB.
pub fn thousand_node_list() -> String {
    let mut text = String::from("apiVersion: v1\nkind: List\nitems:\n");
    for i in 0..1000 {
        text.push_str(&format!(
            "- apiVersion: v1\n  kind: Node\n  metadata:\n    name: node-{i}\n    labels:\n      kubernetes.io/hostname: node-{i}\n      kubernetes.io/os: linux\n  spec:\n    taints:\n    - key: k\n      effect: NoSchedule\n  status:\n    capacity: {{cpu: \"4\", memory: 16Gi, pods: \"110\"}}\n    conditions:\n    - type: Ready\n      status: \"True\"\n"
        ));
    }
    text
}
