#!/usr/bin/env python3
"""Raw and gzip (-9) bytes of every file an unpacked dist/ ships, per file and in total, as JSON.
The zip beside the files is the same files packed: reported separately, not added to the total."""
import gzip, json, os, sys

dist = sys.argv[1]
files, total_raw, total_gz, zips = {}, 0, 0, {}
for base, _, names in os.walk(dist):
    for n in sorted(names):
        p = os.path.join(base, n)
        rel = os.path.relpath(p, dist)
        data = open(p, "rb").read()
        if n.endswith(".zip"):
            zips[rel] = len(data)
            continue
        gz = len(gzip.compress(data, 9, mtime=0))
        files[rel] = {"raw": len(data), "gzip": gz}
        total_raw += len(data)
        total_gz += gz
wasm = {k: v for k, v in files.items() if k.endswith(".wasm")}


def module(name):
    """A shipped module: its wasm and its wasm-bindgen glue (raw, gzip)."""
    parts = [files.get(f"wasm/{name}_bg.wasm"), files.get(f"wasm/{name}.js")]
    parts = [p for p in parts if p]
    return {"raw": sum(p["raw"] for p in parts), "gzip": sum(p["gzip"] for p in parts)}


# The content script's module (the panel's start; issue 14's target) and the extension pages'.
modules = {"content (wic_assist)": module("wic_assist"), "pages (wic_pages)": module("wic_pages")}
json.dump({
    "dist": os.path.abspath(dist),
    "files": dict(sorted(files.items())),
    "total": {"raw": total_raw, "gzip": total_gz},
    "zip": zips,
    "wasm": {"raw": sum(v["raw"] for v in wasm.values()), "gzip": sum(v["gzip"] for v in wasm.values())},
    "wasm_plus_glue": modules["content (wic_assist)"],
    "modules": modules,
}, sys.stdout, indent=1)
