//! The DaemonSet Playground web page.

fn main() {
    dsplay_app::run();
}
