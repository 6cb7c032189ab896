//! The few extension APIs the content script uses (chrome.storage.local, runtime messages), as
//! futures. Absent outside an extension (unit tests): calls fail softly.
//! Must not know what is stored or sent: callers name the keys and messages (`message::Message`).

use crate::message::{Kind, Message};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
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
    #[wasm_bindgen(catch, js_namespace = ["chrome", "runtime"], js_name = sendMessage)]
    fn send_message_js(message: &JsValue) -> Result<js_sys::Promise, JsValue>;
}

/// A message handler: the message, and the function that answers it.
pub type Handler = Closure<dyn FnMut(JsValue, JsValue, js_sys::Function)>;

/// Tells the background something; no answer is awaited, a missing listener is fine.
pub fn notify(kind: Kind) {
    if let Ok(p) = send_message_js(&Message::new(kind).to_js()) {
        // A rejection ("no receiving end") is fine: awaiting it here keeps it from going unhandled.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(p).await;
        });
    }
}

/// Asks the background something and waits for its answer; `None` when nothing answers.
pub async fn request(message: &Message) -> Option<JsValue> {
    let answer = JsFuture::from(send_message_js(&message.to_js()).ok()?)
        .await
        .ok()?;
    (!answer.is_undefined() && !answer.is_null()).then_some(answer)
}

/// Reads one key of chrome.storage.local as a JSON string (values are stored as JSON text).
pub async fn get(key: &str) -> Option<String> {
    Read::start(key).value().await
}

/// A read of one key of chrome.storage.local that starts when it is made, so that it runs while
/// the caller awaits something else (a request), and is awaited after.
pub struct Read {
    promise: Option<js_sys::Promise>,
    key: JsValue,
}

impl Read {
    /// Starts reading `key`.
    pub fn start(key: &str) -> Read {
        let key = JsValue::from_str(key);
        Read {
            promise: storage_get(&key).ok(),
            key,
        }
    }

    /// The value read (as [`get`]).
    pub async fn value(self) -> Option<String> {
        let items = JsFuture::from(self.promise?).await.ok()?;
        js_sys::Reflect::get(&items, &self.key).ok()?.as_string()
    }
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

/// Listens to messages from other extension parts (keyboard command, popup); `f` gets each message
/// of ours and returns the answer, if any. Returns the listener to keep.
pub fn on_message(mut f: impl FnMut(Message) -> Option<JsValue> + 'static) -> Option<Handler> {
    let closure = Handler::new(move |msg, _sender, reply: js_sys::Function| {
        if let Some(answer) = Message::from_js(msg).and_then(&mut f) {
            let _ = reply.call1(&JsValue::NULL, &answer);
        }
    });
    on_message_add(closure.as_ref().unchecked_ref()).ok()?;
    Some(closure)
}
