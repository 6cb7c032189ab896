//! The content script's wasm export: the storage areas in, the panel started (`app`). Built into
//! the content script's module (`wic_assist`, feature `content`), never into the pages'.
//! Must not know the features: `app` runs them.

use crate::profile::Profile;
use crate::{app, dom, ext, i18n, panel, settings, PANICKED};
use std::sync::atomic::Ordering;
use wasm_bindgen::prelude::*;

/// Content-script entry, called by `extension/content.js` once the module is instantiated, with the
/// storage areas as JSON text: chrome.storage.managed (the policy) and chrome.storage.local's
/// `profile` and `settings`. What is in force is decided here, as for the pages
/// ([`settings::effective`]). Text, not `JsValue`s through serde-wasm-bindgen: its `deserialize_any`
/// (which `serde_json::Value` needs) does not survive binaryen's wasm2js, the strict-CSP fallback
/// (docs/BENCHMARKS.md).
#[wasm_bindgen]
pub fn start_content(managed_json: &str, local_json: &str) {
    install_panic_hook();
    let Some(doc) = dom::document() else { return };
    // Whether the operator left the panel collapsed: read while the profile is parsed.
    let collapsed = ext::Read::start(panel::COLLAPSED_KEY);
    let area = |s: &str| serde_json::from_str(s).unwrap_or(serde_json::Value::Null);
    let in_force = settings::effective(&area(managed_json), &area(local_json));
    let profile = Profile::parse(&in_force.profile).unwrap_or_else(|e| {
        // The profile in force is broken: say so once, and work with the built-in one.
        web_sys::console::warn_1(&format!("wic-assist: {e}").into());
        Profile::builtin()
    });
    let settings = in_force.settings;
    wasm_bindgen_futures::spawn_local(async move {
        let collapsed = collapsed.value().await.as_deref() == Some("true");
        app::start(doc, profile, settings, collapsed);
    });
}

/// Reports a panic once, as `[data-wa-error="internal"]`, instead of failing silently.
fn install_panic_hook() {
    use std::sync::Once;
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            PANICKED.store(true, Ordering::Relaxed);
            web_sys::console::error_1(&format!("wic-assist: {info}").into());
            let Some(doc) = dom::document() else { return };
            let host = doc.get_element_by_id("wic-assist");
            let root = host.and_then(|h| h.shadow_root());
            if let Some(root) = root {
                if dom::query(&root, "[data-wa-error=\"internal\"]").is_none() {
                    let e = dom::el_text(&doc, "div", &i18n::t("errInternal"));
                    dom::attr(&e, "data-wa-error", "internal");
                    dom::attr(&e, "class", "error");
                    let _ = root.append_child(&e);
                }
            }
            panel::set_state(&doc, "error");
        }));
    });
}
