//! Tab completion for the console: verbs, resource types, object names and flags, computed
//! from the line before the cursor and the cluster (kept here so it is tested natively).

use super::parse::{flags_of, split_words, ROLLOUT_SUBCOMMANDS, VERBS};
use super::resources::{self, Simulated};
use crate::sim::Simulation;

/// The resource types offered after a verb (kubectl's names the playground simulates).
const TYPES: &[&str] = &[
    "all",
    "controllerrevisions",
    "daemonsets",
    "ds",
    "events",
    "nodes",
    "pods",
];

/// What Tab offers for `line` (the text before the cursor): the candidates for its last
/// word, sorted, and the common prefix they share (what Tab inserts at once).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    /// Where the word being completed starts in `line` (a byte offset).
    pub start: usize,
    /// Every candidate for the word.
    pub candidates: Vec<String>,
    /// The longest prefix every candidate shares (at least the word as typed).
    pub common: String,
}

/// Completes the last word of `line`; `files` are the virtual folder's names.
pub fn complete(sim: &Simulation, line: &str, files: &[String]) -> Completion {
    let ends_in_space = line.is_empty() || line.ends_with([' ', '\t']);
    let mut words = split_words(line).unwrap_or_default();
    let current = if ends_in_space {
        String::new()
    } else {
        words.pop().unwrap_or_default()
    };
    let start = line.len().saturating_sub(current.len());
    if words.first().map(String::as_str) == Some("kubectl") {
        words.remove(0);
    } else if words.is_empty() && !"kubectl".starts_with(&current) {
        // A bare verb is taken too (`get pods`).
    }
    let pool: Vec<String> = candidates(sim, &words, &current, files);
    let mut cands: Vec<String> = pool
        .into_iter()
        .filter(|c| c.starts_with(&current))
        .collect();
    crate::sort::sort(&mut cands);
    cands.dedup();
    let common = common_prefix(&cands).unwrap_or_else(|| current.clone());
    Completion {
        start,
        candidates: cands,
        common,
    }
}

fn common_prefix(c: &[String]) -> Option<String> {
    let first = c.first()?;
    let mut len = first.len();
    for s in c.iter().skip(1) {
        len = len.min(
            first
                .char_indices()
                .zip(s.chars())
                .take_while(|((_, a), b)| a == b)
                .last()
                .map_or(0, |((i, a), _)| i + a.len_utf8()),
        );
    }
    first.get(..len).map(str::to_string)
}

/// The names of the objects of a type, read as `get` reads them (pods in place, not built).
fn names_of(sim: &Simulation, kind: Simulated) -> Vec<String> {
    super::exec::objects_of(sim, kind)
        .iter()
        .map(|o| o.name().to_string())
        .collect()
}

fn kind_of(word: &str) -> Option<Simulated> {
    Some(resources::lookup(word)?.simulated).filter(|k| *k != Simulated::None)
}

fn candidates(sim: &Simulation, words: &[String], current: &str, files: &[String]) -> Vec<String> {
    let Some(verb) = words.first().map(String::as_str) else {
        let mut v: Vec<String> = VERBS.iter().map(|s| s.to_string()).collect();
        v.extend(["kubectl", "ls", "cat", "clear"].map(String::from));
        return v;
    };
    if verb == "cat" {
        return files.to_vec();
    }
    if current.starts_with('-') {
        return flags_of(verb);
    }
    if words.last().is_some_and(|w| w == "-f" || w == "--filename") {
        return files.to_vec();
    }
    if words.last().is_some_and(|w| w == "-o" || w == "--output") {
        return ["json", "name", "wide", "yaml"].map(String::from).to_vec();
    }
    let args: Vec<&String> = words
        .iter()
        .skip(1)
        .filter(|w| !w.starts_with('-'))
        .collect();
    let args: Vec<&String> = if verb == "rollout" || verb == "set" {
        if args.is_empty() {
            return if verb == "rollout" {
                ROLLOUT_SUBCOMMANDS.iter().map(|s| s.to_string()).collect()
            } else {
                vec!["image".to_string()]
            };
        }
        args.into_iter().skip(1).collect()
    } else {
        args
    };
    if matches!(verb, "cordon" | "uncordon" | "drain") {
        return names_of(sim, Simulated::Node);
    }
    // TYPE/NAME being typed.
    if let Some((t, _)) = current.split_once('/') {
        return kind_of(t)
            .map(|k| {
                names_of(sim, k)
                    .into_iter()
                    .map(|n| format!("{t}/{n}"))
                    .collect()
            })
            .unwrap_or_default();
    }
    match args.first() {
        None => {
            let mut v: Vec<String> = TYPES.iter().map(|s| s.to_string()).collect();
            if matches!(verb, "rollout" | "set") {
                v = vec!["daemonset/".to_string(), "ds/".to_string()];
            }
            v
        }
        Some(t) if !t.contains('/') => kind_of(t).map(|k| names_of(sim, k)).unwrap_or_default(),
        Some(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_types_names_and_flags() {
        let mut sim = Simulation::with_default_cluster(1);
        let c = complete(&sim, "kubectl ge", &[]);
        assert_eq!(c.candidates, ["get"]);
        assert_eq!(c.common, "get");
        assert_eq!(c.start, 8);
        let c = complete(&sim, "kubectl get d", &[]);
        assert_eq!(c.candidates, ["daemonsets", "ds"]);
        assert_eq!(c.common, "d");
        let c = complete(&sim, "kubectl get nodes wor", &[]);
        assert_eq!(c.candidates, ["worker-1", "worker-2", "worker-3"]);
        assert_eq!(c.common, "worker-");
        let c = complete(&sim, "kubectl cordon c", &[]);
        assert_eq!(c.candidates, ["control-plane"]);
        let c = complete(&sim, "kubectl get pods --sh", &[]);
        assert_eq!(c.candidates, ["--show-labels"]);
        let c = complete(&sim, "kubectl drain w --ig", &[]);
        assert_eq!(c.candidates, ["--ignore-daemonsets"]);
        let files = vec!["daemonset.yaml".to_string(), "fluentd.yaml".to_string()];
        let c = complete(&sim, "kubectl apply -f d", &files);
        assert_eq!(c.candidates, ["daemonset.yaml"]);
        let c = complete(&sim, "kubectl rollout u", &[]);
        assert_eq!(c.candidates, ["undo"]);
        let c = complete(&sim, "kubectl get -o w", &[]);
        assert_eq!(c.candidates, ["wide"]);
        super::super::run(
            &mut sim,
            "kubectl apply -f a.yaml",
            &[("a.yaml".to_string(), "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec: {containers: [{name: a, image: a}]}\n".to_string())]
                .into_iter()
                .collect(),
        );
        let c = complete(&sim, "kubectl rollout undo ds/a", &[]);
        assert_eq!(c.candidates, ["ds/agent"]);
        let c = complete(&sim, "", &[]);
        assert!(c.candidates.contains(&"kubectl".to_string()));
    }
}
