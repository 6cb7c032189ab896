// Options page: the site profile and the operator's name. Validation is Rust's (wasm).
"use strict";
(async () => {
  const $ = (id) => document.getElementById(id);
  for (const el of document.querySelectorAll("[data-i18n]")) {
    const text = chrome.i18n.getMessage(el.dataset.i18n);
    if (text) el.textContent = text;
  }
  await wasm_bindgen({ module_or_path: chrome.runtime.getURL("wasm/wic_assist_bg.wasm") });
  const stored = await chrome.storage.local.get(["profile", "settings"]);
  const settings = stored.settings || {};
  $("profile-json").value = stored.profile || wasm_bindgen.builtin_profile();
  $("operator").value = settings.operator || "";
  const showError = (message) => {
    $("profile-error").textContent = message || "";
    $("profile-error").hidden = !message;
  };
  const flashSaved = () => {
    $("saved").hidden = false;
    setTimeout(() => ($("saved").hidden = true), 1500);
  };
  $("save-profile").addEventListener("click", async () => {
    const json = $("profile-json").value;
    const error = wasm_bindgen.validate_profile(json);
    if (error) {
      $("profile-error").dataset.field = error.field;
      return showError(error.message);
    }
    showError("");
    const operator = $("operator").value.trim();
    await chrome.storage.local.set({ profile: json, settings: { ...settings, operator: operator || null } });
    flashSaved();
  });
  $("reset-profile").addEventListener("click", async () => {
    await chrome.storage.local.remove("profile");
    $("profile-json").value = wasm_bindgen.builtin_profile();
    showError("");
    flashSaved();
  });
  document.documentElement.dataset.waState = "ready";
})();
