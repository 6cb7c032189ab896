//! The few extension APIs the content script uses (chrome.storage.local, runtime messages), as
//! futures. Absent outside an extension (unit tests): calls fail softly.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local"], js_name = get)]
    fn storage_get(keys: &JsValue) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local"], js_name = set)]
    fn storage_set(items: &JsValue) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local"], js_name = remove)]
    fn storage_remove(keys: &JsValue) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "runtime", "onMessage"], js_name = addListener)]
    fn on_message_add(listener: &js_sys::Function) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "runtime", "onMessage"], js_name = removeListener)]
    fn on_message_remove(listener: &js_sys::Function) -> Result<(), JsValue>;
}

/// Reads one key of chrome.storage.local as a JSON string (values are stored as JSON text).
pub async fn get(key: &str) -> Option<String> {
    let promise = storage_get(&JsValue::from_str(key)).ok()?;
    let items = JsFuture::from(promise).await.ok()?;
    js_sys::Reflect::get(&items, &JsValue::from_str(key)).ok()?.as_string()
}

/// Writes one key of chrome.storage.local.
pub async fn set(key: &str, value: &str) -> bool {
    let items = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&items, &JsValue::from_str(key), &JsValue::from_str(value));
    match storage_set(&items) {
        Ok(p) => JsFuture::from(p).await.is_ok(),
        Err(_) => false,
    }
}

/// Removes one key of chrome.storage.local.
pub async fn remove(key: &str) {
    if let Ok(p) = storage_remove(&JsValue::from_str(key)) {
        let _ = JsFuture::from(p).await;
    }
}

/// Listens to messages from the background (e.g. keyboard commands); returns the listener to keep.
pub fn on_message(f: impl FnMut(JsValue) + 'static) -> Option<Closure<dyn FnMut(JsValue)>> {
    let closure = Closure::<dyn FnMut(JsValue)>::new(f);
    on_message_add(closure.as_ref().unchecked_ref()).ok()?;
    Some(closure)
}

/// Stops listening.
pub fn off_message(listener: &Closure<dyn FnMut(JsValue)>) {
    let _ = on_message_remove(listener.as_ref().unchecked_ref());
}

use wasm_bindgen::JsCast;
