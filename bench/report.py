#!/usr/bin/env python3
"""Merges the benchmark parts in OUT (browser.json, sizes.json, criterion.json, wasm-weight.json)
into OUT/summary.json, prints the console table and writes OUT/tables.md (the tables of
docs/BENCHMARKS.md)."""
import json, os, platform, sys

out = sys.argv[1]
def load(name):
    p = os.path.join(out, name)
    return json.load(open(p)) if os.path.exists(p) else {}

browser, sizes, crit, weight = load("browser.json"), load("sizes.json"), load("criterion.json"), load("wasm-weight.json")
page = browser.get("page", {})
ENGINES = ["wasm", "fusejs", "minisearch", "js_overlap", "js_overlap_client"]
NS = ["1000", "10000", "100000"]

def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"

def get(d, *ks):
    for k in ks:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d

summary = {
    "browser": "Chromium " + browser.get("browser_version", "?"),
    "cpu_model": cpu_model(),
    "cpus": os.cpu_count(),
    "k": page.get("k"),
    "rank_ms_median": {e: {n: get(page, "sizes", n, e, "median_ms") for n in NS} for e in ENGINES},
    "rank_ms_p95": {e: {n: get(page, "sizes", n, e, "p95_ms") for n in NS} for e in ENGINES},
    "prepare_ms": {e: {n: get(page, "sizes", n, e, "prep_ms") for n in NS} for e in ENGINES},
    "queries_measured": {e: {n: get(page, "sizes", n, e, "queries") for n in NS} for e in ENGINES},
    "client_pool_median": {n: get(page, "sizes", n, "pool", "median") for n in NS},
    "recall_at_3": {e: get(page, "recall", e, "recall_at_3") for e in ENGINES},
    "recall_at_1": {e: get(page, "recall", e, "recall_at_1") for e in ENGINES},
    "native_ms_median": {k: {n: v["median_ms"] for n, v in d.items()} for k, d in crit.items()},
    "dist_bytes": sizes.get("total"),
    "dist_files": sizes.get("files"),
    "wasm_bytes": sizes.get("wasm"),
    "wasm_plus_glue_bytes": sizes.get("wasm_plus_glue"),
    "modules_bytes": sizes.get("modules"),
    "wasm_memory_bytes_after_10k": get(browser, "memory", "memory_after_10k"),
    "ready_ms": {k: get(browser, "panel", "wasm", "ready_ms", k) for k in ("median", "p95")},
    "ready_ms_fallback": {k: get(browser, "panel", "wasm2js", "ready_ms", k) for k in ("median", "p95")},
    "ready_after_history_ms": {k: get(browser, "panel", "wasm", "ready_after_history_ms", k) for k in ("median", "p95")},
    "ready_after_history_ms_fallback": {k: get(browser, "panel", "wasm2js", "ready_after_history_ms", k) for k in ("median", "p95")},
    "ready_loads": {"wasm": get(browser, "panel", "wasm", "loads"), "wasm2js": get(browser, "panel", "wasm2js", "loads")},
    "engine_seen": {"wasm": get(browser, "panel", "wasm", "engine"), "wasm2js": get(browser, "panel", "wasm2js", "engine")},
    "wasm_weight_top": (weight.get("top") or [])[:15],
    "wasm_weight_by_crate": weight.get("by_crate"),
}
ratios = {}
for e in ENGINES[1:]:
    ratios[e] = {}
    for n in NS:
        a, b = summary["rank_ms_median"]["wasm"][n], summary["rank_ms_median"][e][n]
        ratios[e][n] = (b / a) if a and b else None
summary["speedup_vs"] = ratios
json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=1, ensure_ascii=False)

def ms(x, d=3):
    return "—" if x is None else (f"{x:.{d}f}" if x < 100 else f"{x:.0f}")
def kb(b):
    return "—" if b is None else f"{b / 1024:.1f} KB"
def ratio(x):
    return "—" if x is None else (f"{x:.0f}×" if x >= 10 else f"{x:.1f}×")

lines = []
lines.append(f"Machine: {summary['cpu_model']} ({summary['cpus']} cores, shared), {summary['browser']}, top-k = {summary['k']}\n")
lines.append("### Ranking in Chromium: median / p95 ms per query (prepare ms), recall on the labelled scenarios\n")
lines.append("| engine | " + " | ".join(f"N={int(n):,}" for n in NS) + " | recall@3 | recall@1 |")
lines.append("|---|" + "---|" * (len(NS) + 2))
for e in ENGINES:
    cells = []
    for n in NS:
        m, p, pr, q = (summary[k][e][n] for k in ("rank_ms_median", "rank_ms_p95", "prepare_ms", "queries_measured"))
        extra = f", {q} q" if q is not None and page.get("queries") and q < page["queries"] else ""
        cells.append("—" if m is None else f"{ms(m)} / {ms(p)} ({ms(pr, 0)}{extra})")
    r3, r1 = summary["recall_at_3"][e], summary["recall_at_1"][e]
    lines.append(f"| {e} | " + " | ".join(cells) + f" | {'—' if r3 is None else f'{r3:.3f}'} | {'—' if r1 is None else f'{r1:.3f}'} |")
