//! `kubectl explain`: kubectl's OpenAPI v3 `plaintext` template
//! (kubectl `pkg/explain/v2/templates/plaintext.tmpl`, kubectl ≥ 1.27), template by template:
//! `output`, `fieldList`, `fieldDetail`, `description`, `typeGuess`, `extractEnum`, with its
//! `wrap` (`github.com/mitchellh/go-wordwrap` 1.0.1) and `indent` functions.

use super::{FieldDocs, Schema};
use std::collections::BTreeSet;

/// `kubectl explain`'s flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExplainOptions {
    /// `--recursive` (`-R`): the fields of fields, names and types only.
    pub recursive: bool,
    /// `--max-depth`: with `--recursive`, how deep (0: no limit).
    pub max_depth: usize,
}

/// The resources `kubectl explain` resolves here, as kubectl's REST mapper names them: plural,
/// singular, short names and the kind (any case), and `plural.group`.
const RESOURCES: &[(&str, &str, &str, &str, &str)] = &[
    // (plural, singular, short, group, kind)
    ("daemonsets", "daemonset", "ds", "apps", "DaemonSet"),
    ("pods", "pod", "po", "", "Pod"),
    ("nodes", "node", "no", "", "Node"),
];

/// Prints what `kubectl explain TARGET` prints for `target` (`ds.spec.updateStrategy`,
/// `pods.spec.containers`), or kubectl's error (the whole line, `error: …`).
pub fn explain(docs: &FieldDocs, target: &str, opts: ExplainOptions) -> Result<String, String> {
    let target = target.strip_suffix('.').unwrap_or(target);
    let mut parts = target.split('.');
    let first = parts.next().unwrap_or("");
    let syntax = || "error: invalid jsonpath syntax, first node must be field node".to_string();
    let lower = first.to_ascii_lowercase();
    let Some(&(plural, _, _, group, kind)) = RESOURCES
        .iter()
        .find(|r| r.0 == lower || r.1 == lower || r.2 == lower || r.4.eq_ignore_ascii_case(&lower))
    else {
        return Err(format!(
            "error: the server doesn't have a resource type \"{first}\""
        ));
    };
    let mut fields: Vec<String> = parts.map(str::to_string).collect();
    // `daemonsets.apps.spec`: the group after the plural name is not a field (kubectl matches
    // the `resource.group` prefix first).
    let qualified = format!("{plural}.{group}");
    if !group.is_empty() && (target == qualified || target.starts_with(&format!("{qualified}."))) {
        fields.remove(0);
    }
    if fields
        .iter()
        .any(|f| f.is_empty() || f.contains(['[', ']', '*', '@', '{', '}', '(', ')']))
    {
        return Err(syntax());
    }
    let Some(k) = docs.kind(kind) else {
        let version = if group.is_empty() { "v1" } else { "apps/v1" };
        return Err(format!(
            "error: GVR ({version}, Resource={plural}) not found in OpenAPI schema"
        ));
    };
    let Some(schema) = docs.schemas.get(&k.schema) else {
        return Err(format!(
            "error: GVK {}/{}, Kind={} not found in OpenAPI schema",
            k.group, k.version, k.kind
        ));
    };
    let mut out = String::new();
    if !k.group.is_empty() {
        out.push_str(&format!("GROUP:      {}\n", k.group));
    }
    out.push_str(&format!("KIND:       {}\n", k.kind));
    out.push_str(&format!("VERSION:    {}\n", k.version));
    out.push('\n');
    let mut body = String::new();
    let cx = Cx { docs, opts };
    cx.output(schema, &BTreeSet::new(), &fields, &mut body);
    if body.is_empty() {
        let last = fields.last().map_or("", String::as_str);
        return Err(format!("error: field \"{last}\" does not exist"));
    }
    out.push_str(&body);
    out.push('\n');
    Ok(out)
}

/// What the templates share: the document and the flags.
struct Cx<'a> {
    docs: &'a FieldDocs,
    opts: ExplainOptions,
}

/// Deeper than any schema of the docs nests: a guard against a cycle the history misses.
const DEPTH_LIMIT: usize = 64;

