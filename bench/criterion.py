#!/usr/bin/env python3
"""Median and mean (ms) of every criterion benchmark under TARGET/criterion/duplicates, as JSON."""
import glob, json, os, sys

root = sys.argv[1]
out = {}
for est in sorted(glob.glob(os.path.join(root, "duplicates", "*", "*", "new", "estimates.json"))):
    parts = est.split(os.sep)
    name, n = parts[-4], parts[-3]
    e = json.load(open(est))
    out.setdefault(name, {})[n] = {
        "median_ms": e["median"]["point_estimate"] / 1e6,
        "mean_ms": e["mean"]["point_estimate"] / 1e6,
    }
json.dump(out, sys.stdout, indent=1)
