// Benchmark page: the same generated incident history ranked by (a) wic-core compiled to wasm (the
// extension's `duplicates::Index`), (b) Fuse.js, (c) MiniSearch, (d) a plain JS word-overlap loop over
// all titles, and (e) the same loop over the client's incidents only. Results go to
// `window.__bench` (read back by the driver, bench/runner) and to a table on the page.
//
// Every engine does the same job: given a new incident, return the ids of the top K earlier incidents
// of the same client (same INN, else phone, else e-mail) created within the last 7 days. The peers
// are text-search libraries: they search all titles and their hits are then restricted to that pool
// (the restriction is applied to every peer, also when measuring recall, so they compete on text).
import init, { BenchIndex } from "./wasm/wic_bench_wasm.js";
import Fuse from "./vendor/fuse.mjs";
import MiniSearch from "./vendor/minisearch.js";

const params = new URLSearchParams(location.search);
const MODE = params.get("mode") || "full";
const SIZES = (params.get("sizes") || "1000,10000,100000").split(",").map(Number);
const QUERIES = Number(params.get("queries") || 100);
const BUDGET_MS = Number(params.get("budget_ms") || 15000); // per engine and size
const MIN_QUERIES = 3;
const K = 10;
const DAY_MS = 86400e3;
const WINDOW_MS = 7 * DAY_MS;
const NOW_MS = Date.parse("2018-12-21T11:25:00+05:00");

const status = (s) => { document.getElementById("status").textContent = s; };
const sleep = () => new Promise((r) => setTimeout(r, 0));

// ---------- deterministic data ----------
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function legalInn(first9) {
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  let s = 0;
  for (let i = 0; i < 9; i++) s += Number(first9[i]) * w[i];
  return first9 + String((s % 11) % 10);
}

const TAILS = ["", "", "", "", "", " срочно", " после обновления", " с утра", " на новом компьютере",
  " у главного бухгалтера", " второй день", " в филиале", ", ошибка 0x80090008", " при входе",
  " с сегодняшнего дня", " у нескольких сотрудников"];
const STATUSES = ["open", "open", "in_progress", "resolved", "closed"];

// The vocabulary: every (title, product, knowledge) of core's labelled scenarios.
function vocabulary(scenarios) {
  const seen = new Map();
  for (const s of scenarios) {
    for (const i of [s.incident, ...s.history]) {
      const title = i.title.replace(/^\(\+\d+\)\s*/, "");
      if (!seen.has(title)) seen.set(title, { title, type: i.type, knowledge: i.knowledge });
    }
  }
  return [...seen.values()].sort((a, b) => (a.title < b.title ? -1 : 1));
}

function pad(n, w) { return String(n).padStart(w, "0"); }

// N incidents of N/4 clients (a few big ones, a long tail: client = floor(C·u²)), created within the
// last 7 days; 5 % of clients have no INN (matched by phone) and 2 % by e-mail only.
function makeData(n, vocab) {
  const rnd = mulberry32(0x5eed + n);
  const nClients = Math.max(50, Math.floor(n / 4));
  const clients = new Map();
  const client = (c) => {
    let x = clients.get(c);
    if (!x) {
      const inn = legalInn("77" + pad(c, 7));
      const kind = c % 50 === 7 ? "email" : c % 20 === 3 ? "phone" : "inn";
      x = {
        inn_kpp: kind === "inn" ? `${inn}-${inn.slice(0, 4)}01001` : null,
        phone: kind === "email" ? null : `8(9${pad(10 + (c % 89), 2)})${pad(c, 7)}`,
        email: kind === "email" ? `buh${c}@example.ru` : null,
      };
      clients.set(c, x);
    }
    return x;
  };
  const pickClient = () => Math.floor(nClients * rnd() * rnd());
  const incident = (id, c, createdMs) => {
    const v = vocab[Math.floor(rnd() * vocab.length)];
    const cl = client(c);
    const prefix = rnd() < 0.1 ? "(+1) " : "";
    return {
      id, created_at: new Date(createdMs).toISOString(), inn_kpp: cl.inn_kpp,
      title: prefix + v.title + TAILS[Math.floor(rnd() * TAILS.length)], description: null,
      type: v.type, status: STATUSES[Math.floor(rnd() * STATUSES.length)], knowledge: v.knowledge,
      phone: cl.phone, email: cl.email, contact_name: null, department: "3946", created_by: null,
    };
  };
  const history = [];
  const clientOf = [];
  for (let i = 0; i < n; i++) {
    const c = pickClient();
    clientOf.push(c);
    history.push(incident(30000000 + i, c, NOW_MS - Math.floor(rnd() * (WINDOW_MS - 3600e3))));
  }
  // Queries: new incidents of clients drawn like the history's (a random history incident's client).
  const queries = [];
  for (let q = 0; q < QUERIES; q++) {
    queries.push(incident(null, clientOf[Math.floor(rnd() * n)], NOW_MS));
  }
  return { history, queries };
}

