// Options page: the operator's settings, the site profile (validated by Rust), import/export, reset,
// an administrator's policy shown read-only, access to the profile's other sites, and the counts and
// export of the operator's verdicts on duplicate candidates.
"use strict";
(async () => {
  const $ = (id) => document.getElementById(id);
  const t = (k, ...subs) => chrome.i18n.getMessage(k, subs) || k;
  const SETTINGS = {
    operator: "operator",
    department: "department",
    shift_hours: "shift-hours",
    window_days: "window-days",
    supervisor: "supervisor",
    team_target: "team-target",
  };
  wicStore.localize(document);
  await wicStore.init();
  const builtin = wasm_bindgen.builtin_profile();
  let eff = await wicStore.effective();
  let settings = (await chrome.storage.local.get("settings")).settings || {};
  let missing = []; // the profile's sites without access yet
  let storedVerdicts = null; // chrome.storage.local `verdicts` (JSON text), as last read
  const exportUrls = new Map(); // download link id → its current object URL

  const pretty = (json) => {
    try {
      return JSON.stringify(JSON.parse(json), null, 2);
    } catch (_) {
      return json;
    }
  };
  const show = (id, message) => {
    $(id).textContent = message || "";
    $(id).hidden = !message;
  };
  const flashSaved = () => {
    $("saved").hidden = false;
    setTimeout(() => ($("saved").hidden = true), 1500);
  };
  const managed = () => eff.profile_source === "managed";

  function render() {
    const locked = new Set(eff.locked);
    for (const [key, id] of Object.entries(SETTINGS)) {
      const value = locked.has(key) ? eff.settings[key] : settings[key];
      $(id).value = value === null || value === undefined ? "" : String(value);
      $(id).disabled = locked.has(key);
      $(id).title = locked.has(key) ? t("optionsManagedKey") : "";
      if (locked.has(key)) $(id).dataset.waManaged = "";
      else delete $(id).dataset.waManaged;
    }
    $("profile-json").value = managed() ? pretty(eff.profile) : eff.local_profile ?? builtin;
    $("profile-json").readOnly = managed();
    for (const id of ["reset-profile", "import-profile"]) $(id).disabled = managed();
    $("managed-note").hidden = !managed();
    $("profile-source").textContent = t(`optionsSource_${eff.profile_source}`);
    document.documentElement.dataset.waProfileSource = eff.profile_source;
    show("managed-error", eff.managed_error ? t("optionsManagedInvalid", eff.managed_error.message) : "");
  }

  /** The settings as typed: trimmed names, whole numbers (or null when empty). */
  function typedSettings() {
    const text = (id) => $(id).value.trim() || null;
    const num = (id) => ($(id).value.trim() === "" ? null : Number($(id).value));
    return {
      operator: text("operator"),
      department: text("department"),
      shift_hours: num("shift-hours"),
      window_days: num("window-days"),
      supervisor: text("supervisor"),
      team_target: num("team-target"),
    };
  }

  async function reload() {
    eff = await wicStore.effective();
    settings = (await chrome.storage.local.get("settings")).settings || {};
    render();
    await refreshHosts();
    await renderVerdicts();
  }

  $("save-profile").addEventListener("click", async () => {
    show("settings-error", "");
    show("profile-error", "");
    const typed = typedSettings();
    const bad = wasm_bindgen.validate_settings(JSON.stringify(typed));
    if (bad) {
      $("settings-error").dataset.field = bad.field;
      return show("settings-error", t(bad.message));
    }
    const locked = new Set(eff.locked);
    const next = { ...settings };
    for (const key of Object.keys(SETTINGS)) if (!locked.has(key)) next[key] = typed[key];
    const items = { settings: next };
    if (!managed()) {
      const json = $("profile-json").value;
      const error = wasm_bindgen.validate_profile(json);
      if (error) {
        $("profile-error").dataset.field = error.field;
        return show("profile-error", error.message);
      }
      // The built-in profile as is stays "built-in" (it follows the extension's updates).
      if (json.trim() === builtin.trim()) await chrome.storage.local.remove("profile");
      else items.profile = json;
    }
    await chrome.storage.local.set(items);
    await reload();
    flashSaved();
  });

  $("reset-profile").addEventListener("click", async () => {
    await chrome.storage.local.remove("profile");
    show("profile-error", "");
    await reload();
    $("profile-json").value = builtin;
    flashSaved();
  });

  // Import: read a file into the editor and check it; Save stores it.
  $("import-profile").addEventListener("click", () => $("import-file").click());
  $("import-file").addEventListener("change", async () => {
    const file = $("import-file").files[0];
    $("import-file").value = "";
    if (!file) return;
    show("import-note", "");
    let text;
    try {
      text = await file.text();
    } catch (e) {
      return show("profile-error", t("optionsImportFailed", String(e)));
    }
    $("profile-json").value = text;
    const error = wasm_bindgen.validate_profile(text);
    if (error) {
      $("profile-error").dataset.field = error.field;
      return show("profile-error", error.message);
    }
    show("profile-error", "");
    show("import-note", t("optionsImported"));
  });

  /** Points the download link `id` at `text` as a JSON file `name` (on its click, before it navigates). */
  const offerDownload = (id, text, name) => {
    if (exportUrls.has(id)) URL.revokeObjectURL(exportUrls.get(id));
    const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    exportUrls.set(id, url);
    $(id).href = url;
    $(id).download = name;
  };

  // Export: the editor's profile as a file download.
  $("export-profile").addEventListener("click", () => {
    const text = $("profile-json").value;
    let name = "wic-profile";
    try {
      name += "-" + String(JSON.parse(text).name || "").replace(/[^\w.-]+/g, "_");
    } catch (_) {}
    offerDownload("export-profile", text, `${name}.json`);
  });

  // The operator's verdicts on duplicate candidates, kept for the window (Rust prunes and counts).
  const verdicts = () => wasm_bindgen.verdicts_export(storedVerdicts, eff.profile, Date.now());
  async function renderVerdicts() {
    const stored = (await chrome.storage.local.get("verdicts")).verdicts;
    storedVerdicts = typeof stored === "string" ? stored : null;
    const v = verdicts();
    const section = document.querySelector('[data-wa-section="verdicts"]');
    section.dataset.waNotDuplicate = String(v.counts.not_duplicate);
    section.dataset.waDuplicate = String(v.counts.duplicate);
    $("verdict-counts").textContent = t("optionsVerdictsCounts", String(v.window_days), String(v.counts.not_duplicate), String(v.counts.duplicate));
  }
  $("export-verdicts").addEventListener("click", () => {
    offerDownload("export-verdicts", JSON.stringify(verdicts(), null, 2), "wic-verdicts.json");
  });

  // Sites of the profile beyond the built-in ones: asked for at run time (a click is a user gesture).
  async function refreshHosts() {
    let matches = [];
    try {
      const profile = JSON.parse(eff.profile);
      // The pages, and the other origins its sources read (a report server): asked for together.
      matches = [...(profile.matches || []), ...(profile.origins || [])];
    } catch (_) {}
    const declared = chrome.runtime.getManifest().host_permissions || [];
    const extra = matches.filter((p) => !declared.includes(p));
    missing = [];
    for (const p of extra) {
      if (!(await chrome.permissions.contains({ origins: [p] }).catch(() => false))) missing.push(p);
    }
    const section = document.querySelector('[data-wa-section="hosts"]');
    section.dataset.waMissing = missing.join(" ");
    $("grant-hosts").hidden = missing.length === 0;
    const granted = extra.filter((p) => !missing.includes(p));
    $("hosts-status").textContent = missing.length
      ? t("optionsHostsNeeded", missing.join(", "))
      : granted.length
        ? t("optionsHostsGranted", granted.join(", "))
        : t("optionsHostsAll");
  }

  $("grant-hosts").addEventListener("click", () => {
    const section = document.querySelector('[data-wa-section="hosts"]');
    const old = section.querySelector("[data-wa-error]");
    if (old) old.remove();
    section.dataset.waRequest = "pending";
    section.dataset.waRequested = missing.join(" ");
    chrome.permissions.request({ origins: missing }).then(
      async (granted) => {
        section.dataset.waRequest = granted ? "granted" : "denied";
        if (granted) {
          await registered();
        } else {
          const e = document.createElement("div");
          e.className = "error";
          e.dataset.waError = "hosts-denied";
          e.textContent = t("optionsHostsDenied");
          section.append(e);
        }
        await refreshHosts();
      },
      (e) => {
        section.dataset.waRequest = "failed";
        console.error("wic-assist: permission request failed:", e);
      },
    );
  });

  /** Has the background register the content script for the granted sites; notes which. */
  async function registered() {
    const r = await chrome.runtime.sendMessage({ type: "sync_content_scripts" });
    document.querySelector('[data-wa-section="hosts"]').dataset.waRegistered = ((r && r.granted) || []).join(" ");
  }

  // Access may also be granted elsewhere (the browser's site-access menu): follow it.
  chrome.permissions.onAdded.addListener(async () => {
    await registered();
    await refreshHosts();
  });

  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "managed" || "__test_managed" in changes) reload();
    else if (area === "local" && "verdicts" in changes) renderVerdicts();
  });

  render();
  await refreshHosts();
  await renderVerdicts();
  document.documentElement.dataset.waState = "ready";
})();
