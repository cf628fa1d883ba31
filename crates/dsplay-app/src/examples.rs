//! Ready-made scenarios for the Examples menu.

/// One example manifest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// Menu label.
    pub title: &'static str,
    /// The manifest.
    pub yaml: &'static str,
    /// Its file name in `web/examples` (the console's folder lists it).
    pub file: &'static str,
}

/// The seed example a first visit opens with.
pub const MONITORING_AGENT: &str = include_str!("../../../web/examples/monitoring-agent.yaml");

/// Every example, in menu order.
pub const EXAMPLES: &[Example] = &[
    Example {
        title: "Monitoring agent",
        yaml: MONITORING_AGENT,
        file: "monitoring-agent.yaml",
    },
    Example {
        title: "Log collector (tolerates control-plane)",
        yaml: include_str!("../../../web/examples/log-collector.yaml"),
        file: "log-collector.yaml",
    },
    Example {
        title: "Security agent (tolerates everything)",
        yaml: include_str!("../../../web/examples/security-agent.yaml"),
        file: "security-agent.yaml",
    },
    Example {
        title: "Storage CSI node plugin",
        yaml: include_str!("../../../web/examples/csi-node-plugin.yaml"),
        file: "csi-node-plugin.yaml",
    },
    Example {
        title: "GPU device plugin (labelled nodes)",
        yaml: include_str!("../../../web/examples/gpu-device-plugin.yaml"),
        file: "gpu-device-plugin.yaml",
    },
    Example {
        title: "CNI agent (hostNetwork)",
        yaml: include_str!("../../../web/examples/cni-agent.yaml"),
        file: "cni-agent.yaml",
    },
    Example {
        title: "Rolling update with maxSurge (v1)",
        yaml: include_str!("../../../web/examples/rolling-update-v1.yaml"),
        file: "rolling-update-v1.yaml",
    },
    Example {
        title: "Rolling update with maxSurge (v2: new image)",
        yaml: include_str!("../../../web/examples/rolling-update-v2.yaml"),
        file: "rolling-update-v2.yaml",
    },
];
