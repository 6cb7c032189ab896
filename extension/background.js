// Background: small services the content script cannot do itself — the wasm2js fallback under a
// strict page CSP, the toolbar badge with the unlinked-call count (chrome.alarms), content scripts
// for the profile's other sites (optional host permissions), and the keyboard command.
// A classic worker (Chromium's module workers cannot load the no-modules wasm glue); Firefox lists
// the same files in background.scripts.
"use strict";
if (typeof importScripts === "function" && typeof wasm_bindgen === "undefined") {
  importScripts("wasm/wic_pages.js", "store.js");
}

const BADGE_ALARM = "wic-badge";
const PROFILE_SCRIPTS = "wic-profile-sites";
const CONTENT_FILES = ["wasm/wic_assist.js", "store.js", "content.js"];

// ---- badge -------------------------------------------------------------------------------------

let refreshing = null;
let again = false;

/** Recounts the operator's unlinked calls (Rust/wic-core) and shows the count on the toolbar icon. */
function refreshBadge() {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  refreshing = (async () => {
    try {
      do {
        again = false;
        await wicStore.init();
        // The badge needs the unlinked calls only, not the registration report.
        const s = await wicStore.summary({ parseHtml: htmlRows, registration: false });
        await showBadge(s);
      } while (again);
    } catch (e) {
      console.error("wic-assist badge:", e);
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function showBadge(s) {
  const t = (k, ...subs) => chrome.i18n.getMessage(k, subs) || k;
  if (s.error) {
    const quiet = ["no-operator", "no-origin", "no-calls-endpoint", "calls-from-page"].includes(s.error);
    await chrome.action.setBadgeText({ text: quiet ? "" : "!" });
    await chrome.action.setBadgeBackgroundColor({ color: "#8a8f98" });
    await chrome.action.setTitle({ title: `${t("extName")}: ${wicStore.errorText(s.error, s.status)}` });
    return;
  }
  const n = s.unlinked.length;
  await chrome.action.setBadgeText({ text: n > 0 ? String(n) : "" });
  await chrome.action.setBadgeBackgroundColor({ color: "#d93025" });
  await chrome.action.setTitle({ title: t("badgeTitle", String(n), String(s.shift_hours)) });
}

// ---- HTML reports without a DOM: the offscreen document (Chromium) -------------------------------

const OFFSCREEN_URL = "offscreen.html";
let offscreenCreating = null;

/** Whether the offscreen document is open (it outlives this worker's restarts). */
async function hasOffscreen() {
  if (!chrome.runtime.getContexts) return false;
  const contexts = await chrome.runtime.getContexts({
    contextTypes: ["OFFSCREEN_DOCUMENT"],
    documentUrls: [chrome.runtime.getURL(OFFSCREEN_URL)],
  });
  return contexts.length > 0;
}

async function ensureOffscreen() {
  if (await hasOffscreen()) return;
  offscreenCreating ??= chrome.offscreen
    .createDocument({
      url: OFFSCREEN_URL,
      reasons: ["DOM_PARSER"],
      justification: "Read the rows of the operator's HTML call reports for the toolbar badge.",
    })
    .catch((e) => {
      // Another caller opened it in the meantime: that is what we wanted.
      if (!/single offscreen/i.test(String(e && e.message))) throw e;
    })
    .finally(() => (offscreenCreating = null));
  await offscreenCreating;
}

/**
 * The raw rows of an HTML report (Rust's `source_rows`, JSON text). Firefox's background is an event
 * page with `DOMParser`; Chromium's service worker has none and asks the offscreen document.
 */
async function htmlRows(html, profile, source) {
  if (typeof DOMParser === "function") return wasm_bindgen.source_rows(html, profile, source);
  if (!chrome.offscreen) return JSON.stringify({ error: "no-dom" });
  await ensureOffscreen();
  const answer = await chrome.runtime.sendMessage({ type: "offscreen_source_rows", html, profile, source });
  if (!answer || typeof answer.rows !== "string") return JSON.stringify({ error: (answer && answer.error) || "no-answer" });
  return answer.rows;
}

function ensureAlarm() {
  chrome.alarms.get(BADGE_ALARM).then((a) => {
    if (!a) chrome.alarms.create(BADGE_ALARM, { periodInMinutes: 1 });
  });
}

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === BADGE_ALARM) refreshBadge();
});

// ---- content scripts for the profile's other sites ------------------------------------------------

let syncing = Promise.resolve();

/**
 * Registers the content script for every site of the profile in force that the operator allowed;
 * resolves to those sites. One run at a time:
 * a grant fires `permissions.onAdded` here and in the options page at once, and two overlapping runs
 * would register the same script id twice (the second fails).
 */
function syncContentScripts() {
  const run = syncing.then(syncOnce, syncOnce);
  syncing = run.catch(() => {});
  return run;
}

async function syncOnce() {
  await wicStore.init();
  const eff = await wicStore.effective();
  const declared = chrome.runtime.getManifest().host_permissions || [];
  let matches = [];
  try {
    matches = JSON.parse(eff.profile).matches || [];
  } catch (_) {}
  const granted = [];
  for (const p of matches.filter((m) => !declared.includes(m))) {
    if (await chrome.permissions.contains({ origins: [p] }).catch(() => false)) granted.push(p);
  }
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: [PROFILE_SCRIPTS] });
  // Already so: leave it (re-registering leaves a moment without the script, and a page that
  // loads in it gets no assistant).
  const key = (list) => JSON.stringify([...list].sort());
  if (existing.length ? key(existing[0].matches || []) === key(granted) : !granted.length) return granted;
  if (existing.length) await chrome.scripting.unregisterContentScripts({ ids: [PROFILE_SCRIPTS] });
  if (granted.length) {
    await chrome.scripting.registerContentScripts([
      { id: PROFILE_SCRIPTS, matches: granted, js: CONTENT_FILES, runAt: "document_idle", persistAcrossSessions: true },
    ]);
  }
  return granted;
}

