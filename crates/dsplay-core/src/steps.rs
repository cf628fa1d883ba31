//! Steps: what the user asks the simulated cluster to do, in order.
//!
//! A step is a manifest file (applied as `kubectl apply -f` does), `-` for standard
//! input, or `VERB:ARGUMENTS` for everything else (`delete:node/worker-2`,
//! `taint:worker-1:dedicated=gpu:NoSchedule`, `wait:30s`, ...). See [`STEP_HELP`].
//!
//! One parser for every place a step is written: the CLI's arguments, scenario files and
//! the page. Reading a named file (or standard input) is the caller's business.

use crate::clock::{parse_duration, SimDuration};
use crate::load::validate::quote;
use crate::sim::{
    parse_taint as parse_taint_spec, Input, NodeOp, NodeTemplate, ObjectKind, TaintEffect,
};
use std::str::FromStr;

/// The step reference printed by `--help`.
pub const STEP_HELP: &str = "\
STEPS (run in order; after each one the cluster runs until it settles):
  FILE                      kubectl apply -f FILE (YAML or JSON, many documents, kind: List)
  -                         kubectl apply -f - (manifest from standard input)
  file:PATH                 apply PATH even if it looks like a step
  default-cluster           (first step only) start from the playground's cluster:
                            control-plane (tainted NoSchedule) and worker-1..worker-3
  link:LINK                 (first step only) start from a share link's state (a page's
                            or `dsplay share`'s URL, or its #v1=... fragment): its seed,
                            nodes, pods (names included), events and time, not settled
  delete:KIND/NAME          kubectl delete; KIND is node, daemonset|ds or pod
  delete:KIND/NS/NAME       ... in namespace NS (otherwise -n, default \"default\")
  add-node:TEMPLATE[:NAME]  add a node: worker, control-plane, gpu-worker,
                            windows-worker or small (NAME defaults to the next free one)
  remove-node:NODE          same as delete:node/NODE
  cordon:NODE               kubectl cordon NODE
  uncordon:NODE             kubectl uncordon NODE
  notready:NODE             the node's kubelet says it is not ready: Ready=False, the
                            not-ready taints; it still finishes terminations
  lose:NODE                 the node is lost (its kubelet stops posting status): after the
                            50s node monitor grace period every condition is Unknown and
                            the unreachable taints are added; its pods stay Terminating
  ready:NODE                the node is Ready again (from NotReady or lost)
  taint:NODE:KEY[=VALUE]:EFFECT
                            kubectl taint nodes NODE KEY=VALUE:EFFECT
                            (EFFECT: NoSchedule, PreferNoSchedule, NoExecute)
  taint:NODE:KEY[=VALUE]:EFFECT-, taint:NODE:KEY-
                            kubectl taint nodes NODE KEY:EFFECT- (KEY-: every effect)
  untaint:NODE:KEY[:EFFECT] the same as taint:NODE:KEY[:EFFECT]-
  label:NODE:KEY=VALUE      kubectl label nodes NODE KEY=VALUE --overwrite
  unlabel:NODE:KEY          kubectl label nodes NODE KEY-
  fail:pod/NAME             the pod's containers fail (phase Failed); also pod/NS/NAME
  undo:ds/NAME[:REVISION]   kubectl rollout undo daemonset NAME [--to-revision=REVISION]
  wait:DURATION             let DURATION of simulated time pass (30s, 5m, 1h30m) without
                            waiting for the cluster to settle
  autopilot:KEY=VALUE,...   the churn autopilot for a while (for=DURATION is required):
                            rate=N (operations a minute; N/s a second), min=, max= (nodes),
                            mix=add:3+remove:3+notready:1+lose:1+cordon:1+taint:1,
                            templates=worker+small, back=1m (how long a node stays NotReady,
                            lost, cordoned or tainted), seed=N; see docs/autopilot.md
  kubectl:COMMAND           a kubectl command line, as the page's console takes it
                            ('kubectl:taint nodes worker-2 dedicated=db:NoExecute',
                            'kubectl:get pods -o wide'): see docs/kubectl.md. What a
                            reading command prints goes to standard output, in step
                            order, and the final state is then not printed
A node operation is validated as the API server validates the Node update it makes (names,
label keys and values, taints): an invalid one is refused with the API server's message.
";

/// Where an applied manifest comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file path as the user typed it.
    File(String),
    /// Standard input (`-`).
    Stdin,
}

