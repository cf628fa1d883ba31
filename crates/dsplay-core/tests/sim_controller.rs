//! Ports of Kubernetes' DaemonSet controller tests
//! (pkg/controller/daemon/daemon_controller_test.go), each named after the upstream test.
//! The simulation runs in manual-sync mode so that creates and deletes can be counted per
//! sync, as `expectSyncDaemonSets` does.

mod sim_support;
use sim_support::*;

/// DaemonSets without node selectors should launch pods on every node.
#[test]
fn test_simple_daemon_set_launches_pods() {
    for strategy in update_strategies() {
        let mut sim = manual_sim();
        add_nodes(&mut sim, 0, 5, None);
        create_ds(&mut sim, strategy(new_daemon_set("foo")));
        expect_sync(&mut sim, 5, 0);
        expect_sync(&mut sim, 0, 0);
    }
}
