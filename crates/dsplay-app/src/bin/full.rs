//! The DaemonSet Playground web page, full build: loaded on demand by the light one
//! (`dsplay_app::upgrade`).

fn main() {
    dsplay_app::run();
}
