//! Carrying out a parsed command on a [`Simulation`]: what kubectl would print, its exit
//! status, and the inputs it gave the cluster (the same [`Input`]s the page's buttons and
//! the CLI's steps give, so a run replays, shares and records the same way).

use super::describe;
use super::parse::{Command, Output, Rollout, Scope, Target};
use super::resources::{self, Resource, Simulated};
use super::selector::Selector;
use crate::load::validate::quote;
use crate::print::get::EventSource as _;
use crate::print::get::{created_age, daemon_set_row, event_row, format_labels, node_row, PodRows};
use crate::print::get::{EVENT_COLUMNS, NODE_COLUMNS, POD_COLUMNS};
use crate::print::table::{self, Cells};
use crate::print::{self, yaml, DAEMON_SET_COLUMNS};
use crate::sim::{EventRef, Input, ListObject, NodeOp, ObjectKind, PodRef, SimError, Simulation};
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::Node;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Where a piece of output goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Standard output.
    Out,
    /// Standard error.
    Err,
}

/// What a command did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The output, in the order it was written (standard output and error interleaved as a
    /// terminal shows them).
    pub chunks: Vec<(Stream, String)>,
    /// kubectl's exit status (0 or 1).
    pub exit_code: u8,
    /// The inputs the command gave the cluster, in order (already applied).
    pub inputs: Vec<Input>,
    /// `edit`: the object's YAML, for the page's editor.
    pub edit: Option<String>,
    /// `clear`: the console's scrollback is to be cleared.
    pub clear: bool,
    /// Lines before the output were left out: an answer longer than
    /// [`Context::keep_lines`] (the console says so at the top of its scrollback).
    pub cut: bool,
}

impl Outcome {
    fn out(&mut self, text: impl Into<String>) {
        self.chunks.push((Stream::Out, text.into()));
    }
    fn err(&mut self, text: impl Into<String>) {
        self.chunks.push((Stream::Err, text.into()));
    }
    /// Keeps only each chunk's last `keep` lines (at least one), as the console splits a
    /// chunk into lines (a last line break ends its last line), and sets [`Outcome::cut`]
    /// when lines were left out: what a reader that keeps `keep` lines shows, without the
    /// rest held in memory (a 50,000-row table).
    fn keep_last_lines(&mut self, keep: usize) {
        let keep = keep.max(1);
        for (_, text) in &mut self.chunks {
            let body = text.strip_suffix('\n').unwrap_or(text);
            let breaks = body.bytes().filter(|&b| b == b'\n').count();
            // `breaks + 1` lines: the first one kept follows break number `breaks - keep`.
            let Some(skip) = breaks.checked_sub(keep) else {
                continue;
            };
            if let Some((i, _)) = body.match_indices('\n').nth(skip) {
                text.drain(..=i);
                self.cut = true;
            }
        }
    }
    /// An error as kubectl's `CheckErr` prints it (`error: ` unless the message says so),
    /// exit status 1.
    fn fail(&mut self, message: &str) {
        self.exit_code = 1;
        if message.starts_with("error") || message.starts_with("Error from server") {
            self.err(format!("{message}\n"));
        } else {
            self.err(format!("error: {message}\n"));
        }
    }
    /// The API server's NotFound.
    fn not_found(&mut self, resource: &Resource, name: &str) {
        self.exit_code = 1;
        self.err(format!(
            "Error from server (NotFound): {} {} not found\n",
            resource.qualified(),
            quote(name)
        ));
    }
    /// What went to standard output.
    pub fn stdout(&self) -> String {
        self.text_of(Some(Stream::Out))
    }
    /// What went to standard error.
    pub fn stderr(&self) -> String {
        self.text_of(Some(Stream::Err))
    }
    /// Both, as a terminal shows them.
    pub fn text(&self) -> String {
        self.text_of(None)
    }
    fn text_of(&self, stream: Option<Stream>) -> String {
        self.chunks
            .iter()
            .filter(|(s, _)| stream.is_none_or(|want| *s == want))
            .map(|(_, t)| t.as_str())
            .collect()
    }
}

/// The files `apply -f`, `create -f`, `delete -f` and `cat` read: name → text.
pub type Files = BTreeMap<String, String>;

/// What a command may read besides the cluster: the folder, and the API's field
/// descriptions for `explain` (the page loads them when first needed).
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'a> {
    /// The folder `apply -f`, `cat` and `ls` read.
    pub files: Option<&'a Files>,
    /// The field descriptions `explain` prints.
    pub field_docs: Option<&'a crate::field_docs::FieldDocs>,
    /// A reader that keeps only the last lines of an answer (the page's console keeps its
    /// scrollback's last 10,000): an answer, unless watched, keeps only each chunk's last
    /// `keep_lines` lines and sets [`Outcome::cut`] if it had more; a `get -o yaml|json` List
    /// is written only that far ([`print::yaml::write_list_tail`],
    /// [`print::json::write_list_tail`]), the same bytes as the whole List's last lines,
    /// reading only the objects they reach. `None`: whole answers (the CLI).
    pub keep_lines: Option<usize>,
}

/// Runs one console line on `sim`: a kubectl command (with or without `kubectl`), `ls`,
/// `cat FILE`, `clear` or `help`. Never panics on any input.
pub fn run(sim: &mut Simulation, line: &str, files: &Files) -> Outcome {
    run_in(
        sim,
        line,
        &Context {
            files: Some(files),
            ..Context::default()
        },
    )
}

/// [`run`] with the field descriptions too.
pub fn run_in(sim: &mut Simulation, line: &str, cx: &Context<'_>) -> Outcome {
    match super::parse::parse_line(line) {
        Ok(None) => Outcome::default(),
        Ok(Some(command)) => execute_in(sim, &command, cx),
        Err(e) => Outcome {
            chunks: vec![(Stream::Err, e.0)],
            exit_code: 1,
            ..Outcome::default()
        },
    }
}

/// Carries out a parsed command.
pub fn execute(sim: &mut Simulation, command: &Command, files: &Files) -> Outcome {
    execute_in(
        sim,
        command,
        &Context {
            files: Some(files),
            ..Context::default()
        },
    )
}

