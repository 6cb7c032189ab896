//! `wic-bench`: the browser half of `./build.sh bench` (tools/bench.sh runs it).
//! 1. Serves the staged benchmark page (`--www`, built by tools/bench.sh) and runs it in headless
//!    Chromium without extensions: ranking speed and recall of wasm vs Fuse.js vs MiniSearch vs plain
//!    JS loops, and the wasm instance's memory after ranking 10k.
//! 2. Time to panel: loads the sandbox's incident page (`--demo-data`) repeatedly in Chromium with the
//!    built extension, on the wasm path and on the wasm2js path (`--csp strict`), timing inside the page.
//!
//! Writes everything as JSON to `--out`. Drives the browser through the end-to-end harness
//! (`wic-e2e`: its WebDriver client and its bounded driver start). Knows no product logic.

mod serve;

use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;
use wic_e2e::launch::Retry;
use wic_e2e::sandbox::Options;
use wic_e2e::{Browser, Chromium, Sandbox};

/// Installed before any page script (main world): records `performance.now()` when the content
/// script first writes `<html data-wa-engine>` (its first DOM write, at its start) and when
/// `data-wa-state` changes. CDP-injected scripts are not subject to the page's CSP.
const PROBE: &str = r#"
(() => {
  const t = { engine: null, engineName: null, loading: null, ready: null, error: null, states: [] };
  Object.defineProperty(window, "__waProbe", { value: t });
  new MutationObserver((recs) => {
    const now = performance.now();
    for (const r of recs) {
      if (r.target !== document.documentElement) continue;
      const v = r.target.getAttribute(r.attributeName);
      if (r.attributeName === "data-wa-engine" && t.engine === null) { t.engine = now; t.engineName = v; }
      if (r.attributeName === "data-wa-state") {
        t.states.push([v, now]);
        if (t[v] === null) t[v] = now;
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-wa-state", "data-wa-engine"] });
})();
"#;

const READ_PROBE: &str = r#"
const p = window.__waProbe;
if (!p || (p.ready === null && p.error === null)) return null;
const nav = performance.getEntriesByType("navigation")[0] || {};
const api = performance.getEntriesByType("resource").filter((e) => e.name.includes("/api/"))
  .map((e) => ({ name: e.name, start: e.startTime, end: e.responseEnd }));
return { time_origin: performance.timeOrigin, engine: p.engine, engineName: p.engineName, loading: p.loading, ready: p.ready, error: p.error,
         states: p.states, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, api };
"#;

struct Args {
    www: PathBuf,
    out: PathBuf,
    loads: usize,
    page_query: String,
    skip_page: bool,
    skip_panel: bool,
}

fn args() -> Args {
    let mut a = Args {
        www: PathBuf::from("target/bench/www"),
        out: PathBuf::from("target/bench/browser.json"),
        loads: 20,
        page_query: String::new(),
        skip_page: false,
        skip_panel: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        match k.as_str() {
            "--www" => a.www = it.next().expect("--www DIR").into(),
            "--out" => a.out = it.next().expect("--out FILE").into(),
            "--loads" => a.loads = it.next().and_then(|v| v.parse().ok()).expect("--loads N"),
            "--page-query" => a.page_query = it.next().expect("--page-query QUERY"),
            "--skip-page" => a.skip_page = true,
            "--skip-panel" => a.skip_panel = true,
            _ => {
                eprintln!("usage: wic-bench [--www DIR] [--out FILE] [--loads N] [--page-query a=b&c=d] [--skip-page] [--skip-panel]");
                std::process::exit(2);
            }
        }
    }
    a
}

/// Headless Chromium with `extension` (or none), DevTools events in the `performance` log, and
/// commands allowed to take as long as a benchmark page runs.
fn chromium(extension: Option<PathBuf>) -> Browser {
    Browser::chromium(Chromium {
        extension,
        args: Vec::new(),
        logging: json!({ "performance": "ALL" }),
        retry: Retry {
            command_timeout: Duration::from_secs(900),
            ..Retry::default()
        },
    })
}

/// DevTools events logged since the last call (chromedriver's `performance` log), parsed.
fn performance_log(b: &Browser) -> Vec<Value> {
    b.session
        .log("performance")
        .unwrap_or_default()
        .iter()
        .filter_map(|e| serde_json::from_str::<Value>(e["message"].as_str()?).ok())
        .map(|m| m["message"].clone())
        .collect()
}

fn run_page(www: PathBuf, query: &str) -> (Value, Value, String) {
    let url = serve::start(www);
    let b = chromium(None);
    let d = &b.session;
    d.execute("return 1;", vec![]).expect("browser answers");
    // Long script and load timeouts: the benchmark page runs for minutes between polls.
    let _ = d.set_timeouts(json!({ "script": 1_800_000, "pageLoad": 600_000 }));
    let mut results = Vec::new();
    for mode in ["memory", "full"] {
        eprintln!("bench page: mode={mode} (this takes a few minutes)");
        let sep = if query.is_empty() { "" } else { "&" };
        d.goto(&format!("{url}/index.html?mode={mode}{sep}{query}"))
            .expect("open bench page");
        let v = d
            .wait_for_every(
                "bench page finished",
                "return window.__bench || null;",
                Duration::from_secs(1800),
                Duration::from_millis(500),
            )
            .expect("bench page finished");
        if let Some(e) = v.get("error") {
            panic!("bench page failed: {e}");
        }
        results.push(v);
    }
    let full = results.pop().expect("full");
    let memory = results.pop().expect("memory");
    (full, memory, d.browser_version().to_string())
}

fn median_p95(mut xs: Vec<f64>) -> Value {
    if xs.is_empty() {
        return Value::Null;
    }
    xs.sort_by(f64::total_cmp);
    let q = |p: f64| xs[((p * xs.len() as f64).ceil() as usize).clamp(1, xs.len()) - 1];
    json!({ "median": q(0.5), "p95": q(0.95), "min": xs[0], "max": xs[xs.len() - 1], "n": xs.len() })
}

/// Loads the demo incident page `loads` times (after 2 warm-up loads) and times the panel.
fn time_to_panel(strict_csp: bool, loads: usize) -> Value {
    let sandbox = Sandbox::start(Options {
        demo_data: true,
        strict_csp,
        ..Options::default()
    });
    let b = chromium(Some(wic_e2e::dist()));
    let d = &b.session;
    d.cdp("Page.enable", json!({})).expect("cdp Page.enable");
    d.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": PROBE }),
    )
    .expect("install probe");
    let url = format!("{}/incidents/19269153", sandbox.url);
    let mut samples = Vec::new();
    for n in 0..loads + 2 {
        performance_log(&b);
        d.goto(&url).expect("open incident");
        let mut v = d
            .wait_for_every(
                "panel settled",
                READ_PROBE,
                Duration::from_secs(30),
                Duration::from_millis(20),
            )
            .expect("panel settled");
        v["history_end"] = history_end(
            &performance_log(&b),
            &url,
            v["time_origin"].as_f64().unwrap_or(0.0),
        )
        .map_or(Value::Null, |x| json!(x));
        samples.push(v);
        if n == 0 {
            eprintln!(
                "time to panel ({}): first load {}",
                if strict_csp { "wasm2js" } else { "wasm" },
                samples[0]
            );
        }
    }
    let f = |v: &Value, k: &str| v[k].as_f64();
    let ok: Vec<&Value> = samples[2..]
        .iter()
        .filter(|v| v["ready"].is_number())
        .collect();
    let errors = samples[2..].len() - ok.len();
    let from_start: Vec<f64> = ok
        .iter()
        .filter_map(|v| Some(f(v, "ready")? - f(v, "engine")?))
        .collect();
    let from_nav: Vec<f64> = ok.iter().filter_map(|v| f(v, "ready")).collect();
    let after_history: Vec<f64> = ok
        .iter()
        .filter_map(|v| Some(f(v, "ready")? - f(v, "history_end")?))
        .collect();
    let engines: Vec<Value> = samples.iter().map(|v| v["engineName"].clone()).collect();
    json!({
        "strict_csp": strict_csp,
        "url_path": "/incidents/19269153",
        "loads": ok.len(),
        "errors": errors,
        "engine": engines.last().cloned().unwrap_or(Value::Null),
        "first_load": samples.first().cloned(),
        "ready_ms": median_p95(from_start),
        "ready_from_navigation_ms": median_p95(from_nav),
        "ready_after_history_ms": median_p95(after_history),
        "samples": samples[2..].to_vec(),
    })
}

/// When the history answer (`/api/incidents?…`, fetched by the content script) finished loading, in
/// the page's `performance.now()` time: DevTools timestamps are monotonic seconds; the document
/// request's `wallTime` ties them to the epoch, and `performance.timeOrigin` ties the epoch to the page.
fn history_end(log: &[Value], url: &str, time_origin: f64) -> Option<f64> {
    let doc = log.iter().find(|m| {
        m["method"] == "Network.requestWillBeSent"
            && m["params"]["type"] == "Document"
            && m["params"]["request"]["url"] == url
    })?;
    let (t0, wall0) = (
        doc["params"]["timestamp"].as_f64()?,
        doc["params"]["wallTime"].as_f64()?,
    );
    let ids: Vec<&Value> = log
        .iter()
        .filter(|m| m["method"] == "Network.requestWillBeSent")
        .filter(|m| {
            m["params"]["request"]["url"]
                .as_str()
                .is_some_and(|u| u.contains("/api/incidents?"))
        })
        .map(|m| &m["params"]["requestId"])
        .collect();
    let end = log
        .iter()
        .filter(|m| {
            m["method"] == "Network.loadingFinished" && ids.contains(&&m["params"]["requestId"])
        })
        .filter_map(|m| m["params"]["timestamp"].as_f64())
        .fold(None, |a: Option<f64>, x| Some(a.map_or(x, |a| a.max(x))))?;
    Some((wall0 + (end - t0)) * 1000.0 - time_origin)
}

fn main() {
    let a = args();
    let mut out = json!({});
    if !a.skip_page {
        let (page, memory, version) = run_page(a.www.clone(), &a.page_query);
        out["page"] = page;
        out["memory"] = memory;
        out["browser_version"] = json!(version);
    }
    if !a.skip_panel {
        let wasm = time_to_panel(false, a.loads);
        let fallback = time_to_panel(true, a.loads);
        out["panel"] = json!({ "wasm": wasm, "wasm2js": fallback });
    }
    if let Some(dir) = a.out.parent() {
        std::fs::create_dir_all(dir).expect("output folder");
    }
    std::fs::write(&a.out, serde_json::to_string_pretty(&out).expect("json"))
        .expect("write output");
    eprintln!("wrote {}", a.out.display());
}