impl Cx<'_> {
    /// Template `output`: follows `path`, then prints the description and the fields.
    fn output(
        &self,
        schema: &Schema,
        history: &BTreeSet<String>,
        path: &[String],
        out: &mut String,
    ) {
        if history.len() > DEPTH_LIMIT {
            return;
        }
        let reference = schema.reference.as_deref().unwrap_or("");
        let mut next = history.clone();
        next.insert(reference.to_string());
        let resolved = self.docs.resolve(schema);
        let Some(first) = path.first() else {
            out.push_str("DESCRIPTION:\n");
            let mut d = String::new();
            description(self.docs, resolved, &mut d, 0);
            if d.is_empty() {
                d.push_str("<empty>");
            }
            out.push_str(&indent(4, &wrap(76, &d)));
            out.push('\n');
            let mut fields = String::new();
            self.field_list(resolved, 1, &BTreeSet::new(), &mut fields);
            if !fields.is_empty() {
                out.push_str("FIELDS:\n");
                out.push_str(&fields);
            }
            return;
        };
        if !reference.is_empty() && history.contains(reference) {
            // A cycle: nothing.
        } else if let Some(sub) = resolved.properties.get(first) {
            if path.len() == 1 {
                out.push_str(&format!(
                    "FIELD: {first} <{}>\n",
                    type_guess(self.docs, sub, 0)
                ));
                extract_enum(sub, true, None, 0, out);
                out.push_str("\n\n");
            }
            self.output(sub, &BTreeSet::new(), &path[1..], out);
        } else if let Some(items) = &resolved.items {
            self.output(items, &next, path, out);
        } else if let Some(map) = &resolved.additional {
            self.output(map, &next, path, out);
        } else {
            for sub in &resolved.all_of {
                let mut o = String::new();
                self.output(sub, &next, path, &mut o);
                if !o.is_empty() {
                    out.push_str(&o);
                    break;
                }
            }
        }
    }

    /// Template `fieldList`: the fields of `schema` at `level`, and with `--recursive` their
    /// fields (names and types only).
    fn field_list(
        &self,
        schema: &Schema,
        level: usize,
        history: &BTreeSet<String>,
        out: &mut String,
    ) {
        let reference = schema.reference.as_deref().unwrap_or("");
        if (!reference.is_empty() && history.contains(reference)) || history.len() > DEPTH_LIMIT {
            return;
        }
        let mut next = history.clone();
        next.insert(reference.to_string());
        let resolved = self.docs.resolve(schema);
        let recursive = self.opts.recursive;
        for (name, sub) in &resolved.properties {
            field_detail(self.docs, name, resolved, recursive, level, out);
            if recursive && (self.opts.max_depth == 0 || level < self.opts.max_depth) {
                self.field_list(sub, level + 1, &next, out);
            }
        }
        for sub in &resolved.all_of {
            self.field_list(sub, level, &next, out);
        }
        if let Some(items) = &resolved.items {
            self.field_list(items, level, &next, out);
        }
        if let Some(map) = &resolved.additional {
            self.field_list(map, level, &next, out);
        }
    }
}

/// Template `fieldDetail`: one field of `parent`, in one line when `short`.
fn field_detail(
    docs: &FieldDocs,
    name: &str,
    parent: &Schema,
    short: bool,
    level: usize,
    out: &mut String,
) {
    let amount = level * 2;
    let Some(field) = parent.properties.get(name) else {
        return;
    };
    out.push_str(&indent(amount, name));
    out.push('\t');
    out.push('<');
    out.push_str(&type_guess(docs, field, 0));
    out.push('>');
    if parent.required.iter().any(|r| r == name) {
        out.push_str(" -required-");
    }
    extract_enum(field, false, Some(4), amount, out);
    out.push('\n');
    if !short {
        let d = field
            .description
            .as_deref()
            .filter(|d| !d.is_empty())
            .unwrap_or("<no description>");
        out.push_str(&indent(
            amount + 2,
            &wrap(78usize.saturating_sub(amount), d),
        ));
        out.push('\n');
        out.push('\n');
    }
}

/// Template `description`: the schema's description (through `$ref`), then its `allOf`'s,
/// its items' and its map values', each followed by a newline.
pub(super) fn description(docs: &FieldDocs, schema: &Schema, out: &mut String, depth: usize) {
    if depth > DEPTH_LIMIT {
        return;
    }
    let s = docs.resolve(schema);
    if let Some(d) = s.description.as_deref().filter(|d| !d.is_empty()) {
        out.push_str(d);
        out.push('\n');
    }
    for sub in &s.all_of {
        description(docs, sub, out, depth + 1);
    }
    if let Some(items) = &s.items {
        description(docs, items, out, depth + 1);
    }
    if let Some(map) = &s.additional {
        description(docs, map, out, depth + 1);
    }
}

/// Template `typeGuess`: `string`, `[]Container`, `map[string]string`, `Object`, the name of
/// a referenced object type (`DaemonSetSpec`), or a referenced type's own `type`.
pub(super) fn type_guess(docs: &FieldDocs, s: &Schema, depth: usize) -> String {
    if depth > DEPTH_LIMIT {
        return "Object".to_string();
    }
    if let Some(items) = &s.items {
        return format!("[]{}", type_guess(docs, items, depth + 1));
    }
    if let Some(map) = &s.additional {
        return format!("map[string]{}", type_guess(docs, map, depth + 1));
    }
    if s.properties.is_empty() && s.all_of.len() == 1 {
        return type_guess(docs, &s.all_of[0], depth + 1);
    }
    if let Some(r) = s.reference.as_deref().filter(|r| !r.is_empty()) {
        return match docs.schemas.get(r).and_then(|t| t.kind.as_deref()) {
            Some(t) if !t.is_empty() && t != "object" => t.to_string(),
            _ => {
                let name = r.rsplit('/').next().unwrap_or(r);
                let last = name.rsplit('.').next().unwrap_or(name);
                if last.is_empty() { "Object" } else { last }.to_string()
            }
        };
    }
    match s.kind.as_deref() {
        Some("object") | None | Some("") => "Object".to_string(),
        Some(t) => t.to_string(),
    }
}

