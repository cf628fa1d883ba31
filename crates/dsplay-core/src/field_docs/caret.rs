//! The YAML path at a caret, for the editor's field docs: which field a key is (hover, F1)
//! and which fields fit where a key is being typed (completion).
//!
//! It reads block-style YAML by indentation, line by line, the way a manifest being typed
//! looks (often not yet valid YAML): a key's parents are the `key:` lines above it with a
//! smaller key column; sequence items (`- `) are transparent, as in `kubectl explain`'s paths
//! (`spec.template.spec.containers.image`). Flow collections (`{a: b}`) and block scalars'
//! contents are not keys.

/// What is at a caret.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Caret {
    /// The document's top-level `kind:` (`DaemonSet`), if it has one.
    pub kind: Option<String>,
    /// The keys from the document's root down to the mapping that holds the caret's line.
    pub parent: Vec<String>,
    /// The key on the caret's line and its byte range in the text, if the line has one.
    pub key: Option<(String, usize, usize)>,
    /// The caret is on the key (between its first character and its `:`).
    pub on_key: bool,
    /// A key being typed: the line holds only indentation, `- ` and the start of a key
    /// before the caret, and no `:` after it. The typed part and its byte offset.
    pub typing: Option<(String, usize)>,
}

impl Caret {
    /// The path of the caret's key (`parent` then the key), if the line has a key.
    pub fn path(&self) -> Option<Vec<String>> {
        let (k, _, _) = self.key.as_ref()?;
        let mut p = self.parent.clone();
        p.push(k.clone());
        Some(p)
    }
}

/// One line, read as block YAML.
struct Line<'a> {
    /// The column (bytes) where the content starts after indentation and `- ` markers.
    col: usize,
    /// The key, if the content is `key:` or `key: value`.
    key: Option<&'a str>,
    /// What follows the key's `:` (trimmed, comment removed).
    value: &'a str,
    /// Blank or a comment.
    blank: bool,
}

fn read(line: &str) -> Line<'_> {
    let mut col = line.len() - line.trim_start_matches(' ').len();
    loop {
        let rest = &line[col..];
        if rest == "-" || rest.starts_with("- ") {
            col += 1;
            col += line[col..].len() - line[col..].trim_start_matches(' ').len();
        } else {
            break;
        }
    }
    let content = &line[col..];
    let blank = content.trim().is_empty() || content.starts_with('#');
    let mut key = None;
    let mut value = "";
    if let Some(i) = key_end(content) {
        key = Some(&content[..i]);
        let v = &content[i + 1..];
        let v = match v.find(" #") {
            Some(h) => &v[..h],
            None => v,
        };
        value = v.trim();
    }
    Line {
        col,
        key,
        value,
        blank,
    }
}

/// The end of a plain key at the start of `content` (the index of its `:`), if it is one.
fn key_end(content: &str) -> Option<usize> {
    let first = content.chars().next()?;
    if !(first.is_ascii_alphanumeric() || !first.is_ascii() || first == '_' || first == '$') {
        return None;
    }
    let i = content.find(':')?;
    let key = &content[..i];
    if key.contains([' ', '\t', '{', '[', '"', '\'', '#', ',']) {
        return None;
    }
    let after = &content[i + 1..];
    (after.is_empty() || after.starts_with(' ') || after.starts_with('\t')).then_some(i)
}

/// A document separator (`---`, `...`).
fn separator(line: &str) -> bool {
    (line.starts_with("---") || line.starts_with("..."))
        && line[3..]
            .chars()
            .next()
            .is_none_or(|c| c == ' ' || c == '\t')
}

