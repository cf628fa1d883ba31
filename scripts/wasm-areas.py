#!/usr/bin/env python3
"""Where the page's wasm bytes go, by area (docs/performance.md, "Where the bytes go").

    python3 scripts/wasm-areas.py NAMES.wasm

NAMES.wasm is an optimized wasm that kept its function names, e.g. after
`trunk build --release --offline`:

    wasm-opt target/wasm-bindgen/release/dsplay-app_bg.wasm -Oz -g -o target/names.wasm

Each function is put in an area by its (demangled) name; the table gives each area's raw code
bytes and what the area's code gzips to on its own (`gzip -9`), plus the data segments. The
gzipped parts add up to a little less than the whole file gzipped.
"""
import re
import sys
import zlib


def leb(buf, at):
    result, shift = 0, 0
    while True:
        b = buf[at]
        at += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, at


def read(path):
    """The module's imported function count, function bodies, data bytes and function names."""
    wasm = open(path, "rb").read()
    imported, bodies, data, names = 0, [], b"", {}
    at = 8
    while at < len(wasm):
        section = wasm[at]
        size, start = leb(wasm, at + 1)
        body = wasm[start:start + size]
        if section == 2:  # imports
            count, p = leb(body, 0)
            for _ in range(count):
                for _field in range(2):
                    n, p = leb(body, p)
                    p += n
                kind = body[p]
                p += 1
                if kind == 0:
                    _, p = leb(body, p)
                    imported += 1
                elif kind == 1:
                    p += 1
                    flags, p = leb(body, p)
                    _, p = leb(body, p)
                    if flags & 1:
                        _, p = leb(body, p)
                elif kind == 2:
                    flags = body[p]
                    p += 1
                    _, p = leb(body, p)
                    if flags & 1:
                        _, p = leb(body, p)
                elif kind == 3:
                    p += 2
                else:
                    p += 1
                    _, p = leb(body, p)
        elif section == 10:  # code
            count, p = leb(body, 0)
            for _ in range(count):
                n, p = leb(body, p)
                bodies.append(body[p:p + n])
                p += n
        elif section == 11:  # data
            data = body
        elif section == 0:
            n, p = leb(body, 0)
            if body[p:p + n] == b"name":
                p += n
                while p < len(body):
                    sub = body[p]
                    sub_size, q = leb(body, p + 1)
                    if sub == 1:  # function names
                        count, r = leb(body, q)
                        for _ in range(count):
                            index, r = leb(body, r)
                            n, r = leb(body, r)
                            names[index] = body[r:r + n].decode("utf-8", "replace")
                            r += n
                    p = q + sub_size
        at = start + size
    return imported, bodies, data, names


AREAS = [
    (r"k8s_openapi.*(Deserializ|de::)|go_null", "API types: decoders (k8s-openapi `Deserialize`, `load::go_null`)"),
    (r"k8s_openapi.*(Serializ|ser::)|SerializeMap|SerializeStruct", "API types: encoders (`json.rs`)"),
    (r"k8s_openapi", "API types: clone, eq, drop"),
    (r"dsplay_core::load", "core: loader (YAML, validation, defaults)"),
    (r"dsplay_core::sim", "core: simulation"),
    (r"dsplay_core::print", "core: printers (YAML, SVG, tables)"),
    (r"dsplay_core::predicates", "core: scheduler predicates"),
    (r"dsplay_core::share", "core: share links"),
    (r"dsplay_core", "core: other"),
    (r"dsplay_app|yew|CompStateInner|implicit_clone", "page: Yew components and Yew"),
    (r"btree", "`BTreeMap`, `BTreeSet`"),
    (r"unsafe_libyaml|libyaml_events", "libyaml"),
    (r"serde", "serde_json, serde"),
    (r"wasm_bindgen|js_sys|web_sys|gloo|externref|shim", "wasm-bindgen, web-sys, gloo"),
    (r"fmt|float|flt2dec|dragon|grisu|bignum|ryu|zmij", "formatting (`core::fmt`, floats)"),
]


def area(name):
    name = re.sub(r"::h[0-9a-f]{16}", "", re.sub(r"\[[0-9a-f]{16}\]", "", name))
    for pattern, label in AREAS:
        if re.search(pattern, name):
            return label
    return "std and the rest"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    imported, bodies, data, names = read(sys.argv[1])
    if not names:
        sys.exit("wasm-areas: the module has no function names (build it with wasm-opt -g)")
    by_area = {}
    for i, body in enumerate(bodies):
        by_area.setdefault(area(names.get(imported + i, "")), []).append(body)
    rows = [(len(zlib.compress(b"".join(bs), 9)), sum(map(len, bs)), label)
            for label, bs in by_area.items()]
    rows.append((len(zlib.compress(data, 9)), len(data), "data segments (strings, tables, examples)"))
    rows.sort(reverse=True)
    print("| area | raw bytes | gzip -9 alone |")
    print("|---|---|---|")
    for gz, raw, label in rows:
        print(f"| {label} | {raw:,} | {gz:,} |")
    print(f"| all | {sum(r[1] for r in rows):,} | {sum(r[0] for r in rows):,} |")


if __name__ == "__main__":
    main()