lines.append("\n### How many times faster the wasm ranker is (peer median / wasm median)\n")
lines.append("| vs | " + " | ".join(f"N={int(n):,}" for n in NS) + " |")
lines.append("|---|" + "---|" * len(NS))
for e in ENGINES[1:]:
    lines.append(f"| {e} | " + " | ".join(ratio(ratios[e][n]) for n in NS) + " |")
pool = summary["client_pool_median"]
lines.append("\nMedian number of the query client's incidents in the history (what the ranker scores): " +
             ", ".join(f"N={int(n):,}: {pool[n]}" for n in NS if pool.get(n) is not None))
if crit:
    lines.append("\n### Native (criterion, wic-core): median ms\n")
    lines.append("| bench | " + " | ".join(f"N={int(n):,}" for n in NS) + " |")
    lines.append("|---|" + "---|" * len(NS))
    for k, d in crit.items():
        lines.append(f"| {k} | " + " | ".join(ms(get(d, n, "median_ms"), 4) for n in NS) + " |")
lines.append("\n### Size of dist/ (gzip -9)\n")
lines.append("| file | raw | gzip |")
lines.append("|---|---|---|")
for f, v in (sizes.get("files") or {}).items():
    lines.append(f"| {f} | {v['raw']:,} | {v['gzip']:,} |")
if sizes:
    t, w, wg = sizes["total"], sizes["wasm"], sizes["wasm_plus_glue"]
    lines.append(f"| **total** | **{t['raw']:,}** | **{t['gzip']:,}** |")
    lines.append(f"\nwasm (both modules): {w['raw']:,} B raw, {w['gzip']:,} B gzip; the content script's wasm + JS glue: {wg['gzip']:,} B gzip ({kb(wg['gzip'])}; issue 14's target ≤ 100 KB)")
    for name, m in (sizes.get("modules") or {}).items():
        lines.append(f"- module {name}, wasm + glue: {m['raw']:,} B raw, {m['gzip']:,} B gzip")
if weight:
    lines.append("\n### What the shipped wasm is made of (function bodies by crate, bytes before gzip)\n")
    lines.append("| crate | bytes | functions |")
    lines.append("|---|---|---|")
    for c, v in list(weight["by_crate"].items())[:12]:
        lines.append(f"| {c} | {v['bytes']:,} | {v['functions']} |")
    lines.append(f"\nSections: " + ", ".join(f"{k} {v:,}" for k, v in weight["sections"].items() if v > 1000))
    lines.append("\n| biggest functions | bytes |")
    lines.append("|---|---|")
    for f in weight["top"][:15]:
        lines.append(f"| `{f['name']}` | {f['bytes']:,} |")
panel = browser.get("panel", {})
if panel:
    lines.append("\n### Time to panel (sandbox --demo-data, /incidents/19269153), ms\n")
    lines.append("| path | loads | start → ready median | p95 | history answer → ready median | p95 | navigation → ready median |")
    lines.append("|---|---|---|---|---|---|---|")
    for k in ("wasm", "wasm2js"):
        v = panel.get(k, {})
        lines.append(f"| {k} (engine seen: {v.get('engine')}) | {v.get('loads')} | {ms(get(v, 'ready_ms', 'median'), 1)} | {ms(get(v, 'ready_ms', 'p95'), 1)} | "
                     f"{ms(get(v, 'ready_after_history_ms', 'median'), 1)} | {ms(get(v, 'ready_after_history_ms', 'p95'), 1)} | {ms(get(v, 'ready_from_navigation_ms', 'median'), 1)} |")
mem = summary["wasm_memory_bytes_after_10k"]
if mem:
    lines.append(f"\nwasm instance memory after indexing and ranking 10k incidents: {mem:,} B ({mem / 2**20:.1f} MiB); before: {get(browser, 'memory', 'memory_before'):,} B")
text = "\n".join(lines) + "\n"
open(os.path.join(out, "tables.md"), "w").write(text)
print(text)
print(f"summary: {os.path.join(out, 'summary.json')}")