/// What is at byte `offset` of `text` (clamped to the text; a caret inside a character
/// counts as before it). `None` when the caret's line is not in a block mapping this reads
/// (a block scalar's text, a flow collection, a list of scalars).
pub fn at(text: &str, offset: usize) -> Option<Caret> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    if separator(line) {
        return None;
    }
    let here = read(line);
    let caret_col = offset - line_start;
    let mut caret = Caret::default();
    if let Some(k) = here.key {
        let (a, b) = (line_start + here.col, line_start + here.col + k.len());
        caret.on_key = (a..=b).contains(&offset);
        caret.key = Some((k.to_string(), a, b));
    } else if caret_col >= here.col && caret_col <= line.len() {
        let typed = &line[here.col..caret_col];
        let after = &line[caret_col..];
        let word = |c: char| {
            c.is_ascii_alphanumeric()
                || !c.is_ascii()
                || c == '_'
                || c == '-'
                || c == '.'
                || c == '$'
        };
        let typed_ok = typed.chars().all(word) && !typed.starts_with('-');
        if typed_ok && !after.contains(':') && after.chars().next().is_none_or(|c| !word(c)) {
            caret.typing = Some((typed.to_string(), line_start + here.col));
        }
    }
    if caret.key.is_none() && caret.typing.is_none() {
        return None;
    }

    // The lines above, up to the document's start: the parents.
    let mut threshold = here.col;
    let mut parents = Vec::new();
    let mut first = true;
    let mut end = line_start;
    let mut doc_start = None;
    while end > 0 && threshold > 0 {
        let l_start = text[..end - 1].rfind('\n').map_or(0, |i| i + 1);
        let l = text[l_start..end - 1].trim_end_matches('\r');
        if separator(l) {
            doc_start = Some(end);
            break;
        }
        end = l_start;
        let r = read(l);
        if r.blank || r.col >= threshold {
            continue;
        }
        match r.key {
            Some(k) if r.value.is_empty() || r.value.starts_with('&') => {
                parents.push(k.to_string());
                threshold = r.col;
            }
            Some(_) if first && (r.value.starts_with('|') || r.value.starts_with('>')) => {
                // The caret's line is a block scalar's text.
                return None;
            }
            _ if first => return None,
            _ => {}
        }
        first = false;
    }
    parents.reverse();
    caret.parent = parents;

    // The document's kind: a top-level `kind:` anywhere in it.
    let doc_start = doc_start.unwrap_or_else(|| {
        let mut before = &text[..end];
        loop {
            match before.rfind("---") {
                Some(i)
                    if (i == 0 || before.as_bytes()[i - 1] == b'\n')
                        && separator(text[i..].lines().next().unwrap_or("")) =>
                {
                    break i + text[i..].find('\n').map_or(text.len() - i, |n| n + 1);
                }
                Some(i) => before = &before[..i],
                None => break 0,
            }
        }
    });
    for l in text[doc_start..].lines() {
        if separator(l.trim_end_matches('\r')) {
            break;
        }
        if let Some(v) = l.strip_prefix("kind:") {
            let v = v
                .split(" #")
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\'']);
            if !v.is_empty() {
                caret.kind = Some(v.to_string());
            }
            break;
        }
    }
    Some(caret)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DS: &str = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels: {app: agent}\n  updateStrategy:\n    type: RollingUpdate\n  template:\n    spec:\n      containers:\n      - name: agent\n        image: agent:1\n        ima\n        env:\n          - name: A\n            value: b\n      tolerations:\n      - operator: Exists\n        command: |\n          run: this\n";

    fn at_text(needle: &str, delta: usize) -> Caret {
        let i = DS.find(needle).expect("needle") + delta;
        at(DS, i).expect("a caret")
    }

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// The path at `needle` (+ `delta`), under the pod template's spec.
    fn in_pod(needle: &str, delta: usize) -> Option<Vec<String>> {
        let p = at_text(needle, delta).path()?;
        p.starts_with(&strs(&["spec", "template", "spec"]))
            .then(|| p[3..].to_vec())
    }

    #[test]
    fn keys_and_their_paths() {
        let c = at_text("type: Rolling", 1);
        assert_eq!(c.kind.as_deref(), Some("DaemonSet"));
        assert_eq!(c.path(), Some(strs(&["spec", "updateStrategy", "type"])));
        assert!(c.on_key);
        assert_eq!(
            in_pod("image: agent", 0),
            Some(strs(&["containers", "image"]))
        );
        assert_eq!(
            in_pod("name: agent\n        image", 2),
            Some(strs(&["containers", "name"]))
        );
        assert_eq!(
            in_pod("value: b", 0),
            Some(strs(&["containers", "env", "value"]))
        );
        assert_eq!(
            in_pod("operator: Exists", 3),
            Some(strs(&["tolerations", "operator"]))
        );
        // On the value: the key is known, the caret is not on it.
        let c = at_text("agent:1", 2);
        assert!(!c.on_key);
        assert_eq!(c.key.as_ref().map(|k| k.0.as_str()), Some("image"));
        assert_eq!(at_text("kind:", 0).path(), Some(strs(&["kind"])));
    }

    #[test]
    fn a_key_being_typed() {
        let c = at_text("ima\n", 3);
        assert_eq!(
            c.typing,
            Some(("ima".to_string(), DS.find("ima\n").unwrap_or(0)))
        );
        assert_eq!(c.parent, strs(&["spec", "template", "spec", "containers"]));
        assert_eq!(c.key, None);
    }

    #[test]
    fn not_keys() {
        // A block scalar's text, a separator.
        assert_eq!(at(DS, DS.find("run: this").unwrap_or(0) + 1), None);
        assert_eq!(at("a: 1\n---\nb: 2\n", 6), None);
        // A second document has its own kind.
        let two = "kind: Node\nmetadata:\n  name: a\n---\nkind: Pod\nspec:\n  nodeName: a\n";
        let c = at(two, two.find("nodeName").unwrap_or(0)).expect("a caret");
        assert_eq!(c.kind.as_deref(), Some("Pod"));
        assert_eq!(c.path(), Some(strs(&["spec", "nodeName"])));
        let c = at(two, two.find("name: a").unwrap_or(0)).expect("a caret");
        assert_eq!(c.kind.as_deref(), Some("Node"));
        // Out of range and inside a character: clamped, no panic.
        let _ = at("é: 1", 1);
        let _ = at("", 10);
    }
}