// ---------- the candidate pool every peer is restricted to (what core does by itself) ----------
function clientKeys(i) {
  const inn = i.inn_kpp ? i.inn_kpp.split("-")[0] : null;
  const digits = i.phone ? i.phone.replace(/\D/g, "").slice(-10) : null;
  const email = i.email ? i.email.trim().toLowerCase() : null;
  return { inn, phone: digits || null, email: email || null, created: Date.parse(i.created_at) || 0, id: i.id };
}
function eligible(q, h, nowMs) {
  if (q.id !== null && q.id === h.id) return false;
  const age = nowMs - h.created;
  if (age > WINDOW_MS) return false;
  if (q.inn && h.inn) return q.inn === h.inn;
  if (q.phone && q.phone === h.phone) return true;
  return !!(q.email && q.email === h.email);
}

// ---------- engines: prepare(history) → object with rank(query, nowMs, k) → ids ----------
function tokens(text) {
  return text.toLowerCase().replace(/ё/g, "е").replace(/^\(\+\d+\)\s*/, "").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

const ENGINES = {
  wasm(history) {
    const index = new BenchIndex(JSON.stringify(history));
    return {
      rank: (q, nowMs, k) => Array.from(index.rank(JSON.stringify(q), nowMs / 1000, k)),
      free: () => index.free(),
    };
  },
  fusejs(history) {
    const keys = history.map(clientKeys);
    const fuse = new Fuse(history, { keys: ["title"], includeScore: true, ignoreLocation: true, threshold: 0.6 });
    return {
      rank(q, nowMs, k) {
        const qk = clientKeys(q);
        const out = [];
        for (const r of fuse.search(q.title)) {
          if (eligible(qk, keys[r.refIndex], nowMs)) out.push(history[r.refIndex].id);
          if (out.length === k) break;
        }
        return out;
      },
    };
  },
  minisearch(history) {
    const keys = history.map(clientKeys);
    const ms = new MiniSearch({
      idField: "i", fields: ["title"], storeFields: [],
      processTerm: (t) => t.toLowerCase().replace(/ё/g, "е"),
    });
    ms.addAll(history.map((h, i) => ({ i, title: h.title })));
    return {
      rank(q, nowMs, k) {
        const qk = clientKeys(q);
        const hits = ms.search(q.title, { fuzzy: 0.2, prefix: true, combineWith: "OR", filter: (r) => eligible(qk, keys[r.id], nowMs) });
        return hits.slice(0, k).map((r) => history[r.id].id);
      },
    };
  },
  // Word-set overlap (Jaccard) over pre-tokenized titles (interned word ids in one flat array), all N.
  js_overlap(history) { return overlapEngine(history, false); },
  // The same loop, but only over the client's incidents (a Map from client key to incidents).
  js_overlap_client(history) { return overlapEngine(history, true); },
};

function overlapEngine(history, byClient) {
  const dict = new Map();
  const intern = (w) => { let id = dict.get(w); if (id === undefined) { id = dict.size; dict.set(w, id); } return id; };
  const ends = new Int32Array(history.length);
  const flat = [];
  const keys = history.map(clientKeys);
  const groups = new Map(); // "i<inn>" | "p<phone>" | "e<email>" → incident indices (like core's maps)
  const group = (g, i) => { if (!groups.has(g)) groups.set(g, []); groups.get(g).push(i); };
  history.forEach((h, i) => {
    for (const w of new Set(tokens(h.title))) flat.push(intern(w));
    ends[i] = flat.length;
    if (byClient) {
      const k = keys[i];
      if (k.inn) group("i" + k.inn, i);
      if (k.phone) group("p" + k.phone, i);
      if (k.email) group("e" + k.email, i);
    }
  });
  const seen = new Uint8Array(history.length);
  const words = Int32Array.from(flat);
  let mark = new Uint8Array(dict.size + 1);
  const ids = history.map((h) => h.id);
  return {
    rank(q, nowMs, k) {
      const qk = clientKeys(q);
      const qw = [];
      for (const w of new Set(tokens(q.title))) { const id = dict.get(w); if (id !== undefined) { qw.push(id); mark[id] = 1; } }
      const qn = new Set(tokens(q.title)).size;
      const topS = [], topI = [];
      const consider = (i) => {
        const from = i === 0 ? 0 : ends[i - 1], to = ends[i];
        let n = 0;
        for (let j = from; j < to; j++) n += mark[words[j]];
        if (n === 0) return;
        const s = n / (qn + (to - from) - n);
        if (topS.length === k && s <= topS[k - 1]) return;
        if (!eligible(qk, keys[i], nowMs)) return;
        let p = topS.length < k ? topS.length : k - 1;
        while (p > 0 && topS[p - 1] < s) { topS[p] = topS[p - 1]; topI[p] = topI[p - 1]; p--; }
        topS[p] = s; topI[p] = i;
      };
      if (byClient) {
        const pool = [];
        for (const g of [qk.inn && "i" + qk.inn, qk.phone && "p" + qk.phone, qk.email && "e" + qk.email]) {
          for (const i of (g && groups.get(g)) || []) if (!seen[i]) { seen[i] = 1; pool.push(i); }
        }
        for (const i of pool) { seen[i] = 0; consider(i); }
      } else {
        for (let i = 0; i < ids.length; i++) consider(i);
      }
      for (const id of qw) mark[id] = 0;
      return topI.map((i) => ids[i]);
    },
  };
}

// ---------- measurement ----------
function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { median: q(0.5), p95: q(0.95), mean: s.reduce((a, b) => a + b, 0) / s.length, n: s.length };
}

