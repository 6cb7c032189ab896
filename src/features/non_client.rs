//! The `non-client` section: registering a call that is not a client's question (knowledge 6053,
//! the seed's five cases) with one click: fills the knowledge field and the title. Must not know
//! selectors (profile), the reasons (wic-core), the other sections.

use super::{button, note, Feature, Spec};
use crate::app::Ctx;
use crate::dom::{attr, el, el_text, query};
use crate::forms;
use crate::i18n::{t, tr};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wic_core::non_client::{Reason, KNOWLEDGE_ID};

pub const SPEC: Spec = Spec {
    section: "non-client",
    title: Some("nonClientTitle"),
    messages: &[],
    make: super::new::<NonClient>,
};

/// No state: the page says whether 6053 is already linked.
#[derive(Default)]
pub struct NonClient;

impl Feature for NonClient {
    fn load(self: Rc<Self>, ctx: &Rc<Ctx>) {
        run(ctx);
    }
}

/// Shows the reason picker and the action.
fn run(ctx: &Rc<Ctx>) {
    let section = super::open(ctx, &SPEC);
    let Some(input) = ctx.profile.knowledge_input.clone() else {
        note(ctx, &section, &t("nonClientOff"));
        return;
    };
    if ctx
        .snapshot
        .borrow()
        .incident
        .knowledge
        .contains(&KNOWLEDGE_ID)
    {
        attr(
            &note(ctx, &section, &t("nonClientDone")),
            "data-wa-done",
            "",
        );
        return;
    }
    let doc = ctx.doc();
    let select = el(doc, "select");
    attr(&select, "data-wa-field", "non-client-reason");
    attr(&select, "aria-label", &t("nonClientReason"));
    for reason in Reason::all() {
        let option = el_text(doc, "option", reason.title_ru());
        attr(&option, "value", reason.code());
        let _ = select.append_child(&option);
    }
    let _ = section.append_child(&select);
    let ctx2 = ctx.clone();
    button(
        ctx,
        &section,
        "non-client",
        &tr("nonClientRegister", &[&KNOWLEDGE_ID.to_string()]),
        move || {
            let chosen = query(
                &ctx2.panel.existing(SPEC.section),
                "[data-wa-field=non-client-reason]",
            )
            .and_then(|s| s.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|s| s.value());
            let reason = Reason::all()
                .into_iter()
                .find(|r| Some(r.code()) == chosen.as_deref())
                .unwrap_or(Reason::all()[0]);
            register(&ctx2, &input, reason);
        },
    );
}

fn register(ctx: &Rc<Ctx>, input: &str, reason: Reason) {
    let doc = ctx.doc();
    let result = (|| {
        forms::fill(doc, input, &reason.knowledge().to_string())?;
        if let Some(submit) = &ctx.profile.knowledge_submit {
            forms::click(doc, submit)?;
        }
        if let Some(title) = crate::profile::css(&ctx.profile.fields.title) {
            forms::fill(doc, title, reason.title_ru())?;
        }
        Ok::<(), forms::FormError>(())
    })();
    let section = ctx.panel.existing(SPEC.section);
    match result {
        Ok(()) => {
            attr(
                &note(ctx, &section, &tr("nonClientFilled", &[reason.title_ru()])),
                "data-wa-done",
                "",
            );
        }
        Err(e) => {
            ctx.panel.error(
                &section,
                "non-client-form",
                &tr("formMissing", &[&e.to_string()]),
            );
        }
    }
}
