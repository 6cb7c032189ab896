//! The `draft` section: on the incident a new one was carried into («Продолжить в нём»), appends the
//! draft's text, marks the title as a repeat contact (wic-core's «(+1)») and says so. Hidden otherwise.
//! Must not know where the draft came from (the duplicates section writes it).

use super::{note, Feature, Spec};
use crate::app::Ctx;
use crate::dom::attr;
use crate::forms;
use crate::i18n::t;
use std::rc::Rc;
use wic_core::model::repeat_title;

pub const SPEC: Spec = Spec {
    section: "draft",
    title: None,
    messages: &[],
    make: super::new::<DraftSection>,
};

#[derive(Default)]
pub struct DraftSection;

impl Feature for DraftSection {
    fn load(self: Rc<Self>, ctx: &Rc<Ctx>) {
        let Some(id) = ctx.snapshot.borrow().incident.id else {
            return;
        };
        let ctx = ctx.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(draft) = crate::draft::take_for(id).await {
                if ctx.alive() {
                    apply(&ctx, &draft);
                }
            }
        });
    }
}

fn apply(ctx: &Ctx, draft: &crate::draft::Draft) {
    let fields = &ctx.profile.fields;
    let css = crate::profile::css;
    let doc = ctx.doc();
    let shown = ctx.snapshot.borrow().incident.clone();
    if let (Some(sel), Some(text)) = (
        css(&fields.description),
        draft
            .description
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty()),
    ) {
        let current = shown.description.clone().unwrap_or_default();
        if !current.contains(text) {
            let joined = if current.is_empty() {
                text.to_string()
            } else {
                format!("{current}\n\n{text}")
            };
            let _ = forms::fill(doc, sel, &joined);
        }
    }
    if let (Some(sel), Some(title)) = (css(&fields.title), repeat_title(&shown.title)) {
        let _ = forms::fill(doc, sel, &title);
    }
    if let (Some(sel), Some(contact), None) = (
        css(&fields.contact_name),
        &draft.contact_name,
        &shown.contact_name,
    ) {
        let _ = forms::fill(doc, sel, contact);
    }
    let section = super::open(ctx, &SPEC);
    attr(
        &note(ctx, &section, &t("dupDraftApplied")),
        "data-wa-draft-applied",
        "",
    );
}
