// Background service worker: small services the content script cannot do itself.
"use strict";

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  if (msg && msg.type === "content_needs_fallback" && sender.tab) {
    // Under a strict page CSP the content script cannot compile wasm: inject the wasm2js build into
    // the same isolated world (extension files are not subject to the page's CSP).
    chrome.scripting
      .executeScript({
        target: { tabId: sender.tab.id, frameIds: [sender.frameId ?? 0] },
        files: ["wasm/wic_assist_fallback.js"],
      })
      .then(() => reply({ ok: true }), (e) => reply({ ok: false, error: String(e) }));
    return true; // async reply
  }
  return false;
});
