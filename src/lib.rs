//! wic-assist browser side (Rust → wasm): reads the page through the site profile, asks wic-core,
//! renders the panel. Every selector and endpoint comes from the profile; every rule from wic-core.

pub mod dom;
pub mod features;
pub mod i18n;
pub mod page;
pub mod panel;
pub mod profile;

use profile::Profile;
use wasm_bindgen::prelude::*;

/// Content-script entry, called by `extension/content.js` once the module is instantiated.
/// `stored_profile` is the profile JSON the operator or an administrator saved, if any.
#[wasm_bindgen]
pub fn start_content(stored_profile: Option<String>) {
    install_panic_hook();
    let Some(doc) = dom::document() else { return };
    let (profile, profile_error) = match stored_profile.as_deref().map(Profile::parse) {
        None => (Profile::builtin(), None),
        Some(Ok(p)) => (p, None),
        Some(Err(e)) => (Profile::builtin(), Some(e)),
    };
    if !page::is_incident_page(&doc, &profile) {
        return;
    }
    panel::set_state(&doc, "loading");
    let panel = match panel::Panel::mount(&doc) {
        Ok(p) => p,
        Err(_) => return panel::set_state(&doc, "error"),
    };
    if let Some(e) = profile_error {
        let status = panel.section("status");
        panel.error(&status, "profile-invalid", &e.to_string());
    }
    let snapshot = page::read(&doc, &profile);
    features::status::run(&panel, &profile, &snapshot);
    panel::set_state(&doc, "ready");
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
