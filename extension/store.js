// Shared by the popup, the options page, the background and the content-script loader: reads the
// storage areas and asks Rust (wasm) which profile and settings are in force and what the popup and
// the badge show. No rule and no endpoint lives here; this is only the platform's plumbing.
"use strict";
var wicStore = (() => {
  let initialized = null;

  /** Instantiates the wasm module once (extension pages and the background). */
  function init() {
    initialized ??= wasm_bindgen({ module_or_path: chrome.runtime.getURL("wasm/wic_assist_bg.wasm") });
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

  /** What is in force (Rust's `settings::Effective`): policy over local over built-in. */
  async function effective() {
    const [managed, local] = await Promise.all([readManaged(), chrome.storage.local.get(["profile", "settings"])]);
    return JSON.parse(wasm_bindgen.effective_settings(JSON.stringify(managed), JSON.stringify(local)));
  }

  /** The content script's start argument: `{"profile": "<json>", "settings": {…}}`. */
  async function forContent() {
    const e = await effective();
    return JSON.stringify({ profile: e.profile, settings: e.settings });
  }

  /** The operator's calls, summarized by Rust (wic-core rules): `{today, month, unlinked, …}` or `{error}`. */
  async function summary() {
    const eff = await effective();
    const seen = await chrome.storage.local.get(["last_origin", "page_operator"]);
    const operator = eff.settings.operator || seen.page_operator || null;
    const now = Date.now();
    const tz = -new Date(now).getTimezoneOffset();
    const hours = eff.settings.shift_hours;
    const req = JSON.parse(wasm_bindgen.calls_request(eff.profile, operator, seen.last_origin || null, now, tz, hours));
    const base = { operator, shift_hours: hours, profile: eff.profile };
    if (req.error) return { ...base, error: req.error };
    base.origin = req.origin;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 10000);
    let resp;
    try {
      resp = await fetch(req.url, { credentials: "include", headers: { Accept: "application/json" }, signal: abort.signal });
    } catch (e) {
      return { ...base, error: abort.signal.aborted ? "calls-unavailable-timeout" : "calls-unavailable-network" };
    } finally {
      clearTimeout(timer);
    }
    const type = resp.headers.get("content-type") || "";
    if (resp.status === 401 || resp.status === 403 || (resp.ok && type.includes("text/html"))) {
      return { ...base, error: "calls-unavailable-login" };
    }
    if (!resp.ok) return { ...base, error: "calls-unavailable-server", status: resp.status };
    const text = await resp.text();
    const s = JSON.parse(wasm_bindgen.popup_summary(text, eff.profile, req.origin, now, tz, hours));
    if (s.error) return { ...base, error: "calls-unavailable-malformed" };
    return { ...base, ...s };
  }

  /** The operator-facing text of a summary error code. */
  function errorText(code, status) {
    const t = (k, ...subs) => chrome.i18n.getMessage(k, subs) || k;
    switch (code) {
      case "no-operator": return t("callsNoOperator");
      case "no-origin": return t("errNoOrigin");
      case "no-calls-endpoint": return t("callsOff");
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

  return { init, readManaged, effective, forContent, summary, errorText, localize };
})();
