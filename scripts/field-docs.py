#!/usr/bin/env python3
"""Generates web/field-docs.json: the OpenAPI v3 schemas (descriptions, types, required fields,
enums) of DaemonSet (apps/v1), Pod and Node (v1) and of every type they hold, for
`kubectl explain` (dsplay_core::field_docs) and the editor's field docs. See docs/field-docs.md.

Input: the k8s-openapi crate the workspace builds with (its `latest` feature: the Kubernetes
version the project models). Each generated type carries its OpenAPI schema as a
`schemars::json_schema!` block (descriptions exactly as Kubernetes publishes them, except the
"Possible enum values" paragraphs and `enum` lists, which k8s-openapi's code generator drops);
this script reads those blocks back as JSON, and undoes the code generator's changes to
`required` lists (see NAME_MADE_REQUIRED). `--enums SPEC.json` (an OpenAPI v3 document, e.g.
kubectl's testdata/openapi/v3/api/v1.json) puts back a field's `enum` list and its "Possible enum
values" paragraph where that document's description is the crate's description followed by that
paragraph (so a description that changed since is left alone).

Usage: python3 scripts/field-docs.py [--crate DIR] [--enums SPEC.json ...] > web/field-docs.json
Standard library only; the output is deterministic (sorted keys, compact).
"""
import argparse
import glob
import json
import os
import re
import sys

ROOTS = [
    # (group, version, kind, schema)
    ("apps", "v1", "DaemonSet", "io.k8s.api.apps.v1.DaemonSet"),
    ("", "v1", "Pod", "io.k8s.api.core.v1.Pod"),
    ("", "v1", "Node", "io.k8s.api.core.v1.Node"),
]
KEEP = ("description", "type", "properties", "required", "items", "additionalProperties",
        "allOf", "$ref", "enum")
STR = r'"(?:[^"\\]|\\.)*"'
WRAPPED = re.compile(
    r"\(\{\s*let mut schema_obj = __gen\.subschema_for::<([\w:]+)>\(\);\s*"
    r"((?:schema_obj\.ensure_object\(\)\.insert\(" + STR + r"\.into\(\), " + STR
    + r"\.into\(\)\);\s*)*)schema_obj\s*\}\)")
INSERT = re.compile(r"insert\((" + STR + r")\.into\(\), (" + STR + r")\.into\(\)\);")
BARE = re.compile(r"\(?__gen\.subschema_for::<([\w:]+)>\(\)\)?(?=,|\s)")
TRAILING = re.compile(r",(\s*[}\]])")


def crate_dir(cargo_toml):
    lock = open(os.path.join(os.path.dirname(cargo_toml), "Cargo.lock")).read()
    version = re.search(r'name = "k8s-openapi"\nversion = "([^"]+)"', lock).group(1)
    home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    found = glob.glob(os.path.join(home, "registry/src/*/k8s-openapi-" + version))
    if not found:
        sys.exit(f"field-docs: k8s-openapi {version} is not in {home}/registry (cargo fetch)")
    return found[0]


def latest_feature(crate):
    toml = open(os.path.join(crate, "Cargo.toml")).read()
    return re.search(r'^latest = \["(v\d+_\d+)"\]', toml, re.M).group(1)


def read_schemas(src):
    """{schema name: schema} and {rust path: schema name} for every type under src."""
    blocks, names = {}, {}
    for path in sorted(glob.glob(os.path.join(src, "**/*.rs"), recursive=True)):
        text = open(path).read()
        m = re.search(r"impl crate::schemars::JsonSchema for (\w+) \{\s*fn schema_name\(\)[^{]*\{\s*"
                      r"\"([^\"]+)\"\.into\(\)", text)
        if not m:
            continue
        module = os.path.relpath(os.path.dirname(path), src).replace(os.sep, "::")
        names[f"crate::{module}::{m.group(1)}"] = m.group(2)
        start = text.index("crate::schemars::json_schema!(", m.end()) + len("crate::schemars::json_schema!(")
        end = text.index("\n        })\n", start) + len("\n        }")
        blocks[m.group(2)] = text[start:end]
    schemas = {}
    for name, block in blocks.items():
        def wrapped(m):
            out = {"allOf": [{"$ref": names[m.group(1)]}]}
            for k, v in INSERT.findall(m.group(2)):
                out[json.loads(k)] = json.loads(v)
            return json.dumps(out)
        block = WRAPPED.sub(wrapped, block)
        block = BARE.sub(lambda m: json.dumps({"$ref": names[m.group(1)]}), block)
        schemas[name] = json.loads(TRAILING.sub(r"\1", block))
    return schemas


