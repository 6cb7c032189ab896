// Offscreen document (Chromium): the background worker has no DOMParser, so it sends an HTML report
// here and Rust (`source_rows`, with this page's DOMParser) cuts it into the profile's raw rows.
// Answers one message type and ignores every other (those are the background's).
"use strict";
chrome.runtime.onMessage.addListener((msg, _sender, reply) => {
  if (!msg || msg.type !== "offscreen_source_rows") return false;
  wicStore
    .init()
    .then(() => reply({ rows: wasm_bindgen.source_rows(String(msg.html), String(msg.profile), String(msg.source)) }))
    .catch((e) => reply({ error: String(e) }));
  return true; // async reply
});