/// [`execute`] with the field descriptions too.
///
/// Each verb's work is a function of its own, not inlined here (`#[inline(never)]`): a
/// browser compiles a wasm function whole the first time it runs, so the first `get` of a
/// page compiles `get`'s code and not every other verb's (docs/performance.md, "The
/// console").
pub fn execute_in(sim: &mut Simulation, command: &Command, cx: &Context<'_>) -> Outcome {
    let empty = Files::new();
    let files = cx.files.unwrap_or(&empty);
    let mut o = Outcome::default();
    match command {
        Command::Get { watch, .. } => {
            // A watch compares the rows it printed with the next ones: printed whole.
            let keep = if *watch { None } else { cx.keep_lines };
            if let Some(answer) = query_in(sim, command, keep) {
                o = answer;
            }
        }
        Command::Describe {
            targets,
            scope,
            selector,
        } => describe_targets(sim, targets, scope, selector.as_deref(), &mut o),
        Command::Files {
            verb,
            files: names,
            scope,
        } => {
            apply_files(sim, verb, names, scope, files, &mut o);
        }
        Command::Delete {
            targets,
            scope,
            ignore_not_found,
        } => delete(sim, targets, scope, *ignore_not_found, &mut o),
        Command::Taint {
            nodes,
            all,
            taints,
            overwrite,
        } => taint(sim, nodes, *all, taints, *overwrite, &mut o),
        Command::Meta {
            verb,
            targets,
            changes,
            overwrite,
            scope,
        } => meta(sim, verb, targets, changes, *overwrite, scope, &mut o),
        Command::Node {
            verb,
            nodes,
            ignore_daemonsets,
            force,
        } => node_command(sim, verb, nodes, *ignore_daemonsets, *force, &mut o),
        Command::Rollout {
            sub,
            targets,
            revision,
            scope,
        } => rollout(sim, *sub, targets, *revision, scope, &mut o),
        Command::SetImage {
            targets,
            images,
            scope,
        } => set_image(sim, targets, images, scope, &mut o),
        Command::Scale { targets, scope, .. } => scale(sim, targets, scope, &mut o),
        Command::Edit { target, scope } => {
            let name = target.name.as_deref().unwrap_or_default();
            match object_yaml(sim, target.resource, scope.namespace(), name) {
                Some(text) => {
                    o.out(format!(
                        "{}/{} opened in the editor: change it, then Apply\n",
                        target.resource.kind_group(),
                        name
                    ));
                    o.edit = Some(text);
                }
                None => o.not_found(target.resource, name),
            }
        }
        Command::Explain {
            path,
            recursive,
            max_depth,
        } => match cx.field_docs {
            Some(docs) => {
                let opts = crate::field_docs::ExplainOptions {
                    recursive: *recursive,
                    max_depth: *max_depth,
                };
                match crate::field_docs::explain(docs, path, opts) {
                    Ok(text) => o.out(text),
                    Err(e) => o.fail(&e),
                }
            }
            None => o.fail("the field descriptions are not loaded (web/field-docs.json)"),
        },
        Command::Version { client } => {
            o.out(format!(
                "Client Version: {KUBECTL_VERSION}\nKustomize Version: v5.6.0\n"
            ));
            if !client {
                o.out(format!("Server Version: {KUBECTL_VERSION}\n"));
            }
        }
        Command::ApiResources { namespaced, output } => {
            api_resources(*namespaced, *output, &mut o);
        }
        Command::Ls => {
            let mut names: Vec<&String> = files.keys().collect();
            crate::sort::sort(&mut names);
            let text: String = names.iter().map(|n| format!("{n}\n")).collect();
            o.out(text);
        }
        Command::Cat { files: names } => {
            for n in names {
                match files.get(n) {
                    Some(t) => {
                        // One chunk per file: a reader splits a chunk into lines, so the line
                        // break added after a last line without one must not be a chunk (an
                        // empty line) of its own.
                        let mut t = t.clone();
                        if !t.ends_with('\n') && !t.is_empty() {
                            t.push('\n');
                        }
                        o.out(t);
                    }
                    None => {
                        o.exit_code = 1;
                        o.err(format!("cat: {n}: No such file or directory\n"));
                    }
                }
            }
        }
        Command::Clear => o.clear = true,
        Command::Help => o.out(HELP),
    }
    // A reader that keeps only the last lines is given no more (a watch compares rows).
    if let Some(keep) = cx.keep_lines {
        if !matches!(command, Command::Get { watch: true, .. }) {
            o.keep_last_lines(keep);
        }
    }
    o
}

/// `get` carried out on a cluster it does not change (what `-w` prints again as the
/// cluster moves on); `None` for any other command.
pub fn query(sim: &Simulation, command: &Command) -> Option<Outcome> {
    query_in(sim, command, None)
}

/// [`query`] for a reader that keeps only the last `keep_lines` lines of a `-o yaml|json`
/// List ([`Context::keep_lines`]).
fn query_in(sim: &Simulation, command: &Command, keep_lines: Option<usize>) -> Option<Outcome> {
    let Command::Get {
        targets,
        scope,
        output,
        selector,
        show_labels,
        sort_by,
        watch: _,
        ignore_not_found,
        no_headers,
    } = command
    else {
        return None;
    };
    let q = Query {
        scope,
        selector: selector.as_deref(),
        show_labels: *show_labels,
        sort_by: sort_by.as_deref(),
        no_headers: *no_headers,
        output: *output,
        ignore_not_found: *ignore_not_found,
        keep_lines,
    };
    let mut o = Outcome::default();
    get(sim, targets, &q, &mut o);
    Some(o)
}

/// The version the playground's cluster runs (its nodes' kubelets).
pub const KUBECTL_VERSION: &str = "v1.33.1";

/// `kubectl` alone (or `help`): what the console takes.
pub const HELP: &str = "\
kubectl controls the playground's simulated cluster.

 Basic Commands:
  get            Display one or many resources (nodes, ds, pods, events, controllerrevisions, all)
  describe       Show details of a node, DaemonSet or pod
  apply -f FILE  Apply a manifest from the folder (ls lists it, cat FILE shows a file)
  create -f FILE Create the objects of a manifest
  delete         Delete resources by file names or by type and name
  edit           Open an object in the editor

 Node Commands:
  cordon, uncordon, drain, taint, label, annotate

 Rollouts:
  rollout status|history|undo|restart ds/NAME, set image ds/NAME CONTAINER=IMAGE

 Other:
  version, api-resources, ls, cat FILE, clear (Ctrl+L)
";

/// The reading flags of `get`.
struct Query<'a> {
    scope: &'a Scope,
    selector: Option<&'a str>,
    show_labels: bool,
    sort_by: Option<&'a str>,
    no_headers: bool,
    output: Output,
    /// `--ignore-not-found`.
    ignore_not_found: bool,
    /// [`Context::keep_lines`].
    keep_lines: Option<usize>,
}

