//! The `status` section: the client's INN-KPP as wic-core parses it, or why it cannot be used, and
//! every field the profile promises that the page lacks. Must not know the other sections.

use super::{note, Feature, Spec};
use crate::app::Ctx;
use crate::dom::{attr, el_text};
use crate::i18n::{t, tr};
use std::rc::Rc;
use wic_core::inn::{parse_inn_kpp, InnKind};

pub const SPEC: Spec = Spec {
    section: "status",
    title: None,
    messages: &[],
    make: super::new::<Status>,
};

/// No state: everything comes from the page snapshot.
#[derive(Default)]
pub struct Status;

impl Feature for Status {
    fn load(self: Rc<Self>, ctx: &Rc<Ctx>) {
        fill(ctx);
    }

    fn client_changed(self: Rc<Self>, ctx: &Rc<Ctx>) {
        fill(ctx);
    }
}

fn fill(ctx: &Ctx) {
    let section = super::open(ctx, &SPEC);
    let panel = &ctx.panel;
    let snap = ctx.snapshot.borrow();
    // Values the page shows that the profile's field specs could not read.
    crate::sources::report_problems(ctx, &section, &snap.problems);
    for key in &snap.missing {
        panel.error(
            &section,
            "profile-field-missing",
            &tr("errProfileFieldMissing", &[key]),
        );
    }
    if ctx.profile.fields.inn_kpp.is_none() || snap.missing.contains(&"inn_kpp") {
        return;
    }
    let Some(raw) = snap.incident.inn_kpp.as_deref() else {
        note(ctx, &section, &t("statusNoInn"));
        return;
    };
    match parse_inn_kpp(raw) {
        Ok(id) => {
            let kind = match id.kind {
                InnKind::Legal => t("innKindLegal"),
                InnKind::Individual => t("innKindIndividual"),
            };
            let line = match &id.kpp {
                Some(kpp) => tr("statusInnKpp", &[&id.inn, kpp, &kind]),
                None => tr("statusInn", &[&id.inn, &kind]),
            };
            let p = el_text(ctx.doc(), "p", &line);
            attr(&p, "data-wa-inn", &id.inn);
            if let Some(kpp) = &id.kpp {
                attr(&p, "data-wa-kpp", kpp);
            }
            let _ = section.append_child(&p);
        }
        Err(e) => {
            panel.error(
                &section,
                "bad-inn",
                &tr("errBadInn", &[raw, &e.to_string()]),
            );
        }
    }
}