async function measure(name, data) {
  const { history, queries } = data;
  const t0 = performance.now();
  const engine = ENGINES[name](history);
  const prepMs = performance.now() - t0;
  await sleep();
  // Calibrate: time a few queries once; fast engines repeat each query to beat timer granularity.
  const c0 = performance.now();
  let calib = 0;
  while (calib < 3) { engine.rank(queries[calib], NOW_MS, K); calib++; }
  const estimate = (performance.now() - c0) / calib;
  const reps = Math.max(1, Math.min(200, Math.ceil(2 / Math.max(estimate, 0.001))));
  if (estimate < 20) for (let i = 0; i < Math.min(20, queries.length); i++) engine.rank(queries[i], NOW_MS, K); // JIT warm-up
  const times = [];
  const results = [];
  const start = performance.now();
  for (const q of queries) {
    const a = performance.now();
    let ids;
    for (let r = 0; r < reps; r++) ids = engine.rank(q, NOW_MS, K);
    times.push((performance.now() - a) / reps);
    results.push(ids);
    if (times.length >= MIN_QUERIES && performance.now() - start > BUDGET_MS) break;
  }
  if (engine.free) engine.free();
  const st = stats(times);
  return { prep_ms: prepMs, median_ms: st.median, p95_ms: st.p95, mean_ms: st.mean, queries: st.n, reps,
           found: results.reduce((a, r) => a + r.length, 0) / results.length, results };
}

