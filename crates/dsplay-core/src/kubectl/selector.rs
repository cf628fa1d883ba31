//! Label selectors as `-l` takes them (apimachinery's `labels.Parse`): `k=v`, `k==v`,
//! `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, joined by commas.

use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Requirement {
    Equals(String, String),
    NotEquals(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    DoesNotExist(String),
}

/// A parsed `-l` selector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector(Vec<Requirement>);

/// Splits at commas outside parentheses.
fn split_top(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

fn set_of(s: &str) -> Option<Vec<String>> {
    let inner = s.trim().strip_prefix('(')?.strip_suffix(')')?;
    Some(inner.split(',').map(|v| v.trim().to_string()).collect())
}

impl Selector {
    /// Parses a selector.
    ///
    /// # Errors
    ///
    /// apimachinery's message for what cannot be read.
    pub fn parse(text: &str) -> Result<Selector, String> {
        let mut reqs = Vec::new();
        for part in split_top(text) {
            let p = part.trim();
            if p.is_empty() {
                continue;
            }
            let req = if let Some(k) = p.strip_prefix('!') {
                Requirement::DoesNotExist(k.trim().to_string())
            } else if let Some((k, v)) = p.split_once("!=") {
                Requirement::NotEquals(k.trim().to_string(), v.trim().to_string())
            } else if let Some((k, v)) = p.split_once("==") {
                Requirement::Equals(k.trim().to_string(), v.trim().to_string())
            } else if let Some((k, v)) = p.split_once('=') {
                Requirement::Equals(k.trim().to_string(), v.trim().to_string())
            } else if let Some((k, rest)) = p.split_once(" notin ") {
                let set = set_of(rest).ok_or_else(|| {
                    format!("unable to parse requirement: found '{rest}', expected: '('")
                })?;
                Requirement::NotIn(k.trim().to_string(), set)
            } else if let Some((k, rest)) = p.split_once(" in ") {
                let set = set_of(rest).ok_or_else(|| {
                    format!("unable to parse requirement: found '{rest}', expected: '('")
                })?;
                Requirement::In(k.trim().to_string(), set)
            } else if p.contains([' ', '(', ')']) {
                return Err(format!(
                    "unable to parse requirement: found '{p}', expected: in, notin, =, ==, !=, gt, lt"
                ));
            } else {
                Requirement::Exists(p.to_string())
            };
            let key = match &req {
                Requirement::Equals(k, _)
                | Requirement::NotEquals(k, _)
                | Requirement::In(k, _)
                | Requirement::NotIn(k, _)
                | Requirement::Exists(k)
                | Requirement::DoesNotExist(k) => k,
            };
            if key.is_empty() {
                return Err(format!(
                    "unable to parse requirement: found '{p}', expected: identifier"
                ));
            }
            reqs.push(req);
        }
        Ok(Selector(reqs))
    }

    /// Whether an object with these labels is selected.
    pub fn matches(&self, labels: Option<&BTreeMap<String, String>>) -> bool {
        let get = |k: &str| labels.and_then(|l| l.get(k));
        self.0.iter().all(|r| match r {
            Requirement::Equals(k, v) => get(k) == Some(v),
            Requirement::NotEquals(k, v) => get(k) != Some(v),
            Requirement::In(k, set) => get(k).is_some_and(|v| set.contains(v)),
            Requirement::NotIn(k, set) => get(k).is_none_or(|v| !set.contains(v)),
            Requirement::Exists(k) => get(k).is_some(),
            Requirement::DoesNotExist(k) => get(k).is_none(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operator() {
        let labels: BTreeMap<String, String> = [("app", "agent"), ("tier", "node")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let m = |s: &str| Selector::parse(s).unwrap().matches(Some(&labels));
        assert!(m("app=agent"));
        assert!(m("app==agent,tier"));
        assert!(!m("app!=agent"));
        assert!(m("app in (agent, other),!gpu"));
        assert!(!m("tier notin (node)"));
        assert!(!m("gpu"));
        assert!(m(""));
        assert!(Selector::parse("app in agent").is_err());
        assert!(Selector::parse("=x").is_err());
    }
}