def strip(schema):
    out = {}
    for k in KEEP:
        if k not in schema:
            continue
        v = schema[k]
        if k == "properties":
            v = {p: strip(s) for p, s in v.items()}
        elif k in ("items", "additionalProperties") and isinstance(v, dict):
            v = strip(v)
        elif k == "allOf":
            v = [strip(s) for s in v]
        out[k] = v
    return out


# k8s-openapi's code generator changes some `required` lists (k8s-openapi-codegen/src/fixups):
# it makes `metadata` required in every resource type (`special::resource_metadata_not_optional`)
# and `name` in these types (`upstream_bugs::required_properties`). The API publishes neither.
NAME_MADE_REQUIRED = [
    "io.k8s.api.core.v1." + t for t in (
        "ConfigMapEnvSource", "ConfigMapKeySelector", "ConfigMapProjection",
        "ConfigMapVolumeSource", "LocalObjectReference", "SecretEnvSource", "SecretKeySelector",
        "SecretProjection")
]


def undo_fixups(name, schema):
    props = schema.get("properties", {})
    drop = set()
    if {"apiVersion", "kind", "metadata"} <= set(props):
        drop.add("metadata")
    if name in NAME_MADE_REQUIRED:
        drop.add("name")
    if "required" in schema:
        schema["required"] = [r for r in schema["required"] if r not in drop]
        if not schema["required"]:
            del schema["required"]


def refs(schema):
    if isinstance(schema, dict):
        for k, v in schema.items():
            if k == "$ref":
                yield v
            else:
                yield from refs(v)
    elif isinstance(schema, list):
        for v in schema:
            yield from refs(v)


def add_enums(schemas, spec):
    """Puts back `enum` and the "Possible enum values" paragraph from an OpenAPI v3 document."""
    other = spec["components"]["schemas"]
    count = 0
    for name, schema in schemas.items():
        for prop, s in schema.get("properties", {}).items():
            theirs = other.get(name, {}).get("properties", {}).get(prop)
            if not theirs:
                continue
            for ours, t in ((s, theirs), (s.get("items"), theirs.get("items"))):
                if not isinstance(ours, dict) or not isinstance(t, dict) or "enum" not in t:
                    continue
                if "enum" in ours:
                    continue
                mine = ours.get("description", "")
                desc = t.get("description", "")
                para = "\n\nPossible enum values:" if mine else "Possible enum values:"
                if desc.startswith(mine + para) or (mine == desc):
                    ours["enum"] = t["enum"]
                    if desc:
                        ours["description"] = desc
                    count += 1
    return count


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--crate", help="k8s-openapi's source dir (default: the version in Cargo.lock)")
    ap.add_argument("--enums", action="append", default=[], help="an OpenAPI v3 document")
    args = ap.parse_args()
    crate = args.crate or crate_dir(os.path.join(here, "..", "Cargo.toml"))
    feature = latest_feature(crate)
    every = read_schemas(os.path.join(crate, "src", feature))
    wanted, todo = {}, [r[3] for r in ROOTS]
    while todo:
        name = todo.pop()
        if name in wanted:
            continue
        wanted[name] = strip(every[name])
        undo_fixups(name, wanted[name])
        todo.extend(refs(wanted[name]))
    enums = 0
    for path in args.enums:
        enums += add_enums(wanted, json.load(open(path)))
    version = feature[1:].replace("_", ".")
    doc = {
        "source": f"Kubernetes v{version} OpenAPI v3 schemas, from the k8s-openapi "
                  f"{os.path.basename(crate).split('-')[-1]} crate (feature {feature})"
                  + (f"; {enums} enum lists and their descriptions from {len(args.enums)} OpenAPI v3 "
                     "documents of an earlier version (docs/field-docs.md)" if args.enums else ""),
        "license": "Apache-2.0 (The Kubernetes Authors)",
        "kinds": [{"group": g, "version": v, "kind": k, "schema": s} for g, v, k, s in ROOTS],
        "schemas": wanted,
    }
    json.dump(doc, sys.stdout, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    sys.stdout.write("\n")
    print(f"field-docs: {len(wanted)} schemas, {enums} enums put back", file=sys.stderr)


if __name__ == "__main__":
    main()
