// Shared by the popup, the options page, the background and the content-script loader: reads the
// storage areas and asks Rust (wasm) which profile and settings are in force and what the popup and
// the badge show. No rule and no endpoint lives here; this is only the platform's plumbing.
"use strict";
var wicStore = (() => {
  let initialized = null;

  /** Instantiates the pages' wasm module (`wic_pages`) once: extension pages and the background. */
  function init() {
    initialized ??= wasm_bindgen({ module_or_path: chrome.runtime.getURL("wasm/wic_pages_bg.wasm") });
    return initialized;
  }

  /** Unpacked (developer) installations only: tests stand in for an enterprise policy. */
  async function isDevelopment() {
    try {
      if (chrome.management && chrome.management.getSelf) {
        return (await chrome.management.getSelf()).installType === "development";
      }
    } catch (_) {}
    return !("update_url" in chrome.runtime.getManifest());
  }

  /**
   * The administrator's policy (chrome.storage.managed). The one place it is read: when no policy is
   * set and the extension is loaded unpacked, `__test_managed` in chrome.storage.local stands in.
   */
  async function readManaged() {
    let managed = {};
    try {
      managed = (await chrome.storage.managed.get(null)) || {};
    } catch (_) {
      // Firefox without a policy (or no managed storage at all): no policy.
    }
    if (Object.keys(managed).length === 0 && (await isDevelopment())) {
      const t = (await chrome.storage.local.get("__test_managed")).__test_managed;
      if (t && typeof t === "object") managed = t;
    }
    return managed;
  }

  /**
   * The storage areas what is in force is decided from: the policy, and chrome.storage.local's
   * `profile` and `settings` (the content script hands both to Rust's `start_content`).
   */
  async function areas() {
    return Promise.all([readManaged(), chrome.storage.local.get(["profile", "settings"])]);
  }

  /** What is in force (Rust's `settings::Effective`): policy over local over built-in. */
  async function effective() {
    const [managed, local] = await areas();
    return wasm_bindgen.effective_settings(managed, local);
  }

  /**
   * Rows of an HTML report where this page has a DOM (the popup, Firefox's background page, the
   * offscreen document): Rust's `source_rows` answer, `{"rows": […]}` or `{"error"}`, as JSON text.
   */
  async function rowsHere(html, profile, source) {
    if (typeof DOMParser !== "function") return JSON.stringify({ error: "no-dom" });
    return wasm_bindgen.source_rows(html, profile, source);
  }

  /**
   * GETs one source with the operator's cookies: `{body}` (JSON text; an HTML report already cut into
   * rows by `parseHtml`) or `{error: "login" | "timeout" | "network" | "server" | "malformed", status}`.
   */
  async function fetchSource(req, profile, source, parseHtml) {
    const html = req.kind === "html";
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 10000);
    let resp;
    let text;
    try {
      resp = await fetch(req.url, {
        credentials: "include",
        headers: { Accept: html ? "text/html" : "application/json" },
        signal: abort.signal,
      });
      text = await resp.text();
    } catch (e) {
      return { error: abort.signal.aborted ? "timeout" : "network" };
    } finally {
      clearTimeout(timer);
    }
    const type = resp.headers.get("content-type") || "";
    const password = /type\s*=\s*["']?password/i.test(text);
    if (resp.status === 401 || resp.status === 403) return { error: "login" };
    if (resp.ok && (html ? password : type.includes("text/html"))) return { error: "login" };
    if (!resp.ok) return { error: "server", status: resp.status };
    if (!html) return { body: text };
    const rows = await parseHtml(text, profile, source).catch((e) => JSON.stringify({ error: String(e) }));
    let parsed = null;
    try {
      parsed = JSON.parse(rows);
    } catch (_) {}
    if (!parsed || parsed.error) {
      console.warn(`wic-assist: ${source} report not read:`, parsed && parsed.error);
      return { error: "malformed" };
    }
    return { body: rows };
  }

  /**
   * The operator's calls (and this month's registration report, when the profile has one),
   * summarized by Rust (wic-core rules): `{today, month, unlinked, …}` or `{error}`. Options:
   * `parseHtml(html, profile, source)` for a context without `DOMParser` (Chromium's service worker
   * hands it to the offscreen document), `registration: false` to skip the report (the badge).
   */
  async function summary(options = {}) {
    const parseHtml = options.parseHtml || rowsHere;
    const eff = await effective();
    const seen = await chrome.storage.local.get(["last_origin", "page_operator"]);
    const operator = eff.settings.operator || seen.page_operator || null;
    const department = eff.settings.department || null;
    const now = Date.now();
    const tz = -new Date(now).getTimezoneOffset();
    const hours = eff.settings.shift_hours;
    const req = wasm_bindgen.calls_request(eff.profile, operator, department, seen.last_origin || null, now, tz, hours);
    const base = { operator, shift_hours: hours, profile: eff.profile };
    if (req.error) return { ...base, error: req.error };
    base.origin = req.origin;
    const wantReport = options.registration !== false && req.registration;
    const [calls, report] = await Promise.all([
      fetchSource(req, eff.profile, "calls", parseHtml),
      wantReport ? fetchSource(req.registration, eff.profile, "registration", parseHtml) : null,
    ]);
    if (calls.error) return { ...base, error: `calls-unavailable-${calls.error}`, status: calls.status };
    const s = wasm_bindgen.popup_summary(calls.body, (report && report.body) || null, eff.profile, operator, req.site_origin || req.origin, now, tz, hours);
    if (s.error) {
      console.warn("wic-assist: calls not read:", s.message);
      return { ...base, error: "calls-unavailable-malformed" };
    }
    if (report && report.error) Object.assign(s, { registration_error: report.error, registration_status: report.status });
    return { ...base, ...s };
  }

  /**
   * The supervisor's report for `day` (`YYYY-MM-DD`, or null for today): the team's calls over the
   * day's 30 days, week and month (`endpoints.team_calls`, else the profile's `registration` and
   * `calls` sources through `teamFromSources`), made into Rust's `TeamView`
   * (wic-core's rules), with the team and the target; or `{error}`.
   */
  async function team(day) {
    const eff = await effective();
    const seen = await chrome.storage.local.get(["last_origin"]);
    const s = eff.settings;
    const [department, supervisor] = [s.department || null, s.supervisor || null];
    const now = Date.now();
    const tz = -new Date(now).getTimezoneOffset();
    const base = { department, supervisor, target: s.team_target };
    const fromSources = await teamFromSources(eff, [department, supervisor, seen.last_origin || null, day || null, now, tz, s.team_target]);
    if (!fromSources.legacy) {
      if (fromSources.error && fromSources.message) console.warn("wic-assist: registration report not read:", fromSources.message);
      return { ...base, ...fromSources };
    }
    const req = wasm_bindgen.team_request(eff.profile, department, supervisor, seen.last_origin || null, day || null, now, tz);
    if (req.error) return { ...base, error: req.error };
    const got = await fetchSource({ ...req, kind: "json" }, eff.profile, "team_calls", rowsHere);
    if (got.error) return { ...base, error: `calls-unavailable-${got.error}`, status: got.status };
    const v = wasm_bindgen.team_view(got.body, eff.profile, department, supervisor, req.site_origin, req.day, req.offset_min, s.team_target);
    if (v.error) {
      console.warn("wic-assist: team calls not read:", v.message);
      return { ...base, error: "calls-unavailable-malformed" };
    }
    return { ...base, ...v };
  }

  /**
   * The report from profile v2 sources (Rust's `team_sources`): asks Rust what to fetch, fetches it
   * four at a time (an HTML report cut into rows here, the report page has a DOM), and asks again
   * with the answers until Rust gives the view, `{legacy: true}` (the `team_calls` endpoint) or
   * `{error}`. `args`: department, supervisor, last origin, day, now, offset, target.
   */
  async function teamFromSources(eff, args) {
    const answers = {};
    for (let round = 0; round < 4; round++) {
      const step = wasm_bindgen.team_sources(answers, eff.profile, ...args);
      if (!step.fetch) return step;
      const queue = [...step.fetch];
      const worker = async () => {
        for (let f = queue.shift(); f; f = queue.shift()) {
          const got = await fetchSource(f, eff.profile, f.source, rowsHere);
          answers[f.url] = got.error ? { error: got.error } : { body: got.body };
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
    }
    return { error: "calls-unavailable-malformed" };
  }

  /** The operator-facing text of a summary error code. */
  function errorText(code, status) {
    const t = (k, ...subs) => chrome.i18n.getMessage(k, subs) || k;
    switch (code) {
      case "no-operator": return t("callsNoOperator");
      case "no-origin": return t("errNoOrigin");
      case "no-calls-endpoint": return t("callsOff");
      case "no-team-endpoint": return t("reportNoEndpoint");
      case "no-team": return t("reportNoTeam");
      case "bad-day": return t("reportBadDay");
      case "calls-from-page": return t("popupCallsFromPage");
      case "source-url": return t("errProfileInvalid");
      case "profile-invalid": return t("errProfileInvalid");
      case "calls-unavailable-login": return t("callsUnavailable", t("netLogin"));
      case "calls-unavailable-timeout": return t("callsUnavailable", t("netTimeout"));
      case "calls-unavailable-server": return t("callsUnavailable", t("netStatus", String(status || "")));
      case "calls-unavailable-malformed": return t("callsUnavailable", t("netMalformed", t("netWrongShape")));
      default: return t("callsUnavailable", t("netNetwork"));
    }
  }

  /** Fills `[data-i18n]` elements (text) and `[data-i18n-title]` (tooltips) from `_locales`. */
  function localize(root) {
    for (const el of root.querySelectorAll("[data-i18n]")) {
      const text = chrome.i18n.getMessage(el.dataset.i18n);
      if (text) el.textContent = text;
    }
    for (const el of root.querySelectorAll("[data-i18n-title]")) {
      const text = chrome.i18n.getMessage(el.dataset.i18nTitle);
      if (text) el.title = text;
    }
  }

  return { init, readManaged, areas, effective, summary, team, errorText, localize };
})();
