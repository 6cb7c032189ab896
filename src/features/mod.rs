//! Panel features, one file each (DESIGN §8). Each fills its own section from the incident context;
//! this registry says which run on load and which again when the client fields change.

pub mod calls;
pub mod duplicates;
pub mod non_client;
pub mod sms;
pub mod status;

use crate::app::Ctx;
use std::rc::Rc;

/// Everything, for a freshly shown incident.
pub fn run_all(ctx: &Rc<Ctx>) {
    status::run(ctx);
    duplicates::run(ctx);
    calls::run(ctx);
    sms::run(ctx);
    non_client::run(ctx);
}

/// What depends on the client's INN-KPP, phone, e-mail or the department.
pub fn run_client(ctx: &Rc<Ctx>) {
    status::run(ctx);
    duplicates::run(ctx);
    calls::render(ctx);
    sms::run(ctx);
}

/// A section heading.
pub fn heading(ctx: &Ctx, section: &web_sys::Element, key: &str) {
    let _ = section.append_child(&crate::dom::el_text(ctx.doc(), "h3", &crate::i18n::t(key)));
}

/// An action button `[data-wa-action=action]` calling `on_click`.
pub fn button(
    ctx: &Ctx,
    parent: &web_sys::Element,
    action: &str,
    label: &str,
    on_click: impl FnMut() + 'static,
) -> web_sys::Element {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let b = crate::dom::el_text(ctx.doc(), "button", label);
    crate::dom::attr(&b, "class", "action");
    crate::dom::attr(&b, "type", "button");
    crate::dom::attr(&b, "data-wa-action", action);
    let cb = Closure::<dyn FnMut()>::new(on_click);
    let _ = b.add_event_listener_with_callback("click", cb.as_ref().unchecked_ref());
    ctx.handlers.borrow_mut().push(cb); // lives until the operator leaves this incident
    let _ = parent.append_child(&b);
    b
}

/// A muted line of text.
pub fn note(ctx: &Ctx, parent: &web_sys::Element, text: &str) -> web_sys::Element {
    let p = crate::dom::el_text(ctx.doc(), "p", text);
    crate::dom::attr(&p, "class", "note");
    let _ = parent.append_child(&p);
    p
}