/// One parsed step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Start from the playground's default cluster.
    DefaultCluster,
    /// Start from a share link's state (the link as typed).
    Link(String),
    /// `kubectl apply -f`.
    Apply(Source),
    /// Any other input the simulation takes directly; the cluster then settles.
    Input(Input),
    /// Remove every taint with this key, whatever its effect (`kubectl taint nodes N key-`).
    UntaintKey {
        /// Node name.
        node: String,
        /// Taint key.
        key: String,
    },
    /// Let time pass without settling.
    Wait(SimDuration),
    /// The churn autopilot ([`crate::autopilot`]) for its `for`: its operations are
    /// ordinary inputs at their times; then the cluster settles.
    Autopilot(crate::autopilot::Config),
    /// A kubectl command line ([`crate::kubectl`]), carried out on the cluster as the
    /// console carries it out.
    Kubectl {
        /// The command line after `kubectl:`, as typed.
        line: String,
        /// The parsed command.
        command: Box<crate::kubectl::Command>,
    },
}

/// A step and the text it was parsed from (for messages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepSpec {
    /// As typed.
    pub text: String,
    /// Parsed.
    pub step: Step,
}

const VERBS: &[&str] = &[
    "file",
    "link",
    "delete",
    "add-node",
    "remove-node",
    "cordon",
    "uncordon",
    "notready",
    "lose",
    "ready",
    "taint",
    "untaint",
    "label",
    "unlabel",
    "fail",
    "undo",
    "wait",
    "autopilot",
    "kubectl",
];

impl StepSpec {
    /// Parses one step; `namespace` is used for namespaced objects named without one.
    pub fn parse(text: &str, namespace: &str) -> Result<StepSpec, String> {
        let step = parse_step(text, namespace)?;
        Ok(StepSpec {
            text: text.to_string(),
            step,
        })
    }

    /// The step as messages show it: as typed, or Go-quoted (`"a\nb"`) when it holds a
    /// character a terminal should not get raw (a newline, a control or bidi character).
    pub fn shown(&self) -> String {
        let quoted = quote(&self.text);
        if quoted.len() == self.text.len() + 2 {
            self.text.clone()
        } else {
            quoted
        }
    }
}

/// Whether `text` starts with a step verb (used to explain a missing file better).
pub fn looks_like_verb(text: &str) -> bool {
    text.split_once(':').is_some_and(|(v, _)| {
        v.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !v.is_empty()
    })
}

fn parse_step(text: &str, namespace: &str) -> Result<Step, String> {
    if text == "-" {
        return Ok(Step::Apply(Source::Stdin));
    }
    if text == "default-cluster" {
        return Ok(Step::DefaultCluster);
    }
    let Some((verb, arg)) = text.split_once(':') else {
        return Ok(Step::Apply(Source::File(text.to_string())));
    };
    if !VERBS.contains(&verb) {
        return Ok(Step::Apply(Source::File(text.to_string())));
    }
    let node_op = |op: NodeOp| Ok(Step::Input(Input::Node(op)));
    match verb {
        "file" => {
            non_empty(arg, "file path")?;
            Ok(Step::Apply(Source::File(arg.to_string())))
        }
        "link" => {
            non_empty(arg, "share link")?;
            Ok(Step::Link(arg.to_string()))
        }
        "delete" => {
            let (kind, ns, name) = object_ref(arg, namespace)?;
            Ok(Step::Input(Input::Delete {
                kind,
                namespace: ns,
                name,
            }))
        }
        "remove-node" => node_op(NodeOp::Remove {
            name: node_name(arg)?,
        }),
        "add-node" => {
            let (template, name) = match arg.split_once(':') {
                Some((t, n)) => (t, Some(node_name(n)?)),
                None => (arg, None),
            };
            node_op(NodeOp::Add {
                name,
                template: NodeTemplate::parse(template)?,
            })
        }
        "cordon" => node_op(NodeOp::Cordon {
            name: node_name(arg)?,
        }),
        "uncordon" => node_op(NodeOp::Uncordon {
            name: node_name(arg)?,
        }),
        "notready" => node_op(NodeOp::SetReady {
            name: node_name(arg)?,
            ready: false,
        }),
        "lose" => node_op(NodeOp::Lose {
            name: node_name(arg)?,
        }),
        "ready" => node_op(NodeOp::SetReady {
            name: node_name(arg)?,
            ready: true,
        }),
        "taint" => parse_taint(arg),
        "untaint" => parse_untaint(arg),
        "label" => parse_label(arg),
        "unlabel" => {
            let (node, key) = node_and(arg, "KEY")?;
            non_empty(key, "label key")?;
            node_op(NodeOp::RemoveLabel {
                name: node,
                key: key.to_string(),
            })
        }
        "fail" => {
            let (kind, ns, name) = object_ref(arg, namespace)?;
            if kind != ObjectKind::Pod {
                return Err(format!(
                    "fail: expects pod/NAME, got {kind} (only pods can fail)"
                ));
            }
            Ok(Step::Input(Input::FailPod {
                namespace: ns,
                name,
            }))
        }
        "undo" => {
            let (target, revision) = match arg.rsplit_once(':') {
                Some((t, r)) => {
                    let rev = i64::from_str(r)
                        .ok()
                        .filter(|r| *r >= 0)
                        .ok_or_else(|| format!("undo: revision {r:?} is not a whole number"))?;
                    (t, Some(rev))
                }
                None => (arg, None),
            };
            let (kind, ns, name) = object_ref(target, namespace)?;
            if kind != ObjectKind::DaemonSet {
                return Err(format!("undo: expects ds/NAME, got {kind}"));
            }
            Ok(Step::Input(Input::Rollback {
                namespace: ns,
                name,
                to_revision: revision,
            }))
        }
        "wait" => Ok(Step::Wait(parse_duration(arg)?)),
        "autopilot" => Ok(Step::Autopilot(
            crate::autopilot::Config::parse(arg).map_err(|e| format!("autopilot: {e}"))?,
        )),
        "kubectl" => {
            // kubectl's message without its `error: ` (the step's error says it).
            let message = |e: crate::kubectl::UsageError| {
                let m = e.0.trim_end();
                m.strip_prefix("error: ").unwrap_or(m).to_string()
            };
            let words = crate::kubectl::split_words(arg).map_err(message)?;
            let words = match words.first() {
                Some(w) if w == "kubectl" => words.get(1..).unwrap_or_default().to_vec(),
                _ => words,
            };
            let command = crate::kubectl::parse_args(&words).map_err(message)?;
            Ok(Step::Kubectl {
                line: arg.to_string(),
                command: Box::new(command),
            })
        }
        _ => Err(format!("unknown step verb {verb:?}")),
    }
}

