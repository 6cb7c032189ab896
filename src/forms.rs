//! Fills the ticket site's own forms the way a person would: set the value, fire `input` and
//! `change`, click buttons. Knows no selector (callers pass the profile's) and never submits by itself.

use crate::dom::{query, query_all};
use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement,
    HtmlTextAreaElement,
};

/// Why a form could not be filled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    /// The profile's selector matched nothing on the page.
    #[error("{0}")]
    Missing(String),
    /// A `<select>` has no option with this value.
    #[error("{0}")]
    NoOption(String),
}

fn fire(el: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    if let Ok(e) = Event::new_with_event_init_dict(kind, &init) {
        let _ = el.dispatch_event(&e);
    }
}

/// Sets a text input, textarea or select to `value`, firing `input` and `change`.
pub fn fill(doc: &Document, selector: &str, value: &str) -> Result<Element, FormError> {
    let el = query(doc, selector).ok_or_else(|| FormError::Missing(selector.to_string()))?;
    if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.set_value(value);
    } else if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
        t.set_value(value);
    } else if let Some(s) = el.dyn_ref::<HtmlSelectElement>() {
        s.set_value(value);
        if s.value() != value {
            return Err(FormError::NoOption(format!("{selector} = {value}")));
        }
    } else {
        el.set_text_content(Some(value));
    }
    fire(&el, "input");
    fire(&el, "change");
    Ok(el)
}

/// Sets a checkbox, firing `input` and `change` when it changes.
pub fn check(doc: &Document, selector: &str, on: bool) -> Result<(), FormError> {
    let el = query(doc, selector).ok_or_else(|| FormError::Missing(selector.to_string()))?;
    let input = el
        .dyn_ref::<HtmlInputElement>()
        .ok_or_else(|| FormError::Missing(selector.to_string()))?;
    if input.checked() != on {
        input.set_checked(on);
        fire(&el, "input");
        fire(&el, "change");
    }
    Ok(())
}

/// Clicks the element, as the operator would.
pub fn click(doc: &Document, selector: &str) -> Result<(), FormError> {
    let el = query(doc, selector).ok_or_else(|| FormError::Missing(selector.to_string()))?;
    match el.dyn_ref::<HtmlElement>() {
        Some(h) => h.click(),
        None => fire(&el, "click"),
    }
    Ok(())
}

/// Whether the element is rendered (not `display: none` up the tree).
pub fn visible(doc: &Document, selector: &str) -> bool {
    query(doc, selector)
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .is_some_and(|h| h.offset_parent().is_some() || h.get_client_rects().length() > 0)
}

/// Whether any element matching `rows` mentions `needle` in its text or in an attribute value.
pub fn rows_mention(doc: &Document, rows: &str, needle: &str) -> bool {
    query_all(doc, rows).iter().any(|row| {
        row.text_content().is_some_and(|t| t.contains(needle))
            || row.get_attribute_names().iter().any(|name| {
                name.as_string()
                    .and_then(|n| row.get_attribute(&n))
                    .is_some_and(|v| v == needle)
            })
    })
}
