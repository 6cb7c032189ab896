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

// Keyboard shortcut: link the suggested call in the active tab's incident.
chrome.commands.onCommand.addListener(async (command, tab) => {
  if (command !== "link-suggested-call") return;
  const target = tab || (await chrome.tabs.query({ active: true, currentWindow: true }))[0];
  if (target && target.id !== undefined) {
    chrome.tabs.sendMessage(target.id, { type: "command_link_suggested" }).catch(() => {});
  }
});