chrome.permissions.onAdded.addListener(() => syncContentScripts().catch((e) => console.error(e)));
chrome.permissions.onRemoved.addListener(() => syncContentScripts().catch((e) => console.error(e)));

// ---- what the page showed: its origin and operator -----------------------------------------------

/** Remembers the site's origin and the operator the page shows (when the options name none). */
async function contentStarted(sender) {
  const origin = sender.origin || (sender.url ? new URL(sender.url).origin : null);
  const seen = await chrome.storage.local.get(["last_origin", "page_operator"]);
  const update = {};
  if (origin && origin !== "null" && origin !== seen.last_origin) update.last_origin = origin;
  try {
    await wicStore.init();
    const eff = await wicStore.effective();
    const spec = JSON.parse(eff.profile).fields.operator;
    const selector = spec && typeof spec === "object" ? spec.css : spec;
    if (selector && sender.tab) {
      const [res] = await chrome.scripting.executeScript({
        target: { tabId: sender.tab.id, frameIds: [sender.frameId ?? 0] },
        func: (sel) => {
          const e = document.querySelector(sel);
          if (!e) return null;
          const v = "value" in e && typeof e.value === "string" ? e.value : e.textContent;
          return (v || "").trim() || null;
        },
        args: [selector],
      });
      const name = res && res.result;
      if (name && name !== seen.page_operator) update.page_operator = name;
    }
  } catch (e) {
    console.warn("wic-assist: operator not read from the page:", e);
  }
  if (Object.keys(update).length) await chrome.storage.local.set(update); // storage change → refresh
  else refreshBadge();
}

// ---- another origin's pages for the content script (profile v2 sources) --------------------------

/**
 * Fetches `url` for a content script with the operator's cookies: a report server on another origin
 * (the profile's `origins`, granted as host permissions) that the page's CORS would not let it read.
 * The same limits as the content script's own requests: 5 s to start answering, 30 s for the body.
 */
async function fetchText(url, accept) {
  const abort = new AbortController();
  let timer = setTimeout(() => abort.abort(), 5000);
  try {
    const resp = await fetch(url, { credentials: "include", headers: { Accept: accept || "*/*" }, signal: abort.signal });
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(), 30000);
    const text = await resp.text();
    return { status: resp.status, redirected: resp.redirected, content_type: resp.headers.get("content-type") || "", text };
  } catch (e) {
    return { error: abort.signal.aborted ? "timeout" : "network" };
  } finally {
    clearTimeout(timer);
  }
}

// ---- messages ------------------------------------------------------------------------------------

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  switch (msg && msg.type) {
    case "content_needs_fallback":
      if (!sender.tab) return false;
      // Under a strict page CSP the content script cannot compile wasm: inject the wasm2js build into
      // the same isolated world (extension files are not subject to the page's CSP).
      chrome.scripting
        .executeScript({
          target: { tabId: sender.tab.id, frameIds: [sender.frameId ?? 0] },
          files: ["wasm/wic_assist_fallback.js"],
        })
        .then(() => reply({ ok: true }), (e) => reply({ ok: false, error: String(e) }));
      return true; // async reply
    case "fetch_text":
      if (!sender.tab || typeof msg.url !== "string" || !/^https?:\/\//.test(msg.url)) return false;
      fetchText(msg.url, msg.accept).then(reply);
      return true; // async reply
    case "content_started":
      contentStarted(sender).catch((e) => console.error(e));
      return false;
    case "call_linked":
    case "refresh_badge":
      refreshBadge().then(() => reply({ ok: true }));
      return true;
    case "sync_content_scripts":
      syncContentScripts().then((granted) => reply({ ok: true, granted }), (e) => reply({ ok: false, error: String(e) }));
      return true;
    default:
      return false;
  }
});

chrome.storage.onChanged.addListener((changes, area) => {
  const keys = Object.keys(changes);
  if (area === "managed" || keys.some((k) => ["profile", "__test_managed"].includes(k))) {
    syncContentScripts().catch((e) => console.error(e));
  }
  if (area === "managed" || keys.some((k) => ["profile", "settings", "last_origin", "page_operator", "__test_managed"].includes(k))) {
    refreshBadge();
  }
});

// Keyboard shortcut: link the suggested call in the active tab's incident.
chrome.commands.onCommand.addListener(async (command, tab) => {
  if (command !== "link-suggested-call") return;
  const target = tab || (await chrome.tabs.query({ active: true, currentWindow: true }))[0];
  if (target && target.id !== undefined) {
    chrome.tabs.sendMessage(target.id, { type: "command_link_suggested" }).catch(() => {});
  }
});

chrome.runtime.onStartup.addListener(() => {
  ensureAlarm();
  refreshBadge();
});
chrome.runtime.onInstalled.addListener(() => {
  ensureAlarm();
  syncContentScripts().catch((e) => console.error(e));
  refreshBadge();
});
// Every time the worker wakes up.
ensureAlarm();
refreshBadge();
