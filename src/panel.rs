//! The panel: `div#wic-assist` with an open shadow root holding one element per section (DESIGN §4).
//! Builds nodes and sets textContent only; knows nothing of the features that fill it.

use crate::dom::{attr, el, el_text, query};
use crate::i18n::t;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, ShadowRoot, ShadowRootInit, ShadowRootMode};

const HOST_ID: &str = "wic-assist";
const CSS: &str = include_str!("../extension/panel.css");
/// chrome.storage.local key of the collapsed state ("true" | "false").
pub const COLLAPSED_KEY: &str = "panel_collapsed";

/// The mounted panel.
#[derive(Clone)]
pub struct Panel {
    doc: Document,
    body: Element,
    _toggle: std::rc::Rc<gloo_events::EventListener>,
}

impl Panel {
    /// Mounts a fresh panel with `sections` (in display order, each hidden until filled), replacing
    /// one left by an earlier run on this page; `collapsed` is the state the operator left it in
    /// (remembered in chrome.storage.local).
    pub fn mount<'a>(
        doc: &Document,
        sections: impl IntoIterator<Item = &'a str>,
        collapsed: bool,
    ) -> Result<Panel, JsValue> {
        if let Some(old) = doc.get_element_by_id(HOST_ID) {
            old.remove();
        }
        let host = el(doc, "div");
        host.set_id(HOST_ID);
        let root: ShadowRoot = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
        apply_css(doc, &root);
        let aside = el(doc, "aside");
        attr(
            &aside,
            "class",
            if collapsed {
                "panel collapsed"
            } else {
                "panel"
            },
        );
        let header = el(doc, "header");
        header.append_child(&el_text(doc, "span", &t("panelTitle")))?;
        let toggle = el_text(doc, "button", "–");
        attr(&toggle, "class", "toggle");
        attr(&toggle, "data-wa-action", "toggle");
        attr(&toggle, "title", &t("panelCollapse"));
        header.append_child(&toggle)?;
        let body = el(doc, "div");
        attr(&body, "class", "body");
        for name in sections {
            let section = el(doc, "section");
            attr(&section, "data-wa-section", name);
            attr(&section, "hidden", "");
            body.append_child(&section)?;
        }
        aside.append_child(&header)?;
        aside.append_child(&body)?;
        root.append_child(&aside)?;
        let on_toggle = {
            let aside = aside.clone();
            gloo_events::EventListener::new(&toggle, "click", move |_| {
                let collapsed = aside.class_list().toggle("collapsed").unwrap_or(false);
                wasm_bindgen_futures::spawn_local(async move {
                    crate::ext::set(COLLAPSED_KEY, if collapsed { "true" } else { "false" }).await;
                });
            })
        };
        doc.body()
            .ok_or_else(|| JsValue::from_str("no body"))?
            .append_child(&host)?;
        Ok(Panel {
            doc: doc.clone(),
            body,
            _toggle: std::rc::Rc::new(on_toggle),
        })
    }

    /// The document the panel lives in.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// The section `name` as it is (to find or add items without emptying it).
    pub fn existing(&self, name: &str) -> Element {
        query(&self.body, &format!("[data-wa-section=\"{name}\"]"))
            .expect("invariant: every registered section is created at mount")
    }

    /// The section `name`, emptied and shown.
    pub fn section(&self, name: &str) -> Element {
        let section = self.existing(name);
        section.set_text_content(None);
        let _ = section.remove_attribute("hidden");
        section
    }

    /// Hides the section `name`.
    pub fn hide(&self, name: &str) {
        let section = self.section(name);
        attr(&section, "hidden", "");
    }

    /// Appends an error or degraded-state notice `[data-wa-error=code]` to `parent`.
    pub fn error(&self, parent: &Element, code: &str, message: &str) -> Element {
        let e = el_text(&self.doc, "div", message);
        attr(&e, "class", "error");
        attr(&e, "role", "alert");
        attr(&e, "data-wa-error", code);
        let _ = parent.append_child(&e);
        e
    }
}

/// Publishes the panel's state for the current incident on `<html data-wa-state>`.
pub fn set_state(doc: &Document, state: &str) {
    if crate::panicked() && state != "error" {
        return;
    }
    if let Some(root) = doc.document_element() {
        attr(&root, "data-wa-state", state);
    }
}

/// Styles the shadow root with a constructed stylesheet (not subject to a page's style CSP), or a
/// `<style>` element where constructed sheets are missing.
fn apply_css(doc: &Document, root: &ShadowRoot) {
    if let Ok(sheet) = web_sys::CssStyleSheet::new() {
        if sheet.replace_sync(CSS).is_ok()
            && js_sys::Reflect::set(
                root,
                &"adoptedStyleSheets".into(),
                &js_sys::Array::of1(&sheet),
            )
            .is_ok()
        {
            return;
        }
    }
    let style = el_text(doc, "style", CSS);
    let _ = root.append_child(&style);
}