async function recall(name, scenarios) {
  let pos = 0, hit1 = 0, hit3 = 0;
  for (const s of scenarios) {
    if (!s.duplicates.length) continue;
    pos++;
    const e = ENGINES[name](s.history);
    const ids = e.rank(s.incident, Date.parse(s.now), 3);
    if (e.free) e.free();
    if (ids.length && s.duplicates.includes(ids[0])) hit1++;
    if (ids.some((id) => s.duplicates.includes(id))) hit3++;
  }
  return { recall_at_1: hit1 / pos, recall_at_3: hit3 / pos, positives: pos };
}

function overlapAt(a, b) { // share of queries whose top-1 agrees between two engines
  let same = 0, n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) same += (a[i][0] !== undefined && a[i][0] === b[i][0]) ? 1 : 0;
  return n ? same / n : null;
}

async function main() {
  const wasm = await init({ module_or_path: new URL("./wasm/wic_bench_wasm_bg.wasm", import.meta.url) });
  const scenarios = await (await fetch("./fixtures/duplicate_scenarios.json")).json();
  const vocab = vocabulary(scenarios);
  const out = { mode: MODE, user_agent: navigator.userAgent, cross_origin_isolated: self.crossOriginIsolated,
                vocabulary: vocab.length, k: K, queries: QUERIES, budget_ms: BUDGET_MS };
  if (MODE === "memory") {
    const data = makeData(10000, vocab);
    out.memory_before = wasm.memory.buffer.byteLength;
    const index = new BenchIndex(JSON.stringify(data.history));
    for (const q of data.queries) index.rank(JSON.stringify(q), NOW_MS / 1000, K);
    out.memory_after_10k = wasm.memory.buffer.byteLength;
    index.free();
    window.__bench = out;
    status("done");
    return;
  }
  const engines = (params.get("engines") || "wasm,fusejs,minisearch,js_overlap,js_overlap_client").split(",");
  out.recall = {};
  for (const e of engines) { status(`recall ${e}`); await sleep(); out.recall[e] = await recall(e, scenarios); }
  out.sizes = {};
  for (const n of SIZES) {
    const data = makeData(n, vocab);
    const shares = data.queries.map((q) => { const qk = clientKeys(q); return data.history.filter((h) => eligible(qk, clientKeys(h), NOW_MS)).length; });
    const res = { pool: stats(shares) };
    for (const e of engines) {
      status(`N=${n}: ${e}`);
      await sleep();
      res[e] = await measure(e, data);
    }
    for (const e of engines) if (e !== "wasm") res[e].top1_agrees_with_wasm = overlapAt(res.wasm.results, res[e].results);
    for (const e of engines) delete res[e].results;
    out.sizes[n] = res;
    render(out, engines);
  }
  window.__bench = out;
  status("done");
}

function render(out, engines) {
  const rows = [];
  for (const [n, r] of Object.entries(out.sizes)) {
    for (const e of engines) {
      const x = r[e];
      rows.push(`<tr><td>${e}</td><td>${n}</td><td>${x.prep_ms.toFixed(1)}</td><td>${x.median_ms.toFixed(4)}</td><td>${x.p95_ms.toFixed(4)}</td><td>${x.queries}</td></tr>`);
    }
  }
  document.getElementById("out").innerHTML =
    "<table><tr><th>engine</th><th>N</th><th>prepare ms</th><th>median ms</th><th>p95 ms</th><th>queries</th></tr>" + rows.join("") + "</table>";
}

main().catch((e) => { window.__bench = { error: String(e && e.stack || e) }; status("error: " + e); });
