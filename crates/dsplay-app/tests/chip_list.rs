//! The hand-kept chip list of a node card, in headless Chromium: each update must leave the
//! `.pods` element as a fresh render would, reusing the elements of pods that stayed.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p dsplay-app --target wasm32-unknown-unknown`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dsplay_app::components::chip_list::{ChipList, ChipSpec};
use dsplay_core::view::{PodDisplayPhase, PodView};
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

fn pod(name: &str, phase: PodDisplayPhase) -> PodView {
    PodView {
        name: name.to_string(),
        namespace: "default".to_string(),
        daemon_set: Some(name.split('-').next().unwrap().to_string()),
        phase,
        ..PodView::default()
    }
}

fn render(list: &mut ChipList, pods: &[PodView], selected: Option<&str>, compact: bool) -> Element {
    list.render(
        pods.iter().map(|pod| ChipSpec {
            pod,
            color: 2,
            selected: selected == Some(pod.name.as_str()),
        }),
        compact,
    )
    .unwrap()
}

/// `(tag, class, data-pod, data-phase, aria-label, aria-current, text)` of each child.
fn children(el: &Element) -> Vec<[String; 7]> {
    let kids = el.children();
    (0..kids.length())
        .map(|i| {
            let c = kids.item(i).unwrap();
            let attr = |n: &str| c.get_attribute(n).unwrap_or_default();
            [
                c.tag_name().to_lowercase(),
                c.class_name(),
                attr("data-pod"),
                attr("data-phase"),
                attr("aria-label"),
                attr("aria-current"),
                c.text_content().unwrap_or_default(),
            ]
        })
        .collect()
}

/// The same pods rendered into a fresh list.
fn fresh(pods: &[PodView], selected: Option<&str>, compact: bool) -> Vec<[String; 7]> {
    children(&render(&mut ChipList::default(), pods, selected, compact))
}

#[wasm_bindgen_test]
fn chips_follow_the_pods_and_keep_their_elements() {
    use PodDisplayPhase::*;
    let mut list = ChipList::default();
    let a = pod("agent-aaaaa", Pending);
    let b = pod("logs-bbbbb", Ready);
    let el = render(&mut list, &[a.clone(), b.clone()], None, false);
    let got = children(&el);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0][0], "button");
    assert_eq!(got[0][1], "pod ds-c2 phase-Pending");
    assert_eq!(got[0][2], "agent-aaaaa");
    assert_eq!(got[0][4], "agent-aaaaa Pending");
    // Full-size chips show the DaemonSet, the name's suffix and the phase, as words (spaced, so
    // the accessible name read from the text matches what is shown).
    assert_eq!(got[0][6], "agent aaaaa Pending");
    let first = el.first_element_child().unwrap();

    // A new pod in the middle, a phase change and a selection.
    let c = pod("mid-ccccc", ContainerCreating);
    let a2 = pod("agent-aaaaa", Running);
    let pods = [a2.clone(), c.clone(), b.clone()];
    let el2 = render(&mut list, &pods, Some("logs-bbbbb"), false);
    assert_eq!(el2, el, "the card keeps one .pods element");
    assert_eq!(children(&el), fresh(&pods, Some("logs-bbbbb"), false));
    assert_eq!(
        el.first_element_child().unwrap(),
        first,
        "a kept pod keeps its element"
    );
    assert_eq!(children(&el)[2][5], "true");

    // A pod gone: shown as leaving (no data-pod) after the others, until the next update.
    render(&mut list, &[c.clone(), b.clone()], None, false);
    let got = children(&el);
    assert_eq!(got.len(), 3);
    assert_eq!(got[2][0], "span");
    assert_eq!(got[2][1], "pod leaving ds-c2");
    assert_eq!(got[2][2], "");
    assert_eq!(got[..2], fresh(&[c.clone(), b.clone()], None, false)[..]);
    render(&mut list, &[c.clone(), b.clone()], None, false);
    assert_eq!(children(&el), fresh(&[c.clone(), b.clone()], None, false));

    // Reordered pods are put in order.
    render(&mut list, &[b.clone(), c.clone()], None, false);
    assert_eq!(children(&el), fresh(&[b.clone(), c.clone()], None, false));

    // No pods on a full-size card: "No daemon pods" (after the leaving chips), and it goes
    // when a pod comes.
    render(&mut list, &[], None, false);
    render(&mut list, &[], None, false);
    let got = children(&el);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0][1], "no-pods");
    render(&mut list, std::slice::from_ref(&a), None, false);
    assert_eq!(children(&el), fresh(std::slice::from_ref(&a), None, false));

    // Compact chips: no text, the name and phase as the tooltip.
    render(&mut list, &[a.clone(), b.clone()], None, true);
    let got = children(&el);
    assert_eq!(got, fresh(&[a.clone(), b.clone()], None, true));
    assert_eq!(got[0][1], "pod ds-c2 phase-Pending compact");
    assert_eq!(got[0][6], "");
    let title = el.first_element_child().unwrap().get_attribute("title");
    assert_eq!(title.as_deref(), Some("agent-aaaaa Pending"));
    render(&mut list, &[a2.clone(), b.clone()], None, true);
    let title = el.first_element_child().unwrap().get_attribute("title");
    assert_eq!(title.as_deref(), Some("agent-aaaaa Running"));
}

#[wasm_bindgen_test]
fn names_are_escaped_in_the_markup() {
    let p = pod("x\"><i>-&", PodDisplayPhase::Ready);
    let el = render(&mut ChipList::default(), &[p], None, false);
    let chip = el.first_element_child().unwrap();
    assert_eq!(chip.get_attribute("data-pod").as_deref(), Some("x\"><i>-&"));
    assert!(chip.query_selector("i").unwrap().is_none());
}