fn non_empty(s: &str, what: &str) -> Result<(), String> {
    if s.is_empty() {
        Err(format!("missing {what}"))
    } else {
        Ok(())
    }
}

fn node_name(s: &str) -> Result<String, String> {
    non_empty(s, "node name")?;
    if s.contains([':', '/', '=']) || s.chars().any(char::is_whitespace) {
        return Err(format!("{s:?} is not a node name"));
    }
    Ok(s.to_string())
}

/// `NODE:REST`.
fn node_and<'a>(arg: &'a str, rest: &str) -> Result<(String, &'a str), String> {
    let (node, tail) = arg
        .split_once(':')
        .ok_or_else(|| format!("expected NODE:{rest}"))?;
    Ok((node_name(node)?, tail))
}

/// `NODE:KEY[=VALUE]:EFFECT`, or kubectl's removal forms `NODE:KEY[=VALUE]:EFFECT-`,
/// `NODE:KEY-`. What the key, value and effect may hold is the API server's to say (the
/// simulation validates the Node update); only the form is checked here.
fn parse_taint(arg: &str) -> Result<Step, String> {
    let (node, spec) = node_and(arg, "KEY[=VALUE]:EFFECT")?;
    if let Some(removal) = spec.strip_suffix('-') {
        return untaint(node, removal);
    }
    let (key, value, effect) = parse_taint_spec(spec)?;
    Ok(Step::Input(Input::Node(NodeOp::AddTaint {
        name: node,
        key,
        value,
        effect,
    })))
}

fn parse_untaint(arg: &str) -> Result<Step, String> {
    let (node, spec) = node_and(arg, "KEY[:EFFECT]")?;
    untaint(node, spec)
}

/// kubectl's `parseTaint` of a taint to remove: `KEY[=VALUE]:EFFECT` removes the key's taint
/// with that effect (the value plays no part), `KEY` every taint with that key.
fn untaint(node: String, spec: &str) -> Result<Step, String> {
    match spec.rsplit_once(':') {
        Some((kv, eff)) => {
            let key = kv.split_once('=').map_or(kv, |(k, _)| k);
            non_empty(key, "taint key")?;
            Ok(Step::Input(Input::Node(NodeOp::RemoveTaint {
                name: node,
                key: key.to_string(),
                effect: Some(TaintEffect::parse_kubectl(eff)?),
            })))
        }
        None => {
            non_empty(spec, "taint key")?;
            Ok(Step::UntaintKey {
                node,
                key: spec.to_string(),
            })
        }
    }
}