/// One object a command names, read in place where the simulation keeps it so: a pod
/// without building its `Pod` ([`PodRef`]), a node or a DaemonSet as stored. The API
/// object is built only for what prints it whole ([`Found::object`]: `-o yaml`,
/// `--sort-by`, `describe pod`).
#[derive(Clone, Debug)]
pub(super) enum Found<'a> {
    Node(&'a Node),
    DaemonSet(&'a DaemonSet),
    Pod(PodRef<'a>),
    /// An event read in place, with its name (built: the object's name and a suffix).
    Event(EventRef<'a>, String),
    /// ControllerRevisions, built.
    Built(ListObject<'a>),
}

impl<'a> Found<'a> {
    /// The metadata of an object read whole (a pod read in place has none).
    fn meta(&self) -> Option<&ObjectMeta> {
        match self {
            Found::Node(n) => Some(&n.metadata),
            Found::DaemonSet(d) => Some(&d.metadata),
            Found::Pod(_) | Found::Event(..) => None,
            Found::Built(x) => Some(meta_of(x)),
        }
    }

    pub(super) fn name(&self) -> &str {
        match self {
            Found::Pod(p) => p.name(),
            Found::Event(_, name) => name,
            _ => self
                .meta()
                .and_then(|m| m.name.as_deref())
                .unwrap_or_default(),
        }
    }

    fn namespace(&self) -> &str {
        match self {
            Found::Pod(p) => p.namespace(),
            Found::Event(e, _) => e.namespace(),
            _ => self
                .meta()
                .and_then(|m| m.namespace.as_deref())
                .unwrap_or_default(),
        }
    }

    fn labels(&self) -> Option<&BTreeMap<String, String>> {
        match self {
            Found::Pod(p) => p.labels(),
            _ => self.meta().and_then(|m| m.labels.as_ref()),
        }
    }

    /// The object as the API shapes it.
    fn object(&self, sim: &'a Simulation) -> ListObject<'a> {
        match self {
            Found::Node(n) => ListObject::Node(Box::new(
                sim.node_object(self.name()).unwrap_or_else(|| (*n).clone()),
            )),
            Found::DaemonSet(d) => ListObject::DaemonSet(Box::new(
                sim.daemon_set_rendered(self.namespace(), self.name())
                    .unwrap_or_else(|| (*d).clone().into()),
            )),
            Found::Pod(p) => ListObject::Pod(Box::new(p.rendered())),
            Found::Event(e, _) => ListObject::Event(Box::new(e.object())),
            Found::Built(x) => x.clone(),
        }
    }
}

/// The objects of one simulated kind, read in place where they can be.
pub(super) fn objects_of(sim: &Simulation, kind: Simulated) -> Vec<Found<'_>> {
    let built = |kind| sim.list_objects_of(kind).map(Found::Built).collect();
    match kind {
        Simulated::Node => sim.stored_nodes().map(Found::Node).collect(),
        Simulated::DaemonSet => sim.stored_daemon_sets().map(Found::DaemonSet).collect(),
        Simulated::Pod => sim.pod_refs().into_iter().map(Found::Pod).collect(),
        Simulated::Event => sim
            .event_refs()
            .map(|e| Found::Event(e, e.name()))
            .collect(),
        Simulated::ControllerRevision => built(crate::sim::ListKind::ControllerRevision),
        Simulated::None => Vec::new(),
    }
}

fn meta_of<'o>(o: &'o ListObject<'_>) -> &'o ObjectMeta {
    match o {
        ListObject::Node(x) => &x.metadata,
        ListObject::DaemonSet(x) => x.metadata(),
        ListObject::ControllerRevision(x) => x.metadata(),
        ListObject::Pod(x) => x.metadata(),
        ListObject::Event(x) => &x.metadata,
    }
}

fn name_of<'o>(o: &'o ListObject<'_>) -> &'o str {
    meta_of(o).name.as_deref().unwrap_or_default()
}

fn namespace_of<'o>(o: &'o ListObject<'_>) -> &'o str {
    meta_of(o).namespace.as_deref().unwrap_or_default()
}

/// The objects a target names, in the scope and matching the selector; NotFound reported.
fn find<'a>(
    sim: &'a Simulation,
    target: &Target,
    scope: &Scope,
    selector: Option<&Selector>,
    o: &mut Outcome,
) -> Vec<Found<'a>> {
    let r = target.resource;
    let candidates = match (r.simulated, &target.name) {
        // One pod by name: looked up, not searched for.
        (Simulated::Pod, Some(n)) => sim
            .pod_ref(scope.namespace(), n)
            .map(Found::Pod)
            .into_iter()
            .collect(),
        _ => objects_of(sim, r.simulated),
    };
    // Filtered in place: thousands of pods are not copied into a growing second list.
    let mut found: Vec<Found<'a>> = candidates;
    found.retain(|x| {
        (!r.namespaced
            || (scope.all && target.name.is_none())
            || x.namespace() == scope.namespace())
            && target.name.as_deref().is_none_or(|n| x.name() == n)
            && selector.is_none_or(|s| s.matches(x.labels()))
    });
    if let Some(n) = &target.name {
        if found.is_empty() {
            o.not_found(r, n);
        }
        found.truncate(1);
    }
    found
}

fn parse_selector(selector: Option<&str>, o: &mut Outcome) -> Result<Option<Selector>, ()> {
    match selector.map(Selector::parse).transpose() {
        Ok(s) => Ok(s),
        Err(e) => {
            o.fail(&e);
            Err(())
        }
    }
}

fn get(sim: &Simulation, targets: &[Target], q: &Query<'_>, o: &mut Outcome) {
    let Ok(selector) = parse_selector(q.selector, o) else {
        return;
    };
    // Objects grouped by type, in the order the types were named (kubectl's groups).
    let mut groups: Vec<(&'static Resource, Vec<Found<'_>>)> = Vec::new();
    let single = targets.len() == 1 && targets.first().is_some_and(|t| t.name.is_some());
    // `--ignore-not-found`: the builder drops NotFound errors (`r.IgnoreErrors`).
    let mut ignored = Outcome::default();
    for t in targets {
        let errors = if q.ignore_not_found {
            &mut ignored
        } else {
            &mut *o
        };
        let found = find(sim, t, q.scope, selector.as_ref(), errors);
        match groups.last_mut() {
            Some((r, objs)) if std::ptr::eq(*r, t.resource) => objs.extend(found),
            _ => groups.push((t.resource, found)),
        }
    }
    if let Some(path) = q.sort_by {
        for (_, objs) in &mut groups {
            sort_by_path(sim, objs, path);
        }
    }
    let with_kind = groups.len() > 1;
    let none = groups.iter().all(|(_, objs)| objs.is_empty());
    match q.output {
        // kubectl's `printGeneric`: nothing found and `--ignore-not-found` prints nothing.
        Output::Yaml | Output::Json | Output::Name if none && q.ignore_not_found => {}
        Output::Yaml | Output::Json => {
            let objs = groups.iter().flat_map(|(_, objs)| objs.iter());
            match (single, objs.clone().count()) {
                // One object named and missing: its error alone, no empty List
                // (`singleItemImplied`; kubernetes/kubernetes#28243).
                (true, 0) => {}
                // One object named: printed alone.
                (true, 1) => {
                    if let Some(x) = objs.clone().next() {
                        o.out(print_one(&x.object(sim), q.output));
                    }
                }
                // Several, or none of several (an empty List, then the errors): a List,
                // each object built when the writer reaches it.
                _ => {
                    let (text, cut) =
                        print_list(objs.map(|x| x.object(sim)), q.output, q.keep_lines);
                    o.cut |= cut;
                    o.out(text);
                }
            }
        }
        Output::Name => {
            let text: String = groups
                .iter()
                .flat_map(|(r, objs)| {
                    objs.iter()
                        .map(move |x| format!("{}/{}\n", r.kind_group(), x.name()))
                })
                .collect();
            // A List of names: nothing when it is empty (no "No resources found", which
            // only the tables print).
            o.out(text);
        }
        Output::Table | Output::Wide => {
            let mut text = String::new();
            for (r, objs) in &groups {
                if objs.is_empty() {
                    continue;
                }
                if !text.is_empty() {
                    text.push('\n');
                }
                let rows = table_rows(sim, r, objs, q, with_kind);
                rows.write_string_from(usize::from(q.no_headers), &mut text);
            }
            if text.is_empty() {
                if o.exit_code == 0 && !q.ignore_not_found {
                    no_resources(targets, q.scope, o);
                }
            } else {
                o.out(text);
            }
        }
    }
}

fn no_resources(targets: &[Target], scope: &Scope, o: &mut Outcome) {
    if !scope.all && targets.iter().all(|t| t.resource.namespaced) {
        o.err(format!(
            "No resources found in {} namespace.\n",
            scope.namespace()
        ));
    } else {
        o.err("No resources found\n");
    }
}

/// One object as `-o yaml` / `-o json` print it alone.
fn print_one(obj: &impl Serialize, output: Output) -> String {
    match output {
        Output::Json => print::json::to_json(obj),
        _ => yaml::to_yaml(obj),
    }
    .unwrap_or_default()
}

/// Objects as `-o yaml` / `-o json` print several: a `v1 List`, written item by item
/// ([`print::json::write_list`], [`yaml::write_list`]: the CLI's writers), or only its last
/// `keep` lines, from the last item backwards; with whether lines before them were left out.
fn print_list<T: Serialize>(
    items: impl IntoIterator<Item = T, IntoIter: DoubleEndedIterator>,
    output: Output,
    keep: Option<usize>,
) -> (String, bool) {
    let mut text = String::new();
    // Writing into a String cannot fail.
    let cut = match (output, keep) {
        (Output::Json, None) => print::json::write_list(&mut text, items).map(|()| false),
        (Output::Json, Some(k)) => print::json::write_list_tail(&mut text, items, k),
        (_, None) => yaml::write_list(&mut text, items).map(|()| false),
        (_, Some(k)) => yaml::write_list_tail(&mut text, items, k),
    };
    (text, cut.unwrap_or(false))
}

/// `--sort-by`: a JSONPath field (`.metadata.name`, `{.status.numberReady}`); numbers by
/// value, everything else by its text, missing first; a stable sort.
fn sort_by_path(sim: &Simulation, objs: &mut Vec<Found<'_>>, path: &str) {
    let path = path.trim().trim_start_matches('{').trim_end_matches('}');
    let keys: Vec<&str> = path.split('.').filter(|k| !k.is_empty()).collect();
    let mut keyed: Vec<(Option<Value>, usize)> = objs
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let v = print::to_object(&x.object(sim)).ok();
            let field = v.and_then(|v| keys.iter().try_fold(v, |v, k| v.get(*k).cloned()));
            (field, i)
        })
        .collect();
    crate::sort::sort_by(&mut keyed, |(a, ai), (b, bi)| {
        let ord = match (a, b) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, Some(_)) => std::cmp::Ordering::Less,
            (Some(_), None) => std::cmp::Ordering::Greater,
            (Some(a), Some(b)) => match (a.as_f64(), b.as_f64()) {
                (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
                _ => text_of(a).cmp(&text_of(b)),
            },
        };
        ord.then(ai.cmp(bi))
    });
    let mut taken: Vec<Option<Found<'_>>> = std::mem::take(objs).into_iter().map(Some).collect();
    for (_, i) in keyed {
        if let Some(x) = taken.get_mut(i).and_then(Option::take) {
            objs.push(x);
        }
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The header and rows of one type's table (the header first).
fn table_rows(
    sim: &Simulation,
    r: &Resource,
    objs: &[Found<'_>],
    q: &Query<'_>,
    with_kind: bool,
) -> Cells {
    let now = sim.now();
    let wide = q.output == Output::Wide;
    let namespaced = q.scope.all && r.namespaced;
    let header: Vec<&str> = match r.simulated {
        Simulated::Node if wide => NODE_COLUMNS.iter().chain(NODE_WIDE).copied().collect(),
        Simulated::Node => NODE_COLUMNS.to_vec(),
        Simulated::DaemonSet if wide => DAEMON_SET_COLUMNS
            .iter()
            .chain(DAEMON_SET_WIDE)
            .copied()
            .collect(),
        Simulated::DaemonSet => DAEMON_SET_COLUMNS.to_vec(),
        Simulated::Pod if wide => POD_COLUMNS.to_vec(),
        Simulated::Pod => POD_COLUMNS.iter().take(5).copied().collect(),
        Simulated::Event => EVENT_COLUMNS.to_vec(),
        Simulated::ControllerRevision => vec!["NAME", "CONTROLLER", "REVISION", "AGE"],
        Simulated::None => Vec::new(),
    };
    let mut rows = Cells::new();
    rows.start_row();
    if namespaced {
        rows.cell("NAMESPACE");
    }
    for h in header {
        rows.cell(h);
    }
    if q.show_labels {
        rows.cell("LABELS");
    }
    let kind = if with_kind {
        format!("{}/", r.kind_group())
    } else {
        String::new()
    };
    let mut pods = PodRows::new(now);
    for (i, x) in objs.iter().enumerate() {
        if i == 1 {
            // Room for the rest, like the first object's row.
            rows.reserve_rows(objs.len() - 1);
        }
        rows.start_row();
        if namespaced {
            rows.cell(x.namespace());
        }
        let cells: Vec<String> = match x {
            Found::Node(n) => {
                let mut c: Vec<String> = node_row(n, now).into();
                if wide {
                    c.extend(node_wide(n));
                }
                c
            }
            Found::DaemonSet(d) => {
                let mut c: Vec<String> = daemon_set_row(d, now).into();
                if wide {
                    c.extend(daemon_set_wide(d));
                }
                c
            }
            Found::Pod(p) => {
                let _ = rows.write_str(&kind);
                pods.write(&mut rows, p, wide);
                Vec::new()
            }
            Found::Event(e, _) => event_row(e, now).into(),
            Found::Built(ListObject::ControllerRevision(cr)) => {
                let controller = cr
                    .metadata()
                    .owner_references
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .find(|o| o.controller == Some(true))
                    .map(|o| {
                        let group = o.api_version.split_once('/').map_or("", |(g, _)| g);
                        let kind = o.kind.to_ascii_lowercase();
                        if group.is_empty() {
                            format!("{kind}/{}", o.name)
                        } else {
                            format!("{kind}.{group}/{}", o.name)
                        }
                    })
                    .unwrap_or_else(|| "<none>".to_string());
                vec![
                    cr.metadata().name.clone().unwrap_or_default(),
                    controller,
                    cr.revision().unwrap_or(0).to_string(),
                    created_age(now, cr.metadata()),
                ]
            }
            // Nodes, DaemonSets, pods and events are read in place (`objects_of`).
            Found::Built(_) => Vec::new(),
        };
        if let Some((first, rest)) = cells.split_first() {
            // `kind/` before the name when several types are listed.
            let _ = rows.write_str(&kind);
            rows.cell(first);
            for c in rest {
                rows.cell(c);
            }
        }
        if q.show_labels {
            rows.cell(&format_labels(x.labels()));
        }
    }
    rows
}

const NODE_WIDE: &[&str] = &[
    "INTERNAL-IP",
    "EXTERNAL-IP",
    "OS-IMAGE",
    "KERNEL-VERSION",
    "CONTAINER-RUNTIME",
];

/// `kubectl get nodes -o wide`'s extra cells (`printNode`).
fn node_wide(n: &k8s_openapi::api::core::v1::Node) -> Vec<String> {
    let status = n.status.as_ref();
    let address = |t: &str| {
        status
            .and_then(|s| s.addresses.as_deref())
            .unwrap_or_default()
            .iter()
            .find(|a| a.type_ == t)
            .map_or_else(|| "<none>".to_string(), |a| a.address.clone())
    };
    let info = status.and_then(|s| s.node_info.as_ref());
    let or_unknown = |v: Option<&String>| match v {
        Some(v) if !v.is_empty() => v.clone(),
        _ => "<unknown>".to_string(),
    };
    vec![
        address("InternalIP"),
        address("ExternalIP"),
        or_unknown(info.map(|i| &i.os_image)),
        or_unknown(info.map(|i| &i.kernel_version)),
        or_unknown(info.map(|i| &i.container_runtime_version)),
    ]
}

const DAEMON_SET_WIDE: &[&str] = &["CONTAINERS", "IMAGES", "SELECTOR"];

/// `kubectl get ds -o wide`'s extra cells (`printDaemonSet` with `layoutContainerCells`).
fn daemon_set_wide(d: &k8s_openapi::api::apps::v1::DaemonSet) -> Vec<String> {
    let containers = d
        .spec
        .template
        .spec
        .as_ref()
        .map(|s| s.containers.as_slice())
        .unwrap_or_default();
    let names: Vec<&str> = containers.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = containers
        .iter()
        .map(|c| c.image.as_deref().unwrap_or_default())
        .collect();
    let selector = describe::format_selector(&d.spec.selector);
    vec![names.join(","), images.join(","), selector]
}

#[inline(never)]
fn describe_targets(
    sim: &Simulation,
    targets: &[Target],
    scope: &Scope,
    selector: Option<&str>,
    o: &mut Outcome,
) {
    let Ok(selector) = parse_selector(selector, o) else {
        return;
    };
    let mut first = true;
    for t in targets {
        if t.resource.simulated == Simulated::None {
            if let Some(n) = &t.name {
                o.not_found(t.resource, n);
            }
            continue;
        }
        for x in find(sim, t, scope, selector.as_ref(), o) {
            let text = match &x {
                Found::Node(n) => describe::node(sim, n),
                Found::DaemonSet(d) => describe::daemon_set(sim, d),
                Found::Pod(p) => describe::pod(sim, &p.object()),
                Found::Event(..) => describe::other(&x.object(sim)),
                Found::Built(b) => describe::other(b),
            };
            if !std::mem::replace(&mut first, false) {
                o.out("\n\n");
            }
            o.out(text);
        }
    }
    if first && o.exit_code == 0 {
        no_resources(targets, scope, o);
    }
}

/// Whether the object a named target names exists (in namespace `ns` if namespaced).
fn exists(sim: &Simulation, t: &Target, ns: &str) -> bool {
    let name = t.name.as_deref().unwrap_or_default();
    objects_of(sim, t.resource.simulated)
        .iter()
        .any(|x| x.name() == name && (!t.resource.namespaced || x.namespace() == ns))
}

/// `kubectl scale`, as scale.go's RunScale meets the API server: the resource builder gets
/// each object first (a missing one is the server's NotFound, and when none is found these
/// are the errors); then the first object found is patched through its `scale` subresource,
/// which no simulated type has (apps/v1 DaemonSets serve none): the API server's router
/// answers 404 for the path, client-go reads it as `the server could not find the requested
/// resource`, and kubectl stops at that first error.
#[inline(never)]
fn scale(sim: &Simulation, targets: &[Target], scope: &Scope, o: &mut Outcome) {
    let ns = scope.namespace();
    if targets.iter().any(|t| exists(sim, t, ns)) {
        o.fail("Error from server (NotFound): the server could not find the requested resource");
        return;
    }
    for t in targets {
        o.not_found(t.resource, t.name.as_deref().unwrap_or_default());
    }
}

/// The object's YAML as `kubectl get -o yaml` prints it.
#[inline(never)]
fn object_yaml(sim: &Simulation, r: &Resource, namespace: &str, name: &str) -> Option<String> {
    let kind = match r.simulated {
        Simulated::Node => ObjectKind::Node,
        Simulated::DaemonSet => ObjectKind::DaemonSet,
        Simulated::Pod => ObjectKind::Pod,
        _ => return None,
    };
    print::get_yaml(sim, kind, namespace, name)
}

/// Applies one input, recording it; the refusal in kubectl's words.
fn step(
    sim: &mut Simulation,
    input: Input,
    o: &mut Outcome,
) -> Result<crate::sim::ApplyReport, SimError> {
    let result = sim.step(input.clone());
    if result.is_ok() {
        o.inputs.push(input);
    }
    result
}

/// kubectl's line for a refusal: `Error from server (NotFound): …` for a missing object,
/// `error: …` otherwise.
fn refused(e: &SimError, o: &mut Outcome) {
    match e {
        SimError::NotFound { kind, name } => {
            o.exit_code = 1;
            o.err(format!(
                "Error from server (NotFound): {} {} not found\n",
                kind.resource(),
                quote(name)
            ));
        }
        SimError::AlreadyExists { kind, name } => {
            o.exit_code = 1;
            o.err(format!(
                "Error from server (AlreadyExists): {} {} already exists\n",
                kind.resource(),
                quote(name)
            ));
        }
        SimError::InvalidNodeOp { name, message } => {
            o.exit_code = 1;
            o.err(format!("The Node {} is invalid: {message}\n", quote(name)));
        }
        // kubectl's DaemonSetRollbacker says it before asking the server.
        SimError::NoRolloutHistory { .. } => o.fail("no last revision to roll back to"),
        other => o.fail(&other.to_string()),
    }
}

#[inline(never)]
fn apply_files(
    sim: &mut Simulation,
    verb: &str,
    names: &[String],
    scope: &Scope,
    files: &Files,
    o: &mut Outcome,
) {
    for name in names {
        let Some(text) = files.get(name) else {
            o.fail(&format!("the path {} does not exist", quote(name)));
            continue;
        };
        if verb == "delete" {
            delete_file(sim, name, text, scope, o);
            continue;
        }
        if verb == "create" {
            // `create` refuses what exists; what does not is created as apply would.
            {
                let out = crate::load::load(name, text);
                let mut any_exists = false;
                for obj in &out.objects {
                    let (kind, ns, n) = object_key(&obj.object);
                    let exists = match kind {
                        Some(ObjectKind::DaemonSet) => sim.daemon_set_object(&ns, &n).is_some(),
                        Some(ObjectKind::Node) => sim.node_object(&n).is_some(),
                        Some(ObjectKind::Pod) => sim.pod_object(&ns, &n).is_some(),
                        _ => false,
                    };
                    if exists {
                        any_exists = true;
                        let kind = kind.unwrap_or(ObjectKind::Pod);
                        o.exit_code = 1;
                        o.err(format!(
                            "Error from server (AlreadyExists): error when creating {}: {} {} already exists\n",
                            quote(name),
                            kind.resource(),
                            quote(&n)
                        ));
                    }
                }
                if any_exists {
                    continue;
                }
            }
        }
        match step(
            sim,
            Input::Apply {
                file: name.clone(),
                text: text.clone(),
            },
            o,
        ) {
            Ok(report) => {
                for a in &report.applied {
                    let line = if verb == "create" {
                        a.line
                            .replace(" configured", " created")
                            .replace(" unchanged", " created")
                    } else {
                        a.line.clone()
                    };
                    o.out(format!("{line}\n"));
                }
                for n in &report.not_simulated {
                    o.err(format!("{name}: {n}\n"));
                }
                for e in &report.errors {
                    o.exit_code = 1;
                    o.err(format!("{e}\n"));
                }
                for w in &report.warnings {
                    o.err(format!("{}: warning: {}\n", w.location, w.message));
                }
            }
            Err(e) => refused(&e, o),
        }
    }
}

/// The kind, namespace and name of a loaded object.
fn object_key(obj: &crate::load::ApiObject) -> (Option<ObjectKind>, String, String) {
    use crate::load::ApiObject;
    let ns = |m: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta| {
        m.namespace.clone().unwrap_or_else(|| "default".to_string())
    };
    let name = |m: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta| {
        m.name.clone().unwrap_or_default()
    };
    match obj {
        ApiObject::DaemonSet(d) => (
            Some(ObjectKind::DaemonSet),
            ns(&d.metadata),
            name(&d.metadata),
        ),
        ApiObject::Node(n) => (Some(ObjectKind::Node), String::new(), name(&n.metadata)),
        ApiObject::Pod(p) => (Some(ObjectKind::Pod), ns(&p.metadata), name(&p.metadata)),
    }
}

fn delete_file(sim: &mut Simulation, name: &str, text: &str, scope: &Scope, o: &mut Outcome) {
    let loaded = crate::load::load(name, text);
    for e in &loaded.errors {
        o.exit_code = 1;
        o.err(format!("{e}\n"));
    }
    for obj in &loaded.objects {
        let (kind, ns, n) = object_key(&obj.object);
        let Some(kind) = kind else { continue };
        let ns = if kind == ObjectKind::Node {
            String::new()
        } else if ns.is_empty() {
            scope.namespace().to_string()
        } else {
            ns
        };
        delete_one(sim, kind, &ns, &n, false, o);
    }
}

/// `kubectl delete KIND NAME` of one object.
fn delete_one(
    sim: &mut Simulation,
    kind: ObjectKind,
    namespace: &str,
    name: &str,
    ignore_not_found: bool,
    o: &mut Outcome,
) {
    let input = Input::Delete {
        kind,
        namespace: namespace.to_string(),
        name: name.to_string(),
    };
    match step(sim, input.clone(), o) {
        Ok(_) => {
            if let Some(line) = success_line(&input) {
                o.out(format!("{line}\n"));
            }
        }
        Err(SimError::NotFound { .. }) if ignore_not_found => {}
        Err(e) => refused(&e, o),
    }
}

fn sim_kind(r: &Resource) -> Option<ObjectKind> {
    match r.simulated {
        Simulated::Node => Some(ObjectKind::Node),
        Simulated::DaemonSet => Some(ObjectKind::DaemonSet),
        Simulated::Pod => Some(ObjectKind::Pod),
        _ => None,
    }
}

#[inline(never)]
fn delete(
    sim: &mut Simulation,
    targets: &[Target],
    scope: &Scope,
    ignore_not_found: bool,
    o: &mut Outcome,
) {
    for t in targets {
        let Some(kind) = sim_kind(t.resource) else {
            match &t.name {
                Some(n) if !ignore_not_found => o.not_found(t.resource, n),
                _ => {}
            }
            continue;
        };
        let names: Vec<(String, String)> = match &t.name {
            Some(n) => vec![(scope.namespace().to_string(), n.clone())],
            None => find(sim, t, scope, None, o)
                .iter()
                .map(|x| (x.namespace().to_string(), x.name().to_string()))
                .collect(),
        };
        for (ns, n) in names {
            let ns = if kind == ObjectKind::Node {
                String::new()
            } else {
                ns
            };
            delete_one(sim, kind, &ns, &n, ignore_not_found, o);
        }
    }
}

/// The nodes a node command names (`--all`: every node).
fn node_names(sim: &Simulation, nodes: &[String], all: bool) -> Vec<String> {
    if all {
        objects_of(sim, Simulated::Node)
            .iter()
            .map(|n| n.name().to_string())
            .collect()
    } else {
        nodes.to_vec()
    }
}

#[inline(never)]
fn taint(
    sim: &mut Simulation,
    nodes: &[String],
    all: bool,
    specs: &[String],
    overwrite: bool,
    o: &mut Outcome,
) {
    // kubectl checks every spec before touching a node.
    let mut ops: Vec<(bool, String, String, Option<crate::sim::TaintEffect>)> = Vec::new();
    for spec in specs {
        if let Some(removal) = spec.strip_suffix('-') {
            match removal.rsplit_once(':') {
                Some((kv, eff)) => {
                    let key = kv.split_once('=').map_or(kv, |(k, _)| k);
                    match crate::sim::TaintEffect::parse_kubectl(eff) {
                        Ok(e) => ops.push((false, key.to_string(), String::new(), Some(e))),
                        Err(m) => return o.fail(&m),
                    }
                }
                None => ops.push((false, removal.to_string(), String::new(), None)),
            }
        } else {
            match crate::sim::parse_taint(spec) {
                Ok((k, v, e)) => ops.push((true, k, v, Some(e))),
                Err(m) => return o.fail(&m),
            }
        }
    }
    for node in node_names(sim, nodes, all) {
        let Some(current) = sim.node_object(&node) else {
            o.not_found(resources::of(Simulated::Node), &node);
            continue;
        };
        let taints = current
            .spec
            .as_ref()
            .and_then(|s| s.taints.clone())
            .unwrap_or_default();
        if !overwrite {
            if let Some((_, k, _, _)) = ops.iter().find(|(add, k, _, e)| {
                *add && taints
                    .iter()
                    .any(|t| t.key == *k && Some(t.effect.as_str()) == e.map(|e| e.as_str()))
            }) {
                o.fail(&format!(
                    "node {node} already has {k} taint(s) with same effect(s) and --overwrite is false"
                ));
                continue;
            }
        }
        let mut ok = true;
        let mut removed_only = true;
        for (add, key, value, effect) in &ops {
            let op = if *add {
                removed_only = false;
                NodeOp::AddTaint {
                    name: node.clone(),
                    key: key.clone(),
                    value: value.clone(),
                    effect: effect.unwrap_or(crate::sim::TaintEffect::NoSchedule),
                }
            } else {
                NodeOp::RemoveTaint {
                    name: node.clone(),
                    key: key.clone(),
                    effect: *effect,
                }
            };
            if let Err(e) = step(sim, Input::Node(op), o) {
                refused(&e, o);
                ok = false;
                break;
            }
        }
        if ok {
            o.out(format!(
                "node/{node} {}\n",
                if removed_only { "untainted" } else { "tainted" }
            ));
        }
    }
}

/// `KEY=VALUE` or `KEY-`.
fn parse_change(c: &str) -> (String, Option<String>) {
    match c.split_once('=') {
        Some((k, v)) => (k.to_string(), Some(v.to_string())),
        None => (c.trim_end_matches('-').to_string(), None),
    }
}

#[inline(never)]
fn meta(
    sim: &mut Simulation,
    verb: &str,
    targets: &[Target],
    changes: &[String],
    overwrite: bool,
    scope: &Scope,
    o: &mut Outcome,
) {
    let changes: Vec<(String, Option<String>)> = changes.iter().map(|c| parse_change(c)).collect();
    let label = verb == "label";
    for t in targets {
        // Owned: each is written back while the next is still to be read.
        let objs: Vec<ListObject> = find(sim, t, scope, None, o)
            .iter()
            .map(|x| x.object(sim).into_owned())
            .collect();
        for x in objs {
            let name = name_of(&x).to_string();
            let current = if label {
                meta_of(&x).labels.clone()
            } else {
                meta_of(&x).annotations.clone()
            }
            .unwrap_or_default();
            if !overwrite {
                if let Some((k, _)) = changes.iter().find(|(k, v)| {
                    v.as_ref()
                        .is_some_and(|v| current.get(k).is_some_and(|cur| cur != v))
                }) {
                    let cur = current.get(k).cloned().unwrap_or_default();
                    o.fail(&format!(
                        "'{k}' already has a value ({cur}), and --overwrite is false"
                    ));
                    continue;
                }
            }
            let verb_done = if changes.iter().all(|(_, v)| v.is_none()) {
                format!("un{verb}ed").replace("unannotateed", "unannotated")
            } else {
                format!("{verb}ed").replace("annotateed", "annotated")
            };
            let ok = if label && t.resource.simulated == Simulated::Node {
                // Node labels go through the node operations the page's buttons use.
                let mut ok = true;
                for (k, v) in &changes {
                    let op = match v {
                        Some(v) => NodeOp::SetLabel {
                            name: name.clone(),
                            key: k.clone(),
                            value: v.clone(),
                        },
                        None => NodeOp::RemoveLabel {
                            name: name.clone(),
                            key: k.clone(),
                        },
                    };
                    if let Err(e) = step(sim, Input::Node(op), o) {
                        refused(&e, o);
                        ok = false;
                        break;
                    }
                }
                ok
            } else {
                let mut value = match print::to_object(&x) {
                    Ok(v) => v,
                    Err(e) => {
                        o.fail(&e.to_string());
                        continue;
                    }
                };
                let field = if label { "labels" } else { "annotations" };
                if let Some(meta) = value.get_mut("metadata").and_then(Value::as_object_mut) {
                    let map = meta
                        .entry(field)
                        .or_insert_with(|| Value::Object(serde_json::Map::new()));
                    if !map.is_object() {
                        *map = Value::Object(serde_json::Map::new());
                    }
                    if let Some(map) = map.as_object_mut() {
                        for (k, v) in &changes {
                            match v {
                                Some(v) => {
                                    map.insert(k.clone(), Value::String(v.clone()));
                                }
                                None => {
                                    map.remove(k);
                                }
                            }
                        }
                    }
                }
                update_object(sim, value, o)
            };
            if ok {
                o.out(format!("{}/{name} {verb_done}\n", t.resource.kind_group()));
            }
        }
    }
}

/// Writes a changed object back (`Input::ApplyObjects`, as the API server takes an update).
fn update_object(sim: &mut Simulation, value: Value, o: &mut Outcome) -> bool {
    match step(
        sim,
        Input::ApplyObjects {
            objects: vec![value],
        },
        o,
    ) {
        Ok(report) => {
            for e in &report.errors {
                o.exit_code = 1;
                o.err(format!("{}\n", e.message));
            }
            report.errors.is_empty()
        }
        Err(e) => {
            refused(&e, o);
            false
        }
    }
}

#[inline(never)]
fn node_command(
    sim: &mut Simulation,
    verb: &str,
    nodes: &[String],
    ignore_daemonsets: bool,
    force: bool,
    o: &mut Outcome,
) {
    let mut fatal: Vec<String> = Vec::new();
    let mut remaining: Vec<String> = Vec::new();
    for node in nodes {
        let Some(current) = sim.node_object(node) else {
            o.not_found(resources::of(Simulated::Node), node);
            continue;
        };
        let cordoned = current.spec.as_ref().and_then(|s| s.unschedulable) == Some(true);
        let want = verb != "uncordon";
        if cordoned == want {
            o.out(format!(
                "node/{node} already {}\n",
                if want { "cordoned" } else { "uncordoned" }
            ));
        } else {
            let op = if want {
                NodeOp::Cordon { name: node.clone() }
            } else {
                NodeOp::Uncordon { name: node.clone() }
            };
            match step(sim, Input::Node(op), o) {
                Ok(_) => o.out(format!(
                    "node/{node} {}\n",
                    if want { "cordoned" } else { "uncordoned" }
                )),
                Err(e) => {
                    o.err(format!(
                        "error: unable to {verb} node {}: {e}\n",
                        quote(node)
                    ));
                    continue;
                }
            }
        }
        if verb != "drain" {
            continue;
        }
        // kubectl's drain filters: DaemonSet-managed pods are refused, or ignored with
        // --ignore-daemonsets; pods no controller owns are refused, or deleted with --force.
        let pods: Vec<ListObject> = sim
            .pod_refs()
            .into_iter()
            .filter(|p| {
                p.node_name() == Some(node.as_str()) && !matches!(p.phase(), "Succeeded" | "Failed")
            })
            .map(|p| ListObject::Pod(Box::new(p.rendered())))
            .collect();
        let mut ds_pods = Vec::new();
        let mut unmanaged = Vec::new();
        let mut delete = Vec::new();
        for p in &pods {
            let id = format!("{}/{}", namespace_of(p), name_of(p));
            let controller = meta_of(p)
                .owner_references
                .as_deref()
                .unwrap_or_default()
                .iter()
                .find(|r| r.controller == Some(true));
            match controller {
                Some(r) if r.kind == "DaemonSet" && r.api_version == "apps/v1" => ds_pods.push(id),
                Some(_) => delete.push(p),
                None => {
                    unmanaged.push(id);
                    if force {
                        delete.push(p);
                    }
                }
            }
        }
        let mut errors = Vec::new();
        if !ds_pods.is_empty() && !ignore_daemonsets {
            errors.push(format!(
                "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): {}",
                ds_pods.join(", ")
            ));
        }
        if !unmanaged.is_empty() && !force {
            errors.push(format!(
                "cannot delete Pods that declare no controller (use --force to override): {}",
                unmanaged.join(", ")
            ));
        }
        if !errors.is_empty() {
            let e = if errors.len() == 1 {
                errors.remove(0)
            } else {
                format!("[{}]", errors.join(", "))
            };
            o.err(format!(
                "error: unable to drain node {} due to error: {e}, continuing command...\n",
                quote(node)
            ));
            fatal.push(e);
            remaining.push(node.clone());
            continue;
        }
        let mut warnings = Vec::new();
        if !ds_pods.is_empty() {
            warnings.push(format!(
                "ignoring DaemonSet-managed Pods: {}",
                ds_pods.join(", ")
            ));
        }
        if !unmanaged.is_empty() {
            warnings.push(format!(
                "deleting Pods that declare no controller: {}",
                unmanaged.join(", ")
            ));
        }
        if !warnings.is_empty() {
            o.err(format!("Warning: {}\n", warnings.join("; ")));
        }
        for p in &delete {
            o.out(format!("evicting pod {}/{}\n", namespace_of(p), name_of(p)));
        }
        for p in delete {
            let input = Input::Delete {
                kind: ObjectKind::Pod,
                namespace: namespace_of(p).to_string(),
                name: name_of(p).to_string(),
            };
            match step(sim, input, o) {
                Ok(_) => o.out(format!("pod/{} evicted\n", name_of(p))),
                Err(e) => refused(&e, o),
            }
        }
        o.out(format!("node/{node} drained\n"));
    }
    if !remaining.is_empty() {
        let list: String = remaining.iter().map(|n| format!(" {n}\n")).collect();
        o.err(format!("There are pending nodes to be drained:\n{list}"));
        let e = if fatal.len() == 1 {
            fatal.remove(0)
        } else {
            format!("[{}]", fatal.join(", "))
        };
        o.fail(&e);
    }
}

/// The DaemonSet a rollout or `set image` target names, with its NotFound or refusal.
fn daemon_set_target<'a>(t: &'a Target, verb: &str, o: &mut Outcome) -> Option<&'a str> {
    match t.resource.simulated {
        Simulated::DaemonSet => t.name.as_deref(),
        _ if t.resource.name == "deployments" || t.resource.name == "statefulsets" => {
            o.not_found(t.resource, t.name.as_deref().unwrap_or_default());
            None
        }
        _ => {
            o.fail(&format!(
                "no {verb} has been implemented for {{{} {}}}",
                t.resource.group, t.resource.kind
            ));
            None
        }
    }
}

