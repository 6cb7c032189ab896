//! Every runtime message between the extension's parts, as one type: `{"type": <kind>, …}` on the
//! wire, `Message` here. The JavaScript parts send the same kinds (`features/tests.rs` fails on a
//! kind they send that is not a `Kind`). Crosses to and from JS through serde-wasm-bindgen.
//! Must not know who answers a message: features declare their kinds (`features::Spec`).

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// What a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// content → background: inject the wasm2js build (the page's CSP forbids wasm).
    ContentNeedsFallback,
    /// content → background: the panel started on this site (the badge remembers it).
    ContentStarted,
    /// content → background: GET `url` (another origin) with the operator's cookies, `accept`.
    FetchText,
    /// content → background: a call was linked (the badge counts one fewer).
    CallLinked,
    /// popup → background: recount the badge now.
    RefreshBadge,
    /// options → background: the profile's sites changed; register the content scripts again.
    SyncContentScripts,
    /// background → offscreen document: cut an HTML report into rows.
    OffscreenSourceRows,
    /// background (keyboard command) → content: link the suggested call.
    CommandLinkSuggested,
    /// popup → content: link the call `call_id`.
    CommandLinkCall,
}

/// One message: its kind and the fields that kind carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    #[serde(rename = "type")]
    pub kind: Kind,
    /// `command_link_call`: the call to link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
    /// `fetch_text`: the address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `fetch_text`: the `Accept` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accept: Option<String>,
}

impl Message {
    /// A message of `kind` with no fields.
    pub fn new(kind: Kind) -> Message {
        Message {
            kind,
            call_id: None,
            url: None,
            accept: None,
        }
    }

    /// As a JS object.
    pub fn to_js(&self) -> JsValue {
        serde_wasm_bindgen::to_value(self).unwrap_or(JsValue::UNDEFINED)
    }

    /// Read from a JS object; `None` for anything that is not one of ours.
    pub fn from_js(value: JsValue) -> Option<Message> {
        serde_wasm_bindgen::from_value(value).ok()
    }
}

/// The background's answer to `fetch_text`: the response, or `error` (`timeout`, anything else).
/// `status` is read as the JS number it is: with an integer field here (serde-wasm-bindgen reads
/// integers as `f64 as i64`), binaryen 132's wasm2js emits invalid code for the strict-CSP build
/// ("i64 != i32: store value type must match").
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FetchReply {
    pub status: f64,
    pub redirected: bool,
    pub content_type: String,
    pub text: String,
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_wire_shape_is_the_js_one() {
        let fetch = Message {
            url: Some("https://r.example/x".into()),
            accept: Some("text/html".into()),
            ..Message::new(Kind::FetchText)
        };
        assert_eq!(
            serde_json::to_value(&fetch).unwrap(),
            json!({"type": "fetch_text", "url": "https://r.example/x", "accept": "text/html"})
        );
        assert_eq!(
            serde_json::to_value(Message::new(Kind::CallLinked)).unwrap(),
            json!({"type": "call_linked"})
        );
        let link: Message =
            serde_json::from_value(json!({"type": "command_link_call", "call_id": "77"})).unwrap();
        assert_eq!(
            (link.kind, link.call_id.as_deref()),
            (Kind::CommandLinkCall, Some("77"))
        );
        assert!(serde_json::from_value::<Message>(json!({"type": "nope"})).is_err());
        assert!(serde_json::from_value::<Message>(json!({"call_id": "1"})).is_err());
    }

    #[test]
    fn a_fetch_reply_reads_with_or_without_its_fields() {
        let ok: FetchReply = serde_json::from_value(json!({"status": 200, "redirected": false,
            "content_type": "text/html", "text": "<p>"}))
        .unwrap();
        assert_eq!(
            (ok.status, ok.text.as_str(), ok.error),
            (200.0, "<p>", None)
        );
        let err: FetchReply = serde_json::from_value(json!({"error": "timeout"})).unwrap();
        assert_eq!((err.status, err.error.as_deref()), (0.0, Some("timeout")));
    }
}