/// Template `extractEnum`: `ENUM:` and one value a line (the long view), or `enum: a, b`
/// on a line of its own indented by `amount`, at most `limit` values then `, ....`.
fn extract_enum(s: &Schema, long: bool, limit: Option<usize>, amount: usize, out: &mut String) {
    if s.values.is_empty() {
        return;
    }
    if long {
        out.push_str("ENUM:");
    } else {
        out.push('\n');
        out.push_str(&" ".repeat(amount));
        out.push_str("enum: ");
    }
    for (i, v) in s.values.iter().enumerate() {
        if limit.is_some_and(|l| i >= l) {
            out.push_str(", ....");
            break;
        }
        if i > 0 && !long {
            out.push_str(", ");
        } else if long {
            out.push_str("\n    ");
        }
        out.push_str(if v.is_empty() { "\"\"" } else { v });
    }
}

/// kubectl's `indent`: `amount` spaces before the text and after each newline.
fn indent(amount: usize, s: &str) -> String {
    let pad = " ".repeat(amount);
    format!("{pad}{}", s.replace('\n', &format!("\n{pad}")))
}

/// `wordwrap.WrapString(s, lim)` (github.com/mitchellh/go-wordwrap 1.0.1): breaks lines at
/// white space so that they fit in `lim` characters where words allow; newlines are kept.
pub(crate) fn wrap(lim: usize, s: &str) -> String {
    let mut buf = String::with_capacity(s.len() + s.len() / 32);
    let mut current = 0usize;
    // The pending word and the pending spaces before it, each with its length in characters.
    let (mut word, mut space) = ((String::new(), 0usize), (String::new(), 0usize));
    // Writes the spaces then the word (the spaces only when the word is empty and they fit).
    let flush = |buf: &mut String,
                 space: &mut (String, usize),
                 word: &mut (String, usize),
                 current: usize| {
        if !word.0.is_empty() || current + space.1 <= lim {
            buf.push_str(&space.0);
        }
        buf.push_str(&word.0);
        *space = (String::new(), 0);
        *word = (String::new(), 0);
    };
    for c in s.chars() {
        if c == '\n' {
            flush(&mut buf, &mut space, &mut word, current);
            buf.push(c);
            current = 0;
        } else if c.is_whitespace() && c != '\u{a0}' {
            if space.0.is_empty() || !word.0.is_empty() {
                current += space.1 + word.1;
                flush(&mut buf, &mut space, &mut word, 0);
            }
            space.0.push(c);
            space.1 += 1;
        } else {
            word.0.push(c);
            word.1 += 1;
            if current + word.1 + space.1 > lim && word.1 < lim {
                buf.push('\n');
                current = 0;
                space = (String::new(), 0);
            }
        }
    }
    flush(&mut buf, &mut space, &mut word, current);
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    /// go-wordwrap's own test cases (wordwrap_test.go, 1.0.1).
    #[test]
    fn wrap_as_go_wordwrap() {
        let cases: &[(&str, &str, usize)] = &[
            ("foo", "foo", 4),
            ("foobarbaz", "foobarbaz", 4),
            ("foo bar baz", "foo\nbar\nbaz", 4),
            ("foo bars bazzes", "foo\nbars\nbazzes", 4),
            ("fo sop", "fo\nsop", 4),
            ("foo bar\u{a0}baz", "foo\nbar\u{a0}baz", 10),
            ("foo\nb\t r\n baz", "foo\nb\t r\n baz", 4),
            ("foo    \nb   ar   ", "foo\nb\nar", 4),
            ("foo bar baz\n", "foo\nbar\nbaz\n", 4),
            ("\nfoo bar\n\n\nbaz\n", "\nfoo\nbar\n\n\nbaz\n", 4),
            (
                " This is a list: \n\n\t* foo\n\t* bar\n\n\n\t* baz  \nBAM    ",
                " This\nis a\nlist: \n\n\t* foo\n\t* bar\n\n\n\t* baz\nBAM",
                6,
            ),
            (
                "\u{2584} \u{2584} \u{2584} \u{2584} ",
                "\u{2584} \u{2584}\n\u{2584} \u{2584} ",
                4,
            ),
        ];
        for (input, want, lim) in cases {
            assert_eq!(wrap(*lim, input), *want, "wrap({lim}, {input:?})");
        }
    }
}
