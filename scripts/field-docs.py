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

`--enums-go DIR` (a checkout of k8s.io/api, github.com/kubernetes/api) adds the enum fields the
documents miss: every field whose Go type is a string type marked `+enum`, its values the type's
constants and the paragraph as kube-openapi's generator (pkg/generators/enum.go) writes it; the
fields the documents already gave are checked against it.

Usage: python3 scripts/field-docs.py [--crate DIR] [--enums SPEC.json ...] [--enums-go DIR]
       > web/field-docs.json
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


# Go packages of k8s.io/api whose types the schemas name: (directory, schema prefix, import
# names other packages give it).
GO_PACKAGES = [("core/v1", "io.k8s.api.core.v1", ("v1", "corev1")),
               ("apps/v1", "io.k8s.api.apps.v1", ("appsv1",))]
GO_FIELD = re.compile(r'^\t(\w+)\s+(\[\])?\*?(?:(\w+)\.)?(\w+)\s+`json:"([^,"]+)')
GO_CONST = re.compile(r'^(?:const )?\t?(\w+)\s+(\w+)\s*=\s*("(?:[^"\\]|\\.)*")')


def go_comment_lines(lines):
    """go/ast's CommentGroup.Text() split in lines: markers and one space dropped, trailing
    space trimmed, leading and trailing empty lines removed."""
    out = [l[2:][1:] if l[2:].startswith(" ") else l[2:] for l in lines]
    out = [l.rstrip() for l in out]
    while out and not out[0]:
        out.pop(0)
    while out and not out[-1]:
        out.pop()
    return out


def read_go(api_dir):
    """From k8s.io/api's Go sources: the `+enum` types with their constants (name, value,
    comment lines), and each struct's fields (json name -> (package, type, is slice))."""
    enums, consts, structs = {}, [], {}
    for pkg, prefix, _ in GO_PACKAGES:
        for path in sorted(glob.glob(os.path.join(api_dir, pkg, "*.go"))):
            base = os.path.basename(path)
            if base.endswith("_test.go") or base.startswith(("zz_generated", "generated")):
                continue
            comment, struct, in_const = [], None, False
            for line in open(path).read().split("\n"):
                stripped = line.strip()
                if stripped.startswith("//"):
                    comment.append(stripped)
                    continue
                doc = go_comment_lines(comment)
                comment = []
                if struct is not None:
                    if line.startswith("}"):
                        struct = None
                    else:
                        m = GO_FIELD.match(line)
                        if m:
                            qual = m.group(3)
                            tpkg = pkg if qual is None else next(
                                (p for p, _, names in GO_PACKAGES if qual in names), None)
                            structs[(pkg, struct)][m.group(5)] = (tpkg, m.group(4), bool(m.group(2)))
                    continue
                m = re.match(r"^type (\w+) struct \{", line)
                if m:
                    struct = m.group(1)
                    structs[(pkg, struct)] = {}
                    continue
                m = re.match(r"^type (\w+) string$", line)
                if m and any(l.split()[0] == "+enum" for l in doc if l.startswith("+")):
                    enums[(pkg, m.group(1))] = {}
                    continue
                if line.startswith("const ("):
                    in_const = True
                    continue
                if in_const and line.startswith(")"):
                    in_const = False
                    continue
                if in_const or line.startswith("const "):
                    m = GO_CONST.match(line)
                    if m:
                        consts.append((pkg, m.group(2), m.group(1), json.loads(m.group(3)), doc))
    for pkg, typ, name, value, doc in consts:
        values = enums.get((pkg, typ))
        if values is None:
            continue
        comment = " ".join(doc)
        old = values.get(value)
        # kube-openapi's addIfNotPresent: one value, the longer comment kept.
        if old is None or len(old[1]) < len(comment) or (len(old[1]) == len(comment) and old[1] > comment):
            values[value] = (name, comment)
    return enums, structs


def go_enum_paragraph(values):
    """kube-openapi's enumType.DescriptionLines, as its generateDescription writes them."""
    lines = []
    for value, (name, comment) in values.items():
        c = comment.strip()
        if c.startswith(name):
            c = c[len(name):]
        c = re.sub(r"\s+", " ", c.strip())
        lines.append((" - `%s` %s" % (json.dumps(value), c)).rstrip())
    return "Possible enum values:\n" + "\n".join(sorted(lines))


def add_go_enums(schemas, api_dir):
    """Puts back `enum` and the "Possible enum values" paragraph of every field whose Go type is
    an `+enum` string type, as kube-openapi's generator writes them; a field that has them
    already (`--enums`) is checked against them. Returns (fields added, mismatches)."""
    enums, structs = read_go(api_dir)
    added, mismatches = 0, []
    for pkg, prefix, _ in GO_PACKAGES:
        for (spkg, struct), fields in structs.items():
            if spkg != pkg or prefix + "." + struct not in schemas:
                continue
            schema = schemas[prefix + "." + struct]
            for prop, (tpkg, typ, is_slice) in fields.items():
                values = enums.get((tpkg, typ))
                ours = schema.get("properties", {}).get(prop)
                if not values or not isinstance(ours, dict):
                    continue
                if is_slice:
                    ours = ours.get("items")
                    if not isinstance(ours, dict):
                        continue
                enum = sorted(values, key=json.dumps)
                para = go_enum_paragraph(values)
                mine = ours.get("description", "")
                if "enum" in ours:
                    if ours["enum"] != enum or not mine.endswith(para):
                        mismatches.append(f"{struct}.{prop}")
                    continue
                ours["enum"] = enum
                ours["description"] = (mine + "\n\n" + para) if mine else para
                added += 1
    return added, mismatches


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--crate", help="k8s-openapi's source dir (default: the version in Cargo.lock)")
    ap.add_argument("--enums", action="append", default=[], help="an OpenAPI v3 document")
    ap.add_argument("--enums-go", help="k8s.io/api's source (its core/v1 and apps/v1): the enum "
                    "fields the --enums documents do not have, from the Go types' `+enum` markers")
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
    from_go = 0
    if args.enums_go:
        from_go, mismatches = add_go_enums(wanted, args.enums_go)
        for m in mismatches:
            print(f"field-docs: {m}: the Go types' enum differs from the --enums document's",
                  file=sys.stderr)
    version = feature[1:].replace("_", ".")
    doc = {
        "source": f"Kubernetes v{version} OpenAPI v3 schemas, from the k8s-openapi "
                  f"{os.path.basename(crate).split('-')[-1]} crate (feature {feature})"
                  + (f"; {enums} enum lists and their descriptions from {len(args.enums)} OpenAPI v3 "
                     "documents of an earlier version (docs/field-docs.md)" if args.enums else "")
                  + (f"; {from_go} more from k8s.io/api's `+enum` Go types, as kube-openapi "
                     "writes them" if args.enums_go else ""),
        "license": "Apache-2.0 (The Kubernetes Authors)",
        "kinds": [{"group": g, "version": v, "kind": k, "schema": s} for g, v, k, s in ROOTS],
        "schemas": wanted,
    }
    json.dump(doc, sys.stdout, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    sys.stdout.write("\n")
    print(f"field-docs: {len(wanted)} schemas, {enums} enums put back, {from_go} from Go",
          file=sys.stderr)


if __name__ == "__main__":
    main()