#[inline(never)]
fn rollout(
    sim: &mut Simulation,
    sub: Rollout,
    targets: &[Target],
    revision: Option<i64>,
    scope: &Scope,
    o: &mut Outcome,
) {
    let ns = scope.namespace();
    for t in targets {
        let verb = match sub {
            Rollout::Status => "status viewer",
            Rollout::History => "history viewer",
            Rollout::Undo => "rollbacker",
            _ => "",
        };
        let Some(name) = daemon_set_target(t, verb, o) else {
            continue;
        };
        let Some(ds) = sim.daemon_set_object(ns, name) else {
            o.not_found(t.resource, name);
            continue;
        };
        match sub {
            Rollout::Status => match sim.rollout_status(ns, name) {
                Ok(line) => o.out(format!("{line}\n")),
                Err(e) => refused(&e, o),
            },
            Rollout::History => history(sim, &ds, revision, o),
            Rollout::Undo => {
                // kubectl skips a rollback to the revision the DaemonSet already runs.
                let owned: Vec<i64> = revisions(sim, &ds).iter().map(|r| r.0).collect();
                if revision.unwrap_or(0) == 0 && owned.len() <= 1 {
                    o.fail("no last revision to roll back to");
                    continue;
                }
                let newest = owned.iter().max().copied();
                if let Some(n) = revision.filter(|n| Some(*n) == newest) {
                    o.out(format!(
                        "daemonset.apps/{name} skipped rollback (current template already matches revision {n})\n"
                    ));
                    continue;
                }
                let input = Input::Rollback {
                    namespace: ns.to_string(),
                    name: name.to_string(),
                    to_revision: revision.filter(|r| *r != 0),
                };
                match step(sim, input.clone(), o) {
                    Ok(_) => {
                        if let Some(line) = success_line(&input) {
                            o.out(format!("{line}\n"));
                        }
                    }
                    Err(e) => refused(&e, o),
                }
            }
            Rollout::Restart => {
                let Ok(mut value) = print::to_object(&ds) else {
                    continue;
                };
                let stamp = sim.now().rfc3339();
                if let Some(meta) = value
                    .pointer_mut("/spec/template/metadata")
                    .and_then(Value::as_object_mut)
                {
                    let ann = meta
                        .entry("annotations")
                        .or_insert_with(|| Value::Object(serde_json::Map::new()));
                    if let Some(ann) = ann.as_object_mut() {
                        ann.insert(
                            "kubectl.kubernetes.io/restartedAt".to_string(),
                            Value::String(stamp),
                        );
                    }
                }
                if update_object(sim, value, o) {
                    o.out(format!("daemonset.apps/{name} restarted\n"));
                }
            }
            Rollout::Pause => o.fail(&format!(
                "error: daemonsets.apps {} pausing is not supported",
                quote(name)
            )),
            Rollout::Resume => o.fail(&format!(
                "error: daemonsets.apps {} resuming is not supported",
                quote(name)
            )),
        }
    }
}