/// `NODE:KEY=VALUE`, or kubectl's removal form `NODE:KEY-`.
fn parse_label(arg: &str) -> Result<Step, String> {
    let (node, spec) = node_and(arg, "KEY=VALUE")?;
    if let Some(key) = spec.strip_suffix('-') {
        non_empty(key, "label key")?;
        return Ok(Step::Input(Input::Node(NodeOp::RemoveLabel {
            name: node,
            key: key.to_string(),
        })));
    }
    let (key, value) = spec
        .split_once('=')
        .ok_or_else(|| format!("label {spec:?}: expected KEY=VALUE"))?;
    non_empty(key, "label key")?;
    Ok(Step::Input(Input::Node(NodeOp::SetLabel {
        name: node,
        key: key.to_string(),
        value: value.to_string(),
    })))
}

/// `KIND/NAME` or `KIND/NAMESPACE/NAME`; the kind is returned in the simulation's spelling.
fn object_ref(arg: &str, namespace: &str) -> Result<(ObjectKind, String, String), String> {
    let parts: Vec<&str> = arg.split('/').collect();
    let (kind, ns, name) = match parts.as_slice() {
        [kind, name] => (*kind, namespace, *name),
        [kind, ns, name] => (*kind, *ns, *name),
        _ => {
            return Err(format!(
                "{arg:?}: expected KIND/NAME or KIND/NAMESPACE/NAME"
            ))
        }
    };
    let kind = ObjectKind::from_kubectl(kind)
        .ok_or_else(|| format!("unknown kind {kind:?} (node, daemonset or ds, pod)"))?;
    non_empty(name, "name")?;
    non_empty(ns, "namespace")?;
    let ns = if kind == ObjectKind::Node { "" } else { ns };
    Ok((kind, ns.to_string(), name.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(text: &str) -> Step {
        StepSpec::parse(text, "default").unwrap().step
    }
    fn err(text: &str) -> String {
        StepSpec::parse(text, "default").unwrap_err()
    }
    fn op(o: NodeOp) -> Step {
        Step::Input(Input::Node(o))
    }

    #[test]
    fn files_and_stdin() {
        assert_eq!(step("ds.yaml"), Step::Apply(Source::File("ds.yaml".into())));
        assert_eq!(step("-"), Step::Apply(Source::Stdin));
        assert_eq!(
            step("file:wait:1"),
            Step::Apply(Source::File("wait:1".into()))
        );
        assert_eq!(
            step("C:/x.yaml"),
            Step::Apply(Source::File("C:/x.yaml".into()))
        );
        assert_eq!(step("default-cluster"), Step::DefaultCluster);
        assert_eq!(
            step("link:https://x/#v1=AA"),
            Step::Link("https://x/#v1=AA".into())
        );
        assert!(err("link:").contains("missing share link"));
    }

    #[test]
    fn delete_kinds_and_namespaces() {
        assert_eq!(
            step("delete:node/worker-2"),
            Step::Input(Input::Delete {
                kind: ObjectKind::Node,
                namespace: String::new(),
                name: "worker-2".into()
            })
        );
        assert_eq!(
            step("delete:ds/kube-system/fluentd"),
            Step::Input(Input::Delete {
                kind: ObjectKind::DaemonSet,
                namespace: "kube-system".into(),
                name: "fluentd".into()
            })
        );
        let s = StepSpec::parse("delete:pod/x", "monitoring").unwrap().step;
        assert_eq!(
            s,
            Step::Input(Input::Delete {
                kind: ObjectKind::Pod,
                namespace: "monitoring".into(),
                name: "x".into()
            })
        );
        assert!(err("delete:service/x").contains("unknown kind"));
        assert!(err("delete:node").contains("expected KIND/NAME"));
    }

    #[test]
    fn node_operations() {
        assert_eq!(
            step("cordon:worker-1"),
            op(NodeOp::Cordon {
                name: "worker-1".into()
            })
        );
        assert_eq!(
            step("notready:w"),
            op(NodeOp::SetReady {
                name: "w".into(),
                ready: false
            })
        );
        assert_eq!(step("lose:w"), op(NodeOp::Lose { name: "w".into() }));
        assert!(err("lose:a/b").contains("is not a node name"));
        assert_eq!(
            step("add-node:gpu-worker:gpu-1"),
            op(NodeOp::Add {
                name: Some("gpu-1".into()),
                template: NodeTemplate::GpuWorker
            })
        );
        assert_eq!(
            step("add-node:small"),
            op(NodeOp::Add {
                name: None,
                template: NodeTemplate::Small
            })
        );
        assert!(err("add-node:huge").contains("unknown node template"));
        assert!(err("cordon:").contains("missing node name"));
    }

    #[test]
    fn taints() {
        assert_eq!(
            step("taint:w:dedicated=gpu:NoSchedule"),
            op(NodeOp::AddTaint {
                name: "w".into(),
                key: "dedicated".into(),
                value: "gpu".into(),
                effect: TaintEffect::NoSchedule
            })
        );
        assert_eq!(
            step("taint:w:example.com/x:NoExecute"),
            op(NodeOp::AddTaint {
                name: "w".into(),
                key: "example.com/x".into(),
                value: String::new(),
                effect: TaintEffect::NoExecute
            })
        );
        assert_eq!(
            step("untaint:w:dedicated:NoSchedule"),
            op(NodeOp::RemoveTaint {
                name: "w".into(),
                key: "dedicated".into(),
                effect: Some(TaintEffect::NoSchedule)
            })
        );
        assert_eq!(
            step("taint:w:dedicated:NoSchedule-"),
            step("untaint:w:dedicated:NoSchedule")
        );
        assert_eq!(
            step("untaint:w:dedicated"),
            Step::UntaintKey {
                node: "w".into(),
                key: "dedicated".into()
            }
        );
        // Every kubectl removal form: the value of `KEY=VALUE:EFFECT-` plays no part.
        assert_eq!(
            step("taint:w:dedicated=gpu:NoSchedule-"),
            step("untaint:w:dedicated:NoSchedule")
        );
        assert_eq!(
            step("untaint:w:dedicated=gpu:NoSchedule"),
            step("untaint:w:dedicated:NoSchedule")
        );
        assert_eq!(step("taint:w:dedicated-"), step("untaint:w:dedicated"));
        assert!(err("taint:w:=v:NoSchedule-").contains("missing taint key"));
        assert!(err("taint:w:k=v:Sometimes").contains("invalid taint effect: Sometimes"));
        assert!(err("taint:w:k=v").contains("expected KEY[=VALUE]:EFFECT"));
    }

    #[test]
    fn steps_with_unprintable_characters_are_shown_quoted() {
        let shown = |t: &str| StepSpec::parse(t, "default").unwrap().shown();
        assert_eq!(shown("label:w:a=b"), "label:w:a=b");
        assert_eq!(shown("label:w:a=b\nc"), r#""label:w:a=b\nc""#);
        assert_eq!(
            shown("add-node:worker:x\u{202e}y"),
            r#""add-node:worker:x\u202ey""#
        );
    }

    #[test]
    fn labels() {
        assert_eq!(
            step("label:w:disktype=ssd"),
            op(NodeOp::SetLabel {
                name: "w".into(),
                key: "disktype".into(),
                value: "ssd".into()
            })
        );
        assert_eq!(step("label:w:disktype-"), step("unlabel:w:disktype"));
        assert!(err("label:w:disktype").contains("expected KEY=VALUE"));
    }

    #[test]
    fn pods_rollbacks_and_time() {
        assert_eq!(
            step("fail:pod/agent-abcde"),
            Step::Input(Input::FailPod {
                namespace: "default".into(),
                name: "agent-abcde".into()
            })
        );
        assert_eq!(
            step("undo:ds/agent:2"),
            Step::Input(Input::Rollback {
                namespace: "default".into(),
                name: "agent".into(),
                to_revision: Some(2)
            })
        );
        assert_eq!(
            step("undo:daemonset/kube-system/agent"),
            Step::Input(Input::Rollback {
                namespace: "kube-system".into(),
                name: "agent".into(),
                to_revision: None
            })
        );
        assert!(err("undo:pod/x").contains("expects ds/NAME"));
        assert!(err("undo:ds/x:two").contains("not a whole number"));
        assert_eq!(step("wait:1h30m"), Step::Wait(SimDuration::from_secs(5400)));
        assert!(err("wait:30").contains("missing unit"));
    }

    #[test]
    fn kubectl_command_lines_go_through_the_console_parser() {
        match step("kubectl:taint nodes worker-2 dedicated=db:NoExecute") {
            Step::Kubectl { line, command } => {
                assert_eq!(line, "taint nodes worker-2 dedicated=db:NoExecute");
                assert!(command.mutates());
            }
            other => panic!("{other:?}"),
        }
        match step("kubectl:kubectl get pods -o wide") {
            Step::Kubectl { command, .. } => assert!(!command.mutates()),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            err("kubectl:get dae"),
            "the server doesn't have a resource type \"dae\""
        );
        assert!(err("kubectl:gte pods").contains("unknown command \"gte\" for \"kubectl\""));
    }
}
