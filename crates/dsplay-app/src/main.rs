//! The DaemonSet Playground web page.

fn main() {}