/// The DaemonSet's ControllerRevisions, oldest first: (revision, change cause, data).
fn revisions(
    sim: &Simulation,
    ds: &k8s_openapi::api::apps::v1::DaemonSet,
) -> Vec<(i64, Option<String>, Value)> {
    let uid = ds.metadata.uid.as_deref();
    let mut revisions: Vec<(i64, Option<String>, Value)> =
        objects_of(sim, Simulated::ControllerRevision)
            .into_iter()
            .filter_map(|x| match x {
                Found::Built(ListObject::ControllerRevision(cr)) => {
                    describe::controlled_by(cr.metadata(), uid).then(|| {
                        let cause = cr
                            .metadata()
                            .annotations
                            .as_ref()
                            .and_then(|a| a.get("kubernetes.io/change-cause"))
                            .cloned();
                        (cr.revision().unwrap_or(0), cause, cr.data())
                    })
                }
                _ => None,
            })
            .collect();
    crate::sort::sort_by(&mut revisions, |a, b| a.0.cmp(&b.0));
    revisions
}

/// `kubectl rollout history ds/NAME [--revision=N]` (`DaemonSetHistoryViewer`).
fn history(
    sim: &Simulation,
    ds: &k8s_openapi::api::apps::v1::DaemonSet,
    revision: Option<i64>,
    o: &mut Outcome,
) {
    let name = ds.metadata.name.as_deref().unwrap_or_default();
    let revisions = revisions(sim, ds);
    match revision {
        None | Some(0) => {
            let mut rows = vec![vec!["REVISION".to_string(), "CHANGE-CAUSE".to_string()]];
            for (r, cause, _) in &revisions {
                rows.push(vec![
                    r.to_string(),
                    cause.clone().unwrap_or_else(|| "<none>".to_string()),
                ]);
            }
            let body = describe::tabbed(
                &rows
                    .iter()
                    .map(|r| r.join("\t"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                0,
                2,
            );
            o.out(format!("daemonset.apps/{name} \n{body}\n\n"));
        }
        Some(n) => match revisions.iter().find(|r| r.0 == n) {
            Some((_, _, data)) => {
                let template = data
                    .pointer("/spec/template")
                    .cloned()
                    .and_then(|t| serde_json::from_value(t).ok())
                    .unwrap_or_default();
                let body = describe::pod_template(&template);
                o.out(format!(
                    "daemonset.apps/{name} with revision #{n}\n{body}\n"
                ));
            }
            None => o.fail("unable to find the specified revision"),
        },
    }
}

#[inline(never)]
fn set_image(
    sim: &mut Simulation,
    targets: &[Target],
    images: &[(String, String)],
    scope: &Scope,
    o: &mut Outcome,
) {
    let ns = scope.namespace();
    if images.is_empty() {
        // set_image.go: Complete finds the objects (a missing one is the server's
        // NotFound), then Validate wants an image update.
        let mut missing = false;
        for t in targets {
            if !exists(sim, t, ns) {
                o.not_found(t.resource, t.name.as_deref().unwrap_or_default());
                missing = true;
            }
        }
        if !missing {
            o.fail("at least one image update is required");
        }
        return;
    }
    for t in targets {
        let Some(name) = daemon_set_target(t, "image setter", o) else {
            continue;
        };
        let Some(ds) = sim.daemon_set_object(ns, name) else {
            o.not_found(t.resource, name);
            continue;
        };
        let Ok(mut value) = print::to_object(&ds) else {
            continue;
        };
        let mut changed = false;
        let mut missing = Vec::new();
        for (container, image) in images {
            let mut found = false;
            for list in ["containers", "initContainers"] {
                if let Some(cs) = value
                    .pointer_mut(&format!("/spec/template/spec/{list}"))
                    .and_then(Value::as_array_mut)
                {
                    for c in cs {
                        if container == "*"
                            || c.get("name").and_then(Value::as_str) == Some(container)
                        {
                            found = true;
                            if c.get("image").and_then(Value::as_str) != Some(image) {
                                changed = true;
                                c["image"] = Value::String(image.clone());
                            }
                        }
                    }
                }
            }
            if !found {
                missing.push(container.clone());
            }
        }
        if let Some(c) = missing.first() {
            o.fail(&format!("unable to find container named {}", quote(c)));
            continue;
        }
        if !changed {
            o.out(
                format!("daemonset.apps/{name} image updated\n")
                    .replace(" image updated", " unchanged"),
            );
            continue;
        }
        if update_object(sim, value, o) {
            o.out(format!("daemonset.apps/{name} image updated\n"));
        }
    }
}

#[inline(never)]
fn api_resources(namespaced: Option<bool>, output: Output, o: &mut Outcome) {
    let list: Vec<&Resource> = resources::RESOURCES
        .iter()
        .filter(|r| namespaced.is_none_or(|n| r.namespaced == n))
        .collect();
    if output == Output::Name {
        let text: String = list
            .iter()
            .map(|r| {
                if r.group.is_empty() {
                    format!("{}\n", r.name)
                } else {
                    format!("{}.{}\n", r.name, r.group)
                }
            })
            .collect();
        return o.out(text);
    }
    let mut rows = vec![
        vec!["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>(),
    ];
    for r in list {
        rows.push(vec![
            r.name.to_string(),
            r.short.join(","),
            r.api_version.to_string(),
            r.namespaced.to_string(),
            r.kind.to_string(),
        ]);
    }
    o.out(table::render(&rows));
}

/// What kubectl prints when it has done what the input asks (`daemonset.apps "x" deleted`,
/// `node/worker-1 cordoned`, …): the CLI's steps and the console say the same.
pub fn success_line(input: &Input) -> Option<String> {
    Some(match input {
        Input::Delete { kind, name, .. } => format!("{} {} deleted", kind.singular(), quote(name)),
        Input::Node(op) => match op {
            NodeOp::Remove { name } => format!("node {} deleted", quote(name)),
            NodeOp::Cordon { name } => format!("node/{name} cordoned"),
            NodeOp::Uncordon { name } => format!("node/{name} uncordoned"),
            NodeOp::AddTaint { name, .. } => format!("node/{name} tainted"),
            NodeOp::RemoveTaint { name, .. } => format!("node/{name} untainted"),
            NodeOp::SetLabel { name, .. } => format!("node/{name} labeled"),
            NodeOp::RemoveLabel { name, .. } => format!("node/{name} unlabeled"),
            _ => return None,
        },
        Input::Rollback { name, .. } => format!("daemonset.apps/{name} rolled back"),
        _ => return None,
    })
}
