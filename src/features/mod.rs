//! The panel's features and their one registry, `FEATURES` (DESIGN §8). A feature fills its own
//! section from the incident context and owns its state for one incident; the lifecycle (`app.rs`)
//! knows only this list: it derives the panel's sections, who runs on which event and where a runtime
//! message goes. Must not know: selectors or endpoints (the profile), business rules (wic-core), the
//! other features.
//!
//! Adding a section: one file with a `SPEC` and a `Feature`, one line in `FEATURES`, its locale keys
//! (`tests` below fails until all three agree).

mod calls;
mod draft;
mod duplicates;
mod non_client;
mod sms;
mod status;

use crate::app::Ctx;
use crate::message::{Kind, Message};
use std::rc::Rc;
use web_sys::Element;

/// What the registry knows of a feature.
pub struct Spec {
    /// Its panel section, `[data-wa-section=…]` (DESIGN §4).
    pub section: &'static str,
    /// The `_locales` key of the section's heading, if it has one.
    pub title: Option<&'static str>,
    /// Runtime messages (from the popup or the background) it answers.
    pub messages: &'static [Kind],
    /// Makes the feature's state for a freshly shown incident.
    pub make: fn() -> Rc<dyn Feature>,
}

/// Every feature, in display order.
pub const FEATURES: &[Spec] = &[
    status::SPEC,
    draft::SPEC,
    duplicates::SPEC,
    calls::SPEC,
    sms::SPEC,
    non_client::SPEC,
];

/// The panel's sections, in display order.
pub fn sections() -> impl Iterator<Item = &'static str> {
    FEATURES.iter().map(|f| f.section)
}

/// What a feature reacts to. One value lives per shown incident and is dropped with it.
pub trait Feature {
    /// The incident was shown (or shown again after navigation).
    fn load(self: Rc<Self>, ctx: &Rc<Ctx>);

    /// The operator changed a client field (INN-KPP, phone, e-mail, department).
    fn client_changed(self: Rc<Self>, ctx: &Rc<Ctx>) {
        let _ = ctx;
    }

    /// The page's DOM changed while the same incident is shown (a lazily filled table, say).
    fn page_changed(self: Rc<Self>, ctx: &Rc<Ctx>) {
        let _ = ctx;
    }

    /// A runtime message of one of the kinds its `Spec` lists; whether it acted on it.
    fn message(self: Rc<Self>, ctx: &Rc<Ctx>, msg: &Message) -> bool {
        let _ = (ctx, msg);
        false
    }
}

/// `Spec::make` for a feature whose state starts empty.
pub fn new<F: Feature + Default + 'static>() -> Rc<dyn Feature> {
    Rc::new(F::default())
}

/// The features of one incident, made from `FEATURES`.
pub struct Running(Vec<(&'static Spec, Rc<dyn Feature>)>);

impl Running {
    /// Fresh state for every feature.
    pub fn new() -> Running {
        Running(FEATURES.iter().map(|s| (s, (s.make)())).collect())
    }

    /// Every feature, for a freshly shown incident.
    pub fn load(&self, ctx: &Rc<Ctx>) {
        for (_, f) in &self.0 {
            f.clone().load(ctx);
        }
    }

    /// Every feature that depends on the client.
    pub fn client_changed(&self, ctx: &Rc<Ctx>) {
        for (_, f) in &self.0 {
            f.clone().client_changed(ctx);
        }
    }

    /// Every feature, after a DOM change that kept the incident.
    pub fn page_changed(&self, ctx: &Rc<Ctx>) {
        for (_, f) in &self.0 {
            f.clone().page_changed(ctx);
        }
    }

    /// Routes a runtime message to the feature that declares its kind; `None` when none does.
    pub fn message(&self, ctx: &Rc<Ctx>, msg: &Message) -> Option<bool> {
        let (_, f) = self
            .0
            .iter()
            .find(|(s, _)| s.messages.contains(&msg.kind))?;
        Some(f.clone().message(ctx, msg))
    }
}

impl Default for Running {
    fn default() -> Self {
        Running::new()
    }
}

/// The feature's section, emptied, shown and headed by its title.
pub fn open(ctx: &Ctx, spec: &Spec) -> Element {
    let section = ctx.panel.section(spec.section);
    if let Some(key) = spec.title {
        let h = crate::dom::el_text(ctx.doc(), "h3", &crate::i18n::t(key));
        let _ = section.append_child(&h);
    }
    section
}

/// An action button `[data-wa-action=action]` calling `on_click`; the listener lives as long as the
/// incident is shown.
pub fn button(
    ctx: &Ctx,
    parent: &Element,
    action: &str,
    label: &str,
    on_click: impl FnMut() + 'static,
) -> Element {
    let b = crate::dom::el_text(ctx.doc(), "button", label);
    crate::dom::attr(&b, "class", "action");
    crate::dom::attr(&b, "type", "button");
    crate::dom::attr(&b, "data-wa-action", action);
    let mut on_click = on_click;
    let listener = gloo_events::EventListener::new(&b, "click", move |_| on_click());
    ctx.handlers.borrow_mut().push(listener); // lives until the operator leaves this incident
    let _ = parent.append_child(&b);
    b
}

/// A muted line of text.
pub fn note(ctx: &Ctx, parent: &Element, text: &str) -> Element {
    let p = crate::dom::el_text(ctx.doc(), "p", text);
    crate::dom::attr(&p, "class", "note");
    let _ = parent.append_child(&p);
    p
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
