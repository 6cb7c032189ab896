//! Small DOM helpers over web-sys: query, read a field's value, build text-only nodes.
//! Knows no selector of its own and never parses text as HTML.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

/// The current document.
pub fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// First match of `selector` under `root`; a selector the browser rejects counts as no match.
pub fn query(root: &impl AsRef<web_sys::Node>, selector: &str) -> Option<Element> {
    let node: &web_sys::Node = root.as_ref();
    if let Some(doc) = node.dyn_ref::<Document>() {
        return doc.query_selector(selector).ok().flatten();
    }
    if let Some(el) = node.dyn_ref::<Element>() {
        return el.query_selector(selector).ok().flatten();
    }
    if let Some(frag) = node.dyn_ref::<web_sys::DocumentFragment>() {
        return frag.query_selector(selector).ok().flatten();
    }
    None
}

/// Every match of `selector` under `root`.
pub fn query_all(root: &impl AsRef<web_sys::Node>, selector: &str) -> Vec<Element> {
    let node: &web_sys::Node = root.as_ref();
    let list = if let Some(doc) = node.dyn_ref::<Document>() {
        doc.query_selector_all(selector).ok()
    } else if let Some(el) = node.dyn_ref::<Element>() {
        el.query_selector_all(selector).ok()
    } else {
        None
    };
    let Some(list) = list else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.item(i).and_then(|n| n.dyn_into::<Element>().ok()))
        .collect()
}

/// A field's text: `value` for form controls, `textContent` otherwise; trimmed.
pub fn read_value(el: &Element) -> String {
    let raw = if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.value()
    } else if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
        t.value()
    } else if let Some(s) = el.dyn_ref::<HtmlSelectElement>() {
        s.value()
    } else {
        el.text_content().unwrap_or_default()
    };
    raw.trim().to_string()
}

/// Creates `<tag>` whose only content is `text`, set as textContent (never HTML).
pub fn el_text(doc: &Document, tag: &str, text: &str) -> Element {
    let el = el(doc, tag);
    el.set_text_content(Some(text));
    el
}

/// Creates an empty `<tag>`.
pub fn el(doc: &Document, tag: &str) -> Element {
    doc.create_element(tag)
        .expect("invariant: a valid tag name")
}

/// Sets an attribute, ignoring the (impossible for our names) error.
pub fn attr(el: &Element, name: &str, value: &str) {
    let _ = el.set_attribute(name, value);
}
