// Content-script loader: instantiates the Rust module (wasm, or its wasm2js translation when the
// page's CSP forbids WebAssembly) and hands over to Rust. All logic lives in Rust.
"use strict";
(async () => {
  const wasmAllowed = () => {
    try {
      new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
      return true;
    } catch (_) {
      return false;
    }
  };
  // The profile and settings in force come from storage: read while the module compiles.
  const areas = wicStore.areas();
  areas.catch(() => {}); // awaited below, where a failure is reported like any other
  try {
    const engine = wasmAllowed() ? "wasm" : "wasm2js";
    document.documentElement.dataset.waEngine = engine;
    if (engine === "wasm") {
      await wasm_bindgen({ module_or_path: chrome.runtime.getURL("wasm/wic_assist_bg.wasm") });
    } else {
      // The background injects the wasm2js build into this isolated world; it defines the factory.
      await chrome.runtime.sendMessage({ type: "content_needs_fallback" });
      const factory = globalThis.__wicAssistWasm2js;
      if (typeof factory !== "function") throw new Error("wasm2js fallback did not load");
      const instantiate = WebAssembly.instantiate;
      WebAssembly.instantiate = async (_bytes, imports) => ({ instance: { exports: factory(imports) }, module: null });
      try {
        await wasm_bindgen({ module_or_path: new ArrayBuffer(0) });
      } finally {
        WebAssembly.instantiate = instantiate;
      }
    }
    // The profile and settings in force: an administrator's policy, else the options, else built-in.
    wasm_bindgen.start_content(...(await areas).map((area) => JSON.stringify(area)));
    // The background remembers this site and its operator for the toolbar badge.
    chrome.runtime.sendMessage({ type: "content_started" }).catch(() => {});
  } catch (e) {
    document.documentElement.dataset.waState = "error";
    console.error("wic-assist failed to start:", e);
  }
})();
