//! wic-assist browser side (Rust → wasm): reads the page through the site profile, asks wic-core,
//! renders the panel. Every selector and endpoint comes from the profile; every rule from wic-core.

pub mod app;
pub mod dom;
pub mod ext;
pub mod features;
pub mod forms;
pub mod i18n;
pub mod net;
pub mod page;
pub mod panel;
pub mod profile;
pub mod timer;

use profile::Profile;
use wasm_bindgen::prelude::*;

/// Content-script entry, called by `extension/content.js` once the module is instantiated.
/// `stored` is what chrome.storage.local holds: `{"profile": "<json>", "settings": {…}}` as JSON.
#[wasm_bindgen]
pub fn start_content(stored: Option<String>) {
    install_panic_hook();
    let Some(doc) = dom::document() else { return };
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct Stored {
        profile: Option<String>,
        settings: Option<app::Settings>,
    }
    let stored: Stored = stored.as_deref().and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default();
    let (profile, profile_error) = match stored.profile.as_deref().map(Profile::parse) {
        None => (Profile::builtin(), None),
        Some(Ok(p)) => (p, None),
        Some(Err(e)) => (Profile::builtin(), Some(e)),
    };
    if let Some(e) = profile_error {
        // The stored profile is broken: say so once, and work with the built-in one.
        web_sys::console::warn_1(&format!("wic-assist: {e}").into());
    }
    app::start(doc, profile, stored.settings.unwrap_or_default());
}

/// Reports a panic once, as `[data-wa-error="internal"]`, instead of failing silently.
fn install_panic_hook() {
    use std::sync::Once;
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
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

/// Options page: validates a profile; returns `null` when valid, else `{field, message}`.
#[wasm_bindgen]
pub fn validate_profile(json: &str) -> JsValue {
    match Profile::parse(json) {
        Ok(_) => JsValue::NULL,
        Err(e) => {
            let o = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&o, &"field".into(), &e.field.as_str().into());
            let _ = js_sys::Reflect::set(&o, &"message".into(), &e.to_string().into());
            o.into()
        }
    }
}

/// Options page: the built-in profile, pretty-printed.
#[wasm_bindgen]
pub fn builtin_profile() -> String {
    profile::BUILTIN_JSON.to_string()
}
