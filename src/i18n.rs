//! User-facing text from the extension's `_locales` (chrome.i18n); the key itself when unavailable.
//! Must not know which texts exist (the `_locales` files do) or where they are shown.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = ["chrome", "i18n"], js_name = getMessage)]
    fn get_message(key: &str, subs: &js_sys::Array) -> Result<JsValue, JsValue>;
}

/// The message `key` with `$1`… substituted by `subs`.
pub fn tr(key: &str, subs: &[&str]) -> String {
    let args: js_sys::Array = subs.iter().map(|s| JsValue::from_str(s)).collect();
    match get_message(key, &args).ok().and_then(|v| v.as_string()) {
        Some(s) if !s.is_empty() => s,
        _ => fallback(key, subs),
    }
}

/// The message `key` without substitutions.
pub fn t(key: &str) -> String {
    tr(key, &[])
}

/// Outside an extension (unit tests): the key and its arguments, so nothing is silently lost.
fn fallback(key: &str, subs: &[&str]) -> String {
    if subs.is_empty() {
        key.to_string()
    } else {
        format!("{key}: {}", subs.join(", "))
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = ["chrome", "i18n"], js_name = getUILanguage)]
    fn ui_language() -> Result<JsValue, JsValue>;
}

/// Whether the browser's UI language is Russian (the default where it cannot be told).
pub fn is_russian() -> bool {
    ui_language()
        .ok()
        .and_then(|v| v.as_string())
        .is_none_or(|l| l.starts_with("ru"))
}
